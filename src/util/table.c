/*
 * table.c - what the CSV reader (csv.c) and the XLSX reader (xlsx.c) share
 * (see table.h and table-int.h): the table, the row being read (struct
 * rowbuf), the builder that moves rows into the table (struct builder,
 * table_builder_add_row), the cleaning of every cell (table_cell_scrub,
 * table_cell_finish: NFC, trimmed, inner white space collapsed, other
 * control characters kept for the import to refuse), and table_parse, which picks the reader
 * by content.
 *
 * A budget on the bytes the table itself holds (TABLE_MAX_BYTES) bounds
 * what a small file could otherwise make (an .xlsx that repeats one large
 * shared string).
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

#define CELL_OVERHEAD (sizeof(char *) + 16) /* pointer + malloc header */

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

void
table_rowbuf_clear(struct rowbuf *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->cells[i]);
	r->n = 0;
}

void
table_rowbuf_release(struct rowbuf *r)
{
	table_rowbuf_clear(r);
	free(r->cells);
	memset(r, 0, sizeof(*r));
}

int
table_rowbuf_set(struct rowbuf *r, size_t col, char *s)
{
	if (col >= TABLE_MAX_COLS) {
		free(s);
		return -CB_ETOOBIG;
	}
	if (array_grow(&r->cells, &r->cap, col + 1, sizeof(*r->cells)) != 0) {
		free(s);
		return -CB_ENOMEM;
	}
	while (r->n <= col)
		r->cells[r->n++] = NULL;
	free(r->cells[col]);
	r->cells[col] = s;
	return 0;
}

int
table_builder_add_row(struct builder *b, struct rowbuf *r, long line)
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
		table_rowbuf_clear(r);
		return 0;
	}
	if (b->max_rows && t->nrows > b->max_rows) {
		table_rowbuf_clear(r);
		snprintf(arg, sizeof(arg), "%zu", b->max_rows);
		return cb_error_set(b->err, CB_ETOOBIG, "too_many_rows", arg);
	}
	if (bytes > TABLE_MAX_BYTES - b->bytes) {
		table_rowbuf_clear(r);
		return cb_error_set(b->err, CB_ETOOBIG, "too_big", NULL);
	}
	b->bytes += bytes;
	for (i = 0; i < r->n; i++)
		if (r->cells[i] == NULL && (r->cells[i] = strdup("")) == NULL)
			goto nomem;
	if (array_grow(&t->rows, &b->cap, t->nrows + 1, sizeof(*t->rows)) != 0)
		goto nomem;
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
	table_rowbuf_clear(r);
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
			    s[i] == '_' && s[i + 1] == 'x' &&
			    s[i + 6] == '_' &&
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

int
table_cell_finish(const char *s, size_t len, bool xstring, char **ret)
{
	struct sb b;
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
	if (table_cell_scrub(b.buf, b.len) != 0 ||
	    !text_utf8_wellformed(b.buf, b.len)) {
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
table_parse(const char *data, size_t len, size_t max_rows, struct table *ret,
    struct cb_error *err)
{
	if (table_is_xlsx(data, len))
		return table_parse_xlsx(data, len, max_rows, ret, err);
	return table_parse_csv(data, len, max_rows, ret, err);
}

/* The characters that make a spreadsheet read a cell as a formula. */
static bool
formula_start(char c)
{
	return c != '\0' && strchr("=+-@\t\r", c) != NULL;
}

bool
table_cell_needs_guard(const char *v)
{
	while (*v == '\'')
		v++;
	return formula_start(*v);
}

const char *
table_cell_unguard(const char *v)
{
	return v[0] == '\'' && table_cell_needs_guard(v) ? v + 1 : v;
}
