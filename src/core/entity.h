/*
 * entity.h - the field tables of the register's entities (core/field.h):
 * each entity's fields written once, as an X-macro list
 *
 *	X(name, type, max, flags, enum names, number of enum names)
 *
 * in the order of the JSON object, of the store's result columns and of
 * the CLI's options.  member_entity, org_entity, member_event_entity and
 * org_event_entity are these lists as const tables; code that needs a
 * list at compile time (SQL column lists, column index enums) expands the
 * macro itself.
 *
 * The SQL schema (src/store/<backend>/schema) names the same columns (but
 * for the events' "on", whose column is on_date); a
 * test prepares every statement on both engines, and tests compare the
 * tables with the OpenAPI document.
 */
#ifndef CHIBO_CORE_ENTITY_H
#define CHIBO_CORE_ENTITY_H

#include "core/field.h"
#include "core/inspection.h"
#include "core/model.h"
#include "core/validate.h"

/*
 * Each entity's list is three groups, so that the store's statements can
 * name the columns a write binds (the data) apart from the key and what
 * the store makes (the meta): ENTITY_FIELDS(X) is KEY, DATA, META.
 */

/* clang-format off */
/* The member (struct member, core/model.h).  Personal fields (FF_PERSONAL)
 * are those the rulebook may name sensitive (privacy.sensitive_fields,
 * core/privacy.h): only principals with ACT_MEMBER_PERSONAL see those it
 * names. */
#define MEMBER_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define MEMBER_DATA_FIELDS(X) \
	X(full_name,		FT_TEXT, VAL_NAME_MAX, FF_REQUIRED, NULL, 0) \
	X(gender,		FT_ENUM, 0, FF_REQUIRED, gender_names, \
	    GENDER__MAX) \
	X(birth_date,		FT_DATE, 0, FF_REQUIRED | FF_PERSONAL, NULL, 0) \
	X(birthplace,		FT_TEXT, VAL_TEXT_MAX, FF_PERSONAL, NULL, 0) \
	X(hometown,		FT_TEXT, VAL_TEXT_MAX, FF_PERSONAL, NULL, 0) \
	X(ethnicity,		FT_TEXT, VAL_TEXT_MAX, FF_RULES | FF_PERSONAL, NULL, 0) \
	X(religion,		FT_TEXT, VAL_TEXT_MAX, FF_RULES | FF_PERSONAL, NULL, 0) \
	X(citizen_id,		FT_TEXT, VAL_CODE_MAX, \
	    FF_PERSONAL | FF_UNIQUE | FF_RULES, NULL, 0) \
	X(card_no,		FT_TEXT, VAL_CODE_MAX, FF_PERSONAL | FF_UNIQUE, \
	    NULL, 0) \
	X(dossier_no,		FT_TEXT, VAL_CODE_MAX, FF_PERSONAL, NULL, 0) \
	X(admission_decision_date, FT_DATE, 0, FF_RULES, NULL, 0) \
	X(admitted_on,		FT_DATE, 0, FF_REQUIRED | FF_RULES, NULL, 0) \
	X(official_on,		FT_DATE, 0, FF_RULES, NULL, 0) \
	X(status,		FT_ENUM, 0, FF_REQUIRED, member_status_names, \
	    MSTATUS__MAX) \
	X(exempt_since,		FT_DATE, 0, 0, NULL, 0) \
	X(org_id,		FT_REF,  0, FF_REQUIRED | FF_RULES, NULL, 0) \
	X(job_title,		FT_TEXT, VAL_TEXT_MAX, FF_RULES, NULL, 0) \
	X(education,		FT_TEXT, VAL_TEXT_MAX, FF_RULES, NULL, 0) \
	X(professional_level,	FT_TEXT, VAL_TEXT_MAX, FF_RULES, NULL, 0) \
	X(theory_level,		FT_TEXT, VAL_TEXT_MAX, FF_RULES, NULL, 0) \
	X(phone,		FT_TEXT, VAL_CODE_MAX, FF_PERSONAL, NULL, 0) \
	X(email,		FT_TEXT, VAL_TEXT_MAX, FF_PERSONAL, NULL, 0) \
	X(state,		FT_ENUM, 0, FF_READONLY, member_state_names, \
	    MSTATE__MAX)
#define MEMBER_META_FIELDS(X) \
	X(version,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(created_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(updated_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define MEMBER_FIELDS(X) \
	MEMBER_KEY_FIELDS(X) MEMBER_DATA_FIELDS(X) MEMBER_META_FIELDS(X)

/* The organisation (struct org, core/model.h). */
#define ORG_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define ORG_DATA_FIELDS(X) \
	X(kind,			FT_ENUM, 0, FF_REQUIRED | FF_RULES, \
	    org_kind_names, ORG_KIND__MAX) \
	X(name,			FT_TEXT, VAL_ORG_NAME_MAX, FF_REQUIRED, NULL, 0) \
	X(code,			FT_TEXT, VAL_CODE_MAX, FF_REQUIRED | FF_UNIQUE, \
	    NULL, 0) \
	X(parent_id,		FT_REF,  0, FF_RULES, NULL, 0) \
	X(path,			FT_TEXT, 0, FF_READONLY, NULL, 0) \
	X(depth,		FT_INT,  0, FF_READONLY, NULL, 0) \
	X(valid_from,		FT_DATE, 0, FF_REQUIRED, NULL, 0) \
	X(valid_to,		FT_DATE, 0, 0, NULL, 0)
#define ORG_META_FIELDS(X) \
	X(version,		FT_I64,  0, FF_READONLY, NULL, 0)
#define ORG_FIELDS(X) \
	ORG_KEY_FIELDS(X) ORG_DATA_FIELDS(X) ORG_META_FIELDS(X)

/* An event of a member's history (struct member_event, core/model.h):
 * what a caller records is the data that is not read-only (the kind, the
 * date, the document, the organisation concerned); the member, the
 * details (JSON) and who recorded it are written by the service.  The
 * store's column of "on" is on_date. */
#define MEMBER_EVENT_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define MEMBER_EVENT_DATA_FIELDS(X) \
	X(member_id,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(kind,			FT_ENUM, 0, FF_REQUIRED, \
	    member_event_kind_names, MEV__MAX) \
	X(on,			FT_DATE, 0, FF_REQUIRED, NULL, 0) \
	X(doc_no,		FT_TEXT, VAL_DOC_MAX, 0, NULL, 0) \
	X(org_id,		FT_REF,  0, 0, NULL, 0) \
	X(details,		FT_JSON, 0, FF_READONLY, NULL, 0) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define MEMBER_EVENT_META_FIELDS(X) \
	X(recorded_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define MEMBER_EVENT_FIELDS(X) \
	MEMBER_EVENT_KEY_FIELDS(X) MEMBER_EVENT_DATA_FIELDS(X) \
	MEMBER_EVENT_META_FIELDS(X)

/* An event of an organisation's history (struct org_event): written by
 * the service only (its kind is a text: "created", "renamed", ...).  The
 * store's column of "on" is on_date. */
#define ORG_EVENT_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define ORG_EVENT_DATA_FIELDS(X) \
	X(org_id,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(kind,			FT_TEXT, 0, FF_REQUIRED | FF_READONLY, NULL, 0) \
	X(on,			FT_DATE, 0, FF_READONLY, NULL, 0) \
	X(doc_no,		FT_TEXT, VAL_DOC_MAX, FF_READONLY, NULL, 0) \
	X(details,		FT_JSON, 0, FF_READONLY, NULL, 0) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define ORG_EVENT_META_FIELDS(X) \
	X(recorded_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define ORG_EVENT_FIELDS(X) \
	ORG_EVENT_KEY_FIELDS(X) ORG_EVENT_DATA_FIELDS(X) \
	ORG_EVENT_META_FIELDS(X)

/* An organisation's officer (org_officer, migration 0010): org_id comes
 * from the path, recorded_by from the principal, member_name (the
 * member's full name) and recorded_at from the store. */
#define ORG_OFFICER_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define ORG_OFFICER_DATA_FIELDS(X) \
	X(org_id,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(member_id,		FT_I64,  0, FF_REQUIRED, NULL, 0) \
	X(position,		FT_ENUM, 0, FF_REQUIRED, officer_position_names, \
	    OFFICER__MAX) \
	X(started_on,		FT_DATE, 0, FF_REQUIRED, NULL, 0) \
	X(ended_on,		FT_DATE, 0, 0, NULL, 0) \
	X(doc_no,		FT_TEXT, VAL_DOC_MAX, 0, NULL, 0) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define ORG_OFFICER_META_FIELDS(X) \
	X(recorded_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(member_name,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define ORG_OFFICER_FIELDS(X) \
	ORG_OFFICER_KEY_FIELDS(X) ORG_OFFICER_DATA_FIELDS(X) \
	ORG_OFFICER_META_FIELDS(X)

/* A meeting (struct meeting, migration 0018).  The first fields up to
 * version are the JSON that outside scripts rely on (issue 13), so kind
 * and status keep those names (and share their labels with the
 * organisation's kind and the member's status).  recorded_by is set by
 * svc from the principal. */
#define MEETING_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define MEETING_DATA_FIELDS(X) \
	X(org_id,		FT_REF,  0, FF_REQUIRED | FF_RULES, NULL, 0) \
	X(kind,			FT_ENUM, 0, FF_REQUIRED, meeting_kind_names, \
	    MEETING_KIND__MAX) \
	X(starts_at,		FT_DATETIME, 0, FF_REQUIRED, NULL, 0) \
	X(ends_at,		FT_DATETIME, 0, FF_REQUIRED, NULL, 0) \
	X(place,		FT_TEXT, VAL_TEXT_MAX, 0, NULL, 0) \
	X(online,		FT_BOOL, 0, 0, NULL, 0) \
	X(online_reason,	FT_TEXT, VAL_TEXT_MAX, FF_RULES, NULL, 0) \
	X(topic,		FT_TEXT, VAL_TEXT_MAX, 0, NULL, 0) \
	X(chair_id,		FT_REF,  0, 0, NULL, 0) \
	X(secretary_id,		FT_REF,  0, 0, NULL, 0) \
	X(guests,		FT_TEXT, VAL_LONG_TEXT_MAX, 0, NULL, 0) \
	X(agenda,		FT_TEXT, VAL_LONG_TEXT_MAX, 0, NULL, 0) \
	X(status,		FT_ENUM, 0, FF_REQUIRED, meeting_status_names, \
	    MEETING_STATUS__MAX) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define MEETING_META_FIELDS(X) \
	X(version,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(created_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(updated_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define MEETING_FIELDS(X) \
	MEETING_KEY_FIELDS(X) MEETING_DATA_FIELDS(X) MEETING_META_FIELDS(X)

/* A member's attendance at a meeting (meeting_attendance, migration
 * 0018): the key is (meeting_id, member_id), both from the path. */
#define MEETING_ATTENDANCE_KEY_FIELDS(X) \
	X(meeting_id,		FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0) \
	X(member_id,		FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define MEETING_ATTENDANCE_DATA_FIELDS(X) \
	X(status,		FT_ENUM, 0, FF_REQUIRED, \
	    attendance_status_names, ATTENDANCE__MAX) \
	X(reason,		FT_TEXT, VAL_TEXT_MAX, 0, NULL, 0) \
	X(joined_at,		FT_DATETIME, 0, 0, NULL, 0) \
	X(left_at,		FT_DATETIME, 0, 0, NULL, 0) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define MEETING_ATTENDANCE_META_FIELDS(X) \
	X(roll,			FT_ENUM, 0, FF_READONLY, \
	    meeting_roll_names, ROLL__MAX) \
	X(recorded_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define MEETING_ATTENDANCE_FIELDS(X) \
	MEETING_ATTENDANCE_KEY_FIELDS(X) MEETING_ATTENDANCE_DATA_FIELDS(X) \
	MEETING_ATTENDANCE_META_FIELDS(X)

/* A vote at a meeting (struct meeting_vote, migration 0021).  The counts
 * are named for, against and abstain in JSON, on the command line and in
 * messages (issue 13); their columns and struct members are n_for,
 * n_against, n_abstain ("for" is a word of C and SQL), so the vote's
 * statements keep their column lists written out and entity.c maps the
 * three names to their members (MEETING_VOTE_MEMBER_).  The verdict
 * (base .. citation) is set by svc from vote_judge. */
#define MEETING_VOTE_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define MEETING_VOTE_DATA_FIELDS(X) \
	X(meeting_id,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(kind,			FT_ENUM, 0, FF_REQUIRED, vote_kind_names, \
	    VOTE_KIND__MAX) \
	X(secret,		FT_BOOL, 0, 0, NULL, 0) \
	X(for,			FT_I64,  0, FF_REQUIRED, NULL, 0) \
	X(against,		FT_I64,  0, FF_REQUIRED, NULL, 0) \
	X(abstain,		FT_I64,  0, FF_REQUIRED, NULL, 0) \
	X(subject,		FT_TEXT, VAL_TEXT_MAX, 0, NULL, 0) \
	X(base,			FT_I64,  0, FF_READONLY, NULL, 0) \
	X(threshold,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(passed,		FT_BOOL, 0, FF_READONLY, NULL, 0) \
	X(rule_id,		FT_TEXT, 0, FF_READONLY, NULL, 0) \
	X(citation,		FT_TEXT, 0, FF_READONLY, NULL, 0) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define MEETING_VOTE_META_FIELDS(X) \
	X(created_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define MEETING_VOTE_FIELDS(X) \
	MEETING_VOTE_KEY_FIELDS(X) MEETING_VOTE_DATA_FIELDS(X) \
	MEETING_VOTE_META_FIELDS(X)

/* A meeting's minutes (struct meeting_minutes, migration 0021): the key
 * is the meeting, from the path.  The text fields are the secretary's;
 * course is set by svc from the JSON list (read-only here: the generic
 * mapper takes objects only); the state and the sign-offs are set by
 * the approve and lock use cases. */
#define MEETING_MINUTES_KEY_FIELDS(X) \
	X(meeting_id,		FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define MEETING_MINUTES_DATA_FIELDS(X) \
	X(course,		FT_JSON, 0, FF_READONLY, NULL, 0) \
	X(opinions,		FT_TEXT, VAL_LONG_TEXT_MAX, 0, NULL, 0) \
	X(conclusions,		FT_TEXT, VAL_LONG_TEXT_MAX, 0, NULL, 0) \
	X(notes,		FT_TEXT, VAL_LONG_TEXT_MAX, 0, NULL, 0) \
	X(state,		FT_ENUM, 0, FF_READONLY, minutes_state_names, \
	    MINUTES_STATE__MAX) \
	X(chair_signed_at,	FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(chair_signed_by,	FT_TEXT, 0, FF_READONLY, NULL, 0) \
	X(chair_sign_reason,	FT_TEXT, 0, FF_READONLY, NULL, 0) \
	X(secretary_signed_at,	FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(secretary_signed_by,	FT_TEXT, 0, FF_READONLY, NULL, 0) \
	X(secretary_sign_reason, FT_TEXT, 0, FF_READONLY, NULL, 0) \
	X(locked_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(locked_by,		FT_TEXT, 0, FF_READONLY, NULL, 0) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define MEETING_MINUTES_META_FIELDS(X) \
	X(version,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(updated_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define MEETING_MINUTES_FIELDS(X) \
	MEETING_MINUTES_KEY_FIELDS(X) MEETING_MINUTES_DATA_FIELDS(X) \
	MEETING_MINUTES_META_FIELDS(X)

/* A correction of locked minutes (struct minutes_correction, migration
 * 0021): field names the amended part of the minutes. */
#define MINUTES_CORRECTION_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define MINUTES_CORRECTION_DATA_FIELDS(X) \
	X(meeting_id,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(field,		FT_TEXT, VAL_TEXT_MAX, FF_REQUIRED, NULL, 0) \
	X(text,			FT_TEXT, VAL_LONG_TEXT_MAX, FF_REQUIRED, NULL, 0) \
	X(reason,		FT_TEXT, VAL_TEXT_MAX, FF_REQUIRED, NULL, 0) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define MINUTES_CORRECTION_META_FIELDS(X) \
	X(recorded_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define MINUTES_CORRECTION_FIELDS(X) \
	MINUTES_CORRECTION_KEY_FIELDS(X) MINUTES_CORRECTION_DATA_FIELDS(X) \
	MINUTES_CORRECTION_META_FIELDS(X)

/* An inspection or supervision (struct inspection, core/inspection.h,
 * migration 0026).  The first fields are the JSON that outside scripts
 * rely on (issue 14); the columns of from and to are from_on and to_on
 * ("from" is a word of SQL), so the statements keep their column lists
 * written out.  content_codes is set by svc from the
 * JSON list (read-only here: the generic mapper takes objects only);
 * recorded_by by svc from the principal; the meta after updated_at are
 * made by the store's reads. */
#define INSPECTION_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define INSPECTION_DATA_FIELDS(X) \
	X(org_id,		FT_REF,  0, FF_REQUIRED, NULL, 0) \
	X(body,			FT_ENUM, 0, FF_REQUIRED, insp_body_names, \
	    INSP_BODY__MAX) \
	X(kind,			FT_ENUM, 0, FF_REQUIRED, insp_kind_names, \
	    INSP_KIND__MAX) \
	X(form,			FT_ENUM, 0, FF_REQUIRED, insp_form_names, \
	    INSP_FORM__MAX) \
	X(subject_org_id,	FT_REF,  0, 0, NULL, 0) \
	X(subject_member_id,	FT_REF,  0, 0, NULL, 0) \
	X(programme_id,		FT_REF,  0, 0, NULL, 0) \
	X(content_codes,	FT_JSON, 0, FF_READONLY, NULL, 0) \
	X(decided_on,		FT_DATE, 0, 0, NULL, 0) \
	X(doc_no,		FT_TEXT, VAL_DOC_MAX, 0, NULL, 0) \
	X(from,			FT_DATE, 0, 0, NULL, 0) \
	X(to,			FT_DATE, 0, 0, NULL, 0) \
	X(team,			FT_TEXT, VAL_TEXT_MAX, 0, NULL, 0) \
	X(findings,		FT_TEXT, VAL_LONG_TEXT_MAX, 0, NULL, 0) \
	X(conclusion,		FT_TEXT, VAL_LONG_TEXT_MAX, 0, NULL, 0) \
	X(status,		FT_ENUM, 0, 0, insp_status_names, \
	    INSP_STATUS__MAX) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define INSPECTION_META_FIELDS(X) \
	X(version,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(created_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(updated_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(subject_name,		FT_TEXT, 0, FF_READONLY, NULL, 0) \
	X(recommendations_count, FT_I64, 0, FF_READONLY, NULL, 0) \
	X(recommendations_overdue, FT_I64, 0, FF_READONLY, NULL, 0)
#define INSPECTION_FIELDS(X) \
	INSPECTION_KEY_FIELDS(X) INSPECTION_DATA_FIELDS(X) \
	INSPECTION_META_FIELDS(X)

/* A recommendation of an inspection (struct inspection_recommendation,
 * migration 0026): inspection_id from the path, recorded_by from the
 * principal; overdue is computed by the store's reads (open and due_on
 * before the day given). */
#define INSPECTION_RECOMMENDATION_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define INSPECTION_RECOMMENDATION_DATA_FIELDS(X) \
	X(inspection_id,	FT_I64,  0, FF_READONLY, NULL, 0) \
	X(text,			FT_TEXT, VAL_LONG_TEXT_MAX, FF_REQUIRED, NULL, 0) \
	X(owner,		FT_TEXT, VAL_TEXT_MAX, FF_REQUIRED, NULL, 0) \
	X(owner_org_id,		FT_REF,  0, 0, NULL, 0) \
	X(due_on,		FT_DATE, 0, FF_REQUIRED, NULL, 0) \
	X(done_on,		FT_DATE, 0, 0, NULL, 0) \
	X(result,		FT_TEXT, VAL_LONG_TEXT_MAX, 0, NULL, 0) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define INSPECTION_RECOMMENDATION_META_FIELDS(X) \
	X(overdue,		FT_BOOL, 0, FF_READONLY, NULL, 0) \
	X(version,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(created_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(updated_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define INSPECTION_RECOMMENDATION_FIELDS(X) \
	INSPECTION_RECOMMENDATION_KEY_FIELDS(X) \
	INSPECTION_RECOMMENDATION_DATA_FIELDS(X) \
	INSPECTION_RECOMMENDATION_META_FIELDS(X)
/* clang-format on */

/* One enum value per field, in table order: MEMBER_F_full_name is the
 * index of full_name in member_entity.fields (and its result column). */
#define MEMBER_F_(name, ...) MEMBER_F_##name,
#define ORG_F_(name, ...) ORG_F_##name,
#define MEMBER_EVENT_F_(name, ...) MEMBER_EVENT_F_##name,
#define ORG_EVENT_F_(name, ...) ORG_EVENT_F_##name,
#define ORG_OFFICER_F_(name, ...) ORG_OFFICER_F_##name,
#define MEETING_F_(name, ...) MEETING_F_##name,
#define MEETING_ATTENDANCE_F_(name, ...) MEETING_ATTENDANCE_F_##name,
enum member_field { MEMBER_FIELDS(MEMBER_F_) MEMBER_F__MAX };
enum org_field { ORG_FIELDS(ORG_F_) ORG_F__MAX };
enum member_event_field {
	MEMBER_EVENT_FIELDS(MEMBER_EVENT_F_) MEMBER_EVENT_F__MAX
};
enum org_event_field { ORG_EVENT_FIELDS(ORG_EVENT_F_) ORG_EVENT_F__MAX };
enum org_officer_field {
	ORG_OFFICER_FIELDS(ORG_OFFICER_F_) ORG_OFFICER_F__MAX
};
#undef MEMBER_F_
#undef ORG_F_
#undef MEMBER_EVENT_F_
#undef ORG_EVENT_F_
enum meeting_field { MEETING_FIELDS(MEETING_F_) MEETING_F__MAX };
enum meeting_attendance_field {
	MEETING_ATTENDANCE_FIELDS(MEETING_ATTENDANCE_F_)
	    MEETING_ATTENDANCE_F__MAX
};
#define MEETING_VOTE_F_(name, ...) MEETING_VOTE_F_##name,
#define MEETING_MINUTES_F_(name, ...) MEETING_MINUTES_F_##name,
#define MINUTES_CORRECTION_F_(name, ...) MINUTES_CORRECTION_F_##name,
enum meeting_vote_field {
	MEETING_VOTE_FIELDS(MEETING_VOTE_F_) MEETING_VOTE_F__MAX
};
enum meeting_minutes_field {
	MEETING_MINUTES_FIELDS(MEETING_MINUTES_F_) MEETING_MINUTES_F__MAX
};
enum minutes_correction_field {
	MINUTES_CORRECTION_FIELDS(MINUTES_CORRECTION_F_)
	    MINUTES_CORRECTION_F__MAX
};
#undef ORG_OFFICER_F_
#undef MEETING_F_
#undef MEETING_ATTENDANCE_F_
#undef MEETING_VOTE_F_
#undef MEETING_MINUTES_F_
#undef MINUTES_CORRECTION_F_

#define INSPECTION_F_(name, ...) INSPECTION_F_##name,
#define INSPECTION_RECOMMENDATION_F_(name, ...) \
	INSPECTION_RECOMMENDATION_F_##name,
enum inspection_field { INSPECTION_FIELDS(INSPECTION_F_) INSPECTION_F__MAX };
enum inspection_recommendation_field {
	INSPECTION_RECOMMENDATION_FIELDS(INSPECTION_RECOMMENDATION_F_)
	    INSPECTION_RECOMMENDATION_F__MAX
};
#undef INSPECTION_F_
#undef INSPECTION_RECOMMENDATION_F_

extern const struct entity member_entity;
extern const struct entity org_entity;
extern const struct entity member_event_entity;
extern const struct entity org_event_entity;
extern const struct entity org_officer_entity;
extern const struct entity meeting_entity;
extern const struct entity meeting_attendance_entity;
extern const struct entity meeting_vote_entity;
extern const struct entity meeting_minutes_entity;
extern const struct entity minutes_correction_entity;
extern const struct entity inspection_entity;
extern const struct entity inspection_recommendation_entity;

/* clang-format off */
/* A term of an organisation's committee (struct org_term, migration
 * 0025). */
#define ORG_TERM_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define ORG_TERM_DATA_FIELDS(X) \
	X(org_id,		FT_REF,  0, FF_REQUIRED, NULL, 0) \
	X(name,			FT_TEXT, VAL_TEXT_MAX, FF_REQUIRED, NULL, 0) \
	X(starts_on,		FT_DATE, 0, FF_REQUIRED, NULL, 0) \
	X(ends_on,		FT_DATE, 0, FF_REQUIRED, NULL, 0) \
	X(note,			FT_TEXT, VAL_LONG_TEXT_MAX, 0, NULL, 0) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define ORG_TERM_META_FIELDS(X) \
	X(version,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(created_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(updated_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define ORG_TERM_FIELDS(X) \
	ORG_TERM_KEY_FIELDS(X) ORG_TERM_DATA_FIELDS(X) ORG_TERM_META_FIELDS(X)

/* A body's inspection and supervision programme for a year (struct
 * inspection_programme, migration 0025): org_id is the body's
 * organisation. */
#define INSPECTION_PROGRAMME_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define INSPECTION_PROGRAMME_DATA_FIELDS(X) \
	X(org_id,		FT_REF,  0, FF_REQUIRED, NULL, 0) \
	X(body,			FT_ENUM, 0, FF_REQUIRED, inspection_body_names, \
	    INSPECTION_BODY__MAX) \
	X(year,			FT_INT,  0, FF_REQUIRED, NULL, 0) \
	X(title,		FT_TEXT, VAL_TEXT_MAX, FF_REQUIRED, NULL, 0) \
	X(doc_no,		FT_TEXT, VAL_DOC_MAX, 0, NULL, 0) \
	X(approved_on,		FT_DATE, 0, 0, NULL, 0) \
	X(status,		FT_ENUM, 0, 0, programme_status_names, \
	    PROGRAMME_STATUS__MAX) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define INSPECTION_PROGRAMME_META_FIELDS(X) \
	X(version,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(created_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(updated_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define INSPECTION_PROGRAMME_FIELDS(X) \
	INSPECTION_PROGRAMME_KEY_FIELDS(X) INSPECTION_PROGRAMME_DATA_FIELDS(X) \
	INSPECTION_PROGRAMME_META_FIELDS(X)

/* An item of a programme (struct inspection_programme_item, migration
 * 0025): programme_id comes from the path; content_codes (a JSON array
 * of the rulebook's inspection.contents codes) is set by svc from the
 * JSON list (read-only here: the generic mapper takes objects only). */
#define INSPECTION_PROGRAMME_ITEM_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define INSPECTION_PROGRAMME_ITEM_DATA_FIELDS(X) \
	X(programme_id,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(kind,			FT_ENUM, 0, FF_REQUIRED, inspection_kind_names, \
	    INSPECTION_KIND__MAX) \
	X(form,			FT_ENUM, 0, FF_REQUIRED, programme_form_names, \
	    PROGRAMME_FORM__MAX) \
	X(subject_org_id,	FT_REF,  0, 0, NULL, 0) \
	X(subject_member_id,	FT_REF,  0, 0, NULL, 0) \
	X(content_codes,	FT_JSON, 0, FF_READONLY, NULL, 0) \
	X(planned_from,		FT_DATE, 0, 0, NULL, 0) \
	X(planned_to,		FT_DATE, 0, 0, NULL, 0) \
	X(team,			FT_TEXT, VAL_TEXT_MAX, 0, NULL, 0) \
	X(status,		FT_ENUM, 0, 0, programme_item_status_names, \
	    PITEM_STATUS__MAX) \
	X(note,			FT_TEXT, VAL_LONG_TEXT_MAX, 0, NULL, 0) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define INSPECTION_PROGRAMME_ITEM_META_FIELDS(X) \
	X(version,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(created_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(updated_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define INSPECTION_PROGRAMME_ITEM_FIELDS(X) \
	INSPECTION_PROGRAMME_ITEM_KEY_FIELDS(X) \
	INSPECTION_PROGRAMME_ITEM_DATA_FIELDS(X) \
	INSPECTION_PROGRAMME_ITEM_META_FIELDS(X)
/* clang-format on */

#define ORG_TERM_F_(name, ...) ORG_TERM_F_##name,
#define INSPECTION_PROGRAMME_F_(name, ...) INSPECTION_PROGRAMME_F_##name,
#define INSPECTION_PROGRAMME_ITEM_F_(name, ...) \
	INSPECTION_PROGRAMME_ITEM_F_##name,
enum org_term_field { ORG_TERM_FIELDS(ORG_TERM_F_) ORG_TERM_F__MAX };
enum inspection_programme_field {
	INSPECTION_PROGRAMME_FIELDS(INSPECTION_PROGRAMME_F_)
	    INSPECTION_PROGRAMME_F__MAX
};
enum inspection_programme_item_field {
	INSPECTION_PROGRAMME_ITEM_FIELDS(INSPECTION_PROGRAMME_ITEM_F_)
	    INSPECTION_PROGRAMME_ITEM_F__MAX
};
#undef ORG_TERM_F_
#undef INSPECTION_PROGRAMME_F_
#undef INSPECTION_PROGRAMME_ITEM_F_

extern const struct entity org_term_entity;
extern const struct entity inspection_programme_entity;
extern const struct entity inspection_programme_item_entity;

/* clang-format off */
/* A discipline case (struct discipline_case, migration 0027; issue 14).
 * JSON shows the vote's counts as "vote": {for, against, abstain}
 * (svc/discipline.c folds and unfolds vote_for, vote_against,
 * vote_abstain) and adds the computed status and lapses_on.
 * recorded_by is set by svc from the principal. */
#define DISCIPLINE_CASE_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define DISCIPLINE_CASE_DATA_FIELDS(X) \
	X(subject,		FT_ENUM, 0, FF_REQUIRED, dcase_subject_names, \
	    DCASE_SUBJECT__MAX) \
	X(member_id,		FT_REF,  0, 0, NULL, 0) \
	X(org_id,		FT_REF,  0, 0, NULL, 0) \
	X(violation_code,	FT_TEXT, VAL_CODE_MAX, FF_REQUIRED | FF_RULES, \
	    NULL, 0) \
	X(violation_on,		FT_DATE, 0, FF_REQUIRED | FF_RULES, NULL, 0) \
	X(violation_until,	FT_DATE, 0, FF_RULES, NULL, 0) \
	X(discovered_on,	FT_DATE, 0, 0, NULL, 0) \
	X(upper_task,		FT_BOOL, 0, FF_RULES, NULL, 0) \
	X(deciding_org_id,	FT_REF,  0, FF_REQUIRED | FF_RULES, NULL, 0) \
	X(deciding_body,	FT_ENUM, 0, FF_RULES, \
	    dcase_body_names, DCASE_BODY__MAX) \
	X(form,			FT_ENUM, 0, FF_REQUIRED | FF_RULES, \
	    dcase_form_names, DCASE_FORM__MAX) \
	X(vote_for,		FT_I64,  0, FF_RULES, NULL, 0) \
	X(vote_against,		FT_I64,  0, FF_RULES, NULL, 0) \
	X(vote_abstain,		FT_I64,  0, FF_RULES, NULL, 0) \
	X(base,			FT_I64,  0, FF_RULES, NULL, 0) \
	X(decided_on,		FT_DATE, 0, FF_RULES, NULL, 0) \
	X(effective_on,		FT_DATE, 0, 0, NULL, 0) \
	X(doc_no,		FT_TEXT, VAL_DOC_MAX, 0, NULL, 0) \
	X(deferral,		FT_ENUM, 0, FF_RULES, dcase_deferral_names, \
	    DCASE_DEFER__MAX) \
	X(received_on,		FT_DATE, 0, 0, NULL, 0) \
	X(complained_on,	FT_DATE, 0, FF_RULES, NULL, 0) \
	X(complaint_outcome,	FT_ENUM, 0, 0, dcase_outcome_names, \
	    DCASE_OUTCOME__MAX) \
	X(complaint_decided_on,	FT_DATE, 0, 0, NULL, 0) \
	X(note,			FT_TEXT, VAL_LONG_TEXT_MAX, 0, NULL, 0) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define DISCIPLINE_CASE_META_FIELDS(X) \
	X(version,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(created_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(updated_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define DISCIPLINE_CASE_FIELDS(X) \
	DISCIPLINE_CASE_KEY_FIELDS(X) DISCIPLINE_CASE_DATA_FIELDS(X) \
	DISCIPLINE_CASE_META_FIELDS(X)

/* A state body's notice of a member's discipline (struct
 * discipline_notice, migration 0027); "late" is computed by svc. */
#define DISCIPLINE_NOTICE_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define DISCIPLINE_NOTICE_DATA_FIELDS(X) \
	X(member_id,		FT_REF,  0, FF_REQUIRED, NULL, 0) \
	X(body,			FT_TEXT, VAL_TEXT_MAX, FF_REQUIRED, NULL, 0) \
	X(decided_on,		FT_DATE, 0, FF_REQUIRED | FF_RULES, NULL, 0) \
	X(notified_on,		FT_DATE, 0, FF_REQUIRED | FF_RULES, NULL, 0) \
	X(doc_no,		FT_TEXT, VAL_DOC_MAX, 0, NULL, 0) \
	X(note,			FT_TEXT, VAL_LONG_TEXT_MAX, 0, NULL, 0) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define DISCIPLINE_NOTICE_META_FIELDS(X) \
	X(created_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define DISCIPLINE_NOTICE_FIELDS(X) \
	DISCIPLINE_NOTICE_KEY_FIELDS(X) DISCIPLINE_NOTICE_DATA_FIELDS(X) \
	DISCIPLINE_NOTICE_META_FIELDS(X)
/* clang-format on */
#define DISCIPLINE_CASE_F_(name, ...) DISCIPLINE_CASE_F_##name,
#define DISCIPLINE_NOTICE_F_(name, ...) DISCIPLINE_NOTICE_F_##name,
enum discipline_case_field {
	DISCIPLINE_CASE_FIELDS(DISCIPLINE_CASE_F_) DISCIPLINE_CASE_F__MAX
};
enum discipline_notice_field {
	DISCIPLINE_NOTICE_FIELDS(DISCIPLINE_NOTICE_F_) DISCIPLINE_NOTICE_F__MAX
};
#undef DISCIPLINE_CASE_F_
#undef DISCIPLINE_NOTICE_F_
extern const struct entity discipline_case_entity;
extern const struct entity discipline_notice_entity;

/* clang-format off */
/* An evaluation period (struct evaluation_period, migration 0028; issue
 * 15).  The columns of "from" and "to" are from_date and to_date (the
 * statements' column lists are written out).  status, locked_at and
 * locked_by are written by the lock only; recorded_by by svc. */
#define EVALUATION_PERIOD_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define EVALUATION_PERIOD_DATA_FIELDS(X) \
	X(org_id,		FT_REF,  0, FF_REQUIRED, NULL, 0) \
	X(kind,			FT_ENUM, 0, FF_REQUIRED, eperiod_kind_names, \
	    EPKIND__MAX) \
	X(year,			FT_INT,  0, FF_REQUIRED, NULL, 0) \
	X(quarter,		FT_INT,  0, 0, NULL, 0) \
	X(from,			FT_DATE, 0, 0, NULL, 0) \
	X(to,			FT_DATE, 0, 0, NULL, 0) \
	X(title,		FT_TEXT, VAL_TEXT_MAX, 0, NULL, 0) \
	X(status,		FT_ENUM, 0, FF_READONLY, eperiod_status_names, \
	    EPSTATUS__MAX) \
	X(locked_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(locked_by,		FT_TEXT, 0, FF_READONLY, NULL, 0) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define EVALUATION_PERIOD_META_FIELDS(X) \
	X(version,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(created_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(updated_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define EVALUATION_PERIOD_FIELDS(X) \
	EVALUATION_PERIOD_KEY_FIELDS(X) EVALUATION_PERIOD_DATA_FIELDS(X) \
	EVALUATION_PERIOD_META_FIELDS(X)

/* An evaluation (struct evaluation, migration 0028).  A caller writes
 * period_id, member_id or org_id (at creation), the score and the
 * assessment (tasks, sick leave, note, self_level); svc folds the JSON
 * number "score" (one decimal) into tenths and the "criteria" array into
 * its text, and sets the rest: the subject and its organisation, the
 * computed level and its reasons (core/evaluation.h), the proposal (with
 * "vote": {base, for, against, abstain} folded from vote_base ..
 * vote_abstain) and the decision. */
#define EVALUATION_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define EVALUATION_DATA_FIELDS(X) \
	X(period_id,		FT_REF,  0, FF_REQUIRED, NULL, 0) \
	X(subject,		FT_ENUM, 0, FF_READONLY, esubject_names, \
	    ESUBJECT__MAX) \
	X(member_id,		FT_REF,  0, 0, NULL, 0) \
	X(org_id,		FT_REF,  0, 0, NULL, 0) \
	X(subject_org_id,	FT_REF,  0, FF_READONLY, NULL, 0) \
	X(score,		FT_INT,  0, FF_READONLY | FF_RULES, NULL, 0) \
	X(criteria,		FT_JSON, 0, FF_READONLY | FF_RULES, NULL, 0) \
	X(tasks_total,		FT_INT,  0, FF_REQUIRED | FF_RULES, NULL, 0) \
	X(tasks_on_time,	FT_INT,  0, FF_REQUIRED | FF_RULES, NULL, 0) \
	X(tasks_exceeded,	FT_INT,  0, FF_REQUIRED | FF_RULES, NULL, 0) \
	X(sick_leave_months,	FT_INT,  0, FF_RULES, NULL, 0) \
	X(note,			FT_TEXT, VAL_LONG_TEXT_MAX, 0, NULL, 0) \
	X(self_level,		FT_ENUM, 0, 0, elevel_names, ELEVEL__MAX) \
	X(computed_level,	FT_ENUM, 0, FF_READONLY, elevel_names, \
	    ELEVEL__MAX) \
	X(reasons,		FT_JSON, 0, FF_READONLY, NULL, 0) \
	X(proposed_level,	FT_ENUM, 0, FF_READONLY, elevel_names, \
	    ELEVEL__MAX) \
	X(proposed_reason,	FT_TEXT, VAL_LONG_TEXT_MAX, FF_READONLY, \
	    NULL, 0) \
	X(vote_base,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(vote_for,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(vote_against,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(vote_abstain,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(proposed_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(proposed_by,		FT_TEXT, 0, FF_READONLY, NULL, 0) \
	X(decided_level,	FT_ENUM, 0, FF_READONLY, elevel_names, \
	    ELEVEL__MAX) \
	X(decided_reason,	FT_TEXT, VAL_LONG_TEXT_MAX, FF_READONLY, \
	    NULL, 0) \
	X(decided_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(decided_by,		FT_TEXT, 0, FF_READONLY, NULL, 0) \
	X(status,		FT_ENUM, 0, FF_READONLY, \
	    evaluation_status_names, ESTATUS__MAX) \
	X(recorded_by,		FT_TEXT, 0, FF_READONLY, NULL, 0)
#define EVALUATION_META_FIELDS(X) \
	X(version,		FT_I64,  0, FF_READONLY, NULL, 0) \
	X(created_at,		FT_TIME, 0, FF_READONLY, NULL, 0) \
	X(updated_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define EVALUATION_FIELDS(X) \
	EVALUATION_KEY_FIELDS(X) EVALUATION_DATA_FIELDS(X) \
	EVALUATION_META_FIELDS(X)

/* A comment on an evaluation (struct evaluation_comment, migration
 * 0028): evaluation_id from the path, the author from the principal. */
#define EVALUATION_COMMENT_MAX 2000
#define EVALUATION_COMMENT_KEY_FIELDS(X) \
	X(id,			FT_I64,  0, FF_KEY | FF_READONLY, NULL, 0)
#define EVALUATION_COMMENT_DATA_FIELDS(X) \
	X(evaluation_id,	FT_I64,  0, FF_READONLY, NULL, 0) \
	X(author,		FT_TEXT, 0, FF_READONLY, NULL, 0) \
	X(author_member_id,	FT_REF,  0, FF_READONLY, NULL, 0) \
	X(text,			FT_TEXT, EVALUATION_COMMENT_MAX, FF_REQUIRED, \
	    NULL, 0)
#define EVALUATION_COMMENT_META_FIELDS(X) \
	X(created_at,		FT_TIME, 0, FF_READONLY, NULL, 0)
#define EVALUATION_COMMENT_FIELDS(X) \
	EVALUATION_COMMENT_KEY_FIELDS(X) EVALUATION_COMMENT_DATA_FIELDS(X) \
	EVALUATION_COMMENT_META_FIELDS(X)
/* clang-format on */
#define EVALUATION_PERIOD_F_(name, ...) EVALUATION_PERIOD_F_##name,
#define EVALUATION_F_(name, ...) EVALUATION_F_##name,
#define EVALUATION_COMMENT_F_(name, ...) EVALUATION_COMMENT_F_##name,
enum evaluation_period_field {
	EVALUATION_PERIOD_FIELDS(EVALUATION_PERIOD_F_) EVALUATION_PERIOD_F__MAX
};
enum evaluation_field { EVALUATION_FIELDS(EVALUATION_F_) EVALUATION_F__MAX };
enum evaluation_comment_field {
	EVALUATION_COMMENT_FIELDS(EVALUATION_COMMENT_F_)
	    EVALUATION_COMMENT_F__MAX
};
#undef EVALUATION_PERIOD_F_
#undef EVALUATION_F_
#undef EVALUATION_COMMENT_F_
extern const struct entity evaluation_period_entity;
extern const struct entity evaluation_entity;
extern const struct entity evaluation_comment_entity;

#endif
