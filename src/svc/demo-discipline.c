/*
 * demo-discipline.c - the demo's discipline cases and state notices
 * (issue 14), relative to today (s->today), so that the cases' computed
 * statuses show each kind: in the cell CB-VP-1 (the demo's secretary
 * "bithu") a reprimand in force and a warning lapsed; outside it a
 * warning under complaint, a case deferred (a member nursing a child),
 * a reprimand of an organisation (a cell, by the committee above it);
 * two notices of state bodies, one on time and one late.  Each case goes
 * through svc_dcase_create, so it is judged by the rules like any other
 * (and audited).  A handful of writes: always made, even with
 * --no-meetings.
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"

#include "util/banned.h"

/* today moved by days, ISO. */
static void
day_off(const char *today, int days, char out[DATE_LEN])
{
	struct date d;

	if (date_parse_iso(today, &d) != 0) {
		snprintf(out, DATE_LEN, "%s", today);
		return;
	}
	d = date_add_days(&d, days);
	date_format_iso(&d, out);
}

/* The first n official members of organisation org_id (by id). */
static int
officials(struct svc *s, int64_t org_id, int64_t *ret, size_t n,
    struct cb_error *err)
{
	struct member_query q = { .sort = MSORT_ID,
		.limit = 50,
		.state = MSTATE_ACTIVE,
		.status = MSTATUS_OFFICIAL,
		.no_total = true };
	struct member_page page = { 0 };
	size_t i;
	int rc;

	memset(ret, 0, n * sizeof(*ret));
	q.org_id = org_id;
	if ((rc = store_member_list(s->st, &q, &page, err)) != 0)
		return rc;
	/* From the end: the first ones hold the demo's accounts. */
	for (i = 0; i < n && i < page.n; i++)
		ret[i] = page.items[page.n - 1 - i].id;
	member_page_release(&page);
	return 0;
}

struct dcase_demo {
	const char *subject; /* "member" / "org" */
	int64_t subject_id;
	int64_t deciding_org_id;
	const char *body; /* NULL: derived */
	const char *form;
	const char *code;
	int violation, decided, received, complained; /* days from today;
						       * 1: none */
	const char *deferral;
	int64_t base, n_for, n_against, n_abstain;
	const char *doc_no;
};

static int
add_case(struct svc *s, const struct dcase_demo *c, struct cb_error *err)
{
	struct discipline_case out;
	char v[DATE_LEN], dd[DATE_LEN], r[DATE_LEN], cp[DATE_LEN];
	json_t *j;
	int rc;

	day_off(s->today, c->violation, v);
	j = json_pack("{s:s, s:I, s:s, s:s, s:I, s:s, s:{s:I, s:I, s:I},"
	              " s:I}",
	    "subject", c->subject,
	    strcmp(c->subject, "member") == 0 ? "member_id" : "org_id",
	    (json_int_t)c->subject_id, "violation_code", c->code,
	    "violation_on", v, "deciding_org_id",
	    (json_int_t)c->deciding_org_id, "form", c->form, "vote", "for",
	    (json_int_t)c->n_for, "against", (json_int_t)c->n_against,
	    "abstain", (json_int_t)c->n_abstain, "base", (json_int_t)c->base);
	if (j == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if (c->body != NULL)
		json_object_set_new(j, "deciding_body", json_string(c->body));
	if (c->decided != 1) {
		day_off(s->today, c->decided, dd);
		json_object_set_new(j, "decided_on", json_string(dd));
		json_object_set_new(j, "effective_on", json_string(dd));
		json_object_set_new(j, "doc_no", json_string(c->doc_no));
	}
	if (c->received != 1) {
		day_off(s->today, c->received, r);
		json_object_set_new(j, "received_on", json_string(r));
	}
	if (c->complained != 1) {
		day_off(s->today, c->complained, cp);
		json_object_set_new(j, "complained_on", json_string(cp));
	}
	if (c->deferral != NULL)
		json_object_set_new(j, "deferral", json_string(c->deferral));
	memset(&out, 0, sizeof(out));
	rc = svc_dcase_create(s, j, &out, err);
	discipline_case_release(&out);
	json_decref(j);
	return rc;
}

static int
add_notice(struct svc *s, int64_t member_id, const char *body, int decided,
    int notified, const char *doc_no, struct cb_error *err)
{
	struct discipline_notice n;
	char d[DATE_LEN], nt[DATE_LEN];
	json_t *j;
	int rc;

	day_off(s->today, decided, d);
	day_off(s->today, notified, nt);
	if ((j = json_pack("{s:I, s:s, s:s, s:s, s:s}", "member_id",
	         (json_int_t)member_id, "body", body, "decided_on", d,
	         "notified_on", nt, "doc_no", doc_no)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	memset(&n, 0, sizeof(n));
	rc = svc_dnotice_create(s, j, &n, err);
	discipline_notice_release(&n);
	json_decref(j);
	return rc;
}

int
svc_demo_discipline(struct svc *s, const int64_t *cells, size_t ncells,
    struct cb_error *err)
{
	struct org vp, other, org_case;
	int64_t in[2], out[2];
	size_t i;
	int rc;

	org_init(&vp);
	org_init(&other);
	org_init(&org_case);
	if ((rc = store_org_get_by_code(s->st, "CB-VP-1", &vp, err)) != 0)
		goto out;
	/* Two cells outside CB-VP-1: one whose members are disciplined,
	 * one disciplined itself. */
	for (i = 0; i < ncells && rc == 0; i++) {
		if (cells[i] == vp.id)
			continue;
		if (other.id == 0)
			rc = store_org_get(s->st, cells[i], &other, err);
		else if (org_case.id == 0 && cells[i] != other.id)
			rc = store_org_get(s->st, cells[i], &org_case, err);
	}
	if (rc != 0 || other.id == 0 || org_case.id == 0 ||
	    other.parent_id == 0 || org_case.parent_id == 0)
		goto out;
	if ((rc = officials(s, vp.id, in, 2, err)) != 0 ||
	    (rc = officials(s, other.id, out, 2, err)) != 0)
		goto out;
	if (in[1] == 0 || out[1] == 0)
		goto out;
	{
		const struct dcase_demo cases[] = {
			/* CB-VP-1: a reprimand in force (the cell decides). */
			{ "member", in[0], vp.id, NULL, "khien_trach",
			    "qd37_17", -120, -60, 1, 1, NULL, 9, 7, 1, 1,
			    "01-QĐ/CB" },
			/* CB-VP-1: a warning decided 16 months ago, lapsed
			 * 4 months ago. */
			{ "member", in[1], vp.id, NULL, "canh_cao", "qd37_19",
			    -600, -480, 1, 1, NULL, 9, 6, 2, 1, "02-QĐ/CB" },
			/* Outside: a warning by the committee above, under
			 * complaint (lodged 18 days after receipt). */
			{ "member", out[0], other.parent_id, "committee",
			    "canh_cao", "qd37_10", -200, -40, -38, -20, NULL,
			    15, 11, 3, 1, "115-QĐ/ĐU" },
			/* Outside: deferred, the member nursing a child
			 * under 12 months: no decision yet. */
			{ "member", out[1], other.parent_id, "committee",
			    "canh_cao", "qd37_06", -90, 1, 1, 1, "nursing", 0,
			    0, 0, 0, NULL },
			/* An organisation: a reprimand of a cell by the
			 * committee directly above it. */
			{ "org", org_case.id, org_case.parent_id, "committee",
			    "khien_trach", "qd37_02", -150, -30, 1, 1, NULL,
			    15, 12, 2, 1, "121-QĐ/ĐU" },
		};

		for (i = 0; i < sizeof(cases) / sizeof(cases[0]) && rc == 0;
		     i++)
			rc = add_case(s, &cases[i], err);
	}
	if (rc == 0)
		rc = add_notice(s, in[0], "Sở Nội vụ", -30, -27, "45/QĐ-SNV",
		    err);
	if (rc == 0)
		rc = add_notice(s, out[0], "Công đoàn Bộ", -60, -50,
		    "12/QĐ-CĐ", err);
out:
	org_release(&vp);
	org_release(&other);
	org_release(&org_case);
	return rc;
}
