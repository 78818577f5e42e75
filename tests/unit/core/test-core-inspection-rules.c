/*
 * test-core-inspection-rules.c - a committee's inspection and supervision
 * against its targets (core/inspection-rules.h) at their edges: months
 * left in the term's last month, an inspection on the term's first day
 * and the day before, cancelled, self and member inspections, an
 * organisation closed or created during the term, one created during the
 * year (exactly the rule's months), a year without a term, a past year
 * judged at its end, a recommendation due yesterday and today, done late,
 * the grace days and a committee's override of the target.  The rulebook
 * is the one chibo ships (rules/vn.json).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/inspection-rules.h"
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

static struct insp_org_fact
org(int64_t id, const char *from, const char *to)
{
	struct insp_org_fact o;

	memset(&o, 0, sizeof(o));
	o.id = id;
	snprintf(o.valid_from, sizeof(o.valid_from), "%s", from);
	snprintf(o.valid_to, sizeof(o.valid_to), "%s", to);
	return o;
}

static struct insp_fact
insp(int64_t id, int64_t org_id, const char *decided, const char *from)
{
	struct insp_fact f;

	memset(&f, 0, sizeof(f));
	f.id = id;
	f.subject_org_id = org_id;
	snprintf(f.decided_on, sizeof(f.decided_on), "%s", decided);
	snprintf(f.from, sizeof(f.from), "%s", from);
	return f;
}

static struct insp_rec_fact
rec(int64_t id, int64_t org_id, const char *due, const char *done)
{
	struct insp_rec_fact r;

	memset(&r, 0, sizeof(r));
	r.id = id;
	r.inspection_id = 100 + id;
	r.org_id = org_id;
	snprintf(r.due_on, sizeof(r.due_on), "%s", due);
	snprintf(r.done_on, sizeof(r.done_on), "%s", done);
	return r;
}

static struct insp_input
input(int year, const char *today, const struct insp_org_fact *orgs,
    size_t norgs)
{
	struct insp_input in;

	memset(&in, 0, sizeof(in));
	in.year = year;
	snprintf(in.today, sizeof(in.today), "%s", today);
	in.committee_path = "/1/";
	in.has_term = true;
	strcpy(in.term_from, "2025-07-01");
	strcpy(in.term_to, "2030-06-30");
	in.orgs = orgs;
	in.norgs = norgs;
	return in;
}

/* How many findings of code r has (for org 0: any). */
static size_t
count(const struct insp_report *r, const char *code, int64_t org_id)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->items[i].code, code) == 0 &&
		    (org_id == 0 || r->items[i].org_id == org_id))
			n++;
	return n;
}

static const struct insp_row *
row(const struct insp_report *r, int64_t id)
{
	size_t i;

	for (i = 0; i < r->nrows; i++)
		if (r->rows[i].org_id == id)
			return &r->rows[i];
	return NULL;
}

static void
test_months_left(void **state)
{
	char on[DATE_LEN];

	(void)state;
	assert_int_equal(insp_months_left("2030-06-30", "2030-06-30"), 1);
	assert_int_equal(insp_months_left("2030-06-01", "2030-06-30"), 1);
	assert_int_equal(insp_months_left("2030-05-31", "2030-06-30"), 2);
	assert_int_equal(insp_months_left("2026-12-07", "2030-06-30"), 43);
	assert_int_equal(insp_months_left("2030-07-01", "2030-06-30"), 0);
	assert_int_equal(insp_months_left("2030-02-30", "2030-06-30"), -1);
	insp_judged_on(2026, "2026-12-07", on);
	assert_string_equal(on, "2026-12-07");
	insp_judged_on(2025, "2026-12-07", on);
	assert_string_equal(on, "2025-12-31");
	insp_judged_on(2026, "2026-12-31", on);
	assert_string_equal(on, "2026-12-31");
}

static void
test_coverage(void **state)
{
	struct insp_org_fact o[6];
	struct insp_fact f[8];
	struct insp_report r;
	struct insp_input in;
	size_t nf = 0;

	(void)state;
	o[0] = org(1, "2000-01-01", "");
	o[1] = org(2, "2000-01-01", "");
	o[2] = org(3, "2000-01-01", "");
	o[3] = org(4, "2000-01-01", "2026-03-01"); /* closed in the term */
	o[4] = org(5, "2026-02-01", "");           /* created in the term */
	o[5] = org(6, "2027-01-01", "");           /* not yet created */
	/* 1: decided on the term's first day; 2: the day before (the last
	 * term), and one cancelled; 3: only its members and its own
	 * self-inspection; 4 (closed) inspected. */
	f[nf++] = insp(1, 1, "2025-07-01", "2025-08-01");
	f[nf++] = insp(2, 2, "2025-06-30", "2025-06-30");
	f[nf] = insp(3, 2, "2026-01-10", "2026-02-01");
	f[nf++].cancelled = true;
	f[nf] = insp(4, 3, "2026-01-10", "");
	f[nf++].member = true;
	f[nf] = insp(5, 3, "", "2026-03-01");
	f[nf++].self = true;
	f[nf++] = insp(6, 4, "2025-09-01", "");
	/* Started (no decision recorded) in the term, later one for 1. */
	f[nf++] = insp(7, 1, "", "2026-05-20");
	/* Decided after the date judged: not yet. */
	f[nf++] = insp(8, 5, "2026-12-08", "");
	in = input(2026, "2026-12-07", o, 6);
	in.insps = f;
	in.ninsps = nf;
	insp_report_init(&r);
	assert_int_equal(insp_judge(&rb, &in, &r), 0);
	assert_string_equal(r.on, "2026-12-07");
	assert_int_equal(r.months_left, 43);
	/* Rows: 1, 2, 3, 5 (4 closed, 6 not created). */
	assert_int_equal(r.nrows, 4);
	assert_null(row(&r, 4));
	assert_null(row(&r, 6));
	assert_true(row(&r, 1)->covered);
	assert_string_equal(row(&r, 1)->last_on, "2026-05-20");
	assert_false(row(&r, 2)->covered);
	assert_false(row(&r, 3)->covered);
	assert_false(row(&r, 5)->covered);
	assert_int_equal(r.term.counted, 4);
	assert_int_equal(r.term.met, 1);
	assert_int_equal(r.term.pct10, 250);
	assert_int_equal(r.term.target_percent, 100);
	assert_string_equal(r.term.rule_id, RULE_INSPECTION_COVERAGE);
	assert_non_null(strstr(r.term.citation, "296-QĐ/TW"));
	assert_false(r.term.confirmed);
	assert_int_equal(count(&r, IR_NOT_COVERED, 0), 3);
	assert_int_equal(count(&r, IR_NOT_COVERED, 2), 1);
	assert_int_equal(count(&r, IR_NOT_COVERED, 5), 1);
	assert_string_equal(r.items[0].period, "2025-2030");
	assert_int_equal(r.items[0].months_left, 43);
	assert_string_equal(r.items[0].rule_id, RULE_INSPECTION_COVERAGE);
	/* Self-inspection: 3 did; 5 created 1 February (11 months): due. */
	assert_true(row(&r, 3)->self_inspected);
	assert_true(row(&r, 5)->in_year);
	assert_int_equal(r.self.counted, 4);
	assert_int_equal(r.self.met, 1);
	assert_int_equal(count(&r, IR_SELF_MISSING, 0), 3);
	assert_int_equal(count(&r, IR_SELF_MISSING, 3), 0);
	insp_report_release(&r);

	/* The term's last month: 1 month left; the day after: no term. */
	in.year = 2030;
	strcpy(in.today, "2030-06-30");
	assert_int_equal(insp_judge(&rb, &in, &r), 0);
	assert_int_equal(r.months_left, 1);
	assert_int_equal(count(&r, IR_NOT_COVERED, 2), 1);
	insp_report_release(&r);
	strcpy(in.today, "2030-07-01");
	assert_int_equal(insp_judge(&rb, &in, &r), 0);
	assert_int_equal(r.months_left, -1);
	assert_int_equal(r.term.pct10, -1);
	assert_int_equal(r.term.target_percent, -1);
	assert_int_equal(count(&r, IR_NOT_COVERED, 0), 0);
	insp_report_release(&r);
}

/* Decided in the last term and started in this one covers (its first
 * day is shown); decided in this one and started earlier, too (its
 * decision shown); both before the term, not. */
static void
test_decided_or_started(void **state)
{
	struct insp_org_fact o[3];
	struct insp_fact f[3];
	struct insp_report r;
	struct insp_input in;

	(void)state;
	o[0] = org(1, "2000-01-01", "");
	o[1] = org(2, "2000-01-01", "");
	o[2] = org(3, "2000-01-01", "");
	f[0] = insp(1, 1, "2025-06-30", "2025-07-01");
	f[1] = insp(2, 2, "2025-07-02", "2025-06-20");
	f[2] = insp(3, 3, "2025-06-01", "2025-06-30");
	in = input(2026, "2026-12-07", o, 3);
	in.insps = f;
	in.ninsps = 3;
	insp_report_init(&r);
	assert_int_equal(insp_judge(&rb, &in, &r), 0);
	assert_true(row(&r, 1)->covered);
	assert_string_equal(row(&r, 1)->last_on, "2025-07-01");
	assert_true(row(&r, 2)->covered);
	assert_string_equal(row(&r, 2)->last_on, "2025-07-02");
	assert_false(row(&r, 3)->covered);
	assert_int_equal(count(&r, IR_NOT_COVERED, 0), 1);
	insp_report_release(&r);
}

static void
test_no_term_and_past_year(void **state)
{
	struct insp_org_fact o[2];
	struct insp_fact f[2];
	struct insp_report r;
	struct insp_input in;

	(void)state;
	o[0] = org(1, "2000-01-01", "");
	o[1] = org(2, "2000-01-01", "");
	/* 1 self-inspected in 2025 (started 31 December), 2 in 2026 only. */
	f[0] = insp(1, 1, "2025-12-01", "2025-12-31");
	f[0].self = true;
	f[1] = insp(2, 2, "2025-12-20", "2026-01-01");
	f[1].self = true;
	in = input(2025, "2026-12-07", o, 2);
	in.has_term = false;
	in.insps = f;
	in.ninsps = 2;
	insp_report_init(&r);
	assert_int_equal(insp_judge(&rb, &in, &r), 0);
	assert_string_equal(r.on, "2025-12-31");
	assert_int_equal(r.term.pct10, -1);
	assert_int_equal(count(&r, IR_NOT_COVERED, 0), 0);
	assert_int_equal(count(&r, IR_SELF_MISSING, 0), 1);
	assert_int_equal(count(&r, IR_SELF_MISSING, 2), 1);
	assert_string_equal(r.items[0].period, "2025");
	assert_string_equal(r.items[0].rule_id, RULE_INSPECTION_SELF);
	assert_int_equal(r.self.pct10, 500);
	insp_report_release(&r);
	/* 2026: 2 did, 1 did not. */
	in.year = 2026;
	assert_int_equal(insp_judge(&rb, &in, &r), 0);
	assert_int_equal(count(&r, IR_SELF_MISSING, 1), 1);
	assert_int_equal(count(&r, IR_SELF_MISSING, 2), 0);
	insp_report_release(&r);
	/* A self-inspection planned later in the year does not count yet. */
	strcpy(f[1].from, "2026-12-08");
	assert_int_equal(insp_judge(&rb, &in, &r), 0);
	assert_int_equal(count(&r, IR_SELF_MISSING, 2), 1);
	insp_report_release(&r);
	/* Bad input. */
	in.year = 1800;
	assert_int_equal(insp_judge(&rb, &in, &r), -CB_EINVAL);
	in.year = 2026;
	strcpy(in.today, "2026-13-01");
	assert_int_equal(insp_judge(&rb, &in, &r), -CB_EINVAL);
	insp_report_release(&r);
}

static void
test_created_during_year(void **state)
{
	struct insp_org_fact o[3];
	struct insp_report r;
	struct insp_input in;

	(void)state;
	/* new_org_min_months is 6: from 1 July 6 whole months, from 2 July
	 * five. */
	o[0] = org(1, "2026-07-01", "");
	o[1] = org(2, "2026-07-02", "");
	o[2] = org(3, "2026-01-01", "");
	in = input(2026, "2026-12-31", o, 3);
	insp_report_init(&r);
	assert_int_equal(insp_judge(&rb, &in, &r), 0);
	assert_true(row(&r, 1)->in_year);
	assert_false(row(&r, 2)->in_year);
	assert_true(row(&r, 3)->in_year);
	assert_true(row(&r, 2)->in_term); /* the term still counts it */
	assert_int_equal(count(&r, IR_SELF_MISSING, 0), 2);
	assert_int_equal(count(&r, IR_SELF_MISSING, 2), 0);
	assert_int_equal(r.self.counted, 2);
	assert_int_equal(r.self.pct10, 0);
	insp_report_release(&r);
}

static void
test_recommendations(void **state)
{
	struct insp_org_fact o[2];
	struct insp_rec_fact x[6];
	struct insp_report r;
	struct insp_input in;
	size_t n = 0;

	(void)state;
	o[0] = org(1, "2000-01-01", "");
	o[1] = org(2, "2000-01-01", "2026-01-01"); /* closed: left out */
	x[n++] = rec(1, 1, "2026-12-06", "");           /* yesterday */
	x[n++] = rec(2, 1, "2026-12-07", "");           /* today */
	x[n++] = rec(3, 1, "2026-11-01", "2026-11-30"); /* done late */
	x[n++] = rec(4, 1, "2026-06-01", "2026-12-08"); /* done after on */
	x[n++] = rec(5, 2, "2025-06-01", "");           /* closed org */
	x[n++] = rec(6, 1, "", "");                     /* no deadline */
	in = input(2026, "2026-12-07", o, 2);
	in.recs = x;
	in.nrecs = n;
	insp_report_init(&r);
	assert_int_equal(insp_judge(&rb, &in, &r), 0);
	assert_int_equal(count(&r, IR_REC_OVERDUE, 0), 2);
	/* By deadline: 4 (June) then 1 (yesterday). */
	assert_string_equal(r.items[r.n - 2].code, IR_REC_OVERDUE);
	assert_int_equal(r.items[r.n - 2].recommendation_id, 4);
	assert_int_equal(r.items[r.n - 2].inspection_id, 104);
	assert_string_equal(r.items[r.n - 2].period, "2026-06-01");
	assert_int_equal(r.items[r.n - 1].recommendation_id, 1);
	assert_string_equal(r.items[r.n - 1].rule_id,
	    RULE_INSPECTION_RECOMMENDATION);
	assert_int_equal(row(&r, 1)->overdue, 2);
	insp_report_release(&r);

	/* A committee allows 1 day of grace: yesterday's is not overdue. */
	{
		char rule_id[] = RULE_INSPECTION_RECOMMENDATION,
		     name[] = "grace_days", path1[] = "/1/", doc[] = "1-QĐ/ĐU";
		struct rule_override ov;
		struct rulebook view;

		rulebook_view(&view, &rb);
		memset(&ov, 0, sizeof(ov));
		ov.rule_id = rule_id;
		ov.value_name = name;
		ov.value.type = RV_INT;
		ov.value.i = 1;
		ov.org_id = 1;
		ov.org_path = path1;
		strcpy(ov.from, "2026-01-01");
		ov.doc_no = doc;
		assert_int_equal(rulebook_add_override(&view, &ov), 0);
		assert_int_equal(insp_judge(&view, &in, &r), 0);
		assert_int_equal(count(&r, IR_REC_OVERDUE, 0), 1);
		assert_int_equal(r.items[r.n - 1].recommendation_id, 4);
		insp_report_release(&r);
		rulebook_release(&view);
	}
}

static void
test_target_override(void **state)
{
	char rule_id[] = RULE_INSPECTION_COVERAGE, name[] = "target_percent",
	     path1[] = "/1/", doc[] = "2-QĐ/ĐU";
	struct insp_org_fact o[1];
	struct rule_override ov;
	struct insp_report r;
	struct insp_input in;
	struct rulebook view;

	(void)state;
	o[0] = org(1, "2000-01-01", "");
	in = input(2026, "2026-12-07", o, 1);
	rulebook_view(&view, &rb);
	memset(&ov, 0, sizeof(ov));
	ov.rule_id = rule_id;
	ov.value_name = name;
	ov.value.type = RV_INT;
	ov.value.i = 90;
	ov.org_id = 1;
	ov.org_path = path1;
	strcpy(ov.from, "2025-07-01");
	ov.doc_no = doc;
	assert_int_equal(rulebook_add_override(&view, &ov), 0);
	insp_report_init(&r);
	assert_int_equal(insp_judge(&view, &in, &r), 0);
	assert_int_equal(r.term.target_percent, 90);
	assert_int_equal(r.self.target_percent, 100);
	insp_report_release(&r);
	in.committee_path = "/2/";
	assert_int_equal(insp_judge(&view, &in, &r), 0);
	assert_int_equal(r.term.target_percent, 100);
	insp_report_release(&r);
	rulebook_release(&view);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_months_left),
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_decided_or_started),
		cmocka_unit_test(test_no_term_and_past_year),
		cmocka_unit_test(test_created_during_year),
		cmocka_unit_test(test_recommendations),
		cmocka_unit_test(test_target_override),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
