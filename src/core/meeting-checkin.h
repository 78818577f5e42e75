/*
 * meeting-checkin.h - the rule of a member's QR check-in at a meeting
 * (issue 13): when a meeting is open for check-in, whether the member is
 * present or late, and how long a check-in code lives.  The numbers are
 * the rulebook's (meeting.checkin).  Pure.
 */
#ifndef CHIBO_CORE_MEETING_CHECKIN_H
#define CHIBO_CORE_MEETING_CHECKIN_H

#include <stdint.h>

#include "core/model.h"
#include "core/rulebook.h"
#include "util/err.h"

#define RULE_MEETING_CHECKIN "meeting.checkin"

/* Seconds since 1970-01-01T00:00:00Z of an ISO date-time with its offset
 * (util/date.h datetime_parse_iso): 0, or -CB_EINVAL. */
int meeting_instant_secs(const char *iso, int64_t *ret);

/* The lifetime of a check-in code, in seconds, on date on (ISO) under
 * org_path's overrides: 0 or -CB_ENOTFOUND (no rule in force). */
int meeting_checkin_code_secs(const struct rulebook *rb, const char *on,
    const char *org_path, int64_t *ret);

/*
 * Judges a check-in at instant now (seconds) at meeting m of organisation
 * org_path: open from the rule's open_before_minutes before starts_at to
 * ends_at, for a meeting planned or held (not cancelled).  0 and *ret =
 * ATTENDANCE_PRESENT, or ATTENDANCE_LATE more than late_after_minutes
 * after the start; else -CB_ECONFLICT "meeting_not_open" with a field
 * error on "code" citing the rule (arg: the window, UTC, "FROM/TO").
 */
int meeting_checkin_judge(const struct meeting *m, int64_t now,
    const struct rulebook *rb, const char *org_path,
    enum attendance_status *ret, struct cb_error *err);

#endif
