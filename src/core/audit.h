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
 * newest entries is detected too.  Every row of the table must be in the
 * chain (an id of 0 or below, a repeated id, an entry after the head:
 * "extra"), and the row must be exactly what was hashed (the store sets
 * inexact when it is not: a number stored as 0 rather than NULL, a
 * timestamp with a fraction of a second...).
 *
 * Hash formats: 1 (entries written before migration 0012: a number of 0
 * and a NULL one hashed alike) and 2 (NULL hashed as absent, distinct
 * from every number).  The store records the first id of format 2
 * (table audit_format); see docs/security.md.
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
	/* Set by the store's verification walk: the stored row is not
	 * exactly what the fields above say (see above).  Never stored. */
	bool inexact;
};

#define AUDIT_FORMAT_1 1
#define AUDIT_FORMAT_2 2
#define AUDIT_FORMAT_CURRENT AUDIT_FORMAT_2

void audit_entry_init(struct audit_entry *e);
void audit_entry_release(struct audit_entry *e);

/* The hash of e chained after prev (64 hex digits) into out, in the
 * current format.  Returns 0 or -CB_ENOMEM. */
int audit_hash(const struct audit_entry *e, const char *prev,
    char out[AUDIT_HASH_LEN]);
/* The same in format (AUDIT_FORMAT_1 or _2; another: -CB_EINVAL). */
int audit_hash_format(const struct audit_entry *e, const char *prev,
    int format, char out[AUDIT_HASH_LEN]);

/* The hash before the first entry. */
extern const char audit_genesis[AUDIT_HASH_LEN];

/*
 * Verification, one entry at a time in id order: audit_verify_step
 * checks e against the state and advances it.  The first problem is kept
 * in the state (its id and a code: "gap" = entries removed or reordered
 * before e, "prev_mismatch" = e does not follow the entry before it,
 * "altered" = e's fields do not give its hash or e is inexact, "extra" =
 * e is outside the chain: an id of 0 or below, or one already seen);
 * audit_verify_end compares with the stored head ("truncated",
 * "head_mismatch", "extra": entries after the head, or rows the walk did
 * not see) and with a published head if one is expected ("rewound": the
 * chain ends before it, "rewritten": its entry has another hash).
 */
struct audit_verify {
	int64_t count;
	int64_t last_id;
	char last_hash[AUDIT_HASH_LEN];
	int64_t bad_id; /* 0: none yet */
	const char *bad_code;
	/* The first id hashed in format 2 (the store's audit_format; 1
	 * after init: every entry). */
	int64_t format2_from;
	/* A published head to find in the chain (audit_verify_expect). */
	int64_t want_id;                /* 0: none */
	char want_hash[AUDIT_HASH_LEN]; /* "": none expected */
	bool want_seen;
};

void audit_verify_init(struct audit_verify *v);
/* Expects the published head (id, hash) in the chain. */
void audit_verify_expect(struct audit_verify *v, int64_t id, const char *hash);
/* Returns false once a problem has been found. */
bool audit_verify_step(struct audit_verify *v, const struct audit_entry *e);
/* rows: how many rows the table holds (every one must have been walked). */
bool audit_verify_end(struct audit_verify *v, int64_t head_id,
    const char *head_hash, int64_t rows);

/*
 * A published head: one line an operator keeps elsewhere, "ID HASH AT"
 * (AT: the time of entry ID, "" none).  audit_head_line writes it into
 * out (AUDIT_HEAD_LINE_MAX bytes); audit_head_parse reads "ID HASH" and
 * ignores what follows (0, or -CB_EINVAL if it is not such a line).
 */
#define AUDIT_HEAD_LINE_MAX 128
void audit_head_line(int64_t id, const char *hash, const char *at,
    char out[AUDIT_HEAD_LINE_MAX]);
int audit_head_parse(const char *line, int64_t *ret_id,
    char ret_hash[AUDIT_HASH_LEN]);

#endif
