/* rules.c - the rulebook file, its JSON views and committee overrides. */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "util/date.h"

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

static json_t *
value_to_json(const struct rule_value *v)
{
	json_t *a;
	size_t i;

	switch (v->type) {
	case RV_INT:
		return json_integer(v->i);
	case RV_TEXT:
		return json_string(v->s ? v->s : "");
	case RV_LIST:
		a = json_array();
		for (i = 0; a != NULL && i < v->nitems; i++)
			json_array_append_new(a, json_string(v->items[i]));
		return a;
	}
	return json_null();
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
	if (asprintf(&out, "%s%s%s%s%s%s", doc, vn[0] ? " (" : "", vn,
	    vn[0] ? ")" : "", article ? ", " : "", article ? article : "") < 0)
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
	if (from == NULL || strlen(from) >= DATE_LEN || !json_is_object(vals)
	    || !json_is_object(cit))
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
	json_object_foreach((json_t *)vals, key, val) {
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

static int
rule_from_json(const json_t *j, struct rule *r)
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
		int r = rule_from_json(json_array_get(rules, i),
		    &rb.rules[i]);

		rb.nrules++;
		if (r) {
			const char *id = json_string_value(json_object_get(
			    json_array_get(rules, i), "id"));

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
				cb_error_field(err, 0, chk.fields[k].field,
				    chk.fields[k].code, chk.fields[k].arg);
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

static json_t *
citation_json(const struct rule_version *v)
{
	return json_pack("{s:s?, s:s?, s:s?, s:s?}", "doc", v->doc, "date",
	    v->doc_date, "article", v->article, "text", v->citation);
}

static json_t *
version_json(const struct rule_version *v)
{
	json_t *vals = json_object();
	size_t i;

	for (i = 0; i < v->nvalues; i++)
		json_object_set_new(vals, v->values[i].name,
		    value_to_json(&v->values[i]));
	return json_pack("{s:s, s:o, s:o, s:o, s:b, s:s?}",
	    "effective_from", v->from,
	    "effective_to", v->to[0] ? json_string(v->to) : json_null(),
	    "values", vals, "citation", citation_json(v),
	    "confirmed", v->confirmed, "note", v->note);
}

json_t *
svc_rules_json(struct svc *s, const char *on, int64_t org_id,
    struct cb_error *err)
{
	const struct rulebook *rb = svc_rules(s, err);
	struct org org;
	json_t *out;
	size_t i, j, k;

	if (rb == NULL)
		return NULL;
	org_init(&org);
	if (org_id != 0 && store_org_get(s->st, org_id, &org, err) != 0)
		return NULL;
	out = json_array();
	for (i = 0; i < rb->nrules; i++) {
		const struct rule *r = &rb->rules[i];
		json_t *jr = json_pack("{s:s, s:s?, s:s?}", "id", r->id,
		    "title_vi", r->title_vi, "title_en", r->title_en);
		json_t *versions = json_array();

		for (j = 0; j < r->nversions; j++) {
			const struct rule_version *v = &r->versions[j];
			json_t *jv, *ov;

			if (on != NULL && rule_version_on(r, on) != v)
				continue;
			jv = version_json(v);
			ov = json_array();
			/* The overrides that apply on this date here. */
			for (k = 0; on != NULL && org.path && k < v->nvalues;
			    k++) {
				struct rule_ref ref;

				if (rulebook_lookup(rb, r->id,
				    v->values[k].name, on, org.path, &ref) ||
				    ref.override == NULL)
					continue;
				json_object_set_new(json_object_get(jv,
				    "values"), v->values[k].name,
				    value_to_json(ref.value));
				json_array_append_new(ov, json_pack(
				    "{s:s, s:o, s:I, s:s, s:o, s:s?}",
				    "value_name", v->values[k].name,
				    "value", value_to_json(ref.value),
				    "org_id", (json_int_t)ref.override->org_id,
				    "effective_from", ref.override->from,
				    "effective_to", ref.override->to[0] ?
				    json_string(ref.override->to) : json_null(),
				    "doc_no", ref.override->doc_no));
			}
			json_object_set_new(jv, "overrides", ov);
			json_array_append_new(versions, jv);
		}
		if (json_array_size(versions) == 0) {
			json_decref(versions);
			json_decref(jr);
			continue;
		}
		json_object_set_new(jr, "versions", versions);
		json_array_append_new(out, jr);
	}
	org_release(&org);
	return out;
}

int
svc_rule_override(struct svc *s, struct rule_override *o,
    struct cb_error *err)
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
	for (i = 0; i < r->nversions && shipped == NULL; i++) {
		v = &r->versions[r->nversions - 1 - i];
		shipped = o->value_name ? rule_version_value(v, o->value_name) :
		    NULL;
	}
	if (shipped == NULL)
		cb_error_field(err, 0, "value_name", "invalid_value",
		    o->value_name ? o->value_name : "");
	else if (shipped->type != o->value.type)
		cb_error_field(err, 0, "value", "wrong_type",
		    shipped->type == RV_INT ? "integer" :
		    shipped->type == RV_TEXT ? "string" : "array");
	if (date_parse_iso(o->from, &d))
		cb_error_field(err, 0, "effective_from", "invalid_date", o->from);
	if (o->to[0] && (date_parse_iso(o->to, &d) ||
	    strcmp(o->to, o->from) < 0))
		cb_error_field(err, 0, "effective_to", "invalid_date", o->to);
	if (o->doc_no == NULL || o->doc_no[0] == '\0')
		cb_error_field(err, 0, "doc_no", "required", NULL);
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
	    "value_name", o->value_name, "value", value_to_json(&o->value),
	    "effective_from", o->from, "effective_to",
	    o->to[0] ? json_string(o->to) : json_null());
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
	    NULL, json_loads(ev.details, 0, NULL), json_pack("{s:s?}",
	    "doc_no", o->doc_no), err)) != 0)
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
