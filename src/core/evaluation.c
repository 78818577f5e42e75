/*
 * evaluation.c - the rulebook's judgements of the review and
 * classification of members and Party organisations (evaluation.h).
 *
 * Every threshold and setting is read from the rulebook (rules
 * "evaluation.*") in force on the period's end for the organisation's
 * path; the schema checks each value alone, so the cross-value
 * constraints (bands falling strictly, the sheet's lists pairing up and
 * summing to 100) are checked here: evaluation_rules_invalid.
 */
#include "core/evaluation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

const char *const eval_level_names[EVAL_LEVEL__MAX] = { "htxs", "htt", "ht",
	"kht", "not_classified" };
const char *const eval_subject_names[ESUBJ__MAX] = { "member", "org" };
const char *const eval_period_kind_names[EPERIOD__MAX] = { "year", "quarter",
	"ad_hoc" };
const char *const eval_cap_scope_names[ECAP__MAX] = { "grassroots", "cell" };

int
eval_level_parse(const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < EVAL_LEVEL__MAX; i++)
		if (strcmp(s, eval_level_names[i]) == 0)
			return i;
	return -1;
}

bool
eval_level_good(enum eval_level l)
{
	return l == EVAL_HTXS || l == EVAL_HTT;
}

/* ---- The rules in force ---- */

struct eval_rules {
	struct rule_ref bands, tasks, nc, sick, disc, coll, quarter;
	int64_t excellent_min, good_min, done_min;
	int64_t exc_on_time, exc_exceeded, good_on_time, late_max;
	bool late_all;
	int64_t new_member_months, new_org_months;
	bool suspended_nc, exempted_nc;
	int64_t sick_months;
	enum eval_level sick_cap;
	int disc_effect; /* 0 none, else the level it forces */
	enum eval_level leadership_cap;
	int64_t sub_exc_max, sub_max;
	int64_t quarter_blocks;
};

static int
text_value(const struct rulebook *rb, const char *rule, const char *name,
    const char *on, const char *path, const char **ret, struct rule_ref *ref)
{
	struct rule_ref r;

	if (rulebook_lookup(rb, rule, name, on, path, &r) != 0 ||
	    r.value->type != RV_TEXT || r.value->s == NULL)
		return -CB_ENOTFOUND;
	*ret = r.value->s;
	if (ref != NULL)
		*ref = r;
	return 0;
}

static int
int_value(const struct rulebook *rb, const char *rule, const char *name,
    const char *on, const char *path, int64_t *ret, struct rule_ref *ref)
{
	return rulebook_int(rb, rule, name, on, path, ret, ref) == 0 ?
	    0 :
	    -CB_ENOTFOUND;
}

/* Loads every evaluation rule; on failure names the rule missing. */
static int
rules_load(const struct rulebook *rb, const char *on, const char *path,
    struct eval_rules *r, struct cb_error *err)
{
	const char *late = NULL, *susp = NULL, *exem = NULL, *cap = NULL,
	           *eff = NULL, *lead = NULL;
	const char *missing = NULL;

	memset(r, 0, sizeof(*r));
	if (int_value(rb, RULE_EVAL_BANDS, "excellent_min", on, path,
	        &r->excellent_min, &r->bands) != 0 ||
	    int_value(rb, RULE_EVAL_BANDS, "good_min", on, path, &r->good_min,
	        NULL) != 0 ||
	    int_value(rb, RULE_EVAL_BANDS, "done_min", on, path, &r->done_min,
	        NULL) != 0)
		missing = RULE_EVAL_BANDS;
	else if (int_value(rb, RULE_EVAL_TASKS, "excellent_on_time_percent",
	             on, path, &r->exc_on_time, &r->tasks) != 0 ||
	    int_value(rb, RULE_EVAL_TASKS, "excellent_exceeded_percent", on,
	        path, &r->exc_exceeded, NULL) != 0 ||
	    int_value(rb, RULE_EVAL_TASKS, "good_on_time_percent", on, path,
	        &r->good_on_time, NULL) != 0 ||
	    int_value(rb, RULE_EVAL_TASKS, "done_late_max_percent", on, path,
	        &r->late_max, NULL) != 0 ||
	    text_value(rb, RULE_EVAL_TASKS, "done_late_applies_to", on, path,
	        &late, NULL) != 0)
		missing = RULE_EVAL_TASKS;
	else if (int_value(rb, RULE_EVAL_NOT_CLASSIFIED, "new_member_months",
	             on, path, &r->new_member_months, &r->nc) != 0 ||
	    int_value(rb, RULE_EVAL_NOT_CLASSIFIED, "new_org_months", on, path,
	        &r->new_org_months, NULL) != 0 ||
	    text_value(rb, RULE_EVAL_NOT_CLASSIFIED, "suspended", on, path,
	        &susp, NULL) != 0 ||
	    text_value(rb, RULE_EVAL_NOT_CLASSIFIED, "exempted", on, path,
	        &exem, NULL) != 0)
		missing = RULE_EVAL_NOT_CLASSIFIED;
	else if (int_value(rb, RULE_EVAL_SICK_LEAVE, "months", on, path,
	             &r->sick_months, &r->sick) != 0 ||
	    text_value(rb, RULE_EVAL_SICK_LEAVE, "cap", on, path, &cap,
	        NULL) != 0)
		missing = RULE_EVAL_SICK_LEAVE;
	else if (text_value(rb, RULE_EVAL_DISCIPLINE, "effect", on, path, &eff,
	             &r->disc) != 0)
		missing = RULE_EVAL_DISCIPLINE;
	else if (text_value(rb, RULE_EVAL_COLLECTIVE, "leadership_effect", on,
	             path, &lead, &r->coll) != 0 ||
	    int_value(rb, RULE_EVAL_COLLECTIVE,
	        "subunits_excellent_max_percent", on, path, &r->sub_exc_max,
	        NULL) != 0 ||
	    int_value(rb, RULE_EVAL_COLLECTIVE, "subunits_max_percent", on,
	        path, &r->sub_max, NULL) != 0)
		missing = RULE_EVAL_COLLECTIVE;
	else if (int_value(rb, RULE_EVAL_QUARTER, "blocks_excellent", on, path,
	             &r->quarter_blocks, &r->quarter) != 0)
		missing = RULE_EVAL_QUARTER;
	if (missing != NULL)
		return cb_error_field(err, 0, "period_to", "rule_not_in_force",
		    missing);
	r->late_all = strcmp(late, "all") == 0;
	r->suspended_nc = strcmp(susp, "classified") != 0;
	r->exempted_nc = strcmp(exem, "classified") != 0;
	r->sick_cap = strcmp(cap, "htt") == 0 ?
	    EVAL_HTT :
	    strcmp(cap, "kht") == 0 ?
	    EVAL_KHT :
	    EVAL_HT;
	r->disc_effect = strcmp(eff, "none") == 0 ?
	    0 :
	    strcmp(eff, "cap_ht") == 0 ?
	    EVAL_HT :
	    EVAL_KHT;
	r->leadership_cap = strcmp(lead, "kht") == 0 ? EVAL_KHT : EVAL_HTT;
	/* The schema checks each value alone ("not below"); an override can
	 * still make the bands equal or the percentages leave their order. */
	if (!(r->excellent_min > r->good_min && r->good_min > r->done_min))
		return cb_error_field_rule(err, 0, "period_to",
		    "evaluation_rules_invalid", RULE_EVAL_BANDS,
		    r->bands.rule_id, r->bands.citation);
	if (r->exc_on_time < r->good_on_time)
		return cb_error_field_rule(err, 0, "period_to",
		    "evaluation_rules_invalid", RULE_EVAL_TASKS,
		    r->tasks.rule_id, r->tasks.citation);
	if (r->sub_max < r->sub_exc_max)
		return cb_error_field_rule(err, 0, "period_to",
		    "evaluation_rules_invalid", RULE_EVAL_COLLECTIVE,
		    r->coll.rule_id, r->coll.citation);
	return 0;
}

/* ---- Judging one evaluation ---- */

/* "69.9" from 699; "70" from 700. */
static void
fmt_tenths(char *out, size_t n, int64_t x10)
{
	if (x10 % 10 == 0)
		snprintf(out, n, "%lld", (long long)(x10 / 10));
	else
		snprintf(out, n, "%lld.%lld", (long long)(x10 / 10),
		    (long long)(x10 % 10));
}

/* part / total as a percentage in tenths, rounded down, formatted. */
static void
fmt_percent(char *out, size_t n, int64_t part, int64_t total)
{
	fmt_tenths(out, n, total > 0 ? part * 1000 / total : 0);
}

static void
reason_add(struct eval_verdict *v, const char *code, enum eval_level level,
    const struct rule_ref *ref, const char *arg, const char *given)
{
	struct eval_reason *r;

	if (v->n == EVAL_REASONS_MAX)
		return;
	r = &v->reasons[v->n++];
	memset(r, 0, sizeof(*r));
	r->code = code;
	r->level = level;
	r->rule_id = ref->rule_id;
	r->citation = ref->citation;
	snprintf(r->msg_arg, sizeof(r->msg_arg), "%s", arg ? arg : "");
	snprintf(r->msg_given, sizeof(r->msg_given), "%s", given ? given : "");
	if (level > v->level)
		v->level = level;
}

/* A count in 0..max, else a field error. */
static int
count_check(int64_t v, int64_t max, const char *field, struct cb_error *err)
{
	char range[48];

	if (v >= 0 && v <= max)
		return 0;
	snprintf(range, sizeof(range), "0..%lld", (long long)max);
	return cb_error_field(err, 0, field, "count_out_of_range", range);
}

static int
fact_check(const struct eval_fact *f, struct cb_error *err)
{
	struct date d;
	int bad = 0;

	if ((unsigned)f->subject >= ESUBJ__MAX)
		bad = cb_error_field(err, 0, "subject", "invalid_value",
		    "member, org");
	if ((unsigned)f->kind >= EPERIOD__MAX)
		bad = cb_error_field(err, 0, "kind", "invalid_value",
		    "year, quarter, ad_hoc");
	if (date_parse_iso(f->period_to, &d) != 0)
		bad = cb_error_field(err, 0, "period_to", "invalid_date",
		    f->period_to);
	if (f->period_from[0] != '\0') {
		if (date_parse_iso(f->period_from, &d) != 0)
			bad = cb_error_field(err, 0, "period_from",
			    "invalid_date", f->period_from);
		else if (!bad && strcmp(f->period_to, f->period_from) < 0)
			bad = cb_error_field(err, 0, "period_to",
			    "date_before", "period_from");
	}
	if (f->since[0] != '\0' && date_parse_iso(f->since, &d) != 0)
		bad = cb_error_field(err, 0, "since", "invalid_date",
		    f->since);
	if (f->has_score && (f->score_x10 < 0 || f->score_x10 > 1000))
		bad = cb_error_field(err, 0, "score", "score_out_of_range",
		    "0..100");
	if (count_check(f->tasks_total, 100000, "tasks_total", err))
		bad = -CB_EINVAL;
	else {
		if (count_check(f->tasks_on_time, f->tasks_total,
		        "tasks_on_time", err))
			bad = -CB_EINVAL;
		if (count_check(f->tasks_exceeded, f->tasks_total,
		        "tasks_exceeded", err))
			bad = -CB_EINVAL;
	}
	if (count_check(f->sick_leave_months, 120, "sick_leave_months", err))
		bad = -CB_EINVAL;
	if (count_check(f->disciplined, 100000, "disciplined", err))
		bad = -CB_EINVAL;
	if (count_check(f->collective_disciplined, 100000,
	        "collective_disciplined", err))
		bad = -CB_EINVAL;
	if (count_check(f->subunits_total, 1000000, "subunits_total", err))
		bad = -CB_EINVAL;
	else if (count_check(f->subunits_disciplined, f->subunits_total,
	             "subunits_disciplined", err))
		bad = -CB_EINVAL;
	if (count_check(f->quarters_evaluated, 4, "quarters_evaluated", err))
		bad = -CB_EINVAL;
	else if (count_check(f->quarters_kht, f->quarters_evaluated,
	             "quarters_kht", err))
		bad = -CB_EINVAL;
	return bad ? -CB_EINVAL : 0;
}

/* Not classified: every reason that applies, or none. */
static void
judge_not_classified(const struct eval_fact *f, const struct eval_rules *r,
    struct eval_verdict *v)
{
	int64_t months = f->subject == ESUBJ_MEMBER ?
	    r->new_member_months :
	    r->new_org_months;
	char arg[32];

	if (f->subject == ESUBJ_MEMBER &&
	    ((f->suspended && r->suspended_nc) ||
	        (f->exempted && r->exempted_nc)))
		reason_add(v, "not_classified_exempt", EVAL_NOT_CLASSIFIED,
		    &r->nc, NULL, NULL);
	if (months > 0 && f->since[0] != '\0') {
		struct date s, e;
		char end[DATE_LEN];

		/* Classified when since + months falls on or before the
		 * period's end (a whole number of months by the day, as the
		 * probation is counted). */
		if (date_parse_iso(f->since, &s) == 0) {
			e = date_add_months(&s, (int)months);
			date_format_iso(&e, end);
			if (strcmp(end, f->period_to) > 0) {
				snprintf(arg, sizeof(arg), "%lld",
				    (long long)months);
				reason_add(v, "not_classified_new_member",
				    EVAL_NOT_CLASSIFIED, &r->nc, arg,
				    f->since);
			}
		}
	}
}

/* Adds a condition's reason when its level is below what the score
 * allows (a step down). */
static void
cond_add(struct eval_verdict *v, enum eval_level band, const char *code,
    enum eval_level level, const struct rule_ref *ref, const char *arg,
    const char *given)
{
	if (level > band)
		reason_add(v, code, level, ref, arg, given);
}

int
eval_judge(const struct rulebook *rb, const struct eval_fact *f,
    struct eval_verdict *ret, struct cb_error *err)
{
	struct eval_rules r;
	enum eval_level band, cap;
	char arg[32], given[32];
	int rc;

	memset(ret, 0, sizeof(*ret));
	ret->level = EVAL_HTXS;
	if ((rc = fact_check(f, err)) != 0)
		return rc;
	if ((rc = rules_load(rb, f->period_to, f->org_path, &r, err)) != 0)
		return rc;

	judge_not_classified(f, &r, ret);
	if (ret->n > 0) {
		ret->level = EVAL_NOT_CLASSIFIED;
		return 0;
	}

	/* The band of the score. */
	if (!f->has_score) {
		snprintf(arg, sizeof(arg), "%lld", (long long)r.done_min);
		reason_add(ret, "score_band", EVAL_KHT, &r.bands, arg, NULL);
	} else {
		int64_t need;

		band = f->score_x10 >= r.excellent_min * 10 ?
		    EVAL_HTXS :
		    f->score_x10 >= r.good_min * 10 ?
		    EVAL_HTT :
		    f->score_x10 >= r.done_min * 10 ?
		    EVAL_HT :
		    EVAL_KHT;
		need = band == EVAL_HTT ?
		    r.excellent_min :
		    band == EVAL_HT ?
		    r.good_min :
		    r.done_min;
		if (band != EVAL_HTXS) {
			snprintf(arg, sizeof(arg), "%lld", (long long)need);
			fmt_tenths(given, sizeof(given), f->score_x10);
			reason_add(ret, "score_band", band, &r.bands, arg,
			    given);
		}
	}
	band = ret->level;

	/* Tasks: over tasks_total; none assigned, the conditions hold. */
	if (f->tasks_total > 0) {
		int64_t t = f->tasks_total, on = f->tasks_on_time;
		int64_t need = 0;

		cap = EVAL_HTXS;
		if ((f->subject == ESUBJ_ORG || r.late_all) &&
		    (t - on) * 100 > r.late_max * t) {
			cap = EVAL_KHT;
			need = 100 - r.late_max;
		} else if (on * 100 < r.good_on_time * t) {
			cap = EVAL_HT;
			need = r.good_on_time;
		} else if (on * 100 < r.exc_on_time * t) {
			cap = EVAL_HTT;
			need = r.exc_on_time;
		}
		if (cap != EVAL_HTXS) {
			snprintf(arg, sizeof(arg), "%lld", (long long)need);
			fmt_percent(given, sizeof(given), on, t);
			cond_add(ret, band, "tasks_not_on_time", cap, &r.tasks,
			    arg, given);
		}
		if (f->tasks_exceeded * 100 < r.exc_exceeded * t) {
			snprintf(arg, sizeof(arg), "%lld",
			    (long long)r.exc_exceeded);
			fmt_percent(given, sizeof(given), f->tasks_exceeded,
			    t);
			cond_add(ret, band, "tasks_exceeded_short", EVAL_HTT,
			    &r.tasks, arg, given);
		}
	}

	/* Sick leave. */
	if (f->sick_leave_months >= r.sick_months) {
		snprintf(arg, sizeof(arg), "%lld", (long long)r.sick_months);
		snprintf(given, sizeof(given), "%d", f->sick_leave_months);
		cond_add(ret, band, "sick_leave_cap", r.sick_cap, &r.sick, arg,
		    given);
	}

	/* Discipline of the subject in the period. */
	if (f->disciplined > 0 && r.disc_effect != 0) {
		snprintf(given, sizeof(given), "%d", f->disciplined);
		cond_add(ret, band, "disciplined_in_period",
		    (enum eval_level)r.disc_effect, &r.disc, NULL, given);
	}

	/* An organisation: its leadership and subordinate organisations. */
	if (f->subject == ESUBJ_ORG) {
		if (f->collective_disciplined > 0)
			cond_add(ret, band, "collective_disciplined",
			    r.leadership_cap, &r.coll, NULL, NULL);
		if (f->subunits_total > 0 && f->subunits_disciplined > 0) {
			int64_t d = f->subunits_disciplined,
			        t = f->subunits_total;

			fmt_percent(given, sizeof(given), d, t);
			if (d * 100 > r.sub_max * t) {
				snprintf(arg, sizeof(arg), "%lld",
				    (long long)r.sub_max);
				cond_add(ret, band, "collective_disciplined",
				    EVAL_KHT, &r.coll, arg, given);
			} else if (d * 100 > r.sub_exc_max * t) {
				snprintf(arg, sizeof(arg), "%lld",
				    (long long)r.sub_exc_max);
				cond_add(ret, band, "collective_disciplined",
				    EVAL_HTT, &r.coll, arg, given);
			}
		}
	}

	/* A year with a quarter rated kht. */
	if (f->kind == EPERIOD_YEAR && f->quarters_kht > 0 &&
	    r.quarter_blocks != 0) {
		snprintf(given, sizeof(given), "%d", f->quarters_kht);
		cond_add(ret, band, "quarter_kht", EVAL_HTT, &r.quarter, NULL,
		    given);
	}
	return 0;
}

/* ---- The cap on excellent ---- */

int
eval_cap_judge(const struct rulebook *rb, const char *date,
    const char *org_path, const int64_t counts[EVAL_LEVEL__MAX],
    struct eval_cap *ret, struct cb_error *err)
{
	struct rule_ref ref;
	const char *den = NULL, *scope = NULL;
	int64_t percent, d;
	struct date day;
	int i;

	memset(ret, 0, sizeof(*ret));
	if (date == NULL || date_parse_iso(date, &day) != 0)
		return cb_error_field(err, 0, "date", "invalid_date", date);
	for (i = 0; i < EVAL_LEVEL__MAX; i++)
		if (counts[i] < 0)
			return cb_error_field(err, 0, eval_level_names[i],
			    "count_out_of_range", "0..");
	if (int_value(rb, RULE_EVAL_CAP, "percent", date, org_path, &percent,
	        &ref) != 0 ||
	    text_value(rb, RULE_EVAL_CAP, "denominator", date, org_path, &den,
	        NULL) != 0 ||
	    text_value(rb, RULE_EVAL_CAP, "scope", date, org_path, &scope,
	        NULL) != 0)
		return cb_error_field(err, 0, "date", "rule_not_in_force",
		    RULE_EVAL_CAP);
	ret->scope = strcmp(scope, "cell") == 0 ? ECAP_CELL : ECAP_GRASSROOTS;
	ret->percent = (int)percent;
	ret->denominator_htt_and_above = strcmp(den, "htt_and_above") == 0;
	d = counts[EVAL_HTT];
	if (ret->denominator_htt_and_above)
		d += counts[EVAL_HTXS];
	ret->allowed = percent * d / 100;
	ret->excellent = counts[EVAL_HTXS];
	ret->exceeded = ret->excellent > ret->allowed;
	ret->rule_id = ref.rule_id;
	ret->citation = ref.citation;
	return 0;
}

/* ---- The score sheet ---- */

int
eval_sheet_get(const struct rulebook *rb, const char *date,
    const char *org_path, struct eval_sheet *ret, struct cb_error *err)
{
	struct rule_ref codes, names, names_en, maxp;
	struct date day;
	int64_t sum = 0;
	size_t i, n;

	memset(ret, 0, sizeof(*ret));
	if (date == NULL || date_parse_iso(date, &day) != 0)
		return cb_error_field(err, 0, "date", "invalid_date", date);
	if (rulebook_lookup(rb, RULE_EVAL_SHEET, "codes", date, org_path,
	        &codes) != 0 ||
	    rulebook_lookup(rb, RULE_EVAL_SHEET, "names", date, org_path,
	        &names) != 0 ||
	    rulebook_lookup(rb, RULE_EVAL_SHEET, "names_en", date, org_path,
	        &names_en) != 0 ||
	    rulebook_lookup(rb, RULE_EVAL_SHEET, "max_points", date, org_path,
	        &maxp) != 0)
		return cb_error_field(err, 0, "date", "rule_not_in_force",
		    RULE_EVAL_SHEET);
	n = codes.value->nitems;
	if (codes.value->type != RV_LIST || names.value->type != RV_LIST ||
	    names_en.value->type != RV_LIST || maxp.value->type != RV_LIST ||
	    n == 0 || n > EVAL_SHEET_MAX || names.value->nitems != n ||
	    names_en.value->nitems != n || maxp.value->nitems != n)
		goto invalid;
	for (i = 0; i < n; i++) {
		char *end;
		long long m = strtoll(maxp.value->items[i], &end, 10);

		if (*end != '\0' || m < 1 || m > 100)
			goto invalid;
		sum += m;
		ret->groups[i].code = codes.value->items[i];
		ret->groups[i].name = names.value->items[i];
		ret->groups[i].name_en = names_en.value->items[i];
		ret->groups[i].max_points = (int)m;
	}
	if (sum != 100)
		goto invalid;
	ret->n = n;
	ret->rule_id = codes.rule_id;
	ret->citation = codes.citation;
	return 0;
invalid:
	memset(ret, 0, sizeof(*ret));
	return cb_error_field_rule(err, 0, "date", "evaluation_rules_invalid",
	    RULE_EVAL_SHEET, codes.rule_id, codes.citation);
}

int
eval_sheet_check(const struct eval_sheet *sheet,
    const struct eval_criterion *c, size_t n, int *score_x10,
    struct cb_error *err)
{
	char field[48], range[32];
	size_t i, k, j;
	int sum = 0, bad = 0;

	*score_x10 = 0;
	for (i = 0; i < n; i++) {
		for (k = 0; k < sheet->n; k++)
			if (c[i].code != NULL &&
			    strcmp(c[i].code, sheet->groups[k].code) == 0)
				break;
		snprintf(field, sizeof(field), "criteria[%zu].code", i);
		if (k == sheet->n) {
			bad = cb_error_field(err, 0, field,
			    "score_unknown_criterion", NULL);
			continue;
		}
		for (j = 0; j < i; j++)
			if (c[j].code != NULL &&
			    strcmp(c[j].code, c[i].code) == 0)
				break;
		if (j < i) {
			bad = cb_error_field(err, 0, field, "score_twice",
			    NULL);
			continue;
		}
		if (c[i].points_x10 < 0 ||
		    c[i].points_x10 > sheet->groups[k].max_points * 10) {
			snprintf(field, sizeof(field), "criteria[%zu].points",
			    i);
			snprintf(range, sizeof(range), "0..%d",
			    sheet->groups[k].max_points);
			bad = cb_error_field(err, 0, field,
			    "score_out_of_range", range);
			continue;
		}
		sum += c[i].points_x10;
	}
	if (bad)
		return -CB_EINVAL;
	*score_x10 = sum;
	return 0;
}
