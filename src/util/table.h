/*
 * table.h - a sheet of text cells read from a CSV or an Excel (.xlsx) file,
 * for imports.  Every cell is NFC UTF-8 with surrounding white space
 * trimmed; an empty cell is "" (never NULL).  Parsing never prints.
 */
#ifndef CHIBO_UTIL_TABLE_H
#define CHIBO_UTIL_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct table_row {
	char **cells; /* ncells of them */
	size_t ncells;
	long line; /* CSV: line number of the row's first line;
		    * XLSX: the sheet's row number (1-based) */
};

struct table {
	struct table_row *rows; /* rows[0] is the header row */
	size_t nrows;
	char format[8];    /* "csv" or "xlsx" */
	char encoding[16]; /* CSV: "utf-8" or "windows-1258" */
	char delimiter;    /* CSV: ',' or ';' */
};

void table_release(struct table *t);

/*
 * Parses CSV (RFC 4180: quoted fields with "" escapes, embedded newlines,
 * CRLF or LF).  Encoding: a UTF-8 BOM is skipped; valid UTF-8 is taken as
 * UTF-8; anything else is decoded as Windows-1258 (the Vietnamese Windows
 * code page, tone marks as combining characters) and normalised to NFC.
 * The delimiter is ',' or ';', whichever occurs more often outside quotes
 * in the first line.  Rows that are entirely empty are skipped.  Errors
 * (-CB_EINVAL): "csv_unterminated_quote" (with the line), "csv_empty",
 * "bad_encoding"; -CB_ETOOBIG over max_rows rows.
 *
 * Details: max_rows counts data rows (the header row is not counted; 0 is
 * no limit) and the error is "too_many_rows" with max_rows as its
 * argument.  Line breaks inside quoted cells become spaces like any white
 * space.  Windows-1258 is refused ("bad_encoding") if the bytes use code
 * points it leaves undefined (another code page: TCVN3, VNI), if there is a
 * NUL byte, or for UTF-16.  Control characters in cells become spaces.
 * -CB_ETOOBIG "too_big": a row over 16384 cells, or a table over 256 MiB.
 * On error *ret holds no rows (table_release is still fine to call).
 */
int table_parse_csv(const char *data, size_t len, size_t max_rows,
    struct table *ret, struct cb_error *err);

/*
 * Parses the first worksheet of an Office Open XML workbook (.xlsx):
 * shared strings, inline strings, numbers, booleans.  Cells are placed by
 * their reference (a sparse row keeps its column positions).  A number in
 * a cell whose style is a date format becomes an ISO date "YYYY-MM-DD";
 * other numbers are written without a trailing ".0".  Errors (-CB_EINVAL):
 * "xlsx_invalid" (not a readable workbook), "csv_empty".
 *
 * Details: numbers keep up to 15 significant digits ("%.15g", as Excel
 * shows them); booleans are "TRUE"/"FALSE"; error cells their text
 * ("#N/A").  Dates: built-in formats 14-17 and 22 (and the East Asian date
 * ones), and custom formats with d, m or y outside quotes and brackets but
 * not time-only ones (h:mm, [h]:mm...); the 1900 system (Excel's phantom
 * 1900-02-29, serial 60, stays a number) or 1904.  Empty cells are not
 * stored at the end of a row: ncells is the last non-empty column + 1.
 * max_rows as for CSV.  -CB_ETOOBIG "too_big": an XML part over 64 MiB
 * uncompressed (zip bombs), a table over 256 MiB.  A DOCTYPE is refused.
 */
int table_parse_xlsx(const char *data, size_t len, size_t max_rows,
    struct table *ret, struct cb_error *err);

/*
 * A CSV file read one row at a time, for files too large to hold as a
 * table (bulk imports): the dialect of table_parse_csv (quotes, line
 * breaks inside them, CRLF/LF/CR, ',' or ';' from the first line, rows
 * entirely empty skipped) and the same cells (NFC, trimmed, inner white
 * space collapsed, other control characters kept), but UTF-8 only: a
 * BOM is skipped, and a cell that is not UTF-8 is -CB_EINVAL
 * "bad_encoding" (check the whole file with text_utf8_wellformed first
 * when it has no BOM, and read a Windows-1258 one with table_parse_csv).
 * Cells already clean are not copied twice.  table_reader_next gives the
 * next row in *ret (valid until the next call): 1, 0 at the end, or
 * -CB_E* ("csv_unterminated_quote" with the line, "bad_encoding",
 * "too_big" past 16384 cells).
 */
struct table_reader;
int table_reader_open(const char *data, size_t len, struct table_reader **ret,
    struct cb_error *err);
int table_reader_next(struct table_reader *r, const struct table_row **ret,
    struct cb_error *err);
/* The delimiter in use. */
char table_reader_delimiter(const struct table_reader *r);
/* NULL is fine. */
void table_reader_close(struct table_reader *r);

/* True if data starts like a ZIP archive (an .xlsx file). */
bool table_is_xlsx(const char *data, size_t len);

/* Picks the parser by content (table_is_xlsx). */
int table_parse(const char *data, size_t len, size_t max_rows,
    struct table *ret, struct cb_error *err);

/*
 * Formula injection (OWASP "CSV injection"): a spreadsheet takes a cell
 * that starts with '=', '+', '-', '@', a tab or a carriage return for a
 * formula.  An export writes such a cell with a single quote before it,
 * which spreadsheets show as text; and, so that the rule can be undone
 * exactly, also a cell that already starts with one or more quotes
 * followed by one of those characters ("'=x" becomes "''=x").  An import
 * removes one leading quote exactly from the cells that start with one
 * or more quotes followed by one of those characters.  So every text
 * reads back as it was exported, a genuine leading quote included
 * ("'abc" is written and read as it is), and a quote put in by hand
 * before a formula ("'=1+1") is taken as Excel takes it (the text
 * "=1+1").
 *
 * table_cell_needs_guard: true when an export must write "'" before v.
 * table_cell_unguard: v without the quote an export added (v itself, or
 * v + 1).
 */
bool table_cell_needs_guard(const char *v);
const char *table_cell_unguard(const char *v);

#endif
