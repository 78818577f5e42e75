/*
 * meeting-check.c - the meetings check (issue 13), kept, not counted:
 * svc reads one organisation's facts of a year from the store, judges
 * them with core/meeting-rules.c and replaces its kept rows
 * (store-meeting-check.c) in the transaction of the write that changed
 * them; findings that appear with time (a month that ended without a
 * meeting) or with a rulebook change are brought up to date by a refresh
 * (on read for a few organisations, chibo check meetings --refresh for
 * the rest).  See docs/architecture.md "Kept findings".
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/meeting-rules.h"
#include "util/hash.h"
#include "util/sb.h"

#include "util/banned.h"

/* Organisations refreshed on a read at most; more are left to the
 * scheduled refresh and reported as stale. */
#define REFRESH_ON_READ 50
/* Organisations refreshed per transaction by a refresh. */
#define REFRESH_BATCH 200

/* The decimal number at s (digits only; stops at the first other). */
static int
num(const char *s)
{
	int n = 0;

	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return n;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* The months of year that have ended on today ("YYYY-MM-DD"): 0..12. */
static int
months_ended(const char *today, int year)
{
	int ty = num(today), tm = num(today + 5);

	if (ty > year)
		return 12;
	if (ty < year)
		return 0;
	return tm - 1;
}

void
svc_meeting_check_through(const char *today, int year, char out[DATE_LEN])
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%04d-%02d", (year % 10000 + 10000) % 10000,
	    months_ended(today, year) % 100);
	memcpy(out, buf, 8); /* "YYYY-MM" and its NUL */
}

/* The stamp of the rules the check reads: every version of the meeting.*
 * rules and the committees' overrides of them, hashed. */
static void
rules_stamp(const struct rulebook *rb, char out[HASH_HEX_LEN])
{
	struct sb b;
	size_t i, j, k, l;

	sb_init(&b, SB_MAX_DEFAULT);
	sb_add(&b, rb->version != NULL ? rb->version : "");
	for (i = 0; i < rb->nrules; i++) {
		const struct rule *r = &rb->rules[i];

		if (strncmp(r->id, "meeting.", 8) != 0)
			continue;
		sb_addf(&b, "|%s", r->id);
		for (j = 0; j < r->nversions; j++) {
			const struct rule_version *v = &r->versions[j];

			sb_addf(&b, "[%s,%s", v->from, v->to);
			for (k = 0; k < v->nvalues; k++) {
				const struct rule_value *x = &v->values[k];

				sb_addf(&b, ";%s=%lld:%s", x->name,
				    (long long)x->i, x->s != NULL ? x->s : "");
				for (l = 0; l < x->nitems; l++)
					sb_addf(&b, ",%s", x->items[l]);
			}
			sb_add(&b, "]");
		}
	}
	for (i = 0; i < rb->noverrides; i++) {
		const struct rule_override *o = &rb->overrides[i];

		if (o->rule_id == NULL ||
		    strncmp(o->rule_id, "meeting.", 8) != 0)
			continue;
		sb_addf(&b, "|o%lld,%s,%s,%s,%s,%d,%lld:%s", (long long)o->id,
		    o->value_name, o->org_path, o->from, o->to, o->ignored,
		    (long long)o->value.i,
		    o->value.s != NULL ? o->value.s : "");
		for (l = 0; l < o->value.nitems; l++)
			sb_addf(&b, ",%s", o->value.items[l]);
	}
	hash_sha256_hex(b.buf, b.len, out);
	out[16] = '\0';
	sb_release(&b);
}

/* The month a finding's period falls in: "2025-03" 3, "2025-Q2" 6, the
 * year 0. */
static int
period_month(const char *p)
{
	if (strlen(p) >= 7 && p[4] == '-' && p[5] == 'Q')
		return (p[6] - '0') * 3;
	if (strlen(p) >= 7 && p[4] == '-')
		return num(p + 5);
	return 0;
}

static bool
is_cell(enum org_kind k)
{
	return k == ORG_CELL || k == ORG_GRASSROOTS_CELL;
}

/* The months of year (bit m-1) that organisation o is judged for: ended
 * on today, and o a cell open for the whole month. */
static int64_t
judged_months(const struct org *o, int year, const char *today)
{
	int m, ended = months_ended(today, year);
	char first[32], last[32];
	int64_t mask = 0;

	if (!is_cell(o->kind))
		return 0;
	for (m = 1; m <= ended; m++) {
		snprintf(first, sizeof(first), "%04d-%02d-01", year % 10000,
		    m);
		snprintf(last, sizeof(last), "%04d-%02d-%02d", year % 10000, m,
		    month_days(year, m));
		if (strcmp(o->valid_from, first) <= 0 &&
		    (o->valid_to[0] == '\0' || strcmp(o->valid_to, last) >= 0))
			mask |= (int64_t)1 << (m - 1);
	}
	return mask;
}

/* Rewrites the kept rows of o (loaded) for year; as the system, inside
 * the caller's transaction. */
static int
keep_org(struct svc *s, const struct rulebook *rb, const char *stamp,
    const struct org *o, int year, struct cb_error *err)
{
	struct meeting_fact *mf = NULL;
	struct member_attendance_fact *af = NULL;
	struct meeting_findings found;
	struct mchk_month mon[12];
	struct mchk_keep k;
	char from[40], before[40], through[DATE_LEN], day[DATE_LEN];
	int *fmonth = NULL, m, y;
	size_t nm = 0, na = 0, i, nmon = 0;
	int64_t t;
	int rc;

	meeting_findings_init(&found);
	memset(mon, 0, sizeof(mon));
	snprintf(from, sizeof(from), "%04d-12-31T17:00:00Z", year - 1);
	snprintf(before, sizeof(before), "%04d-12-31T17:00:00Z", year);
	if ((rc = store_meeting_check_facts(s->st, o->id, from, before, &mf,
	         &nm, &af, &na, err)) != 0)
		goto out;
	if (meeting_findings_year(rb, o->id, o->path, year,
	        (unsigned)judged_months(o, year, s->today), mf, nm,
	        &found) != 0 ||
	    meeting_absence_findings(rb, o->path, year, af, na, &found) != 0 ||
	    (found.n > 0 &&
	        (fmonth = calloc(found.n, sizeof(*fmonth))) == NULL)) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto out;
	}
	for (i = 0; i < found.n; i++)
		fmonth[i] = period_month(found.items[i].period);
	/* The months' figures: held meetings by kind, expected, present. */
	for (m = 0; m < 12; m++)
		mon[m].month = m + 1;
	for (i = 0; i < nm; i++) {
		if (!mf[i].held || mr_time_parse(mf[i].starts_at, &t) != 0)
			continue;
		mr_local_date(t, day);
		y = num(day);
		m = num(day + 5);
		if (y != year || m < 1 || m > 12)
			continue;
		mon[m - 1].held[mf[i].kind]++;
		mon[m - 1].expected += mf[i].expected;
		mon[m - 1].present += mf[i].present;
		if (mf[i].minutes)
			mon[m - 1].minutes++;
	}
	for (m = 0; m < 12; m++) {
		int j;
		bool any = false;

		for (j = 0; j < 5; j++)
			any = any || mon[m].held[j] > 0;
		if (any)
			mon[nmon++] = mon[m];
	}
	svc_meeting_check_through(s->today, year, through);
	k = (struct mchk_keep){
		.org_id = o->id,
		.year = year,
		.org_path = o->path,
		.months = judged_months(o, year, s->today),
		.stamp = stamp,
		.through = through,
		.findings = found.items,
		.finding_month = fmonth,
		.nfindings = found.n,
		.mon = mon,
		.nmon = nmon,
	};
	rc = store_meeting_check_keep(s->st, &k, err);
out:
	free(mf);
	free(af);
	free(fmonth);
	meeting_findings_release(&found);
	return rc;
}

/* Runs keep_org for org_id as the system. */
static int
keep_as_system(struct svc *s, int64_t org_id, int year, struct cb_error *err)
{
	const struct principal *who = store_principal(s->st);
	char stamp[HASH_HEX_LEN];
	const struct rulebook *rb;
	struct org o;
	int rc;

	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	rules_stamp(rb, stamp);
	org_init(&o);
	store_set_principal(s->st, NULL);
	if ((rc = store_org_get(s->st, org_id, &o, err)) == 0)
		rc = keep_org(s, rb, stamp, &o, year, err);
	store_set_principal(s->st, who);
	org_release(&o);
	return rc;
}

int
svc_meeting_check_keep(struct svc *s, int64_t org_id, int year,
    struct cb_error *err)
{
	return keep_as_system(s, org_id, year, err);
}

int
svc_meeting_check_keep_meeting(struct svc *s, const struct meeting *m,
    struct cb_error *err)
{
	char day[DATE_LEN];
	int64_t t;

	if (m->starts_at == NULL || mr_time_parse(m->starts_at, &t) != 0)
		return 0;
	mr_local_date(t, day);
	return keep_as_system(s, m->org_id, num(day), err);
}

int
svc_meeting_check_keep_id(struct svc *s, int64_t meeting_id,
    struct cb_error *err)
{
	struct meeting m;
	int rc;

	memset(&m, 0, sizeof(m));
	if ((rc = store_meeting_get(s->st, meeting_id, &m, NULL, err)) == 0)
		rc = svc_meeting_check_keep_meeting(s, &m, err);
	meeting_release(&m);
	return rc;
}

/* Refreshes up to max stale organisations of path's subtree in year (0:
 * all), REFRESH_BATCH per transaction; *ret_done the number refreshed,
 * *ret_left whether stale ones remain.  As the system. */
static int
refresh(struct svc *s, const char *path, int year, size_t max,
    size_t *ret_done, bool *ret_left, struct cb_error *err)
{
	const struct principal *who = store_principal(s->st);
	char stamp[HASH_HEX_LEN], through[DATE_LEN];
	const struct rulebook *rb;
	int64_t *ids = NULL;
	size_t n = 0, i, want;
	struct org o;
	int rc = 0;

	*ret_done = 0;
	*ret_left = false;
	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	rules_stamp(rb, stamp);
	svc_meeting_check_through(s->today, year, through);
	org_init(&o);
	store_set_principal(s->st, NULL);
	for (;;) {
		want = REFRESH_BATCH;
		if (max > 0 && max - *ret_done < want)
			want = max - *ret_done;
		/* One more than refreshed: whether any is left. */
		if ((rc = store_meeting_check_stale(s->st, path, year, through,
		         stamp, want + 1, &ids, &n, err)) != 0)
			break;
		if (n == 0)
			break;
		if (want == 0) {
			*ret_left = true;
			break;
		}
		if ((rc = store_begin(s->st, err)) != 0)
			break;
		for (i = 0; i < n && i < want && rc == 0; i++) {
			if ((rc = store_org_get(s->st, ids[i], &o, err)) == 0)
				rc = keep_org(s, rb, stamp, &o, year, err);
			org_release(&o);
			org_init(&o);
		}
		if (rc == 0)
			rc = store_commit(s->st, err);
		else
			store_rollback(s->st);
		if (rc != 0)
			break;
		*ret_done += i;
		free(ids);
		ids = NULL;
		if (n <= want)
			break;
		if (max > 0 && *ret_done >= max) {
			*ret_left = true;
			break;
		}
	}
	free(ids);
	store_set_principal(s->st, who);
	return rc;
}

static int
check_year(int year, struct cb_error *err)
{
	if (year < 1930 || year > 9999) {
		cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
		return cb_error_field(err, 0, "year", "invalid_value", NULL);
	}
	return 0;
}

void
meeting_check_report_release(struct meeting_check_report *r)
{
	if (r == NULL)
		return;
	mchk_page_release(&r->page);
	mchk_heat_release(&r->heat);
	org_release(&r->org);
	memset(r, 0, sizeof(*r));
}

/* Refresh on read: a few stale organisations now, the rest counted. */
static int
refresh_on_read(struct svc *s, struct meeting_check_report *r,
    struct cb_error *err)
{
	size_t done;
	bool left;
	int rc;

	if ((rc = refresh(s, r->org.path, r->year, REFRESH_ON_READ, &done,
	         &left, err)) != 0)
		return rc;
	r->refreshed = (int64_t)done;
	r->stale = left;
	return 0;
}

int
svc_meeting_check(struct svc *s, int64_t org_id, int year, const char *code,
    const char *cursor, size_t limit, struct meeting_check_report *ret,
    struct cb_error *err)
{
	int rc;
	size_t i;

	meeting_check_report_release(ret);
	org_init(&ret->org);
	ret->year = year;
	svc_meeting_check_through(s->today, year, ret->through);
	if ((rc = check_year(year, err)) != 0 ||
	    (rc = svc_check_org(s, org_id, ACT_ORG_READ, &ret->org, err)) !=
	        0 ||
	    (rc = refresh_on_read(s, ret, err)) != 0 ||
	    (rc = store_meeting_check_counts(s->st, ret->org.id, year,
	         ret->counts, MCHK_CODES_MAX, &ret->ncounts, err)) != 0 ||
	    (rc = store_meeting_check_findings(s->st, ret->org.path, year,
	         code, cursor, limit, &ret->page, err)) != 0) {
		meeting_check_report_release(ret);
		return rc;
	}
	/* Figures and findings only for who may not read the members. */
	ret->masked = !principal_may(s->who, ACT_MEMBER_READ, ret->org.path);
	if (ret->masked)
		for (i = 0; i < ret->page.n; i++) {
			free(ret->page.items[i].member_name);
			ret->page.items[i].member_name = NULL;
		}
	return 0;
}

int
svc_meeting_compliance(struct svc *s, int64_t org_id, int year,
    struct meeting_check_report *ret, struct cb_error *err)
{
	int rc;

	meeting_check_report_release(ret);
	org_init(&ret->org);
	ret->year = year;
	svc_meeting_check_through(s->today, year, ret->through);
	if ((rc = check_year(year, err)) != 0 ||
	    (rc = svc_check_org(s, org_id, ACT_ORG_READ, &ret->org, err)) !=
	        0 ||
	    (rc = refresh_on_read(s, ret, err)) != 0 ||
	    (rc = store_meeting_check_heat(s->st, ret->org.path, year,
	         &ret->heat, err)) != 0) {
		meeting_check_report_release(ret);
		return rc;
	}
	return 0;
}

int
svc_meeting_check_refresh(struct svc *s, int64_t org_id, int year,
    size_t *ret_done, struct cb_error *err)
{
	struct org o;
	bool left;
	int rc;

	*ret_done = 0;
	org_init(&o);
	if ((rc = check_year(year, err)) == 0 &&
	    (rc = svc_check_org(s, org_id, ACT_ORG_READ, &o, err)) == 0)
		rc = refresh(s, o.path, year, 0, ret_done, &left, err);
	org_release(&o);
	return rc;
}

static json_t *
finding_json(const struct mchk_finding *f, enum lang lang)
{
	json_t *o = json_object();
	char *msg = msg_render(f->code, f->period, lang);

	json_object_set_new(o, "code", json_string(f->code));
	json_object_set_new(o, "org_id", json_integer(f->org_id));
	json_object_set_new(o, "org_name",
	    f->org_name ? json_string(f->org_name) : json_null());
	if (f->member_id != 0) {
		json_object_set_new(o, "member_id",
		    json_integer(f->member_id));
		json_object_set_new(o, "member_name",
		    f->member_name ?
		        json_string(f->member_name) :
		        json_null());
	}
	if (f->meeting_id != 0)
		json_object_set_new(o, "meeting_id",
		    json_integer(f->meeting_id));
	json_object_set_new(o, "period", json_string(f->period));
	json_object_set_new(o, "rule_id", json_string(f->rule_id));
	json_object_set_new(o, "citation",
	    f->citation ? json_string(f->citation) : json_null());
	json_object_set_new(o, "message",
	    msg ? json_string(msg) : json_string(f->code));
	free(msg);
	return o;
}

static json_t *
counts_json(const struct meeting_check_report *r)
{
	json_t *c = json_object();
	size_t i;

	for (i = 0; i < r->ncounts; i++)
		json_object_set_new(c, r->counts[i].code,
		    json_integer(r->counts[i].n));
	return c;
}

static void
head_json(json_t *o, const struct meeting_check_report *r)
{
	json_object_set_new(o, "org_id", json_integer(r->org.id));
	json_object_set_new(o, "year", json_integer(r->year));
	json_object_set_new(o, "through", json_string(r->through));
	json_object_set_new(o, "stale", json_boolean(r->stale));
}

json_t *
meeting_check_to_json(const struct meeting_check_report *r, enum lang lang)
{
	json_t *o = json_object(), *items = json_array();
	size_t i;

	head_json(o, r);
	for (i = 0; i < r->page.n; i++)
		json_array_append_new(items,
		    finding_json(&r->page.items[i], lang));
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "counts", counts_json(r));
	if (r->page.next_cursor != NULL)
		json_object_set_new(o, "next_cursor",
		    json_string(r->page.next_cursor));
	return o;
}

/* "a,b" as ["a", "b"]. */
static json_t *
codes_json(const char *s)
{
	json_t *a = json_array();
	const char *p = s, *e;

	while (p != NULL && *p != '\0') {
		e = strchr(p, ',');
		json_array_append_new(a,
		    json_stringn(p, e ? (size_t)(e - p) : strlen(p)));
		p = e ? e + 1 : NULL;
	}
	return a;
}

json_t *
meeting_compliance_to_json(const struct meeting_check_report *r)
{
	static const char *const kinds[5] = { "regular", "thematic",
		"combined", "extraordinary", "committee" };
	json_t *o = json_object(), *cells = json_array();
	size_t i;
	int m, k;

	head_json(o, r);
	for (i = 0; i < r->heat.n; i++) {
		const struct mchk_cell *c = &r->heat.cells[i];
		json_t *cj = json_object(), *months = json_array();

		json_object_set_new(cj, "org_id", json_integer(c->org_id));
		json_object_set_new(cj, "name", json_string(c->name));
		for (m = 0; m < 12; m++) {
			const struct mchk_month *mm = &c->mon[m];
			json_t *mj = json_object(), *held = json_object();

			json_object_set_new(mj, "month", json_integer(m + 1));
			for (k = 0; k < 5; k++)
				json_object_set_new(held, kinds[k],
				    json_integer(mm->held[k]));
			json_object_set_new(mj, "held", held);
			json_object_set_new(mj, "minutes",
			    json_integer(mm->minutes));
			json_object_set_new(mj, "expected",
			    json_integer(mm->expected));
			json_object_set_new(mj, "present",
			    json_integer(mm->present));
			json_object_set_new(mj, "attendance_pct",
			    mm->expected > 0 ?
			        json_integer(mm->present * 100 /
			            mm->expected) :
			        json_null());
			json_object_set_new(mj, "codes",
			    codes_json(c->codes[m + 1]));
			json_array_append_new(months, mj);
		}
		json_object_set_new(cj, "months", months);
		json_object_set_new(cj, "codes", codes_json(c->codes[0]));
		json_array_append_new(cells, cj);
	}
	json_object_set_new(o, "cells", cells);
	return o;
}
