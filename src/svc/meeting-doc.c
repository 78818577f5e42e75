/*
 * meeting-doc.c - a meeting's minutes and resolution as Party documents
 * (party-doc.h), in the structure of the templates of
 * ../shared/domain/rules.md, "Additions" A.2.  chibo fills what it knows:
 * the header (the parent committee and the cell), the title with the
 * month, the time and place, chair, secretary, guests, agenda and the
 * roll-call counts and names; the texts the secretary writes (the course
 * of the meeting, opinions, conclusions; the resolution's sections) come
 * in struct meeting_doc_text, and each one missing is a place marked to
 * be written by hand.
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/party-doc.h"
#include "util/date.h"

#include "util/banned.h"

/* A UTC instant "YYYY-MM-DDTHH:MM:SSZ" in Asia/Ho_Chi_Minh (UTC+7, no
 * daylight saving): its date, hour and minute.  -1 if not an instant. */
static int
local_vn(const char *utc, struct date *d, int *hh, int *mm)
{
	struct date u;
	char day[DATE_LEN];
	int h, m;

	if (utc == NULL || strlen(utc) < 16 || utc[10] != 'T')
		return -1;
	memcpy(day, utc, 10);
	day[10] = '\0';
	if (date_parse_iso(day, &u) != 0 ||
	    sscanf(utc + 11, "%2d:%2d", &h, &m) != 2)
		return -1;
	h += 7;
	*d = h >= 24 ? date_add_days(&u, 1) : u;
	*hh = h % 24;
	*mm = m;
	return 0;
}

/* What a kind of meeting is called in a title. */
static const char *
kind_title(enum meeting_kind k)
{
	switch (k) {
	case MEETING_THEMATIC:
		return "SINH HOẠT CHI BỘ CHUYÊN ĐỀ";
	case MEETING_COMBINED:
		return "SINH HOẠT CHI BỘ THƯỜNG KỲ KẾT HỢP CHUYÊN ĐỀ";
	case MEETING_EXTRAORDINARY:
		return "HỌP CHI BỘ BẤT THƯỜNG";
	case MEETING_COMMITTEE:
		return "HỌP CHI ỦY";
	case MEETING_REGULAR:
	default:
		return "SINH HOẠT CHI BỘ THƯỜNG KỲ";
	}
}

/* A member's name, or NULL (none, or not readable by the principal). */
static char *
member_name(struct svc *s, int64_t id, struct cb_error *err)
{
	struct cb_error local = CB_ERROR_INIT;
	struct member m;
	char *n = NULL;

	if (id <= 0)
		return NULL;
	memset(&m, 0, sizeof(m));
	if (store_member_get(s->st, id, &m, &local) == 0 &&
	    m.full_name != NULL)
		n = strdup(m.full_name);
	else if (local.code == CB_ENOMEM)
		cb_error_set(err, CB_ENOMEM, NULL, NULL);
	cb_error_release(&local);
	member_release(&m);
	return n;
}

/* The roll call as the minutes state it: the counts of the roll
 * (store_meeting_roll_counts) and the names of the absent. */
struct roll_call {
	struct meeting_roll_counts c;
	int64_t called;  /* official, probationary and transferred in */
	int64_t present; /* of them, present or late */
	int64_t late, excused, unexcused, unrecorded;
	struct sb excused_names;   /* "Nguyễn Văn A (ốm); ..." */
	struct sb unexcused_names; /* "Trần Thị B; ..." */
};

/* The members expected at the meeting: not the exempted, not those
 * transferred out (they are shown apart). */
static bool
called(enum meeting_roll r)
{
	return r == ROLL_OFFICIAL || r == ROLL_PROBATIONARY ||
	    r == ROLL_TRANSFERRED_IN;
}

static int
roll_call_fill(struct svc *s, const struct meeting *m, struct roll_call *rc,
    struct cb_error *err)
{
	struct meeting_attendance_list al = { 0 };
	size_t i;
	int r;

	if ((r = store_meeting_roll_counts(s->st, m->id, &rc->c, err)) != 0 ||
	    (r = store_meeting_attendance(s->st, m->id, &al, err)) != 0)
		return r;
	for (i = 0; i < ROLL__MAX; i++) {
		if (!called((enum meeting_roll)i))
			continue;
		rc->called += rc->c.by[i][ATTENDANCE_PRESENT] +
		    rc->c.by[i][ATTENDANCE_LATE] +
		    rc->c.by[i][ATTENDANCE_ABSENT_EXCUSED] +
		    rc->c.by[i][ATTENDANCE_ABSENT_UNEXCUSED] +
		    rc->c.by[i][ATTENDANCE_NONE];
		rc->present += rc->c.by[i][ATTENDANCE_PRESENT] +
		    rc->c.by[i][ATTENDANCE_LATE];
		rc->late += rc->c.by[i][ATTENDANCE_LATE];
		rc->excused += rc->c.by[i][ATTENDANCE_ABSENT_EXCUSED];
		rc->unexcused += rc->c.by[i][ATTENDANCE_ABSENT_UNEXCUSED];
		rc->unrecorded += rc->c.by[i][ATTENDANCE_NONE];
	}
	for (i = 0; i < al.n; i++) {
		const struct meeting_attendance *a = &al.items[i];
		struct sb *names;
		char *n;

		if (!called(a->roll))
			continue;
		if (a->status == ATTENDANCE_ABSENT_EXCUSED)
			names = &rc->excused_names;
		else if (a->status == ATTENDANCE_ABSENT_UNEXCUSED)
			names = &rc->unexcused_names;
		else
			continue;
		n = member_name(s, a->member_id, err);
		if (err->code == CB_ENOMEM) {
			free(n);
			meeting_attendance_list_release(&al);
			return -CB_ENOMEM;
		}
		if (names->len > 0)
			sb_add(names, "; ");
		if (n != NULL)
			sb_add(names, n);
		else
			sb_add(names,
			    "……………"); /* not readable by the principal */
		if (a->status == ATTENDANCE_ABSENT_EXCUSED && a->reason)
			sb_addf(names, " (%s)", a->reason);
		free(n);
	}
	meeting_attendance_list_release(&al);
	return 0;
}

/* Section n's text: the helper's blocks (t->section), then the
 * paragraphs of text, one a line; neither: a blank to write in. */
static void
section(struct party_doc *d, const struct meeting_doc_text *t, int n,
    const char *text, const char *blank, int lines)
{
	const char *p, *e;
	bool filled = false;

	if (t->section != NULL)
		filled = t->section(d, n, t->arg);
	if (text == NULL || text[0] == '\0') {
		if (!filled)
			party_doc_blank(d, blank, lines);
		return;
	}
	for (p = text; *p; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		if (e > p)
			party_doc_para(d, "%.*s", (int)(e - p), p);
	}
}

static void
agenda(struct party_doc *d, const char *a)
{
	const char *p, *e;

	if (a == NULL || a[0] == '\0') {
		party_doc_blank(d, "(Chương trình sinh hoạt)", 2);
		return;
	}
	for (p = a; *p; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		if (e > p)
			party_doc_bullet(d, "%.*s", (int)(e - p), p);
	}
}

static void
minutes(struct party_doc *d, const struct meeting *m,
    const struct roll_call *rc, const char *chair, const char *secretary,
    const struct meeting_doc_text *t)
{
	struct date sd, ed;
	int sh = 0, sm = 0, eh = 0, em = 0;

	if (local_vn(m->starts_at, &sd, &sh, &sm) == 0)
		party_doc_para(d,
		    "Thời gian: bắt đầu lúc %02d giờ %02d phút, ngày %02d "
		    "tháng %02d năm %04d.",
		    sh, sm, sd.d, sd.m, sd.y);
	party_doc_para(d, "Địa điểm: %s.",
	    m->online ?
	        "họp trực tuyến" :
	        m->place != NULL && m->place[0] ?
	        m->place :
	        "……………");
	if (m->topic != NULL && m->topic[0])
		party_doc_para(d, "Chuyên đề: %s.", m->topic);

	party_doc_heading(d, "I. THÀNH PHẦN");
	party_doc_para(d,
	    "Tổng số đảng viên của chi bộ: %lld đồng chí (chính thức: %lld, "
	    "dự bị: %lld); miễn sinh hoạt: %lld; chuyển sinh hoạt tạm thời "
	    "đi: %lld; sinh hoạt tạm thời tại chi bộ: %lld.",
	    (long long)rc->c.total, (long long)rc->c.official,
	    (long long)rc->c.probationary, (long long)rc->c.exempted,
	    (long long)rc->c.transferred_out, (long long)rc->c.transferred_in);
	party_doc_para(d,
	    "Số đảng viên triệu tập: %lld đồng chí. Có mặt: %lld đồng chí "
	    "(chính thức: %lld, dự bị: %lld; đến muộn: %lld). "
	    "Vắng có lý do: %lld đồng chí. Vắng không có lý do: %lld đồng chí.",
	    (long long)rc->called, (long long)rc->present,
	    (long long)(rc->c.present_official + rc->c.late_official),
	    (long long)(rc->c.present_probationary + rc->c.late_probationary),
	    (long long)rc->late, (long long)rc->excused,
	    (long long)rc->unexcused);
	if (rc->c.by[ROLL_EXEMPTED][ATTENDANCE_PRESENT] +
	        rc->c.by[ROLL_EXEMPTED][ATTENDANCE_LATE] >
	    0)
		party_doc_para(d, "Đảng viên miễn sinh hoạt có mặt: %lld.",
		    (long long)(rc->c.by[ROLL_EXEMPTED][ATTENDANCE_PRESENT] +
		        rc->c.by[ROLL_EXEMPTED][ATTENDANCE_LATE]));
	if (rc->unrecorded > 0)
		party_doc_para(d, "Chưa điểm danh: %lld đồng chí.",
		    (long long)rc->unrecorded);
	if (rc->excused > 0)
		party_doc_bullet(d, "Vắng có lý do: %s.",
		    rc->excused_names.buf);
	if (rc->unexcused > 0)
		party_doc_bullet(d, "Vắng không có lý do: %s.",
		    rc->unexcused_names.buf);
	party_doc_para(d, "Chủ trì: đồng chí %s.",
	    chair != NULL ? chair : "……………");
	party_doc_para(d, "Thư ký: đồng chí %s.",
	    secretary != NULL ? secretary : "……………");
	if (m->guests != NULL && m->guests[0])
		party_doc_para(d, "Khách mời: %s.", m->guests);

	party_doc_heading(d, "II. NỘI DUNG");
	agenda(d, m->agenda);

	party_doc_heading(d, "III. DIỄN BIẾN CUỘC HỌP");
	section(d, t, 3, t->course,
	    "(Diễn biến cuộc họp: ý kiến phát biểu của từng đồng chí)", 8);
	party_doc_heading(d, "IV. Ý KIẾN THẢO LUẬN");
	section(d, t, 4, t->opinions, "(Các ý kiến thảo luận)", 5);
	party_doc_heading(d, "V. KẾT LUẬN CỦA CHỦ TRÌ");
	section(d, t, 5, t->conclusions, "(Kết luận của đồng chí chủ trì)", 5);
	party_doc_heading(d, "VI. BIỂU QUYẾT");
	section(d, t, 6, t->vote_line,
	    "(… /… đồng chí tán thành, đạt …%; không tán thành: …)", 1);

	if (local_vn(m->ends_at, &ed, &eh, &em) == 0)
		party_doc_para(d,
		    "Cuộc họp kết thúc lúc %02d giờ %02d phút cùng ngày. "
		    "Biên bản đã được đọc lại cho chi bộ nghe và nhất trí "
		    "thông qua.",
		    eh, em);
}

static void
resolution(struct party_doc *d, const struct meeting *m,
    const struct roll_call *rc, const struct meeting_doc_text *t)
{
	struct date sd;
	int sh = 0, sm = 0;

	if (local_vn(m->starts_at, &sd, &sh, &sm) == 0)
		party_doc_para(d,
		    "Ngày %02d tháng %02d năm %04d, chi bộ đã họp với %lld/%lld "
		    "đồng chí có mặt, thảo luận và thống nhất:",
		    sd.d, sd.m, sd.y, (long long)rc->present,
		    (long long)rc->called);
	party_doc_heading(d, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG TRƯỚC");
	section(d, t, 1, t->results,
	    "(Kết quả thực hiện nghị quyết tháng trước; bảng nhiệm vụ và "
	    "kết quả)",
	    6);
	party_doc_heading(d, "II. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG TỚI");
	section(d, t, 2, t->directions, "(Phương hướng, nhiệm vụ tháng tới)",
	    5);
	party_doc_heading(d, "III. PHÂN CÔNG THỰC HIỆN");
	section(d, t, 3, t->tasks, "(Ai làm, làm gì, thời hạn)", 5);
	party_doc_heading(d, "IV. TỰ ĐÁNH GIÁ CHẤT LƯỢNG BUỔI SINH HOẠT");
	section(d, t, 4, t->score, "(Điểm tự chấm theo phiếu và xếp loại)", 2);
	section(d, t, 5, t->vote_line,
	    "Nghị quyết được … /… đồng chí tán thành, đạt …%.", 0);
}

int
svc_meeting_doc(struct svc *s, int64_t id, enum meeting_doc which,
    const struct meeting_doc_text *t, struct sb *out, struct cb_error *err)
{
	static const struct meeting_doc_text none;
	struct party_doc d = { 0 };
	struct roll_call rc;
	struct meeting m;
	struct org o, parent;
	char *chair = NULL, *secretary = NULL, title[256], day[DATE_LEN];
	struct date sd;
	int sh, sm, r;

	if (t == NULL)
		t = &none;
	memset(&m, 0, sizeof(m));
	memset(&rc, 0, sizeof(rc));
	sb_init(&rc.excused_names, 0);
	sb_init(&rc.unexcused_names, 0);
	org_init(&o);
	org_init(&parent);
	if ((r = store_meeting_get(s->st, id, &m, NULL, err)) != 0)
		goto out;
	if ((r = store_org_get(s->st, m.org_id, &o, err)) != 0)
		goto out;
	if (o.parent_id > 0) {
		struct cb_error local = CB_ERROR_INIT;

		/* The parent may be outside the principal's scope: then
		 * its name is left to be written in. */
		if (store_org_get(s->st, o.parent_id, &parent, &local) != 0 &&
		    local.code == CB_ENOMEM) {
			cb_error_release(&local);
			r = cb_error_set(err, CB_ENOMEM, NULL, NULL);
			goto out;
		}
		cb_error_release(&local);
	}
	if ((r = roll_call_fill(s, &m, &rc, err)) != 0)
		goto out;
	chair = member_name(s, m.chair_id, err);
	secretary = member_name(s, m.secretary_id, err);
	if (err->code == CB_ENOMEM) {
		r = -CB_ENOMEM;
		goto out;
	}

	party_doc_set(&d, &d.upper,
	    parent.name != NULL ? parent.name : "Đảng bộ ……………");
	party_doc_set(&d, &d.cell, o.name);
	party_doc_set(&d, &d.place, t->place_line);
	if (local_vn(m.starts_at, &sd, &sh, &sm) == 0) {
		date_format_iso(&sd, day);
		party_doc_set(&d, &d.date_iso, day);
		snprintf(title, sizeof(title), "%s\n%s THÁNG %d/%d",
		    which == MEETING_DOC_MINUTES ? "BIÊN BẢN" : "NGHỊ QUYẾT",
		    kind_title(m.kind), sd.m, sd.y);
	} else
		snprintf(title, sizeof(title), "%s\n%s",
		    which == MEETING_DOC_MINUTES ? "BIÊN BẢN" : "NGHỊ QUYẾT",
		    kind_title(m.kind));
	party_doc_set(&d, &d.title, title);
	if (which == MEETING_DOC_MINUTES) {
		d.sign = DOC_SIGN_MINUTES;
		party_doc_set(&d, &d.signer, chair);
		party_doc_set(&d, &d.signer2, secretary);
		minutes(&d, &m, &rc, chair, secretary, t);
	} else {
		d.sign = DOC_SIGN_COMMITTEE;
		party_doc_set(&d, &d.number,
		    t->number != NULL ? t->number : "Số …-NQ/CB");
		resolution(&d, &m, &rc, t);
	}
	if (sb_err(&rc.excused_names) != 0 || sb_err(&rc.unexcused_names) != 0)
		d.oom = true;
	r = party_doc_render(&d, out, err);
out:
	party_doc_release(&d);
	free(chair);
	free(secretary);
	sb_release(&rc.excused_names);
	sb_release(&rc.unexcused_names);
	org_release(&o);
	org_release(&parent);
	meeting_release(&m);
	return r;
}
