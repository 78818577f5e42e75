/* entity.c - the field tables of entity.h. */
#include "core/entity.h"

#include <stddef.h>

#include "util/banned.h"

#define FIELD_ROW(type_, name_, ftype, max_, flags_, names_, nnames_) \
	{ .name = #name_, \
		.type = ftype, \
		.off = offsetof(type_, name_), \
		.max = (max_), \
		.flags = (flags_), \
		.names = (names_), \
		.nnames = (nnames_) },

#define MEMBER_ROW(...) FIELD_ROW(struct member, __VA_ARGS__)
#define ORG_ROW(...) FIELD_ROW(struct org, __VA_ARGS__)
#define MEMBER_EVENT_ROW(...) FIELD_ROW(struct member_event, __VA_ARGS__)
#define ORG_EVENT_ROW(...) FIELD_ROW(struct org_event, __VA_ARGS__)
#define ORG_OFFICER_ROW(...) FIELD_ROW(struct org_officer, __VA_ARGS__)
#define MEETING_ROW(...) FIELD_ROW(struct meeting, __VA_ARGS__)
#define MEETING_ATTENDANCE_ROW(...) \
	FIELD_ROW(struct meeting_attendance, __VA_ARGS__)

static const struct field_def member_fields[] = { MEMBER_FIELDS(MEMBER_ROW) };
static const struct field_def org_fields[] = { ORG_FIELDS(ORG_ROW) };
static const struct field_def member_event_fields[] = { MEMBER_EVENT_FIELDS(
    MEMBER_EVENT_ROW) };
static const struct field_def org_event_fields[] = { ORG_EVENT_FIELDS(
    ORG_EVENT_ROW) };
static const struct field_def org_officer_fields[] = { ORG_OFFICER_FIELDS(
    ORG_OFFICER_ROW) };
static const struct field_def meeting_fields[] = { MEETING_FIELDS(
    MEETING_ROW) };
static const struct field_def meeting_attendance_fields[] = {
	MEETING_ATTENDANCE_FIELDS(MEETING_ATTENDANCE_ROW)
};

/* A vote's field name is its member's, except the three counts (the
 * names are C words or would be): MEETING_VOTE_MEMBER_x is x's member. */
#define MEETING_VOTE_MEMBER_id id
#define MEETING_VOTE_MEMBER_meeting_id meeting_id
#define MEETING_VOTE_MEMBER_kind kind
#define MEETING_VOTE_MEMBER_secret secret
#define MEETING_VOTE_MEMBER_for n_for
#define MEETING_VOTE_MEMBER_against n_against
#define MEETING_VOTE_MEMBER_abstain n_abstain
#define MEETING_VOTE_MEMBER_subject subject
#define MEETING_VOTE_MEMBER_base base
#define MEETING_VOTE_MEMBER_threshold threshold
#define MEETING_VOTE_MEMBER_passed passed
#define MEETING_VOTE_MEMBER_rule_id rule_id
#define MEETING_VOTE_MEMBER_citation citation
#define MEETING_VOTE_MEMBER_recorded_by recorded_by
#define MEETING_VOTE_MEMBER_created_at created_at
#define VOTE_OFFSET_(m) offsetof(struct meeting_vote, m)
#define VOTE_OFFSET(m) VOTE_OFFSET_(m)
#define MEETING_VOTE_ROW(name_, ftype, max_, flags_, names_, nnames_) \
	{ .name = #name_, \
		.type = ftype, \
		.off = VOTE_OFFSET(MEETING_VOTE_MEMBER_##name_), \
		.max = (max_), \
		.flags = (flags_), \
		.names = (names_), \
		.nnames = (nnames_) },
#define MEETING_MINUTES_ROW(...) FIELD_ROW(struct meeting_minutes, __VA_ARGS__)
#define MINUTES_CORRECTION_ROW(...) \
	FIELD_ROW(struct minutes_correction, __VA_ARGS__)

#define INSPECTION_ROW(...) FIELD_ROW(struct inspection, __VA_ARGS__)
#define INSPECTION_RECOMMENDATION_ROW(...) \
	FIELD_ROW(struct inspection_recommendation, __VA_ARGS__)
static const struct field_def inspection_fields[] = { INSPECTION_FIELDS(
    INSPECTION_ROW) };
static const struct field_def inspection_recommendation_fields[] = {
	INSPECTION_RECOMMENDATION_FIELDS(INSPECTION_RECOMMENDATION_ROW)
};

static const struct field_def meeting_vote_fields[] = { MEETING_VOTE_FIELDS(
    MEETING_VOTE_ROW) };
static const struct field_def meeting_minutes_fields[] = {
	MEETING_MINUTES_FIELDS(MEETING_MINUTES_ROW)
};
static const struct field_def minutes_correction_fields[] = {
	MINUTES_CORRECTION_FIELDS(MINUTES_CORRECTION_ROW)
};

const struct entity member_entity = { "member", sizeof(struct member),
	member_fields, sizeof(member_fields) / sizeof(member_fields[0]) };

const struct entity org_entity = { "org", sizeof(struct org), org_fields,
	sizeof(org_fields) / sizeof(org_fields[0]) };

const struct entity member_event_entity = { "member_event",
	sizeof(struct member_event), member_event_fields,
	sizeof(member_event_fields) / sizeof(member_event_fields[0]) };

const struct entity org_event_entity = { "org_event", sizeof(struct org_event),
	org_event_fields,
	sizeof(org_event_fields) / sizeof(org_event_fields[0]) };

const struct entity org_officer_entity = { "org_officer",
	sizeof(struct org_officer), org_officer_fields,
	sizeof(org_officer_fields) / sizeof(org_officer_fields[0]) };

const struct entity meeting_entity = { "meeting", sizeof(struct meeting),
	meeting_fields, sizeof(meeting_fields) / sizeof(meeting_fields[0]) };

const struct entity meeting_attendance_entity = { "meeting_attendance",
	sizeof(struct meeting_attendance), meeting_attendance_fields,
	sizeof(meeting_attendance_fields) /
	    sizeof(meeting_attendance_fields[0]) };

const struct entity meeting_vote_entity = { "meeting_vote",
	sizeof(struct meeting_vote), meeting_vote_fields,
	sizeof(meeting_vote_fields) / sizeof(meeting_vote_fields[0]) };

const struct entity meeting_minutes_entity = { "meeting_minutes",
	sizeof(struct meeting_minutes), meeting_minutes_fields,
	sizeof(meeting_minutes_fields) / sizeof(meeting_minutes_fields[0]) };

const struct entity minutes_correction_entity = { "minutes_correction",
	sizeof(struct minutes_correction), minutes_correction_fields,
	sizeof(minutes_correction_fields) /
	    sizeof(minutes_correction_fields[0]) };

const struct entity inspection_entity = { "inspection",
	sizeof(struct inspection), inspection_fields,
	sizeof(inspection_fields) / sizeof(inspection_fields[0]) };

const struct entity inspection_recommendation_entity = {
	"inspection_recommendation", sizeof(struct inspection_recommendation),
	inspection_recommendation_fields,
	sizeof(inspection_recommendation_fields) /
	    sizeof(inspection_recommendation_fields[0])
};

_Static_assert(sizeof(enum insp_body) == sizeof(int), "enum size");
_Static_assert(sizeof(enum insp_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum insp_form) == sizeof(int), "enum size");
_Static_assert(sizeof(enum insp_status) == sizeof(int), "enum size");
_Static_assert(INSPECTION_F__MAX ==
        sizeof(inspection_fields) / sizeof(inspection_fields[0]),
    "inspection field index");
_Static_assert(INSPECTION_RECOMMENDATION_F__MAX ==
        sizeof(inspection_recommendation_fields) /
            sizeof(inspection_recommendation_fields[0]),
    "inspection recommendation field index");

_Static_assert(sizeof(enum vote_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum minutes_state) == sizeof(int), "enum size");
_Static_assert(MEETING_VOTE_F__MAX ==
        sizeof(meeting_vote_fields) / sizeof(meeting_vote_fields[0]),
    "meeting vote field index");
_Static_assert(MEETING_MINUTES_F__MAX ==
        sizeof(meeting_minutes_fields) / sizeof(meeting_minutes_fields[0]),
    "meeting minutes field index");
_Static_assert(MINUTES_CORRECTION_F__MAX ==
        sizeof(minutes_correction_fields) /
            sizeof(minutes_correction_fields[0]),
    "minutes correction field index");

/* Enums are stored as int (field_int_slot). */
_Static_assert(sizeof(enum meeting_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum meeting_status) == sizeof(int), "enum size");
_Static_assert(sizeof(enum attendance_status) == sizeof(int), "enum size");
_Static_assert(sizeof(enum meeting_roll) == sizeof(int), "enum size");
_Static_assert(MEETING_F__MAX ==
        sizeof(meeting_fields) / sizeof(meeting_fields[0]),
    "meeting field index");
_Static_assert(MEETING_ATTENDANCE_F__MAX ==
        sizeof(meeting_attendance_fields) /
            sizeof(meeting_attendance_fields[0]),
    "meeting attendance field index");
_Static_assert(sizeof(enum officer_position) == sizeof(int), "enum size");
_Static_assert(ORG_OFFICER_F__MAX ==
        sizeof(org_officer_fields) / sizeof(org_officer_fields[0]),
    "org officer field index");
_Static_assert(sizeof(enum gender) == sizeof(int), "enum size");
_Static_assert(sizeof(enum member_status) == sizeof(int), "enum size");
_Static_assert(sizeof(enum member_state) == sizeof(int), "enum size");
_Static_assert(sizeof(enum org_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum member_event_kind) == sizeof(int), "enum size");
_Static_assert(MEMBER_F__MAX ==
        sizeof(member_fields) / sizeof(member_fields[0]),
    "member field index");
_Static_assert(ORG_F__MAX == sizeof(org_fields) / sizeof(org_fields[0]),
    "org field index");
_Static_assert(MEMBER_EVENT_F__MAX ==
        sizeof(member_event_fields) / sizeof(member_event_fields[0]),
    "member event field index");
_Static_assert(ORG_EVENT_F__MAX ==
        sizeof(org_event_fields) / sizeof(org_event_fields[0]),
    "org event field index");

/* Terms and inspection programmes (migration 0025). */
#define ORG_TERM_ROW(...) FIELD_ROW(struct org_term, __VA_ARGS__)
#define INSPECTION_PROGRAMME_ROW(...) \
	FIELD_ROW(struct inspection_programme, __VA_ARGS__)
#define INSPECTION_PROGRAMME_ITEM_ROW(...) \
	FIELD_ROW(struct inspection_programme_item, __VA_ARGS__)

static const struct field_def org_term_fields[] = { ORG_TERM_FIELDS(
    ORG_TERM_ROW) };
static const struct field_def inspection_programme_fields[] = {
	INSPECTION_PROGRAMME_FIELDS(INSPECTION_PROGRAMME_ROW)
};
static const struct field_def inspection_programme_item_fields[] = {
	INSPECTION_PROGRAMME_ITEM_FIELDS(INSPECTION_PROGRAMME_ITEM_ROW)
};

const struct entity org_term_entity = { "org_term", sizeof(struct org_term),
	org_term_fields,
	sizeof(org_term_fields) / sizeof(org_term_fields[0]) };

const struct entity inspection_programme_entity = { "inspection_programme",
	sizeof(struct inspection_programme), inspection_programme_fields,
	sizeof(inspection_programme_fields) /
	    sizeof(inspection_programme_fields[0]) };

const struct entity inspection_programme_item_entity = {
	"inspection_programme_item", sizeof(struct inspection_programme_item),
	inspection_programme_item_fields,
	sizeof(inspection_programme_item_fields) /
	    sizeof(inspection_programme_item_fields[0])
};

_Static_assert(sizeof(enum inspection_body) == sizeof(int), "enum size");
_Static_assert(sizeof(enum inspection_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum programme_status) == sizeof(int), "enum size");
_Static_assert(sizeof(enum programme_form) == sizeof(int), "enum size");
_Static_assert(sizeof(enum programme_item_status) == sizeof(int), "enum size");
_Static_assert(ORG_TERM_F__MAX ==
        sizeof(org_term_fields) / sizeof(org_term_fields[0]),
    "org term field index");
_Static_assert(INSPECTION_PROGRAMME_F__MAX ==
        sizeof(inspection_programme_fields) /
            sizeof(inspection_programme_fields[0]),
    "inspection programme field index");
_Static_assert(INSPECTION_PROGRAMME_ITEM_F__MAX ==
        sizeof(inspection_programme_item_fields) /
            sizeof(inspection_programme_item_fields[0]),
    "inspection programme item field index");

#define DISCIPLINE_CASE_ROW(...) FIELD_ROW(struct discipline_case, __VA_ARGS__)
#define DISCIPLINE_NOTICE_ROW(...) \
	FIELD_ROW(struct discipline_notice, __VA_ARGS__)
static const struct field_def discipline_case_fields[] = {
	DISCIPLINE_CASE_FIELDS(DISCIPLINE_CASE_ROW)
};
static const struct field_def discipline_notice_fields[] = {
	DISCIPLINE_NOTICE_FIELDS(DISCIPLINE_NOTICE_ROW)
};
const struct entity discipline_case_entity = { "discipline_case",
	sizeof(struct discipline_case), discipline_case_fields,
	sizeof(discipline_case_fields) / sizeof(discipline_case_fields[0]) };
const struct entity discipline_notice_entity = {
	"discipline_notice", sizeof(struct discipline_notice),
	discipline_notice_fields,
	sizeof(discipline_notice_fields) / sizeof(discipline_notice_fields[0])
};
_Static_assert(sizeof(enum dcase_subject) == sizeof(int), "enum size");
_Static_assert(sizeof(enum dcase_body) == sizeof(int), "enum size");
_Static_assert(sizeof(enum dcase_form) == sizeof(int), "enum size");
_Static_assert(sizeof(enum dcase_deferral) == sizeof(int), "enum size");
_Static_assert(sizeof(enum dcase_outcome) == sizeof(int), "enum size");
_Static_assert(DISCIPLINE_CASE_F__MAX ==
        sizeof(discipline_case_fields) / sizeof(discipline_case_fields[0]),
    "discipline case field index");
_Static_assert(DISCIPLINE_NOTICE_F__MAX ==
        sizeof(discipline_notice_fields) / sizeof(discipline_notice_fields[0]),
    "discipline notice field index");

#define EVALUATION_PERIOD_ROW(...) \
	FIELD_ROW(struct evaluation_period, __VA_ARGS__)
#define EVALUATION_ROW(...) FIELD_ROW(struct evaluation, __VA_ARGS__)
#define EVALUATION_COMMENT_ROW(...) \
	FIELD_ROW(struct evaluation_comment, __VA_ARGS__)
static const struct field_def evaluation_period_fields[] = {
	EVALUATION_PERIOD_FIELDS(EVALUATION_PERIOD_ROW)
};
static const struct field_def evaluation_fields[] = { EVALUATION_FIELDS(
    EVALUATION_ROW) };
static const struct field_def evaluation_comment_fields[] = {
	EVALUATION_COMMENT_FIELDS(EVALUATION_COMMENT_ROW)
};
const struct entity evaluation_period_entity = {
	"evaluation_period", sizeof(struct evaluation_period),
	evaluation_period_fields,
	sizeof(evaluation_period_fields) / sizeof(evaluation_period_fields[0])
};
const struct entity evaluation_entity = { "evaluation",
	sizeof(struct evaluation), evaluation_fields,
	sizeof(evaluation_fields) / sizeof(evaluation_fields[0]) };
const struct entity evaluation_comment_entity = { "evaluation_comment",
	sizeof(struct evaluation_comment), evaluation_comment_fields,
	sizeof(evaluation_comment_fields) /
	    sizeof(evaluation_comment_fields[0]) };
_Static_assert(sizeof(enum elevel) == sizeof(int), "enum size");
_Static_assert(sizeof(enum esubject) == sizeof(int), "enum size");
_Static_assert(sizeof(enum eperiod_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum eperiod_status) == sizeof(int), "enum size");
_Static_assert(sizeof(enum evaluation_status) == sizeof(int), "enum size");
_Static_assert(EVALUATION_PERIOD_F__MAX ==
        sizeof(evaluation_period_fields) / sizeof(evaluation_period_fields[0]),
    "evaluation period field index");
_Static_assert(EVALUATION_F__MAX ==
        sizeof(evaluation_fields) / sizeof(evaluation_fields[0]),
    "evaluation field index");
_Static_assert(EVALUATION_COMMENT_F__MAX ==
        sizeof(evaluation_comment_fields) /
            sizeof(evaluation_comment_fields[0]),
    "evaluation comment field index");
