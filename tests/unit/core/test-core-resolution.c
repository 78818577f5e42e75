/*
 * test-core-resolution.c - a meeting's resolution and its tasks
 * (core/resolution.h) at their edges: a task's assignee (a member or a
 * group, one of them), its text and status, every problem at once; the
 * vote line (both counts or neither, for at most the total, a total of
 * zero); the number's text and the share rounded half up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/resolution.h"

static void
assert_fields(struct cb_error *err, const char *want)
{
	char got[256] = "";
	size_t i;

	for (i = 0; i < err->nfields; i++) {
		if (i > 0)
			strcat(got, " ");
		strcat(got, err->fields[i].field);
		strcat(got, ":");
		strcat(got, err->fields[i].code);
	}
	assert_string_equal(got, want);
	cb_error_release(err);
}

static void
test_task(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	char what[] = "Giới thiệu quần chúng", group[] = "Tổ đảng 1",
	     empty[] = "";
	struct meeting_task t;

	(void)state;
	memset(&t, 0, sizeof(t));
	/* Nothing: what and who, both at once. */
	assert_int_equal(meeting_task_validate(&t, &err), -CB_EINVAL);
	assert_fields(&err, "what:required assignee:required");
	t.what = what;
	t.assignee_id = 7;
	assert_int_equal(meeting_task_validate(&t, &err), 0);
	t.assignee_text = empty;
	assert_int_equal(meeting_task_validate(&t, &err), 0);
	t.assignee_text = group;
	assert_int_equal(meeting_task_validate(&t, &err), -CB_EINVAL);
	assert_fields(&err, "assignee_text:assignee_twice");
	t.assignee_id = 0;
	assert_int_equal(meeting_task_validate(&t, &err), 0);
	t.assignee_id = -1;
	assert_int_equal(meeting_task_validate(&t, &err), -CB_EINVAL);
	assert_fields(&err, "assignee_id:invalid_value");
	t.assignee_id = 0;
	t.status = TASK_STATUS__MAX;
	assert_int_equal(meeting_task_validate(&t, &err), -CB_EINVAL);
	assert_fields(&err, "status:invalid_value");
	assert_int_equal(task_status_parse("done"), TASK_DONE);
	assert_int_equal(task_status_parse("dropped"), TASK_DROPPED);
	assert_int_equal(task_status_parse("Done"), -1);
	assert_int_equal(task_status_parse(NULL), -1);
}

static void
test_vote_line(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_resolution r;

	(void)state;
	meeting_resolution_init(&r);
	assert_int_equal(meeting_resolution_validate(&r, &err), 0);
	r.vote_for = 9;
	assert_int_equal(meeting_resolution_validate(&r, &err), -CB_EINVAL);
	assert_fields(&err, "vote_total:required");
	r.vote_for = -1;
	r.vote_total = 10;
	assert_int_equal(meeting_resolution_validate(&r, &err), -CB_EINVAL);
	assert_fields(&err, "vote_for:required");
	r.vote_for = 10;
	assert_int_equal(meeting_resolution_validate(&r, &err), 0);
	r.vote_for = 0;
	assert_int_equal(meeting_resolution_validate(&r, &err), 0);
	r.vote_for = 11;
	assert_int_equal(meeting_resolution_validate(&r, &err), -CB_EINVAL);
	assert_fields(&err, "vote_for:vote_count_over_base");
	r.vote_for = r.vote_total = 0;
	assert_int_equal(meeting_resolution_validate(&r, &err), -CB_EINVAL);
	assert_fields(&err, "vote_total:vote_base_empty");
	meeting_resolution_release(&r);
	assert_int_equal(r.vote_for, -1);
}

static void
test_number_and_percent(void **state)
{
	char buf[32];

	(void)state;
	resolution_number_text(5, buf, sizeof(buf));
	assert_string_equal(buf, "05-NQ/CB");
	resolution_number_text(123, buf, sizeof(buf));
	assert_string_equal(buf, "123-NQ/CB");
	assert_int_equal(resolution_vote_percent(9, 10), 90);
	assert_int_equal(resolution_vote_percent(2, 3), 67);   /* 66.67 */
	assert_int_equal(resolution_vote_percent(1, 3), 33);   /* 33.33 */
	assert_int_equal(resolution_vote_percent(1, 8), 13);   /* 12.5 up */
	assert_int_equal(resolution_vote_percent(0, 7), 0);
	assert_int_equal(resolution_vote_percent(7, 7), 100);
	assert_int_equal(resolution_vote_percent(-1, 7), -1);
	assert_int_equal(resolution_vote_percent(3, 0), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_task),
		cmocka_unit_test(test_vote_line),
		cmocka_unit_test(test_number_and_percent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
