/*
 * csv.c - the CSV reader (see table.h): table_parse_csv, the whole table,
 * and table_reader, the same rows one at a time.
 *
 * Two steps, in this order.  First the bytes become UTF-8 text
 * (csv_decode): a UTF-8 BOM is skipped; for a whole table, UTF-16 and NUL
 * bytes are refused and text that is not well-formed UTF-8 is decoded from
 * Windows-1258, while the streamed reader takes UTF-8 only.  Then one
 * state machine (csv_scan_row) cuts the text into rows of cleaned cells,
 * skipping the rows that are entirely empty: table_reader_next hands each
 * row out as it is, table_parse_csv copies it into the table
 * (table_builder_add_row, with its row and memory limits).
 *
 * The cells of a row are cleaned in place in one arena: most cells are
 * clean already (text_is_clean) and are not copied again.
 */
#include "util/table.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/sb.h"
#include "util/table-int.h"
#include "util/text.h"

#include "util/banned.h"

/* A cell longer than this is -CB_ETOOBIG (the size of a string builder). */
#define CSV_MAX_CELL SB_MAX_DEFAULT

/* ------------------------------------------------------------ decoding */

/* The text of a CSV file, as UTF-8. */
struct csv_text {
	const char *s;
	size_t len;
	char *decoded;        /* malloc'd when s was decoded */
	const char *encoding; /* "utf-8" or "windows-1258" */
};

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

/*
 * Makes data[0..len) (NULL is an empty file) UTF-8 text in *ret: the UTF-8
 * BOM skipped.  With utf8_only that is all (the scan finds bad bytes cell
 * by cell).  Otherwise UTF-16 (by its BOM) and NUL bytes are refused, and
 * bytes that are not well-formed UTF-8 are decoded from Windows-1258,
 * which is refused if they use code points it leaves undefined (another
 * code page: TCVN3, VNI...).  0 or -CB_EINVAL "bad_encoding"; free
 * ret->decoded afterwards.
 */
static int
csv_decode(const char *data, size_t len, bool utf8_only, struct csv_text *ret,
    struct cb_error *err)
{
	const char *s = data;
	char *decoded;

	memset(ret, 0, sizeof(*ret));
	ret->encoding = "utf-8";
	if (data == NULL) {
		s = "";
		len = 0;
	}
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		len -= 3;
	} else if (!utf8_only && len >= 2 &&
	    (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0)) {
		cb_error_detail(err, "csv: UTF-16 is not supported");
		return cb_error_set(err, CB_EINVAL, "bad_encoding", NULL);
	}
	ret->s = s;
	ret->len = len;
	if (utf8_only)
		return 0;
	if (memchr(s, '\0', len) != NULL) {
		cb_error_detail(err, "csv: NUL byte (a binary file?)");
		return cb_error_set(err, CB_EINVAL, "bad_encoding", NULL);
	}
	if (text_utf8_wellformed(s, len))
		return 0;
	decoded = text_from_charset(s, len, "windows-1258");
	if (decoded != NULL && has_c1(decoded)) {
		free(decoded);
		decoded = NULL;
	}
	if (decoded == NULL) {
		cb_error_detail(err, "csv: neither UTF-8 nor Windows-1258");
		return cb_error_set(err, CB_EINVAL, "bad_encoding", NULL);
	}
	ret->s = ret->decoded = decoded;
	ret->len = strlen(decoded);
	ret->encoding = "windows-1258";
	return 0;
}

/* --------------------------------------------------------------- rows */

/*
 * ',' or ';', whichever is more frequent outside quotes on the first line
 * that is not blank (',' if neither is).
 */
static char
csv_delimiter(const char *s, size_t len)
{
	size_t i = 0, commas = 0, semis = 0;
	bool quoted = false;

	while (i < len &&
	    (s[i] == '\n' || s[i] == '\r' || s[i] == ' ' || s[i] == '\t'))
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

/* The state machine's state between rows. */
struct csv_scan {
	const char *s; /* the next byte */
	const char *end;
	char delim;
	long line;       /* of s, 1-based */
	struct sb arena; /* the row's cells, NUL-ended */
	size_t *offs;    /* each cell's offset in arena */
	size_t capoffs;
	size_t ncells;
	long row_line; /* the row's first line */
};

/* Starts scanning text s[0..len) (UTF-8, BOM removed); a row's cells may
 * take row_max bytes (0: SB_MAX_DEFAULT), more is -CB_ENOMEM. */
static void
csv_scan_init(struct csv_scan *c, const char *s, size_t len, size_t row_max)
{
	memset(c, 0, sizeof(*c));
	c->s = s;
	c->end = s + len;
	c->delim = csv_delimiter(s, len);
	c->line = 1;
	sb_init(&c->arena, row_max);
}

static void
csv_scan_release(struct csv_scan *c)
{
	sb_release(&c->arena);
	free(c->offs);
	memset(c, 0, sizeof(*c));
}

/*
 * Ends the cell whose raw bytes start at arena offset start: cleans it in
 * place (text_clean, control characters kept, unless
 * text_is_clean says it would change nothing) and records it.  -CB_E*:
 * "too_big" past TABLE_MAX_COLS cells or CSV_MAX_CELL bytes,
 * "bad_encoding" (a NUL, bad UTF-8), out of memory (the row is over its
 * row_max too).
 */
static int
csv_end_cell(struct csv_scan *c, size_t start, struct cb_error *err)
{
	char *v = c->arena.buf + start, *clean;
	size_t n = c->arena.len - start;
	int rc;

	if (sb_err(&c->arena))
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if (c->ncells == TABLE_MAX_COLS || n > CSV_MAX_CELL)
		return cb_error_set(err, CB_ETOOBIG, "too_big", NULL);
	if (table_cell_scrub(v, n) != 0) {
		cb_error_detail(err, "csv: NUL on line %ld", c->line);
		return cb_error_set(err, CB_EINVAL, "bad_encoding", NULL);
	}
	if (!text_is_clean(v, n)) {
		rc = table_cell_finish(v, n, false, &clean);
		if (rc == -CB_EINVAL) {
			cb_error_detail(err, "csv: bad text on line %ld",
			    c->line);
			return cb_error_set(err, CB_EINVAL, "bad_encoding",
			    NULL);
		}
		if (rc != 0)
			return cb_error_set(err, rc, NULL, NULL);
		c->arena.len = start;
		sb_add(&c->arena, clean);
		free(clean);
	}
	/* Keep the NUL that ends the cell (sb: buf[len] is always NUL),
	 * without a call when there is room. */
	if (c->arena.len + 2 <= c->arena.alloc ||
	    sb_reserve(&c->arena, 1) == 0)
		c->arena.buf[++c->arena.len] = '\0';
	if (c->ncells == c->capoffs &&
	    array_grow(&c->offs, &c->capoffs, c->ncells + 1,
	        sizeof(*c->offs)) != 0)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	c->offs[c->ncells++] = start;
	return sb_err(&c->arena) ?
	    cb_error_set(err, CB_ENOMEM, NULL, NULL) :
	    0;
}

/*
 * The state machine: reads the next row that is not entirely empty into
 * c's arena (ncells cells at offs, row_line its first line).  RFC 4180:
 * quotes open a quoted field only at the start of a field, "" inside one is
 * a quote, text after a closing quote is kept (as Excel does), a quote
 * inside an unquoted field is just a character.  Lines end with LF, CRLF
 * or a lone CR, inside quotes too (for line counting).  1, 0 at the end,
 * or -CB_E* ("csv_unterminated_quote" with the quote's line, or what
 * csv_end_cell reports).
 */
static int
csv_scan_row(struct csv_scan *c, struct cb_error *err)
{
	const char *s, *end = c->end;
	char delim = c->delim;
	size_t i;
	bool empty;
	int rc;

	for (;;) {
		long quote_line = 0;
		bool eol = false;

		if (c->s >= end)
			return 0;
		sb_reset(&c->arena);
		c->ncells = 0;
		c->row_line = c->line;
		s = c->s;
		while (!eol) {
			size_t start = c->arena.len;
			const char *p;

			if (s < end && *s == '"') {
				/* Quoted; text after the closing quote is
				 * kept, as Excel does. */
				quote_line = c->line;
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
							sb_addc(&c->arena,
							    '"');
							s += 2;
							continue;
						}
						s++;
						break;
					}
					if (*s == '\n' ||
					    (*s == '\r' &&
					        (s + 1 >= end ||
					            s[1] != '\n')))
						c->line++;
					for (p = s; p < end && *p != '"' &&
					     *p != '\n' && *p != '\r';
					     p++)
						;
					if (p == s)
						p++;
					sb_addn(&c->arena, s, (size_t)(p - s));
					s = p;
				}
			}
			for (p = s; p < end && *p != delim && *p != '\n' &&
			     *p != '\r';
			     p++)
				;
			sb_addn(&c->arena, s, (size_t)(p - s));
			s = p;
			if ((rc = csv_end_cell(c, start, err)) != 0)
				return rc;
			if (s < end && *s == delim) {
				s++;
				continue;
			}
			/* The end of the line (or of the file). */
			if (s < end) {
				s += *s == '\r' && s + 1 < end &&
				        s[1] == '\n' ?
				    2 :
				    1;
				c->line++;
			}
			eol = true;
		}
		c->s = s;
		empty = true;
		for (i = 0; i < c->ncells && empty; i++)
			empty = c->arena.buf[c->offs[i]] == '\0';
		if (!empty)
			return 1;
	}
}

/* The cell i of the row just scanned. */
static char *
csv_cell(const struct csv_scan *c, size_t i)
{
	return c->arena.buf + c->offs[i];
}

/* --------------------------------------------------------- whole table */

int
table_parse_csv(const char *data, size_t len, size_t max_rows,
    struct table *ret, struct cb_error *err)
{
	struct csv_text text;
	struct csv_scan c;
	struct builder b;
	struct rowbuf row;
	size_t i;
	char *v;
	int rc;

	memset(ret, 0, sizeof(*ret));
	snprintf(ret->format, sizeof(ret->format), "csv");
	snprintf(ret->encoding, sizeof(ret->encoding), "utf-8");
	if ((rc = csv_decode(data, len, false, &text, err)) != 0)
		return rc;
	snprintf(ret->encoding, sizeof(ret->encoding), "%s", text.encoding);
	/* The table's own budget bounds a row (TABLE_MAX_BYTES). */
	csv_scan_init(&c, text.s, text.len, SIZE_MAX);
	ret->delimiter = c.delim;

	memset(&b, 0, sizeof(b));
	memset(&row, 0, sizeof(row));
	b.t = ret;
	b.max_rows = max_rows;
	b.err = err;
	while ((rc = csv_scan_row(&c, err)) == 1) {
		for (i = 0; i < c.ncells && rc == 1; i++)
			if ((v = strdup(csv_cell(&c, i))) == NULL ||
			    table_rowbuf_set(&row, i, v) != 0)
				rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		if (rc != 1 ||
		    (rc = table_builder_add_row(&b, &row, c.row_line)) != 0)
			break;
	}
	if (rc == 0 && ret->nrows == 0)
		rc = cb_error_set(err, CB_EINVAL, "csv_empty", NULL);
	table_rowbuf_release(&row);
	csv_scan_release(&c);
	free(text.decoded);
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

/* ------------------------------------------------------------ streamed */

struct table_reader {
	struct csv_scan c;
	char **cells;
	size_t capcells;
	struct table_row row;
};

int
table_reader_open(const char *data, size_t len, struct table_reader **ret,
    struct cb_error *err)
{
	struct table_reader *r;
	struct csv_text text;
	int rc;

	*ret = NULL;
	if ((rc = csv_decode(data, len, true, &text, err)) != 0)
		return rc;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	csv_scan_init(&r->c, text.s, text.len, 0);
	*ret = r;
	return 0;
}

char
table_reader_delimiter(const struct table_reader *r)
{
	return r->c.delim;
}

void
table_reader_close(struct table_reader *r)
{
	if (r == NULL)
		return;
	csv_scan_release(&r->c);
	free(r->cells);
	free(r);
}

int
table_reader_next(struct table_reader *r, const struct table_row **ret,
    struct cb_error *err)
{
	size_t i;
	int rc;

	if ((rc = csv_scan_row(&r->c, err)) != 1)
		return rc;
	if (array_grow(&r->cells, &r->capcells, r->c.ncells,
	        sizeof(*r->cells)) != 0)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	for (i = 0; i < r->c.ncells; i++)
		r->cells[i] = csv_cell(&r->c, i);
	r->row.cells = r->cells;
	r->row.ncells = r->c.ncells;
	r->row.line = r->c.row_line;
	*ret = &r->row;
	return 1;
}
