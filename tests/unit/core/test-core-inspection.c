/*
 * test-core-inspection.c - the checks of an inspection or supervision
 * record (core/inspection.h) at their edges: one subject, exactly; a
 * self-inspection is the organisation's own (form self exactly when the
 * subject is the conducting organisation); dates in order, equal days
 * allowed; a concluded record has its conclusion; the rulebook's forms
 * by kind and contents' catalogue (rules/vn.json), each naming its rule;
 * a recommendation overdue from the day after its deadline, done not
 * after today, a result only with its date.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/inspection.h"
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
assert_fields(struct cb_error *err, const char *want)
{
	char got[512] = "";
	size_t i;

	for (i = 0; i < err->nfields; i++) {
		if (i > 0)
			strcat(got, " ");
		strcat(got, err->fields[i].field);
		strcat(got, ":");
		strcat(got, err->fields[i].code);
	}
	assert_string_equal(got, want);
	cb_error_release(err);
}

static void
record(struct inspection *i)
{
	memset(i, 0, sizeof(*i));
	i->org_id = 1;
	i->body = INSP_BODY_COMMISSION;
	i->kind = INSP_KIND_INSPECTION;
	i->form = INSP_FORM_REGULAR;
	i->subject_org_id = 5;
	i->status = INSP_PLANNED;
}

static void
test_subject_and_self(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection i;

	(void)state;
	record(&i);
	assert_int_equal(inspection_validate(&i, &err), 0);
	i.subject_org_id = 0;
	assert_int_equal(inspection_validate(&i, &err), -CB_EINVAL);
	assert_fields(&err, "subject_org_id:subject_required");
	i.subject_member_id = 7;
	assert_int_equal(inspection_validate(&i, &err), 0);
	i.subject_org_id = 5;
	assert_int_equal(inspection_validate(&i, &err), -CB_EINVAL);
	assert_fields(&err, "subject_member_id:subject_conflict");
	/* Self: the organisation's own, and only then. */
	record(&i);
	i.form = INSP_FORM_SELF;
	assert_int_equal(inspection_validate(&i, &err), -CB_EINVAL);
	assert_fields(&err, "form:self_subject_mismatch");
	i.subject_org_id = i.org_id;
	assert_int_equal(inspection_validate(&i, &err), 0);
	i.form = INSP_FORM_THEMATIC;
	assert_int_equal(inspection_validate(&i, &err), -CB_EINVAL);
	assert_fields(&err, "form:self_subject_mismatch");
	/* A member of the organisation is no self-inspection. */
	i.form = INSP_FORM_SELF;
	i.subject_org_id = 0;
	i.subject_member_id = 9;
	assert_int_equal(inspection_validate(&i, &err), -CB_EINVAL);
	assert_fields(&err, "form:self_subject_mismatch");
}

static void
test_dates_and_conclusion(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	char text[] = "Chấp hành tốt", empty[] = "";
	struct inspection i;

	(void)state;
	record(&i);
	snprintf(i.decided_on, sizeof(i.decided_on), "2026-03-02");
	snprintf(i.from, sizeof(i.from), "2026-03-02");
	snprintf(i.to, sizeof(i.to), "2026-03-02");
	/* The same day throughout: in order. */
	assert_int_equal(inspection_validate(&i, &err), 0);
	snprintf(i.to, sizeof(i.to), "2026-03-01");
	assert_int_equal(inspection_validate(&i, &err), -CB_EINVAL);
	assert_fields(&err, "to:date_before");
	snprintf(i.from, sizeof(i.from), "2026-03-01");
	assert_int_equal(inspection_validate(&i, &err), -CB_EINVAL);
	assert_fields(&err, "from:date_before");
	/* Without the decision's date, from is not judged against it. */
	i.decided_on[0] = '\0';
	assert_int_equal(inspection_validate(&i, &err), 0);
	i.status = INSP_CONCLUDED;
	assert_int_equal(inspection_validate(&i, &err), -CB_EINVAL);
	assert_fields(&err, "conclusion:required");
	i.conclusion = empty;
	assert_int_equal(inspection_validate(&i, &err), -CB_EINVAL);
	assert_fields(&err, "conclusion:required");
	i.conclusion = text;
	assert_int_equal(inspection_validate(&i, &err), 0);
	/* Every problem at once. */
	i.conclusion = NULL;
	i.subject_org_id = 0;
	i.to[0] = '\0';
	snprintf(i.to, sizeof(i.to), "2026-02-28");
	assert_int_equal(inspection_validate(&i, &err), -CB_EINVAL);
	assert_fields(&err, "subject_org_id:subject_required to:date_before "
	                    "conclusion:required");
}

static void
test_rules(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	const char *good[] = { "party_fees", "prohibited_acts" };
	const char *bad[] = { "party_fees", "astrology" };
	struct inspection i;

	(void)state;
	record(&i);
	assert_int_equal(inspection_rules_check(&i, good, 2, &rb,
	                     "2026-03-02", NULL, &err),
	    0);
	assert_int_equal(inspection_rules_check(&i, bad, 2, &rb, "2026-03-02",
	                     NULL, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].rule, "inspection.contents");
	assert_fields(&err, "content_codes:unknown_content");
	/* A supervision is never on signs of violation (the rule's). */
	i.kind = INSP_KIND_SUPERVISION;
	i.form = INSP_FORM_SIGNS;
	assert_int_equal(inspection_rules_check(&i, NULL, 0, &rb,
	                     "2026-03-02", NULL, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].rule, "inspection.forms");
	assert_fields(&err, "form:form_not_allowed");
	i.kind = INSP_KIND_INSPECTION;
	assert_int_equal(inspection_rules_check(&i, NULL, 0, &rb,
	                     "2026-03-02", NULL, &err),
	    0);
	/* Self is every kind's; a day before the rules: their first
	 * version. */
	i.kind = INSP_KIND_SUPERVISION;
	i.form = INSP_FORM_SELF;
	assert_int_equal(inspection_rules_check(&i, good, 2, &rb,
	                     "2020-01-01", NULL, &err),
	    0);
}

static void
test_recommendation(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_recommendation r;
	char result[] = "Đã thu đủ";

	(void)state;
	memset(&r, 0, sizeof(r));
	snprintf(r.due_on, sizeof(r.due_on), "2026-11-30");
	/* Due today is not overdue; the day after it is. */
	assert_false(inspection_recommendation_overdue(&r, "2026-11-30"));
	assert_true(inspection_recommendation_overdue(&r, "2026-12-01"));
	snprintf(r.done_on, sizeof(r.done_on), "2026-12-05");
	assert_false(inspection_recommendation_overdue(&r, "2026-12-07"));
	r.due_on[0] = '\0';
	r.done_on[0] = '\0';
	assert_false(inspection_recommendation_overdue(&r, "2026-12-07"));
	/* Done today, not tomorrow; a result needs its date. */
	snprintf(r.done_on, sizeof(r.done_on), "2026-12-07");
	assert_int_equal(inspection_recommendation_validate(&r, "2026-12-07",
	                     &err),
	    0);
	snprintf(r.done_on, sizeof(r.done_on), "2026-12-08");
	assert_int_equal(inspection_recommendation_validate(&r, "2026-12-07",
	                     &err),
	    -CB_EINVAL);
	assert_fields(&err, "done_on:date_in_future");
	r.done_on[0] = '\0';
	r.result = result;
	assert_int_equal(inspection_recommendation_validate(&r, "2026-12-07",
	                     &err),
	    -CB_EINVAL);
	assert_fields(&err, "done_on:required");
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(insp_body_names[INSP_BODY_COMMISSION],
	    "inspection_commission");
	assert_string_equal(insp_form_names[INSP_FORM_SIGNS],
	    "on_signs_of_violation");
	assert_string_equal(insp_status_names[INSP_IN_PROGRESS],
	    "in_progress");
	assert_null(insp_kind_names[INSP_KIND_NONE]);
}

static void
test_body_fits(void **state)
{
	(void)state;
	assert_true(insp_body_fits(INSP_BODY_CELL, ORG_CELL));
	assert_true(insp_body_fits(INSP_BODY_CELL, ORG_GRASSROOTS_CELL));
	assert_false(insp_body_fits(INSP_BODY_CELL, ORG_GRASSROOTS));
	assert_true(insp_body_fits(INSP_BODY_COMMISSION, ORG_GRASSROOTS));
	assert_true(insp_body_fits(INSP_BODY_COMMISSION, ORG_PROVINCE));
	assert_false(insp_body_fits(INSP_BODY_COMMISSION, ORG_SUB_COMMITTEE));
	assert_false(insp_body_fits(INSP_BODY_COMMISSION, ORG_CELL));
	assert_true(insp_body_fits(INSP_BODY_COMMITTEE, ORG_SUB_COMMITTEE));
	assert_false(insp_body_fits(INSP_BODY_COMMITTEE, ORG_CELL));
	assert_false(insp_body_fits(INSP_BODY_COMMITTEE, ORG_GROUP));
	assert_true(insp_body_fits(INSP_BODY_COMMITTEE, ORG_KIND_NONE));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subject_and_self),
		cmocka_unit_test(test_dates_and_conclusion),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_recommendation),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_body_fits),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
