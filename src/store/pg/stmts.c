/*
 * stmts.c - the PostgreSQL statement table, indexed by enum stmt
 * (store-int.h).
 *
 * Same statements, parameter numbers and result columns as
 * sqlite/stmts.c.  Parameters are $N, sent as text except bytea ones
 * (binary); casts say their types wherever the context would not.
 * Timestamps are read back as "YYYY-MM-DDTHH:MM:SSZ" (TS below), dates as
 * ISO text (DateStyle ISO, set by the backend on connect).
 */
#include "store/store-int.h"

#define TS(col) \
	"to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

#define ORG_COLS \
	"id, kind, name, code, parent_id, path, depth, valid_from, valid_to," \
	" version"

#define MEMBER_COLS \
	"id, full_name, gender, birth_date, birthplace, hometown, ethnicity," \
	" religion, citizen_id, card_no, dossier_no, admission_decision_date," \
	" admitted_on, official_on, status, exempt_since, org_id, job_title," \
	" education, professional_level, theory_level, phone, email, state," \
	" version, " TS("created_at") ", " TS("updated_at")

/* The raw columns, for the row sets below. */
#define MEMBER_RAW \
	"id, full_name, gender, birth_date, birthplace, hometown, ethnicity," \
	" religion, citizen_id, card_no, dossier_no, admission_decision_date," \
	" admitted_on, official_on, status, exempt_since, org_id, job_title," \
	" education, professional_level, theory_level, phone, email, state," \
	" version, created_at, updated_at, sort_key"

/* The path of a member's organisation (MEM_COL_ORG_PATH), for the scope
 * checks; t is the member row's table or CTE. */
#define MEMBER_ORG_PATH(t) \
	"(SELECT o.path FROM org AS o WHERE o.id = " t ".org_id)"

#define USER_COLS \
	"id, username, display_name, member_id, disabled::integer, version, " \
	TS("created_at") ", " TS("updated_at")

#define GRANT_SELECT \
	"SELECT g.user_id, g.id, g.role, g.org_id, o.path, o.code, o.name" \
	" FROM user_grant AS g JOIN org AS o ON o.id = g.org_id"

/* The organisation of account u's own member record (not deleted). */
#define OWN_ORG_PATH \
	"(SELECT o.path FROM member AS m JOIN org AS o ON o.id = m.org_id" \
	" WHERE m.id = u.member_id AND m.deleted_at IS NULL)"

#define TOKEN_SELECT \
	"SELECT t.id, t.user_id, u.username, t.name, t.prefix, " \
	TS("t.created_at") ", " TS("t.expires_at") ", " TS("t.revoked_at") \
	", " TS("t.last_used_at") \
	" FROM api_token AS t JOIN app_user AS u ON u.id = t.user_id"

#define AUDIT_COLS \
	"a.id, " TS("a.at") ", a.actor, a.user_id, a.addr, a.action," \
	" a.object_type, a.object_id, a.org_id, a.before, a.after, a.detail," \
	" a.prev_hash, a.hash"

/* The optional filters (parameters 6-11): ethnicity, admission date
 * range, birth date range (an age band as of a date), no birth date. */
#define MFILTER_MORE \
	" AND ($6::text IS NULL OR ethnicity = $6::text)" \
	" AND ($7::date IS NULL OR admitted_on >= $7::date)" \
	" AND ($8::date IS NULL OR admitted_on <= $8::date)" \
	" AND ($9::date IS NULL OR birth_date > $9::date)" \
	" AND ($10::date IS NULL OR birth_date <= $10::date)" \
	" AND ($11::bigint IS NULL OR birth_date IS NULL)"
/* Member lists: the filters shared by every variant (parameters 1-4,
 * then 6-11).  The subtree is checked per row against the organisation's
 * primary key rather than as "org_id IN (subtree)", whose list of every
 * organisation of the subtree would be built on each call. */
#define MFILTER \
	" WHERE deleted_at IS NULL" \
	" AND ($1::text IS NULL OR EXISTS (SELECT 1 FROM org AS so" \
	" WHERE so.id = member.org_id AND so.path >= $1::text" \
	" AND so.path < $2::text))" \
	" AND ($3::text IS NULL OR status = $3::text)" \
	" AND ($4::text IS NULL OR state = $4::text)" MFILTER_MORE
/* Plain: walk the sort's index, filtering. */
#define MLIST "SELECT " MEMBER_COLS ", " MEMBER_ORG_PATH("member") \
	", sort_key FROM member" MFILTER
/*
 * _ORG and _Q: first the matching rows (through member.org_id, or through
 * the fold and ID indexes, each arm of the OR with its own index), then
 * sort them.  MATERIALIZED keeps the planner, notably a generic plan of a
 * prepared statement, from walking the sort index over the whole table
 * instead (the same choice as SQLite's unary plus).
 */
#define MLIST_ORG \
	"WITH m AS MATERIALIZED (SELECT " MEMBER_RAW " FROM member" \
	" WHERE deleted_at IS NULL" \
	" AND org_id IN" \
	" (SELECT id FROM org WHERE path >= $1::text AND path < $2::text)" \
	" AND ($3::text IS NULL OR status = $3::text)" \
	" AND ($4::text IS NULL OR state = $4::text)" MFILTER_MORE ")" \
	" SELECT " MEMBER_COLS ", " MEMBER_ORG_PATH("m") ", sort_key" \
	" FROM m WHERE true"
/* The q search (parameters 12-14): a prefix of either folded name, or an
 * exact ID. */
#define MLIST_Q \
	"WITH m AS MATERIALIZED (SELECT " MEMBER_RAW " FROM member" MFILTER \
	" AND (name_fold >= $12::text AND name_fold < $13::text" \
	" AND deleted_at IS NULL" \
	" OR given_fold >= $12::text AND given_fold < $13::text" \
	" AND deleted_at IS NULL" \
	" OR citizen_id = $14::text AND deleted_at IS NULL" \
	" OR card_no = $14::text AND deleted_at IS NULL))" \
	" SELECT " MEMBER_COLS ", " MEMBER_ORG_PATH("m") ", sort_key" \
	" FROM m WHERE true"

/* STMT_MLIST_NAME_QC: one arm of the name search, from its covering index
 * (state is in it: members off the rolls are no candidates of a list of
 * those on them); its own top candidates, sorted. */
#define QC_AFTER \
	" AND ($15::bytea IS NULL OR (sort_key, id) > ($15::bytea, $16::bigint))"
#define QC_ARM(col) \
	"SELECT id AS cid, sort_key AS ckey FROM member" \
	" WHERE " col " >= $12::text AND " col " < $13::text" \
	" AND deleted_at IS NULL AND ($4::text IS NULL OR state = $4::text)" \
	QC_AFTER " ORDER BY sort_key, id LIMIT $17::bigint"

#define NODATE "'-infinity'::date"
#define AFTER_NAME(k, i) \
	" AND (sort_key, id) > ($" k "::bytea, $" i "::bigint)"
#define AFTER_NAME_DESC(k, i) \
	" AND (sort_key, id) < ($" k "::bytea, $" i "::bigint)"
#define AFTER_DATE(col, k, i) \
	" AND (coalesce(" col ", " NODATE "), id) >" \
	" (coalesce($" k "::date, " NODATE "), $" i "::bigint)"
#define AFTER_ID(i) " AND id > $" i "::bigint"

#define BY_NAME " ORDER BY sort_key, id LIMIT $5::bigint"
#define BY_NAME_DESC " ORDER BY sort_key DESC, id DESC LIMIT $5::bigint"
#define BY_DATE(col) \
	" ORDER BY coalesce(" col ", " NODATE "), id LIMIT $5::bigint"
#define BY_ID " ORDER BY id LIMIT $5::bigint"

/*
 * Figures: column lists made from STAT_COLS (store-int.h).  STAT_UP(p)
 * is the chain of organisation p: it and every organisation above it.
 */
#define SC_SEL(c, n) ", " #c
#define SC_SEL_S(c, n) ", s." #c
#define SC_SUM(c, n) ", sum(c." #c ") AS " #c
#define SC_ADD_FIRST(c, n) " " #c " = " #c " + $" n "::bigint"
#define SC_ADD(c, n) ", " #c " = " #c " + $" n "::bigint"
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
	" sum(CASE WHEN m.birth_date <= $" k "::date AND ($" k1 "::date" \
	" IS NULL OR m.birth_date > $" k1 "::date) THEN 1 ELSE 0 END)" \
	" AS age_" k ","
/* Theory level category k (enum theory_level) named name. */
#define THEORY(k, name) \
	" sum(CASE WHEN coalesce(t.cat, 0) = " k " THEN 1 ELSE 0 END)" \
	" AS theory_" name ","
/* Age band k of the roll: + n if it is the band gained (3), - n if the
 * band lost (4). */
#define ROLL_FIRST \
	" age_0 = age_0 + (CASE $3::integer WHEN 0 THEN s.n ELSE 0 END)" \
	" - (CASE $4::integer WHEN 0 THEN s.n ELSE 0 END)"
#define ROLL(k) \
	", age_" k " = age_" k \
	" + (CASE $3::integer WHEN " k " THEN s.n ELSE 0 END)" \
	" - (CASE $4::integer WHEN " k " THEN s.n ELSE 0 END)"

static const char *const stmts[STMT__MAX] = {
	[STMT_BEGIN] = "BEGIN",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_SAVEPOINT] = "SAVEPOINT sp",
	[STMT_RELEASE] = "RELEASE SAVEPOINT sp",
	[STMT_ROLLBACK_TO] = "ROLLBACK TO SAVEPOINT sp",

	[STMT_SCHEMA_EXISTS] =
	    "SELECT CASE WHEN to_regclass('schema_version') IS NULL"
	    " THEN 0 ELSE 1 END",
	[STMT_SCHEMA_INIT] =
	    "CREATE TABLE IF NOT EXISTS schema_version ("
	    " version integer PRIMARY KEY,"
	    " name text NOT NULL,"
	    " applied_at timestamptz NOT NULL)",
	[STMT_SCHEMA_VERSION] =
	    "SELECT coalesce(max(version), 0) FROM schema_version",
	[STMT_SCHEMA_RECORD] =
	    "INSERT INTO schema_version (version, name, applied_at)"
	    " VALUES ($1, $2, $3)",
	/* Held until the migration's transaction ends. */
	[STMT_MIGRATE_LOCK] = "SELECT pg_advisory_xact_lock(2436270829)",

	[STMT_META_GET] = "SELECT value FROM meta WHERE key = $1",
	[STMT_META_SET] =
	    "INSERT INTO meta (key, value) VALUES ($1, $2)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",

	/* Held until the transaction ends: paths are computed from other
	 * rows' paths, so inserts and moves must not interleave. */
	[STMT_ORG_TREE_LOCK] = "SELECT pg_advisory_xact_lock(2436270830)",
	/* The id comes from the identity sequence so that the path can
	 * include it.  lpad truncates to its length: ids past ten digits
	 * keep all theirs (as printf's %010d does). */
	[STMT_ORG_INSERT] =
	    "INSERT INTO org (id, kind, name, name_fold, name_key, code,"
	    " code_fold, parent_id, path, depth, valid_from, valid_to, version,"
	    " created_at, updated_at)"
	    " SELECT n.id, $1::text, $2::text, $3::text, $4::bytea, $5::text,"
	    " $6::text, $7::bigint,"
	    " $8::text || lpad(n.id::text, greatest(length(n.id::text), 10),"
	    " '0') || '/', $9::integer,"
	    " $10::date, $11::date, 1, $12::timestamptz, $12::timestamptz"
	    " FROM (SELECT nextval(pg_get_serial_sequence('org', 'id')) AS id)"
	    " AS n"
	    " RETURNING id, path",
	[STMT_ORG_GET] = "SELECT " ORG_COLS " FROM org WHERE id = $1",
	[STMT_ORG_GET_BY_CODE] =
	    "SELECT " ORG_COLS " FROM org WHERE code = $1",
	[STMT_ORG_UPDATE] =
	    "UPDATE org SET kind = $3, name = $4, name_fold = $5,"
	    " name_key = $6, code = $7, code_fold = $8, parent_id = $9,"
	    " valid_from = $10, valid_to = $11, updated_at = $12, path = $13,"
	    " depth = $14, version = version + 1"
	    " WHERE id = $1 AND ($2::bigint = 0 OR version = $2::bigint)"
	    " RETURNING version",
	[STMT_ORG_MOVE_SUBTREE] =
	    "UPDATE org SET path = $3::text || substr(path,"
	    " length($1::text) + 1),"
	    " depth = depth + $4::integer, version = version + 1,"
	    " updated_at = $5::timestamptz"
	    " WHERE path > $1::text AND path < $2::text",
	[STMT_ORG_LIST] =
	    "SELECT " ORG_COLS " FROM org"
	    " WHERE path > $1::text AND path >= $2::text AND path < $3::text"
	    " AND ($4::bigint IS NULL OR parent_id = $4::bigint)"
	    " AND ($5::integer = 0 OR parent_id IS NULL)"
	    " AND ($6::integer = 1 OR valid_to IS NULL)"
	    " AND ($7::text IS NULL OR strpos(name_fold, $7::text) > 0"
	    " OR strpos(code_fold, $7::text) > 0)"
	    " ORDER BY path LIMIT $8::bigint",
	[STMT_ORG_COUNTS] =
	    "SELECT (SELECT count(*) FROM member WHERE org_id = $1::bigint"
	    " AND state = 'active' AND deleted_at IS NULL),"
	    " s.total, s.official, s.probationary,"
	    " (SELECT count(*) FROM org WHERE parent_id = $1::bigint"
	    " AND valid_to IS NULL),"
	    " (SELECT count(*) FROM org WHERE path > $2::text"
	    " AND path < $3::text AND valid_to IS NULL)"
	    " FROM (SELECT count(*) AS total,"
	    " coalesce(sum(CASE WHEN m.status = 'official' THEN 1 ELSE 0 END),"
	    " 0) AS official,"
	    " coalesce(sum(CASE WHEN m.status = 'probationary' THEN 1 ELSE 0"
	    " END), 0) AS probationary"
	    " FROM org AS o JOIN member AS m ON m.org_id = o.id"
	    " WHERE o.path >= $2::text AND o.path < $3::text"
	    " AND m.state = 'active' AND m.deleted_at IS NULL) AS s",
	[STMT_ORG_MAX_ID] = "SELECT coalesce(max(id), 0) FROM org",
	[STMT_ORG_SUBTREE_SIZE] =
	    "SELECT count(*) FROM (SELECT 1 FROM org"
	    " WHERE path >= $1::text AND path < $2::text LIMIT $3::bigint) AS s",
	[STMT_ORG_MOVE_MEMBERS] =
	    "UPDATE member SET org_id = $2::bigint, version = version + 1,"
	    " updated_at = $3::timestamptz"
	    " WHERE org_id = $1::bigint AND deleted_at IS NULL",
	[STMT_ORG_EVENT_ADD] =
	    "INSERT INTO org_event (org_id, kind, on_date, doc_no, details,"
	    " recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
	    " RETURNING id",
	[STMT_ORG_EVENTS] =
	    "SELECT id, org_id, kind, on_date, doc_no, details, recorded_by, "
	    TS("recorded_at") " FROM org_event WHERE org_id = $1"
	    " ORDER BY on_date NULLS FIRST, id",
	[STMT_ORG_PATH] = "SELECT path FROM org WHERE id = $1",

	[STMT_MEMBER_INSERT] =
	    "INSERT INTO member (full_name, gender, birth_date, birthplace,"
	    " hometown, ethnicity, religion, citizen_id, card_no, dossier_no,"
	    " admission_decision_date, admitted_on, official_on, status,"
	    " exempt_since, org_id, job_title, education, professional_level,"
	    " theory_level, phone, email, state, name_fold, given_fold,"
	    " sort_key, created_at, updated_at, version)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
	    " $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26,"
	    " $27, $27, 1)"
	    " RETURNING id",
	[STMT_MEMBER_GET] =
	    "SELECT " MEMBER_COLS ", " MEMBER_ORG_PATH("member")
	    " FROM member WHERE id = $1 AND deleted_at IS NULL",
	[STMT_MEMBER_VERSION] =
	    "SELECT version FROM member WHERE id = $1 AND deleted_at IS NULL",
	[STMT_MEMBER_FIND_CITIZEN_ID] =
	    "SELECT id, " MEMBER_ORG_PATH("member") " FROM member"
	    " WHERE citizen_id = $1 AND deleted_at IS NULL",
	[STMT_MEMBER_FIND_CARD_NO] =
	    "SELECT id, " MEMBER_ORG_PATH("member") " FROM member"
	    " WHERE card_no = $1 AND deleted_at IS NULL",
	[STMT_MEMBER_UPDATE] =
	    "UPDATE member SET full_name = $1, gender = $2, birth_date = $3,"
	    " birthplace = $4, hometown = $5, ethnicity = $6, religion = $7,"
	    " citizen_id = $8, card_no = $9, dossier_no = $10,"
	    " admission_decision_date = $11, admitted_on = $12,"
	    " official_on = $13, status = $14, exempt_since = $15,"
	    " org_id = $16, job_title = $17, education = $18,"
	    " professional_level = $19, theory_level = $20, phone = $21,"
	    " email = $22, state = $23, name_fold = $24, given_fold = $25,"
	    " sort_key = $26, updated_at = $27, version = version + 1"
	    " WHERE id = $28 AND deleted_at IS NULL"
	    " AND ($29::bigint = 0 OR version = $29::bigint)"
	    " RETURNING version",
	[STMT_MEMBER_DELETE] =
	    "UPDATE member SET deleted_at = $3::timestamptz,"
	    " updated_at = $3::timestamptz, version = version + 1"
	    " WHERE id = $1 AND deleted_at IS NULL"
	    " AND ($2::bigint = 0 OR version = $2::bigint)"
	    " RETURNING version",
	[STMT_MEMBER_SCOPE] =
	    "SELECT m.org_id, o.path, (m.deleted_at IS NOT NULL)::integer"
	    " FROM member AS m LEFT JOIN org AS o ON o.id = m.org_id"
	    " WHERE m.id = $1",

	[STMT_MLIST_NAME] = MLIST BY_NAME,
	[STMT_MLIST_NAME_AFTER] =
	    MLIST AFTER_NAME("12", "13")
	    BY_NAME,
	[STMT_MLIST_NAME_ORG] = MLIST_ORG BY_NAME,
	[STMT_MLIST_NAME_ORG_AFTER] =
	    MLIST_ORG AFTER_NAME("12", "13")
	    BY_NAME,
	[STMT_MLIST_NAME_Q] = MLIST_Q BY_NAME,
	[STMT_MLIST_NAME_Q_AFTER] =
	    MLIST_Q AFTER_NAME("15", "16")
	    BY_NAME,
	[STMT_MLIST_NAME_DESC] = MLIST BY_NAME_DESC,
	[STMT_MLIST_NAME_DESC_AFTER] =
	    MLIST AFTER_NAME_DESC("12", "13")
	    BY_NAME_DESC,
	[STMT_MLIST_NAME_DESC_ORG] = MLIST_ORG BY_NAME_DESC,
	[STMT_MLIST_NAME_DESC_ORG_AFTER] =
	    MLIST_ORG AFTER_NAME_DESC("12", "13")
	    BY_NAME_DESC,
	[STMT_MLIST_NAME_DESC_Q] = MLIST_Q BY_NAME_DESC,
	[STMT_MLIST_NAME_DESC_Q_AFTER] =
	    MLIST_Q AFTER_NAME_DESC("15", "16")
	    BY_NAME_DESC,
	[STMT_MLIST_BIRTH] = MLIST BY_DATE("birth_date"),
	[STMT_MLIST_BIRTH_AFTER] =
	    MLIST AFTER_DATE("birth_date", "12", "13")
	    BY_DATE("birth_date"),
	[STMT_MLIST_BIRTH_ORG] = MLIST_ORG BY_DATE("birth_date"),
	[STMT_MLIST_BIRTH_ORG_AFTER] =
	    MLIST_ORG AFTER_DATE("birth_date", "12", "13")
	    BY_DATE("birth_date"),
	[STMT_MLIST_BIRTH_Q] = MLIST_Q BY_DATE("birth_date"),
	[STMT_MLIST_BIRTH_Q_AFTER] =
	    MLIST_Q AFTER_DATE("birth_date", "15", "16")
	    BY_DATE("birth_date"),
	[STMT_MLIST_ADMITTED] = MLIST BY_DATE("admitted_on"),
	[STMT_MLIST_ADMITTED_AFTER] =
	    MLIST AFTER_DATE("admitted_on", "12", "13")
	    BY_DATE("admitted_on"),
	[STMT_MLIST_ADMITTED_ORG] = MLIST_ORG BY_DATE("admitted_on"),
	[STMT_MLIST_ADMITTED_ORG_AFTER] =
	    MLIST_ORG AFTER_DATE("admitted_on", "12", "13")
	    BY_DATE("admitted_on"),
	[STMT_MLIST_ADMITTED_Q] = MLIST_Q BY_DATE("admitted_on"),
	[STMT_MLIST_ADMITTED_Q_AFTER] =
	    MLIST_Q AFTER_DATE("admitted_on", "15", "16")
	    BY_DATE("admitted_on"),
	[STMT_MLIST_ID] = MLIST BY_ID,
	[STMT_MLIST_ID_AFTER] =
	    MLIST AFTER_ID("12")
	    BY_ID,
	[STMT_MLIST_ID_ORG] = MLIST_ORG BY_ID,
	[STMT_MLIST_ID_ORG_AFTER] =
	    MLIST_ORG AFTER_ID("12")
	    BY_ID,
	[STMT_MLIST_ID_Q] = MLIST_Q BY_ID,
	[STMT_MLIST_ID_Q_AFTER] =
	    MLIST_Q AFTER_ID("15")
	    BY_ID,
	[STMT_MLIST_NAME_QC] =
	    "SELECT " MEMBER_COLS ", " MEMBER_ORG_PATH("member") ", sort_key,"
	    " c.cn FROM (SELECT cid, ckey, count(*) OVER () AS cn FROM ("
	    "(" QC_ARM("name_fold") ") UNION (" QC_ARM("given_fold") ")"
	    " UNION SELECT id AS cid, sort_key AS ckey FROM member"
	    " WHERE citizen_id = $14::text AND deleted_at IS NULL" QC_AFTER
	    " UNION SELECT id AS cid, sort_key AS ckey FROM member"
	    " WHERE card_no = $14::text AND deleted_at IS NULL" QC_AFTER
	    " ORDER BY 2, 1 LIMIT $17::bigint) AS u) AS c"
	    " JOIN member ON member.id = c.cid" MFILTER
	    " ORDER BY c.ckey, c.cid LIMIT $5::bigint",
	[STMT_MLIST_ONE] = MLIST
	    " AND ($12::text IS NULL"
	    " OR name_fold >= $12::text AND name_fold < $13::text"
	    " OR given_fold >= $12::text AND given_fold < $13::text"
	    " OR citizen_id = $14::text OR card_no = $14::text)"
	    " AND id = $15::bigint LIMIT $5::bigint",

	[STMT_MEMBER_EVENT_ADD] =
	    "INSERT INTO member_event (member_id, kind, on_date, doc_no,"
	    " org_id, details, recorded_by, recorded_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
	[STMT_MEMBER_EVENTS] =
	    "SELECT id, member_id, kind, on_date, doc_no, org_id, details,"
	    " recorded_by, " TS("recorded_at") " FROM member_event"
	    " WHERE member_id = $1 ORDER BY on_date NULLS FIRST, id",

	[STMT_OVERRIDE_ADD] =
	    "INSERT INTO rule_override (rule_id, value_name, value, org_id,"
	    " valid_from, valid_to, doc_no, recorded_by, recorded_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
	[STMT_OVERRIDES_LOAD] =
	    "SELECT r.id, r.rule_id, r.value_name, r.value, r.org_id, o.path,"
	    " r.valid_from, r.valid_to, r.doc_no, r.recorded_by, "
	    TS("r.recorded_at")
	    " FROM rule_override AS r JOIN org AS o ON o.id = r.org_id"
	    " ORDER BY r.id",

	[STMT_USER_INSERT] =
	    "INSERT INTO app_user (username, display_name, member_id,"
	    " password_hash, disabled, version, created_at, updated_at)"
	    " VALUES ($1, $2, $3::bigint, $4, $5::integer <> 0, 1,"
	    " $6::timestamptz, $6::timestamptz) RETURNING id",
	[STMT_USER_GET] =
	    "SELECT " USER_COLS ", password_hash FROM app_user WHERE id = $1",
	[STMT_USER_GET_BY_NAME] =
	    "SELECT " USER_COLS ", password_hash FROM app_user"
	    " WHERE username = $1",
	[STMT_USER_LIST] =
	    "SELECT " USER_COLS ", NULL FROM app_user ORDER BY username",
	[STMT_USER_SET_PASSWORD] =
	    "UPDATE app_user SET password_hash = $2::text,"
	    " version = version + 1, updated_at = $3::timestamptz"
	    " WHERE id = $1",
	[STMT_USER_SET_DISABLED] =
	    "UPDATE app_user SET disabled = $2::integer <> 0,"
	    " version = version + 1, updated_at = $3::timestamptz"
	    " WHERE id = $1",
	[STMT_USER_TOUCH] =
	    "UPDATE app_user SET version = version + 1,"
	    " updated_at = $2::timestamptz WHERE id = $1",
	[STMT_USER_TOUCH_SUBTREE] =
	    "UPDATE app_user SET version = version + 1 WHERE id IN"
	    " (SELECT g.user_id FROM user_grant AS g"
	    " JOIN org AS o ON o.id = g.org_id"
	    " WHERE o.path >= $1 AND o.path < $2)",
	[STMT_GRANT_ADD] =
	    "INSERT INTO user_grant (user_id, role, org_id, created_at)"
	    " VALUES ($1, $2, $3, $4::timestamptz)"
	    " ON CONFLICT (user_id, role, org_id) DO NOTHING RETURNING id",
	[STMT_GRANT_REMOVE] =
	    "DELETE FROM user_grant"
	    " WHERE user_id = $1 AND role = $2 AND org_id = $3",
	[STMT_GRANTS_OF] = GRANT_SELECT " WHERE g.user_id = $1 ORDER BY g.id",
	[STMT_GRANTS_ALL] = GRANT_SELECT " ORDER BY g.user_id, g.id",

	[STMT_SESSION_INSERT] =
	    "INSERT INTO session (id_hash, user_id, csrf_hash, created_at,"
	    " last_seen_at, expires_at, addr, user_agent)"
	    " VALUES ($1, $2, $3, $7::timestamptz, $7::timestamptz,"
	    " $4::timestamptz, $5, $6)",
	[STMT_SESSION_GET] =
	    "SELECT id_hash, user_id, csrf_hash, " TS("created_at") ", "
	    TS("last_seen_at") ", " TS("expires_at") ", addr, user_agent"
	    " FROM session WHERE id_hash = $1",
	/* -> CHECK_COL_*: what every request checks, in one read */
	[STMT_SESSION_CHECK] =
	    "SELECT 0::bigint, s.user_id, " TS("s.expires_at") ", "
	    TS("s.last_seen_at") ", 0, u.disabled::integer, u.version, "
	    OWN_ORG_PATH
	    " FROM session AS s JOIN app_user AS u ON u.id = s.user_id"
	    " WHERE s.id_hash = $1",
	[STMT_SESSION_TOUCH] =
	    "UPDATE session SET last_seen_at = $2::timestamptz"
	    " WHERE id_hash = $1",
	[STMT_SESSION_DELETE] = "DELETE FROM session WHERE id_hash = $1",
	[STMT_SESSION_DELETE_USER] = "DELETE FROM session WHERE user_id = $1",
	[STMT_SESSION_PURGE] =
	    "DELETE FROM session WHERE expires_at < $1::timestamptz"
	    " OR last_seen_at < $2::timestamptz",

	[STMT_TOKEN_INSERT] =
	    "INSERT INTO api_token (user_id, name, prefix, token_hash,"
	    " created_at, expires_at) VALUES ($1, $2, $3, $4,"
	    " $6::timestamptz, $5::timestamptz) RETURNING id",
	[STMT_TOKEN_FIND] = TOKEN_SELECT " WHERE t.token_hash = $1",
	[STMT_TOKEN_CHECK] =
	    "SELECT t.id, t.user_id, " TS("t.expires_at") ", "
	    TS("t.last_used_at") ", (t.revoked_at IS NOT NULL)::integer,"
	    " u.disabled::integer, u.version, "
	    OWN_ORG_PATH
	    " FROM api_token AS t JOIN app_user AS u ON u.id = t.user_id"
	    " WHERE t.token_hash = $1",
	[STMT_TOKEN_LIST] =
	    TOKEN_SELECT " WHERE $1::bigint IS NULL OR t.user_id = $1::bigint"
	    " ORDER BY t.created_at DESC, t.id DESC",
	[STMT_TOKEN_REVOKE] =
	    "UPDATE api_token"
	    " SET revoked_at = coalesce(revoked_at, $2::timestamptz)"
	    " WHERE id = $1",
	[STMT_TOKEN_TOUCH] =
	    "UPDATE api_token SET last_used_at = $2::timestamptz"
	    " WHERE id = $1",

	[STMT_AUTH_FAIL] =
	    "INSERT INTO auth_failure AS f (key, failures, window_start)"
	    " VALUES ($1, 1, $2::timestamptz) ON CONFLICT (key) DO UPDATE SET"
	    " failures = CASE WHEN f.window_start <= $3::timestamptz THEN 1"
	    " ELSE f.failures + 1 END,"
	    " window_start = CASE WHEN f.window_start <= $3::timestamptz"
	    " THEN excluded.window_start ELSE f.window_start END"
	    " RETURNING failures",
	[STMT_AUTH_FAILURES] =
	    "SELECT failures FROM auth_failure"
	    " WHERE key = $1 AND window_start > $2::timestamptz",
	[STMT_AUTH_CLEAR] = "DELETE FROM auth_failure WHERE key = $1",

	/* Held until the transaction ends: appends are serialised, and a
	 * second one reads the head the first one wrote. */
	[STMT_AUDIT_LOCK] =
	    "SELECT last_id, last_hash FROM audit_head WHERE id = 1"
	    " FOR UPDATE",
	[STMT_AUDIT_INSERT] =
	    "INSERT INTO audit (id, at, actor, user_id, addr, action,"
	    " object_type, object_id, org_id, before, after, detail,"
	    " prev_hash, hash) VALUES ($1, $2::timestamptz, $3, $4::bigint,"
	    " $5, $6, $7, $8::bigint, $9::bigint, $10, $11, $12, $13, $14)",
	[STMT_AUDIT_HEAD_SET] =
	    "UPDATE audit_head SET last_id = $1::bigint, last_hash = $2"
	    " WHERE id = 1 AND last_id = $3::bigint",
	/* Inside a transaction, appends wait until it ends, so that the
	 * entries read after the head are the chain it ends (SQLite's
	 * BEGIN IMMEDIATE does the same). */
	[STMT_AUDIT_HEAD] =
	    "SELECT last_id, last_hash FROM audit_head WHERE id = 1"
	    " FOR SHARE",
	[STMT_AUDIT_LIST] =
	    "SELECT " AUDIT_COLS ", o.path"
	    " FROM audit AS a LEFT JOIN org AS o ON o.id = a.org_id"
	    " WHERE ($1::text IS NULL OR a.org_id IN"
	    " (SELECT id FROM org WHERE path >= $1::text AND path < $2::text))"
	    " AND ($3::bigint IS NULL OR a.object_type = 'member'"
	    " AND a.object_id = $3::bigint)"
	    " AND ($4::text IS NULL OR a.action = $4::text)"
	    " AND ($5::bigint IS NULL OR a.id < $5::bigint)"
	    " ORDER BY a.id DESC LIMIT $6::bigint",
	[STMT_AUDIT_EACH] =
	    "SELECT " AUDIT_COLS " FROM audit AS a WHERE a.id > $1::bigint"
	    " ORDER BY a.id LIMIT $2::bigint",

	[STMT_BULK_MEMBER_ANY] =
	    "SELECT CASE WHEN EXISTS (SELECT 1 FROM member) THEN 1 ELSE 0 END",
	[STMT_BULK_MAX_IDS] =
	    "SELECT (SELECT coalesce(max(id), 0) FROM org),"
	    " (SELECT coalesce(max(id), 0) FROM org_event),"
	    " (SELECT coalesce(max(id), 0) FROM member)",
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
	[STMT_BULK_BATCH_ADD] =
	    "INSERT INTO import_batch (source, file_name, file_sha256, rows,"
	    " actor, user_id, on_date, created_at)"
	    " VALUES ($1::text, $2::text, $3::text, 0, $4::text, $5::bigint,"
	    " $6::date, $7::timestamptz) RETURNING id",
	[STMT_BULK_BATCH_ROWS] =
	    "UPDATE import_batch SET rows = $2::bigint WHERE id = $1::bigint",
	[STMT_BULK_BATCH_HASH] =
	    "UPDATE import_batch SET file_sha256 = $2::text"
	    " WHERE id = $1::bigint",
	[STMT_BULK_BATCH_GET] =
	    "SELECT source, file_name, file_sha256, rows, actor, user_id,"
	    " on_date, " TS("created_at") " FROM import_batch"
	    " WHERE id = $1::bigint",
	[STMT_BULK_MEMBER_BATCH] =
	    "SELECT import_batch_id FROM member WHERE id = $1::bigint",
	[STMT_BULK_ORG] =
	    "COPY org (id, kind, name, name_fold, name_key, code, code_fold,"
	    " parent_id, path, depth, valid_from, valid_to, created_at,"
	    " updated_at) FROM STDIN",
	[STMT_BULK_ORG_EVENT] =
	    "COPY org_event (org_id, kind, on_date, recorded_by, recorded_at)"
	    " FROM STDIN",
	[STMT_BULK_MEMBER] =
	    "COPY member (id, full_name, gender, birth_date, birthplace,"
	    " hometown, ethnicity, religion, citizen_id, card_no, dossier_no,"
	    " admission_decision_date, admitted_on, official_on, status,"
	    " exempt_since, org_id, job_title, education, professional_level,"
	    " theory_level, phone, email, state, name_fold, given_fold,"
	    " sort_key, created_at, updated_at, import_batch_id) FROM STDIN",
	[STMT_BULK_SEQUENCES] =
	    "SELECT setval(pg_get_serial_sequence('org', 'id'),"
	    " (SELECT coalesce(max(id), 0) + 1 FROM org), false),"
	    " setval(pg_get_serial_sequence('org_event', 'id'),"
	    " (SELECT coalesce(max(id), 0) + 1 FROM org_event), false),"
	    " setval(pg_get_serial_sequence('member', 'id'),"
	    " (SELECT coalesce(max(id), 0) + 1 FROM member), false)",
	[STMT_BULK_ANALYZE] = "ANALYZE org, org_event, member",
	/* For the index builds; ends with the transaction. */
	[STMT_BULK_TUNE] = "SET LOCAL maintenance_work_mem = '512MB'",
	[STMT_BULK_UNTUNE] = "RESET maintenance_work_mem",

	/* Figures (store-stats.c).  Writers lock the clock first, before
	 * any row they count, and hold it to the end of the transaction:
	 * one lock order, no deadlock between them. */
	[STMT_STAT_CLOCK_LOCK] =
	    "SELECT as_of, edges FROM stat_clock WHERE id = 1 FOR UPDATE",
	[STMT_STAT_CLOCK_GET] =
	    "SELECT as_of, edges FROM stat_clock WHERE id = 1",
	[STMT_STAT_CLOCK_SET] =
	    "UPDATE stat_clock SET as_of = $1::date, edges = $2::text,"
	    " built_at = coalesce($3::timestamptz, built_at) WHERE id = 1",
	[STMT_STAT_ADD] = STAT_UP("$1::bigint")
	    "UPDATE org_stat SET" STAT_COL_FIRST(SC_ADD_FIRST)
	    STAT_COLS_REST(SC_ADD)
	    " WHERE org_id IN (SELECT id FROM up)",
	[STMT_STAT_ETH_ADD] = STAT_UP("$1::bigint")
	    "INSERT INTO org_ethnicity (org_id, ethnicity, n)"
	    " SELECT id, $2::text, $3::bigint FROM up"
	    " ON CONFLICT (org_id, ethnicity)"
	    " DO UPDATE SET n = org_ethnicity.n + excluded.n",
	[STMT_STAT_ORG_INSERT] =
	    "INSERT INTO org_stat (org_id) VALUES ($1::bigint)",
	[STMT_STAT_GET] =
	    "SELECT s.org_id" STAT_COLS(SC_SEL_S) ", c.as_of, c.edges"
	    " FROM org_stat AS s, stat_clock AS c"
	    " WHERE s.org_id = $1::bigint AND c.id = 1",
	[STMT_STAT_ETH_GET] =
	    "SELECT ethnicity, n FROM org_ethnicity"
	    " WHERE org_id = $1::bigint AND n <> 0 ORDER BY n DESC, ethnicity",
	[STMT_STAT_MEMBER_OLD] =
	    "SELECT " STAT_MEMBER_COLS " FROM member"
	    " WHERE id = $1::bigint AND deleted_at IS NULL FOR UPDATE",
	[STMT_STAT_ORG_MEMBERS] =
	    "SELECT " STAT_MEMBER_COLS " FROM member"
	    " WHERE org_id = $1::bigint AND state = 'active'"
	    " AND deleted_at IS NULL",
	/* Through ix_member__birth_date (its coalesce).  The walk up looks
	 * each parent up by its key: joined, a generic plan hashes the
	 * whole org table for the few hundred members of a day. */
	[STMT_STAT_ROLL] =
	    "WITH RECURSIVE x(id, n) AS (SELECT org_id, count(*) FROM member"
	    " WHERE coalesce(birth_date, " NODATE ") > $1::date"
	    " AND coalesce(birth_date, " NODATE ") <= $2::date"
	    " AND state = 'active' AND deleted_at IS NULL"
	    " AND org_id IS NOT NULL GROUP BY org_id),"
	    " up(id, n) AS (SELECT id, n FROM x UNION ALL"
	    " SELECT (SELECT o.parent_id FROM org AS o WHERE o.id = up.id),"
	    " up.n FROM up WHERE up.id IS NOT NULL),"
	    " s(id, n) AS (SELECT id, sum(n) FROM up WHERE id IS NOT NULL"
	    " GROUP BY id)"
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
	    "INSERT INTO stat_theory (level, cat)"
	    " VALUES ($1::text, $2::integer)",
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
	    " AND ($1::date IS NULL OR m.birth_date > $1::date)"
	    " THEN 1 ELSE 0 END) AS age_0,"
	    BAND("1", "2") BAND("2", "3") BAND("3", "4") BAND("4", "5")
	    BAND("5", "6") BAND("6", "7")
	    " sum(CASE WHEN m.birth_date <= $7::date THEN 1 ELSE 0 END)"
	    " AS age_7,"
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
	    " WHERE o.depth = $1::integer AND o.parent_id IS NOT NULL"
	    " GROUP BY o.parent_id) AS s WHERE org_stat.org_id = s.id",
	[STMT_STAT_ETH_PROPAGATE] =
	    "INSERT INTO org_ethnicity (org_id, ethnicity, n)"
	    " SELECT o.parent_id, e.ethnicity, sum(e.n)"
	    " FROM org_ethnicity AS e JOIN org AS o ON o.id = e.org_id"
	    " WHERE o.depth = $1::integer AND o.parent_id IS NOT NULL"
	    " GROUP BY o.parent_id, e.ethnicity"
	    " ON CONFLICT (org_id, ethnicity)"
	    " DO UPDATE SET n = org_ethnicity.n + excluded.n",
	[STMT_ORG_COUNTS_STAT] =
	    "SELECT (SELECT count(*) FROM member WHERE org_id = $1::bigint"
	    " AND state = 'active' AND deleted_at IS NULL),"
	    " s.members, s.official, s.probationary,"
	    " (SELECT count(*) FROM org WHERE parent_id = $1::bigint"
	    " AND valid_to IS NULL),"
	    " s.org_central + s.org_province + s.org_upper_grassroots"
	    " + s.org_grassroots + s.org_grassroots_cell + s.org_sub_committee"
	    " + s.org_cell + s.org_group"
	    " - CASE WHEN o.valid_to IS NULL THEN 1 ELSE 0 END"
	    " FROM org_stat AS s JOIN org AS o ON o.id = s.org_id"
	    " WHERE s.org_id = $1::bigint",
};

const char *
pg_stmt_sql(enum stmt id)
{
	if ((int)id < 0 || id >= STMT__MAX)
		return NULL;
	return stmts[id];
}
