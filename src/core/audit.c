/* audit.c - the hash chain of the audit trail.  See audit.h. */
#include "core/audit.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/sb.h"

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
	audit_entry_init(e);
}

/* A field as "<length>:<bytes>\n" (absent: "-\n"), so that no two
 * different entries serialise alike. */
static void
field(struct sb *b, const char *s)
{
	if (s == NULL) {
		sb_add(b, "-\n");
		return;
	}
	sb_addf(b, "%zu:", strlen(s));
	sb_add(b, s);
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
	sb_addf(&b, "%" PRId64 "\n", e->id);
	field(&b, e->at);
	field(&b, e->actor);
	sb_addf(&b, "%" PRId64 "\n", e->user_id);
	field(&b, e->addr);
	field(&b, e->action);
	field(&b, e->object_type);
	sb_addf(&b, "%" PRId64 "\n%" PRId64 "\n", e->object_id, e->org_id);
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
	if (head_id != v->last_id || strcmp(head_hash ? head_hash :
	    audit_genesis, v->last_hash) != 0)
		return bad(v, head_id, "head_mismatch");
	return true;
}
