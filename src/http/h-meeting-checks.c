/*
 * h-meeting-checks.c - the meetings check (issue 13): GET
 * /api/v1/checks/meetings?year=&org=&code=&limit=&cursor= (the findings
 * of a subtree by page and its counts by code) and GET
 * /api/v1/orgs/{id}/meetings/compliance?year= (the heat map of cells x
 * months).  svc/meeting-check.c reads the kept rows and checks access.
 */
#include "http/http-int.h"

#include <string.h>

#include "util/banned.h"

#define CHECK_LIMIT_DEFAULT 100

/* The year asked for: required, 1930-9999. */
static int
query_year(struct request *r, int *ret, struct cb_error *err)
{
	int64_t y = 0;
	int rc;

	if ((rc = query_int(r, "year", 1930, 9999, 0, &y, err)) != 0)
		return rc;
	if (y == 0) {
		cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
		return cb_error_field(err, 0, "year", "required", NULL);
	}
	*ret = (int)y;
	return 0;
}

int
h_checks_meetings(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_check_report rep;
	const char *cursor = NULL, *code = NULL;
	int64_t org = 0, limit = 0;
	int rc, year = 0;

	memset(&rep, 0, sizeof(rep));
	if ((rc = query_year(r, &year, &err)) != 0 ||
	    (rc = query_org(r, "org", &org, &err)) != 0 ||
	    (rc = query_text(r, "code", 40, &code, &err)) != 0 ||
	    (rc = query_int(r, "limit", 1, 1000, CHECK_LIMIT_DEFAULT, &limit,
	         &err)) != 0 ||
	    (rc = query_text(r, "cursor", 1024, &cursor, &err)) != 0)
		return req_fail(r, rc, &err);
	if ((rc = svc_meeting_check(&r->svc, org, year, code, cursor,
	         (size_t)limit, &rep, &err)) != 0)
		return req_fail(r, rc, &err);
	reply_json(r, 200, meeting_check_to_json(&rep, r->lang));
	meeting_check_report_release(&rep);
	return 0;
}

int
h_org_meeting_compliance(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_check_report rep;
	int rc, year = 0;

	memset(&rep, 0, sizeof(rep));
	if ((rc = query_year(r, &year, &err)) != 0 ||
	    (rc = svc_meeting_compliance(&r->svc, req_id(r, "id"), year, &rep,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	reply_json(r, 200, meeting_compliance_to_json(&rep));
	meeting_check_report_release(&rep);
	return 0;
}
