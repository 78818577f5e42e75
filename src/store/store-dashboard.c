/*
 * store-dashboard.c - the dashboard's figures, kept, not counted
 * (issue 15, migration 0029): per organisation, year and figure, the
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

#include "store/store-int.h"
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

/* The figure of an evaluation's state: "m.htt", "c.pending"; "" none. */
static void
state_figure(bool cell, int state, char out[DASH_FIGURE_LEN])
{
	out[0] = '\0';
	if (state == DASH_PENDING)
		snprintf(out, DASH_FIGURE_LEN, "%s.pending", cell ? "c" : "m");
	else if (state >= 0 && state < EVAL_LEVEL__MAX)
		snprintf(out, DASH_FIGURE_LEN, "%s.%s", cell ? "c" : "m",
		    level_names[state]);
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

/* Adds delta to figure of year on every organisation of path's chain. */
int
store_dashboard_add(struct store *st, const char *path, int year,
    const char *figure, int64_t delta, struct cb_error *err)
{
	int64_t ids[CHAIN_MAX];
	size_t n, i;
	struct q q;
	int rc;

	if (delta == 0 || figure[0] == '\0')
		return 0;
	n = path_ids(path, ids, CHAIN_MAX);
	for (i = 0; i < n; i++) {
		if ((rc = q_open(&q, st, STMT_DASH_ADD, err)) != 0)
			return rc;
		q_int(&q, 1, ids[i]);
		q_int(&q, 2, year);
		q_text(&q, 3, figure);
		q_int(&q, 4, delta);
		if ((rc = q_run(&q, err)) != 0)
			return rc;
	}
	return 0;
}

int
store_dashboard_evaluation_changed(struct store *st,
    const struct dash_eval_change *c, struct cb_error *err)
{
	char before[DASH_FIGURE_LEN], after[DASH_FIGURE_LEN];
	int rc;

	if (c->before == c->after || c->path == NULL || c->year <= 0)
		return 0;
	state_figure(c->cell, c->before, before);
	state_figure(c->cell, c->after, after);
	if ((rc = store_dashboard_add(st, c->path, c->year, before, -1,
	         err)) != 0)
		return rc;
	return store_dashboard_add(st, c->path, c->year, after, 1, err);
}

/* ---------------------------------------------------------- meetings */

static const char *const meet_figures[4] = { "mt.required", "mt.held",
	"mt.expected", "mt.present" };

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
	struct meet_own old, new;
	char own[DASH_FIGURE_LEN];
	const char *fig;
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
	while ((rc = q_step(&q, err)) == 1) {
		fig = q_col_text(&q, 1);
		if (fig == NULL || strncmp(fig, "own.", 4) != 0)
			continue;
		for (k = 0; k < 4; k++)
			if (strcmp(fig + 4, meet_figures[k]) == 0)
				old.v[k] = q_col_int(&q, 2);
	}
	q_done(&q);
	if (rc < 0)
		return rc;
	meet_months(&new, months);
	for (i = 0; i < nmon; i++)
		meet_month_add(&new, months, mon[i].month,
		    mon[i].held[0] + mon[i].held[2], mon[i].expected,
		    mon[i].present);
	for (k = 0; k < 4; k++) {
		if (old_path == NULL || strcmp(old_path, new_path) == 0)
			rc = store_dashboard_add(st, new_path, year,
			    meet_figures[k], new.v[k] - old.v[k], err);
		else if ((rc = store_dashboard_add(st, old_path, year,
		              meet_figures[k], -old.v[k], err)) == 0)
			rc = store_dashboard_add(st, new_path, year,
			    meet_figures[k], new.v[k], err);
		if (rc != 0)
			return rc;
		if (new.v[k] == old.v[k])
			continue;
		snprintf(own, sizeof(own), "own.%s", meet_figures[k]);
		if ((rc = q_open(&q, st, STMT_DASH_SET, err)) != 0)
			return rc;
		q_int(&q, 1, org_id);
		q_int(&q, 2, year);
		q_text(&q, 3, own);
		q_int(&q, 4, new.v[k]);
		if ((rc = q_run(&q, err)) != 0)
			return rc;
	}
	return 0;
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

int64_t
dash_figure_n(const struct dash_figures *f, int year, const char *figure)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->items[i].year == year &&
		    strcmp(f->items[i].figure, figure) == 0)
			return f->items[i].n;
	return 0;
}

static int
figure_push(struct dash_figures *f, size_t *cap, int year, const char *fig,
    int64_t n)
{
	struct dash_figure *p;

	if (f->n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		if ((p = realloc(f->items, *cap * sizeof(*p))) == NULL)
			return -CB_ENOMEM;
		f->items = p;
	}
	p = &f->items[f->n++];
	p->year = year;
	snprintf(p->figure, sizeof(p->figure), "%s", fig);
	p->n = n;
	return 0;
}

int
store_dashboard_get(struct store *st, int64_t org_id, int from, int to,
    struct dash_figures *ret, struct cb_error *err)
{
	size_t cap = 0;
	struct q q;
	int rc;

	dash_figures_release(ret);
	if ((rc = q_open(&q, st, STMT_DASH_GET, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	q_int(&q, 2, from);
	q_int(&q, 3, to);
	while ((rc = q_step(&q, err)) == 1)
		if (figure_push(ret, &cap, (int)q_col_int(&q, 0),
		        q_col_text(&q, 1), q_col_int(&q, 2)) != 0) {
			rc = store_nomem(err);
			break;
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
		dash_figures_release(&c->items[i].f);
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
	struct dash_child *c = NULL, *p;
	size_t cap = 0, fcap = 0;
	const char *fig;
	struct q q;
	int64_t id;
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
		id = q_col_int(&q, 0);
		if (c == NULL || c->id != id) {
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
			fcap = 0;
			c->id = id;
			c->kind = org_kind_parse(q_col_text(&q, 3));
			if (q_col_dup(&q, 1, &c->name) != 0 ||
			    q_col_dup(&q, 2, &c->code) != 0 ||
			    q_col_dup(&q, 4, &c->path) != 0) {
				rc = store_nomem(err);
				break;
			}
		}
		fig = q_col_text(&q, 5);
		if (fig != NULL &&
		    figure_push(&c->f, &fcap, year, fig, q_col_int(&q, 6)) !=
		        0) {
			rc = store_nomem(err);
			break;
		}
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
	char figure[DASH_FIGURE_LEN];
	int64_t n;
};
struct tally {
	struct tally_row *rows;
	size_t n, cap;
};

static int
tally_push(struct tally *t, int64_t org_id, int year, const char *figure,
    int64_t n)
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
	snprintf(p->figure, sizeof(p->figure), "%s", figure);
	p->n = n;
	return 0;
}

/* n of figure on the chain of path (an own figure: the organisation
 * org_id alone). */
static int
tally_chain(struct tally *t, const char *path, int year, const char *figure,
    int64_t n)
{
	int64_t ids[CHAIN_MAX];
	size_t k, i;

	k = path_ids(path, ids, CHAIN_MAX);
	for (i = 0; i < k; i++)
		if (tally_push(t, ids[i], year, figure, n) != 0)
			return -CB_ENOMEM;
	return 0;
}

static int
row_cmp(const void *a, const void *b)
{
	const struct tally_row *x = a, *y = b;

	if (x->org_id != y->org_id)
		return x->org_id < y->org_id ? -1 : 1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return strcmp(x->figure, y->figure);
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

/* The meetings' own figures of one organisation and year, and up its
 * chain. */
static int
meet_flush(struct tally *t, int64_t org_id, int year, const char *path,
    const struct meet_own *o)
{
	char own[DASH_FIGURE_LEN];
	int k;

	for (k = 0; k < 4; k++) {
		snprintf(own, sizeof(own), "own.%s", meet_figures[k]);
		if (tally_push(t, org_id, year, own, o->v[k]) != 0 ||
		    tally_chain(t, path, year, meet_figures[k], o->v[k]) != 0)
			return -CB_ENOMEM;
	}
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
		snprintf(d->figure, sizeof(d->figure), "d.%s",
		    q_col_text(&q, 2) ? q_col_text(&q, 2) : "");
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

int
store_dashboard_recount(struct store *st, const struct dash_src_list *ev,
    bool rebuild, size_t *ret_rows, size_t *ret_diff, char **ret_first,
    struct cb_error *err)
{
	struct tally t = { 0 };
	struct tally_row kept, *want;
	size_t i, at = 0, diff = 0;
	char buf[160];
	struct q q;
	int rc, c;

	if (ret_first != NULL)
		*ret_first = NULL;
	for (i = 0; i < ev->n; i++)
		if (tally_chain(&t, ev->items[i].path, ev->items[i].year,
		        ev->items[i].figure, ev->items[i].n) != 0) {
			rc = store_nomem(err);
			goto out;
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
		for (i = 0; i < t.n; i++) {
			if ((rc = q_open(&q, st, STMT_DASH_SET, err)) != 0)
				goto out;
			q_int(&q, 1, t.rows[i].org_id);
			q_int(&q, 2, t.rows[i].year);
			q_text(&q, 3, t.rows[i].figure);
			q_int(&q, 4, t.rows[i].n);
			if ((rc = q_run(&q, err)) != 0)
				goto out;
		}
		goto out;
	}
	/* Compare the kept rows (key order, zeros left out) with the
	 * recount, a merge of two sorted lists. */
	if ((rc = q_open(&q, st, STMT_DASH_ALL, err)) != 0)
		goto out;
	for (;;) {
		rc = q_step(&q, err);
		if (rc < 0)
			break;
		if (rc == 1) {
			memset(&kept, 0, sizeof(kept));
			kept.org_id = q_col_int(&q, 0);
			kept.year = (int)q_col_int(&q, 1);
			snprintf(kept.figure, sizeof(kept.figure), "%s",
			    q_col_text(&q, 2) ? q_col_text(&q, 2) : "");
			kept.n = q_col_int(&q, 3);
		}
		while (at < t.n &&
		    (rc == 0 || row_cmp(&t.rows[at], &kept) < 0)) {
			want = &t.rows[at++];
			if (diff++ == 0 && ret_first != NULL) {
				snprintf(buf, sizeof(buf),
				    "org %lld year %d %s: kept 0, counted "
				    "%lld",
				    (long long)want->org_id, want->year,
				    want->figure, (long long)want->n);
				*ret_first = strdup(buf);
			}
		}
		if (rc == 0)
			break;
		c = at < t.n ? row_cmp(&t.rows[at], &kept) : 1;
		if (c == 0 && t.rows[at].n == kept.n) {
			at++;
			continue;
		}
		if (diff++ == 0 && ret_first != NULL) {
			snprintf(buf, sizeof(buf),
			    "org %lld year %d %s: kept %lld, counted %lld",
			    (long long)kept.org_id, kept.year, kept.figure,
			    (long long)kept.n,
			    (long long)(c == 0 ? t.rows[at].n : 0));
			*ret_first = strdup(buf);
		}
		if (c == 0)
			at++;
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
