/*
 * probation.c - the probation list (svc.h): the probationary members of
 * a scope whose 12 months end within the notice window, and those past
 * it without a decision, each with the date and the rule.  core/
 * probation.c judges; this reads the members and their organisations.
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "util/alloc.h"
#include "util/date.h"

#include "util/banned.h"

/* How many entries are read at most before they are sorted (a bound on
 * memory: about 1 KiB each). */
#define PROBATION_READ_MAX 100000

void
probation_report_release(struct probation_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		member_release(&r->items[i].m);
		free(r->items[i].org_name);
	}
	free(r->items);
	memset(r, 0, sizeof(*r));
}

struct collect {
	struct svc *s;
	const struct rulebook *rb;
	struct probation_report *r;
	struct org org; /* the last member's organisation (a cache) */
	bool all;       /* the running probations too */
	int err;
	struct cb_error *e;
};

static int
collect_one(const struct member *m, void *arg)
{
	struct collect *c = arg;
	struct probation_report *r = c->r;
	struct probation_verdict v;
	struct probation_entry *x;
	int rc;

	if (c->org.id != m->org_id) {
		org_release(&c->org);
		org_init(&c->org);
		if ((rc = store_org_get(c->s->st, m->org_id, &c->org, c->e)) !=
		    0)
			return c->err = rc;
	}
	if ((rc = probation_judge(m, c->rb, c->org.path, r->today,
	         r->notice_days, &v)) != 0)
		return c->err = rc;
	if (v.state == PROBATION_NONE ||
	    (v.state == PROBATION_RUNNING && !c->all))
		return 0;
	if (r->n == PROBATION_READ_MAX) {
		/* Enough: stop reading (store_member_each returns this). */
		r->truncated = true;
		return 1;
	}
	if (array_grow(&r->items, &r->cap, r->n + 1, sizeof(*r->items)))
		return c->err = -CB_ENOMEM;
	x = &r->items[r->n];
	memset(x, 0, sizeof(*x));
	member_init(&x->m);
	if (member_copy(&x->m, m) != 0 ||
	    (c->org.name && (x->org_name = strdup(c->org.name)) == NULL)) {
		member_release(&x->m);
		return c->err = -CB_ENOMEM;
	}
	x->v = v;
	r->n++;
	return 0;
}

/* By the day the probation ends: overdue first (the oldest first), then
 * due and running (the soonest first). */
static int
entry_cmp(const void *a, const void *b)
{
	const struct probation_entry *x = a, *y = b;
	int c = strcmp(x->v.ends_on, y->v.ends_on);

	return c ? c : (x->m.id > y->m.id) - (x->m.id < y->m.id);
}

int
svc_probation_list(struct svc *s, int64_t org_id, bool all,
    struct probation_report *ret, struct cb_error *err)
{
	/* In id order, the store's cheapest (no sort of the matches: about
	 * 30 times faster than by admission date on a province, see
	 * docs/api.md); sorted here by the day the probation ends. */
	struct member_query q = { .status = MSTATUS_PROBATIONARY,
		.state = MSTATE_ACTIVE,
		.sort = MSORT_ID };
	struct collect c = { .s = s, .r = ret, .e = err, .all = all };
	const char *path = NULL;
	char cutoff[DATE_LEN];
	struct date t, cut;
	int64_t months;
	struct org o;
	int rc;

	memset(ret, 0, sizeof(*ret));
	snprintf(ret->today, sizeof(ret->today), "%s", s->today);
	/* When a probation ends is read from the record (the admission
	 * date): an account that sees the roster only (names, cell and
	 * status, docs/security.md) has no probation list. */
	if (!s->who->system && s->who->member_id == 0 &&
	    !principal_can(s->who, ACT_MEMBER_READ))
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	org_init(&o);
	org_init(&c.org);
	if (org_id > 0) {
		/* Outside the scope: not found.  Which rows the principal
		 * may list the store decides, as for the member list (a
		 * member: its own record alone). */
		if ((rc = svc_org_get(s, org_id, &o, err)) != 0)
			goto out;
		path = o.path;
	}
	q.org_id = org_id;
	if ((c.rb = svc_rules(s, err)) == NULL) {
		rc = err->code ? -err->code : -CB_ENOMEM;
		goto out;
	}
	if ((rc = probation_notice_days(c.rb, s->today, path,
	         &ret->notice_days, &ret->notice)) != 0 ||
	    (rc = rulebook_int(c.rb, RULE_PROBATION, "months", s->today, path,
	         &months, &ret->period)) != 0) {
		rc = cb_error_set(err, CB_EINVAL, "rule_not_in_force",
		    rc == -CB_EINVAL ? RULE_PROBATION_NOTICE : RULE_PROBATION);
		goto out;
	}
	/* Only those admitted early enough to end within the window: the
	 * period in force today (a committee's override of it is applied
	 * to each member by probation_judge, within this bound). */
	if (date_parse_iso(s->today, &t) != 0) {
		rc = cb_error_set(err, CB_EINVAL, "invalid_date", "today");
		goto out;
	}
	cut = date_add_days(&t, ret->notice_days);
	cut = date_add_months(&cut, -(int)months);
	date_format_iso(&cut, cutoff);
	if (!all)
		q.admitted_to = cutoff;
	rc = store_member_each(s->st, &q, collect_one, &c, err);
	if (rc == 1 && ret->truncated)
		rc = 0;
	if (rc == 0 && c.err)
		rc = c.err == -CB_ENOMEM ?
		    cb_error_set(err, CB_ENOMEM, NULL, NULL) :
		    c.err;
	if (rc == 0 && ret->n > 1)
		qsort(ret->items, ret->n, sizeof(*ret->items), entry_cmp);
	/* The most urgent PROBATION_LIST_MAX. */
	while (rc == 0 && ret->n > PROBATION_LIST_MAX) {
		ret->n--;
		member_release(&ret->items[ret->n].m);
		free(ret->items[ret->n].org_name);
		ret->truncated = true;
	}
out:
	if (rc != 0)
		probation_report_release(ret);
	org_release(&c.org);
	org_release(&o);
	return rc;
}
