/*
 * store-stats.c - organisation figures ("roll-ups"): one row of counters
 * per organisation for its whole subtree (org_stat), its members by
 * ethnicity (org_ethnicity), and the clock that says which date the age
 * bands are as of (stat_clock).  Backend-neutral (see store-int.h).
 *
 * Maintenance.  Every write that changes what a figure counts applies the
 * difference, in its own transaction, to the organisation concerned and
 * to every organisation above it -- one UPDATE over the chain found by a
 * recursive walk up parent_id, one upsert for the ethnicity: a member
 * inserted, changed (status, gender, birth date, exemption, theory level,
 * ethnicity, state, organisation) or deleted; an organisation inserted,
 * closed, reopened, given another kind or moved with its subtree (its
 * whole row leaves the old chain and joins the new one); the members of
 * one organisation moved to another.  store-member.c and store-org.c call
 * the hooks below, so that no caller of the store can forget them.
 *
 * Age bands.  A member's age band depends on the day: the figures hold
 * the bands as of the clock's date.  A reader on a later (or earlier) day
 * first moves the clock (store_stats_prepare): for each edge, the members
 * on the rolls born in the range of dates that crossed it in between --
 * (cutoff(old day), cutoff(new day)] -- move to the next band in their
 * chains: one statement per edge, through the birth date index, a few
 * hundred members a day at national scale.  Writers compute a band as of
 * the clock's date, which they read under the clock's lock; moving the
 * clock takes the same lock, so no write can fall between.
 *
 * Rebuild.  store_stats_rebuild recomputes everything set-based: every
 * organisation's own members grouped by organisation (the theory level,
 * free text, goes through stat_theory, a table of the distinct texts and
 * their categories computed in C), then each depth's rows added to their
 * parents, from the deepest up.
 *
 * Locks.  Writers lock the clock row first (PostgreSQL: FOR UPDATE, held
 * to the end of the transaction; SQLite: BEGIN IMMEDIATE serialises
 * writers anyway), before the tree lock and the rows they change, and
 * before the audit head: one order for every transaction, so none waits
 * on another in a cycle.  Every write updates the root's row anyway, so
 * writers of figures were serialised by it already.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store-int.h"
#include "util/alloc.h"
#include "util/date.h"
#include "util/err.h"

#include "util/banned.h"

/* ---------------------------------------------------------- the clock */

/* Reads the clock (statement id: locked or not) into *c. */
static int
clock_read(struct store *st, enum stmt id, struct stat_clock *c,
    struct cb_error *err)
{
	const char *as_of, *edges;
	struct q q;
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	if ((rc = q_step(&q, err)) == 1) {
		as_of = q_col_text(&q, 0);
		edges = q_col_text(&q, 1);
		if (as_of != NULL)
			snprintf(c->as_of, sizeof(c->as_of), "%s", as_of);
		if (stats_bands_parse(edges ? edges : "", &c->bands) != 0) {
			cb_error_detail(err, "store: stat_clock.edges '%s'",
			    edges);
			rc = cb_error_set(err, CB_ESTORE, "storage_error",
			    NULL);
		}
	} else if (rc == 0) {
		cb_error_detail(err, "store: no stat_clock row");
		rc = cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

int
stat_clock_lock(struct store *st, const struct stat_clock **ret,
    struct cb_error *err)
{
	int rc;

	*ret = &st->clock;
	if (st->depth > 0 && st->clock_depth > 0)
		return 0;
	if ((rc = clock_read(st, STMT_STAT_CLOCK_LOCK, &st->clock, err)) != 0)
		return rc;
	/* Outside a transaction nothing holds it. */
	st->clock_depth = st->depth;
	return 0;
}

int
store_write_lock(struct store *st, struct cb_error *err)
{
	const struct stat_clock *clock;

	/* A principal that may write nothing takes no lock: what it asked
	 * for is refused later, as missing or forbidden. */
	if (!store_stmt_allowed(st->who, STMT_STAT_CLOCK_LOCK))
		return 0;
	return stat_clock_lock(st, &clock, err);
}

/* Moves the clock to as_of with edges b (built_at set when built). */
static int
clock_set(struct store *st, const char *as_of, const struct stats_bands *b,
    bool built, struct cb_error *err)
{
	char edges[8 * STATS_EDGES_MAX], now[TIMESTAMP_LEN];
	struct q q;
	int rc;

	stats_bands_format(b, edges, sizeof(edges));
	store_now(now);
	if ((rc = q_open(&q, st, STMT_STAT_CLOCK_SET, err)) != 0)
		return rc;
	q_text(&q, 1, as_of);
	q_text(&q, 2, edges);
	if (built)
		q_text(&q, 3, now);
	else
		q_null(&q, 3);
	if ((rc = q_run(&q, err)) != 0)
		return rc;
	snprintf(st->clock.as_of, sizeof(st->clock.as_of), "%s", as_of);
	st->clock.bands = *b;
	return 0;
}

int
store_stats_clock(struct store *st, char as_of[DATE_LEN],
    struct stats_bands *ret, struct cb_error *err)
{
	struct stat_clock c;
	int rc;

	if ((rc = clock_read(st, STMT_STAT_CLOCK_GET, &c, err)) != 0)
		return rc;
	snprintf(as_of, DATE_LEN, "%s", c.as_of);
	*ret = c.bands;
	return 0;
}

/* ------------------------------------------------------------ deltas */

/* Adds v to org_id's chain. */
static int
chain_add(struct store *st, int64_t org_id, const struct stat_vec *v,
    struct cb_error *err)
{
	struct q q;
	int rc, i;

	if (org_id == 0 || stat_vec_is_zero(v))
		return 0;
	if ((rc = q_open(&q, st, STMT_STAT_ADD, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	for (i = 0; i < STAT__MAX; i++)
		q_int(&q, i + 2, v->v[i]);
	return q_run(&q, err);
}

/* Adds n members of ethnicity eth ("" none) to org_id's chain. */
static int
chain_eth_add(struct store *st, int64_t org_id, const char *eth, int64_t n,
    struct cb_error *err)
{
	struct q q;
	int rc;

	if (org_id == 0 || n == 0)
		return 0;
	if ((rc = q_open(&q, st, STMT_STAT_ETH_ADD, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	q_text(&q, 2, eth != NULL ? eth : "");
	q_int(&q, 3, n);
	return q_run(&q, err);
}

static const char *
eth_key(const struct member *m)
{
	return m->ethnicity != NULL ? m->ethnicity : "";
}

/* The columns of STAT_MEMBER_COLS from the current row into *m. */
static int
member_counted_from_row(struct q *q, struct member *m)
{
	int state;

	member_release(m);
	m->org_id = q_col_int(q, 0);
	state = member_state_parse(q_col_text(q, 1));
	/* An unknown state is not on the rolls, as in the SQL. */
	m->state = state < 0 ? MSTATE_LEFT : (enum member_state)state;
	m->status = member_status_parse(q_col_text(q, 2));
	m->gender = gender_parse(q_col_text(q, 3));
	q_col_date(q, 4, m->birth_date);
	q_col_date(q, 5, m->exempt_since);
	if (q_col_dup(q, 6, &m->theory_level) != 0 ||
	    q_col_dup(q, 7, &m->ethnicity) != 0)
		return -CB_ENOMEM;
	return 0;
}

int
stat_member_old(struct store *st, int64_t id, struct member *ret,
    struct cb_error *err)
{
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_STAT_MEMBER_OLD, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	if ((rc = q_step(&q, err)) == 1 &&
	    member_counted_from_row(&q, ret) != 0)
		rc = store_nomem(err);
	q_done(&q);
	if (rc == 0)
		return cb_error_set(err, CB_ENOTFOUND, "member_not_found",
		    NULL);
	return rc < 0 ? rc : 0;
}

int
stat_member_change(struct store *st, const struct stat_clock *c,
    const struct member *old, const struct member *new, struct cb_error *err)
{
	bool oc = old != NULL && stats_member_counts(old);
	bool nc = new != NULL &&stats_member_counts(new);
	struct stat_vec v;
	int rc;

	if (c->as_of[0] == '\0' || (!oc && !nc))
		return 0;
	if (oc && nc && old->org_id == new->org_id) {
		memset(&v, 0, sizeof(v));
		stats_add_member(&v, new, &c->bands, c->as_of, 1);
		stats_add_member(&v, old, &c->bands, c->as_of, -1);
		if ((rc = chain_add(st, new->org_id, &v, err)) != 0)
			return rc;
		if (strcmp(eth_key(old), eth_key(new)) == 0)
			return 0;
		if ((rc = chain_eth_add(st, old->org_id, eth_key(old), -1,
		         err)) != 0)
			return rc;
		return chain_eth_add(st, new->org_id, eth_key(new), 1, err);
	}
	if (oc) {
		memset(&v, 0, sizeof(v));
		stats_add_member(&v, old, &c->bands, c->as_of, -1);
		if ((rc = chain_add(st, old->org_id, &v, err)) != 0 ||
		    (rc = chain_eth_add(st, old->org_id, eth_key(old), -1,
		         err)) != 0)
			return rc;
	}
	if (nc) {
		memset(&v, 0, sizeof(v));
		stats_add_member(&v, new, &c->bands, c->as_of, 1);
		if ((rc = chain_add(st, new->org_id, &v, err)) != 0 ||
		    (rc = chain_eth_add(st, new->org_id, eth_key(new), 1,
		         err)) != 0)
			return rc;
	}
	return 0;
}

int
stat_org_inserted(struct store *st, const struct org *o, struct cb_error *err)
{
	const struct stat_clock *c;
	struct stat_vec v;
	struct q q;
	int rc;

	if ((rc = stat_clock_lock(st, &c, err)) != 0)
		return rc;
	if (c->as_of[0] == '\0')
		return 0;
	if ((rc = q_open(&q, st, STMT_STAT_ORG_INSERT, err)) != 0)
		return rc;
	q_int(&q, 1, o->id);
	if ((rc = q_run(&q, err)) != 0)
		return rc;
	memset(&v, 0, sizeof(v));
	stats_add_org(&v, o->kind, o->valid_to[0] == '\0', 1);
	return chain_add(st, o->id, &v, err);
}

/* The ethnicity rows of one organisation. */
struct eth_rows {
	struct stat_ethnicity *items;
	size_t n;
	size_t cap;
};

static void
eth_rows_release(struct eth_rows *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->items[i].name);
	free(r->items);
	memset(r, 0, sizeof(*r));
}

/* Adds n to name's row (a new one if there is none). */
static int
eth_rows_add(struct eth_rows *r, const char *name, int64_t n)
{
	struct stat_ethnicity *e;
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->items[i].name, name) == 0) {
			r->items[i].n += n;
			return 0;
		}
	if ((e = array_push(&r->items, &r->n, &r->cap, sizeof(*r->items))) ==
	    NULL)
		return -CB_ENOMEM;
	if ((e->name = strdup(name)) == NULL) {
		r->n--;
		return -CB_ENOMEM;
	}
	e->n = n;
	return 0;
}

/* Reads org_id's figures (counters and ethnicity rows, n != 0); *found
 * false if it has no row.  as_of and edges go to c when set. */
static int
stats_read(struct store *st, int64_t org_id, struct stat_vec *v,
    struct eth_rows *eth, struct stat_clock *c, bool *found,
    struct cb_error *err)
{
	struct q q;
	int rc, i;

	*found = false;
	memset(v, 0, sizeof(*v));
	if ((rc = q_open(&q, st, STMT_STAT_GET, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	if ((rc = q_step(&q, err)) == 1) {
		const char *as_of = q_col_text(&q, STAT__MAX + 1);
		const char *edges = q_col_text(&q, STAT__MAX + 2);

		*found = true;
		for (i = 0; i < STAT__MAX; i++)
			v->v[i] = q_col_int(&q, i + 1);
		if (c != NULL) {
			memset(c, 0, sizeof(*c));
			if (as_of != NULL)
				snprintf(c->as_of, sizeof(c->as_of), "%s",
				    as_of);
			if (stats_bands_parse(edges ? edges : "", &c->bands) !=
			    0)
				rc = cb_error_set(err, CB_ESTORE,
				    "storage_error", NULL);
		}
	}
	q_done(&q);
	if (rc < 0 || !*found || eth == NULL)
		return rc < 0 ? rc : 0;
	if ((rc = q_open(&q, st, STMT_STAT_ETH_GET, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	while ((rc = q_step(&q, err)) == 1)
		if (eth_rows_add(eth,
		        q_col_text(&q, 0) ? q_col_text(&q, 0) : "",
		        q_col_int(&q, 1)) != 0) {
			rc = store_nomem(err);
			break;
		}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

int
stat_org_changed(struct store *st, const struct org *cur,
    const struct org *next, struct cb_error *err)
{
	const struct stat_clock *c;
	struct eth_rows eth;
	struct stat_vec v;
	bool found;
	size_t i;
	int rc;

	if ((rc = stat_clock_lock(st, &c, err)) != 0)
		return rc;
	if (c->as_of[0] == '\0')
		return 0;
	/* Its own kind, open or closed: itself and its chain as it is. */
	memset(&v, 0, sizeof(v));
	stats_add_org(&v, next->kind, next->valid_to[0] == '\0', 1);
	stats_add_org(&v, cur->kind, cur->valid_to[0] == '\0', -1);
	if ((rc = chain_add(st, cur->id, &v, err)) != 0)
		return rc;
	if (next->parent_id == cur->parent_id)
		return 0;
	/* Moved: its whole subtree's figures leave the old chain above it
	 * and join the new one. */
	memset(&eth, 0, sizeof(eth));
	if ((rc = stats_read(st, cur->id, &v, &eth, NULL, &found, err)) != 0)
		goto out;
	if (!found) {
		cb_error_detail(err, "store: no figures for org %lld",
		    (long long)cur->id);
		rc = cb_error_set(err, CB_ESTORE, "storage_error", NULL);
		goto out;
	}
	if ((rc = chain_add(st, next->parent_id, &v, err)) != 0)
		goto out;
	for (i = 0; i < STAT__MAX; i++)
		v.v[i] = -v.v[i];
	if ((rc = chain_add(st, cur->parent_id, &v, err)) != 0)
		goto out;
	for (i = 0; i < eth.n && rc == 0; i++)
		if ((rc = chain_eth_add(st, cur->parent_id, eth.items[i].name,
		         -eth.items[i].n, err)) == 0)
			rc = chain_eth_add(st, next->parent_id,
			    eth.items[i].name, eth.items[i].n, err);
out:
	eth_rows_release(&eth);
	return rc;
}

int
stat_members_moving(struct store *st, int64_t from, int64_t to,
    struct cb_error *err)
{
	const struct stat_clock *c;
	struct eth_rows eth;
	struct stat_vec v;
	struct member m;
	struct q q;
	size_t i;
	int rc;

	if ((rc = stat_clock_lock(st, &c, err)) != 0)
		return rc;
	if (c->as_of[0] == '\0' || from == to)
		return 0;
	memset(&v, 0, sizeof(v));
	memset(&eth, 0, sizeof(eth));
	member_init(&m);
	if ((rc = q_open(&q, st, STMT_STAT_ORG_MEMBERS, err)) != 0)
		return rc;
	q_int(&q, 1, from);
	while ((rc = q_step(&q, err)) == 1) {
		if (member_counted_from_row(&q, &m) != 0 ||
		    eth_rows_add(&eth, eth_key(&m), 1) != 0) {
			rc = store_nomem(err);
			break;
		}
		stats_add_member(&v, &m, &c->bands, c->as_of, 1);
	}
	q_done(&q);
	member_release(&m);
	if (rc < 0)
		goto out;
	if ((rc = chain_add(st, to, &v, err)) != 0)
		goto out;
	for (i = 0; i < STAT__MAX; i++)
		v.v[i] = -v.v[i];
	if ((rc = chain_add(st, from, &v, err)) != 0)
		goto out;
	for (i = 0; i < eth.n && rc == 0; i++)
		if ((rc = chain_eth_add(st, from, eth.items[i].name,
		         -eth.items[i].n, err)) == 0)
			rc = chain_eth_add(st, to, eth.items[i].name,
			    eth.items[i].n, err);
out:
	eth_rows_release(&eth);
	return rc;
}

/* ------------------------------------------------------------ reading */

int
store_org_stats(struct store *st, int64_t org_id, struct org_stats *ret,
    struct cb_error *err)
{
	struct stat_clock c;
	struct eth_rows eth;
	struct org o;
	bool found;
	int rc;

	org_stats_release(ret);
	org_init(&o);
	if ((rc = store_org_get(st, org_id, &o, err)) != 0)
		return rc;
	/* Figures need ACT_ORG_READ (a grant covers the whole subtree); the
	 * organisation of a principal's own record alone is not one. */
	rc = scope_may(st, ACT_ORG_READ, o.path, err);
	org_release(&o);
	if (rc != 0)
		return rc;
	memset(&eth, 0, sizeof(eth));
	if ((rc = stats_read(st, org_id, &ret->c, &eth, &c, &found, err)) !=
	    0) {
		eth_rows_release(&eth);
		return rc;
	}
	if (!found || c.as_of[0] == '\0') {
		eth_rows_release(&eth);
		return cb_error_set(err, CB_EINVAL, "stats_not_built", NULL);
	}
	ret->org_id = org_id;
	snprintf(ret->as_of, sizeof(ret->as_of), "%s", c.as_of);
	ret->bands = c.bands;
	ret->eth = eth.items;
	ret->neth = eth.n;
	return 0;
}

/* ------------------------------------------------------ rolling ages */

/* Moves the age bands from the clock's date to on (forth or back). */
static int
roll(struct store *st, const char *from, const char *on,
    const struct stats_bands *b, struct cb_error *err)
{
	bool forth = strcmp(on, from) > 0;
	char cf[DATE_LEN], co[DATE_LEN];
	struct q q;
	size_t i;
	int rc;

	for (i = 0; i < b->n; i++) {
		if (stats_cutoff(from, b->edges[i], cf) != 0 ||
		    stats_cutoff(on, b->edges[i], co) != 0)
			return cb_error_set(err, CB_EINVAL, "invalid_date",
			    NULL);
		if (strcmp(cf, co) == 0)
			continue;
		if ((rc = q_open(&q, st, STMT_STAT_ROLL, err)) != 0)
			return rc;
		/* Forth: born in (cf, co] reached edge i: band i -> i + 1;
		 * back: born in (co, cf] are not that old yet. */
		q_text(&q, 1, forth ? cf : co);
		q_text(&q, 2, forth ? co : cf);
		q_int(&q, 3, (int64_t)(forth ? i + 1 : i));
		q_int(&q, 4, (int64_t)(forth ? i : i + 1));
		if ((rc = q_run(&q, err)) != 0)
			return rc;
	}
	return 0;
}

/* --------------------------------------------------------- rebuilding */

static int
run_int(struct store *st, enum stmt id, int n, const int64_t *v,
    struct cb_error *err)
{
	struct q q;
	int rc, i;

	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	for (i = 0; i < n; i++)
		q_int(&q, i + 1, v[i]);
	return q_run(&q, err);
}

/* Fills stat_theory with the theory-level texts in use that are not
 * THEORY_NONE, and their categories. */
static int
theory_map(struct store *st, struct cb_error *err)
{
	char **texts = NULL;
	size_t n = 0, cap = 0, i;
	struct q q;
	int rc;

	if ((rc = run_int(st, STMT_STAT_THEORY_CLEAR, 0, NULL, err)) != 0 ||
	    (rc = q_open(&q, st, STMT_STAT_THEORY_LEVELS, err)) != 0)
		return rc;
	/* All of them first: one statement at a time on the connection. */
	while ((rc = q_step(&q, err)) == 1) {
		char **p = array_push(&texts, &n, &cap, sizeof(*texts));

		if (p == NULL || q_col_dup(&q, 0, p) != 0 || *p == NULL) {
			if (p != NULL)
				n--;
			rc = store_nomem(err);
			break;
		}
	}
	q_done(&q);
	for (i = 0; rc >= 0 && i < n; i++) {
		enum theory_level t = stats_theory_level(texts[i]);

		if (t == THEORY_NONE)
			continue;
		if ((rc = q_open(&q, st, STMT_STAT_THEORY_ADD, err)) != 0)
			break;
		q_text(&q, 1, texts[i]);
		q_int(&q, 2, (int64_t)t);
		rc = q_run(&q, err);
	}
	for (i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	return rc < 0 ? rc : 0;
}

/* Recomputes every figure as of as_of with edges b; the clock is locked. */
static int
rebuild_locked(struct store *st, const char *as_of,
    const struct stats_bands *b, struct cb_error *err)
{
	char cut[STATS_EDGES_MAX][DATE_LEN];
	int64_t depth = 0, d;
	struct q q;
	size_t i;
	int rc;

	for (i = 0; i < b->n; i++)
		if (stats_cutoff(as_of, b->edges[i], cut[i]) != 0)
			return cb_error_set(err, CB_EINVAL, "invalid_date",
			    NULL);
	if ((rc = run_int(st, STMT_STAT_CLEAR, 0, NULL, err)) != 0 ||
	    (rc = run_int(st, STMT_STAT_ETH_CLEAR, 0, NULL, err)) != 0 ||
	    (rc = theory_map(st, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_STAT_REBUILD, err)) != 0)
		return rc;
	for (i = 0; i < STATS_EDGES_MAX; i++)
		if (i < b->n)
			q_text(&q, (int)i + 1, cut[i]);
		else
			q_null(&q, (int)i + 1);
	if ((rc = q_run(&q, err)) != 0 ||
	    (rc = run_int(st, STMT_STAT_ETH_REBUILD, 0, NULL, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_STAT_MAX_DEPTH, err)) != 0)
		return rc;
	if ((rc = q_step(&q, err)) == 1)
		depth = q_col_int(&q, 0);
	q_done(&q);
	if (rc < 0)
		return rc;
	for (d = depth; d >= 1; d--)
		if ((rc = run_int(st, STMT_STAT_PROPAGATE, 1, &d, err)) != 0 ||
		    (rc = run_int(st, STMT_STAT_ETH_PROPAGATE, 1, &d, err)) !=
		        0)
			return rc;
	return clock_set(st, as_of, b, true, err);
}

static int
system_only(struct store *st, struct cb_error *err)
{
	if (!store_restricted(st))
		return 0;
	cb_error_detail(err, "store: figures are maintained by the system");
	return cb_error_set(err, CB_EPERM, "forbidden", NULL);
}

int
store_stats_rebuild(struct store *st, struct cb_error *err)
{
	const struct stat_clock *c;
	struct stats_bands b;
	char as_of[DATE_LEN];
	int rc;

	if ((rc = system_only(st, err)) != 0 ||
	    (rc = store_begin(st, err)) != 0)
		return rc;
	if ((rc = stat_clock_lock(st, &c, err)) != 0)
		goto fail;
	if (c->as_of[0] != '\0') {
		snprintf(as_of, sizeof(as_of), "%s", c->as_of);
	} else {
		struct date today = date_today_vn(time(NULL));

		date_format_iso(&today, as_of);
	}
	b = c->bands;
	if ((rc = rebuild_locked(st, as_of, &b, err)) != 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return rc;
}

int
store_stats_prepare(struct store *st, const char *on,
    const struct stats_bands *b, struct cb_error *err)
{
	const struct stat_clock *c;
	struct stat_clock now;
	struct date d;
	int rc;

	if ((rc = system_only(st, err)) != 0)
		return rc;
	if (on == NULL || date_parse_iso(on, &d) != 0)
		return cb_error_set(err, CB_EINVAL, "invalid_date", NULL);
	/* Usually nothing to do: one read, no lock. */
	if ((rc = clock_read(st, STMT_STAT_CLOCK_GET, &now, err)) != 0)
		return rc;
	if (strcmp(now.as_of, on) == 0 && stats_bands_equal(&now.bands, b))
		return 0;
	if ((rc = store_begin(st, err)) != 0)
		return rc;
	/* Again under the lock: another process may have done it. */
	if ((rc = stat_clock_lock(st, &c, err)) != 0)
		goto fail;
	now = *c;
	if (now.as_of[0] == '\0' || !stats_bands_equal(&now.bands, b))
		rc = rebuild_locked(st, on, b, err);
	else if (strcmp(now.as_of, on) != 0 &&
	    (rc = roll(st, now.as_of, on, b, err)) == 0)
		rc = clock_set(st, on, b, false, err);
	if (rc != 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return rc;
}
