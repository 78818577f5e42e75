/*
 * export-int.h - the renderers of a member export (not an API): export.c
 * walks the members and hands each row to one of them: an Excel workbook
 * (render-xlsx.c, libxlsxwriter) or a printable PDF list (render-pdf.c,
 * cairo and pango).  CSV and JSON are written by export.c itself.
 */
#ifndef CHIBO_SVC_EXPORT_INT_H
#define CHIBO_SVC_EXPORT_INT_H

#include <stddef.h>

#include "util/err.h"
#include "util/sb.h"

/* How a column's cells are written. */
enum xcol_kind {
	XC_TEXT = 0, /* a string (quoted before a formula, util/table.h) */
	XC_DATE,     /* an ISO date: a date cell shown dd/mm/yyyy */
	XC_NUMBER    /* an integer: a number cell */
};

struct xcol {
	const char *head; /* the header row's text */
	enum xcol_kind kind;
	double width; /* in characters */
};

/* --- render-xlsx.c: one worksheet written row by row (libxlsxwriter's
 * constant memory mode, through a temporary file). */
struct xlsx_sheet;
/* Starts a workbook of one sheet with a bold, frozen header row of cols
 * (widths set, autofilter over every row at the end). */
int xlsx_sheet_open(const struct xcol *cols, size_t ncols,
    struct xlsx_sheet **ret, struct cb_error *err);
/* The same, the sheet named name (a workbook of several sheets). */
int xlsx_book_open(const char *name, const struct xcol *cols, size_t ncols,
    struct xlsx_sheet **ret, struct cb_error *err);
/* Finishes the sheet being written (its autofilter) and starts the next
 * one, named name, with its header row of cols (which must outlive x).
 * The rows that follow go to it. */
int xlsx_sheet_next(struct xlsx_sheet *x, const char *name,
    const struct xcol *cols, size_t ncols, struct cb_error *err);
/* Adds a row of ncols cells (NULL or "": an empty cell).  -CB_ETOOBIG
 * "too_big" past Excel's 1,048,576 rows. */
int xlsx_sheet_row(struct xlsx_sheet *x, const char *const *cells,
    struct cb_error *err);
/* Finishes the workbook, appends its bytes to out and frees x (also on
 * error). */
int
xlsx_sheet_close(struct xlsx_sheet *x, struct sb *out, struct cb_error *err);
/* Frees x without output.  NULL is fine. */
void xlsx_sheet_abort(struct xlsx_sheet *x);

/* --- render-pdf.c: a list of members as a Party document. */

/* Most rows a PDF list holds (about 700 pages): beyond, -CB_ETOOBIG. */
#define PDF_LIST_MAX_ROWS 15000

struct pdf_list {
	const char *upper;       /* the superior committee's name, or "" */
	const char *committee;   /* the committee's name, or "" */
	const char *date_iso;    /* the document's date */
	const char *title;       /* "DANH SÁCH ĐẢNG VIÊN" */
	const char *subtitle;    /* under the title, or NULL */
	const struct xcol *cols; /* the columns after "STT" (widths are
				  * relative) */
	size_t ncols;
	size_t nshown; /* the first columns drawn (0: all) */
	char **cells;  /* nrows * ncols, each malloc'd or NULL */
	size_t nrows;
	size_t cap; /* of cells, in rows */
};

/* Adds a row (ncols cells, copied; dates ISO, shown dd/mm/yyyy). */
int pdf_list_add(struct pdf_list *l, const char *const *cells,
    struct cb_error *err);
void pdf_list_release(struct pdf_list *l);
/* Renders l as a PDF (A4 landscape, fonts embedded) appended to out. */
int pdf_list_render(const struct pdf_list *l, struct sb *out,
    struct cb_error *err);

#endif
