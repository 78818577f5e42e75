/*
 * sb.h - the one string builder (git strbuf invariants, curl dynbuf limits,
 * sqlite3_str sticky errors).
 *
 * After sb_init() buf is never NULL and always NUL-terminated.  Every builder
 * has a maximum size; growing past it, or running out of memory, sets a sticky
 * error: later appends do nothing and sb_err() reports -CB_ETOOBIG or
 * -CB_ENOMEM.  sb_detach() is the only way to take the memory out.
 */
#ifndef CHIBO_UTIL_SB_H
#define CHIBO_UTIL_SB_H

#include <stdarg.h>
#include <stddef.h>

struct sb {
	char *buf;    /* contents, NUL-terminated */
	size_t len;   /* bytes used, without the NUL */
	size_t alloc; /* bytes allocated (0: buf is the static "") */
	size_t max;   /* maximum len allowed */
	int err;      /* sticky error, 0 or -CB_E* */
};

#define SB_MAX_DEFAULT ((size_t)64 * 1024 * 1024)

void sb_init(struct sb *b, size_t max);
void sb_release(struct sb *b);
void sb_reset(struct sb *b);
int sb_add(struct sb *b, const char *s);
int sb_addn(struct sb *b, const char *s, size_t n);
/* Makes room for n more bytes at once (0 or the sticky error). */
int sb_reserve(struct sb *b, size_t n);
int sb_addc(struct sb *b, char c);
int sb_addf(struct sb *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int sb_vaddf(struct sb *b, const char *fmt, va_list ap);
int sb_err(const struct sb *b);
/* Returns the malloc'd string (caller frees) or NULL on a sticky error,
 * in which case the builder is released.  The builder is re-initialised. */
char *sb_detach(struct sb *b, size_t *ret_len);

#endif
