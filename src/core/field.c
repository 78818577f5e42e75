/* field.c - see field.h. */
#include "core/field.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/text.h"

#include "util/banned.h"

const struct field_def *
entity_field(const struct entity *e, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return &e->fields[i];
	return NULL;
}

static bool
is_string(const struct field_def *f)
{
	return f->type == FT_TEXT || f->type == FT_TIME ||
	    f->type == FT_JSON || f->type == FT_DATETIME;
}

const void *
field_cslot(const struct field_def *f, const void *obj)
{
	return (const char *)obj + f->off;
}

char **
field_text_slot(const struct field_def *f, void *obj)
{
	assert(is_string(f));
	return (char **)(void *)((char *)obj + f->off);
}

char *
field_date_slot(const struct field_def *f, void *obj)
{
	assert(f->type == FT_DATE);
	return (char *)obj + f->off;
}

int64_t *
field_i64_slot(const struct field_def *f, void *obj)
{
	assert(f->type == FT_I64 || f->type == FT_REF);
	return (int64_t *)(void *)((char *)obj + f->off);
}

bool *
field_bool_slot(const struct field_def *f, void *obj)
{
	assert(f->type == FT_BOOL);
	return (bool *)(void *)((char *)obj + f->off);
}

int *
field_int_slot(const struct field_def *f, void *obj)
{
	assert(f->type == FT_INT || f->type == FT_ENUM);
	return (int *)(void *)((char *)obj + f->off);
}

void
entity_release_strings(const struct entity *e, void *obj)
{
	size_t i;

	if (obj == NULL)
		return;
	for (i = 0; i < e->nfields; i++) {
		char **p;

		if (!is_string(&e->fields[i]))
			continue;
		p = field_text_slot(&e->fields[i], obj);
		free(*p);
		*p = NULL;
	}
}

int
entity_copy(const struct entity *e, void *dst, const void *src)
{
	void *t = malloc(e->size);
	size_t i;

	if (t == NULL)
		return -CB_ENOMEM;
	memcpy(t, src, e->size);
	for (i = 0; i < e->nfields; i++)
		if (is_string(&e->fields[i]))
			*field_text_slot(&e->fields[i], t) = NULL;
	for (i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];
		const char *s;

		if (!is_string(f))
			continue;
		s = *(char *const *)field_cslot(f, src);
		if (s != NULL &&
		    (*field_text_slot(f, t) = strdup(s)) == NULL) {
			entity_release_strings(e, t);
			free(t);
			return -CB_ENOMEM;
		}
	}
	memcpy(dst, t, e->size);
	free(t);
	return 0;
}

bool
field_is_empty(const struct field_def *f, const void *obj)
{
	const void *p = field_cslot(f, obj);
	const char *s;

	switch (f->type) {
	case FT_TEXT:
	case FT_TIME:
	case FT_JSON:
	case FT_DATETIME:
		s = *(char *const *)p;
		return s == NULL || s[0] == '\0';
	case FT_DATE:
		return ((const char *)p)[0] == '\0';
	case FT_REF:
		return *(const int64_t *)p == 0;
	case FT_ENUM:
		return field_enum_name(f, *(const int *)p) == NULL;
	case FT_I64:
	case FT_INT:
	case FT_BOOL:
	case FT__MAX:
	default:
		return false;
	}
}

static void
field_clear(const struct field_def *f, void *obj)
{
	switch (f->type) {
	case FT_TEXT:
	case FT_TIME:
	case FT_JSON:
	case FT_DATETIME:
		free(*field_text_slot(f, obj));
		*field_text_slot(f, obj) = NULL;
		break;
	case FT_BOOL:
		*field_bool_slot(f, obj) = false;
		break;
	case FT_DATE:
		field_date_slot(f, obj)[0] = '\0';
		break;
	case FT_I64:
	case FT_REF:
		*field_i64_slot(f, obj) = 0;
		break;
	case FT_INT:
	case FT_ENUM:
		*field_int_slot(f, obj) = 0;
		break;
	case FT__MAX:
	default:
		break;
	}
}

size_t
entity_clear_flagged(const struct entity *e, void *obj, unsigned int flags)
{
	size_t i, n = 0;

	for (i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];

		if ((f->flags & flags) == 0)
			continue;
		if (!field_is_empty(f, obj))
			n++;
		field_clear(f, obj);
	}
	return n;
}

size_t
entity_clear_mask(const struct entity *e, void *obj, uint64_t mask)
{
	size_t i, n = 0;

	for (i = 0; i < e->nfields && i < 64; i++) {
		const struct field_def *f = &e->fields[i];

		if ((mask & ((uint64_t)1 << i)) == 0)
			continue;
		if (!field_is_empty(f, obj))
			n++;
		field_clear(f, obj);
	}
	return n;
}

const char *
field_enum_name(const struct field_def *f, int v)
{
	if (f->type != FT_ENUM || v < 0 || v >= f->nnames)
		return NULL;
	return f->names[v];
}

int
field_enum_parse(const struct field_def *f, const char *s)
{
	int i;

	if (f->type != FT_ENUM || s == NULL)
		return -1;
	for (i = 0; i < f->nnames; i++)
		if (f->names[i] != NULL && strcmp(f->names[i], s) == 0)
			return i;
	return -1;
}

void
field_enum_list(const struct field_def *f, char *buf, size_t n)
{
	field_enum_list_where(f, NULL, buf, n);
}

void
field_enum_list_where(const struct field_def *f,
    bool (*ok)(const struct field_def *f, int v), char *buf, size_t n)
{
	size_t used = 0;
	int i;

	if (n == 0)
		return;
	buf[0] = '\0';
	for (i = 0; f->type == FT_ENUM && i < f->nnames; i++) {
		int w;

		if (f->names[i] == NULL || (ok != NULL && !ok(f, i)))
			continue;
		w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "",
		    f->names[i]);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
}

int
field_check_text(const char *field, const char *s, size_t len, long row,
    struct cb_error *err)
{
	char cp_s[16], pos_s[24];
	uint32_t cp;
	size_t pos;

	if (!text_utf8_wellformed(s, len) || memchr(s, '\0', len) != NULL)
		return cb_error_field(err, row, field, "invalid_text", NULL);
	if (!text_find_control(s, len, true, &cp, &pos))
		return 0;
	snprintf(cp_s, sizeof(cp_s), "U+%04" PRIX32, cp);
	snprintf(pos_s, sizeof(pos_s), "%zu", pos);
	return cb_error_field_given(err, row, field, "control_character", cp_s,
	    pos_s);
}

int
field_clean_text(const char *field, const char *s, size_t max, long row,
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
	if (field_check_text(field, s, strlen(s), row, err) != 0)
		return -CB_EINVAL;
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

/* A decimal integer in [lo, hi], the whole of s. */
static bool
parse_int(const char *s, int64_t lo, int64_t hi, int64_t *ret)
{
	int64_t v = 0;
	bool neg = false;
	size_t i = 0;

	if (s[0] == '-') {
		neg = true;
		i = 1;
	}
	if (s[i] == '\0')
		return false;
	for (; s[i] != '\0'; i++) {
		int d = s[i] - '0';

		/* v * 10 + d must not pass INT64_MAX. */
		if (d < 0 || d > 9 || v > (INT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (neg)
		v = -v;
	if (v < lo || v > hi)
		return false;
	*ret = v;
	return true;
}

int
field_set_text(const struct field_def *f, void *obj, const char *s, long row,
    struct cb_error *err)
{
	char list[256], *clean;
	struct date d;
	int64_t v;
	int e;

	if (s == NULL)
		s = "";
	switch (f->type) {
	case FT_TEXT:
	case FT_TIME:
		if (field_clean_text(f->name, s,
		        f->max ? f->max : FIELD_TEXT_MAX, row, &clean, err) !=
		    0)
			return -CB_EINVAL;
		free(*field_text_slot(f, obj));
		*field_text_slot(f, obj) = clean;
		return 0;
	case FT_DATE:
		if (s[0] == '\0') {
			field_date_slot(f, obj)[0] = '\0';
			return 0;
		}
		if (date_parse_iso(s, &d) != 0)
			return cb_error_field(err, row, f->name,
			    "invalid_date", strlen(s) < 40 ? s : "");
		date_format_iso(&d, field_date_slot(f, obj));
		return 0;
	case FT_ENUM:
		if (s[0] == '\0') {
			*field_int_slot(f, obj) = 0;
			return 0;
		}
		if ((e = field_enum_parse(f, s)) < 0) {
			field_enum_list(f, list, sizeof(list));
			return cb_error_field_given(err, row, f->name,
			    "invalid_value", list, strlen(s) < 40 ? s : "");
		}
		*field_int_slot(f, obj) = e;
		return 0;
	case FT_REF:
		if (s[0] == '\0') {
			*field_i64_slot(f, obj) = 0;
			return 0;
		}
		if (!parse_int(s, 1, INT64_MAX, &v))
			return cb_error_field(err, row, f->name, "invalid_id",
			    strlen(s) < 40 ? s : "");
		*field_i64_slot(f, obj) = v;
		return 0;
	case FT_I64:
		if (!parse_int(s, INT64_MIN + 1, INT64_MAX, &v))
			return cb_error_field(err, row, f->name, "wrong_type",
			    "integer");
		*field_i64_slot(f, obj) = v;
		return 0;
	case FT_INT:
		if (!parse_int(s, INT32_MIN, INT32_MAX, &v))
			return cb_error_field(err, row, f->name, "wrong_type",
			    "integer");
		*field_int_slot(f, obj) = (int)v;
		return 0;
	case FT_BOOL:
		if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0 ||
		    strcmp(s, "yes") == 0)
			*field_bool_slot(f, obj) = true;
		else if (s[0] == '\0' || strcmp(s, "false") == 0 ||
		    strcmp(s, "0") == 0 || strcmp(s, "no") == 0)
			*field_bool_slot(f, obj) = false;
		else
			return cb_error_field(err, row, f->name, "wrong_type",
			    "boolean");
		return 0;
	case FT_DATETIME:
		clean = NULL;
		if (s[0] != '\0') {
			char ts[TIMESTAMP_LEN];

			if (datetime_parse_iso(s, ts) != 0)
				return cb_error_field(err, row, f->name,
				    "invalid_datetime",
				    strlen(s) < 40 ? s : "");
			if ((clean = strdup(ts)) == NULL)
				return cb_error_set(err, CB_ENOMEM, NULL,
				    NULL);
		}
		free(*field_text_slot(f, obj));
		*field_text_slot(f, obj) = clean;
		return 0;
	case FT_JSON:
		if (s[0] != '\0')
			return cb_error_field(err, row, f->name, "wrong_type",
			    "object");
		free(*field_text_slot(f, obj));
		*field_text_slot(f, obj) = NULL;
		return 0;
	case FT__MAX:
	default:
		break;
	}
	return cb_error_field(err, row, f->name, "wrong_type", NULL);
}

const char *
field_get_text(const struct field_def *f, const void *obj, char *buf, size_t n)
{
	const void *p = field_cslot(f, obj);
	const char *s;

	switch (f->type) {
	case FT_TEXT:
	case FT_TIME:
	case FT_JSON:
	case FT_DATETIME:
		s = *(char *const *)p;
		return s != NULL && s[0] != '\0' ? s : NULL;
	case FT_BOOL:
		return *(const bool *)p ? "true" : "false";
	case FT_DATE:
		s = p;
		return s[0] != '\0' ? s : NULL;
	case FT_ENUM:
		return field_enum_name(f, *(const int *)p);
	case FT_REF:
		if (*(const int64_t *)p == 0)
			return NULL;
		snprintf(buf, n, "%" PRId64, *(const int64_t *)p);
		return buf;
	case FT_I64:
		snprintf(buf, n, "%" PRId64, *(const int64_t *)p);
		return buf;
	case FT_INT:
		snprintf(buf, n, "%d", *(const int *)p);
		return buf;
	case FT__MAX:
	default:
		break;
	}
	return NULL;
}

const char *
field_type_json(enum field_type t)
{
	switch (t) {
	case FT_I64:
	case FT_INT:
	case FT_REF:
		return "integer";
	case FT_TEXT:
	case FT_DATE:
	case FT_ENUM:
	case FT_TIME:
	case FT_DATETIME:
		return "string";
	case FT_JSON:
		return "object";
	case FT_BOOL:
		return "boolean";
	case FT__MAX:
	default:
		break;
	}
	return NULL;
}
