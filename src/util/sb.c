/* sb.c - see sb.h. */
#include "util/sb.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

#include "util/banned.h"

/* The buffer of an empty builder: never written to. */
static char sb_empty[1];

void
sb_init(struct sb *b, size_t max)
{
	b->buf = sb_empty;
	b->len = 0;
	b->alloc = 0;
	b->max = max ? max : SB_MAX_DEFAULT;
	b->err = 0;
}

void
sb_release(struct sb *b)
{
	if (b->alloc)
		free(b->buf);
	sb_init(b, b->max);
}

void
sb_reset(struct sb *b)
{
	b->len = 0;
	if (b->alloc)
		b->buf[0] = '\0';
	b->err = 0;
}

static int
sb_grow(struct sb *b, size_t extra)
{
	size_t need, n;
	char *p;

	if (b->err)
		return b->err;
	if (extra > b->max - b->len)
		return b->err = -CB_ETOOBIG;
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return 0;
	n = b->alloc ? b->alloc : 64;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	p = b->alloc ? realloc(b->buf, n) : malloc(n);
	if (p == NULL)
		return b->err = -CB_ENOMEM;
	if (!b->alloc)
		p[0] = '\0';
	b->buf = p;
	b->alloc = n;
	return 0;
}

int
sb_reserve(struct sb *b, size_t n)
{
	return sb_grow(b, n);
}

int
sb_addn(struct sb *b, const char *s, size_t n)
{
	if (sb_grow(b, n))
		return b->err;
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return 0;
}

int
sb_add(struct sb *b, const char *s)
{
	return sb_addn(b, s, strlen(s));
}

int
sb_addc(struct sb *b, char c)
{
	return sb_addn(b, &c, 1);
}

int
sb_vaddf(struct sb *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->err)
		return b->err;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return b->err = -CB_EINVAL;
	if (sb_grow(b, (size_t)n))
		return b->err;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
sb_addf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = sb_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

int
sb_err(const struct sb *b)
{
	return b->err;
}

char *
sb_detach(struct sb *b, size_t *ret_len)
{
	char *s;

	if (b->err) {
		sb_release(b);
		return NULL;
	}
	if (b->alloc)
		s = b->buf;
	else if ((s = strdup("")) == NULL)
		return NULL;
	if (ret_len)
		*ret_len = b->len;
	sb_init(b, b->max);
	return s;
}
