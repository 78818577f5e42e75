/*
 * h-meeting-docs.c - a meeting's documents (svc/meeting-doc.c,
 * meeting-ics.c, meeting-report.c): the minutes and the resolution as
 * PDF, the calendar feeds of a cell and of a member (.ics), and the
 * monthly upward report (.xlsx).  The scope is the store's: outside it,
 * 404.
 */
#include "http/http-int.h"

#include <string.h>

#include "util/banned.h"

#define XLSX_TYPE \
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Answers out's bytes with type and disposition, or the error. */
static int
reply_doc(struct request *r, int rc, struct sb *out, struct cb_error *err,
    const char *type, const char *disposition)
{
	char *data;
	size_t len;

	if (rc != 0) {
		sb_release(out);
		return req_fail(r, rc, err);
	}
	if ((data = sb_detach(out, &len)) == NULL)
		return req_fail(r, cb_error_set(err, CB_ENOMEM, NULL, NULL),
		    err);
	reply_raw(r, 200, data, len, type);
	r->disposition = disposition;
	cb_error_release(err);
	return 0;
}

static int
meeting_pdf(struct request *r, enum meeting_doc which)
{
	struct cb_error err = CB_ERROR_INIT;
	struct sb out;
	int rc;

	sb_init(&out, SB_MAX_DEFAULT);
	rc = svc_meeting_doc_filled(&r->svc, req_id(r, "id"), which, &out,
	    &err);
	/* "bien-ban.pdf" / "Biên bản.pdf", "nghi-quyet.pdf" / "Nghị
	 * quyết.pdf" (RFC 6266, RFC 5987). */
	return reply_doc(r, rc, &out, &err, "application/pdf",
	    which == MEETING_DOC_MINUTES ?
	        "attachment; filename=\"bien-ban.pdf\"; "
	        "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf" :
	        "attachment; filename=\"nghi-quyet.pdf\"; "
	        "filename*=UTF-8''Ngh%E1%BB%8B%20quy%E1%BA%BFt.pdf");
}

/* GET /api/v1/meetings/{id}/minutes.pdf */
int
h_meeting_minutes_pdf(struct request *r)
{
	return meeting_pdf(r, MEETING_DOC_MINUTES);
}

/* GET /api/v1/meetings/{id}/resolution.pdf */
int
h_meeting_resolution_pdf(struct request *r)
{
	return meeting_pdf(r, MEETING_DOC_RESOLUTION);
}

#define ICS_TYPE "text/calendar; charset=utf-8"

/* GET /api/v1/orgs/{id}/meetings.ics */
int
h_org_meetings_ics(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct sb out;

	sb_init(&out, SB_MAX_DEFAULT);
	return reply_doc(r,
	    svc_meeting_ics(&r->svc, req_id(r, "id"), 0, &out, &err), &out,
	    &err, ICS_TYPE, "inline; filename=\"meetings.ics\"");
}

/* GET /api/v1/members/{id}/meetings.ics */
int
h_member_meetings_ics(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct sb out;

	sb_init(&out, SB_MAX_DEFAULT);
	return reply_doc(r,
	    svc_meeting_ics(&r->svc, 0, req_id(r, "id"), &out, &err), &out,
	    &err, ICS_TYPE, "inline; filename=\"meetings.ics\"");
}

/* GET /api/v1/orgs/{id}/meetings/report.xlsx?month=YYYY-MM */
int
h_org_meetings_report(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	const char *month = req_query(r, "month");
	struct sb out;

	if (month == NULL) {
		cb_error_set(&err, CB_EINVAL, "invalid_query", NULL);
		return req_fail(r,
		    cb_error_field(&err, 0, "month", "required", NULL), &err);
	}
	sb_init(&out, SB_MAX_DEFAULT);
	return reply_doc(r,
	    svc_meeting_report(&r->svc, req_id(r, "id"), month, &out, &err),
	    &out, &err, XLSX_TYPE,
	    "attachment; filename=\"bao-cao-sinh-hoat-chi-bo.xlsx\"");
}
