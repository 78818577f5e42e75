/*
 * inspection-report.c - the year's inspection and supervision report of
 * a committee (issue 14): the coverage check (svc/inspection-check.c) as
 * an XLSX workbook (render-xlsx.c: one row per direct subordinate
 * organisation, then the percentages against the targets and the
 * findings) and as a PDF in the Party document format (render-doc.c:
 * the targets' results, the organisations not yet covered, the
 * self-inspections missing, the recommendations overdue, and the
 * coverage table).  The access is the check's (inspection.read on the
 * committee).
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/inspection-rules.h"
#include "svc/export-int.h"
#include "svc/party-doc.h"
#include "util/date.h"

#include "util/banned.h"

static const struct xcol report_cols[] = {
	{ "Tổ chức đảng", XC_TEXT, 42 },
	{ "Kiểm tra, giám sát trong nhiệm kỳ", XC_TEXT, 18 },
	{ "Lần gần nhất", XC_DATE, 13 },
	{ "Còn lại của nhiệm kỳ (tháng)", XC_NUMBER, 14 },
	{ "Tự kiểm tra, giám sát trong năm", XC_TEXT, 18 },
	{ "Kiến nghị quá hạn", XC_NUMBER, 12 },
};
#define NCOLS (sizeof(report_cols) / sizeof(report_cols[0]))

/* "75,0 %" (Vietnamese decimal comma), or "-" when none is counted. */
static void
pct_text(int64_t pct10, char *buf, size_t n)
{
	if (pct10 < 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%lld,%lld %%", (long long)(pct10 / 10),
		    (long long)(pct10 % 10));
}

/* "12/16 (75,0 %), chỉ tiêu 100 %". */
static void
target_text(const struct insp_target *t, char *buf, size_t n)
{
	char pct[32];

	pct_text(t->pct10, pct, sizeof(pct));
	if (t->target_percent >= 0)
		snprintf(buf, n, "%lld/%lld (%s), chỉ tiêu %lld %%",
		    (long long)t->met, (long long)t->counted, pct,
		    (long long)t->target_percent);
	else
		snprintf(buf, n, "%lld/%lld (%s)", (long long)t->met,
		    (long long)t->counted, pct);
}

static const char *
yes_no(bool counted, bool yes)
{
	return !counted ? "-" : yes ? "Có" : "Chưa";
}

int
svc_inspection_report_xlsx(struct svc *s, int64_t org_id, int year,
    struct sb *out, struct cb_error *err)
{
	struct inspection_check_report r;
	struct xlsx_sheet *x = NULL;
	const char *cells[NCOLS];
	char num[2][24], line[200], label[120];
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	if ((rc = svc_inspection_check(s, org_id, year, &r, err)) != 0)
		return rc;
	if ((rc = xlsx_sheet_open(report_cols, NCOLS, &x, err)) != 0)
		goto out;
	for (i = 0; i < r.judged.nrows && rc == 0; i++) {
		const struct insp_row *w = &r.judged.rows[i];

		memset(cells, 0, sizeof(cells));
		cells[0] = inspection_check_org_name(&r, w->org_id);
		cells[1] = yes_no(w->in_term, w->covered);
		cells[2] = w->last_on;
		snprintf(num[0], sizeof(num[0]), "%lld",
		    (long long)w->months_left);
		cells[3] = w->months_left >= 0 ? num[0] : NULL;
		cells[4] = yes_no(w->in_year, w->self_inspected);
		snprintf(num[1], sizeof(num[1]), "%lld",
		    (long long)w->overdue);
		cells[5] = num[1];
		rc = xlsx_sheet_row(x, cells, err);
	}
	/* The targets, then the findings, under an empty row. */
	memset(cells, 0, sizeof(cells));
	if (rc == 0)
		rc = xlsx_sheet_row(x, cells, err);
	if (rc == 0) {
		snprintf(label, sizeof(label),
		    "Kiểm tra, giám sát trong nhiệm kỳ %s",
		    r.facts.term_name && r.facts.has_term ?
		        r.facts.term_name :
		        "(chưa có nhiệm kỳ)");
		target_text(&r.judged.term, line, sizeof(line));
		cells[0] = label;
		cells[1] = line;
		rc = xlsx_sheet_row(x, cells, err);
	}
	if (rc == 0) {
		snprintf(label, sizeof(label), "Tự kiểm tra, giám sát năm %d",
		    year);
		target_text(&r.judged.self, line, sizeof(line));
		cells[0] = label;
		cells[1] = line;
		rc = xlsx_sheet_row(x, cells, err);
	}
	memset(cells, 0, sizeof(cells));
	if (rc == 0 && r.judged.n > 0)
		rc = xlsx_sheet_row(x, cells, err);
	for (i = 0; i < r.judged.n && rc == 0; i++) {
		const struct insp_finding *f = &r.judged.items[i];
		char *msg = inspection_finding_message(f, LANG_VI);

		if (msg == NULL) {
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
			break;
		}
		cells[0] = inspection_check_org_name(&r, f->org_id);
		cells[1] = msg;
		rc = xlsx_sheet_row(x, cells, err);
		free(msg);
	}
	if (rc == 0)
		rc = xlsx_sheet_close(x, out, err);
	else
		xlsx_sheet_abort(x);
out:
	inspection_check_report_release(&r);
	return rc;
}

/* The findings of code as bullets (none: a paragraph saying so). */
static void
finding_bullets(struct party_doc *d, const struct inspection_check_report *r,
    const char *code, const char *none)
{
	size_t i, n = 0;

	for (i = 0; i < r->judged.n; i++) {
		const struct insp_finding *f = &r->judged.items[i];
		const char *name;
		char *msg;

		if (strcmp(f->code, code) != 0)
			continue;
		name = inspection_check_org_name(r, f->org_id);
		if ((msg = inspection_finding_message(f, LANG_VI)) == NULL) {
			d->oom = true;
			return;
		}
		party_doc_bullet(d, "%s: %s", name ? name : "", msg);
		free(msg);
		n++;
	}
	if (n == 0)
		party_doc_para(d, "%s", none);
}

int
svc_inspection_report_pdf(struct svc *s, int64_t org_id, int year,
    struct sb *out, struct cb_error *err)
{
	static const char *const head[5] = { "Tổ chức đảng",
		"Kiểm tra, giám sát trong nhiệm kỳ", "Lần gần nhất",
		"Tự kiểm tra, giám sát năm", "Kiến nghị quá hạn" };
	static const double widths[5] = { 4, 2, 1.6, 2, 1.4 };
	struct inspection_check_report r;
	struct party_doc d = { 0 };
	struct org parent;
	char title[160], line[200], last[DATE_LEN], overdue[24];
	struct date dd;
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	org_init(&parent);
	if ((rc = svc_inspection_check(s, org_id, year, &r, err)) != 0)
		return rc;
	if (r.org.parent_id > 0) {
		struct cb_error local = CB_ERROR_INIT;

		/* The upper committee may be outside the principal's
		 * scope: then its name is left to be written in. */
		if (store_org_get(s->st, r.org.parent_id, &parent, &local) !=
		        0 &&
		    local.code == CB_ENOMEM) {
			cb_error_release(&local);
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
			goto out;
		}
		cb_error_release(&local);
	}
	party_doc_set(&d, &d.upper,
	    parent.name != NULL ? parent.name : "Đảng bộ ……………");
	party_doc_set(&d, &d.cell, r.org.name);
	party_doc_set(&d, &d.number, "Số …-BC/ĐU");
	party_doc_set(&d, &d.date_iso, r.judged.on);
	snprintf(title, sizeof(title),
	    "BÁO CÁO\nKẾT QUẢ CÔNG TÁC KIỂM TRA, GIÁM SÁT NĂM %d", year);
	party_doc_set(&d, &d.title, title);
	d.sign = DOC_SIGN_COMMITTEE;
	party_doc_set(&d, &d.sign_for, "T/M ĐẢNG ỦY");
	party_doc_set(&d, &d.sign_role, "BÍ THƯ");

	party_doc_heading(&d, "I. KẾT QUẢ THỰC HIỆN CHỈ TIÊU");
	if (r.facts.has_term && r.judged.months_left >= 0) {
		target_text(&r.judged.term, line, sizeof(line));
		party_doc_para(&d,
		    "Kiểm tra, giám sát tổ chức đảng trực thuộc trong nhiệm kỳ "
		    "%s (đến ngày %s, còn %lld tháng): %s.",
		    r.facts.term_name ? r.facts.term_name : "", r.judged.on,
		    (long long)r.judged.months_left, line);
	} else
		party_doc_para(&d,
		    "Chưa ghi nhận nhiệm kỳ của cấp ủy đang có hiệu lực: chưa "
		    "tính được tỷ lệ kiểm tra, giám sát trong nhiệm kỳ.");
	target_text(&r.judged.self, line, sizeof(line));
	party_doc_para(&d,
	    "Tổ chức đảng trực thuộc tự kiểm tra, giám sát đảng viên năm %d: "
	    "%s.",
	    year, line);
	if (r.judged.term.citation != NULL || r.judged.self.citation != NULL)
		party_doc_para(&d, "Căn cứ: %s.",
		    r.judged.self.citation ?
		        r.judged.self.citation :
		        r.judged.term.citation);

	party_doc_heading(&d,
	    "II. TỔ CHỨC ĐẢNG CHƯA ĐƯỢC KIỂM TRA, GIÁM SÁT "
	    "TRONG NHIỆM KỲ");
	if (r.judged.months_left < 0)
		party_doc_para(&d, "Chưa tính: chưa ghi nhận nhiệm kỳ.");
	else
		finding_bullets(&d, &r, IR_NOT_COVERED,
		    "Tất cả tổ chức đảng trực thuộc đã được kiểm tra hoặc "
		    "giám sát.");
	party_doc_heading(&d, "III. TỔ CHỨC ĐẢNG CHƯA TỰ KIỂM TRA, GIÁM SÁT");
	finding_bullets(&d, &r, IR_SELF_MISSING,
	    "Tất cả tổ chức đảng trực thuộc đã tự kiểm tra, giám sát.");
	party_doc_heading(&d, "IV. KIẾN NGHỊ QUÁ HẠN CHƯA THỰC HIỆN");
	finding_bullets(&d, &r, IR_REC_OVERDUE, "Không có kiến nghị quá hạn.");

	party_doc_heading(&d, "V. BẢNG TỔNG HỢP");
	party_doc_table(&d, 5, head, widths);
	for (i = 0; i < r.judged.nrows; i++) {
		const struct insp_row *w = &r.judged.rows[i];
		const char *cells[5];

		last[0] = '\0';
		if (date_parse_iso(w->last_on, &dd) == 0)
			date_format_vn(&dd, last);
		snprintf(overdue, sizeof(overdue), "%lld",
		    (long long)w->overdue);
		cells[0] = inspection_check_org_name(&r, w->org_id);
		cells[1] = yes_no(w->in_term, w->covered);
		cells[2] = last[0] ? last : "-";
		cells[3] = yes_no(w->in_year, w->self_inspected);
		cells[4] = overdue;
		party_doc_row(&d, cells);
	}
	rc = party_doc_render(&d, out, err);
out:
	party_doc_release(&d);
	org_release(&parent);
	inspection_check_report_release(&r);
	return rc;
}
