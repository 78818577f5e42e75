/*
 * test-core-org-rules.c - the rulebook's judgements of an organisation
 * (core/org-rules.h) at their boundaries: which kinds hold members, the
 * Charter's minimum of official members of a cell, changing kind,
 * closing, and the warnings.  The rulebook is the one chibo ships
 * (rules/vn.json).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/org-rules.h"
#include "svc/svc.h"
#include "util/text.h"

#include "testlib.h"

#define TODAY "2026-11-25"

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

/* An organisation of kind k open since 2000 at path /1/5/9/. */
static void
org_of(struct org *o, enum org_kind k)
{
	org_init(o);
	o->id = 9;
	o->kind = k;
	o->name = strdup("Chi bộ Thử");
	o->code = strdup("CB-THU");
	o->parent_id = 5;
	o->path = strdup("/1/5/9/");
	o->depth = 2;
	strcpy(o->valid_from, "2000-01-01");
}

/* RULE org.member_holding_kinds: cells and groups hold members, the
 * committees above them do not; a committee may say otherwise for its
 * subtree. */
static void
test_holds_members(void **state)
{
	char rule_id[] = "org.member_holding_kinds", name[] = "kinds";
	char path5[] = "/1/5/", doc[] = "03-QĐ/ĐU", grassroots[] =
	    "grassroots", *items[] = { grassroots };
	struct rule_override o;
	struct rulebook view;
	struct rule_ref ref;
	int k;

	(void)state;
	for (k = ORG_KIND_NONE + 1; k < ORG_KIND__MAX; k++)
		assert_int_equal(org_kind_holds_members(&rb, (enum org_kind)k,
		    TODAY, "/1/5/9/", NULL), k == ORG_CELL ||
		    k == ORG_GRASSROOTS_CELL || k == ORG_GROUP);
	assert_int_equal(org_kind_holds_members(&rb, ORG_GRASSROOTS, TODAY,
	    NULL, &ref), 0);
	assert_string_equal(ref.rule_id, "org.member_holding_kinds");
	assert_non_null(ref.citation);
	/* Before the first version: no rule. */
	assert_int_equal(org_kind_holds_members(&rb, ORG_CELL, "1899-12-31",
	    NULL, NULL), -CB_ENOTFOUND);

	rulebook_view(&view, &rb);
	memset(&o, 0, sizeof(o));
	o.rule_id = rule_id;
	o.value_name = name;
	o.value.type = RV_LIST;
	o.value.items = items;
	o.value.nitems = 1;
	o.org_id = 5;
	o.org_path = path5;
	strcpy(o.from, "2026-01-01");
	o.doc_no = doc;
	assert_int_equal(rulebook_add_override(&view, &o), 0);
	assert_int_equal(org_kind_holds_members(&view, ORG_GRASSROOTS, TODAY,
	    "/1/5/9/", &ref), 1);
	assert_non_null(ref.override);
	assert_int_equal(org_kind_holds_members(&view, ORG_CELL, TODAY,
	    "/1/5/9/", NULL), 0);
	/* Not in force the day before, nor outside the subtree. */
	assert_int_equal(org_kind_holds_members(&view, ORG_GRASSROOTS,
	    "2025-12-31", "/1/5/9/", NULL), 0);
	assert_int_equal(org_kind_holds_members(&view, ORG_GRASSROOTS, TODAY,
	    "/1/6/", NULL), 0);
	rulebook_release(&view);
}

/* RULE org.cell_min_official: 3 official members; a cell (or a
 * grassroots cell) with 2 is below it, with 3 is not; other kinds and
 * closed cells are not judged. */
static void
test_cell_min(void **state)
{
	struct rule_ref ref;
	struct org o;
	int64_t min = 0;

	(void)state;
	org_of(&o, ORG_CELL);
	assert_true(org_cell_below_min(&rb, &o, 2, TODAY, &min, &ref));
	assert_int_equal(min, 3);
	assert_string_equal(ref.rule_id, "org.cell_min_official");
	assert_non_null(strstr(ref.citation, "Điều 24"));
	assert_false(org_cell_below_min(&rb, &o, 3, TODAY, &min, &ref));
	assert_true(org_cell_below_min(&rb, &o, 0, TODAY, &min, &ref));
	/* Open on the day it closes, closed the day after. */
	strcpy(o.valid_to, TODAY);
	assert_true(org_cell_below_min(&rb, &o, 2, TODAY, &min, &ref));
	strcpy(o.valid_to, "2026-11-24");
	assert_false(org_cell_below_min(&rb, &o, 2, TODAY, &min, &ref));
	org_release(&o);

	org_of(&o, ORG_GRASSROOTS_CELL);
	assert_true(org_cell_below_min(&rb, &o, 2, TODAY, &min, &ref));
	org_release(&o);
	org_of(&o, ORG_GROUP);
	assert_false(org_cell_below_min(&rb, &o, 0, TODAY, &min, &ref));
	org_release(&o);
	org_of(&o, ORG_GRASSROOTS);
	assert_false(org_cell_below_min(&rb, &o, 0, TODAY, &min, &ref));
	org_release(&o);
	/* No rule in force. */
	org_of(&o, ORG_CELL);
	strcpy(o.valid_from, "1800-01-01");
	assert_false(org_cell_below_min(&rb, &o, 0, "1850-01-01", &min,
	    &ref));
	org_release(&o);
}

/* The warnings are the cell minimum's verdict, with its rule. */
static void
test_warnings(void **state)
{
	struct org_warnings w;
	struct org o;

	(void)state;
	org_of(&o, ORG_CELL);
	org_warnings(&rb, &o, 2, TODAY, &w);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.items[0].code, "cell_below_min_official");
	assert_int_equal(w.items[0].min, 3);
	assert_string_equal(w.items[0].rule_id, "org.cell_min_official");
	assert_non_null(w.items[0].citation);
	org_warnings(&rb, &o, 3, TODAY, &w);
	assert_int_equal(w.n, 0);
	/* Rules that could not be read: none. */
	org_warnings(NULL, &o, 0, TODAY, &w);
	assert_int_equal(w.n, 0);
	org_release(&o);
}

/* An organisation with members directly in it keeps a kind that may
 * hold them; one without may take any kind. */
static void
test_kind_change(void **state)
{
	struct cb_error err = CB_ERROR_INIT;

	(void)state;
	assert_int_equal(org_kind_change_check(&rb, ORG_GRASSROOTS, 0, TODAY,
	    "/1/5/9/", &err), 0);
	assert_int_equal(org_kind_change_check(&rb, ORG_GROUP, 4, TODAY,
	    "/1/5/9/", &err), 0);
	assert_int_equal(err.nfields, 0);
	assert_int_equal(org_kind_change_check(&rb, ORG_GRASSROOTS, 1, TODAY,
	    "/1/5/9/", &err), -CB_EINVAL);
	assert_int_equal(err.nfields, 1);
	assert_string_equal(err.fields[0].field, "kind");
	assert_string_equal(err.fields[0].code, "org_has_members");
	assert_string_equal(err.fields[0].arg, "1");
	cb_error_release(&err);
	/* Without rules, not with members. */
	assert_int_equal(org_kind_change_check(NULL, ORG_CELL, 2, TODAY,
	    "/1/5/9/", &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].arg, "2");
	cb_error_release(&err);
	assert_int_equal(org_kind_change_check(NULL, ORG_CELL, 0, TODAY,
	    "/1/5/9/", &err), 0);
}

/* Only an empty organisation closes: members first, then children. */
static void
test_close(void **state)
{
	struct cb_error err = CB_ERROR_INIT;

	(void)state;
	assert_int_equal(org_close_check(0, 0, &err), 0);
	assert_int_equal(org_close_check(1, 2, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "valid_to");
	assert_string_equal(err.fields[0].code, "org_has_members");
	assert_string_equal(err.fields[0].arg, "1");
	cb_error_release(&err);
	assert_int_equal(org_close_check(0, 2, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "org_has_children");
	assert_string_equal(err.fields[0].arg, "2");
	cb_error_release(&err);
}

/* An officer's term: the dates, the member on the rolls and in the
 * subtree, no overlapping duplicate; every problem at once. */
static void
test_officer_check(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_officer t, have;
	struct member m;

	(void)state;
	memset(&t, 0, sizeof(t));
	memset(&have, 0, sizeof(have));
	member_init(&m);
	m.state = MSTATE_ACTIVE;
	t.member_id = 7;
	t.position = OFFICER_SECRETARY;
	strcpy(t.started_on, "2025-06-01");
	assert_int_equal(org_officer_check(&t, "/1/5/", &m, "/1/5/9/", NULL,
	    0, "2026-11-25", &err), 0);
	/* Started today: fine; tomorrow: not yet. */
	strcpy(t.started_on, "2026-11-25");
	assert_int_equal(org_officer_check(&t, "/1/5/", &m, "/1/5/", NULL, 0,
	    "2026-11-25", &err), 0);
	strcpy(t.started_on, "2026-11-26");
	strcpy(t.ended_on, "2026-11-25");
	m.state = MSTATE_DIED;
	assert_int_equal(org_officer_check(&t, "/1/5/", &m, "/1/5/", NULL, 0,
	    "2026-11-25", &err), -CB_EINVAL);
	assert_int_equal(err.nfields, 3);
	assert_string_equal(err.fields[0].code, "date_in_future");
	assert_string_equal(err.fields[1].code, "date_before");
	assert_string_equal(err.fields[1].arg, "started_on");
	assert_string_equal(err.fields[2].code, "member_not_active");
	cb_error_release(&err);
	/* Outside the subtree ("/1/50/" is not under "/1/5/" in ten-digit
	 * paths; here the prefix is the whole path). */
	m.state = MSTATE_ACTIVE;
	strcpy(t.started_on, "2025-06-01");
	t.ended_on[0] = '\0';
	assert_int_equal(org_officer_check(&t, "/1/5/", &m, "/1/6/", NULL, 0,
	    "2026-11-25", &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "officer_not_in_org");
	cb_error_release(&err);
	/* The same member and position over an overlapping period. */
	have.member_id = 7;
	have.position = OFFICER_SECRETARY;
	strcpy(have.started_on, "2020-06-01");
	strcpy(have.ended_on, "2025-06-01");
	assert_int_equal(org_officer_check(&t, "/1/5/", &m, "/1/5/", &have, 1,
	    "2026-11-25", &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "officer_duplicate");
	cb_error_release(&err);
	/* The day after: no overlap; another position: fine. */
	strcpy(have.ended_on, "2025-05-31");
	assert_int_equal(org_officer_check(&t, "/1/5/", &m, "/1/5/", &have, 1,
	    "2026-11-25", &err), 0);
	have.ended_on[0] = '\0';
	have.position = OFFICER_DEPUTY_SECRETARY;
	assert_int_equal(org_officer_check(&t, "/1/5/", &m, "/1/5/", &have, 1,
	    "2026-11-25", &err), 0);
	member_release(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_officer_check),
		cmocka_unit_test(test_holds_members),
		cmocka_unit_test(test_cell_min),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_kind_change),
		cmocka_unit_test(test_close),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
