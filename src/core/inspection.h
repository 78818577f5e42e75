/*
 * inspection.h - inspections and supervisions (kiểm tra, giám sát), their
 * recommendations and attachments (issue 14, migration 0026;
 * ../shared/domain/rules.md §6.1): the records and their validation.
 * Pure: the store reads and writes them, svc checks them here.
 *
 * One record for both kinds.  org_id is the conducting body's
 * organisation (body: its committee, its inspection commission, or a
 * cell), the subject an organisation or a member inside that subtree
 * (exactly one).  A self-inspection is an organisation's own yearly
 * inspection and supervision of itself and its members: subject_org_id
 * = org_id and form "self".  The dates from and to are the columns
 * from_on and to_on ("from" is a word of SQL).
 */
#ifndef CHIBO_CORE_INSPECTION_H
#define CHIBO_CORE_INSPECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "util/date.h"
#include "util/err.h"

/* How many content codes a record may name (content_codes). */
#define INSP_CONTENT_CODES_MAX 32

enum insp_body {
	INSP_BODY_NONE = 0,
	INSP_BODY_COMMITTEE,  /* "committee": the Party committee */
	INSP_BODY_COMMISSION, /* "inspection_commission": its UBKT */
	INSP_BODY_CELL,       /* "cell": a cell (chi bộ) */
	INSP_BODY__MAX
};
extern const char *const insp_body_names[INSP_BODY__MAX];

enum insp_kind {
	INSP_KIND_NONE = 0,
	INSP_KIND_INSPECTION,  /* "inspection": kiểm tra */
	INSP_KIND_SUPERVISION, /* "supervision": giám sát */
	INSP_KIND__MAX
};
extern const char *const insp_kind_names[INSP_KIND__MAX];

enum insp_form {
	INSP_FORM_NONE = 0,
	INSP_FORM_REGULAR,  /* "regular": thường xuyên / định kỳ */
	INSP_FORM_THEMATIC, /* "thematic": chuyên đề */
	INSP_FORM_SIGNS,    /* "on_signs_of_violation": khi có dấu hiệu
			     * vi phạm (inspection only) */
	INSP_FORM_SELF,     /* "self": tự kiểm tra, tự giám sát */
	INSP_FORM__MAX
};
extern const char *const insp_form_names[INSP_FORM__MAX];

enum insp_status {
	INSP_STATUS_NONE = 0,
	INSP_PLANNED,     /* "planned" */
	INSP_IN_PROGRESS, /* "in_progress" */
	INSP_CONCLUDED,   /* "concluded" */
	INSP_CANCELLED,   /* "cancelled" */
	INSP_STATUS__MAX
};
extern const char *const insp_status_names[INSP_STATUS__MAX];

struct inspection {
	int64_t id;
	int64_t org_id; /* the conducting body's organisation */
	enum insp_body body;
	enum insp_kind kind;
	enum insp_form form;
	int64_t subject_org_id;    /* the subject: an organisation, */
	int64_t subject_member_id; /* or a member (0: the other one) */
	int64_t programme_id;      /* an inspection_programme item, or 0 */
	char *content_codes;       /* JSON array text '["member_duties"]' */
	char decided_on[DATE_LEN]; /* the decision's date, "" none */
	char *doc_no;              /* the decision's number */
	char from[DATE_LEN];       /* column from_on */
	char to[DATE_LEN];         /* column to_on */
	char *team;
	char *findings;
	char *conclusion;
	enum insp_status status;
	char *recorded_by; /* set by svc */
	int64_t version;
	char *created_at, *updated_at;
	/* store-made, read only */
	char *subject_name; /* the organisation's or member's name */
	int64_t recommendations_count;   /* how many */
	int64_t recommendations_overdue; /* open and past due_on */
};
void inspection_release(struct inspection *i);

struct inspection_list {
	struct inspection *items;
	size_t n;
};
void inspection_list_release(struct inspection_list *l);

/* A recommendation (kiến nghị) of an inspection, followed until done. */
struct inspection_recommendation {
	int64_t id;
	int64_t inspection_id; /* from the path */
	char *text;
	char *owner;          /* who must act, in text */
	int64_t owner_org_id; /* the organisation when it is one, or 0 */
	char due_on[DATE_LEN];
	char done_on[DATE_LEN]; /* "" while open */
	char *result;
	char *recorded_by;
	bool overdue; /* computed: open and due_on before today */
	int64_t version;
	char *created_at, *updated_at;
};
void inspection_recommendation_release(struct inspection_recommendation *r);

struct inspection_recommendation_list {
	struct inspection_recommendation *items;
	size_t n;
};
void inspection_recommendation_list_release(
    struct inspection_recommendation_list *l);

/* An attachment's description (its bytes apart). */
struct inspection_attachment {
	int64_t id;
	int64_t inspection_id;
	char *name;
	char *content_type;
	int64_t size;
	char sha256[65];
	char *recorded_by;
	char *created_at;
};
void inspection_attachment_release(struct inspection_attachment *a);

struct inspection_attachment_list {
	struct inspection_attachment *items;
	size_t n;
};
void inspection_attachment_list_release(struct inspection_attachment_list *l);

/*
 * Checks a record as a write would store it, every problem at once (field
 * errors, 0 or -CB_EINVAL):
 *   - exactly one subject ("subject_org_id" subject_required or
 *     subject_conflict);
 *   - form "self" exactly when the subject is the body's own
 *     organisation ("form" self_subject_mismatch);
 *   - to not before from ("to" date_order), from not before the
 *     decision ("from" date_order);
 *   - a concluded record has its conclusion ("conclusion" required).
 * Whether the subject is inside the body's subtree is the store's check.
 */
int inspection_validate(const struct inspection *i, struct cb_error *err);

/*
 * The rulebook's checks of a record (core/inspection.c), every problem
 * at once: its form one its kind allows by rule inspection.forms ("form"
 * form_not_allowed, naming the rule; "self" is every kind's), each of
 * its content codes (codes[0..n)) in the catalogue inspection.contents
 * ("content_codes" unknown_content).  The rules in force on day on (the
 * decision's date, or the start, or today), or for a day before them
 * their first version; org_path (may be NULL) for committee overrides.
 * 0 or -CB_EINVAL.
 */
struct rulebook;
int inspection_rules_check(const struct inspection *i,
    const char *const *codes, size_t n, const struct rulebook *rb,
    const char *on, const char *org_path, struct cb_error *err);

/* Whether a body of that kind conducts inspections in an organisation of
 * kind k (structural, from the Charter's system of organisations and 296-
 * QĐ/TW Art. 3 and 7, not a rulebook value): a cell's are a cell's (a
 * cell, a grassroots cell); an inspection commission exists from the
 * grassroots committee up; a committee is an organisation's that has
 * one (not a cell or a group).  ORG_KIND_NONE (not known): true. */
bool insp_body_fits(enum insp_body body, enum org_kind k);

/* Whether a recommendation is overdue on today ("YYYY-MM-DD"): not done
 * and due_on before today. */
bool
inspection_recommendation_overdue(const struct inspection_recommendation *r,
    const char *today);

/* Checks a recommendation beyond its field table: a result needs
 * done_on ("done_on" required) and done_on is not after today ("done_on"
 * date_in_future).  0 or -CB_EINVAL. */
int
inspection_recommendation_validate(const struct inspection_recommendation *r,
    const char *today, struct cb_error *err);

#endif
