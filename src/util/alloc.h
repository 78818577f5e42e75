/*
 * alloc.h - overflow-checked growth of malloc'd arrays (the reallocarray
 * idiom of OpenBSD and tmux), so that lists grow the same way everywhere.
 */
#ifndef CHIBO_UTIL_ALLOC_H
#define CHIBO_UTIL_ALLOC_H

#include <stddef.h>

/*
 * Makes the array *items (of elements of size elem, *cap of them
 * allocated) hold at least need elements, doubling its capacity (at least
 * 8).  On success *items and *cap are updated and 0 is returned; on
 * overflow or out-of-memory -CB_ENOMEM is returned and the array is left
 * as it was (still owned by the caller).
 */
int array_grow(void *items, size_t *cap, size_t need, size_t elem);

/* Appends one element slot: grows as needed and returns a pointer to the
 * zeroed element at index *n, incrementing *n; NULL on out-of-memory. */
void *array_push(void *items, size_t *n, size_t *cap, size_t elem);

#endif
