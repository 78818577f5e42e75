/*
 * test-core-probation.c - the probation list's verdicts (core/probation.h)
 * at their boundaries: past the end (overdue), the end today and the last
 * day of the notice window (due), the day after it (running), the
 * members that are not judged, and the rules' overrides.  The rulebook is
 * the one chibo ships (rules/vn.json): 12 months, 60 days.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/probation.h"
#include "svc/svc.h"

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

static void
probationary(struct member *m, const char *admitted)
{
	member_init(m);
	strcpy(m->admitted_on, admitted);
	m->status = MSTATUS_PROBATIONARY;
	m->state = MSTATE_ACTIVE;
	m->org_id = 9;
}

static enum probation_state
judge(const char *admitted, const struct rulebook *r, const char *path,
    int64_t notice, struct probation_verdict *v)
{
	struct member m;

	probationary(&m, admitted);
	assert_int_equal(probation_judge(&m, r, path, TODAY, notice, v), 0);
	member_release(&m);
	return v->state;
}

/* RULE member.probation_notice: 60 days; RULE member.probation: 12
 * months from the admission. */
static void
test_boundaries(void **state)
{
	struct probation_verdict v;
	struct rule_ref ref;
	int64_t days = 0;

	(void)state;
	assert_int_equal(probation_notice_days(&rb, TODAY, NULL, &days, &ref),
	    0);
	assert_int_equal(days, 60);
	assert_string_equal(ref.rule_id, "member.probation_notice");
	assert_non_null(strstr(ref.citation, "294-QĐ/TW"));

	/* Ended yesterday: overdue, one day past. */
	assert_int_equal(judge("2025-11-24", &rb, NULL, days, &v),
	    PROBATION_OVERDUE);
	assert_string_equal(v.ends_on, "2026-11-24");
	assert_int_equal(v.days, -1);
	assert_string_equal(v.rule.rule_id, "member.probation");
	assert_non_null(strstr(v.rule.citation, "Điều 5"));
	/* Ends today: due (not yet past). */
	assert_int_equal(judge("2025-11-25", &rb, NULL, days, &v),
	    PROBATION_DUE);
	assert_int_equal(v.days, 0);
	/* The 60th day: due; the 61st: running. */
	assert_int_equal(judge("2026-01-24", &rb, NULL, days, &v),
	    PROBATION_DUE);
	assert_string_equal(v.ends_on, "2027-01-24");
	assert_int_equal(v.days, 60);
	assert_int_equal(judge("2026-01-25", &rb, NULL, days, &v),
	    PROBATION_RUNNING);
	assert_int_equal(v.days, 61);
}

static void
test_not_judged(void **state)
{
	struct probation_verdict v;
	struct member m;

	(void)state;
	probationary(&m, "2025-01-10");
	m.status = MSTATUS_OFFICIAL;
	assert_int_equal(probation_judge(&m, &rb, NULL, TODAY, 60, &v), 0);
	assert_int_equal(v.state, PROBATION_NONE);
	m.status = MSTATUS_PROBATIONARY;
	m.state = MSTATE_DIED;
	assert_int_equal(probation_judge(&m, &rb, NULL, TODAY, 60, &v), 0);
	assert_int_equal(v.state, PROBATION_NONE);
	m.state = MSTATE_ACTIVE;
	m.admitted_on[0] = '\0';
	assert_int_equal(probation_judge(&m, &rb, NULL, TODAY, 60, &v), 0);
	assert_int_equal(v.state, PROBATION_NONE);
	member_release(&m);
}

/* A committee's overrides apply in its subtree only: 18 months of
 * probation, 10 days of notice. */
static void
test_overrides(void **state)
{
	char r1[] = "member.probation", n1[] = "months";
	char r2[] = "member.probation_notice", n2[] = "days";
	char path5[] = "/1/5/", doc[] = "02-QĐ/ĐU";
	struct probation_verdict v;
	struct rule_override o;
	struct rulebook view;
	struct rule_ref ref;
	int64_t days = 0;

	(void)state;
	rulebook_view(&view, &rb);
	memset(&o, 0, sizeof(o));
	o.rule_id = r1;
	o.value_name = n1;
	o.value.type = RV_INT;
	o.value.i = 18;
	o.org_id = 5;
	o.org_path = path5;
	strcpy(o.from, "2020-01-01");
	o.doc_no = doc;
	assert_int_equal(rulebook_add_override(&view, &o), 0);
	o.rule_id = r2;
	o.value_name = n2;
	o.value.i = 10;
	assert_int_equal(rulebook_add_override(&view, &o), 0);

	assert_int_equal(probation_notice_days(&view, TODAY, "/1/5/7/",
	    &days, &ref), 0);
	assert_int_equal(days, 10);
	assert_int_equal(probation_notice_days(&view, TODAY, "/2/", &days,
	    &ref), 0);
	assert_int_equal(days, 60);
	/* Admitted 25/05/2025: 12 months ended 25/05/2026 (overdue
	 * outside); 18 months end 25/11/2026 (due inside). */
	assert_int_equal(judge("2025-05-25", &view, "/2/", 60, &v),
	    PROBATION_OVERDUE);
	assert_int_equal(judge("2025-05-25", &view, "/1/5/7/", 10, &v),
	    PROBATION_DUE);
	assert_string_equal(v.ends_on, "2026-11-25");
	rulebook_release(&view);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boundaries),
		cmocka_unit_test(test_not_judged),
		cmocka_unit_test(test_overrides),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
