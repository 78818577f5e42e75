/* member.c - the member register: create, change, delete, history. */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "util/date.h"

int
svc_member_event_add(struct svc *s, int64_t member_id,
    enum member_event_kind kind, const char *on, const char *doc_no,
    int64_t org_id, json_t *details, struct cb_error *err)
{
	struct member_event e;
	int rc;

	memset(&e, 0, sizeof(e));
	e.member_id = member_id;
	e.kind = kind;
	snprintf(e.on, sizeof(e.on), "%s", on && on[0] ? on : s->today);
	e.doc_no = doc_no ? strdup(doc_no) : NULL;
	e.org_id = org_id;
	e.details = details ? json_dumps(details, JSON_COMPACT |
	    JSON_SORT_KEYS) : NULL;
	e.recorded_by = strdup(s->actor);
	json_decref(details);
	if (e.recorded_by == NULL || (doc_no && e.doc_no == NULL) ||
	    (details && e.details == NULL))
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
	else
		rc = store_member_event_add(s->st, &e, err);
	member_event_release(&e);
	return rc;
}

/* Loads a member; a missing one is "member_not_found" (404). */
static int
load_member(struct svc *s, int64_t id, struct member *ret,
    struct cb_error *err)
{
	struct cb_error local = CB_ERROR_INIT;
	int rc = store_member_get(s->st, id, ret, &local);

	if (rc == -CB_ENOTFOUND) {
		cb_error_release(&local);
		return cb_error_set(err, CB_ENOTFOUND, "member_not_found",
		    NULL);
	}
	svc_error_take(err, &local);
	return rc;
}

/* Loads the member's organisation into *org; *found false if there is
 * none (validation then names the field). */
static int
load_member_org(struct svc *s, const struct member *m, struct org *org,
    bool *found, struct cb_error *err)
{
	struct cb_error local = CB_ERROR_INIT;
	int rc;

	*found = false;
	if (m->org_id <= 0)
		return 0;
	rc = store_org_get(s->st, m->org_id, org, &local);
	if (rc == -CB_ENOTFOUND) {
		cb_error_release(&local);
		return 0;
	}
	svc_error_take(err, &local);
	*found = rc == 0;
	return rc;
}

/* Field errors for a citizen ID or card number another record holds. */
static int
check_unique(struct svc *s, const struct member *m, struct cb_error *err)
{
	static const char *const fields[] = { "citizen_id", "card_no" };
	const char *values[] = { m->citizen_id, m->card_no };
	size_t i;
	int dupes = 0;

	for (i = 0; i < 2; i++) {
		int64_t other = 0;
		int rc;

		if (values[i] == NULL)
			continue;
		rc = store_member_find(s->st, fields[i], values[i], &other,
		    err);
		if (rc != 0)
			return rc;
		if (other != 0 && other != m->id) {
			char arg[24];

			snprintf(arg, sizeof(arg), "%lld", (long long)other);
			cb_error_field(err, 0, fields[i], "duplicate", arg);
			dupes++;
		}
	}
	return dupes;
}

/*
 * Judges a record as it would be stored: domain validation (every problem)
 * and uniqueness.  Returns 0, -CB_EINVAL with every field error (duplicates
 * included), or -CB_ECONFLICT "duplicate" when uniqueness is the only
 * problem.
 */
static int
judge(struct svc *s, const struct member *m, struct cb_error *err)
{
	struct cb_error dup = CB_ERROR_INIT;
	const struct rulebook *rb;
	struct org org;
	bool found;
	int rc, bad, dupes;
	size_t i;

	if ((rb = svc_rules(s, err)) == NULL)
		return -err->code;
	org_init(&org);
	if ((rc = load_member_org(s, m, &org, &found, err)) != 0)
		return rc;
	bad = member_validate(m, rb, found ? &org : NULL, s->today, err);
	org_release(&org);
	cb_error_set(&dup, CB_ECONFLICT, "duplicate", NULL);
	dupes = check_unique(s, m, &dup);
	if (dupes < 0) {
		svc_error_take(err, &dup);
		return dupes;
	}
	if (bad == 0 && dupes > 0) {
		cb_error_move(err, &dup);
		return -CB_ECONFLICT;
	}
	for (i = 0; i < dup.nfields; i++)
		cb_error_field(err, 0, dup.fields[i].field,
		    dup.fields[i].code, dup.fields[i].arg);
	cb_error_release(&dup);
	return bad != 0 || dupes > 0 ? -CB_EINVAL : 0;
}

/* svc_allow on the organisation with id org_id (a missing one is left to
 * validation, which names the field). */
static int
allow_in_org(struct svc *s, enum action act, int64_t org_id,
    struct cb_error *err)
{
	struct cb_error local = CB_ERROR_INIT;
	struct org o;
	int rc;

	if (s->who->system)
		return 0;
	org_init(&o);
	rc = store_org_get(s->st, org_id, &o, &local);
	if (rc == -CB_ENOTFOUND) {
		/* Not there, or not for this principal to see: either way
		 * it names no organisation it may use. */
		cb_error_release(&local);
		rc = cb_error_field(err, 0, "org_id", "org_not_found", NULL);
	} else if (rc != 0)
		svc_error_take(err, &local);
	else
		rc = svc_allow(s, act, o.path, "org_not_found", err);
	org_release(&o);
	return rc;
}

int
svc_member_create(struct svc *s, struct member *m, struct cb_error *err)
{
	int rc;

	m->id = 0;
	m->state = MSTATE_ACTIVE;
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	/* No organisation yet: judge() says it is required, with every
	 * other problem of the record. */
	if ((m->org_id != 0 && (rc = allow_in_org(s, ACT_MEMBER_WRITE,
	    m->org_id, err)) != 0) || (rc = judge(s, m, err)) != 0)
		return svc_fail(s, rc);
	if ((rc = store_member_insert(s->st, m, err)) != 0)
		return svc_fail(s, rc);
	if ((rc = svc_audit(s, "member.create", "member", m->id, m->org_id,
	    NULL, member_to_json(m), NULL, err)) != 0)
		return svc_fail(s, rc);
	rc = svc_member_event_add(s, m->id, MEV_RECORD_CREATED, s->today,
	    NULL, m->org_id, NULL, err);
	if (rc == 0 && m->admitted_on[0])
		rc = svc_member_event_add(s, m->id, MEV_ADMITTED,
		    m->admitted_on, NULL, m->org_id, m->admission_decision_date[0]
		    ? json_pack("{s:s}", "decision_date",
		    m->admission_decision_date) : NULL, err);
	if (rc == 0 && m->status == MSTATUS_OFFICIAL && m->official_on[0])
		rc = svc_member_event_add(s, m->id, MEV_MADE_OFFICIAL,
		    m->official_on, NULL, m->org_id, NULL, err);
	if (rc == 0 && m->exempt_since[0])
		rc = svc_member_event_add(s, m->id, MEV_EXEMPTED,
		    m->exempt_since, NULL, m->org_id, NULL, err);
	if (rc != 0 || (rc = store_commit(s->st, err)) != 0)
		return svc_fail(s, rc);
	return 0;
}

int
svc_member_get(struct svc *s, int64_t id, struct member *ret,
    struct cb_error *err)
{
	int rc;

	if ((rc = load_member(s, id, ret, err)) != 0 ||
	    (rc = svc_allow_member(s, ACT_MEMBER_READ, ret, err)) != 0)
		return rc;
	/* A full dossier seen by someone: recorded (views in batches). */
	return svc_audit_view(s, ret, err);
}

/* Audits a change of a member: the changed fields before and after. */
static int
audit_change(struct svc *s, const char *action, const struct member *a,
    const struct member *b, json_t *detail, struct cb_error *err)
{
	json_t *ja = member_to_json(a), *jb = member_to_json(b);
	int rc;

	rc = svc_audit(s, action, "member", a->id, b->org_id,
	    json_diff_side(ja, jb, true), json_diff_side(ja, jb, false),
	    detail, err);
	json_decref(ja);
	json_decref(jb);
	return rc;
}

/* The fields that differ between two versions of a record, as
 * {"field": {"from": .., "to": ..}}; NULL when none do. */
static json_t *
member_diff(const struct member *a, const struct member *b)
{
	json_t *ja = member_to_json(a), *jb = member_to_json(b);
	json_t *d = json_object();
	size_t i;

	for (i = 0; ja && jb && d && member_json_fields[i]; i++) {
		const char *f = member_json_fields[i];
		json_t *va = json_object_get(ja, f), *vb = json_object_get(jb, f);

		if (strcmp(f, "version") == 0 || strcmp(f, "updated_at") == 0 ||
		    strcmp(f, "created_at") == 0 || json_equal(va, vb))
			continue;
		json_object_set_new(d, f, json_pack("{s:O, s:O}", "from", va,
		    "to", vb));
	}
	json_decref(ja);
	json_decref(jb);
	if (d != NULL && json_object_size(d) == 0) {
		json_decref(d);
		return NULL;
	}
	return d;
}

int
svc_member_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct member *ret, struct cb_error *err)
{
	const struct rulebook *rb;
	struct member cur, next;
	json_t *diff = NULL;
	int rc;

	member_init(&cur);
	member_init(&next);
	if ((rb = svc_rules(s, err)) == NULL)
		return -err->code;
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = load_member(s, id, &cur, err)) != 0 ||
	    (rc = svc_allow_member(s, ACT_MEMBER_WRITE, &cur, err)) != 0)
		goto fail;
	if (if_match != 0 && if_match != cur.version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	if (member_copy(&next, &cur) != 0) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if ((rc = member_apply_json(&next, patch, false, rb, s->today, err)))
		goto fail;
	if (next.org_id != cur.org_id && (rc = allow_in_org(s,
	    ACT_MEMBER_WRITE, next.org_id, err)) != 0)
		goto fail;
	if ((diff = member_diff(&cur, &next)) == NULL) {
		/* Nothing changes: no write, no new version. */
		store_rollback(s->st);
		member_release(ret);
		*ret = cur;
		member_release(&next);
		return 0;
	}
	if ((rc = judge(s, &next, err)) != 0)
		goto fail;
	if ((rc = store_member_update(s->st, &next, cur.version, err)) != 0)
		goto fail;
	if (next.org_id != cur.org_id && (rc = svc_member_event_add(s, id,
	    MEV_MOVED, s->today, NULL, next.org_id, json_pack("{s:I, s:I}",
	    "from", (json_int_t)cur.org_id, "to", (json_int_t)next.org_id),
	    err)) != 0)
		goto fail;
	rc = svc_member_event_add(s, id, MEV_RECORD_UPDATED, s->today, NULL,
	    next.org_id, json_pack("{s:O}", "changes", diff), err);
	if (rc == 0)
		rc = audit_change(s, "member.update", &cur, &next, NULL, err);
	if (rc != 0 || (rc = store_commit(s->st, err)) != 0)
		goto fail;
	json_decref(diff);
	member_release(&cur);
	member_release(ret);
	*ret = next;
	return 0;
fail:
	json_decref(diff);
	member_release(&cur);
	member_release(&next);
	return svc_fail(s, rc);
}

int
svc_member_delete(struct svc *s, int64_t id, int64_t if_match,
    struct cb_error *err)
{
	struct member cur;
	int rc;

	member_init(&cur);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = load_member(s, id, &cur, err)) != 0 ||
	    (rc = svc_allow_member(s, ACT_MEMBER_DELETE, &cur, err)) != 0)
		goto fail;
	if (if_match != 0 && if_match != cur.version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	if ((rc = store_member_delete(s->st, id, cur.version, err)) != 0)
		goto fail;
	rc = svc_member_event_add(s, id, MEV_RECORD_DELETED, s->today, NULL,
	    cur.org_id, json_pack("{s:s}", "full_name", cur.full_name), err);
	if (rc == 0)
		rc = svc_audit(s, "member.delete", "member", id, cur.org_id,
		    member_to_json(&cur), NULL, NULL, err);
	if (rc != 0 || (rc = store_commit(s->st, err)) != 0)
		goto fail;
	member_release(&cur);
	return 0;
fail:
	member_release(&cur);
	return svc_fail(s, rc);
}

int
svc_member_move(struct svc *s, struct member *m, const struct org *to,
    const char *on, const char *doc_no, const char *reason,
    struct cb_error *err)
{
	struct member next;
	int64_t from = m->org_id;
	int rc;

	member_init(&next);
	if (member_copy(&next, m) != 0)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	next.org_id = to->id;
	if ((rc = svc_allow(s, ACT_MEMBER_WRITE, to->path, "org_not_found",
	    err)) == 0 && (rc = judge(s, &next, err)) == 0 &&
	    (rc = store_member_update(s->st, &next, m->version, err)) == 0 &&
	    (rc = svc_member_event_add(s, m->id, MEV_MOVED, on, doc_no,
	    to->id, json_pack("{s:I, s:I, s:s?}", "from",
	    (json_int_t)from, "to", (json_int_t)to->id, "reason",
	    reason), err)) == 0)
		rc = audit_change(s, "member.move", m, &next, json_pack(
		    "{s:s?, s:s, s:s?}", "reason", reason, "on", on,
		    "doc_no", doc_no), err);
	if (rc == 0) {
		member_release(m);
		*m = next;
	} else
		member_release(&next);
	return rc;
}

static int
event_error(struct cb_error *err, const char *why)
{
	return cb_error_field(err, 0, "kind", "invalid_event", why);
}

/* Sets m->official_on from the probation rule that applies to m's
 * organisation. */
static int
official_date_for(struct svc *s, const struct rulebook *rb, struct member *m,
    struct rule_ref *ref, struct cb_error *err)
{
	struct org org;
	bool found;
	int rc;

	org_init(&org);
	if ((rc = load_member_org(s, m, &org, &found, err)) == 0)
		rc = member_official_date(rb, m->admitted_on, found ?
		    org.path : NULL, m->official_on, ref);
	org_release(&org);
	return rc;
}

/* Applies event e to the record next (a copy of the stored one). */
static int
apply_event(struct svc *s, struct member *next, const struct member_event *e,
    struct cb_error *err)
{
	const struct rulebook *rb = svc_rules(s, err);
	struct rule_ref ref;
	bool active = next->state == MSTATE_ACTIVE;

	if (rb == NULL)
		return -err->code;
	if (strcmp(e->on, s->today) > 0)
		return cb_error_field(err, 0, "on", "date_in_future", s->today);
	if (e->kind != MEV_ADMITTED && next->admitted_on[0] &&
	    strcmp(e->on, next->admitted_on) < 0)
		return cb_error_field(err, 0, "on", "date_before",
		    "admitted_on");
	switch (e->kind) {
	case MEV_ADMITTED:
		if (active)
			return event_error(err, "active");
		next->state = MSTATE_ACTIVE;
		next->status = MSTATUS_PROBATIONARY;
		snprintf(next->admitted_on, DATE_LEN, "%s", e->on);
		next->admission_decision_date[0] = '\0';
		next->official_on[0] = '\0';
		next->exempt_since[0] = '\0';
		if (e->org_id)
			next->org_id = e->org_id;
		return 0;
	case MEV_MADE_OFFICIAL:
		if (!active)
			return cb_error_field(err, 0, "kind",
			    "member_not_active", member_state_name(next->state));
		if (next->status == MSTATUS_OFFICIAL)
			return cb_error_field(err, 0, "kind",
			    "already_official", NULL);
		if (official_date_for(s, rb, next, &ref, err) != 0)
			return cb_error_field(err, 0, "kind",
			    "rule_not_in_force", RULE_PROBATION);
		if (strcmp(e->on, next->official_on) < 0)
			return cb_error_field_rule(err, 0, "on",
			    "not_yet_official", next->official_on, ref.rule_id,
			    ref.citation);
		next->status = MSTATUS_OFFICIAL;
		return 0;
	case MEV_TRANSFERRED_IN:
	case MEV_MOVED:
		if (e->org_id <= 0)
			return cb_error_field(err, 0, "org_id", "required",
			    NULL);
		if (e->kind == MEV_MOVED && !active)
			return cb_error_field(err, 0, "kind",
			    "member_not_active", member_state_name(next->state));
		next->org_id = e->org_id;
		next->state = MSTATE_ACTIVE;
		return 0;
	case MEV_EXEMPTED:
		if (!active)
			return cb_error_field(err, 0, "kind",
			    "member_not_active", member_state_name(next->state));
		if (next->exempt_since[0])
			return cb_error_field(err, 0, "kind", "already_exempt",
			    NULL);
		snprintf(next->exempt_since, DATE_LEN, "%s", e->on);
		return 0;
	case MEV_EXEMPTION_ENDED:
		if (next->exempt_since[0] == '\0')
			return cb_error_field(err, 0, "kind", "not_exempt",
			    NULL);
		next->exempt_since[0] = '\0';
		return 0;
	case MEV_TRANSFERRED_OUT:
	case MEV_DIED:
	case MEV_REMOVED:
	case MEV_EXPELLED:
	case MEV_LEFT:
		if (!active)
			return cb_error_field(err, 0, "kind",
			    "member_not_active", member_state_name(next->state));
		next->state = e->kind == MEV_TRANSFERRED_OUT ?
		    MSTATE_TRANSFERRED_OUT : e->kind == MEV_DIED ? MSTATE_DIED :
		    e->kind == MEV_REMOVED ? MSTATE_REMOVED :
		    e->kind == MEV_EXPELLED ? MSTATE_EXPELLED : MSTATE_LEFT;
		return 0;
	default:
		return event_error(err, member_event_kind_name(e->kind));
	}
}

int
svc_member_event(struct svc *s, int64_t id, struct member_event *e,
    int64_t if_match, struct member *ret, struct cb_error *err)
{
	struct member cur, next;
	json_t *diff = NULL, *details = NULL;
	int rc;

	member_init(&cur);
	member_init(&next);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = load_member(s, id, &cur, err)) != 0 ||
	    (rc = svc_allow_member(s, ACT_MEMBER_WRITE, &cur, err)) != 0)
		goto fail;
	if (if_match != 0 && if_match != cur.version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	if (member_copy(&next, &cur) != 0) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if ((rc = apply_event(s, &next, e, err)) != 0)
		goto fail;
	if (next.org_id != cur.org_id && (rc = allow_in_org(s,
	    ACT_MEMBER_WRITE, next.org_id, err)) != 0)
		goto fail;
	if ((rc = judge(s, &next, err)) != 0)
		goto fail;
	diff = member_diff(&cur, &next);
	if (diff != NULL &&
	    (rc = store_member_update(s->st, &next, cur.version, err)) != 0)
		goto fail;
	details = e->details ? json_loads(e->details, 0, NULL) : NULL;
	if (details == NULL)
		details = json_object();
	if (diff != NULL)
		json_object_set(details, "changes", diff);
	rc = svc_member_event_add(s, id, e->kind, e->on, e->doc_no,
	    e->org_id ? e->org_id : next.org_id, details, err);
	details = NULL;
	if (rc == 0)
		rc = audit_change(s, "member.event", &cur, &next, json_pack(
		    "{s:s, s:s, s:s?}", "kind", member_event_kind_name(e->kind),
		    "on", e->on, "doc_no", e->doc_no), err);
	if (rc != 0 || (rc = store_commit(s->st, err)) != 0)
		goto fail;
	json_decref(diff);
	member_release(&cur);
	member_release(ret);
	*ret = next;
	return 0;
fail:
	json_decref(diff);
	member_release(&cur);
	member_release(&next);
	return svc_fail(s, rc);
}

int
svc_member_version(struct svc *s, int64_t id, int64_t *ret,
    struct cb_error *err)
{
	struct member m;
	int rc;

	member_init(&m);
	if ((rc = load_member(s, id, &m, err)) == 0)
		*ret = m.version;
	member_release(&m);
	return rc;
}

int
svc_member_audit(struct svc *s, int64_t id, const struct audit_query *q,
    struct audit_list *ret, struct cb_error *err)
{
	struct audit_query mq = *q;
	struct member m;
	int rc;

	member_init(&m);
	if ((rc = load_member(s, id, &m, err)) == 0 &&
	    (rc = svc_allow_member(s, ACT_AUDIT_READ, &m, err)) == 0) {
		mq.member_id = id;
		rc = store_audit_list(s->st, &mq, ret, err);
	}
	member_release(&m);
	return rc;
}

int
svc_member_list(struct svc *s, const struct member_query *q,
    struct member_page *ret, struct cb_error *err)
{
	return store_member_list(s->st, q, ret, err);
}

int
svc_member_history(struct svc *s, int64_t id, struct member_event_list *ret,
    struct cb_error *err)
{
	struct member m;
	int rc;

	member_init(&m);
	if ((rc = load_member(s, id, &m, err)) == 0 &&
	    (rc = svc_allow_member(s, ACT_MEMBER_READ, &m, err)) == 0)
		rc = store_member_events(s->st, id, ret, err);
	member_release(&m);
	return rc;
}
