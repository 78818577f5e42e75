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
