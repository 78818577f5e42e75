/*
 * json.c - the only code that turns members, organisations and their
 * events into JSON and back.  They go through one mapper driven by their
 * field tables (core/entity.h): every field has a type, a limit and
 * flags, every problem becomes a field error, and all of them are
 * reported at once.
 */
#include "svc/svc-int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/reflist.h"
#include "core/validate.h"
#include "util/date.h"

#include "util/msg.h"

#include "util/banned.h"

#define FIELD_NAME(name, ...) #name,
const char *const member_json_fields[] = { MEMBER_FIELDS(FIELD_NAME) NULL };
#undef FIELD_NAME

static int
wrong_type(struct cb_error *err, const char *field, const char *expected)
{
	return cb_error_field(err, 0, field, "wrong_type", expected);
}

/* The JSON value of field f of obj: null when it has none, an integer
 * (ids, numbers, references), a string (text, dates, times, enum names). */
static json_t *
field_to_json(const struct field_def *f, const void *obj)
{
	const void *p = field_cslot(f, obj);
	char buf[32];
	const char *s;
	json_t *v;

	switch (f->type) {
	case FT_I64:
		return json_integer(*(const int64_t *)p);
	case FT_INT:
		return json_integer(*(const int *)p);
	case FT_REF:
		return *(const int64_t *)p ?
		    json_integer(*(const int64_t *)p) :
		    json_null();
	case FT_BOOL:
		return json_boolean(*(const bool *)p);
	case FT_JSON:
		/* Text that is not an object or an array shows as null. */
		s = field_get_text(f, obj, buf, sizeof(buf));
		v = s != NULL ? json_loads(s, 0, NULL) : NULL;
		return v != NULL ? v : json_null();
	case FT_TEXT:
	case FT_DATE:
	case FT_ENUM:
	case FT_TIME:
	case FT_DATETIME:
	case FT__MAX:
	default:
		s = field_get_text(f, obj, buf, sizeof(buf));
		return s != NULL ? json_string(s) : json_null();
	}
}

json_t *
entity_to_json(const struct entity *e, const void *obj)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; o != NULL && i < e->nfields; i++) {
		json_t *v = field_to_json(&e->fields[i], obj);

		if (v == NULL ||
		    json_object_set_new(o, e->fields[i].name, v) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* The names an FT_ENUM field may be set to (how->enum_ok), joined with
 * ", " into buf. */
static void
enum_list(const struct field_def *f, const struct json_apply *how, char *buf,
    size_t n)
{
	field_enum_list_where(f, how->enum_ok, buf, n);
}

/* Applies one JSON value to one writable field of obj. */
static void
apply_field(const struct field_def *f, void *obj, const json_t *v,
    const struct json_apply *how, struct cb_error *err)
{
	const char *s = json_string_value(v);
	char *clean = NULL, list[256];
	struct date d;
	int en;

	if (f->type == FT_REF || f->type == FT_I64 || f->type == FT_INT) {
		json_int_t n = json_is_null(v) ? 0 : json_integer_value(v);

		if (!json_is_null(v) && !json_is_integer(v))
			wrong_type(err, f->name, "integer");
		else if (f->type == FT_REF && !json_is_null(v) && n <= 0 &&
		    how->ref_invalid != NULL)
			cb_error_field(err, 0, f->name, how->ref_invalid,
			    NULL);
		else if (f->type == FT_INT)
			*field_int_slot(f, obj) = (int)n;
		else
			*field_i64_slot(f, obj) = n;
		return;
	}
	if (json_is_null(v) && (how->flags & JA_NULL_KEEPS))
		return;
	if (f->type == FT_BOOL) {
		if (!json_is_null(v) && !json_is_boolean(v))
			wrong_type(err, f->name, "boolean");
		else
			*field_bool_slot(f, obj) = json_is_true(v);
		return;
	}
	if (f->type == FT_JSON) {
		if (!json_is_null(v) && !json_is_object(v)) {
			wrong_type(err, f->name, "object");
			return;
		}
		if (!json_is_null(v) &&
		    (clean = json_dumps(v, JSON_COMPACT)) == NULL) {
			cb_error_set(err, CB_ENOMEM, NULL, NULL);
			return;
		}
		free(*field_text_slot(f, obj));
		*field_text_slot(f, obj) = clean;
		return;
	}
	if (!json_is_null(v) && s == NULL) {
		wrong_type(err, f->name, "string");
		return;
	}
	switch (f->type) {
	case FT_TEXT:
		if (s != NULL &&
		    field_clean_text(f->name, s, f->max, 0, &clean, err) != 0)
			return;
		if (clean != NULL && (f->flags & FF_RULES) &&
		    how->canon != NULL &&
		    how->canon(f, &clean, how->arg, err) != 0) {
			free(clean);
			return;
		}
		free(*field_text_slot(f, obj));
		*field_text_slot(f, obj) = clean;
		break;
	case FT_DATE:
		if (s == NULL ||
		    (s[0] == '\0' && !(how->flags & JA_EMPTY_DATE_INVALID))) {
			field_date_slot(f, obj)[0] = '\0';
			break;
		}
		if (date_parse_iso(s, &d) != 0) {
			cb_error_field(err, 0, f->name, "invalid_date",
			    strlen(s) < 40 ? s : "");
			break;
		}
		date_format_iso(&d, field_date_slot(f, obj));
		break;
	case FT_DATETIME:
		if (s == NULL || s[0] == '\0') {
			free(*field_text_slot(f, obj));
			*field_text_slot(f, obj) = NULL;
			break;
		}
		if (field_set_text(f, obj, s, 0, err) != 0)
			break;
		break;
	case FT_ENUM:
		en = s != NULL ? field_enum_parse(f, s) : 0;
		if (en > 0 && how->enum_ok != NULL && !how->enum_ok(f, en))
			en = -1;
		*field_int_slot(f, obj) = en < 0 ? 0 : en;
		if (en < 0) {
			enum_list(f, how, list, sizeof(list));
			cb_error_field_given(err, 0, f->name, "invalid_value",
			    list, s != NULL && strlen(s) < 40 ? s : NULL);
		}
		break;
	case FT_I64:
	case FT_INT:
	case FT_REF:
	case FT_TIME:
	case FT_JSON:
	case FT_BOOL:
	case FT__MAX:
	default:
		break;
	}
}

/* Whether a read-only field sent in a patch equals the stored value. */
static bool
ro_equal(const struct field_def *f, const void *obj, const json_t *v)
{
	json_t *cur = field_to_json(f, obj);
	bool eq = cur != NULL && json_equal(cur, v);

	json_decref(cur);
	return eq;
}

/* The extra called key, or NULL. */
static const struct json_extra *
extra_named(const struct json_apply *how, const char *key)
{
	const struct json_extra *x;

	for (x = how->extra; x != NULL && x->name != NULL; x++)
		if (strcmp(x->name, key) == 0)
			return x;
	return NULL;
}

/* Applies one JSON value to an extra: cleaned text, null ignored. */
static void
apply_extra(const struct json_extra *x, const json_t *v, struct cb_error *err)
{
	const char *s;

	if (json_is_null(v))
		return;
	if ((s = json_string_value(v)) == NULL) {
		wrong_type(err, x->name, "string");
		return;
	}
	free(*x->ret);
	field_clean_text(x->name, s, x->max, 0, x->ret, err);
}

/* The field key names as input may write it, or NULL (unknown).  A
 * read-only field is returned unless how makes it unknown. */
static const struct field_def *
input_field(const struct entity *e, const char *key,
    const struct json_apply *how)
{
	const struct field_def *f = entity_field(e, key);

	if (f != NULL && (f->flags & FF_READONLY) &&
	    (how->flags & JA_RO_UNKNOWN))
		return NULL;
	return f;
}

/* A key that names no writable field: unknown_field or read_only. */
static void
refuse_key(const struct field_def *f, const void *obj, const char *key,
    const json_t *v, const struct json_apply *how, struct cb_error *err)
{
	if (f == NULL)
		cb_error_field(err, 0, key, "unknown_field", NULL);
	else if ((how->flags & JA_CREATING) || !ro_equal(f, obj, v))
		cb_error_field(err, 0, key, "read_only", NULL);
}

/* Whether field f must be given and is not (JA_REQUIRED). */
static bool
missing(const struct field_def *f, const json_t *in,
    const struct json_apply *how)
{
	json_t *v;

	if (!(how->flags & JA_REQUIRED) || !(f->flags & FF_REQUIRED) ||
	    (f->flags & FF_READONLY))
		return false;
	v = json_object_get(in, f->name);
	return v == NULL || json_is_null(v);
}

int
entity_apply_json(const struct entity *e, void *obj, const json_t *in,
    const struct json_apply *how, struct cb_error *err)
{
	struct cb_error local = CB_ERROR_INIT;
	bool ordered = (how->flags & JA_TABLE_ORDER) != 0;
	const struct json_extra *x;
	const struct field_def *f;
	const char *key;
	json_t *v;
	size_t i;
	int rc;

	if (!json_is_object(in))
		return cb_error_set(err, CB_EINVAL, "expected_object", NULL);
	json_object_foreach((json_t *)in, key, v)
	{
		if ((x = extra_named(how, key)) != NULL) {
			if (!ordered)
				apply_extra(x, v, &local);
			continue;
		}
		f = input_field(e, key, how);
		if (f == NULL || (f->flags & FF_READONLY))
			refuse_key(f, obj, key, v, how, &local);
		else if (!ordered)
			apply_field(f, obj, v, how, &local);
	}
	for (i = 0; ordered && i < e->nfields; i++) {
		f = &e->fields[i];
		if (f->flags & FF_READONLY)
			continue;
		if (missing(f, in, how))
			cb_error_field(&local, 0, f->name, "required", NULL);
		else if ((v = json_object_get(in, f->name)) != NULL)
			apply_field(f, obj, v, how, &local);
	}
	for (x = how->extra; ordered && x != NULL && x->name != NULL; x++)
		if ((v = json_object_get(in, x->name)) != NULL)
			apply_extra(x, v, &local);
	for (i = 0; !ordered && i < e->nfields; i++)
		if (missing(&e->fields[i], in, how))
			cb_error_field(&local, 0, e->fields[i].name,
			    "required", NULL);
	rc = local.code == CB_OK ? 0 : -local.code;
	if (local.code == CB_ENOMEM)
		cb_error_set(err, CB_ENOMEM, NULL, NULL);
	for (i = 0; i < local.nfields; i++)
		cb_error_field_copy(err, 0, &local.fields[i]);
	cb_error_release(&local);
	return rc;
}

/* ----------------------------------------------------------- members */

/* "masked": the fields withheld (m->masked) in the order API v1
 * publishes: the table's, starting at the first personal field that
 * identifies the person (FF_UNIQUE: citizen_id), wrapping round to the
 * places before it. */
static json_t *
masked_names(uint64_t mask)
{
	const struct entity *e = &member_entity;
	json_t *a = json_array();
	size_t i, k, first = 0;

	for (i = 0; i < e->nfields; i++)
		if ((e->fields[i].flags & (FF_PERSONAL | FF_UNIQUE)) ==
		    (FF_PERSONAL | FF_UNIQUE)) {
			first = i;
			break;
		}
	for (k = 0; a != NULL && k < e->nfields; k++) {
		size_t j = (first + k) % e->nfields;

		if (j < 64 && (mask & ((uint64_t)1 << j)) &&
		    json_array_append_new(a, json_string(e->fields[j].name)) !=
		        0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *
member_to_json(const struct member *m)
{
	json_t *o = entity_to_json(&member_entity, m);

	/* Say which fields were withheld, so that null is not read as
	 * "no value". */
	if (o != NULL && m->masked != 0 &&
	    json_object_set_new(o, "masked", masked_names(m->masked)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

struct member_canon {
	const struct rulebook *rb;
	const char *today;
};

/* FF_RULES text of a member: the ethnicity and the other texts of a
 * reference list (core/reflist.h) are written in their listed form when
 * they name an item (by its name, code, English name or an alias); what
 * names none is left for validation to refuse. */
static int
member_canon(const struct field_def *f, char **val, void *arg,
    struct cb_error *err)
{
	const struct member_canon *mc = arg;
	int l = ref_list_of_field(f->name);
	const char *c;
	char *t;

	if (l < 0)
		return 0;
	c = ref_canonical(mc->rb, (enum ref_list)l, *val, mc->today, NULL);
	if (c == NULL || strcmp(c, *val) == 0)
		return 0;
	if ((t = strdup(c)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	free(*val);
	*val = t;
	return 0;
}

int
member_apply_json(struct member *m, const json_t *obj, bool creating,
    const struct rulebook *rb, const char *today, struct cb_error *err)
{
	struct member_canon mc = { rb, today };
	struct json_apply how = {
		.flags = creating ? JA_CREATING : 0,
		.ref_invalid = "org_not_found",
		.canon = member_canon,
		.arg = &mc,
	};

	return entity_apply_json(&member_entity, m, obj, &how, err);
}

json_t *
member_event_to_json(const struct member_event *e)
{
	return entity_to_json(&member_event_entity, e);
}

/* The kinds a caller records: not the record_* kinds. */
static bool
recordable_kind(const struct field_def *f, int v)
{
	(void)f;
	return member_event_kind_recordable((enum member_event_kind)v);
}

int
member_event_from_json(const json_t *obj, struct member_event *e,
    struct cb_error *err)
{
	/* note: free text, kept as the details {"note": ...}. */
	char *note = NULL;
	const struct json_extra extra[] = { { "note", 2000, &note },
		{ NULL, 0, NULL } };
	const struct json_apply how = {
		.flags = JA_RO_UNKNOWN | JA_NULL_KEEPS |
		    JA_EMPTY_DATE_INVALID | JA_REQUIRED | JA_TABLE_ORDER,
		.extra = extra,
		.enum_ok = recordable_kind,
	};
	json_t *d;
	int rc;

	rc = entity_apply_json(&member_event_entity, e, obj, &how, err);
	if (note != NULL) {
		if ((d = json_pack("{s:s}", "note", note)) != NULL) {
			free(e->details);
			e->details = json_dumps(d, JSON_COMPACT);
			json_decref(d);
		}
		free(note);
	}
	return rc;
}

/* -------------------------------------------------------------- orgs */

json_t *
org_to_json(const struct org *o)
{
	return entity_to_json(&org_entity, o);
}

int
org_from_json(const json_t *obj, struct org *o, char **ret_doc_no,
    struct cb_error *err)
{
	/* doc_no: the decision's number, kept apart (not a field). */
	const struct json_extra extra[] = {
		{ "doc_no", VAL_DOC_MAX, ret_doc_no }, { NULL, 0, NULL }
	};
	const struct json_apply how = {
		.flags = JA_RO_UNKNOWN | JA_NULL_KEEPS | JA_EMPTY_DATE_INVALID,
		.extra = extra,
	};
	int rc;

	*ret_doc_no = NULL;
	if ((rc = entity_apply_json(&org_entity, o, obj, &how, err)) != 0) {
		free(*ret_doc_no);
		*ret_doc_no = NULL;
	}
	return rc;
}

json_t *
org_event_to_json(const struct org_event *e)
{
	return entity_to_json(&org_event_entity, e);
}

/* One update of the check's preview: the member as it is, and each
 * field that changes, old -> new, with its labels. */
static json_t *
import_change_to_json(const struct import_change *c)
{
	json_t *fields = json_array();
	size_t i;

	for (i = 0; i < c->nfields; i++) {
		const struct import_change_field *f = &c->fields[i];

		json_array_append_new(fields,
		    json_pack("{s:s, s:s, s:s, s:s?, s:s?}", "field", f->field,
		        "label", msg_field_label(f->field, LANG_VI),
		        "label_en", msg_field_label(f->field, LANG_EN), "old",
		        f->old, "new", f->new_));
	}
	return json_pack("{s:I, s:I, s:s?, s:I, s:s?, s:s?, s:o, s:s?}", "row",
	    (json_int_t)c->row, "member_id", (json_int_t)c->member_id,
	    "full_name", c->full_name, "org_id", (json_int_t)c->org_id,
	    "org_name", c->org_name, "org_code", c->org_code, "fields", fields,
	    "matched_by", c->matched_by);
}

json_t *
import_conflicts_to_json(const struct import_report *r)
{
	json_t *a;
	size_t i;

	if (r->nconflicts == 0 || (a = json_array()) == NULL)
		return NULL;
	for (i = 0; i < r->nconflicts; i++)
		json_array_append_new(a,
		    import_change_to_json(&r->conflicts[i]));
	return a;
}

json_t *
import_report_to_json(const struct import_report *r)
{
	json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:b, s:s, s:s?}", "rows",
	    (json_int_t)r->rows, "created", (json_int_t)r->created, "updated",
	    (json_int_t)r->updated, "unchanged", (json_int_t)r->unchanged,
	    "committed", r->committed, "format", r->format, "encoding",
	    r->encoding[0] ? r->encoding : NULL);
	json_t *changes = json_array();
	size_t i;

	if (o == NULL || changes == NULL) {
		json_decref(o);
		json_decref(changes);
		return NULL;
	}
	for (i = 0; i < r->nchanges; i++)
		json_array_append_new(changes,
		    import_change_to_json(&r->changes[i]));
	json_object_set_new(o, "changes", changes);
	if (r->token[0] != '\0')
		json_object_set_new(o, "token", json_string(r->token));
	if (r->file_sha256[0] != '\0')
		json_object_set_new(o, "file_sha256",
		    json_string(r->file_sha256));
	if (r->batch_id > 0)
		json_object_set_new(o, "batch_id",
		    json_integer((json_int_t)r->batch_id));
	return o;
}

json_t *
json_diff_side(const json_t *a, const json_t *b, bool before)
{
	json_t *out = json_object();
	const char *key;
	json_t *va;

	if (out == NULL || !json_is_object(a) || !json_is_object(b))
		return out;
	json_object_foreach((json_t *)a, key, va)
	{
		json_t *vb = json_object_get(b, key);

		if (strcmp(key, "version") == 0 ||
		    strcmp(key, "updated_at") == 0 ||
		    strcmp(key, "created_at") == 0 ||
		    json_equal(va, vb ? vb : json_null()))
			continue;
		json_object_set(out, key,
		    before ? va : (vb ? vb : json_null()));
	}
	return out;
}
