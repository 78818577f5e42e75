/*
 * svc.h - use cases shared by the CLI and the HTTP API.  Each opens and
 * closes its own transaction (nesting as savepoints), judges through core/
 * with values from the rulebook, writes through store/, and records
 * history.  Nothing here prints.
 *
 * JSON (jansson) is the exchange format of both edges, so the conversions
 * between domain structs and JSON live here too (json.c), and are the only
 * code that turns a member or an organisation into JSON.
 */
#ifndef CHIBO_SVC_SVC_H
#define CHIBO_SVC_SVC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/dashboard.h"
#include "core/discipline.h"
#include "core/evaluation.h"
#include "core/field.h"
#include "core/model.h"
#include "core/org-rules.h"
#include "core/probation.h"
#include "core/rulebook.h"
#include "store/store.h"
#include "util/embedded.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/msg.h"
#include "util/sb.h"

/* Receives dossier views to record in batches (see svc_init_as); takes
 * ownership of v (malloc'd).  0, or -CB_ESTORE if it cannot take it (a
 * full queue): the view is not recorded, and the dossier must not be
 * shown.  The caller of the use case answers only once the view is
 * durable (the server's group commit, http/views.c). */
typedef int (*svc_view_sink)(void *arg, struct audit_view *v);

/* The context of one use case: who acts, on what, judged by which rules. */
struct svc {
	struct store *st;            /* borrowed connection */
	const struct rulebook *base; /* borrowed: the shipped rules */
	struct rulebook rules;       /* base + the stored overrides,
				      * loaded on first use */
	bool rules_loaded;
	const struct principal *who; /* borrowed, or &own */
	struct principal own;        /* a system principal (svc_init) */
	const char *actor;           /* who->username */
	const char *addr;            /* client address, "local" */
	svc_view_sink view_sink;     /* NULL: views written at once */
	void *view_arg;
	/* The session of the request ("" or NULL: none), that dossier
	 * views are recorded once per (store_audit_append_views). */
	const char *session;
	char today[DATE_LEN]; /* ISO; the judging date */
	/* While an import's rows are written (row path): its batch, named
	 * ("import_batch") in the audit entry of each member it creates or
	 * changes; 0 otherwise. */
	int64_t import_batch;
};

/*
 * Prepares a use-case context run by the system (the operator at the
 * command line, the demo) under the name actor ("cli:alice").  today
 * comes from the clock (Asia/Ho_Chi_Minh), or from the environment
 * variable CHIBO_TODAY (ISO date) when it is set, so that tests and demos
 * are reproducible.  svc_release frees what it made.
 */
void svc_init(struct svc *s, struct store *st, const struct rulebook *base,
    const char *actor);
/*
 * The same for a signed-in principal (borrowed: it must outlive s) from
 * client address addr.  The store is told the principal, so that it
 * enforces the same policy.  view_sink, when set, receives the audit
 * entries of dossier views instead of having them written at once.
 */
void svc_init_as(struct svc *s, struct store *st, const struct rulebook *base,
    const struct principal *who, const char *addr, svc_view_sink view_sink,
    void *view_arg);
void svc_release(struct svc *s);
/* The rules with the committee overrides (loaded from the store once). */
const struct rulebook *svc_rules(struct svc *s, struct cb_error *err);

/* Opens dburl, checks its schema is current (-CB_EINVAL
 * "database_not_initialised" / "database_too_new" otherwise). */
int svc_open_db(const char *dburl, struct store **ret, struct cb_error *err);
/* Creates or migrates the schema; *ret_version the resulting version. */
int svc_init_db(const char *dburl, int *ret_version, struct cb_error *err);

/* --------------------------------------------------------- rulebook */

/* The rulebook compiled into the binary (rules/vn.json): entry 0. */
extern const struct embedded_file chibo_rules_files[];

/* Parses a rulebook document and checks it (rulebook_check).  Returns 0 or
 * -CB_EINVAL "rulebook_invalid" with details in err. */
int
rules_parse(const char *json_text, struct rulebook *ret, struct cb_error *err);
/* The shipped rulebook: the file named by CHIBO_RULES if set, else the
 * embedded one.  No overrides. */
int rules_load_base(struct rulebook *ret, struct cb_error *err);
/*
 * The rules as shown on a date for an organisation: each rule with the
 * versions shown, each version with, for each of its values, the one in
 * force there (ref.override NULL: the version's own value; else the
 * committee override that replaces it).  Everything borrows from the
 * rules of the svc that made it (valid until svc_release or a new
 * override through it).  svc/render.h renders it.
 */
struct rules_view_version {
	const struct rule_version *version;
	struct rule_ref *values; /* version->nvalues */
};
struct rules_view_rule {
	const struct rule *rule;
	struct rules_view_version *versions;
	size_t nversions;
};
struct rules_view {
	struct rules_view_rule *rules;
	size_t n;
	/* Stored overrides that break their rule's declared type or range
	 * (recorded before values were checked): never applied, listed so
	 * that an operator sees and replaces them (docs/rules.md). */
	const struct rule_override **ignored;
	size_t nignored;
	const struct rulebook *rb; /* what they were judged by */
};
void rules_view_init(struct rules_view *v);
void rules_view_release(struct rules_view *v);
/*
 * The rules in force on date on (ISO), with the values that apply to the
 * organisation org_id (0: none; overrides of its committees applied and
 * listed); every value names its rule version's citation.  on NULL:
 * every version of every rule (no override applied).  A rule without a
 * version shown is left out.
 */
int svc_rules_view(struct svc *s, const char *on, int64_t org_id,
    struct rules_view *ret, struct cb_error *err);
/* The view's ignored overrides, each with the reason (the error of its
 * value: code, arg, given). */
json_t *rules_ignored_to_json(const struct rules_view *v);
/*
 * Records a committee override of one value of one rule for the subtree of
 * o->org_id, from o->from (to o->to), decided by o->doc_no.  The value must
 * have the type of the shipped one.  Recorded in the organisation's history.
 */
int svc_rule_override(struct svc *s, struct rule_override *o,
    struct cb_error *err);

/* -------------------------------------------------------------- orgs */

/* Validates and inserts; records "created" in its history. */
int svc_org_create(struct svc *s, struct org *o, const char *doc_no,
    struct cb_error *err);
int
svc_org_get(struct svc *s, int64_t id, struct org *ret, struct cb_error *err);
int svc_org_get_by_code(struct svc *s, const char *code, struct org *ret,
    struct cb_error *err);
/*
 * Applies a JSON merge patch of name, code, kind, parent_id, valid_from,
 * valid_to (closing), with doc_no and on (the date of the change) for the
 * history: "renamed", "recoded", "moved", "closed", "reopened", "updated".
 * if_match 0 = unconditional, else -CB_EPRECOND when stale.
 */
int svc_org_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct org *ret, struct cb_error *err);
/*
 * Merges organisation id into into_id on date on: its members and open
 * sub-organisations move to into_id, it closes the day before on, and both
 * histories record it ("merged_into", "absorbed").
 */
int svc_org_merge(struct svc *s, int64_t id, int64_t into_id, const char *on,
    const char *doc_no, struct cb_error *err);
/*
 * Splits organisation id on date on: creates each of the new
 * organisations (under id's parent unless they name another), moves the
 * listed members into them, and records "split_into" / "split_from".  If
 * close_source, id closes the day before on (it must then hold no member
 * and no open sub-organisation once the moves are done).  spec is
 * {"orgs": [{"name", "code", "kind"?, "parent_id"?, "member_ids": [..]}]}
 * (the request's body, read by org_from_json).  *ret (initialised by the
 * caller) receives the new organisations' ids, in the order of spec's
 * "orgs"; svc/render.h renders it as the API shows it.
 */
struct org_split_result {
	int64_t *ids; /* n of them */
	size_t n;
};
void org_split_result_init(struct org_split_result *r);
void org_split_result_release(struct org_split_result *r);
int svc_org_split(struct svc *s, int64_t id, const json_t *spec,
    const char *on, const char *doc_no, bool close_source,
    struct org_split_result *ret, struct cb_error *err);
/* One page of the organisations matching q (store_org_page: q->cursor
 * in, ret->next_cursor out). */
int svc_org_list(struct svc *s, const struct org_query *q,
    struct org_page *ret, struct cb_error *err);
/*
 * One organisation as the API shows it: its counts, the warnings the
 * rulebook gives about it (core/org-rules.h; their strings borrow from
 * the svc's rules), its parent (parent.id 0 when it has one outside the
 * principal's scope: only org->parent_id is shown) and its children,
 * open and closed, with their counts.  svc/render.h renders it.
 */
struct org_detail {
	const struct org *org; /* borrowed */
	struct org_counts counts;
	struct org_warnings warnings;
	struct org parent; /* id 0: none, or not seen */
	struct org_list children;
	struct org_counts *child_counts; /* children.n of them */
	/* The record alone, as the list shows it: for a principal that
	 * sees the organisation without ACT_ORG_READ on it (a member's own
	 * cell); counts, warnings, parent and children are left empty. */
	bool record_only;
};
void org_detail_init(struct org_detail *d);
void org_detail_release(struct org_detail *d);
/* Fills *ret (initialised by the caller) for organisation o (borrowed:
 * it must outlive *ret). */
int svc_org_detail(struct svc *s, const struct org *o, struct org_detail *ret,
    struct cb_error *err);
int svc_org_history(struct svc *s, int64_t id, struct org_event_list *ret,
    struct cb_error *err);

/*
 * The figures of organisation id's whole subtree (store-stats.c keeps
 * them with every write) and the rule of their age bands (age_bands: its
 * strings borrow from the shipped rules).  Ages are as of s->today, in
 * the bands of rule stats.age_bands in force then (national: committee
 * overrides do not apply).  Needs ACT_ORG_READ on the organisation:
 * outside the scope -CB_ENOTFOUND "org_not_found"; the cell of a
 * member's own record alone, -CB_EPERM.  svc/render.h renders it as the
 * API shows it: {"org_id", "as_of", "members", "by_status", "by_gender",
 * "exempted", "by_age_band", "by_theory_level", "by_ethnicity",
 * "orgs_by_kind", "rule"}.
 */
struct org_stats_report {
	struct org_stats stats;
	struct rule_ref age_bands;
	/* For a principal without the personal right on the organisation:
	 * the ethnic groups counted fewer than small_min times
	 * (privacy.small_figures) are taken out of stats.eth and summed in
	 * eth_small (eth_small_groups of them); small_min 0: not applied. */
	int64_t small_min;
	int64_t eth_small;
	size_t eth_small_groups;
	struct rule_ref small_figures;
};
void org_stats_report_init(struct org_stats_report *r);
void org_stats_report_release(struct org_stats_report *r);
int svc_org_stats(struct svc *s, int64_t id, struct org_stats_report *ret,
    struct cb_error *err);
/* Brings the figures to s->today with the age bands in force (run as the
 * system: moving their clock or building them is maintenance). */
int svc_stats_prepare(struct svc *s, struct cb_error *err);
/* The same on a connection without a use case, with the shipped rules:
 * after a migration, so that the figures of an existing register are
 * built then.  A rulebook without a usable stats.age_bands is not an
 * error here (the first read reports it). */
int svc_stats_setup(struct store *st, struct cb_error *err);

/*
 * The birth dates of an age band of the figures as of s->today (label as
 * GET /orgs/{id}/stats shows it: "<30", "30-39", "60+"; "unknown": no
 * birth date), for a member list's born_after / born_until /
 * birth_unknown.  A label of no band in force: -CB_EINVAL
 * "invalid_query", field "age_band", the labels allowed.
 */
struct member_age_filter {
	char born_after[DATE_LEN]; /* "" open */
	char born_until[DATE_LEN]; /* "" open */
	bool birth_unknown;
};
int svc_member_query_age_band(struct svc *s, const char *label,
    struct member_age_filter *ret, struct cb_error *err);

/* ------------------------------------------------------------- JSON */

/*
 * One mapper for every entity with a field table (core/field.h): the
 * object's fields in table order, null when a field has none (an id or a
 * number is always an integer, a reference 0 is null).
 */
json_t *entity_to_json(const struct entity *e, const void *obj);

/* Options of entity_apply_json (struct json_apply's flags). */
enum {
	JA_CREATING = 1u << 0,           /* obj starts empty: any read-only
					  * field is refused */
	JA_RO_UNKNOWN = 1u << 1,         /* read-only fields are
					  * unknown_field (else read_only
					  * unless equal to the stored
					  * value) */
	JA_NULL_KEEPS = 1u << 2,         /* null leaves a field (other than
					  * a reference) as it is (else it
					  * clears it) */
	JA_EMPTY_DATE_INVALID = 1u << 3, /* "" is an invalid date (else it
					  * clears the date) */
	JA_REQUIRED = 1u << 4,           /* a writable FF_REQUIRED field
					  * absent or null is "required" */
	JA_TABLE_ORDER = 1u << 5,        /* errors of unknown and read-only
					  * keys first (key order), then
					  * the fields' (table order), then
					  * the extras' (list order); else
					  * all in the object's key order,
					  * "required" last */
};

/* A key the input may carry besides the fields: text kept apart. */
struct json_extra {
	const char *name; /* NULL ends the list */
	size_t max;       /* characters */
	char **ret;       /* malloc'd cleaned text, or NULL */
};

struct json_apply {
	unsigned int flags;      /* JA_* */
	const char *ref_invalid; /* error code of a reference
				  * <= 0 (NULL: accepted) */
	/* Called on the cleaned value of each FF_RULES text field: may
	 * replace *val (malloc'd) with its canonical form. */
	int (*canon)(const struct field_def *f, char **val, void *arg,
	    struct cb_error *err);
	void *arg;
	const struct json_extra *extra; /* or NULL */
	/* Whether an FT_ENUM field may be set to value v (NULL: every
	 * named value); the invalid_value error lists those it may. */
	bool (*enum_ok)(const struct field_def *f, int v);
};

/*
 * Applies a JSON object's keys to obj: unknown keys, read-only fields,
 * wrong types, bad values, over-long strings and control characters are
 * field errors, all of them reported in the object's key order.  Text is
 * cleaned (NFC, white space), dates read as ISO, enums by name.
 */
int entity_apply_json(const struct entity *e, void *obj, const json_t *in,
    const struct json_apply *how, struct cb_error *err);

json_t *org_to_json(const struct org *o);
/* Reads a new organisation from JSON (kind, name, code, parent_id,
 * valid_from, valid_to; doc_no is returned apart in *ret_doc_no, malloc'd
 * or NULL).  Unknown fields and wrong types are field errors. */
int org_from_json(const json_t *obj, struct org *o, char **ret_doc_no,
    struct cb_error *err);
json_t *org_event_to_json(const struct org_event *e);

/* ----------------------------------------------------------- members */

/* Validates and inserts; records "record_created" (the admission, the
 * recognition as official and an exemption are read from the record by
 * svc_member_history).  Sets m->id and version. */
int svc_member_create(struct svc *s, struct member *m, struct cb_error *err);
/* After member_apply_json failed with rc (field errors in err, m holding
 * what could be read): adds the errors judging m would find on the other
 * fields, where the principal may write in m's organisation, so that every
 * problem is told at once.  Returns rc, or another error. */
int svc_member_judge_rest(struct svc *s, const struct member *m, int rc,
    struct cb_error *err);
/* Reads a member's full record; the view is recorded in the audit trail. */
int svc_member_get(struct svc *s, int64_t id, struct member *ret,
    struct cb_error *err);
/* Only the current version (for If-Match: *); not recorded as a view. */
int svc_member_version(struct svc *s, int64_t id, int64_t *ret,
    struct cb_error *err);
/* The audit trail of one member (ACT_AUDIT_READ on its organisation). */
int svc_member_audit(struct svc *s, int64_t id, const struct audit_query *q,
    struct audit_list *ret, struct cb_error *err);
/* JSON merge patch; if_match 0 = unconditional.  Records "record_updated"
 * with the changed fields (before and after), and "moved" on a change of
 * organisation. */
int svc_member_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct member *ret, struct cb_error *err);
/* A correction of the phone and e-mail only (ACT_MEMBER_CONTACTS: an
 * office, or a secretary whose grant has the option "contacts", in its
 * subtree): patch may hold "phone" and "email", any other key is a field
 * error "contacts_only".  Recorded and audited as svc_member_patch. */
int svc_member_contacts(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct member *ret, struct cb_error *err);
/* Marks the record deleted (kept with its history); records
 * "record_deleted". */
int svc_member_delete(struct svc *s, int64_t id, int64_t if_match,
    struct cb_error *err);
/*
 * Records a change of the member's situation and applies it:
 * admitted (re-admission: probationary again from e->on), made_official
 * (status and official_on from the probation rule), moved / transferred_in
 * (org_id = e->org_id), transferred_out, exempted (exempt_since = e->on),
 * exemption_ended, died, removed, expelled, left (off the rolls).
 * The resulting record is validated like any other.
 */
int svc_member_event(struct svc *s, int64_t id, struct member_event *e,
    int64_t if_match, struct member *ret, struct cb_error *err);
int svc_member_list(struct svc *s, const struct member_query *q,
    struct member_page *ret, struct cb_error *err);
/* How many members q matches, as a list's total (store_member_count). */
int svc_member_count(struct svc *s, const struct member_query *q,
    int64_t *total, bool *total_exact, struct cb_error *err);
/*
 * A member's history, oldest first: the recorded events, and what the
 * record says (events with id 0): "admitted", "made_official",
 * "exempted" on the dates the record had when it was made (unless an
 * event of that kind records that date), and "record_created" from the
 * bulk load that made it (its batch's who and when).
 */
int svc_member_history(struct svc *s, int64_t id,
    struct member_event_list *ret, struct cb_error *err);
/* Withholds the fields of mask (a member's m->masked) from an event's
 * details: the keys of its "changes" and its own keys that name them go,
 * and "masked" lists them.  The member's history, and any other answer
 * that shows events, call it.  Returns 0 or -CB_ENOMEM. */
int svc_member_event_mask(struct member_event *e, uint64_t mask);

/*
 * The probation list of the principal's scope (org_id 0) or of an
 * organisation's subtree: the active probationary members whose
 * probation (rule member.probation) ends within the notice window
 * (member.probation_notice) from s->today, and those past it without a
 * decision, ordered by the day it ends (the oldest first); with all,
 * every active probationary member (the others "running").  At most
 * PROBATION_LIST_MAX entries (truncated says more were found).  The
 * rule references borrow from the use case's rulebook.
 */
#define PROBATION_LIST_MAX 1000
struct probation_entry {
	struct member m;
	char *org_name;
	struct probation_verdict v;
};
struct probation_report {
	char today[DATE_LEN];
	int64_t notice_days;
	struct rule_ref notice; /* member.probation_notice */
	struct rule_ref period; /* member.probation, in force today */
	struct probation_entry *items;
	size_t n, cap;
	bool truncated;
};
void probation_report_release(struct probation_report *r);
int svc_probation_list(struct svc *s, int64_t org_id, bool all,
    struct probation_report *ret, struct cb_error *err);

/*
 * An organisation's leadership: the terms of its officers (secretary,
 * deputy secretaries, committee members), recorded as "officer_appointed"
 * events of its history (svc/officer.c).  svc_org_officers lists the
 * terms in force today (all: every term), by position then start, with
 * each member's name; it needs org.read on the organisation.
 * svc_org_officer_add checks a term (core/org-rules.c) and records it
 * with its decision number, in the history and the audit trail; it
 * needs org.write.
 */
int svc_org_officers(struct svc *s, int64_t org_id, bool all,
    struct org_officer_list *ret, struct cb_error *err);
int svc_org_officer_add(struct svc *s, int64_t org_id, struct org_officer *t,
    struct cb_error *err);
/* A term from JSON (member_id, position, started_on, ended_on, doc_no). */
int org_officer_from_json(const json_t *obj, struct org_officer *t,
    struct cb_error *err);
/* {"items": [org_officer...]} */
json_t *org_officers_to_json(const struct org_officer_list *l);

/* The member fields of the API, in order (NULL-terminated): the names of
 * member_entity's fields (core/entity.h), for callers that want a list. */
extern const char *const member_json_fields[];
/* Member JSON (fields as in the API).  No secret ever appears here. */
json_t *member_to_json(const struct member *m);
/*
 * Applies JSON fields to m (creating: m starts empty; patching: m is the
 * stored record; null clears a field).  Unknown fields, read-only fields,
 * wrong types, over-long strings and control characters are field errors,
 * all of them reported.  Text is cleaned (NFC, white space).  The
 * ethnicity is written in its listed form when it names one of the groups.
 */
int member_apply_json(struct member *m, const json_t *obj, bool creating,
    const struct rulebook *rb, const char *today, struct cb_error *err);
json_t *member_event_to_json(const struct member_event *e);
/* Reads an event from JSON: kind, on, doc_no, org_id, note. */
int member_event_from_json(const json_t *obj, struct member_event *e,
    struct cb_error *err);

/* ------------------------------------------------------ import/export */

/* One field an import would change in a stored member: old -> new, as
 * text (NULL: empty). */
struct import_change_field {
	const char *field; /* static: the field's name */
	char *old;
	char *new_;
};

/* One stored member an import would update (the check's preview), or
 * one whose identity a row would change (a conflict: old is the stored
 * value, new_ the file's, of the full name and birth date that differ;
 * matched_by the key that matched). */
struct import_change {
	long row;
	const char *matched_by; /* static: "citizen_id", "card_no"; NULL */
	int64_t member_id;
	char *full_name; /* as stored before */
	int64_t org_id;  /* before */
	char *org_name;
	char *org_code;
	struct import_change_field *fields;
	size_t nfields;
};

/* The check's token: base64url of its digest and MAC (import.c). */
#define IMPORT_TOKEN_LEN 96

struct import_report {
	size_t rows; /* data rows read */
	size_t created;
	size_t updated;
	size_t unchanged;
	bool committed;    /* false: nothing was written */
	char format[8];    /* "csv" or "xlsx" */
	char encoding[16]; /* CSV: "utf-8" or "windows-1258" */
	/* What the import (would) update, field by field, in row order. */
	struct import_change *changes;
	size_t nchanges;
	size_t capchanges;
	/* A check (dry run) that passed: the token that applies it. */
	char token[IMPORT_TOKEN_LEN];
	char file_sha256[65]; /* hex, when computed; "" otherwise */
	int64_t batch_id;     /* an applied import's batch; 0 */
	/* The identity conflicts the check found (set also when the import
	 * fails with "import_failed": the office's choices to make). */
	struct import_change *conflicts;
	size_t nconflicts;
	size_t capconflicts;
};
/* Frees the changes and conflicts; r stays usable (NULL is fine). */
void import_report_release(struct import_report *r);

/* Most rows one import takes. */
#define IMPORT_MAX_ROWS 1000000

/*
 * Imports members from CSV (UTF-8 with or without BOM, or Windows-1258;
 * ',' or ';'; dd/mm/yyyy or ISO dates) or .xlsx.  All or nothing: on any
 * bad row nothing is written and err holds one field error per bad row and
 * column.  Rows match existing members on citizen ID, then card number; a
 * row equal to the stored record changes nothing.  Organisations are named
 * by org_code (or org_id).  dry_run validates without writing.  Column
 * names: the API's field names, or the Vietnamese headers of docs/import.md.
 */
int svc_import_members(struct svc *s, const char *data, size_t len,
    bool dry_run, struct import_report *ret, struct cb_error *err);
/*
 * The same, naming the file (recorded with a bulk import).  When the
 * system imports a UTF-8 CSV file into a register without any member row,
 * the fast path runs (docs/import.md): rows are read as a stream, judged
 * in memory and bulk-loaded (store_bulk_*), up to 20 million of them; the
 * import is recorded as one batch (file name, SHA-256, rows, who, when)
 * and one audit entry "member.import".  All or nothing and the report of
 * every bad row and column are the same as on the row path.
 */
int
svc_import_members_file(struct svc *s, const char *file_name, const char *data,
    size_t len, bool dry_run, struct import_report *ret, struct cb_error *err);
/*
 * The same with the office's choices: dry_run, and the rows (their line
 * numbers, as the report gives them) whose change of identity the office
 * accepts.  A row matching a stored member by citizen ID or card number
 * whose full name or birth date differs is an "identity_conflict" (on
 * that key's field) unless its row is listed; a listed row without such a
 * conflict is -CB_EINVAL "accept_identity_no_conflict" naming it, so that
 * nothing is accepted blindly.  A list takes the row path.
 */
struct import_options {
	bool dry_run;
	const long *accept_identity; /* rows; NULL when none */
	size_t naccept_identity;
	/*
	 * The check's token (the report's token of a dry run of the same
	 * file, options and account), or NULL.  When given, the import is
	 * applied only if it verifies ("import_token_mismatch", 400,
	 * otherwise) and if the import does exactly what the check said:
	 * the same members updated, from the same versions, with the same
	 * changes, and as many created ("import_token_stale", 409,
	 * otherwise; nothing written).  require_token: applying without
	 * one is "import_token_required" (400): the API's rule.
	 */
	const char *token;
	bool require_token;
};
/* On "import_failed", *ret holds the conflicts found (if any), and
 * nothing else: release it in every case. */
int svc_import_members_opts(struct svc *s, const char *file_name,
    const char *data, size_t len, const struct import_options *o,
    struct import_report *ret, struct cb_error *err);
/* Reads a list of rows "12,15" (positive line numbers, comma-separated)
 * into *ret (to free) and *ret_n: 0, -CB_EINVAL when it is not such a
 * list, -CB_ENOMEM. */
int svc_import_rows_parse(const char *text, long **ret, size_t *ret_n);
json_t *import_report_to_json(const struct import_report *r);
/* The conflicts of a report, as the array "conflicts" of a failed
 * import's problem; NULL when there are none. */
json_t *import_conflicts_to_json(const struct import_report *r);

enum export_format { EXPORT_CSV = 0, EXPORT_JSON, EXPORT_XLSX, EXPORT_PDF };
/* The format's name ("csv", ...) and the format called name (-1: none). */
const char *export_format_name(enum export_format f);
int export_format_parse(const char *name);
/* The header row of CSV and XLSX: the Vietnamese labels of the fields
 * (those the import recognises; enumerations as "Nam", "Dự bị"), or the
 * API's field names (all of them, enumerations as "male"). */
enum export_headers { EXPORT_HEADERS_LABELS = 0, EXPORT_HEADERS_KEYS };
struct export_options {
	enum export_format fmt;
	enum export_headers headers;
};
/*
 * Writes the members matching q, in q's order, into out (docs/import.md,
 * "Export"): CSV with a BOM (ISO dates), an Excel workbook (date cells
 * shown dd/mm/yyyy), both importable back unchanged, with a quote before
 * a text cell a spreadsheet would take for a formula (util/table.h); a
 * JSON array; or a printable PDF list (A4 landscape, the Party document
 * header).  The rows are masked as the store masks them for the
 * principal, and the export is audited ("member.export": format, count).
 */
int svc_export_members(struct svc *s, const struct member_query *q,
    const struct export_options *o, struct sb *out, struct cb_error *err);
/*
 * The cell of member field i (its index in member_entity) in an export,
 * for every format alike: the value as text, NULL when it has none, or
 * SVC_WITHHELD when it was withheld from the principal (m->masked:
 * sensitive data, docs/security.md), so that a masked cell is not read
 * as an empty one.  buf (at least 24 bytes) holds numbers.
 */
#define SVC_WITHHELD "[ẩn]"
const char *
svc_export_value(const struct member *m, size_t i, char *buf, size_t n);

/* ------------------------------------------------------------ access */

/*
 * Checks that the principal may do act on something of the organisation
 * at path (NULL: installation-wide).  Outside its scope: -CB_ENOTFOUND
 * with not_found_code (nothing is revealed); inside but not allowed for
 * its roles: -CB_EPERM "forbidden".
 */
int svc_allow(struct svc *s, enum action act, const char *path,
    const char *not_found_code, struct cb_error *err);
/* The same for a member record (a member may read its own). */
int svc_allow_member(struct svc *s, enum action act, const struct member *m,
    struct cb_error *err);
/* svc_allow_member when the path of the member's organisation is known
 * (NULL: it has none). */
int svc_allow_member_at(struct svc *s, enum action act, const struct member *m,
    const char *org_path, struct cb_error *err);

/* ---------------------------------------------------------- meetings */

/*
 * Cell meetings (svc/meeting.c, issue 13).  svc_meeting_create reads a
 * meeting from JSON (the field table: unknown, read-only and mistyped
 * fields are field errors), judges it (core/meeting.h: every problem at
 * once), records it in the name of the principal (recorded_by) and
 * audits it (meeting.create).  svc_meeting_attendance_set records one
 * member's attendance ({status, reason?, joined_at?, left_at?}) and
 * audits it (meeting.attendance).  The store checks the scope.
 */
int svc_meeting_create(struct svc *s, const json_t *in, struct meeting *m,
    struct cb_error *err);
int svc_meeting_get(struct svc *s, int64_t id, struct meeting *ret,
    struct cb_error *err);
int svc_meeting_list(struct svc *s, const struct meeting_query *q,
    struct meeting_page *ret, struct cb_error *err);
int svc_meeting_attendance_set(struct svc *s, int64_t meeting_id,
    int64_t member_id, const json_t *in, struct meeting_attendance *a,
    struct cb_error *err);
int svc_meeting_attendance(struct svc *s, int64_t meeting_id,
    struct meeting_attendance_list *ret, struct cb_error *err);
/* The stored version of a meeting (for If-Match). */
int svc_meeting_version(struct svc *s, int64_t id, int64_t *ret,
    struct cb_error *err);
/* Changes a meeting from a JSON patch read through the field table (null
 * clears a field; read-only fields must keep their value), judged as a
 * new one (core/meeting.h) and audited (meeting.update).  if_match 0:
 * any version, else -CB_EPRECOND when stale.  A cancelled meeting is a
 * -CB_ECONFLICT "meeting_cancelled"; status "cancelled" is refused
 * (use_cancel: svc_meeting_cancel).  A planned meeting moved to another
 * organisation or date has its roll taken again (store.h). */
int svc_meeting_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct meeting *ret, struct cb_error *err);
/* Cancels a planned meeting: in is {reason} (required, kept in the audit
 * record meeting.cancel); another status is -CB_ECONFLICT
 * "meeting_not_planned". */
int svc_meeting_cancel(struct svc *s, int64_t id, const json_t *in,
    int64_t if_match, struct meeting *ret, struct cb_error *err);
/* The meeting's roll counted (store_meeting_roll_counts): the base of
 * its votes, the roll-call of its minutes, the figures of its checks. */
int svc_meeting_roll_counts(struct svc *s, int64_t meeting_id,
    struct meeting_roll_counts *ret, struct cb_error *err);
/* Puts a member on the meeting's roll on request (store_meeting_roll_add),
 * audited (meeting.roll_add); *ret_roll its place. */
int svc_meeting_roll_add(struct svc *s, int64_t meeting_id, int64_t member_id,
    enum meeting_roll *ret_roll, struct cb_error *err);

/*
 * A meeting's materials, QR check-in and paper sign-in sheet
 * (svc/meeting-material.c).  svc_material_add judges the file (its type
 * by content: PDF, DOCX, XLSX, ODT, PNG, JPEG, else 422
 * "unsupported_material_type" on "file"; at most
 * svc_material_max_bytes(), else 413 "material_too_large"; available_at
 * an ISO date-time, now when NULL or "") and keeps its SHA-256; the
 * meeting's scope decides (members of the cell read, ACT_MEETING_WRITE
 * writes); every write audited.
 */
size_t svc_material_max_bytes(void); /* CHIBO_MATERIAL_MAX_BYTES, 20 MiB */
int svc_material_add(struct svc *s, int64_t meeting_id, const char *name,
    const void *data, size_t len, const char *available_at,
    struct meeting_material *ret, struct cb_error *err);
int svc_material_list(struct svc *s, int64_t meeting_id,
    struct meeting_material_list *ret, struct cb_error *err);
int svc_material_get(struct svc *s, int64_t meeting_id, int64_t id,
    struct meeting_material *ret, struct cb_error *err);
int svc_material_delete(struct svc *s, int64_t meeting_id, int64_t id,
    struct cb_error *err);
/* {id, meeting_id, name, content_type, size, sha256, available_at,
 * recorded_by, created_at}. */
json_t *meeting_material_to_json(const struct meeting_material *m);

/* A check-in code: the meeting, its expiry, signed (docs/security.md). */
struct checkin_code {
	int64_t meeting_id;
	int64_t expires; /* UNIX seconds */
	char expires_at[TIMESTAMP_LEN];
	char code[96]; /* base64url */
};
/* A fresh code for the meeting (ACT_MEETING_WRITE on it), valid for the
 * rulebook's meeting.checkin code_minutes. */
int svc_checkin_code(struct svc *s, int64_t meeting_id,
    struct checkin_code *ret, struct cb_error *err);
/* The principal's own check-in with {code}: present, or late after the
 * rulebook's grace; only while the meeting is open, only for a member on
 * its roll; audited (meeting.checkin).  *ret is what was recorded. */
int svc_meeting_checkin(struct svc *s, int64_t meeting_id, const json_t *in,
    struct meeting_attendance *ret, struct cb_error *err);

/* A paper sign-in sheet (CSV) read into attendance records. */
struct attendance_import {
	struct meeting_attendance *items; /* the rows, in order */
	size_t n;
	bool dry_run;
};
void attendance_import_release(struct attendance_import *r);
/* Judges every row of the CSV data (columns member_id, card_no,
 * full_name + birth_date to find the member on the meeting's roll;
 * status; reason), every problem of every row in err (field errors with
 * the row's line), and records them all in one transaction unless
 * dry_run or any row is wrong: all or nothing.  Audited
 * (meeting.attendance_import). */
int svc_meeting_attendance_import(struct svc *s, int64_t meeting_id,
    const char *data, size_t len, bool dry_run, struct attendance_import *ret,
    struct cb_error *err);

/*
 * A meeting's resolution, its tasks and its self-score (svc/resolution.c;
 * core/resolution.h).  svc_resolution_put reads {results?, directions?,
 * vote_for?, vote_total?} (the first write makes the draft, section I
 * filled with the organisation's tasks still open from earlier meetings;
 * neither vote count given: the meeting's latest vote of kind resolution,
 * for its for and total its base) and audits meeting.resolution; svc_resolution_approve gives the number
 * of the organisation's series of the meeting's year (meeting.
 * resolution_approve).  svc_task_create reads {assignee_id | assignee_text,
 * what, due_on?}, svc_task_patch {status?, result?} (meeting.task).
 * svc_meeting_score_set reads {scores: {criterion: points, ...}}, judged
 * by meeting_quality_judge on the meeting's date (meeting.score).
 * if_match: 0 none, else the version the caller read.  The answers come
 * back re-read; the *_to_json render them for both edges (the PDF of
 * the resolution reads struct meeting_resolution from
 * svc_resolution_get).
 */
int svc_resolution_get(struct svc *s, int64_t meeting_id,
    struct meeting_resolution *ret, struct cb_error *err);
int svc_resolution_put(struct svc *s, int64_t meeting_id, const json_t *in,
    int64_t if_match, struct meeting_resolution *ret, bool *ret_created,
    struct cb_error *err);
int svc_resolution_approve(struct svc *s, int64_t meeting_id, int64_t if_match,
    struct meeting_resolution *ret, struct cb_error *err);
int svc_resolution_version(struct svc *s, int64_t meeting_id, int64_t *ret,
    struct cb_error *err);
int svc_task_create(struct svc *s, int64_t meeting_id, const json_t *in,
    struct meeting_task *t, struct cb_error *err);
int svc_task_patch(struct svc *s, int64_t id, const json_t *in,
    int64_t if_match, struct meeting_task *t, struct cb_error *err);
int svc_task_version(struct svc *s, int64_t id, int64_t *ret,
    struct cb_error *err);
int svc_task_list_meeting(struct svc *s, int64_t meeting_id,
    struct meeting_task_list *ret, struct cb_error *err);
/* status: enum task_status, or -1 for any. */
int svc_task_list_org(struct svc *s, int64_t org_id, int status, size_t limit,
    struct meeting_task_list *ret, struct cb_error *err);
int svc_task_list_member(struct svc *s, int64_t member_id, int status,
    size_t limit, struct meeting_task_list *ret, struct cb_error *err);
int svc_meeting_score_set(struct svc *s, int64_t meeting_id, const json_t *in,
    struct meeting_score *ret, struct cb_error *err);
int svc_meeting_score_get(struct svc *s, int64_t meeting_id,
    struct meeting_score *ret, struct cb_error *err);
json_t *svc_resolution_to_json(const struct meeting_resolution *r);
json_t *svc_task_to_json(const struct meeting_task *t);
json_t *svc_task_list_to_json(const struct meeting_task_list *l);
json_t *svc_score_to_json(const struct meeting_score *sc);

/*
 * A meeting's documents (svc/meeting-doc.c): the minutes (biên bản) or
 * the resolution (nghị quyết) as a PDF in the Party document format
 * (svc/party-doc.h), filled with what chibo knows of the meeting (the
 * header, the title, time and place, chair, secretary, guests, agenda,
 * the roll-call counts and names) and with t's texts; a text left NULL
 * is a place marked to be written by hand.  Needs ACT_MEETING_READ on
 * the meeting (the store's scope).
 */
enum meeting_doc { MEETING_DOC_MINUTES = 1, MEETING_DOC_RESOLUTION };
struct party_doc;
struct meeting_doc_text {
	const char *place_line; /* the place of the date line ("Hà Nội") */
	const char *number;     /* resolution: "Số 05-NQ/CB" */
	/* minutes */
	const char *course;      /* the course: speakers and what they said */
	const char *opinions;    /* opinions */
	const char *conclusions; /* the chair's conclusions */
	const char *vote_line;   /* "x/y đồng chí tán thành (z %)" */
	/* resolution, sections I to IV ('\n' separates paragraphs) */
	const char *results;    /* I. results of last month */
	const char *directions; /* II. directions for next month */
	const char *tasks;      /* III. task assignment */
	const char *score;      /* IV. the meeting's self-score */
	const char *mark; /* a line under the title ("Đã khóa ..."), or NULL */
	bool draft; /* resolution: not approved, "DỰ THẢO" in the title */
	const char *annex; /* minutes: the corrections after locking, one a
			    * line, as an annex; NULL none */
	/* Called at section n (minutes: 3 course, 4 opinions,
	 * 5 conclusions, 6 vote; resolution: 1 results, 2 directions,
	 * 3 tasks, 4 self-score, 5 the closing vote line), after its
	 * heading and before its text, to add blocks of one's own (a table
	 * of tasks and results: svc/party-doc.h); true if it added any (no
	 * blank is drawn then, without text).  NULL: none. */
	bool (*section)(struct party_doc *d, int n, void *arg);
	void *arg;
};
int svc_meeting_doc(struct svc *s, int64_t id, enum meeting_doc which,
    const struct meeting_doc_text *t, struct sb *out, struct cb_error *err);
/* The document filled from the store (both edges call it): the minutes
 * from svc_minutes_get (the course "Đ/c NAME: text" per speaker,
 * opinions, conclusions, the votes' lines "x/y đồng chí tán thành
 * (z %)", "Đã khóa" and the corrections as an annex), the resolution
 * from svc_resolution_get (its number, section I's text and the table of
 * the earlier tasks and their results, II, the table of tasks of III,
 * IV the self-score, the vote line; "DỰ THẢO" until approved).  A text
 * not written yet is a place left blank. */
int svc_meeting_doc_filled(struct svc *s, int64_t id, enum meeting_doc which,
    struct sb *out, struct cb_error *err);
/* The meetings of a cell's subtree (org_id) or of the cells a member is
 * on the roll of (member_id), as an RFC 5545 calendar (libical):
 * UID "meeting-ID@chibo", times in UTC, SEQUENCE the version, STATUS
 * CANCELLED for a cancelled one.  At most 10,000 meetings, the latest.
 * A member's: its cell's meetings and those whose roll it is on (another
 * cell's it is transferred in to), from a year back on. */
int svc_meeting_ics(struct svc *s, int64_t org_id, int64_t member_id,
    struct sb *out, struct cb_error *err);
/* The monthly upward report of an organisation's subtree for month
 * "YYYY-MM" (Asia/Ho_Chi_Minh) as an XLSX workbook: each cell holding
 * meetings, its meetings held by kind, the attendance (present of
 * expected, %) and the held meetings' self-score (the mean, rounded,
 * of those scored; blank when none). */
int svc_meeting_report(struct svc *s, int64_t org_id, const char *month,
    struct sb *out, struct cb_error *err);

/*
 * A meeting's votes (svc/meeting-minutes.c).  svc_meeting_vote_add reads
 * {kind, secret, for, against, abstain, subject?} (the field table), and
 * refuses a meeting that is cancelled or not yet started (409
 * meeting_not_held, core/meeting.h meeting_vote_allowed); the base is the
 * official members on the meeting's roll, the verdict the rulebook's
 * (vote_judge: threshold, passed, rule id and citation; bad counts are
 * field errors).  Audited as meeting.vote.
 */
int svc_meeting_vote_add(struct svc *s, int64_t meeting_id, const json_t *in,
    struct meeting_vote *v, struct cb_error *err);
int svc_meeting_votes(struct svc *s, int64_t meeting_id,
    struct meeting_vote_list *ret, struct cb_error *err);
/* A vote as JSON: its fields and "rule": {id, citation}. */
json_t *meeting_vote_to_json(const struct meeting_vote *v);
/* {"items": [vote, ...]} */
json_t *meeting_votes_to_json(const struct meeting_vote_list *l);

/*
 * A meeting's minutes as a renderer reads them (the minutes PDF): the
 * meeting (chair_id, secretary_id, guests, agenda, times, place), the
 * minutes (course as JSON text of [{speaker_id?, speaker?, text}],
 * opinions, conclusions, notes, state and sign-offs), the corrections
 * of locked minutes and the votes, in the order taken; roll the
 * roll-call (the meeting's roll counted, never stored with the minutes;
 * the names of the absent: svc_meeting_attendance).
 */
struct minutes_view {
	struct meeting meeting;
	char *org_path; /* the meeting's organisation */
	struct meeting_minutes minutes;
	struct meeting_roll_counts roll;
	struct minutes_correction_list corrections;
	struct meeting_vote_list votes;
};
void minutes_view_release(struct minutes_view *v);
/* The minutes of a meeting (an empty draft of version 0 if none yet). */
int svc_minutes_get(struct svc *s, int64_t meeting_id,
    struct minutes_view *ret, struct cb_error *err);
/*
 * Writes the text of the minutes: opinions, conclusions, notes and
 * course (a list of {speaker_id?, speaker?, text}); the fields given
 * replace the stored ones.  if_match: the version the caller read (0:
 * not checked; -1: none stored yet, the ETag "0") -- precondition_failed
 * (412) when stale.  Locked minutes:
 * 409 minutes_locked.  Approved minutes become a draft again, their
 * sign-offs cleared.  Audited as meeting.minutes.
 */
int svc_minutes_put(struct svc *s, int64_t meeting_id, const json_t *in,
    int64_t if_match, struct minutes_view *ret, struct cb_error *err);
/*
 * Signs the minutes off.  With {} (or NULL), the principal signs as
 * themself: as the chair if its member record is the meeting's chair_id,
 * as the secretary if secretary_id (403 not_chair_or_secretary
 * otherwise).  {"as": "chair"|"secretary", "reason": "..."} records a
 * sign-off made on paper: an office or administrator only (403
 * forbidden).  When both have signed, the minutes are approved.  409
 * minutes_missing (none written), minutes_locked.  Audited as
 * meeting.minutes_approve.
 */
int svc_minutes_approve(struct svc *s, int64_t meeting_id, const json_t *in,
    struct minutes_view *ret, struct cb_error *err);
/* Locks approved minutes (409 minutes_not_approved, minutes_locked):
 * the minutes secretary, or who may write the meeting.  Audited as
 * meeting.minutes_lock. */
int svc_minutes_lock(struct svc *s, int64_t meeting_id,
    struct minutes_view *ret, struct cb_error *err);
/* Records a correction {field, text, reason} of locked minutes (409
 * minutes_not_locked before).  Audited as meeting.minutes_correction. */
int svc_minutes_correct(struct svc *s, int64_t meeting_id, const json_t *in,
    struct minutes_correction *c, struct cb_error *err);
int svc_minutes_corrections(struct svc *s, int64_t meeting_id,
    struct minutes_correction_list *ret, struct cb_error *err);
json_t *minutes_corrections_to_json(const struct minutes_correction_list *l);
/* The minutes with chair_id, secretary_id, "roll" (the roll-call
 * counts) and "corrections". */
json_t *minutes_view_to_json(const struct minutes_view *v);

/*
 * The meetings check, kept (svc/meeting-check.c; docs/architecture.md
 * "Kept findings").  svc_meeting_check_keep rewrites the kept rows of an
 * organisation and year as the system inside the caller's transaction:
 * every write that changes a meeting or its attendance calls it
 * (svc_meeting_check_keep_meeting: the meeting's organisation and local
 * year; a meeting moved to another organisation or year: both, before
 * and after).  A read (svc_meeting_check: the findings of a subtree by
 * page and its counts by code; svc_meeting_compliance: the heat map)
 * first refreshes up to 50 stale organisations (a month ended since
 * they were kept, the meeting rules or their overrides changed, the
 * organisation moved); more are left to svc_meeting_check_refresh
 * (chibo check meetings --refresh, run daily) and reported as stale.
 * Access: ACT_ORG_READ on the organisation; member names only for who
 * may read the members (ACT_MEMBER_READ).
 */
#define MCHK_CODES_MAX 16
struct meeting_check_report {
	struct org org; /* the subtree's root */
	int year;
	char through[DATE_LEN]; /* "YYYY-MM": months judged through */
	int64_t refreshed;      /* organisations refreshed by this read */
	bool stale;             /* stale organisations remain */
	bool masked;            /* member names withheld */
	struct mchk_count counts[MCHK_CODES_MAX];
	size_t ncounts;
	struct mchk_page page; /* svc_meeting_check */
	struct mchk_heat heat; /* svc_meeting_compliance */
};
void meeting_check_report_release(struct meeting_check_report *r);
int svc_meeting_check_keep(struct svc *s, int64_t org_id, int year,
    struct cb_error *err);
int svc_meeting_check_keep_meeting(struct svc *s, const struct meeting *m,
    struct cb_error *err);
/* The same for meeting meeting_id (read in the principal's scope): after
 * a write to its materials, attendance, minutes or resolution. */
int svc_meeting_check_keep_id(struct svc *s, int64_t meeting_id,
    struct cb_error *err);
/* org_id 0: the principal's organisation (one grant) or the one root. */
int svc_meeting_check(struct svc *s, int64_t org_id, int year,
    const char *code, const char *cursor, size_t limit,
    struct meeting_check_report *ret, struct cb_error *err);
int svc_meeting_compliance(struct svc *s, int64_t org_id, int year,
    struct meeting_check_report *ret, struct cb_error *err);
/* Refreshes every stale organisation of the subtree in year. */
int svc_meeting_check_refresh(struct svc *s, int64_t org_id, int year,
    size_t *ret_done, struct cb_error *err);
/* "YYYY-MM": the last month of year ended on today ("-00": none). */
void
svc_meeting_check_through(const char *today, int year, char out[DATE_LEN]);
/* The answers of GET /api/v1/checks/meetings ({org_id, year, through,
 * stale, items: [finding], counts: {code: n}, next_cursor?}; a finding's
 * message in lang) and GET /api/v1/orgs/{id}/meetings/compliance
 * ({..., cells: [{org_id, name, months: [{month, held: {kind: n},
 * minutes, expected, present, attendance_pct, codes}], codes}]}). */
json_t *
meeting_check_to_json(const struct meeting_check_report *r, enum lang lang);
json_t *meeting_compliance_to_json(const struct meeting_check_report *r);

/* ------------------------------------------- inspection coverage (14) */

/*
 * The inspection coverage check (svc/inspection-check.c): committee
 * org_id's direct subordinate organisations judged for year
 * (core/inspection-rules.h) on the date judged (s->today, or the year's
 * 31 December once it has ended).  org_id 0: the principal's organisation
 * (one grant) or the one root.  Needs ACT_INSPECTION_READ on the
 * committee (outside the scope: org_not_found); a year outside
 * 1900..2199: invalid_query, "year" invalid_value.
 */
struct inspection_check_report {
	struct org org; /* the committee */
	int year;
	struct ichk_facts facts;   /* its term, subordinates (names) */
	struct insp_report judged; /* rows, targets, findings */
};
void inspection_check_report_release(struct inspection_check_report *r);
int svc_inspection_check(struct svc *s, int64_t org_id, int year,
    struct inspection_check_report *ret, struct cb_error *err);
/* The name of subordinate org_id of r, or NULL. */
const char *inspection_check_org_name(const struct inspection_check_report *r,
    int64_t org_id);
/* A finding's message in lang (malloc'd; NULL out of memory). */
char *inspection_finding_message(const struct insp_finding *f, enum lang lang);
/* GET /api/v1/checks/inspection: {org_id, org_name, year, on, term:
 * {name, starts_on, ends_on, months_left} | null, items: [{code, org_id,
 * org_name, period, months_left?, inspection_id?, recommendation_id?,
 * rule, rule_id, citation, confirmed, message}], counts: {code: n},
 * coverage: {in_term_pct, self_inspection_pct, targets: {in_term_pct,
 * self_inspection_pct}, in_term: {...}, self_inspection: {...}}, orgs:
 * [{id, name, covered, last_inspection_on, self_inspected, months_left,
 * overdue_recommendations}]}. */
json_t *inspection_check_to_json(const struct inspection_check_report *r,
    enum lang lang);
/* The year's inspection and supervision report of committee org_id
 * (svc/inspection-report.c), the check's access: an XLSX workbook (a row
 * per subordinate organisation, the targets, the findings) or a PDF in
 * the Party document format, appended to out. */
int svc_inspection_report_xlsx(struct svc *s, int64_t org_id, int year,
    struct sb *out, struct cb_error *err);
int svc_inspection_report_pdf(struct svc *s, int64_t org_id, int year,
    struct sb *out, struct cb_error *err);
/* ---------------------------- the classification report (issue 15) */

/*
 * The yearly classification report of an organisation
 * (svc/classification-report.c): the year's evaluations of its subtree
 * (in the year period covering it, or in those opened inside it: the
 * demo's current year has one per grassroots organisation), members and
 * organisations, each with
 * the level computed by the rules (core/evaluation.h) and the level the
 * committee decided; the counts by decided level; the cap on excellent
 * of each scope (eval_cap_judge over the decided levels); and the
 * decisions that differ from the computed level with their written
 * reasons.  Access: evaluation.read on the organisation.
 */
struct classification_row {
	enum eval_subject subject;
	int64_t id;     /* the member's, or the organisation's */
	char *name;     /* the member's full name, the organisation's name */
	int64_t org_id; /* a member: its organisation; an organisation:
			 * the one above it (0: none) */
	char *org_name;
	int computed;         /* enum eval_level; -1: not computed */
	int proposed;         /* -1: not proposed */
	int decided;          /* -1: not decided */
	char *decided_reason; /* the committee's written reason, or NULL */
	char *reasons;        /* the computed level's reason codes,
			       * "score_band, tasks_not_on_time", or NULL */
	char *reasons_text;   /* their messages in Vietnamese, or NULL */
};

struct classification_cap {
	int64_t scope_org_id;
	char *scope_name;
	int64_t excellent, allowed;
	bool exceeded;
};

/* Counts by decided level: [EVAL_LEVEL__MAX] those not decided yet. */
#define CLASSREP_UNDECIDED EVAL_LEVEL__MAX

struct classification_report {
	struct org org;
	int year;
	char on[DATE_LEN]; /* the report's date: today, or 31 December */
	int64_t period_id; /* the year period (0: none opened) */
	bool locked;       /* the period is locked */
	struct classification_row *members, *orgs;
	size_t nmembers, norgs;
	int64_t member_counts[EVAL_LEVEL__MAX + 1];
	int64_t org_counts[EVAL_LEVEL__MAX + 1];
	struct classification_cap *caps;
	size_t ncaps;
	struct eval_cap rule; /* the cap's rule: scope, percent, citation */
};

void classification_report_release(struct classification_report *r);
int svc_classification_report(struct svc *s, int64_t org_id, int year,
    struct classification_report *ret, struct cb_error *err);

enum classrep_format { CLASSREP_XLSX = 0, CLASSREP_PDF, CLASSREP_CSV };
/* "xlsx" -> CLASSREP_XLSX ...; -1 if unknown. */
int classrep_format_parse(const char *s);
/* The report rendered in fmt, appended to out: an XLSX workbook (sheets
 * summary, members, organisations, cap, differing decisions), a PDF in
 * the Party document format, or a CSV of one row per evaluation. */
int svc_classification_report_render(struct svc *s, int64_t org_id, int year,
    enum classrep_format fmt, struct sb *out, struct cb_error *err);
/* ------------------------------------------------ the dashboard (15) */

/*
 * The dashboard of the Resolution's targets (svc/dashboard.c): for an
 * organisation's subtree and a year, its members and cells by decided
 * level against the targets (core/dashboard.h, rule dashboard.targets),
 * the same for the years before (the trend), the meetings held against
 * those required and the attendance (the kept meetings check), the
 * inspection coverage of its direct subordinates in the term and their
 * self-inspection in the year (the inspection check, counted on read:
 * one organisation's children), discipline counts by form (figures
 * only), and one row per direct subordinate with the same kept figures
 * (the drill-down).  Every figure but the inspection's is kept
 * (store.h "the dashboard's kept figures").  Needs ACT_DASHBOARD_READ on
 * the organisation (outside the scope: org_not_found); org_id 0: the
 * principal's one organisation (or the one root); a year outside
 * 1900..2199: invalid_query, "year" invalid_value.
 */
#define DASHBOARD_TREND_MAX 10
struct dashboard_figures {
	int year;
	int64_t members[EVAL_LEVEL__MAX], members_pending;
	int64_t cells[EVAL_LEVEL__MAX], cells_pending;
	int64_t mt_required, mt_held, mt_expected, mt_present;
};
struct dashboard_child {
	struct org org; /* id, name, code, kind, path */
	struct dashboard_figures f;
};
struct dashboard_report {
	struct org org;
	int year, years; /* the trend: years year - years + 1 .. year */
	struct dash_targets targets;
	struct dashboard_figures trend[DASHBOARD_TREND_MAX]; /* oldest
							      * first; the last
							      * is year's */
	struct inspection_check_report insp; /* the org's committee view */
	bool has_insp;
	/* Discipline cases decided in the year in the subtree, by form
	 * (discipline_form_names order); withheld: not shown (a cell's
	 * figures to one without discipline.read there); small: forms
	 * counted fewer than small_min times, summed here and left out of
	 * disc[] (privacy.small_figures), for one without discipline.read */
	bool disc_withheld;
	int64_t disc[DFORM__MAX];
	int64_t disc_small, small_min;
	struct dashboard_child *children;
	size_t nchildren;
};
void dashboard_report_release(struct dashboard_report *r);
/* years: the trend's length, 1..DASHBOARD_TREND_MAX (0: 3). */
int svc_dashboard(struct svc *s, int64_t org_id, int year, int years,
    struct dashboard_report *ret, struct cb_error *err);
/* GET /api/v1/dashboard (docs/api.md "Dashboard"). */
json_t *dashboard_to_json(const struct dashboard_report *r);
/* The same answer as compact JSON text, the bytes json_dumps_api writes
 * of dashboard_to_json's (render.h), its drill-down rows written without
 * a tree; NULL out of memory. */
char *dashboard_to_text(const struct dashboard_report *r, size_t *ret_len);
/*
 * Recounts the kept figures from the records (as the system; the
 * operator's command): rebuild replaces them, else compares them
 * (kept == recounted): *ret_diff figures differ, *ret_first (malloc'd,
 * NULL when none) the first one.
 */
int svc_dashboard_recount(struct svc *s, bool rebuild, size_t *ret_rows,
    size_t *ret_diff, char **ret_first, struct cb_error *err);

/* ------------------------------------------- inspections (issue 14) */

/*
 * Inspections and supervisions (svc/inspection.c).  create reads the
 * record from JSON through the field table (unknown, read-only and
 * mistyped fields are field errors; content_codes a list of codes apart;
 * status "planned" when not given), judges it (core/inspection.h: every
 * problem at once), writes it and audits it (inspection.create); patch
 * the same over the stored record (null clears a field; If-Match:
 * if_match 0 any version, else -CB_EPRECOND when stale;
 * inspection.update); delete takes its recommendations and attachments
 * with it (inspection.delete).  The store checks the scope (store.h).
 * Recommendations: rec_add (inspection.recommendation), rec_patch (mark
 * done with its result, change the due date: inspection.
 * recommendation_update); overdue is computed against s->today.
 * Attachments: judged like the meetings' materials (svc_file_judge),
 * audited (inspection.attachment_add).
 */
int svc_inspection_create(struct svc *s, const json_t *in,
    struct inspection *ret, struct cb_error *err);
int svc_inspection_get(struct svc *s, int64_t id, struct inspection *ret,
    struct cb_error *err);
/* q->today is set to s->today. */
int svc_inspection_list(struct svc *s, struct inspection_query *q,
    struct inspection_page *ret, struct cb_error *err);
int svc_inspection_version(struct svc *s, int64_t id, int64_t *ret,
    struct cb_error *err);
int svc_inspection_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct inspection *ret, struct cb_error *err);
int svc_inspection_delete(struct svc *s, int64_t id, int64_t if_match,
    struct cb_error *err);
int svc_inspection_recs(struct svc *s, int64_t inspection_id,
    struct inspection_recommendation_list *ret, struct cb_error *err);
int svc_inspection_rec_get(struct svc *s, int64_t inspection_id, int64_t id,
    struct inspection_recommendation *ret, struct cb_error *err);
int
svc_inspection_rec_add(struct svc *s, int64_t inspection_id, const json_t *in,
    struct inspection_recommendation *ret, struct cb_error *err);
int svc_inspection_rec_patch(struct svc *s, int64_t inspection_id, int64_t id,
    const json_t *patch, int64_t if_match,
    struct inspection_recommendation *ret, struct cb_error *err);
/* name: the file's name as given; data NULL: no file given. */
int svc_inspection_att_add(struct svc *s, int64_t inspection_id,
    const char *name, const void *data, size_t len,
    struct inspection_attachment *ret, struct cb_error *err);
int svc_inspection_atts(struct svc *s, int64_t inspection_id,
    struct inspection_attachment_list *ret, struct cb_error *err);
/* One with its bytes (*ret_data, malloc'd). */
int svc_inspection_att_get(struct svc *s, int64_t inspection_id, int64_t id,
    struct inspection_attachment *ret, unsigned char **ret_data,
    struct cb_error *err);
/* {id, inspection_id, name, content_type, size, sha256, recorded_by,
 * created_at} */
json_t *inspection_attachment_to_json(const struct inspection_attachment *a);

/* ------------------------------------------------------------- audit */

/*
 * Appends an audit entry for the principal's action inside the current
 * transaction: action ("member.update"), the object, the organisation
 * concerned (for scope), the changed fields before and after, a detail.
 * The JSON arguments (may be NULL) are stolen.
 */
int svc_audit(struct svc *s, const char *action, const char *object_type,
    int64_t object_id, int64_t org_id, json_t *before, json_t *after,
    json_t *detail, struct cb_error *err);
/* Writes queued views in one transaction, but for the repeats within
 * window_s seconds (store_audit_append_views); *ret_recorded how many
 * were recorded.  The entries stay the caller's. */
int svc_audit_flush(struct svc *s, struct audit_view *views, size_t n,
    int64_t window_s, size_t *ret_recorded, struct cb_error *err);
/* Forgets the views recorded more than keep_s seconds ago (system). */
int svc_audit_views_prune(struct svc *s, int64_t keep_s, struct cb_error *err);
/*
 * The label of an entry's action for people, in lang ("Xem hồ sơ",
 * "Nhập tệp DS-2026.xlsx, 120 dòng"): one table, action -> message code
 * (src/util/msg.c); an action without a row gets "Thao tác <action>".
 * Malloc'd, or NULL when out of memory.
 */
char *svc_audit_label(const struct audit_entry *e, enum lang lang);
/* The message code of action's label, or NULL if the table has none. */
const char *svc_audit_label_code(const char *action);
/* The i-th action of the label table, or NULL past its end. */
const char *svc_audit_action_at(size_t i);
int svc_audit_list(struct svc *s, const struct audit_query *q,
    struct audit_list *ret, struct cb_error *err);
/* Sets q's time bounds from the days from and to (ISO dates in
 * Asia/Ho_Chi_Minh, both included; "" or NULL: no bound). */
void svc_audit_days(struct audit_query *q, const char *from, const char *to);

struct audit_report {
	int64_t count; /* entries read */
	int64_t head_id;
	char head_hash[AUDIT_HASH_LEN];
	bool ok;
	int64_t bad_id;       /* first bad entry */
	const char *bad_code; /* "gap", "prev_mismatch", "altered",
			       * "extra", "truncated", "head_mismatch",
			       * "rewound", "rewritten" (core/audit.h) */
};
/* Walks the whole chain, every row of the table (system principals
 * only); want_hash non-NULL: the chain must also contain the published
 * head (want_id, want_hash). */
int svc_audit_verify(struct svc *s, int64_t want_id, const char *want_hash,
    struct audit_report *ret, struct cb_error *err);
/* The head as a line to publish (audit_head_line: id, hash, time of the
 * entry; system principals only). */
int svc_audit_head(struct svc *s, char out[AUDIT_HEAD_LINE_MAX],
    struct cb_error *err);

/* ------------------------------------------------------------ backup */

/* What a backup wrote: the file's SHA-256 and size, and the audit head
 * of the snapshot it holds (an operator keeps both). */
struct backup_report {
	char sha256[HASH_HEX_LEN];
	int64_t bytes;
	int64_t head_id;
	char head_hash[AUDIT_HASH_LEN];
};
/* Writes a backup of the database to file (which must not exist) while
 * the server goes on writing (store_backup).  System principals only. */
int svc_backup(struct svc *s, const char *file, struct backup_report *ret,
    struct cb_error *err);

/* What a restore found. */
struct restore_report {
	char sha256[HASH_HEX_LEN]; /* of the backup file */
	int64_t bytes;
	char *integrity;           /* "ok", or the engine's problems */
	struct audit_report audit; /* the chain of the restored database */
	bool figures_ok;           /* the figures equal a recount */
	int64_t figures_bad_org;   /* the first root that differs */
	int64_t members;           /* on the rolls, recounted */
	size_t orgs;               /* root organisations recounted */
	bool ok;                   /* all three checks passed */
};
void restore_report_release(struct restore_report *r);
/*
 * Restores backup file into dburl (empty, or force: store_restore), then
 * opens it (migrating an older one) and checks it: the engine's integrity
 * check, the audit chain (svc_audit_verify), and the figures of every
 * root against a recount (rebuilt from the members, so they are right
 * afterwards).  Returns 0 when it could check, with ret->ok the verdict.
 */
int svc_restore(const char *file, const char *dburl, bool force,
    const struct rulebook *rules, const char *actor,
    struct restore_report *ret, struct cb_error *err);

/* ---------------------------------------------------------- accounts */

/* Session and sign-in limits: environment CHIBO_SESSION_IDLE and
 * CHIBO_SESSION_MAX (seconds) override the defaults (30 minutes idle,
 * 12 hours in all); 5 failed sign-ins per account or per address within
 * 15 minutes lock further attempts for the rest of the window. */
struct auth_config {
	int64_t idle_s;
	int64_t absolute_s;
	int max_failures;
	int64_t window_s;
};
void auth_config_default(struct auth_config *c);

/*
 * Signs in.  On success: *ret_token (the session cookie's value) and
 * *ret_csrf (the CSRF token), both malloc'd and shown only now, and the
 * principal in *ret_who.  A wrong name, a wrong password and a disabled
 * account are the same answer, -CB_EPERM "bad_credentials" (timing
 * equalised); too many failures: -CB_EPERM "too_many_attempts" with the
 * seconds to wait as arg.  Audited (session.create / session.denied).
 */
int svc_login(struct svc *s, const struct auth_config *c, const char *username,
    const char *password, const char *addr, const char *user_agent,
    char **ret_token, char **ret_csrf, struct principal *ret_who,
    struct cb_error *err);
/* The principal of a session cookie; -CB_EPERM "not_signed_in" if
 * unknown, expired (then deleted) or the account is disabled. */
int svc_session_principal(struct svc *s, const struct auth_config *c,
    const char *token, struct principal *ret_who, struct cb_error *err);
/*
 * The CSRF token that goes with a session token: derived from it
 * (SHA-256 of a label and the token), so that it needs no storage and
 * can be handed out again (GET /api/v1/session), while a page of another
 * site, which cannot read the HttpOnly cookie, cannot compute it.
 */
#define CSRF_TOKEN_LEN 65
void svc_csrf_token(const char *session_token, char out[CSRF_TOKEN_LEN]);
/* The principal of a bearer token; -CB_EPERM "not_signed_in" if unknown,
 * revoked, expired or the account is disabled. */
int svc_token_principal(struct svc *s, const char *token,
    struct principal *ret_who, struct cb_error *err);
/*
 * The two halves of svc_session_principal and svc_token_principal, for a
 * server that keeps principals (http/authcache.c).  svc_session_check and
 * svc_token_check judge the credential with one read of the database,
 * every time: the same answers as above (an expired session is deleted,
 * a live one kept alive), and in *ret (zeroed, or from a previous call;
 * release it) the account's id, its version (which bumps whenever its
 * password, grants or disabled flag change) and its own organisation's
 * path.  svc_principal_load reads the account's principal (grants, own
 * organisation) and the version it was read at; -CB_EPERM "not_signed_in"
 * if the account is disabled or gone meanwhile.  A principal loaded at the
 * version a check reports, with the same own organisation, is the one the
 * check's credential stands for.
 */
int svc_session_check(struct svc *s, const struct auth_config *c,
    const char *token, struct credential_check *ret, struct cb_error *err);
int svc_token_check(struct svc *s, const char *token,
    struct credential_check *ret, struct cb_error *err);
int svc_principal_load(struct svc *s, int64_t user_id,
    struct principal *ret_who, int64_t *ret_version, struct cb_error *err);
/* Ends a session (audited). */
int svc_logout(struct svc *s, const char *token, struct cb_error *err);

/* Account administration (ACT_USER_ADMIN: admin and system).  Each is
 * audited.  password NULL: no password (cannot sign in until set). */
int svc_user_add(struct svc *s, const char *username, const char *display_name,
    int64_t member_id, const char *password, enum role role, int64_t org_id,
    struct user *ret, struct cb_error *err);
int svc_user_list(struct svc *s, struct user_list *ret, struct cb_error *err);
int svc_user_get(struct svc *s, const char *username, struct user *ret,
    struct cb_error *err);
int svc_user_disable(struct svc *s, const char *username, bool disabled,
    struct cb_error *err);
int svc_user_passwd(struct svc *s, const char *username, const char *password,
    struct cb_error *err);
int svc_user_grant(struct svc *s, const char *username, enum role role,
    int64_t org_id, bool revoke, struct cb_error *err);
/* The same; with set_options, the grant (made if missing) carries exactly
 * options (GRANT_OPT_*: only a secretary's may, field "allow"). */
int svc_user_grant_opts(struct svc *s, const char *username, enum role role,
    int64_t org_id, bool revoke, bool set_options, unsigned options,
    struct cb_error *err);
/* A new API token for username, valid days (0: never expires); the token
 * is returned once in *ret_token (malloc'd), only its hash is stored. */
int svc_token_create(struct svc *s, const char *username, const char *name,
    int days, char **ret_token, struct api_token *ret, struct cb_error *err);
int svc_token_list(struct svc *s, const char *username,
    struct api_token_list *ret, struct cb_error *err);
int svc_token_revoke(struct svc *s, int64_t id, struct cb_error *err);
/* Minimum password length (a security setting, not a Party rule). */
#define PASSWORD_MIN 10

/* ------------------------------------------------------------- demo */

struct demo_report {
	size_t orgs;
	size_t members;
	size_t accounts;
	size_t meetings;        /* svc_demo: 12 past months of every cell's */
	size_t inspection_rows; /* svc_demo: terms, programme, inspections,
				 * recommendations (demo-inspection.c) */
	size_t evaluations;     /* svc_demo: evaluations of three years
				 * (demo-evaluation.c) */
};

/* The demo's accounts, one per role (NULL-terminated). */
struct demo_account {
	const char *username;
	const char *password;
	const char *role;
	const char *org_code; /* where the role is granted */
	const char *who;      /* what the person is, in Vietnamese */
	const char *allow;    /* the grant's options ("discipline"), or
			       * NULL */
};
extern const struct demo_account demo_accounts[];
/* Builds the demo agency committee (deterministic for a seed) in an empty
 * database, with one account per role (docs/security.md lists them).
 * -CB_ECONFLICT "database_not_empty" if it holds organisations. */
int svc_demo(struct svc *s, uint64_t seed, bool meetings,
    struct demo_report *ret, struct cb_error *err);
/* The same, with or without the inspection data and the evaluations
 * (svc_demo: with both). */
int
svc_demo_parts(struct svc *s, uint64_t seed, bool meetings, bool inspections,
    bool evaluations, struct demo_report *ret, struct cb_error *err);
/* The demo's meetings (svc/demo-meetings.c): 12 months before today's
 * of cells (n), with attendance and lapses, and their kept check. */
int svc_demo_meetings(struct svc *s, uint64_t seed, const int64_t *cells,
    size_t ncells, size_t *ret_meetings, struct cb_error *err);
/* The demo's inspection and supervision (svc/demo-inspection.c): the
 * current term of committee root_id and of its grassroots committees,
 * this year's programme, inspections of its direct subordinates with
 * their recommendations, and their self-inspections, relative to today;
 * *ret_rows the rows written.  Inside the caller's transaction. */
int svc_demo_inspection(struct svc *s, int64_t root_id, size_t *ret_rows,
    struct cb_error *err);
/* The demo's evaluations (svc/demo-evaluation.c, issue 15): the two
 * completed years before today's (a period at committee root_id, every
 * evaluation decided, locked) and the current one (a period per
 * grassroots organisation, open: self-assessments, some proposals, one
 * organisation decided beyond the cap on excellent); *ret_rows the
 * evaluations written.  Inside the caller's transaction. */
int svc_demo_evaluation(struct svc *s, uint64_t seed, int64_t root_id,
    size_t *ret_rows, struct cb_error *err);

/*
 * The national-scale demo (svc/gen.h: the 34 provinces and cities down to
 * the cells, members with realistic names, ethnicities and dates), or a
 * smaller scale of it, deterministic for a seed, written in one bulk load
 * (store_bulk_*: all or nothing) into a database without organisations.
 * With members false only the organisations are stored; with csv_write
 * the members are also written, as they are made, as svc_export_members'
 * CSV with the API's field names (EXPORT_HEADERS_KEYS; without created_at
 * and updated_at), for import benchmarks: ids and
 * org_id are those a load into this database gives.  Memory does not grow
 * with the scale.  Accounts: "admin" and one office per province
 * ("vp.t01"), passwords in docs/import.md.  System principals only.
 */
struct gen_scale;
struct demo_national_opts {
	const struct gen_scale *scale;
	uint64_t seed;
	bool members; /* store the members */
	/* CSV output (NULL: none): 0 or non-zero (failed). */
	int (*csv_write)(void *arg, const char *buf, size_t n);
	void *csv_arg;
	const char *csv_name; /* for errors */
};
int svc_demo_national(struct svc *s, const struct demo_national_opts *o,
    struct demo_report *ret, struct cb_error *err);

/*
 * What GET /api/v1/session tells about the account beyond its grants
 * (session.c; the session's "user" carries it): actions[a] is true when some grant of who allows action a
 * somewhere (principal_scope: the policy every request is judged by; a
 * member's own record is not counted); member_kinds[k] when the rulebook
 * in force today lets organisations of kind k hold members (nationally);
 * age_bands the labels of the age bands in force today ("<30", "30-39",
 * "60+"), those of GET /orgs/{id}/stats and the age_band filter.  The
 * genders, statuses and states are the model's (core/model.h).
 */
#define SESSION_BANDS_MAX 8
#define SESSION_REF_LISTS 6 /* REF__MAX, core/reflist.h */
struct rule_value;
struct session_info {
	bool actions[ACT__MAX];
	bool member_kinds[ORG_KIND__MAX];
	char age_bands[SESSION_BANDS_MAX][16];
	size_t nage_bands;
	/* The reference lists in force today by enum ref_list
	 * (core/reflist.h): names, codes and English names (codes and
	 * names_en NULL for the ethnicities), borrowed from the rulebook. */
	const struct rule_value *ref_names[SESSION_REF_LISTS];
	const struct rule_value *ref_codes[SESSION_REF_LISTS];
	const struct rule_value *ref_en[SESSION_REF_LISTS];
};
int svc_session_info(struct svc *s, const struct principal *who,
    struct session_info *ret, struct cb_error *err);

/* --------------------------------------------------- discipline cases */

/*
 * Discipline cases (svc/discipline.c, issue 14).  Secret: only grants
 * with the option "discipline" read (ACT_DISCIPLINE_READ) or record
 * (ACT_DISCIPLINE_WRITE) them, on the subject's organisation (a
 * member's: its cell); elsewhere a case is "discipline_case_not_found"
 * (the store decides).  A case is read from JSON through the field
 * table ("vote": {for, against, abstain} folded into vote_for,
 * vote_against, vote_abstain), judged by core/discipline.h with the
 * facts read here (the member's status, whether it holds a post, the
 * deciding organisation's kind -> the body): a case with problems is
 * refused whole, -CB_EINVAL "discipline_refused" with one field error
 * per problem (its rule and citation).  A case with a deferral reason
 * and no decision is recorded (status "deferred").  Every write is
 * audited (discipline.create, .update, .complaint, .delete), and so is
 * every read of one case (discipline.view, through the view sink: the
 * answer waits for its commit).  status and lapses_on are computed as
 * of on ("" : today).
 */
int svc_dcase_create(struct svc *s, const json_t *in,
    struct discipline_case *ret, struct cb_error *err);
int svc_dcase_get(struct svc *s, int64_t id, const char *on,
    struct discipline_case *ret, struct cb_error *err);
/* The stored version only (If-Match); not a view. */
int svc_dcase_version(struct svc *s, int64_t id, int64_t *ret,
    struct cb_error *err);
/* A merge patch of the case's fields (If-Match: if_match, 0 any). */
int svc_dcase_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct discipline_case *ret, struct cb_error *err);
/* A complaint: {complained_on, received_on?} lodges it; later
 * {complaint_outcome, complaint_decided_on} records its outcome. */
int svc_dcase_complaint(struct svc *s, int64_t id, const json_t *in,
    int64_t if_match, struct discipline_case *ret, struct cb_error *err);
int svc_dcase_delete(struct svc *s, int64_t id, int64_t if_match,
    struct cb_error *err);
struct dcase_list_query {
	int64_t org_id;     /* subtree; 0: every case the principal sees */
	int64_t member_id;  /* 0: any */
	int status;         /* enum discipline_status; -1: any */
	const char *on;     /* "" or NULL: today */
	const char *cursor; /* NULL or "": the first page */
	size_t limit;       /* 1..1000 */
};
struct dcase_page {
	struct discipline_case_list list;
	char *next_cursor; /* NULL: the last page */
};
void dcase_page_release(struct dcase_page *p);
int svc_dcase_list(struct svc *s, const struct dcase_list_query *q,
    struct dcase_page *ret, struct cb_error *err);
/* The JSON of a case (the fields, "vote", status, lapses_on). */
json_t *dcase_to_json(const struct discipline_case *c);
/* State bodies' notices ({member_id, body, decided_on, notified_on,
 * doc_no?, note?}); late computed (discipline.state_notice). */
int svc_dnotice_create(struct svc *s, const json_t *in,
    struct discipline_notice *ret, struct cb_error *err);
int svc_dnotice_list(struct svc *s, int64_t org_id, int64_t member_id,
    struct discipline_notice_list *ret, struct cb_error *err);
/* The JSON of a notice, with late and days. */
json_t *dnotice_to_json(struct svc *s, const struct discipline_notice *n);
/* The demo's discipline cases and notices (svc/demo-discipline.c), in
 * the cells (n) of the demo committee. */
int svc_demo_discipline(struct svc *s, const int64_t *cells, size_t ncells,
    struct cb_error *err);
/* -------------------------------------- terms and inspection programmes */

/*
 * Terms of a committee and inspection and supervision programmes
 * (svc/programme.c, issue 14).  Each reads its record from JSON through
 * the field table (unknown, read-only and mistyped fields are field
 * errors, every problem at once), judges it (core/programme.h), records
 * it in the name of the principal (recorded_by) and audits it (term.*,
 * programme.*).  The store checks the scope (store.h).  if_match 0: any
 * version, else -CB_EPRECOND when stale.
 */
int svc_term_create(struct svc *s, const json_t *in, struct org_term *t,
    struct cb_error *err);
int svc_term_get(struct svc *s, int64_t id, struct org_term *ret,
    struct cb_error *err);
/* The terms of an organisation (with on: the one in force that day). */
int svc_term_list(struct svc *s, int64_t org_id, const char *on,
    struct org_term_list *ret, struct cb_error *err);
/* The term of organisation org_id in force on day on (store_term_on):
 * *found false when none is. */
int svc_term_on(struct svc *s, int64_t org_id, const char *on,
    struct org_term *ret, bool *found, struct cb_error *err);
int svc_term_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct org_term *ret, struct cb_error *err);
int svc_term_delete(struct svc *s, int64_t id, struct cb_error *err);

int svc_programme_create(struct svc *s, const json_t *in,
    struct inspection_programme *p, struct cb_error *err);
/* A programme and (items not NULL) its items. */
int
svc_programme_get(struct svc *s, int64_t id, struct inspection_programme *ret,
    struct inspection_programme_item_list *items, struct cb_error *err);
int svc_programme_list(struct svc *s, const struct programme_query *q,
    struct programme_page *ret, struct cb_error *err);
int svc_programme_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct inspection_programme *ret, struct cb_error *err);
/* Deletes a programme with its items (one audit record, the items in
 * it). */
int svc_programme_delete(struct svc *s, int64_t id, struct cb_error *err);
/* An item of programme programme_id: content_codes is a JSON array of
 * codes of the rulebook's catalogue (inspection.contents). */
int svc_programme_item_create(struct svc *s, int64_t programme_id,
    const json_t *in, struct inspection_programme_item *it,
    struct cb_error *err);
int svc_programme_item_get(struct svc *s, int64_t id,
    struct inspection_programme_item *ret, struct cb_error *err);
int svc_programme_item_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct inspection_programme_item *ret,
    struct cb_error *err);
int svc_programme_item_delete(struct svc *s, int64_t id, struct cb_error *err);

/* ------------------------------------------ evaluation and classification */

/*
 * Evaluation periods, evaluations, comments, the cell's proposal, the
 * committee's decision, the cap on excellent and the lock (svc/
 * evaluation.c, issue 15; docs/api.md "Evaluation").  The store checks
 * each row's scope (store.h); every write is audited.  Writes to a
 * locked period are 409 "period_locked"; a locked period is final.
 */
int svc_eperiod_create(struct svc *s, const json_t *in,
    struct evaluation_period *ret, struct cb_error *err);
int svc_eperiod_get(struct svc *s, int64_t id, struct evaluation_period *ret,
    struct cb_error *err);
int svc_eperiod_version(struct svc *s, int64_t id, int64_t *ret,
    struct cb_error *err);
/* The title and the dates of an open period (ACT_EVAL_MANAGE). */
int svc_eperiod_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct evaluation_period *ret, struct cb_error *err);
int svc_eperiod_list(struct svc *s, const struct eperiod_query *q,
    struct eperiod_page *ret, struct cb_error *err);
/* A period as JSON, with its organisation's name and the score sheet in
 * force at its end (s may be NULL: no sheet). */
json_t *eperiod_to_json(struct svc *s, const struct evaluation_period *p);

/* One scope of the cap on excellent. */
struct eval_calibration_scope {
	const struct eval_scope_counts *counts; /* borrowed from the list */
	struct eval_cap cap;             /* over the levels as they stand */
	struct eval_cap decided_cap;     /* over the decided levels */
	struct evaluation_list proposed; /* proposed htxs (calibration) */
};
struct eval_calibration {
	int64_t period_id;
	enum eval_cap_scope scope;
	struct eval_calibration_scope *items;
	size_t n;
	struct eval_scope_counts_list counts;
};
void eval_calibration_release(struct eval_calibration *c);
/* The cap per scope of the period inside org_id's subtree (0: the
 * period's), with who is proposed htxs. */
int svc_eval_calibration(struct svc *s, int64_t period_id, int64_t org_id,
    struct eval_calibration *ret, struct cb_error *err);
json_t *
eval_calibration_to_json(const struct eval_calibration *c, enum lang lang);
/* Locks the period: 409 "evaluations_undecided" (arg the count) while
 * some are not decided, 409 "excellent_cap_exceeded" with the scopes
 * broken in *breaches (their decided_cap copied into cap). */
int svc_eperiod_lock(struct svc *s, int64_t id, int64_t if_match,
    struct evaluation_period *ret, struct eval_calibration *breaches,
    struct cb_error *err);

/* {period_id, member_id | org_id, score, criteria?, tasks_total,
 * tasks_on_time, tasks_exceeded, sick_leave_months?, note?,
 * self_level?}: computed_level and reasons judged with the facts of
 * chibo's records. */
int svc_eval_create(struct svc *s, const json_t *in, struct evaluation *ret,
    struct cb_error *err);
int svc_eval_get(struct svc *s, int64_t id, struct evaluation *ret,
    struct cb_error *err);
int svc_eval_version(struct svc *s, int64_t id, int64_t *ret,
    struct cb_error *err);
/* The assessment, until a level is proposed (409 evaluation_proposed). */
int svc_eval_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct evaluation *ret, struct cb_error *err);
/* {level, reason?, vote?: {base, for, against, abstain}}
 * (ACT_EVAL_PROPOSE on the subject's organisation). */
int svc_eval_propose(struct svc *s, int64_t id, const json_t *in,
    int64_t if_match, struct evaluation *ret, struct cb_error *err);
/* {level, reason?} (ACT_EVAL_DECIDE: a member's on its organisation, an
 * organisation's on its parent); a level other than the computed one
 * needs the reason (422 reason_required on "reason"). */
int svc_eval_decide(struct svc *s, int64_t id, const json_t *in,
    int64_t if_match, struct evaluation *ret, struct cb_error *err);
/* An evaluation recorded by mistake, with its comments, while the period
 * is open (ACT_EVAL_MANAGE on the subject's organisation). */
int svc_eval_delete(struct svc *s, int64_t id, int64_t if_match,
    struct cb_error *err);
int svc_eval_list(struct svc *s, const struct evaluation_query *q,
    struct evaluation_page *ret, struct cb_error *err);
/* score as a number with one decimal, reasons with their messages in
 * lang, "vote" as an object. */
json_t *evaluation_to_json(const struct evaluation *e, enum lang lang);
/* {text} (ACT_EVAL_COMMENT on the subject's organisation). */
int svc_ecomment_create(struct svc *s, int64_t evaluation_id, const json_t *in,
    struct evaluation_comment *ret, struct cb_error *err);
/* The reviewers' (ACT_EVAL_READ on the subject's organisation). */
int svc_ecomment_list(struct svc *s, int64_t evaluation_id,
    struct evaluation_comment_list *ret, struct cb_error *err);
json_t *ecomment_to_json(const struct evaluation_comment *c);

#endif
