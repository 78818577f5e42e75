/*
 * test-core-meeting.c - the checks of a meeting and of an attendance
 * record (core/meeting.h) at their edges: the times (offsets, end equal
 * to the start), the online condition of HD 03 (rule
 * meeting.online_condition, cited), the topic of thematic and combined
 * meetings, the organisations that meet, every problem at once; and the
 * meeting's date in Viet Nam.  The rulebook is the one chibo ships.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/meeting.h"
#include "svc/svc.h"

#include "testlib.h"

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

static void
org_of(struct org *o, enum org_kind k)
{
	org_init(o);
	o->id = 9;
	o->kind = k;
	o->name = strdup("Chi bộ Thử");
	o->code = strdup("CB-THU");
	o->parent_id = 5;
	o->path = strdup("/1/5/9/");
	o->depth = 2;
	strcpy(o->valid_from, "2000-01-01");
}

/* A planned regular meeting of organisation 9, set through the field
 * table as input would be (times given at +07:00). */
static void
meeting_of(struct meeting *m)
{
	struct cb_error err = CB_ERROR_INIT;

	memset(m, 0, sizeof(*m));
	m->org_id = 9;
	m->kind = MEETING_REGULAR;
	m->status = MEETING_PLANNED;
	assert_int_equal(field_set_text(&meeting_entity.fields[MEETING_F_starts_at],
	                     m, "2026-03-05T19:30+07:00", 0, &err),
	    0);
	assert_int_equal(field_set_text(&meeting_entity.fields[MEETING_F_ends_at],
	                     m, "2026-03-05T21:30+07:00", 0, &err),
	    0);
	cb_error_release(&err);
	assert_string_equal(m->starts_at, "2026-03-05T12:30:00Z");
}

static void
set(char **slot, const char *s)
{
	free(*slot);
	*slot = s != NULL ? strdup(s) : NULL;
}

/* The field errors of err as "field:code field:code ...". */
static const char *
errs(const struct cb_error *err)
{
	static char buf[512];
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < err->nfields && used + 1 < sizeof(buf); i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used,
		    "%s%s:%s", i ? " " : "", err->fields[i].field,
		    err->fields[i].code);
	return buf;
}

static void
test_valid(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m;
	struct org o;

	(void)state;
	org_of(&o, ORG_CELL);
	meeting_of(&m);
	assert_int_equal(meeting_validate(&m, &rb, &o, &err), 0);
	/* A grassroots cell holds members and meets too. */
	o.kind = ORG_GRASSROOTS_CELL;
	assert_int_equal(meeting_validate(&m, &rb, &o, &err), 0);
	assert_int_equal(err.nfields, 0);
	meeting_release(&m);
	org_release(&o);
}

/* The end must come after the start: equal is refused, a second later is
 * not; the times compare as instants whatever the offsets given. */
static void
test_times(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m;
	struct org o;

	(void)state;
	org_of(&o, ORG_CELL);
	meeting_of(&m);
	assert_int_equal(field_set_text(&meeting_entity.fields[MEETING_F_ends_at],
	                     &m, "2026-03-05T12:30:00Z", 0, &err),
	    0);
	assert_int_equal(meeting_validate(&m, &rb, &o, &err), -CB_EINVAL);
	assert_string_equal(errs(&err), "ends_at:time_before");
	cb_error_release(&err);
	assert_int_equal(field_set_text(&meeting_entity.fields[MEETING_F_ends_at],
	                     &m, "2026-03-05T13:30:01+01:00", 0, &err),
	    0);
	assert_int_equal(meeting_validate(&m, &rb, &o, &err), 0);
	/* No offset: refused by the field, with the field's name. */
	assert_int_equal(field_set_text(&meeting_entity.fields[MEETING_F_ends_at],
	                     &m, "2026-03-05T21:30", 0, &err),
	    -CB_EINVAL);
	assert_string_equal(errs(&err), "ends_at:invalid_datetime");
	cb_error_release(&err);
	set(&m.starts_at, NULL);
	assert_int_equal(meeting_validate(&m, &rb, &o, &err), -CB_EINVAL);
	assert_string_equal(errs(&err), "starts_at:required");
	cb_error_release(&err);
	meeting_release(&m);
	org_release(&o);
}

/* RULE meeting.online_condition: online needs its reason, cited; from
 * the day HD 03 took effect, not before. */
static void
test_online(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m;
	struct org o;

	(void)state;
	org_of(&o, ORG_CELL);
	meeting_of(&m);
	m.online = true;
	assert_int_equal(meeting_validate(&m, &rb, &o, &err), -CB_EINVAL);
	assert_string_equal(errs(&err), "online_reason:online_reason_required");
	assert_string_equal(err.fields[0].rule, RULE_MEETING_ONLINE);
	assert_non_null(err.fields[0].citation);
	assert_non_null(strstr(err.fields[0].citation, "03-HD/TW"));
	cb_error_release(&err);
	set(&m.online_reason,
	    "Quá nửa đảng viên đi công tác biển, không thể họp tập trung");
	assert_int_equal(meeting_validate(&m, &rb, &o, &err), 0);
	/* 27/12/2022 00:00 in Viet Nam is the 26th in UTC: in force. */
	set(&m.starts_at, "2022-12-26T17:00:00Z");
	set(&m.ends_at, "2022-12-26T19:00:00Z");
	assert_int_equal(meeting_validate(&m, &rb, &o, &err), 0);
	/* A minute earlier it is the 26th in Viet Nam: no rule allows it. */
	set(&m.starts_at, "2022-12-26T16:59:00Z");
	assert_int_equal(meeting_validate(&m, &rb, &o, &err), -CB_EINVAL);
	assert_string_equal(errs(&err), "online:rule_not_in_force");
	cb_error_release(&err);
	/* Not online: a reason is not asked for. */
	m.online = false;
	set(&m.online_reason, NULL);
	assert_int_equal(meeting_validate(&m, &rb, &o, &err), 0);
	meeting_release(&m);
	org_release(&o);
}

static void
test_topic(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m;
	struct org o;
	enum meeting_kind k;

	(void)state;
	org_of(&o, ORG_CELL);
	meeting_of(&m);
	for (k = MEETING_REGULAR; k < MEETING_KIND__MAX; k++) {
		bool need = k == MEETING_THEMATIC || k == MEETING_COMBINED;

		m.kind = k;
		set(&m.topic, NULL);
		assert_int_equal(meeting_validate(&m, &rb, &o, &err),
		    need ? -CB_EINVAL : 0);
		assert_string_equal(errs(&err), need ? "topic:topic_required" : "");
		cb_error_release(&err);
		set(&m.topic, "Học tập tư tưởng Hồ Chí Minh");
		assert_int_equal(meeting_validate(&m, &rb, &o, &err), 0);
	}
	meeting_release(&m);
	org_release(&o);
}

/* RULE org.member_holding_kinds: committees above the cells do not hold
 * cell meetings; nor does a Party group; nor a closed organisation. */
static void
test_org(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m;
	struct org o;

	(void)state;
	meeting_of(&m);
	org_of(&o, ORG_GRASSROOTS);
	assert_int_equal(meeting_validate(&m, &rb, &o, &err), -CB_EINVAL);
	assert_string_equal(errs(&err), "org_id:org_cannot_meet");
	cb_error_release(&err);
	o.kind = ORG_GROUP;
	assert_int_equal(meeting_validate(&m, &rb, &o, &err), -CB_EINVAL);
	assert_string_equal(errs(&err), "org_id:org_cannot_meet");
	cb_error_release(&err);
	o.kind = ORG_CELL;
	strcpy(o.valid_to, "2026-03-04");
	assert_int_equal(meeting_validate(&m, &rb, &o, &err), -CB_EINVAL);
	assert_string_equal(errs(&err), "org_id:org_closed");
	cb_error_release(&err);
	assert_int_equal(meeting_validate(&m, &rb, NULL, &err), -CB_EINVAL);
	assert_string_equal(errs(&err), "org_id:org_not_found");
	cb_error_release(&err);
	meeting_release(&m);
	org_release(&o);
}

/* Every problem at once, each on its field. */
static void
test_all_at_once(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.kind = MEETING_COMBINED;
	m.online = true;
	set(&m.starts_at, "2026-03-05T12:30:00Z");
	set(&m.ends_at, "2026-03-05T12:00:00Z");
	assert_int_equal(meeting_validate(&m, &rb, NULL, &err), -CB_EINVAL);
	assert_string_equal(errs(&err),
	    "status:required ends_at:time_before org_id:required "
	    "online_reason:online_reason_required topic:topic_required");
	cb_error_release(&err);
	meeting_release(&m);
}

static void
test_attendance(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_attendance a;
	struct meeting m;

	(void)state;
	meeting_of(&m);
	memset(&a, 0, sizeof(a));
	assert_int_equal(meeting_attendance_validate(&a, &m, &err),
	    -CB_EINVAL);
	assert_string_equal(errs(&err), "status:required");
	cb_error_release(&err);
	a.status = ATTENDANCE_ABSENT_EXCUSED;
	assert_int_equal(meeting_attendance_validate(&a, &m, &err),
	    -CB_EINVAL);
	assert_string_equal(errs(&err), "reason:reason_required");
	cb_error_release(&err);
	set(&a.reason, "Ốm");
	assert_int_equal(meeting_attendance_validate(&a, &m, &err), 0);
	/* Times only online. */
	a.status = ATTENDANCE_PRESENT;
	set(&a.joined_at, "2026-03-05T12:31:00Z");
	set(&a.left_at, "2026-03-05T12:30:00Z");
	assert_int_equal(meeting_attendance_validate(&a, &m, &err),
	    -CB_EINVAL);
	assert_string_equal(errs(&err),
	    "joined_at:online_only left_at:online_only");
	cb_error_release(&err);
	m.online = true;
	assert_int_equal(meeting_attendance_validate(&a, &m, &err),
	    -CB_EINVAL);
	assert_string_equal(errs(&err), "left_at:time_before");
	cb_error_release(&err);
	set(&a.left_at, "2026-03-05T12:31:00Z");
	assert_int_equal(meeting_attendance_validate(&a, &m, &err), 0);
	meeting_attendance_release(&a);
	meeting_release(&m);
}

static void
test_date_vn(void **state)
{
	char on[DATE_LEN];

	(void)state;
	assert_int_equal(meeting_date_vn("2026-03-05T16:59:59Z", on), 0);
	assert_string_equal(on, "2026-03-05");
	assert_int_equal(meeting_date_vn("2026-03-05T17:00:00Z", on), 0);
	assert_string_equal(on, "2026-03-06");
	assert_int_equal(meeting_date_vn("2026-12-31T17:00:00Z", on), 0);
	assert_string_equal(on, "2027-01-01");
	assert_int_not_equal(meeting_date_vn("2026-03-05", on), 0);
	assert_int_not_equal(meeting_date_vn(NULL, on), 0);
}

/* Votes are taken at a held meeting, or a planned one that has started
 * (to the second); not at a cancelled one or one not yet started. */
static void
test_vote_allowed(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.starts_at = (char *)"2026-03-05T12:30:00Z";
	m.status = MEETING_HELD;
	assert_int_equal(meeting_vote_allowed(&m, "2020-01-01T00:00:00Z",
	                     &err),
	    0);
	m.status = MEETING_PLANNED;
	assert_int_equal(meeting_vote_allowed(&m, "2026-03-05T12:30:00Z",
	                     &err),
	    0);
	assert_int_equal(meeting_vote_allowed(&m, "2026-03-05T19:30:00+07:00",
	                     &err),
	    0);
	assert_int_equal(meeting_vote_allowed(&m, "2026-03-05T12:29:59Z",
	                     &err),
	    -CB_ECONFLICT);
	assert_string_equal(err.mcode, "meeting_not_held");
	assert_string_equal(err.arg, "planned");
	cb_error_release(&err);
	m.status = MEETING_CANCELLED;
	assert_int_equal(meeting_vote_allowed(&m, "2026-03-06T00:00:00Z",
	                     &err),
	    -CB_ECONFLICT);
	cb_error_release(&err);
}

/* The course of the minutes: a speaker (by id or name) and a text for
 * each entry, every problem at once; at most MINUTES_COURSE_MAX. */
static void
test_minutes_course(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct minutes_speech ok[] = { { 7, NULL, "Báo cáo" },
		{ 0, "Khách mời", "Góp ý" } };
	struct minutes_speech bad[] = { { 0, NULL, "Không rõ ai nói" },
		{ 0, "", NULL }, { -3, "Bí thư", "" } };

	(void)state;
	assert_int_equal(meeting_minutes_course_validate(ok, 2, &err), 0);
	assert_int_equal(meeting_minutes_course_validate(NULL, 0, &err), 0);
	assert_int_equal(meeting_minutes_course_validate(bad, 3, &err),
	    -CB_EINVAL);
	assert_int_equal(err.nfields, 4);
	assert_string_equal(err.fields[0].field, "course[0].speaker");
	assert_string_equal(err.fields[0].code, "speaker_required");
	assert_string_equal(err.fields[1].field, "course[1].speaker");
	assert_string_equal(err.fields[2].field, "course[1].text");
	assert_string_equal(err.fields[2].code, "required");
	assert_string_equal(err.fields[3].field, "course[2].text");
	cb_error_release(&err);
	assert_int_equal(meeting_minutes_course_validate(ok,
	                     MINUTES_COURSE_MAX + 1, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "course");
	assert_string_equal(err.fields[0].code, "too_many");
	cb_error_release(&err);
	assert_true(minutes_correctable_field("course"));
	assert_true(minutes_correctable_field("notes"));
	assert_false(minutes_correctable_field("state"));
	assert_false(minutes_correctable_field(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_online),
		cmocka_unit_test(test_topic),
		cmocka_unit_test(test_org),
		cmocka_unit_test(test_all_at_once),
		cmocka_unit_test(test_attendance),
		cmocka_unit_test(test_date_vn),
		cmocka_unit_test(test_vote_allowed),
		cmocka_unit_test(test_minutes_course),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
