/* discipline.c - the rulebook's judgements of discipline cases
 * (discipline.h).  Every threshold, period and list is read from the
 * rules "discipline.*" of the rulebook in force on the date judged. */
#include "core/discipline.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/date.h"
#include "util/err.h"

#include "util/banned.h"

const char *const discipline_subject_names[DSUBJ__MAX] = { "member", "org" };
const char *const discipline_form_names[DFORM__MAX] = { "khien_trach",
	"canh_cao", "cach_chuc", "khai_tru", "giai_tan" };
const char *const discipline_body_names[DBODY__MAX] = { "cell", "committee",
	"inspection_commission" };
const char *const discipline_deferral_names[DDEFER__MAX] = { "none",
	"pregnant", "nursing", "hospitalised" };
const char *const discipline_status_names[DSTATUS__MAX] = { "in_force",
	"lapsed", "annulled", "deferred" };

static int
name_parse(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; name != NULL && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int
discipline_subject_parse(const char *name)
{
	return name_parse(discipline_subject_names, DSUBJ__MAX, name);
}

int
discipline_form_parse(const char *name)
{
	return name_parse(discipline_form_names, DFORM__MAX, name);
}

int
discipline_body_parse(const char *name)
{
	return name_parse(discipline_body_names, DBODY__MAX, name);
}

int
discipline_deferral_parse(const char *name)
{
	return name_parse(discipline_deferral_names, DDEFER__MAX, name);
}

int
discipline_status_parse(const char *name)
{
	return name_parse(discipline_status_names, DSTATUS__MAX, name);
}

/* ------------------------------------------------------------ helpers */

/* A date field: false when not given ("" or NULL); true with *d when it
 * parses; a bad one is a field error (*bad set). */
static bool
date_of(const char *s, const char *field, struct date *d, int *bad,
    struct cb_error *err)
{
	if (s == NULL || s[0] == '\0')
		return false;
	if (date_parse_iso(s, d) != 0) {
		*bad = cb_error_field(err, 0, field, "invalid_date", s);
		return false;
	}
	return true;
}

static int64_t
days_between(const struct date *a, const struct date *b)
{
	return date_to_days(b) - date_to_days(a);
}

/* Value name of rule on date on for path, of type type; a rule not in
 * force is a field error on field (*bad set) and NULL. */
static const struct rule_value *
lookup(const struct rulebook *rb, const char *rule, const char *name,
    const char *on, const char *path, enum rule_value_type type,
    struct rule_ref *ref, const char *field, int *bad, struct cb_error *err)
{
	if (rulebook_lookup(rb, rule, name, on, path, ref) != 0 ||
	    ref->value->type != type) {
		*bad = cb_error_field(err, 0, field, "rule_not_in_force",
		    rule);
		return NULL;
	}
	return ref->value;
}

static void
problem_add(struct discipline_verdict *v, const char *code, const char *field,
    int64_t arg, const char *rule_id, const char *citation, const char *marg,
    const char *mgiven)
{
	struct discipline_problem *p;

	if (v->n >= DISCIPLINE_PROBLEMS_MAX)
		return;
	p = &v->problems[v->n++];
	memset(p, 0, sizeof(*p));
	p->code = code;
	p->field = field;
	p->arg = arg;
	p->rule_id = rule_id;
	p->citation = citation;
	snprintf(p->msg_arg, sizeof(p->msg_arg), "%s", marg ? marg : "");
	snprintf(p->msg_given, sizeof(p->msg_given), "%s",
	    mgiven ? mgiven : "");
}

/* ---------------------------------------------------------- catalogue */

struct catalogue {
	const struct rule_value *codes, *names, *names_en, *nolim;
	struct rule_ref ref;
};

static const struct rule_value *
list_of(const struct rule_version *v, const char *name, size_t n)
{
	const struct rule_value *x = rule_version_value(v, name);

	return x != NULL && x->type == RV_LIST && x->nitems == n ? x : NULL;
}

/* The catalogue in force on on; the nation's (no overrides). */
static int
catalogue_get(const struct rulebook *rb, const char *on, struct catalogue *c)
{
	const struct rule_value *nl;

	memset(c, 0, sizeof(*c));
	if (on == NULL ||
	    rulebook_lookup(rb, RULE_DISCIPLINE_VIOLATIONS, "codes", on, NULL,
	        &c->ref) != 0 ||
	    c->ref.value->type != RV_LIST)
		return -CB_ENOTFOUND;
	c->codes = c->ref.value;
	c->names = list_of(c->ref.version, "names", c->codes->nitems);
	c->names_en = list_of(c->ref.version, "names_en", c->codes->nitems);
	nl = rule_version_value(c->ref.version, "no_limitation");
	c->nolim = nl != NULL && nl->type == RV_LIST ? nl : NULL;
	return 0;
}

static void
violation_fill(const struct catalogue *c, size_t i,
    struct discipline_violation *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->code = c->codes->items[i];
	ret->name_vi = c->names ? c->names->items[i] : ret->code;
	ret->name_en = c->names_en ? c->names_en->items[i] : ret->name_vi;
	ret->no_limitation = rule_value_has(c->nolim, ret->code);
	ret->rule_id = c->ref.rule_id;
	ret->citation = c->ref.citation;
}

size_t
discipline_violation_count(const struct rulebook *rb, const char *on)
{
	struct catalogue c;

	return catalogue_get(rb, on, &c) == 0 ? c.codes->nitems : 0;
}

int
discipline_violation_at(const struct rulebook *rb, const char *on, size_t i,
    struct discipline_violation *ret)
{
	struct catalogue c;

	if (catalogue_get(rb, on, &c) != 0 || i >= c.codes->nitems)
		return -CB_ENOTFOUND;
	violation_fill(&c, i, ret);
	return 0;
}

int
discipline_violation_find(const struct rulebook *rb, const char *on,
    const char *code, struct discipline_violation *ret)
{
	struct catalogue c;
	size_t i;

	if (code == NULL || catalogue_get(rb, on, &c) != 0)
		return -CB_ENOTFOUND;
	for (i = 0; i < c.codes->nitems; i++)
		if (strcmp(c.codes->items[i], code) == 0) {
			violation_fill(&c, i, ret);
			return 0;
		}
	return -CB_ENOTFOUND;
}

/* -------------------------------------------------------------- judge */

/* The later violations judged: the first 64 given (a limitation
 * restarted more often than this is beyond any case). */
#define DISCIPLINE_LATER_MAX 64

/* What the judgements share. */
struct judging {
	const struct rulebook *rb;
	const struct discipline_fact *f;
	const char *on; /* the date whose rules judge */
	struct discipline_verdict *v;
	struct cb_error *err;
	int bad;
	const char *form; /* its name */
	const char *body;
	bool no_limitation;
	struct date later[DISCIPLINE_LATER_MAX]; /* later violations */
	size_t n_later;
};

/* The code in the catalogue, and whether it is exempt from the
 * limitation period. */
static void
judge_violation(struct judging *j)
{
	struct catalogue c;
	struct discipline_violation one;
	const char *code = j->f->violation_code;

	if (catalogue_get(j->rb, j->on, &c) != 0) {
		j->bad = cb_error_field(j->err, 0, "violation_code",
		    "rule_not_in_force", RULE_DISCIPLINE_VIOLATIONS);
		return;
	}
	if (discipline_violation_find(j->rb, j->on, code, &one) == 0) {
		j->no_limitation = one.no_limitation;
		return;
	}
	problem_add(j->v, "violation_unknown", "violation_code", 0,
	    c.ref.rule_id, c.ref.citation, code ? code : "", NULL);
}

/* The form allowed for the subject; cách chức only with a post. */
static void
judge_form(struct judging *j)
{
	const struct discipline_fact *f = j->f;
	const char *which = "member";
	const struct rule_value *allowed, *post;
	struct rule_ref ref;

	if (f->subject == DSUBJ_ORG)
		which = "org";
	else if (f->probationary)
		which = "probationary";

	allowed = lookup(j->rb, RULE_DISCIPLINE_FORMS, which, j->on,
	    f->org_path, RV_LIST, &ref, "form", &j->bad, j->err);
	if (allowed == NULL)
		return;
	if (!rule_value_has(allowed, j->form)) {
		problem_add(j->v, "form_not_allowed_for_subject", "form", 0,
		    ref.rule_id, ref.citation, j->form, which);
		return;
	}
	if (f->subject != DSUBJ_MEMBER || f->holds_post)
		return;
	post = lookup(j->rb, RULE_DISCIPLINE_FORMS, "post_required", j->on,
	    f->org_path, RV_LIST, &ref, "form", &j->bad, j->err);
	if (post != NULL && rule_value_has(post, j->form))
		problem_add(j->v, "form_not_allowed_for_subject", "form", 0,
		    ref.rule_id, ref.citation, j->form, "member_no_post");
}

/* The body's authority: the forms it may decide of a member, whether it
 * may discipline an organisation, and a task assigned by an upper
 * level. */
static void
judge_authority(struct judging *j)
{
	const struct discipline_fact *f = j->f;
	const struct rule_value *list;
	struct rule_ref ref;

	if (f->subject == DSUBJ_ORG) {
		list = lookup(j->rb, RULE_DISCIPLINE_AUTHORITY, "org_bodies",
		    j->on, f->org_path, RV_LIST, &ref, "deciding_org_id",
		    &j->bad, j->err);
		if (list != NULL && !rule_value_has(list, j->body))
			problem_add(j->v, "authority_insufficient",
			    "deciding_org_id", 0, ref.rule_id, ref.citation,
			    "org", j->body);
	} else {
		list = lookup(j->rb, RULE_DISCIPLINE_AUTHORITY, j->body, j->on,
		    f->org_path, RV_LIST, &ref, "deciding_org_id", &j->bad,
		    j->err);
		if (list != NULL && !rule_value_has(list, j->form))
			problem_add(j->v, "authority_insufficient",
			    "deciding_org_id", 0, ref.rule_id, ref.citation,
			    j->form, j->body);
	}
	if (!f->upper_task)
		return;
	list = lookup(j->rb, RULE_DISCIPLINE_AUTHORITY, "upper_task_refused",
	    j->on, f->org_path, RV_LIST, &ref, "deciding_org_id", &j->bad,
	    j->err);
	if (list != NULL && rule_value_has(list, j->body))
		problem_add(j->v, "authority_insufficient", "deciding_org_id",
		    0, ref.rule_id, ref.citation, "upper_task", j->body);
}

/* The votes for against the form's share of the base. */
static void
judge_vote(struct judging *j)
{
	const struct discipline_fact *f = j->f;
	const struct rule_value *rule;
	struct rule_ref ref;
	char n[24];

	rule = lookup(j->rb, RULE_DISCIPLINE_VOTE, j->form, j->on, f->org_path,
	    RV_TEXT, &ref, "vote", &j->bad, j->err);
	if (rule == NULL)
		return;
	if (strcmp(rule->s, "two_thirds") == 0) {
		j->v->vote_rule = "two_thirds";
		/* for * 3 >= base * 2: ceil(2 base / 3), without overflow */
		j->v->threshold = f->base - f->base / 3;
	} else {
		j->v->vote_rule = "more_than_half";
		/* for * 2 > base */
		j->v->threshold = f->base / 2 + 1;
	}
	if (f->n_for >= j->v->threshold)
		return;
	snprintf(n, sizeof(n), "%" PRId64, j->v->threshold);
	problem_add(j->v, "vote_threshold_not_met", "vote", j->v->threshold,
	    ref.rule_id, ref.citation, n, j->v->vote_rule);
}

/* The limitation period: years by form from the violation (its end) to
 * the decision; the anniversary itself is in time. */
static void
judge_limitation(struct judging *j, const struct date *from,
    const struct date *decided)
{
	struct rule_ref ref;
	struct date last;
	int64_t years;
	char n[24];

	if (rulebook_int(j->rb, RULE_DISCIPLINE_LIMITATION, j->form, j->on,
	        j->f->org_path, &years, &ref) != 0) {
		j->bad = cb_error_field(j->err, 0, "decided_on",
		    "rule_not_in_force", RULE_DISCIPLINE_LIMITATION);
		return;
	}
	if (years <= 0 || j->no_limitation)
		return;
	last = date_add_months(from, (int)(years * 12));
	/* A later violation within the period, before the decision, starts
	 * it again; the next one is judged against the new period. */
	for (;;) {
		const struct date *next = NULL;
		size_t i;

		for (i = 0; i < j->n_later; i++)
			if (date_cmp(&j->later[i], from) > 0 &&
			    date_cmp(&j->later[i], &last) <= 0 &&
			    date_cmp(&j->later[i], decided) <= 0 &&
			    (next == NULL || date_cmp(&j->later[i], next) < 0))
				next = &j->later[i];
		if (next == NULL)
			break;
		from = next;
		last = date_add_months(from, (int)(years * 12));
	}
	if (date_cmp(decided, &last) <= 0)
		return;
	snprintf(n, sizeof(n), "%" PRId64, years);
	problem_add(j->v, "time_barred", "decided_on", years, ref.rule_id,
	    ref.citation, n, j->form);
}

/* A reason to wait, with a decision given. */
static void
judge_deferral(struct judging *j)
{
	const struct rule_value *reasons;
	const char *reason;
	struct rule_ref ref;

	if (j->f->deferral == DDEFER_NONE)
		return;
	reason = discipline_deferral_names[j->f->deferral];
	reasons = lookup(j->rb, RULE_DISCIPLINE_DEFERRAL, "reasons", j->on,
	    j->f->org_path, RV_LIST, &ref, "deferral", &j->bad, j->err);
	if (reasons != NULL && rule_value_has(reasons, reason))
		problem_add(j->v, "deferred_condition", "deferral", 0,
		    ref.rule_id, ref.citation, reason, NULL);
}

/* A complaint lodged more than the window's days after receipt. */
static void
judge_complaint(struct judging *j, const struct date *received,
    const struct date *complained)
{
	struct rule_ref ref;
	int64_t days, taken = days_between(received, complained);
	char n[24], t[24];

	if (rulebook_int(j->rb, RULE_DISCIPLINE_COMPLAINT, "days", j->on,
	        j->f->org_path, &days, &ref) != 0) {
		j->bad = cb_error_field(j->err, 0, "complained_on",
		    "rule_not_in_force", RULE_DISCIPLINE_COMPLAINT);
		return;
	}
	if (taken <= days)
		return;
	snprintf(n, sizeof(n), "%" PRId64, days);
	snprintf(t, sizeof(t), "%" PRId64, taken);
	problem_add(j->v, "complaint_late", "complained_on", days, ref.rule_id,
	    ref.citation, n, t);
}

/* Counts: none negative, together not above the base; a decision needs
 * a base. */
static void
check_counts(const struct discipline_fact *f, bool decided, int *bad,
    struct cb_error *err)
{
	char n[24];

	if (f->n_for < 0)
		*bad = cb_error_field(err, 0, "vote.for",
		    "vote_count_negative", NULL);
	if (f->n_against < 0)
		*bad = cb_error_field(err, 0, "vote.against",
		    "vote_count_negative", NULL);
	if (f->n_abstain < 0)
		*bad = cb_error_field(err, 0, "vote.abstain",
		    "vote_count_negative", NULL);
	if (f->base < 0) {
		*bad = cb_error_field(err, 0, "base", "vote_count_negative",
		    NULL);
		return;
	}
	if (decided && f->base == 0) {
		*bad = cb_error_field(err, 0, "base", "required", NULL);
		return;
	}
	/* for + against + abstain > base, without overflow. */
	if (f->n_for >= 0 && f->n_against >= 0 && f->n_abstain >= 0 &&
	    (f->n_for > f->base || f->n_against > f->base - f->n_for ||
	        f->n_abstain > f->base - f->n_for - f->n_against)) {
		snprintf(n, sizeof(n), "%" PRId64, f->base);
		*bad = cb_error_field(err, 0, "vote.for",
		    "vote_count_over_base", n);
	}
}

int
discipline_judge(const struct rulebook *rb, const struct discipline_fact *f,
    struct discipline_verdict *ret, struct cb_error *err)
{
	struct date dv, du, ddisc, dd, de, dr, dc;
	const struct date *received;
	const char *rfield;
	bool has_v, has_u, has_disc, decided, has_e, has_r, has_c;
	struct judging j;
	size_t i;

	memset(ret, 0, sizeof(*ret));
	memset(&j, 0, sizeof(j));
	j.rb = rb;
	j.f = f;
	j.v = ret;
	j.err = err;
	if ((int)f->subject < 0 || f->subject >= DSUBJ__MAX)
		j.bad = cb_error_field(err, 0, "subject", "invalid_value",
		    NULL);
	if ((int)f->form < 0 || f->form >= DFORM__MAX)
		j.bad = cb_error_field(err, 0, "form", "invalid_value", NULL);
	if ((int)f->body < 0 || f->body >= DBODY__MAX)
		j.bad = cb_error_field(err, 0, "deciding_body",
		    "invalid_value", NULL);
	if ((int)f->deferral < 0 || f->deferral >= DDEFER__MAX)
		j.bad = cb_error_field(err, 0, "deferral", "invalid_value",
		    NULL);
	has_v = date_of(f->violation_on, "violation_on", &dv, &j.bad, err);
	has_u = date_of(f->violation_until, "violation_until", &du, &j.bad,
	    err);
	has_disc = date_of(f->discovered_on, "discovered_on", &ddisc, &j.bad,
	    err);
	decided = date_of(f->decided_on, "decided_on", &dd, &j.bad, err);
	has_e = date_of(f->effective_on, "effective_on", &de, &j.bad, err);
	has_r = date_of(f->received_on, "received_on", &dr, &j.bad, err);
	has_c = date_of(f->complained_on, "complained_on", &dc, &j.bad, err);
	if (has_v && has_u && date_cmp(&du, &dv) < 0)
		j.bad = cb_error_field(err, 0, "violation_until",
		    "date_before", "violation_on");
	if (has_v && has_disc && date_cmp(&ddisc, &dv) < 0)
		j.bad = cb_error_field(err, 0, "discovered_on", "date_before",
		    "violation_on");
	if (has_v && decided && date_cmp(&dd, &dv) < 0)
		j.bad = cb_error_field(err, 0, "decided_on", "date_before",
		    "violation_on");
	if (decided && has_e && date_cmp(&de, &dd) < 0)
		j.bad = cb_error_field(err, 0, "effective_on", "date_before",
		    "decided_on");
	if (decided && has_r && date_cmp(&dr, &dd) < 0)
		j.bad = cb_error_field(err, 0, "received_on", "date_before",
		    "decided_on");
	/* The decision received: as recorded, else when it took effect,
	 * else its date. */
	received = has_r ? &dr : has_e ? &de : &dd;
	rfield = has_r ? "received_on" : has_e ? "effective_on" : "decided_on";
	if (decided && has_c && date_cmp(&dc, received) < 0)
		j.bad = cb_error_field(err, 0, "complained_on", "date_before",
		    rfield);
	for (i = 0; f->later_violations != NULL && i < f->n_later_violations;
	     i++) {
		struct date d;

		if (date_of(f->later_violations[i], "later_violations", &d,
		        &j.bad, err) &&
		    j.n_later < DISCIPLINE_LATER_MAX)
			j.later[j.n_later++] = d;
	}
	check_counts(f, decided, &j.bad, err);
	j.on = decided ? f->decided_on :
	    has_v      ? f->violation_on :
	    has_disc   ? f->discovered_on :
	                 NULL;
	if (j.on == NULL && (f->violation_on[0] == '\0'))
		j.bad = cb_error_field(err, 0, "violation_on", "required",
		    NULL);
	if (j.bad)
		return -CB_EINVAL;
	j.form = discipline_form_names[f->form];
	j.body = discipline_body_names[f->body];

	judge_violation(&j);
	if (decided) {
		judge_form(&j);
		judge_authority(&j);
		judge_vote(&j);
		if (has_v)
			judge_limitation(&j, has_u ? &du : &dv, &dd);
		judge_deferral(&j);
		if (has_c)
			judge_complaint(&j, received, &dc);
	}
	if (j.bad) {
		memset(ret, 0, sizeof(*ret));
		return -CB_EINVAL;
	}
	return 0;
}

int
discipline_verdict_error(const struct discipline_verdict *v,
    struct cb_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < v->n; i++) {
		const struct discipline_problem *p = &v->problems[i];
		struct cb_ferr fe;
		int e;

		memset(&fe, 0, sizeof(fe));
		fe.field = (char *)p->field;
		fe.code = (char *)p->code;
		fe.arg = p->msg_arg[0] ? (char *)p->msg_arg : NULL;
		fe.given = p->msg_given[0] ? (char *)p->msg_given : NULL;
		fe.rule = (char *)p->rule_id;
		fe.citation = (char *)p->citation;
		e = cb_error_field_copy(err, 0, &fe);
		if (e == -CB_ENOMEM || rc == 0)
			rc = e;
	}
	return rc;
}

/* ------------------------------------------------------------- status */

int
discipline_status_on(const struct rulebook *rb,
    const struct discipline_state_fact *f, const char *on,
    enum discipline_status *ret_status, char lapses_on[DATE_LEN],
    struct cb_error *err)
{
	struct date don, dd, de, dcd, dn, dco, start, end;
	bool decided, has_e, has_cd, has_n, has_co;
	const struct rule_value *excluded;
	struct rule_ref ref;
	int64_t months;
	int bad = 0;

	lapses_on[0] = '\0';
	*ret_status = DSTATUS_IN_FORCE;
	if (on == NULL || date_parse_iso(on, &don) != 0)
		bad = cb_error_field(err, 0, "on", "invalid_date",
		    on ? on : "");
	if ((int)f->form < 0 || f->form >= DFORM__MAX)
		bad = cb_error_field(err, 0, "form", "invalid_value", NULL);
	decided = date_of(f->decided_on, "decided_on", &dd, &bad, err);
	has_e = date_of(f->effective_on, "effective_on", &de, &bad, err);
	has_cd = date_of(f->complaint_decided_on, "complaint_decided_on", &dcd,
	    &bad, err);
	has_n = date_of(f->next_violation_on, "next_violation_on", &dn, &bad,
	    err);
	has_co = date_of(f->complained_on, "complained_on", &dco, &bad, err);
	if (bad)
		return -CB_EINVAL;
	if (f->annulled) {
		*ret_status = DSTATUS_ANNULLED;
		return 0;
	}
	if (!decided) {
		*ret_status = DSTATUS_DEFERRED;
		return 0;
	}
	if (rulebook_int(rb, RULE_DISCIPLINE_LAPSE, "months", f->decided_on,
	        f->org_path, &months, &ref) != 0 ||
	    (excluded = lookup(rb, RULE_DISCIPLINE_LAPSE, "excluded_forms",
	         f->decided_on, f->org_path, RV_LIST, &ref, "form", &bad,
	         err)) == NULL) {
		if (!bad)
			cb_error_field(err, 0, "decided_on",
			    "rule_not_in_force", RULE_DISCIPLINE_LAPSE);
		return -CB_EINVAL;
	}
	if (rule_value_has(excluded, discipline_form_names[f->form]))
		return 0; /* expulsion, dissolution: never lapses */
	/* A complaint awaiting its outcome holds the lapse. */
	if (has_co && !has_cd)
		return 0;
	start = has_cd ? dcd : has_e ? de : dd;
	end = date_add_months(&start, (int)months);
	/* A new violation after the decision and within the period. */
	if (has_n && date_cmp(&dn, &dd) >= 0 && date_cmp(&dn, &end) < 0)
		return 0;
	date_format_iso(&end, lapses_on);
	if (date_cmp(&don, &end) >= 0)
		*ret_status = DSTATUS_LAPSED;
	return 0;
}

int
discipline_notice_late(const struct rulebook *rb, const char *decided_on,
    const char *notified_on, const char *org_path, bool *ret_late,
    int64_t *ret_days, struct cb_error *err)
{
	struct date dd, dn;
	struct rule_ref ref;
	int64_t days;
	int bad = 0;
	bool has_d, has_n;

	*ret_late = false;
	*ret_days = 0;
	has_d = date_of(decided_on, "decided_on", &dd, &bad, err);
	has_n = date_of(notified_on, "notified_on", &dn, &bad, err);
	if (!bad && !has_d)
		bad = cb_error_field(err, 0, "decided_on", "required", NULL);
	if (!bad && !has_n)
		bad = cb_error_field(err, 0, "notified_on", "required", NULL);
	if (!bad && date_cmp(&dn, &dd) < 0)
		bad = cb_error_field(err, 0, "notified_on", "date_before",
		    "decided_on");
	if (bad)
		return -CB_EINVAL;
	if (rulebook_int(rb, RULE_DISCIPLINE_STATE_NOTICE, "days", decided_on,
	        org_path, &days, &ref) != 0)
		return cb_error_field(err, 0, "decided_on",
		    "rule_not_in_force", RULE_DISCIPLINE_STATE_NOTICE);
	*ret_days = days_between(&dd, &dn);
	*ret_late = *ret_days > days;
	return 0;
}

/* -------------------------------------------------------------- check */

static bool
code_ok(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		        *s == '_'))
			return false;
	return true;
}

int
discipline_rule_check(const struct rule *r, const struct rule_version *v,
    struct cb_error *err)
{
	const struct rule_value *codes, *x;
	size_t i;
	int bad = 0;

	if (strcmp(r->id, RULE_DISCIPLINE_VIOLATIONS) == 0) {
		codes = rule_version_value(v, "codes");
		if (codes == NULL || codes->type != RV_LIST)
			return 0; /* the schema's check says so */
		for (i = 0; i < codes->nitems; i++)
			if (!code_ok(codes->items[i]))
				bad = cb_error_field(err, 0, r->id,
				    "rule_bad_value", codes->items[i]);
		if (list_of(v, "names", codes->nitems) == NULL)
			bad = cb_error_field(err, 0, r->id, "rule_bad_value",
			    "names");
		if (list_of(v, "names_en", codes->nitems) == NULL)
			bad = cb_error_field(err, 0, r->id, "rule_bad_value",
			    "names_en");
		x = rule_version_value(v, "no_limitation");
		for (i = 0; x != NULL && x->type == RV_LIST && i < x->nitems;
		     i++)
			if (!rule_value_has(codes, x->items[i]))
				bad = cb_error_field(err, 0, r->id,
				    "rule_bad_value", x->items[i]);
	} else if (strcmp(r->id, RULE_DISCIPLINE_FORMS) == 0) {
		const struct rule_value *member = rule_version_value(v,
		    "member");

		x = rule_version_value(v, "post_required");
		for (i = 0; member != NULL && x != NULL &&
		     x->type == RV_LIST && i < x->nitems;
		     i++)
			if (!rule_value_has(member, x->items[i]))
				bad = cb_error_field(err, 0, r->id,
				    "rule_bad_value", x->items[i]);
	}
	return bad;
}
