/*
 * h-meeting-minutes.c - a meeting's votes and minutes (issue 13):
 * /api/v1/meetings/{id}/votes, /minutes, /minutes/approve,
 * /minutes/lock and /minutes/corrections.  The handlers read the
 * parameters, call svc (svc/meeting-minutes.c) and reply.
 */
#include "http/http-int.h"

#include <string.h>

#include "core/entity.h"

#include "util/banned.h"

/* GET /api/v1/meetings/{id}/votes */
int
h_meeting_votes(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_vote_list l = { 0 };
	int rc;

	if ((rc = svc_meeting_votes(&r->svc, req_id(r, "id"), &l, &err)) != 0)
		return req_fail(r, rc, &err);
	reply_json(r, 200, meeting_votes_to_json(&l));
	meeting_vote_list_release(&l);
	return 0;
}

/* POST /api/v1/meetings/{id}/votes: records a vote and its verdict. */
int
h_meeting_vote_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_vote v;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	if ((rc = svc_meeting_vote_add(&r->svc, req_id(r, "id"), body, &v,
	         &err)) == 0) {
		reply_json(r, 201, meeting_vote_to_json(&v));
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	meeting_vote_release(&v);
	json_decref(body);
	return 0;
}

/* Replies the minutes with their ETag. */
static void
reply_minutes(struct request *r, const struct minutes_view *v)
{
	reply_json(r, 200, minutes_view_to_json(v));
	reply_etag(r, v->minutes.version);
}

/* GET /api/v1/meetings/{id}/minutes (an empty draft, ETag "0", if none
 * written yet). */
int
h_meeting_minutes(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct minutes_view v;
	int rc;

	if ((rc = svc_minutes_get(&r->svc, req_id(r, "id"), &v, &err)) != 0)
		return req_fail(r, rc, &err);
	reply_minutes(r, &v);
	minutes_view_release(&v);
	return 0;
}

/* The stored version of the minutes, for an If-Match list. */
static int64_t
minutes_version(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct minutes_view v;
	int64_t ver = 0;

	if (svc_minutes_get(&r->svc, req_id(r, "id"), &v, &err) == 0) {
		ver = v.minutes.version;
		minutes_view_release(&v);
	}
	cb_error_release(&err);
	return ver;
}

/* PUT /api/v1/meetings/{id}/minutes (If-Match: the version read; "0"
 * before the first write). */
int
h_meeting_minutes_put(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	const char *h = req_header(r, "If-Match");
	struct minutes_view v;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	if (h != NULL &&
	    (strcmp(h, "\"0\"") == 0 || strcmp(h, "W/\"0\"") == 0))
		if_match = -1;
	else if (
	    (rc = if_match_resolve(r, minutes_version, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	if ((rc = svc_minutes_put(&r->svc, req_id(r, "id"), body, if_match, &v,
	         &err)) == 0) {
		reply_minutes(r, &v);
		cb_error_release(&err);
		minutes_view_release(&v);
	} else
		req_fail(r, rc, &err);
	json_decref(body);
	return 0;
}

/* POST /api/v1/meetings/{id}/minutes/approve: a sign-off, as oneself
 * (no body, or {}), or from paper ({"as", "reason"}). */
int
h_meeting_minutes_approve(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct minutes_view v;
	json_t *body = NULL;
	int rc;

	if (r->body.len > 0 && body_json_or_reply(r, &body) != 0)
		return 0;
	if ((rc = svc_minutes_approve(&r->svc, req_id(r, "id"), body, &v,
	         &err)) == 0) {
		reply_minutes(r, &v);
		cb_error_release(&err);
		minutes_view_release(&v);
	} else
		req_fail(r, rc, &err);
	json_decref(body);
	return 0;
}

/* POST /api/v1/meetings/{id}/minutes/lock */
int
h_meeting_minutes_lock(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct minutes_view v;
	int rc;

	if ((rc = svc_minutes_lock(&r->svc, req_id(r, "id"), &v, &err)) != 0)
		return req_fail(r, rc, &err);
	reply_minutes(r, &v);
	minutes_view_release(&v);
	return 0;
}

/* GET /api/v1/meetings/{id}/minutes/corrections */
int
h_meeting_minutes_corrections(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct minutes_correction_list l = { 0 };
	int rc;

	if ((rc = svc_minutes_corrections(&r->svc, req_id(r, "id"), &l,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	reply_json(r, 200,
	    json_pack("{s:o?}", "items", minutes_corrections_to_json(&l)));
	minutes_correction_list_release(&l);
	return 0;
}

/* POST /api/v1/meetings/{id}/minutes/corrections {field, text, reason} */
int
h_meeting_minutes_correction_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct minutes_correction c;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	if ((rc = svc_minutes_correct(&r->svc, req_id(r, "id"), body, &c,
	         &err)) == 0) {
		reply_json(r, 201,
		    entity_to_json(&minutes_correction_entity, &c));
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	minutes_correction_release(&c);
	json_decref(body);
	return 0;
}
