/*
 * text.c - Vietnamese text (see text.h).
 *
 * ICU does the hard parts: NFC/NFD (unorm2), case mapping, the "vi"
 * collation (ucol) and legacy code pages (ucnv).  Folding for search, which
 * runs for every name stored or searched, is table-driven: text_init()
 * computes the fold of every code point of U+0000..U+036F (ASCII, Latin-1,
 * Latin Extended-A/B, IPA, spacing modifiers, combining diacritics) and
 * U+1E00..U+1EFF (Latin Extended Additional, where the precomposed
 * Vietnamese letters with tone marks live) from ICU primitives, and
 * text_fold() then only looks bytes up.  A word holding anything else is
 * folded whole through the same ICU primitives at run time.
 * text_fold_icu() is an independent reference built on ICU's
 * transliterator; the unit tests compare the two on every code point.
 *
 * Threads: the fold table is written once by text_init() and only read
 * afterwards.  A UCollator must not be used by two threads at once, so each
 * thread gets its own clone of a master collator, kept in thread-specific
 * data and closed when the thread exits.  The transliterator (tests only)
 * is guarded by a mutex.
 */
#include "util/text.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include "util/err.h"
#include "util/sb.h"

#include "util/banned.h"

/* The code points the fold table covers. */
#define FOLD_LO_END 0x0370   /* U+0000..U+036F */
#define FOLD_HI_START 0x1E00 /* U+1E00..U+1EFF */
#define FOLD_HI_END 0x1F00

#define FOLD_SPACE 0x01 /* white space: collapses */
#define FOLD_SLOW 0x02  /* fold too long for the entry */

/*
 * The fold of one code point: len UTF-8 bytes in b (len 0: folds away).
 * Eight bytes, b first: text_fold copies a whole entry with one 8-byte move
 * and then advances by len.
 */
struct fold_entry {
	char b[6];
	unsigned char len;
	unsigned char flags;
};

static struct fold_entry fold_lo[FOLD_LO_END];
static struct fold_entry fold_hi[FOLD_HI_END - FOLD_HI_START];

/* The reference fold of text_fold_icu(). */
static const char fold_trans_id[] =
    "NFD; [:Nonspacing Mark:] Remove; Lower; NFC";

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool ready; /* set (release) once init is done */
static UCollator *master; /* "vi"; only cloned, never used */
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t coll_key; /* this thread's clone of master */
static int key_rc;

static pthread_mutex_t trans_lock = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *trans; /* under trans_lock */

/* ---------------------------------------------------------------- UTF-8 */

/*
 * Decodes the code point at s[*i] of s[0..len) and advances *i past it.
 * Returns the code point, or -1 if the sequence is not well-formed UTF-8
 * (truncated, overlong, a surrogate, above U+10FFFF).
 */
static int32_t
utf8_next(const unsigned char *s, size_t len, size_t *i)
{
	size_t p = *i, n, k;
	uint32_t c = s[p], min;

	if (c < 0x80) {
		*i = p + 1;
		return (int32_t)c;
	}
	if (c < 0xC2)
		return -1;
	if (c < 0xE0) {
		n = 1;
		c &= 0x1F;
		min = 0x80;
	} else if (c < 0xF0) {
		n = 2;
		c &= 0x0F;
		min = 0x800;
	} else if (c < 0xF5) {
		n = 3;
		c &= 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if (len - p - 1 < n)
		return -1;
	for (k = 1; k <= n; k++) {
		if ((s[p + k] & 0xC0) != 0x80)
			return -1;
		c = c << 6 | (s[p + k] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*i = p + 1 + n;
	return (int32_t)c;
}

size_t
text_utf8_scrub(const char *in, size_t len, struct sb *out)
{
	static const char fffd[] = "\xEF\xBF\xBD";
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, bad = 0, start = 0;

	while (i < len) {
		size_t at = i;

		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (utf8_next(s, len, &i) >= 0)
			continue;
		sb_addn(out, in + start, at - start);
		sb_addn(out, fffd, 3);
		bad++;
		i = at + 1;
		start = i;
	}
	sb_addn(out, in + start, len - start);
	return bad;
}

size_t
text_utf8_put(uint32_t cp, unsigned char out[4])
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | cp >> 6);
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | cp >> 12);
		out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (unsigned char)(0xF0 | cp >> 18);
	out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* White space that collapses: ASCII TAB..CR and space, and every other
 * code point with the Unicode White_Space property (U+00A0, U+3000...). */
static bool
is_space(int32_t c)
{
	if (c < 0x80)
		return c == ' ' || (c >= 0x09 && c <= 0x0D);
	return u_isUWhiteSpace(c);
}

bool
text_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	int32_t c;

	if (s == NULL)
		return false;
	while (i < len) {
		if (s[i] >= 0x20 && s[i] < 0x7F) {
			i++;
			continue;
		}
		if ((c = utf8_next(s, len, &i)) < 0)
			return false;
		if (c == 0x7F ||
		    (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
			return false;
	}
	return true;
}

bool
text_utf8_wellformed(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	if (s == NULL)
		return false;
	while (i < len) {
		if (s[i] < 0x80)
			i++;
		else if (utf8_next(s, len, &i) < 0)
			return false;
	}
	return true;
}

bool
text_is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C ||
	    c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
	    (c >= 0x2066 && c <= 0x2069);
}

bool
text_find_control(const char *str, size_t len, bool allow_space_controls,
    uint32_t *ret_cp, size_t *ret_pos)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, pos = 0;
	int32_t c;

	while (i < len) {
		pos++;
		if (s[i] >= 0x20 && s[i] < 0x7F) {
			i++;
			continue;
		}
		if ((c = utf8_next(s, len, &i)) < 0) {
			i++;
			continue;
		}
		if (allow_space_controls &&
		    (c == '\t' || c == '\n' || c == '\r'))
			continue;
		if (text_is_control((uint32_t)c)) {
			*ret_cp = (uint32_t)c;
			*ret_pos = pos;
			return true;
		}
	}
	return false;
}

size_t
text_utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/*
 * Copies valid UTF-8 s[0..len) to a new malloc'd string with surrounding
 * white space removed and each inner run of white space replaced by one
 * ASCII space.  The result is never longer than the input.  NULL on OOM.
 */
static char *
collapse_space(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, start, o = 0;
	bool pending = false;
	int32_t c;
	char *out;

	if ((out = malloc(len + 1)) == NULL)
		return NULL;
	while (i < len) {
		start = i;
		if ((c = utf8_next(s, len, &i)) < 0) {
			/* Not reached for valid input; copy the byte. */
			i = start + 1;
			c = 0;
		}
		if (c != 0 && is_space(c)) {
			pending = o > 0;
			continue;
		}
		if (pending)
			out[o++] = ' ';
		pending = false;
		memcpy(out + o, str + start, i - start);
		o += i - start;
	}
	out[o] = '\0';
	return out;
}

/* --------------------------------------------------------------- UTF-16 */

/*
 * Converts UTF-8 s[0..len) to a malloc'd, NUL-terminated UTF-16 string in
 * *ret (caller frees), its length in *ret_n.  Returns 0, -CB_EINVAL for
 * malformed UTF-8, -CB_ETOOBIG or -CB_ENOMEM.
 */
static int
u16_from_utf8(const char *s, size_t len, UChar **ret, int32_t *ret_n)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0;
	UChar *u;

	if (len >= INT32_MAX / 2)
		return -CB_ETOOBIG;
	/* One UTF-16 unit per UTF-8 byte at most. */
	if ((u = malloc((len + 1) * sizeof(*u))) == NULL)
		return -CB_ENOMEM;
	u_strFromUTF8(u, (int32_t)len + 1, &n, s, (int32_t)len, &st);
	if (U_FAILURE(st)) {
		free(u);
		return st == U_MEMORY_ALLOCATION_ERROR ?
		    -CB_ENOMEM :
		    -CB_EINVAL;
	}
	u[n] = 0;
	*ret = u;
	*ret_n = n;
	return 0;
}

/*
 * Converts UTF-16 u[0..n) to a malloc'd NUL-terminated UTF-8 string in *ret
 * (caller frees), its byte length in *ret_len.  0, -CB_EINVAL (unpaired
 * surrogate) or -CB_ENOMEM.
 */
static int
u16_to_utf8(const UChar *u, int32_t n, char **ret, size_t *ret_len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t m = 0;
	char *s;

	/* Three UTF-8 bytes per UTF-16 unit at most. */
	if (n > (INT32_MAX - 1) / 3)
		return -CB_ETOOBIG;
	if ((s = malloc((size_t)n * 3 + 1)) == NULL)
		return -CB_ENOMEM;
	u_strToUTF8(s, n * 3 + 1, &m, u, n, &st);
	if (U_FAILURE(st)) {
		free(s);
		return st == U_MEMORY_ALLOCATION_ERROR ?
		    -CB_ENOMEM :
		    -CB_EINVAL;
	}
	s[m] = '\0';
	*ret = s;
	if (ret_len != NULL)
		*ret_len = (size_t)m;
	return 0;
}

/* The UTF-16 transformations u16_apply() knows. */
enum u16_op { U16_NFC, U16_NFD, U16_LOWER };

/*
 * Applies op to u[0..n) into a new malloc'd buffer *ret (caller frees) of
 * *ret_n units.  0, -CB_ENOMEM or -CB_EINVAL (ICU failure).
 */
static int
u16_apply(enum u16_op op, const UChar *u, int32_t n, UChar **ret,
    int32_t *ret_n)
{
	const UNormalizer2 *nz = NULL;
	UErrorCode st = U_ZERO_ERROR;
	int32_t cap, m = 0;
	UChar *d;
	int tries;

	if (op == U16_NFC)
		nz = unorm2_getNFCInstance(&st);
	else if (op == U16_NFD)
		nz = unorm2_getNFDInstance(&st);
	if (U_FAILURE(st))
		return -CB_EINVAL;
	if (n > INT32_MAX / 4)
		return -CB_ETOOBIG;
	cap = n + n / 2 + 8;
	for (tries = 0; tries < 2; tries++) {
		if ((d = malloc(((size_t)cap + 1) * sizeof(*d))) == NULL)
			return -CB_ENOMEM;
		st = U_ZERO_ERROR;
		if (op == U16_LOWER)
			m = u_strToLower(d, cap, u, n, "", &st);
		else
			m = unorm2_normalize(nz, u, n, d, cap, &st);
		if (st == U_BUFFER_OVERFLOW_ERROR && tries == 0 &&
		    m < INT32_MAX - 1) {
			free(d);
			cap = m;
			continue;
		}
		if (U_FAILURE(st) || m > cap) {
			free(d);
			return st == U_MEMORY_ALLOCATION_ERROR ?
			    -CB_ENOMEM :
			    -CB_EINVAL;
		}
		d[m] = 0;
		*ret = d;
		*ret_n = m;
		return 0;
	}
	return -CB_EINVAL;
}

/*
 * NFC of valid UTF-8 s[0..len) as malloc'd UTF-8 in *ret (caller frees),
 * its length in *ret_len.  0 or -CB_E*.
 */
static int
nfc_utf8(const char *s, size_t len, char **ret, size_t *ret_len)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
	UChar *u = NULL, *v = NULL;
	int32_t n, m;
	int rc;

	if (U_FAILURE(st))
		return -CB_EINVAL;
	if ((rc = u16_from_utf8(s, len, &u, &n)) != 0)
		return rc;
	if (unorm2_isNormalized(nfc, u, n, &st) && U_SUCCESS(st)) {
		free(u);
		if ((*ret = malloc(len + 1)) == NULL)
			return -CB_ENOMEM;
		memcpy(*ret, s, len);
		(*ret)[len] = '\0';
		*ret_len = len;
		return 0;
	}
	rc = u16_apply(U16_NFC, u, n, &v, &m);
	free(u);
	if (rc != 0)
		return rc;
	rc = u16_to_utf8(v, m, ret, ret_len);
	free(v);
	return rc;
}

static bool
all_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

char *
text_clean(const char *s)
{
	size_t len, nlen;
	char *nfc, *out;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	if (!text_utf8_wellformed(s, len))
		return NULL;
	if (all_ascii(s, len))
		return collapse_space(s, len);
	if (nfc_utf8(s, len, &nfc, &nlen) != 0)
		return NULL;
	out = collapse_space(nfc, nlen);
	free(nfc);
	return out;
}

/* ------------------------------------------------------------- folding */

/*
 * Folds UTF-16 u[0..n) from ICU primitives: NFD, drop nonspacing marks
 * (gc=Mn), full lower case (root locale), NFC, and đ -> d.  The result is
 * malloc'd UTF-16 in *ret (caller frees).  0 or -CB_E*.  This is how the
 * fold table is built and how words with code points outside it are
 * folded.
 */
static int
fold_u16(const UChar *u, int32_t n, UChar **ret, int32_t *ret_n)
{
	UChar *d = NULL, *l = NULL, *c = NULL;
	int32_t dn, ln, cn, i = 0, o = 0;
	UChar32 ch;
	int rc;

	if ((rc = u16_apply(U16_NFD, u, n, &d, &dn)) != 0)
		return rc;
	/* Remove marks in place: the output never outgrows the input. */
	while (i < dn) {
		int32_t start = i;

		U16_NEXT(d, i, dn, ch);
		if (u_charType(ch) == U_NON_SPACING_MARK)
			continue;
		while (start < i)
			d[o++] = d[start++];
	}
	dn = o;
	rc = u16_apply(U16_LOWER, d, dn, &l, &ln);
	free(d);
	if (rc != 0)
		return rc;
	rc = u16_apply(U16_NFC, l, ln, &c, &cn);
	free(l);
	if (rc != 0)
		return rc;
	for (i = 0; i < cn; i++)
		if (c[i] == 0x0110 || c[i] == 0x0111)
			c[i] = 'd';
	*ret = c;
	*ret_n = cn;
	return 0;
}

/*
 * Folds valid UTF-8 s[0..len) with fold_u16 into a malloc'd UTF-8 string
 * *ret (caller frees) of *ret_len bytes.  0 or -CB_E*.
 */
static int
fold_utf8_slow(const char *s, size_t len, char **ret, size_t *ret_len)
{
	UChar *u, *f;
	int32_t n, fn;
	int rc;

	if ((rc = u16_from_utf8(s, len, &u, &n)) != 0)
		return rc;
	rc = fold_u16(u, n, &f, &fn);
	free(u);
	if (rc != 0)
		return rc;
	rc = u16_to_utf8(f, fn, ret, ret_len);
	free(f);
	return rc;
}

/* Fills one table entry with the fold of code point c. */
static int
fold_entry_build(struct fold_entry *e, UChar32 c)
{
	UChar u[2], *f;
	int32_t n = 0, fn;
	UBool bad = false;
	char *b;
	size_t blen;
	int rc;

	memset(e, 0, sizeof(*e));
	if (is_space(c)) {
		e->flags = FOLD_SPACE;
		return 0;
	}
	U16_APPEND(u, n, 2, c, bad);
	if (bad)
		return -CB_EINVAL;
	if ((rc = fold_u16(u, n, &f, &fn)) != 0)
		return rc;
	rc = u16_to_utf8(f, fn, &b, &blen);
	free(f);
	if (rc != 0)
		return rc;
	if (blen > sizeof(e->b)) {
		e->flags = FOLD_SLOW;
	} else {
		memcpy(e->b, b, blen);
		e->len = (unsigned char)blen;
	}
	free(b);
	return 0;
}

static int
fold_table_build(void)
{
	UChar32 c;
	int rc;

	for (c = 0; c < FOLD_LO_END; c++)
		if ((rc = fold_entry_build(&fold_lo[c], c)) != 0)
			return rc;
	for (c = FOLD_HI_START; c < FOLD_HI_END; c++)
		if ((rc = fold_entry_build(&fold_hi[c - FOLD_HI_START], c)) !=
		    0)
			return rc;
	return 0;
}

/* The output of text_fold: a growing buffer, a pending space. */
struct fold_out {
	char *p;
	size_t len;
	size_t cap; /* always >= len + FOLD_SLACK after fold_room */
	bool pending;
};

/* Room fold_out keeps free: a space, one whole entry and the NUL. */
#define FOLD_SLACK (1 + sizeof(struct fold_entry) + 1)

/* Makes room for n more bytes plus the slack; 0 or -CB_ENOMEM. */
static int
fold_room(struct fold_out *o, size_t n)
{
	size_t ncap;
	char *np;

	if (o->len + n + FOLD_SLACK <= o->cap)
		return 0;
	ncap = o->cap * 2 + n + FOLD_SLACK;
	if ((np = realloc(o->p, ncap)) == NULL)
		return -CB_ENOMEM;
	o->p = np;
	o->cap = ncap;
	return 0;
}

/* Appends n > 0 bytes, preceded by the pending space if any. */
static int
fold_emit(struct fold_out *o, const char *b, size_t n)
{
	if (fold_room(o, n) != 0)
		return -CB_ENOMEM;
	if (o->pending)
		o->p[o->len++] = ' ';
	o->pending = false;
	memcpy(o->p + o->len, b, n);
	o->len += n;
	return 0;
}

/*
 * Folds the word (the code points up to the next white space or the end)
 * that starts at s[*i] with fold_u16, appends it to o and advances *i past
 * it.  A whole word, because case mapping looks at neighbours (Greek final
 * sigma) and NFC composes them (conjoining jamo); white space stops both,
 * so folding word by word is folding the whole string.
 */
static int
fold_word(const unsigned char *s, size_t len, size_t *i, struct fold_out *o)
{
	size_t start = *i, j = start, k;
	char *f;
	size_t flen;
	int32_t c;
	int rc;

	while (j < len) {
		k = j;
		if ((c = utf8_next(s, len, &k)) < 0)
			return -CB_EINVAL;
		if (is_space(c))
			break;
		j = k;
	}
	if ((rc = fold_utf8_slow((const char *)s + start, j - start, &f,
	         &flen)) != 0)
		return rc;
	rc = flen ? fold_emit(o, f, flen) : 0;
	free(f);
	*i = j;
	return rc;
}

static int ensure_init(void);

/*
 * Table-driven fold (see text.h).  ASCII and the table's code points cost
 * a lookup and a fixed-size copy.  A word with a code point outside the
 * table (or too long for its entry) is folded again as a whole by
 * fold_word (ICU), replacing what the table gave for its start.  Returns
 * malloc'd UTF-8 (caller frees) or NULL on OOM or malformed UTF-8.  Reads
 * only the table after text_init().
 *
 * The hot loop keeps the output in locals (out, olen, cap, pending) so the
 * compiler can hold them in registers; they go through struct fold_out
 * only around the rare calls that grow the buffer or fold a word.
 */
char *
text_fold(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	const struct fold_entry *e;
	struct fold_entry fe;
	struct fold_out o;
	size_t len, i = 0, pos, olen = 0, cap;
	size_t word_in = 0, word_out = 0; /* where the word began */
	bool pending = false, word_pending = false;
	uint32_t c;
	char *out;
	int rc;

	if (str == NULL || ensure_init() != 0)
		return NULL;
	len = strlen(str);
	cap = len + FOLD_SLACK + 8;
	if ((out = malloc(cap)) == NULL)
		return NULL;
#define FOLD_SYNC_OUT() \
	(o.p = out, o.len = olen, o.cap = cap, o.pending = pending)
#define FOLD_SYNC_IN() \
	(out = o.p, olen = o.len, cap = o.cap, pending = o.pending)
	while (i < len) {
		c = s[i];
		/* Decode inline the forms of the table: ASCII, two-byte
		 * U+0080..U+036F and three-byte U+1E00..U+1EFF (E1 B8..BB). */
		if (c < 0x80) {
			e = &fold_lo[c];
			i++;
		} else if (c >= 0xC2 && c <= 0xCD && i + 1 < len &&
		    (s[i + 1] & 0xC0) == 0x80 &&
		    (c = (c & 0x1F) << 6 | (s[i + 1] & 0x3F)) < FOLD_LO_END) {
			e = &fold_lo[c];
			i += 2;
		} else if (c == 0xE1 && i + 2 < len && s[i + 1] >= 0xB8 &&
		    s[i + 1] <= 0xBB && (s[i + 2] & 0xC0) == 0x80) {
			c = 0x1000 | (uint32_t)(s[i + 1] & 0x3F) << 6 |
			    (s[i + 2] & 0x3F);
			e = &fold_hi[c - FOLD_HI_START];
			i += 3;
		} else {
			size_t k = i;
			int32_t cp = utf8_next(s, len, &k);

			if (cp < 0)
				goto fail;
			i = k;
			if (is_space(cp))
				goto space;
			goto slow;
		}
		fe = *e; /* one load: out may alias the table */
		if (fe.len) {
			if (olen + FOLD_SLACK > cap) {
				FOLD_SYNC_OUT();
				rc = fold_room(&o, 0);
				FOLD_SYNC_IN();
				if (rc != 0)
					goto fail;
			}
			if (pending)
				out[olen++] = ' ';
			pending = false;
			memcpy(out + olen, &fe, sizeof(fe));
			olen += fe.len;
			continue;
		}
		if (fe.flags & FOLD_SPACE)
			goto space;
		if (!(fe.flags & FOLD_SLOW))
			continue; /* folds away */
slow:
		/* Undo the word so far and fold all of it with ICU. */
		olen = word_out;
		pending = word_pending;
		FOLD_SYNC_OUT();
		pos = word_in;
		rc = fold_word(s, len, &pos, &o);
		i = pos;
		FOLD_SYNC_IN();
		if (rc != 0)
			goto fail;
		continue;
space:
		pending = olen > 0;
		word_in = i;
		word_out = olen;
		word_pending = pending;
	}
#undef FOLD_SYNC_OUT
#undef FOLD_SYNC_IN
	out[olen] = '\0';
	return out;
fail:
	free(out);
	return NULL;
}

/* Opens the reference transliterator; call with trans_lock held. */
static int
trans_open(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar id[64];
	int32_t n = 0;

	if (trans != NULL)
		return 0;
	u_strFromUTF8(id, (int32_t)(sizeof(id) / sizeof(id[0])), &n,
	    fold_trans_id, -1, &st);
	if (U_FAILURE(st))
		return -CB_EINVAL;
	trans = utrans_openU(id, n, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st)) {
		trans = NULL;
		return st == U_MEMORY_ALLOCATION_ERROR ?
		    -CB_ENOMEM :
		    -CB_ENOTSUP;
	}
	return 0;
}

/*
 * The reference fold: ICU's transliterator, đ -> d, white space collapsed
 * and trimmed.  Returns malloc'd UTF-8 (caller frees) or NULL.
 */
char *
text_fold_icu(const char *s)
{
	UErrorCode st;
	UChar *u, *buf = NULL;
	int32_t n, cap, tlen = 0, limit, i;
	char *t, *out;
	size_t tl;
	int rc;

	if (s == NULL || ensure_init() != 0)
		return NULL;
	if (u16_from_utf8(s, strlen(s), &u, &n) != 0)
		return NULL;
	if (n > (INT32_MAX - 16) / 2) {
		free(u);
		return NULL;
	}
	cap = n * 2 + 16;
	pthread_mutex_lock(&trans_lock);
	rc = trans_open();
	while (rc == 0) {
		UChar *nb = realloc(buf, (size_t)cap * sizeof(*nb));

		if (nb == NULL) {
			rc = -CB_ENOMEM;
			break;
		}
		buf = nb;
		memcpy(buf, u, (size_t)n * sizeof(*buf));
		tlen = n;
		limit = n;
		st = U_ZERO_ERROR;
		utrans_transUChars(trans, buf, &tlen, cap, 0, &limit, &st);
		if (st == U_BUFFER_OVERFLOW_ERROR && cap < INT32_MAX / 4) {
			cap *= 2;
			continue;
		}
		if (U_FAILURE(st) || tlen >= cap)
			rc = -CB_EINVAL;
		break;
	}
	pthread_mutex_unlock(&trans_lock);
	free(u);
	if (rc != 0) {
		free(buf);
		return NULL;
	}
	for (i = 0; i < tlen; i++)
		if (buf[i] == 0x0110 || buf[i] == 0x0111)
			buf[i] = 'd';
	rc = u16_to_utf8(buf, tlen, &t, &tl);
	free(buf);
	if (rc != 0)
		return NULL;
	out = collapse_space(t, tl);
	free(t);
	return out;
}

/* --------------------------------------------------------------- names */

static bool
is_ascii_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Given name = the last blank-separated word, family = everything before
 * it (blanks around it trimmed).  Both malloc'd for the caller.
 */
int
text_name_split(const char *full, char **ret_given, char **ret_family)
{
	const char *b, *e, *g;
	char *given, *family;

	if (full == NULL)
		return -CB_EINVAL;
	b = full;
	while (is_ascii_blank(*b))
		b++;
	e = b + strlen(b);
	while (e > b && is_ascii_blank(e[-1]))
		e--;
	g = e;
	while (g > b && !is_ascii_blank(g[-1]))
		g--;
	given = strndup(g, (size_t)(e - g));
	while (g > b && is_ascii_blank(g[-1]))
		g--;
	family = strndup(b, (size_t)(g - b));
	if (given == NULL || family == NULL) {
		free(given);
		free(family);
		return -CB_ENOMEM;
	}
	*ret_given = given;
	*ret_family = family;
	return 0;
}

/* ------------------------------------------------------------ collation */

static void
coll_destroy(void *p)
{
	ucol_close(p);
}

static void
coll_key_create(void)
{
	key_rc = pthread_key_create(&coll_key, coll_destroy) ? -CB_ENOMEM : 0;
}

/*
 * This thread's clone of the master "vi" collator, created on first use
 * and owned by the thread (closed at thread exit or by text_shutdown in
 * that thread).  NULL on failure.
 */
static UCollator *
thread_collator(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UCollator *c;

	if (ensure_init() != 0)
		return NULL;
	if ((c = pthread_getspecific(coll_key)) != NULL)
		return c;
	c = ucol_clone(master, &st);
	if (U_FAILURE(st) || c == NULL)
		return NULL;
	if (pthread_setspecific(coll_key, c) != 0) {
		ucol_close(c);
		return NULL;
	}
	return c;
}

/*
 * Appends the ICU sort key of UTF-8 s (with its terminating 0x00) to b.
 * 0 or -CB_E*.
 */
static int
sort_key_add(UCollator *coll, const char *s, struct sb *b)
{
	uint8_t small[256], *key = small;
	UChar *u;
	int32_t n, k;
	int rc;

	if ((rc = u16_from_utf8(s, strlen(s), &u, &n)) != 0)
		return rc;
	k = ucol_getSortKey(coll, u, n, small, (int32_t)sizeof(small));
	if (k > (int32_t)sizeof(small)) {
		if ((key = malloc((size_t)k)) == NULL) {
			free(u);
			return -CB_ENOMEM;
		}
		k = ucol_getSortKey(coll, u, n, key, k);
	}
	free(u);
	if (k <= 0)
		rc = -CB_EINVAL;
	else
		rc = sb_addn(b, (const char *)key, (size_t)k);
	if (key != small)
		free(key);
	return rc;
}

/* Moves the builder's bytes to *ret / *ret_len; 0 or the sticky error. */
static int
sort_key_finish(struct sb *b, int rc, unsigned char **ret, size_t *ret_len)
{
	char *p;

	if (rc == 0)
		rc = sb_err(b);
	if (rc != 0) {
		sb_release(b);
		return rc;
	}
	if ((p = sb_detach(b, ret_len)) == NULL)
		return -CB_ENOMEM;
	*ret = (unsigned char *)p;
	return 0;
}

/*
 * key(given) 00 key(family) 00 raw-bytes: ICU keys hold no 0x00 but their
 * terminator, so memcmp orders by given name, then family, then bytes.
 */
int
text_sort_key(const char *full_name, unsigned char **ret, size_t *ret_len)
{
	UCollator *coll;
	char *given, *family;
	struct sb b;
	int rc;

	if (full_name == NULL)
		return -CB_EINVAL;
	if ((coll = thread_collator()) == NULL)
		return -CB_ENOMEM;
	if ((rc = text_name_split(full_name, &given, &family)) != 0)
		return rc;
	sb_init(&b, 0);
	rc = sort_key_add(coll, given, &b);
	if (rc == 0)
		rc = sort_key_add(coll, family, &b);
	if (rc == 0)
		rc = sb_add(&b, full_name);
	free(given);
	free(family);
	return sort_key_finish(&b, rc, ret, ret_len);
}

/* ------------------------------------------------ memoised sort keys */

/* One name part and its ICU key (terminator included). */
struct memo_slot {
	char *part; /* NULL: free slot */
	unsigned char *key;
	uint32_t partlen;
	uint32_t keylen;
	uint64_t hash;
};

struct text_sort_memo {
	struct memo_slot *slots;
	size_t cap; /* a power of two */
	size_t n;
	struct sb tmp; /* one part's key */
	struct sb out; /* the last key made */
};

/* Past this many parts the memo stops growing (its size stays bounded). */
#define MEMO_MAX_PARTS (1u << 20)

static uint64_t
memo_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h ^ (h >> 29);
}

int
text_sort_memo_new(struct text_sort_memo **ret)
{
	struct text_sort_memo *m;

	*ret = NULL;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return -CB_ENOMEM;
	m->cap = 1024;
	if ((m->slots = calloc(m->cap, sizeof(*m->slots))) == NULL) {
		free(m);
		return -CB_ENOMEM;
	}
	sb_init(&m->tmp, 0);
	sb_init(&m->out, 0);
	*ret = m;
	return 0;
}

void
text_sort_memo_free(struct text_sort_memo *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->cap; i++) {
		free(m->slots[i].part);
		free(m->slots[i].key);
	}
	free(m->slots);
	sb_release(&m->tmp);
	sb_release(&m->out);
	free(m);
}

static int
memo_grow(struct text_sort_memo *m)
{
	struct memo_slot *old = m->slots, *ns;
	size_t oldcap = m->cap, i, j;

	if ((ns = calloc(oldcap * 2, sizeof(*ns))) == NULL)
		return -CB_ENOMEM;
	m->slots = ns;
	m->cap = oldcap * 2;
	for (i = 0; i < oldcap; i++) {
		if (old[i].part == NULL)
			continue;
		for (j = old[i].hash & (m->cap - 1); ns[j].part != NULL;
		     j = (j + 1) & (m->cap - 1))
			;
		ns[j] = old[i];
	}
	free(old);
	return 0;
}

/* Appends the ICU key of s[0..n) to out, from the memo or computed (and
 * kept). */
static int
memo_part(struct text_sort_memo *m, UCollator *coll, const char *s, size_t n,
    struct sb *out)
{
	uint64_t h = memo_hash(s, n);
	struct memo_slot *e;
	size_t i;
	char *part;
	int rc;

	for (i = h & (m->cap - 1); m->slots[i].part != NULL;
	     i = (i + 1) & (m->cap - 1)) {
		e = &m->slots[i];
		if (e->hash == h && e->partlen == n &&
		    memcmp(e->part, s, n) == 0)
			return sb_addn(out, (const char *)e->key, e->keylen);
	}
	if ((part = strndup(s, n)) == NULL)
		return -CB_ENOMEM;
	sb_reset(&m->tmp);
	if ((rc = sort_key_add(coll, part, &m->tmp)) != 0 ||
	    (rc = sb_err(&m->tmp)) != 0) {
		free(part);
		return rc;
	}
	rc = sb_addn(out, m->tmp.buf, m->tmp.len);
	if (rc != 0 || m->n >= MEMO_MAX_PARTS || n > UINT32_MAX ||
	    ((m->n + 1) * 2 > m->cap && memo_grow(m) != 0)) {
		free(part);
		return rc;
	}
	for (i = h & (m->cap - 1); m->slots[i].part != NULL;
	     i = (i + 1) & (m->cap - 1))
		;
	e = &m->slots[i];
	if ((e->key = malloc(m->tmp.len)) == NULL) {
		free(part);
		return 0;
	}
	memcpy(e->key, m->tmp.buf, m->tmp.len);
	e->keylen = (uint32_t)m->tmp.len;
	e->part = part;
	e->partlen = (uint32_t)n;
	e->hash = h;
	m->n++;
	return 0;
}

int
text_sort_key_memo(struct text_sort_memo *m, const char *full_name,
    const unsigned char **ret, size_t *ret_len)
{
	UCollator *coll;
	const char *b, *e, *g, *f;
	int rc;

	if (full_name == NULL)
		return -CB_EINVAL;
	if ((coll = thread_collator()) == NULL)
		return -CB_ENOMEM;
	/* The split of text_name_split, without copies. */
	b = full_name;
	while (is_ascii_blank(*b))
		b++;
	e = b + strlen(b);
	while (e > b && is_ascii_blank(e[-1]))
		e--;
	g = e;
	while (g > b && !is_ascii_blank(g[-1]))
		g--;
	f = g;
	while (f > b && is_ascii_blank(f[-1]))
		f--;
	sb_reset(&m->out);
	rc = memo_part(m, coll, g, (size_t)(e - g), &m->out);
	if (rc == 0)
		rc = memo_part(m, coll, b, (size_t)(f - b), &m->out);
	if (rc == 0)
		rc = sb_add(&m->out, full_name);
	if (rc == 0)
		rc = sb_err(&m->out);
	if (rc != 0) {
		sb_release(&m->out);
		sb_init(&m->out, 0);
		return rc;
	}
	*ret = (const unsigned char *)m->out.buf;
	*ret_len = m->out.len;
	return 0;
}

/* ------------------------------------------------------- clean check */

bool
text_is_clean(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	int32_t c;
	bool space = true; /* no leading space */

	while (i < len) {
		if (s[i] < 0x80) {
			if (s[i] < 0x20 || s[i] == 0x7f)
				return false;
			if (s[i] == ' ') {
				if (space)
					return false;
				space = true;
			} else
				space = false;
			i++;
			continue;
		}
		if ((c = utf8_next(s, len, &i)) < 0)
			return false;
		if (!((c >= 0xC0 && c <= 0x24F) ||
		        (c >= 0x1E00 && c <= 0x1EFF)))
			return false;
		space = false;
	}
	return !space || len == 0;
}

int
text_sort_key_plain(const char *s, unsigned char **ret, size_t *ret_len)
{
	UCollator *coll;
	struct sb b;
	int rc;

	if (s == NULL)
		return -CB_EINVAL;
	if ((coll = thread_collator()) == NULL)
		return -CB_ENOMEM;
	sb_init(&b, 0);
	rc = sort_key_add(coll, s, &b);
	if (rc == 0)
		rc = sb_add(&b, s);
	return sort_key_finish(&b, rc, ret, ret_len);
}

/* ICU "vi" order; falls back to byte order if ICU fails (bad UTF-8).
 * NULL sorts as "". */
int
text_collate(const char *a, const char *b)
{
	UErrorCode st = U_ZERO_ERROR;
	UCollator *coll = thread_collator();
	UCollationResult r;
	int c;

	if (a == NULL)
		a = "";
	if (b == NULL)
		b = "";
	if (coll != NULL) {
		r = ucol_strcollUTF8(coll, a, -1, b, -1, &st);
		if (U_SUCCESS(st))
			return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
	}
	c = strcmp(a, b);
	return c < 0 ? -1 : c > 0;
}

/* ------------------------------------------------------------ charsets */

/*
 * Decodes bytes[0..len) from charset with ICU (refusing bytes the code page
 * does not map, and NUL), normalises to NFC and returns malloc'd UTF-8
 * (caller frees), or NULL.
 */
char *
text_from_charset(const char *bytes, size_t len, const char *charset)
{
	UErrorCode st = U_ZERO_ERROR;
	UConverter *cnv;
	UChar *u = NULL, *v = NULL;
	int32_t n, m, i;
	char *out = NULL;

	if (bytes == NULL || charset == NULL || len >= INT32_MAX / 4)
		return NULL;
	cnv = ucnv_open(charset, &st);
	if (U_FAILURE(st))
		return NULL;
	ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL,
	    &st);
	if (U_FAILURE(st))
		goto done;
	n = ucnv_toUChars(cnv, NULL, 0, bytes, (int32_t)len, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		goto done;
	st = U_ZERO_ERROR;
	ucnv_resetToUnicode(cnv);
	if ((u = malloc(((size_t)n + 1) * sizeof(*u))) == NULL)
		goto done;
	n = ucnv_toUChars(cnv, u, n + 1, bytes, (int32_t)len, &st);
	if (U_FAILURE(st))
		goto done;
	for (i = 0; i < n; i++)
		if (u[i] == 0)
			goto done;
	if (u16_apply(U16_NFC, u, n, &v, &m) != 0)
		goto done;
	if (u16_to_utf8(v, m, &out, NULL) != 0)
		out = NULL;
done:
	free(u);
	free(v);
	ucnv_close(cnv);
	return out;
}

/* ------------------------------------------------------ init/shutdown */

/*
 * Opens the master collator and builds the fold table.  Idempotent and
 * thread-safe; functions of this module call it on first use, but a
 * program should call it once at start to see its error.
 */
int
text_init(void)
{
	UErrorCode st = U_ZERO_ERROR;
	int rc = 0;

	pthread_mutex_lock(&init_lock);
	if (atomic_load_explicit(&ready, memory_order_relaxed))
		goto out;
	pthread_once(&key_once, coll_key_create);
	if ((rc = key_rc) != 0)
		goto out;
	master = ucol_open("vi", &st);
	if (U_FAILURE(st) || st == U_USING_DEFAULT_WARNING) {
		/* No "vi" tailoring in this ICU: the order would be wrong. */
		ucol_close(master);
		master = NULL;
		rc =
		    st == U_MEMORY_ALLOCATION_ERROR ? -CB_ENOMEM : -CB_ENOTSUP;
		goto out;
	}
	if ((rc = fold_table_build()) != 0) {
		ucol_close(master);
		master = NULL;
		goto out;
	}
	atomic_store_explicit(&ready, true, memory_order_release);
out:
	pthread_mutex_unlock(&init_lock);
	return rc;
}

static int
ensure_init(void)
{
	if (atomic_load_explicit(&ready, memory_order_acquire))
		return 0;
	return text_init();
}

/*
 * Closes the master collator, the calling thread's clone and the
 * transliterator.  Other threads' clones are closed when they exit.  No
 * other thread may be inside this module meanwhile.  Idempotent.
 */
void
text_shutdown(void)
{
	UCollator *c;

	pthread_mutex_lock(&init_lock);
	if (atomic_load_explicit(&ready, memory_order_relaxed)) {
		if ((c = pthread_getspecific(coll_key)) != NULL) {
			pthread_setspecific(coll_key, NULL);
			ucol_close(c);
		}
		ucol_close(master);
		master = NULL;
		atomic_store_explicit(&ready, false, memory_order_release);
	}
	pthread_mutex_unlock(&init_lock);
	pthread_mutex_lock(&trans_lock);
	if (trans != NULL) {
		utrans_close(trans);
		trans = NULL;
	}
	pthread_mutex_unlock(&trans_lock);
}
