/*
 * test-core-discipline.c - the rulebook's judgements of discipline cases
 * (core/discipline.h) at their edges: votes at exactly one half (fails)
 * and one over, at exactly two thirds (passes) and one under; the
 * limitation the day before, on and after its 5 and 10 year marks, a
 * continuing violation counted from its end, none for expulsion and for
 * the catalogue's exempt offences; the lapse at 12 months (the day
 * before in force, that day lapsed), none for expulsion, stopped by a
 * new violation, restarted by a complaint's outcome, annulled; forms by
 * subject and post; the body's authority; several problems at once;
 * deferral with and without a decision; a complaint at 30 and 31 days; a
 * state notice at 5 and 6 days; a committee's override changing the
 * verdict.  The rulebook is the one chibo ships (rules/vn.json).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/discipline.h"
#include "util/msg.h"

#include "testlib.h"

#define PATH "/1/5/9/"

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

/* A case that breaks no rule: a cell reprimands an official member
 * holding a post for a violation of the catalogue, 6 of 10 for. */
static struct discipline_fact
ok_case(void)
{
	struct discipline_fact f;

	memset(&f, 0, sizeof(f));
	f.subject = DSUBJ_MEMBER;
	f.holds_post = true;
	f.form = DFORM_KHIEN_TRACH;
	f.body = DBODY_CELL;
	f.violation_code = "qd37_08";
	strcpy(f.violation_on, "2024-01-10");
	strcpy(f.discovered_on, "2024-03-01");
	strcpy(f.decided_on, "2024-06-01");
	strcpy(f.effective_on, "2024-06-01");
	f.base = 10;
	f.n_for = 6;
	f.n_against = 3;
	f.n_abstain = 1;
	f.org_path = PATH;
	return f;
}

/* Judges f against r (rb when NULL): succeeds, and returns its problems'
 * count. */
static size_t
judge_in(const struct rulebook *r, const struct discipline_fact *f,
    struct discipline_verdict *v)
{
	struct cb_error err = CB_ERROR_INIT;

	assert_int_equal(discipline_judge(r ? r : &rb, f, v, &err), 0);
	assert_int_equal(err.nfields, 0);
	cb_error_release(&err);
	return v->n;
}

static size_t
judge(const struct discipline_fact *f, struct discipline_verdict *v)
{
	return judge_in(NULL, f, v);
}

/* The problem with this code (and msg_arg when not NULL), or NULL. */
static const struct discipline_problem *
problem(const struct discipline_verdict *v, const char *code,
    const char *msg_arg)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->problems[i].code, code) == 0 &&
		    (msg_arg == NULL ||
		        strcmp(v->problems[i].msg_arg, msg_arg) == 0))
			return &v->problems[i];
	return NULL;
}

/* The case's only problem is code, on field. */
static const struct discipline_problem *
only(const struct discipline_verdict *v, const char *code, const char *field)
{
	assert_int_equal(v->n, 1);
	assert_string_equal(v->problems[0].code, code);
	assert_string_equal(v->problems[0].field, field);
	assert_non_null(v->problems[0].rule_id);
	assert_non_null(v->problems[0].citation);
	return &v->problems[0];
}

static void
test_ok(void **state)
{
	struct discipline_fact f = ok_case();
	struct discipline_verdict v;

	(void)state;
	assert_int_equal(judge(&f, &v), 0);
	assert_int_equal(v.threshold, 6);
	assert_string_equal(v.vote_rule, "more_than_half");
	/* Names both ways. */
	assert_int_equal(discipline_form_parse("cach_chuc"), DFORM_CACH_CHUC);
	assert_int_equal(discipline_form_parse("Cach_chuc"), -1);
	assert_int_equal(discipline_form_parse(NULL), -1);
	assert_int_equal(discipline_subject_parse("org"), DSUBJ_ORG);
	assert_int_equal(discipline_body_parse("inspection_commission"),
	    DBODY_INSPECTION);
	assert_int_equal(discipline_deferral_parse("nursing"), DDEFER_NURSING);
	assert_int_equal(discipline_deferral_parse("none"), DDEFER_NONE);
	assert_int_equal(discipline_status_parse("lapsed"), DSTATUS_LAPSED);
	assert_int_equal(discipline_status_parse("x"), -1);
}

/* RULE discipline.vote_threshold: more than half of the base (for * 2 >
 * base), two thirds for expulsion (for * 3 >= base * 2). */
static void
test_vote(void **state)
{
	struct discipline_fact f = ok_case();
	struct discipline_verdict v;
	const struct discipline_problem *p;

	(void)state;
	/* Exactly one half of 10: refused; one over: passes. */
	f.n_for = 5;
	f.n_against = 5;
	f.n_abstain = 0;
	judge(&f, &v);
	p = only(&v, "vote_threshold_not_met", "vote");
	assert_int_equal(p->arg, 6);
	assert_string_equal(p->msg_arg, "6");
	assert_string_equal(p->msg_given, "more_than_half");
	assert_string_equal(p->rule_id, RULE_DISCIPLINE_VOTE);
	assert_non_null(strstr(p->citation, "69-QĐ/TW"));
	f.n_for = 6;
	f.n_against = 4;
	assert_int_equal(judge(&f, &v), 0);
	/* An odd base: 4 of 9 fail, 5 pass. */
	f.base = 9;
	f.n_for = 4;
	f.n_against = 5;
	judge(&f, &v);
	only(&v, "vote_threshold_not_met", "vote");
	assert_int_equal(v.threshold, 5);
	f.n_for = 5;
	f.n_against = 4;
	assert_int_equal(judge(&f, &v), 0);
	/* Those absent count in the base: 5 present, all for, of 10. */
	f.base = 10;
	f.n_for = 5;
	f.n_against = 0;
	judge(&f, &v);
	only(&v, "vote_threshold_not_met", "vote");

	/* Expulsion by the committee: exactly two thirds of 9 pass, one
	 * under fails; of 10, 7 pass and 6 fail. */
	f = ok_case();
	f.form = DFORM_KHAI_TRU;
	f.body = DBODY_COMMITTEE;
	f.base = 9;
	f.n_for = 6;
	f.n_against = 3;
	f.n_abstain = 0;
	assert_int_equal(judge(&f, &v), 0);
	assert_int_equal(v.threshold, 6);
	assert_string_equal(v.vote_rule, "two_thirds");
	f.n_for = 5;
	f.n_against = 4;
	judge(&f, &v);
	p = only(&v, "vote_threshold_not_met", "vote");
	assert_int_equal(p->arg, 6);
	assert_string_equal(p->msg_given, "two_thirds");
	f.base = 10;
	f.n_for = 7;
	f.n_against = 3;
	assert_int_equal(judge(&f, &v), 0);
	f.n_for = 6;
	f.n_against = 4;
	judge(&f, &v);
	assert_int_equal(only(&v, "vote_threshold_not_met", "vote")->arg, 7);
	/* More than half would have done: the rule is by form. */
	assert_true(6 * 2 > 10);
}

/* RULE discipline.limitation: 5 years for a reprimand, 10 for a warning
 * or removal from post, none for expulsion; counted from the violation
 * (a continuing one: its end) to the decision; the anniversary itself
 * is in time. */
static void
test_limitation(void **state)
{
	struct discipline_fact f = ok_case();
	struct discipline_verdict v;
	const struct discipline_problem *p;

	(void)state;
	strcpy(f.violation_on, "2020-03-10");
	strcpy(f.discovered_on, "");
	strcpy(f.decided_on, "2025-03-09");
	strcpy(f.effective_on, "");
	assert_int_equal(judge(&f, &v), 0);
	strcpy(f.decided_on, "2025-03-10");
	assert_int_equal(judge(&f, &v), 0);
	strcpy(f.decided_on, "2025-03-11");
	judge(&f, &v);
	p = only(&v, "time_barred", "decided_on");
	assert_int_equal(p->arg, 5);
	assert_string_equal(p->msg_arg, "5");
	assert_string_equal(p->msg_given, "khien_trach");
	assert_string_equal(p->rule_id, RULE_DISCIPLINE_LIMITATION);
	assert_non_null(strstr(p->citation, "69-QĐ/TW"));

	/* A warning: 10 years. */
	f.form = DFORM_CANH_CAO;
	strcpy(f.decided_on, "2025-03-11");
	assert_int_equal(judge(&f, &v), 0);
	strcpy(f.decided_on, "2030-03-09");
	assert_int_equal(judge(&f, &v), 0);
	strcpy(f.decided_on, "2030-03-10");
	assert_int_equal(judge(&f, &v), 0);
	strcpy(f.decided_on, "2030-03-11");
	judge(&f, &v);
	assert_int_equal(only(&v, "time_barred", "decided_on")->arg, 10);
	/* Removal from post (by the committee): 10 years too. */
	f.form = DFORM_CACH_CHUC;
	f.body = DBODY_COMMITTEE;
	strcpy(f.decided_on, "2030-03-10");
	assert_int_equal(judge(&f, &v), 0);
	strcpy(f.decided_on, "2030-03-11");
	judge(&f, &v);
	assert_int_equal(only(&v, "time_barred", "decided_on")->arg, 10);
	/* Expulsion: no limitation, even 25 years on (two thirds). */
	f.form = DFORM_KHAI_TRU;
	f.n_for = 7;
	f.n_against = 3;
	f.n_abstain = 0;
	strcpy(f.decided_on, "2045-03-11");
	assert_int_equal(judge(&f, &v), 0);

	/* A continuing violation: from its end. */
	f = ok_case();
	strcpy(f.violation_on, "2012-01-01");
	strcpy(f.violation_until, "2020-03-10");
	strcpy(f.discovered_on, "");
	strcpy(f.decided_on, "2025-03-10");
	strcpy(f.effective_on, "");
	assert_int_equal(judge(&f, &v), 0);
	strcpy(f.decided_on, "2025-03-11");
	judge(&f, &v);
	only(&v, "time_barred", "decided_on");
	/* Without its end it would be long barred. */
	strcpy(f.violation_until, "");
	strcpy(f.decided_on, "2025-03-10");
	judge(&f, &v);
	only(&v, "time_barred", "decided_on");

	/* An offence the catalogue exempts: never barred. */
	f.violation_code = "illegal_diploma";
	strcpy(f.decided_on, "2040-01-01");
	assert_int_equal(judge(&f, &v), 0);
	f.violation_code = "internal_political_security";
	assert_int_equal(judge(&f, &v), 0);
	f.violation_code = "qd37_05";
	judge(&f, &v);
	only(&v, "time_barred", "decided_on");

	/* 29 February: five years on is 28 February. */
	f = ok_case();
	strcpy(f.violation_on, "2020-02-29");
	strcpy(f.discovered_on, "");
	strcpy(f.decided_on, "2025-02-28");
	strcpy(f.effective_on, "");
	assert_int_equal(judge(&f, &v), 0);
	strcpy(f.decided_on, "2025-03-01");
	judge(&f, &v);
	only(&v, "time_barred", "decided_on");

	/* A new violation within the period starts it again, in a chain;
	 * one after the period, or after the decision, does not. */
	{
		static const char *const within[] = { "2019-06-01" };
		static const char *const chain[] = { "2022-01-01",
			"2018-01-01" };
		static const char *const late[] = { "2020-03-11",
			"2024-07-01" };
		static const char *const bad[] = { "2019-02-30" };
		struct cb_error err = CB_ERROR_INIT;

		f = ok_case();
		strcpy(f.violation_on, "2015-03-10");
		strcpy(f.discovered_on, "");
		strcpy(f.effective_on, "");
		strcpy(f.decided_on, "2024-06-01");
		judge(&f, &v);
		only(&v, "time_barred", "decided_on");
		f.later_violations = within;
		f.n_later_violations = 1;
		assert_int_equal(judge(&f, &v), 0);
		strcpy(f.decided_on, "2024-06-02");
		judge(&f, &v);
		only(&v, "time_barred", "decided_on");
		/* 2018 restarts 2015's count, 2022 then restarts 2018's. */
		f.later_violations = chain;
		f.n_later_violations = 2;
		strcpy(f.decided_on, "2026-12-31");
		assert_int_equal(judge(&f, &v), 0);
		/* Without 2018, 2022 came after 2015's period ended. */
		f.later_violations = chain;
		f.n_later_violations = 1;
		judge(&f, &v);
		only(&v, "time_barred", "decided_on");
		f.later_violations = late;
		f.n_later_violations = 2;
		strcpy(f.decided_on, "2024-06-01");
		judge(&f, &v);
		only(&v, "time_barred", "decided_on");
		f.later_violations = bad;
		f.n_later_violations = 1;
		assert_int_equal(discipline_judge(&rb, &f, &v, &err),
		    -CB_EINVAL);
		assert_string_equal(err.fields[0].field, "later_violations");
		assert_string_equal(err.fields[0].code, "invalid_date");
		cb_error_release(&err);
	}

	/* A decision of 2021 is judged by the rule then in force. */
	f = ok_case();
	strcpy(f.violation_on, "2015-03-10");
	strcpy(f.discovered_on, "");
	strcpy(f.decided_on, "2021-03-11");
	strcpy(f.effective_on, "");
	judge(&f, &v);
	p = only(&v, "time_barred", "decided_on");
	assert_non_null(strstr(p->citation, "102-QĐ/TW"));
}

/* RULE discipline.lapse: 12 months after effect (or the complaint's
 * decision), not for expulsion or dissolution, stopped by a new
 * violation. */
static void
test_lapse(void **state)
{
	struct discipline_state_fact s;
	enum discipline_status st;
	char lapses[DATE_LEN];
	struct cb_error err = CB_ERROR_INIT;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.form = DFORM_CANH_CAO;
	strcpy(s.decided_on, "2025-03-05");
	strcpy(s.effective_on, "2025-03-10");
	s.org_path = PATH;
	assert_int_equal(discipline_status_on(&rb, &s, "2026-03-09", &st,
	                     lapses, &err),
	    0);
	assert_int_equal(st, DSTATUS_IN_FORCE);
	assert_string_equal(lapses, "2026-03-10");
	assert_int_equal(discipline_status_on(&rb, &s, "2026-03-10", &st,
	                     lapses, &err),
	    0);
	assert_int_equal(st, DSTATUS_LAPSED);
	assert_string_equal(lapses, "2026-03-10");
	/* Before it takes effect, in force too. */
	assert_int_equal(discipline_status_on(&rb, &s, "2025-03-01", &st,
	                     lapses, &err),
	    0);
	assert_int_equal(st, DSTATUS_IN_FORCE);
	/* No effective date: from the decision. */
	strcpy(s.effective_on, "");
	assert_int_equal(discipline_status_on(&rb, &s, "2026-03-05", &st,
	                     lapses, &err),
	    0);
	assert_int_equal(st, DSTATUS_LAPSED);
	assert_string_equal(lapses, "2026-03-05");
	strcpy(s.effective_on, "2025-03-10");

	/* A new violation within the period: it never lapses. */
	strcpy(s.next_violation_on, "2026-03-09");
	assert_int_equal(discipline_status_on(&rb, &s, "2030-01-01", &st,
	                     lapses, &err),
	    0);
	assert_int_equal(st, DSTATUS_IN_FORCE);
	assert_string_equal(lapses, "");
	/* One after the period changes nothing. */
	strcpy(s.next_violation_on, "2026-03-10");
	assert_int_equal(discipline_status_on(&rb, &s, "2026-03-10", &st,
	                     lapses, &err),
	    0);
	assert_int_equal(st, DSTATUS_LAPSED);
	strcpy(s.next_violation_on, "");

	/* A complaint: held while pending, then 12 months from its
	 * outcome. */
	strcpy(s.complained_on, "2025-03-20");
	assert_int_equal(discipline_status_on(&rb, &s, "2026-06-01", &st,
	                     lapses, &err),
	    0);
	assert_int_equal(st, DSTATUS_IN_FORCE);
	assert_string_equal(lapses, "");
	strcpy(s.complaint_decided_on, "2025-05-01");
	assert_int_equal(discipline_status_on(&rb, &s, "2026-04-30", &st,
	                     lapses, &err),
	    0);
	assert_int_equal(st, DSTATUS_IN_FORCE);
	assert_string_equal(lapses, "2026-05-01");
	assert_int_equal(discipline_status_on(&rb, &s, "2026-05-01", &st,
	                     lapses, &err),
	    0);
	assert_int_equal(st, DSTATUS_LAPSED);
	/* Annulled by the complaint. */
	s.annulled = true;
	assert_int_equal(discipline_status_on(&rb, &s, "2025-06-01", &st,
	                     lapses, &err),
	    0);
	assert_int_equal(st, DSTATUS_ANNULLED);
	assert_string_equal(lapses, "");
	s.annulled = false;

	/* Expulsion never lapses. */
	s.form = DFORM_KHAI_TRU;
	assert_int_equal(discipline_status_on(&rb, &s, "2040-01-01", &st,
	                     lapses, &err),
	    0);
	assert_int_equal(st, DSTATUS_IN_FORCE);
	assert_string_equal(lapses, "");
	s.form = DFORM_GIAI_TAN;
	assert_int_equal(discipline_status_on(&rb, &s, "2040-01-01", &st,
	                     lapses, &err),
	    0);
	assert_int_equal(st, DSTATUS_IN_FORCE);

	/* Undecided: deferred. */
	memset(&s, 0, sizeof(s));
	s.form = DFORM_KHIEN_TRACH;
	assert_int_equal(discipline_status_on(&rb, &s, "2026-01-01", &st,
	                     lapses, &err),
	    0);
	assert_int_equal(st, DSTATUS_DEFERRED);
	/* Bad dates. */
	assert_int_equal(discipline_status_on(&rb, &s, "2026-02-30", &st,
	                     lapses, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "on");
	assert_string_equal(err.fields[0].code, "invalid_date");
	cb_error_release(&err);
	strcpy(s.decided_on, "2025-13-01");
	assert_int_equal(discipline_status_on(&rb, &s, "2026-01-01", &st,
	                     lapses, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "decided_on");
	cb_error_release(&err);
}

/* RULE discipline.forms: by subject; cách chức only with a post. */
static void
test_forms(void **state)
{
	struct discipline_fact f = ok_case();
	struct discipline_verdict v;
	const struct discipline_problem *p;

	(void)state;
	f.body = DBODY_COMMITTEE;
	f.n_against = f.n_abstain = 0;
	/* A probationary member: reprimand and warning only. */
	f.probationary = true;
	f.form = DFORM_KHIEN_TRACH;
	assert_int_equal(judge(&f, &v), 0);
	f.form = DFORM_CANH_CAO;
	assert_int_equal(judge(&f, &v), 0);
	f.form = DFORM_CACH_CHUC;
	judge(&f, &v);
	p = only(&v, "form_not_allowed_for_subject", "form");
	assert_string_equal(p->msg_arg, "cach_chuc");
	assert_string_equal(p->msg_given, "probationary");
	assert_string_equal(p->rule_id, RULE_DISCIPLINE_FORMS);
	f.form = DFORM_KHAI_TRU;
	f.n_for = 7;
	judge(&f, &v);
	p = only(&v, "form_not_allowed_for_subject", "form");
	assert_string_equal(p->msg_arg, "khai_tru");
	/* An official member: all four, not dissolution. */
	f.probationary = false;
	assert_int_equal(judge(&f, &v), 0);
	f.form = DFORM_GIAI_TAN;
	f.n_for = 6;
	/* (nor may the committee dissolve a member) */
	assert_int_equal(judge(&f, &v), 2);
	assert_string_equal(
	    problem(&v, "form_not_allowed_for_subject", "giai_tan")->msg_given,
	    "member");
	assert_non_null(problem(&v, "authority_insufficient", "giai_tan"));
	/* Removal from post needs a post. */
	f.form = DFORM_CACH_CHUC;
	assert_int_equal(judge(&f, &v), 0);
	f.holds_post = false;
	judge(&f, &v);
	assert_string_equal(
	    only(&v, "form_not_allowed_for_subject", "form")->msg_given,
	    "member_no_post");
	/* An organisation: reprimand, warning, dissolution. */
	f.subject = DSUBJ_ORG;
	judge(&f, &v);
	p = only(&v, "form_not_allowed_for_subject", "form");
	assert_string_equal(p->msg_arg, "cach_chuc");
	assert_string_equal(p->msg_given, "org");
	f.form = DFORM_KHAI_TRU;
	f.n_for = 7;
	judge(&f, &v);
	only(&v, "form_not_allowed_for_subject", "form");
	f.form = DFORM_GIAI_TAN;
	f.n_for = 6;
	assert_int_equal(judge(&f, &v), 0);
	f.form = DFORM_CANH_CAO;
	assert_int_equal(judge(&f, &v), 0);
}

/* RULE discipline.authority: a cell reprimands or warns its members, not
 * for a task assigned by an upper level, and never an organisation. */
static void
test_authority(void **state)
{
	struct discipline_fact f = ok_case();
	struct discipline_verdict v;
	const struct discipline_problem *p;

	(void)state;
	f.n_against = f.n_abstain = 0;
	strcpy(f.decided_on, "2025-06-10");
	strcpy(f.effective_on, "2025-06-10");
	f.form = DFORM_CANH_CAO;
	assert_int_equal(judge(&f, &v), 0);
	f.form = DFORM_CACH_CHUC;
	judge(&f, &v);
	p = only(&v, "authority_insufficient", "deciding_org_id");
	assert_string_equal(p->msg_arg, "cach_chuc");
	assert_string_equal(p->msg_given, "cell");
	assert_string_equal(p->rule_id, RULE_DISCIPLINE_AUTHORITY);
	assert_non_null(strstr(p->citation, "296-QĐ/TW"));
	f.form = DFORM_KHAI_TRU;
	f.n_for = 7;
	judge(&f, &v);
	assert_string_equal(
	    only(&v, "authority_insufficient", "deciding_org_id")->msg_arg,
	    "khai_tru");
	/* A task assigned by an upper level: the cell only proposes. */
	f.form = DFORM_KHIEN_TRACH;
	f.n_for = 6;
	f.upper_task = true;
	judge(&f, &v);
	assert_string_equal(
	    only(&v, "authority_insufficient", "deciding_org_id")->msg_arg,
	    "upper_task");
	/* The committee may. */
	f.body = DBODY_COMMITTEE;
	assert_int_equal(judge(&f, &v), 0);
	f.form = DFORM_CACH_CHUC;
	assert_int_equal(judge(&f, &v), 0);
	/* Before 296-QĐ/TW, the version citing 22-QĐ/TW. */
	f.body = DBODY_CELL;
	f.upper_task = false;
	strcpy(f.decided_on, "2024-06-01");
	judge(&f, &v);
	p = only(&v, "authority_insufficient", "deciding_org_id");
	assert_non_null(strstr(p->citation, "22-QĐ/TW"));
	/* An organisation: the directly higher committee only. */
	f = ok_case();
	f.subject = DSUBJ_ORG;
	f.form = DFORM_CANH_CAO;
	judge(&f, &v);
	p = only(&v, "authority_insufficient", "deciding_org_id");
	assert_string_equal(p->msg_arg, "org");
	assert_string_equal(p->msg_given, "cell");
	f.body = DBODY_INSPECTION;
	judge(&f, &v);
	assert_string_equal(
	    only(&v, "authority_insufficient", "deciding_org_id")->msg_given,
	    "inspection_commission");
	f.body = DBODY_COMMITTEE;
	assert_int_equal(judge(&f, &v), 0);
}

/* Several problems at once, in one verdict, and as field errors. */
static void
test_several(void **state)
{
	static const char *const codes[] = { "violation_unknown",
		"form_not_allowed_for_subject", "authority_insufficient",
		"vote_threshold_not_met", "time_barred" };
	struct discipline_fact f = ok_case();
	struct discipline_verdict v;
	struct cb_error err = CB_ERROR_INIT;
	size_t i;

	(void)state;
	f.probationary = true;
	f.form = DFORM_CACH_CHUC;
	f.upper_task = true;
	f.violation_code = "qd37_99";
	f.n_for = 5;
	f.n_against = 5;
	f.n_abstain = 0;
	strcpy(f.violation_on, "2010-01-01");
	strcpy(f.discovered_on, "");
	strcpy(f.decided_on, "2025-06-01");
	strcpy(f.effective_on, "2025-06-01");
	strcpy(f.complained_on, "2025-08-01");
	f.deferral = DDEFER_HOSPITALISED;
	judge(&f, &v);
	assert_int_equal(v.n, 8);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		assert_non_null(problem(&v, codes[i], NULL));
	assert_non_null(problem(&v, "authority_insufficient", "cach_chuc"));
	assert_non_null(problem(&v, "authority_insufficient", "upper_task"));
	assert_non_null(problem(&v, "deferred_condition", "hospitalised"));
	assert_non_null(problem(&v, "complaint_late", "30"));
	assert_string_equal(problem(&v, "violation_unknown", NULL)->msg_arg,
	    "qd37_99");
	assert_string_equal(problem(&v, "violation_unknown", NULL)->field,
	    "violation_code");

	/* As the API's errors: each with its field, rule and citation. */
	assert_int_equal(discipline_verdict_error(&v, &err), -CB_EINVAL);
	assert_int_equal(err.nfields, 8);
	for (i = 0; i < err.nfields; i++) {
		assert_non_null(err.fields[i].field);
		assert_non_null(err.fields[i].rule);
		assert_true(strncmp(err.fields[i].rule, "discipline.", 11) ==
		    0);
		assert_non_null(err.fields[i].citation);
		assert_true(msg_known(err.fields[i].code));
	}
	cb_error_release(&err);
	/* None: nothing appended. */
	f = ok_case();
	judge(&f, &v);
	assert_int_equal(discipline_verdict_error(&v, &err), 0);
	assert_int_equal(err.nfields, 0);
}

/* RULE discipline.deferral: a case waits (no decision); a decision with a
 * reason is refused. */
static void
test_deferral(void **state)
{
	struct discipline_fact f = ok_case();
	struct discipline_verdict v;
	const struct discipline_problem *p;

	(void)state;
	f.deferral = DDEFER_PREGNANT;
	strcpy(f.decided_on, "");
	strcpy(f.effective_on, "");
	f.base = 0;
	f.n_for = f.n_against = f.n_abstain = 0;
	/* Undecided: only the catalogue is judged, even a form the
	 * subject cannot get. */
	f.probationary = true;
	f.form = DFORM_KHAI_TRU;
	assert_int_equal(judge(&f, &v), 0);
	assert_int_equal(v.threshold, 0);
	assert_null(v.vote_rule);
	f.violation_code = "nope";
	judge(&f, &v);
	only(&v, "violation_unknown", "violation_code");
	f.violation_code = NULL;
	judge(&f, &v);
	only(&v, "violation_unknown", "violation_code");

	/* Decided while nursing a young child: refused. */
	f = ok_case();
	f.deferral = DDEFER_NURSING;
	judge(&f, &v);
	p = only(&v, "deferred_condition", "deferral");
	assert_string_equal(p->msg_arg, "nursing");
	assert_string_equal(p->rule_id, RULE_DISCIPLINE_DEFERRAL);
	f.deferral = DDEFER_NONE;
	assert_int_equal(judge(&f, &v), 0);
}

/* RULE discipline.complaint_window: 30 days from receipt. */
static void
test_complaint(void **state)
{
	struct discipline_fact f = ok_case();
	struct discipline_verdict v;
	const struct discipline_problem *p;

	(void)state;
	strcpy(f.decided_on, "2025-02-27");
	strcpy(f.effective_on, "2025-03-01");
	strcpy(f.complained_on, "2025-03-31");
	assert_int_equal(judge(&f, &v), 0);
	strcpy(f.complained_on, "2025-04-01");
	judge(&f, &v);
	p = only(&v, "complaint_late", "complained_on");
	assert_int_equal(p->arg, 30);
	assert_string_equal(p->msg_arg, "30");
	assert_string_equal(p->msg_given, "31");
	/* Received later than it took effect: from receipt. */
	strcpy(f.received_on, "2025-03-05");
	strcpy(f.complained_on, "2025-04-04");
	assert_int_equal(judge(&f, &v), 0);
	strcpy(f.complained_on, "2025-04-05");
	judge(&f, &v);
	only(&v, "complaint_late", "complained_on");
	/* No effective date, none received: from the decision. */
	strcpy(f.received_on, "");
	strcpy(f.effective_on, "");
	strcpy(f.complained_on, "2025-03-29");
	assert_int_equal(judge(&f, &v), 0);
	strcpy(f.complained_on, "2025-03-30");
	judge(&f, &v);
	only(&v, "complaint_late", "complained_on");
}

/* RULE discipline.state_notice: within 5 days of the decision. */
static void
test_notice(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	bool late;
	int64_t days;

	(void)state;
	assert_int_equal(discipline_notice_late(&rb, "2025-06-01",
	                     "2025-06-06", PATH, &late, &days, &err),
	    0);
	assert_false(late);
	assert_int_equal(days, 5);
	assert_int_equal(discipline_notice_late(&rb, "2025-06-01",
	                     "2025-06-07", PATH, &late, &days, &err),
	    0);
	assert_true(late);
	assert_int_equal(days, 6);
	assert_int_equal(discipline_notice_late(&rb, "2025-06-01",
	                     "2025-06-01", NULL, &late, &days, &err),
	    0);
	assert_false(late);
	assert_int_equal(days, 0);
	assert_int_equal(discipline_notice_late(&rb, "2025-06-01",
	                     "2025-05-31", PATH, &late, &days, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "notified_on");
	assert_string_equal(err.fields[0].code, "date_before");
	cb_error_release(&err);
	assert_int_equal(discipline_notice_late(&rb, "2025-06-31",
	                     "2025-07-01", PATH, &late, &days, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "decided_on");
	assert_string_equal(err.fields[0].code, "invalid_date");
	cb_error_release(&err);
	assert_int_equal(discipline_notice_late(&rb, "2025-06-01", "", PATH,
	                     &late, &days, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "required");
	cb_error_release(&err);
}

/* A committee's override changes the verdict in its subtree only. */
static void
test_override(void **state)
{
	struct discipline_fact f = ok_case();
	struct discipline_verdict v;
	struct rule_override o;
	struct rulebook view;
	char vote_id[] = RULE_DISCIPLINE_VOTE, lim_id[] = RULE_DISCIPLINE_LIMITATION,
	     auth_id[] = RULE_DISCIPLINE_AUTHORITY, khien[] = "khien_trach",
	     cell[] = "cell", two[] = "two_thirds", path5[] = "/1/5/",
	     doc[] = "09-QĐ/ĐU";
	char *items[] = { khien };

	(void)state;
	rulebook_view(&view, &rb);
	memset(&o, 0, sizeof(o));
	o.rule_id = vote_id;
	o.value_name = khien;
	o.value.type = RV_TEXT;
	o.value.s = two;
	o.org_id = 5;
	o.org_path = path5;
	strcpy(o.from, "2024-01-01");
	o.doc_no = doc;
	assert_int_equal(rulebook_override_check(&view, &o, NULL), 0);
	assert_int_equal(rulebook_add_override(&view, &o), 0);
	/* 6 of 10: more than half, not two thirds. */
	assert_int_equal(judge(&f, &v), 0);
	judge_in(&view, &f, &v);
	assert_int_equal(only(&v, "vote_threshold_not_met", "vote")->arg, 7);
	/* Outside the subtree, the nation's rule. */
	f.org_path = "/1/6/";
	assert_int_equal(judge_in(&view, &f, &v), 0);
	f.org_path = PATH;

	/* A limitation of 3 years for a reprimand. */
	memset(&o, 0, sizeof(o));
	o.rule_id = lim_id;
	o.value_name = khien;
	o.value.type = RV_INT;
	o.value.i = 3;
	o.org_id = 5;
	o.org_path = path5;
	strcpy(o.from, "2024-01-01");
	o.doc_no = doc;
	assert_int_equal(rulebook_add_override(&view, &o), 0);
	f.n_for = 7;
	f.n_against = 3;
	f.n_abstain = 0;
	strcpy(f.violation_on, "2021-06-01");
	strcpy(f.discovered_on, "");
	strcpy(f.decided_on, "2024-06-01");
	strcpy(f.effective_on, "");
	assert_int_equal(judge(&f, &v), 0);
	assert_int_equal(judge_in(&view, &f, &v), 0);
	strcpy(f.decided_on, "2024-06-02");
	assert_int_equal(judge(&f, &v), 0);
	judge_in(&view, &f, &v);
	assert_int_equal(only(&v, "time_barred", "decided_on")->arg, 3);

	/* A cell allowed to reprimand only: a warning is refused. */
	memset(&o, 0, sizeof(o));
	o.rule_id = auth_id;
	o.value_name = cell;
	o.value.type = RV_LIST;
	o.value.items = items;
	o.value.nitems = 1;
	o.org_id = 5;
	o.org_path = path5;
	strcpy(o.from, "2024-01-01");
	o.doc_no = doc;
	assert_int_equal(rulebook_add_override(&view, &o), 0);
	f = ok_case();
	f.form = DFORM_CANH_CAO;
	assert_int_equal(judge(&f, &v), 0);
	judge_in(&view, &f, &v);
	only(&v, "authority_insufficient", "deciding_org_id");
	rulebook_release(&view);
}

/* Bad input that is not a rule: field errors, nothing judged. */
static void
test_bad_input(void **state)
{
	struct discipline_fact f = ok_case();
	struct discipline_verdict v;
	struct cb_error err = CB_ERROR_INIT;

	(void)state;
	strcpy(f.violation_on, "2024-02-30");
	f.n_against = -1;
	assert_int_equal(discipline_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_int_equal(v.n, 0);
	assert_int_equal(err.nfields, 2);
	assert_string_equal(err.fields[0].field, "violation_on");
	assert_string_equal(err.fields[0].code, "invalid_date");
	assert_string_equal(err.fields[1].field, "vote.against");
	assert_string_equal(err.fields[1].code, "vote_count_negative");
	cb_error_release(&err);

	/* More votes than the base. */
	f = ok_case();
	f.n_for = 8;
	assert_int_equal(discipline_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "vote.for");
	assert_string_equal(err.fields[0].code, "vote_count_over_base");
	assert_string_equal(err.fields[0].arg, "10");
	cb_error_release(&err);
	/* Huge counts: refused, no overflow. */
	f = ok_case();
	f.n_against = INT64_MAX;
	f.n_abstain = INT64_MAX;
	assert_int_equal(discipline_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "vote_count_over_base");
	cb_error_release(&err);
	f = ok_case();
	f.base = INT64_MAX;
	f.n_for = INT64_MAX;
	f.n_against = f.n_abstain = 0;
	f.form = DFORM_KHAI_TRU;
	f.body = DBODY_COMMITTEE;
	assert_int_equal(judge(&f, &v), 0);
	f.n_for = INT64_MAX / 3 * 2;
	judge(&f, &v);
	only(&v, "vote_threshold_not_met", "vote");
	assert_int_equal(v.threshold, INT64_MAX - INT64_MAX / 3);
	/* Received before the decision. */
	f = ok_case();
	strcpy(f.received_on, "2024-05-31");
	assert_int_equal(discipline_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "received_on");
	assert_string_equal(err.fields[0].code, "date_before");
	cb_error_release(&err);
	/* A decision needs a base. */
	f = ok_case();
	f.base = 0;
	f.n_for = f.n_against = f.n_abstain = 0;
	assert_int_equal(discipline_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "base");
	assert_string_equal(err.fields[0].code, "required");
	cb_error_release(&err);
	/* Dates out of order. */
	f = ok_case();
	strcpy(f.violation_until, "2024-01-09");
	strcpy(f.decided_on, "2023-12-31");
	strcpy(f.effective_on, "2023-12-31");
	assert_int_equal(discipline_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_int_equal(err.nfields, 2);
	assert_string_equal(err.fields[0].field, "violation_until");
	assert_string_equal(err.fields[0].code, "date_before");
	assert_string_equal(err.fields[0].arg, "violation_on");
	assert_string_equal(err.fields[1].field, "decided_on");
	cb_error_release(&err);
	f = ok_case();
	strcpy(f.complained_on, "2024-05-31");
	assert_int_equal(discipline_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "complained_on");
	assert_string_equal(err.fields[0].arg, "effective_on");
	cb_error_release(&err);
	/* No date at all to judge by. */
	f = ok_case();
	strcpy(f.violation_on, "");
	strcpy(f.discovered_on, "");
	strcpy(f.decided_on, "");
	strcpy(f.effective_on, "");
	assert_int_equal(discipline_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "violation_on");
	assert_string_equal(err.fields[0].code, "required");
	cb_error_release(&err);
	/* An enumeration out of range. */
	f = ok_case();
	f.form = DFORM__MAX;
	assert_int_equal(discipline_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "form");
	assert_string_equal(err.fields[0].code, "invalid_value");
	cb_error_release(&err);
}

/* RULE discipline.violations: the catalogue and its consistency check. */
static void
test_catalogue(void **state)
{
	struct discipline_violation d;
	struct cb_error err = CB_ERROR_INIT;
	const struct rule *r = rulebook_find(&rb, RULE_DISCIPLINE_VIOLATIONS);
	struct rule_version ver;
	struct rule_value vals[4];
	char code[16];
	int i;
	char n_codes[] = "codes", n_names[] = "names", n_en[] = "names_en",
	     n_nl[] = "no_limitation", a[] = "a", bb[] = "B", x[] = "x",
	     y[] = "y", z[] = "z";
	char *codes[] = { a, bb }, *names[] = { x, y }, *en[] = { x },
	     *nl[] = { z };

	(void)state;
	assert_int_equal(discipline_violation_count(&rb, "2025-01-01"), 23);
	for (i = 1; i <= 19; i++) {
		snprintf(code, sizeof(code), "qd37_%02d", i);
		assert_int_equal(discipline_violation_find(&rb, "2025-01-01",
		                     code, &d),
		    0);
		assert_false(d.no_limitation);
		assert_true(strlen(d.name_vi) > 10);
		assert_true(strlen(d.name_en) > 10);
		assert_string_equal(d.rule_id, RULE_DISCIPLINE_VIOLATIONS);
		assert_non_null(strstr(d.citation, "37-QĐ/TW"));
	}
	assert_int_equal(discipline_violation_find(&rb, "2025-01-01",
	                     "illegal_diploma", &d),
	    0);
	assert_true(d.no_limitation);
	assert_int_equal(discipline_violation_at(&rb, "2025-01-01", 0, &d), 0);
	assert_string_equal(d.code, "qd37_01");
	assert_int_equal(discipline_violation_at(&rb, "2025-01-01", 23, &d),
	    -CB_ENOTFOUND);
	assert_int_equal(discipline_violation_find(&rb, "2025-01-01",
	                     "qd37_20", &d),
	    -CB_ENOTFOUND);

	/* The check: codes a-z 0-9 _, lists paired, exempt entries listed. */
	assert_non_null(r);
	assert_int_equal(discipline_rule_check(r, &r->versions[0], &err), 0);
	memset(&ver, 0, sizeof(ver));
	memset(vals, 0, sizeof(vals));
	strcpy(ver.from, "2026-01-01");
	vals[0] = (struct rule_value){ n_codes, RV_LIST, 0, NULL, codes, 2 };
	vals[1] = (struct rule_value){ n_names, RV_LIST, 0, NULL, names, 2 };
	vals[2] = (struct rule_value){ n_en, RV_LIST, 0, NULL, en, 1 };
	vals[3] = (struct rule_value){ n_nl, RV_LIST, 0, NULL, nl, 1 };
	ver.values = vals;
	ver.nvalues = 4;
	assert_int_equal(discipline_rule_check(r, &ver, &err), -CB_EINVAL);
	assert_int_equal(err.nfields, 3);
	assert_string_equal(err.fields[0].arg, "B");
	assert_string_equal(err.fields[1].arg, "names_en");
	assert_string_equal(err.fields[2].arg, "z");
	assert_string_equal(err.fields[2].field, RULE_DISCIPLINE_VIOLATIONS);
	cb_error_release(&err);
}

/* Every problem has a message in both languages, naming what is
 * wrong. */
static void
test_messages(void **state)
{
	static const char *const codes[] = { "form_not_allowed_for_subject",
		"authority_insufficient", "vote_threshold_not_met",
		"time_barred", "deferred_condition", "complaint_late",
		"violation_unknown" };
	struct discipline_fact f = ok_case();
	struct discipline_verdict v;
	char *m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		assert_true(msg_known(codes[i]));
	f.probationary = true;
	f.form = DFORM_CACH_CHUC;
	f.n_for = 5;
	f.n_against = 5;
	f.n_abstain = 0;
	judge(&f, &v);
	m = msg_render_given(v.problems[0].code, v.problems[0].msg_arg,
	    v.problems[0].msg_given, LANG_VI);
	assert_string_equal(m,
	    "Không áp dụng hình thức cách chức đối với đảng viên dự bị.");
	free(m);
	m = msg_render_given(v.problems[1].code, v.problems[1].msg_arg,
	    v.problems[1].msg_given, LANG_VI);
	assert_string_equal(m,
	    "Chi bộ không có thẩm quyền quyết định hình thức cách chức.");
	free(m);
	m = msg_render_given(v.problems[1].code, v.problems[1].msg_arg,
	    v.problems[1].msg_given, LANG_EN);
	assert_string_equal(m,
	    "A body of kind «Cell» may not decide removal from post.");
	free(m);
	m = msg_render_given(v.problems[2].code, v.problems[2].msg_arg,
	    v.problems[2].msg_given, LANG_VI);
	assert_string_equal(m,
	    "Số phiếu tán thành chưa đạt trên một nửa tổng số người có quyền "
	    "biểu quyết (cần ít nhất 6 phiếu).");
	free(m);
	m = msg_render_given("time_barred", "5", "khien_trach", LANG_EN);
	assert_non_null(strstr(m, "5 years for a reprimand"));
	free(m);
	m = msg_render_given("time_barred", "10", "canh_cao", LANG_VI);
	assert_non_null(strstr(m, ": 10 năm đối với hình thức cảnh cáo, "));
	free(m);
	m = msg_render_given("form_not_allowed_for_subject", "giai_tan",
	    "member", LANG_EN);
	assert_string_equal(m,
	    "The form of discipline (dissolution) does not apply to an "
	    "official member.");
	free(m);
	m = msg_render_given("authority_insufficient", "upper_task", "cell",
	    LANG_VI);
	assert_string_equal(m,
	    "Chi bộ không có thẩm quyền quyết định kỷ luật về nhiệm vụ do cấp "
	    "trên giao (chỉ được đề nghị cấp có thẩm quyền).");
	free(m);
	/* Without the given value: the short message. */
	m = msg_render("vote_threshold_not_met", "7", LANG_EN);
	assert_string_equal(m, "Not enough votes for: at least 7 are needed.");
	free(m);
	m = msg_render_given("complaint_late", "30", "31", LANG_VI);
	assert_non_null(strstr(m, "30 ngày"));
	assert_non_null(strstr(m, "sau 31 ngày"));
	free(m);
	m = msg_render("deferred_condition", "nursing", LANG_VI);
	assert_non_null(strstr(m, "đang nuôi con nhỏ"));
	free(m);
	m = msg_render("violation_unknown", "qd37_99", LANG_EN);
	assert_non_null(strstr(m, "qd37_99"));
	free(m);
	/* Labels of the values. */
	assert_string_equal(msg_value_label("discipline.form", "khai_tru",
	                        LANG_VI),
	    "Khai trừ");
	assert_string_equal(msg_value_label("discipline.status", "lapsed",
	                        LANG_EN),
	    "Lapsed");
	for (i = 0; i < DFORM__MAX; i++)
		assert_true(strcmp(msg_value_label("discipline.form",
		                       discipline_form_names[i], LANG_VI),
		                discipline_form_names[i]) != 0);
	for (i = 0; i < DBODY__MAX; i++)
		assert_true(strcmp(msg_value_label("discipline.deciding_body",
		                       discipline_body_names[i], LANG_EN),
		                discipline_body_names[i]) != 0);
	for (i = 0; i < DSTATUS__MAX; i++)
		assert_true(strcmp(msg_value_label("discipline.status",
		                       discipline_status_names[i], LANG_VI),
		                discipline_status_names[i]) != 0);
	for (i = 1; i < DDEFER__MAX; i++)
		assert_true(strcmp(msg_value_label("discipline.deferral",
		                       discipline_deferral_names[i], LANG_EN),
		                discipline_deferral_names[i]) != 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok),
		cmocka_unit_test(test_vote),
		cmocka_unit_test(test_limitation),
		cmocka_unit_test(test_lapse),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_authority),
		cmocka_unit_test(test_several),
		cmocka_unit_test(test_deferral),
		cmocka_unit_test(test_complaint),
		cmocka_unit_test(test_notice),
		cmocka_unit_test(test_override),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
