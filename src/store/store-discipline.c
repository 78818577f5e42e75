/*
 * store-discipline.c - discipline cases and state bodies' notices
 * (migration 0027): rows read and bound through the field tables
 * (DISCIPLINE_CASE_FIELDS, DISCIPLINE_NOTICE_FIELDS).  Cases are secret:
 * each row's scope is checked here on the path of its subject's
 * organisation (a member's: its cell), and a case the principal may not
 * read is "not found", never "forbidden".  See store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "store/store-field.h"
#include "store/store-int.h"
#include "util/alloc.h"
#include "util/err.h"

#include "util/banned.h"

static int
dcase_not_found(struct cb_error *err)
{
	return cb_error_set(err, CB_ENOTFOUND, "discipline_case_not_found",
	    NULL);
}

/* Whether the principal may act on a case whose subject is at path. */
static bool
dcase_may(const struct store *st, enum action act, const char *path)
{
	if (!store_restricted(st))
		return true;
	if (path == NULL)
		return false;
	if (principal_may(st->who, act, path))
		return true;
	/* A writer reads what it may write. */
	return act == ACT_DISCIPLINE_READ &&
	    principal_may(st->who, ACT_DISCIPLINE_WRITE, path);
}

/* The subject of a write (a member seen by the principal, or an
 * organisation) where the principal may write discipline cases: else
 * not found on the subject's field. */
int
store_dcase_subject_check(struct store *st, const struct discipline_case *c,
    struct cb_error *err)
{
	char *path = NULL;
	int64_t org_id = 0;
	const char *field, *code;
	int rc;

	/* A principal that may record no case is told so first. */
	if (store_restricted(st) &&
	    (rc = scope_can(st, ACT_DISCIPLINE_WRITE, err)) != 0)
		return rc;
	if (c->subject == DCASE_MEMBER) {
		field = "member_id";
		code = "member_not_found";
		if (c->member_id <= 0)
			return cb_error_field(err, 0, field, "required", NULL);
		rc = scope_member_for_write(st, c->member_id, field, &org_id,
		    &path, err);
	} else {
		field = "org_id";
		code = "org_not_found";
		if (c->org_id <= 0)
			return cb_error_field(err, 0, field, "required", NULL);
		rc = scope_org_for_write(st, c->org_id, field, &path, err);
	}
	if (rc == 0 && !dcase_may(st, ACT_DISCIPLINE_WRITE, path)) {
		cb_error_set(err, CB_ENOTFOUND, code, NULL);
		rc = cb_error_field(err, 0, field, code, NULL);
		rc = -CB_ENOTFOUND;
	}
	free(path);
	return rc;
}

/* Reads the row's columns, then its subject's path, the next violation
 * and the two names. */
static int
dcase_row(struct q *q, struct discipline_case *c)
{
	int n = (int)discipline_case_entity.nfields;

	if (q_col_entity(q, &discipline_case_entity, c) != 0 ||
	    q_col_dup(q, n, &c->scope_path) != 0 ||
	    q_col_dup(q, n + 2, &c->subject_name) != 0 ||
	    q_col_dup(q, n + 3, &c->deciding_org_name) != 0)
		return -CB_ENOMEM;
	q_col_date(q, n + 1, c->next_violation_on);
	return 0;
}

int
store_dcase_insert(struct store *st, struct discipline_case *c,
    struct cb_error *err)
{
	int rc;

	if ((rc = store_check_enums(&discipline_case_entity, c, err)) != 0 ||
	    (rc = store_check_dates(&discipline_case_entity, c, err)) != 0)
		return rc;
	if ((rc = store_dcase_subject_check(st, c, err)) != 0)
		return rc;
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_DCASE_INSERT,
	        .fk = "deciding_org_id",
	        .e = &discipline_case_entity,
	        .obj = c,
	        .from = DISCIPLINE_CASE_F_subject,
	        .to = DISCIPLINE_CASE_F_version },
	    &c->id, &c->version, &c->created_at, &c->updated_at, err);
}

int
store_dcase_get(struct store *st, int64_t id, struct discipline_case *ret,
    struct cb_error *err)
{
	struct q q;
	int rc;

	discipline_case_release(ret);
	/* A principal that may read no case sees none. */
	if (store_restricted(st) &&
	    !principal_can(st->who, ACT_DISCIPLINE_READ) &&
	    !principal_can(st->who, ACT_DISCIPLINE_WRITE))
		return dcase_not_found(err);
	if ((rc = q_open(&q, st, STMT_DCASE_GET, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	rc = q_step(&q, err);
	if (rc == 1 && dcase_row(&q, ret) != 0)
		rc = store_nomem(err);
	q_done(&q);
	if (rc == 0)
		rc = dcase_not_found(err);
	if (rc == 1 && !dcase_may(st, ACT_DISCIPLINE_READ, ret->scope_path))
		rc = dcase_not_found(err);
	if (rc < 0) {
		discipline_case_release(ret);
		return rc;
	}
	return 0;
}

/* The current row of c, which the principal may write. */
static int
dcase_writable(struct store *st, int64_t id, struct cb_error *err)
{
	struct discipline_case cur;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_dcase_get(st, id, &cur, err)) == 0 &&
	    !dcase_may(st, ACT_DISCIPLINE_WRITE, cur.scope_path))
		rc = dcase_not_found(err);
	discipline_case_release(&cur);
	return rc;
}

int
store_dcase_update(struct store *st, struct discipline_case *c,
    int64_t expected_version, struct cb_error *err)
{
	int rc;

	if ((rc = store_check_enums(&discipline_case_entity, c, err)) != 0 ||
	    (rc = store_check_dates(&discipline_case_entity, c, err)) != 0)
		return rc;
	if ((rc = dcase_writable(st, c->id, err)) != 0 ||
	    (rc = store_dcase_subject_check(st, c, err)) != 0)
		return rc;
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_DCASE_UPDATE,
	        .fk = "deciding_org_id",
	        .e = &discipline_case_entity,
	        .obj = c,
	        .from = DISCIPLINE_CASE_F_subject,
	        .to = DISCIPLINE_CASE_F_version,
	        .row = c->id,
	        .expected = expected_version },
	    NULL, &c->version, NULL, &c->updated_at, err);
}

int
store_dcase_delete(struct store *st, int64_t id, struct cb_error *err)
{
	struct q q;
	int rc;

	if ((rc = dcase_writable(st, id, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_DCASE_DELETE, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	return q_run(&q, err);
}

/* The range of org_id's subtree, the principal being allowed to see the
 * organisation (0: no range). */
static int
subtree(struct store *st, int64_t org_id, char **lo, char **hi,
    struct cb_error *err)
{
	int rc;

	*lo = *hi = NULL;
	if (org_id == 0)
		return 0;
	if ((rc = scope_org_for_write(st, org_id, "org", lo, err)) != 0)
		return rc;
	if ((*hi = path_upper(*lo)) == NULL) {
		free(*lo);
		*lo = NULL;
		return store_nomem(err);
	}
	return 0;
}

int
store_dcase_list(struct store *st, const struct dcase_query *dq,
    struct discipline_case_list *ret, int64_t *ret_last, struct cb_error *err)
{
	struct discipline_case_list l = { NULL, 0 };
	struct discipline_case c;
	char *lo = NULL, *hi = NULL;
	size_t cap = 0;
	struct q q;
	int rc;

	discipline_case_list_release(ret);
	*ret_last = 0;
	memset(&c, 0, sizeof(c));
	if (dq->limit < 1 || dq->limit > 1000)
		return cb_error_field(err, 0, "limit", "invalid_value", NULL);
	if ((rc = subtree(st, dq->org_id, &lo, &hi, err)) != 0)
		return rc;
	/* A member the principal does not see at all: not found. */
	if (dq->member_id != 0) {
		char *mpath = NULL;
		int64_t morg = 0;

		rc = scope_member_for_write(st, dq->member_id, NULL, &morg,
		    &mpath, err);
		free(mpath);
		if (rc != 0)
			goto out;
	}
	if ((rc = q_open(&q, st, STMT_DCASE_LIST, err)) != 0)
		goto out;
	q_text_opt(&q, 1, lo);
	q_text_opt(&q, 2, hi);
	q_int(&q, 3, dq->member_id);
	q_int(&q, 4, dq->after_id);
	q_int(&q, 5, (int64_t)dq->limit);
	while ((rc = q_step(&q, err)) == 1) {
		if (dcase_row(&q, &c) != 0) {
			rc = store_nomem(err);
			break;
		}
		*ret_last = c.id;
		if (!dcase_may(st, ACT_DISCIPLINE_READ, c.scope_path)) {
			discipline_case_release(&c);
			continue;
		}
		if (array_grow(&l.items, &cap, l.n + 1, sizeof(*l.items))) {
			rc = store_nomem(err);
			break;
		}
		l.items[l.n++] = c;
		memset(&c, 0, sizeof(c));
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	rc = 0;
	*ret = l;
	l.items = NULL;
	l.n = 0;
out:
	discipline_case_release(&c);
	discipline_case_list_release(&l);
	free(lo);
	free(hi);
	return rc;
}

int
store_dcase_violations(struct store *st, const struct discipline_case *c,
    char (*dates)[DATE_LEN], size_t max, size_t *ret_n, struct cb_error *err)
{
	struct q q;
	int rc;

	*ret_n = 0;
	if (c->violation_on[0] == '\0' ||
	    (c->member_id <= 0 && c->org_id <= 0))
		return 0;
	if ((rc = q_open(&q, st, STMT_DCASE_VIOLATIONS, err)) != 0)
		return rc;
	q_int(&q, 1, c->id);
	q_int(&q, 2, c->subject == DCASE_MEMBER ? c->member_id : 0);
	q_int(&q, 3, c->subject == DCASE_ORG ? c->org_id : 0);
	q_text(&q, 4, c->violation_on);
	while ((rc = q_step(&q, err)) == 1)
		if (*ret_n < max)
			q_col_date(&q, 0, dates[(*ret_n)++]);
	q_done(&q);
	return rc < 0 ? rc : 0;
}

int
store_dnotice_insert(struct store *st, struct discipline_notice *n,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN], *path = NULL;
	int64_t org_id = 0;
	struct q q;
	bool g;
	int rc;

	if ((rc = store_check_dates(&discipline_notice_entity, n, err)) != 0)
		return rc;
	if (n->member_id <= 0)
		return cb_error_field(err, 0, "member_id", "required", NULL);
	if ((rc = scope_member_for_write(st, n->member_id, "member_id",
	         &org_id, &path, err)) != 0)
		return rc;
	if (!dcase_may(st, ACT_DISCIPLINE_WRITE, path)) {
		free(path);
		cb_error_set(err, CB_ENOTFOUND, "member_not_found", NULL);
		cb_error_field(err, 0, "member_id", "member_not_found", NULL);
		return -CB_ENOTFOUND;
	}
	free(path);
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_DNOTICE_INSERT, err)) == 0) {
		q.fk_field = "member_id";
		q_text(&q,
		    q_fields(&q, 1, &discipline_notice_entity, n,
		        DISCIPLINE_NOTICE_F_member_id,
		        DISCIPLINE_NOTICE_F_created_at),
		    now);
		rc = q_insert_id(&q, now, &n->id, &n->created_at, err);
	}
	return store_guard_end(st, g, rc, err);
}

int
store_dnotice_list(struct store *st, int64_t org_id, int64_t member_id,
    struct discipline_notice_list *ret, struct cb_error *err)
{
	struct discipline_notice_list l = { NULL, 0 };
	struct discipline_notice n;
	char *lo = NULL, *hi = NULL;
	size_t cap = 0;
	struct q q;
	int rc;

	discipline_notice_list_release(ret);
	memset(&n, 0, sizeof(n));
	if ((rc = subtree(st, org_id, &lo, &hi, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_DNOTICE_LIST, err)) != 0)
		goto out;
	q_text_opt(&q, 1, lo);
	q_text_opt(&q, 2, hi);
	q_int(&q, 3, member_id);
	while ((rc = q_step(&q, err)) == 1) {
		if (q_col_entity(&q, &discipline_notice_entity, &n) != 0) {
			rc = store_nomem(err);
			break;
		}
		if (!dcase_may(st, ACT_DISCIPLINE_READ,
		        q_col_text(&q,
		            (int)discipline_notice_entity.nfields))) {
			discipline_notice_release(&n);
			continue;
		}
		if (array_grow(&l.items, &cap, l.n + 1, sizeof(*l.items))) {
			rc = store_nomem(err);
			break;
		}
		l.items[l.n++] = n;
		memset(&n, 0, sizeof(n));
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	rc = 0;
	*ret = l;
	l.items = NULL;
	l.n = 0;
out:
	discipline_notice_release(&n);
	discipline_notice_list_release(&l);
	free(lo);
	free(hi);
	return rc;
}
