/* alloc.c - see alloc.h. */
#include "util/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

#include "util/banned.h"

int
array_grow(void *items, size_t *cap, size_t need, size_t elem)
{
	void **p = items;
	size_t ncap = *cap ? *cap : 8;
	void *n;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -CB_ENOMEM;
		ncap *= 2;
	}
	if (elem != 0 && ncap > SIZE_MAX / elem)
		return -CB_ENOMEM;
	if ((n = realloc(*p, ncap * elem)) == NULL)
		return -CB_ENOMEM;
	*p = n;
	*cap = ncap;
	return 0;
}

void *
array_push(void *items, size_t *n, size_t *cap, size_t elem)
{
	char *slot;

	if (*n == SIZE_MAX || array_grow(items, cap, *n + 1, elem) != 0)
		return NULL;
	slot = (char *)*(void **)items + *n * elem;
	memset(slot, 0, elem);
	(*n)++;
	return slot;
}
