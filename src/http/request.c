/*
 * request.c - reading a request: headers, query arguments, If-Match, and
 * JSON bodies with their limits.  Every problem becomes a cb_error; the
 * dispatcher turns it into a problem reply.
 */
#include "http/http-int.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/date.h"
#include "util/text.h"

#include "util/banned.h"

const char *
req_header(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
req_query(struct request *r, const char *name)
{
	const char *v;

	if (MHD_lookup_connection_value_n(r->conn, MHD_GET_ARGUMENT_KIND, name,
	        strlen(name), &v, NULL) != MHD_YES)
		return NULL;
	return v != NULL ? v : "";
}

/* ------------------------------------------------------------- query */

static int
query_error(struct cb_error *err, const char *field, const char *code,
    const char *arg)
{
	cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
	return cb_error_field(err, 0, field, code, arg);
}

struct query_walk {
	const char *const *allowed;
	struct cb_error *err;
	int bad;
};

static enum MHD_Result
query_walk_one(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct query_walk *w = cls;
	size_t i;

	(void)kind;
	(void)value;
	for (i = 0; w->allowed[i] != NULL; i++)
		if (strcmp(w->allowed[i], key) == 0)
			return MHD_YES;
	/* The name goes back to the client as the field: keep it short and
	 * valid text. */
	if (strlen(key) > 64 || !text_utf8_valid(key, strlen(key)))
		key = "?";
	query_error(w->err, key, "unknown_field", NULL);
	w->bad++;
	return MHD_YES;
}

int
query_check(struct request *r, const char *const *allowed,
    struct cb_error *err)
{
	struct query_walk w = { allowed, err, 0 };

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND,
	    query_walk_one, &w);
	return w.bad ? -CB_EINVAL : 0;
}

int
query_int(struct request *r, const char *name, int64_t min, int64_t max,
    int64_t def, int64_t *ret, struct cb_error *err)
{
	const char *s = req_query(r, name);
	char range[64];
	int64_t v = 0;
	size_t i;

	*ret = def;
	if (s == NULL)
		return 0;
	if (s[0] == '\0' || strlen(s) > 18)
		return query_error(err, name, "invalid_number", NULL);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return query_error(err, name, "invalid_number", NULL);
		v = v * 10 + (s[i] - '0');
	}
	if (v < min || v > max) {
		snprintf(range, sizeof(range), "%lld..%lld", (long long)min,
		    (long long)max);
		return query_error(err, name, "invalid_value", range);
	}
	*ret = v;
	return 0;
}

int
query_bool(struct request *r, const char *name, bool def, bool *ret,
    struct cb_error *err)
{
	const char *s = req_query(r, name);

	*ret = def;
	if (s == NULL)
		return 0;
	if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		*ret = true;
	else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		*ret = false;
	else
		return query_error(err, name, "invalid_value", "true, false");
	return 0;
}

int
query_text(struct request *r, const char *name, size_t max, const char **ret,
    struct cb_error *err)
{
	const char *s = req_query(r, name);
	char buf[24];

	*ret = NULL;
	if (s == NULL)
		return 0;
	if (!text_utf8_wellformed(s, strlen(s)))
		return query_error(err, name, "invalid_utf8", NULL);
	if (!text_utf8_valid(s, strlen(s)))
		return query_error(err, name, "invalid_text", NULL);
	if (text_utf8_len(s) > max) {
		snprintf(buf, sizeof(buf), "%zu", max);
		return query_error(err, name, "too_long", buf);
	}
	*ret = s;
	return 0;
}

int
query_date(struct request *r, const char *name, char ret[DATE_LEN],
    struct cb_error *err)
{
	const char *s = req_query(r, name);
	struct date d;

	ret[0] = '\0';
	if (s == NULL)
		return 0;
	if (date_parse_iso(s, &d) != 0)
		return query_error(err, name, "invalid_date",
		    strlen(s) < 40 && text_utf8_wellformed(s, strlen(s)) ?
		        s :
		        "");
	date_format_iso(&d, ret);
	return 0;
}

int
query_org(struct request *r, const char *name, int64_t *ret,
    struct cb_error *err)
{
	struct cb_error local = CB_ERROR_INIT;
	struct org o;
	int64_t id = 0;
	int rc;

	*ret = 0;
	if ((rc = query_int(r, name, 1, INT64_MAX, 0, &id, err)) != 0 ||
	    id == 0)
		return rc;
	org_init(&o);
	rc = svc_org_get(&r->svc, id, &o, &local);
	org_release(&o);
	if (rc == -CB_ENOTFOUND) {
		cb_error_release(&local);
		return query_error(err, name, "org_not_found", NULL);
	}
	if (rc != 0) {
		cb_error_move(err, &local);
		return rc;
	}
	*ret = id;
	return 0;
}

/* ---------------------------------------------------------- If-Match */

bool
if_match_present(struct request *r)
{
	return req_header(r, "If-Match") != NULL;
}

static int
if_match_bad(struct cb_error *err)
{
	return cb_error_set(err, CB_EINVAL, "invalid_if_match", NULL);
}

int
if_match_parse(struct request *r, int64_t current, int64_t *ret,
    struct cb_error *err)
{
	const char *h = req_header(r, "If-Match"), *p;
	int64_t first = 0;
	size_t ntags = 0, nnum = 0;
	bool star = false, hit = false;

	*ret = 0;
	if (h == NULL)
		return 0;
	for (p = h;;) {
		char tag[24];
		size_t n = 0;
		int64_t v;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == ',') { /* empty list element */
			p++;
			continue;
		}
		if (*p == '\0')
			break;
		if (*p == '*') {
			star = true;
			p++;
		} else {
			if (p[0] == 'W' && p[1] == '/')
				p += 2;
			if (*p != '"')
				return if_match_bad(err);
			for (p++; *p != '"'; p++) {
				unsigned char c = (unsigned char)*p;

				/* etagc = %x21 / %x23-7E / obs-text */
				if (c == '\0' || c < 0x21 || c == 0x7F)
					return if_match_bad(err);
				if (n + 1 < sizeof(tag))
					tag[n] = (char)c;
				n++;
			}
			p++;
			tag[n < sizeof(tag) ? n : sizeof(tag) - 1] = '\0';
			ntags++;
			if (n < sizeof(tag) && parse_id(tag, &v)) {
				if (nnum++ == 0)
					first = v;
				if (v == current)
					hit = true;
			}
		}
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == ',')
			p++;
		else if (*p != '\0')
			return if_match_bad(err);
	}
	if (star)
		return ntags == 0 ? 0 : if_match_bad(err);
	if (ntags == 0)
		return if_match_bad(err);
	if (hit && current > 0)
		*ret = current;
	else if (nnum == 0)
		*ret = INT64_MAX; /* no tag of ours: never matches */
	else if (nnum == 1)
		*ret = first;
	else if (current == 0)
		*ret = -1; /* a list: the caller looks first */
	else
		*ret = INT64_MAX;
	return 0;
}

int
if_match_resolve(struct request *r, int64_t (*version_of)(struct request *),
    int64_t *ret, struct cb_error *err)
{
	int rc = if_match_parse(r, 0, ret, err);

	if (rc == 0 && *ret == -1) {
		int64_t cur = version_of(r);

		rc = if_match_parse(r, cur, ret, err);
		if (rc == 0 && *ret == -1)
			*ret = INT64_MAX;
	}
	return rc;
}

/* Cuts a path builder back to len bytes. */
static void
path_cut(struct sb *b, size_t len)
{
	if (b->alloc > 0 && len <= b->len) {
		b->len = len;
		b->buf[len] = '\0';
	}
}

/* Appends the path of every string (value or key) holding U+FFFD to err as
 * an "invalid_utf8" field error. */
static void
find_fffd(const json_t *j, struct sb *path, struct cb_error *err)
{
	size_t mark = path->len;
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_string(j)) {
		if (memmem(json_string_value(j), json_string_length(j),
		        "\xEF\xBF\xBD", 3) != NULL)
			cb_error_field(err, 0, path->len ? path->buf : "body",
			    "invalid_utf8", NULL);
		return;
	}
	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
		{
			sb_addf(path, "[%zu]", i);
			find_fffd(v, path, err);
			path_cut(path, mark);
		}
		return;
	}
	if (!json_is_object(j))
		return;
	json_object_foreach((json_t *)j, key, v)
	{
		if (path->len)
			sb_addc(path, '.');
		sb_add(path, key);
		if (strstr(key, "\xEF\xBF\xBD") != NULL)
			cb_error_field(err, 0, path->buf, "invalid_utf8",
			    NULL);
		else
			find_fffd(v, path, err);
		path_cut(path, mark);
	}
}

/* ------------------------------------------------------------- JSON */

static bool
media_type_is_json(const char *ct)
{
	char type[128];
	size_t n = 0;

	if (ct == NULL)
		return false;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	while (ct[n] != '\0' && ct[n] != ';' && ct[n] != ' ' &&
	    ct[n] != '\t' && n + 1 < sizeof(type)) {
		type[n] = ct[n];
		n++;
	}
	type[n] = '\0';
	if (strcasecmp(type, "application/json") == 0)
		return true;
	/* application/merge-patch+json and other structured +json types */
	return n > 17 && strncasecmp(type, "application/", 12) == 0 &&
	    strcasecmp(type + n - 5, "+json") == 0;
}

/*
 * Bounds the document before jansson builds it: nesting depth, number of
 * object keys and of values, counted outside strings.  Returns NULL or the
 * message argument of the limit exceeded.
 */
static const char *
json_prescan(const char *s, size_t len, enum lang lang, size_t *ret_pos)
{
	size_t i, depth = 0, keys = 0, values = 0;
	bool in_str = false;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
			continue;
		}
		switch (c) {
		case '"':
			in_str = true;
			break;
		case '[':
		case '{':
			if (++depth > JSON_MAX_DEPTH) {
				*ret_pos = i;
				return lang == LANG_EN ?
				    "nested deeper than 32 levels" :
				    "lồng sâu quá 32 cấp";
			}
			break;
		case ']':
		case '}':
			if (depth > 0)
				depth--;
			break;
		case ':':
			if (++keys > JSON_MAX_KEYS) {
				*ret_pos = i;
				return lang == LANG_EN ?
				    "more than 2000 keys" :
				    "quá 2000 khóa";
			}
			break;
		case ',':
			if (++values > JSON_MAX_VALUES) {
				*ret_pos = i;
				return lang == LANG_EN ?
				    "more than 200000 values" :
				    "quá 200000 giá trị";
			}
			break;
		default:
			break;
		}
	}
	return NULL;
}

/*
 * The key whose value the parser was reading at byte pos of s[0..len) (the
 * innermost object's), copied into out; false when there is none (the
 * top level, an array's item, a key itself) or it is not plain text.
 */
static bool
json_key_at(const char *s, size_t len, size_t pos, char *out, size_t size)
{
	/* Per open container: an object's key (start, length; length -1:
	 * none yet, or the value is done) and whether a key comes next. */
	struct level {
		size_t key;
		long keylen;
		bool object, want_key;
	} st[JSON_MAX_DEPTH + 1];
	size_t depth = 0, i, start, k;

	/* jansson's position is past the token that broke the text: that
	 * token itself (a '}' where a value was due) does not count. */
	if (pos > len)
		pos = len;
	if (pos > 0)
		pos--;
	for (i = 0; i < pos; i++) {
		struct level *top = depth > 0 ? &st[depth - 1] : NULL;

		switch (s[i]) {
		case '"':
			start = ++i;
			while (i < pos && s[i] != '"')
				i += s[i] == '\\' ? 2 : 1;
			if (i >= pos) {
				/* The error is inside this string: a key's
				 * own is no key's value. */
				if (top != NULL && top->object &&
				    top->want_key)
					return false;
				i = pos;
				break;
			}
			if (top != NULL && top->object && top->want_key) {
				top->key = start;
				top->keylen = (long)(i - start);
			}
			break;
		case '{':
		case '[':
			if (depth > JSON_MAX_DEPTH)
				return false;
			st[depth].object = s[i] == '{';
			st[depth].want_key = s[i] == '{';
			st[depth].keylen = -1;
			depth++;
			break;
		case '}':
		case ']':
			if (depth > 0)
				depth--;
			if (depth > 0 && st[depth - 1].object)
				st[depth - 1].keylen = -1;
			break;
		case ':':
			if (top != NULL && top->object)
				top->want_key = false;
			break;
		case ',':
			if (top != NULL && top->object) {
				top->want_key = true;
				top->keylen = -1;
			}
			break;
		default:
			break;
		}
	}
	if (depth == 0 || !st[depth - 1].object || st[depth - 1].want_key ||
	    st[depth - 1].keylen <= 0 ||
	    (size_t)st[depth - 1].keylen >= size || st[depth - 1].keylen > 64)
		return false;
	start = st[depth - 1].key;
	for (k = 0; k < (size_t)st[depth - 1].keylen; k++) {
		unsigned char c = (unsigned char)s[start + k];

		/* Plain keys only: no escape, no control byte. */
		if (c == '\\' || c < 0x20 || c == 0x7F)
			return false;
		out[k] = (char)c;
	}
	out[k] = '\0';
	return text_utf8_wellformed(out, k) &&
	    !text_find_control(out, k, false, &(uint32_t){ 0 },
	        &(size_t){ 0 });
}

/* The machine code of what jansson found (its error code and text). */
static const char *
json_problem_code(const json_error_t *jerr)
{
	switch (json_error_code(jerr)) {
	case json_error_numeric_overflow:
		return "json_number_too_big";
	case json_error_null_character:
	case json_error_null_byte_in_key:
		return "json_nul";
	case json_error_end_of_input_expected:
		return "json_trailing_data";
	case json_error_premature_end_of_input:
		return "json_truncated";
	case json_error_duplicate_key:
		return "json_duplicate_key";
	case json_error_invalid_syntax:
		if (strncmp(jerr->text, "invalid Unicode", 15) == 0)
			return "json_bad_unicode";
		if (strncmp(jerr->text, "control character", 17) == 0)
			return jerr->text[18] == '0' &&
			        jerr->text[19] == 'x' &&
			        jerr->text[20] == '0' &&
			        (jerr->text[21] == ' ' ||
			            jerr->text[21] == '\0') ?
			    "json_nul" :
			    "json_control_character";
		return "json_syntax";
	default:
		return "json_syntax";
	}
}

/*
 * The invalid_json error with its position: in the message, as the
 * problem's "line", "column", "position", and as errors[0] (code what
 * kind of error, the field whose value was being read where known, and
 * the same three numbers, which body_json_or_reply adds).
 */
static int
json_syntax_error(const char *buf, size_t len, enum lang lang,
    const char *what, const char *code, int line, int column, size_t position,
    json_t **ret_ext, struct cb_error *err)
{
	char arg[256], where[96], key[72];
	bool en = lang == LANG_EN;

	if (line > 0)
		snprintf(where, sizeof(where),
		    en ? "line %d, column %d, byte %zu" :
		         "dòng %d, cột %d, byte %zu",
		    line, column, position);
	else
		snprintf(where, sizeof(where), "byte %zu", position);
	snprintf(arg, sizeof(arg), "%s (%s)", what, where);
	*ret_ext = json_pack("{s:I}", "position", (json_int_t)position);
	if (*ret_ext != NULL && line > 0) {
		json_object_set_new(*ret_ext, "line", json_integer(line));
		json_object_set_new(*ret_ext, "column", json_integer(column));
	}
	cb_error_set(err, CB_EINVAL, "invalid_json", arg);
	cb_error_field(err, 0,
	    json_key_at(buf, len, position, key, sizeof(key)) ? key : NULL,
	    code, where);
	return -CB_EINVAL;
}

int
body_json(struct request *r, json_t **ret, json_t **ret_ext,
    struct cb_error *err)
{
	*ret = NULL;
	*ret_ext = NULL;
	if (!media_type_is_json(req_header(r, "Content-Type")))
		return cb_error_set(err, CB_EINVAL, "unsupported_media_type",
		    "application/json");
	return body_json_parse(r->body.buf, r->body.len, r->lang, ret, ret_ext,
	    err);
}

int
body_json_parse(const char *buf, size_t len, enum lang lang, json_t **ret,
    json_t **ret_ext, struct cb_error *err)
{
	const char *limit;
	json_error_t jerr;
	json_t *doc;
	size_t pos = 0;

	*ret = NULL;
	*ret_ext = NULL;
	if ((limit = json_prescan(buf, len, lang, &pos)))
		return json_syntax_error(buf, len, lang, limit,
		    "json_too_complex", 0, 0, pos, ret_ext, err);
	doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
	    &jerr);
	if (doc == NULL && json_error_code(&jerr) == json_error_invalid_utf8) {
		/* jansson rejects the whole body; find the fields. */
		struct cb_error local = CB_ERROR_INIT;
		struct sb clean, path;
		json_t *again;

		sb_init(&clean, len * 3 + 16);
		sb_init(&path, 4096);
		text_utf8_scrub(buf, len, &clean);
		again = sb_err(&clean) ?
		    NULL :
		    json_loadb(clean.buf, clean.len,
		        JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
		if (json_is_object(again))
			find_fffd(again, &path, &local);
		else if (again != NULL)
			cb_error_set(&local, CB_EINVAL, "expected_object",
			    NULL);
		json_decref(again);
		sb_release(&clean);
		sb_release(&path);
		if (local.code != CB_OK) {
			cb_error_move(err, &local);
			return -CB_EINVAL;
		}
		cb_error_release(&local);
	}
	if (doc == NULL)
		return json_syntax_error(buf, len, lang, jerr.text,
		    json_problem_code(&jerr), jerr.line, jerr.column,
		    (size_t)jerr.position, ret_ext, err);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return cb_error_set(err, CB_EINVAL, "expected_object", NULL);
	}
	*ret = doc;
	return 0;
}

/* ------------------------------------------------------- body fields */

/* Reads a string member of a body into *ret (malloc'd, cleaned text of at
 * most max characters); NULL/absent leave *ret NULL. */
void
body_text(const json_t *body, const char *key, size_t max, char **ret,
    struct cb_error *err)
{
	const json_t *v = json_object_get(body, key);

	*ret = NULL;
	if (v == NULL || json_is_null(v))
		return;
	if (!json_is_string(v)) {
		cb_error_field(err, 0, key, "wrong_type", "string");
		return;
	}
	if (strlen(json_string_value(v)) != json_string_length(v)) {
		cb_error_field(err, 0, key, "invalid_text", NULL);
		return;
	}
	/* The one text check of the field tables (core/field.h). */
	field_clean_text(key, json_string_value(v), max, 0, ret, err);
}

void
body_date(const json_t *body, const char *key, char out[DATE_LEN],
    struct cb_error *err)
{
	const json_t *v = json_object_get(body, key);
	struct date d;

	out[0] = '\0';
	if (v == NULL || json_is_null(v))
		return;
	if (!json_is_string(v)) {
		cb_error_field(err, 0, key, "wrong_type", "string");
		return;
	}
	if (date_parse_iso(json_string_value(v), &d) != 0) {
		cb_error_field(err, 0, key, "invalid_date",
		    json_string_length(v) < 40 ? json_string_value(v) : "");
		return;
	}
	date_format_iso(&d, out);
}

/* Reports every member of body not in known as "unknown_field". */
void
body_known(const json_t *body, const char *const *known, struct cb_error *err)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach((json_t *)body, key, v)
	{
		for (i = 0; known[i] != NULL && strcmp(known[i], key); i++)
			;
		if (known[i] == NULL)
			cb_error_field(err, 0, key, "unknown_field", NULL);
	}
}

void
body_required(const json_t *body, const char *key, struct cb_error *err)
{
	const json_t *v = json_object_get(body, key);

	if (v == NULL || json_is_null(v) ||
	    (json_is_string(v) && json_string_length(v) == 0))
		cb_error_field(err, 0, key, "required", NULL);
}

int
body_json_or_reply(struct request *r, json_t **ret)
{
	struct cb_error err = CB_ERROR_INIT;
	json_t *ext = NULL;
	int rc = body_json(r, ret, &ext, &err);
	json_t *first;

	if (rc != 0) {
		json_incref(ext);
		req_fail_ext(r, rc, &err, ext);
		/* Where the body broke, in its error too. */
		if (ext != NULL && r->json != NULL &&
		    (first = json_array_get(json_object_get(r->json, "errors"),
		         0)) != NULL)
			json_object_update(first, ext);
		json_decref(ext);
		return -1;
	}
	return 0;
}
