/* meeting.c - see meeting.h. */
#include "core/meeting.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/org-rules.h"
#include "core/validate.h"
#include "util/text.h"

#include "util/banned.h"

#define VN_OFFSET_SECS (7 * 3600)

int
meeting_date_vn(const char *utc, char out[DATE_LEN])
{
	char norm[TIMESTAMP_LEN];
	struct date d;
	int64_t secs, days;
	int h, mi, se;

	if (utc == NULL || datetime_parse_iso(utc, norm) != 0)
		return -CB_EINVAL;
	norm[10] = '\0';
	if (date_parse_iso(norm, &d) != 0)
		return -CB_EINVAL;
	h = (norm[11] - '0') * 10 + (norm[12] - '0');
	mi = (norm[14] - '0') * 10 + (norm[15] - '0');
	se = (norm[17] - '0') * 10 + (norm[18] - '0');
	secs = date_to_days(&d) * 86400 + h * 3600 + mi * 60 + se +
	    VN_OFFSET_SECS;
	days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	d = date_from_days(days);
	date_format_iso(&d, out);
	return 0;
}

static bool
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* A required instant: present and a UTC instant.  True if usable. */
static bool
check_time(struct cb_error *err, const char *field, const char *s,
    bool required)
{
	char norm[TIMESTAMP_LEN];

	if (empty(s)) {
		if (required)
			cb_error_field(err, 0, field, "required", NULL);
		return false;
	}
	if (datetime_parse_iso(s, norm) != 0) {
		cb_error_field(err, 0, field, "invalid_datetime",
		    strlen(s) < 40 ? s : "");
		return false;
	}
	return true;
}

static bool
org_open_on(const struct org *o, const char *on)
{
	if (o->valid_from[0] && strcmp(on, o->valid_from) < 0)
		return false;
	return o->valid_to[0] == '\0' || strcmp(on, o->valid_to) <= 0;
}

static void
check_org(const struct meeting *m, const struct rulebook *rb,
    const struct org *org, const char *on, struct cb_error *err)
{
	struct rule_ref ref;
	int rc;

	if (m->org_id <= 0) {
		cb_error_field(err, 0, "org_id", "required", NULL);
		return;
	}
	if (org == NULL) {
		cb_error_field(err, 0, "org_id", "org_not_found", NULL);
		return;
	}
	if (on == NULL)
		return; /* no date to judge on: the time's error says so */
	if (!org_open_on(org, on)) {
		cb_error_field(err, 0, "org_id", "org_closed", org->name);
		return;
	}
	rc = org_kind_holds_members(rb, org->kind, on, org->path, &ref);
	if (rc < 0) {
		cb_error_field_rule(err, 0, "org_id", "rule_not_in_force",
		    RULE_HOLDING_KINDS, RULE_HOLDING_KINDS, NULL);
		return;
	}
	if (rc == 0 || org->kind == ORG_GROUP)
		cb_error_field_rule(err, 0, "org_id", "org_cannot_meet",
		    org_kind_name(org->kind), ref.rule_id, ref.citation);
}

static void
check_online(const struct meeting *m, const struct rulebook *rb,
    const struct org *org, const char *on, struct cb_error *err)
{
	struct rule_ref ref;
	int64_t share;

	if (!m->online || on == NULL)
		return;
	if (rulebook_int(rb, RULE_MEETING_ONLINE, "unable_share_over_percent",
	        on, org != NULL ? org->path : NULL, &share, &ref) != 0) {
		cb_error_field_rule(err, 0, "online", "rule_not_in_force",
		    RULE_MEETING_ONLINE, RULE_MEETING_ONLINE, NULL);
		return;
	}
	if (empty(m->online_reason))
		cb_error_field_rule(err, 0, "online_reason",
		    "online_reason_required", NULL, ref.rule_id, ref.citation);
}

int
meeting_validate(const struct meeting *m, const struct rulebook *rb,
    const struct org *org, struct cb_error *err)
{
	char on[DATE_LEN];
	bool have_start, have_end, have_on = false;
	size_t before = err->nfields;

	if (m->kind <= MEETING_KIND_NONE || m->kind >= MEETING_KIND__MAX)
		cb_error_field(err, 0, "kind", "required", NULL);
	if (m->status <= MEETING_STATUS_NONE ||
	    m->status >= MEETING_STATUS__MAX)
		cb_error_field(err, 0, "status", "required", NULL);
	have_start = check_time(err, "starts_at", m->starts_at, true);
	have_end = check_time(err, "ends_at", m->ends_at, true);
	if (have_start)
		have_on = meeting_date_vn(m->starts_at, on) == 0;
	if (have_start && have_end && strcmp(m->ends_at, m->starts_at) <= 0)
		cb_error_field(err, 0, "ends_at", "time_before", "starts_at");
	check_org(m, rb, org, have_on ? on : NULL, err);
	check_online(m, rb, org, have_on ? on : NULL, err);
	if ((m->kind == MEETING_THEMATIC || m->kind == MEETING_COMBINED) &&
	    empty(m->topic))
		cb_error_field(err, 0, "topic", "topic_required", NULL);
	return err->nfields > before ? -CB_EINVAL : 0;
}

int
meeting_attendance_validate(const struct meeting_attendance *a,
    const struct meeting *m, struct cb_error *err)
{
	bool have_join, have_left;
	size_t before = err->nfields;

	if (a->status <= ATTENDANCE_NONE || a->status >= ATTENDANCE__MAX)
		cb_error_field(err, 0, "status", "required", NULL);
	if (a->status == ATTENDANCE_ABSENT_EXCUSED && empty(a->reason))
		cb_error_field(err, 0, "reason", "reason_required", NULL);
	have_join = check_time(err, "joined_at", a->joined_at, false);
	have_left = check_time(err, "left_at", a->left_at, false);
	if (!m->online) {
		if (!empty(a->joined_at))
			cb_error_field(err, 0, "joined_at", "online_only",
			    NULL);
		if (!empty(a->left_at))
			cb_error_field(err, 0, "left_at", "online_only", NULL);
	} else if (have_join && have_left &&
	    strcmp(a->left_at, a->joined_at) < 0) {
		cb_error_field(err, 0, "left_at", "time_before", "joined_at");
	}
	return err->nfields > before ? -CB_EINVAL : 0;
}

int
meeting_vote_allowed(const struct meeting *m, const char *now,
    struct cb_error *err)
{
	char t[TIMESTAMP_LEN];

	if (m->status == MEETING_HELD)
		return 0;
	if (m->status == MEETING_PLANNED && m->starts_at != NULL &&
	    now != NULL && datetime_parse_iso(now, t) == 0 &&
	    strcmp(t, m->starts_at) >= 0)
		return 0;
	return cb_error_set(err, CB_ECONFLICT, "meeting_not_held",
	    meeting_status_names[m->status] != NULL ?
	        meeting_status_names[m->status] :
	        "");
}

int
meeting_minutes_course_validate(const struct minutes_speech *items, size_t n,
    struct cb_error *err)
{
	char field[48], max[24];
	int rc = 0;
	size_t i;

	if (n > MINUTES_COURSE_MAX) {
		snprintf(max, sizeof(max), "%d", MINUTES_COURSE_MAX);
		return cb_error_field(err, 0, "course", "too_many", max);
	}
	for (i = 0; i < n; i++) {
		const struct minutes_speech *e = &items[i];

		if (e->speaker_id <= 0 && empty(e->speaker)) {
			snprintf(field, sizeof(field), "course[%zu].speaker",
			    i);
			rc = cb_error_field(err, 0, field, "speaker_required",
			    NULL);
		} else if (!empty(e->speaker) &&
		    text_utf8_len(e->speaker) > VAL_NAME_MAX) {
			snprintf(field, sizeof(field), "course[%zu].speaker",
			    i);
			snprintf(max, sizeof(max), "%d", VAL_NAME_MAX);
			rc = cb_error_field(err, 0, field, "too_long", max);
		}
		snprintf(field, sizeof(field), "course[%zu].text", i);
		if (empty(e->text))
			rc = cb_error_field(err, 0, field, "required", NULL);
		else if (text_utf8_len(e->text) > VAL_LONG_TEXT_MAX) {
			snprintf(max, sizeof(max), "%d", VAL_LONG_TEXT_MAX);
			rc = cb_error_field(err, 0, field, "too_long", max);
		}
	}
	return rc;
}

bool
minutes_correctable_field(const char *name)
{
	static const char *const names[] = { "course", "opinions",
		"conclusions", "notes" };
	size_t i;

	for (i = 0; name != NULL && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}
