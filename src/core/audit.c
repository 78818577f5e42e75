/* audit.c - the hash chain of the audit trail.  See audit.h. */
#include "core/audit.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

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

int
audit_hash(const struct audit_entry *e, const char *prev,
    char out[AUDIT_HASH_LEN])
{
	struct sb b;
	int rc;

	sb_init(&b, 0);
	sb_add(&b, "chibo-audit-1\n");
	field(&b, prev);
	number(&b, e->id, '\n');
	field(&b, e->at);
	field(&b, e->actor);
	number(&b, e->user_id, '\n');
	field(&b, e->addr);
	field(&b, e->action);
	field(&b, e->object_type);
	number(&b, e->object_id, '\n');
	number(&b, e->org_id, '\n');
	field(&b, e->before);
	field(&b, e->after);
	field(&b, e->detail);
	if ((rc = sb_err(&b)) == 0)
		hash_sha256_hex(b.buf, b.len, out);
	sb_release(&b);
	return rc;
}

void
audit_verify_init(struct audit_verify *v)
{
	memset(v, 0, sizeof(*v));
	memcpy(v->last_hash, audit_genesis, AUDIT_HASH_LEN);
}

static bool
bad(struct audit_verify *v, int64_t id, const char *code)
{
	if (v->bad_id == 0) {
		v->bad_id = id;
		v->bad_code = code;
	}
	return false;
}

bool
audit_verify_step(struct audit_verify *v, const struct audit_entry *e)
{
	char h[AUDIT_HASH_LEN];

	if (v->bad_id != 0)
		return false;
	v->count++;
	if (e->id != v->last_id + 1)
		return bad(v, e->id, "gap");
	if (strcmp(e->prev_hash, v->last_hash) != 0)
		return bad(v, e->id, "prev_mismatch");
	if (audit_hash(e, e->prev_hash, h) != 0 || strcmp(h, e->hash) != 0)
		return bad(v, e->id, "altered");
	v->last_id = e->id;
	memcpy(v->last_hash, e->hash, AUDIT_HASH_LEN);
	return true;
}

bool
audit_verify_end(struct audit_verify *v, int64_t head_id,
    const char *head_hash)
{
	if (v->bad_id != 0)
		return false;
	if (head_id > v->last_id)
		return bad(v, v->last_id + 1, "truncated");
	if (head_id != v->last_id ||
	    strcmp(head_hash ? head_hash : audit_genesis, v->last_hash) != 0)
		return bad(v, head_id, "head_mismatch");
	return true;
}
