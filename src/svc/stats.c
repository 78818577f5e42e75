/*
 * stats.c - organisation figures as the API and the CLI show them: members
 * by status, gender, age band, theory level and ethnicity, and open
 * organisations by kind, for a whole subtree (store-stats.c keeps them).
 * The age bands are the rulebook's (stats.age_bands) on the judging date.
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The age band edges in force on s->today, and the rule's reference.
 * National: a committee override would make subtrees incomparable, so
 * none applies (the lookup has no organisation). */
static int
bands_in_force(struct svc *s, struct stats_bands *ret, struct rule_ref *ref,
    struct cb_error *err)
{
	if (s->base == NULL || rulebook_lookup(s->base, RULE_STATS_AGE_BANDS,
	    "edges", s->today, NULL, ref) != 0 ||
	    stats_bands_from_value(ref->value, ret) != 0) {
		cb_error_detail(err, "svc: rule %s on %s", RULE_STATS_AGE_BANDS,
		    s->today);
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

/* Adds n to key k of object o. */
static int
obj_add(json_t *o, const char *k, int64_t n)
{
	json_t *v = json_object_get(o, k);

	if (v != NULL)
		return json_integer_set(v, json_integer_value(v) + n);
	return json_object_set_new(o, k, json_integer(n));
}

/* A new object set under key k of o (which then owns it); NULL on OOM. */
static json_t *
child(json_t *o, const char *k)
{
	json_t *c = json_object();

	if (c == NULL || json_object_set_new(o, k, c) != 0)
		return NULL;
	return c;
}

static json_t *
stats_to_json(const struct org_stats *f, const char *citation)
{
	const int64_t *c = f->c.v;
	json_t *out, *status, *gender, *age, *theory, *eth, *kinds;
	char label[16];
	size_t i;
	int bad = 0;

	if ((out = json_object()) == NULL)
		return NULL;
	bad |= json_object_set_new(out, "org_id", json_integer(f->org_id));
	bad |= json_object_set_new(out, "as_of", json_string(f->as_of));
	bad |= json_object_set_new(out, "members",
	    json_integer(c[STAT_MEMBERS]));
	status = child(out, "by_status");
	gender = child(out, "by_gender");
	bad |= json_object_set_new(out, "exempted",
	    json_integer(c[STAT_EXEMPTED]));
	age = child(out, "by_age_band");
	theory = child(out, "by_theory_level");
	eth = child(out, "by_ethnicity");
	kinds = child(out, "orgs_by_kind");
	bad |= json_object_set_new(out, "rule", json_pack("{s:s?}",
	    "age_bands", citation));
	if (bad || status == NULL || gender == NULL || age == NULL ||
	    theory == NULL || eth == NULL || kinds == NULL) {
		json_decref(out);
		return NULL;
	}
	bad |= json_object_set_new(status, "official",
	    json_integer(c[STAT_OFFICIAL]));
	bad |= json_object_set_new(status, "probationary",
	    json_integer(c[STAT_PROBATIONARY]));
	bad |= json_object_set_new(status, "unknown", json_integer(
	    c[STAT_MEMBERS] - c[STAT_OFFICIAL] - c[STAT_PROBATIONARY]));
	bad |= json_object_set_new(gender, "male", json_integer(c[STAT_MALE]));
	bad |= json_object_set_new(gender, "female",
	    json_integer(c[STAT_FEMALE]));
	bad |= json_object_set_new(gender, "unknown", json_integer(
	    c[STAT_MEMBERS] - c[STAT_MALE] - c[STAT_FEMALE]));
	for (i = 0; i <= f->bands.n; i++) {
		stats_band_label(&f->bands, i, label, sizeof(label));
		bad |= json_object_set_new(age, label,
		    json_integer(c[STAT_AGE_0 + i]));
	}
	bad |= json_object_set_new(age, "unknown",
	    json_integer(c[STAT_AGE_UNKNOWN]));
	for (i = 0; i < THEORY__MAX; i++)
		bad |= json_object_set_new(theory,
		    theory_level_name((enum theory_level)i),
		    json_integer(c[STAT_THEORY_0 + i]));
	/* Most members first (the store's order); none recorded: unknown. */
	for (i = 0; i < f->neth; i++)
		bad |= obj_add(eth, f->eth[i].name[0] ? f->eth[i].name :
		    "unknown", f->eth[i].n);
	for (i = ORG_KIND_NONE + 1; i < ORG_KIND__MAX; i++)
		bad |= json_object_set_new(kinds,
		    org_kind_name((enum org_kind)i),
		    json_integer(c[STAT_ORG_0 + i - 1]));
	if (bad) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *
svc_org_stats_json(struct svc *s, int64_t org_id, struct cb_error *err)
{
	struct stats_bands b;
	struct org_stats f;
	struct rule_ref ref;
	struct org o;
	json_t *out = NULL;

	org_init(&o);
	org_stats_init(&f);
	/* Outside the scope: not found; the own record's cell alone:
	 * forbidden (figures are ACT_ORG_READ's). */
	if (svc_org_get(s, org_id, &o, err) != 0 ||
	    svc_allow(s, ACT_ORG_READ, o.path, "org_not_found", err) != 0 ||
	    bands_in_force(s, &b, &ref, err) != 0 ||
	    prepare_as_system(s, &b, err) != 0 ||
	    store_org_stats(s->st, org_id, &f, err) != 0)
		goto out;
	if ((out = stats_to_json(&f, ref.citation)) == NULL)
		cb_error_set(err, CB_ENOMEM, "out_of_memory", NULL);
out:
	org_stats_release(&f);
	org_release(&o);
	return out;
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
		used += (size_t)snprintf(allowed + used, sizeof(allowed) - used,
		    "%s, ", want);
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
	if ((i > 0 && (rc = stats_cutoff(s->today, b.edges[i - 1],
	    ret->born_until)) != 0) ||
	    (i < b.n && (rc = stats_cutoff(s->today, b.edges[i],
	    ret->born_after)) != 0))
		return cb_error_set(err, CB_EINVAL, "invalid_date", NULL);
	return 0;
}
