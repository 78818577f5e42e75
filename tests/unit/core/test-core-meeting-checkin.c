/*
 * test-core-meeting-checkin.c - the QR check-in rule (core/meeting-checkin.h)
 * at its edges, with the rulebook chibo ships (meeting.checkin: open 30
 * minutes before the start, late more than 15 minutes after it, codes of
 * 10 minutes): one second before the opening and after the end refused,
 * the opening and the end accepted, 15 minutes after the start present,
 * one second more late, a cancelled meeting refused citing the rule; and
 * util/filetype.h, which tells a material's type by its content.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/meeting-checkin.h"
#include "svc/svc.h"
#include "util/filetype.h"

#include "testlib.h"

static struct rulebook rb;

static int
setup(void **state)
{
	(void)state;
	return test_rules_load(&rb);
}

static int
teardown(void **state)
{
	(void)state;
	test_rules_release(&rb);
	return 0;
}

static int64_t
at(const char *iso)
{
	int64_t t;

	assert_int_equal(meeting_instant_secs(iso, &t), 0);
	return t;
}

/* The verdict at now: the status, or -1 (refused, the code in *code). */
static int
judge(struct meeting *m, int64_t now, char *code, size_t size)
{
	struct cb_error err = CB_ERROR_INIT;
	enum attendance_status st = ATTENDANCE_NONE;
	int rc = meeting_checkin_judge(m, now, &rb, "/1/", &st, &err);

	code[0] = '\0';
	if (rc != 0) {
		assert_int_equal(rc, -CB_ECONFLICT);
		assert_string_equal(err.mcode, "meeting_not_open");
		assert_int_equal(err.nfields, 1);
		assert_string_equal(err.fields[0].field, "code");
		assert_string_equal(err.fields[0].rule, RULE_MEETING_CHECKIN);
		assert_non_null(err.fields[0].citation);
		snprintf(code, size, "%s", err.fields[0].code);
		cb_error_release(&err);
		return -1;
	}
	return (int)st;
}

static void
test_hours(void **state)
{
	struct meeting m;
	char code[64];
	int64_t start;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.starts_at = (char *)"2026-03-05T19:30:00+07:00";
	m.ends_at = (char *)"2026-03-05T21:30:00+07:00";
	m.status = MEETING_PLANNED;
	start = at(m.starts_at);
	assert_int_equal(start, at("2026-03-05T12:30:00Z"));
	assert_int_equal(judge(&m, start - 30 * 60 - 1, code, sizeof(code)),
	    -1);
	assert_string_equal(code, "meeting_not_open");
	assert_int_equal(judge(&m, start - 30 * 60, code, sizeof(code)),
	    ATTENDANCE_PRESENT);
	assert_int_equal(judge(&m, start + 15 * 60, code, sizeof(code)),
	    ATTENDANCE_PRESENT);
	assert_int_equal(judge(&m, start + 15 * 60 + 1, code, sizeof(code)),
	    ATTENDANCE_LATE);
	assert_int_equal(judge(&m, at(m.ends_at), code, sizeof(code)),
	    ATTENDANCE_LATE);
	assert_int_equal(judge(&m, at(m.ends_at) + 1, code, sizeof(code)),
	    -1);
	/* Held (recorded afterwards) is still open in its hours. */
	m.status = MEETING_HELD;
	assert_int_equal(judge(&m, start, code, sizeof(code)),
	    ATTENDANCE_PRESENT);
	m.status = MEETING_CANCELLED;
	assert_int_equal(judge(&m, start, code, sizeof(code)), -1);
	assert_string_equal(code, "meeting_cancelled");
}

static void
test_code_lifetime(void **state)
{
	int64_t s = 0;

	(void)state;
	assert_int_equal(meeting_checkin_code_secs(&rb, "2026-12-07", "/1/",
	                     &s),
	    0);
	assert_int_equal(s, 600);
	assert_int_not_equal(meeting_instant_secs("2026-03-05T19:30", &s), 0);
}

static void
test_filetype(void **state)
{
	/* A minimal zip with one stored, empty entry named name. */
	static const char *const kinds[][2] = {
		{ "word/document.xml", "docx" },
		{ "xl/workbook.xml", "xlsx" },
	};
	const struct filetype *t;
	size_t i;

	(void)state;
	assert_string_equal(filetype_sniff("%PDF-1.7\n", 9)->name, "pdf");
	assert_string_equal(
	    filetype_sniff("\x89PNG\r\n\x1a\n\0\0\0\0", 12)->name, "png");
	assert_string_equal(filetype_sniff("\xff\xd8\xff\xe0", 4)->name,
	    "jpeg");
	assert_null(filetype_sniff("%PDF", 4));
	assert_null(filetype_sniff("hello, world", 12));
	assert_null(filetype_sniff("PK\x03\x04garbage", 11));
	assert_null(filetype_sniff(NULL, 0));
	for (i = 0; i < 2; i++) {
		unsigned char z[512];
		size_t n = strlen(kinds[i][0]), off = 0, cd;

		memset(z, 0, sizeof(z));
		/* local file header */
		memcpy(z, "PK\x03\x04\x0a\0\0\0\0\0\0\0\0\0", 14);
		z[26] = (unsigned char)n;
		memcpy(z + 30, kinds[i][0], n);
		off = 30 + n;
		cd = off;
		/* central directory entry */
		memcpy(z + off, "PK\x01\x02\x14\0\x0a\0", 8);
		z[off + 28] = (unsigned char)n;
		memcpy(z + off + 46, kinds[i][0], n);
		off += 46 + n;
		/* end of central directory */
		memcpy(z + off, "PK\x05\x06", 4);
		z[off + 8] = 1;
		z[off + 10] = 1;
		z[off + 12] = (unsigned char)(46 + n);
		z[off + 16] = (unsigned char)cd;
		off += 22;
		t = filetype_sniff(z, off);
		assert_non_null(t);
		assert_string_equal(t->name, kinds[i][1]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hours),
		cmocka_unit_test(test_code_lifetime),
		cmocka_unit_test(test_filetype),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
