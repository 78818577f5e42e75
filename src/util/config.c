/* config.c - chibo.conf: parsing and checking.  See config.h. */
#include "util/config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"

#include "util/banned.h"

const struct config_key config_keys[] = {
	{ "CHIBO_DB", CONFIG_TEXT, 0, 0 },
	{ "CHIBO_LANG", CONFIG_LANG, 0, 0 },
	{ "CHIBO_RULES", CONFIG_TEXT, 0, 0 },
	{ "CHIBO_LISTEN", CONFIG_LISTEN, 0, 0 },
	{ "CHIBO_THREADS", CONFIG_INT, 1, 64 },
	{ "CHIBO_TRUST_PROXY", CONFIG_BOOL, 0, 0 },
	{ "CHIBO_WEB", CONFIG_ANY, 0, 0 },
	{ "CHIBO_VIEW_WINDOW", CONFIG_INT, 0, 366.0 * 86400 },
	{ "CHIBO_VIEW_QUEUE_MAX", CONFIG_INT, 1, 1000000 },
	{ "CHIBO_ACCESS_LOG", CONFIG_BOOL, 0, 0 },
	{ "CHIBO_SECURE_COOKIES", CONFIG_BOOL, 0, 0 },
	{ "CHIBO_SESSION_IDLE", CONFIG_INT, 1, 366.0 * 86400 },
	{ "CHIBO_SESSION_MAX", CONFIG_INT, 1, 366.0 * 86400 },
	{ "CHIBO_AUTH_CACHE_TTL", CONFIG_NUMBER, 0, 3600 },
	{ "CHIBO_COUNT_BOUND", CONFIG_INT, 1, 1e12 },
	{ "CHIBO_MATERIAL_MAX_BYTES", CONFIG_INT, 1, 1e10 },
	{ "CHIBO_TODAY", CONFIG_DATE, 0, 0 },
	{ "CHIBO_DEBUG", CONFIG_ANY, 0, 0 },
};

const size_t config_nkeys = sizeof(config_keys) / sizeof(config_keys[0]);

const struct config_key *
config_key_find(const char *name)
{
	size_t i;

	for (i = 0; i < config_nkeys; i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	return NULL;
}

/* True if s is a whole number (optional sign, digits) within the key's
 * range. */
static bool
int_ok(const char *s, const struct config_key *k)
{
	char *end;
	long long v;

	if (*s == '\0' || *s == ' ' || *s == '+')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0' && (double)v >= k->min &&
	    (double)v <= k->max;
}

static bool
number_ok(const char *s, const struct config_key *k)
{
	char *end;
	double v;

	if (*s == '\0' || *s == ' ' || *s == '+')
		return false;
	errno = 0;
	v = strtod(s, &end);
	return errno == 0 && *end == '\0' && v >= k->min && v <= k->max;
}

/* ADDR:PORT or [IPv6]:PORT with a port 0-65535 and a host of no blanks. */
static bool
listen_ok(const char *s)
{
	const char *colon = strrchr(s, ':');
	const char *p;
	long port = 0;

	if (colon == NULL || colon == s || colon[1] == '\0' ||
	    strlen(colon + 1) > 5)
		return false;
	for (p = colon + 1; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		port = port * 10 + (*p - '0');
	}
	if (port > 65535)
		return false;
	for (p = s; p < colon; p++)
		if (*p == ' ' || *p == '\t' || *p == '/')
			return false;
	if (s[0] == '[')
		return colon[-1] == ']' && colon - s > 2;
	/* A bare IPv6 address needs its brackets. */
	return memchr(s, ':', (size_t)(colon - s)) == NULL;
}

static void
range_text(const struct config_key *k, char *buf, size_t size)
{
	snprintf(buf, size, "[%.15g, %.15g]", k->min, k->max);
}

int
config_check(const char *key, const char *value, const char *where,
    struct cb_error *err)
{
	const struct config_key *k = config_key_find(key);
	char range[64];

	if (k == NULL)
		return cb_error_set(err, CB_EINVAL, "config_unknown_key",
		    where);
	switch (k->kind) {
	case CONFIG_ANY:
		return 0;
	case CONFIG_TEXT:
		if (*value != '\0')
			return 0;
		cb_error_set(err, CB_EINVAL, "config_bad_value", where);
		return cb_error_field(err, 0, key, "config_expect_text", NULL);
	case CONFIG_BOOL:
		if (strcmp(value, "0") == 0 || strcmp(value, "1") == 0)
			return 0;
		cb_error_set(err, CB_EINVAL, "config_bad_value", where);
		return cb_error_field(err, 0, key, "config_expect_bool", NULL);
	case CONFIG_INT:
		if (int_ok(value, k))
			return 0;
		range_text(k, range, sizeof(range));
		cb_error_set(err, CB_EINVAL, "config_bad_value", where);
		return cb_error_field(err, 0, key, "config_expect_int", range);
	case CONFIG_NUMBER:
		if (number_ok(value, k))
			return 0;
		range_text(k, range, sizeof(range));
		cb_error_set(err, CB_EINVAL, "config_bad_value", where);
		return cb_error_field(err, 0, key, "config_expect_number",
		    range);
	case CONFIG_DATE: {
		struct date d;

		if (date_parse_iso(value, &d) == 0)
			return 0;
		cb_error_set(err, CB_EINVAL, "config_bad_value", where);
		return cb_error_field(err, 0, key, "config_expect_date", NULL);
	}
	case CONFIG_LISTEN:
		if (listen_ok(value))
			return 0;
		cb_error_set(err, CB_EINVAL, "config_bad_value", where);
		return cb_error_field(err, 0, key, "config_expect_listen",
		    NULL);
	case CONFIG_LANG:
		if (strcmp(value, "vi") == 0 || strcmp(value, "en") == 0)
			return 0;
		cb_error_set(err, CB_EINVAL, "config_bad_value", where);
		return cb_error_field(err, 0, key, "config_expect_lang", NULL);
	}
	return cb_error_set(err, CB_EINVAL, "config_bad_value", where);
}

void
config_release(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->items[i].key);
		free(c->items[i].value);
	}
	free(c->items);
	c->items = NULL;
	c->n = 0;
}

static bool
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static char *
dup_range(const char *b, const char *e)
{
	char *s = malloc((size_t)(e - b) + 1);

	if (s != NULL) {
		memcpy(s, b, (size_t)(e - b));
		s[e - b] = '\0';
	}
	return s;
}

/* "SOURCE:LINE: KEY" (KEY cut to a readable length). */
static void
where_text(char *buf, size_t size, const char *source, long line,
    const char *key, size_t keylen)
{
	snprintf(buf, size, "%s:%ld%s%.*s", source, line, keylen ? ": " : "",
	    (int)(keylen > 64 ? 64 : keylen), key ? key : "");
}

/* True if the key is letters, digits and underscores. */
static bool
key_chars_ok(const char *b, const char *e)
{
	if (b == e)
		return false;
	for (; b < e; b++)
		if (!((*b >= 'A' && *b <= 'Z') || (*b >= 'a' && *b <= 'z') ||
		        (*b >= '0' && *b <= '9') || *b == '_'))
			return false;
	return true;
}

/* True if [b, e) is the name of a key. */
static bool
key_known(const char *b, const char *e)
{
	size_t i;

	for (i = 0; i < config_nkeys; i++)
		if (strlen(config_keys[i].name) == (size_t)(e - b) &&
		    memcmp(config_keys[i].name, b, (size_t)(e - b)) == 0)
			return true;
	return false;
}

int
config_parse(const char *text, size_t len, const char *source,
    struct config *ret, struct cb_error *err)
{
	struct config c = { NULL, 0 };
	const char *p = text, *end = text + len;
	char where[512];
	long line = 0;
	size_t i, cap = 0;
	int rc = 0;

	ret->items = NULL;
	ret->n = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *b = p, *e, *eq, *kb, *ke, *vb, *ve, *q;
		struct config_item *it;

		if (eol == NULL)
			eol = end;
		line++;
		p = eol < end ? eol + 1 : end;
		e = eol;
		while (b < e && blank(*b))
			b++;
		while (e > b && blank(e[-1]))
			e--;
		if (b == e || *b == '#')
			continue;
		eq = memchr(b, '=', (size_t)(e - b));
		kb = b;
		ke = eq != NULL ? eq : e;
		while (ke > kb && blank(ke[-1]))
			ke--;
		/* No NUL or control character anywhere in the line (a tab
		 * around the parts is a blank). */
		for (q = b; q < e; q++)
			if ((unsigned char)*q < 0x20 && *q != '\t')
				break;
		if (eq == NULL || q < e || !key_chars_ok(kb, ke)) {
			where_text(where, sizeof(where), source, line, NULL,
			    0);
			rc = cb_error_set(err, CB_EINVAL, "config_syntax",
			    where);
			goto fail;
		}
		vb = eq + 1;
		ve = e;
		while (vb < ve && blank(*vb))
			vb++;
		where_text(where, sizeof(where), source, line, kb,
		    (size_t)(ke - kb));
		if (!key_known(kb, ke)) {
			rc = cb_error_set(err, CB_EINVAL, "config_unknown_key",
			    where);
			goto fail;
		}
		for (i = 0; i < c.n; i++)
			if (strlen(c.items[i].key) == (size_t)(ke - kb) &&
			    memcmp(c.items[i].key, kb, (size_t)(ke - kb)) ==
			        0) {
				rc = cb_error_set(err, CB_EINVAL,
				    "config_duplicate_key", where);
				goto fail;
			}
		if (c.n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct config_item *n = realloc(c.items,
			    ncap * sizeof(*n));

			if (n == NULL) {
				rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
				goto fail;
			}
			c.items = n;
			cap = ncap;
		}
		it = &c.items[c.n];
		it->key = dup_range(kb, ke);
		it->value = dup_range(vb, ve);
		it->line = line;
		if (it->key == NULL || it->value == NULL) {
			free(it->key);
			free(it->value);
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
			goto fail;
		}
		c.n++;
		if ((rc = config_check(it->key, it->value, where, err)) != 0)
			goto fail;
	}
	*ret = c;
	return 0;
fail:
	config_release(&c);
	return rc;
}
