/*
 * test-svc-dashboard-text.c - GET /api/v1/dashboard's text
 * (dashboard_to_text: its drill-down rows written without a tree) is
 * the bytes of dashboard_to_json's tree dumped the way the API dumps
 * JSON (json_dumps with JSON_COMPACT | JSON_REAL_PRECISION(15)): rows
 * with and without figures (null percentages), tenths, names that need
 * escapes, a missing code, targets in force or not, the inspection
 * figures and the term, discipline shown or withheld, no rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/render.h"
#include "svc/svc.h"

#include "testlib.h"

static void
figures(struct dashboard_figures *f, int year, int seed)
{
	int l;

	memset(f, 0, sizeof(*f));
	f->year = year;
	if (seed % 5 == 0)
		return; /* nothing counted: every percentage null */
	for (l = 0; l < EVAL_LEVEL__MAX; l++) {
		f->members[l] = (seed * 37 + l * 11) % 997;
		f->cells[l] = (seed * 7 + l) % 13;
	}
	f->members_pending = seed % 17;
	f->cells_pending = seed % 3;
	f->mt_required = seed % 4 == 0 ? 0 : 12;
	f->mt_held = seed % 13;
	f->mt_expected = seed * 31 % 700;
	f->mt_present = seed * 29 % 650;
}

static void
same(const struct dashboard_report *r)
{
	char *want, *api, *got;
	json_t *j;
	size_t len = 0;

	j = dashboard_to_json(r);
	assert_non_null(j);
	want = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
	api = json_dumps_api(j, NULL);
	json_decref(j);
	got = dashboard_to_text(r, &len);
	assert_non_null(want);
	assert_non_null(api);
	assert_non_null(got);
	assert_string_equal(api, want);
	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
	free(want);
	free(api);
	free(got);
}

static void
test_dashboard_text(void **state)
{
	static const char *const names[] = { "Chi bộ 1", "Đảng ủy \"Xã\" A",
		"tab\there\nline", "back\\slash/", "" };
	struct dashboard_report r;
	size_t i;
	int y;

	(void)state;
	memset(&r, 0, sizeof(r));
	org_init(&r.org);
	r.org.id = 2;
	r.org.kind = ORG_PROVINCE;
	r.org.name = strdup("Thành phố Hồ Chí Minh");
	r.org.code = strdup("HCM");
	r.year = 2026;
	r.years = 3;
	r.targets.in_force = true;
	r.targets.pct[DASH_CELLS_GOOD] = 80;
	r.targets.pct[DASH_MEMBERS_GOOD] = 95;
	r.targets.pct[DASH_COVERAGE] = 100;
	r.targets.pct[DASH_SELF] = 100;
	r.targets.above = true;
	r.targets.amber_points = 5;
	r.targets.rule_id = "dashboard.targets";
	r.targets.citation = "Nghị quyết số 21-NQ/TW";
	for (y = 0; y < r.years; y++)
		figures(&r.trend[y], 2024 + y, y + 1);
	r.disc[0] = 3;
	r.disc[2] = 1;
	org_init(&r.insp.org);
	insp_report_init(&r.insp.judged);
	memcpy(r.insp.judged.on, "2026-11-25", DATE_LEN);
	r.nchildren = 166;
	r.children = calloc(r.nchildren, sizeof(*r.children));
	assert_non_null(r.children);
	for (i = 0; i < r.nchildren; i++) {
		struct dashboard_child *c = &r.children[i];

		org_init(&c->org);
		c->org.id = 3 + (int64_t)i * 107;
		c->org.kind = i % 3 == 0 ? ORG_GRASSROOTS : ORG_CELL;
		c->org.name = strdup(names[i % 5]);
		c->org.code = i % 7 == 3 ? NULL : strdup("X-1");
		figures(&c->f, 2026, (int)i);
	}
	same(&r);

	/* The inspection figures and a term; no target in force. */
	r.has_insp = true;
	r.insp.judged.term.met = 116;
	r.insp.judged.term.counted = 166;
	r.insp.judged.self.met = 150;
	r.insp.judged.self.counted = 166;
	r.insp.facts.has_term = true;
	r.insp.facts.term_name = strdup("Nhiệm kỳ 2025-2030");
	memcpy(r.insp.facts.term_from, "2025-10-01", DATE_LEN);
	memcpy(r.insp.facts.term_to, "2030-09-30", DATE_LEN);
	r.small_min = 3;
	r.disc_small = 2;
	same(&r);
	r.targets.in_force = false;
	r.targets.citation = NULL;
	r.disc_withheld = true;
	same(&r);

	/* No rows (a cell). */
	for (i = 0; i < r.nchildren; i++)
		org_release(&r.children[i].org);
	free(r.children);
	r.children = NULL;
	r.nchildren = 0;
	same(&r);
	dashboard_report_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dashboard_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
