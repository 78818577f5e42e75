/*
 * meeting.c - cell meetings and their attendance (svc.h): the record read
 * from JSON through the field table, judged by core/meeting.c, written
 * by store/store-meeting.c (which checks the scope and that the chair,
 * the secretary and each attendee are members of the meeting's
 * organisation), every write audited and the kept meetings check of
 * its organisation and year rewritten in its transaction
 * (svc/meeting-check.c).
 */
#include "svc/svc-int.h"

#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/meeting.h"

#include "util/banned.h"

int
svc_meeting_create(struct svc *s, const json_t *in, struct meeting *m,
    struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_CREATING | JA_REQUIRED | JA_TABLE_ORDER,
	};
	const struct rulebook *rb;
	struct org o;
	bool have_org = false;
	int rc;

	memset(m, 0, sizeof(*m));
	org_init(&o);
	if ((rc = entity_apply_json(&meeting_entity, m, in, &how, err)) != 0)
		return rc;
	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if (m->org_id > 0) {
		if ((rc = svc_org_get(s, m->org_id, &o, err)) == 0)
			have_org = true;
		else if (rc == -CB_ENOTFOUND)
			cb_error_release(err);
		else
			goto fail;
	}
	if ((rc = meeting_validate(m, rb, have_org ? &o : NULL, err)) != 0)
		goto fail;
	free(m->recorded_by);
	if ((m->recorded_by = strdup(s->actor)) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if ((rc = store_meeting_insert(s->st, m, err)) != 0 ||
	    (rc = svc_audit(s, "meeting.create", "meeting", m->id, m->org_id,
	         NULL, entity_to_json(&meeting_entity, m), NULL, err)) != 0 ||
	    (rc = svc_meeting_check_keep_meeting(s, m, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	org_release(&o);
	return 0;
fail:
	org_release(&o);
	return svc_fail(s, rc);
}

int
svc_meeting_get(struct svc *s, int64_t id, struct meeting *ret,
    struct cb_error *err)
{
	return store_meeting_get(s->st, id, ret, NULL, err);
}

int
svc_meeting_list(struct svc *s, const struct meeting_query *q,
    struct meeting_page *ret, struct cb_error *err)
{
	return store_meeting_list(s->st, q, ret, err);
}

int
svc_meeting_attendance_set(struct svc *s, int64_t meeting_id,
    int64_t member_id, const json_t *in, struct meeting_attendance *a,
    struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_CREATING | JA_REQUIRED | JA_TABLE_ORDER,
	};
	struct meeting m;
	int rc;

	memset(a, 0, sizeof(*a));
	memset(&m, 0, sizeof(m));
	if ((rc = entity_apply_json(&meeting_attendance_entity, a, in, &how,
	         err)) != 0)
		return rc;
	a->meeting_id = meeting_id;
	a->member_id = member_id;
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_meeting_get(s->st, meeting_id, &m, NULL, err)) != 0)
		goto fail;
	/* A cancelled meeting had no attendance. */
	if (m.status == MEETING_CANCELLED) {
		rc = cb_error_set(err, CB_ECONFLICT, "meeting_cancelled",
		    NULL);
		goto fail;
	}
	if ((rc = meeting_attendance_validate(a, &m, err)) != 0)
		goto fail;
	if ((a->recorded_by = strdup(s->actor)) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if ((rc = store_meeting_attendance_set(s->st, a, err)) != 0 ||
	    (rc = svc_audit(s, "meeting.attendance", "meeting", meeting_id,
	         m.org_id, NULL, entity_to_json(&meeting_attendance_entity, a),
	         NULL, err)) != 0 ||
	    (rc = svc_meeting_check_keep_meeting(s, &m, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	meeting_release(&m);
	return 0;
fail:
	meeting_release(&m);
	return svc_fail(s, rc);
}

int
svc_meeting_attendance(struct svc *s, int64_t meeting_id,
    struct meeting_attendance_list *ret, struct cb_error *err)
{
	return store_meeting_attendance(s->st, meeting_id, ret, err);
}

int
svc_meeting_roll_counts(struct svc *s, int64_t meeting_id,
    struct meeting_roll_counts *ret, struct cb_error *err)
{
	return store_meeting_roll_counts(s->st, meeting_id, ret, err);
}

int
svc_meeting_roll_add(struct svc *s, int64_t meeting_id, int64_t member_id,
    enum meeting_roll *ret_roll, struct cb_error *err)
{
	enum meeting_roll roll = ROLL_NONE;
	struct meeting m;
	json_t *after;
	int rc;

	memset(&m, 0, sizeof(m));
	if (ret_roll != NULL)
		*ret_roll = ROLL_NONE;
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_meeting_get(s->st, meeting_id, &m, NULL, err)) != 0)
		goto fail;
	if (m.status == MEETING_CANCELLED) {
		rc = cb_error_set(err, CB_ECONFLICT, "meeting_cancelled",
		    NULL);
		goto fail;
	}
	if ((rc = store_meeting_roll_add(s->st, meeting_id, member_id, &roll,
	         err)) != 0)
		goto fail;
	after = json_pack("{s:I, s:s?}", "member_id", (json_int_t)member_id,
	    "roll", meeting_roll_names[roll]);
	if ((rc = svc_audit(s, "meeting.roll_add", "meeting", meeting_id,
	         m.org_id, NULL, after, NULL, err)) != 0 ||
	    (rc = svc_meeting_check_keep_meeting(s, &m, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	meeting_release(&m);
	if (ret_roll != NULL)
		*ret_roll = roll;
	return 0;
fail:
	meeting_release(&m);
	return svc_fail(s, rc);
}

int
svc_meeting_version(struct svc *s, int64_t id, int64_t *ret,
    struct cb_error *err)
{
	struct meeting m;
	int rc;

	memset(&m, 0, sizeof(m));
	if ((rc = store_meeting_get(s->st, id, &m, NULL, err)) == 0)
		*ret = m.version;
	meeting_release(&m);
	return rc;
}

/* The organisation of m for the judgement (have: whether it exists). */
static int
meeting_org(struct svc *s, const struct meeting *m, struct org *o, bool *have,
    struct cb_error *err)
{
	int rc;

	*have = false;
	if (m->org_id <= 0)
		return 0;
	if ((rc = svc_org_get(s, m->org_id, o, err)) == 0)
		*have = true;
	else if (rc == -CB_ENOTFOUND) {
		cb_error_release(err);
		rc = 0;
	}
	return rc;
}

/* Audits a change of meeting a into b: the changed fields. */
static int
audit_meeting_change(struct svc *s, const char *action,
    const struct meeting *a, const struct meeting *b, json_t *detail,
    struct cb_error *err)
{
	json_t *ja = entity_to_json(&meeting_entity, a);
	json_t *jb = entity_to_json(&meeting_entity, b);
	int rc;

	rc = svc_audit(s, action, "meeting", a->id, b->org_id,
	    json_diff_side(ja, jb, true), json_diff_side(ja, jb, false),
	    detail, err);
	json_decref(ja);
	json_decref(jb);
	return rc;
}

int
svc_meeting_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct meeting *ret, struct cb_error *err)
{
	const struct json_apply how = { .flags = JA_TABLE_ORDER };
	const struct rulebook *rb;
	struct meeting cur;
	struct org o;
	bool have_org = false;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&cur, 0, sizeof(cur));
	org_init(&o);
	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_meeting_get(s->st, id, &cur, NULL, err)) != 0 ||
	    (rc = store_meeting_get(s->st, id, ret, NULL, err)) != 0)
		goto fail;
	if (if_match != 0 && if_match != cur.version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	if (cur.status == MEETING_CANCELLED) {
		rc = cb_error_set(err, CB_ECONFLICT, "meeting_cancelled",
		    NULL);
		goto fail;
	}
	if ((rc = entity_apply_json(&meeting_entity, ret, patch, &how, err)) !=
	    0)
		goto fail;
	/* Cancelled through .../cancel, with its reason. */
	if (ret->status == MEETING_CANCELLED) {
		rc = cb_error_field(err, 0, "status", "use_cancel", NULL);
		goto fail;
	}
	if ((rc = meeting_org(s, ret, &o, &have_org, err)) != 0 ||
	    (rc = meeting_validate(ret, rb, have_org ? &o : NULL, err)) != 0 ||
	    (rc = store_meeting_update(s->st, ret, cur.version, err)) != 0 ||
	    (rc = audit_meeting_change(s, "meeting.update", &cur, ret, NULL,
	         err)) != 0 ||
	    /* The kept check where it was and where it is (svc/
	     * meeting-check.c): another organisation or year is both. */
	    (rc = svc_meeting_check_keep_meeting(s, &cur, err)) != 0 ||
	    (rc = svc_meeting_check_keep_meeting(s, ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	meeting_release(&cur);
	org_release(&o);
	return 0;
fail:
	meeting_release(&cur);
	meeting_release(ret);
	org_release(&o);
	return svc_fail(s, rc);
}

int
svc_meeting_cancel(struct svc *s, int64_t id, const json_t *in,
    int64_t if_match, struct meeting *ret, struct cb_error *err)
{
	char *reason = NULL;
	const struct json_extra extra[] = {
		{ "reason", VAL_TEXT_MAX, &reason }, { NULL, 0, NULL }
	};
	const struct json_apply how = { .flags = JA_CREATING | JA_RO_UNKNOWN,
		.extra = extra };
	struct meeting cur, probe;
	const char *key;
	json_t *v;
	int rc = 0;

	memset(ret, 0, sizeof(*ret));
	memset(&cur, 0, sizeof(cur));
	memset(&probe, 0, sizeof(probe));
	if (!json_is_object(in))
		return cb_error_set(err, CB_EINVAL, "invalid_json", NULL);
	/* {reason} and nothing else. */
	json_object_foreach((json_t *)in, key, v) if (strcmp(key, "reason") !=
	    0) rc = cb_error_field(err, 0, key, "unknown_field", NULL);
	if (rc != 0)
		return rc;
	rc = entity_apply_json(&meeting_entity, &probe, in, &how, err);
	meeting_release(&probe);
	if (rc == 0 && (reason == NULL || reason[0] == '\0'))
		rc = cb_error_field(err, 0, "reason", "required", NULL);
	if (rc != 0) {
		free(reason);
		return rc;
	}
	if ((rc = store_begin(s->st, err)) != 0) {
		free(reason);
		return rc;
	}
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_meeting_get(s->st, id, &cur, NULL, err)) != 0 ||
	    (rc = store_meeting_get(s->st, id, ret, NULL, err)) != 0)
		goto fail;
	if (if_match != 0 && if_match != cur.version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	/* Only a planned meeting is cancelled. */
	if (cur.status != MEETING_PLANNED) {
		rc = cb_error_set(err, CB_ECONFLICT, "meeting_not_planned",
		    meeting_status_names[cur.status]);
		goto fail;
	}
	ret->status = MEETING_CANCELLED;
	if ((rc = store_meeting_update(s->st, ret, cur.version, err)) != 0 ||
	    (rc = audit_meeting_change(s, "meeting.cancel", &cur, ret,
	         json_pack("{s:s}", "reason", reason), err)) != 0 ||
	    (rc = svc_meeting_check_keep_meeting(s, ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	free(reason);
	meeting_release(&cur);
	return 0;
fail:
	free(reason);
	meeting_release(&cur);
	meeting_release(ret);
	return svc_fail(s, rc);
}
