/*
 * h-meta.c - the server's own routes (health, metrics, the OpenAPI
 * document) and the rulebook.
 */
#include "http/http-int.h"

#include <stdlib.h>
#include <string.h>

#include "svc/render.h"

#include "util/banned.h"

int
h_healthz(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int version = 0;
	int rc;

	rc = store_schema_version(r->st, &version, &err);
	if (rc != 0) {
		/* Whatever went wrong, the database is not usable: 503. */
		struct cb_error down = CB_ERROR_INIT;

		cb_error_set(&down, CB_ESTORE, "storage_error", NULL);
		cb_error_detail(&down, "healthz: %s: %s",
		    err.mcode ? err.mcode : cb_code_name(rc),
		    err.detail ? err.detail : "-");
		req_fail(r, -CB_ESTORE, &down);
		cb_error_release(&err);
		return 0;
	}
	reply_json(r, 200,
	    json_pack("{s:s, s:s, s:i}", "status", "ok", "backend",
	        store_backend_name(r->st), "schema_version", version));
	return 0;
}

int
h_metrics(struct request *r)
{
	struct views_stats vs;
	struct sb out;
	char *text;
	size_t len;

	sb_init(&out, 16 * 1024 * 1024);
	metrics_render(&r->srv->metrics, &out);
	views_stats(r->srv, &vs);
	sb_addf(&out,
	    "# HELP chibo_audit_views_queued Dossier views waiting "
	    "to be written to the audit trail.\n"
	    "# TYPE chibo_audit_views_queued gauge\n"
	    "chibo_audit_views_queued %zu\n"
	    "# HELP chibo_audit_views_waiting Requests suspended until "
	    "their dossier view has committed.\n"
	    "# TYPE chibo_audit_views_waiting gauge\n"
	    "chibo_audit_views_waiting %zu\n"
	    "# HELP chibo_audit_views_queue_bytes Memory of the view "
	    "queue (entries, their strings, the batch being written).\n"
	    "# TYPE chibo_audit_views_queue_bytes gauge\n"
	    "chibo_audit_views_queue_bytes %zu\n"
	    "# HELP chibo_audit_views_queue_limit Most views queued; "
	    "past it requests wait, then get 503.\n"
	    "# TYPE chibo_audit_views_queue_limit gauge\n"
	    "chibo_audit_views_queue_limit %zu\n"
	    "# HELP chibo_audit_views_refused_total Dossier views "
	    "answered 503: no room, or not durable in time.\n"
	    "# TYPE chibo_audit_views_refused_total counter\n"
	    "chibo_audit_views_refused_total %llu\n"
	    "# HELP chibo_audit_views_commits_total Transactions of "
	    "the view flusher (group commits).\n"
	    "# TYPE chibo_audit_views_commits_total counter\n"
	    "chibo_audit_views_commits_total %llu\n"
	    "# HELP chibo_audit_views_written_total Views written by "
	    "the flusher (repeats within the window included).\n"
	    "# TYPE chibo_audit_views_written_total counter\n"
	    "chibo_audit_views_written_total %llu\n"
	    "# HELP chibo_db_checkpoints_total SQLite WAL checkpoints made "
	    "by the server's own thread, off the commits (0 on "
	    "PostgreSQL).\n"
	    "# TYPE chibo_db_checkpoints_total counter\n"
	    "chibo_db_checkpoints_total %llu\n",
	    vs.queued, vs.waiting, vs.bytes, r->srv->views_max,
	    (unsigned long long)vs.refused, (unsigned long long)vs.commits,
	    (unsigned long long)vs.written,
	    (unsigned long long)store_pool_checkpoints(r->srv->pool));
	if ((text = sb_detach(&out, &len)) == NULL) {
		req_fail_code(r, CB_ENOMEM, "out_of_memory", NULL);
		return 0;
	}
	reply_raw(r, 200, text, len,
	    "text/plain; version=0.0.4; "
	    "charset=utf-8");
	return 0;
}

int
h_openapi(struct request *r)
{
	const struct embedded_file *f = &chibo_openapi_files[0];
	char *copy = malloc(f->len + 1);

	if (copy == NULL) {
		req_fail_code(r, CB_ENOMEM, "out_of_memory", NULL);
		return 0;
	}
	memcpy(copy, f->data, f->len + 1);
	reply_raw(r, 200, copy, f->len, "application/json");
	return 0;
}

int
h_rules_get(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	char on[DATE_LEN];
	int64_t org = 0;
	struct rules_view view;
	json_t *rules, *ignored = NULL;
	int rc;

	if ((rc = query_date(r, "on", on, &err)) != 0 ||
	    (rc = query_org(r, "org", &org, &err)) != 0)
		goto fail;
	rules_view_init(&view);
	rc = svc_rules_view(&r->svc, on[0] ? on : NULL, org, &view, &err);
	rules = rc == 0 ? rules_view_to_json(&view) : NULL;
	/* Stored overrides outside their declared range: not applied. */
	if (rules != NULL &&
	    (ignored = rules_ignored_to_json(&view)) == NULL) {
		json_decref(rules);
		rules = NULL;
	}
	rules_view_release(&view);
	if (rules == NULL) {
		rc = err.code ? -err.code : -CB_ENOMEM;
		goto fail;
	}
	reply_json(r, 200,
	    json_pack("{s:o, s:o, s:o, s:o}", "on",
	        on[0] ? json_string(on) : json_null(), "org_id",
	        org ? json_integer(org) : json_null(), "rules", rules,
	        "ignored_overrides", ignored));
	return 0;
fail:
	return req_fail(r, rc, &err);
}

static json_t *
override_json(const struct rule_override *o)
{
	json_t *value;
	size_t i;

	switch (o->value.type) {
	case RV_INT:
		value = json_integer(o->value.i);
		break;
	case RV_TEXT:
		value = json_string(o->value.s ? o->value.s : "");
		break;
	case RV_LIST:
	default:
		value = json_array();
		for (i = 0; value && i < o->value.nitems; i++)
			json_array_append_new(value,
			    json_string(o->value.items[i]));
		break;
	}
	return json_pack(
	    "{s:I, s:s?, s:s?, s:o, s:I, s:s, s:o, s:s?, s:s?,"
	    " s:s?}",
	    "id", (json_int_t)o->id, "rule_id", o->rule_id, "value_name",
	    o->value_name, "value", value ? value : json_null(), "org_id",
	    (json_int_t)o->org_id, "effective_from", o->from, "effective_to",
	    o->to[0] ? json_string(o->to) : json_null(), "doc_no", o->doc_no,
	    "recorded_by", o->recorded_by, "recorded_at", o->recorded_at);
}

/* Fills o->value from the JSON value v (integer, string, array of
 * strings). */
static void
override_value(const json_t *v, struct rule_override *o, struct cb_error *err)
{
	size_t i;

	if (v == NULL || json_is_null(v)) {
		cb_error_field(err, 0, "value", "required", NULL);
		return;
	}
	if ((o->value.name = strdup(o->value_name ? o->value_name : "")) ==
	    NULL) {
		cb_error_set(err, CB_ENOMEM, NULL, NULL);
		return;
	}
	if (json_is_integer(v)) {
		o->value.type = RV_INT;
		o->value.i = json_integer_value(v);
	} else if (json_is_string(v)) {
		o->value.type = RV_TEXT;
		if ((o->value.s = strdup(json_string_value(v))) == NULL)
			cb_error_set(err, CB_ENOMEM, NULL, NULL);
	} else if (json_is_array(v)) {
		o->value.type = RV_LIST;
		o->value.items = calloc(json_array_size(v) + 1,
		    sizeof(*o->value.items));
		if (o->value.items == NULL) {
			cb_error_set(err, CB_ENOMEM, NULL, NULL);
			return;
		}
		for (i = 0; i < json_array_size(v); i++) {
			const json_t *item = json_array_get(v, i);

			if (!json_is_string(item)) {
				cb_error_field(err, 0, "value", "wrong_type",
				    "string");
				return;
			}
			o->value.items[i] = strdup(json_string_value(item));
			if (o->value.items[i] == NULL) {
				cb_error_set(err, CB_ENOMEM, NULL, NULL);
				return;
			}
			o->value.nitems++;
		}
	} else
		cb_error_field(err, 0, "value", "wrong_type",
		    "integer, string, array");
}

int
h_rule_override_post(struct request *r)
{
	static const char *const known[] = { "rule_id", "value_name", "value",
		"org_id", "effective_from", "effective_to", "doc_no", NULL };
	struct cb_error err = CB_ERROR_INIT;
	struct rule_override o;
	const json_t *v;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&o, 0, sizeof(o));
	body_known(body, known, &err);
	body_text(body, "rule_id", 100, &o.rule_id, &err);
	body_text(body, "value_name", 100, &o.value_name, &err);
	body_required(body, "rule_id", &err);
	body_required(body, "value_name", &err);
	override_value(json_object_get(body, "value"), &o, &err);
	v = json_object_get(body, "org_id");
	if (v == NULL || json_is_null(v))
		cb_error_field(&err, 0, "org_id", "required", NULL);
	else if (!json_is_integer(v))
		cb_error_field(&err, 0, "org_id", "wrong_type", "integer");
	else if (json_integer_value(v) <= 0)
		cb_error_field(&err, 0, "org_id", "org_not_found", NULL);
	else
		o.org_id = json_integer_value(v);
	body_date(body, "effective_from", o.from, &err);
	body_required(body, "effective_from", &err);
	body_date(body, "effective_to", o.to, &err);
	body_text(body, "doc_no", 80, &o.doc_no, &err);
	body_required(body, "doc_no", &err);
	if (err.code != CB_OK) {
		rc = -err.code;
		goto fail;
	}
	if ((rc = svc_rule_override(&r->svc, &o, &err)) != 0)
		goto fail;
	reply_json(r, 201, override_json(&o));
	rule_override_release(&o);
	json_decref(body);
	return 0;
fail:
	req_fail(r, rc, &err);
	rule_override_release(&o);
	json_decref(body);
	return 0;
}
