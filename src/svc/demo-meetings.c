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

#include "core/meeting-rules.h"
#include "core/meeting.h"
#include "core/resolution.h"
#include "util/date.h"
#include "util/hash.h"

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
	int skip_month;         /* 0..11: the month with no meeting; -1 none */
	int no_thematic_q;      /* 0..3: the quarter without one; -1 none */
	int short_month;        /* the month with a short meeting; -1 none */
	int64_t dropout;        /* the member who stopped coming; 0 none */
	int late_resolution[2]; /* months whose resolution was approved
				 * late (resolution_late); -1 none */
	int late_material;      /* the month whose material came late; -1 */
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

static const char *const speeches[] = {
	("Báo cáo kết quả thực hiện nghị quyết tháng trước, nêu những việc "
	 "đã làm được và những việc còn chậm."),
	"Đề nghị chi ủy phân công cụ thể hơn việc theo dõi quần chúng ưu tú.",
	"Nhất trí với báo cáo; cần chú ý công tác tuyên truyền trong cơ quan.",
	"Đề nghị bổ sung nội dung kiểm tra việc thực hiện nhiệm vụ chuyên môn.",
	"Thống nhất phương hướng tháng tới, đề nghị làm rõ thời hạn từng việc.",
};

static const char *const task_texts[] = {
	"Hoàn thành báo cáo sơ kết công tác của đơn vị",
	"Theo dõi, giúp đỡ quần chúng ưu tú trong diện phát triển đảng",
	"Thu đảng phí và nộp cấp trên đúng hạn",
	"Tổ chức học tập, quán triệt nghị quyết mới",
	"Kiểm tra việc chấp hành giờ giấc làm việc của đảng viên",
	"Chuẩn bị nội dung sinh hoạt chuyên đề của quý",
};

static const char *const task_results[] = {
	"Đã hoàn thành đúng hạn",
	"Đã thực hiện, đạt yêu cầu",
	"Hoàn thành, chi ủy đã kiểm tra",
};

/* "YYYY-MM-DDTHH:MM:00Z" of day d (UTC) plus days, at hour. */
static void
instant(const struct date *d, int days, int hour, char out[TIMESTAMP_LEN])
{
	struct date x = date_add_days(d, days);
	char day[DATE_LEN];

	date_format_iso(&x, day);
	memcpy(out, day, 10);
	snprintf(out + 10, TIMESTAMP_LEN - 10, "T%02u:00:00Z",
	    (unsigned)hour % 24u);
}

static char *
dupe(const char *s, int *oom)
{
	char *p = s != NULL ? strdup(s) : NULL;

	if (s != NULL && p == NULL)
		*oom = 1;
	return p;
}

/* The material of the meeting: made available 2 to 5 days before its
 * start, or (the late month) hours before. */
static int
demo_material(struct svc *s, struct gen_rng *r, int64_t meeting,
    const struct date *d, bool late, struct cb_error *err)
{
	static const char body[] =
	    "%PDF-1.4\n% Tài liệu sinh hoạt chi bộ "
	    "(dữ liệu mẫu)\n%%EOF\n";
	struct meeting_material mt;
	char at[TIMESTAMP_LEN], hex[HASH_HEX_LEN];
	int oom = 0, rc;

	memset(&mt, 0, sizeof(mt));
	if (late)
		instant(d, 0, 1, at); /* 08:00 local, six hours before */
	else
		instant(d, -2 - (int)gen_below(r, 4), 2, at);
	hash_sha256_hex(body, sizeof(body) - 1, hex);
	mt.meeting_id = meeting;
	mt.name = dupe("du-thao-nghi-quyet.pdf", &oom);
	mt.content_type = dupe("application/pdf", &oom);
	mt.size = (int64_t)(sizeof(body) - 1);
	mt.sha256 = dupe(hex, &oom);
	mt.available_at = dupe(at, &oom);
	mt.recorded_by = dupe(s->actor, &oom);
	mt.data = (unsigned char *)dupe(body, &oom);
	rc = oom ?
	    cb_error_set(err, CB_ENOMEM, NULL, NULL) :
	    store_material_insert(s->st, &mt, err);
	meeting_material_release(&mt);
	return rc;
}

/* The minutes: 2 to 4 speakers of those present, opinions and
 * conclusions; signed and locked the day after, or a draft (recent). */
static int
demo_minutes(struct svc *s, struct gen_rng *r, int64_t meeting,
    const struct date *d, const int64_t *present, size_t np, bool draft,
    struct cb_error *err)
{
	struct meeting_minutes mm;
	char at[TIMESTAMP_LEN];
	json_t *course = json_array();
	size_t i,
	    n = np < 2 ? np : 2 + gen_below(r, np < 4 ? (uint32_t)np - 1 : 3);
	int oom = course == NULL, rc;

	memset(&mm, 0, sizeof(mm));
	for (i = 0; i < n && !oom; i++)
		oom =
		    json_array_append_new(course,
		        json_pack("{s:I,s:s}", "speaker_id",
		            (json_int_t)present[i], "text",
		            speeches[(i + gen_below(r, 2)) %
		                (sizeof(speeches) / sizeof(speeches[0]))])) !=
		    0;
	mm.meeting_id = meeting;
	if (!oom && n > 0)
		oom = (mm.course = json_dumps(course, JSON_COMPACT)) == NULL;
	mm.opinions = dupe(
	    "Các ý kiến nhất trí với báo cáo của chi ủy; đề "
	    "nghị phân công rõ người, rõ việc, rõ thời hạn.",
	    &oom);
	mm.conclusions = dupe(
	    "Đồng chí chủ trì kết luận: chi bộ thống nhất "
	    "các nhiệm vụ tháng tới, giao chi ủy theo dõi "
	    "việc thực hiện.",
	    &oom);
	mm.recorded_by = dupe(s->actor, &oom);
	if (draft)
		mm.state = MINUTES_DRAFT;
	else {
		instant(d, 1, 2, at);
		mm.state = MINUTES_LOCKED;
		mm.chair_signed_at = dupe(at, &oom);
		mm.chair_signed_by = dupe(s->actor, &oom);
		mm.secretary_signed_at = dupe(at, &oom);
		mm.secretary_signed_by = dupe(s->actor, &oom);
		mm.locked_at = dupe(at, &oom);
		mm.locked_by = dupe(s->actor, &oom);
	}
	json_decref(course);
	rc = oom ?
	    cb_error_set(err, CB_ENOMEM, NULL, NULL) :
	    store_minutes_put(s->st, &mm, 0, err);
	meeting_minutes_release(&mm);
	return rc;
}

/* The resolution vote: for = the official members present minus a
 * few; *ret_for and *ret_base for the resolution's vote line. */
static int
demo_vote(struct svc *s, struct gen_rng *r, const struct rulebook *rb,
    const struct org *cell, int64_t meeting, const struct date *d,
    int64_t base, int64_t official_present, int64_t *ret_for,
    struct cb_error *err)
{
	struct meeting_vote v;
	struct vote_fact f;
	struct vote_verdict vv;
	int64_t k = (int64_t)gen_below(r, 3);
	int oom = 0, rc;

	*ret_for = -1;
	if (base <= 0)
		return 0;
	memset(&v, 0, sizeof(v));
	memset(&f, 0, sizeof(f));
	f.kind = VOTE_RESOLUTION;
	f.base = base;
	f.n_for =
	    official_present > k ? official_present - k : official_present;
	f.n_against = official_present - f.n_for > 0 ? 1 : 0;
	f.n_abstain = official_present - f.n_for - f.n_against;
	date_format_iso(d, f.on);
	f.org_path = cell->path;
	if ((rc = vote_judge(rb, &f, &vv, err)) != 0)
		return rc;
	v.meeting_id = meeting;
	v.kind = VOTE_RESOLUTION;
	v.n_for = f.n_for;
	v.n_against = f.n_against;
	v.n_abstain = f.n_abstain;
	v.base = base;
	v.threshold = vv.threshold;
	v.passed = vv.passed;
	v.subject = dupe("Thông qua nghị quyết", &oom);
	v.rule_id = dupe(vv.rule_id, &oom);
	v.citation = dupe(vv.citation, &oom);
	v.recorded_by = dupe(s->actor, &oom);
	rc = oom ?
	    cb_error_set(err, CB_ENOMEM, NULL, NULL) :
	    store_meeting_vote_insert(s->st, &v, err);
	meeting_vote_release(&v);
	if (rc == 0)
		*ret_for = f.n_for;
	return rc;
}

/* The cell's open tasks from earlier meetings: most done with a result
 * (before this meeting's draft, which carries the others on). */
static int
demo_close_tasks(struct svc *s, struct gen_rng *r, int64_t cell,
    struct cb_error *err)
{
	struct meeting_task_list l = { 0 };
	size_t i;
	int rc;

	if ((rc = store_task_list_org(s->st, cell, TASK_OPEN, 100, &l, err)) !=
	    0)
		return rc;
	for (i = 0; i < l.n && rc == 0; i++) {
		struct meeting_task *t = &l.items[i];

		if (gen_below(r, 10) < 3)
			continue; /* still open: carried on */
		t->status = TASK_DONE;
		free(t->result);
		t->result = strdup(task_results[gen_below(r,
		    sizeof(task_results) / sizeof(task_results[0]))]);
		if (t->result == NULL)
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		else
			rc = store_task_update(s->st, t, t->version, err);
	}
	meeting_task_list_release(&l);
	return rc;
}

/* The resolution: directions, 2 or 3 tasks, the vote line, approved the
 * day after (late: five days after), or a draft (recent). */
static int
demo_resolution(struct svc *s, struct gen_rng *r, const struct org *cell,
    int64_t meeting, const struct date *d, const int64_t *present, size_t np,
    int64_t vote_for, int64_t base, bool draft, bool late,
    struct cb_error *err)
{
	struct meeting_resolution res;
	char at[TIMESTAMP_LEN], due[DATE_LEN];
	bool created;
	size_t i, nt = 2 + gen_below(r, 2);
	struct date dd;
	int oom = 0, rc;

	meeting_resolution_init(&res);
	res.meeting_id = meeting;
	res.org_id = cell->id;
	res.year = d->y;
	res.results = dupe(
	    "Chi bộ đã lãnh đạo hoàn thành các nhiệm vụ "
	    "chính trị của đơn vị trong tháng.",
	    &oom);
	res.directions = dupe(
	    "Tiếp tục thực hiện tốt nhiệm vụ chuyên môn; "
	    "nâng cao chất lượng sinh hoạt chi bộ; chăm lo "
	    "công tác phát triển đảng viên.",
	    &oom);
	res.vote_for = vote_for >= 0 ? vote_for : -1;
	res.vote_total = vote_for >= 0 ? base : -1;
	res.recorded_by = dupe(s->actor, &oom);
	if (oom) {
		meeting_resolution_release(&res);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	rc = store_resolution_put(s->st, &res, 0, &created, err);
	meeting_resolution_release(&res);
	dd = date_add_days(d, 25);
	date_format_iso(&dd, due);
	for (i = 0; i < nt && rc == 0; i++) {
		struct meeting_task t;

		memset(&t, 0, sizeof(t));
		t.meeting_id = meeting;
		if (np > 0 && i + 1 < nt)
			t.assignee_id = present[(i + 1) % np];
		else
			t.assignee_text = dupe("Chi ủy", &oom);
		t.what = dupe(
		    task_texts[(gen_below(r, 6) + i) %
		        (sizeof(task_texts) / sizeof(task_texts[0]))],
		    &oom);
		snprintf(t.due_on, sizeof(t.due_on), "%s", due);
		t.recorded_by = dupe(s->actor, &oom);
		rc = oom ?
		    cb_error_set(err, CB_ENOMEM, NULL, NULL) :
		    store_task_insert(s->st, &t, err);
		meeting_task_release(&t);
	}
	if (rc != 0 || draft)
		return rc;
	instant(d, late ? 5 : 1, 3, at);
	return store_resolution_approve_at(s->st, meeting, 0, s->actor, at,
	    err);
}

/* The self-score on the rulebook's sheet (HD 42's criteria); a sheet
 * of other criteria (an override) leaves the meeting unscored. */
static int
demo_score(struct svc *s, struct gen_rng *r, const struct rulebook *rb,
    const struct org *cell, int64_t meeting, const struct date *d,
    struct cb_error *err)
{
	struct quality_score qs[] = { { "time", 5 }, { "attendance", 5 },
		{ "preparation", 8 }, { "conduct", 30 }, { "principles", 5 },
		{ "last_results", 20 }, { "closing", 5 } };
	struct cb_error local = CB_ERROR_INIT;
	struct quality_verdict qv;
	struct meeting_score sc;
	char on[DATE_LEN];
	json_t *o;
	size_t i;
	int oom = 0, rc;

	qs[1].points -= (int64_t)gen_below(r, 2);
	qs[2].points += (int64_t)gen_below(r, 3);
	qs[3].points += (int64_t)gen_below(r, 11);
	qs[5].points += (int64_t)gen_below(r, 11);
	date_format_iso(d, on);
	if (meeting_quality_judge(rb, on, cell->path, qs,
	        sizeof(qs) / sizeof(qs[0]), &qv, &local) != 0) {
		rc = local.code == CB_ENOMEM ? -CB_ENOMEM : 0;
		if (rc != 0)
			cb_error_move(err, &local);
		cb_error_release(&local);
		return rc;
	}
	memset(&sc, 0, sizeof(sc));
	if ((o = json_object()) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++)
		oom |= json_object_set_new(o, qs[i].criterion,
		           json_integer(qs[i].points)) != 0;
	sc.meeting_id = meeting;
	sc.scores =
	    oom ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	oom |= sc.scores == NULL;
	json_decref(o);
	sc.total = qv.total;
	sc.max_total = qv.max_total;
	snprintf(sc.band, sizeof(sc.band), "%s", quality_band_names[qv.band]);
	sc.rule_id = dupe(qv.rule_id, &oom);
	sc.citation = dupe(qv.citation, &oom);
	sc.recorded_by = dupe(s->actor, &oom);
	rc = oom ?
	    cb_error_set(err, CB_ENOMEM, NULL, NULL) :
	    store_score_set(s->st, &sc, err);
	meeting_score_release(&sc);
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
	int64_t *present = NULL, official_present = 0, vote_for;
	size_t i, j, np = 0;
	int rc, hh = 14 * 60 + minutes, roll;
	bool recent = month_ix >= nmonths - 2;

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
	if (onroll.n > 0 &&
	    (present = calloc(onroll.n, sizeof(*present))) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto out;
	}
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
		if (rc == 0 && roll >= 3 &&
		    !(members[i] == plan->dropout &&
		        month_ix >= nmonths - 4) &&
		    (onroll.items[j].roll == ROLL_OFFICIAL ||
		        onroll.items[j].roll == ROLL_PROBATIONARY)) {
			present[np++] = members[i];
			if (onroll.items[j].roll == ROLL_OFFICIAL)
				official_present++;
		}
	}
	/* What the meeting left behind: its material, minutes, the
	 * resolution's vote, the resolution and its tasks, the score. */
	if (rc == 0) {
		struct meeting_roll_counts rcounts;

		memset(&rcounts, 0, sizeof(rcounts));
		rc = store_meeting_roll_counts(s->st, m.id, &rcounts, err);
		if (rc == 0)
			rc = demo_material(s, r, m.id, d,
			    month_ix == plan->late_material, err);
		if (rc == 0)
			rc = demo_minutes(s, r, m.id, d, present, np, recent,
			    err);
		if (rc == 0)
			rc = demo_vote(s, r, rb, cell, m.id, d,
			    rcounts.official, official_present, &vote_for,
			    err);
		if (rc == 0)
			rc = demo_close_tasks(s, r, cell->id, err);
		if (rc == 0)
			rc = demo_resolution(s, r, cell, m.id, d, present, np,
			    vote_for, rcounts.official, recent,
			    month_ix == plan->late_resolution[0] ||
			        month_ix == plan->late_resolution[1],
			    err);
		if (rc == 0)
			rc = demo_score(s, r, rb, cell, m.id, d, err);
	}
out:
	free(present);
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
		/* A lapse or two: a resolution approved late, a material
		 * made available less than a day before. */
		plan.late_resolution[0] = gen_below(&r, 3) == 0 ?
		    lead + (int)gen_below(&r, DEMO_MEETING_MONTHS - 2) :
		    -1;
		plan.late_resolution[1] = gen_below(&r, 8) == 0 ?
		    lead + (int)gen_below(&r, DEMO_MEETING_MONTHS - 2) :
		    -1;
		plan.late_material = gen_below(&r, 4) == 0 ?
		    lead + (int)gen_below(&r, DEMO_MEETING_MONTHS) :
		    -1;
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
		/* The minutes, votes, resolutions, tasks, scores and
		 * materials are written with each meeting (hold). */
		for (k = 0; k < ny && rc == 0; k++)
			rc = svc_meeting_check_keep(s, cells[c], years[k],
			    err);
	}
	free(members);
	org_release(&o);
	return rc;
}
