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

#include "core/model.h"
#include "core/rulebook.h"
#include "store/store.h"
#include "util/embedded.h"
#include "util/err.h"
#include "util/sb.h"

/* The context of one use case: who acts, on what, judged by which rules. */
struct svc {
	struct store		*st;		/* borrowed connection */
	const struct rulebook	*base;		/* borrowed: the shipped rules */
	struct rulebook		 rules;		/* base + the stored overrides,
						 * loaded on first use */
	bool			 rules_loaded;
	const char		*actor;		/* "cli", a user name, ... */
	char			 today[DATE_LEN];	/* ISO; the judging date */
};

/*
 * Prepares a use-case context.  today comes from the clock (Asia/Ho_Chi_Minh),
 * or from the environment variable CHIBO_TODAY (ISO date) when it is set, so
 * that tests and demos are reproducible.  svc_release frees what it loaded.
 */
void	svc_init(struct svc *s, struct store *st, const struct rulebook *base,
	    const char *actor);
void	svc_release(struct svc *s);
/* The rules with the committee overrides (loaded from the store once). */
const struct rulebook *svc_rules(struct svc *s, struct cb_error *err);

/* Opens dburl, checks its schema is current (-CB_EINVAL
 * "database_not_initialised" / "database_too_new" otherwise). */
int	svc_open_db(const char *dburl, struct store **ret, struct cb_error *err);
/* Creates or migrates the schema; *ret_version the resulting version. */
int	svc_init_db(const char *dburl, int *ret_version, struct cb_error *err);

/* --------------------------------------------------------- rulebook */

/* The rulebook compiled into the binary (rules/vn.json): entry 0. */
extern const struct embedded_file chibo_rules_files[];

/* Parses a rulebook document and checks it (rulebook_check).  Returns 0 or
 * -CB_EINVAL "rulebook_invalid" with details in err. */
int	rules_parse(const char *json_text, struct rulebook *ret,
	    struct cb_error *err);
/* The shipped rulebook: the file named by CHIBO_RULES if set, else the
 * embedded one.  No overrides. */
int	rules_load_base(struct rulebook *ret, struct cb_error *err);
/*
 * The rules in force on date on (ISO), with the values that apply to the
 * organisation org_id (0: none; overrides of its committees applied and
 * shown), as a JSON array; every value names its rule version's citation.
 * on NULL: every version of every rule.
 */
json_t	*svc_rules_json(struct svc *s, const char *on, int64_t org_id,
	    struct cb_error *err);
/*
 * Records a committee override of one value of one rule for the subtree of
 * o->org_id, from o->from (to o->to), decided by o->doc_no.  The value must
 * have the type of the shipped one.  Recorded in the organisation's history.
 */
int	svc_rule_override(struct svc *s, struct rule_override *o,
	    struct cb_error *err);

/* -------------------------------------------------------------- orgs */

/* Validates and inserts; records "created" in its history. */
int	svc_org_create(struct svc *s, struct org *o, const char *doc_no,
	    struct cb_error *err);
int	svc_org_get(struct svc *s, int64_t id, struct org *ret,
	    struct cb_error *err);
int	svc_org_get_by_code(struct svc *s, const char *code, struct org *ret,
	    struct cb_error *err);
/*
 * Applies a JSON merge patch of name, code, kind, parent_id, valid_from,
 * valid_to (closing), with doc_no and on (the date of the change) for the
 * history: "renamed", "recoded", "moved", "closed", "reopened", "updated".
 * if_match 0 = unconditional, else -CB_EPRECOND when stale.
 */
int	svc_org_patch(struct svc *s, int64_t id, const json_t *patch,
	    int64_t if_match, struct org *ret, struct cb_error *err);
/*
 * Merges organisation id into into_id on date on: its members and open
 * sub-organisations move to into_id, it closes the day before on, and both
 * histories record it ("merged_into", "absorbed").
 */
int	svc_org_merge(struct svc *s, int64_t id, int64_t into_id,
	    const char *on, const char *doc_no, struct cb_error *err);
/*
 * Splits organisation id on date on: creates each of the new
 * organisations (under id's parent unless they name another), moves the
 * listed members into them, and records "split_into" / "split_from".  If
 * close_source, id closes the day before on (it must then hold no member
 * and no open sub-organisation once the moves are done).  spec is
 * {"orgs": [{"name", "code", "kind"?, "parent_id"?, "member_ids": [..]}]}.
 * The new ids are appended to *ret_ids (a JSON array made by the caller).
 */
int	svc_org_split(struct svc *s, int64_t id, const json_t *spec,
	    const char *on, const char *doc_no, bool close_source,
	    json_t *ret_ids, struct cb_error *err);
int	svc_org_list(struct svc *s, const struct org_query *q,
	    struct org_list *ret, struct cb_error *err);
/* One organisation with its counts, its parent and its children (with
 * their counts), as the API shows it. */
json_t	*svc_org_detail_json(struct svc *s, const struct org *o,
	    struct cb_error *err);
int	svc_org_history(struct svc *s, int64_t id, struct org_event_list *ret,
	    struct cb_error *err);

json_t	*org_to_json(const struct org *o);
/* Reads a new organisation from JSON (kind, name, code, parent_id,
 * valid_from, valid_to; doc_no is returned apart in *ret_doc_no, malloc'd
 * or NULL).  Unknown fields and wrong types are field errors. */
int	org_from_json(const json_t *obj, struct org *o, char **ret_doc_no,
	    struct cb_error *err);
json_t	*org_event_to_json(const struct org_event *e);

/* ----------------------------------------------------------- members */

/* Validates and inserts; records "record_created", and "admitted" /
 * "made_official" on their dates.  Sets m->id and version. */
int	svc_member_create(struct svc *s, struct member *m,
	    struct cb_error *err);
int	svc_member_get(struct svc *s, int64_t id, struct member *ret,
	    struct cb_error *err);
/* JSON merge patch; if_match 0 = unconditional.  Records "record_updated"
 * with the changed fields (before and after), and "moved" on a change of
 * organisation. */
int	svc_member_patch(struct svc *s, int64_t id, const json_t *patch,
	    int64_t if_match, struct member *ret, struct cb_error *err);
/* Marks the record deleted (kept with its history); records
 * "record_deleted". */
int	svc_member_delete(struct svc *s, int64_t id, int64_t if_match,
	    struct cb_error *err);
/*
 * Records a change of the member's situation and applies it:
 * admitted (re-admission: probationary again from e->on), made_official
 * (status and official_on from the probation rule), moved / transferred_in
 * (org_id = e->org_id), transferred_out, exempted (exempt_since = e->on),
 * exemption_ended, died, removed, expelled, left (off the rolls).
 * The resulting record is validated like any other.
 */
int	svc_member_event(struct svc *s, int64_t id, struct member_event *e,
	    int64_t if_match, struct member *ret, struct cb_error *err);
int	svc_member_list(struct svc *s, const struct member_query *q,
	    struct member_page *ret, struct cb_error *err);
int	svc_member_history(struct svc *s, int64_t id,
	    struct member_event_list *ret, struct cb_error *err);

/* The member fields of the API, in order (NULL-terminated). */
extern const char *const member_json_fields[];
/* Member JSON (fields as in the API).  No secret ever appears here. */
json_t	*member_to_json(const struct member *m);
/*
 * Applies JSON fields to m (creating: m starts empty; patching: m is the
 * stored record; null clears a field).  Unknown fields, read-only fields,
 * wrong types, over-long strings and control characters are field errors,
 * all of them reported.  Text is cleaned (NFC, white space).  The
 * ethnicity is written in its listed form when it names one of the groups.
 */
int	member_apply_json(struct member *m, const json_t *obj, bool creating,
	    const struct rulebook *rb, const char *today, struct cb_error *err);
json_t	*member_event_to_json(const struct member_event *e);
/* Reads an event from JSON: kind, on, doc_no, org_id, note. */
int	member_event_from_json(const json_t *obj, struct member_event *e,
	    struct cb_error *err);

/* ------------------------------------------------------ import/export */

struct import_report {
	size_t	rows;		/* data rows read */
	size_t	created;
	size_t	updated;
	size_t	unchanged;
	bool	committed;	/* false: nothing was written */
	char	format[8];	/* "csv" or "xlsx" */
	char	encoding[16];	/* CSV: "utf-8" or "windows-1258" */
};

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
int	svc_import_members(struct svc *s, const char *data, size_t len,
	    bool dry_run, struct import_report *ret, struct cb_error *err);
json_t	*import_report_to_json(const struct import_report *r);

enum export_format { EXPORT_CSV = 0, EXPORT_JSON };
/* Writes the members matching q, in q's order, into out: CSV with a BOM
 * (the API's field names plus org_code as header, ISO dates) or a JSON
 * array. */
int	svc_export_members(struct svc *s, const struct member_query *q,
	    enum export_format fmt, struct sb *out, struct cb_error *err);

/* ------------------------------------------------------------- demo */

struct demo_report {
	size_t	orgs;
	size_t	members;
};
/* Builds the demo agency committee (deterministic for a seed) in an empty
 * database.  -CB_ECONFLICT "database_not_empty" if it holds organisations. */
int	svc_demo(struct svc *s, uint64_t seed, struct demo_report *ret,
	    struct cb_error *err);

#endif
