/*
 * test-svc-json-dump.c - json_dumps_api (svc/json-dump.c) writes the
 * bytes json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15)) writes:
 * every kind of value, the reals (tenths, the rest, exponents, -0),
 * the integers' extremes, the strings' escapes and UTF-8, the keys in
 * insertion order, nesting, empty containers; and a large tree of
 * random values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/render.h"

#include "testlib.h"

static void
same(json_t *j)
{
	char *want, *got;
	size_t len = 0;

	want = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
	got = json_dumps_api(j, &len);
	assert_non_null(want);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
	free(want);
	free(got);
	json_decref(j);
}

static void
test_scalars(void **state)
{
	static const double reals[] = { 0.0, -0.0, 0.1, 0.5, 1.0, 5.0, 77.4,
		100.0, 99.9, -0.5, -12.3, 33.333333333333336, 2.0 / 3.0,
		1e-5, 1.5e-7, 1e14, 99999999999999.9, 123456789012345.6,
		1e15, 1e16, 1e20, 1.7976931348623157e308, 5e-324, -1e21,
		3.14159, 12345.678, 0.0001, 0.001, 1e100, -2.5e-10 };
	static const long long ints[] = { 0, 1, -1, 9, 10, 99, 100,
		1234567890123LL, LLONG_MAX, LLONG_MIN, -42 };
	json_t *o;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(reals) / sizeof(reals[0]); i++)
		same(json_pack("[f]", reals[i]));
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		same(json_pack("[I]", (json_int_t)ints[i]));
	/* Tenths as the dashboard makes them: pct10 / 10.0. */
	for (i = 0; i <= 100000; i += 7)
		same(json_pack("[f, f]", (double)i / 10.0, -(double)i / 10.0));
	same(json_pack("[b, b, n, s, s]", 1, 0, "", "x"));
	same(json_array());
	same(json_object());
	o = json_object();
	json_object_set_new(o, "a", json_array());
	json_object_set_new(o, "b", json_object());
	same(o);
}

static void
test_strings(void **state)
{
	char all[128];
	json_t *o;
	int c;

	(void)state;
	for (c = 1; c < 128; c++)
		all[c - 1] = (char)c;
	all[127] = '\0';
	same(json_pack("[s]", all));
	same(json_pack("[s, s, s]", "Đảng ủy Thành phố Hồ Chí Minh",
	    "a/b \"q\" \\ \t\n\r\b\f", "\xe2\x80\xa8 \xf0\x9f\x98\x80"));
	same(json_pack("[s#]", "a\0b", (int)3));
	/* Keys: escaped the same, in insertion order (not sorted). */
	o = json_object();
	json_object_set_new(o, "zeta", json_integer(1));
	json_object_set_new(o, "alpha\n\"k\"", json_integer(2));
	json_object_set_new(o, "mộ", json_integer(3));
	json_object_set_new(o, "beta", json_real(77.4));
	json_object_del(o, "alpha\n\"k\"");
	json_object_set_new(o, "alpha\n\"k\"", json_null());
	same(o);
	/* Invalid UTF-8 through a _nocheck setter: json_dumps refuses
	 * the text, and so does json_dumps_api (the server then answers
	 * an error, never the bytes). */
	o = json_object();
	json_object_set_new(o, "a", json_string_nocheck("ok \xc3\x28 bad"));
	assert_null(json_dumps(o, JSON_COMPACT));
	assert_null(json_dumps_api(o, NULL));
	json_object_set_new_nocheck(o, "a", json_string_nocheck("\xff"));
	assert_null(json_dumps_api(o, NULL));
	json_decref(o);
}

static void
test_random_tree(void **state)
{
	json_t *root = json_array(), *o;
	char key[32];
	int i, k;

	(void)state;
	srand(15);
	for (i = 0; i < 2000; i++) {
		o = json_object();
		for (k = 0; k < 12; k++) {
			snprintf(key, sizeof(key), "k%d_%d", k, rand() % 100);
			switch (rand() % 5) {
			case 0:
				json_object_set_new(o, key,
				    json_integer((json_int_t)rand() - RAND_MAX / 2));
				break;
			case 1:
				json_object_set_new(o, key,
				    json_real((double)(rand() % 2001) / 10.0));
				break;
			case 2:
				json_object_set_new(o, key,
				    json_real((double)rand() / 7.0 - 1e6));
				break;
			case 3:
				json_object_set_new(o, key, json_string(key));
				break;
			default:
				json_object_set_new(o, key,
				    json_pack("{s:[i, n, b]}", "x", rand(), 1));
			}
		}
		json_array_append_new(root, o);
	}
	same(root);
	/* Neither an object nor an array: not written. */
	o = json_integer(1);
	assert_null(json_dumps_api(o, NULL));
	json_decref(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_random_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
