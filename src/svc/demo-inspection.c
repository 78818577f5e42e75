/*
 * demo-inspection.c - the demo's inspection and supervision (issue 14):
 * the current term (2025-2030) of the demo committee and of its
 * grassroots committees, this year's programme of the committee's
 * inspection commission, its inspections and supervisions of the
 * committee's direct subordinate organisations in the term, their
 * recommendations, and every subordinate organisation's yearly
 * self-inspection, relative to today (s->today), so that the coverage
 * check (svc/inspection-check.c) shows something true:
 *
 * - one subordinate organisation in four is not yet covered in the term
 *   (one of them was inspected in the previous term, another had an
 *   inspection cancelled);
 * - three recommendations are past their deadline and not done;
 * - one cell (the first grassroots cell) has not self-inspected this
 *   year; last year every organisation did.
 *
 * A grassroots committee has inspected its first cell in the term, and
 * its cells have self-inspected.  Written by the store as the system
 * inside the demo's transaction (a few dozen rows: --no-meetings stays
 * fast); the audit trail does not list them, as it does not list the
 * demo's members.
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/inspection.h"
#include "util/date.h"

#include "util/banned.h"

#define TERM_NAME "2025–2030"
#define TERM_FROM "2025-07-01"
#define TERM_TO "2030-06-30"
#define GR_TERM_FROM "2025-05-15"
#define GR_TERM_TO "2030-05-14"

struct dctx {
	struct svc *s;
	struct date today;
	char today_s[DATE_LEN];
	int year;
	size_t n; /* rows written */
};

static void
day_of(const struct date *d, char out[DATE_LEN])
{
	date_format_iso(d, out);
}

/* from + days, but not after today (then today). */
static struct date
upto_today(const struct dctx *c, struct date from, int days)
{
	struct date d = date_add_days(&from, days);

	return date_cmp(&d, &c->today) > 0 ? c->today : d;
}

static int
add_term(struct dctx *c, int64_t org_id, const char *from, const char *to,
    struct cb_error *err)
{
	struct org_term t;
	int rc;

	memset(&t, 0, sizeof(t));
	t.org_id = org_id;
	t.name = (char *)TERM_NAME;
	snprintf(t.starts_on, sizeof(t.starts_on), "%s", from);
	snprintf(t.ends_on, sizeof(t.ends_on), "%s", to);
	t.note = (char *)"Nhiệm kỳ theo Nghị quyết Đại hội";
	t.recorded_by = (char *)"demo";
	rc = store_term_insert(c->s->st, &t, err);
	free(t.created_at);
	free(t.updated_at);
	c->n += rc == 0;
	return rc;
}

struct insp_plan {
	int64_t body_org;
	enum insp_body body;
	enum insp_kind kind;
	enum insp_form form;
	int64_t subject;
	const char *codes;
	struct date decided;
	bool cancelled;
	const char *doc_no;
	const char *team;
};

/* Writes plan p (from a week after the decision, two weeks long, or in
 * progress when that has not ended); its id in *ret_id and its last day
 * ("" in progress) in to. */
static int
add_inspection(struct dctx *c, const struct insp_plan *p, int64_t *ret_id,
    char to[DATE_LEN], struct cb_error *err)
{
	struct inspection i;
	struct date from, end;
	int rc;

	memset(&i, 0, sizeof(i));
	i.org_id = p->body_org;
	i.body = p->body;
	i.kind = p->kind;
	i.form = p->form;
	i.subject_org_id = p->subject;
	i.content_codes = (char *)p->codes;
	day_of(&p->decided, i.decided_on);
	i.doc_no = (char *)p->doc_no;
	from = upto_today(c, p->decided, 7);
	day_of(&from, i.from);
	end = date_add_days(&from, p->form == INSP_FORM_SELF ? 300 : 14);
	to[0] = '\0';
	i.team = (char *)p->team;
	if (p->cancelled) {
		i.status = INSP_CANCELLED;
	} else if (date_cmp(&end, &c->today) < 0) {
		day_of(&end, i.to);
		day_of(&end, to);
		i.status = INSP_CONCLUDED;
		i.findings =
		    (char *)"Tổ chức đảng đã chấp hành nghiêm các "
		            "nghị quyết, chỉ thị của cấp trên; một số "
		            "nội dung còn chậm.";
		i.conclusion =
		    (char *)"Cơ bản thực hiện tốt; cần khắc phục "
		            "các hạn chế đã chỉ ra.";
	} else
		i.status = INSP_IN_PROGRESS;
	i.recorded_by = (char *)"demo";
	rc = store_inspection_insert(c->s->st, &i, err);
	*ret_id = i.id;
	free(i.created_at);
	free(i.updated_at);
	free(i.subject_name);
	c->n += rc == 0;
	return rc;
}

/* A recommendation of inspection id due on due, done on done ("": open). */
static int
add_rec(struct dctx *c, int64_t id, int64_t owner_org, const char *text,
    const struct date *due, const char *done, struct cb_error *err)
{
	struct inspection_recommendation r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.inspection_id = id;
	r.text = (char *)text;
	r.owner = (char *)"Cấp ủy được kiểm tra";
	r.owner_org_id = owner_org;
	day_of(due, r.due_on);
	snprintf(r.done_on, sizeof(r.done_on), "%s", done);
	if (done[0] != '\0')
		r.result = (char *)"Đã khắc phục, báo cáo bằng văn bản.";
	r.recorded_by = (char *)"demo";
	rc = store_inspection_rec_insert(c->s->st, &r, err);
	free(r.created_at);
	free(r.updated_at);
	c->n += rc == 0;
	return rc;
}

static bool
is_cell(enum org_kind k)
{
	return k == ORG_CELL || k == ORG_GRASSROOTS_CELL;
}

/* The self-inspection of organisation o in year y (decided on 20
 * January, from 1 February: not after today). */
static int
add_self(struct dctx *c, const struct org *o, int y, int k,
    struct cb_error *err)
{
	struct insp_plan p;
	char doc[40], to[DATE_LEN];
	int64_t id;

	memset(&p, 0, sizeof(p));
	p.body_org = o->id;
	p.body = is_cell(o->kind) ? INSP_BODY_CELL : INSP_BODY_COMMITTEE;
	p.kind = INSP_KIND_INSPECTION;
	p.form = INSP_FORM_SELF;
	p.subject = o->id;
	p.codes = "[\"member_duties\", \"prohibited_acts\", "
	          "\"party_activities\"]";
	p.decided.y = y;
	p.decided.m = 1;
	p.decided.d = 20;
	if (date_cmp(&p.decided, &c->today) > 0)
		p.decided = c->today;
	snprintf(doc, sizeof(doc), "%02d-CTr/%s", k % 100,
	    is_cell(o->kind) ? "CB" : "ĐU");
	p.doc_no = doc;
	p.team = "Chi ủy";
	return add_inspection(c, &p, &id, to, err);
}

static const char *const rec_texts[] = {
	"Kiện toàn hồ sơ đảng viên, cập nhật đầy đủ lý lịch.",
	"Nâng cao chất lượng sinh hoạt chi bộ, sinh hoạt chuyên đề hằng quý.",
	"Thu, nộp đảng phí đúng quy định; quyết toán năm.",
	"Xây dựng và thực hiện chương trình tự kiểm tra, giám sát hằng năm.",
};

/* The committee's inspection commission inspects or supervises its
 * subordinate number i (o) in the term, or not (one in four). */
static int
cover(struct dctx *c, const struct org *root, const struct org *o, size_t i,
    size_t *overdue, struct cb_error *err)
{
	struct insp_plan p;
	struct date start, end, due;
	char doc[40], to[DATE_LEN], done[DATE_LEN];
	int64_t id;
	int rc, k;

	memset(&p, 0, sizeof(p));
	p.body_org = root->id;
	p.body = INSP_BODY_COMMISSION;
	p.kind = i % 2 ? INSP_KIND_SUPERVISION : INSP_KIND_INSPECTION;
	p.form = i % 3 == 0 ? INSP_FORM_THEMATIC : INSP_FORM_REGULAR;
	p.subject = o->id;
	p.codes = i % 2 ?
	    "[\"resolutions\", \"assigned_tasks\"]" :
	    "[\"member_duties\", \"party_fees\"]";
	p.team = "Đoàn kiểm tra của Ủy ban Kiểm tra Đảng ủy";
	snprintf(doc, sizeof(doc), "%zu-QĐ/UBKTĐU", 10 + i);
	p.doc_no = doc;
	date_parse_iso(TERM_FROM, &start);
	if (i % 4 == 3) {
		/* Not covered: inspected in the previous term, or an
		 * inspection decided and cancelled. */
		if (i == 3) {
			date_parse_iso("2024-10-15", &p.decided);
			return add_inspection(c, &p, &id, to, err);
		}
		if (i == 7) {
			p.decided = upto_today(c, start, 200);
			p.cancelled = true;
			return add_inspection(c, &p, &id, to, err);
		}
		return 0;
	}
	/* Spread over the term so far: 45 days apart from its 2nd month,
	 * and at least a month before today. */
	p.decided = date_add_days(&start, 30 + 45 * (int64_t)i);
	end = date_add_days(&c->today, -30);
	if (date_cmp(&p.decided, &end) > 0)
		p.decided = date_cmp(&end, &start) > 0 ? end : start;
	if ((rc = add_inspection(c, &p, &id, to, err)) != 0 || to[0] == '\0')
		return rc;
	/* Two recommendations: due 2 and 4 months after the end; done a
	 * week early when due by today, but three left overdue. */
	date_parse_iso(to, &end);
	for (k = 0; k < 2; k++) {
		due = date_add_months(&end, 2 + 2 * k);
		done[0] = '\0';
		if (date_cmp(&due, &c->today) < 0) {
			if (k == 0 && *overdue < 3)
				(*overdue)++;
			else {
				struct date d = date_add_days(&due, -7);

				day_of(&d, done);
			}
		}
		if ((rc = add_rec(c, id, o->id, rec_texts[(i + k) % 4], &due,
		         done, err)) != 0)
			return rc;
	}
	return 0;
}

/* This year's programme of the inspection commission of root: an item
 * per subordinate organisation (n). */
static int
add_programme(struct dctx *c, const struct org *root, const struct org *subs,
    size_t n, struct cb_error *err)
{
	struct inspection_programme p;
	struct inspection_programme_item it;
	char title[160];
	size_t i;
	int rc;

	memset(&p, 0, sizeof(p));
	p.org_id = root->id;
	p.body = INSPECTION_BODY_COMMISSION;
	p.year = c->year;
	snprintf(title, sizeof(title),
	    "Chương trình kiểm tra, giám sát năm %d của Ủy ban Kiểm tra Đảng "
	    "ủy",
	    c->year);
	p.title = title;
	p.doc_no = (char *)"01-CTr/UBKTĐU";
	snprintf(p.approved_on, sizeof(p.approved_on), "%04d-01-10", c->year);
	if (strcmp(p.approved_on, c->today_s) > 0)
		memcpy(p.approved_on, c->today_s, DATE_LEN);
	p.status = PROGRAMME_APPROVED;
	p.recorded_by = (char *)"demo";
	if ((rc = store_programme_insert(c->s->st, &p, err)) != 0)
		goto out;
	c->n++;
	for (i = 0; i < n && rc == 0; i++) {
		memset(&it, 0, sizeof(it));
		it.programme_id = p.id;
		it.kind = i % 2 ?
		    INSPECTION_KIND_SUPERVISION :
		    INSPECTION_KIND_INSPECTION;
		it.form = i % 3 == 0 ?
		    PROGRAMME_FORM_THEMATIC :
		    PROGRAMME_FORM_REGULAR;
		it.subject_org_id = subs[i].id;
		it.content_codes = (char *)(i % 2 ?
		        "[\"resolutions\", \"assigned_tasks\"]" :
		        "[\"member_duties\", \"party_fees\"]");
		snprintf(it.planned_from, sizeof(it.planned_from),
		    "%04d-%02d-01", c->year, (int)(i % 12) + 1);
		snprintf(it.planned_to, sizeof(it.planned_to), "%04d-%02d-28",
		    c->year, (int)(i % 12) + 1);
		it.team = (char *)"Ủy ban Kiểm tra Đảng ủy";
		it.status = strcmp(it.planned_to, c->today_s) < 0 ?
		    (i % 4 == 3 ? PITEM_CANCELLED : PITEM_DONE) :
		    PITEM_PLANNED;
		it.recorded_by = (char *)"demo";
		rc = store_programme_item_insert(c->s->st, &it, err);
		free(it.created_at);
		free(it.updated_at);
		c->n += rc == 0;
	}
out:
	free(p.created_at);
	free(p.updated_at);
	return rc;
}

/* A grassroots committee g: its term, an inspection of its first cell in
 * the term, and its cells' self-inspections this year and last. */
static int
grassroots(struct dctx *c, const struct org *g, struct cb_error *err)
{
	struct org_query q = { .parent_id = g->id };
	struct org_list cells = { 0 };
	struct insp_plan p;
	struct date start;
	char to[DATE_LEN];
	int64_t id;
	size_t i;
	int rc;

	if ((rc = add_term(c, g->id, GR_TERM_FROM, GR_TERM_TO, err)) != 0 ||
	    (rc = store_org_list(c->s->st, &q, &cells, err)) != 0)
		return rc;
	for (i = 0; i < cells.n && rc == 0; i++) {
		if ((rc = add_self(c, &cells.items[i], c->year - 1, (int)i + 1,
		         err)) == 0)
			rc = add_self(c, &cells.items[i], c->year, (int)i + 1,
			    err);
	}
	if (rc == 0 && cells.n > 0) {
		memset(&p, 0, sizeof(p));
		p.body_org = g->id;
		p.body = INSP_BODY_COMMITTEE;
		p.kind = INSP_KIND_SUPERVISION;
		p.form = INSP_FORM_REGULAR;
		p.subject = cells.items[0].id;
		p.codes = "[\"party_activities\"]";
		date_parse_iso(GR_TERM_FROM, &start);
		p.decided = upto_today(c, start, 150);
		p.doc_no = "05-QĐ/ĐU";
		p.team = "Tổ giám sát của Đảng ủy";
		rc = add_inspection(c, &p, &id, to, err);
	}
	org_list_release(&cells);
	return rc;
}

int
svc_demo_inspection(struct svc *s, int64_t root_id, size_t *ret_rows,
    struct cb_error *err)
{
	struct org_query q = { .parent_id = root_id };
	struct org_list subs = { 0 };
	struct org root;
	struct dctx c;
	size_t i, overdue = 0;
	int64_t missing = 0;
	int rc;

	memset(&c, 0, sizeof(c));
	c.s = s;
	if (date_parse_iso(s->today, &c.today) != 0)
		return cb_error_set(err, CB_EINVAL, "invalid_date", NULL);
	memcpy(c.today_s, s->today, DATE_LEN);
	c.year = c.today.y;
	org_init(&root);
	if ((rc = store_org_get(s->st, root_id, &root, err)) != 0 ||
	    (rc = store_org_list(s->st, &q, &subs, err)) != 0 ||
	    (rc = add_term(&c, root_id, TERM_FROM, TERM_TO, err)) != 0 ||
	    (rc = add_programme(&c, &root, subs.items, subs.n, err)) != 0)
		goto out;
	/* The first grassroots cell skips this year's self-inspection. */
	for (i = 0; i < subs.n && missing == 0; i++)
		if (subs.items[i].kind == ORG_GRASSROOTS_CELL)
			missing = subs.items[i].id;
	for (i = 0; i < subs.n && rc == 0; i++) {
		const struct org *o = &subs.items[i];

		rc = cover(&c, &root, o, i, &overdue, err);
		if (rc == 0)
			rc = add_self(&c, o, c.year - 1, (int)i + 1, err);
		if (rc == 0 && o->id != missing)
			rc = add_self(&c, o, c.year, (int)i + 1, err);
		if (rc == 0 && o->kind == ORG_GRASSROOTS)
			rc = grassroots(&c, o, err);
	}
out:
	if (ret_rows != NULL)
		*ret_rows = c.n;
	org_list_release(&subs);
	org_release(&root);
	return rc;
}
