/*
 * discipline.h - the rulebook's judgements of discipline cases (issue 14;
 * ../shared/domain/rules.md §6.2, §6.3).
 *
 * Pure: svc reads the case and what the rules need (the member's kind,
 * whether it holds a post, the deciding body's kind) and passes them in
 * a fact struct; core answers with the problems found, each naming the
 * field it belongs to, its rule id and citation (borrowed from the
 * rulebook), and with the case's computed status.  Every threshold,
 * period and list lives in rules/vn.json (rules "discipline.*"), never
 * here.  Dates are ISO "YYYY-MM-DD"; "" means not given.
 */
#ifndef CHIBO_CORE_DISCIPLINE_H
#define CHIBO_CORE_DISCIPLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/rulebook.h"
#include "util/err.h"

/* Rule ids (rules/vn.json). */
#define RULE_DISCIPLINE_FORMS "discipline.forms"           /* by subject */
#define RULE_DISCIPLINE_AUTHORITY "discipline.authority"   /* by body */
#define RULE_DISCIPLINE_VOTE "discipline.vote_threshold"   /* by form */
#define RULE_DISCIPLINE_LIMITATION "discipline.limitation" /* by form */
#define RULE_DISCIPLINE_DEFERRAL "discipline.deferral"
#define RULE_DISCIPLINE_COMPLAINT "discipline.complaint_window"
#define RULE_DISCIPLINE_LAPSE "discipline.lapse"
#define RULE_DISCIPLINE_STATE_NOTICE "discipline.state_notice"
#define RULE_DISCIPLINE_VIOLATIONS "discipline.violations" /* catalogue */

/* Who is disciplined. */
enum discipline_subject {
	DSUBJ_MEMBER = 0, /* "member" */
	DSUBJ_ORG,        /* "org" */
	DSUBJ__MAX
};

/* The forms (69-QĐ/TW Art. 7; Charter Art. 35), their JSON names. */
enum discipline_form {
	DFORM_KHIEN_TRACH = 0, /* "khien_trach": reprimand */
	DFORM_CANH_CAO,        /* "canh_cao": warning */
	DFORM_CACH_CHUC,       /* "cach_chuc": removal from post */
	DFORM_KHAI_TRU,        /* "khai_tru": expulsion */
	DFORM_GIAI_TAN,        /* "giai_tan": dissolution (organisation) */
	DFORM__MAX
};

/* The kind of body that decides: a cell (chi bộ), a Party committee or
 * its standing committee (cấp ủy, ban thường vụ), an inspection
 * commission (ủy ban kiểm tra).  svc derives it from the deciding
 * organisation's kind and the case's "deciding_body". */
enum discipline_body {
	DBODY_CELL = 0,   /* "cell" */
	DBODY_COMMITTEE,  /* "committee" */
	DBODY_INSPECTION, /* "inspection_commission" */
	DBODY__MAX
};

/* Why a case must wait (296-QĐ/TW Art. 8.7); DDEFER_NONE: no reason. */
enum discipline_deferral {
	DDEFER_NONE = 0,
	DDEFER_PREGNANT,     /* "pregnant" */
	DDEFER_NURSING,      /* "nursing": a child under 12 months */
	DDEFER_HOSPITALISED, /* "hospitalised": seriously ill in hospital */
	DDEFER__MAX
};

/* The computed status of a case (JSON "status"). */
enum discipline_status {
	DSTATUS_IN_FORCE = 0, /* "in_force" */
	DSTATUS_LAPSED,       /* "lapsed": 12 months passed (not expulsion) */
	DSTATUS_ANNULLED,     /* "annulled": a complaint's outcome */
	DSTATUS_DEFERRED,     /* "deferred": postponed, no decision yet */
	DSTATUS__MAX
};

extern const char *const discipline_subject_names[DSUBJ__MAX];
extern const char *const discipline_form_names[DFORM__MAX];
extern const char *const discipline_body_names[DBODY__MAX];
extern const char *const discipline_deferral_names[DDEFER__MAX];
extern const char *const discipline_status_names[DSTATUS__MAX];

/* What the rules of a case need. */
struct discipline_fact {
	enum discipline_subject subject;
	bool probationary; /* the member is probationary (member only) */
	bool holds_post; /* the member holds a post (cách chức needs one) */
	enum discipline_form form;
	enum discipline_body body;
	bool upper_task; /* the violation concerns a task assigned by an
			  * upper level (a cell may then only propose) */
	const char *violation_code; /* a code of the catalogue */
	char violation_on[DATE_LEN];
	char violation_until[DATE_LEN]; /* a continuing violation's end */
	char discovered_on[DATE_LEN];
	char decided_on[DATE_LEN]; /* "" while the case awaits a decision */
	char effective_on[DATE_LEN];
	int64_t base; /* those with a vote in the deciding body */
	int64_t n_for, n_against, n_abstain;
	enum discipline_deferral deferral;
	char received_on[DATE_LEN];   /* the decision received ("" :
				      * effective_on) */
	char complained_on[DATE_LEN]; /* a complaint lodged, or "" */
	const char *org_path; /* the subject's path, for overrides; may be
			       * NULL */
	/* Added (wt-drules): the dates of the subject's later violations
	 * (ISO, any order; NULL/0 none).  One that came within the
	 * limitation period and before the decision starts the count again
	 * from its date (69-QĐ/TW Art. 4, 102-QĐ/TW Art. 3: "có vi phạm
	 * mới thì thời hiệu ... được tính lại"), in a chain. */
	const char *const *later_violations;
	size_t n_later_violations;
};

/* One problem: the code (also the message key), the JSON field it
 * belongs to, and its rule. */
struct discipline_problem {
	const char *code;  /* "form_not_allowed_for_subject",
			    * "authority_insufficient", "vote_threshold_not_met",
			    * "time_barred", "deferred_condition",
			    * "complaint_late", "violation_unknown" */
	const char *field; /* "form", "deciding_org_id", "vote", "decided_on",
			    * "deferral", "complained_on", "violation_code" */
	int64_t arg;       /* the threshold (votes), the years (limitation),
			    * the days (complaint); 0 when none */
	const char *rule_id;  /* borrowed from the rulebook */
	const char *citation; /* borrowed; may be NULL */
	/* The message's arguments (util/msg.c), as discipline_verdict_error
	 * passes them: msg_arg its "%s", msg_given its "%g" ("" none).
	 *   form_not_allowed_for_subject: the form; the subject as judged
	 *     ("member", "probationary", "org", "member_no_post");
	 *   authority_insufficient: the form, "upper_task" (a task assigned
	 *     by an upper level) or "org" (an organisation); the body;
	 *   vote_threshold_not_met: the threshold (votes); the vote rule;
	 *   time_barred: the years; the form;
	 *   deferred_condition: the reason; "";
	 *   complaint_late: the days of the window; the days taken;
	 *   violation_unknown: the code given (cut to fit); "". */
	char msg_arg[64];
	char msg_given[32];
};

#define DISCIPLINE_PROBLEMS_MAX 8

struct discipline_verdict {
	struct discipline_problem problems[DISCIPLINE_PROBLEMS_MAX];
	size_t n;
	/* The fewest votes for that pass, and the rule's name for it
	 * ("more_than_half" or "two_thirds"); 0/NULL when no vote judged. */
	int64_t threshold;
	const char *vote_rule;
};

/*
 * Judges case f against the rulebook in force on its decision date (its
 * violation date while undecided) and appends every problem found to
 * ret (several at once when several apply): the form allowed for the
 * subject (a probationary member: khien_trach or canh_cao only; an
 * organisation: khien_trach, canh_cao, giai_tan; cách chức only for a
 * member holding a post), the body's authority (a cell: khien_trach or
 * canh_cao of its members only, and not for a task assigned by an upper
 * level), the vote (more than half of the base, or two thirds for
 * expulsion: rule by form), the limitation (years by form, counted from
 * the violation's end or date to the decision; none for expulsion-level
 * forms and for catalogue entries marked without limitation), a deferral
 * reason with a decision given (deferred_condition: the case is recorded
 * without a decision and waits), a complaint lodged after the window
 * (days from receipt), an unknown violation code.  A case without a
 * decision is judged on the violation code and deferral only.  Bad
 * input that is not a rule (a date that does not parse, negative
 * counts, votes over the base) is a field error in err.  Returns 0 (ret
 * may hold problems) or -CB_EINVAL (err set).
 *
 * In detail (wt-drules): the problems come in this order: violation,
 * form, authority (two when both the form and an upper-level task are
 * beyond the body), vote, limitation, deferral, complaint.  The
 * limitation's last day is the anniversary itself (a violation of
 * 2020-03-10 warranting a reprimand may be decided on 2025-03-10,
 * barred from 2025-03-11).  The complaint counts days from received_on,
 * else effective_on, else decided_on (30 in time, 31 late).  Field
 * errors of bad input: "invalid_date" on the date's field; "date_before"
 * (argument: the earlier field) on violation_until, discovered_on,
 * decided_on (before violation_on), effective_on and received_on
 * (before decided_on), complained_on (before its receipt); "vote_count_negative" on
 * "vote.for", "vote.against", "vote.abstain", "base";
 * "vote_count_over_base" on "vote.for" (argument: the base); "required"
 * on "base" for a decided case with base 0, on "violation_on" when no
 * date at all is given; "invalid_value" on "subject", "form",
 * "deciding_body", "deferral" out of range; "rule_not_in_force" when a
 * discipline rule has no version on the date judged.  Nothing is judged
 * then (ret->n is 0).
 */
int
discipline_judge(const struct rulebook *rb, const struct discipline_fact *f,
    struct discipline_verdict *ret, struct cb_error *err);

/* What a case's status needs. */
struct discipline_state_fact {
	enum discipline_form form;
	char decided_on[DATE_LEN];           /* "" : undecided */
	char effective_on[DATE_LEN];         /* "" : decided_on */
	char complaint_decided_on[DATE_LEN]; /* a complaint's outcome, "" */
	bool annulled;                       /* the complaint annulled it */
	char complained_on[DATE_LEN];     /* a complaint lodged, "" none: while
				       * it awaits its outcome the decision
				       * does not lapse */
	char next_violation_on[DATE_LEN]; /* a later violation of the same
					   * subject, "" none */
	const char *org_path;
};

/*
 * The case's status on date on, and the day it lapses (lapses_on, "" when
 * it never does: expulsion, dissolution, or a new violation within the
 * period): annulled; deferred while undecided; lapsed from the day the
 * rule's months have passed since the decision took effect (or since the
 * complaint's outcome) with no new violation in between; else in force.
 * Returns 0 or -CB_EINVAL (a date that does not parse).
 *
 * In detail (wt-drules): the months run from complaint_decided_on, else
 * effective_on, else decided_on (effective 2025-03-10: in force on
 * 2026-03-09, lapsed from 2026-03-10).  A next_violation_on counts when
 * on or after decided_on and before the lapse; while complained_on is
 * set and complaint_decided_on is not, the case is in force with no
 * lapses_on.  The rule is the one in force on decided_on.
 */
int discipline_status_on(const struct rulebook *rb,
    const struct discipline_state_fact *f, const char *on,
    enum discipline_status *ret_status, char lapses_on[DATE_LEN],
    struct cb_error *err);

/*
 * A state body's notice of a member's discipline (296-QĐ/TW Art. 8.5):
 * late when notified_on is more than the rule's days after decided_on.
 * *ret_days gets the days taken.  Returns 0 or -CB_EINVAL.
 */
int discipline_notice_late(const struct rulebook *rb, const char *decided_on,
    const char *notified_on, const char *org_path, bool *ret_late,
    int64_t *ret_days, struct cb_error *err);

/* ---- Additions (wt-drules) ---- */

/* The enumeration value named name, or -1 (NULL or unknown). */
int discipline_subject_parse(const char *name);
int discipline_form_parse(const char *name);
int discipline_body_parse(const char *name);
int discipline_deferral_parse(const char *name); /* "none": DDEFER_NONE */
int discipline_status_parse(const char *name);

/*
 * Appends every problem of v to err as a field error (field, code, the
 * message's arguments, rule and citation), in order.  Returns 0 when v
 * has none, else -CB_EINVAL (or -CB_ENOMEM).
 */
int discipline_verdict_error(const struct discipline_verdict *v,
    struct cb_error *err);

/* One entry of the catalogue (rule "discipline.violations"), borrowed
 * from the rulebook. */
struct discipline_violation {
	const char *code;    /* "qd37_01" */
	const char *name_vi; /* the label */
	const char *name_en;
	bool no_limitation; /* never barred by the limitation period */
	const char *rule_id;
	const char *citation;
};

/*
 * The catalogue in force on date on (the nation's: overrides do not
 * apply): its size (0 when no version is in force), entry i, the entry
 * of a code.  Returns 0, or -CB_ENOTFOUND (no such entry).
 */
size_t discipline_violation_count(const struct rulebook *rb, const char *on);
int discipline_violation_at(const struct rulebook *rb, const char *on,
    size_t i, struct discipline_violation *ret);
int discipline_violation_find(const struct rulebook *rb, const char *on,
    const char *code, struct discipline_violation *ret);

/*
 * The rulebook check of the discipline rules' values that the schema
 * cannot say (called by rulebook_check): the catalogue's codes, names
 * and names_en pair one for one, codes of a-z 0-9 _, every no_limitation
 * entry a code of the catalogue; the forms' post_required among the
 * member's forms.  Field errors name the rule; returns 0 or -CB_EINVAL.
 */
int discipline_rule_check(const struct rule *r, const struct rule_version *v,
    struct cb_error *err);

#endif
