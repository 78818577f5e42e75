/*
 * h-meetings.c - cell meetings (issue 13): list, create, show, change
 * (If-Match required), cancel, the roll with its attendance and counts,
 * one member's attendance, a member added to the roll.  The store checks
 * the scope of each meeting (store.h); svc judges and audits.
 */
#include "http/http-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "util/date.h"

#include "util/banned.h"

#define MEETINGS_LIMIT_DEFAULT 50
#define MEETINGS_LIMIT_MAX 1000

static int
bad_value(struct cb_error *err, const char *field, const char *allowed)
{
	cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
	return cb_error_field(err, 0, field, "invalid_value", allowed);
}

/* A store complaint about a query argument (the cursor, the limit) is a
 * 400. */
static void
as_query_error(struct cb_error *err)
{
	char *m;

	if (err->code != CB_EINVAL || err->nfields == 0 ||
	    (err->mcode != NULL && strcmp(err->mcode, "invalid_query") == 0))
		return;
	if ((m = strdup("invalid_query")) != NULL) {
		free(err->mcode);
		err->mcode = m;
	}
}

/* An enum of the meeting's field table from the query (0 when absent). */
static int
query_enum(struct request *r, const char *name, enum meeting_field fi,
    int *ret, struct cb_error *err)
{
	const struct field_def *f = &meeting_entity.fields[fi];
	const char *s = req_query(r, name);
	char allowed[200];

	*ret = 0;
	if (s == NULL)
		return 0;
	if ((*ret = field_enum_parse(f, s)) <= 0) {
		*ret = 0;
		field_enum_list(f, allowed, sizeof(allowed));
		return bad_value(err, name, allowed);
	}
	return 0;
}

/* The day after d ("YYYY-MM-DD"), for an inclusive "to". */
static void
next_day(const char *d, char out[DATE_LEN])
{
	struct date x;

	if (date_parse_iso(d, &x) != 0) {
		out[0] = '\0';
		return;
	}
	x = date_add_days(&x, 1);
	date_format_iso(&x, out);
}

int
h_meetings_list(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_query q;
	struct meeting_page page = { 0 };
	char from[DATE_LEN], to[DATE_LEN], to1[DATE_LEN];
	char buf[40], from_at[TIMESTAMP_LEN] = "", to_at[TIMESTAMP_LEN] = "";
	int64_t limit = 0;
	int kind = 0, status = 0, rc;
	json_t *items;
	size_t i;

	memset(&q, 0, sizeof(q));
	if ((rc = query_org(r, "org", &q.org_id, &err)) != 0 ||
	    (rc = query_date(r, "from", from, &err)) != 0 ||
	    (rc = query_date(r, "to", to, &err)) != 0 ||
	    (rc = query_enum(r, "kind", MEETING_F_kind, &kind, &err)) != 0 ||
	    (rc = query_enum(r, "status", MEETING_F_status, &status, &err)) !=
	        0 ||
	    (rc = query_int(r, "limit", 1, MEETINGS_LIMIT_MAX,
	         MEETINGS_LIMIT_DEFAULT, &limit, &err)) != 0 ||
	    (rc = query_text(r, "cursor", STORE_CURSOR_MAX, &q.cursor,
	         &err)) != 0)
		return req_fail(r, rc, &err);
	if (q.org_id == 0) {
		cb_error_set(&err, CB_EINVAL, "invalid_query", NULL);
		return req_fail(r,
		    cb_error_field(&err, 0, "org", "required", NULL), &err);
	}
	/* Dates in Asia/Ho_Chi_Minh: from its midnight, to the next one. */
	if (from[0] != '\0') {
		snprintf(buf, sizeof(buf), "%sT00:00:00+07:00", from);
		if (datetime_parse_iso(buf, from_at) != 0)
			from_at[0] = '\0';
		q.from = from_at[0] ? from_at : NULL;
	}
	if (to[0] != '\0') {
		next_day(to, to1);
		snprintf(buf, sizeof(buf), "%sT00:00:00+07:00", to1);
		if (datetime_parse_iso(buf, to_at) != 0)
			to_at[0] = '\0';
		q.before = to_at[0] ? to_at : NULL;
	}
	q.kind = (enum meeting_kind)kind;
	q.status = (enum meeting_status)status;
	q.limit = (size_t)limit;
	if ((rc = svc_meeting_list(&r->svc, &q, &page, &err)) != 0) {
		as_query_error(&err);
		return req_fail(r, rc, &err);
	}
	items = json_array();
	for (i = 0; items != NULL && i < page.list.n; i++)
		if (json_array_append_new(items,
		        entity_to_json(&meeting_entity,
		            &page.list.items[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	reply_json(r, 200,
	    items ?
	        json_pack("{s:o, s:o}", "items", items, "next_cursor",
	            page.next_cursor ? json_string(page.next_cursor) :
	                               json_null()) :
	        NULL);
	meeting_page_release(&page);
	return 0;
}

static void
reply_meeting(struct request *r, const struct meeting *m, unsigned int status)
{
	reply_json(r, status, entity_to_json(&meeting_entity, m));
	reply_etag(r, m->version);
}

int
h_meetings_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&m, 0, sizeof(m));
	if ((rc = svc_meeting_create(&r->svc, body, &m, &err)) == 0) {
		reply_meeting(r, &m, 201);
		reply_location(r, "/api/v1/meetings/%lld", (long long)m.id);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	meeting_release(&m);
	json_decref(body);
	return 0;
}

int
h_meeting_get(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m;
	int rc;

	memset(&m, 0, sizeof(m));
	if ((rc = svc_meeting_get(&r->svc, req_id(r, "id"), &m, &err)) != 0)
		return req_fail(r, rc, &err);
	reply_meeting(r, &m, 200);
	meeting_release(&m);
	return 0;
}

static int64_t
meeting_version(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int64_t v = 0;

	if (svc_meeting_version(&r->svc, req_id(r, "id"), &v, &err) != 0)
		v = 0;
	cb_error_release(&err);
	return v;
}

/* The If-Match a change needs: 428 without it. */
static int
need_if_match(struct request *r, int64_t *ret, struct cb_error *err)
{
	if (!if_match_present(r))
		return cb_error_set(err, CB_EPRECOND, "if_match_required",
		    NULL);
	return if_match_resolve(r, meeting_version, ret, err);
}

int
h_meeting_patch(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	/* The meeting first: a missing one is 404 whatever the header. */
	memset(&m, 0, sizeof(m));
	if ((rc = svc_meeting_get(&r->svc, req_id(r, "id"), &m, &err)) != 0)
		return req_fail(r, rc, &err);
	meeting_release(&m);
	if ((rc = need_if_match(r, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	if ((rc = svc_meeting_patch(&r->svc, req_id(r, "id"), body, if_match,
	         &m, &err)) == 0) {
		reply_meeting(r, &m, 200);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	meeting_release(&m);
	json_decref(body);
	return 0;
}

int
h_meeting_cancel(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m;
	int64_t if_match = 0;
	json_t *body;
	int rc;

	/* If-Match is optional here: cancelling is one transition. */
	if ((rc = if_match_resolve(r, meeting_version, &if_match, &err)) != 0)
		return req_fail(r, rc, &err);
	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&m, 0, sizeof(m));
	if ((rc = svc_meeting_cancel(&r->svc, req_id(r, "id"), body, if_match,
	         &m, &err)) == 0) {
		reply_meeting(r, &m, 200);
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	meeting_release(&m);
	json_decref(body);
	return 0;
}

/* One member on the roll as the API shows it. */
static json_t *
roll_item_json(const struct meeting_attendance *a)
{
	json_t *j = entity_to_json(&meeting_attendance_entity, a);

	if (j != NULL)
		json_object_set_new(j, "name",
		    a->member_name ?
		        json_string(a->member_name) :
		        json_null());
	return j;
}

static json_t *
roll_counts_json(const struct meeting_roll_counts *c)
{
	json_t *by = json_object(), *row;
	int rl, st;

	for (rl = ROLL_OFFICIAL; by != NULL && rl < ROLL__MAX; rl++) {
		if ((row = json_object()) == NULL)
			break;
		for (st = 0; st < ATTENDANCE__MAX; st++)
			json_object_set_new(row,
			    st ? attendance_status_names[st] : "unrecorded",
			    json_integer(c->by[rl][st]));
		json_object_set_new(by, meeting_roll_names[rl], row);
	}
	return json_pack(
	    "{s:I, s:I, s:I, s:I, s:I, s:I,"
	    " s:{s:I, s:I}, s:{s:I, s:I}, s:{s:I, s:I}, s:{s:I, s:I},"
	    " s:{s:I, s:I}, s:o}",
	    "total", (json_int_t)c->total, "official", (json_int_t)c->official,
	    "probationary", (json_int_t)c->probationary, "exempted",
	    (json_int_t)c->exempted, "transferred_out",
	    (json_int_t)c->transferred_out, "transferred_in",
	    (json_int_t)c->transferred_in, "present", "official",
	    (json_int_t)c->present_official, "probationary",
	    (json_int_t)c->present_probationary, "late", "official",
	    (json_int_t)c->late_official, "probationary",
	    (json_int_t)c->late_probationary, "absent_excused", "official",
	    (json_int_t)c->absent_excused_official, "probationary",
	    (json_int_t)c->absent_excused_probationary, "absent_unexcused",
	    "official", (json_int_t)c->absent_unexcused_official,
	    "probationary", (json_int_t)c->absent_unexcused_probationary,
	    "unrecorded", "official", (json_int_t)c->unrecorded_official,
	    "probationary", (json_int_t)c->unrecorded_probationary, "by",
	    by ? by : json_object());
}

int
h_meeting_attendance(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_attendance_list l = { 0 };
	struct meeting_roll_counts c;
	json_t *items;
	size_t i;
	int rc;

	if ((rc = svc_meeting_attendance(&r->svc, req_id(r, "id"), &l,
	         &err)) != 0 ||
	    (rc = svc_meeting_roll_counts(&r->svc, req_id(r, "id"), &c,
	         &err)) != 0) {
		meeting_attendance_list_release(&l);
		return req_fail(r, rc, &err);
	}
	items = json_array();
	for (i = 0; items != NULL && i < l.n; i++)
		if (json_array_append_new(items,
		        roll_item_json(&l.items[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	meeting_attendance_list_release(&l);
	reply_json(r, 200,
	    items ? json_pack("{s:o, s:o}", "items", items, "counts",
	                roll_counts_json(&c)) :
	            NULL);
	return 0;
}

int
h_meeting_attendance_put(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_attendance a;
	json_t *body;
	int rc;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	memset(&a, 0, sizeof(a));
	if ((rc = svc_meeting_attendance_set(&r->svc, req_id(r, "id"),
	         req_id(r, "member_id"), body, &a, &err)) == 0) {
		reply_json(r, 200, roll_item_json(&a));
		cb_error_release(&err);
	} else
		req_fail(r, rc, &err);
	meeting_attendance_release(&a);
	json_decref(body);
	return 0;
}

int
h_meeting_roll_post(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	enum meeting_roll roll = ROLL_NONE;
	json_t *body, *v;
	const char *key;
	int64_t member = 0;
	int rc = 0;

	if (body_json_or_reply(r, &body) != 0)
		return 0;
	/* {member_id} and nothing else. */
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "member_id") != 0)
			rc = cb_error_field(&err, 0, key, "unknown_field",
			    NULL);
		else if (!json_is_integer(v) || json_integer_value(v) <= 0)
			rc = cb_error_field(&err, 0, key, "invalid_value",
			    NULL);
		else
			member = json_integer_value(v);
	}
	if (rc == 0 && member == 0)
		rc = cb_error_field(&err, 0, "member_id", "required", NULL);
	if (rc == 0)
		rc = svc_meeting_roll_add(&r->svc, req_id(r, "id"), member,
		    &roll, &err);
	json_decref(body);
	if (rc != 0)
		return req_fail(r, rc, &err);
	reply_json(r, 201,
	    json_pack("{s:I, s:I, s:s}", "meeting_id",
	        (json_int_t)req_id(r, "id"), "member_id", (json_int_t)member,
	        "roll", meeting_roll_names[roll]));
	return 0;
}
