/* meeting-rules.c - the rulebook's judgements of cell meetings
 * (meeting-rules.h). */
#include "core/meeting-rules.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"

#include "util/banned.h"

#define VN_OFFSET_MIN (7 * 60) /* Asia/Ho_Chi_Minh, no daylight saving */

const char *const quality_band_names[QB__MAX] = { "good", "fair", "average",
	"poor" };

int
vote_kind_parse(const char *name)
{
	int k;

	for (k = 0; name != NULL && k < VOTE_KIND__MAX; k++)
		if (strcmp(name, vote_kind_names[k]) == 0)
			return k;
	return -1;
}

/* n decimal digits at s into *ret; false if any is not a digit. */
static bool
digits(const char *s, int n, int *ret)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*ret = v;
	return true;
}

int
mr_time_parse(const char *s, int64_t *ret_minutes)
{
	char day[DATE_LEN];
	struct date d;
	int hh, mm, ss, oh, om, off = VN_OFFSET_MIN;
	const char *p;

	if (s == NULL || strlen(s) < 16 || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':')
		return -CB_EINVAL;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse_iso(day, &d) != 0 || !digits(s + 11, 2, &hh) ||
	    !digits(s + 14, 2, &mm) || hh > 23 || mm > 59)
		return -CB_EINVAL;
	p = s + 16;
	if (*p == ':') {
		if (!digits(p + 1, 2, &ss) || ss > 60)
			return -CB_EINVAL;
		p += 3;
		if (*p == '.') {
			p++;
			if (!isdigit((unsigned char)*p))
				return -CB_EINVAL;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (*p == 'Z' && p[1] == '\0')
		off = 0;
	else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':' &&
	    digits(p + 1, 2, &oh) && digits(p + 4, 2, &om) && oh <= 14 &&
	    om <= 59)
		off = (*p == '-' ? -1 : 1) * (oh * 60 + om);
	else if (*p != '\0')
		return -CB_EINVAL;
	*ret_minutes = date_to_days(&d) * 1440 + hh * 60 + mm - off;
	return 0;
}

void
mr_local_date(int64_t minutes, char out[DATE_LEN])
{
	int64_t local = minutes + VN_OFFSET_MIN, days;
	struct date d;

	days = local >= 0 ? local / 1440 : -((-local + 1439) / 1440);
	d = date_from_days(days);
	date_format_iso(&d, out);
}

/* ---- Votes ---- */

int
vote_judge(const struct rulebook *rb, const struct vote_fact *v,
    struct vote_verdict *ret, struct cb_error *err)
{
	struct rule_ref ref;
	struct date d;
	char n[24];
	int bad = 0;

	memset(ret, 0, sizeof(*ret));
	if (v->n_for < 0)
		bad = cb_error_field(err, 0, "for", "vote_count_negative",
		    NULL);
	if (v->n_against < 0)
		bad = cb_error_field(err, 0, "against", "vote_count_negative",
		    NULL);
	if (v->n_abstain < 0)
		bad = cb_error_field(err, 0, "abstain", "vote_count_negative",
		    NULL);
	if (v->base <= 0)
		bad = cb_error_field(err, 0, "base", "vote_base_empty", NULL);
	else if (!bad && v->n_for + v->n_against + v->n_abstain > v->base) {
		snprintf(n, sizeof(n), "%lld", (long long)v->base);
		bad = cb_error_field(err, 0, "for", "vote_count_over_base", n);
	}
	if (date_parse_iso(v->on, &d) != 0)
		bad = cb_error_field(err, 0, "on", "invalid_date", v->on);
	if ((int)v->kind < 0 || v->kind >= VOTE_KIND__MAX)
		return cb_error_field(err, 0, "kind", "invalid_value", NULL);
	if (bad)
		return -CB_EINVAL;
	if (rulebook_lookup(rb, RULE_MEETING_VOTE, vote_kind_names[v->kind],
	        v->on, v->org_path, &ref) != 0 ||
	    ref.value->type != RV_TEXT) {
		cb_error_field(err, 0, "kind", "rule_not_in_force",
		    RULE_MEETING_VOTE);
		return -CB_EINVAL;
	}
	ret->rule_id = ref.rule_id;
	ret->citation = ref.citation;
	if (strcmp(ref.value->s, "two_thirds") == 0) {
		ret->rule = "two_thirds";
		ret->threshold = (v->base * 2 + 2) / 3; /* ceil(2/3 base) */
	} else {
		ret->rule = "more_than_half";
		ret->threshold = v->base / 2 + 1;
	}
	ret->passed = v->n_for >= ret->threshold;
	return 0;
}

/* ---- Findings ---- */

void
meeting_findings_init(struct meeting_findings *f)
{
	memset(f, 0, sizeof(*f));
}

void
meeting_findings_release(struct meeting_findings *f)
{
	free(f->items);
	memset(f, 0, sizeof(*f));
}

static int
finding_add(struct meeting_findings *f, const char *code, int64_t org_id,
    int64_t member_id, int64_t meeting_id, const char *period,
    const struct rule_ref *ref)
{
	struct meeting_finding *it;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		void *p = realloc(f->items, cap * sizeof(*f->items));

		if (p == NULL)
			return -CB_ENOMEM;
		f->items = p;
		f->cap = cap;
	}
	it = &f->items[f->n++];
	memset(it, 0, sizeof(*it));
	it->code = code;
	it->org_id = org_id;
	it->member_id = member_id;
	it->meeting_id = meeting_id;
	snprintf(it->period, sizeof(it->period), "%s", period);
	it->rule_id = ref->rule_id;
	it->citation = ref->citation;
	return 0;
}

/* The local date of minutes t in day, its year and month. */
static bool
local_ym(int64_t t, char day[DATE_LEN], int *ret_y, int *ret_m)
{
	struct date d;

	mr_local_date(t, day);
	if (date_parse_iso(day, &d) != 0)
		return false;
	*ret_y = d.y;
	*ret_m = d.m;
	return true;
}

/* A held meeting read: its start and end, in minutes, and local date. */
struct mread {
	int64_t start, end;
	char day[DATE_LEN];
	int year, month;
};

static bool
meeting_read(const struct meeting_fact *m, struct mread *r)
{
	if (!m->held || mr_time_parse(m->starts_at, &r->start) != 0 ||
	    mr_time_parse(m->ends_at, &r->end) != 0 || r->end <= r->start)
		return false;
	return local_ym(r->start, r->day, &r->year, &r->month);
}

/* The findings of one held meeting m (read as r) of the year. */
static int
meeting_judge(const struct rulebook *rb, int64_t org_id, const char *org_path,
    const struct meeting_fact *m, const struct mread *r,
    struct meeting_findings *out)
{
	struct rule_ref ref;
	char period[32];
	int64_t v, t;

	snprintf(period, sizeof(period), "%04d-%02d", r->year % 10000,
	    r->month % 100);
	if (m->kind == MF_REGULAR || m->kind == MF_THEMATIC ||
	    m->kind == MF_COMBINED) {
		if (rulebook_int(rb, RULE_MEETING_DURATION,
		        m->kind == MF_COMBINED ?
		            "min_minutes_combined" :
		            "min_minutes",
		        r->day, org_path, &v, &ref) == 0 &&
		    r->end - r->start < v &&
		    finding_add(out, "duration_short", org_id, 0, m->id,
		        period, &ref) != 0)
			return -CB_ENOMEM;
	}
	if (m->materials_latest_at[0] != '\0' &&
	    mr_time_parse(m->materials_latest_at, &t) == 0 &&
	    rulebook_int(rb, RULE_MEETING_MATERIALS, "days_before", r->day,
	        org_path, &v, &ref) == 0 &&
	    v > 0 && t > r->start - v * 1440 &&
	    finding_add(out, "materials_late", org_id, 0, m->id, period,
	        &ref) != 0)
		return -CB_ENOMEM;
	if (m->resolution_approved_at[0] != '\0' &&
	    mr_time_parse(m->resolution_approved_at, &t) == 0 &&
	    rulebook_int(rb, RULE_MEETING_RESOLUTION, "days_after", r->day,
	        org_path, &v, &ref) == 0 &&
	    t > r->end + v * 1440 &&
	    finding_add(out, "resolution_late", org_id, 0, m->id, period,
	        &ref) != 0)
		return -CB_ENOMEM;
	if (m->expected > 0 &&
	    rulebook_int(rb, RULE_MEETING_ATTENDANCE, "min_percent", r->day,
	        org_path, &v, &ref) == 0 &&
	    m->present * 100 < v * m->expected &&
	    finding_add(out, "attendance_low", org_id, 0, m->id, period,
	        &ref) != 0)
		return -CB_ENOMEM;
	return 0;
}

int
meeting_findings_year(const struct rulebook *rb, int64_t org_id,
    const char *org_path, int year, unsigned months,
    const struct meeting_fact *meetings, size_t n,
    struct meeting_findings *out)
{
	int regular[13] = { 0 }, thematic[5] = { 0 };
	struct rule_ref ref;
	struct mread r;
	char period[32], first[32];
	int64_t need;
	size_t i;
	int mo, q;

	if (year < DATE_YEAR_MIN || year > DATE_YEAR_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		const struct meeting_fact *m = &meetings[i];

		if (!meeting_read(m, &r) || r.year != year)
			continue;
		if (m->kind == MF_REGULAR || m->kind == MF_COMBINED)
			regular[r.month]++;
		if (m->kind == MF_THEMATIC || m->kind == MF_COMBINED)
			thematic[(r.month + 2) / 3]++;
		if (meeting_judge(rb, org_id, org_path, m, &r, out) != 0)
			return -CB_ENOMEM;
	}
	for (mo = 1; mo <= 12; mo++) {
		if (!(months & (1u << (mo - 1))))
			continue;
		snprintf(first, sizeof(first), "%04d-%02d-01", year, mo);
		snprintf(period, sizeof(period), "%04d-%02d", year, mo);
		if (rulebook_int(rb, RULE_MEETING_REGULAR, "per_month", first,
		        org_path, &need, &ref) == 0 &&
		    regular[mo] < need &&
		    finding_add(out, "regular_missing", org_id, 0, 0, period,
		        &ref) != 0)
			return -CB_ENOMEM;
	}
	for (q = 1; q <= 4; q++) {
		unsigned qmask = 7u << (3 * (q - 1));

		if ((months & qmask) != qmask)
			continue;
		snprintf(first, sizeof(first), "%04d-%02d-01", year,
		    3 * q - 2);
		snprintf(period, sizeof(period), "%04d-Q%d", year, q);
		if (rulebook_int(rb, RULE_MEETING_THEMATIC, "per_quarter",
		        first, org_path, &need, &ref) == 0 &&
		    thematic[q] < need &&
		    finding_add(out, "thematic_missing", org_id, 0, 0, period,
		        &ref) != 0)
			return -CB_ENOMEM;
	}
	return 0;
}

static int
by_member(const void *a, const void *b)
{
	const struct member_attendance_fact *x =
	    *(const struct member_attendance_fact *const *)a;
	const struct member_attendance_fact *y =
	    *(const struct member_attendance_fact *const *)b;

	return (x->member_id > y->member_id) - (x->member_id < y->member_id);
}

/* Whether the months (bit m-1) meet the rule: need of them in all, or
 * need in a row. */
static bool
months_reach(unsigned months, int64_t need, bool consecutive)
{
	int64_t total = 0, run = 0, best = 0;
	int mo;

	for (mo = 0; mo < 12; mo++) {
		if (months & (1u << mo)) {
			total++;
			run++;
			if (run > best)
				best = run;
		} else
			run = 0;
	}
	return (consecutive ? best : total) >= need;
}

int
meeting_absence_findings(const struct rulebook *rb, const char *org_path,
    int year, const struct member_attendance_fact *rows, size_t n,
    struct meeting_findings *out)
{
	const struct member_attendance_fact **v;
	struct rule_ref ref, cref;
	char first[32], period[32];
	int64_t need;
	bool consecutive;
	size_t i, j;
	int rc = 0;

	if (n == 0 || year < DATE_YEAR_MIN || year > DATE_YEAR_MAX)
		return 0;
	snprintf(first, sizeof(first), "%04d-01-01", year);
	snprintf(period, sizeof(period), "%04d", year);
	if (rulebook_int(rb, RULE_MEETING_ABSENCE, "months", first, org_path,
	        &need, &ref) != 0 ||
	    rulebook_lookup(rb, RULE_MEETING_ABSENCE, "counting", first,
	        org_path, &cref) != 0)
		return 0;
	consecutive = cref.value->type == RV_TEXT &&
	    strcmp(cref.value->s, "consecutive") == 0;
	if ((v = malloc(n * sizeof(*v))) == NULL)
		return -CB_ENOMEM;
	for (i = 0; i < n; i++)
		v[i] = &rows[i];
	qsort(v, n, sizeof(*v), by_member);
	for (i = 0; i < n && rc == 0; i = j) {
		unsigned months = 0;

		for (j = i; j < n && v[j]->member_id == v[i]->member_id; j++) {
			char day[DATE_LEN];
			int64_t t;
			int y, m;

			if (v[j]->status == ATTENDANCE_ABSENT_UNEXCUSED &&
			    mr_time_parse(v[j]->starts_at, &t) == 0 &&
			    local_ym(t, day, &y, &m) && y == year)
				months |= 1u << (m - 1);
		}
		if (months_reach(months, need, consecutive))
			rc = finding_add(out, "member_absent_3_months",
			    v[i]->org_id, v[i]->member_id, 0, period, &ref);
	}
	free(v);
	return rc;
}

/* ---- Meeting quality ---- */

int
meeting_quality_judge(const struct rulebook *rb, const char *on,
    const char *org_path, const struct quality_score *scores, size_t n,
    struct quality_verdict *ret, struct cb_error *err)
{
	struct rule_ref crit, maxp, ref;
	int64_t good, fair, average;
	struct date d;
	size_t i, k;
	int bad = 0;
	char range[32];

	memset(ret, 0, sizeof(*ret));
	if (on == NULL || date_parse_iso(on, &d) != 0)
		return cb_error_field(err, 0, "on", "invalid_date", on);
	if (rulebook_lookup(rb, RULE_MEETING_QUALITY, "criteria", on, org_path,
	        &crit) != 0 ||
	    rulebook_lookup(rb, RULE_MEETING_QUALITY, "max_points", on,
	        org_path, &maxp) != 0 ||
	    rulebook_int(rb, RULE_MEETING_QUALITY, "good_min", on, org_path,
	        &good, &ref) != 0 ||
	    rulebook_int(rb, RULE_MEETING_QUALITY, "fair_min", on, org_path,
	        &fair, NULL) != 0 ||
	    rulebook_int(rb, RULE_MEETING_QUALITY, "average_min", on, org_path,
	        &average, NULL) != 0)
		return cb_error_field(err, 0, "on", "rule_not_in_force",
		    RULE_MEETING_QUALITY);
	/* The schema checks each value alone; an override can still pair
	 * criteria and maxima badly or make the bands rise. */
	if (crit.value->type != RV_LIST || maxp.value->type != RV_LIST ||
	    crit.value->nitems != maxp.value->nitems ||
	    !(good > fair && fair > average))
		return cb_error_field_rule(err, 0, "on",
		    "quality_sheet_invalid", RULE_MEETING_QUALITY, ref.rule_id,
		    ref.citation);
	for (i = 0; i < n; i++) {
		const char *c = scores[i].criterion;

		for (k = 0; k < crit.value->nitems; k++)
			if (c != NULL && strcmp(c, crit.value->items[k]) == 0)
				break;
		if (k == crit.value->nitems) {
			bad = cb_error_field(err, 0, c ? c : "criterion",
			    "score_unknown_criterion", NULL);
			continue;
		}
		for (k = 0; k < i; k++)
			if (scores[k].criterion != NULL &&
			    strcmp(scores[k].criterion, c) == 0)
				break;
		if (k < i)
			bad = cb_error_field(err, 0, c, "score_twice", NULL);
	}
	for (k = 0; k < crit.value->nitems; k++) {
		const char *c = crit.value->items[k];
		int64_t max = strtoll(maxp.value->items[k], NULL, 10);

		ret->max_total += max;
		for (i = 0; i < n; i++)
			if (scores[i].criterion != NULL &&
			    strcmp(scores[i].criterion, c) == 0)
				break;
		if (i == n) {
			bad = cb_error_field(err, 0, c, "score_missing", NULL);
			continue;
		}
		if (scores[i].points < 0 || scores[i].points > max) {
			snprintf(range, sizeof(range), "0..%lld",
			    (long long)max);
			bad = cb_error_field(err, 0, c, "score_out_of_range",
			    range);
			continue;
		}
		ret->total += scores[i].points;
	}
	if (bad) {
		ret->total = 0;
		return -CB_EINVAL;
	}
	ret->band = ret->total >= good ?
	    QB_GOOD :
	    ret->total >= fair ?
	    QB_FAIR :
	    ret->total >= average ?
	    QB_AVERAGE :
	    QB_POOR;
	ret->rule_id = ref.rule_id;
	ret->citation = ref.citation;
	return 0;
}
