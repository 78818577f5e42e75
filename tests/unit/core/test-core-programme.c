/*
 * test-core-programme.c - the rules of terms and inspection programmes
 * (core/programme.h) at their edges: a term ending the day it starts, or
 * the next; terms sharing exactly one day or none; the term in force on
 * its first and last day; each form by kind (rule inspection.forms, with
 * its citation); contents in and out of the catalogue, twice; planned
 * dates equal or reversed; a programme of a year before the rules (their
 * first version applies); the catalogue's lists of unequal length.  The
 * rulebook is the one chibo ships (rules/vn.json).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/programme.h"
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

/* The field:code pairs of err, space-separated. */
static const char *
codes(const struct cb_error *err)
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
term_set(struct org_term *t, const char *from, const char *to)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->starts_on, sizeof(t->starts_on), "%s", from);
	snprintf(t->ends_on, sizeof(t->ends_on), "%s", to);
}

static void
test_term_dates(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_term t;

	(void)state;
	term_set(&t, "2025-06-01", "2025-06-01");
	assert_int_equal(term_validate(&t, &err), -CB_EINVAL);
	assert_string_equal(codes(&err), "ends_on:date_not_after");
	cb_error_release(&err);
	term_set(&t, "2025-06-01", "2025-05-31");
	assert_int_equal(term_validate(&t, &err), -CB_EINVAL);
	assert_string_equal(codes(&err), "ends_on:date_before");
	cb_error_release(&err);
	term_set(&t, "2025-06-01", "2025-06-02");
	assert_int_equal(term_validate(&t, &err), 0);
	term_set(&t, "2025-06-01", "2025-05-31");
	assert_int_equal(term_validate(&t, &err), -CB_EINVAL);
	cb_error_release(&err);
	/* In force on its first and last day, not the day after. */
	term_set(&t, "2025-06-01", "2030-05-31");
	assert_true(term_in_force(&t, "2025-06-01"));
	assert_true(term_in_force(&t, "2030-05-31"));
	assert_false(term_in_force(&t, "2030-06-01"));
	assert_false(term_in_force(&t, "2025-05-31"));
}

static void
test_term_overlap(void **state)
{
	struct org_term a, b;

	(void)state;
	term_set(&a, "2020-06-01", "2025-05-31");
	term_set(&b, "2025-05-31", "2030-05-31"); /* one day shared */
	assert_true(term_overlaps(&a, &b));
	assert_true(term_overlaps(&b, &a));
	term_set(&b, "2025-06-01", "2030-05-31"); /* the next day */
	assert_false(term_overlaps(&a, &b));
	assert_false(term_overlaps(&b, &a));
	term_set(&b, "2021-01-01", "2022-01-01"); /* inside */
	assert_true(term_overlaps(&a, &b));
}

static void
prog_set(struct inspection_programme *p, int year)
{
	memset(p, 0, sizeof(*p));
	p->org_id = 5;
	p->body = INSPECTION_BODY_COMMITTEE;
	p->year = year;
}

static void
item_set(struct inspection_programme_item *it, enum inspection_kind k,
    enum programme_form f)
{
	memset(it, 0, sizeof(*it));
	it->kind = k;
	it->form = f;
	it->subject_org_id = 9;
}

static void
test_forms_by_kind(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_programme_item it;
	struct inspection_programme p;
	int f;

	(void)state;
	prog_set(&p, 2026);
	for (f = PROGRAMME_FORM_REGULAR; f < PROGRAMME_FORM__MAX; f++) {
		item_set(&it, INSPECTION_KIND_INSPECTION,
		    (enum programme_form)f);
		assert_int_equal(programme_item_validate(&it, &p, NULL, 0, &rb,
		                     NULL, &err),
		    0);
		item_set(&it, INSPECTION_KIND_SUPERVISION,
		    (enum programme_form)f);
		if (f == PROGRAMME_FORM_ON_SIGNS_OF_VIOLATION) {
			assert_int_equal(programme_item_validate(&it, &p, NULL,
			                     0, &rb, NULL, &err),
			    -CB_EINVAL);
			assert_string_equal(codes(&err),
			    "form:form_not_allowed");
			assert_string_equal(err.fields[0].rule,
			    "inspection.forms");
			assert_non_null(
			    strstr(err.fields[0].citation, "296-QĐ/TW"));
			assert_string_equal(err.fields[0].arg,
			    "regular, thematic");
			cb_error_release(&err);
		} else
			assert_int_equal(programme_item_validate(&it, &p, NULL,
			                     0, &rb, NULL, &err),
			    0);
	}
	/* A year before the rule: its first version applies. */
	prog_set(&p, 2020);
	item_set(&it, INSPECTION_KIND_SUPERVISION,
	    PROGRAMME_FORM_ON_SIGNS_OF_VIOLATION);
	assert_int_equal(programme_item_validate(&it, &p, NULL, 0, &rb, NULL,
	                     &err),
	    -CB_EINVAL);
	cb_error_release(&err);
}

static void
test_subject_contents_dates(void **state)
{
	static const char *const good[] = { "member_duties", "prohibited_acts",
		"party_fees" };
	static const char *const bad[] = { "member_duties", "nope",
		"member_duties" };
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_programme_item it;
	struct inspection_programme p;

	(void)state;
	prog_set(&p, 2026);
	item_set(&it, INSPECTION_KIND_INSPECTION, PROGRAMME_FORM_THEMATIC);
	assert_int_equal(programme_item_validate(&it, &p, good, 3, &rb, NULL,
	                     &err),
	    0);
	assert_int_equal(programme_item_validate(&it, &p, bad, 3, &rb, NULL,
	                     &err),
	    -CB_EINVAL);
	assert_string_equal(codes(&err),
	    "content_codes:unknown_content content_codes:duplicate_content");
	assert_string_equal(err.fields[0].rule, "inspection.contents");
	cb_error_release(&err);
	/* Both subjects, or none. */
	it.subject_member_id = 3;
	assert_int_equal(programme_item_validate(&it, &p, NULL, 0, &rb, NULL,
	                     &err),
	    -CB_EINVAL);
	assert_string_equal(codes(&err), "subject_org_id:subject_one_of");
	cb_error_release(&err);
	it.subject_member_id = 0;
	it.subject_org_id = 0;
	assert_int_equal(programme_item_validate(&it, &p, NULL, 0, &rb, NULL,
	                     &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	/* Planned over one day; reversed. */
	it.subject_org_id = 9;
	snprintf(it.planned_from, sizeof(it.planned_from), "2026-04-01");
	snprintf(it.planned_to, sizeof(it.planned_to), "2026-04-01");
	assert_int_equal(programme_item_validate(&it, &p, NULL, 0, &rb, NULL,
	                     &err),
	    0);
	snprintf(it.planned_to, sizeof(it.planned_to), "2026-03-31");
	assert_int_equal(programme_item_validate(&it, &p, NULL, 0, &rb, NULL,
	                     &err),
	    -CB_EINVAL);
	assert_string_equal(codes(&err), "planned_to:date_before");
	cb_error_release(&err);
}

static void
test_programme_year(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_programme p;

	(void)state;
	prog_set(&p, 1899);
	assert_int_equal(programme_validate(&p, &err), -CB_EINVAL);
	cb_error_release(&err);
	prog_set(&p, 1900);
	assert_int_equal(programme_validate(&p, &err), 0);
	prog_set(&p, 2200);
	assert_int_equal(programme_validate(&p, &err), 0);
	prog_set(&p, 2201);
	assert_int_equal(programme_validate(&p, &err), -CB_EINVAL);
	cb_error_release(&err);
}

/* The catalogue's lists pair up in the shipped rulebook; a version whose
 * English labels are one short is refused. */
static void
test_contents_check(void **state)
{
	const struct rule *r = rulebook_find(&rb, "inspection.contents");
	struct cb_error err = CB_ERROR_INIT;
	struct rule_version v;
	struct rule_value vals[4];
	size_t i;

	(void)state;
	assert_non_null(r);
	assert_int_equal(inspection_contents_check(r, &r->versions[0], &err),
	    0);
	v = r->versions[0];
	assert_true(v.nvalues <= 4);
	for (i = 0; i < v.nvalues; i++) {
		vals[i] = v.values[i];
		if (strcmp(vals[i].name, "names_en") == 0)
			vals[i].nitems--;
	}
	v.values = vals;
	assert_int_equal(inspection_contents_check(r, &v, &err), -CB_EINVAL);
	assert_string_equal(codes(&err), "inspection.contents:rule_bad_value");
	cb_error_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_term_dates),
		cmocka_unit_test(test_term_overlap),
		cmocka_unit_test(test_forms_by_kind),
		cmocka_unit_test(test_subject_contents_dates),
		cmocka_unit_test(test_programme_year),
		cmocka_unit_test(test_contents_check),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
