/*
 * meeting-material.c - a meeting's materials, the QR check-in and the
 * paper sign-in sheet (issue 13; svc.h):
 *
 * - materials: the type told by the content (util/filetype.h), never by
 *   the name or the sender; the size limit CHIBO_MATERIAL_MAX_BYTES; the
 *   SHA-256 kept; each write audited (meeting.material_add,
 *   meeting.material_delete);
 * - check-in codes: "<meeting id, expiry>" signed with HMAC-SHA-256
 *   (libsodium's crypto_auth_hmacsha256, util/hash.h) under the key
 *   "checkin" that the store makes once (store_secret); the member's
 *   check-in judged by core/meeting-checkin.c and written as the system
 *   once judged (a member may not record attendance otherwise), audited
 *   (meeting.checkin);
 * - the sign-in sheet: a CSV whose every row is judged before any is
 *   written, all or nothing (meeting.attendance_import).
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/entity.h"
#include "core/meeting-checkin.h"
#include "core/meeting.h"
#include "util/date.h"
#include "util/filetype.h"
#include "util/hash.h"
#include "util/table.h"
#include "util/text.h"

#include "util/banned.h"

#define MATERIAL_MAX_DEFAULT ((size_t)20 * 1024 * 1024)

size_t
svc_material_max_bytes(void)
{
	const char *env = getenv("CHIBO_MATERIAL_MAX_BYTES");
	char *end;
	unsigned long long v;

	if (env == NULL || env[0] < '0' || env[0] > '9')
		return MATERIAL_MAX_DEFAULT;
	v = strtoull(env, &end, 10);
	if (*end != '\0' || v == 0)
		return MATERIAL_MAX_DEFAULT;
	return (size_t)v;
}

json_t *
meeting_material_to_json(const struct meeting_material *m)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:s, s:s?, s:s}",
	    "id", (json_int_t)m->id, "meeting_id", (json_int_t)m->meeting_id,
	    "name", m->name, "content_type", m->content_type, "size",
	    (json_int_t)m->size, "sha256", m->sha256, "available_at",
	    m->available_at, "recorded_by", m->recorded_by, "created_at",
	    m->created_at);
}

int
svc_material_add(struct svc *s, int64_t meeting_id, const char *name,
    const void *data, size_t len, const char *available_at,
    struct meeting_material *ret, struct cb_error *err)
{
	struct judged_file f = { 0 };
	char at[TIMESTAMP_LEN];
	struct meeting m;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&m, 0, sizeof(m));
	/* The meeting first: outside the scope nothing else is told.  err
	 * may hold the caller's field errors already (the form's): they
	 * are reported with these. */
	if ((rc = store_meeting_get(s->st, meeting_id, &m, NULL, err)) != 0)
		return rc;
	meeting_release(&m);
	rc = svc_file_judge(name, data, len, &f, err);
	if (rc == -CB_ETOOBIG || rc == -CB_ENOMEM)
		return rc;
	ret->name = f.name;
	ret->content_type = f.content_type;
	if (available_at == NULL || available_at[0] == '\0')
		timestamp_utc(time(NULL), at);
	else if (datetime_parse_iso(available_at, at) != 0)
		cb_error_field(err, 0, "available_at", "invalid_datetime",
		    strlen(available_at) < 40 ? available_at : "");
	if (err->nfields > 0 || err->code != CB_OK) {
		meeting_material_release(ret);
		return -err->code;
	}
	ret->meeting_id = meeting_id;
	ret->size = (int64_t)len;
	ret->sha256 = strdup(f.sha256);
	ret->available_at = strdup(at);
	ret->recorded_by = strdup(s->actor);
	if (ret->content_type == NULL || ret->sha256 == NULL ||
	    ret->available_at == NULL || ret->recorded_by == NULL ||
	    (ret->data = malloc(len ? len : 1)) == NULL) {
		meeting_material_release(ret);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	memcpy(ret->data, data, len);
	if ((rc = store_begin(s->st, err)) != 0)
		goto fail;
	if ((rc = store_meeting_get(s->st, meeting_id, &m, NULL, err)) != 0 ||
	    (rc = store_material_insert(s->st, ret, err)) != 0 ||
	    (rc = svc_audit(s, "meeting.material_add", "meeting", meeting_id,
	         m.org_id, NULL, meeting_material_to_json(ret), NULL, err)) !=
	        0 ||
	    (rc = svc_meeting_check_keep_meeting(s, &m, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0) {
		rc = svc_fail(s, rc);
		goto fail;
	}
	meeting_release(&m);
	free(ret->data);
	ret->data = NULL;
	return 0;
fail:
	meeting_release(&m);
	meeting_material_release(ret);
	return rc;
}

int
svc_material_list(struct svc *s, int64_t meeting_id,
    struct meeting_material_list *ret, struct cb_error *err)
{
	return store_material_list(s->st, meeting_id, ret, err);
}

int
svc_material_get(struct svc *s, int64_t meeting_id, int64_t id,
    struct meeting_material *ret, struct cb_error *err)
{
	return store_material_get(s->st, meeting_id, id, ret, err);
}

int
svc_material_delete(struct svc *s, int64_t meeting_id, int64_t id,
    struct cb_error *err)
{
	struct meeting_material old;
	struct meeting m;
	int rc;

	memset(&old, 0, sizeof(old));
	memset(&m, 0, sizeof(m));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_meeting_get(s->st, meeting_id, &m, NULL, err)) != 0 ||
	    (rc = store_material_delete(s->st, meeting_id, id, &old, err)) !=
	        0 ||
	    (rc = svc_audit(s, "meeting.material_delete", "meeting",
	         meeting_id, m.org_id, meeting_material_to_json(&old), NULL,
	         NULL, err)) != 0 ||
	    (rc = svc_meeting_check_keep_meeting(s, &m, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		rc = svc_fail(s, rc);
	meeting_release(&m);
	meeting_material_release(&old);
	return rc;
}

/* ----------------------------------------------------------- check-in */

#define CHECKIN_PAYLOAD 16 /* meeting id, expiry: 8 bytes each, big end */
#define CHECKIN_RAW (CHECKIN_PAYLOAD + HASH_MAC_LEN)
#define CHECKIN_DOMAIN "chibo-checkin-v1:"

static void
put_be64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static uint64_t
get_be64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

/* The MAC of a payload under the check-in key. */
static void
checkin_mac(const unsigned char key[32],
    const unsigned char payload[CHECKIN_PAYLOAD],
    unsigned char out[HASH_MAC_LEN])
{
	unsigned char buf[sizeof(CHECKIN_DOMAIN) - 1 + CHECKIN_PAYLOAD];

	memcpy(buf, CHECKIN_DOMAIN, sizeof(CHECKIN_DOMAIN) - 1);
	memcpy(buf + sizeof(CHECKIN_DOMAIN) - 1, payload, CHECKIN_PAYLOAD);
	hash_hmac_sha256(key, 32, buf, sizeof(buf), out);
}

/* Whether member is on the meeting's roll (a row in meeting_attendance,
 * store_meeting_insert's snapshot): *ret member, or 0. */
static int
on_roll(struct svc *s, int64_t meeting_id, int64_t member, int64_t *ret,
    struct cb_error *err)
{
	struct meeting_attendance_list l = { 0 };
	size_t i;
	int rc;

	*ret = 0;
	if ((rc = store_meeting_attendance(s->st, meeting_id, &l, err)) != 0)
		return rc;
	for (i = 0; i < l.n; i++)
		if (l.items[i].member_id == member)
			*ret = member;
	meeting_attendance_list_release(&l);
	return 0;
}

/* The meeting's organisation path (for the rules' overrides). */
static char *
meeting_path(struct svc *s, int64_t meeting_id, struct meeting *m,
    struct cb_error *err, int *rc)
{
	char *path = NULL;

	*rc = store_meeting_get(s->st, meeting_id, m, &path, err);
	return path;
}

int
svc_checkin_code(struct svc *s, int64_t meeting_id, struct checkin_code *ret,
    struct cb_error *err)
{
	unsigned char key[32], raw[CHECKIN_RAW];
	const struct rulebook *rb;
	char on[DATE_LEN], *path, *code;
	int64_t life, now = (int64_t)time(NULL);
	struct meeting m;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&m, 0, sizeof(m));
	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	if ((path = meeting_path(s, meeting_id, &m, err, &rc)) == NULL)
		return rc != 0 ? rc : cb_error_set(err, CB_ENOMEM, NULL, NULL);
	/* Only who records the meeting's attendance draws its code. */
	if ((rc = svc_allow(s, ACT_MEETING_WRITE, path, "meeting_not_found",
	         err)) != 0)
		goto out;
	snprintf(on, sizeof(on), "%.10s", m.starts_at);
	if (meeting_checkin_code_secs(rb, on, path, &life) != 0) {
		rc = cb_error_set(err, CB_ENOTFOUND, "rule_not_found",
		    RULE_MEETING_CHECKIN);
		goto out;
	}
	if ((rc = store_secret(s->st, "checkin", key, sizeof(key), err)) != 0)
		goto out;
	ret->meeting_id = meeting_id;
	ret->expires = now + life;
	put_be64(raw, (uint64_t)meeting_id);
	put_be64(raw + 8, (uint64_t)ret->expires);
	checkin_mac(key, raw, raw + CHECKIN_PAYLOAD);
	hash_wipe(key, sizeof(key));
	if ((code = hash_b64url_encode(raw, sizeof(raw))) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto out;
	}
	snprintf(ret->code, sizeof(ret->code), "%s", code);
	free(code);
	timestamp_utc((time_t)ret->expires, ret->expires_at);
out:
	meeting_release(&m);
	free(path);
	return rc;
}

/* Checks code for meeting_id at now: 0, or a field error on "code". */
static int
checkin_code_check(struct svc *s, const char *code, int64_t meeting_id,
    int64_t now, struct cb_error *err)
{
	unsigned char key[32], mac[HASH_MAC_LEN], *raw;
	size_t len = 0;
	bool ok;
	int rc;

	if (code == NULL || code[0] == '\0')
		return cb_error_field(err, 0, "code", "required", NULL);
	raw = hash_b64url_decode(code, 2 * CHECKIN_RAW, &len);
	if (raw == NULL || len != CHECKIN_RAW) {
		free(raw);
		return cb_error_field(err, 0, "code", "checkin_code_invalid",
		    NULL);
	}
	if ((rc = store_secret(s->st, "checkin", key, sizeof(key), err)) !=
	    0) {
		free(raw);
		return rc;
	}
	checkin_mac(key, raw, mac);
	hash_wipe(key, sizeof(key));
	ok = hash_mem_equal(mac, raw + CHECKIN_PAYLOAD, HASH_MAC_LEN);
	if (!ok)
		rc = cb_error_field(err, 0, "code", "checkin_code_invalid",
		    NULL);
	else if ((int64_t)get_be64(raw) != meeting_id)
		rc = cb_error_field(err, 0, "code",
		    "checkin_code_other_meeting", NULL);
	else if ((int64_t)get_be64(raw + 8) < now)
		rc = cb_error_field(err, 0, "code", "checkin_code_expired",
		    NULL);
	free(raw);
	return rc;
}

int
svc_meeting_checkin(struct svc *s, int64_t meeting_id, const json_t *in,
    struct meeting_attendance *ret, struct cb_error *err)
{
	const struct principal *was = store_principal(s->st);
	const struct rulebook *rb;
	const char *key;
	const json_t *v, *code;
	int64_t now = (int64_t)time(NULL), found = 0;
	enum attendance_status st;
	struct meeting m;
	char *path = NULL, ts[TIMESTAMP_LEN];
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&m, 0, sizeof(m));
	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	json_object_foreach((json_t *)in, key, v) if (strcmp(key, "code") != 0)
	    cb_error_field(err, 0, key, "unknown_field", NULL);
	code = json_object_get(in, "code");
	if (code != NULL && !json_is_string(code))
		cb_error_field(err, 0, "code", "wrong_type", "string");
	if (err->nfields > 0)
		return -CB_EINVAL;
	if ((path = meeting_path(s, meeting_id, &m, err, &rc)) == NULL)
		return rc != 0 ? rc : cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if ((rc = checkin_code_check(s, json_string_value(code), meeting_id,
	         now, err)) != 0)
		goto out;
	/* Only the caller, and only if on the meeting's roll. */
	if (s->who->member_id <= 0) {
		rc = cb_error_set(err, CB_EPERM, "checkin_not_a_member", NULL);
		goto out;
	}
	store_set_principal(s->st, NULL);
	rc = on_roll(s, meeting_id, s->who->member_id, &found, err);
	store_set_principal(s->st, was);
	if (rc != 0)
		goto out;
	if (found != s->who->member_id) {
		cb_error_set(err, CB_EPERM, "not_on_roll", NULL);
		rc = cb_error_field(err, 0, "member_id", "not_on_roll", NULL);
		goto out;
	}
	if ((rc = meeting_checkin_judge(&m, now, rb, path, &st, err)) != 0)
		goto out;
	ret->meeting_id = meeting_id;
	ret->member_id = s->who->member_id;
	ret->status = st;
	timestamp_utc((time_t)now, ts);
	if (m.online && (ret->joined_at = strdup(ts)) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto out;
	}
	if ((ret->recorded_by = strdup(s->actor)) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto out;
	}
	if ((rc = store_begin(s->st, err)) != 0)
		goto out;
	/* Judged: written as the system (a member may not record
	 * attendance otherwise). */
	store_set_principal(s->st, NULL);
	rc = store_meeting_attendance_set(s->st, ret, err);
	store_set_principal(s->st, was);
	if (rc != 0 ||
	    (rc = svc_audit(s, "meeting.checkin", "meeting", meeting_id,
	         m.org_id, NULL,
	         entity_to_json(&meeting_attendance_entity, ret), NULL,
	         err)) != 0 ||
	    (rc = svc_meeting_check_keep_meeting(s, &m, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		rc = svc_fail(s, rc);
out:
	meeting_release(&m);
	free(path);
	return rc;
}

/* ------------------------------------------------------- sign-in sheet */

enum { COL_ID, COL_CARD, COL_NAME, COL_BIRTH, COL_STATUS, COL_REASON, NCOLS };

/* The headings a sheet may use, folded (text_fold), per column. */
static const char *const col_aliases[][4] = {
	[COL_ID] = { "member_id", "ma dang vien", "id", NULL },
	[COL_CARD] = { "card_no", "so the dang vien", "so the", NULL },
	[COL_NAME] = { "full_name", "ho va ten", "ho ten", NULL },
	[COL_BIRTH] = { "birth_date", "ngay sinh", NULL, NULL },
	[COL_STATUS] = { "status", "diem danh", "tinh trang", NULL },
	[COL_REASON] = { "reason", "ly do", NULL, NULL },
};

/* The statuses a sheet may write, folded, per status. */
static const struct {
	const char *text;
	enum attendance_status st;
} status_words[] = {
	{ "present", ATTENDANCE_PRESENT },
	{ "co mat", ATTENDANCE_PRESENT },
	{ "late", ATTENDANCE_LATE },
	{ "di muon", ATTENDANCE_LATE },
	{ "muon", ATTENDANCE_LATE },
	{ "absent_excused", ATTENDANCE_ABSENT_EXCUSED },
	{ "vang co ly do", ATTENDANCE_ABSENT_EXCUSED },
	{ "absent_unexcused", ATTENDANCE_ABSENT_UNEXCUSED },
	{ "vang khong ly do", ATTENDANCE_ABSENT_UNEXCUSED },
};

static int
column_of(const char *heading)
{
	char *f = text_fold(heading);
	int c, i, found = -1;

	if (f == NULL)
		return -1;
	for (c = 0; c < NCOLS && found < 0; c++)
		for (i = 0; i < 4 && col_aliases[c][i] != NULL; i++)
			if (strcmp(f, col_aliases[c][i]) == 0) {
				found = c;
				break;
			}
	free(f);
	return found;
}

static enum attendance_status
status_of(const char *s)
{
	char *f = text_fold(s);
	enum attendance_status st = ATTENDANCE_NONE;
	size_t i;

	if (f == NULL)
		return ATTENDANCE_NONE;
	for (i = 0; i < sizeof(status_words) / sizeof(status_words[0]); i++)
		if (strcmp(f, status_words[i].text) == 0)
			st = status_words[i].st;
	free(f);
	return st;
}

void
attendance_import_release(struct attendance_import *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		meeting_attendance_release(&r->items[i]);
	free(r->items);
	memset(r, 0, sizeof(*r));
}

/* A positive decimal id. */
static bool
parse_id(const char *s, int64_t *ret)
{
	char *end;
	long long v;

	if (*s < '1' || *s > '9')
		return false;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v <= 0)
		return false;
	*ret = v;
	return true;
}

/* The row's member: its id in *ret, or field errors (row line). */
static int
row_member(struct svc *s, const struct meeting *m, const char *const *cell,
    long line, int64_t *ret, struct cb_error *err)
{
	char *fold = NULL, bd[DATE_LEN] = "";
	struct date d;
	int64_t id = 0;
	int rc;

	*ret = 0;
	if (cell[COL_ID][0] != '\0' && !parse_id(cell[COL_ID], &id))
		return cb_error_field_given(err, line, "member_id",
		    "invalid_value", NULL, cell[COL_ID]);
	if (cell[COL_BIRTH][0] != '\0') {
		if (date_parse_any(cell[COL_BIRTH], &d) != 0)
			return cb_error_field_given(err, line, "birth_date",
			    "invalid_date", NULL, cell[COL_BIRTH]);
		date_format_iso(&d, bd);
	}
	if (id == 0 && cell[COL_CARD][0] == '\0' &&
	    (cell[COL_NAME][0] == '\0' || bd[0] == '\0'))
		return cb_error_field(err, line, "member",
		    "member_unidentified", NULL);
	if (cell[COL_NAME][0] != '\0' && bd[0] != '\0' &&
	    (fold = text_fold(cell[COL_NAME])) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	/* On the roll by id (a member transferred in is of another
	 * organisation), else found in the meeting's organisation. */
	rc = id > 0 ? on_roll(s, m->id, id, ret, err) : 0;
	if (rc == 0 && *ret == 0)
		rc = store_meeting_member_find(s->st, m->org_id, id,
		    cell[COL_CARD][0] != '\0' ? cell[COL_CARD] : NULL, fold,
		    fold != NULL ? bd : NULL, ret, err);
	free(fold);
	if (rc == 0 && *ret > 0)
		rc = on_roll(s, m->id, *ret, ret, err);
	if (rc != 0)
		return rc;
	if (*ret == 0)
		return cb_error_field(err, line, "member", "not_on_roll",
		    NULL);
	if (*ret < 0)
		return cb_error_field(err, line, "member", "member_ambiguous",
		    NULL);
	return 0;
}

int
svc_meeting_attendance_import(struct svc *s, int64_t meeting_id,
    const char *data, size_t len, bool dry_run, struct attendance_import *ret,
    struct cb_error *err)
{
	const struct principal *was = store_principal(s->st);
	int col[NCOLS], c, rc;
	struct table t;
	struct meeting m;
	char *path = NULL;
	size_t i, j;

	memset(ret, 0, sizeof(*ret));
	memset(&t, 0, sizeof(t));
	memset(&m, 0, sizeof(m));
	ret->dry_run = dry_run;
	if ((path = meeting_path(s, meeting_id, &m, err, &rc)) == NULL)
		return rc != 0 ? rc : cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if ((rc = svc_allow(s, ACT_MEETING_WRITE, path, "meeting_not_found",
	         err)) != 0)
		goto out;
	if ((rc = table_parse_csv(data, len, 10000, &t, err)) != 0)
		goto out;
	for (c = 0; c < NCOLS; c++)
		col[c] = -1;
	for (i = 0; t.nrows > 0 && i < t.rows[0].ncells; i++)
		if ((c = column_of(t.rows[0].cells[i])) >= 0 && col[c] < 0)
			col[c] = (int)i;
	if (col[COL_STATUS] < 0)
		cb_error_field(err, 0, "status", "column_missing", NULL);
	if (col[COL_ID] < 0 && col[COL_CARD] < 0 &&
	    (col[COL_NAME] < 0 || col[COL_BIRTH] < 0))
		cb_error_field(err, 0, "member", "column_missing", NULL);
	if (err->nfields > 0) {
		cb_error_set(err, CB_EINVAL, "invalid_sheet", NULL);
		rc = -CB_EINVAL;
		goto out;
	}
	if (t.nrows > 1 &&
	    (ret->items = calloc(t.nrows - 1, sizeof(*ret->items))) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto out;
	}
	/* Every row judged, every problem reported. */
	store_set_principal(s->st, NULL);
	for (i = 1; i < t.nrows; i++) {
		const struct table_row *row = &t.rows[i];
		const char *cell[NCOLS];
		struct meeting_attendance *a = &ret->items[ret->n];
		struct cb_error one = CB_ERROR_INIT;
		size_t blank = 0;
		int64_t who = 0;

		for (c = 0; c < NCOLS; c++)
			cell[c] = col[c] >= 0 && (size_t)col[c] < row->ncells ?
			    row->cells[col[c]] :
			    "";
		for (j = 0; j < row->ncells; j++)
			blank += row->cells[j][0] == '\0';
		if (blank == row->ncells)
			continue; /* an empty line */
		if ((rc = row_member(s, &m, cell, row->line, &who, err)) !=
		        0 &&
		    rc != -CB_EINVAL)
			break;
		for (j = 0; who > 0 && j < ret->n; j++)
			if (ret->items[j].member_id == who) {
				cb_error_field(err, row->line, "member",
				    "duplicate_member", NULL);
				who = 0;
			}
		a->meeting_id = meeting_id;
		a->member_id = who;
		if ((a->status = status_of(cell[COL_STATUS])) ==
		    ATTENDANCE_NONE)
			cb_error_field_given(err, row->line, "status",
			    cell[COL_STATUS][0] == '\0' ?
			        "required" :
			        "invalid_value",
			    "present, late, absent_excused, absent_unexcused",
			    cell[COL_STATUS]);
		if (cell[COL_REASON][0] != '\0' &&
		    (a->reason = text_clean(cell[COL_REASON])) == NULL)
			cb_error_field(err, row->line, "reason",
			    "invalid_text", NULL);
		if (a->status != ATTENDANCE_NONE &&
		    meeting_attendance_validate(a, &m, &one) != 0)
			for (j = 0; j < one.nfields; j++)
				cb_error_field_copy(err, row->line,
				    &one.fields[j]);
		cb_error_release(&one);
		if ((a->recorded_by = strdup(s->actor)) == NULL) {
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
			break;
		}
		ret->n++;
		rc = 0;
	}
	store_set_principal(s->st, was);
	if (rc == 0 && err->nfields > 0) {
		cb_error_set(err, CB_EINVAL, "validation_failed", NULL);
		rc = -CB_EINVAL;
	}
	if (rc == 0 && ret->n == 0) {
		cb_error_set(err, CB_EINVAL, "invalid_sheet", NULL);
		rc = cb_error_field(err, 0, "file", "no_rows", NULL);
	}
	if (rc != 0 || dry_run)
		goto out;
	if ((rc = store_begin(s->st, err)) != 0)
		goto out;
	for (i = 0; i < ret->n && rc == 0; i++)
		rc = store_meeting_attendance_set(s->st, &ret->items[i], err);
	if (rc == 0) {
		json_t *list = json_array();

		for (i = 0; i < ret->n; i++)
			json_array_append_new(list,
			    entity_to_json(&meeting_attendance_entity,
			        &ret->items[i]));
		rc = svc_audit(s, "meeting.attendance_import", "meeting",
		    meeting_id, m.org_id, NULL,
		    json_pack("{s:o}", "rows", list), NULL, err);
	}
	if (rc == 0)
		rc = svc_meeting_check_keep_meeting(s, &m, err);
	if (rc == 0)
		rc = store_commit(s->st, err);
	if (rc != 0)
		rc = svc_fail(s, rc);
out:
	if (rc != 0 && !(rc == -CB_EINVAL && err->nfields > 0))
		attendance_import_release(ret);
	table_release(&t);
	meeting_release(&m);
	free(path);
	return rc;
}
