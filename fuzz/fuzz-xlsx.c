/*
 * fuzz-xlsx.c - the XLSX reader (util/xlsx.c): a workbook (a ZIP archive
 * of XML parts) to a table, through table_parse (which also sends what is
 * not a ZIP archive to the CSV reader).  Its seed corpus holds small real
 * workbooks; the fuzzer mutates their bytes, so most inputs are damaged
 * archives: the reader must refuse them cleanly.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util/err.h"
#include "util/table.h"

#include "util/banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct cb_error err = CB_ERROR_INIT;
	struct table t;
	size_t i, j;

	memset(&t, 0, sizeof(t));
	if (table_parse_xlsx(s, size, 0, &t, &err) == 0)
		for (i = 0; i < t.nrows; i++)
			for (j = 0; j < t.rows[i].ncells; j++)
				if (t.rows[i].cells[j] == NULL)
					abort(); /* "" never NULL */
	table_release(&t);
	cb_error_release(&err);

	memset(&t, 0, sizeof(t));
	(void)table_parse(s, size, 2, &t, &err);
	table_release(&t);
	cb_error_release(&err);
	return 0;
}
