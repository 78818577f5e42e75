/*
 * h-orgs.c - the organisation tree: list, create, show, change, merge,
 * split, history, figures.
 */
#include "http/http-int.h"

#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "svc/render.h"
#include "util/text.h"

#include "util/banned.h"

#define ORGS_LIMIT_DEFAULT 500
#define ORGS_LIMIT_MAX 5000
#define QUERY_TEXT_MAX 200
#define CURSOR_MAX 4096

int
h_orgs_list(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_query q;
	struct org_page page = { 0 };
	const char *text = NULL;
	char *folded = NULL;
	int64_t limit = 0;
	json_t *items = NULL;
	size_t i;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((rc = query_org(r, "root", &q.root_id, &err)) != 0 ||
	    (rc = query_org(r, "parent", &q.parent_id, &err)) != 0 ||
	    (rc = query_text(r, "q", QUERY_TEXT_MAX, &text, &err)) != 0 ||
	    (rc = query_bool(r, "include_closed", false, &q.include_closed,
	         &err)) != 0 ||
	    (rc = query_int(r, "limit", 1, ORGS_LIMIT_MAX, ORGS_LIMIT_DEFAULT,
	         &limit, &err)) != 0 ||
	    (rc = query_text(r, "cursor", CURSOR_MAX, &q.cursor, &err)) != 0)
		return req_fail(r, rc, &err);
	if (text != NULL && (folded = text_fold(text)) == NULL)
		return req_fail(r, cb_error_set(&err, CB_ENOMEM, NULL, NULL),
		    &err);
	q.q = folded != NULL && folded[0] != '\0' ? folded : NULL;
	q.limit = (size_t)limit;
	rc = svc_org_list(&r->svc, &q, &page, &err);
	free(folded);
	if (rc != 0)
		return req_fail(r, rc, &err);
	if ((items = json_array()) == NULL)
		goto oom;
	for (i = 0; i < page.list.n; i++)
		if (json_array_append_new(items,
		        org_to_json(&page.list.items[i])))
			goto oom;
	reply_json(r, 200,
	    json_pack("{s:o, s:o}", "items", items, "next_cursor",
	        page.next_cursor ? json_string(page.next_cursor) :
	                           json_null()));
	org_page_release(&page);
	return 0;
oom:
	json_decref(items);
	org_page_release(&page);
	return req_fail(r, cb_error_set(&err, CB_ENOMEM, NULL, NULL), &err);
}

int
h_orgs_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org o;
	char *doc_no = NULL;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	org_init(&o);
	if ((rc = org_from_json(body, &o, &doc_no, &err)) == 0 &&
	    (rc = svc_org_create(&r->svc, &o, doc_no, &err)) == 0) {
		reply_json(r, 201, org_to_json(&o));
		reply_etag(r, o.version);
		reply_location(r, "/api/v1/orgs/%lld", (long long)o.id);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	org_release(&o);
	free(doc_no);
	json_decref(body);
	return 0;
}

/* Replies 200 with organisation o's detail and its ETag. */
static void
reply_detail(struct request *r, const struct org *o, unsigned int status)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_detail d;
	json_t *j = NULL;

	org_detail_init(&d);
	if (svc_org_detail(&r->svc, o, &d, &err) != 0 ||
	    (j = org_detail_to_json(&d)) == NULL) {
		org_detail_release(&d);
		req_fail(r, err.code ? -err.code : -CB_ENOMEM, &err);
		return;
	}
	org_detail_release(&d);
	reply_json(r, status, j);
	reply_etag(r, o->version);
	cb_error_release(&err);
}

int
h_org_get(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org o;
	int rc;

	org_init(&o);
	if ((rc = svc_org_get(&r->svc, req_id(r, "id"), &o, &err)) == 0) {
		reply_detail(r, &o, 200);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	org_release(&o);
	return 0;
}

static int64_t
org_version(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org o;
	int64_t v = 0;

	org_init(&o);
	if (svc_org_get(&r->svc, req_id(r, "id"), &o, &err) == 0)
		v = o.version;
	org_release(&o);
	cb_error_release(&err);
	return v;
}

int
h_org_patch(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org o;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	if ((rc = if_match_resolve(r, org_version, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	org_init(&o);
	if ((rc = svc_org_patch(&r->svc, req_id(r, "id"), body, if_match, &o,
	         &err)) == 0) {
		reply_detail(r, &o, 200);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	org_release(&o);
	json_decref(body);
	return 0;
}

int
h_org_merge(struct request *r)
{
	static const char *const known[] = { "into", "on", "doc_no", NULL };
	struct cb_error err = CB_ERROR_INIT;
	const json_t *into;
	struct org target;
	char on[DATE_LEN], *doc_no = NULL;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	org_init(&target);
	body_known(body, known, &err);
	into = json_object_get(body, "into");
	if (into == NULL || json_is_null(into))
		cb_error_field(&err, 0, "into", "required", NULL);
	else if (!json_is_integer(into))
		cb_error_field(&err, 0, "into", "wrong_type", "integer");
	else if (json_integer_value(into) <= 0)
		cb_error_field(&err, 0, "into", "org_not_found", NULL);
	body_date(body, "on", on, &err);
	body_text(body, "doc_no", 80, &doc_no, &err);
	if (err.code != CB_OK) {
		rc = -err.code;
		goto out;
	}
	if ((rc = svc_org_merge(&r->svc, req_id(r, "id"),
	         json_integer_value(into), on[0] ? on : NULL, doc_no, &err)) !=
	    0)
		goto out;
	/* The answer is the organisation that absorbed the other. */
	if ((rc = svc_org_get(&r->svc, json_integer_value(into), &target,
	         &err)) != 0)
		goto out;
	reply_detail(r, &target, 200);
out:
	if (rc != 0)
		req_fail(r, rc, &err);
	else
		cb_error_release(&err);
	org_release(&target);
	free(doc_no);
	json_decref(body);
	return 0;
}

int
h_org_split(struct request *r)
{
	static const char *const known[] = { "orgs", "on", "doc_no",
		"close_source", NULL };
	struct cb_error err = CB_ERROR_INIT;
	const json_t *close_v;
	char on[DATE_LEN], *doc_no = NULL;
	struct org_split_result made;
	json_t *body, *spec = NULL, *j;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	org_split_result_init(&made);
	body_known(body, known, &err);
	body_date(body, "on", on, &err);
	body_text(body, "doc_no", 80, &doc_no, &err);
	close_v = json_object_get(body, "close_source");
	if (close_v != NULL && !json_is_null(close_v) &&
	    !json_is_boolean(close_v))
		cb_error_field(&err, 0, "close_source", "wrong_type",
		    "boolean");
	if (err.code != CB_OK) {
		rc = -err.code;
		goto out;
	}
	spec = json_pack("{s:O?}", "orgs", json_object_get(body, "orgs"));
	if (spec == NULL) {
		rc = cb_error_set(&err, CB_ENOMEM, NULL, NULL);
		goto out;
	}
	if (json_object_get(spec, "orgs") != NULL &&
	    json_is_null(json_object_get(spec, "orgs")))
		json_object_del(spec, "orgs");
	if ((rc = svc_org_split(&r->svc, req_id(r, "id"), spec,
	         on[0] ? on : NULL, doc_no, json_is_true(close_v), &made,
	         &err)) != 0)
		goto out;
	if ((j = org_split_to_json(&made)) == NULL) {
		rc = cb_error_set(&err, CB_ENOMEM, NULL, NULL);
		goto out;
	}
	reply_json(r, 200, j);
out:
	if (rc != 0)
		req_fail(r, rc, &err);
	else
		cb_error_release(&err);
	org_split_result_release(&made);
	json_decref(spec);
	free(doc_no);
	json_decref(body);
	return 0;
}

int
h_org_history(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_event_list list = { 0 };
	json_t *items;
	size_t i;
	int rc;

	if ((rc = svc_org_history(&r->svc, req_id(r, "id"), &list, &err)) != 0)
		return req_fail(r, rc, &err);
	items = json_array();
	for (i = 0; items != NULL && i < list.n; i++)
		if (json_array_append_new(items,
		        org_event_to_json(&list.items[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	org_event_list_release(&list);
	reply_json(r, 200, items ? json_pack("{s:o}", "items", items) : NULL);
	return 0;
}

/* The figures of the organisation's subtree (svc/stats.c). */
int
h_org_stats(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_stats_report f;
	json_t *j = NULL;

	org_stats_report_init(&f);
	if (svc_org_stats(&r->svc, req_id(r, "id"), &f, &err) != 0 ||
	    (j = org_stats_to_json(&f)) == NULL) {
		org_stats_report_release(&f);
		return req_fail(r, err.code ? -err.code : -CB_ENOMEM, &err);
	}
	org_stats_report_release(&f);
	reply_json(r, 200, j);
	cb_error_release(&err);
	return 0;
}

/* GET /api/v1/orgs/{id}/officers?all=: the leadership (svc/officer.c). */
int
h_org_officers(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_officer_list l = { 0 };
	bool all = false;
	json_t *j;
	int rc;

	if ((rc = query_bool(r, "all", false, &all, &err)) != 0 ||
	    (rc = svc_org_officers(&r->svc, req_id(r, "id"), all, &l, &err)) !=
	        0)
		return req_fail(r, rc, &err);
	j = org_officers_to_json(&l);
	org_officer_list_release(&l);
	reply_json(r, 200, j);
	return 0;
}

/* POST /api/v1/orgs/{id}/officers: records a term. */
int
h_org_officer_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_officer t;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&t, 0, sizeof(t));
	if ((rc = org_officer_from_json(body, &t, &err)) == 0)
		rc = svc_org_officer_add(&r->svc, req_id(r, "id"), &t, &err);
	if (rc == 0) {
		reply_json(r, 201, entity_to_json(&org_officer_entity, &t));
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	org_officer_release(&t);
	json_decref(body);
	return 0;
}
