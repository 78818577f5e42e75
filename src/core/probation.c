/*
 * probation.c - the end of a member's probation against today and the
 * notice window (probation.h).
 */
#include "core/probation.h"

#include <string.h>

#include "core/validate.h"

#include "util/banned.h"

int
probation_notice_days(const struct rulebook *rb, const char *today,
    const char *org_path, int64_t *ret_days, struct rule_ref *ret_ref)
{
	int rc;

	if ((rc = rulebook_int(rb, RULE_PROBATION_NOTICE, "days", today,
	         org_path, ret_days, ret_ref)) != 0)
		return rc;
	if (*ret_days < 1 || *ret_days > 366)
		return -CB_EINVAL;
	return 0;
}

int
probation_judge(const struct member *m, const struct rulebook *rb,
    const char *org_path, const char *today, int64_t notice_days,
    struct probation_verdict *ret)
{
	struct date t, e;
	int rc;

	memset(ret, 0, sizeof(*ret));
	if (m->status != MSTATUS_PROBATIONARY || m->state != MSTATE_ACTIVE ||
	    m->admitted_on[0] == '\0' || date_parse_iso(today, &t) != 0)
		return 0;
	if ((rc = member_official_date(rb, m->admitted_on, org_path,
	         ret->ends_on, &ret->rule)) != 0) {
		ret->ends_on[0] = '\0';
		return rc == -CB_EINVAL ? 0 : rc;
	}
	if (date_parse_iso(ret->ends_on, &e) != 0)
		return 0;
	ret->days = date_to_days(&e) - date_to_days(&t);
	ret->state = ret->days < 0 ?
	    PROBATION_OVERDUE :
	    ret->days <= notice_days ?
	    PROBATION_DUE :
	    PROBATION_RUNNING;
	return 0;
}
