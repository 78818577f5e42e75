/*
 * stmts.c - the PostgreSQL statement table, indexed by enum stmt
 * (store-int.h).
 *
 * The statements are written once in ../stmts.def; this file spells its
 * dialect macros for PostgreSQL and adds the statements that truly
 * differ.  Parameters are $N, sent as text except bytea ones (binary);
 * casts say their types wherever the context would not.  Timestamps are
 * read back as "YYYY-MM-DDTHH:MM:SSZ" (TS below), dates as ISO text
 * (DateStyle ISO, set by the backend on connect).
 */
#include "store/store-int.h"

#define PARAM(s) "$" s
#define PARAM_AS(s, t) "$" s "::" #t
#define CAST(e, t) e "::" #t
#define BOOL_INT(e) "(" e ")::integer"
#define INT_BOOL(e) e " <> 0"
#define TS(col) \
	"to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define TS_EXACT(col) \
	"to_char(" col " AT TIME ZONE 'UTC'," \
	" 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
#define NODATE "'-infinity'::date"
#define NULLS_FIRST " NULLS FIRST"
/* Held until the transaction ends. */
#define FOR_UPDATE " FOR UPDATE"
#define FOR_SHARE " FOR SHARE"
#define INSTR(s, sub) "strpos(" s ", " sub ")"
#define LIMIT_ALL_IF_NULL(p) p
#define UPSERT_SELECT_WHERE ""
#define SUBQUERY_AS(a) " AS " a

/* The raw columns of a member, for the row sets below. */
#define MEMBER_RAW \
	"id, " MEMBER_DATA_COLS_C \
	"version, created_at, updated_at, sort_key," \
	" name_fold, given_fold"
/*
 * The _ORG and _Q member lists: first the matching rows (through
 * member.org_id, or through the fold and ID indexes, each arm of the OR
 * with its own index), then sort them.  MATERIALIZED keeps the planner,
 * notably a generic plan of a prepared statement, from walking the sort
 * index over the whole table instead (the same choice as SQLite's unary
 * plus).
 */
#define SORT_HINT ""
#define MLIST_SORTED(filter) \
	"WITH m AS MATERIALIZED (SELECT " MEMBER_RAW " FROM member" filter \
	") " MLIST_SELECT("m") " WHERE true"
#define MLIST_ORG MLIST_SORTED(MFILTER_ORG)
#define MLIST_Q MLIST_SORTED(MFILTER MFILTER_Q)
#define AFTER_DATE(p, col, k, i) \
	" AND (coalesce(" col ", " NODATE "), id) >" \
	" (coalesce(" PT(k, date) ", " NODATE "), " PT(i, bigint) ")"

/* STMT_MLIST_G0/G1: the first candidates of one fold index (an
 * index-only scan; state is in it: members off the rolls are no
 * candidates of a list of those on them). */
#define RANK_ARM(ix, col) \
	"SELECT id AS cid, sort_key AS ckey FROM member" \
	" WHERE " col " >= $12::text AND " col " < $13::text" \
	" AND deleted_at IS NULL AND ($4::text IS NULL OR state = $4::text)" \
	" AND ($31::bytea IS NULL OR (sort_key, id) > ($31::bytea," \
	" $32::bigint)) ORDER BY sort_key, id LIMIT $33::bigint"
/* The q search's lists: ranked (name order), in a small subtree (S). */
#define MLIST_QR \
	"WITH m AS MATERIALIZED (SELECT " MEMBER_RAW \
	" FROM member" MFILTER MFILTER_Q \
	") " MLIST_SELECT_RANK("m") " WHERE true"
#define MLIST_QS MLIST_SORTED(MFILTER_ORG MFILTER_QS)
#define MLIST_QSR \
	"WITH m AS MATERIALIZED (SELECT " MEMBER_RAW \
	" FROM member" MFILTER_ORG MFILTER_QS \
	") " MLIST_SELECT_RANK("m") " WHERE true"
/* Digits compare in byte order, on indexes made so (migration 10). */
#define COLLATE_C(e) e " COLLATE \"C\""
#define FOLD_TEXT(e) e " COLLATE \"default\""

/* STMT_STAT_ROLL: the walk up looks each parent up by its key: joined,
 * a generic plan hashes the whole org table for the few hundred members
 * of a day. */
#define STAT_ROLL_UP \
	" up(id, n) AS (SELECT id, n FROM x UNION ALL" \
	" SELECT (SELECT o.parent_id FROM org AS o WHERE o.id = up.id)," \
	" up.n FROM up WHERE up.id IS NOT NULL)," \
	" s(id, n) AS (SELECT id, sum(n) FROM up WHERE id IS NOT NULL" \
	" GROUP BY id)"

/* A slot written twice (here and in stmts.def) is an error whatever the
 * warning flags (clang knows the option as -Winitializer-overrides). */
#pragma GCC diagnostic error "-Woverride-init"

/* STMT_MWORD_FILL: the words of the members of bulk batch 1 (as
 * migration 10), the names split by string_to_array, each word's offset
 * the length of the words before it; into the table with its key, in
 * the key's order.  STMT_MWORD_FILL_FAST, the fast path's (an empty
 * register): into the table without its key, in no order, the key made
 * after (STMT_BULK_MWORD_REKEY): nationally 65 s against 97 s
 * (docs/performance.md). */
#define MWORD_FILL_SELECT \
	"INSERT INTO member_word (word, pos, skey, member_id, off, mstate," \
	" wname) SELECT u.word, CASE WHEN u.i = 1 THEN 0" \
	" WHEN u.i = cardinality(a.a) THEN 1 ELSE 2 END, m.sort_key, m.id," \
	" CASE WHEN u.i = 1 THEN 0 ELSE length(array_to_string(" \
	"a.a[1:(u.i - 1)::integer], ' ')) + 1 END, m.state, m.name_fold" \
	" FROM member AS m, string_to_array(m.name_fold, ' ') AS a(a)," \
	" unnest(a.a) WITH ORDINALITY AS u(word, i)" \
	" WHERE m.import_batch_id = $1::bigint AND m.deleted_at IS NULL" \
	" AND u.word <> ''"

static const char *const stmts[STMT__MAX] = {
#include "store/stmts.def"

#include "util/banned.h"

	[STMT_BEGIN] = "BEGIN",
	/* One snapshot for the backup, handed to pg_dump --snapshot. */
	[STMT_BACKUP_BEGIN] =
	    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
	[STMT_BACKUP_SNAPSHOT] = "SELECT pg_export_snapshot()",
	/* pg_restore's exit status is the check of a restore; nothing
	 * like SQLite's page check is run. */
	[STMT_INTEGRITY_CHECK] = "SELECT 'ok'",
	[STMT_SCHEMA_EXISTS] =
	    "SELECT CASE WHEN to_regclass('schema_version') IS NULL"
	    " THEN 0 ELSE 1 END",
	[STMT_SCHEMA_INIT] =
	    "CREATE TABLE IF NOT EXISTS schema_version ("
	    " version integer PRIMARY KEY,"
	    " name text NOT NULL,"
	    " applied_at timestamptz NOT NULL)",
	/* Held until the migration's transaction ends. */
	[STMT_MIGRATE_LOCK] = "SELECT pg_advisory_xact_lock(2436270829)",
	/* Held until the transaction ends: paths are computed from other
	 * rows' paths, so inserts and moves must not interleave. */
	[STMT_ORG_TREE_LOCK] = "SELECT pg_advisory_xact_lock(2436270830)",
	/* The id comes from the identity sequence.  lpad truncates to its
	 * length: ids past ten digits keep all theirs (as printf's %010d
	 * does). */
	[STMT_ORG_INSERT] =
	    "INSERT INTO org (id, " ORG_DATA_COLS ", version, created_at,"
	    " updated_at)"
	    " SELECT n.id, $1::text, $2::text, $3::text, $4::bytea, $5::text,"
	    " $6::text, $7::bigint,"
	    " $8::text || lpad(n.id::text, greatest(length(n.id::text), 10),"
	    " '0') || '/', $9::integer,"
	    " $10::date, $11::date, 1, $12::timestamptz, $12::timestamptz"
	    " FROM (SELECT nextval(pg_get_serial_sequence('org', 'id')) AS id)"
	    " AS n"
	    " RETURNING id, path",
	[STMT_AUTH_FAIL] =
	    "INSERT INTO auth_failure AS f (key, failures, window_start)"
	    " VALUES ($1, 1, $2::timestamptz) ON CONFLICT (key) DO UPDATE SET"
	    " failures = CASE WHEN f.window_start <= $3::timestamptz THEN 1"
	    " ELSE f.failures + 1 END,"
	    " window_start = CASE WHEN f.window_start <= $3::timestamptz"
	    " THEN excluded.window_start ELSE f.window_start END"
	    " RETURNING failures",

	[STMT_BULK_MEMBER_ANY] =
	    "SELECT CASE WHEN EXISTS (SELECT 1 FROM member) THEN 1 ELSE 0 END",
	/* Secondary indexes: all but the primary key's. */
	[STMT_BULK_INDEXES] =
	    "SELECT i.relname, pg_get_indexdef(i.oid)"
	    " FROM pg_index AS x JOIN pg_class AS i ON i.oid = x.indexrelid"
	    " WHERE x.indrelid = $1::text::regclass AND NOT x.indisprimary"
	    " ORDER BY i.relname",
	[STMT_BULK_FKEYS] =
	    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
	    " WHERE conrelid = $1::text::regclass AND contype = 'f'"
	    " ORDER BY conname",
	[STMT_BULK_ORG] = "COPY org (id, " ORG_DATA_COLS
	                  ", created_at, updated_at) FROM STDIN",
	[STMT_BULK_ORG_EVENT] =
	    "COPY org_event (org_id, kind, on_date, recorded_by, recorded_at)"
	    " FROM STDIN",
	[STMT_BULK_MEMBER] =
	    "COPY member (id, " MEMBER_DATA_COLS_C "name_fold, given_fold,"
	    " sort_key, created_at, updated_at, import_batch_id) FROM STDIN",
	[STMT_BULK_SEQUENCES] =
	    "SELECT setval(pg_get_serial_sequence('org', 'id'),"
	    " (SELECT coalesce(max(id), 0) + 1 FROM org), false),"
	    " setval(pg_get_serial_sequence('org_event', 'id'),"
	    " (SELECT coalesce(max(id), 0) + 1 FROM org_event), false),"
	    " setval(pg_get_serial_sequence('member', 'id'),"
	    " (SELECT coalesce(max(id), 0) + 1 FROM member), false)",
	[STMT_MWORD_FILL] = MWORD_FILL_SELECT
	" ORDER BY u.word COLLATE \"C\", 2, 3, 4, 5",
	[STMT_MWORD_FILL_FAST] = MWORD_FILL_SELECT,
	/* The key of migration 10, by its default name. */
	[STMT_BULK_MWORD_UNKEY] =
	    "ALTER TABLE member_word DROP CONSTRAINT member_word_pkey",
	[STMT_BULK_MWORD_REKEY] =
	    "ALTER TABLE member_word ADD CONSTRAINT member_word_pkey"
	    " PRIMARY KEY (word, pos, skey, member_id, off)"
	    " INCLUDE (mstate, wname)",
	[STMT_BULK_ANALYZE] = "ANALYZE org, org_event, member, member_word",
	/* For the transaction: more memory for the index builds, and the
	 * server's own parallel workers back (pg/backend.c's session has
	 * none) for the roll-up figures' rebuild. */
	[STMT_BULK_TUNE] =
	    "SELECT set_config('maintenance_work_mem', '512MB', true),"
	    " set_config('max_parallel_workers_per_gather', reset_val, true)"
	    " FROM pg_settings WHERE name = 'max_parallel_workers_per_gather'",
	[STMT_BULK_UNTUNE] = "RESET maintenance_work_mem",
};

/*
 * The member lists, their counts and the search's statements are
 * planned for their values at each call (PQexecParams), not prepared:
 * their filters are "$n IS NULL OR ..." and their ranges depend on the
 * query, and after five calls PostgreSQL's plan cache settles on a
 * generic plan that ignores both.  STMT_ORG_OUTSIDE above all: its
 * generic plan reads the whole org table twice to find that no
 * organisation lies outside the nation's range (110 ms nationally, on
 * every list and search of a national scope; docs/performance.md).
 */
bool
pg_stmt_plan_each(enum stmt id)
{
	switch (id) {
	case STMT_MCOUNT:
	case STMT_MCOUNT_ORG:
	case STMT_MCOUNT_Q:
	case STMT_MCOUNT_QS:
	case STMT_MCOUNT_R0:
	case STMT_MCOUNT_W:
	case STMT_MCOUNT_WI:
	case STMT_MCOUNT_WORDS:
	case STMT_MLIST_ADMITTED:
	case STMT_MLIST_ADMITTED_AFTER:
	case STMT_MLIST_ADMITTED_ORG:
	case STMT_MLIST_ADMITTED_ORG_AFTER:
	case STMT_MLIST_ADMITTED_Q:
	case STMT_MLIST_ADMITTED_QS:
	case STMT_MLIST_ADMITTED_QS_AFTER:
	case STMT_MLIST_ADMITTED_Q_AFTER:
	case STMT_MLIST_BIRTH:
	case STMT_MLIST_BIRTH_AFTER:
	case STMT_MLIST_BIRTH_ORG:
	case STMT_MLIST_BIRTH_ORG_AFTER:
	case STMT_MLIST_BIRTH_Q:
	case STMT_MLIST_BIRTH_QS:
	case STMT_MLIST_BIRTH_QS_AFTER:
	case STMT_MLIST_BIRTH_Q_AFTER:
	case STMT_MLIST_G0:
	case STMT_MLIST_G1:
	case STMT_MLIST_ID:
	case STMT_MLIST_ID_AFTER:
	case STMT_MLIST_ID_ORG:
	case STMT_MLIST_ID_ORG_AFTER:
	case STMT_MLIST_ID_Q:
	case STMT_MLIST_ID_QS:
	case STMT_MLIST_ID_QS_AFTER:
	case STMT_MLIST_ID_Q_AFTER:
	case STMT_MLIST_NAME:
	case STMT_MLIST_NAME_AFTER:
	case STMT_MLIST_NAME_DESC:
	case STMT_MLIST_NAME_DESC_AFTER:
	case STMT_MLIST_NAME_DESC_ORG:
	case STMT_MLIST_NAME_DESC_ORG_AFTER:
	case STMT_MLIST_NAME_DESC_Q:
	case STMT_MLIST_NAME_DESC_QS:
	case STMT_MLIST_NAME_DESC_QS_AFTER:
	case STMT_MLIST_NAME_DESC_Q_AFTER:
	case STMT_MLIST_NAME_ORG:
	case STMT_MLIST_NAME_ORG_AFTER:
	case STMT_MLIST_NAME_Q:
	case STMT_MLIST_NAME_QS:
	case STMT_MLIST_NAME_QS_AFTER:
	case STMT_MLIST_NAME_Q_AFTER:
	case STMT_MLIST_ONE:
	case STMT_MWORD_STREAM:
	case STMT_ORG_OUTSIDE:
	case STMT_MWORD_WORDS:
	case STMT_MWORD_N_ROWS:
	case STMT_MWORD_N_SPAN:
		return true;
	default:
		return false;
	}
}

const char *
pg_stmt_sql(enum stmt id)
{
	if ((int)id < 0 || id >= STMT__MAX)
		return NULL;
	return stmts[id];
}
