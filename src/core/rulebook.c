/* rulebook.c - see rulebook.h. */
#include "core/rulebook.h"

#include "core/privacy.h"

#include <stdlib.h>
#include <string.h>

#include "core/reflist.h"
#include "util/err.h"

#include "util/banned.h"

void
rule_value_release(struct rule_value *v)
{
	size_t i;

	if (v == NULL)
		return;
	free(v->name);
	free(v->s);
	for (i = 0; i < v->nitems; i++)
		free(v->items[i]);
	free(v->items);
	memset(v, 0, sizeof(*v));
}

static char *
dup_or_null(const char *s, int *rc)
{
	char *p;

	if (s == NULL)
		return NULL;
	if ((p = strdup(s)) == NULL)
		*rc = -CB_ENOMEM;
	return p;
}

int
rule_value_copy(struct rule_value *dst, const struct rule_value *src)
{
	struct rule_value t;
	size_t i;
	int rc = 0;

	memset(&t, 0, sizeof(t));
	t.type = src->type;
	t.i = src->i;
	t.name = dup_or_null(src->name, &rc);
	t.s = dup_or_null(src->s, &rc);
	if (src->nitems) {
		t.items = calloc(src->nitems, sizeof(*t.items));
		if (t.items == NULL)
			rc = -CB_ENOMEM;
		else
			for (i = 0; i < src->nitems; i++, t.nitems++)
				t.items[i] = dup_or_null(src->items[i], &rc);
	}
	if (rc) {
		rule_value_release(&t);
		return rc;
	}
	*dst = t;
	return 0;
}

static void
rule_version_release(struct rule_version *v)
{
	size_t i;

	for (i = 0; i < v->nvalues; i++)
		rule_value_release(&v->values[i]);
	free(v->values);
	free(v->doc);
	free(v->doc_date);
	free(v->article);
	free(v->citation);
	free(v->note);
	memset(v, 0, sizeof(*v));
}

static void
rule_release(struct rule *r)
{
	size_t i;

	for (i = 0; i < r->nversions; i++)
		rule_version_release(&r->versions[i]);
	free(r->versions);
	free(r->id);
	free(r->title_vi);
	free(r->title_en);
	memset(r, 0, sizeof(*r));
}

void
rule_override_release(struct rule_override *o)
{
	if (o == NULL)
		return;
	free(o->rule_id);
	free(o->value_name);
	rule_value_release(&o->value);
	free(o->org_path);
	free(o->doc_no);
	free(o->recorded_by);
	free(o->recorded_at);
	memset(o, 0, sizeof(*o));
}

void
rulebook_init(struct rulebook *rb)
{
	memset(rb, 0, sizeof(*rb));
}

void
rulebook_release(struct rulebook *rb)
{
	size_t i;

	if (rb == NULL)
		return;
	for (i = 0; i < rb->noverrides; i++)
		rule_override_release(&rb->overrides[i]);
	free(rb->overrides);
	if (!rb->borrowed) {
		for (i = 0; i < rb->nrules; i++)
			rule_release(&rb->rules[i]);
		free(rb->rules);
		free(rb->name);
		free(rb->version);
	}
	rulebook_init(rb);
}

void
rulebook_view(struct rulebook *view, const struct rulebook *base)
{
	rulebook_init(view);
	view->borrowed = true;
	view->name = base->name;
	view->version = base->version;
	view->rules = base->rules;
	view->nrules = base->nrules;
}

int
rulebook_add_override(struct rulebook *rb, const struct rule_override *o)
{
	struct rule_override *n, t;
	int rc = 0;

	n = realloc(rb->overrides, (rb->noverrides + 1) * sizeof(*n));
	if (n == NULL)
		return -CB_ENOMEM;
	rb->overrides = n;
	t = *o;
	t.rule_id = dup_or_null(o->rule_id, &rc);
	t.value_name = dup_or_null(o->value_name, &rc);
	t.org_path = dup_or_null(o->org_path, &rc);
	t.doc_no = dup_or_null(o->doc_no, &rc);
	t.recorded_by = dup_or_null(o->recorded_by, &rc);
	t.recorded_at = dup_or_null(o->recorded_at, &rc);
	memset(&t.value, 0, sizeof(t.value));
	if (rc == 0)
		rc = rule_value_copy(&t.value, &o->value);
	if (rc) {
		rule_override_release(&t);
		return rc;
	}
	rb->overrides[rb->noverrides++] = t;
	return 0;
}

const struct rule *
rulebook_find(const struct rulebook *rb, const char *id)
{
	size_t i;

	for (i = 0; i < rb->nrules; i++)
		if (strcmp(rb->rules[i].id, id) == 0)
			return &rb->rules[i];
	return NULL;
}

/* ISO dates compare as strings; "" as an upper bound means "open". */
static bool
in_range(const char *on, const char *from, const char *to)
{
	if (strcmp(on, from) < 0)
		return false;
	return to[0] == '\0' || strcmp(on, to) <= 0;
}

const struct rule_version *
rule_version_on(const struct rule *r, const char *on)
{
	size_t i;

	for (i = 0; i < r->nversions; i++)
		if (in_range(on, r->versions[i].from, r->versions[i].to))
			return &r->versions[i];
	return NULL;
}

const struct rule_value *
rule_version_value(const struct rule_version *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->nvalues; i++)
		if (strcmp(v->values[i].name, name) == 0)
			return &v->values[i];
	return NULL;
}

/* True if path lies in the subtree whose root has path root. */
static bool
path_in(const char *path, const char *root)
{
	return strncmp(path, root, strlen(root)) == 0;
}

/*
 * The override for (rule_id, value_name) in force on date on that applies
 * to org_path: the one set by the deepest organisation on the path; among
 * overrides of the same organisation, the latest starting one.
 */
static const struct rule_override *
find_override(const struct rulebook *rb, const char *rule_id,
    const char *value_name, const char *on, const char *org_path)
{
	const struct rule_override *best = NULL;
	size_t i, best_len = 0;

	if (org_path == NULL)
		return NULL;
	for (i = 0; i < rb->noverrides; i++) {
		const struct rule_override *o = &rb->overrides[i];
		size_t len;

		if (o->org_path == NULL || strcmp(o->rule_id, rule_id) ||
		    strcmp(o->value_name, value_name) ||
		    !in_range(on, o->from, o->to) ||
		    !path_in(org_path, o->org_path))
			continue;
		len = strlen(o->org_path);
		if (best == NULL || len > best_len ||
		    (len == best_len && strcmp(o->from, best->from) > 0)) {
			best = o;
			best_len = len;
		}
	}
	return best;
}

int
rulebook_lookup(const struct rulebook *rb, const char *rule_id,
    const char *value_name, const char *on, const char *org_path,
    struct rule_ref *ret)
{
	const struct rule *r = rulebook_find(rb, rule_id);
	const struct rule_version *v;
	const struct rule_value *val;
	const struct rule_override *o;

	if (r == NULL || (v = rule_version_on(r, on)) == NULL)
		return -CB_ENOTFOUND;
	val = rule_version_value(v, value_name);
	o = find_override(rb, rule_id, value_name, on, org_path);
	if (val == NULL && o == NULL)
		return -CB_ENOTFOUND;
	ret->rule_id = r->id;
	ret->version = v;
	ret->override = o;
	ret->value = o != NULL ? &o->value : val;
	ret->citation = v->citation;
	return 0;
}

int
rulebook_int(const struct rulebook *rb, const char *rule_id,
    const char *value_name, const char *on, const char *org_path, int64_t *ret,
    struct rule_ref *ret_ref)
{
	struct rule_ref ref;
	int rc;

	if ((rc = rulebook_lookup(rb, rule_id, value_name, on, org_path,
	         &ref)) != 0)
		return rc;
	if (ref.value->type != RV_INT)
		return -CB_EINVAL;
	*ret = ref.value->i;
	if (ret_ref != NULL)
		*ret_ref = ref;
	return 0;
}

bool
rule_value_has(const struct rule_value *v, const char *item)
{
	size_t i;

	if (v == NULL || item == NULL)
		return false;
	if (v->type == RV_TEXT)
		return v->s != NULL && strcmp(v->s, item) == 0;
	for (i = 0; i < v->nitems; i++)
		if (strcmp(v->items[i], item) == 0)
			return true;
	return false;
}

static bool
iso_valid(const char *s)
{
	struct date d;

	return date_parse_iso(s, &d) == 0;
}

/*
 * The values whose meaning code relies on, typed and range-checked: the
 * sensitive fields must name member fields that can be masked
 * (core/privacy.c), the smallest figure shown must be a count from 1 to
 * PRIVACY_MIN_COUNT_MAX.
 */
static int
check_typed(const struct rule *r, const struct rule_version *v,
    struct cb_error *err)
{
	const struct rule_value *val;
	uint64_t mask;

	if (strcmp(r->id, PRIVACY_RULE) == 0) {
		val = rule_version_value(v, PRIVACY_FIELDS);
		return privacy_mask_from(val, r->id, &mask, err);
	}
	if (strcmp(r->id, PRIVACY_FIGURES_RULE) == 0) {
		val = rule_version_value(v, PRIVACY_MIN_COUNT);
		if (val == NULL || val->type != RV_INT || val->i < 1 ||
		    val->i > PRIVACY_MIN_COUNT_MAX)
			return cb_error_field(err, 0, r->id,
			    "rule_value_invalid", PRIVACY_MIN_COUNT);
	}
	return 0;
}

int
rulebook_check(const struct rulebook *rb, struct cb_error *err)
{
	size_t i, j, k;
	int bad = 0;

	for (i = 0; i < rb->nrules; i++) {
		const struct rule *r = &rb->rules[i];

		for (j = 0; j < i; j++)
			if (strcmp(rb->rules[j].id, r->id) == 0)
				bad = cb_error_field(err, 0, r->id,
				    "rule_duplicate_id", r->id);
		if (r->nversions == 0)
			bad = cb_error_field(err, 0, r->id, "rule_no_version",
			    r->id);
		for (j = 0; j < r->nversions; j++) {
			const struct rule_version *v = &r->versions[j];

			if (!iso_valid(v->from) ||
			    (v->to[0] && !iso_valid(v->to)) ||
			    (v->to[0] && strcmp(v->to, v->from) < 0)) {
				bad = cb_error_field(err, 0, r->id,
				    "rule_bad_dates", v->from);
				continue;
			}
			if (v->citation == NULL || v->citation[0] == '\0')
				bad = cb_error_field(err, 0, r->id,
				    "rule_no_citation", v->from);
			/* Versions are ordered and do not overlap: only the
			 * last one may be open-ended. */
			if (j + 1 < r->nversions) {
				const struct rule_version *n =
				    &r->versions[j + 1];

				if (v->to[0] == '\0' ||
				    strcmp(n->from, v->to) <= 0)
					bad = cb_error_field(err, 0, r->id,
					    "rule_versions_overlap", n->from);
			}
			for (k = 0; k < v->nvalues; k++)
				if (v->values[k].name == NULL)
					bad = cb_error_field(err, 0, r->id,
					    "rule_bad_value", v->from);
			if (check_typed(r, v, err) != 0)
				bad = -CB_EINVAL;
			/* A reference list: its items typed and consistent
			 * (core/reflist.h). */
			if (strncmp(r->id, "ref.", 4) == 0) {
				int e = ref_list_check(r, v, err);

				if (e != 0)
					bad = e;
			}
		}
	}
	return bad;
}
