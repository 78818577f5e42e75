/*
 * json.c - the only code that turns members, organisations and their
 * events into JSON and back.  Readers are table-driven: every field has a
 * type and a limit, every problem becomes a field error, and all of them
 * are reported at once.
 */
#include "svc/svc-int.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "util/date.h"
#include "util/text.h"

enum ftype {
	F_TEXT,		/* char *, cleaned text */
	F_DATE,		/* char[DATE_LEN], ISO */
	F_GENDER,
	F_STATUS,
	F_ORG,		/* int64_t organisation id */
	F_RO,		/* read-only: shown, never written */
};

struct field {
	const char	*name;
	enum ftype	 type;
	size_t		 off;	/* offset in struct member (F_TEXT, F_DATE) */
	size_t		 max;	/* characters (F_TEXT) */
};

#define TXT(f, max) { #f, F_TEXT, offsetof(struct member, f), max }
#define DAT(f) { #f, F_DATE, offsetof(struct member, f), 0 }

static const struct field member_fields[] = {
	{ "id", F_RO, 0, 0 },
	TXT(full_name, VAL_NAME_MAX),
	{ "gender", F_GENDER, 0, 0 },
	DAT(birth_date),
	TXT(birthplace, VAL_TEXT_MAX),
	TXT(hometown, VAL_TEXT_MAX),
	TXT(ethnicity, VAL_TEXT_MAX),
	TXT(religion, VAL_TEXT_MAX),
	TXT(citizen_id, VAL_CODE_MAX),
	TXT(card_no, VAL_CODE_MAX),
	TXT(dossier_no, VAL_CODE_MAX),
	DAT(admission_decision_date),
	DAT(admitted_on),
	DAT(official_on),
	{ "status", F_STATUS, 0, 0 },
	DAT(exempt_since),
	{ "org_id", F_ORG, 0, 0 },
	TXT(job_title, VAL_TEXT_MAX),
	TXT(education, VAL_TEXT_MAX),
	TXT(professional_level, VAL_TEXT_MAX),
	TXT(theory_level, VAL_TEXT_MAX),
	TXT(phone, VAL_CODE_MAX),
	TXT(email, VAL_TEXT_MAX),
	{ "state", F_RO, 0, 0 },
	{ "version", F_RO, 0, 0 },
	{ "created_at", F_RO, 0, 0 },
	{ "updated_at", F_RO, 0, 0 },
};

#define NFIELDS (sizeof(member_fields) / sizeof(member_fields[0]))

const char *const member_json_fields[] = {
	"id", "full_name", "gender", "birth_date", "birthplace", "hometown",
	"ethnicity", "religion", "citizen_id", "card_no", "dossier_no",
	"admission_decision_date", "admitted_on", "official_on", "status",
	"exempt_since", "org_id", "job_title", "education",
	"professional_level", "theory_level", "phone", "email", "state",
	"version", "created_at", "updated_at", NULL
};

static char **
text_slot(struct member *m, const struct field *f)
{
	return (char **)(void *)((char *)m + f->off);
}

static char *
date_slot(struct member *m, const struct field *f)
{
	return (char *)m + f->off;
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

/* The JSON value of field f of m: null, a string (*ret_s) or an integer
 * (*ret_i): what member_to_json shows. */
enum fval { V_NULL, V_STR, V_INT };

static enum fval
field_value(const struct member *m, const struct field *f, const char **ret_s,
    int64_t *ret_i)
{
	struct member *mm = (struct member *)(uintptr_t)m;
	const char *s;

	switch (f->type) {
	case F_TEXT:
		s = *text_slot(mm, f);
		break;
	case F_DATE:
		s = date_slot(mm, f);
		break;
	case F_GENDER:
		s = gender_name(m->gender);
		break;
	case F_STATUS:
		s = member_status_name(m->status);
		break;
	case F_ORG:
		if (m->org_id == 0)
			return V_NULL;
		*ret_i = m->org_id;
		return V_INT;
	case F_RO:
	default:
		if (strcmp(f->name, "id") == 0) {
			*ret_i = m->id;
			return V_INT;
		}
		if (strcmp(f->name, "version") == 0) {
			*ret_i = m->version;
			return V_INT;
		}
		if (strcmp(f->name, "state") == 0)
			s = member_state_name(m->state);
		else if (strcmp(f->name, "created_at") == 0)
			s = m->created_at;
		else
			s = m->updated_at;
		break;
	}
	if (s == NULL || s[0] == '\0')
		return V_NULL;
	*ret_s = s;
	return V_STR;
}

json_t *
member_to_json(const struct member *m)
{
	json_t *o = json_object();
	size_t i;

	if (o == NULL)
		return NULL;
	for (i = 0; i < NFIELDS; i++) {
		const struct field *f = &member_fields[i];
		const char *s = NULL;
		int64_t n = 0;
		json_t *v;

		switch (field_value(m, f, &s, &n)) {
		case V_STR:
			v = json_string(s);
			break;
		case V_INT:
			v = json_integer(n);
			break;
		case V_NULL:
		default:
			v = json_null();
			break;
		}
		if (v == NULL || json_object_set_new(o, f->name, v) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	/* Say which fields were withheld, so that null is not read as
	 * "no value". */
	if (m->personal_hidden) {
		json_t *a = json_array();

		for (i = 0; a != NULL && personal_fields[i]; i++)
			json_array_append_new(a, json_string(personal_fields[i]));
		json_object_set_new(o, "masked", a);
	}
	return o;
}

/*
 * Cleans a text value for storage: valid UTF-8 without control characters,
 * NFC, trimmed, inner white space collapsed, at most max characters.
 * *ret is malloc'd, or NULL when the value is empty.  Returns 0 or a field
 * error (-CB_EINVAL).
 */
static int
clean_text(const char *field, const char *s, size_t max, long row,
    char **ret, struct cb_error *err)
{
	char buf[24], *c;

	*ret = NULL;
	/* Bound the work before normalising: a character is at most 4
	 * bytes, and NFC never needs more than a few per character. */
	if (strlen(s) > max * 4 * 3 + 64) {
		snprintf(buf, sizeof(buf), "%zu", max);
		return cb_error_field(err, row, field, "too_long", buf);
	}
	if (!text_utf8_valid(s, strlen(s)))
		return cb_error_field(err, row, field, "invalid_text", NULL);
	if ((c = text_clean(s)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if (text_utf8_len(c) > max) {
		free(c);
		snprintf(buf, sizeof(buf), "%zu", max);
		return cb_error_field(err, row, field, "too_long", buf);
	}
	if (c[0] == '\0') {
		free(c);
		return 0;
	}
	*ret = c;
	return 0;
}

static int
wrong_type(struct cb_error *err, const char *field, const char *expected)
{
	return cb_error_field(err, 0, field, "wrong_type", expected);
}

/* Whether a read-only field sent in a patch equals the stored value. */
static bool
ro_equal(const struct member *m, const char *name, const json_t *v)
{
	json_t *cur = member_to_json(m);
	bool eq = cur != NULL && json_equal(json_object_get(cur, name), v);

	json_decref(cur);
	return eq;
}

static const struct field *
field_find(const char *name)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (strcmp(member_fields[i].name, name) == 0)
			return &member_fields[i];
	return NULL;
}

/* Applies one JSON value to one field of m. */
static void
apply_field(struct member *m, const struct field *f, const json_t *v,
    bool creating, const struct rulebook *rb, const char *today,
    struct cb_error *err)
{
	const char *s = json_string_value(v);
	char *clean = NULL;
	struct date d;

	if (f->type == F_RO) {
		if (creating || !ro_equal(m, f->name, v))
			cb_error_field(err, 0, f->name, "read_only", NULL);
		return;
	}
	if (f->type == F_ORG) {
		if (json_is_null(v))
			m->org_id = 0;
		else if (!json_is_integer(v))
			wrong_type(err, f->name, "integer");
		else if (json_integer_value(v) <= 0)
			cb_error_field(err, 0, f->name, "org_not_found", NULL);
		else
			m->org_id = json_integer_value(v);
		return;
	}
	if (!json_is_null(v) && s == NULL) {
		wrong_type(err, f->name, "string");
		return;
	}
	switch (f->type) {
	case F_TEXT:
		if (s != NULL && clean_text(f->name, s, f->max, 0, &clean,
		    err) != 0)
			return;
		if (clean != NULL && strcmp(f->name, "ethnicity") == 0) {
			const char *c = ethnicity_canonical(rb, clean, today);

			if (c != NULL && strcmp(c, clean) != 0) {
				char *t = strdup(c);

				if (t == NULL) {
					free(clean);
					cb_error_set(err, CB_ENOMEM, NULL, NULL);
					return;
				}
				free(clean);
				clean = t;
			}
		}
		free(*text_slot(m, f));
		*text_slot(m, f) = clean;
		break;
	case F_DATE:
		if (s == NULL || s[0] == '\0') {
			date_slot(m, f)[0] = '\0';
			break;
		}
		if (date_parse_iso(s, &d) != 0) {
			cb_error_field(err, 0, f->name, "invalid_date",
			    strlen(s) < 40 ? s : "");
			break;
		}
		date_format_iso(&d, date_slot(m, f));
		break;
	case F_GENDER:
		if (s == NULL)
			m->gender = GENDER_NONE;
		else if ((m->gender = gender_parse(s)) == GENDER_NONE)
			cb_error_field(err, 0, f->name, "invalid_value",
			    "male, female");
		break;
	case F_STATUS:
		if (s == NULL)
			m->status = MSTATUS_NONE;
		else if ((m->status = member_status_parse(s)) == MSTATUS_NONE)
			cb_error_field(err, 0, f->name, "invalid_value",
			    "probationary, official");
		break;
	default:
		break;
	}
}

int
member_apply_json(struct member *m, const json_t *obj, bool creating,
    const struct rulebook *rb, const char *today, struct cb_error *err)
{
	struct cb_error local = CB_ERROR_INIT;
	const char *key;
	json_t *v;
	size_t i;
	int rc;

	if (!json_is_object(obj))
		return cb_error_set(err, CB_EINVAL, "expected_object", NULL);
	json_object_foreach((json_t *)obj, key, v) {
		const struct field *f = field_find(key);

		if (f == NULL) {
			cb_error_field(&local, 0, key, "unknown_field", NULL);
			continue;
		}
		apply_field(m, f, v, creating, rb, today, &local);
	}
	rc = local.code == CB_OK ? 0 : -local.code;
	if (local.code == CB_ENOMEM)
		cb_error_set(err, CB_ENOMEM, NULL, NULL);
	for (i = 0; i < local.nfields; i++)
		cb_error_field(err, 0, local.fields[i].field,
		    local.fields[i].code, local.fields[i].arg);
	cb_error_release(&local);
	return rc;
}

json_t *
member_event_to_json(const struct member_event *e)
{
	json_t *details = NULL;

	if (e->details != NULL)
		details = json_loads(e->details, 0, NULL);
	return json_pack("{s:I, s:I, s:s?, s:o, s:o, s:o, s:o, s:s?, s:s?}",
	    "id", (json_int_t)e->id, "member_id", (json_int_t)e->member_id,
	    "kind", member_event_kind_name(e->kind),
	    "on", str_or_null(e->on),
	    "doc_no", str_or_null(e->doc_no),
	    "org_id", e->org_id ? json_integer(e->org_id) : json_null(),
	    "details", details ? details : json_null(),
	    "recorded_by", e->recorded_by, "recorded_at", e->recorded_at);
}

int
member_event_from_json(const json_t *obj, struct member_event *e,
    struct cb_error *err)
{
	static const char *const known[] = { "kind", "on", "doc_no", "org_id",
	    "note", NULL };
	struct cb_error local = CB_ERROR_INIT;
	const char *key, *s;
	struct date d;
	json_t *v;
	size_t i;
	int rc;

	if (!json_is_object(obj))
		return cb_error_set(err, CB_EINVAL, "expected_object", NULL);
	json_object_foreach((json_t *)obj, key, v) {
		for (i = 0; known[i] && strcmp(known[i], key); i++)
			;
		if (known[i] == NULL)
			cb_error_field(&local, 0, key, "unknown_field", NULL);
	}
	v = json_object_get(obj, "kind");
	if (v == NULL || json_is_null(v))
		cb_error_field(&local, 0, "kind", "required", NULL);
	else if ((s = json_string_value(v)) == NULL)
		wrong_type(&local, "kind", "string");
	else if ((e->kind = member_event_kind_parse(s)) == MEV_NONE ||
	    e->kind >= MEV_RECORD_CREATED)
		cb_error_field(&local, 0, "kind", "invalid_value",
		    "admitted, made_official, transferred_in, transferred_out, "
		    "moved, exempted, exemption_ended, died, removed, expelled, "
		    "left");
	v = json_object_get(obj, "on");
	if (v == NULL || json_is_null(v))
		cb_error_field(&local, 0, "on", "required", NULL);
	else if ((s = json_string_value(v)) == NULL)
		wrong_type(&local, "on", "string");
	else if (date_parse_iso(s, &d) != 0)
		cb_error_field(&local, 0, "on", "invalid_date",
		    strlen(s) < 40 ? s : "");
	else
		date_format_iso(&d, e->on);
	v = json_object_get(obj, "doc_no");
	if (v != NULL && !json_is_null(v)) {
		if ((s = json_string_value(v)) == NULL)
			wrong_type(&local, "doc_no", "string");
		else {
			free(e->doc_no);
			clean_text("doc_no", s, VAL_DOC_MAX, 0, &e->doc_no,
			    &local);
		}
	}
	v = json_object_get(obj, "org_id");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_integer(v))
			wrong_type(&local, "org_id", "integer");
		else
			e->org_id = json_integer_value(v);
	}
	v = json_object_get(obj, "note");
	if (v != NULL && !json_is_null(v)) {
		char *note = NULL;

		if ((s = json_string_value(v)) == NULL)
			wrong_type(&local, "note", "string");
		else if (clean_text("note", s, 2000, 0, &note, &local) == 0 &&
		    note != NULL) {
			json_t *d2 = json_pack("{s:s}", "note", note);

			free(e->details);
			e->details = json_dumps(d2, JSON_COMPACT);
			json_decref(d2);
		}
		free(note);
	}
	rc = local.code == CB_OK ? 0 : -local.code;
	for (i = 0; i < local.nfields; i++)
		cb_error_field(err, 0, local.fields[i].field,
		    local.fields[i].code, local.fields[i].arg);
	cb_error_release(&local);
	return rc;
}

/* -------------------------------------------------------------- orgs */

json_t *
org_to_json(const struct org *o)
{
	return json_pack("{s:I, s:s?, s:s?, s:s?, s:o, s:s?, s:i, s:o,"
	    " s:o, s:I}",
	    "id", (json_int_t)o->id,
	    "kind", org_kind_name(o->kind),
	    "name", o->name, "code", o->code,
	    "parent_id", o->parent_id ? json_integer(o->parent_id) :
	    json_null(),
	    "path", o->path, "depth", o->depth,
	    "valid_from", str_or_null(o->valid_from),
	    "valid_to", str_or_null(o->valid_to),
	    "version", (json_int_t)o->version);
}

int
org_from_json(const json_t *obj, struct org *o, char **ret_doc_no,
    struct cb_error *err)
{
	static const char *const known[] = { "kind", "name", "code",
	    "parent_id", "valid_from", "valid_to", "doc_no", NULL };
	struct cb_error local = CB_ERROR_INIT;
	const char *key, *s;
	json_t *v;
	size_t i;
	int rc;

	*ret_doc_no = NULL;
	if (!json_is_object(obj))
		return cb_error_set(err, CB_EINVAL, "expected_object", NULL);
	json_object_foreach((json_t *)obj, key, v) {
		for (i = 0; known[i] && strcmp(known[i], key); i++)
			;
		if (known[i] == NULL) {
			cb_error_field(&local, 0, key, "unknown_field", NULL);
			continue;
		}
		if (strcmp(key, "parent_id") == 0) {
			if (json_is_null(v))
				o->parent_id = 0;
			else if (!json_is_integer(v))
				wrong_type(&local, key, "integer");
			else
				o->parent_id = json_integer_value(v);
			continue;
		}
		if (json_is_null(v))
			continue;
		if ((s = json_string_value(v)) == NULL) {
			wrong_type(&local, key, "string");
			continue;
		}
		if (strcmp(key, "kind") == 0) {
			if ((o->kind = org_kind_parse(s)) == ORG_KIND_NONE)
				cb_error_field(&local, 0, key, "invalid_value",
				    "central, province, upper_grassroots, "
				    "grassroots, grassroots_cell, "
				    "sub_committee, cell, group");
		} else if (strcmp(key, "name") == 0) {
			free(o->name);
			clean_text(key, s, VAL_ORG_NAME_MAX, 0, &o->name,
			    &local);
		} else if (strcmp(key, "code") == 0) {
			free(o->code);
			clean_text(key, s, VAL_CODE_MAX, 0, &o->code, &local);
		} else if (strcmp(key, "doc_no") == 0) {
			free(*ret_doc_no);
			clean_text(key, s, VAL_DOC_MAX, 0, ret_doc_no, &local);
		} else {
			char *slot = strcmp(key, "valid_from") == 0 ?
			    o->valid_from : o->valid_to;
			struct date d;

			if (date_parse_iso(s, &d) != 0)
				cb_error_field(&local, 0, key, "invalid_date",
				    strlen(s) < 40 ? s : "");
			else
				date_format_iso(&d, slot);
		}
	}
	rc = local.code == CB_OK ? 0 : -local.code;
	for (i = 0; i < local.nfields; i++)
		cb_error_field(err, 0, local.fields[i].field,
		    local.fields[i].code, local.fields[i].arg);
	cb_error_release(&local);
	if (rc) {
		free(*ret_doc_no);
		*ret_doc_no = NULL;
	}
	return rc;
}

json_t *
org_event_to_json(const struct org_event *e)
{
	json_t *details = NULL;

	if (e->details != NULL)
		details = json_loads(e->details, 0, NULL);
	return json_pack("{s:I, s:I, s:s?, s:o, s:o, s:o, s:s?, s:s?}",
	    "id", (json_int_t)e->id, "org_id", (json_int_t)e->org_id,
	    "kind", e->kind, "on", str_or_null(e->on),
	    "doc_no", str_or_null(e->doc_no),
	    "details", details ? details : json_null(),
	    "recorded_by", e->recorded_by, "recorded_at", e->recorded_at);
}

json_t *
import_report_to_json(const struct import_report *r)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:b, s:s, s:s?}",
	    "rows", (json_int_t)r->rows, "created", (json_int_t)r->created,
	    "updated", (json_int_t)r->updated,
	    "unchanged", (json_int_t)r->unchanged,
	    "committed", r->committed, "format", r->format,
	    "encoding", r->encoding[0] ? r->encoding : NULL);
}

json_t *
json_diff_side(const json_t *a, const json_t *b, bool before)
{
	json_t *out = json_object();
	const char *key;
	json_t *va;

	if (out == NULL || !json_is_object(a) || !json_is_object(b))
		return out;
	json_object_foreach((json_t *)a, key, va) {
		json_t *vb = json_object_get(b, key);

		if (strcmp(key, "version") == 0 ||
		    strcmp(key, "updated_at") == 0 ||
		    strcmp(key, "created_at") == 0 ||
		    json_equal(va, vb ? vb : json_null()))
			continue;
		json_object_set(out, key, before ? va : (vb ? vb :
		    json_null()));
	}
	return out;
}
