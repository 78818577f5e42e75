/* member.c - the member register: create, change, delete, history. */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/member-event.h"
#include "core/validate.h"
#include "util/alloc.h"
#include "util/date.h"

#include "util/banned.h"

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
	e.details = details ?
	    json_dumps(details, JSON_COMPACT | JSON_SORT_KEYS) :
	    NULL;
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

/*
 * Who holds value of unique field (another record than m): found as the
 * system, so that a value held outside the principal's scope is found
 * too, but named ("Cao Văn Anh, Chi bộ Văn phòng 1") only when the
 * principal may read that member and its personal fields, as the
 * numbers are.  *ret_id 0: nobody.
 */
static int
find_holder(struct svc *s, const char *field, const char *value,
    int64_t *ret_id, char **ret_name, struct cb_error *err)
{
	const struct principal *was = store_principal(s->st);
	struct cb_error local = CB_ERROR_INIT;
	struct member h;
	struct org o;
	int rc;

	*ret_name = NULL;
	store_set_principal(s->st, NULL);
	rc = store_member_find(s->st, field, value, ret_id, err);
	member_init(&h);
	org_init(&o);
	if (rc == 0 && *ret_id != 0 &&
	    store_member_get(s->st, *ret_id, &h, &local) == 0 &&
	    store_org_get(s->st, h.org_id, &o, &local) == 0 &&
	    principal_may_member(s->who, ACT_MEMBER_READ, h.id, o.path) &&
	    principal_may_member(s->who, ACT_MEMBER_PERSONAL, h.id, o.path) &&
	    asprintf(ret_name, "%s, %s", h.full_name ? h.full_name : "",
	        o.name ? o.name : "") < 0)
		*ret_name = NULL;
	store_set_principal(s->st, was);
	cb_error_release(&local);
	member_release(&h);
	org_release(&o);
	return rc;
}

/* Field errors for a unique value (FF_UNIQUE: citizen ID, card number)
 * another record holds, naming the holder when the principal may see
 * them (the message's %H). */
static int
check_unique(struct svc *s, const struct member *m, struct cb_error *err)
{
	size_t i;
	int dupes = 0;

	for (i = 0; i < member_entity.nfields; i++) {
		const struct field_def *f = &member_entity.fields[i];
		char buf[FIELD_TEXT_MAX + 32];
		const char *v;
		char *name = NULL;
		int64_t other = 0;
		int rc;

		if (!(f->flags & FF_UNIQUE) ||
		    (v = field_get_text(f, m, buf, sizeof(buf))) == NULL ||
		    v[0] == '\0')
			continue;
		rc = find_holder(s, f->name, v, &other, &name, err);
		if (rc != 0)
			return rc;
		if (other != 0 && other != m->id) {
			cb_error_field_given(err, 0, f->name, "duplicate",
			    name, f->name);
			dupes++;
		}
		free(name);
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
	dupes = check_unique(s, m, &dup);
	if (dupes < 0) {
		/* The store failed (a broken connection, say): that is the
		 * answer (503), not the validation's nor a duplicate's. */
		cb_error_release(err);
		cb_error_set(err, -dupes,
		    -dupes == CB_ENOMEM ? NULL : "storage_error", NULL);
		if (dup.detail != NULL)
			cb_error_detail(err, "%s", dup.detail);
		cb_error_release(&dup);
		return dupes;
	}
	if (bad == 0 && dupes > 0) {
		cb_error_set(err, CB_ECONFLICT, "duplicate", NULL);
		for (i = 0; i < dup.nfields; i++)
			cb_error_field_copy(err, 0, &dup.fields[i]);
		cb_error_release(&dup);
		return -CB_ECONFLICT;
	}
	for (i = 0; i < dup.nfields; i++)
		cb_error_field_copy(err, 0, &dup.fields[i]);
	cb_error_release(&dup);
	return bad != 0 || dupes > 0 ? -CB_EINVAL : 0;
}

/*
 * After some fields of a record could not be read (err holds their
 * errors, and m keeps their earlier values): judges the record as it
 * would be stored and adds the errors on every field err does not already
 * name, so that all the problems are told at once, not the reading ones
 * first.  Returns err's code (-CB_EINVAL), or another error of the store.
 */
static int
judge_rest(struct svc *s, const struct member *m, int rc, struct cb_error *err)
{
	struct cb_error more = CB_ERROR_INIT;
	size_t i, k;

	if (rc != -CB_EINVAL || err->nfields == 0)
		return rc;
	if (judge(s, m, &more) == -CB_ENOMEM) {
		cb_error_release(&more);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	for (i = 0; i < more.nfields; i++) {
		const struct cb_ferr *f = &more.fields[i];
		bool named = false;

		for (k = 0; k < err->nfields && !named; k++)
			named = strcmp(err->fields[k].field, f->field) == 0;
		if (!named)
			cb_error_field_copy(err, f->row, f);
	}
	cb_error_release(&more);
	return err->code == CB_ENOMEM ? -CB_ENOMEM : rc;
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

/* The detail of the audit entry of a member created or changed by an
 * import on the row path: its batch (the import's own entry). */
static json_t *
import_detail(const struct svc *s)
{
	if (s->import_batch == 0)
		return NULL;
	return json_pack("{s:I}", "import_batch", (json_int_t)s->import_batch);
}

int
svc_member_judge_rest(struct svc *s, const struct member *m, int rc,
    struct cb_error *err)
{
	if (rc != -CB_EINVAL)
		return rc;
	/* Only where the principal may write: judging reads the
	 * organisation and who holds a number. */
	if (m->org_id != 0 && !s->who->system) {
		struct cb_error local = CB_ERROR_INIT;
		int arc = allow_in_org(s, ACT_MEMBER_WRITE, m->org_id, &local);

		cb_error_release(&local);
		if (arc != 0)
			return rc;
	}
	return judge_rest(s, m, rc, err);
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
	if ((m->org_id != 0 &&
	        (rc = allow_in_org(s, ACT_MEMBER_WRITE, m->org_id, err)) !=
	            0) ||
	    (rc = judge(s, m, err)) != 0)
		return svc_fail(s, rc);
	if ((rc = store_member_insert(s->st, m, err)) != 0)
		return svc_fail(s, rc);
	if ((rc = svc_audit(s, "member.create", "member", m->id, m->org_id,
	         NULL, member_to_json(m), import_detail(s), err)) != 0)
		return svc_fail(s, rc);
	/* Who made the record, and when.  What the record says happened
	 * before (admitted, made official, exempted) is read from the
	 * record itself by svc_member_history. */
	rc = svc_member_event_add(s, m->id, MEV_RECORD_CREATED, s->today, NULL,
	    m->org_id, NULL, err);
	if (rc != 0 || (rc = store_commit(s->st, err)) != 0)
		return svc_fail(s, rc);
	return 0;
}

int
svc_member_get(struct svc *s, int64_t id, struct member *ret,
    struct cb_error *err)
{
	struct cb_error local = CB_ERROR_INIT;
	int rc;

	/* One read, the hot path of the API. */
	if ((rc = store_member_get(s->st, id, ret, &local)) == -CB_ENOTFOUND) {
		cb_error_release(&local);
		return cb_error_set(err, CB_ENOTFOUND, "member_not_found",
		    NULL);
	}
	svc_error_take(err, &local);
	/* The store ran as s->who and made the one decision on the row
	 * (core/auth.h's policy): not found outside the scope, forbidden
	 * where the member is seen but may not be read, personal fields
	 * withheld where the principal may not see them.  Nothing is left
	 * to decide here. */
	if (rc != 0)
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

	for (i = 0; ja && jb && d && i < member_entity.nfields; i++) {
		const char *f = member_entity.fields[i].name;
		json_t *va = json_object_get(ja, f),
		       *vb = json_object_get(jb, f);

		if (strcmp(f, "version") == 0 ||
		    strcmp(f, "updated_at") == 0 ||
		    strcmp(f, "created_at") == 0 || json_equal(va, vb))
			continue;
		json_object_set_new(d, f,
		    json_pack("{s:O, s:O}", "from", va, "to", vb));
	}
	json_decref(ja);
	json_decref(jb);
	if (d != NULL && json_object_size(d) == 0) {
		json_decref(d);
		return NULL;
	}
	return d;
}

/* The keys of a contacts correction: anything else is refused by name,
 * so that a form cannot believe it changed more. */
static int
contacts_only(const json_t *patch, struct cb_error *err)
{
	const char *key;
	json_t *v;
	int bad = 0;

	if (!json_is_object(patch))
		return cb_error_set(err, CB_EINVAL, "invalid_json", NULL);
	json_object_foreach((json_t *)patch, key, v)
	{
		(void)v;
		if (strcmp(key, "phone") != 0 && strcmp(key, "email") != 0)
			bad = cb_error_field(err, 0, key, "contacts_only",
			    "phone, email");
	}
	return bad;
}

/* Keeps the field errors of err on phone and email only: -CB_EINVAL if
 * any is left, else 0 (err cleared). */
static int
contacts_errors_only(struct cb_error *err)
{
	size_t i = 0;

	while (i < err->nfields) {
		struct cb_ferr *f = &err->fields[i];

		if (strcmp(f->field, "phone") == 0 ||
		    strcmp(f->field, "email") == 0) {
			i++;
			continue;
		}
		free(f->field);
		free(f->code);
		free(f->arg);
		free(f->rule);
		free(f->citation);
		free(f->given);
		memmove(f, f + 1, (err->nfields - i - 1) * sizeof(*f));
		err->nfields--;
	}
	if (err->nfields > 0)
		return -CB_EINVAL;
	cb_error_release(err);
	return 0;
}

/*
 * A merge patch of a member's record, as a full edit (ACT_MEMBER_WRITE)
 * or, with contacts, as a correction of the phone and e-mail alone
 * (ACT_MEMBER_CONTACTS: other keys refused by name, judged on those two
 * fields, written by their own statement).  One transaction; the change
 * recorded in the history and audited (before and after).
 */
static int
patch_member(struct svc *s, int64_t id, const json_t *patch, int64_t if_match,
    bool contacts, struct member *ret, struct cb_error *err)
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
	/* Read under the writers' lock: a write without If-Match is not
	 * refused because another changed the record meanwhile. */
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = load_member(s, id, &cur, err)) != 0 ||
	    (rc = svc_allow_member(s,
	         contacts ? ACT_MEMBER_CONTACTS : ACT_MEMBER_WRITE, &cur,
	         err)) != 0 ||
	    (contacts && (rc = contacts_only(patch, err)) != 0))
		goto fail;
	if (contacts && cur.masked != 0) {
		/* Never write back a record read with fields withheld. */
		rc = cb_error_set(err, CB_EPERM, "forbidden_write", NULL);
		goto fail;
	}
	if (if_match != 0 && if_match != cur.version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	if (member_copy(&next, &cur) != 0) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if ((rc = member_apply_json(&next, patch, false, rb, s->today, err)) !=
	    0) {
		/* Every problem at once, each on the field edited. */
		if (!contacts)
			rc = svc_member_judge_rest(s, &next, rc, err);
		if (rc == -CB_EINVAL &&
		    member_errors_follow_edit(err, &cur, &next) != 0)
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if (next.org_id != cur.org_id &&
	    (rc = allow_in_org(s, ACT_MEMBER_WRITE, next.org_id, err)) != 0)
		goto fail;
	if ((diff = member_diff(&cur, &next)) == NULL) {
		/* Nothing changes: no write, no new version. */
		store_rollback(s->st);
		member_release(ret);
		*ret = cur;
		member_release(&next);
		return 0;
	}
	rc = judge(s, &next, err);
	/* A correction of the contacts is judged on its own two fields: a
	 * problem elsewhere in the record (an old value of no reference
	 * list, say) is not the secretary's to fix, and must not stop a
	 * corrected phone number. */
	if (contacts && rc == -CB_EINVAL)
		rc = contacts_errors_only(err);
	if (rc != 0) {
		/* Each error on the field that was edited. */
		if (member_errors_follow_edit(err, &cur, &next) != 0)
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if ((rc = contacts ?
	            store_member_update_contacts(s->st, &next, cur.version,
	                err) :
	            store_member_update(s->st, &next, cur.version, err)) != 0)
		goto fail;
	if (next.org_id != cur.org_id &&
	    (rc = svc_member_event_add(s, id, MEV_MOVED, s->today, NULL,
	         next.org_id,
	         json_pack("{s:I, s:I}", "from", (json_int_t)cur.org_id, "to",
	             (json_int_t)next.org_id),
	         err)) != 0)
		goto fail;
	rc = svc_member_event_add(s, id, MEV_RECORD_UPDATED, s->today, NULL,
	    next.org_id, json_pack("{s:O}", "changes", diff), err);
	if (rc == 0)
		rc = audit_change(s, "member.update", &cur, &next,
		    contacts ? json_pack("{s:s}", "via", "contacts") :
		               import_detail(s),
		    err);
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
svc_member_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct member *ret, struct cb_error *err)
{
	return patch_member(s, id, patch, if_match, false, ret, err);
}

int
svc_member_contacts(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct member *ret, struct cb_error *err)
{
	return patch_member(s, id, patch, if_match, true, ret, err);
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
	/* Under the writers' lock, as patch_member: a delete without
	 * If-Match is not refused because of a change meanwhile. */
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = load_member(s, id, &cur, err)) != 0 ||
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
	         err)) == 0 &&
	    (rc = judge(s, &next, err)) == 0 &&
	    (rc = store_member_update(s->st, &next, m->version, err)) == 0 &&
	    (rc = svc_member_event_add(s, m->id, MEV_MOVED, on, doc_no, to->id,
	         json_pack("{s:I, s:I, s:s?}", "from", (json_int_t)from, "to",
	             (json_int_t)to->id, "reason", reason),
	         err)) == 0)
		rc = audit_change(s, "member.move", m, &next,
		    json_pack("{s:s?, s:s, s:s?}", "reason", reason, "on", on,
		        "doc_no", doc_no),
		    err);
	if (rc == 0) {
		member_release(m);
		*m = next;
	} else
		member_release(&next);
	return rc;
}

/* Applies event e to the record next (a copy of the stored one) by the
 * member state machine (core/member-event.h), with the rules that apply
 * to its organisation.  The organisation is read only for an event that
 * needs it, once the checks that do not have passed. */
static int
apply_event(struct svc *s, struct member *next, const struct member_event *e,
    struct cb_error *err)
{
	const struct rulebook *rb = svc_rules(s, err);
	struct org org;
	bool found = false;
	int rc;

	if (rb == NULL)
		return -err->code;
	if ((rc = member_event_check(next, e, s->today, err)) != 0)
		return rc;
	org_init(&org);
	if (!member_event_needs_org(e) ||
	    (rc = load_member_org(s, next, &org, &found, err)) == 0)
		rc = member_event_apply(next, e, rb, found ? org.path : NULL,
		    s->today, err);
	org_release(&org);
	return rc;
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
	/* Under the writers' lock, as patch_member. */
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = load_member(s, id, &cur, err)) != 0 ||
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
	if (next.org_id != cur.org_id &&
	    (rc = allow_in_org(s, ACT_MEMBER_WRITE, next.org_id, err)) != 0)
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
		rc = audit_change(s, "member.event", &cur, &next,
		    json_pack("{s:s, s:s, s:s?}", "kind",
		        member_event_kind_name(e->kind), "on", e->on, "doc_no",
		        e->doc_no),
		    err);
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
svc_member_count(struct svc *s, const struct member_query *q, int64_t *total,
    bool *total_exact, struct cb_error *err)
{
	return store_member_count(s->st, q, total, total_exact, err);
}

/* ------------------------------------------------------------ history */

/*
 * A member's history is what was recorded (member_event) and what the
 * record itself says (one source of truth, no row per fact):
 *
 * - "admitted", "made_official" and "exempted" as the record stood when
 *   it was made: its dates then, read back from the current record
 *   through the "changes" (from/to) of the events that changed it since;
 *   not when a recorded event of that kind already has that date (records
 *   made before these were synthesised, or a re-admission);
 * - "record_created" from the bulk load that made the record (its batch:
 *   who and when), when no event records it.
 */

/* The fields whose value at creation is reconstructed. */
enum { C_ADMITTED, C_DECISION, C_OFFICIAL, C_STATUS, C_EXEMPT, C_ORG, C__MAX };
static const char *const creation_fields[C__MAX] = {
	[C_ADMITTED] = "admitted_on",
	[C_DECISION] = "admission_decision_date",
	[C_OFFICIAL] = "official_on",
	[C_STATUS] = "status",
	[C_EXEMPT] = "exempt_since",
	[C_ORG] = "org_id",
};

struct creation {
	char admitted[DATE_LEN];
	char decision[DATE_LEN];
	char official[DATE_LEN];
	char exempt[DATE_LEN];
	bool official_status;
	int64_t org_id;
};

static int
event_id_cmp(const void *a, const void *b)
{
	const struct member_event *x = *(const struct member_event *const *)a;
	const struct member_event *y = *(const struct member_event *const *)b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Sets field f of c from a JSON value (a "from"). */
static void
creation_set(struct creation *c, int f, const json_t *v)
{
	const char *str = json_string_value(v);
	char *d = f == C_ADMITTED ? c->admitted :
	    f == C_DECISION       ? c->decision :
	    f == C_OFFICIAL       ? c->official :
	    f == C_EXEMPT         ? c->exempt :
	                            NULL;

	if (d != NULL)
		snprintf(d, DATE_LEN, "%s", str != NULL ? str : "");
	else if (f == C_STATUS)
		c->official_status = str != NULL &&
		    strcmp(str, "official") == 0;
	else if (f == C_ORG)
		c->org_id = json_is_integer(v) ? json_integer_value(v) : 0;
}

/* The record as it was made: m, with every field a later event changed
 * set back to the value that event found. */
static int
creation_of(const struct member *m, const struct member_event_list *l,
    struct creation *c)
{
	const struct member_event **byid;
	bool fixed[C__MAX] = { false };
	size_t i;
	int f;

	snprintf(c->admitted, DATE_LEN, "%s", m->admitted_on);
	snprintf(c->decision, DATE_LEN, "%s", m->admission_decision_date);
	snprintf(c->official, DATE_LEN, "%s", m->official_on);
	snprintf(c->exempt, DATE_LEN, "%s", m->exempt_since);
	c->official_status = m->status == MSTATUS_OFFICIAL;
	c->org_id = m->org_id;
	if (l->n == 0)
		return 0;
	if ((byid = calloc(l->n, sizeof(*byid))) == NULL)
		return -CB_ENOMEM;
	for (i = 0; i < l->n; i++)
		byid[i] = &l->items[i];
	qsort(byid, l->n, sizeof(*byid), event_id_cmp);
	for (i = 0; i < l->n; i++) {
		const struct member_event *e = byid[i];
		json_t *d, *ch;

		if (e->details == NULL ||
		    (d = json_loads(e->details, 0, NULL)) == NULL)
			continue;
		ch = json_object_get(d, "changes");
		for (f = 0; f < C__MAX; f++) {
			json_t *one = json_object_get(ch, creation_fields[f]);

			if (fixed[f] || !json_is_object(one))
				continue;
			creation_set(c, f, json_object_get(one, "from"));
			fixed[f] = true;
		}
		/* A move by a merge or split says only where from. */
		if (!fixed[C_ORG] && e->kind == MEV_MOVED &&
		    json_is_integer(json_object_get(d, "from"))) {
			creation_set(c, C_ORG, json_object_get(d, "from"));
			fixed[C_ORG] = true;
		}
		json_decref(d);
	}
	free(byid);
	return 0;
}

static bool
has_event(const struct member_event_list *l, enum member_event_kind k,
    const char *on)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->items[i].kind == k &&
		    (on == NULL || strcmp(l->items[i].on, on) == 0))
			return true;
	return false;
}

/* Appends a synthesised event (id 0). */
static int
synth_add(struct member_event_list *l, size_t *cap, int64_t member_id,
    enum member_event_kind kind, const char *on, int64_t org_id,
    json_t *details, const char *by, const char *at)
{
	struct member_event *e;

	if (array_grow(&l->items, cap, l->n + 1, sizeof(*l->items)) != 0) {
		json_decref(details);
		return -CB_ENOMEM;
	}
	e = &l->items[l->n];
	memset(e, 0, sizeof(*e));
	e->member_id = member_id;
	e->kind = kind;
	snprintf(e->on, sizeof(e->on), "%s", on);
	e->org_id = org_id;
	e->details = details ?
	    json_dumps(details, JSON_COMPACT | JSON_SORT_KEYS) :
	    NULL;
	json_decref(details);
	e->recorded_by = by ? strdup(by) : NULL;
	e->recorded_at = at ? strdup(at) : NULL;
	l->n++;
	if ((by && e->recorded_by == NULL) || (at && e->recorded_at == NULL))
		return -CB_ENOMEM;
	return 0;
}

/* The order of a history: by date; on one date what the record says
 * (in the order of a life: admitted, made official, exempted) before
 * what was recorded, then by id. */
static int
synth_rank(const struct member_event *e)
{
	if (e->id != 0)
		return 10;
	return e->kind == MEV_ADMITTED ?
	    0 :
	    e->kind == MEV_MADE_OFFICIAL ?
	    1 :
	    e->kind == MEV_EXEMPTED ?
	    2 :
	    3;
}

static int
history_cmp(const void *a, const void *b)
{
	const struct member_event *x = a, *y = b;
	int c = strcmp(x->on, y->on);

	if (c != 0)
		return c;
	if (synth_rank(x) != synth_rank(y))
		return synth_rank(x) - synth_rank(y);
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
history_synthesise(struct svc *s, const struct member *m,
    struct member_event_list *l, struct cb_error *err)
{
	struct import_batch batch;
	struct creation c;
	const char *by = NULL, *at = NULL, *created_on = NULL;
	size_t cap = l->n, i;
	int64_t batch_id = 0;
	int rc;

	memset(&batch, 0, sizeof(batch));
	if ((rc = creation_of(m, l, &c)) != 0)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	for (i = 0; i < l->n; i++)
		if (l->items[i].kind == MEV_RECORD_CREATED) {
			by = l->items[i].recorded_by;
			at = l->items[i].recorded_at;
			created_on = l->items[i].on;
			break;
		}
	if (created_on == NULL) {
		if ((rc = store_member_batch(s->st, m->id, &batch_id, err)) !=
		    0)
			return rc;
		if (batch_id != 0 &&
		    (rc = store_import_batch_get(s->st, batch_id, &batch,
		         err)) != 0)
			return rc;
	}
	/* l->items may move while synthesised events are added: copy what
	 * is borrowed from it first. */
	{
		char *cby = by ?
		    strdup(by) :
		    batch.actor ?
		    strdup(batch.actor) :
		    NULL;
		char *cat = at ?
		    strdup(at) :
		    batch.created_at ?
		    strdup(batch.created_at) :
		    NULL;

		rc = 0;
		if (created_on == NULL && batch_id != 0)
			rc = synth_add(l, &cap, m->id, MEV_RECORD_CREATED,
			    batch.on, c.org_id,
			    json_pack("{s:I}", "import_batch_id",
			        (json_int_t)batch_id),
			    cby, cat);
		if (rc == 0 && c.admitted[0] &&
		    !has_event(l, MEV_ADMITTED, c.admitted))
			rc = synth_add(l, &cap, m->id, MEV_ADMITTED,
			    c.admitted, c.org_id,
			    c.decision[0] ?
			        json_pack("{s:s}", "decision_date",
			            c.decision) :
			        NULL,
			    cby, cat);
		if (rc == 0 && c.official_status && c.official[0] &&
		    !has_event(l, MEV_MADE_OFFICIAL, c.official))
			rc = synth_add(l, &cap, m->id, MEV_MADE_OFFICIAL,
			    c.official, c.org_id, NULL, cby, cat);
		if (rc == 0 && c.exempt[0] &&
		    !has_event(l, MEV_EXEMPTED, c.exempt))
			rc = synth_add(l, &cap, m->id, MEV_EXEMPTED, c.exempt,
			    c.org_id, NULL, cby, cat);
		free(cby);
		free(cat);
	}
	import_batch_release(&batch);
	if (rc != 0)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if (l->n > 1)
		qsort(l->items, l->n, sizeof(*l->items), history_cmp);
	return 0;
}

/* Removes from o the keys naming a field of mask; appends their names
 * to withheld. */
static void
mask_keys(json_t *o, uint64_t mask, json_t *withheld)
{
	size_t i;

	for (i = 0; i < member_entity.nfields && i < 64; i++) {
		const char *name = member_entity.fields[i].name;

		if ((mask & ((uint64_t)1 << i)) == 0 ||
		    json_object_get(o, name) == NULL)
			continue;
		json_object_del(o, name);
		json_array_append_new(withheld, json_string(name));
	}
}

int
svc_member_event_mask(struct member_event *e, uint64_t mask)
{
	json_t *d, *withheld;
	char *text;
	int rc = 0;

	if (mask == 0 || e->details == NULL ||
	    (d = json_loads(e->details, 0, NULL)) == NULL)
		return 0;
	if ((withheld = json_array()) == NULL) {
		json_decref(d);
		return -CB_ENOMEM;
	}
	mask_keys(json_object_get(d, "changes"), mask, withheld);
	mask_keys(d, mask, withheld);
	if (json_array_size(withheld) > 0) {
		json_object_set(d, "masked", withheld);
		text = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (text == NULL)
			rc = -CB_ENOMEM;
		else {
			free(e->details);
			e->details = text;
		}
	}
	json_decref(withheld);
	json_decref(d);
	return rc;
}

int
svc_member_history(struct svc *s, int64_t id, struct member_event_list *ret,
    struct cb_error *err)
{
	struct member m;
	size_t i;
	int rc;

	member_init(&m);
	if ((rc = load_member(s, id, &m, err)) == 0 &&
	    (rc = svc_allow_member(s, ACT_MEMBER_READ, &m, err)) == 0 &&
	    (rc = store_member_events(s->st, id, ret, err)) == 0 &&
	    (rc = history_synthesise(s, &m, ret, err)) != 0)
		member_event_list_release(ret);
	/* What the record withholds, its history withholds too (the
	 * before and after of each change). */
	for (i = 0; rc == 0 && m.masked != 0 && i < ret->n; i++)
		if (svc_member_event_mask(&ret->items[i], m.masked) != 0) {
			member_event_list_release(ret);
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		}
	member_release(&m);
	return rc;
}
