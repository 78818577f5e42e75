/*
 * store-meeting.c - meetings and their attendance (migration 0018): rows
 * read and bound through the field tables (MEETING_FIELDS,
 * MEETING_ATTENDANCE_FIELDS), the scope of each row checked here on the
 * path of its organisation.  See store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/meeting.h"
#include "store/cursor.h"
#include "store/store-field.h"
#include "store/store-int.h"
#include "util/err.h"

#include "util/banned.h"

static int
meeting_not_found(struct cb_error *err)
{
	return cb_error_set(err, CB_ENOTFOUND, "meeting_not_found", NULL);
}

/* The roll of meeting m (id, org_id, starts_at) snapshotted (migration
 * 0019): its organisation's members on its date put on it, those on it
 * already kept; with fresh, first the members whose attendance is not
 * recorded taken off (a planned meeting moved to another organisation
 * or date). */
static int
roll_snapshot(struct store *st, const struct meeting *m, bool fresh,
    const char *now, struct cb_error *err)
{
	char on[DATE_LEN];
	struct q q;
	int rc;

	if (meeting_date_vn(m->starts_at, on) != 0)
		return cb_error_field(err, 0, "starts_at", "invalid_datetime",
		    NULL);
	if (fresh) {
		if ((rc = q_open(&q, st, STMT_MEETING_ROLL_DROP_UNRECORDED,
		         err)) != 0)
			return rc;
		q_int(&q, 1, m->id);
		if ((rc = q_run(&q, err)) != 0)
			return rc;
	}
	if ((rc = q_open(&q, st, STMT_MEETING_ROLL_SNAPSHOT, err)) != 0)
		return rc;
	q_int(&q, 1, m->id);
	q_int(&q, 2, m->org_id);
	q_text(&q, 3, on);
	q_text(&q, 4, now);
	return q_run(&q, err);
}

/* The organisation a write names: exists and seen, then writable. */
static int
org_writable(struct store *st, int64_t org_id, char **ret_path,
    struct cb_error *err)
{
	int rc;

	*ret_path = NULL;
	if (org_id <= 0)
		return cb_error_field(err, 0, "org_id", "required", NULL);
	if ((rc = scope_org_for_write(st, org_id, "org_id", ret_path, err)) !=
	    0)
		return rc;
	if (!store_restricted(st))
		return 0;
	if ((rc = scope_may(st, ACT_MEETING_WRITE, *ret_path, err)) != 0) {
		free(*ret_path);
		*ret_path = NULL;
	}
	return rc;
}

/* Whether member id is on the rolls of organisation org_id: a field error
 * on field if not.  0, -CB_EINVAL (recorded) or a store error. */
static int
check_member_of(struct store *st, int64_t id, int64_t org_id,
    const char *field, struct cb_error *err)
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
		rc = cb_error_field(err, 0, field, "not_a_member_of_org",
		    NULL);
	q_done(&q);
	return rc;
}

/* The chair and the secretary, both checked (every problem at once). */
static int
check_officers(struct store *st, const struct meeting *m, struct cb_error *err)
{
	int a = check_member_of(st, m->chair_id, m->org_id, "chair_id", err);
	int b = check_member_of(st, m->secretary_id, m->org_id, "secretary_id",
	    err);

	if (a != 0 && a != -CB_EINVAL)
		return a;
	if (b != 0 && b != -CB_EINVAL)
		return b;
	return a != 0 ? a : b;
}

int
store_meeting_insert(struct store *st, struct meeting *m, struct cb_error *err)
{
	char now[TIMESTAMP_LEN], *path = NULL;
	struct q q;
	bool g;
	int rc;

	if ((rc = store_check_enums(&meeting_entity, m, err)) != 0)
		return rc;
	if ((rc = org_writable(st, m->org_id, &path, err)) != 0)
		return rc;
	free(path);
	if ((rc = check_officers(st, m, err)) != 0)
		return rc;
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MEETING_INSERT, err)) == 0) {
		q.fk_field = "org_id";
		/* 1-14 the data fields (org_id to recorded_by), 15 now */
		q_text(&q,
		    q_fields(&q, 1, &meeting_entity, m, MEETING_F_org_id,
		        MEETING_F_version),
		    now);
		rc = q_insert_id(&q, now, &m->id, &m->created_at, err);
	}
	if (rc == 0)
		rc = roll_snapshot(st, m, false, now, err);
	rc = store_guard_end(st, g, rc, err);
	if (rc == 0) {
		m->version = 1;
		free(m->updated_at);
		if ((m->updated_at = strdup(now)) == NULL)
			rc = store_nomem(err);
	}
	return rc;
}

/* Reads a meeting row (the columns, then the organisation's path). */
static int
meeting_fetch(struct store *st, int64_t id, struct meeting *ret,
    char **ret_path, struct cb_error *err)
{
	struct q q;
	int rc;

	meeting_release(ret);
	*ret_path = NULL;
	if ((rc = q_open(&q, st, STMT_MEETING_GET, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	rc = q_step(&q, err);
	if (rc == 1 &&
	    (q_col_entity(&q, &meeting_entity, ret) != 0 ||
	        q_col_dup(&q, (int)meeting_entity.nfields, ret_path) != 0))
		rc = store_nomem(err);
	q_done(&q);
	if (rc == 0)
		rc = meeting_not_found(err);
	if (rc < 0) {
		meeting_release(ret);
		free(*ret_path);
		*ret_path = NULL;
		return rc;
	}
	return 0;
}

int
store_meeting_get(struct store *st, int64_t id, struct meeting *ret,
    char **ret_path, struct cb_error *err)
{
	char *path = NULL;
	int rc;

	if (ret_path != NULL)
		*ret_path = NULL;
	/* A principal that may read no meeting sees none. */
	if (store_restricted(st) &&
	    !principal_can(st->who, ACT_MEETING_READ) &&
	    !principal_can(st->who, ACT_MEETING_WRITE))
		return meeting_not_found(err);
	if ((rc = meeting_fetch(st, id, ret, &path, err)) != 0)
		return rc;
	if (store_restricted(st) &&
	    !principal_may(st->who, ACT_MEETING_READ, path) &&
	    !principal_may(st->who, ACT_MEETING_WRITE, path)) {
		meeting_release(ret);
		free(path);
		return meeting_not_found(err);
	}
	if (ret_path != NULL)
		*ret_path = path;
	else
		free(path);
	return 0;
}

int
store_meeting_update(struct store *st, struct meeting *m,
    int64_t expected_version, struct cb_error *err)
{
	char now[TIMESTAMP_LEN], *path = NULL, d0[DATE_LEN], d1[DATE_LEN];
	struct meeting cur;
	bool g, moved = false;
	struct q q;
	int pos, rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_check_enums(&meeting_entity, m, err)) != 0)
		return rc;
	if ((rc = store_meeting_get(st, m->id, &cur, &path, err)) != 0)
		return rc;
	if (store_restricted(st))
		rc = scope_may(st, ACT_MEETING_WRITE, path, err);
	free(path);
	path = NULL;
	if (rc == 0 && cur.org_id != m->org_id &&
	    (rc = org_writable(st, m->org_id, &path, err)) == 0)
		free(path);
	/* The roll follows a planned meeting to another organisation or
	 * date (the attendance recorded is kept). */
	if (rc == 0 && m->status == MEETING_PLANNED)
		moved = cur.org_id != m->org_id ||
		    meeting_date_vn(cur.starts_at, d0) != 0 ||
		    meeting_date_vn(m->starts_at, d1) != 0 ||
		    strcmp(d0, d1) != 0;
	meeting_release(&cur);
	if (rc != 0)
		return rc;
	if ((rc = check_officers(st, m, err)) != 0)
		return rc;
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MEETING_UPDATE, err)) != 0)
		return store_guard_end(st, g, rc, err);
	q.fk_field = "org_id";
	q_int(&q, 1, m->id);
	/* 2-15 the data fields, 16 now, 17 the expected version */
	pos = q_fields(&q, 2, &meeting_entity, m, MEETING_F_org_id,
	    MEETING_F_version);
	q_text(&q, pos, now);
	q_int(&q, pos + 1, expected_version);
	rc = q_step(&q, err);
	if (rc == 1)
		m->version = q_col_int(&q, 0);
	q_done(&q);
	if (rc == 0)
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
	else if (rc == 1)
		rc = moved ? roll_snapshot(st, m, true, now, err) : 0;
	if ((rc = store_guard_end(st, g, rc, err)) != 0)
		return rc;
	free(m->updated_at);
	if ((m->updated_at = strdup(now)) == NULL)
		return store_nomem(err);
	return 0;
}

void
meeting_page_release(struct meeting_page *p)
{
	if (p == NULL)
		return;
	meeting_list_release(&p->list);
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
store_meeting_list(struct store *st, const struct meeting_query *mq,
    struct meeting_page *ret, struct cb_error *err)
{
	struct store_cursor c;
	struct meeting *items = NULL;
	const char *after_at = NULL;
	char *path = NULL, *hi = NULL, at[TIMESTAMP_LEN], idbuf[24];
	int64_t after_id = 0;
	size_t n = 0;
	struct q q;
	int rc;

	meeting_page_release(ret);
	memset(&c, 0, sizeof(c));
	if (mq->limit < 1 || mq->limit > 1000)
		return cb_error_field(err, 0, "limit", "invalid_value", NULL);
	/* An empty cursor is the first page, like none. */
	if (mq->cursor != NULL && mq->cursor[0] != '\0') {
		if (store_cursor_open(mq->cursor, 2, &c) != 0)
			return bad_cursor(err);
		if (datetime_parse_iso(c.field[0], at) != 0 ||
		    strcmp(at, c.field[0]) != 0 ||
		    !store_cursor_id(&c, 1, &after_id)) {
			store_cursor_close(&c);
			return bad_cursor(err);
		}
		after_at = c.field[0];
	}
	if ((rc = scope_org_for_write(st, mq->org_id, "org", &path, err)) != 0)
		goto out;
	if (path == NULL) {
		rc = cb_error_field(err, 0, "org", "required", NULL);
		goto out;
	}
	if (store_restricted(st) &&
	    (rc = scope_may(st, ACT_MEETING_READ, path, err)) != 0)
		goto out;
	if ((hi = path_upper(path)) == NULL) {
		rc = store_nomem(err);
		goto out;
	}
	if ((items = calloc(mq->limit + 1, sizeof(*items))) == NULL) {
		rc = store_nomem(err);
		goto out;
	}
	if ((rc = q_open(&q, st, STMT_MEETING_LIST, err)) != 0)
		goto out;
	q_text(&q, 1, path);
	q_text(&q, 2, hi);
	q_text_opt(&q, 3, mq->from);
	q_text_opt(&q, 4, mq->before);
	q_text_opt(&q, 5,
	    field_enum_name(&meeting_entity.fields[MEETING_F_kind], mq->kind));
	q_text_opt(&q, 6,
	    field_enum_name(&meeting_entity.fields[MEETING_F_status],
	        mq->status));
	q_text_opt(&q, 7, after_at);
	q_int(&q, 8, after_id);
	q_int(&q, 9, (int64_t)mq->limit + 1);
	while ((rc = q_step(&q, err)) == 1) {
		if (q_col_entity(&q, &meeting_entity, &items[n]) != 0) {
			rc = store_nomem(err);
			break;
		}
		n++;
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	rc = 0;
	if (n > mq->limit) {
		meeting_release(&items[--n]);
		snprintf(idbuf, sizeof(idbuf), "%lld",
		    (long long)items[n - 1].id);
		if ((ret->next_cursor = store_cursor_make(
		         (const char *const[]){ items[n - 1].starts_at,
		             idbuf },
		         2)) == NULL) {
			rc = store_nomem(err);
			goto out;
		}
	}
	ret->list.items = items;
	ret->list.n = n;
	items = NULL;
	n = 0;
out:
	if (items != NULL) {
		struct meeting_list l = { items, n };

		meeting_list_release(&l);
	}
	store_cursor_close(&c);
	free(path);
	free(hi);
	return rc;
}

int
store_meeting_list_member(struct store *st, int64_t member_id, int64_t org_id,
    const char *from, size_t limit, struct meeting_list *ret,
    struct cb_error *err)
{
	struct meeting_list l = { NULL, 0 };
	size_t cap = 0;
	char *path = NULL;
	struct q q;
	void *t;
	int rc;

	meeting_list_release(ret);
	if ((rc = scope_org_for_write(st, org_id, "org", &path, err)) != 0)
		goto out;
	if (path == NULL) {
		rc = cb_error_field(err, 0, "org", "required", NULL);
		goto out;
	}
	if (store_restricted(st) &&
	    (rc = scope_may(st, ACT_MEETING_READ, path, err)) != 0)
		goto out;
	if ((rc = q_open(&q, st, STMT_MEETING_LIST_MEMBER, err)) != 0)
		goto out;
	q_int(&q, 1, org_id);
	q_int(&q, 2, member_id);
	q_text(&q, 3, from);
	q_int(&q, 4, (int64_t)limit);
	while ((rc = q_step(&q, err)) == 1) {
		if (l.n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((t = realloc(l.items, cap * sizeof(*l.items))) ==
			    NULL) {
				rc = store_nomem(err);
				break;
			}
			l.items = t;
		}
		memset(&l.items[l.n], 0, sizeof(l.items[0]));
		/* Counted first: a row read in part is released too. */
		if (q_col_entity(&q, &meeting_entity, &l.items[l.n++]) != 0) {
			rc = store_nomem(err);
			break;
		}
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	rc = 0;
	*ret = l;
	l.items = NULL;
	l.n = 0;
out:
	meeting_list_release(&l);
	free(path);
	return rc;
}

int
store_meeting_attendance_set(struct store *st, struct meeting_attendance *a,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN], *path = NULL;
	struct meeting m;
	struct q q;
	bool g;
	int rc;

	memset(&m, 0, sizeof(m));
	if ((rc = store_check_enums(&meeting_attendance_entity, a, err)) != 0)
		return rc;
	if ((rc = store_meeting_get(st, a->meeting_id, &m, &path, err)) != 0)
		return rc;
	if (store_restricted(st))
		rc = scope_may(st, ACT_MEETING_WRITE, path, err);
	free(path);
	meeting_release(&m);
	if (rc != 0)
		return rc;
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MEETING_ATTENDANCE_SET, err)) == 0) {
		/* 1-2 the key, 3-7 status to recorded_by, 8 now */
		q_text(&q,
		    q_fields(&q, 1, &meeting_attendance_entity, a,
		        MEETING_ATTENDANCE_F_meeting_id,
		        MEETING_ATTENDANCE_F_roll),
		    now);
		rc = q_step(&q, err);
		if (rc == 1) {
			a->roll = (enum meeting_roll)field_enum_parse(
			    &meeting_attendance_entity
			         .fields[MEETING_ATTENDANCE_F_roll],
			    q_col_text(&q, 0));
			rc = 0;
		} else if (rc == 0)
			rc = cb_error_field(err, 0, "member_id", "not_on_roll",
			    NULL);
		q_done(&q);
	}
	rc = store_guard_end(st, g, rc, err);
	if (rc == 0) {
		free(a->recorded_at);
		if ((a->recorded_at = strdup(now)) == NULL)
			rc = store_nomem(err);
	}
	return rc;
}

int
store_meeting_roll_add(struct store *st, int64_t meeting_id, int64_t member_id,
    enum meeting_roll *ret_roll, struct cb_error *err)
{
	char now[TIMESTAMP_LEN], *path = NULL, on[DATE_LEN];
	struct meeting m;
	struct q q;
	bool g;
	int rc, roll = -1;

	memset(&m, 0, sizeof(m));
	if (ret_roll != NULL)
		*ret_roll = ROLL_NONE;
	if ((rc = store_meeting_get(st, meeting_id, &m, &path, err)) != 0)
		return rc;
	if (store_restricted(st))
		rc = scope_may(st, ACT_MEETING_WRITE, path, err);
	free(path);
	if (rc == 0 && meeting_date_vn(m.starts_at, on) != 0)
		rc = cb_error_field(err, 0, "starts_at", "invalid_datetime",
		    NULL);
	meeting_release(&m);
	/* A member the principal cannot see does not exist for it (its
	 * name would show on the roll). */
	if (rc == 0 && store_restricted(st)) {
		int64_t org = 0;

		path = NULL;
		rc = scope_member_for_write(st, member_id, "member_id", &org,
		    &path, err);
		free(path);
	}
	if (rc != 0)
		return rc;
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MEETING_ROLL_ADD, err)) == 0) {
		q_int(&q, 1, meeting_id);
		q_int(&q, 2, member_id);
		q_text(&q, 3, on);
		q_text(&q, 4, now);
		if ((rc = q_step(&q, err)) == 1)
			roll = field_enum_parse(
			    &meeting_attendance_entity
			         .fields[MEETING_ATTENDANCE_F_roll],
			    q_col_text(&q, 0));
		q_done(&q);
	}
	/* No row: on the roll already, or no such active member. */
	if (rc == 0 &&
	    (rc = q_open(&q, st, STMT_MEETING_MEMBER_ORG, err)) == 0) {
		q_int(&q, 1, member_id);
		rc = q_step(&q, err);
		q_done(&q);
		if (rc == 1) {
			cb_error_set(err, CB_ECONFLICT, "already_on_roll",
			    NULL);
			rc = cb_error_field(err, 0, "member_id",
			    "already_on_roll", NULL);
		} else if (rc == 0) {
			cb_error_set(err, CB_ENOTFOUND, "member_not_found",
			    NULL);
			rc = cb_error_field(err, 0, "member_id",
			    "member_not_found", NULL);
		}
	}
	if (rc == 1) {
		rc = 0;
		if (ret_roll != NULL)
			*ret_roll =
			    roll > 0 ? (enum meeting_roll)roll : ROLL_NONE;
	}
	return store_guard_end(st, g, rc, err);
}

int
store_meeting_roll_counts(struct store *st, int64_t meeting_id,
    struct meeting_roll_counts *ret, struct cb_error *err)
{
	const struct field_def *fr =
	    &meeting_attendance_entity.fields[MEETING_ATTENDANCE_F_roll];
	const struct field_def *fs =
	    &meeting_attendance_entity.fields[MEETING_ATTENDANCE_F_status];
	struct meeting m;
	int64_t(*by)[ATTENDANCE__MAX] = ret->by;
	struct q q;
	int r, s, rc;

	memset(ret, 0, sizeof(*ret));
	memset(&m, 0, sizeof(m));
	if ((rc = store_meeting_get(st, meeting_id, &m, NULL, err)) != 0)
		return rc;
	meeting_release(&m);
	if ((rc = q_open(&q, st, STMT_MEETING_ROLL_COUNTS, err)) != 0)
		return rc;
	q_int(&q, 1, meeting_id);
	while ((rc = q_step(&q, err)) == 1) {
		r = field_enum_parse(fr, q_col_text(&q, 0));
		s = q_col_text(&q, 1) == NULL ?
		    ATTENDANCE_NONE :
		    field_enum_parse(fs, q_col_text(&q, 1));
		if (r <= ROLL_NONE || r >= ROLL__MAX || s < 0 ||
		    s >= ATTENDANCE__MAX)
			continue;
		by[r][s] += q_col_int(&q, 2);
	}
	q_done(&q);
	if (rc < 0)
		return rc;
	for (r = ROLL_OFFICIAL; r < ROLL__MAX; r++)
		for (s = 0; s < ATTENDANCE__MAX; s++)
			ret->total += by[r][s];
#define ROW_SUM(r) (by[r][0] + by[r][1] + by[r][2] + by[r][3] + by[r][4])
	_Static_assert(ATTENDANCE__MAX == 5, "attendance statuses");
	ret->official = ROW_SUM(ROLL_OFFICIAL);
	ret->probationary = ROW_SUM(ROLL_PROBATIONARY);
	ret->exempted = ROW_SUM(ROLL_EXEMPTED);
	ret->transferred_out = ROW_SUM(ROLL_TRANSFERRED_OUT);
	ret->transferred_in = ROW_SUM(ROLL_TRANSFERRED_IN);
#undef ROW_SUM
	ret->present_official = by[ROLL_OFFICIAL][ATTENDANCE_PRESENT];
	ret->present_probationary = by[ROLL_PROBATIONARY][ATTENDANCE_PRESENT];
	ret->late_official = by[ROLL_OFFICIAL][ATTENDANCE_LATE];
	ret->late_probationary = by[ROLL_PROBATIONARY][ATTENDANCE_LATE];
	ret->absent_excused_official =
	    by[ROLL_OFFICIAL][ATTENDANCE_ABSENT_EXCUSED];
	ret->absent_excused_probationary =
	    by[ROLL_PROBATIONARY][ATTENDANCE_ABSENT_EXCUSED];
	ret->absent_unexcused_official =
	    by[ROLL_OFFICIAL][ATTENDANCE_ABSENT_UNEXCUSED];
	ret->absent_unexcused_probationary =
	    by[ROLL_PROBATIONARY][ATTENDANCE_ABSENT_UNEXCUSED];
	ret->unrecorded_official = by[ROLL_OFFICIAL][ATTENDANCE_NONE];
	ret->unrecorded_probationary = by[ROLL_PROBATIONARY][ATTENDANCE_NONE];
	return 0;
}

void
meeting_attendance_list_release(struct meeting_attendance_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		meeting_attendance_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

int
store_meeting_attendance(struct store *st, int64_t meeting_id,
    struct meeting_attendance_list *ret, struct cb_error *err)
{
	struct meeting_attendance *items = NULL, *t;
	struct meeting m;
	size_t cap = 0;
	struct q q;
	int rc;

	memset(&m, 0, sizeof(m));
	meeting_attendance_list_release(ret);
	if ((rc = store_meeting_get(st, meeting_id, &m, NULL, err)) != 0)
		return rc;
	meeting_release(&m);
	if ((rc = q_open(&q, st, STMT_MEETING_ATTENDANCE_LIST, err)) != 0)
		return rc;
	q_int(&q, 1, meeting_id);
	while ((rc = q_step(&q, err)) == 1) {
		if (ret->n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((t = realloc(items, cap * sizeof(*t))) == NULL) {
				rc = store_nomem(err);
				break;
			}
			items = t;
		}
		memset(&items[ret->n], 0, sizeof(*items));
		ret->items = items;
		if (q_col_entity(&q, &meeting_attendance_entity,
		        &items[ret->n]) != 0 ||
		    q_col_dup(&q, (int)meeting_attendance_entity.nfields,
		        &items[ret->n].member_name) != 0) {
			ret->n++;
			rc = store_nomem(err);
			break;
		}
		ret->n++;
	}
	q_done(&q);
	ret->items = items;
	if (rc < 0) {
		meeting_attendance_list_release(ret);
		return rc;
	}
	return 0;
}
