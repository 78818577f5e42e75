/*
 * store-org.c - organisations: the tree as a materialised path, lists,
 * counts, history.  Backend-neutral (see store-int.h).
 *
 * A node's path lists the ids from the root down to itself, each written
 * with ten digits so that siblings sort in the order they were created:
 * "/0000000001/0000000005/0000000023/" (ORG_PATH_SEGMENT).
 * Its subtree is the range [path, path_upper(path)) -- the last '/'
 * replaced by '0', the next byte -- which both engines scan on the unique
 * path index.  Inserts and moves read other rows' paths, so they take the
 * tree lock (STMT_ORG_TREE_LOCK) inside a transaction.
 *
 * For a principal (store-policy.c), reads see the organisations it may
 * ACT_ORG_READ (and that of its own member record); writes need
 * ACT_ORG_WRITE on the parent, before and after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/cursor.h"
#include "store/store-field.h"
#include "store/store-int.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/text.h"

#include "util/banned.h"

/* Fills *o (released first) from the current row: the fields of
 * org_entity in its order (ORG_COL_*). */
static int
org_from_row(struct q *q, struct org *o)
{
	org_release(o);
	return q_col_entity(q, &org_entity, o);
}

/*
 * The parameters of the fields the callers write (not FF_READONLY) in
 * STMT_ORG_INSERT and STMT_ORG_UPDATE: the statements put the keys
 * derived from a field after it (name_fold and name_key after name,
 * code_fold after code), and the insert the parent's path and the depth
 * after parent_id, so the positions are listed here.  0: not bound.
 */
static const int org_insert_pos[ORG_F__MAX] = {
	[ORG_F_kind] = 1,
	[ORG_F_name] = 2,
	[ORG_F_code] = 5,
	[ORG_F_parent_id] = 7,
	[ORG_F_valid_from] = 10,
	[ORG_F_valid_to] = 11,
};
static const int org_update_pos[ORG_F__MAX] = {
	[ORG_F_kind] = 3,
	[ORG_F_name] = 4,
	[ORG_F_code] = 7,
	[ORG_F_parent_id] = 9,
	[ORG_F_valid_from] = 10,
	[ORG_F_valid_to] = 11,
};

/* Binds the fields of o the callers write at their positions pos[]. */
static void
bind_org(struct q *q, const struct org *o, const int pos[ORG_F__MAX])
{
	size_t i;

	for (i = 0; i < org_entity.nfields; i++)
		if (!(org_entity.fields[i].flags & FF_READONLY))
			q_field(q, pos[i], &org_entity.fields[i], o);
}

/* Reads one organisation by id (stmt STMT_ORG_GET) or code. */
static int
org_fetch(struct store *st, enum stmt id, int64_t oid, const char *code,
    struct org *ret, struct cb_error *err)
{
	struct q q;
	int rc;

	/* A principal that may read no organisation sees none (outside
	 * the scope is not found, never forbidden). */
	if (store_restricted(st) && !store_stmt_allowed(st->who, id))
		return cb_error_set(err, CB_ENOTFOUND, "org_not_found", NULL);
	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	if (code != NULL)
		q_text(&q, 1, code);
	else
		q_int(&q, 1, oid);
	rc = q_step(&q, err);
	if (rc == 1 && org_from_row(&q, ret) != 0)
		rc = store_nomem(err);
	q_done(&q);
	if (rc == 1 && store_restricted(st)) {
		bool ok;

		if ((rc = scope_org_readable(st, ret->id, ret->path, &ok,
		         err)) == 0)
			rc = ok ? 1 : 0;
		if (rc <= 0)
			org_release(ret);
	}
	if (rc == 0)
		return cb_error_set(err, CB_ENOTFOUND, "org_not_found", NULL);
	return rc < 0 ? rc : 0;
}

int
store_org_get(struct store *st, int64_t id, struct org *ret,
    struct cb_error *err)
{
	return org_fetch(st, STMT_ORG_GET, id, NULL, ret, err);
}

int
store_org_get_by_code(struct store *st, const char *code, struct org *ret,
    struct cb_error *err)
{
	if (code == NULL)
		return cb_error_set(err, CB_ENOTFOUND, "org_not_found", NULL);
	return org_fetch(st, STMT_ORG_GET_BY_CODE, 0, code, ret, err);
}

/* The parent of an insert or a move: -CB_ENOTFOUND naming parent_id. */
static int
parent_fetch(struct store *st, int64_t id, struct org *ret,
    struct cb_error *err)
{
	int rc = store_org_get(st, id, ret, err);

	if (rc == -CB_ENOTFOUND)
		cb_error_field(err, 0, "parent_id", "org_not_found", NULL);
	return rc;
}

/* The derived columns of an organisation: folded name and code, name sort
 * key.  Also checks what the database cannot say well. */
struct org_keys {
	char *name_fold;
	char *code_fold;
	unsigned char *name_key;
	size_t name_key_len;
};

static void
org_keys_release(struct org_keys *k)
{
	free(k->name_fold);
	free(k->code_fold);
	free(k->name_key);
	memset(k, 0, sizeof(*k));
}

static int
org_keys_make(const struct org *o, struct org_keys *k, struct cb_error *err)
{
	size_t i;
	int rc = 0;

	memset(k, 0, sizeof(*k));
	/* The required fields; an enum without a name is not one of its
	 * values. */
	for (i = 0; i < org_entity.nfields; i++) {
		const struct field_def *f = &org_entity.fields[i];

		if (!(f->flags & FF_REQUIRED) || !field_is_empty(f, o))
			continue;
		rc = cb_error_field(err, 0, f->name,
		    f->type == FT_ENUM ? "invalid_value" : "required", NULL);
	}
	if (store_check_dates(&org_entity, o, err) != 0)
		rc = -CB_EINVAL;
	if (rc != 0)
		return rc;
	if ((rc = store_fold(o->name, "name", &k->name_fold, err)) != 0 ||
	    (rc = store_fold(o->code, "code", &k->code_fold, err)) != 0) {
		org_keys_release(k);
		return rc;
	}
	if (text_sort_key_plain(o->name, &k->name_key, &k->name_key_len)) {
		org_keys_release(k);
		return store_nomem(err);
	}
	return 0;
}

/*
 * A principal that may change no organisation does not take the tree
 * lock; but the organisation it names (id, or the parent of a new one)
 * must still look missing outside its scope, and only inside be
 * forbidden.
 */
static int
write_refused(struct store *st, int64_t id, const char *field,
    struct cb_error *err)
{
	struct org o;
	int rc = 0;

	org_init(&o);
	if (id != 0 &&
	    (rc = store_org_get(st, id, &o, err)) == -CB_ENOTFOUND &&
	    field != NULL)
		cb_error_field(err, 0, field, "org_not_found", NULL);
	org_release(&o);
	return rc != 0 ? rc : scope_can(st, ACT_ORG_WRITE, err);
}

static int
tree_lock(struct store *st, struct cb_error *err)
{
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_ORG_TREE_LOCK, err)) != 0)
		return rc;
	return q_run(&q, err);
}

int
store_org_insert(struct store *st, struct org *o, struct cb_error *err)
{
	const struct stat_clock *clock;
	char now[TIMESTAMP_LEN];
	struct org_keys k;
	struct org parent;
	struct q q;
	char *path = NULL;
	int64_t id = 0;
	int rc;

	org_init(&parent);
	if (store_restricted(st) && !principal_can(st->who, ACT_ORG_WRITE))
		return write_refused(st, o->parent_id, "parent_id", err);
	if ((rc = org_keys_make(o, &k, err)) != 0)
		return rc;
	if ((rc = store_begin(st, err)) != 0) {
		org_keys_release(&k);
		return rc;
	}
	/* The figures' clock first, then the tree (store-stats.c). */
	if ((rc = stat_clock_lock(st, &clock, err)) != 0 ||
	    (rc = tree_lock(st, err)) != 0)
		goto out;
	if (o->parent_id != 0 &&
	    (rc = parent_fetch(st, o->parent_id, &parent, err)) != 0)
		goto out;
	if ((rc = scope_may(st, ACT_ORG_WRITE,
	         o->parent_id ? parent.path : NULL, err)) != 0)
		goto out;
	store_now(now);
	if ((rc = q_open(&q, st, STMT_ORG_INSERT, err)) != 0)
		goto out;
	q.fk_field = "parent_id";
	bind_org(&q, o, org_insert_pos);
	q_text(&q, 3, k.name_fold);
	q_blob(&q, 4, k.name_key, k.name_key_len);
	q_text(&q, 6, k.code_fold);
	q_text(&q, 8, o->parent_id ? parent.path : "/");
	q_int(&q, 9, o->parent_id ? parent.depth + 1 : 0);
	q_text(&q, 12, now);
	rc = q_step(&q, err);
	if (rc == 1) {
		id = q_col_int(&q, 0);
		if (q_col_dup(&q, 1, &path) != 0)
			rc = store_nomem(err);
	} else if (rc == 0) {
		rc = cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	{
		struct org made = *o;

		made.id = id;
		if ((rc = stat_org_inserted(st, &made, err)) != 0)
			goto out;
	}
	if ((rc = store_commit(st, err)) == 0) {
		o->id = id;
		free(o->path);
		o->path = path;
		path = NULL;
		o->depth = o->parent_id ? parent.depth + 1 : 0;
		o->version = 1;
	}
	goto done;
out:
	store_rollback(st);
done:
	free(path);
	org_release(&parent);
	org_keys_release(&k);
	return rc < 0 ? rc : 0;
}

/* Where o goes: its new path and depth (malloc'd into *ret_path), given
 * its stored state cur.  Refuses a parent inside its own subtree. */
static int
new_place(struct store *st, const struct org *o, const struct org *cur,
    char **ret_path, int *ret_depth, struct cb_error *err)
{
	struct org parent;
	char buf[32];
	int rc;

	*ret_path = NULL;
	if (o->parent_id == cur->parent_id) {
		*ret_path = strdup(cur->path);
		*ret_depth = cur->depth;
		return *ret_path ? 0 : store_nomem(err);
	}
	if (o->parent_id == 0) {
		snprintf(buf, sizeof(buf), "/" ORG_PATH_SEGMENT,
		    (long long)cur->id);
		*ret_path = strdup(buf);
		*ret_depth = 0;
		return *ret_path ? 0 : store_nomem(err);
	}
	org_init(&parent);
	if ((rc = parent_fetch(st, o->parent_id, &parent, err)) != 0)
		return rc;
	if (strncmp(parent.path, cur->path, strlen(cur->path)) == 0) {
		org_release(&parent);
		return cb_error_field(err, 0, "parent_id", "parent_cycle",
		    NULL);
	}
	snprintf(buf, sizeof(buf), ORG_PATH_SEGMENT, (long long)cur->id);
	if (asprintf(ret_path, "%s%s", parent.path, buf) < 0) {
		*ret_path = NULL;
		org_release(&parent);
		return store_nomem(err);
	}
	*ret_depth = parent.depth + 1;
	org_release(&parent);
	return 0;
}

/* A principal changes an organisation with ACT_ORG_WRITE on its parent
 * (a root's parent is the installation). */
static int
may_write_under(struct store *st, const char *path, struct cb_error *err)
{
	char *parent;
	int rc;

	if (!store_restricted(st))
		return 0;
	if (path_parent(path, &parent) != 0)
		return store_nomem(err);
	rc = scope_may(st, ACT_ORG_WRITE, parent, err);
	free(parent);
	return rc;
}

/*
 * The accounts with grants in the subtree at path (just moved there) see
 * their version bumped: what their grants cover changed, and a server
 * that keeps principals reads them again (http/authcache.c).
 */
static int
touch_grantees(struct store *st, const char *path, struct cb_error *err)
{
	char *hi = path_upper(path);
	struct q q;
	int rc;

	if (hi == NULL)
		return store_nomem(err);
	if ((rc = q_open(&q, st, STMT_USER_TOUCH_SUBTREE, err)) == 0) {
		q_text(&q, 1, path);
		q_text(&q, 2, hi);
		rc = q_run(&q, err);
	}
	free(hi);
	return rc;
}

int
store_org_update(struct store *st, struct org *o, int64_t expected_version,
    struct cb_error *err)
{
	const struct stat_clock *clock;
	char now[TIMESTAMP_LEN];
	struct org_keys k;
	struct org cur;
	struct q q;
	char *path = NULL, *old_hi = NULL;
	int64_t version = 0;
	int rc, depth = 0;

	org_init(&cur);
	if (store_restricted(st) && !principal_can(st->who, ACT_ORG_WRITE))
		return write_refused(st, o->id, NULL, err);
	if ((rc = org_keys_make(o, &k, err)) != 0)
		return rc;
	if ((rc = store_begin(st, err)) != 0) {
		org_keys_release(&k);
		return rc;
	}
	/* The figures' clock first, then the tree (store-stats.c). */
	if ((rc = stat_clock_lock(st, &clock, err)) != 0 ||
	    (rc = tree_lock(st, err)) != 0 ||
	    (rc = store_org_get(st, o->id, &cur, err)) != 0 ||
	    (rc = may_write_under(st, cur.path, err)) != 0)
		goto out;
	if (expected_version != 0 && cur.version != expected_version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto out;
	}
	if ((rc = new_place(st, o, &cur, &path, &depth, err)) != 0)
		goto out;
	if (o->parent_id != cur.parent_id &&
	    (rc = may_write_under(st, path, err)) != 0)
		goto out;
	/* With the tree as it still is: the old chain is found from it. */
	if ((rc = stat_org_changed(st, &cur, o, err)) != 0)
		goto out;
	store_now(now);
	if ((rc = q_open(&q, st, STMT_ORG_UPDATE, err)) != 0)
		goto out;
	q.fk_field = "parent_id";
	q_int(&q, 1, o->id);
	q_int(&q, 2, expected_version);
	bind_org(&q, o, org_update_pos);
	q_text(&q, 5, k.name_fold);
	q_blob(&q, 6, k.name_key, k.name_key_len);
	q_text(&q, 8, k.code_fold);
	q_text(&q, 12, now);
	q_text(&q, 13, path);
	q_int(&q, 14, depth);
	rc = q_step(&q, err);
	if (rc == 1)
		version = q_col_int(&q, 0);
	else if (rc == 0)
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
	q_done(&q);
	if (rc < 0)
		goto out;
	if (strcmp(path, cur.path) != 0) {
		if ((old_hi = path_upper(cur.path)) == NULL) {
			rc = store_nomem(err);
			goto out;
		}
		if ((rc = q_open(&q, st, STMT_ORG_MOVE_SUBTREE, err)) != 0)
			goto out;
		q_text(&q, 1, cur.path);
		q_text(&q, 2, old_hi);
		q_text(&q, 3, path);
		q_int(&q, 4, depth - cur.depth);
		q_text(&q, 5, now);
		if ((rc = q_run(&q, err)) != 0 ||
		    (rc = touch_grantees(st, path, err)) != 0 ||
		    (rc = store_dashboard_org_moved(st, o->id, cur.path, path,
		         err)) != 0)
			goto out;
	}
	if ((rc = store_commit(st, err)) == 0) {
		o->version = version;
		o->depth = depth;
		free(o->path);
		o->path = path;
		path = NULL;
	}
	goto done;
out:
	store_rollback(st);
done:
	free(path);
	free(old_hi);
	org_release(&cur);
	org_keys_release(&k);
	return rc < 0 ? rc : 0;
}

/* Narrows the path range [*lo, *hi) to the subtree of org id. */
static int
narrow_to(struct store *st, int64_t id, char **lo, char **hi,
    struct cb_error *err)
{
	struct org o;
	char *up;
	int rc;

	org_init(&o);
	if ((rc = store_org_get(st, id, &o, err)) != 0)
		return rc;
	if ((up = path_upper(o.path)) == NULL) {
		org_release(&o);
		return store_nomem(err);
	}
	if (strcmp(o.path, *lo) > 0) {
		free(*lo);
		*lo = o.path;
		o.path = NULL;
	}
	if (strcmp(up, *hi) < 0) {
		free(*hi);
		*hi = up;
		up = NULL;
	}
	free(up);
	org_release(&o);
	return 0;
}

/* Appends the organisations of [lo, hi) matching oq to *items, up to
 * limit of them (0: all). */
static int
org_list_range(struct store *st, const struct org_query *oq, const char *after,
    const char *lo, const char *hi, const char *qf, size_t limit,
    struct org **items, size_t *n, size_t *cap, struct cb_error *err)
{
	struct q q;
	bool ok;
	int rc;

	if ((rc = q_open(&q, st, STMT_ORG_LIST, err)) != 0)
		return rc;
	q_text(&q, 1, after);
	q_text(&q, 2, lo);
	q_text(&q, 3, hi);
	q_id(&q, 4, oq->parent_id);
	q_int(&q, 5, oq->roots_only ? 1 : 0);
	q_int(&q, 6, oq->include_closed ? 1 : 0);
	q_text(&q, 7, qf);
	/* PostgreSQL refuses a negative LIMIT: a limit past INT64_MAX is
	 * none. */
	if (limit > 0 && limit <= (size_t)INT64_MAX)
		q_int(&q, 8, (int64_t)limit);
	else
		q_null(&q, 8);
	while ((rc = q_step(&q, err)) == 1) {
		struct org *o;

		if (array_grow(items, cap, *n + 1, sizeof(**items)) != 0) {
			rc = store_nomem(err);
			break;
		}
		o = &(*items)[*n];
		org_init(o);
		if (org_from_row(&q, o) != 0) {
			rc = store_nomem(err);
			break;
		}
		/* The ranges are the scope; this only guards them. */
		if ((rc = scope_org_readable(st, o->id, o->path, &ok, err)) !=
		        0 ||
		    !ok) {
			org_release(o);
			if (rc != 0)
				break;
			continue;
		}
		(*n)++;
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

/* True if s is a materialised path "/1/23/". */
static bool
path_valid(const char *s)
{
	size_t i, digits = 0;

	if (s == NULL || s[0] != '/' || s[1] == '\0')
		return false;
	for (i = 1; s[i] != '\0'; i++) {
		if (s[i] == '/') {
			if (digits == 0)
				return false;
			digits = 0;
		} else if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else
			return false;
	}
	return digits == 0;
}

/*
 * Opens oq->cursor (store/cursor.h): one field, the last path shown.  No
 * cursor: *ret_after "" (every path is greater).  Release c with
 * store_cursor_close.
 */
static int
org_cursor_open(const struct org_query *oq, struct store_cursor *c,
    const char **ret_after, struct cb_error *err)
{
	memset(c, 0, sizeof(*c));
	*ret_after = "";
	if (oq->cursor == NULL)
		return 0;
	if (store_cursor_open(oq->cursor, 1, c) != 0 ||
	    !path_valid(c->field[0])) {
		store_cursor_close(c);
		cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
		return cb_error_field(err, 0, "cursor", "invalid_cursor",
		    NULL);
	}
	*ret_after = c->field[0];
	return 0;
}

/* store_org_list after path after, up to limit organisations (0: all). */
static int
org_list_after(struct store *st, const struct org_query *oq, const char *after,
    size_t limit, struct org_list *ret, struct cb_error *err)
{
	struct path_range *scope = NULL;
	struct org *items = NULL;
	size_t n = 0, cap = 0, nscope = 0, i;
	char *lo, *hi, *qf = NULL;
	bool all = true;
	int rc;

	org_list_release(ret);
	if (store_restricted(st) &&
	    !store_stmt_allowed(st->who, STMT_ORG_LIST))
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	/* Every path starts with '/', and '0' follows '/'. */
	lo = strdup("");
	hi = strdup("0");
	if (lo == NULL || hi == NULL) {
		rc = store_nomem(err);
		goto out;
	}
	if (oq->root_id != 0 &&
	    (rc = narrow_to(st, oq->root_id, &lo, &hi, err)) != 0)
		goto out;
	if (oq->parent_id != 0 &&
	    (rc = narrow_to(st, oq->parent_id, &lo, &hi, err)) != 0)
		goto out;
	if (oq->q != NULL && *oq->q != '\0') {
		if ((rc = store_fold(oq->q, "q", &qf, err)) != 0)
			goto out;
		if (*qf == '\0') {
			free(qf);
			qf = NULL;
		}
	}
	if ((rc = scope_ranges(st, ACT_ORG_READ, true, &scope, &nscope, &all,
	         err)) != 0)
		goto out;
	if (all) {
		rc = org_list_range(st, oq, after, lo, hi, qf, limit, &items,
		    &n, &cap, err);
		goto out;
	}
	/*
	 * The principal's subtrees, in path order: disjoint path ranges, so
	 * that their lists one after the other are in path order too.
	 */
	for (i = 0; i < nscope && rc == 0; i++) {
		char *l, *h;
		bool empty;

		if (limit > 0 && n >= limit)
			break;
		if (range_intersect(lo, hi, scope[i].lo, scope[i].hi, &l, &h,
		        &empty) != 0) {
			rc = store_nomem(err);
			break;
		}
		if (!empty)
			rc = org_list_range(st, oq, after, l, h, qf,
			    limit > 0 ? limit - n : 0, &items, &n, &cap, err);
		free(l);
		free(h);
	}
out:
	path_ranges_release(scope, nscope);
	free(lo);
	free(hi);
	free(qf);
	ret->items = items;
	ret->n = n;
	if (rc < 0) {
		org_list_release(ret);
		return rc;
	}
	return 0;
}

int
store_org_list(struct store *st, const struct org_query *oq,
    struct org_list *ret, struct cb_error *err)
{
	struct store_cursor c;
	const char *after;
	int rc;

	if ((rc = org_cursor_open(oq, &c, &after, err)) != 0) {
		org_list_release(ret);
		return rc;
	}
	rc = org_list_after(st, oq, after, oq->limit, ret, err);
	store_cursor_close(&c);
	return rc;
}

void
org_page_release(struct org_page *p)
{
	org_list_release(&p->list);
	free(p->next_cursor);
	p->next_cursor = NULL;
}

int
store_org_page(struct store *st, const struct org_query *oq,
    struct org_page *ret, struct cb_error *err)
{
	struct store_cursor c;
	const char *after;
	size_t limit = oq->limit;
	int rc;

	org_page_release(ret);
	if ((rc = org_cursor_open(oq, &c, &after, err)) != 0)
		return rc;
	/* One more than the page: is there a next one? */
	rc = org_list_after(st, oq, after,
	    limit > 0 && limit < SIZE_MAX ? limit + 1 : 0, &ret->list, err);
	store_cursor_close(&c);
	if (rc != 0)
		return rc;
	if (limit > 0 && ret->list.n > limit) {
		struct org_list *l = &ret->list;

		while (l->n > limit)
			org_release(&l->items[--l->n]);
		if ((ret->next_cursor = store_cursor_make(
		         (const char *const[]){ l->items[limit - 1].path },
		         1)) == NULL) {
			org_page_release(ret);
			return store_nomem(err);
		}
	}
	return 0;
}

int
store_org_counts(struct store *st, int64_t org_id, struct org_counts *ret,
    struct cb_error *err)
{
	struct org o;
	struct q q;
	char *hi = NULL;
	int rc;

	memset(ret, 0, sizeof(*ret));
	org_init(&o);
	if ((rc = store_org_get(st, org_id, &o, err)) != 0)
		return rc;
	/* Roll-ups need ACT_ORG_READ (a grant covers the whole subtree);
	 * the organisation of a principal's own record alone is not one. */
	if ((rc = scope_may(st, ACT_ORG_READ, o.path, err)) != 0)
		goto out;
	/* From the figures (store-stats.c) when they are built: a row, not
	 * a count of the subtree's members. */
	if ((rc = q_open(&q, st, STMT_ORG_COUNTS_STAT, err)) != 0)
		goto out;
	q_int(&q, 1, org_id);
	if ((rc = q_step(&q, err)) == 0) {
		q_done(&q);
		if ((hi = path_upper(o.path)) == NULL) {
			rc = store_nomem(err);
			goto out;
		}
		if ((rc = q_open(&q, st, STMT_ORG_COUNTS, err)) != 0)
			goto out;
		q_int(&q, 1, org_id);
		q_text(&q, 2, o.path);
		q_text(&q, 3, hi);
		rc = q_step(&q, err);
	}
	if (rc == 1) {
		ret->direct = q_col_int(&q, 0);
		ret->subtree = q_col_int(&q, 1);
		ret->subtree_official = q_col_int(&q, 2);
		ret->subtree_probationary = q_col_int(&q, 3);
		ret->children = q_col_int(&q, 4);
		ret->descendants = q_col_int(&q, 5);
		rc = 0;
	} else if (rc == 0) {
		rc = cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
	q_done(&q);
out:
	free(hi);
	org_release(&o);
	return rc;
}

int
store_org_move_members(struct store *st, int64_t from_id, int64_t to_id,
    int64_t *ret_n, struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct org o, to;
	int64_t n = 0;
	struct q q;
	int rc;

	*ret_n = 0;
	org_init(&o);
	org_init(&to);
	if ((rc = store_org_get(st, from_id, &o, err)) != 0 ||
	    (rc = scope_may(st, ACT_MEMBER_WRITE, o.path, err)) != 0 ||
	    (rc = store_org_get(st, to_id, &to, err)) != 0 ||
	    (rc = scope_may(st, ACT_MEMBER_WRITE, to.path, err)) != 0) {
		org_release(&o);
		org_release(&to);
		return rc;
	}
	store_now(now);
	/* Its own level: the figures move with the members or not at all
	 * (the dashboard's discipline figures before the rows move). */
	if ((rc = store_begin(st, err)) != 0) {
		org_release(&o);
		org_release(&to);
		return rc;
	}
	if ((rc = stat_members_moving(st, from_id, to_id, err)) == 0 &&
	    (rc = store_dashboard_members_moved(st, 0, from_id, o.path,
	         to.path, err)) == 0 &&
	    (rc = q_open(&q, st, STMT_ORG_MOVE_MEMBERS, err)) == 0) {
		q.fk_field = "org_id";
		q_int(&q, 1, from_id);
		q_int(&q, 2, to_id);
		q_text(&q, 3, now);
		if ((rc = q_step(&q, err)) >= 0) {
			n = st->be->changes(q.s);
			rc = 0;
		}
		q_done(&q);
	}
	org_release(&o);
	org_release(&to);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	if ((rc = store_commit(st, err)) == 0)
		*ret_n = n;
	return rc;
}

int
store_org_event_add(struct store *st, struct org_event *e,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	bool g;
	int rc;

	if (e->kind == NULL || *e->kind == '\0')
		return cb_error_field(err, 0, "kind", "required", NULL);
	if ((rc = store_check_dates(&org_event_entity, e, err)) != 0)
		return rc;
	if (store_restricted(st)) {
		char *path;

		if ((rc = scope_org_for_write(st, e->org_id, "org_id", &path,
		         err)) != 0)
			return rc;
		rc = scope_may(st, ACT_ORG_WRITE, path, err);
		free(path);
		if (rc != 0)
			return rc;
	}
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_ORG_EVENT_ADD, err)) == 0) {
		q.fk_field = "org_id";
		/* 1-6 the data fields (org_id to recorded_by), 7 now */
		q_text(&q,
		    q_fields(&q, 1, &org_event_entity, e, ORG_EVENT_F_org_id,
		        ORG_EVENT_F_recorded_at),
		    now);
		rc = q_insert_id(&q, now, &e->id, &e->recorded_at, err);
	}
	return store_guard_end(st, g, rc, err);
}

int
store_org_events(struct store *st, int64_t org_id, struct org_event_list *ret,
    struct cb_error *err)
{
	struct org_event *items = NULL, *e;
	size_t n = 0, cap = 0;
	struct q q;
	int rc;

	org_event_list_release(ret);
	if (store_restricted(st)) {
		struct org o;

		org_init(&o);
		rc = store_org_get(st, org_id, &o, err);
		org_release(&o);
		if (rc != 0)
			return rc;
	}
	if ((rc = q_open(&q, st, STMT_ORG_EVENTS, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	while ((rc = q_step(&q, err)) == 1) {
		if ((e = array_push(&items, &n, &cap, sizeof(*items))) ==
		    NULL) {
			rc = store_nomem(err);
			break;
		}
		if (q_col_entity(&q, &org_event_entity, e) != 0) {
			rc = store_nomem(err);
			break;
		}
	}
	q_done(&q);
	ret->items = items;
	ret->n = n;
	if (rc < 0) {
		org_event_list_release(ret);
		return rc;
	}
	return 0;
}
