/*
 * reflist.h - the reference lists of the rulebook: the values a member's
 * counted text fields may take (ethnicity, general education,
 * professional level, political theory level, religion, job title).
 *
 * Each list is a rule "ref.*" of rules/vn.json whose version holds
 * "names" (the listed Vietnamese forms: what is stored and shown),
 * "aliases" ("other spelling=listed name") and, but for the ethnicities,
 * "codes" (stable ASCII keys: the figures' and the web form's) and
 * "names_en" (English labels), in the same order as "names".  Input is
 * matched to a listed name by its name, code, English name or an alias,
 * ignoring case, tone marks, đ/d, spaces, hyphens, apostrophes, commas
 * and dots.  Pure: no I/O.
 */
#ifndef CHIBO_CORE_REFLIST_H
#define CHIBO_CORE_REFLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/rulebook.h"

enum ref_list {
	REF_ETHNICITY = 0,
	REF_EDUCATION,
	REF_PROFESSIONAL,
	REF_THEORY,
	REF_RELIGION,
	REF_JOB_TITLE,
	REF__MAX
};

/* The rule id of list l ("ref.religions"), the member field it holds
 * ("religion"); NULL out of range. */
const char *ref_list_rule(enum ref_list l);
const char *ref_list_field(enum ref_list l);
/* The list a member field takes its values from, or -1. */
int ref_list_of_field(const char *field);

/* A list as in force on a date: names (never NULL once found), codes and
 * names_en (NULL for the ethnicities), aliases (may be NULL); borrowed
 * from the rulebook.  ref names the rule and its citation. */
struct ref_items {
	const struct rule_value *names;
	const struct rule_value *codes;
	const struct rule_value *names_en;
	const struct rule_value *aliases;
	struct rule_ref ref;
};
/* 0, or -CB_ENOTFOUND when no version is in force or has no names. */
int ref_list_get(const struct rulebook *rb, enum ref_list l, const char *on,
    struct ref_items *ret);

/*
 * The listed name for s in list l on date on (borrowed from rb), or NULL
 * if s matches none.  *ret_index (if not NULL) is its index in the list.
 * A listed name as written is found without folding.
 */
const char *ref_canonical(const struct rulebook *rb, enum ref_list l,
    const char *s, const char *on, size_t *ret_index);

/* The code of the listed name name in list l on date on (for the
 * ethnicities, the name itself), or NULL. */
const char *ref_code(const struct rulebook *rb, enum ref_list l,
    const char *name, const char *on);

/*
 * Checks one version's values of a "ref.*" rule: names a non-empty list;
 * codes and names_en, when present, lists of the same length; codes
 * unique, of a-z 0-9 _; every alias "x=listed name"; no two items that
 * the matching above would confuse.  Appends field errors (field: the
 * rule id) to err and returns 0 or -CB_EINVAL.
 */
struct cb_error;
int ref_list_check(const struct rule *r, const struct rule_version *v,
    struct cb_error *err);

#endif
