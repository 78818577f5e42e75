/*
 * stats.c - organisation figures as the API and the CLI show them: members
 * by status, gender, age band, theory level and ethnicity, and open
 * organisations by kind, for a whole subtree (store-stats.c keeps them).
 * The age bands are the rulebook's (stats.age_bands) on the judging date.
 */
#include "svc/svc-int.h"

#include "core/privacy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

/* The age band edges in force on s->today, and the rule's reference.
 * National: a committee override would make subtrees incomparable, so
 * none applies (the lookup has no organisation). */
static int
bands_in_force(struct svc *s, struct stats_bands *ret, struct rule_ref *ref,
    struct cb_error *err)
{
	if (s->base == NULL ||
	    rulebook_lookup(s->base, RULE_STATS_AGE_BANDS, "edges", s->today,
	        NULL, ref) != 0 ||
	    stats_bands_from_value(ref->value, ret) != 0) {
		cb_error_detail(err, "svc: rule %s on %s",
		    RULE_STATS_AGE_BANDS, s->today);
		return cb_error_set(err, CB_EINVAL, "stats_rule_invalid",
		    RULE_STATS_AGE_BANDS);
	}
	return 0;
}

/* Brings the figures to s->today with bands b, as the system: the caller
 * has checked that its principal may read them. */
static int
prepare_as_system(struct svc *s, const struct stats_bands *b,
    struct cb_error *err)
{
	const struct principal *who = store_principal(s->st);
	int rc;

	store_set_principal(s->st, NULL);
	rc = store_stats_prepare(s->st, s->today, b, err);
	store_set_principal(s->st, who);
	return rc;
}

int
svc_stats_prepare(struct svc *s, struct cb_error *err)
{
	struct stats_bands b;
	struct rule_ref ref;
	int rc;

	if ((rc = bands_in_force(s, &b, &ref, err)) != 0)
		return rc;
	return prepare_as_system(s, &b, err);
}

int
svc_stats_setup(struct store *st, struct cb_error *err)
{
	struct cb_error ignored = CB_ERROR_INIT;
	struct stats_bands b;
	struct rule_ref ref;
	struct rulebook rb;
	struct svc s;
	int rc = 0;

	/* A rulebook (CHIBO_RULES) without a usable rule does not stop a
	 * migration: the first read of the figures reports it. */
	rulebook_init(&rb);
	if (rules_load_base(&rb, &ignored) == 0) {
		svc_init(&s, st, &rb, "system");
		if (bands_in_force(&s, &b, &ref, &ignored) == 0)
			rc = prepare_as_system(&s, &b, err);
		svc_release(&s);
	}
	rulebook_release(&rb);
	cb_error_release(&ignored);
	return rc;
}

void
org_stats_report_init(struct org_stats_report *r)
{
	memset(r, 0, sizeof(*r));
	org_stats_init(&r->stats);
}

void
org_stats_report_release(struct org_stats_report *r)
{
	org_stats_release(&r->stats);
	org_stats_report_init(r);
}

/*
 * Small figures (privacy.small_figures): for a principal who may not see
 * the members' personal data there, the ethnic groups counted fewer than
 * min_count times are shown together, so that a figure of 1 or 2 next to
 * a list of names does not tell who is of which group.  "No ethnicity
 * recorded" is kept.  The totals do not change.
 */
static void
small_figures(struct svc *s, const char *path, struct org_stats_report *r)
{
	struct org_stats *f = &r->stats;
	int64_t min = 0;
	size_t i, k = 0;

	if (principal_may(s->who, ACT_MEMBER_PERSONAL, path) ||
	    rulebook_int(s->base, PRIVACY_FIGURES_RULE, PRIVACY_MIN_COUNT,
	        s->today, NULL, &min, &r->small_figures) != 0 ||
	    min <= 1)
		return;
	r->small_min = min;
	for (i = 0; i < f->neth; i++) {
		if (f->eth[i].name[0] != '\0' && f->eth[i].n < min) {
			r->eth_small += f->eth[i].n;
			r->eth_small_groups++;
			free(f->eth[i].name);
			continue;
		}
		f->eth[k++] = f->eth[i];
	}
	f->neth = k;
}

int
svc_org_stats(struct svc *s, int64_t org_id, struct org_stats_report *ret,
    struct cb_error *err)
{
	struct stats_bands b;
	struct org o;
	int rc;

	org_init(&o);
	org_stats_report_release(ret);
	/* Outside the scope: not found; the own record's cell alone:
	 * forbidden (figures are ACT_ORG_READ's). */
	if ((rc = svc_org_get(s, org_id, &o, err)) != 0 ||
	    (rc = svc_allow(s, ACT_ORG_READ, o.path, "org_not_found", err)) !=
	        0 ||
	    (rc = bands_in_force(s, &b, &ret->age_bands, err)) != 0 ||
	    (rc = prepare_as_system(s, &b, err)) != 0 ||
	    (rc = store_org_stats(s->st, org_id, &ret->stats, err)) != 0)
		org_stats_report_release(ret);
	else
		small_figures(s, o.path, ret);
	org_release(&o);
	return rc;
}

int
svc_member_query_age_band(struct svc *s, const char *label,
    struct member_age_filter *ret, struct cb_error *err)
{
	struct stats_bands b;
	struct rule_ref ref;
	char want[32], allowed[256];
	size_t i, used = 0;
	int rc;

	memset(ret, 0, sizeof(*ret));
	if (strcmp(label, "unknown") == 0) {
		ret->birth_unknown = true;
		return 0;
	}
	if ((rc = bands_in_force(s, &b, &ref, err)) != 0)
		return rc;
	allowed[0] = '\0';
	for (i = 0; i <= b.n; i++) {
		stats_band_label(&b, i, want, sizeof(want));
		if (strcmp(want, label) == 0)
			break;
		used += (size_t)snprintf(allowed + used,
		    sizeof(allowed) - used, "%s, ", want);
		if (used >= sizeof(allowed))
			used = sizeof(allowed) - 1;
	}
	if (i > b.n) {
		snprintf(allowed + used, sizeof(allowed) - used, "unknown");
		cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
		return cb_error_field(err, 0, "age_band", "invalid_value",
		    allowed);
	}
	/* Band i: at least edges[i - 1] years old and under edges[i] on
	 * s->today, that is born on or before the first edge's cutoff and
	 * after the second's. */
	if ((i > 0 &&
	        (rc = stats_cutoff(s->today, b.edges[i - 1],
	             ret->born_until)) != 0) ||
	    (i < b.n &&
	        (rc = stats_cutoff(s->today, b.edges[i], ret->born_after)) !=
	            0))
		return cb_error_set(err, CB_EINVAL, "invalid_date", NULL);
	return 0;
}
