/*
 * rulebook.h - the versioned rulebook: every threshold, deadline and rate
 * chibo judges by, with its effective dates and its legal citation.
 *
 * The rulebook is data (rules/vn.json, embedded in the binary; loaded by
 * svc/rules.c).  This module only holds it and answers "which value is in
 * force on this date for this organisation", applying committee overrides
 * for a subtree (deepest organisation wins).  Pure: no I/O.
 */
#ifndef CHIBO_CORE_RULEBOOK_H
#define CHIBO_CORE_RULEBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/date.h"

enum rule_value_type { RV_INT = 0, RV_TEXT, RV_LIST };

struct rule_value {
	char *name; /* "min_months" */
	enum rule_value_type type;
	int64_t i;    /* RV_INT */
	char *s;      /* RV_TEXT */
	char **items; /* RV_LIST */
	size_t nitems;
};
void rule_value_release(struct rule_value *v);
int rule_value_copy(struct rule_value *dst, const struct rule_value *src);

struct rule_version {
	char from[DATE_LEN]; /* effective_from, inclusive */
	char to[DATE_LEN];   /* effective_to, inclusive; "" open */
	struct rule_value *values;
	size_t nvalues;
	char *doc;      /* "294-QĐ/TW" */
	char *doc_date; /* ISO date of the document */
	char *article;  /* "Điểm 1.1" */
	char *
	    citation; /* preformatted, e.g. "294-QĐ/TW (26/05/2025), Điểm 1.1" */
	bool confirmed; /* false: UNCONFIRMED in the digest */
	char *note;     /* why this default, if unconfirmed */
};

/*
 * The declared type and range of one value of a rule (the rule's "schema"
 * in the rulebook file, docs/rules.md).  Every value of every version and
 * every committee override is checked against it.
 */
enum rule_schema_type { RS_INT = 0, RS_STRING, RS_ENUM, RS_LIST };

struct rule_schema_scalar {
	enum rule_schema_type type; /* RS_INT, RS_STRING or RS_ENUM */
	int64_t min, max;           /* RS_INT: inclusive */
	size_t min_len, max_len;    /* RS_STRING: in bytes */
	char **values;              /* RS_ENUM: the allowed values */
	size_t nvalues;
	char *unit; /* "month", "day", ... or NULL */
};

struct rule_schema {
	char *name;                  /* the value's name, "months" */
	enum rule_schema_type type;  /* RS_LIST: a list of item */
	struct rule_schema_scalar s; /* the value itself, or each item */
	size_t min_items, max_items; /* RS_LIST */
	bool unique;                 /* RS_LIST: no item twice */
	bool ascending;              /* RS_LIST of RS_INT: strictly rising */
	bool zero_ok;   /* RS_INT: 0 is allowed as "none" ("zero") */
	char *at_least; /* RS_INT: not below this other value (but 0 when
			   * zero_ok) */
};
void rule_schema_release(struct rule_schema *sc);

struct rule {
	char *id; /* stable, "member.admission_age" */
	char *title_vi;
	char *title_en;
	struct rule_version *versions;
	size_t nversions;
	struct rule_schema *schema; /* one per value name */
	size_t nschema;
};

/* A committee's override of one value for its subtree. */
struct rule_override {
	int64_t id;
	char *rule_id;
	char *value_name;
	struct rule_value value;
	int64_t org_id;
	char *org_path; /* "/1/5/" of org_id */
	char from[DATE_LEN];
	char to[DATE_LEN]; /* "" open */
	char *doc_no;      /* the committee's decision */
	char *recorded_by;
	char *recorded_at;
	bool ignored; /* breaks the rule's schema (stored before the check):
		       * not applied; see rulebook_overrides_screen */
};

struct rulebook {
	bool borrowed; /* rules belong to another rulebook:
			* rulebook_release frees only the
			* overrides (see rulebook_view) */
	char *name;    /* "vn" */
	char *version; /* rulebook file version */
	struct rule *rules;
	size_t nrules;
	struct rule_override *overrides;
	size_t noverrides;
};

/* What a lookup answers: the value and where it comes from. */
struct rule_ref {
	const char *rule_id;
	const struct rule_version *version;   /* the version in force */
	const struct rule_override *override; /* or NULL */
	const struct rule_value *value;
	const char *citation; /* version's citation */
};

void rulebook_init(struct rulebook *rb);
/* Makes view share base's rules (borrowed: base must outlive view) with no
 * overrides of its own; add them with rulebook_add_override. */
void rulebook_view(struct rulebook *view, const struct rulebook *base);
void rulebook_release(struct rulebook *rb);
void rule_override_release(struct rule_override *o);

const struct rule *rulebook_find(const struct rulebook *rb, const char *id);

/* The version in force on date on ("YYYY-MM-DD"), or NULL. */
const struct rule_version *
rule_version_on(const struct rule *r, const char *on);

/*
 * Resolves value_name of rule_id on date on for the organisation whose
 * materialised path is org_path (NULL: no overrides apply).  Returns 0 and
 * fills *ret, or -CB_ENOTFOUND when no version is in force or the value is
 * missing.
 */
int rulebook_lookup(const struct rulebook *rb, const char *rule_id,
    const char *value_name, const char *on, const char *org_path,
    struct rule_ref *ret);

/* Convenience: an RV_INT value, or -CB_ENOTFOUND / -CB_EINVAL (not an int). */
int rulebook_int(const struct rulebook *rb, const char *rule_id,
    const char *value_name, const char *on, const char *org_path, int64_t *ret,
    struct rule_ref *ret_ref);

/* True if item is one of the items of an RV_LIST (or equals an RV_TEXT). */
bool rule_value_has(const struct rule_value *v, const char *item);
/* The RV_LIST value value_name of rule rule_id in force on day on for
 * org_path (overrides included); for a day before the rule, its first
 * version's (a record dated before the rule is judged by it).  NULL when
 * there is none; *ret_citation: that version's citation. */
const struct rule_value *rulebook_list_or_first(const struct rulebook *rb,
    const char *rule_id, const char *value_name, const char *on,
    const char *org_path, const char **ret_citation);

/* Appends a copy of o to rb->overrides.  Returns 0 or -CB_ENOMEM. */
int rulebook_add_override(struct rulebook *rb, const struct rule_override *o);

/* The value named name in version v, or NULL. */
const struct rule_value *
rule_version_value(const struct rule_version *v, const char *name);

struct cb_error;

/* The schema of value name of rule r, or NULL. */
const struct rule_schema *
rule_schema_find(const struct rule *r, const char *name);

/*
 * Checks value v against its schema sc: type, range, items.  Field errors
 * go to err under the name field, with the value given; sibling is the
 * version's value sc->at_least names (NULL: that check is skipped).
 * Returns 0 or -CB_EINVAL.
 */
int rule_value_check(const struct rule_schema *sc, const struct rule_value *v,
    const struct rule_value *sibling, const char *field, struct cb_error *err);

/*
 * Checks an override's value against the schema of its rule: the field of
 * the errors is the value's name.  A value the rule does not declare is
 * "invalid_value" on value_name.  Returns 0 or -CB_EINVAL.
 */
int rulebook_override_check(const struct rulebook *rb,
    const struct rule_override *o, struct cb_error *err);

/*
 * Marks ignored the overrides of rb that break their rule's schema (stored
 * before values were checked), so that lookups skip them; each is reported
 * in err (field "override <id>", the value's error).  Returns how many.
 */
size_t rulebook_overrides_screen(struct rulebook *rb, struct cb_error *err);

/* Checks the rulebook for consistency (ids unique, versions ordered and not
 * overlapping, dates valid, every value declared by the rule's schema and
 * within it: an error's field is "rule@from.value").  Returns 0 or -CB_EINVAL with details in err. */
int rulebook_check(const struct rulebook *rb, struct cb_error *err);

#endif
