/*
 * discipline.c - discipline cases and state bodies' notices (svc.h,
 * issue 14): a case read from JSON through the field table (its "vote"
 * object folded into vote_for, vote_against, vote_abstain), judged by
 * core/discipline.h with the facts read here (the member's status,
 * whether it holds a post, the deciding organisation's kind), written by
 * store/store-discipline.c (which checks the scope: cases are secret),
 * every write audited and every read of one case audited as a view
 * before it is answered.
 */
#include "svc/svc-int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/discipline.h"
#include "core/entity.h"
#include "store/cursor.h"
#include "util/date.h"

#include "util/banned.h"

#define OFFICER_EVENT "officer_appointed"
#define LATER_MAX 64 /* later violations of a subject read for a case */

static const char *
on_or_today(const struct svc *s, const char *on)
{
	return on != NULL && on[0] != '\0' ? on : s->today;
}

/* The last organisation id of a materialised path ("/1/5/" -> 5). */
static int64_t
path_last_id(const char *path)
{
	const char *p, *q;

	if (path == NULL || (p = strrchr(path, '/')) == NULL || p == path)
		return 0;
	for (q = p - 1; q > path && *q != '/'; q--)
		;
	return strtoll(q + 1, NULL, 10);
}

/* Computes c's status and lapse date as of on. */
static void
dcase_compute(const struct rulebook *rb, struct discipline_case *c,
    const char *on)
{
	struct cb_error e = CB_ERROR_INIT;
	struct discipline_state_fact f;
	enum discipline_status st = DSTATUS_IN_FORCE;

	memset(&f, 0, sizeof(f));
	c->status = -1;
	c->lapses_on[0] = '\0';
	if (c->form <= DCASE_FORM_NONE || rb == NULL)
		return;
	f.form = (enum discipline_form)(c->form - 1);
	snprintf(f.decided_on, sizeof(f.decided_on), "%s", c->decided_on);
	snprintf(f.effective_on, sizeof(f.effective_on), "%s",
	    c->effective_on);
	if (c->complaint_outcome != DCASE_OUTCOME_NONE)
		snprintf(f.complaint_decided_on,
		    sizeof(f.complaint_decided_on), "%s",
		    c->complaint_decided_on);
	f.annulled = c->complaint_outcome == DCASE_ANNULLED;
	snprintf(f.complained_on, sizeof(f.complained_on), "%s",
	    c->complained_on);
	snprintf(f.next_violation_on, sizeof(f.next_violation_on), "%s",
	    c->next_violation_on);
	f.org_path = c->scope_path;
	if (discipline_status_on(rb, &f, on, &st, c->lapses_on, &e) == 0)
		c->status = (int)st;
	else
		c->lapses_on[0] = '\0';
	cb_error_release(&e);
}

json_t *
dcase_to_json(const struct discipline_case *c)
{
	json_t *j = entity_to_json(&discipline_case_entity, c);

	if (j == NULL)
		return NULL;
	json_object_del(j, "vote_for");
	json_object_del(j, "vote_against");
	json_object_del(j, "vote_abstain");
	json_object_set_new(j, "vote",
	    json_pack("{s:I, s:I, s:I}", "for", (json_int_t)c->vote_for,
	        "against", (json_int_t)c->vote_against, "abstain",
	        (json_int_t)c->vote_abstain));
	json_object_set_new(j, "status",
	    c->status >= 0 && c->status < DSTATUS__MAX ?
	        json_string(discipline_status_names[c->status]) :
	        json_null());
	json_object_set_new(j, "lapses_on",
	    c->lapses_on[0] ? json_string(c->lapses_on) : json_null());
	json_object_set_new(j, "subject_name",
	    c->subject_name ? json_string(c->subject_name) : json_null());
	json_object_set_new(j, "deciding_org_name",
	    c->deciding_org_name ?
	        json_string(c->deciding_org_name) :
	        json_null());
	return j;
}

/*
 * A copy of the input with its "vote" object folded into the fields
 * vote_for, vote_against, vote_abstain (the generic mapper then checks
 * their types).  Keys of "vote" other than for, against, abstain are
 * field errors ("vote.x").
 */
static int
vote_fold(const json_t *in, json_t **ret, struct cb_error *err)
{
	static const char *const keys[][2] = { { "for", "vote_for" },
		{ "against", "vote_against" }, { "abstain", "vote_abstain" } };
	json_t *c, *v, *x;
	const char *k;
	char name[64];
	size_t i;
	int rc = 0;

	*ret = NULL;
	if (!json_is_object(in))
		return cb_error_set(err, CB_EINVAL, "invalid_json", NULL);
	if ((c = json_deep_copy(in)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	/* Input-only names of the counts are not taken: "vote" is. */
	for (i = 0; i < 3; i++)
		if (json_object_get(c, keys[i][1]) != NULL)
			rc = cb_error_field(err, 0, keys[i][1],
			    "unknown_field", NULL);
	v = json_object_get(c, "vote");
	if (v != NULL && !json_is_null(v) && !json_is_object(v))
		rc = cb_error_field(err, 0, "vote", "wrong_type", "object");
	else if (v != NULL && json_is_object(v)) {
		json_object_foreach(v, k, x)
		{
			for (i = 0; i < 3 && strcmp(k, keys[i][0]) != 0; i++)
				;
			if (i == 3) {
				snprintf(name, sizeof(name), "vote.%.40s", k);
				rc = cb_error_field(err, 0, name,
				    "unknown_field", NULL);
				continue;
			}
			json_object_set(c, keys[i][1], x);
		}
	}
	json_object_del(c, "vote");
	if (rc != 0) {
		json_decref(c);
		return rc;
	}
	*ret = c;
	return 0;
}

/* Runs f as the system (facts the rules need, whatever the principal
 * may read: the store checks the principal's scope on the write). */
static int
member_as_system(struct svc *s, int64_t id, struct member *m, char **path,
    struct cb_error *err)
{
	const struct principal *who = store_principal(s->st);
	int rc;

	store_set_principal(s->st, NULL);
	rc = store_member_get_path(s->st, id, m, path, err);
	store_set_principal(s->st, who);
	return rc;
}

static int
org_as_system(struct svc *s, int64_t id, struct org *o, struct cb_error *err)
{
	const struct principal *who = store_principal(s->st);
	int rc;

	store_set_principal(s->st, NULL);
	rc = store_org_get(s->st, id, o, err);
	store_set_principal(s->st, who);
	return rc;
}

/* Whether an "officer_appointed" event of organisation org_id names
 * member_id in a term in force on on. */
static bool
officer_of(struct svc *s, int64_t org_id, int64_t member_id, const char *on)
{
	struct cb_error e = CB_ERROR_INIT;
	struct org_event_list ev = { 0 };
	const struct principal *who = store_principal(s->st);
	bool yes = false;
	size_t i;

	store_set_principal(s->st, NULL);
	if (store_org_events(s->st, org_id, &ev, &e) != 0) {
		store_set_principal(s->st, who);
		cb_error_release(&e);
		return false;
	}
	store_set_principal(s->st, who);
	for (i = 0; i < ev.n && !yes; i++) {
		const struct org_event *x = &ev.items[i];
		const char *ended;
		json_t *d;

		if (x->kind == NULL || strcmp(x->kind, OFFICER_EVENT) != 0 ||
		    x->details == NULL ||
		    (d = json_loads(x->details, 0, NULL)) == NULL)
			continue;
		ended = json_string_value(json_object_get(d, "ended_on"));
		yes = json_integer_value(json_object_get(d, "member_id")) ==
		        member_id &&
		    x->on[0] != '\0' && strcmp(x->on, on) <= 0 &&
		    (ended == NULL || ended[0] == '\0' ||
		        strcmp(ended, on) >= 0);
		json_decref(d);
	}
	org_event_list_release(&ev);
	return yes;
}

/* Whether the member holds a post on on: a term in force in its
 * organisation or one above it (officer.c records terms as events). */
static bool
holds_post(struct svc *s, int64_t member_id, const char *path, const char *on)
{
	const char *p = path;
	char *end;

	while (p != NULL && *p == '/') {
		int64_t id = strtoll(p + 1, &end, 10);

		if (end == p + 1 || *end != '/')
			break;
		if (officer_of(s, id, member_id, on))
			return true;
		p = end;
		if (p[1] == '\0')
			break;
	}
	return false;
}

/* The deciding body of organisation o: a cell decides as a cell; above
 * it, the body given (committee by default; a "cell" there is an
 * error). */
static int
body_of(const struct org *o, struct discipline_case *c, struct cb_error *err)
{
	bool cell = o->kind == ORG_CELL || o->kind == ORG_GRASSROOTS_CELL;

	if (cell) {
		if (c->deciding_body != DCASE_BODY_NONE &&
		    c->deciding_body != DCASE_BODY_CELL)
			return cb_error_field(err, 0, "deciding_body",
			    "body_not_of_org", org_kind_names[o->kind]);
		c->deciding_body = DCASE_BODY_CELL;
		return 0;
	}
	if (c->deciding_body == DCASE_BODY_CELL)
		return cb_error_field(err, 0, "deciding_body",
		    "body_not_of_org", org_kind_names[o->kind]);
	if (c->deciding_body == DCASE_BODY_NONE)
		c->deciding_body = DCASE_BODY_COMMITTEE;
	return 0;
}

/*
 * Judges case c: the fields that belong together (the subject's id, the
 * complaint's outcome and its date), then the rulebook's rules with the
 * facts read here.  Every problem at once; a rule's problem names its
 * rule and citation.  0 or -CB_EINVAL (err filled).
 */
static int
dcase_judge(struct svc *s, const struct rulebook *rb,
    struct discipline_case *c, struct cb_error *err)
{
	struct discipline_fact f;
	struct discipline_verdict v;
	struct member m;
	struct org o;
	char *mpath = NULL, later[LATER_MAX][DATE_LEN];
	const char *laterp[LATER_MAX];
	size_t nlater = 0;
	bool bad = false, have_body = false;
	int rc;

	memset(&f, 0, sizeof(f));
	memset(&v, 0, sizeof(v));
	member_init(&m);
	org_init(&o);
	if (c->subject == DCASE_MEMBER) {
		if (c->member_id <= 0)
			bad = cb_error_field(err, 0, "member_id", "required",
			          NULL) != 0;
		if (c->org_id != 0)
			bad = cb_error_field(err, 0, "org_id",
			          "field_not_for_subject", "member") != 0;
	} else if (c->subject == DCASE_ORG) {
		if (c->org_id <= 0)
			bad = cb_error_field(err, 0, "org_id", "required",
			          NULL) != 0;
		if (c->member_id != 0)
			bad = cb_error_field(err, 0, "member_id",
			          "field_not_for_subject", "org") != 0;
	}
	if (c->complaint_outcome != DCASE_OUTCOME_NONE) {
		if (c->complained_on[0] == '\0')
			bad = cb_error_field(err, 0, "complained_on",
			          "required", NULL) != 0;
		if (c->complaint_decided_on[0] == '\0')
			bad = cb_error_field(err, 0, "complaint_decided_on",
			          "required", NULL) != 0;
	}
	if (c->decided_on[0] != '\0' && c->effective_on[0] != '\0' &&
	    strcmp(c->effective_on, c->decided_on) < 0)
		bad = cb_error_field(err, 0, "effective_on", "date_before",
		          "decided_on") != 0;
	if (c->complained_on[0] != '\0' && c->decided_on[0] == '\0')
		bad = cb_error_field(err, 0, "decided_on", "required", NULL) !=
		    0;
	/* The subject where the principal may record it, first: outside
	 * its scope nothing is judged (not found, no rule's verdict). */
	if (!bad && c->subject != DCASE_SUBJECT_NONE &&
	    (rc = store_dcase_subject_check(s->st, c, err)) != 0)
		goto out;
	/* The facts. */
	if (c->subject == DCASE_MEMBER && c->member_id > 0) {
		rc = member_as_system(s, c->member_id, &m, &mpath, err);
		if (rc == -CB_ENOTFOUND) {
			cb_error_release(err);
			rc = cb_error_set(err, CB_ENOTFOUND,
			    "member_not_found", NULL);
			cb_error_field(err, 0, "member_id", "member_not_found",
			    NULL);
			goto out;
		}
		if (rc != 0)
			goto out;
		f.probationary = m.status == MSTATUS_PROBATIONARY;
		f.holds_post = holds_post(s, m.id, mpath,
		    c->decided_on[0] ? c->decided_on : s->today);
		f.org_path = mpath;
	}
	if (c->deciding_org_id > 0) {
		if ((rc = org_as_system(s, c->deciding_org_id, &o, err)) ==
		    -CB_ENOTFOUND) {
			cb_error_release(err);
			bad = cb_error_field(err, 0, "deciding_org_id",
			          "org_not_found", NULL) != 0;
		} else if (rc != 0)
			goto out;
		else if (body_of(&o, c, err) != 0)
			bad = true;
		else
			have_body = true;
	}
	if (c->subject == DCASE_SUBJECT_NONE || c->form == DCASE_FORM_NONE ||
	    !have_body) {
		rc = bad || err->nfields > 0 ? -CB_EINVAL : 0;
		if (rc == 0 && !have_body)
			rc = cb_error_field(err, 0, "deciding_org_id",
			    "required", NULL);
		goto out;
	}
	f.subject = c->subject == DCASE_MEMBER ? DSUBJ_MEMBER : DSUBJ_ORG;
	f.form = (enum discipline_form)(c->form - 1);
	f.body = (enum discipline_body)(c->deciding_body - 1);
	f.upper_task = c->upper_task;
	f.violation_code = c->violation_code;
	snprintf(f.violation_on, DATE_LEN, "%s", c->violation_on);
	snprintf(f.violation_until, DATE_LEN, "%s", c->violation_until);
	snprintf(f.discovered_on, DATE_LEN, "%s", c->discovered_on);
	snprintf(f.decided_on, DATE_LEN, "%s", c->decided_on);
	snprintf(f.effective_on, DATE_LEN, "%s", c->effective_on);
	f.base = c->base;
	f.n_for = c->vote_for;
	f.n_against = c->vote_against;
	f.n_abstain = c->vote_abstain;
	f.deferral = (enum discipline_deferral)c->deferral;
	snprintf(f.received_on, DATE_LEN, "%s", c->received_on);
	snprintf(f.complained_on, DATE_LEN, "%s", c->complained_on);
	if (f.org_path == NULL && c->subject == DCASE_ORG)
		f.org_path = o.path; /* the deciding one's, near enough */
	/* The subject's later violations (the limitation restarts). */
	{
		const struct principal *who = store_principal(s->st);

		store_set_principal(s->st, NULL);
		rc = store_dcase_violations(s->st, c, later, LATER_MAX,
		    &nlater, err);
		store_set_principal(s->st, who);
		if (rc != 0)
			goto out;
		for (size_t k = 0; k < nlater; k++)
			laterp[k] = later[k];
		f.later_violations = nlater ? laterp : NULL;
		f.n_later_violations = nlater;
	}
	if ((rc = discipline_judge(rb, &f, &v, err)) != 0)
		goto out;
	if (v.n > 0 && err->mcode == NULL)
		cb_error_set(err, CB_EINVAL, "discipline_refused", NULL);
	if ((rc = discipline_verdict_error(&v, err)) == -CB_ENOMEM)
		goto out;
	rc = bad || err->nfields > 0 ? -CB_EINVAL : 0;
out:
	member_release(&m);
	org_release(&o);
	free(mpath);
	return rc;
}

/* Reads case id back (its path, the next violation) and computes it. */
static int
dcase_reload(struct svc *s, int64_t id, const char *on,
    struct discipline_case *ret, struct cb_error *err)
{
	int rc = store_dcase_get(s->st, id, ret, err);

	if (rc == 0)
		dcase_compute(svc_rules(s, err), ret, on_or_today(s, on));
	return rc;
}

/*
 * Audits a write of a case: which case, its subject's organisation, and
 * the names of the fields it set or changed, never their values -- the
 * audit trail's readers (office, inspection, admin) need not hold the
 * option "discipline", and the case is secret (docs/security.md).
 */
static int
audit_dcase(struct svc *s, const char *action, const struct discipline_case *a,
    const struct discipline_case *b, struct cb_error *err)
{
	const struct discipline_case *c = b != NULL ? b : a;
	json_t *ja = a ? dcase_to_json(a) : json_object();
	json_t *jb = b ? dcase_to_json(b) : json_object();
	json_t *names = json_array(), *v;
	const char *k;

	json_object_foreach(jb, k, v)
	{
		if (strcmp(k, "status") == 0 || strcmp(k, "lapses_on") == 0 ||
		    strcmp(k, "version") == 0 ||
		    strcmp(k, "updated_at") == 0 ||
		    strcmp(k, "created_at") == 0 ||
		    strcmp(k, "recorded_by") == 0 || strcmp(k, "id") == 0 ||
		    strcmp(k, "subject_name") == 0 ||
		    strcmp(k, "deciding_org_name") == 0)
			continue;
		if (!json_equal(v, json_object_get(ja, k)) &&
		    !(a == NULL && json_is_null(v)))
			json_array_append_new(names, json_string(k));
	}
	json_decref(ja);
	json_decref(jb);
	return svc_audit(s, action, "discipline_case", c->id,
	    path_last_id(c->scope_path), NULL, NULL,
	    json_pack("{s:s, s:I, s:o}", "subject",
	        dcase_subject_names[c->subject] ?
	            dcase_subject_names[c->subject] :
	            "",
	        "version", (json_int_t)c->version, "fields", names),
	    err);
}

int
svc_dcase_create(struct svc *s, const json_t *in, struct discipline_case *ret,
    struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_CREATING | JA_REQUIRED | JA_TABLE_ORDER,
	};
	const struct rulebook *rb;
	struct discipline_case c;
	json_t *body = NULL;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&c, 0, sizeof(c));
	ret->status = c.status = -1;
	if ((rc = vote_fold(in, &body, err)) != 0)
		return rc;
	rc = entity_apply_json(&discipline_case_entity, &c, body, &how, err);
	json_decref(body);
	if (rc != 0) {
		discipline_case_release(&c);
		return rc;
	}
	if ((rb = svc_rules(s, err)) == NULL) {
		discipline_case_release(&c);
		return -CB_ENOMEM;
	}
	if ((rc = store_begin(s->st, err)) != 0) {
		discipline_case_release(&c);
		return rc;
	}
	/* The writers' lock first, as a change: the member's organisation
	 * (where the case counts on the dashboard) cannot move before the
	 * commit. */
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = dcase_judge(s, rb, &c, err)) != 0)
		goto fail;
	if ((c.recorded_by = strdup(s->actor)) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if ((rc = store_dcase_insert(s->st, &c, err)) != 0 ||
	    (rc = dcase_reload(s, c.id, NULL, ret, err)) != 0 ||
	    (rc = dashboard_discipline_changed(s, NULL, ret, err)) != 0 ||
	    (rc = audit_dcase(s, "discipline.create", NULL, ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	discipline_case_release(&c);
	return 0;
fail:
	discipline_case_release(&c);
	discipline_case_release(ret);
	return svc_fail(s, rc);
}

int
svc_dcase_get(struct svc *s, int64_t id, const char *on,
    struct discipline_case *ret, struct cb_error *err)
{
	int rc;

	memset(ret, 0, sizeof(*ret));
	if ((rc = dcase_reload(s, id, on, ret, err)) != 0)
		return rc;
	/* A case seen: recorded before it is shown (the sink's commit). */
	if ((rc = svc_audit_secret_view(s, "discipline.view",
	         "discipline_case", ret->id, path_last_id(ret->scope_path),
	         err)) != 0)
		discipline_case_release(ret);
	return rc;
}

int
svc_dcase_version(struct svc *s, int64_t id, int64_t *ret,
    struct cb_error *err)
{
	struct discipline_case c;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = store_dcase_get(s->st, id, &c, err)) == 0)
		*ret = c.version;
	discipline_case_release(&c);
	return rc;
}

/* Applies patch (already checked for its keys) to case id as action. */
static int
dcase_change(struct svc *s, int64_t id, const json_t *patch, int64_t if_match,
    const char *action, struct discipline_case *ret, struct cb_error *err)
{
	const struct json_apply how = { .flags = JA_TABLE_ORDER };
	const struct rulebook *rb;
	struct discipline_case cur, c;
	json_t *body = NULL;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&cur, 0, sizeof(cur));
	memset(&c, 0, sizeof(c));
	if ((rc = vote_fold(patch, &body, err)) != 0)
		return rc;
	if ((rb = svc_rules(s, err)) == NULL) {
		json_decref(body);
		return -CB_ENOMEM;
	}
	if ((rc = store_begin(s->st, err)) != 0) {
		json_decref(body);
		return rc;
	}
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_dcase_get(s->st, id, &cur, err)) != 0 ||
	    (rc = store_dcase_get(s->st, id, &c, err)) != 0)
		goto fail;
	if (if_match != 0 && if_match != cur.version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	if ((rc = entity_apply_json(&discipline_case_entity, &c, body, &how,
	         err)) != 0 ||
	    (rc = dcase_judge(s, rb, &c, err)) != 0)
		goto fail;
	free(c.recorded_by);
	if ((c.recorded_by = strdup(s->actor)) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if ((rc = store_dcase_update(s->st, &c, cur.version, err)) != 0 ||
	    (rc = dcase_reload(s, id, NULL, ret, err)) != 0 ||
	    (rc = dashboard_discipline_changed(s, &cur, ret, err)) != 0)
		goto fail;
	if ((rc = audit_dcase(s, action, &cur, ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	json_decref(body);
	discipline_case_release(&cur);
	discipline_case_release(&c);
	return 0;
fail:
	json_decref(body);
	discipline_case_release(&cur);
	discipline_case_release(&c);
	discipline_case_release(ret);
	return svc_fail(s, rc);
}

int
svc_dcase_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct discipline_case *ret, struct cb_error *err)
{
	return dcase_change(s, id, patch, if_match, "discipline.update", ret,
	    err);
}

int
svc_dcase_complaint(struct svc *s, int64_t id, const json_t *in,
    int64_t if_match, struct discipline_case *ret, struct cb_error *err)
{
	static const char *const keys[] = { "complained_on", "received_on",
		"complaint_outcome", "complaint_decided_on", NULL };
	const char *k;
	json_t *v;
	size_t i;
	int rc = 0;

	memset(ret, 0, sizeof(*ret));
	if (!json_is_object(in))
		return cb_error_set(err, CB_EINVAL, "invalid_json", NULL);
	json_object_foreach((json_t *)in, k, v)
	{
		for (i = 0; keys[i] != NULL && strcmp(keys[i], k) != 0; i++)
			;
		if (keys[i] == NULL)
			rc = cb_error_field(err, 0, k, "unknown_field", NULL);
	}
	if (rc == 0 && json_object_get(in, "complained_on") == NULL &&
	    json_object_get(in, "complaint_outcome") == NULL)
		rc = cb_error_field(err, 0, "complained_on", "required", NULL);
	if (rc != 0)
		return rc;
	return dcase_change(s, id, in, if_match, "discipline.complaint", ret,
	    err);
}

int
svc_dcase_delete(struct svc *s, int64_t id, int64_t if_match,
    struct cb_error *err)
{
	struct discipline_case cur;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = dcase_reload(s, id, NULL, &cur, err)) != 0)
		goto fail;
	if (if_match != 0 && if_match != cur.version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	if ((rc = store_dcase_delete(s->st, id, err)) != 0 ||
	    (rc = dashboard_discipline_changed(s, &cur, NULL, err)) != 0 ||
	    (rc = audit_dcase(s, "discipline.delete", &cur, NULL, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	discipline_case_release(&cur);
	return 0;
fail:
	discipline_case_release(&cur);
	return svc_fail(s, rc);
}

void
dcase_page_release(struct dcase_page *p)
{
	if (p == NULL)
		return;
	discipline_case_list_release(&p->list);
	free(p->next_cursor);
	p->next_cursor = NULL;
}

static int
bad_cursor(struct cb_error *err)
{
	cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
	return cb_error_field(err, 0, "cursor", "invalid_cursor", NULL);
}

int
svc_dcase_list(struct svc *s, const struct dcase_list_query *lq,
    struct dcase_page *ret, struct cb_error *err)
{
	struct discipline_case_list got = { NULL, 0 };
	struct dcase_query q;
	const struct rulebook *rb;
	const char *on = on_or_today(s, lq->on);
	struct discipline_case *items = NULL;
	struct store_cursor cur;
	int64_t last = 0, last_kept = 0;
	char idbuf[24];
	size_t n = 0, i;
	bool more = false;
	int rc = 0;

	dcase_page_release(ret);
	memset(&q, 0, sizeof(q));
	if (lq->limit < 1 || lq->limit > 1000)
		return cb_error_field(err, 0, "limit", "invalid_value", NULL);
	if (lq->cursor != NULL && lq->cursor[0] != '\0') {
		if (store_cursor_open(lq->cursor, 1, &cur) != 0)
			return bad_cursor(err);
		if (!store_cursor_id(&cur, 0, &q.after_id)) {
			store_cursor_close(&cur);
			return bad_cursor(err);
		}
		store_cursor_close(&cur);
	}
	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	if ((items = calloc(lq->limit + 1, sizeof(*items))) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	q.org_id = lq->org_id;
	q.member_id = lq->member_id;
	q.limit = lq->limit < 1000 ? lq->limit + 1 : 1000;
	/* Read in batches until the page has one case more than it shows
	 * (status is computed: it filters here). */
	for (;;) {
		if ((rc = store_dcase_list(s->st, &q, &got, &last, err)) != 0)
			goto out;
		for (i = 0; i < got.n; i++) {
			struct discipline_case *c = &got.items[i];

			dcase_compute(rb, c, on);
			if (lq->status >= 0 && c->status != lq->status)
				continue;
			if (n == lq->limit) {
				more = true;
				break;
			}
			items[n++] = *c;
			memset(c, 0, sizeof(*c));
			last_kept = items[n - 1].id;
		}
		discipline_case_list_release(&got);
		if (more || last == 0)
			break;
		q.after_id = last;
	}
	if (more) {
		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)last_kept);
		if ((ret->next_cursor = store_cursor_make(
		         (const char *const[]){ idbuf }, 1)) == NULL) {
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
			goto out;
		}
	}
	ret->list.items = items;
	ret->list.n = n;
	items = NULL;
	n = 0;
out:
	discipline_case_list_release(&got);
	if (items != NULL) {
		struct discipline_case_list l = { items, n };

		discipline_case_list_release(&l);
	}
	return rc;
}

int
svc_dnotice_create(struct svc *s, const json_t *in,
    struct discipline_notice *ret, struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_CREATING | JA_REQUIRED | JA_TABLE_ORDER,
	};
	int rc;

	memset(ret, 0, sizeof(*ret));
	if ((rc = entity_apply_json(&discipline_notice_entity, ret, in, &how,
	         err)) != 0)
		return rc;
	if (ret->decided_on[0] && ret->notified_on[0] &&
	    strcmp(ret->notified_on, ret->decided_on) < 0)
		return cb_error_field(err, 0, "notified_on", "date_before",
		    "decided_on");
	if ((ret->recorded_by = strdup(s->actor)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_dnotice_insert(s->st, ret, err)) != 0 ||
	    (rc = svc_audit(s, "discipline.notice", "discipline_notice",
	         ret->id, 0, NULL, NULL,
	         json_pack("{s:I}", "member_id", (json_int_t)ret->member_id),
	         err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0) {
		discipline_notice_release(ret);
		return svc_fail(s, rc);
	}
	return 0;
}

int
svc_dnotice_list(struct svc *s, int64_t org_id, int64_t member_id,
    struct discipline_notice_list *ret, struct cb_error *err)
{
	return store_dnotice_list(s->st, org_id, member_id, ret, err);
}

json_t *
dnotice_to_json(struct svc *s, const struct discipline_notice *n)
{
	struct cb_error e = CB_ERROR_INIT;
	const struct rulebook *rb = svc_rules(s, &e);
	json_t *j = entity_to_json(&discipline_notice_entity, n);
	int64_t days = 0;
	bool late = false;

	if (j == NULL)
		return NULL;
	if (rb != NULL &&
	    discipline_notice_late(rb, n->decided_on, n->notified_on, NULL,
	        &late, &days, &e) == 0) {
		json_object_set_new(j, "late", json_boolean(late));
		json_object_set_new(j, "days", json_integer(days));
	} else {
		json_object_set_new(j, "late", json_null());
		json_object_set_new(j, "days", json_null());
	}
	cb_error_release(&e);
	return j;
}
