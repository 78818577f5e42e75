/*
 * stmts.c - the SQLite statement table, indexed by enum stmt (store-int.h).
 *
 * The statements are written once in ../stmts.def; this file spells its
 * dialect macros for SQLite and adds the statements that truly differ.
 * Parameters are ?N (reusable), without casts.  Dates and timestamps are
 * TEXT, NULL when unknown.
 */
#include "store/store-int.h"

#define PARAM(s) "?" s
#define PARAM_AS(s, t) "?" s
#define CAST(e, t) e
#define BOOL_INT(e) e
#define INT_BOOL(e) e
#define TS(col) col
#define TS_EXACT(col) col
/* Sorts before every date (a date is never ''). */
#define NODATE "''"
#define NULLS_FIRST ""
/* BEGIN IMMEDIATE already holds the write lock. */
#define FOR_UPDATE ""
#define FOR_SHARE ""
#define INSTR(s, sub) "instr(" s ", " sub ")"
#define LIMIT_ALL_IF_NULL(p) "coalesce(" p ", -1)"
/* Keeps SQLite from reading ON CONFLICT as a join's ON. */
#define UPSERT_SELECT_WHERE " WHERE true"
#define SUBQUERY_AS(a) ""
/* The search's word checks (stmts.def's QWORD, FIRST_START) as the C
 * functions of backend.c: the same truth, the name read once a row. */
#define QWORDS_ON(c) \
	" AND chibo_qwords(" c ", ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25," \
	" ?26, ?27, ?28, ?29)"
#define FIRST_START(c, off, w) "chibo_first_at(" c ", " off ", " w ")"

/*
 * The _ORG and _Q member lists: the unary plus keeps the planner from
 * walking the sort index (and filtering the whole table) when another
 * index finds the few matching rows; those are then sorted.  The q
 * search's arms each use their own index (a MULTI-INDEX OR).
 */
#define SORT_HINT "+"
#define MLIST_ORG MLIST_SELECT("member") MFILTER_ORG
#define MLIST_Q MLIST MFILTER_Q
/* Not a row value: SQLite seeks an expression index only on a plain
 * comparison of its first column. */
#define AFTER_DATE(p, col, k, i) \
	" AND coalesce(" p col ", " NODATE ") >= coalesce(" P( \
	    k) ", " NODATE ")" \
	       " AND (coalesce(" p col ", " NODATE ") > coalesce(" P( \
	           k) ", " NODATE ")" \
	              " OR " p "id > " P(i) ")"

/* STMT_MLIST_G0/G1: the first candidates of one fold index, read from
 * it alone (state is in it: members off the rolls are no candidates of a
 * list of those on them). */
#define RANK_ARM(ix, col) \
	"SELECT id AS cid, sort_key AS ckey FROM member INDEXED BY " ix \
	" WHERE " col " >= ?12 AND " col " < ?13 AND deleted_at IS NULL" \
	" AND (?4 IS NULL OR state = ?4)" \
	" AND (?31 IS NULL OR (sort_key, id) > (?31, ?32))" \
	" ORDER BY sort_key, id LIMIT ?33"
/* The q search's lists: ranked (name order), in a small subtree (S). */
#define MLIST_QR MLIST_SELECT_RANK("member") MFILTER MFILTER_Q
#define MLIST_QS MLIST_SELECT("member") MFILTER_ORG MFILTER_QS
#define MLIST_QSR MLIST_SELECT_RANK("member") MFILTER_ORG MFILTER_QS
/* SQLite compares text in byte order (BINARY) already. */
#define COLLATE_C(e) e
#define FOLD_TEXT(e) e

/* STMT_STAT_ROLL: up the chains through the parents, joined. */
#define STAT_ROLL_UP \
	" up(id, n) AS (SELECT id, n FROM x UNION ALL" \
	" SELECT o.parent_id, up.n FROM up JOIN org AS o ON o.id = up.id" \
	" WHERE o.parent_id IS NOT NULL)," \
	" s(id, n) AS (SELECT id, sum(n) FROM up GROUP BY id)"

/* STMT_MWORD_FILL: the words of the members of bulk batch 1 (as
 * migration 10), split by backend.c's chibo_mwords, in member_word's key
 * order.  Its key is the table (WITHOUT ROWID), so the fast path writes
 * it the same way and has no key to drop. */
#define MWORD_FILL \
	"INSERT INTO member_word (word, pos, skey, member_id, off, mstate," \
	" wname) SELECT w.word, w.pos, m.sort_key, m.id, w.off, m.state," \
	" m.name_fold FROM member AS m, chibo_mwords(m.name_fold) AS w" \
	" WHERE m.import_batch_id = ?1 AND m.deleted_at IS NULL" \
	" ORDER BY 1, 2, 3, 4, 5"

/* A slot written twice (here and in stmts.def) is an error whatever the
 * warning flags (clang knows the option as -Winitializer-overrides). */
#pragma GCC diagnostic error "-Woverride-init"

static const char *const stmts[STMT__MAX] = {
#include "store/stmts.def"

#include "util/banned.h"

	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_SCHEMA_EXISTS] =
	    "SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'table' AND name = 'schema_version'",
	[STMT_SCHEMA_INIT] =
	    "CREATE TABLE IF NOT EXISTS schema_version ("
	    " version INTEGER PRIMARY KEY,"
	    " name TEXT NOT NULL,"
	    " applied_at TEXT NOT NULL)",
	/* BEGIN IMMEDIATE already holds the write lock. */
	[STMT_MIGRATE_LOCK] = "SELECT 1",
	[STMT_ORG_TREE_LOCK] = "SELECT 1",
	/* Writers are serialised, so max(id) + 1 is safe. */
	[STMT_ORG_INSERT] =
	    "INSERT INTO org (id, " ORG_DATA_COLS ", version, created_at,"
	    " updated_at)"
	    " SELECT n.id, ?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8 || printf('%010d', n.id) || '/', ?9,"
	    " ?10, ?11, 1, ?12, ?12"
	    " FROM (SELECT coalesce(max(id), 0) + 1 AS id FROM org) AS n"
	    " RETURNING id, path",
	[STMT_AUTH_FAIL] =
	    "INSERT INTO auth_failure (key, failures, window_start)"
	    " VALUES (?1, 1, ?2) ON CONFLICT (key) DO UPDATE SET"
	    " failures = CASE WHEN auth_failure.window_start <= ?3 THEN 1"
	    " ELSE auth_failure.failures + 1 END,"
	    " window_start = CASE WHEN auth_failure.window_start <= ?3"
	    " THEN excluded.window_start ELSE auth_failure.window_start END"
	    " RETURNING failures",

	[STMT_BULK_MEMBER_ANY] = "SELECT EXISTS (SELECT 1 FROM member)",
	[STMT_BULK_INDEXES] =
	    "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
	    " AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
	[STMT_BULK_FKEYS] = "SELECT '', '' WHERE ?1 IS NULL AND 0",
	[STMT_BULK_ORG] =
	    "INSERT INTO org (id, " ORG_DATA_COLS ", version, created_at,"
	    " updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1,"
	    " ?13, ?14)",
	[STMT_BULK_ORG_EVENT] =
	    "INSERT INTO org_event (org_id, kind, on_date, recorded_by,"
	    " recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_BULK_MEMBER] =
	    "INSERT INTO member (id, " MEMBER_DATA_COLS_C
	    "name_fold, given_fold,"
	    " sort_key, created_at, updated_at, version, import_batch_id)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26,"
	    " ?27, ?28, ?29, 1, ?30)",
	/* INTEGER PRIMARY KEY: nothing to move. */
	[STMT_BULK_SEQUENCES] = "SELECT 1",
	[STMT_MWORD_FILL] = MWORD_FILL,
	[STMT_MWORD_FILL_FAST] = MWORD_FILL,
	[STMT_BULK_MWORD_UNKEY] = "SELECT 1",
	[STMT_BULK_MWORD_REKEY] = "SELECT 1",
	[STMT_BULK_ANALYZE] = "ANALYZE",
	/* 256 MiB of page cache: the index builds sort in it. */
	[STMT_BULK_TUNE] = "PRAGMA cache_size = -262144",
	[STMT_BULK_UNTUNE] = "PRAGMA cache_size = -2000",
	/* A read transaction (WAL: writers go on); the backup API reads
	 * the database through it. */
	[STMT_BACKUP_BEGIN] = "BEGIN DEFERRED",
	[STMT_BACKUP_SNAPSHOT] = "SELECT ''",
	[STMT_INTEGRITY_CHECK] = "PRAGMA integrity_check",
};

const char *
sqlite_stmt_sql(enum stmt id)
{
	if ((int)id < 0 || id >= STMT__MAX)
		return NULL;
	return stmts[id];
}
