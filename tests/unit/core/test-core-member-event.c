/*
 * test-core-member-event.c - the member state machine (core/member-event.h)
 * at its boundaries: which events each state and status accepts, what
 * they change, the dates they may carry, and the probation rule (with a
 * committee's override) that decides when a member may be made official.
 * The rulebook is the one chibo ships (rules/vn.json).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/member-event.h"
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

/* A probationary member admitted on 10/01/2025 in organisation 9. */
static void
probationary(struct member *m)
{
	member_init(m);
	m->full_name = strdup("Trần Văn Bình");
	strcpy(m->admitted_on, "2025-01-10");
	strcpy(m->admission_decision_date, "2025-01-02");
	m->status = MSTATUS_PROBATIONARY;
	m->org_id = 9;
	m->state = MSTATE_ACTIVE;
}

static void
event(struct member_event *e, enum member_event_kind kind, const char *on)
{
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	strcpy(e->on, on);
}

/* Applies the event with the shipped rules at /1/5/9/; returns the field
 * error on field (NULL: none) and checks the return code agrees. */
static const struct cb_ferr *
apply(struct member *m, const struct member_event *e,
    const struct rulebook *r, const char *field, struct cb_error *err)
{
	size_t i;
	int rc;

	cb_error_release(err);
	rc = member_event_apply(m, e, r, "/1/5/9/", TODAY, err);
	if (rc == 0) {
		assert_int_equal(err->nfields, 0);
		return NULL;
	}
	assert_int_equal(rc, -CB_EINVAL);
	for (i = 0; i < err->nfields; i++)
		if (strcmp(err->fields[i].field, field) == 0)
			return &err->fields[i];
	fail_msg("no error on %s", field);
	return NULL;
}

/* RULE member.probation: 12 months; made official on the day it ends,
 * not the day before. */
static void
test_made_official(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	const struct cb_ferr *f;
	struct member_event e;
	struct member m;

	(void)state;
	probationary(&m);
	event(&e, MEV_MADE_OFFICIAL, "2026-01-09");
	f = apply(&m, &e, &rb, "on", &err);
	assert_string_equal(f->code, "not_yet_official");
	assert_string_equal(f->arg, "2026-01-10");
	assert_string_equal(f->rule, "member.probation");
	assert_non_null(strstr(f->citation, "Điều lệ Đảng"));
	assert_int_equal(m.status, MSTATUS_PROBATIONARY);

	event(&e, MEV_MADE_OFFICIAL, "2026-01-10");
	assert_null(apply(&m, &e, &rb, "on", &err));
	assert_int_equal(m.status, MSTATUS_OFFICIAL);
	assert_string_equal(m.official_on, "2026-01-10");

	/* Once. */
	f = apply(&m, &e, &rb, "kind", &err);
	assert_string_equal(f->code, "already_official");
	member_release(&m);
	cb_error_release(&err);
}

/* A committee's override of the probation applies in its subtree only. */
static void
test_made_official_override(void **state)
{
	char rule_id[] = "member.probation", name[] = "months";
	char path5[] = "/1/5/", doc[] = "02-QĐ/ĐU";
	struct cb_error err = CB_ERROR_INIT;
	struct rule_override o;
	struct member_event e;
	struct rulebook view;
	struct member m;

	(void)state;
	rulebook_view(&view, &rb);
	memset(&o, 0, sizeof(o));
	o.rule_id = rule_id;
	o.value_name = name;
	o.value.type = RV_INT;
	o.value.i = 18;
	o.org_id = 5;
	o.org_path = path5;
	strcpy(o.from, "2020-01-01");
	o.doc_no = doc;
	assert_int_equal(rulebook_add_override(&view, &o), 0);

	probationary(&m);
	event(&e, MEV_MADE_OFFICIAL, "2026-07-09");
	assert_string_equal(apply(&m, &e, &view, "on", &err)->arg,
	    "2026-07-10");
	event(&e, MEV_MADE_OFFICIAL, "2026-07-10");
	assert_null(apply(&m, &e, &view, "on", &err));
	/* Outside the subtree, the shipped 12 months. */
	member_release(&m);
	probationary(&m);
	event(&e, MEV_MADE_OFFICIAL, "2026-01-10");
	cb_error_release(&err);
	assert_int_equal(member_event_apply(&m, &e, &view, "/2/", TODAY,
	    &err), 0);
	/* No rule in force on the admission date. */
	member_release(&m);
	probationary(&m);
	strcpy(m.admitted_on, "1899-06-01");
	event(&e, MEV_MADE_OFFICIAL, "2026-01-10");
	assert_string_equal(apply(&m, &e, &rb, "kind", &err)->code,
	    "rule_not_in_force");
	member_release(&m);
	rulebook_release(&view);
	cb_error_release(&err);
}

/* No event after today, nor (a re-admission aside) before the
 * admission; both days themselves are allowed. */
static void
test_event_dates(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	const struct cb_ferr *f;
	struct member_event e;
	struct member m;

	(void)state;
	probationary(&m);
	event(&e, MEV_EXEMPTED, "2026-11-26");
	f = apply(&m, &e, &rb, "on", &err);
	assert_string_equal(f->code, "date_in_future");
	assert_string_equal(f->arg, TODAY);
	event(&e, MEV_EXEMPTED, "2025-01-09");
	f = apply(&m, &e, &rb, "on", &err);
	assert_string_equal(f->code, "date_before");
	assert_string_equal(f->arg, "admitted_on");
	event(&e, MEV_EXEMPTED, "2025-01-10");
	assert_null(apply(&m, &e, &rb, "on", &err));
	assert_string_equal(m.exempt_since, "2025-01-10");
	member_release(&m);

	probationary(&m);
	event(&e, MEV_EXEMPTED, TODAY);
	assert_null(apply(&m, &e, &rb, "on", &err));
	member_release(&m);
	cb_error_release(&err);
}

/* Exempted once; the exemption ends only when there is one. */
static void
test_exemption(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_event e;
	struct member m;

	(void)state;
	probationary(&m);
	event(&e, MEV_EXEMPTION_ENDED, "2026-01-01");
	assert_string_equal(apply(&m, &e, &rb, "kind", &err)->code,
	    "not_exempt");
	event(&e, MEV_EXEMPTED, "2026-01-01");
	assert_null(apply(&m, &e, &rb, "kind", &err));
	assert_string_equal(apply(&m, &e, &rb, "kind", &err)->code,
	    "already_exempt");
	event(&e, MEV_EXEMPTION_ENDED, "2026-02-01");
	assert_null(apply(&m, &e, &rb, "kind", &err));
	assert_string_equal(m.exempt_since, "");
	member_release(&m);
	cb_error_release(&err);
}

/* Off the rolls: each leaving event sets its state, and then only a
 * re-admission or a transfer in is accepted. */
static void
test_leaving_and_back(void **state)
{
	static const struct {
		enum member_event_kind	kind;
		enum member_state	state;
	} leave[] = {
		{ MEV_TRANSFERRED_OUT, MSTATE_TRANSFERRED_OUT },
		{ MEV_DIED, MSTATE_DIED },
		{ MEV_REMOVED, MSTATE_REMOVED },
		{ MEV_EXPELLED, MSTATE_EXPELLED },
		{ MEV_LEFT, MSTATE_LEFT },
	};
	struct cb_error err = CB_ERROR_INIT;
	const struct cb_ferr *f;
	struct member_event e;
	struct member m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(leave) / sizeof(leave[0]); i++) {
		probationary(&m);
		event(&e, leave[i].kind, "2026-03-01");
		assert_null(apply(&m, &e, &rb, "kind", &err));
		assert_int_equal(m.state, leave[i].state);
		/* Off the rolls: nothing but coming back. */
		f = apply(&m, &e, &rb, "kind", &err);
		assert_string_equal(f->code, "member_not_active");
		assert_string_equal(f->arg, member_state_name(leave[i].state));
		event(&e, MEV_MADE_OFFICIAL, "2026-03-02");
		assert_string_equal(apply(&m, &e, &rb, "kind", &err)->code,
		    "member_not_active");
		event(&e, MEV_EXEMPTED, "2026-03-02");
		assert_string_equal(apply(&m, &e, &rb, "kind", &err)->code,
		    "member_not_active");
		event(&e, MEV_MOVED, "2026-03-02");
		e.org_id = 12;
		assert_string_equal(apply(&m, &e, &rb, "kind", &err)->code,
		    "member_not_active");
		member_release(&m);
	}

	/* A transfer in brings a member back, into the organisation named. */
	probationary(&m);
	m.state = MSTATE_TRANSFERRED_OUT;
	event(&e, MEV_TRANSFERRED_IN, "2026-04-01");
	assert_string_equal(apply(&m, &e, &rb, "org_id", &err)->code,
	    "required");
	e.org_id = 12;
	assert_null(apply(&m, &e, &rb, "kind", &err));
	assert_int_equal(m.state, MSTATE_ACTIVE);
	assert_int_equal(m.org_id, 12);
	member_release(&m);
	cb_error_release(&err);
}

/* A re-admission: only off the rolls; probationary again from its date,
 * every later date cleared, in the organisation named if any; it may be
 * dated before the first admission's record. */
static void
test_readmission(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	const struct cb_ferr *f;
	struct member_event e;
	struct member m;

	(void)state;
	probationary(&m);
	event(&e, MEV_ADMITTED, "2026-05-01");
	f = apply(&m, &e, &rb, "kind", &err);
	assert_string_equal(f->code, "invalid_event");
	assert_string_equal(f->arg, "active");

	m.state = MSTATE_REMOVED;
	m.status = MSTATUS_OFFICIAL;
	strcpy(m.official_on, "2026-01-10");
	strcpy(m.exempt_since, "2026-02-01");
	assert_null(apply(&m, &e, &rb, "kind", &err));
	assert_int_equal(m.state, MSTATE_ACTIVE);
	assert_int_equal(m.status, MSTATUS_PROBATIONARY);
	assert_string_equal(m.admitted_on, "2026-05-01");
	assert_string_equal(m.admission_decision_date, "");
	assert_string_equal(m.official_on, "");
	assert_string_equal(m.exempt_since, "");
	assert_int_equal(m.org_id, 9);

	m.state = MSTATE_LEFT;
	event(&e, MEV_ADMITTED, "2020-01-01");
	e.org_id = 14;
	assert_null(apply(&m, &e, &rb, "kind", &err));
	assert_int_equal(m.org_id, 14);
	assert_string_equal(m.admitted_on, "2020-01-01");
	member_release(&m);
	cb_error_release(&err);
}

/* A move needs an organisation; events that are records, not changes of
 * situation, are refused. */
static void
test_moved_and_others(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	const struct cb_ferr *f;
	struct member_event e;
	struct member m;

	(void)state;
	probationary(&m);
	event(&e, MEV_MOVED, "2026-02-01");
	assert_string_equal(apply(&m, &e, &rb, "org_id", &err)->code,
	    "required");
	e.org_id = 11;
	assert_null(apply(&m, &e, &rb, "kind", &err));
	assert_int_equal(m.org_id, 11);
	event(&e, MEV_RECORD_CREATED, "2026-02-01");
	f = apply(&m, &e, &rb, "kind", &err);
	assert_string_equal(f->code, "invalid_event");
	assert_string_equal(f->arg, "record_created");
	member_release(&m);
	cb_error_release(&err);
}

/* The checks that need neither rules nor organisation come first and
 * alone: the caller reads the organisation only for made_official, and
 * only once they pass; they change nothing. */
static void
test_check_before_org(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_event e;
	struct member m;
	int k;

	(void)state;
	for (k = 0; k < MEV__MAX; k++) {
		e.kind = (enum member_event_kind)k;
		assert_int_equal(member_event_needs_org(&e),
		    k == MEV_MADE_OFFICIAL);
	}
	probationary(&m);
	event(&e, MEV_MADE_OFFICIAL, "2026-01-09");
	/* Too early for the rule: only apply, with the rules, says so. */
	assert_int_equal(member_event_check(&m, &e, TODAY, &err), 0);
	assert_int_equal(m.status, MSTATUS_PROBATIONARY);
	assert_string_equal(m.official_on, "");
	event(&e, MEV_MADE_OFFICIAL, "2027-01-01");
	assert_int_equal(member_event_check(&m, &e, TODAY, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "date_in_future");
	cb_error_release(&err);
	m.status = MSTATUS_OFFICIAL;
	event(&e, MEV_MADE_OFFICIAL, "2026-02-01");
	assert_int_equal(member_event_check(&m, &e, TODAY, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "already_official");
	cb_error_release(&err);
	m.state = MSTATE_DIED;
	assert_int_equal(member_event_check(&m, &e, TODAY, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "member_not_active");
	member_release(&m);
	cb_error_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_made_official),
		cmocka_unit_test(test_made_official_override),
		cmocka_unit_test(test_event_dates),
		cmocka_unit_test(test_exemption),
		cmocka_unit_test(test_leaving_and_back),
		cmocka_unit_test(test_readmission),
		cmocka_unit_test(test_moved_and_others),
		cmocka_unit_test(test_check_before_org),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
