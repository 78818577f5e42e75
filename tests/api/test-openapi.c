/*
 * test-openapi.c - keeps src/http/openapi.json true to the code: every
 * route of the router's table is documented with the same method and
 * every documented operation is routed; the Member schema's properties are
 * svc's member_json_fields, in order (then "masked"); every $ref resolves;
 * the public routes (RF_PUBLIC) and only they declare no security, and
 * the others document 401; each route's query keys are the query
 * parameters documented for its operation, and each "{name}" of a
 * pattern is a documented path parameter.  In C because
 * it reads the route table and the embedded document directly, with no
 * server running.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "http/http-int.h"
#include "svc/svc.h"

static json_t *
load_doc(void)
{
	json_error_t jerr;
	json_t *doc = json_loads(chibo_openapi_files[0].data, 0, &jerr);

	if (doc == NULL)
		fail_msg("openapi.json: line %d: %s", jerr.line, jerr.text);
	return doc;
}

static void
lower(const char *in, char *out, size_t n)
{
	size_t i;

	for (i = 0; in[i] != '\0' && i + 1 < n; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[i] = '\0';
}

static void
routes_are_documented(void **state)
{
	json_t *doc = load_doc(), *paths = json_object_get(doc, "paths");
	const struct route *routes;
	size_t n, i;

	(void)state;
	routes = http_routes(&n);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		json_t *item = json_object_get(paths, routes[i].pattern);
		char m[16];

		lower(routes[i].method, m, sizeof(m));
		if (item == NULL || json_object_get(item, m) == NULL)
			fail_msg("route %s %s is not in openapi.json",
			    routes[i].method, routes[i].pattern);
	}
	json_decref(doc);
}

static void
documented_are_routed(void **state)
{
	static const char *const verbs[] = { "get", "put", "post", "delete",
	    "options", "head", "patch", "trace", NULL };
	json_t *doc = load_doc(), *paths = json_object_get(doc, "paths");
	const struct route *routes;
	const char *path, *key;
	json_t *item, *op;
	size_t n, i, k;

	(void)state;
	routes = http_routes(&n);
	json_object_foreach(paths, path, item) {
		json_object_foreach(item, key, op) {
			bool found = false;
			char m[16];

			for (k = 0; verbs[k] && strcmp(verbs[k], key); k++)
				;
			if (verbs[k] == NULL)
				continue;	/* "parameters" etc. */
			for (i = 0; i < n && !found; i++) {
				lower(routes[i].method, m, sizeof(m));
				found = strcmp(routes[i].pattern, path) == 0 &&
				    strcmp(m, key) == 0;
			}
			if (!found)
				fail_msg("openapi.json documents %s %s, which "
				    "is not routed", key, path);
			if (json_object_get(op, "responses") == NULL)
				fail_msg("%s %s has no responses", key, path);
		}
	}
	json_decref(doc);
}

static void
member_schema_is_member_json(void **state)
{
	json_t *doc = load_doc();
	json_t *props = json_object_get(json_object_get(json_object_get(
	    json_object_get(doc, "components"), "schemas"), "Member"),
	    "properties");
	const char *key;
	json_t *v;
	size_t i = 0;

	(void)state;
	assert_non_null(props);
	json_object_foreach(props, key, v) {
		/* "masked" comes last, and only when personal fields were
		 * withheld. */
		if (member_json_fields[i] == NULL && strcmp(key, "masked") == 0)
			continue;
		if (member_json_fields[i] == NULL)
			fail_msg("Member schema has extra property %s", key);
		if (strcmp(member_json_fields[i], key) != 0)
			fail_msg("Member schema property %zu is %s, member_"
			    "json_fields says %s", i, key,
			    member_json_fields[i]);
		i++;
	}
	if (member_json_fields[i] != NULL)
		fail_msg("Member schema lacks %s", member_json_fields[i]);
	json_decref(doc);
}

/* Checks that every "$ref" under j points into the document. */
static void
check_refs(json_t *doc, json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			check_refs(doc, v);
		return;
	}
	if (!json_is_object(j))
		return;
	json_object_foreach(j, key, v) {
		if (strcmp(key, "$ref") == 0) {
			const char *ref = json_string_value(v);
			char buf[256], *part, *save = NULL;
			json_t *at = doc;

			assert_non_null(ref);
			if (strncmp(ref, "#/", 2) != 0)
				fail_msg("external $ref %s", ref);
			snprintf(buf, sizeof(buf), "%s", ref + 2);
			for (part = strtok_r(buf, "/", &save); part && at;
			    part = strtok_r(NULL, "/", &save))
				at = json_object_get(at, part);
			if (at == NULL)
				fail_msg("$ref %s does not resolve", ref);
		} else
			check_refs(doc, v);
	}
}

static void
refs_resolve(void **state)
{
	json_t *doc = load_doc();

	(void)state;
	assert_string_equal(json_string_value(json_object_get(doc,
	    "openapi")), "3.0.3");
	check_refs(doc, doc);
	json_decref(doc);
}

/* The parameter p, or what its "$ref" points at. */
static json_t *
param_resolve(json_t *doc, json_t *p)
{
	const char *ref = json_string_value(json_object_get(p, "$ref"));
	const char *prefix = "#/components/parameters/";

	if (ref == NULL)
		return p;
	if (strncmp(ref, prefix, strlen(prefix)) != 0)
		fail_msg("parameter $ref %s is not a component parameter", ref);
	return json_object_get(json_object_get(json_object_get(doc,
	    "components"), "parameters"), ref + strlen(prefix));
}

/* Whether the parameters of the path item and of the operation declare
 * one named name in where ("query", "path"). */
static bool
param_documented(json_t *doc, json_t *item, json_t *op, const char *where,
    const char *name)
{
	json_t *lists[2], *p;
	size_t k, i;

	lists[0] = json_object_get(item, "parameters");
	lists[1] = json_object_get(op, "parameters");
	for (k = 0; k < 2; k++)
		json_array_foreach(lists[k], i, p) {
			json_t *r = param_resolve(doc, p);

			const char *in, *pname;

			if (r == NULL)
				continue;
			in = json_string_value(json_object_get(r, "in"));
			pname = json_string_value(json_object_get(r, "name"));
			if (in != NULL && pname != NULL &&
			    strcmp(in, where) == 0 && strcmp(pname, name) == 0)
				return true;
		}
	return false;
}

/* Every "{name}" of a route's pattern is a documented path parameter. */
static void
path_params_declared(void **state)
{
	json_t *doc = load_doc(), *paths = json_object_get(doc, "paths");
	const struct route *routes;
	size_t n, i;

	(void)state;
	routes = http_routes(&n);
	for (i = 0; i < n; i++) {
		const char *p = routes[i].pattern, *open;
		json_t *item = json_object_get(paths, p), *op;
		char m[16], name[64];

		lower(routes[i].method, m, sizeof(m));
		op = json_object_get(item, m);
		assert_non_null(op);
		while ((open = strchr(p, '{')) != NULL) {
			const char *close = strchr(open, '}');

			assert_non_null(close);
			snprintf(name, sizeof(name), "%.*s",
			    (int)(close - open - 1), open + 1);
			if (!param_documented(doc, item, op, "path", name))
				fail_msg("%s %s: {%s} is not declared",
				    routes[i].method, routes[i].pattern, name);
			p = close + 1;
		}
	}
	json_decref(doc);
}

/* The query keys a route accepts (the router refuses any other) are the
 * query parameters its operation documents, no more and no fewer. */
static void
query_keys_documented(void **state)
{
	json_t *doc = load_doc(), *paths = json_object_get(doc, "paths");
	const struct route *routes;
	size_t n, i, k, j;

	(void)state;
	routes = http_routes(&n);
	for (i = 0; i < n; i++) {
		json_t *item = json_object_get(paths, routes[i].pattern), *op;
		json_t *lists[2], *p;
		char m[16];

		lower(routes[i].method, m, sizeof(m));
		op = json_object_get(item, m);
		assert_non_null(op);
		assert_non_null(routes[i].query);
		for (k = 0; routes[i].query[k] != NULL; k++)
			if (!param_documented(doc, item, op, "query",
			    routes[i].query[k]))
				fail_msg("%s %s accepts query key %s, which "
				    "openapi.json does not document",
				    routes[i].method, routes[i].pattern,
				    routes[i].query[k]);
		lists[0] = json_object_get(item, "parameters");
		lists[1] = json_object_get(op, "parameters");
		for (k = 0; k < 2; k++)
			json_array_foreach(lists[k], j, p) {
				json_t *r = param_resolve(doc, p);
				const char *in, *name;
				size_t q;

				assert_non_null(r);
				in = json_string_value(json_object_get(r,
				    "in"));
				name = json_string_value(json_object_get(r,
				    "name"));
				if (in == NULL || name == NULL ||
				    strcmp(in, "query") != 0)
					continue;
				for (q = 0; routes[i].query[q] != NULL &&
				    strcmp(routes[i].query[q], name) != 0; q++)
					;
				if (routes[i].query[q] == NULL)
					fail_msg("openapi.json documents query "
					    "%s for %s %s, which the route "
					    "does not accept", name,
					    routes[i].method,
					    routes[i].pattern);
			}
	}
	json_decref(doc);
}

/* Public routes say "security": []; the others inherit the document's
 * and document 401. */
static void
security_matches_routes(void **state)
{
	json_t *doc = load_doc(), *paths = json_object_get(doc, "paths");
	const struct route *routes;
	size_t n, i;

	(void)state;
	assert_true(json_array_size(json_object_get(doc, "security")) > 0);
	routes = http_routes(&n);
	for (i = 0; i < n; i++) {
		char m[16];
		json_t *op, *sec;

		lower(routes[i].method, m, sizeof(m));
		op = json_object_get(json_object_get(paths, routes[i].pattern),
		    m);
		assert_non_null(op);
		sec = json_object_get(op, "security");
		if (routes[i].flags & RF_PUBLIC) {
			if (!json_is_array(sec) || json_array_size(sec) != 0)
				fail_msg("%s %s is public but its operation "
				    "does not say \"security\": []",
				    routes[i].method, routes[i].pattern);
		} else {
			if (sec != NULL)
				fail_msg("%s %s needs a principal but declares "
				    "its own security", routes[i].method,
				    routes[i].pattern);
			if (json_object_get(json_object_get(op, "responses"),
			    "401") == NULL)
				fail_msg("%s %s does not document 401",
				    routes[i].method, routes[i].pattern);
		}
	}
	json_decref(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(routes_are_documented),
		cmocka_unit_test(documented_are_routed),
		cmocka_unit_test(member_schema_is_member_json),
		cmocka_unit_test(refs_resolve),
		cmocka_unit_test(path_params_declared),
		cmocka_unit_test(query_keys_documented),
		cmocka_unit_test(security_matches_routes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
