/*
 * meeting-report.c - the monthly upward report of meetings (báo cáo
 * tháng) for a committee's subtree as an XLSX workbook (render-xlsx.c):
 * one row per cell (and per other organisation that held meetings in
 * the month): the meetings held by kind, the attendance over the held
 * meetings (present, late included, of the members called: official,
 * probationary and transferred in, from the roll; %), and the
 * self-score of the held meetings (meeting_score; their mean, rounded,
 * when several were scored; blank when none was).  The month is the
 * calendar month in Asia/Ho_Chi_Minh.
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/export-int.h"
#include "util/date.h"

#include "util/banned.h"

static const struct xcol report_cols[] = {
	{ "Tổ chức đảng", XC_TEXT, 40 },
	{ "Mã", XC_TEXT, 12 },
	{ "Thường kỳ", XC_NUMBER, 10 },
	{ "Chuyên đề", XC_NUMBER, 10 },
	{ "Thường kỳ kết hợp chuyên đề", XC_NUMBER, 14 },
	{ "Bất thường", XC_NUMBER, 10 },
	{ "Họp chi ủy", XC_NUMBER, 10 },
	{ "Đã hủy", XC_NUMBER, 8 },
	{ "Lượt có mặt", XC_NUMBER, 11 },
	{ "Lượt triệu tập", XC_NUMBER, 12 },
	{ "Tỷ lệ có mặt (%)", XC_NUMBER, 12 },
	{ "Điểm tự chấm", XC_NUMBER, 12 },
};
#define NCOLS (sizeof(report_cols) / sizeof(report_cols[0]))

/* The month's bounds as UTC instants ("2026-03" → 2026-02-28T17:00:00Z,
 * 2026-03-31T17:00:00Z).  -1 if month is not "YYYY-MM". */
static int
month_bounds(const char *month, char from[TIMESTAMP_LEN],
    char before[TIMESTAMP_LEN])
{
	char buf[40];
	int y, m;

	if (month == NULL || strlen(month) != 7 || month[4] != '-' ||
	    sscanf(month, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12 ||
	    y < DATE_YEAR_MIN || y >= DATE_YEAR_MAX)
		return -1;
	snprintf(buf, sizeof(buf), "%04d-%02d-01T00:00+07:00", y, m);
	if (datetime_parse_iso(buf, from) != 0)
		return -1;
	snprintf(buf, sizeof(buf), "%04d-%02d-01T00:00+07:00",
	    m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
	return datetime_parse_iso(buf, before) != 0 ? -1 : 0;
}

struct org_month {
	long by_kind[MEETING_KIND__MAX];
	long cancelled, present, called;
	long scored, score_sum; /* held meetings with a self-score */
};

/* Adds meeting_id's self-score (meeting_score), if it has one, to r. */
static int
month_score(struct svc *s, int64_t meeting_id, struct org_month *r,
    struct cb_error *err)
{
	struct meeting_score sc;
	int rc;

	memset(&sc, 0, sizeof(sc));
	rc = store_score_get(s->st, meeting_id, &sc, err);
	if (rc == -CB_ENOTFOUND) {
		cb_error_release(err);
		return 0;
	}
	if (rc == 0) {
		r->scored++;
		r->score_sum += (long)sc.total;
	}
	meeting_score_release(&sc);
	return rc;
}

static int
org_month(struct svc *s, const struct org *o, const char *from,
    const char *before, struct org_month *r, struct cb_error *err)
{
	struct meeting_query q;
	struct meeting_page pg = { 0 };
	char *cursor = NULL;
	size_t i, j;
	int rc = 0;

	memset(&q, 0, sizeof(q));
	q.org_id = o->id;
	q.from = from;
	q.before = before;
	q.limit = 1000;
	do {
		q.cursor = cursor;
		if ((rc = store_meeting_list(s->st, &q, &pg, err)) != 0)
			break;
		for (i = 0; i < pg.list.n && rc == 0; i++) {
			const struct meeting *m = &pg.list.items[i];
			struct meeting_roll_counts c;

			if (m->org_id != o->id) /* a child's: its own row */
				continue;
			if (m->status == MEETING_CANCELLED) {
				r->cancelled++;
				continue;
			}
			if (m->status != MEETING_HELD)
				continue;
			r->by_kind[m->kind]++;
			if ((rc = store_meeting_roll_counts(s->st, m->id, &c,
			         err)) != 0 ||
			    (rc = month_score(s, m->id, r, err)) != 0)
				break;
			/* Called: official, probationary, transferred in
			 * (not the exempted, not those transferred out). */
			for (j = 0; j < ROLL__MAX; j++) {
				const int64_t *by = c.by[j];

				if (j != ROLL_OFFICIAL &&
				    j != ROLL_PROBATIONARY &&
				    j != ROLL_TRANSFERRED_IN)
					continue;
				r->called += by[ATTENDANCE_NONE] +
				    by[ATTENDANCE_PRESENT] +
				    by[ATTENDANCE_LATE] +
				    by[ATTENDANCE_ABSENT_EXCUSED] +
				    by[ATTENDANCE_ABSENT_UNEXCUSED];
				r->present += by[ATTENDANCE_PRESENT] +
				    by[ATTENDANCE_LATE];
			}
		}
		free(cursor);
		cursor = pg.next_cursor;
		pg.next_cursor = NULL;
		meeting_page_release(&pg);
	} while (rc == 0 && cursor != NULL);
	free(cursor);
	return rc;
}

int
svc_meeting_report(struct svc *s, int64_t org_id, const char *month,
    struct sb *out, struct cb_error *err)
{
	char from[TIMESTAMP_LEN], before[TIMESTAMP_LEN], *cursor = NULL;
	struct org_query q;
	struct org_page pg = { 0 };
	struct xlsx_sheet *x = NULL;
	size_t i;
	int rc;

	if (month_bounds(month, from, before) != 0) {
		cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
		return cb_error_field(err, 0, "month", "invalid_month",
		    month ? month : "");
	}
	if ((rc = svc_org_readable(s, org_id, err)) != 0)
		return rc;
	memset(&q, 0, sizeof(q));
	q.root_id = org_id;
	q.limit = 1000;
	if ((rc = xlsx_sheet_open(report_cols, NCOLS, &x, err)) != 0)
		return rc;
	do {
		q.cursor = cursor;
		if ((rc = svc_org_list(s, &q, &pg, err)) != 0)
			break;
		for (i = 0; i < pg.list.n && rc == 0; i++) {
			const struct org *o = &pg.list.items[i];
			struct org_month r;
			char num[NCOLS][24];
			const char *cells[NCOLS];
			long held = 0;
			size_t k;

			memset(&r, 0, sizeof(r));
			if ((rc = org_month(s, o, from, before, &r, err)) != 0)
				break;
			for (k = 1; k < MEETING_KIND__MAX; k++)
				held += r.by_kind[k];
			if (held == 0 && r.cancelled == 0 &&
			    o->kind != ORG_CELL &&
			    o->kind != ORG_GRASSROOTS_CELL)
				continue;
			cells[0] = o->name;
			cells[1] = o->code;
			for (k = 1; k < MEETING_KIND__MAX; k++) {
				snprintf(num[k + 1], sizeof(num[0]), "%ld",
				    r.by_kind[k]);
				cells[k + 1] = num[k + 1];
			}
			snprintf(num[7], sizeof(num[0]), "%ld", r.cancelled);
			snprintf(num[8], sizeof(num[0]), "%ld", r.present);
			snprintf(num[9], sizeof(num[0]), "%ld", r.called);
			snprintf(num[10], sizeof(num[0]), "%ld",
			    r.called > 0 ?
			        (r.present * 100 + r.called / 2) / r.called :
			        0);
			for (k = 7; k <= 10; k++)
				cells[k] = num[k];
			if (r.called == 0)
				cells[10] = NULL;
			/* The self-score: the held meetings' scores, their
			 * mean rounded when several; blank when none. */
			snprintf(num[11], sizeof(num[0]), "%ld",
			    r.scored > 0 ?
			        (r.score_sum + r.scored / 2) / r.scored :
			        0);
			cells[11] = r.scored > 0 ? num[11] : NULL;
			rc = xlsx_sheet_row(x, cells, err);
		}
		free(cursor);
		cursor = pg.next_cursor;
		pg.next_cursor = NULL;
		org_page_release(&pg);
	} while (rc == 0 && cursor != NULL);
	free(cursor);
	if (rc != 0) {
		xlsx_sheet_abort(x);
		return rc;
	}
	return xlsx_sheet_close(x, out, err);
}
