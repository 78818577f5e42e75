/*
 * store-evaluation.c - evaluation periods, evaluations and their
 * comments (migration 0028; issue 15): rows read and bound through the
 * field tables (EVALUATION_PERIOD_FIELDS, EVALUATION_FIELDS,
 * EVALUATION_COMMENT_FIELDS).  Each row's scope is checked here on the
 * path of its organisation (a period's, an evaluation's subject's); a
 * row the principal may not read is "not found", never "forbidden".
 * See store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "store/cursor.h"
#include "store/store-field.h"
#include "store/store-int.h"
#include "util/alloc.h"
#include "util/err.h"

#include "util/banned.h"

static int
period_not_found(struct cb_error *err)
{
	return cb_error_set(err, CB_ENOTFOUND, "period_not_found", NULL);
}

static int
evaluation_not_found(struct cb_error *err)
{
	return cb_error_set(err, CB_ENOTFOUND, "evaluation_not_found", NULL);
}

static int
bad_cursor(struct cb_error *err)
{
	cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
	return cb_error_field(err, 0, "cursor", "invalid_cursor", NULL);
}

static bool
starts_with(const char *s, const char *prefix)
{
	return s != NULL && prefix != NULL &&
	    strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The actions that let a principal see evaluations somewhere. */
static const enum action eval_acts[] = { ACT_EVAL_READ, ACT_EVAL_SELF,
	ACT_EVAL_COMMENT, ACT_EVAL_PROPOSE, ACT_EVAL_DECIDE, ACT_EVAL_MANAGE };

/*
 * Whether the principal may see a period of the organisation at path: one
 * of the evaluation actions on it, or somewhere inside its subtree (a
 * secretary sees the grassroots organisation's period covering its
 * cell), or its own member record's organisation inside it.
 */
static bool
period_may_read(const struct store *st, const char *path)
{
	const char *roots[32];
	size_t i;
	int n, j;

	if (!store_restricted(st))
		return true;
	if (path == NULL)
		return false;
	if (starts_with(st->who->member_org_path, path))
		return true;
	for (i = 0; i < sizeof(eval_acts) / sizeof(eval_acts[0]); i++) {
		n = principal_scope(st->who, eval_acts[i], roots, 32);
		if (n < 0)
			return true;
		for (j = 0; j < n && j < 32; j++)
			if (starts_with(roots[j], path) ||
			    starts_with(path, roots[j]))
				return true;
	}
	return false;
}

/* The principal may open, change or lock a period of path. */
static bool
period_may_manage(const struct store *st, const char *path)
{
	return !store_restricted(st) ||
	    (path != NULL && principal_may(st->who, ACT_EVAL_MANAGE, path));
}

static int
eperiod_row(struct q *q, struct evaluation_period *p)
{
	int n = (int)evaluation_period_entity.nfields;

	if (q_col_entity(q, &evaluation_period_entity, p) != 0 ||
	    q_col_dup(q, n, &p->org_path) != 0 ||
	    q_col_dup(q, n + 1, &p->org_name) != 0)
		return -CB_ENOMEM;
	return 0;
}

/* Reads period id as stored, without the access check. */
static int
eperiod_read(struct store *st, int64_t id, struct evaluation_period *ret,
    struct cb_error *err)
{
	struct q q;
	int rc;

	evaluation_period_release(ret);
	if ((rc = q_open(&q, st, STMT_EPERIOD_GET, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	rc = q_step(&q, err);
	if (rc == 1 && eperiod_row(&q, ret) != 0)
		rc = store_nomem(err);
	q_done(&q);
	if (rc == 0)
		rc = period_not_found(err);
	if (rc < 0) {
		evaluation_period_release(ret);
		return rc;
	}
	return 0;
}

/* The period's organisation, which the principal must be able to
 * manage: its path into *ret_path. */
static int
eperiod_org_check(struct store *st, const struct evaluation_period *p,
    char **ret_path, struct cb_error *err)
{
	int rc;

	*ret_path = NULL;
	if (p->org_id <= 0)
		return cb_error_field(err, 0, "org_id", "required", NULL);
	if ((rc = scope_org_for_write(st, p->org_id, "org_id", ret_path,
	         err)) != 0)
		return rc;
	if (!period_may_manage(st, *ret_path)) {
		free(*ret_path);
		*ret_path = NULL;
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	}
	return 0;
}

int
store_eperiod_insert(struct store *st, struct evaluation_period *p,
    struct cb_error *err)
{
	char *path = NULL;
	int rc;

	if ((rc = store_check_enums(&evaluation_period_entity, p, err)) != 0 ||
	    (rc = store_check_dates(&evaluation_period_entity, p, err)) != 0)
		return rc;
	if ((rc = eperiod_org_check(st, p, &path, err)) != 0)
		return rc;
	free(path);
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_EPERIOD_INSERT,
	        .fk = "org_id",
	        .e = &evaluation_period_entity,
	        .obj = p,
	        .from = EVALUATION_PERIOD_F_org_id,
	        .to = EVALUATION_PERIOD_F_version },
	    &p->id, &p->version, &p->created_at, &p->updated_at, err);
}

int
store_eperiod_get(struct store *st, int64_t id, struct evaluation_period *ret,
    struct cb_error *err)
{
	int rc;

	if ((rc = eperiod_read(st, id, ret, err)) != 0)
		return rc;
	if (!period_may_read(st, ret->org_path)) {
		evaluation_period_release(ret);
		return period_not_found(err);
	}
	return 0;
}

int
store_eperiod_update(struct store *st, struct evaluation_period *p,
    int64_t expected_version, struct cb_error *err)
{
	struct evaluation_period cur;
	char *path = NULL;
	int rc;

	if ((rc = store_check_enums(&evaluation_period_entity, p, err)) != 0 ||
	    (rc = store_check_dates(&evaluation_period_entity, p, err)) != 0)
		return rc;
	memset(&cur, 0, sizeof(cur));
	if ((rc = store_eperiod_get(st, p->id, &cur, err)) != 0)
		return rc;
	if (!period_may_manage(st, cur.org_path))
		rc = cb_error_set(err, CB_EPERM, "forbidden", NULL);
	evaluation_period_release(&cur);
	if (rc != 0)
		return rc;
	if ((rc = eperiod_org_check(st, p, &path, err)) != 0)
		return rc;
	free(path);
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_EPERIOD_UPDATE,
	        .fk = "org_id",
	        .e = &evaluation_period_entity,
	        .obj = p,
	        .from = EVALUATION_PERIOD_F_org_id,
	        .to = EVALUATION_PERIOD_F_version,
	        .row = p->id,
	        .expected = expected_version },
	    NULL, &p->version, NULL, &p->updated_at, err);
}

void
eperiod_page_release(struct eperiod_page *p)
{
	if (p == NULL)
		return;
	evaluation_period_list_release(&p->list);
	free(p->next_cursor);
	p->next_cursor = NULL;
}

/* The range of org_id's subtree (0: none, *lo NULL), the principal being
 * allowed to see the organisation ("org_not_found" on field). */
static int
subtree(struct store *st, int64_t org_id, const char *field, char **lo,
    char **hi, struct cb_error *err)
{
	int rc;

	*lo = *hi = NULL;
	if (org_id == 0)
		return 0;
	if ((rc = scope_org_for_write(st, org_id, field, lo, err)) != 0)
		return rc;
	if ((*hi = path_upper(*lo)) == NULL) {
		free(*lo);
		*lo = NULL;
		return store_nomem(err);
	}
	return 0;
}

int
store_eperiod_list(struct store *st, const struct eperiod_query *pq,
    struct eperiod_page *ret, struct cb_error *err)
{
	struct evaluation_period_list l = { NULL, 0 };
	struct evaluation_period p;
	int64_t after_year = 100000, after_id = 0, last_year = 0, last_id = 0;
	char *lo = NULL, *hi = NULL;
	size_t cap = 0, read = 0;
	bool more = false;
	struct q q;
	int rc;

	eperiod_page_release(ret);
	memset(&p, 0, sizeof(p));
	if (pq->limit < 1 || pq->limit > 1000)
		return cb_error_field(err, 0, "limit", "invalid_value", NULL);
	if (pq->cursor != NULL && pq->cursor[0] != '\0') {
		struct store_cursor c;
		bool ok = store_cursor_open(pq->cursor, 2, &c) == 0 &&
		    store_cursor_id(&c, 0, &after_year) &&
		    store_cursor_id(&c, 1, &after_id) && after_year <= 100000;

		store_cursor_close(&c);
		if (!ok)
			return bad_cursor(err);
	}
	if ((rc = subtree(st, pq->org_id, "org", &lo, &hi, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_EPERIOD_LIST, err)) != 0)
		goto out;
	q_text_opt(&q, 1, lo);
	q_text_opt(&q, 2, hi);
	q_int(&q, 3, pq->year);
	q_text_opt(&q, 4,
	    field_enum_name(
	        &evaluation_period_entity.fields[EVALUATION_PERIOD_F_kind],
	        pq->kind));
	q_int(&q, 5, after_year);
	q_int(&q, 6, after_id);
	/* Rows the principal may not read are skipped: read a page and
	 * one more, the cursor at the last row read. */
	q_int(&q, 7, (int64_t)pq->limit + 1);
	while ((rc = q_step(&q, err)) == 1) {
		if (read == pq->limit) {
			more = true;
			break;
		}
		read++;
		if (eperiod_row(&q, &p) != 0) {
			rc = store_nomem(err);
			break;
		}
		last_year = p.year;
		last_id = p.id;
		if (!period_may_read(st, p.org_path)) {
			evaluation_period_release(&p);
			continue;
		}
		if (array_grow(&l.items, &cap, l.n + 1, sizeof(*l.items))) {
			rc = store_nomem(err);
			break;
		}
		l.items[l.n++] = p;
		memset(&p, 0, sizeof(p));
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	rc = 0;
	if (more) {
		char yb[24], ib[24];

		snprintf(yb, sizeof(yb), "%lld", (long long)last_year);
		snprintf(ib, sizeof(ib), "%lld", (long long)last_id);
		if ((ret->next_cursor = store_cursor_make(
		         (const char *const[]){ yb, ib }, 2)) == NULL) {
			rc = store_nomem(err);
			goto out;
		}
	}
	ret->list = l;
	l.items = NULL;
	l.n = 0;
out:
	evaluation_period_release(&p);
	evaluation_period_list_release(&l);
	free(lo);
	free(hi);
	return rc;
}

/* --------------------------------------------------------- evaluations */

/* Whether the principal may do act on evaluation e (its scope_path and
 * parent_path read with the row).  Reading: ACT_EVAL_READ (a member its
 * own), or a principal that may comment on it (a member of the cell: the
 * self-assessments are read out in the cell's meeting). */
static bool
eval_may(const struct store *st, enum action act, const struct evaluation *e)
{
	int64_t mid = e->subject == ESUBJECT_MEMBER ? e->member_id : 0;

	if (!store_restricted(st))
		return true;
	if (e->scope_path == NULL)
		return false;
	if (act == ACT_EVAL_DECIDE && e->subject == ESUBJECT_ORG)
		return e->parent_path != NULL &&
		    principal_may(st->who, act, e->parent_path);
	if (principal_may_member(st->who, act, mid, e->scope_path))
		return true;
	if (act == ACT_EVAL_READ)
		return principal_may(st->who, ACT_EVAL_COMMENT,
		           e->scope_path) ||
		    eval_may(st, ACT_EVAL_DECIDE, e);
	return false;
}

bool
store_evaluation_may(struct store *st, enum action act,
    const struct evaluation *e)
{
	return eval_may(st, act, e);
}

/* Whether the principal reads e in full: the system, ACT_EVAL_READ on
 * the subject's organisation (a member its own), or the committee that
 * decides an organisation's level.  A cell-mate who reads it only to
 * comment does not. */
static bool
eval_reads_all(const struct store *st, const struct evaluation *e)
{
	int64_t mid = e->subject == ESUBJECT_MEMBER ? e->member_id : 0;

	return !store_restricted(st) ||
	    (e->scope_path != NULL &&
	        principal_may_member(st->who, ACT_EVAL_READ, mid,
	            e->scope_path)) ||
	    eval_may(st, ACT_EVAL_DECIDE, e);
}

/* What a cell-mate may read of another's evaluation (docs/security.md
 * "Evaluation and classification"): the subject, the period, the status
 * and the self-assessment's note (read out at the cell's meeting).  The
 * score, criteria, tasks, sick leave, the levels, the reasons (a
 * disciplined_in_period reason tells a discipline case), the vote and
 * the deciders are cleared. */
static void
eval_redact(struct evaluation *e)
{
	char **strs[] = { &e->criteria, &e->reasons, &e->proposed_reason,
		&e->proposed_at, &e->proposed_by, &e->decided_reason,
		&e->decided_at, &e->decided_by, &e->recorded_by };
	size_t i;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
	e->score = 0;
	e->tasks_total = e->tasks_on_time = e->tasks_exceeded = 0;
	e->sick_leave_months = 0;
	e->self_level = ELEVEL_NONE;
	e->computed_level = ELEVEL_NONE;
	e->proposed_level = ELEVEL_NONE;
	e->decided_level = ELEVEL_NONE;
	e->vote_base = e->vote_for = e->vote_against = e->vote_abstain = 0;
	e->redacted = true;
}

static int
eval_row(struct q *q, struct evaluation *e)
{
	int n = (int)evaluation_entity.nfields;

	if (q_col_entity(q, &evaluation_entity, e) != 0 ||
	    q_col_dup(q, n, &e->scope_path) != 0 ||
	    q_col_dup(q, n + 1, &e->parent_path) != 0 ||
	    q_col_dup(q, n + 2, &e->subject_name) != 0)
		return -CB_ENOMEM;
	return 0;
}

static int
eval_read(struct store *st, int64_t id, struct evaluation *ret,
    struct cb_error *err)
{
	struct q q;
	int rc;

	evaluation_release(ret);
	if ((rc = q_open(&q, st, STMT_EVAL_GET, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	rc = q_step(&q, err);
	if (rc == 1 && eval_row(&q, ret) != 0)
		rc = store_nomem(err);
	q_done(&q);
	if (rc == 0)
		rc = evaluation_not_found(err);
	if (rc < 0) {
		evaluation_release(ret);
		return rc;
	}
	return 0;
}

int
store_evaluation_get(struct store *st, int64_t id, struct evaluation *ret,
    struct cb_error *err)
{
	int rc;

	if ((rc = eval_read(st, id, ret, err)) != 0)
		return rc;
	if (!eval_may(st, ACT_EVAL_READ, ret)) {
		evaluation_release(ret);
		return evaluation_not_found(err);
	}
	if (!eval_reads_all(st, ret))
		eval_redact(ret);
	return 0;
}

/* The subject of a new evaluation: a member or an organisation the
 * principal sees inside the period's subtree, where it may write a
 * self-assessment.  Sets e->subject_org_id. */
static int
eval_subject_check(struct store *st, struct evaluation *e,
    const char *period_path, struct cb_error *err)
{
	const char *field, *code;
	char *path = NULL;
	int64_t org_id = 0;
	bool ok;
	int rc;

	if (e->subject == ESUBJECT_MEMBER) {
		field = "member_id";
		code = "member_not_found";
		if (e->member_id <= 0)
			return cb_error_field(err, 0, field, "required", NULL);
		rc = scope_member_for_write(st, e->member_id, field, &org_id,
		    &path, err);
	} else {
		field = "org_id";
		code = "org_not_found";
		if (e->org_id <= 0)
			return cb_error_field(err, 0, field, "required", NULL);
		org_id = e->org_id;
		rc = scope_org_for_write(st, e->org_id, field, &path, err);
	}
	if (rc != 0)
		return rc;
	if (!starts_with(path, period_path)) {
		free(path);
		return cb_error_field(err, 0, field, "subject_outside_period",
		    NULL);
	}
	ok = !store_restricted(st) ||
	    principal_may_member(st->who, ACT_EVAL_SELF,
	        e->subject == ESUBJECT_MEMBER ? e->member_id : 0, path);
	free(path);
	if (!ok) {
		/* Seen but not writable: a member of another's cell. */
		cb_error_set(err, CB_ENOTFOUND, code, NULL);
		cb_error_field(err, 0, field, code, NULL);
		return -CB_ENOTFOUND;
	}
	e->subject_org_id = org_id;
	return 0;
}

int
store_evaluation_insert(struct store *st, struct evaluation *e,
    struct cb_error *err)
{
	struct evaluation_period p;
	int rc;

	if ((rc = store_check_enums(&evaluation_entity, e, err)) != 0)
		return rc;
	memset(&p, 0, sizeof(p));
	if (e->period_id <= 0)
		return cb_error_field(err, 0, "period_id", "required", NULL);
	if ((rc = store_eperiod_get(st, e->period_id, &p, err)) != 0) {
		if (rc == -CB_ENOTFOUND)
			cb_error_field(err, 0, "period_id", "period_not_found",
			    NULL);
		return rc;
	}
	rc = eval_subject_check(st, e, p.org_path, err);
	evaluation_period_release(&p);
	if (rc != 0)
		return rc;
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_EVAL_INSERT,
	        .fk = "period_id",
	        .e = &evaluation_entity,
	        .obj = e,
	        .from = EVALUATION_F_period_id,
	        .to = EVALUATION_F_version },
	    &e->id, &e->version, &e->created_at, &e->updated_at, err);
}

/* The principal may write the stored row id somehow (svc checks which
 * action the write needs). */
static int
eval_writable(struct store *st, int64_t id, struct cb_error *err)
{
	static const enum action acts[] = { ACT_EVAL_SELF, ACT_EVAL_PROPOSE,
		ACT_EVAL_DECIDE, ACT_EVAL_MANAGE };
	struct evaluation cur;
	bool ok = false;
	size_t i;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_evaluation_get(st, id, &cur, err)) != 0)
		return rc;
	for (i = 0; i < sizeof(acts) / sizeof(acts[0]) && !ok; i++)
		ok = eval_may(st, acts[i], &cur);
	evaluation_release(&cur);
	return ok ? 0 : cb_error_set(err, CB_EPERM, "forbidden", NULL);
}

int
store_evaluation_update(struct store *st, struct evaluation *e,
    int64_t expected_version, struct cb_error *err)
{
	int rc;

	if ((rc = store_check_enums(&evaluation_entity, e, err)) != 0)
		return rc;
	if ((rc = eval_writable(st, e->id, err)) != 0)
		return rc;
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_EVAL_UPDATE,
	        .fk = "period_id",
	        .e = &evaluation_entity,
	        .obj = e,
	        .from = EVALUATION_F_period_id,
	        .to = EVALUATION_F_version,
	        .row = e->id,
	        .expected = expected_version },
	    NULL, &e->version, NULL, &e->updated_at, err);
}

int
store_evaluation_delete(struct store *st, int64_t id, struct cb_error *err)
{
	struct evaluation cur;
	struct q q;
	bool g;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_evaluation_get(st, id, &cur, err)) != 0)
		return rc;
	if (!eval_may(st, ACT_EVAL_MANAGE, &cur))
		rc = cb_error_set(err, CB_EPERM, "forbidden", NULL);
	evaluation_release(&cur);
	if (rc != 0)
		return rc;
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_ECOMMENT_DELETE_ALL, err)) == 0) {
		q_int(&q, 1, id);
		rc = q_run(&q, err);
	}
	if (rc == 0 && (rc = q_open(&q, st, STMT_EVAL_DELETE, err)) == 0) {
		q_int(&q, 1, id);
		rc = q_run(&q, err);
	}
	return store_guard_end(st, g, rc, err);
}

void
evaluation_page_release(struct evaluation_page *p)
{
	if (p == NULL)
		return;
	evaluation_list_release(&p->list);
	free(p->next_cursor);
	p->next_cursor = NULL;
}

int
store_evaluation_list(struct store *st, const struct evaluation_query *eq,
    struct evaluation_page *ret, struct cb_error *err)
{
	struct evaluation_list l = { NULL, 0 };
	struct evaluation e;
	int64_t after_id = 0, last_id = 0;
	char *lo = NULL, *hi = NULL;
	size_t cap = 0, read = 0;
	bool more = false;
	struct q q;
	int rc;

	evaluation_page_release(ret);
	memset(&e, 0, sizeof(e));
	if (eq->limit < 1 || eq->limit > 1000)
		return cb_error_field(err, 0, "limit", "invalid_value", NULL);
	if (eq->cursor != NULL && eq->cursor[0] != '\0') {
		struct store_cursor c;
		bool ok = store_cursor_open(eq->cursor, 1, &c) == 0 &&
		    store_cursor_id(&c, 0, &after_id);

		store_cursor_close(&c);
		if (!ok)
			return bad_cursor(err);
	}
	if ((rc = subtree(st, eq->org_id, "org", &lo, &hi, err)) != 0)
		return rc;
	if (eq->member_id != 0) {
		char *mpath = NULL;
		int64_t morg = 0;

		rc = scope_member_for_write(st, eq->member_id, NULL, &morg,
		    &mpath, err);
		free(mpath);
		if (rc != 0)
			goto out;
	}
	if (eq->period_id != 0) {
		struct evaluation_period p;

		memset(&p, 0, sizeof(p));
		rc = store_eperiod_get(st, eq->period_id, &p, err);
		evaluation_period_release(&p);
		if (rc != 0) {
			if (rc == -CB_ENOTFOUND)
				cb_error_field(err, 0, "period",
				    "period_not_found", NULL);
			goto out;
		}
	}
	if ((rc = q_open(&q, st, STMT_EVAL_LIST, err)) != 0)
		goto out;
	q_int(&q, 1, eq->period_id);
	q_text_opt(&q, 2, lo);
	q_text_opt(&q, 3, hi);
	q_int(&q, 4, eq->member_id);
	q_text_opt(&q, 5,
	    field_enum_name(&evaluation_entity.fields[EVALUATION_F_subject],
	        eq->subject));
	q_int(&q, 6, eq->year);
	q_text_opt(&q, 7,
	    field_enum_name(
	        &evaluation_entity.fields[EVALUATION_F_proposed_level],
	        eq->proposed_level));
	q_int(&q, 8, after_id);
	q_int(&q, 9, (int64_t)eq->limit + 1);
	while ((rc = q_step(&q, err)) == 1) {
		if (read == eq->limit) {
			more = true;
			break;
		}
		read++;
		if (eval_row(&q, &e) != 0) {
			rc = store_nomem(err);
			break;
		}
		last_id = e.id;
		if (!eval_may(st, ACT_EVAL_READ, &e)) {
			evaluation_release(&e);
			continue;
		}
		if (!eval_reads_all(st, &e)) {
			/* A cell-mate's row: no filter on what it may not
			 * read tells the level either. */
			if (eq->proposed_level != ELEVEL_NONE) {
				evaluation_release(&e);
				continue;
			}
			eval_redact(&e);
		}
		if (array_grow(&l.items, &cap, l.n + 1, sizeof(*l.items))) {
			rc = store_nomem(err);
			break;
		}
		l.items[l.n++] = e;
		memset(&e, 0, sizeof(e));
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	rc = 0;
	if (more) {
		char ib[24];

		snprintf(ib, sizeof(ib), "%lld", (long long)last_id);
		if ((ret->next_cursor = store_cursor_make(
		         (const char *const[]){ ib }, 1)) == NULL) {
			rc = store_nomem(err);
			goto out;
		}
	}
	ret->list = l;
	l.items = NULL;
	l.n = 0;
out:
	evaluation_release(&e);
	evaluation_list_release(&l);
	free(lo);
	free(hi);
	return rc;
}

int
store_evaluation_undecided(struct store *st, int64_t period_id, int64_t *ret,
    struct cb_error *err)
{
	struct q q;
	int rc;

	*ret = 0;
	if ((rc = q_open(&q, st, STMT_EVAL_UNDECIDED, err)) != 0)
		return rc;
	q_int(&q, 1, period_id);
	if ((rc = q_step(&q, err)) == 1)
		*ret = q_col_int(&q, 0);
	q_done(&q);
	return rc < 0 ? rc : 0;
}

/* One row of a count statement: col 0 (and col 1) into a, b. */
static int
count_row(struct q *q, int64_t *a, int64_t *b, struct cb_error *err)
{
	int rc;

	*a = 0;
	if (b != NULL)
		*b = 0;
	if ((rc = q_step(q, err)) == 1) {
		*a = q_col_int(q, 0);
		if (b != NULL)
			*b = q_col_int(q, 1);
	}
	q_done(q);
	return rc < 0 ? rc : 0;
}

int
store_evaluation_facts(struct store *st, const struct evaluation *e,
    const char *from, const char *to, int year, struct eval_fact *f,
    struct cb_error *err)
{
	int64_t mid = e->subject == ESUBJECT_MEMBER ? e->member_id : 0;
	int64_t oid = e->subject == ESUBJECT_ORG ? e->org_id : 0;
	int64_t a, b;
	struct q q;
	int rc;

	f->since[0] = '\0';
	f->suspended = false;
	f->exempted = false;
	if (mid > 0) {
		char dd[DATE_LEN], ad[DATE_LEN], ex[DATE_LEN];

		if ((rc = q_open(&q, st, STMT_EVAL_FACT_MEMBER, err)) != 0)
			return rc;
		q_int(&q, 1, mid);
		rc = q_step(&q, err);
		dd[0] = ad[0] = ex[0] = '\0';
		if (rc == 1) {
			q_col_date(&q, 0, dd);
			q_col_date(&q, 1, ad);
			q_col_date(&q, 2, ex);
		}
		q_done(&q);
		if (rc < 0)
			return rc;
		snprintf(f->since, sizeof(f->since), "%s",
		    dd[0] != '\0' ? dd : ad);
		f->exempted = ex[0] != '\0' && strcmp(ex, to) <= 0;
	} else if (oid > 0) {
		if ((rc = q_open(&q, st, STMT_EVAL_FACT_ORG, err)) != 0)
			return rc;
		q_int(&q, 1, oid);
		if ((rc = q_step(&q, err)) == 1)
			q_col_date(&q, 0, f->since);
		q_done(&q);
		if (rc < 0)
			return rc;
	}
	if ((rc = q_open(&q, st, STMT_EVAL_DISCIPLINED, err)) != 0)
		return rc;
	q_int(&q, 1, mid);
	q_int(&q, 2, oid);
	q_date(&q, 3, from);
	q_date(&q, 4, to);
	if ((rc = count_row(&q, &a, NULL, err)) != 0)
		return rc;
	f->disciplined = (int)a;
	f->collective_disciplined = 0;
	f->subunits_total = f->subunits_disciplined = 0;
	if (oid > 0) {
		/* The organisation's own discipline is the collective's. */
		f->collective_disciplined = (int)a;
		f->disciplined = 0;
		if ((rc = q_open(&q, st, STMT_EVAL_SUBUNITS, err)) != 0)
			return rc;
		q_int(&q, 1, oid);
		q_date(&q, 2, from);
		q_date(&q, 3, to);
		if ((rc = count_row(&q, &a, &b, err)) != 0)
			return rc;
		f->subunits_total = (int)a;
		f->subunits_disciplined = (int)b;
	}
	f->quarters_evaluated = f->quarters_kht = 0;
	if (year > 0) {
		if ((rc = q_open(&q, st, STMT_EVAL_QUARTERS, err)) != 0)
			return rc;
		q_int(&q, 1, mid);
		q_int(&q, 2, oid);
		q_int(&q, 3, year);
		if ((rc = count_row(&q, &a, &b, err)) != 0)
			return rc;
		f->quarters_evaluated = (int)a;
		f->quarters_kht = (int)b;
	}
	return 0;
}

void
eval_scope_counts_list_release(struct eval_scope_counts_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->items[i].scope_name);
		free(l->items[i].scope_path);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static int
scope_cmp(const void *a, const void *b)
{
	return strcmp(((const struct eval_scope_counts *)a)->scope_path,
	    ((const struct eval_scope_counts *)b)->scope_path);
}

/* The scope whose path is the longest prefix of path (the list is by
 * path in byte order), or NULL. */
static struct eval_scope_counts *
scope_of(struct eval_scope_counts_list *l, const char *path)
{
	size_t len = strlen(path), plen;
	struct eval_scope_counts *best = NULL;

	/* Each ancestor-or-self prefix ends at a '/'. */
	for (plen = 1; plen <= len; plen++) {
		size_t lo = 0, hi = l->n;

		if (path[plen - 1] != '/' || plen == 1)
			continue;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strncmp(l->items[mid].scope_path, path, plen);

			if (c == 0 && l->items[mid].scope_path[plen] != '\0')
				c = 1;
			if (c == 0) {
				best = &l->items[mid];
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return best;
}

int
store_evaluation_scope_counts(struct store *st, int64_t period_id,
    int64_t org_id, enum eval_cap_scope scope,
    struct eval_scope_counts_list *ret, struct cb_error *err)
{
	struct eval_scope_counts_list l = { NULL, 0 };
	struct evaluation_period p;
	char *lo = NULL, *hi = NULL, *anc = NULL, *phi = NULL;
	const char *base;
	size_t cap = 0, len, i, k;
	struct q q;
	int rc;

	eval_scope_counts_list_release(ret);
	memset(&p, 0, sizeof(p));
	if ((rc = store_eperiod_get(st, period_id, &p, err)) != 0)
		return rc;
	if (org_id != 0 && org_id != p.org_id) {
		if ((rc = subtree(st, org_id, "org", &lo, &hi, err)) != 0)
			goto out;
		if (!starts_with(lo, p.org_path)) {
			rc = cb_error_field(err, 0, "org",
			    "subject_outside_period", NULL);
			goto out;
		}
	} else if ((lo = strdup(p.org_path)) == NULL ||
	    (hi = path_upper(lo)) == NULL) {
		rc = store_nomem(err);
		goto out;
	}
	if (store_restricted(st) &&
	    (rc = scope_may(st, ACT_EVAL_READ, lo, err)) != 0)
		goto out;
	/* The ancestors of the subtree's root, "|a|b|": a grassroots
	 * organisation above a cell's period is its scope. */
	base = lo;
	len = strlen(base);
	for (i = 1, k = 2; i <= len; i++)
		if (base[i - 1] == '/' && i > 1)
			k += i + 1;
	if ((anc = malloc(k)) == NULL) {
		rc = store_nomem(err);
		goto out;
	}
	k = 0;
	anc[k++] = '|';
	for (i = 1; i <= len; i++)
		if (base[i - 1] == '/' && i > 1) {
			memcpy(anc + k, base, i);
			k += i;
			anc[k++] = '|';
		}
	anc[k] = '\0';
	if ((rc = q_open(&q, st, STMT_EVAL_SCOPE_ORGS, err)) != 0)
		goto out;
	q_text(&q, 1, lo);
	q_text(&q, 2, hi);
	q_text(&q, 3, scope == ECAP_CELL ? "cell" : "grassroots");
	q_text(&q, 4, "grassroots_cell");
	q_text(&q, 5, anc);
	while ((rc = q_step(&q, err)) == 1) {
		struct eval_scope_counts *c;

		if (array_grow(&l.items, &cap, l.n + 1, sizeof(*l.items))) {
			rc = store_nomem(err);
			break;
		}
		c = &l.items[l.n++];
		memset(c, 0, sizeof(*c));
		c->scope_org_id = q_col_int(&q, 0);
		if (q_col_dup(&q, 1, &c->scope_name) != 0 ||
		    q_col_dup(&q, 2, &c->scope_path) != 0) {
			rc = store_nomem(err);
			break;
		}
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	if (l.n > 1)
		qsort(l.items, l.n, sizeof(*l.items), scope_cmp);
	/* The rows of the whole period: a scope above the subtree asked
	 * (the grassroots organisation of a cell) counts all its members,
	 * a row whose scope was not asked for is left out. */
	if ((phi = path_upper(p.org_path)) == NULL) {
		rc = store_nomem(err);
		goto out;
	}
	if ((rc = q_open(&q, st, STMT_EVAL_SCOPE_ROWS, err)) != 0)
		goto out;
	q_int(&q, 1, period_id);
	q_text(&q, 2, p.org_path);
	q_text(&q, 3, phi);
	while ((rc = q_step(&q, err)) == 1) {
		const char *path = q_col_text(&q, 0);
		struct eval_scope_counts *c =
		    path != NULL ? scope_of(&l, path) : NULL;
		int pl, dl;

		if (c == NULL)
			continue;
		pl = elevel_to_core((enum elevel)field_enum_parse(
		    &evaluation_entity.fields[EVALUATION_F_proposed_level],
		    q_col_text(&q, 1)));
		dl = elevel_to_core((enum elevel)field_enum_parse(
		    &evaluation_entity.fields[EVALUATION_F_decided_level],
		    q_col_text(&q, 2)));
		if (pl >= 0)
			c->proposed[pl]++;
		if (dl >= 0)
			c->decided[dl]++;
		if (dl >= 0 || pl >= 0)
			c->current[dl >= 0 ? dl : pl]++;
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	rc = 0;
	*ret = l;
	l.items = NULL;
	l.n = 0;
out:
	eval_scope_counts_list_release(&l);
	evaluation_period_release(&p);
	free(lo);
	free(hi);
	free(anc);
	free(phi);
	return rc;
}

/* ------------------------------------------------------------ comments */

int
store_ecomment_insert(struct store *st, struct evaluation_comment *c,
    struct cb_error *err)
{
	struct evaluation e;
	char now[TIMESTAMP_LEN];
	struct q q;
	bool g, ok;
	int rc;

	memset(&e, 0, sizeof(e));
	if ((rc = eval_read(st, c->evaluation_id, &e, err)) != 0)
		return rc;
	ok = !store_restricted(st) ||
	    principal_may(st->who, ACT_EVAL_COMMENT, e.scope_path);
	if (!ok && eval_may(st, ACT_EVAL_READ, &e))
		rc = cb_error_set(err, CB_EPERM, "forbidden", NULL);
	else if (!ok)
		rc = evaluation_not_found(err);
	evaluation_release(&e);
	if (rc != 0)
		return rc;
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_ECOMMENT_INSERT, err)) == 0) {
		q.fk_field = "evaluation_id";
		q_text(&q,
		    q_fields(&q, 1, &evaluation_comment_entity, c,
		        EVALUATION_COMMENT_F_evaluation_id,
		        EVALUATION_COMMENT_F_created_at),
		    now);
		rc = q_insert_id(&q, now, &c->id, &c->created_at, err);
	}
	return store_guard_end(st, g, rc, err);
}

int
store_ecomment_list(struct store *st, int64_t evaluation_id,
    struct evaluation_comment_list *ret, struct cb_error *err)
{
	struct evaluation_comment_list l = { NULL, 0 };
	struct evaluation_comment c;
	struct evaluation e;
	size_t cap = 0;
	struct q q;
	int rc;

	evaluation_comment_list_release(ret);
	memset(&e, 0, sizeof(e));
	memset(&c, 0, sizeof(c));
	if ((rc = store_evaluation_get(st, evaluation_id, &e, err)) != 0)
		return rc;
	/* The reviewers' input: read with ACT_EVAL_READ on the subject's
	 * organisation (not the member's own right, nor a cell member's:
	 * docs/security.md). */
	if (store_restricted(st) &&
	    !principal_may(st->who, ACT_EVAL_READ, e.scope_path) &&
	    !eval_may(st, ACT_EVAL_DECIDE, &e))
		rc = cb_error_set(err, CB_EPERM, "forbidden", NULL);
	evaluation_release(&e);
	if (rc != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_ECOMMENT_LIST, err)) != 0)
		return rc;
	q_int(&q, 1, evaluation_id);
	while ((rc = q_step(&q, err)) == 1) {
		if (q_col_entity(&q, &evaluation_comment_entity, &c) != 0) {
			rc = store_nomem(err);
			break;
		}
		if (array_grow(&l.items, &cap, l.n + 1, sizeof(*l.items))) {
			rc = store_nomem(err);
			break;
		}
		l.items[l.n++] = c;
		memset(&c, 0, sizeof(c));
	}
	q_done(&q);
	evaluation_comment_release(&c);
	if (rc < 0) {
		evaluation_comment_list_release(&l);
		return rc;
	}
	*ret = l;
	return 0;
}
