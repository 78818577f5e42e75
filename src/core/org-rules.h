/*
 * org-rules.h - the rulebook's judgements of an organisation: which
 * kinds may hold members, the Charter's minimum of official members of a
 * cell, what may change kind or close, and the warnings an organisation
 * shows.  Pure: the caller (svc/org.c) reads the organisation and its
 * counts from the store and passes them in; verdicts name the rule and
 * its citation.
 */
#ifndef CHIBO_CORE_ORG_RULES_H
#define CHIBO_CORE_ORG_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/rulebook.h"
#include "util/err.h"

/*
 * Whether organisations of kind k may hold members on date on (ISO) in
 * the subtree at org_path (NULL: no override applies), by rule
 * org.member_holding_kinds: 1 yes, 0 no, -CB_ENOTFOUND when no version
 * of the rule is in force.  *ret_ref (may be NULL) is the rule.
 */
int org_kind_holds_members(const struct rulebook *rb, enum org_kind k,
    const char *on, const char *org_path, struct rule_ref *ret_ref);

/*
 * Whether o is a cell (a cell or a grassroots cell) open on date on with
 * fewer official members (official: in its whole subtree) than rule
 * org.cell_min_official requires there.  When it is, *ret_min is the
 * minimum and *ret_ref the rule.  No rule in force: false.
 */
bool org_cell_below_min(const struct rulebook *rb, const struct org *o,
    int64_t official, const char *on, int64_t *ret_min,
    struct rule_ref *ret_ref);

/*
 * Whether an organisation at org_path that holds direct members directly
 * may take kind to on date on (rb NULL: the rules could not be read, so
 * it may not).  Returns 0, or -CB_EINVAL with a field error on "kind",
 * "org_has_members" (the number as argument).
 */
int org_kind_change_check(const struct rulebook *rb, enum org_kind to,
    int64_t direct, const char *on, const char *org_path,
    struct cb_error *err);

/*
 * Whether an organisation with members (in its whole subtree) and open
 * children may close: 0, or -CB_EINVAL with a field error on
 * "valid_to", "org_has_members" or else "org_has_children" (the number
 * as argument).
 */
int org_close_check(int64_t members, int64_t children, struct cb_error *err);

/* A warning about an organisation judged by the rulebook. */
struct org_warning {
	const char *code;     /* "cell_below_min_official" */
	int64_t min;          /* the rule's minimum */
	const char *rule_id;  /* borrowed from the rulebook */
	const char *citation; /* borrowed; may be NULL */
};

#define ORG_WARNINGS_MAX 4
struct org_warnings {
	struct org_warning items[ORG_WARNINGS_MAX];
	size_t n;
};

/*
 * The warnings about organisation o on date on, given the official
 * members of its subtree: a cell below the Charter's minimum of official
 * members (org_cell_below_min).  rb NULL: none.  The strings borrow from
 * rb.
 */
void org_warnings(const struct rulebook *rb, const struct org *o,
    int64_t official, const char *on, struct org_warnings *ret);

/*
 * Checks an officer's term o (its member m on the rolls, member_path the
 * path of m's organisation) in the organisation at org_path, against the
 * terms the organisation already has (others, n) and today (ISO): the
 * start not after today, the end (if any) not before the start, the
 * member on the rolls and in the organisation's subtree, not the same
 * member in the same position over an overlapping period.  Every problem
 * is a field error in err; returns 0 or -CB_EINVAL.
 */
int org_officer_check(const struct org_officer *o, const char *org_path,
    const struct member *m, const char *member_path,
    const struct org_officer *others, size_t n, const char *today,
    struct cb_error *err);

#endif
