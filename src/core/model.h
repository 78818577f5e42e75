/*
 * model.h - the domain objects: organisations, members, their events.
 * Plain data; no I/O.  Strings are malloc'd UTF-8 (NFC), NULL when absent;
 * dates are ISO "YYYY-MM-DD", "" when absent.
 */
#ifndef CHIBO_CORE_MODEL_H
#define CHIBO_CORE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/date.h"

/* ---------------------------------------------------------------- orgs */

/* Ordered from the top of the tree down: a child's kind is deeper. */
enum org_kind {
	ORG_KIND_NONE = 0,
	ORG_CENTRAL, /* "central": Trung ương */
	ORG_PROVINCE, /* "province": Đảng bộ tỉnh/thành, or central-level đảng bộ */
	ORG_UPPER_GRASSROOTS, /* "upper_grassroots": commune or upper-grassroots committee */
	ORG_GRASSROOTS, /* "grassroots": đảng bộ cơ sở */
	ORG_GRASSROOTS_CELL, /* "grassroots_cell": chi bộ cơ sở (no sub-units) */
	ORG_SUB_COMMITTEE, /* "sub_committee": đảng bộ bộ phận */
	ORG_CELL,          /* "cell": chi bộ trực thuộc */
	ORG_GROUP,         /* "group": tổ đảng */
	ORG_KIND__MAX
};

const char *org_kind_name(enum org_kind k);             /* "cell", or NULL */
extern const char *const org_kind_names[ORG_KIND__MAX]; /* by value */
enum org_kind org_kind_parse(const char *s);    /* ORG_KIND_NONE if unknown */
const char *org_kind_label_vi(enum org_kind k); /* "Chi bộ" */
const char *org_kind_label_en(enum org_kind k); /* "Party cell" */
/* True if an organisation of kind child may sit directly under one of kind
 * parent (ORG_KIND_NONE: as a root, where only central, province,
 * upper_grassroots, grassroots and grassroots_cell may stand).  Structural, from the Charter's
 * system of organisations (not a rulebook value). */
bool org_kind_child_ok(enum org_kind parent, enum org_kind child);

struct org {
	int64_t id;
	enum org_kind kind;
	char *name;        /* "Chi bộ Vụ Tổng hợp" */
	char *code;        /* short code, unique, e.g. "CB-VTH" */
	int64_t parent_id; /* 0 for a root */
	char *path;        /* materialised path "/1/5/23/" (store-made) */
	int depth;         /* 0 for a root */
	char valid_from[DATE_LEN];
	char valid_to[DATE_LEN]; /* "" while active */
	int64_t version;         /* bumps on every change (ETag) */
};

void org_init(struct org *o);
void org_release(struct org *o);
int org_copy(struct org *dst, const struct org *src); /* deep copy */

struct org_list {
	struct org *items;
	size_t n;
};
void org_list_release(struct org_list *l);

/* Organisation history: created, renamed, moved, merged, split, closed. */
struct org_event {
	int64_t id;
	int64_t org_id;
	char *kind; /* "created", "renamed", "merged_into", ... */
	char on[DATE_LEN];
	char *doc_no;  /* decision number, e.g. "123-QĐ/ĐU" */
	char *details; /* JSON text: old/new values */
	char *recorded_by;
	char *recorded_at; /* ISO timestamp */
};
void org_event_release(struct org_event *e);

struct org_event_list {
	struct org_event *items;
	size_t n;
};
void org_event_list_release(struct org_event_list *l);

/* An organisation's leadership: a member's term in a position of its
 * committee (cấp ủy, chi ủy), from started_on to ended_on ("" open). */
enum officer_position {
	OFFICER_NONE = 0,
	OFFICER_SECRETARY,        /* "secretary": bí thư */
	OFFICER_DEPUTY_SECRETARY, /* "deputy_secretary": phó bí thư */
	OFFICER_COMMITTEE_MEMBER, /* "committee_member": cấp ủy viên */
	OFFICER__MAX
};
extern const char *const officer_position_names[OFFICER__MAX];

struct org_officer {
	int64_t id;
	int64_t org_id;
	int64_t member_id;
	enum officer_position position;
	char started_on[DATE_LEN];
	char ended_on[DATE_LEN];
	char *doc_no;
	char *recorded_by;
	char *recorded_at; /* ISO timestamp, store-made */
	char *member_name; /* the member's full name, store-made */
};
void org_officer_release(struct org_officer *o);

struct org_officer_list {
	struct org_officer *items;
	size_t n;
};
void org_officer_list_release(struct org_officer_list *l);

/* ------------------------------------------------------------- members */

enum gender { GENDER_NONE = 0, GENDER_MALE, GENDER_FEMALE, GENDER__MAX };
const char *gender_name(enum gender g); /* "male"/"female"/NULL */
extern const char *const gender_names[GENDER__MAX];
enum gender gender_parse(const char *s);

enum member_status {
	MSTATUS_NONE = 0,
	MSTATUS_PROBATIONARY,
	MSTATUS_OFFICIAL,
	MSTATUS__MAX
};
const char *member_status_name(enum member_status s);
extern const char *const member_status_names[MSTATUS__MAX];
enum member_status member_status_parse(const char *s);

/* Whether the member is on the rolls, and if not, why. */
enum member_state {
	MSTATE_ACTIVE = 0,
	MSTATE_TRANSFERRED_OUT,
	MSTATE_DIED,
	MSTATE_REMOVED,
	MSTATE_EXPELLED,
	MSTATE_LEFT,
	MSTATE__MAX
};
const char *member_state_name(enum member_state s);
extern const char *const member_state_names[MSTATE__MAX];
int member_state_parse(const char *s); /* -1 if unknown */

struct member {
	int64_t id;
	char *full_name;
	enum gender gender;
	char birth_date[DATE_LEN];
	char *birthplace;
	char *hometown;
	char *ethnicity; /* one of the 54 groups */
	char *religion;
	char *citizen_id; /* 12 digits, unique */
	char *card_no;    /* Party card number, unique */
	char *dossier_no; /* số lý lịch */
	char admission_decision_date[DATE_LEN];
	char admitted_on[DATE_LEN]; /* ceremony */
	char official_on[DATE_LEN];
	enum member_status status;
	char exempt_since[DATE_LEN];
	int64_t org_id;
	char *job_title;
	char *education;
	char *professional_level;
	char *theory_level;
	char *phone;
	char *email;
	enum member_state state;
	bool personal_hidden; /* store-made: the personal
			       * fields were withheld from
			       * the principal (NULL here) */
	uint64_t masked;      /* store-made: the fields withheld,
			       * bit i for member_entity's field i
			       * (core/privacy.h); 0: none */
	int64_t version;      /* bumps on every change (ETag) */
	char *created_at;     /* ISO timestamps, store-made */
	char *updated_at;
};

void member_init(struct member *m);
void member_release(struct member *m);
int member_copy(struct member *dst, const struct member *src);

struct member_list {
	struct member *items;
	size_t n;
};
void member_list_release(struct member_list *l);

/* Member history events (biến động đảng viên). */
enum member_event_kind {
	MEV_NONE = 0,
	MEV_ADMITTED,        /* "admitted" */
	MEV_MADE_OFFICIAL,   /* "made_official" */
	MEV_TRANSFERRED_IN,  /* "transferred_in" */
	MEV_TRANSFERRED_OUT, /* "transferred_out" */
	MEV_MOVED,           /* "moved": between organisations inside chibo */
	MEV_EXEMPTED,        /* "exempted" */
	MEV_EXEMPTION_ENDED, /* "exemption_ended" */
	MEV_DIED,            /* "died" */
	MEV_REMOVED,         /* "removed": xóa tên */
	MEV_EXPELLED,        /* "expelled": khai trừ */
	MEV_LEFT,            /* "left" */
	MEV_RECORD_CREATED,  /* "record_created" */
	MEV_RECORD_UPDATED,  /* "record_updated" */
	MEV_RECORD_DELETED,  /* "record_deleted" */
	MEV__MAX
};
const char *member_event_kind_name(enum member_event_kind k);
extern const char *const member_event_kind_names[MEV__MAX];
enum member_event_kind member_event_kind_parse(const char *s);
/* Whether a caller may record an event of kind k (the record_* kinds are
 * written by the service itself). */
bool member_event_kind_recordable(enum member_event_kind k);

struct member_event {
	int64_t id;
	int64_t member_id;
	enum member_event_kind kind;
	char on[DATE_LEN]; /* date it happened */
	char *doc_no;      /* document number */
	int64_t org_id;    /* organisation concerned (0: none) */
	char *details;     /* JSON text: changed fields etc. */
	char *recorded_by;
	char *recorded_at; /* ISO timestamp */
};
void member_event_release(struct member_event *e);

struct member_event_list {
	struct member_event *items;
	size_t n;
};
void member_event_list_release(struct member_event_list *l);

/* ------------------------------------------------------------ meetings */

/* A cell meeting (issue 13).  Its times are instants kept in UTC
 * ("YYYY-MM-DDTHH:MM:SSZ"; given with any offset, usually +07:00). */
enum meeting_kind {
	MEETING_KIND_NONE = 0,
	MEETING_REGULAR,       /* "regular": sinh hoạt thường kỳ */
	MEETING_THEMATIC,      /* "thematic": sinh hoạt chuyên đề */
	MEETING_COMBINED,      /* "combined": regular and thematic */
	MEETING_EXTRAORDINARY, /* "extraordinary": bất thường */
	MEETING_COMMITTEE,     /* "committee": họp chi ủy */
	MEETING_KIND__MAX
};
extern const char *const meeting_kind_names[MEETING_KIND__MAX];

enum meeting_status {
	MEETING_STATUS_NONE = 0,
	MEETING_PLANNED,   /* "planned" */
	MEETING_HELD,      /* "held" */
	MEETING_CANCELLED, /* "cancelled" */
	MEETING_STATUS__MAX
};
extern const char *const meeting_status_names[MEETING_STATUS__MAX];

struct meeting {
	int64_t id;
	int64_t org_id;
	enum meeting_kind kind;
	char *starts_at; /* UTC instant */
	char *ends_at;
	char *place;
	bool online;
	char *online_reason; /* the HD 03 condition, required if online */
	char *topic;         /* required for thematic and combined */
	int64_t chair_id;    /* members of org_id (0: none) */
	int64_t secretary_id;
	char *guests; /* free text */
	char *agenda; /* free text, one item a line */
	enum meeting_status status;
	char *recorded_by; /* set by svc */
	int64_t version;   /* bumps on every change (ETag) */
	char *created_at;  /* ISO timestamps, store-made */
	char *updated_at;
};
void meeting_release(struct meeting *m);

struct meeting_list {
	struct meeting *items;
	size_t n;
};
void meeting_list_release(struct meeting_list *l);

enum attendance_status {
	ATTENDANCE_NONE = 0,
	ATTENDANCE_PRESENT,          /* "present" */
	ATTENDANCE_LATE,             /* "late" */
	ATTENDANCE_ABSENT_EXCUSED,   /* "absent_excused": with a reason */
	ATTENDANCE_ABSENT_UNEXCUSED, /* "absent_unexcused" */
	ATTENDANCE__MAX
};
extern const char *const attendance_status_names[ATTENDANCE__MAX];

/* A member's place on a meeting's roll (meeting_attendance.roll,
 * migration 0019), snapshotted when the meeting is made (store.h,
 * store_meeting_insert).  Only official members on the roll vote. */
enum meeting_roll {
	ROLL_NONE = 0,
	ROLL_OFFICIAL,        /* "official" */
	ROLL_PROBATIONARY,    /* "probationary" */
	ROLL_EXEMPTED,        /* "exempted": exempt_since <= the date */
	ROLL_TRANSFERRED_OUT, /* "transferred_out": shown apart */
	ROLL_TRANSFERRED_IN,  /* "transferred_in": invited, added on request */
	ROLL__MAX
};
extern const char *const meeting_roll_names[ROLL__MAX];

/* The counts of a meeting's roll (store_meeting_roll_counts): by place
 * on the roll, and by attendance split official / probationary (the
 * roll-call of the minutes; exempted and transferred members who came
 * are in by[][] only).  by[roll][status] is every cell of the table,
 * by[r][ATTENDANCE_NONE] the members whose attendance is not recorded. */
struct meeting_roll_counts {
	int64_t total;
	int64_t official, probationary, exempted, transferred_out,
	    transferred_in;
	int64_t present_official, present_probationary;
	int64_t late_official, late_probationary;
	int64_t absent_excused_official, absent_excused_probationary;
	int64_t absent_unexcused_official, absent_unexcused_probationary;
	int64_t unrecorded_official, unrecorded_probationary;
	int64_t by[ROLL__MAX][ATTENDANCE__MAX];
};

/* One member's attendance at a meeting (meeting_id and member_id from
 * the path, recorded_by from the principal). */
struct meeting_attendance {
	int64_t meeting_id;
	int64_t member_id;
	enum attendance_status status; /* ATTENDANCE_NONE: not recorded */
	char *reason;                  /* required for absent_excused */
	char *joined_at;               /* online meetings only: UTC instants */
	char *left_at;
	char *recorded_by;
	enum meeting_roll roll; /* store-made: its place on the roll */
	char *recorded_at;      /* store-made */
	char *member_name;      /* not a field: the member's full name
				 * (store_meeting_attendance) */
};
void meeting_attendance_release(struct meeting_attendance *a);

/* ------------------------------------------------ votes and minutes */

/* A vote's kind (its threshold is the rulebook's, core/meeting-rules.h
 * vote_judge).  0 is a kind: a vote always has one. */
enum vote_kind {
	VOTE_RESOLUTION = 0,       /* "resolution" */
	VOTE_ADMISSION,            /* "admission" */
	VOTE_OFFICIAL_RECOGNITION, /* "official_recognition" */
	VOTE_EXPULSION_PROPOSAL,   /* "expulsion_proposal" */
	VOTE_DISCIPLINE,           /* "discipline" */
	VOTE_PERSONNEL,            /* "personnel" */
	VOTE_KIND__MAX
};
extern const char *const vote_kind_names[VOTE_KIND__MAX];

/* A vote taken at a meeting (meeting_vote, migration 0021).  The counts
 * are given; base, threshold, passed, rule_id and citation are the
 * verdict (vote_judge), set by svc.  JSON names the counts for, against
 * and abstain (core/entity.h MEETING_VOTE_FIELDS). */
struct meeting_vote {
	int64_t id;
	int64_t meeting_id; /* from the path */
	enum vote_kind kind;
	bool secret; /* counted by the counting group */
	int64_t n_for, n_against, n_abstain;
	char *subject;
	int64_t base; /* official members on the roll */
	int64_t threshold;
	bool passed;
	char *rule_id;
	char *citation;
	char *recorded_by;
	char *created_at; /* store-made */
};
void meeting_vote_release(struct meeting_vote *v);

struct meeting_vote_list {
	struct meeting_vote *items;
	size_t n;
};
void meeting_vote_list_release(struct meeting_vote_list *l);

/* The minutes' state: draft -> approved (chair and minutes secretary
 * signed off) -> locked (frozen; only corrections amend it). */
enum minutes_state {
	MINUTES_STATE_NONE = 0,
	MINUTES_DRAFT,    /* "draft" */
	MINUTES_APPROVED, /* "approved" */
	MINUTES_LOCKED,   /* "locked" */
	MINUTES_STATE__MAX
};
extern const char *const minutes_state_names[MINUTES_STATE__MAX];

/* The minutes (biên bản) of a meeting, one per meeting (meeting_minutes,
 * migration 0021).  The roll-call counts are not stored: they come from
 * the meeting's roll.  course is the JSON text of a list of
 * {"speaker_id"?, "speaker"?, "text"} (core/meeting.h
 * meeting_minutes_course_validate). */
struct meeting_minutes {
	int64_t meeting_id;
	char *course;
	char *opinions;
	char *conclusions;
	char *notes;
	enum minutes_state state;
	char *chair_signed_at; /* sign-offs: when, by which account, and */
	char *chair_signed_by; /* the reason when recorded on paper */
	char *chair_sign_reason;
	char *secretary_signed_at;
	char *secretary_signed_by;
	char *secretary_sign_reason;
	char *locked_at;
	char *locked_by;
	char *recorded_by;
	int64_t version; /* 0: none stored yet */
	char *updated_at;
};
void meeting_minutes_release(struct meeting_minutes *m);

/* A correction of locked minutes: who, when, what (the field and its
 * amended text) and why (meeting_minutes_correction, migration 0021). */
struct minutes_correction {
	int64_t id;
	int64_t meeting_id;
	char *field; /* "course", "opinions", "conclusions" or "notes" */
	char *text;
	char *reason;
	char *recorded_by;
	char *recorded_at;
};
void minutes_correction_release(struct minutes_correction *c);

struct minutes_correction_list {
	struct minutes_correction *items;
	size_t n;
};
void minutes_correction_list_release(struct minutes_correction_list *l);

/* ------------------------------------- terms and inspection programmes */

/* A term (nhiệm kỳ) of an organisation's committee (org_term, migration
 * 0025), e.g. "2025–2030": both dates required, ends after it starts;
 * terms of one organisation never overlap (svc/term.c). */
struct org_term {
	int64_t id;
	int64_t org_id;
	char *name;
	char starts_on[DATE_LEN];
	char ends_on[DATE_LEN];
	char *note;
	char *recorded_by; /* set by svc */
	int64_t version;
	char *created_at;
	char *updated_at;
};
void org_term_release(struct org_term *t);

struct org_term_list {
	struct org_term *items;
	size_t n;
};
void org_term_list_release(struct org_term_list *l);

/* The body that conducts an inspection or supervision (its programme's
 * and, issue 14, its records'): the organisation's committee, its
 * inspection commission, or a cell. */
enum inspection_body {
	INSPECTION_BODY_NONE = 0,
	INSPECTION_BODY_COMMITTEE,  /* "committee" */
	INSPECTION_BODY_COMMISSION, /* "inspection_commission" */
	INSPECTION_BODY_CELL,       /* "cell" */
	INSPECTION_BODY__MAX
};
extern const char *const inspection_body_names[INSPECTION_BODY__MAX];

/* Inspection (kiểm tra) or supervision (giám sát). */
enum inspection_kind {
	INSPECTION_KIND_NONE = 0,
	INSPECTION_KIND_INSPECTION,  /* "inspection" */
	INSPECTION_KIND_SUPERVISION, /* "supervision" */
	INSPECTION_KIND__MAX
};
extern const char *const inspection_kind_names[INSPECTION_KIND__MAX];

enum programme_status {
	PROGRAMME_STATUS_NONE = 0,
	PROGRAMME_DRAFT,    /* "draft" */
	PROGRAMME_APPROVED, /* "approved" */
	PROGRAMME_STATUS__MAX
};
extern const char *const programme_status_names[PROGRAMME_STATUS__MAX];

/* The form of a programme's item; which forms a kind allows is the
 * rulebook's (inspection.forms). */
enum programme_form {
	PROGRAMME_FORM_NONE = 0,
	PROGRAMME_FORM_REGULAR,               /* "regular" */
	PROGRAMME_FORM_THEMATIC,              /* "thematic" */
	PROGRAMME_FORM_ON_SIGNS_OF_VIOLATION, /* "on_signs_of_violation" */
	PROGRAMME_FORM__MAX
};
extern const char *const programme_form_names[PROGRAMME_FORM__MAX];

enum programme_item_status {
	PITEM_STATUS_NONE = 0,
	PITEM_PLANNED,     /* "planned" */
	PITEM_IN_PROGRESS, /* "in_progress" */
	PITEM_DONE,        /* "done" */
	PITEM_CANCELLED,   /* "cancelled" */
	PITEM_STATUS__MAX
};
extern const char *const programme_item_status_names[PITEM_STATUS__MAX];

/* A body's inspection and supervision programme for a year
 * (inspection_programme, migration 0025); org_id is the body's
 * organisation. */
struct inspection_programme {
	int64_t id;
	int64_t org_id;
	enum inspection_body body;
	int year;
	char *title;
	char *doc_no;
	char approved_on[DATE_LEN];
	enum programme_status status;
	char *recorded_by; /* set by svc */
	int64_t version;
	char *created_at;
	char *updated_at;
};
void inspection_programme_release(struct inspection_programme *p);

struct inspection_programme_list {
	struct inspection_programme *items;
	size_t n;
};
void inspection_programme_list_release(struct inspection_programme_list *l);

/* An item of a programme (inspection_programme_item, migration 0025):
 * its subject is an organisation or a member (one of the two, 0 the
 * other); content_codes is the JSON text of an array of codes of the
 * rulebook's inspection.contents (set by svc, "[]" when none). */
struct inspection_programme_item {
	int64_t id;
	int64_t programme_id; /* from the path */
	enum inspection_kind kind;
	enum programme_form form;
	int64_t subject_org_id;
	int64_t subject_member_id;
	char *content_codes;
	char planned_from[DATE_LEN];
	char planned_to[DATE_LEN];
	char *team;
	enum programme_item_status status;
	char *note;
	char *recorded_by; /* set by svc */
	int64_t version;
	char *created_at;
	char *updated_at;
};
void inspection_programme_item_release(struct inspection_programme_item *i);

struct inspection_programme_item_list {
	struct inspection_programme_item *items;
	size_t n;
};
void inspection_programme_item_list_release(
    struct inspection_programme_item_list *l);

/* ---------------------------------------------------- discipline cases */

/* A discipline case (discipline_case, migration 0027; issue 14).  The
 * enums keep 0 for "none" as every field table's enum does; the rules'
 * own enums (core/discipline.h) start at their first value, and svc
 * maps one to the other (value - 1; the deferral has the same values). */
enum dcase_subject {
	DCASE_SUBJECT_NONE = 0,
	DCASE_MEMBER, /* "member" */
	DCASE_ORG,    /* "org" */
	DCASE_SUBJECT__MAX
};
extern const char *const dcase_subject_names[DCASE_SUBJECT__MAX];

enum dcase_body {
	DCASE_BODY_NONE = 0,
	DCASE_BODY_CELL,       /* "cell" */
	DCASE_BODY_COMMITTEE,  /* "committee" */
	DCASE_BODY_INSPECTION, /* "inspection_commission" */
	DCASE_BODY__MAX
};
extern const char *const dcase_body_names[DCASE_BODY__MAX];

enum dcase_form {
	DCASE_FORM_NONE = 0,
	DCASE_KHIEN_TRACH, /* "khien_trach" */
	DCASE_CANH_CAO,    /* "canh_cao" */
	DCASE_CACH_CHUC,   /* "cach_chuc" */
	DCASE_KHAI_TRU,    /* "khai_tru" */
	DCASE_GIAI_TAN,    /* "giai_tan" */
	DCASE_FORM__MAX
};
extern const char *const dcase_form_names[DCASE_FORM__MAX];

enum dcase_deferral {
	DCASE_DEFER_NONE = 0,
	DCASE_PREGNANT,     /* "pregnant" */
	DCASE_NURSING,      /* "nursing" */
	DCASE_HOSPITALISED, /* "hospitalised" */
	DCASE_DEFER__MAX
};
extern const char *const dcase_deferral_names[DCASE_DEFER__MAX];

enum dcase_outcome {
	DCASE_OUTCOME_NONE = 0,
	DCASE_UPHELD,   /* "upheld" */
	DCASE_CHANGED,  /* "changed" */
	DCASE_ANNULLED, /* "annulled" */
	DCASE_OUTCOME__MAX
};
extern const char *const dcase_outcome_names[DCASE_OUTCOME__MAX];

struct discipline_case {
	int64_t id;
	enum dcase_subject subject;
	int64_t member_id;    /* subject "member" (0: none) */
	int64_t org_id;       /* subject "org" (0: none) */
	char *violation_code; /* rulebook catalogue (discipline.violations) */
	char violation_on[DATE_LEN];
	char violation_until[DATE_LEN];
	char discovered_on[DATE_LEN];
	bool upper_task;
	int64_t deciding_org_id;
	enum dcase_body deciding_body;
	enum dcase_form form;
	int64_t vote_for; /* JSON "vote": {for, against, abstain} */
	int64_t vote_against;
	int64_t vote_abstain;
	int64_t base;
	char decided_on[DATE_LEN]; /* "" while undecided (deferred) */
	char effective_on[DATE_LEN];
	char *doc_no;
	enum dcase_deferral deferral;
	char received_on[DATE_LEN];
	char complained_on[DATE_LEN];
	enum dcase_outcome complaint_outcome;
	char complaint_decided_on[DATE_LEN];
	char *note;
	char *recorded_by; /* set by svc */
	int64_t version;
	char *created_at;
	char *updated_at;
	/* Read with the row, not fields: the subject's organisation path
	 * (a member's: its cell's), and the first later violation of the
	 * same subject ("" none). */
	char *scope_path;
	char next_violation_on[DATE_LEN];
	/* Computed by svc as of a date (core/discipline.h
	 * discipline_status_on): the status (enum discipline_status; -1
	 * not computed) and the day the decision lapses ("" never). */
	int status;
	char lapses_on[DATE_LEN];
	/* Read with the row: the member's full name or the organisation's
	 * name, and the deciding organisation's. */
	char *subject_name;
	char *deciding_org_name;
};
void discipline_case_release(struct discipline_case *c);

struct discipline_case_list {
	struct discipline_case *items;
	size_t n;
};
void discipline_case_list_release(struct discipline_case_list *l);

/* A state body's notice of a member's discipline (discipline_notice). */
struct discipline_notice {
	int64_t id;
	int64_t member_id;
	char *body; /* the state body, union or front */
	char decided_on[DATE_LEN];
	char notified_on[DATE_LEN];
	char *doc_no;
	char *note;
	char *recorded_by;
	char *created_at;
};
void discipline_notice_release(struct discipline_notice *n);

struct discipline_notice_list {
	struct discipline_notice *items;
	size_t n;
};
void discipline_notice_list_release(struct discipline_notice_list *l);

/* ------------------------------------------ evaluation and classification */

/*
 * Evaluation periods, evaluations and their comments (evaluation_period,
 * evaluation, evaluation_comment; migration 0028; issue 15).  The enums
 * below are those of core/evaluation.h (levels, subjects, period kinds)
 * with 0 kept for "none", as every field table's enum does: a value here
 * is the core one plus 1 (ELEVEL_HTXS - 1 == EVAL_HTXS, ...; model.c
 * asserts it), through elevel_to_core() and elevel_from_core().
 */
enum elevel {
	ELEVEL_NONE = 0,
	ELEVEL_HTXS,           /* "htxs" */
	ELEVEL_HTT,            /* "htt" */
	ELEVEL_HT,             /* "ht" */
	ELEVEL_KHT,            /* "kht" */
	ELEVEL_NOT_CLASSIFIED, /* "not_classified" */
	ELEVEL__MAX
};
extern const char *const elevel_names[ELEVEL__MAX];
/* ELEVEL_HTXS -> EVAL_HTXS (an enum eval_level as int); -1 for none. */
int elevel_to_core(enum elevel l);
/* EVAL_HTXS -> ELEVEL_HTXS; ELEVEL_NONE when out of range. */
enum elevel elevel_from_core(int eval_level);

enum esubject {
	ESUBJECT_NONE = 0,
	ESUBJECT_MEMBER, /* "member" */
	ESUBJECT_ORG,    /* "org" */
	ESUBJECT__MAX
};
extern const char *const esubject_names[ESUBJECT__MAX];

enum eperiod_kind {
	EPKIND_NONE = 0,
	EPKIND_YEAR,    /* "year" */
	EPKIND_QUARTER, /* "quarter" */
	EPKIND_AD_HOC,  /* "ad_hoc" */
	EPKIND__MAX
};
extern const char *const eperiod_kind_names[EPKIND__MAX];

enum eperiod_status {
	EPSTATUS_NONE = 0,
	EPSTATUS_OPEN,   /* "open" */
	EPSTATUS_LOCKED, /* "locked": final (no unlock) */
	EPSTATUS__MAX
};
extern const char *const eperiod_status_names[EPSTATUS__MAX];

enum evaluation_status {
	ESTATUS_NONE = 0,
	ESTATUS_DRAFT,     /* "draft": not used by the API yet (reserved) */
	ESTATUS_SUBMITTED, /* "submitted": an assessment with its score */
	ESTATUS_PROPOSED,  /* "proposed": the cell's (organisation's) level */
	ESTATUS_DECIDED,   /* "decided": the competent committee's level */
	ESTATUS__MAX
};
extern const char *const evaluation_status_names[ESTATUS__MAX];

/* An evaluation period (evaluation_period): org_id is the subtree it
 * covers; from/to default to the year or the quarter (an ad hoc period
 * gives both).  JSON names the dates "from" and "to" (their columns
 * from_date, to_date). */
struct evaluation_period {
	int64_t id;
	int64_t org_id;
	enum eperiod_kind kind;
	int year;
	int quarter;         /* 1..4 for a quarter, 0 otherwise */
	char from[DATE_LEN]; /* column from_date */
	char to[DATE_LEN];   /* column to_date */
	char *title;
	enum eperiod_status status;
	char *locked_at;
	char *locked_by;   /* the account that locked it */
	char *recorded_by; /* set by svc */
	int64_t version;
	char *created_at;
	char *updated_at;
	/* Read with the row, not fields: the organisation's path and
	 * name. */
	char *org_path;
	char *org_name;
};
void evaluation_period_release(struct evaluation_period *p);

struct evaluation_period_list {
	struct evaluation_period *items;
	size_t n;
};
void evaluation_period_list_release(struct evaluation_period_list *l);

/* An evaluation of a member or an organisation in a period
 * (evaluation).  score is in tenths of a point (0..1000; JSON a number
 * with one decimal, 0..100: svc converts); criteria and reasons are JSON
 * arrays' text (set by svc).  computed_level and reasons are the rules'
 * (core/evaluation.h eval_judge), recomputed on every write. */
struct evaluation {
	int64_t id;
	int64_t period_id;
	enum esubject subject;
	int64_t member_id;      /* subject "member" (0: none) */
	int64_t org_id;         /* subject "org": the evaluated organisation */
	int64_t subject_org_id; /* the member's organisation at creation, or
				 * the organisation itself (the scope) */
	int score;              /* tenths of a point, 0..1000 */
	char *criteria;         /* "[{"code":..,"points":..}]" or NULL */
	int tasks_total;
	int tasks_on_time;
	int tasks_exceeded;
	int sick_leave_months;
	char *note; /* evidence notes */
	enum elevel self_level;
	enum elevel computed_level;
	char *reasons; /* "[{code, rule_id, citation, level, arg, given}]" */
	enum elevel proposed_level;
	char *proposed_reason;
	int64_t vote_base; /* JSON "vote": {base, for, against, abstain} */
	int64_t vote_for;
	int64_t vote_against;
	int64_t vote_abstain;
	char *proposed_at;
	char *proposed_by;
	enum elevel decided_level;
	char *decided_reason;
	char *decided_at;
	char *decided_by;
	enum evaluation_status status;
	char *recorded_by; /* set by svc */
	int64_t version;
	char *created_at;
	char *updated_at;
	/* Read with the row, not fields: the subject's organisation's path
	 * (scope_path) and its parent's path (NULL at a root), the
	 * subject's name (the member's full name or the organisation's
	 * name). */
	char *scope_path;
	char *parent_path;
	char *subject_name;
	/* Set by the store when the reader is a cell-mate who may only
	 * comment (docs/security.md): the figures, levels, reasons and
	 * vote were cleared, only the subject, the period, the status and
	 * the note are left. */
	bool redacted;
};
void evaluation_release(struct evaluation *e);

struct evaluation_list {
	struct evaluation *items;
	size_t n;
};
void evaluation_list_release(struct evaluation_list *l);

/* A comment on an evaluation (evaluation_comment): input for the
 * reviewers, never scored.  evaluation_id from the path; author (the
 * account) and author_member_id (its member, if any) set by svc. */
struct evaluation_comment {
	int64_t id;
	int64_t evaluation_id;
	char *author;
	int64_t author_member_id;
	char *text; /* at most 2000 characters */
	char *created_at;
};
void evaluation_comment_release(struct evaluation_comment *c);

struct evaluation_comment_list {
	struct evaluation_comment *items;
	size_t n;
};
void evaluation_comment_list_release(struct evaluation_comment_list *l);

#endif
