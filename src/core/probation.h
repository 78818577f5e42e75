/*
 * probation.h - which probationary members reach the end of their
 * probation soon, and which are past it without a decision.  Pure: the
 * caller (svc/probation.c) reads the members and their organisations'
 * paths; the period (member.probation) and the notice window
 * (member.probation_notice) are the rulebook's.
 */
#ifndef CHIBO_CORE_PROBATION_H
#define CHIBO_CORE_PROBATION_H

#include <stdint.h>

#include "core/model.h"
#include "core/rulebook.h"
#include "util/date.h"
#include "util/err.h"

#define RULE_PROBATION_NOTICE "member.probation_notice"

enum probation_state {
	PROBATION_NONE = 0, /* not probationary, off the rolls, no date */
	PROBATION_RUNNING,  /* ends after the notice window */
	PROBATION_DUE,      /* ends today or within the window */
	PROBATION_OVERDUE,  /* ended before today, still probationary */
};

struct probation_verdict {
	enum probation_state state;
	char ends_on[DATE_LEN]; /* ISO: the day the member becomes official */
	int64_t days;           /* ends_on - today (negative: past) */
	struct rule_ref rule;   /* member.probation, as applied */
};

/* The notice window in days in force on today for the organisation at
 * org_path (NULL: no overrides), with its rule.  -CB_ENOTFOUND without
 * one, -CB_EINVAL when it is not an integer from 1 to 366. */
int probation_notice_days(const struct rulebook *rb, const char *today,
    const char *org_path, int64_t *ret_days, struct rule_ref *ret_ref);

/*
 * Judges member m (its organisation at org_path) on today with a notice
 * window of notice_days.  Only an active probationary member with an
 * admission date is judged; any other gets PROBATION_NONE and 0.
 * -CB_ENOTFOUND when the probation rule is not in force on the admission
 * date.
 */
int probation_judge(const struct member *m, const struct rulebook *rb,
    const char *org_path, const char *today, int64_t notice_days,
    struct probation_verdict *ret);

#endif
