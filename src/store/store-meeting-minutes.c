/*
 * store-meeting-minutes.c - a meeting's votes, its minutes and the
 * corrections of locked minutes (migration 0021): rows read and bound
 * through the field tables (MEETING_VOTE_FIELDS, MEETING_MINUTES_FIELDS,
 * MINUTES_CORRECTION_FIELDS); the scope of each is the meeting's, checked
 * here (store_meeting_get, then ACT_MEETING_WRITE on its organisation for
 * the writes a sign-off is not).  See store.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "store/store-field.h"
#include "store/store-int.h"
#include "util/err.h"

#include "util/banned.h"

/* The meeting is seen (else meeting_not_found) and, if write, writable
 * by the principal.  Its organisation in *ret_org_id (may be NULL). */
static int
meeting_scope(struct store *st, int64_t meeting_id, bool write,
    int64_t *ret_org_id, struct cb_error *err)
{
	struct meeting m;
	char *path = NULL;
	int rc;

	memset(&m, 0, sizeof(m));
	if ((rc = store_meeting_get(st, meeting_id, &m, &path, err)) != 0)
		return rc;
	if (write && store_restricted(st))
		rc = scope_may(st, ACT_MEETING_WRITE, path, err);
	if (ret_org_id != NULL)
		*ret_org_id = m.org_id;
	free(path);
	meeting_release(&m);
	return rc;
}

int
store_meeting_vote_insert(struct store *st, struct meeting_vote *v,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	bool g;
	int rc;

	if ((rc = store_check_enums(&meeting_vote_entity, v, err)) != 0 ||
	    (rc = meeting_scope(st, v->meeting_id, true, NULL, err)) != 0)
		return rc;
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MEETING_VOTE_INSERT, err)) == 0) {
		/* 1-13 meeting_id..recorded_by, 14 now */
		q_text(&q,
		    q_fields(&q, 1, &meeting_vote_entity, v,
		        MEETING_VOTE_F_meeting_id, MEETING_VOTE_F_created_at),
		    now);
		rc = q_insert_id(&q, now, &v->id, &v->created_at, err);
	}
	return store_guard_end(st, g, rc, err);
}

/* Appends the rows of an open statement (entity e, items of size e->size)
 * to *items (n of them). */
static int
read_rows(struct q *q, const struct entity *e, void **items, size_t *n,
    struct cb_error *err)
{
	size_t cap = 0;
	char *t;
	int rc;

	while ((rc = q_step(q, err)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((t = realloc(*items, cap * e->size)) == NULL)
				return store_nomem(err);
			*items = t;
		}
		t = (char *)*items + *n * e->size;
		memset(t, 0, e->size);
		if (q_col_entity(q, e, t) != 0)
			return store_nomem(err);
		(*n)++;
	}
	return rc < 0 ? rc : 0;
}

int
store_meeting_votes(struct store *st, int64_t meeting_id,
    struct meeting_vote_list *ret, struct cb_error *err)
{
	void *items = NULL;
	size_t n = 0;
	struct q q;
	int rc;

	meeting_vote_list_release(ret);
	if ((rc = meeting_scope(st, meeting_id, false, NULL, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MEETING_VOTE_LIST, err)) != 0)
		return rc;
	q_int(&q, 1, meeting_id);
	rc = read_rows(&q, &meeting_vote_entity, &items, &n, err);
	q_done(&q);
	ret->items = items;
	ret->n = n;
	if (rc != 0)
		meeting_vote_list_release(ret);
	return rc;
}

int
store_minutes_get(struct store *st, int64_t meeting_id,
    struct meeting_minutes *ret, struct cb_error *err)
{
	struct q q;
	int rc;

	meeting_minutes_release(ret);
	if ((rc = meeting_scope(st, meeting_id, false, NULL, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MINUTES_GET, err)) != 0)
		return rc;
	q_int(&q, 1, meeting_id);
	rc = q_step(&q, err);
	if (rc == 1 && q_col_entity(&q, &meeting_minutes_entity, ret) != 0)
		rc = store_nomem(err);
	q_done(&q);
	if (rc < 0)
		return rc;
	if (rc == 0) { /* none yet: an empty draft */
		ret->meeting_id = meeting_id;
		ret->state = MINUTES_DRAFT;
		ret->version = 0;
	}
	return 0;
}

/* Steps an UPDATE ... RETURNING version: the new version in m, or
 * precondition_failed when the expected version is not the stored one. */
static int
step_version(struct q *q, struct meeting_minutes *m, const char *now,
    struct cb_error *err)
{
	int rc = q_step(q, err);

	if (rc == 1)
		m->version = q_col_int(q, 0);
	q_done(q);
	if (rc == 0)
		return cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
	if (rc < 0)
		return rc;
	free(m->updated_at);
	if ((m->updated_at = strdup(now)) == NULL)
		return store_nomem(err);
	return 0;
}

int
store_minutes_put(struct store *st, struct meeting_minutes *m,
    int64_t expected_version, struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	int pos, rc;

	if ((rc = store_check_enums(&meeting_minutes_entity, m, err)) != 0 ||
	    (rc = meeting_scope(st, m->meeting_id, true, NULL, err)) != 0)
		return rc;
	store_now(now);
	if (expected_version == 0) {
		if ((rc = q_open(&q, st, STMT_MINUTES_INSERT, err)) != 0)
			return rc;
		/* 1 meeting, 2-15 course..recorded_by, 16 now */
		q_text(&q,
		    q_fields(&q, 1, &meeting_minutes_entity, m,
		        MEETING_MINUTES_F_meeting_id,
		        MEETING_MINUTES_F_version),
		    now);
		rc = q_run(&q, err);
		/* Someone stored them first: the version was stale. */
		if (rc == -CB_ECONFLICT) {
			cb_error_release(err);
			return cb_error_set(err, CB_EPRECOND,
			    "precondition_failed", NULL);
		}
		if (rc != 0)
			return rc;
		m->version = 1;
		free(m->updated_at);
		return (m->updated_at = strdup(now)) == NULL ?
		    store_nomem(err) :
		    0;
	}
	if ((rc = q_open(&q, st, STMT_MINUTES_UPDATE, err)) != 0)
		return rc;
	/* 1 meeting, 2-15 course..recorded_by, 16 now, 17 version */
	pos = q_fields(&q, 1, &meeting_minutes_entity, m,
	    MEETING_MINUTES_F_meeting_id, MEETING_MINUTES_F_version);
	q_text(&q, pos, now);
	q_int(&q, pos + 1, expected_version);
	return step_version(&q, m, now, err);
}

int
store_minutes_sign(struct store *st, struct meeting_minutes *m,
    int64_t expected_version, struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	int pos, rc;

	if ((rc = store_check_enums(&meeting_minutes_entity, m, err)) != 0 ||
	    (rc = meeting_scope(st, m->meeting_id, false, NULL, err)) != 0)
		return rc;
	store_now(now);
	if ((rc = q_open(&q, st, STMT_MINUTES_SIGN, err)) != 0)
		return rc;
	/* 1 meeting, 2-10 state..locked_by, 11 now, 12 version */
	q_int(&q, 1, m->meeting_id);
	pos = q_fields(&q, 2, &meeting_minutes_entity, m,
	    MEETING_MINUTES_F_state, MEETING_MINUTES_F_recorded_by);
	q_text(&q, pos, now);
	q_int(&q, pos + 1, expected_version);
	return step_version(&q, m, now, err);
}

int
store_minutes_correction_add(struct store *st, struct minutes_correction *c,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	bool g;
	int rc;

	if ((rc = meeting_scope(st, c->meeting_id, true, NULL, err)) != 0)
		return rc;
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MINUTES_CORRECTION_ADD, err)) == 0) {
		/* 1-5 meeting_id..recorded_by, 6 now */
		q_text(&q,
		    q_fields(&q, 1, &minutes_correction_entity, c,
		        MINUTES_CORRECTION_F_meeting_id,
		        MINUTES_CORRECTION_F_recorded_at),
		    now);
		rc = q_insert_id(&q, now, &c->id, &c->recorded_at, err);
	}
	return store_guard_end(st, g, rc, err);
}

int
store_minutes_corrections(struct store *st, int64_t meeting_id,
    struct minutes_correction_list *ret, struct cb_error *err)
{
	void *items = NULL;
	size_t n = 0;
	struct q q;
	int rc;

	minutes_correction_list_release(ret);
	if ((rc = meeting_scope(st, meeting_id, false, NULL, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MINUTES_CORRECTIONS, err)) != 0)
		return rc;
	q_int(&q, 1, meeting_id);
	rc = read_rows(&q, &minutes_correction_entity, &items, &n, err);
	q_done(&q);
	ret->items = items;
	ret->n = n;
	if (rc != 0)
		minutes_correction_list_release(ret);
	return rc;
}
