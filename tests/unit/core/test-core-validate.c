/*
 * test-core-validate.c - the domain rules of core/: the rulebook's
 * versions and overrides, member and organisation validation.  The
 * rulebook is the one chibo ships (rules/vn.json), so these tests also
 * check that its data says what the code expects.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/reflist.h"
#include "core/stats.h"
#include "core/validate.h"
#include "svc/svc.h"
#include "util/text.h"

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

/* A cell open since 2000 at path /1/5/9/. */
static void
cell(struct org *o)
{
	org_init(o);
	o->id = 9;
	o->kind = ORG_CELL;
	o->name = strdup("Chi bộ Thử");
	o->code = strdup("CB-THU");
	o->parent_id = 5;
	o->path = strdup("/1/5/9/");
	o->depth = 2;
	strcpy(o->valid_from, "2000-01-01");
}

/* A valid official member of that cell. */
static void
good(struct member *m)
{
	member_init(m);
	m->full_name = strdup("Nguyễn Thị Minh Khai");
	m->gender = GENDER_FEMALE;
	strcpy(m->birth_date, "1990-03-10");
	strcpy(m->admission_decision_date, "2015-05-02");
	strcpy(m->admitted_on, "2015-05-15");
	strcpy(m->official_on, "2016-05-15");
	m->status = MSTATUS_OFFICIAL;
	m->citizen_id = strdup("001190012345");
	m->ethnicity = strdup("Kinh");
	m->org_id = 9;
	m->state = MSTATE_ACTIVE;
}

/* The field error with this field, or NULL. */
static const struct cb_ferr *
ferr(const struct cb_error *e, const char *field)
{
	size_t i;

	for (i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].field, field) == 0)
			return &e->fields[i];
	return NULL;
}

static const struct cb_ferr *
judge(const struct member *m, const struct org *o, const char *field,
    struct cb_error *err)
{
	cb_error_release(err);
	member_validate(m, &rb, o, "2026-11-25", err);
	return ferr(err, field);
}

static void
test_valid_member(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	struct org o;

	(void)state;
	good(&m);
	cell(&o);
	assert_int_equal(member_validate(&m, &rb, &o, "2026-11-25", &err), 0);
	assert_int_equal(err.code, CB_OK);
	assert_int_equal(err.nfields, 0);
	member_release(&m);
	org_release(&o);
}

/* RULE member.admission_age: 18 years counted by month, the day ignored,
 * judged on the admission decision date. */
static void
test_admission_age_by_month(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	const struct cb_ferr *f;
	struct member m;
	struct org o;

	(void)state;
	good(&m);
	cell(&o);
	strcpy(m.birth_date, "2000-05-20");
	strcpy(m.admission_decision_date, "2018-04-30");	/* 215 months */
	strcpy(m.admitted_on, "2018-05-10");
	strcpy(m.official_on, "2019-05-10");
	f = judge(&m, &o, "admission_decision_date", &err);
	assert_non_null(f);
	assert_string_equal(f->code, "admission_age_too_low");
	assert_string_equal(f->arg, "18");
	assert_string_equal(f->rule, "member.admission_age");
	/* Before 30/07/2021 the Charter's minimum is the rule in force. */
	assert_non_null(strstr(f->citation, "Điều lệ Đảng"));
	/* The first day of the 216th month is enough. */
	strcpy(m.admission_decision_date, "2018-05-01");
	assert_null(judge(&m, &o, "admission_decision_date", &err));
	assert_int_equal(err.code, CB_OK);
	/* Without a decision date, the ceremony date is judged. */
	m.admission_decision_date[0] = '\0';
	strcpy(m.birth_date, "2000-06-01");
	f = judge(&m, &o, "admitted_on", &err);
	assert_non_null(f);
	assert_string_equal(f->code, "admission_age_too_low");
	member_release(&m);
	org_release(&o);
	cb_error_release(&err);
}

/* The 60-year ceiling exists from 24-QĐ/TW (30/07/2021) on. */
static void
test_admission_age_ceiling(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	const struct cb_ferr *f;
	struct member m;
	struct org o;

	(void)state;
	good(&m);
	cell(&o);
	strcpy(m.birth_date, "1960-01-15");
	strcpy(m.admission_decision_date, "2025-08-01");
	strcpy(m.admitted_on, "2025-08-10");
	m.official_on[0] = '\0';
	m.status = MSTATUS_PROBATIONARY;
	f = judge(&m, &o, "admission_decision_date", &err);
	assert_non_null(f);
	assert_string_equal(f->code, "admission_age_too_high");
	assert_string_equal(f->arg, "60");
	assert_non_null(strstr(f->citation, "294-QĐ/TW"));
	/* The same age in 2019: no ceiling then. */
	strcpy(m.admission_decision_date, "2019-08-01");
	strcpy(m.admitted_on, "2019-08-10");
	strcpy(m.official_on, "2020-08-10");
	m.status = MSTATUS_OFFICIAL;
	assert_null(judge(&m, &o, "admission_decision_date", &err));
	member_release(&m);
	org_release(&o);
	cb_error_release(&err);
}

/* RULE member.probation: official date = admission + 12 months. */
static void
test_official_date(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	const struct cb_ferr *f;
	struct member m;
	struct org o;

	(void)state;
	good(&m);
	cell(&o);
	strcpy(m.official_on, "2016-05-16");
	f = judge(&m, &o, "official_on", &err);
	assert_non_null(f);
	assert_string_equal(f->code, "official_date_mismatch");
	assert_string_equal(f->arg, "2016-05-15");
	assert_string_equal(f->rule, "member.probation");
	/* Clamped to the month's end: 29/02/2016 + 12 months = 28/02/2017. */
	strcpy(m.admitted_on, "2016-02-29");
	strcpy(m.admission_decision_date, "2016-02-20");
	strcpy(m.official_on, "2017-02-28");
	assert_null(judge(&m, &o, "official_on", &err));
	/* Official requires the date; probationary must not have one. */
	m.official_on[0] = '\0';
	assert_string_equal(judge(&m, &o, "official_on", &err)->code,
	    "required");
	m.status = MSTATUS_PROBATIONARY;
	assert_null(judge(&m, &o, "official_on", &err));
	strcpy(m.official_on, "2017-02-28");
	assert_string_equal(judge(&m, &o, "official_on", &err)->code,
	    "probationary_has_official_date");
	/* Official before the date comes is refused. */
	m.status = MSTATUS_OFFICIAL;
	strcpy(m.admitted_on, "2026-01-10");
	strcpy(m.admission_decision_date, "2026-01-02");
	strcpy(m.official_on, "2027-01-10");
	assert_string_equal(judge(&m, &o, "status", &err)->code,
	    "not_yet_official");
	member_release(&m);
	org_release(&o);
	cb_error_release(&err);
}

static void
test_fields_and_org(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	const struct cb_ferr *f;
	struct member m;
	struct org o;

	(void)state;
	good(&m);
	cell(&o);
	free(m.citizen_id);
	m.citizen_id = strdup("00119001234");
	f = judge(&m, &o, "citizen_id", &err);
	assert_non_null(f);
	assert_string_equal(f->code, "invalid_citizen_id");
	assert_string_equal(f->arg, "12");
	assert_string_equal(f->rule, "member.citizen_id");
	free(m.citizen_id);
	m.citizen_id = strdup("00119001234a");
	assert_non_null(judge(&m, &o, "citizen_id", &err));
	free(m.citizen_id);
	m.citizen_id = NULL;			/* optional */
	assert_null(judge(&m, &o, "citizen_id", &err));

	f = judge(&m, NULL, "org_id", &err);
	assert_string_equal(f->code, "org_not_found");
	strcpy(o.valid_to, "2026-01-31");
	assert_string_equal(judge(&m, &o, "org_id", &err)->code, "org_closed");
	o.valid_to[0] = '\0';
	o.kind = ORG_GRASSROOTS;
	f = judge(&m, &o, "org_id", &err);
	assert_string_equal(f->code, "org_cannot_hold_members");
	assert_string_equal(f->rule, "org.member_holding_kinds");
	o.kind = ORG_GROUP;
	assert_null(judge(&m, &o, "org_id", &err));
	/* Off the rolls, a member keeps a closed organisation. */
	o.kind = ORG_CELL;
	strcpy(o.valid_to, "2026-01-31");
	m.state = MSTATE_DIED;
	assert_null(judge(&m, &o, "org_id", &err));
	m.state = MSTATE_ACTIVE;
	o.valid_to[0] = '\0';

	free(m.ethnicity);
	m.ethnicity = strdup("Elf");
	f = judge(&m, &o, "ethnicity", &err);
	assert_string_equal(f->code, "unknown_ethnicity");
	assert_string_equal(f->rule, "ref.ethnicities");
	free(m.email);
	m.email = strdup("not-an-email");
	free(m.phone);
	m.phone = strdup("12ab");
	strcpy(m.birth_date, "2027-01-01");
	judge(&m, &o, "email", &err);
	assert_non_null(ferr(&err, "email"));
	assert_non_null(ferr(&err, "phone"));
	assert_non_null(ferr(&err, "ethnicity"));
	assert_string_equal(ferr(&err, "birth_date")->code, "date_in_future");
	assert_int_equal(err.code, CB_EINVAL);
	assert_true(err.nfields >= 4);		/* all of them, not the first */
	member_release(&m);

	member_init(&m);
	judge(&m, &o, "full_name", &err);
	assert_string_equal(ferr(&err, "full_name")->code, "required");
	assert_string_equal(ferr(&err, "gender")->code, "required");
	assert_string_equal(ferr(&err, "birth_date")->code, "required");
	assert_string_equal(ferr(&err, "admitted_on")->code, "required");
	assert_string_equal(ferr(&err, "status")->code, "required");
	assert_string_equal(ferr(&err, "org_id")->code, "required");
	m.full_name = strdup("Nguyễn Văn 3");
	assert_string_equal(judge(&m, &o, "full_name", &err)->code,
	    "invalid_name");
	member_release(&m);
	org_release(&o);
	cb_error_release(&err);
}

static void
test_ethnicity_names(void **state)
{
	const char *on = "2026-11-25";

	(void)state;
	assert_string_equal(ethnicity_canonical(&rb, "kinh", on), "Kinh");
	assert_string_equal(ethnicity_canonical(&rb, "TÀY", on), "Tày");
	assert_string_equal(ethnicity_canonical(&rb, "Khơ Me", on), "Khmer");
	assert_string_equal(ethnicity_canonical(&rb, "H'Mông", on), "Mông");
	assert_string_equal(ethnicity_canonical(&rb, "Ê-đê", on), "Ê Đê");
	assert_string_equal(ethnicity_canonical(&rb, "ede", on), "Ê Đê");
	assert_string_equal(ethnicity_canonical(&rb, "Bru-Vân Kiều", on),
	    "Bru Vân Kiều");
	assert_null(ethnicity_canonical(&rb, "Elf", on));
	{
		struct rule_ref ref;

		assert_int_equal(rulebook_lookup(&rb, RULE_ETHNICITIES, "names",
		    on, NULL, &ref), 0);
		assert_int_equal(ref.value->nitems, 54);
	}
}

/* Versions: the one in force on each side of each boundary. */
static void
test_rule_versions(void **state)
{
	const struct rule *r = rulebook_find(&rb, RULE_ADMISSION_AGE);
	const struct rule_version *v;

	(void)state;
	assert_non_null(r);
	v = rule_version_on(r, "2021-07-29");
	assert_string_equal(v->doc, "Điều lệ Đảng");
	v = rule_version_on(r, "2021-07-30");
	assert_string_equal(v->doc, "24-QĐ/TW");
	assert_true(v->confirmed);
	v = rule_version_on(r, "2025-06-30");
	assert_string_equal(v->doc, "24-QĐ/TW");
	v = rule_version_on(r, "2025-07-01");
	assert_string_equal(v->doc, "294-QĐ/TW");
	assert_false(v->confirmed);
	assert_string_equal(v->citation, "294-QĐ/TW, 26/05/2025, Điểm 1.1");
	assert_null(rulebook_find(&rb, "no.such.rule"));
}

/* Overrides: the deepest committee on the path wins, within its dates. */
static void
test_overrides(void **state)
{
	char rule_id[] = "member.admission_age", name[] = "min_months";
	char path5[] = "/1/5/", path1[] = "/1/", doc[] = "01-QĐ/ĐU";
	struct rulebook view;
	struct rule_override o;
	struct rule_ref ref;
	int64_t v = 0;

	(void)state;
	rulebook_view(&view, &rb);
	memset(&o, 0, sizeof(o));
	o.rule_id = rule_id;
	o.value_name = name;
	o.value.type = RV_INT;
	o.value.i = 240;
	o.org_id = 5;
	o.org_path = path5;
	strcpy(o.from, "2020-01-01");
	o.doc_no = doc;
	assert_int_equal(rulebook_add_override(&view, &o), 0);
	o.value.i = 200;
	o.org_id = 1;
	o.org_path = path1;
	assert_int_equal(rulebook_add_override(&view, &o), 0);

	assert_int_equal(rulebook_int(&view, RULE_ADMISSION_AGE, "min_months",
	    "2026-01-01", "/1/5/9/", &v, &ref), 0);
	assert_int_equal(v, 240);
	assert_non_null(ref.override);
	assert_string_equal(ref.override->doc_no, "01-QĐ/ĐU");
	assert_int_equal(rulebook_int(&view, RULE_ADMISSION_AGE, "min_months",
	    "2026-01-01", "/1/6/", &v, NULL), 0);
	assert_int_equal(v, 200);
	assert_int_equal(rulebook_int(&view, RULE_ADMISSION_AGE, "min_months",
	    "2026-01-01", "/2/", &v, NULL), 0);
	assert_int_equal(v, 216);
	/* Not yet in force in 2019. */
	assert_int_equal(rulebook_int(&view, RULE_ADMISSION_AGE, "min_months",
	    "2019-06-01", "/1/5/9/", &v, NULL), 0);
	assert_int_equal(v, 216);
	/* A member judged in that subtree. */
	{
		struct cb_error err = CB_ERROR_INIT;
		const struct cb_ferr *f;
		struct member m;
		struct org c;

		good(&m);
		cell(&c);
		strcpy(m.birth_date, "2002-01-01");
		strcpy(m.admission_decision_date, "2021-03-01");
		strcpy(m.admitted_on, "2021-03-10");
		strcpy(m.official_on, "2022-03-10");
		member_validate(&m, &view, &c, "2026-11-25", &err);
		f = ferr(&err, "admission_decision_date");
		assert_non_null(f);
		assert_string_equal(f->arg, "20");
		member_release(&m);
		org_release(&c);
		cb_error_release(&err);
	}
	rulebook_release(&view);
}

static void
test_rulebook_check(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct rulebook bad;
	const char *overlap = "{\"rulebook\":\"t\",\"version\":\"1\",\"rules\":["
	    "{\"id\":\"a\",\"schema\":{\"x\":{\"type\":\"int\","
	    "\"min\":0,\"max\":9}},\"versions\":["
	    "{\"effective_from\":\"2020-01-01\",\"effective_to\":\"2021-12-31\","
	    "\"values\":{\"x\":1},\"citation\":{\"doc\":\"D1\"}},"
	    "{\"effective_from\":\"2021-06-01\",\"values\":{\"x\":2},"
	    "\"citation\":{\"doc\":\"D2\"}}]}]}";
	const char *baddate = "{\"rulebook\":\"t\",\"version\":\"1\",\"rules\":["
	    "{\"id\":\"a\",\"schema\":{\"x\":{\"type\":\"int\","
	    "\"min\":0,\"max\":9}},\"versions\":[{\"effective_from\":"
	    "\"2020-02-30\","
	    "\"values\":{\"x\":1},\"citation\":{\"doc\":\"D\"}}]}]}";

	(void)state;
	rulebook_init(&bad);
	assert_int_not_equal(rules_parse(overlap, &bad, &err), 0);
	assert_string_equal(err.mcode, "rulebook_invalid");
	assert_string_equal(ferr(&err, "a")->code, "rule_versions_overlap");
	cb_error_release(&err);
	assert_int_not_equal(rules_parse(baddate, &bad, &err), 0);
	assert_string_equal(ferr(&err, "a")->code, "rule_bad_dates");
	cb_error_release(&err);
	assert_int_not_equal(rules_parse("{", &bad, &err), 0);
	cb_error_release(&err);
	/* The shipped rulebook passes its own check. */
	assert_int_equal(rulebook_check(&rb, &err), 0);
}

/*
 * The reference lists (core/reflist.h): every spelling the lists know
 * finds its listed name, other text finds none, validation refuses what
 * is not a listed name as written (naming the field, the value and the
 * list's rule), and the rulebook's check refuses an inconsistent list.
 */
static void
test_reference_lists(void **state)
{
	static const struct {
		enum ref_list l;
		const char *in, *want; /* want NULL: none */
	} cases[] = {
		{ REF_THEORY, "Cao cấp", "Cao cấp" },
		{ REF_THEORY, "cao cap", "Cao cấp" },
		{ REF_THEORY, "advanced", "Cao cấp" },
		{ REF_THEORY, "Cao cấp lý luận chính trị", "Cao cấp" },
		{ REF_THEORY, "CAO CẤP", "Cao cấp" },
		{ REF_THEORY, "Cử nhân chính trị", "Cử nhân" },
		{ REF_THEORY, "Tiến sĩ", NULL },
		{ REF_PROFESSIONAL, "tien si", "Tiến sĩ" },
		{ REF_PROFESSIONAL, "doctor", "Tiến sĩ" },
		{ REF_PROFESSIONAL, "Kỹ sư", "Đại học" },
		{ REF_PROFESSIONAL, "Thạc sỹ", "Thạc sĩ" },
		{ REF_PROFESSIONAL, "Cao cấp", NULL },
		{ REF_EDUCATION, "12/12", "12/12" },
		{ REF_EDUCATION, "12_12", "12/12" },
		{ REF_EDUCATION, "10/10", "10/10" },
		{ REF_EDUCATION, "13/12", NULL },
		{ REF_RELIGION, "khong", "Không" },
		{ REF_RELIGION, "none", "Không" },
		{ REF_RELIGION, "Thiên Chúa giáo", "Công giáo" },
		{ REF_RELIGION, "phat giao hoa hao", "Phật giáo Hòa Hảo" },
		{ REF_RELIGION, "Buddhism", "Phật giáo" },
		{ REF_RELIGION, "Jedi", NULL },
		{ REF_JOB_TITLE, "chuyen vien chinh", "Chuyên viên chính" },
		{ REF_JOB_TITLE, "senior_lecturer", "Giảng viên cao cấp" },
		{ REF_JOB_TITLE, "Học sinh sinh viên", "Học sinh, sinh viên" },
		{ REF_JOB_TITLE, "Nhân viên lái xe", "Nhân viên" },
		{ REF_JOB_TITLE, "Phi hành gia", NULL },
		{ REF_ETHNICITY, "H'Mông", "Mông" },
		{ REF_JOB_TITLE, "", NULL },
	};
	struct cb_error err = CB_ERROR_INIT;
	struct ref_items it;
	const struct cb_ferr *f;
	struct member m;
	struct org o;
	size_t i, k;
	int l;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = ref_canonical(&rb, cases[i].l, cases[i].in,
		    "2026-06-01", NULL);

		if (cases[i].want == NULL && got != NULL)
			fail_msg("%s: \"%s\" found \"%s\"",
			    ref_list_rule(cases[i].l), cases[i].in, got);
		if (cases[i].want != NULL &&
		    (got == NULL || strcmp(got, cases[i].want) != 0))
			fail_msg("%s: \"%s\" found \"%s\", not \"%s\"",
			    ref_list_rule(cases[i].l), cases[i].in,
			    got ? got : "(none)", cases[i].want);
	}
	/* Every list is in force, cites its source and has English names
	 * and codes (but the ethnicities); each code names its item. */
	for (l = 0; l < REF__MAX; l++) {
		assert_int_equal(ref_list_get(&rb, (enum ref_list)l,
		                     "2026-06-01", &it),
		    0);
		assert_non_null(it.ref.citation);
		assert_true(it.names->nitems > 1);
		if (l == REF_ETHNICITY)
			continue;
		assert_non_null(it.codes);
		assert_non_null(it.names_en);
		for (k = 0; k < it.names->nitems; k++) {
			assert_string_equal(ref_canonical(&rb,
			                        (enum ref_list)l,
			                        it.codes->items[k], "2026-06-01",
			                        NULL),
			    it.names->items[k]);
			assert_string_equal(ref_code(&rb, (enum ref_list)l,
			                        it.names->items[k], "2026-06-01"),
			    it.codes->items[k]);
		}
	}
	/* The figures count theory levels by the list's codes: each listed
	 * name falls in the category its code names. */
	assert_int_equal(ref_list_get(&rb, REF_THEORY, "2026-06-01", &it), 0);
	for (k = 0; k < it.names->nitems; k++)
		assert_string_equal(theory_level_name(stats_theory_level(
		                        it.names->items[k])),
		    it.codes->items[k]);
	assert_int_equal(ref_list_of_field("theory_level"), REF_THEORY);
	assert_int_equal(ref_list_of_field("full_name"), -1);

	/* Validation: a listed name passes, anything else is refused by
	 * field with the value and the list's rule; all at once. */
	good(&m);
	cell(&o);
	m.religion = strdup("Không");
	m.job_title = strdup("Chuyên viên");
	m.education = strdup("12/12");
	m.professional_level = strdup("Thạc sĩ");
	m.theory_level = strdup("Trung cấp");
	assert_int_equal(member_validate(&m, &rb, &o, "2026-06-01", &err), 0);
	free(m.theory_level);
	m.theory_level = strdup("Tiến sĩ");
	free(m.religion);
	m.religion = strdup("khong"); /* known, but not as written */
	f = judge(&m, &o, "theory_level", &err);
	assert_string_equal(f->code, "not_in_list");
	assert_string_equal(f->arg, "Tiến sĩ");
	assert_string_equal(f->rule, "ref.theory_levels");
	assert_non_null(f->citation);
	f = ferr(&err, "religion");
	assert_non_null(f);
	assert_string_equal(f->code, "not_in_list");
	assert_string_equal(f->arg, "khong");
	assert_null(ferr(&err, "job_title"));
	member_release(&m);
	org_release(&o);
	cb_error_release(&err);
}

/* A reference list whose items the rulebook's check refuses. */
static void
test_reference_list_check(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct rulebook bad;
	static const char *const lists[] = {
		/* codes shorter than names */
		"\"names\":[\"A\",\"B\"],\"codes\":[\"a\"]",
		/* an alias of no listed name */
		"\"names\":[\"A\",\"B\"],\"aliases\":[\"C=D\"]",
		/* two items one spelling apart ("Bé" and "be") */
		("\"names\":[\"Bé\",\"C\"],\"codes\":[\"be\",\"c\"],"
		 "\"names_en\":[\"X\",\"Be\"]"),
		/* a code that is not a-z 0-9 _ */
		"\"names\":[\"A\"],\"codes\":[\"A b\"]",
	};
	/* The declared values of each (any text: the list check judges). */
#define L "{\"type\":\"list\",\"max_items\":9,\"items\":" \
	  "{\"type\":\"string\",\"max_len\":9}}"
	static const char *const schemas[] = {
		"\"names\":" L ",\"codes\":" L,
		"\"names\":" L ",\"aliases\":" L,
		"\"names\":" L ",\"codes\":" L ",\"names_en\":" L,
		"\"names\":" L ",\"codes\":" L,
	};
#undef L
	char doc[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		snprintf(doc, sizeof(doc),
		    "{\"rulebook\":\"t\",\"version\":\"1\",\"rules\":["
		    "{\"id\":\"ref.x\",\"schema\":{%s},"
		    "\"versions\":[{\"effective_from\":"
		    "\"2020-01-01\",\"values\":{%s},"
		    "\"citation\":{\"doc\":\"D\"}}]}]}",
		    schemas[i], lists[i]);
		rulebook_init(&bad);
		if (rules_parse(doc, &bad, &err) == 0)
			fail_msg("list %zu passed the check", i);
		assert_non_null(ferr(&err, "ref.x"));
		assert_string_equal(ferr(&err, "ref.x")->code,
		    "rule_bad_value");
		cb_error_release(&err);
		rulebook_release(&bad);
	}
}

static void
test_org_validate(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org o, parent;

	(void)state;
	cell(&parent);
	parent.kind = ORG_GRASSROOTS;
	cell(&o);
	assert_int_equal(org_validate(&o, &parent, &err), 0);
	parent.kind = ORG_PROVINCE;
	assert_int_not_equal(org_validate(&o, &parent, &err), 0);
	assert_string_equal(ferr(&err, "kind")->code, "kind_not_allowed_under");
	cb_error_release(&err);
	o.kind = ORG_GROUP;
	assert_int_not_equal(org_validate(&o, NULL, &err), 0);
	assert_string_equal(ferr(&err, "kind")->code,
	    "kind_not_allowed_as_root");
	cb_error_release(&err);
	o.kind = ORG_UPPER_GRASSROOTS;
	free(o.code);
	o.code = strdup("bad code!");
	strcpy(o.valid_to, "1999-12-31");
	assert_int_not_equal(org_validate(&o, NULL, &err), 0);
	assert_string_equal(ferr(&err, "code")->code, "invalid_code");
	assert_string_equal(ferr(&err, "valid_to")->code, "date_before");
	cb_error_release(&err);
	/* A child founded before its parent, or under a closed parent. */
	o.kind = ORG_CELL;
	free(o.code);
	o.code = strdup("CB-1");
	o.valid_to[0] = '\0';
	parent.kind = ORG_GRASSROOTS;
	strcpy(parent.valid_from, "2010-01-01");
	assert_int_not_equal(org_validate(&o, &parent, &err), 0);
	assert_non_null(ferr(&err, "valid_from"));
	cb_error_release(&err);
	strcpy(o.valid_from, "2012-01-01");
	strcpy(parent.valid_to, "2011-12-31");
	assert_int_not_equal(org_validate(&o, &parent, &err), 0);
	assert_string_equal(ferr(&err, "parent_id")->code, "org_closed");
	cb_error_release(&err);
	assert_true(org_kind_child_ok(ORG_GRASSROOTS_CELL, ORG_GROUP));
	assert_false(org_kind_child_ok(ORG_GRASSROOTS_CELL, ORG_CELL));
	assert_true(org_kind_child_ok(ORG_SUB_COMMITTEE, ORG_CELL));
	/* Roots (issue 12): committees only; never a cell that belongs to
	 * a grassroots committee, its sub-committee or a group. */
	assert_true(org_kind_child_ok(ORG_KIND_NONE, ORG_CENTRAL));
	assert_true(org_kind_child_ok(ORG_KIND_NONE, ORG_UPPER_GRASSROOTS));
	assert_true(org_kind_child_ok(ORG_KIND_NONE, ORG_GRASSROOTS));
	assert_true(org_kind_child_ok(ORG_KIND_NONE, ORG_GRASSROOTS_CELL));
	assert_false(org_kind_child_ok(ORG_KIND_NONE, ORG_CELL));
	assert_false(org_kind_child_ok(ORG_KIND_NONE, ORG_SUB_COMMITTEE));
	assert_false(org_kind_child_ok(ORG_KIND_NONE, ORG_GROUP));
	org_release(&o);
	org_release(&parent);
}

static void
test_small_checks(void **state)
{
	(void)state;
	assert_true(val_digits("001190012345", 12));
	assert_false(val_digits("00119001234", 12));
	assert_false(val_digits("0011900123x5", 12));
	assert_true(val_email("dungnv@cema.gov.vn"));
	assert_false(val_email("dungnv@cema"));
	assert_false(val_email("a b@c.d"));
	assert_false(val_email("@c.d"));
	assert_true(val_phone("0912 345 678"));
	assert_true(val_phone("+84 (24) 3823 4567"));
	assert_false(val_phone("12345"));
	assert_false(val_phone("0912-abc"));
	assert_true(val_code("CB-VP.1/2"));
	assert_false(val_code(""));
	assert_false(val_code("a b"));
}

/* An error that judges two fields lands on the one that was edited: the
 * age at admission on the birth date when only the birth date changed,
 * on the admission date when that changed; a date order turned round. */
static void
test_errors_follow_edit(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	const struct cb_ferr *f;
	struct member before, after;
	struct org o;

	(void)state;
	good(&before);
	good(&after);
	cell(&o);
	strcpy(after.birth_date, "2000-01-01"); /* 15 at the decision */
	assert_non_null(judge(&after, &o, "admission_decision_date", &err));
	assert_int_equal(member_errors_follow_edit(&err, &before, &after), 0);
	assert_null(ferr(&err, "admission_decision_date"));
	f = ferr(&err, "birth_date");
	assert_non_null(f);
	assert_string_equal(f->code, "admission_age_too_low");
	assert_string_equal(f->arg, "18");
	assert_string_equal(f->rule, "member.admission_age");

	/* The decision date edited instead: the error stays there. */
	member_release(&after);
	good(&after);
	strcpy(before.birth_date, "2000-01-01");
	strcpy(after.birth_date, "2000-01-01");
	assert_non_null(judge(&after, &o, "admission_decision_date", &err));
	assert_int_equal(member_errors_follow_edit(&err, &before, &after), 0);
	assert_non_null(ferr(&err, "admission_decision_date"));
	assert_null(ferr(&err, "birth_date"));

	/* A birth date after the admission: "admitted_on before birth_date"
	 * becomes "birth_date after admitted_on". */
	member_release(&before);
	member_release(&after);
	good(&before);
	good(&after);
	strcpy(after.birth_date, "2016-01-01");
	assert_non_null(judge(&after, &o, "admitted_on", &err));
	assert_int_equal(member_errors_follow_edit(&err, &before, &after), 0);
	assert_null(ferr(&err, "admitted_on"));
	f = NULL;
	for (size_t i = 0; i < err.nfields; i++)
		if (strcmp(err.fields[i].field, "birth_date") == 0 &&
		    strcmp(err.fields[i].code, "date_after") == 0)
			f = &err.fields[i];
	assert_non_null(f);
	assert_string_equal(f->arg, "admitted_on");
	member_release(&before);
	member_release(&after);
	org_release(&o);
	cb_error_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_member),
		cmocka_unit_test(test_admission_age_by_month),
		cmocka_unit_test(test_admission_age_ceiling),
		cmocka_unit_test(test_official_date),
		cmocka_unit_test(test_fields_and_org),
		cmocka_unit_test(test_ethnicity_names),
		cmocka_unit_test(test_rule_versions),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_rulebook_check),
		cmocka_unit_test(test_reference_lists),
		cmocka_unit_test(test_reference_list_check),
		cmocka_unit_test(test_org_validate),
		cmocka_unit_test(test_small_checks),
		cmocka_unit_test(test_errors_follow_edit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
