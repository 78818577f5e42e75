/*
 * fuzz-csv.c - the CSV reader (util/csv.c): the whole-table parser
 * table_parse_csv (UTF-8 or Windows-1258, ',' or ';'), the row-at-a-time
 * reader table_reader_* (UTF-8 only), and the formula guard of exports
 * and imports (table_cell_needs_guard, table_cell_unguard) on every cell
 * read: a guarded cell must read back exactly as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util/err.h"
#include "util/table.h"

#include "util/banned.h"

/* What an export writes for v, read back by an import, is v. */
static void
check_guard(const char *v)
{
	size_t n = strlen(v);
	char *w;

	if (!table_cell_needs_guard(v)) {
		/* Written as it is: an import reads it as it is too, unless
		 * it looks guarded, and then it needed the guard. */
		if (table_cell_unguard(v) != v)
			abort();
		return;
	}
	if ((w = malloc(n + 2)) == NULL)
		return;
	w[0] = '\'';
	memcpy(w + 1, v, n + 1);
	if (strcmp(table_cell_unguard(w), v) != 0)
		abort();
	free(w);
}

static void
check_table(const struct table *t)
{
	size_t i, j;

	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->rows[i].ncells; j++) {
			if (t->rows[i].cells[j] == NULL)
				abort(); /* "" never NULL (table.h) */
			check_guard(t->rows[i].cells[j]);
		}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct cb_error err = CB_ERROR_INIT;
	const struct table_row *row;
	struct table_reader *r = NULL;
	struct table t;
	size_t rows = 0;
	int rc;

	memset(&t, 0, sizeof(t));
	if (table_parse_csv(s, size, 0, &t, &err) == 0)
		check_table(&t);
	table_release(&t);
	cb_error_release(&err);

	/* A row limit: the error path after some rows were read. */
	memset(&t, 0, sizeof(t));
	if (table_parse_csv(s, size, 3, &t, &err) == 0 && t.nrows > 4)
		abort();
	table_release(&t);
	cb_error_release(&err);

	if (table_reader_open(s, size, &r, &err) == 0) {
		while ((rc = table_reader_next(r, &row, &err)) == 1) {
			if (row->ncells > 0 && row->cells == NULL)
				abort();
			if (++rows > size + 1)
				abort(); /* more rows than bytes */
		}
		(void)table_reader_delimiter(r);
	}
	table_reader_close(r);
	cb_error_release(&err);
	return 0;
}
