/*
 * validate.h - domain validation of members and organisations.  Pure
 * functions: every threshold comes from the rulebook (the version in force
 * on the date being judged, with the committee overrides that apply to the
 * organisation), every error names the field, and every rule-based verdict
 * names the rule and its citation.
 */
#ifndef CHIBO_CORE_VALIDATE_H
#define CHIBO_CORE_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "core/rulebook.h"
#include "util/err.h"

/* Technical limits (not legal rules), in characters. */
#define VAL_NAME_MAX 120       /* a person's full name */
#define VAL_ORG_NAME_MAX 200   /* an organisation's name */
#define VAL_TEXT_MAX 255       /* other free text fields */
#define VAL_CODE_MAX 40        /* codes, card and dossier numbers */
#define VAL_DOC_MAX 80         /* a document number, "123-QĐ/ĐU" */
#define VAL_LONG_TEXT_MAX 4000 /* a meeting's agenda, its guests */

/* Rule ids used here (rules/vn.json). */
#define RULE_ADMISSION_AGE "member.admission_age"
#define RULE_PROBATION "member.probation"
#define RULE_CITIZEN_ID "member.citizen_id"
#define RULE_HOLDING_KINDS "org.member_holding_kinds"
#define RULE_ETHNICITIES "ref.ethnicities"
#define RULE_CELL_MIN_OFFICIAL "org.cell_min_official"

/*
 * Validates a whole member record as it would be stored.  org is the
 * member's organisation (NULL if it does not exist); its path selects the
 * committee overrides.  today is ISO.  Appends one field error per problem
 * to err (all of them, not only the first) and returns 0 or -CB_EINVAL.
 * Rules are taken in the version in force on the date they judge: the
 * admission age on the admission decision date (the ceremony date when
 * there is none), the probation on the admission date.
 */
int member_validate(const struct member *m, const struct rulebook *rb,
    const struct org *org, const char *today, struct cb_error *err);

/*
 * The listed name of an ethnic group for s (a listed name or an alias,
 * compared ignoring case, tone marks, hyphens, apostrophes and spaces), or
 * NULL if s is none of them.  The pointer borrows from rb.
 */
const char *
ethnicity_canonical(const struct rulebook *rb, const char *s, const char *on);

/*
 * After member_validate of an edited record: an error that judges two
 * fields together (the age at admission: the birth date and the admission
 * date; one date before another) is moved onto the field that was edited
 * when the field it names was not, so that it lands where the person
 * typed (an age error on the birth date when the birth date changed).
 * date_before / date_after are turned round as they move.  Returns 0 or
 * -CB_ENOMEM.
 */
int member_errors_follow_edit(struct cb_error *err,
    const struct member *before, const struct member *after);

/* The official date a probation starting on admitted_on ends (ISO in out),
 * with the rule that says so in *ret_ref.  -CB_ENOTFOUND without a rule. */
int member_official_date(const struct rulebook *rb, const char *admitted_on,
    const char *org_path, char out[DATE_LEN], struct rule_ref *ret_ref);

/* True if s is digits only and exactly n of them. */
bool val_digits(const char *s, int n);
/* A light check of an e-mail address (one @, a dot in the domain, no
 * spaces). */
bool val_email(const char *s);
/* Phone: digits, spaces, '+', '.', '-', '(' and ')'; 8 to 15 digits. */
bool val_phone(const char *s);
/* A code: 1..VAL_CODE_MAX of A-Z a-z 0-9 . _ - / */
bool val_code(const char *s);

/*
 * Validates an organisation as it would be stored under parent (NULL for a
 * root).  Checks kind order (org_kind_child_ok), name, code and dates.
 * Returns 0 or -CB_EINVAL with every problem in err.
 */
int org_validate(const struct org *o, const struct org *parent,
    struct cb_error *err);

/* True if the organisation is open on date on (ISO): valid_from <= on and
 * no valid_to, or on <= valid_to. */
bool org_active_on(const struct org *o, const char *on);

#endif
