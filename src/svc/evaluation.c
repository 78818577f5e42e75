/*
 * evaluation.c - evaluation periods, evaluations, comments, the cell's
 * proposal, the committee's decision, the lock and the calibration view
 * (svc.h, issue 15).  An evaluation is read from JSON through the field
 * table (its "score", a number with one decimal, kept in tenths; its
 * "criteria" array checked against the score sheet in force), judged by
 * core/evaluation.h with the facts read from chibo's own records
 * (store_evaluation_facts: admission, exemption, discipline in the
 * period, the quarters of the year) on every write, and written by
 * store/store-evaluation.c, which checks the scope.  Every write is
 * audited.
 */
#include "svc/svc-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/entity.h"
#include "core/evaluation.h"
#include "util/date.h"
#include "util/msg.h"

#include "util/banned.h"

#define EVAL_COUNT_MAX 10000 /* tasks in a period */
#define EVAL_SICK_MAX 12     /* months of sick leave in a period */
#define EVAL_YEAR_MIN 1930
#define EVAL_YEAR_MAX 9999
#define EVAL_VOTE_MAX 100000

/* The last organisation id of a materialised path ("/1/5/" -> 5). */
static int64_t
path_last_id(const char *path)
{
	const char *p, *q;

	if (path == NULL || (p = strrchr(path, '/')) == NULL || p == path)
		return 0;
	for (q = p - 1; q > path && *q != '/'; q--)
		;
	return strtoll(q + 1, NULL, 10);
}

static int
nomem(struct cb_error *err)
{
	return cb_error_set(err, CB_ENOMEM, NULL, NULL);
}

static int
dup_to(char **dst, const char *src, struct cb_error *err)
{
	char *c = NULL;

	if (src != NULL && (c = strdup(src)) == NULL)
		return nomem(err);
	free(*dst);
	*dst = c;
	return 0;
}

/* ------------------------------------------------------------- periods */

json_t *
eperiod_to_json(struct svc *s, const struct evaluation_period *p)
{
	json_t *j = entity_to_json(&evaluation_period_entity, p);
	struct cb_error e = CB_ERROR_INIT;
	const struct rulebook *rb;
	struct eval_sheet sheet;
	size_t i;

	if (j == NULL)
		return NULL;
	json_object_set_new(j, "org_name",
	    p->org_name ? json_string(p->org_name) : json_null());
	/* The score sheet in force at the period's end. */
	if (s != NULL && (rb = svc_rules(s, &e)) != NULL &&
	    eval_sheet_get(rb, p->to, p->org_path, &sheet, &e) == 0) {
		json_t *groups = json_array();

		for (i = 0; groups != NULL && i < sheet.n; i++)
			json_array_append_new(groups,
			    json_pack("{s:s, s:s?, s:s?, s:i}", "code",
			        sheet.groups[i].code, "name",
			        sheet.groups[i].name, "name_en",
			        sheet.groups[i].name_en, "max_points",
			        sheet.groups[i].max_points));
		json_object_set_new(j, "sheet",
		    json_pack("{s:o, s:s?, s:s?}", "groups",
		        groups ? groups : json_array(), "rule_id",
		        sheet.rule_id, "citation", sheet.citation));
	} else
		json_object_set_new(j, "sheet", json_null());
	cb_error_release(&e);
	return j;
}

/* An integer key of in, if present, within lo..hi: else a field error
 * ("count_out_of_range" with "lo..hi"); the mapper checks the type. */
static void
int_range(const json_t *in, const char *key, long long lo, long long hi,
    struct cb_error *err)
{
	const json_t *v = json_object_get(in, key);
	char range[48];

	if (v == NULL || !json_is_integer(v))
		return;
	if (json_integer_value(v) < lo || json_integer_value(v) > hi) {
		snprintf(range, sizeof(range), "%lld..%lld", lo, hi);
		cb_error_field(err, 0, key, "count_out_of_range", range);
	}
}

/* The default dates of a year or a quarter; an ad hoc period gives
 * both.  Checks what was given. */
static int
eperiod_dates(struct evaluation_period *p, struct cb_error *err)
{
	struct date d;
	int rc = 0;

	if (p->year < EVAL_YEAR_MIN || p->year > EVAL_YEAR_MAX)
		return 0; /* reported by the caller */
	if (p->kind == EPKIND_QUARTER) {
		static const char *const ends[] = { "03-31", "06-30", "09-30",
			"12-31" };

		if (p->quarter < 1 || p->quarter > 4)
			return cb_error_field(err, 0, "quarter",
			    p->quarter == 0 ?
			        "required" :
			        "count_out_of_range",
			    p->quarter == 0 ? NULL : "1..4");
		if (p->from[0] == '\0')
			snprintf(p->from, DATE_LEN, "%04u-%02u-01",
			    (unsigned)p->year % 10000u,
			    (unsigned)(3 * (p->quarter - 1) + 1) % 13u);
		if (p->to[0] == '\0')
			snprintf(p->to, DATE_LEN, "%04u-%s",
			    (unsigned)p->year % 10000u, ends[p->quarter - 1]);
	} else {
		if (p->quarter != 0)
			rc = cb_error_field(err, 0, "quarter",
			    "field_not_for_kind",
			    eperiod_kind_names[p->kind] ?
			        eperiod_kind_names[p->kind] :
			        "");
		if (p->kind == EPKIND_YEAR) {
			if (p->from[0] == '\0')
				snprintf(p->from, DATE_LEN, "%04u-01-01",
				    (unsigned)p->year % 10000u);
			if (p->to[0] == '\0')
				snprintf(p->to, DATE_LEN, "%04u-12-31",
				    (unsigned)p->year % 10000u);
		} else if (p->kind == EPKIND_AD_HOC) {
			if (p->from[0] == '\0')
				rc = cb_error_field(err, 0, "from", "required",
				    NULL);
			if (p->to[0] == '\0')
				rc = cb_error_field(err, 0, "to", "required",
				    NULL);
		}
	}
	if (rc == 0 && p->from[0] != '\0' && p->to[0] != '\0') {
		if (date_parse_iso(p->from, &d) != 0 ||
		    date_parse_iso(p->to, &d) != 0)
			return 0; /* the store reports bad dates */
		if (strcmp(p->to, p->from) < 0)
			rc = cb_error_field(err, 0, "to", "date_before",
			    "from");
		/* A year's or a quarter's period ends in its year and
		 * begins no earlier than the year before (a year counted
		 * from mid-December is usual); a 2026 period may not be
		 * stretched from 1900 to 2199. */
		if (rc == 0 &&
		    (p->kind == EPKIND_YEAR || p->kind == EPKIND_QUARTER)) {
			char y[8], prev[8];

			snprintf(y, sizeof(y), "%04u",
			    (unsigned)p->year % 10000u);
			snprintf(prev, sizeof(prev), "%04u",
			    (unsigned)(p->year - 1) % 10000u);
			if (strncmp(p->to, y, 4) != 0)
				rc = cb_error_field(err, 0, "to",
				    "date_outside_year", y);
			if (strncmp(p->from, prev, 4) < 0)
				rc = cb_error_field(err, 0, "from",
				    "date_outside_year", y);
		}
	}
	return rc;
}

/* The principal, who sees the period, may manage it: else forbidden. */
static int
may_manage(struct svc *s, const char *path, struct cb_error *err)
{
	if (s->who == NULL || s->who->system ||
	    (path != NULL && principal_may(s->who, ACT_EVAL_MANAGE, path)))
		return 0;
	return cb_error_set(err, CB_EPERM, "forbidden", NULL);
}

static int
period_locked(struct cb_error *err)
{
	return cb_error_set(err, CB_ECONFLICT, "period_locked", NULL);
}

static int
audit_period(struct svc *s, const char *action,
    const struct evaluation_period *p, struct cb_error *err)
{
	return svc_audit(s, action, "evaluation_period", p->id,
	    path_last_id(p->org_path), NULL, NULL,
	    json_pack("{s:s?, s:i, s:i, s:s?, s:I}", "kind",
	        eperiod_kind_names[p->kind], "year", p->year, "quarter",
	        p->quarter, "status", eperiod_status_names[p->status],
	        "version", (json_int_t)p->version),
	    err);
}

int
svc_eperiod_create(struct svc *s, const json_t *in,
    struct evaluation_period *ret, struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_CREATING | JA_REQUIRED | JA_TABLE_ORDER,
	};
	struct evaluation_period p;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&p, 0, sizeof(p));
	if (!json_is_object(in))
		return cb_error_set(err, CB_EINVAL, "invalid_json", NULL);
	rc = entity_apply_json(&evaluation_period_entity, &p, in, &how, err);
	int_range(in, "year", EVAL_YEAR_MIN, EVAL_YEAR_MAX, err);
	int_range(in, "quarter", 0, 4, err);
	if (rc == 0 && err->nfields == 0)
		eperiod_dates(&p, err);
	if (err->nfields > 0) {
		evaluation_period_release(&p);
		return -CB_EINVAL;
	}
	p.status = EPSTATUS_OPEN;
	if ((rc = dup_to(&p.recorded_by, s->actor, err)) != 0) {
		evaluation_period_release(&p);
		return rc;
	}
	if ((rc = store_begin(s->st, err)) != 0) {
		evaluation_period_release(&p);
		return rc;
	}
	if ((rc = store_eperiod_insert(s->st, &p, err)) != 0 ||
	    (rc = store_eperiod_get(s->st, p.id, ret, err)) != 0 ||
	    (rc = audit_period(s, "evaluation_period.create", ret, err)) !=
	        0 ||
	    (rc = store_commit(s->st, err)) != 0) {
		evaluation_period_release(&p);
		evaluation_period_release(ret);
		return svc_fail(s, rc);
	}
	evaluation_period_release(&p);
	return 0;
}

int
svc_eperiod_get(struct svc *s, int64_t id, struct evaluation_period *ret,
    struct cb_error *err)
{
	memset(ret, 0, sizeof(*ret));
	return store_eperiod_get(s->st, id, ret, err);
}

int
svc_eperiod_version(struct svc *s, int64_t id, int64_t *ret,
    struct cb_error *err)
{
	struct evaluation_period p;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = store_eperiod_get(s->st, id, &p, err)) == 0)
		*ret = p.version;
	evaluation_period_release(&p);
	return rc;
}

/* Only the title and the dates of an open period change. */
int
svc_eperiod_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct evaluation_period *ret, struct cb_error *err)
{
	static const char *const fixed[] = { "org_id", "kind", "year",
		"quarter", NULL };
	const struct json_apply how = { .flags = JA_TABLE_ORDER };
	struct evaluation_period p;
	size_t i;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&p, 0, sizeof(p));
	if (!json_is_object(patch))
		return cb_error_set(err, CB_EINVAL, "invalid_json", NULL);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_eperiod_get(s->st, id, &p, err)) != 0 ||
	    (rc = may_manage(s, p.org_path, err)) != 0)
		goto fail;
	if (if_match != 0 && if_match != p.version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	for (i = 0; fixed[i] != NULL; i++)
		if (json_object_get(patch, fixed[i]) != NULL)
			cb_error_field(err, 0, fixed[i], "read_only", NULL);
	if (err->nfields > 0) {
		rc = -CB_EINVAL;
		goto fail;
	}
	if ((rc = entity_apply_json(&evaluation_period_entity, &p, patch, &how,
	         err)) != 0)
		goto fail;
	if (p.kind == EPKIND_AD_HOC || json_object_get(patch, "from") ||
	    json_object_get(patch, "to"))
		eperiod_dates(&p, err);
	if (err->nfields > 0) {
		rc = -CB_EINVAL;
		goto fail;
	}
	if (p.status == EPSTATUS_LOCKED) {
		rc = period_locked(err);
		goto fail;
	}
	if ((rc = store_eperiod_update(s->st, &p, if_match, err)) != 0 ||
	    (rc = store_eperiod_get(s->st, id, ret, err)) != 0 ||
	    (rc = audit_period(s, "evaluation_period.update", ret, err)) !=
	        0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	evaluation_period_release(&p);
	return 0;
fail:
	evaluation_period_release(&p);
	evaluation_period_release(ret);
	return svc_fail(s, rc);
}

/* A principal with no evaluation action anywhere and no member record
 * (the viewer) is refused lists. */
static int
may_list(struct svc *s, struct cb_error *err)
{
	static const enum action acts[] = { ACT_EVAL_READ, ACT_EVAL_SELF,
		ACT_EVAL_COMMENT, ACT_EVAL_PROPOSE, ACT_EVAL_DECIDE,
		ACT_EVAL_MANAGE };
	size_t i;

	if (s->who == NULL || s->who->system || s->who->member_id > 0)
		return 0;
	for (i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		if (principal_can(s->who, acts[i]))
			return 0;
	return cb_error_set(err, CB_EPERM, "forbidden", NULL);
}

int
svc_eperiod_list(struct svc *s, const struct eperiod_query *q,
    struct eperiod_page *ret, struct cb_error *err)
{
	int rc;

	if ((rc = may_list(s, err)) != 0)
		return rc;
	return store_eperiod_list(s->st, q, ret, err);
}

/* --------------------------------------------------------- evaluations */

/* The score given as a JSON number with at most one decimal, 0..100,
 * into tenths. */
static int
score_parse(const json_t *v, const char *field, int *ret, struct cb_error *err)
{
	double x, t;

	if (!json_is_number(v))
		return cb_error_field(err, 0, field, "wrong_type", "number");
	x = json_number_value(v);
	t = x * 10.0;
	if (!(x >= 0.0 && x <= 100.0))
		return cb_error_field(err, 0, field, "score_out_of_range",
		    "0..100");
	if (fabs(t - nearbyint(t)) > 1e-6)
		return cb_error_field(err, 0, field, "score_precision", NULL);
	*ret = (int)nearbyint(t);
	return 0;
}

/* A score in tenths as a JSON number (85.5). */
static json_t *
score_json(int tenths)
{
	return json_real((double)tenths / 10.0);
}

/* The assessment's parts the mapper does not read: "score" and
 * "criteria" out of a copy of in (both also returned).  *has_score and
 * the criteria (pairs of code and tenths, borrowed from the copy) for
 * eval_sheet_check. */
struct eval_input {
	json_t *body; /* the copy without score and criteria */
	bool has_score;
	int score;
	bool has_criteria;
	struct eval_criterion crit[EVAL_SHEET_MAX];
	size_t ncrit;
	json_t *criteria; /* the normalised array, or NULL */
};

static void
eval_input_release(struct eval_input *x)
{
	json_decref(x->body);
	json_decref(x->criteria);
	memset(x, 0, sizeof(*x));
}

static int
eval_input_read(const json_t *in, struct eval_input *x, struct cb_error *err)
{
	const json_t *v, *c;
	char name[48];
	size_t i;

	memset(x, 0, sizeof(*x));
	if (!json_is_object(in))
		return cb_error_set(err, CB_EINVAL, "invalid_json", NULL);
	if ((x->body = json_deep_copy(in)) == NULL)
		return nomem(err);
	if ((v = json_object_get(in, "score")) != NULL && !json_is_null(v)) {
		if (score_parse(v, "score", &x->score, err) == 0)
			x->has_score = true;
	}
	if ((v = json_object_get(in, "criteria")) != NULL &&
	    !json_is_null(v)) {
		if (!json_is_array(v))
			cb_error_field(err, 0, "criteria", "wrong_type",
			    "array");
		else if (json_array_size(v) > EVAL_SHEET_MAX) {
			snprintf(name, sizeof(name), "%d", EVAL_SHEET_MAX);
			cb_error_field(err, 0, "criteria", "too_many", name);
		} else if ((x->criteria = json_array()) == NULL)
			return nomem(err);
		else {
			x->has_criteria = true;
			json_array_foreach(v, i, c)
			{
				const json_t *code = json_object_get(c,
				    "code");
				const json_t *pts = json_object_get(c,
				    "points");
				int t = 0;

				snprintf(name, sizeof(name),
				    "criteria[%zu].code", i);
				if (!json_is_object(c) ||
				    json_object_size(c) != 2 ||
				    !json_is_string(code)) {
					cb_error_field(err, 0, name,
					    json_is_object(c) &&
					            json_is_string(code) ?
					        "unknown_field" :
					        "wrong_type",
					    "string");
					continue;
				}
				snprintf(name, sizeof(name),
				    "criteria[%zu].points", i);
				if (pts == NULL ||
				    score_parse(pts, name, &t, err) != 0) {
					if (pts == NULL)
						cb_error_field(err, 0, name,
						    "required", NULL);
					continue;
				}
				x->crit[x->ncrit].code =
				    json_string_value(code);
				x->crit[x->ncrit].points_x10 = t;
				x->ncrit++;
				json_array_append_new(x->criteria,
				    json_pack("{s:s, s:o}", "code",
				        json_string_value(code), "points",
				        score_json(t)));
			}
		}
	}
	json_object_del(x->body, "score");
	json_object_del(x->body, "criteria");
	int_range(in, "tasks_total", 0, EVAL_COUNT_MAX, err);
	int_range(in, "tasks_on_time", 0, EVAL_COUNT_MAX, err);
	int_range(in, "tasks_exceeded", 0, EVAL_COUNT_MAX, err);
	int_range(in, "sick_leave_months", 0, EVAL_SICK_MAX, err);
	return err->nfields > 0 ? -CB_EINVAL : 0;
}

/* The reasons of a verdict as stored: [{code, rule_id, citation, level,
 * arg, given}] (the message is rendered when shown, in the reader's
 * language). */
static char *
reasons_text(const struct eval_verdict *v)
{
	json_t *a = json_array();
	char *s;
	size_t i;

	if (a == NULL)
		return NULL;
	for (i = 0; i < v->n; i++) {
		const struct eval_reason *r = &v->reasons[i];

		json_array_append_new(a,
		    json_pack("{s:s, s:s?, s:s?, s:s?, s:s, s:s}", "code",
		        r->code, "rule_id", r->rule_id, "citation",
		        r->citation, "level",
		        r->level >= 0 && r->level < EVAL_LEVEL__MAX ?
		            eval_level_names[r->level] :
		            NULL,
		        "arg", r->msg_arg, "given", r->msg_given));
	}
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

/* The reasons as shown: each with its message in lang. */
static json_t *
reasons_json(const char *text, enum lang lang)
{
	json_t *a = text ? json_loads(text, 0, NULL) : NULL, *out, *r;
	size_t i;

	out = json_array();
	if (a == NULL || !json_is_array(a) || out == NULL) {
		json_decref(a);
		return out;
	}
	json_array_foreach(a, i, r)
	{
		const char *code = json_string_value(json_object_get(r,
		    "code"));
		const char *arg = json_string_value(json_object_get(r, "arg"));
		const char *given = json_string_value(json_object_get(r,
		    "given"));
		char *m;

		if (code == NULL)
			continue;
		m = msg_render_number(code, arg,
		    given != NULL && given[0] != '\0' ? given : NULL, lang);
		json_array_append_new(out,
		    json_pack("{s:s, s:O, s:O, s:s?, s:O}", "code", code,
		        "rule_id",
		        json_object_get(r, "rule_id") ?
		            json_object_get(r, "rule_id") :
		            json_null(),
		        "citation",
		        json_object_get(r, "citation") ?
		            json_object_get(r, "citation") :
		            json_null(),
		        "message", m, "level",
		        json_object_get(r, "level") ?
		            json_object_get(r, "level") :
		            json_null()));
		free(m);
	}
	json_decref(a);
	return out;
}

json_t *
evaluation_to_json(const struct evaluation *e, enum lang lang)
{
	json_t *j = entity_to_json(&evaluation_entity, e);

	if (j == NULL)
		return NULL;
	json_object_set_new(j, "score", score_json(e->score));
	if (json_is_null(json_object_get(j, "criteria")) == 0 &&
	    !json_is_array(json_object_get(j, "criteria")))
		json_object_set_new(j, "criteria", json_null());
	json_object_set_new(j, "reasons", reasons_json(e->reasons, lang));
	json_object_set_new(j, "vote",
	    e->status == ESTATUS_PROPOSED || e->status == ESTATUS_DECIDED ||
	            e->vote_base > 0 ?
	        json_pack("{s:I, s:I, s:I, s:I}", "base",
	            (json_int_t)e->vote_base, "for", (json_int_t)e->vote_for,
	            "against", (json_int_t)e->vote_against, "abstain",
	            (json_int_t)e->vote_abstain) :
	        json_null());
	json_object_set_new(j, "subject_name",
	    e->subject_name ? json_string(e->subject_name) : json_null());
	if (e->redacted) {
		/* A cell-mate's view (the store cleared them): null, not
		 * zero, so that nobody reads a score of 0. */
		static const char *const hidden[] = { "score", "criteria",
			"tasks_total", "tasks_on_time", "tasks_exceeded",
			"sick_leave_months", "self_level", "computed_level",
			"reasons", "proposed_level", "proposed_reason",
			"proposed_at", "proposed_by", "decided_level",
			"decided_reason", "decided_at", "decided_by", "vote",
			"vote_base", "vote_for", "vote_against",
			"vote_abstain", "recorded_by" };
		size_t i;

		for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
			json_object_set_new(j, hidden[i], json_null());
	}
	json_object_set_new(j, "redacted", json_boolean(e->redacted));
	return j;
}

json_t *
ecomment_to_json(const struct evaluation_comment *c)
{
	return entity_to_json(&evaluation_comment_entity, c);
}

/*
 * Judges e in period p: reads the facts from chibo's records, calls
 * core, and writes computed_level and reasons into e.  Field errors of
 * the rules (counts out of range) are returned.
 */
static int
eval_judge_into(struct svc *s, const struct rulebook *rb,
    const struct evaluation_period *p, struct evaluation *e,
    const char *org_path, struct cb_error *err)
{
	const struct principal *who = store_principal(s->st);
	struct eval_verdict v;
	struct eval_fact f;
	char *text;
	int rc;

	memset(&f, 0, sizeof(f));
	memset(&v, 0, sizeof(v));
	f.subject = e->subject == ESUBJECT_ORG ? ESUBJ_ORG : ESUBJ_MEMBER;
	f.kind = p->kind == EPKIND_QUARTER ?
	    EPERIOD_QUARTER :
	    p->kind == EPKIND_AD_HOC ?
	    EPERIOD_AD_HOC :
	    EPERIOD_YEAR;
	snprintf(f.period_from, DATE_LEN, "%s", p->from);
	snprintf(f.period_to, DATE_LEN, "%s", p->to);
	f.org_path = org_path;
	f.has_score = true;
	f.score_x10 = e->score;
	f.tasks_total = e->tasks_total;
	f.tasks_on_time = e->tasks_on_time;
	f.tasks_exceeded = e->tasks_exceeded;
	f.sick_leave_months = e->sick_leave_months;
	/* The facts whatever the principal may read (the store checks the
	 * principal's scope on the write). */
	store_set_principal(s->st, NULL);
	rc = store_evaluation_facts(s->st, e, p->from, p->to,
	    p->kind == EPKIND_YEAR ? p->year : 0, &f, err);
	store_set_principal(s->st, who);
	if (rc != 0)
		return rc;
	if ((rc = eval_judge(rb, &f, &v, err)) != 0)
		return rc;
	e->computed_level = elevel_from_core((int)v.level);
	if ((text = reasons_text(&v)) == NULL)
		return nomem(err);
	free(e->reasons);
	e->reasons = text;
	return 0;
}

/* The path of the subject's organisation before the row exists: the
 * member's organisation, or the organisation itself (read as the
 * system; NULL when it does not exist: the store reports it). */
static char *
subject_path(struct svc *s, const struct evaluation *e)
{
	const struct principal *who = store_principal(s->st);
	struct cb_error x = CB_ERROR_INIT;
	struct member m;
	struct org o;
	char *path = NULL;

	store_set_principal(s->st, NULL);
	if (e->subject == ESUBJECT_MEMBER) {
		member_init(&m);
		if (store_member_get_path(s->st, e->member_id, &m, &path,
		        &x) != 0)
			path = NULL;
		member_release(&m);
	} else {
		org_init(&o);
		if (store_org_get(s->st, e->org_id, &o, &x) == 0 &&
		    o.path != NULL)
			path = strdup(o.path);
		org_release(&o);
	}
	store_set_principal(s->st, who);
	cb_error_release(&x);
	return path;
}

/* Checks the score against the criteria and the sheet in force. */
static int
eval_score(const struct rulebook *rb, const struct evaluation_period *p,
    const char *org_path, struct eval_input *x, struct evaluation *e,
    bool creating, struct cb_error *err)
{
	struct eval_sheet sheet;
	int sum = 0, rc;

	if (x->has_criteria) {
		if ((rc = eval_sheet_get(rb, p->to, org_path, &sheet, err)) !=
		        0 ||
		    (rc = eval_sheet_check(&sheet, x->crit, x->ncrit, &sum,
		         err)) != 0)
			return rc;
		if (x->has_score && x->score != sum) {
			char given[16];

			snprintf(given, sizeof(given), "%d.%d", sum / 10,
			    sum % 10);
			return cb_error_field_given(err, 0, "score",
			    "score_not_sum", NULL, given);
		}
		e->score = sum;
		free(e->criteria);
		if ((e->criteria = json_dumps(x->criteria, JSON_COMPACT)) ==
		    NULL)
			return nomem(err);
	} else if (x->has_score) {
		e->score = x->score;
		/* A new score without its criteria: the old ones no longer
		 * add up to it. */
		free(e->criteria);
		e->criteria = NULL;
	} else if (creating)
		return cb_error_field(err, 0, "score", "required", NULL);
	return 0;
}

static int
audit_eval(struct svc *s, const char *action, const struct evaluation *e,
    struct cb_error *err)
{
	return svc_audit(s, action, "evaluation", e->id, e->subject_org_id,
	    NULL, NULL,
	    json_pack("{s:I, s:s?, s:I, s:I, s:s?, s:s?, s:s?, s:s?, s:I}",
	        "period_id", (json_int_t)e->period_id, "subject",
	        esubject_names[e->subject], "member_id",
	        (json_int_t)e->member_id, "org_id", (json_int_t)e->org_id,
	        "status", evaluation_status_names[e->status], "computed_level",
	        elevel_names[e->computed_level], "proposed_level",
	        elevel_names[e->proposed_level], "decided_level",
	        elevel_names[e->decided_level], "version",
	        (json_int_t)e->version),
	    err);
}

/* The period of e, open: period_locked otherwise. */
static int
open_period(struct svc *s, int64_t id, struct evaluation_period *p,
    const char *field, struct cb_error *err)
{
	int rc;

	if ((rc = store_eperiod_get(s->st, id, p, err)) != 0) {
		if (rc == -CB_ENOTFOUND && field != NULL) {
			cb_error_release(err);
			cb_error_set(err, CB_EINVAL, "validation_failed",
			    NULL);
			return cb_error_field(err, 0, field,
			    "period_not_found", NULL);
		}
		return rc;
	}
	if (p->status == EPSTATUS_LOCKED)
		return period_locked(err);
	return 0;
}

int
svc_eval_create(struct svc *s, const json_t *in, struct evaluation *ret,
    struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_CREATING | JA_REQUIRED | JA_TABLE_ORDER,
	};
	const struct rulebook *rb;
	struct evaluation_period p;
	struct eval_input x;
	struct evaluation e;
	char *path = NULL;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&e, 0, sizeof(e));
	memset(&p, 0, sizeof(p));
	/* A principal that may write no assessment anywhere (and has no
	 * member record of its own) is told so first. */
	if (s->who != NULL && !s->who->system && s->who->member_id <= 0 &&
	    !principal_can(s->who, ACT_EVAL_SELF))
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	rc = eval_input_read(in, &x, err);
	if (x.body != NULL)
		entity_apply_json(&evaluation_entity, &e, x.body, &how, err);
	if (json_is_object(in) &&
	    (json_object_get(in, "member_id") != NULL) ==
	        (json_object_get(in, "org_id") != NULL))
		cb_error_field(err, 0, "member_id",
		    json_object_get(in, "org_id") != NULL ?
		        "subject_one_of" :
		        "required",
		    NULL);
	if (!x.has_score && !x.has_criteria && json_is_object(in) &&
	    json_object_get(in, "score") == NULL)
		cb_error_field(err, 0, "score", "required", NULL);
	/* An id of 0 or below names nobody (it was taken for "no member"
	 * and the error blamed org_id). */
	if (rc == 0 && err->nfields == 0 && err->code == CB_OK &&
	    json_is_object(in)) {
		if (json_object_get(in, "member_id") != NULL &&
		    e.member_id <= 0)
			cb_error_field(err, 0, "member_id", "member_not_found",
			    NULL);
		else if (json_object_get(in, "org_id") != NULL &&
		    e.org_id <= 0)
			cb_error_field(err, 0, "org_id", "org_not_found",
			    NULL);
	}
	if (rc != 0 || err->nfields > 0 || err->code != CB_OK) {
		rc = err->code == CB_ENOMEM ? -CB_ENOMEM : -CB_EINVAL;
		goto out;
	}
	e.subject = e.member_id > 0 ? ESUBJECT_MEMBER : ESUBJECT_ORG;
	e.status = ESTATUS_SUBMITTED;
	if ((rb = svc_rules(s, err)) == NULL) {
		rc = -CB_ENOMEM;
		goto out;
	}
	if ((rc = dup_to(&e.recorded_by, s->actor, err)) != 0 ||
	    (rc = store_begin(s->st, err)) != 0)
		goto out;
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = open_period(s, e.period_id, &p, "period_id", err)) != 0)
		goto fail;
	path = subject_path(s, &e);
	if ((rc = eval_score(rb, &p, path, &x, &e, true, err)) != 0 ||
	    (rc = eval_judge_into(s, rb, &p, &e, path, err)) != 0 ||
	    (rc = store_evaluation_insert(s->st, &e, err)) != 0 ||
	    (rc = store_evaluation_get(s->st, e.id, ret, err)) != 0 ||
	    (rc = dashboard_evaluation_changed(s, &p, ret, DASH_NONE,
	         dashboard_eval_state(&p, ret), err)) != 0 ||
	    (rc = audit_eval(s, "evaluation.create", ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	goto out;
fail:
	evaluation_release(ret);
	rc = svc_fail(s, rc);
out:
	if (rc == -CB_ECONFLICT && err->mcode != NULL &&
	    strcmp(err->mcode, "duplicate") == 0 && err->nfields == 0)
		cb_error_field(err, 0,
		    e.subject == ESUBJECT_MEMBER ? "member_id" : "org_id",
		    "duplicate", NULL);
	free(path);
	eval_input_release(&x);
	evaluation_release(&e);
	evaluation_period_release(&p);
	return rc;
}

int
svc_eval_get(struct svc *s, int64_t id, struct evaluation *ret,
    struct cb_error *err)
{
	memset(ret, 0, sizeof(*ret));
	return store_evaluation_get(s->st, id, ret, err);
}

int
svc_eval_version(struct svc *s, int64_t id, int64_t *ret, struct cb_error *err)
{
	struct evaluation e;
	int rc;

	memset(&e, 0, sizeof(e));
	if ((rc = store_evaluation_get(s->st, id, &e, err)) == 0)
		*ret = e.version;
	evaluation_release(&e);
	return rc;
}

/* Reads evaluation id for a write that needs act, in the open period:
 * not found where it may not read it, forbidden where it may read but
 * not act. */
static int
eval_for_write(struct svc *s, int64_t id, enum action act, int64_t if_match,
    struct evaluation *e, struct evaluation_period *p, struct cb_error *err)
{
	int rc;

	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_evaluation_get(s->st, id, e, err)) != 0)
		return rc;
	if (!store_evaluation_may(s->st, act, e))
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	if (if_match != 0 && if_match != e->version)
		return cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
	return open_period(s, e->period_id, p, NULL, err);
}

int
svc_eval_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct evaluation *ret, struct cb_error *err)
{
	static const char *const fixed[] = { "period_id", "member_id",
		"org_id", NULL };
	const struct json_apply how = { .flags = JA_TABLE_ORDER };
	const struct rulebook *rb;
	struct evaluation_period p;
	struct eval_input x;
	struct evaluation e;
	size_t i;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&e, 0, sizeof(e));
	memset(&p, 0, sizeof(p));
	if ((rc = eval_input_read(patch, &x, err)) != 0) {
		eval_input_release(&x);
		return rc;
	}
	for (i = 0; fixed[i] != NULL; i++)
		if (json_object_get(patch, fixed[i]) != NULL)
			cb_error_field(err, 0, fixed[i], "read_only", NULL);
	if (err->nfields > 0) {
		eval_input_release(&x);
		return -CB_EINVAL;
	}
	if ((rb = svc_rules(s, err)) == NULL) {
		eval_input_release(&x);
		return -CB_ENOMEM;
	}
	if ((rc = store_begin(s->st, err)) != 0) {
		eval_input_release(&x);
		return rc;
	}
	if ((rc = eval_for_write(s, id, ACT_EVAL_SELF, if_match, &e, &p,
	         err)) != 0)
		goto fail;
	/* A self-assessment changes until the cell proposes a level. */
	if (e.status == ESTATUS_PROPOSED || e.status == ESTATUS_DECIDED) {
		rc = cb_error_set(err, CB_ECONFLICT, "evaluation_proposed",
		    evaluation_status_names[e.status]);
		goto fail;
	}
	if ((rc = entity_apply_json(&evaluation_entity, &e, x.body, &how,
	         err)) != 0 ||
	    (rc = eval_score(rb, &p, e.scope_path, &x, &e, false, err)) != 0 ||
	    (rc = eval_judge_into(s, rb, &p, &e, e.scope_path, err)) != 0)
		goto fail;
	e.status = ESTATUS_SUBMITTED;
	if ((rc = dup_to(&e.recorded_by, s->actor, err)) != 0 ||
	    (rc = store_evaluation_update(s->st, &e, e.version, err)) != 0 ||
	    (rc = store_evaluation_get(s->st, id, ret, err)) != 0 ||
	    (rc = audit_eval(s, "evaluation.update", ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	eval_input_release(&x);
	evaluation_release(&e);
	evaluation_period_release(&p);
	return 0;
fail:
	eval_input_release(&x);
	evaluation_release(&e);
	evaluation_period_release(&p);
	evaluation_release(ret);
	return svc_fail(s, rc);
}

/* {level, reason?, vote?} of a proposal (vote allowed) or a decision:
 * the level, the cleaned reason (malloc'd or NULL), the vote. */
struct eval_step {
	enum elevel level;
	char *reason;
	bool has_vote;
	int64_t base, n_for, n_against, n_abstain;
};

static int
step_read(const json_t *in, bool vote_ok, struct eval_step *st,
    struct cb_error *err)
{
	const struct field_def *lf =
	    &evaluation_entity.fields[EVALUATION_F_proposed_level];
	const json_t *v;
	const char *k;
	json_t *x;
	char list[120];
	int lv;

	memset(st, 0, sizeof(*st));
	if (!json_is_object(in))
		return cb_error_set(err, CB_EINVAL, "invalid_json", NULL);
	json_object_foreach((json_t *)in, k, x)
	{
		if (strcmp(k, "level") != 0 && strcmp(k, "reason") != 0 &&
		    !(vote_ok && strcmp(k, "vote") == 0))
			cb_error_field(err, 0, k, "unknown_field", NULL);
	}
	v = json_object_get(in, "level");
	if (v == NULL || json_is_null(v))
		cb_error_field(err, 0, "level", "required", NULL);
	else if (!json_is_string(v))
		cb_error_field(err, 0, "level", "wrong_type", "string");
	else if ((lv = field_enum_parse(lf, json_string_value(v))) <= 0) {
		field_enum_list(lf, list, sizeof(list));
		cb_error_field(err, 0, "level", "invalid_value", list);
	} else
		st->level = (enum elevel)lv;
	v = json_object_get(in, "reason");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_string(v))
			cb_error_field(err, 0, "reason", "wrong_type",
			    "string");
		else
			field_clean_text("reason", json_string_value(v),
			    VAL_LONG_TEXT_MAX, 0, &st->reason, err);
	}
	v = json_object_get(in, "vote");
	if (vote_ok && v != NULL && !json_is_null(v)) {
		static const char *const keys[] = { "base", "for", "against",
			"abstain" };
		int64_t *slots[] = { &st->base, &st->n_for, &st->n_against,
			&st->n_abstain };
		char name[48];
		size_t i;

		if (!json_is_object(v))
			cb_error_field(err, 0, "vote", "wrong_type", "object");
		else {
			st->has_vote = true;
			json_object_foreach((json_t *)v, k, x)
			{
				for (i = 0; i < 4 && strcmp(k, keys[i]) != 0;
				     i++)
					;
				snprintf(name, sizeof(name), "vote.%.30s", k);
				if (i == 4) {
					cb_error_field(err, 0, name,
					    "unknown_field", NULL);
					continue;
				}
				if (!json_is_integer(x)) {
					cb_error_field(err, 0, name,
					    "wrong_type", "integer");
					continue;
				}
				if (json_integer_value(x) < 0 ||
				    json_integer_value(x) > EVAL_VOTE_MAX) {
					snprintf(list, sizeof(list), "0..%d",
					    EVAL_VOTE_MAX);
					cb_error_field(err, 0, name,
					    "count_out_of_range", list);
					continue;
				}
				*slots[i] = json_integer_value(x);
			}
			if (json_object_get(v, "base") == NULL)
				cb_error_field(err, 0, "vote.base", "required",
				    NULL);
			else if (st->n_for + st->n_against + st->n_abstain >
			    st->base) {
				snprintf(list, sizeof(list), "0..%lld",
				    (long long)st->base);
				cb_error_field(err, 0, "vote.for",
				    "count_out_of_range", list);
			}
		}
	}
	if (err->nfields > 0) {
		free(st->reason);
		st->reason = NULL;
		return -CB_EINVAL;
	}
	return 0;
}

int
svc_eval_propose(struct svc *s, int64_t id, const json_t *in, int64_t if_match,
    struct evaluation *ret, struct cb_error *err)
{
	const struct rulebook *rb;
	struct evaluation_period p;
	struct evaluation e;
	struct eval_step st;
	char now[TIMESTAMP_LEN];
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&e, 0, sizeof(e));
	memset(&p, 0, sizeof(p));
	if ((rc = step_read(in, true, &st, err)) != 0)
		return rc;
	if ((rb = svc_rules(s, err)) == NULL) {
		free(st.reason);
		return -CB_ENOMEM;
	}
	if ((rc = store_begin(s->st, err)) != 0) {
		free(st.reason);
		return rc;
	}
	if ((rc = eval_for_write(s, id, ACT_EVAL_PROPOSE, if_match, &e, &p,
	         err)) != 0)
		goto fail;
	if (e.status == ESTATUS_DECIDED) {
		rc = cb_error_set(err, CB_ECONFLICT, "evaluation_decided",
		    NULL);
		goto fail;
	}
	if ((rc = eval_judge_into(s, rb, &p, &e, e.scope_path, err)) != 0)
		goto fail;
	timestamp_utc(time(NULL), now);
	e.proposed_level = st.level;
	free(e.proposed_reason);
	e.proposed_reason = st.reason;
	st.reason = NULL;
	e.vote_base = st.base;
	e.vote_for = st.n_for;
	e.vote_against = st.n_against;
	e.vote_abstain = st.n_abstain;
	e.status = ESTATUS_PROPOSED;
	if ((rc = dup_to(&e.proposed_at, now, err)) != 0 ||
	    (rc = dup_to(&e.proposed_by, s->actor, err)) != 0 ||
	    (rc = store_evaluation_update(s->st, &e, e.version, err)) != 0 ||
	    (rc = store_evaluation_get(s->st, id, ret, err)) != 0 ||
	    (rc = audit_eval(s, "evaluation.propose", ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	evaluation_release(&e);
	evaluation_period_release(&p);
	return 0;
fail:
	free(st.reason);
	evaluation_release(&e);
	evaluation_period_release(&p);
	evaluation_release(ret);
	return svc_fail(s, rc);
}

/*
 * The competent committee's decision (one function: the dashboard's
 * kept figures are told here, in the same transaction).  A level other
 * than the computed one needs a written reason (reason_required on
 * "reason").
 */
int
svc_eval_decide(struct svc *s, int64_t id, const json_t *in, int64_t if_match,
    struct evaluation *ret, struct cb_error *err)
{
	const struct rulebook *rb;
	struct evaluation_period p;
	struct evaluation e;
	struct eval_step st;
	char now[TIMESTAMP_LEN];
	int rc, was;

	memset(ret, 0, sizeof(*ret));
	memset(&e, 0, sizeof(e));
	memset(&p, 0, sizeof(p));
	if ((rc = step_read(in, false, &st, err)) != 0)
		return rc;
	if ((rb = svc_rules(s, err)) == NULL) {
		free(st.reason);
		return -CB_ENOMEM;
	}
	if ((rc = store_begin(s->st, err)) != 0) {
		free(st.reason);
		return rc;
	}
	if ((rc = eval_for_write(s, id, ACT_EVAL_DECIDE, if_match, &e, &p,
	         err)) != 0 ||
	    (rc = eval_judge_into(s, rb, &p, &e, e.scope_path, err)) != 0)
		goto fail;
	was = dashboard_eval_state(&p, &e);
	if (st.level != e.computed_level && st.reason == NULL) {
		cb_error_set(err, CB_EINVAL, "validation_failed", NULL);
		rc = cb_error_field_given(err, 0, "reason", "reason_required",
		    NULL,
		    elevel_names[e.computed_level] ?
		        elevel_names[e.computed_level] :
		        "");
		goto fail;
	}
	timestamp_utc(time(NULL), now);
	e.decided_level = st.level;
	free(e.decided_reason);
	e.decided_reason = st.reason;
	st.reason = NULL;
	e.status = ESTATUS_DECIDED;
	if ((rc = dup_to(&e.decided_at, now, err)) != 0 ||
	    (rc = dup_to(&e.decided_by, s->actor, err)) != 0 ||
	    (rc = store_evaluation_update(s->st, &e, e.version, err)) != 0 ||
	    (rc = store_evaluation_get(s->st, id, ret, err)) != 0 ||
	    (rc = dashboard_evaluation_changed(s, &p, ret, was,
	         dashboard_eval_state(&p, ret), err)) != 0 ||
	    (rc = audit_eval(s, "evaluation.decide", ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	evaluation_release(&e);
	evaluation_period_release(&p);
	return 0;
fail:
	free(st.reason);
	evaluation_release(&e);
	evaluation_period_release(&p);
	evaluation_release(ret);
	return svc_fail(s, rc);
}

/*
 * Deletes an evaluation recorded by mistake, with its comments, while
 * its period is open (evaluation.manage on the subject's organisation).
 * One function: the dashboard's kept figures are told here, in the same
 * transaction.
 */
int
svc_eval_delete(struct svc *s, int64_t id, int64_t if_match,
    struct cb_error *err)
{
	struct evaluation_period p;
	struct evaluation e;
	int rc;

	memset(&e, 0, sizeof(e));
	memset(&p, 0, sizeof(p));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = eval_for_write(s, id, ACT_EVAL_MANAGE, if_match, &e, &p,
	         err)) != 0 ||
	    (rc = store_evaluation_delete(s->st, id, err)) != 0 ||
	    (rc = dashboard_evaluation_changed(s, &p, &e,
	         dashboard_eval_state(&p, &e), DASH_NONE, err)) != 0 ||
	    (rc = audit_eval(s, "evaluation.delete", &e, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	evaluation_release(&e);
	evaluation_period_release(&p);
	return 0;
fail:
	evaluation_release(&e);
	evaluation_period_release(&p);
	return svc_fail(s, rc);
}

int
svc_eval_list(struct svc *s, const struct evaluation_query *q,
    struct evaluation_page *ret, struct cb_error *err)
{
	int rc;

	if ((rc = may_list(s, err)) != 0)
		return rc;
	return store_evaluation_list(s->st, q, ret, err);
}

/* ------------------------------------------------------------ comments */

int
svc_ecomment_create(struct svc *s, int64_t evaluation_id, const json_t *in,
    struct evaluation_comment *ret, struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_CREATING | JA_REQUIRED | JA_TABLE_ORDER,
	};
	struct evaluation_period p;
	struct evaluation e;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&e, 0, sizeof(e));
	memset(&p, 0, sizeof(p));
	if (!json_is_object(in))
		return cb_error_set(err, CB_EINVAL, "invalid_json", NULL);
	if ((rc = entity_apply_json(&evaluation_comment_entity, ret, in, &how,
	         err)) != 0) {
		evaluation_comment_release(ret);
		return rc;
	}
	ret->evaluation_id = evaluation_id;
	ret->author_member_id = s->who != NULL ? s->who->member_id : 0;
	if ((rc = dup_to(&ret->author, s->actor, err)) != 0) {
		evaluation_comment_release(ret);
		return rc;
	}
	if ((rc = store_begin(s->st, err)) != 0) {
		evaluation_comment_release(ret);
		return rc;
	}
	/* Serialised with the lock (svc_eperiod_lock takes it too), so a
	 * comment is never written into a period locked meanwhile. */
	if ((rc = store_write_lock(s->st, err)) != 0)
		goto fail;
	/* The evaluation's period must be open (read as the system: the
	 * store checks the comment's right). */
	{
		const struct principal *who = store_principal(s->st);

		store_set_principal(s->st, NULL);
		rc = store_evaluation_get(s->st, evaluation_id, &e, err);
		store_set_principal(s->st, who);
	}
	if (rc != 0 || (rc = store_ecomment_insert(s->st, ret, err)) != 0)
		goto fail;
	{
		const struct principal *who = store_principal(s->st);

		store_set_principal(s->st, NULL);
		rc = store_eperiod_get(s->st, e.period_id, &p, err);
		store_set_principal(s->st, who);
	}
	if (rc != 0)
		goto fail;
	if (p.status == EPSTATUS_LOCKED) {
		rc = period_locked(err);
		goto fail;
	}
	if ((rc = svc_audit(s, "evaluation.comment", "evaluation", e.id,
	         e.subject_org_id, NULL, NULL,
	         json_pack("{s:I}", "comment_id", (json_int_t)ret->id),
	         err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	evaluation_release(&e);
	evaluation_period_release(&p);
	return 0;
fail:
	if (rc == -CB_ENOTFOUND && err->mcode == NULL)
		cb_error_set(err, CB_ENOTFOUND, "evaluation_not_found", NULL);
	evaluation_release(&e);
	evaluation_period_release(&p);
	evaluation_comment_release(ret);
	return svc_fail(s, rc);
}

int
svc_ecomment_list(struct svc *s, int64_t evaluation_id,
    struct evaluation_comment_list *ret, struct cb_error *err)
{
	return store_ecomment_list(s->st, evaluation_id, ret, err);
}

/* --------------------------------------------------- cap and the lock */

void
eval_calibration_release(struct eval_calibration *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		evaluation_list_release(&c->items[i].proposed);
	free(c->items);
	eval_scope_counts_list_release(&c->counts);
	memset(c, 0, sizeof(*c));
}

/* The scope the cap rule wants for the period (judged on zero counts). */
static int
cap_scope(const struct rulebook *rb, const struct evaluation_period *p,
    enum eval_cap_scope *ret, struct cb_error *err)
{
	int64_t zero[EVAL_LEVEL__MAX] = { 0 };
	struct eval_cap cap;
	int rc;

	if ((rc = eval_cap_judge(rb, p->to, p->org_path, zero, &cap, err)) !=
	    0)
		return rc;
	*ret = cap.scope;
	return 0;
}

/*
 * The cap per scope of the period (inside org_id's subtree, 0: the
 * period's): judged over the decided levels (decided_cap) and over the
 * levels as they stand (decided, else proposed: cap), with the
 * evaluations proposed htxs of each scope.
 */
static int
calibrate(struct svc *s, const struct rulebook *rb,
    const struct evaluation_period *p, int64_t org_id, bool with_names,
    struct eval_calibration *ret, struct cb_error *err)
{
	char *org_path = NULL;
	const char *base_path;
	int64_t base_id;
	size_t i;
	int rc;

	memset(ret, 0, sizeof(*ret));
	ret->period_id = p->id;
	if ((rc = cap_scope(rb, p, &ret->scope, err)) != 0 ||
	    (rc = store_evaluation_scope_counts(s->st, p->id, org_id,
	         ret->scope, &ret->counts, err)) != 0)
		return rc;
	if (ret->counts.n > 0 &&
	    (ret->items = calloc(ret->counts.n, sizeof(*ret->items))) == NULL)
		return nomem(err);
	/* The names are listed within the scope, or within what was asked
	 * (the period's organisation by default) when that lies inside the
	 * scope: a secretary may not read the grassroots organisation. */
	if (with_names && org_id != 0) {
		struct org o;

		org_init(&o);
		if ((rc = store_org_get(s->st, org_id, &o, err)) == 0 &&
		    o.path != NULL && (org_path = strdup(o.path)) == NULL)
			rc = nomem(err);
		org_release(&o);
		if (rc != 0)
			return rc;
	}
	base_id = org_id != 0 ? org_id : p->org_id;
	base_path = org_path != NULL ? org_path : p->org_path;
	if (base_path == NULL)
		base_path = "";
	ret->n = ret->counts.n;
	for (i = 0; i < ret->n; i++) {
		struct eval_calibration_scope *c = &ret->items[i];
		const struct eval_scope_counts *k = &ret->counts.items[i];
		int64_t cur[EVAL_LEVEL__MAX];
		int l;

		c->counts = k;
		for (l = 0; l < EVAL_LEVEL__MAX; l++)
			cur[l] = k->current[l];
		if ((rc = eval_cap_judge(rb, p->to, k->scope_path, k->decided,
		         &c->decided_cap, err)) != 0 ||
		    (rc = eval_cap_judge(rb, p->to, k->scope_path, cur,
		         &c->cap, err)) != 0)
			break;
		if (with_names) {
			struct evaluation_query q;
			struct evaluation_page pg = { 0 };

			memset(&q, 0, sizeof(q));
			q.period_id = p->id;
			/* Within what was asked when the scope holds
			 * it (a secretary asks for its cell). */
			q.org_id = strncmp(base_path, k->scope_path,
			               strlen(k->scope_path)) == 0 ?
			    base_id :
			    k->scope_org_id;
			q.subject = ESUBJECT_MEMBER;
			q.proposed_level = ELEVEL_HTXS;
			q.limit = 1000;
			if ((rc = store_evaluation_list(s->st, &q, &pg,
			         err)) != 0)
				break;
			c->proposed = pg.list;
			pg.list.items = NULL;
			pg.list.n = 0;
			evaluation_page_release(&pg);
		}
	}
	free(org_path);
	return rc;
}

int
svc_eval_calibration(struct svc *s, int64_t period_id, int64_t org_id,
    struct eval_calibration *ret, struct cb_error *err)
{
	const struct rulebook *rb;
	struct evaluation_period p;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&p, 0, sizeof(p));
	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	if ((rc = store_eperiod_get(s->st, period_id, &p, err)) == 0) {
		/* Without org, a principal that may not read the whole
		 * period's (a secretary) gets its own subtree inside it. */
		if (org_id == 0 && s->who != NULL && !s->who->system &&
		    !principal_may(s->who, ACT_EVAL_READ, p.org_path)) {
			const char *roots[16];
			int n = principal_scope(s->who, ACT_EVAL_READ, roots,
			        16),
			    i;

			for (i = 0; i < n && i < 16 && org_id == 0; i++)
				if (p.org_path != NULL &&
				    strncmp(roots[i], p.org_path,
				        strlen(p.org_path)) == 0)
					org_id = path_last_id(roots[i]);
		}
		rc = calibrate(s, rb, &p, org_id, true, ret, err);
	}
	evaluation_period_release(&p);
	if (rc != 0)
		eval_calibration_release(ret);
	return rc;
}

static json_t *
counts_json(const int64_t *c)
{
	json_t *o = json_object();
	int l;

	for (l = 0; o != NULL && l < EVAL_LEVEL__MAX; l++)
		json_object_set_new(o, eval_level_names[l],
		    json_integer((json_int_t)c[l]));
	return o;
}

static json_t *
cap_scope_json(const struct eval_calibration_scope *c, enum lang lang)
{
	const struct eval_scope_counts *k = c->counts;
	json_t *o, *names = json_array();
	size_t i;

	for (i = 0; names != NULL && i < c->proposed.n; i++) {
		const struct evaluation *e = &c->proposed.items[i];

		json_array_append_new(names, evaluation_to_json(e, lang));
	}
	o = json_pack("{s:I, s:s?, s:s, s:i, s:s, s:I, s:I, s:I, s:I, s:b, "
	              "s:b, s:o, s:o, s:o, s:s?, s:s?, s:o}",
	    "scope_org_id", (json_int_t)k->scope_org_id, "scope_name",
	    k->scope_name, "scope", eval_cap_scope_names[c->cap.scope],
	    "percent", c->cap.percent, "denominator",
	    c->cap.denominator_htt_and_above ? "htt_and_above" : "htt",
	    "allowed", (json_int_t)c->cap.allowed, "excellent",
	    (json_int_t)c->cap.excellent, "proposed_htxs",
	    (json_int_t)k->proposed[EVAL_HTXS], "decided_htxs",
	    (json_int_t)k->decided[EVAL_HTXS], "exceeded", c->cap.exceeded,
	    "decided_exceeded", c->decided_cap.exceeded, "counts",
	    counts_json(k->current), "proposed_counts",
	    counts_json(k->proposed), "decided_counts",
	    counts_json(k->decided), "rule_id", c->cap.rule_id, "citation",
	    c->cap.citation, "proposed", names ? names : json_array());
	if (o != NULL)
		json_object_set_new(o, "decided_allowed",
		    json_integer((json_int_t)c->decided_cap.allowed));
	return o;
}

json_t *
eval_calibration_to_json(const struct eval_calibration *c, enum lang lang)
{
	json_t *scopes = json_array();
	const char *rule = NULL, *cit = NULL;
	size_t i;

	for (i = 0; scopes != NULL && i < c->n; i++) {
		json_array_append_new(scopes,
		    cap_scope_json(&c->items[i], lang));
		rule = c->items[i].cap.rule_id;
		cit = c->items[i].cap.citation;
	}
	return json_pack("{s:I, s:s, s:o, s:s?, s:s?}", "period_id",
	    (json_int_t)c->period_id, "scope", eval_cap_scope_names[c->scope],
	    "scopes", scopes ? scopes : json_array(), "rule_id", rule,
	    "citation", cit);
}

/*
 * Locks the period (final: there is no unlock): every evaluation decided
 * (409 evaluations_undecided) and the cap on excellent kept in every
 * scope over the decided levels (409 excellent_cap_exceeded, the scopes
 * broken in *breaches: the caller names them).  One function: the
 * dashboard's kept figures are told here, in the same transaction.
 */
int
svc_eperiod_lock(struct svc *s, int64_t id, int64_t if_match,
    struct evaluation_period *ret, struct eval_calibration *breaches,
    struct cb_error *err)
{
	const struct rulebook *rb;
	struct evaluation_period p;
	struct eval_calibration cal;
	char now[TIMESTAMP_LEN], n[24];
	int64_t undecided = 0;
	size_t i, k;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(breaches, 0, sizeof(*breaches));
	memset(&p, 0, sizeof(p));
	memset(&cal, 0, sizeof(cal));
	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_eperiod_get(s->st, id, &p, err)) != 0 ||
	    (rc = may_manage(s, p.org_path, err)) != 0)
		goto fail;
	if (if_match != 0 && if_match != p.version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	if (p.status == EPSTATUS_LOCKED) {
		rc = period_locked(err);
		goto fail;
	}
	if ((rc = store_evaluation_undecided(s->st, id, &undecided, err)) != 0)
		goto fail;
	if (undecided > 0) {
		snprintf(n, sizeof(n), "%lld", (long long)undecided);
		rc = cb_error_set(err, CB_ECONFLICT, "evaluations_undecided",
		    n);
		goto fail;
	}
	if ((rc = calibrate(s, rb, &p, 0, false, &cal, err)) != 0)
		goto fail;
	/* The scopes broken, over the decided levels. */
	for (i = k = 0; i < cal.n; i++)
		if (cal.items[i].decided_cap.exceeded) {
			cal.items[k] = cal.items[i];
			cal.items[k].cap = cal.items[i].decided_cap;
			k++;
		}
	if (k > 0) {
		cal.n = k;
		*breaches = cal;
		memset(&cal, 0, sizeof(cal));
		rc = cb_error_set(err, CB_ECONFLICT, "excellent_cap_exceeded",
		    NULL);
		goto fail;
	}
	timestamp_utc(time(NULL), now);
	p.status = EPSTATUS_LOCKED;
	if ((rc = dup_to(&p.locked_at, now, err)) != 0 ||
	    (rc = dup_to(&p.locked_by, s->actor, err)) != 0 ||
	    (rc = store_eperiod_update(s->st, &p, p.version, err)) != 0 ||
	    (rc = store_eperiod_get(s->st, id, ret, err)) != 0 ||
	    (rc = audit_period(s, "evaluation_period.lock", ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	evaluation_period_release(&p);
	eval_calibration_release(&cal);
	return 0;
fail:
	evaluation_period_release(&p);
	eval_calibration_release(&cal);
	evaluation_period_release(ret);
	return svc_fail(s, rc);
}
