/* rulebook.c - see rulebook.h. */
#include "core/rulebook.h"

#include "core/privacy.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/discipline.h"
#include "core/programme.h"
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

void
rule_schema_release(struct rule_schema *sc)
{
	size_t i;

	if (sc == NULL)
		return;
	free(sc->name);
	for (i = 0; i < sc->s.nvalues; i++)
		free(sc->s.values[i]);
	free(sc->s.values);
	free(sc->s.unit);
	free(sc->at_least);
	memset(sc, 0, sizeof(*sc));
}

static void
rule_release(struct rule *r)
{
	size_t i;

	for (i = 0; i < r->nversions; i++)
		rule_version_release(&r->versions[i]);
	free(r->versions);
	for (i = 0; i < r->nschema; i++)
		rule_schema_release(&r->schema[i]);
	free(r->schema);
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

		if (o->ignored || o->org_path == NULL ||
		    strcmp(o->rule_id, rule_id) ||
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

const struct rule_value *
rulebook_list_or_first(const struct rulebook *rb, const char *rule_id,
    const char *value_name, const char *on, const char *org_path,
    const char **ret_citation)
{
	const struct rule_value *val = NULL;
	const struct rule *r;
	struct rule_ref ref;

	*ret_citation = NULL;
	if (rulebook_lookup(rb, rule_id, value_name, on, org_path, &ref) ==
	    0) {
		*ret_citation = ref.citation;
		val = ref.value;
	} else if ((r = rulebook_find(rb, rule_id)) != NULL &&
	    r->nversions > 0) {
		*ret_citation = r->versions[0].citation;
		val = rule_version_value(&r->versions[0], value_name);
	}
	return val != NULL && val->type == RV_LIST ? val : NULL;
}

static bool
iso_valid(const char *s)
{
	struct date d;

	return date_parse_iso(s, &d) == 0;
}

/* ------------------------------------------------ declared types, ranges */

const struct rule_schema *
rule_schema_find(const struct rule *r, const char *name)
{
	size_t i;

	if (r == NULL || name == NULL)
		return NULL;
	for (i = 0; i < r->nschema; i++)
		if (strcmp(r->schema[i].name, name) == 0)
			return &r->schema[i];
	return NULL;
}

/* The code of "out of range" for a value counted in unit (its message
 * names the unit). */
static const char *
range_code(const char *unit)
{
	static const char *const units[][2] = {
		{ "month", "rule_value_range_month" },
		{ "day", "rule_value_range_day" },
		{ "digit", "rule_value_range_digit" },
		{ "member", "rule_value_range_member" },
		{ "year", "rule_value_range_year" }, /* an age */
		{ "year_period", "rule_value_range_year_period" },
	};
	size_t i;

	for (i = 0; unit != NULL && i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(unit, units[i][0]) == 0)
			return units[i][1];
	return "rule_value_range";
}

static int
bad_given(struct cb_error *err, const char *field, const char *code,
    const char *arg, const char *given)
{
	if (err == NULL)
		return -CB_EINVAL;
	return cb_error_field_given(err, 0, field, code, arg, given);
}

static int
bad_int(struct cb_error *err, const char *field, const char *code,
    const char *arg, int64_t given)
{
	char g[24];

	snprintf(g, sizeof(g), "%" PRId64, given);
	return bad_given(err, field, code, arg, g);
}

/* "1..36" */
static void
range_text(char *buf, size_t n, int64_t min, int64_t max)
{
	snprintf(buf, n, "%" PRId64 "..%" PRId64, min, max);
}

/* The allowed values of an enum, ", " between them. */
static char *
enum_text(const struct rule_schema_scalar *s)
{
	size_t i, n, len = 1, o = 0;
	char *out;

	for (i = 0; i < s->nvalues; i++)
		len += strlen(s->values[i]) + 2;
	if ((out = malloc(len)) == NULL)
		return NULL;
	for (i = 0; i < s->nvalues; i++) {
		if (i) {
			memcpy(out + o, ", ", 2);
			o += 2;
		}
		n = strlen(s->values[i]);
		memcpy(out + o, s->values[i], n);
		o += n;
	}
	out[o] = '\0';
	return out;
}

static bool
enum_has(const struct rule_schema_scalar *s, const char *v)
{
	size_t i;

	for (i = 0; v != NULL && i < s->nvalues; i++)
		if (strcmp(s->values[i], v) == 0)
			return true;
	return false;
}

/* A whole number written in decimal digits ("30"), into *ret. */
static bool
int_text(const char *s, int64_t *ret)
{
	int64_t v = 0;

	if (s == NULL || *s == '\0' || strlen(s) > 18)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
	}
	*ret = v;
	return true;
}

/* One text (a string value or a list's item) against s; code_* name the
 * errors of the item or of the value. */
static int
check_text(const struct rule_schema_scalar *s, const char *text, bool item,
    const char *field, struct cb_error *err)
{
	char arg[48];
	int64_t n;
	size_t len = text ? strlen(text) : 0;

	switch (s->type) {
	case RS_INT:
		range_text(arg, sizeof(arg), s->min, s->max);
		if (!int_text(text, &n) || n < s->min || n > s->max)
			return bad_given(err, field,
			    item ? "rule_value_item_range" :
			           range_code(s->unit),
			    arg, text ? text : "");
		return 0;
	case RS_STRING:
		snprintf(arg, sizeof(arg), "%zu..%zu", s->min_len, s->max_len);
		if (text == NULL || len < s->min_len || len > s->max_len)
			return bad_given(err, field,
			    item ? "rule_value_item_length" :
			           "rule_value_length",
			    arg, text ? text : "");
		return 0;
	case RS_ENUM:
		if (!enum_has(s, text)) {
			char *all = enum_text(s);
			int rc = bad_given(err, field, "invalid_value",
			    all ? all : "", text ? text : "");

			free(all);
			return rc;
		}
		return 0;
	case RS_LIST:
	default:
		return bad_given(err, field, "rule_schema_invalid", field,
		    NULL);
	}
}

static const char *
type_name(const struct rule_schema *sc)
{
	if (sc->type == RS_LIST)
		return "array";
	return sc->s.type == RS_INT ? "integer" : "string";
}

int
rule_value_check(const struct rule_schema *sc, const struct rule_value *v,
    const struct rule_value *sibling, const char *field, struct cb_error *err)
{
	char arg[64];
	size_t i, j;
	int bad = 0;

	if (sc == NULL || v == NULL)
		return bad_given(err, field, "invalid_value", field, NULL);
	if ((sc->type == RS_LIST && v->type != RV_LIST) ||
	    (sc->type == RS_INT && v->type != RV_INT) ||
	    ((sc->type == RS_STRING || sc->type == RS_ENUM) &&
	        v->type != RV_TEXT)) {
		if (err == NULL)
			return -CB_EINVAL;
		return cb_error_field(err, 0, field, "wrong_type",
		    type_name(sc));
	}
	switch (sc->type) {
	case RS_INT:
		if (sc->zero_ok && v->i == 0)
			return 0;
		range_text(arg, sizeof(arg), sc->s.min, sc->s.max);
		if (v->i < sc->s.min || v->i > sc->s.max)
			return bad_int(err, field, range_code(sc->s.unit), arg,
			    v->i);
		if (sibling != NULL && sibling->type == RV_INT &&
		    v->i < sibling->i) {
			snprintf(arg, sizeof(arg), "%s = %" PRId64,
			    sc->at_least, sibling->i);
			return bad_int(err, field, "rule_value_below", arg,
			    v->i);
		}
		return 0;
	case RS_STRING:
	case RS_ENUM:
		return check_text(&sc->s, v->s, false, field, err);
	case RS_LIST:
	default:
		break;
	}
	if (v->nitems < sc->min_items || v->nitems > sc->max_items) {
		char g[24];

		snprintf(arg, sizeof(arg), "%zu..%zu", sc->min_items,
		    sc->max_items);
		snprintf(g, sizeof(g), "%zu", v->nitems);
		return bad_given(err, field, "rule_value_items", arg, g);
	}
	for (i = 0; i < v->nitems; i++) {
		int64_t a, b;

		if (check_text(&sc->s, v->items[i], true, field, err) != 0) {
			bad = -CB_EINVAL;
			continue;
		}
		for (j = 0; sc->unique && j < i; j++)
			if (strcmp(v->items[j], v->items[i]) == 0)
				bad = bad_given(err, field,
				    "rule_value_item_twice", NULL,
				    v->items[i]);
		if (sc->ascending && i > 0 && int_text(v->items[i - 1], &a) &&
		    int_text(v->items[i], &b) && b <= a)
			bad = bad_given(err, field, "rule_value_item_order",
			    v->items[i - 1], v->items[i]);
	}
	return bad;
}

int
rulebook_override_check(const struct rulebook *rb,
    const struct rule_override *o, struct cb_error *err)
{
	const struct rule *r = rulebook_find(rb, o->rule_id);
	const struct rule_schema *sc = rule_schema_find(r, o->value_name);
	const struct rule_value *sibling = NULL;

	if (r == NULL)
		return err ?
		    cb_error_field(err, 0, "rule_id", "rule_not_found",
		        o->rule_id) :
		    -CB_EINVAL;
	if (sc == NULL)
		return bad_given(err, "value_name", "invalid_value", NULL,
		    o->value_name ? o->value_name : "");
	/* The other value it may not be below: the version in force on the
	 * override's first day, else the latest. */
	if (sc->at_least != NULL && r->nversions > 0) {
		const struct rule_version *v = rule_version_on(r, o->from);

		if (v == NULL)
			v = &r->versions[r->nversions - 1];
		sibling = rule_version_value(v, sc->at_least);
	}
	return rule_value_check(sc, &o->value, sibling, o->value_name, err);
}

size_t
rulebook_overrides_screen(struct rulebook *rb, struct cb_error *err)
{
	size_t i, k, n = 0;

	for (i = 0; i < rb->noverrides; i++) {
		struct rule_override *o = &rb->overrides[i];
		struct cb_error one = CB_ERROR_INIT;
		char field[64];

		o->ignored = false;
		if (rulebook_override_check(rb, o, &one) == 0) {
			cb_error_release(&one);
			continue;
		}
		o->ignored = true;
		n++;
		snprintf(field, sizeof(field), "override %" PRId64, o->id);
		for (k = 0; err != NULL && k < one.nfields; k++)
			cb_error_field_given(err, 0, field, one.fields[k].code,
			    one.fields[k].arg, one.fields[k].given);
		cb_error_release(&one);
	}
	return n;
}

/* Every value of version v declared by r's schema and within it, every
 * declared value present.  Errors' field: "rule@from.value". */
static int
check_declared(const struct rule *r, const struct rule_version *v,
    struct cb_error *err)
{
	char field[160];
	size_t k;
	int bad = 0;

	for (k = 0; k < v->nvalues; k++) {
		const struct rule_value *val = &v->values[k];
		const struct rule_schema *sc;

		if (val->name == NULL)
			continue;
		snprintf(field, sizeof(field), "%s@%s.%s", r->id, v->from,
		    val->name);
		if ((sc = rule_schema_find(r, val->name)) == NULL) {
			bad = cb_error_field(err, 0, field,
			    "rule_value_undeclared", val->name);
			continue;
		}
		if (rule_value_check(sc, val,
		        sc->at_least ? rule_version_value(v, sc->at_least) :
		                       NULL,
		        field, err) != 0)
			bad = -CB_EINVAL;
	}
	for (k = 0; k < r->nschema; k++)
		if (rule_version_value(v, r->schema[k].name) == NULL) {
			snprintf(field, sizeof(field), "%s@%s.%s", r->id,
			    v->from, r->schema[k].name);
			bad = cb_error_field(err, 0, field,
			    "rule_value_missing", r->schema[k].name);
		}
	return bad;
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
		if (r->nschema == 0)
			bad = cb_error_field(err, 0, r->id, "rule_no_schema",
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
			if (check_declared(r, v, err) != 0)
				bad = -CB_EINVAL;
			if (check_typed(r, v, err) != 0)
				bad = -CB_EINVAL;
			/* A reference list: its items typed and consistent
			 * (core/reflist.h). */
			if (strncmp(r->id, "ref.", 4) == 0) {
				int e = ref_list_check(r, v, err);

				if (e != 0)
					bad = e;
			}
			/* The discipline rules' lists (core/discipline.h). */
			if (strncmp(r->id, "discipline.", 11) == 0 &&
			    discipline_rule_check(r, v, err) != 0)
				bad = -CB_EINVAL;
			/* The inspection catalogue's lists (core/
			 * programme.h). */
			if (strcmp(r->id, "inspection.contents") == 0) {
				int e = inspection_contents_check(r, v, err);

				if (e != 0)
					bad = e;
			}
		}
	}
	return bad;
}
