/*
 * render-json.c - the JSON renderings of the use cases' results
 * (render.h): the rules in force, an organisation's detail, the
 * result of a split, the figures, the accounts and the audit trail.
 */
#include "svc/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

/* ------------------------------------------------------------ rules */

json_t *
rule_value_to_json(const struct rule_value *v)
{
	json_t *a;
	size_t i;

	switch (v->type) {
	case RV_INT:
		return json_integer(v->i);
	case RV_TEXT:
		return json_string(v->s ? v->s : "");
	case RV_LIST:
		if ((a = json_array()) == NULL)
			return NULL;
		for (i = 0; i < v->nitems; i++)
			if (json_array_append_new(a,
			        json_string(v->items[i])) != 0) {
				json_decref(a);
				return NULL;
			}
		return a;
	}
	return json_null();
}

static json_t *
citation_json(const struct rule_version *v)
{
	return json_pack("{s:s?, s:s?, s:s?, s:s?}", "doc", v->doc, "date",
	    v->doc_date, "article", v->article, "text", v->citation);
}

/* A committee's override of value k of a version. */
static json_t *
override_json(const struct rule_version *v, size_t k,
    const struct rule_ref *ref)
{
	return json_pack("{s:s, s:o, s:I, s:s, s:o, s:s?}", "value_name",
	    v->values[k].name, "value", rule_value_to_json(ref->value),
	    "org_id", (json_int_t)ref->override->org_id, "effective_from",
	    ref->override->from, "effective_to",
	    ref->override->to[0] ?
	        json_string(ref->override->to) :
	        json_null(),
	    "doc_no", ref->override->doc_no);
}

/*
 * A version with the values in force (the committees' overrides
 * replacing the version's own), and those overrides.  The json_*_new
 * setters and json_pack's "o" take their value even when they fail:
 * what was handed to them is never released here.
 */
static json_t *
version_json(const struct rules_view_version *vv)
{
	const struct rule_version *v = vv->version;
	json_t *vals, *ov, *out;
	size_t k;

	if ((vals = json_object()) == NULL)
		return NULL;
	for (k = 0; k < v->nvalues; k++)
		if (json_object_set_new(vals, v->values[k].name,
		        rule_value_to_json(vv->values[k].value)) != 0) {
			json_decref(vals);
			return NULL;
		}
	out = json_pack("{s:s, s:o, s:o, s:o, s:b, s:s?}", "effective_from",
	    v->from, "effective_to",
	    v->to[0] ? json_string(v->to) : json_null(), "values", vals,
	    "citation", citation_json(v), "confirmed", v->confirmed, "note",
	    v->note);
	if (out == NULL)
		return NULL;
	if ((ov = json_array()) == NULL ||
	    json_object_set_new(out, "overrides", ov) != 0) {
		json_decref(out);
		return NULL;
	}
	for (k = 0; k < v->nvalues; k++) {
		if (vv->values[k].override == NULL)
			continue;
		if (json_array_append_new(ov,
		        override_json(v, k, &vv->values[k])) != 0) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* A rule's declared values: {"months": {"type": "int", "min": 1, ...}}. */
static json_t *
schema_json(const struct rule *r)
{
	static const char *const types[] = { "int", "string", "enum", "list" };
	json_t *out = json_object();
	size_t i, k;

	for (i = 0; out != NULL && i < r->nschema; i++) {
		const struct rule_schema *sc = &r->schema[i];
		const struct rule_schema_scalar *s = &sc->s;
		json_t *one = json_object(), *scal = one;

		if (one == NULL ||
		    json_object_set_new(out, sc->name, one) != 0)
			break;
		json_object_set_new(one, "type", json_string(types[sc->type]));
		if (sc->type == RS_LIST) {
			json_object_set_new(one, "min_items",
			    json_integer((json_int_t)sc->min_items));
			json_object_set_new(one, "max_items",
			    json_integer((json_int_t)sc->max_items));
			if (sc->unique)
				json_object_set_new(one, "unique",
				    json_true());
			if (sc->ascending)
				json_object_set_new(one, "ascending",
				    json_true());
			if ((scal = json_object()) == NULL ||
			    json_object_set_new(one, "items", scal) != 0)
				break;
			json_object_set_new(scal, "type",
			    json_string(types[s->type]));
		}
		if (s->type == RS_INT) {
			json_object_set_new(scal, "min", json_integer(s->min));
			json_object_set_new(scal, "max", json_integer(s->max));
		} else if (s->type == RS_STRING) {
			json_object_set_new(scal, "min_len",
			    json_integer((json_int_t)s->min_len));
			json_object_set_new(scal, "max_len",
			    json_integer((json_int_t)s->max_len));
		} else if (s->type == RS_ENUM) {
			json_t *vals = json_array();

			for (k = 0; vals != NULL && k < s->nvalues; k++)
				json_array_append_new(vals,
				    json_string(s->values[k]));
			json_object_set_new(scal, "values",
			    vals ? vals : json_null());
		}
		if (s->unit != NULL)
			json_object_set_new(scal, "unit",
			    json_string(s->unit));
		if (sc->zero_ok)
			json_object_set_new(one, "zero", json_true());
		if (sc->at_least != NULL)
			json_object_set_new(one, "at_least",
			    json_string(sc->at_least));
	}
	return out;
}

json_t *
rules_ignored_to_json(const struct rules_view *v)
{
	json_t *out = json_array();
	size_t i, k;

	for (i = 0; out != NULL && i < v->nignored; i++) {
		const struct rule_override *o = v->ignored[i];
		struct cb_error why = CB_ERROR_INIT;
		json_t *errs = json_array(), *one;

		/* The reason: the value's error against the rulebook (the
		 * check that svc_rules marked it by). */
		if (v->rb != NULL)
			rulebook_override_check(v->rb, o, &why);
		for (k = 0; errs != NULL && k < why.nfields; k++)
			json_array_append_new(errs,
			    json_pack("{s:s?, s:s?, s:s?, s:s?}", "field",
			        why.fields[k].field, "code",
			        why.fields[k].code, "arg", why.fields[k].arg,
			        "given", why.fields[k].given));
		one = json_pack(
		    "{s:I, s:s, s:s, s:o, s:I, s:s, s:o, s:s?, "
		    "s:o}",
		    "id", (json_int_t)o->id, "rule_id", o->rule_id,
		    "value_name", o->value_name, "value",
		    rule_value_to_json(&o->value), "org_id",
		    (json_int_t)o->org_id, "effective_from", o->from,
		    "effective_to",
		    o->to[0] ? json_string(o->to) : json_null(), "doc_no",
		    o->doc_no, "errors", errs ? errs : json_array());
		cb_error_release(&why);
		if (one == NULL || json_array_append_new(out, one) != 0) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

json_t *
rules_view_to_json(const struct rules_view *v)
{
	json_t *out, *jr, *versions;
	size_t i, j;

	if ((out = json_array()) == NULL)
		return NULL;
	for (i = 0; i < v->n; i++) {
		const struct rules_view_rule *vr = &v->rules[i];

		/* jr, then versions, belong to out once appended. */
		jr = json_pack("{s:s, s:s?, s:s?, s:o}", "id", vr->rule->id,
		    "title_vi", vr->rule->title_vi, "title_en",
		    vr->rule->title_en, "schema", schema_json(vr->rule));
		if (jr == NULL || json_array_append_new(out, jr) != 0 ||
		    (versions = json_array()) == NULL ||
		    json_object_set_new(jr, "versions", versions) != 0)
			goto fail;
		for (j = 0; j < vr->nversions; j++)
			if (json_array_append_new(versions,
			        version_json(&vr->versions[j])) != 0)
				goto fail;
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

/* ------------------------------------------------------------- orgs */

json_t *
org_warnings_to_json(const struct org_warnings *w)
{
	json_t *out;
	size_t i;

	if ((out = json_array()) == NULL)
		return NULL;
	for (i = 0; i < w->n; i++) {
		const struct org_warning *x = &w->items[i];

		if (json_array_append_new(out,
		        json_pack("{s:s, s:I, s:s, s:s?}", "code", x->code,
		            "min", (json_int_t)x->min, "rule", x->rule_id,
		            "citation", x->citation)) != 0) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

json_t *
org_counts_to_json(const struct org_counts *c)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "members_direct",
	    (json_int_t)c->direct, "members", (json_int_t)c->subtree,
	    "official", (json_int_t)c->subtree_official, "probationary",
	    (json_int_t)c->subtree_probationary, "children",
	    (json_int_t)c->children, "descendants",
	    (json_int_t)c->descendants);
}

json_t *
org_detail_to_json(const struct org_detail *d)
{
	const struct org *o = d->org, *p = &d->parent;
	json_t *out, *children, *k;
	size_t i;

	if ((out = org_to_json(o)) == NULL)
		return NULL;
	if (d->record_only) {
		/* The parent by id, as for one outside the scope. */
		if (json_object_set_new(out, "parent",
		        o->parent_id == 0 ?
		            json_null() :
		            json_pack("{s:I}", "id",
		                (json_int_t)o->parent_id)) != 0)
			goto fail;
		return out;
	}
	/* What is set in out (children, then each k) belongs to it. */
	if (json_object_set_new(out, "counts",
	        org_counts_to_json(&d->counts)) != 0 ||
	    json_object_set_new(out, "warnings",
	        org_warnings_to_json(&d->warnings)) != 0 ||
	    json_object_set_new(out, "parent",
	        o->parent_id == 0 ?
	            json_null() :
	            p->id == 0 ?
	            json_pack("{s:I}", "id", (json_int_t)o->parent_id) :
	            json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)p->id,
	                "name", p->name, "code", p->code, "kind",
	                org_kind_name(p->kind))) != 0 ||
	    (children = json_array()) == NULL ||
	    json_object_set_new(out, "children", children) != 0)
		goto fail;
	for (i = 0; i < d->children.n; i++)
		if ((k = org_to_json(&d->children.items[i])) == NULL ||
		    json_array_append_new(children, k) != 0 ||
		    json_object_set_new(k, "counts",
		        org_counts_to_json(&d->child_counts[i])) != 0)
			goto fail;
	return out;
fail:
	json_decref(out);
	return NULL;
}

json_t *
org_split_to_json(const struct org_split_result *r)
{
	json_t *ids;
	size_t i;

	if ((ids = json_array()) == NULL)
		return NULL;
	for (i = 0; i < r->n; i++)
		if (json_array_append_new(ids, json_integer(r->ids[i])) != 0) {
			json_decref(ids);
			return NULL;
		}
	return json_pack("{s:o}", "created", ids);
}

/* ---------------------------------------------------------- figures */

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

json_t *
org_stats_to_json(const struct org_stats_report *r)
{
	const struct org_stats *f = &r->stats;
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
	bad |= json_object_set_new(out, "rule",
	    json_pack("{s:s?}", "age_bands", r->age_bands.citation));
	if (bad || status == NULL || gender == NULL || age == NULL ||
	    theory == NULL || eth == NULL || kinds == NULL) {
		json_decref(out);
		return NULL;
	}
	bad |= json_object_set_new(status, "official",
	    json_integer(c[STAT_OFFICIAL]));
	bad |= json_object_set_new(status, "probationary",
	    json_integer(c[STAT_PROBATIONARY]));
	bad |= json_object_set_new(status, "unknown",
	    json_integer(c[STAT_MEMBERS] - c[STAT_OFFICIAL] -
	        c[STAT_PROBATIONARY]));
	bad |= json_object_set_new(gender, "male", json_integer(c[STAT_MALE]));
	bad |= json_object_set_new(gender, "female",
	    json_integer(c[STAT_FEMALE]));
	bad |= json_object_set_new(gender, "unknown",
	    json_integer(c[STAT_MEMBERS] - c[STAT_MALE] - c[STAT_FEMALE]));
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
		bad |= obj_add(eth,
		    f->eth[i].name[0] ? f->eth[i].name : "unknown",
		    f->eth[i].n);
	/* The groups too small to show by name (privacy.small_figures). */
	if (r->eth_small_groups > 0)
		bad |= obj_add(eth, "other_small", r->eth_small);
	if (r->small_min > 0) {
		bad |= json_object_set_new(out, "ethnicity_min_count",
		    json_integer(r->small_min));
		bad |= json_object_set_new(json_object_get(out, "rule"),
		    "small_figures",
		    json_string(r->small_figures.citation ?
		            r->small_figures.citation :
		            ""));
	}
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

/* --------------------------------------------------------- accounts */

/* A grant's options as a JSON array of names ("contacts"). */
static json_t *
grant_options_json(unsigned opts)
{
	json_t *a = json_array();
	unsigned bit;

	for (bit = 1; a != NULL && bit != 0 && bit <= GRANT_OPT_ALL; bit <<= 1)
		if ((opts & bit) && grant_option_name(bit) != NULL)
			json_array_append_new(a,
			    json_string(grant_option_name(bit)));
	return a;
}

/* The grants as the API shows them: role, organisation and options. */
static json_t *
grants_json(const struct grant *g, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < n; i++)
		json_array_append_new(a,
		    json_pack("{s:s, s:I, s:s?, s:s?, s:o}", "role",
		        role_name(g[i].role), "org_id",
		        (json_int_t)g[i].org_id, "org_code", g[i].org_code,
		        "org_name", g[i].org_name, "options",
		        grant_options_json(g[i].options)));
	return a;
}

json_t *
principal_to_json(const struct principal *p)
{
	json_t *grants = grants_json(p->grants, p->ngrants);

	return json_pack("{s:I, s:s?, s:s?, s:o, s:o}", "user_id",
	    (json_int_t)p->user_id, "username", p->username, "display_name",
	    p->display_name, "member_id",
	    p->member_id ? json_integer(p->member_id) : json_null(), "grants",
	    grants);
}

json_t *
user_to_json(const struct user *u)
{
	/* No password hash here, ever: struct user does not even hold one. */
	json_t *grants = grants_json(u->grants, u->ngrants);

	return json_pack("{s:I, s:s, s:s?, s:o, s:b, s:o, s:s?}", "id",
	    (json_int_t)u->id, "username", u->username, "display_name",
	    u->display_name, "member_id",
	    u->member_id ? json_integer(u->member_id) : json_null(),
	    "disabled", u->disabled, "grants", grants, "created_at",
	    u->created_at);
}

json_t *
api_token_to_json(const struct api_token *t)
{
	return json_pack("{s:I, s:s?, s:s?, s:s?, s:s?, s:o, s:o, s:o}", "id",
	    (json_int_t)t->id, "user", t->username, "name", t->name, "prefix",
	    t->prefix, "created_at", t->created_at, "expires_at",
	    t->expires_at ? json_string(t->expires_at) : json_null(),
	    "revoked_at",
	    t->revoked_at ? json_string(t->revoked_at) : json_null(),
	    "last_used_at",
	    t->last_used_at ? json_string(t->last_used_at) : json_null());
}

/* ------------------------------------------------------------ audit */

static json_t *
loads_or_null(const char *s)
{
	json_t *j = s ? json_loads(s, JSON_DECODE_ANY, NULL) : NULL;

	return j ? j : json_null();
}

/* The import an entry belongs to: a member entry's detail
 * "import_batch", an import's batch; 0: none. */
static int64_t
entry_batch(const struct audit_entry *e)
{
	json_t *d, *b;
	int64_t id = 0;

	if (e->object_type != NULL && strcmp(e->object_type, "batch") == 0 &&
	    e->action != NULL && strcmp(e->action, "member.import") == 0)
		return e->object_id;
	if (e->detail == NULL || strstr(e->detail, "import_batch") == NULL ||
	    (d = json_loads(e->detail, JSON_DECODE_ANY, NULL)) == NULL)
		return 0;
	b = json_is_object(d) ? json_object_get(d, "import_batch") : NULL;
	if (json_is_integer(b) && json_integer_value(b) > 0)
		id = json_integer_value(b);
	json_decref(d);
	return id;
}

json_t *
audit_entry_to_json(const struct audit_entry *e, enum lang lang)
{
	char *label = svc_audit_label(e, lang);
	int64_t batch = entry_batch(e);
	json_t *j;

	if (label == NULL)
		return NULL;
	j = json_pack(
	    "{s:I, s:s, s:s?, s:s?, s:o, s:s?, s:s?, s:s, s:s?, s:o, s:s?,"
	    " s:o, s:o, s:o, s:o, s:o, s:s, s:s}",
	    "id", (json_int_t)e->id, "at", e->at, "actor", e->actor,
	    "actor_name", e->actor_name, "user_id",
	    e->user_id ? json_integer(e->user_id) : json_null(), "addr",
	    e->addr, "action", e->action, "label", label, "object_type",
	    e->object_type, "object_id",
	    e->object_id ? json_integer(e->object_id) : json_null(),
	    "object_name", e->object_name, "org_id",
	    e->org_id ? json_integer(e->org_id) : json_null(), "before",
	    loads_or_null(e->before), "after", loads_or_null(e->after),
	    "detail", loads_or_null(e->detail), "import_batch",
	    batch ? json_integer(batch) : json_null(), "prev_hash",
	    e->prev_hash, "hash", e->hash);
	free(label);
	return j;
}

/* ------------------------------------------------------- probation */

static json_t *
rule_ref_json(const struct rule_ref *ref)
{
	if (ref->version == NULL)
		return json_null();
	return json_pack("{s:s, s:o, s:o}", "id", ref->rule_id, "value",
	    ref->value ? rule_value_to_json(ref->value) : json_null(),
	    "citation", citation_json(ref->version));
}

static const char *
probation_state_name(enum probation_state st)
{
	return st == PROBATION_OVERDUE ?
	    "overdue" :
	    st == PROBATION_DUE ?
	    "due" :
	    "running";
}

json_t *
probation_to_json(const struct probation_report *r)
{
	json_t *items, *out;
	size_t i;

	if ((items = json_array()) == NULL)
		return NULL;
	for (i = 0; i < r->n; i++) {
		const struct probation_entry *x = &r->items[i];

		if (json_array_append_new(items,
		        json_pack("{s:I, s:s?, s:I, s:s?, s:s, s:s, s:I, s:s, "
		                  "s:s, s:s?}",
		            "member_id", (json_int_t)x->m.id, "full_name",
		            x->m.full_name, "org_id", (json_int_t)x->m.org_id,
		            "org_name", x->org_name, "admitted_on",
		            x->m.admitted_on, "ends_on", x->v.ends_on, "days",
		            (json_int_t)x->v.days, "state",
		            probation_state_name(x->v.state), "rule",
		            x->v.rule.rule_id, "citation",
		            x->v.rule.citation)) != 0) {
			json_decref(items);
			return NULL;
		}
	}
	out = json_pack("{s:s, s:I, s:{s:o, s:o}, s:o, s:b}", "on", r->today,
	    "notice_days", (json_int_t)r->notice_days, "rules", "period",
	    rule_ref_json(&r->period), "notice", rule_ref_json(&r->notice),
	    "items", items, "truncated", r->truncated);
	return out;
}
