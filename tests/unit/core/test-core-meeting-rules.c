/*
 * test-core-meeting-rules.c - the rulebook's judgements of cell meetings
 * (core/meeting-rules.h) at their edges: votes at exactly one half and
 * two thirds, a month with no meeting, a meeting on the last day of a
 * quarter in Asia/Ho_Chi_Minh time, 89/90 and 119/120 minutes, materials
 * exactly one day before, a resolution exactly two days after,
 * attendance at the threshold, absences in three months (cumulative or
 * consecutive), and the self-score sheet's bands.  The rulebook is the
 * one chibo ships (rules/vn.json).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/meeting-rules.h"
#include "svc/svc.h"

#include "testlib.h"

#define CELL 9
#define PATH "/1/5/9/"
#define ALL_MONTHS 0xfffu

static struct rulebook rb;

static int
setup(void **state)
{
	(void)state;
	return test_rules_load(&rb);
}

static int
teardown(void **state)
{
	(void)state;
	test_rules_release(&rb);
	return 0;
}

/* The local date of an ISO date-time. */
static const char *
local_day(const char *s)
{
	static char day[DATE_LEN];
	int64_t t;

	assert_int_equal(mr_time_parse(s, &t), 0);
	mr_local_date(t, day);
	return day;
}

static void
test_time(void **state)
{
	int64_t a, b;

	(void)state;
	assert_string_equal(local_day("2026-03-31T23:30:00+07:00"),
	    "2026-03-31");
	assert_string_equal(local_day("2026-03-31T23:30"), "2026-03-31");
	/* 17:00 UTC is already the next day in Viet Nam. */
	assert_string_equal(local_day("2026-03-31T16:59:59Z"), "2026-03-31");
	assert_string_equal(local_day("2026-03-31T17:00:00Z"), "2026-04-01");
	assert_string_equal(local_day("1969-12-31T20:00:00Z"), "1970-01-01");
	assert_string_equal(local_day("1969-12-31T16:00:00Z"), "1969-12-31");
	assert_int_equal(mr_time_parse("2026-03-31T23:30:00+07:00", &a), 0);
	assert_int_equal(mr_time_parse("2026-03-31T16:30:00.250Z", &b), 0);
	assert_int_equal(a, b);
	assert_int_equal(mr_time_parse("2026-03-31 09:30:00-05:00", &b), 0);
	assert_int_equal(b - a, (9 * 60 + 30 + 5 * 60) - (16 * 60 + 30));
	assert_int_equal(mr_time_parse("2026-02-30T10:00", &a), -CB_EINVAL);
	assert_int_equal(mr_time_parse("2026-03-31T24:00", &a), -CB_EINVAL);
	assert_int_equal(mr_time_parse("2026-03-31", &a), -CB_EINVAL);
	assert_int_equal(mr_time_parse("2026-03-31T10:00+7", &a), -CB_EINVAL);
	assert_int_equal(mr_time_parse("2026-03-31T10:00:00x", &a),
	    -CB_EINVAL);
	assert_int_equal(mr_time_parse(NULL, &a), -CB_EINVAL);
}

/* Judges a vote; returns the verdict (asserting no error). */
static struct vote_verdict
vote(enum vote_kind k, int64_t base, int64_t f, int64_t a, int64_t ab)
{
	struct vote_fact v = { k, base, f, a, ab, "2026-05-10", PATH };
	struct cb_error err = CB_ERROR_INIT;
	struct vote_verdict r;

	assert_int_equal(vote_judge(&rb, &v, &r, &err), 0);
	assert_int_equal(err.nfields, 0);
	assert_string_equal(r.rule_id, RULE_MEETING_VOTE);
	assert_non_null(r.citation);
	return r;
}

/* RULE meeting.vote_threshold: more than half of the official members for
 * a resolution, discipline and personnel; at least two thirds for
 * admission, official recognition and an expulsion proposal. */
static void
test_vote_threshold(void **state)
{
	struct vote_verdict r;

	(void)state;
	/* Exactly one half is not more than half. */
	r = vote(VOTE_RESOLUTION, 10, 5, 5, 0);
	assert_string_equal(r.rule, "more_than_half");
	assert_int_equal(r.threshold, 6);
	assert_false(r.passed);
	assert_true(vote(VOTE_RESOLUTION, 10, 6, 0, 4).passed);
	assert_false(vote(VOTE_DISCIPLINE, 9, 4, 0, 0).passed);
	assert_true(vote(VOTE_DISCIPLINE, 9, 5, 0, 0).passed);
	assert_int_equal(vote(VOTE_PERSONNEL, 3, 2, 1, 0).threshold, 2);
	/* Exactly two thirds passes. */
	r = vote(VOTE_ADMISSION, 9, 6, 3, 0);
	assert_string_equal(r.rule, "two_thirds");
	assert_int_equal(r.threshold, 6);
	assert_true(r.passed);
	assert_false(vote(VOTE_ADMISSION, 9, 5, 0, 0).passed);
	/* 2/3 of 10 is 6.67: 7 are needed. */
	assert_int_equal(vote(VOTE_OFFICIAL_RECOGNITION, 10, 6, 0, 0).threshold,
	    7);
	assert_false(vote(VOTE_OFFICIAL_RECOGNITION, 10, 6, 0, 0).passed);
	assert_true(vote(VOTE_EXPULSION_PROPOSAL, 10, 7, 3, 0).passed);
	assert_true(vote(VOTE_EXPULSION_PROPOSAL, 3, 2, 1, 0).passed);
	assert_false(vote(VOTE_EXPULSION_PROPOSAL, 3, 1, 0, 0).passed);
	assert_int_equal(vote_kind_parse("expulsion_proposal"),
	    VOTE_EXPULSION_PROPOSAL);
	assert_int_equal(vote_kind_parse("nope"), -1);
}

static void
test_vote_bad(void **state)
{
	struct vote_fact v = { VOTE_RESOLUTION, 10, -1, 0, 0, "2026-05-10",
		NULL };
	struct cb_error err = CB_ERROR_INIT;
	struct vote_verdict r;

	(void)state;
	assert_int_equal(vote_judge(&rb, &v, &r, &err), -CB_EINVAL);
	assert_int_equal(err.nfields, 1);
	assert_string_equal(err.fields[0].field, "for");
	assert_string_equal(err.fields[0].code, "vote_count_negative");
	cb_error_release(&err);

	v.n_for = 5;
	v.n_against = 5;
	v.n_abstain = 1;
	assert_int_equal(vote_judge(&rb, &v, &r, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "for");
	assert_string_equal(err.fields[0].code, "vote_count_over_base");
	assert_string_equal(err.fields[0].arg, "10");
	cb_error_release(&err);
	/* All ten voting is fine. */
	v.n_abstain = 0;
	assert_int_equal(vote_judge(&rb, &v, &r, &err), 0);
	assert_false(r.passed);

	v.base = 0;
	v.n_for = v.n_against = 0;
	assert_int_equal(vote_judge(&rb, &v, &r, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "base");
	assert_string_equal(err.fields[0].code, "vote_base_empty");
	cb_error_release(&err);

	v.base = 10;
	v.n_abstain = -2;
	strcpy(v.on, "2026-13-01");
	assert_int_equal(vote_judge(&rb, &v, &r, &err), -CB_EINVAL);
	assert_int_equal(err.nfields, 2);
	assert_string_equal(err.fields[0].field, "abstain");
	assert_string_equal(err.fields[1].field, "on");
	assert_string_equal(err.fields[1].code, "invalid_date");
	cb_error_release(&err);

	strcpy(v.on, "2026-05-10");
	v.n_abstain = 0;
	v.kind = VOTE_KIND__MAX;
	assert_int_equal(vote_judge(&rb, &v, &r, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "kind");
	cb_error_release(&err);
}

/* A held meeting of the cell, from start for len minutes, with full
 * attendance and nothing late. */
static struct meeting_fact
held(int64_t id, enum meeting_fact_kind k, const char *start, int len)
{
	struct meeting_fact m;
	int64_t t;
	char buf[DATE_LEN];
	int h, mi;

	memset(&m, 0, sizeof(m));
	m.id = id;
	m.org_id = CELL;
	m.kind = k;
	m.held = true;
	snprintf(m.starts_at, sizeof(m.starts_at), "%s", start);
	assert_int_equal(mr_time_parse(start, &t), 0);
	t += len + 7 * 60; /* local */
	mr_local_date(t - 7 * 60, buf);
	h = (int)((t % 1440) / 60);
	mi = (int)(t % 60);
	snprintf(m.ends_at, sizeof(m.ends_at), "%sT%02d:%02d:00+07:00", buf,
	    h, mi);
	m.expected = 10;
	m.present = 10;
	return m;
}

/* The codes found, "code@period" joined by spaces. */
static const char *
found(const struct meeting_findings *f)
{
	static char buf[1024];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < f->n; i++) {
		size_t l = strlen(buf);

		snprintf(buf + l, sizeof(buf) - l, "%s%s@%s", i ? " " : "",
		    f->items[i].code, f->items[i].period);
	}
	return buf;
}

/* Judges the meetings of 2026 (all months); returns found(). */
static const char *
judge(const struct meeting_fact *m, size_t n, unsigned months,
    struct meeting_findings *f)
{
	meeting_findings_release(f);
	assert_int_equal(meeting_findings_year(&rb, CELL, PATH, 2026, months,
	                     m, n, f),
	    0);
	return found(f);
}

/* A year of one regular meeting a month (90 minutes, at 08:00) and one
 * thematic meeting per quarter: nothing found. */
static size_t
good_year(struct meeting_fact *m)
{
	char s[MR_TIME_LEN];
	size_t n = 0;
	int mo;

	for (mo = 1; mo <= 12; mo++) {
		snprintf(s, sizeof(s), "2026-%02d-10T08:00:00+07:00", mo);
		m[n] = held((int64_t)n + 1, MF_REGULAR, s, 90);
		n++;
		if (mo % 3 == 2) {
			snprintf(s, sizeof(s), "2026-%02d-20T14:00:00+07:00",
			    mo);
			m[n] = held((int64_t)n + 1, MF_THEMATIC, s, 90);
			n++;
		}
	}
	return n;
}

/* RULE meeting.regular and meeting.thematic: a month with no regular
 * meeting, a quarter with no thematic one; months and quarters in
 * Asia/Ho_Chi_Minh. */
static void
test_missing(void **state)
{
	struct meeting_fact m[40];
	struct meeting_findings f;
	size_t n;

	(void)state;
	meeting_findings_init(&f);
	n = good_year(m);
	assert_int_equal(n, 16);
	assert_string_equal(judge(m, n, ALL_MONTHS, &f), "");

	/* No meeting in April; the May thematic meeting is no regular one. */
	m[4].held = false; /* April's regular meeting was cancelled */
	assert_memory_equal(m[4].starts_at, "2026-04", 7);
	assert_string_equal(judge(m, n, ALL_MONTHS, &f),
	    "regular_missing@2026-04");
	assert_string_equal(f.items[0].rule_id, RULE_MEETING_REGULAR);
	assert_non_null(f.items[0].citation);
	assert_int_equal(f.items[0].org_id, CELL);
	assert_int_equal(f.items[0].meeting_id, 0);
	/* A combined meeting is a regular one too. */
	m[4] = held(99, MF_COMBINED, "2026-04-10T08:00:00+07:00", 120);
	assert_string_equal(judge(m, n, ALL_MONTHS, &f), "");
	/* Extraordinary and committee meetings are not. */
	m[4].kind = MF_EXTRAORDINARY;
	assert_string_equal(judge(m, n, ALL_MONTHS, &f),
	    "regular_missing@2026-04");
	m[4].kind = MF_COMMITTEE;
	assert_string_equal(judge(m, n, ALL_MONTHS, &f),
	    "regular_missing@2026-04");
	/* Only the months judged. */
	assert_string_equal(judge(m, n, ALL_MONTHS & ~(1u << 3), &f), "");
	m[4].kind = MF_REGULAR;

	/* Q1's thematic meeting (February) moved to the last day of the
	 * quarter at 23:30 local time: still Q1. */
	assert_memory_equal(m[2].starts_at, "2026-02", 7);
	m[2] = held(3, MF_THEMATIC, "2026-03-31T23:30:00+07:00", 90);
	assert_string_equal(judge(m, n, ALL_MONTHS, &f), "");
	/* Written in UTC the same moment is 16:30Z, the same quarter. */
	m[2] = held(3, MF_THEMATIC, "2026-03-31T16:30:00Z", 90);
	assert_string_equal(judge(m, n, ALL_MONTHS, &f), "");
	/* 17:30Z on 31 March is 00:30 on 1 April in Viet Nam: Q2. */
	m[2] = held(3, MF_THEMATIC, "2026-03-31T17:30:00Z", 90);
	assert_string_equal(judge(m, n, ALL_MONTHS, &f),
	    "thematic_missing@2026-Q1");
	assert_string_equal(f.items[0].rule_id, RULE_MEETING_THEMATIC);
	/* A combined meeting is a thematic one too. */
	m[0] = held(1, MF_COMBINED, "2026-01-10T08:00:00+07:00", 120);
	assert_string_equal(judge(m, n, ALL_MONTHS, &f), "");
	m[0] = held(1, MF_REGULAR, "2026-01-10T08:00:00+07:00", 90);

	/* A cell set up in February: Q1 is not judged, January neither. */
	assert_string_equal(judge(m, n, ALL_MONTHS & ~1u, &f), "");
	/* A meeting of another year counts for nothing. */
	m[1] = held(2, MF_REGULAR, "2025-02-10T08:00:00+07:00", 90);
	assert_string_equal(judge(m, n, ALL_MONTHS & ~1u, &f),
	    "regular_missing@2026-02");
	/* No meeting at all: twelve months and four quarters. */
	judge(m, 0, ALL_MONTHS, &f);
	assert_int_equal(f.n, 16);
	assert_string_equal(f.items[15].period, "2026-Q4");
	meeting_findings_release(&f);
}

/* RULE meeting.duration: 90 minutes, 120 for a combined meeting. */
static void
test_duration(void **state)
{
	struct meeting_fact m[40];
	struct meeting_findings f;
	size_t n;

	(void)state;
	meeting_findings_init(&f);
	n = good_year(m);
	m[5] = held(6, MF_REGULAR, "2026-05-10T08:00:00+07:00", 89);
	assert_string_equal(judge(m, n, ALL_MONTHS, &f),
	    "duration_short@2026-05");
	assert_int_equal(f.items[0].meeting_id, 6);
	assert_string_equal(f.items[0].rule_id, RULE_MEETING_DURATION);
	m[5] = held(6, MF_REGULAR, "2026-05-10T08:00:00+07:00", 90);
	assert_string_equal(judge(m, n, ALL_MONTHS, &f), "");
	m[5] = held(6, MF_COMBINED, "2026-05-10T08:00:00+07:00", 119);
	assert_string_equal(judge(m, n, ALL_MONTHS, &f),
	    "duration_short@2026-05");
	m[5] = held(6, MF_COMBINED, "2026-05-10T08:00:00+07:00", 120);
	assert_string_equal(judge(m, n, ALL_MONTHS, &f), "");
	/* Short thematic meetings count too; committee meetings do not. */
	m[6] = held(7, MF_THEMATIC, "2026-05-20T14:00:00+07:00", 60);
	assert_string_equal(judge(m, n, ALL_MONTHS, &f),
	    "duration_short@2026-05");
	m[6] = held(7, MF_THEMATIC, "2026-05-20T14:00:00+07:00", 90);
	m[n] = held(50, MF_COMMITTEE, "2026-05-21T14:00:00+07:00", 30);
	assert_string_equal(judge(m, n + 1, ALL_MONTHS, &f), "");
	/* An end not after the start: the meeting is not read. */
	strcpy(m[5].ends_at, m[5].starts_at);
	assert_string_equal(judge(m, n, ALL_MONTHS, &f),
	    "regular_missing@2026-05");
	meeting_findings_release(&f);
}

/* RULE meeting.materials and meeting.resolution_deadline: materials at
 * least one day before, the resolution at most two days after. */
static void
test_materials_resolution(void **state)
{
	struct meeting_fact m[40];
	struct meeting_findings f;
	size_t n;

	(void)state;
	meeting_findings_init(&f);
	n = good_year(m);
	/* m[5]: 2026-05-10 08:00 to 09:30. */
	strcpy(m[5].materials_latest_at, "2026-05-09T08:00:00+07:00");
	strcpy(m[5].resolution_approved_at, "2026-05-12T09:30:00+07:00");
	assert_string_equal(judge(m, n, ALL_MONTHS, &f), "");
	strcpy(m[5].materials_latest_at, "2026-05-09T08:01:00+07:00");
	assert_string_equal(judge(m, n, ALL_MONTHS, &f),
	    "materials_late@2026-05");
	assert_string_equal(f.items[0].rule_id, RULE_MEETING_MATERIALS);
	assert_int_equal(f.items[0].meeting_id, 6);
	strcpy(m[5].materials_latest_at, "2026-05-09T01:00:00Z");
	assert_string_equal(judge(m, n, ALL_MONTHS, &f), "");
	strcpy(m[5].resolution_approved_at, "2026-05-12T09:31:00+07:00");
	assert_string_equal(judge(m, n, ALL_MONTHS, &f),
	    "resolution_late@2026-05");
	assert_string_equal(f.items[0].rule_id, RULE_MEETING_RESOLUTION);
	meeting_findings_release(&f);
}

/* RULE meeting.attendance: under 90 percent of the members expected. */
static void
test_attendance(void **state)
{
	struct meeting_fact m[40];
	struct meeting_findings f;
	size_t n;

	(void)state;
	meeting_findings_init(&f);
	n = good_year(m);
	m[5].present = 9;
	assert_string_equal(judge(m, n, ALL_MONTHS, &f), "");
	m[5].present = 8;
	assert_string_equal(judge(m, n, ALL_MONTHS, &f),
	    "attendance_low@2026-05");
	assert_string_equal(f.items[0].rule_id, RULE_MEETING_ATTENDANCE);
	m[5].expected = 0; /* nobody expected: not judged */
	assert_string_equal(judge(m, n, ALL_MONTHS, &f), "");
	/* Before HD 42 (28/10/2025) these rules are not in force. */
	meeting_findings_release(&f);
	m[5] = held(6, MF_REGULAR, "2025-05-10T08:00:00+07:00", 30);
	m[5].present = 1;
	assert_int_equal(meeting_findings_year(&rb, CELL, PATH, 2025,
	                     1u << 4, &m[5], 1, &f),
	    0);
	assert_string_equal(found(&f), "");
	meeting_findings_release(&f);
}

static struct member_attendance_fact
att(int64_t member, const char *start, enum attendance_status st)
{
	struct member_attendance_fact a;

	memset(&a, 0, sizeof(a));
	a.member_id = member;
	a.org_id = CELL;
	snprintf(a.starts_at, sizeof(a.starts_at), "%s", start);
	a.status = st;
	return a;
}

/* RULE meeting.absence_removal: absent without reason in 3 months of a
 * year, cumulative by default, consecutive as a setting. */
static void
test_absence(void **state)
{
	struct member_attendance_fact a[20];
	struct meeting_findings f;
	struct rule_override o;
	struct rulebook view;
	char rule_id[] = RULE_MEETING_ABSENCE, name[] = "counting",
	     consecutive[] = "consecutive", path5[] = "/1/5/", doc[] =
		 "07-QĐ/ĐU";
	size_t n = 0;

	(void)state;
	meeting_findings_init(&f);
	/* Member 1: January, March, May (not in a row). */
	a[n++] = att(1, "2026-01-10T08:00:00+07:00", ATTENDANCE_ABSENT_UNEXCUSED);
	a[n++] = att(2, "2026-01-10T08:00:00+07:00", ATTENDANCE_ABSENT_UNEXCUSED);
	a[n++] = att(1, "2026-02-10T08:00:00+07:00", ATTENDANCE_PRESENT);
	a[n++] = att(2, "2026-02-10T08:00:00+07:00", ATTENDANCE_ABSENT_UNEXCUSED);
	a[n++] = att(1, "2026-03-10T08:00:00+07:00", ATTENDANCE_ABSENT_UNEXCUSED);
	a[n++] = att(2, "2026-03-10T08:00:00+07:00", ATTENDANCE_ABSENT_UNEXCUSED);
	a[n++] = att(1, "2026-05-10T08:00:00+07:00", ATTENDANCE_ABSENT_UNEXCUSED);
	/* Member 3: excused three times; member 4: two months only, twice
	 * in one of them. */
	a[n++] = att(3, "2026-01-10T08:00:00+07:00", ATTENDANCE_ABSENT_EXCUSED);
	a[n++] = att(3, "2026-02-10T08:00:00+07:00", ATTENDANCE_ABSENT_EXCUSED);
	a[n++] = att(3, "2026-03-10T08:00:00+07:00", ATTENDANCE_ABSENT_EXCUSED);
	a[n++] = att(4, "2026-01-10T08:00:00+07:00", ATTENDANCE_ABSENT_UNEXCUSED);
	a[n++] = att(4, "2026-01-25T08:00:00+07:00", ATTENDANCE_ABSENT_UNEXCUSED);
	a[n++] = att(4, "2026-02-10T08:00:00+07:00", ATTENDANCE_LATE);
	a[n++] = att(4, "2026-03-10T08:00:00+07:00", ATTENDANCE_ABSENT_UNEXCUSED);
	/* Member 5: the third month is 31/12/2025 23:30 in Viet Nam,
	 * another year. */
	a[n++] = att(5, "2026-01-10T08:00:00+07:00", ATTENDANCE_ABSENT_UNEXCUSED);
	a[n++] = att(5, "2026-02-10T08:00:00+07:00", ATTENDANCE_ABSENT_UNEXCUSED);
	a[n++] = att(5, "2025-12-31T16:30:00Z", ATTENDANCE_ABSENT_UNEXCUSED);

	assert_int_equal(meeting_absence_findings(&rb, PATH, 2026, a, n, &f),
	    0);
	assert_int_equal(f.n, 2);
	assert_int_equal(f.items[0].member_id, 1);
	assert_int_equal(f.items[1].member_id, 2);
	assert_string_equal(f.items[0].code, "member_absent_3_months");
	assert_string_equal(f.items[0].period, "2026");
	assert_int_equal(f.items[0].org_id, CELL);
	assert_string_equal(f.items[0].rule_id, RULE_MEETING_ABSENCE);
	assert_non_null(f.items[0].citation);
	meeting_findings_release(&f);

	/* A committee counts consecutive months: member 1 is no longer
	 * found, member 2 still is. */
	rulebook_view(&view, &rb);
	memset(&o, 0, sizeof(o));
	o.rule_id = rule_id;
	o.value_name = name;
	o.value.type = RV_TEXT;
	o.value.s = consecutive;
	o.org_id = 5;
	o.org_path = path5;
	strcpy(o.from, "2026-01-01");
	o.doc_no = doc;
	assert_int_equal(rulebook_add_override(&view, &o), 0);
	assert_int_equal(meeting_absence_findings(&view, PATH, 2026, a, n,
	                     &f),
	    0);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.items[0].member_id, 2);
	meeting_findings_release(&f);
	/* Outside the committee's subtree: cumulative. */
	assert_int_equal(meeting_absence_findings(&view, "/1/6/", 2026, a, n,
	                     &f),
	    0);
	assert_int_equal(f.n, 2);
	meeting_findings_release(&f);
	rulebook_release(&view);

	assert_int_equal(meeting_absence_findings(&rb, PATH, 2026, a, 0, &f),
	    0);
	assert_int_equal(f.n, 0);
}

/* RULE meeting.quality_sheet: each criterion within 0..its maximum, the
 * total's band. */
static void
test_quality(void **state)
{
	struct quality_score s[8] = { { "time", 5 }, { "attendance", 5 },
		{ "preparation", 10 }, { "conduct", 40 }, { "principles", 5 },
		{ "last_results", 30 }, { "closing", 5 } };
	struct cb_error err = CB_ERROR_INIT;
	struct quality_verdict v;

	(void)state;
	assert_int_equal(meeting_quality_judge(&rb, "2026-05-10", PATH, s, 7,
	                     &v, &err),
	    0);
	assert_int_equal(v.total, 100);
	assert_int_equal(v.max_total, 100);
	assert_int_equal(v.band, QB_GOOD);
	assert_string_equal(v.rule_id, RULE_MEETING_QUALITY);
	assert_non_null(v.citation);
	s[3].points = 30; /* 90 */
	assert_int_equal(meeting_quality_judge(&rb, "2026-05-10", PATH, s, 7,
	                     &v, &err),
	    0);
	assert_int_equal(v.band, QB_GOOD);
	s[3].points = 29; /* 89 */
	meeting_quality_judge(&rb, "2026-05-10", PATH, s, 7, &v, &err);
	assert_int_equal(v.band, QB_FAIR);
	s[3].points = 10; /* 70 */
	meeting_quality_judge(&rb, "2026-05-10", PATH, s, 7, &v, &err);
	assert_int_equal(v.band, QB_FAIR);
	s[3].points = 9; /* 69 */
	meeting_quality_judge(&rb, "2026-05-10", PATH, s, 7, &v, &err);
	assert_int_equal(v.band, QB_AVERAGE);
	s[3].points = 0;
	s[5].points = 20; /* 50 */
	meeting_quality_judge(&rb, "2026-05-10", PATH, s, 7, &v, &err);
	assert_int_equal(v.total, 50);
	assert_int_equal(v.band, QB_AVERAGE);
	s[5].points = 19; /* 49 */
	meeting_quality_judge(&rb, "2026-05-10", PATH, s, 7, &v, &err);
	assert_int_equal(v.band, QB_POOR);
	assert_string_equal(quality_band_names[v.band], "poor");
	assert_int_equal(err.nfields, 0);

	/* Out of range, below and above. */
	s[3].points = 41;
	s[0].points = -1;
	assert_int_equal(meeting_quality_judge(&rb, "2026-05-10", PATH, s, 7,
	                     &v, &err),
	    -CB_EINVAL);
	assert_int_equal(err.nfields, 2);
	assert_string_equal(err.fields[0].field, "time");
	assert_string_equal(err.fields[0].code, "score_out_of_range");
	assert_string_equal(err.fields[0].arg, "0..5");
	assert_string_equal(err.fields[1].field, "conduct");
	assert_string_equal(err.fields[1].arg, "0..40");
	cb_error_release(&err);
	s[0].points = 5;
	s[3].points = 40;

	/* Missing, unknown, twice. */
	assert_int_equal(meeting_quality_judge(&rb, "2026-05-10", PATH, s, 6,
	                     &v, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "closing");
	assert_string_equal(err.fields[0].code, "score_missing");
	cb_error_release(&err);
	s[7].criterion = "chairing";
	s[7].points = 10;
	assert_int_equal(meeting_quality_judge(&rb, "2026-05-10", PATH, s, 8,
	                     &v, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "chairing");
	assert_string_equal(err.fields[0].code, "score_unknown_criterion");
	cb_error_release(&err);
	s[7].criterion = "time";
	assert_int_equal(meeting_quality_judge(&rb, "2026-05-10", PATH, s, 8,
	                     &v, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "score_twice");
	cb_error_release(&err);

	/* A committee's override that makes the bands rise, or drops a
	 * maximum: the sheet is refused, not misread. */
	{
		char rule_id[] = RULE_MEETING_QUALITY, fair[] = "fair_min",
		     maxp[] = "max_points", path5[] = "/1/5/",
		     doc[] = "08-QĐ/ĐU", five[] = "5", *items[] = { five };
		struct rule_override o;
		struct rulebook view;

		rulebook_view(&view, &rb);
		memset(&o, 0, sizeof(o));
		o.rule_id = rule_id;
		o.value_name = fair;
		o.value.type = RV_INT;
		o.value.i = 95;
		o.org_id = 5;
		o.org_path = path5;
		strcpy(o.from, "2026-01-01");
		o.doc_no = doc;
		assert_int_equal(rulebook_add_override(&view, &o), 0);
		assert_int_equal(meeting_quality_judge(&view, "2026-05-10",
		                     PATH, s, 7, &v, &err),
		    -CB_EINVAL);
		assert_string_equal(err.fields[0].code,
		    "quality_sheet_invalid");
		assert_string_equal(err.fields[0].rule, RULE_MEETING_QUALITY);
		cb_error_release(&err);
		/* Elsewhere the national sheet applies. */
		assert_int_equal(meeting_quality_judge(&view, "2026-05-10",
		                     "/1/6/", s, 7, &v, &err),
		    0);
		/* A maximum dropped (beside a valid fair_min of 80): refused too. */
		o.value.i = 80;
		rulebook_release(&view);
		rulebook_view(&view, &rb);
		assert_int_equal(rulebook_add_override(&view, &o), 0);
		o.value_name = maxp;
		o.value.type = RV_LIST;
		o.value.items = items;
		o.value.nitems = 1;
		assert_int_equal(rulebook_add_override(&view, &o), 0);
		assert_int_equal(meeting_quality_judge(&view, "2026-05-10",
		                     PATH, s, 7, &v, &err),
		    -CB_EINVAL);
		assert_string_equal(err.fields[0].code,
		    "quality_sheet_invalid");
		cb_error_release(&err);
		rulebook_release(&view);
	}

	/* No sheet before HD 42; a bad date. */
	assert_int_equal(meeting_quality_judge(&rb, "2025-10-27", PATH, s, 7,
	                     &v, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "on");
	assert_string_equal(err.fields[0].code, "rule_not_in_force");
	cb_error_release(&err);
	assert_int_equal(meeting_quality_judge(&rb, "2026-02-30", PATH, s, 7,
	                     &v, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "invalid_date");
	cb_error_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_vote_threshold),
		cmocka_unit_test(test_vote_bad),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_materials_resolution),
		cmocka_unit_test(test_attendance),
		cmocka_unit_test(test_absence),
		cmocka_unit_test(test_quality),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
