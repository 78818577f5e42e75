/* cursor.c - see cursor.h. */
#include "store/cursor.h"

#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/sb.h"

#include "util/banned.h"

char *
store_cursor_make(const char *const *fields, size_t n)
{
	struct sb b;
	size_t i, len;
	char *payload, *out;

	sb_init(&b, 0);
	for (i = 0; i < n; i++) {
		if (i > 0)
			sb_addc(&b, '|');
		sb_add(&b, fields[i]);
	}
	if ((payload = sb_detach(&b, &len)) == NULL)
		return NULL;
	out = hash_b64url_encode(payload, len);
	free(payload);
	return out;
}

int
store_cursor_open(const char *s, size_t n, struct store_cursor *c)
{
	size_t len = 0;
	char *p;

	memset(c, 0, sizeof(*c));
	if (n == 0 || n > STORE_CURSOR_FIELDS ||
	    (c->payload = (char *)hash_b64url_decode(s, STORE_CURSOR_MAX,
	         &len)) == NULL)
		return -1;
	if (strlen(c->payload) != len) /* a NUL inside */
		goto bad;
	for (p = c->payload;;) {
		char *bar = strchr(p, '|');

		if (c->n == n)
			goto bad; /* more fields than wanted */
		c->field[c->n++] = p;
		if (bar == NULL)
			break;
		*bar = '\0';
		p = bar + 1;
	}
	if (c->n != n)
		goto bad;
	return 0;
bad:
	store_cursor_close(c);
	return -1;
}

void
store_cursor_close(struct store_cursor *c)
{
	free(c->payload);
	memset(c, 0, sizeof(*c));
}

bool
store_cursor_id(const struct store_cursor *c, size_t i, int64_t *ret)
{
	const char *s = i < c->n ? c->field[i] : NULL;
	int64_t v = 0;
	size_t k;

	if (s == NULL || s[0] < '1' || s[0] > '9')
		return false;
	for (k = 0; s[k] != '\0'; k++) {
		if (s[k] < '0' || s[k] > '9' || k >= 18)
			return false;
		v = v * 10 + (s[k] - '0');
	}
	*ret = v;
	return true;
}

int
store_cursor_hex(const struct store_cursor *c, size_t i, unsigned char **ret,
    size_t *ret_len)
{
	const char *s = i < c->n ? c->field[i] : NULL;
	size_t hexlen;
	unsigned char *out;

	*ret = NULL;
	*ret_len = 0;
	if (s == NULL)
		return -1;
	hexlen = strlen(s);
	if ((out = malloc(hexlen / 2 + 1)) == NULL)
		return -CB_ENOMEM;
	if (hash_hex_decode(s, hexlen, out, hexlen / 2, ret_len) != 0) {
		free(out);
		return -1;
	}
	out[*ret_len] = '\0';
	*ret = out;
	return 0;
}
