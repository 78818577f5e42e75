/*
 * h-audit.c - the audit trail: all of it (GET /api/v1/audit) and one
 * member's (GET /api/v1/members/{id}/audit), newest first, in pages that
 * continue below an entry id ("before", "next_before") or from the
 * store's opaque cursor ("cursor", "next_cursor"; not with "before").  svc and the store limit
 * both to what the principal may audit; roles that may audit nothing are
 * refused before anything else is looked at (the route's action, checked
 * by the dispatcher).  The list filters by member, organisation,
 * action, import ("batch": its member.import entry), account ("user": the actor, an account's user name or
 * "cli:alice@host") and dates ("from", "to": days in Asia/Ho_Chi_Minh,
 * both included).  Each entry carries its label in the request's language
 * and the account's display name (audit_entry_to_json).
 */
#include "http/http-int.h"

#include <stdlib.h>
#include <string.h>

#include "svc/render.h"

#include "util/banned.h"

#define AUDIT_LIMIT_DEFAULT 50
#define AUDIT_LIMIT_MAX 1000 /* the store's maximum too */
#define ACTION_MAX 64
#define ACTOR_MAX 160

/* before, cursor and limit, shared by both routes; *ret_limit is what the client
 * asked for (q->limit asks one more, to know whether a page follows). */
static int
page_args(struct request *r, struct audit_query *q, size_t *ret_limit,
    struct cb_error *err)
{
	int64_t before = 0, limit = 0;
	int rc;

	if ((rc = query_int(r, "before", 1, INT64_MAX, 0, &before, err)) !=
	        0 ||
	    (rc = query_text(r, "cursor", STORE_CURSOR_MAX, &q->cursor,
	         err)) != 0 ||
	    (rc = query_int(r, "limit", 1, AUDIT_LIMIT_MAX,
	         AUDIT_LIMIT_DEFAULT, &limit, err)) != 0)
		return rc;
	q->before_id = before;
	q->page = (size_t)limit;
	*ret_limit = (size_t)limit;
	q->limit = (size_t)limit < AUDIT_LIMIT_MAX ?
	    (size_t)limit + 1 :
	    AUDIT_LIMIT_MAX;
	return 0;
}

/* Replies {"items": [...], "next_before": id|null, "next_cursor":
 * cursor|null} and releases l. */
static void
reply_page(struct request *r, struct audit_list *l, size_t limit)
{
	json_t *items = json_array();
	size_t i, n = l->n < limit ? l->n : limit;
	bool more = l->n > limit ||
	    (limit == AUDIT_LIMIT_MAX && l->n == AUDIT_LIMIT_MAX);

	for (i = 0; items != NULL && i < n; i++)
		if (json_array_append_new(items,
		        audit_entry_to_json(&l->items[i], r->lang)) != 0) {
			json_decref(items);
			items = NULL;
		}
	reply_json(r, 200,
	    items ?
	        json_pack("{s:o, s:o, s:o}", "items", items, "next_before",
	            more && n > 0 ? json_integer(l->items[n - 1].id) :
	                            json_null(),
	            "next_cursor",
	            l->next_cursor ? json_string(l->next_cursor) :
	                             json_null()) :
	        NULL);
	audit_list_release(l);
}

int
h_audit_list(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct audit_query q;
	struct audit_list l = { 0 };
	char from[DATE_LEN], to[DATE_LEN];
	int64_t member = 0, batch = 0;
	size_t limit = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((rc = query_int(r, "member", 1, INT64_MAX, 0, &member, &err)) !=
	        0 ||
	    (rc = query_int(r, "batch", 1, INT64_MAX, 0, &batch, &err)) != 0 ||
	    (rc = query_org(r, "org", &q.org_id, &err)) != 0 ||
	    (rc = query_text(r, "action", ACTION_MAX, &q.action, &err)) != 0 ||
	    (rc = query_text(r, "user", ACTOR_MAX, &q.actor, &err)) != 0 ||
	    (rc = query_date(r, "from", from, &err)) != 0 ||
	    (rc = query_date(r, "to", to, &err)) != 0 ||
	    (rc = page_args(r, &q, &limit, &err)) != 0)
		return req_fail(r, rc, &err);
	q.member_id = member;
	q.batch_id = batch;
	if (q.action != NULL && q.action[0] == '\0')
		q.action = NULL;
	if (q.actor != NULL && q.actor[0] == '\0')
		q.actor = NULL;
	svc_audit_days(&q, from, to);
	if ((rc = svc_audit_list(&r->svc, &q, &l, &err)) != 0)
		return req_fail(r, rc, &err);
	reply_page(r, &l, limit);
	return 0;
}

int
h_member_audit(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct audit_query q;
	struct audit_list l = { 0 };
	size_t limit = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((rc = page_args(r, &q, &limit, &err)) != 0 ||
	    (rc = svc_member_audit(&r->svc, req_id(r, "id"), &q, &l, &err)) !=
	        0)
		return req_fail(r, rc, &err);
	reply_page(r, &l, limit);
	return 0;
}

/* GET /api/v1/audit/actions: the actions of the label table and their
 * labels in the request's language ({"items": [{"action", "label"}]}),
 * for a filter of the trail. */
int
h_audit_actions(struct request *r)
{
	json_t *items = json_array();
	struct audit_entry e;
	const char *action;
	size_t i;

	audit_entry_init(&e);
	for (i = 0; items != NULL && (action = svc_audit_action_at(i)); i++) {
		char *label;
		json_t *one;

		e.action = (char *)action;
		label = svc_audit_label(&e, r->lang);
		one = label ?
		    json_pack("{s:s, s:s}", "action", action, "label", label) :
		    NULL;
		free(label);
		if (one == NULL || json_array_append_new(items, one) != 0) {
			json_decref(items);
			items = NULL;
		}
	}
	reply_json(r, 200, items ? json_pack("{s:o}", "items", items) : NULL);
	return 0;
}
