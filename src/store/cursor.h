/*
 * cursor.h - the one cursor scheme of every keyset-paginated list: a
 * cursor is base64url without padding (util/hash.h) of the list's
 * position, its fields joined by '|' (so a field never holds '|' or NUL:
 * binary keys go in hex, ids in decimal).  The client sees an opaque
 * string and sends it back; a list checks the fields it finds.
 *
 *   the member list:  "sort|hex(last sort value)|last id"  (store-member.c)
 *   the org list:     "last path"                           (store-org.c)
 *   the audit lists:  "last id"                           (store-audit.c)
 */
#ifndef CHIBO_STORE_CURSOR_H
#define CHIBO_STORE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Cursors longer than STORE_CURSOR_MAX (store.h) are refused unread. */
#define STORE_CURSOR_FIELDS 8

struct store_cursor {
	char *payload; /* owned: the fields, NUL-separated */
	const char *field[STORE_CURSOR_FIELDS];
	size_t n;
};

/* The cursor of fields[0..n) (none may hold '|'): malloc'd, NULL when out
 * of memory. */
char *store_cursor_make(const char *const *fields, size_t n);
/* Opens cursor s, which must hold exactly n fields.  0, or -1 (c empty)
 * if it is not a cursor of that shape; release c with
 * store_cursor_close. */
int store_cursor_open(const char *s, size_t n, struct store_cursor *c);
void store_cursor_close(struct store_cursor *c);
/* Field i as a positive decimal id (no sign, no leading zero). */
bool store_cursor_id(const struct store_cursor *c, size_t i, int64_t *ret);
/* Field i decoded from hex into a malloc'd buffer (NUL-terminated, its
 * length in *ret_len).  0, -1 if it is not hex, -CB_ENOMEM. */
int store_cursor_hex(const struct store_cursor *c, size_t i,
    unsigned char **ret, size_t *ret_len);

#endif
