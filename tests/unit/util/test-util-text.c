/*
 * test-util-text.c - util/text: UTF-8 checks, cleaning, the table-driven
 * fold against ICU's transliterator, name splitting, the Vietnamese sort
 * key, legacy code pages, and use from several threads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "util/err.h"
#include "util/text.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* -------------------------------------------------------------- helpers */

/* A malloc'd UTF-8 string transformed by ICU: 'C' NFC, 'D' NFD, 'U' upper
 * case, 'L' lower case.  Fails the test on error. */
static char *
icu_xform(const char *s, char op)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar u[512], v[1024];
	int32_t n = 0, m = 0, o = 0;
	char *out = malloc(2048);

	assert_non_null(out);
	u_strFromUTF8(u, N_ELEMS(u), &n, s, -1, &st);
	assert_true(U_SUCCESS(st));
	if (op == 'C' || op == 'D') {
		const UNormalizer2 *nz = op == 'C' ?
		    unorm2_getNFCInstance(&st) : unorm2_getNFDInstance(&st);

		m = unorm2_normalize(nz, u, n, v, N_ELEMS(v), &st);
	} else if (op == 'U') {
		m = u_strToUpper(v, N_ELEMS(v), u, n, "", &st);
	} else {
		m = u_strToLower(v, N_ELEMS(v), u, n, "", &st);
	}
	assert_true(U_SUCCESS(st));
	u_strToUTF8(out, 2048, &o, v, m, &st);
	assert_true(U_SUCCESS(st));
	return out;
}

static void
assert_fold(const char *in, const char *want)
{
	char *f = text_fold(in), *r = text_fold_icu(in);

	assert_non_null(f);
	assert_non_null(r);
	assert_string_equal(f, want);
	assert_string_equal(r, want);
	free(f);
	free(r);
}

static void
assert_clean(const char *in, const char *want)
{
	char *c = text_clean(in);

	assert_non_null(c);
	assert_string_equal(c, want);
	free(c);
}

static int
setup(void **state)
{
	(void)state;
	return text_init() == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	text_shutdown();
	return 0;
}

/* ---------------------------------------------------------------- UTF-8 */

/* The one character check: C0 (but white space when allowed), DEL, C1
 * and the bidirectional controls, found by code point and position. */
static void
test_find_control(void **state)
{
	static const struct {
		const char *s;
		bool space_ok;
		bool found;
		uint32_t cp;
		size_t pos;
	} cases[] = {
		{ "Nguyễn Văn An", true, false, 0, 0 },
		{ "tab\there\r\n", true, false, 0, 0 },
		{ "tab\there", false, true, '\t', 4 },
		{ "QĐ\x07", true, true, 7, 3 },
		{ "\x1b[2J", true, true, 0x1B, 1 },
		{ "a\x7f", true, true, 0x7F, 2 },
		{ "ê\xc2\x80", true, true, 0x80, 2 },
		{ "ê\xc2\x9f", true, true, 0x9F, 2 },
		{ "ê\xc2\xa0", true, false, 0, 0 }, /* NBSP: white space */
		{ "ab\xd8\x9c", true, true, 0x061C, 3 },
		{ "\xe2\x80\x8e", true, true, 0x200E, 1 },
		{ "\xe2\x80\x8f", true, true, 0x200F, 1 },
		{ "\xe2\x80\x8d", true, false, 0, 0 }, /* ZWJ */
		{ "x\xe2\x80\xaa", true, true, 0x202A, 2 },
		{ "x\xe2\x80\xae", true, true, 0x202E, 2 },
		{ "x\xe2\x80\xaf", true, false, 0, 0 }, /* narrow NBSP */
		{ "x\xe2\x81\xa6", true, true, 0x2066, 2 },
		{ "x\xe2\x81\xa9", true, true, 0x2069, 2 },
		{ "x\xe2\x81\xaa", true, false, 0, 0 },
		{ "\xff\x01", true, true, 1, 2 }, /* bad byte: one char */
	};
	size_t i, pos;
	uint32_t cp;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool f = text_find_control(cases[i].s, strlen(cases[i].s),
		    cases[i].space_ok, &cp, &pos);

		if (f != cases[i].found ||
		    (f && (cp != cases[i].cp || pos != cases[i].pos))) {
			print_error("case %zu (%s): %d U+%04X at %zu\n", i,
			    cases[i].s, f, (unsigned)cp, pos);
			fail();
		}
	}
	/* NUL is one (counted in len, not a terminator). */
	assert_true(text_find_control("a\0b", 3, true, &cp, &pos));
	assert_int_equal(cp, 0);
	assert_int_equal(pos, 2);
}

static void
test_utf8_valid(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		bool ok;
	} cases[] = {
		{ "", 0, true },
		{ "plain ASCII", 11, true },
		{ "Nguy\xe1\xbb\x85n", 8, true },		/* Nguyễn */
		{ "tab\there\r\n", 10, true },
		{ "\xf0\x9f\x87\xbb\xf0\x9f\x87\xb3", 8, true },	/* flag */
		{ "\xf4\x8f\xbf\xbf", 4, true },		/* U+10FFFF */
		{ "\xef\xbf\xbd", 3, true },			/* U+FFFD */
		{ "\xc2\xa0", 2, true },			/* NBSP */
		{ "a\0b", 3, false },				/* NUL */
		{ "a\x01", 2, false },				/* C0 */
		{ "\x1b[0m", 4, false },			/* ESC */
		{ "a\x7f", 2, false },				/* DEL */
		{ "\xc0\x80", 2, false },			/* overlong NUL */
		{ "\xc1\xbf", 2, false },			/* overlong */
		{ "\xe0\x80\xaf", 3, false },			/* overlong '/' */
		{ "\xe0\x9f\xbf", 3, false },			/* overlong */
		{ "\xf0\x8f\xbf\xbf", 4, false },		/* overlong */
		{ "\xed\xa0\x80", 3, false },			/* surrogate */
		{ "\xed\xbf\xbf", 3, false },			/* surrogate */
		{ "\xf4\x90\x80\x80", 4, false },		/* > U+10FFFF */
		{ "\xf5\x80\x80\x80", 4, false },
		{ "\xff", 1, false },
		{ "\x80", 1, false },				/* stray */
		{ "Nguy\xe1\xbb", 6, false },			/* truncated */
		{ "\xe1\xbb\x45", 3, false },			/* bad cont. */
		{ "\xc3\xa9", 1, false },			/* cut by len */
	};
	size_t i;

	(void)state;
	for (i = 0; i < N_ELEMS(cases); i++)
		if (text_utf8_valid(cases[i].s, cases[i].len) != cases[i].ok)
			fail_msg("case %zu: want %d", i, cases[i].ok);
	assert_int_equal(text_utf8_len("Nguy\xe1\xbb\x85n"), 6);
	assert_int_equal(text_utf8_len(""), 0);
	assert_int_equal(text_utf8_len("\xf0\x9f\x98\x80x"), 2);
}

static void
test_clean(void **state)
{
	char *c;

	(void)state;
	assert_clean("", "");
	assert_clean("   ", "");
	assert_clean("An", "An");
	assert_clean("  Lê\xc2\xa0\xc2\xa0Văn\t\r\n Tám  ", "Lê Văn Tám");
	assert_clean("\xe3\x80\x80Hà Nội\xe3\x80\x80", "Hà Nội");	/* U+3000 */
	/* NFD in, NFC out. */
	c = icu_xform("Nguyễn Thị Hường", 'D');
	assert_string_not_equal(c, "Nguyễn Thị Hường");
	assert_clean(c, "Nguyễn Thị Hường");
	free(c);
	/* A combining mark after a space stays a combining mark. */
	assert_clean("a \xcc\x81", "a \xcc\x81");
	assert_null(text_clean("bad \xff"));
	/* Control characters other than white space are kept: what takes
	 * text refuses them first (text_find_control). */
	assert_clean("bell \x07", "bell \x07");
	assert_null(text_clean(NULL));
}

/* ------------------------------------------------------------- folding */

static void
test_fold_examples(void **state)
{
	char *d;

	(void)state;
	assert_fold("Nguyễn Văn Dũng", "nguyen van dung");
	d = icu_xform("Nguyễn Văn Dũng", 'D');
	assert_fold(d, "nguyen van dung");
	free(d);
	assert_fold("ĐẶNG", "dang");
	assert_fold("đặng", "dang");
	assert_fold("  Trần\t\tThị \xc2\xa0 Ánh\n", "tran thi anh");
	assert_fold("ƯỚC MƠ Ở ĐÂY", "uoc mo o day");
	assert_fold("Huỳnh Hữu Phước", "huynh huu phuoc");
	assert_fold("", "");
	assert_fold(" \t ", "");
	/* A leading combining mark folds away without leaving a space. */
	assert_fold("\xcc\x81 a", "a");
	assert_fold("a \xcc\x81 b", "a b");
	assert_null(text_fold("bad \xc0\x80"));
	assert_null(text_fold_icu("bad \xc0\x80"));
}

/* Strings outside Vietnamese: the table and ICU must still agree. */
static void
test_fold_other_scripts(void **state)
{
	static const char *const s[] = {
		"François Müller", "ÆRØSKØBING Ærø", "Łódź Świętokrzyskie",
		"İstanbul ığdır", "ǅemal ǄǅǆǇǈǉ", "Ångström \xe2\x84\xab",
		"Kelvin \xe2\x84\xaa", "Straße STRAẞE", "Ωμέγα ΣΟΦΊΑ ΟΔΟΣ",
		"Йошкар-Ола ЁЛКА", "한국어 조선말",
		"\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab",	/* conjoining jamo */
		"日本語 中文", "ﬁnance ﬀ", "👍🏽 ok", "a\xe2\x83\x9d",
		"क़िला", "Ǖ ǖ Ǘ ǘ Ḗ ṑ ẞ Ỳ ỹ Ỵ", "ȺȾ ⱥⱦ", "Ɐ ɐ",
		"ĦĲŉ ſ", "Ǳ", "\xcd\x85\xcd\x84", "x\xe1\xb7\x84y",
		"Δημήτρης Παπαδόπουλος", "Ελλάδα", "ﬃ ﬄ", "ǰ", "ı ı̇",
		"Ὰ ᾼ ᾳ ῼ", "ÅÇÉÑÖÜ àçéñöü",
		"aΣ ΟΔΟΣ Σa ÀΣ",	/* final sigma needs the whole word */
	};
	size_t i;
	char *f, *r;

	(void)state;
	for (i = 0; i < N_ELEMS(s); i++) {
		f = text_fold(s[i]);
		r = text_fold_icu(s[i]);
		assert_non_null(f);
		assert_non_null(r);
		if (strcmp(f, r) != 0)
			fail_msg("\"%s\": table \"%s\", ICU \"%s\"", s[i], f, r);
		free(f);
		free(r);
	}
	/* Some fixed expectations, so agreement is not agreement on
	 * nonsense. */
	assert_fold("François Müller", "francois muller");
	assert_fold("Ångström \xe2\x84\xab", "angstrom a");
	assert_fold("Kelvin \xe2\x84\xaa", "kelvin k");
	/* White space outside the table (U+3000, U+2003) between letters
	 * outside it still collapses. */
	assert_fold("日本\xe3\x80\x80語\xe2\x80\x83\xe2\x80\x83Ωμέγα",
	    "日本 語 ωμεγα");
	assert_fold("Йошкар", "иошкар");
	assert_fold("Ἀθῆναι ΟΔΟΣ Ẩ-Σ", "αθηναι οδος a-σ");
	assert_fold("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", "한");
}

/* Appends code point c to s as UTF-8; returns the new end. */
static char *
put_utf8(char *s, uint32_t c)
{
	if (c < 0x80) {
		*s++ = (char)c;
	} else if (c < 0x800) {
		*s++ = (char)(0xC0 | c >> 6);
		*s++ = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		*s++ = (char)(0xE0 | c >> 12);
		*s++ = (char)(0x80 | (c >> 6 & 0x3F));
		*s++ = (char)(0x80 | (c & 0x3F));
	} else {
		*s++ = (char)(0xF0 | c >> 18);
		*s++ = (char)(0x80 | (c >> 12 & 0x3F));
		*s++ = (char)(0x80 | (c >> 6 & 0x3F));
		*s++ = (char)(0x80 | (c & 0x3F));
	}
	return s;
}

/*
 * Every code point of the fold table, and every 5th code point of the
 * other planes' assigned ranges, folds the same through the table and
 * through ICU: alone, between letters, and after a letter it may combine
 * with.
 */
static void
test_fold_every_code_point(void **state)
{
	static const char *const frames[][2] = {
		{ "", "" }, { "X", "y" }, { "a", "" }, { "Ω", " " },
	};
	char in[32], *p, *f, *r;
	uint32_t c;
	size_t k, n = 0;

	(void)state;
	for (c = 1; c < 0x30000; c++) {
		bool in_table = c < 0x370 || (c >= 0x1E00 && c < 0x1F00);

		if ((c >= 0xD800 && c <= 0xDFFF) || (!in_table && c % 5 != 0))
			continue;
		for (k = 0; k < sizeof(frames) / sizeof(frames[0]); k++) {
			p = in;
			p += snprintf(in, sizeof(in), "%s", frames[k][0]);
			p = put_utf8(p, c);
			snprintf(p, sizeof(in) - (size_t)(p - in), "%s",
			    frames[k][1]);
			f = text_fold(in);
			r = text_fold_icu(in);
			assert_non_null(f);
			assert_non_null(r);
			if (strcmp(f, r) != 0)
				fail_msg("U+%04X in \"%s\": table \"%s\", ICU "
				    "\"%s\"", (unsigned)c, in, f, r);
			free(f);
			free(r);
			n++;
		}
	}
	assert_true(n > 50000);
}

static const char *const families[] = {
	"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
	"Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
};
static const char *const middles[] = {
	"Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Xuân",
	"Thùy",
};
/* Given names without their tone; the tone goes after the first vowel. */
static const char *const givens[] = {
	"An", "Anh", "Bao", "Binh", "Chau", "Cuong", "Dung", "Đat", "Giang",
	"Ha", "Hai", "Hanh", "Hoa", "Hung", "Hương", "Khanh", "Khoa", "Lan",
	"Linh", "Long", "Mai", "Nga", "Ngoc", "Nhung", "Phong", "Phương",
	"Quan", "Quynh", "Sơn", "Tâm", "Thao", "Thuy", "Trang", "Tuân",
	"Tuyêt", "Uyên", "Viêt", "Xuân", "Yên", "Ăn", "Ân", "Ơn", "Ưng",
};
/* None, huyền, hỏi, ngã, sắc, nặng as combining marks. */
static const char *const tones[] = {
	"", "\xcc\x80", "\xcc\x89", "\xcc\x83", "\xcc\x81", "\xcc\xa3",
};

/* The given name givens[g] with tone t, malloc'd, in NFC. */
static char *
toned_given(size_t g, size_t t)
{
	static const char vowels[] = "aeiouyAEIOUY";
	const char *s = givens[g];
	char buf[64], *nfc;
	size_t i = 0, n = strlen(s), tl = strlen(tones[t]);

	/* First vowel: an ASCII vowel or a two-byte Latin letter. */
	while (i < n && strchr(vowels, s[i]) == NULL &&
	    ((unsigned char)s[i] < 0xc3 || (unsigned char)s[i] > 0xc6))
		i++;
	if (i < n)
		i += (unsigned char)s[i] >= 0x80 ? 2 : 1;
	assert_true(n + tl < sizeof(buf));
	memcpy(buf, s, i);
	memcpy(buf + i, tones[t], tl);
	memcpy(buf + i + tl, s + i, n - i + 1);
	nfc = icu_xform(buf, 'C');
	return nfc;
}

static bool
is_lower_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || (*s >= 'A' && *s <= 'Z'))
			return false;
	return true;
}

/*
 * The table-driven fold equals ICU's transliterator on every generated
 * name (16 x 10 x 43 x 6 = 41,280 names), each in one of six forms: NFC or
 * NFD, as written, upper or lower case.  Every fold is lower-case ASCII,
 * and NFC and NFD fold alike.
 */
static void
test_fold_matches_icu(void **state)
{
	static const char forms[][2] = {
		"C", "D", "CU", "DU", "CL", "DL",
	};
	size_t f, m, g, t, count = 0;
	char name[256], *given, *x, *y, *a, *b, *nfd;

	(void)state;
	for (f = 0; f < N_ELEMS(families); f++)
	for (m = 0; m < N_ELEMS(middles); m++)
	for (g = 0; g < N_ELEMS(givens); g++)
	for (t = 0; t < N_ELEMS(tones); t++) {
		const char *form = forms[count % N_ELEMS(forms)];

		given = toned_given(g, t);
		snprintf(name, sizeof(name), "%s %s %s", families[f],
		    middles[m], given);
		free(given);
		x = icu_xform(name, form[0]);
		if (form[1] != '\0') {
			y = icu_xform(x, form[1]);
			free(x);
			x = y;
		}
		a = text_fold(x);
		b = text_fold_icu(x);
		assert_non_null(a);
		assert_non_null(b);
		if (strcmp(a, b) != 0)
			fail_msg("\"%s\": table \"%s\", ICU \"%s\"", x, a, b);
		if (!is_lower_ascii(a))
			fail_msg("\"%s\" folds to non-ASCII \"%s\"", x, a);
		/* The NFD of the same text folds the same. */
		nfd = icu_xform(x, 'D');
		y = text_fold(nfd);
		assert_string_equal(y, a);
		free(y);
		free(nfd);
		free(a);
		free(b);
		free(x);
		count++;
	}
	assert_true(count >= 20000);
}

/* --------------------------------------------------------------- names */

static void
assert_split(const char *full, const char *given, const char *family)
{
	char *g = NULL, *f = NULL;

	assert_int_equal(text_name_split(full, &g, &f), 0);
	assert_string_equal(g, given);
	assert_string_equal(f, family);
	free(g);
	free(f);
}

static void
test_name_split(void **state)
{
	(void)state;
	assert_split("Nguyễn Thị Minh Khai", "Khai", "Nguyễn Thị Minh");
	assert_split("Lê Duẩn", "Duẩn", "Lê");
	assert_split("Bình", "Bình", "");
	assert_split("", "", "");
	assert_split("  Hồ  Chí   Minh  ", "Minh", "Hồ  Chí");
}

/* ---------------------------------------------------------- collation */

struct keyed {
	const char	*name;
	unsigned char	*key;
	size_t		 len;
};

static int
keyed_cmp(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->key, b->key, n);

	if (c != 0)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

/*
 * Sorts names (given in the expected order) by text_sort_key after
 * shuffling them, and asserts the order comes back; plain selects
 * text_sort_key_plain.
 */
static void
assert_sorts(const char *const *names, size_t n, bool plain)
{
	struct keyed *k = calloc(n, sizeof(*k));
	size_t i;
	int rc;

	assert_non_null(k);
	/* Reverse, then rotate: no input is already in order. */
	for (i = 0; i < n; i++) {
		k[i].name = names[(2 * n - 1 - i + n / 2) % n];
		rc = plain ? text_sort_key_plain(k[i].name, &k[i].key,
		    &k[i].len) : text_sort_key(k[i].name, &k[i].key, &k[i].len);
		assert_int_equal(rc, 0);
		assert_true(k[i].len > 0);
	}
	qsort(k, n, sizeof(*k), keyed_cmp);
	for (i = 0; i < n; i++) {
		if (strcmp(k[i].name, names[i]) != 0)
			fail_msg("position %zu: \"%s\", want \"%s\"", i,
			    k[i].name, names[i]);
		if (i > 0 && keyed_cmp(&k[i - 1], &k[i]) >= 0)
			fail_msg("\"%s\" and \"%s\" have equal keys",
			    k[i - 1].name, k[i].name);
	}
	for (i = 0; i < n; i++)
		free(k[i].key);
	free(k);
}

/* The users' own example (domain README). */
static void
test_sort_key_readme(void **state)
{
	static const char *const names[] = {
		"Dương Văn Bảo", "Hồ Thị Bích", "Đỗ Văn Bình", "Lê Thị Bình",
		"Vũ Văn Bình",
	};

	(void)state;
	assert_sorts(names, N_ELEMS(names), false);
}

/* A toneless syllable first, then huyền, hỏi, ngã, sắc, nặng. */
static void
test_sort_key_tones(void **state)
{
	static const char *const given[] = {
		"Ba", "Bà", "Bả", "Bã", "Bá", "Bạ",
	};
	/* Family names in reverse order: the given name decides. */
	static const char *const names[] = {
		"Vũ Ba", "Trần Bà", "Phạm Bả", "Lê Bã", "Hồ Bá", "Đỗ Bạ",
	};
	static const char *const hoa[] = {
		"Lê Hoa", "Lê Hòa", "Lê Hỏa", "Lê Hõa", "Lê Hóa", "Lê Họa",
	};
	size_t i;

	(void)state;
	assert_sorts(names, N_ELEMS(names), false);
	assert_sorts(hoa, N_ELEMS(hoa), false);
	for (i = 1; i < N_ELEMS(given); i++)
		if (text_collate(given[i - 1], given[i]) >= 0)
			fail_msg("collate \"%s\" >= \"%s\"", given[i - 1],
			    given[i]);
	assert_int_equal(text_collate("Bình", "Bình"), 0);
}

/*
 * The alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y:
 * each given name starts with the next letter and continues with letters
 * that would reverse the order if the first letters compared equal (as
 * they would with diacritics ignored).
 */
static void
test_sort_key_letters(void **state)
{
	static const char *const given[] = {
		"Anh", "Ăm", "Âl", "Bk", "Ci", "Duy", "Đa", "Ez", "Êa", "Gy",
		"Hx", "Iw", "Kv", "Lu", "Mt", "Ns", "Or", "Ôq", "Ơp", "Po",
		"Qn", "Rm", "Sl", "Tk", "Uy", "Ưa", "Vi", "Xh", "Yg",
	};
	static const char *const names[] = {
		"Nguyễn Văn Anh", "Lê Ăm", "Trần Thị Âl", "Bùi Bk", "Vũ Ci",
		"Đỗ Duy", "Lê Văn Đa", "Lê Ez", "Lê Êa", "Lê Gy", "Lê Hx",
		"Lê Iw", "Lê Kv", "Lê Lu", "Lê Mt", "Lê Ns", "Lê Or", "Lê Ôq",
		"Lê Ơp", "Lê Po", "Lê Qn", "Lê Rm", "Lê Sl", "Lê Tk", "Lê Uy",
		"Lê Ưa", "Lê Vi", "Lê Xh", "Lê Yg",
	};
	/* The letter decides before the tone: a toned "a" still sorts
	 * before a toneless "ă". */
	static const char *const an[] = {
		"Lê An", "Lê Án", "Lê Ăn", "Lê Ắn", "Lê Ân", "Lê Ấn",
	};
	size_t i;

	(void)state;
	assert_sorts(names, N_ELEMS(names), false);
	assert_sorts(an, N_ELEMS(an), false);
	for (i = 1; i < N_ELEMS(given); i++)
		if (text_collate(given[i - 1], given[i]) >= 0)
			fail_msg("collate \"%s\" >= \"%s\"", given[i - 1],
			    given[i]);
}

/* Same given name: family and middle names decide, then the bytes. */
static void
test_sort_key_family(void **state)
{
	static const char *const names[] = {
		"Bình",				/* no family part */
		"An Bình",
		"Dương Bình",			/* d < đ before ư > i */
		"Đinh Bình",
		"Lê Bình",
		"Lê Thị Bình",
		"Lê Văn Bình",
		"Nguyễn Thị Bình",
		"Nguyễn Thị An Bình",
		"Nguyễn Văn Bình",
	};
	unsigned char *k1, *k2;
	size_t l1, l2;
	char *nfd;

	(void)state;
	assert_sorts(names, N_ELEMS(names), false);

	/* NFC and NFD of one name collate equal; only the raw bytes at the
	 * end tell them apart, so the keys differ but share the ICU part. */
	nfd = icu_xform("Lê Văn Bình", 'D');
	assert_int_equal(text_sort_key("Lê Văn Bình", &k1, &l1), 0);
	assert_int_equal(text_sort_key(nfd, &k2, &l2), 0);
	assert_int_equal(text_collate("Lê Văn Bình", nfd), 0);
	assert_true(l1 - strlen("Lê Văn Bình") == l2 - strlen(nfd));
	assert_memory_equal(k1, k2, l1 - strlen("Lê Văn Bình"));
	assert_memory_not_equal(k1, k2, l1 < l2 ? l1 : l2);
	/* Exactly two 0x00 bytes: the terminators of the two ICU keys. */
	{
		size_t i, zeros = 0;

		for (i = 0; i < l1; i++)
			zeros += k1[i] == 0;
		assert_int_equal(zeros, 2);
		assert_memory_equal(k1 + l1 - strlen("Lê Văn Bình"),
		    "Lê Văn Bình", strlen("Lê Văn Bình"));
	}
	free(k1);
	free(k2);
	free(nfd);
}

/* Organisation names: whole-string "vi" order, same as text_collate. */
static void
test_sort_key_plain(void **state)
{
	static const char *const orgs[] = {
		"Chi bộ 1", "Chi bộ Ấp Bắc", "Chi bộ Đông Hòa", "Chi bộ Tây",
		"Đảng bộ Công an", "Đảng ủy Khối", "Ủy ban",
	};
	unsigned char *k;
	size_t i, len;

	(void)state;
	assert_sorts(orgs, N_ELEMS(orgs), true);
	for (i = 1; i < N_ELEMS(orgs); i++)
		assert_true(text_collate(orgs[i - 1], orgs[i]) < 0);
	assert_int_equal(text_sort_key_plain("Tây", &k, &len), 0);
	assert_true(len > strlen("Tây") + 1);
	assert_int_equal(k[len - strlen("Tây") - 1], 0);
	assert_memory_equal(k + len - strlen("Tây"), "Tây", strlen("Tây"));
	free(k);
}

/* --------------------------------------------------------- code pages */

static void
test_from_charset(void **state)
{
	/* "Nguyễn" in Windows-1258: ê (0xEA) + combining tilde (0xDE). */
	static const char nguyen[] = "Nguy\xea\xde" "n";
	/* "Đặng Thị Hường": Đ D0, ă E3 + dot F2, i + dot F2, ư FD, ơ F5 +
	 * grave CC. */
	static const char dang[] = "\xd0\xe3\xf2ng Thi\xf2 H\xfd\xf5\xccng";
	char *s;

	(void)state;
	s = text_from_charset(nguyen, strlen(nguyen), "windows-1258");
	assert_non_null(s);
	assert_string_equal(s, "Nguyễn");	/* NFC, not "Nguyê\u0303n" */
	free(s);
	s = text_from_charset(dang, strlen(dang), "windows-1258");
	assert_non_null(s);
	assert_string_equal(s, "Đặng Thị Hường");
	free(s);
	s = text_from_charset("abc", 3, "no-such-charset");
	assert_null(s);
	/* NUL is refused. */
	assert_null(text_from_charset("a\0b", 3, "windows-1258"));
	/* UTF-8 through ICU, normalised. */
	s = text_from_charset("Nguye\xcc\x82\xcc\x83n", 10, "UTF-8");
	assert_non_null(s);
	assert_string_equal(s, "Nguyễn");
	free(s);
	assert_null(text_from_charset("\xff\xfe", 2, "UTF-8"));
}

/* ------------------------------------------------------------ threads */

#define NTHREADS 4

struct job {
	unsigned char	*want[N_ELEMS(families)];
	size_t		 wlen[N_ELEMS(families)];
	char		*wfold[N_ELEMS(families)];
	int		 wcoll[N_ELEMS(families)];
	atomic_int	 bad;		/* counted by every worker */
};

/* Recomputes keys and folds many times; counts mismatches. */
static void *
worker(void *arg)
{
	struct job *j = arg;
	char name[128], *f;
	unsigned char *k;
	size_t i, r, len;

	for (r = 0; r < 200; r++) {
		for (i = 0; i < N_ELEMS(families); i++) {
			snprintf(name, sizeof(name), "%s Văn Bình",
			    families[i]);
			if (text_sort_key(name, &k, &len) != 0 ||
			    len != j->wlen[i] || memcmp(k, j->want[i], len))
				j->bad++;
			free(k);
			f = text_fold(name);
			if (f == NULL || strcmp(f, j->wfold[i]) != 0)
				j->bad++;
			free(f);
			if (text_collate(name, "Lê Văn Bình") != j->wcoll[i])
				j->bad++;
		}
	}
	return NULL;
}

static void
test_threads(void **state)
{
	struct job job;
	pthread_t th[NTHREADS];
	char name[128];
	size_t i;

	(void)state;
	memset(&job, 0, sizeof(job));
	for (i = 0; i < N_ELEMS(families); i++) {
		snprintf(name, sizeof(name), "%s Văn Bình", families[i]);
		assert_int_equal(text_sort_key(name, &job.want[i],
		    &job.wlen[i]), 0);
		assert_non_null(job.wfold[i] = text_fold(name));
		job.wcoll[i] = text_collate(name, "Lê Văn Bình");
	}
	assert_int_equal(job.wcoll[2], 0);	/* "Lê" */
	assert_int_equal(job.wcoll[0], 1);	/* "Nguyễn" */
	assert_int_equal(job.wcoll[11], -1);	/* "Đỗ" */
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, worker, &job),
		    0);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(job.bad, 0);
	for (i = 0; i < N_ELEMS(families); i++) {
		free(job.want[i]);
		free(job.wfold[i]);
	}
}

/* text_init and text_shutdown are idempotent; use re-initialises. */
static void
test_init_shutdown(void **state)
{
	char *f;

	(void)state;
	assert_int_equal(text_init(), 0);
	assert_int_equal(text_init(), 0);
	text_shutdown();
	text_shutdown();
	f = text_fold("Đặng");		/* lazily initialises again */
	assert_non_null(f);
	assert_string_equal(f, "dang");
	free(f);
	assert_true(text_collate("a", "b") < 0);
	text_shutdown();
	assert_int_equal(text_init(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_find_control),
		cmocka_unit_test(test_fold_examples),
		cmocka_unit_test(test_fold_other_scripts),
		cmocka_unit_test(test_fold_matches_icu),
		cmocka_unit_test(test_fold_every_code_point),
		cmocka_unit_test(test_name_split),
		cmocka_unit_test(test_sort_key_readme),
		cmocka_unit_test(test_sort_key_tones),
		cmocka_unit_test(test_sort_key_letters),
		cmocka_unit_test(test_sort_key_family),
		cmocka_unit_test(test_sort_key_plain),
		cmocka_unit_test(test_from_charset),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_init_shutdown),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
