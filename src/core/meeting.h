/*
 * meeting.h - the checks of a meeting record and of one member's
 * attendance as they would be stored (issue 13).  Pure: the caller reads
 * the organisation (and checks in the store that the chair and the
 * secretary are its members).  The rules that measure meetings (findings,
 * votes, scores) are in core/meeting-rules.h.
 */
#ifndef CHIBO_CORE_MEETING_H
#define CHIBO_CORE_MEETING_H

#include "core/model.h"
#include "core/rulebook.h"
#include "util/date.h"
#include "util/err.h"

/* Rule id used here (rules/vn.json). */
#define RULE_MEETING_ONLINE "meeting.online_condition"

/* The date in Asia/Ho_Chi_Minh (UTC+7) of a UTC instant
 * "YYYY-MM-DDTHH:MM:SSZ": the meeting's date.  0 or -CB_EINVAL. */
int meeting_date_vn(const char *utc, char out[DATE_LEN]);

/*
 * Validates meeting m as it would be stored; org is its organisation
 * (NULL if it does not exist).  Appends one field error per problem (all
 * of them) to err (not NULL) and returns 0 or -CB_EINVAL:
 * - kind, status, org_id, starts_at and ends_at are required, the times
 *   UTC instants (invalid_datetime) and ends_at after starts_at
 *   (time_before);
 * - an online meeting records its reason (online_reason_required, citing
 *   rule meeting.online_condition in force on the meeting's date; before
 *   any version is in force, online meetings are refused with
 *   rule_not_in_force);
 * - a thematic or combined meeting has a topic (topic_required);
 * - the organisation exists, is open on the meeting's date and is one
 *   that holds members (rule org.member_holding_kinds) and is not a Party
 *   group (tổ đảng), which meets as part of its cell (org_cannot_meet).
 */
int meeting_validate(const struct meeting *m, const struct rulebook *rb,
    const struct org *org, struct cb_error *err);

/*
 * Validates one member's attendance a at meeting m: a status; a reason
 * for absent_excused (reason_required); join and leave times only for an
 * online meeting (online_only), valid, and leaving after joining
 * (time_before).  0 or -CB_EINVAL with every problem in err.
 */
int meeting_attendance_validate(const struct meeting_attendance *a,
    const struct meeting *m, struct cb_error *err);

/* ---- Votes and minutes ---- */

/*
 * Whether meeting m takes votes at instant now (UTC
 * "YYYY-MM-DDTHH:MM:SSZ"): a held meeting does, and so does a planned
 * one in progress (it has started: now >= starts_at; it becomes held
 * when recorded so).  A cancelled meeting or one not yet started does
 * not: -CB_ECONFLICT "meeting_not_held" in err.  0 otherwise.
 */
int meeting_vote_allowed(const struct meeting *m, const char *now,
    struct cb_error *err);

/* One entry of the minutes' course: who spoke (a member of the
 * organisation by id, or a name, e.g. a guest) and what they said. */
struct minutes_speech {
	int64_t speaker_id; /* 0: none */
	const char *speaker;
	const char *text;
};
#define MINUTES_COURSE_MAX 200 /* entries */

/*
 * Validates the course (n entries): at most MINUTES_COURSE_MAX
 * ("course" too_many); each names its speaker by id (> 0) or name
 * ("course[i].speaker" speaker_required), has a text
 * ("course[i].text" required, at most VAL_LONG_TEXT_MAX characters:
 * too_long) and a name of at most VAL_NAME_MAX.  Every problem is
 * appended to err; 0 or -CB_EINVAL.
 */
int meeting_minutes_course_validate(const struct minutes_speech *items,
    size_t n, struct cb_error *err);

/* The parts of the minutes a correction may amend ("course",
 * "opinions", "conclusions", "notes"); false for another name. */
bool minutes_correctable_field(const char *name);

#endif
