/*
 * meeting-ics.c - calendar feeds of meetings (RFC 5545), written with
 * libical: one VEVENT a meeting, UID "meeting-ID@chibo" (stable, so a
 * calendar application updates the event it has), DTSTART and DTEND in
 * UTC, DTSTAMP the meeting's last change, SEQUENCE its version, SUMMARY
 * in Vietnamese ("Sinh hoạt chi bộ thường kỳ - Chi bộ …"), LOCATION the
 * place (or "Trực tuyến"), DESCRIPTION the topic and the agenda, STATUS
 * CONFIRMED (held), TENTATIVE (planned) or CANCELLED.
 */
#include "svc/svc-int.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/date.h"

#include "util/banned.h"

/* The feed's window: meetings from a year back on, at most this many. */
#define ICS_MAX 10000
#define ICS_BACK_DAYS 366

static const char *
kind_summary(enum meeting_kind k)
{
	switch (k) {
	case MEETING_THEMATIC:
		return "Sinh hoạt chi bộ chuyên đề";
	case MEETING_COMBINED:
		return "Sinh hoạt chi bộ thường kỳ kết hợp chuyên đề";
	case MEETING_EXTRAORDINARY:
		return "Họp chi bộ bất thường";
	case MEETING_COMMITTEE:
		return "Họp chi ủy";
	case MEETING_REGULAR:
	default:
		return "Sinh hoạt chi bộ thường kỳ";
	}
}

/* "YYYY-MM-DDTHH:MM:SSZ" as a UTC icaltimetype. */
static struct icaltimetype
utc_time(const char *s)
{
	struct icaltimetype t = icaltime_null_time();

	if (s != NULL &&
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &t.year, &t.month, &t.day,
	        &t.hour, &t.minute, &t.second) == 6) {
		t.is_date = 0;
		t.zone = icaltimezone_get_utc_timezone();
	}
	return t;
}

/* The organisations' names by id, cached over a feed. */
struct names {
	int64_t id[64];
	char *name[64];
	size_t n;
};

static const char *
org_name(struct svc *s, struct names *c, int64_t id)
{
	struct cb_error local = CB_ERROR_INIT;
	struct org o;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->id[i] == id)
			return c->name[i];
	org_init(&o);
	if (store_org_get(s->st, id, &o, &local) != 0 || c->n == 64) {
		cb_error_release(&local);
		org_release(&o);
		return NULL;
	}
	c->id[c->n] = id;
	c->name[c->n] = o.name;
	o.name = NULL;
	org_release(&o);
	return c->name[c->n++];
}

static icalcomponent *
vevent(struct svc *s, struct names *c, const struct meeting *m)
{
	icalcomponent *ev = icalcomponent_new_vevent();
	const char *on = org_name(s, c, m->org_id);
	char uid[64], *sum, *desc = NULL;
	size_t n;

	snprintf(uid, sizeof(uid), "meeting-%lld@chibo", (long long)m->id);
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev,
	    icalproperty_new_dtstamp(
	        utc_time(m->updated_at ? m->updated_at : m->created_at)));
	icalcomponent_add_property(ev,
	    icalproperty_new_dtstart(utc_time(m->starts_at)));
	icalcomponent_add_property(ev,
	    icalproperty_new_dtend(utc_time(m->ends_at)));
	icalcomponent_add_property(ev,
	    icalproperty_new_sequence((int)m->version));
	n = strlen(kind_summary(m->kind)) + (on ? strlen(on) : 0) + 8;
	if ((sum = malloc(n)) != NULL) {
		snprintf(sum, n, "%s%s%s", kind_summary(m->kind),
		    on ? " - " : "", on ? on : "");
		icalcomponent_add_property(ev, icalproperty_new_summary(sum));
		free(sum);
	}
	if (m->online)
		icalcomponent_add_property(ev,
		    icalproperty_new_location("Trực tuyến"));
	else if (m->place != NULL && m->place[0])
		icalcomponent_add_property(ev,
		    icalproperty_new_location(m->place));
	n = (m->topic ? strlen(m->topic) : 0) +
	    (m->agenda ? strlen(m->agenda) : 0) + 64;
	if ((m->topic || m->agenda) && (desc = malloc(n)) != NULL) {
		snprintf(desc, n, "%s%s%s%s", m->topic ? "Chuyên đề: " : "",
		    m->topic ? m->topic : "",
		    m->topic && m->agenda ? "\nChương trình:\n" :
		        m->agenda         ? "Chương trình:\n" :
		                            "",
		    m->agenda ? m->agenda : "");
		icalcomponent_add_property(ev,
		    icalproperty_new_description(desc));
		free(desc);
	}
	icalcomponent_add_property(ev,
	    icalproperty_new_status(m->status == MEETING_CANCELLED ?
	            ICAL_STATUS_CANCELLED :
	            m->status == MEETING_HELD ?
	            ICAL_STATUS_CONFIRMED :
	            ICAL_STATUS_TENTATIVE));
	return ev;
}

/* 0 if the principal may see organisation id, else -CB_ENOTFOUND
 * "org_not_found" (or the store's error). */
int
svc_org_readable(struct svc *s, int64_t id, struct cb_error *err)
{
	struct org o;
	int rc;

	org_init(&o);
	rc = store_org_get(s->st, id, &o, err);
	org_release(&o);
	if (rc == -CB_ENOTFOUND) {
		cb_error_release(err);
		return cb_error_set(err, CB_ENOTFOUND, "org_not_found", NULL);
	}
	return rc;
}

int
svc_meeting_ics(struct svc *s, int64_t org_id, int64_t member_id,
    struct sb *out, struct cb_error *err)
{
	struct meeting_query q;
	struct meeting_page pg = { 0 };
	struct names names = { .n = 0 };
	char from[TIMESTAMP_LEN], *cursor = NULL, *text;
	icalcomponent *cal;
	size_t i, total = 0;
	int rc = 0;

	memset(&q, 0, sizeof(q));
	if (member_id > 0) {
		struct member mb;

		/* The member's cell, read in the principal's scope. */
		memset(&mb, 0, sizeof(mb));
		if ((rc = store_member_get(s->st, member_id, &mb, err)) != 0) {
			member_release(&mb);
			if (rc == -CB_ENOTFOUND) {
				cb_error_release(err);
				return cb_error_set(err, CB_ENOTFOUND,
				    "member_not_found", NULL);
			}
			return rc;
		}
		org_id = mb.org_id;
		member_release(&mb);
		if (org_id <= 0)
			return cb_error_set(err, CB_ENOTFOUND,
			    "member_not_found", NULL);
	}
	/* The organisation first: outside the scope, not found (a path's
	 * id), where the list would call it a bad filter. */
	if (member_id <= 0 && (rc = svc_org_readable(s, org_id, err)) != 0)
		return rc;
	q.org_id = org_id;
	timestamp_utc(time(NULL) - (time_t)ICS_BACK_DAYS * 86400, from);
	q.from = from;
	q.limit = 1000;

	cal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal,
	    icalproperty_new_prodid("-//chibo//meetings//VI"));
	icalcomponent_add_property(cal,
	    icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal,
	    icalproperty_new_method(ICAL_METHOD_PUBLISH));
	if (member_id > 0) {
		/* A member's feed: its cell's meetings and those whose roll
		 * it is on (another cell's it is transferred in to). */
		struct meeting_list l = { NULL, 0 };

		if ((rc = store_meeting_list_member(s->st, member_id, org_id,
		         from, ICS_MAX, &l, err)) == 0)
			for (i = 0; i < l.n; i++)
				icalcomponent_add_component(cal,
				    vevent(s, &names, &l.items[i]));
		meeting_list_release(&l);
	}
	do {
		if (member_id > 0)
			break;
		q.cursor = cursor;
		if ((rc = store_meeting_list(s->st, &q, &pg, err)) != 0)
			break;
		for (i = 0; i < pg.list.n && total < ICS_MAX; i++, total++)
			icalcomponent_add_component(cal,
			    vevent(s, &names, &pg.list.items[i]));
		free(cursor);
		cursor = pg.next_cursor;
		pg.next_cursor = NULL;
		meeting_page_release(&pg);
	} while (cursor != NULL && total < ICS_MAX);
	free(cursor);
	for (i = 0; i < names.n; i++)
		free(names.name[i]);
	if (rc == 0) {
		if ((text = icalcomponent_as_ical_string_r(cal)) == NULL ||
		    sb_add(out, text) != 0)
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		icalmemory_free_buffer(text);
	}
	icalcomponent_free(cal);
	return rc;
}
