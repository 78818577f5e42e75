/*
 * h-inspections.c - inspections and supervisions (issue 14): list,
 * create, show (with its recommendations and attachments), change
 * (If-Match required), delete; the recommendations (list, add, follow
 * up); the attachments (multipart upload, list, download).  The store
 * checks the scope of each record (store.h); svc judges and audits.
 */
#include "http/http-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"

#include "util/banned.h"

#define INSPECTIONS_LIMIT_DEFAULT 50
#define INSPECTIONS_LIMIT_MAX 1000

/* An enum of the inspection's field table from the query (0 absent). */
static int
query_enum(struct request *r, const char *name, enum inspection_field fi,
    int *ret, struct cb_error *err)
{
	const struct field_def *f = &inspection_entity.fields[fi];
	const char *s = req_query(r, name);
	char allowed[200];

	*ret = 0;
	if (s == NULL)
		return 0;
	if ((*ret = field_enum_parse(f, s)) <= 0) {
		*ret = 0;
		field_enum_list(f, allowed, sizeof(allowed));
		cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
		return cb_error_field(err, 0, name, "invalid_value", allowed);
	}
	return 0;
}

int
h_inspections_list(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_query q;
	struct inspection_page page = { 0 };
	int kind = 0, form = 0, status = 0, rc;
	int64_t limit = 0, year = 0;
	json_t *items;
	size_t i;

	memset(&q, 0, sizeof(q));
	if ((rc = query_org(r, "org", &q.org_id, &err)) != 0 ||
	    (rc = query_enum(r, "kind", INSPECTION_F_kind, &kind, &err)) !=
	        0 ||
	    (rc = query_enum(r, "form", INSPECTION_F_form, &form, &err)) !=
	        0 ||
	    (rc = query_enum(r, "status", INSPECTION_F_status, &status,
	         &err)) != 0 ||
	    (rc = query_int(r, "year", 1900, 9999, 0, &year, &err)) != 0 ||
	    (rc = query_int(r, "limit", 1, INSPECTIONS_LIMIT_MAX,
	         INSPECTIONS_LIMIT_DEFAULT, &limit, &err)) != 0 ||
	    (rc = query_text(r, "cursor", STORE_CURSOR_MAX, &q.cursor,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	if (q.org_id == 0) {
		cb_error_set(&err, CB_EINVAL, "invalid_query", NULL);
		return req_fail(r,
		    cb_error_field(&err, 0, "org", "required", NULL), &err);
	}
	q.kind = (enum insp_kind)kind;
	q.form = (enum insp_form)form;
	q.status = (enum insp_status)status;
	q.year = (int)year;
	q.limit = (size_t)limit;
	if ((rc = svc_inspection_list(&r->svc, &q, &page, &err)) != 0) {
		if (err.code == CB_EINVAL && err.nfields > 0) {
			free(err.mcode);
			err.mcode = strdup("invalid_query");
		}
		return req_fail(r, rc, &err);
	}
	items = json_array();
	for (i = 0; items != NULL && i < page.list.n; i++)
		if (json_array_append_new(items,
		        entity_to_json(&inspection_entity,
		            &page.list.items[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	reply_json(r, 200,
	    items ?
	        json_pack("{s:o, s:o}", "items", items, "next_cursor",
	            page.next_cursor ? json_string(page.next_cursor) :
	                               json_null()) :
	        NULL);
	inspection_page_release(&page);
	return 0;
}

static void
reply_inspection(struct request *r, const struct inspection *i,
    unsigned int status)
{
	reply_json(r, status, entity_to_json(&inspection_entity, i));
	reply_etag(r, i->version);
}

int
h_inspections_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection i;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&i, 0, sizeof(i));
	if ((rc = svc_inspection_create(&r->svc, body, &i, &err)) == 0) {
		reply_inspection(r, &i, 201);
		reply_location(r, "/api/v1/inspections/%lld", (long long)i.id);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	inspection_release(&i);
	json_decref(body);
	return 0;
}

static json_t *
recs_json(const struct inspection_recommendation_list *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < l->n; i++)
		if (json_array_append_new(a,
		        entity_to_json(&inspection_recommendation_entity,
		            &l->items[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *
atts_json(const struct inspection_attachment_list *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < l->n; i++)
		if (json_array_append_new(a,
		        inspection_attachment_to_json(&l->items[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

int
h_inspection_get(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_recommendation_list recs = { 0 };
	struct inspection_attachment_list atts = { 0 };
	int64_t id = req_id(r, "id");
	struct inspection i;
	json_t *j;
	int rc;

	memset(&i, 0, sizeof(i));
	if ((rc = svc_inspection_get(&r->svc, id, &i, &err)) != 0 ||
	    (rc = svc_inspection_recs(&r->svc, id, &recs, &err)) != 0 ||
	    (rc = svc_inspection_atts(&r->svc, id, &atts, &err)) != 0) {
		inspection_release(&i);
		inspection_recommendation_list_release(&recs);
		return req_fail(r, rc, &err);
	}
	j = entity_to_json(&inspection_entity, &i);
	if (j != NULL) {
		json_object_set_new(j, "recommendations", recs_json(&recs));
		json_object_set_new(j, "attachments", atts_json(&atts));
	}
	reply_json(r, 200, j);
	reply_etag(r, i.version);
	inspection_release(&i);
	inspection_recommendation_list_release(&recs);
	inspection_attachment_list_release(&atts);
	return 0;
}

static int64_t
inspection_version(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int64_t v = 0;

	if (svc_inspection_version(&r->svc, req_id(r, "id"), &v, &err) != 0)
		v = 0;
	cb_error_release(&err);
	return v;
}

int
h_inspection_patch(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection i;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	/* The record first: a missing one is 404 whatever the header. */
	memset(&i, 0, sizeof(i));
	if ((rc = svc_inspection_get(&r->svc, req_id(r, "id"), &i, &err)) != 0)
		return req_fail(r, rc, &err);
	inspection_release(&i);
	if (!if_match_present(r))
		return req_fail(r,
		    cb_error_set(&err, CB_EPRECOND, "if_match_required", NULL),
		    &err);
	if ((rc = if_match_resolve(r, inspection_version, &if_match, &err)) !=
	    0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	if ((rc = svc_inspection_patch(&r->svc, req_id(r, "id"), body,
	         if_match, &i, &err)) == 0) {
		reply_inspection(r, &i, 200);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	inspection_release(&i);
	json_decref(body);
	return 0;
}

int
h_inspection_delete(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection i;
	int64_t if_match = 0;
	int rc;

	memset(&i, 0, sizeof(i));
	if ((rc = svc_inspection_get(&r->svc, req_id(r, "id"), &i, &err)) != 0)
		return req_fail(r, rc, &err);
	inspection_release(&i);
	/* If-Match is optional: given, it must be the stored version. */
	if ((rc = if_match_resolve(r, inspection_version, &if_match, &err)) !=
	        0 ||
	    (rc = svc_inspection_delete(&r->svc, req_id(r, "id"), if_match,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	reply_empty(r, 204);
	return 0;
}

/* ---------------------------------------------------- recommendations */

int
h_inspection_recs_list(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_recommendation_list l = { 0 };
	int rc;

	if ((rc = svc_inspection_recs(&r->svc, req_id(r, "id"), &l, &err)) !=
	    0)
		return req_fail(r, rc, &err);
	reply_json(r, 200, json_pack("{s:o}", "items", recs_json(&l)));
	inspection_recommendation_list_release(&l);
	return 0;
}

static void
reply_rec(struct request *r, const struct inspection_recommendation *x,
    unsigned int status)
{
	reply_json(r, status,
	    entity_to_json(&inspection_recommendation_entity, x));
	reply_etag(r, x->version);
}

int
h_inspection_recs_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_recommendation x;
	int64_t id = req_id(r, "id");
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&x, 0, sizeof(x));
	if ((rc = svc_inspection_rec_add(&r->svc, id, body, &x, &err)) == 0) {
		reply_rec(r, &x, 201);
		reply_location(r,
		    "/api/v1/inspections/%lld/recommendations/%lld",
		    (long long)id, (long long)x.id);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	inspection_recommendation_release(&x);
	json_decref(body);
	return 0;
}

static int64_t
rec_version(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_recommendation x;
	int64_t v = 0;

	memset(&x, 0, sizeof(x));
	if (svc_inspection_rec_get(&r->svc, req_id(r, "id"),
	        req_id(r, "recommendation_id"), &x, &err) == 0)
		v = x.version;
	inspection_recommendation_release(&x);
	cb_error_release(&err);
	return v;
}

int
h_inspection_rec_patch(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_recommendation x;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	/* If-Match is optional: given, it must be the stored version. */
	if ((rc = if_match_resolve(r, rec_version, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&x, 0, sizeof(x));
	if ((rc = svc_inspection_rec_patch(&r->svc, req_id(r, "id"),
	         req_id(r, "recommendation_id"), body, if_match, &x, &err)) ==
	    0) {
		reply_rec(r, &x, 200);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	inspection_recommendation_release(&x);
	json_decref(body);
	return 0;
}

/* -------------------------------------------------------- attachments */

int
h_inspection_atts_list(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_attachment_list l = { 0 };
	int rc;

	if ((rc = svc_inspection_atts(&r->svc, req_id(r, "id"), &l, &err)) !=
	    0)
		return req_fail(r, rc, &err);
	reply_json(r, 200, json_pack("{s:o}", "items", atts_json(&l)));
	inspection_attachment_list_release(&l);
	return 0;
}

int
h_inspection_atts_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_attachment a;
	struct upload_form f;
	struct inspection i;
	int64_t id = req_id(r, "id");
	int rc;

	memset(&a, 0, sizeof(a));
	memset(&i, 0, sizeof(i));
	/* Outside the scope the record is not found, whatever the body. */
	if ((rc = svc_inspection_get(&r->svc, id, &i, &err)) != 0)
		return req_fail(r, rc, &err);
	inspection_release(&i);
	if ((rc = upload_form_read(r, &f, false, &err)) != 0 &&
	    !(rc == -CB_EINVAL && err.nfields > 0)) {
		upload_form_release(&f);
		return req_fail(r, rc, &err);
	}
	rc = svc_inspection_att_add(&r->svc, id, f.file_name,
	    f.have_file ? f.file.buf : NULL, f.file.len, &a, &err);
	upload_form_release(&f);
	if (rc != 0)
		return req_fail(r, rc, &err);
	reply_location(r, "/api/v1/inspections/%lld/attachments/%lld",
	    (long long)id, (long long)a.id);
	reply_json(r, 201, inspection_attachment_to_json(&a));
	inspection_attachment_release(&a);
	return 0;
}

int
h_inspection_att_get(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_attachment a;
	unsigned char *data = NULL;
	int rc;

	memset(&a, 0, sizeof(a));
	if ((rc = svc_inspection_att_get(&r->svc, req_id(r, "id"),
	         req_id(r, "attachment_id"), &a, &data, &err)) != 0)
		return req_fail(r, rc, &err);
	reply_stored_file(r, data, (size_t)a.size, a.content_type, a.name,
	    "attachment", a.id);
	inspection_attachment_release(&a);
	return 0;
}
