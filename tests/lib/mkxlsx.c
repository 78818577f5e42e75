/*
 * mkxlsx.c - writes an Excel workbook from a CSV file, the way an office
 * makes one: `mkxlsx IN.csv OUT.xlsx`.  Cells that look like dd/mm/yyyy
 * dates become real date cells (a number with a date format), cells of
 * digits become numbers unless they start with 0, everything else text.
 * Only for tests: it uses libxlsxwriter, which chibo itself never needs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* Splits one CSV line (no quotes needed by our fixtures) on ',' or ';'. */
static int
split(char *line, char **cells, int max)
{
	int n = 0;
	char *p = line;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		cells[n++] = p;
		p += strcspn(p, ",;");
		if (*p == '\0')
			break;
		*p++ = '\0';
	}
	return n;
}

int
main(int argc, char **argv)
{
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *datefmt;
	char line[8192], *cells[64];
	FILE *in;
	int row = 0, n, c;

	if (argc != 3) {
		fputs("usage: mkxlsx IN.csv OUT.xlsx\n", stderr);
		return 2;
	}
	if ((in = fopen(argv[1], "rb")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	wb = workbook_new(argv[2]);
	ws = workbook_add_worksheet(wb, "Đảng viên");
	datefmt = workbook_add_format(wb);
	format_set_num_format(datefmt, "dd/mm/yyyy");
	while (fgets(line, sizeof(line), in) != NULL) {
		char *l = line;

		if (row == 0 && strncmp(l, "\xEF\xBB\xBF", 3) == 0)
			l += 3;
		n = split(l, cells, 64);
		for (c = 0; c < n; c++) {
			int d, m, y;
			char tail;
			size_t len = strlen(cells[c]);

			if (len == 0)
				continue;
			if (row > 0 && sscanf(cells[c], "%d/%d/%d%c", &d, &m, &y,
			    &tail) == 3) {
				lxw_datetime dt = { y, m, d, 0, 0, 0 };

				worksheet_write_datetime(ws, row, c, &dt, datefmt);
			} else if (row > 0 && cells[c][0] != '0' &&
			    strspn(cells[c], "0123456789") == len && len < 15)
				worksheet_write_number(ws, row, c,
				    strtod(cells[c], NULL), NULL);
			else
				worksheet_write_string(ws, row, c, cells[c], NULL);
		}
		row++;
	}
	fclose(in);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
