/*
 * store-programme.c - terms of a committee and inspection and
 * supervision programmes with their items (migration 0025): rows read
 * and bound through the field tables (ORG_TERM_FIELDS,
 * INSPECTION_PROGRAMME_FIELDS, INSPECTION_PROGRAMME_ITEM_FIELDS), the
 * scope of each row checked here on the path of its organisation.  See
 * store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "store/cursor.h"
#include "store/store-field.h"
#include "store/store-int.h"
#include "util/err.h"

#include "util/banned.h"

static int
not_found(struct cb_error *err, const char *code)
{
	return cb_error_set(err, CB_ENOTFOUND, code, NULL);
}

/* Whether path lies inside the subtree at root (root itself too). */
static bool
path_within(const char *path, const char *root)
{
	return path != NULL && root != NULL &&
	    strncmp(path, root, strlen(root)) == 0;
}

/* ---------------------------------------------------------------- terms */

/* Reads term id and the path of its organisation (no scope). */
static int
term_fetch(struct store *st, int64_t id, struct org_term *ret, char **ret_path,
    struct cb_error *err)
{
	struct q q;
	int rc;

	org_term_release(ret);
	*ret_path = NULL;
	if ((rc = q_open(&q, st, STMT_TERM_GET, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	rc = q_step(&q, err);
	if (rc == 1 &&
	    (q_col_entity(&q, &org_term_entity, ret) != 0 ||
	        q_col_dup(&q, (int)org_term_entity.nfields, ret_path) != 0))
		rc = store_nomem(err);
	q_done(&q);
	if (rc == 0)
		rc = not_found(err, "term_not_found");
	if (rc < 0) {
		org_term_release(ret);
		free(*ret_path);
		*ret_path = NULL;
		return rc;
	}
	return 0;
}

/* The term's organisation seen (else org_not_found on org_id) and
 * writable (else forbidden). */
static int
term_org_writable(struct store *st, int64_t org_id, struct cb_error *err)
{
	char *path = NULL;
	int rc;

	if (org_id <= 0)
		return cb_error_field(err, 0, "org_id", "required", NULL);
	if ((rc = scope_org_for_write(st, org_id, "org_id", &path, err)) != 0)
		return rc;
	if (store_restricted(st))
		rc = scope_may(st, ACT_ORG_WRITE, path, err);
	free(path);
	return rc;
}

/* Another term of t's organisation sharing a day with t: term_overlap
 * on starts_on, naming it. */
static int
term_overlap(struct store *st, const struct org_term *t, struct cb_error *err)
{
	struct org_term o;
	char arg[300];
	struct q q;
	int rc;

	memset(&o, 0, sizeof(o));
	if ((rc = q_open(&q, st, STMT_TERM_OVERLAP, err)) != 0)
		return rc;
	q_int(&q, 1, t->org_id);
	q_int(&q, 2, t->id);
	q_date(&q, 3, t->starts_on);
	q_date(&q, 4, t->ends_on);
	rc = q_step(&q, err);
	if (rc == 1 && q_col_entity(&q, &org_term_entity, &o) != 0)
		rc = store_nomem(err);
	q_done(&q);
	if (rc == 1) {
		/* The dates as people read them (the message's argument is
		 * text; util/msg.c turns only a whole ISO date round). */
		snprintf(arg, sizeof(arg),
		    "%.200s (%.2s/%.2s/%.4s – %.2s/%.2s/%.4s)",
		    o.name ? o.name : "", o.starts_on + 8, o.starts_on + 5,
		    o.starts_on, o.ends_on + 8, o.ends_on + 5, o.ends_on);
		rc = cb_error_field(err, 0, "starts_on", "term_overlap", arg);
	}
	org_term_release(&o);
	return rc;
}

int
store_term_insert(struct store *st, struct org_term *t, struct cb_error *err)
{
	int rc;

	t->id = 0;
	if ((rc = term_org_writable(st, t->org_id, err)) != 0 ||
	    (rc = term_overlap(st, t, err)) != 0)
		return rc;
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_TERM_INSERT,
	        .fk = "org_id",
	        .e = &org_term_entity,
	        .obj = t,
	        .from = ORG_TERM_F_org_id,
	        .to = ORG_TERM_F_version },
	    &t->id, &t->version, &t->created_at, &t->updated_at, err);
}

int
store_term_get(struct store *st, int64_t id, struct org_term *ret,
    struct cb_error *err)
{
	char *path = NULL;
	bool ok = true;
	int rc;

	if ((rc = term_fetch(st, id, ret, &path, err)) != 0)
		return rc;
	rc = scope_org_readable(st, ret->org_id, path, &ok, err);
	free(path);
	if (rc == 0 && !ok)
		rc = not_found(err, "term_not_found");
	if (rc != 0)
		org_term_release(ret);
	return rc;
}

int
store_term_update(struct store *st, struct org_term *t,
    int64_t expected_version, struct cb_error *err)
{
	struct org_term cur;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_term_get(st, t->id, &cur, err)) != 0)
		return rc;
	if (cur.org_id != t->org_id)
		rc = cb_error_field(err, 0, "org_id", "read_only", NULL);
	org_term_release(&cur);
	if (rc != 0 || (rc = term_org_writable(st, t->org_id, err)) != 0 ||
	    (rc = term_overlap(st, t, err)) != 0)
		return rc;
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_TERM_UPDATE,
	        .fk = NULL,
	        .e = &org_term_entity,
	        .obj = t,
	        .from = ORG_TERM_F_org_id,
	        .to = ORG_TERM_F_version,
	        .row = t->id,
	        .expected = expected_version },
	    NULL, &t->version, NULL, &t->updated_at, err);
}

int
store_term_delete(struct store *st, int64_t id, struct cb_error *err)
{
	struct org_term cur;
	struct q q;
	bool g;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_term_get(st, id, &cur, err)) != 0)
		return rc;
	rc = term_org_writable(st, cur.org_id, err);
	org_term_release(&cur);
	if (rc != 0)
		return rc;
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_TERM_DELETE, err)) == 0) {
		q_int(&q, 1, id);
		rc = q_run(&q, err);
	}
	return store_guard_end(st, g, rc, err);
}

int
store_term_list(struct store *st, int64_t org_id, const char *on,
    struct org_term_list *ret, struct cb_error *err)
{
	struct org_term_list l = { NULL, 0 };
	char *path = NULL;
	size_t cap = 0;
	struct q q;
	void *p;
	int rc;

	org_term_list_release(ret);
	if ((rc = scope_org_for_write(st, org_id, "org", &path, err)) != 0)
		return rc;
	free(path);
	if (org_id <= 0)
		return cb_error_field(err, 0, "org", "required", NULL);
	if ((rc = q_open(&q, st, STMT_TERM_LIST, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	q_date(&q, 2, on);
	while ((rc = q_step(&q, err)) == 1) {
		if (l.n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((p = realloc(l.items, cap * sizeof(*l.items))) ==
			    NULL) {
				rc = store_nomem(err);
				break;
			}
			l.items = p;
		}
		memset(&l.items[l.n], 0, sizeof(l.items[l.n]));
		if (q_col_entity(&q, &org_term_entity, &l.items[l.n]) != 0) {
			rc = store_nomem(err);
			break;
		}
		l.n++;
	}
	q_done(&q);
	if (rc < 0) {
		org_term_list_release(&l);
		return rc;
	}
	*ret = l;
	return 0;
}

int
store_term_on(struct store *st, int64_t org_id, const char *on,
    struct org_term *ret, bool *found, struct cb_error *err)
{
	struct org_term_list l = { NULL, 0 };
	int rc;

	*found = false;
	if ((rc = store_term_list(st, org_id, on, &l, err)) != 0)
		return rc;
	if (l.n > 0) {
		org_term_release(ret);
		*ret = l.items[0];
		memset(&l.items[0], 0, sizeof(l.items[0]));
		*found = true;
	}
	org_term_list_release(&l);
	return 0;
}

/* ----------------------------------------------------------- programmes */

/* Whether the principal may read the programmes of body at path. */
static bool
programme_readable(struct store *st, enum inspection_body body,
    const char *path)
{
	const struct principal *p = st->who;

	return !store_restricted(st) ||
	    principal_may(p, ACT_INSPECTION_READ, path) ||
	    principal_may(p, ACT_INSPECTION_WRITE, path) ||
	    (body == INSPECTION_BODY_CELL &&
	        principal_may(p, ACT_SELF_INSPECTION_WRITE, path));
}

/* 0 if the principal may write the programmes of body at path, else
 * forbidden. */
static int
programme_writable(struct store *st, enum inspection_body body,
    const char *path, struct cb_error *err)
{
	if (!store_restricted(st) ||
	    principal_may(st->who, ACT_INSPECTION_WRITE, path) ||
	    (body == INSPECTION_BODY_CELL &&
	        principal_may(st->who, ACT_SELF_INSPECTION_WRITE, path)))
		return 0;
	return scope_may(st, ACT_INSPECTION_WRITE, path, err);
}

/* The body's organisation of a write: seen (else org_not_found on
 * org_id), then writable. */
static int
programme_org_writable(struct store *st, const struct inspection_programme *p,
    struct cb_error *err)
{
	char *path = NULL;
	int rc;

	if (p->org_id <= 0)
		return cb_error_field(err, 0, "org_id", "required", NULL);
	if ((rc = scope_org_for_write(st, p->org_id, "org_id", &path, err)) !=
	    0)
		return rc;
	rc = programme_writable(st, p->body, path, err);
	free(path);
	return rc;
}

int
store_programme_insert(struct store *st, struct inspection_programme *p,
    struct cb_error *err)
{
	int rc;

	p->id = 0;
	if ((rc = store_check_enums(&inspection_programme_entity, p, err)) !=
	        0 ||
	    (rc = programme_org_writable(st, p, err)) != 0)
		return rc;
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_PROGRAMME_INSERT,
	        .fk = "org_id",
	        .e = &inspection_programme_entity,
	        .obj = p,
	        .from = INSPECTION_PROGRAMME_F_org_id,
	        .to = INSPECTION_PROGRAMME_F_version },
	    &p->id, &p->version, &p->created_at, &p->updated_at, err);
}

int
store_programme_get(struct store *st, int64_t id,
    struct inspection_programme *ret, char **ret_path, struct cb_error *err)
{
	char *path = NULL;
	struct q q;
	int rc;

	inspection_programme_release(ret);
	if (ret_path != NULL)
		*ret_path = NULL;
	if ((rc = q_open(&q, st, STMT_PROGRAMME_GET, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	rc = q_step(&q, err);
	if (rc == 1 &&
	    (q_col_entity(&q, &inspection_programme_entity, ret) != 0 ||
	        q_col_dup(&q, (int)inspection_programme_entity.nfields,
	            &path) != 0))
		rc = store_nomem(err);
	q_done(&q);
	if (rc == 1 && !programme_readable(st, ret->body, path))
		rc = 0;
	if (rc == 0)
		rc = not_found(err, "programme_not_found");
	if (rc < 0) {
		inspection_programme_release(ret);
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
store_programme_update(struct store *st, struct inspection_programme *p,
    int64_t expected_version, struct cb_error *err)
{
	struct inspection_programme cur;
	char *path = NULL;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_check_enums(&inspection_programme_entity, p, err)) !=
	    0)
		return rc;
	if ((rc = store_programme_get(st, p->id, &cur, &path, err)) != 0)
		return rc;
	rc = programme_writable(st, cur.body, path, err);
	free(path);
	inspection_programme_release(&cur);
	if (rc != 0 || (rc = programme_org_writable(st, p, err)) != 0)
		return rc;
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_PROGRAMME_UPDATE,
	        .fk = "org_id",
	        .e = &inspection_programme_entity,
	        .obj = p,
	        .from = INSPECTION_PROGRAMME_F_org_id,
	        .to = INSPECTION_PROGRAMME_F_version,
	        .row = p->id,
	        .expected = expected_version },
	    NULL, &p->version, NULL, &p->updated_at, err);
}

int
store_programme_delete(struct store *st, int64_t id, struct cb_error *err)
{
	struct inspection_programme cur;
	char *path = NULL;
	struct q q;
	bool g;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_programme_get(st, id, &cur, &path, err)) != 0)
		return rc;
	rc = programme_writable(st, cur.body, path, err);
	free(path);
	inspection_programme_release(&cur);
	if (rc != 0 || (rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	/* The inspections that carried it out keep naming it: 409. */
	if ((rc = q_open(&q, st, STMT_PROGRAMME_IN_USE, err)) == 0) {
		q_int(&q, 1, id);
		if ((rc = q_step(&q, err)) == 1)
			rc = cb_error_set(err, CB_ECONFLICT,
			    "programme_in_use", NULL);
		q_done(&q);
	}
	if (rc == 0 &&
	    (rc = q_open(&q, st, STMT_PITEM_DELETE_ALL, err)) == 0) {
		q_int(&q, 1, id);
		rc = q_run(&q, err);
	}
	if (rc == 0 &&
	    (rc = q_open(&q, st, STMT_PROGRAMME_DELETE, err)) == 0) {
		q_int(&q, 1, id);
		rc = q_run(&q, err);
	}
	return store_guard_end(st, g, rc, err);
}

void
programme_page_release(struct programme_page *p)
{
	if (p == NULL)
		return;
	inspection_programme_list_release(&p->list);
	free(p->next_cursor);
	p->next_cursor = NULL;
}

static int
bad_cursor(struct cb_error *err)
{
	cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
	return cb_error_field(err, 0, "cursor", "invalid_cursor", NULL);
}

/* The keyset of a cursor of store_programme_list: year, org_id, id. */
static int
cursor_keys(const char *cursor, int64_t after[3], struct cb_error *err)
{
	struct store_cursor c;
	bool ok;

	memset(&c, 0, sizeof(c));
	if (store_cursor_open(cursor, 3, &c) != 0)
		return bad_cursor(err);
	ok = store_cursor_id(&c, 0, &after[0]) &&
	    store_cursor_id(&c, 1, &after[1]) &&
	    store_cursor_id(&c, 2, &after[2]) && after[0] <= DATE_YEAR_MAX;
	store_cursor_close(&c);
	return ok ? 0 : bad_cursor(err);
}

int
store_programme_list(struct store *st, const struct programme_query *pq,
    struct programme_page *ret, struct cb_error *err)
{
	struct inspection_programme *items = NULL;
	char *path = NULL, *hi = NULL, b[3][24];
	int64_t after[3] = { 0, 0, 0 };
	bool have_after = false;
	size_t n = 0;
	struct q q;
	int rc;

	programme_page_release(ret);
	if (pq->limit < 1 || pq->limit > 1000)
		return cb_error_field(err, 0, "limit", "invalid_value", NULL);
	/* An empty cursor is the first page, like none. */
	if (pq->cursor != NULL && pq->cursor[0] != '\0') {
		if ((rc = cursor_keys(pq->cursor, after, err)) != 0)
			return rc;
		have_after = true;
	}
	if ((rc = scope_org_for_write(st, pq->org_id, "org", &path, err)) != 0)
		goto out;
	if (path == NULL) {
		rc = cb_error_field(err, 0, "org", "required", NULL);
		goto out;
	}
	/* A cell's own programme reads with its self-inspection right. */
	if (!programme_readable(st, INSPECTION_BODY_CELL, path) &&
	    (rc = scope_may(st, ACT_INSPECTION_READ, path, err)) != 0)
		goto out;
	if ((hi = path_upper(path)) == NULL ||
	    (items = calloc(pq->limit + 1, sizeof(*items))) == NULL) {
		rc = store_nomem(err);
		goto out;
	}
	if ((rc = q_open(&q, st, STMT_PROGRAMME_LIST, err)) != 0)
		goto out;
	q_text(&q, 1, path);
	q_text(&q, 2, hi);
	if (pq->year != 0)
		q_int(&q, 3, pq->year);
	else
		q_null(&q, 3);
	q_text_opt(&q, 4,
	    field_enum_name(&inspection_programme_entity
	                         .fields[INSPECTION_PROGRAMME_F_body],
	        (int)pq->body));
	q_int(&q, 5, (int64_t)pq->limit + 1);
	if (have_after)
		q_int(&q, 6, after[0]);
	else
		q_null(&q, 6);
	q_int(&q, 7, after[1]);
	q_int(&q, 8, after[2]);
	while ((rc = q_step(&q, err)) == 1) {
		if (q_col_entity(&q, &inspection_programme_entity,
		        &items[n]) != 0) {
			rc = store_nomem(err);
			break;
		}
		n++;
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	rc = 0;
	if (n > pq->limit) {
		const struct inspection_programme *last;

		inspection_programme_release(&items[--n]);
		last = &items[n - 1];
		snprintf(b[0], sizeof(b[0]), "%d", last->year);
		snprintf(b[1], sizeof(b[1]), "%lld", (long long)last->org_id);
		snprintf(b[2], sizeof(b[2]), "%lld", (long long)last->id);
		if ((ret->next_cursor = store_cursor_make(
		         (const char *const[]){ b[0], b[1], b[2] }, 3)) ==
		    NULL) {
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
		struct inspection_programme_list l = { items, n };

		inspection_programme_list_release(&l);
	}
	free(path);
	free(hi);
	return rc;
}

/* ---------------------------------------------------- programme items */

/* The subject of item it inside the subtree of programme p (at path). */
static int
item_subject_check(struct store *st,
    const struct inspection_programme_item *it,
    const struct inspection_programme *p, const char *path,
    struct cb_error *err)
{
	char *spath = NULL;
	int64_t sorg = 0;
	bool ok = false;
	struct q q;
	int rc;

	if (it->subject_org_id != 0) {
		if ((rc = q_open(&q, st, STMT_ORG_PATH, err)) != 0)
			return rc;
		q_int(&q, 1, it->subject_org_id);
		if ((rc = q_step(&q, err)) == 1 &&
		    q_col_dup(&q, 0, &spath) != 0)
			rc = store_nomem(err);
		q_done(&q);
		if (rc < 0)
			return rc;
		/* Strictly below the body's organisation. */
		ok = rc == 1 && path_within(spath, path) &&
		    strcmp(spath, path) != 0;
		free(spath);
		if (!ok)
			return cb_error_field(err, 0, "subject_org_id",
			    "subject_outside_body", NULL);
	}
	if (it->subject_member_id != 0) {
		if ((rc = q_open(&q, st, STMT_MEMBER_SCOPE, err)) != 0)
			return rc;
		q_int(&q, 1, it->subject_member_id);
		if ((rc = q_step(&q, err)) == 1 && q_col_int(&q, 2) == 0) {
			sorg = q_col_int(&q, 0);
			if (q_col_dup(&q, 1, &spath) != 0)
				rc = store_nomem(err);
		}
		q_done(&q);
		if (rc < 0)
			return rc;
		/* In the subtree; of the body's organisation itself only
		 * for a cell's programme of its members. */
		ok = rc == 1 && spath != NULL && path_within(spath, path) &&
		    (sorg != p->org_id || p->body == INSPECTION_BODY_CELL);
		free(spath);
		if (!ok)
			return cb_error_field(err, 0, "subject_member_id",
			    "subject_outside_body", NULL);
	}
	return 0;
}

/* The programme of item it, writable, and the item's subject inside. */
static int
item_writable(struct store *st, const struct inspection_programme_item *it,
    struct cb_error *err)
{
	struct inspection_programme p;
	char *path = NULL;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = store_programme_get(st, it->programme_id, &p, &path, err)) ==
	        0 &&
	    (rc = programme_writable(st, p.body, path, err)) == 0)
		rc = item_subject_check(st, it, &p, path, err);
	free(path);
	inspection_programme_release(&p);
	return rc;
}

int
store_programme_item_insert(struct store *st,
    struct inspection_programme_item *it, struct cb_error *err)
{
	int rc;

	it->id = 0;
	if ((rc = store_check_enums(&inspection_programme_item_entity, it,
	         err)) != 0 ||
	    (rc = item_writable(st, it, err)) != 0)
		return rc;
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_PITEM_INSERT,
	        .fk = NULL,
	        .e = &inspection_programme_item_entity,
	        .obj = it,
	        .from = INSPECTION_PROGRAMME_ITEM_F_programme_id,
	        .to = INSPECTION_PROGRAMME_ITEM_F_version },
	    &it->id, &it->version, &it->created_at, &it->updated_at, err);
}

int
store_programme_item_get(struct store *st, int64_t id,
    struct inspection_programme_item *ret, struct cb_error *err)
{
	struct inspection_programme p;
	struct q q;
	int rc;

	memset(&p, 0, sizeof(p));
	inspection_programme_item_release(ret);
	if ((rc = q_open(&q, st, STMT_PITEM_GET, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	rc = q_step(&q, err);
	if (rc == 1 &&
	    q_col_entity(&q, &inspection_programme_item_entity, ret) != 0)
		rc = store_nomem(err);
	q_done(&q);
	if (rc == 1) {
		/* Seen with its programme. */
		rc = store_programme_get(st, ret->programme_id, &p, NULL, err);
		inspection_programme_release(&p);
		if (rc == -CB_ENOTFOUND) {
			cb_error_release(err);
			rc = 0;
		} else if (rc == 0)
			rc = 1;
	}
	if (rc == 0)
		rc = not_found(err, "programme_item_not_found");
	if (rc < 0) {
		inspection_programme_item_release(ret);
		return rc;
	}
	return 0;
}

int
store_programme_item_update(struct store *st,
    struct inspection_programme_item *it, int64_t expected_version,
    struct cb_error *err)
{
	struct inspection_programme_item cur;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_check_enums(&inspection_programme_item_entity, it,
	         err)) != 0)
		return rc;
	if ((rc = store_programme_item_get(st, it->id, &cur, err)) != 0)
		return rc;
	it->programme_id = cur.programme_id;
	inspection_programme_item_release(&cur);
	if ((rc = item_writable(st, it, err)) != 0)
		return rc;
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_PITEM_UPDATE,
	        .fk = NULL,
	        .e = &inspection_programme_item_entity,
	        .obj = it,
	        .from = INSPECTION_PROGRAMME_ITEM_F_kind,
	        .to = INSPECTION_PROGRAMME_ITEM_F_version,
	        .row = it->id,
	        .expected = expected_version },
	    NULL, &it->version, NULL, &it->updated_at, err);
}

int
store_programme_item_delete(struct store *st, int64_t id, struct cb_error *err)
{
	struct inspection_programme_item cur;
	struct inspection_programme p;
	char *path = NULL;
	struct q q;
	bool g;
	int rc;

	memset(&cur, 0, sizeof(cur));
	memset(&p, 0, sizeof(p));
	if ((rc = store_programme_item_get(st, id, &cur, err)) == 0 &&
	    (rc = store_programme_get(st, cur.programme_id, &p, &path, err)) ==
	        0)
		rc = programme_writable(st, p.body, path, err);
	free(path);
	inspection_programme_release(&p);
	inspection_programme_item_release(&cur);
	if (rc != 0 || (rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_PITEM_DELETE, err)) == 0) {
		q_int(&q, 1, id);
		rc = q_run(&q, err);
	}
	return store_guard_end(st, g, rc, err);
}

int
store_programme_items(struct store *st, int64_t programme_id,
    struct inspection_programme_item_list *ret, struct cb_error *err)
{
	struct inspection_programme_item_list l = { NULL, 0 };
	struct inspection_programme p;
	size_t cap = 0;
	struct q q;
	void *t;
	int rc;

	memset(&p, 0, sizeof(p));
	inspection_programme_item_list_release(ret);
	rc = store_programme_get(st, programme_id, &p, NULL, err);
	inspection_programme_release(&p);
	if (rc != 0 || (rc = q_open(&q, st, STMT_PITEM_LIST, err)) != 0)
		return rc;
	q_int(&q, 1, programme_id);
	while ((rc = q_step(&q, err)) == 1) {
		if (l.n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((t = realloc(l.items, cap * sizeof(*l.items))) ==
			    NULL) {
				rc = store_nomem(err);
				break;
			}
			l.items = t;
		}
		memset(&l.items[l.n], 0, sizeof(l.items[l.n]));
		if (q_col_entity(&q, &inspection_programme_item_entity,
		        &l.items[l.n]) != 0) {
			rc = store_nomem(err);
			break;
		}
		l.n++;
	}
	q_done(&q);
	if (rc < 0) {
		inspection_programme_item_list_release(&l);
		return rc;
	}
	*ret = l;
	return 0;
}
