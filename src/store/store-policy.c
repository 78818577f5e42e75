/*
 * store-policy.c - the principal on whose behalf the store runs: which
 * statements it may run, which rows it may see and change.  The policy is
 * core's (core/auth.h, core/policy.c); this file only maps statements to
 * its actions and applies its scope rule to rows.  See store.h.
 *
 * The gate of a statement is the set of actions any one of which lets a
 * principal run it (principal_can: some role of the principal allows the
 * action somewhere, or it is the principal's own member record), or
 * G_ANY (everyone: transactions, sign-in, sessions, the audit append,
 * lookups the scope checks make), or G_SYSTEM (migrations, metadata, the
 * full audit walk).  So the role -> statement table is derived from the
 * policy's action x role table and cannot drift from it.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/privacy.h"
#include "store/store-int.h"
#include "util/err.h"

#include "util/banned.h"

#define G(a) (1u << (a))
#define G_ANY (1u << 30)
#define G_SYSTEM (1u << 31)
/* An action's bit must not reach G_ANY: past 30 actions the gates need a
 * wider type. */
_Static_assert(ACT__MAX <= 30, "the gates' bits hold 30 actions");

/* Reads of organisations: a principal whose only right is its own record
 * may read its own organisation (ACT_MEMBER_READ through principal_can). */
#define G_ORG_READ (G(ACT_ORG_READ) | G(ACT_MEMBER_READ))
/* The writes that keep the figures. */
#define G_STAT_WRITE \
	(G(ACT_ORG_WRITE) | G(ACT_MEMBER_WRITE) | G(ACT_MEMBER_DELETE))
/* Inspection programmes: read by who reads or writes them; written with
 * the inspection right, or a cell's own with its self-inspection right. */
#define G_PROGRAMME_READ \
	(G(ACT_INSPECTION_READ) | G(ACT_INSPECTION_WRITE) | \
	    G(ACT_SELF_INSPECTION_WRITE))
#define G_PROGRAMME_WRITE \
	(G(ACT_INSPECTION_WRITE) | G(ACT_SELF_INSPECTION_WRITE))

static const unsigned gates[STMT__MAX] = {
	[STMT_BEGIN] = G_ANY,
	[STMT_COMMIT] = G_ANY,
	[STMT_ROLLBACK] = G_ANY,
	[STMT_SAVEPOINT] = G_ANY,
	[STMT_RELEASE] = G_ANY,
	[STMT_ROLLBACK_TO] = G_ANY,

	[STMT_SCHEMA_EXISTS] = G_ANY,
	[STMT_SCHEMA_INIT] = G_SYSTEM,
	[STMT_SCHEMA_VERSION] = G_ANY,
	[STMT_SCHEMA_RECORD] = G_SYSTEM,
	[STMT_MIGRATE_LOCK] = G_SYSTEM,

	[STMT_META_GET] = G_ANY,
	[STMT_META_SET] = G_SYSTEM,
	[STMT_META_ADD] = G_SYSTEM,

	[STMT_ORG_TREE_LOCK] = G(ACT_ORG_WRITE),
	[STMT_ORG_INSERT] = G(ACT_ORG_WRITE),
	[STMT_ORG_GET] = G_ORG_READ,
	[STMT_ORG_GET_BY_CODE] = G_ORG_READ,
	[STMT_ORG_UPDATE] = G(ACT_ORG_WRITE),
	[STMT_ORG_MOVE_SUBTREE] = G(ACT_ORG_WRITE),
	[STMT_ORG_LIST] = G_ORG_READ,
	[STMT_ORG_COUNTS] = G(ACT_ORG_READ),
	[STMT_ORG_MAX_ID] = G(ACT_MEMBER_LIST),
	[STMT_ORG_SUBTREE_SIZE] = G(ACT_MEMBER_LIST),
	[STMT_ORG_OUTSIDE] = G(ACT_MEMBER_LIST),
	[STMT_ORG_MOVE_MEMBERS] = G(ACT_MEMBER_WRITE),
	[STMT_ORG_EVENT_ADD] = G(ACT_ORG_WRITE),
	[STMT_ORG_EVENTS] = G_ORG_READ,
	[STMT_ORG_PATH] = G_ANY,

	[STMT_MEMBER_INSERT] = G(ACT_MEMBER_WRITE),
	[STMT_MEMBER_GET] = G(ACT_MEMBER_READ),
	[STMT_MEMBER_VERSION] = G(ACT_MEMBER_WRITE) | G(ACT_MEMBER_DELETE) |
	    G(ACT_MEMBER_CONTACTS),
	[STMT_MEMBER_FIND_CITIZEN_ID] = G(ACT_MEMBER_READ),
	[STMT_MEMBER_FIND_CARD_NO] = G(ACT_MEMBER_READ),
	[STMT_MEMBER_UPDATE] = G(ACT_MEMBER_WRITE),
	[STMT_MEMBER_CONTACTS_UPDATE] = G(ACT_MEMBER_CONTACTS),
	[STMT_MEMBER_DELETE] = G(ACT_MEMBER_DELETE),
	[STMT_MEMBER_SCOPE] = G_ANY,

#define ML(s) \
	[STMT_MLIST_##s] = G(ACT_MEMBER_LIST), \
	[STMT_MLIST_##s##_AFTER] = G(ACT_MEMBER_LIST), \
	[STMT_MLIST_##s##_ORG] = G(ACT_MEMBER_LIST), \
	[STMT_MLIST_##s##_ORG_AFTER] = G(ACT_MEMBER_LIST), \
	[STMT_MLIST_##s##_Q] = G(ACT_MEMBER_LIST), \
	[STMT_MLIST_##s##_Q_AFTER] = G(ACT_MEMBER_LIST), \
	[STMT_MLIST_##s##_QS] = G(ACT_MEMBER_LIST), \
	[STMT_MLIST_##s##_QS_AFTER] = G(ACT_MEMBER_LIST)
	ML(NAME),
	ML(NAME_DESC),
	ML(BIRTH),
	ML(ADMITTED),
	ML(ID),
#undef ML
	[STMT_MLIST_ONE] = G(ACT_MEMBER_LIST),
	[STMT_MLIST_G0] = G(ACT_MEMBER_LIST),
	[STMT_MLIST_G1] = G(ACT_MEMBER_LIST),
	[STMT_MWORD_STREAM] = G(ACT_MEMBER_LIST),
	[STMT_MWORD_WORDS] = G(ACT_MEMBER_LIST),
	/* Written with the member, by the same writes. */
	[STMT_MWORD_OF] = G(ACT_MEMBER_WRITE) | G(ACT_MEMBER_DELETE),
	[STMT_MWORD_FILL] = G_SYSTEM,
	[STMT_MWORD_FILL_FAST] = G_SYSTEM,
	[STMT_MWORD_INSERT] = G(ACT_MEMBER_WRITE),
	[STMT_MWORD_DELETE] = G(ACT_MEMBER_WRITE) | G(ACT_MEMBER_DELETE),
	[STMT_MWORD_N_ADD] = G(ACT_MEMBER_WRITE) | G(ACT_MEMBER_DELETE),
	[STMT_MWORD_N_ROWS] = G(ACT_MEMBER_LIST),
	[STMT_MWORD_N_SPAN] = G(ACT_MEMBER_LIST),
	[STMT_MCOUNT_WORDS] = G(ACT_MEMBER_LIST),
	[STMT_MCOUNT_R0] = G(ACT_MEMBER_LIST),
	[STMT_MCOUNT_WI] = G(ACT_MEMBER_LIST),
	[STMT_MCOUNT] = G(ACT_MEMBER_LIST),
	[STMT_MCOUNT_ORG] = G(ACT_MEMBER_LIST),
	[STMT_MCOUNT_Q] = G(ACT_MEMBER_LIST),
	[STMT_MCOUNT_QS] = G(ACT_MEMBER_LIST),
	[STMT_MCOUNT_W] = G(ACT_MEMBER_LIST),

	[STMT_MEMBER_EVENT_ADD] = G(ACT_MEMBER_WRITE) | G(ACT_MEMBER_CONTACTS),
	[STMT_MEMBER_EVENTS] = G(ACT_MEMBER_READ),

	/* Meetings: the row's scope (its organisation's path) is checked
	 * right after each statement (store-meeting.c). */
	[STMT_MEETING_INSERT] = G(ACT_MEETING_WRITE),
	[STMT_MEETING_GET] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	[STMT_MEETING_UPDATE] = G(ACT_MEETING_WRITE),
	[STMT_MEETING_LIST] = G(ACT_MEETING_READ),
	[STMT_MEETING_LIST_MEMBER] = G(ACT_MEETING_READ),
	[STMT_MEETING_MEMBER_ORG] = G(ACT_MEETING_WRITE),
	[STMT_MEETING_ATTENDANCE_SET] = G(ACT_MEETING_WRITE),
	[STMT_MEETING_ATTENDANCE_LIST] = G(ACT_MEETING_READ),
	[STMT_MEETING_ROLL_SNAPSHOT] = G(ACT_MEETING_WRITE),
	[STMT_MEETING_ROLL_DROP_UNRECORDED] = G(ACT_MEETING_WRITE),
	[STMT_MEETING_ROLL_ADD] = G(ACT_MEETING_WRITE),
	[STMT_MEETING_ROLL_COUNTS] = G(ACT_MEETING_READ) |
	    G(ACT_MEETING_WRITE),
	/* Materials: the meeting's scope is checked first
	 * (store-material.c). */
	[STMT_MATERIAL_INSERT] = G(ACT_MEETING_WRITE),
	[STMT_MATERIAL_LIST] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	[STMT_MATERIAL_GET] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	[STMT_MATERIAL_DELETE] = G(ACT_MEETING_WRITE),
	/* The check-in key: read by who makes a code (a secretary) and who
	 * checks in with one (a member), never shown. */
	[STMT_SECRET_GET] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	[STMT_SECRET_INSERT] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	/* The sign-in sheet's rows: members of the meeting's organisation
	 * found by card number or by name and birth date. */
	[STMT_MEETING_MEMBER_FIND] = G(ACT_MEETING_WRITE),
	/* Resolutions, tasks and self-scores: the meeting's (or the task's)
	 * organisation is checked right after (store-resolution.c); a member
	 * reads its own tasks. */
	[STMT_RESOLUTION_GET] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	[STMT_RESOLUTION_INSERT] = G(ACT_MEETING_WRITE),
	[STMT_RESOLUTION_UPDATE] = G(ACT_MEETING_WRITE),
	[STMT_RESOLUTION_PREFILL] = G(ACT_MEETING_WRITE),
	[STMT_RESOLUTION_SERIES_NEXT] = G(ACT_MEETING_WRITE),
	[STMT_RESOLUTION_APPROVE] = G(ACT_MEETING_WRITE),
	[STMT_RESOLUTION_ITEMS] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	[STMT_TASK_INSERT] = G(ACT_MEETING_WRITE),
	[STMT_TASK_GET] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	[STMT_TASK_UPDATE] = G(ACT_MEETING_WRITE),
	[STMT_TASK_LIST_MEETING] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	[STMT_TASK_LIST_ORG] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	[STMT_TASK_LIST_MEMBER] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	[STMT_SCORE_SET] = G(ACT_MEETING_WRITE),
	[STMT_SCORE_GET] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	/* Votes and minutes: the meeting's scope is checked first
	 * (store-meeting-minutes.c).  A sign-off is made by the chair or
	 * the minutes secretary themself, who may only read meetings: svc
	 * checks who signs. */
	[STMT_MEETING_VOTE_INSERT] = G(ACT_MEETING_WRITE),
	[STMT_MEETING_VOTE_LIST] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	[STMT_MINUTES_GET] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	[STMT_MINUTES_INSERT] = G(ACT_MEETING_WRITE),
	[STMT_MINUTES_UPDATE] = G(ACT_MEETING_WRITE),
	[STMT_MINUTES_SIGN] = G(ACT_MEETING_READ) | G(ACT_MEETING_WRITE),
	[STMT_MINUTES_CORRECTION_ADD] = G(ACT_MEETING_WRITE),
	[STMT_MINUTES_CORRECTIONS] = G(ACT_MEETING_READ) |
	    G(ACT_MEETING_WRITE),
	/* The kept check is written by svc as the system, in the write's
	 * transaction or a refresh; read with the figures' right. */
	[STMT_MCHK_FACT_MEETINGS] = G_SYSTEM,
	[STMT_MCHK_FACT_ATTENDANCE] = G_SYSTEM,
	[STMT_MCHK_STATE_GET] = G_SYSTEM,
	[STMT_MCHK_OLD_COUNTS] = G_SYSTEM,
	[STMT_MCHK_FINDING_CLEAR] = G_SYSTEM,
	[STMT_MCHK_FINDING_ADD] = G_SYSTEM,
	[STMT_MCHK_COUNT_ADD] = G_SYSTEM,
	[STMT_MCHK_MONTH_CLEAR] = G_SYSTEM,
	[STMT_MCHK_MONTH_ADD] = G_SYSTEM,
	[STMT_MCHK_STATE_SET] = G_SYSTEM,
	[STMT_MCHK_STALE] = G_SYSTEM,
	[STMT_MCHK_COUNTS] = G(ACT_ORG_READ),
	[STMT_MCHK_FINDINGS] = G(ACT_ORG_READ),
	[STMT_MCHK_CELLS] = G(ACT_ORG_READ),
	[STMT_MCHK_MONTHS] = G(ACT_ORG_READ),
	[STMT_MCHK_MONTH_CODES] = G(ACT_ORG_READ),
	/* The dashboard: svc checks dashboard.read and reads as the system;
	 * the writes keep figures in the transaction of another write. */
	[STMT_DASH_ADD] = G_SYSTEM,
	[STMT_DASH_SET] = G_SYSTEM,
	[STMT_DASH_CLEAR] = G_SYSTEM,
	[STMT_DASH_GET] = G_SYSTEM,
	[STMT_DASH_CHILDREN] = G_SYSTEM,
	[STMT_DASH_ALL] = G_SYSTEM,
	[STMT_DASH_MEET_SRC] = G_SYSTEM,
	[STMT_DASH_EVAL_SRC] = G_SYSTEM,
	[STMT_DASH_DISC_SRC] = G_SYSTEM,
	[STMT_DASH_DISC_MOVING] = G_SYSTEM,
	[STMT_DASH_MEMBER_ORG] = G_SYSTEM,
	[STMT_ICHK_TERM] = G_SYSTEM,
	[STMT_ICHK_CHILDREN] = G_SYSTEM,
	[STMT_ICHK_INSPECTIONS] = G_SYSTEM,
	[STMT_ICHK_RECS] = G_SYSTEM,

	/* Inspections (store-inspection.c): the row's scope is checked on
	 * the body's organisation and the subject's; a self-inspection is
	 * written with ACT_SELF_INSPECTION_WRITE, the others with
	 * ACT_INSPECTION_WRITE. */
	[STMT_INSPECTION_INSERT] = G(ACT_INSPECTION_WRITE) |
	    G(ACT_SELF_INSPECTION_WRITE),
	[STMT_INSPECTION_GET] = G(ACT_INSPECTION_READ) |
	    G(ACT_INSPECTION_WRITE) | G(ACT_SELF_INSPECTION_WRITE),
	[STMT_INSPECTION_UPDATE] = G(ACT_INSPECTION_WRITE) |
	    G(ACT_SELF_INSPECTION_WRITE),
	[STMT_INSPECTION_DELETE] = G(ACT_INSPECTION_WRITE) |
	    G(ACT_SELF_INSPECTION_WRITE),
	[STMT_INSPECTION_LIST] = G(ACT_INSPECTION_READ),
	[STMT_INSP_REC_INSERT] = G(ACT_INSPECTION_WRITE) |
	    G(ACT_SELF_INSPECTION_WRITE),
	[STMT_INSP_REC_GET] = G(ACT_INSPECTION_READ) |
	    G(ACT_INSPECTION_WRITE) | G(ACT_SELF_INSPECTION_WRITE),
	[STMT_INSP_REC_UPDATE] = G(ACT_INSPECTION_WRITE) |
	    G(ACT_SELF_INSPECTION_WRITE),
	[STMT_INSP_REC_LIST] = G(ACT_INSPECTION_READ) |
	    G(ACT_INSPECTION_WRITE) | G(ACT_SELF_INSPECTION_WRITE),
	[STMT_INSP_REC_DELETE_ALL] = G(ACT_INSPECTION_WRITE) |
	    G(ACT_SELF_INSPECTION_WRITE),
	[STMT_INSP_ATT_INSERT] = G(ACT_INSPECTION_WRITE) |
	    G(ACT_SELF_INSPECTION_WRITE),
	[STMT_INSP_ATT_LIST] = G(ACT_INSPECTION_READ) |
	    G(ACT_INSPECTION_WRITE) | G(ACT_SELF_INSPECTION_WRITE),
	[STMT_INSP_ATT_GET] = G(ACT_INSPECTION_READ) |
	    G(ACT_INSPECTION_WRITE) | G(ACT_SELF_INSPECTION_WRITE),
	[STMT_INSP_ATT_DELETE_ALL] = G(ACT_INSPECTION_WRITE) |
	    G(ACT_SELF_INSPECTION_WRITE),

	[STMT_OVERRIDE_ADD] = G(ACT_RULES_WRITE),
	/* Every judgement needs the rulebook. */
	[STMT_OVERRIDES_LOAD] = G_ANY,

	[STMT_USER_INSERT] = G(ACT_USER_ADMIN),
	[STMT_USER_GET] = G(ACT_USER_ADMIN),
	[STMT_USER_GET_BY_NAME] = G(ACT_USER_ADMIN),
	[STMT_USER_LIST] = G(ACT_USER_ADMIN),
	[STMT_USER_SET_PASSWORD] = G(ACT_USER_ADMIN),
	[STMT_USER_SET_DISABLED] = G(ACT_USER_ADMIN),
	[STMT_USER_TOUCH] = G(ACT_USER_ADMIN),
	/* Moving organisations changes what their grants cover. */
	[STMT_USER_TOUCH_SUBTREE] = G(ACT_ORG_WRITE),
	[STMT_GRANT_ADD] = G(ACT_USER_ADMIN),
	[STMT_GRANT_REMOVE] = G(ACT_USER_ADMIN),
	[STMT_GRANT_OPTIONS] = G(ACT_USER_ADMIN),
	[STMT_GRANTS_OF] = G(ACT_USER_ADMIN),
	[STMT_GRANTS_ALL] = G(ACT_USER_ADMIN),

	/* Sign-in, sign-out and every authenticated request. */
	[STMT_SESSION_INSERT] = G_ANY,
	[STMT_SESSION_GET] = G_ANY,
	[STMT_SESSION_CHECK] = G_ANY,
	[STMT_SESSION_TOUCH] = G_ANY,
	[STMT_SESSION_DELETE] = G_ANY,
	[STMT_SESSION_DELETE_USER] = G_ANY,
	[STMT_SESSION_PURGE] = G_ANY,

	[STMT_TOKEN_INSERT] = G(ACT_USER_ADMIN),
	[STMT_TOKEN_FIND] = G_ANY,
	[STMT_TOKEN_CHECK] = G_ANY,
	[STMT_TOKEN_LIST] = G(ACT_USER_ADMIN),
	[STMT_TOKEN_REVOKE] = G(ACT_USER_ADMIN),
	[STMT_TOKEN_TOUCH] = G_ANY,

	[STMT_AUTH_FAIL] = G_ANY,
	[STMT_AUTH_FAILURES] = G_ANY,
	[STMT_AUTH_CLEAR] = G_ANY,

	/* Every principal's actions are audited. */
	[STMT_AUDIT_LOCK] = G_ANY,
	[STMT_AUDIT_INSERT] = G_ANY,
	[STMT_AUDIT_HEAD_SET] = G_ANY,
	[STMT_AUDIT_HEAD] = G(ACT_AUDIT_READ),
	[STMT_AUDIT_HEAD_PLAIN] = G_SYSTEM,
	/* Discipline cases are secret (issue 14): only a grant with the
	 * option "discipline" reads or writes them (core/policy.c). */
	[STMT_DCASE_INSERT] = G(ACT_DISCIPLINE_WRITE),
	[STMT_DCASE_GET] = G(ACT_DISCIPLINE_READ) | G(ACT_DISCIPLINE_WRITE),
	[STMT_DCASE_UPDATE] = G(ACT_DISCIPLINE_WRITE),
	[STMT_DCASE_DELETE] = G(ACT_DISCIPLINE_WRITE),
	[STMT_DCASE_LIST] = G(ACT_DISCIPLINE_READ),
	[STMT_DNOTICE_INSERT] = G(ACT_DISCIPLINE_WRITE),
	[STMT_DNOTICE_LIST] = G(ACT_DISCIPLINE_READ),
	[STMT_DCASE_VIOLATIONS] = G(ACT_DISCIPLINE_READ) |
	    G(ACT_DISCIPLINE_WRITE),
	[STMT_BACKUP_BEGIN] = G_SYSTEM,
	[STMT_BACKUP_SNAPSHOT] = G_SYSTEM,
	[STMT_INTEGRITY_CHECK] = G_SYSTEM,
	[STMT_AUDIT_LIST] = G(ACT_AUDIT_READ),
	[STMT_AUDIT_EACH] = G_SYSTEM,
	[STMT_AUDIT_ROWS] = G_SYSTEM,
	[STMT_AUDIT_FORMAT] = G_SYSTEM,
	[STMT_AUDIT_VIEW_CLAIM] = G_ANY,
	[STMT_AUDIT_VIEW_PRUNE] = G_SYSTEM,

	/* Bulk loads run as the system only; a member's batch is part of
	 * its history. */
	[STMT_BULK_MEMBER_ANY] = G_SYSTEM,
	[STMT_BULK_MAX_IDS] = G_SYSTEM,
	[STMT_BULK_INDEXES] = G_SYSTEM,
	[STMT_BULK_FKEYS] = G_SYSTEM,
	[STMT_BULK_BATCH_ADD] = G_SYSTEM,
	[STMT_BULK_BATCH_ROWS] = G_SYSTEM,
	[STMT_BULK_BATCH_HASH] = G_SYSTEM,
	[STMT_BULK_BATCH_GET] = G(ACT_MEMBER_READ),
	[STMT_IMPORT_BATCH_ADD] = G(ACT_MEMBER_IMPORT),
	[STMT_BULK_MEMBER_BATCH] = G(ACT_MEMBER_READ),
	[STMT_BULK_ORG] = G_SYSTEM,
	[STMT_BULK_ORG_EVENT] = G_SYSTEM,
	[STMT_BULK_MEMBER] = G_SYSTEM,
	[STMT_BULK_SEQUENCES] = G_SYSTEM,
	[STMT_BULK_ANALYZE] = G_SYSTEM,
	[STMT_BULK_TUNE] = G_SYSTEM,
	[STMT_BULK_UNTUNE] = G_SYSTEM,
	[STMT_BULK_MWORD_UNKEY] = G_SYSTEM,
	[STMT_BULK_MWORD_REKEY] = G_SYSTEM,

	/* Figures: maintained by the writes that change what they count,
	 * read with ACT_ORG_READ; moving their clock and rebuilding them is
	 * the system's (svc runs it so on a reader's behalf). */
	/* Also the writers' lock (store_write_lock) of a contacts
	 * correction, and of every evaluation write: a self-assessment, a
	 * comment, a proposal or a decision is serialised with the lock of
	 * its period, so none lands in a period locked meanwhile; and of
	 * every discipline case's write, serialised with the moves of the
	 * member it counts at on the dashboard. */
	[STMT_STAT_CLOCK_LOCK] = G_STAT_WRITE | G(ACT_MEMBER_CONTACTS) |
	    G(ACT_EVAL_SELF) | G(ACT_EVAL_COMMENT) | G(ACT_EVAL_PROPOSE) |
	    G(ACT_EVAL_DECIDE) | G(ACT_EVAL_MANAGE) | G(ACT_DISCIPLINE_WRITE),
	[STMT_STAT_CLOCK_GET] = G_STAT_WRITE | G(ACT_ORG_READ),
	[STMT_STAT_CLOCK_SET] = G_SYSTEM,
	[STMT_STAT_ADD] = G_STAT_WRITE,
	[STMT_STAT_ETH_ADD] = G_STAT_WRITE,
	[STMT_STAT_ORG_INSERT] = G_STAT_WRITE,
	[STMT_STAT_GET] = G(ACT_ORG_READ),
	[STMT_STAT_ETH_GET] = G(ACT_ORG_READ),
	[STMT_STAT_MEMBER_OLD] = G(ACT_MEMBER_WRITE) | G(ACT_MEMBER_DELETE),
	[STMT_STAT_ORG_MEMBERS] = G(ACT_MEMBER_WRITE),
	[STMT_STAT_ROLL] = G_SYSTEM,
	[STMT_STAT_CLEAR] = G_SYSTEM,
	[STMT_STAT_ETH_CLEAR] = G_SYSTEM,
	[STMT_STAT_THEORY_CLEAR] = G_SYSTEM,
	[STMT_STAT_THEORY_LEVELS] = G_SYSTEM,
	[STMT_STAT_THEORY_ADD] = G_SYSTEM,
	[STMT_STAT_REBUILD] = G_SYSTEM,
	[STMT_STAT_ETH_REBUILD] = G_SYSTEM,
	[STMT_STAT_MAX_DEPTH] = G_SYSTEM,
	[STMT_STAT_PROPAGATE] = G_SYSTEM,
	[STMT_STAT_ETH_PROPAGATE] = G_SYSTEM,
	[STMT_ORG_COUNTS_STAT] = G(ACT_ORG_READ),
	/* Terms: the organisation's rights; programmes: inspection (a
	 * cell's own programme: its self-inspection right too).  The
	 * row's scope is store-programme.c's. */
	[STMT_TERM_INSERT] = G(ACT_ORG_WRITE),
	[STMT_TERM_GET] = G_ORG_READ,
	[STMT_TERM_UPDATE] = G(ACT_ORG_WRITE),
	[STMT_TERM_DELETE] = G(ACT_ORG_WRITE),
	[STMT_TERM_LIST] = G_ORG_READ,
	[STMT_TERM_OVERLAP] = G(ACT_ORG_WRITE),
	[STMT_PROGRAMME_INSERT] = G_PROGRAMME_WRITE,
	[STMT_PROGRAMME_GET] = G_PROGRAMME_READ,
	[STMT_PROGRAMME_UPDATE] = G_PROGRAMME_WRITE,
	[STMT_PROGRAMME_DELETE] = G_PROGRAMME_WRITE,
	[STMT_PROGRAMME_IN_USE] = G_PROGRAMME_WRITE,
	[STMT_PROGRAMME_LIST] = G_PROGRAMME_READ,
	[STMT_PITEM_INSERT] = G_PROGRAMME_WRITE,
	[STMT_PITEM_GET] = G_PROGRAMME_READ,
	[STMT_PITEM_UPDATE] = G_PROGRAMME_WRITE,
	[STMT_PITEM_DELETE] = G_PROGRAMME_WRITE,
	[STMT_PITEM_DELETE_ALL] = G_PROGRAMME_WRITE,
	[STMT_PITEM_LIST] = G_PROGRAMME_READ,
	/* Evaluations (issue 15): a member reads and writes its own
	 * without a grant's action (principal_may_member) and reads those it
	 * may comment on, so the reads and the assessment's writes are open
	 * to any principal; store-evaluation.c checks each row's scope. */
	[STMT_EPERIOD_INSERT] = G(ACT_EVAL_MANAGE),
	[STMT_EPERIOD_GET] = G_ANY,
	[STMT_EPERIOD_UPDATE] = G(ACT_EVAL_MANAGE),
	[STMT_EPERIOD_LIST] = G_ANY,
	[STMT_EVAL_INSERT] = G_ANY,
	[STMT_EVAL_GET] = G_ANY,
	[STMT_EVAL_UPDATE] = G_ANY,
	[STMT_EVAL_DELETE] = G(ACT_EVAL_MANAGE),
	[STMT_ECOMMENT_DELETE_ALL] = G(ACT_EVAL_MANAGE),
	[STMT_EVAL_LIST] = G_ANY,
	[STMT_EVAL_UNDECIDED] = G(ACT_EVAL_MANAGE),
	[STMT_EVAL_SCOPE_ROWS] = G(ACT_EVAL_READ),
	[STMT_EVAL_SCOPE_ORGS] = G(ACT_EVAL_READ),
	[STMT_EVAL_FACT_MEMBER] = G_ANY,
	[STMT_EVAL_FACT_ORG] = G_ANY,
	[STMT_EVAL_DISCIPLINED] = G_ANY,
	[STMT_EVAL_SUBUNITS] = G_ANY,
	[STMT_EVAL_QUARTERS] = G_ANY,
	[STMT_ECOMMENT_INSERT] = G(ACT_EVAL_COMMENT),
	[STMT_ECOMMENT_LIST] = G(ACT_EVAL_READ),
};

unsigned
store_stmt_gate(int id)
{
	if (id < 0 || id >= STMT__MAX)
		return 0;
	return gates[id];
}

bool
store_stmt_allowed(const struct principal *p, int id)
{
	unsigned g = store_stmt_gate(id);
	int a;

	if (p == NULL || p->system)
		return true;
	if (g & G_ANY)
		return true;
	for (a = 0; a < ACT__MAX; a++)
		if ((g & G(a)) && principal_can(p, (enum action)a))
			return true;
	return false;
}

/* ---------------------------------------------------------- principal */

void
store_set_principal(struct store *st, const struct principal *p)
{
	st->who = p;
	st->own_known = false;
	st->own_org_id = 0;
	free(st->own_org_path);
	st->own_org_path = NULL;
}

const struct principal *
store_principal(const struct store *st)
{
	return st->who;
}

bool
store_restricted(const struct store *st)
{
	return st->who != NULL && !st->who->system;
}

/* ------------------------------------------------------------- scope */

static int
forbidden(struct store *st, enum action act, struct cb_error *err)
{
	cb_error_detail(err, "store: %s may not %s here",
	    st->who->username ? st->who->username : "(principal)",
	    action_name(act));
	return cb_error_set(err, CB_EPERM, "forbidden", NULL);
}

/* The organisation of the principal's own member record (not deleted):
 * id 0 and path NULL if it has none. */
static int
own_org(struct store *st, int64_t *ret_id, const char **ret_path,
    struct cb_error *err)
{
	struct q q;
	int rc;

	if (!st->own_known && st->who->member_id != 0) {
		if ((rc = q_open(&q, st, STMT_MEMBER_SCOPE, err)) != 0)
			return rc;
		q_int(&q, 1, st->who->member_id);
		if ((rc = q_step(&q, err)) == 1 && q_col_int(&q, 2) == 0) {
			st->own_org_id = q_col_int(&q, 0);
			if (q_col_dup(&q, 1, &st->own_org_path) != 0)
				rc = store_nomem(err);
		}
		q_done(&q);
		if (rc < 0)
			return rc;
	}
	st->own_known = true;
	*ret_id = st->own_org_id;
	*ret_path = st->own_org_path;
	return 0;
}

int
scope_org_readable(struct store *st, int64_t org_id, const char *path,
    bool *ret, struct cb_error *err)
{
	const char *own_path;
	int64_t own_id;
	int rc;

	*ret = true;
	if (!store_restricted(st) ||
	    principal_may(st->who, ACT_ORG_READ, path))
		return 0;
	if ((rc = own_org(st, &own_id, &own_path, err)) != 0)
		return rc;
	*ret = own_id != 0 && own_id == org_id;
	return 0;
}

bool
scope_member_seen(const struct store *st, int64_t member_id,
    const char *org_path)
{
	return !store_restricted(st) ||
	    principal_may_member(st->who, ACT_MEMBER_READ, member_id,
	        org_path) ||
	    principal_may_member(st->who, ACT_MEMBER_LIST, member_id,
	        org_path);
}

enum scope_row
scope_member_row(const struct store *st, enum action act, int64_t member_id,
    const char *org_path)
{
	const struct principal *p = st->who;

	if (!store_restricted(st))
		return SCOPE_FULL;
	if (principal_may_member(p, act, member_id, org_path)) {
		if (principal_may_member(p, ACT_MEMBER_PERSONAL, member_id,
		        org_path))
			return SCOPE_FULL;
		/* Listed but not readable (figures-only): names only. */
		if (act == ACT_MEMBER_LIST &&
		    !principal_may_member(p, ACT_MEMBER_READ, member_id,
		        org_path))
			return SCOPE_ROSTER;
		return SCOPE_MASKED;
	}
	/* Not allowed: forbidden where the principal sees the member (it
	 * may read or list it), else as if there were none. */
	if ((act != ACT_MEMBER_READ &&
	        principal_may_member(p, ACT_MEMBER_READ, member_id,
	            org_path)) ||
	    (act != ACT_MEMBER_LIST &&
	        principal_may_member(p, ACT_MEMBER_LIST, member_id, org_path)))
		return SCOPE_REFUSED;
	return SCOPE_HIDDEN;
}

int
scope_member_refused(struct store *st, enum scope_row row, enum action act,
    struct cb_error *err)
{
	if (row == SCOPE_HIDDEN)
		return cb_error_set(err, CB_ENOTFOUND, "member_not_found",
		    NULL);
	return forbidden(st, act, err);
}

int
scope_org_for_write(struct store *st, int64_t org_id, const char *field,
    char **ret_path, struct cb_error *err)
{
	struct q q;
	bool ok = false;
	int rc;

	*ret_path = NULL;
	if (org_id == 0)
		return 0;
	if ((rc = q_open(&q, st, STMT_ORG_PATH, err)) != 0)
		return rc;
	q_int(&q, 1, org_id);
	if ((rc = q_step(&q, err)) == 1 && q_col_dup(&q, 0, ret_path) != 0)
		rc = store_nomem(err);
	q_done(&q);
	if (rc == 1 &&
	    (rc = scope_org_readable(st, org_id, *ret_path, &ok, err)) == 0 &&
	    ok)
		return 0;
	free(*ret_path);
	*ret_path = NULL;
	if (rc < 0)
		return rc;
	cb_error_set(err, CB_ENOTFOUND, "org_not_found", NULL);
	if (field != NULL)
		cb_error_field(err, 0, field, "org_not_found", NULL);
	return -CB_ENOTFOUND;
}

int
scope_member_for_write(struct store *st, int64_t member_id, const char *field,
    int64_t *ret_org_id, char **ret_path, struct cb_error *err)
{
	struct q q;
	int rc;

	*ret_path = NULL;
	*ret_org_id = 0;
	if ((rc = q_open(&q, st, STMT_MEMBER_SCOPE, err)) != 0)
		return rc;
	q_int(&q, 1, member_id);
	if ((rc = q_step(&q, err)) == 1) {
		*ret_org_id = q_col_int(&q, 0);
		if (q_col_dup(&q, 1, ret_path) != 0)
			rc = store_nomem(err);
	}
	q_done(&q);
	if (rc == 1 && scope_member_seen(st, member_id, *ret_path))
		return 0;
	free(*ret_path);
	*ret_path = NULL;
	*ret_org_id = 0;
	if (rc < 0)
		return rc;
	cb_error_set(err, CB_ENOTFOUND, "member_not_found", NULL);
	if (field != NULL)
		cb_error_field(err, 0, field, "member_not_found", NULL);
	return -CB_ENOTFOUND;
}

int
scope_can(struct store *st, enum action act, struct cb_error *err)
{
	if (!store_restricted(st) || principal_can(st->who, act))
		return 0;
	return forbidden(st, act, err);
}

int
scope_may(struct store *st, enum action act, const char *path,
    struct cb_error *err)
{
	if (!store_restricted(st) || principal_may(st->who, act, path))
		return 0;
	return forbidden(st, act, err);
}

int
scope_may_member(struct store *st, enum action act, int64_t member_id,
    const char *path, struct cb_error *err)
{
	if (!store_restricted(st) ||
	    principal_may_member(st->who, act, member_id, path))
		return 0;
	return forbidden(st, act, err);
}

int
scope_member_read(struct store *st, int64_t member_id, struct cb_error *err)
{
	enum scope_row row = SCOPE_HIDDEN;
	char *path = NULL;
	struct q q;
	int rc;

	if (!store_restricted(st))
		return 0;
	if ((rc = q_open(&q, st, STMT_MEMBER_SCOPE, err)) != 0)
		return rc;
	q_int(&q, 1, member_id);
	if ((rc = q_step(&q, err)) == 1 && q_col_dup(&q, 1, &path) != 0)
		rc = store_nomem(err);
	q_done(&q);
	/* One decision on the row. */
	if (rc == 1)
		row = scope_member_row(st, ACT_MEMBER_READ, member_id, path);
	free(path);
	if (rc < 0)
		return rc;
	return row >= SCOPE_ROSTER ?
	    0 :
	    scope_member_refused(st, row, ACT_MEMBER_READ, err);
}

/* ---------------------------------------------------- personal fields */

bool
scope_personal_fields_known(void)
{
	const struct entity *e = &member_entity;
	size_t i, n = 0;

	/* Masking clears fields that may be named sensitive
	 * (core/privacy.h): there must be some, and none of them may be
	 * the key or a store-made field. */
	for (i = 0; i < e->nfields; i++) {
		unsigned int fl = e->fields[i].flags;

		if (!(fl & FF_PERSONAL))
			continue;
		if (fl & (FF_KEY | FF_READONLY))
			return false;
		n++;
	}
	return n > 0;
}

uint64_t
store_sensitive(const struct store *st)
{
	return st->sensitive != 0 ? st->sensitive : privacy_mask_all();
}

void
store_set_sensitive(struct store *st, uint64_t mask)
{
	st->sensitive = mask;
}

void
scope_member_apply(const struct store *st, struct member *m,
    enum scope_row row)
{
	uint64_t mask;

	if (row == SCOPE_MASKED)
		mask = store_sensitive(st);
	else if (row == SCOPE_ROSTER)
		mask = privacy_roster_mask();
	else
		return;
	entity_clear_mask(&member_entity, m, mask);
	m->masked |= mask;
	m->personal_hidden = true;
}

/* ------------------------------------------------------------- ranges */

void
path_ranges_release(struct path_range *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(r[i].lo);
		free(r[i].hi);
	}
	free(r);
}

static int
cmp_range(const void *a, const void *b)
{
	return strcmp(((const struct path_range *)a)->lo,
	    ((const struct path_range *)b)->lo);
}

int
scope_ranges(struct store *st, enum action act, bool own,
    struct path_range **ret, size_t *ret_n, bool *ret_all,
    struct cb_error *err)
{
	struct path_range *r = NULL;
	const char **roots = NULL, *own_path = NULL;
	int64_t own_id = 0;
	int n, i, rc = 0;
	size_t k = 0;

	*ret = NULL;
	*ret_n = 0;
	*ret_all = false;
	if (!store_restricted(st) ||
	    (n = principal_scope(st->who, act, NULL, 0)) < 0) {
		*ret_all = true;
		return 0;
	}
	if (own && (rc = own_org(st, &own_id, &own_path, err)) != 0)
		return rc;
	if ((roots = calloc((size_t)n + 1, sizeof(*roots))) == NULL ||
	    (r = calloc((size_t)n + 1, sizeof(*r))) == NULL)
		goto nomem;
	principal_scope(st->who, act, roots, n);
	for (i = 0; i < n; i++, k++)
		if ((r[k].lo = strdup(roots[i])) == NULL ||
		    (r[k].hi = path_upper(roots[i])) == NULL)
			goto nomem;
	/* The own organisation alone: no path lies strictly between it and
	 * itself followed by '!', which sorts before every digit. */
	if (own_path != NULL && !principal_may(st->who, act, own_path)) {
		if ((r[k].lo = strdup(own_path)) == NULL)
			goto nomem;
		if (asprintf(&r[k].hi, "%s!", own_path) < 0) {
			r[k].hi = NULL;
			goto nomem;
		}
		k++;
	}
	qsort(r, k, sizeof(*r), cmp_range);
	free(roots);
	*ret = r;
	*ret_n = k;
	return 0;
nomem:
	free(roots);
	if (r != NULL)
		path_ranges_release(r, (size_t)n + 1); /* zeroed past k */
	return store_nomem(err);
}

int
range_intersect(const char *lo, const char *hi, const char *lo2,
    const char *hi2, char **ret_lo, char **ret_hi, bool *ret_empty)
{
	const char *l, *h;

	l = lo == NULL ?
	    lo2 :
	    lo2 == NULL ?
	    lo :
	    strcmp(lo, lo2) >= 0 ?
	    lo :
	    lo2;
	h = hi == NULL ?
	    hi2 :
	    hi2 == NULL ?
	    hi :
	    strcmp(hi, hi2) <= 0 ?
	    hi :
	    hi2;
	*ret_lo = *ret_hi = NULL;
	*ret_empty = l != NULL && h != NULL && strcmp(l, h) >= 0;
	if ((l != NULL && (*ret_lo = strdup(l)) == NULL) ||
	    (h != NULL && (*ret_hi = strdup(h)) == NULL)) {
		free(*ret_lo);
		*ret_lo = NULL;
		return -CB_ENOMEM;
	}
	return 0;
}
