/*
 * dashboard.h - the dashboard's judgements (issue 15): the Resolution's
 * targets (rule dashboard.targets in rules/vn.json, a committee's
 * override changing them) and the status of a figure against its target
 * (red / amber / green).  Pure: svc reads the kept figures and asks.
 */
#ifndef CHIBO_CORE_DASHBOARD_H
#define CHIBO_CORE_DASHBOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/rulebook.h"

#define RULE_DASHBOARD_TARGETS "dashboard.targets"

/* The four headline figures, in the order of the JSON. */
enum dash_headline {
	DASH_CELLS_GOOD = 0, /* cells_good_or_better_pct */
	DASH_MEMBERS_GOOD,   /* members_good_or_better_pct */
	DASH_COVERAGE,       /* inspection_coverage_pct */
	DASH_SELF,           /* self_inspection_pct */
	DASH_HEADLINE__MAX
};
/* "cells_good_or_better" ... (the JSON keys without "_pct"). */
extern const char *const dash_headline_names[DASH_HEADLINE__MAX];

enum dash_status {
	DASH_STATUS_NONE = 0, /* no figure (nothing counted), or no target */
	DASH_STATUS_RED,
	DASH_STATUS_AMBER,
	DASH_STATUS_GREEN,
};
extern const char *const dash_status_names[4]; /* "none", "red", ... */

struct dash_targets {
	bool in_force;                   /* false: no version on the date */
	int64_t pct[DASH_HEADLINE__MAX]; /* the target percentages */
	bool above; /* cells and members: strictly above */
	int64_t amber_points;
	const char *rule_id;  /* borrowed from the rulebook */
	const char *citation; /* borrowed; may be NULL */
	bool confirmed;
};

/* The targets in force on `on` for the organisation at org_path (its
 * committee's overrides apply).  Returns 0 (ret->in_force false when
 * the rule has no version then). */
int dash_targets_get(const struct rulebook *rb, const char *on,
    const char *org_path, struct dash_targets *ret);

/* A share in tenths of a percent, rounded half up: num * 1000 / den;
 * -1 when den is 0 (nothing counted). */
int64_t dash_pct10(int64_t num, int64_t den);

/* The status of figure h, the share num / den (den 0: none), against t,
 * judged on the exact fraction, not the rounded percentage: green when
 * it meets the target (above it when t->above, for the cells and
 * members; at least it for the inspection figures), amber when it is
 * below by at most amber_points, red further below. */
enum dash_status dash_status_of(const struct dash_targets *t,
    enum dash_headline h, int64_t num, int64_t den);

#endif
