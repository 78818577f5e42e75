/*
 * store-dashboard.c - the dashboard's figures, kept, not counted
 * (issue 15, migrations 0029 and 0030): per organisation and year, one
 * row of figures (enum dash_fig, the columns DASH_COLS), each the
 * figure of its whole subtree, kept up the chain of its path by the
 * writes that change it (an evaluation's state, the kept meetings check
 * of an organisation), in their transaction; the reads (one
 * organisation's years, its direct subordinates' year); the recount
 * that rebuilds or checks them.  See store.h and docs/performance.md
 * "The dashboard".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/discipline.h"
#include "store/store-int.h"
#include "util/alloc.h"
#include "util/err.h"

#include "util/banned.h"

/* The levels' names (core/evaluation.h eval_level_names, whose order
 * they follow), in the figures' names. */
static const char *const level_names[EVAL_LEVEL__MAX] = {
	[EVAL_HTXS] = "htxs",
	[EVAL_HTT] = "htt",
	[EVAL_HT] = "ht",
	[EVAL_KHT] = "kht",
	[EVAL_NOT_CLASSIFIED] = "not_classified",
};

const char *const dash_fig_names[DFIG__MAX] = { "m.htxs", "m.htt", "m.ht",
	"m.kht", "m.not_classified", "m.pending", "c.htxs", "c.htt", "c.ht",
	"c.kht", "c.not_classified", "c.pending", "mt.required", "mt.held",
	"mt.expected", "mt.present", "own.mt.required", "own.mt.held",
	"own.mt.expected", "own.mt.present", "d.khien_trach", "d.canh_cao",
	"d.cach_chuc", "d.khai_tru", "d.giai_tan" };

/* One per column of dashboard_kept: as many as the figures. */
#define DC_ONE(c, n) +1
_Static_assert((0 DASH_COLS(DC_ONE)) == DFIG__MAX,
    "DASH_COLS and enum dash_fig");
_Static_assert(DFIG__MAX - DFIG_D == DFORM__MAX, "the discipline forms");

/* The figure of a discipline case of form (its name), or -1. */
static int
disc_figure(const char *form)
{
	int k;

	for (k = 0; form != NULL && k < DFORM__MAX; k++)
		if (strcmp(form, discipline_form_names[k]) == 0)
			return DFIG_D + k;
	return -1;
}

int
dash_state_figure(bool cell, int state)
{
	if (state < 0 || state > DASH_PENDING)
		return -1;
	return (cell ? DFIG_C : DFIG_M) + state;
}

/* The figures 3.. of q from v. */
static void
bind_figures(struct q *q, const int64_t *v)
{
	int k;

	for (k = 0; k < DFIG__MAX; k++)
		q_int(q, 3 + k, v[k]);
}

/* The figures of q's columns from.. into v (NULL: 0). */
static void
col_figures(struct q *q, int from, int64_t *v)
{
	int k;

	for (k = 0; k < DFIG__MAX; k++)
		v[k] = q_col_int(q, from + k);
}

static bool
all_zero(const int64_t *v)
{
	int k;

	for (k = 0; k < DFIG__MAX; k++)
		if (v[k] != 0)
			return false;
	return true;
}

/* The ids written in path ("/0000000001/0000000005/"), at most max. */
static size_t
path_ids(const char *path, int64_t *ids, size_t max)
{
	const char *p = path;
	size_t n = 0;
	char *end;
	long long id;

	if (path == NULL)
		return 0;
	while (*p == '/' && n < max) {
		p++;
		if (*p == '\0')
			break;
		id = strtoll(p, &end, 10);
		if (end == p || *end != '/')
			break;
		ids[n++] = id;
		p = end;
	}
	return n;
}

#define CHAIN_MAX 64

/* Adds delta to the figures of year on every organisation of path's
 * chain, and own too to organisation own_id's (NULL: nothing more): one
 * upsert per organisation. */
static int
chain_add(struct store *st, const char *path, int year, const int64_t *delta,
    int64_t own_id, const int64_t *own, struct cb_error *err)
{
	int64_t ids[CHAIN_MAX], v[DFIG__MAX];
	bool zero = all_zero(delta);
	size_t n, i;
	struct q q;
	int rc, k;

	if (zero && own == NULL)
		return 0;
	n = path_ids(path, ids, CHAIN_MAX);
	/* own_id is the last of its own path: on it anyway. */
	if (own != NULL && (n == 0 || ids[n - 1] != own_id) && n < CHAIN_MAX)
		ids[n++] = own_id;
	for (i = 0; i < n; i++) {
		memcpy(v, delta, sizeof(v));
		if (own != NULL && i == n - 1)
			for (k = 0; k < DFIG__MAX; k++)
				v[k] += own[k];
		else if (zero)
			continue;
		if ((rc = q_open(&q, st, STMT_DASH_ADD, err)) != 0)
			return rc;
		q_int(&q, 1, ids[i]);
		q_int(&q, 2, year);
		bind_figures(&q, v);
		if ((rc = q_run(&q, err)) != 0)
			return rc;
	}
	return 0;
}

int
store_dashboard_add(struct store *st, const char *path, int year,
    const int64_t *delta, struct cb_error *err)
{
	return chain_add(st, path, year, delta, 0, NULL, err);
}

int
store_dashboard_evaluation_changed(struct store *st,
    const struct dash_eval_change *c, struct cb_error *err)
{
	int64_t d[DFIG__MAX];
	int fb, fa;

	if (c->before == c->after || c->path == NULL || c->year <= 0)
		return 0;
	memset(d, 0, sizeof(d));
	fb = dash_state_figure(c->cell, c->before);
	fa = dash_state_figure(c->cell, c->after);
	if (fb >= 0)
		d[fb]--;
	if (fa >= 0)
		d[fa]++;
	return store_dashboard_add(st, c->path, c->year, d, err);
}

/* ---------------------------------------------------------- meetings */

/* An organisation's own meeting figures from its kept check: the months
 * judged (a regular meeting required in each), those of them in which
 * one was held (regular or combined), the members expected at its held
 * meetings and those present. */
struct meet_own {
	int64_t v[4];
};

static void
meet_month_add(struct meet_own *o, int64_t months, int month, int64_t held,
    int64_t expected, int64_t present)
{
	if (month >= 1 && month <= 12 && (months >> (month - 1) & 1) != 0 &&
	    held > 0)
		o->v[1]++;
	o->v[2] += expected;
	o->v[3] += present;
}

static void
meet_months(struct meet_own *o, int64_t months)
{
	int m;

	for (m = 0; m < 12; m++)
		if ((months >> m & 1) != 0)
			o->v[0]++;
}

int
store_dashboard_meetings_kept(struct store *st, int64_t org_id, int year,
    const char *old_path, const char *new_path, int64_t months,
    const struct mchk_month *mon, size_t nmon, struct cb_error *err)
{
	int64_t d[DFIG__MAX], own[DFIG__MAX], row[DFIG__MAX];
	struct meet_own old, new;
	bool moved;
	struct q q;
	size_t i;
	int rc, k;

	memset(&old, 0, sizeof(old));
	memset(&new, 0, sizeof(new));
	if ((rc = q_open(&q, st, STMT_DASH_GET, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	q_int(&q, 2, year);
	q_int(&q, 3, year);
	if ((rc = q_step(&q, err)) == 1) {
		col_figures(&q, 1, row);
		for (k = 0; k < 4; k++)
			old.v[k] = row[DFIG_OWN_MT + k];
	}
	q_done(&q);
	if (rc < 0)
		return rc;
	meet_months(&new, months);
	for (i = 0; i < nmon; i++)
		meet_month_add(&new, months, mon[i].month,
		    mon[i].held[0] + mon[i].held[2], mon[i].expected,
		    mon[i].present);
	/* The organisation's own figures, on its row: the difference. */
	memset(own, 0, sizeof(own));
	for (k = 0; k < 4; k++)
		own[DFIG_OWN_MT + k] = new.v[k] - old.v[k];
	moved = old_path != NULL && strcmp(old_path, new_path) != 0;
	memset(d, 0, sizeof(d));
	if (moved) {
		/* Out of the old chain, into the new one. */
		for (k = 0; k < 4; k++)
			d[DFIG_MT + k] = -old.v[k];
		if ((rc = chain_add(st, old_path, year, d, 0, NULL, err)) != 0)
			return rc;
		for (k = 0; k < 4; k++)
			d[DFIG_MT + k] = new.v[k];
	} else
		for (k = 0; k < 4; k++)
			d[DFIG_MT + k] = new.v[k] - old.v[k];
	if (all_zero(own) && all_zero(d))
		return 0;
	return chain_add(st, new_path, year, d, org_id,
	    all_zero(own) ? NULL : own, err);
}

/* ------------------------------------------------------------ moves */

/* Adds v to the figures of year of organisation id: one upsert. */
static int
org_add(struct store *st, int64_t id, int year, const int64_t *v,
    struct cb_error *err)
{
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_DASH_ADD, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	q_int(&q, 2, year);
	bind_figures(&q, v);
	return q_run(&q, err);
}

/* Moves v (a year's figures) off the organisations of from[0..nf) that
 * are not in to[0..nt) and onto those of to that are not in from (the
 * chains' common head keeps them). */
static int
chain_move(struct store *st, const int64_t *from, size_t nf, const int64_t *to,
    size_t nt, int year, const int64_t *v, struct cb_error *err)
{
	int64_t neg[DFIG__MAX];
	size_t common = 0, i;
	int rc, k;

	if (all_zero(v))
		return 0;
	while (common < nf && common < nt && from[common] == to[common])
		common++;
	for (k = 0; k < DFIG__MAX; k++)
		neg[k] = -v[k];
	for (i = common; i < nf; i++)
		if ((rc = org_add(st, from[i], year, neg, err)) != 0)
			return rc;
	for (i = common; i < nt; i++)
		if ((rc = org_add(st, to[i], year, v, err)) != 0)
			return rc;
	return 0;
}

/* The figures an organisation's move takes from one chain to the other:
 * not the meetings' (they move at their next keep, which finds them by
 * the kept meetings check's path). */
static bool
moves_with_org(int k)
{
	return k < DFIG_MT || k >= DFIG_D;
}

int
store_dashboard_org_moved(struct store *st, int64_t org_id,
    const char *old_path, const char *new_path, struct cb_error *err)
{
	const struct principal *who = st->who;
	int64_t from[CHAIN_MAX], to[CHAIN_MAX];
	struct dash_figures f = { 0 };
	size_t nf, nt, i;
	int rc, k;

	if (old_path == NULL || new_path == NULL ||
	    strcmp(old_path, new_path) == 0)
		return 0;
	/* Its parents' chains: the organisation itself keeps its row. */
	nf = path_ids(old_path, from, CHAIN_MAX);
	nt = path_ids(new_path, to, CHAIN_MAX);
	if (nf > 0 && from[nf - 1] == org_id)
		nf--;
	if (nt > 0 && to[nt - 1] == org_id)
		nt--;
	/* Kept as the system, in the move's transaction. */
	st->who = NULL;
	rc = store_dashboard_get(st, org_id, DATE_YEAR_MIN, DATE_YEAR_MAX - 1,
	    &f, err);
	for (i = 0; rc == 0 && i < f.n; i++) {
		for (k = 0; k < DFIG__MAX; k++)
			if (!moves_with_org(k))
				f.items[i].v[k] = 0;
		rc = chain_move(st, from, nf, to, nt, f.items[i].year,
		    f.items[i].v, err);
	}
	st->who = who;
	dash_figures_release(&f);
	return rc;
}

/* A year's discipline figures, per year (a member's move). */
struct year_figs {
	int year;
	int64_t v[DFIG__MAX];
};

int
store_dashboard_members_moved(struct store *st, int64_t member_id,
    int64_t from_id, const char *old_path, const char *new_path,
    struct cb_error *err)
{
	const struct principal *who = st->who;
	int64_t from[CHAIN_MAX], to[CHAIN_MAX];
	struct year_figs *y = NULL;
	char on[DATE_LEN];
	size_t ny = 0, cap = 0, nf, nt, i;
	struct q q;
	int rc, k, year;

	if (old_path == NULL || new_path == NULL ||
	    strcmp(old_path, new_path) == 0)
		return 0;
	st->who = NULL;
	if ((rc = q_open(&q, st, STMT_DASH_DISC_MOVING, err)) != 0)
		goto out;
	if (member_id != 0)
		q_int(&q, 1, member_id);
	else
		q_null(&q, 1);
	if (from_id != 0)
		q_int(&q, 2, from_id);
	else
		q_null(&q, 2);
	while ((rc = q_step(&q, err)) == 1) {
		q_col_date(&q, 0, on);
		year = (int)strtol(on, NULL, 10);
		if ((k = disc_figure(q_col_text(&q, 1))) < 0 || year <= 0)
			continue;
		for (i = 0; i < ny && y[i].year != year; i++)
			;
		if (i == ny) {
			if (array_grow(&y, &cap, ny + 1, sizeof(*y)) != 0) {
				rc = store_nomem(err);
				break;
			}
			memset(&y[ny], 0, sizeof(*y));
			y[ny++].year = year;
		}
		y[i].v[k]++;
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	nf = path_ids(old_path, from, CHAIN_MAX);
	nt = path_ids(new_path, to, CHAIN_MAX);
	for (rc = 0, i = 0; rc == 0 && i < ny; i++)
		rc = chain_move(st, from, nf, to, nt, y[i].year, y[i].v, err);
out:
	st->who = who;
	free(y);
	return rc < 0 ? rc : 0;
}

int
store_dashboard_member_org(struct store *st, int64_t member_id,
    int64_t *ret_id, char **ret_path, struct cb_error *err)
{
	const struct principal *who = st->who;
	struct q q;
	int rc;

	*ret_id = 0;
	*ret_path = NULL;
	st->who = NULL;
	if ((rc = q_open(&q, st, STMT_DASH_MEMBER_ORG, err)) == 0) {
		q_int(&q, 1, member_id);
		if ((rc = q_step(&q, err)) == 1) {
			*ret_id = q_col_int(&q, 0);
			if (q_col_dup(&q, 1, ret_path) != 0)
				rc = store_nomem(err);
		}
		q_done(&q);
	}
	st->who = who;
	return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------- reads */

void
dash_figures_release(struct dash_figures *f)
{
	if (f == NULL)
		return;
	free(f->items);
	f->items = NULL;
	f->n = 0;
}

const int64_t *
dash_figures_of(const struct dash_figures *f, int year)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->items[i].year == year)
			return f->items[i].v;
	return NULL;
}

int
store_dashboard_get(struct store *st, int64_t org_id, int from, int to,
    struct dash_figures *ret, struct cb_error *err)
{
	struct dash_year *p;
	size_t cap = 0;
	struct q q;
	int rc;

	dash_figures_release(ret);
	if ((rc = q_open(&q, st, STMT_DASH_GET, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	q_int(&q, 2, from);
	q_int(&q, 3, to);
	while ((rc = q_step(&q, err)) == 1) {
		if (ret->n == cap) {
			cap = cap ? cap * 2 : 4;
			p = realloc(ret->items, cap * sizeof(*p));
			if (p == NULL) {
				rc = store_nomem(err);
				break;
			}
			ret->items = p;
		}
		p = &ret->items[ret->n++];
		p->year = (int)q_col_int(&q, 0);
		col_figures(&q, 1, p->v);
	}
	q_done(&q);
	if (rc < 0) {
		dash_figures_release(ret);
		return rc;
	}
	return 0;
}

void
dash_children_release(struct dash_children *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->items[i].name);
		free(c->items[i].code);
		free(c->items[i].path);
	}
	free(c->items);
	c->items = NULL;
	c->n = 0;
}

int
store_dashboard_children(struct store *st, int64_t org_id, int year,
    struct dash_children *ret, struct cb_error *err)
{
	char first[DATE_LEN], last[DATE_LEN];
	struct dash_child *c, *p;
	size_t cap = 0;
	struct q q;
	int rc;

	dash_children_release(ret);
	snprintf(first, sizeof(first), "%04d-01-01", year);
	snprintf(last, sizeof(last), "%04d-12-31", year);
	if ((rc = q_open(&q, st, STMT_DASH_CHILDREN, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	q_int(&q, 2, year);
	q_date(&q, 3, first);
	q_date(&q, 4, last);
	while ((rc = q_step(&q, err)) == 1) {
		if (ret->n == cap) {
			cap = cap ? cap * 2 : 16;
			p = realloc(ret->items, cap * sizeof(*p));
			if (p == NULL) {
				rc = store_nomem(err);
				break;
			}
			ret->items = p;
		}
		c = &ret->items[ret->n++];
		memset(c, 0, sizeof(*c));
		c->id = q_col_int(&q, 0);
		c->kind = org_kind_parse(q_col_text(&q, 3));
		if (q_col_dup(&q, 1, &c->name) != 0 ||
		    q_col_dup(&q, 2, &c->code) != 0 ||
		    q_col_dup(&q, 4, &c->path) != 0) {
			rc = store_nomem(err);
			break;
		}
		col_figures(&q, 5, c->v);
	}
	q_done(&q);
	if (rc < 0) {
		dash_children_release(ret);
		return rc;
	}
	return 0;
}

/* ----------------------------------------------------------- recount */

void
dash_src_list_release(struct dash_src_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->items[i].path);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

struct tally_row {
	int64_t org_id;
	int year;
	int fig; /* enum dash_fig */
	int64_t n;
};
struct tally {
	struct tally_row *rows;
	size_t n, cap;
};

static int
tally_push(struct tally *t, int64_t org_id, int year, int fig, int64_t n)
{
	struct tally_row *p;

	if (n == 0)
		return 0;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		if ((p = realloc(t->rows, t->cap * sizeof(*p))) == NULL)
			return -CB_ENOMEM;
		t->rows = p;
	}
	p = &t->rows[t->n++];
	p->org_id = org_id;
	p->year = year;
	p->fig = fig;
	p->n = n;
	return 0;
}

/* n of figure fig on the chain of path. */
static int
tally_chain(struct tally *t, const char *path, int year, int fig, int64_t n)
{
	int64_t ids[CHAIN_MAX];
	size_t k, i;

	k = path_ids(path, ids, CHAIN_MAX);
	for (i = 0; i < k; i++)
		if (tally_push(t, ids[i], year, fig, n) != 0)
			return -CB_ENOMEM;
	return 0;
}

/* The order of the rows: organisation, year (a kept row's key). */
static int
key_cmp(int64_t org_a, int year_a, int64_t org_b, int year_b)
{
	if (org_a != org_b)
		return org_a < org_b ? -1 : 1;
	if (year_a != year_b)
		return year_a < year_b ? -1 : 1;
	return 0;
}

static int
row_cmp(const void *a, const void *b)
{
	const struct tally_row *x = a, *y = b;
	int c = key_cmp(x->org_id, x->year, y->org_id, y->year);

	if (c != 0)
		return c;
	return x->fig < y->fig ? -1 : x->fig > y->fig;
}

/* Sorts and sums the rows of one key; drops the zeros. */
static void
tally_merge(struct tally *t)
{
	size_t i, k = 0;

	if (t->n == 0)
		return;
	qsort(t->rows, t->n, sizeof(*t->rows), row_cmp);
	for (i = 0; i < t->n; i++) {
		if (k > 0 && row_cmp(&t->rows[k - 1], &t->rows[i]) == 0)
			t->rows[k - 1].n += t->rows[i].n;
		else
			t->rows[k++] = t->rows[i];
	}
	t->n = k;
	for (i = 0, k = 0; i < t->n; i++)
		if (t->rows[i].n != 0)
			t->rows[k++] = t->rows[i];
	t->n = k;
}

/* The figures of the recounted rows at *at of one key into v (zeros
 * first); *at moves past them. */
static void
tally_row_figures(const struct tally *t, size_t *at, int64_t *v)
{
	const struct tally_row *r = &t->rows[*at];

	memset(v, 0, DFIG__MAX * sizeof(*v));
	while (*at < t->n && t->rows[*at].org_id == r->org_id &&
	    t->rows[*at].year == r->year) {
		v[t->rows[*at].fig] = t->rows[*at].n;
		(*at)++;
	}
}

/* The meetings' own figures of one organisation and year, and up its
 * chain. */
static int
meet_flush(struct tally *t, int64_t org_id, int year, const char *path,
    const struct meet_own *o)
{
	int k;

	for (k = 0; k < 4; k++)
		if (tally_push(t, org_id, year, DFIG_OWN_MT + k, o->v[k]) !=
		        0 ||
		    tally_chain(t, path, year, DFIG_MT + k, o->v[k]) != 0)
			return -CB_ENOMEM;
	return 0;
}

void
dash_eval_src_list_release(struct dash_eval_src_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->items[i].path);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

int
store_dashboard_eval_src(struct store *st, struct dash_eval_src_list *ret,
    struct cb_error *err)
{
	struct dash_eval_src *e;
	size_t cap = 0;
	const char *lv;
	struct q q;
	int rc, l;

	dash_eval_src_list_release(ret);
	if ((rc = q_open(&q, st, STMT_DASH_EVAL_SRC, err)) != 0)
		return rc;
	while ((rc = q_step(&q, err)) == 1) {
		if (ret->n == cap) {
			cap = cap ? cap * 2 : 64;
			e = realloc(ret->items, cap * sizeof(*e));
			if (e == NULL) {
				rc = store_nomem(err);
				break;
			}
			ret->items = e;
		}
		e = &ret->items[ret->n];
		memset(e, 0, sizeof(*e));
		if (q_col_dup(&q, 0, &e->path) != 0) {
			rc = store_nomem(err);
			break;
		}
		ret->n++;
		e->kind = org_kind_parse(q_col_text(&q, 1));
		e->year = (int)q_col_int(&q, 2);
		e->subject = q_col_text(&q, 3) != NULL &&
		        strcmp(q_col_text(&q, 3), "org") == 0 ?
		    ESUBJ_ORG :
		    ESUBJ_MEMBER;
		e->state = DASH_PENDING;
		lv = q_col_text(&q, 4);
		for (l = 0; lv != NULL && l < EVAL_LEVEL__MAX; l++)
			if (strcmp(lv, level_names[l]) == 0)
				e->state = l;
		e->n = q_col_int(&q, 5);
	}
	q_done(&q);
	if (rc < 0) {
		dash_eval_src_list_release(ret);
		return rc;
	}
	return 0;
}

int
store_dashboard_disc_src(struct store *st, struct dash_src_list *ret,
    struct cb_error *err)
{
	char on[DATE_LEN];
	struct dash_src *d;
	size_t cap = ret->n;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_DASH_DISC_SRC, err)) != 0)
		return rc;
	while ((rc = q_step(&q, err)) == 1) {
		if (ret->n >= cap) {
			cap = cap ? cap * 2 : 64;
			d = realloc(ret->items, cap * sizeof(*d));
			if (d == NULL) {
				rc = store_nomem(err);
				break;
			}
			ret->items = d;
		}
		d = &ret->items[ret->n];
		memset(d, 0, sizeof(*d));
		if (q_col_dup(&q, 0, &d->path) != 0) {
			rc = store_nomem(err);
			break;
		}
		ret->n++;
		q_col_date(&q, 1, on);
		d->year = (int)strtol(on, NULL, 10);
		d->fig = disc_figure(q_col_text(&q, 2));
		d->n = 1;
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

static int
recount_meetings(struct store *st, struct tally *t, struct cb_error *err)
{
	struct meet_own o;
	int64_t org = 0, months = 0;
	char *path = NULL;
	int year = 0, rc, rc2 = 0;
	struct q q;

	if ((rc = q_open(&q, st, STMT_DASH_MEET_SRC, err)) != 0)
		return rc;
	memset(&o, 0, sizeof(o));
	while ((rc = q_step(&q, err)) == 1) {
		if (path == NULL || org != q_col_int(&q, 0) ||
		    year != (int)q_col_int(&q, 1)) {
			if (path != NULL &&
			    (rc2 = meet_flush(t, org, year, path, &o)) != 0)
				break;
			free(path);
			path = NULL;
			org = q_col_int(&q, 0);
			year = (int)q_col_int(&q, 1);
			months = q_col_int(&q, 3);
			if ((rc2 = q_col_dup(&q, 2, &path)) != 0)
				break;
			memset(&o, 0, sizeof(o));
			meet_months(&o, months);
		}
		if (q_col_text(&q, 4) != NULL)
			meet_month_add(&o, months, (int)q_col_int(&q, 4),
			    q_col_int(&q, 5), q_col_int(&q, 6),
			    q_col_int(&q, 7));
	}
	q_done(&q);
	if (rc >= 0 && rc2 == 0 && path != NULL)
		rc2 = meet_flush(t, org, year, path, &o);
	free(path);
	if (rc < 0)
		return rc;
	return rc2 != 0 ? store_nomem(err) : 0;
}

/* Counts the figures of one key that differ, kept k and recounted r,
 * and describes the first difference of all. */
static void
diff_key(int64_t org_id, int year, const int64_t *k, const int64_t *r,
    size_t *diff, char **ret_first)
{
	char buf[160];
	int f;

	for (f = 0; f < DFIG__MAX; f++) {
		if (k[f] == r[f])
			continue;
		if ((*diff)++ == 0 && ret_first != NULL) {
			snprintf(buf, sizeof(buf),
			    "org %lld year %d %s: kept %lld, counted %lld",
			    (long long)org_id, year, dash_fig_names[f],
			    (long long)k[f], (long long)r[f]);
			*ret_first = strdup(buf);
		}
	}
}

int
store_dashboard_recount(struct store *st, const struct dash_src_list *ev,
    bool rebuild, size_t *ret_rows, size_t *ret_diff, char **ret_first,
    struct cb_error *err)
{
	static const int64_t zero[DFIG__MAX];
	int64_t kept[DFIG__MAX], want[DFIG__MAX];
	struct tally t = { 0 };
	size_t i, at = 0, diff = 0;
	int64_t org;
	struct q q;
	int rc, c, fig, year;

	if (ret_first != NULL)
		*ret_first = NULL;
	for (i = 0; i < ev->n; i++) {
		/* No figure (a form unknown to this version): not kept. */
		if ((fig = ev->items[i].fig) < 0 || fig >= DFIG__MAX)
			continue;
		if (tally_chain(&t, ev->items[i].path, ev->items[i].year, fig,
		        ev->items[i].n) != 0) {
			rc = store_nomem(err);
			goto out;
		}
	}
	if ((rc = recount_meetings(st, &t, err)) != 0)
		goto out;
	tally_merge(&t);
	if (ret_rows != NULL)
		*ret_rows = t.n;
	if (rebuild) {
		if ((rc = q_open(&q, st, STMT_DASH_CLEAR, err)) != 0 ||
		    (rc = q_run(&q, err)) != 0)
			goto out;
		while (at < t.n) {
			org = t.rows[at].org_id;
			year = t.rows[at].year;
			tally_row_figures(&t, &at, want);
			if ((rc = q_open(&q, st, STMT_DASH_SET, err)) != 0)
				goto out;
			q_int(&q, 1, org);
			q_int(&q, 2, year);
			bind_figures(&q, want);
			if ((rc = q_run(&q, err)) != 0)
				goto out;
		}
		goto out;
	}
	/* Compare the kept rows (key order; no row: zeros) with the
	 * recount's (the same order), a merge of two sorted lists. */
	if ((rc = q_open(&q, st, STMT_DASH_ALL, err)) != 0)
		goto out;
	for (;;) {
		rc = q_step(&q, err);
		if (rc < 0)
			break;
		if (rc == 0) {
			org = 0;
			year = 0;
		} else {
			org = q_col_int(&q, 0);
			year = (int)q_col_int(&q, 1);
			col_figures(&q, 2, kept);
		}
		/* Recounted keys before the kept one: none kept. */
		while (at < t.n &&
		    (rc == 0 ||
		        key_cmp(t.rows[at].org_id, t.rows[at].year, org,
		            year) < 0)) {
			int64_t o = t.rows[at].org_id;
			int y = t.rows[at].year;

			tally_row_figures(&t, &at, want);
			diff_key(o, y, zero, want, &diff, ret_first);
		}
		if (rc == 0)
			break;
		c = at < t.n ?
		    key_cmp(t.rows[at].org_id, t.rows[at].year, org, year) :
		    1;
		if (c == 0)
			tally_row_figures(&t, &at, want);
		else
			memset(want, 0, sizeof(want));
		diff_key(org, year, kept, want, &diff, ret_first);
	}
	q_done(&q);
	if (rc > 0)
		rc = 0;
out:
	free(t.rows);
	if (ret_diff != NULL)
		*ret_diff = diff;
	return rc < 0 ? rc : 0;
}
