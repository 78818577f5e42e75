/*
 * h-meeting-resolution.c - a meeting's resolution, its tasks and its
 * self-score (issue 13; svc/resolution.c):
 *
 *   GET/PUT /api/v1/meetings/{id}/resolution
 *   POST    /api/v1/meetings/{id}/resolution/approve
 *   GET/POST /api/v1/meetings/{id}/resolution/tasks
 *   PATCH   /api/v1/tasks/{id}                (If-Match)
 *   GET     /api/v1/orgs/{id}/tasks?status=
 *   GET     /api/v1/members/{id}/tasks?status=
 *   PUT     /api/v1/meetings/{id}/score
 *
 * The handlers read parameters, call svc and reply; the scope is judged
 * by svc/store (outside it: 404).
 */
#include "http/http-int.h"

#include <stdlib.h>
#include <string.h>

#include "core/resolution.h"

#include "util/banned.h"

static int
reply_resolution(struct request *r, struct meeting_resolution *res,
    unsigned status)
{
	reply_json(r, status, svc_resolution_to_json(res));
	reply_etag(r, res->version);
	meeting_resolution_release(res);
	return 0;
}

int
h_resolution_get(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_resolution res;
	int rc;

	meeting_resolution_init(&res);
	if ((rc = svc_resolution_get(&r->svc, req_id(r, "id"), &res, &err)) !=
	    0)
		return req_fail(r, rc, &err);
	return reply_resolution(r, &res, 200);
}

static int64_t
resolution_version(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int64_t v = 0;

	if (svc_resolution_version(&r->svc, req_id(r, "id"), &v, &err) != 0)
		v = 0;
	cb_error_release(&err);
	return v;
}

int
h_resolution_put(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_resolution res;
	int64_t if_match = 0;
	bool created = false;
	json_t *body;
	int rc;

	if ((rc = if_match_resolve(r, resolution_version, &if_match, &err)) !=
	    0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	meeting_resolution_init(&res);
	rc = svc_resolution_put(&r->svc, req_id(r, "id"), body, if_match, &res,
	    &created, &err);
	json_decref(body);
	if (rc != 0)
		return req_fail(r, rc, &err);
	return reply_resolution(r, &res, created ? 201 : 200);
}

int
h_resolution_approve(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_resolution res;
	int64_t if_match = 0;
	int rc;

	if ((rc = if_match_resolve(r, resolution_version, &if_match, &err)) !=
	    0)
		return req_fail(r, rc, &err);
	meeting_resolution_init(&res);
	if ((rc = svc_resolution_approve(&r->svc, req_id(r, "id"), if_match,
	         &res, &err)) != 0)
		return req_fail(r, rc, &err);
	return reply_resolution(r, &res, 200);
}

static int
reply_tasks(struct request *r, struct meeting_task_list *l)
{
	json_t *j = json_object();

	if (j != NULL)
		json_object_set_new(j, "items", svc_task_list_to_json(l));
	meeting_task_list_release(l);
	reply_json(r, 200, j);
	return 0;
}

int
h_resolution_tasks(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_task_list l = { 0 };
	int rc;

	if ((rc = svc_task_list_meeting(&r->svc, req_id(r, "id"), &l, &err)) !=
	    0)
		return req_fail(r, rc, &err);
	return reply_tasks(r, &l);
}

int
h_resolution_task_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_task t;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	rc = svc_task_create(&r->svc, req_id(r, "id"), body, &t, &err);
	json_decref(body);
	if (rc != 0)
		return req_fail(r, rc, &err);
	reply_json(r, 201, svc_task_to_json(&t));
	reply_etag(r, t.version);
	reply_location(r, "/api/v1/tasks/%lld", (long long)t.id);
	meeting_task_release(&t);
	return 0;
}

static int64_t
task_version(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int64_t v = 0;

	if (svc_task_version(&r->svc, req_id(r, "id"), &v, &err) != 0)
		v = 0;
	cb_error_release(&err);
	return v;
}

int
h_task_patch(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_task t;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	if ((rc = if_match_resolve(r, task_version, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	rc = svc_task_patch(&r->svc, req_id(r, "id"), body, if_match, &t,
	    &err);
	json_decref(body);
	if (rc != 0)
		return req_fail(r, rc, &err);
	reply_json(r, 200, svc_task_to_json(&t));
	reply_etag(r, t.version);
	meeting_task_release(&t);
	return 0;
}

/* The status filter: open, done, dropped or absent (any). */
static int
query_task_status(struct request *r, int *ret, struct cb_error *err)
{
	const char *v = NULL;
	int rc;

	*ret = -1;
	if ((rc = query_text(r, "status", 16, &v, err)) != 0)
		return rc;
	if (v != NULL && (*ret = task_status_parse(v)) < 0) {
		cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
		return cb_error_field(err, 0, "status", "invalid_value",
		    "open, done, dropped");
	}
	return 0;
}

int
h_org_tasks(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_task_list l = { 0 };
	int64_t limit = 200;
	int rc, status;

	if ((rc = query_task_status(r, &status, &err)) != 0 ||
	    (rc = query_int(r, "limit", 1, 1000, 200, &limit, &err)) != 0 ||
	    (rc = svc_task_list_org(&r->svc, req_id(r, "id"), status,
	         (size_t)limit, &l, &err)) != 0)
		return req_fail(r, rc, &err);
	return reply_tasks(r, &l);
}

int
h_member_tasks(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_task_list l = { 0 };
	int64_t limit = 200;
	int rc, status;

	if ((rc = query_task_status(r, &status, &err)) != 0 ||
	    (rc = query_int(r, "limit", 1, 1000, 200, &limit, &err)) != 0 ||
	    (rc = svc_task_list_member(&r->svc, req_id(r, "id"), status,
	         (size_t)limit, &l, &err)) != 0)
		return req_fail(r, rc, &err);
	return reply_tasks(r, &l);
}

int
h_meeting_score_put(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_score sc;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	rc = svc_meeting_score_set(&r->svc, req_id(r, "id"), body, &sc, &err);
	json_decref(body);
	if (rc != 0)
		return req_fail(r, rc, &err);
	reply_json(r, 200, svc_score_to_json(&sc));
	reply_etag(r, sc.version);
	meeting_score_release(&sc);
	return 0;
}
