/*
 * inspection-check.c - the inspection coverage check (issue 14): a
 * committee's direct subordinate organisations against the targets of
 * its term (inspected or supervised) and of the year (self-inspection),
 * and the recommendations past their deadline.  Counted on read (one
 * committee's children; docs/performance.md): svc reads the facts from
 * the store as the system once the principal may read the committee's
 * inspections, and core/inspection-rules.c judges them.
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/inspection-rules.h"

#include "util/banned.h"

void
inspection_check_report_release(struct inspection_check_report *r)
{
	if (r == NULL)
		return;
	org_release(&r->org);
	ichk_facts_release(&r->facts);
	insp_report_release(&r->judged);
	memset(r, 0, sizeof(*r));
}

int
svc_inspection_check(struct svc *s, int64_t org_id, int year,
    struct inspection_check_report *ret, struct cb_error *err)
{
	int rc;

	inspection_check_report_release(ret);
	org_init(&ret->org);
	insp_report_init(&ret->judged);
	ret->year = year;
	if (year < DATE_YEAR_MIN || year >= DATE_YEAR_MAX) {
		cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
		return cb_error_field(err, 0, "year", "invalid_value", NULL);
	}
	if ((rc = svc_check_org(s, org_id, ACT_INSPECTION_READ, &ret->org,
	         err)) != 0) {
		inspection_check_report_release(ret);
		return rc;
	}
	return svc_inspection_judge(s, ret, true, err);
}

int
svc_inspection_judge(struct svc *s, struct inspection_check_report *ret,
    bool recs, struct cb_error *err)
{
	const struct principal *who = store_principal(s->st);
	const struct rulebook *rb;
	struct insp_org_fact *of = NULL;
	struct insp_input in;
	char since[DATE_LEN];
	int year = ret->year;
	size_t i;
	int rc;

	if ((rb = svc_rules(s, err)) == NULL) {
		rc = -CB_ENOMEM;
		goto fail;
	}
	insp_judged_on(year, s->today, ret->judged.on);
	/* The facts from the year's first day (or the term's, earlier). */
	snprintf(since, sizeof(since), "%04d-01-01", year);
	store_set_principal(s->st, NULL);
	rc = recs ?
	    store_inspection_check_facts(s->st, ret->org.id, since,
	        ret->judged.on, &ret->facts, err) :
	    store_inspection_coverage_facts(s->st, ret->org.id, since,
	        ret->judged.on, &ret->facts, err);
	store_set_principal(s->st, who);
	if (rc != 0)
		goto fail;
	if (ret->facts.norgs > 0 &&
	    (of = calloc(ret->facts.norgs, sizeof(*of))) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	for (i = 0; i < ret->facts.norgs; i++) {
		of[i].id = ret->facts.orgs[i].id;
		of[i].path = ret->facts.orgs[i].path;
		memcpy(of[i].valid_from, ret->facts.orgs[i].valid_from,
		    DATE_LEN);
		memcpy(of[i].valid_to, ret->facts.orgs[i].valid_to, DATE_LEN);
	}
	memset(&in, 0, sizeof(in));
	in.year = year;
	memcpy(in.today, s->today, DATE_LEN);
	in.committee_path = ret->org.path;
	in.has_term = ret->facts.has_term;
	memcpy(in.term_from, ret->facts.term_from, DATE_LEN);
	memcpy(in.term_to, ret->facts.term_to, DATE_LEN);
	in.orgs = of;
	in.norgs = ret->facts.norgs;
	in.insps = ret->facts.insps;
	in.ninsps = ret->facts.ninsps;
	in.recs = ret->facts.recs;
	in.nrecs = ret->facts.nrecs;
	rc = insp_judge(rb, &in, &ret->judged);
	free(of);
	if (rc == -CB_EINVAL) {
		cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
		rc = cb_error_field(err, 0, "year", "invalid_value", NULL);
	} else if (rc != 0)
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if (rc != 0)
		goto fail;
	return 0;
fail:
	inspection_check_report_release(ret);
	return rc;
}

const char *
inspection_check_org_name(const struct inspection_check_report *r,
    int64_t org_id)
{
	size_t i;

	for (i = 0; i < r->facts.norgs; i++)
		if (r->facts.orgs[i].id == org_id)
			return r->facts.orgs[i].name;
	return NULL;
}

char *
inspection_finding_message(const struct insp_finding *f, enum lang lang)
{
	char arg[32];
	struct date d;

	if (strcmp(f->code, IR_NOT_COVERED) == 0)
		snprintf(arg, sizeof(arg), "%lld", (long long)f->months_left);
	else if (strcmp(f->code, IR_REC_OVERDUE) == 0 &&
	    date_parse_iso(f->period, &d) == 0)
		date_format_vn(&d, arg);
	else
		snprintf(arg, sizeof(arg), "%s", f->period);
	return msg_render(f->code, arg, lang);
}

/* A percentage in tenths as a JSON number with one decimal, or null. */
static json_t *
pct_json(int64_t pct10)
{
	return pct10 < 0 ? json_null() : json_real((double)pct10 / 10.0);
}

static json_t *
target_json(const struct insp_target *t, const char *met_name)
{
	json_t *o = json_object();

	json_object_set_new(o, "counted", json_integer(t->counted));
	json_object_set_new(o, met_name, json_integer(t->met));
	json_object_set_new(o, "pct", pct_json(t->pct10));
	json_object_set_new(o, "target_pct",
	    t->target_percent >= 0 ?
	        json_integer(t->target_percent) :
	        json_null());
	json_object_set_new(o, "met",
	    t->pct10 >= 0 && t->target_percent >= 0 ?
	        json_boolean(t->pct10 >= t->target_percent * 10) :
	        json_null());
	json_object_set_new(o, "rule",
	    t->rule_id ? json_string(t->rule_id) : json_null());
	json_object_set_new(o, "citation",
	    t->citation ? json_string(t->citation) : json_null());
	json_object_set_new(o, "confirmed", json_boolean(t->confirmed));
	return o;
}

json_t *
inspection_check_to_json(const struct inspection_check_report *r,
    enum lang lang)
{
	const struct insp_report *j = &r->judged;
	json_t *o = json_object(), *items = json_array(), *counts;
	json_t *cov = json_object(), *targets = json_object();
	json_t *orgs = json_array(), *term;
	const char *codes[3] = { IR_NOT_COVERED, IR_SELF_MISSING,
		IR_REC_OVERDUE };
	int64_t n[3] = { 0, 0, 0 };
	size_t i;
	int k;

	json_object_set_new(o, "org_id", json_integer(r->org.id));
	json_object_set_new(o, "org_name", json_string(r->org.name));
	json_object_set_new(o, "year", json_integer(r->year));
	json_object_set_new(o, "on", json_string(j->on));
	if (r->facts.has_term && j->months_left >= 0) {
		term = json_object();
		json_object_set_new(term, "name",
		    json_string(r->facts.term_name ? r->facts.term_name : ""));
		json_object_set_new(term, "starts_on",
		    json_string(r->facts.term_from));
		json_object_set_new(term, "ends_on",
		    json_string(r->facts.term_to));
		json_object_set_new(term, "months_left",
		    json_integer(j->months_left));
	} else
		term = json_null();
	json_object_set_new(o, "term", term);
	for (i = 0; i < j->n; i++) {
		const struct insp_finding *f = &j->items[i];
		const char *name = inspection_check_org_name(r, f->org_id);
		char *msg = inspection_finding_message(f, lang);
		json_t *fj = json_object();

		for (k = 0; k < 3; k++)
			if (strcmp(f->code, codes[k]) == 0)
				n[k]++;
		json_object_set_new(fj, "code", json_string(f->code));
		json_object_set_new(fj, "org_id", json_integer(f->org_id));
		json_object_set_new(fj, "org_name",
		    name ? json_string(name) : json_null());
		json_object_set_new(fj, "period", json_string(f->period));
		if (f->months_left >= 0)
			json_object_set_new(fj, "months_left",
			    json_integer(f->months_left));
		if (f->inspection_id != 0)
			json_object_set_new(fj, "inspection_id",
			    json_integer(f->inspection_id));
		if (f->recommendation_id != 0)
			json_object_set_new(fj, "recommendation_id",
			    json_integer(f->recommendation_id));
		json_object_set_new(fj, "rule", json_string(f->rule_id));
		json_object_set_new(fj, "rule_id", json_string(f->rule_id));
		json_object_set_new(fj, "citation",
		    f->citation ? json_string(f->citation) : json_null());
		json_object_set_new(fj, "confirmed",
		    json_boolean(f->confirmed));
		json_object_set_new(fj, "message",
		    msg ? json_string(msg) : json_string(f->code));
		free(msg);
		json_array_append_new(items, fj);
	}
	json_object_set_new(o, "items", items);
	counts = json_object();
	for (k = 0; k < 3; k++)
		json_object_set_new(counts, codes[k], json_integer(n[k]));
	json_object_set_new(o, "counts", counts);
	json_object_set_new(cov, "in_term_pct", pct_json(j->term.pct10));
	json_object_set_new(cov, "self_inspection_pct",
	    pct_json(j->self.pct10));
	json_object_set_new(targets, "in_term_pct",
	    j->term.target_percent >= 0 ?
	        json_integer(j->term.target_percent) :
	        json_null());
	json_object_set_new(targets, "self_inspection_pct",
	    j->self.target_percent >= 0 ?
	        json_integer(j->self.target_percent) :
	        json_null());
	json_object_set_new(cov, "targets", targets);
	json_object_set_new(cov, "in_term", target_json(&j->term, "covered"));
	json_object_set_new(cov, "self_inspection",
	    target_json(&j->self, "self_inspected"));
	json_object_set_new(o, "coverage", cov);
	for (i = 0; i < j->nrows; i++) {
		const struct insp_row *w = &j->rows[i];
		const char *name = inspection_check_org_name(r, w->org_id);
		json_t *rj = json_object();

		json_object_set_new(rj, "id", json_integer(w->org_id));
		json_object_set_new(rj, "name",
		    name ? json_string(name) : json_null());
		json_object_set_new(rj, "covered",
		    w->in_term ? json_boolean(w->covered) : json_null());
		json_object_set_new(rj, "last_inspection_on",
		    w->last_on[0] ? json_string(w->last_on) : json_null());
		json_object_set_new(rj, "self_inspected",
		    w->in_year ? json_boolean(w->self_inspected) :
		                 json_null());
		json_object_set_new(rj, "months_left",
		    w->months_left >= 0 ?
		        json_integer(w->months_left) :
		        json_null());
		json_object_set_new(rj, "overdue_recommendations",
		    json_integer(w->overdue));
		json_array_append_new(orgs, rj);
	}
	json_object_set_new(o, "orgs", orgs);
	return o;
}
