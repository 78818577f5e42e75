/*
 * h-meeting-materials.c - a meeting's materials (multipart upload through
 * libmicrohttpd's post processor, list, download, delete), its QR
 * check-in (the code, its picture, a member's check-in) and its paper
 * sign-in sheet (CSV import).  svc judges everything (the file's type by
 * its content, the scope, the code's signature and the meeting's hours).
 */
#include "http/http-int.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "util/qr.h"

#include "util/banned.h"

/* --------------------------------------------------------- materials */

static enum MHD_Result
form_part(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *content_type,
    const char *transfer_encoding, const char *data, uint64_t off, size_t size)
{
	struct upload_form *f = cls;

	(void)kind;
	(void)content_type; /* never trusted: svc reads the content */
	(void)transfer_encoding;
	if (key != NULL && strcmp(key, "file") == 0) {
		if (off == 0 && f->have_file && f->file.len > 0)
			f->file_twice = true;
		f->have_file = true;
		if (filename != NULL && f->file_name == NULL &&
		    (f->file_name = strdup(filename)) == NULL)
			return MHD_NO;
		if (f->file.len + size > svc_material_max_bytes()) {
			f->too_big = true;
			return MHD_YES;
		}
		if (size > 0 && sb_addn(&f->file, data, size) != 0)
			return MHD_NO;
	} else if (key != NULL && f->takes_available_at &&
	    strcmp(key, "available_at") == 0) {
		if (size > 0 && sb_addn(&f->available_at, data, size) != 0)
			return MHD_NO;
	} else if (!f->unknown) {
		f->unknown = true;
		snprintf(f->unknown_key, sizeof(f->unknown_key), "%s",
		    key != NULL ? key : "");
	}
	return MHD_YES;
}

void
upload_form_release(struct upload_form *f)
{
	sb_release(&f->file);
	sb_release(&f->available_at);
	free(f->file_name);
}

int
upload_form_read(struct request *r, struct upload_form *f, bool available_at,
    struct cb_error *err)
{
	struct MHD_PostProcessor *pp;
	const char *ct = req_header(r, "Content-Type");
	bool ok;

	memset(f, 0, sizeof(*f));
	f->takes_available_at = available_at;
	sb_init(&f->file, svc_material_max_bytes() + 1);
	sb_init(&f->available_at, 64);
	if (ct == NULL || strncasecmp(ct, "multipart/form-data", 19) != 0 ||
	    (pp = MHD_create_post_processor(r->conn, 64 * 1024, form_part,
	         f)) == NULL)
		return cb_error_set(err, CB_EINVAL, "unsupported_media_type",
		    "multipart/form-data");
	ok = MHD_post_process(pp, r->body.buf != NULL ? r->body.buf : "",
	         r->body.len) == MHD_YES;
	ok = MHD_destroy_post_processor(pp) == MHD_YES && ok;
	if (f->too_big) {
		char arg[32];

		snprintf(arg, sizeof(arg), "%zu", svc_material_max_bytes());
		cb_error_set(err, CB_ETOOBIG, "material_too_large", arg);
		return cb_error_field(err, 0, "file", "material_too_large",
		    arg);
	}
	if (!ok || sb_err(&f->file) || sb_err(&f->available_at))
		return cb_error_set(err, CB_EINVAL, "invalid_multipart", NULL);
	if (f->unknown)
		cb_error_field(err, 0, f->unknown_key, "unknown_field", NULL);
	if (f->file_twice)
		cb_error_field(err, 0, "file", "duplicate_field", NULL);
	if (!f->have_file)
		cb_error_field(err, 0, "file", "required", NULL);
	return err->nfields > 0 ? -CB_EINVAL : 0;
}

int
h_meeting_materials_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_material m;
	struct upload_form f;
	int64_t id = req_id(r, "id");
	int rc;

	struct meeting mt;

	memset(&m, 0, sizeof(m));
	memset(&mt, 0, sizeof(mt));
	/* Outside the scope the meeting is not found, whatever the body. */
	if ((rc = svc_meeting_get(&r->svc, id, &mt, &err)) != 0)
		return req_fail(r, rc, &err);
	meeting_release(&mt);
	/* The form's own problems (a field unknown, twice, missing) are
	 * reported with the file's and available_at's (every problem at
	 * once): svc adds its own to err and writes nothing. */
	if ((rc = upload_form_read(r, &f, true, &err)) != 0 &&
	    !(rc == -CB_EINVAL && err.nfields > 0)) {
		upload_form_release(&f);
		return req_fail(r, rc, &err);
	}
	rc = svc_material_add(&r->svc, id, f.file_name, f.file.buf, f.file.len,
	    f.available_at.len ? f.available_at.buf : NULL, &m, &err);
	upload_form_release(&f);
	if (rc != 0)
		return req_fail(r, rc, &err);
	reply_location(r, "/api/v1/meetings/%lld/materials/%lld",
	    (long long)id, (long long)m.id);
	reply_json(r, 201, meeting_material_to_json(&m));
	meeting_material_release(&m);
	return 0;
}

int
h_meeting_materials_list(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_material_list l = { 0 };
	json_t *items;
	size_t i;
	int rc;

	if ((rc = svc_material_list(&r->svc, req_id(r, "id"), &l, &err)) != 0)
		return req_fail(r, rc, &err);
	if ((items = json_array()) == NULL)
		goto oom;
	for (i = 0; i < l.n; i++)
		if (json_array_append_new(items,
		        meeting_material_to_json(&l.items[i])) != 0)
			goto oom;
	meeting_material_list_release(&l);
	reply_json(r, 200, json_pack("{s:o}", "items", items));
	return 0;
oom:
	json_decref(items);
	meeting_material_list_release(&l);
	return req_fail(r, cb_error_set(&err, CB_ENOMEM, NULL, NULL), &err);
}

/* name percent-encoded for filename* (RFC 8187) into out. */
static void
pct_encode(const char *name, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p != '\0' && o + 4 < size;
	     p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL) {
			out[o++] = (char)*p;
		} else {
			out[o++] = '%';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
}

static const char *const mime_ext[][2] = {
	{ "application/pdf", "pdf" },
	{ "image/png", "png" },
	{ "image/jpeg", "jpg" },
	{ "application/vnd.oasis.opendocument.text", "odt" },
	{ "application/vnd.openxmlformats-officedocument."
	  "wordprocessingml.document",
	    "docx" },
	{ "application/vnd.openxmlformats-officedocument."
	  "spreadsheetml.sheet",
	    "xlsx" },
};

/* The extension of a type the store keeps (for the ASCII name). */
static const char *
ext_of(const char *mime)
{
	size_t i;

	for (i = 0; i < sizeof(mime_ext) / sizeof(mime_ext[0]); i++)
		if (strcmp(mime, mime_ext[i][0]) == 0)
			return mime_ext[i][1];
	return "bin";
}

/* The type as a static string (the reply outlives the record). */
static const char *
mime_static(const char *mime)
{
	size_t i;

	for (i = 0; i < sizeof(mime_ext) / sizeof(mime_ext[0]); i++)
		if (strcmp(mime, mime_ext[i][0]) == 0)
			return mime_ext[i][0];
	return "application/octet-stream";
}

void
reply_stored_file(struct request *r, unsigned char *data, size_t size,
    const char *content_type, const char *name, const char *prefix, int64_t id)
{
	char enc[384];

	/* The type found from the content when it was uploaded; the
	 * server adds X-Content-Type-Options: nosniff to every answer. */
	reply_raw(r, 200, (char *)data, size, mime_static(content_type));
	pct_encode(name, enc, sizeof(enc));
	snprintf(r->disposition_buf, sizeof(r->disposition_buf),
	    "attachment; filename=\"%s-%lld.%s\"; filename*=UTF-8''%s", prefix,
	    (long long)id, ext_of(content_type), enc);
	r->disposition = r->disposition_buf;
}

int
h_meeting_material_get(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_material m;
	int rc;

	memset(&m, 0, sizeof(m));
	if ((rc = svc_material_get(&r->svc, req_id(r, "id"),
	         req_id(r, "material_id"), &m, &err)) != 0)
		return req_fail(r, rc, &err);
	reply_stored_file(r, m.data, (size_t)m.size, m.content_type, m.name,
	    "material", m.id);
	m.data = NULL;
	meeting_material_release(&m);
	return 0;
}

int
h_meeting_material_delete(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int rc;

	if ((rc = svc_material_delete(&r->svc, req_id(r, "id"),
	         req_id(r, "material_id"), &err)) != 0)
		return req_fail(r, rc, &err);
	reply_empty(r, 204);
	return 0;
}

/* ---------------------------------------------------------- check-in */

/* The address a phone opens: this server's check-in page, from the Host
 * the secretary's browser used (only a plain host[:port] is taken). */
static void
checkin_url(struct request *r, const struct checkin_code *c, char *out,
    size_t size)
{
	const char *host = req_header(r, "Host");
	const char *p;

	if (host != NULL)
		for (p = host; *p != '\0'; p++)
			if (!((*p >= 'a' && *p <= 'z') ||
			        (*p >= 'A' && *p <= 'Z') ||
			        (*p >= '0' && *p <= '9') ||
			        strchr(".-:[]", *p) != NULL)) {
				host = NULL;
				break;
			}
	if (host == NULL || host[0] == '\0' || strlen(host) > 200)
		snprintf(out, size, "/checkin/%lld?code=%s",
		    (long long)c->meeting_id, c->code);
	else
		snprintf(out, size, "%s://%s/checkin/%lld?code=%s",
		    r->tls ? "https" : "http", host, (long long)c->meeting_id,
		    c->code);
}

int
h_meeting_checkin_code(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct checkin_code c;
	char url[512];
	int rc;

	if ((rc = svc_checkin_code(&r->svc, req_id(r, "id"), &c, &err)) != 0)
		return req_fail(r, rc, &err);
	checkin_url(r, &c, url, sizeof(url));
	reply_json(r, 200,
	    json_pack("{s:s, s:s, s:s}", "code", c.code, "url", url,
	        "expires_at", c.expires_at));
	return 0;
}

int
h_meeting_checkin_code_svg(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct checkin_code c;
	struct sb svg;
	char url[512], *body;
	size_t len;
	int rc;

	if ((rc = svc_checkin_code(&r->svc, req_id(r, "id"), &c, &err)) != 0)
		return req_fail(r, rc, &err);
	checkin_url(r, &c, url, sizeof(url));
	sb_init(&svg, 0);
	if ((rc = qr_svg(url, &svg)) != 0 ||
	    (body = sb_detach(&svg, &len)) == NULL) {
		sb_release(&svg);
		return req_fail(r, cb_error_set(&err, CB_ENOMEM, NULL, NULL),
		    &err);
	}
	reply_raw(r, 200, body, len, "image/svg+xml");
	return 0;
}

int
h_meeting_checkin(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_attendance a;
	json_t *in;
	int rc;

	memset(&a, 0, sizeof(a));
	if (body_json_or_reply(r, &in) != 0)
		return 0;
	rc = svc_meeting_checkin(&r->svc, req_id(r, "id"), in, &a, &err);
	json_decref(in);
	if (rc != 0)
		return req_fail(r, rc, &err);
	reply_json(r, 200, entity_to_json(&meeting_attendance_entity, &a));
	meeting_attendance_release(&a);
	return 0;
}

/* ------------------------------------------------------ sign-in sheet */

int
h_meeting_attendance_import(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct attendance_import rep;
	bool dry_run = false;
	json_t *items;
	size_t i;
	int rc;

	if ((rc = query_bool(r, "dry_run", false, &dry_run, &err)) != 0)
		return req_fail(r, rc, &err);
	rc = svc_meeting_attendance_import(&r->svc, req_id(r, "id"),
	    r->body.buf != NULL ? r->body.buf : "", r->body.len, dry_run, &rep,
	    &err);
	if (rc != 0) {
		attendance_import_release(&rep);
		return req_fail(r, rc, &err);
	}
	if ((items = json_array()) == NULL)
		goto oom;
	for (i = 0; i < rep.n; i++)
		if (json_array_append_new(items,
		        entity_to_json(&meeting_attendance_entity,
		            &rep.items[i])) != 0)
			goto oom;
	reply_json(r, 200,
	    json_pack("{s:b, s:I, s:o}", "dry_run", rep.dry_run, "rows",
	        (json_int_t)rep.n, "items", items));
	attendance_import_release(&rep);
	return 0;
oom:
	json_decref(items);
	attendance_import_release(&rep);
	return req_fail(r, cb_error_set(&err, CB_ENOMEM, NULL, NULL), &err);
}
