/*
 * evaluation.h - the rulebook's judgements of the yearly (quarterly, ad
 * hoc) review and classification of members and Party organisations
 * (issue 15; ../shared/domain/rules.md §1 and its Additions A.3).
 *
 * Pure: svc reads the evaluation and what the rules need from chibo's own
 * records (the member's admission date and status, discipline decided in
 * the period, the quarters of the year) and passes them in a fact struct;
 * core answers with the highest level the score and the conditions allow
 * and every step down, each naming its reason code, rule id and citation
 * (borrowed from the rulebook).  The cap on "excellent" is judged over a
 * scope's decided levels.  Every threshold, percentage and setting lives
 * in rules/vn.json (rules "evaluation.*"), never here.  Dates are ISO
 * "YYYY-MM-DD"; "" means not given.
 */
#ifndef CHIBO_CORE_EVALUATION_H
#define CHIBO_CORE_EVALUATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rulebook.h"
#include "util/date.h"
#include "util/err.h"

/* Rule ids (rules/vn.json). */
#define RULE_EVAL_BANDS "evaluation.bands"
/* excellent_min 90, good_min 70, done_min 50 (points; a score is kept in
 * tenths, so 89.9 < 90) (366-QĐ/TW Art. 11). */
#define RULE_EVAL_TASKS "evaluation.tasks"
/* excellent_on_time_percent 100, excellent_exceeded_percent 30,
 * good_on_time_percent 100, done_late_max_percent 20. */
#define RULE_EVAL_NOT_CLASSIFIED "evaluation.not_classified"
/* new_member_months 6, new_org_months 6; suspended and exempted members
 * are not classified (HD 21; UNCONFIRMED under HD 43). */
#define RULE_EVAL_SICK_LEAVE "evaluation.sick_leave"
/* months 3, cap "ht": sick leave of 3 months or more in the period caps
 * the level (HD 21). */
#define RULE_EVAL_DISCIPLINE "evaluation.discipline"
/* effect "kht" (or "cap_ht", "none"): discipline decided in the period
 * (124-QĐ/TW; UNCONFIRMED under 366). */
#define RULE_EVAL_COLLECTIVE "evaluation.collective_discipline"
/* An organisation: the organisation itself or a member of its leadership
 * disciplined blocks "excellent"; subordinate organisations disciplined
 * above subunits_max_percent (20) force "kht" (124-QĐ/TW). */
#define RULE_EVAL_QUARTER "evaluation.quarter_kht"
/* blocks_excellent 1: in a year where quarters are evaluated, a quarter
 * rated kht blocks htxs for the year (A.3; a setting). */
#define RULE_EVAL_CAP "evaluation.excellent_cap"
/* percent 20, denominator "htt" | "htt_and_above", scope "grassroots" |
 * "cell" (HD 21 reading as the default; UNCONFIRMED under HD 43). */
#define RULE_EVAL_SHEET "evaluation.score_sheet"
/* The 100-point frame: groups (codes, names, names_en, max_points), e.g.
 * A common criteria 30, B results of assigned tasks 70 (UNCONFIRMED
 * allocation: a committee changes it by an override). */

/* The levels, best first (JSON names). */
enum eval_level {
	EVAL_HTXS = 0, /* "htxs": Hoàn thành xuất sắc nhiệm vụ */
	EVAL_HTT,      /* "htt": Hoàn thành tốt nhiệm vụ */
	EVAL_HT,       /* "ht": Hoàn thành nhiệm vụ */
	EVAL_KHT,      /* "kht": Không hoàn thành nhiệm vụ */
	EVAL_NOT_CLASSIFIED, /* "not_classified": not rated */
	EVAL_LEVEL__MAX
};

enum eval_subject {
	ESUBJ_MEMBER = 0, /* "member" */
	ESUBJ_ORG,        /* "org" */
	ESUBJ__MAX
};

enum eval_period_kind {
	EPERIOD_YEAR = 0, /* "year" */
	EPERIOD_QUARTER,  /* "quarter" */
	EPERIOD_AD_HOC,   /* "ad_hoc" */
	EPERIOD__MAX
};

extern const char *const eval_level_names[EVAL_LEVEL__MAX];
extern const char *const eval_subject_names[ESUBJ__MAX];
extern const char *const eval_period_kind_names[EPERIOD__MAX];
/* "htxs" -> EVAL_HTXS; -1 if unknown (NULL too). */
int eval_level_parse(const char *s);
/* True for htxs and htt ("good or better", the targets' numerator). */
bool eval_level_good(enum eval_level l);

/* What the rules of one evaluation need. */
struct eval_fact {
	enum eval_subject subject;
	enum eval_period_kind kind;
	char period_from[DATE_LEN];
	char period_to[DATE_LEN]; /* the rulebook in force on this date */
	const char *org_path;     /* the subject's organisation, for
				   * committee overrides; may be NULL */
	bool has_score;           /* false: no self-assessment yet */
	int score_x10;            /* 0..1000: tenths of a point */
	int tasks_total, tasks_on_time, tasks_exceeded;
	int sick_leave_months; /* in the period; 0 none */
	/* From chibo's records (never sent by the caller). */
	char since[DATE_LEN]; /* a member's admission (decision) date, an
			       * organisation's creation date; "" unknown */
	bool suspended;       /* a member suspended from activities */
	bool exempted;        /* a member exempted from work and
			       * activities during the period */
	int disciplined;      /* discipline decisions against the subject
			       * taking effect in the period */
	/* An organisation only. */
	int collective_disciplined; /* the leadership collective or one of
				     * its members disciplined in the period */
	int subunits_total, subunits_disciplined;
	/* A year: the quarter evaluations of the same subject that year. */
	int quarters_evaluated, quarters_kht;
};

/* One step down (or a "not classified"), in the order judged. */
struct eval_reason {
	const char *code;      /* "score_band", "tasks_not_on_time",
			   * "tasks_exceeded_short", "disciplined_in_period",
			   * "collective_disciplined", "quarter_kht",
			   * "not_classified_new_member",
			   * "not_classified_exempt", "sick_leave_cap"; also
			   * the message key (util/msg.c) */
	enum eval_level level; /* the highest level this reason allows */
	const char *rule_id;   /* borrowed from the rulebook */
	const char *citation;  /* borrowed; may be NULL */
	/* The message's arguments: msg_arg its "%s", msg_given its "%s"
	 * (e.g. score_band: the band's threshold "70" and the score "69.9";
	 * tasks_exceeded_short: "30" and "29"; sick_leave_cap: "3" and the
	 * months). */
	char msg_arg[32];
	char msg_given[32];
};

#define EVAL_REASONS_MAX 12

struct eval_verdict {
	enum eval_level level; /* the highest level allowed (computed) */
	struct eval_reason reasons[EVAL_REASONS_MAX];
	size_t n;
};

/*
 * Judges f against the rulebook in force on f->period_to for f->org_path
 * and writes the highest level the score and conditions allow into ret,
 * with every reason that lowered it (or made it not classified).
 * Not classified (reasons not_classified_new_member: admitted or created
 * less than the rule's months before the period ends;
 * not_classified_exempt: suspended or exempted) wins over everything and
 * the rest is not judged.  Otherwise: the band of the score (score_band,
 * once, naming the band missed); tasks: htt and above need the on-time
 * percentage (tasks_not_on_time), htxs also the exceeded percentage
 * (tasks_exceeded_short), both counted over tasks_total (none assigned:
 * the conditions hold); sick_leave_cap; disciplined_in_period (the
 * rule's effect); collective_disciplined (an organisation); quarter_kht
 * (a year with a quarter rated kht).  Without a score the level is kht
 * with reason score_band ("no score").  Bad input (counts negative,
 * on-time or exceeded above the total, a score outside 0..1000, a date
 * that does not parse) is a field error in err ("tasks_on_time", ...);
 * a rule without a version on the date: "rule_not_in_force".
 * Returns 0 or -CB_EINVAL.
 *
 * Precisely (core/evaluation.c, docs/rules.md "Evaluation"): a
 * condition's reason is listed only when it steps down from the level
 * the score's band allows (a score of 75 with 29 % exceeded has only
 * score_band); tasks_not_on_time appears once, for the strictest on-time
 * condition missed (msg_arg the on-time percentage it needs: "100" for
 * htt and htxs, "80" when a collective's tasks behind schedule exceed
 * done_late_max_percent 20, which forces kht); collective_disciplined
 * has msg_given "" for the leadership and the percentage of subordinate
 * organisations disciplined otherwise (msg_arg the percentage it may not
 * exceed).  msg_given "" means no value: render the plain message (pass
 * NULL as given to msg_render_given).  New member: classified when since
 * plus the rule's months (date_add_months) is on or before period_to.
 * Counts out of range are "count_out_of_range" with "0..max"; rules
 * whose values contradict each other (bands not falling strictly):
 * "evaluation_rules_invalid" on "period_to" with the rule's id.
 */
int eval_judge(const struct rulebook *rb, const struct eval_fact *f,
    struct eval_verdict *ret, struct cb_error *err);

/*
 * The cap on excellent over one scope (a cell or a grassroots
 * organisation, as the rule says): given the count of each level in the
 * scope (decided levels, or proposed where none is decided, as the
 * caller chooses), the number of htxs allowed: floor(percent x
 * denominator / 100), the denominator being htt or htt and above per the
 * rule.  Also says which scope the rule wants (so svc knows how to
 * group) and the rule's citation.
 */
enum eval_cap_scope {
	ECAP_GRASSROOTS = 0, /* "grassroots": the tổ chức cơ sở đảng */
	ECAP_CELL,           /* "cell" */
	ECAP__MAX
};
extern const char *const eval_cap_scope_names[ECAP__MAX];

struct eval_cap {
	enum eval_cap_scope scope;
	int percent;
	bool denominator_htt_and_above;
	int64_t allowed;   /* htxs allowed in the scope */
	int64_t excellent; /* htxs counted */
	bool exceeded;     /* excellent > allowed */
	const char *rule_id;
	const char *citation;
};
/* counts[EVAL_LEVEL__MAX]: the levels in the scope.  The rule in force
 * on date for org_path (the scope's organisation).  Returns 0 or
 * -CB_EINVAL (rule_not_in_force, negative counts). */
int eval_cap_judge(const struct rulebook *rb, const char *date,
    const char *org_path, const int64_t counts[EVAL_LEVEL__MAX],
    struct eval_cap *ret, struct cb_error *err);

/*
 * The score sheet in force: its groups (codes, names, names_en and
 * max_points, which sum to 100).  eval_sheet_check validates criteria
 * given as (code, points x10) pairs against it: every code known, once,
 * points within 0..max; the sum is the score (in tenths).  Field errors
 * on "criteria[i].code" / "criteria[i].points".
 * A group not given counts 0 (the caller decides whether all are
 * needed).  eval_sheet_get refuses ("evaluation_rules_invalid", field
 * "date") a sheet whose four lists do not pair up or whose maxima do not
 * sum to 100 (a committee's override can break both); codes are
 * a_politics_ethics 18, a_innovation 4, a_self_criticism 8, b_tasks 70 by
 * default.
 */
struct eval_sheet_group {
	const char *code;    /* borrowed from the rulebook */
	const char *name;    /* Vietnamese */
	const char *name_en; /* English */
	int max_points;
};
#define EVAL_SHEET_MAX 20
struct eval_sheet {
	struct eval_sheet_group groups[EVAL_SHEET_MAX];
	size_t n;
	const char *rule_id;
	const char *citation;
};
int eval_sheet_get(const struct rulebook *rb, const char *date,
    const char *org_path, struct eval_sheet *ret, struct cb_error *err);
struct eval_criterion {
	const char *code;
	int points_x10;
};
int eval_sheet_check(const struct eval_sheet *sheet,
    const struct eval_criterion *c, size_t n, int *score_x10,
    struct cb_error *err);

#endif /* CHIBO_CORE_EVALUATION_H */
