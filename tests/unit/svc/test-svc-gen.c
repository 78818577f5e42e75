/*
 * test-svc-gen.c - the generators and the bulk helpers in util: the
 * memoised sort key equals text_sort_key, text_is_clean agrees with
 * text_clean, the streamed CSV reader gives table_parse_csv's cells, and
 * the seeded generator is deterministic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/gen.h"
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
		"\xEF\xBB\xBF" "a,b,c\r\n1,\" x \",3\r\n\r\n4,\"q\"\"q\",\"l1\nl2\"\n",
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_key_memo),
		cmocka_unit_test(test_is_clean),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_rng_streams),
	};

	text_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
