/*
 * store-audit.c - the audit trail: appends to the hash chain, scoped
 * lists, the walk for verification.  Backend-neutral (see store-int.h);
 * the chain itself is core's (core/audit.h).
 *
 * Lists page newest first below an id: before_id, or the cursor
 * (store/cursor.h) of one field, the last id shown.
 *
 * The head row (audit_head) holds the last id and hash.  An append reads
 * it under a lock held to the end of the caller's transaction
 * (PostgreSQL: SELECT ... FOR UPDATE; SQLite: BEGIN IMMEDIATE already
 * serialises writers), so ids are consecutive: a rolled-back append
 * rolls the head back too and leaves no gap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/cursor.h"
#include "store/store-int.h"
#include "util/alloc.h"
#include "util/err.h"

#include "util/banned.h"

void
audit_list_release(struct audit_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		audit_entry_release(&l->items[i]);
	free(l->items);
	free(l->next_cursor);
	l->items = NULL;
	l->n = 0;
	l->next_cursor = NULL;
}

/* Copies column col (NULL: "") into the fixed buffer out. */
static void
col_fixed(struct q *q, int col, char *out, size_t size)
{
	const char *v = q_col_text(q, col);

	snprintf(out, size, "%s", v ? v : "");
}

/* Fills *e (initialised here) from the current row (AUDIT_COL_*). */
static int
entry_from_row(struct q *q, struct audit_entry *e)
{
	audit_entry_init(e);
	e->id = q_col_int(q, AUDIT_COL_ID);
	e->user_id = q_col_int(q, AUDIT_COL_USER_ID);
	e->object_id = q_col_int(q, AUDIT_COL_OBJECT_ID);
	e->org_id = q_col_int(q, AUDIT_COL_ORG_ID);
	col_fixed(q, AUDIT_COL_AT, e->at, sizeof(e->at));
	col_fixed(q, AUDIT_COL_PREV_HASH, e->prev_hash, sizeof(e->prev_hash));
	col_fixed(q, AUDIT_COL_HASH, e->hash, sizeof(e->hash));
	if (q_col_dup(q, AUDIT_COL_ACTOR, &e->actor) != 0 ||
	    q_col_dup(q, AUDIT_COL_ADDR, &e->addr) != 0 ||
	    q_col_dup(q, AUDIT_COL_ACTION, &e->action) != 0 ||
	    q_col_dup(q, AUDIT_COL_OBJECT_TYPE, &e->object_type) != 0 ||
	    q_col_dup(q, AUDIT_COL_BEFORE, &e->before) != 0 ||
	    q_col_dup(q, AUDIT_COL_AFTER, &e->after) != 0 ||
	    q_col_dup(q, AUDIT_COL_DETAIL, &e->detail) != 0) {
		audit_entry_release(e);
		return -CB_ENOMEM;
	}
	return 0;
}

/* Reads the head with statement id (STMT_AUDIT_LOCK or STMT_AUDIT_HEAD). */
static int
head_read(struct store *st, enum stmt id, int64_t *ret_id,
    char ret_hash[AUDIT_HASH_LEN], struct cb_error *err)
{
	const char *h;
	struct q q;
	int rc;

	*ret_id = 0;
	memcpy(ret_hash, audit_genesis, AUDIT_HASH_LEN);
	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	if ((rc = q_step(&q, err)) == 1) {
		*ret_id = q_col_int(&q, 0);
		h = q_col_text(&q, 1);
		if (h == NULL || strlen(h) != AUDIT_HASH_LEN - 1) {
			cb_error_detail(err, "store: malformed audit head");
			rc = cb_error_set(err, CB_ESTORE, "storage_error",
			    NULL);
		} else {
			memcpy(ret_hash, h, AUDIT_HASH_LEN);
		}
	} else if (rc == 0) {
		cb_error_detail(err, "store: the audit head is missing");
		rc = cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

/* Inserts e (its id, time and hashes set here) after the entry with hash
 * prev. */
static int
insert_one(struct store *st, struct audit_entry *e, int64_t id,
    const char *prev, struct cb_error *err)
{
	struct q q;
	int rc;

	e->id = id;
	store_now(e->at);
	memcpy(e->prev_hash, prev, AUDIT_HASH_LEN);
	if (audit_hash(e, prev, e->hash) != 0)
		return store_nomem(err);
	if ((rc = q_open(&q, st, STMT_AUDIT_INSERT, err)) != 0)
		return rc;
	q_int(&q, 1, e->id);
	q_text(&q, 2, e->at);
	q_text(&q, 3, e->actor);
	q_id(&q, 4, e->user_id);
	q_text(&q, 5, e->addr);
	q_text(&q, 6, e->action);
	q_text(&q, 7, e->object_type);
	q_id(&q, 8, e->object_id);
	q_id(&q, 9, e->org_id);
	q_text(&q, 10, e->before);
	q_text(&q, 11, e->after);
	q_text(&q, 12, e->detail);
	q_text(&q, 13, e->prev_hash);
	q_text(&q, 14, e->hash);
	return q_run(&q, err);
}

int
store_audit_append(struct store *st, struct audit_entry *e,
    struct cb_error *err)
{
	return store_audit_append_many(st, e, 1, err);
}

/* The lock must be held until the write it records commits. */
static int
in_transaction(struct store *st, struct cb_error *err)
{
	if (st->depth > 0)
		return 0;
	cb_error_detail(err, "store: audit append outside a transaction");
	return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
}

/*
 * Chains list[0..n) after the head read under the lock (last, prev) and
 * moves the head.  No savepoint: if a statement fails, PostgreSQL's
 * transaction is aborted and cannot commit the write without its entry;
 * the error returned is that statement's, and the caller rolls back.
 */
static int
append_locked(struct store *st, struct audit_entry **list, size_t n,
    int64_t last, const char *prev, struct cb_error *err)
{
	int64_t changed = 0;
	struct q q;
	size_t i;
	int rc;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if ((rc = insert_one(st, list[i], last + 1 + (int64_t)i,
		         i == 0 ? prev : list[i - 1]->hash, err)) != 0)
			return rc;
	}
	if ((rc = q_open(&q, st, STMT_AUDIT_HEAD_SET, err)) != 0)
		return rc;
	q_int(&q, 1, list[n - 1]->id);
	q_text(&q, 2, list[n - 1]->hash);
	q_int(&q, 3, last);
	if ((rc = q_step(&q, err)) >= 0)
		changed = st->be->changes(q.s);
	q_done(&q);
	if (rc < 0)
		return rc;
	if (changed != 1) {
		cb_error_detail(err,
		    "store: the audit head moved under its"
		    " lock");
		return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
	return 0;
}

int
store_audit_append_many(struct store *st, struct audit_entry *entries,
    size_t n, struct cb_error *err)
{
	char prev[AUDIT_HASH_LEN];
	struct audit_entry *one[64], **list;
	int64_t last;
	size_t i;
	int rc;

	if (n == 0)
		return 0;
	if ((rc = in_transaction(st, err)) != 0)
		return rc;
	list = n <= 64 ? one : malloc(n * sizeof(*list));
	if (list == NULL)
		return store_nomem(err);
	for (i = 0; i < n; i++)
		list[i] = &entries[i];
	/* The head is read once and written once for the whole run. */
	if ((rc = head_read(st, STMT_AUDIT_LOCK, &last, prev, err)) == 0)
		rc = append_locked(st, list, n, last, prev, err);
	if (list != one)
		free(list);
	return rc;
}

/* Longer windows are cut to this (a year), so that time_t arithmetic
 * cannot overflow. */
#define VIEW_WINDOW_MAX ((int64_t)366 * 86400)

/* The key of the viewer of e: its account, or its actor. */
static void
viewer_key(const struct audit_entry *e, char *out, size_t size)
{
	if (e->user_id > 0)
		snprintf(out, size, "u:%lld", (long long)e->user_id);
	else
		snprintf(out, size, "a:%s", e->actor ? e->actor : "");
}

/* Claims v's view: *ret true if it is to be recorded (no view of its key
 * was recorded after over). */
static int
view_claim(struct store *st, const struct audit_view *v, const char *now,
    const char *over, bool *ret, struct cb_error *err)
{
	char viewer[200];
	struct q q;
	int rc;

	viewer_key(&v->e, viewer, sizeof(viewer));
	if ((rc = q_open(&q, st, STMT_AUDIT_VIEW_CLAIM, err)) != 0)
		return rc;
	q_text(&q, 1, viewer);
	q_text(&q, 2, v->session);
	q_int(&q, 3, v->e.object_id);
	q_text(&q, 4, now);
	q_text(&q, 5, over);
	rc = q_step(&q, err);
	q_done(&q);
	if (rc < 0)
		return rc;
	*ret = rc == 1;
	return 0;
}

int
store_audit_append_views(struct store *st, struct audit_view *v, size_t n,
    int64_t window_s, size_t *ret_recorded, struct cb_error *err)
{
	char prev[AUDIT_HASH_LEN], now[TIMESTAMP_LEN], over[TIMESTAMP_LEN];
	struct audit_entry **list;
	size_t i, k = 0;
	int64_t last;
	time_t t = time(NULL);
	bool fresh;
	int rc;

	*ret_recorded = 0;
	if (n == 0)
		return 0;
	if ((rc = in_transaction(st, err)) != 0)
		return rc;
	if ((list = malloc(n * sizeof(*list))) == NULL)
		return store_nomem(err);
	if (window_s > VIEW_WINDOW_MAX)
		window_s = VIEW_WINDOW_MAX;
	timestamp_utc(t, now);
	timestamp_utc(t - (time_t)(window_s > 0 ? window_s : 0), over);
	/* The chain lock first: every claim of every process is judged
	 * under it, and in one lock order (head, then the claimed rows). */
	if ((rc = head_read(st, STMT_AUDIT_LOCK, &last, prev, err)) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		fresh = true;
		if (window_s > 0 && v[i].session[0] != '\0' &&
		    (rc = view_claim(st, &v[i], now, over, &fresh, err)) != 0)
			goto out;
		if (fresh)
			list[k++] = &v[i].e;
	}
	if ((rc = append_locked(st, list, k, last, prev, err)) == 0)
		*ret_recorded = k;
out:
	free(list);
	return rc;
}

int
store_audit_views_prune(struct store *st, int64_t keep_s, struct cb_error *err)
{
	char over[TIMESTAMP_LEN];
	struct q q;
	int rc;

	if (keep_s > VIEW_WINDOW_MAX)
		keep_s = VIEW_WINDOW_MAX;
	timestamp_utc(time(NULL) - (time_t)(keep_s > 0 ? keep_s : 0), over);
	if ((rc = q_open(&q, st, STMT_AUDIT_VIEW_PRUNE, err)) != 0)
		return rc;
	q_text(&q, 1, over);
	return q_run(&q, err);
}

int
store_audit_head(struct store *st, int64_t *ret_id,
    char ret_hash[AUDIT_HASH_LEN], struct cb_error *err)
{
	return head_read(st, STMT_AUDIT_HEAD, ret_id, ret_hash, err);
}

/* Entries of discipline cases and notices (issue 14): secret, listed
 * only where the principal may also read discipline. */
enum audit_secret {
	AUDIT_SECRET_ANY = 0,  /* a system principal: every entry */
	AUDIT_SECRET_NONE = 1, /* none of them */
	AUDIT_SECRET_ONLY = 2, /* only them */
};

static bool
audit_secret_action(const char *action)
{
	return action != NULL && strncmp(action, "discipline.", 11) == 0;
}

/* Appends up to limit entries of [lo, hi) (lo NULL: everywhere) matching
 * aq and secret, newest first, that the principal may read. */
static int
audit_list_range(struct store *st, const struct audit_query *aq,
    const char *lo, const char *hi, enum audit_secret secret,
    struct audit_entry **items, size_t *n, size_t *cap, struct cb_error *err)
{
	struct audit_entry *e;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_AUDIT_LIST, err)) != 0)
		return rc;
	q_text(&q, 1, lo);
	q_text(&q, 2, hi);
	q_id(&q, 3, aq->member_id);
	q_text_opt(&q, 4, aq->action);
	q_id(&q, 5, aq->before_id);
	q_int(&q, 6, (int64_t)aq->limit);
	q_text_opt(&q, 7, aq->actor);
	q_text_opt(&q, 8, aq->from);
	q_text_opt(&q, 9, aq->to);
	q_id(&q, 10, aq->batch_id);
	q_id(&q, 11, (int64_t)secret);
	while ((rc = q_step(&q, err)) == 1) {
		const char *path = q_col_text(&q, AUDIT_COL_ORG_PATH);

		/* The ranges are the scope; this only guards them. */
		if (store_restricted(st) &&
		    (!principal_may(st->who, ACT_AUDIT_READ, path) ||
		        (audit_secret_action(q_col_text(&q,
		             AUDIT_COL_ACTION)) &&
		            !principal_may(st->who, ACT_DISCIPLINE_READ,
		                path))))
			continue;
		if (array_grow(items, cap, *n + 1, sizeof(**items)) != 0) {
			rc = store_nomem(err);
			break;
		}
		e = &(*items)[*n];
		if (entry_from_row(&q, e) != 0 ||
		    q_col_dup(&q, AUDIT_COL_ACTOR_NAME, &e->actor_name) != 0 ||
		    q_col_dup(&q, AUDIT_COL_OBJECT_NAME, &e->object_name) !=
		        0) {
			audit_entry_release(e);
			rc = store_nomem(err);
			break;
		}
		(*n)++;
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

/* The id below which aq lists: its cursor's or before_id.  0, or
 * -CB_EINVAL naming field "cursor". */
static int
audit_below(const struct audit_query *aq, int64_t *ret, struct cb_error *err)
{
	struct store_cursor c;
	bool ok;

	*ret = aq->before_id;
	if (aq->cursor == NULL || aq->cursor[0] == '\0')
		return 0;
	if (aq->before_id != 0) {
		cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
		return cb_error_field(err, 0, "cursor", "invalid_value",
		    "before");
	}
	if (strlen(aq->cursor) > STORE_CURSOR_MAX ||
	    store_cursor_open(aq->cursor, 1, &c) != 0)
		ok = false;
	else {
		ok = store_cursor_id(&c, 0, ret);
		store_cursor_close(&c);
	}
	if (ok)
		return 0;
	cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
	return cb_error_field(err, 0, "cursor", "invalid_cursor", NULL);
}

/* Sets l->next_cursor after items[page - 1] when a page follows. */
static int
audit_next(const struct audit_query *aq, struct audit_list *l,
    struct cb_error *err)
{
	char id[24];
	const char *f[1] = { id };
	bool more;

	more = aq->page > 0 &&
	    (l->n > aq->page || (aq->limit == aq->page && l->n == aq->page));
	if (!more)
		return 0;
	snprintf(id, sizeof(id), "%lld", (long long)l->items[aq->page - 1].id);
	if ((l->next_cursor = store_cursor_make(f, 1)) == NULL)
		return store_nomem(err);
	return 0;
}

static int
cmp_newest_first(const void *a, const void *b)
{
	const struct audit_entry *x = a, *y = b;

	return (x->id < y->id) - (x->id > y->id);
}

/* audit_list_range over each of the n ranges (NULL: n is 1, the whole
 * tree) intersected with [lo, hi). */
static int
audit_list_ranges(struct store *st, const struct audit_query *aq,
    const char *lo, const char *hi, const struct path_range *r, size_t nr,
    enum audit_secret secret, struct audit_entry **items, size_t *n,
    size_t *cap, struct cb_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < nr && rc == 0; i++) {
		char *l, *h;
		bool empty;

		if (range_intersect(lo, hi, r ? r[i].lo : NULL,
		        r ? r[i].hi : NULL, &l, &h, &empty) != 0)
			return store_nomem(err);
		if (!empty)
			rc = audit_list_range(st, aq, l, h, secret, items, n,
			    cap, err);
		free(l);
		free(h);
	}
	return rc;
}

int
store_audit_list(struct store *st, const struct audit_query *aq,
    struct audit_list *ret, struct cb_error *err)
{
	struct path_range *scope = NULL, *dscope = NULL;
	struct audit_entry *items = NULL;
	size_t n = 0, cap = 0, nscope = 0, ndscope = 0, i;
	char *lo = NULL, *hi = NULL;
	struct audit_query paq;
	int64_t below;
	bool all, dall;
	int rc;

	audit_list_release(ret);
	if (aq->limit < 1 || aq->limit > 1000 || aq->page > aq->limit)
		return cb_error_field(err, 0, "limit", "invalid_value", NULL);
	if ((rc = audit_below(aq, &below, err)) != 0)
		return rc;
	paq = *aq;
	paq.before_id = below;
	aq = &paq;
	if ((rc = scope_can(st, ACT_AUDIT_READ, err)) != 0)
		return rc;
	if (aq->org_id != 0) {
		struct org o;

		org_init(&o);
		if ((rc = store_org_get(st, aq->org_id, &o, err)) != 0) {
			if (rc == -CB_ENOTFOUND && !store_restricted(st))
				cb_error_field(err, 0, "org_id",
				    "org_not_found", NULL);
			return rc;
		}
		lo = o.path;
		o.path = NULL;
		org_release(&o);
		if ((hi = path_upper(lo)) == NULL) {
			rc = store_nomem(err);
			goto out;
		}
	}
	if ((rc = scope_ranges(st, ACT_AUDIT_READ, false, &scope, &nscope,
	         &all, err)) != 0)
		goto out;
	if (!store_restricted(st)) {
		/* Installation-wide entries too, unless an org is asked. */
		rc = audit_list_range(st, aq, lo, hi, AUDIT_SECRET_ANY, &items,
		    &n, &cap, err);
		goto out;
	}
	/* Each subtree of the scope (the whole tree when all), without the
	 * secret entries; then those where discipline may be read too; then
	 * the newest of them all. */
	if ((rc = audit_list_ranges(st, aq, lo, hi, all ? NULL : scope,
	         all ? 1 : nscope, AUDIT_SECRET_NONE, &items, &n, &cap,
	         err)) != 0 ||
	    (rc = scope_ranges(st, ACT_DISCIPLINE_READ, false, &dscope,
	         &ndscope, &dall, err)) != 0)
		goto out;
	for (i = 0; i < (dall ? 1 : ndscope) && rc == 0; i++) {
		char *l, *h;
		bool empty;

		if (range_intersect(lo, hi, dall ? NULL : dscope[i].lo,
		        dall ? NULL : dscope[i].hi, &l, &h, &empty) != 0) {
			rc = store_nomem(err);
			break;
		}
		if (!empty)
			rc = audit_list_ranges(st, aq, l, h,
			    all ? NULL : scope, all ? 1 : nscope,
			    AUDIT_SECRET_ONLY, &items, &n, &cap, err);
		free(l);
		free(h);
	}
	if (rc == 0 && n > 1) {
		qsort(items, n, sizeof(*items), cmp_newest_first);
		while (n > aq->limit)
			audit_entry_release(&items[--n]);
	}
out:
	path_ranges_release(dscope, ndscope);
	path_ranges_release(scope, nscope);
	free(lo);
	free(hi);
	ret->items = items;
	ret->n = n;
	if (rc == 0)
		rc = audit_next(aq, ret, err);
	if (rc < 0) {
		audit_list_release(ret);
		return rc;
	}
	return 0;
}

#define EACH_BATCH 1000

/* STMT_AUDIT_EACH's last column: the exact stored time (TS_EXACT). */
#define EACH_COL_AT_EXACT (AUDIT_COL_HASH + 1)

/* Reads id column col as chibo writes it: NULL (0) or the decimal of a
 * number other than 0.  Anything else (a stored 0, 7.5, "07", text) sets
 * e->inexact. */
static int64_t
exact_id(struct q *q, int col, struct audit_entry *e)
{
	const char *v = q_col_text(q, col);
	char back[24];
	int64_t n;

	if (v == NULL)
		return 0;
	n = q_col_int(q, col);
	snprintf(back, sizeof(back), "%lld", (long long)n);
	if (n == 0 || strcmp(back, v) != 0)
		e->inexact = true;
	return n;
}

/* Marks e inexact unless text column col (NULL: "") fit e's fixed
 * buffer of size whole, exactly len bytes long when len > 0. */
static void
exact_fixed(struct q *q, int col, size_t size, size_t len,
    struct audit_entry *e)
{
	const char *v = q_col_text(q, col);
	size_t n = v != NULL ? strlen(v) : 0;

	if (n >= size || (len > 0 && n != len))
		e->inexact = true;
}

/*
 * A row of STMT_AUDIT_EACH as entry_from_row reads it, then checked
 * against what is stored: the ids as stored (NULL is not 0), the hashes
 * whole, and the time to the microsecond.  chibo writes whole seconds, so
 * the exact time is the read one (SQLite, the same text) or it with
 * ".000000" (PostgreSQL); any other sets inexact, so that verification
 * sees a change that TS would hide.
 */
static int
each_from_row(struct q *q, struct audit_entry *e)
{
	const char *exact = q_col_text(q, EACH_COL_AT_EXACT);
	size_t n;
	int rc;

	if ((rc = entry_from_row(q, e)) != 0)
		return rc;
	e->user_id = exact_id(q, AUDIT_COL_USER_ID, e);
	e->object_id = exact_id(q, AUDIT_COL_OBJECT_ID, e);
	e->org_id = exact_id(q, AUDIT_COL_ORG_ID, e);
	exact_fixed(q, AUDIT_COL_AT, sizeof(e->at), 0, e);
	exact_fixed(q, AUDIT_COL_PREV_HASH, sizeof(e->prev_hash),
	    AUDIT_HASH_LEN - 1, e);
	exact_fixed(q, AUDIT_COL_HASH, sizeof(e->hash), AUDIT_HASH_LEN - 1, e);
	n = strlen(e->at);
	if (exact == NULL)
		e->inexact = true;
	else if (strcmp(exact, e->at) != 0 &&
	    !(n > 0 && strlen(exact) == n + 7 &&
	        strncmp(exact, e->at, n - 1) == 0 &&
	        strcmp(exact + n - 1, ".000000Z") == 0))
		e->inexact = true;
	return 0;
}

int
store_audit_each(struct store *st,
    int (*fn)(const struct audit_entry *e, void *arg), void *arg,
    struct cb_error *err)
{
	struct audit_entry *items = NULL;
	size_t n = 0, cap = 0, i, got;
	int64_t from = INT64_MIN;
	bool more = true, first = true;
	struct q q;
	int rc = 0;

	/*
	 * Every row, from the lowest id (0 and below included: they are not
	 * in the chain, and verification must see them), a batch at a time
	 * so that fn may use the store meanwhile.  Each batch after the first
	 * starts again at the last id seen and skips that row once, so that
	 * a repeated id (possible once PostgreSQL's key is dropped) reaches
	 * fn even across batches.
	 */
	while (more && rc == 0) {
		if ((rc = q_open(&q, st, STMT_AUDIT_EACH, err)) != 0)
			break;
		q_int(&q, 1, from);
		q_int(&q, 2, EACH_BATCH);
		got = 0;
		while ((rc = q_step(&q, err)) == 1) {
			if (got++ == 0 && !first &&
			    q_col_int(&q, AUDIT_COL_ID) == from)
				continue;
			if (array_grow(&items, &cap, n + 1, sizeof(*items)) !=
			    0) {
				rc = store_nomem(err);
				break;
			}
			if (each_from_row(&q, &items[n]) != 0) {
				rc = store_nomem(err);
				break;
			}
			n++;
		}
		q_done(&q);
		/* A full batch that moved on: there may be more. */
		more = rc == 0 && got == EACH_BATCH && n > 0 &&
		    (first || items[n - 1].id != from);
		if (n > 0)
			from = items[n - 1].id;
		first = false;
		for (i = 0; rc == 0 && i < n; i++)
			rc = fn(&items[i], arg);
		for (i = 0; i < n; i++)
			audit_entry_release(&items[i]);
		n = 0;
	}
	free(items);
	return rc;
}

/* Runs statement id (no parameters) and reads one number: *ret. */
static int
read_number(struct store *st, enum stmt id, int64_t *ret, struct cb_error *err)
{
	struct q q;
	int rc;

	*ret = 0;
	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	if ((rc = q_step(&q, err)) == 1)
		*ret = q_col_int(&q, 0);
	else if (rc == 0) {
		cb_error_detail(err, "store: the audit format is missing");
		rc = cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

static int
verify_one(const struct audit_entry *e, void *arg)
{
	audit_verify_step(arg, e);
	return 0;
}

int
store_audit_verify(struct store *st, struct audit_verify *v,
    int64_t *ret_head_id, char ret_head_hash[AUDIT_HASH_LEN],
    struct cb_error *err)
{
	int64_t rows = 0;
	int rc;

	if ((rc = in_transaction(st, err)) != 0 ||
	    (rc = head_read(st, STMT_AUDIT_HEAD, ret_head_id, ret_head_hash,
	         err)) != 0 ||
	    (rc = read_number(st, STMT_AUDIT_FORMAT, &v->format2_from, err)) !=
	        0 ||
	    (rc = store_audit_each(st, verify_one, v, err)) != 0 ||
	    (rc = read_number(st, STMT_AUDIT_ROWS, &rows, err)) != 0)
		return rc;
	audit_verify_end(v, *ret_head_id, ret_head_hash, rows);
	return 0;
}
