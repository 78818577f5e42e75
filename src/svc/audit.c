/* audit.c - recording and checking the audit trail.  See svc.h. */
#include "svc/svc-int.h"

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
	struct audit_entry e;
	int rc;

	if (entry_make(s, &e, s->actor, s->who->user_id, "member.view",
	        "member", m->id, m->org_id, NULL, NULL, NULL) != 0)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if (s->view_sink != NULL) {
		/* The sink owns it now; it is written with the next batch. */
		struct audit_entry *copy = malloc(sizeof(*copy));

		if (copy == NULL) {
			audit_entry_release(&e);
			return cb_error_set(err, CB_ENOMEM, NULL, NULL);
		}
		*copy = e;
		s->view_sink(s->view_arg, copy);
		return 0;
	}
	if ((rc = store_begin(s->st, err)) != 0)
		goto out;
	if ((rc = store_audit_append(s->st, &e, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		store_rollback(s->st);
out:
	audit_entry_release(&e);
	return rc;
}

int
svc_audit_flush(struct svc *s, struct audit_entry *entries, size_t n,
    struct cb_error *err)
{
	int rc;

	if (n == 0)
		return 0;
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	rc = store_audit_append_many(s->st, entries, n, err);
	if (rc == 0 && (rc = store_commit(s->st, err)) == 0)
		return 0;
	store_rollback(s->st);
	return rc;
}

int
svc_audit_list(struct svc *s, const struct audit_query *q,
    struct audit_list *ret, struct cb_error *err)
{
	if (!principal_can(s->who, ACT_AUDIT_READ))
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	return store_audit_list(s->st, q, ret, err);
}

static int
verify_one(const struct audit_entry *e, void *arg)
{
	audit_verify_step(arg, e);
	return 0;
}

int
svc_audit_verify(struct svc *s, struct audit_report *ret, struct cb_error *err)
{
	struct audit_verify v;
	int rc;

	if (!s->who->system)
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	memset(ret, 0, sizeof(*ret));
	audit_verify_init(&v);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	/* One snapshot: the head and the entries read together. */
	if ((rc = store_audit_head(s->st, &ret->head_id, ret->head_hash,
	         err)) == 0)
		rc = store_audit_each(s->st, verify_one, &v, err);
	store_rollback(s->st);
	if (rc != 0)
		return rc;
	ret->ok = audit_verify_end(&v, ret->head_id, ret->head_hash);
	ret->count = v.count;
	ret->bad_id = v.bad_id;
	ret->bad_code = v.bad_code;
	return 0;
}
