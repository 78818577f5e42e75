/*
 * test-core-stats.c - what a member counts under (core/stats.c): theory
 * levels read from free text, age bands from the rule, ages birthday-exact
 * (29 February included), the birth-date cutoffs the store's ranges use,
 * and the vectors of members and organisations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"
#include "util/date.h"
#include "util/err.h"

static void
test_column_names(void **state)
{
	char want[32];
	int i;

	(void)state;
	assert_string_equal(stat_col_name(STAT_MEMBERS), "members");
	assert_string_equal(stat_col_name(STAT_EXEMPTED), "exempted");
	for (i = 0; i < STATS_BANDS_MAX; i++) {
		snprintf(want, sizeof(want), "age_%d", i);
		assert_string_equal(stat_col_name(STAT_AGE_0 + i), want);
	}
	assert_string_equal(stat_col_name(STAT_AGE_UNKNOWN), "age_unknown");
	for (i = 0; i < THEORY__MAX; i++) {
		snprintf(want, sizeof(want), "theory_%s",
		    theory_level_name((enum theory_level)i));
		assert_string_equal(stat_col_name(STAT_THEORY_0 + i), want);
	}
	for (i = ORG_KIND_NONE + 1; i < ORG_KIND__MAX; i++) {
		snprintf(want, sizeof(want), "org_%s",
		    org_kind_name((enum org_kind)i));
		assert_string_equal(stat_col_name(STAT_ORG_0 + i - 1), want);
	}
	assert_int_equal(STAT_ORG_LAST + 1, STAT__MAX);
	assert_null(stat_col_name(STAT__MAX));
	assert_null(stat_col_name((enum stat_col)-1));
}

static void
test_theory_levels(void **state)
{
	static const struct {
		const char		*text;
		enum theory_level	 want;
	} cases[] = {
		{ NULL, THEORY_NONE },
		{ "", THEORY_NONE },
		{ "   ", THEORY_NONE },
		{ "-", THEORY_NONE },
		{ "Chưa qua đào tạo", THEORY_NONE },
		{ "chưa có", THEORY_NONE },
		{ "Không", THEORY_NONE },
		{ "Sơ cấp", THEORY_ELEMENTARY },
		{ "sơ cấp lý luận chính trị", THEORY_ELEMENTARY },
		{ "SƠ CẤP", THEORY_ELEMENTARY },
		/* NFD: the marks as combining characters. */
		{ "So\xcc\x9b ca\xcc\x82\xcc\x81p", THEORY_ELEMENTARY },
		{ "SC", THEORY_ELEMENTARY },
		{ "Trung cấp", THEORY_INTERMEDIATE },
		{ "TC", THEORY_INTERMEDIATE },
		{ "Trung cấp LLCT", THEORY_INTERMEDIATE },
		{ "Cao cấp", THEORY_ADVANCED },
		{ "Cao cấp lý luận chính trị - hành chính", THEORY_ADVANCED },
		{ "cao cap", THEORY_ADVANCED },
		{ "CC", THEORY_ADVANCED },
		{ "Cử nhân", THEORY_BACHELOR },
		{ "Cử nhân chính trị", THEORY_BACHELOR },
		/* Both written: the bachelor wins. */
		{ "Cao cấp, Cử nhân chính trị", THEORY_BACHELOR },
		{ "CN", THEORY_BACHELOR },
		{ "bachelor", THEORY_BACHELOR },
		{ "Advanced", THEORY_ADVANCED },
		{ "intermediate", THEORY_INTERMEDIATE },
		{ "elementary", THEORY_ELEMENTARY },
		{ "Tiến sĩ", THEORY_OTHER },
		{ "Thạc sĩ chính trị", THEORY_OTHER },
		/* Words, not pieces of words. */
		{ "Tccc", THEORY_OTHER },
		{ "scx", THEORY_OTHER },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum theory_level t = stats_theory_level(cases[i].text);

		if (t != cases[i].want)
			fprintf(stderr, "'%s': %s, want %s\n",
			    cases[i].text ? cases[i].text : "(null)",
			    theory_level_name(t),
			    theory_level_name(cases[i].want));
		assert_int_equal(t, cases[i].want);
	}
	assert_string_equal(theory_level_label_vi(THEORY_ADVANCED), "Cao cấp");
	assert_string_equal(theory_level_label_en(THEORY_BACHELOR),
	    "Bachelor");
	assert_null(theory_level_name(THEORY__MAX));
}

static void
test_bands(void **state)
{
	char *items[] = { (char *)"30", (char *)"40", (char *)"50",
	    (char *)"60", NULL };
	struct rule_value v = { (char *)"edges", RV_LIST, 0, NULL, items, 4 };
	struct stats_bands b, c;
	char buf[64], l[16];

	(void)state;
	assert_int_equal(stats_bands_from_value(&v, &b), 0);
	assert_int_equal(b.n, 4);
	assert_int_equal(b.edges[3], 60);
	stats_bands_format(&b, buf, sizeof(buf));
	assert_string_equal(buf, "30,40,50,60");
	assert_int_equal(stats_bands_parse(buf, &c), 0);
	assert_true(stats_bands_equal(&b, &c));
	stats_band_label(&b, 0, l, sizeof(l));
	assert_string_equal(l, "<30");
	stats_band_label(&b, 1, l, sizeof(l));
	assert_string_equal(l, "30-39");
	stats_band_label(&b, 4, l, sizeof(l));
	assert_string_equal(l, "60+");
	stats_band_label(&b, 5, l, sizeof(l));
	assert_string_equal(l, "");
	/* No edges: one band. */
	assert_int_equal(stats_bands_parse("", &c), 0);
	assert_int_equal(c.n, 0);
	assert_false(stats_bands_equal(&b, &c));
	stats_band_label(&c, 0, l, sizeof(l));
	assert_string_equal(l, "all");

	/* Refused: not ascending, out of range, not digits, too many. */
	items[1] = (char *)"30";
	assert_int_equal(stats_bands_from_value(&v, &b), -CB_EINVAL);
	items[1] = (char *)"0";
	assert_int_equal(stats_bands_from_value(&v, &b), -CB_EINVAL);
	items[1] = (char *)"4x";
	assert_int_equal(stats_bands_from_value(&v, &b), -CB_EINVAL);
	items[1] = (char *)"-5";
	assert_int_equal(stats_bands_from_value(&v, &b), -CB_EINVAL);
	v.nitems = 0;
	assert_int_equal(stats_bands_from_value(&v, &b), -CB_EINVAL);
	v.type = RV_INT;
	assert_int_equal(stats_bands_from_value(&v, &b), -CB_EINVAL);
	assert_int_equal(stats_bands_from_value(NULL, &b), -CB_EINVAL);
	assert_int_equal(stats_bands_parse("30,", &c), -CB_EINVAL);
	assert_int_equal(stats_bands_parse("30,30", &c), -CB_EINVAL);
	assert_int_equal(stats_bands_parse("1,2,3,4,5,6,7,8", &c),
	    -CB_EINVAL);
	assert_int_equal(stats_bands_parse("1,2,3,4,5,6,7", &c), 0);
	assert_int_equal(stats_bands_parse(" 3", &c), -CB_EINVAL);
}

static void
test_ages(void **state)
{
	static const struct stats_bands b = { { 30, 40, 50, 60 }, 4 };
	int a = -1;

	(void)state;
	assert_int_equal(stats_age("1996-03-10", "2026-03-09", &a), 0);
	assert_int_equal(a, 29);
	assert_int_equal(stats_age("1996-03-10", "2026-03-10", &a), 0);
	assert_int_equal(a, 30);
	/* 29 February: a year older on 1 March of a common year, on 29
	 * February of a leap one. */
	assert_int_equal(stats_age("1996-02-29", "2026-02-28", &a), 0);
	assert_int_equal(a, 29);
	assert_int_equal(stats_age("1996-02-29", "2026-03-01", &a), 0);
	assert_int_equal(a, 30);
	assert_int_equal(stats_age("1996-02-29", "2028-02-29", &a), 0);
	assert_int_equal(a, 32);
	assert_int_equal(stats_age("2030-01-01", "2026-01-01", &a), 0);
	assert_int_equal(a, -4);
	assert_int_equal(stats_age("1996-02-30", "2026-01-01", &a),
	    -CB_EINVAL);
	assert_int_equal(stats_age_band(&b, "1996-03-10", "2026-03-09"), 0);
	assert_int_equal(stats_age_band(&b, "1996-03-10", "2026-03-10"), 1);
	assert_int_equal(stats_age_band(&b, "1950-01-01", "2026-03-10"), 4);
	assert_int_equal(stats_age_band(&b, "2030-01-01", "2026-03-10"), 0);
	assert_int_equal(stats_age_band(&b, "", "2026-03-10"), -1);
	assert_int_equal(stats_age_band(&b, NULL, "2026-03-10"), -1);
}

/* The store counts "age >= e on day on" as "born on or before
 * cutoff(on, e)": the two must agree on every day and birth date. */
static void
test_cutoffs(void **state)
{
	static const int edges[] = { 1, 18, 30, 60, 100 };
	struct date on = { 2023, 1, 1 }, b;
	char on_s[DATE_LEN], b_s[DATE_LEN], cut[DATE_LEN];
	int day, e, k, age;
	size_t i;

	(void)state;
	assert_int_equal(stats_cutoff("2028-02-29", 30, cut), 0);
	assert_string_equal(cut, "1998-02-28");
	assert_int_equal(stats_cutoff("2028-02-29", 32, cut), 0);
	assert_string_equal(cut, "1996-02-29");
	assert_int_equal(stats_cutoff("2026-03-10", 30, cut), 0);
	assert_string_equal(cut, "1996-03-10");
	assert_int_equal(stats_cutoff("2026-13-10", 30, cut), -CB_EINVAL);
	for (day = 0; day < 6 * 366; day++) {
		struct date d = date_add_days(&on, day);

		date_format_iso(&d, on_s);
		for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
			e = edges[i];
			assert_int_equal(stats_cutoff(on_s, e, cut), 0);
			/* Birth dates around the cutoff, and the leap days
			 * nearby. */
			for (k = -3; k <= 3; k++) {
				struct date c;

				assert_int_equal(date_parse_iso(cut, &c), 0);
				b = date_add_days(&c, k);
				date_format_iso(&b, b_s);
				assert_int_equal(stats_age(b_s, on_s, &age), 0);
				assert_int_equal(age >= e,
				    strcmp(b_s, cut) <= 0);
			}
		}
	}
}

static void
test_vectors(void **state)
{
	static const struct stats_bands b = { { 30, 40, 50, 60 }, 4 };
	struct stat_vec v;
	struct member m;

	(void)state;
	memset(&v, 0, sizeof(v));
	member_init(&m);
	m.org_id = 7;
	m.state = MSTATE_ACTIVE;
	m.status = MSTATUS_PROBATIONARY;
	m.gender = GENDER_FEMALE;
	snprintf(m.birth_date, sizeof(m.birth_date), "%s", "1980-06-01");
	snprintf(m.exempt_since, sizeof(m.exempt_since), "%s", "2024-01-01");
	m.theory_level = strdup("Trung cấp");
	stats_add_member(&v, &m, &b, "2026-01-01", 1);
	assert_int_equal(v.v[STAT_MEMBERS], 1);
	assert_int_equal(v.v[STAT_PROBATIONARY], 1);
	assert_int_equal(v.v[STAT_OFFICIAL], 0);
	assert_int_equal(v.v[STAT_FEMALE], 1);
	assert_int_equal(v.v[STAT_EXEMPTED], 1);
	assert_int_equal(v.v[STAT_AGE_0 + 2], 1);
	assert_int_equal(v.v[STAT_THEORY_0 + THEORY_INTERMEDIATE], 1);
	stats_add_member(&v, &m, &b, "2026-01-01", -1);
	assert_true(stat_vec_is_zero(&v));
	/* Off the rolls, or in no organisation: nothing. */
	m.state = MSTATE_DIED;
	stats_add_member(&v, &m, &b, "2026-01-01", 1);
	m.state = MSTATE_ACTIVE;
	m.org_id = 0;
	stats_add_member(&v, &m, &b, "2026-01-01", 1);
	assert_true(stat_vec_is_zero(&v));
	/* Unknown birth date, status, gender. */
	m.org_id = 7;
	m.birth_date[0] = '\0';
	m.status = MSTATUS_NONE;
	m.gender = GENDER_NONE;
	stats_add_member(&v, &m, &b, "2026-01-01", 1);
	assert_int_equal(v.v[STAT_MEMBERS], 1);
	assert_int_equal(v.v[STAT_AGE_UNKNOWN], 1);
	assert_int_equal(v.v[STAT_OFFICIAL] + v.v[STAT_PROBATIONARY] +
	    v.v[STAT_MALE] + v.v[STAT_FEMALE], 0);
	member_release(&m);

	memset(&v, 0, sizeof(v));
	stats_add_org(&v, ORG_CELL, true, 1);
	stats_add_org(&v, ORG_CELL, false, 1);
	stats_add_org(&v, ORG_KIND_NONE, true, 1);
	assert_int_equal(v.v[STAT_ORG_0 + ORG_CELL - 1], 1);
	stats_add_org(&v, ORG_CELL, true, -1);
	assert_true(stat_vec_is_zero(&v));
}

static void
test_org_stats_release(void **state)
{
	struct org_stats s;

	(void)state;
	org_stats_init(&s);
	s.eth = calloc(2, sizeof(*s.eth));
	assert_non_null(s.eth);
	s.eth[0].name = strdup("Kinh");
	s.eth[1].name = strdup("");
	s.neth = 2;
	org_stats_release(&s);
	assert_null(s.eth);
	org_stats_release(&s);
	org_stats_release(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_column_names),
		cmocka_unit_test(test_theory_levels),
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_ages),
		cmocka_unit_test(test_cutoffs),
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_org_stats_release),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
