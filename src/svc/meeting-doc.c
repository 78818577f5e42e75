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

#include "core/meeting-rules.h"
#include "core/resolution.h"
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
	if (t->annex != NULL && t->annex[0]) {
		party_doc_heading(d,
		    "PHỤ LỤC: ĐÍNH CHÍNH BIÊN BẢN SAU KHI KHÓA");
		section(d, t, 7, t->annex, "", 0);
	}
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
	const char *kind;
	int sh, sm, r;

	if (t == NULL)
		t = &none;
	kind = which == MEETING_DOC_MINUTES ?
	    "BIÊN BẢN" :
	    t->draft ?
	    "DỰ THẢO NGHỊ QUYẾT" :
	    "NGHỊ QUYẾT";
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
		snprintf(title, sizeof(title), "%s\n%s THÁNG %d/%d", kind,
		    kind_title(m.kind), sd.m, sd.y);
	} else
		snprintf(title, sizeof(title), "%s\n%s", kind,
		    kind_title(m.kind));
	party_doc_set(&d, &d.title, title);
	party_doc_set(&d, &d.subtitle, t->mark);
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

/*
 * The texts of a document filled from the store (svc_meeting_doc_filled).
 */
struct doc_fill {
	struct svc *s;
	struct minutes_view mv;
	struct meeting_resolution res;
	bool has_res;
	struct sb course, votes, score, annex, mark;
	char number[48];
	struct meeting_doc_text t;
};

/* "dd/mm/yyyy" of an ISO date "YYYY-MM-DD" (or of an instant's date in
 * Asia/Ho_Chi_Minh); "" when neither. */
static void
day_text(const char *iso, char *out, size_t outsz)
{
	struct date d;
	int h, m;

	out[0] = '\0';
	if (iso == NULL)
		return;
	if (strlen(iso) > 10 && local_vn(iso, &d, &h, &m) == 0)
		snprintf(out, outsz, "%02d/%02d/%04d", d.d, d.m, d.y);
	else if (date_parse_iso(iso, &d) == 0)
		snprintf(out, outsz, "%02d/%02d/%04d", d.d, d.m, d.y);
}

/* The course: one paragraph "Đ/c NAME: text" per speaker. */
static int
fill_course(struct doc_fill *f, struct cb_error *err)
{
	json_t *list, *e;
	size_t i;

	if (f->mv.minutes.course == NULL)
		return 0;
	if ((list = json_loads(f->mv.minutes.course, 0, NULL)) == NULL)
		return 0; /* stored by svc as a list: never */
	json_array_foreach(list, i, e)
	{
		const char *text = json_string_value(json_object_get(e,
		    "text"));
		const char *who = json_string_value(json_object_get(e,
		    "speaker"));
		json_int_t id = json_integer_value(json_object_get(e,
		    "speaker_id"));
		char *name = NULL;
		const char *p, *q;

		if (text == NULL)
			continue;
		if (id > 0) {
			name = member_name(f->s, (int64_t)id, err);
			if (err->code == CB_ENOMEM) {
				json_decref(list);
				return -CB_ENOMEM;
			}
			if (name != NULL)
				who = name;
		}
		if (f->course.len > 0)
			sb_add(&f->course, "\n");
		if (who != NULL && who[0])
			sb_addf(&f->course, "Đ/c %s: ", who);
		/* A speech of several lines stays one paragraph. */
		for (p = text; *p; p = q) {
			q = p + strcspn(p, "\n");
			sb_addf(&f->course, "%.*s", (int)(q - p), p);
			if (*q) {
				q++;
				if (*q)
					sb_add(&f->course, " ");
			}
		}
		free(name);
	}
	json_decref(list);
	return 0;
}

static const char *
vote_kind_text(enum vote_kind k)
{
	switch (k) {
	case VOTE_RESOLUTION:
		return "Biểu quyết thông qua nghị quyết";
	case VOTE_ADMISSION:
		return "Biểu quyết kết nạp đảng viên";
	case VOTE_OFFICIAL_RECOGNITION:
		return "Biểu quyết công nhận đảng viên chính thức";
	case VOTE_EXPULSION_PROPOSAL:
		return "Biểu quyết đề nghị khai trừ";
	case VOTE_DISCIPLINE:
		return "Biểu quyết kỷ luật";
	default:
		return "Biểu quyết nhân sự";
	}
}

/* "x/y đồng chí tán thành (z %)" of a count and its base. */
static void
vote_line(struct sb *sb, int64_t n_for, int64_t base)
{
	int64_t pct = resolution_vote_percent(n_for, base);

	if (pct >= 0)
		sb_addf(sb, "%lld/%lld đồng chí tán thành (%lld %%)",
		    (long long)n_for, (long long)base, (long long)pct);
	else
		sb_addf(sb, "%lld đồng chí tán thành", (long long)n_for);
}

/* The minutes' votes, one line each, in the order taken. */
static void
fill_votes(struct doc_fill *f)
{
	size_t i;

	for (i = 0; i < f->mv.votes.n; i++) {
		const struct meeting_vote *v = &f->mv.votes.items[i];

		if (f->votes.len > 0)
			sb_add(&f->votes, "\n");
		sb_addf(&f->votes, "%s%s%s%s: ", vote_kind_text(v->kind),
		    v->subject != NULL && v->subject[0] ? " (" : "",
		    v->subject != NULL && v->subject[0] ? v->subject : "",
		    v->subject != NULL && v->subject[0] ? ")" : "");
		vote_line(&f->votes, v->n_for, v->base);
		sb_addf(&f->votes,
		    "; không tán thành: %lld; không biểu quyết: %lld%s%s.",
		    (long long)v->n_against, (long long)v->n_abstain,
		    v->secret ? "; bỏ phiếu kín" : "",
		    v->passed ? "; đạt" : "; không đạt");
	}
}

static const char *
correction_field_text(const char *field)
{
	if (field == NULL)
		return "";
	if (strcmp(field, "course") == 0)
		return "Diễn biến cuộc họp";
	if (strcmp(field, "opinions") == 0)
		return "Ý kiến thảo luận";
	if (strcmp(field, "conclusions") == 0)
		return "Kết luận của chủ trì";
	if (strcmp(field, "notes") == 0)
		return "Ghi chú";
	return field;
}

static void
fill_minutes_state(struct doc_fill *f)
{
	const struct meeting_minutes *mm = &f->mv.minutes;
	char day[16];
	size_t i;

	if (mm->state == MINUTES_LOCKED) {
		day_text(mm->locked_at, day, sizeof(day));
		sb_addf(&f->mark, "(Đã khóa%s%s)", day[0] ? " ngày " : "",
		    day);
	} else if (mm->state == MINUTES_APPROVED)
		sb_add(&f->mark, "(Đã thông qua)");
	for (i = 0; i < f->mv.corrections.n; i++) {
		const struct minutes_correction *c =
		    &f->mv.corrections.items[i];
		const char *p, *q;

		day_text(c->recorded_at, day, sizeof(day));
		if (f->annex.len > 0)
			sb_add(&f->annex, "\n");
		sb_addf(&f->annex, "%zu. Ngày %s, đính chính mục \"%s\": ",
		    i + 1, day, correction_field_text(c->field));
		for (p = c->text != NULL ? c->text : ""; *p; p = q) {
			q = p + strcspn(p, "\n");
			sb_addf(&f->annex, "%.*s", (int)(q - p), p);
			if (*q && *++q)
				sb_add(&f->annex, " ");
		}
		if (c->reason != NULL && c->reason[0])
			sb_addf(&f->annex, " (Lý do: %s)", c->reason);
		if (c->recorded_by != NULL)
			sb_addf(&f->annex, " — %s", c->recorded_by);
		sb_add(&f->annex, ".");
	}
}

static const char *
task_status_text(enum task_status st)
{
	switch (st) {
	case TASK_DONE:
		return "Hoàn thành";
	case TASK_DROPPED:
		return "Không thực hiện";
	default:
		return "Chưa hoàn thành";
	}
}

static const char *
task_who(const struct meeting_task *t)
{
	if (t->assignee_name != NULL)
		return t->assignee_name;
	if (t->assignee_text != NULL)
		return t->assignee_text;
	return "";
}

/* The tables of the resolution: section I the earlier tasks and their
 * results, section III the tasks this meeting gives. */
static bool
resolution_tables(struct party_doc *d, int n, void *arg)
{
	struct doc_fill *f = arg;
	const struct meeting_task_list *l;
	char no[24], due[16], res[TASK_RESULT_MAX * 4 + 64];
	size_t i;

	if (n == 1 && f->res.previous.n > 0) {
		static const char *const head[] = { "TT", "Nhiệm vụ",
			"Người thực hiện", "Thời hạn", "Kết quả" };
		static const double w[] = { 0.6, 3.8, 2.6, 1.8, 3.8 };

		l = &f->res.previous;
		party_doc_para(d, "Kết quả thực hiện các nhiệm vụ đã giao:");
		party_doc_table(d, 5, head, w);
		for (i = 0; i < l->n; i++) {
			const struct meeting_task *t = &l->items[i];
			const char *row[5];

			snprintf(no, sizeof(no), "%zu", i + 1);
			day_text(t->due_on, due, sizeof(due));
			snprintf(res, sizeof(res), "%s%s%s",
			    task_status_text(t->status),
			    t->result != NULL && t->result[0] ? ": " : "",
			    t->result != NULL ? t->result : "");
			row[0] = no;
			row[1] = t->what;
			row[2] = task_who(t);
			row[3] = due;
			row[4] = res;
			party_doc_row(d, row);
		}
		return true;
	}
	if (n == 3 && f->res.tasks.n > 0) {
		static const char *const head[] = { "TT", "Người thực hiện",
			"Nhiệm vụ", "Thời hạn" };
		static const double w[] = { 0.6, 2.6, 6, 1.8 };

		l = &f->res.tasks;
		party_doc_table(d, 4, head, w);
		for (i = 0; i < l->n; i++) {
			const struct meeting_task *t = &l->items[i];
			const char *row[4];

			snprintf(no, sizeof(no), "%zu", i + 1);
			day_text(t->due_on, due, sizeof(due));
			row[0] = no;
			row[1] = task_who(t);
			row[2] = t->what;
			row[3] = due;
			party_doc_row(d, row);
		}
		return true;
	}
	return false;
}

static const char *
band_text(const char *band)
{
	static const char *const vi[QB__MAX] = { "Tốt", "Khá", "Trung bình",
		"Kém" };
	size_t i;

	for (i = 0; i < QB__MAX; i++)
		if (strcmp(band, quality_band_names[i]) == 0)
			return vi[i];
	return band;
}

static void
fill_resolution(struct doc_fill *f)
{
	const struct meeting_resolution *r = &f->res;
	size_t i;

	f->t.draft = r->status != RESOLUTION_APPROVED;
	if (r->status == RESOLUTION_APPROVED && r->number > 0) {
		char num[32];

		resolution_number_text(r->number, num, sizeof(num));
		snprintf(f->number, sizeof(f->number), "Số %s", num);
		f->t.number = f->number;
	}
	f->t.results = r->results;
	f->t.directions = r->directions;
	if (r->has_score) {
		sb_addf(&f->score,
		    "Chi bộ tự chấm %lld/%lld điểm, xếp loại %s (theo %s",
		    (long long)r->score.total, (long long)r->score.max_total,
		    band_text(r->score.band),
		    r->score.rule_id != NULL ? r->score.rule_id : "");
		if (r->score.citation != NULL && r->score.citation[0])
			sb_addf(&f->score, ", %s", r->score.citation);
		sb_add(&f->score, ").");
	}
	if (r->vote_for >= 0 && r->vote_total > 0) {
		sb_add(&f->votes, "Nghị quyết được ");
		vote_line(&f->votes, r->vote_for, r->vote_total);
		sb_add(&f->votes, ".");
		return;
	}
	/* No vote line written: the meeting's resolution vote, if taken. */
	for (i = f->mv.votes.n; i-- > 0;) {
		const struct meeting_vote *v = &f->mv.votes.items[i];

		if (v->kind != VOTE_RESOLUTION)
			continue;
		sb_add(&f->votes, "Nghị quyết được ");
		vote_line(&f->votes, v->n_for, v->base);
		sb_add(&f->votes, ".");
		break;
	}
}

static const char *
text_of(const struct sb *b)
{
	return b->len > 0 ? b->buf : NULL;
}

int
svc_meeting_doc_filled(struct svc *s, int64_t id, enum meeting_doc which,
    struct sb *out, struct cb_error *err)
{
	struct doc_fill f;
	int r;

	memset(&f, 0, sizeof(f));
	f.s = s;
	meeting_resolution_init(&f.res);
	sb_init(&f.course, 0);
	sb_init(&f.votes, 0);
	sb_init(&f.score, 0);
	sb_init(&f.annex, 0);
	sb_init(&f.mark, 0);
	if ((r = svc_minutes_get(s, id, &f.mv, err)) != 0)
		goto out;
	if (which == MEETING_DOC_MINUTES) {
		if ((r = fill_course(&f, err)) != 0)
			goto out;
		fill_votes(&f);
		fill_minutes_state(&f);
		f.t.course = text_of(&f.course);
		f.t.opinions = f.mv.minutes.opinions;
		f.t.conclusions = f.mv.minutes.conclusions;
		f.t.vote_line = text_of(&f.votes);
		f.t.annex = text_of(&f.annex);
	} else {
		struct cb_error local = CB_ERROR_INIT;

		if (svc_resolution_get(s, id, &f.res, &local) == 0) {
			f.has_res = true;
			fill_resolution(&f);
		} else if (local.code != CB_ENOTFOUND) {
			r = -(int)local.code;
			cb_error_move(err, &local);
			goto out;
		} else
			f.t.draft = true; /* none written yet */
		cb_error_release(&local);
		f.t.score = text_of(&f.score);
		f.t.vote_line = text_of(&f.votes);
		f.t.section = resolution_tables;
		f.t.arg = &f;
	}
	f.t.mark = text_of(&f.mark);
	if (sb_err(&f.course) != 0 || sb_err(&f.votes) != 0 ||
	    sb_err(&f.score) != 0 || sb_err(&f.annex) != 0 ||
	    sb_err(&f.mark) != 0) {
		r = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto out;
	}
	r = svc_meeting_doc(s, id, which, &f.t, out, err);
out:
	minutes_view_release(&f.mv);
	meeting_resolution_release(&f.res);
	sb_release(&f.course);
	sb_release(&f.votes);
	sb_release(&f.score);
	sb_release(&f.annex);
	sb_release(&f.mark);
	return r;
}
