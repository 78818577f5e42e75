/*
 * store-resolution.c - a meeting's resolution, its tasks and its
 * self-score (migration 0022; store.h).  Every function checks the scope
 * on the path of the meeting's (or task's) organisation, as
 * store-meeting.c does for the meeting itself.
 *
 * The resolution's number is given by STMT_RESOLUTION_SERIES_NEXT, an
 * upsert of the (organisation, year) row of resolution_series that holds
 * the row's lock (PostgreSQL) or the database's write lock (SQLite's
 * BEGIN IMMEDIATE) to the end of the approving transaction: concurrent
 * approvals take their turns, and one that fails rolls its number back
 * with it, so the series has no two alike and no gap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store-int.h"
#include "util/err.h"

#include "util/banned.h"

static int
resolution_not_found(struct cb_error *err)
{
	return cb_error_set(err, CB_ENOTFOUND, "resolution_not_found", NULL);
}

static int
task_not_found(struct cb_error *err)
{
	return cb_error_set(err, CB_ENOTFOUND, "task_not_found", NULL);
}

static int
stale(struct cb_error *err)
{
	return cb_error_set(err, CB_EPRECOND, "precondition_failed", NULL);
}

/* The meeting (read scope) and, for a write, ACT_MEETING_WRITE on it. */
static int
meeting_scope(struct store *st, int64_t meeting_id, bool write,
    struct meeting *ret, struct cb_error *err)
{
	char *path = NULL;
	int rc;

	if ((rc = store_meeting_get(st, meeting_id, ret, &path, err)) != 0)
		return rc;
	if (write && store_restricted(st))
		rc = scope_may(st, ACT_MEETING_WRITE, path, err);
	free(path);
	if (rc != 0)
		meeting_release(ret);
	return rc;
}

/* A nullable count: -1 binds NULL. */
static void
q_count(struct q *q, int pos, int64_t v)
{
	if (v < 0)
		q_null(q, pos);
	else
		q_int(q, pos, v);
}

static int64_t
col_count(struct q *q, int col)
{
	return q_col_text(q, col) == NULL ? -1 : q_col_int(q, col);
}

/* Reads a TASK_COLS row (the path, column 15, into *ret_path if asked). */
static int
task_row(struct q *q, struct meeting_task *t, char **ret_path)
{
	const char *s;
	int rc = 0;

	memset(t, 0, sizeof(*t));
	t->id = q_col_int(q, 0);
	t->org_id = q_col_int(q, 1);
	t->meeting_id = q_col_int(q, 2);
	t->assignee_id = q_col_text(q, 3) == NULL ? 0 : q_col_int(q, 3);
	rc |= q_col_dup(q, 4, &t->assignee_text);
	rc |= q_col_dup(q, 5, &t->assignee_name);
	rc |= q_col_dup(q, 6, &t->what);
	q_col_date(q, 7, t->due_on);
	s = q_col_text(q, 8);
	t->status = (enum task_status)(s != NULL && task_status_parse(s) >= 0 ?
	        task_status_parse(s) :
	        TASK_OPEN);
	rc |= q_col_dup(q, 9, &t->result);
	rc |= q_col_dup(q, 10, &t->done_at);
	rc |= q_col_dup(q, 11, &t->recorded_by);
	t->version = q_col_int(q, 12);
	rc |= q_col_dup(q, 13, &t->created_at);
	rc |= q_col_dup(q, 14, &t->updated_at);
	if (ret_path != NULL)
		rc |= q_col_dup(q, 15, ret_path);
	return rc != 0 ? -CB_ENOMEM : 0;
}

/* Runs a task list statement (already bound) into ret. */
static int
task_rows(struct q *q, struct meeting_task_list *ret, struct cb_error *err)
{
	struct meeting_task *t;
	size_t cap = 0;
	int rc;

	while ((rc = q_step(q, err)) == 1) {
		if (ret->n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((t = realloc(ret->items, cap * sizeof(*t))) ==
			    NULL) {
				rc = store_nomem(err);
				break;
			}
			ret->items = t;
		}
		if (task_row(q, &ret->items[ret->n], NULL) != 0) {
			meeting_task_release(&ret->items[ret->n]);
			rc = store_nomem(err);
			break;
		}
		ret->n++;
	}
	q_done(q);
	if (rc < 0) {
		meeting_task_list_release(ret);
		return rc;
	}
	return 0;
}

int
store_score_get(struct store *st, int64_t meeting_id,
    struct meeting_score *ret, struct cb_error *err)
{
	struct meeting m;
	struct q q;
	int rc;

	memset(&m, 0, sizeof(m));
	meeting_score_release(ret);
	if ((rc = meeting_scope(st, meeting_id, false, &m, err)) != 0)
		return rc;
	meeting_release(&m);
	if ((rc = q_open(&q, st, STMT_SCORE_GET, err)) != 0)
		return rc;
	q_int(&q, 1, meeting_id);
	if ((rc = q_step(&q, err)) == 1) {
		const char *band = q_col_text(&q, 5);

		ret->meeting_id = q_col_int(&q, 0);
		ret->org_id = q_col_int(&q, 1);
		ret->total = q_col_int(&q, 3);
		ret->max_total = q_col_int(&q, 4);
		snprintf(ret->band, sizeof(ret->band), "%s",
		    band != NULL ? band : "");
		ret->version = q_col_int(&q, 9);
		if (q_col_dup(&q, 2, &ret->scores) != 0 ||
		    q_col_dup(&q, 6, &ret->rule_id) != 0 ||
		    q_col_dup(&q, 7, &ret->citation) != 0 ||
		    q_col_dup(&q, 8, &ret->recorded_by) != 0 ||
		    q_col_dup(&q, 10, &ret->updated_at) != 0)
			rc = store_nomem(err);
	}
	q_done(&q);
	if (rc == 0)
		rc = cb_error_set(err, CB_ENOTFOUND, "score_not_found", NULL);
	if (rc < 0) {
		meeting_score_release(ret);
		return rc;
	}
	return 0;
}

int
store_score_set(struct store *st, struct meeting_score *s,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct meeting m;
	struct q q;
	bool g;
	int rc;

	memset(&m, 0, sizeof(m));
	if ((rc = meeting_scope(st, s->meeting_id, true, &m, err)) != 0)
		return rc;
	s->org_id = m.org_id;
	meeting_release(&m);
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_SCORE_SET, err)) == 0) {
		q_int(&q, 1, s->meeting_id);
		q_int(&q, 2, s->org_id);
		q_text(&q, 3, s->scores);
		q_int(&q, 4, s->total);
		q_int(&q, 5, s->max_total);
		q_text(&q, 6, s->band);
		q_text(&q, 7, s->rule_id);
		q_text_opt(&q, 8, s->citation);
		q_text_opt(&q, 9, s->recorded_by);
		q_text(&q, 10, now);
		if ((rc = q_step(&q, err)) == 1) {
			s->version = q_col_int(&q, 0);
			rc = 0;
		} else if (rc == 0)
			rc = cb_error_set(err, CB_EIO, "storage_error", NULL);
		q_done(&q);
	}
	rc = store_guard_end(st, g, rc, err);
	if (rc == 0) {
		free(s->updated_at);
		if ((s->updated_at = strdup(now)) == NULL)
			rc = store_nomem(err);
	}
	return rc;
}

/* The resolution row alone (no scope check). */
static int
resolution_fetch(struct store *st, int64_t meeting_id,
    struct meeting_resolution *r, struct cb_error *err)
{
	const char *s;
	struct q q;
	int rc;

	meeting_resolution_release(r);
	if ((rc = q_open(&q, st, STMT_RESOLUTION_GET, err)) != 0)
		return rc;
	q_int(&q, 1, meeting_id);
	if ((rc = q_step(&q, err)) == 1) {
		r->meeting_id = q_col_int(&q, 0);
		r->org_id = q_col_int(&q, 1);
		r->year = (int)q_col_int(&q, 2);
		r->number = q_col_text(&q, 3) == NULL ? 0 : q_col_int(&q, 3);
		s = q_col_text(&q, 4);
		r->status = s != NULL && strcmp(s, "approved") == 0 ?
		    RESOLUTION_APPROVED :
		    RESOLUTION_DRAFT;
		r->vote_for = col_count(&q, 7);
		r->vote_total = col_count(&q, 8);
		r->version = q_col_int(&q, 12);
		if (q_col_dup(&q, 5, &r->results) != 0 ||
		    q_col_dup(&q, 6, &r->directions) != 0 ||
		    q_col_dup(&q, 9, &r->approved_at) != 0 ||
		    q_col_dup(&q, 10, &r->approved_by) != 0 ||
		    q_col_dup(&q, 11, &r->recorded_by) != 0 ||
		    q_col_dup(&q, 13, &r->created_at) != 0 ||
		    q_col_dup(&q, 14, &r->updated_at) != 0)
			rc = store_nomem(err);
	}
	q_done(&q);
	if (rc == 0)
		rc = resolution_not_found(err);
	if (rc < 0) {
		meeting_resolution_release(r);
		return rc;
	}
	return 0;
}

int
store_resolution_get(struct store *st, int64_t meeting_id,
    struct meeting_resolution *ret, struct cb_error *err)
{
	struct meeting m;
	struct q q;
	int rc;

	memset(&m, 0, sizeof(m));
	meeting_resolution_release(ret);
	if ((rc = meeting_scope(st, meeting_id, false, &m, err)) != 0)
		return rc;
	meeting_release(&m);
	if ((rc = resolution_fetch(st, meeting_id, ret, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_RESOLUTION_ITEMS, err)) != 0)
		goto fail;
	q_int(&q, 1, meeting_id);
	if ((rc = task_rows(&q, &ret->previous, err)) != 0)
		goto fail;
	if ((rc = q_open(&q, st, STMT_TASK_LIST_MEETING, err)) != 0)
		goto fail;
	q_int(&q, 1, meeting_id);
	if ((rc = task_rows(&q, &ret->tasks, err)) != 0)
		goto fail;
	rc = store_score_get(st, meeting_id, &ret->score, err);
	if (rc == -CB_ENOTFOUND) {
		cb_error_release(err);
		rc = 0;
	} else if (rc == 0)
		ret->has_score = true;
	if (rc == 0)
		return 0;
fail:
	meeting_resolution_release(ret);
	return rc;
}

int
store_resolution_put(struct store *st, struct meeting_resolution *r,
    int64_t expected_version, bool *ret_created, struct cb_error *err)
{
	struct meeting_resolution cur;
	char now[TIMESTAMP_LEN];
	struct meeting m;
	struct q q;
	bool g;
	int rc;

	*ret_created = false;
	memset(&m, 0, sizeof(m));
	meeting_resolution_init(&cur);
	if ((rc = meeting_scope(st, r->meeting_id, true, &m, err)) != 0)
		return rc;
	r->org_id = m.org_id;
	meeting_release(&m);
	rc = resolution_fetch(st, r->meeting_id, &cur, err);
	if (rc == -CB_ENOTFOUND) {
		cb_error_release(err);
		*ret_created = true;
	} else if (rc != 0)
		return rc;
	else {
		bool approved = cur.status == RESOLUTION_APPROVED;

		r->number = cur.number;
		r->year = cur.year;
		meeting_resolution_release(&cur);
		if (approved)
			return cb_error_set(err, CB_ECONFLICT,
			    "resolution_approved", NULL);
	}
	store_now(now);
	if (*ret_created) {
		if (expected_version > 0)
			return stale(err);
		if ((rc = store_guard_begin(st, &g, err)) != 0)
			return rc;
		if ((rc = q_open(&q, st, STMT_RESOLUTION_INSERT, err)) == 0) {
			q_int(&q, 1, r->meeting_id);
			q_int(&q, 2, r->org_id);
			q_int(&q, 3, r->year);
			q_text_opt(&q, 4, r->results);
			q_text_opt(&q, 5, r->directions);
			q_count(&q, 6, r->vote_for);
			q_count(&q, 7, r->vote_total);
			q_text_opt(&q, 8, r->recorded_by);
			q_text(&q, 9, now);
			rc = q_run(&q, err);
		}
		if (rc == 0 &&
		    (rc = q_open(&q, st, STMT_RESOLUTION_PREFILL, err)) == 0) {
			q_int(&q, 1, r->meeting_id);
			q_int(&q, 2, r->org_id);
			rc = q_run(&q, err);
		}
		rc = store_guard_end(st, g, rc, err);
		if (rc != 0)
			return rc;
		r->version = 1;
		r->status = RESOLUTION_DRAFT;
	} else {
		if ((rc = q_open(&q, st, STMT_RESOLUTION_UPDATE, err)) != 0)
			return rc;
		q_int(&q, 1, r->meeting_id);
		q_text_opt(&q, 2, r->results);
		q_text_opt(&q, 3, r->directions);
		q_count(&q, 4, r->vote_for);
		q_count(&q, 5, r->vote_total);
		q_text_opt(&q, 6, r->recorded_by);
		q_text(&q, 7, now);
		q_int(&q, 8, expected_version);
		rc = q_step(&q, err);
		if (rc == 1)
			r->version = q_col_int(&q, 0);
		q_done(&q);
		if (rc == 0)
			return stale(err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int
store_resolution_approve(struct store *st, int64_t meeting_id,
    int64_t expected_version, const char *approved_by, struct cb_error *err)
{
	return store_resolution_approve_at(st, meeting_id, expected_version,
	    approved_by, NULL, err);
}

int
store_resolution_approve_at(struct store *st, int64_t meeting_id,
    int64_t expected_version, const char *approved_by, const char *at,
    struct cb_error *err)
{
	struct meeting_resolution cur;
	char now[TIMESTAMP_LEN];
	struct meeting m;
	int64_t number = 0;
	struct q q;
	int rc;

	memset(&m, 0, sizeof(m));
	meeting_resolution_init(&cur);
	if ((rc = meeting_scope(st, meeting_id, true, &m, err)) != 0)
		return rc;
	meeting_release(&m);
	if ((rc = resolution_fetch(st, meeting_id, &cur, err)) != 0)
		return rc;
	if (cur.status == RESOLUTION_APPROVED) {
		meeting_resolution_release(&cur);
		return cb_error_set(err, CB_ECONFLICT, "resolution_approved",
		    NULL);
	}
	if (expected_version > 0 && expected_version != cur.version) {
		meeting_resolution_release(&cur);
		return stale(err);
	}
	/* The number: the caller's transaction holds the series row (a
	 * concurrent change found by the UPDATE below fails the caller's
	 * transaction, which gives the number back). */
	if ((rc = q_open(&q, st, STMT_RESOLUTION_SERIES_NEXT, err)) == 0) {
		q_int(&q, 1, cur.org_id);
		q_int(&q, 2, cur.year);
		if ((rc = q_step(&q, err)) == 1) {
			number = q_col_int(&q, 0);
			rc = 0;
		} else if (rc == 0)
			rc = cb_error_set(err, CB_EIO, "storage_error", NULL);
		q_done(&q);
	}
	meeting_resolution_release(&cur);
	if (rc != 0)
		return rc;
	if (at != NULL)
		snprintf(now, sizeof(now), "%s", at);
	else
		store_now(now);
	if ((rc = q_open(&q, st, STMT_RESOLUTION_APPROVE, err)) != 0)
		return rc;
	q_int(&q, 1, meeting_id);
	q_int(&q, 2, number);
	q_text(&q, 3, now);
	q_text_opt(&q, 4, approved_by);
	q_int(&q, 5, expected_version);
	rc = q_step(&q, err);
	q_done(&q);
	if (rc == 0) {
		/* Approved meanwhile, or a stale version: which one? */
		if (resolution_fetch(st, meeting_id, &cur, err) == 0 &&
		    cur.status == RESOLUTION_APPROVED) {
			meeting_resolution_release(&cur);
			return cb_error_set(err, CB_ECONFLICT,
			    "resolution_approved", NULL);
		}
		meeting_resolution_release(&cur);
		return stale(err);
	}
	return rc < 0 ? rc : 0;
}

/* Whether member id is on the rolls of organisation org_id. */
static int
assignee_check(struct store *st, int64_t id, int64_t org_id,
    struct cb_error *err)
{
	struct q q;
	int rc;

	if (id == 0)
		return 0;
	if ((rc = q_open(&q, st, STMT_MEETING_MEMBER_ORG, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	rc = q_step(&q, err);
	if (rc == 1 && q_col_int(&q, 0) == org_id)
		rc = 0;
	else if (rc >= 0)
		rc = cb_error_field(err, 0, "assignee_id",
		    "not_a_member_of_org", NULL);
	q_done(&q);
	return rc;
}

int
store_task_insert(struct store *st, struct meeting_task *t,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct meeting m;
	struct q q;
	bool g;
	int rc;

	memset(&m, 0, sizeof(m));
	if ((rc = meeting_scope(st, t->meeting_id, true, &m, err)) != 0)
		return rc;
	t->org_id = m.org_id;
	meeting_release(&m);
	if ((rc = assignee_check(st, t->assignee_id, t->org_id, err)) != 0)
		return rc;
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_TASK_INSERT, err)) == 0) {
		q_int(&q, 1, t->org_id);
		q_int(&q, 2, t->meeting_id);
		q_id(&q, 3, t->assignee_id);
		q_text_opt(&q, 4, t->assignee_text);
		q_text(&q, 5, t->what);
		q_date(&q, 6, t->due_on);
		q_text_opt(&q, 7, t->recorded_by);
		q_text(&q, 8, now);
		rc = q_insert_id(&q, now, &t->id, &t->created_at, err);
	}
	rc = store_guard_end(st, g, rc, err);
	if (rc == 0) {
		t->version = 1;
		t->status = TASK_OPEN;
		free(t->updated_at);
		if ((t->updated_at = strdup(now)) == NULL)
			rc = store_nomem(err);
	}
	return rc;
}

int
store_task_get(struct store *st, int64_t id, struct meeting_task *ret,
    char **ret_path, struct cb_error *err)
{
	char *path = NULL;
	struct q q;
	int rc;

	meeting_task_release(ret);
	if (ret_path != NULL)
		*ret_path = NULL;
	if (store_restricted(st) &&
	    !principal_can(st->who, ACT_MEETING_READ) &&
	    !principal_can(st->who, ACT_MEETING_WRITE))
		return task_not_found(err);
	if ((rc = q_open(&q, st, STMT_TASK_GET, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	if ((rc = q_step(&q, err)) == 1 && task_row(&q, ret, &path) != 0)
		rc = store_nomem(err);
	q_done(&q);
	if (rc == 0)
		rc = task_not_found(err);
	if (rc == 1 && store_restricted(st) &&
	    !principal_may(st->who, ACT_MEETING_READ, path) &&
	    !principal_may(st->who, ACT_MEETING_WRITE, path) &&
	    !(st->who->member_id > 0 &&
	        st->who->member_id == ret->assignee_id))
		rc = task_not_found(err);
	if (rc < 0) {
		meeting_task_release(ret);
		free(path);
		return rc;
	}
	if (ret_path != NULL)
		*ret_path = path;
	else
		free(path);
	return 0;
}

int
store_task_update(struct store *st, struct meeting_task *t,
    int64_t expected_version, struct cb_error *err)
{
	char now[TIMESTAMP_LEN], *path = NULL;
	struct meeting_task cur;
	struct q q;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_task_get(st, t->id, &cur, &path, err)) != 0)
		return rc;
	if (store_restricted(st))
		rc = scope_may(st, ACT_MEETING_WRITE, path, err);
	free(path);
	meeting_task_release(&cur);
	if (rc != 0)
		return rc;
	store_now(now);
	if ((rc = q_open(&q, st, STMT_TASK_UPDATE, err)) != 0)
		return rc;
	q_int(&q, 1, t->id);
	q_text(&q, 2, task_status_names[t->status]);
	q_text_opt(&q, 3, t->result);
	q_text(&q, 4, now);
	q_int(&q, 5, expected_version);
	q_text_opt(&q, 6, t->recorded_by);
	rc = q_step(&q, err);
	if (rc == 1)
		t->version = q_col_int(&q, 0);
	q_done(&q);
	if (rc == 0)
		return stale(err);
	if (rc < 0)
		return rc;
	/* Read it back (done_at, the assignee's name). */
	return store_task_get(st, t->id, t, NULL, err);
}

int
store_task_list_meeting(struct store *st, int64_t meeting_id,
    struct meeting_task_list *ret, struct cb_error *err)
{
	struct meeting m;
	struct q q;
	int rc;

	memset(&m, 0, sizeof(m));
	meeting_task_list_release(ret);
	if ((rc = meeting_scope(st, meeting_id, false, &m, err)) != 0)
		return rc;
	meeting_release(&m);
	if ((rc = q_open(&q, st, STMT_TASK_LIST_MEETING, err)) != 0)
		return rc;
	q_int(&q, 1, meeting_id);
	return task_rows(&q, ret, err);
}

int
store_task_list_org(struct store *st, int64_t org_id, int status, size_t limit,
    struct meeting_task_list *ret, struct cb_error *err)
{
	char *path = NULL;
	struct q q;
	int rc;

	meeting_task_list_release(ret);
	if ((rc = scope_org_for_write(st, org_id, NULL, &path, err)) != 0)
		return rc;
	if (store_restricted(st) &&
	    !principal_may(st->who, ACT_MEETING_READ, path) &&
	    !principal_may(st->who, ACT_MEETING_WRITE, path))
		rc = scope_may(st, ACT_MEETING_READ, path, err);
	free(path);
	if (rc != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_TASK_LIST_ORG, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	q_text_opt(&q, 2, status >= 0 ? task_status_names[status] : NULL);
	q_int(&q, 3, (int64_t)limit);
	return task_rows(&q, ret, err);
}

int
store_task_list_member(struct store *st, int64_t member_id, int status,
    size_t limit, struct meeting_task_list *ret, struct cb_error *err)
{
	char *path = NULL;
	int64_t org_id = 0;
	struct q q;
	int rc;

	meeting_task_list_release(ret);
	if ((rc = scope_member_for_write(st, member_id, NULL, &org_id, &path,
	         err)) != 0)
		return rc;
	if (store_restricted(st) &&
	    !(st->who->member_id > 0 && st->who->member_id == member_id) &&
	    !principal_may(st->who, ACT_MEETING_READ, path) &&
	    !principal_may(st->who, ACT_MEETING_WRITE, path))
		rc = scope_may(st, ACT_MEETING_READ, path, err);
	free(path);
	if (rc != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_TASK_LIST_MEMBER, err)) != 0)
		return rc;
	q_int(&q, 1, member_id);
	q_text_opt(&q, 2, status >= 0 ? task_status_names[status] : NULL);
	q_int(&q, 3, (int64_t)limit);
	return task_rows(&q, ret, err);
}
