/*
 * dashboard.c - the dashboard's targets and the status of a figure
 * against its target (see dashboard.h; rule dashboard.targets).
 */
#include "core/dashboard.h"

#include <string.h>

#include "util/banned.h"

const char *const dash_headline_names[DASH_HEADLINE__MAX] = {
	[DASH_CELLS_GOOD] = "cells_good_or_better",
	[DASH_MEMBERS_GOOD] = "members_good_or_better",
	[DASH_COVERAGE] = "inspection_coverage",
	[DASH_SELF] = "self_inspection",
};

const char *const dash_status_names[4] = {
	[DASH_STATUS_NONE] = "none",
	[DASH_STATUS_RED] = "red",
	[DASH_STATUS_AMBER] = "amber",
	[DASH_STATUS_GREEN] = "green",
};

static const char *const target_values[DASH_HEADLINE__MAX] = {
	[DASH_CELLS_GOOD] = "cells_good_percent",
	[DASH_MEMBERS_GOOD] = "members_good_percent",
	[DASH_COVERAGE] = "inspection_coverage_percent",
	[DASH_SELF] = "self_inspection_percent",
};

int
dash_targets_get(const struct rulebook *rb, const char *on,
    const char *org_path, struct dash_targets *ret)
{
	struct rule_ref ref;
	int64_t v;
	int h;

	memset(ret, 0, sizeof(*ret));
	ret->rule_id = RULE_DASHBOARD_TARGETS;
	for (h = 0; h < DASH_HEADLINE__MAX; h++) {
		if (rulebook_int(rb, RULE_DASHBOARD_TARGETS, target_values[h],
		        on, org_path, &v, &ref) != 0)
			return 0;
		ret->pct[h] = v;
	}
	if (rulebook_int(rb, RULE_DASHBOARD_TARGETS, "above", on, org_path, &v,
	        &ref) != 0)
		return 0;
	ret->above = v != 0;
	if (rulebook_int(rb, RULE_DASHBOARD_TARGETS, "amber_points", on,
	        org_path, &v, &ref) != 0)
		return 0;
	ret->amber_points = v;
	ret->in_force = true;
	ret->rule_id = ref.rule_id;
	ret->citation = ref.citation;
	ret->confirmed = ref.version != NULL && ref.version->confirmed;
	return 0;
}

int64_t
dash_pct10(int64_t num, int64_t den)
{
	if (den <= 0)
		return -1;
	return (num * 2000 + den) / (den * 2);
}

enum dash_status
dash_status_of(const struct dash_targets *t, enum dash_headline h, int64_t num,
    int64_t den)
{
	int64_t share, target;
	bool met;

	if (!t->in_force || den <= 0 || num < 0 || h < 0 ||
	    h >= DASH_HEADLINE__MAX)
		return DASH_STATUS_NONE;
	/* 100 * num against target * den, exactly. */
	share = num * 100;
	target = t->pct[h] * den;
	if (t->above && (h == DASH_CELLS_GOOD || h == DASH_MEMBERS_GOOD))
		met = share > target;
	else
		met = share >= target;
	if (met)
		return DASH_STATUS_GREEN;
	if (share >= (t->pct[h] - t->amber_points) * den)
		return DASH_STATUS_AMBER;
	return DASH_STATUS_RED;
}
