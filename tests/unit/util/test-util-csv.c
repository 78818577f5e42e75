/*
 * test-util-csv.c - util/table: the CSV reader (encodings, delimiters,
 * RFC 4180 quoting, line numbers, limits and errors).
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
	assert_row(&t, 2, 7, 2, "last", "ctl");
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
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
