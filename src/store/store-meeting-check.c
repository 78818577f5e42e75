/*
 * store-meeting-check.c - the meetings check, kept, not counted
 * (migration 0023): the facts svc judges, the rows it keeps for one
 * organisation and year, the counts by code kept up the chain of the
 * organisation's path, and the reads (counts, findings by page, the heat
 * map).  See store.h and docs/architecture.md "Kept findings".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/cursor.h"
#include "store/store-int.h"
#include "util/err.h"

#include "util/banned.h"

static int
kind_of(const char *s)
{
	int k;

	for (k = MEETING_KIND_NONE + 1; k < MEETING_KIND__MAX; k++)
		if (s != NULL && strcmp(s, meeting_kind_names[k]) == 0)
			return k - 1; /* MF_REGULAR .. MF_COMMITTEE */
	return -1;
}

static enum attendance_status
status_of(const char *s)
{
	int k;

	for (k = ATTENDANCE_NONE + 1; k < ATTENDANCE__MAX; k++)
		if (s != NULL && strcmp(s, attendance_status_names[k]) == 0)
			return (enum attendance_status)k;
	return ATTENDANCE_NONE;
}

static void
copy_time(char dst[MR_TIME_LEN], const char *src)
{
	snprintf(dst, MR_TIME_LEN, "%s", src != NULL ? src : "");
}

/* Grows *p (n used, *cap) by one element of size sz, zeroed. */
static void *
grow(void *p, size_t n, size_t *cap, size_t sz)
{
	void *t;

	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 32;
	if ((t = realloc(p, *cap * sz)) == NULL)
		return NULL;
	return t;
}

int
store_meeting_check_facts(struct store *st, int64_t org_id, const char *from,
    const char *before, struct meeting_fact **ret_m, size_t *ret_nm,
    struct member_attendance_fact **ret_a, size_t *ret_na,
    struct cb_error *err)
{
	struct meeting_fact *m = NULL, *mt;
	struct member_attendance_fact *a = NULL, *at;
	size_t nm = 0, na = 0, cm = 0, ca = 0;
	struct q q;
	int rc, k;

	*ret_m = NULL;
	*ret_a = NULL;
	*ret_nm = *ret_na = 0;
	if ((rc = q_open(&q, st, STMT_MCHK_FACT_MEETINGS, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	q_text(&q, 2, from);
	q_text(&q, 3, before);
	while ((rc = q_step(&q, err)) == 1) {
		if ((k = kind_of(q_col_text(&q, 1))) < 0)
			continue;
		if ((mt = grow(m, nm, &cm, sizeof(*m))) == NULL) {
			rc = store_nomem(err);
			break;
		}
		m = mt;
		memset(&m[nm], 0, sizeof(*m));
		m[nm].id = q_col_int(&q, 0);
		m[nm].org_id = org_id;
		m[nm].kind = (enum meeting_fact_kind)k;
		m[nm].held = q_col_text(&q, 2) != NULL &&
		    strcmp(q_col_text(&q, 2), "held") == 0;
		copy_time(m[nm].starts_at, q_col_text(&q, 3));
		copy_time(m[nm].ends_at, q_col_text(&q, 4));
		m[nm].expected = q_col_int(&q, 5);
		m[nm].present = q_col_int(&q, 6);
		/* The latest material, the resolution's approval, whether
		 * minutes are written. */
		copy_time(m[nm].materials_latest_at, q_col_text(&q, 7));
		copy_time(m[nm].resolution_approved_at, q_col_text(&q, 8));
		m[nm].minutes = q_col_int(&q, 9) > 0;
		nm++;
	}
	q_done(&q);
	if (rc < 0)
		goto fail;
	if ((rc = q_open(&q, st, STMT_MCHK_FACT_ATTENDANCE, err)) != 0)
		goto fail;
	q_int(&q, 1, org_id);
	q_text(&q, 2, from);
	q_text(&q, 3, before);
	while ((rc = q_step(&q, err)) == 1) {
		if ((at = grow(a, na, &ca, sizeof(*a))) == NULL) {
			rc = store_nomem(err);
			break;
		}
		a = at;
		memset(&a[na], 0, sizeof(*a));
		a[na].member_id = q_col_int(&q, 0);
		a[na].org_id = org_id;
		a[na].meeting_id = q_col_int(&q, 1);
		copy_time(a[na].starts_at, q_col_text(&q, 2));
		a[na].status = status_of(q_col_text(&q, 3));
		na++;
	}
	q_done(&q);
	if (rc < 0)
		goto fail;
	*ret_m = m;
	*ret_nm = nm;
	*ret_a = a;
	*ret_na = na;
	return 0;
fail:
	free(m);
	free(a);
	return rc;
}

/* Adds delta to code's count of year for every organisation of the chain
 * written in path ("/0000000001/0000000005/": the ids in it). */
static int
chain_add(struct store *st, const char *path, int year, const char *code,
    int64_t delta, struct cb_error *err)
{
	const char *p = path;
	char *end;
	long long id;
	struct q q;
	int rc;

	if (delta == 0 || path == NULL)
		return 0;
	while (*p == '/') {
		p++;
		if (*p == '\0')
			break;
		id = strtoll(p, &end, 10);
		if (end == p || *end != '/')
			break;
		p = end;
		if ((rc = q_open(&q, st, STMT_MCHK_COUNT_ADD, err)) != 0)
			return rc;
		q_int(&q, 1, id);
		q_int(&q, 2, year);
		q_text(&q, 3, code);
		q_int(&q, 4, delta);
		if ((rc = q_run(&q, err)) != 0)
			return rc;
	}
	return 0;
}

struct code_n {
	char code[40];
	int64_t old_n, new_n;
};

static struct code_n *
code_slot(struct code_n *c, size_t *n, size_t max, const char *code)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp(c[i].code, code) == 0)
			return &c[i];
	if (*n == max)
		return NULL;
	memset(&c[*n], 0, sizeof(*c));
	snprintf(c[*n].code, sizeof(c->code), "%s", code);
	return &c[(*n)++];
}

#define MAX_CODES 32

int
store_meeting_check_keep(struct store *st, const struct mchk_keep *k,
    struct cb_error *err)
{
	struct code_n codes[MAX_CODES], *c;
	char now[TIMESTAMP_LEN], *old_path = NULL;
	size_t nc = 0, i;
	struct q q;
	int rc, j;

	store_now(now);
	/* What was kept, and under which path. */
	if ((rc = q_open(&q, st, STMT_MCHK_STATE_GET, err)) != 0)
		return rc;
	q_int(&q, 1, k->org_id);
	q_int(&q, 2, k->year);
	if ((rc = q_step(&q, err)) == 1 && q_col_dup(&q, 0, &old_path) != 0)
		rc = store_nomem(err);
	q_done(&q);
	if (rc < 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MCHK_OLD_COUNTS, err)) != 0)
		goto out;
	q_int(&q, 1, k->org_id);
	q_int(&q, 2, k->year);
	while ((rc = q_step(&q, err)) == 1)
		if ((c = code_slot(codes, &nc, MAX_CODES,
		         q_col_text(&q, 0))) != NULL)
			c->old_n = q_col_int(&q, 1);
	q_done(&q);
	if (rc < 0)
		goto out;
	for (i = 0; i < k->nfindings; i++)
		if ((c = code_slot(codes, &nc, MAX_CODES,
		         k->findings[i].code)) != NULL)
			c->new_n++;
	/* The counts: the difference on one chain, or out of the old and
	 * into the new when the organisation moved. */
	for (i = 0; i < nc && rc >= 0; i++) {
		if (old_path == NULL || strcmp(old_path, k->org_path) == 0)
			rc = chain_add(st, k->org_path, k->year, codes[i].code,
			    codes[i].new_n - codes[i].old_n, err);
		else if ((rc = chain_add(st, old_path, k->year, codes[i].code,
		              -codes[i].old_n, err)) == 0)
			rc = chain_add(st, k->org_path, k->year, codes[i].code,
			    codes[i].new_n, err);
	}
	if (rc < 0)
		goto out;
	/* The dashboard's meeting figures, the same way. */
	if ((rc = store_dashboard_meetings_kept(st, k->org_id, k->year,
	         old_path, k->org_path, k->months, k->mon, k->nmon, err)) != 0)
		goto out;
	/* The rows themselves. */
	if ((rc = q_open(&q, st, STMT_MCHK_FINDING_CLEAR, err)) != 0)
		goto out;
	q_int(&q, 1, k->org_id);
	q_int(&q, 2, k->year);
	if ((rc = q_run(&q, err)) != 0)
		goto out;
	for (i = 0; i < k->nfindings; i++) {
		const struct meeting_finding *f = &k->findings[i];

		if ((rc = q_open(&q, st, STMT_MCHK_FINDING_ADD, err)) != 0)
			goto out;
		q_int(&q, 1, k->org_id);
		q_int(&q, 2, k->year);
		q_int(&q, 3, (int64_t)i + 1);
		q_text(&q, 4, k->org_path);
		q_int(&q, 5,
		    k->finding_month != NULL ? k->finding_month[i] : 0);
		q_text(&q, 6, f->code);
		q_id(&q, 7, f->member_id);
		q_id(&q, 8, f->meeting_id);
		q_text(&q, 9, f->period);
		q_text(&q, 10, f->rule_id != NULL ? f->rule_id : "");
		q_text_opt(&q, 11, f->citation);
		if ((rc = q_run(&q, err)) != 0)
			goto out;
	}
	if ((rc = q_open(&q, st, STMT_MCHK_MONTH_CLEAR, err)) != 0)
		goto out;
	q_int(&q, 1, k->org_id);
	q_int(&q, 2, k->year);
	if ((rc = q_run(&q, err)) != 0)
		goto out;
	for (i = 0; i < k->nmon; i++) {
		const struct mchk_month *m = &k->mon[i];

		if ((rc = q_open(&q, st, STMT_MCHK_MONTH_ADD, err)) != 0)
			goto out;
		q_int(&q, 1, k->org_id);
		q_int(&q, 2, k->year);
		q_int(&q, 3, m->month);
		q_text(&q, 4, k->org_path);
		for (j = 0; j < 5; j++)
			q_int(&q, 5 + j, m->held[j]);
		q_int(&q, 10, m->minutes);
		q_int(&q, 11, m->expected);
		q_int(&q, 12, m->present);
		if ((rc = q_run(&q, err)) != 0)
			goto out;
	}
	if ((rc = q_open(&q, st, STMT_MCHK_STATE_SET, err)) != 0)
		goto out;
	q_int(&q, 1, k->org_id);
	q_int(&q, 2, k->year);
	q_text(&q, 3, k->org_path);
	q_int(&q, 4, k->months);
	q_text(&q, 5, k->stamp);
	q_text(&q, 6, k->through);
	q_text(&q, 7, now);
	rc = q_run(&q, err);
out:
	free(old_path);
	return rc < 0 ? rc : 0;
}

/* The first and last day of year, ISO. */
static void
year_days(int year, char first[DATE_LEN], char last[DATE_LEN])
{
	snprintf(first, DATE_LEN, "%04d-01-01", year);
	snprintf(last, DATE_LEN, "%04d-12-31", year);
}

int
store_meeting_check_stale(struct store *st, const char *path, int year,
    const char *through, const char *stamp, size_t max, int64_t **ret,
    size_t *ret_n, struct cb_error *err)
{
	char first[DATE_LEN], last[DATE_LEN], *hi;
	int64_t *ids = NULL, *t;
	size_t n = 0, cap = 0;
	struct q q;
	int rc;

	*ret = NULL;
	*ret_n = 0;
	if ((hi = path_upper(path)) == NULL)
		return store_nomem(err);
	year_days(year, first, last);
	if ((rc = q_open(&q, st, STMT_MCHK_STALE, err)) != 0) {
		free(hi);
		return rc;
	}
	q_text(&q, 1, path);
	q_text(&q, 2, hi);
	q_int(&q, 3, year);
	q_date(&q, 4, first);
	q_date(&q, 5, last);
	q_text(&q, 6, through);
	q_text(&q, 7, stamp);
	q_int(&q, 8, (int64_t)max);
	while ((rc = q_step(&q, err)) == 1) {
		if ((t = grow(ids, n, &cap, sizeof(*ids))) == NULL) {
			rc = store_nomem(err);
			break;
		}
		ids = t;
		ids[n++] = q_col_int(&q, 0);
	}
	q_done(&q);
	free(hi);
	if (rc < 0) {
		free(ids);
		return rc;
	}
	*ret = ids;
	*ret_n = n;
	return 0;
}

int
store_meeting_check_counts(struct store *st, int64_t org_id, int year,
    struct mchk_count *ret, size_t max, size_t *ret_n, struct cb_error *err)
{
	struct q q;
	int rc;

	*ret_n = 0;
	if ((rc = q_open(&q, st, STMT_MCHK_COUNTS, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	q_int(&q, 2, year);
	while ((rc = q_step(&q, err)) == 1 && *ret_n < max) {
		snprintf(ret[*ret_n].code, sizeof(ret->code), "%s",
		    q_col_text(&q, 0) != NULL ? q_col_text(&q, 0) : "");
		ret[*ret_n].n = q_col_int(&q, 1);
		(*ret_n)++;
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

static void
finding_release(struct mchk_finding *f)
{
	free(f->org_name);
	free(f->member_name);
	free(f->code);
	free(f->period);
	free(f->rule_id);
	free(f->citation);
	memset(f, 0, sizeof(*f));
}

void
mchk_page_release(struct mchk_page *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		finding_release(&p->items[i]);
	free(p->items);
	free(p->next_cursor);
	memset(p, 0, sizeof(*p));
}

int
store_meeting_check_findings(struct store *st, const char *path, int year,
    const char *code, const char *cursor, size_t limit, struct mchk_page *ret,
    struct cb_error *err)
{
	struct store_cursor c;
	struct mchk_finding *items = NULL, *f;
	const char *after_path = NULL;
	char *hi = NULL, *last_path = NULL, seqbuf[24];
	int64_t after_seq = 0;
	size_t n = 0;
	struct q q;
	int rc;

	mchk_page_release(ret);
	memset(&c, 0, sizeof(c));
	if (limit < 1 || limit > 1000)
		return cb_error_field(err, 0, "limit", "invalid_value", NULL);
	if (cursor != NULL && cursor[0] != '\0') {
		if (store_cursor_open(cursor, 2, &c) != 0 ||
		    c.field[0][0] != '/' ||
		    !store_cursor_id(&c, 1, &after_seq)) {
			store_cursor_close(&c);
			cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
			return cb_error_field(err, 0, "cursor",
			    "invalid_cursor", NULL);
		}
		after_path = c.field[0];
	}
	if ((hi = path_upper(path)) == NULL ||
	    (items = calloc(limit + 1, sizeof(*items))) == NULL) {
		rc = store_nomem(err);
		goto out;
	}
	if ((rc = q_open(&q, st, STMT_MCHK_FINDINGS, err)) != 0)
		goto out;
	q_text(&q, 1, path);
	q_text(&q, 2, hi);
	q_int(&q, 3, year);
	q_text_opt(&q, 4, code);
	q_text_opt(&q, 5, after_path);
	q_int(&q, 6, after_seq);
	q_int(&q, 7, (int64_t)limit + 1);
	while ((rc = q_step(&q, err)) == 1) {
		f = &items[n];
		f->org_id = q_col_int(&q, 0);
		f->seq = q_col_int(&q, 1);
		f->month = (int)q_col_int(&q, 3);
		f->member_id = q_col_int(&q, 5);
		f->meeting_id = q_col_int(&q, 6);
		free(last_path);
		last_path = NULL;
		if (q_col_dup(&q, 2, &last_path) != 0 ||
		    q_col_dup(&q, 4, &f->code) != 0 ||
		    q_col_dup(&q, 7, &f->period) != 0 ||
		    q_col_dup(&q, 8, &f->rule_id) != 0 ||
		    q_col_dup(&q, 9, &f->citation) != 0 ||
		    q_col_dup(&q, 10, &f->org_name) != 0 ||
		    q_col_dup(&q, 11, &f->member_name) != 0) {
			n++;
			rc = store_nomem(err);
			break;
		}
		n++;
		if (n == limit) {
			/* The keyset of the last row shown. */
			snprintf(seqbuf, sizeof(seqbuf), "%lld",
			    (long long)f->seq);
			free(ret->next_cursor);
			ret->next_cursor = store_cursor_make(
			    (const char *const[]){ last_path, seqbuf }, 2);
			if (ret->next_cursor == NULL) {
				rc = store_nomem(err);
				break;
			}
		}
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	rc = 0;
	if (n > limit)
		finding_release(&items[--n]);
	else {
		free(ret->next_cursor);
		ret->next_cursor = NULL;
	}
	ret->items = items;
	ret->n = n;
	items = NULL;
	n = 0;
out:
	if (items != NULL) {
		struct mchk_page p = { items, n, NULL };

		mchk_page_release(&p);
	}
	if (rc < 0)
		mchk_page_release(ret);
	store_cursor_close(&c);
	free(last_path);
	free(hi);
	return rc;
}

void
mchk_heat_release(struct mchk_heat *h)
{
	size_t i;
	int m;

	if (h == NULL)
		return;
	for (i = 0; i < h->n; i++) {
		free(h->cells[i].name);
		for (m = 0; m < 13; m++)
			free(h->cells[i].codes[m]);
	}
	free(h->cells);
	memset(h, 0, sizeof(*h));
}

/* The cell of id in h (cells by path, rows by path: a moving index). */
static struct mchk_cell *
heat_find(struct mchk_heat *h, size_t *at, int64_t id)
{
	size_t i;

	for (i = *at; i < h->n; i++)
		if (h->cells[i].org_id == id) {
			*at = i;
			return &h->cells[i];
		}
	for (i = 0; i < *at && i < h->n; i++)
		if (h->cells[i].org_id == id) {
			*at = i;
			return &h->cells[i];
		}
	return NULL;
}

/* Appends ",code" (or "code") to *s unless it holds code already. */
static int
codes_add(char **s, const char *code)
{
	size_t have = *s != NULL ? strlen(*s) : 0, len = strlen(code);
	const char *p;
	char *t;

	for (p = *s; p != NULL && (p = strstr(p, code)) != NULL; p += len)
		if ((p == *s || p[-1] == ',') &&
		    (p[len] == ',' || p[len] == '\0'))
			return 0;
	if ((t = realloc(*s, have + len + 2)) == NULL)
		return -1;
	if (have > 0)
		t[have++] = ',';
	memcpy(t + have, code, len + 1);
	*s = t;
	return 0;
}

int
store_meeting_check_heat(struct store *st, const char *path, int year,
    struct mchk_heat *ret, struct cb_error *err)
{
	char first[DATE_LEN], last[DATE_LEN], *hi;
	struct mchk_cell *cell, *t;
	size_t cap = 0, at = 0;
	struct q q;
	int rc, m, j;

	mchk_heat_release(ret);
	if ((hi = path_upper(path)) == NULL)
		return store_nomem(err);
	year_days(year, first, last);
	if ((rc = q_open(&q, st, STMT_MCHK_CELLS, err)) != 0)
		goto out;
	q_text(&q, 1, path);
	q_text(&q, 2, hi);
	q_int(&q, 3, year);
	q_date(&q, 4, first);
	q_date(&q, 5, last);
	while ((rc = q_step(&q, err)) == 1) {
		if ((t = grow(ret->cells, ret->n, &cap, sizeof(*t))) == NULL) {
			rc = store_nomem(err);
			break;
		}
		ret->cells = t;
		cell = &ret->cells[ret->n];
		memset(cell, 0, sizeof(*cell));
		ret->n++;
		cell->org_id = q_col_int(&q, 0);
		for (m = 0; m < 12; m++)
			cell->mon[m].month = m + 1;
		if (q_col_dup(&q, 1, &cell->name) != 0) {
			rc = store_nomem(err);
			break;
		}
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	if ((rc = q_open(&q, st, STMT_MCHK_MONTHS, err)) != 0)
		goto out;
	q_text(&q, 1, path);
	q_text(&q, 2, hi);
	q_int(&q, 3, year);
	while ((rc = q_step(&q, err)) == 1) {
		m = (int)q_col_int(&q, 1);
		if (m < 1 || m > 12 ||
		    (cell = heat_find(ret, &at, q_col_int(&q, 0))) == NULL)
			continue;
		for (j = 0; j < 5; j++)
			cell->mon[m - 1].held[j] = q_col_int(&q, 2 + j);
		cell->mon[m - 1].minutes = q_col_int(&q, 7);
		cell->mon[m - 1].expected = q_col_int(&q, 8);
		cell->mon[m - 1].present = q_col_int(&q, 9);
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	if ((rc = q_open(&q, st, STMT_MCHK_MONTH_CODES, err)) != 0)
		goto out;
	q_text(&q, 1, path);
	q_text(&q, 2, hi);
	q_int(&q, 3, year);
	at = 0;
	while ((rc = q_step(&q, err)) == 1) {
		m = (int)q_col_int(&q, 1);
		if (m < 0 || m > 12 || q_col_text(&q, 2) == NULL ||
		    (cell = heat_find(ret, &at, q_col_int(&q, 0))) == NULL)
			continue;
		if (codes_add(&cell->codes[m], q_col_text(&q, 2)) != 0) {
			rc = store_nomem(err);
			break;
		}
	}
	q_done(&q);
out:
	free(hi);
	if (rc < 0) {
		mchk_heat_release(ret);
		return rc;
	}
	return 0;
}
