/*
 * problem.c - errors as application/problem+json (RFC 9457), and the other
 * reply helpers.
 *
 * The body is {"type", "title", "status", "code", "detail", "errors"}:
 * "code" is the stable machine code of the cb_error (never translated),
 * "detail" and each error's "message" are rendered by msg_render() in the
 * request's language (Vietnamese unless Accept-Language prefers English).
 * This file is the only place below main() that prints: storage, I/O and
 * memory failures are logged to stderr with their internal detail, which
 * never reaches the client.
 */
#include "http/http-int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

#include "util/banned.h"

const char *
http_reason(unsigned int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 412:
		return "Precondition Failed";
	case 413:
		return "Content Too Large";
	case 415:
		return "Unsupported Media Type";
	case 428:
		return "Precondition Required";
	case 422:
		return "Unprocessable Content";
	case 429:
		return "Too Many Requests";
	case 501:
		return "Not Implemented";
	case 503:
		return "Service Unavailable";
	default:
		return "Error";
	}
}

/* Codes about the shape of the request rather than its data: 400 even when
 * they name fields (a query parameter, the If-Match header). */
static bool
request_shape_code(const char *mcode)
{
	static const char *const codes[] = { "invalid_json", "expected_object",
		"invalid_query", "invalid_if_match", "invalid_id", NULL };
	size_t i;

	for (i = 0; mcode != NULL && codes[i] != NULL; i++)
		if (strcmp(codes[i], mcode) == 0)
			return true;
	return false;
}

unsigned int
problem_status(const struct cb_error *err, int rc)
{
	int code = err != NULL && err->code != CB_OK ?
	    err->code :
	    (rc < 0 ? -rc : rc);

	if (err != NULL && err->mcode != NULL &&
	    strcmp(err->mcode, "unsupported_media_type") == 0)
		return 415;
	if (err != NULL && err->mcode != NULL &&
	    strcmp(err->mcode, "route_not_found") == 0)
		return 404;
	if (err != NULL && err->mcode != NULL &&
	    strcmp(err->mcode, "method_not_allowed") == 0)
		return 405;
	switch (code) {
	case CB_EINVAL:
		if (request_shape_code(err ? err->mcode : NULL))
			return 400;
		return err != NULL && err->nfields > 0 ? 422 : 400;
	case CB_ENOTFOUND:
		/* Something the body refers to (a field names it) is
		 * missing: the request's data is wrong, not its target. */
		return err != NULL && err->nfields > 0 ? 422 : 404;
	case CB_ECONFLICT:
		return 409;
	case CB_EPRECOND:
		/* A change that must name the version it changes (RFC 6585). */
		if (err != NULL && err->mcode != NULL &&
		    strcmp(err->mcode, "if_match_required") == 0)
			return 428;
		return 412;
	case CB_ETOOBIG:
		return 413;
	case CB_EPERM:
		/* Not knowing who asks is 401; knowing and refusing, 403. */
		if (err != NULL && err->mcode != NULL &&
		    (strcmp(err->mcode, "not_signed_in") == 0 ||
		        strcmp(err->mcode, "bad_credentials") == 0))
			return 401;
		if (err != NULL && err->mcode != NULL &&
		    strcmp(err->mcode, "too_many_attempts") == 0)
			return 429;
		return 403;
	case CB_ENOTSUP:
		return 501;
	case CB_ESTORE:
	case CB_EIO:
	case CB_ENOMEM:
	default:
		return 503;
	}
}

static void
reply_reset(struct request *r)
{
	json_decref(r->json);
	r->json = NULL;
	free(r->raw);
	r->raw = NULL;
	r->raw_len = 0;
	r->ctype = NULL;
	r->problem = false;
	r->etag[0] = '\0';
	free(r->location);
	r->location = NULL;
	r->disposition = NULL;
}

/* The last resort when even a problem cannot be built. */
static void
reply_oom(struct request *r)
{
	static const char body[] =
	    "{\"type\":\"about:blank\","
	    "\"title\":\"Service Unavailable\",\"status\":503,"
	    "\"code\":\"out_of_memory\"}";

	reply_reset(r);
	r->status = 503;
	r->raw = strdup(body);
	r->raw_len = r->raw ? strlen(body) : 0;
	r->ctype = "application/problem+json";
	r->problem = true;
}

void
reply_json(struct request *r, unsigned int status, json_t *j)
{
	if (j == NULL) {
		req_fail_code(r, CB_ENOMEM, "out_of_memory", NULL);
		return;
	}
	reply_reset(r);
	r->status = status;
	r->json = j;
}

void
reply_raw(struct request *r, unsigned int status, char *body, size_t len,
    const char *ctype)
{
	reply_reset(r);
	r->status = status;
	r->raw = body;
	r->raw_len = len;
	r->ctype = ctype;
}

void
reply_empty(struct request *r, unsigned int status)
{
	reply_reset(r);
	r->status = status;
}

void
reply_etag(struct request *r, int64_t version)
{
	snprintf(r->etag, sizeof(r->etag), "\"%lld\"", (long long)version);
}

void
reply_location(struct request *r, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	free(r->location);
	r->location = s;
}

/* Sets key to a rendered message; false on out-of-memory.  Arguments
 * may echo client bytes: invalid UTF-8 becomes U+FFFD rather than a
 * failed reply. */
static bool
set_message(json_t *obj, const char *key, const char *code, const char *arg,
    const char *given, enum lang lang)
{
	char *text = msg_render_given(code, arg, given, lang);
	struct sb clean;
	bool ok;

	if (text == NULL)
		return false;
	sb_init(&clean, strlen(text) * 3 + 16);
	text_utf8_scrub(text, strlen(text), &clean);
	free(text);
	ok = sb_err(&clean) == 0 &&
	    json_object_set_new(obj, key,
	        json_stringn(clean.buf, clean.len)) == 0;
	sb_release(&clean);
	return ok;
}

/* "a,b" as ["a", "b"]. */
static json_t *
split_list(const char *s)
{
	json_t *a = json_array();

	while (a != NULL && *s != '\0') {
		size_t n = strcspn(s, ",");

		json_array_append_new(a, json_stringn(s, n));
		s += n;
		if (*s == ',')
			s++;
	}
	return a;
}

static json_t *
field_errors(const struct cb_error *err, enum lang lang)
{
	json_t *list = json_array();
	size_t i;

	if (list == NULL)
		return NULL;
	for (i = 0; err != NULL && i < err->nfields; i++) {
		const struct cb_ferr *f = &err->fields[i];
		json_t *e = json_pack("{s:s?, s:s?}", "field", f->field,
		    "code", f->code);

		if (e == NULL)
			goto oom;
		if (!set_message(e, "message", f->code, f->arg, f->given,
		        lang)) {
			json_decref(e);
			goto oom;
		}
		if (json_array_append_new(list, e) != 0)
			goto oom;
		if (f->row > 0)
			json_object_set_new(e, "row", json_integer(f->row));
		if (f->rule != NULL)
			json_object_set_new(e, "rule", json_string(f->rule));
		if (f->citation != NULL)
			json_object_set_new(e, "citation",
			    json_string(f->citation));
		if (f->given != NULL && f->code != NULL &&
		    strcmp(f->code, "control_character") == 0)
			/* Where it is (1-based, in characters), as a number
			 * (core/field.h's field_check_text). */
			json_object_set_new(e, "position",
			    json_integer(strtoll(f->given, NULL, 10)));
		if (f->given != NULL && f->code != NULL &&
		    strcmp(f->code, "identity_conflict") == 0)
			/* The fields that differ, by name (the message
			 * names them by label). */
			json_object_set_new(e, "differs",
			    split_list(f->given));
	}
	return list;
oom:
	json_decref(list);
	return NULL;
}

/* s on one line of at most size-1 bytes, for the journal: control
 * characters (PostgreSQL's messages end with a newline and put DETAIL on
 * a line of its own) become spaces, trailing blanks are dropped. */
static void
one_line(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s != '\0' && n + 1 < size; s++)
		out[n++] = (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s;
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

int
req_fail_ext(struct request *r, int rc, struct cb_error *err, json_t *ext)
{
	unsigned int status = problem_status(err, rc);
	int code = err != NULL && err->code != CB_OK ?
	    err->code :
	    (rc < 0 ? -rc : rc);
	const char *mcode = err != NULL && err->mcode != NULL ?
	    err->mcode :
	    cb_code_name(code);
	const char *arg = err != NULL ? err->arg : NULL;
	const char *dcode;
	json_t *p, *errors;

	if (status == 503) {
		/* The only log line below main besides the access log: the
		 * client learns the code, never the internal detail. */
		char line[1024];

		one_line(err && err->detail ? err->detail : "", line,
		    sizeof(line));
		fprintf(stderr, "chibo: %s %s: %s (%s)%s%s\n", r->method,
		    r->path, cb_code_name(code), mcode, line[0] ? ": " : "",
		    line);
		arg = NULL;
		if (code != CB_ESTORE && code != CB_EIO && code != CB_ENOMEM)
			mcode = "storage_error";
	}
	p = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title",
	    http_reason(status), "status", (int)status, "code", mcode);
	/* A refused write says so ("not allowed to do this"); the machine
	 * code stays "forbidden" for scripts. */
	dcode = mcode;
	if (strcmp(mcode, "forbidden") == 0 && strcmp(r->method, "GET") != 0 &&
	    strcmp(r->method, "HEAD") != 0)
		dcode = "forbidden_write";
	errors = field_errors(err, r->lang);
	if (p == NULL || errors == NULL ||
	    json_object_set_new(p, "errors", errors) != 0 ||
	    !set_message(p, "detail", dcode, arg, NULL, r->lang)) {
		json_decref(p);
		json_decref(ext);
		reply_oom(r);
		cb_error_release(err);
		return 0;
	}
	if (ext != NULL)
		json_object_update(p, ext);
	json_decref(ext);
	reply_reset(r);
	r->status = status;
	r->json = p;
	r->problem = true;
	/* How long to wait, when svc says (seconds). */
	r->retry_after[0] = '\0';
	if (status == 429 && arg != NULL && arg[0] != '\0' &&
	    strspn(arg, "0123456789") == strlen(arg) && strlen(arg) < 12)
		snprintf(r->retry_after, sizeof(r->retry_after), "%s", arg);
	cb_error_release(err);
	return 0;
}

int
req_fail(struct request *r, int rc, struct cb_error *err)
{
	return req_fail_ext(r, rc, err, NULL);
}

int
req_fail_code(struct request *r, int code, const char *mcode, const char *arg)
{
	struct cb_error err = CB_ERROR_INIT;

	cb_error_set(&err, code, mcode, arg);
	return req_fail(r, -code, &err);
}
