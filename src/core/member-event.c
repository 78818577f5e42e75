/* member-event.c - the member state machine (member-event.h). */
#include "core/member-event.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/validate.h"

#include "util/banned.h"

static int
event_error(struct cb_error *err, const char *why)
{
	return cb_error_field(err, 0, "kind", "invalid_event", why);
}

static int
not_active(struct cb_error *err, const struct member *m)
{
	return cb_error_field(err, 0, "kind", "member_not_active",
	    member_state_name(m->state));
}

int
member_event_check(const struct member *m, const struct member_event *e,
    const char *today, struct cb_error *err)
{
	bool active = m->state == MSTATE_ACTIVE;

	if (strcmp(e->on, today) > 0)
		return cb_error_field(err, 0, "on", "date_in_future", today);
	if (e->kind != MEV_ADMITTED && m->admitted_on[0] &&
	    strcmp(e->on, m->admitted_on) < 0)
		return cb_error_field(err, 0, "on", "date_before",
		    "admitted_on");
	switch (e->kind) {
	case MEV_ADMITTED:
		if (active)
			return event_error(err, "active");
		return 0;
	case MEV_MADE_OFFICIAL:
		if (!active)
			return not_active(err, m);
		if (m->status == MSTATUS_OFFICIAL)
			return cb_error_field(err, 0, "kind",
			    "already_official", NULL);
		return 0;
	case MEV_TRANSFERRED_IN:
	case MEV_MOVED:
		if (e->org_id <= 0)
			return cb_error_field(err, 0, "org_id", "required",
			    NULL);
		if (e->kind == MEV_MOVED && !active)
			return not_active(err, m);
		return 0;
	case MEV_EXEMPTED:
		if (!active)
			return not_active(err, m);
		if (m->exempt_since[0])
			return cb_error_field(err, 0, "kind", "already_exempt",
			    NULL);
		return 0;
	case MEV_EXEMPTION_ENDED:
		if (m->exempt_since[0] == '\0')
			return cb_error_field(err, 0, "kind", "not_exempt",
			    NULL);
		return 0;
	case MEV_TRANSFERRED_OUT:
	case MEV_DIED:
	case MEV_REMOVED:
	case MEV_EXPELLED:
	case MEV_LEFT:
		if (!active)
			return not_active(err, m);
		return 0;
	default:
		return event_error(err, member_event_kind_name(e->kind));
	}
}

bool
member_event_needs_org(const struct member_event *e)
{
	return e->kind == MEV_MADE_OFFICIAL;
}

int
member_event_apply(struct member *m, const struct member_event *e,
    const struct rulebook *rb, const char *org_path, const char *today,
    struct cb_error *err)
{
	struct rule_ref ref;
	int rc;

	if ((rc = member_event_check(m, e, today, err)) != 0)
		return rc;
	switch (e->kind) {
	case MEV_ADMITTED:
		m->state = MSTATE_ACTIVE;
		m->status = MSTATUS_PROBATIONARY;
		snprintf(m->admitted_on, DATE_LEN, "%s", e->on);
		m->admission_decision_date[0] = '\0';
		m->official_on[0] = '\0';
		m->exempt_since[0] = '\0';
		if (e->org_id)
			m->org_id = e->org_id;
		return 0;
	case MEV_MADE_OFFICIAL:
		if (member_official_date(rb, m->admitted_on, org_path,
		        m->official_on, &ref) != 0)
			return cb_error_field(err, 0, "kind",
			    "rule_not_in_force", RULE_PROBATION);
		if (strcmp(e->on, m->official_on) < 0)
			return cb_error_field_rule(err, 0, "on",
			    "not_yet_official", m->official_on, ref.rule_id,
			    ref.citation);
		m->status = MSTATUS_OFFICIAL;
		return 0;
	case MEV_TRANSFERRED_IN:
	case MEV_MOVED:
		m->org_id = e->org_id;
		m->state = MSTATE_ACTIVE;
		return 0;
	case MEV_EXEMPTED:
		snprintf(m->exempt_since, DATE_LEN, "%s", e->on);
		return 0;
	case MEV_EXEMPTION_ENDED:
		m->exempt_since[0] = '\0';
		return 0;
	default: /* transferred_out, died, removed, expelled, left */
		m->state = e->kind == MEV_TRANSFERRED_OUT ?
		    MSTATE_TRANSFERRED_OUT :
		    e->kind == MEV_DIED ?
		    MSTATE_DIED :
		    e->kind == MEV_REMOVED ?
		    MSTATE_REMOVED :
		    e->kind == MEV_EXPELLED ?
		    MSTATE_EXPELLED :
		    MSTATE_LEFT;
		return 0;
	}
}
