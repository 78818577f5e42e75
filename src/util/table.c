/*
 * table.c - a sheet of text cells from CSV or an Excel workbook (see
 * table.h).
 *
 * Both readers build rows the same way (struct rowbuf, table_add_row) and
 * clean every cell the same way (cell_finish: NFC, trimmed, inner white
 * space collapsed, control characters turned into spaces).  The XLSX reader
 * never holds an uncompressed part in memory: each XML part is streamed out
 * of libzip into expat in 64 KiB chunks, and a part larger than 64 MiB is
 * refused, so a "zip bomb" cannot exhaust memory.  A budget on the bytes
 * the table itself holds (TABLE_MAX_BYTES) bounds what a small file that
 * repeats one large shared string could otherwise make.
 */
#include "util/table.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "util/alloc.h"
#include "util/date.h"
#include "util/sb.h"
#include "util/text.h"

#define TABLE_MAX_COLS	16384			/* Excel's last column, XFD */
#define TABLE_MAX_BYTES	((size_t)256 * 1024 * 1024)
#define CELL_OVERHEAD	(sizeof(char *) + 16)	/* pointer + malloc header */
#define XLSX_MAX_ROW	1048576			/* Excel's last row */
#define XLSX_MAX_PART	((zip_uint64_t)64 * 1024 * 1024)
#define XLSX_CHUNK	65536
#define NS_SEP		' '		/* expat: "uri local"; no URI has ' ' */

/* ------------------------------------------------------------- tables */

void
table_release(struct table *t)
{
	size_t i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->rows[i].ncells; j++)
			free(t->rows[i].cells[j]);
		free(t->rows[i].cells);
	}
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

/* The cells of the row being read; cells[i] NULL means "" (not yet set). */
struct rowbuf {
	char	**cells;
	size_t	  n;
	size_t	  cap;
};

static void
rowbuf_clear(struct rowbuf *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->cells[i]);
	r->n = 0;
}

static void
rowbuf_release(struct rowbuf *r)
{
	rowbuf_clear(r);
	free(r->cells);
	memset(r, 0, sizeof(*r));
}

/*
 * Puts s (malloc'd; ownership passes to r, also on error) in column col
 * (0-based), growing the row with NULL cells.  0, -CB_ENOMEM or
 * -CB_ETOOBIG past TABLE_MAX_COLS.
 */
static int
rowbuf_set(struct rowbuf *r, size_t col, char *s)
{
	if (col >= TABLE_MAX_COLS) {
		free(s);
		return -CB_ETOOBIG;
	}
	if (col >= r->cap) {
		size_t ncap = r->cap ? r->cap : 8;
		char **nc;

		while (ncap <= col)
			ncap *= 2;
		if ((nc = realloc(r->cells, ncap * sizeof(*nc))) == NULL) {
			free(s);
			return -CB_ENOMEM;
		}
		r->cells = nc;
		r->cap = ncap;
	}
	while (r->n <= col)
		r->cells[r->n++] = NULL;
	free(r->cells[col]);
	r->cells[col] = s;
	return 0;
}

/* What a reader keeps while it fills a table. */
struct builder {
	struct table	*t;
	size_t		 cap;		/* rows allocated in t */
	size_t		 max_rows;	/* data rows allowed, 0: no limit */
	size_t		 bytes;		/* budget used, see TABLE_MAX_BYTES */
	struct cb_error	*err;
};

/*
 * Moves the row in r into the table as a row starting at line, unless all
 * its cells are empty (then they are just freed).  Gaps become "".  r is
 * left empty either way.  0 or -CB_E* (err set): "too_many_rows" past
 * max_rows data rows (the header row is not counted), "too_big" past the
 * memory budget.
 */
static int
builder_add_row(struct builder *b, struct rowbuf *r, long line)
{
	struct table *t = b->t;
	struct table_row *row;
	char **cells;
	size_t i, bytes = 0;
	bool empty = true;
	char arg[32];

	for (i = 0; i < r->n; i++) {
		if (r->cells[i] != NULL && r->cells[i][0] != '\0')
			empty = false;
		bytes += (r->cells[i] ? strlen(r->cells[i]) : 0) + 1 +
		    CELL_OVERHEAD;
	}
	if (empty) {
		rowbuf_clear(r);
		return 0;
	}
	if (b->max_rows && t->nrows > b->max_rows) {
		rowbuf_clear(r);
		snprintf(arg, sizeof(arg), "%zu", b->max_rows);
		return cb_error_set(b->err, CB_ETOOBIG, "too_many_rows", arg);
	}
	if (bytes > TABLE_MAX_BYTES - b->bytes) {
		rowbuf_clear(r);
		return cb_error_set(b->err, CB_ETOOBIG, "too_big", NULL);
	}
	b->bytes += bytes;
	for (i = 0; i < r->n; i++)
		if (r->cells[i] == NULL && (r->cells[i] = strdup("")) == NULL)
			goto nomem;
	if (t->nrows == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 64;
		struct table_row *nr = realloc(t->rows, ncap * sizeof(*nr));

		if (nr == NULL)
			goto nomem;
		t->rows = nr;
		b->cap = ncap;
	}
	/* Hand the cells over; the rowbuf gets a fresh array next time. */
	cells = realloc(r->cells, r->n * sizeof(*cells));
	if (cells == NULL)
		cells = r->cells;
	row = &t->rows[t->nrows++];
	row->cells = cells;
	row->ncells = r->n;
	row->line = line;
	r->cells = NULL;
	r->n = r->cap = 0;
	return 0;
nomem:
	rowbuf_clear(r);
	return cb_error_set(b->err, CB_ENOMEM, NULL, NULL);
}

/* Appends code point c as UTF-8 to b. */
static void
sb_add_utf8(struct sb *b, uint32_t c)
{
	unsigned char u[4];

	sb_addn(b, (const char *)u, text_utf8_put(c, u));
}

/* Value of the 4 hex digits at s, or -1. */
static long
hex4(const char *s)
{
	long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/*
 * Decodes the OOXML escapes "_xHHHH_" (a UTF-16 code unit; "_x005F_"
 * escapes the underscore) in s[0..len) into b.  A surrogate pair is two
 * escapes; a lone surrogate becomes U+FFFD.
 */
static void
xstring_decode(const char *s, size_t len, struct sb *b)
{
	size_t i = 0;
	long c, lo;

	while (i < len) {
		if (s[i] == '_' && len - i >= 7 && s[i + 1] == 'x' &&
		    s[i + 6] == '_' && (c = hex4(s + i + 2)) >= 0) {
			i += 7;
			if (c >= 0xD800 && c <= 0xDBFF && len - i >= 7 &&
			    s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_' &&
			    (lo = hex4(s + i + 2)) >= 0xDC00 && lo <= 0xDFFF) {
				c = 0x10000 + ((c - 0xD800) << 10) +
				    (lo - 0xDC00);
				i += 7;
			} else if (c >= 0xD800 && c <= 0xDFFF) {
				c = 0xFFFD;
			}
			sb_add_utf8(b, (uint32_t)c);
			continue;
		}
		sb_addc(b, s[i++]);
	}
}

/*
 * Makes a cell from raw well-formed UTF-8 s[0..len): decodes "_xHHHH_"
 * escapes if xstring, turns control characters (C0 but TAB/LF/CR, DEL)
 * into spaces, then text_clean (NFC, trim, collapse white space).  The
 * result is malloc'd in *ret (caller frees).  0, -CB_EINVAL (NUL or bad
 * UTF-8) or -CB_ENOMEM.
 */
static int
cell_finish(const char *s, size_t len, bool xstring, char **ret)
{
	struct sb b;
	size_t i;
	char *c;

	sb_init(&b, 0);
	if (xstring && memchr(s, '_', len) != NULL)
		xstring_decode(s, len, &b);
	else
		sb_addn(&b, s, len);
	if (sb_err(&b)) {
		sb_release(&b);
		return -CB_ENOMEM;
	}
	for (i = 0; i < b.len; i++) {
		unsigned char ch = (unsigned char)b.buf[i];

		if (ch == 0) {
			sb_release(&b);
			return -CB_EINVAL;
		}
		if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') ||
		    ch == 0x7F)
			b.buf[i] = ' ';
	}
	if (!text_utf8_valid(b.buf, b.len)) {
		sb_release(&b);
		return -CB_EINVAL;
	}
	c = text_clean(b.buf);
	sb_release(&b);
	if (c == NULL)
		return -CB_ENOMEM;
	*ret = c;
	return 0;
}

bool
table_is_xlsx(const char *data, size_t len)
{
	return data != NULL && len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

int
table_parse(const char *data, size_t len, size_t max_rows,
    struct table *ret, struct cb_error *err)
{
	if (table_is_xlsx(data, len))
		return table_parse_xlsx(data, len, max_rows, ret, err);
	return table_parse_csv(data, len, max_rows, ret, err);
}

/* ----------------------------------------------------------------- CSV */

/*
 * ',' or ';', whichever is more frequent outside quotes on the first line
 * that is not blank (',' if neither is).
 */
static char
csv_delimiter(const char *s, size_t len)
{
	size_t i = 0, commas = 0, semis = 0;
	bool quoted = false;

	while (i < len && (s[i] == '\n' || s[i] == '\r' || s[i] == ' ' ||
	    s[i] == '\t'))
		i++;
	for (; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (s[i] == '\n' || s[i] == '\r')
			break;
		else if (s[i] == ',')
			commas++;
		else if (s[i] == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

/* What the CSV reader keeps. */
struct csv {
	struct builder	 b;
	struct rowbuf	 row;
	struct sb	 cell;
	long		 line;		/* current line, 1-based */
};

/* Ends the current cell: cleans it into the row. */
static int
csv_end_cell(struct csv *c)
{
	char *v;
	int rc;

	if (sb_err(&c->cell))
		return cb_error_set(c->b.err, sb_err(&c->cell), NULL, NULL);
	rc = cell_finish(c->cell.buf, c->cell.len, false, &v);
	sb_reset(&c->cell);
	if (rc == -CB_EINVAL) {
		cb_error_detail(c->b.err, "csv: bad text on line %ld", c->line);
		return cb_error_set(c->b.err, CB_EINVAL, "bad_encoding", NULL);
	}
	if (rc != 0)
		return cb_error_set(c->b.err, rc, NULL, NULL);
	if ((rc = rowbuf_set(&c->row, c->row.n, v)) != 0)
		return cb_error_set(c->b.err, rc, rc == -CB_ETOOBIG ?
		    "too_big" : NULL, NULL);
	return 0;
}

/*
 * The RFC 4180 state machine over s[0..len) (UTF-8, BOM removed).  Quotes
 * open a quoted field only at the start of a field; "" inside one is a
 * quote; text after a closing quote is kept (as Excel does).  Lines end
 * with LF, CRLF or a lone CR, inside quotes too (for line counting).
 */
static int
csv_run(struct csv *c, const char *s, size_t len, char delim)
{
	enum { START, PLAIN, QUOTED, CLOSED } st = START;
	long row_line = 1, quote_line = 0;
	size_t i = 0;
	int rc;

	while (i < len) {
		char ch = s[i];

		if (st == QUOTED) {
			if (ch == '"') {
				if (i + 1 < len && s[i + 1] == '"') {
					sb_addc(&c->cell, '"');
					i += 2;
				} else {
					st = CLOSED;
					i++;
				}
				continue;
			}
			if (ch == '\n' || (ch == '\r' &&
			    (i + 1 >= len || s[i + 1] != '\n')))
				c->line++;
			sb_addc(&c->cell, ch);
			i++;
			continue;
		}
		if (ch == '"' && st == START) {
			st = QUOTED;
			quote_line = c->line;
			i++;
			continue;
		}
		if (ch == delim) {
			if ((rc = csv_end_cell(c)) != 0)
				return rc;
			st = START;
			i++;
			continue;
		}
		if (ch == '\r' || ch == '\n') {
			if ((rc = csv_end_cell(c)) != 0 ||
			    (rc = builder_add_row(&c->b, &c->row,
			    row_line)) != 0)
				return rc;
			i += ch == '\r' && i + 1 < len && s[i + 1] == '\n' ?
			    2 : 1;
			row_line = ++c->line;
			st = START;
			continue;
		}
		sb_addc(&c->cell, ch);
		if (st == START)
			st = PLAIN;
		i++;
	}
	if (st == QUOTED) {
		char arg[24];

		snprintf(arg, sizeof(arg), "%ld", quote_line);
		return cb_error_set(c->b.err, CB_EINVAL,
		    "csv_unterminated_quote", arg);
	}
	/* The last line had no line break. */
	if (st != START || c->row.n > 0) {
		if ((rc = csv_end_cell(c)) != 0 ||
		    (rc = builder_add_row(&c->b, &c->row, row_line)) != 0)
			return rc;
	}
	return 0;
}

/* True if UTF-8 s has a C1 control character (U+0080..U+009F). */
static bool
has_c1(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++)
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			return true;
	return false;
}

int
table_parse_csv(const char *data, size_t len, size_t max_rows,
    struct table *ret, struct cb_error *err)
{
	struct csv c;
	char *decoded = NULL;
	const char *s = data;
	int rc;

	memset(ret, 0, sizeof(*ret));
	snprintf(ret->format, sizeof(ret->format), "csv");
	snprintf(ret->encoding, sizeof(ret->encoding), "utf-8");
	if (data == NULL) {
		s = "";
		len = 0;
	}
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		len -= 3;
	} else if (len >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 ||
	    memcmp(s, "\xFE\xFF", 2) == 0)) {
		cb_error_detail(err, "csv: UTF-16 is not supported");
		return cb_error_set(err, CB_EINVAL, "bad_encoding", NULL);
	}
	if (memchr(s, '\0', len) != NULL) {
		cb_error_detail(err, "csv: NUL byte (a binary file?)");
		return cb_error_set(err, CB_EINVAL, "bad_encoding", NULL);
	}
	if (!text_utf8_wellformed(s, len)) {
		decoded = text_from_charset(s, len, "windows-1258");
		if (decoded != NULL && has_c1(decoded)) {
			/* Bytes Windows-1258 leaves undefined: another
			 * code page (TCVN3, VNI...). */
			free(decoded);
			decoded = NULL;
		}
		if (decoded == NULL) {
			cb_error_detail(err, "csv: neither UTF-8 nor "
			    "Windows-1258");
			return cb_error_set(err, CB_EINVAL, "bad_encoding",
			    NULL);
		}
		s = decoded;
		len = strlen(decoded);
		snprintf(ret->encoding, sizeof(ret->encoding),
		    "windows-1258");
	}
	ret->delimiter = csv_delimiter(s, len);

	memset(&c, 0, sizeof(c));
	c.b.t = ret;
	c.b.max_rows = max_rows;
	c.b.err = err;
	c.line = 1;
	sb_init(&c.cell, 0);
	rc = csv_run(&c, s, len, ret->delimiter);
	if (rc == 0 && ret->nrows == 0)
		rc = cb_error_set(err, CB_EINVAL, "csv_empty", NULL);
	sb_release(&c.cell);
	rowbuf_release(&c.row);
	free(decoded);
	if (rc != 0) {
		char format[8], encoding[16], delim = ret->delimiter;

		memcpy(format, ret->format, sizeof(format));
		memcpy(encoding, ret->encoding, sizeof(encoding));
		table_release(ret);
		memcpy(ret->format, format, sizeof(format));
		memcpy(ret->encoding, encoding, sizeof(encoding));
		ret->delimiter = delim;
	}
	return rc;
}

/* ------------------------------------------------------ CSV, streamed */

#define READER_MAX_CELLS 16384

struct table_reader {
	const char		*s;		/* the next byte */
	const char		*end;
	char			 delim;
	long			 line;		/* of s, 1-based */
	struct sb		 arena;		/* the row's cells, NUL-ended */
	size_t			*offs;		/* each cell's offset */
	size_t			 capoffs;
	char			**cells;
	size_t			 capcells;
	struct table_row	 row;
};

int
table_reader_open(const char *data, size_t len, struct table_reader **ret,
    struct cb_error *err)
{
	struct table_reader *r;

	*ret = NULL;
	if (data == NULL)
		data = "", len = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	r->s = data;
	r->end = data + len;
	r->delim = csv_delimiter(data, len);
	r->line = 1;
	sb_init(&r->arena, 0);
	*ret = r;
	return 0;
}

char
table_reader_delimiter(const struct table_reader *r)
{
	return r->delim;
}

void
table_reader_close(struct table_reader *r)
{
	if (r == NULL)
		return;
	sb_release(&r->arena);
	free(r->offs);
	free(r->cells);
	free(r);
}

/* Ends the cell whose raw bytes start at arena offset start: cleans it in
 * place (table_parse_csv's cell_finish), records it. */
static int
reader_end_cell(struct table_reader *r, size_t start, struct cb_error *err)
{
	char *c = r->arena.buf + start;
	size_t n = r->arena.len - start, i;

	if (sb_err(&r->arena))
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if (r->row.ncells == READER_MAX_CELLS)
		return cb_error_set(err, CB_ETOOBIG, "too_big", NULL);
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)c[i];

		if (ch == 0) {
			cb_error_detail(err, "csv: NUL on line %ld", r->line);
			return cb_error_set(err, CB_EINVAL, "bad_encoding",
			    NULL);
		}
		if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') ||
		    ch == 0x7F)
			c[i] = ' ';
	}
	if (!text_is_clean(c, n)) {
		char *clean;

		sb_addc(&r->arena, '\0');
		c = r->arena.buf + start;
		if (sb_err(&r->arena))
			return cb_error_set(err, CB_ENOMEM, NULL, NULL);
		if (!text_utf8_valid(c, n)) {
			cb_error_detail(err, "csv: bad text on line %ld",
			    r->line);
			return cb_error_set(err, CB_EINVAL, "bad_encoding",
			    NULL);
		}
		if ((clean = text_clean(c)) == NULL)
			return cb_error_set(err, CB_ENOMEM, NULL, NULL);
		r->arena.len = start;
		sb_add(&r->arena, clean);
		free(clean);
	}
	sb_addc(&r->arena, '\0');
	if (r->row.ncells == r->capoffs && array_grow(&r->offs, &r->capoffs,
	    r->row.ncells + 1, sizeof(*r->offs)) != 0)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	r->offs[r->row.ncells++] = start;
	return sb_err(&r->arena) ? cb_error_set(err, CB_ENOMEM, NULL, NULL) :
	    0;
}

int
table_reader_next(struct table_reader *r, const struct table_row **ret,
    struct cb_error *err)
{
	const char *s, *end = r->end;
	char delim = r->delim;
	size_t i;
	bool empty;
	int rc;

	for (;;) {
		long quote_line = 0;
		bool eol = false;

		if (r->s >= end)
			return 0;
		sb_reset(&r->arena);
		r->row.ncells = 0;
		r->row.line = r->line;
		s = r->s;
		while (!eol) {
			size_t start = r->arena.len;
			const char *p;

			if (s < end && *s == '"') {
				/* Quoted; text after the closing quote is
				 * kept, as Excel does. */
				quote_line = r->line;
				s++;
				for (;;) {
					if (s >= end) {
						char arg[24];

						snprintf(arg, sizeof(arg),
						    "%ld", quote_line);
						return cb_error_set(err,
						    CB_EINVAL,
						    "csv_unterminated_quote",
						    arg);
					}
					if (*s == '"') {
						if (s + 1 < end &&
						    s[1] == '"') {
							sb_addc(&r->arena,
							    '"');
							s += 2;
							continue;
						}
						s++;
						break;
					}
					if (*s == '\n' || (*s == '\r' &&
					    (s + 1 >= end || s[1] != '\n')))
						r->line++;
					for (p = s; p < end && *p != '"' &&
					    *p != '\n' && *p != '\r'; p++)
						;
					if (p == s)
						p++;
					sb_addn(&r->arena, s,
					    (size_t)(p - s));
					s = p;
				}
			}
			for (p = s; p < end && *p != delim && *p != '\n' &&
			    *p != '\r'; p++)
				;
			sb_addn(&r->arena, s, (size_t)(p - s));
			s = p;
			if ((rc = reader_end_cell(r, start, err)) != 0)
				return rc;
			if (s < end && *s == delim) {
				s++;
				continue;
			}
			/* The end of the line (or of the file). */
			if (s < end) {
				s += *s == '\r' && s + 1 < end &&
				    s[1] == '\n' ? 2 : 1;
				r->line++;
			}
			eol = true;
		}
		r->s = s;
		empty = true;
		for (i = 0; i < r->row.ncells && empty; i++)
			empty = r->arena.buf[r->offs[i]] == '\0';
		if (!empty)
			break;
	}
	if (array_grow(&r->cells, &r->capcells, r->row.ncells,
	    sizeof(*r->cells)) != 0)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	for (i = 0; i < r->row.ncells; i++)
		r->cells[i] = r->arena.buf + r->offs[i];
	r->row.cells = r->cells;
	*ret = &r->row;
	return 1;
}

/* ---------------------------------------------------------------- XLSX */

/* The first member of every expat user-data struct below. */
struct xml_base {
	XML_Parser	 p;
	struct cb_error	*err;
	int		 rc;	/* first error, -CB_E* (err set) */
};

/* Records error rc (err already set by the caller) and stops the parser. */
static void
xml_fail(struct xml_base *x, int rc)
{
	if (x->rc == 0)
		x->rc = rc;
	XML_StopParser(x->p, XML_FALSE);
}

/* Sets err to code/mcode and stops the parser. */
static void
xml_error(struct xml_base *x, int code, const char *mcode)
{
	xml_fail(x, cb_error_set(x->err, code, mcode, NULL));
}

/* The local part of an expat name "uri local" (or the name itself). */
static const char *
xml_local(const XML_Char *name)
{
	const char *p = strrchr(name, NS_SEP);

	return p != NULL ? p + 1 : name;
}

/*
 * The value of attribute local (ignoring its namespace if any; with
 * need_ns, only a namespaced one such as r:id) or NULL.
 */
static const char *
xml_attr(const XML_Char **atts, const char *local, bool need_ns)
{
	size_t i;

	for (i = 0; atts[i] != NULL; i += 2) {
		const char *sep = strrchr(atts[i], NS_SEP);

		if (need_ns && sep == NULL)
			continue;
		if (strcmp(sep ? sep + 1 : atts[i], local) == 0)
			return atts[i + 1];
	}
	return NULL;
}

/* A DOCTYPE has no place in OOXML; refusing it rules out entity tricks. */
static void XMLCALL
xml_on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal_subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	xml_error(ud, CB_EINVAL, "xlsx_invalid");
}

/*
 * Streams the part name of za through a new namespace-aware expat parser
 * with the given handlers and x (the handlers' user data).  Returns 0, 1 if
 * the archive has no such part, or -CB_E* with err set: "xlsx_invalid"
 * (unreadable, or not well-formed XML), "too_big" (over XLSX_MAX_PART
 * uncompressed), or whatever a handler reported.
 */
static int
xml_run(zip_t *za, const char *name, XML_StartElementHandler on_start,
    XML_EndElementHandler on_end, XML_CharacterDataHandler on_text,
    struct xml_base *x)
{
	zip_stat_t zs;
	zip_file_t *zf;
	zip_int64_t idx, n;
	zip_uint64_t total = 0;
	void *buf;
	int rc = 0;

	if ((idx = zip_name_locate(za, name, 0)) < 0)
		return 1;
	zip_stat_init(&zs);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &zs) != 0)
		return cb_error_set(x->err, CB_EINVAL, "xlsx_invalid", NULL);
	if ((zs.valid & ZIP_STAT_SIZE) && zs.size > XLSX_MAX_PART) {
		cb_error_detail(x->err, "xlsx: %s is %llu bytes", name,
		    (unsigned long long)zs.size);
		return cb_error_set(x->err, CB_ETOOBIG, "too_big", NULL);
	}
	if ((zf = zip_fopen_index(za, (zip_uint64_t)idx, 0)) == NULL)
		return cb_error_set(x->err, CB_EINVAL, "xlsx_invalid", NULL);
	if ((x->p = XML_ParserCreateNS(NULL, NS_SEP)) == NULL) {
		zip_fclose(zf);
		return cb_error_set(x->err, CB_ENOMEM, NULL, NULL);
	}
	x->rc = 0;
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, on_start, on_end);
	if (on_text != NULL)
		XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetStartDoctypeDeclHandler(x->p, xml_on_doctype);
	for (;;) {
		if ((buf = XML_GetBuffer(x->p, XLSX_CHUNK)) == NULL) {
			rc = cb_error_set(x->err, CB_ENOMEM, NULL, NULL);
			break;
		}
		/* The declared size may lie: count what comes out. */
		if ((n = zip_fread(zf, buf, XLSX_CHUNK)) < 0) {
			cb_error_detail(x->err, "xlsx: %s: %s", name,
			    zip_file_strerror(zf));
			rc = cb_error_set(x->err, CB_EINVAL, "xlsx_invalid",
			    NULL);
			break;
		}
		total += (zip_uint64_t)n;
		if (total > XLSX_MAX_PART) {
			rc = cb_error_set(x->err, CB_ETOOBIG, "too_big", NULL);
			break;
		}
		if (XML_ParseBuffer(x->p, (int)n, n == 0) != XML_STATUS_OK) {
			if ((rc = x->rc) == 0) {
				cb_error_detail(x->err, "xlsx: %s line %lu: %s",
				    name, (unsigned long)
				    XML_GetCurrentLineNumber(x->p),
				    XML_ErrorString(XML_GetErrorCode(x->p)));
				rc = cb_error_set(x->err, CB_EINVAL,
				    "xlsx_invalid", NULL);
			}
			break;
		}
		if ((rc = x->rc) != 0 || n == 0)
			break;
	}
	XML_ParserFree(x->p);
	x->p = NULL;
	zip_fclose(zf);
	return rc;
}

/*
 * Resolves a relationship target against the folder dir ("xl/") into a
 * malloc'd part name: "/xl/a.xml" is absolute, "../" and "./" segments are
 * folded.  NULL on out-of-memory.
 */
static char *
part_resolve(const char *dir, const char *target)
{
	struct sb in, out;
	char *seg, *p, *end;

	sb_init(&in, 4096);
	sb_init(&out, 4096);
	if (target[0] != '/')
		sb_add(&in, dir);
	sb_add(&in, target[0] == '/' ? target + 1 : target);
	if (sb_err(&in)) {
		sb_release(&in);
		return NULL;
	}
	for (seg = in.buf; seg != NULL; seg = end) {
		if ((end = strchr(seg, '/')) != NULL)
			*end++ = '\0';
		if (seg[0] == '\0' || strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			/* Drop the last segment of out. */
			p = strrchr(out.buf, '/');
			out.len = p != NULL ? (size_t)(p - out.buf) : 0;
			if (out.alloc)
				out.buf[out.len] = '\0';
			continue;
		}
		if (out.len)
			sb_addc(&out, '/');
		sb_add(&out, seg);
	}
	sb_release(&in);
	return sb_detach(&out, NULL);
}

/* _rels/.rels and xl/_rels/workbook.xml.rels. */
struct rels {
	struct xml_base	 x;
	const char	*dir;		/* folder targets are relative to */
	const char	*want_id;	/* the sheet's r:id, or NULL */
	char		*office;	/* officeDocument part */
	char		*sheet;		/* want_id's part */
	char		*strings;	/* sharedStrings part */
	char		*styles;	/* styles part */
};

/* True if the relationship type URI ends with "/name". */
static bool
rel_type_is(const char *type, const char *name)
{
	size_t tl = strlen(type), nl = strlen(name);

	return tl > nl && type[tl - nl - 1] == '/' &&
	    strcmp(type + tl - nl, name) == 0;
}

/* Keeps the first relationship of each kind we need. */
static void XMLCALL
rels_on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rels *r = ud;
	const char *id, *type, *target, *mode;
	char **slot = NULL;

	if (strcmp(xml_local(name), "Relationship") != 0)
		return;
	id = xml_attr(atts, "Id", false);
	type = xml_attr(atts, "Type", false);
	target = xml_attr(atts, "Target", false);
	mode = xml_attr(atts, "TargetMode", false);
	if (type == NULL || target == NULL ||
	    (mode != NULL && strcmp(mode, "External") == 0))
		return;
	if (r->want_id != NULL && id != NULL && strcmp(id, r->want_id) == 0)
		slot = &r->sheet;
	else if (rel_type_is(type, "officeDocument"))
		slot = &r->office;
	else if (rel_type_is(type, "sharedStrings"))
		slot = &r->strings;
	else if (rel_type_is(type, "styles"))
		slot = &r->styles;
	if (slot == NULL || *slot != NULL)
		return;
	if ((*slot = part_resolve(r->dir, target)) == NULL)
		xml_error(&r->x, CB_ENOMEM, NULL);
}

static void XMLCALL
xml_on_end_nop(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

static void
rels_release(struct rels *r)
{
	free(r->office);
	free(r->sheet);
	free(r->strings);
	free(r->styles);
}

/* xl/workbook.xml: the first sheet's r:id and the date system. */
struct workbook {
	struct xml_base	 x;
	char		*sheet_rid;
	bool		 seen_sheet;
	bool		 date1904;
};

static void XMLCALL
workbook_on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct workbook *w = ud;
	const char *local = xml_local(name), *v;

	if (strcmp(local, "workbookPr") == 0) {
		v = xml_attr(atts, "date1904", false);
		w->date1904 = v != NULL && (strcmp(v, "1") == 0 ||
		    strcmp(v, "true") == 0);
	} else if (strcmp(local, "sheet") == 0 && !w->seen_sheet) {
		w->seen_sheet = true;
		if ((v = xml_attr(atts, "id", true)) != NULL &&
		    (w->sheet_rid = strdup(v)) == NULL)
			xml_error(&w->x, CB_ENOMEM, NULL);
	}
}

/* Parses digits s into *ret (<= max); false if s is not all digits or
 * the value is over max (checked before it could wrap around). */
static bool
parse_uint(const char *s, unsigned long max, unsigned long *ret)
{
	unsigned long v = 0, d;

	if (s == NULL || *s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		d = (unsigned long)(*s - '0');
		if (v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*ret = v;
	return true;
}

/* Shared strings: cleaned, NUL-separated in pool, offsets in off. */
struct sst {
	struct xml_base	 x;
	struct sb	 pool;
	size_t		*off;
	size_t		 n;
	size_t		 cap;
	struct sb	 cur;		/* the <si> being read */
	int		 in_si;
	int		 in_t;
	int		 in_rph;	/* phonetic runs are not text */
};

static void XMLCALL
sst_on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sst *s = ud;
	const char *local = xml_local(name);

	(void)atts;
	if (strcmp(local, "si") == 0) {
		s->in_si = 1;
		sb_reset(&s->cur);
	} else if (strcmp(local, "rPh") == 0) {
		s->in_rph++;
	} else if (strcmp(local, "t") == 0 && s->in_si && !s->in_rph) {
		s->in_t = 1;
	}
}

static void XMLCALL
sst_on_end(void *ud, const XML_Char *name)
{
	struct sst *s = ud;
	const char *local = xml_local(name);
	char *v;
	int rc;

	if (strcmp(local, "t") == 0) {
		s->in_t = 0;
	} else if (strcmp(local, "rPh") == 0) {
		s->in_rph--;
	} else if (strcmp(local, "si") == 0 && s->in_si) {
		s->in_si = 0;
		if (sb_err(&s->cur)) {
			xml_error(&s->x, -sb_err(&s->cur),
			    sb_err(&s->cur) == -CB_ETOOBIG ? "too_big" : NULL);
			return;
		}
		if ((rc = cell_finish(s->cur.buf, s->cur.len, true, &v)) != 0) {
			xml_error(&s->x, -rc, rc == -CB_EINVAL ?
			    "xlsx_invalid" : NULL);
			return;
		}
		if (s->n == s->cap) {
			size_t ncap = s->cap ? s->cap * 2 : 256;
			size_t *no = realloc(s->off, ncap * sizeof(*no));

			if (no == NULL) {
				free(v);
				xml_error(&s->x, CB_ENOMEM, NULL);
				return;
			}
			s->off = no;
			s->cap = ncap;
		}
		s->off[s->n++] = s->pool.len;
		sb_addn(&s->pool, v, strlen(v) + 1);
		free(v);
		if (sb_err(&s->pool))
			xml_error(&s->x, -sb_err(&s->pool),
			    sb_err(&s->pool) == -CB_ETOOBIG ? "too_big" : NULL);
	}
}

static void XMLCALL
sst_on_text(void *ud, const XML_Char *text, int len)
{
	struct sst *s = ud;

	if (s->in_t)
		sb_addn(&s->cur, text, (size_t)len);
}

/* Built-in number formats that show a date (ECMA-376 18.8.30; the East
 * Asian ones too).  Time-only formats (18..21, 45..47...) are not dates. */
static bool
builtin_fmt_is_date(unsigned long id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) ||
	    id == 36 || id == 50 || id == 51 || id == 54 || id == 57 ||
	    id == 58;
}

/*
 * True if a custom number format shows a date: its first section has d or
 * y, or m without h or s (then m is a month, not minutes), outside quoted
 * text, escapes, and [colour]/[$-locale] brackets; [h] [mm] [ss] count as
 * time.
 */
static bool
format_is_date(const char *f)
{
	bool d = false, m = false, y = false, time = false;
	const char *p, *q;

	for (p = f; *p != '\0' && *p != ';'; p++) {
		switch (*p) {
		case '"':
			if ((q = strchr(p + 1, '"')) == NULL)
				return false;
			p = q;
			break;
		case '\\':
		case '_':
		case '*':
			if (p[1] != '\0')
				p++;
			break;
		case '[':
			if ((q = strchr(p + 1, ']')) == NULL)
				return false;
			if (q > p + 1 && strspn(p + 1, "hHmMsS") ==
			    (size_t)(q - p - 1))
				time = true;
			p = q;
			break;
		case 'd': case 'D':
			d = true;
			break;
		case 'm': case 'M':
			m = true;
			break;
		case 'y': case 'Y':
			y = true;
			break;
		case 'h': case 'H': case 's': case 'S':
			time = true;
			break;
		default:
			break;
		}
	}
	return d || y || (m && !time);
}

/* xl/styles.xml: which cell style indexes (cellXfs) show dates. */
struct styles {
	struct xml_base	 x;
	struct numfmt {
		unsigned long	 id;
		bool		 date;
	}		*fmt;		/* the custom number formats */
	size_t		 nfmt;
	size_t		 fmt_cap;
	bool		*xf_date;	/* per cellXfs <xf> */
	size_t		 nxf;
	size_t		 xf_cap;
	int		 in_numfmts;
	int		 in_cellxfs;
};

/* Grows *arr (of elem-sized items, *cap of them) to hold n + 1 items. */
static int
grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 32;
	if ((p = realloc(*arr, ncap * elem)) == NULL)
		return -CB_ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

static void XMLCALL
styles_on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct styles *s = ud;
	const char *local = xml_local(name), *code;
	unsigned long id = 0;
	bool date = false;
	size_t i;

	if (strcmp(local, "numFmts") == 0) {
		s->in_numfmts = 1;
	} else if (strcmp(local, "cellXfs") == 0) {
		s->in_cellxfs = 1;
	} else if (strcmp(local, "numFmt") == 0 && s->in_numfmts) {
		code = xml_attr(atts, "formatCode", false);
		if (!parse_uint(xml_attr(atts, "numFmtId", false), 0xFFFFFFFF,
		    &id) || code == NULL)
			return;
		if (grow((void **)&s->fmt, &s->fmt_cap, s->nfmt,
		    sizeof(*s->fmt)) != 0) {
			xml_error(&s->x, CB_ENOMEM, NULL);
			return;
		}
		s->fmt[s->nfmt].id = id;
		s->fmt[s->nfmt++].date = format_is_date(code);
	} else if (strcmp(local, "xf") == 0 && s->in_cellxfs) {
		if (parse_uint(xml_attr(atts, "numFmtId", false), 0xFFFFFFFF,
		    &id)) {
			date = builtin_fmt_is_date(id);
			for (i = 0; i < s->nfmt; i++)
				if (s->fmt[i].id == id)
					date = s->fmt[i].date;
		}
		if (grow((void **)&s->xf_date, &s->xf_cap, s->nxf,
		    sizeof(*s->xf_date)) != 0) {
			xml_error(&s->x, CB_ENOMEM, NULL);
			return;
		}
		s->xf_date[s->nxf++] = date;
	}
}

static void XMLCALL
styles_on_end(void *ud, const XML_Char *name)
{
	struct styles *s = ud;
	const char *local = xml_local(name);

	if (strcmp(local, "numFmts") == 0)
		s->in_numfmts = 0;
	else if (strcmp(local, "cellXfs") == 0)
		s->in_cellxfs = 0;
}

/* The C locale for numbers, whatever setlocale() the program made. */
static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void
c_locale_make(void)
{
	c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

/* The sheet being read. */
struct sheet {
	struct xml_base	 x;
	struct builder	*b;
	const struct sst *sst;
	const struct styles *styles;
	bool		 date1904;
	struct rowbuf	 row;
	int		 in_data;	/* inside <sheetData> */
	int		 in_row;
	long		 row_num;	/* current <row r>, 1-based */
	size_t		 next_col;
	/* The current <c>: */
	int		 in_c;
	size_t		 col;
	char		 type[12];
	unsigned long	 style;
	struct sb	 v;		/* <v> text */
	struct sb	 is;		/* <is> text */
	int		 in_v;
	int		 in_is;
	int		 in_t;
	int		 in_rph;
};

/* Column index (0-based) of a reference like "AB12"; false if malformed. */
static bool
ref_col(const char *ref, size_t *ret)
{
	size_t col = 0, n = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++, n++) {
		col = col * 26 + (size_t)(*ref - 'A' + 1);
		if (col > TABLE_MAX_COLS)
			return false;
	}
	if (n == 0)
		return false;
	while (*ref >= '0' && *ref <= '9')
		ref++;
	if (*ref != '\0')
		return false;
	*ret = col - 1;
	return true;
}

static void XMLCALL
sheet_on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sheet *s = ud;
	const char *local = xml_local(name), *v;
	unsigned long n;

	if (strcmp(local, "sheetData") == 0) {
		s->in_data = 1;
	} else if (!s->in_data) {
		return;
	} else if (strcmp(local, "row") == 0) {
		s->in_row = 1;
		if ((v = xml_attr(atts, "r", false)) != NULL) {
			if (!parse_uint(v, XLSX_MAX_ROW, &n) || n == 0) {
				xml_error(&s->x, CB_EINVAL, "xlsx_invalid");
				return;
			}
			s->row_num = (long)n;
		} else {
			s->row_num++;
		}
		s->next_col = 0;
		rowbuf_clear(&s->row);
	} else if (strcmp(local, "c") == 0 && s->in_row) {
		s->in_c = 1;
		s->col = s->next_col;
		if ((v = xml_attr(atts, "r", false)) != NULL &&
		    !ref_col(v, &s->col)) {
			xml_error(&s->x, CB_EINVAL, "xlsx_invalid");
			return;
		}
		v = xml_attr(atts, "t", false);
		snprintf(s->type, sizeof(s->type), "%s", v ? v : "n");
		if (!parse_uint(xml_attr(atts, "s", false), 0xFFFFFFFF,
		    &s->style))
			s->style = 0;
		sb_reset(&s->v);
		sb_reset(&s->is);
	} else if (!s->in_c) {
		return;
	} else if (strcmp(local, "v") == 0) {
		s->in_v = 1;
	} else if (strcmp(local, "is") == 0) {
		s->in_is = 1;
	} else if (strcmp(local, "rPh") == 0) {
		s->in_rph++;
	} else if (strcmp(local, "t") == 0 && s->in_is && !s->in_rph) {
		s->in_t = 1;
	}
}

/*
 * Excel date serial v as ISO date in out.  1900 system: serial 1 is
 * 1900-01-01 and Excel counts a 29 February 1900 that never was (serial
 * 60), so serials from 61 on are one day ahead of a plain count.  1904
 * system: serial 0 is 1904-01-01.  False if v is no date (below 1, 60,
 * beyond 9999-12-31).
 */
static bool
serial_to_date(double v, bool date1904, char out[DATE_LEN])
{
	struct date base, d;
	int64_t n;

	if (!(v >= 0.0) || v >= 2958466.0)
		return false;
	n = (int64_t)floor(v);
	if (date1904) {
		base = (struct date){ 1904, 1, 1 };
	} else {
		if (n < 1 || n == 60)
			return false;
		base = (struct date){ 1899, 12, 31 };
		if (n > 60)
			n--;
	}
	d = date_add_days(&base, n);
	if (d.y > 9999)
		return false;
	date_format_iso(&d, out);
	return true;
}

/*
 * The text of a numeric cell: an ISO date if its style is a date format
 * and v a date serial, else v with up to 15 significant digits (integers
 * without ".0", as Excel shows them).  Not a number: v itself.
 */
static int
number_text(const struct sheet *s, const char *v, char **ret)
{
	char buf[64], *end;
	locale_t old;
	double d;

	pthread_once(&c_locale_once, c_locale_make);
	if (c_locale == (locale_t)0)
		return -CB_ENOMEM;
	d = strtod_l(v, &end, c_locale);
	if (end == v || *end != '\0' || !isfinite(d))
		return cell_finish(v, strlen(v), false, ret);
	if (s->styles != NULL && s->style < s->styles->nxf &&
	    s->styles->xf_date[s->style] &&
	    serial_to_date(d, s->date1904, buf)) {
		/* buf holds the date */
	} else if (d == 0.0) {
		snprintf(buf, sizeof(buf), "0");	/* not "-0" */
	} else {
		old = uselocale(c_locale);
		snprintf(buf, sizeof(buf), "%.15g", d);
		uselocale(old);
	}
	return (*ret = strdup(buf)) != NULL ? 0 : -CB_ENOMEM;
}

/* The text of the current cell, malloc'd in *ret.  0 or -CB_E*. */
static int
cell_text(struct sheet *s, char **ret)
{
	const char *t = s->type;
	unsigned long i;
	struct date d;

	if (sb_err(&s->v) || sb_err(&s->is))
		return -CB_ETOOBIG;
	if (strcmp(t, "s") == 0) {
		if (s->v.len == 0)
			return (*ret = strdup("")) != NULL ? 0 : -CB_ENOMEM;
		if (s->sst == NULL || !parse_uint(s->v.buf, SIZE_MAX, &i) ||
		    i >= s->sst->n)
			return -CB_EINVAL;
		*ret = strdup(s->sst->pool.buf + s->sst->off[i]);
		return *ret != NULL ? 0 : -CB_ENOMEM;
	}
	if (strcmp(t, "inlineStr") == 0)
		return cell_finish(s->is.buf, s->is.len, true, ret);
	if (strcmp(t, "b") == 0)
		return (*ret = strdup(strcmp(s->v.buf, "1") == 0 ? "TRUE" :
		    "FALSE")) != NULL ? 0 : -CB_ENOMEM;
	if (strcmp(t, "d") == 0 && s->v.len >= 10) {
		char iso[DATE_LEN];

		memcpy(iso, s->v.buf, 10);
		iso[10] = '\0';
		if ((s->v.len == 10 || s->v.buf[10] == 'T') &&
		    date_parse_iso(iso, &d) == 0)
			return (*ret = strdup(iso)) != NULL ? 0 : -CB_ENOMEM;
	}
	if (strcmp(t, "n") == 0 && s->v.len > 0)
		return number_text(s, s->v.buf, ret);
	/* "str" (a formula's text), "e" (#N/A...), odd "d", empty "n". */
	return cell_finish(s->v.buf, s->v.len, true, ret);
}

static void XMLCALL
sheet_on_end(void *ud, const XML_Char *name)
{
	struct sheet *s = ud;
	const char *local = xml_local(name);
	char *v = NULL;
	int rc;

	if (strcmp(local, "sheetData") == 0) {
		s->in_data = 0;
	} else if (strcmp(local, "row") == 0 && s->in_row) {
		s->in_row = 0;
		if ((rc = builder_add_row(s->b, &s->row, s->row_num)) != 0)
			xml_fail(&s->x, rc);
	} else if (strcmp(local, "c") == 0 && s->in_c) {
		s->in_c = 0;
		s->next_col = s->col + 1;
		if ((rc = cell_text(s, &v)) != 0) {
			xml_error(&s->x, -rc, rc == -CB_EINVAL ?
			    "xlsx_invalid" : rc == -CB_ETOOBIG ? "too_big" :
			    NULL);
			return;
		}
		/* Empty cells are not stored: gaps read as "". */
		if (v[0] == '\0') {
			free(v);
			return;
		}
		if ((rc = rowbuf_set(&s->row, s->col, v)) != 0)
			xml_error(&s->x, -rc, rc == -CB_ETOOBIG ? "too_big" :
			    NULL);
	} else if (strcmp(local, "v") == 0) {
		s->in_v = 0;
	} else if (strcmp(local, "is") == 0) {
		s->in_is = 0;
	} else if (strcmp(local, "rPh") == 0) {
		s->in_rph--;
	} else if (strcmp(local, "t") == 0) {
		s->in_t = 0;
	}
}

static void XMLCALL
sheet_on_text(void *ud, const XML_Char *text, int len)
{
	struct sheet *s = ud;

	if (s->in_v)
		sb_addn(&s->v, text, (size_t)len);
	else if (s->in_t)
		sb_addn(&s->is, text, (size_t)len);
}

/* The folder of part name ("xl/workbook.xml" -> "xl/"), malloc'd. */
static char *
part_dir(const char *name)
{
	const char *slash = strrchr(name, '/');

	return strndup(name, slash != NULL ? (size_t)(slash - name + 1) : 0);
}

/* The relationships part of name ("xl/_rels/workbook.xml.rels"). */
static char *
part_rels(const char *name)
{
	const char *slash = strrchr(name, '/');
	size_t dl = slash != NULL ? (size_t)(slash - name + 1) : 0;
	struct sb b;

	sb_init(&b, 4096);
	sb_addn(&b, name, dl);
	sb_add(&b, "_rels/");
	sb_add(&b, name + dl);
	sb_add(&b, ".rels");
	return sb_detach(&b, NULL);
}

/* Everything the XLSX reader holds. */
struct xlsx {
	zip_t		*za;
	struct rels	 root;
	struct rels	 wbrels;
	struct workbook	 wb;
	struct sst	 sst;
	struct styles	 st;
	struct sheet	 sh;
	char		*wb_dir;
	char		*wb_rels;
	struct cb_error	*err;
};

static void
xlsx_release(struct xlsx *x)
{
	rels_release(&x->root);
	rels_release(&x->wbrels);
	free(x->wb.sheet_rid);
	sb_release(&x->sst.pool);
	sb_release(&x->sst.cur);
	free(x->sst.off);
	free(x->st.fmt);
	free(x->st.xf_date);
	rowbuf_release(&x->sh.row);
	sb_release(&x->sh.v);
	sb_release(&x->sh.is);
	free(x->wb_dir);
	free(x->wb_rels);
	if (x->za != NULL)
		zip_discard(x->za);
}

/* Opens the archive and reads everything but the sheet.  0 or -CB_E*. */
static int
xlsx_open(struct xlsx *x, const char *data, size_t len)
{
	const char *wb_name;
	zip_source_t *src;
	zip_error_t ze;
	int rc;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src == NULL) {
		zip_error_fini(&ze);
		return cb_error_set(x->err, CB_ENOMEM, NULL, NULL);
	}
	if ((x->za = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		cb_error_detail(x->err, "xlsx: %s", zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return cb_error_set(x->err, CB_EINVAL, "xlsx_invalid", NULL);
	}
	zip_error_fini(&ze);

	/* _rels/.rels names the workbook part; usually xl/workbook.xml. */
	x->root.x.err = x->err;
	x->root.dir = "";
	if ((rc = xml_run(x->za, "_rels/.rels", rels_on_start, xml_on_end_nop,
	    NULL, &x->root.x)) < 0)
		return rc;
	wb_name = x->root.office != NULL &&
	    zip_name_locate(x->za, x->root.office, 0) >= 0 ?
	    x->root.office : "xl/workbook.xml";
	x->wb.x.err = x->err;
	if ((rc = xml_run(x->za, wb_name, workbook_on_start, xml_on_end_nop,
	    NULL, &x->wb.x)) != 0) {
		if (rc == 1)
			cb_error_detail(x->err, "xlsx: no workbook part");
		return rc < 0 ? rc : cb_error_set(x->err, CB_EINVAL,
		    "xlsx_invalid", NULL);
	}
	if (!x->wb.seen_sheet) {
		cb_error_detail(x->err, "xlsx: the workbook has no sheet");
		return cb_error_set(x->err, CB_EINVAL, "xlsx_invalid", NULL);
	}
	if ((x->wb_dir = part_dir(wb_name)) == NULL ||
	    (x->wb_rels = part_rels(wb_name)) == NULL)
		return cb_error_set(x->err, CB_ENOMEM, NULL, NULL);
	x->wbrels.x.err = x->err;
	x->wbrels.dir = x->wb_dir;
	x->wbrels.want_id = x->wb.sheet_rid;
	if ((rc = xml_run(x->za, x->wb_rels, rels_on_start, xml_on_end_nop,
	    NULL, &x->wbrels.x)) < 0)
		return rc;

	sb_init(&x->sst.pool, 0);
	sb_init(&x->sst.cur, 0);
	x->sst.x.err = x->err;
	if ((rc = xml_run(x->za, x->wbrels.strings ? x->wbrels.strings :
	    "xl/sharedStrings.xml", sst_on_start, sst_on_end, sst_on_text,
	    &x->sst.x)) < 0)
		return rc;
	x->sh.sst = rc == 0 ? &x->sst : NULL;
	x->st.x.err = x->err;
	if ((rc = xml_run(x->za, x->wbrels.styles ? x->wbrels.styles :
	    "xl/styles.xml", styles_on_start, styles_on_end, NULL,
	    &x->st.x)) < 0)
		return rc;
	x->sh.styles = rc == 0 ? &x->st : NULL;
	return 0;
}

int
table_parse_xlsx(const char *data, size_t len, size_t max_rows,
    struct table *ret, struct cb_error *err)
{
	struct xlsx x;
	struct builder b;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&x, 0, sizeof(x));
	snprintf(ret->format, sizeof(ret->format), "xlsx");
	x.err = err;
	if (data == NULL || !table_is_xlsx(data, len)) {
		cb_error_detail(err, "xlsx: not a ZIP archive");
		return cb_error_set(err, CB_EINVAL, "xlsx_invalid", NULL);
	}
	if ((rc = xlsx_open(&x, data, len)) != 0)
		goto out;

	memset(&b, 0, sizeof(b));
	b.t = ret;
	b.max_rows = max_rows;
	b.err = err;
	x.sh.x.err = err;
	x.sh.b = &b;
	x.sh.date1904 = x.wb.date1904;
	sb_init(&x.sh.v, 0);
	sb_init(&x.sh.is, 0);
	rc = 1;
	if (x.wbrels.sheet != NULL)
		rc = xml_run(x.za, x.wbrels.sheet, sheet_on_start,
		    sheet_on_end, sheet_on_text, &x.sh.x);
	if (rc == 1)
		rc = xml_run(x.za, "xl/worksheets/sheet1.xml", sheet_on_start,
		    sheet_on_end, sheet_on_text, &x.sh.x);
	if (rc == 1) {
		cb_error_detail(err, "xlsx: no worksheet part");
		rc = cb_error_set(err, CB_EINVAL, "xlsx_invalid", NULL);
	}
	if (rc == 0 && ret->nrows == 0)
		rc = cb_error_set(err, CB_EINVAL, "csv_empty", NULL);
out:
	xlsx_release(&x);
	if (rc != 0) {
		table_release(ret);
		snprintf(ret->format, sizeof(ret->format), "xlsx");
	}
	return rc;
}
