/*
 * test-core-dashboard.c - the dashboard's targets and statuses
 * (core/dashboard.h) at their edges: the shipped targets, a share exactly
 * at the cells' and members' targets (not above: amber), just above
 * (green), at the amber band's edge and just below it (red), the
 * inspection targets met at 100, nothing counted, the rounding of the
 * percentage, and a committee's override of a target.  The rulebook is
 * the one chibo ships (rules/vn.json).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dashboard.h"
#include "svc/svc.h"

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

static void
test_targets(void **state)
{
	struct dash_targets t;

	(void)state;
	assert_int_equal(dash_targets_get(&rb, "2026-11-25", "/1/", &t), 0);
	assert_true(t.in_force);
	assert_int_equal(t.pct[DASH_CELLS_GOOD], 80);
	assert_int_equal(t.pct[DASH_MEMBERS_GOOD], 95);
	assert_int_equal(t.pct[DASH_COVERAGE], 100);
	assert_int_equal(t.pct[DASH_SELF], 100);
	assert_true(t.above);
	assert_int_equal(t.amber_points, 5);
	assert_string_equal(t.rule_id, "dashboard.targets");
	assert_non_null(t.citation);
}

static void
test_status_edges(void **state)
{
	struct dash_targets t;

	(void)state;
	assert_int_equal(dash_targets_get(&rb, "2026-11-25", NULL, &t), 0);
	/* Members, target 95, above: 19/20 = 95.0 is not above. */
	assert_int_equal(dash_status_of(&t, DASH_MEMBERS_GOOD, 19, 20),
	    DASH_STATUS_AMBER);
	/* 20/21 = 95.24: above. */
	assert_int_equal(dash_status_of(&t, DASH_MEMBERS_GOOD, 20, 21),
	    DASH_STATUS_GREEN);
	/* 1901/2000 = 95.05: above, though it rounds to 95.1. */
	assert_int_equal(dash_status_of(&t, DASH_MEMBERS_GOOD, 1901, 2000),
	    DASH_STATUS_GREEN);
	/* 90.0 exactly: the amber band's edge; 89.9: red. */
	assert_int_equal(dash_status_of(&t, DASH_MEMBERS_GOOD, 9, 10),
	    DASH_STATUS_AMBER);
	assert_int_equal(dash_status_of(&t, DASH_MEMBERS_GOOD, 899, 1000),
	    DASH_STATUS_RED);
	/* Cells, target 80: 4/5 = 80.0 amber, 5/6 = 83.3 green, 3/4 = 75
	 * amber, 74.9 red. */
	assert_int_equal(dash_status_of(&t, DASH_CELLS_GOOD, 4, 5),
	    DASH_STATUS_AMBER);
	assert_int_equal(dash_status_of(&t, DASH_CELLS_GOOD, 5, 6),
	    DASH_STATUS_GREEN);
	assert_int_equal(dash_status_of(&t, DASH_CELLS_GOOD, 3, 4),
	    DASH_STATUS_AMBER);
	assert_int_equal(dash_status_of(&t, DASH_CELLS_GOOD, 749, 1000),
	    DASH_STATUS_RED);
	/* Inspection, target 100, met at 100. */
	assert_int_equal(dash_status_of(&t, DASH_COVERAGE, 16, 16),
	    DASH_STATUS_GREEN);
	assert_int_equal(dash_status_of(&t, DASH_SELF, 19, 20),
	    DASH_STATUS_AMBER);
	assert_int_equal(dash_status_of(&t, DASH_SELF, 15, 16),
	    DASH_STATUS_RED);
	/* Nothing counted. */
	assert_int_equal(dash_status_of(&t, DASH_CELLS_GOOD, 0, 0),
	    DASH_STATUS_NONE);
	/* "above" off: at the target is met. */
	t.above = false;
	assert_int_equal(dash_status_of(&t, DASH_MEMBERS_GOOD, 19, 20),
	    DASH_STATUS_GREEN);
	/* Not in force: none. */
	t.in_force = false;
	assert_int_equal(dash_status_of(&t, DASH_MEMBERS_GOOD, 20, 20),
	    DASH_STATUS_NONE);
}

static void
test_pct10(void **state)
{
	(void)state;
	assert_int_equal(dash_pct10(0, 0), -1);
	assert_int_equal(dash_pct10(19, 20), 950);
	assert_int_equal(dash_pct10(5, 6), 833);
	assert_int_equal(dash_pct10(2, 3), 667);
	assert_int_equal(dash_pct10(1, 8), 125); /* 12.5: exact */
	assert_int_equal(dash_pct10(1, 16), 63); /* 6.25 -> 6.3: half up */
	assert_int_equal(dash_pct10(7, 7), 1000);
}

static void
test_override(void **state)
{
	char rule_id[] = RULE_DASHBOARD_TARGETS, name[] = "cells_good_percent",
	     path1[] = "/1/", doc[] = "2-NQ/ĐH";
	struct rule_override ov;
	struct dash_targets t;
	struct rulebook view;

	(void)state;
	rulebook_view(&view, &rb);
	memset(&ov, 0, sizeof(ov));
	ov.rule_id = rule_id;
	ov.value_name = name;
	ov.value.type = RV_INT;
	ov.value.i = 90;
	ov.org_id = 1;
	ov.org_path = path1;
	strcpy(ov.from, "2025-10-01");
	ov.doc_no = doc;
	assert_int_equal(rulebook_add_override(&view, &ov), 0);
	assert_int_equal(dash_targets_get(&view, "2026-11-25", "/1/5/", &t),
	    0);
	assert_int_equal(t.pct[DASH_CELLS_GOOD], 90);
	assert_int_equal(t.pct[DASH_MEMBERS_GOOD], 95);
	/* 5/6 = 83.3: green against 80, below 90's amber band (85): red. */
	assert_int_equal(dash_status_of(&t, DASH_CELLS_GOOD, 5, 6),
	    DASH_STATUS_RED);
	assert_int_equal(dash_targets_get(&view, "2026-11-25", "/2/", &t), 0);
	assert_int_equal(t.pct[DASH_CELLS_GOOD], 80);
	rulebook_release(&view);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_status_edges),
		cmocka_unit_test(test_pct10),
		cmocka_unit_test(test_override),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
