/*
 * test-core-field-labels.c - every field of the entity tables
 * (core/entity.h) has a label in both languages in util/msg.c, which
 * cannot see the tables (util is below core): the two lists cannot drift.
 * The fields the store makes and no message ever names are listed apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/entity.h"
#include "util/msg.h"

/* Store-made fields no error and no form names. */
static const char *const unlabelled[] = {
	"version", "created_at", "updated_at", "path", "depth",
};

static bool
is_unlabelled(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(unlabelled) / sizeof(unlabelled[0]); i++)
		if (strcmp(unlabelled[i], name) == 0)
			return true;
	return false;
}

static void
check_entity(const struct entity *e)
{
	size_t i;
	int lang;

	for (i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];

		if (is_unlabelled(f->name)) {
			/* Store-made, so read-only. */
			assert_true(f->flags & FF_READONLY);
			continue;
		}
		for (lang = 0; lang < LANG__MAX; lang++) {
			const char *l = msg_field_label(f->name,
			    (enum lang)lang);

			/* msg_field_label answers the name itself when it
			 * has no label. */
			if (l == f->name || l[0] == '\0')
				fail_msg("%s field %s has no label (lang %d)",
				    e->name, f->name, lang);
		}
	}
}

static void
test_member_labels(void **state)
{
	(void)state;
	check_entity(&member_entity);
}

static void
test_org_labels(void **state)
{
	(void)state;
	check_entity(&org_entity);
}

static void
test_org_officer_labels(void **state)
{
	(void)state;
	check_entity(&org_officer_entity);
}

static void
test_meeting_labels(void **state)
{
	(void)state;
	check_entity(&meeting_entity);
	check_entity(&meeting_attendance_entity);
}

static void
test_term_programme_labels(void **state)
{
	(void)state;
	check_entity(&org_term_entity);
	check_entity(&inspection_programme_entity);
	check_entity(&inspection_programme_item_entity);
}

static void
test_meeting_vote_minutes_labels(void **state)
{
	(void)state;
	check_entity(&meeting_vote_entity);
	check_entity(&meeting_minutes_entity);
	check_entity(&minutes_correction_entity);
	/* The vote's kind and the minutes' state are labelled as theirs. */
	assert_string_equal(msg_entity_field_label("meeting_vote", "kind",
	                        LANG_EN),
	    "Vote kind");
	assert_string_equal(msg_entity_field_label("meeting_minutes", "state",
	                        LANG_EN),
	    "Minutes state");
}

static void
test_inspection_labels(void **state)
{
	(void)state;
	check_entity(&inspection_entity);
	check_entity(&inspection_recommendation_entity);
	assert_string_equal(msg_entity_field_label("inspection", "kind",
	                        LANG_EN),
	    "Inspection or supervision");
}

static void
test_discipline_labels(void **state)
{
	(void)state;
	check_entity(&discipline_case_entity);
	check_entity(&discipline_notice_entity);
	assert_string_equal(msg_entity_field_label("discipline_case",
	                        "subject", LANG_EN),
	    "Subject of the case");
}

static void
test_evaluation_labels(void **state)
{
	(void)state;
	check_entity(&evaluation_period_entity);
	check_entity(&evaluation_entity);
	check_entity(&evaluation_comment_entity);
	assert_string_equal(msg_entity_field_label("evaluation_period", "kind",
	                        LANG_EN),
	    "Period kind");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_member_labels),
		cmocka_unit_test(test_discipline_labels),
		cmocka_unit_test(test_org_labels),
		cmocka_unit_test(test_org_officer_labels),
		cmocka_unit_test(test_meeting_labels),
		cmocka_unit_test(test_meeting_vote_minutes_labels),
		cmocka_unit_test(test_term_programme_labels),
		cmocka_unit_test(test_inspection_labels),
		cmocka_unit_test(test_evaluation_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
