/* audit.c - the hash chain of the audit trail.  See audit.h. */
#include "core/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/hash.h"
#include "util/sb.h"

#include "util/banned.h"

const char audit_genesis[AUDIT_HASH_LEN] =
    "0000000000000000000000000000000000000000000000000000000000000000";

void
audit_entry_init(struct audit_entry *e)
{
	memset(e, 0, sizeof(*e));
}

void
audit_entry_release(struct audit_entry *e)
{
	if (e == NULL)
		return;
	free(e->actor);
	free(e->addr);
	free(e->action);
	free(e->object_type);
	free(e->before);
	free(e->after);
	free(e->detail);
	free(e->actor_name);
	free(e->object_name);
	audit_entry_init(e);
}

/* Appends v in decimal and then c (what "%" PRId64 gives; no printf:
 * every dossier view is hashed). */
static void
number(struct sb *b, int64_t v, char c)
{
	char buf[24], *p = buf + sizeof(buf);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	*--p = c;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		*--p = '-';
	sb_addn(b, p, (size_t)(buf + sizeof(buf) - p));
}

/* A field as "<length>:<bytes>\n" (absent: "-\n"), so that no two
 * different entries serialise alike. */
static void
field(struct sb *b, const char *s)
{
	size_t n;

	if (s == NULL) {
		sb_add(b, "-\n");
		return;
	}
	n = strlen(s);
	number(b, (int64_t)n, ':');
	sb_addn(b, s, n);
	sb_addc(b, '\n');
}

/* An id (user, object, organisation): 0 is how the store writes NULL, so
 * format 2 hashes it as absent ("-\n"), which no number gives. */
static void
id_field(struct sb *b, int64_t v, int format)
{
	if (format >= AUDIT_FORMAT_2 && v == 0)
		sb_add(b, "-\n");
	else
		number(b, v, '\n');
}

int
audit_hash_format(const struct audit_entry *e, const char *prev, int format,
    char out[AUDIT_HASH_LEN])
{
	struct sb b;
	int rc;

	if (format != AUDIT_FORMAT_1 && format != AUDIT_FORMAT_2)
		return -CB_EINVAL;
	sb_init(&b, 0);
	sb_add(&b,
	    format == AUDIT_FORMAT_1 ? "chibo-audit-1\n" : "chibo-audit-2\n");
	field(&b, prev);
	number(&b, e->id, '\n');
	field(&b, e->at);
	field(&b, e->actor);
	id_field(&b, e->user_id, format);
	field(&b, e->addr);
	field(&b, e->action);
	field(&b, e->object_type);
	id_field(&b, e->object_id, format);
	id_field(&b, e->org_id, format);
	field(&b, e->before);
	field(&b, e->after);
	field(&b, e->detail);
	if ((rc = sb_err(&b)) == 0)
		hash_sha256_hex(b.buf, b.len, out);
	sb_release(&b);
	return rc;
}

int
audit_hash(const struct audit_entry *e, const char *prev,
    char out[AUDIT_HASH_LEN])
{
	return audit_hash_format(e, prev, AUDIT_FORMAT_CURRENT, out);
}

void
audit_verify_init(struct audit_verify *v)
{
	memset(v, 0, sizeof(*v));
	memcpy(v->last_hash, audit_genesis, AUDIT_HASH_LEN);
	v->format2_from = 1;
}

void
audit_verify_expect(struct audit_verify *v, int64_t id, const char *hash)
{
	v->want_id = id;
	snprintf(v->want_hash, sizeof(v->want_hash), "%s", hash);
	/* The empty chain's head is in every chain. */
	v->want_seen = id == 0 && strcmp(hash, audit_genesis) == 0;
}

static bool
bad(struct audit_verify *v, int64_t id, const char *code)
{
	if (v->bad_id == 0 && v->bad_code == NULL) {
		v->bad_id = id;
		v->bad_code = code;
	}
	return false;
}

bool
audit_verify_step(struct audit_verify *v, const struct audit_entry *e)
{
	char h[AUDIT_HASH_LEN];
	int format;

	if (v->bad_code != NULL)
		return false;
	v->count++;
	/* Outside the chain: no entry is numbered 0 or below, none twice. */
	if (e->id <= 0 || e->id <= v->last_id)
		return bad(v, e->id, "extra");
	if (e->id != v->last_id + 1)
		return bad(v, e->id, "gap");
	if (strcmp(e->prev_hash, v->last_hash) != 0)
		return bad(v, e->id, "prev_mismatch");
	format = e->id >= v->format2_from ? AUDIT_FORMAT_2 : AUDIT_FORMAT_1;
	if (e->inexact || audit_hash_format(e, e->prev_hash, format, h) != 0 ||
	    strcmp(h, e->hash) != 0)
		return bad(v, e->id, "altered");
	v->last_id = e->id;
	memcpy(v->last_hash, e->hash, AUDIT_HASH_LEN);
	if (e->id == v->want_id) {
		if (strcmp(e->hash, v->want_hash) != 0)
			return bad(v, e->id, "rewritten");
		v->want_seen = true;
	}
	return true;
}

bool
audit_verify_end(struct audit_verify *v, int64_t head_id,
    const char *head_hash, int64_t rows)
{
	if (v->bad_code != NULL)
		return false;
	if (head_id > v->last_id)
		return bad(v, v->last_id + 1, "truncated");
	if (head_id < v->last_id)
		return bad(v, head_id + 1, "extra");
	if (strcmp(head_hash ? head_hash : audit_genesis, v->last_hash) != 0)
		return bad(v, head_id, "head_mismatch");
	/* Rows the walk did not see (a repeated id, no id at all). */
	if (rows != v->count)
		return bad(v, head_id, "extra");
	if (v->want_hash[0] == '\0') /* no published head expected */
		return true;
	if (v->want_id > v->last_id)
		return bad(v, v->want_id, "rewound");
	if (!v->want_seen)
		return bad(v, v->want_id, "rewritten");
	return true;
}

void
audit_head_line(int64_t id, const char *hash, const char *at,
    char out[AUDIT_HEAD_LINE_MAX])
{
	snprintf(out, AUDIT_HEAD_LINE_MAX, "%lld %s%s%s", (long long)id, hash,
	    at != NULL && at[0] != '\0' ? " " : "", at != NULL ? at : "");
}

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

int
audit_head_parse(const char *line, int64_t *ret_id,
    char ret_hash[AUDIT_HASH_LEN])
{
	const char *p = line;
	int64_t id = 0;
	int i;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p < '0' || *p > '9')
		return -CB_EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (id > (INT64_MAX - (*p - '0')) / 10)
			return -CB_EINVAL;
		id = id * 10 + (*p - '0');
	}
	if (*p != ' ' && *p != '\t')
		return -CB_EINVAL;
	while (*p == ' ' || *p == '\t')
		p++;
	for (i = 0; i < AUDIT_HASH_LEN - 1; i++)
		if (!is_hex(p[i]))
			return -CB_EINVAL;
	if (p[i] != '\0' && p[i] != ' ' && p[i] != '\t' && p[i] != '\n' &&
	    p[i] != '\r')
		return -CB_EINVAL;
	*ret_id = id;
	memcpy(ret_hash, p, AUDIT_HASH_LEN - 1);
	ret_hash[AUDIT_HASH_LEN - 1] = '\0';
	return 0;
}
