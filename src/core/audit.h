/*
 * audit.h - the audit trail: one entry per write, export, sign-in and
 * dossier view, hash-chained so that an altered, removed or reordered
 * entry is detected.  Pure: the hash and the verification walk.
 *
 * Entry n carries the hash of entry n-1 (prev_hash; 64 zeros for the
 * first) and its own hash, SHA-256 over prev_hash and a canonical,
 * length-prefixed serialisation of every field.  Ids are consecutive (the
 * store assigns last_id + 1 under a lock), so a removed entry leaves a
 * gap; the store also keeps the head (last id and hash), so removing the
 * newest entries is detected too.
 */
#ifndef CHIBO_CORE_AUDIT_H
#define CHIBO_CORE_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "util/date.h"
#include "util/err.h"

#define AUDIT_HASH_LEN 65 /* 64 hex digits + NUL */

struct audit_entry {
	int64_t id; /* consecutive from 1 */
	char at[TIMESTAMP_LEN];
	char *actor;       /* user name, "cli:alice", "system" */
	int64_t user_id;   /* 0: not a user account */
	char *addr;        /* client address, "local" for the CLI */
	char *action;      /* "member.update", "session.create", ... */
	char *object_type; /* "member", "org", "user", ... */
	int64_t object_id; /* 0: none */
	int64_t org_id;    /* organisation concerned (scope), 0 */
	char *before;      /* JSON of the changed fields before, or NULL */
	char *after;       /* ... after, or NULL */
	char *detail;      /* JSON, or NULL */
	char prev_hash[AUDIT_HASH_LEN];
	char hash[AUDIT_HASH_LEN];
	/* Read with lists, never hashed nor stored with the entry: the
	 * display name of the account user_id, the full name of the member
	 * the entry is about (NULL: none). */
	char *actor_name;
	char *object_name;
};

void audit_entry_init(struct audit_entry *e);
void audit_entry_release(struct audit_entry *e);

/* The hash of e chained after prev (64 hex digits) into out.  Returns 0 or
 * -CB_ENOMEM. */
int audit_hash(const struct audit_entry *e, const char *prev,
    char out[AUDIT_HASH_LEN]);

/* The hash before the first entry. */
extern const char audit_genesis[AUDIT_HASH_LEN];

/*
 * Verification, one entry at a time in id order: audit_verify_step
 * checks e against the state and advances it.  The first problem is kept
 * in the state (its id and a code: "gap" = entries removed or reordered
 * before e, "prev_mismatch" = e does not follow the entry before it,
 * "altered" = e's fields do not give its hash); audit_verify_end compares
 * with the stored head ("truncated", "head_mismatch").
 */
struct audit_verify {
	int64_t count;
	int64_t last_id;
	char last_hash[AUDIT_HASH_LEN];
	int64_t bad_id; /* 0: none yet */
	const char *bad_code;
};

void audit_verify_init(struct audit_verify *v);
/* Returns false once a problem has been found. */
bool audit_verify_step(struct audit_verify *v, const struct audit_entry *e);
bool audit_verify_end(struct audit_verify *v, int64_t head_id,
    const char *head_hash);

#endif
