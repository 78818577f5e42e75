/*
 * test-util-date.c - util/date: validity, parsing, formatting, month
 * arithmetic, day counts, Viet Nam "today" and UTC timestamps.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/date.h"

/* Parses ISO s (which must be valid) for the tests below. */
static struct date
D(const char *s)
{
	struct date d = { 0, 0, 0 };

	assert_int_equal(date_parse_iso(s, &d), 0);
	return d;
}

/* Asserts that d is the date written iso. */
static void
assert_date(struct date d, const char *iso)
{
	char buf[DATE_LEN];

	date_format_iso(&d, buf);
	assert_string_equal(buf, iso);
}

static void
test_valid(void **state)
{
	(void)state;
	assert_true(date_valid(2024, 2, 29));
	assert_false(date_valid(2023, 2, 29));
	assert_false(date_valid(1900, 2, 29));	/* century, not leap */
	assert_true(date_valid(2000, 2, 29));	/* 400-year leap */
	assert_false(date_valid(2100, 2, 29));
	assert_true(date_valid(2024, 4, 30));
	assert_false(date_valid(2024, 4, 31));
	assert_true(date_valid(2024, 12, 31));
	assert_false(date_valid(2024, 13, 1));
	assert_false(date_valid(2024, 0, 1));
	assert_false(date_valid(2024, 1, 0));
	assert_true(date_valid(1900, 1, 1));
	assert_false(date_valid(1899, 12, 31));
	assert_true(date_valid(2200, 12, 31));
	assert_false(date_valid(2201, 1, 1));
}

static void
test_parse_iso(void **state)
{
	static const char *const bad[] = {
		"", "2024", "2024-1-31", "2024-01-1", "24-01-31",
		"2024-01-31 ", " 2024-01-31", "2024-01-31T00:00", "2024/01/31",
		"2024-02-30", "2023-02-29", "1900-02-29", "2024-13-01",
		"2024-00-10", "2024-01-00", "20240-01-01", "1899-12-31",
		"2201-01-01", "2024-0a-01", "31/01/2024", "+024-01-01",
		"2024-01-3\xc2\xb9",
	};
	struct date d;
	size_t i;

	(void)state;
	assert_int_equal(date_parse_iso("2024-01-31", &d), 0);
	assert_int_equal(d.y, 2024);
	assert_int_equal(d.m, 1);
	assert_int_equal(d.d, 31);
	assert_int_equal(date_parse_iso("2024-02-29", &d), 0);
	assert_int_equal(date_parse_iso("2000-02-29", &d), 0);
	assert_int_equal(date_parse_iso("1900-01-01", &d), 0);
	assert_int_equal(date_parse_iso("2200-12-31", &d), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		d.y = -1;
		assert_int_not_equal(date_parse_iso(bad[i], &d), 0);
		assert_int_equal(d.y, -1);	/* untouched on error */
	}
	assert_int_not_equal(date_parse_iso(NULL, &d), 0);
}

static void
test_parse_any(void **state)
{
	static const struct {
		const char *in, *iso;
	} good[] = {
		{ "1/2/2024", "2024-02-01" },
		{ "01/02/2024", "2024-02-01" },
		{ "31.12.1999", "1999-12-31" },
		{ "5-6-2020", "2020-06-05" },
		{ "29/02/2024", "2024-02-29" },
		{ "09.9.1945", "1945-09-09" },
		{ "2024-03-15", "2024-03-15" },
	};
	static const char *const bad[] = {
		"31/02/2024", "29/02/2023", "29/02/1900", "1/2-2024",
		"1.2/2024", "1/2/24", "1/2/20245", "1/2/2024x", "001/2/2024",
		"1/002/2024", " 1/2/2024", "1/2/2024 ", "1//2024", "/2/2024",
		"32/1/2024", "0/1/2024", "1/13/2024", "1/0/2024", "1/2/1899",
		"1 2 2024", "", "2024-02-30", "2024-2-3",
	};
	struct date d;
	char buf[DATE_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(date_parse_any(good[i].in, &d), 0);
		date_format_iso(&d, buf);
		assert_string_equal(buf, good[i].iso);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (date_parse_any(bad[i], &d) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
	}
}

static void
test_format(void **state)
{
	struct date d = { 2024, 3, 5 };
	char buf[DATE_LEN];

	(void)state;
	date_format_iso(&d, buf);
	assert_string_equal(buf, "2024-03-05");
	date_format_vn(&d, buf);
	assert_string_equal(buf, "05/03/2024");
	d = D("1945-09-02");
	date_format_vn(&d, buf);
	assert_string_equal(buf, "02/09/1945");
	/* Round trip through the Vietnamese form. */
	assert_int_equal(date_parse_any(buf, &d), 0);
	assert_date(d, "1945-09-02");
}

static void
test_cmp(void **state)
{
	struct date a = D("2024-01-31"), b = D("2024-02-01");
	struct date c = D("2023-12-31");

	(void)state;
	assert_true(date_cmp(&a, &b) < 0);
	assert_true(date_cmp(&b, &a) > 0);
	assert_true(date_cmp(&a, &a) == 0);
	assert_true(date_cmp(&c, &a) < 0);
	b = D("2024-01-30");
	assert_true(date_cmp(&b, &a) < 0);
}

static void
test_add_months(void **state)
{
	struct date d;

	(void)state;
	d = D("2024-01-31");
	assert_date(date_add_months(&d, 1), "2024-02-29");
	assert_date(date_add_months(&d, 2), "2024-03-31");
	assert_date(date_add_months(&d, 3), "2024-04-30");
	assert_date(date_add_months(&d, 12), "2025-01-31");
	assert_date(date_add_months(&d, 13), "2025-02-28");
	assert_date(date_add_months(&d, -1), "2023-12-31");
	assert_date(date_add_months(&d, -11), "2023-02-28");
	assert_date(date_add_months(&d, -12), "2023-01-31");
	assert_date(date_add_months(&d, -13), "2022-12-31");
	assert_date(date_add_months(&d, 0), "2024-01-31");
	d = D("2023-01-31");
	assert_date(date_add_months(&d, 1), "2023-02-28");
	d = D("2024-03-31");
	assert_date(date_add_months(&d, -1), "2024-02-29");
	d = D("2024-12-15");
	assert_date(date_add_months(&d, 1), "2025-01-15");
	assert_date(date_add_months(&d, -24), "2022-12-15");
	/* 18 years = 216 months, from a leap day. */
	d = D("2004-02-29");
	assert_date(date_add_months(&d, 216), "2022-02-28");
	assert_date(date_add_months(&d, 240), "2024-02-29");
}

static void
test_months_between(void **state)
{
	static const struct {
		const char *a, *b;
		int months;
	} cases[] = {
		{ "2024-01-15", "2024-01-15", 0 },
		{ "2024-01-15", "2024-02-14", 0 },
		{ "2024-01-15", "2024-02-15", 1 },
		{ "2024-01-31", "2024-02-28", 0 },
		{ "2024-01-31", "2024-02-29", 1 },	/* clamped day */
		{ "2023-01-31", "2023-02-28", 1 },
		{ "2024-01-31", "2024-03-30", 1 },
		{ "2024-01-31", "2024-03-31", 2 },
		{ "2023-12-31", "2024-01-01", 0 },
		{ "2006-05-10", "2024-05-09", 215 },
		{ "2006-05-10", "2024-05-10", 216 },
		{ "2024-02-29", "2025-02-28", 12 },
		{ "2024-01-01", "2023-12-01", -1 },
		{ "2024-02-15", "2024-01-16", 0 },
		{ "2024-02-15", "2024-01-15", -1 },
	};
	struct date a, b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a = D(cases[i].a);
		b = D(cases[i].b);
		if (date_months_between(&a, &b) != cases[i].months)
			fail_msg("%s .. %s: %d, want %d", cases[i].a,
			    cases[i].b, date_months_between(&a, &b),
			    cases[i].months);
	}
}

static void
test_month_diff(void **state)
{
	struct date a = D("2024-01-31"), b = D("2024-02-01");

	(void)state;
	assert_int_equal(date_month_diff(&a, &b), 1);	/* days ignored */
	assert_int_equal(date_months_between(&a, &b), 0);
	b = D("2023-02-28");
	assert_int_equal(date_month_diff(&a, &b), -11);
	a = D("2006-05-31");
	b = D("2024-05-01");
	assert_int_equal(date_month_diff(&a, &b), 216);
}

static void
test_days(void **state)
{
	struct date d, n;
	int64_t days, from, to;

	(void)state;
	d = D("2000-03-01");
	assert_int_equal(date_to_days(&d), 11017);
	d = D("1900-01-01");
	assert_int_equal(date_to_days(&d), -25567);
	d = D("2200-12-31");
	assert_int_equal(date_to_days(&d), 84370);
	d.y = 1970;
	d.m = 1;
	d.d = 1;
	assert_int_equal(date_to_days(&d), 0);
	assert_date(date_from_days(-1), "1969-12-31");
	assert_date(date_from_days(0), "1970-01-01");
	assert_date(date_from_days(11016), "2000-02-29");

	/* Every day 1900..2200: round trip, and each next day is the
	 * calendar's next day. */
	from = date_to_days(&(struct date){ 1900, 1, 1 });
	to = date_to_days(&(struct date){ 2200, 12, 31 });
	d = date_from_days(from);
	assert_date(d, "1900-01-01");
	for (days = from; days < to; days++) {
		n = date_from_days(days + 1);
		assert_true(date_valid(n.y, n.m, n.d));
		assert_int_equal(date_to_days(&n), days + 1);
		if (n.d == 1) {
			assert_true(n.m == d.m % 12 + 1);
		} else {
			assert_int_equal(n.d, d.d + 1);
			assert_int_equal(n.m, d.m);
			assert_int_equal(n.y, d.y);
		}
		d = n;
	}
	assert_date(d, "2200-12-31");

	d = D("2024-02-28");
	assert_date(date_add_days(&d, 1), "2024-02-29");
	assert_date(date_add_days(&d, 2), "2024-03-01");
	assert_date(date_add_days(&d, -59), "2023-12-31");
	assert_date(date_add_days(&d, 366), "2025-02-28");
}

static void
test_today_vn(void **state)
{
	(void)state;
	assert_date(date_today_vn(0), "1970-01-01");
	assert_date(date_today_vn(17 * 3600 - 1), "1970-01-01");
	assert_date(date_today_vn(17 * 3600), "1970-01-02");
	assert_date(date_today_vn(-7 * 3600), "1970-01-01");
	assert_date(date_today_vn(-7 * 3600 - 1), "1969-12-31");
	/* 2024-02-29T16:59:59Z is 23:59:59 in Ha Noi; a second later
	 * it is 1 March there. */
	assert_date(date_today_vn(1709226000 - 1), "2024-02-29");
	assert_date(date_today_vn(1709226000), "2024-03-01");
}

static void
test_timestamp(void **state)
{
	char buf[TIMESTAMP_LEN], want[TIMESTAMP_LEN];
	struct tm tm;
	time_t t;

	(void)state;
	timestamp_utc(0, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	timestamp_utc(-1, buf);
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
	timestamp_utc(951827696, buf);
	assert_string_equal(buf, "2000-02-29T12:34:56Z");
	/* Agrees with gmtime_r over 1901..2200 in uneven steps. */
	for (t = -2145916800; t < (time_t)7258118400; t += 86400 * 37 + 4321) {
		assert_non_null(gmtime_r(&t, &tm));
		assert_true(strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ",
		    &tm) > 0);
		timestamp_utc(t, buf);
		assert_string_equal(buf, want);
	}
}

/* Date-times with an offset, normalised to UTC; no offset, no instant. */
static void
test_datetime(void **state)
{
	char buf[TIMESTAMP_LEN];
	static const char *const bad[] = { "", "2026-12-07",
		"2026-12-07T19:30", "2026-12-07T19:30+07",
		"2026-12-07T24:00+07:00", "2026-12-07T19:60+07:00",
		"2026-02-30T19:30+07:00", "2026-12-07T19:30:61Z",
		"2026-12-07T19:30+15:00", "2026-12-07T19:30Z ", "1899-12-31T23:00Z",
		"2201-01-01T00:00+00:00", "26-12-07T19:30Z", "2026-12-07X19:30Z",
		NULL };
	size_t i;

	(void)state;
	assert_int_equal(datetime_parse_iso("2026-12-07T19:30+07:00", buf), 0);
	assert_string_equal(buf, "2026-12-07T12:30:00Z");
	/* Across midnight, a month and a year. */
	assert_int_equal(datetime_parse_iso("2027-01-01T06:59:59+07:00", buf),
	    0);
	assert_string_equal(buf, "2026-12-31T23:59:59Z");
	assert_int_equal(datetime_parse_iso("2026-02-28T20:00-05:00", buf), 0);
	assert_string_equal(buf, "2026-03-01T01:00:00Z");
	assert_int_equal(datetime_parse_iso("2024-02-29T08:00:05Z", buf), 0);
	assert_string_equal(buf, "2024-02-29T08:00:05Z");
	assert_int_equal(datetime_parse_iso("2024-02-29 08:00z", buf), 0);
	assert_string_equal(buf, "2024-02-29T08:00:00Z");
	for (i = 0; bad[i] != NULL; i++)
		assert_int_not_equal(datetime_parse_iso(bad[i], buf), 0);
	assert_int_not_equal(datetime_parse_iso(NULL, buf), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_parse_iso),
		cmocka_unit_test(test_parse_any),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_months_between),
		cmocka_unit_test(test_month_diff),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_today_vn),
		cmocka_unit_test(test_timestamp),
		cmocka_unit_test(test_datetime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
