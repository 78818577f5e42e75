/*
 * h-members.c - the member register: list, create, show, change, delete,
 * history, events, import and export.
 */
#include "http/http-int.h"

#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <strings.h>

#include "svc/render.h"
#include "util/text.h"

#include "util/banned.h"

#define MEMBERS_LIMIT_DEFAULT 50
#define MEMBERS_LIMIT_MAX 1000
#define QUERY_TEXT_MAX 200

static int
bad_value(struct cb_error *err, const char *field, const char *allowed)
{
	cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
	return cb_error_field(err, 0, field, "invalid_value", allowed);
}

/* What the optional filters of a list point at. */
struct filter_buf {
	char *ethnicity; /* cleaned (NFC) */
	char adm_from[DATE_LEN];
	char adm_to[DATE_LEN];
	struct member_age_filter age;
};

static void
filter_buf_release(struct filter_buf *fb)
{
	free(fb->ethnicity);
	fb->ethnicity = NULL;
}

/*
 * Reads the filters shared by the list and the export: q, org, status,
 * state, sort, ethnicity, age_band (a band of the figures as of today),
 * admitted_year.  Strings in q borrow from the request and from fb
 * (released by the caller).
 */
static int
member_filters(struct request *r, struct member_query *q,
    struct filter_buf *fb, struct cb_error *err)
{
	const char *s;
	int64_t year = 0;
	int rc, v;

	q->state = MSTATE_ACTIVE;
	q->sort = MSORT_NAME;
	q->status = MSTATUS_NONE;
	if ((rc = query_text(r, "q", QUERY_TEXT_MAX, &q->q, err)) != 0 ||
	    (rc = query_org(r, "org", &q->org_id, err)) != 0)
		return rc;
	if (q->q != NULL && q->q[0] == '\0')
		q->q = NULL;
	if ((s = req_query(r, "status")) != NULL &&
	    (q->status = member_status_parse(s)) == MSTATUS_NONE)
		return bad_value(err, "status", "probationary, official");
	if ((s = req_query(r, "state")) != NULL) {
		if (strcmp(s, "any") == 0)
			q->state = MEMBER_STATE_ANY;
		else if ((v = member_state_parse(s)) < 0)
			return bad_value(err, "state",
			    "active, any, "
			    "transferred_out, died, removed, expelled, left");
		else
			q->state = v;
	}
	if ((s = req_query(r, "sort")) != NULL) {
		if ((v = member_sort_parse(s)) < 0)
			return bad_value(err, "sort",
			    "name, -name, birth_date, admitted_on, id");
		q->sort = (enum member_sort)v;
	}
	if ((rc = query_text(r, "ethnicity", QUERY_TEXT_MAX, &s, err)) != 0)
		return rc;
	if (s != NULL && s[0] != '\0') {
		if ((fb->ethnicity = text_clean(s)) == NULL)
			return cb_error_set(err, CB_ENOMEM, NULL, NULL);
		if (fb->ethnicity[0] != '\0')
			q->ethnicity = fb->ethnicity;
	}
	if ((rc = query_int(r, "admitted_year", 1900, 9999, 0, &year, err)) !=
	    0)
		return rc;
	if (year != 0) {
		snprintf(fb->adm_from, sizeof(fb->adm_from), "%04d-01-01",
		    (int)year);
		snprintf(fb->adm_to, sizeof(fb->adm_to), "%04d-12-31",
		    (int)year);
		q->admitted_from = fb->adm_from;
		q->admitted_to = fb->adm_to;
	}
	if ((s = req_query(r, "age_band")) != NULL && s[0] != '\0') {
		if ((rc = svc_member_query_age_band(&r->svc, s, &fb->age,
		         err)) != 0)
			return rc;
		q->born_after =
		    fb->age.born_after[0] ? fb->age.born_after : NULL;
		q->born_until =
		    fb->age.born_until[0] ? fb->age.born_until : NULL;
		q->birth_unknown = fb->age.birth_unknown;
	}
	return 0;
}

/* A store complaint about a query argument (the cursor) is a 400. */
static void
as_query_error(struct cb_error *err)
{
	char *m;

	if (err->code != CB_EINVAL || err->nfields == 0)
		return;
	if ((m = strdup("invalid_query")) != NULL) {
		free(err->mcode);
		err->mcode = m;
	}
}

int
h_members_list(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_query q;
	struct member_page page = { 0 };
	struct filter_buf fb = { 0 };
	int64_t limit = 0;
	const char *s;
	json_t *items;
	size_t i;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((rc = member_filters(r, &q, &fb, &err)) != 0 ||
	    (rc = query_int(r, "limit", 1, MEMBERS_LIMIT_MAX,
	         MEMBERS_LIMIT_DEFAULT, &limit, &err)) != 0 ||
	    (rc = query_text(r, "cursor", STORE_CURSOR_MAX, &q.cursor,
	         &err)) != 0) {
		filter_buf_release(&fb);
		return req_fail(r, rc, &err);
	}
	/* total=later: the page alone, its count asked apart
	 * (GET /members/count) once the page is shown. */
	if ((s = req_query(r, "total")) != NULL) {
		if (strcmp(s, "later") == 0) {
			q.no_total = true;
		} else if (strcmp(s, "now") != 0) {
			filter_buf_release(&fb);
			rc = bad_value(&err, "total", "now, later");
			return req_fail(r, rc, &err);
		}
	}
	q.limit = (size_t)limit;
	rc = svc_member_list(&r->svc, &q, &page, &err);
	filter_buf_release(&fb);
	if (rc != 0) {
		as_query_error(&err);
		return req_fail(r, rc, &err);
	}
	items = json_array();
	for (i = 0; items != NULL && i < page.n; i++)
		if (json_array_append_new(items,
		        member_to_json(&page.items[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	reply_json(r, 200,
	    items == NULL ?
	        NULL :
	        q.no_total ?
	        json_pack("{s:o, s:o}", "items", items, "next_cursor",
	            page.next_cursor ? json_string(page.next_cursor) :
	                               json_null()) :
	        json_pack("{s:o, s:o, s:I, s:b}", "items", items,
	            "next_cursor",
	            page.next_cursor ? json_string(page.next_cursor) :
	                               json_null(),
	            "total", (json_int_t)page.total, "total_exact",
	            page.total_exact));
	member_page_release(&page);
	return 0;
}

int
h_members_count(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_query q;
	struct filter_buf fb = { 0 };
	int64_t total = 0;
	bool exact = true;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((rc = member_filters(r, &q, &fb, &err)) != 0) {
		filter_buf_release(&fb);
		return req_fail(r, rc, &err);
	}
	q.limit = MEMBERS_LIMIT_DEFAULT;
	rc = svc_member_count(&r->svc, &q, &total, &exact, &err);
	filter_buf_release(&fb);
	if (rc != 0) {
		as_query_error(&err);
		return req_fail(r, rc, &err);
	}
	reply_json(r, 200,
	    json_pack("{s:I, s:b}", "total", (json_int_t)total, "total_exact",
	        exact));
	return 0;
}

/* Replies status with member m and its ETag. */
static void
reply_member(struct request *r, const struct member *m, unsigned int status)
{
	reply_json(r, status, member_to_json(m));
	reply_etag(r, m->version);
}

int
h_members_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	const struct rulebook *rb;
	struct member m;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	member_init(&m);
	if ((rb = svc_rules(&r->svc, &err)) == NULL)
		rc = err.code ? -err.code : -CB_ENOMEM;
	else if ((rc = member_apply_json(&m, body, true, rb, r->svc.today,
	              &err)) == 0)
		rc = svc_member_create(&r->svc, &m, &err);
	else /* every problem at once, not the reading ones first */
		rc = svc_member_judge_rest(&r->svc, &m, rc, &err);
	if (rc == 0) {
		reply_member(r, &m, 201);
		reply_location(r, "/api/v1/members/%lld", (long long)m.id);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	member_release(&m);
	json_decref(body);
	return 0;
}

int
h_member_get(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	int rc;

	member_init(&m);
	if ((rc = svc_member_get(&r->svc, req_id(r, "id"), &m, &err)) != 0)
		req_fail(r, rc, &err);
	else {
		reply_member(r, &m, 200);
		cb_error_release(&err);
	}
	member_release(&m);
	return 0;
}

/* The stored version, for an If-Match list (not a dossier view: nothing
 * is shown, so nothing is recorded). */
static int64_t
member_version(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int64_t v = 0;

	if (svc_member_version(&r->svc, req_id(r, "id"), &v, &err) != 0)
		v = 0;
	cb_error_release(&err);
	return v;
}

/* PATCH of a member's record, as a full edit or the contacts alone. */
static int
member_patch_as(struct request *r, bool contacts)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	if ((rc = if_match_resolve(r, member_version, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	member_init(&m);
	rc = contacts ?
	    svc_member_contacts(&r->svc, req_id(r, "id"), body, if_match, &m,
	        &err) :
	    svc_member_patch(&r->svc, req_id(r, "id"), body, if_match, &m,
	        &err);
	if (rc == 0) {
		reply_member(r, &m, 200);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	member_release(&m);
	json_decref(body);
	return 0;
}

int
h_member_patch(struct request *r)
{
	return member_patch_as(r, false);
}

int
h_member_contacts(struct request *r)
{
	return member_patch_as(r, true);
}

int
h_member_delete(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int64_t if_match = 0;
	int rc;

	if ((rc = if_match_resolve(r, member_version, &if_match, &err)) != 0 ||
	    (rc = svc_member_delete(&r->svc, req_id(r, "id"), if_match,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	reply_empty(r, 204);
	return 0;
}

int
h_member_history(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_event_list list = { 0 };
	json_t *items;
	size_t i;
	int rc;

	if ((rc = svc_member_history(&r->svc, req_id(r, "id"), &list, &err)) !=
	    0)
		return req_fail(r, rc, &err);
	items = json_array();
	for (i = 0; items != NULL && i < list.n; i++)
		if (json_array_append_new(items,
		        member_event_to_json(&list.items[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	member_event_list_release(&list);
	reply_json(r, 200, items ? json_pack("{s:o}", "items", items) : NULL);
	return 0;
}

int
h_member_event_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_event e;
	struct member m;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	if ((rc = if_match_resolve(r, member_version, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&e, 0, sizeof(e));
	member_init(&m);
	e.member_id = req_id(r, "id");
	if ((rc = member_event_from_json(body, &e, &err)) == 0 &&
	    (rc = svc_member_event(&r->svc, req_id(r, "id"), &e, if_match, &m,
	         &err)) == 0) {
		reply_member(r, &m, 200);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	member_event_release(&e);
	member_release(&m);
	json_decref(body);
	return 0;
}

/* Whether s is one line of text: no control character (a file name). */
static bool
plain_line(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* The media types an import accepts. */
static bool
import_type_ok(const char *ct)
{
	static const char *const types[] = { "text/csv",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/octet-stream", NULL };
	size_t i, n;

	if (ct == NULL)
		return false;
	while (*ct == ' ')
		ct++;
	n = strcspn(ct, "; \t");
	for (i = 0; types[i] != NULL; i++)
		if (strlen(types[i]) == n && strncasecmp(ct, types[i], n) == 0)
			return true;
	return false;
}

int
h_members_import(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct import_report rep;
	struct import_options o = { .dry_run = false };
	const char *acc = req_query(r, "accept_identity");
	/* The name of the file uploaded (for its audit entry only). */
	const char *file_name = NULL;
	long *rows = NULL;
	int rc;

	if ((rc = query_bool(r, "dry_run", false, &o.dry_run, &err)) != 0 ||
	    (rc = query_text(r, "token", IMPORT_TOKEN_LEN, &o.token, &err)) !=
	        0 ||
	    (rc = query_text(r, "file_name", 255, &file_name, &err)) != 0)
		return req_fail(r, rc, &err);
	if (file_name != NULL && !plain_line(file_name)) {
		cb_error_set(&err, CB_EINVAL, "invalid_query", NULL);
		return req_fail(r,
		    cb_error_field(&err, 0, "file_name", "invalid_text", NULL),
		    &err);
	}
	/* Over the API a file is applied only as its check found it. */
	o.require_token = true;
	if (acc != NULL) {
		rc = svc_import_rows_parse(acc, &rows, &o.naccept_identity);
		if (rc == -CB_ENOMEM)
			return req_fail(r,
			    cb_error_set(&err, CB_ENOMEM, NULL, NULL), &err);
		if (rc != 0)
			return req_fail(r,
			    bad_value(&err, "accept_identity", "12,15"), &err);
		o.accept_identity = rows;
	}
	if (!import_type_ok(req_header(r, "Content-Type"))) {
		cb_error_set(&err, CB_EINVAL, "unsupported_media_type",
		    "text/csv, application/vnd.openxmlformats-officedocument."
		    "spreadsheetml.sheet, application/octet-stream");
		free(rows);
		return req_fail(r, -CB_EINVAL, &err);
	}
	memset(&rep, 0, sizeof(rep));
	rc = svc_import_members_opts(&r->svc, file_name, r->body.buf,
	    r->body.len, &o, &rep, &err);
	free(rows);
	if (rc != 0) {
		/* The conflicts, in detail, for the office to accept. */
		json_t *c = import_conflicts_to_json(&rep);

		import_report_release(&rep);
		if (c == NULL)
			return req_fail(r, rc, &err);
		return req_fail_ext(r, rc, &err,
		    json_pack("{s:o}", "conflicts", c));
	}
	reply_json(r, 200, import_report_to_json(&rep));
	import_report_release(&rep);
	return 0;
}

/* The file types of the export's formats. */
#define XLSX_TYPE \
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
static const char *const export_types[] = {
	[EXPORT_CSV] = "text/csv; charset=utf-8",
	[EXPORT_JSON] = "application/json",
	[EXPORT_XLSX] = XLSX_TYPE,
	[EXPORT_PDF] = "application/pdf",
};

int
h_members_export(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_query q;
	struct filter_buf fb = { 0 };
	struct export_options eo = { .fmt = EXPORT_CSV };
	const char *f;
	struct sb out;
	char *data;
	size_t len;
	int rc, v;

	memset(&q, 0, sizeof(q));
	if ((f = req_query(r, "format")) != NULL) {
		if ((v = export_format_parse(f)) < 0)
			return req_fail(r,
			    bad_value(&err, "format", "csv, xlsx, pdf, json"),
			    &err);
		eo.fmt = (enum export_format)v;
	}
	if ((f = req_query(r, "headers")) != NULL) {
		if (strcmp(f, "keys") == 0)
			eo.headers = EXPORT_HEADERS_KEYS;
		else if (strcmp(f, "labels") != 0)
			return req_fail(r,
			    bad_value(&err, "headers", "labels, keys"), &err);
	}
	if ((rc = member_filters(r, &q, &fb, &err)) != 0) {
		filter_buf_release(&fb);
		return req_fail(r, rc, &err);
	}
	sb_init(&out, SB_MAX_DEFAULT);
	rc = svc_export_members(&r->svc, &q, &eo, &out, &err);
	filter_buf_release(&fb);
	if (rc != 0) {
		sb_release(&out);
		return req_fail(r, rc, &err);
	}
	if ((data = sb_detach(&out, &len)) == NULL)
		return req_fail(r, cb_error_set(&err, CB_ENOMEM, NULL, NULL),
		    &err);
	reply_raw(r, 200, data, len, export_types[eo.fmt]);
	/* An ASCII name (any client saves it) and the Vietnamese one
	 * (RFC 6266, RFC 5987): "danh-sach-dang-vien.xlsx",
	 * "Danh sách đảng viên.xlsx". */
	switch (eo.fmt) {
	case EXPORT_XLSX:
		r->disposition =
		    "attachment; "
		    "filename=\"danh-sach-dang-vien.xlsx\"; "
		    "filename*=UTF-8''Danh%20s%C3%A1ch%20%C4%91%E1"
		    "%BA%A3ng%20vi%C3%AAn.xlsx";
		break;
	case EXPORT_PDF:
		r->disposition =
		    "attachment; "
		    "filename=\"danh-sach-dang-vien.pdf\"; "
		    "filename*=UTF-8''Danh%20s%C3%A1ch%20%C4%91%E1"
		    "%BA%A3ng%20vi%C3%AAn.pdf";
		break;
	case EXPORT_JSON:
		r->disposition = "attachment; filename=\"members.json\"";
		break;
	case EXPORT_CSV:
	default:
		r->disposition = "attachment; filename=\"members.csv\"";
		break;
	}
	return 0;
}

/* GET /api/v1/members/probation?org=&all= */
int
h_members_probation(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct probation_report rep;
	int64_t org = 0;
	bool all = false;
	json_t *j;
	int rc;

	memset(&rep, 0, sizeof(rep));
	if ((rc = query_org(r, "org", &org, &err)) != 0 ||
	    (rc = query_bool(r, "all", false, &all, &err)) != 0 ||
	    (rc = svc_probation_list(&r->svc, org, all, &rep, &err)) != 0)
		return req_fail(r, rc, &err);
	j = probation_to_json(&rep);
	probation_report_release(&rep);
	reply_json(r, 200, j);
	cb_error_release(&err);
	return 0;
}
