/*
 * svc.h - use cases shared by the CLI and the HTTP API.  Each opens and
 * closes its own transaction (nesting as savepoints), checks the domain rules
 * through core/ with values from the rulebook, writes through store/, and
 * records history.  Nothing here prints.
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
#include "util/err.h"
#include "util/sb.h"

/* The context of one use case: who acts, on what, judged by which rules. */
struct svc {
	struct store		*st;		/* borrowed connection */
	const struct rulebook	*rb;		/* borrowed, overrides included */
	const char		*actor;		/* "cli", a user name, ... */
	char			 today[DATE_LEN];	/* ISO; the judging date */
};

/* Fills today from the clock (Asia/Ho_Chi_Minh), or from CHIBO_TODAY if set
 * (tests and reproducible demos). */
void	svc_init(struct svc *s, struct store *st, const struct rulebook *rb,
	    const char *actor);

/* --------------------------------------------------------- rulebook */

/* The rulebook compiled into the binary (rules/vn.json): entry 0. */
#include "util/embedded.h"
extern const struct embedded_file chibo_rules_files[];

/* Parses a rulebook document.  Returns 0 or -CB_EINVAL (details in err). */
int	rules_parse(const char *json_text, struct rulebook *ret,
	    struct cb_error *err);
/* The embedded rulebook, or the file named by CHIBO_RULES if set, plus the
 * overrides stored in st. */
int	svc_rulebook_load(struct store *st, struct rulebook *ret,
	    struct cb_error *err);
/* JSON of the rules in force on date on (NULL: every version). */
json_t	*rules_to_json(const struct rulebook *rb, const char *on);
/* Records a committee override (audited as an org event). */
int	svc_rule_override(struct svc *s, struct rule_override *o,
	    struct cb_error *err);

/* -------------------------------------------------------------- orgs */

int	svc_org_create(struct svc *s, struct org *o, const char *doc_no,
	    struct cb_error *err);
int	svc_org_get(struct svc *s, int64_t id, struct org *ret,
	    struct cb_error *err);
/* Applies a JSON merge patch (name, code, valid_to, parent_id, kind) with
 * history ("renamed", "moved", "closed"). */
int	svc_org_patch(struct svc *s, int64_t id, const json_t *patch,
	    int64_t if_match, struct org *ret, struct cb_error *err);

json_t	*org_to_json(const struct org *o);
/* Reads a new organisation from JSON; unknown fields and wrong types are
 * field errors. */
int	org_from_json(const json_t *obj, struct org *o, struct cb_error *err);

/* ----------------------------------------------------------- members */

/* Validates and inserts; records "record_created" (and "admitted" when
 * admitted_on is set).  Sets m->id and version. */
int	svc_member_create(struct svc *s, struct member *m,
	    struct cb_error *err);
int	svc_member_get(struct svc *s, int64_t id, struct member *ret,
	    struct cb_error *err);
/* JSON merge patch; if_match 0 = unconditional.  Records "record_updated"
 * with the changed fields, "moved" on a change of organisation. */
int	svc_member_patch(struct svc *s, int64_t id, const json_t *patch,
	    int64_t if_match, struct member *ret, struct cb_error *err);
int	svc_member_delete(struct svc *s, int64_t id, int64_t if_match,
	    struct cb_error *err);
/*
 * Records a history event and applies its effect: made_official (status,
 * official_on), exempted (exempt_since), exemption_ended, transferred_in /
 * moved (org_id), transferred_out, died, removed, expelled, left (state).
 */
int	svc_member_event(struct svc *s, int64_t id, struct member_event *e,
	    int64_t if_match, struct member *ret, struct cb_error *err);

/* Member JSON (fields as in the API).  No secret ever appears here. */
json_t	*member_to_json(const struct member *m);
/* Applies JSON fields to m (creation: m starts empty; patch: m is the
 * stored record; null clears a field).  Unknown fields, wrong types,
 * invalid UTF-8-free-but-bad values and over-long strings are field
 * errors, all of them reported.  Text is cleaned to NFC. */
int	member_apply_json(struct member *m, const json_t *obj, bool creating,
	    struct cb_error *err);
json_t	*member_event_to_json(const struct member_event *e);

/* ------------------------------------------------------ import/export */

struct import_report {
	size_t	rows;		/* data rows read */
	size_t	created;
	size_t	updated;
	size_t	unchanged;
	bool	committed;	/* false: nothing was written */
};

/*
 * Imports members from CSV (UTF-8 with or without BOM, or Windows-1258;
 * ',' or ';'; dd/mm/yyyy or ISO dates).  All or nothing: on any bad row
 * nothing is written and err holds one field error per bad row and column.
 * Rows match existing members on citizen ID, then card number; a row equal
 * to the stored record changes nothing.  Organisations are named by
 * org_code (or org_id).  dry_run validates without writing.
 */
int	svc_import_members(struct svc *s, const char *data, size_t len,
	    bool dry_run, struct import_report *ret, struct cb_error *err);

enum export_format { EXPORT_CSV = 0, EXPORT_JSON };
/* Writes the members matching q, in q's order, into out. */
int	svc_export_members(struct svc *s, const struct member_query *q,
	    enum export_format fmt, struct sb *out, struct cb_error *err);

/* ------------------------------------------------------------- demo */

struct demo_report {
	size_t	orgs;
	size_t	members;
};
/* Builds the demo agency committee (deterministic for a seed) in an empty
 * database.  -CB_ECONFLICT if the database already holds organisations. */
int	svc_demo(struct svc *s, uint64_t seed, struct demo_report *ret,
	    struct cb_error *err);

#endif
