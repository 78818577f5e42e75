/*
 * json-dump.c - the API's JSON text of a jansson tree, written the way
 * json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15)) writes it (the
 * same bytes: the keys in insertion order, the same escapes, the reals'
 * 15 significant digits and their ".0"), without its per-value
 * callbacks and printf: the dashboard's answer at an organisation with
 * many subordinates is some 5 000 numbers, and their formatting was a
 * quarter of the request (docs/performance.md, "One row per
 * organisation and year").  tests/unit/svc/test-svc-json-dump.c
 * compares the two on every kind of value.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/render.h"
#include "util/text.h"

#include "util/banned.h"

/* struct jtext (render.h): buf, len, cap, oom. */
#define out jtext

static bool
reserve(struct out *o, size_t n)
{
	size_t cap;
	char *p;

	if (o->oom)
		return false;
	if (o->len + n + 1 <= o->cap)
		return true;
	cap = o->cap ? o->cap : 4096;
	while (cap < o->len + n + 1)
		cap *= 2;
	if ((p = realloc(o->buf, cap)) == NULL) {
		o->oom = true;
		return false;
	}
	o->buf = p;
	o->cap = cap;
	return true;
}

static void
put(struct out *o, const char *s, size_t n)
{
	if (!reserve(o, n))
		return;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void
putc1(struct out *o, char c)
{
	if (!reserve(o, 1))
		return;
	o->buf[o->len++] = c;
}

/* The decimal digits of v, as "%lld" writes them. */
static void
put_int(struct out *o, long long v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	unsigned long long u;

	u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	put(o, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* A real as jansson's jsonp_dtostr writes it with precision 15: "%.15g",
 * ".0" when neither '.' nor 'e' is in it, the exponent without '+' and
 * leading zeros.  A tenth of an integer under 10^14 in magnitude (every
 * percentage of the API: 77.4, 100.0) is written at once: its 15
 * significant digits are its own digits. */
static void
put_real(struct out *o, double d)
{
	char buf[64], *e, *start, *end;
	long long k;
	double t;
	int n;

	t = d * 10.0;
	if (d > -1e14 && d < 1e14 && !(d == 0.0 && signbit(d))) {
		k = (long long)t; /* exact when t is an integer */
		if ((double)k == t && (double)k / 10.0 == d) {
			if (k < 0) {
				putc1(o, '-');
				k = -k;
			}
			put_int(o, k / 10);
			putc1(o, '.');
			putc1(o, (char)('0' + k % 10));
			return;
		}
	}
	n = snprintf(buf, sizeof(buf), "%.15g", d);
	if (n < 0 || (size_t)n >= sizeof(buf) - 3)
		return;
	if (strchr(buf, '.') == NULL && strchr(buf, 'e') == NULL) {
		buf[n++] = '.';
		buf[n++] = '0';
		buf[n] = '\0';
	}
	if ((e = strchr(buf, 'e')) != NULL) {
		start = e + 1;
		end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, strlen(end) + 1);
			n = (int)strlen(buf);
		}
	}
	put(o, buf, (size_t)n);
}

/* A string as jansson escapes it without JSON_ENSURE_ASCII and
 * JSON_ESCAPE_SLASH: '"', '\\' and the controls below 0x20; UTF-8 as
 * is.  Invalid UTF-8 (a value set through a _nocheck setter) fails the
 * whole text, as json_dumps fails it: never sent. */
static void
put_string(struct out *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	bool utf8_checked = false;
	size_t i, from = 0;
	unsigned char c;
	char esc[6];

	putc1(o, '"');
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x80 && !utf8_checked) {
			if (!text_utf8_valid(s, n)) {
				o->oom = true;
				return;
			}
			utf8_checked = true;
		}
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(o, s + from, i - from);
		from = i + 1;
		switch (c) {
		case '"':
			put(o, "\\\"", 2);
			break;
		case '\\':
			put(o, "\\\\", 2);
			break;
		case '\b':
			put(o, "\\b", 2);
			break;
		case '\f':
			put(o, "\\f", 2);
			break;
		case '\n':
			put(o, "\\n", 2);
			break;
		case '\r':
			put(o, "\\r", 2);
			break;
		case '\t':
			put(o, "\\t", 2);
			break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			put(o, esc, 6);
		}
	}
	put(o, s + from, n - from);
	putc1(o, '"');
}

static void
put_value(struct out *o, json_t *j, int depth)
{
	const char *key;
	json_t *v;
	void *it;
	size_t i, n;

	if (depth > 2048) {
		o->oom = true;
		return;
	}
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		putc1(o, '{');
		for (it = json_object_iter(j), n = 0; it != NULL;
		     it = json_object_iter_next(j, it), n++) {
			if (n > 0)
				putc1(o, ',');
			key = json_object_iter_key(it);
			put_string(o, key, json_object_iter_key_len(it));
			putc1(o, ':');
			put_value(o, json_object_iter_value(it), depth + 1);
		}
		putc1(o, '}');
		break;
	case JSON_ARRAY:
		putc1(o, '[');
		n = json_array_size(j);
		for (i = 0; i < n; i++) {
			if (i > 0)
				putc1(o, ',');
			v = json_array_get(j, i);
			put_value(o, v, depth + 1);
		}
		putc1(o, ']');
		break;
	case JSON_STRING:
		put_string(o, json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER:
		put_int(o, (long long)json_integer_value(j));
		break;
	case JSON_REAL:
		put_real(o, json_real_value(j));
		break;
	case JSON_TRUE:
		put(o, "true", 4);
		break;
	case JSON_FALSE:
		put(o, "false", 5);
		break;
	case JSON_NULL:
		put(o, "null", 4);
		break;
	}
}

char *
jtext_finish(struct jtext *o, size_t *ret_len)
{
	if (o->oom || !reserve(o, 0)) {
		free(o->buf);
		memset(o, 0, sizeof(*o));
		return NULL;
	}
	o->buf[o->len] = '\0';
	if (ret_len != NULL)
		*ret_len = o->len;
	return o->buf;
}

void
jtext_raw(struct jtext *o, const char *s, size_t n)
{
	put(o, s, n);
}

void
jtext_int(struct jtext *o, int64_t v)
{
	put_int(o, (long long)v);
}

void
jtext_real(struct jtext *o, double d)
{
	put_real(o, d);
}

void
jtext_string(struct jtext *o, const char *s)
{
	put_string(o, s, strlen(s));
}

void
jtext_value(struct jtext *o, const json_t *j)
{
	put_value(o, (json_t *)j, 0);
}

char *
json_dumps_api(const json_t *j, size_t *ret_len)
{
	struct jtext o = { 0 };

	if (j == NULL || (!json_is_object(j) && !json_is_array(j)))
		return NULL;
	put_value(&o, (json_t *)j, 0);
	return jtext_finish(&o, ret_len);
}
