/*
 * h-reports.c - the yearly classification report (issue 15): GET
 * /api/v1/reports/classification?org=&year=&format=xlsx|pdf|csv (an
 * organisation's evaluations of the year: summary by level, members and
 * organisations by level, the cap on excellent, the decisions that differ
 * from the computed level).  svc/classification-report.c reads and checks
 * access (evaluation.read on the organisation).
 */
#include "http/http-int.h"

#include <string.h>

#include "util/banned.h"

#define XLSX_TYPE \
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

int
h_reports_classification(struct request *r)
{
	static const char *const types[] = { [CLASSREP_XLSX] = XLSX_TYPE,
		[CLASSREP_PDF] = "application/pdf",
		[CLASSREP_CSV] = "text/csv; charset=utf-8" };
	/* "xep-loai-2026.pdf" (RFC 6266): ASCII, no quoting needed. */
	static const char *const exts[] = { [CLASSREP_XLSX] = "xlsx",
		[CLASSREP_PDF] = "pdf",
		[CLASSREP_CSV] = "csv" };
	struct cb_error err = CB_ERROR_INIT;
	const char *format = NULL;
	int64_t org = 0, y = 0;
	struct sb out;
	char *data;
	size_t len;
	int rc, fmt = CLASSREP_XLSX;

	if ((rc = query_int(r, "year", DATE_YEAR_MIN, DATE_YEAR_MAX - 1, 0, &y,
	         &err)) != 0 ||
	    (rc = query_text(r, "format", 8, &format, &err)) != 0 ||
	    (rc = query_org(r, "org", &org, &err)) != 0)
		return req_fail(r, rc, &err);
	if (y == 0) {
		cb_error_set(&err, CB_EINVAL, "invalid_query", NULL);
		rc = cb_error_field(&err, 0, "year", "required", NULL);
		return req_fail(r, rc, &err);
	}
	if (format != NULL && (fmt = classrep_format_parse(format)) < 0) {
		cb_error_set(&err, CB_EINVAL, "invalid_query", NULL);
		rc = cb_error_field(&err, 0, "format", "invalid_value",
		    "xlsx, pdf, csv");
		return req_fail(r, rc, &err);
	}
	sb_init(&out, SB_MAX_DEFAULT);
	if ((rc = svc_classification_report_render(&r->svc, org, (int)y,
	         (enum classrep_format)fmt, &out, &err)) != 0) {
		sb_release(&out);
		return req_fail(r, rc, &err);
	}
	if ((data = sb_detach(&out, &len)) == NULL)
		return req_fail(r, cb_error_set(&err, CB_ENOMEM, NULL, NULL),
		    &err);
	reply_raw(r, 200, data, len, types[fmt]);
	snprintf(r->disposition_buf, sizeof(r->disposition_buf),
	    "attachment; filename=\"xep-loai-%d.%s\"", (int)y, exts[fmt]);
	r->disposition = r->disposition_buf;
	cb_error_release(&err);
	return 0;
}
