/*
 * store-inspection-check.c - the facts of a committee's inspection
 * coverage (issue 14; store.h "the inspection coverage check"): its term
 * in force, its direct subordinate organisations, their inspections and
 * the open recommendations under them.  Counted on read: the statements
 * are the system's (G_SYSTEM), svc has allowed the read.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store-int.h"
#include "util/err.h"

#include "util/banned.h"

/* Grows *p (n used, *cap) to hold one more element of size sz. */
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

void
ichk_facts_release(struct ichk_facts *f)
{
	size_t i;

	if (f == NULL)
		return;
	free(f->term_name);
	for (i = 0; i < f->norgs; i++) {
		free(f->orgs[i].name);
		free(f->orgs[i].path);
	}
	free(f->orgs);
	free(f->insps);
	free(f->recs);
	memset(f, 0, sizeof(*f));
}

static int
read_term(struct store *st, int64_t org_id, const char *on,
    struct ichk_facts *f, struct cb_error *err)
{
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_ICHK_TERM, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	q_date(&q, 2, on);
	if ((rc = q_step(&q, err)) == 1) {
		f->has_term = true;
		if (q_col_dup(&q, 0, &f->term_name) != 0)
			rc = store_nomem(err);
		q_col_date(&q, 1, f->term_from);
		q_col_date(&q, 2, f->term_to);
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

static int
read_children(struct store *st, int64_t org_id, struct ichk_facts *f,
    struct cb_error *err)
{
	struct ichk_org *t;
	size_t cap = 0;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_ICHK_CHILDREN, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	while ((rc = q_step(&q, err)) == 1) {
		if ((t = grow(f->orgs, f->norgs, &cap, sizeof(*t))) == NULL) {
			rc = store_nomem(err);
			break;
		}
		f->orgs = t;
		t = &f->orgs[f->norgs++];
		memset(t, 0, sizeof(*t));
		t->id = q_col_int(&q, 0);
		if (q_col_dup(&q, 1, &t->name) != 0 ||
		    q_col_dup(&q, 2, &t->path) != 0) {
			rc = store_nomem(err);
			break;
		}
		q_col_date(&q, 3, t->valid_from);
		q_col_date(&q, 4, t->valid_to);
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

static int
read_inspections(struct store *st, int64_t org_id, const char *since,
    const char *on, struct ichk_facts *f, struct cb_error *err)
{
	struct insp_fact *t;
	const char *form;
	size_t cap = 0;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_ICHK_INSPECTIONS, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	q_date(&q, 2, since);
	q_date(&q, 3, on);
	while ((rc = q_step(&q, err)) == 1) {
		if ((t = grow(f->insps, f->ninsps, &cap, sizeof(*t))) ==
		    NULL) {
			rc = store_nomem(err);
			break;
		}
		f->insps = t;
		t = &f->insps[f->ninsps++];
		memset(t, 0, sizeof(*t));
		t->id = q_col_int(&q, 0);
		t->subject_org_id = q_col_int(&q, 1);
		form = q_col_text(&q, 2);
		t->self = form != NULL && strcmp(form, "self") == 0;
		q_col_date(&q, 3, t->decided_on);
		q_col_date(&q, 4, t->from);
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

/* The subordinate of f at path, or 0. */
static int64_t
holder(const struct ichk_facts *f, const char *path)
{
	size_t i;

	for (i = 0; path != NULL && i < f->norgs; i++) {
		if (strcmp(path, f->orgs[i].path) == 0)
			return f->orgs[i].id;
	}
	return 0;
}

static int
read_recs(struct store *st, int64_t org_id, const char *on,
    struct ichk_facts *f, struct cb_error *err)
{
	struct insp_rec_fact *t;
	size_t cap = 0;
	int64_t org;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_ICHK_RECS, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	q_date(&q, 2, on);
	while ((rc = q_step(&q, err)) == 1) {
		if ((org = holder(f, q_col_text(&q, 2))) == 0)
			continue;
		if ((t = grow(f->recs, f->nrecs, &cap, sizeof(*t))) == NULL) {
			rc = store_nomem(err);
			break;
		}
		f->recs = t;
		t = &f->recs[f->nrecs++];
		memset(t, 0, sizeof(*t));
		t->id = q_col_int(&q, 0);
		t->inspection_id = q_col_int(&q, 1);
		t->org_id = org;
		q_col_date(&q, 3, t->due_on);
		q_col_date(&q, 4, t->done_on);
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

static int
facts_read(struct store *st, int64_t org_id, const char *since, const char *on,
    bool recs, struct ichk_facts *ret, struct cb_error *err)
{
	int rc;

	ichk_facts_release(ret);
	if ((rc = read_term(st, org_id, on, ret, err)) != 0)
		return rc;
	if (ret->has_term && strcmp(ret->term_from, since) < 0)
		since = ret->term_from;
	if ((rc = read_children(st, org_id, ret, err)) != 0 ||
	    (rc = read_inspections(st, org_id, since, on, ret, err)) != 0 ||
	    (recs && (rc = read_recs(st, org_id, on, ret, err)) != 0))
		ichk_facts_release(ret);
	return rc;
}

int
store_inspection_check_facts(struct store *st, int64_t org_id,
    const char *since, const char *on, struct ichk_facts *ret,
    struct cb_error *err)
{
	return facts_read(st, org_id, since, on, true, ret, err);
}

int
store_inspection_coverage_facts(struct store *st, int64_t org_id,
    const char *since, const char *on, struct ichk_facts *ret,
    struct cb_error *err)
{
	return facts_read(st, org_id, since, on, false, ret, err);
}
