/*
 * test-util-clock.c - clock_deadline: now plus the delay, normalised.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "util/clock.h"

static long long
ns_of(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

static void
test_deadline(void **state)
{
	static const long long delays[] = { 0, 1, 999, 1000, 999999, 1000000,
	    1500000, 2999999, 86400000000LL };
	struct timespec before, d, after;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(delays) / sizeof(delays[0]); i++) {
		clock_gettime(CLOCK_MONOTONIC, &before);
		clock_deadline(&d, CLOCK_MONOTONIC, delays[i]);
		clock_gettime(CLOCK_MONOTONIC, &after);
		assert_true(d.tv_nsec >= 0 && d.tv_nsec < 1000000000L);
		assert_true(ns_of(&d) >= ns_of(&before) + delays[i] * 1000);
		assert_true(ns_of(&d) <= ns_of(&after) + delays[i] * 1000);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
