/* org-rules.c - the rulebook's judgements of an organisation
 * (org-rules.h). */
#include "core/org-rules.h"

#include <stdio.h>
#include <string.h>

#include "core/validate.h"

#include "util/banned.h"

int
org_kind_holds_members(const struct rulebook *rb, enum org_kind k,
    const char *on, const char *org_path, struct rule_ref *ret_ref)
{
	struct rule_ref ref;

	if (rulebook_lookup(rb, RULE_HOLDING_KINDS, "kinds", on, org_path,
	        &ref) != 0)
		return -CB_ENOTFOUND;
	if (ret_ref != NULL)
		*ret_ref = ref;
	return rule_value_has(ref.value, org_kind_name(k)) ? 1 : 0;
}

bool
org_cell_below_min(const struct rulebook *rb, const struct org *o,
    int64_t official, const char *on, int64_t *ret_min,
    struct rule_ref *ret_ref)
{
	if (o->kind != ORG_CELL && o->kind != ORG_GRASSROOTS_CELL)
		return false;
	if (!org_active_on(o, on))
		return false;
	if (rulebook_int(rb, RULE_CELL_MIN_OFFICIAL, "min", on, o->path,
	        ret_min, ret_ref) != 0)
		return false;
	return official < *ret_min;
}

int
org_kind_change_check(const struct rulebook *rb, enum org_kind to,
    int64_t direct, const char *on, const char *org_path, struct cb_error *err)
{
	char n[24];

	if (direct <= 0 ||
	    (rb != NULL &&
	        org_kind_holds_members(rb, to, on, org_path, NULL) == 1))
		return 0;
	snprintf(n, sizeof(n), "%lld", (long long)direct);
	return cb_error_field(err, 0, "kind", "org_has_members", n);
}

int
org_close_check(int64_t members, int64_t children, struct cb_error *err)
{
	char n[24];

	if (members > 0) {
		snprintf(n, sizeof(n), "%lld", (long long)members);
		return cb_error_field(err, 0, "valid_to", "org_has_members",
		    n);
	}
	if (children > 0) {
		snprintf(n, sizeof(n), "%lld", (long long)children);
		return cb_error_field(err, 0, "valid_to", "org_has_children",
		    n);
	}
	return 0;
}

void
org_warnings(const struct rulebook *rb, const struct org *o, int64_t official,
    const char *on, struct org_warnings *ret)
{
	struct rule_ref ref;
	int64_t min;

	memset(ret, 0, sizeof(*ret));
	if (rb == NULL)
		return;
	if (org_cell_below_min(rb, o, official, on, &min, &ref)) {
		struct org_warning *w = &ret->items[ret->n++];

		w->code = "cell_below_min_official";
		w->min = min;
		w->rule_id = ref.rule_id;
		w->citation = ref.citation;
	}
}

/* True if [a1, a2] and [b1, b2] share a day ("" ends: open). */
static bool
periods_overlap(const char *a1, const char *a2, const char *b1, const char *b2)
{
	return (b2[0] == '\0' || strcmp(a1, b2) <= 0) &&
	    (a2[0] == '\0' || strcmp(b1, a2) <= 0);
}

int
org_officer_check(const struct org_officer *o, const char *org_path,
    const struct member *m, const char *member_path,
    const struct org_officer *others, size_t n, const char *today,
    struct cb_error *err)
{
	size_t i;
	int bad = 0;

	if (o->started_on[0] && strcmp(o->started_on, today) > 0)
		bad = cb_error_field(err, 0, "started_on", "date_in_future",
		    today);
	if (o->started_on[0] && o->ended_on[0] &&
	    strcmp(o->ended_on, o->started_on) < 0)
		bad = cb_error_field(err, 0, "ended_on", "date_before",
		    "started_on");
	if (m->state != MSTATE_ACTIVE)
		bad = cb_error_field(err, 0, "member_id", "member_not_active",
		    member_state_name(m->state));
	else if (member_path == NULL || org_path == NULL ||
	    strncmp(member_path, org_path, strlen(org_path)) != 0)
		bad = cb_error_field(err, 0, "member_id", "officer_not_in_org",
		    m->full_name);
	for (i = 0; i < n; i++)
		if (others[i].member_id == o->member_id &&
		    others[i].position == o->position &&
		    periods_overlap(o->started_on, o->ended_on,
		        others[i].started_on, others[i].ended_on)) {
			bad = cb_error_field(err, 0, "position",
			    "officer_duplicate", NULL);
			break;
		}
	return bad ? -CB_EINVAL : 0;
}
