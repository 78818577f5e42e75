/*
 * test-util-xlsx.c - util/table: the Excel (.xlsx) reader, on workbooks
 * written by libxlsxwriter and on hand-made archives (libzip) for what
 * libxlsxwriter never writes (1904 dates, inline rich text, odd part
 * names, broken or hostile files).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "util/err.h"
#include "util/table.h"
#include "util/text.h"

/* ------------------------------------------------------------- helpers */

/* A new temporary file name (the file exists, empty); malloc'd. */
static char *
temp_path(void)
{
	char *path = strdup("/tmp/chibo-test-xlsx-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	return path;
}

/* Reads and removes the file at path; malloc'd contents, length in *len. */
static char *
slurp(char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	data = malloc((size_t)n);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	unlink(path);
	free(path);
	*len = (size_t)n;
	return data;
}

/*
 * A ZIP archive in memory from pairs of (part name, contents), ending with
 * NULL.  Contents are stored as given (the archive keeps no copy).
 */
static char *
make_zip(size_t *len, ...)
{
	char *path = temp_path();
	const char *name, *body;
	zip_source_t *src;
	zip_t *za;
	va_list ap;
	int err = 0;

	za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(za);
	va_start(ap, len);
	while ((name = va_arg(ap, const char *)) != NULL) {
		body = va_arg(ap, const char *);
		src = zip_source_buffer(za, body, strlen(body), 0);
		assert_non_null(src);
		assert_true(zip_file_add(za, name, src, ZIP_FL_OVERWRITE) >= 0);
	}
	va_end(ap);
	assert_int_equal(zip_close(za), 0);
	return slurp(path, len);
}

/* Parses xlsx data and asserts success. */
static void
parse_ok(const char *data, size_t len, size_t max_rows, struct table *t)
{
	struct cb_error err = CB_ERROR_INIT;
	int rc = table_parse_xlsx(data, len, max_rows, t, &err);

	if (rc != 0)
		fail_msg("parse failed: %d %s (%s)", rc, err.mcode ?
		    err.mcode : "", err.detail ? err.detail : "");
	cb_error_release(&err);
}

/* Asserts that parsing fails with code and mcode. */
static void
parse_err(const char *data, size_t len, int code, const char *mcode)
{
	struct cb_error err = CB_ERROR_INIT;
	struct table t;

	assert_int_equal(table_parse_xlsx(data, len, 0, &t, &err), -code);
	assert_int_equal(err.code, code);
	assert_string_equal(err.mcode, mcode);
	assert_int_equal(t.nrows, 0);
	assert_null(t.rows);
	table_release(&t);
	cb_error_release(&err);
}

/* Asserts row r: its sheet row number and exactly n cells. */
static void
assert_row(const struct table *t, size_t r, long line, size_t n, ...)
{
	va_list ap;
	size_t i;

	assert_true(r < t->nrows);
	if (t->rows[r].line != line || t->rows[r].ncells != n)
		fail_msg("row %zu: line %ld with %zu cells, want %ld with %zu",
		    r, t->rows[r].line, t->rows[r].ncells, line, n);
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		const char *want = va_arg(ap, const char *);

		assert_non_null(t->rows[r].cells[i]);
		if (strcmp(t->rows[r].cells[i], want) != 0)
			fail_msg("row %zu cell %zu: \"%s\", want \"%s\"", r, i,
			    t->rows[r].cells[i], want);
	}
	va_end(ap);
}

static int
setup(void **state)
{
	(void)state;
	return text_init() == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	text_shutdown();
	return 0;
}

/* ------------------------------------------------- libxlsxwriter files */

/*
 * The member list an office keeps: Vietnamese text (with a rich run),
 * dates in a custom and in the built-in format, a citizen ID as text and
 * as a number, other numbers, a boolean, a formula with a text result,
 * sparse cells, and a second sheet that must be ignored.
 */
static char *
write_members(size_t *len, bool constant_memory)
{
	lxw_workbook_options opt = { constant_memory, NULL, 0 };
	char *path = temp_path();
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws, *other;
	lxw_format *dmy, *builtin14, *hhmm, *bold;
	lxw_datetime born = { 1980, 2, 1, 0, 0, 0 };
	lxw_datetime joined = { 2024, 2, 29, 13, 45, 0 };
	char run1[] = "Đảng viên ", run2[] = "chính thức";
	lxw_rich_string_tuple f1, f2;
	lxw_rich_string_tuple *rich[3];

	assert_non_null(wb);
	ws = workbook_add_worksheet(wb, "Danh sách");
	other = workbook_add_worksheet(wb, "Khác");
	dmy = workbook_add_format(wb);
	format_set_num_format(dmy, "dd/mm/yyyy");
	builtin14 = workbook_add_format(wb);
	format_set_num_format_index(builtin14, 14);
	hhmm = workbook_add_format(wb);
	format_set_num_format(hhmm, "hh:mm");
	bold = workbook_add_format(wb);
	format_set_bold(bold);

	worksheet_write_string(ws, 0, 0, "Họ và tên", NULL);
	worksheet_write_string(ws, 0, 1, "Ngày sinh", NULL);
	worksheet_write_string(ws, 0, 2, "Số CCCD", NULL);
	worksheet_write_string(ws, 0, 3, "CCCD (số)", NULL);
	worksheet_write_string(ws, 0, 4, "Điểm", NULL);
	worksheet_write_string(ws, 0, 5, "Ghi chú", NULL);

	worksheet_write_string(ws, 1, 0, "Nguyễn Văn An", NULL);
	worksheet_write_datetime(ws, 1, 1, &born, dmy);
	worksheet_write_string(ws, 1, 2, "001080012345", NULL);
	worksheet_write_number(ws, 1, 3, 123456789012.0, NULL);
	worksheet_write_number(ws, 1, 4, 7.5, NULL);
	if (!constant_memory) {
		/* Rich text: two runs, one bold. */
		f1.format = NULL;
		f1.string = run1;
		f2.format = bold;
		f2.string = run2;
		rich[0] = &f1;
		rich[1] = &f2;
		rich[2] = NULL;
		worksheet_write_rich_string(ws, 1, 5, rich, NULL);
	} else {
		worksheet_write_string(ws, 1, 5, "Đảng viên chính thức", NULL);
	}

	/* Row 3: sparse (B, C, E, F, G missing), a boolean in H. */
	worksheet_write_string(ws, 2, 0, "  Lê   Thị\tBình ", NULL);
	worksheet_write_number(ws, 2, 3, 42, NULL);
	worksheet_write_boolean(ws, 2, 7, 1, NULL);

	/* Row 4 has only a blank styled cell: skipped.  Row 5: dates
	 * around Excel's phantom 29 February 1900. */
	worksheet_write_blank(ws, 3, 2, dmy);
	worksheet_write_string(ws, 4, 0, "Trần Văn Cường", NULL);
	worksheet_write_number(ws, 4, 1, 59, builtin14);	/* 1900-02-28 */
	worksheet_write_number(ws, 4, 2, 60, builtin14);	/* no such day */
	worksheet_write_number(ws, 4, 3, 61, builtin14);	/* 1900-03-01 */
	worksheet_write_datetime(ws, 4, 4, &joined, dmy);	/* time dropped */
	worksheet_write_number(ws, 4, 5, 0.5, hhmm);		/* time only */

	/* Row 6: number forms, a formula's text, a control character. */
	worksheet_write_string(ws, 5, 0, "Phạm Thị Dung", NULL);
	worksheet_write_number(ws, 5, 1, 0.1 + 0.2, NULL);
	worksheet_write_number(ws, 5, 2, -12.25, NULL);
	worksheet_write_number(ws, 5, 3, 1e20, NULL);
	worksheet_write_number(ws, 5, 4, -0.0, NULL);
	worksheet_write_formula_str(ws, 5, 5, "=\"Hà\"&\" Nội\"", NULL,
	    "Hà Nội");
	worksheet_write_string(ws, 5, 6, "a\x01" "b", NULL);

	worksheet_write_string(other, 0, 0, "SHOULD NOT APPEAR", NULL);
	worksheet_write_string(other, 1, 0, "nor this", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	return slurp(path, len);
}

static void
check_members(const struct table *t, bool constant_memory)
{
	assert_string_equal(t->format, "xlsx");
	assert_int_equal(t->nrows, 5);
	assert_row(t, 0, 1, 6, "Họ và tên", "Ngày sinh", "Số CCCD",
	    "CCCD (số)", "Điểm", "Ghi chú");
	assert_row(t, 1, 2, 6, "Nguyễn Văn An", "1980-02-01", "001080012345",
	    "123456789012", "7.5", "Đảng viên chính thức");
	assert_row(t, 2, 3, 8, "Lê Thị Bình", "", "", "42", "", "", "",
	    "TRUE");
	assert_row(t, 3, 5, 6, "Trần Văn Cường", "1900-02-28", "60",
	    "1900-03-01", "2024-02-29", "0.5");
	assert_row(t, 4, 6, 7, "Phạm Thị Dung", "0.3", "-12.25", "1e+20", "0",
	    "Hà Nội", "a\x01" "b");
	(void)constant_memory;
}

static void
test_xlsxwriter_shared_strings(void **state)
{
	struct table t;
	size_t len;
	char *data = write_members(&len, false);

	(void)state;
	assert_true(table_is_xlsx(data, len));
	parse_ok(data, len, 0, &t);
	check_members(&t, false);
	table_release(&t);
	free(data);
}

/* constant_memory mode writes inline strings (<is><t>) instead. */
static void
test_xlsxwriter_inline_strings(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct table t;
	size_t len;
	char *data = write_members(&len, true);

	(void)state;
	parse_ok(data, len, 0, &t);
	check_members(&t, true);
	table_release(&t);
	/* Through table_parse, and with a row limit. */
	assert_int_equal(table_parse(data, len, 0, &t, &err), 0);
	assert_string_equal(t.format, "xlsx");
	assert_int_equal(t.nrows, 5);
	table_release(&t);
	parse_ok(data, len, 4, &t);
	table_release(&t);
	assert_int_equal(table_parse_xlsx(data, len, 3, &t, &err),
	    -CB_ETOOBIG);
	assert_string_equal(err.mcode, "too_many_rows");
	assert_string_equal(err.arg, "3");
	assert_int_equal(t.nrows, 0);
	cb_error_release(&err);
	free(data);
}

/* -------------------------------------------------- hand-made archives */

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"/>";

/* A package whose workbook is "book/main.xml", with prefixed elements,
 * an absolute relationship target, the 1904 date system, and a sheet that
 * is not the first one listed in the rels. */
static void
test_handmade(void **state)
{
	static const char root_rels[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
	    "2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats."
	    "org/officeDocument/2006/relationships/officeDocument\" "
	    "Target=\"book/main.xml\"/></Relationships>";
	static const char workbook[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/"
	    "spreadsheetml/2006/main\" xmlns:rel=\"http://schemas."
	    "openxmlformats.org/officeDocument/2006/relationships\">"
	    "<x:workbookPr date1904=\"1\"/>"
	    "<x:sheets><x:sheet name=\"Chính\" sheetId=\"7\" rel:id=\"rId9\"/>"
	    "<x:sheet name=\"Phụ\" sheetId=\"1\" rel:id=\"rId1\"/></x:sheets>"
	    "</x:workbook>";
	static const char wb_rels[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
	    "2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats."
	    "org/officeDocument/2006/relationships/worksheet\" "
	    "Target=\"sheets/other.xml\"/>"
	    "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats."
	    "org/officeDocument/2006/relationships/worksheet\" "
	    "Target=\"/book/sheets/../sheets/main.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats."
	    "org/officeDocument/2006/relationships/sharedStrings\" "
	    "Target=\"strings.xml\"/>"
	    "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats."
	    "org/officeDocument/2006/relationships/styles\" "
	    "Target=\"./styles.xml\"/></Relationships>";
	static const char strings[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
	    "2006/main\" count=\"3\" uniqueCount=\"3\">"
	    "<si><t>Họ tên</t></si>"
	    "<si><r><t xml:space=\"preserve\">Nguy</t></r><r><rPr><b/></rPr>"
	    "<t>ễn Văn</t></r><r><t xml:space=\"preserve\"> Tư</t></r>"
	    "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
	    "<si><t>dòng_x000D_\nhai _x005F_x0041_ &amp; &lt;b&gt;</t></si>"
	    "</sst>";
	static const char styles[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/"
	    "spreadsheetml/2006/main\">"
	    "<numFmts count=\"4\">"
	    "<numFmt numFmtId=\"164\" formatCode=\"[$-42A]d mmmm yyyy\"/>"
	    "<numFmt numFmtId=\"165\" formatCode=\"[h]:mm\"/>"
	    "<numFmt numFmtId=\"166\" formatCode=\"#,##0 &quot;ngày&quot;\"/>"
	    "<numFmt numFmtId=\"167\" formatCode=\"[Red]mmm\\-yy;@\"/>"
	    "</numFmts>"
	    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
	    "<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/>"
	    "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/>"
	    "<xf numFmtId=\"20\"/></cellXfs></styleSheet>";
	static const char sheet[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/"
	    "spreadsheetml/2006/main\"><x:sheetData>"
	    "<x:row r=\"2\"><x:c r=\"A2\" t=\"s\"><x:v>0</x:v></x:c>"
	    "<x:c t=\"str\"><x:f>1+1</x:f><x:v>2</x:v></x:c>"
	    "<x:c r=\"D2\" t=\"inlineStr\"><x:is><x:r><x:t>Đ</x:t></x:r>"
	    "<x:r><x:t>ặng</x:t></x:r></x:is></x:c></x:row>"
	    "<x:row><x:c t=\"s\"><x:v>1</x:v></x:c>"
	    "<x:c t=\"s\"><x:v>2</x:v></x:c>"
	    "<x:c s=\"1\"><x:v>0</x:v></x:c>"
	    "<x:c s=\"1\"><x:v>43890.75</x:v></x:c>"
	    "<x:c s=\"2\"><x:v>1.5</x:v></x:c>"
	    "<x:c s=\"3\"><x:v>30</x:v></x:c>"
	    "<x:c s=\"4\"><x:v>0</x:v></x:c>"
	    "<x:c s=\"5\"><x:v>0.25</x:v></x:c>"
	    "<x:c t=\"e\"><x:v>#N/A</x:v></x:c>"
	    "<x:c t=\"d\"><x:v>2024-05-06T00:00:00</x:v></x:c>"
	    "<x:c t=\"b\"><x:v>0</x:v></x:c>"
	    "<x:c r=\"AA3\"><x:v>1E-3</x:v></x:c></x:row>"
	    "</x:sheetData></x:worksheet>";
	static const char other[] =
	    "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>"
	    "WRONG SHEET</t></is></c></row></sheetData></worksheet>";
	struct table t;
	size_t len;
	char *data;

	(void)state;
	data = make_zip(&len, "[Content_Types].xml", content_types,
	    "_rels/.rels", root_rels, "book/main.xml", workbook,
	    "book/_rels/main.xml.rels", wb_rels, "book/strings.xml", strings,
	    "book/styles.xml", styles, "book/sheets/main.xml", sheet,
	    "book/sheets/other.xml", other, (const char *)NULL);
	parse_ok(data, len, 0, &t);
	assert_int_equal(t.nrows, 2);
	assert_row(&t, 0, 2, 4, "Họ tên", "2", "", "Đặng");
	assert_int_equal(t.rows[1].line, 3);
	assert_int_equal(t.rows[1].ncells, 27);
	/* Rich runs joined, phonetic run dropped. */
	assert_string_equal(t.rows[1].cells[0], "Nguyễn Văn Tư");
	/* _x000D_ is a CR (then cleaned to a space); _x005F_ escapes '_'. */
	assert_string_equal(t.rows[1].cells[1], "dòng hai _x0041_ & <b>");
	/* 1904 system: serial 0 is 1904-01-01; the time is dropped. */
	assert_string_equal(t.rows[1].cells[2], "1904-01-01");
	assert_string_equal(t.rows[1].cells[3], "2024-03-01");
	/* [h]:mm and a number with quoted "ngày" are not dates... */
	assert_string_equal(t.rows[1].cells[4], "1.5");
	assert_string_equal(t.rows[1].cells[5], "30");
	/* ... "[Red]mmm-yy" is, and built-in 20 (h:mm) is not. */
	assert_string_equal(t.rows[1].cells[6], "1904-01-01");
	assert_string_equal(t.rows[1].cells[7], "0.25");
	assert_string_equal(t.rows[1].cells[8], "#N/A");
	assert_string_equal(t.rows[1].cells[9], "2024-05-06");
	assert_string_equal(t.rows[1].cells[10], "FALSE");
	assert_string_equal(t.rows[1].cells[11], "");
	assert_string_equal(t.rows[1].cells[25], "");
	assert_string_equal(t.rows[1].cells[26], "0.001");
	table_release(&t);
	free(data);
}

/* Without _rels, sharedStrings or styles: the conventional names. */
static void
test_minimal(void **state)
{
	static const char workbook[] =
	    "<workbook><sheets><sheet name=\"a\" sheetId=\"1\"/></sheets>"
	    "</workbook>";
	static const char sheet[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet><sheetData>"
	    "<row r=\"1\"><c r=\"B1\"><v>12</v></c></row>"
	    "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>  x  </t></is></c>"
	    "</row></sheetData></worksheet>";
	struct table t;
	size_t len;
	char *data;

	(void)state;
	data = make_zip(&len, "xl/workbook.xml", workbook,
	    "xl/worksheets/sheet1.xml", sheet, (const char *)NULL);
	parse_ok(data, len, 0, &t);
	assert_int_equal(t.nrows, 2);
	assert_row(&t, 0, 1, 2, "", "12");
	assert_row(&t, 1, 4, 1, "x");
	table_release(&t);
	free(data);
}

static void
test_invalid(void **state)
{
	static const char workbook[] =
	    "<workbook><sheets><sheet name=\"a\" sheetId=\"1\"/></sheets>"
	    "</workbook>";
	static const char empty_sheet[] =
	    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" s=\"0\"/></row>"
	    "</sheetData></worksheet>";
	static const char bad_xml[] =
	    "<worksheet><sheetData><row r=\"1\"><c><v>1</v></row>";
	static const char bad_ref[] =
	    "<worksheet><sheetData><row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"
	    "</sheetData></worksheet>";
	static const char bad_sst_index[] =
	    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v>"
	    "</c></row></sheetData></worksheet>";
	/* 2^64: an index that wraps around to 0 if read carelessly. */
	static const char wrapping_sst_index[] =
	    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\">"
	    "<v>18446744073709551616</v></c></row></sheetData></worksheet>";
	static const char one_string[] = "<sst><si><t>zero</t></si></sst>";
	static const char laughs[] =
	    "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;\">]><worksheet><sheetData><row r=\"1\">"
	    "<c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t></is></c></row>"
	    "</sheetData></worksheet>";
	size_t len;
	char *data;

	(void)state;
	parse_err("not a zip file at all", 21, CB_EINVAL, "xlsx_invalid");
	parse_err("PK\x03\x04 but truncated", 19, CB_EINVAL, "xlsx_invalid");
	parse_err("", 0, CB_EINVAL, "xlsx_invalid");
	parse_err(NULL, 0, CB_EINVAL, "xlsx_invalid");

	/* A ZIP without a workbook. */
	data = make_zip(&len, "hello.txt", "hello", (const char *)NULL);
	parse_err(data, len, CB_EINVAL, "xlsx_invalid");
	free(data);
	/* A workbook without its sheet. */
	data = make_zip(&len, "xl/workbook.xml", workbook,
	    (const char *)NULL);
	parse_err(data, len, CB_EINVAL, "xlsx_invalid");
	free(data);
	/* A workbook listing no sheet. */
	data = make_zip(&len, "xl/workbook.xml", "<workbook/>",
	    "xl/worksheets/sheet1.xml", empty_sheet, (const char *)NULL);
	parse_err(data, len, CB_EINVAL, "xlsx_invalid");
	free(data);
	/* A sheet with no data. */
	data = make_zip(&len, "xl/workbook.xml", workbook,
	    "xl/worksheets/sheet1.xml", empty_sheet, (const char *)NULL);
	parse_err(data, len, CB_EINVAL, "csv_empty");
	free(data);
	data = make_zip(&len, "xl/workbook.xml", workbook,
	    "xl/worksheets/sheet1.xml", bad_xml, (const char *)NULL);
	parse_err(data, len, CB_EINVAL, "xlsx_invalid");
	free(data);
	data = make_zip(&len, "xl/workbook.xml", workbook,
	    "xl/worksheets/sheet1.xml", bad_ref, (const char *)NULL);
	parse_err(data, len, CB_EINVAL, "xlsx_invalid");
	free(data);
	data = make_zip(&len, "xl/workbook.xml", workbook,
	    "xl/worksheets/sheet1.xml", bad_sst_index, (const char *)NULL);
	parse_err(data, len, CB_EINVAL, "xlsx_invalid");
	free(data);
	data = make_zip(&len, "xl/workbook.xml", workbook,
	    "xl/sharedStrings.xml", one_string,
	    "xl/worksheets/sheet1.xml", wrapping_sst_index, (const char *)NULL);
	parse_err(data, len, CB_EINVAL, "xlsx_invalid");
	free(data);
	/* No DOCTYPE, hence no entity expansion. */
	data = make_zip(&len, "xl/workbook.xml", workbook,
	    "xl/worksheets/sheet1.xml", laughs, (const char *)NULL);
	parse_err(data, len, CB_EINVAL, "xlsx_invalid");
	free(data);
}

/* A part that inflates past 64 MiB is refused before it is read. */
static void
test_zip_bomb(void **state)
{
	static const char workbook[] =
	    "<workbook><sheets><sheet name=\"a\" sheetId=\"1\"/></sheets>"
	    "</workbook>";
	size_t n = (size_t)65 * 1024 * 1024, len;
	char *big = malloc(n + 1), *data;

	(void)state;
	assert_non_null(big);
	memset(big, ' ', n);
	memcpy(big, "<worksheet>", 11);
	big[n] = '\0';
	data = make_zip(&len, "xl/workbook.xml", workbook,
	    "xl/worksheets/sheet1.xml", big, (const char *)NULL);
	free(big);
	assert_true(len < (size_t)1024 * 1024);
	parse_err(data, len, CB_ETOOBIG, "too_big");
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsxwriter_shared_strings),
		cmocka_unit_test(test_xlsxwriter_inline_strings),
		cmocka_unit_test(test_handmade),
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_zip_bomb),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
