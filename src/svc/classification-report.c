/*
 * classification-report.c - the yearly classification report of an
 * organisation (issue 15, "Reports"): the year's evaluations of its
 * subtree, members and organisations, each with the level the rules
 * computed (core/evaluation.h, kept on the evaluation by
 * svc/evaluation.c) and the level the committee decided; the counts by
 * decided level; the cap on excellent of each scope (eval_cap_judge over
 * the decided levels, the scope the rule names); and every decision that
 * differs from the computed level, with the committee's written reason.
 *
 * Three renderings of the same struct: an XLSX workbook (render-xlsx.c:
 * the sheets "Tổng hợp", "Đảng viên", "Tổ chức đảng", "Tỷ lệ xuất sắc"
 * and "Khác mức tính"), a PDF in the Party document format (render-doc.c)
 * and a CSV of one row per evaluation with the levels' JSON names (for
 * scripts).  The access is evaluation.read on the organisation.
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/export-int.h"
#include "svc/party-doc.h"
#include "util/date.h"
#include "util/table.h"

#include "util/banned.h"

/* The levels' names in the Party's documents, and their usual
 * abbreviations for tables; [CLASSREP_UNDECIDED]: not decided yet. */
static const char *const level_vi[EVAL_LEVEL__MAX + 1] = {
	[EVAL_HTXS] = "Hoàn thành xuất sắc nhiệm vụ",
	[EVAL_HTT] = "Hoàn thành tốt nhiệm vụ",
	[EVAL_HT] = "Hoàn thành nhiệm vụ",
	[EVAL_KHT] = "Không hoàn thành nhiệm vụ",
	[EVAL_NOT_CLASSIFIED] = "Không xếp loại",
	[CLASSREP_UNDECIDED] = "Chưa có quyết định",
};
static const char *const level_short[EVAL_LEVEL__MAX + 1] = {
	[EVAL_HTXS] = "HTXSNV",
	[EVAL_HTT] = "HTTNV",
	[EVAL_HT] = "HTNV",
	[EVAL_KHT] = "KHTNV",
	[EVAL_NOT_CLASSIFIED] = "KXL",
	[CLASSREP_UNDECIDED] = "Chưa QĐ",
};

static const char *
lv(int level)
{
	return level >= 0 && level < EVAL_LEVEL__MAX ? level_vi[level] : "-";
}

static const char *
ls(int level)
{
	return level >= 0 && level < EVAL_LEVEL__MAX ?
	    level_short[level] :
	    "-";
}

int
classrep_format_parse(const char *s)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "xlsx") == 0)
		return CLASSREP_XLSX;
	if (strcmp(s, "pdf") == 0)
		return CLASSREP_PDF;
	if (strcmp(s, "csv") == 0)
		return CLASSREP_CSV;
	return -1;
}

static void
row_release(struct classification_row *w)
{
	free(w->name);
	free(w->org_name);
	free(w->decided_reason);
	free(w->reasons);
	free(w->reasons_text);
}

void
classification_report_release(struct classification_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	org_release(&r->org);
	for (i = 0; i < r->nmembers; i++)
		row_release(&r->members[i]);
	for (i = 0; i < r->norgs; i++)
		row_release(&r->orgs[i]);
	free(r->members);
	free(r->orgs);
	for (i = 0; i < r->ncaps; i++)
		free(r->caps[i].scope_name);
	free(r->caps);
	memset(r, 0, sizeof(*r));
}

/* The decided level's slot in the counts. */
static int
slot(const struct classification_row *w)
{
	return w->decided >= 0 && w->decided < EVAL_LEVEL__MAX ?
	    w->decided :
	    CLASSREP_UNDECIDED;
}

static bool
differs(const struct classification_row *w)
{
	return w->decided >= 0 && w->computed >= 0 &&
	    w->decided != w->computed;
}

/* Members and organisations in the order shown: by decided level (the
 * undecided last), then by organisation, then by name. */
static int
row_cmp(const void *a, const void *b)
{
	const struct classification_row *x = a, *y = b;
	int c;

	if (slot(x) != slot(y))
		return slot(x) - slot(y);
	if ((c = strcmp(x->org_name ? x->org_name : "",
	         y->org_name ? y->org_name : "")) != 0)
		return c;
	if ((c = strcmp(x->name ? x->name : "", y->name ? y->name : "")) != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* "75,0 %" of n over total (Vietnamese decimal comma), "-" when total
 * is 0. */
static void
pct_text(int64_t n, int64_t total, char *buf, size_t len)
{
	int64_t p10;

	if (total <= 0) {
		snprintf(buf, len, "-");
		return;
	}
	p10 = (n * 1000 + total / 2) / total;
	/* A no-break space before the sign. */
	snprintf(buf, len, "%lld,%lld\xC2\xA0%%", (long long)(p10 / 10),
	    (long long)(p10 % 10));
}

static int64_t
total_of(const int64_t counts[EVAL_LEVEL__MAX + 1])
{
	int64_t t = 0;
	int i;

	for (i = 0; i <= EVAL_LEVEL__MAX; i++)
		t += counts[i];
	return t;
}

/* The report's header data: the title's year, the document's date (today,
 * or the year's 31 December when it is past). */
static void
report_on(const char *today, int year, char on[DATE_LEN])
{
	char end[DATE_LEN];

	snprintf(end, sizeof(end), "%04d-12-31", year);
	snprintf(on, DATE_LEN, "%s", strcmp(today, end) < 0 ? today : end);
}

/* ------------------------------------------------------------- XLSX */

static const struct xcol sum_cols[] = {
	{ "Mức xếp loại", XC_TEXT, 34 },
	{ "Đảng viên", XC_NUMBER, 12 },
	{ "Tỷ lệ đảng viên", XC_TEXT, 14 },
	{ "Tổ chức đảng", XC_NUMBER, 14 },
	{ "Tỷ lệ tổ chức đảng", XC_TEXT, 16 },
};
static const struct xcol member_cols[] = {
	{ "Họ và tên", XC_TEXT, 28 },
	{ "Chi bộ", XC_TEXT, 36 },
	{ "Mức chương trình tính", XC_TEXT, 28 },
	{ "Mức cấp ủy quyết định", XC_TEXT, 28 },
	{ "Căn cứ hạ mức", XC_TEXT, 30 },
	{ "Lý do quyết định khác mức tính", XC_TEXT, 40 },
};
static const struct xcol org_cols[] = {
	{ "Tổ chức đảng", XC_TEXT, 40 },
	{ "Trực thuộc", XC_TEXT, 36 },
	{ "Mức chương trình tính", XC_TEXT, 28 },
	{ "Mức cấp trên quyết định", XC_TEXT, 28 },
	{ "Căn cứ hạ mức", XC_TEXT, 30 },
	{ "Lý do quyết định khác mức tính", XC_TEXT, 40 },
};
static const struct xcol cap_cols[] = {
	{ "Phạm vi", XC_TEXT, 40 },
	{ "Hoàn thành xuất sắc", XC_NUMBER, 14 },
	{ "Được phép tối đa", XC_NUMBER, 14 },
	{ "Đánh giá", XC_TEXT, 30 },
};
static const struct xcol diff_cols[] = {
	{ "Đối tượng", XC_TEXT, 12 },
	{ "Họ và tên / Tổ chức đảng", XC_TEXT, 36 },
	{ "Thuộc", XC_TEXT, 36 },
	{ "Mức chương trình tính", XC_TEXT, 28 },
	{ "Mức quyết định", XC_TEXT, 28 },
	{ "Lý do", XC_TEXT, 50 },
};
#define NC(a) (sizeof(a) / sizeof((a)[0]))

static int
xlsx_rows(struct xlsx_sheet *x, const struct classification_row *rows,
    size_t n, struct cb_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		const struct classification_row *w = &rows[i];
		const char *cells[6] = { w->name, w->org_name, lv(w->computed),
			w->decided >= 0 ? lv(w->decided) :
			                  level_vi[CLASSREP_UNDECIDED],
			w->reasons_text,
			differs(w) ? w->decided_reason : NULL };

		rc = xlsx_sheet_row(x, cells, err);
	}
	return rc;
}

static const char *
cap_verdict(const struct classification_cap *c)
{
	return c->exceeded ? "Vượt tỷ lệ cho phép" : "Trong tỷ lệ cho phép";
}

static int
render_xlsx(const struct classification_report *r, struct sb *out,
    struct cb_error *err)
{
	struct xlsx_sheet *x = NULL;
	int64_t mt = total_of(r->member_counts), ot = total_of(r->org_counts);
	char n[4][40], line[160];
	size_t i;
	int rc;

	if ((rc = xlsx_book_open("Tổng hợp", sum_cols, NC(sum_cols), &x,
	         err)) != 0)
		return rc;
	for (i = 0; i <= EVAL_LEVEL__MAX && rc == 0; i++) {
		const char *cells[5];

		snprintf(n[0], sizeof(n[0]), "%lld",
		    (long long)r->member_counts[i]);
		pct_text(r->member_counts[i], mt, n[1], sizeof(n[1]));
		snprintf(n[2], sizeof(n[2]), "%lld",
		    (long long)r->org_counts[i]);
		pct_text(r->org_counts[i], ot, n[3], sizeof(n[3]));
		cells[0] = level_vi[i];
		cells[1] = n[0];
		cells[2] = n[1];
		cells[3] = n[2];
		cells[4] = n[3];
		rc = xlsx_sheet_row(x, cells, err);
	}
	if (rc == 0) {
		const char *cells[5];

		snprintf(n[0], sizeof(n[0]), "%lld", (long long)mt);
		snprintf(n[2], sizeof(n[2]), "%lld", (long long)ot);
		cells[0] = "Tổng số";
		cells[1] = n[0];
		cells[2] = NULL;
		cells[3] = n[2];
		cells[4] = NULL;
		rc = xlsx_sheet_row(x, cells, err);
	}
	if (rc == 0) {
		const char *cells[5] = { NULL };

		snprintf(line, sizeof(line), "%s năm %d%s",
		    r->org.name ? r->org.name : "", r->year,
		    r->period_id == 0 ? " (chưa mở kỳ đánh giá)" :
		        r->locked     ? "" :
		                    " (kỳ đánh giá chưa khóa: số liệu tạm)");
		rc = xlsx_sheet_row(x, cells, err);
		cells[0] = line;
		if (rc == 0)
			rc = xlsx_sheet_row(x, cells, err);
	}
	if (rc == 0)
		rc = xlsx_sheet_next(x, "Đảng viên", member_cols,
		    NC(member_cols), err);
	if (rc == 0)
		rc = xlsx_rows(x, r->members, r->nmembers, err);
	if (rc == 0)
		rc = xlsx_sheet_next(x, "Tổ chức đảng", org_cols, NC(org_cols),
		    err);
	if (rc == 0)
		rc = xlsx_rows(x, r->orgs, r->norgs, err);
	if (rc == 0)
		rc = xlsx_sheet_next(x, "Tỷ lệ xuất sắc", cap_cols,
		    NC(cap_cols), err);
	for (i = 0; i < r->ncaps && rc == 0; i++) {
		const struct classification_cap *c = &r->caps[i];
		const char *cells[4];

		snprintf(n[0], sizeof(n[0]), "%lld", (long long)c->excellent);
		snprintf(n[1], sizeof(n[1]), "%lld", (long long)c->allowed);
		cells[0] = c->scope_name;
		cells[1] = n[0];
		cells[2] = n[1];
		cells[3] = cap_verdict(c);
		rc = xlsx_sheet_row(x, cells, err);
	}
	if (rc == 0)
		rc = xlsx_sheet_next(x, "Khác mức tính", diff_cols,
		    NC(diff_cols), err);
	for (i = 0; i < r->nmembers + r->norgs && rc == 0; i++) {
		const struct classification_row *w = i < r->nmembers ?
		    &r->members[i] :
		    &r->orgs[i - r->nmembers];
		const char *cells[6];

		if (!differs(w))
			continue;
		cells[0] =
		    w->subject == ESUBJ_ORG ? "Tổ chức đảng" : "Đảng viên";
		cells[1] = w->name;
		cells[2] = w->org_name;
		cells[3] = lv(w->computed);
		cells[4] = lv(w->decided);
		cells[5] = w->decided_reason;
		rc = xlsx_sheet_row(x, cells, err);
	}
	if (rc == 0)
		rc = xlsx_sheet_close(x, out, err);
	else
		xlsx_sheet_abort(x);
	return rc;
}

/* -------------------------------------------------------------- CSV */

/* One CSV cell: a quote before a formula (util/table.h), then quoted
 * when it holds a delimiter, a quote, a line break or surrounding
 * space (svc/export.c's dialect). */
static void
csv_cell(struct sb *b, const char *v)
{
	const char *p;
	bool guard;

	if (v == NULL)
		v = "";
	guard = table_cell_needs_guard(v);
	if (strpbrk(v, ",;\"\r\n") == NULL && v[0] != ' ' &&
	    (v[0] == '\0' || v[strlen(v) - 1] != ' ')) {
		if (guard)
			sb_addc(b, '\'');
		sb_add(b, v);
		return;
	}
	sb_addc(b, '"');
	if (guard)
		sb_addc(b, '\'');
	for (p = v; *p; p++) {
		if (*p == '"')
			sb_addc(b, '"');
		sb_addc(b, *p);
	}
	sb_addc(b, '"');
}

static const char *
json_level(int level)
{
	return level >= 0 && level < EVAL_LEVEL__MAX ?
	    eval_level_names[level] :
	    "";
}

static int
render_csv(const struct classification_report *r, struct sb *out,
    struct cb_error *err)
{
	static const char *const head[] = { "year", "subject", "id", "name",
		"org_id", "org_name", "computed_level", "reasons",
		"proposed_level", "decided_level", "decided_reason",
		"differs" };
	char num[3][24];
	size_t i, k;

	sb_add(out, "\xEF\xBB\xBF");
	for (k = 0; k < NC(head); k++) {
		if (k > 0)
			sb_addc(out, ',');
		sb_add(out, head[k]);
	}
	sb_add(out, "\r\n");
	for (i = 0; i < r->nmembers + r->norgs; i++) {
		const struct classification_row *w = i < r->nmembers ?
		    &r->members[i] :
		    &r->orgs[i - r->nmembers];
		const char *cells[NC(head)];

		snprintf(num[0], sizeof(num[0]), "%d", r->year);
		snprintf(num[1], sizeof(num[1]), "%lld", (long long)w->id);
		snprintf(num[2], sizeof(num[2]), "%lld", (long long)w->org_id);
		cells[0] = num[0];
		cells[1] = eval_subject_names[w->subject];
		cells[2] = num[1];
		cells[3] = w->name;
		cells[4] = w->org_id > 0 ? num[2] : "";
		cells[5] = w->org_name;
		cells[6] = json_level(w->computed);
		cells[7] = w->reasons;
		cells[8] = json_level(w->proposed);
		cells[9] = json_level(w->decided);
		cells[10] = w->decided_reason;
		cells[11] = differs(w) ? "true" : "false";
		for (k = 0; k < NC(head); k++) {
			if (k > 0)
				sb_addc(out, ',');
			csv_cell(out, cells[k]);
		}
		sb_add(out, "\r\n");
	}
	if (sb_err(out) != 0)
		return cb_error_set(err,
		    sb_err(out) == -CB_ETOOBIG ? CB_ETOOBIG : CB_ENOMEM,
		    sb_err(out) == -CB_ETOOBIG ? "too_big" : NULL, NULL);
	return 0;
}

/* -------------------------------------------------------------- PDF */

static bool
is_cell(enum org_kind k)
{
	return k == ORG_CELL || k == ORG_GRASSROOTS_CELL;
}

static void
pdf_rows(struct party_doc *d, const struct classification_row *rows, size_t n,
    const char *who_head, const char *org_head)
{
	static const double widths[5] = { 0.6, 3.2, 3.4, 1.5, 1.6 };
	const char *head[5] = { "STT", who_head, org_head, "Mức tính",
		"Mức quyết định" };
	char stt[24];
	size_t i;

	party_doc_table(d, 5, head, widths);
	for (i = 0; i < n; i++) {
		const struct classification_row *w = &rows[i];
		const char *cells[5];

		snprintf(stt, sizeof(stt), "%zu", i + 1);
		cells[0] = stt;
		cells[1] = w->name;
		cells[2] = w->org_name;
		cells[3] = ls(w->computed);
		cells[4] = w->decided >= 0 ?
		    ls(w->decided) :
		    level_short[CLASSREP_UNDECIDED];
		party_doc_row(d, cells);
	}
}

static void
pdf_differs(struct party_doc *d, const struct classification_report *r)
{
	size_t i, k = 0;

	for (i = 0; i < r->nmembers + r->norgs; i++) {
		const struct classification_row *w = i < r->nmembers ?
		    &r->members[i] :
		    &r->orgs[i - r->nmembers];

		if (!differs(w))
			continue;
		party_doc_bullet(d,
		    "%s %s (%s): mức chương trình tính theo quy định \"%s\"%s%s"
		    "%s, cấp có thẩm quyền quyết định \"%s\". Lý do: %s",
		    w->subject == ESUBJ_ORG ? "Tổ chức đảng" : "Đồng chí",
		    w->name ? w->name : "", w->org_name ? w->org_name : "",
		    lv(w->computed), w->reasons_text ? " (" : "",
		    w->reasons_text ? w->reasons_text : "",
		    w->reasons_text ? ")" : "", lv(w->decided),
		    w->decided_reason && w->decided_reason[0] ?
		        w->decided_reason :
		        "(không ghi)");
		k++;
	}
	if (k == 0)
		party_doc_para(d,
		    "Không có quyết định nào khác mức chương trình tính theo "
		    "quy định.");
}

static int
render_pdf(struct svc *s, const struct classification_report *r,
    struct sb *out, struct cb_error *err)
{
	static const char *const sum_head[5] = { "Mức xếp loại", "Đảng viên",
		"Tỷ lệ", "Tổ chức đảng", "Tỷ lệ" };
	static const double sum_widths[5] = { 4, 1.4, 1.4, 1.6, 1.4 };
	static const char *const cap_head[4] = { "Phạm vi", "Xuất sắc",
		"Tối đa", "Đánh giá" };
	static const double cap_widths[4] = { 4.4, 1.3, 1.3, 2.6 };
	int64_t mt = total_of(r->member_counts), ot = total_of(r->org_counts);
	int64_t mgood = r->member_counts[EVAL_HTXS] +
	    r->member_counts[EVAL_HTT];
	int64_t ogood = r->org_counts[EVAL_HTXS] + r->org_counts[EVAL_HTT];
	struct party_doc d = { 0 };
	struct org parent;
	char title[200], n[4][40], p[2][40], cite[300];
	bool cell = is_cell(r->org.kind);
	size_t i;
	int rc;

	org_init(&parent);
	if (r->org.parent_id > 0) {
		struct cb_error local = CB_ERROR_INIT;

		/* The upper committee may be outside the principal's
		 * scope: then its name is left to be written in. */
		if (store_org_get(s->st, r->org.parent_id, &parent, &local) !=
		        0 &&
		    local.code == CB_ENOMEM) {
			cb_error_release(&local);
			return cb_error_set(err, CB_ENOMEM, NULL, NULL);
		}
		cb_error_release(&local);
	}
	party_doc_set(&d, &d.upper,
	    parent.name != NULL ? parent.name : "Đảng bộ ……………");
	party_doc_set(&d, &d.cell, r->org.name);
	party_doc_set(&d, &d.number, cell ? "Số …-BC/CB" : "Số …-BC/ĐU");
	party_doc_set(&d, &d.date_iso, r->on);
	snprintf(title, sizeof(title),
	    "BÁO CÁO\nKẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG\n"
	    "TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN NĂM %d",
	    r->year);
	party_doc_set(&d, &d.title, title);
	if (r->period_id == 0)
		party_doc_set(&d, &d.subtitle, "(Chưa mở kỳ đánh giá năm)");
	else if (!r->locked)
		party_doc_set(&d, &d.subtitle,
		    "(Số liệu tạm thời: kỳ đánh giá chưa khóa)");
	d.sign = DOC_SIGN_COMMITTEE;
	if (!cell)
		party_doc_set(&d, &d.sign_for, "T/M ĐẢNG ỦY");
	party_doc_set(&d, &d.sign_role, "BÍ THƯ");

	party_doc_heading(&d, "I. TỔNG HỢP KẾT QUẢ XẾP LOẠI");
	pct_text(mgood, mt, p[0], sizeof(p[0]));
	pct_text(ogood, ot, p[1], sizeof(p[1]));
	party_doc_para(&d,
	    "Tổng số đảng viên được đánh giá: %lld; hoàn thành tốt nhiệm vụ "
	    "trở lên: %lld (%s). Tổng số tổ chức đảng được đánh giá: %lld; "
	    "hoàn thành tốt nhiệm vụ trở lên: %lld (%s).",
	    (long long)mt, (long long)mgood, p[0], (long long)ot,
	    (long long)ogood, p[1]);
	party_doc_table(&d, 5, sum_head, sum_widths);
	for (i = 0; i <= EVAL_LEVEL__MAX; i++) {
		const char *cells[5];

		snprintf(n[0], sizeof(n[0]), "%lld",
		    (long long)r->member_counts[i]);
		pct_text(r->member_counts[i], mt, n[1], sizeof(n[1]));
		snprintf(n[2], sizeof(n[2]), "%lld",
		    (long long)r->org_counts[i]);
		pct_text(r->org_counts[i], ot, n[3], sizeof(n[3]));
		cells[0] = level_vi[i];
		cells[1] = n[0];
		cells[2] = n[1];
		cells[3] = n[2];
		cells[4] = n[3];
		party_doc_row(&d, cells);
	}

	party_doc_heading(&d,
	    "II. TỶ LỆ ĐẢNG VIÊN HOÀN THÀNH XUẤT SẮC NHIỆM VỤ");
	snprintf(cite, sizeof(cite), "%s%s%s", r->rule.citation ? " (" : "",
	    r->rule.citation ? r->rule.citation : "",
	    r->rule.citation ? ")" : "");
	party_doc_para(&d,
	    "Số đảng viên được xếp loại \"Hoàn thành xuất sắc nhiệm vụ\" "
	    "không vượt quá %d\xC2\xA0%% số đảng viên được xếp loại \"Hoàn thành "
	    "tốt nhiệm vụ\"%s trong mỗi %s%s.",
	    r->rule.percent,
	    r->rule.denominator_htt_and_above ? " trở lên" : "",
	    r->rule.scope == ECAP_CELL ? "chi bộ" : "tổ chức cơ sở đảng",
	    cite);
	if (r->ncaps == 0)
		party_doc_para(&d, "Chưa có đảng viên được xếp loại.");
	else {
		party_doc_table(&d, 4, cap_head, cap_widths);
		for (i = 0; i < r->ncaps; i++) {
			const struct classification_cap *c = &r->caps[i];
			const char *cells[4];

			snprintf(n[0], sizeof(n[0]), "%lld",
			    (long long)c->excellent);
			snprintf(n[1], sizeof(n[1]), "%lld",
			    (long long)c->allowed);
			cells[0] = c->scope_name;
			cells[1] = n[0];
			cells[2] = n[1];
			cells[3] = cap_verdict(c);
			party_doc_row(&d, cells);
		}
	}

	party_doc_heading(&d,
	    "III. QUYẾT ĐỊNH KHÁC MỨC CHƯƠNG TRÌNH TÍNH THEO QUY ĐỊNH");
	pdf_differs(&d, r);

	party_doc_heading(&d, "IV. TỔ CHỨC ĐẢNG THEO MỨC XẾP LOẠI");
	if (r->norgs == 0)
		party_doc_para(&d, "Chưa có tổ chức đảng được đánh giá.");
	else
		pdf_rows(&d, r->orgs, r->norgs, "Tổ chức đảng", "Trực thuộc");
	party_doc_heading(&d, "V. ĐẢNG VIÊN THEO MỨC XẾP LOẠI");
	if (r->nmembers == 0)
		party_doc_para(&d, "Chưa có đảng viên được đánh giá.");
	else
		pdf_rows(&d, r->members, r->nmembers, "Họ và tên", "Chi bộ");
	party_doc_para(&d,
	    "Ghi chú: HTXSNV: hoàn thành xuất sắc nhiệm vụ; HTTNV: hoàn "
	    "thành tốt nhiệm vụ; HTNV: hoàn thành nhiệm vụ; KHTNV: không "
	    "hoàn thành nhiệm vụ; KXL: không xếp loại; chưa QĐ: chưa có "
	    "quyết định. Mức tính: mức cao nhất điểm và các điều "
	    "kiện cho phép theo quy định; mức quyết định: mức cấp có thẩm "
	    "quyền quyết định.");
	rc = party_doc_render(&d, out, err);
	party_doc_release(&d);
	org_release(&parent);
	return rc;
}

/* ----------------------------------------------------------- gather */

/* The organisations of the subtree (and any found above it) by id. */
struct orgmap {
	struct org_list list;
};

static const struct org *
org_by_id(const struct orgmap *m, int64_t id)
{
	size_t i;

	for (i = 0; i < m->list.n; i++)
		if (m->list.items[i].id == id)
			return &m->list.items[i];
	return NULL;
}

/* A copy of the name of organisation id (the subtree's, else read as
 * the system would: the parent of an organisation evaluated at the
 * report's top), NULL when none. */
static char *
org_name_dup(struct svc *s, const struct orgmap *m, int64_t id)
{
	const struct org *o = org_by_id(m, id);
	struct cb_error local = CB_ERROR_INIT;
	const struct principal *who;
	struct org tmp;
	char *name = NULL;

	if (o != NULL)
		return o->name ? strdup(o->name) : NULL;
	if (id <= 0)
		return NULL;
	org_init(&tmp);
	who = store_principal(s->st);
	store_set_principal(s->st, NULL);
	if (store_org_get(s->st, id, &tmp, &local) == 0 && tmp.name != NULL)
		name = strdup(tmp.name);
	store_set_principal(s->st, who);
	cb_error_release(&local);
	org_release(&tmp);
	return name;
}

/* An evaluation's reasons (JSON text, svc/evaluation.c's): their codes
 * "a, b" in *codes and their Vietnamese messages "A. B." in *text (each
 * NULL when there is none). */
static int
reason_texts(const char *json, char **codes, char **text)
{
	json_t *a, *v;
	struct sb b, t;
	size_t i;
	int rc = 0;

	*codes = *text = NULL;
	if (json == NULL || (a = json_loads(json, 0, NULL)) == NULL)
		return 0;
	sb_init(&b, 0);
	sb_init(&t, 0);
	json_array_foreach(a, i, v)
	{
		const char *code = json_string_value(json_object_get(v,
		    "code"));
		const char *arg = json_string_value(json_object_get(v, "arg"));
		const char *given = json_string_value(json_object_get(v,
		    "given"));
		char *m;

		if (code == NULL)
			continue;
		if (b.len > 0)
			sb_add(&b, ", ");
		sb_add(&b, code);
		m = msg_render_number(code, arg,
		    given != NULL && given[0] != '\0' ? given : NULL, LANG_VI);
		if (m == NULL) {
			rc = -CB_ENOMEM;
			break;
		}
		if (t.len > 0)
			sb_addc(&t, ' ');
		sb_add(&t, m);
		free(m);
	}
	json_decref(a);
	if (rc == 0 && (sb_err(&b) != 0 || sb_err(&t) != 0))
		rc = -CB_ENOMEM;
	if (rc == 0 && b.len > 0) {
		*codes = sb_detach(&b, NULL);
		*text = sb_detach(&t, NULL);
		if (*codes == NULL || *text == NULL)
			rc = -CB_ENOMEM;
	}
	sb_release(&b);
	sb_release(&t);
	return rc;
}

static int
add_row(struct svc *s, struct classification_report *r, const struct orgmap *m,
    const struct evaluation *e, struct cb_error *err)
{
	struct classification_row *w, **rows;
	size_t *n;
	const struct org *o;

	if (e->subject == ESUBJECT_ORG) {
		rows = &r->orgs;
		n = &r->norgs;
	} else {
		rows = &r->members;
		n = &r->nmembers;
	}
	if ((*n & (*n + 1)) == 0 || *n == 0) {
		/* Grown to the next power of two (n + 1 is one). */
		size_t cap = *n == 0 ? 16 : (*n + 1) * 2;
		void *nr = realloc(*rows, cap * sizeof(**rows));

		if (nr == NULL)
			return cb_error_set(err, CB_ENOMEM, NULL, NULL);
		*rows = nr;
	}
	w = &(*rows)[*n];
	memset(w, 0, sizeof(*w));
	w->computed = elevel_to_core(e->computed_level);
	w->proposed = elevel_to_core(e->proposed_level);
	w->decided = elevel_to_core(e->decided_level);
	if (e->subject == ESUBJECT_ORG) {
		w->subject = ESUBJ_ORG;
		w->id = e->org_id;
		o = org_by_id(m, e->org_id);
		w->org_id = o != NULL ? o->parent_id : 0;
	} else {
		w->subject = ESUBJ_MEMBER;
		w->id = e->member_id;
		w->org_id = e->subject_org_id;
	}
	(*n)++;
	if (e->subject_name != NULL &&
	    (w->name = strdup(e->subject_name)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	w->org_name = org_name_dup(s, m, w->org_id);
	if (e->decided_reason != NULL && e->decided_reason[0] &&
	    (w->decided_reason = strdup(e->decided_reason)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if (reason_texts(e->reasons, &w->reasons, &w->reasons_text) != 0)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if (e->subject == ESUBJECT_ORG)
		r->org_counts[slot(w)]++;
	else
		r->member_counts[slot(w)]++;
	return 0;
}

/* The evaluations of year period p whose subjects are in the report's
 * subtree. */
static int
period_rows(struct svc *s, struct classification_report *r,
    const struct orgmap *m, int64_t period_id, struct cb_error *err)
{
	struct evaluation_query
	    q = { .period_id = period_id, .org_id = r->org.id, .limit = 1000 };
	struct evaluation_page page;
	char *cursor = NULL;
	size_t i;
	int rc;

	do {
		memset(&page, 0, sizeof(page));
		q.cursor = cursor;
		rc = store_evaluation_list(s->st, &q, &page, err);
		free(cursor);
		cursor = NULL;
		if (rc != 0)
			return rc;
		for (i = 0; i < page.list.n && rc == 0; i++)
			rc = add_row(s, r, m, &page.list.items[i], err);
		cursor = page.next_cursor;
		page.next_cursor = NULL;
		evaluation_page_release(&page);
	} while (rc == 0 && cursor != NULL);
	free(cursor);
	return rc;
}

/* True if path a is b or inside it. */
static bool
path_in(const char *a, const char *b)
{
	return a != NULL && b != NULL && strncmp(a, b, strlen(b)) == 0;
}

/* The cap of each scope of period_id that lies in the report's subtree,
 * or holds it (a cell's grassroots organisation, when the rule's scope is
 * the grassroots one), by decided level.  Figures, no names: read as the
 * system over the period's scopes (the access to the organisation was
 * checked), then kept by path. */
static int
period_caps(struct svc *s, struct classification_report *r,
    const struct rulebook *rb, int64_t period_id, struct cb_error *err)
{
	const struct principal *who = store_principal(s->st);
	struct eval_scope_counts_list l = { 0 };
	size_t i;
	int rc;

	store_set_principal(s->st, NULL);
	rc = store_evaluation_scope_counts(s->st, period_id, 0, r->rule.scope,
	    &l, err);
	store_set_principal(s->st, who);
	if (rc != 0)
		return rc;
	for (i = 0; i < l.n && rc == 0; i++) {
		const struct eval_scope_counts *sc = &l.items[i];
		struct classification_cap *c;
		struct eval_cap cap;
		int64_t total = 0;
		void *nc;
		int k;

		if (!path_in(sc->scope_path, r->org.path) &&
		    !path_in(r->org.path, sc->scope_path))
			continue;
		for (k = 0; k < EVAL_LEVEL__MAX; k++)
			total += sc->decided[k];
		if (total == 0)
			continue;
		if ((rc = eval_cap_judge(rb, r->on, sc->scope_path,
		         sc->decided, &cap, err)) != 0)
			break;
		if ((nc = realloc(r->caps,
		         (r->ncaps + 1) * sizeof(*r->caps))) == NULL) {
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
			break;
		}
		r->caps = nc;
		c = &r->caps[r->ncaps++];
		memset(c, 0, sizeof(*c));
		c->scope_org_id = sc->scope_org_id;
		c->excellent = cap.excellent;
		c->allowed = cap.allowed;
		c->exceeded = cap.exceeded;
		if (sc->scope_name != NULL &&
		    (c->scope_name = strdup(sc->scope_name)) == NULL)
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	eval_scope_counts_list_release(&l);
	return rc;
}

/* True if the period's organisation is the report's or above it. */
static bool
covers(const struct evaluation_period *p, const struct org *o)
{
	return p->org_path != NULL && o->path != NULL &&
	    strncmp(o->path, p->org_path, strlen(p->org_path)) == 0;
}

/* The year periods of the subtree and above it; their evaluations, caps
 * and the state of the one covering the organisation. */
static int
gather(struct svc *s, struct classification_report *r, struct cb_error *err)
{
	static const int64_t none[EVAL_LEVEL__MAX] = { 0 };
	struct eperiod_query q = { .org_id = r->org.id,
		.year = r->year,
		.kind = EPKIND_YEAR,
		.limit = 1000 };
	struct org_query oq = { .root_id = r->org.id, .include_closed = true };
	struct eperiod_page page = { 0 };
	struct orgmap m = { { 0 } };
	const struct rulebook *rb;
	size_t i, cover_len = 0;
	int64_t first = 0;
	bool all_locked = true;
	int rc;

	if ((rb = svc_rules(s, err)) == NULL)
		return -err->code;
	if ((rc = eval_cap_judge(rb, r->on, r->org.path, none, &r->rule,
	         err)) != 0)
		return rc;
	if ((rc = store_org_list(s->st, &oq, &m.list, err)) != 0)
		return rc;
	if ((rc = store_eperiod_list(s->st, &q, &page, err)) != 0)
		goto out;
	for (i = 0; i < page.list.n && rc == 0; i++) {
		const struct evaluation_period *p = &page.list.items[i];

		if (p->kind != EPKIND_YEAR || p->year != r->year)
			continue;
		all_locked = all_locked && p->status == EPSTATUS_LOCKED;
		if (covers(p, &r->org) && strlen(p->org_path) >= cover_len) {
			cover_len = strlen(p->org_path);
			r->period_id = p->id;
			r->locked = p->status == EPSTATUS_LOCKED;
		}
		if (first == 0)
			first = p->id;
		if ((rc = period_rows(s, r, &m, p->id, err)) == 0)
			rc = period_caps(s, r, rb, p->id, err);
	}
	/* Periods inside the subtree only: locked when all are. */
	if (rc == 0 && r->period_id == 0 && first != 0) {
		r->period_id = first;
		r->locked = all_locked;
	}
out:
	eperiod_page_release(&page);
	org_list_release(&m.list);
	return rc;
}

int
svc_classification_report(struct svc *s, int64_t org_id, int year,
    struct classification_report *ret, struct cb_error *err)
{
	int rc;

	classification_report_release(ret);
	org_init(&ret->org);
	ret->year = year;
	if (year < DATE_YEAR_MIN || year >= DATE_YEAR_MAX) {
		cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
		return cb_error_field(err, 0, "year", "invalid_value", NULL);
	}
	if ((rc = svc_check_org(s, org_id, ACT_EVAL_READ, &ret->org, err)) !=
	    0)
		goto fail;
	report_on(s->today, year, ret->on);
	if ((rc = gather(s, ret, err)) != 0)
		goto fail;
	if (ret->nmembers > 0)
		qsort(ret->members, ret->nmembers, sizeof(*ret->members),
		    row_cmp);
	if (ret->norgs > 0)
		qsort(ret->orgs, ret->norgs, sizeof(*ret->orgs), row_cmp);
	return 0;
fail:
	classification_report_release(ret);
	return rc;
}

int
svc_classification_report_render(struct svc *s, int64_t org_id, int year,
    enum classrep_format fmt, struct sb *out, struct cb_error *err)
{
	struct classification_report r;
	int rc;

	memset(&r, 0, sizeof(r));
	if ((rc = svc_classification_report(s, org_id, year, &r, err)) != 0)
		return rc;
	switch (fmt) {
	case CLASSREP_PDF:
		rc = render_pdf(s, &r, out, err);
		break;
	case CLASSREP_CSV:
		rc = render_csv(&r, out, err);
		break;
	case CLASSREP_XLSX:
	default:
		rc = render_xlsx(&r, out, err);
		break;
	}
	classification_report_release(&r);
	return rc;
}
