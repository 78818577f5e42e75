/*
 * demo-meetings.c - the demo's cell meetings (issue 13): 12 past months of
 * meetings for every cell, relative to today (s->today), drawn from the
 * demo's seed, with attendance and realistic lapses so that the meetings
 * check and the heat map show something true:
 *
 * - a regular meeting early each month, the third month of each quarter a
 *   combined (regular + thematic) one;
 * - about one cell in three skips a month; one in four holds no
 *   thematic meeting in one quarter (a plain regular one instead); one in
 *   five has a meeting shorter than the rule's minimum; one in four has
 *   a member who stopped coming (absent without reason for the last
 *   four months).
 *
 * Months before the twelve, back to January of the first one's year
 * (and not before the cell existed), are filled the same way, so that a
 * whole year's check finds only the lapses.  Each meeting is judged by core (meeting_validate) and written by the
 * store; the kept check of each cell and year is computed once at the
 * end (svc_meeting_check_keep), not after each of the ~6 000 writes, so
 * the demo stays fast.  The audit trail does not list the demo's
 * meetings (as it does not list a bulk load's rows).
 */
#include "svc/svc-int.h"
#include "svc/gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/meeting.h"
#include "util/date.h"

#include "util/banned.h"

#define DEMO_MEETING_MONTHS 12

static const char *const topics[] = {
	"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
	"Nâng cao chất lượng sinh hoạt chi bộ",
	"Công tác dân tộc và chính sách dân tộc",
	"Phòng, chống tham nhũng, tiêu cực",
	"Chuyển đổi số trong cơ quan",
	"Thực hành tiết kiệm, chống lãng phí",
};

static const char *const excuses[] = {
	"Đi công tác",
	"Ốm, có giấy của cơ sở y tế",
	"Việc gia đình",
	"Đi học tập trung",
};

struct cell_plan {
	int skip_month;    /* 0..11: the month with no meeting; -1 none */
	int no_thematic_q; /* 0..3: the quarter without one; -1 none */
	int short_month;   /* the month with a short meeting; -1 none */
	int64_t dropout;   /* the member who stopped coming; 0 none */
};

/* The members of cell, whose attendance each meeting records: all are on
 * the meeting's roll, which store_meeting_insert snapshots (official,
 * probationary, exempted members...), so the check's expected and present
 * come from the roll. */
static int
cell_members(struct svc *s, int64_t cell, int64_t **ret, size_t *ret_n,
    struct cb_error *err)
{
	struct member_query q;
	struct member_page p;
	int64_t *ids = NULL;
	size_t i;
	int rc;

	memset(&q, 0, sizeof(q));
	memset(&p, 0, sizeof(p));
	q.org_id = cell;
	q.state = MSTATE_ACTIVE;
	q.limit = 1000;
	q.no_total = true;
	*ret = NULL;
	*ret_n = 0;
	if ((rc = store_member_list(s->st, &q, &p, err)) != 0)
		return rc;
	if (p.n > 0 && (ids = calloc(p.n, sizeof(*ids))) == NULL) {
		member_page_release(&p);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	for (i = 0; i < p.n; i++)
		ids[i] = p.items[i].id;
	*ret = ids;
	*ret_n = p.n;
	member_page_release(&p);
	return 0;
}

static int
add_attendance(struct svc *s, int64_t meeting, int64_t member,
    enum attendance_status st, const char *reason, struct cb_error *err)
{
	struct meeting_attendance a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.meeting_id = meeting;
	a.member_id = member;
	a.status = st;
	if ((reason != NULL && (a.reason = strdup(reason)) == NULL) ||
	    (a.recorded_by = strdup(s->actor)) == NULL)
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
	else
		rc = store_meeting_attendance_set(s->st, &a, err);
	meeting_attendance_release(&a);
	return rc;
}

/* One held meeting of cell on day d (local), minutes long, and its
 * attendance; *ret_n counts it. */
static int
hold(struct svc *s, struct gen_rng *r, const struct org *cell,
    const struct cell_plan *plan, int month_ix, int nmonths,
    const struct date *d, enum meeting_kind kind, int minutes,
    const int64_t *members, size_t nm, size_t *ret_n, struct cb_error *err)
{
	const struct rulebook *rb = svc_rules(s, err);
	char at[64], end[64];
	struct meeting_attendance_list onroll = { 0 };
	struct meeting m;
	size_t i, j;
	int rc, hh = 14 * 60 + minutes, roll;

	if (rb == NULL)
		return -CB_ENOMEM;
	memset(&m, 0, sizeof(m));
	m.org_id = cell->id;
	m.kind = kind;
	m.status = MEETING_HELD;
	snprintf(at, sizeof(at), "%04d-%02d-%02dT07:00:00Z", d->y % 10000,
	    d->m % 100, d->d % 100);
	snprintf(end, sizeof(end), "%04d-%02d-%02dT%02d:%02d:00Z",
	    d->y % 10000, d->m % 100, d->d % 100, (hh - 7 * 60) / 60 % 100,
	    (hh - 7 * 60) % 60);
	if ((m.starts_at = strdup(at)) == NULL ||
	    (m.ends_at = strdup(end)) == NULL ||
	    (m.place = strdup("Phòng họp cơ quan")) == NULL ||
	    (m.recorded_by = strdup(s->actor)) == NULL ||
	    (kind != MEETING_REGULAR &&
	        (m.topic = strdup(topics[gen_below(r,
	             sizeof(topics) / sizeof(topics[0]))])) == NULL)) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto out;
	}
	if (nm > 0)
		m.chair_id = members[0];
	if (nm > 1)
		m.secretary_id = members[1];
	if ((rc = meeting_validate(&m, rb, cell, err)) != 0 ||
	    (rc = store_meeting_insert(s->st, &m, err)) != 0)
		goto out;
	(*ret_n)++;
	/* The attendance of those on the meeting's roll (the store took it
	 * when the meeting was inserted: members admitted later are not). */
	if ((rc = store_meeting_attendance(s->st, m.id, &onroll, err)) != 0)
		goto out;
	for (j = 0; j < onroll.n && rc == 0; j++) {
		i = 0;
		while (i < nm && members[i] != onroll.items[j].member_id)
			i++;
		if (i == nm)
			continue;
		roll = (int)gen_below(r, 100);
		if (members[i] == plan->dropout && month_ix >= nmonths - 4)
			rc = add_attendance(s, m.id, members[i],
			    ATTENDANCE_ABSENT_UNEXCUSED, NULL, err);
		else if (roll < 3)
			rc = add_attendance(s, m.id, members[i],
			    ATTENDANCE_ABSENT_EXCUSED,
			    excuses[gen_below(r,
			        sizeof(excuses) / sizeof(excuses[0]))],
			    err);
		else if (roll < 6)
			rc = add_attendance(s, m.id, members[i],
			    ATTENDANCE_LATE, NULL, err);
		else
			rc = add_attendance(s, m.id, members[i],
			    ATTENDANCE_PRESENT, NULL, err);
	}
out:
	meeting_attendance_list_release(&onroll);
	meeting_release(&m);
	return rc;
}

int
svc_demo_meetings(struct svc *s, uint64_t seed, const int64_t *cells,
    size_t ncells, size_t *ret_meetings, struct cb_error *err)
{
	struct date today, first, d;
	struct gen_rng r;
	struct cell_plan plan;
	int64_t *members = NULL;
	struct org o;
	size_t c, nm = 0;
	int k, rc = 0, years[2], ny, nmonths, lead;

	*ret_meetings = 0;
	if (date_parse_iso(s->today, &today) != 0)
		return cb_error_set(err, CB_EINVAL, "invalid_date", s->today);
	today.d = 1;
	first = date_add_months(&today, -DEMO_MEETING_MONTHS);
	years[0] = first.y;
	years[1] = date_add_months(&today, -1).y;
	ny = years[1] != years[0] ? 2 : 1;
	/* The first year's earlier months too, so that the check of a
	 * whole year does not find months nobody recorded (those before
	 * the cell existed are skipped below). */
	lead = first.m - 1;
	first.m = 1;
	nmonths = DEMO_MEETING_MONTHS + lead;
	org_init(&o);
	for (c = 0; c < ncells && rc == 0; c++) {
		gen_rng_derive(&r, seed, "meetings", (uint64_t)cells[c]);
		org_release(&o);
		org_init(&o);
		free(members);
		members = NULL;
		if ((rc = store_org_get(s->st, cells[c], &o, err)) != 0 ||
		    (rc = cell_members(s, cells[c], &members, &nm, err)) != 0)
			break;
		plan.skip_month = gen_below(&r, 3) == 0 ?
		    lead + (int)gen_below(&r, DEMO_MEETING_MONTHS) :
		    -1;
		plan.no_thematic_q =
		    gen_below(&r, 4) == 0 ? (int)gen_below(&r, 4) : -1;
		plan.short_month = gen_below(&r, 5) == 0 ?
		    lead + (int)gen_below(&r, DEMO_MEETING_MONTHS) :
		    -1;
		plan.dropout = nm > 3 && gen_below(&r, 4) == 0 ?
		    members[2 + gen_below(&r, (uint32_t)(nm - 2))] :
		    0;
		for (k = 0; k < nmonths && rc == 0; k++) {
			struct date mo = date_add_months(&first, k);
			bool third = mo.m % 3 == 0;
			bool thematic = third &&
			    plan.no_thematic_q != (mo.m - 1) / 3;
			int minutes = thematic ? 150 : 120;

			if (k == plan.skip_month && !third)
				continue;
			if (k == plan.short_month)
				minutes = 75;
			d = mo;
			d.d = 3 + (int)gen_below(&r, 10);
			/* Meetings before the cell existed are not held. */
			{
				char iso[32];

				snprintf(iso, sizeof(iso), "%04d-%02d-%02d",
				    d.y % 10000, d.m % 100, d.d % 100);
				if (strcmp(iso, o.valid_from) < 0)
					continue;
			}
			rc = hold(s, &r, &o, &plan, k, nmonths, &d,
			    thematic ? MEETING_COMBINED : MEETING_REGULAR,
			    minutes, members, nm, ret_meetings, err);
		}
		/* Hook (issue 13): the demo's minutes, votes, resolutions and
		 * tasks of these meetings are added here on merge. */
		for (k = 0; k < ny && rc == 0; k++)
			rc = svc_meeting_check_keep(s, cells[c], years[k],
			    err);
	}
	free(members);
	org_release(&o);
	return rc;
}
