/*
 * member-event.h - the member state machine: which events a member's
 * record accepts in which state and status, and what each of them
 * changes.  Pure: the caller (svc/member.c) reads the record and its
 * organisation from the store, applies the event here, validates the
 * result (member_validate) and writes it.
 */
#ifndef CHIBO_CORE_MEMBER_EVENT_H
#define CHIBO_CORE_MEMBER_EVENT_H

#include <stdbool.h>

#include "core/model.h"
#include "core/rulebook.h"
#include "util/err.h"

/*
 * The checks of event e on m that need neither the rules nor m's
 * organisation: every error member_event_apply returns but
 * "rule_not_in_force" and "not_yet_official".  Returns 0 or -CB_EINVAL
 * with the field error in err.
 */
int member_event_check(const struct member *m, const struct member_event *e,
    const char *today, struct cb_error *err);
/* True if member_event_apply needs the path of m's organisation for e
 * (made_official: the committees' overrides of the probation rule); the
 * caller reads it only then, after member_event_check. */
bool member_event_needs_org(const struct member_event *e);
/*
 * Applies event e to m (the stored record, changed in place) on the
 * judging date today (ISO).  org_path is the path of m's organisation
 * (NULL: none), which selects the committee overrides of the probation
 * rule.  The events:
 *
 * - admitted: a re-admission, only off the rolls: on the rolls again,
 *   probationary from e->on, the decision, official and exemption dates
 *   cleared; in organisation e->org_id when it names one;
 * - made_official: on the rolls and probationary, not before the end of
 *   the probation (rule member.probation: official_on is set from it);
 * - moved (on the rolls) / transferred_in (any state): to e->org_id,
 *   which is required; on the rolls;
 * - exempted: on the rolls and not yet exempt; exemption_ended: exempt;
 * - transferred_out, died, removed, expelled, left: on the rolls; off
 *   them in the state of that name.
 *
 * No event may be dated after today, nor (but a re-admission) before
 * the admission.  Returns 0, or -CB_EINVAL with the field error in err
 * ("invalid_event", "member_not_active", "already_official",
 * "rule_not_in_force", "not_yet_official" with the rule and its
 * citation, "already_exempt", "not_exempt", "required",
 * "date_in_future", "date_before").  It runs member_event_check first
 * and changes nothing when that fails; m may be changed on a later
 * failure.
 */
int member_event_apply(struct member *m, const struct member_event *e,
    const struct rulebook *rb, const char *org_path, const char *today,
    struct cb_error *err);

#endif
