/* audit.c - recording and checking the audit trail.  See svc.h. */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

static char *
dump(json_t *j)
{
	return j != NULL ?
	    json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY) :
	    NULL;
}

/* Fills e with who did what; the JSON arguments are stolen. */
static int
entry_make(struct svc *s, struct audit_entry *e, const char *actor,
    int64_t user_id, const char *action, const char *object_type,
    int64_t object_id, int64_t org_id, json_t *before, json_t *after,
    json_t *detail)
{
	int rc = 0;

	audit_entry_init(e);
	e->actor = strdup(actor ? actor : "");
	e->user_id = user_id;
	e->addr = strdup(s->addr ? s->addr : "");
	e->action = strdup(action);
	e->object_type = object_type ? strdup(object_type) : NULL;
	e->object_id = object_id;
	e->org_id = org_id;
	e->before = dump(before);
	e->after = dump(after);
	e->detail = dump(detail);
	if (e->actor == NULL || e->addr == NULL || e->action == NULL ||
	    (object_type && e->object_type == NULL) ||
	    (before && e->before == NULL) || (after && e->after == NULL) ||
	    (detail && e->detail == NULL))
		rc = -CB_ENOMEM;
	json_decref(before);
	json_decref(after);
	json_decref(detail);
	if (rc != 0)
		audit_entry_release(e);
	return rc;
}

int
svc_audit(struct svc *s, const char *action, const char *object_type,
    int64_t object_id, int64_t org_id, json_t *before, json_t *after,
    json_t *detail, struct cb_error *err)
{
	return svc_audit_as(s, s->actor, s->who->user_id, action, object_type,
	    object_id, org_id, before, after, detail, err);
}

int
svc_audit_as(struct svc *s, const char *actor, int64_t user_id,
    const char *action, const char *object_type, int64_t object_id,
    int64_t org_id, json_t *before, json_t *after, json_t *detail,
    struct cb_error *err)
{
	struct audit_entry e;
	int rc;

	if (entry_make(s, &e, actor, user_id, action, object_type, object_id,
	        org_id, before, after, detail) != 0)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	rc = store_audit_append(s->st, &e, err);
	audit_entry_release(&e);
	return rc;
}

int
svc_audit_view(struct svc *s, const struct member *m, struct cb_error *err)
{
	struct audit_view *v;
	int rc;

	if ((v = malloc(sizeof(*v))) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if (entry_make(s, &v->e, s->actor, s->who->user_id, "member.view",
	        "member", m->id, m->org_id, NULL, NULL, NULL) != 0) {
		free(v);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	snprintf(v->session, sizeof(v->session), "%s",
	    s->session ? s->session : "");
	if (s->view_sink != NULL) {
		/* The sink owns it now; it is written with the next commit,
		 * unless it repeats a view of the same session.  No room:
		 * the dossier is refused rather than shown unrecorded. */
		if (s->view_sink(s->view_arg, v) != 0)
			return cb_error_set(err, CB_ESTORE,
			    "audit_unavailable", NULL);
		return 0;
	}
	/* Without a sink (the command line) there is no session: every
	 * view is recorded, at once. */
	if ((rc = store_begin(s->st, err)) != 0)
		goto out;
	if ((rc = store_audit_append(s->st, &v->e, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		store_rollback(s->st);
out:
	audit_entry_release(&v->e);
	free(v);
	return rc;
}

int
svc_audit_secret_view(struct svc *s, const char *action,
    const char *object_type, int64_t object_id, int64_t org_id,
    struct cb_error *err)
{
	struct audit_view *v;
	int rc;

	if ((v = malloc(sizeof(*v))) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if (entry_make(s, &v->e, s->actor, s->who->user_id, action,
	        object_type, object_id, org_id, NULL, NULL, NULL) != 0) {
		free(v);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	/* No session: the window folds nothing (views.c, store). */
	v->session[0] = '\0';
	if (s->view_sink != NULL) {
		if (s->view_sink(s->view_arg, v) != 0)
			return cb_error_set(err, CB_ESTORE,
			    "audit_unavailable", NULL);
		return 0;
	}
	if ((rc = store_begin(s->st, err)) != 0)
		goto out;
	if ((rc = store_audit_append(s->st, &v->e, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		store_rollback(s->st);
out:
	audit_entry_release(&v->e);
	free(v);
	return rc;
}

int
svc_audit_flush(struct svc *s, struct audit_view *views, size_t n,
    int64_t window_s, size_t *ret_recorded, struct cb_error *err)
{
	int rc;

	*ret_recorded = 0;
	if (n == 0)
		return 0;
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	rc = store_audit_append_views(s->st, views, n, window_s, ret_recorded,
	    err);
	if (rc == 0 && (rc = store_commit(s->st, err)) == 0)
		return 0;
	*ret_recorded = 0;
	store_rollback(s->st);
	return rc;
}

int
svc_audit_views_prune(struct svc *s, int64_t keep_s, struct cb_error *err)
{
	int rc;

	if (!s->who->system)
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_audit_views_prune(s->st, keep_s, err)) == 0 &&
	    (rc = store_commit(s->st, err)) == 0)
		return 0;
	store_rollback(s->st);
	return rc;
}

/*
 * The labels of the actions: action -> message code (src/util/msg.c,
 * both languages).  tests/unit/test_messages.py fails when an action the
 * sources record has no row here, or a row's code no message.
 */
static const struct {
	const char *action;
	const char *code;
} labels[] = {
	{ "member.view", "audit_member_view" },
	{ "member.create", "audit_member_create" },
	{ "member.update", "audit_member_update" },
	{ "member.move", "audit_member_move" },
	{ "member.event", "audit_member_event" },
	{ "member.delete", "audit_member_delete" },
	{ "member.export", "audit_member_export" },
	{ "member.import", "audit_member_import" },
	{ "org.create", "audit_org_create" },
	{ "org.update", "audit_org_update" },
	{ "org.merge", "audit_org_merge" },
	{ "org.split", "audit_org_split" },
	{ "org.officer_add", "audit_org_officer_add" },
	{ "meeting.create", "audit_meeting_create" },
	{ "meeting.attendance", "audit_meeting_attendance" },
	{ "meeting.roll_add", "audit_meeting_roll_add" },
	{ "meeting.update", "audit_meeting_update" },
	{ "meeting.cancel", "audit_meeting_cancel" },
	{ "meeting.material_add", "audit_meeting_material_add" },
	{ "meeting.material_delete", "audit_meeting_material_delete" },
	{ "meeting.checkin", "audit_meeting_checkin" },
	{ "meeting.attendance_import", "audit_meeting_attendance_import" },
	{ "meeting.resolution", "audit_meeting_resolution" },
	{ "meeting.resolution_approve", "audit_meeting_resolution_approve" },
	{ "meeting.task", "audit_meeting_task" },
	{ "meeting.score", "audit_meeting_score" },
	{ "meeting.vote", "audit_meeting_vote" },
	{ "meeting.minutes", "audit_meeting_minutes" },
	{ "meeting.minutes_approve", "audit_meeting_minutes_approve" },
	{ "meeting.minutes_lock", "audit_meeting_minutes_lock" },
	{ "meeting.minutes_correction", "audit_meeting_minutes_correction" },
	{ "discipline.view", "audit_discipline_view" },
	{ "discipline.create", "audit_discipline_create" },
	{ "discipline.update", "audit_discipline_update" },
	{ "discipline.complaint", "audit_discipline_complaint" },
	{ "discipline.delete", "audit_discipline_delete" },
	{ "discipline.notice", "audit_discipline_notice" },
	{ "evaluation_period.create", "audit_evaluation_period_create" },
	{ "evaluation_period.update", "audit_evaluation_period_update" },
	{ "evaluation_period.lock", "audit_evaluation_period_lock" },
	{ "evaluation.create", "audit_evaluation_create" },
	{ "evaluation.update", "audit_evaluation_update" },
	{ "evaluation.propose", "audit_evaluation_propose" },
	{ "evaluation.decide", "audit_evaluation_decide" },
	{ "evaluation.comment", "audit_evaluation_comment" },
	{ "evaluation.delete", "audit_evaluation_delete" },
	{ "inspection.create", "audit_inspection_create" },
	{ "inspection.update", "audit_inspection_update" },
	{ "inspection.delete", "audit_inspection_delete" },
	{ "inspection.recommendation", "audit_inspection_recommendation" },
	{ "inspection.recommendation_update",
	    "audit_inspection_recommendation_update" },
	{ "inspection.attachment_add", "audit_inspection_attachment_add" },
	{ "term.create", "audit_term_create" },
	{ "term.update", "audit_term_update" },
	{ "term.delete", "audit_term_delete" },
	{ "programme.create", "audit_programme_create" },
	{ "programme.update", "audit_programme_update" },
	{ "programme.delete", "audit_programme_delete" },
	{ "programme.item_add", "audit_programme_item_add" },
	{ "programme.item_update", "audit_programme_item_update" },
	{ "programme.item_delete", "audit_programme_item_delete" },
	{ "rules.override", "audit_rules_override" },
	{ "session.create", "audit_session_create" },
	{ "session.denied", "audit_session_denied" },
	{ "session.delete", "audit_session_delete" },
	{ "user.create", "audit_user_create" },
	{ "user.disable", "audit_user_disable" },
	{ "user.enable", "audit_user_enable" },
	{ "user.password", "audit_user_password" },
	{ "user.grant", "audit_user_grant" },
	{ "user.revoke", "audit_user_revoke" },
	{ "token.create", "audit_token_create" },
	{ "token.revoke", "audit_token_revoke" },
	{ "demo.load", "audit_demo_load" },
};

const char *
svc_audit_label_code(const char *action)
{
	size_t i;

	for (i = 0; action != NULL && i < sizeof(labels) / sizeof(labels[0]);
	     i++)
		if (strcmp(labels[i].action, action) == 0)
			return labels[i].code;
	return NULL;
}

const char *
svc_audit_action_at(size_t i)
{
	return i < sizeof(labels) / sizeof(labels[0]) ?
	    labels[i].action :
	    NULL;
}

/* An import's label from its detail: "Nhập tệp F, N dòng" (the file
 * name and the rows), "Nhập tệp F", or without a file name "Nhập danh
 * sách đảng viên".  NULL when out of memory. */
static char *
import_label(const struct audit_entry *e, enum lang lang)
{
	json_t *d =
	    e->detail ? json_loads(e->detail, JSON_DECODE_ANY, NULL) : NULL;
	json_t *f = json_is_object(d) ? json_object_get(d, "file_name") : NULL;
	json_t *n = json_is_object(d) ? json_object_get(d, "rows") : NULL;
	char rows[24], *out;

	if (!json_is_string(f) || json_string_length(f) == 0)
		out = msg_render("audit_member_import_list", NULL, lang);
	else if (json_is_integer(n)) {
		snprintf(rows, sizeof(rows), "%lld",
		    (long long)json_integer_value(n));
		out = msg_render_given("audit_member_import",
		    json_string_value(f), rows, lang);
	} else
		out = msg_render("audit_member_import", json_string_value(f),
		    lang);
	json_decref(d);
	return out;
}

char *
svc_audit_label(const struct audit_entry *e, enum lang lang)
{
	const char *code = svc_audit_label_code(e->action);

	if (code == NULL)
		return msg_render("audit_other", e->action ? e->action : "",
		    lang);
	if (strcmp(code, "audit_member_import") == 0)
		return import_label(e, lang);
	return msg_render(code, NULL, lang);
}

int
svc_audit_list(struct svc *s, const struct audit_query *q,
    struct audit_list *ret, struct cb_error *err)
{
	if (!principal_can(s->who, ACT_AUDIT_READ))
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	return store_audit_list(s->st, q, ret, err);
}

/* The start of day iso in Asia/Ho_Chi_Minh (UTC+7, no DST), plus days,
 * as a UTC timestamp; "" when iso is not a date. */
static void
day_start(const char *iso, int64_t days, char out[TIMESTAMP_LEN])
{
	struct date d;

	out[0] = '\0';
	if (iso == NULL || iso[0] == '\0' || date_parse_iso(iso, &d) != 0)
		return;
	timestamp_utc((time_t)((date_to_days(&d) + days) * 86400 - 7 * 3600),
	    out);
}

void
svc_audit_days(struct audit_query *q, const char *from, const char *to)
{
	day_start(from, 0, q->from);
	day_start(to, 1, q->to);
}

int
svc_audit_verify(struct svc *s, int64_t want_id, const char *want_hash,
    struct audit_report *ret, struct cb_error *err)
{
	struct audit_verify v;
	int rc;

	if (!s->who->system)
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	memset(ret, 0, sizeof(*ret));
	audit_verify_init(&v);
	if (want_hash != NULL)
		audit_verify_expect(&v, want_id, want_hash);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	/* One snapshot: the head and the entries read together. */
	rc = store_audit_verify(s->st, &v, &ret->head_id, ret->head_hash, err);
	store_rollback(s->st);
	if (rc != 0)
		return rc;
	ret->ok = v.bad_code == NULL;
	ret->count = v.count;
	ret->bad_id = v.bad_id;
	ret->bad_code = v.bad_code;
	return 0;
}

int
svc_audit_head(struct svc *s, char out[AUDIT_HEAD_LINE_MAX],
    struct cb_error *err)
{
	struct audit_query q = { .limit = 1 };
	struct audit_list l = { 0 };
	char hash[AUDIT_HASH_LEN];
	int64_t id;
	int rc;

	if (!s->who->system)
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_audit_head(s->st, &id, hash, err)) == 0 && id > 0) {
		q.before_id = id + 1;
		rc = store_audit_list(s->st, &q, &l, err);
	}
	store_rollback(s->st);
	if (rc == 0)
		audit_head_line(id, hash,
		    l.n == 1 && l.items[0].id == id ? l.items[0].at : "", out);
	audit_list_release(&l);
	return rc;
}
