/*
 * test-http-units.c - the pure parts of src/http/: routing (named path
 * parameters, the route table's query keys and actions), ids, the paths
 * refused, the UTF-8 scrubber that names fields holding invalid bytes
 * (util), cursors (store) and the error to status mapping.  The server
 * itself is exercised by test_api.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http-int.h"
#include "store/cursor.h"
#include "util/text.h"

static void
route(const char *method, const char *path, enum match_result want,
    const char *pattern, int64_t id, bool id_ok)
{
	struct request r;
	enum match_result got;

	memset(&r, 0, sizeof(r));
	got = router_match(&r, method, path);
	if (got != want)
		fail_msg("%s %s: match %d, want %d", method, path, got, want);
	if (want == MATCH_OK) {
		assert_non_null(r.route);
		assert_string_equal(r.route->pattern, pattern);
		if (strstr(pattern, "{id}")) {
			int64_t v = -1;

			assert_int_equal(req_param_id(&r, "id", &v), id_ok);
			assert_int_equal(req_params_valid(&r), id_ok);
			if (id_ok)
				assert_int_equal(v, id);
		}
	}
	free(r.param_buf);
}

static void
routing(void **state)
{
	struct request r;

	(void)state;
	route("GET", "/api/v1/members", MATCH_OK, "/api/v1/members", 0, 0);
	route("POST", "/api/v1/members/import", MATCH_OK,
	    "/api/v1/members/import", 0, 0);
	route("GET", "/api/v1/members/export", MATCH_OK,
	    "/api/v1/members/export", 0, 0);
	route("GET", "/api/v1/members/42", MATCH_OK, "/api/v1/members/{id}",
	    42, true);
	route("HEAD", "/api/v1/members/42", MATCH_OK,
	    "/api/v1/members/{id}", 42, true);
	route("GET", "/api/v1/members/abc", MATCH_OK, "/api/v1/members/{id}",
	    0, false);
	route("GET", "/api/v1/members/0", MATCH_OK, "/api/v1/members/{id}",
	    0, false);
	route("GET", "/api/v1/members/007", MATCH_OK,
	    "/api/v1/members/{id}", 0, false);
	route("GET", "/api/v1/members/-1", MATCH_OK, "/api/v1/members/{id}",
	    0, false);
	route("GET", "/api/v1/members/99999999999999999999", MATCH_OK,
	    "/api/v1/members/{id}", 0, false);
	route("GET", "/api/v1/orgs/7/history", MATCH_OK,
	    "/api/v1/orgs/{id}/history", 7, true);
	route("GET", "/api/v1/members/7/audit", MATCH_OK,
	    "/api/v1/members/{id}/audit", 7, true);
	route("GET", "/api/v1/audit", MATCH_OK, "/api/v1/audit", 0, 0);
	route("POST", "/api/v1/session", MATCH_OK, "/api/v1/session", 0, 0);
	route("DELETE", "/api/v1/session", MATCH_OK, "/api/v1/session", 0, 0);
	route("GET", "/api/v1/members/", MATCH_NONE, NULL, 0, 0);
	route("GET", "/api/v1/member", MATCH_NONE, NULL, 0, 0);
	route("GET", "/api/v1/members/1/2", MATCH_NONE, NULL, 0, 0);
	route("GET", "/", MATCH_NONE, NULL, 0, 0);
	route("GET", "", MATCH_NONE, NULL, 0, 0);
	route("GET", "//", MATCH_NONE, NULL, 0, 0);

	/* Import is not an id: GET on it is 405, not a member lookup. */
	memset(&r, 0, sizeof(r));
	assert_int_equal(router_match(&r, "GET", "/api/v1/members/import"),
	    MATCH_METHOD);
	assert_string_equal(r.allow, "POST");
	memset(&r, 0, sizeof(r));
	assert_int_equal(router_match(&r, "PUT", "/api/v1/members/3"),
	    MATCH_METHOD);
	assert_string_equal(r.allow, "GET, HEAD, PATCH, DELETE");
	free(r.param_buf);
	memset(&r, 0, sizeof(r));
	assert_int_equal(router_match(&r, "DELETE", "/api/v1/members"),
	    MATCH_METHOD);
	assert_string_equal(r.allow, "GET, HEAD, POST");
}

/* Only the session's sign-in and the server's own routes are public. */
static void
public_routes(void **state)
{
	static const char *const pub[] = { "GET /healthz", "GET /metrics",
	    "GET /api/v1/openapi.json", "POST /api/v1/session", NULL };
	const struct route *routes;
	size_t n, i, k;

	(void)state;
	routes = http_routes(&n);
	for (i = 0; i < n; i++) {
		char name[128];
		bool listed = false;

		snprintf(name, sizeof(name), "%s %s", routes[i].method,
		    routes[i].pattern);
		for (k = 0; pub[k] != NULL; k++)
			listed |= strcmp(pub[k], name) == 0;
		if (listed != ((routes[i].flags & RF_PUBLIC) != 0))
			fail_msg("%s: public is %d, expected %d", name,
			    (routes[i].flags & RF_PUBLIC) != 0, listed);
	}
	assert_true(method_unsafe("POST"));
	assert_true(method_unsafe("PATCH"));
	assert_true(method_unsafe("DELETE"));
	assert_true(method_unsafe("PUT"));
	assert_false(method_unsafe("GET"));
	assert_false(method_unsafe("HEAD"));
}

static void
ids(void **state)
{
	int64_t v = 0;

	(void)state;
	assert_true(parse_id("1", &v));
	assert_int_equal(v, 1);
	assert_true(parse_id("922337203685477580", &v));
	assert_false(parse_id("9223372036854775807", &v));	/* 19 digits */
	assert_false(parse_id("0", &v));
	assert_false(parse_id("01", &v));
	assert_false(parse_id("+1", &v));
	assert_false(parse_id("1 ", &v));
	assert_false(parse_id("", &v));
	assert_false(parse_id(NULL, &v));
}

static void
scrub(const char *in, size_t len, const char *want, size_t want_bad)
{
	struct sb out;
	size_t bad;

	sb_init(&out, 4096);
	bad = text_utf8_scrub(in, len, &out);
	assert_int_equal(bad, want_bad);
	assert_int_equal(out.len, strlen(want));
	assert_memory_equal(out.buf, want, out.len);
	sb_release(&out);
}

#define S(lit) lit, sizeof(lit) - 1

static void
utf8(void **state)
{
	(void)state;
	scrub(S("plain"), "plain", 0);
	scrub(S("Nguy\xE1\xBB\x85n"), "Nguy\xE1\xBB\x85n", 0);	/* ễ */
	scrub(S("a\xFF" "b"), "a\xEF\xBF\xBD" "b", 1);
	scrub(S("\xC3"), "\xEF\xBF\xBD", 1);			/* cut */
	scrub(S("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD", 2);	/* overlong */
	scrub(S("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD",
	    3);							/* surrogate */
	scrub(S("\xF4\x90\x80\x80"),
	    "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 4);
	scrub(S("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80", 0);	/* emoji */
}

static void
cursors(void **state)
{
	static const char *const samples[] = { "/", "/1/", "/1/14/",
	    "/1/14/15/", "/123/4567/", NULL };
	struct store_cursor c;
	unsigned char *key;
	size_t i, len;
	int64_t id;

	(void)state;
	for (i = 0; samples[i] != NULL; i++) {
		char *e = store_cursor_make(&samples[i], 1);

		assert_non_null(e);
		assert_null(strpbrk(e, "+/="));
		assert_int_equal(store_cursor_open(e, 1, &c), 0);
		assert_int_equal(c.n, 1);
		assert_string_equal(c.field[0], samples[i]);
		store_cursor_close(&c);
		/* Not a cursor of another shape. */
		assert_int_equal(store_cursor_open(e, 2, &c), -1);
		free(e);
	}
	assert_int_equal(store_cursor_open("a", 1, &c), -1);
	assert_int_equal(store_cursor_open("ab$c", 1, &c), -1);
	assert_int_equal(store_cursor_open("AA", 1, &c), -1); /* a NUL byte */
	/* The member list's shape: sort, hex key, id. */
	{
		const char *f[] = { "name", "00ff10", "42" };
		char *e = store_cursor_make(f, 3);

		assert_non_null(e);
		assert_int_equal(store_cursor_open(e, 3, &c), 0);
		assert_string_equal(c.field[0], "name");
		assert_true(store_cursor_id(&c, 2, &id));
		assert_int_equal(id, 42);
		assert_false(store_cursor_id(&c, 0, &id));
		assert_int_equal(store_cursor_hex(&c, 1, &key, &len), 0);
		assert_int_equal(len, 3);
		assert_memory_equal(key, "\x00\xff\x10", 3);
		free(key);
		assert_int_equal(store_cursor_hex(&c, 0, &key, &len), -1);
		store_cursor_close(&c);
		free(e);
	}
}

/* Several named parameters, the most specific pattern, the table's
 * query keys and actions, and the paths refused before routing. */
static void
route_table(void **state)
{
	const struct route *routes;
	size_t n, i, k;

	(void)state;
	assert_true(route_param_is_id("id", 2));
	assert_true(route_param_is_id("member_id", 9));
	assert_false(route_param_is_id("idx", 3));
	assert_false(route_param_is_id("_id", 3));
	assert_false(route_param_is_id("name", 4));
	assert_true(route_param_is_id("member_id}/x", 9));	/* n bytes */
	assert_false(route_param_is_id("member_id", 8));

	assert_true(path_acceptable("/api/v1/members/1"));
	assert_true(path_acceptable("/api/v1/members?q=%00"));	/* query */
	assert_true(path_acceptable("/api/v1/orgs/%41"));
	assert_false(path_acceptable("/api/v1/members/1%00"));
	assert_false(path_acceptable("/api/v1/members/1%0a"));
	assert_false(path_acceptable("/api/v1/members/%1F"));
	assert_false(path_acceptable("/api/v1/members/%7f"));
	assert_false(path_acceptable("/api/v1/members/1\t"));
	assert_false(path_acceptable("/api/v1/members/1 x"));	/* raw space */
	assert_false(path_acceptable("/api/v1/orgs/3 /stats?q=a"));
	assert_true(path_acceptable("/api/v1/members?q=a b"));	/* query */
	/* Once decoded, the one text check: C1 and bidi controls, bytes
	 * that are not UTF-8, a '%' that starts no escape, an encoded
	 * slash. */
	assert_false(path_acceptable("/api/v1/orgs/3%c2%85"));
	assert_false(path_acceptable("/api/v1/orgs/3%e2%80%ae"));
	assert_false(path_acceptable("/api/v1/orgs/3%ff"));
	assert_false(path_acceptable("/api/v1/orgs/3%zz"));
	assert_false(path_acceptable("/api/v1/orgs/3%"));
	assert_false(path_acceptable("/api/v1/orgs/3%2"));
	assert_false(path_acceptable("/api/v1/orgs%2F3"));
	assert_false(path_acceptable("/api/v1/orgs%5c3"));
	assert_true(path_acceptable("/api/v1/orgs/3/st%61ts?x=%zz"));
	assert_true(path_acceptable("/vi/t%E1%BB%95%20ch%E1%BB%A9c"));

	/* Query values and names: a control character once decoded. */
	{
		char key[72], cp[16];
		size_t pos = 0;

		assert_false(query_flaw("/m", key, sizeof(key), cp,
		    sizeof(cp), &pos));
		assert_false(query_flaw("/m?q=Nguy%E1%BB%85n+V%C4%83n&x=50%",
		    key, sizeof(key), cp, sizeof(cp), &pos));
		assert_true(query_flaw("/m?limit=5&file_name=a%00b", key,
		    sizeof(key), cp, sizeof(cp), &pos));
		assert_string_equal(key, "file_name");
		assert_string_equal(cp, "U+0000");
		assert_int_equal(pos, 2);
		assert_true(query_flaw("/m?q=ab%e2%80%ae#frag", key,
		    sizeof(key), cp, sizeof(cp), &pos));
		assert_string_equal(key, "q");
		assert_string_equal(cp, "U+202E");
		assert_int_equal(pos, 3);
		assert_true(query_flaw("/m?x%00y=1", key, sizeof(key), cp,
		    sizeof(cp), &pos));
		assert_string_equal(key, "x?y");
		assert_int_equal(pos, 2);
		assert_true(query_flaw("/m?q=%09", key, sizeof(key), cp,
		    sizeof(cp), &pos)); /* a tab too: no query is free text */
	}

	/* A long parameter name is judged whole: ending in _id, its value
	 * must be an id. */
	{
		static const struct route t[] = {
			{ "GET", "/l/{a_parameter_name_longer_than_sixty_four"
			    "_characters_of_any_fixed_buffer_id}", NULL, 0,
			    ROUTE_NO_ACTION, NULL },
		};
		struct request r;

		memset(&r, 0, sizeof(r));
		assert_int_equal(router_match_in(t, 1, &r, "GET", "/l/abc"),
		    MATCH_OK);
		assert_false(req_params_valid(&r));
		free(r.param_buf);
		memset(&r, 0, sizeof(r));
		assert_int_equal(router_match_in(t, 1, &r, "GET", "/l/12"),
		    MATCH_OK);
		assert_true(req_params_valid(&r));
		assert_int_equal(r.params[0].id, 12);
		free(r.param_buf);
	}

	/* Several parameters by name; literal beats parameter. */
	{
		static const struct route t[] = {
			{ "GET", "/m/{id}/attendance/{member_id}", NULL, 0,
			    ROUTE_NO_ACTION, NULL },
			{ "GET", "/m/{id}/attendance/all", NULL, 0,
			    ROUTE_NO_ACTION, NULL },
			{ "GET", "/m/{slug}/x/{member_id}", NULL, 0,
			    ROUTE_NO_ACTION, NULL },
			{ "GET", "/m/7/x/{member_id}", NULL, 0,
			    ROUTE_NO_ACTION, NULL },
		};
		struct request r;
		int64_t v = 0;

		memset(&r, 0, sizeof(r));
		assert_int_equal(router_match_in(t, 4, &r, "GET",
		    "/m/12/attendance/34"), MATCH_OK);
		assert_ptr_equal(r.route, &t[0]);
		assert_true(req_param_id(&r, "id", &v));
		assert_int_equal(v, 12);
		assert_int_equal(req_id(&r, "member_id"), 34);
		assert_string_equal(req_param(&r, "member_id"), "34");
		assert_null(req_param(&r, "slug"));
		free(r.param_buf);
		memset(&r, 0, sizeof(r));
		assert_int_equal(router_match_in(t, 4, &r, "GET",
		    "/m/12/attendance/all"), MATCH_OK);
		assert_ptr_equal(r.route, &t[1]);
		assert_int_equal(req_id(&r, "id"), 12);
		free(r.param_buf);
		memset(&r, 0, sizeof(r));
		assert_int_equal(router_match_in(t, 4, &r, "GET",
		    "/m/12/attendance/x1"), MATCH_OK);
		assert_false(req_params_valid(&r));
		free(r.param_buf);
		memset(&r, 0, sizeof(r));
		assert_int_equal(router_match_in(t, 4, &r, "GET",
		    "/m/abc/x/5"), MATCH_OK);
		assert_ptr_equal(r.route, &t[2]);
		assert_string_equal(req_param(&r, "slug"), "abc");
		assert_true(req_params_valid(&r));
		free(r.param_buf);
		memset(&r, 0, sizeof(r));
		assert_int_equal(router_match_in(t, 4, &r, "GET",
		    "/m/7/x/5"), MATCH_OK);
		assert_ptr_equal(r.route, &t[3]);
		assert_int_equal(req_id(&r, "member_id"), 5);
		free(r.param_buf);
	}

	routes = http_routes(&n);
	for (i = 0; i < n; i++) {
		const char *p;
		size_t nparams = 0;

		for (p = routes[i].pattern; (p = strchr(p, '{')) != NULL; p++)
			nparams++;
		assert_true(nparams <= ROUTE_PARAMS_MAX);
		assert_non_null(routes[i].query);
		for (k = 0; routes[i].query[k] != NULL; k++)
			assert_true(strlen(routes[i].query[k]) > 0);
		/* Every line states its action (NEEDS or NOACT): one that
		 * leaves it out has the zero value, ROUTE_NEED_UNSET. */
		assert_true(routes[i].need == ROUTE_NEED_NONE ||
		    routes[i].need == ROUTE_NEED_ACT);
		if (routes[i].need == ROUTE_NEED_NONE)
			assert_int_equal(routes[i].act, ACT__MAX);
		else
			assert_true(routes[i].act < ACT__MAX);
		/* Public: no action; scoped: an action svc judges. */
		if (routes[i].flags & RF_PUBLIC)
			assert_int_equal(routes[i].need, ROUTE_NEED_NONE);
		if (routes[i].flags & RF_SCOPED)
			assert_int_equal(routes[i].need, ROUTE_NEED_ACT);
	}
}

static unsigned int
status_of(int code, const char *mcode, bool field)
{
	struct cb_error e = CB_ERROR_INIT;
	unsigned int s;

	cb_error_set(&e, code, mcode, NULL);
	if (field)
		cb_error_field(&e, 0, "x", "required", NULL);
	s = problem_status(&e, -code);
	cb_error_release(&e);
	return s;
}

static void
statuses(void **state)
{
	(void)state;
	assert_int_equal(status_of(CB_EINVAL, "validation_failed", true), 422);
	assert_int_equal(status_of(CB_EINVAL, "invalid_json", false), 400);
	assert_int_equal(status_of(CB_EINVAL, "expected_object", false), 400);
	assert_int_equal(status_of(CB_EINVAL, "invalid_query", true), 400);
	assert_int_equal(status_of(CB_EINVAL, "invalid_if_match", false),
	    400);
	assert_int_equal(status_of(CB_EINVAL, "unsupported_media_type",
	    false), 415);
	assert_int_equal(status_of(CB_ENOTFOUND, "member_not_found", false),
	    404);
	assert_int_equal(status_of(CB_ECONFLICT, "duplicate", true), 409);
	assert_int_equal(status_of(CB_EPRECOND, "precondition_failed",
	    false), 412);
	assert_int_equal(status_of(CB_ETOOBIG, "body_too_large", false), 413);
	assert_int_equal(status_of(CB_EPERM, "forbidden", false), 403);
	assert_int_equal(status_of(CB_EPERM, "csrf_failed", false), 403);
	assert_int_equal(status_of(CB_EPERM, "not_signed_in", false), 401);
	assert_int_equal(status_of(CB_EPERM, "bad_credentials", false), 401);
	assert_int_equal(status_of(CB_EPERM, "too_many_attempts", false),
	    429);
	assert_int_equal(status_of(CB_ENOTSUP, "not_supported", false), 501);
	assert_int_equal(status_of(CB_ESTORE, "storage_error", false), 503);
	assert_int_equal(status_of(CB_EIO, "io_error", false), 503);
	assert_int_equal(status_of(CB_ENOMEM, "out_of_memory", false), 503);
	assert_int_equal(problem_status(NULL, -CB_ENOTFOUND), 404);
	assert_int_equal(status_of(CB_ENOTFOUND, "org_not_found", true), 422);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(routing),
		cmocka_unit_test(public_routes),
		cmocka_unit_test(ids),
		cmocka_unit_test(utf8),
		cmocka_unit_test(route_table),
		cmocka_unit_test(cursors),
		cmocka_unit_test(statuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
