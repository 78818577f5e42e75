/*
 * validate.h - domain validation of members and organisations.  Pure
 * functions: every threshold arrives as data (resolved from the rulebook by
 * the caller), every error names the field, and every rule-based verdict
 * names the rule and its citation.
 */
#ifndef CHIBO_CORE_VALIDATE_H
#define CHIBO_CORE_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "core/rulebook.h"
#include "util/err.h"

/* Technical limits (not legal rules): characters per text field. */
#define VAL_NAME_MAX		120
#define VAL_TEXT_MAX		255
#define VAL_CODE_MAX		40

/* The rule values that member validation needs, resolved by svc/. */
struct member_rules {
	struct rule_ref	 min_age;		/* member.admission_age/min_months */
	int64_t		 min_age_months;
	struct rule_ref	 max_age;		/* member.admission_age/max_months */
	int64_t		 max_age_months;	/* 0: no limit */
	struct rule_ref	 probation;		/* member.probation/months */
	int64_t		 probation_months;
	struct rule_ref	 citizen_id;		/* member.citizen_id/digits */
	int64_t		 citizen_id_digits;
	struct rule_ref	 holding;		/* org.member_holding_kinds/kinds */
	const struct rule_value *holding_kinds;
	struct rule_ref	 ethnicities;		/* member.ethnicities/names */
	const struct rule_value *ethnicity_list;	/* NULL: not checked */
};

/*
 * Validates a whole member record as it would be stored.  org is the
 * member's organisation (NULL if it does not exist).  today is ISO.
 * Appends one field error per problem to err (all of them, not just the
 * first) and returns 0 or -CB_EINVAL.
 */
int	member_validate(const struct member *m, const struct member_rules *r,
	    const struct org *org, const char *today, struct cb_error *err);

/* True if s is digits only and exactly n of them. */
bool	val_digits(const char *s, int n);
/* A light check of an e-mail address (one @, a dot in the domain). */
bool	val_email(const char *s);
/* Phone: digits, spaces, '+', '.', '-'; 8 to 15 digits. */
bool	val_phone(const char *s);

/*
 * Validates an organisation as it would be stored under parent (NULL for a
 * root).  Checks kind order (a child is deeper than its parent), name and
 * code, dates.  Returns 0 or -CB_EINVAL.
 */
int	org_validate(const struct org *o, const struct org *parent,
	    struct cb_error *err);

/* True if the organisation is active on date on (ISO). */
bool	org_active_on(const struct org *o, const char *on);

#endif
