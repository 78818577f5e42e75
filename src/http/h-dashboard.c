/*
 * h-dashboard.c - the dashboard of the Resolution's targets (issue 15):
 * GET /api/v1/dashboard?org=&year=&years= (an organisation's subtree in a
 * year: members and cells by level against the targets, the trend, the
 * meetings, the inspection coverage, discipline counts, a row per direct
 * subordinate).  svc/dashboard.c reads the kept figures and checks
 * access (dashboard.read on the organisation).
 */
#include "http/http-int.h"

#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

int
h_dashboard(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct dashboard_report rep;
	int64_t org = 0, y = 0, years = 0;
	char *body;
	size_t len;
	int rc;

	memset(&rep, 0, sizeof(rep));
	if ((rc = query_int(r, "year", DATE_YEAR_MIN, DATE_YEAR_MAX - 1, 0, &y,
	         &err)) != 0 ||
	    (rc = query_int(r, "years", 1, DASHBOARD_TREND_MAX, 0, &years,
	         &err)) != 0 ||
	    (rc = query_org(r, "org", &org, &err)) != 0)
		return req_fail(r, rc, &err);
	/* The current year by default. */
	if (y == 0)
		y = strtol(r->svc.today, NULL, 10);
	if ((rc = svc_dashboard(&r->svc, org, (int)y, (int)years, &rep,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	/* The text at once (the rows without a tree of JSON values). */
	if ((body = dashboard_to_text(&rep, &len)) != NULL)
		reply_raw(r, 200, body, len, "application/json");
	else
		req_fail_code(r, CB_ENOMEM, "out_of_memory", NULL);
	dashboard_report_release(&rep);
	return 0;
}
