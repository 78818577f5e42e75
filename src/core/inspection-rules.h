/*
 * inspection-rules.h - the rulebook's judgement of a committee's
 * inspection and supervision against its targets (issue 14): the direct
 * subordinate organisations inspected or supervised in the current term,
 * those that inspected and supervised their own members in the year, and
 * the recommendations past their deadline.
 *
 * Pure: svc reads the committee's term, its direct subordinate
 * organisations, their inspections and the recommendations of those from
 * the store and passes them in the fact structs below.  Dates are ISO
 * "YYYY-MM-DD" (Asia/Ho_Chi_Minh).  Each finding names its rule and
 * citation, borrowed from the rulebook.  The decisions (docs/rules.md
 * "Inspection coverage"):
 *
 * - The date judged ("on") is today, or 31 December of the year asked
 *   when that year has ended (a past year is judged as it stood at its
 *   end).  The term is the committee's term in force on that date; with
 *   none, nothing is judged against the term (no percentage, no
 *   not_covered_in_term).
 * - An inspection counts for the term's coverage when it is of the
 *   organisation itself (not one of its members), not cancelled, not a
 *   self-inspection, and decided or started (its decision date or its
 *   first day) within [term start, on]; the date shown is the decision's
 *   when it is in the term, else the first day.
 * - A self-inspection (form self) counts for the year of its first day
 *   (its decision date when no first day), when not cancelled and started
 *   by the date judged.
 * - Organisations closed on or before the date judged are not counted
 *   (neither covered nor not); organisations created during the term are
 *   counted from their creation (they too must be covered by the term's
 *   end); created after the date judged, not at all.  For the year's
 *   self-inspection, an organisation created during the year counts when
 *   it exists at least the rule's new_org_min_months whole months of the
 *   year.
 * - Months left in the term: the calendar months from the month judged to
 *   the term's last month, both counted (1 in the term's last month).
 * - A recommendation is overdue when not done by the date judged and the
 *   date judged is after its deadline plus the rule's grace_days.
 */
#ifndef CHIBO_CORE_INSPECTION_RULES_H
#define CHIBO_CORE_INSPECTION_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rulebook.h"
#include "util/date.h"

/* Rule ids used here (rules/vn.json). */
#define RULE_INSPECTION_COVERAGE "inspection.coverage_term"
#define RULE_INSPECTION_SELF "inspection.self_yearly"
#define RULE_INSPECTION_RECOMMENDATION "inspection.recommendation_deadline"

/* The stable codes of the findings (also their message keys). */
#define IR_NOT_COVERED "not_covered_in_term"
#define IR_SELF_MISSING "self_inspection_missing"
#define IR_REC_OVERDUE "recommendation_overdue"

/* A direct subordinate organisation. */
struct insp_org_fact {
	int64_t id;
	const char *path;          /* for overrides; may be NULL */
	char valid_from[DATE_LEN]; /* created; "" unknown (always existed) */
	char valid_to[DATE_LEN];   /* closed; "" open */
};

/* An inspection or supervision whose subject is one of the organisations
 * (subject_org_id), or a member of it (member true: counts for nothing). */
struct insp_fact {
	int64_t id;
	int64_t subject_org_id;
	bool member;    /* of a member of the organisation */
	bool self;      /* form "self": the organisation's self-inspection */
	bool cancelled; /* status "cancelled" */
	char decided_on[DATE_LEN]; /* "" none */
	char from[DATE_LEN];       /* its first day; "" none */
};

/* A recommendation of an inspection of one of the organisations. */
struct insp_rec_fact {
	int64_t id, inspection_id, org_id;
	char due_on[DATE_LEN];  /* "" no deadline: never overdue */
	char done_on[DATE_LEN]; /* "" not done */
};

struct insp_input {
	int year; /* the year asked */
	char today[DATE_LEN];
	const char *committee_path; /* for overrides; may be NULL */
	bool has_term;
	char term_from[DATE_LEN], term_to[DATE_LEN];
	const struct insp_org_fact *orgs;
	size_t norgs;
	const struct insp_fact *insps;
	size_t ninsps;
	const struct insp_rec_fact *recs;
	size_t nrecs;
};

struct insp_finding {
	const char *code; /* IR_* */
	int64_t org_id;
	int64_t inspection_id, recommendation_id; /* 0: none */
	char period[32];      /* "2025-2030", "2026", "2026-05-31" */
	int64_t months_left;  /* not_covered_in_term; -1 otherwise */
	const char *rule_id;  /* borrowed from the rulebook */
	const char *citation; /* borrowed; may be NULL */
	bool confirmed;
};

/* One organisation's line on the coverage map. */
struct insp_row {
	int64_t org_id;
	bool in_term;           /* counted for the term's coverage */
	bool covered;           /* in_term and inspected or supervised in it */
	char last_on[DATE_LEN]; /* latest counting inspection; "" none */
	bool in_year;           /* expected to self-inspect in the year */
	bool self_inspected;    /* in_year and self-inspected in it */
	int64_t months_left;    /* months left in the term; -1 no term */
	int64_t overdue;        /* its recommendations overdue */
};

struct insp_target {
	int64_t counted, met;   /* organisations counted, those meeting it */
	int64_t pct10;          /* met * 1000 / counted, rounded; -1 none */
	int64_t target_percent; /* from the rulebook; -1 not in force */
	const char *rule_id, *citation;
	bool confirmed;
};

struct insp_report {
	char on[DATE_LEN];   /* the date judged */
	int64_t months_left; /* -1 no term */
	struct insp_target term, self;
	struct insp_row *rows; /* in the order of in->orgs, closed left out */
	size_t nrows;
	struct insp_finding *items;
	size_t n, cap;
};
void insp_report_init(struct insp_report *r);
void insp_report_release(struct insp_report *r);

/* The date judged for year on today: today, or year's 31 December when
 * that is earlier. */
void insp_judged_on(int year, const char *today, char out[DATE_LEN]);

/* Calendar months from on's month to to's month, both counted; 0 when to
 * is before on's month, -1 when a date is bad. */
int64_t insp_months_left(const char *on, const char *to);

/*
 * Judges in: fills r with the rows, the targets and the findings (in the
 * order of the organisations, then not_covered_in_term,
 * self_inspection_missing, recommendation_overdue by deadline).  A rule
 * not in force on the date judged judges nothing (its target's
 * target_percent -1).  Returns 0, -CB_EINVAL (a bad year or today) or
 * -CB_ENOMEM.
 */
int insp_judge(const struct rulebook *rb, const struct insp_input *in,
    struct insp_report *r);

#endif
