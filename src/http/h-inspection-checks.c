/*
 * h-inspection-checks.c - the inspection coverage check (issue 14): GET
 * /api/v1/checks/inspection?year=&org= (a committee's direct subordinate
 * organisations against the term's and the year's targets, the findings
 * and the coverage map's rows).  svc/inspection-check.c reads, judges and
 * checks access.
 */
#include "http/http-int.h"

#include <string.h>

#include "util/banned.h"

int
h_checks_inspection(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_check_report rep;
	int64_t org = 0, y = 0;
	int rc;

	memset(&rep, 0, sizeof(rep));
	if ((rc = query_int(r, "year", DATE_YEAR_MIN, DATE_YEAR_MAX - 1, 0, &y,
	         &err)) != 0 ||
	    (rc = query_org(r, "org", &org, &err)) != 0)
		return req_fail(r, rc, &err);
	if (y == 0) {
		cb_error_set(&err, CB_EINVAL, "invalid_query", NULL);
		rc = cb_error_field(&err, 0, "year", "required", NULL);
		return req_fail(r, rc, &err);
	}
	if ((rc = svc_inspection_check(&r->svc, org, (int)y, &rep, &err)) != 0)
		return req_fail(r, rc, &err);
	reply_json(r, 200, inspection_check_to_json(&rep, r->lang));
	inspection_check_report_release(&rep);
	return 0;
}

#define XLSX_TYPE \
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* GET /api/v1/checks/inspection/report.xlsx|pdf?year=&org=: the year's
 * report (svc/inspection-report.c). */
static int
report(struct request *r, bool pdf)
{
	struct cb_error err = CB_ERROR_INIT;
	int64_t org = 0, y = 0;
	struct sb out;
	char *data;
	size_t len;
	int rc;

	if ((rc = query_int(r, "year", DATE_YEAR_MIN, DATE_YEAR_MAX - 1, 0, &y,
	         &err)) != 0 ||
	    (rc = query_org(r, "org", &org, &err)) != 0)
		return req_fail(r, rc, &err);
	if (y == 0) {
		cb_error_set(&err, CB_EINVAL, "invalid_query", NULL);
		rc = cb_error_field(&err, 0, "year", "required", NULL);
		return req_fail(r, rc, &err);
	}
	sb_init(&out, SB_MAX_DEFAULT);
	rc = pdf ?
	    svc_inspection_report_pdf(&r->svc, org, (int)y, &out, &err) :
	    svc_inspection_report_xlsx(&r->svc, org, (int)y, &out, &err);
	if (rc != 0) {
		sb_release(&out);
		return req_fail(r, rc, &err);
	}
	if ((data = sb_detach(&out, &len)) == NULL)
		return req_fail(r, cb_error_set(&err, CB_ENOMEM, NULL, NULL),
		    &err);
	reply_raw(r, 200, data, len, pdf ? "application/pdf" : XLSX_TYPE);
	/* "bao-cao-kiem-tra-giam-sat.pdf" (RFC 6266). */
	r->disposition = pdf ?
	    "attachment; filename=\"bao-cao-kiem-tra-giam-sat.pdf\"" :
	    "attachment; filename=\"bao-cao-kiem-tra-giam-sat.xlsx\"";
	cb_error_release(&err);
	return 0;
}

int
h_checks_inspection_xlsx(struct request *r)
{
	return report(r, false);
}

int
h_checks_inspection_pdf(struct request *r)
{
	return report(r, true);
}
