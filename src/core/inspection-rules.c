/* inspection-rules.c - a committee's inspection and supervision against its
 * targets (inspection-rules.h). */
#include "core/inspection-rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

#include "util/banned.h"

void
insp_report_init(struct insp_report *r)
{
	memset(r, 0, sizeof(*r));
	r->months_left = -1;
}

void
insp_report_release(struct insp_report *r)
{
	if (r == NULL)
		return;
	free(r->rows);
	free(r->items);
	insp_report_init(r);
}

void
insp_judged_on(int year, const char *today, char out[DATE_LEN])
{
	char end[32];

	snprintf(end, sizeof(end), "%04d-12-31",
	    (year % 10000 + 10000) % 10000);
	if (today != NULL && strcmp(today, end) < 0)
		snprintf(out, DATE_LEN, "%s", today);
	else
		memcpy(out, end, DATE_LEN); /* "YYYY-12-31" and its NUL */
}

int64_t
insp_months_left(const char *on, const char *to)
{
	struct date a, b;
	int64_t n;

	if (date_parse_iso(on, &a) != 0 || date_parse_iso(to, &b) != 0)
		return -1;
	n = (int64_t)date_month_diff(&a, &b) + 1;
	return n < 0 ? 0 : n;
}

static int
finding_add(struct insp_report *r, const char *code, int64_t org_id,
    const char *period, const struct rule_ref *ref)
{
	struct insp_finding *it;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		void *p = realloc(r->items, cap * sizeof(*r->items));

		if (p == NULL)
			return -CB_ENOMEM;
		r->items = p;
		r->cap = cap;
	}
	it = &r->items[r->n++];
	memset(it, 0, sizeof(*it));
	it->code = code;
	it->org_id = org_id;
	it->months_left = -1;
	snprintf(it->period, sizeof(it->period), "%s", period);
	it->rule_id = ref->rule_id;
	it->citation = ref->citation;
	it->confirmed = ref->version != NULL && ref->version->confirmed;
	return 0;
}

/* An ISO date present and in [from, to] (text order is date order). */
static bool
within(const char *d, const char *from, const char *to)
{
	return d[0] != '\0' && strcmp(d, from) >= 0 && strcmp(d, to) <= 0;
}

/* The day a self-inspection counts on: its first day, else its
 * decision's. */
static const char *
self_day(const struct insp_fact *f)
{
	return f->from[0] != '\0' ? f->from : f->decided_on;
}

/* Whether organisation o exists on day (created by then, not closed). */
static bool
exists_on(const struct insp_org_fact *o, const char *day)
{
	if (o->valid_from[0] != '\0' && strcmp(o->valid_from, day) > 0)
		return false;
	return o->valid_to[0] == '\0' || strcmp(o->valid_to, day) > 0;
}

/* Whether o is expected to self-inspect in year (judged on on). */
static bool
expected_in_year(const struct insp_org_fact *o, int year, const char *on,
    int64_t min_months)
{
	char jan1[32], next[32];
	struct date a, b;

	if (!exists_on(o, on))
		return false;
	snprintf(jan1, sizeof(jan1), "%04d-01-01", year);
	if (o->valid_from[0] == '\0' || strcmp(o->valid_from, jan1) <= 0)
		return true;
	snprintf(next, sizeof(next), "%04d-01-01", year + 1);
	if (date_parse_iso(o->valid_from, &a) != 0 ||
	    date_parse_iso(next, &b) != 0)
		return false;
	return date_months_between(&a, &b) >= min_months;
}

static void
pct(struct insp_target *t)
{
	t->pct10 = t->counted > 0 ?
	    (t->met * 1000 + t->counted / 2) / t->counted :
	    -1;
}

/* The target rule_id on on: its percentage and citation in t, its ref. */
static bool
target_lookup(const struct rulebook *rb, const char *rule_id, const char *on,
    const char *path, struct insp_target *t, struct rule_ref *ref)
{
	int64_t v;

	t->target_percent = -1;
	if (rulebook_int(rb, rule_id, "target_percent", on, path, &v, ref) !=
	    0)
		return false;
	t->target_percent = v;
	t->rule_id = ref->rule_id;
	t->citation = ref->citation;
	t->confirmed = ref->version != NULL && ref->version->confirmed;
	return true;
}

static int
rec_cmp(const void *a, const void *b)
{
	const struct insp_rec_fact *x =
	    *(const struct insp_rec_fact *const *)a;
	const struct insp_rec_fact *y =
	    *(const struct insp_rec_fact *const *)b;
	int c = strcmp(x->due_on, y->due_on);

	if (c != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The row of organisation id, or NULL. */
static struct insp_row *
row_of(struct insp_report *r, int64_t id)
{
	size_t i;

	for (i = 0; i < r->nrows; i++)
		if (r->rows[i].org_id == id)
			return &r->rows[i];
	return NULL;
}

static int
judge_recs(const struct rulebook *rb, const struct insp_input *in,
    struct insp_report *r)
{
	const struct insp_rec_fact **sorted;
	struct rule_ref ref;
	struct insp_row *row;
	struct date due;
	char last_ok[DATE_LEN];
	int64_t grace;
	size_t i;
	int rc = 0;

	if (in->nrecs == 0 ||
	    rulebook_int(rb, RULE_INSPECTION_RECOMMENDATION, "grace_days",
	        r->on, in->committee_path, &grace, &ref) != 0)
		return 0;
	if ((sorted = calloc(in->nrecs, sizeof(*sorted))) == NULL)
		return -CB_ENOMEM;
	for (i = 0; i < in->nrecs; i++)
		sorted[i] = &in->recs[i];
	qsort(sorted, in->nrecs, sizeof(*sorted), rec_cmp);
	for (i = 0; i < in->nrecs && rc == 0; i++) {
		const struct insp_rec_fact *x = sorted[i];
		struct date d;

		if ((row = row_of(r, x->org_id)) == NULL ||
		    date_parse_iso(x->due_on, &due) != 0)
			continue;
		/* Done by the date judged: not overdue, whatever its date. */
		if (x->done_on[0] != '\0' && strcmp(x->done_on, r->on) <= 0)
			continue;
		d = date_add_days(&due, grace);
		date_format_iso(&d, last_ok);
		if (strcmp(r->on, last_ok) <= 0)
			continue;
		if ((rc = finding_add(r, IR_REC_OVERDUE, x->org_id, x->due_on,
		         &ref)) != 0)
			break;
		r->items[r->n - 1].inspection_id = x->inspection_id;
		r->items[r->n - 1].recommendation_id = x->id;
		row->overdue++;
	}
	free(sorted);
	return rc;
}

int
insp_judge(const struct rulebook *rb, const struct insp_input *in,
    struct insp_report *r)
{
	struct rule_ref tref, sref;
	bool term_ok = false, self_ok;
	char jan1[32], term_period[32];
	int64_t min_months = 0;
	struct date d;
	size_t i, j;
	int rc;

	insp_report_release(r);
	if (in->year < DATE_YEAR_MIN || in->year >= DATE_YEAR_MAX ||
	    date_parse_iso(in->today, &d) != 0)
		return -CB_EINVAL;
	insp_judged_on(in->year, in->today, r->on);
	snprintf(jan1, sizeof(jan1), "%04d-01-01", in->year);
	if (in->has_term && date_parse_iso(in->term_from, &d) == 0 &&
	    date_parse_iso(in->term_to, &d) == 0 &&
	    within(r->on, in->term_from, in->term_to)) {
		term_ok = target_lookup(rb, RULE_INSPECTION_COVERAGE, r->on,
		    in->committee_path, &r->term, &tref);
		r->months_left = insp_months_left(r->on, in->term_to);
	} else
		r->term.target_percent = -1;
	snprintf(term_period, sizeof(term_period), "%.4s-%.4s", in->term_from,
	    in->term_to);
	self_ok = target_lookup(rb, RULE_INSPECTION_SELF, r->on,
	    in->committee_path, &r->self, &sref);
	if (self_ok &&
	    rulebook_int(rb, RULE_INSPECTION_SELF, "new_org_min_months", r->on,
	        in->committee_path, &min_months, NULL) != 0)
		min_months = 0;
	if (in->norgs > 0 &&
	    (r->rows = calloc(in->norgs, sizeof(*r->rows))) == NULL)
		return -CB_ENOMEM;
	for (i = 0; i < in->norgs; i++) {
		const struct insp_org_fact *o = &in->orgs[i];
		struct insp_row *w;

		if (!exists_on(o, r->on))
			continue; /* closed by then, or not yet created */
		w = &r->rows[r->nrows++];
		w->org_id = o->id;
		w->months_left = term_ok ? r->months_left : -1;
		w->in_term = term_ok;
		w->in_year = self_ok &&
		    expected_in_year(o, in->year, r->on, min_months);
		for (j = 0; j < in->ninsps; j++) {
			const struct insp_fact *f = &in->insps[j];
			const char *day;

			if (f->subject_org_id != o->id || f->member ||
			    f->cancelled)
				continue;
			if (f->self) {
				day = self_day(f);
				if (within(day, jan1, r->on))
					w->self_inspected = w->in_year;
				continue;
			}
			/* Decided or started in the term so far: the
			 * decision's date counts first. */
			day = f->decided_on;
			if (!within(day, in->term_from, r->on))
				day = f->from;
			if (!term_ok || !within(day, in->term_from, r->on))
				continue;
			w->covered = true;
			if (strcmp(day, w->last_on) > 0)
				snprintf(w->last_on, sizeof(w->last_on), "%s",
				    day);
		}
		if (w->in_term) {
			r->term.counted++;
			r->term.met += w->covered;
		}
		if (w->in_year) {
			r->self.counted++;
			r->self.met += w->self_inspected;
		}
	}
	if (term_ok)
		pct(&r->term);
	else
		r->term.pct10 = -1;
	if (self_ok)
		pct(&r->self);
	else
		r->self.pct10 = -1;
	for (i = 0; i < r->nrows; i++) {
		struct insp_row *w = &r->rows[i];

		if (!w->in_term || w->covered)
			continue;
		if ((rc = finding_add(r, IR_NOT_COVERED, w->org_id,
		         term_period, &tref)) != 0)
			return rc;
		r->items[r->n - 1].months_left = w->months_left;
	}
	snprintf(jan1, sizeof(jan1), "%04d", in->year);
	for (i = 0; i < r->nrows; i++) {
		struct insp_row *w = &r->rows[i];

		if (!w->in_year || w->self_inspected)
			continue;
		if ((rc = finding_add(r, IR_SELF_MISSING, w->org_id, jan1,
		         &sref)) != 0)
			return rc;
	}
	return judge_recs(rb, in, r);
}
