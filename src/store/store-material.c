/*
 * store-material.c - a meeting's materials (their bytes in the database)
 * and the server's secrets (migration 0020).  The scope of each material
 * is its meeting's, checked through store_meeting_get.  See store.h.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store-int.h"
#include "util/err.h"
#include "util/hash.h"

#include "util/banned.h"

void
meeting_material_release(struct meeting_material *m)
{
	if (m == NULL)
		return;
	free(m->name);
	free(m->content_type);
	free(m->sha256);
	free(m->available_at);
	free(m->recorded_by);
	free(m->created_at);
	free(m->data);
	memset(m, 0, sizeof(*m));
}

void
meeting_material_list_release(struct meeting_material_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		meeting_material_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static int
material_not_found(struct cb_error *err)
{
	return cb_error_set(err, CB_ENOTFOUND, "material_not_found", NULL);
}

/* The meeting is seen (else "meeting_not_found"), and written when
 * write: its organisation's id in *ret_org (may be NULL). */
static int
meeting_in_scope(struct store *st, int64_t meeting_id, bool write,
    int64_t *ret_org, struct cb_error *err)
{
	struct meeting m;
	char *path = NULL;
	int rc;

	memset(&m, 0, sizeof(m));
	if ((rc = store_meeting_get(st, meeting_id, &m, &path, err)) != 0)
		return rc;
	if (write && store_restricted(st))
		rc = scope_may(st, ACT_MEETING_WRITE, path, err);
	if (ret_org != NULL)
		*ret_org = m.org_id;
	meeting_release(&m);
	free(path);
	return rc;
}

int
store_material_insert(struct store *st, struct meeting_material *m,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	bool g;
	int rc;

	if ((rc = meeting_in_scope(st, m->meeting_id, true, NULL, err)) != 0)
		return rc;
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MATERIAL_INSERT, err)) == 0) {
		q_int(&q, 1, m->meeting_id);
		q_text(&q, 2, m->name);
		q_text(&q, 3, m->content_type);
		q_int(&q, 4, m->size);
		q_text(&q, 5, m->sha256);
		q_text(&q, 6, m->available_at);
		q_text_opt(&q, 7, m->recorded_by);
		q_text(&q, 8, now);
		q_blob(&q, 9, m->data != NULL ? (const void *)m->data : "",
		    (size_t)m->size);
		rc = q_insert_id(&q, now, &m->id, &m->created_at, err);
	}
	return store_guard_end(st, g, rc, err);
}

/* The MATERIAL_COLS of the current row into *m. */
static int
material_row(struct q *q, struct meeting_material *m)
{
	m->id = q_col_int(q, 0);
	m->meeting_id = q_col_int(q, 1);
	m->size = q_col_int(q, 4);
	if (q_col_dup(q, 2, &m->name) != 0 ||
	    q_col_dup(q, 3, &m->content_type) != 0 ||
	    q_col_dup(q, 5, &m->sha256) != 0 ||
	    q_col_dup(q, 6, &m->available_at) != 0 ||
	    q_col_dup(q, 7, &m->recorded_by) != 0 ||
	    q_col_dup(q, 8, &m->created_at) != 0)
		return -1;
	return 0;
}

int
store_material_list(struct store *st, int64_t meeting_id,
    struct meeting_material_list *ret, struct cb_error *err)
{
	struct meeting_material *items = NULL, *t;
	size_t cap = 0;
	struct q q;
	int rc;

	meeting_material_list_release(ret);
	if ((rc = meeting_in_scope(st, meeting_id, false, NULL, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MATERIAL_LIST, err)) != 0)
		return rc;
	q_int(&q, 1, meeting_id);
	while ((rc = q_step(&q, err)) == 1) {
		if (ret->n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((t = realloc(items, cap * sizeof(*t))) == NULL) {
				rc = store_nomem(err);
				break;
			}
			items = t;
			ret->items = items;
		}
		memset(&items[ret->n], 0, sizeof(*items));
		if (material_row(&q, &items[ret->n]) != 0) {
			meeting_material_release(&items[ret->n]);
			rc = store_nomem(err);
			break;
		}
		ret->n++;
	}
	q_done(&q);
	ret->items = items;
	if (rc < 0) {
		meeting_material_list_release(ret);
		return rc;
	}
	return 0;
}

int
store_material_get(struct store *st, int64_t meeting_id, int64_t id,
    struct meeting_material *ret, struct cb_error *err)
{
	const void *p;
	size_t len = 0;
	struct q q;
	int rc;

	meeting_material_release(ret);
	if ((rc = meeting_in_scope(st, meeting_id, false, NULL, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MATERIAL_GET, err)) != 0)
		return rc;
	q_int(&q, 1, meeting_id);
	q_int(&q, 2, id);
	if ((rc = q_step(&q, err)) == 1) {
		p = q_col_blob(&q, 9, &len);
		if (material_row(&q, ret) != 0 ||
		    (ret->data = malloc(len ? len : 1)) == NULL) {
			rc = store_nomem(err);
		} else {
			if (len > 0)
				memcpy(ret->data, p, len);
			ret->size = (int64_t)len;
		}
	}
	q_done(&q);
	if (rc == 0)
		rc = material_not_found(err);
	if (rc < 0) {
		meeting_material_release(ret);
		return rc;
	}
	return 0;
}

int
store_material_delete(struct store *st, int64_t meeting_id, int64_t id,
    struct meeting_material *ret, struct cb_error *err)
{
	struct meeting_material cur;
	struct q q;
	bool g;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = meeting_in_scope(st, meeting_id, true, NULL, err)) != 0 ||
	    (rc = store_material_get(st, meeting_id, id, &cur, err)) != 0)
		return rc;
	free(cur.data);
	cur.data = NULL;
	if ((rc = store_guard_begin(st, &g, err)) != 0) {
		meeting_material_release(&cur);
		return rc;
	}
	if ((rc = q_open(&q, st, STMT_MATERIAL_DELETE, err)) == 0) {
		q_int(&q, 1, meeting_id);
		q_int(&q, 2, id);
		rc = q_run(&q, err);
	}
	rc = store_guard_end(st, g, rc, err);
	if (rc == 0 && ret != NULL) {
		meeting_material_release(ret);
		*ret = cur;
	} else {
		meeting_material_release(&cur);
	}
	return rc;
}

/* The secret called name into out (n bytes): 1 found, 0 none. */
static int
secret_read(struct store *st, const char *name, unsigned char *out, size_t n,
    struct cb_error *err)
{
	const void *p;
	size_t len = 0;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_SECRET_GET, err)) != 0)
		return rc;
	q_text(&q, 1, name);
	if ((rc = q_step(&q, err)) == 1) {
		p = q_col_blob(&q, 0, &len);
		if (len != n) {
			cb_error_detail(err, "store: secret %s has %zu bytes",
			    name, len);
			rc = cb_error_set(err, CB_ESTORE, "storage_error",
			    NULL);
		} else {
			memcpy(out, p, n);
		}
	}
	q_done(&q);
	return rc;
}

int
store_secret(struct store *st, const char *name, unsigned char *out, size_t n,
    struct cb_error *err)
{
	unsigned char fresh[64];
	char now[TIMESTAMP_LEN];
	struct q q;
	bool g;
	int rc;

	if (n == 0 || n > sizeof(fresh))
		return cb_error_set(err, CB_EINVAL, "invalid_value", NULL);
	if ((rc = secret_read(st, name, out, n, err)) != 0)
		return rc < 0 ? rc : 0;
	hash_random_bytes(fresh, n);
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_SECRET_INSERT, err)) == 0) {
		q_text(&q, 1, name);
		q_blob(&q, 2, fresh, n);
		q_text(&q, 3, now);
		rc = q_run(&q, err);
	}
	hash_wipe(fresh, sizeof(fresh));
	rc = store_guard_end(st, g, rc, err);
	if (rc != 0)
		return rc;
	/* Another writer's, if it came first. */
	if ((rc = secret_read(st, name, out, n, err)) < 0)
		return rc;
	return rc == 1 ?
	    0 :
	    cb_error_set(err, CB_ESTORE, "storage_error", NULL);
}

int
store_meeting_member_find(struct store *st, int64_t org_id, int64_t id,
    const char *card, const char *name_fold, const char *birth_date,
    int64_t *ret_id, struct cb_error *err)
{
	struct q q;
	int rc, n = 0;

	*ret_id = 0;
	if ((rc = q_open(&q, st, STMT_MEETING_MEMBER_FIND, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	if (id > 0)
		q_int(&q, 2, id);
	else
		q_null(&q, 2);
	q_text_opt(&q, 3, card);
	q_text_opt(&q, 4, name_fold);
	q_text_opt(&q, 5, birth_date);
	while ((rc = q_step(&q, err)) == 1) {
		*ret_id = q_col_int(&q, 0);
		n++;
	}
	q_done(&q);
	if (rc < 0)
		return rc;
	if (n > 1)
		*ret_id = -1;
	return 0;
}
