/* rules.c - the rulebook file, its JSON views and committee overrides. */
#include "svc/svc-int.h"
#include "svc/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/discipline.h"
#include "core/validate.h"
#include "util/date.h"

#include "util/banned.h"

static char *
json_strdup(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL ? strdup(s) : NULL;
}

/* Fills v (named name) from a JSON value: integer, string or array of
 * strings.  Returns 0 or -CB_EINVAL / -CB_ENOMEM. */
static int
value_from_json(const char *name, const json_t *j, struct rule_value *v)
{
	size_t i;

	memset(v, 0, sizeof(*v));
	if ((v->name = strdup(name)) == NULL)
		return -CB_ENOMEM;
	if (json_is_integer(j)) {
		v->type = RV_INT;
		v->i = json_integer_value(j);
		return 0;
	}
	if (json_is_string(j)) {
		v->type = RV_TEXT;
		if ((v->s = strdup(json_string_value(j))) == NULL)
			return -CB_ENOMEM;
		return 0;
	}
	if (!json_is_array(j))
		return -CB_EINVAL;
	v->type = RV_LIST;
	v->items = calloc(json_array_size(j) + 1, sizeof(*v->items));
	if (v->items == NULL)
		return -CB_ENOMEM;
	for (i = 0; i < json_array_size(j); i++) {
		const char *s = json_string_value(json_array_get(j, i));

		if (s == NULL)
			return -CB_EINVAL;
		if ((v->items[i] = strdup(s)) == NULL)
			return -CB_ENOMEM;
		v->nitems++;
	}
	return 0;
}

/* "294-QĐ/TW (26/05/2025), Điểm 1.1" */
static char *
format_citation(const char *doc, const char *date, const char *article)
{
	struct date d;
	char vn[DATE_LEN];
	char *out = NULL;

	if (doc == NULL)
		return NULL;
	vn[0] = '\0';
	if (date != NULL && date_parse_iso(date, &d) == 0)
		date_format_vn(&d, vn);
	/* "294-QĐ/TW, 26/05/2025, Điểm 1.1": commas only, so a citation
	 * shown in brackets has none nested inside. */
	if (asprintf(&out, "%s%s%s%s%s", doc, vn[0] ? ", " : "", vn,
	        article ? ", " : "", article ? article : "") < 0)
		return NULL;
	return out;
}

static int
version_from_json(const json_t *j, struct rule_version *v)
{
	const json_t *vals = json_object_get(j, "values");
	const json_t *cit = json_object_get(j, "citation");
	const char *from = json_string_value(json_object_get(j,
	    "effective_from"));
	const char *to = json_string_value(json_object_get(j, "effective_to"));
	const char *key;
	json_t *val;
	int rc;

	memset(v, 0, sizeof(*v));
	if (from == NULL || strlen(from) >= DATE_LEN ||
	    !json_is_object(vals) || !json_is_object(cit))
		return -CB_EINVAL;
	snprintf(v->from, sizeof(v->from), "%s", from);
	if (to != NULL) {
		if (strlen(to) >= DATE_LEN)
			return -CB_EINVAL;
		snprintf(v->to, sizeof(v->to), "%s", to);
	}
	v->values = calloc(json_object_size(vals) + 1, sizeof(*v->values));
	if (v->values == NULL)
		return -CB_ENOMEM;
	json_object_foreach((json_t *)vals, key, val)
	{
		if ((rc = value_from_json(key, val, &v->values[v->nvalues])))
			return rc;
		v->nvalues++;
	}
	v->doc = json_strdup(cit, "doc");
	v->doc_date = json_strdup(cit, "date");
	v->article = json_strdup(cit, "article");
	v->citation = format_citation(v->doc, v->doc_date, v->article);
	v->confirmed = json_is_true(json_object_get(j, "confirmed"));
	v->note = json_strdup(j, "note");
	return v->doc == NULL ? -CB_EINVAL : 0;
}

static bool
keys_known(const json_t *obj, const char *const *known)
{
	const char *key;
	json_t *val;
	size_t i;

	json_object_foreach((json_t *)obj, key, val)
	{
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(key, known[i]) == 0)
				break;
		if (known[i] == NULL)
			return false;
	}
	return true;
}

/* A size from an optional non-negative integer member (def if absent). */
static bool
size_member(const json_t *j, const char *key, size_t def, size_t *ret)
{
	const json_t *v = json_object_get(j, key);

	if (v == NULL) {
		*ret = def;
		return true;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 1000000)
		return false;
	*ret = (size_t)json_integer_value(v);
	return true;
}

/* The scalar part of a schema (a value or a list's items).  Returns 0 or
 * -CB_EINVAL / -CB_ENOMEM. */
static int
scalar_from_json(const json_t *j, struct rule_schema_scalar *s)
{
	static const char *const known[] = { "type", "min", "max", "unit",
		"min_len", "max_len", "values", "zero", "at_least", "unique",
		"ascending", "min_items", "max_items", "items", "note", NULL };
	const char *type = json_string_value(json_object_get(j, "type"));
	const json_t *vals = json_object_get(j, "values");
	const char *unit = json_string_value(json_object_get(j, "unit"));
	size_t i;

	if (!json_is_object(j) || type == NULL || !keys_known(j, known))
		return -CB_EINVAL;
	if (unit != NULL && (s->unit = strdup(unit)) == NULL)
		return -CB_ENOMEM;
	if (strcmp(type, "int") == 0) {
		const json_t *min = json_object_get(j, "min");
		const json_t *max = json_object_get(j, "max");

		s->type = RS_INT;
		if (!json_is_integer(min) || !json_is_integer(max) ||
		    json_integer_value(min) > json_integer_value(max))
			return -CB_EINVAL;
		s->min = json_integer_value(min);
		s->max = json_integer_value(max);
		return 0;
	}
	if (strcmp(type, "string") == 0) {
		s->type = RS_STRING;
		if (json_object_get(j, "max_len") == NULL ||
		    !size_member(j, "min_len", 0, &s->min_len) ||
		    !size_member(j, "max_len", 0, &s->max_len) ||
		    s->min_len > s->max_len)
			return -CB_EINVAL;
		return 0;
	}
	if (strcmp(type, "enum") != 0 || !json_is_array(vals) ||
	    json_array_size(vals) == 0)
		return -CB_EINVAL;
	s->type = RS_ENUM;
	if ((s->values = calloc(json_array_size(vals), sizeof(char *))) ==
	    NULL)
		return -CB_ENOMEM;
	for (i = 0; i < json_array_size(vals); i++) {
		const char *v = json_string_value(json_array_get(vals, i));

		if (v == NULL)
			return -CB_EINVAL;
		if ((s->values[i] = strdup(v)) == NULL)
			return -CB_ENOMEM;
		s->nvalues++;
	}
	return 0;
}

/* One value's schema: {"type": "int", "min": 1, "max": 36, ...} or
 * {"type": "list", "min_items": 1, "max_items": 7, "items": {...}}. */
static int
schema_from_json(const char *name, const json_t *j, struct rule_schema *sc)
{
	const char *type = json_string_value(json_object_get(j, "type"));
	const char *at_least = json_string_value(json_object_get(j,
	    "at_least"));
	int rc;

	memset(sc, 0, sizeof(*sc));
	if ((sc->name = strdup(name)) == NULL)
		return -CB_ENOMEM;
	if (type == NULL)
		return -CB_EINVAL;
	if (strcmp(type, "list") == 0) {
		const json_t *items = json_object_get(j, "items");
		static const char *const known[] = { "type", "min_items",
			"max_items", "items", "unique", "ascending", "note",
			NULL };

		sc->type = RS_LIST;
		if (!keys_known(j, known) ||
		    json_object_get(j, "max_items") == NULL ||
		    !size_member(j, "min_items", 0, &sc->min_items) ||
		    !size_member(j, "max_items", 0, &sc->max_items) ||
		    sc->min_items > sc->max_items ||
		    json_object_get(items, "type") == NULL ||
		    json_object_get(items, "zero") != NULL ||
		    json_object_get(items, "at_least") != NULL ||
		    json_object_get(items, "items") != NULL)
			return -CB_EINVAL;
		if ((rc = scalar_from_json(items, &sc->s)) != 0)
			return rc;
		if (sc->s.type == RS_ENUM &&
		    json_is_true(json_object_get(j, "ascending")))
			return -CB_EINVAL;
		sc->unique = json_is_true(json_object_get(j, "unique"));
		sc->ascending = json_is_true(json_object_get(j, "ascending"));
		if (sc->ascending && sc->s.type != RS_INT)
			return -CB_EINVAL;
		return 0;
	}
	if (json_object_get(j, "items") != NULL ||
	    json_object_get(j, "min_items") != NULL ||
	    json_object_get(j, "max_items") != NULL ||
	    json_object_get(j, "unique") != NULL ||
	    json_object_get(j, "ascending") != NULL)
		return -CB_EINVAL;
	if ((rc = scalar_from_json(j, &sc->s)) != 0)
		return rc;
	sc->type = sc->s.type;
	sc->zero_ok = json_object_get(j, "zero") != NULL;
	if ((sc->zero_ok || at_least != NULL) && sc->type != RS_INT)
		return -CB_EINVAL;
	if (at_least != NULL && (sc->at_least = strdup(at_least)) == NULL)
		return -CB_ENOMEM;
	return 0;
}

/* The rule's "schema" object, every member a value's schema; a bad one
 * is reported on the rule (rule_schema_invalid, the value's name). */
static int
rule_schema_from_json(const json_t *j, struct rule *r, struct cb_error *err)
{
	const json_t *schema = json_object_get(j, "schema");
	const char *key;
	json_t *val;
	int rc;

	if (schema == NULL)
		return 0; /* rulebook_check: rule_no_schema */
	if (!json_is_object(schema))
		return cb_error_field(err, 0, r->id, "rule_schema_invalid",
		    "schema");
	r->schema = calloc(json_object_size(schema) + 1, sizeof(*r->schema));
	if (r->schema == NULL)
		return -CB_ENOMEM;
	json_object_foreach((json_t *)schema, key, val)
	{
		rc = schema_from_json(key, val, &r->schema[r->nschema]);
		r->nschema++;
		if (rc == -CB_ENOMEM)
			return rc;
		if (rc != 0)
			return cb_error_field(err, 0, r->id,
			    "rule_schema_invalid", key);
	}
	/* at_least names another declared integer value. */
	for (size_t i = 0; i < r->nschema; i++) {
		const struct rule_schema *o;

		if (r->schema[i].at_least == NULL)
			continue;
		o = rule_schema_find(r, r->schema[i].at_least);
		if (o == NULL || o->type != RS_INT)
			return cb_error_field(err, 0, r->id,
			    "rule_schema_invalid", r->schema[i].name);
	}
	return 0;
}

static int
rule_from_json(const json_t *j, struct rule *r, struct cb_error *err)
{
	const json_t *versions = json_object_get(j, "versions");
	size_t i;
	int rc;

	memset(r, 0, sizeof(*r));
	r->id = json_strdup(j, "id");
	r->title_vi = json_strdup(j, "title_vi");
	r->title_en = json_strdup(j, "title_en");
	if (r->id == NULL || !json_is_array(versions))
		return -CB_EINVAL;
	if ((rc = rule_schema_from_json(j, r, err)) != 0)
		return rc;
	r->versions = calloc(json_array_size(versions) + 1,
	    sizeof(*r->versions));
	if (r->versions == NULL)
		return -CB_ENOMEM;
	for (i = 0; i < json_array_size(versions); i++) {
		rc = version_from_json(json_array_get(versions, i),
		    &r->versions[i]);
		r->nversions++;
		if (rc)
			return rc;
	}
	return 0;
}

int
rules_parse(const char *text, struct rulebook *ret, struct cb_error *err)
{
	struct rulebook rb;
	json_error_t jerr;
	json_t *doc, *rules;
	size_t i;
	int rc = 0;

	rulebook_init(&rb);
	if ((doc = json_loads(text, 0, &jerr)) == NULL)
		return cb_error_set(err, CB_EINVAL, "rulebook_invalid",
		    jerr.text);
	rules = json_object_get(doc, "rules");
	rb.name = json_strdup(doc, "rulebook");
	rb.version = json_strdup(doc, "version");
	if (!json_is_array(rules) || rb.name == NULL) {
		rc = cb_error_set(err, CB_EINVAL, "rulebook_invalid",
		    "rulebook, version and rules are required");
		goto out;
	}
	rb.rules = calloc(json_array_size(rules) + 1, sizeof(*rb.rules));
	if (rb.rules == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto out;
	}
	for (i = 0; i < json_array_size(rules); i++) {
		struct cb_error rerr = CB_ERROR_INIT;
		int r = rule_from_json(json_array_get(rules, i), &rb.rules[i],
		    &rerr);

		rb.nrules++;
		if (r && rerr.nfields > 0) {
			/* A bad schema: its field error says which. */
			size_t k;

			cb_error_set(err, CB_EINVAL, "rulebook_invalid",
			    rb.rules[i].id);
			for (k = 0; k < rerr.nfields; k++)
				cb_error_field_copy(err, 0, &rerr.fields[k]);
			cb_error_release(&rerr);
			rc = -CB_EINVAL;
			goto out;
		}
		cb_error_release(&rerr);
		if (r) {
			const char *id = json_string_value(
			    json_object_get(json_array_get(rules, i), "id"));

			rc = cb_error_set(err, -r, "rulebook_invalid",
			    id ? id : "rule without an id");
			goto out;
		}
	}
	/* The check's field errors say what is wrong; the whole error is
	 * "the rulebook is invalid". */
	{
		struct cb_error chk = CB_ERROR_INIT;
		size_t k;

		cb_error_set(&chk, CB_EINVAL, "rulebook_invalid", NULL);
		rc = rulebook_check(&rb, &chk);
		if (rc != 0) {
			cb_error_set(err, CB_EINVAL, "rulebook_invalid", NULL);
			for (k = 0; k < chk.nfields; k++)
				cb_error_field_copy(err, 0, &chk.fields[k]);
		}
		cb_error_release(&chk);
		if (rc != 0)
			goto out;
	}
	*ret = rb;
	rulebook_init(&rb);
out:
	rulebook_release(&rb);
	json_decref(doc);
	return rc;
}

int
rules_load_base(struct rulebook *ret, struct cb_error *err)
{
	const char *path = getenv("CHIBO_RULES");
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if (path == NULL || *path == '\0')
		return rules_parse(chibo_rules_files[0].data, ret, err);
	if ((f = fopen(path, "rb")) == NULL)
		return cb_error_set(err, CB_EIO, "io_error", path);
	{
		struct sb b;
		char buf[8192];
		size_t n;

		sb_init(&b, 16 * 1024 * 1024);
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			sb_addn(&b, buf, n);
		fclose(f);
		text = sb_detach(&b, &len);
	}
	if (text == NULL)
		return cb_error_set(err, CB_ETOOBIG, "too_big", NULL);
	rc = rules_parse(text, ret, err);
	free(text);
	return rc;
}

void
rules_view_init(struct rules_view *v)
{
	memset(v, 0, sizeof(*v));
}

void
rules_view_release(struct rules_view *v)
{
	size_t i, j;

	for (i = 0; i < v->n; i++) {
		for (j = 0; j < v->rules[i].nversions; j++)
			free(v->rules[i].versions[j].values);
		free(v->rules[i].versions);
	}
	free(v->rules);
	free(v->ignored);
	v->rules = NULL;
	v->n = 0;
	v->ignored = NULL;
	v->nignored = 0;
}

/* The values of version v of rule r in force on date on at org_path
 * (NULL: the version's own). */
static int
view_version(const struct rulebook *rb, const struct rule *r,
    const struct rule_version *v, const char *on, const char *org_path,
    struct rules_view_version *ret)
{
	size_t k;

	ret->version = v;
	ret->values = NULL;
	if (v->nvalues > 0 &&
	    (ret->values = calloc(v->nvalues, sizeof(*ret->values))) == NULL)
		return -CB_ENOMEM;
	for (k = 0; k < v->nvalues; k++) {
		struct rule_ref *ref = &ret->values[k];

		/* The overrides that apply on this date here. */
		if (on != NULL && org_path != NULL &&
		    rulebook_lookup(rb, r->id, v->values[k].name, on, org_path,
		        ref) == 0 &&
		    ref->override != NULL)
			continue;
		ref->rule_id = r->id;
		ref->version = v;
		ref->override = NULL;
		ref->value = &v->values[k];
		ref->citation = v->citation;
	}
	return 0;
}

int
svc_rules_view(struct svc *s, const char *on, int64_t org_id,
    struct rules_view *ret, struct cb_error *err)
{
	const struct rulebook *rb = svc_rules(s, err);
	struct org org;
	size_t i, j;
	int rc;

	rules_view_release(ret);
	if (rb == NULL)
		return err->code ? -err->code : -CB_ENOMEM;
	org_init(&org);
	if (org_id != 0 && (rc = store_org_get(s->st, org_id, &org, err)) != 0)
		return rc;
	if (rb->nrules > 0 &&
	    (ret->rules = calloc(rb->nrules, sizeof(*ret->rules))) == NULL)
		goto oom;
	for (i = 0; i < rb->nrules; i++) {
		const struct rule *r = &rb->rules[i];
		struct rules_view_rule *vr = &ret->rules[ret->n];

		vr->rule = r;
		if (r->nversions > 0 &&
		    (vr->versions = calloc(r->nversions,
		         sizeof(*vr->versions))) == NULL)
			goto oom;
		ret->n++;
		for (j = 0; j < r->nversions; j++) {
			const struct rule_version *v = &r->versions[j];

			if (on != NULL && rule_version_on(r, on) != v)
				continue;
			if (view_version(rb, r, v, on, org.path,
			        &vr->versions[vr->nversions]) != 0)
				goto oom;
			vr->nversions++;
		}
		if (vr->nversions == 0) {
			free(vr->versions);
			memset(vr, 0, sizeof(*vr));
			ret->n--;
		}
	}
	/* The overrides ignored (rulebook_overrides_screen): all of them, or
	 * those of the organisation's path; only of organisations the
	 * principal may see. */
	ret->rb = rb;
	if (rb->noverrides > 0 &&
	    (ret->ignored = calloc(rb->noverrides, sizeof(*ret->ignored))) ==
	        NULL)
		goto oom;
	for (i = 0; i < rb->noverrides; i++) {
		const struct rule_override *o = &rb->overrides[i];

		if (o->ignored && o->org_path != NULL &&
		    principal_may(s->who, ACT_ORG_READ, o->org_path) &&
		    (org.path == NULL ||
		        strncmp(org.path, o->org_path, strlen(o->org_path)) ==
		            0))
			ret->ignored[ret->nignored++] = o;
	}
	org_release(&org);
	return 0;
oom:
	org_release(&org);
	rules_view_release(ret);
	return cb_error_set(err, CB_ENOMEM, NULL, NULL);
}

int
svc_rule_override(struct svc *s, struct rule_override *o, struct cb_error *err)
{
	const struct rulebook *rb = svc_rules(s, err);
	const struct rule *r;
	const struct rule_version *v = NULL;
	const struct rule_value *shipped = NULL;
	struct org org;
	struct org_event ev;
	struct date d;
	json_t *details;
	size_t i;
	int rc;

	if (rb == NULL)
		return -err->code;
	org_init(&org);
	memset(&ev, 0, sizeof(ev));
	if (o->rule_id == NULL || (r = rulebook_find(rb, o->rule_id)) == NULL)
		return cb_error_field(err, 0, "rule_id", "rule_not_found",
		    o->rule_id);
	/* A reference list is the nation's (core/reflist.h): a subtree's
	 * own list would be refused nowhere and counted apart.  So is the
	 * catalogue of violations (core/discipline.h). */
	if (strncmp(o->rule_id, "ref.", 4) == 0 ||
	    strcmp(o->rule_id, RULE_DISCIPLINE_VIOLATIONS) == 0)
		return cb_error_field(err, 0, "rule_id",
		    "rule_not_overridable", o->rule_id);
	for (i = 0; i < r->nversions && shipped == NULL; i++) {
		v = &r->versions[r->nversions - 1 - i];
		shipped = o->value_name ?
		    rule_version_value(v, o->value_name) :
		    NULL;
	}
	if (shipped == NULL)
		cb_error_field(err, 0, "value_name", "invalid_value",
		    o->value_name ? o->value_name : "");
	else if (shipped->type != o->value.type)
		cb_error_field(err, 0, "value", "wrong_type",
		    shipped->type == RV_INT ?
		        "integer" :
		        shipped->type == RV_TEXT ?
		        "string" :
		        "array");
	else
		/* Within the type and range the rulebook declares; the
		 * error is on the value's name ("months"). */
		rulebook_override_check(rb, o, err);
	if (date_parse_iso(o->from, &d))
		cb_error_field(err, 0, "effective_from", "invalid_date",
		    o->from);
	if (o->to[0] &&
	    (date_parse_iso(o->to, &d) || strcmp(o->to, o->from) < 0))
		cb_error_field(err, 0, "effective_to", "invalid_date", o->to);
	if (o->doc_no == NULL || o->doc_no[0] == '\0')
		cb_error_field(err, 0, "doc_no", "required", NULL);
	else
		field_check_text("doc_no", o->doc_no, strlen(o->doc_no), 0,
		    err);
	if (o->value.type == RV_TEXT && o->value.s != NULL)
		field_check_text("value", o->value.s, strlen(o->value.s), 0,
		    err);
	for (i = 0; o->value.type == RV_LIST && i < o->value.nitems; i++)
		if (o->value.items[i] != NULL &&
		    field_check_text("value", o->value.items[i],
		        strlen(o->value.items[i]), 0, err) != 0)
			break;
	if (o->org_id <= 0)
		cb_error_field(err, 0, "org_id", "required", NULL);
	if (err->code != CB_OK)
		return -err->code;

	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_org_get(s->st, o->org_id, &org, err)) != 0) {
		if (rc == -CB_ENOTFOUND) {
			cb_error_release(err);
			rc = cb_error_field(err, 0, "org_id", "org_not_found",
			    NULL);
		}
		goto fail;
	}
	if ((rc = svc_allow(s, ACT_RULES_WRITE, org.path, "org_not_found",
	         err)) != 0)
		goto fail;
	free(o->recorded_by);
	if ((o->recorded_by = strdup(s->actor)) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if ((rc = store_rule_override_add(s->st, o, err)) != 0)
		goto fail;
	details = json_pack("{s:s, s:s, s:o, s:s, s:o}", "rule_id", o->rule_id,
	    "value_name", o->value_name, "value",
	    rule_value_to_json(&o->value), "effective_from", o->from,
	    "effective_to", o->to[0] ? json_string(o->to) : json_null());
	ev.org_id = o->org_id;
	ev.kind = strdup("rule_override");
	snprintf(ev.on, sizeof(ev.on), "%s", o->from);
	ev.doc_no = o->doc_no ? strdup(o->doc_no) : NULL;
	ev.details = json_dumps(details, JSON_COMPACT | JSON_SORT_KEYS);
	ev.recorded_by = strdup(s->actor);
	json_decref(details);
	if (ev.kind == NULL || ev.details == NULL || ev.recorded_by == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if ((rc = store_org_event_add(s->st, &ev, err)) != 0)
		goto fail;
	if ((rc = svc_audit(s, "rules.override", "org", o->org_id, o->org_id,
	         NULL, json_loads(ev.details, 0, NULL),
	         json_pack("{s:s?}", "doc_no", o->doc_no), err)) != 0)
		goto fail;
	if ((rc = store_commit(s->st, err)) != 0)
		goto fail;
	/* Later lookups in this context see the new override. */
	if (s->rules_loaded) {
		rulebook_release(&s->rules);
		s->rules_loaded = false;
	}
	org_release(&org);
	org_event_release(&ev);
	return 0;
fail:
	store_rollback(s->st);
	org_release(&org);
	org_event_release(&ev);
	return rc;
}
