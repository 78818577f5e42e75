/*
 * h-evaluations.c - evaluation periods and evaluations (issue 15): open,
 * list, show, change and lock periods (the lock refused with the scopes
 * whose decisions break the cap on excellent), the calibration view;
 * record, list, show and change evaluations, the cell's proposal, the
 * committee's decision, comments, a member's history.  The store answers
 * "not found" outside the principal's scope (RF_SCOPED routes: a member
 * reads and writes its own evaluation without a grant's action).
 */
#include "http/http-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/evaluation.h"

#include "util/banned.h"

#define EVAL_LIMIT_DEFAULT 100
#define EVAL_LIMIT_MAX 1000

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

/* ?name= one of the enum's names of field f (0 when absent). */
static int
query_enum(struct request *r, const char *name, const struct field_def *f,
    int *ret, struct cb_error *err)
{
	const char *s = req_query(r, name);
	char allowed[160];
	int v;

	*ret = 0;
	if (s == NULL)
		return 0;
	if ((v = field_enum_parse(f, s)) > 0) {
		*ret = v;
		return 0;
	}
	field_enum_list(f, allowed, sizeof(allowed));
	cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
	return cb_error_field(err, 0, name, "invalid_value", allowed);
}

static json_t *
page_json(json_t *items, const char *next)
{
	return items ?
	    json_pack("{s:o, s:o}", "items", items, "next_cursor",
	        next ? json_string(next) : json_null()) :
	    NULL;
}

/* ------------------------------------------------------------- periods */

static void
reply_period(struct request *r, const struct evaluation_period *p,
    unsigned int status)
{
	reply_json(r, status, eperiod_to_json(&r->svc, p));
	reply_etag(r, p->version);
}

int
h_eperiods_list(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct eperiod_page page = { 0 };
	struct eperiod_query q;
	int64_t limit = 0, year = 0;
	int kind = 0;
	json_t *items;
	size_t i;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((rc = query_org(r, "org", &q.org_id, &err)) != 0 ||
	    (rc = query_int(r, "year", 1, 9999, 0, &year, &err)) != 0 ||
	    (rc = query_enum(r, "kind",
	         &evaluation_period_entity.fields[EVALUATION_PERIOD_F_kind],
	         &kind, &err)) != 0 ||
	    (rc = query_int(r, "limit", 1, EVAL_LIMIT_MAX, EVAL_LIMIT_DEFAULT,
	         &limit, &err)) != 0 ||
	    (rc = query_text(r, "cursor", STORE_CURSOR_MAX, &q.cursor,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	q.year = (int)year;
	q.kind = (enum eperiod_kind)kind;
	q.limit = (size_t)limit;
	if ((rc = svc_eperiod_list(&r->svc, &q, &page, &err)) != 0) {
		as_query_error(&err);
		return req_fail(r, rc, &err);
	}
	items = json_array();
	for (i = 0; items != NULL && i < page.list.n; i++)
		if (json_array_append_new(items,
		        eperiod_to_json(&r->svc, &page.list.items[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	reply_json(r, 200, page_json(items, page.next_cursor));
	eperiod_page_release(&page);
	return 0;
}

int
h_eperiods_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation_period p;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&p, 0, sizeof(p));
	if ((rc = svc_eperiod_create(&r->svc, body, &p, &err)) == 0) {
		reply_period(r, &p, 201);
		reply_location(r, "/api/v1/evaluation/periods/%lld",
		    (long long)p.id);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	evaluation_period_release(&p);
	json_decref(body);
	return 0;
}

int
h_eperiod_get(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation_period p;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = svc_eperiod_get(&r->svc, req_id(r, "id"), &p, &err)) != 0)
		return req_fail(r, rc, &err);
	reply_period(r, &p, 200);
	evaluation_period_release(&p);
	return 0;
}

static int64_t
period_version(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int64_t v = 0;

	if (svc_eperiod_version(&r->svc, req_id(r, "id"), &v, &err) != 0)
		v = 0;
	cb_error_release(&err);
	return v;
}

static int
period_if_match(struct request *r, int64_t *ret, struct cb_error *err)
{
	int64_t v = 0;
	int rc;

	if ((rc = svc_eperiod_version(&r->svc, req_id(r, "id"), &v, err)) != 0)
		return rc;
	return if_match_resolve(r, period_version, ret, err);
}

int
h_eperiod_patch(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation_period p;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	if ((rc = period_if_match(r, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&p, 0, sizeof(p));
	if ((rc = svc_eperiod_patch(&r->svc, req_id(r, "id"), body, if_match,
	         &p, &err)) == 0) {
		reply_period(r, &p, 200);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	evaluation_period_release(&p);
	json_decref(body);
	return 0;
}

/* The errors[] of a lock refused by the cap: one item per scope broken,
 * {code, field, message, scope_org_id, scope_name, excellent, allowed,
 * percent, denominator, scope, rule, citation}. */
static json_t *
cap_errors(const struct eval_calibration *b, enum lang lang)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < b->n; i++) {
		const struct eval_calibration_scope *c = &b->items[i];
		char ex[24];
		char *m;

		snprintf(ex, sizeof(ex), "%lld", (long long)c->cap.excellent);
		m = msg_render_given("excellent_cap_exceeded", ex,
		    c->counts->scope_name ? c->counts->scope_name : "", lang);
		json_array_append_new(a,
		    json_pack("{s:s, s:s, s:s?, s:I, s:s?, s:I, s:I, s:i, "
		              "s:s, s:s, s:s?, s:s?, s:o}",
		        "code", "excellent_cap_exceeded", "field",
		        "scope_org_id", "message", m, "scope_org_id",
		        (json_int_t)c->counts->scope_org_id, "scope_name",
		        c->counts->scope_name, "excellent",
		        (json_int_t)c->cap.excellent, "allowed",
		        (json_int_t)c->cap.allowed, "percent", c->cap.percent,
		        "denominator",
		        c->cap.denominator_htt_and_above ?
		            "htt_and_above" :
		            "htt",
		        "scope", eval_cap_scope_names[c->cap.scope], "rule",
		        c->cap.rule_id, "citation", c->cap.citation, "counts",
		        json_pack("{s:I, s:I, s:I, s:I, s:I}", "htxs",
		            (json_int_t)c->counts->decided[EVAL_HTXS], "htt",
		            (json_int_t)c->counts->decided[EVAL_HTT], "ht",
		            (json_int_t)c->counts->decided[EVAL_HT], "kht",
		            (json_int_t)c->counts->decided[EVAL_KHT],
		            "not_classified",
		            (json_int_t)
		                c->counts->decided[EVAL_NOT_CLASSIFIED])));
		free(m);
	}
	return a;
}

int
h_eperiod_lock(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct eval_calibration breaches;
	struct evaluation_period p;
	int64_t if_match = 0;
	int rc;

	memset(&p, 0, sizeof(p));
	memset(&breaches, 0, sizeof(breaches));
	if ((rc = period_if_match(r, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if ((rc = svc_eperiod_lock(&r->svc, req_id(r, "id"), if_match, &p,
	         &breaches, &err)) != 0) {
		json_t *ext = NULL;

		if (breaches.n > 0)
			ext = json_pack("{s:o}", "errors",
			    cap_errors(&breaches, r->lang));
		eval_calibration_release(&breaches);
		return req_fail_ext(r, rc, &err, ext);
	}
	reply_period(r, &p, 200);
	evaluation_period_release(&p);
	return 0;
}

int
h_eperiod_calibration(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct eval_calibration c;
	int64_t org_id = 0;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = query_org(r, "org", &org_id, &err)) != 0)
		return req_fail(r, rc, &err);
	if ((rc = svc_eval_calibration(&r->svc, req_id(r, "id"), org_id, &c,
	         &err)) != 0) {
		as_query_error(&err);
		return req_fail(r, rc, &err);
	}
	reply_json(r, 200, eval_calibration_to_json(&c, r->lang));
	eval_calibration_release(&c);
	return 0;
}

/* --------------------------------------------------------- evaluations */

static void
reply_eval(struct request *r, const struct evaluation *e, unsigned int status)
{
	reply_json(r, status, evaluation_to_json(e, r->lang));
	reply_etag(r, e->version);
}

static int
eval_page(struct request *r, struct evaluation_query *q)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation_page page = { 0 };
	json_t *items;
	size_t i;
	int rc;

	if ((rc = svc_eval_list(&r->svc, q, &page, &err)) != 0) {
		as_query_error(&err);
		return req_fail(r, rc, &err);
	}
	items = json_array();
	for (i = 0; items != NULL && i < page.list.n; i++)
		if (json_array_append_new(items,
		        evaluation_to_json(&page.list.items[i], r->lang)) !=
		    0) {
			json_decref(items);
			items = NULL;
		}
	reply_json(r, 200, page_json(items, page.next_cursor));
	evaluation_page_release(&page);
	return 0;
}

int
h_evaluations_list(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation_query q;
	int64_t limit = 0, year = 0;
	int subject = 0, level = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((rc = query_int(r, "period", 1, INT64_MAX, 0, &q.period_id,
	         &err)) != 0 ||
	    (rc = query_org(r, "org", &q.org_id, &err)) != 0 ||
	    (rc = query_int(r, "member", 1, INT64_MAX, 0, &q.member_id,
	         &err)) != 0 ||
	    (rc = query_enum(r, "subject",
	         &evaluation_entity.fields[EVALUATION_F_subject], &subject,
	         &err)) != 0 ||
	    (rc = query_enum(r, "proposed_level",
	         &evaluation_entity.fields[EVALUATION_F_proposed_level],
	         &level, &err)) != 0 ||
	    (rc = query_int(r, "year", 1, 9999, 0, &year, &err)) != 0 ||
	    (rc = query_int(r, "limit", 1, EVAL_LIMIT_MAX, EVAL_LIMIT_DEFAULT,
	         &limit, &err)) != 0 ||
	    (rc = query_text(r, "cursor", STORE_CURSOR_MAX, &q.cursor,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	q.subject = (enum esubject)subject;
	q.proposed_level = (enum elevel)level;
	q.year = (int)year;
	q.limit = (size_t)limit;
	return eval_page(r, &q);
}

int
h_member_evaluations(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation_query q;
	int64_t limit = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((rc = query_int(r, "limit", 1, EVAL_LIMIT_MAX, EVAL_LIMIT_DEFAULT,
	         &limit, &err)) != 0 ||
	    (rc = query_text(r, "cursor", STORE_CURSOR_MAX, &q.cursor,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	q.member_id = req_id(r, "id");
	q.limit = (size_t)limit;
	return eval_page(r, &q);
}

int
h_evaluations_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation e;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&e, 0, sizeof(e));
	if ((rc = svc_eval_create(&r->svc, body, &e, &err)) == 0) {
		reply_eval(r, &e, 201);
		reply_location(r, "/api/v1/evaluations/%lld", (long long)e.id);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	evaluation_release(&e);
	json_decref(body);
	return 0;
}

int
h_evaluation_get(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation e;
	int rc;

	memset(&e, 0, sizeof(e));
	if ((rc = svc_eval_get(&r->svc, req_id(r, "id"), &e, &err)) != 0)
		return req_fail(r, rc, &err);
	reply_eval(r, &e, 200);
	evaluation_release(&e);
	return 0;
}

static int64_t
eval_version(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int64_t v = 0;

	if (svc_eval_version(&r->svc, req_id(r, "id"), &v, &err) != 0)
		v = 0;
	cb_error_release(&err);
	return v;
}

/* The evaluation first (a missing one is 404 whatever the header), then
 * the optional If-Match. */
static int
eval_if_match(struct request *r, int64_t *ret, struct cb_error *err)
{
	int64_t v = 0;
	int rc;

	if ((rc = svc_eval_version(&r->svc, req_id(r, "id"), &v, err)) != 0)
		return rc;
	return if_match_resolve(r, eval_version, ret, err);
}

typedef int (*eval_write_fn)(struct svc *s, int64_t id, const json_t *in,
    int64_t if_match, struct evaluation *ret, struct cb_error *err);

static int
eval_write(struct request *r, eval_write_fn fn)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation e;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	if ((rc = eval_if_match(r, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&e, 0, sizeof(e));
	if ((rc = fn(&r->svc, req_id(r, "id"), body, if_match, &e, &err)) ==
	    0) {
		reply_eval(r, &e, 200);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	evaluation_release(&e);
	json_decref(body);
	return 0;
}

int
h_evaluation_patch(struct request *r)
{
	return eval_write(r, svc_eval_patch);
}

int
h_evaluation_propose(struct request *r)
{
	return eval_write(r, svc_eval_propose);
}

int
h_evaluation_decide(struct request *r)
{
	return eval_write(r, svc_eval_decide);
}

int
h_evaluation_delete(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int64_t if_match = 0;
	int rc;

	/* The evaluation first (404), then If-Match (required: 428). */
	if ((rc = eval_if_match(r, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (!if_match_present(r))
		return req_fail_code(r, CB_EPRECOND, "if_match_required",
		    NULL);
	if ((rc = svc_eval_delete(&r->svc, req_id(r, "id"), if_match, &err)) !=
	    0)
		return req_fail(r, rc, &err);
	reply_empty(r, 204);
	return 0;
}

int
h_evaluation_comments_list(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation_comment_list l = { 0 };
	json_t *items;
	size_t i;
	int rc;

	if ((rc = svc_ecomment_list(&r->svc, req_id(r, "id"), &l, &err)) != 0)
		return req_fail(r, rc, &err);
	items = json_array();
	for (i = 0; items != NULL && i < l.n; i++)
		if (json_array_append_new(items,
		        ecomment_to_json(&l.items[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	reply_json(r, 200, items ? json_pack("{s:o}", "items", items) : NULL);
	evaluation_comment_list_release(&l);
	return 0;
}

int
h_evaluation_comments_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation_comment c;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&c, 0, sizeof(c));
	if ((rc = svc_ecomment_create(&r->svc, req_id(r, "id"), body, &c,
	         &err)) == 0) {
		reply_json(r, 201, ecomment_to_json(&c));
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	evaluation_comment_release(&c);
	json_decref(body);
	return 0;
}
