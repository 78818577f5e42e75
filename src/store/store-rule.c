/*
 * store-rule.c - committee overrides of rulebook values.  The value is kept
 * as JSON text: a number (RV_INT), a string (RV_TEXT) or an array of
 * strings (RV_LIST).  Backend-neutral (see store-int.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store-int.h"
#include "util/err.h"
#include "util/sb.h"
#include "util/text.h"

#include "util/banned.h"

/* ------------------------------------------------------ JSON, minimal */

static void
json_string(struct sb *b, const char *s)
{
	const unsigned char *p;

	sb_addc(b, '"');
	for (p = (const unsigned char *)(s ? s : ""); *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			sb_addc(b, '\\');
			sb_addc(b, (char)*p);
		} else if (*p < 0x20) {
			sb_addf(b, "\\u%04x", *p);
		} else {
			sb_addc(b, (char)*p);
		}
	}
	sb_addc(b, '"');
}

/* The JSON text of v; malloc'd or NULL (out of memory). */
static char *
value_to_json(const struct rule_value *v)
{
	struct sb b;
	size_t i;

	sb_init(&b, 0);
	switch (v->type) {
	case RV_INT:
		sb_addf(&b, "%lld", (long long)v->i);
		break;
	case RV_TEXT:
		json_string(&b, v->s);
		break;
	case RV_LIST:
		sb_addc(&b, '[');
		for (i = 0; i < v->nitems; i++) {
			if (i)
				sb_addc(&b, ',');
			json_string(&b, v->items[i]);
		}
		sb_addc(&b, ']');
		break;
	}
	return sb_detach(&b, NULL);
}

static const char *
skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static int
hex4(const char *p, unsigned long *ret)
{
	unsigned long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	*ret = v;
	return 0;
}

/* Parses the JSON string at *pp (at its opening quote) into a malloc'd
 * string; advances *pp past it.  -CB_EINVAL if malformed. */
static int
parse_string(const char **pp, char **ret)
{
	const char *p = *pp + 1;
	unsigned char u8[4];
	unsigned long cp, lo;
	struct sb b;

	*ret = NULL;
	sb_init(&b, 0);
	for (; *p != '"'; p++) {
		if (*p == '\0')
			goto bad;
		if (*p != '\\') {
			sb_addc(&b, *p);
			continue;
		}
		switch (*++p) {
		case '"':
		case '\\':
		case '/':
			sb_addc(&b, *p);
			break;
		case 'b':
			sb_addc(&b, '\b');
			break;
		case 'f':
			sb_addc(&b, '\f');
			break;
		case 'n':
			sb_addc(&b, '\n');
			break;
		case 'r':
			sb_addc(&b, '\r');
			break;
		case 't':
			sb_addc(&b, '\t');
			break;
		case 'u':
			if (hex4(p + 1, &cp) != 0)
				goto bad;
			p += 4;
			if (cp >= 0xD800 && cp < 0xDC00) {
				if (p[1] != '\\' || p[2] != 'u' ||
				    hex4(p + 3, &lo) != 0 || lo < 0xDC00 ||
				    lo > 0xDFFF)
					goto bad;
				p += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				    (lo - 0xDC00);
			} else if (cp >= 0xDC00 && cp < 0xE000) {
				goto bad;
			}
			sb_addn(&b, (const char *)u8,
			    text_utf8_put((uint32_t)cp, u8));
			break;
		default:
			goto bad;
		}
	}
	if (sb_err(&b) != 0) {
		sb_release(&b);
		return -CB_ENOMEM;
	}
	*pp = p + 1;
	if ((*ret = sb_detach(&b, NULL)) == NULL)
		return -CB_ENOMEM;
	return 0;
bad:
	sb_release(&b);
	return -CB_EINVAL;
}

/* Fills v (zeroed) from JSON text s.  0, -CB_EINVAL or -CB_ENOMEM. */
static int
value_from_json(const char *s, struct rule_value *v)
{
	const char *p = skip_ws(s);
	char *item, **ni;
	int rc;

	if (*p == '"') {
		v->type = RV_TEXT;
		if ((rc = parse_string(&p, &v->s)) != 0)
			return rc;
	} else if (*p == '[') {
		v->type = RV_LIST;
		p = skip_ws(p + 1);
		while (*p != ']') {
			if (v->nitems > 0) {
				if (*p != ',')
					return -CB_EINVAL;
				p = skip_ws(p + 1);
			}
			if (*p != '"')
				return -CB_EINVAL;
			if ((rc = parse_string(&p, &item)) != 0)
				return rc;
			ni = realloc(v->items, (v->nitems + 1) * sizeof(*ni));
			if (ni == NULL) {
				free(item);
				return -CB_ENOMEM;
			}
			v->items = ni;
			v->items[v->nitems++] = item;
			p = skip_ws(p);
		}
		p++;
	} else {
		char *end;

		v->type = RV_INT;
		errno = 0;
		v->i = strtoll(p, &end, 10);
		if (end == p || errno != 0)
			return -CB_EINVAL;
		p = end;
	}
	return *skip_ws(p) == '\0' ? 0 : -CB_EINVAL;
}

/* ---------------------------------------------------------- overrides */

int
store_rule_override_add(struct store *st, struct rule_override *o,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN], *json;
	struct q q;
	bool g;
	int rc = 0;

	if (o->rule_id == NULL || *o->rule_id == '\0')
		rc = cb_error_field(err, 0, "rule_id", "required", NULL);
	if (o->value_name == NULL || *o->value_name == '\0')
		rc = cb_error_field(err, 0, "value_name", "required", NULL);
	if (o->from[0] == '\0')
		rc = cb_error_field(err, 0, "valid_from", "required", NULL);
	if (store_check_date(o->from, "valid_from", err) != 0 ||
	    store_check_date(o->to, "valid_to", err) != 0)
		rc = -CB_EINVAL;
	if (rc != 0)
		return rc;
	if (store_restricted(st)) {
		char *path;

		if ((rc = scope_org_for_write(st, o->org_id, "org_id", &path,
		         err)) != 0)
			return rc;
		rc = scope_may(st, ACT_RULES_WRITE, path, err);
		free(path);
		if (rc != 0)
			return rc;
	}
	if ((json = value_to_json(&o->value)) == NULL)
		return store_nomem(err);
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0) {
		free(json);
		return rc;
	}
	if ((rc = q_open(&q, st, STMT_OVERRIDE_ADD, err)) == 0) {
		q.fk_field = "org_id";
		q_text(&q, 1, o->rule_id);
		q_text(&q, 2, o->value_name);
		q_text(&q, 3, json);
		q_int(&q, 4, o->org_id);
		q_date(&q, 5, o->from);
		q_date(&q, 6, o->to);
		q_text(&q, 7, o->doc_no);
		q_text(&q, 8, o->recorded_by);
		q_text(&q, 9, now);
		rc = q_insert_id(&q, now, &o->id, &o->recorded_at, err);
	}
	free(json);
	return store_guard_end(st, g, rc, err);
}

int
store_rule_overrides_load(struct store *st, struct rulebook *rb,
    struct cb_error *err)
{
	struct rule_override o;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_OVERRIDES_LOAD, err)) != 0)
		return rc;
	while ((rc = q_step(&q, err)) == 1) {
		memset(&o, 0, sizeof(o));
		o.id = q_col_int(&q, 0);
		o.org_id = q_col_int(&q, 4);
		q_col_date(&q, 6, o.from);
		q_col_date(&q, 7, o.to);
		if (q_col_dup(&q, 1, &o.rule_id) != 0 ||
		    q_col_dup(&q, 2, &o.value_name) != 0 ||
		    q_col_dup(&q, 2, &o.value.name) != 0 ||
		    q_col_dup(&q, 5, &o.org_path) != 0 ||
		    q_col_dup(&q, 8, &o.doc_no) != 0 ||
		    q_col_dup(&q, 9, &o.recorded_by) != 0 ||
		    q_col_dup(&q, 10, &o.recorded_at) != 0) {
			rc = -CB_ENOMEM;
		} else {
			const char *js = q_col_text(&q, 3);

			rc = value_from_json(js ? js : "", &o.value);
			if (rc == -CB_EINVAL)
				cb_error_detail(err,
				    "store: override %lld:"
				    " bad value %s",
				    (long long)o.id, js ? js : "(null)");
		}
		if (rc == 0)
			rc = rulebook_add_override(rb, &o);
		rule_override_release(&o);
		if (rc != 0) {
			rc = rc == -CB_ENOMEM ?
			    store_nomem(err) :
			    cb_error_set(err, CB_ESTORE, "storage_error",
			        NULL);
			break;
		}
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}
