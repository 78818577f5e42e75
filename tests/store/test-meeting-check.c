/*
 * test-meeting-check.c - the kept meetings check (store-meeting-check.c,
 * svc/meeting-check.c), run unchanged against each backend: argv[1] is
 * "sqlite" or "pg".
 *
 * A sequence of meeting and attendance writes through svc (created,
 * recorded, cancelled, moved to another month, another cell, another
 * year), after each of which the kept rows -- every finding of the
 * subtree, the counts by code of each organisation (kept up the chain)
 * and the held meetings of each month -- must equal a recount made here
 * from scratch: the facts read from the tables, judged by core directly
 * with the months this test reckons itself.  Then the refresh: a month
 * that ends makes the rows stale and a read brings them up to date; a
 * committee's override of a meeting rule makes them stale too.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/meeting-rules.h"
#include "core/model.h"
#include "store/store.h"
#include "svc/svc.h"
#include "testlib.h"
#include "util/err.h"

#define SET(dst, s) snprintf((dst), sizeof(dst), "%s", (s))

static const char *backend;
static int dbseq;

struct fx {
	struct store *st;
	char *url;
	char dbname[64];
	struct rulebook rb;
	struct svc s;
	int64_t g, a, b;       /* grassroots committee, two cells */
	int64_t a1, a2, a3, b1; /* members */
};

static void
check(int rc, struct cb_error *err, const char *what)
{
	if (rc != 0)
		fprintf(stderr, "%s: rc %d (%s: %s)\n", what, rc,
		    err->mcode ? err->mcode : "-",
		    err->detail ? err->detail : "-");
	assert_int_equal(rc, 0);
	cb_error_release(err);
}

static int64_t
add_org(struct fx *f, const char *code, enum org_kind kind, int64_t parent)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org o;
	int64_t id;

	org_init(&o);
	o.kind = kind;
	o.name = strdup(code);
	o.code = strdup(code);
	o.parent_id = parent;
	SET(o.valid_from, "2020-01-01");
	check(store_org_insert(f->st, &o, &err), &err, code);
	id = o.id;
	org_release(&o);
	return id;
}

static int64_t
add_member(struct fx *f, const char *name, int64_t org)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	int64_t id;

	member_init(&m);
	m.full_name = strdup(name);
	m.org_id = org;
	m.gender = GENDER_MALE;
	m.status = MSTATUS_OFFICIAL;
	m.state = MSTATE_ACTIVE;
	SET(m.birth_date, "1980-05-06");
	SET(m.admitted_on, "2005-03-02");
	check(store_member_insert(f->st, &m, &err), &err, name);
	id = m.id;
	member_release(&m);
	return id;
}

static int
setup(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dbname, sizeof(f->dbname), "mchk%d", ++dbseq);
	f->url = test_db_url(backend, f->dbname);
	assert_int_equal(store_open(f->url, &f->st, &err), 0);
	assert_int_equal(store_migrate(f->st, NULL, &err), 0);
	assert_int_equal(test_rules_load(&f->rb), 0);
	svc_init(&f->s, f->st, &f->rb, "cli:test");
	SET(f->s.today, "2026-12-07");
	f->g = add_org(f, "G", ORG_GRASSROOTS, 0);
	f->a = add_org(f, "A", ORG_CELL, f->g);
	f->b = add_org(f, "B", ORG_CELL, f->g);
	f->a1 = add_member(f, "Lê Văn Một", f->a);
	f->a2 = add_member(f, "Lê Văn Hai", f->a);
	f->a3 = add_member(f, "Lê Văn Ba", f->a);
	f->b1 = add_member(f, "Trần Văn Bốn", f->b);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	svc_release(&f->s);
	test_rules_release(&f->rb);
	store_close(f->st);
	if (getenv("MCHK_KEEP") == NULL)
		test_db_drop(backend, f->dbname, f->url);
	else
		fprintf(stderr, "kept %s\n", f->url);
	free(f->url);
	free(f);
	return 0;
}

/* Creates a held meeting of org through svc; returns its id. */
static int64_t
meet(struct fx *f, int64_t org, const char *kind, const char *start,
    const char *end)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m;
	json_t *in = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "org_id",
	    (json_int_t)org, "kind", kind, "starts_at", start, "ends_at", end,
	    "status", "held", "place", "Hội trường");
	int64_t id;

	if (strcmp(kind, "regular") != 0)
		json_object_set_new(in, "topic", json_string("Chuyên đề"));
	check(svc_meeting_create(&f->s, in, &m, &err), &err, start);
	json_decref(in);
	id = m.id;
	meeting_release(&m);
	return id;
}

static void
attend(struct fx *f, int64_t meeting, int64_t member, const char *status)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_attendance a;
	json_t *in = json_pack("{s:s}", "status", status);

	if (strcmp(status, "absent_excused") == 0)
		json_object_set_new(in, "reason", json_string("Ốm"));
	check(svc_meeting_attendance_set(&f->s, meeting, member, in, &a, &err),
	    &err, status);
	json_decref(in);
	meeting_attendance_release(&a);
}

/* Changes meeting id (status, times, organisation) in the store and keeps
 * the check of where it was and where it is, as an update does. */
static void
change(struct fx *f, int64_t id, enum meeting_status status,
    const char *start, const char *end, int64_t org)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m, old;

	memset(&m, 0, sizeof(m));
	memset(&old, 0, sizeof(old));
	check(store_meeting_get(f->st, id, &m, NULL, &err), &err, "get");
	old.org_id = m.org_id;
	old.starts_at = strdup(m.starts_at);
	m.status = status;
	if (start != NULL) {
		free(m.starts_at);
		free(m.ends_at);
		m.starts_at = strdup(start);
		m.ends_at = strdup(end);
	}
	if (org != 0)
		m.org_id = org;
	check(store_begin(f->st, &err), &err, "begin");
	check(store_meeting_update(f->st, &m, 0, &err), &err, "update");
	check(svc_meeting_check_keep_meeting(&f->s, &m, &err), &err, "new");
	check(svc_meeting_check_keep_meeting(&f->s, &old, &err), &err, "old");
	check(store_commit(f->st, &err), &err, "commit");
	meeting_release(&m);
	meeting_release(&old);
}

static char *
path_of(struct fx *f, int64_t id)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org o;
	char *p;

	org_init(&o);
	check(store_org_get(f->st, id, &o, &err), &err, "org");
	p = strdup(o.path);
	org_release(&o);
	return p;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "org code period member meeting" of each finding, sorted, joined. */
static char *
joined(char **v, size_t n)
{
	size_t i, len = 1;
	char *out;

	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	out = calloc(1, len);
	for (i = 0; i < n; i++) {
		strcat(out, v[i]);
		strcat(out, "\n");
		free(v[i]);
	}
	return out;
}

static char *
line(int64_t org, const char *code, const char *period, int64_t member,
    int64_t meeting)
{
	char buf[200];

	snprintf(buf, sizeof(buf), "%lld %s %s %lld %lld", (long long)org,
	    code, period, (long long)member, (long long)meeting);
	return strdup(buf);
}

/* The kept rows of year equal a recount from scratch. */
static void
expect_year(struct fx *f, int year)
{
	struct cb_error err = CB_ERROR_INIT;
	const struct rulebook *rb = svc_rules(&f->s, &err);
	const int64_t cells[2] = { f->a, f->b };
	struct meeting_findings want;
	struct mchk_page page = { 0 };
	struct mchk_heat heat = { 0 };
	struct mchk_count counts[16];
	char *wl[256], *gl[256], *w, *g, *gpath = path_of(f, f->g), day[16];
	char from[40], before[40];
	size_t nw = 0, ng = 0, i, j, nc, c;
	int64_t cell_n[2][16] = { { 0 } }, held[2][12][5], t;
	/* Ended on 2026-12-07: all of 2025, January to November 2026. */
	unsigned months = year == 2025 ? 0xfffu : 0x7ffu;
	const char *codes[7] = { "regular_missing", "thematic_missing",
		"duration_short", "materials_late", "resolution_late",
		"attendance_low", "member_absent_3_months" };

	assert_non_null(rb);
	memset(held, 0, sizeof(held));
	snprintf(from, sizeof(from), "%d-12-31T17:00:00Z", year - 1);
	snprintf(before, sizeof(before), "%d-12-31T17:00:00Z", year);
	for (c = 0; c < 2; c++) {
		struct meeting_fact *mf;
		struct member_attendance_fact *af;
		size_t nm, na;
		char *p = path_of(f, cells[c]);

		meeting_findings_init(&want);
		check(store_meeting_check_facts(f->st, cells[c], from, before,
		          &mf, &nm, &af, &na, &err),
		    &err, "facts");
		assert_int_equal(meeting_findings_year(rb, cells[c], p, year,
		                     months, mf, nm, &want),
		    0);
		assert_int_equal(
		    meeting_absence_findings(rb, p, year, af, na, &want), 0);
		for (i = 0; i < want.n; i++) {
			const struct meeting_finding *x = &want.items[i];

			wl[nw++] = line(x->org_id, x->code, x->period,
			    x->member_id, x->meeting_id);
			for (j = 0; j < 7; j++)
				if (strcmp(codes[j], x->code) == 0)
					cell_n[c][j]++;
		}
		for (i = 0; i < nm; i++) {
			if (!mf[i].held ||
			    mr_time_parse(mf[i].starts_at, &t) != 0)
				continue;
			mr_local_date(t, day);
			held[c][(day[5] - '0') * 10 + day[6] - '1']
			    [mf[i].kind]++;
		}
		free(mf);
		free(af);
		free(p);
		meeting_findings_release(&want);
	}
	/* The findings of the subtree, every page of 3. */
	{
		char *cursor = NULL;

		do {
			check(store_meeting_check_findings(f->st, gpath, year,
			          NULL, cursor, 3, &page, &err),
			    &err, "findings");
			for (i = 0; i < page.n; i++)
				gl[ng++] = line(page.items[i].org_id,
				    page.items[i].code, page.items[i].period,
				    page.items[i].member_id,
				    page.items[i].meeting_id);
			free(cursor);
			cursor = page.next_cursor ? strdup(page.next_cursor)
						  : NULL;
			mchk_page_release(&page);
		} while (cursor != NULL);
	}
	w = joined(wl, nw);
	g = joined(gl, ng);
	assert_string_equal(g, w);
	free(w);
	free(g);
	/* The counts of each organisation's subtree. */
	for (c = 0; c < 3; c++) {
		int64_t id = c == 0 ? f->a : c == 1 ? f->b : f->g;

		check(store_meeting_check_counts(f->st, id, year, counts, 16,
		          &nc, &err),
		    &err, "counts");
		for (j = 0; j < 7; j++) {
			int64_t want_n = c < 2 ? cell_n[c][j]
					       : cell_n[0][j] + cell_n[1][j];
			int64_t got = 0;

			for (i = 0; i < nc; i++)
				if (strcmp(counts[i].code, codes[j]) == 0)
					got = counts[i].n;
			if (got != want_n)
				fprintf(stderr, "%d org %lld %s: %lld != %lld\n",
				    year, (long long)id, codes[j],
				    (long long)got, (long long)want_n);
			assert_int_equal(got, want_n);
		}
	}
	/* The months held, by kind, of each cell. */
	check(store_meeting_check_heat(f->st, gpath, year, &heat, &err), &err,
	    "heat");
	assert_int_equal(heat.n, 2);
	for (c = 0; c < 2; c++) {
		assert_int_equal(heat.cells[c].org_id, cells[c]);
		for (i = 0; i < 12; i++)
			for (j = 0; j < 5; j++)
				assert_int_equal(heat.cells[c].mon[i].held[j],
				    held[c][i][j]);
	}
	mchk_heat_release(&heat);
	free(gpath);
}

static void
expect_kept(struct fx *f)
{
	expect_year(f, 2025);
	expect_year(f, 2026);
}

static void
test_kept_equals_recount(void **state)
{
	struct fx *f = *state;
	int64_t m1, m2, m3, m4, m5;

	struct cb_error err = CB_ERROR_INIT;
	size_t done;

	/* Nothing kept yet: the first refresh computes both cells. */
	check(svc_meeting_check_refresh(&f->s, f->g, 2025, &done, &err), &err,
	    "refresh");
	assert_int_equal(done, 2);
	check(svc_meeting_check_refresh(&f->s, f->g, 2026, &done, &err), &err,
	    "refresh");
	expect_kept(f);
	m1 = meet(f, f->a, "regular", "2026-01-05T14:00:00+07:00",
	    "2026-01-05T16:00:00+07:00");
	expect_kept(f);
	attend(f, m1, f->a1, "absent_unexcused");
	attend(f, m1, f->a2, "present");
	attend(f, m1, f->a3, "late");
	expect_kept(f);
	m2 = meet(f, f->a, "combined", "2026-02-05T14:00:00+07:00",
	    "2026-02-05T15:30:00+07:00"); /* short for a combined one */
	attend(f, m2, f->a1, "absent_unexcused");
	attend(f, m2, f->a2, "absent_excused");
	expect_kept(f);
	m3 = meet(f, f->a, "regular", "2026-03-31T23:30:00+07:00",
	    "2026-04-01T01:30:00+07:00"); /* the last day of a quarter */
	attend(f, m3, f->a1, "absent_unexcused");
	expect_kept(f);
	m4 = meet(f, f->b, "thematic", "2026-05-05T14:00:00+07:00",
	    "2026-05-05T16:00:00+07:00");
	attend(f, m4, f->b1, "present");
	m5 = meet(f, f->a, "regular", "2025-12-31T20:00:00+07:00",
	    "2025-12-31T22:00:00+07:00");
	expect_kept(f);
	/* Cancelled: the month is missing again, the absence gone. */
	change(f, m3, MEETING_CANCELLED, NULL, NULL, 0);
	expect_kept(f);
	/* Moved to another month, then to the other cell, then to the
	 * other year. */
	change(f, m1, MEETING_HELD, "2026-06-10T07:00:00Z",
	    "2026-06-10T09:00:00Z", 0);
	expect_kept(f);
	change(f, m2, MEETING_HELD, NULL, NULL, f->b);
	expect_kept(f);
	change(f, m4, MEETING_HELD, "2025-07-01T07:00:00Z",
	    "2025-07-01T09:00:00Z", 0);
	expect_kept(f);
	change(f, m5, MEETING_PLANNED, NULL, NULL, 0);
	expect_kept(f);
	/* Through the use case: a meeting moved to another month. */
	{
		struct meeting got;
		json_t *p = json_pack("{s:s, s:s}", "starts_at",
		    "2026-08-05T14:00:00+07:00", "ends_at",
		    "2026-08-05T16:00:00+07:00");

		check(svc_meeting_patch(&f->s, m1, p, 0, &got, &err), &err,
		    "patch");
		json_decref(p);
		meeting_release(&got);
	}
	expect_kept(f);
}

/* Months that end make the rows stale; a read refreshes them. */
static void
test_refresh(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_check_report r;
	size_t done;

	memset(&r, 0, sizeof(r));
	SET(f->s.today, "2026-05-20");
	meet(f, f->a, "regular", "2026-05-05T14:00:00+07:00",
	    "2026-05-05T16:00:00+07:00");
	check(svc_meeting_check(&f->s, f->g, 2026, "regular_missing", NULL,
	          100, &r, &err),
	    &err, "check");
	/* January to April in A (B refreshed by the read: four more). */
	assert_string_equal(r.through, "2026-04");
	assert_int_equal(r.page.n, 8);
	assert_int_equal(r.refreshed, 1); /* B had no rows */
	assert_false(r.stale);
	meeting_check_report_release(&r);
	/* June begins: May is judged (held), so nothing new in A, but B
	 * misses May; the read refreshes both. */
	SET(f->s.today, "2026-06-02");
	check(svc_meeting_check(&f->s, f->g, 2026, "regular_missing", NULL,
	          100, &r, &err),
	    &err, "check");
	assert_string_equal(r.through, "2026-05");
	assert_int_equal(r.refreshed, 2);
	assert_int_equal(r.page.n, 9);
	meeting_check_report_release(&r);
	/* Nothing stale: the refresh has nothing to do. */
	check(svc_meeting_check_refresh(&f->s, f->g, 2026, &done, &err), &err,
	    "refresh");
	assert_int_equal(done, 0);
	SET(f->s.today, "2026-12-07");
	check(svc_meeting_check_refresh(&f->s, f->g, 2026, &done, &err), &err,
	    "refresh");
	assert_int_equal(done, 2);
	check(svc_meeting_check_refresh(&f->s, f->g, 2025, &done, &err), &err,
	    "refresh");
	expect_kept(f);
}

/* The number of findings of code in the subtree of g in 2026, by a read
 * (which refreshes what is stale) through a fresh svc, as a request. */
static size_t
read_count(struct fx *f, const char *code)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_check_report r;
	size_t n;

	memset(&r, 0, sizeof(r));
	svc_release(&f->s);
	svc_init(&f->s, f->st, &f->rb, "cli:test");
	SET(f->s.today, "2026-12-07");
	check(svc_meeting_check(&f->s, f->g, 2026, code, NULL, 100, &r, &err),
	    &err, "check");
	n = r.page.n;
	meeting_check_report_release(&r);
	return n;
}

/* A committee's override of a meeting rule makes the kept rows stale:
 * the next read judges them by the override. */
static void
test_rules_change(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct rule_override o;
	size_t n;
	int64_t m;

	m = meet(f, f->a, "regular", "2026-06-05T14:00:00+07:00",
	    "2026-06-05T16:00:00+07:00");
	attend(f, m, f->a1, "present");
	attend(f, m, f->a2, "absent_unexcused");
	attend(f, m, f->a3, "absent_excused");
	assert_int_equal(read_count(f, "attendance_low"), 1); /* 33 % */
	memset(&o, 0, sizeof(o));
	o.rule_id = strdup("meeting.attendance");
	o.value_name = strdup("min_percent");
	o.value.type = RV_INT;
	o.value.i = 30;
	o.org_id = f->a;
	SET(o.from, "2025-01-01");
	o.doc_no = strdup("2-NQ/CB");
	o.recorded_by = strdup("test");
	check(store_rule_override_add(f->st, &o, &err), &err, "override");
	rule_override_release(&o);
	assert_int_equal(read_count(f, "attendance_low"), 0);
	check(svc_meeting_check_refresh(&f->s, f->g, 2025, &n, &err), &err,
	    "refresh");
	expect_kept(f);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kept_equals_recount,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules_change, setup,
		    teardown),
	};

	backend = test_backend(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
