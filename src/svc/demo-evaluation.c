/*
 * demo-evaluation.c - the demo's evaluations and classifications (issue
 * 15): the last two completed years and the current one, relative to
 * today (s->today), for every member and every organisation of the demo
 * committee but the committee itself (which its own upper committee
 * would judge):
 *
 * - the two completed years: one year period at the committee, locked
 *   in January of the next year, every evaluation decided;
 * - the current year: one year period per grassroots organisation, open:
 *   every member's self-assessment, the proposals of about half of the
 *   cells (with their vote), and one grassroots organisation (the
 *   academy's, DBCS-HVDT) reviewed and decided in full with more members
 *   "excellent" than the cap allows, so that its lock is refused (409
 *   excellent_cap_exceeded) until a decision is changed.
 *
 * A believable spread: each member keeps a profile drawn from the seed
 * (about 14 % strong, 79 % good, 6 % fair, 1 % weak) that gives the
 * year's score and tasks; a few steps down come from the rules
 * themselves: exceeded tasks short of the rule's share, a task late,
 * sick leave of three months or more, the demo's discipline cases
 * (demo-discipline.c: decided in the year), new members not classified.
 * The computed level and its reasons are core's (eval_judge over the
 * facts the store reads, store_evaluation_facts), never invented.  In the
 * completed years the committee keeps each grassroots organisation
 * within the cap (eval_cap_judge): the "excellent" beyond it, lowest
 * scores first, are decided "good" with a written reason; and once a
 * year it decides "good" for a member whose only step down was a task
 * late for a reason outside the member's control.  Those decisions
 * differ from the computed level: the classification report lists them.
 *
 * Each evaluation is judged by core and written by the store, as the
 * demo's meetings are (the audit trail does not list them).
 */
#include "svc/svc-int.h"
#include "svc/gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"

#include "util/banned.h"

/* "2025-01-12T02:30:00Z" and room to spare. */
#define STAMP_LEN 32

/* The grassroots organisation that breaks the cap this year. */
#define DEMO_CAP_BREAKER "DBCS-HVDT"

enum profile { P_STRONG = 0, P_GOOD, P_FAIR, P_WEAK };

/* One evaluation being made. */
struct item {
	struct evaluation e;
	int64_t scope; /* the cap's scope: grassroots organisation or cell */
	int64_t cell;  /* the member's organisation (its cell) */
	enum profile p;
	bool late_only; /* the only step down: tasks_not_on_time */
};

struct edemo {
	struct svc *s;
	uint64_t seed;
	const struct rulebook *rb;
	struct org_list orgs; /* the committee's subtree, tree order */
	int64_t root;
	int64_t breaker; /* DEMO_CAP_BREAKER's id (0: none) */
	enum eval_cap_scope scope;
	struct item *items;
	size_t n, cap;
	size_t rows;
};

static const struct org *
org_of(const struct edemo *d, int64_t id)
{
	size_t i;

	for (i = 0; i < d->orgs.n; i++)
		if (d->orgs.items[i].id == id)
			return &d->orgs.items[i];
	return NULL;
}

static bool
grassroots(enum org_kind k)
{
	return k == ORG_GRASSROOTS || k == ORG_GRASSROOTS_CELL;
}

/* The grassroots organisation of o (itself, or its nearest such
 * ancestor), 0 if none. */
static int64_t
grassroots_of(const struct edemo *d, const struct org *o)
{
	while (o != NULL && !grassroots(o->kind))
		o = o->parent_id > 0 ? org_of(d, o->parent_id) : NULL;
	return o != NULL ? o->id : 0;
}

/* The cap's scope of a member of cell (grassroots or cell, per the
 * rule). */
static int64_t
scope_of(const struct edemo *d, int64_t cell)
{
	const struct org *o = org_of(d, cell);

	if (d->scope == ECAP_CELL || o == NULL)
		return cell;
	return grassroots_of(d, o);
}

/* A generator for (member or org id, year, salt), the same for a seed. */
static void
rng_for(const struct edemo *d, int64_t id, int year, int salt,
    struct gen_rng *r)
{
	gen_rng_seed(r,
	    d->seed * 0x9E3779B97F4A7C15ull ^
	        ((uint64_t)id * 1000003u + (uint64_t)year * 7919u +
	            (uint64_t)salt));
}

static enum profile
member_profile(const struct edemo *d, int64_t id)
{
	struct gen_rng r;
	uint32_t u;

	rng_for(d, id, 0, 1, &r);
	u = gen_below(&r, 100);
	return u < 14 ? P_STRONG : u < 93 ? P_GOOD : u < 99 ? P_FAIR : P_WEAK;
}

/* The year's score and tasks for a profile.  *late_only: a good member
 * with one task late (the rules' tasks_not_on_time). */
static void
draw(struct gen_rng *r, enum profile p, struct evaluation *e, bool *late_only)
{
	int t = gen_range(r, 4, 12);

	*late_only = false;
	e->tasks_total = t;
	e->tasks_on_time = t;
	e->tasks_exceeded = 0;
	switch (p) {
	case P_STRONG:
		e->score = gen_range(r, 900, 975);
		/* At least the rule's 30 %, a few short of it. */
		e->tasks_exceeded = (t * 3 + 9) / 10 + gen_range(r, 0, 2);
		if (gen_below(r, 8) == 0)
			e->tasks_exceeded = t * 3 / 10 - 1;
		break;
	case P_GOOD:
		e->score = gen_range(r, 750, 895);
		e->tasks_exceeded = gen_range(r, 0, 2);
		/* A good score with few tasks exceeded: htt all the same. */
		if (gen_below(r, 12) == 0)
			e->score = gen_range(r, 900, 940);
		else if (gen_below(r, 30) == 0) {
			e->tasks_on_time = t - 1;
			*late_only = true;
		}
		break;
	case P_FAIR:
		e->score = gen_range(r, 550, 695);
		e->tasks_on_time = t - gen_range(r, 0, 1);
		break;
	case P_WEAK:
	default:
		e->score = gen_range(r, 400, 495);
		e->tasks_on_time = t - gen_range(r, 1, 2);
		break;
	}
	if (e->tasks_exceeded < 0)
		e->tasks_exceeded = 0;
	if (e->tasks_exceeded > e->tasks_on_time)
		e->tasks_exceeded = e->tasks_on_time;
}

/* The reasons as svc/evaluation.c keeps them (its reasons_text): [{code,
 * rule_id, citation, level, arg, given}]. */
static char *
reasons_json(const struct eval_verdict *v)
{
	json_t *a = json_array();
	size_t i;
	char *s;

	if (a == NULL)
		return NULL;
	for (i = 0; i < v->n; i++) {
		const struct eval_reason *x = &v->reasons[i];
		json_t *o = json_pack("{s:s, s:s?, s:s?, s:s, s:s, s:s}",
		    "code", x->code, "rule_id", x->rule_id, "citation",
		    x->citation, "level", eval_level_names[x->level], "arg",
		    x->msg_arg, "given", x->msg_given);

		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

/* Judges it->e in period p: the facts from the store, the verdict from
 * core; sets computed_level and reasons. */
static int
judge(struct edemo *d, const struct evaluation_period *p, struct item *it,
    struct cb_error *err)
{
	struct evaluation *e = &it->e;
	const struct org *o = org_of(d, e->subject_org_id);
	struct eval_fact f;
	struct eval_verdict v;
	bool late;
	size_t i;
	int rc;

	memset(&f, 0, sizeof(f));
	if ((rc = store_evaluation_facts(d->s->st, e, p->from, p->to, p->year,
	         &f, err)) != 0)
		return rc;
	f.subject = e->subject == ESUBJECT_ORG ? ESUBJ_ORG : ESUBJ_MEMBER;
	f.kind = EPERIOD_YEAR;
	snprintf(f.period_from, sizeof(f.period_from), "%s", p->from);
	snprintf(f.period_to, sizeof(f.period_to), "%s", p->to);
	f.org_path = o != NULL ? o->path : NULL;
	f.has_score = true;
	f.score_x10 = e->score;
	f.tasks_total = e->tasks_total;
	f.tasks_on_time = e->tasks_on_time;
	f.tasks_exceeded = e->tasks_exceeded;
	f.sick_leave_months = e->sick_leave_months;
	if ((rc = eval_judge(d->rb, &f, &v, err)) != 0)
		return rc;
	e->computed_level = elevel_from_core((int)v.level);
	free(e->reasons);
	if ((e->reasons = reasons_json(&v)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	/* Only a task late keeps it below "good" (the score's band
	 * allows it). */
	it->late_only = v.level == EVAL_HT;
	for (i = 0, late = false; i < v.n; i++) {
		if (strcmp(v.reasons[i].code, "tasks_not_on_time") == 0)
			late = true;
		else if (v.reasons[i].level > EVAL_HTT)
			it->late_only = false;
	}
	it->late_only = it->late_only && late;
	return 0;
}

static struct item *
item_new(struct edemo *d, struct cb_error *err)
{
	struct item *it;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 256;
		struct item *ni = realloc(d->items, cap * sizeof(*ni));

		if (ni == NULL) {
			cb_error_set(err, CB_ENOMEM, NULL, NULL);
			return NULL;
		}
		d->items = ni;
		d->cap = cap;
	}
	it = &d->items[d->n++];
	memset(it, 0, sizeof(*it));
	return it;
}

static void
items_release(struct edemo *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		evaluation_release(&d->items[i].e);
	d->n = 0;
}

/* "2025-01-12T02:30:00Z": a day of January after year, the decisions'. */
static void
stamp(int year, int day, char out[STAMP_LEN])
{
	snprintf(out, STAMP_LEN, "%04d-01-%02dT02:30:00Z", (year + 1) % 10000,
	    day % 32);
}

/* *field = a copy of s (s may be *field itself). */
static int
set_dup(char **field, const char *s, struct cb_error *err)
{
	char *c = NULL;

	if (s != NULL && (c = strdup(s)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	free(*field);
	*field = c;
	return 0;
}

/* The vote of a cell's proposal: its official members called, all but a
 * few for. */
static void
vote(struct gen_rng *r, struct evaluation *e, int64_t base)
{
	e->vote_base = base > 0 ? base : 5;
	e->vote_against = gen_below(r, 4) == 0 ? 1 : 0;
	e->vote_abstain = gen_below(r, 5) == 0 ? 1 : 0;
	e->vote_for = e->vote_base - e->vote_against - e->vote_abstain -
	    (gen_below(r, 3) == 0 ? 1 : 0);
	if (e->vote_for < 0)
		e->vote_for = 0;
}

/* "2026-11-20T02:00:00Z": days before today (the current year), or a
 * day of the next January (a completed year). */
static void
stamp_at(const struct edemo *d, int year, int days, char out[STAMP_LEN])
{
	struct date t;

	if (date_parse_iso(d->s->today, &t) != 0 || t.y != year) {
		stamp(year, days > 0 ? days : 10, out);
		return;
	}
	t = date_add_days(&t, -days);
	snprintf(out, STAMP_LEN, "%04d-%02d-%02dT02:00:00Z", t.y % 10000,
	    t.m % 100, t.d % 100);
}

static int
propose(const struct edemo *d, struct item *it, struct gen_rng *r,
    int64_t base, int year, struct cb_error *err)
{
	char ts[STAMP_LEN];

	it->e.proposed_level = it->e.computed_level;
	vote(r, &it->e, base);
	stamp_at(d, year, gen_range(r, 3, 9), ts);
	it->e.status = ESTATUS_PROPOSED;
	if (set_dup(&it->e.proposed_at, ts, err) != 0 ||
	    set_dup(&it->e.proposed_by, "demo", err) != 0)
		return -CB_ENOMEM;
	return 0;
}

static int
decide(struct item *it, enum elevel level, const char *reason, const char *at,
    struct cb_error *err)
{
	it->e.decided_level = level;
	it->e.status = ESTATUS_DECIDED;
	if (set_dup(&it->e.decided_reason, reason, err) != 0 ||
	    set_dup(&it->e.decided_at, at, err) != 0 ||
	    set_dup(&it->e.decided_by, "vanphong", err) != 0)
		return -CB_ENOMEM;
	return 0;
}

static int
item_cmp_score(const void *a, const void *b)
{
	const struct item *x = *(const struct item *const *)a;
	const struct item *y = *(const struct item *const *)b;

	if (x->e.score != y->e.score)
		return x->e.score - y->e.score;
	return x->e.member_id < y->e.member_id ?
	    -1 :
	    x->e.member_id > y->e.member_id;
}

/* Keeps scope's decided "excellent" within the cap: the lowest scores
 * beyond it are decided "good", with a written reason. */
static int
within_cap(struct edemo *d, const struct evaluation_period *p, int64_t scope,
    struct cb_error *err)
{
	static const char why[] =
	    "Vượt tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ cho phép của "
	    "đảng bộ; cấp ủy bình xét lại theo điểm số và kết quả thực hiện "
	    "nhiệm vụ, xếp loại hoàn thành tốt nhiệm vụ.";
	const struct org *so = org_of(d, scope);
	struct item **ex = NULL;
	int64_t counts[EVAL_LEVEL__MAX] = { 0 };
	struct eval_cap cap;
	size_t i, nex = 0, k = 0;
	int rc;

	for (i = 0; i < d->n; i++) {
		struct item *it = &d->items[i];
		int l = elevel_to_core(it->e.decided_level);

		if (it->e.subject != ESUBJECT_MEMBER || it->scope != scope ||
		    l < 0)
			continue;
		counts[l]++;
	}
	if (counts[EVAL_HTXS] == 0)
		return 0;
	if ((ex = calloc((size_t)counts[EVAL_HTXS], sizeof(*ex))) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	for (i = 0; i < d->n; i++) {
		struct item *it = &d->items[i];

		if (it->e.subject == ESUBJECT_MEMBER && it->scope == scope &&
		    it->e.decided_level == ELEVEL_HTXS)
			ex[nex++] = it;
	}
	qsort(ex, nex, sizeof(*ex), item_cmp_score);
	rc = 0;
	while (rc == 0 && k < nex) {
		if ((rc = eval_cap_judge(d->rb, p->to,
		         so != NULL ? so->path : NULL, counts, &cap, err)) !=
		    0)
			break;
		if (!cap.exceeded)
			break;
		if ((rc = decide(ex[k], ELEVEL_HTT, why, ex[k]->e.decided_at,
		         err)) != 0)
			break;
		counts[EVAL_HTXS]--;
		counts[EVAL_HTT]++;
		k++;
	}
	free(ex);
	return rc;
}

/* The official members of each cell, the base of its votes. */
static int64_t
officials(const struct edemo *d, int64_t cell)
{
	size_t i;
	int64_t n = 0;

	for (i = 0; i < d->n; i++)
		if (d->items[i].e.subject == ESUBJECT_MEMBER &&
		    d->items[i].cell == cell)
			n++;
	return n;
}

/* Writes the items of period p, and keeps the dashboard's figures in
 * step (svc/dashboard.c), as svc/evaluation.c does for each write. */
static int
write_items(struct edemo *d, const struct evaluation_period *p,
    struct cb_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < d->n && rc == 0; i++) {
		struct item *it = &d->items[i];
		const struct org *o = org_of(d, it->e.subject_org_id);

		if ((rc = set_dup(&it->e.recorded_by, "demo", err)) == 0)
			rc = store_evaluation_insert(d->s->st, &it->e, err);
		/* The counted organisation's path, as a read gives it. */
		if (rc == 0)
			rc = set_dup(&it->e.scope_path, o ? o->path : NULL,
			    err);
		if (rc == 0)
			rc = dashboard_evaluation_changed(d->s, p, &it->e,
			    DASH_NONE, dashboard_eval_state(p, &it->e), err);
		d->rows += rc == 0;
	}
	return rc;
}

/* Adds the evaluations of the members of organisation org (its subtree's
 * cells) and of the organisations themselves, for period p, judged. */
static int
add_subjects(struct edemo *d, const struct evaluation_period *p,
    const struct org *top, bool boost, struct cb_error *err)
{
	size_t i, k;
	int rc = 0;

	for (i = 0; i < d->orgs.n && rc == 0; i++) {
		const struct org *o = &d->orgs.items[i];
		struct member_query q = { .sort = MSORT_ID,
			.limit = 1000,
			.state = MSTATE_ACTIVE,
			.no_total = true };
		struct member_page page = { 0 };

		if (strncmp(o->path, top->path, strlen(top->path)) != 0)
			continue;
		/* The organisation itself (not the committee, which its
		 * own upper committee judges; not before it was formed:
		 * the demo's were in March 2025, their members' earlier
		 * years reviewed by the former committee). */
		if (o->id != d->root &&
		    !(o->valid_from[0] && strcmp(o->valid_from, p->to) > 0)) {
			struct item *it = item_new(d, err);
			struct gen_rng r;

			if (it == NULL)
				return -CB_ENOMEM;
			rng_for(d, -o->id, p->year, 2, &r);
			it->e.period_id = p->id;
			it->e.subject = ESUBJECT_ORG;
			it->e.org_id = o->id;
			it->e.subject_org_id = o->id;
			it->e.status = ESTATUS_SUBMITTED;
			it->cell = o->id;
			it->scope = 0;
			it->p = gen_below(&r, 6) == 0 ?
			    P_STRONG :
			    gen_below(&r, 25) == 0 ?
			    P_FAIR :
			    P_GOOD;
			draw(&r, it->p, &it->e, &it->late_only);
			if ((rc = judge(d, p, it, err)) != 0)
				return rc;
		}
		if (o->kind != ORG_CELL && o->kind != ORG_GRASSROOTS_CELL)
			continue;
		q.org_id = o->id;
		if ((rc = store_member_list(d->s->st, &q, &page, err)) != 0)
			return rc;
		for (k = 0; k < page.n && rc == 0; k++) {
			const struct member *m = &page.items[k];
			struct item *it;
			struct gen_rng r;

			/* Not yet a member (or its dates unknown). */
			if (m->org_id != o->id || !m->admitted_on[0] ||
			    strcmp(m->admitted_on, p->to) > 0)
				continue;
			if ((it = item_new(d, err)) == NULL) {
				rc = -CB_ENOMEM;
				break;
			}
			rng_for(d, m->id, p->year, 3, &r);
			it->e.period_id = p->id;
			it->e.subject = ESUBJECT_MEMBER;
			it->e.member_id = m->id;
			it->e.subject_org_id = o->id;
			it->e.status = ESTATUS_SUBMITTED;
			it->cell = o->id;
			it->scope = scope_of(d, o->id);
			it->p = member_profile(d, m->id);
			/* The cap breaker's year: more strong members. */
			if (boost && it->p == P_GOOD && gen_below(&r, 3) == 0)
				it->p = P_STRONG;
			draw(&r, it->p, &it->e, &it->late_only);
			/* A few long sick leaves each year. */
			if ((m->id * 7 + p->year) % 89 == 0)
				it->e.sick_leave_months = gen_range(&r, 3, 5);
			if ((rc = set_dup(&it->e.note,
			         "Bản tự kiểm điểm, đánh giá theo mẫu của "
			         "chi bộ.",
			         err)) == 0)
				rc = judge(d, p, it, err);
		}
		member_page_release(&page);
	}
	return rc;
}

static int
new_period(struct edemo *d, int64_t org_id, int year,
    struct evaluation_period *p, struct cb_error *err)
{
	const struct org *o = org_of(d, org_id);
	char title[200];

	memset(p, 0, sizeof(*p));
	p->org_id = org_id;
	p->kind = EPKIND_YEAR;
	p->year = year;
	snprintf(p->from, sizeof(p->from), "%04d-01-01", year);
	snprintf(p->to, sizeof(p->to), "%04d-12-31", year);
	p->status = EPSTATUS_OPEN;
	snprintf(title, sizeof(title),
	    "Đánh giá, xếp loại chất lượng năm %d - %s", year,
	    o != NULL && o->name ? o->name : "");
	if ((p->title = strdup(title)) == NULL ||
	    (p->recorded_by = strdup("demo")) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if (o != NULL && (p->org_path = strdup(o->path)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	return store_eperiod_insert(d->s->st, p, err);
}

/* A completed year: one period at the committee, everything decided,
 * within the cap, locked. */
static int
past_year(struct edemo *d, int year, struct cb_error *err)
{
	static const char late_why[] =
	    "Nhiệm vụ chậm tiến độ do đồng chí được cử đi công tác biệt phái "
	    "theo quyết định của cấp trên, không do nguyên nhân chủ quan; "
	    "chi bộ đề nghị, cấp ủy xếp loại hoàn thành tốt nhiệm vụ.";
	struct evaluation_period p;
	const struct org *root = org_of(d, d->root);
	char at[STAMP_LEN];
	bool upgraded = false;
	size_t i;
	int rc;

	if (root == NULL)
		return 0;
	if ((rc = new_period(d, d->root, year, &p, err)) != 0)
		goto out;
	if ((rc = add_subjects(d, &p, root, false, err)) != 0)
		goto out;
	stamp(year, 12, at);
	for (i = 0; i < d->n && rc == 0; i++) {
		struct item *it = &d->items[i];
		struct gen_rng r;

		rng_for(d, it->e.member_id + it->e.org_id, year, 4, &r);
		if ((rc = propose(d, it, &r, officials(d, it->cell), year,
		         err)) != 0)
			break;
		if (!upgraded && it->late_only &&
		    it->e.subject == ESUBJECT_MEMBER) {
			rc = decide(it, ELEVEL_HTT, late_why, at, err);
			upgraded = true;
		} else
			rc = decide(it, it->e.computed_level, NULL, at, err);
	}
	/* Each scope within the cap. */
	for (i = 0; i < d->n && rc == 0; i++) {
		struct item *it = &d->items[i];
		size_t j;
		bool seen = false;

		if (it->e.subject != ESUBJECT_MEMBER)
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = d->items[j].e.subject == ESUBJECT_MEMBER &&
			    d->items[j].scope == it->scope;
		if (!seen)
			rc = within_cap(d, &p, it->scope, err);
	}
	if (rc == 0)
		rc = write_items(d, &p, err);
	if (rc == 0) {
		stamp(year, 20, at);
		p.status = EPSTATUS_LOCKED;
		if ((rc = set_dup(&p.locked_at, at, err)) == 0 &&
		    (rc = set_dup(&p.locked_by, "vanphong", err)) == 0)
			rc = store_eperiod_update(d->s->st, &p, 0, err);
	}
out:
	items_release(d);
	evaluation_period_release(&p);
	return rc;
}

/* The current year: a period per grassroots organisation, open; the
 * self-assessments; about half of the cells' proposals; the breaker
 * decided in full, beyond the cap. */
static int
current_year(struct edemo *d, int year, struct cb_error *err)
{
	size_t g;
	int rc = 0;

	for (g = 0; g < d->orgs.n && rc == 0; g++) {
		const struct org *top = &d->orgs.items[g];
		struct evaluation_period p;
		bool breaker = top->id == d->breaker;
		char at[STAMP_LEN];
		size_t i;

		if (!grassroots(top->kind) || top->parent_id != d->root)
			continue;
		memset(&p, 0, sizeof(p));
		if ((rc = new_period(d, top->id, year, &p, err)) == 0)
			rc = add_subjects(d, &p, top, breaker, err);
		stamp_at(d, year, 2, at);
		for (i = 0; i < d->n && rc == 0; i++) {
			struct item *it = &d->items[i];
			struct gen_rng r;

			rng_for(d, it->cell, year, 5, &r);
			/* Half of the cells have proposed. */
			if (!breaker && gen_below(&r, 2) == 0)
				continue;
			rng_for(d, it->e.member_id + it->e.org_id, year, 6,
			    &r);
			rc = propose(d, it, &r, officials(d, it->cell), year,
			    err);
			if (rc == 0 && breaker)
				rc = decide(it, it->e.computed_level, NULL, at,
				    err);
		}
		if (rc == 0)
			rc = write_items(d, &p, err);
		items_release(d);
		evaluation_period_release(&p);
	}
	return rc;
}

int
svc_demo_evaluation(struct svc *s, uint64_t seed, int64_t root_id,
    size_t *ret_rows, struct cb_error *err)
{
	struct org_query q = { .root_id = root_id, .include_closed = true };
	struct edemo d;
	struct eval_cap cap;
	static const int64_t none[EVAL_LEVEL__MAX] = { 0 };
	const struct org *root;
	int year, rc;
	size_t i;

	memset(&d, 0, sizeof(d));
	d.s = s;
	d.seed = seed;
	d.root = root_id;
	if ((d.rb = svc_rules(s, err)) == NULL)
		return -err->code;
	if ((rc = store_org_list(s->st, &q, &d.orgs, err)) != 0)
		return rc;
	for (i = 0; i < d.orgs.n; i++)
		if (d.orgs.items[i].code != NULL &&
		    strcmp(d.orgs.items[i].code, DEMO_CAP_BREAKER) == 0)
			d.breaker = d.orgs.items[i].id;
	root = org_of(&d, root_id);
	{
		struct date today;

		if (date_parse_iso(s->today, &today) != 0)
			return cb_error_set(err, CB_EINVAL, "invalid_value",
			    s->today);
		year = today.y;
	}
	if (root == NULL ||
	    (rc = eval_cap_judge(d.rb, s->today, root->path, none, &cap,
	         err)) != 0)
		goto out;
	d.scope = cap.scope;
	if ((rc = past_year(&d, year - 2, err)) == 0 &&
	    (rc = past_year(&d, year - 1, err)) == 0)
		rc = current_year(&d, year, err);
	if (ret_rows != NULL)
		*ret_rows = d.rows;
out:
	items_release(&d);
	free(d.items);
	org_list_release(&d.orgs);
	return rc;
}
