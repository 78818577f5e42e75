/*
 * table-int.h - what the table readers share inside src/util (table.c, the
 * CSV reader csv.c and the XLSX reader xlsx.c); not an API.
 */
#ifndef CHIBO_UTIL_TABLE_INT_H
#define CHIBO_UTIL_TABLE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "util/err.h"
#include "util/table.h"

#define TABLE_MAX_COLS 16384 /* Excel's last column, XFD */
#define TABLE_MAX_BYTES ((size_t)256 * 1024 * 1024)

/* The cells of the row being read; cells[i] NULL means "" (not yet set). */
struct rowbuf {
	char **cells;
	size_t n;
	size_t cap;
};

/* Frees the cells (the row is empty again, its array kept). */
void table_rowbuf_clear(struct rowbuf *r);
/* Frees everything; r is zeroed. */
void table_rowbuf_release(struct rowbuf *r);
/*
 * Puts s (malloc'd; ownership passes to r, also on error) in column col
 * (0-based), growing the row with NULL cells.  0, -CB_ENOMEM or
 * -CB_ETOOBIG past TABLE_MAX_COLS.
 */
int table_rowbuf_set(struct rowbuf *r, size_t col, char *s);

/* What a reader keeps while it fills a table. */
struct builder {
	struct table *t;
	size_t cap;      /* rows allocated in t */
	size_t max_rows; /* data rows allowed, 0: no limit */
	size_t bytes;    /* budget used, see TABLE_MAX_BYTES */
	struct cb_error *err;
};

/*
 * Moves the row in r into the table as a row starting at line, unless all
 * its cells are empty (then they are just freed).  Gaps become "".  r is
 * left empty either way.  0 or -CB_E* (err set): "too_many_rows" past
 * max_rows data rows (the header row is not counted), "too_big" past the
 * memory budget.
 */
int table_builder_add_row(struct builder *b, struct rowbuf *r, long line);

/*
 * The first step of cleaning a cell: 0, or -CB_EINVAL at a NUL byte.
 * Other control characters are kept (not turned into spaces): the
 * import refuses the field that holds one (core/field.h's
 * field_check_text), as it refuses any bad value, row by row.
 */
static inline int
table_cell_scrub(char *s, size_t len)
{
	return memchr(s, '\0', len) != NULL ? -CB_EINVAL : 0;
}

/*
 * Makes a cell from raw UTF-8 s[0..len): decodes the OOXML "_xHHHH_"
 * escapes if xstring, table_cell_scrub, then text_clean (NFC, trim,
 * collapse white space).  The result is malloc'd in *ret (caller frees).
 * 0, -CB_EINVAL (NUL or bad UTF-8) or -CB_ENOMEM.
 */
int table_cell_finish(const char *s, size_t len, bool xstring, char **ret);

#endif
