/*
 * test-svc-gen.c - the generators and the bulk helpers in util: the
 * memoised sort key equals text_sort_key, text_is_clean agrees with
 * text_clean, the streamed CSV reader gives table_parse_csv's cells, the
 * seeded generator is deterministic, and the demo's names and profiles
 * are believable.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/reflist.h"
#include "svc/gen.h"
#include "svc/svc.h"
#include "util/err.h"
#include "util/table.h"
#include "util/text.h"

/* Names of every people, and awkward ones. */
static char *
some_name(struct gen_rng *r, int i)
{
	static const char *const odd[] = {
		"Nguyễn Văn Dũng", "  Lê   Thị  Hoa  ", "Mai", "Y Bhin Niê",
		"H'Hen Niê", "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n A",
		"Trần\tAnh", "Ôn Đức", "Đặng Thị Ánh", "Lò Văn Páo",
		"Nguyễn Văn A B C D E", "Σωκράτης Nguyễn", "李 Minh", "",
	};

	if (i % 7 == 0)
		return strdup(odd[(i / 7) % (sizeof(odd) / sizeof(odd[0]))]);
	return gen_name(r, &gen_peoples[gen_below(r, GEN_PEOPLE__MAX)],
	    gen_below(r, 2) == 0);
}

static void
test_sort_key_memo(void **state)
{
	struct text_sort_memo *memo;
	struct gen_rng r;
	int i, pass;

	(void)state;
	assert_int_equal(text_sort_memo_new(&memo), 0);
	/* Twice over the same names: computed, then from the memo. */
	for (pass = 0; pass < 2; pass++) {
		gen_rng_seed(&r, 42);
		for (i = 0; i < 30000; i++) {
			char *name = some_name(&r, i);
			unsigned char *want;
			const unsigned char *got;
			size_t wn, gn;

			assert_non_null(name);
			assert_int_equal(text_sort_key(name, &want, &wn), 0);
			assert_int_equal(text_sort_key_memo(memo, name, &got,
			    &gn), 0);
			if (wn != gn || memcmp(want, got, wn) != 0)
				fail_msg("sort key of \"%s\" differs", name);
			free(want);
			free(name);
		}
	}
	text_sort_memo_free(memo);
}

static void
test_is_clean(void **state)
{
	static const char *const cases[] = {
		"", "a", "Nguyễn Văn Dũng", " a", "a ", "a  b", "a\tb",
		"a\nb", "Nguye\xcc\x82\xcc\x83n", "x\xc2\xa0y", "Đ", "ǅ",
		"\xe1\xbb\xb9", "Σ", "a\x7f", "\xff", "H'Hen Niê", "12/12",
	};
	struct gen_rng r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *s = cases[i];
		char *c = text_clean(s);

		/* Clean means text_clean gives it back unchanged. */
		if (text_is_clean(s, strlen(s)))
			assert_true(c != NULL && strcmp(c, s) == 0);
		free(c);
	}
	assert_true(text_is_clean("Nguyễn Văn Dũng", strlen("Nguyễn Văn "
	    "Dũng")));
	assert_false(text_is_clean(" a", 2));
	assert_false(text_is_clean("a  b", 4));
	gen_rng_seed(&r, 7);
	for (i = 0; i < 5000; i++) {
		char *name = some_name(&r, (int)i), *c = text_clean(name);

		if (text_is_clean(name, strlen(name)))
			assert_true(c != NULL && strcmp(c, name) == 0);
		free(c);
		free(name);
	}
}

/* The streamed reader gives the cells of table_parse_csv. */
static void
test_reader(void **state)
{
	static const char *const files[] = {
		("\xEF\xBB\xBF" "a,b,c\r\n1,\" x \",3\r\n\r\n4,\"q\"\"q\",\"l1\nl2\"\n"),
		"a;b\n1;2;3\n ; \n\"x\"y;z",
		"h\n\"Nguye\xcc\x82\xcc\x83n  A\",\x01z\r",
		"one\n",
		"a,b\n\"open,1\n",
	};
	size_t f;

	(void)state;
	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		struct cb_error e1 = CB_ERROR_INIT, e2 = CB_ERROR_INIT;
		const char *data = files[f];
		struct table t;
		struct table_reader *tr;
		const struct table_row *row;
		size_t n = 0, i;
		int rc1, rc2;

		rc1 = table_parse_csv(data, strlen(data), 0, &t, &e1);
		assert_int_equal(table_reader_open(data, strlen(data), &tr,
		    &e2), 0);
		/* A stream only fails when it reaches the problem. */
		while ((rc2 = table_reader_next(tr, &row, &e2)) == 1) {
			if (rc1 != 0)
				continue;
			assert_true(n < t.nrows);
			assert_int_equal(row->ncells, t.rows[n].ncells);
			assert_int_equal(row->line, t.rows[n].line);
			for (i = 0; i < row->ncells; i++)
				assert_string_equal(row->cells[i],
				    t.rows[n].cells[i]);
			n++;
		}
		if (rc1 == 0) {
			assert_int_equal(rc2, 0);
			assert_int_equal(n, t.nrows);
		} else {
			assert_true(rc2 < 0);
			assert_string_equal(e1.mcode, e2.mcode);
		}
		table_reader_close(tr);
		table_release(&t);
		cb_error_release(&e1);
		cb_error_release(&e2);
	}
}

static void
test_rng_streams(void **state)
{
	struct gen_rng a, b;
	int i;

	(void)state;
	gen_rng_derive(&a, 1, "commune", 5);
	gen_rng_derive(&b, 1, "commune", 5);
	for (i = 0; i < 100; i++)
		assert_true(gen_rng_next(&a) == gen_rng_next(&b));
	gen_rng_derive(&b, 1, "commune", 6);
	assert_true(gen_rng_next(&a) != gen_rng_next(&b));
	gen_rng_derive(&b, 1, "meetings", 5);
	gen_rng_derive(&a, 1, "commune", 5);
	assert_true(gen_rng_next(&a) != gen_rng_next(&b));
	assert_non_null(gen_scale_find("national"));
	assert_non_null(gen_scale_find("test"));
	assert_null(gen_scale_find("agency"));
}

/* Names of every people and gender: no syllable twice, two to four
 * words (five for the Ê Đê's "Y Bhin Niê" style: given of two). */
static void
test_names(void **state)
{
	struct gen_rng r;
	int p, i, male;

	(void)state;
	assert_true(gen_name_repeats("Nguyễn Anh Anh"));
	assert_true(gen_name_repeats("Nguyễn Bích Hải Bích"));
	assert_true(gen_name_repeats("Hoàng Văn Hoàng"));
	assert_false(gen_name_repeats("Nguyễn Thị Thu Hà"));
	gen_rng_seed(&r, 42);
	for (p = 0; p < GEN_PEOPLE__MAX; p++)
		for (male = 0; male < 2; male++)
			for (i = 0; i < 3000; i++) {
				char *n = gen_name(&r, &gen_peoples[p], male);
				int words = 1;

				assert_non_null(n);
				for (const char *c = n; *c; c++)
					words += *c == ' ';
				if (gen_name_repeats(n) || words < 2 ||
				    words > 4)
					fail_msg("%s: \"%s\"",
					    gen_peoples[p].name, n);
				free(n);
			}
}

/* Profiles: every value is a listed name of the rulebook, and agrees
 * with the age (a doctorate from 29, a master's from 25, the
 * intermediate theory course from 27, the advanced one or the
 * bachelor's from 35; the retired from the retirement age; leaders and
 * senior grades not young). */
static void
test_profiles(void **state)
{
	static const struct {
		const char *title;
		int min_age;
	} senior[] = {
		{ "Vụ trưởng", 42 }, { "Phó Vụ trưởng", 38 },
		{ "Chuyên viên cao cấp", 45 }, { "Giảng viên cao cấp", 45 },
		{ "Trưởng phòng", 35 }, { "Phó Trưởng phòng", 32 },
		{ "Chuyên viên chính", 33 }, { "Giảng viên chính", 35 },
	};
	struct cb_error err = CB_ERROR_INIT;
	struct rulebook rb;
	struct gen_profile pr;
	struct gen_rng r;
	int w, age, i, male, senior_theory = 0, leaders_theory = 0;
	size_t k;

	(void)state;
	rulebook_init(&rb);
	assert_int_equal(rules_parse(chibo_rules_files[0].data, &rb, &err),
	    0);
	gen_rng_seed(&r, 7);
	for (w = 0; w < GEN_WORK__MAX; w++)
		for (age = 18; age <= 92; age++)
			for (i = 0; i < 60; i++) {
				male = i % 2;
				gen_profile(&r, (enum gen_work)w, age, male,
				    2026 - age, &pr);
#define LISTED(l, v)                                                       \
	do {                                                               \
		const char *c_ = ref_canonical(&rb, l, v, "2026-06-01", NULL); \
		if (c_ == NULL || strcmp(c_, v) != 0)                      \
			fail_msg("not listed: \"%s\"", v);                 \
	} while (0)
				LISTED(REF_JOB_TITLE, pr.job_title);
				LISTED(REF_EDUCATION, pr.education);
				if (pr.professional)
					LISTED(REF_PROFESSIONAL,
					    pr.professional);
				if (pr.theory)
					LISTED(REF_THEORY, pr.theory);
#undef LISTED
				if (pr.professional &&
				    ((strcmp(pr.professional, "Tiến sĩ") == 0 &&
				         age < 29) ||
				        (strcmp(pr.professional, "Thạc sĩ") ==
				                0 &&
				            age < 25)))
					fail_msg("%d years old with %s", age,
					    pr.professional);
				if (pr.theory &&
				    ((strcmp(pr.theory, "Trung cấp") == 0 &&
				         age < 27) ||
				        ((strcmp(pr.theory, "Cao cấp") == 0 ||
				             strcmp(pr.theory, "Cử nhân") ==
				                 0) &&
				            age < 35)))
					fail_msg("%d years old with theory %s",
					    age, pr.theory);
				assert_int_equal(
				    strcmp(pr.job_title, "Nghỉ hưu") == 0,
				    age >= gen_retirement_age(male));
				for (k = 0; k < sizeof(senior) /
				         sizeof(senior[0]);
				     k++)
					if (strcmp(pr.job_title,
					        senior[k].title) == 0 &&
					    age < senior[k].min_age)
						fail_msg("%d years old: %s", age,
						    pr.job_title);
				if (w <= GEN_WORK_PRESS &&
				    age < gen_retirement_age(male) && pr.theory &&
				    strcmp(pr.theory, "Cao cấp") == 0) {
					senior_theory++;
					for (k = 0; k < sizeof(senior) /
					         sizeof(senior[0]);
					     k++)
						if (strcmp(pr.job_title,
						        senior[k].title) == 0)
							leaders_theory++;
				}
			}
	/* In an agency, an academy or the press the advanced course is
	 * mostly the leaders' and senior grades' (elsewhere the retired,
	 * the commune's cadres and officers hold some). */
	assert_true(senior_theory > 0);
	assert_true(leaders_theory * 2 > senior_theory);
	rulebook_release(&rb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_key_memo),
		cmocka_unit_test(test_is_clean),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_rng_streams),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_profiles),
	};

	text_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
