/*
 * h-discipline.c - discipline cases and state bodies' notices (issue
 * 14): list, record, show (every view audited before the answer),
 * change (If-Match required), delete, lodge a complaint or record its
 * outcome, a member's cases; the notices.  Cases are secret: the store
 * answers "not found" outside the principal's discipline scope; roles
 * whose grants never carry the option "discipline" are refused lists
 * and writes here (403) and answered 404 on one case (RF_SCOPED).
 */
#include "http/http-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/discipline.h"
#include "core/entity.h"

#include "util/banned.h"

#define DCASE_LIMIT_DEFAULT 50
#define DCASE_LIMIT_MAX 1000

/* A store or svc complaint about a query argument is a 400. */
static void
as_query_error(struct cb_error *err)
{
	char *m;

	if (err->code != CB_EINVAL || err->nfields == 0 ||
	    (err->mcode != NULL && strcmp(err->mcode, "invalid_query") == 0))
		return;
	if ((m = strdup("invalid_query")) != NULL) {
		free(err->mcode);
		err->mcode = m;
	}
}

/* ?status= (-1 when absent). */
static int
query_status(struct request *r, int *ret, struct cb_error *err)
{
	const char *s = req_query(r, "status");
	char allowed[120];
	int i;

	*ret = -1;
	if (s == NULL)
		return 0;
	for (i = 0; i < DSTATUS__MAX; i++)
		if (strcmp(discipline_status_names[i], s) == 0) {
			*ret = i;
			return 0;
		}
	snprintf(allowed, sizeof(allowed), "%s, %s, %s, %s",
	    discipline_status_names[0], discipline_status_names[1],
	    discipline_status_names[2], discipline_status_names[3]);
	cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
	return cb_error_field(err, 0, "status", "invalid_value", allowed);
}

static int
reply_page(struct request *r, struct dcase_list_query *q)
{
	struct cb_error err = CB_ERROR_INIT;
	struct dcase_page page = { 0 };
	json_t *items;
	size_t i;
	int rc;

	if ((rc = svc_dcase_list(&r->svc, q, &page, &err)) != 0) {
		as_query_error(&err);
		return req_fail(r, rc, &err);
	}
	items = json_array();
	for (i = 0; items != NULL && i < page.list.n; i++)
		if (json_array_append_new(items,
		        dcase_to_json(&page.list.items[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	reply_json(r, 200,
	    items ?
	        json_pack("{s:o, s:o}", "items", items, "next_cursor",
	            page.next_cursor ? json_string(page.next_cursor) :
	                               json_null()) :
	        NULL);
	dcase_page_release(&page);
	return 0;
}

int
h_discipline_list(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct dcase_list_query q;
	char on[DATE_LEN];
	int64_t limit = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((rc = query_org(r, "org", &q.org_id, &err)) != 0 ||
	    (rc = query_int(r, "member", 1, INT64_MAX, 0, &q.member_id,
	         &err)) != 0 ||
	    (rc = query_status(r, &q.status, &err)) != 0 ||
	    (rc = query_date(r, "on", on, &err)) != 0 ||
	    (rc = query_int(r, "limit", 1, DCASE_LIMIT_MAX,
	         DCASE_LIMIT_DEFAULT, &limit, &err)) != 0 ||
	    (rc = query_text(r, "cursor", STORE_CURSOR_MAX, &q.cursor,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	q.on = on;
	q.limit = (size_t)limit;
	return reply_page(r, &q);
}

int
h_member_discipline(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct dcase_list_query q;
	char on[DATE_LEN];
	int64_t limit = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((rc = query_status(r, &q.status, &err)) != 0 ||
	    (rc = query_date(r, "on", on, &err)) != 0 ||
	    (rc = query_int(r, "limit", 1, DCASE_LIMIT_MAX,
	         DCASE_LIMIT_DEFAULT, &limit, &err)) != 0 ||
	    (rc = query_text(r, "cursor", STORE_CURSOR_MAX, &q.cursor,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	q.member_id = req_id(r, "id");
	q.on = on;
	q.limit = (size_t)limit;
	return reply_page(r, &q);
}

static void
reply_dcase(struct request *r, const struct discipline_case *c,
    unsigned int status)
{
	reply_json(r, status, dcase_to_json(c));
	reply_etag(r, c->version);
}

int
h_discipline_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct discipline_case c;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&c, 0, sizeof(c));
	if ((rc = svc_dcase_create(&r->svc, body, &c, &err)) == 0) {
		reply_dcase(r, &c, 201);
		reply_location(r, "/api/v1/discipline/%lld", (long long)c.id);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	discipline_case_release(&c);
	json_decref(body);
	return 0;
}

int
h_discipline_get(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct discipline_case c;
	char on[DATE_LEN];
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = query_date(r, "on", on, &err)) != 0 ||
	    (rc = svc_dcase_get(&r->svc, req_id(r, "id"), on, &c, &err)) != 0)
		return req_fail(r, rc, &err);
	reply_dcase(r, &c, 200);
	discipline_case_release(&c);
	return 0;
}

static int64_t
dcase_version(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int64_t v = 0;

	if (svc_dcase_version(&r->svc, req_id(r, "id"), &v, &err) != 0)
		v = 0;
	cb_error_release(&err);
	return v;
}

/* The case first (a missing one is 404 whatever the header), then the
 * If-Match a change needs (428 without it; required is true). */
static int
case_if_match(struct request *r, bool required, int64_t *ret,
    struct cb_error *err)
{
	int64_t v = 0;
	int rc;

	if ((rc = svc_dcase_version(&r->svc, req_id(r, "id"), &v, err)) != 0)
		return rc;
	if (required && !if_match_present(r))
		return cb_error_set(err, CB_EPRECOND, "if_match_required",
		    NULL);
	return if_match_resolve(r, dcase_version, ret, err);
}

int
h_discipline_patch(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct discipline_case c;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	if ((rc = case_if_match(r, true, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&c, 0, sizeof(c));
	if ((rc = svc_dcase_patch(&r->svc, req_id(r, "id"), body, if_match, &c,
	         &err)) == 0) {
		reply_dcase(r, &c, 200);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	discipline_case_release(&c);
	json_decref(body);
	return 0;
}

int
h_discipline_complaint(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct discipline_case c;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	/* If-Match is optional here: one step of the case. */
	if ((rc = case_if_match(r, false, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&c, 0, sizeof(c));
	if ((rc = svc_dcase_complaint(&r->svc, req_id(r, "id"), body, if_match,
	         &c, &err)) == 0) {
		reply_dcase(r, &c, 200);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	discipline_case_release(&c);
	json_decref(body);
	return 0;
}

int
h_discipline_delete(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int64_t if_match = 0;
	int rc;

	if ((rc = case_if_match(r, true, &if_match, &err)) != 0 ||
	    (rc = svc_dcase_delete(&r->svc, req_id(r, "id"), if_match,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	reply_empty(r, 204);
	return 0;
}

int
h_discipline_notices_list(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct discipline_notice_list l = { 0 };
	int64_t org_id = 0, member_id = 0;
	json_t *items;
	size_t i;
	int rc;

	if ((rc = query_org(r, "org", &org_id, &err)) != 0 ||
	    (rc = query_int(r, "member", 1, INT64_MAX, 0, &member_id, &err)) !=
	        0)
		return req_fail(r, rc, &err);
	if ((rc = svc_dnotice_list(&r->svc, org_id, member_id, &l, &err)) !=
	    0) {
		as_query_error(&err);
		return req_fail(r, rc, &err);
	}
	items = json_array();
	for (i = 0; items != NULL && i < l.n; i++)
		if (json_array_append_new(items,
		        dnotice_to_json(&r->svc, &l.items[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	reply_json(r, 200, items ? json_pack("{s:o}", "items", items) : NULL);
	discipline_notice_list_release(&l);
	return 0;
}

int
h_discipline_notices_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct discipline_notice n;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&n, 0, sizeof(n));
	if ((rc = svc_dnotice_create(&r->svc, body, &n, &err)) == 0) {
		reply_json(r, 201, dnotice_to_json(&r->svc, &n));
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	discipline_notice_release(&n);
	json_decref(body);
	return 0;
}
