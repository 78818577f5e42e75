/*
 * test-store.c - the store contract (store.h), run unchanged against each
 * backend: argv[1] is "sqlite" or "pg".  Same inputs, same expected
 * outputs: a difference between the two is dialect drift.
 *
 * Every test gets a fresh, migrated database (testlib's test_db_url), and
 * drops it afterwards.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/model.h"
#include "core/privacy.h"
#include "core/rulebook.h"
#include "store/cursor.h"
#include "store/store-int.h"
#include "store/store.h"
#include "svc/svc.h"
#include "testlib.h"
#include "util/err.h"
#include "util/text.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
/* Copies string s into the char array dst. */
#define SET(dst, s) snprintf((dst), sizeof(dst), "%s", (s))

static const char *backend;
static int dbseq;

struct fx {
	struct store	*st;
	char		*url;
	char		 dbname[64];
};

/* ------------------------------------------------------------ fixtures */

static struct fx *
fx_open(bool migrate)
{
	struct cb_error err = CB_ERROR_INIT;
	struct fx *f = calloc(1, sizeof(*f));
	int rc;

	assert_non_null(f);
	snprintf(f->dbname, sizeof(f->dbname), "store%d", ++dbseq);
	f->url = test_db_url(backend, f->dbname);
	rc = store_open(f->url, &f->st, &err);
	if (rc != 0)
		fprintf(stderr, "store_open %s: %s\n", f->url,
		    err.detail ? err.detail : "?");
	assert_int_equal(rc, 0);
	if (migrate) {
		rc = store_migrate(f->st, NULL, &err);
		if (rc != 0)
			fprintf(stderr, "migrate: %s\n",
			    err.detail ? err.detail : "?");
		assert_int_equal(rc, 0);
	}
	cb_error_release(&err);
	return f;
}

static int
setup(void **state)
{
	*state = fx_open(true);
	return 0;
}

static int
setup_empty(void **state)
{
	*state = fx_open(false);
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->st);
	test_db_drop(backend, f->dbname, f->url);
	free(f->url);
	free(f);
	return 0;
}

/* ------------------------------------------------------------- helpers */

static void
check_rc(int rc, int want, struct cb_error *err, const char *what)
{
	if (rc != want)
		fprintf(stderr, "%s: rc %d, want %d (%s: %s)\n", what, rc,
		    want, err->mcode ? err->mcode : "-",
		    err->detail ? err->detail : "-");
	assert_int_equal(rc, want);
}

#define OK(call) do {							\
	struct cb_error err_ = CB_ERROR_INIT;				\
	int rc_ = (call);						\
	check_rc(rc_, 0, &err_, #call);					\
	cb_error_release(&err_);					\
} while (0)

/* Asserts rc and, if field is set, that err names field first. */
static void
assert_err(int rc, int want, struct cb_error *err, const char *field)
{
	check_rc(rc, want, err, "call");
	assert_int_equal(err->code, -want);
	if (field != NULL) {
		assert_true(err->nfields >= 1);
		assert_string_equal(err->fields[0].field, field);
	}
	cb_error_release(err);
}

static void
assert_timestamp(const char *ts)
{
	int i;

	assert_non_null(ts);
	assert_int_equal(strlen(ts), 20);
	for (i = 0; i < 20; i++) {
		switch (i) {
		case 4: case 7: assert_int_equal(ts[i], '-'); break;
		case 10: assert_int_equal(ts[i], 'T'); break;
		case 13: case 16: assert_int_equal(ts[i], ':'); break;
		case 19: assert_int_equal(ts[i], 'Z'); break;
		default: assert_true(ts[i] >= '0' && ts[i] <= '9');
		}
	}
}

static int64_t
add_org(struct store *st, const char *code, const char *name,
    enum org_kind kind, int64_t parent, const char *valid_to)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org o;
	int64_t id;

	org_init(&o);
	o.kind = kind;
	o.name = strdup(name);
	o.code = strdup(code);
	o.parent_id = parent;
	SET(o.valid_from, "2020-01-01");
	if (valid_to)
		SET(o.valid_to, valid_to);
	check_rc(store_org_insert(st, &o, &err), 0, &err, code);
	id = o.id;
	org_release(&o);
	return id;
}

static void
mk_member(struct member *m, const char *name, int64_t org)
{
	member_init(m);
	m->full_name = strdup(name);
	m->org_id = org;
	m->gender = GENDER_MALE;
	m->status = MSTATUS_OFFICIAL;
	m->state = MSTATE_ACTIVE;
	SET(m->birth_date, "1980-05-06");
	SET(m->admitted_on, "2005-03-02");
}

static int64_t
add_member(struct store *st, const char *name, int64_t org,
    const char *citizen_id, enum member_status status, int state,
    const char *birth, const char *admitted)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	int64_t id;

	mk_member(&m, name, org);
	if (citizen_id)
		m.citizen_id = strdup(citizen_id);
	m.status = status;
	m.state = (enum member_state)state;
	snprintf(m.birth_date, DATE_LEN, "%s", birth ? birth : "");
	snprintf(m.admitted_on, DATE_LEN, "%s", admitted ? admitted : "");
	check_rc(store_member_insert(st, &m, &err), 0, &err, name);
	id = m.id;
	member_release(&m);
	return id;
}

static bool
member_exists(struct store *st, int64_t id)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	int rc;

	member_init(&m);
	rc = store_member_get(st, id, &m, &err);
	member_release(&m);
	cb_error_release(&err);
	assert_true(rc == 0 || rc == -CB_ENOTFOUND);
	return rc == 0;
}

static char *
org_path_of(struct store *st, int64_t id, int *depth, int64_t *version)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org o;
	char *p;

	org_init(&o);
	check_rc(store_org_get(st, id, &o, &err), 0, &err, "org_get");
	p = o.path;
	o.path = NULL;
	if (depth)
		*depth = o.depth;
	if (version)
		*version = o.version;
	org_release(&o);
	return p;
}

/* The cursor of a page of organisations that ends with id. */
static char *
org_cursor_of(struct store *st, int64_t id)
{
	char *path = org_path_of(st, id, NULL, NULL);
	char *c = store_cursor_make((const char *const[]){ path }, 1);

	free(path);
	return c;
}

/* "/1/5/" as the store writes it: "/0000000001/0000000005/". */
static char *
padded(const char *path)
{
	size_t cap = strlen(path) * 10 + 2, n = 1;
	char *out = calloc(1, cap);
	const char *p = path;

	assert_non_null(out);
	out[0] = '/';
	while (*++p) {
		long long id = strtoll(p, (char **)&p, 10);

		n += (size_t)snprintf(out + n, cap - n, "%010lld/", id);
		assert_true(n < cap);
	}
	return out;
}

static void
assert_path(struct store *st, int64_t id, const char *want_short, int depth)
{
	int d;
	char *p = org_path_of(st, id, &d, NULL);
	char *want = padded(want_short);

	assert_string_equal(p, want);
	free(want);
	assert_int_equal(d, depth);
	free(p);
}

/* --------------------------------------------------------- migrations */

static void
test_migrate(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int v = -1, n = store_migrations_available(f->st);
	char *val = NULL;

	assert_true(n >= 2);
	OK(store_schema_version(f->st, &v, &err));
	assert_int_equal(v, 0);
	OK(store_migrate(f->st, &v, &err));
	assert_int_equal(v, n);
	/* 0002 made the audit head: empty chain. */
	{
		char h[AUDIT_HASH_LEN];
		int64_t id = -1;

		OK(store_audit_head(f->st, &id, h, &err));
		assert_int_equal(id, 0);
		assert_string_equal(h, audit_genesis);
	}
	OK(store_schema_version(f->st, &v, &err));
	assert_int_equal(v, n);
	/* Again: nothing to do (re-running 0001 would fail: tables exist),
	 * and the data stays. */
	OK(store_meta_set(f->st, "k", "v", &err));
	v = -1;
	OK(store_migrate(f->st, &v, &err));
	assert_int_equal(v, n);
	OK(store_meta_get(f->st, "k", &val, &err));
	assert_string_equal(val, "v");
	free(val);
	assert_string_equal(store_backend_name(f->st),
	    strcmp(backend, "pg") == 0 ? "postgresql" : "sqlite");
}

/* The highest ?N or $N in sql. */
static int
max_param(const char *sql, char mark)
{
	const char *p;
	int max = 0;

	for (p = sql; *p; p++)
		if (*p == mark && p[1] >= '0' && p[1] <= '9') {
			int n = (int)strtol(p + 1, NULL, 10);

			if (n > max)
				max = n;
		}
	return max;
}

/* A COPY ... FROM STDIN (PostgreSQL's bulk statements) takes one column
 * where the SQLite statement takes one parameter: its column count. */
static int
copy_columns(const char *sql)
{
	const char *p;
	int n = 1;

	if (strncmp(sql, "COPY ", 5) != 0 || (p = strchr(sql, '(')) == NULL)
		return -1;
	for (; *p && *p != ')'; p++)
		n += *p == ',';
	return n;
}

static void
test_statements_prepare(void **state)
{
	struct fx *f = *state;
	int id;

	for (id = 0; id < STMT__MAX; id++) {
		struct cb_error err = CB_ERROR_INIT;
		const char *sql = store_stmt_sql(f->st, id);
		const char *a = sqlite_stmt_sql((enum stmt)id);
		const char *b = pg_stmt_sql((enum stmt)id);
		int rc, pb;

		if (sql == NULL || a == NULL || b == NULL)
			fprintf(stderr, "statement %d missing\n", id);
		assert_non_null(sql);
		assert_non_null(a);
		assert_non_null(b);
		/* Same parameters on both backends (a COPY: its columns). */
		pb = copy_columns(b) >= 0 ? copy_columns(b) : max_param(b, '$');
		if (max_param(a, '?') != pb)
			fprintf(stderr, "statement %d: ?%d vs $%d\n", id,
			    max_param(a, '?'), pb);
		assert_int_equal(max_param(a, '?'), pb);
		rc = store_stmt_prepare(f->st, id, &err);
		if (rc != 0)
			fprintf(stderr, "statement %d: %s\n", id,
			    err.detail ? err.detail : "?");
		assert_int_equal(rc, 0);
		cb_error_release(&err);
		/* Every statement is in the role table. */
		if (store_stmt_gate(id) == 0)
			fprintf(stderr, "statement %d has no gate\n", id);
		assert_int_not_equal(store_stmt_gate(id), 0);
	}
	assert_null(store_stmt_sql(f->st, STMT__MAX));
	/* The store can withhold every personal field core names. */
	assert_true(scope_personal_fields_known());
}

/* --------------------------------------------------------------- orgs */

static void
test_org_crud(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct org o, g;
	int64_t root, cell;

	root = add_org(f->st, "DU", "Đảng ủy Bộ", ORG_GRASSROOTS, 0, NULL);
	assert_path(f->st, root, "/1/", 0);
	cell = add_org(f->st, "CB-VTH", "Chi bộ Vụ Tổng hợp", ORG_CELL, root,
	    NULL);
	assert_true(cell > root);

	org_init(&g);
	OK(store_org_get(f->st, cell, &g, &err));
	assert_int_equal(g.id, cell);
	assert_int_equal(g.kind, ORG_CELL);
	assert_string_equal(g.name, "Chi bộ Vụ Tổng hợp");
	assert_string_equal(g.code, "CB-VTH");
	assert_int_equal(g.parent_id, root);
	assert_string_equal(g.valid_from, "2020-01-01");
	assert_string_equal(g.valid_to, "");
	assert_int_equal(g.version, 1);
	assert_int_equal(g.depth, 1);
	{
		char want[64];

		snprintf(want, sizeof(want), "/%010lld/%010lld/",
		    (long long)root, (long long)cell);
		assert_string_equal(g.path, want);
	}
	OK(store_org_get_by_code(f->st, "DU", &g, &err));
	assert_int_equal(g.id, root);
	assert_int_equal(g.parent_id, 0);
	assert_int_equal(store_org_get(f->st, 999, &g, &err), -CB_ENOTFOUND);
	cb_error_release(&err);
	assert_int_equal(store_org_get_by_code(f->st, "X", &g, &err),
	    -CB_ENOTFOUND);
	cb_error_release(&err);

	/* Duplicate code. */
	org_init(&o);
	o.kind = ORG_CELL;
	o.name = strdup("Khác");
	o.code = strdup("CB-VTH");
	o.parent_id = root;
	SET(o.valid_from, "2021-01-01");
	assert_err(store_org_insert(f->st, &o, &err), -CB_ECONFLICT, &err,
	    "code");
	/* Missing parent. */
	free(o.code);
	o.code = strdup("CB-NEW");
	o.parent_id = 4242;
	assert_err(store_org_insert(f->st, &o, &err), -CB_ENOTFOUND, &err,
	    "parent_id");
	/* Bad date. */
	o.parent_id = root;
	SET(o.valid_from, "2021-02-30");
	assert_err(store_org_insert(f->st, &o, &err), -CB_EINVAL, &err,
	    "valid_from");
	org_release(&o);

	/* Update: rename and close, version check. */
	OK(store_org_get(f->st, cell, &g, &err));
	free(g.name);
	g.name = strdup("Chi bộ Văn phòng");
	SET(g.valid_to, "2025-06-30");
	OK(store_org_update(f->st, &g, 1, &err));
	assert_int_equal(g.version, 2);
	assert_err(store_org_update(f->st, &g, 1, &err), -CB_EPRECOND, &err,
	    NULL);
	OK(store_org_get(f->st, cell, &g, &err));
	assert_string_equal(g.name, "Chi bộ Văn phòng");
	assert_string_equal(g.valid_to, "2025-06-30");
	assert_int_equal(g.version, 2);
	/* Unchecked update (0) passes. */
	OK(store_org_update(f->st, &g, 0, &err));
	assert_int_equal(g.version, 3);
	/* Duplicate code on update. */
	free(g.code);
	g.code = strdup("DU");
	assert_err(store_org_update(f->st, &g, 3, &err), -CB_ECONFLICT, &err,
	    "code");
	/* Unknown id. */
	g.id = 777;
	assert_err(store_org_update(f->st, &g, 0, &err), -CB_ENOTFOUND, &err,
	    NULL);
	org_release(&g);
}

static void
move(struct store *st, int64_t id, int64_t parent, int want,
    const char *field)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org o;

	org_init(&o);
	OK(store_org_get(st, id, &o, &err));
	o.parent_id = parent;
	if (want == 0)
		OK(store_org_update(st, &o, o.version, &err));
	else
		assert_err(store_org_update(st, &o, o.version, &err), want,
		    &err, field);
	org_release(&o);
}

static void
test_org_move(void **state)
{
	struct fx *f = *state;
	int64_t a, b, c, d, e, v0, v1;
	char *p;

	a = add_org(f->st, "A", "A", ORG_PROVINCE, 0, NULL);
	b = add_org(f->st, "B", "B", ORG_GRASSROOTS, a, NULL);
	c = add_org(f->st, "C", "C", ORG_CELL, b, NULL);
	d = add_org(f->st, "D", "D", ORG_GRASSROOTS, a, NULL);
	e = add_org(f->st, "E", "E", ORG_GROUP, c, NULL);
	assert_path(f->st, e, "/1/2/3/5/", 3);
	p = org_path_of(f->st, c, NULL, &v0);
	free(p);

	/* B (with C and E) moves under D. */
	move(f->st, b, d, 0, NULL);
	assert_path(f->st, b, "/1/4/2/", 2);
	assert_path(f->st, c, "/1/4/2/3/", 3);
	assert_path(f->st, e, "/1/4/2/3/5/", 4);
	assert_path(f->st, d, "/1/4/", 1);
	assert_path(f->st, a, "/1/", 0);
	p = org_path_of(f->st, c, NULL, &v1);
	free(p);
	assert_int_equal(v1, v0 + 1);	/* descendants' version bumped */

	/* Cycles: under itself, under a descendant; a missing parent. */
	move(f->st, b, b, -CB_EINVAL, "parent_id");
	move(f->st, d, e, -CB_EINVAL, "parent_id");
	move(f->st, a, c, -CB_EINVAL, "parent_id");
	move(f->st, b, 99, -CB_ENOTFOUND, "parent_id");
	assert_path(f->st, d, "/1/4/", 1);

	/* Out to a root, and back. */
	move(f->st, b, 0, 0, NULL);
	assert_path(f->st, b, "/2/", 0);
	assert_path(f->st, e, "/2/3/5/", 2);
	move(f->st, b, a, 0, NULL);
	assert_path(f->st, e, "/1/2/3/5/", 3);
	assert_path(f->st, d, "/1/4/", 1);
}

static void
assert_list(struct store *st, const struct org_query *q, const char *want)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_list l = { 0 };
	char got[512] = "";
	size_t i;

	OK(store_org_list(st, q, &l, &err));
	for (i = 0; i < l.n; i++) {
		size_t n = strlen(got);

		snprintf(got + n, sizeof(got) - n, "%s%s", i ? " " : "",
		    l.items[i].code);
	}
	if (strcmp(got, want) != 0)
		fprintf(stderr, "org list: got \"%s\", want \"%s\"\n", got,
		    want);
	assert_string_equal(got, want);
	org_list_release(&l);
}

static void
test_org_list(void **state)
{
	struct fx *f = *state;
	struct org_query q;
	struct cb_error err = CB_ERROR_INIT;
	struct org_list l = { 0 };
	struct org_page page = { 0 };
	int64_t r1, r2, x, i;
	char after[64], *next = NULL;
	size_t seen = 0;

	/* Ids 1..11; siblings in the order they were created. */
	r1 = add_org(f->st, "R1", "Đảng bộ Khối", ORG_PROVINCE, 0, NULL);
	for (i = 2; i <= 9; i++) {
		char code[8], name[32];

		snprintf(code, sizeof(code), "C%lld", (long long)i);
		snprintf(name, sizeof(name), "Chi bộ số %lld", (long long)i);
		add_org(f->st, code, name, ORG_GRASSROOTS, r1,
		    i == 9 ? "2024-12-31" : NULL);
	}
	x = add_org(f->st, "CB-VTH", "Chi bộ Vụ Tổng hợp", ORG_CELL, 2, NULL);
	assert_int_equal(x, 10);
	r2 = add_org(f->st, "R2", "Đảng bộ Tỉnh", ORG_PROVINCE, 0, NULL);
	assert_int_equal(r2, 11);

	memset(&q, 0, sizeof(q));
	assert_list(f->st, &q, "R1 C2 CB-VTH C3 C4 C5 C6 C7 C8 R2");
	q.include_closed = true;
	assert_list(f->st, &q, "R1 C2 CB-VTH C3 C4 C5 C6 C7 C8 C9 R2");
	q.roots_only = true;
	assert_list(f->st, &q, "R1 R2");
	q.roots_only = false;
	q.root_id = 2;
	assert_list(f->st, &q, "C2 CB-VTH");
	q.root_id = r2;
	assert_list(f->st, &q, "R2");
	q.root_id = 0;
	q.parent_id = r1;
	assert_list(f->st, &q, "C2 C3 C4 C5 C6 C7 C8 C9");
	q.root_id = 2;		/* both: the intersection */
	assert_list(f->st, &q, "C2");
	q.root_id = 0;
	q.parent_id = 0;
	/* q: folded substring of the name or of the code. */
	q.q = "TONG HOP";
	assert_list(f->st, &q, "CB-VTH");
	q.q = "đảng bộ";
	assert_list(f->st, &q, "R1 R2");
	q.q = "cb-v";
	assert_list(f->st, &q, "CB-VTH");
	q.q = "so 9";
	assert_list(f->st, &q, "C9");
	q.include_closed = false;
	assert_list(f->st, &q, "");
	q.include_closed = true;
	q.q = "100%";		/* no wildcard meaning */
	assert_list(f->st, &q, "");
	q.q = NULL;
	/* A limit past INT64_MAX is none (PostgreSQL refuses a negative
	 * LIMIT). */
	q.limit = SIZE_MAX;
	assert_list(f->st, &q, "R1 C2 CB-VTH C3 C4 C5 C6 C7 C8 C9 R2");
	q.limit = 0;

	/* Keyset pages of 3 visit every org once, in path order; the last
	 * page has no next cursor. */
	after[0] = '\0';
	q.limit = 3;
	q.cursor = NULL;
	for (;;) {
		OK(store_org_page(f->st, &q, &page, &err));
		assert_true(page.list.n <= 3);
		for (i = 0; i < (int64_t)page.list.n; i++)
			assert_true(strcmp(page.list.items[i].path, after) > 0);
		seen += page.list.n;
		if (page.list.n > 0)
			SET(after, page.list.items[page.list.n - 1].path);
		free(next);
		next = page.next_cursor ? strdup(page.next_cursor) : NULL;
		if (next == NULL)
			break;
		assert_int_equal(page.list.n, 3);
		q.cursor = next;
		/* store_org_list reads the same cursor. */
		q.limit = 1;
		OK(store_org_list(f->st, &q, &l, &err));
		assert_int_equal(l.n, 1);
		assert_true(strcmp(l.items[0].path, after) > 0);
		q.limit = 3;
	}
	org_page_release(&page);
	org_list_release(&l);
	assert_int_equal(seen, 11);
	/* Not a cursor of this list. */
	for (i = 0; i < 4; i++) {
		static const char *const bad[] = { "", "x", "MTIz", "LzEvfDI" };

		q.cursor = bad[i];
		assert_int_equal(store_org_page(f->st, &q, &page, &err),
		    -CB_EINVAL);
		assert_string_equal(err.mcode, "invalid_query");
		assert_err(-CB_EINVAL, -CB_EINVAL, &err, "cursor");
		assert_int_equal(store_org_list(f->st, &q, &l, &err),
		    -CB_EINVAL);
		assert_string_equal(err.mcode, "invalid_query");
		assert_err(-CB_EINVAL, -CB_EINVAL, &err, "cursor");
	}

	/* An unknown root. */
	memset(&q, 0, sizeof(q));
	q.root_id = 500;
	assert_err(store_org_list(f->st, &q, &l, &err), -CB_ENOTFOUND, &err,
	    NULL);
}

static void
test_org_counts(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct org_counts c;
	int64_t top, sub, cell1, cell2, closed, m, n;

	top = add_org(f->st, "T", "Đảng bộ", ORG_GRASSROOTS, 0, NULL);
	sub = add_org(f->st, "S", "Đảng bộ bộ phận", ORG_SUB_COMMITTEE, top,
	    NULL);
	cell1 = add_org(f->st, "C1", "Chi bộ 1", ORG_CELL, sub, NULL);
	cell2 = add_org(f->st, "C2", "Chi bộ 2", ORG_CELL, top, NULL);
	closed = add_org(f->st, "C3", "Chi bộ 3", ORG_CELL, top, "2024-01-01");

	add_member(f->st, "Nguyễn Văn A", top, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1970-01-01", "2000-01-01");
	add_member(f->st, "Nguyễn Văn B", cell1, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1970-01-01", "2000-01-01");
	add_member(f->st, "Nguyễn Văn C", cell1, NULL, MSTATUS_PROBATIONARY,
	    MSTATE_ACTIVE, "1970-01-01", "2024-01-01");
	add_member(f->st, "Nguyễn Văn D", cell2, NULL, MSTATUS_PROBATIONARY,
	    MSTATE_ACTIVE, "1970-01-01", "2024-01-01");
	/* Not on the rolls: left, died, deleted. */
	add_member(f->st, "Nguyễn Văn E", cell2, NULL, MSTATUS_OFFICIAL,
	    MSTATE_DIED, "1930-01-01", "1960-01-01");
	add_member(f->st, "Nguyễn Văn F", top, NULL, MSTATUS_OFFICIAL,
	    MSTATE_TRANSFERRED_OUT, "1970-01-01", "2000-01-01");
	m = add_member(f->st, "Nguyễn Văn G", cell1, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1970-01-01", "2000-01-01");
	OK(store_member_delete(f->st, m, 0, &err));
	(void)closed;

	OK(store_org_counts(f->st, top, &c, &err));
	assert_int_equal(c.direct, 1);
	assert_int_equal(c.subtree, 4);
	assert_int_equal(c.subtree_official, 2);
	assert_int_equal(c.subtree_probationary, 2);
	assert_int_equal(c.children, 2);	/* S, C2; not closed C3 */
	assert_int_equal(c.descendants, 3);	/* S, C1, C2 */
	OK(store_org_counts(f->st, sub, &c, &err));
	assert_int_equal(c.direct, 0);
	assert_int_equal(c.subtree, 2);
	assert_int_equal(c.subtree_official, 1);
	assert_int_equal(c.subtree_probationary, 1);
	assert_int_equal(c.children, 1);
	assert_int_equal(c.descendants, 1);
	OK(store_org_counts(f->st, cell1, &c, &err));
	assert_int_equal(c.direct, 2);
	assert_int_equal(c.subtree, 2);
	assert_int_equal(c.children, 0);
	assert_int_equal(c.descendants, 0);
	assert_err(store_org_counts(f->st, 99, &c, &err), -CB_ENOTFOUND, &err,
	    NULL);

	/* Merge C1 into C2: the active and the left ones move, not the
	 * deleted one. */
	OK(store_org_move_members(f->st, cell1, cell2, &n, &err));
	assert_int_equal(n, 2);
	OK(store_org_counts(f->st, cell2, &c, &err));
	assert_int_equal(c.direct, 3);
	OK(store_org_counts(f->st, cell1, &c, &err));
	assert_int_equal(c.direct, 0);
	assert_err(store_org_move_members(f->st, cell1, 99, &n, &err),
	    -CB_ENOTFOUND, &err, NULL);
}

static void
test_org_events(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct org_event e;
	struct org_event_list l = { 0 };
	int64_t o = add_org(f->st, "O", "Chi bộ", ORG_CELL, 0, NULL);
	const char *kinds[] = { "renamed", "created", "closed" };
	const char *dates[] = { "2022-05-01", "2020-01-01", "2022-05-01" };
	int64_t ids[3];
	size_t i;

	for (i = 0; i < 3; i++) {
		memset(&e, 0, sizeof(e));
		e.org_id = o;
		e.kind = strdup(kinds[i]);
		SET(e.on, dates[i]);
		e.doc_no = strdup("123-QĐ/ĐU");
		e.details = strdup("{\"old\":\"Chi bộ \\\"A\\\"\"}");
		e.recorded_by = strdup("văn phòng");
		OK(store_org_event_add(f->st, &e, &err));
		assert_true(e.id > 0);
		assert_timestamp(e.recorded_at);
		ids[i] = e.id;
		org_event_release(&e);
	}
	memset(&e, 0, sizeof(e));
	e.org_id = 999;
	e.kind = strdup("created");
	assert_err(store_org_event_add(f->st, &e, &err), -CB_ENOTFOUND, &err,
	    "org_id");
	org_event_release(&e);

	OK(store_org_events(f->st, o, &l, &err));
	assert_int_equal(l.n, 3);
	/* By date, then id. */
	assert_int_equal(l.items[0].id, ids[1]);
	assert_int_equal(l.items[1].id, ids[0]);
	assert_int_equal(l.items[2].id, ids[2]);
	assert_string_equal(l.items[0].kind, "created");
	assert_string_equal(l.items[0].on, "2020-01-01");
	assert_string_equal(l.items[1].doc_no, "123-QĐ/ĐU");
	assert_string_equal(l.items[1].details, "{\"old\":\"Chi bộ \\\"A\\\"\"}");
	assert_string_equal(l.items[1].recorded_by, "văn phòng");
	assert_int_equal(l.items[1].org_id, o);
	assert_timestamp(l.items[2].recorded_at);
	org_event_list_release(&l);
}

/* ------------------------------------------------------------ members */

static void
test_member_crud(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct member m, g;
	int64_t org = add_org(f->st, "O", "Chi bộ", ORG_CELL, 0, NULL);
	int64_t org2 = add_org(f->st, "P", "Chi bộ 2", ORG_CELL, 0, NULL);
	int64_t id, found;

	mk_member(&m, "Nguyễn Thị Minh Khai", org);
	m.gender = GENDER_FEMALE;
	m.birthplace = strdup("Vinh, Nghệ An");
	m.hometown = strdup("Nghệ An");
	m.ethnicity = strdup("Kinh");
	m.religion = strdup("Không");
	m.citizen_id = strdup("001190000001");
	m.card_no = strdup("01.234567");
	m.dossier_no = strdup("LL-1");
	SET(m.admission_decision_date, "2005-02-01");
	SET(m.official_on, "2006-03-02");
	m.status = MSTATUS_OFFICIAL;
	SET(m.exempt_since, "2020-01-01");
	m.job_title = strdup("Chuyên viên");
	m.education = strdup("12/12");
	m.professional_level = strdup("Thạc sĩ");
	m.theory_level = strdup("Cao cấp");
	m.phone = strdup("0912345678");
	m.email = strdup("khai@example.vn");
	OK(store_member_insert(f->st, &m, &err));
	id = m.id;
	assert_true(id > 0);
	assert_int_equal(m.version, 1);
	assert_timestamp(m.created_at);
	assert_string_equal(m.created_at, m.updated_at);

	member_init(&g);
	OK(store_member_get(f->st, id, &g, &err));
	assert_int_equal(g.id, id);
	assert_string_equal(g.full_name, "Nguyễn Thị Minh Khai");
	assert_int_equal(g.gender, GENDER_FEMALE);
	assert_string_equal(g.birth_date, "1980-05-06");
	assert_string_equal(g.birthplace, "Vinh, Nghệ An");
	assert_string_equal(g.hometown, "Nghệ An");
	assert_string_equal(g.ethnicity, "Kinh");
	assert_string_equal(g.religion, "Không");
	assert_string_equal(g.citizen_id, "001190000001");
	assert_string_equal(g.card_no, "01.234567");
	assert_string_equal(g.dossier_no, "LL-1");
	assert_string_equal(g.admission_decision_date, "2005-02-01");
	assert_string_equal(g.admitted_on, "2005-03-02");
	assert_string_equal(g.official_on, "2006-03-02");
	assert_int_equal(g.status, MSTATUS_OFFICIAL);
	assert_string_equal(g.exempt_since, "2020-01-01");
	assert_int_equal(g.org_id, org);
	assert_string_equal(g.job_title, "Chuyên viên");
	assert_string_equal(g.education, "12/12");
	assert_string_equal(g.professional_level, "Thạc sĩ");
	assert_string_equal(g.theory_level, "Cao cấp");
	assert_string_equal(g.phone, "0912345678");
	assert_string_equal(g.email, "khai@example.vn");
	assert_int_equal(g.state, MSTATE_ACTIVE);
	assert_int_equal(g.version, 1);
	assert_string_equal(g.created_at, m.created_at);
	assert_string_equal(g.updated_at, m.updated_at);

	/* Update every kind of field, clearing some. */
	free(g.full_name);
	g.full_name = strdup("Nguyễn Thị Khai");
	g.gender = GENDER_NONE;
	g.birth_date[0] = '\0';
	free(g.religion);
	g.religion = NULL;
	g.status = MSTATUS_PROBATIONARY;
	g.state = MSTATE_TRANSFERRED_OUT;
	g.org_id = org2;
	g.exempt_since[0] = '\0';
	OK(store_member_update(f->st, &g, 1, &err));
	assert_int_equal(g.version, 2);
	assert_timestamp(g.updated_at);
	member_release(&m);
	member_init(&m);
	OK(store_member_get(f->st, id, &m, &err));
	assert_string_equal(m.full_name, "Nguyễn Thị Khai");
	assert_int_equal(m.gender, GENDER_NONE);
	assert_string_equal(m.birth_date, "");
	assert_null(m.religion);
	assert_int_equal(m.status, MSTATUS_PROBATIONARY);
	assert_int_equal(m.state, MSTATE_TRANSFERRED_OUT);
	assert_int_equal(m.org_id, org2);
	assert_string_equal(m.exempt_since, "");
	assert_int_equal(m.version, 2);
	assert_string_equal(m.created_at, g.created_at);

	/* Stale version; unknown id; unknown org. */
	assert_err(store_member_update(f->st, &m, 1, &err), -CB_EPRECOND,
	    &err, NULL);
	m.id = 9999;
	assert_err(store_member_update(f->st, &m, 0, &err), -CB_ENOTFOUND,
	    &err, NULL);
	m.id = id;
	m.org_id = 4242;
	assert_err(store_member_update(f->st, &m, 2, &err), -CB_ENOTFOUND,
	    &err, "org_id");
	m.org_id = org;
	SET(m.birth_date, "1980-13-01");
	assert_err(store_member_update(f->st, &m, 2, &err), -CB_EINVAL,
	    &err, "birth_date");
	SET(m.birth_date, "1980-12-01");

	/* find */
	OK(store_member_find(f->st, "citizen_id", "001190000001", &found,
	    &err));
	assert_int_equal(found, id);
	OK(store_member_find(f->st, "card_no", "01.234567", &found, &err));
	assert_int_equal(found, id);
	OK(store_member_find(f->st, "card_no", "nope", &found, &err));
	assert_int_equal(found, 0);
	assert_err(store_member_find(f->st, "phone", "1", &found, &err),
	    -CB_EINVAL, &err, NULL);

	/* Delete: stale, then for real; gone for get, find, update. */
	assert_err(store_member_delete(f->st, id, 1, &err), -CB_EPRECOND,
	    &err, NULL);
	OK(store_member_delete(f->st, id, 2, &err));
	assert_false(member_exists(f->st, id));
	assert_err(store_member_get(f->st, id, &g, &err), -CB_ENOTFOUND, &err,
	    NULL);
	OK(store_member_find(f->st, "citizen_id", "001190000001", &found,
	    &err));
	assert_int_equal(found, 0);
	assert_err(store_member_delete(f->st, id, 0, &err), -CB_ENOTFOUND,
	    &err, NULL);
	assert_err(store_member_update(f->st, &m, 0, &err), -CB_ENOTFOUND,
	    &err, NULL);
	member_release(&m);
	member_release(&g);

	/* Its IDs are free again. */
	mk_member(&m, "Trần Văn Mới", org);
	m.citizen_id = strdup("001190000001");
	m.card_no = strdup("01.234567");
	OK(store_member_insert(f->st, &m, &err));
	assert_true(m.id != id);
	member_release(&m);
}

static void
test_member_conflicts(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	int64_t org = add_org(f->st, "O", "Chi bộ", ORG_CELL, 0, NULL);
	int64_t a, b;

	mk_member(&m, "Lê Văn A", org);
	m.citizen_id = strdup("001111111111");
	m.card_no = strdup("C-1");
	OK(store_member_insert(f->st, &m, &err));
	a = m.id;
	member_release(&m);

	mk_member(&m, "Lê Văn B", org);
	m.citizen_id = strdup("001111111111");
	m.card_no = strdup("C-2");
	assert_err(store_member_insert(f->st, &m, &err), -CB_ECONFLICT, &err,
	    "citizen_id");
	free(m.citizen_id);
	m.citizen_id = strdup("002222222222");
	free(m.card_no);
	m.card_no = strdup("C-1");
	assert_err(store_member_insert(f->st, &m, &err), -CB_ECONFLICT, &err,
	    "card_no");
	free(m.card_no);
	m.card_no = strdup("C-2");
	OK(store_member_insert(f->st, &m, &err));
	b = m.id;
	/* Update into a conflict. */
	free(m.citizen_id);
	m.citizen_id = strdup("001111111111");
	assert_err(store_member_update(f->st, &m, 0, &err), -CB_ECONFLICT,
	    &err, "citizen_id");
	member_release(&m);
	(void)a;
	(void)b;

	/* Absent IDs ("" or NULL) never conflict. */
	mk_member(&m, "Lê Văn C", org);
	m.citizen_id = strdup("");
	OK(store_member_insert(f->st, &m, &err));
	member_release(&m);
	mk_member(&m, "Lê Văn D", org);
	m.citizen_id = strdup("");
	OK(store_member_insert(f->st, &m, &err));
	OK(store_member_get(f->st, m.id, &m, &err));
	assert_null(m.citizen_id);
	assert_null(m.card_no);
	member_release(&m);

	/* Unknown organisation; invalid state; no name. */
	mk_member(&m, "Lê Văn E", 4242);
	assert_err(store_member_insert(f->st, &m, &err), -CB_ENOTFOUND, &err,
	    "org_id");
	m.org_id = org;
	m.state = (enum member_state)42;
	assert_err(store_member_insert(f->st, &m, &err), -CB_EINVAL, &err,
	    "state");
	m.state = MSTATE_ACTIVE;
	free(m.full_name);
	m.full_name = NULL;
	assert_err(store_member_insert(f->st, &m, &err), -CB_EINVAL, &err,
	    "full_name");
	member_release(&m);
}

/* ---------------------------------------------------------------- lists */

struct row {
	int64_t		 id;
	int64_t		 org;
	const char	*name;
	unsigned char	*key;
	size_t		 keylen;
	char		 birth[DATE_LEN];
	char		 admitted[DATE_LEN];
};

static struct row rows[64];
static size_t nrows;

static enum member_sort cmp_sort;

static int
cmp_rows(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int c = 0;

	switch (cmp_sort) {
	case MSORT_NAME:
	case MSORT_NAME_DESC: {
		size_t n = a->keylen < b->keylen ? a->keylen : b->keylen;

		c = memcmp(a->key, b->key, n);
		if (c == 0)
			c = (a->keylen > b->keylen) - (a->keylen < b->keylen);
		break;
	}
	case MSORT_BIRTH_DATE:
		c = strcmp(a->birth, b->birth);
		break;
	case MSORT_ADMITTED_ON:
		c = strcmp(a->admitted, b->admitted);
		break;
	case MSORT_ID:
	case MSORT__MAX:
		break;
	}
	if (c == 0)
		c = (a->id > b->id) - (a->id < b->id);
	return cmp_sort == MSORT_NAME_DESC ? -c : c;
}

/* Reads the fixture of names in their expected order. */
static size_t
load_names(char names[][64], size_t max)
{
	char path[1024], *buf, *line, *save = NULL;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/store/vi-names.txt", test_data_dir());
	buf = test_read_file(path, NULL);
	assert_non_null(buf);
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (*line == '#' || *line == '\0')
			continue;
		assert_true(n < max);
		snprintf(names[n++], 64, "%s", line);
	}
	free(buf);
	return n;
}

static char fixture_names[64][64];

/*
 * Inserts the fixture in a scrambled order into three organisations
 * (o1 > o2 subtree, o3 apart), with varied dates, statuses and states.
 */
static size_t
insert_fixture(struct store *st, int64_t o1, int64_t o2, int64_t o3)
{
	size_t n = load_names(fixture_names, N_ELEMS(fixture_names)), i, k;

	nrows = 0;
	for (k = 0; k < n; k++) {
		struct row *r = &rows[nrows++];
		int64_t org;

		i = (k * 7) % n;	/* n is not a multiple of 7 */
		memset(r, 0, sizeof(*r));
		r->name = fixture_names[i];
		/* Some unknown dates (sort first), many equal ones. */
		if (k % 5 != 0)
			snprintf(r->birth, DATE_LEN, "19%02zu-0%zu-1%zu",
			    50 + k % 9, 1 + k % 9, k % 10);
		if (k % 6 != 0)
			snprintf(r->admitted, DATE_LEN, "20%02zu-01-01",
			    k % 4);
		org = k % 3 == 0 ? o1 : k % 3 == 1 ? o2 : o3;
		r->org = org;
		r->id = add_member(st, r->name, org, NULL,
		    k % 4 == 0 ? MSTATUS_PROBATIONARY : MSTATUS_OFFICIAL,
		    MSTATE_ACTIVE, r->birth, r->admitted);
		assert_int_equal(text_sort_key(r->name, &r->key, &r->keylen),
		    0);
	}
	return n;
}

static void
free_fixture(void)
{
	size_t i;

	for (i = 0; i < nrows; i++)
		free(rows[i].key);
	nrows = 0;
}

/* Pages through q with limit per page; returns the ids in order (at most
 * max) and asserts the page structure. */
static size_t
page_all(struct store *st, struct member_query *q, size_t limit,
    int64_t *ids, size_t max)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_page p = { 0 };
	char *cursor = NULL;
	size_t n = 0, i, pages = 0;

	q->limit = limit;
	for (;;) {
		q->cursor = cursor;
		OK(store_member_list(st, q, &p, &err));
		assert_true(p.n <= limit);
		for (i = 0; i < p.n; i++) {
			assert_true(n < max);
			ids[n++] = p.items[i].id;
		}
		pages++;
		free(cursor);
		cursor = p.next_cursor;
		p.next_cursor = NULL;
		if (cursor == NULL)
			break;
		assert_int_equal(p.n, limit);	/* only the last is short */
	}
	member_page_release(&p);
	q->cursor = NULL;
	assert_true(pages < 1000);
	return n;
}

static void
test_member_list_sorts(void **state)
{
	struct fx *f = *state;
	int64_t o1 = add_org(f->st, "O1", "A", ORG_GRASSROOTS, 0, NULL);
	int64_t o2 = add_org(f->st, "O2", "B", ORG_CELL, o1, NULL);
	int64_t o3 = add_org(f->st, "O3", "C", ORG_CELL, 0, NULL);
	size_t n = insert_fixture(f->st, o1, o2, o3), got, i, j;
	int64_t ids[128];
	struct member_query q;
	int s;

	for (s = 0; s < MSORT__MAX; s++) {
		size_t limits[] = { 1, 4, 7, 1000 };
		struct row sorted[64];

		memcpy(sorted, rows, nrows * sizeof(rows[0]));
		cmp_sort = (enum member_sort)s;
		qsort(sorted, nrows, sizeof(sorted[0]), cmp_rows);
		for (j = 0; j < N_ELEMS(limits); j++) {
			memset(&q, 0, sizeof(q));
			q.state = MEMBER_STATE_ANY;
			q.sort = (enum member_sort)s;
			got = page_all(f->st, &q, limits[j], ids, N_ELEMS(ids));
			/* Every row exactly once, in the expected order. */
			assert_int_equal(got, n);
			for (i = 0; i < n; i++) {
				if (ids[i] != sorted[i].id)
					fprintf(stderr, "sort %s limit %zu: "
					    "row %zu is %lld, want %lld (%s)\n",
					    member_sort_name(q.sort),
					    limits[j], i, (long long)ids[i],
					    (long long)sorted[i].id,
					    sorted[i].name);
				assert_int_equal(ids[i], sorted[i].id);
			}
		}
	}
	free_fixture();
}

/*
 * The three plans give the same pages: a small subtree is read through
 * member.org_id ("org"), a large one by walking the sort index ("plain"),
 * a q search through the fold indexes ("q").
 */
static void
test_member_list_plans(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t r, s, c3, c4, i, ids[128];
	struct member_query q;
	size_t n, got, k, j;
	int srt;

	/* 800 organisations: a subtree under 800 / 200 = 4 is small. */
	OK(store_begin(f->st, &err));
	r = add_org(f->st, "R", "Đảng bộ", ORG_GRASSROOTS, 0, NULL);
	s = add_org(f->st, "S", "Đảng bộ bộ phận", ORG_SUB_COMMITTEE, r, NULL);
	c3 = add_org(f->st, "C3", "Chi bộ 3", ORG_CELL, s, NULL);
	c4 = add_org(f->st, "C4", "Chi bộ 4", ORG_CELL, s, NULL);
	for (i = 5; i <= 800; i++) {
		char code[16];

		snprintf(code, sizeof(code), "X%lld", (long long)i);
		add_org(f->st, code, code, ORG_CELL, r, NULL);
	}
	OK(store_commit(f->st, &err));
	n = insert_fixture(f->st, c3, c4, r);

	memset(&q, 0, sizeof(q));
	q.state = MEMBER_STATE_ANY;
	q.org_id = s;
	assert_string_equal(store_member_list_plan(f->st, &q), "org");
	q.org_id = c3;
	assert_string_equal(store_member_list_plan(f->st, &q), "org");
	q.org_id = r;
	assert_string_equal(store_member_list_plan(f->st, &q), "plain");
	q.org_id = 0;
	assert_string_equal(store_member_list_plan(f->st, &q), "plain");
	q.q = "nguyen";
	assert_string_equal(store_member_list_plan(f->st, &q), "q");
	q.org_id = s;
	assert_string_equal(store_member_list_plan(f->st, &q), "q");
	q.q = NULL;

	for (srt = 0; srt < MSORT__MAX; srt++) {
		int64_t orgs[] = { s, c3, r };

		cmp_sort = (enum member_sort)srt;
		qsort(rows, nrows, sizeof(rows[0]), cmp_rows);
		for (j = 0; j < N_ELEMS(orgs); j++) {
			q.sort = (enum member_sort)srt;
			q.org_id = orgs[j];
			got = page_all(f->st, &q, 4, ids, N_ELEMS(ids));
			for (k = 0, i = 0; k < n; k++) {
				if (orgs[j] == s && rows[k].org == r)
					continue;
				if (orgs[j] == c3 && rows[k].org != c3)
					continue;
				assert_true((size_t)i < got);
				assert_int_equal(ids[i], rows[k].id);
				i++;
			}
			assert_int_equal(got, (size_t)i);
		}
	}
	free_fixture();
}

/* The fixture's names listed by MSORT_NAME, in order. */
static void
test_member_vietnamese_order(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct member_query q;
	struct member_page p = { 0 };
	int64_t o = add_org(f->st, "O", "Chi bộ", ORG_CELL, 0, NULL);
	size_t n = insert_fixture(f->st, o, o, o), i;
	const char *example[] = { "Dương Văn Bảo", "Hồ Thị Bích",
	    "Đỗ Văn Bình", "Lê Thị Bình", "Vũ Văn Bình" };
	size_t at[5], k;

	assert_true(n >= 30);
	memset(&q, 0, sizeof(q));
	q.sort = MSORT_NAME;
	q.state = MSTATE_ACTIVE;
	q.limit = 1000;
	OK(store_member_list(f->st, &q, &p, &err));
	assert_int_equal(p.n, n);
	assert_null(p.next_cursor);
	/* The order of the file (written by hand from the rules)... */
	for (i = 0; i < n; i++) {
		if (strcmp(p.items[i].full_name, fixture_names[i]) != 0)
			fprintf(stderr, "position %zu: %s, want %s\n", i,
			    p.items[i].full_name, fixture_names[i]);
		assert_string_equal(p.items[i].full_name, fixture_names[i]);
	}
	/* ... equal names by id ... */
	for (i = 1; i < n; i++)
		if (strcmp(p.items[i].full_name, p.items[i - 1].full_name) == 0)
			assert_true(p.items[i].id > p.items[i - 1].id);
	/* ... and memcmp of the sort keys. */
	for (i = 1; i < n; i++) {
		unsigned char *a, *b;
		size_t la, lb;
		int c;

		assert_int_equal(text_sort_key(p.items[i - 1].full_name, &a,
		    &la), 0);
		assert_int_equal(text_sort_key(p.items[i].full_name, &b, &lb),
		    0);
		c = memcmp(a, b, la < lb ? la : lb);
		assert_true(c < 0 || (c == 0 && la <= lb));
		free(a);
		free(b);
	}
	/* The domain's own example. */
	for (k = 0; k < 5; k++) {
		at[k] = n;
		for (i = 0; i < p.n; i++)
			if (strcmp(p.items[i].full_name, example[k]) == 0)
				at[k] = i;
		assert_true(at[k] < n);
		if (k > 0)
			assert_true(at[k - 1] < at[k]);
	}
	member_page_release(&p);
	free_fixture();
}

static size_t
count_list(struct store *st, struct member_query *q)
{
	int64_t ids[128];

	return page_all(st, q, 5, ids, N_ELEMS(ids));
}

static void
test_member_list_filters(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t o1 = add_org(f->st, "O1", "A", ORG_GRASSROOTS, 0, NULL);
	int64_t o2 = add_org(f->st, "O2", "B", ORG_CELL, o1, NULL);
	int64_t o3 = add_org(f->st, "O3", "C", ORG_CELL, 0, NULL);
	size_t n = insert_fixture(f->st, o1, o2, o3), i, n1 = 0, n2 = 0,
	    nprob = 0;
	struct member_query q;
	int64_t gone, left;

	for (i = 0; i < n; i++) {
		if (i % 3 != 2)
			n1++;
		if (i % 3 == 1)
			n2++;
		if (i % 4 == 0)
			nprob++;
	}
	memset(&q, 0, sizeof(q));
	q.state = MEMBER_STATE_ANY;
	q.sort = MSORT_NAME;
	assert_int_equal(count_list(f->st, &q), n);
	q.org_id = o1;				/* subtree: O1 and O2 */
	assert_int_equal(count_list(f->st, &q), n1);
	q.org_id = o2;
	assert_int_equal(count_list(f->st, &q), n2);
	q.org_id = 0;
	q.status = MSTATUS_PROBATIONARY;
	assert_int_equal(count_list(f->st, &q), nprob);
	q.status = MSTATUS_OFFICIAL;
	assert_int_equal(count_list(f->st, &q), n - nprob);
	q.status = MSTATUS_NONE;

	/* State: one leaves; one is deleted (never listed). */
	left = add_member(f->st, "Đào Văn Rời", o3, NULL, MSTATUS_OFFICIAL,
	    MSTATE_LEFT, NULL, NULL);
	gone = add_member(f->st, "Đào Văn Xóa", o3, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, NULL, NULL);
	OK(store_member_delete(f->st, gone, 0, &err));
	assert_int_equal(count_list(f->st, &q), n + 1);
	q.state = MSTATE_ACTIVE;
	assert_int_equal(count_list(f->st, &q), n);
	q.state = MSTATE_LEFT;
	{
		int64_t ids[4];

		assert_int_equal(page_all(f->st, &q, 10, ids, 4), 1);
		assert_int_equal(ids[0], left);
	}
	q.state = MEMBER_STATE_ANY;
	q.org_id = 555;
	{
		struct member_page p = { 0 };

		q.limit = 10;
		assert_err(store_member_list(f->st, &q, &p, &err),
		    -CB_ENOTFOUND, &err, "org_id");
		q.org_id = 0;
		q.limit = 0;
		assert_err(store_member_list(f->st, &q, &p, &err),
		    -CB_EINVAL, &err, "limit");
		q.limit = 1001;
		assert_err(store_member_list(f->st, &q, &p, &err),
		    -CB_EINVAL, &err, "limit");
		member_page_release(&p);
	}
	free_fixture();
}

/* Names found by q, sorted by name, joined by ", ". */
static void
assert_search(struct store *st, const char *qs, enum member_sort sort,
    const char *want)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_query q;
	struct member_page p = { 0 };
	char got[1024] = "", *cursor = NULL;
	size_t i;

	memset(&q, 0, sizeof(q));
	q.q = qs;
	q.state = MEMBER_STATE_ANY;
	q.sort = sort;
	q.limit = 1;			/* page through the matches */
	do {
		q.cursor = cursor;
		OK(store_member_list(st, &q, &p, &err));
		for (i = 0; i < p.n; i++) {
			size_t n = strlen(got);

			snprintf(got + n, sizeof(got) - n, "%s%s",
			    n ? ", " : "", p.items[i].full_name);
		}
		free(cursor);
		cursor = p.next_cursor;
		p.next_cursor = NULL;
	} while (cursor != NULL);
	member_page_release(&p);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "q \"%s\": got \"%s\", want \"%s\"\n", qs, got,
		    want);
	assert_string_equal(got, want);
}

static void
test_member_search(void **state)
{
	struct fx *f = *state;
	int64_t o = add_org(f->st, "O", "Chi bộ", ORG_CELL, 0, NULL);

	add_member(f->st, "Nguyễn Văn Dũng", o, "001200000001",
	    MSTATUS_OFFICIAL, MSTATE_ACTIVE, "1980-01-01", "2000-01-01");
	add_member(f->st, "Nguyễn Văn Dung", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1981-01-01", "2000-01-01");
	add_member(f->st, "Nguyễn Văn Đức", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1982-01-01", "2000-01-01");
	add_member(f->st, "Đặng Thị Dung", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1983-01-01", "2000-01-01");
	add_member(f->st, "Trần Nguyên", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1984-01-01", "2000-01-01");
	add_member(f->st, "Lê Văn Nguyễn", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1985-01-01", "2000-01-01");
	{
		struct cb_error err = CB_ERROR_INIT;
		struct member m;

		mk_member(&m, "Phạm Văn Thẻ", o);
		m.card_no = strdup("77000001");
		OK(store_member_insert(f->st, &m, &err));
		member_release(&m);
	}

	/* Tone, case and đ/d ignored; prefix of the full name. */
	assert_search(f->st, "nguyen van d", MSORT_NAME,
	    "Nguyễn Văn Dung, Nguyễn Văn Dũng, Nguyễn Văn Đức");
	assert_search(f->st, "NGUYỄN VĂN DŨNG", MSORT_NAME,
	    "Nguyễn Văn Dung, Nguyễn Văn Dũng");
	/* Given name first. */
	assert_search(f->st, "DUNG NGUYEN", MSORT_NAME,
	    "Nguyễn Văn Dung, Nguyễn Văn Dũng");
	assert_search(f->st, "dung", MSORT_NAME,
	    "Đặng Thị Dung, Nguyễn Văn Dung, Nguyễn Văn Dũng");
	assert_search(f->st, "dung", MSORT_NAME_DESC,
	    "Nguyễn Văn Dũng, Nguyễn Văn Dung, Đặng Thị Dung");
	assert_search(f->st, "dung", MSORT_BIRTH_DATE,
	    "Nguyễn Văn Dũng, Nguyễn Văn Dung, Đặng Thị Dung");
	/* NFD input ("Dũng" decomposed: u + combining tilde). */
	assert_search(f->st, "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n Du\xcc\x83ng",
	    MSORT_ID, "Nguyễn Văn Dũng, Nguyễn Văn Dung");
	/* "nguyen" starts the full name of three and the given-first key
	 * ("nguyen tran", "nguyen le van") of two. */
	assert_search(f->st, "nguyen", MSORT_ID,
	    "Nguyễn Văn Dũng, Nguyễn Văn Dung, Nguyễn Văn Đức, "
	    "Trần Nguyên, Lê Văn Nguyễn");
	/* Each query word starts a different word of the name, in any
	 * order: "Lê Văn Nguyễn" has both. */
	assert_search(f->st, "nguyen v", MSORT_ID,
	    "Nguyễn Văn Dũng, Nguyễn Văn Dung, Nguyễn Văn Đức, "
	    "Lê Văn Nguyễn");
	/* IDs: digits (at least 4) by prefix, citizen ID or card or
	 * dossier number; fewer digits search no number. */
	assert_search(f->st, "001200000001", MSORT_ADMITTED_ON,
	    "Nguyễn Văn Dũng");
	assert_search(f->st, "0012000000", MSORT_NAME, "Nguyễn Văn Dũng");
	assert_search(f->st, "0012", MSORT_NAME, "Nguyễn Văn Dũng");
	assert_search(f->st, "001", MSORT_NAME, "");
	assert_search(f->st, "0013", MSORT_NAME, "");
	assert_search(f->st, "7700", MSORT_NAME, "Phạm Văn Thẻ");
	assert_search(f->st, "77 00", MSORT_NAME, "Phạm Văn Thẻ");
	assert_search(f->st, "zzz", MSORT_NAME, "");
}

/* The totals of a search of the members in state (MEMBER_STATE_ANY:
 * all), with limit 1 (the total is the whole match's, not the page's). */
static void
assert_total_of(struct store *st, const char *qs, int64_t org, int state,
    int64_t want, bool exact)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_query q;
	struct member_page p = { 0 };

	memset(&q, 0, sizeof(q));
	q.q = qs;
	q.org_id = org;
	q.state = state;
	q.sort = MSORT_NAME;
	q.limit = 1;
	OK(store_member_list(st, &q, &p, &err));
	if (p.total != want || p.total_exact != exact)
		fprintf(stderr, "q \"%s\": total %lld%s, want %lld%s\n",
		    qs ? qs : "", (long long)p.total,
		    p.total_exact ? "" : "+", (long long)want,
		    exact ? "" : "+");
	assert_int_equal(p.total, want);
	assert_int_equal(p.total_exact, exact);
	member_page_release(&p);
}

static void
assert_total(struct store *st, const char *qs, int64_t org, int64_t want,
    bool exact)
{
	assert_total_of(st, qs, org, MEMBER_STATE_ANY, want, exact);
}

/*
 * Search as people search (issue 11): any word of the name, in any
 * order, each query word the prefix of a different word; ranked: the
 * start of the full name, then of the given-name-first form, then the
 * rest, each in Vietnamese order.  The same on both engines: the
 * expected orders below are literal.  Then the words follow renames and
 * deletes, and totals count to the bound.
 */
static void
test_member_search_words(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t o = add_org(f->st, "O", "Chi bộ", ORG_CELL, 0, NULL);
	int64_t anh, quyen;
	struct member m;

	anh = add_member(f->st, "Cao Văn Anh", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1980-01-01", "2000-01-01");
	quyen = add_member(f->st, "Nguyễn Thị Quyên", o, NULL,
	    MSTATUS_OFFICIAL, MSTATE_ACTIVE, "1981-01-01", "2000-01-01");
	add_member(f->st, "Văn Thị Ánh", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1982-01-01", "2000-01-01");
	add_member(f->st, "Anh Văn Cao", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1983-01-01", "2000-01-01");
	add_member(f->st, "Trần Thanh Quyền", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1984-01-01", "2000-01-01");
	add_member(f->st, "Lê Văn Văn", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1985-01-01", "2000-01-01");
	add_member(f->st, "Nguyễn Văn Anh", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1986-01-01", "2000-01-01");

	/* The issue's queries. */
	assert_search(f->st, "van anh", MSORT_NAME,
	    "Cao Văn Anh, Nguyễn Văn Anh, Văn Thị Ánh, Anh Văn Cao");
	assert_search(f->st, "Thị Quyên", MSORT_NAME, "Nguyễn Thị Quyên");
	assert_search(f->st, "thanh quyen", MSORT_NAME, "Trần Thanh Quyền");
	/* "anh cao" starts the given-name-first form of Cao Văn Anh. */
	assert_search(f->st, "anh cao", MSORT_NAME,
	    "Cao Văn Anh, Anh Văn Cao");
	assert_search(f->st, "quyen", MSORT_NAME,
	    "Nguyễn Thị Quyên, Trần Thanh Quyền");
	/* Ranks: "Anh Văn Cao" starts with "anh" (0); given name Anh or
	 * Ánh (1), in Vietnamese order; none in the middle. */
	assert_search(f->st, "anh", MSORT_NAME,
	    "Anh Văn Cao, Cao Văn Anh, Nguyễn Văn Anh, Văn Thị Ánh");
	/* "van": the full name's start (0), the given name (1), a middle
	 * word (2). */
	assert_search(f->st, "van", MSORT_NAME,
	    "Văn Thị Ánh, Lê Văn Văn, Cao Văn Anh, Nguyễn Văn Anh, "
	    "Anh Văn Cao");
	/* Other orders: the same matches, unranked. */
	assert_search(f->st, "van", MSORT_BIRTH_DATE,
	    "Cao Văn Anh, Văn Thị Ánh, Anh Văn Cao, Lê Văn Văn, "
	    "Nguyễn Văn Anh");
	assert_search(f->st, "anh cao", MSORT_NAME_DESC,
	    "Anh Văn Cao, Cao Văn Anh");
	/* Each query word a different word of the name. */
	assert_search(f->st, "van van", MSORT_NAME, "Lê Văn Văn");
	assert_search(f->st, "v van", MSORT_NAME, "Lê Văn Văn");
	assert_search(f->st, "anh anh", MSORT_NAME, "");
	assert_search(f->st, "cao x", MSORT_NAME, "");
	/* A small subtree takes its own plan: the same answers. */
	{
		int64_t c = add_org(f->st, "C", "Chi bộ C", ORG_CELL, 0, NULL);
		int64_t i;

		/* Enough organisations elsewhere for O to be small. */
		for (i = 0; i < 400; i++) {
			char code[16];

			snprintf(code, sizeof(code), "X%lld", (long long)i);
			add_org(f->st, code, "Chi bộ X", ORG_CELL, c, NULL);
		}
	}
	assert_search(f->st, "van anh", MSORT_NAME,
	    "Cao Văn Anh, Nguyễn Văn Anh, Văn Thị Ánh, Anh Văn Cao");
	assert_total(f->st, "van anh", o, 4, true);
	assert_total(f->st, "van anh", 0, 4, true);

	/* Renamed: found by the new name only. */
	member_init(&m);
	OK(store_member_get(f->st, quyen, &m, &err));
	free(m.full_name);
	m.full_name = strdup("Nguyễn Thị Quỳnh");
	OK(store_member_update(f->st, &m, 0, &err));
	member_release(&m);
	assert_search(f->st, "quyen", MSORT_NAME, "Trần Thanh Quyền");
	assert_search(f->st, "thi quynh", MSORT_NAME, "Nguyễn Thị Quỳnh");
	/* Deleted: found no more. */
	OK(store_member_delete(f->st, anh, 0, &err));
	assert_search(f->st, "anh cao", MSORT_NAME, "Anh Văn Cao");

	/* Totals: exact up to the bound, then the bound and not exact. */
	assert_total(f->st, "van", 0, 4, true);
	assert_total(f->st, NULL, 0, 6, true);
	assert_total(f->st, "zzz", 0, 0, true);
	store_set_count_bound(f->st, 3);
	assert_total(f->st, "van", 0, 3, false);
	assert_total(f->st, NULL, 0, 3, false);
	assert_total(f->st, "van", o, 3, false);
	assert_total(f->st, "anh", 0, 3, true);
	store_set_count_bound(f->st, 0);
	assert_total(f->st, "van", 0, 4, true);

	/* Off the rolls: left out of the members on the rolls, searched or
	 * counted (the count of one word reads member_word's state). */
	{
		struct member_query q;
		struct member_page p = { 0 };
		int64_t vv = 0;
		size_t i;

		memset(&q, 0, sizeof(q));
		q.q = "van van";
		q.state = MEMBER_STATE_ANY;
		q.limit = 10;
		OK(store_member_list(f->st, &q, &p, &err));
		assert_int_equal(p.n, 1);
		vv = p.items[0].id;
		member_page_release(&p);
		member_init(&m);
		OK(store_member_get(f->st, vv, &m, &err));
		m.state = MSTATE_DIED;
		OK(store_member_update(f->st, &m, 0, &err));
		member_release(&m);
		q.state = MSTATE_ACTIVE;
		for (i = 0; i < 2; i++) {
			q.q = i == 0 ? "van" : "v";
			OK(store_member_list(f->st, &q, &p, &err));
			assert_int_equal(p.total, 3);
			assert_true(p.total_exact);
			assert_int_equal(p.n, 3);
			member_page_release(&p);
		}
		store_set_count_bound(f->st, 2);
		OK(store_member_list(f->st, &q, &p, &err));
		assert_int_equal(p.total, 2);
		assert_false(p.total_exact);
		member_page_release(&p);
		store_set_count_bound(f->st, 0);
		q.state = MEMBER_STATE_ANY;
		q.q = "van";
		OK(store_member_list(f->st, &q, &p, &err));
		assert_int_equal(p.total, 4);
		member_page_release(&p);
		/* A lookup that needs no count (imports) gets none. */
		q.no_total = true;
		OK(store_member_list(f->st, &q, &p, &err));
		assert_int_equal(p.n, 4);
		assert_int_equal(p.total, 0);
		member_page_release(&p);
	}
}

/*
 * Query words that start one another ("thu thuy", "thuy thuy"): each
 * needs its own word of the name (the checks of stmts.def's QWORDS_ON,
 * on SQLite C functions); and the count asked apart
 * (store_member_count) is the list's total, on every plan.
 */
static void
test_member_search_nested(void **state)
{
	static const char *const qs[] = { "thuy thuy", "thu thuy", "th th th",
		"thu", "t t", "le thuy", "thuy le", "zz", "thi thuy" };
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t o = add_org(f->st, "N", "Chi bộ N", ORG_CELL, 0, NULL);
	size_t i;

	add_member(f->st, "Thủy Thúy Thu", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1980-01-01", "2000-01-01");
	add_member(f->st, "Lê Thị Thùy", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1981-01-01", "2000-01-01");
	add_member(f->st, "Thu Thủy", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1982-01-01", "2000-01-01");
	add_member(f->st, "Đào Thuý Lê", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1983-01-01", "2000-01-01");
	assert_search(f->st, "thuy thuy", MSORT_NAME, "Thủy Thúy Thu");
	assert_search(f->st, "thu thuy", MSORT_NAME,
	    "Thu Thủy, Thủy Thúy Thu");
	assert_search(f->st, "th th th", MSORT_NAME, "Thủy Thúy Thu");
	assert_search(f->st, "thuy le", MSORT_NAME,
	    "Lê Thị Thùy, Đào Thuý Lê");
	assert_search(f->st, "thi thuy", MSORT_NAME, "Lê Thị Thùy");
	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		struct member_query q;
		struct member_page p = { 0 };
		int64_t total = -1;
		bool exact = false;
		int org;

		for (org = 0; org < 2; org++) {
			memset(&q, 0, sizeof(q));
			q.q = qs[i];
			q.org_id = org ? o : 0;
			q.state = MSTATE_ACTIVE;
			q.limit = 1;
			OK(store_member_list(f->st, &q, &p, &err));
			OK(store_member_count(f->st, &q, &total, &exact, &err));
			assert_int_equal(total, p.total);
			assert_int_equal(exact, p.total_exact);
			member_page_release(&p);
			/* The page alone: the same rows, no count. */
			q.no_total = true;
			OK(store_member_list(f->st, &q, &p, &err));
			assert_int_equal(p.total, 0);
			member_page_release(&p);
		}
	}
}

/*
 * The ranked search's fast path merges one run of member_word per word
 * starting with the query, at one place (rank 1 of "b": the given names
 * starting with b); past 64 such words the general statement answers.
 * Both give the list's own Vietnamese order, page after page, between
 * the rank 0 ("Bùi ...") and the rank 2 ("... Bảo ...").
 */
static void
test_member_search_runs(void **state)
{
	struct fx *f = *state;
	int64_t o = add_org(f->st, "O", "Chi bộ", ORG_CELL, 0, NULL);
	int64_t bui, ngoc, all[256], want[256], got[256];
	size_t n = 0, nw = 0, i, k, lim, round;
	static const char *const fam[] = { "Lê Văn", "Trần Thị", "Hà Văn" };
	struct member_query q;

	bui = add_member(f->st, "Bùi Thị Hoa", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1980-01-01", "2000-01-01");
	ngoc = add_member(f->st, "Lê Bảo Ngọc", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1980-01-01", "2000-01-01");
	for (round = 0; round < 2; round++) {
		/* 20 given names, then 80: fewer and more than 64 words. */
		for (; nw < (round == 0 ? 20u : 80u); nw++) {
			char name[64];

			for (k = 0; k < 2; k++) {
				snprintf(name, sizeof(name), "%s B%c%c",
				    fam[(nw + k) % 3], 'a' + (int)(nw % 26),
				    'a' + (int)(nw / 26));
				add_member(f->st, name, o, NULL,
				    MSTATUS_OFFICIAL, MSTATE_ACTIVE,
				    "1980-01-01", "2000-01-01");
			}
		}
		memset(&q, 0, sizeof(q));
		q.org_id = o;
		q.state = MEMBER_STATE_ANY;
		q.sort = MSORT_NAME;
		n = page_all(f->st, &q, 100, all, N_ELEMS(all));
		/* Bùi first, then the list's order, Ngọc last. */
		want[0] = bui;
		for (i = 0, k = 1; i < n; i++)
			if (all[i] != bui && all[i] != ngoc)
				want[k++] = all[i];
		want[k++] = ngoc;
		assert_int_equal(k, n);
		for (lim = 1; lim <= 60; lim = lim * 4 + 3) {
			q.q = "b";
			assert_int_equal(page_all(f->st, &q, lim, got,
			                     N_ELEMS(got)),
			    n);
			for (i = 0; i < n; i++)
				assert_int_equal(got[i], want[i]);
			/* The whole register: the same. */
			q.org_id = 0;
			assert_int_equal(page_all(f->st, &q, lim, got,
			                     N_ELEMS(got)),
			    n);
			for (i = 0; i < n; i++)
				assert_int_equal(got[i], want[i]);
			q.org_id = o;
			q.q = NULL;
		}
	}
	/* Totals of several words: through the names they start (rank 0),
	 * else through the driving word's rows; both exact below the
	 * bound, and the bound above it. */
	memset(&q, 0, sizeof(q));
	q.state = MEMBER_STATE_ANY;
	q.sort = MSORT_NAME;
	q.q = "le van b";
	n = page_all(f->st, &q, 50, got, N_ELEMS(got));
	assert_true(n > 6);
	assert_total(f->st, "le van b", 0, (int64_t)n, true);
	q.q = "b le";
	k = page_all(f->st, &q, 50, got, N_ELEMS(got));
	assert_int_equal(k, n + 1); /* and Lê Bảo Ngọc */
	assert_total(f->st, "b le", 0, (int64_t)k, true);
	store_set_count_bound(f->st, 5);
	assert_total(f->st, "le van b", 0, 5, false);
	assert_total(f->st, "b le", 0, 5, false);
	assert_total(f->st, "b", 0, 5, false);
	/* A count of several words is driven by the word of the fewest
	 * rows ("hoa": one), so it is exact; it reads at most 2 * (bound +
	 * 1) rows of its driving word: "thi ha" (about 53 rows each; its
	 * two matches sort after them all) stops there with what it found,
	 * not exact. */
	add_member(f->st, "Hà Thị Xuân", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1980-01-01", "2000-01-01");
	add_member(f->st, "Hà Thị Yến", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1980-01-01", "2000-01-01");
	assert_total(f->st, "hoa thi", 0, 1, true);
	assert_total(f->st, "thi ha", 0, 0, false);
	store_set_count_bound(f->st, 0);
	assert_total(f->st, "hoa thi", 0, 1, true);
	assert_total(f->st, "thi ha", 0, 2, true);
}

/* The total of a one-word search of the members on the rolls. */
static void
assert_total_active(struct store *st, const char *qs, int64_t want,
    bool exact)
{
	assert_total_of(st, qs, 0, MSTATE_ACTIVE, want, exact);
}

/*
 * A one-word count above its bound is settled by the kept counts of
 * member_word_n (members per word, place and state) without reading
 * member_word; so they must follow every write: a count they overstated
 * would answer "more than the bound" where the exact number is within
 * it.  Each bound below is the exact number, which must come out exact.
 */
static void
test_member_word_counts(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t o = add_org(f->st, "O", "Chi bộ", ORG_CELL, 0, NULL);
	int64_t an, binh, cuong;
	struct member m;

	an = add_member(f->st, "Nguyễn Văn An", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1980-01-01", "2000-01-01");
	binh = add_member(f->st, "Nguyễn Văn Bình", o, NULL,
	    MSTATUS_OFFICIAL, MSTATE_ACTIVE, "1980-01-01", "2000-01-01");
	/* A middle word twice in one name: one member. */
	cuong = add_member(f->st, "Trần Văn Văn Cường", o, NULL,
	    MSTATUS_OFFICIAL, MSTATE_ACTIVE, "1980-01-01", "2000-01-01");
	store_set_count_bound(f->st, 3);
	assert_total_active(f->st, "van", 3, true);
	store_set_count_bound(f->st, 2);
	assert_total_active(f->st, "van", 2, false);
	assert_total_active(f->st, "nguyen", 2, true);
	store_set_count_bound(f->st, 1);
	assert_total_active(f->st, "nguyen", 1, false);
	/* Renamed: one Nguyễn less. */
	member_init(&m);
	OK(store_member_get(f->st, binh, &m, &err));
	free(m.full_name);
	m.full_name = strdup("Lê Văn Bình");
	OK(store_member_update(f->st, &m, 0, &err));
	member_release(&m);
	assert_total_active(f->st, "nguyen", 1, true);
	/* Off the rolls: one Văn less on them. */
	member_init(&m);
	OK(store_member_get(f->st, an, &m, &err));
	m.state = MSTATE_DIED;
	OK(store_member_update(f->st, &m, 0, &err));
	member_release(&m);
	store_set_count_bound(f->st, 2);
	assert_total_active(f->st, "van", 2, true);
	assert_total_active(f->st, "nguyen", 0, true);
	/* Deleted, with its word twice. */
	OK(store_member_delete(f->st, cuong, 0, &err));
	store_set_count_bound(f->st, 1);
	assert_total_active(f->st, "van", 1, true);
	assert_total(f->st, "van", 0, 1, false);
	store_set_count_bound(f->st, 2);
	assert_total(f->st, "van", 0, 2, true);
	/* A first page holding every match is its own count, still
	 * bounded. */
	{
		struct member_query q;
		struct member_page p = { 0 };

		memset(&q, 0, sizeof(q));
		q.q = "van";
		q.state = MEMBER_STATE_ANY;
		q.sort = MSORT_NAME;
		q.limit = 50;
		store_set_count_bound(f->st, 1);
		OK(store_member_list(f->st, &q, &p, &err));
		assert_int_equal(p.n, 2);
		assert_int_equal(p.total, 1);
		assert_false(p.total_exact);
		member_page_release(&p);
		store_set_count_bound(f->st, 0);
		OK(store_member_list(f->st, &q, &p, &err));
		assert_int_equal(p.total, 2);
		assert_true(p.total_exact);
		member_page_release(&p);
	}
	store_set_count_bound(f->st, 0);
}

/*
 * A name search in name order reads candidates first, and falls back to
 * every match when filters leave too few of them: the members of cell B
 * sort after 150 namesakes in cell A, so B's first page lies past the
 * candidates; pages of either cell, and of both, are complete and in
 * order, including members off the rolls when state is any.
 */
static void
test_member_search_candidates(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t r = add_org(f->st, "R", "Đảng bộ", ORG_GRASSROOTS, 0, NULL);
	int64_t a = add_org(f->st, "A", "Chi bộ A", ORG_CELL, r, NULL);
	int64_t b = add_org(f->st, "B", "Chi bộ B", ORG_CELL, r, NULL);
	int64_t ids[256], want_a[160], want_b[16], want_all[176];
	size_t na = 0, nb = 0, nall = 0, got, i, lim;
	struct member_query q;
	static const char *const tail[] = { "An", "Ánh", "Bình", "Cúc",
	    "Dũng", "Đào", "Giang", "Hà", "Hải", "Hạnh" };

	OK(store_begin(f->st, &err));
	/* Given names (the last word) "aa" to "og" in A sort before "ya"
	 * to "yl" in B: A's 150 come first in name order, B's 12 last. */
	for (i = 0; i < 150; i++) {
		char name[64];

		snprintf(name, sizeof(name), "Nguyễn Thị %s %c%c", tail[i % 10],
		    'a' + (int)(i / 10) % 26, 'a' + (int)i % 7);
		want_a[na++] = add_member(f->st, name, a, NULL,
		    MSTATUS_OFFICIAL, MSTATE_ACTIVE, "1980-01-01",
		    "2000-01-01");
	}
	for (i = 0; i < 12; i++) {
		char name[64];

		snprintf(name, sizeof(name), "Nguyễn Thị Yến y%c",
		    'a' + (int)i);
		want_b[nb++] = add_member(f->st, name, b, NULL,
		    MSTATUS_OFFICIAL, i == 3 ? MSTATE_DIED : MSTATE_ACTIVE,
		    "1980-01-01", "2000-01-01");
	}
	OK(store_commit(f->st, &err));

	for (lim = 1; lim <= 200; lim = lim * 3 + 2) {
		/* Everyone matching, in name order, each once. */
		memset(&q, 0, sizeof(q));
		q.q = "nguyen thi";
		q.state = MEMBER_STATE_ANY;
		q.sort = MSORT_NAME;
		got = page_all(f->st, &q, lim, ids, N_ELEMS(ids));
		assert_int_equal(got, na + nb);
		nall = 0;
		for (i = 0; i < got; i++)
			want_all[nall++] = ids[i];
		/* Cell B alone: past every candidate of its first page. */
		q.org_id = b;
		got = page_all(f->st, &q, lim, ids, N_ELEMS(ids));
		assert_int_equal(got, nb);
		for (i = 0; i < got; i++)
			assert_int_equal(ids[i], want_all[na + i]);
		/* On the rolls only: the one who died is left out. */
		q.state = MSTATE_ACTIVE;
		got = page_all(f->st, &q, lim, ids, N_ELEMS(ids));
		assert_int_equal(got, nb - 1);
		for (i = 0; i < got; i++)
			assert_int_not_equal(ids[i], want_b[3]);
		/* Cell A: its own, in the same order as in the whole list. */
		q.org_id = a;
		got = page_all(f->st, &q, lim, ids, N_ELEMS(ids));
		assert_int_equal(got, na);
		for (i = 0; i < got; i++)
			assert_int_equal(ids[i], want_all[i]);
	}
	/* The same members, whichever the order they were added in. */
	for (i = 0; i < na; i++) {
		size_t k;

		for (k = 0; k < na && want_all[k] != want_a[i]; k++)
			;
		assert_true(k < na);
	}
}

static void
test_member_bad_cursor(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct member_query q;
	struct member_page p = { 0 };
	int64_t o = add_org(f->st, "O", "Chi bộ", ORG_CELL, 0, NULL);
	const char *bad[] = { "!!!", "abc", "bmFtZXx8MQ", "aWR8fDA",
	    "aWR8fC0x", "aWR8YWJ8MQ", "eHh4" };
	char *good, *tampered;
	size_t i;

	for (i = 0; i < 5; i++)
		add_member(f->st, "Lê Văn Tư", o, NULL, MSTATUS_OFFICIAL,
		    MSTATE_ACTIVE, "1990-01-01", "2010-01-01");
	memset(&q, 0, sizeof(q));
	q.state = MEMBER_STATE_ANY;
	q.sort = MSORT_NAME;
	q.limit = 2;
	OK(store_member_list(f->st, &q, &p, &err));
	assert_non_null(p.next_cursor);
	good = p.next_cursor;
	p.next_cursor = NULL;
	member_page_release(&p);

	/* Another sort's cursor. */
	q.sort = MSORT_ID;
	q.cursor = good;
	assert_err(store_member_list(f->st, &q, &p, &err), -CB_EINVAL, &err,
	    "cursor");
	q.sort = MSORT_BIRTH_DATE;
	assert_err(store_member_list(f->st, &q, &p, &err), -CB_EINVAL, &err,
	    "cursor");
	/* Garbage and near misses. */
	q.sort = MSORT_ID;
	for (i = 0; i < N_ELEMS(bad); i++) {
		q.cursor = bad[i];
		assert_err(store_member_list(f->st, &q, &p, &err), -CB_EINVAL,
		    &err, "cursor");
		assert_null(p.items);
	}
	/* One changed character. */
	tampered = strdup(good);
	tampered[0] = tampered[0] == 'A' ? 'B' : 'A';
	q.sort = MSORT_NAME;
	q.cursor = tampered;
	assert_err(store_member_list(f->st, &q, &p, &err), -CB_EINVAL, &err,
	    "cursor");
	/* The good one still works. */
	q.cursor = good;
	OK(store_member_list(f->st, &q, &p, &err));
	assert_int_equal(p.n, 2);
	member_page_release(&p);
	free(good);
	free(tampered);

	/* The cursor after a name with a long sort key (U+FDFA expands to
	 * 18 collation elements) is still taken back. */
	{
		char name[2 * 120 * 3 + 8] = "";
		size_t n = 0;

		for (i = 0; i < 120; i++)
			n += (size_t)snprintf(name + n, sizeof(name) - n,
			    "%s\xef\xb7\xba", i == 60 ? " " : "");
		add_member(f->st, name, o, NULL, MSTATUS_OFFICIAL,
		    MSTATE_ACTIVE, NULL, NULL);
		add_member(f->st, name, o, NULL, MSTATUS_OFFICIAL,
		    MSTATE_ACTIVE, NULL, NULL);
		q.cursor = NULL;
		q.limit = 6;
		OK(store_member_list(f->st, &q, &p, &err));
		assert_int_equal(p.n, 6);
		assert_non_null(p.next_cursor);
		assert_true(strlen(p.next_cursor) > 4096);
		good = p.next_cursor;
		p.next_cursor = NULL;
		member_page_release(&p);
		q.cursor = good;
		OK(store_member_list(f->st, &q, &p, &err));
		assert_int_equal(p.n, 1);
		assert_null(p.next_cursor);
		member_page_release(&p);
		free(good);
	}
}

struct each_ctx {
	int64_t	ids[128];
	size_t	n;
	size_t	stop_at;
};

static int
each_cb(const struct member *m, void *arg)
{
	struct each_ctx *c = arg;

	c->ids[c->n++] = m->id;
	return c->n == c->stop_at ? 42 : 0;
}

static void
test_member_each(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t o = add_org(f->st, "O", "Chi bộ", ORG_CELL, 0, NULL);
	size_t n = insert_fixture(f->st, o, o, o), i;
	struct member_query q;
	struct each_ctx c;
	int64_t ids[128];

	memset(&q, 0, sizeof(q));
	q.state = MEMBER_STATE_ANY;
	q.sort = MSORT_NAME_DESC;
	assert_int_equal(page_all(f->st, &q, 1000, ids, N_ELEMS(ids)), n);
	memset(&c, 0, sizeof(c));
	q.limit = 3;			/* ignored */
	q.cursor = "garbage";		/* ignored */
	OK(store_member_each(f->st, &q, each_cb, &c, &err));
	assert_int_equal(c.n, n);
	for (i = 0; i < n; i++)
		assert_int_equal(c.ids[i], ids[i]);
	memset(&c, 0, sizeof(c));
	c.stop_at = 4;
	assert_int_equal(store_member_each(f->st, &q, each_cb, &c, &err), 42);
	assert_int_equal(c.n, 4);
	cb_error_release(&err);
	free_fixture();
}

static void
test_member_events(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t o = add_org(f->st, "O", "Chi bộ", ORG_CELL, 0, NULL);
	int64_t m = add_member(f->st, "Lê Văn Sự", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1990-01-01", "2010-01-01");
	struct member_event e;
	struct member_event_list l = { 0 };
	int64_t first;

	memset(&e, 0, sizeof(e));
	e.member_id = m;
	e.kind = MEV_MADE_OFFICIAL;
	SET(e.on, "2011-01-01");
	e.doc_no = strdup("45-QĐ/ĐU");
	e.org_id = o;
	e.details = strdup("{\"status\":\"official\"}");
	e.recorded_by = strdup("admin");
	OK(store_member_event_add(f->st, &e, &err));
	assert_true(e.id > 0);
	assert_timestamp(e.recorded_at);
	first = e.id;
	member_event_release(&e);

	memset(&e, 0, sizeof(e));
	e.member_id = m;
	e.kind = MEV_ADMITTED;
	SET(e.on, "2010-01-01");
	OK(store_member_event_add(f->st, &e, &err));
	member_event_release(&e);

	memset(&e, 0, sizeof(e));
	e.member_id = m;
	e.kind = MEV__MAX;
	assert_err(store_member_event_add(f->st, &e, &err), -CB_EINVAL, &err,
	    "kind");
	e.kind = MEV_DIED;
	e.member_id = 4242;
	assert_err(store_member_event_add(f->st, &e, &err), -CB_ENOTFOUND,
	    &err, "member_id");
	member_event_release(&e);

	/* History survives deletion. */
	OK(store_member_delete(f->st, m, 0, &err));
	OK(store_member_events(f->st, m, &l, &err));
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].kind, MEV_ADMITTED);
	assert_string_equal(l.items[0].on, "2010-01-01");
	assert_int_equal(l.items[0].org_id, 0);
	assert_null(l.items[0].doc_no);
	assert_int_equal(l.items[1].id, first);
	assert_int_equal(l.items[1].kind, MEV_MADE_OFFICIAL);
	assert_int_equal(l.items[1].member_id, m);
	assert_int_equal(l.items[1].org_id, o);
	assert_string_equal(l.items[1].doc_no, "45-QĐ/ĐU");
	assert_string_equal(l.items[1].details, "{\"status\":\"official\"}");
	assert_string_equal(l.items[1].recorded_by, "admin");
	assert_timestamp(l.items[1].recorded_at);
	member_event_list_release(&l);
}

/* ------------------------------------------------------------ meetings */

static void grant_on(struct store *st, struct principal *p, enum role role,
    int64_t org);
static void who(struct principal *p, const char *name);

/* A meeting of org at the given UTC start (two hours long). */
static void
mk_meeting(struct meeting *m, int64_t org, const char *starts_at,
    enum meeting_kind kind)
{
	char end[64];
	int h = (starts_at[11] - '0') * 10 + (starts_at[12] - '0') + 2;

	memset(m, 0, sizeof(*m));
	m->org_id = org;
	m->kind = kind;
	m->status = MEETING_PLANNED;
	m->starts_at = strdup(starts_at);
	snprintf(end, sizeof(end), "%.11s%02d%s", starts_at, h % 24,
	    starts_at + 13);
	m->ends_at = strdup(end);
	m->recorded_by = strdup("admin");
}

/* The ids of every page of the meetings of org (pages of 2), as "3 4". */
static void
assert_meetings(struct store *st, const struct meeting_query *q0,
    const char *want)
{
	struct meeting_query q = *q0;
	struct meeting_page pg = { 0 };
	struct cb_error err = CB_ERROR_INIT;
	char got[256] = "", *cursor = NULL;
	size_t i, used = 0;

	q.limit = 2;
	do {
		q.cursor = cursor;
		OK(store_meeting_list(st, &q, &pg, &err));
		for (i = 0; i < pg.list.n; i++)
			used += (size_t)snprintf(got + used, sizeof(got) - used,
			    "%s%lld", used ? " " : "",
			    (long long)pg.list.items[i].id);
		free(cursor);
		cursor = pg.next_cursor;
		pg.next_cursor = NULL;
		meeting_page_release(&pg);
	} while (cursor != NULL);
	assert_string_equal(got, want);
}

/* A member of org with its dates ("" for none). */
static int64_t
add_roll_member(struct store *st, const char *name, int64_t org,
    enum member_status status, int state, const char *admitted,
    const char *official, const char *exempt)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	int64_t id;

	mk_member(&m, name, org);
	m.status = status;
	m.state = (enum member_state)state;
	SET(m.admitted_on, admitted);
	SET(m.official_on, official);
	SET(m.exempt_since, exempt);
	check_rc(store_member_insert(st, &m, &err), 0, &err, name);
	id = m.id;
	member_release(&m);
	return id;
}

/* The roll of a meeting as "member:roll:status ..." by member id. */
static void
assert_roll(struct store *st, int64_t meeting, const char *want)
{
	struct meeting_attendance_list al = { 0 };
	struct cb_error err = CB_ERROR_INIT;
	char got[512] = "";
	size_t i, used = 0;

	OK(store_meeting_attendance(st, meeting, &al, &err));
	for (i = 0; i < al.n; i++)
		used += (size_t)snprintf(got + used, sizeof(got) - used,
		    "%s%lld:%s:%s", used ? " " : "",
		    (long long)al.items[i].member_id,
		    meeting_roll_names[al.items[i].roll] ?
		        meeting_roll_names[al.items[i].roll] :
		        "?",
		    al.items[i].status ?
		        attendance_status_names[al.items[i].status] :
		        "-");
	meeting_attendance_list_release(&al);
	assert_string_equal(got, want);
}

/* The roll (migration 0019): the members of the cell on the meeting's
 * date, each with its place; refreshed while planned when the meeting
 * moves; attendance only for those on it; others added on request;
 * the counts in one statement. */
static void
test_meeting_roll(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t g = add_org(f->st, "G", "Đảng bộ G", ORG_GRASSROOTS, 0, NULL);
	int64_t a = add_org(f->st, "A", "Chi bộ A", ORG_CELL, g, NULL);
	int64_t b = add_org(f->st, "B", "Chi bộ B", ORG_CELL, g, NULL);
	/* official; probationary; official since after the date (then
	 * probationary); exempted before the date; exempted after it
	 * (then official); transferred out; admitted after the date (not
	 * on the roll); left (not on it); a member of B. */
	int64_t o1 = add_roll_member(f->st, "Một", a, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "2010-01-01", "2011-01-01", "");
	int64_t p1 = add_roll_member(f->st, "Hai", a, MSTATUS_PROBATIONARY,
	    MSTATE_ACTIVE, "2025-09-01", "", "");
	int64_t p2 = add_roll_member(f->st, "Ba", a, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "2025-03-10", "2026-03-10", "");
	int64_t e1 = add_roll_member(f->st, "Bốn", a, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "2000-01-01", "2001-01-01", "2026-03-05");
	int64_t e2 = add_roll_member(f->st, "Năm", a, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "2000-01-01", "2001-01-01", "2026-03-06");
	int64_t t1 = add_roll_member(f->st, "Sáu", a, MSTATUS_OFFICIAL,
	    MSTATE_TRANSFERRED_OUT, "2000-01-01", "2001-01-01", "");
	int64_t n1 = add_roll_member(f->st, "Bảy", a, MSTATUS_PROBATIONARY,
	    MSTATE_ACTIVE, "2026-03-06", "", "");
	int64_t l1 = add_roll_member(f->st, "Tám", a, MSTATUS_OFFICIAL,
	    MSTATE_LEFT, "2000-01-01", "2001-01-01", "");
	int64_t b1 = add_roll_member(f->st, "Chín", b, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "2000-01-01", "2001-01-01", "");
	struct meeting m, got;
	struct meeting_attendance at;
	struct meeting_roll_counts c;
	enum meeting_roll r;
	int64_t id;
	char want[512];

	(void)l1;
	/* 2026-03-05 19:30 in Hanoi is 12:30 UTC: the date is 03-05 (an
	 * evening meeting at 23:30 local time, 16:30 UTC, too). */
	mk_meeting(&m, a, "2026-03-05T16:30:00Z", MEETING_REGULAR);
	OK(store_meeting_insert(f->st, &m, &err));
	id = m.id;
	meeting_release(&m);
	snprintf(want, sizeof(want),
	    "%lld:official:- %lld:probationary:- %lld:probationary:-"
	    " %lld:exempted:- %lld:official:- %lld:transferred_out:-",
	    (long long)o1, (long long)p1, (long long)p2, (long long)e1,
	    (long long)e2, (long long)t1);
	assert_roll(f->st, id, want);

	/* Attendance for those on the roll only. */
	memset(&at, 0, sizeof(at));
	at.meeting_id = id;
	at.member_id = o1;
	at.status = ATTENDANCE_PRESENT;
	at.recorded_by = strdup("admin");
	OK(store_meeting_attendance_set(f->st, &at, &err));
	assert_int_equal(at.roll, ROLL_OFFICIAL);
	at.member_id = p2;
	at.status = ATTENDANCE_LATE;
	OK(store_meeting_attendance_set(f->st, &at, &err));
	at.member_id = e1;
	at.status = ATTENDANCE_PRESENT;
	OK(store_meeting_attendance_set(f->st, &at, &err));
	at.member_id = e2;
	at.status = ATTENDANCE_ABSENT_UNEXCUSED;
	OK(store_meeting_attendance_set(f->st, &at, &err));
	at.member_id = n1;
	assert_err(store_meeting_attendance_set(f->st, &at, &err),
	    -CB_EINVAL, &err, "member_id");
	at.member_id = b1;
	assert_err(store_meeting_attendance_set(f->st, &at, &err),
	    -CB_EINVAL, &err, "member_id");
	meeting_attendance_release(&at);

	/* The counts. */
	OK(store_meeting_roll_counts(f->st, id, &c, &err));
	assert_int_equal(c.total, 6);
	assert_int_equal(c.official, 2);
	assert_int_equal(c.probationary, 2);
	assert_int_equal(c.exempted, 1);
	assert_int_equal(c.transferred_out, 1);
	assert_int_equal(c.transferred_in, 0);
	assert_int_equal(c.present_official, 1);
	assert_int_equal(c.present_probationary, 0);
	assert_int_equal(c.late_probationary, 1);
	assert_int_equal(c.absent_unexcused_official, 1);
	assert_int_equal(c.absent_excused_official, 0);
	assert_int_equal(c.unrecorded_official, 0);
	assert_int_equal(c.unrecorded_probationary, 1);
	assert_int_equal(c.by[ROLL_EXEMPTED][ATTENDANCE_PRESENT], 1);
	assert_int_equal(c.by[ROLL_TRANSFERRED_OUT][ATTENDANCE_NONE], 1);
	assert_err(store_meeting_roll_counts(f->st, 4242, &c, &err),
	    -CB_ENOTFOUND, &err, NULL);

	/* On request: the member admitted after the date, a member of B
	 * (transferred in); twice is a conflict; no such member. */
	OK(store_meeting_roll_add(f->st, id, n1, &r, &err));
	assert_int_equal(r, ROLL_PROBATIONARY);
	OK(store_meeting_roll_add(f->st, id, b1, &r, &err));
	assert_int_equal(r, ROLL_TRANSFERRED_IN);
	assert_err(store_meeting_roll_add(f->st, id, b1, &r, &err),
	    -CB_ECONFLICT, &err, "member_id");
	assert_err(store_meeting_roll_add(f->st, id, 4242, &r, &err),
	    -CB_ENOTFOUND, &err, "member_id");
	assert_err(store_meeting_roll_add(f->st, 4242, b1, &r, &err),
	    -CB_ENOTFOUND, &err, NULL);
	OK(store_meeting_roll_counts(f->st, id, &c, &err));
	assert_int_equal(c.total, 8);
	assert_int_equal(c.transferred_in, 1);

	/* Moved to a later date while planned: those not recorded are
	 * taken again (n1 now on it as of right; b1, added on request,
	 * goes), those recorded kept as they were (p2, e2). */
	memset(&got, 0, sizeof(got));
	OK(store_meeting_get(f->st, id, &got, NULL, &err));
	free(got.starts_at);
	free(got.ends_at);
	got.starts_at = strdup("2026-03-12T12:30:00Z");
	got.ends_at = strdup("2026-03-12T14:30:00Z");
	OK(store_meeting_update(f->st, &got, 0, &err));
	snprintf(want, sizeof(want),
	    "%lld:official:present %lld:probationary:- "
	    "%lld:probationary:late %lld:exempted:present "
	    "%lld:official:absent_unexcused %lld:transferred_out:- "
	    "%lld:probationary:-",
	    (long long)o1, (long long)p1, (long long)p2, (long long)e1,
	    (long long)e2, (long long)t1, (long long)n1);
	assert_roll(f->st, id, want);
	/* Moved to B: A's recorded attendance is never dropped silently;
	 * B's members come on. */
	got.org_id = b;
	OK(store_meeting_update(f->st, &got, 0, &err));
	snprintf(want, sizeof(want),
	    "%lld:official:present %lld:probationary:late "
	    "%lld:exempted:present %lld:official:absent_unexcused "
	    "%lld:official:-",
	    (long long)o1, (long long)p2, (long long)e1, (long long)e2,
	    (long long)b1);
	assert_roll(f->st, id, want);
	/* Held: no longer refreshed. */
	got.org_id = a;
	got.status = MEETING_HELD;
	OK(store_meeting_update(f->st, &got, 0, &err));
	assert_roll(f->st, id, want);
	meeting_release(&got);
}

/* A meeting's votes, minutes and corrections (migration 0021): every
 * field read back, the minutes' versions (insert, update, stale), the
 * sign-off that leaves the text alone, and the scope of each. */
static void
test_meeting_votes_minutes(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t a = add_org(f->st, "A", "Chi bộ A", ORG_CELL, 0, NULL);
	int64_t b = add_org(f->st, "B", "Chi bộ B", ORG_CELL, 0, NULL);
	struct meeting m;
	struct meeting_vote v;
	struct meeting_vote_list vl = { 0 };
	struct meeting_minutes mm, got;
	struct minutes_correction c;
	struct minutes_correction_list cl = { 0 };
	struct principal p;
	int64_t ma, mb;

	mk_meeting(&m, a, "2026-03-05T12:30:00Z", MEETING_REGULAR);
	m.status = MEETING_HELD;
	OK(store_meeting_insert(f->st, &m, &err));
	ma = m.id;
	meeting_release(&m);
	mk_meeting(&m, b, "2026-03-05T12:30:00Z", MEETING_REGULAR);
	OK(store_meeting_insert(f->st, &m, &err));
	mb = m.id;
	meeting_release(&m);

	/* A vote and its verdict, read back. */
	memset(&v, 0, sizeof(v));
	v.meeting_id = ma;
	v.kind = VOTE_EXPULSION_PROPOSAL;
	v.secret = true;
	v.n_for = 8;
	v.n_against = 3;
	v.n_abstain = 1;
	v.subject = strdup("Đề nghị khai trừ");
	v.base = 12;
	v.threshold = 8;
	v.passed = true;
	v.rule_id = strdup("meeting.vote_threshold");
	v.citation = strdup("Điều lệ Đảng");
	v.recorded_by = strdup("admin");
	OK(store_meeting_vote_insert(f->st, &v, &err));
	assert_true(v.id > 0);
	assert_timestamp(v.created_at);
	meeting_vote_release(&v);
	OK(store_meeting_votes(f->st, ma, &vl, &err));
	assert_int_equal(vl.n, 1);
	assert_int_equal(vl.items[0].kind, VOTE_EXPULSION_PROPOSAL);
	assert_true(vl.items[0].secret);
	assert_int_equal(vl.items[0].n_for, 8);
	assert_int_equal(vl.items[0].n_against, 3);
	assert_int_equal(vl.items[0].n_abstain, 1);
	assert_string_equal(vl.items[0].subject, "Đề nghị khai trừ");
	assert_int_equal(vl.items[0].base, 12);
	assert_int_equal(vl.items[0].threshold, 8);
	assert_true(vl.items[0].passed);
	assert_string_equal(vl.items[0].rule_id, "meeting.vote_threshold");
	assert_string_equal(vl.items[0].citation, "Điều lệ Đảng");
	assert_string_equal(vl.items[0].recorded_by, "admin");
	assert_timestamp(vl.items[0].created_at);
	meeting_vote_list_release(&vl);
	OK(store_meeting_votes(f->st, mb, &vl, &err));
	assert_int_equal(vl.n, 0);
	meeting_vote_list_release(&vl);
	/* A negative count never reaches the table. */
	memset(&v, 0, sizeof(v));
	v.meeting_id = ma;
	v.n_for = -1;
	v.rule_id = strdup("meeting.vote_threshold");
	assert_int_equal(store_meeting_vote_insert(f->st, &v, &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	meeting_vote_release(&v);
	v.meeting_id = 4242;
	v.rule_id = strdup("x");
	assert_err(store_meeting_vote_insert(f->st, &v, &err), -CB_ENOTFOUND,
	    &err, NULL);
	meeting_vote_release(&v);

	/* The minutes: none yet is an empty draft of version 0. */
	memset(&got, 0, sizeof(got));
	OK(store_minutes_get(f->st, ma, &got, &err));
	assert_int_equal(got.version, 0);
	assert_int_equal(got.state, MINUTES_DRAFT);
	assert_null(got.course);
	meeting_minutes_release(&got);
	memset(&mm, 0, sizeof(mm));
	mm.meeting_id = ma;
	mm.state = MINUTES_DRAFT;
	mm.course = strdup("[{\"speaker_id\":1,\"text\":\"Báo cáo\"}]");
	mm.opinions = strdup("Nhất trí");
	mm.recorded_by = strdup("admin");
	OK(store_minutes_put(f->st, &mm, 0, &err));
	assert_int_equal(mm.version, 1);
	/* A second first write is stale. */
	assert_err(store_minutes_put(f->st, &mm, 0, &err), -CB_EPRECOND, &err,
	    NULL);
	free(mm.opinions);
	mm.opinions = strdup("Nhất trí cao");
	OK(store_minutes_put(f->st, &mm, 1, &err));
	assert_int_equal(mm.version, 2);
	assert_err(store_minutes_put(f->st, &mm, 1, &err), -CB_EPRECOND, &err,
	    NULL);
	/* A sign-off writes the state and sign-offs, not the text. */
	free(mm.opinions);
	mm.opinions = strdup("not written");
	mm.state = MINUTES_APPROVED;
	mm.chair_signed_at = strdup("2026-03-06T01:00:00Z");
	mm.chair_signed_by = strdup("bithu");
	mm.secretary_signed_at = strdup("2026-03-06T02:00:00Z");
	mm.secretary_signed_by = strdup("thuky");
	mm.secretary_sign_reason = strdup("Ký trên giấy");
	OK(store_minutes_sign(f->st, &mm, 2, &err));
	assert_int_equal(mm.version, 3);
	assert_err(store_minutes_sign(f->st, &mm, 2, &err), -CB_EPRECOND, &err,
	    NULL);
	OK(store_minutes_get(f->st, ma, &got, &err));
	assert_int_equal(got.meeting_id, ma);
	assert_int_equal(got.version, 3);
	assert_int_equal(got.state, MINUTES_APPROVED);
	assert_string_equal(got.opinions, "Nhất trí cao");
	assert_string_equal(got.course,
	    "[{\"speaker_id\":1,\"text\":\"Báo cáo\"}]");
	assert_string_equal(got.chair_signed_at, "2026-03-06T01:00:00Z");
	assert_string_equal(got.chair_signed_by, "bithu");
	assert_null(got.chair_sign_reason);
	assert_string_equal(got.secretary_signed_at, "2026-03-06T02:00:00Z");
	assert_string_equal(got.secretary_sign_reason, "Ký trên giấy");
	assert_null(got.locked_at);
	assert_string_equal(got.recorded_by, "admin");
	assert_timestamp(got.updated_at);
	meeting_minutes_release(&got);
	meeting_minutes_release(&mm);

	/* Corrections, in the order made. */
	memset(&c, 0, sizeof(c));
	c.meeting_id = ma;
	c.field = strdup("opinions");
	c.text = strdup("Nhất trí hoàn toàn");
	c.reason = strdup("Ghi sai");
	c.recorded_by = strdup("admin");
	OK(store_minutes_correction_add(f->st, &c, &err));
	assert_true(c.id > 0);
	assert_timestamp(c.recorded_at);
	minutes_correction_release(&c);
	OK(store_minutes_corrections(f->st, ma, &cl, &err));
	assert_int_equal(cl.n, 1);
	assert_string_equal(cl.items[0].field, "opinions");
	assert_string_equal(cl.items[0].text, "Nhất trí hoàn toàn");
	assert_string_equal(cl.items[0].reason, "Ghi sai");
	assert_string_equal(cl.items[0].recorded_by, "admin");
	minutes_correction_list_release(&cl);

	/* Scope: A's secretary reads and writes A's, not B's; a member of
	 * A (meeting.read) reads and signs, but writes nothing. */
	who(&p, "bí thư A");
	grant_on(f->st, &p, ROLE_SECRETARY, a);
	store_set_principal(f->st, &p);
	OK(store_meeting_votes(f->st, ma, &vl, &err));
	assert_int_equal(vl.n, 1);
	meeting_vote_list_release(&vl);
	assert_err(store_meeting_votes(f->st, mb, &vl, &err), -CB_ENOTFOUND,
	    &err, NULL);
	assert_err(store_minutes_get(f->st, mb, &got, &err), -CB_ENOTFOUND,
	    &err, NULL);
	memset(&mm, 0, sizeof(mm));
	mm.meeting_id = mb;
	mm.state = MINUTES_DRAFT;
	assert_err(store_minutes_put(f->st, &mm, 0, &err), -CB_ENOTFOUND,
	    &err, NULL);
	assert_err(store_minutes_corrections(f->st, mb, &cl, &err),
	    -CB_ENOTFOUND, &err, NULL);
	store_set_principal(f->st, NULL);
	principal_release(&p);
	who(&p, "đảng viên A");
	grant_on(f->st, &p, ROLE_MEMBER, a);
	store_set_principal(f->st, &p);
	OK(store_minutes_get(f->st, ma, &got, &err));
	assert_int_equal(got.version, 3);
	OK(store_minutes_sign(f->st, &got, 3, &err));
	assert_int_equal(got.version, 4);
	assert_int_equal(store_minutes_put(f->st, &got, 4, &err),
	    -CB_EPERM);
	cb_error_release(&err);
	meeting_minutes_release(&got);
	memset(&v, 0, sizeof(v));
	v.meeting_id = ma;
	v.rule_id = strdup("x");
	assert_int_equal(store_meeting_vote_insert(f->st, &v, &err),
	    -CB_EPERM);
	cb_error_release(&err);
	meeting_vote_release(&v);
	store_set_principal(f->st, NULL);
	principal_release(&p);
	meeting_minutes_release(&mm);
}

static void
test_meetings(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t g = add_org(f->st, "G", "Đảng bộ G", ORG_GRASSROOTS, 0, NULL);
	int64_t a = add_org(f->st, "A", "Chi bộ A", ORG_CELL, g, NULL);
	int64_t b = add_org(f->st, "B", "Chi bộ B", ORG_CELL, g, NULL);
	int64_t x = add_org(f->st, "X", "Chi bộ X", ORG_CELL, 0, NULL);
	int64_t a1 = add_member(f->st, "Lê Văn Một", a, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1990-01-01", "2010-01-01");
	int64_t a2 = add_member(f->st, "Lê Văn Hai", a, NULL,
	    MSTATUS_PROBATIONARY, MSTATE_ACTIVE, "1990-01-01", "2025-01-01");
	int64_t b1 = add_member(f->st, "Lê Văn Ba", b, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1990-01-01", "2010-01-01");
	struct meeting m, got;
	struct meeting_attendance at;
	struct meeting_attendance_list al = { 0 };
	struct meeting_query q;
	struct principal p;
	int64_t m1, m2, m3, m4, mx;
	char *path = NULL, want[64];

	/* Insert and read back every field. */
	mk_meeting(&m, a, "2026-03-05T12:30:00Z", MEETING_COMBINED);
	m.place = strdup("Hội trường tầng 2");
	m.online = true;
	m.online_reason = strdup("Quá nửa đảng viên đi biển");
	m.topic = strdup("Học tập và làm theo tư tưởng Hồ Chí Minh");
	m.chair_id = a1;
	m.secretary_id = a2;
	m.guests = strdup("Đồng chí Trần Văn Khách, Đảng ủy viên");
	m.agenda = strdup("1. Kiểm điểm\n2. Phương hướng");
	OK(store_meeting_insert(f->st, &m, &err));
	m1 = m.id;
	assert_true(m1 > 0);
	assert_int_equal(m.version, 1);
	assert_timestamp(m.created_at);
	meeting_release(&m);
	memset(&got, 0, sizeof(got));
	OK(store_meeting_get(f->st, m1, &got, &path, &err));
	assert_int_equal(got.id, m1);
	assert_int_equal(got.org_id, a);
	assert_int_equal(got.kind, MEETING_COMBINED);
	assert_string_equal(got.starts_at, "2026-03-05T12:30:00Z");
	assert_string_equal(got.ends_at, "2026-03-05T14:30:00Z");
	assert_string_equal(got.place, "Hội trường tầng 2");
	assert_true(got.online);
	assert_string_equal(got.online_reason, "Quá nửa đảng viên đi biển");
	assert_int_equal(got.chair_id, a1);
	assert_int_equal(got.secretary_id, a2);
	assert_string_equal(got.agenda, "1. Kiểm điểm\n2. Phương hướng");
	assert_int_equal(got.status, MEETING_PLANNED);
	assert_string_equal(got.recorded_by, "admin");
	assert_int_equal(got.version, 1);
	assert_timestamp(got.created_at);
	assert_timestamp(got.updated_at);
	assert_non_null(path);
	free(path);

	/* Update, with and without the version. */
	got.status = MEETING_HELD;
	got.online = false;
	OK(store_meeting_update(f->st, &got, 1, &err));
	assert_int_equal(got.version, 2);
	got.status = MEETING_CANCELLED;
	assert_err(store_meeting_update(f->st, &got, 1, &err), -CB_EPRECOND,
	    &err, NULL);
	OK(store_meeting_update(f->st, &got, 0, &err));
	assert_int_equal(got.version, 3);
	meeting_release(&got);
	OK(store_meeting_get(f->st, m1, &got, NULL, &err));
	assert_int_equal(got.status, MEETING_CANCELLED);
	assert_false(got.online);
	meeting_release(&got);
	assert_int_equal(store_meeting_get(f->st, 4242, &got, NULL, &err),
	    -CB_ENOTFOUND);
	assert_string_equal(err.mcode, "meeting_not_found");
	cb_error_release(&err);

	/* The chair and the secretary are members of the organisation:
	 * both refused at once, nothing written. */
	mk_meeting(&m, a, "2026-04-02T12:30:00Z", MEETING_REGULAR);
	m.chair_id = b1;
	m.secretary_id = 4242;
	assert_int_equal(store_meeting_insert(f->st, &m, &err), -CB_EINVAL);
	assert_int_equal(err.nfields, 2);
	assert_string_equal(err.fields[0].field, "chair_id");
	assert_string_equal(err.fields[1].field, "secretary_id");
	assert_string_equal(err.fields[1].code, "not_a_member_of_org");
	cb_error_release(&err);
	assert_int_equal(m.id, 0);
	m.chair_id = m.secretary_id = 0;
	m.org_id = 4242;
	assert_err(store_meeting_insert(f->st, &m, &err), -CB_ENOTFOUND, &err,
	    "org_id");
	m.org_id = a;
	OK(store_meeting_insert(f->st, &m, &err));
	m2 = m.id;
	meeting_release(&m);
	mk_meeting(&m, b, "2026-03-05T12:30:00Z", MEETING_THEMATIC);
	OK(store_meeting_insert(f->st, &m, &err));
	m3 = m.id;
	meeting_release(&m);
	mk_meeting(&m, a, "2026-01-08T12:30:00Z", MEETING_REGULAR);
	OK(store_meeting_insert(f->st, &m, &err));
	m4 = m.id;
	meeting_release(&m);
	mk_meeting(&m, x, "2026-03-05T12:30:00Z", MEETING_REGULAR);
	OK(store_meeting_insert(f->st, &m, &err));
	mx = m.id;
	meeting_release(&m);

	/* The subtree's list by start then id, paged; the filters. */
	memset(&q, 0, sizeof(q));
	q.org_id = g;
	snprintf(want, sizeof(want), "%lld %lld %lld %lld", (long long)m4,
	    (long long)m1, (long long)m3, (long long)m2);
	assert_meetings(f->st, &q, want);
	q.org_id = a;
	snprintf(want, sizeof(want), "%lld %lld %lld", (long long)m4,
	    (long long)m1, (long long)m2);
	assert_meetings(f->st, &q, want);
	q.org_id = g;
	q.from = "2026-03-05T12:30:00Z";
	q.before = "2026-04-02T12:30:00Z";
	snprintf(want, sizeof(want), "%lld %lld", (long long)m1,
	    (long long)m3);
	assert_meetings(f->st, &q, want);
	q.from = q.before = NULL;
	q.kind = MEETING_THEMATIC;
	snprintf(want, sizeof(want), "%lld", (long long)m3);
	assert_meetings(f->st, &q, want);
	q.kind = MEETING_KIND_NONE;
	q.status = MEETING_CANCELLED;
	snprintf(want, sizeof(want), "%lld", (long long)m1);
	assert_meetings(f->st, &q, want);
	q.status = MEETING_STATUS_NONE;
	{
		struct meeting_page pg = { 0 };

		q.limit = 2;
		q.cursor = "not a cursor";
		assert_err(store_meeting_list(f->st, &q, &pg, &err),
		    -CB_EINVAL, &err, "cursor");
		q.cursor = NULL;
		q.limit = 0;
		assert_err(store_meeting_list(f->st, &q, &pg, &err),
		    -CB_EINVAL, &err, "limit");
	}

	/* Attendance: set, replace, only members of the meeting's
	 * organisation. */
	memset(&at, 0, sizeof(at));
	at.meeting_id = m2;
	at.member_id = a1;
	at.status = ATTENDANCE_ABSENT_EXCUSED;
	at.reason = strdup("Ốm");
	at.recorded_by = strdup("admin");
	OK(store_meeting_attendance_set(f->st, &at, &err));
	assert_timestamp(at.recorded_at);
	at.status = ATTENDANCE_LATE;
	free(at.reason);
	at.reason = NULL;
	OK(store_meeting_attendance_set(f->st, &at, &err));
	at.member_id = a2;
	at.status = ATTENDANCE_PRESENT;
	OK(store_meeting_attendance_set(f->st, &at, &err));
	at.member_id = b1;
	assert_err(store_meeting_attendance_set(f->st, &at, &err),
	    -CB_EINVAL, &err, "member_id");
	at.member_id = a1;
	at.meeting_id = 4242;
	assert_err(store_meeting_attendance_set(f->st, &at, &err),
	    -CB_ENOTFOUND, &err, NULL);
	meeting_attendance_release(&at);
	OK(store_meeting_attendance(f->st, m2, &al, &err));
	assert_int_equal(al.n, 2);
	assert_int_equal(al.items[0].member_id, a1);
	assert_int_equal(al.items[0].status, ATTENDANCE_LATE);
	assert_null(al.items[0].reason);
	assert_int_equal(al.items[1].member_id, a2);
	assert_int_equal(al.items[1].status, ATTENDANCE_PRESENT);
	assert_string_equal(al.items[1].recorded_by, "admin");
	meeting_attendance_list_release(&al);

	/* Scope: the secretary of A manages A's meetings; B's and X's
	 * are not found; the grassroots list is forbidden to it. */
	who(&p, "bí thư A");
	grant_on(f->st, &p, ROLE_SECRETARY, a);
	store_set_principal(f->st, &p);
	OK(store_meeting_get(f->st, m2, &got, NULL, &err));
	meeting_release(&got);
	assert_err(store_meeting_get(f->st, m3, &got, NULL, &err),
	    -CB_ENOTFOUND, &err, NULL);
	assert_err(store_meeting_get(f->st, mx, &got, NULL, &err),
	    -CB_ENOTFOUND, &err, NULL);
	memset(&q, 0, sizeof(q));
	q.org_id = a;
	snprintf(want, sizeof(want), "%lld %lld %lld", (long long)m4,
	    (long long)m1, (long long)m2);
	assert_meetings(f->st, &q, want);
	{
		struct meeting_page pg = { 0 };

		/* Organisations outside its grant do not exist for it. */
		q.org_id = g;
		q.limit = 2;
		assert_int_equal(store_meeting_list(f->st, &q, &pg, &err),
		    -CB_ENOTFOUND);
		cb_error_release(&err);
		q.org_id = x;
		assert_int_equal(store_meeting_list(f->st, &q, &pg, &err),
		    -CB_ENOTFOUND);
		cb_error_release(&err);
	}
	mk_meeting(&m, b, "2026-05-07T12:30:00Z", MEETING_REGULAR);
	assert_err(store_meeting_insert(f->st, &m, &err), -CB_ENOTFOUND, &err,
	    "org_id");
	m.org_id = a;
	OK(store_meeting_insert(f->st, &m, &err));
	meeting_release(&m);
	OK(store_meeting_attendance(f->st, m2, &al, &err));
	assert_int_equal(al.n, 2);
	meeting_attendance_list_release(&al);
	assert_err(store_meeting_attendance(f->st, m3, &al, &err),
	    -CB_ENOTFOUND, &err, NULL);
	store_set_principal(f->st, NULL);
	principal_release(&p);

	/* A viewer (upper committee) sees no meeting yet: the list of an
	 * organisation it sees is forbidden. */
	who(&p, "cấp trên");
	grant_on(f->st, &p, ROLE_VIEWER, g);
	store_set_principal(f->st, &p);
	assert_err(store_meeting_get(f->st, m2, &got, NULL, &err),
	    -CB_ENOTFOUND, &err, NULL);
	{
		struct meeting_page pg = { 0 };

		q.org_id = g;
		q.limit = 2;
		assert_int_equal(store_meeting_list(f->st, &q, &pg, &err),
		    -CB_EPERM);
		cb_error_release(&err);
	}
	store_set_principal(f->st, NULL);
	principal_release(&p);
	cb_error_release(&err);
}

/* A meeting's resolution, its tasks and its score (migration 0022). */
static int64_t
res_meeting(struct store *st, int64_t org, const char *starts_at)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m;
	int64_t id;

	mk_meeting(&m, org, starts_at, MEETING_REGULAR);
	m.status = MEETING_HELD;
	OK(store_meeting_insert(st, &m, &err));
	id = m.id;
	meeting_release(&m);
	return id;
}

static int64_t
res_task(struct store *st, int64_t meeting, int64_t assignee,
    const char *what, int want)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_task t;
	int64_t id;
	int rc;

	memset(&t, 0, sizeof(t));
	t.meeting_id = meeting;
	t.assignee_id = assignee;
	if (assignee == 0)
		t.assignee_text = strdup("Tổ đảng 1");
	t.what = strdup(what);
	snprintf(t.due_on, sizeof(t.due_on), "2026-06-30");
	t.recorded_by = strdup("admin");
	rc = store_task_insert(st, &t, &err);
	assert_int_equal(rc, want);
	id = t.id;
	meeting_task_release(&t);
	cb_error_release(&err);
	return id;
}

/* Terms and inspection programmes (migration 0025): terms of one
 * organisation never overlap (the one sharing a day named), the term in
 * force on a day; a programme with its items, the subject inside the
 * body's subtree; scope: a cell's secretary its cell's own programme
 * only, the inspection commission its subtree's; deleting a programme
 * takes its items. */
static void
test_programmes(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t g = add_org(f->st, "G", "Đảng bộ G", ORG_GRASSROOTS, 0, NULL);
	int64_t a = add_org(f->st, "A", "Chi bộ A", ORG_CELL, g, NULL);
	int64_t b = add_org(f->st, "B", "Chi bộ B", ORG_CELL, g, NULL);
	int64_t h = add_org(f->st, "H", "Đảng bộ H", ORG_GRASSROOTS, 0, NULL);
	int64_t ma = add_roll_member(f->st, "Một", a, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "2010-01-01", "2011-01-01", "");
	int64_t mb = add_roll_member(f->st, "Hai", b, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "2010-01-01", "2011-01-01", "");
	struct inspection_programme_item_list il = { NULL, 0 };
	struct programme_page pg = { { NULL, 0 }, NULL };
	char *cur;
	struct inspection_programme_item it, it2;
	struct inspection_programme p, got;
	struct programme_query q;
	struct org_term t, t2;
	struct principal who_;
	bool found;
	int64_t pid, cid;

	/* Terms. */
	memset(&t, 0, sizeof(t));
	t.org_id = g;
	t.name = strdup("2020–2025");
	SET(t.starts_on, "2020-06-01");
	SET(t.ends_on, "2025-05-31");
	OK(store_term_insert(f->st, &t, &err));
	assert_true(t.id > 0);
	assert_int_equal(t.version, 1);
	memset(&t2, 0, sizeof(t2));
	t2.org_id = g;
	t2.name = strdup("2025–2030");
	SET(t2.starts_on, "2025-05-31"); /* one day shared */
	SET(t2.ends_on, "2030-05-31");
	assert_int_equal(store_term_insert(f->st, &t2, &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].field, "starts_on");
	assert_string_equal(err.fields[0].code, "term_overlap");
	assert_non_null(strstr(err.fields[0].arg, "2020–2025"));
	cb_error_release(&err);
	SET(t2.starts_on, "2025-06-01");
	OK(store_term_insert(f->st, &t2, &err));
	/* Another organisation's terms are its own. */
	org_term_release(&t2);
	memset(&t2, 0, sizeof(t2));
	t2.org_id = h;
	t2.name = strdup("2020–2025");
	SET(t2.starts_on, "2020-06-01");
	SET(t2.ends_on, "2025-05-31");
	OK(store_term_insert(f->st, &t2, &err));
	org_term_release(&t2);
	memset(&t2, 0, sizeof(t2));
	OK(store_term_on(f->st, g, "2025-05-31", &t2, &found, &err));
	assert_true(found);
	assert_int_equal(t2.id, t.id);
	OK(store_term_on(f->st, g, "2025-06-01", &t2, &found, &err));
	assert_true(found);
	assert_string_equal(t2.name, "2025–2030");
	OK(store_term_on(f->st, g, "2030-06-01", &t2, &found, &err));
	assert_false(found);
	org_term_release(&t2);
	/* A stale version; a change that would overlap. */
	SET(t.ends_on, "2025-06-15");
	assert_int_equal(store_term_update(f->st, &t, 1, &err), -CB_EINVAL);
	cb_error_release(&err);
	SET(t.ends_on, "2025-05-30");
	assert_int_equal(store_term_update(f->st, &t, 7, &err), -CB_EPRECOND);
	cb_error_release(&err);
	OK(store_term_update(f->st, &t, 1, &err));
	assert_int_equal(t.version, 2);
	OK(store_term_delete(f->st, t.id, &err));
	assert_int_equal(store_term_get(f->st, t.id, &t2, &err), -CB_ENOTFOUND);
	cb_error_release(&err);
	org_term_release(&t);

	/* A committee's programme with an item on cell A. */
	memset(&p, 0, sizeof(p));
	p.org_id = g;
	p.body = INSPECTION_BODY_COMMITTEE;
	p.year = 2026;
	p.title = strdup("Chương trình 2026");
	p.status = PROGRAMME_DRAFT;
	OK(store_programme_insert(f->st, &p, &err));
	pid = p.id;
	memset(&it, 0, sizeof(it));
	it.programme_id = pid;
	it.kind = INSPECTION_KIND_INSPECTION;
	it.form = PROGRAMME_FORM_REGULAR;
	it.subject_org_id = a;
	it.content_codes = strdup("[\"party_fees\"]");
	it.status = PITEM_PLANNED;
	OK(store_programme_item_insert(f->st, &it, &err));
	/* The body itself, an organisation elsewhere, a member of the
	 * committee's own organisation: outside. */
	memset(&it2, 0, sizeof(it2));
	it2.programme_id = pid;
	it2.kind = INSPECTION_KIND_SUPERVISION;
	it2.form = PROGRAMME_FORM_THEMATIC;
	it2.status = PITEM_PLANNED;
	it2.subject_org_id = g;
	assert_int_equal(store_programme_item_insert(f->st, &it2, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "subject_outside_body");
	cb_error_release(&err);
	it2.subject_org_id = h;
	assert_int_equal(store_programme_item_insert(f->st, &it2, &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	it2.subject_org_id = 0;
	it2.subject_member_id = mb;
	it2.content_codes = strdup("[]");
	OK(store_programme_item_insert(f->st, &it2, &err));
	OK(store_programme_items(f->st, pid, &il, &err));
	assert_int_equal(il.n, 2);
	assert_string_equal(il.items[0].content_codes, "[\"party_fees\"]");
	assert_int_equal(il.items[1].subject_member_id, mb);
	inspection_programme_item_list_release(&il);
	it2.status = PITEM_DONE;
	OK(store_programme_item_update(f->st, &it2, 1, &err));
	assert_int_equal(it2.version, 2);
	inspection_programme_item_release(&it2);

	/* Cell A's own programme, of its members. */
	memset(&got, 0, sizeof(got));
	got.org_id = a;
	got.body = INSPECTION_BODY_CELL;
	got.year = 2026;
	got.title = strdup("Chương trình của chi bộ A");
	got.status = PROGRAMME_DRAFT;
	OK(store_programme_insert(f->st, &got, &err));
	cid = got.id;
	inspection_programme_release(&got);

	/* Scope: A's secretary sees and writes A's own programme only. */
	who(&who_, "bí thư A");
	grant_on(f->st, &who_, ROLE_SECRETARY, a);
	store_set_principal(f->st, &who_);
	OK(store_programme_get(f->st, cid, &got, NULL, &err));
	inspection_programme_release(&got);
	assert_int_equal(store_programme_get(f->st, pid, &got, NULL, &err),
	    -CB_ENOTFOUND);
	cb_error_release(&err);
	memset(&it2, 0, sizeof(it2));
	it2.programme_id = cid;
	it2.kind = INSPECTION_KIND_SUPERVISION;
	it2.form = PROGRAMME_FORM_REGULAR;
	it2.subject_member_id = ma;
	it2.content_codes = strdup("[]");
	it2.status = PITEM_PLANNED;
	OK(store_programme_item_insert(f->st, &it2, &err));
	it2.id = 0;
	it2.subject_member_id = mb;
	assert_int_equal(store_programme_item_insert(f->st, &it2, &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	inspection_programme_item_release(&it2);
	memset(&q, 0, sizeof(q));
	q.org_id = g;
	q.limit = 10;
	assert_int_equal(store_programme_list(f->st, &q, &pg, &err),
	    -CB_ENOTFOUND);
	cb_error_release(&err);
	/* A committee body on its own cell: not its to write. */
	memset(&got, 0, sizeof(got));
	got.org_id = a;
	got.body = INSPECTION_BODY_COMMITTEE;
	got.year = 2026;
	got.title = strdup("T");
	got.status = PROGRAMME_DRAFT;
	assert_int_equal(store_programme_insert(f->st, &got, &err), -CB_EPERM);
	cb_error_release(&err);
	inspection_programme_release(&got);
	store_set_principal(f->st, NULL);
	principal_release(&who_);

	/* The inspection commission of G: both, listed by year. */
	who(&who_, "ubkt G");
	grant_on(f->st, &who_, ROLE_INSPECTION, g);
	store_set_principal(f->st, &who_);
	OK(store_programme_list(f->st, &q, &pg, &err));
	assert_int_equal(pg.list.n, 2);
	assert_null(pg.next_cursor);
	programme_page_release(&pg);
	/* A page at a time: G's own, then A's (by organisation). */
	q.limit = 1;
	OK(store_programme_list(f->st, &q, &pg, &err));
	assert_int_equal(pg.list.n, 1);
	assert_int_equal(pg.list.items[0].id, pid);
	assert_non_null(cur = pg.next_cursor);
	pg.next_cursor = NULL;
	programme_page_release(&pg);
	q.cursor = cur;
	OK(store_programme_list(f->st, &q, &pg, &err));
	assert_int_equal(pg.list.n, 1);
	assert_int_equal(pg.list.items[0].id, cid);
	assert_null(pg.next_cursor);
	programme_page_release(&pg);
	free(cur);
	q.cursor = "nope";
	assert_int_equal(store_programme_list(f->st, &q, &pg, &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	q.cursor = NULL;
	q.limit = 10;
	q.body = INSPECTION_BODY_CELL;
	OK(store_programme_list(f->st, &q, &pg, &err));
	assert_int_equal(pg.list.n, 1);
	assert_int_equal(pg.list.items[0].id, cid);
	programme_page_release(&pg);
	q.body = INSPECTION_BODY_NONE;
	q.year = 2025;
	OK(store_programme_list(f->st, &q, &pg, &err));
	assert_int_equal(pg.list.n, 0);
	programme_page_release(&pg);
	/* Terms are the organisation's: the inspection role writes none. */
	memset(&t, 0, sizeof(t));
	t.org_id = a;
	t.name = strdup("x");
	SET(t.starts_on, "2020-01-01");
	SET(t.ends_on, "2021-01-01");
	assert_int_equal(store_term_insert(f->st, &t, &err), -CB_EPERM);
	cb_error_release(&err);
	org_term_release(&t);
	OK(store_programme_delete(f->st, pid, &err));
	assert_int_equal(store_programme_get(f->st, pid, &got, NULL, &err),
	    -CB_ENOTFOUND);
	cb_error_release(&err);
	assert_int_equal(store_programme_item_get(f->st, it.id, &it2, &err),
	    -CB_ENOTFOUND);
	cb_error_release(&err);
	store_set_principal(f->st, NULL);
	principal_release(&who_);
	inspection_programme_item_release(&it);
	inspection_programme_release(&p);
}

static void
test_resolutions(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t g = add_org(f->st, "G", "Đảng bộ G", ORG_GRASSROOTS, 0, NULL);
	int64_t a = add_org(f->st, "A", "Chi bộ A", ORG_CELL, g, NULL);
	int64_t b = add_org(f->st, "B", "Chi bộ B", ORG_CELL, g, NULL);
	int64_t a1 = add_member(f->st, "Lê Văn Một", a, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1990-01-01", "2010-01-01");
	int64_t b1 = add_member(f->st, "Lê Văn Ba", b, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1990-01-01", "2010-01-01");
	int64_t m1 = res_meeting(f->st, a, "2026-03-05T01:00:00Z");
	int64_t m2 = res_meeting(f->st, a, "2026-04-02T01:00:00Z");
	int64_t mb = res_meeting(f->st, b, "2026-03-05T01:00:00Z");
	struct meeting_resolution r, got;
	struct meeting_task t;
	struct meeting_task_list l = { 0 };
	struct meeting_score sc;
	int64_t t1, t2;
	bool created;

	meeting_resolution_init(&r);
	meeting_resolution_init(&got);
	assert_err(store_resolution_get(f->st, m1, &got, &err), -CB_ENOTFOUND,
	    &err, NULL);

	/* Tasks: the assignee must be on the cell's rolls. */
	t1 = res_task(f->st, m1, a1, "Giới thiệu quần chúng", 0);
	t2 = res_task(f->st, m1, 0, "Rà soát hồ sơ", 0);
	res_task(f->st, m1, b1, "Sai chi bộ", -CB_EINVAL);
	res_task(f->st, 4242, 0, "Không có cuộc họp", -CB_ENOTFOUND);

	/* The draft, then its versions. */
	r.meeting_id = m1;
	r.year = 2026;
	r.results = strdup("Kết quả quý I");
	r.vote_for = 9;
	r.vote_total = 10;
	OK(store_resolution_put(f->st, &r, 0, &created, &err));
	assert_true(created);
	assert_int_equal(r.version, 1);
	OK(store_resolution_get(f->st, m1, &got, &err));
	assert_int_equal(got.org_id, a);
	assert_int_equal(got.year, 2026);
	assert_int_equal(got.number, 0);
	assert_int_equal(got.status, RESOLUTION_DRAFT);
	assert_string_equal(got.results, "Kết quả quý I");
	assert_null(got.directions);
	assert_int_equal(got.vote_for, 9);
	assert_int_equal(got.vote_total, 10);
	assert_int_equal(got.previous.n, 0);
	assert_int_equal(got.tasks.n, 2);
	assert_int_equal(got.tasks.items[0].id, t1);
	assert_string_equal(got.tasks.items[0].assignee_name, "Lê Văn Một");
	assert_string_equal(got.tasks.items[0].due_on, "2026-06-30");
	assert_int_equal(got.tasks.items[1].id, t2);
	assert_string_equal(got.tasks.items[1].assignee_text, "Tổ đảng 1");
	assert_false(got.has_score);
	meeting_resolution_release(&got);
	r.directions = strdup("Phương hướng");
	r.vote_for = r.vote_total = -1;
	OK(store_resolution_put(f->st, &r, 1, &created, &err));
	assert_false(created);
	assert_int_equal(r.version, 2);
	assert_err(store_resolution_put(f->st, &r, 1, &created, &err),
	    -CB_EPRECOND, &err, NULL);
	OK(store_resolution_get(f->st, m1, &got, &err));
	assert_int_equal(got.vote_for, -1);
	assert_string_equal(got.directions, "Phương hướng");
	meeting_resolution_release(&got);

	/* Approval: number 1 of A's 2026 series, then no more writes. */
	assert_err(store_resolution_approve(f->st, m1, 1, "admin", &err),
	    -CB_EPRECOND, &err, NULL);
	OK(store_resolution_approve(f->st, m1, 2, "admin", &err));
	OK(store_resolution_get(f->st, m1, &got, &err));
	assert_int_equal(got.status, RESOLUTION_APPROVED);
	assert_int_equal(got.number, 1);
	assert_timestamp(got.approved_at);
	assert_string_equal(got.approved_by, "admin");
	meeting_resolution_release(&got);
	assert_err(store_resolution_approve(f->st, m1, 0, "admin", &err),
	    -CB_ECONFLICT, &err, NULL);
	assert_err(store_resolution_put(f->st, &r, 0, &created, &err),
	    -CB_ECONFLICT, &err, NULL);
	meeting_resolution_release(&r);

	/* A task done: the next draft starts with the other, still open. */
	memset(&t, 0, sizeof(t));
	OK(store_task_get(f->st, t1, &t, NULL, &err));
	t.status = TASK_DONE;
	t.result = strdup("Đã giới thiệu");
	assert_err(store_task_update(f->st, &t, 7, &err), -CB_EPRECOND, &err,
	    NULL);
	OK(store_task_update(f->st, &t, 1, &err));
	assert_int_equal(t.version, 2);
	assert_timestamp(t.done_at);
	meeting_task_release(&t);
	OK(store_task_list_org(f->st, a, TASK_OPEN, 100, &l, &err));
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].id, t2);
	meeting_task_list_release(&l);
	OK(store_task_list_member(f->st, a1, -1, 100, &l, &err));
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].status, TASK_DONE);
	meeting_task_list_release(&l);
	meeting_resolution_init(&r);
	r.meeting_id = m2;
	r.year = 2026;
	OK(store_resolution_put(f->st, &r, 0, &created, &err));
	assert_true(created);
	meeting_resolution_release(&r);
	OK(store_resolution_approve(f->st, m2, 0, "admin", &err));
	OK(store_resolution_get(f->st, m2, &got, &err));
	assert_int_equal(got.previous.n, 1);
	assert_int_equal(got.previous.items[0].id, t2);
	assert_int_equal(got.number, 2);
	meeting_resolution_release(&got);
	/* B has its own series. */
	meeting_resolution_init(&r);
	r.meeting_id = mb;
	r.year = 2026;
	OK(store_resolution_put(f->st, &r, 0, &created, &err));
	meeting_resolution_release(&r);
	OK(store_resolution_approve(f->st, mb, 0, "admin", &err));
	OK(store_resolution_get(f->st, mb, &got, &err));
	assert_int_equal(got.number, 1);
	assert_int_equal(got.previous.n, 0);
	meeting_resolution_release(&got);

	/* The score: stored, replaced, read with the resolution. */
	memset(&sc, 0, sizeof(sc));
	assert_err(store_score_get(f->st, m1, &sc, &err), -CB_ENOTFOUND, &err,
	    NULL);
	sc.meeting_id = m1;
	sc.scores = strdup("{\"time\":5}");
	sc.total = 92;
	sc.max_total = 100;
	snprintf(sc.band, sizeof(sc.band), "good");
	sc.rule_id = strdup("meeting.quality_sheet");
	sc.citation = strdup("42-HD/BTCTW");
	OK(store_score_set(f->st, &sc, &err));
	assert_int_equal(sc.version, 1);
	sc.total = 80;
	OK(store_score_set(f->st, &sc, &err));
	assert_int_equal(sc.version, 2);
	meeting_score_release(&sc);
	OK(store_resolution_get(f->st, m1, &got, &err));
	assert_true(got.has_score);
	assert_int_equal(got.score.total, 80);
	assert_string_equal(got.score.band, "good");
	assert_string_equal(got.score.scores, "{\"time\":5}");
	meeting_resolution_release(&got);
}

/* ---------------------------------------------------------- overrides */

static void
test_overrides(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t a = add_org(f->st, "A", "A", ORG_GRASSROOTS, 0, NULL);
	int64_t b = add_org(f->st, "B", "B", ORG_CELL, a, NULL);
	int64_t c = add_org(f->st, "C", "C", ORG_GRASSROOTS, 0, NULL);
	struct rule_override o;
	struct rulebook rb;
	const char *items[] = { "HTXS", "Tốt \"quá\"", "a\\b\n" };
	struct org ob;

	memset(&o, 0, sizeof(o));
	o.rule_id = strdup("meeting.regular");
	o.value_name = strdup("min_per_year");
	o.value.type = RV_INT;
	o.value.i = -12;
	o.org_id = b;
	SET(o.from, "2025-01-01");
	o.doc_no = strdup("1-NQ/CB");
	o.recorded_by = strdup("bí thư");
	OK(store_rule_override_add(f->st, &o, &err));
	assert_true(o.id > 0);
	assert_timestamp(o.recorded_at);
	rule_override_release(&o);

	memset(&o, 0, sizeof(o));
	o.rule_id = strdup("eval.labels");
	o.value_name = strdup("grades");
	o.value.type = RV_LIST;
	o.value.items = (char **)items;
	o.value.nitems = 3;
	o.org_id = a;
	SET(o.from, "2025-01-01");
	SET(o.to, "2025-12-31");
	OK(store_rule_override_add(f->st, &o, &err));
	o.value.type = RV_TEXT;
	o.value.items = NULL;
	o.value.nitems = 0;
	o.value.s = strdup("Chào \"bạn\" \x01 ✓");
	o.value_name[0] = 'G';
	OK(store_rule_override_add(f->st, &o, &err));
	o.org_id = 999;
	assert_err(store_rule_override_add(f->st, &o, &err), -CB_ENOTFOUND,
	    &err, "org_id");
	rule_override_release(&o);

	/* Move B under C: the loaded path is the current one. */
	org_init(&ob);
	OK(store_org_get(f->st, b, &ob, &err));
	ob.parent_id = c;
	OK(store_org_update(f->st, &ob, 0, &err));

	rulebook_init(&rb);
	OK(store_rule_overrides_load(f->st, &rb, &err));
	assert_int_equal(rb.noverrides, 3);
	assert_string_equal(rb.overrides[0].rule_id, "meeting.regular");
	assert_string_equal(rb.overrides[0].value_name, "min_per_year");
	assert_int_equal(rb.overrides[0].value.type, RV_INT);
	assert_int_equal(rb.overrides[0].value.i, -12);
	assert_int_equal(rb.overrides[0].org_id, b);
	assert_string_equal(rb.overrides[0].org_path, ob.path);
	assert_string_equal(rb.overrides[0].from, "2025-01-01");
	assert_string_equal(rb.overrides[0].to, "");
	assert_string_equal(rb.overrides[0].doc_no, "1-NQ/CB");
	assert_string_equal(rb.overrides[0].recorded_by, "bí thư");
	assert_timestamp(rb.overrides[0].recorded_at);
	assert_int_equal(rb.overrides[1].value.type, RV_LIST);
	assert_int_equal(rb.overrides[1].value.nitems, 3);
	assert_string_equal(rb.overrides[1].value.items[0], "HTXS");
	assert_string_equal(rb.overrides[1].value.items[1], "Tốt \"quá\"");
	assert_string_equal(rb.overrides[1].value.items[2], "a\\b\n");
	assert_string_equal(rb.overrides[1].to, "2025-12-31");
	assert_string_equal(rb.overrides[1].org_path, "/0000000001/");
	assert_int_equal(rb.overrides[2].value.type, RV_TEXT);
	assert_string_equal(rb.overrides[2].value.s, "Chào \"bạn\" \x01 ✓");
	assert_string_equal(rb.overrides[2].value_name, "Grades");
	org_release(&ob);
	rulebook_release(&rb);
}

/* -------------------------------------------------------- transactions */

static void
test_transactions(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t o = add_org(f->st, "O", "Chi bộ", ORG_CELL, 0, NULL);
	int64_t a, b, c, x;
	struct org g;

	/* Rollback leaves nothing. */
	assert_int_equal(store_depth(f->st), 0);
	OK(store_begin(f->st, &err));
	assert_int_equal(store_depth(f->st), 1);
	a = add_member(f->st, "Lê Văn Một", o, "001000000001",
	    MSTATUS_OFFICIAL, MSTATE_ACTIVE, NULL, NULL);
	assert_true(member_exists(f->st, a));
	x = add_org(f->st, "TMP", "Tạm", ORG_CELL, o, NULL);
	store_rollback(f->st);
	assert_int_equal(store_depth(f->st), 0);
	assert_false(member_exists(f->st, a));
	org_init(&g);
	assert_err(store_org_get(f->st, x, &g, &err), -CB_ENOTFOUND, &err,
	    NULL);

	/* A savepoint rolled back keeps the outer work. */
	OK(store_begin(f->st, &err));
	b = add_member(f->st, "Lê Văn Hai", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, NULL, NULL);
	OK(store_begin(f->st, &err));
	assert_int_equal(store_depth(f->st), 2);
	c = add_member(f->st, "Lê Văn Ba", o, "001000000003",
	    MSTATUS_OFFICIAL, MSTATE_ACTIVE, NULL, NULL);
	store_rollback(f->st);
	assert_int_equal(store_depth(f->st), 1);
	assert_false(member_exists(f->st, c));
	/* A conflict inside the transaction leaves it usable. */
	{
		struct member m;

		mk_member(&m, "Lê Văn Bốn", o);
		m.citizen_id = strdup("001000000009");
		OK(store_member_insert(f->st, &m, &err));
		free(m.full_name);
		m.full_name = strdup("Lê Văn Năm");
		assert_err(store_member_insert(f->st, &m, &err),
		    -CB_ECONFLICT, &err, "citizen_id");
		member_release(&m);
		org_init(&g);
		g.kind = ORG_CELL;
		g.name = strdup("X");
		g.code = strdup("O");
		SET(g.valid_from, "2020-01-01");
		assert_err(store_org_insert(f->st, &g, &err), -CB_ECONFLICT,
		    &err, "code");
		org_release(&g);
	}
	OK(store_commit(f->st, &err));
	assert_int_equal(store_depth(f->st), 0);
	assert_true(member_exists(f->st, b));
	{
		int64_t found;

		/* (SQLite may reuse c's id: look it up by citizen ID.) */
		OK(store_member_find(f->st, "citizen_id", "001000000003",
		    &found, &err));
		assert_int_equal(found, 0);
		OK(store_member_find(f->st, "citizen_id", "001000000009",
		    &found, &err));
		assert_true(found > 0);
	}

	/* Nested commit, outer rollback: all gone. */
	OK(store_begin(f->st, &err));
	OK(store_begin(f->st, &err));
	c = add_member(f->st, "Lê Văn Sáu", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, NULL, NULL);
	OK(store_commit(f->st, &err));
	store_rollback(f->st);
	assert_false(member_exists(f->st, c));

	/* Malformed UTF-8 is refused before the database sees it, so that
	 * it cannot fail (and, on PostgreSQL, abort) the transaction. */
	OK(store_begin(f->st, &err));
	a = add_member(f->st, "Lê Văn Bảy", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, NULL, NULL);
	{
		int64_t found = -1;

		assert_err(store_member_find(f->st, "citizen_id", "00\xff" "1",
		    &found, &err), -CB_EINVAL, &err, NULL);
		assert_int_equal(found, 0);
		org_init(&g);
		assert_err(store_org_get_by_code(f->st, "C\xc3", &g, &err),
		    -CB_EINVAL, &err, NULL);
		OK(store_meta_set(f->st, "k", "still usable", &err));
	}
	OK(store_commit(f->st, &err));
	assert_true(member_exists(f->st, a));

	/* A statement that failed inside a transaction: SQLite carries on;
	 * PostgreSQL has aborted the transaction, and COMMIT (which would
	 * roll it back) must not report success. */
	OK(store_begin(f->st, &err));
	b = add_member(f->st, "Lê Văn Tám", o, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, NULL, NULL);
	assert_int_not_equal(f->st->be->exec(f->st->conn,
	    "SELECT * FROM no_such_table"), 0);
	if (f->st->be->error_aborts_tx) {
		assert_err(store_commit(f->st, &err), -CB_ESTORE, &err, NULL);
		assert_false(member_exists(f->st, b));
	} else {
		OK(store_commit(f->st, &err));
		assert_true(member_exists(f->st, b));
	}
	assert_int_equal(store_depth(f->st), 0);

	/* Commit without a transaction fails; rollback is harmless. */
	assert_err(store_commit(f->st, &err), -CB_ESTORE, &err, NULL);
	store_rollback(f->st);
	assert_int_equal(store_depth(f->st), 0);
}

static void
test_meta(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	char *v = (char *)"junk";

	OK(store_meta_get(f->st, "demo_seed", &v, &err));
	assert_null(v);
	OK(store_meta_set(f->st, "demo_seed", "42", &err));
	OK(store_meta_get(f->st, "demo_seed", &v, &err));
	assert_string_equal(v, "42");
	free(v);
	OK(store_meta_set(f->st, "demo_seed", "Đảng ủy ✓", &err));
	OK(store_meta_get(f->st, "demo_seed", &v, &err));
	assert_string_equal(v, "Đảng ủy ✓");
	free(v);
	OK(store_meta_get(f->st, "other", &v, &err));
	assert_null(v);
}

/* ----------------------------------------------------------- accounts */

static int64_t
add_user(struct store *st, const char *name, const char *hash)
{
	struct cb_error err = CB_ERROR_INIT;
	struct user u;
	int64_t id;

	user_init(&u);
	u.username = strdup(name);
	u.display_name = strdup("Người dùng");
	check_rc(store_user_insert(st, &u, hash, &err), 0, &err, name);
	id = u.id;
	user_release(&u);
	return id;
}

static void
test_accounts(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t r = add_org(f->st, "R", "Đảng bộ R", ORG_GRASSROOTS, 0, NULL);
	int64_t a = add_org(f->st, "A", "Chi bộ A", ORG_CELL, r, NULL);
	int64_t m = add_member(f->st, "Lê Văn Một", a, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, NULL, NULL);
	struct user u, g;
	struct user_list l = { 0 };
	char *hash = (char *)"junk", *rpath = org_path_of(f->st, r, NULL,
	    NULL), *apath = org_path_of(f->st, a, NULL, NULL);
	int64_t alice, bob;

	/* Stored in lower case, with its timestamps and version. */
	user_init(&u);
	u.username = strdup("Alice");
	u.display_name = strdup("Nguyễn Thị Alice");
	u.member_id = m;
	OK(store_user_insert(f->st, &u, "$argon2id$h1", &err));
	alice = u.id;
	assert_true(alice > 0);
	assert_string_equal(u.username, "alice");
	assert_int_equal(u.version, 1);
	assert_timestamp(u.created_at);
	assert_string_equal(u.created_at, u.updated_at);
	user_release(&u);

	/* The same name, in any case: a conflict naming the field. */
	user_init(&u);
	u.username = strdup("ALICE");
	assert_err(store_user_insert(f->st, &u, NULL, &err), -CB_ECONFLICT,
	    &err, "username");
	free(u.username);
	u.username = strdup("carol");
	u.member_id = 4242;
	assert_err(store_user_insert(f->st, &u, NULL, &err), -CB_ENOTFOUND,
	    &err, "member_id");
	user_release(&u);
	bob = add_user(f->st, "bob", NULL);

	/* Grants: a role on an organisation, once. */
	OK(store_grant_add(f->st, alice, ROLE_OFFICE, a, &err));
	OK(store_grant_add(f->st, alice, ROLE_VIEWER, r, &err));
	OK(store_grant_add(f->st, bob, ROLE_ADMIN, r, &err));
	assert_err(store_grant_add(f->st, alice, ROLE_OFFICE, a, &err),
	    -CB_ECONFLICT, &err, "role");
	assert_err(store_grant_add(f->st, alice, ROLE_OFFICE, 999, &err),
	    -CB_ENOTFOUND, &err, "org_id");
	assert_err(store_grant_add(f->st, 999, ROLE_OFFICE, a, &err),
	    -CB_ENOTFOUND, &err, "user_id");
	assert_err(store_grant_add(f->st, alice, ROLE_NONE, a, &err),
	    -CB_EINVAL, &err, "role");

	user_init(&g);
	OK(store_user_get(f->st, alice, &g, &err));
	assert_int_equal(g.id, alice);
	assert_string_equal(g.username, "alice");
	assert_string_equal(g.display_name, "Nguyễn Thị Alice");
	assert_int_equal(g.member_id, m);
	assert_false(g.disabled);
	assert_int_equal(g.version, 3);		/* two grants since */
	assert_int_equal(g.ngrants, 2);
	assert_int_equal(g.grants[0].role, ROLE_OFFICE);
	assert_int_equal(g.grants[0].org_id, a);
	assert_string_equal(g.grants[0].org_path, apath);
	assert_string_equal(g.grants[0].org_code, "A");
	assert_string_equal(g.grants[0].org_name, "Chi bộ A");
	assert_true(g.grants[0].id > 0);
	assert_int_equal(g.grants[1].role, ROLE_VIEWER);
	assert_string_equal(g.grants[1].org_path, rpath);

	/* By name, in any case, with the password hash. */
	OK(store_user_get_by_name(f->st, "ALICE", &g, &hash, &err));
	assert_int_equal(g.id, alice);
	assert_int_equal(g.ngrants, 2);
	assert_string_equal(hash, "$argon2id$h1");
	free(hash);
	OK(store_user_get_by_name(f->st, "bob", &g, &hash, &err));
	assert_null(hash);
	OK(store_user_get_by_name(f->st, "bob", &g, NULL, &err));
	assert_err(store_user_get_by_name(f->st, "nobody", &g, &hash, &err),
	    -CB_ENOTFOUND, &err, NULL);
	assert_null(hash);
	assert_err(store_user_get(f->st, 999, &g, &err), -CB_ENOTFOUND, &err,
	    NULL);

	/* Every user, by name, each with its own grants. */
	add_user(f->st, "aaron", NULL);
	OK(store_user_list(f->st, &l, &err));
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].username, "aaron");
	assert_int_equal(l.items[0].ngrants, 0);
	assert_string_equal(l.items[1].username, "alice");
	assert_int_equal(l.items[1].ngrants, 2);
	assert_string_equal(l.items[1].grants[1].org_code, "R");
	assert_string_equal(l.items[2].username, "bob");
	assert_int_equal(l.items[2].ngrants, 1);
	assert_int_equal(l.items[2].grants[0].role, ROLE_ADMIN);
	user_list_release(&l);

	/* Disable, new password. */
	OK(store_user_set_disabled(f->st, alice, true, &err));
	OK(store_user_set_password(f->st, alice, "$argon2id$h2", &err));
	OK(store_user_get_by_name(f->st, "alice", &g, &hash, &err));
	assert_true(g.disabled);
	assert_string_equal(hash, "$argon2id$h2");
	assert_int_equal(g.version, 5);
	assert_timestamp(g.updated_at);
	free(hash);
	OK(store_user_set_disabled(f->st, alice, false, &err));
	OK(store_user_set_password(f->st, alice, NULL, &err));
	OK(store_user_get_by_name(f->st, "alice", &g, &hash, &err));
	assert_false(g.disabled);
	assert_null(hash);
	assert_err(store_user_set_disabled(f->st, 999, true, &err),
	    -CB_ENOTFOUND, &err, NULL);
	assert_err(store_user_set_password(f->st, 999, "x", &err),
	    -CB_ENOTFOUND, &err, NULL);

	/* Removing a grant; twice is not found. */
	OK(store_grant_remove(f->st, alice, ROLE_OFFICE, a, &err));
	OK(store_user_get(f->st, alice, &g, &err));
	assert_int_equal(g.ngrants, 1);
	assert_int_equal(g.grants[0].role, ROLE_VIEWER);
	assert_err(store_grant_remove(f->st, alice, ROLE_OFFICE, a, &err),
	    -CB_ENOTFOUND, &err, NULL);
	user_release(&g);

	/* A conflict inside a transaction leaves it usable. */
	OK(store_begin(f->st, &err));
	assert_err(store_grant_add(f->st, alice, ROLE_VIEWER, r, &err),
	    -CB_ECONFLICT, &err, "role");
	user_init(&u);
	u.username = strdup("bob");
	assert_err(store_user_insert(f->st, &u, NULL, &err), -CB_ECONFLICT,
	    &err, "username");
	user_release(&u);
	add_user(f->st, "dave", NULL);
	OK(store_commit(f->st, &err));
	user_init(&g);
	OK(store_user_get_by_name(f->st, "dave", &g, NULL, &err));
	user_release(&g);
	/* Options: only a secretary's grant carries "contacts". */
	assert_err(store_grant_add_opts(f->st, bob, ROLE_OFFICE, a,
	    GRANT_OPT_CONTACTS, &err), -CB_EINVAL, &err, "allow");
	assert_err(store_grant_set_options(f->st, alice, ROLE_VIEWER, r,
	    GRANT_OPT_CONTACTS, &err), -CB_EINVAL, &err, "allow");
	assert_err(store_grant_set_options(f->st, bob, ROLE_SECRETARY, a,
	    GRANT_OPT_CONTACTS, &err), -CB_ENOTFOUND, &err, NULL);
	{
		int64_t carol = add_user(f->st, "carol", NULL);
		struct user c;

		OK(store_grant_add_opts(f->st, carol, ROLE_SECRETARY, a,
		    GRANT_OPT_CONTACTS, &err));
		user_init(&c);
		OK(store_user_get(f->st, carol, &c, &err));
		assert_int_equal(c.ngrants, 1);
		assert_int_equal(c.grants[0].options, GRANT_OPT_CONTACTS);
		OK(store_grant_set_options(f->st, carol, ROLE_SECRETARY, a, 0,
		    &err));
		OK(store_user_get(f->st, carol, &c, &err));
		assert_int_equal(c.grants[0].options, 0);
		user_release(&c);
	}
	free(rpath);
	free(apath);
}

/* ----------------------------------------------------------- sessions */

static void
mk_session(struct session *s, const char *hash, int64_t user,
    const char *expires)
{
	memset(s, 0, sizeof(*s));
	s->id_hash = strdup(hash);
	s->user_id = user;
	s->csrf_hash = strdup("csrf-of-" "x");
	s->expires_at = strdup(expires);
	s->addr = strdup("192.0.2.7");
	s->user_agent = strdup("Mozilla/5.0 (chibo)");
}

static bool
session_exists(struct store *st, const char *hash)
{
	struct cb_error err = CB_ERROR_INIT;
	struct session s;
	int rc;

	memset(&s, 0, sizeof(s));
	rc = store_session_get(st, hash, &s, &err);
	session_release(&s);
	cb_error_release(&err);
	assert_true(rc == 0 || rc == -CB_ENOTFOUND);
	return rc == 0;
}

static void
test_sessions(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t alice = add_user(f->st, "alice", NULL);
	int64_t bob = add_user(f->st, "bob", NULL);
	struct session s, g;
	char now[TIMESTAMP_LEN];

	mk_session(&s, "h1", alice, "2099-01-01T00:00:00Z");
	OK(store_session_insert(f->st, &s, &err));
	session_release(&s);
	memset(&g, 0, sizeof(g));
	OK(store_session_get(f->st, "h1", &g, &err));
	assert_string_equal(g.id_hash, "h1");
	assert_int_equal(g.user_id, alice);
	assert_string_equal(g.csrf_hash, "csrf-of-x");
	assert_string_equal(g.expires_at, "2099-01-01T00:00:00Z");
	assert_string_equal(g.addr, "192.0.2.7");
	assert_string_equal(g.user_agent, "Mozilla/5.0 (chibo)");
	assert_timestamp(g.created_at);
	assert_string_equal(g.created_at, g.last_seen_at);
	session_release(&g);
	assert_err(store_session_get(f->st, "nope", &g, &err), -CB_ENOTFOUND,
	    &err, NULL);

	/* Bad input. */
	mk_session(&s, "h1", alice, "2099-01-01T00:00:00Z");
	assert_err(store_session_insert(f->st, &s, &err), -CB_ECONFLICT, &err,
	    NULL);
	free(s.expires_at);
	s.expires_at = strdup("tomorrow");
	free(s.id_hash);
	s.id_hash = strdup("h9");
	assert_err(store_session_insert(f->st, &s, &err), -CB_EINVAL, &err,
	    "expires_at");
	free(s.expires_at);
	s.expires_at = strdup("2099-02-30T00:00:00Z");
	assert_err(store_session_insert(f->st, &s, &err), -CB_EINVAL, &err,
	    "expires_at");
	free(s.expires_at);
	s.expires_at = strdup("2099-01-01T00:00:00Z");
	s.user_id = 999;
	assert_err(store_session_insert(f->st, &s, &err), -CB_ENOTFOUND, &err,
	    "user_id");
	session_release(&s);

	/* Touch moves last_seen_at to now. */
	assert_int_equal(f->st->be->exec(f->st->conn, "UPDATE session SET"
	    " last_seen_at = '2001-02-03T04:05:06Z'"), 0);
	OK(store_session_get(f->st, "h1", &g, &err));
	assert_string_equal(g.last_seen_at, "2001-02-03T04:05:06Z");
	OK(store_session_touch(f->st, "h1", &err));
	OK(store_session_get(f->st, "h1", &g, &err));
	timestamp_utc(time(NULL), now);
	assert_true(strcmp(g.last_seen_at, "2001-02-03T04:05:06Z") > 0);
	assert_true(strcmp(g.last_seen_at, now) <= 0);
	session_release(&g);
	OK(store_session_touch(f->st, "gone", &err));	/* no error */

	/* Delete one; again is harmless. */
	OK(store_session_delete(f->st, "h1", &err));
	assert_false(session_exists(f->st, "h1"));
	OK(store_session_delete(f->st, "h1", &err));

	/* Delete every session of a user. */
	mk_session(&s, "a1", alice, "2099-01-01T00:00:00Z");
	OK(store_session_insert(f->st, &s, &err));
	session_release(&s);
	mk_session(&s, "a2", alice, "2099-01-01T00:00:00Z");
	OK(store_session_insert(f->st, &s, &err));
	session_release(&s);
	mk_session(&s, "b1", bob, "2099-01-01T00:00:00Z");
	OK(store_session_insert(f->st, &s, &err));
	session_release(&s);
	OK(store_session_delete_user(f->st, alice, &err));
	assert_false(session_exists(f->st, "a1"));
	assert_false(session_exists(f->st, "a2"));
	assert_true(session_exists(f->st, "b1"));

	/* Purge: by absolute expiry, then by idleness. */
	mk_session(&s, "old", bob, "2001-01-01T00:00:00Z");
	OK(store_session_insert(f->st, &s, &err));
	session_release(&s);
	mk_session(&s, "idle", bob, "2099-01-01T00:00:00Z");
	OK(store_session_insert(f->st, &s, &err));
	session_release(&s);
	assert_int_equal(f->st->be->exec(f->st->conn, "UPDATE session SET"
	    " last_seen_at = '2002-01-01T00:00:00Z' WHERE id_hash = 'idle'"),
	    0);
	timestamp_utc(time(NULL), now);
	OK(store_session_purge(f->st, now, "2000-01-01T00:00:00Z", &err));
	assert_false(session_exists(f->st, "old"));
	assert_true(session_exists(f->st, "idle"));
	assert_true(session_exists(f->st, "b1"));
	OK(store_session_purge(f->st, now, "2003-01-01T00:00:00Z", &err));
	assert_false(session_exists(f->st, "idle"));
	assert_true(session_exists(f->st, "b1"));
	assert_err(store_session_purge(f->st, "now", NULL, &err), -CB_EINVAL,
	    &err, "expired_before");
	/* Far in the future: everything is idle. */
	OK(store_session_purge(f->st, NULL, "2999-01-01T00:00:00Z", &err));
	assert_false(session_exists(f->st, "b1"));
}

/* ------------------------------------------------------------- tokens */

static int64_t
add_token(struct store *st, int64_t user, const char *name,
    const char *hash, const char *expires)
{
	struct cb_error err = CB_ERROR_INIT;
	struct api_token t;
	int64_t id;

	memset(&t, 0, sizeof(t));
	t.user_id = user;
	t.name = strdup(name);
	t.prefix = strdup("chibo_abcdef");
	t.expires_at = expires ? strdup(expires) : NULL;
	check_rc(store_token_insert(st, &t, hash, &err), 0, &err, name);
	assert_true(t.id > 0);
	assert_timestamp(t.created_at);
	id = t.id;
	api_token_release(&t);
	return id;
}

static void
test_tokens(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t alice = add_user(f->st, "alice", NULL);
	int64_t bob = add_user(f->st, "bob", NULL);
	int64_t t1, t2, t3;
	struct api_token t;
	struct api_token_list l = { 0 };

	t1 = add_token(f->st, alice, "sao lưu", "th1", NULL);
	t2 = add_token(f->st, alice, "báo cáo", "th2", "2099-01-01T00:00:00Z");
	t3 = add_token(f->st, bob, "nhập", "th3", NULL);

	memset(&t, 0, sizeof(t));
	t.user_id = bob;
	t.name = strdup("x");
	assert_err(store_token_insert(f->st, &t, "th1", &err), -CB_ECONFLICT,
	    &err, "token_hash");
	t.user_id = 999;
	assert_err(store_token_insert(f->st, &t, "th9", &err), -CB_ENOTFOUND,
	    &err, "user_id");
	t.user_id = bob;
	t.expires_at = strdup("2099-01-01 00:00:00");
	assert_err(store_token_insert(f->st, &t, "th9", &err), -CB_EINVAL,
	    &err, "expires_at");
	api_token_release(&t);

	memset(&t, 0, sizeof(t));
	OK(store_token_find(f->st, "th2", &t, &err));
	assert_int_equal(t.id, t2);
	assert_int_equal(t.user_id, alice);
	assert_string_equal(t.username, "alice");
	assert_string_equal(t.name, "báo cáo");
	assert_string_equal(t.prefix, "chibo_abcdef");
	assert_string_equal(t.expires_at, "2099-01-01T00:00:00Z");
	assert_timestamp(t.created_at);
	assert_null(t.revoked_at);
	assert_null(t.last_used_at);
	assert_err(store_token_find(f->st, "nope", &t, &err), -CB_ENOTFOUND,
	    &err, NULL);

	/* Newest first (same second: by id). */
	OK(store_token_list(f->st, alice, &l, &err));
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].id, t2);
	assert_int_equal(l.items[1].id, t1);
	assert_null(l.items[1].expires_at);
	assert_string_equal(l.items[1].username, "alice");
	OK(store_token_list(f->st, 0, &l, &err));
	assert_int_equal(l.n, 3);
	assert_int_equal(l.items[0].id, t3);
	assert_string_equal(l.items[0].username, "bob");
	api_token_list_release(&l);

	/* Revoked once: a second revoke keeps the first time. */
	OK(store_token_revoke(f->st, t1, &err));
	OK(store_token_find(f->st, "th1", &t, &err));
	assert_timestamp(t.revoked_at);
	assert_int_equal(f->st->be->exec(f->st->conn, "UPDATE api_token SET"
	    " revoked_at = '2001-01-01T00:00:00Z'"
	    " WHERE token_hash = 'th1'"), 0);
	OK(store_token_revoke(f->st, t1, &err));
	OK(store_token_find(f->st, "th1", &t, &err));
	assert_string_equal(t.revoked_at, "2001-01-01T00:00:00Z");
	assert_err(store_token_revoke(f->st, 999, &err), -CB_ENOTFOUND, &err,
	    NULL);

	OK(store_token_touch(f->st, t2, &err));
	OK(store_token_find(f->st, "th2", &t, &err));
	assert_timestamp(t.last_used_at);
	assert_null(t.revoked_at);
	api_token_release(&t);
}

/* --------------------------------------------------------- throttling */

static int
fails(struct store *st, const char *key, int64_t window)
{
	struct cb_error err = CB_ERROR_INIT;
	int n = -1;

	OK(store_auth_failures(st, key, window, &n, &err));
	return n;
}

static int
fail_once(struct store *st, const char *key, int64_t window)
{
	struct cb_error err = CB_ERROR_INIT;
	int n = -1;

	OK(store_auth_fail(st, key, window, &n, &err));
	return n;
}

static void
test_throttling(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;

	assert_int_equal(fails(f->st, "user:alice", 900), 0);
	assert_int_equal(fail_once(f->st, "user:alice", 900), 1);
	assert_int_equal(fail_once(f->st, "user:alice", 900), 2);
	assert_int_equal(fail_once(f->st, "user:alice", 900), 3);
	assert_int_equal(fail_once(f->st, "addr:192.0.2.7", 900), 1);
	assert_int_equal(fails(f->st, "user:alice", 900), 3);
	assert_int_equal(fails(f->st, "addr:192.0.2.7", 900), 1);
	/* A window of 0 s is always over: reads nothing, starts anew. */
	assert_int_equal(fails(f->st, "user:alice", 0), 0);
	assert_int_equal(fail_once(f->st, "user:alice", 0), 1);
	assert_int_equal(fails(f->st, "user:alice", 900), 1);
	assert_int_equal(fail_once(f->st, "user:alice", 900), 2);
	/* A window that began long ago is over too. */
	assert_int_equal(f->st->be->exec(f->st->conn, "UPDATE auth_failure"
	    " SET window_start = '2001-01-01T00:00:00Z'"
	    " WHERE key = 'user:alice'"), 0);
	assert_int_equal(fails(f->st, "user:alice", 900), 0);
	assert_int_equal(fail_once(f->st, "user:alice", 900), 1);
	OK(store_auth_clear(f->st, "user:alice", &err));
	assert_int_equal(fails(f->st, "user:alice", 900), 0);
	assert_int_equal(fails(f->st, "addr:192.0.2.7", 900), 1);
	OK(store_auth_clear(f->st, "nobody", &err));
	assert_int_equal(fail_once(f->st, "user:alice", 900), 1);
}

/* -------------------------------------------------------------- audit */

/* Appends one entry in its own transaction; returns its id. */
static int64_t
audit_add(struct store *st, const char *action, int64_t org,
    int64_t object_id, struct audit_entry *keep)
{
	struct cb_error err = CB_ERROR_INIT;
	struct audit_entry e;
	int64_t id;

	audit_entry_init(&e);
	e.actor = strdup("cli:văn phòng");
	e.user_id = org ? 7 : 0;
	e.addr = strdup("local");
	e.action = strdup(action);
	e.object_type = strdup("member");
	e.object_id = object_id;
	e.org_id = org;
	e.after = strdup("{\"full_name\":\"Lê Văn Một\"}");
	e.detail = org ? NULL : strdup("");
	OK(store_begin(st, &err));
	check_rc(store_audit_append(st, &e, &err), 0, &err, action);
	OK(store_commit(st, &err));
	assert_true(e.id > 0);
	assert_timestamp(e.at);
	assert_int_equal(strlen(e.hash), 64);
	id = e.id;
	if (keep != NULL)
		*keep = e;
	else
		audit_entry_release(&e);
	return id;
}

static int
verify_cb(const struct audit_entry *e, void *arg)
{
	audit_verify_step(arg, e);
	return 0;
}

/* Walks the chain as `chibo audit verify` does; returns the bad id and
 * its code (NULL: intact, and the id 0). */
static int64_t
verify_chain(struct store *st, int64_t *ret_count, const char **ret_code)
{
	struct cb_error err = CB_ERROR_INIT;
	struct audit_verify v;
	char head[AUDIT_HASH_LEN];
	int64_t head_id;

	audit_verify_init(&v);
	OK(store_begin(st, &err));
	OK(store_audit_verify(st, &v, &head_id, head, &err));
	store_rollback(st);
	if (ret_count != NULL)
		*ret_count = v.count;
	if (ret_code != NULL)
		*ret_code = v.bad_code;
	else if (v.bad_code != NULL)
		fprintf(stderr, "audit: %s at %lld\n", v.bad_code,
		    (long long)v.bad_id);
	return v.bad_id;
}

/* What an attacker with the database's file or owner account does first:
 * drops the append-only triggers (0013). */
static void
drop_audit_guards(struct store *st)
{
	static const char *const sql[] = {
		"DROP TRIGGER IF EXISTS tr_audit__no_update;"
		"DROP TRIGGER IF EXISTS tr_audit__no_delete;"
		"DROP TRIGGER IF EXISTS tr_audit__after_head;"
		"DROP TRIGGER IF EXISTS tr_audit_head__forward;"
		"DROP TRIGGER IF EXISTS tr_audit_head__no_delete;"
		"DROP TRIGGER IF EXISTS tr_audit_format__no_update;"
		"DROP TRIGGER IF EXISTS tr_audit_format__no_delete",
		"DROP FUNCTION IF EXISTS audit_refuse() CASCADE;"
		"DROP FUNCTION IF EXISTS audit_after_head() CASCADE",
	};

	assert_int_equal(st->be->exec(st->conn,
	    sql[strcmp(st->be->name, "sqlite") != 0]), 0);
}

/* Runs statement sql behind the store's back; 0 or not. */
static int
raw(struct store *st, const char *sql)
{
	return st->be->exec(st->conn, sql);
}

/*
 * PostgreSQL: the member lists, their counts and the search's statements
 * are planned at each call (pg_stmt_plan_each), never prepared -- a
 * prepared one settles after five calls on a generic plan that ignores
 * the query's ranges (docs/performance.md) -- while the other statements
 * still are.  Read from the connection's own pg_prepared_statements
 * after more than five searches.
 */
static void
test_pg_lists_planned_each_call(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct member_query q;
	struct member_page p = { 0 };
	int64_t o = add_org(f->st, "O", "Chi bộ", ORG_CELL, 0, NULL);
	const char *qs[] = { "van b", "thi", "binh le", "b", "van", "le thi",
	    "nguyen" };
	int64_t total;
	bool exact;
	size_t i;
	int id, n = 0;

	if (strcmp(f->st->be->name, "postgresql") != 0)
		return;
	assert_true(insert_fixture(f->st, o, o, o) >= 30);
	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		memset(&q, 0, sizeof(q));
		q.sort = MSORT_NAME;
		q.state = MSTATE_ACTIVE;
		q.q = qs[i];
		q.limit = 5;
		OK(store_member_list(f->st, &q, &p, &err));
		member_page_release(&p);
		OK(store_member_count(f->st, &q, &total, &exact, &err));
	}
	/* No parallel workers for chibo's statements (pg/backend.c). */
	assert_int_equal(raw(f->st,
	    "DO $t$ BEGIN IF current_setting("
	    "'max_parallel_workers_per_gather') <> '0' THEN"
	    " RAISE EXCEPTION 'parallel workers'; END IF; END $t$"), 0);
	/* The insert of a member is prepared: the view is the right one. */
	{
		char sql[8192];

		snprintf(sql, sizeof(sql),
		    "DO $t$ BEGIN IF NOT EXISTS (SELECT 1 FROM"
		    " pg_prepared_statements WHERE statement = $s$%s$s$)"
		    " THEN RAISE EXCEPTION 'not prepared'; END IF; END $t$",
		    pg_stmt_sql(STMT_MEMBER_INSERT));
		assert_int_equal(raw(f->st, sql), 0);
	}
	for (id = 0; id < STMT__MAX; id++) {
		const char *stmt = pg_stmt_sql((enum stmt)id);
		char *sql;
		size_t len;

		if (!pg_stmt_plan_each((enum stmt)id) || stmt == NULL)
			continue;
		n++;
		len = strlen(stmt) + 200;
		sql = malloc(len);
		assert_non_null(sql);
		snprintf(sql, len,
		    "DO $t$ BEGIN IF EXISTS (SELECT 1 FROM"
		    " pg_prepared_statements WHERE statement = $s$%s$s$)"
		    " THEN RAISE EXCEPTION 'prepared'; END IF; END $t$",
		    stmt);
		if (raw(f->st, sql) != 0)
			fprintf(stderr, "statement %d is prepared\n", id);
		assert_int_equal(raw(f->st, sql), 0);
		free(sql);
	}
	assert_true(n > 50);
	free_fixture();
}

struct audit_seen {
	struct audit_entry	items[64];
	size_t			n;
};

static int
collect_cb(const struct audit_entry *e, void *arg)
{
	struct audit_seen *s = arg;
	struct audit_entry *c = &s->items[s->n++];

	*c = *e;
	c->actor = e->actor ? strdup(e->actor) : NULL;
	c->addr = e->addr ? strdup(e->addr) : NULL;
	c->action = e->action ? strdup(e->action) : NULL;
	c->object_type = e->object_type ? strdup(e->object_type) : NULL;
	c->before = e->before ? strdup(e->before) : NULL;
	c->after = e->after ? strdup(e->after) : NULL;
	c->detail = e->detail ? strdup(e->detail) : NULL;
	return e->id == 1000 ? 9 : 0;
}

static void
test_audit_chain(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct audit_entry kept[5], e;
	struct audit_seen seen;
	char head[AUDIT_HASH_LEN];
	const char *code;
	int64_t head_id, count, i;

	/* Outside a transaction there is no lock to hold. */
	audit_entry_init(&e);
	e.action = strdup("x");
	assert_err(store_audit_append(f->st, &e, &err), -CB_ESTORE, &err,
	    NULL);
	audit_entry_release(&e);

	for (i = 0; i < 5; i++)
		assert_int_equal(audit_add(f->st, i % 2 ? "member.update" :
		    "member.create", i == 4 ? 0 : 1, 100 + i, &kept[i]),
		    i + 1);
	assert_string_equal(kept[0].prev_hash, audit_genesis);
	for (i = 1; i < 5; i++)
		assert_string_equal(kept[i].prev_hash, kept[i - 1].hash);
	OK(store_audit_head(f->st, &head_id, head, &err));
	assert_int_equal(head_id, 5);
	assert_string_equal(head, kept[4].hash);

	/* Read back exactly as written (the hash says so too). */
	memset(&seen, 0, sizeof(seen));
	OK(store_audit_each(f->st, collect_cb, &seen, &err));
	assert_int_equal(seen.n, 5);
	for (i = 0; i < 5; i++) {
		struct audit_entry *s = &seen.items[i];
		char h[AUDIT_HASH_LEN];

		assert_int_equal(s->id, i + 1);
		assert_string_equal(s->at, kept[i].at);
		assert_string_equal(s->actor, "cli:văn phòng");
		assert_string_equal(s->action, kept[i].action);
		assert_int_equal(s->object_id, 100 + i);
		assert_int_equal(s->org_id, i == 4 ? 0 : 1);
		assert_int_equal(s->user_id, i == 4 ? 0 : 7);
		assert_null(s->before);
		assert_string_equal(s->after, kept[i].after);
		if (i == 4)
			assert_string_equal(s->detail, "");	/* not NULL */
		else
			assert_null(s->detail);
		assert_string_equal(s->prev_hash, kept[i].prev_hash);
		assert_string_equal(s->hash, kept[i].hash);
		assert_int_equal(audit_hash(s, s->prev_hash, h), 0);
		assert_string_equal(h, s->hash);
		audit_entry_release(s);
	}
	for (i = 0; i < 5; i++)
		audit_entry_release(&kept[i]);
	assert_int_equal(verify_chain(f->st, &count, NULL), 0);
	assert_int_equal(count, 5);

	/* A rolled-back append leaves no gap: the next one gets 6. */
	OK(store_begin(f->st, &err));
	audit_entry_init(&e);
	e.action = strdup("member.delete");
	OK(store_audit_append(f->st, &e, &err));
	assert_int_equal(e.id, 6);
	store_rollback(f->st);
	audit_entry_release(&e);
	/* A failed one too (refused text, then the caller rolls back). */
	OK(store_begin(f->st, &err));
	audit_entry_init(&e);
	e.action = strdup("member.update");
	e.actor = strdup("bad \xff");
	assert_err(store_audit_append(f->st, &e, &err), -CB_EINVAL, &err,
	    NULL);
	store_rollback(f->st);
	audit_entry_release(&e);
	assert_int_equal(audit_add(f->st, "member.delete", 1, 100, NULL), 6);
	/* Two in one transaction. */
	OK(store_begin(f->st, &err));
	for (i = 7; i <= 8; i++) {
		audit_entry_init(&e);
		e.action = strdup("import.row");
		e.org_id = 1;
		OK(store_audit_append(f->st, &e, &err));
		assert_int_equal(e.id, i);
		audit_entry_release(&e);
	}
	OK(store_commit(f->st, &err));
	assert_int_equal(verify_chain(f->st, &count, NULL), 0);
	assert_int_equal(count, 8);

	/* Append-only: the triggers refuse a change, a removal, an entry
	 * before the head, a head moved back. */
	assert_int_not_equal(raw(f->st,
	    "UPDATE audit SET actor = 'x' WHERE id = 3"), 0);
	assert_int_not_equal(raw(f->st, "DELETE FROM audit WHERE id = 8"), 0);
	assert_int_not_equal(raw(f->st,
	    "INSERT INTO audit (id, at, prev_hash, hash) VALUES"
	    " (0, '2026-01-01T00:00:00Z', 'x', 'y')"), 0);
	assert_int_not_equal(raw(f->st,
	    "UPDATE audit_head SET last_id = 4 WHERE id = 1"), 0);
	assert_int_not_equal(raw(f->st, "DELETE FROM audit_head"), 0);
	assert_int_not_equal(raw(f->st, "DELETE FROM audit_format"), 0);
	assert_int_equal(verify_chain(f->st, &count, NULL), 0);
	assert_int_equal(count, 8);
	drop_audit_guards(f->st);

	/* A stop from the callback is returned. */
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(f->st->be->exec(f->st->conn,
	    "UPDATE audit SET id = 1000 WHERE id = 3"), 0);
	assert_int_equal(store_audit_each(f->st, collect_cb, &seen, &err), 9);
	for (i = 0; i < (int64_t)seen.n; i++)
		audit_entry_release(&seen.items[i]);
	/* Tampering shows: a removed (here renumbered) entry, an altered
	 * one, the newest ones removed. */
	assert_int_equal(verify_chain(f->st, NULL, &code), 4);
	assert_string_equal(code, "gap");
	assert_int_equal(f->st->be->exec(f->st->conn,
	    "UPDATE audit SET id = 3 WHERE id = 1000"), 0);
	assert_int_equal(verify_chain(f->st, NULL, NULL), 0);
	assert_int_equal(f->st->be->exec(f->st->conn,
	    "UPDATE audit SET actor = 'someone else' WHERE id = 5"), 0);
	assert_int_equal(verify_chain(f->st, NULL, &code), 5);
	assert_string_equal(code, "altered");
	assert_int_equal(f->st->be->exec(f->st->conn,
	    "DELETE FROM audit WHERE id >= 5"), 0);
	assert_int_equal(verify_chain(f->st, NULL, &code), 5);
	assert_string_equal(code, "truncated");
}

static void assert_audit(struct store *st, const struct audit_query *q,
    const char *want);

/* Expects verification to stop at entry id with code. */
static void
assert_broken(struct store *st, int64_t id, const char *code)
{
	const char *got = NULL;
	int64_t bad = verify_chain(st, NULL, &got);

	if (got == NULL || strcmp(got, code) != 0 || bad != id)
		fprintf(stderr, "verify: got %s at %lld, want %s at %lld\n",
		    got ? got : "intact", (long long)bad, code,
		    (long long)id);
	assert_non_null(got);
	assert_string_equal(got, code);
	assert_int_equal(bad, id);
}

/* Every row of the table is in the chain, exactly as hashed (issue 12,
 * findings 11 and 13): a forged row numbered 0 or below, a row after the
 * head, a repeated id, NULL turned into 0, a fraction of a second. */
static void
test_audit_outside_chain(void **state)
{
	struct fx *f = *state;
	struct audit_query q = { .limit = 100 };
	bool pg = strcmp(f->st->be->name, "sqlite") != 0;
	static const int64_t forged[] = { 0, -7 };
	char sql[512];
	size_t i;

	assert_int_equal(audit_add(f->st, "member.create", 1, 100, NULL), 1);
	assert_int_equal(audit_add(f->st, "member.update", 1, 100, NULL), 2);
	assert_int_equal(audit_add(f->st, "member.delete", 0, 100, NULL), 3);
	assert_int_equal(verify_chain(f->st, NULL, NULL), 0);
	drop_audit_guards(f->st);

	/* Rows numbered 0 and below: caught, and never listed. */
	for (i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		snprintf(sql, sizeof(sql),
		    "INSERT INTO audit (id, at, actor, action, object_type,"
		    " object_id, prev_hash, hash) SELECT %lld, at, actor,"
		    " 'member.delete', object_type, object_id, prev_hash, hash"
		    " FROM audit WHERE id = 1",
		    (long long)forged[i]);
		assert_int_equal(raw(f->st, sql), 0);
		assert_broken(f->st, forged[i], "extra");
		assert_audit(f->st, &q, "3 2 1");
		snprintf(sql, sizeof(sql), "DELETE FROM audit WHERE id = %lld",
		    (long long)forged[i]);
		assert_int_equal(raw(f->st, sql), 0);
	}
	assert_int_equal(verify_chain(f->st, NULL, NULL), 0);
	/* A row after the head, well chained (the head not moved). */
	{
		struct audit_entry e;
		char head[AUDIT_HASH_LEN];
		int64_t head_id;
		struct cb_error err = CB_ERROR_INIT;

		OK(store_audit_head(f->st, &head_id, head, &err));
		audit_entry_init(&e);
		e.id = 4;
		snprintf(e.at, sizeof(e.at), "2026-01-01T00:00:00Z");
		e.action = strdup("member.delete");
		memcpy(e.prev_hash, head, AUDIT_HASH_LEN);
		assert_int_equal(audit_hash(&e, head, e.hash), 0);
		snprintf(sql, sizeof(sql),
		    "INSERT INTO audit (id, at, action, prev_hash, hash)"
		    " VALUES (4, '%s', 'member.delete', '%s', '%s')", e.at,
		    e.prev_hash, e.hash);
		audit_entry_release(&e);
		assert_int_equal(raw(f->st, sql), 0);
	}
	assert_broken(f->st, 4, "extra");
	assert_audit(f->st, &q, "3 2 1");
	assert_int_equal(raw(f->st, "DELETE FROM audit WHERE id = 4"), 0);
	assert_int_equal(verify_chain(f->st, NULL, NULL), 0);

	/* NULL turned into 0 (entry 3 has no account, organisation). */
	assert_int_equal(raw(f->st,
	    "UPDATE audit SET user_id = 0 WHERE id = 3"), 0);
	assert_broken(f->st, 3, "altered");
	assert_int_equal(raw(f->st,
	    "UPDATE audit SET user_id = NULL, org_id = 0 WHERE id = 3"), 0);
	assert_broken(f->st, 3, "altered");
	assert_int_equal(raw(f->st,
	    "UPDATE audit SET org_id = NULL WHERE id = 3"), 0);
	assert_int_equal(verify_chain(f->st, NULL, NULL), 0);

	/* A quarter of a second later. */
	assert_int_equal(raw(f->st, pg ?
	    "UPDATE audit SET at = at + interval '250 milliseconds'"
	    " WHERE id = 2" :
	    "UPDATE audit SET at = at || '.25' WHERE id = 2"), 0);
	assert_broken(f->st, 2, "altered");
	assert_int_equal(raw(f->st, pg ?
	    "UPDATE audit SET at = at - interval '250 milliseconds'"
	    " WHERE id = 2" :
	    "UPDATE audit SET at = substr(at, 1, 20) WHERE id = 2"), 0);
	assert_int_equal(verify_chain(f->st, NULL, NULL), 0);

	if (!pg)
		return;
	/* PostgreSQL: without its key, a repeated id and a row with none. */
	assert_int_equal(raw(f->st,
	    "ALTER TABLE audit DROP CONSTRAINT audit_pkey;"
	    "INSERT INTO audit SELECT * FROM audit WHERE id = 2"), 0);
	assert_broken(f->st, 2, "extra");
	assert_int_equal(raw(f->st,
	    "DELETE FROM audit WHERE id = 2 AND ctid <>"
	    " (SELECT min(ctid) FROM audit WHERE id = 2)"), 0);
	assert_int_equal(verify_chain(f->st, NULL, NULL), 0);
	assert_int_equal(raw(f->st,
	    "ALTER TABLE audit ALTER COLUMN id DROP NOT NULL;"
	    "INSERT INTO audit SELECT NULL, at, actor, user_id, addr, action,"
	    " object_type, object_id, org_id, before, after, detail,"
	    " prev_hash, hash FROM audit WHERE id = 1"), 0);
	assert_broken(f->st, 3, "extra");
}

/* A repeated id across the walk's batches (1000 rows each) is seen. */
static void
test_audit_repeat_across_batches(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct audit_entry e[1001];
	size_t i;

	if (strcmp(f->st->be->name, "sqlite") == 0)
		skip();	/* its INTEGER PRIMARY KEY cannot be dropped */
	for (i = 0; i < 1001; i++) {
		audit_entry_init(&e[i]);
		e[i].action = strdup("member.view");
		e[i].object_type = strdup("member");
		e[i].object_id = 5;
	}
	OK(store_begin(f->st, &err));
	OK(store_audit_append_many(f->st, e, 1001, &err));
	OK(store_commit(f->st, &err));
	for (i = 0; i < 1001; i++)
		audit_entry_release(&e[i]);
	assert_int_equal(verify_chain(f->st, NULL, NULL), 0);
	drop_audit_guards(f->st);
	assert_int_equal(raw(f->st,
	    "ALTER TABLE audit DROP CONSTRAINT audit_pkey;"
	    "INSERT INTO audit SELECT * FROM audit WHERE id = 1000"), 0);
	assert_broken(f->st, 1000, "extra");
}

/*
 * PostgreSQL: a connection that breaks inside a transaction loses the
 * transaction, and nothing after it may pretend otherwise: the next
 * statements fail, the COMMIT fails (on a new connection it would "succeed"
 * with nothing to commit, acknowledging a lost write), and the next
 * transaction reconnects.
 */
static void
test_pg_broken_inside_transaction(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct store *other = NULL;
	char hash[AUDIT_HASH_LEN];
	int64_t id;

	if (strcmp(f->st->be->name, "sqlite") == 0)
		skip(); /* one process, no server to lose */
	assert_int_equal(raw(f->st, "CREATE TABLE t_lost (x int)"), 0);
	OK(store_begin(f->st, &err));
	assert_int_equal(raw(f->st, "INSERT INTO t_lost VALUES (1)"), 0);
	OK(store_open(f->url, &other, &err));
	assert_int_equal(raw(other,
	    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
	    " WHERE datname = current_database()"
	    " AND pid <> pg_backend_pid()"), 0);
	store_close(other);
	assert_int_not_equal(store_audit_head(f->st, &id, hash, &err), 0);
	cb_error_release(&err);
	assert_int_not_equal(store_audit_head(f->st, &id, hash, &err), 0);
	cb_error_release(&err);
	assert_int_not_equal(store_commit(f->st, &err), 0);
	cb_error_release(&err);
	/* The next transaction has a new connection; the row is gone. */
	OK(store_begin(f->st, &err));
	OK(store_audit_head(f->st, &id, hash, &err));
	OK(store_commit(f->st, &err));
	assert_int_equal(raw(f->st,
	    "DO $$ BEGIN IF (SELECT count(*) FROM t_lost) <> 0 THEN"
	    " RAISE EXCEPTION 'a lost transaction was committed'; END IF;"
	    " END $$"), 0);
}

/*
 * A database of today's main (entries hashed in format 1, no
 * audit_format, no triggers) upgraded: its chain still verifies, new
 * entries go on in format 2, and a NULL turned into 0 in an old entry is
 * still seen.
 */
static void
test_audit_upgrade(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct audit_seen seen;
	char prev[AUDIT_HASH_LEN], sql[512];
	int64_t count;
	int v;
	size_t i;

	/* Back to migration 0011: before 0012 and 0013. */
	drop_audit_guards(f->st);
	assert_int_equal(raw(f->st, "DROP TABLE audit_format;"
	    "DELETE FROM schema_version WHERE version >= 12"), 0);
	/* Three entries as the old code hashed them (format 1). */
	assert_int_equal(audit_add(f->st, "member.create", 1, 100, NULL), 1);
	assert_int_equal(audit_add(f->st, "member.update", 0, 100, NULL), 2);
	assert_int_equal(audit_add(f->st, "member.update", 1, 100, NULL), 3);
	memset(&seen, 0, sizeof(seen));
	OK(store_audit_each(f->st, collect_cb, &seen, &err));
	assert_int_equal(seen.n, 3);
	memcpy(prev, audit_genesis, AUDIT_HASH_LEN);
	for (i = 0; i < seen.n; i++) {
		struct audit_entry *s = &seen.items[i];

		assert_int_equal(audit_hash_format(s, prev, 1, s->hash), 0);
		snprintf(sql, sizeof(sql),
		    "UPDATE audit SET prev_hash = '%s', hash = '%s'"
		    " WHERE id = %lld", prev, s->hash, (long long)s->id);
		assert_int_equal(raw(f->st, sql), 0);
		memcpy(prev, s->hash, AUDIT_HASH_LEN);
		audit_entry_release(s);
	}
	snprintf(sql, sizeof(sql),
	    "UPDATE audit_head SET last_hash = '%s' WHERE id = 1", prev);
	assert_int_equal(raw(f->st, sql), 0);

	OK(store_migrate(f->st, &v, &err));
	assert_true(v >= 13);
	assert_int_equal(verify_chain(f->st, &count, NULL), 0);
	assert_int_equal(count, 3);
	/* New entries in format 2 after them. */
	assert_int_equal(audit_add(f->st, "member.delete", 0, 100, NULL), 4);
	assert_int_equal(audit_add(f->st, "member.delete", 1, 101, NULL), 5);
	assert_int_equal(verify_chain(f->st, &count, NULL), 0);
	assert_int_equal(count, 5);
	/* The old format's blind spot is closed all the same. */
	drop_audit_guards(f->st);
	assert_int_equal(raw(f->st,
	    "UPDATE audit SET user_id = 0 WHERE id = 2"), 0);
	assert_broken(f->st, 2, "altered");
	assert_int_equal(raw(f->st,
	    "UPDATE audit SET user_id = NULL WHERE id = 2"), 0);
	assert_int_equal(verify_chain(f->st, NULL, NULL), 0);
	/* Moving the boundary is caught either way. */
	assert_int_equal(raw(f->st,
	    "UPDATE audit_format SET first_id = 3 WHERE version = 2"), 0);
	assert_broken(f->st, 3, "altered");
	assert_int_equal(raw(f->st,
	    "UPDATE audit_format SET first_id = 5 WHERE version = 2"), 0);
	assert_broken(f->st, 4, "altered");
}

struct appender {
	char		*url;
	int		 n;
	int		 failed;
};

static void *
append_many(void *arg)
{
	struct appender *a = arg;
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	int i;

	if (store_open(a->url, &st, &err) != 0) {
		a->failed++;
		cb_error_release(&err);
		return NULL;
	}
	for (i = 0; i < a->n; i++) {
		struct audit_entry e;

		audit_entry_init(&e);
		e.action = strdup("member.view");
		if (store_begin(st, &err) != 0 ||
		    store_audit_append(st, &e, &err) != 0 ||
		    store_commit(st, &err) != 0) {
			fprintf(stderr, "append: %s\n", err.detail ?
			    err.detail : "?");
			store_rollback(st);
			a->failed++;
		}
		cb_error_release(&err);
		audit_entry_release(&e);
	}
	store_close(st);
	return NULL;
}

/* Concurrent appenders on separate connections: the chain lock keeps the
 * ids consecutive and the chain whole. */
static void
test_audit_concurrent(void **state)
{
	struct fx *f = *state;
	struct appender a[3];
	pthread_t t[3];
	int64_t count;
	size_t i;

	for (i = 0; i < 3; i++) {
		a[i].url = f->url;
		a[i].n = 15;
		a[i].failed = 0;
		assert_int_equal(pthread_create(&t[i], NULL, append_many,
		    &a[i]), 0);
	}
	for (i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(a[i].failed, 0);
	}
	assert_int_equal(verify_chain(f->st, &count, NULL), 0);
	assert_int_equal(count, 45);
}

/* A dossier view of member by user (0: actor "cli:x") in session. */
static void
view_make(struct audit_view *v, int64_t user, int64_t member,
    const char *session)
{
	memset(v, 0, sizeof(*v));
	audit_entry_init(&v->e);
	v->e.actor = strdup(user ? "vanphong" : "cli:x@h");
	v->e.user_id = user;
	v->e.action = strdup("member.view");
	v->e.object_type = strdup("member");
	v->e.object_id = member;
	snprintf(v->session, sizeof(v->session), "%s", session);
}

/* Appends views[0..n) in one transaction; returns how many were
 * recorded. */
static size_t
views_add(struct store *st, struct audit_view *v, size_t n, int64_t window)
{
	struct cb_error err = CB_ERROR_INIT;
	size_t recorded = 99, i;

	OK(store_begin(st, &err));
	OK(store_audit_append_views(st, v, n, window, &recorded, &err));
	OK(store_commit(st, &err));
	for (i = 0; i < n; i++)
		audit_entry_release(&v[i].e);
	return recorded;
}

/* Views are recorded once per viewer, member and session within the
 * window; the chain stays whole. */
static void
test_audit_views(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct audit_view v[8];
	int64_t count;

	/* A batch: a repeat inside it, another member, another session,
	 * another viewer, and no session (always). */
	view_make(&v[0], 7, 11, "s:a");
	view_make(&v[1], 7, 11, "s:a");
	view_make(&v[2], 7, 12, "s:a");
	view_make(&v[3], 7, 11, "s:b");
	view_make(&v[4], 8, 11, "s:a");
	view_make(&v[5], 0, 11, "");
	view_make(&v[6], 0, 11, "");
	view_make(&v[7], 0, 11, "s:a");
	assert_int_equal(views_add(f->st, v, 8, 600), 7);
	/* The next batch: every keyed view is a repeat now. */
	view_make(&v[0], 7, 11, "s:a");
	view_make(&v[1], 8, 11, "s:a");
	view_make(&v[2], 0, 11, "s:a");
	view_make(&v[3], 0, 11, "");
	assert_int_equal(views_add(f->st, v, 4, 600), 1);
	/* A window of 0 records every view. */
	view_make(&v[0], 7, 11, "s:a");
	view_make(&v[1], 7, 11, "s:a");
	assert_int_equal(views_add(f->st, v, 2, 0), 2);
	/* A rolled-back batch claims nothing. */
	view_make(&v[0], 7, 13, "s:a");
	OK(store_begin(f->st, &err));
	{
		size_t rec = 0;

		OK(store_audit_append_views(f->st, v, 1, 600, &rec, &err));
		assert_int_equal(rec, 1);
	}
	store_rollback(f->st);
	audit_entry_release(&v[0].e);
	view_make(&v[0], 7, 13, "s:a");
	assert_int_equal(views_add(f->st, v, 1, 600), 1);
	/* Once the window is over, a view is recorded again (the last one
	 * made an hour ago, behind the store's back). */
	assert_int_equal(f->st->be->exec(f->st->conn,
	    "UPDATE audit_view_seen SET seen_at = '2026-01-01T00:00:00Z'"
	    " WHERE member_id = 11 AND session = 's:a' AND viewer = 'u:7'"),
	    0);
	view_make(&v[0], 7, 11, "s:a");
	view_make(&v[1], 7, 11, "s:a");
	view_make(&v[2], 8, 11, "s:a");
	assert_int_equal(views_add(f->st, v, 3, 600), 1);
	/* Pruning forgets only what is older than it keeps. */
	assert_int_equal(f->st->be->exec(f->st->conn,
	    "UPDATE audit_view_seen SET seen_at = '2026-01-01T00:00:00Z'"
	    " WHERE viewer = 'u:8'"), 0);
	OK(store_audit_views_prune(f->st, 86400, &err));
	view_make(&v[0], 8, 11, "s:a");  /* forgotten: recorded */
	view_make(&v[1], 7, 11, "s:a");  /* kept: a repeat */
	assert_int_equal(views_add(f->st, v, 2, 31 * 86400), 1);
	assert_int_equal(verify_chain(f->st, &count, NULL), 0);
	assert_int_equal(count, 7 + 1 + 2 + 1 + 1 + 1);
	/* Outside a transaction there is no lock to hold. */
	view_make(&v[0], 7, 11, "s:z");
	{
		size_t rec = 0;

		assert_err(store_audit_append_views(f->st, v, 1, 600, &rec,
		    &err), -CB_ESTORE, &err, NULL);
	}
	audit_entry_release(&v[0].e);
}

struct viewer_thread {
	char	*url;
	size_t	 recorded;
	int	 failed;
};

static void *
view_same(void *arg)
{
	struct viewer_thread *t = arg;
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	int i;

	if (store_open(t->url, &st, &err) != 0) {
		t->failed++;
		cb_error_release(&err);
		return NULL;
	}
	for (i = 0; i < 20; i++) {
		struct audit_view v;
		size_t rec = 0;

		view_make(&v, 7, 21, "s:shared");
		if (store_begin(st, &err) != 0 ||
		    store_audit_append_views(st, &v, 1, 600, &rec, &err) != 0 ||
		    store_commit(st, &err) != 0) {
			fprintf(stderr, "views: %s\n", err.detail ? err.detail :
			    "?");
			store_rollback(st);
			t->failed++;
		} else
			t->recorded += rec;
		cb_error_release(&err);
		audit_entry_release(&v.e);
	}
	store_close(st);
	return NULL;
}

/* Several connections (as several server processes) viewing the same
 * member in the same session: one entry in all. */
static void
test_audit_views_concurrent(void **state)
{
	struct fx *f = *state;
	struct viewer_thread a[3];
	pthread_t t[3];
	size_t i, total = 0;

	for (i = 0; i < 3; i++) {
		a[i].url = f->url;
		a[i].recorded = 0;
		a[i].failed = 0;
		assert_int_equal(pthread_create(&t[i], NULL, view_same, &a[i]),
		    0);
	}
	for (i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(a[i].failed, 0);
		total += a[i].recorded;
	}
	assert_int_equal(total, 1);
	assert_int_equal(verify_chain(f->st, NULL, NULL), 0);
}

/* The ids of an audit list, newest first, as "9 8 7". */
static void
assert_audit(struct store *st, const struct audit_query *q, const char *want)
{
	struct cb_error err = CB_ERROR_INIT;
	struct audit_list l = { 0 };
	char got[512] = "";
	size_t i;

	OK(store_audit_list(st, q, &l, &err));
	for (i = 0; i < l.n; i++) {
		size_t n = strlen(got);

		snprintf(got + n, sizeof(got) - n, "%s%lld", i ? " " : "",
		    (long long)l.items[i].id);
	}
	if (strcmp(got, want) != 0)
		fprintf(stderr, "audit list: got \"%s\", want \"%s\"\n", got,
		    want);
	assert_string_equal(got, want);
	audit_list_release(&l);
}

static void
test_audit_list(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t r = add_org(f->st, "R", "R", ORG_GRASSROOTS, 0, NULL);
	int64_t a = add_org(f->st, "A", "A", ORG_CELL, r, NULL);
	int64_t x = add_org(f->st, "X", "X", ORG_CELL, 0, NULL);
	struct audit_query q;
	struct audit_list l = { 0 };
	struct audit_entry e;

	audit_add(f->st, "member.create", a, 11, NULL);		/* 1 */
	audit_add(f->st, "member.update", a, 11, NULL);		/* 2 */
	audit_add(f->st, "session.create", 0, 0, NULL);		/* 3 */
	audit_add(f->st, "member.update", x, 12, NULL);		/* 4 */
	audit_add(f->st, "org.update", r, 0, NULL);		/* 5 */
	audit_add(f->st, "member.update", a, 12, NULL);		/* 6 */

	memset(&q, 0, sizeof(q));
	q.limit = 100;
	assert_audit(f->st, &q, "6 5 4 3 2 1");
	OK(store_audit_list(f->st, &q, &l, &err));
	assert_string_equal(l.items[0].action, "member.update");
	assert_int_equal(l.items[0].org_id, a);
	assert_int_equal(l.items[0].object_id, 12);
	assert_string_equal(l.items[0].addr, "local");
	assert_timestamp(l.items[0].at);
	memset(&e, 0, sizeof(e));
	assert_int_equal(audit_hash(&l.items[0], l.items[0].prev_hash,
	    e.hash), 0);
	assert_string_equal(e.hash, l.items[0].hash);
	audit_list_release(&l);
	/* Keyset pages. */
	q.limit = 2;
	assert_audit(f->st, &q, "6 5");
	q.before_id = 5;
	assert_audit(f->st, &q, "4 3");
	q.before_id = 3;
	assert_audit(f->st, &q, "2 1");
	q.before_id = 1;
	assert_audit(f->st, &q, "");
	q.before_id = 0;
	q.limit = 100;
	/* Filters: the action, a member, a subtree. */
	q.action = "member.update";
	assert_audit(f->st, &q, "6 4 2");
	q.member_id = 12;
	assert_audit(f->st, &q, "6 4");
	q.action = NULL;
	assert_audit(f->st, &q, "6 4");
	q.member_id = 0;
	q.org_id = r;
	assert_audit(f->st, &q, "6 5 2 1");
	q.org_id = a;
	assert_audit(f->st, &q, "6 2 1");
	q.org_id = 999;
	assert_err(store_audit_list(f->st, &q, &l, &err), -CB_ENOTFOUND, &err,
	    "org_id");
	q.org_id = 0;
	q.limit = 0;
	assert_err(store_audit_list(f->st, &q, &l, &err), -CB_EINVAL, &err,
	    "limit");
	q.limit = 1001;
	assert_err(store_audit_list(f->st, &q, &l, &err), -CB_EINVAL, &err,
	    "limit");
}

/* ---------------------------------------------------------- principal */

/*
 *   R (grassroots)            X (cell, apart)
 *   +-- C1 (sub-committee)      x1
 *   |   +-- A (cell): a1, a2
 *   |   +-- B (cell): b1
 *   +-- C2 (sub-committee)
 *       +-- D (cell): d1
 */
struct tree {
	int64_t	r, c1, a, b, c2, d, x;
	int64_t	a1, a2, b1, d1, x1;
};

static int64_t
add_person(struct store *st, const char *name, int64_t org,
    const char *citizen_id)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	int64_t id;

	mk_member(&m, name, org);
	m.citizen_id = strdup(citizen_id);
	m.phone = strdup("0912345678");
	m.birthplace = strdup("Hà Nội");
	m.dossier_no = strdup("LL-9");
	check_rc(store_member_insert(st, &m, &err), 0, &err, name);
	id = m.id;
	member_release(&m);
	return id;
}

static void
build_tree(struct store *st, struct tree *t)
{
	t->r = add_org(st, "R", "Đảng bộ R", ORG_GRASSROOTS, 0, NULL);
	t->c1 = add_org(st, "C1", "Đảng bộ bộ phận 1", ORG_SUB_COMMITTEE,
	    t->r, NULL);
	t->a = add_org(st, "A", "Chi bộ A", ORG_CELL, t->c1, NULL);
	t->b = add_org(st, "B", "Chi bộ B", ORG_CELL, t->c1, NULL);
	t->c2 = add_org(st, "C2", "Đảng bộ bộ phận 2", ORG_SUB_COMMITTEE,
	    t->r, NULL);
	t->d = add_org(st, "D", "Chi bộ D", ORG_CELL, t->c2, NULL);
	t->x = add_org(st, "X", "Chi bộ X", ORG_CELL, 0, NULL);
	t->a1 = add_person(st, "Lê Văn An", t->a, "001000000001");
	t->a2 = add_person(st, "Trần Thị Ba", t->a, "001000000002");
	t->b1 = add_person(st, "Phạm Văn Bình", t->b, "001000000003");
	t->d1 = add_person(st, "Đỗ Thị Dung", t->d, "001000000004");
	t->x1 = add_person(st, "Vũ Văn Xuân", t->x, "001000000005");
}

/* A principal with one grant of role on org (the store's principal must
 * be NULL meanwhile: the path is read from it). */
static void
grant_on(struct store *st, struct principal *p, enum role role, int64_t org)
{
	struct grant g;

	memset(&g, 0, sizeof(g));
	g.role = role;
	g.org_id = org;
	g.org_path = org_path_of(st, org, NULL, NULL);
	assert_int_equal(principal_add_grant(p, &g), 0);
	free(g.org_path);
}

static void
who(struct principal *p, const char *name)
{
	principal_init(p);
	p->username = strdup(name);
	p->user_id = 1;
}

/* The ids of a member list (all pages of 2), or of store_member_each,
 * in id order, as "3 4"; or "rc=N field" on error. */
static void
assert_members(struct store *st, int64_t org, const char *qs, bool each,
    const char *want)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_query q;
	char got[256] = "";
	int64_t ids[64];
	size_t n = 0, i;
	int rc = 0;

	memset(&q, 0, sizeof(q));
	q.state = MEMBER_STATE_ANY;
	q.sort = MSORT_ID;
	q.org_id = org;
	q.q = qs;
	if (each) {
		struct each_ctx c;

		memset(&c, 0, sizeof(c));
		rc = store_member_each(st, &q, each_cb, &c, &err);
		for (i = 0; i < c.n; i++)
			ids[n++] = c.ids[i];
	} else {
		struct member_page p = { 0 };
		char *cursor = NULL;

		q.limit = 2;
		do {
			q.cursor = cursor;
			if ((rc = store_member_list(st, &q, &p, &err)) != 0)
				break;
			for (i = 0; i < p.n; i++)
				ids[n++] = p.items[i].id;
			free(cursor);
			cursor = p.next_cursor;
			p.next_cursor = NULL;
		} while (cursor != NULL);
		free(cursor);
		member_page_release(&p);
	}
	if (rc != 0)
		snprintf(got, sizeof(got), "rc=%d %s", rc, err.nfields ?
		    err.fields[0].field : "-");
	for (i = 0; rc == 0 && i < n; i++) {
		size_t k = strlen(got);

		snprintf(got + k, sizeof(got) - k, "%s%lld", i ? " " : "",
		    (long long)ids[i]);
	}
	cb_error_release(&err);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "members: got \"%s\", want \"%s\"\n", got, want);
	assert_string_equal(got, want);
}

static void
ids_str(char *buf, size_t size, int n, ...)
{
	va_list ap;
	size_t k = 0;
	int i;

	buf[0] = '\0';
	va_start(ap, n);
	for (i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, size - k, "%s%lld", i ? " " : "",
		    (long long)va_arg(ap, int64_t));
	va_end(ap);
}

/* The get of member id: its rc. */
static int
get_rc(struct store *st, int64_t id)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	int rc;

	member_init(&m);
	rc = store_member_get(st, id, &m, &err);
	if (rc == 0)
		assert_int_equal(m.id, id);
	else
		assert_null(m.full_name);
	member_release(&m);
	cb_error_release(&err);
	return rc;
}

static int
org_rc(struct store *st, int64_t id)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org o;
	int rc;

	org_init(&o);
	rc = store_org_get(st, id, &o, &err);
	if (rc != 0)
		assert_null(o.name);
	org_release(&o);
	cb_error_release(&err);
	return rc;
}

/* Renames member id (and moves it to org, if not 0): the rc. */
static int
update_rc(struct store *st, struct store *sys, int64_t id, int64_t org,
    struct cb_error *err)
{
	struct cb_error e2 = CB_ERROR_INIT;
	struct member m;
	int rc;

	member_init(&m);
	OK(store_member_get(sys, id, &m, &e2));
	free(m.full_name);
	m.full_name = strdup("Tên Mới Đổi");
	if (org != 0)
		m.org_id = org;
	rc = store_member_update(st, &m, 0, err);
	member_release(&m);
	return rc;
}

/* The role -> statement table, derived from the policy. */
static void
test_principal_statements(void **state)
{
	struct fx *f = *state;
	int64_t o = add_org(f->st, "O", "O", ORG_CELL, 0, NULL);
	static const struct {
		enum role	 role;
		int64_t		 member_id;
		const int	 yes[8];
		const int	 no[8];
	} cases[] = {
		{ ROLE_VIEWER, 0,
		    { STMT_ORG_GET, STMT_ORG_LIST, STMT_ORG_COUNTS,
		    STMT_MLIST_NAME, STMT_SESSION_GET, STMT_AUDIT_INSERT, -1 },
		    { STMT_MEMBER_GET, STMT_MEMBER_UPDATE, STMT_MEMBER_INSERT,
		    STMT_MEMBER_EVENTS, STMT_AUDIT_LIST, STMT_USER_LIST,
		    STMT_ORG_UPDATE, -1 } },
		{ ROLE_SECRETARY, 0,
		    { STMT_MEMBER_GET, STMT_MEMBER_EVENTS, STMT_MLIST_ID_Q,
		    STMT_ORG_EVENTS, STMT_MEMBER_FIND_CARD_NO, -1 },
		    { STMT_MEMBER_UPDATE, STMT_MEMBER_DELETE, STMT_ORG_INSERT,
		    STMT_AUDIT_LIST, STMT_TOKEN_LIST, STMT_OVERRIDE_ADD, -1 } },
		{ ROLE_INSPECTION, 0,
		    { STMT_MEMBER_GET, STMT_AUDIT_LIST, STMT_AUDIT_HEAD, -1 },
		    { STMT_MEMBER_UPDATE, STMT_ORG_UPDATE, STMT_AUDIT_EACH,
		    STMT_GRANT_ADD, -1 } },
		{ ROLE_OFFICE, 0,
		    { STMT_MEMBER_UPDATE, STMT_MEMBER_DELETE, STMT_ORG_INSERT,
		    STMT_ORG_MOVE_SUBTREE, STMT_OVERRIDE_ADD, STMT_AUDIT_LIST,
		    -1 },
		    { STMT_USER_LIST, STMT_TOKEN_INSERT, STMT_AUDIT_EACH,
		    STMT_META_SET, STMT_SCHEMA_RECORD, -1 } },
		{ ROLE_ADMIN, 0,
		    { STMT_USER_LIST, STMT_GRANT_ADD, STMT_TOKEN_REVOKE,
		    STMT_MEMBER_DELETE, STMT_AUDIT_LIST, -1 },
		    { STMT_AUDIT_EACH, STMT_META_SET, STMT_MIGRATE_LOCK, -1 } },
		{ ROLE_MEMBER, 42,
		    { STMT_MEMBER_GET, STMT_MEMBER_EVENTS, STMT_MLIST_ONE,
		    STMT_ORG_GET, STMT_TOKEN_FIND, -1 },
		    { STMT_MEMBER_UPDATE, STMT_ORG_COUNTS, STMT_AUDIT_LIST,
		    STMT_MEMBER_EVENT_ADD, -1 } },
		{ ROLE_MEMBER, 0,
		    { STMT_BEGIN, STMT_SESSION_DELETE, STMT_AUTH_FAIL, -1 },
		    { STMT_MEMBER_GET, STMT_ORG_GET, STMT_MLIST_ID, -1 } },
	};
	struct principal sys;
	size_t i, k;

	for (i = 0; i < N_ELEMS(cases); i++) {
		struct principal p;

		who(&p, "x");
		p.member_id = cases[i].member_id;
		grant_on(f->st, &p, cases[i].role, o);
		for (k = 0; cases[i].yes[k] != -1; k++) {
			if (!store_stmt_allowed(&p, cases[i].yes[k]))
				fprintf(stderr, "%s: %d refused\n",
				    role_name(cases[i].role), cases[i].yes[k]);
			assert_true(store_stmt_allowed(&p, cases[i].yes[k]));
		}
		for (k = 0; cases[i].no[k] != -1; k++) {
			if (store_stmt_allowed(&p, cases[i].no[k]))
				fprintf(stderr, "%s: %d allowed\n",
				    role_name(cases[i].role), cases[i].no[k]);
			assert_false(store_stmt_allowed(&p, cases[i].no[k]));
		}
		principal_release(&p);
	}
	/* No principal or a system one: everything. */
	assert_int_equal(principal_system(&sys, "cli:test"), 0);
	for (k = 0; k < STMT__MAX; k++) {
		assert_true(store_stmt_allowed(NULL, (int)k));
		assert_true(store_stmt_allowed(&sys, (int)k));
	}
	principal_release(&sys);
}

static void
test_principal_secretary(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct tree t;
	struct principal p;
	struct member m;
	struct org_counts c;
	struct member_event_list ev = { 0 };
	char want[64];
	int64_t found;
	struct store *sys;

	build_tree(f->st, &t);
	OK(store_open(f->url, &sys, &err));
	who(&p, "bí thư A");
	grant_on(f->st, &p, ROLE_SECRETARY, t.a);
	store_set_principal(f->st, &p);
	assert_ptr_equal(store_principal(f->st), &p);

	/* Its cell in full; nothing else exists. */
	assert_int_equal(get_rc(f->st, t.a1), 0);
	member_init(&m);
	OK(store_member_get(f->st, t.a1, &m, &err));
	assert_string_equal(m.citizen_id, "001000000001");
	assert_string_equal(m.phone, "0912345678");
	assert_false(m.personal_hidden);
	member_release(&m);
	assert_int_equal(get_rc(f->st, t.b1), -CB_ENOTFOUND);
	assert_int_equal(get_rc(f->st, t.x1), -CB_ENOTFOUND);
	ids_str(want, sizeof(want), 2, t.a1, t.a2);
	assert_members(f->st, 0, NULL, false, want);
	assert_members(f->st, 0, NULL, true, want);
	assert_members(f->st, t.a, NULL, false, want);
	assert_members(f->st, t.c1, NULL, false, "rc=-3 -");
	assert_members(f->st, t.b, NULL, true, "rc=-3 -");
	ids_str(want, sizeof(want), 1, t.a2);
	assert_members(f->st, 0, "001000000002", false, want);
	assert_members(f->st, 0, "001000000003", false, "");
	assert_members(f->st, 0, "pham van", false, "");
	OK(store_member_find(f->st, "citizen_id", "001000000001", &found,
	    &err));
	assert_int_equal(found, t.a1);
	OK(store_member_find(f->st, "citizen_id", "001000000003", &found,
	    &err));
	assert_int_equal(found, 0);
	OK(store_member_events(f->st, t.a1, &ev, &err));
	assert_err(store_member_events(f->st, t.b1, &ev, &err), -CB_ENOTFOUND,
	    &err, NULL);
	member_event_list_release(&ev);

	/* Organisations: its cell only. */
	assert_int_equal(org_rc(f->st, t.a), 0);
	assert_int_equal(org_rc(f->st, t.b), -CB_ENOTFOUND);
	assert_int_equal(org_rc(f->st, t.r), -CB_ENOTFOUND);
	{
		struct org_query oq;

		memset(&oq, 0, sizeof(oq));
		assert_list(f->st, &oq, "A");
		oq.roots_only = true;
		assert_list(f->st, &oq, "");
	}
	OK(store_org_counts(f->st, t.a, &c, &err));
	assert_int_equal(c.direct, 2);
	assert_err(store_org_counts(f->st, t.c1, &c, &err), -CB_ENOTFOUND,
	    &err, NULL);

	/* Writes: forbidden in its cell, not found elsewhere. */
	assert_int_equal(update_rc(f->st, sys, t.a1, 0, &err), -CB_EPERM);
	assert_string_equal(err.mcode, "forbidden");
	cb_error_release(&err);
	assert_int_equal(update_rc(f->st, sys, t.b1, 0, &err), -CB_ENOTFOUND);
	cb_error_release(&err);
	assert_err(store_member_delete(f->st, t.a1, 0, &err), -CB_EPERM, &err,
	    NULL);
	assert_err(store_member_delete(f->st, t.d1, 0, &err), -CB_ENOTFOUND,
	    &err, NULL);
	mk_member(&m, "Người Mới", t.a);
	assert_err(store_member_insert(f->st, &m, &err), -CB_EPERM, &err,
	    NULL);
	m.org_id = t.b;
	assert_err(store_member_insert(f->st, &m, &err), -CB_ENOTFOUND, &err,
	    "org_id");
	member_release(&m);
	{
		struct member_event e;

		memset(&e, 0, sizeof(e));
		e.member_id = t.a1;
		e.kind = MEV_EXEMPTED;
		assert_err(store_member_event_add(f->st, &e, &err), -CB_EPERM,
		    &err, NULL);
		e.member_id = t.b1;
		assert_err(store_member_event_add(f->st, &e, &err),
		    -CB_ENOTFOUND, &err, "member_id");
	}
	{
		struct org o;

		/* Organisations: the same rule (no tree lock taken). */
		org_init(&o);
		o.kind = ORG_GROUP;
		o.name = strdup("Tổ 1");
		o.code = strdup("T1");
		SET(o.valid_from, "2020-01-01");
		o.parent_id = t.a;
		assert_err(store_org_insert(f->st, &o, &err), -CB_EPERM, &err,
		    NULL);
		o.parent_id = t.b;
		assert_err(store_org_insert(f->st, &o, &err), -CB_ENOTFOUND,
		    &err, "parent_id");
		o.parent_id = 0;
		assert_err(store_org_insert(f->st, &o, &err), -CB_EPERM, &err,
		    NULL);
		o.id = t.a;
		assert_err(store_org_update(f->st, &o, 0, &err), -CB_EPERM,
		    &err, NULL);
		o.id = t.b;
		assert_err(store_org_update(f->st, &o, 0, &err), -CB_ENOTFOUND,
		    &err, NULL);
		org_release(&o);
	}
	/* Nothing was written. */
	store_set_principal(f->st, NULL);
	member_init(&m);
	OK(store_member_get(f->st, t.a1, &m, &err));
	assert_string_equal(m.full_name, "Lê Văn An");
	assert_int_equal(m.version, 1);
	member_release(&m);
	principal_release(&p);
	store_close(sys);
}

/* A secretary whose grant has the option "contacts" corrects the phone
 * and e-mail of its cell's members, and only those; without the option,
 * or in another cell, it may not. */
static void
test_principal_contacts(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct principal p;
	struct member m, got;
	struct tree t;

	build_tree(f->st, &t);
	who(&p, "bí thư A");
	grant_on(f->st, &p, ROLE_SECRETARY, t.a);
	store_set_principal(f->st, &p);
	member_init(&m);
	member_init(&got);
	OK(store_member_get(f->st, t.a1, &m, &err));
	free(m.phone);
	m.phone = strdup("0987654321");
	free(m.full_name);
	m.full_name = strdup("Tên Khác");
	/* No option: refused. */
	assert_err(store_member_update_contacts(f->st, &m, 0, &err), -CB_EPERM,
	    &err, NULL);
	p.grants[0].options = GRANT_OPT_CONTACTS;
	store_set_principal(f->st, &p);
	OK(store_member_update_contacts(f->st, &m, 0, &err));
	store_set_principal(f->st, NULL);
	OK(store_member_get(f->st, t.a1, &got, &err));
	assert_string_equal(got.phone, "0987654321");
	/* The name given was not written. */
	assert_string_not_equal(got.full_name, "Tên Khác");
	assert_int_equal(got.version, m.version);
	member_release(&got);
	member_release(&m);
	/* Another cell's member: not found, as if there were none. */
	store_set_principal(f->st, &p);
	member_init(&m);
	m.id = t.b1;
	m.phone = strdup("0900000000");
	assert_err(store_member_update_contacts(f->st, &m, 0, &err),
	    -CB_ENOTFOUND, &err, NULL);
	member_release(&m);
	store_set_principal(f->st, NULL);
	principal_release(&p);
}

static void
test_principal_viewer(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct tree t;
	struct principal p;
	struct member m;
	struct member_page pg = { 0 };
	struct member_query q;
	struct org_counts c;
	struct user_list ul = { 0 };
	char want[64];
	int64_t found;
	size_t i;

	build_tree(f->st, &t);
	who(&p, "thường vụ");
	grant_on(f->st, &p, ROLE_VIEWER, t.r);
	store_set_principal(f->st, &p);

	/* Lists and counts of its subtree, without personal fields. */
	ids_str(want, sizeof(want), 4, t.a1, t.a2, t.b1, t.d1);
	assert_members(f->st, 0, NULL, false, want);
	assert_members(f->st, 0, NULL, true, want);
	memset(&q, 0, sizeof(q));
	q.state = MEMBER_STATE_ANY;
	q.sort = MSORT_NAME;
	q.limit = 10;
	OK(store_member_list(f->st, &q, &pg, &err));
	assert_int_equal(pg.n, 4);
	for (i = 0; i < pg.n; i++) {
		struct member *x = &pg.items[i];

		assert_true(x->personal_hidden);
		assert_null(x->citizen_id);
		assert_null(x->card_no);
		assert_null(x->dossier_no);
		assert_null(x->phone);
		assert_null(x->email);
		assert_null(x->birthplace);
		assert_null(x->hometown);
		assert_non_null(x->full_name);
		/* Names only: with the organisation and the status, not the
		 * birth date, gender or anything else (issue 11). */
		assert_string_equal(x->birth_date, "");
		assert_int_equal(x->gender, GENDER_NONE);
		assert_true(x->status != MSTATUS_NONE);
		assert_true(x->org_id != 0);
		assert_true(x->masked == privacy_roster_mask());
		assert_true(x->org_id != t.x);
	}
	member_page_release(&pg);
	/* Nor may it filter or sort by what it does not see. */
	q.ethnicity = "Kinh";
	assert_err(store_member_list(f->st, &q, &pg, &err), -CB_EPERM, &err,
	    "ethnicity");
	q.ethnicity = NULL;
	q.born_after = "1970-01-01";
	assert_err(store_member_list(f->st, &q, &pg, &err), -CB_EPERM, &err,
	    "age_band");
	q.born_after = NULL;
	q.sort = MSORT_BIRTH_DATE;
	assert_err(store_member_list(f->st, &q, &pg, &err), -CB_EPERM, &err,
	    "sort");
	q.sort = MSORT_NAME;
	/* A citizen ID it may not see finds nothing; a name does. */
	assert_members(f->st, 0, "001000000001", false, "");
	assert_members(f->st, t.a, "001000000001", false, "");
	ids_str(want, sizeof(want), 1, t.a1);
	assert_members(f->st, 0, "le van an", false, want);
	OK(store_org_counts(f->st, t.r, &c, &err));
	assert_int_equal(c.subtree, 4);
	assert_int_equal(c.descendants, 5);
	assert_err(store_org_counts(f->st, t.x, &c, &err), -CB_ENOTFOUND,
	    &err, NULL);
	{
		struct org_query oq;

		memset(&oq, 0, sizeof(oq));
		assert_list(f->st, &oq, "R C1 A B C2 D");
		oq.q = "chi bo";
		assert_list(f->st, &oq, "A B D");
	}

	/* Never a dossier: forbidden inside its scope; outside, deleted or
	 * missing, not found (which says nothing). */
	assert_err(store_member_get(f->st, t.a1, &m, &err), -CB_EPERM, &err,
	    NULL);
	assert_int_equal(get_rc(f->st, t.x1), -CB_ENOTFOUND);
	assert_int_equal(get_rc(f->st, 9999), -CB_ENOTFOUND);
	store_set_principal(f->st, NULL);
	OK(store_member_delete(f->st, t.d1, 0, &err));
	store_set_principal(f->st, &p);
	assert_int_equal(get_rc(f->st, t.d1), -CB_ENOTFOUND);
	/* The same for writes. */
	{
		struct store *sys;

		OK(store_open(f->url, &sys, &err));
		assert_int_equal(update_rc(f->st, sys, t.a1, 0, &err),
		    -CB_EPERM);
		cb_error_release(&err);
		assert_int_equal(update_rc(f->st, sys, t.x1, 0, &err),
		    -CB_ENOTFOUND);
		cb_error_release(&err);
		store_close(sys);
	}
	assert_err(store_member_find(f->st, "citizen_id", "001000000001",
	    &found, &err), -CB_EPERM, &err, NULL);
	mk_member(&m, "Người Mới", t.a);
	assert_err(store_member_insert(f->st, &m, &err), -CB_EPERM, &err,
	    NULL);
	member_release(&m);
	assert_err(store_user_list(f->st, &ul, &err), -CB_EPERM, &err, NULL);
	{
		struct audit_query aq;
		struct audit_list al = { 0 };

		memset(&aq, 0, sizeof(aq));
		aq.limit = 10;
		assert_err(store_audit_list(f->st, &aq, &al, &err), -CB_EPERM,
		    &err, NULL);
	}
	store_set_principal(f->st, NULL);
	principal_release(&p);
}

static void
test_principal_own_record(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct tree t;
	struct principal p;
	struct member m;
	struct org_counts c;
	struct member_event_list ev = { 0 };
	char want[64];

	build_tree(f->st, &t);
	who(&p, "đảng viên");
	p.member_id = t.a1;
	grant_on(f->st, &p, ROLE_MEMBER, t.a);
	store_set_principal(f->st, &p);

	/* Its record, in full, alone. */
	member_init(&m);
	OK(store_member_get(f->st, t.a1, &m, &err));
	assert_string_equal(m.citizen_id, "001000000001");
	assert_false(m.personal_hidden);
	member_release(&m);
	OK(store_member_events(f->st, t.a1, &ev, &err));
	member_event_list_release(&ev);
	assert_int_equal(get_rc(f->st, t.a2), -CB_ENOTFOUND);
	assert_int_equal(get_rc(f->st, t.b1), -CB_ENOTFOUND);
	ids_str(want, sizeof(want), 1, t.a1);
	assert_members(f->st, 0, NULL, false, want);
	assert_members(f->st, 0, NULL, true, want);
	assert_members(f->st, t.a, NULL, false, want);
	assert_members(f->st, 0, "le van", false, want);
	assert_members(f->st, 0, "001000000001", false, want);
	assert_members(f->st, 0, "tran thi", false, "");
	assert_members(f->st, t.b, NULL, false, "rc=-3 -");
	{
		struct member_query q;
		struct member_page pg = { 0 };

		memset(&q, 0, sizeof(q));
		q.state = MSTATE_LEFT;
		q.limit = 5;
		OK(store_member_list(f->st, &q, &pg, &err));
		assert_int_equal(pg.n, 0);
		member_page_release(&pg);
	}

	/* Its organisation, not the others, and no roll-ups. */
	assert_int_equal(org_rc(f->st, t.a), 0);
	assert_int_equal(org_rc(f->st, t.b), -CB_ENOTFOUND);
	assert_int_equal(org_rc(f->st, t.c1), -CB_ENOTFOUND);
	{
		struct org_query oq;

		memset(&oq, 0, sizeof(oq));
		assert_list(f->st, &oq, "A");
	}
	assert_err(store_org_counts(f->st, t.a, &c, &err), -CB_EPERM, &err,
	    NULL);
	assert_err(store_member_delete(f->st, t.a1, 0, &err), -CB_EPERM,
	    &err, NULL);
	store_set_principal(f->st, NULL);
	principal_release(&p);

	/* The member role without a member record: no right anywhere.
	 * Every row is outside its scope (not found); lists are forbidden. */
	who(&p, "không quyền");
	grant_on(f->st, &p, ROLE_MEMBER, t.a);
	store_set_principal(f->st, &p);
	assert_int_equal(org_rc(f->st, t.a), -CB_ENOTFOUND);
	assert_int_equal(org_rc(f->st, 9999), -CB_ENOTFOUND);
	assert_int_equal(get_rc(f->st, t.a1), -CB_ENOTFOUND);
	assert_members(f->st, 0, NULL, false, "rc=-6 -");
	assert_members(f->st, t.a, NULL, false, "rc=-3 -");
	{
		struct org_list ol = { 0 };
		struct org_query oq;

		memset(&oq, 0, sizeof(oq));
		assert_err(store_org_list(f->st, &oq, &ol, &err), -CB_EPERM,
		    &err, NULL);
	}
	store_set_principal(f->st, NULL);
	principal_release(&p);
}

/* Issue 12: an admin grant covers its organisation's subtree, like any
 * role's; a global administrator is an admin grant on a root.  The admin
 * of C1 reads and writes C1 only, manages only the accounts whose grants
 * all lie in C1, grants nothing outside it (the root neither, to itself
 * neither), and may not move anything to the top. */
static void
test_principal_admin_scoped(void **state)
{
	static const char pw[] = "mat-khau-thu-2026";
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct user_list ul = { 0 };
	struct rulebook rb;
	struct principal p, g;
	struct member m;
	struct svc s;
	struct tree t;
	json_t *patch;
	size_t i;
	bool seen_root, seen_a;

	build_tree(f->st, &t);
	OK(test_rules_load(&rb));
	/* The accounts, made by the operator. */
	svc_init(&s, f->st, &rb, "cli:test");
	OK(svc_user_add(&s, "adm-c1", NULL, 0, pw, ROLE_ADMIN, t.c1, NULL,
	    &err));
	OK(svc_user_add(&s, "adm-r", NULL, 0, pw, ROLE_ADMIN, t.r, NULL,
	    &err));
	OK(svc_user_add(&s, "office-c2", NULL, 0, pw, ROLE_OFFICE, t.c2,
	    NULL, &err));
	svc_release(&s);

	who(&p, "adm-c1");
	grant_on(f->st, &p, ROLE_ADMIN, t.c1);
	svc_init_as(&s, f->st, &rb, &p, "test", NULL, NULL);

	/* Members: inside C1 only. */
	member_init(&m);
	OK(store_member_get(f->st, t.a1, &m, &err));
	member_release(&m);
	assert_err(store_member_get(f->st, t.d1, &m, &err), -CB_ENOTFOUND,
	    &err, NULL);
	member_release(&m);
	assert_err(store_member_delete(f->st, t.x1, 0, &err), -CB_ENOTFOUND,
	    &err, NULL);

	/* Accounts: inside C1 only. */
	OK(svc_user_add(&s, "bithu-a", NULL, 0, pw, ROLE_SECRETARY, t.a, NULL,
	    &err));
	assert_err(svc_user_add(&s, "office-d", NULL, 0, pw, ROLE_OFFICE, t.d,
	               NULL, &err),
	    -CB_EINVAL, &err, "org_id");
	assert_err(svc_user_add(&s, "adm-root", NULL, 0, pw, ROLE_ADMIN, t.r,
	               NULL, &err),
	    -CB_EINVAL, &err, "org_id");
	assert_err(svc_user_grant(&s, "adm-c1", ROLE_ADMIN, t.r, false, &err),
	    -CB_EINVAL, &err, "org_id");
	assert_err(svc_user_grant(&s, "bithu-a", ROLE_OFFICE, t.c2, false,
	               &err),
	    -CB_EINVAL, &err, "org_id");
	OK(svc_user_grant(&s, "bithu-a", ROLE_SECRETARY, t.b, false, &err));
	assert_err(svc_user_passwd(&s, "adm-r", pw, &err), -CB_ENOTFOUND,
	    &err, NULL);
	assert_err(svc_user_disable(&s, "office-c2", true, &err),
	    -CB_ENOTFOUND, &err, NULL);
	OK(svc_user_list(&s, &ul, &err));
	seen_root = seen_a = false;
	for (i = 0; i < ul.n; i++) {
		seen_root |= strcmp(ul.items[i].username, "adm-r") == 0 ||
		    strcmp(ul.items[i].username, "office-c2") == 0;
		seen_a |= strcmp(ul.items[i].username, "bithu-a") == 0;
	}
	user_list_release(&ul);
	assert_false(seen_root);
	assert_true(seen_a);

	/* Nothing to the top: C1 (a sub-committee) may not be a root, and
	 * A under D is outside. */
	patch = json_pack("{s:n}", "parent_id");
	assert_err(svc_org_patch(&s, t.a, patch, 0, NULL, &err), -CB_EINVAL,
	    &err, "parent_id");
	json_decref(patch);
	patch = json_pack("{s:I}", "parent_id", (json_int_t)t.d);
	assert_err(svc_org_patch(&s, t.a, patch, 0, NULL, &err), -CB_EINVAL,
	    &err, "parent_id");
	json_decref(patch);
	svc_release(&s);
	principal_release(&p);

	/* The global administrator manages every account. */
	who(&g, "adm-r");
	grant_on(f->st, &g, ROLE_ADMIN, t.r);
	svc_init_as(&s, f->st, &rb, &g, "test", NULL, NULL);
	OK(svc_user_passwd(&s, "adm-c1", pw, &err));
	OK(svc_user_disable(&s, "office-c2", true, &err));
	member_init(&m);
	OK(store_member_get(f->st, t.d1, &m, &err));
	member_release(&m);
	svc_release(&s);
	principal_release(&g);
	test_rules_release(&rb);
}

static void
test_principal_office(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct tree t;
	struct principal p;
	struct member m;
	struct org o;
	struct store *sys;
	int64_t n, cell;

	build_tree(f->st, &t);
	OK(store_open(f->url, &sys, &err));
	who(&p, "văn phòng C1");
	grant_on(f->st, &p, ROLE_OFFICE, t.c1);
	store_set_principal(f->st, &p);

	/* Members: inside C1, moves inside C1. */
	OK(update_rc(f->st, sys, t.a1, t.b, &err));
	assert_int_equal(update_rc(f->st, sys, t.a2, t.d, &err),
	    -CB_ENOTFOUND);
	assert_int_equal(err.nfields, 1);
	assert_string_equal(err.fields[0].field, "org_id");
	cb_error_release(&err);
	assert_int_equal(update_rc(f->st, sys, t.d1, 0, &err), -CB_ENOTFOUND);
	cb_error_release(&err);
	mk_member(&m, "Người Mới", t.a);
	m.citizen_id = strdup("001000000009");
	OK(store_member_insert(f->st, &m, &err));
	m.org_id = t.d;
	free(m.citizen_id);
	m.citizen_id = NULL;
	assert_err(store_member_insert(f->st, &m, &err), -CB_ENOTFOUND, &err,
	    "org_id");
	m.org_id = 0;
	assert_err(store_member_insert(f->st, &m, &err), -CB_EPERM, &err,
	    NULL);
	member_release(&m);
	OK(store_member_delete(f->st, t.b1, 0, &err));
	assert_err(store_member_delete(f->st, t.x1, 0, &err), -CB_ENOTFOUND,
	    &err, NULL);
	{
		struct member_event e;

		memset(&e, 0, sizeof(e));
		e.member_id = t.a1;
		e.kind = MEV_EXEMPTED;
		e.recorded_by = (char *)"văn phòng";
		OK(store_member_event_add(f->st, &e, &err));
		free(e.recorded_at);
	}

	/* Organisations: under C1 (the parent decides), not C1 itself. */
	org_init(&o);
	OK(store_org_get(f->st, t.a, &o, &err));
	free(o.name);
	o.name = strdup("Chi bộ A mới");
	OK(store_org_update(f->st, &o, o.version, &err));
	o.parent_id = t.c2;
	assert_err(store_org_update(f->st, &o, 0, &err), -CB_ENOTFOUND, &err,
	    "parent_id");
	OK(store_org_get(f->st, t.c1, &o, &err));
	free(o.name);
	o.name = strdup("Đổi tên C1");
	assert_err(store_org_update(f->st, &o, 0, &err), -CB_EPERM, &err,
	    NULL);
	org_release(&o);
	cell = add_org(f->st, "E", "Chi bộ E", ORG_CELL, t.c1, NULL);
	assert_true(cell > 0);
	org_init(&o);
	o.kind = ORG_CELL;
	o.name = strdup("Chi bộ F");
	o.code = strdup("F");
	SET(o.valid_from, "2020-01-01");
	o.parent_id = t.r;
	assert_err(store_org_insert(f->st, &o, &err), -CB_ENOTFOUND, &err,
	    "parent_id");
	o.parent_id = 0;
	assert_err(store_org_insert(f->st, &o, &err), -CB_EPERM, &err, NULL);
	org_release(&o);
	OK(store_org_move_members(f->st, cell, t.a, &n, &err));
	assert_err(store_org_move_members(f->st, t.a, t.d, &n, &err),
	    -CB_ENOTFOUND, &err, NULL);
	{
		struct org_event e;

		memset(&e, 0, sizeof(e));
		e.org_id = t.a;
		e.kind = (char *)"renamed";
		OK(store_org_event_add(f->st, &e, &err));
		free(e.recorded_at);
		e.org_id = t.d;
		assert_err(store_org_event_add(f->st, &e, &err),
		    -CB_ENOTFOUND, &err, "org_id");
	}
	{
		struct rule_override ov;

		memset(&ov, 0, sizeof(ov));
		ov.rule_id = (char *)"meeting.regular";
		ov.value_name = (char *)"min_per_year";
		ov.value.type = RV_INT;
		ov.value.i = 12;
		ov.org_id = t.a;
		SET(ov.from, "2025-01-01");
		OK(store_rule_override_add(f->st, &ov, &err));
		free(ov.recorded_at);
		ov.recorded_at = NULL;
		ov.org_id = t.c2;
		assert_err(store_rule_override_add(f->st, &ov, &err),
		    -CB_ENOTFOUND, &err, "org_id");
	}
	store_set_principal(f->st, NULL);
	principal_release(&p);
	store_close(sys);
}

static void
test_principal_two_roots(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct tree t;
	struct principal p;
	struct member_query q;
	struct member_page pg = { 0 };
	char want[64];

	build_tree(f->st, &t);
	who(&p, "bí thư A và D");
	grant_on(f->st, &p, ROLE_SECRETARY, t.d);
	grant_on(f->st, &p, ROLE_SECRETARY, t.a);
	store_set_principal(f->st, &p);

	memset(&q, 0, sizeof(q));
	q.state = MEMBER_STATE_ANY;
	q.limit = 10;
	assert_err(store_member_list(f->st, &q, &pg, &err), -CB_EINVAL, &err,
	    "org");
	assert_members(f->st, 0, NULL, true, "rc=-2 org");
	ids_str(want, sizeof(want), 2, t.a1, t.a2);
	assert_members(f->st, t.a, NULL, false, want);
	ids_str(want, sizeof(want), 1, t.d1);
	assert_members(f->st, t.d, NULL, false, want);
	assert_members(f->st, t.b, NULL, false, "rc=-3 -");
	assert_members(f->st, t.r, NULL, false, "rc=-3 -");
	assert_int_equal(get_rc(f->st, t.d1), 0);
	assert_int_equal(get_rc(f->st, t.b1), -CB_ENOTFOUND);
	{
		struct org_query oq;

		/* Both subtrees, in path order, across pages. */
		memset(&oq, 0, sizeof(oq));
		assert_list(f->st, &oq, "A D");
		oq.limit = 1;
		assert_list(f->st, &oq, "A");
		oq.cursor = org_cursor_of(f->st, t.a);
		assert_list(f->st, &oq, "D");
		free((char *)oq.cursor);
	}
	store_set_principal(f->st, NULL);
	principal_release(&p);
}

static void
test_principal_audit(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct tree t;
	struct principal insp, admin, two, sec;
	struct audit_query q;
	struct audit_list l = { 0 };
	char head[AUDIT_HASH_LEN];
	int64_t id;

	build_tree(f->st, &t);
	audit_add(f->st, "member.update", t.a, t.a1, NULL);	/* 1 */
	audit_add(f->st, "session.create", 0, 0, NULL);		/* 2 */
	audit_add(f->st, "member.update", t.d, t.d1, NULL);	/* 3 */
	audit_add(f->st, "member.update", t.b, t.b1, NULL);	/* 4 */
	audit_add(f->st, "org.update", t.c1, 0, NULL);		/* 5 */
	audit_add(f->st, "member.view", t.x, t.x1, NULL);	/* 6 */
	audit_add(f->st, "org.update", t.r, 0, NULL);		/* 7 */
	who(&insp, "kiểm tra C1");
	grant_on(f->st, &insp, ROLE_INSPECTION, t.c1);
	who(&admin, "quản trị");
	grant_on(f->st, &admin, ROLE_ADMIN, t.r);
	who(&two, "văn phòng A, D");
	grant_on(f->st, &two, ROLE_OFFICE, t.d);
	grant_on(f->st, &two, ROLE_OFFICE, t.a);
	who(&sec, "bí thư A");
	grant_on(f->st, &sec, ROLE_SECRETARY, t.a);
	memset(&q, 0, sizeof(q));
	q.limit = 100;

	store_set_principal(f->st, &insp);
	assert_audit(f->st, &q, "5 4 1");
	q.member_id = t.a1;
	assert_audit(f->st, &q, "1");
	q.member_id = t.d1;
	assert_audit(f->st, &q, "");
	q.member_id = 0;
	q.org_id = t.a;
	assert_audit(f->st, &q, "1");
	q.org_id = t.r;
	assert_err(store_audit_list(f->st, &q, &l, &err), -CB_ENOTFOUND, &err,
	    NULL);
	q.org_id = 0;
	OK(store_audit_head(f->st, &id, head, &err));
	assert_int_equal(id, 7);
	/* The full walk is for the system alone. */
	assert_err(store_audit_each(f->st, verify_cb, NULL, &err), -CB_EPERM,
	    &err, NULL);

	/* Two subtrees: merged, newest first, limited. */
	store_set_principal(f->st, &two);
	assert_audit(f->st, &q, "3 1");
	q.limit = 1;
	assert_audit(f->st, &q, "3");
	q.before_id = 3;
	assert_audit(f->st, &q, "1");
	q.before_id = 0;
	q.limit = 100;

	/* Admin: everything, installation-wide entries too. */
	store_set_principal(f->st, &admin);
	assert_audit(f->st, &q, "7 6 5 4 3 2 1");
	q.action = "session.create";
	assert_audit(f->st, &q, "2");
	q.action = NULL;
	assert_err(store_audit_each(f->st, verify_cb, NULL, &err), -CB_EPERM,
	    &err, NULL);

	store_set_principal(f->st, &sec);
	assert_err(store_audit_list(f->st, &q, &l, &err), -CB_EPERM, &err,
	    NULL);
	/* Every principal's actions are audited. */
	OK(store_begin(f->st, &err));
	{
		struct audit_entry e;

		audit_entry_init(&e);
		e.action = strdup("member.view");
		e.org_id = t.a;
		OK(store_audit_append(f->st, &e, &err));
		assert_int_equal(e.id, 8);
		audit_entry_release(&e);
	}
	OK(store_commit(f->st, &err));
	store_set_principal(f->st, NULL);
	assert_int_equal(verify_chain(f->st, NULL, NULL), 0);
	principal_release(&insp);
	principal_release(&admin);
	principal_release(&two);
	principal_release(&sec);
}

/* --------------------------------------------------------------- pool */

struct waiter {
	struct store_pool	*pool;
	struct store		*got;
};

static void *
wait_acquire(void *arg)
{
	struct waiter *w = arg;

	w->got = store_pool_acquire(w->pool);
	return NULL;
}

static void
test_pool(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct store_pool *p;
	struct store *a, *b;
	struct waiter w;
	pthread_t t;
	char *v = NULL;

	OK(store_pool_open(f->url, 2, &p, &err));
	a = store_pool_acquire(p);
	b = store_pool_acquire(p);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	/* Both see the same database. */
	OK(store_meta_set(a, "k", "from a", &err));
	OK(store_meta_get(b, "k", &v, &err));
	assert_string_equal(v, "from a");
	free(v);
	/* A third user waits until one is released. */
	w.pool = p;
	w.got = NULL;
	assert_int_equal(pthread_create(&t, NULL, wait_acquire, &w), 0);
	usleep(100 * 1000);
	assert_null(w.got);
	/* Released with an open transaction: rolled back. */
	OK(store_begin(b, &err));
	OK(store_meta_set(b, "k", "lost", &err));
	store_pool_release(p, b);
	pthread_join(t, NULL);
	assert_ptr_equal(w.got, b);
	assert_int_equal(store_depth(b), 0);
	OK(store_meta_get(a, "k", &v, &err));
	assert_string_equal(v, "from a");
	free(v);
	store_pool_release(p, a);
	store_pool_release(p, w.got);
	store_pool_close(p);
	assert_int_equal(store_pool_open(f->url, 0, &p, &err), -CB_EINVAL);
	cb_error_release(&err);
}

/*
 * SQLite: a commit that takes the WAL past its checkpoint size (10,000
 * pages) does not checkpoint itself; the pool's own thread does, soon
 * after (store_pool_checkpoints counts it).  Without the pool's hook the
 * commit would run SQLite's automatic checkpoint and the count stay 0.
 * PostgreSQL makes its own: 0.
 */
static void
test_pool_checkpoints(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct store_pool *p;
	struct store *a;
	int i;

	OK(store_pool_open(f->url, 2, &p, &err));
	assert_int_equal(store_pool_checkpoints(p), 0);
	if (strcmp(f->st->be->name, "sqlite") != 0) {
		store_pool_close(p);
		return;
	}
	a = store_pool_acquire(p);
	/* 11,000 rows of a page each, in one transaction. */
	OK(a->be->exec(a->conn,
	    "CREATE TABLE ckpt_fill (b BLOB);"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < 11000) INSERT INTO ckpt_fill"
	    " SELECT zeroblob(4000) FROM n;"));
	for (i = 0; i < 500 && store_pool_checkpoints(p) == 0; i++)
		usleep(10 * 1000);
	assert_int_equal(store_pool_checkpoints(p), 1);
	/* The WAL, all copied, starts again at the next write: a small
	 * commit then asks for nothing. */
	OK(a->be->exec(a->conn, "DROP TABLE ckpt_fill;"));
	usleep(300 * 1000);
	assert_true(store_pool_checkpoints(p) <= 2);
	store_pool_release(p, a);
	store_pool_close(p);
}

/* ------------------------------------------------------------ backup */

/* A backup (SQLite: the online backup API; PostgreSQL: pg_dump in an
 * exported snapshot) holds what was committed and the audit head of its
 * snapshot; it restores into an empty database only (or by force), and a
 * backup never overwrites a file. */
static void
test_backup_restore(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	char dir[] = "/tmp/chibo-backup-XXXXXX", file[96];
	char head[AUDIT_HASH_LEN], head2[AUDIT_HASH_LEN], *url, *ok = NULL;
	struct store *r = NULL;
	int64_t root, id, id2;
	struct org o;

	if (strcmp(backend, "pg") == 0 &&
	    system("command -v pg_dump >/dev/null && "
	           "command -v pg_restore >/dev/null") != 0) {
		fprintf(stderr, "pg_dump or pg_restore missing: skipped\n");
		return;
	}
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/one.backup", dir);
	root = add_org(f->st, "DB-BK", "Đảng bộ Sao lưu", ORG_GRASSROOTS, 0,
	    NULL);
	audit_add(f->st, "member.create", root, 1, NULL);
	OK(store_backup(f->st, file, &id, head, &err));
	assert_int_equal(access(file, R_OK), 0);
	assert_int_equal(store_depth(f->st), 0);
	OK(store_audit_head(f->st, &id2, head2, &err));
	assert_true(id == id2 && id > 0);
	assert_string_equal(head, head2);
	/* Later writes are not in it; the file is never overwritten. */
	add_org(f->st, "DB-BK2", "Đảng bộ Sau", ORG_GRASSROOTS, 0, NULL);
	assert_int_equal(store_backup(f->st, file, &id2, head2, &err),
	    -CB_ECONFLICT);
	assert_string_equal(err.mcode, "backup_exists");
	cb_error_release(&err);

	url = test_db_url(backend, "bktarget");
	OK(store_restore(file, url, false, &err));
	OK(store_open(url, &r, &err));
	OK(store_integrity_check(r, &ok, &err));
	assert_string_equal(ok, "ok");
	free(ok);
	OK(store_audit_head(r, &id2, head2, &err));
	assert_int_equal(id2, id);
	assert_string_equal(head2, head);
	org_init(&o);
	OK(store_org_get_by_code(r, "DB-BK", &o, &err));
	assert_int_equal(o.id, root);
	assert_err(store_org_get_by_code(r, "DB-BK2", &o, &err),
	    -CB_ENOTFOUND, &err, NULL);
	org_release(&o);
	store_close(r);
	/* Not over data, but by force. */
	assert_int_equal(store_restore(file, url, false, &err),
	    -CB_ECONFLICT);
	assert_string_equal(err.mcode, "restore_not_empty");
	cb_error_release(&err);
	OK(store_restore(file, url, true, &err));
	/* Not a backup: refused, the target unchanged. */
	snprintf(file, sizeof(file), "%s/junk", dir);
	{
		FILE *j = fopen(file, "w");

		assert_non_null(j);
		fputs("not a backup\n", j);
		fclose(j);
	}
	assert_int_not_equal(store_restore(file, url, true, &err), 0);
	cb_error_release(&err);
	OK(store_open(url, &r, &err));
	org_init(&o);
	OK(store_org_get_by_code(r, "DB-BK", &o, &err));
	org_release(&o);
	store_close(r);
	test_db_drop(backend, "bktarget", url);
	free(url);
	remove(file);
	snprintf(file, sizeof(file), "%s/one.backup", dir);
	remove(file);
	rmdir(dir);
}

/* ---------------------------------------------------------- inspections */

static void
mk_inspection(struct inspection *i, int64_t org, enum insp_body body,
    enum insp_form form, int64_t subject_org, int64_t subject_member,
    const char *decided_on, const char *from)
{
	memset(i, 0, sizeof(*i));
	i->org_id = org;
	i->body = body;
	i->kind = INSP_KIND_INSPECTION;
	i->form = form;
	i->subject_org_id = subject_org;
	i->subject_member_id = subject_member;
	i->status = INSP_PLANNED;
	SET(i->decided_on, decided_on ? decided_on : "");
	SET(i->from, from ? from : "");
	i->recorded_by = strdup("admin");
}

static int64_t
add_inspection(struct store *st, int64_t org, enum insp_body body,
    enum insp_form form, int64_t subject_org, int64_t subject_member,
    const char *decided_on, const char *from)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection i;
	int64_t id;

	mk_inspection(&i, org, body, form, subject_org, subject_member,
	    decided_on, from);
	check_rc(store_inspection_insert(st, &i, &err), 0, &err, "insert");
	id = i.id;
	inspection_release(&i);
	return id;
}

/* The ids of an inspection list (pages of 2) as "3 4". */
static void
assert_inspections(struct store *st, struct inspection_query *q,
    const char *want)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_page pg = { 0 };
	char got[256] = "", *cursor = NULL;
	size_t i;

	q->limit = 2;
	q->today = "2026-12-07";
	do {
		q->cursor = cursor;
		check_rc(store_inspection_list(st, q, &pg, &err), 0, &err,
		    "list");
		for (i = 0; i < pg.list.n; i++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got),
			    "%s%lld", got[0] ? " " : "",
			    (long long)pg.list.items[i].id);
		free(cursor);
		cursor = pg.next_cursor;
		pg.next_cursor = NULL;
		inspection_page_release(&pg);
	} while (cursor != NULL);
	q->cursor = NULL;
	assert_string_equal(got, want);
}

/* Inspections and supervisions (migration 0026): every field read
 * back, the subject inside the body's subtree, the list by subtree and
 * filters, recommendations overdue against the day, the coverage reads
 * wt-cover uses, the scope (a secretary: its cell's; a viewer: none). */
static void
test_inspections(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	int64_t g = add_org(f->st, "G", "Đảng bộ G", ORG_GRASSROOTS, 0, NULL);
	int64_t a = add_org(f->st, "A", "Chi bộ A", ORG_CELL, g, NULL);
	int64_t b = add_org(f->st, "B", "Chi bộ B", ORG_CELL, g, NULL);
	int64_t a1 = add_member(f->st, "Lê Văn Một", a, NULL, MSTATUS_OFFICIAL,
	    MSTATE_ACTIVE, "1990-01-01", "2010-01-01");
	struct inspection_recommendation r;
	struct inspection_recommendation_list rl = { 0 };
	struct inspection i, got;
	struct inspection_query q;
	struct principal p;
	int64_t i1, i2, i3, i4, i5;
	char *path = NULL, want[64];

	/* Every field read back. */
	mk_inspection(&i, g, INSP_BODY_COMMISSION, INSP_FORM_REGULAR, a, 0,
	    "2026-03-02", "2026-03-10");
	SET(i.to, "2026-04-10");
	i.content_codes = strdup("[\"party_fees\"]");
	i.doc_no = strdup("12-QĐ/UBKT");
	i.team = strdup("Đoàn 1");
	i.findings = strdup("Thu nộp chậm");
	OK(store_inspection_insert(f->st, &i, &err));
	i1 = i.id;
	assert_int_equal(i.version, 1);
	assert_timestamp(i.created_at);
	inspection_release(&i);
	memset(&got, 0, sizeof(got));
	OK(store_inspection_get(f->st, i1, "2026-12-07", &got, &path, &err));
	assert_int_equal(got.org_id, g);
	assert_int_equal(got.body, INSP_BODY_COMMISSION);
	assert_int_equal(got.form, INSP_FORM_REGULAR);
	assert_int_equal(got.subject_org_id, a);
	assert_string_equal(got.content_codes, "[\"party_fees\"]");
	assert_string_equal(got.decided_on, "2026-03-02");
	assert_string_equal(got.from, "2026-03-10");
	assert_string_equal(got.to, "2026-04-10");
	assert_string_equal(got.doc_no, "12-QĐ/UBKT");
	assert_string_equal(got.subject_name, "Chi bộ A");
	assert_int_equal(got.recommendations_count, 0);
	assert_non_null(path);
	free(path);
	got.status = INSP_IN_PROGRESS;
	OK(store_inspection_update(f->st, &got, 1, &err));
	assert_int_equal(got.version, 2);
	assert_err(store_inspection_update(f->st, &got, 1, &err), -CB_EPRECOND,
	    &err, NULL);
	inspection_release(&got);

	/* The subject inside the body's subtree; content_codes "[]" when
	 * not given. */
	mk_inspection(&i, a, INSP_BODY_CELL, INSP_FORM_REGULAR, b, 0,
	    "2026-03-02", NULL);
	assert_err(store_inspection_insert(f->st, &i, &err), -CB_EINVAL, &err,
	    "subject_org_id");
	i.subject_org_id = 4242;
	assert_err(store_inspection_insert(f->st, &i, &err), -CB_ENOTFOUND,
	    &err, "subject_org_id");
	inspection_release(&i);
	i2 = add_inspection(f->st, g, INSP_BODY_COMMITTEE, INSP_FORM_THEMATIC,
	    0, a1, "2026-05-01", NULL);
	i3 = add_inspection(f->st, a, INSP_BODY_CELL, INSP_FORM_SELF, a, 0,
	    "2026-01-10", NULL);
	i4 = add_inspection(f->st, g, INSP_BODY_COMMISSION, INSP_FORM_REGULAR,
	    b, 0, "2026-02-01", NULL);
	i5 = add_inspection(f->st, g, INSP_BODY_COMMISSION, INSP_FORM_REGULAR,
	    b, 0, NULL, "2025-06-01");
	OK(store_inspection_get(f->st, i4, "2026-12-07", &got, NULL, &err));
	got.status = INSP_CANCELLED;
	OK(store_inspection_update(f->st, &got, 0, &err));
	inspection_release(&got);
	OK(store_inspection_get(f->st, i3, "2026-12-07", &got, NULL, &err));
	assert_string_equal(got.content_codes, "[]");
	inspection_release(&got);
	OK(store_inspection_get(f->st, i2, "2026-12-07", &got, NULL, &err));
	assert_string_equal(got.subject_name, "Lê Văn Một");
	inspection_release(&got);

	/* Recommendations: overdue from the day after the deadline. */
	memset(&r, 0, sizeof(r));
	r.inspection_id = i1;
	r.text = strdup("Thu đảng phí đúng hạn");
	r.owner = strdup("Chi ủy");
	r.owner_org_id = a;
	SET(r.due_on, "2026-11-30");
	OK(store_inspection_rec_insert(f->st, &r, &err));
	inspection_recommendation_release(&r);
	OK(store_inspection_rec_list(f->st, i1, "2026-11-30", &rl, &err));
	assert_int_equal(rl.n, 1);
	assert_false(rl.items[0].overdue);
	inspection_recommendation_list_release(&rl);
	OK(store_inspection_rec_list(f->st, i1, "2026-12-01", &rl, &err));
	assert_true(rl.items[0].overdue);
	OK(store_inspection_get(f->st, i1, "2026-12-01", &got, NULL, &err));
	assert_int_equal(got.recommendations_count, 1);
	assert_int_equal(got.recommendations_overdue, 1);
	inspection_release(&got);
	r = rl.items[0];
	memset(&rl.items[0], 0, sizeof(r));
	inspection_recommendation_list_release(&rl);
	r.owner_org_id = 4242;
	assert_err(store_inspection_rec_update(f->st, &r, 0, &err),
	    -CB_ENOTFOUND, &err, "owner_org_id");
	r.owner_org_id = a;

	/* The list: body or subject in the subtree; filters. */
	memset(&q, 0, sizeof(q));
	q.org_id = g;
	snprintf(want, sizeof(want), "%lld %lld %lld %lld %lld",
	    (long long)i1, (long long)i2, (long long)i3, (long long)i4,
	    (long long)i5);
	assert_inspections(f->st, &q, want);
	q.org_id = a;
	snprintf(want, sizeof(want), "%lld %lld %lld", (long long)i1,
	    (long long)i2, (long long)i3);
	assert_inspections(f->st, &q, want);
	q.org_id = g;
	q.year = 2025;
	snprintf(want, sizeof(want), "%lld", (long long)i5);
	assert_inspections(f->st, &q, want);
	q.year = 0;
	q.form = INSP_FORM_SELF;
	snprintf(want, sizeof(want), "%lld", (long long)i3);
	assert_inspections(f->st, &q, want);
	q.form = INSP_FORM_NONE;
	q.status = INSP_CANCELLED;
	snprintf(want, sizeof(want), "%lld", (long long)i4);
	assert_inspections(f->st, &q, want);
	q.status = INSP_STATUS_NONE;

	/* A recommendation marked done. */
	SET(r.done_on, "2026-12-05");
	OK(store_inspection_rec_update(f->st, &r, 1, &err));
	inspection_recommendation_release(&r);

	/* Scope: the secretary of A sees its cell's (the subject's or its
	 * own), records its self-inspection, nothing else. */
	who(&p, "bí thư A");
	grant_on(f->st, &p, ROLE_SECRETARY, a);
	store_set_principal(f->st, &p);
	OK(store_inspection_get(f->st, i1, "2026-12-07", &got, NULL, &err));
	inspection_release(&got);
	OK(store_inspection_get(f->st, i2, "2026-12-07", &got, NULL, &err));
	inspection_release(&got);
	assert_err(store_inspection_get(f->st, i4, "2026-12-07", &got, NULL,
	               &err),
	    -CB_ENOTFOUND, &err, NULL);
	q.org_id = a;
	snprintf(want, sizeof(want), "%lld %lld %lld", (long long)i1,
	    (long long)i2, (long long)i3);
	assert_inspections(f->st, &q, want);
	{
		struct inspection_page pg = { 0 };

		q.org_id = g;
		assert_int_equal(store_inspection_list(f->st, &q, &pg, &err),
		    -CB_ENOTFOUND);
		cb_error_release(&err);
	}
	mk_inspection(&i, a, INSP_BODY_CELL, INSP_FORM_SELF, a, 0,
	    "2026-06-01", NULL);
	OK(store_inspection_insert(f->st, &i, &err));
	inspection_release(&i);
	mk_inspection(&i, a, INSP_BODY_CELL, INSP_FORM_REGULAR, 0, a1,
	    "2026-06-01", NULL);
	assert_err(store_inspection_insert(f->st, &i, &err), -CB_EPERM, &err,
	    NULL);
	inspection_release(&i);
	OK(store_inspection_get(f->st, i1, "2026-12-07", &got, NULL, &err));
	assert_err(store_inspection_update(f->st, &got, 0, &err), -CB_EPERM,
	    &err, NULL);
	inspection_release(&got);
	store_set_principal(f->st, NULL);
	principal_release(&p);

	/* A viewer sees none. */
	who(&p, "cấp trên");
	grant_on(f->st, &p, ROLE_VIEWER, g);
	store_set_principal(f->st, &p);
	assert_err(store_inspection_get(f->st, i1, "2026-12-07", &got, NULL,
	               &err),
	    -CB_ENOTFOUND, &err, NULL);
	store_set_principal(f->st, NULL);
	principal_release(&p);

	/* Delete: with its recommendations. */
	assert_err(store_inspection_delete(f->st, i1, 7, &err), -CB_EPRECOND,
	    &err, NULL);
	OK(store_inspection_delete(f->st, i1, 0, &err));
	assert_err(store_inspection_get(f->st, i1, "2026-12-07", &got, NULL,
	               &err),
	    -CB_ENOTFOUND, &err, NULL);
	cb_error_release(&err);
}

/* ---------------------------------------------------------------- main */

/* ---------------------------------------------------- discipline cases */

/* A case of member (or organisation org) decided by deciding on day. */
static int64_t
add_case(struct store *st, int64_t member, int64_t org, int64_t deciding,
    const char *violation_on, const char *decided_on, int want)
{
	struct cb_error err = CB_ERROR_INIT;
	struct discipline_case c;
	int64_t id;

	memset(&c, 0, sizeof(c));
	c.subject = member ? DCASE_MEMBER : DCASE_ORG;
	c.member_id = member;
	c.org_id = org;
	c.violation_code = strdup("qd37_17");
	snprintf(c.violation_on, DATE_LEN, "%s", violation_on);
	snprintf(c.decided_on, DATE_LEN, "%s", decided_on);
	c.deciding_org_id = deciding;
	c.deciding_body = DCASE_BODY_CELL;
	c.form = DCASE_KHIEN_TRACH;
	c.vote_for = 3;
	c.base = 4;
	check_rc(store_dcase_insert(st, &c, &err), want, &err, "dcase insert");
	cb_error_release(&err);
	id = c.id;
	discipline_case_release(&c);
	return want == 0 ? id : 0;
}

/* The ids of every case st's principal lists (org 0: all; member 0:
 * any), batches of 2, as "3 4"; "rc=N" on error. */
static void
assert_cases(struct store *st, int64_t org, int64_t member, const char *want)
{
	struct cb_error err = CB_ERROR_INIT;
	struct discipline_case_list l = { 0 };
	struct dcase_query q;
	char got[256] = "";
	size_t i;
	int64_t last = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	q.org_id = org;
	q.member_id = member;
	q.limit = 2;
	for (;;) {
		if ((rc = store_dcase_list(st, &q, &l, &last, &err)) != 0) {
			snprintf(got, sizeof(got), "rc=%d", rc);
			cb_error_release(&err);
			break;
		}
		for (i = 0; i < l.n; i++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got),
			    "%s%lld", got[0] ? " " : "",
			    (long long)l.items[i].id);
		discipline_case_list_release(&l);
		if (last == 0)
			break;
		q.after_id = last;
	}
	assert_string_equal(got, want);
}

/* Discipline cases (migration 0027): rows, the subject's path and the
 * next violation read with them, versions, and the secrecy: only a grant
 * with the option "discipline" sees a case, within its scope, and a case
 * outside it does not exist. */
static void
test_discipline_cases(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct discipline_case c;
	struct discipline_notice n;
	struct discipline_notice_list nl = { 0 };
	struct principal p, q;
	struct grant g;
	struct tree t;
	int64_t a1, a1b, b1, d;
	char want[64];

	build_tree(f->st, &t);
	a1 = add_case(f->st, t.a1, 0, t.a, "2026-01-10", "2026-03-01", 0);
	b1 = add_case(f->st, t.b1, 0, t.b, "2026-02-10", "2026-03-02", 0);
	d = add_case(f->st, 0, t.d, t.c2, "2026-02-11", "2026-04-01", 0);
	a1b = add_case(f->st, t.a1, 0, t.a, "2026-06-01", "", 0);
	/* Both ids, or none; a deciding organisation that exists. */
	add_case(f->st, 0, 0, t.a, "2026-01-10", "2026-03-01",
	    -CB_EINVAL);
	add_case(f->st, t.a1, 0, 987654, "2026-01-10", "2026-03-01",
	    -CB_ENOTFOUND);
	memset(&c, 0, sizeof(c));
	OK(store_dcase_get(f->st, a1, &c, &err));
	assert_int_equal(c.member_id, t.a1);
	assert_int_equal(c.vote_for, 3);
	assert_int_equal(c.version, 1);
	assert_string_equal(c.violation_code, "qd37_17");
	{
		char *pa = org_path_of(f->st, t.a, NULL, NULL);

		assert_string_equal(c.scope_path, pa);
		free(pa);
	}
	/* The later violation of the same member stops the lapse. */
	assert_string_equal(c.next_violation_on, "2026-06-01");
	discipline_case_release(&c);
	OK(store_dcase_get(f->st, d, &c, &err));
	assert_string_equal(c.next_violation_on, "");
	assert_int_equal(c.org_id, t.d);
	/* A stale version changes nothing. */
	free(c.note);
	c.note = strdup("Ghi chú");
	assert_err(store_dcase_update(f->st, &c, 7, &err), -CB_EPRECOND, &err,
	    NULL);
	OK(store_dcase_update(f->st, &c, 1, &err));
	assert_int_equal(c.version, 2);
	discipline_case_release(&c);
	ids_str(want, sizeof(want), 4, a1, b1, d, a1b);
	assert_cases(f->st, 0, 0, want);
	ids_str(want, sizeof(want), 2, a1, a1b);
	assert_cases(f->st, t.a, 0, want);
	assert_cases(f->st, 0, t.a1, want);
	ids_str(want, sizeof(want), 1, d);
	assert_cases(f->st, t.c2, 0, want);

	/* A secretary of A with the option: its cell's cases only. */
	who(&p, "bí thư A");
	memset(&g, 0, sizeof(g));
	g.role = ROLE_SECRETARY;
	g.org_id = t.a;
	g.options = GRANT_OPT_DISCIPLINE;
	g.org_path = org_path_of(f->st, t.a, NULL, NULL);
	assert_int_equal(principal_add_grant(&p, &g), 0);
	free(g.org_path);
	store_set_principal(f->st, &p);
	ids_str(want, sizeof(want), 2, a1, a1b);
	assert_cases(f->st, 0, 0, want);
	assert_cases(f->st, t.a, 0, want);
	assert_cases(f->st, t.b, 0, "rc=-3");
	assert_cases(f->st, 0, t.b1, "rc=-3");
	OK(store_dcase_get(f->st, a1, &c, &err));
	discipline_case_release(&c);
	assert_err(store_dcase_get(f->st, b1, &c, &err), -CB_ENOTFOUND, &err,
	    NULL);
	assert_err(store_dcase_get(f->st, d, &c, &err), -CB_ENOTFOUND, &err,
	    NULL);
	/* It records cases of its cell's members, no other. */
	assert_true(add_case(f->st, t.a2, 0, t.a, "2026-05-01", "2026-06-01",
	                0) > 0);
	add_case(f->st, t.b1, 0, t.a, "2026-05-01", "2026-06-01",
	    -CB_ENOTFOUND);
	add_case(f->st, 0, t.d, t.a, "2026-05-01", "2026-06-01",
	    -CB_ENOTFOUND);
	assert_err(store_dcase_delete(f->st, b1, &err), -CB_ENOTFOUND, &err,
	    NULL);
	/* Notices: its cell's members only. */
	memset(&n, 0, sizeof(n));
	n.member_id = t.b1;
	n.body = strdup("Sở Nội vụ");
	snprintf(n.decided_on, DATE_LEN, "2026-03-01");
	snprintf(n.notified_on, DATE_LEN, "2026-03-09");
	assert_err(store_dnotice_insert(f->st, &n, &err), -CB_ENOTFOUND, &err,
	    "member_id");
	n.member_id = t.a1;
	OK(store_dnotice_insert(f->st, &n, &err));
	discipline_notice_release(&n);
	store_set_principal(f->st, NULL);
	memset(&n, 0, sizeof(n));
	n.member_id = t.d1;
	n.body = strdup("Công đoàn");
	snprintf(n.decided_on, DATE_LEN, "2026-03-01");
	snprintf(n.notified_on, DATE_LEN, "2026-03-02");
	OK(store_dnotice_insert(f->st, &n, &err));
	discipline_notice_release(&n);
	OK(store_dnotice_list(f->st, 0, 0, &nl, &err));
	assert_int_equal(nl.n, 2);
	discipline_notice_list_release(&nl);
	store_set_principal(f->st, &p);
	OK(store_dnotice_list(f->st, 0, 0, &nl, &err));
	assert_int_equal(nl.n, 1);
	assert_int_equal(nl.items[0].member_id, t.a1);
	discipline_notice_list_release(&nl);
	store_set_principal(f->st, NULL);
	principal_release(&p);

	/* The same secretary without the option: no case exists. */
	who(&q, "bí thư A");
	grant_on(f->st, &q, ROLE_SECRETARY, t.a);
	store_set_principal(f->st, &q);
	assert_err(store_dcase_get(f->st, a1, &c, &err), -CB_ENOTFOUND, &err,
	    NULL);
	assert_cases(f->st, 0, 0, "rc=-6");
	add_case(f->st, t.a2, 0, t.a, "2026-05-01", "2026-06-01", -CB_EPERM);
	store_set_principal(f->st, NULL);
	principal_release(&q);

	/* Delete (the system). */
	OK(store_dcase_delete(f->st, b1, &err));
	assert_err(store_dcase_get(f->st, b1, &c, &err), -CB_ENOTFOUND, &err,
	    NULL);
}

/* An evaluation period of org (ad hoc, 2026) made by the system: its id. */
static int64_t
add_eperiod(struct store *st, int64_t org)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation_period p;
	int64_t id;

	memset(&p, 0, sizeof(p));
	p.org_id = org;
	p.kind = EPKIND_AD_HOC;
	p.year = 2026;
	snprintf(p.from, DATE_LEN, "2026-01-01");
	snprintf(p.to, DATE_LEN, "2026-12-31");
	p.status = EPSTATUS_OPEN;
	check_rc(store_eperiod_insert(st, &p, &err), 0, &err, "period");
	id = p.id;
	evaluation_period_release(&p);
	return id;
}

/* An evaluation of member (or organisation org) in period: its id, or
 * the error's rc when want is not 0. */
static int64_t
add_evaluation(struct store *st, int64_t period, int64_t member, int64_t org,
    enum elevel proposed, enum elevel decided, int want)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation e;
	int64_t id;
	int rc;

	memset(&e, 0, sizeof(e));
	e.period_id = period;
	e.subject = member > 0 ? ESUBJECT_MEMBER : ESUBJECT_ORG;
	e.member_id = member;
	e.org_id = org;
	e.score = 905;
	e.tasks_total = 4;
	e.tasks_on_time = 4;
	e.computed_level = ELEVEL_HTXS;
	e.proposed_level = proposed;
	e.decided_level = decided;
	e.status = decided ? ESTATUS_DECIDED :
	    proposed       ? ESTATUS_PROPOSED :
	                     ESTATUS_SUBMITTED;
	rc = store_evaluation_insert(st, &e, &err);
	if (want != 0) {
		assert_int_equal(rc, want);
		cb_error_release(&err);
		evaluation_release(&e);
		return rc;
	}
	check_rc(rc, 0, &err, "evaluation");
	id = e.id;
	evaluation_release(&e);
	return id;
}

/* Evaluation periods, evaluations and comments (migration 0028): rows
 * with the subject's organisation read with them, versions, the
 * subject inside the period, one per subject and period, the scope (a
 * member its own and its cell's, a secretary its cell's, nothing
 * outside), the counts per scope of the cap, the facts. */
static void
test_evaluations(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct eval_scope_counts_list sc = { 0 };
	struct evaluation_comment_list cl = { 0 };
	struct evaluation_comment cm;
	struct evaluation_page pg = { 0 };
	struct evaluation_query q;
	struct evaluation e;
	struct eval_fact fact;
	struct principal p, m;
	struct tree t;
	int64_t per, ea1, ea2, eb1, ed, undecided;
	size_t i;

	build_tree(f->st, &t);
	per = add_eperiod(f->st, t.r);
	ea1 = add_evaluation(f->st, per, t.a1, 0, ELEVEL_HTXS, ELEVEL_HTXS, 0);
	ea2 = add_evaluation(f->st, per, t.a2, 0, ELEVEL_HTT, 0, 0);
	eb1 = add_evaluation(f->st, per, t.b1, 0, ELEVEL_HTXS, ELEVEL_HTT, 0);
	ed = add_evaluation(f->st, per, 0, t.d, 0, 0, 0);
	/* One per subject and period; the subject inside the period. */
	add_evaluation(f->st, per, t.a1, 0, 0, 0, -CB_ECONFLICT);
	add_evaluation(f->st, per, t.x1, 0, 0, 0, -CB_EINVAL);
	add_evaluation(f->st, 987654, t.a1, 0, 0, 0, -CB_ENOTFOUND);
	memset(&e, 0, sizeof(e));
	OK(store_evaluation_get(f->st, ea1, &e, &err));
	assert_int_equal(e.subject_org_id, t.a);
	assert_int_equal(e.score, 905);
	assert_int_equal(e.decided_level, ELEVEL_HTXS);
	assert_string_equal(e.subject_name, "Lê Văn An");
	{
		char *pa = org_path_of(f->st, t.a, NULL, NULL);
		char *pc = org_path_of(f->st, t.c1, NULL, NULL);

		assert_string_equal(e.scope_path, pa);
		assert_string_equal(e.parent_path, pc);
		free(pa);
		free(pc);
	}
	/* A stale version changes nothing. */
	e.tasks_exceeded = 2;
	assert_err(store_evaluation_update(f->st, &e, 9, &err), -CB_EPRECOND,
	    &err, NULL);
	OK(store_evaluation_update(f->st, &e, 1, &err));
	assert_int_equal(e.version, 2);
	evaluation_release(&e);
	OK(store_evaluation_get(f->st, ed, &e, &err));
	assert_int_equal(e.subject, ESUBJECT_ORG);
	assert_int_equal(e.subject_org_id, t.d);
	evaluation_release(&e);
	OK(store_evaluation_undecided(f->st, per, &undecided, &err));
	assert_int_equal(undecided, 2);

	/* The cap's counts: one scope (the grassroots R) of three members;
	 * the organisation's evaluation is not counted. */
	OK(store_evaluation_scope_counts(f->st, per, 0, ECAP_GRASSROOTS, &sc,
	    &err));
	assert_int_equal(sc.n, 1);
	assert_int_equal(sc.items[0].scope_org_id, t.r);
	assert_int_equal(sc.items[0].proposed[EVAL_HTXS], 2);
	assert_int_equal(sc.items[0].decided[EVAL_HTXS], 1);
	assert_int_equal(sc.items[0].decided[EVAL_HTT], 1);
	assert_int_equal(sc.items[0].current[EVAL_HTXS], 1);
	assert_int_equal(sc.items[0].current[EVAL_HTT], 2);
	eval_scope_counts_list_release(&sc);
	/* By cell: A and B (D has no member evaluated). */
	OK(store_evaluation_scope_counts(f->st, per, 0, ECAP_CELL, &sc,
	    &err));
	for (i = 0; i < sc.n; i++)
		if (sc.items[i].scope_org_id == t.a)
			assert_int_equal(sc.items[i].current[EVAL_HTXS] +
			        sc.items[i].current[EVAL_HTT],
			    2);
		else if (sc.items[i].scope_org_id == t.b)
			assert_int_equal(sc.items[i].current[EVAL_HTT], 1);
		else
			assert_int_equal(sc.items[i].current[EVAL_HTXS] +
			        sc.items[i].current[EVAL_HTT],
			    0);
	eval_scope_counts_list_release(&sc);

	/* The facts: admission and exemption from the member's record. */
	memset(&fact, 0, sizeof(fact));
	memset(&e, 0, sizeof(e));
	OK(store_evaluation_get(f->st, ea1, &e, &err));
	OK(store_evaluation_facts(f->st, &e, "2026-01-01", "2026-12-31", 2026,
	    &fact, &err));
	assert_string_not_equal(fact.since, "");
	assert_int_equal(fact.disciplined, 0);
	assert_int_equal(fact.quarters_evaluated, 0);
	evaluation_release(&e);

	/* A secretary of A: its cell's evaluations; B's do not exist. */
	who(&p, "bí thư A");
	grant_on(f->st, &p, ROLE_SECRETARY, t.a);
	store_set_principal(f->st, &p);
	memset(&q, 0, sizeof(q));
	q.period_id = per;
	q.limit = 10;
	OK(store_evaluation_list(f->st, &q, &pg, &err));
	assert_int_equal(pg.list.n, 2);
	assert_int_equal(pg.list.items[0].id, ea1);
	assert_int_equal(pg.list.items[1].id, ea2);
	evaluation_page_release(&pg);
	assert_err(store_evaluation_get(f->st, eb1, &e, &err), -CB_ENOTFOUND,
	    &err, NULL);
	add_evaluation(f->st, per, t.b1, 0, 0, 0, -CB_ENOTFOUND);
	/* It comments and reads the comments of its cell's. */
	memset(&cm, 0, sizeof(cm));
	cm.evaluation_id = ea2;
	cm.author = strdup("bí thư A");
	cm.text = strdup("Đồng chí cần chủ động hơn.");
	OK(store_ecomment_insert(f->st, &cm, &err));
	evaluation_comment_release(&cm);
	OK(store_ecomment_list(f->st, ea2, &cl, &err));
	assert_int_equal(cl.n, 1);
	evaluation_comment_list_release(&cl);
	store_set_principal(f->st, NULL);
	principal_release(&p);

	/* A member of A: its own and its cell's (it may comment on them),
	 * no comment; B's do not exist. */
	who(&m, "đảng viên A");
	m.member_id = t.a1;
	grant_on(f->st, &m, ROLE_MEMBER, t.a);
	store_set_principal(f->st, &m);
	OK(store_evaluation_get(f->st, ea1, &e, &err));
	assert_true(store_evaluation_may(f->st, ACT_EVAL_SELF, &e));
	assert_false(store_evaluation_may(f->st, ACT_EVAL_PROPOSE, &e));
	evaluation_release(&e);
	OK(store_evaluation_get(f->st, ea2, &e, &err));
	assert_false(store_evaluation_may(f->st, ACT_EVAL_SELF, &e));
	evaluation_release(&e);
	assert_err(store_evaluation_get(f->st, eb1, &e, &err), -CB_ENOTFOUND,
	    &err, NULL);
	assert_err(store_ecomment_list(f->st, ea1, &cl, &err), -CB_EPERM,
	    &err, NULL);
	store_set_principal(f->st, NULL);
	principal_release(&m);

	/* Deleting an evaluation takes its comments (the system). */
	OK(store_evaluation_delete(f->st, ea2, &err));
	assert_err(store_evaluation_get(f->st, ea2, &e, &err), -CB_ENOTFOUND,
	    &err, NULL);
}

/*
 * Ids of rows deleted outright are never handed out again (migration
 * 0031 on SQLite; sequences on PostgreSQL): the audit's "term 5
 * deleted" must not name a later term.  On SQLite the migration also
 * starts each counter after the ids the audit trail names, for rows
 * deleted before it ran.
 */
static void
add_term(struct store *st, int64_t org, const char *from, const char *to,
    int64_t *ret)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_term t;

	memset(&t, 0, sizeof(t));
	t.org_id = org;
	t.name = strdup(from);
	snprintf(t.starts_on, sizeof(t.starts_on), "%s", from);
	snprintf(t.ends_on, sizeof(t.ends_on), "%s", to);
	OK(store_term_insert(st, &t, &err));
	*ret = t.id;
	org_term_release(&t);
}

static void
test_ids_not_reused(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct audit_entry e;
	int64_t g = add_org(f->st, "G", "Đảng bộ G", ORG_GRASSROOTS, 0, NULL);
	int64_t t1, t2, t3, t4;
	int v;

	add_term(f->st, g, "2015-06-01", "2020-05-31", &t1);
	add_term(f->st, g, "2020-06-01", "2025-05-31", &t2);
	assert_true(t2 > t1);
	/* The largest id goes: the next term does not get it back. */
	OK(store_term_delete(f->st, t2, &err));
	add_term(f->st, g, "2020-06-01", "2025-05-31", &t3);
	assert_true(t3 > t2);
	if (strcmp(f->st->be->name, "sqlite") != 0)
		return;

	/* SQLite before 0031: no counter kept, and terms up to t3 + 5
	 * deleted, which only the audit trail remembers. */
	OK(store_term_delete(f->st, t3, &err));
	audit_entry_init(&e);
	e.actor = strdup("cli:văn phòng");
	e.action = strdup("term.delete");
	e.object_type = strdup("org_term");
	e.object_id = t3 + 5;
	e.org_id = g;
	OK(store_begin(f->st, &err));
	OK(store_audit_append(f->st, &e, &err));
	OK(store_commit(f->st, &err));
	audit_entry_release(&e);
	assert_int_equal(raw(f->st, "DELETE FROM sqlite_sequence;"
	    "DELETE FROM schema_version WHERE version >= 31"), 0);
	OK(store_migrate(f->st, &v, &err));
	assert_true(v >= 31);
	add_term(f->st, g, "2020-06-01", "2025-05-31", &t4);
	assert_int_equal(t4, t3 + 6);
	/* The other rows and the references came through. */
	assert_int_equal(raw(f->st,
	    "CREATE TEMP TABLE fk_ok (n INTEGER CHECK (n = 0));"
	    "INSERT INTO fk_ok SELECT count(*) FROM pragma_foreign_key_check;"
	    "DROP TABLE fk_ok"), 0);
}

/*
 * The dashboard's kept figures moved from one row per figure (migration
 * 0029, dashboard_tally) to one row per organisation and year (0030,
 * dashboard_kept): a database at 0029 holding every figure comes out
 * with the same figures, and the old table is gone.  Then the writes
 * add to the wide rows up the chain.
 */
static void
test_dashboard_rows(void **state)
{
	struct fx *f = *state;
	struct cb_error err = CB_ERROR_INIT;
	struct dash_figures fig = { 0 };
	struct dash_children ch = { 0 };
	struct dash_eval_change c;
	int64_t a, b, d[DFIG__MAX];
	const int64_t *v;
	char sql[256], *pb;
	int k, ver = 0;

	a = add_org(f->st, "A", "A", ORG_PROVINCE, 0, NULL);
	b = add_org(f->st, "B", "B", ORG_GRASSROOTS, a, NULL);
	/* Back to 0029, the figures kept one row each: every figure on
	 * A in 2025 (k + 1), some on B in 2026, a zero, a figure of no
	 * column (dropped). */
	assert_int_equal(raw(f->st, "DROP TABLE dashboard_kept;"
	    "DELETE FROM schema_version WHERE version >= 30;"
	    "CREATE TABLE dashboard_tally (org_id bigint NOT NULL"
	    " REFERENCES org (id), year bigint NOT NULL, figure text NOT NULL,"
	    " n bigint NOT NULL, PRIMARY KEY (org_id, year, figure))"), 0);
	for (k = 0; k < DFIG__MAX; k++) {
		snprintf(sql, sizeof(sql),
		    "INSERT INTO dashboard_tally VALUES (%lld, 2025, '%s', %d)",
		    (long long)a, dash_fig_names[k], k + 1);
		assert_int_equal(raw(f->st, sql), 0);
	}
	snprintf(sql, sizeof(sql),
	    "INSERT INTO dashboard_tally VALUES (%lld, 2026, 'm.htt', 7),"
	    " (%lld, 2026, 'own.mt.held', 3), (%lld, 2026, 'c.kht', 0),"
	    " (%lld, 2026, 'x.unknown', 5)",
	    (long long)b, (long long)b, (long long)b, (long long)b);
	assert_int_equal(raw(f->st, sql), 0);
	OK(store_migrate(f->st, &ver, &err));
	assert_true(ver >= 30);
	assert_int_not_equal(raw(f->st, "SELECT 1 FROM dashboard_tally"), 0);

	OK(store_dashboard_get(f->st, a, 2024, 2026, &fig, &err));
	assert_int_equal(fig.n, 1);
	assert_null(dash_figures_of(&fig, 2026));
	assert_non_null(v = dash_figures_of(&fig, 2025));
	for (k = 0; k < DFIG__MAX; k++)
		assert_int_equal(v[k], k + 1);
	OK(store_dashboard_get(f->st, b, 2026, 2026, &fig, &err));
	assert_int_equal(fig.n, 1);
	for (k = 0; k < DFIG__MAX; k++)
		assert_int_equal(fig.items[0].v[k],
		    k == DFIG_M + EVAL_HTT ? 7 :
		    k == DFIG_OWN_MT + DMT_HELD ? 3 : 0);

	/* A member of B decided htt -> ht: one row each of B and A. */
	pb = org_path_of(f->st, b, NULL, NULL);
	memset(&c, 0, sizeof(c));
	c.path = pb;
	c.year = 2026;
	c.before = EVAL_HTT;
	c.after = EVAL_HT;
	OK(store_dashboard_evaluation_changed(f->st, &c, &err));
	c.cell = true;
	c.before = DASH_NONE;
	c.after = DASH_PENDING;
	OK(store_dashboard_evaluation_changed(f->st, &c, &err));
	memset(d, 0, sizeof(d));
	d[DFIG_D + DFORM_CANH_CAO] = 2;
	OK(store_dashboard_add(f->st, pb, 2026, d, &err));
	OK(store_dashboard_get(f->st, b, 2026, 2026, &fig, &err));
	v = dash_figures_of(&fig, 2026);
	assert_int_equal(v[DFIG_M + EVAL_HTT], 6);
	assert_int_equal(v[DFIG_M + EVAL_HT], 1);
	assert_int_equal(v[DFIG_C + DASH_PENDING], 1);
	assert_int_equal(v[DFIG_D + DFORM_CANH_CAO], 2);
	assert_int_equal(v[DFIG_OWN_MT + DMT_HELD], 3);
	OK(store_dashboard_get(f->st, a, 2026, 2026, &fig, &err));
	v = dash_figures_of(&fig, 2026);
	assert_non_null(v);
	assert_int_equal(v[DFIG_M + EVAL_HTT], -1);
	assert_int_equal(v[DFIG_M + EVAL_HT], 1);
	assert_int_equal(v[DFIG_C + DASH_PENDING], 1);
	assert_int_equal(v[DFIG_D + DFORM_CANH_CAO], 2);
	assert_int_equal(v[DFIG_OWN_MT + DMT_HELD], 0);
	/* A's children: B with its row of the year. */
	OK(store_dashboard_children(f->st, a, 2026, &ch, &err));
	assert_int_equal(ch.n, 1);
	assert_int_equal(ch.items[0].id, b);
	assert_int_equal(ch.items[0].v[DFIG_M + EVAL_HTT], 6);
	assert_int_equal(ch.items[0].v[DFIG_D + DFORM_CANH_CAO], 2);
	OK(store_dashboard_children(f->st, a, 2024, &ch, &err));
	assert_int_equal(ch.n, 1);
	for (k = 0; k < DFIG__MAX; k++)
		assert_int_equal(ch.items[0].v[k], 0);
	dash_children_release(&ch);
	dash_figures_release(&fig);
	free(pb);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate, setup_empty,
		    teardown),
		cmocka_unit_test_setup_teardown(test_statements_prepare, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_backup_restore, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_org_crud, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meetings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inspections, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_meeting_roll, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_programmes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_resolutions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_meeting_votes_minutes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_org_move, setup, teardown),
		cmocka_unit_test_setup_teardown(test_org_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_org_counts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_org_events, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_member_crud, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_member_conflicts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_member_list_sorts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_member_list_plans, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_member_vietnamese_order,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_pg_lists_planned_each_call,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_member_list_filters, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_member_search, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_member_search_nested,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_member_search_words,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_member_search_runs,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_member_word_counts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_member_search_candidates,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_member_bad_cursor, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_member_each, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_member_events, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_overrides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transactions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_meta, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_checkpoints, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_accounts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttling, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_audit_chain, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_audit_outside_chain,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_repeat_across_batches,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_upgrade, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_pg_broken_inside_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_concurrent, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_audit_list, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_audit_views, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_audit_views_concurrent,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_principal_statements,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_principal_secretary,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_principal_contacts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_principal_viewer, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_principal_own_record,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_principal_office, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_principal_admin_scoped,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_principal_two_roots,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_principal_audit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_discipline_cases, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_evaluations, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_dashboard_rows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ids_not_reused, setup,
		    teardown),
	};
	int rc;

	backend = test_backend(argc, argv);
	if (text_init() != 0) {
		fprintf(stderr, "text_init failed\n");
		return 1;
	}
	rc = cmocka_run_group_tests_name(backend, tests, NULL, NULL);
	text_shutdown();
	return rc;
}
