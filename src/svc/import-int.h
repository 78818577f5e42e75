/*
 * import-int.h - what the files of the member import share (not an API):
 * import-map.c (the header, the column plan, the one conversion of each
 * kind of cell), import-row.c (the row path), import-fast.c (the fast
 * path) and import.c (the entry points, the report).
 */
#ifndef CHIBO_SVC_IMPORT_INT_H
#define CHIBO_SVC_IMPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/field.h"
#include "svc/svc-int.h"
#include "util/date.h"
#include "util/err.h"
#include "util/sb.h"
#include "util/table.h"

/*
 * What is done with each column, decided once from the field it names:
 * the field's type in member_entity says how a cell is read, but for a
 * few fields read their own way (hooks): gender and status, also written
 * in Vietnamese ("Nam", "Dự bị"), and ethnicity, put in its listed form
 * (by the fast path; the row path leaves that to member_apply_json).
 * The column org_code, which is no field, names the organisation.
 */
enum colkind {
	K_SKIP = 0,
	K_ORG_CODE,
	K_ORG_ID,
	K_DATE,
	K_GENDER,
	K_STATUS,
	K_TEXT,
	K_ETHNICITY,
	K_LISTED /* a text of a reference list (core/reflist.h): put in
		  * its listed form by the fast path, as ethnicity */
};

struct colplan {
	enum colkind kind;
	const struct field_def *f; /* NULL: K_SKIP, K_ORG_CODE */
};

/* A citizen ID or card number met in the file, and where. */
struct file_key {
	const char *field; /* static: "citizen_id" or "card_no" */
	char *value;
	long row;
};

/* One import: the table (the row path's whole file; the fast path's header
 * row only), each column's field and plan, the report so far, and the row
 * path's keys and organisation codes. */
struct importer {
	struct svc *s;
	struct table t;
	const char **fields;  /* per column */
	struct colplan *plan; /* per column */
	size_t ncols;
	struct cb_error *err;
	size_t nerrors;
	/* Keys seen in the file, for duplicates inside it. */
	struct file_key *keys;
	size_t nkeys;
	size_t capkeys;
	/* Organisation codes already resolved. */
	char **codes;
	int64_t *code_ids;
	size_t ncodes;
	/* The rows whose change of identity the office accepts, and
	 * whether each was found to have one. */
	const long *accept;
	bool *accept_met;
	size_t naccept;
	/* Identity conflicts (value: the message's argument), reported
	 * once the file is read unless their row repeats an earlier row's
	 * key (then the file is at fault, as on the fast path); the rows
	 * that do. */
	struct file_key *conflicts;
	size_t nconflicts;
	size_t capconflicts;
	long *dups;
	size_t ndups;
	size_t capdups;
	/* The conflicts in detail (parallel to conflicts). */
	struct import_change *cdetail;
	/* What the rows do to stored members, for the check's digest:
	 * "updated LINE ID VERSION" and each change "field\told\tnew",
	 * or "unchanged LINE ID VERSION", a line each. */
	struct sb outcome;
};

/* What the check found an import does (its digest), and, when applying
 * with a token, what the token says it found. */
#define IMPORT_DIGEST_LEN 16
struct import_seal {
	char file_sha256[65]; /* hex; "" when not computed */
	bool verify;          /* a token was given: want holds */
	unsigned char want[IMPORT_DIGEST_LEN];
	unsigned char got[IMPORT_DIGEST_LEN];
};

/* Sets seal->got from what an import does: outcome (see import-row.c;
 * NULL: only members created) and the number it creates. */
void import_seal_digest(struct import_seal *seal, const char *outcome,
    size_t len, size_t created);
/* Before a commit: 0, or -CB_ECONFLICT "import_token_stale". */
int import_seal_verify(const struct import_seal *seal, struct cb_error *err);

/* --- import.c: the report */

void import_change_release(struct import_change *c);

/* Reports the verdicts in judged on a row whose cells were not all read,
 * except those on a field already reported for row line since the
 * report's entry from. */
void import_report_rest(struct importer *im, long line, size_t from,
    const struct cb_error *judged);

/* Reports a problem of row (the line) in column field; -CB_EINVAL. */
int import_row_error(struct importer *im, long row, const char *field,
    const char *code, const char *arg);
/* Reports a row with a value in a cell past the header's columns. */
void import_extra_cells(struct importer *im, const struct table_row *r);
/* Orders the report by row, keeping the order of a row's own errors. */
void import_sort_errors(struct cb_error *err);
/* The organisation an import's audit entry belongs to: the one subtree
 * the principal may import into, so that whoever reads the trail there
 * sees it (the office that made it); 0 (installation-wide: admin only)
 * for a system principal, an admin or several subtrees. */
int64_t import_audit_org(const struct svc *s);

/* err becomes "import_failed" with nerrors and the sorted rows' problems;
 * returns -CB_EINVAL. */
int import_failed(struct cb_error *err, size_t nerrors);

/* --- import-map.c: columns and cells */

/* Maps the header row to fields; reports unknown, repeated and missing
 * required columns. */
int import_map_header(struct importer *im);
/* The value of cell v (not empty) of a column planned cp, named fn; NULL
 * when it cannot be read (reported).  See import-map.c. */
const char *import_cell_value(struct importer *im, const struct colplan *cp,
    const char *fn, const char *v, long line, bool xlsx,
    char buf[DATE_LEN + 16], int64_t *ret_id);

/* --- import-row.c: the row path */

/* Imports the file row by row through the use cases, all or nothing;
 * *ret is set when the file was judged (committed or a dry run). */
int import_rows(struct svc *s, const char *file_name, const char *data,
    size_t len, const struct import_options *o, struct import_seal *seal,
    struct import_report *ret, struct cb_error *err);

/* --- import-fast.c: the fast path */

/* Whether the fast path applies: the system imports a CSV file in UTF-8
 * into a register without any member row. */
bool import_fast_applies(struct svc *s, const char *data, size_t len);
/* The fast path: 1 if it gave way to the row path (nothing done), 0 or
 * -CB_E* otherwise. */
int import_fast(struct svc *s, const char *file_name, const char *data,
    size_t len, bool dry_run, struct import_seal *seal,
    struct import_report *rep, struct cb_error *err);

#endif
