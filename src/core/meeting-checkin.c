/* meeting-checkin.c - see meeting-checkin.h. */
#include "core/meeting-checkin.h"

#include <stdio.h>
#include <string.h>

#include "util/date.h"

#include "util/banned.h"

int
meeting_instant_secs(const char *iso, int64_t *ret)
{
	char norm[TIMESTAMP_LEN];
	struct date d;
	int h, mi, se;

	if (iso == NULL || datetime_parse_iso(iso, norm) != 0)
		return -CB_EINVAL;
	h = (norm[11] - '0') * 10 + (norm[12] - '0');
	mi = (norm[14] - '0') * 10 + (norm[15] - '0');
	se = (norm[17] - '0') * 10 + (norm[18] - '0');
	norm[10] = '\0';
	if (date_parse_iso(norm, &d) != 0)
		return -CB_EINVAL;
	*ret = date_to_days(&d) * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

int
meeting_checkin_code_secs(const struct rulebook *rb, const char *on,
    const char *org_path, int64_t *ret)
{
	int64_t min;
	int rc;

	if ((rc = rulebook_int(rb, RULE_MEETING_CHECKIN, "code_minutes", on,
	         org_path, &min, NULL)) != 0)
		return rc;
	*ret = min * 60;
	return 0;
}

int
meeting_checkin_judge(const struct meeting *m, int64_t now,
    const struct rulebook *rb, const char *org_path,
    enum attendance_status *ret, struct cb_error *err)
{
	char on[DATE_LEN], from_s[TIMESTAMP_LEN], to_s[TIMESTAMP_LEN];
	char arg[2 * TIMESTAMP_LEN + 2];
	struct rule_ref ref;
	int64_t start, end, before, late;
	int rc;

	if (meeting_instant_secs(m->starts_at, &start) != 0 ||
	    meeting_instant_secs(m->ends_at, &end) != 0)
		return cb_error_set(err, CB_EINVAL, "invalid_datetime", NULL);
	snprintf(on, sizeof(on), "%.10s", m->starts_at);
	memset(&ref, 0, sizeof(ref));
	if ((rc = rulebook_int(rb, RULE_MEETING_CHECKIN, "open_before_minutes",
	         on, org_path, &before, &ref)) != 0 ||
	    (rc = rulebook_int(rb, RULE_MEETING_CHECKIN, "late_after_minutes",
	         on, org_path, &late, NULL)) != 0) {
		cb_error_detail(err, "core: rule %s not in force",
		    RULE_MEETING_CHECKIN);
		return cb_error_set(err, CB_ENOTFOUND, "rule_not_found",
		    RULE_MEETING_CHECKIN);
	}
	if (m->status == MEETING_CANCELLED || now < start - before * 60 ||
	    now > end) {
		timestamp_utc((time_t)(start - before * 60), from_s);
		timestamp_utc((time_t)end, to_s);
		snprintf(arg, sizeof(arg), "%s/%s", from_s, to_s);
		cb_error_set(err, CB_ECONFLICT, "meeting_not_open", NULL);
		return cb_error_field_rule(err, 0, "code",
		    m->status == MEETING_CANCELLED ?
		        "meeting_cancelled" :
		        "meeting_not_open",
		    arg, RULE_MEETING_CHECKIN, ref.citation);
	}
	*ret = now > start + late * 60 ? ATTENDANCE_LATE : ATTENDANCE_PRESENT;
	return 0;
}
