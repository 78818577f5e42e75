/* test-util-alloc.c - array growth: doubling, zeroed slots, overflow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "util/alloc.h"
#include "util/err.h"

static void
test_push_and_grow(void **state)
{
	int *v = NULL, *slot;
	size_t n = 0, cap = 0, i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		slot = array_push(&v, &n, &cap, sizeof(*v));
		assert_non_null(slot);
		assert_int_equal(*slot, 0);		/* zeroed */
		*slot = (int)i;
	}
	assert_int_equal(n, 1000);
	assert_true(cap >= 1000 && cap < 2048);	/* doubled, not +1 */
	for (i = 0; i < 1000; i++)
		assert_int_equal(v[i], (int)i);
	assert_int_equal(array_grow(&v, &cap, 10, sizeof(*v)), 0);
	assert_int_equal(n, 1000);		/* never shrinks */
	free(v);
}

static void
test_overflow(void **state)
{
	char *v = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(array_grow(&v, &cap, SIZE_MAX / 2 + 2, 1),
	    -CB_ENOMEM);
	assert_null(v);
	assert_int_equal(cap, 0);
	assert_int_equal(array_grow(&v, &cap, 16, SIZE_MAX / 8), -CB_ENOMEM);
	assert_null(v);
	assert_int_equal(array_grow(&v, &cap, 5, 1), 0);
	assert_int_equal(cap, 8);
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_push_and_grow),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
