/*
 * resolution.c - a meeting's resolution (nghị quyết), the tasks it gives
 * and the meeting's self-score (svc.h; issue 13).  Input JSON is read
 * here (unknown keys and wrong types are field errors, every problem at
 * once), judged by core (core/resolution.h, meeting_quality_judge), written
 * by store/store-resolution.c (which checks the scope), every write
 * audited; the answers are rendered here for both edges.
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/field.h"
#include "core/meeting-rules.h"
#include "core/resolution.h"
#include "util/msg.h"

#include "util/banned.h"

/* ------------------------------------------------------------ reading */

/* Keys of in not in allowed[]: unknown_field each.  0 or -CB_EINVAL. */
static int
keys_known(const json_t *in, const char *const *allowed, struct cb_error *err)
{
	const char *key;
	json_t *v;
	int rc = 0;

	json_object_foreach((json_t *)in, key, v)
	{
		size_t i;
		bool ok = false;

		(void)v;
		for (i = 0; allowed[i] != NULL && !ok; i++)
			ok = strcmp(key, allowed[i]) == 0;
		if (!ok)
			rc = cb_error_field(err, 0, key, "unknown_field",
			    NULL);
	}
	return rc;
}

/* An optional text key: absent/null leaves *ret NULL; else cleaned. */
static int
opt_text(const json_t *in, const char *key, size_t max, char **ret,
    struct cb_error *err)
{
	const json_t *v = json_object_get(in, key);

	*ret = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return cb_error_field(err, 0, key, "wrong_type", "string");
	return field_clean_text(key, json_string_value(v), max, 0, ret, err);
}

/* An optional count: absent/null is -1. */
static int
opt_count(const json_t *in, const char *key, int64_t *ret,
    struct cb_error *err)
{
	const json_t *v = json_object_get(in, key);

	*ret = -1;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v))
		return cb_error_field(err, 0, key, "wrong_type", "integer");
	if (json_integer_value(v) < 0 || json_integer_value(v) > 100000000)
		return cb_error_field(err, 0, key, "invalid_value", NULL);
	*ret = json_integer_value(v);
	return 0;
}

static int
need_object(const json_t *in, struct cb_error *err)
{
	if (in == NULL || !json_is_object(in))
		return cb_error_field(err, 0, "body", "expected_object", NULL);
	return 0;
}

/* The meeting's local year (Asia/Ho_Chi_Minh) and date. */
static int
meeting_local(const struct meeting *m, int *ret_year, char on[DATE_LEN])
{
	int64_t minutes;

	if (m->starts_at == NULL || mr_time_parse(m->starts_at, &minutes) != 0)
		return -CB_EINVAL;
	mr_local_date(minutes, on);
	*ret_year = (on[0] - '0') * 1000 + (on[1] - '0') * 100 +
	    (on[2] - '0') * 10 + (on[3] - '0');
	return 0;
}

/* ------------------------------------------------------------- render */

json_t *
svc_task_to_json(const struct meeting_task *t)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "org_id", json_integer(t->org_id));
	json_object_set_new(o, "meeting_id", json_integer(t->meeting_id));
	json_object_set_new(o, "assignee_id",
	    t->assignee_id > 0 ? json_integer(t->assignee_id) : json_null());
	json_object_set_new(o, "assignee_text",
	    t->assignee_text ? json_string(t->assignee_text) : json_null());
	json_object_set_new(o, "assignee_name",
	    t->assignee_name ? json_string(t->assignee_name) : json_null());
	json_object_set_new(o, "what", json_string(t->what ? t->what : ""));
	json_object_set_new(o, "due_on",
	    t->due_on[0] ? json_string(t->due_on) : json_null());
	json_object_set_new(o, "status",
	    json_string(task_status_names[t->status]));
	json_object_set_new(o, "result",
	    t->result ? json_string(t->result) : json_null());
	json_object_set_new(o, "done_at",
	    t->done_at ? json_string(t->done_at) : json_null());
	json_object_set_new(o, "version", json_integer(t->version));
	return o;
}

json_t *
svc_task_list_to_json(const struct meeting_task_list *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < l->n; i++)
		json_array_append_new(a, svc_task_to_json(&l->items[i]));
	return a;
}

json_t *
svc_score_to_json(const struct meeting_score *sc)
{
	json_t *o = json_object(), *scores, *rule;

	if (o == NULL)
		return NULL;
	scores = sc->scores ? json_loads(sc->scores, 0, NULL) : NULL;
	json_object_set_new(o, "meeting_id", json_integer(sc->meeting_id));
	json_object_set_new(o, "scores", scores ? scores : json_object());
	json_object_set_new(o, "total", json_integer(sc->total));
	json_object_set_new(o, "max_total", json_integer(sc->max_total));
	json_object_set_new(o, "band", json_string(sc->band));
	json_object_set_new(o, "band_label",
	    json_string(msg_value_label("band", sc->band, LANG_VI)));
	rule = json_object();
	json_object_set_new(rule, "id",
	    json_string(sc->rule_id ? sc->rule_id : ""));
	json_object_set_new(rule, "citation",
	    sc->citation ? json_string(sc->citation) : json_null());
	json_object_set_new(o, "rule", rule);
	json_object_set_new(o, "version", json_integer(sc->version));
	return o;
}

json_t *
svc_resolution_to_json(const struct meeting_resolution *r)
{
	json_t *o = json_object(), *vote;
	char num[32];
	int64_t pct;

	if (o == NULL)
		return NULL;
	json_object_set_new(o, "meeting_id", json_integer(r->meeting_id));
	json_object_set_new(o, "org_id", json_integer(r->org_id));
	json_object_set_new(o, "year", json_integer(r->year));
	json_object_set_new(o, "status",
	    json_string(resolution_status_names[r->status]));
	if (r->number > 0) {
		resolution_number_text(r->number, num, sizeof(num));
		json_object_set_new(o, "number", json_integer(r->number));
		json_object_set_new(o, "number_text", json_string(num));
	} else {
		json_object_set_new(o, "number", json_null());
		json_object_set_new(o, "number_text", json_null());
	}
	json_object_set_new(o, "results",
	    r->results ? json_string(r->results) : json_null());
	json_object_set_new(o, "previous_tasks",
	    svc_task_list_to_json(&r->previous));
	json_object_set_new(o, "directions",
	    r->directions ? json_string(r->directions) : json_null());
	json_object_set_new(o, "tasks", svc_task_list_to_json(&r->tasks));
	json_object_set_new(o, "score",
	    r->has_score ? svc_score_to_json(&r->score) : json_null());
	pct = resolution_vote_percent(r->vote_for, r->vote_total);
	if (pct >= 0) {
		char line[96];

		snprintf(line, sizeof(line),
		    "%lld/%lld đồng chí tán thành (%lld %%)",
		    (long long)r->vote_for, (long long)r->vote_total,
		    (long long)pct);
		vote = json_object();
		json_object_set_new(vote, "for", json_integer(r->vote_for));
		json_object_set_new(vote, "total",
		    json_integer(r->vote_total));
		json_object_set_new(vote, "percent", json_integer(pct));
		json_object_set_new(vote, "line", json_string(line));
	} else
		vote = json_null();
	json_object_set_new(o, "vote", vote);
	json_object_set_new(o, "approved_at",
	    r->approved_at ? json_string(r->approved_at) : json_null());
	json_object_set_new(o, "approved_by",
	    r->approved_by ? json_string(r->approved_by) : json_null());
	json_object_set_new(o, "version", json_integer(r->version));
	return o;
}

/* ---------------------------------------------------------- resolution */

int
svc_resolution_get(struct svc *s, int64_t meeting_id,
    struct meeting_resolution *ret, struct cb_error *err)
{
	return store_resolution_get(s->st, meeting_id, ret, err);
}

/* The vote line not given: the meeting's latest vote of kind resolution
 * (for: its for, total: its base, the official members on the roll);
 * none, or one that makes no line, leaves it blank. */
static int
vote_from_votes(struct svc *s, int64_t meeting_id,
    struct meeting_resolution *r, struct cb_error *err)
{
	struct meeting_vote_list l = { 0 };
	size_t i;
	int rc;

	if ((rc = store_meeting_votes(s->st, meeting_id, &l, err)) != 0)
		return rc;
	for (i = l.n; i-- > 0;) {
		const struct meeting_vote *v = &l.items[i];

		if (v->kind != VOTE_RESOLUTION)
			continue;
		if (v->base > 0 && v->n_for >= 0 && v->n_for <= v->base) {
			r->vote_for = v->n_for;
			r->vote_total = v->base;
		}
		break;
	}
	meeting_vote_list_release(&l);
	return 0;
}

int
svc_resolution_put(struct svc *s, int64_t meeting_id, const json_t *in,
    int64_t if_match, struct meeting_resolution *ret, bool *ret_created,
    struct cb_error *err)
{
	static const char *const keys[] = { "results", "directions",
		"vote_for", "vote_total", NULL };
	struct meeting_resolution r;
	struct meeting m;
	char on[DATE_LEN];
	int rc;

	*ret_created = false;
	meeting_resolution_init(&r);
	memset(&m, 0, sizeof(m));
	if ((rc = need_object(in, err)) != 0)
		return rc;
	rc = keys_known(in, keys, err);
	rc |= opt_text(in, "results", RESOLUTION_TEXT_MAX, &r.results, err);
	rc |= opt_text(in, "directions", RESOLUTION_TEXT_MAX, &r.directions,
	    err);
	rc |= opt_count(in, "vote_for", &r.vote_for, err);
	rc |= opt_count(in, "vote_total", &r.vote_total, err);
	if (rc == 0)
		rc = meeting_resolution_validate(&r, err);
	if (rc != 0) {
		meeting_resolution_release(&r);
		return -CB_EINVAL;
	}
	r.meeting_id = meeting_id;
	if ((rc = store_begin(s->st, err)) != 0)
		goto out;
	if ((rc = store_meeting_get(s->st, meeting_id, &m, NULL, err)) != 0)
		goto fail;
	if (meeting_local(&m, &r.year, on) != 0) {
		rc = cb_error_set(err, CB_EIO, "storage_error", NULL);
		goto fail;
	}
	if ((r.recorded_by = strdup(s->actor)) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if (r.vote_for < 0 && r.vote_total < 0 &&
	    (rc = vote_from_votes(s, meeting_id, &r, err)) != 0)
		goto fail;
	if ((rc = store_resolution_put(s->st, &r, if_match, ret_created,
	         err)) != 0 ||
	    (rc = svc_audit(s, "meeting.resolution", "meeting", meeting_id,
	         m.org_id, NULL, svc_resolution_to_json(&r), NULL, err)) !=
	        0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	rc = store_resolution_get(s->st, meeting_id, ret, err);
	goto out;
fail:
	rc = svc_fail(s, rc);
out:
	meeting_release(&m);
	meeting_resolution_release(&r);
	return rc;
}

int
svc_resolution_approve(struct svc *s, int64_t meeting_id, int64_t if_match,
    struct meeting_resolution *ret, struct cb_error *err)
{
	int rc;

	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_resolution_approve(s->st, meeting_id, if_match,
	         s->actor, err)) != 0 ||
	    (rc = store_resolution_get(s->st, meeting_id, ret, err)) != 0 ||
	    (rc = svc_audit(s, "meeting.resolution_approve", "meeting",
	         meeting_id, ret->org_id, NULL, svc_resolution_to_json(ret),
	         NULL, err)) != 0 ||
	    (rc = svc_meeting_check_keep_id(s, meeting_id, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0) {
		meeting_resolution_release(ret);
		return svc_fail(s, rc);
	}
	return 0;
}

int
svc_resolution_version(struct svc *s, int64_t meeting_id, int64_t *ret,
    struct cb_error *err)
{
	struct meeting_resolution r;
	int rc;

	meeting_resolution_init(&r);
	*ret = 0;
	if ((rc = store_resolution_get(s->st, meeting_id, &r, err)) == 0)
		*ret = r.version;
	meeting_resolution_release(&r);
	return rc;
}

/* --------------------------------------------------------------- tasks */

int
svc_task_create(struct svc *s, int64_t meeting_id, const json_t *in,
    struct meeting_task *t, struct cb_error *err)
{
	static const char *const keys[] = { "assignee_id", "assignee_text",
		"what", "due_on", NULL };
	const json_t *v;
	struct date d;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = need_object(in, err)) != 0)
		return rc;
	rc = keys_known(in, keys, err);
	rc |= opt_text(in, "what", TASK_WHAT_MAX, &t->what, err);
	rc |= opt_text(in, "assignee_text", TASK_ASSIGNEE_MAX,
	    &t->assignee_text, err);
	v = json_object_get(in, "assignee_id");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_integer(v))
			rc |= cb_error_field(err, 0, "assignee_id",
			    "wrong_type", "integer");
		else if (json_integer_value(v) <= 0)
			rc |= cb_error_field(err, 0, "assignee_id",
			    "invalid_value", NULL);
		else
			t->assignee_id = json_integer_value(v);
	}
	v = json_object_get(in, "due_on");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_string(v))
			rc |= cb_error_field(err, 0, "due_on", "wrong_type",
			    "string");
		else if (date_parse_iso(json_string_value(v), &d) != 0)
			rc |= cb_error_field(err, 0, "due_on", "invalid_date",
			    NULL);
		else
			date_format_iso(&d, t->due_on);
	}
	if (rc == 0)
		rc = meeting_task_validate(t, err);
	else
		(void)meeting_task_validate(t, err);
	if (rc != 0) {
		meeting_task_release(t);
		return -CB_EINVAL;
	}
	t->meeting_id = meeting_id;
	if ((t->recorded_by = strdup(s->actor)) == NULL) {
		meeting_task_release(t);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	if ((rc = store_begin(s->st, err)) != 0) {
		meeting_task_release(t);
		return rc;
	}
	if ((rc = store_task_insert(s->st, t, err)) != 0 ||
	    (rc = store_task_get(s->st, t->id, t, NULL, err)) != 0 ||
	    (rc = svc_audit(s, "meeting.task", "meeting_task", t->id,
	         t->org_id, NULL, svc_task_to_json(t), NULL, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0) {
		meeting_task_release(t);
		return svc_fail(s, rc);
	}
	return 0;
}

int
svc_task_patch(struct svc *s, int64_t id, const json_t *in, int64_t if_match,
    struct meeting_task *t, struct cb_error *err)
{
	static const char *const keys[] = { "status", "result", NULL };
	struct meeting_task cur;
	const json_t *v;
	char *result = NULL;
	int rc, status = -1;

	memset(&cur, 0, sizeof(cur));
	memset(t, 0, sizeof(*t));
	if ((rc = need_object(in, err)) != 0)
		return rc;
	rc = keys_known(in, keys, err);
	v = json_object_get(in, "status");
	if (v != NULL) {
		if (!json_is_string(v) ||
		    (status = task_status_parse(json_string_value(v))) < 0)
			rc |= cb_error_field(err, 0, "status", "invalid_value",
			    "open, done, dropped");
	}
	rc |= opt_text(in, "result", TASK_RESULT_MAX, &result, err);
	if (rc != 0) {
		free(result);
		return -CB_EINVAL;
	}
	if ((rc = store_begin(s->st, err)) != 0) {
		free(result);
		return rc;
	}
	if ((rc = store_task_get(s->st, id, &cur, NULL, err)) != 0)
		goto fail;
	*t = cur;
	memset(&cur, 0, sizeof(cur));
	if (status >= 0)
		t->status = (enum task_status)status;
	if (json_object_get(in, "result") != NULL) {
		free(t->result);
		t->result = result;
		result = NULL;
	}
	free(t->recorded_by);
	if ((t->recorded_by = strdup(s->actor)) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if ((rc = store_task_update(s->st, t, if_match, err)) != 0 ||
	    (rc = svc_audit(s, "meeting.task", "meeting_task", t->id,
	         t->org_id, NULL, svc_task_to_json(t), NULL, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	free(result);
	return 0;
fail:
	free(result);
	meeting_task_release(t);
	return svc_fail(s, rc);
}

int
svc_task_version(struct svc *s, int64_t id, int64_t *ret, struct cb_error *err)
{
	struct meeting_task t;
	int rc;

	memset(&t, 0, sizeof(t));
	*ret = 0;
	if ((rc = store_task_get(s->st, id, &t, NULL, err)) == 0)
		*ret = t.version;
	meeting_task_release(&t);
	return rc;
}

int
svc_task_list_meeting(struct svc *s, int64_t meeting_id,
    struct meeting_task_list *ret, struct cb_error *err)
{
	return store_task_list_meeting(s->st, meeting_id, ret, err);
}

int
svc_task_list_org(struct svc *s, int64_t org_id, int status, size_t limit,
    struct meeting_task_list *ret, struct cb_error *err)
{
	return store_task_list_org(s->st, org_id, status, limit, ret, err);
}

int
svc_task_list_member(struct svc *s, int64_t member_id, int status,
    size_t limit, struct meeting_task_list *ret, struct cb_error *err)
{
	return store_task_list_member(s->st, member_id, status, limit, ret,
	    err);
}

/* --------------------------------------------------------------- score */

int
svc_meeting_score_set(struct svc *s, int64_t meeting_id, const json_t *in,
    struct meeting_score *ret, struct cb_error *err)
{
	static const char *const keys[] = { "scores", NULL };
	struct quality_score *qs = NULL;
	struct quality_verdict qv;
	const struct rulebook *rb;
	const json_t *scores, *v;
	char on[DATE_LEN], *path = NULL;
	struct meeting m;
	const char *key;
	size_t n = 0;
	int rc, year;

	memset(ret, 0, sizeof(*ret));
	memset(&m, 0, sizeof(m));
	if ((rc = need_object(in, err)) != 0)
		return rc;
	rc = keys_known(in, keys, err);
	scores = json_object_get(in, "scores");
	if (scores == NULL)
		rc = cb_error_field(err, 0, "scores", "required", NULL);
	else if (!json_is_object(scores))
		rc = cb_error_field(err, 0, "scores", "wrong_type", "object");
	else {
		if ((qs = calloc(json_object_size(scores) + 1, sizeof(*qs))) ==
		    NULL)
			return cb_error_set(err, CB_ENOMEM, NULL, NULL);
		json_object_foreach((json_t *)scores, key, v)
		{
			if (!json_is_integer(v)) {
				rc = cb_error_field(err, 0, key, "wrong_type",
				    "integer");
				continue;
			}
			qs[n].criterion = key;
			qs[n].points = json_integer_value(v);
			n++;
		}
	}
	if (rc != 0) {
		free(qs);
		return -CB_EINVAL;
	}
	if ((rb = svc_rules(s, err)) == NULL) {
		free(qs);
		return -CB_ENOMEM;
	}
	if ((rc = store_begin(s->st, err)) != 0) {
		free(qs);
		return rc;
	}
	if ((rc = store_meeting_get(s->st, meeting_id, &m, &path, err)) != 0)
		goto fail;
	if (meeting_local(&m, &year, on) != 0) {
		rc = cb_error_set(err, CB_EIO, "storage_error", NULL);
		goto fail;
	}
	if ((rc = meeting_quality_judge(rb, on, path, qs, n, &qv, err)) != 0)
		goto fail;
	ret->meeting_id = meeting_id;
	ret->total = qv.total;
	ret->max_total = qv.max_total;
	snprintf(ret->band, sizeof(ret->band), "%s",
	    quality_band_names[qv.band]);
	ret->scores = json_dumps(scores, JSON_COMPACT | JSON_PRESERVE_ORDER);
	ret->rule_id = strdup(qv.rule_id);
	ret->citation = qv.citation ? strdup(qv.citation) : NULL;
	ret->recorded_by = strdup(s->actor);
	if (ret->scores == NULL || ret->rule_id == NULL ||
	    (qv.citation && ret->citation == NULL) ||
	    ret->recorded_by == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if ((rc = store_score_set(s->st, ret, err)) != 0 ||
	    (rc = svc_audit(s, "meeting.score", "meeting", meeting_id,
	         m.org_id, NULL, svc_score_to_json(ret), NULL, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	free(qs);
	free(path);
	meeting_release(&m);
	return 0;
fail:
	free(qs);
	free(path);
	meeting_release(&m);
	meeting_score_release(ret);
	return svc_fail(s, rc);
}

int
svc_meeting_score_get(struct svc *s, int64_t meeting_id,
    struct meeting_score *ret, struct cb_error *err)
{
	return store_score_get(s->st, meeting_id, ret, err);
}
