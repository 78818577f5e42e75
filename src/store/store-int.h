/*
 * store-int.h - what store.c, store-org.c and store-member.c share with the
 * two backends (src/store/sqlite/, src/store/pg/).
 *
 * A backend is a vtable (curl's struct Curl_ssl in vtls_int.h): it opens a
 * connection, runs plain SQL (migrations), prepares statements by id from
 * its own statement table (stmts.c, indexed by enum stmt below) and caches
 * them per connection, binds parameters by 1-based position, steps through
 * rows and reads columns.  Everything else -- orgs, members, cursors,
 * transactions, migrations bookkeeping -- is written once on top of it.
 *
 * Statement tables: both backends list the same statements with the same
 * parameter numbers (SQLite ?1 ?2, PostgreSQL $1 $2) and the same result
 * columns.  A statement uses every parameter from 1 to its highest one.
 * They are written once, in stmts.def, with dialect macros; each backend's
 * stmts.c defines the macros, includes stmts.def in its table and adds the
 * few statements that truly differ (a new statement: its id below, its
 * gate in store-policy.c, its SQL in stmts.def).  User data is only ever
 * bound, never pasted into SQL.
 */
#ifndef CHIBO_STORE_STORE_INT_H
#define CHIBO_STORE_STORE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/entity.h"
#include "core/stats.h"
#include "store/store.h"
#include "util/embedded.h"

/* One segment of an organisation's materialised path: its id in ten
 * digits and a slash (the SQL of both backends writes the same). */
#define ORG_PATH_SEGMENT "%010lld/"

enum stmt {
	/* transactions (nesting: savepoints, all named "sp") */
	STMT_BEGIN = 0,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_SAVEPOINT,
	STMT_RELEASE,
	STMT_ROLLBACK_TO,

	/* migrations bookkeeping */
	STMT_SCHEMA_EXISTS,  /* -> 1 row: 0/1 */
	STMT_SCHEMA_INIT,    /* creates schema_version if missing */
	STMT_SCHEMA_VERSION, /* -> max(version) or 0 */
	STMT_SCHEMA_RECORD,  /* 1 version, 2 name, 3 applied_at */
	STMT_MIGRATE_LOCK,   /* serialises concurrent migrations */

	/* meta */
	STMT_META_GET, /* 1 key -> value */
	STMT_META_SET, /* 1 key, 2 value */
	STMT_META_ADD, /* 1 key, 2 value: unless the key is there */

	/* orgs; columns: ORG_COL_* */
	STMT_ORG_TREE_LOCK, /* serialises changes of the tree */
	STMT_ORG_INSERT,
	STMT_ORG_GET,
	STMT_ORG_GET_BY_CODE,
	STMT_ORG_UPDATE,
	STMT_ORG_MOVE_SUBTREE,
	STMT_ORG_LIST,
	STMT_ORG_COUNTS,
	STMT_ORG_MAX_ID,       /* -> max(id), a cheap size of the tree */
	STMT_ORG_SUBTREE_SIZE, /* 1 low, 2 high, 3 cap -> min(n, cap) */
	STMT_ORG_OUTSIDE,      /* 1 low, 2 high -> 0: the range is all */
	STMT_ORG_MOVE_MEMBERS,
	STMT_ORG_EVENT_ADD,
	STMT_ORG_EVENTS,
	STMT_ORG_PATH, /* 1 id -> path (scope checks) */

	/* members; columns: MEM_COL_* */
	STMT_MEMBER_INSERT,
	STMT_MEMBER_GET,
	STMT_MEMBER_VERSION,
	STMT_MEMBER_FIND_CITIZEN_ID,
	STMT_MEMBER_FIND_CARD_NO,
	STMT_MEMBER_UPDATE,
	STMT_MEMBER_CONTACTS_UPDATE, /* phone and e-mail only */
	STMT_MEMBER_DELETE,
	/* 1 id -> org_id, its path, deleted (0/1), deleted or not (scope
	 * checks) */
	STMT_MEMBER_SCOPE,

	/*
	 * Member lists, one statement per (sort, plan, after a cursor?).
	 * Plans: plain (walk the sort's index, filter), _ORG (a small org
	 * subtree: fetch its members through member.org_id, then sort), _Q
	 * (a q search: fetch through the fold and ID indexes, then sort).
	 * Parameters, numbered in this order and only those used:
	 *   1 subtree path low (NULL: any org; never NULL for _ORG),
	 *   2 subtree path high, 3 status (NULL: any), 4 state (NULL: any),
	 *   5 limit, 6 ethnicity, 7-8 admitted_on range, 9 born after,
	 *   10 born until, 11 not NULL: no birth date (NULL: any of these),
	 *   _Q, _QS: 12-29 the q block (stmts.def, MFILTER_Q): _Q through
	 *           the words and IDs, _QS in a small subtree (as _ORG);
	 *   _AFTER: next: the cursor's key (not for MSORT_ID), then its id
	 *           (12-13; for _Q and _QS 31-32, and 30 the match's rank
	 *           for MSORT_NAME, whose _Q lists rank the matches: the
	 *           rank is the column after MEM_COL_SORT_KEY).
	 */
	STMT_MLIST_NAME,
	STMT_MLIST_NAME_AFTER,
	STMT_MLIST_NAME_ORG,
	STMT_MLIST_NAME_ORG_AFTER,
	STMT_MLIST_NAME_Q,
	STMT_MLIST_NAME_Q_AFTER,
	STMT_MLIST_NAME_QS,
	STMT_MLIST_NAME_QS_AFTER,
	STMT_MLIST_NAME_DESC,
	STMT_MLIST_NAME_DESC_AFTER,
	STMT_MLIST_NAME_DESC_ORG,
	STMT_MLIST_NAME_DESC_ORG_AFTER,
	STMT_MLIST_NAME_DESC_Q,
	STMT_MLIST_NAME_DESC_Q_AFTER,
	STMT_MLIST_NAME_DESC_QS,
	STMT_MLIST_NAME_DESC_QS_AFTER,
	STMT_MLIST_BIRTH,
	STMT_MLIST_BIRTH_AFTER,
	STMT_MLIST_BIRTH_ORG,
	STMT_MLIST_BIRTH_ORG_AFTER,
	STMT_MLIST_BIRTH_Q,
	STMT_MLIST_BIRTH_Q_AFTER,
	STMT_MLIST_BIRTH_QS,
	STMT_MLIST_BIRTH_QS_AFTER,
	STMT_MLIST_ADMITTED,
	STMT_MLIST_ADMITTED_AFTER,
	STMT_MLIST_ADMITTED_ORG,
	STMT_MLIST_ADMITTED_ORG_AFTER,
	STMT_MLIST_ADMITTED_Q,
	STMT_MLIST_ADMITTED_Q_AFTER,
	STMT_MLIST_ADMITTED_QS,
	STMT_MLIST_ADMITTED_QS_AFTER,
	STMT_MLIST_ID,
	STMT_MLIST_ID_AFTER,
	STMT_MLIST_ID_ORG,
	STMT_MLIST_ID_ORG_AFTER,
	STMT_MLIST_ID_Q,
	STMT_MLIST_ID_Q_AFTER,
	STMT_MLIST_ID_QS,
	STMT_MLIST_ID_QS_AFTER,
	/* One member (a principal whose only right is its own record)
	 * matching the filters: 1-11 as above, 12 its id. */
	STMT_MLIST_ONE,
	/*
	 * The ranked name search's fast path (store-member.c, mlist_fast):
	 * G0 and G1 the members of rank 0 and 1 of a query of several words
	 * through candidates, the first 33 in name order from one covering
	 * fold index, then their rows (1-11, the q block, 31-32 the
	 * cursor's key and id or NULL; the last column, after the rank, how
	 * many candidates there were); MWORD_STREAM one run of member_word
	 * (one word at one place) in name order; MWORD_WORDS the distinct
	 * words of a range.
	 */
	STMT_MLIST_G0,
	STMT_MLIST_G1,
	STMT_MWORD_STREAM,
	STMT_MWORD_WORDS,
	STMT_MWORD_OF,        /* 1 id -> name_fold, sort_key, state */
	STMT_MWORD_FILL,      /* 1 bulk batch: its members' words */
	STMT_MWORD_FILL_FAST, /* the same into an empty member_word
	                       * without its key (bulk, fast path) */
	STMT_MWORD_INSERT,    /* 1 member, 2 word, 3 pos, 4 sort key, 5 off,
	                       * 6 state, 7 name_fold */
	STMT_MWORD_DELETE,    /* 1-5 the same */
	STMT_MWORD_N_ADD,     /* 1 word, 2 pos, 3 state, 4 members to add */
	STMT_MWORD_N_ROWS,    /* 1-2 words -> members at every place */
	STMT_MWORD_N_SPAN,    /* 1-2 words, 3 state -> at least, at most */
	/* Counts up to parameter 5 (stmts.def) -> 1 row: n */
	STMT_MCOUNT_WORDS, /* 1-2 words, 3 state, 4 limit -> members */
	STMT_MCOUNT_R0,
	STMT_MCOUNT_WI,
	STMT_MCOUNT,
	STMT_MCOUNT_ORG,
	STMT_MCOUNT_Q,
	STMT_MCOUNT_QS,
	STMT_MCOUNT_W,

	STMT_MEMBER_EVENT_ADD,
	STMT_MEMBER_EVENTS,

	/* meetings */
	STMT_MEETING_INSERT,
	STMT_MEETING_GET,
	STMT_MEETING_UPDATE,
	STMT_MEETING_LIST,
	STMT_MEETING_LIST_MEMBER,
	STMT_MEETING_MEMBER_ORG,
	STMT_MEETING_ATTENDANCE_SET,
	STMT_MEETING_ATTENDANCE_LIST,
	STMT_MEETING_ROLL_SNAPSHOT,
	STMT_MEETING_ROLL_DROP_UNRECORDED,
	STMT_MEETING_ROLL_ADD,
	STMT_MEETING_ROLL_COUNTS,
	/* meeting materials, server secrets (migration 0020) */
	STMT_MATERIAL_INSERT,
	STMT_MATERIAL_LIST,
	STMT_MATERIAL_GET,
	STMT_MATERIAL_DELETE,
	STMT_SECRET_GET,
	STMT_SECRET_INSERT,
	STMT_MEETING_MEMBER_FIND,
	/* resolutions, tasks, self-scores (store-resolution.c) */
	STMT_RESOLUTION_GET,
	STMT_RESOLUTION_INSERT,
	STMT_RESOLUTION_UPDATE,
	STMT_RESOLUTION_PREFILL,
	STMT_RESOLUTION_SERIES_NEXT,
	STMT_RESOLUTION_APPROVE,
	STMT_RESOLUTION_ITEMS,
	STMT_TASK_INSERT,
	STMT_TASK_GET,
	STMT_TASK_UPDATE,
	STMT_TASK_LIST_MEETING,
	STMT_TASK_LIST_ORG,
	STMT_TASK_LIST_MEMBER,
	STMT_SCORE_SET,
	STMT_SCORE_GET,
	/* votes and minutes (store-meeting-minutes.c) */
	STMT_MEETING_VOTE_INSERT,
	STMT_MEETING_VOTE_LIST,
	STMT_MINUTES_GET,
	STMT_MINUTES_INSERT,
	STMT_MINUTES_UPDATE,
	STMT_MINUTES_SIGN,
	STMT_MINUTES_CORRECTION_ADD,
	STMT_MINUTES_CORRECTIONS,
	/* The meetings check, kept (store-meeting-check.c, migration 0023). */
	STMT_MCHK_FACT_MEETINGS,
	STMT_MCHK_FACT_ATTENDANCE,
	STMT_MCHK_STATE_GET,
	STMT_MCHK_OLD_COUNTS,
	STMT_MCHK_FINDING_CLEAR,
	STMT_MCHK_FINDING_ADD,
	STMT_MCHK_COUNT_ADD,
	STMT_MCHK_MONTH_CLEAR,
	STMT_MCHK_MONTH_ADD,
	STMT_MCHK_STATE_SET,
	STMT_MCHK_STALE,
	STMT_MCHK_COUNTS,
	STMT_MCHK_FINDINGS,
	STMT_MCHK_CELLS,
	STMT_MCHK_MONTHS,
	STMT_MCHK_MONTH_CODES,

	/* the dashboard's kept figures (store-dashboard.c, migration 0029) */
	STMT_DASH_ADD,
	STMT_DASH_SET,
	STMT_DASH_CLEAR,
	STMT_DASH_GET,
	STMT_DASH_CHILDREN,
	STMT_DASH_ALL,
	STMT_DASH_MEET_SRC,
	STMT_DASH_EVAL_SRC,
	STMT_DASH_DISC_SRC,
	STMT_DASH_DISC_MOVING,
	STMT_DASH_MEMBER_ORG,

	/* the inspection coverage check (store-inspection-check.c), as the
	 * system once svc has allowed the read */
	STMT_ICHK_TERM,
	STMT_ICHK_CHILDREN,
	STMT_ICHK_INSPECTIONS,
	STMT_ICHK_RECS,
	/* inspections and supervisions (store-inspection.c, migration
	 * 0026) */
	STMT_INSPECTION_INSERT,
	STMT_INSPECTION_GET,
	STMT_INSPECTION_UPDATE,
	STMT_INSPECTION_DELETE,
	STMT_INSPECTION_LIST,
	STMT_INSP_REC_INSERT,
	STMT_INSP_REC_GET,
	STMT_INSP_REC_UPDATE,
	STMT_INSP_REC_LIST,
	STMT_INSP_REC_DELETE_ALL,
	STMT_INSP_ATT_INSERT,
	STMT_INSP_ATT_LIST,
	STMT_INSP_ATT_GET,
	STMT_INSP_ATT_DELETE_ALL,

	/* rule overrides */
	STMT_OVERRIDE_ADD,
	STMT_OVERRIDES_LOAD,

	/* accounts; columns: USER_COL_*, GRANT_COL_* */
	STMT_USER_INSERT,
	STMT_USER_GET,
	STMT_USER_GET_BY_NAME,
	STMT_USER_LIST,
	STMT_USER_SET_PASSWORD,
	STMT_USER_SET_DISABLED,
	STMT_USER_TOUCH,         /* bumps the version (grants changed) */
	STMT_USER_TOUCH_SUBTREE, /* ... of those with grants in a
				  * subtree (it moved) */
	STMT_GRANT_ADD,
	STMT_GRANT_REMOVE,
	STMT_GRANT_OPTIONS, /* a grant's options (0008) */
	STMT_GRANTS_OF,     /* one user's grants */
	STMT_GRANTS_ALL,    /* everybody's, by user id */

	/* sessions; columns: SESS_COL_* */
	STMT_SESSION_INSERT,
	STMT_SESSION_GET,
	STMT_SESSION_CHECK, /* per request: CHECK_COL_* */
	STMT_SESSION_TOUCH,
	STMT_SESSION_DELETE,
	STMT_SESSION_DELETE_USER,
	STMT_SESSION_PURGE,

	/* API tokens; columns: TOKEN_COL_* */
	STMT_TOKEN_INSERT,
	STMT_TOKEN_FIND,
	STMT_TOKEN_CHECK, /* per request: CHECK_COL_* */
	STMT_TOKEN_LIST,
	STMT_TOKEN_REVOKE,
	STMT_TOKEN_TOUCH,

	/* sign-in throttling */
	STMT_AUTH_FAIL,
	STMT_AUTH_FAILURES,
	STMT_AUTH_CLEAR,

	/* audit; columns: AUDIT_COL_* */
	STMT_AUDIT_LOCK, /* the head, locked until the end of
			  * the transaction */
	STMT_AUDIT_INSERT,
	STMT_AUDIT_HEAD_SET,
	STMT_AUDIT_HEAD,
	STMT_AUDIT_LIST,
	STMT_AUDIT_EACH,
	STMT_AUDIT_ROWS,       /* -> how many rows the table holds */
	STMT_AUDIT_FORMAT,     /* -> the first id of hash format 2 */
	STMT_AUDIT_VIEW_CLAIM, /* -> a row if the view is to be recorded */
	STMT_AUDIT_VIEW_PRUNE,

	/* bulk loads (store-bulk.c); system principals only */
	STMT_BULK_MEMBER_ANY, /* -> 1 row: 0/1, a member row exists */
	STMT_BULK_MAX_IDS,    /* -> max id of org, org_event, member */
	STMT_BULK_INDEXES,    /* 1 table -> name, definition of each
				 * secondary index (the catalogue's) */
	STMT_BULK_FKEYS,      /* 1 table -> name, definition of each
				 * foreign key (PostgreSQL; none on
				 * SQLite, which cannot drop them) */
	STMT_BULK_BATCH_ADD,  /* 1 source, 2 file_name, 3 sha256,
				 * 4 actor, 5 user_id, 6 on_date,
				 * 7 created_at -> id */
	STMT_BULK_BATCH_ROWS, /* 1 id, 2 rows */
	STMT_BULK_BATCH_HASH, /* 1 id, 2 file_sha256 */
	STMT_BULK_BATCH_GET,  /* 1 id -> BATCH_COL_* */
	/* A row-path import's batch: as STMT_BULK_BATCH_ADD, with 8 rows
	 * -> id */
	STMT_IMPORT_BATCH_ADD,
	STMT_BULK_MEMBER_BATCH, /* 1 member id -> import_batch_id */
	/* The rows: SQLite an INSERT with the parameters below, PostgreSQL
	 * a COPY ... FROM STDIN (text format) of the same columns, in the
	 * same order (one column per parameter). */
	STMT_BULK_ORG,         /* 1 id, 2 kind, 3 name, 4 name_fold,
			        * 5 name_key, 6 code, 7 code_fold,
			        * 8 parent_id, 9 path, 10 depth,
			        * 11 valid_from, 12 valid_to,
			        * 13 created_at, 14 updated_at */
	STMT_BULK_ORG_EVENT,   /* 1 org_id, 2 kind, 3 on_date,
			        * 4 recorded_by, 5 recorded_at */
	STMT_BULK_MEMBER,      /* 1 id, 2-24 as STMT_MEMBER_INSERT's
			        * 1-23, 25 name_fold, 26 given_fold,
			        * 27 sort_key, 28 created_at,
			        * 29 updated_at, 30 import_batch_id */
	STMT_BULK_SEQUENCES,   /* after explicit ids: the identity
			        * sequences past them (PostgreSQL) */
	STMT_BULK_ANALYZE,     /* planner statistics (run by exec) */
	STMT_BULK_TUNE,        /* more memory for the load and the
			        * index builds (run by exec) */
	STMT_BULK_UNTUNE,      /* back to the usual (run by exec) */
	STMT_BULK_MWORD_UNKEY, /* fast path: member_word's key dropped
	                        * before its rows (run by exec) */
	STMT_BULK_MWORD_REKEY, /* and made again after them */

	/*
	 * Figures (store-stats.c); counters in STAT_COLS order.  "The chain
	 * of X": X and every organisation above it (a recursive walk up
	 * parent_id).
	 */
	STMT_STAT_CLOCK_LOCK, /* -> as_of, edges; locked (writers) */
	STMT_STAT_CLOCK_GET,  /* -> as_of, edges */
	STMT_STAT_CLOCK_SET,  /* 1 as_of, 2 edges, 3 now (built) */
	STMT_STAT_ADD,        /* 1 org: its chain += 2..30 */
	STMT_STAT_ETH_ADD,    /* 1 org: chain's ethnicity 2 += 3 */
	STMT_STAT_ORG_INSERT, /* 1 org: a zero row */
	STMT_STAT_GET,        /* 1 org -> org_id, counters, as_of,
			       * edges */
	STMT_STAT_ETH_GET,    /* 1 org -> ethnicity, n (n != 0) */
	/* 1 member id (not deleted) -> org_id, state, status, gender,
	 * birth_date, exempt_since, theory_level, ethnicity; locked */
	STMT_STAT_MEMBER_OLD,
	/* 1 org -> the same columns of its members on the rolls */
	STMT_STAT_ORG_MEMBERS,
	/* 1 after (exclusive), 2 up to (inclusive) birth dates, 3 age band
	 * gained, 4 age band lost: moves the members on the rolls born in
	 * that range from band 4 to band 3 in their chains */
	STMT_STAT_ROLL,
	STMT_STAT_CLEAR,
	STMT_STAT_ETH_CLEAR,
	STMT_STAT_THEORY_CLEAR,
	STMT_STAT_THEORY_LEVELS, /* -> distinct theory_level texts */
	STMT_STAT_THEORY_ADD,    /* 1 text, 2 category */
	/* 1..7 the birth-date cutoffs of the age edges (NULL past the
	 * last): every organisation's own row, direct members only */
	STMT_STAT_REBUILD,
	STMT_STAT_ETH_REBUILD,
	STMT_STAT_MAX_DEPTH,     /* -> max(depth) */
	STMT_STAT_PROPAGATE,     /* 1 depth: add those rows to parents */
	STMT_STAT_ETH_PROPAGATE, /* 1 depth */
	/* 1 id -> direct members, subtree members, official, probationary,
	 * open children, open descendants (STMT_ORG_COUNTS from figures) */
	STMT_ORG_COUNTS_STAT,

	/* discipline cases and state notices (store-discipline.c,
	 * migration 0027) */
	STMT_DCASE_INSERT,
	STMT_DCASE_GET,
	STMT_DCASE_UPDATE,
	STMT_DCASE_DELETE,
	STMT_DCASE_LIST,
	STMT_DNOTICE_INSERT,
	STMT_DNOTICE_LIST,
	STMT_DCASE_VIOLATIONS,

	/* backup (store-backup.c): a read-only snapshot (PostgreSQL:
	 * repeatable read, its id exported for pg_dump --snapshot; SQLite:
	 * a read transaction, "" as the id), the audit head in it without a
	 * lock, and the engine's own check of a database */
	STMT_BACKUP_BEGIN,
	STMT_BACKUP_SNAPSHOT, /* -> the snapshot's id */
	STMT_AUDIT_HEAD_PLAIN,
	STMT_INTEGRITY_CHECK, /* -> rows: "ok" or the problems */

	/* terms and inspection programmes (store-programme.c, migration
	 * 0025) */
	STMT_TERM_INSERT,
	STMT_TERM_GET,
	STMT_TERM_UPDATE,
	STMT_TERM_DELETE,
	STMT_TERM_LIST,
	STMT_TERM_OVERLAP,
	STMT_PROGRAMME_INSERT,
	STMT_PROGRAMME_GET,
	STMT_PROGRAMME_UPDATE,
	STMT_PROGRAMME_DELETE,
	STMT_PROGRAMME_IN_USE,
	STMT_PROGRAMME_LIST,
	STMT_PITEM_INSERT,
	STMT_PITEM_GET,
	STMT_PITEM_UPDATE,
	STMT_PITEM_DELETE,
	STMT_PITEM_DELETE_ALL,
	STMT_PITEM_LIST,

	/* evaluation periods, evaluations and comments
	 * (store-evaluation.c, migration 0028) */
	STMT_EPERIOD_INSERT,
	STMT_EPERIOD_GET,
	STMT_EPERIOD_UPDATE,
	STMT_EPERIOD_LIST,
	STMT_EVAL_INSERT,
	STMT_EVAL_GET,
	STMT_EVAL_UPDATE,
	STMT_EVAL_DELETE,
	STMT_ECOMMENT_DELETE_ALL,
	STMT_EVAL_LIST,
	STMT_EVAL_UNDECIDED,
	STMT_EVAL_SCOPE_ROWS,
	STMT_EVAL_SCOPE_ORGS,
	STMT_EVAL_FACT_MEMBER,
	STMT_EVAL_FACT_ORG,
	STMT_EVAL_DISCIPLINED,
	STMT_EVAL_SUBUNITS,
	STMT_EVAL_QUARTERS,
	STMT_ECOMMENT_INSERT,
	STMT_ECOMMENT_LIST,

	STMT__MAX
};

/*
 * The counters of org_stat, in enum stat_col order (core/stats.h), with
 * the parameter that carries each in STMT_STAT_ADD.  The first is apart
 * so that lists can be written without a trailing comma.
 */
/* clang-format off */
#define STAT_COL_FIRST(X) X(members, "2")
#define STAT_COLS_REST(X) \
	X(official, "3") X(probationary, "4") X(male, "5") X(female, "6") \
	X(exempted, "7") X(age_0, "8") X(age_1, "9") X(age_2, "10") \
	X(age_3, "11") X(age_4, "12") X(age_5, "13") X(age_6, "14") \
	X(age_7, "15") X(age_unknown, "16") X(theory_none, "17") \
	X(theory_elementary, "18") X(theory_intermediate, "19") \
	X(theory_advanced, "20") X(theory_bachelor, "21") \
	X(theory_other, "22") X(org_central, "23") X(org_province, "24") \
	X(org_upper_grassroots, "25") X(org_grassroots, "26") \
	X(org_grassroots_cell, "27") X(org_sub_committee, "28") \
	X(org_cell, "29") X(org_group, "30")
#define STAT_COLS(X) STAT_COL_FIRST(X) STAT_COLS_REST(X)
/* clang-format on */

/*
 * The dashboard's kept figures, the columns of dashboard_kept (migration
 * 0030) in enum dash_fig order (store.h), with the parameter that
 * carries each in STMT_DASH_ADD and STMT_DASH_SET (1 organisation,
 * 2 year).
 */
/* clang-format off */
#define DASH_COL_FIRST(X) X(m_htxs, "3")
#define DASH_COLS_REST(X) \
	X(m_htt, "4") X(m_ht, "5") X(m_kht, "6") X(m_not_classified, "7") \
	X(m_pending, "8") X(c_htxs, "9") X(c_htt, "10") X(c_ht, "11") \
	X(c_kht, "12") X(c_not_classified, "13") X(c_pending, "14") \
	X(mt_required, "15") X(mt_held, "16") X(mt_expected, "17") \
	X(mt_present, "18") X(own_mt_required, "19") X(own_mt_held, "20") \
	X(own_mt_expected, "21") X(own_mt_present, "22") \
	X(d_khien_trach, "23") X(d_canh_cao, "24") X(d_cach_chuc, "25") \
	X(d_khai_tru, "26") X(d_giai_tan, "27")
#define DASH_COLS(X) DASH_COL_FIRST(X) DASH_COLS_REST(X)
/* clang-format on */

/*
 * Result columns of the org and member statements that return them: the
 * fields of the entity's table (core/entity.h), in its order, so that
 * column i is field i (ORG_F_*, MEMBER_F_*); the member statements add
 * the columns below after them.
 */
enum { ORG_COL__MAX = ORG_F__MAX };

enum {
	MEM_COL_ORG_PATH = MEMBER_F__MAX, /* the organisation's path (scope) */
	MEM_COL_SORT_KEY,                 /* list statements only */
	MEM_COL__MAX
};

/* Result columns of the account statements. */
enum {
	USER_COL_ID = 0,
	USER_COL_USERNAME,
	USER_COL_DISPLAY_NAME,
	USER_COL_MEMBER_ID,
	USER_COL_DISABLED,
	USER_COL_VERSION,
	USER_COL_CREATED_AT,
	USER_COL_UPDATED_AT,
	USER_COL_PASSWORD_HASH,
	USER_COL__MAX
};
enum {
	GRANT_COL_USER_ID = 0,
	GRANT_COL_ID,
	GRANT_COL_ROLE,
	GRANT_COL_ORG_ID,
	GRANT_COL_ORG_PATH,
	GRANT_COL_ORG_CODE,
	GRANT_COL_ORG_NAME,
	GRANT_COL_OPTIONS,
	GRANT_COL__MAX
};
enum {
	SESS_COL_ID_HASH = 0,
	SESS_COL_USER_ID,
	SESS_COL_CSRF_HASH,
	SESS_COL_CREATED_AT,
	SESS_COL_LAST_SEEN_AT,
	SESS_COL_EXPIRES_AT,
	SESS_COL_ADDR,
	SESS_COL_USER_AGENT,
	SESS_COL__MAX
};
enum {
	TOKEN_COL_ID = 0,
	TOKEN_COL_USER_ID,
	TOKEN_COL_USERNAME,
	TOKEN_COL_NAME,
	TOKEN_COL_PREFIX,
	TOKEN_COL_CREATED_AT,
	TOKEN_COL_EXPIRES_AT,
	TOKEN_COL_REVOKED_AT,
	TOKEN_COL_LAST_USED_AT,
	TOKEN_COL__MAX
};

/* STMT_SESSION_CHECK, STMT_TOKEN_CHECK: a credential and its account in
 * one read (the token id is 0 for a session; last_used: last_seen_at of
 * a session, last_used_at of a token; revoked: 1 or 0). */
enum {
	CHECK_COL_TOKEN_ID = 0,
	CHECK_COL_USER_ID,
	CHECK_COL_EXPIRES_AT,
	CHECK_COL_LAST_USED,
	CHECK_COL_REVOKED,
	CHECK_COL_DISABLED,
	CHECK_COL_VERSION,
	CHECK_COL_OWN_ORG_PATH,
	CHECK_COL__MAX
};
enum {
	AUDIT_COL_ID = 0,
	AUDIT_COL_AT,
	AUDIT_COL_ACTOR,
	AUDIT_COL_USER_ID,
	AUDIT_COL_ADDR,
	AUDIT_COL_ACTION,
	AUDIT_COL_OBJECT_TYPE,
	AUDIT_COL_OBJECT_ID,
	AUDIT_COL_ORG_ID,
	AUDIT_COL_BEFORE,
	AUDIT_COL_AFTER,
	AUDIT_COL_DETAIL,
	AUDIT_COL_PREV_HASH,
	AUDIT_COL_HASH,
	AUDIT_COL_ORG_PATH,    /* STMT_AUDIT_LIST only */
	AUDIT_COL_ACTOR_NAME,  /* STMT_AUDIT_LIST only */
	AUDIT_COL_OBJECT_NAME, /* STMT_AUDIT_LIST only */
	AUDIT_COL__MAX
};

/* Result columns of STMT_BULK_BATCH_GET. */
enum {
	BATCH_COL_SOURCE = 0,
	BATCH_COL_FILE_NAME,
	BATCH_COL_FILE_SHA256,
	BATCH_COL_ROWS,
	BATCH_COL_ACTOR,
	BATCH_COL_USER_ID,
	BATCH_COL_ON_DATE,
	BATCH_COL_CREATED_AT,
	BATCH_COL__MAX
};

/* What step() says. */
enum step { STEP_ERROR = -1, STEP_DONE = 0, STEP_ROW = 1 };

/* The kinds of database errors the store reacts to. */
enum dberr {
	DBERR_OTHER = 0,
	DBERR_UNIQUE, /* unique index or primary key */
	DBERR_FOREIGN_KEY,
	DBERR_NOT_NULL,
	DBERR_CHECK,
};

/* The figures' clock (stat_clock): the date the age bands are as of
 * ("" while the figures were never built) and their edges. */
struct stat_clock {
	char as_of[DATE_LEN];
	struct stats_bands bands;
};

struct conn;  /* one backend connection */
struct bstmt; /* one prepared statement of a connection */

struct backend {
	const char *name; /* "sqlite", "postgresql" */
	/* After a failed statement inside a transaction, the whole
	 * transaction is unusable (PostgreSQL): the store runs statements
	 * that may fail on purpose (conflicts) inside a savepoint. */
	bool error_aborts_tx;

	/* The statement table and the migrations compiled in. */
	const char *(*sql)(enum stmt id);
	const struct embedded_file *migrations;
	const size_t *nmigrations;

	int (*open)(const char *url, struct conn **ret, struct cb_error *err);
	void (*close)(struct conn *c);
	/* Runs one or more statements without parameters or results. */
	int (*exec)(struct conn *c, const char *sql);
	/* Returns the connection's cached statement id, preparing it the
	 * first time.  The statement is reset and its bindings cleared. */
	int (*prepare)(struct conn *c, enum stmt id, struct bstmt **ret);

	/* pos is 1-based; 0 or -CB_E*.  A NULL text binds NULL. */
	int (*bind_int64)(struct bstmt *s, int pos, int64_t v);
	int (*bind_text)(struct bstmt *s, int pos, const char *v);
	/* The same without a copy: v must stay valid until the statement
	 * is stepped and reset (bulk loads). */
	int (*bind_text_static)(struct bstmt *s, int pos, const char *v);
	int (*bind_blob)(struct bstmt *s, int pos, const void *p, size_t n);
	int (*bind_null)(struct bstmt *s, int pos);

	enum step (*step)(struct bstmt *s);
	/* Rows changed by the last step of an INSERT/UPDATE/DELETE. */
	int64_t (*changes)(struct bstmt *s);

	/* col is 0-based; valid until the next step or reset. */
	int64_t (*column_int64)(struct bstmt *s, int col);
	const char *(*column_text)(struct bstmt *s, int col); /* NULL: NULL */
	const void *(*column_blob)(struct bstmt *s, int col, size_t *len);
	bool (*column_is_null)(struct bstmt *s, int col);

	/* Ends the execution and clears the bindings; the statement stays
	 * prepared. */
	void (*reset)(struct bstmt *s);

	/*
	 * COPY ... FROM STDIN, text format (PostgreSQL; NULL for SQLite):
	 * copy_begin starts statement id (its SQL is a COPY), copy_data
	 * sends rows (whole lines, any number), copy_end finishes it and
	 * reports its error (0 or -CB_E*; errkind then classifies it).
	 */
	int (*copy_begin)(struct conn *c, enum stmt id);
	int (*copy_data)(struct conn *c, const char *buf, size_t n);
	int (*copy_end)(struct conn *c);

	/* The connection's last error, for logs. */
	const char *(*errmsg)(struct conn *c);
	/* Classifies the last error; for DBERR_UNIQUE, DBERR_NOT_NULL and
	 * DBERR_CHECK copies the field concerned (from the column or from
	 * the constraint name "ux_<table>__<field>") into field, or "". */
	enum dberr (*errkind)(struct conn *c, char *field, size_t fieldsz);

	/*
	 * Backup and restore (store-backup.c).  backup writes a copy of c's
	 * database as it is in the snapshot of the open STMT_BACKUP_BEGIN
	 * transaction (snapshot: STMT_BACKUP_SNAPSHOT's id) to file (SQLite:
	 * the online backup API; PostgreSQL: pg_dump -Fc).  restore writes
	 * file into the database url (SQLite: the backup API into the
	 * path; PostgreSQL: pg_restore), over what is there when force.
	 */
	int (*backup)(struct conn *c, const char *snapshot, const char *file,
	    struct cb_error *err);
	int (*restore)(const char *file, const char *url, bool force,
	    struct cb_error *err);

	/*
	 * Upkeep of a pool's database by a thread of its own, for as long
	 * as the pool is open (pool.c), over the pool's n connections:
	 * SQLite's WAL checkpoints, taken off the commits.  NULL where the
	 * engine does its own (PostgreSQL).  upkeep_start returns 0 or
	 * -CB_E*; upkeep_stop, before the connections are closed, gives
	 * them back their own checkpoints and ends the thread.
	 */
	int (*upkeep_start)(const char *url, struct store *const *conns, int n,
	    void **ret, struct cb_error *err);
	void (*upkeep_stop)(void *u, struct store *const *conns, int n);
	/* The checkpoints the upkeep thread has made. */
	uint64_t (*upkeep_checkpoints)(void *u);
};

extern const struct backend sqlite_backend;
extern const struct backend pg_backend;

/* The statement tables (sqlite/stmts.c, pg/stmts.c, both made from
 * stmts.def); NULL if id is out of range or missing. */
const char *sqlite_stmt_sql(enum stmt id);
const char *pg_stmt_sql(enum stmt id);
bool pg_stmt_plan_each(enum stmt id);

struct store {
	const struct backend *be;
	struct conn *conn;
	int depth;                   /* transaction nesting */
	const struct principal *who; /* borrowed; NULL: none */
	/* The organisation of who's own member record, looked up once per
	 * store_set_principal (store-policy.c). */
	bool own_known;
	int64_t own_org_id;
	char *own_org_path;
	/* The figures' clock as locked in the current transaction, at
	 * nesting depth clock_depth (0: not held; store.c forgets it when
	 * that level ends without passing it on). */
	int clock_depth;
	struct stat_clock clock;
	/* The sensitive member fields (core/privacy.h; 0: not told, every
	 * field that may be masked). */
	uint64_t sensitive;
	int64_t count_bound; /* store_set_count_bound; 0: the default */
};

/* ------------------------------------------------------ query helper */

/*
 * One execution of a cached statement.  Binding errors are sticky and
 * reported by q_step().  Always end with q_done().
 */
struct q {
	struct store *st;
	struct bstmt *s;
	enum stmt id;
	int rc;               /* sticky binding error */
	const char *fk_field; /* field named by a foreign key error */
};

int q_open(struct q *q, struct store *st, enum stmt id, struct cb_error *err);
void q_int(struct q *q, int pos, int64_t v);
/* Binds NULL for v == 0 (ids of optional references). */
void q_id(struct q *q, int pos, int64_t v);
/* Malformed UTF-8 is refused before it reaches the database (q_step:
 * -CB_EINVAL "invalid_text"): PostgreSQL would fail the statement and
 * with it the surrounding transaction, SQLite would store the bytes. */
void q_text(struct q *q, int pos, const char *v);
/* Binds NULL for NULL or "". */
void q_text_opt(struct q *q, int pos, const char *v);
/* An ISO date; "" binds NULL. */
void q_date(struct q *q, int pos, const char *v);
void q_blob(struct q *q, int pos, const void *p, size_t n);
void q_null(struct q *q, int pos);
/* STEP_ROW (1), STEP_DONE (0), or -CB_E* with err filled: unique ->
 * CB_ECONFLICT naming the field, foreign key -> CB_ENOTFOUND naming
 * q->fk_field, not null / check -> CB_EINVAL naming the field. */
int q_step(struct q *q, struct cb_error *err);
/* Steps once and expects STEP_DONE or STEP_ROW; then q_done. */
int q_run(struct q *q, struct cb_error *err);
/* Steps an INSERT ... RETURNING id, then q_done: sets *ret_id, and
 * *ret_at (freed first) to a copy of now.  0 or -CB_E*. */
int q_insert_id(struct q *q, const char *now, int64_t *ret_id, char **ret_at,
    struct cb_error *err);
void q_done(struct q *q);

int64_t q_col_int(struct q *q, int col);
/* Borrowed; NULL for SQL NULL. */
const char *q_col_text(struct q *q, int col);
/* malloc'd copy into *dst (NULL for SQL NULL); 0 or -CB_ENOMEM. */
int q_col_dup(struct q *q, int col, char **dst);
/* A date column into out ("" for NULL). */
void q_col_date(struct q *q, int col, char out[DATE_LEN]);
const void *q_col_blob(struct q *q, int col, size_t *len);

/* Out of memory: sets err and returns -CB_ENOMEM. */
int store_nomem(struct cb_error *err);
/* Fills buf (TIMESTAMP_LEN) with now, UTC. */
void store_now(char *buf);
/*
 * A savepoint around one write that may fail on purpose (a conflict), when
 * the backend needs one to keep the caller's transaction usable after an
 * error (PostgreSQL, inside a transaction).  store_guard_end releases it,
 * or rolls it back if rc < 0, and returns rc (or the release's error).
 */
int store_guard_begin(struct store *st, bool *guarded, struct cb_error *err);
int
store_guard_end(struct store *st, bool guarded, int rc, struct cb_error *err);

/* The upper bound of the materialised-path range of path's subtree:
 * path with its final '/' replaced by '0'.  malloc'd; NULL on ENOMEM. */
char *path_upper(const char *path);
/* The smallest string greater than every string starting with prefix
 * (valid UTF-8): the last code point incremented.  malloc'd, NULL on
 * ENOMEM; NULL with *none set if there is none. */
char *prefix_successor(const char *prefix, bool *none);
/* text_fold(s) into *ret (malloc'd); malformed UTF-8 is -CB_EINVAL naming
 * field. */
int
store_fold(const char *s, const char *field, char **ret, struct cb_error *err);
/* Checks an optional ISO date; -CB_EINVAL naming field if invalid. */
int store_check_date(const char *d, const char *field, struct cb_error *err);
/*
 * A copy of s (malloc'd, NULL on ENOMEM) in which every occurrence of
 * url's password -- the userinfo's "user:password@" or a "password="
 * parameter, raw and percent-decoded -- is replaced by "***".  For
 * messages about a connection: libpq quotes parts of a malformed URL in
 * its errors, and a SQLite path may be a mistyped PostgreSQL URL.
 */
char *url_redact(const char *s, const char *url);

/* ------------------------------------------------ the principal */

/*
 * store-policy.c.  Every statement has a gate: the actions (core/auth.h)
 * any one of which lets a principal run it, or "any principal", or
 * "system only".  q_open() refuses the others with -CB_EPERM.  On top of
 * it, the functions check rows against the principal's scope with the
 * helpers below; all of them let everything through for no principal or
 * a system one (and then run no statement).
 */

/* True if st runs for a principal that is not NULL and not system. */
bool store_restricted(const struct store *st);
/* Whether p (NULL: none) may run statement id at all. */
bool store_stmt_allowed(const struct principal *p, int id);
/* The gate of statement id, for the contract tests: 0 if missing. */
unsigned store_stmt_gate(int id);

/* True if the principal may read the organisation (ACT_ORG_READ on its
 * path, or the organisation of its own member record). */
int scope_org_readable(struct store *st, int64_t org_id, const char *path,
    bool *ret, struct cb_error *err);
/* True if the principal may see the member at all: read or list it. */
bool scope_member_seen(const struct store *st, int64_t member_id,
    const char *org_path);
/*
 * An organisation named by a write (org_id, 0: none, *ret_path NULL):
 * its path into *ret_path (malloc'd) if it exists and the principal may
 * read it; otherwise -CB_ENOTFOUND "org_not_found", naming field if set.
 */
int scope_org_for_write(struct store *st, int64_t org_id, const char *field,
    char **ret_path, struct cb_error *err);
/*
 * A member named by a write or a history read: its organisation (id and
 * path, malloc'd) if the row exists (deleted or not) and the principal
 * may see it; otherwise -CB_ENOTFOUND "member_not_found", naming field if
 * set.
 */
int
scope_member_for_write(struct store *st, int64_t member_id, const char *field,
    int64_t *ret_org_id, char **ret_path, struct cb_error *err);
/* 0 if the principal may read the history of member member_id (deleted
 * or not): scope_member_for_write, then ACT_MEMBER_READ on it; 0 at once
 * for the system. */
int
scope_member_read(struct store *st, int64_t member_id, struct cb_error *err);
/* 0 if some role of the principal allows act somewhere; -CB_EPERM. */
int scope_can(struct store *st, enum action act, struct cb_error *err);
/* 0 if the principal may do act on something in the organisation at
 * path (NULL: installation-wide) that it can see; -CB_EPERM "forbidden". */
int scope_may(struct store *st, enum action act, const char *path,
    struct cb_error *err);
/* The same for a member record (its own record counts, core/auth.h). */
int scope_may_member(struct store *st, enum action act, int64_t member_id,
    const char *path, struct cb_error *err);
/*
 * The one decision on a member row (its id and organisation's path) for
 * act (ACT_MEMBER_READ, ACT_MEMBER_LIST): allowed in full, allowed with
 * its personal fields withheld, refused where the principal sees it
 * (forbidden), or hidden (not found).  Unrestricted: SCOPE_FULL.
 */
enum scope_row {
	SCOPE_HIDDEN = 0,
	SCOPE_REFUSED,
	SCOPE_ROSTER, /* listed, not readable: names only
		       * (core/privacy.h privacy_roster_mask) */
	SCOPE_MASKED, /* the sensitive fields withheld */
	SCOPE_FULL,
};
enum scope_row scope_member_row(const struct store *st, enum action act,
    int64_t member_id, const char *org_path);
/* The error of a row that is not allowed: -CB_ENOTFOUND
 * "member_not_found" (hidden) or -CB_EPERM "forbidden" (refused). */
int scope_member_refused(struct store *st, enum scope_row row, enum action act,
    struct cb_error *err);
/* Applies a row decision to m: SCOPE_MASKED clears the store's sensitive
 * fields (store_set_sensitive), SCOPE_ROSTER every field but the name,
 * organisation and status; both set m->masked and personal_hidden. */
void scope_member_apply(const struct store *st, struct member *m,
    enum scope_row row);
/* True if member_entity flags some fields personal, and none that masking
 * must not clear (the key, store-made fields). */
bool scope_personal_fields_known(void);

/* A half-open range of materialised paths: a subtree, or one node. */
struct path_range {
	char *lo;
	char *hi;
};
void path_ranges_release(struct path_range *r, size_t n);
/*
 * Where the principal may do act, as sorted, disjoint path ranges (one
 * per root of principal_scope); *ret_all is set instead for no
 * restriction.  With own, the organisation of the principal's own member
 * record is added (alone, not its subtree) if it is not covered.
 */
int scope_ranges(struct store *st, enum action act, bool own,
    struct path_range **ret, size_t *ret_n, bool *ret_all,
    struct cb_error *err);
/* The intersection of [*lo, *hi) with [lo2, hi2) (any NULL bound: none)
 * into new malloc'd bounds; *ret_empty if it is empty.  0 or ENOMEM. */
int range_intersect(const char *lo, const char *hi, const char *lo2,
    const char *hi2, char **ret_lo, char **ret_hi, bool *ret_empty);

/* -------------------------------------------------- more helpers */

/* The path of the parent of the organisation at path ("/" -- a root's
 * parent -- gives NULL).  malloc'd; *ret NULL also when out of memory is
 * reported by the return value (0 or -CB_ENOMEM). */
int path_parent(const char *path, char **ret);
/* Checks an ISO timestamp "YYYY-MM-DDTHH:MM:SSZ" (NULL allowed);
 * -CB_EINVAL naming field if invalid. */
int
store_check_timestamp(const char *ts, const char *field, struct cb_error *err);

/* ------------------------------------------------ figures (hooks) */

/*
 * store-stats.c.  The writes of members and organisations call these
 * inside their own transaction level, so that the figures change in the
 * same transaction as the rows they count.  Lock order: the clock first
 * (stat_clock_lock, before the rows it counts), the audit head last.
 */

/* Locks the clock for the rest of the transaction (once per
 * transaction) and returns it; as_of "" means the figures are not built
 * and need no maintenance. */
int stat_clock_lock(struct store *st, const struct stat_clock **ret,
    struct cb_error *err);
/* Reads a member's counted fields (not deleted), locked: org_id, state,
 * status, gender, birth_date, exempt_since, theory_level, ethnicity into
 * *ret (released first).  0, or -CB_ENOTFOUND if there is none. */
int stat_member_old(struct store *st, int64_t id, struct member *ret,
    struct cb_error *err);
/* Applies the change from old to new (either NULL: none; a deleted
 * record is none) to the figures as of the clock c. */
int stat_member_change(struct store *st, const struct stat_clock *c,
    const struct member *old, const struct member *new, struct cb_error *err);
/* A new organisation: its zero row, and its kind up its chain if open. */
int
stat_org_inserted(struct store *st, const struct org *o, struct cb_error *err);
/* An organisation changed from cur to next (kind, open or closed,
 * parent): its own counts and those of its old and new chains. */
int stat_org_changed(struct store *st, const struct org *cur,
    const struct org *next, struct cb_error *err);
/* Before every member of from moves to to: moves their counts. */
int stat_members_moving(struct store *st, int64_t from, int64_t to,
    struct cb_error *err);

/* ------------------------------------------- for the contract tests */

/* The SQL text of statement id (NULL if missing from the table). */
const char *store_stmt_sql(const struct store *st, int id);
/* Which plan store_member_list takes for mq: "plain", "org" or "q";
 * NULL on error. */
const char *
store_member_list_plan(struct store *st, const struct member_query *mq);
/* Prepares statement id on st's connection: 0 or -CB_ESTORE. */
int store_stmt_prepare(struct store *st, int id, struct cb_error *err);

/* The dashboard's kept meeting figures of organisation org_id and year
 * (store-dashboard.c): its own from the months judged and the kept
 * months, the difference added up the chain of new_path (out of
 * old_path's and into new_path's when it moved; old_path NULL: none
 * kept).  Called by store_meeting_check_keep, in its transaction. */
int store_dashboard_meetings_kept(struct store *st, int64_t org_id, int year,
    const char *old_path, const char *new_path, int64_t months,
    const struct mchk_month *mon, size_t nmon, struct cb_error *err);

/*
 * The search's words (member_word, store-member.c): a word's place in a
 * folded name -- 0 the first word, 1 the last (the given name) of a name
 * of several words, 2 a middle one.  mword_next walks the words of a
 * folded name, one rule for the row path and the bulk loader: it starts
 * with it->p at the name (MWORD_ITER) and gives each word (w, wl), its
 * place, its offset in characters and whether member_word_n counts it
 * (a middle word twice in a name counts once); false after the last.
 */
enum { WORD_FIRST = 0, WORD_GIVEN = 1, WORD_MIDDLE = 2 };
struct mword_iter {
	const char *f, *p; /* the name, where the next word is looked for */
	int64_t next_off;
	const char *w; /* the word: wl bytes at w */
	size_t wl;
	int pos;
	int64_t off;
	bool counted;
};
#define MWORD_ITER(name) \
	{ \
		.f = (name), .p = (name) \
	}
bool mword_next(struct mword_iter *it);

#endif
