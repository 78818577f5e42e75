/*
 * programme.h - the rules of committee terms and of inspection and
 * supervision programmes (issue 14): pure checks of the structs against
 * the rulebook (inspection.forms, inspection.contents).  The scope of a
 * programme's subjects (inside the body's subtree) is the store's.
 */
#ifndef CHIBO_CORE_PROGRAMME_H
#define CHIBO_CORE_PROGRAMME_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"
#include "core/rulebook.h"
#include "util/err.h"

/* A term: both dates given (the mapper says "required"), ends_on after
 * starts_on ("date_before" on ends_on).  0 or -CB_EINVAL. */
int term_validate(const struct org_term *t, struct cb_error *err);

/* Whether terms a and b (same organisation) share a day. */
bool term_overlaps(const struct org_term *a, const struct org_term *b);

/* Whether term t is in force on day on (starts_on <= on <= ends_on). */
bool term_in_force(const struct org_term *t, const char *on);

/* A programme: its year a plausible one ("invalid_value" on year).  0 or
 * -CB_EINVAL. */
int
programme_validate(const struct inspection_programme *p, struct cb_error *err);

/*
 * An item of programme p, with its content codes (n of them, already
 * read from the JSON list): exactly one subject ("subject_one_of" on
 * subject_org_id), a form its kind allows by rule inspection.forms
 * ("form_not_allowed" on form, naming the rule), every code in the
 * catalogue inspection.contents ("unknown_content" on content_codes),
 * none twice, planned_to not before planned_from ("date_before").  The
 * rules are those in force at the end of the programme's year (or, for
 * a year before the rule, its first version); org_path (may be NULL)
 * for committee overrides.  Every problem is reported; 0 or
 * -CB_EINVAL.
 */
int programme_item_validate(const struct inspection_programme_item *it,
    const struct inspection_programme *p, const char *const *codes, size_t n,
    const struct rulebook *rb, const char *org_path, struct cb_error *err);

/* Checks one version's values of inspection.contents (rulebook_check):
 * codes, names, names_en and citations the same length, codes
 * well-formed.  0 or -CB_EINVAL ("rule_bad_value" on the rule id). */
int inspection_contents_check(const struct rule *r,
    const struct rule_version *v, struct cb_error *err);

#endif
