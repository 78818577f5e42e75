/*
 * router.c - the route table and path matching.
 *
 * Every route of the API is one line below; openapi.json describes the
 * same set (tests/api/test-openapi.c compares them).  Patterns are
 * literal segments and "{id}", which matches any one segment; the handler
 * is reached only when that segment is a positive integer (else 404
 * "invalid_id"), so a mistyped id never becomes a different route.
 *
 * Every route needs a signed-in principal (auth.c) except those marked
 * RF_PUBLIC: health, metrics, this API's description and signing in.
 */
#include "http/http-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct route routes[] = {
	{ "GET",    "/healthz", h_healthz, RF_DB | RF_PUBLIC },
	{ "GET",    "/metrics", h_metrics, RF_PUBLIC },
	{ "GET",    "/api/v1/openapi.json", h_openapi, RF_PUBLIC },

	{ "POST",   "/api/v1/session", h_session_post,
	    RF_DB | RF_JSON | RF_PUBLIC },
	{ "GET",    "/api/v1/session", h_session_get, RF_DB },
	{ "DELETE", "/api/v1/session", h_session_delete, RF_DB },

	{ "GET",    "/api/v1/orgs", h_orgs_list, RF_DB },
	{ "POST",   "/api/v1/orgs", h_orgs_post, RF_DB | RF_JSON },
	{ "GET",    "/api/v1/orgs/{id}", h_org_get, RF_DB },
	{ "PATCH",  "/api/v1/orgs/{id}", h_org_patch, RF_DB | RF_JSON },
	{ "POST",   "/api/v1/orgs/{id}/merge", h_org_merge, RF_DB | RF_JSON },
	{ "POST",   "/api/v1/orgs/{id}/split", h_org_split, RF_DB | RF_JSON },
	{ "GET",    "/api/v1/orgs/{id}/history", h_org_history, RF_DB },
	{ "GET",    "/api/v1/orgs/{id}/stats", h_org_stats, RF_DB },

	{ "GET",    "/api/v1/members", h_members_list, RF_DB },
	{ "POST",   "/api/v1/members", h_members_post, RF_DB | RF_JSON },
	{ "POST",   "/api/v1/members/import", h_members_import,
	    RF_DB | RF_UPLOAD },
	{ "GET",    "/api/v1/members/export", h_members_export, RF_DB },
	{ "GET",    "/api/v1/members/{id}", h_member_get, RF_DB },
	{ "PATCH",  "/api/v1/members/{id}", h_member_patch, RF_DB | RF_JSON },
	{ "DELETE", "/api/v1/members/{id}", h_member_delete, RF_DB },
	{ "GET",    "/api/v1/members/{id}/history", h_member_history, RF_DB },
	{ "POST",   "/api/v1/members/{id}/events", h_member_event_post,
	    RF_DB | RF_JSON },
	{ "GET",    "/api/v1/members/{id}/audit", h_member_audit, RF_DB },

	{ "GET",    "/api/v1/audit", h_audit_list, RF_DB },

	{ "GET",    "/api/v1/rules", h_rules_get, RF_DB },
	{ "POST",   "/api/v1/rules/overrides", h_rule_override_post,
	    RF_DB | RF_JSON },
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

const struct route *
http_routes(size_t *ret_n)
{
	*ret_n = NROUTES;
	return routes;
}

bool
parse_id(const char *s, int64_t *ret)
{
	int64_t v = 0;
	size_t i;

	if (s == NULL || s[0] < '1' || s[0] > '9')
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 18)
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*ret = v;
	return true;
}

/*
 * Matches path against pattern segment by segment.  Returns the number of
 * {id} segments (0 or more) or -1 if it does not match; the {id} text is
 * copied into idbuf.
 */
static int
pattern_match(const char *pattern, const char *path, char *idbuf,
    size_t idlen)
{
	const char *p = pattern, *s = path;
	int params = 0;

	while (*p != '\0' && *s != '\0') {
		const char *pe = strchr(p + 1, '/');
		const char *se = strchr(s + 1, '/');
		size_t pl, sl;

		if (*p != '/' || *s != '/')
			return -1;
		p++;
		s++;
		pe = pe ? pe : p + strlen(p);
		se = se ? se : s + strlen(s);
		pl = (size_t)(pe - p);
		sl = (size_t)(se - s);
		if (pl == 4 && strncmp(p, "{id}", 4) == 0) {
			if (sl == 0)
				return -1;
			if (sl < idlen) {
				memcpy(idbuf, s, sl);
				idbuf[sl] = '\0';
			} else
				idbuf[0] = '\0';	/* too long: invalid */
			params++;
		} else if (pl != sl || strncmp(p, s, pl) != 0)
			return -1;
		p = pe;
		s = se;
	}
	return *p == '\0' && *s == '\0' ? params : -1;
}

/* Appends ", method" to r->allow (no printf: this runs for every
 * request). */
static void
allow_add(struct request *r, const char *method)
{
	size_t len = strlen(r->allow), n = strlen(method);

	if (len + 2 + n >= sizeof(r->allow))
		return;
	if (len > 0) {
		memcpy(r->allow + len, ", ", 2);
		len += 2;
	}
	memcpy(r->allow + len, method, n + 1);
}

enum match_result
router_match(struct request *r, const char *method, const char *path)
{
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	const struct route *best = NULL;
	int best_params = 1000;
	char idbuf[32], best_id[32] = "";
	size_t i;

	r->route = NULL;
	r->route_index = ROUTE_UNMATCHED;
	r->allow[0] = '\0';
	/* The most specific pattern that matches the path, any method. */
	for (i = 0; i < NROUTES; i++) {
		int n = pattern_match(routes[i].pattern, path, idbuf,
		    sizeof(idbuf));

		if (n >= 0 && n < best_params) {
			best = &routes[i];
			best_params = n;
			snprintf(best_id, sizeof(best_id), "%s", idbuf);
		}
	}
	if (best == NULL)
		return r->match = MATCH_NONE;
	/* Among the routes of that pattern, the method's. */
	for (i = 0; i < NROUTES; i++) {
		if (strcmp(routes[i].pattern, best->pattern) != 0)
			continue;
		if (strcmp(routes[i].method, m) == 0) {
			r->route = &routes[i];
			r->route_index = i;
		}
		allow_add(r, routes[i].method);
		if (strcmp(routes[i].method, "GET") == 0)
			allow_add(r, "HEAD");
	}
	if (best_params > 0)
		r->id_ok = parse_id(best_id, &r->id);
	if (r->route == NULL) {
		/* Metrics count a 405 under the pattern it hit. */
		r->route_index = (size_t)(best - routes);
		return r->match = MATCH_METHOD;
	}
	return r->match = MATCH_OK;
}
