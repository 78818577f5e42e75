/*
 * dashboard.c - the dashboard of the Resolution's targets (issue 15):
 * the kept figures of an organisation's subtree (store-dashboard.c,
 * migrations 0029 and 0030) for a year and the years before, its direct
 * subordinates' for the drill-down, the inspection coverage judged on
 * read (one organisation's children), all against the targets
 * (core/dashboard.c).  The figures are kept by the writes that change
 * them (dashboard_evaluation_changed, called by the evaluations' use
 * cases; the meetings check's keep in the store), so that the nation's
 * dashboard reads what a cell's does.  See docs/performance.md "The
 * dashboard".
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dashboard.h"
#include "core/org-rules.h"
#include "svc/render.h"

#include "util/banned.h"

#define PRIVACY_FIGURES_RULE "privacy.small_figures"

void
dashboard_report_release(struct dashboard_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	org_release(&r->org);
	inspection_check_report_release(&r->insp);
	for (i = 0; i < r->nchildren; i++)
		org_release(&r->children[i].org);
	free(r->children);
	memset(r, 0, sizeof(*r));
}

/* ------------------------------------------------------- the writes */

int
dashboard_eval_state(const struct evaluation_period *p,
    const struct evaluation *e)
{
	if (p == NULL || e == NULL || p->kind != EPKIND_YEAR)
		return DASH_NONE;
	if (e->decided_level <= ELEVEL_NONE || e->decided_level >= ELEVEL__MAX)
		return DASH_PENDING;
	/* elevel is core/evaluation.h's eval_level plus one. */
	return (int)e->decided_level - 1;
}

int
dashboard_evaluation_changed(struct svc *s, const struct evaluation_period *p,
    const struct evaluation *e, int before, int after, struct cb_error *err)
{
	const struct principal *who = store_principal(s->st);
	struct cb_error x = CB_ERROR_INIT;
	const struct rulebook *rb;
	struct dash_eval_change c;
	struct org o;
	int rc, holds;

	if (before == after || p == NULL || e == NULL || e->scope_path == NULL)
		return 0;
	memset(&c, 0, sizeof(c));
	c.path = e->scope_path;
	c.year = p->year;
	c.before = before;
	c.after = after;
	store_set_principal(s->st, NULL);
	if (e->subject == ESUBJECT_ORG) {
		/* Only the organisations that hold members count, as
		 * cells. */
		if ((rb = svc_rules(s, err)) == NULL) {
			store_set_principal(s->st, who);
			return -CB_ENOMEM;
		}
		org_init(&o);
		rc = store_org_get(s->st, e->org_id, &o, &x);
		holds = rc == 0 ?
		    org_kind_holds_members(rb, o.kind, s->today, o.path,
		        NULL) :
		    0;
		org_release(&o);
		cb_error_release(&x);
		if (holds != 1) {
			store_set_principal(s->st, who);
			return 0;
		}
		c.cell = true;
	}
	rc = store_dashboard_evaluation_changed(s->st, &c, err);
	store_set_principal(s->st, who);
	return rc;
}

/* A discipline case's figure: DFIG_D + its form of its decision's year,
 * when decided and not annulled; -1 none. */
static int
dcase_figure(const struct discipline_case *c, int *year)
{
	if (c == NULL || c->decided_on[0] == '\0' ||
	    c->complaint_outcome == DCASE_ANNULLED || c->scope_path == NULL ||
	    c->form <= DCASE_FORM_NONE || c->form >= DCASE_FORM__MAX)
		return -1;
	*year = (int)strtol(c->decided_on, NULL, 10);
	/* dcase_form is discipline_form plus one (core/model.h). */
	return DFIG_D + (int)c->form - 1;
}

int
dashboard_discipline_changed(struct svc *s,
    const struct discipline_case *before, const struct discipline_case *after,
    struct cb_error *err)
{
	const struct principal *who = store_principal(s->st);
	int64_t d[DFIG__MAX];
	int yb = 0, ya = 0, fb, fa, rc = 0;

	fb = dcase_figure(before, &yb);
	fa = dcase_figure(after, &ya);
	if (fb >= 0 && fa >= 0 && yb == ya && fb == fa &&
	    strcmp(before->scope_path, after->scope_path) == 0)
		return 0;
	store_set_principal(s->st, NULL);
	memset(d, 0, sizeof(d));
	if (fb >= 0 && fa >= 0 && yb == ya &&
	    strcmp(before->scope_path, after->scope_path) == 0) {
		/* The same chain and year: one row each. */
		d[fb]--;
		d[fa]++;
		rc = store_dashboard_add(s->st, after->scope_path, ya, d, err);
	} else {
		if (fb >= 0) {
			d[fb] = -1;
			rc = store_dashboard_add(s->st, before->scope_path, yb,
			    d, err);
			d[fb] = 0;
		}
		if (rc == 0 && fa >= 0) {
			d[fa] = 1;
			rc = store_dashboard_add(s->st, after->scope_path, ya,
			    d, err);
		}
	}
	store_set_principal(s->st, who);
	return rc;
}

/* -------------------------------------------------------- the reads */

/* The figures of one year from a kept row (NULL: none, zeros). */
static void
figures_of(const int64_t *v, int year, struct dashboard_figures *d)
{
	int l;

	memset(d, 0, sizeof(*d));
	d->year = year;
	if (v == NULL)
		return;
	for (l = 0; l < EVAL_LEVEL__MAX; l++) {
		d->members[l] = v[DFIG_M + l];
		d->cells[l] = v[DFIG_C + l];
	}
	d->members_pending = v[DFIG_M + DASH_PENDING];
	d->cells_pending = v[DFIG_C + DASH_PENDING];
	d->mt_required = v[DFIG_MT + DMT_REQUIRED];
	d->mt_held = v[DFIG_MT + DMT_HELD];
	d->mt_expected = v[DFIG_MT + DMT_EXPECTED];
	d->mt_present = v[DFIG_MT + DMT_PRESENT];
}

/* Discipline by form, and whether to show it (see svc.h). */
static int
discipline_of(struct svc *s, const struct dash_figures *f,
    struct dashboard_report *r, struct cb_error *err)
{
	const int64_t *v = dash_figures_of(f, r->year);
	const struct rulebook *rb;
	int64_t min = 0;
	int k, held;

	for (k = 0; k < DFORM__MAX; k++)
		r->disc[k] = v != NULL ? v[DFIG_D + k] : 0;
	if (principal_may(s->who, ACT_DISCIPLINE_READ, r->org.path))
		return 0;
	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	/* A cell's figures could name one of its members: withheld. */
	held = org_kind_holds_members(rb, r->org.kind, s->today, r->org.path,
	    NULL);
	if (held == 1) {
		r->disc_withheld = true;
		memset(r->disc, 0, sizeof(r->disc));
		return 0;
	}
	if (rulebook_int(rb, PRIVACY_FIGURES_RULE, "min_count", s->today, NULL,
	        &min, NULL) != 0 ||
	    min <= 1)
		return 0;
	r->small_min = min;
	for (k = 0; k < DFORM__MAX; k++)
		if (r->disc[k] > 0 && r->disc[k] < min) {
			r->disc_small += r->disc[k];
			r->disc[k] = 0;
		}
	return 0;
}

int
svc_dashboard(struct svc *s, int64_t org_id, int year, int years,
    struct dashboard_report *ret, struct cb_error *err)
{
	const struct principal *who = store_principal(s->st);
	struct dash_children ch = { 0 };
	struct dash_figures f = { 0 };
	const struct rulebook *rb;
	char on[DATE_LEN];
	size_t i;
	int rc, y;

	dashboard_report_release(ret);
	org_init(&ret->org);
	if (years == 0)
		years = 3;
	if (year < DATE_YEAR_MIN || year >= DATE_YEAR_MAX) {
		cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
		return cb_error_field(err, 0, "year", "invalid_value", NULL);
	}
	if (years < 1 || years > DASHBOARD_TREND_MAX) {
		cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
		return cb_error_field(err, 0, "years", "invalid_value", NULL);
	}
	ret->year = year;
	ret->years = years;
	if ((rc = svc_check_org(s, org_id, ACT_DASHBOARD_READ, &ret->org,
	         err)) != 0)
		goto fail;
	if ((rb = svc_rules(s, err)) == NULL) {
		rc = -CB_ENOMEM;
		goto fail;
	}
	/* The targets in force at the year's end (or today, earlier). */
	snprintf(on, sizeof(on), "%04d-12-31", year);
	if (strcmp(s->today, on) < 0)
		memcpy(on, s->today, DATE_LEN);
	dash_targets_get(rb, on, ret->org.path, &ret->targets);
	/* The kept figures: the organisation's years, its children's. */
	store_set_principal(s->st, NULL);
	rc = store_dashboard_get(s->st, ret->org.id, year - years + 1, year,
	    &f, err);
	if (rc == 0)
		rc = store_dashboard_children(s->st, ret->org.id, year, &ch,
		    err);
	store_set_principal(s->st, who);
	if (rc != 0)
		goto fail;
	for (y = 0; y < years; y++)
		figures_of(dash_figures_of(&f, year - years + 1 + y),
		    year - years + 1 + y, &ret->trend[y]);
	if ((rc = discipline_of(s, &f, ret, err)) != 0)
		goto fail;
	if (ch.n > 0 &&
	    (ret->children = calloc(ch.n, sizeof(*ret->children))) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	for (i = 0; i < ch.n; i++) {
		struct dashboard_child *c = &ret->children[ret->nchildren++];

		org_init(&c->org);
		c->org.id = ch.items[i].id;
		c->org.kind = ch.items[i].kind;
		c->org.parent_id = ret->org.id;
		c->org.name = ch.items[i].name;
		c->org.code = ch.items[i].code;
		c->org.path = ch.items[i].path;
		ch.items[i].name = ch.items[i].code = ch.items[i].path = NULL;
		figures_of(ch.items[i].v, year, &c->f);
	}
	/* The inspection coverage of its direct subordinates, judged now
	 * (bounded: one organisation's children). */
	ret->insp.year = year;
	if ((rc = org_copy(&ret->insp.org, &ret->org)) != 0) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	insp_report_init(&ret->insp.judged);
	insp_judged_on(year, s->today, ret->insp.judged.on);
	/* Without a subordinate open in the year (a cell) nothing is
	 * counted: the check is not run (its reads cost a cell's
	 * dashboard most of its time). */
	if (ret->nchildren > 0) {
		if ((rc = svc_inspection_judge(s, &ret->insp, false, err)) !=
		    0)
			goto fail;
		ret->has_insp = true;
	}
	dash_figures_release(&f);
	dash_children_release(&ch);
	return 0;
fail:
	dash_figures_release(&f);
	dash_children_release(&ch);
	dashboard_report_release(ret);
	return rc;
}

/* ---------------------------------------------------------- the JSON */

static json_t *
pct_json(int64_t pct10)
{
	return pct10 < 0 ? json_null() : json_real((double)pct10 / 10.0);
}

static int64_t
classified(const int64_t *n)
{
	return n[EVAL_HTXS] + n[EVAL_HTT] + n[EVAL_HT] + n[EVAL_KHT];
}

static int64_t
good(const int64_t *n)
{
	return n[EVAL_HTXS] + n[EVAL_HTT];
}

/* The keys below are constants (valid UTF-8): set without the check.
 * The answer is built of a few thousand values at an organisation with
 * many subordinates: no json_pack (its format parsed per call) here. */
#define SET(o, k, v) json_object_set_new_nocheck((o), (k), (v))

/* {htxs: {n, pct}, ..., not_classified, classified, pending, total} */
static json_t *
levels_json(const int64_t *n, int64_t pending)
{
	json_t *o = json_object(), *v;
	int64_t base = classified(n);
	int l;

	for (l = 0; l < EVAL_NOT_CLASSIFIED; l++) {
		v = json_object();
		SET(v, "n", json_integer(n[l]));
		SET(v, "pct", pct_json(dash_pct10(n[l], base)));
		SET(o, eval_level_names[l], v);
	}
	SET(o, "not_classified", json_integer(n[EVAL_NOT_CLASSIFIED]));
	SET(o, "classified", json_integer(base));
	SET(o, "good_or_better", json_integer(good(n)));
	SET(o, "pending", json_integer(pending));
	SET(o, "total", json_integer(base + n[EVAL_NOT_CLASSIFIED] + pending));
	return o;
}

/* A drill-down row's: {htxs: n, ..., not_classified, classified,
 * good_or_better, pending} (the counts alone: the percentages of the
 * levels are the row's own dashboard's). */
static json_t *
counts_json(const int64_t *n, int64_t pending)
{
	json_t *o = json_object();
	int l;

	for (l = 0; l < EVAL_LEVEL__MAX; l++)
		SET(o, eval_level_names[l], json_integer(n[l]));
	SET(o, "classified", json_integer(classified(n)));
	SET(o, "good_or_better", json_integer(good(n)));
	SET(o, "pending", json_integer(pending));
	return o;
}

static json_t *
meetings_json(const struct dashboard_figures *f)
{
	json_t *o = json_object();

	SET(o, "required", json_integer(f->mt_required));
	SET(o, "held", json_integer(f->mt_held));
	SET(o, "held_pct", pct_json(dash_pct10(f->mt_held, f->mt_required)));
	SET(o, "expected", json_integer(f->mt_expected));
	SET(o, "present", json_integer(f->mt_present));
	SET(o, "attendance_pct",
	    pct_json(dash_pct10(f->mt_present, f->mt_expected)));
	return o;
}

/* "<headline>_pct", each headline's flat key. */
static const char *const headline_pct_keys[DASH_HEADLINE__MAX] = {
	[DASH_CELLS_GOOD] = "cells_good_or_better_pct",
	[DASH_MEMBERS_GOOD] = "members_good_or_better_pct",
	[DASH_COVERAGE] = "inspection_coverage_pct",
	[DASH_SELF] = "self_inspection_pct",
};

/* One headline figure: {pct, target, status, met, counted, rule_id,
 * citation} (a drill-down row's: {pct, status, met, counted}, the
 * targets being the answer's); sets key_pct to the number too. */
static void
headline_set(json_t *o, const struct dash_targets *t, enum dash_headline h,
    int64_t num, int64_t den, bool full)
{
	int64_t p10 = dash_pct10(num, den);
	json_t *v = json_object();

	SET(v, "pct", pct_json(p10));
	SET(v, "status",
	    json_string_nocheck(
	        dash_status_names[dash_status_of(t, h, num, den)]));
	SET(v, "met", json_integer(num));
	SET(v, "counted", json_integer(den));
	if (full) {
		SET(v, "target",
		    t->in_force ? json_integer(t->pct[h]) : json_null());
		json_object_set_new(v, "rule_id", json_string(t->rule_id));
		json_object_set_new(v, "citation",
		    t->citation ? json_string(t->citation) : json_null());
	}
	SET(o, dash_headline_names[h], v);
	SET(o, headline_pct_keys[h], pct_json(p10));
}

/* The kept figures of one organisation and year: the two evaluation
 * headlines, members, cells, meetings. */
static void
figures_json(json_t *o, const struct dash_targets *t,
    const struct dashboard_figures *f, bool full)
{
	headline_set(o, t, DASH_CELLS_GOOD, good(f->cells),
	    classified(f->cells), full);
	headline_set(o, t, DASH_MEMBERS_GOOD, good(f->members),
	    classified(f->members), full);
	/* A drill-down row's or a trend year's levels: their counts. */
	SET(o, "members",
	    full ? levels_json(f->members, f->members_pending) :
	           counts_json(f->members, f->members_pending));
	SET(o, "cells",
	    full ? levels_json(f->cells, f->cells_pending) :
	           counts_json(f->cells, f->cells_pending));
	SET(o, "meetings", meetings_json(f));
}

static json_t *
targets_json(const struct dash_targets *t)
{
	json_t *o = json_object();
	char key[64];
	int h;

	for (h = 0; h < DASH_HEADLINE__MAX; h++) {
		snprintf(key, sizeof(key), "%s_pct", dash_headline_names[h]);
		json_object_set_new(o, key,
		    t->in_force ? json_integer(t->pct[h]) : json_null());
	}
	json_object_set_new(o, "above", json_boolean(t->above));
	json_object_set_new(o, "amber_points", json_integer(t->amber_points));
	json_object_set_new(o, "rule_id", json_string(t->rule_id));
	json_object_set_new(o, "citation",
	    t->citation ? json_string(t->citation) : json_null());
	json_object_set_new(o, "confirmed", json_boolean(t->confirmed));
	return o;
}

static json_t *
discipline_json(const struct dashboard_report *r)
{
	json_t *o = json_object(), *by;
	int64_t total = r->disc_small;
	int k;

	json_object_set_new(o, "withheld", json_boolean(r->disc_withheld));
	if (r->disc_withheld) {
		json_object_set_new(o, "by_form", json_null());
		json_object_set_new(o, "total", json_null());
		return o;
	}
	by = json_object();
	for (k = 0; k < DFORM__MAX; k++) {
		json_object_set_new(by, discipline_form_names[k],
		    json_integer(r->disc[k]));
		total += r->disc[k];
	}
	json_object_set_new(o, "by_form", by);
	if (r->small_min > 1 && r->disc_small > 0) {
		json_object_set_new(o, "other_small",
		    json_integer(r->disc_small));
		json_object_set_new(o, "small_min",
		    json_integer(r->small_min));
	}
	json_object_set_new(o, "total", json_integer(total));
	return o;
}

/* The answer; without "children" (the last key) unless rows. */
static json_t *
dashboard_json(const struct dashboard_report *r, bool rows)
{
	const struct insp_report *j = &r->insp.judged;
	const struct dash_targets *t = &r->targets;
	const struct dashboard_figures *cur = &r->trend[r->years - 1];
	json_t *o, *trend, *children, *c, *term;
	int y;
	size_t i;

	o = json_pack("{s:I, s:s, s:s, s:s, s:i}", "org_id",
	    (json_int_t)r->org.id, "org_name", r->org.name ? r->org.name : "",
	    "org_code", r->org.code ? r->org.code : "", "org_kind",
	    org_kind_names[r->org.kind], "year", r->year);
	if (o == NULL)
		return NULL;
	figures_json(o, t, cur, true);
	/* Nothing counted without subordinates: none. */
	headline_set(o, t, DASH_COVERAGE, r->has_insp ? j->term.met : 0,
	    r->has_insp ? j->term.counted : 0, true);
	headline_set(o, t, DASH_SELF, r->has_insp ? j->self.met : 0,
	    r->has_insp ? j->self.counted : 0, true);
	json_object_set_new(o, "inspection_on", json_string(j->on));
	term = r->has_insp && r->insp.facts.has_term ?
	    json_pack("{s:s, s:s, s:s}", "name",
	        r->insp.facts.term_name ? r->insp.facts.term_name : "",
	        "starts_on", r->insp.facts.term_from, "ends_on",
	        r->insp.facts.term_to) :
	    json_null();
	json_object_set_new(o, "term", term);
	json_object_set_new(o, "targets", targets_json(t));
	json_object_set_new(o, "discipline", discipline_json(r));
	trend = json_array();
	for (y = 0; y < r->years; y++) {
		c = json_pack("{s:i}", "year", r->trend[y].year);
		figures_json(c, t, &r->trend[y], false);
		json_array_append_new(trend, c);
	}
	json_object_set_new(o, "trend", trend);
	if (!rows)
		return o;
	children = json_array();
	for (i = 0; i < r->nchildren; i++) {
		const struct dashboard_child *ch = &r->children[i];

		c = json_object();
		SET(c, "org_id", json_integer(ch->org.id));
		SET(c, "name", json_string(ch->org.name ? ch->org.name : ""));
		SET(c, "code", json_string(ch->org.code ? ch->org.code : ""));
		SET(c, "kind",
		    json_string_nocheck(org_kind_names[ch->org.kind]));
		figures_json(c, t, &ch->f, false);
		json_array_append_new(children, c);
	}
	json_object_set_new(o, "children", children);
	return o;
}

json_t *
dashboard_to_json(const struct dashboard_report *r)
{
	return dashboard_json(r, true);
}

/* The drill-down rows written as text, the bytes dashboard_to_json's
 * rows dump to (test-svc-dashboard-text compares them): at an
 * organisation with many subordinates they are nearly all of the
 * answer, some 35 values a row, and a tree of them cost a third of the
 * request (docs/performance.md, "One row per organisation and year"). */
#define LIT(o, s) jtext_lit((o), s)

static void
pct_text(struct jtext *o, int64_t pct10)
{
	if (pct10 < 0)
		LIT(o, "null");
	else
		jtext_real(o, (double)pct10 / 10.0);
}

static void
key_text(struct jtext *o, const char *key)
{
	LIT(o, ",\"");
	jtext_raw(o, key, strlen(key));
	LIT(o, "\":");
}

/* headline_set(o, t, h, num, den, false) */
static void
headline_text(struct jtext *o, const struct dash_targets *t,
    enum dash_headline h, int64_t num, int64_t den)
{
	int64_t p10 = dash_pct10(num, den);

	key_text(o, dash_headline_names[h]);
	LIT(o, "{\"pct\":");
	pct_text(o, p10);
	LIT(o, ",\"status\":");
	jtext_string(o, dash_status_names[dash_status_of(t, h, num, den)]);
	LIT(o, ",\"met\":");
	jtext_int(o, num);
	LIT(o, ",\"counted\":");
	jtext_int(o, den);
	LIT(o, "}");
	key_text(o, headline_pct_keys[h]);
	pct_text(o, p10);
}

/* counts_json */
static void
counts_text(struct jtext *o, const char *key, const int64_t *n,
    int64_t pending)
{
	int l;

	key_text(o, key);
	for (l = 0; l < EVAL_LEVEL__MAX; l++) {
		if (l == 0)
			LIT(o, "{\"");
		else
			LIT(o, ",\"");
		jtext_raw(o, eval_level_names[l], strlen(eval_level_names[l]));
		LIT(o, "\":");
		jtext_int(o, n[l]);
	}
	LIT(o, ",\"classified\":");
	jtext_int(o, classified(n));
	LIT(o, ",\"good_or_better\":");
	jtext_int(o, good(n));
	LIT(o, ",\"pending\":");
	jtext_int(o, pending);
	LIT(o, "}");
}

/* A drill-down row: what dashboard_json makes of it. */
static void
child_text(struct jtext *o, const struct dash_targets *t,
    const struct dashboard_child *ch)
{
	const struct dashboard_figures *f = &ch->f;

	LIT(o, "{\"org_id\":");
	jtext_int(o, ch->org.id);
	LIT(o, ",\"name\":");
	jtext_string(o, ch->org.name ? ch->org.name : "");
	LIT(o, ",\"code\":");
	jtext_string(o, ch->org.code ? ch->org.code : "");
	LIT(o, ",\"kind\":");
	jtext_string(o, org_kind_names[ch->org.kind]);
	headline_text(o, t, DASH_CELLS_GOOD, good(f->cells),
	    classified(f->cells));
	headline_text(o, t, DASH_MEMBERS_GOOD, good(f->members),
	    classified(f->members));
	counts_text(o, "members", f->members, f->members_pending);
	counts_text(o, "cells", f->cells, f->cells_pending);
	LIT(o, ",\"meetings\":{\"required\":");
	jtext_int(o, f->mt_required);
	LIT(o, ",\"held\":");
	jtext_int(o, f->mt_held);
	LIT(o, ",\"held_pct\":");
	pct_text(o, dash_pct10(f->mt_held, f->mt_required));
	LIT(o, ",\"expected\":");
	jtext_int(o, f->mt_expected);
	LIT(o, ",\"present\":");
	jtext_int(o, f->mt_present);
	LIT(o, ",\"attendance_pct\":");
	pct_text(o, dash_pct10(f->mt_present, f->mt_expected));
	LIT(o, "}}");
}

char *
dashboard_to_text(const struct dashboard_report *r, size_t *ret_len)
{
	struct jtext o = { 0 };
	json_t *top;
	size_t i;

	/* The head as the tree writes it, its closing brace replaced by
	 * the rows. */
	if ((top = dashboard_json(r, false)) == NULL)
		return NULL;
	jtext_value(&o, top);
	json_decref(top);
	if (o.oom || o.len == 0 || o.buf[o.len - 1] != '}') {
		free(o.buf);
		return NULL;
	}
	o.len--;
	LIT(&o, ",\"children\":[");
	for (i = 0; i < r->nchildren; i++) {
		if (i > 0)
			LIT(&o, ",");
		child_text(&o, &r->targets, &r->children[i]);
	}
	LIT(&o, "]}");
	return jtext_finish(&o, ret_len);
}

/* ------------------------------------------------------- the recount */

/* What the evaluations and the discipline cases add, read and judged
 * (which organisations are cells) the way the writes judge them. */
static int
dashboard_sources(struct svc *s, struct dash_src_list *ret,
    struct cb_error *err)
{
	struct dash_eval_src_list ev = { 0 };
	const struct rulebook *rb;
	struct dash_src *d;
	size_t i, k = 0;
	int rc;
	bool cell;

	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	if ((rc = store_dashboard_eval_src(s->st, &ev, err)) != 0)
		return rc;
	if (ev.n > 0 && (ret->items = calloc(ev.n, sizeof(*d))) == NULL) {
		dash_eval_src_list_release(&ev);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	for (i = 0; i < ev.n; i++) {
		const struct dash_eval_src *e = &ev.items[i];

		cell = e->subject == ESUBJ_ORG;
		if (cell &&
		    org_kind_holds_members(rb, e->kind, s->today, e->path,
		        NULL) != 1)
			continue;
		d = &ret->items[k++];
		d->path = e->path;
		ev.items[i].path = NULL;
		d->year = e->year;
		d->n = e->n;
		d->fig = dash_state_figure(cell, e->state);
	}
	ret->n = k;
	dash_eval_src_list_release(&ev);
	return store_dashboard_disc_src(s->st, ret, err);
}

int
svc_dashboard_recount(struct svc *s, bool rebuild, size_t *ret_rows,
    size_t *ret_diff, char **ret_first, struct cb_error *err)
{
	const struct principal *who = store_principal(s->st);
	struct dash_src_list ev = { 0 };
	int rc;

	store_set_principal(s->st, NULL);
	if (rebuild && (rc = store_begin(s->st, err)) != 0)
		goto out;
	rc = dashboard_sources(s, &ev, err);
	if (rc == 0)
		rc = store_dashboard_recount(s->st, &ev, rebuild, ret_rows,
		    ret_diff, ret_first, err);
	if (rebuild) {
		if (rc == 0)
			rc = store_commit(s->st, err);
		else
			store_rollback(s->st);
	}
out:
	store_set_principal(s->st, who);
	dash_src_list_release(&ev);
	return rc;
}
