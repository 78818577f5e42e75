/*
 * h-programmes.c - terms of a committee and inspection and supervision
 * programmes with their items (issue 14): list, create, show, change
 * (terms and programmes: If-Match required; items: optional), delete.
 * The store checks the scope of each row (store.h); svc judges and
 * audits.
 */
#include "http/http-int.h"

#include <stdlib.h>
#include <string.h>

#include "core/entity.h"

#include "util/banned.h"

#define PROGRAMMES_LIMIT_DEFAULT 200
#define PROGRAMMES_LIMIT_MAX 1000

/* A list of records of entity e as {"items": [...]}. */
static json_t *
items_of(const struct entity *e, const void *items, size_t size, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a,
		        entity_to_json(e, (const char *)items + i * size)) !=
		    0) {
			json_decref(a);
			return NULL;
		}
	return a != NULL ? json_pack("{s:o}", "items", a) : NULL;
}

static void
reply_record(struct request *r, const struct entity *e, const void *obj,
    int64_t version, unsigned int status)
{
	reply_json(r, status, entity_to_json(e, obj));
	reply_etag(r, version);
}

/* The If-Match a change needs: 428 without it. */
static int
need_if_match(struct request *r, int64_t (*version_of)(struct request *r),
    int64_t *ret, struct cb_error *err)
{
	if (!if_match_present(r))
		return cb_error_set(err, CB_EPRECOND, "if_match_required",
		    NULL);
	return if_match_resolve(r, version_of, ret, err);
}

/* ---------------------------------------------------------------- terms */

int
h_terms_list(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_term_list l = { NULL, 0 };
	char on[DATE_LEN];
	int64_t org = 0;
	int rc;

	if ((rc = query_org(r, "org", &org, &err)) != 0 ||
	    (rc = query_date(r, "on", on, &err)) != 0)
		return req_fail(r, rc, &err);
	if (org == 0) {
		cb_error_set(&err, CB_EINVAL, "invalid_query", NULL);
		return req_fail(r,
		    cb_error_field(&err, 0, "org", "required", NULL), &err);
	}
	if ((rc = svc_term_list(&r->svc, org, on[0] ? on : NULL, &l, &err)) !=
	    0)
		return req_fail(r, rc, &err);
	reply_json(r, 200,
	    items_of(&org_term_entity, l.items, sizeof(*l.items), l.n));
	org_term_list_release(&l);
	return 0;
}

int
h_terms_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_term t;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&t, 0, sizeof(t));
	if ((rc = svc_term_create(&r->svc, body, &t, &err)) == 0) {
		reply_record(r, &org_term_entity, &t, t.version, 201);
		reply_location(r, "/api/v1/terms/%lld", (long long)t.id);
	} else
		req_fail(r, rc, &err);
	org_term_release(&t);
	json_decref(body);
	return 0;
}

int
h_term_get(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_term t;
	int rc;

	memset(&t, 0, sizeof(t));
	if ((rc = svc_term_get(&r->svc, req_id(r, "id"), &t, &err)) != 0)
		return req_fail(r, rc, &err);
	reply_record(r, &org_term_entity, &t, t.version, 200);
	org_term_release(&t);
	return 0;
}

static int64_t
term_version(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_term t;
	int64_t v = 0;

	memset(&t, 0, sizeof(t));
	if (svc_term_get(&r->svc, req_id(r, "id"), &t, &err) == 0)
		v = t.version;
	org_term_release(&t);
	cb_error_release(&err);
	return v;
}

int
h_term_patch(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_term t;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	/* The term first: a missing one is 404 whatever the header. */
	memset(&t, 0, sizeof(t));
	if ((rc = svc_term_get(&r->svc, req_id(r, "id"), &t, &err)) != 0)
		return req_fail(r, rc, &err);
	org_term_release(&t);
	if ((rc = need_if_match(r, term_version, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	if ((rc = svc_term_patch(&r->svc, req_id(r, "id"), body, if_match, &t,
	         &err)) == 0)
		reply_record(r, &org_term_entity, &t, t.version, 200);
	else
		req_fail(r, rc, &err);
	org_term_release(&t);
	json_decref(body);
	return 0;
}

int
h_term_delete(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int rc;

	if ((rc = svc_term_delete(&r->svc, req_id(r, "id"), &err)) != 0)
		return req_fail(r, rc, &err);
	reply_empty(r, 204);
	return 0;
}

/* ----------------------------------------------------------- programmes */

int
h_programmes_list(struct request *r)
{
	const struct field_def *bf =
	    &inspection_programme_entity.fields[INSPECTION_PROGRAMME_F_body];
	struct cb_error err = CB_ERROR_INIT;
	struct programme_page page = { { NULL, 0 }, NULL };
	struct programme_query q;
	json_t *j;
	int64_t year = 0, limit = 0;
	const char *body;
	char allowed[200];
	int b, rc;

	memset(&q, 0, sizeof(q));
	if ((rc = query_org(r, "org", &q.org_id, &err)) != 0 ||
	    (rc = query_int(r, "year", DATE_YEAR_MIN, DATE_YEAR_MAX, 0, &year,
	         &err)) != 0 ||
	    (rc = query_int(r, "limit", 1, PROGRAMMES_LIMIT_MAX,
	         PROGRAMMES_LIMIT_DEFAULT, &limit, &err)) != 0 ||
	    (rc = query_text(r, "cursor", STORE_CURSOR_MAX, &q.cursor,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	if ((body = req_query(r, "body")) != NULL) {
		if ((b = field_enum_parse(bf, body)) <= 0) {
			field_enum_list(bf, allowed, sizeof(allowed));
			cb_error_set(&err, CB_EINVAL, "invalid_query", NULL);
			return req_fail(r,
			    cb_error_field(&err, 0, "body", "invalid_value",
			        allowed),
			    &err);
		}
		q.body = (enum inspection_body)b;
	}
	if (q.org_id == 0) {
		cb_error_set(&err, CB_EINVAL, "invalid_query", NULL);
		return req_fail(r,
		    cb_error_field(&err, 0, "org", "required", NULL), &err);
	}
	q.year = (int)year;
	q.limit = (size_t)limit;
	if ((rc = svc_programme_list(&r->svc, &q, &page, &err)) != 0)
		return req_fail(r, rc, &err);
	j = items_of(&inspection_programme_entity, page.list.items,
	    sizeof(*page.list.items), page.list.n);
	if (j != NULL)
		json_object_set_new(j, "next_cursor",
		    page.next_cursor ?
		        json_string(page.next_cursor) :
		        json_null());
	reply_json(r, 200, j);
	programme_page_release(&page);
	return 0;
}

int
h_programmes_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_programme p;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&p, 0, sizeof(p));
	if ((rc = svc_programme_create(&r->svc, body, &p, &err)) == 0) {
		reply_record(r, &inspection_programme_entity, &p, p.version,
		    201);
		reply_location(r, "/api/v1/inspection/programmes/%lld",
		    (long long)p.id);
	} else
		req_fail(r, rc, &err);
	inspection_programme_release(&p);
	json_decref(body);
	return 0;
}

int
h_programme_get(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_programme_item_list items = { NULL, 0 };
	struct inspection_programme p;
	json_t *j, *it;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = svc_programme_get(&r->svc, req_id(r, "id"), &p, &items,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	j = entity_to_json(&inspection_programme_entity, &p);
	it = items_of(&inspection_programme_item_entity, items.items,
	    sizeof(*items.items), items.n);
	if (j != NULL && it != NULL)
		json_object_set(j, "items", json_object_get(it, "items"));
	json_decref(it);
	reply_json(r, 200, j);
	reply_etag(r, p.version);
	inspection_programme_item_list_release(&items);
	inspection_programme_release(&p);
	return 0;
}

static int64_t
programme_version(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_programme p;
	int64_t v = 0;

	memset(&p, 0, sizeof(p));
	if (svc_programme_get(&r->svc, req_id(r, "id"), &p, NULL, &err) == 0)
		v = p.version;
	inspection_programme_release(&p);
	cb_error_release(&err);
	return v;
}

int
h_programme_patch(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_programme p;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = svc_programme_get(&r->svc, req_id(r, "id"), &p, NULL,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	inspection_programme_release(&p);
	if ((rc = need_if_match(r, programme_version, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	if ((rc = svc_programme_patch(&r->svc, req_id(r, "id"), body, if_match,
	         &p, &err)) == 0)
		reply_record(r, &inspection_programme_entity, &p, p.version,
		    200);
	else
		req_fail(r, rc, &err);
	inspection_programme_release(&p);
	json_decref(body);
	return 0;
}

int
h_programme_delete(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int rc;

	if ((rc = svc_programme_delete(&r->svc, req_id(r, "id"), &err)) != 0)
		return req_fail(r, rc, &err);
	reply_empty(r, 204);
	return 0;
}

int
h_programme_items_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_programme_item it;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&it, 0, sizeof(it));
	if ((rc = svc_programme_item_create(&r->svc, req_id(r, "id"), body,
	         &it, &err)) == 0) {
		reply_record(r, &inspection_programme_item_entity, &it,
		    it.version, 201);
		reply_location(r, "/api/v1/inspection/programme-items/%lld",
		    (long long)it.id);
	} else
		req_fail(r, rc, &err);
	inspection_programme_item_release(&it);
	json_decref(body);
	return 0;
}

static int64_t
item_version(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_programme_item it;
	int64_t v = 0;

	memset(&it, 0, sizeof(it));
	if (svc_programme_item_get(&r->svc, req_id(r, "id"), &it, &err) == 0)
		v = it.version;
	inspection_programme_item_release(&it);
	cb_error_release(&err);
	return v;
}

int
h_programme_item_patch(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_programme_item it;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	/* If-Match is optional here: an item's progress is often all. */
	if ((rc = if_match_resolve(r, item_version, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&it, 0, sizeof(it));
	if ((rc = svc_programme_item_patch(&r->svc, req_id(r, "id"), body,
	         if_match, &it, &err)) == 0)
		reply_record(r, &inspection_programme_item_entity, &it,
		    it.version, 200);
	else
		req_fail(r, rc, &err);
	inspection_programme_item_release(&it);
	json_decref(body);
	return 0;
}

int
h_programme_item_delete(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int rc;

	if ((rc = svc_programme_item_delete(&r->svc, req_id(r, "id"), &err)) !=
	    0)
		return req_fail(r, rc, &err);
	reply_empty(r, 204);
	return 0;
}
