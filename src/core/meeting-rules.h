/*
 * meeting-rules.h - the rulebook's judgements of cell meetings (issue 13):
 * the verdict of a vote, the findings of an organisation's meetings of a
 * year and of its members' absences, and the meeting's self-score.
 *
 * Pure: the caller reads the meetings and counts from the store and
 * passes them in its own small fact structs (not the entity).  Times are
 * ISO date-times ("2026-03-31T23:30:00+07:00"; no offset: Asia/Ho_Chi_Minh);
 * months and quarters are taken in Asia/Ho_Chi_Minh (UTC+7).  Each
 * verdict names its rule and citation, borrowed from the rulebook.
 */
#ifndef CHIBO_CORE_MEETING_RULES_H
#define CHIBO_CORE_MEETING_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/rulebook.h"
#include "util/err.h"

/* Rule ids used here (rules/vn.json). */
#define RULE_MEETING_VOTE "meeting.vote_threshold"
#define RULE_MEETING_REGULAR "meeting.regular"
#define RULE_MEETING_THEMATIC "meeting.thematic"
#define RULE_MEETING_DURATION "meeting.duration"
#define RULE_MEETING_MATERIALS "meeting.materials"
#define RULE_MEETING_RESOLUTION "meeting.resolution_deadline"
#define RULE_MEETING_ATTENDANCE "meeting.attendance"
#define RULE_MEETING_ABSENCE "meeting.absence_removal"
#define RULE_MEETING_QUALITY "meeting.quality_sheet"

#define MR_TIME_LEN 32 /* "YYYY-MM-DDTHH:MM:SS+07:00" + NUL, with room */

/*
 * Minutes since 1970-01-01T00:00Z of an ISO date-time: "YYYY-MM-DDTHH:MM",
 * optional ":SS" (and fraction, ignored), then "Z", "+HH:MM", "-HH:MM" or
 * nothing (Asia/Ho_Chi_Minh).  A space may stand for the 'T'.  Returns 0
 * or -CB_EINVAL.
 */
int mr_time_parse(const char *s, int64_t *ret_minutes);

/* The date in Asia/Ho_Chi_Minh ("YYYY-MM-DD") of minutes since the epoch. */
void mr_local_date(int64_t minutes, char out[DATE_LEN]);

/* ---- Votes ---- */

/* enum vote_kind and vote_kind_names: core/model.h (the vote's model).
 * The kind named name, or -1. */
int vote_kind_parse(const char *name);

struct vote_fact {
	enum vote_kind kind;
	int64_t base; /* official members on the roll on that date */
	int64_t n_for, n_against, n_abstain;
	char on[DATE_LEN];    /* the vote's date, ISO */
	const char *org_path; /* the cell's path (overrides); may be NULL */
};

struct vote_verdict {
	const char *rule;  /* "more_than_half" or "two_thirds" */
	int64_t threshold; /* the fewest votes for that pass */
	bool passed;
	const char *rule_id;  /* borrowed from the rulebook */
	const char *citation; /* borrowed; may be NULL */
};

/*
 * The verdict of vote v: the threshold of its kind in the rulebook in
 * force on v->on, and whether the votes for reach it (more than half:
 * for * 2 > base; two thirds: for * 3 >= base * 2).  Bad counts are field
 * errors in err: "for"/"against"/"abstain" vote_count_negative, "base"
 * vote_base_empty (no official member), "for" vote_count_over_base (the
 * three together above the base, the base as argument), "on"
 * invalid_date, "kind" invalid_value, "kind" rule_not_in_force.
 * Returns 0 or -CB_EINVAL.
 */
int vote_judge(const struct rulebook *rb, const struct vote_fact *v,
    struct vote_verdict *ret, struct cb_error *err);

/* ---- Findings ---- */

enum meeting_fact_kind {
	MF_REGULAR = 0,
	MF_THEMATIC,
	MF_COMBINED,
	MF_EXTRAORDINARY,
	MF_COMMITTEE,
	MF_KIND__MAX
};

struct meeting_fact {
	int64_t id, org_id;
	enum meeting_fact_kind kind;
	bool held; /* planned and cancelled meetings count for nothing */
	char starts_at[MR_TIME_LEN], ends_at[MR_TIME_LEN];
	char materials_latest_at[MR_TIME_LEN]; /* latest material; "" none */
	char resolution_approved_at[MR_TIME_LEN]; /* "" not yet */
	int64_t
	    expected;    /* members expected (exempted, transferred out not) */
	int64_t present; /* present or late */
};

struct meeting_finding {
	const char *code; /* "regular_missing", ... (the message key too) */
	int64_t org_id;
	int64_t member_id;    /* 0: none */
	int64_t meeting_id;   /* 0: none */
	char period[32];      /* "2025-03", "2025-Q2", "2025" */
	const char *rule_id;  /* borrowed from the rulebook */
	const char *citation; /* borrowed; may be NULL */
};

struct meeting_findings {
	struct meeting_finding *items;
	size_t n, cap;
};
void meeting_findings_init(struct meeting_findings *f);
void meeting_findings_release(struct meeting_findings *f);

/*
 * Appends to out the findings of organisation org_id (path org_path, for
 * overrides; may be NULL) in year: months (bit m-1 for month m) are the
 * months to judge -- those the organisation existed as a cell and that
 * have ended; a quarter is judged when its three months are.  meetings
 * (n) are the organisation's meetings; those outside the year or not held
 * are skipped, and a meeting that cannot be read (a bad time, an end not
 * after its start) judges nothing.  Each rule is taken in its version in
 * force on the date judged (a month: its first day; a meeting: its local
 * date); no version in force: nothing found.  Returns 0 or -CB_ENOMEM.
 */
int meeting_findings_year(const struct rulebook *rb, int64_t org_id,
    const char *org_path, int year, unsigned months,
    const struct meeting_fact *meetings, size_t n,
    struct meeting_findings *out);

struct member_attendance_fact {
	int64_t member_id, org_id, meeting_id;
	char starts_at[MR_TIME_LEN];   /* the (held) meeting's start */
	enum attendance_status status; /* core/model.h */
};

/*
 * Appends member_absent_3_months (period "YYYY") for each member absent
 * without reason from meetings in the rule's number of months of year
 * (counted in distinct local months; cumulative or consecutive by the
 * rule's setting, in force on 1 January of year).  rows (n) may hold
 * several members in any order; org_path selects overrides.  Returns 0 or
 * -CB_ENOMEM.
 */
int meeting_absence_findings(const struct rulebook *rb, const char *org_path,
    int year, const struct member_attendance_fact *rows, size_t n,
    struct meeting_findings *out);

/* ---- Meeting quality ---- */

struct quality_score {
	const char *criterion; /* "time", "conduct", ... */
	int64_t points;
};

enum quality_band { QB_GOOD = 0, QB_FAIR, QB_AVERAGE, QB_POOR, QB__MAX };
extern const char *const quality_band_names[QB__MAX]; /* "good", ... */

struct quality_verdict {
	int64_t total, max_total;
	enum quality_band band;
	const char *rule_id;  /* borrowed */
	const char *citation; /* borrowed; may be NULL */
};

/*
 * Checks the sheet (scores, n) of a meeting held on date on (ISO) in the
 * organisation at org_path against the rulebook's criteria: every
 * criterion scored once, within 0..its maximum.  Field errors (the field
 * is the criterion): score_out_of_range (argument "0..max"),
 * score_missing, score_unknown_criterion, score_twice; "on" invalid_date,
 * rule_not_in_force, or quality_sheet_invalid when the sheet in force
 * (after overrides) pairs criteria and maxima badly or its bands do not
 * fall (good_min > fair_min > average_min).  Returns 0 and fills ret, or -CB_EINVAL.
 */
int meeting_quality_judge(const struct rulebook *rb, const char *on,
    const char *org_path, const struct quality_score *scores, size_t n,
    struct quality_verdict *ret, struct cb_error *err);

#endif
