/*
 * test-core-rulebook.c - every rulebook value has a declared type and
 * range in the rulebook itself (issue 12, finding 5): the shipped rulebook
 * declares all of them; a version whose value breaks its schema refuses to
 * load, naming rule, version and value; an override outside the range is
 * refused (rulebook_override_check) and one stored before the check is
 * ignored by lookups (rulebook_overrides_screen).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/rulebook.h"
#include "svc/svc.h"
#include "util/err.h"

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

/* The first field error of err has this field and code. */
static void
assert_ferr(const struct cb_error *err, const char *field, const char *code)
{
	assert_true(err->nfields > 0);
	assert_string_equal(err->fields[0].field, field);
	assert_string_equal(err->fields[0].code, code);
}

static void
test_shipped_declares_every_value(void **state)
{
	size_t i, j, k;

	(void)state;
	assert_true(rb.nrules > 0);
	for (i = 0; i < rb.nrules; i++) {
		const struct rule *r = &rb.rules[i];

		assert_true(r->nschema > 0);
		for (j = 0; j < r->nversions; j++)
			for (k = 0; k < r->versions[j].nvalues; k++)
				assert_non_null(rule_schema_find(r,
				    r->versions[j].values[k].name));
	}
	/* The value: probation months are 1..36. */
	{
		const struct rule_schema *sc = rule_schema_find(
		    rulebook_find(&rb, "member.probation"), "months");

		assert_non_null(sc);
		assert_int_equal(sc->type, RS_INT);
		assert_int_equal(sc->s.min, 1);
		assert_int_equal(sc->s.max, 36);
		assert_string_equal(sc->s.unit, "month");
	}
}

static int
check_int(const char *rule, const char *name, int64_t i,
    struct cb_error *err)
{
	struct rule_override o;
	char rid[64], vn[64];

	memset(&o, 0, sizeof(o));
	snprintf(rid, sizeof(rid), "%s", rule);
	snprintf(vn, sizeof(vn), "%s", name);
	o.rule_id = rid;
	o.value_name = vn;
	o.value.type = RV_INT;
	o.value.i = i;
	strcpy(o.from, "2026-01-01");
	return rulebook_override_check(&rb, &o, err);
}

static void
test_override_int_range(void **state)
{
	struct cb_error err = CB_ERROR_INIT;

	(void)state;
	assert_int_equal(check_int("member.probation", "months", -12, &err),
	    -CB_EINVAL);
	assert_ferr(&err, "months", "rule_value_range_month");
	assert_string_equal(err.fields[0].arg, "1..36");
	assert_string_equal(err.fields[0].given, "-12");
	cb_error_release(&err);
	assert_int_equal(check_int("member.probation", "months", 0, &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	assert_int_equal(check_int("member.probation", "months", 37, &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	assert_int_equal(check_int("member.probation", "months", 1, &err), 0);
	assert_int_equal(check_int("member.probation", "months", 36, &err), 0);
	assert_int_equal(check_int("member.probation_notice", "days", 0, &err),
	    -CB_EINVAL);
	assert_ferr(&err, "days", "rule_value_range_day");
	cb_error_release(&err);
	assert_int_equal(check_int("member.citizen_id", "digits", 13, &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	assert_int_equal(check_int("member.citizen_id", "digits", 9, &err), 0);
	assert_int_equal(check_int("privacy.small_figures", "min_count", 101,
	                     &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	/* max_months: 0 (no limit), or not below min_months (216). */
	assert_int_equal(check_int("member.admission_age", "max_months", 0,
	                     &err),
	    0);
	assert_int_equal(check_int("member.admission_age", "max_months", 780,
	                     &err),
	    0);
	assert_int_equal(check_int("member.admission_age", "max_months", 100,
	                     &err),
	    -CB_EINVAL);
	assert_ferr(&err, "max_months", "rule_value_below");
	cb_error_release(&err);
	assert_int_equal(check_int("member.admission_age", "min_months", 215,
	                     &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	/* Not a value of the rule. */
	assert_int_equal(check_int("member.probation", "weeks", 3, &err),
	    -CB_EINVAL);
	assert_ferr(&err, "value_name", "invalid_value");
	cb_error_release(&err);
}

static int
check_list(const char *rule, const char *name, const char **items,
    size_t n, struct cb_error *err)
{
	const struct rule *r = rulebook_find(&rb, rule);
	struct rule_value v;

	memset(&v, 0, sizeof(v));
	v.type = RV_LIST;
	v.items = (char **)items;
	v.nitems = n;
	return rule_value_check(rule_schema_find(r, name), &v, NULL, name,
	    err);
}

static void
test_lists(void **state)
{
	static const char *up[] = { "30", "40", "50" };
	static const char *down[] = { "30", "20" };
	static const char *zero[] = { "0" };
	static const char *eight[] = { "1", "2", "3", "4", "5", "6", "7",
		"8" };
	static const char *kinds[] = { "cell", "group" };
	static const char *foo[] = { "cell", "foo" };
	static const char *twice[] = { "cell", "cell" };
	struct cb_error err = CB_ERROR_INIT;
	struct rule_value text;

	(void)state;
	assert_int_equal(check_list("stats.age_bands", "edges", up, 3, &err),
	    0);
	assert_int_equal(check_list("stats.age_bands", "edges", down, 2, &err),
	    -CB_EINVAL);
	assert_ferr(&err, "edges", "rule_value_item_order");
	cb_error_release(&err);
	assert_int_equal(check_list("stats.age_bands", "edges", zero, 1, &err),
	    -CB_EINVAL);
	assert_ferr(&err, "edges", "rule_value_item_range");
	cb_error_release(&err);
	assert_int_equal(check_list("stats.age_bands", "edges", eight, 8,
	                     &err),
	    -CB_EINVAL);
	assert_ferr(&err, "edges", "rule_value_items");
	cb_error_release(&err);
	assert_int_equal(check_list("stats.age_bands", "edges", up, 0, &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	assert_int_equal(check_list("org.member_holding_kinds", "kinds", kinds,
	                     2, &err),
	    0);
	assert_int_equal(check_list("org.member_holding_kinds", "kinds", foo,
	                     2, &err),
	    -CB_EINVAL);
	assert_ferr(&err, "kinds", "invalid_value");
	assert_string_equal(err.fields[0].given, "foo");
	cb_error_release(&err);
	assert_int_equal(check_list("org.member_holding_kinds", "kinds", twice,
	                     2, &err),
	    -CB_EINVAL);
	assert_ferr(&err, "kinds", "rule_value_item_twice");
	cb_error_release(&err);
	/* A text where a list is declared: the wrong type. */
	memset(&text, 0, sizeof(text));
	text.type = RV_TEXT;
	text.s = (char *)"cell";
	assert_int_equal(rule_value_check(rule_schema_find(rulebook_find(&rb,
	                                      "org.member_holding_kinds"),
	                                      "kinds"),
	                     &text, NULL, "kinds", &err),
	    -CB_EINVAL);
	assert_ferr(&err, "kinds", "wrong_type");
	cb_error_release(&err);
}

/* The regression of the issue: an override of -12 months stored before
 * the check no longer moves the official date before admission. */
static void
test_stored_override_ignored(void **state)
{
	char rid[] = "member.probation", vn[] = "months", path[] = "/1/5/",
	     doc[] = "09-QĐ/CB";
	struct cb_error err = CB_ERROR_INIT;
	struct rule_override o;
	struct rulebook view;
	int64_t months = 0;

	(void)state;
	rulebook_view(&view, &rb);
	memset(&o, 0, sizeof(o));
	o.id = 7;
	o.rule_id = rid;
	o.value_name = vn;
	o.value.type = RV_INT;
	o.value.i = -12;
	o.org_id = 5;
	o.org_path = path;
	strcpy(o.from, "2020-01-01");
	o.doc_no = doc;
	assert_int_equal(rulebook_add_override(&view, &o), 0);
	o.id = 8;
	o.value.i = 18;
	strcpy(o.from, "2019-01-01");
	assert_int_equal(rulebook_add_override(&view, &o), 0);

	assert_int_equal(rulebook_overrides_screen(&view, &err), 1);
	assert_true(view.overrides[0].ignored);
	assert_false(view.overrides[1].ignored);
	assert_ferr(&err, "override 7", "rule_value_range_month");
	cb_error_release(&err);
	/* The valid override of the same organisation applies, not -12. */
	assert_int_equal(rulebook_int(&view, "member.probation", "months",
	                     "2026-01-01", "/1/5/9/", &months, NULL),
	    0);
	assert_int_equal(months, 18);
	/* Elsewhere: the rulebook's 12. */
	assert_int_equal(rulebook_int(&view, "member.probation", "months",
	                     "2026-01-01", "/2/", &months, NULL),
	    0);
	assert_int_equal(months, 12);
	rulebook_release(&view);
}

/* The shipped text with one change made by edit, parsed. */
static int
parse_edited(void (*edit)(json_t *), struct cb_error *err)
{
	json_t *doc = json_loads(chibo_rules_files[0].data, 0, NULL);
	struct rulebook got;
	char *text;
	int rc;

	assert_non_null(doc);
	edit(doc);
	text = json_dumps(doc, 0);
	json_decref(doc);
	assert_non_null(text);
	rulebook_init(&got);
	rc = rules_parse(text, &got, err);
	free(text);
	rulebook_release(&got);
	return rc;
}

static json_t *
rule_of(json_t *doc, const char *id)
{
	json_t *rules = json_object_get(doc, "rules");
	size_t i;

	for (i = 0; i < json_array_size(rules); i++)
		if (strcmp(json_string_value(json_object_get(
		               json_array_get(rules, i), "id")),
		        id) == 0)
			return json_array_get(rules, i);
	fail();
	return NULL;
}

static void
edit_negative(json_t *doc)
{
	json_t *v = json_object_get(json_array_get(json_object_get(rule_of(doc,
	                                                "member.probation"),
	                                                "versions"),
	                                0),
	    "values");

	json_object_set_new(v, "months", json_integer(-12));
}

static void
edit_no_schema(json_t *doc)
{
	json_object_del(rule_of(doc, "member.citizen_id"), "schema");
}

static void
edit_undeclared(json_t *doc)
{
	json_t *v = json_object_get(json_array_get(json_object_get(rule_of(doc,
	                                                "member.probation"),
	                                                "versions"),
	                                0),
	    "values");

	json_object_set_new(v, "weeks", json_integer(3));
}

static void
edit_bad_schema(json_t *doc)
{
	json_t *sc = json_object_get(json_object_get(rule_of(doc,
	                                                 "member.probation"),
	                                 "schema"),
	    "months");

	json_object_set_new(sc, "min", json_integer(40));
}

static void
edit_bands(json_t *doc)
{
	json_t *v = json_object_get(json_array_get(json_object_get(rule_of(doc,
	                                                "stats.age_bands"),
	                                                "versions"),
	                                0),
	    "values");

	json_object_set_new(v, "edges", json_pack("[s, s]", "40", "30"));
}

/* The catalogue's exempt entry naming no code of it. */
static void
edit_catalogue(json_t *doc)
{
	json_t *v = json_object_get(json_array_get(json_object_get(rule_of(doc,
	                                                "discipline.violations"),
	                                                "versions"),
	                                0),
	    "values");

	json_object_set_new(v, "no_limitation",
	    json_pack("[s, s]", "illegal_diploma", "qd37_99"));
}

/* Limitation years out of range. */
static void
edit_limitation(json_t *doc)
{
	json_t *v = json_object_get(json_array_get(json_object_get(rule_of(doc,
	                                                "discipline.limitation"),
	                                                "versions"),
	                                1),
	    "values");

	json_object_set_new(v, "canh_cao", json_integer(-10));
}

/* The discipline rules (issue 14): typed and ranged like the others. */
static void
test_discipline_ranges(void **state)
{
	static const char *forms[] = { "khien_trach", "canh_cao" };
	static const char *bad_form[] = { "khien_trach", "phat_tien" };
	static const char *bodies[] = { "committee" };
	static const char *bad_body[] = { "chi_uy" };
	struct cb_error err = CB_ERROR_INIT;
	static const char *const ids[] = { "discipline.forms",
		"discipline.authority", "discipline.vote_threshold",
		"discipline.limitation", "discipline.violations",
		"discipline.deferral", "discipline.complaint_window",
		"discipline.lapse", "discipline.state_notice" };
	const struct rule_schema *sc;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		const struct rule *r = rulebook_find(&rb, ids[i]);

		assert_non_null(r);
		assert_true(r->nschema > 0);
		assert_non_null(r->versions[r->nversions - 1].citation);
	}
	sc = rule_schema_find(rulebook_find(&rb, "discipline.limitation"),
	    "khien_trach");
	assert_non_null(sc);
	assert_int_equal(sc->type, RS_INT);
	assert_string_equal(sc->s.unit, "year_period");
	assert_true(sc->zero_ok);
	/* Years: 0 is "no limitation", 1..30 else. */
	assert_int_equal(check_int("discipline.limitation", "khai_tru", 0,
	                     &err),
	    0);
	assert_int_equal(check_int("discipline.limitation", "khien_trach", 3,
	                     &err),
	    0);
	assert_int_equal(check_int("discipline.limitation", "canh_cao", 31,
	                     &err),
	    -CB_EINVAL);
	assert_ferr(&err, "canh_cao", "rule_value_range_year_period");
	assert_string_equal(err.fields[0].arg, "1..30");
	cb_error_release(&err);
	assert_int_equal(check_int("discipline.limitation", "canh_cao", -1,
	                     &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	assert_int_equal(check_int("discipline.complaint_window", "days", 0,
	                     &err),
	    -CB_EINVAL);
	assert_ferr(&err, "days", "rule_value_range_day");
	cb_error_release(&err);
	assert_int_equal(check_int("discipline.state_notice", "days", 61,
	                     &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	assert_int_equal(check_int("discipline.lapse", "months", 61, &err),
	    -CB_EINVAL);
	assert_ferr(&err, "months", "rule_value_range_month");
	cb_error_release(&err);
	assert_int_equal(check_int("discipline.lapse", "months", 24, &err), 0);
	/* Lists of forms and bodies: only known names. */
	assert_int_equal(check_list("discipline.authority", "cell", forms, 2,
	                     &err),
	    0);
	assert_int_equal(check_list("discipline.authority", "cell", bad_form,
	                     2, &err),
	    -CB_EINVAL);
	assert_ferr(&err, "cell", "invalid_value");
	assert_string_equal(err.fields[0].given, "phat_tien");
	cb_error_release(&err);
	assert_int_equal(check_list("discipline.authority", "org_bodies",
	                     bodies, 1, &err),
	    0);
	assert_int_equal(check_list("discipline.authority", "org_bodies",
	                     bad_body, 1, &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	/* No upper-level restriction at all is a valid setting. */
	assert_int_equal(check_list("discipline.authority",
	                     "upper_task_refused", bodies, 0, &err),
	    0);
	/* A vote rule is one of the two majorities. */
	{
		const struct rule *r =
		    rulebook_find(&rb, "discipline.vote_threshold");
		struct rule_value t;

		memset(&t, 0, sizeof(t));
		t.type = RV_TEXT;
		t.s = (char *)"half";
		assert_int_equal(rule_value_check(rule_schema_find(r,
		                                      "khai_tru"),
		                     &t, NULL, "khai_tru", &err),
		    -CB_EINVAL);
		assert_ferr(&err, "khai_tru", "invalid_value");
		cb_error_release(&err);
		t.s = (char *)"two_thirds";
		assert_int_equal(rule_value_check(rule_schema_find(r,
		                                      "canh_cao"),
		                     &t, NULL, "canh_cao", &err),
		    0);
	}
}

static void
test_load_refuses(void **state)
{
	struct cb_error err = CB_ERROR_INIT;

	(void)state;
	assert_int_equal(parse_edited(edit_negative, &err), -CB_EINVAL);
	assert_string_equal(err.mcode, "rulebook_invalid");
	/* Rule, version and value named. */
	assert_ferr(&err, "member.probation@1900-01-01.months",
	    "rule_value_range_month");
	assert_string_equal(err.fields[0].given, "-12");
	cb_error_release(&err);

	assert_int_equal(parse_edited(edit_no_schema, &err), -CB_EINVAL);
	assert_ferr(&err, "member.citizen_id", "rule_no_schema");
	cb_error_release(&err);

	assert_int_equal(parse_edited(edit_undeclared, &err), -CB_EINVAL);
	assert_ferr(&err, "member.probation@1900-01-01.weeks",
	    "rule_value_undeclared");
	cb_error_release(&err);

	assert_int_equal(parse_edited(edit_bad_schema, &err), -CB_EINVAL);
	assert_ferr(&err, "member.probation", "rule_schema_invalid");
	cb_error_release(&err);

	assert_int_equal(parse_edited(edit_bands, &err), -CB_EINVAL);
	assert_ferr(&err, "stats.age_bands@1900-01-01.edges",
	    "rule_value_item_order");
	cb_error_release(&err);
	/* The discipline rules: a range, and the catalogue's own check. */
	assert_int_equal(parse_edited(edit_limitation, &err), -CB_EINVAL);
	assert_ferr(&err, "discipline.limitation@2022-07-06.canh_cao",
	    "rule_value_range_year_period");
	cb_error_release(&err);
	assert_int_equal(parse_edited(edit_catalogue, &err), -CB_EINVAL);
	assert_ferr(&err, "discipline.violations", "rule_bad_value");
	assert_string_equal(err.fields[0].arg, "qd37_99");
	cb_error_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_declares_every_value),
		cmocka_unit_test(test_override_int_range),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_stored_override_ignored),
		cmocka_unit_test(test_load_refuses),
		cmocka_unit_test(test_discipline_ranges),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
