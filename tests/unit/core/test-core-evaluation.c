/*
 * test-core-evaluation.c - the evaluation rules (core/evaluation.h) at
 * their edges: every band (49.9/50, 69.9/70, 89.9/90, no score), the
 * tasks (29/30 % exceeded, 99/100 % on time, a collective's 20 % behind
 * schedule, none assigned), sick leave 2/3 months, discipline under each
 * effect, a new member 5/6 months before the period ends, suspended and
 * exempted members, a quarter rated kht on and off, an organisation's
 * leadership and subordinate organisations, the cap on excellent at its
 * boundary in small and large scopes under each denominator, the score
 * sheet, a committee's override of a band, bad input and a date before
 * the rules are in force.  The rulebook is the one chibo ships
 * (rules/vn.json).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/evaluation.h"
#include "svc/svc.h"
#include "util/msg.h"

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

/* A member of /1/5/ with a score, 10 tasks all on time, 3 exceeded, for
 * the year 2026. */
static struct eval_fact
member(int score_x10)
{
	struct eval_fact f;

	memset(&f, 0, sizeof(f));
	f.subject = ESUBJ_MEMBER;
	f.kind = EPERIOD_YEAR;
	strcpy(f.period_from, "2026-01-01");
	strcpy(f.period_to, "2026-12-31");
	f.org_path = "/1/5/";
	f.has_score = true;
	f.score_x10 = score_x10;
	f.tasks_total = 10;
	f.tasks_on_time = 10;
	f.tasks_exceeded = 3;
	strcpy(f.since, "2010-05-19");
	return f;
}

static struct eval_fact
org(int score_x10)
{
	struct eval_fact f = member(score_x10);

	f.subject = ESUBJ_ORG;
	strcpy(f.since, "2000-01-01");
	return f;
}

static struct eval_verdict
judge_on(const struct rulebook *book, const struct eval_fact *f)
{
	struct cb_error err = CB_ERROR_INIT;
	struct eval_verdict v;

	if (eval_judge(book, f, &v, &err) != 0) {
		fprintf(stderr, "eval_judge: %s %s %s\n",
		    err.mcode ? err.mcode : "?",
		    err.nfields ? err.fields[0].field : "",
		    err.nfields ? err.fields[0].code : "");
		fail();
	}
	cb_error_release(&err);
	return v;
}

static struct eval_verdict
judge(const struct eval_fact *f)
{
	return judge_on(&rb, f);
}

static const struct eval_reason *
reason(const struct eval_verdict *v, const char *code)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->reasons[i].code, code) == 0)
			return &v->reasons[i];
	return NULL;
}

/* Asserts v has exactly one reason, code, with its level, arg and given. */
static void
only_reason(const struct eval_verdict *v, const char *code,
    enum eval_level level, const char *arg, const char *given)
{
	assert_int_equal(v->n, 1);
	assert_string_equal(v->reasons[0].code, code);
	assert_int_equal(v->reasons[0].level, level);
	assert_string_equal(v->reasons[0].msg_arg, arg);
	assert_string_equal(v->reasons[0].msg_given, given);
	assert_non_null(v->reasons[0].rule_id);
	assert_non_null(v->reasons[0].citation);
}

/* A view of rb with one override for /1/ from 2020: an int (text NULL)
 * or a text value. */
static void
view_with(struct rulebook *view, const char *rule, const char *name,
    int64_t i, const char *text)
{
	char path1[] = "/1/", doc[] = "9-QĐ/ĐU";
	struct rule_override ov;

	rulebook_view(view, &rb);
	memset(&ov, 0, sizeof(ov));
	ov.rule_id = (char *)rule;
	ov.value_name = (char *)name;
	if (text != NULL) {
		ov.value.type = RV_TEXT;
		ov.value.s = (char *)text;
	} else {
		ov.value.type = RV_INT;
		ov.value.i = i;
	}
	ov.org_id = 1;
	ov.org_path = path1;
	strcpy(ov.from, "2020-01-01");
	ov.doc_no = doc;
	assert_int_equal(rulebook_add_override(view, &ov), 0);
}

static void
test_names(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < EVAL_LEVEL__MAX; i++)
		assert_int_equal(eval_level_parse(eval_level_names[i]), i);
	assert_string_equal(eval_level_names[EVAL_HTXS], "htxs");
	assert_string_equal(eval_level_names[EVAL_NOT_CLASSIFIED],
	    "not_classified");
	assert_int_equal(eval_level_parse("HTXS"), -1);
	assert_int_equal(eval_level_parse(""), -1);
	assert_int_equal(eval_level_parse(NULL), -1);
	assert_true(eval_level_good(EVAL_HTXS));
	assert_true(eval_level_good(EVAL_HTT));
	assert_false(eval_level_good(EVAL_HT));
	assert_false(eval_level_good(EVAL_KHT));
	assert_false(eval_level_good(EVAL_NOT_CLASSIFIED));
	assert_string_equal(eval_subject_names[ESUBJ_ORG], "org");
	assert_string_equal(eval_period_kind_names[EPERIOD_AD_HOC], "ad_hoc");
	assert_string_equal(eval_cap_scope_names[ECAP_CELL], "cell");
}

static void
test_bands(void **state)
{
	struct eval_fact f;
	struct eval_verdict v;

	(void)state;
	f = member(1000);
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTXS);
	assert_int_equal(v.n, 0);
	f = member(900);
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTXS);
	assert_int_equal(v.n, 0);
	f = member(899);
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTT);
	only_reason(&v, "score_band", EVAL_HTT, "90", "89.9");
	assert_string_equal(v.reasons[0].rule_id, RULE_EVAL_BANDS);
	assert_non_null(strstr(v.reasons[0].citation, "366-QĐ/TW"));
	f = member(700);
	v = judge(&f);
	only_reason(&v, "score_band", EVAL_HTT, "90", "70");
	f = member(699);
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HT);
	only_reason(&v, "score_band", EVAL_HT, "70", "69.9");
	f = member(500);
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HT);
	f = member(499);
	v = judge(&f);
	assert_int_equal(v.level, EVAL_KHT);
	only_reason(&v, "score_band", EVAL_KHT, "50", "49.9");
	f = member(0);
	v = judge(&f);
	assert_int_equal(v.level, EVAL_KHT);
	/* No score yet: kht, the reason without a given score. */
	f = member(0);
	f.has_score = false;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_KHT);
	only_reason(&v, "score_band", EVAL_KHT, "50", "");
	/* A period of 2024 is judged by the earlier version. */
	f = member(899);
	strcpy(f.period_from, "2024-01-01");
	strcpy(f.period_to, "2024-12-31");
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTT);
	assert_non_null(strstr(v.reasons[0].citation, "124-QĐ/TW"));
}

static void
test_tasks(void **state)
{
	struct rulebook view;
	struct eval_fact f;
	struct eval_verdict v;

	(void)state;
	/* Exceeded: 30 % is enough, 29 % is not. */
	f = member(950);
	f.tasks_total = 100;
	f.tasks_on_time = 100;
	f.tasks_exceeded = 30;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTXS);
	assert_int_equal(v.n, 0);
	f.tasks_exceeded = 29;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTT);
	only_reason(&v, "tasks_exceeded_short", EVAL_HTT, "30", "29");
	assert_string_equal(v.reasons[0].rule_id, RULE_EVAL_TASKS);
	/* 2 of 7 is 28.5 %, shown rounded down. */
	f.tasks_total = 7;
	f.tasks_on_time = 7;
	f.tasks_exceeded = 2;
	v = judge(&f);
	only_reason(&v, "tasks_exceeded_short", EVAL_HTT, "30", "28.5");
	/* On time: good needs 100 %, 99 % caps at ht. */
	f = member(950);
	f.tasks_total = 100;
	f.tasks_on_time = 99;
	f.tasks_exceeded = 50;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HT);
	only_reason(&v, "tasks_not_on_time", EVAL_HT, "100", "99");
	/* A score already at htt: 29 % exceeded is no step down. */
	f = member(750);
	f.tasks_total = 100;
	f.tasks_on_time = 100;
	f.tasks_exceeded = 29;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTT);
	only_reason(&v, "score_band", EVAL_HTT, "90", "75");
	/* At ht, late tasks are no step down for a member... */
	f = member(600);
	f.tasks_total = 100;
	f.tasks_on_time = 10;
	f.tasks_exceeded = 0;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HT);
	assert_int_equal(v.n, 1);
	/* ... but a collective may be behind on at most 20 %. */
	f = org(950);
	f.tasks_total = 100;
	f.tasks_on_time = 80;
	f.tasks_exceeded = 40;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HT);
	only_reason(&v, "tasks_not_on_time", EVAL_HT, "100", "80");
	f.tasks_on_time = 79;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_KHT);
	only_reason(&v, "tasks_not_on_time", EVAL_KHT, "80", "79");
	/* The committee applies it to members too. */
	view_with(&view, RULE_EVAL_TASKS, "done_late_applies_to", 0, "all");
	f = member(950);
	f.tasks_total = 100;
	f.tasks_on_time = 79;
	f.tasks_exceeded = 40;
	v = judge_on(&view, &f);
	assert_int_equal(v.level, EVAL_KHT);
	only_reason(&v, "tasks_not_on_time", EVAL_KHT, "80", "79");
	rulebook_release(&view);
	/* No task assigned: the conditions hold. */
	f = member(950);
	f.tasks_total = 0;
	f.tasks_on_time = 0;
	f.tasks_exceeded = 0;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTXS);
	assert_int_equal(v.n, 0);
	f = org(950);
	f.tasks_total = 0;
	f.tasks_on_time = 0;
	f.tasks_exceeded = 0;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTXS);
}

static void
test_sick_leave(void **state)
{
	struct eval_fact f;
	struct eval_verdict v;

	(void)state;
	f = member(950);
	f.sick_leave_months = 2;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTXS);
	assert_int_equal(v.n, 0);
	f.sick_leave_months = 3;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HT);
	only_reason(&v, "sick_leave_cap", EVAL_HT, "3", "3");
	assert_string_equal(v.reasons[0].rule_id, RULE_EVAL_SICK_LEAVE);
	f.sick_leave_months = 7;
	v = judge(&f);
	only_reason(&v, "sick_leave_cap", EVAL_HT, "3", "7");
	/* Already at ht by the score: no step down. */
	f = member(600);
	f.sick_leave_months = 3;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HT);
	only_reason(&v, "score_band", EVAL_HT, "70", "60");
}

static void
test_discipline(void **state)
{
	struct rulebook view;
	struct eval_fact f;
	struct eval_verdict v;

	(void)state;
	f = member(950);
	f.disciplined = 1;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_KHT);
	only_reason(&v, "disciplined_in_period", EVAL_KHT, "", "1");
	assert_string_equal(v.reasons[0].rule_id, RULE_EVAL_DISCIPLINE);
	/* Two steps down at once: both named, the lowest wins. */
	f.sick_leave_months = 4;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_KHT);
	assert_int_equal(v.n, 2);
	assert_non_null(reason(&v, "sick_leave_cap"));
	assert_non_null(reason(&v, "disciplined_in_period"));
	/* Effects: cap_ht, none. */
	f = member(950);
	f.disciplined = 2;
	view_with(&view, RULE_EVAL_DISCIPLINE, "effect", 0, "cap_ht");
	v = judge_on(&view, &f);
	assert_int_equal(v.level, EVAL_HT);
	only_reason(&v, "disciplined_in_period", EVAL_HT, "", "2");
	rulebook_release(&view);
	view_with(&view, RULE_EVAL_DISCIPLINE, "effect", 0, "none");
	v = judge_on(&view, &f);
	assert_int_equal(v.level, EVAL_HTXS);
	assert_int_equal(v.n, 0);
	/* The override is of /1/: another committee keeps kht. */
	f.org_path = "/2/7/";
	v = judge_on(&view, &f);
	assert_int_equal(v.level, EVAL_KHT);
	rulebook_release(&view);
	/* Under 124-QĐ/TW (2024) and HD 21 (2022), kht too. */
	f = member(950);
	f.disciplined = 1;
	strcpy(f.period_from, "2024-01-01");
	strcpy(f.period_to, "2024-12-31");
	v = judge(&f);
	assert_int_equal(v.level, EVAL_KHT);
	assert_non_null(strstr(v.reasons[0].citation, "124-QĐ/TW"));
}

static void
test_new_member(void **state)
{
	struct rulebook view;
	struct eval_fact f;
	struct eval_verdict v;

	(void)state;
	/* Admitted 6 months (by the day) before the period ends. */
	f = member(950);
	strcpy(f.since, "2026-06-30");
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTXS);
	strcpy(f.period_to, "2026-12-30");
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTXS);
	/* A day less. */
	strcpy(f.period_to, "2026-12-31");
	strcpy(f.since, "2026-07-01");
	v = judge(&f);
	assert_int_equal(v.level, EVAL_NOT_CLASSIFIED);
	only_reason(&v, "not_classified_new_member", EVAL_NOT_CLASSIFIED, "6",
	    "2026-07-01");
	assert_string_equal(v.reasons[0].rule_id, RULE_EVAL_NOT_CLASSIFIED);
	/* Five months: not classified, nothing else judged (no score). */
	strcpy(f.since, "2026-07-31");
	f.has_score = false;
	f.disciplined = 1;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_NOT_CLASSIFIED);
	assert_int_equal(v.n, 1);
	/* An organisation set up 4 months before. */
	f = org(950);
	strcpy(f.since, "2026-09-01");
	v = judge(&f);
	assert_int_equal(v.level, EVAL_NOT_CLASSIFIED);
	only_reason(&v, "not_classified_new_member", EVAL_NOT_CLASSIFIED, "6",
	    "2026-09-01");
	/* Unknown admission date: classified. */
	f = member(950);
	f.since[0] = '\0';
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTXS);
	/* A committee classifies every member (0 months). */
	view_with(&view, RULE_EVAL_NOT_CLASSIFIED, "new_member_months", 0, NULL);
	strcpy(f.since, "2026-12-01");
	v = judge_on(&view, &f);
	assert_int_equal(v.level, EVAL_HTXS);
	rulebook_release(&view);
}

static void
test_exempt(void **state)
{
	struct rulebook view;
	struct eval_fact f;
	struct eval_verdict v;

	(void)state;
	f = member(950);
	f.suspended = true;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_NOT_CLASSIFIED);
	only_reason(&v, "not_classified_exempt", EVAL_NOT_CLASSIFIED, "", "");
	f = member(300);
	f.exempted = true;
	f.has_score = false;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_NOT_CLASSIFIED);
	only_reason(&v, "not_classified_exempt", EVAL_NOT_CLASSIFIED, "", "");
	/* Exempted and new: both named. */
	strcpy(f.since, "2026-11-01");
	v = judge(&f);
	assert_int_equal(v.n, 2);
	/* A committee classifies suspended members; exempted still not. */
	view_with(&view, RULE_EVAL_NOT_CLASSIFIED, "suspended", 0,
	    "classified");
	f = member(950);
	f.suspended = true;
	v = judge_on(&view, &f);
	assert_int_equal(v.level, EVAL_HTXS);
	f.exempted = true;
	v = judge_on(&view, &f);
	assert_int_equal(v.level, EVAL_NOT_CLASSIFIED);
	rulebook_release(&view);
	/* An organisation is never suspended. */
	f = org(950);
	f.suspended = true;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTXS);
}

static void
test_quarter(void **state)
{
	struct rulebook view;
	struct eval_fact f;
	struct eval_verdict v;

	(void)state;
	f = member(950);
	f.quarters_evaluated = 4;
	f.quarters_kht = 0;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTXS);
	f.quarters_kht = 1;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTT);
	only_reason(&v, "quarter_kht", EVAL_HTT, "", "1");
	assert_string_equal(v.reasons[0].rule_id, RULE_EVAL_QUARTER);
	/* Off by a committee's override. */
	view_with(&view, RULE_EVAL_QUARTER, "blocks_excellent", 0, NULL);
	v = judge_on(&view, &f);
	assert_int_equal(v.level, EVAL_HTXS);
	rulebook_release(&view);
	/* Only a year is judged on its quarters. */
	f.kind = EPERIOD_AD_HOC;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTXS);
}

static void
test_org(void **state)
{
	struct eval_fact f;
	struct eval_verdict v;

	(void)state;
	/* The leadership (or one of its members) disciplined: not htxs
	 * under 366. */
	f = org(950);
	f.collective_disciplined = 1;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTT);
	only_reason(&v, "collective_disciplined", EVAL_HTT, "", "");
	assert_string_equal(v.reasons[0].rule_id, RULE_EVAL_COLLECTIVE);
	/* Under 124-QĐ/TW: kht. */
	strcpy(f.period_from, "2025-01-01");
	strcpy(f.period_to, "2025-06-30");
	v = judge(&f);
	assert_int_equal(v.level, EVAL_KHT);
	/* A member's leadership is not judged. */
	f = member(950);
	f.collective_disciplined = 1;
	f.subunits_total = 10;
	f.subunits_disciplined = 5;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTXS);
	/* Subordinate organisations: any blocks htxs, above 20 % kht. */
	f = org(950);
	f.subunits_total = 10;
	f.subunits_disciplined = 0;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTXS);
	f.subunits_disciplined = 1;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_HTT);
	only_reason(&v, "collective_disciplined", EVAL_HTT, "0", "10");
	f.subunits_disciplined = 2;
	v = judge(&f);
	only_reason(&v, "collective_disciplined", EVAL_HTT, "0", "20");
	f.subunits_disciplined = 3;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_KHT);
	only_reason(&v, "collective_disciplined", EVAL_KHT, "20", "30");
	/* The organisation disciplined itself: the discipline rule. */
	f = org(950);
	f.disciplined = 1;
	v = judge(&f);
	assert_int_equal(v.level, EVAL_KHT);
	only_reason(&v, "disciplined_in_period", EVAL_KHT, "", "1");
}

static struct eval_cap
cap_on(const struct rulebook *book, int64_t htxs, int64_t htt, int64_t ht)
{
	int64_t counts[EVAL_LEVEL__MAX] = { 0 };
	struct cb_error err = CB_ERROR_INIT;
	struct eval_cap c;

	counts[EVAL_HTXS] = htxs;
	counts[EVAL_HTT] = htt;
	counts[EVAL_HT] = ht;
	counts[EVAL_KHT] = 1;
	counts[EVAL_NOT_CLASSIFIED] = 2;
	assert_int_equal(
	    eval_cap_judge(book, "2026-12-31", "/1/5/", counts, &c, &err), 0);
	cb_error_release(&err);
	return c;
}

static void
test_cap(void **state)
{
	int64_t counts[EVAL_LEVEL__MAX] = { 0 };
	struct cb_error err = CB_ERROR_INIT;
	struct rulebook view;
	struct eval_cap c;

	(void)state;
	/* The default: 20 % of htt, per grassroots organisation. */
	c = cap_on(&rb, 1, 5, 3);
	assert_int_equal(c.scope, ECAP_GRASSROOTS);
	assert_int_equal(c.percent, 20);
	assert_false(c.denominator_htt_and_above);
	assert_int_equal(c.allowed, 1);
	assert_int_equal(c.excellent, 1);
	assert_false(c.exceeded);
	assert_string_equal(c.rule_id, RULE_EVAL_CAP);
	assert_non_null(c.citation);
	c = cap_on(&rb, 1, 4, 0);
	assert_int_equal(c.allowed, 0);
	assert_true(c.exceeded);
	c = cap_on(&rb, 0, 4, 0);
	assert_false(c.exceeded);
	c = cap_on(&rb, 2, 10, 0);
	assert_int_equal(c.allowed, 2);
	assert_false(c.exceeded);
	c = cap_on(&rb, 3, 10, 0);
	assert_true(c.exceeded);
	/* A small cell with nobody good: none allowed. */
	c = cap_on(&rb, 0, 0, 0);
	assert_int_equal(c.allowed, 0);
	assert_false(c.exceeded);
	c = cap_on(&rb, 1, 0, 2);
	assert_true(c.exceeded);
	/* A large organisation. */
	c = cap_on(&rb, 20, 100, 30);
	assert_int_equal(c.allowed, 20);
	assert_false(c.exceeded);
	c = cap_on(&rb, 21, 100, 30);
	assert_true(c.exceeded);
	c = cap_on(&rb, 99, 499, 30);
	assert_int_equal(c.allowed, 99);
	assert_false(c.exceeded);

	/* htt and above: the excellent count in the denominator. */
	view_with(&view, RULE_EVAL_CAP, "denominator", 0, "htt_and_above");
	c = cap_on(&view, 2, 10, 0); /* 12 -> 2 */
	assert_true(c.denominator_htt_and_above);
	assert_int_equal(c.allowed, 2);
	assert_false(c.exceeded);
	c = cap_on(&view, 3, 10, 0); /* 13 -> 2 */
	assert_int_equal(c.allowed, 2);
	assert_true(c.exceeded);
	c = cap_on(&view, 1, 4, 0); /* 5 -> 1, where htt alone allows 0 */
	assert_int_equal(c.allowed, 1);
	assert_false(c.exceeded);
	c = cap_on(&view, 1, 0, 0); /* 1 -> 0 */
	assert_true(c.exceeded);
	c = cap_on(&view, 25, 100, 0); /* 125 -> 25 */
	assert_false(c.exceeded);
	c = cap_on(&view, 26, 100, 0); /* 126 -> 25 */
	assert_int_equal(c.allowed, 25);
	assert_true(c.exceeded);
	rulebook_release(&view);

	/* The scope and the percentage are settings too. */
	view_with(&view, RULE_EVAL_CAP, "scope", 0, "cell");
	c = cap_on(&view, 1, 5, 0);
	assert_int_equal(c.scope, ECAP_CELL);
	rulebook_release(&view);
	view_with(&view, RULE_EVAL_CAP, "percent", 25, NULL);
	c = cap_on(&view, 1, 4, 0);
	assert_int_equal(c.allowed, 1);
	assert_false(c.exceeded);
	rulebook_release(&view);

	/* Bad input, a date before the rule. */
	counts[EVAL_HTT] = -1;
	assert_int_equal(
	    eval_cap_judge(&rb, "2026-12-31", NULL, counts, &c, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "count_out_of_range");
	cb_error_release(&err);
	counts[EVAL_HTT] = 5;
	assert_int_equal(
	    eval_cap_judge(&rb, "2019-10-17", NULL, counts, &c, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "rule_not_in_force");
	assert_string_equal(err.fields[0].arg, RULE_EVAL_CAP);
	cb_error_release(&err);
	assert_int_equal(
	    eval_cap_judge(&rb, "2026-02-30", NULL, counts, &c, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "invalid_date");
	cb_error_release(&err);
}

static void
test_override_band(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct rulebook view;
	struct eval_fact f;
	struct eval_verdict v;

	(void)state;
	view_with(&view, RULE_EVAL_BANDS, "good_min", 75, NULL);
	f = member(740);
	v = judge_on(&view, &f);
	assert_int_equal(v.level, EVAL_HT);
	only_reason(&v, "score_band", EVAL_HT, "75", "74");
	f.org_path = "/2/";
	v = judge_on(&view, &f);
	assert_int_equal(v.level, EVAL_HTT);
	f.org_path = NULL;
	v = judge_on(&view, &f);
	assert_int_equal(v.level, EVAL_HTT);
	rulebook_release(&view);
	/* Bands that do not fall are refused, not judged. */
	view_with(&view, RULE_EVAL_BANDS, "excellent_min", 70, NULL);
	f = member(740);
	assert_int_equal(eval_judge(&view, &f, &v, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "evaluation_rules_invalid");
	assert_string_equal(err.fields[0].arg, RULE_EVAL_BANDS);
	cb_error_release(&err);
	rulebook_release(&view);
}

static bool
has_field(const struct cb_error *err, const char *field, const char *code)
{
	size_t i;

	for (i = 0; i < err->nfields; i++)
		if (strcmp(err->fields[i].field, field) == 0 &&
		    strcmp(err->fields[i].code, code) == 0)
			return true;
	return false;
}

static void
test_bad_input(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct eval_fact f;
	struct eval_verdict v;

	(void)state;
	f = member(1001);
	f.tasks_on_time = 11;
	f.tasks_exceeded = -1;
	f.sick_leave_months = -2;
	assert_int_equal(eval_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_true(has_field(&err, "score", "score_out_of_range"));
	assert_true(has_field(&err, "tasks_on_time", "count_out_of_range"));
	assert_true(has_field(&err, "tasks_exceeded", "count_out_of_range"));
	assert_true(
	    has_field(&err, "sick_leave_months", "count_out_of_range"));
	assert_int_equal(err.nfields, 4);
	assert_int_equal(v.n, 0);
	cb_error_release(&err);

	f = member(-1);
	f.tasks_total = -1;
	assert_int_equal(eval_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_true(has_field(&err, "score", "score_out_of_range"));
	assert_true(has_field(&err, "tasks_total", "count_out_of_range"));
	cb_error_release(&err);

	/* Without a score, the score is not checked. */
	f = member(-5);
	f.has_score = false;
	assert_int_equal(eval_judge(&rb, &f, &v, &err), 0);
	cb_error_release(&err);

	f = member(900);
	strcpy(f.period_to, "2026-13-01");
	strcpy(f.since, "19/05/2010");
	assert_int_equal(eval_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_true(has_field(&err, "period_to", "invalid_date"));
	assert_true(has_field(&err, "since", "invalid_date"));
	cb_error_release(&err);

	f = member(900);
	strcpy(f.period_to, "2025-12-31");
	assert_int_equal(eval_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_true(has_field(&err, "period_to", "date_before"));
	cb_error_release(&err);

	f = org(900);
	f.subunits_total = 3;
	f.subunits_disciplined = 4;
	f.quarters_evaluated = 5;
	f.disciplined = -1;
	f.collective_disciplined = -1;
	assert_int_equal(eval_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_true(
	    has_field(&err, "subunits_disciplined", "count_out_of_range"));
	assert_true(
	    has_field(&err, "quarters_evaluated", "count_out_of_range"));
	assert_true(has_field(&err, "disciplined", "count_out_of_range"));
	assert_true(
	    has_field(&err, "collective_disciplined", "count_out_of_range"));
	cb_error_release(&err);

	f = member(900);
	f.quarters_evaluated = 2;
	f.quarters_kht = 3;
	assert_int_equal(eval_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_true(has_field(&err, "quarters_kht", "count_out_of_range"));
	assert_string_equal(err.fields[0].arg, "0..2");
	cb_error_release(&err);

	f = member(900);
	f.subject = (enum eval_subject)7;
	f.kind = (enum eval_period_kind)9;
	assert_int_equal(eval_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_true(has_field(&err, "subject", "invalid_value"));
	assert_true(has_field(&err, "kind", "invalid_value"));
	cb_error_release(&err);
}

static void
test_not_in_force(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct eval_fact f;
	struct eval_verdict v;
	struct eval_sheet s;

	(void)state;
	f = member(900);
	strcpy(f.period_from, "2022-01-01");
	strcpy(f.period_to, "2022-12-31");
	assert_int_equal(eval_judge(&rb, &f, &v, &err), -CB_EINVAL);
	assert_int_equal(err.nfields, 1);
	assert_string_equal(err.fields[0].field, "period_to");
	assert_string_equal(err.fields[0].code, "rule_not_in_force");
	assert_string_equal(err.fields[0].arg, RULE_EVAL_BANDS);
	cb_error_release(&err);
	/* The first day of the earlier version. */
	strcpy(f.period_from, "2023-01-01");
	strcpy(f.period_to, "2023-10-04");
	assert_int_equal(eval_judge(&rb, &f, &v, &err), 0);
	strcpy(f.period_to, "2023-10-03");
	assert_int_equal(eval_judge(&rb, &f, &v, &err), -CB_EINVAL);
	cb_error_release(&err);
	assert_int_equal(eval_sheet_get(&rb, "2023-10-03", NULL, &s, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "rule_not_in_force");
	assert_string_equal(err.fields[0].arg, RULE_EVAL_SHEET);
	cb_error_release(&err);
}

static void
test_sheet(void **state)
{
	char rule_id[] = RULE_EVAL_SHEET, name[] = "max_points",
	     path1[] = "/1/", doc[] = "9-QĐ/ĐU", p20[] = "20", p4[] = "4",
	     p8[] = "8", p70[] = "70";
	char *items[] = { p20, p4, p8, p70 };
	struct cb_error err = CB_ERROR_INIT;
	struct eval_criterion c[5];
	struct rule_override ov;
	struct rulebook view;
	struct eval_sheet s;
	int score, sum = 0;
	size_t i;

	(void)state;
	assert_int_equal(eval_sheet_get(&rb, "2026-12-31", "/1/5/", &s, &err),
	    0);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.rule_id, RULE_EVAL_SHEET);
	assert_non_null(strstr(s.citation, "366-QĐ/TW"));
	assert_string_equal(s.groups[0].code, "a_politics_ethics");
	assert_int_equal(s.groups[0].max_points, 18);
	assert_string_equal(s.groups[3].code, "b_tasks");
	assert_int_equal(s.groups[3].max_points, 70);
	for (i = 0; i < s.n; i++) {
		assert_true(s.groups[i].name[0] != '\0');
		assert_true(s.groups[i].name_en[0] != '\0');
		sum += s.groups[i].max_points;
	}
	assert_int_equal(sum, 100);

	/* Full marks, then 89.9. */
	for (i = 0; i < 4; i++) {
		c[i].code = s.groups[i].code;
		c[i].points_x10 = s.groups[i].max_points * 10;
	}
	assert_int_equal(eval_sheet_check(&s, c, 4, &score, &err), 0);
	assert_int_equal(score, 1000);
	c[3].points_x10 = 599;
	assert_int_equal(eval_sheet_check(&s, c, 4, &score, &err), 0);
	assert_int_equal(score, 899);
	/* A group left out counts nothing. */
	assert_int_equal(eval_sheet_check(&s, c, 3, &score, &err), 0);
	assert_int_equal(score, 300);
	assert_int_equal(eval_sheet_check(&s, c, 0, &score, &err), 0);
	assert_int_equal(score, 0);

	/* Unknown, twice, out of range. */
	c[0].points_x10 = 181;
	c[1].code = "c_other";
	c[2].points_x10 = -1;
	c[3].code = "a_politics_ethics";
	c[4].code = NULL;
	c[4].points_x10 = 0;
	assert_int_equal(eval_sheet_check(&s, c, 5, &score, &err),
	    -CB_EINVAL);
	assert_int_equal(score, 0);
	assert_true(has_field(&err, "criteria[0].points", "score_out_of_range"));
	assert_string_equal(err.fields[0].arg, "0..18");
	assert_true(
	    has_field(&err, "criteria[1].code", "score_unknown_criterion"));
	assert_true(has_field(&err, "criteria[2].points", "score_out_of_range"));
	assert_true(has_field(&err, "criteria[3].code", "score_twice"));
	assert_true(
	    has_field(&err, "criteria[4].code", "score_unknown_criterion"));
	assert_int_equal(err.nfields, 5);
	cb_error_release(&err);

	/* A committee's maxima that sum to 102 are refused. */
	rulebook_view(&view, &rb);
	memset(&ov, 0, sizeof(ov));
	ov.rule_id = rule_id;
	ov.value_name = name;
	ov.value.type = RV_LIST;
	ov.value.items = items;
	ov.value.nitems = 4;
	ov.org_id = 1;
	ov.org_path = path1;
	strcpy(ov.from, "2020-01-01");
	ov.doc_no = doc;
	assert_int_equal(rulebook_add_override(&view, &ov), 0);
	assert_int_equal(
	    eval_sheet_get(&view, "2026-12-31", "/1/5/", &s, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "evaluation_rules_invalid");
	assert_string_equal(err.fields[0].arg, RULE_EVAL_SHEET);
	assert_int_equal(s.n, 0);
	cb_error_release(&err);
	/* ... and one that does not pair up (3 maxima, 4 codes). */
	p20[0] = '2';
	p20[1] = '2';
	ov.value.items = (char *[]){ p20, p8, p70 };
	ov.value.nitems = 3;
	rulebook_release(&view);
	rulebook_view(&view, &rb);
	assert_int_equal(rulebook_add_override(&view, &ov), 0);
	assert_int_equal(
	    eval_sheet_get(&view, "2026-12-31", "/1/5/", &s, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "evaluation_rules_invalid");
	cb_error_release(&err);
	/* Elsewhere the default sheet. */
	assert_int_equal(eval_sheet_get(&view, "2026-12-31", "/2/", &s, &err),
	    0);
	assert_int_equal(s.n, 4);
	rulebook_release(&view);
	assert_int_equal(eval_sheet_get(&rb, "31/12/2026", NULL, &s, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "invalid_date");
	cb_error_release(&err);
}

/* Every reason's message renders in both languages with its threshold
 * and the value given (msg_given "" -> the plain message). */
static void
test_messages(void **state)
{
	struct eval_fact facts[8];
	const char *seen[16];
	size_t nseen = 0, i, k;
	int j, lang;

	(void)state;
	facts[0] = member(699);
	facts[1] = member(950);
	facts[1].tasks_exceeded = 1;
	facts[1].tasks_on_time = 9;
	facts[1].sick_leave_months = 4;
	facts[1].disciplined = 1;
	facts[1].quarters_evaluated = 4;
	facts[1].quarters_kht = 2;
	facts[2] = org(950);
	facts[2].collective_disciplined = 1;
	facts[2].subunits_total = 4;
	facts[2].subunits_disciplined = 1;
	facts[2].tasks_exceeded = 2;
	facts[3] = member(950);
	facts[3].exempted = true;
	strcpy(facts[3].since, "2026-10-01");
	facts[4] = member(0);
	facts[4].has_score = false;
	facts[5] = org(950);
	facts[5].tasks_on_time = 7;
	for (j = 0; j < 6; j++) {
		struct eval_verdict v = judge(&facts[j]);

		for (i = 0; i < v.n; i++) {
			const struct eval_reason *r = &v.reasons[i];

			for (k = 0; k < nseen; k++)
				if (strcmp(seen[k], r->code) == 0)
					break;
			if (k == nseen && nseen < 16)
				seen[nseen++] = r->code;
			assert_true(msg_known(r->code));
			for (lang = 0; lang < LANG__MAX; lang++) {
				const char *g =
				    r->msg_given[0] ? r->msg_given : NULL;
				char *m = msg_render_given(r->code,
				    r->msg_arg, g, (enum lang)lang);

				assert_non_null(m);
				assert_null(strstr(m, "%s"));
				assert_null(strstr(m, "%g"));
				assert_string_not_equal(m, r->code);
				if (r->msg_arg[0] != '\0')
					assert_non_null(strstr(m, r->msg_arg));
				if (g != NULL)
					assert_non_null(strstr(m, g));
				free(m);
			}
		}
	}
	/* All nine codes were produced. */
	assert_int_equal(nseen, 9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_tasks),
		cmocka_unit_test(test_sick_leave),
		cmocka_unit_test(test_discipline),
		cmocka_unit_test(test_new_member),
		cmocka_unit_test(test_exempt),
		cmocka_unit_test(test_quarter),
		cmocka_unit_test(test_org),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_override_band),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_not_in_force),
		cmocka_unit_test(test_sheet),
		cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
