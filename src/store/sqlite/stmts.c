/*
 * stmts.c - the SQLite statement table, indexed by enum stmt (store-int.h).
 *
 * Same statements, parameter numbers and result columns as pg/stmts.c.
 * Parameters are ?N (reusable).  Dates are TEXT, NULL when unknown.
 */
#include "store/store-int.h"

#define ORG_COLS \
	"id, kind, name, code, parent_id, path, depth, valid_from, valid_to," \
	" version"

#define MEMBER_COLS \
	"id, full_name, gender, birth_date, birthplace, hometown, ethnicity," \
	" religion, citizen_id, card_no, dossier_no, admission_decision_date," \
	" admitted_on, official_on, status, exempt_since, org_id, job_title," \
	" education, professional_level, theory_level, phone, email, state," \
	" version, created_at, updated_at"

/* The path of a member's organisation (MEM_COL_ORG_PATH), for the scope
 * checks. */
#define MEMBER_ORG_PATH \
	"(SELECT o.path FROM org AS o WHERE o.id = member.org_id)"

#define USER_COLS \
	"id, username, display_name, member_id, disabled, version," \
	" created_at, updated_at"

#define GRANT_SELECT \
	"SELECT g.user_id, g.id, g.role, g.org_id, o.path, o.code, o.name" \
	" FROM user_grant AS g JOIN org AS o ON o.id = g.org_id"

/* The organisation of account u's own member record (not deleted). */
#define OWN_ORG_PATH \
	"(SELECT o.path FROM member AS m JOIN org AS o ON o.id = m.org_id" \
	" WHERE m.id = u.member_id AND m.deleted_at IS NULL)"

#define TOKEN_SELECT \
	"SELECT t.id, t.user_id, u.username, t.name, t.prefix, t.created_at," \
	" t.expires_at, t.revoked_at, t.last_used_at" \
	" FROM api_token AS t JOIN app_user AS u ON u.id = t.user_id"

#define AUDIT_COLS \
	"a.id, a.at, a.actor, a.user_id, a.addr, a.action, a.object_type," \
	" a.object_id, a.org_id, a.before, a.after, a.detail, a.prev_hash," \
	" a.hash"

/* The optional filters (parameters 6-11): ethnicity, admission date
 * range, birth date range (an age band as of a date), no birth date. */
#define MFILTER_MORE \
	" AND (?6 IS NULL OR ethnicity = ?6)" \
	" AND (?7 IS NULL OR admitted_on >= ?7)" \
	" AND (?8 IS NULL OR admitted_on <= ?8)" \
	" AND (?9 IS NULL OR birth_date > ?9)" \
	" AND (?10 IS NULL OR birth_date <= ?10)" \
	" AND (?11 IS NULL OR birth_date IS NULL)"
/* Member lists: the filters shared by every variant (parameters 1-4,
 * then 6-11).  The subtree is checked per row against the organisation's
 * primary key: "org_id IN (subtree)" would build the list of every
 * organisation of the subtree on each call (355,000 for the nation). */
#define MLIST \
	"SELECT " MEMBER_COLS ", " MEMBER_ORG_PATH ", sort_key FROM member" \
	" WHERE deleted_at IS NULL" \
	" AND (?1 IS NULL OR EXISTS (SELECT 1 FROM org AS so" \
	" WHERE so.id = member.org_id AND so.path >= ?1 AND so.path < ?2))" \
	" AND (?3 IS NULL OR status = ?3)" \
	" AND (?4 IS NULL OR state = ?4)" MFILTER_MORE
/* The same for a small subtree (parameters 1-2 set): driven by the
 * subtree's org ids through ix_member__org_id. */
#define MLIST_ORG \
	"SELECT " MEMBER_COLS ", " MEMBER_ORG_PATH ", sort_key FROM member" \
	" WHERE deleted_at IS NULL" \
	" AND org_id IN (SELECT id FROM org WHERE path >= ?1 AND path < ?2)" \
	" AND (?3 IS NULL OR status = ?3)" \
	" AND (?4 IS NULL OR state = ?4)" MFILTER_MORE
/* The q search (parameters 12-14): a prefix of either folded name, or an
 * exact ID.  Each arm can use its own index (a MULTI-INDEX OR); the ID
 * arms repeat "deleted_at IS NULL" so that the partial unique indexes
 * qualify. */
#define MLIST_Q \
	" AND (name_fold >= ?12 AND name_fold < ?13 AND deleted_at IS NULL" \
	" OR given_fold >= ?12 AND given_fold < ?13 AND deleted_at IS NULL" \
	" OR citizen_id = ?14 AND deleted_at IS NULL" \
	" OR card_no = ?14 AND deleted_at IS NULL)"

/* STMT_MLIST_NAME_QC: one arm of the name search, read from its covering
 * index alone (state is in it: members off the rolls are no candidates
 * of a list of those on them). */
#define QC_AFTER \
	" AND (?15 IS NULL OR (sort_key, id) > (?15, ?16))"
#define QC_ARM(ix, col) \
	"SELECT id AS cid, sort_key AS ckey FROM member INDEXED BY " ix \
	" WHERE " col " >= ?12 AND " col " < ?13 AND deleted_at IS NULL" \
	" AND (?4 IS NULL OR state = ?4)" QC_AFTER

/*
 * Keyset conditions and orders.  p is "" for plain lists and "+" for the
 * _ORG and _Q plans: the unary plus keeps the planner from walking the
 * sort index (and filtering the whole table) when another index finds the
 * few matching rows; those are then sorted.
 */
#define AFTER_NAME(p, k, i) \
	" AND (" p "sort_key, " p "id) > (?" k ", ?" i ")"
#define AFTER_NAME_DESC(p, k, i) \
	" AND (" p "sort_key, " p "id) < (?" k ", ?" i ")"
/* Not a row value: SQLite seeks an expression index only on a plain
 * comparison of its first column. */
#define AFTER_DATE(p, col, k, i) \
	" AND coalesce(" p col ", '') >= coalesce(?" k ", '')" \
	" AND (coalesce(" p col ", '') > coalesce(?" k ", '')" \
	" OR " p "id > ?" i ")"
#define AFTER_ID(p, i) " AND " p "id > ?" i

#define BY_NAME(p) " ORDER BY " p "sort_key, " p "id LIMIT ?5"
#define BY_NAME_DESC(p) " ORDER BY " p "sort_key DESC, " p "id DESC LIMIT ?5"
#define BY_DATE(p, col) \
	" ORDER BY coalesce(" p col ", ''), " p "id LIMIT ?5"
#define BY_ID(p) " ORDER BY " p "id LIMIT ?5"

/*
 * Figures: column lists made from STAT_COLS (store-int.h).  STAT_UP(p)
 * is the chain of organisation p: it and every organisation above it.
 */
#define SC_SEL(c, n) ", " #c
#define SC_SEL_S(c, n) ", s." #c
#define SC_SUM(c, n) ", sum(c." #c ") AS " #c
#define SC_ADD_FIRST(c, n) " " #c " = " #c " + ?" n
#define SC_ADD(c, n) ", " #c " = " #c " + ?" n
#define SC_PROP_FIRST(c, n) " " #c " = org_stat." #c " + s." #c
#define SC_PROP(c, n) ", " #c " = org_stat." #c " + s." #c
#define STAT_UP(p) \
	"WITH RECURSIVE up(id) AS (SELECT " p " UNION ALL" \
	" SELECT o.parent_id FROM org AS o JOIN up ON o.id = up.id" \
	" WHERE o.parent_id IS NOT NULL) "
/* What a member counts by (struct member's fields). */
#define STAT_MEMBER_COLS \
	"org_id, state, status, gender, birth_date, exempt_since," \
	" theory_level, ethnicity"
/* The rebuild: direct counts (0 for an organisation without members)
 * after the id, then the open organisation's kind. */
#define STAT_MEMBER_COUNTS_REST \
	", coalesce(d.members, 0), coalesce(d.official, 0)," \
	" coalesce(d.probationary, 0), coalesce(d.male, 0)," \
	" coalesce(d.female, 0), coalesce(d.exempted, 0)," \
	" coalesce(d.age_0, 0), coalesce(d.age_1, 0), coalesce(d.age_2, 0)," \
	" coalesce(d.age_3, 0), coalesce(d.age_4, 0), coalesce(d.age_5, 0)," \
	" coalesce(d.age_6, 0), coalesce(d.age_7, 0)," \
	" coalesce(d.age_unknown, 0), coalesce(d.theory_none, 0)," \
	" coalesce(d.theory_elementary, 0)," \
	" coalesce(d.theory_intermediate, 0)," \
	" coalesce(d.theory_advanced, 0), coalesce(d.theory_bachelor, 0)," \
	" coalesce(d.theory_other, 0)"
#define KIND_COUNT(k) \
	", CASE WHEN o.valid_to IS NULL AND o.kind = '" k "' THEN 1 ELSE 0 END"
/* Age band k: born on or before cutoff k, after cutoff k + 1 (if any). */
#define BAND(k, k1) \
	" sum(CASE WHEN m.birth_date <= ?" k " AND (?" k1 " IS NULL" \
	" OR m.birth_date > ?" k1 ") THEN 1 ELSE 0 END) AS age_" k ","
/* Theory level category k (enum theory_level) named name. */
#define THEORY(k, name) \
	" sum(CASE WHEN coalesce(t.cat, 0) = " k " THEN 1 ELSE 0 END)" \
	" AS theory_" name ","
/* Age band k of the roll: + n if it is the band gained (3), - n if the
 * band lost (4). */
#define ROLL_FIRST \
	" age_0 = age_0 + (CASE ?3 WHEN 0 THEN s.n ELSE 0 END)" \
	" - (CASE ?4 WHEN 0 THEN s.n ELSE 0 END)"
#define ROLL(k) \
	", age_" k " = age_" k " + (CASE ?3 WHEN " k " THEN s.n ELSE 0 END)" \
	" - (CASE ?4 WHEN " k " THEN s.n ELSE 0 END)"

static const char *const stmts[STMT__MAX] = {
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_SAVEPOINT] = "SAVEPOINT sp",
	[STMT_RELEASE] = "RELEASE SAVEPOINT sp",
	[STMT_ROLLBACK_TO] = "ROLLBACK TO SAVEPOINT sp",

	[STMT_SCHEMA_EXISTS] =
	    "SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'table' AND name = 'schema_version'",
	[STMT_SCHEMA_INIT] =
	    "CREATE TABLE IF NOT EXISTS schema_version ("
	    " version INTEGER PRIMARY KEY,"
	    " name TEXT NOT NULL,"
	    " applied_at TEXT NOT NULL)",
	[STMT_SCHEMA_VERSION] =
	    "SELECT coalesce(max(version), 0) FROM schema_version",
	[STMT_SCHEMA_RECORD] =
	    "INSERT INTO schema_version (version, name, applied_at)"
	    " VALUES (?1, ?2, ?3)",
	/* BEGIN IMMEDIATE already holds the write lock. */
	[STMT_MIGRATE_LOCK] = "SELECT 1",

	[STMT_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[STMT_META_SET] =
	    "INSERT INTO meta (key, value) VALUES (?1, ?2)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",

	/* BEGIN IMMEDIATE already holds the write lock. */
	[STMT_ORG_TREE_LOCK] = "SELECT 1",
	/* 1 kind, 2 name, 3 name_fold, 4 name_key, 5 code, 6 code_fold,
	 * 7 parent_id, 8 parent's path ("/" for a root), 9 depth,
	 * 10 valid_from, 11 valid_to, 12 now.  The id is chosen in the
	 * statement so that the path can include it; writers are serialised,
	 * so max(id) + 1 is safe. */
	[STMT_ORG_INSERT] =
	    "INSERT INTO org (id, kind, name, name_fold, name_key, code,"
	    " code_fold, parent_id, path, depth, valid_from, valid_to, version,"
	    " created_at, updated_at)"
	    " SELECT n.id, ?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8 || printf('%010d', n.id) || '/', ?9,"
	    " ?10, ?11, 1, ?12, ?12"
	    " FROM (SELECT coalesce(max(id), 0) + 1 AS id FROM org) AS n"
	    " RETURNING id, path",
	[STMT_ORG_GET] = "SELECT " ORG_COLS " FROM org WHERE id = ?1",
	[STMT_ORG_GET_BY_CODE] =
	    "SELECT " ORG_COLS " FROM org WHERE code = ?1",
	/* 1 id, 2 expected version (0: any), 3 kind, 4 name, 5 name_fold,
	 * 6 name_key, 7 code, 8 code_fold, 9 parent_id, 10 valid_from,
	 * 11 valid_to, 12 now, 13 path, 14 depth */
	[STMT_ORG_UPDATE] =
	    "UPDATE org SET kind = ?3, name = ?4, name_fold = ?5,"
	    " name_key = ?6, code = ?7, code_fold = ?8, parent_id = ?9,"
	    " valid_from = ?10, valid_to = ?11, updated_at = ?12, path = ?13,"
	    " depth = ?14, version = version + 1"
	    " WHERE id = ?1 AND (?2 = 0 OR version = ?2)"
	    " RETURNING version",
	/* 1 old path, 2 its range end, 3 new path, 4 depth change, 5 now:
	 * rewrites the descendants of a moved organisation. */
	[STMT_ORG_MOVE_SUBTREE] =
	    "UPDATE org SET path = ?3 || substr(path, length(?1) + 1),"
	    " depth = depth + ?4, version = version + 1, updated_at = ?5"
	    " WHERE path > ?1 AND path < ?2",
	/* 1 path after (exclusive), 2 range start, 3 range end, 4 parent_id,
	 * 5 roots only, 6 include closed, 7 folded q, 8 limit (NULL: all) */
	[STMT_ORG_LIST] =
	    "SELECT " ORG_COLS " FROM org"
	    " WHERE path > ?1 AND path >= ?2 AND path < ?3"
	    " AND (?4 IS NULL OR parent_id = ?4)"
	    " AND (?5 = 0 OR parent_id IS NULL)"
	    " AND (?6 = 1 OR valid_to IS NULL)"
	    " AND (?7 IS NULL OR instr(name_fold, ?7) > 0"
	    " OR instr(code_fold, ?7) > 0)"
	    " ORDER BY path LIMIT coalesce(?8, -1)",
	/* 1 id, 2 its path, 3 its range end */
	[STMT_ORG_COUNTS] =
	    "SELECT (SELECT count(*) FROM member WHERE org_id = ?1"
	    " AND state = 'active' AND deleted_at IS NULL),"
	    " s.total, s.official, s.probationary,"
	    " (SELECT count(*) FROM org WHERE parent_id = ?1"
	    " AND valid_to IS NULL),"
	    " (SELECT count(*) FROM org WHERE path > ?2 AND path < ?3"
	    " AND valid_to IS NULL)"
	    " FROM (SELECT count(*) AS total,"
	    " coalesce(sum(CASE WHEN m.status = 'official' THEN 1 ELSE 0 END),"
	    " 0) AS official,"
	    " coalesce(sum(CASE WHEN m.status = 'probationary' THEN 1 ELSE 0"
	    " END), 0) AS probationary"
	    " FROM org AS o JOIN member AS m ON m.org_id = o.id"
	    " WHERE o.path >= ?2 AND o.path < ?3"
	    " AND m.state = 'active' AND m.deleted_at IS NULL) AS s",
	[STMT_ORG_MAX_ID] = "SELECT coalesce(max(id), 0) FROM org",
	[STMT_ORG_SUBTREE_SIZE] =
	    "SELECT count(*) FROM (SELECT 1 FROM org"
	    " WHERE path >= ?1 AND path < ?2 LIMIT ?3) AS s",
	/* 1 from, 2 to, 3 now */
	[STMT_ORG_MOVE_MEMBERS] =
	    "UPDATE member SET org_id = ?2, version = version + 1,"
	    " updated_at = ?3 WHERE org_id = ?1 AND deleted_at IS NULL",
	/* 1 org_id, 2 kind, 3 on, 4 doc_no, 5 details, 6 recorded_by,
	 * 7 recorded_at */
	[STMT_ORG_EVENT_ADD] =
	    "INSERT INTO org_event (org_id, kind, on_date, doc_no, details,"
	    " recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	    " RETURNING id",
	[STMT_ORG_EVENTS] =
	    "SELECT id, org_id, kind, on_date, doc_no, details, recorded_by,"
	    " recorded_at FROM org_event WHERE org_id = ?1"
	    " ORDER BY on_date, id",
	[STMT_ORG_PATH] = "SELECT path FROM org WHERE id = ?1",

	/* 1-23 the fields in MEM_COL_* order from full_name to state,
	 * 24 name_fold, 25 given_fold, 26 sort_key, 27 now */
	[STMT_MEMBER_INSERT] =
	    "INSERT INTO member (full_name, gender, birth_date, birthplace,"
	    " hometown, ethnicity, religion, citizen_id, card_no, dossier_no,"
	    " admission_decision_date, admitted_on, official_on, status,"
	    " exempt_since, org_id, job_title, education, professional_level,"
	    " theory_level, phone, email, state, name_fold, given_fold,"
	    " sort_key, created_at, updated_at, version)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26,"
	    " ?27, ?27, 1)"
	    " RETURNING id",
	[STMT_MEMBER_GET] =
	    "SELECT " MEMBER_COLS ", " MEMBER_ORG_PATH " FROM member"
	    " WHERE id = ?1 AND deleted_at IS NULL",
	[STMT_MEMBER_VERSION] =
	    "SELECT version FROM member WHERE id = ?1 AND deleted_at IS NULL",
	/* -> id, its organisation's path */
	[STMT_MEMBER_FIND_CITIZEN_ID] =
	    "SELECT id, " MEMBER_ORG_PATH " FROM member"
	    " WHERE citizen_id = ?1 AND deleted_at IS NULL",
	[STMT_MEMBER_FIND_CARD_NO] =
	    "SELECT id, " MEMBER_ORG_PATH " FROM member"
	    " WHERE card_no = ?1 AND deleted_at IS NULL",
	/* 1-27 as STMT_MEMBER_INSERT, 28 id, 29 expected version (0: any) */
	[STMT_MEMBER_UPDATE] =
	    "UPDATE member SET full_name = ?1, gender = ?2, birth_date = ?3,"
	    " birthplace = ?4, hometown = ?5, ethnicity = ?6, religion = ?7,"
	    " citizen_id = ?8, card_no = ?9, dossier_no = ?10,"
	    " admission_decision_date = ?11, admitted_on = ?12,"
	    " official_on = ?13, status = ?14, exempt_since = ?15,"
	    " org_id = ?16, job_title = ?17, education = ?18,"
	    " professional_level = ?19, theory_level = ?20, phone = ?21,"
	    " email = ?22, state = ?23, name_fold = ?24, given_fold = ?25,"
	    " sort_key = ?26, updated_at = ?27, version = version + 1"
	    " WHERE id = ?28 AND deleted_at IS NULL"
	    " AND (?29 = 0 OR version = ?29)"
	    " RETURNING version",
	/* 1 id, 2 expected version (0: any), 3 now */
	[STMT_MEMBER_DELETE] =
	    "UPDATE member SET deleted_at = ?3, updated_at = ?3,"
	    " version = version + 1"
	    " WHERE id = ?1 AND deleted_at IS NULL"
	    " AND (?2 = 0 OR version = ?2)"
	    " RETURNING version",
	[STMT_MEMBER_SCOPE] =
	    "SELECT m.org_id, o.path, m.deleted_at IS NOT NULL"
	    " FROM member AS m LEFT JOIN org AS o ON o.id = m.org_id"
	    " WHERE m.id = ?1",

	[STMT_MLIST_NAME] = MLIST
	    BY_NAME(""),
	[STMT_MLIST_NAME_AFTER] = MLIST
	    AFTER_NAME("", "12", "13")
	    BY_NAME(""),
	[STMT_MLIST_NAME_ORG] = MLIST_ORG
	    BY_NAME("+"),
	[STMT_MLIST_NAME_ORG_AFTER] = MLIST_ORG
	    AFTER_NAME("+", "12", "13")
	    BY_NAME("+"),
	[STMT_MLIST_NAME_Q] = MLIST MLIST_Q
	    BY_NAME("+"),
	[STMT_MLIST_NAME_Q_AFTER] = MLIST MLIST_Q
	    AFTER_NAME("+", "15", "16")
	    BY_NAME("+"),
	[STMT_MLIST_NAME_DESC] = MLIST
	    BY_NAME_DESC(""),
	[STMT_MLIST_NAME_DESC_AFTER] = MLIST
	    AFTER_NAME_DESC("", "12", "13")
	    BY_NAME_DESC(""),
	[STMT_MLIST_NAME_DESC_ORG] = MLIST_ORG
	    BY_NAME_DESC("+"),
	[STMT_MLIST_NAME_DESC_ORG_AFTER] = MLIST_ORG
	    AFTER_NAME_DESC("+", "12", "13")
	    BY_NAME_DESC("+"),
	[STMT_MLIST_NAME_DESC_Q] = MLIST MLIST_Q
	    BY_NAME_DESC("+"),
	[STMT_MLIST_NAME_DESC_Q_AFTER] = MLIST MLIST_Q
	    AFTER_NAME_DESC("+", "15", "16")
	    BY_NAME_DESC("+"),
	[STMT_MLIST_BIRTH] = MLIST
	    BY_DATE("", "birth_date"),
	[STMT_MLIST_BIRTH_AFTER] = MLIST
	    AFTER_DATE("", "birth_date", "12", "13")
	    BY_DATE("", "birth_date"),
	[STMT_MLIST_BIRTH_ORG] = MLIST_ORG
	    BY_DATE("+", "birth_date"),
	[STMT_MLIST_BIRTH_ORG_AFTER] = MLIST_ORG
	    AFTER_DATE("+", "birth_date", "12", "13")
	    BY_DATE("+", "birth_date"),
	[STMT_MLIST_BIRTH_Q] = MLIST MLIST_Q
	    BY_DATE("+", "birth_date"),
	[STMT_MLIST_BIRTH_Q_AFTER] = MLIST MLIST_Q
	    AFTER_DATE("+", "birth_date", "15", "16")
	    BY_DATE("+", "birth_date"),
	[STMT_MLIST_ADMITTED] = MLIST
	    BY_DATE("", "admitted_on"),
	[STMT_MLIST_ADMITTED_AFTER] = MLIST
	    AFTER_DATE("", "admitted_on", "12", "13")
	    BY_DATE("", "admitted_on"),
	[STMT_MLIST_ADMITTED_ORG] = MLIST_ORG
	    BY_DATE("+", "admitted_on"),
	[STMT_MLIST_ADMITTED_ORG_AFTER] = MLIST_ORG
	    AFTER_DATE("+", "admitted_on", "12", "13")
	    BY_DATE("+", "admitted_on"),
	[STMT_MLIST_ADMITTED_Q] = MLIST MLIST_Q
	    BY_DATE("+", "admitted_on"),
	[STMT_MLIST_ADMITTED_Q_AFTER] = MLIST MLIST_Q
	    AFTER_DATE("+", "admitted_on", "15", "16")
	    BY_DATE("+", "admitted_on"),
	[STMT_MLIST_ID] = MLIST
	    BY_ID(""),
	[STMT_MLIST_ID_AFTER] = MLIST
	    AFTER_ID("", "12")
	    BY_ID(""),
	[STMT_MLIST_ID_ORG] = MLIST_ORG
	    BY_ID("+"),
	[STMT_MLIST_ID_ORG_AFTER] = MLIST_ORG
	    AFTER_ID("+", "12")
	    BY_ID("+"),
	[STMT_MLIST_ID_Q] = MLIST MLIST_Q
	    BY_ID("+"),
	[STMT_MLIST_ID_Q_AFTER] = MLIST MLIST_Q
	    AFTER_ID("+", "15")
	    BY_ID("+"),
	[STMT_MLIST_NAME_QC] =
	    "SELECT " MEMBER_COLS ", " MEMBER_ORG_PATH ", sort_key, c.cn"
	    " FROM (SELECT cid, ckey, count(*) OVER () AS cn FROM ("
	    QC_ARM("ix_member__name_fold", "name_fold")
	    " UNION " QC_ARM("ix_member__given_fold", "given_fold")
	    " UNION SELECT id AS cid, sort_key AS ckey FROM member"
	    " WHERE citizen_id = ?14 AND deleted_at IS NULL" QC_AFTER
	    " UNION SELECT id AS cid, sort_key AS ckey FROM member"
	    " WHERE card_no = ?14 AND deleted_at IS NULL" QC_AFTER
	    " ORDER BY 2, 1 LIMIT ?17)) AS c"
	    " JOIN member ON member.id = c.cid"
	    " WHERE deleted_at IS NULL"
	    " AND (?1 IS NULL OR EXISTS (SELECT 1 FROM org AS so"
	    " WHERE so.id = member.org_id AND so.path >= ?1 AND so.path < ?2))"
	    " AND (?3 IS NULL OR status = ?3)"
	    " AND (?4 IS NULL OR state = ?4)" MFILTER_MORE
	    " ORDER BY c.ckey, c.cid LIMIT ?5",
	[STMT_MLIST_ONE] = MLIST
	    " AND (?12 IS NULL"
	    " OR name_fold >= ?12 AND name_fold < ?13"
	    " OR given_fold >= ?12 AND given_fold < ?13"
	    " OR citizen_id = ?14 OR card_no = ?14)"
	    " AND id = ?15 LIMIT ?5",

	/* 1 member_id, 2 kind, 3 on, 4 doc_no, 5 org_id, 6 details,
	 * 7 recorded_by, 8 recorded_at */
	[STMT_MEMBER_EVENT_ADD] =
	    "INSERT INTO member_event (member_id, kind, on_date, doc_no,"
	    " org_id, details, recorded_by, recorded_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
	[STMT_MEMBER_EVENTS] =
	    "SELECT id, member_id, kind, on_date, doc_no, org_id, details,"
	    " recorded_by, recorded_at FROM member_event"
	    " WHERE member_id = ?1 ORDER BY on_date, id",

	/* 1 rule_id, 2 value_name, 3 value (JSON), 4 org_id, 5 valid_from,
	 * 6 valid_to, 7 doc_no, 8 recorded_by, 9 recorded_at */
	[STMT_OVERRIDE_ADD] =
	    "INSERT INTO rule_override (rule_id, value_name, value, org_id,"
	    " valid_from, valid_to, doc_no, recorded_by, recorded_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
	[STMT_OVERRIDES_LOAD] =
	    "SELECT r.id, r.rule_id, r.value_name, r.value, r.org_id, o.path,"
	    " r.valid_from, r.valid_to, r.doc_no, r.recorded_by, r.recorded_at"
	    " FROM rule_override AS r JOIN org AS o ON o.id = r.org_id"
	    " ORDER BY r.id",

	/* 1 username, 2 display_name, 3 member_id, 4 password_hash,
	 * 5 disabled (0/1), 6 now */
	[STMT_USER_INSERT] =
	    "INSERT INTO app_user (username, display_name, member_id,"
	    " password_hash, disabled, version, created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6) RETURNING id",
	[STMT_USER_GET] =
	    "SELECT " USER_COLS ", password_hash FROM app_user WHERE id = ?1",
	[STMT_USER_GET_BY_NAME] =
	    "SELECT " USER_COLS ", password_hash FROM app_user"
	    " WHERE username = ?1",
	[STMT_USER_LIST] =
	    "SELECT " USER_COLS ", NULL FROM app_user ORDER BY username",
	/* 1 id, 2 hash (NULL: none), 3 now */
	[STMT_USER_SET_PASSWORD] =
	    "UPDATE app_user SET password_hash = ?2, version = version + 1,"
	    " updated_at = ?3 WHERE id = ?1",
	/* 1 id, 2 disabled (0/1), 3 now */
	[STMT_USER_SET_DISABLED] =
	    "UPDATE app_user SET disabled = ?2, version = version + 1,"
	    " updated_at = ?3 WHERE id = ?1",
	/* 1 id, 2 now */
	[STMT_USER_TOUCH] =
	    "UPDATE app_user SET version = version + 1, updated_at = ?2"
	    " WHERE id = ?1",
	/* 1 subtree start, 2 subtree end (path range) */
	[STMT_USER_TOUCH_SUBTREE] =
	    "UPDATE app_user SET version = version + 1 WHERE id IN"
	    " (SELECT g.user_id FROM user_grant AS g"
	    " JOIN org AS o ON o.id = g.org_id"
	    " WHERE o.path >= ?1 AND o.path < ?2)",
	/* 1 user_id, 2 role, 3 org_id, 4 now; no row: the grant exists */
	[STMT_GRANT_ADD] =
	    "INSERT INTO user_grant (user_id, role, org_id, created_at)"
	    " VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT (user_id, role, org_id) DO NOTHING RETURNING id",
	[STMT_GRANT_REMOVE] =
	    "DELETE FROM user_grant"
	    " WHERE user_id = ?1 AND role = ?2 AND org_id = ?3",
	[STMT_GRANTS_OF] = GRANT_SELECT " WHERE g.user_id = ?1 ORDER BY g.id",
	[STMT_GRANTS_ALL] = GRANT_SELECT " ORDER BY g.user_id, g.id",

	/* 1 id_hash, 2 user_id, 3 csrf_hash, 4 expires_at, 5 addr,
	 * 6 user_agent, 7 now */
	[STMT_SESSION_INSERT] =
	    "INSERT INTO session (id_hash, user_id, csrf_hash, created_at,"
	    " last_seen_at, expires_at, addr, user_agent)"
	    " VALUES (?1, ?2, ?3, ?7, ?7, ?4, ?5, ?6)",
	[STMT_SESSION_GET] =
	    "SELECT id_hash, user_id, csrf_hash, created_at, last_seen_at,"
	    " expires_at, addr, user_agent FROM session WHERE id_hash = ?1",
	/* -> CHECK_COL_*: what every request checks, in one read */
	[STMT_SESSION_CHECK] =
	    "SELECT 0, s.user_id, s.expires_at, s.last_seen_at, 0,"
	    " u.disabled, u.version, " OWN_ORG_PATH
	    " FROM session AS s JOIN app_user AS u ON u.id = s.user_id"
	    " WHERE s.id_hash = ?1",
	/* 1 id_hash, 2 now */
	[STMT_SESSION_TOUCH] =
	    "UPDATE session SET last_seen_at = ?2 WHERE id_hash = ?1",
	[STMT_SESSION_DELETE] = "DELETE FROM session WHERE id_hash = ?1",
	[STMT_SESSION_DELETE_USER] = "DELETE FROM session WHERE user_id = ?1",
	/* 1 expired before, 2 idle before (either NULL: not that test) */
	[STMT_SESSION_PURGE] =
	    "DELETE FROM session WHERE expires_at < ?1 OR last_seen_at < ?2",

	/* 1 user_id, 2 name, 3 prefix, 4 token_hash, 5 expires_at, 6 now */
	[STMT_TOKEN_INSERT] =
	    "INSERT INTO api_token (user_id, name, prefix, token_hash,"
	    " created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?6, ?5)"
	    " RETURNING id",
	[STMT_TOKEN_FIND] = TOKEN_SELECT " WHERE t.token_hash = ?1",
	[STMT_TOKEN_CHECK] =
	    "SELECT t.id, t.user_id, t.expires_at, t.last_used_at,"
	    " t.revoked_at IS NOT NULL, u.disabled, u.version, "
	    OWN_ORG_PATH
	    " FROM api_token AS t JOIN app_user AS u ON u.id = t.user_id"
	    " WHERE t.token_hash = ?1",
	/* 1 user_id (NULL: all) */
	[STMT_TOKEN_LIST] =
	    TOKEN_SELECT " WHERE ?1 IS NULL OR t.user_id = ?1"
	    " ORDER BY t.created_at DESC, t.id DESC",
	/* 1 id, 2 now */
	[STMT_TOKEN_REVOKE] =
	    "UPDATE api_token SET revoked_at = coalesce(revoked_at, ?2)"
	    " WHERE id = ?1",
	[STMT_TOKEN_TOUCH] =
	    "UPDATE api_token SET last_used_at = ?2 WHERE id = ?1",

	/* 1 key, 2 now, 3 now - window: a window that began then or earlier
	 * is over, and this failure starts a new one.  -> the count. */
	[STMT_AUTH_FAIL] =
	    "INSERT INTO auth_failure (key, failures, window_start)"
	    " VALUES (?1, 1, ?2) ON CONFLICT (key) DO UPDATE SET"
	    " failures = CASE WHEN auth_failure.window_start <= ?3 THEN 1"
	    " ELSE auth_failure.failures + 1 END,"
	    " window_start = CASE WHEN auth_failure.window_start <= ?3"
	    " THEN excluded.window_start ELSE auth_failure.window_start END"
	    " RETURNING failures",
	/* 1 key, 2 now - window */
	[STMT_AUTH_FAILURES] =
	    "SELECT failures FROM auth_failure"
	    " WHERE key = ?1 AND window_start > ?2",
	[STMT_AUTH_CLEAR] = "DELETE FROM auth_failure WHERE key = ?1",

	/* BEGIN IMMEDIATE already serialises the writers. */
	[STMT_AUDIT_LOCK] =
	    "SELECT last_id, last_hash FROM audit_head WHERE id = 1",
	/* 1-14: the columns in AUDIT_COL_* order */
	[STMT_AUDIT_INSERT] =
	    "INSERT INTO audit (id, at, actor, user_id, addr, action,"
	    " object_type, object_id, org_id, before, after, detail,"
	    " prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	    " ?10, ?11, ?12, ?13, ?14)",
	/* 1 new last id, 2 its hash, 3 the last id read under the lock */
	[STMT_AUDIT_HEAD_SET] =
	    "UPDATE audit_head SET last_id = ?1, last_hash = ?2"
	    " WHERE id = 1 AND last_id = ?3",
	[STMT_AUDIT_HEAD] =
	    "SELECT last_id, last_hash FROM audit_head WHERE id = 1",
	/* 1 path low (NULL: any, installation-wide entries included),
	 * 2 path high, 3 member id (NULL: any), 4 action (NULL: any),
	 * 5 ids below (NULL: newest), 6 limit */
	[STMT_AUDIT_LIST] =
	    "SELECT " AUDIT_COLS ", o.path"
	    " FROM audit AS a LEFT JOIN org AS o ON o.id = a.org_id"
	    " WHERE (?1 IS NULL OR a.org_id IN"
	    " (SELECT id FROM org WHERE path >= ?1 AND path < ?2))"
	    " AND (?3 IS NULL OR a.object_type = 'member'"
	    " AND a.object_id = ?3)"
	    " AND (?4 IS NULL OR a.action = ?4)"
	    " AND (?5 IS NULL OR a.id < ?5)"
	    " ORDER BY a.id DESC LIMIT ?6",
	/* 1 ids above, 2 limit */
	[STMT_AUDIT_EACH] =
	    "SELECT " AUDIT_COLS " FROM audit AS a WHERE a.id > ?1"
	    " ORDER BY a.id LIMIT ?2",

	[STMT_BULK_MEMBER_ANY] = "SELECT EXISTS (SELECT 1 FROM member)",
	[STMT_BULK_MAX_IDS] =
	    "SELECT (SELECT coalesce(max(id), 0) FROM org),"
	    " (SELECT coalesce(max(id), 0) FROM org_event),"
	    " (SELECT coalesce(max(id), 0) FROM member)",
	[STMT_BULK_INDEXES] =
	    "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
	    " AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
	[STMT_BULK_FKEYS] = "SELECT '', '' WHERE ?1 IS NULL AND 0",
	[STMT_BULK_BATCH_ADD] =
	    "INSERT INTO import_batch (source, file_name, file_sha256, rows,"
	    " actor, user_id, on_date, created_at)"
	    " VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7) RETURNING id",
	[STMT_BULK_BATCH_ROWS] =
	    "UPDATE import_batch SET rows = ?2 WHERE id = ?1",
	[STMT_BULK_BATCH_HASH] =
	    "UPDATE import_batch SET file_sha256 = ?2 WHERE id = ?1",
	[STMT_BULK_BATCH_GET] =
	    "SELECT source, file_name, file_sha256, rows, actor, user_id,"
	    " on_date, created_at FROM import_batch WHERE id = ?1",
	[STMT_BULK_MEMBER_BATCH] =
	    "SELECT import_batch_id FROM member WHERE id = ?1",
	[STMT_BULK_ORG] =
	    "INSERT INTO org (id, kind, name, name_fold, name_key, code,"
	    " code_fold, parent_id, path, depth, valid_from, valid_to, version,"
	    " created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1,"
	    " ?13, ?14)",
	[STMT_BULK_ORG_EVENT] =
	    "INSERT INTO org_event (org_id, kind, on_date, recorded_by,"
	    " recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_BULK_MEMBER] =
	    "INSERT INTO member (id, full_name, gender, birth_date, birthplace,"
	    " hometown, ethnicity, religion, citizen_id, card_no, dossier_no,"
	    " admission_decision_date, admitted_on, official_on, status,"
	    " exempt_since, org_id, job_title, education, professional_level,"
	    " theory_level, phone, email, state, name_fold, given_fold,"
	    " sort_key, created_at, updated_at, version, import_batch_id)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26,"
	    " ?27, ?28, ?29, 1, ?30)",
	/* INTEGER PRIMARY KEY: nothing to move. */
	[STMT_BULK_SEQUENCES] = "SELECT 1",
	[STMT_BULK_ANALYZE] = "ANALYZE",
	/* 256 MiB of page cache: the index builds sort in it. */
	[STMT_BULK_TUNE] = "PRAGMA cache_size = -262144",
	[STMT_BULK_UNTUNE] = "PRAGMA cache_size = -2000",

	/* Figures (store-stats.c).  Writers hold the clock: BEGIN IMMEDIATE
	 * already serialises them. */
	[STMT_STAT_CLOCK_LOCK] =
	    "SELECT as_of, edges FROM stat_clock WHERE id = 1",
	[STMT_STAT_CLOCK_GET] =
	    "SELECT as_of, edges FROM stat_clock WHERE id = 1",
	[STMT_STAT_CLOCK_SET] =
	    "UPDATE stat_clock SET as_of = ?1, edges = ?2,"
	    " built_at = coalesce(?3, built_at) WHERE id = 1",
	[STMT_STAT_ADD] = STAT_UP("?1")
	    "UPDATE org_stat SET" STAT_COL_FIRST(SC_ADD_FIRST)
	    STAT_COLS_REST(SC_ADD)
	    " WHERE org_id IN (SELECT id FROM up)",
	/* The WHERE keeps SQLite from reading ON CONFLICT as a join's ON. */
	[STMT_STAT_ETH_ADD] = STAT_UP("?1")
	    "INSERT INTO org_ethnicity (org_id, ethnicity, n)"
	    " SELECT id, ?2, ?3 FROM up WHERE true"
	    " ON CONFLICT (org_id, ethnicity)"
	    " DO UPDATE SET n = org_ethnicity.n + excluded.n",
	[STMT_STAT_ORG_INSERT] = "INSERT INTO org_stat (org_id) VALUES (?1)",
	[STMT_STAT_GET] =
	    "SELECT s.org_id" STAT_COLS(SC_SEL_S) ", c.as_of, c.edges"
	    " FROM org_stat AS s, stat_clock AS c"
	    " WHERE s.org_id = ?1 AND c.id = 1",
	[STMT_STAT_ETH_GET] =
	    "SELECT ethnicity, n FROM org_ethnicity"
	    " WHERE org_id = ?1 AND n <> 0 ORDER BY n DESC, ethnicity",
	[STMT_STAT_MEMBER_OLD] =
	    "SELECT " STAT_MEMBER_COLS " FROM member"
	    " WHERE id = ?1 AND deleted_at IS NULL",
	[STMT_STAT_ORG_MEMBERS] =
	    "SELECT " STAT_MEMBER_COLS " FROM member"
	    " WHERE org_id = ?1 AND state = 'active' AND deleted_at IS NULL",
	/* Through ix_member__birth_date (its coalesce). */
	[STMT_STAT_ROLL] =
	    "WITH RECURSIVE x(id, n) AS (SELECT org_id, count(*) FROM member"
	    " WHERE coalesce(birth_date, '') > ?1"
	    " AND coalesce(birth_date, '') <= ?2"
	    " AND state = 'active' AND deleted_at IS NULL"
	    " AND org_id IS NOT NULL GROUP BY org_id),"
	    " up(id, n) AS (SELECT id, n FROM x UNION ALL"
	    " SELECT o.parent_id, up.n FROM up JOIN org AS o ON o.id = up.id"
	    " WHERE o.parent_id IS NOT NULL),"
	    " s(id, n) AS (SELECT id, sum(n) FROM up GROUP BY id)"
	    " UPDATE org_stat SET" ROLL_FIRST ROLL("1") ROLL("2") ROLL("3")
	    ROLL("4") ROLL("5") ROLL("6") ROLL("7")
	    " FROM s WHERE org_stat.org_id = s.id",
	[STMT_STAT_CLEAR] = "DELETE FROM org_stat",
	[STMT_STAT_ETH_CLEAR] = "DELETE FROM org_ethnicity",
	[STMT_STAT_THEORY_CLEAR] = "DELETE FROM stat_theory",
	[STMT_STAT_THEORY_LEVELS] =
	    "SELECT DISTINCT theory_level FROM member"
	    " WHERE theory_level IS NOT NULL AND theory_level <> ''",
	[STMT_STAT_THEORY_ADD] =
	    "INSERT INTO stat_theory (level, cat) VALUES (?1, ?2)",
	[STMT_STAT_REBUILD] =
	    "INSERT INTO org_stat (org_id" STAT_COLS(SC_SEL) ")"
	    " SELECT o.id" STAT_MEMBER_COUNTS_REST
	    KIND_COUNT("central") KIND_COUNT("province")
	    KIND_COUNT("upper_grassroots") KIND_COUNT("grassroots")
	    KIND_COUNT("grassroots_cell") KIND_COUNT("sub_committee")
	    KIND_COUNT("cell") KIND_COUNT("group")
	    " FROM org AS o LEFT JOIN (SELECT m.org_id AS org_id,"
	    " count(*) AS members,"
	    " sum(CASE WHEN m.status = 'official' THEN 1 ELSE 0 END)"
	    " AS official,"
	    " sum(CASE WHEN m.status = 'probationary' THEN 1 ELSE 0 END)"
	    " AS probationary,"
	    " sum(CASE WHEN m.gender = 'male' THEN 1 ELSE 0 END) AS male,"
	    " sum(CASE WHEN m.gender = 'female' THEN 1 ELSE 0 END) AS female,"
	    " sum(CASE WHEN m.exempt_since IS NOT NULL THEN 1 ELSE 0 END)"
	    " AS exempted,"
	    " sum(CASE WHEN m.birth_date IS NOT NULL"
	    " AND (?1 IS NULL OR m.birth_date > ?1) THEN 1 ELSE 0 END)"
	    " AS age_0,"
	    BAND("1", "2") BAND("2", "3") BAND("3", "4") BAND("4", "5")
	    BAND("5", "6") BAND("6", "7")
	    " sum(CASE WHEN m.birth_date <= ?7 THEN 1 ELSE 0 END) AS age_7,"
	    " sum(CASE WHEN m.birth_date IS NULL THEN 1 ELSE 0 END)"
	    " AS age_unknown,"
	    THEORY("0", "none") THEORY("1", "elementary")
	    THEORY("2", "intermediate") THEORY("3", "advanced")
	    THEORY("4", "bachelor")
	    " sum(CASE WHEN coalesce(t.cat, 0) = 5 THEN 1 ELSE 0 END)"
	    " AS theory_other"
	    " FROM member AS m LEFT JOIN stat_theory AS t"
	    " ON t.level = m.theory_level"
	    " WHERE m.state = 'active' AND m.deleted_at IS NULL"
	    " AND m.org_id IS NOT NULL GROUP BY m.org_id)"
	    " AS d ON d.org_id = o.id",
	[STMT_STAT_ETH_REBUILD] =
	    "INSERT INTO org_ethnicity (org_id, ethnicity, n)"
	    " SELECT org_id, coalesce(ethnicity, ''), count(*) FROM member"
	    " WHERE state = 'active' AND deleted_at IS NULL"
	    " AND org_id IS NOT NULL GROUP BY org_id, coalesce(ethnicity, '')",
	[STMT_STAT_MAX_DEPTH] = "SELECT coalesce(max(depth), 0) FROM org",
	[STMT_STAT_PROPAGATE] =
	    "UPDATE org_stat SET" STAT_COL_FIRST(SC_PROP_FIRST)
	    STAT_COLS_REST(SC_PROP)
	    " FROM (SELECT o.parent_id AS id" STAT_COLS(SC_SUM)
	    " FROM org_stat AS c JOIN org AS o ON o.id = c.org_id"
	    " WHERE o.depth = ?1 AND o.parent_id IS NOT NULL"
	    " GROUP BY o.parent_id) AS s WHERE org_stat.org_id = s.id",
	[STMT_STAT_ETH_PROPAGATE] =
	    "INSERT INTO org_ethnicity (org_id, ethnicity, n)"
	    " SELECT o.parent_id, e.ethnicity, sum(e.n)"
	    " FROM org_ethnicity AS e JOIN org AS o ON o.id = e.org_id"
	    " WHERE o.depth = ?1 AND o.parent_id IS NOT NULL"
	    " GROUP BY o.parent_id, e.ethnicity"
	    " ON CONFLICT (org_id, ethnicity)"
	    " DO UPDATE SET n = org_ethnicity.n + excluded.n",
	[STMT_ORG_COUNTS_STAT] =
	    "SELECT (SELECT count(*) FROM member WHERE org_id = ?1"
	    " AND state = 'active' AND deleted_at IS NULL),"
	    " s.members, s.official, s.probationary,"
	    " (SELECT count(*) FROM org WHERE parent_id = ?1"
	    " AND valid_to IS NULL),"
	    " s.org_central + s.org_province + s.org_upper_grassroots"
	    " + s.org_grassroots + s.org_grassroots_cell + s.org_sub_committee"
	    " + s.org_cell + s.org_group"
	    " - CASE WHEN o.valid_to IS NULL THEN 1 ELSE 0 END"
	    " FROM org_stat AS s JOIN org AS o ON o.id = s.org_id"
	    " WHERE s.org_id = ?1",
};

const char *
sqlite_stmt_sql(enum stmt id)
{
	if ((int)id < 0 || id >= STMT__MAX)
		return NULL;
	return stmts[id];
}
