/*
 * store.h - the one storage interface.  Two backends implement it: SQLite
 * (default, a file path) and PostgreSQL (a "postgresql://" or "postgres://"
 * URL).  SQL lives only under src/store/, in each backend's statement table
 * (src/store/<backend>/stmts.c, indexed by enum stmt in store-int.h) and in
 * numbered migrations (src/store/<backend>/schema/NNNN-*.sql, embedded in
 * the binary).  The functions below are written once, in store.c and
 * store-*.c, on top of a small backend vtable (prepare, bind, step, column).
 *
 * A struct store is one connection; it is not thread-safe.  Servers use a
 * struct store_pool.  All functions return 0 or -CB_E* with details in err.
 * Uniqueness violations come back as -CB_ECONFLICT with the field named
 * ("citizen_id", "card_no", "code"); stale versions as -CB_EPRECOND; missing
 * rows as -CB_ENOTFOUND.
 *
 * Text arrives cleaned (NFC) from svc/; the store derives search and sort
 * keys itself (util/text.h) so that no caller can forget them.  Timestamps
 * (created_at, recorded_at, ...) are ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ",
 * made by the store from the clock.  Dates are ISO "YYYY-MM-DD"; an empty
 * date ("") is stored as NULL.
 *
 * Transactions nest: store_begin() at depth 0 starts a transaction, deeper
 * calls make savepoints.  Only svc/ calls them.
 */
#ifndef CHIBO_STORE_STORE_H
#define CHIBO_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/rulebook.h"
#include "util/err.h"

struct store;

/* Opens dburl: a SQLite file path (created if missing; its directory must
 * exist) or a PostgreSQL URL.  Does not migrate. */
int	store_open(const char *dburl, struct store **ret, struct cb_error *err);
/* NULL is fine. */
void	store_close(struct store *st);
/* "sqlite" or "postgresql". */
const char *store_backend_name(const struct store *st);
/* True if dburl names a PostgreSQL database. */
bool	store_url_is_pg(const char *dburl);

/* Applies every pending migration, each in its own transaction.  Returns 0
 * and the schema version in *ret_version (may be NULL). */
int	store_migrate(struct store *st, int *ret_version, struct cb_error *err);
/* Current schema version (0: empty database). */
int	store_schema_version(struct store *st, int *ret, struct cb_error *err);
/* Number of migrations compiled into this binary for st's backend. */
int	store_migrations_available(const struct store *st);

int	store_begin(struct store *st, struct cb_error *err);
int	store_commit(struct store *st, struct cb_error *err);
/* Rolls back the innermost level; best effort, never fails. */
void	store_rollback(struct store *st);
/* Current nesting depth (0: no transaction). */
int	store_depth(const struct store *st);

/* Small key/value metadata (e.g. "demo_seed").  *ret is malloc'd, or NULL
 * when the key is absent. */
int	store_meta_get(struct store *st, const char *key, char **ret,
	    struct cb_error *err);
int	store_meta_set(struct store *st, const char *key, const char *value,
	    struct cb_error *err);

/* --------------------------------------------------------------- orgs */

/*
 * Inserts o: sets o->id, path, depth, version (1).  o->parent_id 0 makes a
 * root; otherwise the parent must exist (-CB_ENOTFOUND, field "parent_id").
 * Duplicate code: -CB_ECONFLICT, field "code".
 */
int	store_org_insert(struct store *st, struct org *o, struct cb_error *err);
/* Fills *ret (initialised by the caller with org_init; released first). */
int	store_org_get(struct store *st, int64_t id, struct org *ret,
	    struct cb_error *err);
int	store_org_get_by_code(struct store *st, const char *code,
	    struct org *ret, struct cb_error *err);
/*
 * Writes o's kind, name, code, parent_id, valid_from and valid_to if the
 * stored version equals expected_version (0: no check; else -CB_EPRECOND).
 * A changed parent moves the whole subtree (paths and depths rewritten);
 * moving an organisation under itself or a descendant is -CB_EINVAL, field
 * "parent_id".  On success o->version, path and depth are updated.
 */
int	store_org_update(struct store *st, struct org *o,
	    int64_t expected_version, struct cb_error *err);

struct org_query {
	int64_t		 root_id;	/* subtree of this org (itself included); 0: all */
	int64_t		 parent_id;	/* only direct children of this; 0: any */
	bool		 roots_only;	/* only organisations without a parent */
	const char	*q;		/* folded substring of the name or code; NULL: all */
	bool		 include_closed;/* also orgs whose valid_to is set */
	const char	*after_path;	/* keyset cursor: paths greater than this */
	size_t		 limit;		/* 0: no limit */
};
/* Orgs in tree order (by path), matching q. */
int	store_org_list(struct store *st, const struct org_query *q,
	    struct org_list *ret, struct cb_error *err);

/* Members on the rolls (state active, not deleted) of one organisation. */
struct org_counts {
	int64_t	direct;			/* directly in this organisation */
	int64_t	subtree;		/* in it and every organisation below */
	int64_t	subtree_official;
	int64_t	subtree_probationary;
	int64_t	children;		/* direct child organisations, open ones */
	int64_t	descendants;		/* open organisations below, all depths */
};
int	store_org_counts(struct store *st, int64_t org_id,
	    struct org_counts *ret, struct cb_error *err);

/* Moves every member (not deleted) of organisation from_id to to_id and
 * returns how many in *ret_n.  Used by merges and splits. */
int	store_org_move_members(struct store *st, int64_t from_id,
	    int64_t to_id, int64_t *ret_n, struct cb_error *err);

/* Appends to the organisation's history; sets e->id and e->recorded_at. */
int	store_org_event_add(struct store *st, struct org_event *e,
	    struct cb_error *err);
/* History of one organisation, oldest first. */
int	store_org_events(struct store *st, int64_t org_id,
	    struct org_event_list *ret, struct cb_error *err);

/* ------------------------------------------------------------ members */

/*
 * Inserts m and sets m->id, version (1), created_at, updated_at.  The store
 * derives the search keys and the Vietnamese sort key from full_name.
 * Duplicate citizen_id or card_no among records not deleted: -CB_ECONFLICT
 * with that field named.
 */
int	store_member_insert(struct store *st, struct member *m,
	    struct cb_error *err);
/* A member not deleted; -CB_ENOTFOUND otherwise.  *ret is released first. */
int	store_member_get(struct store *st, int64_t id, struct member *ret,
	    struct cb_error *err);
/* Finds a member not deleted by field "citizen_id" or "card_no"; *ret_id
 * is 0 when there is none (that is not an error). */
int	store_member_find(struct store *st, const char *field,
	    const char *value, int64_t *ret_id, struct cb_error *err);
/* Writes every field of m if the stored version equals expected_version
 * (0: no check), else -CB_EPRECOND.  m->version and updated_at bumped. */
int	store_member_update(struct store *st, struct member *m,
	    int64_t expected_version, struct cb_error *err);
/* Marks deleted (the row and its history are kept); same version rule. */
int	store_member_delete(struct store *st, int64_t id,
	    int64_t expected_version, struct cb_error *err);

enum member_sort { MSORT_NAME = 0, MSORT_NAME_DESC, MSORT_BIRTH_DATE,
	MSORT_ADMITTED_ON, MSORT_ID, MSORT__MAX };
/* "name", "-name", "birth_date", "admitted_on", "id". */
const char *member_sort_name(enum member_sort s);
/* -1 if unknown. */
int	member_sort_parse(const char *s);

#define MEMBER_STATE_ANY (-1)

struct member_query {
	const char		*q;		/* see store_member_list */
	int64_t			 org_id;	/* whole subtree; 0: all */
	enum member_status	 status;	/* MSTATUS_NONE: any */
	int			 state;		/* MEMBER_STATE_ANY or enum member_state */
	enum member_sort	 sort;
	size_t			 limit;		/* 1..1000 */
	const char		*cursor;	/* opaque, from a previous page; NULL */
};
struct member_page {
	struct member		*items;
	size_t			 n;
	char			*next_cursor;	/* malloc'd, NULL on the last page */
};
void	member_page_release(struct member_page *p);
/*
 * One page of members matching q, in q's order (MSORT_NAME: Vietnamese
 * order, given name first; ties broken by id).  q->q, when set, is folded
 * (tone marks, case and đ/d ignored; NFC or NFD) and matches members whose
 * full name, or given name followed by family and middle names, starts
 * with it; or whose citizen ID or card number equals it.  A cursor that
 * was not made by this function for the same sort gives -CB_EINVAL, field
 * "cursor".
 */
int	store_member_list(struct store *st, const struct member_query *q,
	    struct member_page *ret, struct cb_error *err);
/* Every member matching q (cursor and limit ignored), in q's order, through
 * a callback (for exports); a non-zero return stops and is returned. */
int	store_member_each(struct store *st, const struct member_query *q,
	    int (*fn)(const struct member *m, void *arg), void *arg,
	    struct cb_error *err);

/* Appends to the member's history; sets e->id and e->recorded_at. */
int	store_member_event_add(struct store *st, struct member_event *e,
	    struct cb_error *err);
/* History of one member (deleted or not), oldest first (by date, then id). */
int	store_member_events(struct store *st, int64_t member_id,
	    struct member_event_list *ret, struct cb_error *err);

/* ------------------------------------------------------ rule overrides */

/* Records a committee override; sets o->id, o->recorded_at. */
int	store_rule_override_add(struct store *st, struct rule_override *o,
	    struct cb_error *err);
/* All overrides, with org_path filled from the organisation's current
 * path, appended to rb->overrides. */
int	store_rule_overrides_load(struct store *st, struct rulebook *rb,
	    struct cb_error *err);

/* --------------------------------------------------------------- pool */

struct store_pool;
/* Opens n connections (n >= 1). */
int	store_pool_open(const char *dburl, int n, struct store_pool **ret,
	    struct cb_error *err);
/* Blocks until a connection is free.  Never NULL. */
struct store *store_pool_acquire(struct store_pool *p);
void	store_pool_release(struct store_pool *p, struct store *st);
/* NULL is fine. */
void	store_pool_close(struct store_pool *p);

#endif
