/*
 * session.c - what a signed-in account's session tells the web
 * application besides who it is: the actions its grants allow somewhere
 * (from the policy of core/policy.c, the one every request is judged by)
 * and the choices the rulebook in force makes today (the kinds of
 * organisation that hold members, the age bands of the figures), with the
 * fixed lists of the model (kinds, genders, statuses, states), so that
 * the application copies neither the policy nor the rulebook.
 */
#include "svc/svc-int.h"

#include <string.h>

#include "core/org-rules.h"
#include "core/reflist.h"
#include "core/stats.h"
#include "core/validate.h"

#include "util/banned.h"

_Static_assert(SESSION_BANDS_MAX >= STATS_BANDS_MAX,
    "struct session_info holds every age band");
_Static_assert(SESSION_REF_LISTS == REF__MAX,
    "struct session_info holds every reference list");

/* The reference lists in force today, nationally (core/reflist.h). */
static int
ref_lists(const struct svc *s, struct session_info *ret, struct cb_error *err)
{
	struct ref_items it;
	int l;

	for (l = 0; l < REF__MAX; l++) {
		if (s->base == NULL ||
		    ref_list_get(s->base, (enum ref_list)l, s->today, &it) !=
		        0) {
			cb_error_detail(err, "svc: rule %s on %s",
			    ref_list_rule((enum ref_list)l), s->today);
			return cb_error_set(err, CB_EINVAL,
			    "rule_not_in_force",
			    ref_list_rule((enum ref_list)l));
		}
		ret->ref_names[l] = it.names;
		ret->ref_codes[l] = it.codes;
		ret->ref_en[l] = it.names_en;
	}
	return 0;
}

/*
 * The kinds that hold members today, nationally (no committee's override:
 * the session is not about one subtree), by core's rule.
 */
static int
member_kinds(const struct svc *s, struct session_info *ret,
    struct cb_error *err)
{
	int k, rc;

	for (k = ORG_KIND_NONE + 1; k < ORG_KIND__MAX; k++) {
		rc = s->base == NULL ?
		    -CB_ENOTFOUND :
		    org_kind_holds_members(s->base, (enum org_kind)k, s->today,
		        NULL, NULL);
		if (rc < 0) {
			cb_error_detail(err, "svc: rule %s on %s",
			    RULE_HOLDING_KINDS, s->today);
			return cb_error_set(err, CB_EINVAL,
			    "rule_not_in_force", RULE_HOLDING_KINDS);
		}
		ret->member_kinds[k] = rc == 1;
	}
	return 0;
}

/* The labels of the age bands in force today, as GET /orgs/{id}/stats
 * writes them and the member list's age_band filter reads them
 * (national, as the figures are: see svc/stats.c). */
static int
age_bands(const struct svc *s, struct session_info *ret, struct cb_error *err)
{
	struct stats_bands b;
	struct rule_ref ref;
	size_t i;

	if (s->base == NULL ||
	    rulebook_lookup(s->base, RULE_STATS_AGE_BANDS, "edges", s->today,
	        NULL, &ref) != 0 ||
	    stats_bands_from_value(ref.value, &b) != 0) {
		cb_error_detail(err, "svc: rule %s on %s",
		    RULE_STATS_AGE_BANDS, s->today);
		return cb_error_set(err, CB_EINVAL, "stats_rule_invalid",
		    RULE_STATS_AGE_BANDS);
	}
	for (i = 0; i <= b.n; i++)
		stats_band_label(&b, i, ret->age_bands[i],
		    sizeof(ret->age_bands[i]));
	ret->nage_bands = b.n + 1;
	return 0;
}

int
svc_session_info(struct svc *s, const struct principal *who,
    struct session_info *ret, struct cb_error *err)
{
	int a, rc;

	memset(ret, 0, sizeof(*ret));
	/* Somewhere in its scope: some grant's subtree (or everywhere).  A
	 * member's reading of its own record is not a grant's: the session's
	 * user.member_id says it. */
	for (a = 0; a < ACT__MAX; a++)
		ret->actions[a] =
		    principal_scope(who, (enum action)a, NULL, 0) != 0;
	if ((rc = member_kinds(s, ret, err)) != 0 ||
	    (rc = age_bands(s, ret, err)) != 0 ||
	    (rc = ref_lists(s, ret, err)) != 0)
		return rc;
	return 0;
}
