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

#include "core/audit.h"
#include "core/auth.h"
#include "core/evaluation.h"
#include "core/inspection-rules.h"
#include "core/inspection.h"
#include "core/meeting-rules.h"
#include "core/model.h"
#include "core/resolution.h"
#include "core/rulebook.h"
#include "core/stats.h"
#include "util/err.h"

struct store;

/* Opens dburl: a SQLite file path (created if missing; its directory must
 * exist) or a PostgreSQL URL.  Does not migrate. */
int store_open(const char *dburl, struct store **ret, struct cb_error *err);
/* NULL is fine. */
void store_close(struct store *st);
/* "sqlite" or "postgresql". */
const char *store_backend_name(const struct store *st);
/* True if dburl names a PostgreSQL database. */
bool store_url_is_pg(const char *dburl);

/* Applies every pending migration, each in its own transaction.  Returns 0
 * and the schema version in *ret_version (may be NULL). */
int store_migrate(struct store *st, int *ret_version, struct cb_error *err);
/* Current schema version (0: empty database). */
int store_schema_version(struct store *st, int *ret, struct cb_error *err);
/* The latest schema version this binary has for st's backend: the number
 * of its last migration file. */
int store_migrations_available(const struct store *st);

int store_begin(struct store *st, struct cb_error *err);
int store_commit(struct store *st, struct cb_error *err);
/* Rolls back the innermost level; best effort, never fails. */
void store_rollback(struct store *st);
/* Current nesting depth (0: no transaction). */
int store_depth(const struct store *st);
/*
 * Takes the writers' lock now, inside a transaction, and holds it to its
 * end: the same lock every write of members and organisations takes
 * first (the figures' clock, store-stats.c), so no deadlock.  A
 * read-modify-write (svc's patches and events) calls it before its read,
 * so that no other writer changes the row between the read and the write:
 * a write without If-Match is then never refused as stale (PostgreSQL
 * runs transactions concurrently; SQLite's BEGIN IMMEDIATE already
 * serialises writers).
 */
int store_write_lock(struct store *st, struct cb_error *err);

/* Small key/value metadata (e.g. "demo_seed").  *ret is malloc'd, or NULL
 * when the key is absent. */
int store_meta_get(struct store *st, const char *key, char **ret,
    struct cb_error *err);
int store_meta_set(struct store *st, const char *key, const char *value,
    struct cb_error *err);
/* Sets key to value unless it has a value already (the first writer
 * wins: read it back). */
int store_meta_add(struct store *st, const char *key, const char *value,
    struct cb_error *err);

/* --------------------------------------------------------------- orgs */

/*
 * Inserts o: sets o->id, path, depth, version (1).  o->parent_id 0 makes a
 * root; otherwise the parent must exist (-CB_ENOTFOUND, field "parent_id").
 * Duplicate code: -CB_ECONFLICT, field "code".
 */
int store_org_insert(struct store *st, struct org *o, struct cb_error *err);
/* Fills *ret (initialised by the caller with org_init; released first). */
int store_org_get(struct store *st, int64_t id, struct org *ret,
    struct cb_error *err);
int store_org_get_by_code(struct store *st, const char *code, struct org *ret,
    struct cb_error *err);
/*
 * Writes o's kind, name, code, parent_id, valid_from and valid_to if the
 * stored version equals expected_version (0: no check; else -CB_EPRECOND).
 * A changed parent moves the whole subtree (paths and depths rewritten);
 * moving an organisation under itself or a descendant is -CB_EINVAL, field
 * "parent_id".  On success o->version, path and depth are updated.
 */
int store_org_update(struct store *st, struct org *o, int64_t expected_version,
    struct cb_error *err);

/* The longest cursor a list reads (store/cursor.h); longer ones are
 * refused unread.  The member list's can reach several kilobytes. */
#define STORE_CURSOR_MAX 65536

struct org_query {
	int64_t root_id;   /* subtree of this org (itself included); 0: all */
	int64_t parent_id; /* only direct children of this; 0: any */
	bool roots_only;   /* only organisations without a parent */
	const char *q; /* folded substring of the name or code; NULL: all */
	bool include_closed; /* also orgs whose valid_to is set */
	const char *cursor;  /* opaque, store_org_page's next_cursor: the
			      * organisations after that page; NULL: from the
			      * first */
	size_t limit;        /* 0: no limit */
};
/*
 * Orgs in tree order (by path), matching q.  A cursor that was not made
 * by store_org_page (an empty one included) gives -CB_EINVAL
 * "invalid_query", field "cursor" "invalid_cursor".
 */
int store_org_list(struct store *st, const struct org_query *q,
    struct org_list *ret, struct cb_error *err);
/* One page of store_org_list (q->limit of them) and the cursor of the
 * next one. */
struct org_page {
	struct org_list list;
	char *next_cursor; /* malloc'd, NULL on the last page */
};
void org_page_release(struct org_page *p);
int store_org_page(struct store *st, const struct org_query *q,
    struct org_page *ret, struct cb_error *err);

/* Members on the rolls (state active, not deleted) of one organisation;
 * from its figures (one row, see below) once they are built. */
struct org_counts {
	int64_t direct;  /* directly in this organisation */
	int64_t subtree; /* in it and every organisation below */
	int64_t subtree_official;
	int64_t subtree_probationary;
	int64_t children;    /* direct child organisations, open ones */
	int64_t descendants; /* open organisations below, all depths */
};
int store_org_counts(struct store *st, int64_t org_id, struct org_counts *ret,
    struct cb_error *err);

/* Moves every member (not deleted) of organisation from_id to to_id and
 * returns how many in *ret_n.  Used by merges and splits. */
int store_org_move_members(struct store *st, int64_t from_id, int64_t to_id,
    int64_t *ret_n, struct cb_error *err);

/* ------------------------------------------------------------ figures */

/*
 * Organisation figures (core/stats.h): the counters of every subtree,
 * kept by the writes of members and organisations in this file (inserts,
 * updates, deletes, moves of members and of subtrees, closing and
 * reopening) in the same transaction as the write, so that no caller can
 * forget them; reading them costs one row per organisation, whatever
 * lies below it.  The age bands are as of a date kept with the figures
 * (their clock); a reader first brings them to its own date
 * (store_stats_prepare), which moves only the members whose birthday
 * crossed a band edge in between.
 *
 * Writes take the clock's lock before the rows they count, so that they
 * cannot interleave with a rebuild or a move of the clock; callers that
 * append to the audit trail in the same transaction do it after (lock
 * order: clock, rows, audit head).
 */

/*
 * Makes the figures as of date on (ISO) with age band edges b: builds
 * them (as store_stats_rebuild) if they were never built or were made
 * with other edges, else moves the age bands from their date to on, back
 * or forth (one range of birth dates per edge).  Costs one read when
 * they are already as of on.  In its own transaction, or inside the
 * caller's.  System principals only (-CB_EPERM).
 */
int store_stats_prepare(struct store *st, const char *on,
    const struct stats_bands *b, struct cb_error *err);
/*
 * Recomputes every figure from the organisation and member tables in a
 * few set-based statements: each organisation's own members grouped by
 * organisation, then added to the parents one depth at a time, from the
 * deepest.  As of the date and with the edges they were made with (never
 * built: today, UTC, and no edges until store_stats_prepare gives them).
 * In its own transaction, or inside the caller's (a bulk load's).
 * System principals only (-CB_EPERM).
 */
int store_stats_rebuild(struct store *st, struct cb_error *err);
/* The date the figures are as of ("" if never built) and their edges. */
int store_stats_clock(struct store *st, char as_of[DATE_LEN],
    struct stats_bands *ret, struct cb_error *err);
/*
 * The figures of organisation org_id's subtree into *ret (initialised by
 * the caller; released first), ethnic groups most members first.  The
 * principal needs ACT_ORG_READ on the organisation: the organisation of
 * a principal's own record alone gives -CB_EPERM, one outside its scope
 * -CB_ENOTFOUND.  Never built: -CB_EINVAL "stats_not_built".
 */
int store_org_stats(struct store *st, int64_t org_id, struct org_stats *ret,
    struct cb_error *err);

/* Appends to the organisation's history; sets e->id and e->recorded_at. */
int store_org_event_add(struct store *st, struct org_event *e,
    struct cb_error *err);
/* History of one organisation, oldest first. */
int store_org_events(struct store *st, int64_t org_id,
    struct org_event_list *ret, struct cb_error *err);

/* ------------------------------------------------------------ members */

/*
 * Inserts m and sets m->id, version (1), created_at, updated_at.  The store
 * derives the search keys and the Vietnamese sort key from full_name.
 * Duplicate citizen_id or card_no among records not deleted: -CB_ECONFLICT
 * with that field named.
 */
int
store_member_insert(struct store *st, struct member *m, struct cb_error *err);
/* A member not deleted; -CB_ENOTFOUND otherwise.  *ret is released first. */
int store_member_get(struct store *st, int64_t id, struct member *ret,
    struct cb_error *err);
/* The same, with its organisation's path in *ret_path (malloc'd; NULL if
 * it has none), read with it. */
int store_member_get_path(struct store *st, int64_t id, struct member *ret,
    char **ret_path, struct cb_error *err);
/* Finds a member not deleted by field "citizen_id" or "card_no"; *ret_id
 * is 0 when there is none (that is not an error). */
int store_member_find(struct store *st, const char *field, const char *value,
    int64_t *ret_id, struct cb_error *err);
/* Writes every field of m if the stored version equals expected_version
 * (0: no check), else -CB_EPRECOND.  m->version and updated_at bumped. */
int store_member_update(struct store *st, struct member *m,
    int64_t expected_version, struct cb_error *err);
/* Writes m's phone and email only (the rest of m is not read): the
 * correction a grant with the option "contacts" allows
 * (ACT_MEMBER_CONTACTS).  Sets m->version and updated_at. */
int store_member_update_contacts(struct store *st, struct member *m,
    int64_t expected_version, struct cb_error *err);
/* Marks deleted (the row and its history are kept); same version rule. */
int store_member_delete(struct store *st, int64_t id, int64_t expected_version,
    struct cb_error *err);

enum member_sort {
	MSORT_NAME = 0,
	MSORT_NAME_DESC,
	MSORT_BIRTH_DATE,
	MSORT_ADMITTED_ON,
	MSORT_ID,
	MSORT__MAX
};
/* "name", "-name", "birth_date", "admitted_on", "id". */
const char *member_sort_name(enum member_sort s);
/* -1 if unknown. */
int member_sort_parse(const char *s);

#define MEMBER_STATE_ANY (-1)

struct member_query {
	const char *q;             /* see store_member_list */
	int64_t org_id;            /* whole subtree; 0: all */
	enum member_status status; /* MSTATUS_NONE: any */
	int state;                 /* MEMBER_STATE_ANY or enum member_state */
	const char *ethnicity;     /* exactly this (NFC); NULL: any */
	const char *admitted_from; /* ISO, inclusive; NULL: open */
	const char *admitted_to;   /* ISO, inclusive; NULL: open */
	const char *born_after;    /* ISO, exclusive; NULL: open */
	const char *born_until;    /* ISO, inclusive; NULL: open */
	bool birth_unknown;        /* only those without a birth date */
	enum member_sort sort;
	size_t limit;       /* 1..1000 */
	const char *cursor; /* opaque, from a previous page; NULL */
	bool no_total;      /* no count wanted (a lookup): total 0 */
};
struct member_page {
	struct member *items;
	size_t n;
	char *next_cursor; /* malloc'd, NULL on the last page */
	int64_t total;     /* members matching, counted up to the bound */
	bool total_exact;  /* false: total is the bound, there are more */
};
void member_page_release(struct member_page *p);
/*
 * One page of members matching q, in q's order (MSORT_NAME: Vietnamese
 * order, given name first; ties broken by id), and how many match in all
 * (page->total, exact up to the store's count bound, see
 * store_set_count_bound).  q->q, when set, is folded (tone marks, case
 * and đ/d ignored; NFC or NFD) and split into words; it matches members
 * whose name has, for each query word, a different word starting with it,
 * in any order.  In name order the matches are ranked: first those whose
 * full name starts with q, then those whose given-name-first form does,
 * then the others, each in Vietnamese order.  A query of only digits, at
 * least 4, matches instead citizen IDs, card and dossier numbers by
 * prefix, for principals that may see those numbers in the whole range
 * listed (for others, nothing: no row, a total of 0).  A cursor that was
 * not made by this function for the same sort (and search or not) gives
 * -CB_EINVAL, field "cursor".
 */
int store_member_list(struct store *st, const struct member_query *q,
    struct member_page *ret, struct cb_error *err);
/* How many members q matches (its cursor, limit and no_total ignored),
 * counted as store_member_list counts a first page's total: what a list
 * asked with no_total answers apart, after its page. */
int store_member_count(struct store *st, const struct member_query *q,
    int64_t *total, bool *total_exact, struct cb_error *err);
/* Every member matching q (cursor and limit ignored), in q's order, through
 * a callback (for exports); a non-zero return stops and is returned. */
int store_member_each(struct store *st, const struct member_query *q,
    int (*fn)(const struct member *m, void *arg), void *arg,
    struct cb_error *err);

/* Appends to the member's history; sets e->id and e->recorded_at. */
int store_member_event_add(struct store *st, struct member_event *e,
    struct cb_error *err);
/* History of one member (deleted or not), oldest first (by date, then id). */
int store_member_events(struct store *st, int64_t member_id,
    struct member_event_list *ret, struct cb_error *err);

/* ------------------------------------------------------------ meetings */

/*
 * Meetings (store-meeting.c).  Every function checks the row's scope: a
 * meeting is seen where the principal may ACT_MEETING_READ its
 * organisation (elsewhere it is not found), changed where it may
 * ACT_MEETING_WRITE (-CB_EPERM "forbidden" where it only sees it).  The
 * caller validates the record first (core/meeting.h); the store checks
 * what needs rows: the organisation exists and is in scope, the chair and
 * the secretary are members on the rolls of the meeting's organisation
 * (field error not_a_member_of_org; both reported).
 */
/* Sets m->id, version 1, created_at and updated_at. */
int store_meeting_insert(struct store *st, struct meeting *m,
    struct cb_error *err);
/* -CB_ENOTFOUND "meeting_not_found" when absent or out of scope; *ret is
 * released first.  ret_path (may be NULL): the path of its organisation
 * (malloc'd). */
int store_meeting_get(struct store *st, int64_t id, struct meeting *ret,
    char **ret_path, struct cb_error *err);
/* Writes every data field of m if the stored version equals
 * expected_version (0: no check), else -CB_EPRECOND; bumps m->version
 * and updated_at.  Moving it to another organisation needs the right on
 * both. */
int store_meeting_update(struct store *st, struct meeting *m,
    int64_t expected_version, struct cb_error *err);

struct meeting_query {
	int64_t org_id;         /* subtree of this organisation (required) */
	const char *from;       /* UTC instant, inclusive; NULL: open */
	const char *before;     /* UTC instant, exclusive; NULL: open */
	enum meeting_kind kind; /* MEETING_KIND_NONE: any */
	enum meeting_status status; /* MEETING_STATUS_NONE: any */
	size_t limit;               /* 1..1000 */
	const char *cursor; /* opaque, a previous page's; NULL: first */
};
struct meeting_page {
	struct meeting_list list;
	char *next_cursor; /* malloc'd, NULL on the last page */
};
void meeting_page_release(struct meeting_page *p);
/* One page of the meetings of q's subtree, by start then id (keyset
 * paging).  The principal needs ACT_MEETING_READ on q->org_id.  A cursor
 * not made here gives -CB_EINVAL naming "cursor". */
int store_meeting_list(struct store *st, const struct meeting_query *q,
    struct meeting_page *ret, struct cb_error *err);
/* A member's meetings from from (UTC instant) on, at most limit, by start
 * then id: those of its organisation org_id and those whose roll it is
 * on (another cell's it is transferred in to).  The principal needs
 * ACT_MEETING_READ on org_id (the caller has read the member). */
int store_meeting_list_member(struct store *st, int64_t member_id,
    int64_t org_id, const char *from, size_t limit, struct meeting_list *ret,
    struct cb_error *err);

/* Records (or replaces) a member's attendance at a meeting; the member
 * must be on the meeting's roll (below).  Sets
 * recorded_at. */
int store_meeting_attendance_set(struct store *st,
    struct meeting_attendance *a, struct cb_error *err);
struct meeting_attendance_list {
	struct meeting_attendance *items;
	size_t n;
};
void meeting_attendance_list_release(struct meeting_attendance_list *l);
/* The attendance recorded at a meeting, by member id. */
int store_meeting_attendance(struct store *st, int64_t meeting_id,
    struct meeting_attendance_list *ret, struct cb_error *err);
/*
 * The roll (migration 0019): store_meeting_insert puts on it the members
 * of the meeting's organisation on the meeting's date (its date in
 * Asia/Ho_Chi_Minh), each with its place (enum meeting_roll) and no
 * attendance; store_meeting_update of a planned meeting moved to another
 * organisation or date takes off those whose attendance is not recorded
 * and puts on the members of the new organisation and date.  "On the
 * date" as the records allow: admitted on or before it (no admission
 * date: admitted), official if made official on or before it, exempted
 * if exempt_since is on or before it; chibo keeps a member's present
 * organisation and state only, so a member moved or transferred out
 * since is on the roll of its present organisation (transferred out:
 * shown apart).  store_meeting_attendance_set records the attendance of
 * a member on the roll only (field member_id "not_on_roll" otherwise).
 *
 * store_meeting_roll_add puts an active member on the roll on request (a
 * member who joined the cell after the date; a member of another
 * organisation, temporarily transferred in: ROLL_TRANSFERRED_IN) and
 * sets *ret_roll (may be NULL) to its place: -CB_ECONFLICT
 * "already_on_roll", -CB_ENOTFOUND "member_not_found".
 * store_meeting_roll_counts counts the roll in one statement.
 */
int store_meeting_roll_add(struct store *st, int64_t meeting_id,
    int64_t member_id, enum meeting_roll *ret_roll, struct cb_error *err);
int store_meeting_roll_counts(struct store *st, int64_t meeting_id,
    struct meeting_roll_counts *ret, struct cb_error *err);

/*
 * A meeting's materials (store-material.c, migration 0020): files whose
 * bytes are kept in the database (so a backup holds them).  The caller
 * has judged the file (its type by content, its size, its hash); the
 * store checks the meeting's scope: read where the meeting is seen,
 * written (added, deleted) with ACT_MEETING_WRITE on it.  Times are UTC
 * "YYYY-MM-DDTHH:MM:SSZ".
 */
struct meeting_material {
	int64_t id;
	int64_t meeting_id;
	char *name;         /* the file's name as given (cleaned) */
	char *content_type; /* found from the content */
	int64_t size;
	char *sha256; /* hex */
	char *available_at;
	char *recorded_by;
	char *created_at;
	unsigned char *data; /* store_material_get only, else NULL */
};
void meeting_material_release(struct meeting_material *m);
struct meeting_material_list {
	struct meeting_material *items;
	size_t n;
};
void meeting_material_list_release(struct meeting_material_list *l);
/* Adds m (m->data, m->size bytes) to its meeting; sets id and
 * created_at.  -CB_ENOTFOUND "meeting_not_found", -CB_EPERM. */
int store_material_insert(struct store *st, struct meeting_material *m,
    struct cb_error *err);
/* The materials of a meeting, without their bytes. */
int store_material_list(struct store *st, int64_t meeting_id,
    struct meeting_material_list *ret, struct cb_error *err);
/* One material with its bytes: -CB_ENOTFOUND "material_not_found" when
 * the meeting has none of that id. */
int store_material_get(struct store *st, int64_t meeting_id, int64_t id,
    struct meeting_material *ret, struct cb_error *err);
/* Deletes a material; *ret (may be NULL) gets what it was, without its
 * bytes. */
int store_material_delete(struct store *st, int64_t meeting_id, int64_t id,
    struct meeting_material *ret, struct cb_error *err);

/* The server's secret called name (n bytes, n <= 64): made at random and
 * kept the first time it is asked for (the first writer wins), the same
 * ever after.  Never shown. */
int store_secret(struct store *st, const char *name, unsigned char *out,
    size_t n, struct cb_error *err);

/* The member on the rolls of organisation org_id of id id (0: not by
 * id), with card number card (NULL: not by card), or named name_fold
 * (folded, text_fold) and born on birth_date (NULL: not by name):
 * *ret_id, or 0 when none, -1 when several match. */
int store_meeting_member_find(struct store *st, int64_t org_id, int64_t id,
    const char *card, const char *name_fold, const char *birth_date,
    int64_t *ret_id, struct cb_error *err);

/*
 * A meeting's resolution, its tasks and its self-score
 * (store-resolution.c, migration 0022).  The meeting's organisation is
 * the scope: read where the principal may read the meeting, written where
 * it may ACT_MEETING_WRITE there.  Absent or out of scope:
 * -CB_ENOTFOUND "meeting_not_found" / "resolution_not_found" /
 * "task_not_found".  The caller validates first (core/resolution.h).
 */
/* The resolution of meeting_id with its sections I and III and, when
 * recorded, the meeting's score (section IV). */
int store_resolution_get(struct store *st, int64_t meeting_id,
    struct meeting_resolution *ret, struct cb_error *err);
/*
 * Writes r's texts and vote line (r->meeting_id; org_id, year and
 * recorded_by set by the caller): the first write makes the draft and
 * fills section I with the organisation's tasks still open from earlier
 * meetings.  An approved resolution is -CB_ECONFLICT
 * "resolution_approved"; a stale expected_version (0: any) -CB_EPRECOND.
 * *ret_created says whether the draft was made.
 */
int store_resolution_put(struct store *st, struct meeting_resolution *r,
    int64_t expected_version, bool *ret_created, struct cb_error *err);
/*
 * Approves the draft of meeting_id: the next number of its
 * organisation's series of its year, given in this transaction (no two
 * alike, no gap: call it inside a transaction, whose rollback on a failed
 * approval gives its number back), approved_at
 * now, approved_by.  Approved already: -CB_ECONFLICT
 * "resolution_approved".
 */
int store_resolution_approve(struct store *st, int64_t meeting_id,
    int64_t expected_version, const char *approved_by, struct cb_error *err);
/* The same, approved_at given (UTC "YYYY-MM-DDTHH:MM:SSZ"; NULL: now):
 * the demo's past meetings (svc/demo-meetings.c). */
int store_resolution_approve_at(struct store *st, int64_t meeting_id,
    int64_t expected_version, const char *approved_by, const char *at,
    struct cb_error *err);

/* Adds a task given by meeting t->meeting_id (t->org_id set from it; an
 * assignee must be a member on its rolls: field "assignee_id"). */
int store_task_insert(struct store *st, struct meeting_task *t,
    struct cb_error *err);
/* A task; *ret_path (may be NULL) its organisation's path, malloc'd. */
int store_task_get(struct store *st, int64_t id, struct meeting_task *ret,
    char **ret_path, struct cb_error *err);
/* Writes t's status and result (done_at kept from the first time done). */
int store_task_update(struct store *st, struct meeting_task *t,
    int64_t expected_version, struct cb_error *err);
/* The tasks given by a meeting. */
int store_task_list_meeting(struct store *st, int64_t meeting_id,
    struct meeting_task_list *ret, struct cb_error *err);
/* An organisation's tasks (not its subtree's) of status (-1: any). */
int store_task_list_org(struct store *st, int64_t org_id, int status,
    size_t limit, struct meeting_task_list *ret, struct cb_error *err);
/* A member's tasks of status (-1: any): the member itself, or whoever
 * may read the meetings of its organisation. */
int store_task_list_member(struct store *st, int64_t member_id, int status,
    size_t limit, struct meeting_task_list *ret, struct cb_error *err);

/* Records (or replaces) the score of s->meeting_id; sets s->version. */
int store_score_set(struct store *st, struct meeting_score *s,
    struct cb_error *err);
/* The score of a meeting; -CB_ENOTFOUND "score_not_found" when none. */
int store_score_get(struct store *st, int64_t meeting_id,
    struct meeting_score *ret, struct cb_error *err);

/*
 * A meeting's votes, minutes and corrections (store-meeting-minutes.c,
 * migration 0021).  Each checks that the meeting is seen
 * (meeting_not_found); the writes but the sign-off also that it is
 * writable (ACT_MEETING_WRITE on its organisation).  The caller judges
 * first (svc: vote_judge, the minutes' states).
 */
/* Inserts a vote with its verdict; sets v->id and created_at. */
int store_meeting_vote_insert(struct store *st, struct meeting_vote *v,
    struct cb_error *err);
/* A meeting's votes in the order taken. */
int store_meeting_votes(struct store *st, int64_t meeting_id,
    struct meeting_vote_list *ret, struct cb_error *err);
/* The minutes; none stored yet: an empty draft of version 0. */
int store_minutes_get(struct store *st, int64_t meeting_id,
    struct meeting_minutes *ret, struct cb_error *err);
/* Stores every field of m: inserts when expected_version is 0, else
 * updates if the stored version is expected_version (else
 * precondition_failed).  Sets m->version and updated_at. */
int store_minutes_put(struct store *st, struct meeting_minutes *m,
    int64_t expected_version, struct cb_error *err);
/* Stores m's state and sign-off fields alone (state .. locked_by), if
 * the stored version is expected_version. */
int store_minutes_sign(struct store *st, struct meeting_minutes *m,
    int64_t expected_version, struct cb_error *err);
/* Records a correction of (locked) minutes; sets c->id, recorded_at. */
int store_minutes_correction_add(struct store *st,
    struct minutes_correction *c, struct cb_error *err);
/* A meeting's corrections in the order made. */
int store_minutes_corrections(struct store *st, int64_t meeting_id,
    struct minutes_correction_list *ret, struct cb_error *err);
/* -------------------------------- the meetings check, kept (issue 13) */

/*
 * The kept check (store-meeting-check.c, migration 0023; docs/
 * architecture.md "Kept findings"): per organisation and year, its
 * findings (meeting_finding), its months' figures (meeting_month), what
 * they were computed for (meeting_check) and, kept up the chain of the
 * organisation's path, its subtree's findings by code
 * (meeting_finding_count).  svc computes (core/meeting-rules.c) and
 * writes them as the system; the reads need ACT_ORG_READ.
 */

/* The facts of organisation org_id's meetings starting in [from, before)
 * (UTC instants "YYYY-MM-DDTHH:MM:SSZ"): each meeting (expected: the
 * attendance rows recorded, present: present or late), and the
 * attendance at its held meetings.  *ret arrays malloc'd. */
int store_meeting_check_facts(struct store *st, int64_t org_id,
    const char *from, const char *before, struct meeting_fact **ret_m,
    size_t *ret_nm, struct member_attendance_fact **ret_a, size_t *ret_na,
    struct cb_error *err);

struct mchk_month {
	int month;        /* 1..12 */
	int64_t held[5];  /* regular, thematic, combined, extraordinary,
			     committee: meetings held */
	int64_t minutes;  /* meetings with minutes (hook: 0 until kept) */
	int64_t expected; /* members expected at its held meetings */
	int64_t present;  /* present or late */
};

struct mchk_keep {
	int64_t org_id;
	int year;
	const char *org_path;
	int64_t months;      /* bit m-1: month m judged */
	const char *stamp;   /* the rules' stamp */
	const char *through; /* ISO date the months were judged through */
	const struct meeting_finding *findings;
	const int *finding_month; /* per finding: month (0: the year) */
	size_t nfindings;
	const struct mchk_month *mon;
	size_t nmon;
};

/* Replaces the kept rows of k->org_id and year, and moves its findings'
 * counts from the chain of the path they were kept under to k->org_path's
 * (the same chain: only the difference).  In the caller's transaction. */
int store_meeting_check_keep(struct store *st, const struct mchk_keep *k,
    struct cb_error *err);

/* Up to max ids of the organisations of path's subtree whose kept rows
 * of year are stale (not computed through `through` with stamp, or under
 * another path; a judged organisation without any). */
int store_meeting_check_stale(struct store *st, const char *path, int year,
    const char *through, const char *stamp, size_t max, int64_t **ret,
    size_t *ret_n, struct cb_error *err);

struct mchk_count {
	char code[40];
	int64_t n;
};
/* The findings by code of org_id's subtree in year (at most max codes). */
int store_meeting_check_counts(struct store *st, int64_t org_id, int year,
    struct mchk_count *ret, size_t max, size_t *ret_n, struct cb_error *err);

struct mchk_finding {
	int64_t org_id, member_id, meeting_id, seq;
	int month;
	char *org_name, *member_name, *code, *period, *rule_id, *citation;
};
struct mchk_page {
	struct mchk_finding *items;
	size_t n;
	char *next_cursor; /* NULL: the last page */
};
void mchk_page_release(struct mchk_page *p);
/* The findings of year in path's subtree (code NULL: any), by the
 * organisation's path, then as the rules gave them; limit 1..1000. */
int store_meeting_check_findings(struct store *st, const char *path, int year,
    const char *code, const char *cursor, size_t limit, struct mchk_page *ret,
    struct cb_error *err);

struct mchk_cell {
	int64_t org_id;
	char *name;
	struct mchk_month mon[12]; /* mon[m - 1]: month m */
	char *codes[13];           /* codes[m]: "a,b" of month m; [0] year */
};
struct mchk_heat {
	struct mchk_cell *cells;
	size_t n;
};
void mchk_heat_release(struct mchk_heat *h);
/* The judged organisations of path's subtree in year, by path, with
 * their kept months and findings' codes. */
int store_meeting_check_heat(struct store *st, const char *path, int year,
    struct mchk_heat *ret, struct cb_error *err);

/* ------------------------------- the dashboard's kept figures (issue 15) */

/*
 * The dashboard's figures (store-dashboard.c, migrations 0029 and 0030;
 * docs/performance.md "The dashboard"): per organisation and year, one
 * row of figures, each the figure of its whole subtree, kept up the
 * chain of the path by the writes that change it, in their
 * transaction, so that a nation's dashboard reads what a cell's does.
 * The figures (enum dash_fig, the columns of dashboard_kept; their
 * names, for the check's messages, in dash_fig_names): members
 * evaluated in the year's period by decided level ("m.<level>") or not
 * decided ("m.pending"), cells the same ("c.<level>", "c.pending"), the
 * kept meetings check's "mt.required", "mt.held", "mt.expected",
 * "mt.present" (and "own.mt.*": the organisation's own, on its row
 * only), discipline cases decided by form ("d.<form>").  Everything
 * here runs as the system: svc checks dashboard.read first.
 */
/* An evaluation's state for the figures: none (no evaluation, or not of
 * a year period), pending (no decided level) or its decided level. */
#define DASH_NONE (-1)
#define DASH_PENDING EVAL_LEVEL__MAX
enum dash_fig {
	DFIG_M = 0, /* + an eval_level or DASH_PENDING: members */
	DFIG_C = DFIG_M + EVAL_LEVEL__MAX + 1,  /* cells, the same */
	DFIG_MT = DFIG_C + EVAL_LEVEL__MAX + 1, /* + DMT_*: meetings */
	DFIG_OWN_MT = DFIG_MT + 4, /* + DMT_*: the organisation's own */
	DFIG_D = DFIG_OWN_MT + 4,  /* + a discipline_form: cases decided */
	DFIG__MAX = DFIG_D + 5
};
enum { DMT_REQUIRED = 0, DMT_HELD, DMT_EXPECTED, DMT_PRESENT };
/* The figures' names ("m.htxs", "own.mt.held", "d.canh_cao"). */
extern const char *const dash_fig_names[DFIG__MAX];
/* The figure of an evaluation's state (DASH_PENDING or a decided
 * level): DFIG_M + the state, DFIG_C + it for a cell; -1 none. */
int dash_state_figure(bool cell, int state);

struct dash_eval_change {
	const char *path;  /* the counted organisation's path: a member's
			   * organisation, or the cell evaluated */
	int year;          /* the year period's year */
	bool cell;         /* an organisation's evaluation (a cell); false:
			   * a member's */
	int before, after; /* DASH_NONE, DASH_PENDING or an eval_level */
};
/* Moves one count from before's figure to after's on every organisation
 * of c->path's chain (nothing when they are equal): one upsert per
 * organisation.  In the caller's transaction. */
int store_dashboard_evaluation_changed(struct store *st,
    const struct dash_eval_change *c, struct cb_error *err);

/* One organisation's figures of one year. */
struct dash_year {
	int year;
	int64_t v[DFIG__MAX];
};
struct dash_figures {
	struct dash_year *items; /* by year, the years with a row */
	size_t n;
};
void dash_figures_release(struct dash_figures *f);
/* The figures of year in f (NULL: none, all zero). */
const int64_t *dash_figures_of(const struct dash_figures *f, int year);
/* Organisation org_id's figures of years from..to. */
int store_dashboard_get(struct store *st, int64_t org_id, int from, int to,
    struct dash_figures *ret, struct cb_error *err);

struct dash_child {
	int64_t id;
	char *name, *code, *path;
	enum org_kind kind;
	int64_t v[DFIG__MAX]; /* of the year (none: zeros) */
};
struct dash_children {
	struct dash_child *items;
	size_t n;
};
void dash_children_release(struct dash_children *c);
/* The direct subordinates of org_id open in year, by path, with their
 * figures of the year. */
int store_dashboard_children(struct store *st, int64_t org_id, int year,
    struct dash_children *ret, struct cb_error *err);

/* An organisation moved from old_path to new_path (its own paths), in
 * the move's transaction: its subtree's evaluation and discipline
 * figures of every year leave the organisations of the old chain that
 * are not on the new one and join those of the new chain (the meetings'
 * move at their next keep, with the kept meetings check's path). */
int store_dashboard_org_moved(struct store *st, int64_t org_id,
    const char *old_path, const char *new_path, struct cb_error *err);
/* Members move from the organisation at old_path to the one at new_path
 * (paths of organisations): member_id's (0: every member of organisation
 * from_id, before the move) discipline cases that count at the member's
 * organisation go along.  Call it before the members' rows change when
 * from_id is given. */
int store_dashboard_members_moved(struct store *st, int64_t member_id,
    int64_t from_id, const char *old_path, const char *new_path,
    struct cb_error *err);
/* Member id's organisation (id, path: freed by the caller), NULL if it
 * has none. */
int store_dashboard_member_org(struct store *st, int64_t member_id,
    int64_t *ret_id, char **ret_path, struct cb_error *err);

struct dash_src_list;
/* Adds delta (DFIG__MAX figures) to the figures of year on every
 * organisation of path's chain (a discipline case's "d.<form>"): one
 * upsert per organisation, none if delta is all zero. */
int store_dashboard_add(struct store *st, const char *path, int year,
    const int64_t *delta, struct cb_error *err);

/* The evaluations of year periods grouped for a recount: the counted
 * organisation (the subject's), the year, the subject, the state
 * (DASH_PENDING or the decided level), how many. */
struct dash_eval_src {
	char *path;
	enum org_kind kind;
	int year;
	enum eval_subject subject;
	int state;
	int64_t n;
};
struct dash_eval_src_list {
	struct dash_eval_src *items;
	size_t n;
};
void dash_eval_src_list_release(struct dash_eval_src_list *l);
int store_dashboard_eval_src(struct store *st, struct dash_eval_src_list *ret,
    struct cb_error *err);
/* Appends to ret the discipline cases decided and not annulled: "d.<form>"
 * of the decision's year at the subject's organisation (a member's
 * current one). */
int store_dashboard_disc_src(struct store *st, struct dash_src_list *ret,
    struct cb_error *err);

/* What the evaluations add (a rebuild, a recount): count n of figure in
 * year for the organisation at path (and so its chain). */
struct dash_src {
	char *path;
	int year;
	int fig; /* DFIG_*: dash_state_figure's, or DFIG_D + a form */
	int64_t n;
};
struct dash_src_list {
	struct dash_src *items;
	size_t n;
};
void dash_src_list_release(struct dash_src_list *l);
/*
 * Recounts every figure: the evaluations' from ev (svc read and judged
 * them), the meetings' from the kept meetings check.  rebuild: replaces
 * the kept rows with the recount (in the caller's transaction); else
 * compares them: *ret_diff the figures that differ (kept != recounted),
 * *ret_first (may be NULL; malloc'd) a description of the first one.
 * *ret_rows: the figures recounted (not zero).
 */
int store_dashboard_recount(struct store *st, const struct dash_src_list *ev,
    bool rebuild, size_t *ret_rows, size_t *ret_diff, char **ret_first,
    struct cb_error *err);

/* ------------------------------ the inspection coverage check (issue 14) */

/*
 * The facts of a committee's inspection coverage (store-inspection-check.c,
 * the tables of migrations 0025 and 0026): counted on read, one
 * committee's direct subordinate organisations at a time.  As the system:
 * svc has checked ACT_INSPECTION_READ on the committee.
 */
struct ichk_org {
	int64_t id;
	char *name, *path;
	char valid_from[DATE_LEN], valid_to[DATE_LEN]; /* "" open */
};
struct ichk_facts {
	bool has_term; /* the committee's term in force on the date judged */
	char *term_name;
	char term_from[DATE_LEN], term_to[DATE_LEN];
	struct ichk_org *orgs; /* direct subordinates, closed too, by path */
	size_t norgs;
	struct insp_fact *insps; /* of those, not cancelled, in the dates */
	size_t ninsps;
	struct insp_rec_fact *recs; /* open and due before the date judged,
				     * org_id the subordinate (the subject
				     * or the subject's organisation) */
	size_t nrecs;
};
void ichk_facts_release(struct ichk_facts *f);
/*
 * Reads the facts of committee org_id judged on `on`: its term in
 * force on `on`, its direct subordinate organisations, their inspections
 * and supervisions not cancelled decided or started in [since, on] (since
 * moved back to the term's start when that is earlier), and
 * the recommendations not done by `on` and due before it of inspections
 * (not cancelled) of a subordinate or of a member of one.
 */
int store_inspection_check_facts(struct store *st, int64_t org_id,
    const char *since, const char *on, struct ichk_facts *ret,
    struct cb_error *err);
/* The same without the recommendations (nrecs 0): what the targets
 * need alone (the dashboard's coverage figures). */
int store_inspection_coverage_facts(struct store *st, int64_t org_id,
    const char *since, const char *on, struct ichk_facts *ret,
    struct cb_error *err);
/* -------------------------------- inspections and supervisions (14) */

/*
 * Inspections and supervisions, their recommendations and attachments
 * (store-inspection.c, migration 0026).  A record is seen where the
 * principal may ACT_INSPECTION_READ the body's organisation or the
 * subject (the subject organisation, or the subject member's
 * organisation), or may write it; elsewhere it is not found.  It is
 * written with ACT_SELF_INSPECTION_WRITE on its organisation when its
 * form is "self" (a cell secretary records its own cell's), with
 * ACT_INSPECTION_WRITE on it otherwise (-CB_EPERM "forbidden").  The
 * caller validates the record first (core/inspection.h); the store
 * checks what needs rows: the organisation and the subject exist and
 * are seen (org_not_found, member_not_found naming the field), the
 * subject is inside the body's subtree (field error
 * "subject_outside_body").  today ("YYYY-MM-DD") is the day against which
 * recommendations are overdue (open, due_on before it).
 */
/* Sets id, version 1, created_at and updated_at; content_codes NULL is
 * stored as "[]". */
int store_inspection_insert(struct store *st, struct inspection *i,
    struct cb_error *err);
/* -CB_ENOTFOUND "inspection_not_found" when absent or out of scope.
 * ret_path (may be NULL): the body's organisation's path (malloc'd). */
int store_inspection_get(struct store *st, int64_t id, const char *today,
    struct inspection *ret, char **ret_path, struct cb_error *err);
/* Writes every data field of i if the stored version equals
 * expected_version (0: no check), else -CB_EPRECOND; the right is
 * checked on the stored record and on the new one. */
int store_inspection_update(struct store *st, struct inspection *i,
    int64_t expected_version, struct cb_error *err);
/* Deletes the record with its recommendations and attachments. */
int store_inspection_delete(struct store *st, int64_t id,
    int64_t expected_version, struct cb_error *err);

struct inspection_query {
	int64_t org_id;          /* subtree: body or subject inside */
	enum insp_kind kind;     /* INSP_KIND_NONE: any */
	enum insp_form form;     /* INSP_FORM_NONE: any */
	enum insp_status status; /* INSP_STATUS_NONE: any */
	int year;                /* decided or begun in it; 0: any */
	const char *today;
	size_t limit;       /* 1..1000 */
	const char *cursor; /* opaque, a previous page's; NULL: first */
};
struct inspection_page {
	struct inspection_list list;
	char *next_cursor; /* malloc'd, NULL on the last page */
};
void inspection_page_release(struct inspection_page *p);
/* One page by id (keyset).  The principal needs ACT_INSPECTION_READ on
 * q->org_id; a cursor not made here is -CB_EINVAL naming "cursor". */
int store_inspection_list(struct store *st, const struct inspection_query *q,
    struct inspection_page *ret, struct cb_error *err);

/* Recommendations: the inspection's scope (seen to read, written to
 * write); owner_org_id, when given, exists and is seen.  r->inspection_id
 * names the inspection; insert sets id, version, created_at, updated_at;
 * update writes text..recorded_by under the expected version. */
int store_inspection_rec_insert(struct store *st,
    struct inspection_recommendation *r, struct cb_error *err);
/* -CB_ENOTFOUND "recommendation_not_found" when the inspection has none
 * of that id. */
int store_inspection_rec_get(struct store *st, int64_t inspection_id,
    int64_t id, const char *today, struct inspection_recommendation *ret,
    struct cb_error *err);
int store_inspection_rec_update(struct store *st,
    struct inspection_recommendation *r, int64_t expected_version,
    struct cb_error *err);
/* By due date, then id. */
int store_inspection_rec_list(struct store *st, int64_t inspection_id,
    const char *today, struct inspection_recommendation_list *ret,
    struct cb_error *err);

/* Attachments (their bytes in the database, like the meetings'
 * materials): a->size bytes of data; the caller judged the file
 * (svc_file_judge).  Sets id and created_at. */
int store_inspection_att_insert(struct store *st,
    struct inspection_attachment *a, const void *data, struct cb_error *err);
int store_inspection_att_list(struct store *st, int64_t inspection_id,
    struct inspection_attachment_list *ret, struct cb_error *err);
/* One with its bytes (*ret_data, malloc'd, ret->size of them):
 * -CB_ENOTFOUND "attachment_not_found". */
int store_inspection_att_get(struct store *st, int64_t inspection_id,
    int64_t id, struct inspection_attachment *ret, unsigned char **ret_data,
    struct cb_error *err);

/* --------------------------------------------------------- bulk loads */

/*
 * Organisations and members by the hundred thousand (an import into an
 * empty register, the national demo) in one transaction, all or nothing.
 * System principals only (-CB_EPERM otherwise).
 *
 * store_bulk_begin opens the transaction (at depth 0), records the batch
 * (table import_batch) and, if the member table holds no row, drops the
 * member table's secondary indexes (on PostgreSQL its foreign keys too).
 * Rows then go in at the engine's speed: SQLite through one prepared
 * INSERT, PostgreSQL through COPY FROM STDIN.  store_bulk_org_add gives
 * o its id, path and depth (parent_id must be an organisation already
 * stored or added) and records "created" in its history;
 * store_bulk_member_add gives m its id (in order) and version; the store
 * derives the keys as store_member_insert does, sets created_at and
 * updated_at to the batch's time and points the record at the batch.
 * Neither judges anything: the caller has.  store_bulk_finish sends what
 * is buffered, creates the indexes (and keys) again exactly as the
 * catalogue held them, moves the id sequences past the new rows, brings
 * the roll-up figures up to date, records the row count and ANALYZEs; the
 * transaction stays open for the caller's audit entry and store_commit.
 * store_bulk_close frees the handle, ending a COPY still open: on failure
 * call it before store_rollback.  A failed add or finish leaves the load
 * unusable (roll back).  A duplicate found when a unique index is built is
 * -CB_ECONFLICT naming the field, like store_member_insert.
 */
struct store_bulk;
struct store_bulk_batch {
	const char *source;      /* "import" or "demo" */
	const char *file_name;   /* NULL: none */
	const char *file_sha256; /* hex; NULL: none */
	const char *actor;       /* who: "cli:alice" */
	int64_t user_id;         /* 0: none */
	const char *on_date;     /* ISO: the day the records are made */
};
int store_bulk_begin(struct store *st, const struct store_bulk_batch *batch,
    struct store_bulk **ret, struct cb_error *err);
/* The batch's id (import_batch.id). */
int64_t store_bulk_batch_id(const struct store_bulk *b);
/* True if the indexes were dropped (the member table was empty). */
bool store_bulk_fast(const struct store_bulk *b);
int
store_bulk_org_add(struct store_bulk *b, struct org *o, struct cb_error *err);
int store_bulk_member_add(struct store_bulk *b, struct member *m,
    struct cb_error *err);
int store_bulk_finish(struct store_bulk *b, struct cb_error *err);
/* Organisations and members added so far (either may be NULL). */
void store_bulk_counts(const struct store_bulk *b, int64_t *ret_orgs,
    int64_t *ret_members);
/* NULL is fine. */
void store_bulk_close(struct store_bulk *b);

/* Sets the SHA-256 (hex) of a batch's file. */
int store_import_batch_hash(struct store *st, int64_t id, const char *sha256,
    struct cb_error *err);
/* Records the batch of an import on the row path (its members are
 * made and changed one by one, each audited naming it): *ret_id. */
int
store_import_batch_add(struct store *st, const struct store_bulk_batch *batch,
    int64_t rows, int64_t *ret_id, struct cb_error *err);
/* True if the member table holds no row at all (deleted ones count):
 * where a bulk load is at its fastest.  System principals only. */
int store_members_empty(struct store *st, bool *ret, struct cb_error *err);

/* A bulk load's batch, for the history of its members. */
struct import_batch {
	int64_t id;
	char source[8];
	char *file_name;
	char *file_sha256;
	int64_t rows;
	char *actor;
	int64_t user_id;
	char on[DATE_LEN];
	char *created_at;
};
void import_batch_release(struct import_batch *b);
/* -CB_ENOTFOUND if there is none. */
int store_import_batch_get(struct store *st, int64_t id,
    struct import_batch *ret, struct cb_error *err);
/* The batch that made member id (0: none, or not in the principal's
 * scope). */
int store_member_batch(struct store *st, int64_t member_id,
    int64_t *ret_batch_id, struct cb_error *err);

/* ------------------------------------------------------ rule overrides */

/* Records a committee override; sets o->id, o->recorded_at. */
int store_rule_override_add(struct store *st, struct rule_override *o,
    struct cb_error *err);
/* All overrides, with org_path filled from the organisation's current
 * path, appended to rb->overrides. */
int store_rule_overrides_load(struct store *st, struct rulebook *rb,
    struct cb_error *err);

/* ---------------------------------------------------------- principal */

/*
 * The principal on whose behalf the following calls run (borrowed until
 * the next call or store_set_principal(st, NULL); NULL or a system
 * principal: no restriction).  Defence in depth behind the edges' checks,
 * using the same policy (core/auth.h):
 *
 * - a role -> statement table: a statement none of the principal's roles
 *   may run fails with -CB_EPERM ("forbidden");
 * - rows outside the principal's scope are not found (-CB_ENOTFOUND for a
 *   get; left out of lists and counts), never reported as forbidden;
 * - the sensitive fields (store_set_sensitive) of members it may not see
 *   in full come back NULL, and a member it may list but not read comes
 *   back with its name, organisation and status only (m->masked says
 *   which fields were withheld);
 * - a member list without org_id is limited to the principal's scope; if
 *   that scope has several roots the list needs an org_id (-CB_EINVAL,
 *   field "org"); a principal whose only right is its own record lists
 *   that record alone.
 * - writes outside the scope (the member's organisation before and after,
 *   an organisation's parent) are -CB_ENOTFOUND.
 */
void store_set_principal(struct store *st, const struct principal *p);
/* The bound up to which member lists count their matches exactly
 * (member_page.total); 0 or less: the default, 10 000. */
void store_set_count_bound(struct store *st, int64_t bound);
const struct principal *store_principal(const struct store *st);
/* The member fields a principal without the personal right does not see
 * (core/privacy.h: a mask, from the rulebook's privacy.sensitive_fields;
 * svc tells it).  Until told: every field that may be masked. */
void store_set_sensitive(struct store *st, uint64_t mask);
uint64_t store_sensitive(const struct store *st);

/* ------------------------------------------------------------ accounts */

/* Inserts u (username, display_name, member_id, disabled) with its
 * password hash (may be NULL: cannot sign in); sets u->id, version,
 * created_at, updated_at.  Duplicate name: -CB_ECONFLICT, field
 * "username".  Grants are added with store_grant_add. */
int store_user_insert(struct store *st, struct user *u,
    const char *password_hash, struct cb_error *err);
/* A user with its grants (org path, code and name filled). */
int store_user_get(struct store *st, int64_t id, struct user *ret,
    struct cb_error *err);
/* The same by name; *ret_hash (may be NULL) gets the password hash,
 * malloc'd, or NULL if none is set. */
int store_user_get_by_name(struct store *st, const char *username,
    struct user *ret, char **ret_hash, struct cb_error *err);
/* Every user, by name, with grants. */
int
store_user_list(struct store *st, struct user_list *ret, struct cb_error *err);
int store_user_set_password(struct store *st, int64_t id,
    const char *password_hash, struct cb_error *err);
int store_user_set_disabled(struct store *st, int64_t id, bool disabled,
    struct cb_error *err);
/* A role on an organisation; the same grant twice: -CB_ECONFLICT. */
int store_grant_add(struct store *st, int64_t user_id, enum role role,
    int64_t org_id, struct cb_error *err);
/* The same with options (GRANT_OPT_*, core/auth.h; only a secretary's
 * grant may carry them: field "allow", "grant_option_invalid"). */
int store_grant_add_opts(struct store *st, int64_t user_id, enum role role,
    int64_t org_id, unsigned options, struct cb_error *err);
/* Replaces the options of an existing grant (-CB_ENOTFOUND
 * "grant_not_found" if there is none). */
int store_grant_set_options(struct store *st, int64_t user_id, enum role role,
    int64_t org_id, unsigned options, struct cb_error *err);
/* -CB_ENOTFOUND if the user has no such grant. */
int store_grant_remove(struct store *st, int64_t user_id, enum role role,
    int64_t org_id, struct cb_error *err);

/* ------------------------------------------------------------ sessions */

/* Stores a session (id_hash, user_id, csrf_hash, expires_at, addr,
 * user_agent; created_at and last_seen_at from the clock). */
int store_session_insert(struct store *st, const struct session *s,
    struct cb_error *err);
/* -CB_ENOTFOUND if there is none with this hash. */
int store_session_get(struct store *st, const char *id_hash,
    struct session *ret, struct cb_error *err);
/* Sets last_seen_at to now. */
int store_session_touch(struct store *st, const char *id_hash,
    struct cb_error *err);
int store_session_delete(struct store *st, const char *id_hash,
    struct cb_error *err);
/* Ends every session of a user (password changed, account disabled). */
int store_session_delete_user(struct store *st, int64_t user_id,
    struct cb_error *err);
/* Deletes sessions whose expires_at or last_seen_at is before the given
 * ISO timestamps. */
int store_session_purge(struct store *st, const char *expired_before,
    const char *idle_before, struct cb_error *err);

/* -------------------------------------------------------------- tokens */

/* Stores t (user_id, name, prefix, expires_at) with the token's hash; sets
 * t->id and created_at. */
int store_token_insert(struct store *st, struct api_token *t,
    const char *token_hash, struct cb_error *err);
/* The token with this hash, revoked or not (the caller checks);
 * -CB_ENOTFOUND if none. */
int store_token_find(struct store *st, const char *token_hash,
    struct api_token *ret, struct cb_error *err);
/* Tokens of a user (0: all), newest first, with the user's name. */
int store_token_list(struct store *st, int64_t user_id,
    struct api_token_list *ret, struct cb_error *err);
/* Sets revoked_at (once); -CB_ENOTFOUND if no such token. */
int store_token_revoke(struct store *st, int64_t id, struct cb_error *err);
int store_token_touch(struct store *st, int64_t id, struct cb_error *err);

/* ------------------------------------------------- per-request checks */

/*
 * What a request's credential says, in one read: the session (by the hash
 * of its token) or the API token (by its hash) joined with its account.
 * Timestamps are "" when NULL.  The account's version bumps whenever its
 * password, grants or disabled flag change, or an organisation it has a
 * grant on moves (with its subtree: the paths its grants cover change), so
 * a principal loaded at that version, with the same own organisation, is
 * still right while they stay the same (see http/authcache.c).
 */
struct credential_check {
	int64_t token_id; /* API token id; 0 for a session */
	int64_t user_id;
	int64_t user_version;
	bool disabled;
	bool revoked;                   /* tokens: revoked_at is set */
	char expires_at[TIMESTAMP_LEN]; /* "" never (tokens) */
	char last_used[TIMESTAMP_LEN];  /* last_seen_at or
					 * last_used_at */
	char *own_org_path;             /* the organisation of the account's
					 * member record, or NULL (malloc'd) */
};
void credential_check_release(struct credential_check *c);
/* -CB_ENOTFOUND if there is no such session or token. */
int store_session_check(struct store *st, const char *id_hash,
    struct credential_check *ret, struct cb_error *err);
int store_token_check(struct store *st, const char *token_hash,
    struct credential_check *ret, struct cb_error *err);

/* ---------------------------------------------------------- throttling */

/*
 * Failed sign-ins, by key ("user:<name>" or "addr:<address>"), counted in
 * a window: store_auth_fail adds one (starting a new window when the
 * current one began more than window_s seconds ago) and returns the count
 * in the window; store_auth_failures only reads it (0 when the window is
 * over); store_auth_clear forgets the key.  Shared by every process.
 */
int store_auth_fail(struct store *st, const char *key, int64_t window_s,
    int *ret_count, struct cb_error *err);
int store_auth_failures(struct store *st, const char *key, int64_t window_s,
    int *ret_count, struct cb_error *err);
int store_auth_clear(struct store *st, const char *key, struct cb_error *err);

/* --------------------------------------------------------------- audit */

/*
 * Appends e to the chain inside the caller's transaction (which must be
 * open): takes the chain lock (held to the end of the transaction), sets
 * e->id = last id + 1, e->at from the clock, e->prev_hash and e->hash
 * (audit_hash), inserts it and moves the head.  Never restricted by the
 * principal: every principal's actions are audited.
 */
int store_audit_append(struct store *st, struct audit_entry *e,
    struct cb_error *err);
/* The same for entries[0..n), in order, with one read and one write of
 * the head for all of them (the batches of dossier views). */
int store_audit_append_many(struct store *st, struct audit_entry *entries,
    size_t n, struct cb_error *err);

/*
 * A dossier view to record (store_audit_append_views): the entry, and the
 * session it was made in ("" none: always recorded).  The viewer is the
 * entry's account (user_id), or its actor when it has none.
 */
#define AUDIT_SESSION_MAX 48
struct audit_view {
	struct audit_entry e;
	char session[AUDIT_SESSION_MAX];
};
/*
 * Appends, inside the caller's transaction, the views of v[0..n) that are
 * not repeats: a view is recorded unless a view of the same member by the
 * same viewer in the same session was recorded less than window_s seconds
 * ago (window_s <= 0: every view is recorded).  The judgement is the
 * store's (table audit_view_seen, claimed under the chain lock), so it
 * holds across server processes.  *ret_recorded: how many were.
 */
int store_audit_append_views(struct store *st, struct audit_view *v, size_t n,
    int64_t window_s, size_t *ret_recorded, struct cb_error *err);
/* Forgets the views recorded more than keep_s seconds ago (system). */
int store_audit_views_prune(struct store *st, int64_t keep_s,
    struct cb_error *err);

struct audit_query {
	int64_t member_id;  /* entries about this member; 0: any */
	int64_t org_id;     /* entries concerning this subtree; 0: any */
	const char *action; /* exact action; NULL: any */
	const char *actor;  /* exact actor (an account's user name,
			     * "cli:alice@host"); NULL: any */
	int64_t batch_id;   /* the entry of this import batch; 0: any */
	/* Entries at or after from and before to (UTC timestamps,
	 * "YYYY-MM-DDTHH:MM:SSZ"; "": no bound). */
	char from[TIMESTAMP_LEN];
	char to[TIMESTAMP_LEN];
	int64_t before_id; /* keyset: ids below this; 0: newest */
	/* Or the opaque cursor of an earlier page's next_cursor
	 * (store/cursor.h); NULL or "": from before_id.  Not with before_id
	 * (400 on field "cursor"). */
	const char *cursor;
	size_t limit; /* 1..1000 */
	/* The entries the caller shows (<= limit; 0: no next_cursor).  Asking
	 * limit = page + 1 tells whether a page follows; when limit == page,
	 * a full list is taken to have one. */
	size_t page;
};
struct audit_list {
	struct audit_entry *items; /* newest first */
	size_t n;
	/* After items[page - 1] when a page follows, else NULL (owned). */
	char *next_cursor;
};
void audit_list_release(struct audit_list *l);
/* Entries matching q, newest first, limited to the principal's scope
 * (entries whose organisation it may audit; installation-wide entries
 * such as sign-ins only for admin and system). */
int store_audit_list(struct store *st, const struct audit_query *q,
    struct audit_list *ret, struct cb_error *err);
/* Every row in id order, those outside the chain (ids of 0 and below,
 * repeated ids) included, each checked against what is stored (inexact);
 * a non-zero return from fn stops and is returned.  System principals
 * only. */
int store_audit_each(struct store *st,
    int (*fn)(const struct audit_entry *e, void *arg), void *arg,
    struct cb_error *err);
/*
 * Verifies the whole chain inside the caller's transaction (which must
 * be open; appends wait until it ends): reads the head (*ret_head_id,
 * ret_head_hash), the first id of hash format 2 into v->format2_from,
 * walks every row of the table through audit_verify_step and ends v with
 * the number of rows (audit_verify_end).  v is the caller's, set up with
 * audit_verify_init (and audit_verify_expect).  Returns 0 whatever the
 * verdict (v->bad_code NULL: intact).  System principals only.
 */
int store_audit_verify(struct store *st, struct audit_verify *v,
    int64_t *ret_head_id, char ret_head_hash[AUDIT_HASH_LEN],
    struct cb_error *err);
/* The head: the last id and hash (0 and audit_genesis when empty).
 * Inside a transaction, appends from other connections wait until it
 * ends, so that store_audit_each then walks the chain this head ends. */
int store_audit_head(struct store *st, int64_t *ret_id,
    char ret_hash[AUDIT_HASH_LEN], struct cb_error *err);

/* ------------------------------------------------------------- backup */

/*
 * Writes a copy of st's database to file (which must not exist:
 * -CB_ECONFLICT "backup_exists") while others go on writing: SQLite
 * through the online backup API, PostgreSQL through pg_dump -Fc (its
 * custom format), both in one snapshot whose audit head is returned.
 * Outside a transaction; system principals only.
 */
int store_backup(struct store *st, const char *file, int64_t *ret_head_id,
    char ret_head_hash[AUDIT_HASH_LEN], struct cb_error *err);
/*
 * Restores a backup file into dburl: a SQLite path (a new file, or one
 * without chibo's tables) or a PostgreSQL database without them (through
 * pg_restore).  One that holds them: -CB_ECONFLICT "restore_not_empty"
 * unless force (SQLite: replaced; PostgreSQL: pg_restore --clean).
 */
int store_restore(const char *file, const char *dburl, bool force,
    struct cb_error *err);
/* The engine's own check of the database (SQLite: PRAGMA integrity_check;
 * PostgreSQL: nothing of the kind, "ok"): "ok", or the problems, one a
 * line, in *ret (malloc'd).  System principals only. */
int store_integrity_check(struct store *st, char **ret, struct cb_error *err);

/* --------------------------------------------------------------- pool */

struct store_pool;
/* Opens n connections (n >= 1).  On SQLite the pool also has a thread
 * (and a connection) of its own that makes the WAL's checkpoints, so
 * that no commit of the pool's connections runs one. */
int store_pool_open(const char *dburl, int n, struct store_pool **ret,
    struct cb_error *err);
/* Blocks until a connection is free.  Never NULL. */
struct store *store_pool_acquire(struct store_pool *p);
void store_pool_release(struct store_pool *p, struct store *st);
/* NULL is fine. */
void store_pool_close(struct store_pool *p);
/* The WAL checkpoints made off the commits by the pool's own thread
 * (SQLite; 0 on PostgreSQL, which makes its own). */
uint64_t store_pool_checkpoints(struct store_pool *p);

/* ---------------------------------------------------- discipline cases */

/*
 * Discipline cases and state bodies' notices (store-discipline.c,
 * migration 0027).  Cases are secret: a case is seen only where the
 * principal may ACT_DISCIPLINE_READ (or _WRITE) the subject's
 * organisation (a member's: its cell), "discipline_case_not_found"
 * elsewhere, whatever else the principal may see.  The caller judges
 * the case first (core/discipline.h); the store checks the scope of the
 * subject and of the deciding organisation, and reads with each row the
 * subject's path (scope_path) and the first later violation of the same
 * subject (next_violation_on).
 */
int store_dcase_insert(struct store *st, struct discipline_case *c,
    struct cb_error *err);
/* 0 if the principal may record a case of c's subject (a member it sees,
 * or an organisation, where it may write discipline cases); else
 * -CB_ENOTFOUND naming member_id or org_id (or "required"). */
int store_dcase_subject_check(struct store *st,
    const struct discipline_case *c, struct cb_error *err);
int store_dcase_get(struct store *st, int64_t id, struct discipline_case *ret,
    struct cb_error *err);
/* Writes c over its row if its version is expected_version (0: any):
 * -CB_EPRECOND "precondition_failed" otherwise; sets c->version. */
int store_dcase_update(struct store *st, struct discipline_case *c,
    int64_t expected_version, struct cb_error *err);
int store_dcase_delete(struct store *st, int64_t id, struct cb_error *err);
struct dcase_query {
	int64_t org_id;    /* the subtree (0: every case the principal sees) */
	int64_t member_id; /* 0: any */
	int64_t after_id;  /* keyset: ids above this */
	size_t limit;      /* rows read at most (1..1000) */
};
/* The cases of q the principal may read, by id; *ret_last the last id
 * read (seen or not; 0 when none was), for the next call. */
int store_dcase_list(struct store *st, const struct dcase_query *q,
    struct discipline_case_list *ret, int64_t *ret_last, struct cb_error *err);
/* The violation dates (ISO) of the cases of c's subject other than c,
 * after c's violation, by date: at most max into dates, *ret_n of them
 * (the limitation restarts at a new violation: core/discipline.h). */
int store_dcase_violations(struct store *st, const struct discipline_case *c,
    char (*dates)[DATE_LEN], size_t max, size_t *ret_n, struct cb_error *err);
int store_dnotice_insert(struct store *st, struct discipline_notice *n,
    struct cb_error *err);
/* The notices of the members of org_id's subtree (0: all) or of
 * member_id (0: any) that the principal may read, by id (1000 at most). */
int store_dnotice_list(struct store *st, int64_t org_id, int64_t member_id,
    struct discipline_notice_list *ret, struct cb_error *err);
/* -------------------------------------- terms and inspection programmes */

/*
 * A term of an organisation's committee (org_term, migration 0025).  The
 * organisation must be visible (else org_not_found on org_id, 422) and
 * writable (ACT_ORG_WRITE, else forbidden); terms of one organisation
 * never overlap (term_overlap on starts_on naming the other, 422).
 * Insert sets id, version, created_at and updated_at.
 */
int
store_term_insert(struct store *st, struct org_term *t, struct cb_error *err);
/* A term the principal may read (ACT_ORG_READ on its organisation, or
 * its own organisation), else term_not_found. */
int store_term_get(struct store *st, int64_t id, struct org_term *ret,
    struct cb_error *err);
/* Writes t (its organisation unchanged) if its version is
 * expected_version (else precondition_failed); bumps t->version. */
int store_term_update(struct store *st, struct org_term *t,
    int64_t expected_version, struct cb_error *err);
int store_term_delete(struct store *st, int64_t id, struct cb_error *err);
/* The terms of organisation org_id by start (with on, "YYYY-MM-DD", the
 * one in force that day, if any); org_id must be visible (org_not_found
 * on "org", 400). */
int store_term_list(struct store *st, int64_t org_id, const char *on,
    struct org_term_list *ret, struct cb_error *err);
/* The term of organisation org_id in force on day on: *found false (and
 * 0) when none is.  For other use cases (the coverage check counts over
 * the committee's current term); the same access as store_term_list. */
int store_term_on(struct store *st, int64_t org_id, const char *on,
    struct org_term *ret, bool *found, struct cb_error *err);

/*
 * Inspection and supervision programmes (inspection_programme, migration
 * 0025).  Read with ACT_INSPECTION_READ (or a write right) on the body's
 * organisation; written with ACT_INSPECTION_WRITE there, or, for a
 * "cell" body's programme, ACT_SELF_INSPECTION_WRITE (a secretary its
 * own cell's).  Outside what it may read the principal gets
 * programme_not_found; inside but not writable, forbidden.
 */
int store_programme_insert(struct store *st, struct inspection_programme *p,
    struct cb_error *err);
/* *ret_path (may be NULL): the path of the body's organisation. */
int store_programme_get(struct store *st, int64_t id,
    struct inspection_programme *ret, char **ret_path, struct cb_error *err);
/* The body's organisation may change (to one writable too). */
int store_programme_update(struct store *st, struct inspection_programme *p,
    int64_t expected_version, struct cb_error *err);
/* Deletes the programme and its items. */
int store_programme_delete(struct store *st, int64_t id, struct cb_error *err);

struct programme_query {
	int64_t org_id; /* subtree of this organisation (required) */
	int year;       /* 0: any */
	enum inspection_body body; /* INSPECTION_BODY_NONE: any */
	size_t limit;              /* 1..1000 */
	const char *cursor;        /* opaque, a previous page's; NULL: first */
};
struct programme_page {
	struct inspection_programme_list list;
	char *next_cursor; /* malloc'd, NULL on the last page */
};
void programme_page_release(struct programme_page *p);
/* One page of the programmes of q's subtree, the latest year first, then
 * by organisation and id (keyset paging); the principal needs to read
 * programmes on q->org_id (org_not_found on "org" when it cannot see it,
 * forbidden when it sees it but may not read them).  A cursor not made
 * here gives -CB_EINVAL naming "cursor". */
int store_programme_list(struct store *st, const struct programme_query *q,
    struct programme_page *ret, struct cb_error *err);

/* An item of a programme (inspection_programme_item): the programme's
 * access; its subject inside the body's subtree (an organisation below
 * the body's, or a member of the subtree -- of the body's organisation
 * itself only for a cell's programme), else subject_outside_body on the
 * subject's field. */
int store_programme_item_insert(struct store *st,
    struct inspection_programme_item *it, struct cb_error *err);
int store_programme_item_get(struct store *st, int64_t id,
    struct inspection_programme_item *ret, struct cb_error *err);
int store_programme_item_update(struct store *st,
    struct inspection_programme_item *it, int64_t expected_version,
    struct cb_error *err);
int store_programme_item_delete(struct store *st, int64_t id,
    struct cb_error *err);
/* The items of a programme the principal may read. */
int store_programme_items(struct store *st, int64_t programme_id,
    struct inspection_programme_item_list *ret, struct cb_error *err);

/* ------------------------------------------ evaluation and classification */

/*
 * Evaluation periods, evaluations and comments (store-evaluation.c,
 * migration 0028; issue 15).  Access (docs/security.md "Evaluation and
 * classification"), checked here on the organisation's path:
 *   - a period is read with ACT_EVAL_READ anywhere in its subtree or
 *     above it (a member: a period covering its organisation), written
 *     with ACT_EVAL_MANAGE on its organisation; elsewhere
 *     "period_not_found";
 *   - an evaluation is read with ACT_EVAL_READ on the subject's
 *     organisation (scope_path; a member its own through
 *     principal_may_member), elsewhere "evaluation_not_found"; svc checks
 *     the action of each write (self, propose, decide) on the right
 *     organisation (an organisation's decision: on its parent,
 *     parent_path) before it calls the store, and the store checks that
 *     the principal may at least read the row.
 * Writes to a locked period are refused by svc (409 period_locked).
 */
int store_eperiod_insert(struct store *st, struct evaluation_period *p,
    struct cb_error *err);
/* Reads the row with its organisation's path and name. */
int store_eperiod_get(struct store *st, int64_t id,
    struct evaluation_period *ret, struct cb_error *err);
/* Writes p's data fields (org_id .. recorded_by; the status, locked_at
 * and locked_by as they are in p) if its version is expected_version (0:
 * any), else precondition_failed; sets p->version and p->updated_at. */
int store_eperiod_update(struct store *st, struct evaluation_period *p,
    int64_t expected_version, struct cb_error *err);
struct eperiod_query {
	int64_t org_id;         /* periods of its subtree and of the
				 * organisations above it (0: all seen) */
	int year;               /* 0: any */
	enum eperiod_kind kind; /* EPKIND_NONE: any */
	size_t limit;           /* 1..1000 */
	const char *cursor;     /* opaque, a previous page's; NULL: first */
};
struct eperiod_page {
	struct evaluation_period_list list;
	char *next_cursor; /* malloc'd, NULL on the last page */
};
void eperiod_page_release(struct eperiod_page *p);
/* By year (latest first), then id.  A cursor not made here gives
 * -CB_EINVAL naming "cursor". */
int store_eperiod_list(struct store *st, const struct eperiod_query *q,
    struct eperiod_page *ret, struct cb_error *err);

/* Inserts e (its subject's organisation checked: a member or an
 * organisation inside the period's subtree that the principal sees,
 * else member_not_found / org_not_found on the field, 422); sets
 * subject_org_id from the member's organisation (or the organisation
 * itself), id, version, created_at, updated_at.  A second evaluation of
 * the same subject in the period is 409 "evaluation_exists". */
int store_evaluation_insert(struct store *st, struct evaluation *e,
    struct cb_error *err);
int store_evaluation_get(struct store *st, int64_t id, struct evaluation *ret,
    struct cb_error *err);
/* Whether the principal may do act on e as read (its scope_path and
 * parent_path): ACT_EVAL_SELF and _READ through principal_may_member (a
 * member its own; reading also where it may comment), ACT_EVAL_DECIDE
 * of an organisation's evaluation on its parent.  True for no principal
 * and the system. */
bool store_evaluation_may(struct store *st, enum action act,
    const struct evaluation *e);
/* Writes e's data fields (the subject unchanged) under the expected
 * version (0: any). */
int store_evaluation_update(struct store *st, struct evaluation *e,
    int64_t expected_version, struct cb_error *err);
int
store_evaluation_delete(struct store *st, int64_t id, struct cb_error *err);
struct evaluation_query {
	int64_t period_id;     /* 0: any */
	int64_t org_id;        /* subjects of this subtree (0: any seen) */
	int64_t member_id;     /* 0: any */
	enum esubject subject; /* ESUBJECT_NONE: both */
	int year;              /* the period's year; 0: any */
	enum elevel proposed_level; /* ELEVEL_NONE: any */
	size_t limit;               /* 1..1000 */
	const char *cursor; /* opaque, a previous page's; NULL: first */
};
struct evaluation_page {
	struct evaluation_list list;
	char *next_cursor; /* malloc'd, NULL on the last page */
};
void evaluation_page_release(struct evaluation_page *p);
/* The evaluations of q the principal may read, by id (keyset). */
int store_evaluation_list(struct store *st, const struct evaluation_query *q,
    struct evaluation_page *ret, struct cb_error *err);
/* How many evaluations of the period are not decided. */
int store_evaluation_undecided(struct store *st, int64_t period_id,
    int64_t *ret, struct cb_error *err);

/* What the rules need from chibo's records about e's subject in a period
 * from .. to (core/evaluation.h struct eval_fact): since (a member's
 * admission decision date or admission date, an organisation's
 * valid_from), exempted (exempt_since on or before to), disciplined
 * (decided discipline cases of the subject effective in the period, not
 * annulled), for an organisation collective_disciplined (cases against
 * the organisation itself in the period), subunits_total (its direct
 * subordinate organisations) and subunits_disciplined (those of them
 * with a case in the period), and for a year the quarter evaluations of
 * the subject that year (quarters_evaluated, quarters_kht: by decided
 * level, else proposed,
 * else computed).  Fills only those fields of f.  Reads as the system
 * would (the caller checked the access to e). */
int store_evaluation_facts(struct store *st, const struct evaluation *e,
    const char *from, const char *to, int year, struct eval_fact *f,
    struct cb_error *err);

/* The counts of levels in one scope of the cap on excellent. */
struct eval_scope_counts {
	int64_t scope_org_id;
	char *scope_name;
	char *scope_path;
	int64_t proposed[EVAL_LEVEL__MAX]; /* by proposed level (those
					    * without one not counted) */
	int64_t decided[EVAL_LEVEL__MAX];  /* by decided level */
	int64_t current[EVAL_LEVEL__MAX];  /* by decided level, else
					    * proposed (as they stand) */
};
struct eval_scope_counts_list {
	struct eval_scope_counts *items;
	size_t n;
};
void eval_scope_counts_list_release(struct eval_scope_counts_list *l);
/* The member evaluations of the period grouped by scope: each grassroots
 * organisation (kind grassroots or grassroots_cell) or each cell (kind
 * cell, grassroots_cell), the nearest such ancestor of the member's
 * organisation, inside org_id's subtree (0: the period's). */
int store_evaluation_scope_counts(struct store *st, int64_t period_id,
    int64_t org_id, enum eval_cap_scope scope,
    struct eval_scope_counts_list *ret, struct cb_error *err);

/* Comments: the evaluation must be readable; c->evaluation_id names it.
 * Sets id and created_at. */
int store_ecomment_insert(struct store *st, struct evaluation_comment *c,
    struct cb_error *err);
/* By id, oldest first. */
int store_ecomment_list(struct store *st, int64_t evaluation_id,
    struct evaluation_comment_list *ret, struct cb_error *err);

#endif
