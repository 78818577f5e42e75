/*
 * render-xlsx.c - an Excel workbook of one sheet (or of several, one after
 * the other: xlsx_sheet_next), written row by row with libxlsxwriter: a
 * bold header row, frozen, with an autofilter and column widths; date cells shown dd/mm/yyyy; strings that a spreadsheet would
 * take for a formula with a quote before them (util/table.h).  In
 * constant memory mode, rows go to a temporary file as they come (strings
 * inline, which util/xlsx.c reads back), so a large export costs the
 * bytes of the file, not a model of the sheet.
 */
#include "svc/export-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "util/date.h"
#include "util/table.h"

#include "util/banned.h"

/* Excel's last row (1,048,576 rows, 0-based). */
#define XLSX_LAST_ROW 1048575u

struct xlsx_sheet {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *date;
	const struct xcol *cols;
	size_t ncols;
	lxw_row_t row; /* the next row */
	char path[4096];
	char dir[4096];
	struct sb cell; /* a guarded cell */
};

static int
lxw_fail(lxw_error e, struct cb_error *err)
{
	if (e == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE ||
	    e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
		return cb_error_set(err, CB_ETOOBIG, "too_big", NULL);
	if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	return cb_error_set(err, CB_EIO, "io_error", lxw_strerror(e));
}

void
xlsx_sheet_abort(struct xlsx_sheet *x)
{
	if (x == NULL)
		return;
	if (x->wb != NULL)
		(void)workbook_close(x->wb);
	if (x->path[0])
		(void)unlink(x->path);
	sb_release(&x->cell);
	free(x);
}

/* Adds the worksheet name to x's workbook and makes it the one written:
 * its columns' widths, its frozen bold header row of cols. */
static int
sheet_start(struct xlsx_sheet *x, const char *name, const struct xcol *cols,
    size_t ncols, struct cb_error *err)
{
	lxw_error e;
	size_t i;

	x->cols = cols;
	x->ncols = ncols;
	if ((x->ws = workbook_add_worksheet(x->wb, name)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	/* Before the first row: constant memory mode writes the sheet's
	 * columns and panes ahead of its rows. */
	for (i = 0; i < ncols; i++)
		if ((e = worksheet_set_column(x->ws, (lxw_col_t)i,
		         (lxw_col_t)i, cols[i].width,
		         cols[i].kind == XC_DATE ? x->date : NULL)) !=
		    LXW_NO_ERROR)
			return lxw_fail(e, err);
	worksheet_freeze_panes(x->ws, 1, 0);
	for (i = 0; i < ncols; i++)
		if ((e = worksheet_write_string(x->ws, 0, (lxw_col_t)i,
		         cols[i].head, x->head)) != LXW_NO_ERROR)
			return lxw_fail(e, err);
	x->row = 1;
	return 0;
}

int
xlsx_book_open(const char *name, const struct xcol *cols, size_t ncols,
    struct xlsx_sheet **ret, struct cb_error *err)
{
	struct xlsx_sheet *x;
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	const char *tmp = getenv("TMPDIR");
	int fd, rc;

	*ret = NULL;
	if ((x = calloc(1, sizeof(*x))) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	sb_init(&x->cell, 0);
	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	snprintf(x->dir, sizeof(x->dir), "%s", tmp);
	snprintf(x->path, sizeof(x->path), "%s/chibo-export-XXXXXX", tmp);
	/* The name is ours (mkstemp); libxlsxwriter writes it again. */
	if ((fd = mkstemp(x->path)) < 0) {
		x->path[0] = '\0';
		xlsx_sheet_abort(x);
		return cb_error_set(err, CB_EIO, "io_error", tmp);
	}
	close(fd);
	opt.tmpdir = x->dir;
	if ((x->wb = workbook_new_opt(x->path, &opt)) == NULL ||
	    (x->head = workbook_add_format(x->wb)) == NULL ||
	    (x->date = workbook_add_format(x->wb)) == NULL) {
		xlsx_sheet_abort(x);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	format_set_bold(x->head);
	format_set_text_wrap(x->head);
	format_set_align(x->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_num_format(x->date, "dd/mm/yyyy");
	if ((rc = sheet_start(x, name, cols, ncols, err)) != 0) {
		xlsx_sheet_abort(x);
		return rc;
	}
	*ret = x;
	return 0;
}

int
xlsx_sheet_open(const struct xcol *cols, size_t ncols, struct xlsx_sheet **ret,
    struct cb_error *err)
{
	return xlsx_book_open("Danh sách", cols, ncols, ret, err);
}

/* The autofilter over the rows of the sheet being written. */
static lxw_error
sheet_filter(struct xlsx_sheet *x)
{
	if (x->row <= 1)
		return LXW_NO_ERROR;
	return worksheet_autofilter(x->ws, 0, 0, x->row - 1,
	    (lxw_col_t)(x->ncols - 1));
}

int
xlsx_sheet_next(struct xlsx_sheet *x, const char *name,
    const struct xcol *cols, size_t ncols, struct cb_error *err)
{
	lxw_error e;

	if ((e = sheet_filter(x)) != LXW_NO_ERROR)
		return lxw_fail(e, err);
	return sheet_start(x, name, cols, ncols, err);
}

int
xlsx_sheet_row(struct xlsx_sheet *x, const char *const *cells,
    struct cb_error *err)
{
	lxw_error e = LXW_NO_ERROR;
	struct date d;
	size_t i;

	if (x->row > XLSX_LAST_ROW)
		return cb_error_set(err, CB_ETOOBIG, "too_big", NULL);
	for (i = 0; i < x->ncols && e == LXW_NO_ERROR; i++) {
		const char *v = cells[i];
		lxw_col_t c = (lxw_col_t)i;

		if (v == NULL || v[0] == '\0')
			continue;
		switch (x->cols[i].kind) {
		case XC_DATE:
			if (date_parse_iso(v, &d) == 0 && d.y >= 1900) {
				lxw_datetime dt = { .year = d.y,
					.month = d.m,
					.day = d.d };

				e = worksheet_write_datetime(x->ws, x->row, c,
				    &dt, x->date);
				break;
			}
			e = worksheet_write_string(x->ws, x->row, c, v, NULL);
			break;
		case XC_NUMBER:
			e = worksheet_write_number(x->ws, x->row, c,
			    strtod(v, NULL), NULL);
			break;
		case XC_TEXT:
		default:
			if (table_cell_needs_guard(v)) {
				sb_reset(&x->cell);
				sb_addc(&x->cell, '\'');
				sb_add(&x->cell, v);
				if (sb_err(&x->cell) != 0)
					return cb_error_set(err, CB_ENOMEM,
					    NULL, NULL);
				v = x->cell.buf;
			}
			e = worksheet_write_string(x->ws, x->row, c, v, NULL);
			break;
		}
	}
	if (e != LXW_NO_ERROR)
		return lxw_fail(e, err);
	x->row++;
	return 0;
}

/* Appends the file at path to out. */
static int
slurp(const char *path, struct sb *out, struct cb_error *err)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n;
	int rc = 0;

	if (f == NULL)
		return cb_error_set(err, CB_EIO, "io_error", path);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(out, buf, n);
	if (ferror(f))
		rc = cb_error_set(err, CB_EIO, "io_error", path);
	fclose(f);
	if (rc == 0 && sb_err(out) != 0)
		rc = cb_error_set(err,
		    sb_err(out) == -CB_ETOOBIG ? CB_ETOOBIG : CB_ENOMEM,
		    sb_err(out) == -CB_ETOOBIG ? "too_big" : NULL, NULL);
	return rc;
}

int
xlsx_sheet_close(struct xlsx_sheet *x, struct sb *out, struct cb_error *err)
{
	lxw_error e;
	int rc;

	if ((e = sheet_filter(x)) != LXW_NO_ERROR) {
		xlsx_sheet_abort(x);
		return lxw_fail(e, err);
	}
	e = workbook_close(x->wb);
	x->wb = NULL;
	rc = e == LXW_NO_ERROR ? slurp(x->path, out, err) : lxw_fail(e, err);
	xlsx_sheet_abort(x);
	return rc;
}
