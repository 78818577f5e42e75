/*
 * test-stats.c - organisation figures (store-stats.c), run unchanged
 * against each backend: argv[1] is "sqlite" or "pg".
 *
 * The heart of it is a seeded random mix of writes -- members created,
 * edited (status, gender, birth date, exemption, ethnicity, theory level,
 * state, organisation), deleted, moved in bulk between organisations;
 * organisations created, closed, reopened, given another kind, moved with
 * their subtrees, merged; some of it in transactions rolled back -- after
 * each batch of which every organisation's figures must equal a full
 * recount made here, in C, from store_member_each and store_org_list
 * (ages computed by the test's own arithmetic).  The rebuild must give
 * the same figures; so must the figures after the clock moves to another
 * date (forth and back, across 29 February).  CHIBO_TEST_SEED picks
 * another seed.
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

#include "core/auth.h"
#include "core/model.h"
#include "core/stats.h"
#include "store/store-int.h"
#include "store/store.h"
#include "testlib.h"
#include "util/err.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define SET(dst, s) snprintf((dst), sizeof(dst), "%s", (s))

static const char *backend;
static int dbseq;
static uint64_t seed = 20261125;

struct fx {
	struct store	*st;
	char		*url;
	char		 dbname[64];
};

/* ------------------------------------------------------------ fixtures */

static int
setup(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dbname, sizeof(f->dbname), "stats%d", ++dbseq);
	f->url = test_db_url(backend, f->dbname);
	assert_int_equal(store_open(f->url, &f->st, &err), 0);
	if (store_migrate(f->st, NULL, &err) != 0)
		fprintf(stderr, "migrate: %s\n", err.detail ? err.detail : "?");
	assert_int_equal(err.code, 0);
	*state = f;
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

#define FAILS(call, want) do {						\
	struct cb_error err_ = CB_ERROR_INIT;				\
	int rc_ = (call);						\
	check_rc(rc_, (want), &err_, #call);				\
	cb_error_release(&err_);					\
} while (0)

/* ---------------------------------------------------------------- rng */

struct rng {
	uint64_t s;
};

static uint32_t
rnd(struct rng *r)
{
	/* xorshift64* */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (uint32_t)((r->s * 2685821657736338717ULL) >> 32);
}

static uint32_t
below(struct rng *r, uint32_t n)
{
	return n ? rnd(r) % n : 0;
}

static bool
chance(struct rng *r, uint32_t percent)
{
	return below(r, 100) < percent;
}

/* ------------------------------------------------------------ helpers */

static const struct stats_bands bands4 = { { 30, 40, 50, 60 }, 4 };

static int64_t
add_org(struct store *st, const char *code, enum org_kind kind,
    int64_t parent, bool closed)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org o;
	int64_t id;

	org_init(&o);
	o.kind = kind;
	o.name = strdup(code);
	o.code = strdup(code);
	o.parent_id = parent;
	SET(o.valid_from, "2000-01-01");
	if (closed)
		SET(o.valid_to, "2024-12-31");
	check_rc(store_org_insert(st, &o, &err), 0, &err, code);
	id = o.id;
	org_release(&o);
	return id;
}

static int64_t
add_member(struct store *st, int64_t org, const char *birth,
    enum member_status status, enum gender g, const char *eth,
    const char *theory, enum member_state state, const char *exempt)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	int64_t id;

	member_init(&m);
	m.full_name = strdup("Nguyễn Văn Thử");
	m.org_id = org;
	m.gender = g;
	m.status = status;
	m.state = state;
	SET(m.birth_date, birth ? birth : "");
	SET(m.admitted_on, "2010-01-01");
	SET(m.exempt_since, exempt ? exempt : "");
	m.ethnicity = eth ? strdup(eth) : NULL;
	m.theory_level = theory ? strdup(theory) : NULL;
	check_rc(store_member_insert(st, &m, &err), 0, &err, "member");
	id = m.id;
	member_release(&m);
	return id;
}

/* ------------------------------------------------------------ recount */

struct eth_n {
	char	*name;
	int64_t	 n;
};

struct counted {
	int64_t		 id;
	int64_t		 parent_id;
	bool		 open;
	enum org_kind	 kind;
	struct stat_vec	 c;
	struct eth_n	*eth;
	size_t		 neth;
	/* direct members and open children, for store_org_counts */
	int64_t		 direct;
	int64_t		 children;
};

struct recount {
	struct counted	*o;
	size_t		 n;
	const char	*on;
	const struct stats_bands *b;
};

static struct counted *
rc_find(struct recount *r, int64_t id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->o[i].id == id)
			return &r->o[i];
	return NULL;
}

/* The test's own age: whole years, birthday-exact. */
static int
age_on(const char *birth, const char *on)
{
	int by, bm, bd, y, m, d;

	assert_int_equal(sscanf(birth, "%d-%d-%d", &by, &bm, &bd), 3);
	assert_int_equal(sscanf(on, "%d-%d-%d", &y, &m, &d), 3);
	return y - by - (m < bm || (m == bm && d < bd) ? 1 : 0);
}

static void
eth_add(struct counted *c, const char *name, int64_t n)
{
	size_t i;

	for (i = 0; i < c->neth; i++)
		if (strcmp(c->eth[i].name, name) == 0) {
			c->eth[i].n += n;
			return;
		}
	c->eth = realloc(c->eth, (c->neth + 1) * sizeof(*c->eth));
	assert_non_null(c->eth);
	c->eth[c->neth].name = strdup(name);
	c->eth[c->neth].n = n;
	c->neth++;
}

static int
count_member(const struct member *m, void *arg)
{
	struct recount *r = arg;
	struct counted *c;
	int64_t id;
	int band = -1;
	size_t i;

	if (m->state != MSTATE_ACTIVE || m->org_id == 0)
		return 0;
	if (m->birth_date[0] != '\0') {
		int age = age_on(m->birth_date, r->on);

		band = 0;
		for (i = 0; i < r->b->n; i++)
			if (age >= r->b->edges[i])
				band = (int)i + 1;
	}
	if ((c = rc_find(r, m->org_id)) != NULL)
		c->direct++;
	for (id = m->org_id; id != 0; id = c->parent_id) {
		c = rc_find(r, id);
		assert_non_null(c);
		c->c.v[STAT_MEMBERS]++;
		if (m->status == MSTATUS_OFFICIAL)
			c->c.v[STAT_OFFICIAL]++;
		if (m->status == MSTATUS_PROBATIONARY)
			c->c.v[STAT_PROBATIONARY]++;
		if (m->gender == GENDER_MALE)
			c->c.v[STAT_MALE]++;
		if (m->gender == GENDER_FEMALE)
			c->c.v[STAT_FEMALE]++;
		if (m->exempt_since[0])
			c->c.v[STAT_EXEMPTED]++;
		c->c.v[band < 0 ? STAT_AGE_UNKNOWN : STAT_AGE_0 + band]++;
		c->c.v[STAT_THEORY_0 + stats_theory_level(m->theory_level)]++;
		eth_add(c, m->ethnicity ? m->ethnicity : "", 1);
	}
	return 0;
}

static void
recount_release(struct recount *r)
{
	size_t i, k;

	for (i = 0; i < r->n; i++) {
		for (k = 0; k < r->o[i].neth; k++)
			free(r->o[i].eth[k].name);
		free(r->o[i].eth);
	}
	free(r->o);
	memset(r, 0, sizeof(*r));
}

/* Counts everything from the rows, as of on. */
static void
recount(struct store *st, const char *on, const struct stats_bands *b,
    struct recount *r)
{
	struct org_query oq = { .include_closed = true };
	struct member_query mq;
	struct org_list l = { 0 };
	size_t i;

	memset(r, 0, sizeof(*r));
	r->on = on;
	r->b = b;
	OK(store_org_list(st, &oq, &l, &err_));
	r->o = calloc(l.n + 1, sizeof(*r->o));
	assert_non_null(r->o);
	r->n = l.n;
	for (i = 0; i < l.n; i++) {
		r->o[i].id = l.items[i].id;
		r->o[i].parent_id = l.items[i].parent_id;
		r->o[i].kind = l.items[i].kind;
		r->o[i].open = l.items[i].valid_to[0] == '\0';
	}
	for (i = 0; i < l.n; i++) {
		struct counted *c;
		int64_t id;

		if (!r->o[i].open)
			continue;
		if (r->o[i].parent_id != 0)
			rc_find(r, r->o[i].parent_id)->children++;
		for (id = r->o[i].id; id != 0; id = c->parent_id) {
			c = rc_find(r, id);
			c->c.v[STAT_ORG_0 + r->o[i].kind - 1]++;
		}
	}
	org_list_release(&l);
	memset(&mq, 0, sizeof(mq));
	mq.state = MEMBER_STATE_ANY;
	mq.sort = MSORT_ID;
	OK(store_member_each(st, &mq, count_member, r, &err_));
}

/* Every organisation's figures (and counts) equal the recount. */
static void
assert_figures(struct store *st, const char *on, const struct stats_bands *b,
    const char *what)
{
	struct recount r;
	size_t i, k, j;

	recount(st, on, b, &r);
	for (i = 0; i < r.n; i++) {
		struct counted *c = &r.o[i];
		struct org_counts oc;
		struct org_stats s;
		size_t nz = 0;

		org_stats_init(&s);
		OK(store_org_stats(st, c->id, &s, &err_));
		assert_string_equal(s.as_of, on);
		assert_true(stats_bands_equal(&s.bands, b));
		for (k = 0; k < STAT__MAX; k++)
			if (s.c.v[k] != c->c.v[k]) {
				fprintf(stderr, "%s: org %lld %s: %lld, recount "
				    "%lld\n", what, (long long)c->id,
				    stat_col_name((enum stat_col)k),
				    (long long)s.c.v[k],
				    (long long)c->c.v[k]);
				fail();
			}
		for (k = 0; k < c->neth; k++) {
			if (c->eth[k].n == 0)
				continue;
			nz++;
			for (j = 0; j < s.neth; j++)
				if (strcmp(s.eth[j].name, c->eth[k].name) == 0)
					break;
			if (j == s.neth || s.eth[j].n != c->eth[k].n) {
				fprintf(stderr, "%s: org %lld ethnicity '%s': "
				    "%lld, recount %lld\n", what,
				    (long long)c->id, c->eth[k].name,
				    j == s.neth ? 0LL : (long long)s.eth[j].n,
				    (long long)c->eth[k].n);
				fail();
			}
		}
		assert_int_equal(s.neth, nz);
		for (j = 1; j < s.neth; j++)
			assert_true(s.eth[j - 1].n >= s.eth[j].n);
		org_stats_release(&s);
		/* The organisation's counts come from the same figures. */
		OK(store_org_counts(st, c->id, &oc, &err_));
		assert_int_equal(oc.direct, c->direct);
		assert_int_equal(oc.subtree, c->c.v[STAT_MEMBERS]);
		assert_int_equal(oc.subtree_official, c->c.v[STAT_OFFICIAL]);
		assert_int_equal(oc.subtree_probationary,
		    c->c.v[STAT_PROBATIONARY]);
		assert_int_equal(oc.children, c->children);
		{
			int64_t open = 0;

			for (k = STAT_ORG_0; k <= STAT_ORG_LAST; k++)
				open += c->c.v[k];
			assert_int_equal(oc.descendants, open - (c->open ?
			    1 : 0));
		}
	}
	recount_release(&r);
}

/* -------------------------------------------------------- random mix */

static const char *const eths[] = { "Kinh", "Tày", "Thái", "Mường",
	"Khmer", "Ê Đê", "", NULL };
static const char *const theories[] = { NULL, "", "  ", "Sơ cấp",
	"Trung cấp", "Cao cấp", "Cử nhân chính trị", "CC", "TC",
	"Chưa qua đào tạo", "Cao cấp lý luận chính trị", "Tiến sĩ",
	"cao cap", "Cu nhan" };

struct world {
	struct store	*st;
	struct rng	 r;
	int64_t		*orgs;
	size_t		 norgs;
	int64_t		*members;	/* not deleted */
	size_t		 nmembers;
	int		 code;		/* next org code */
	const char	*on;		/* the clock's date */
};

static int64_t
pick_org(struct world *w)
{
	return w->orgs[below(&w->r, (uint32_t)w->norgs)];
}

/* A birth date: mostly random, some on and around the edges of the
 * clock's date, some 29 February, some unknown. */
static void
rand_birth(struct world *w, char out[DATE_LEN])
{
	int y, m, d, k = (int)below(&w->r, 20);

	if (k == 0) {
		out[0] = '\0';
		return;
	}
	if (k == 1) {
		static const char *const leap[] = { "1996-02-29",
		    "1988-02-29", "1976-02-29", "1968-02-29", "1998-02-28",
		    "1998-03-01" };

		snprintf(out, DATE_LEN, "%s",
		    leap[below(&w->r, N_ELEMS(leap))]);
		return;
	}
	if (k <= 4) {
		/* Near an edge of the clock's date: e years back, +- a few
		 * days. */
		int e = bands4.edges[below(&w->r, 4)], dd;
		struct date base, x;

		assert_int_equal(date_parse_iso(w->on, &base), 0);
		base.y -= e;
		if (base.m == 2 && base.d == 29)
			base.d = 28;
		dd = (int)below(&w->r, 7) - 3;
		x = date_add_days(&base, dd);
		date_format_iso(&x, out);
		return;
	}
	y = 1935 + (int)below(&w->r, 75);
	m = 1 + (int)below(&w->r, 12);
	d = 1 + (int)below(&w->r, 28);
	{
		struct date x = { y, m, d };

		date_format_iso(&x, out);
	}
}

static void
rand_member(struct world *w, struct member *m)
{
	const char *e = eths[below(&w->r, N_ELEMS(eths))];
	const char *t = theories[below(&w->r, N_ELEMS(theories))];

	m->org_id = pick_org(w);
	m->gender = below(&w->r, 10) == 0 ? GENDER_NONE :
	    chance(&w->r, 50) ? GENDER_MALE : GENDER_FEMALE;
	m->status = below(&w->r, 10) == 0 ? MSTATUS_NONE :
	    chance(&w->r, 80) ? MSTATUS_OFFICIAL : MSTATUS_PROBATIONARY;
	m->state = chance(&w->r, 85) ? MSTATE_ACTIVE :
	    (enum member_state)(1 + below(&w->r, MSTATE__MAX - 1));
	rand_birth(w, m->birth_date);
	SET(m->exempt_since, chance(&w->r, 10) ? "2020-05-01" : "");
	free(m->ethnicity);
	m->ethnicity = e ? strdup(e) : NULL;
	free(m->theory_level);
	m->theory_level = t ? strdup(t) : NULL;
}

static void
op_member_create(struct world *w)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;

	member_init(&m);
	m.full_name = strdup("Trần Thị Ngẫu Nhiên");
	SET(m.admitted_on, "2015-06-01");
	rand_member(w, &m);
	check_rc(store_member_insert(w->st, &m, &err), 0, &err, "create");
	w->members = realloc(w->members, (w->nmembers + 1) *
	    sizeof(*w->members));
	assert_non_null(w->members);
	w->members[w->nmembers++] = m.id;
	member_release(&m);
}

static void
op_member_edit(struct world *w)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m, r;
	int64_t id;

	if (w->nmembers == 0)
		return;
	id = w->members[below(&w->r, (uint32_t)w->nmembers)];
	member_init(&m);
	member_init(&r);
	check_rc(store_member_get(w->st, id, &m, &err), 0, &err, "get");
	rand_member(w, &r);
	/* One to three fields change, sometimes none that counts. */
	switch (below(&w->r, 10)) {
	case 0:
		m.org_id = r.org_id;
		break;
	case 1:
		m.state = r.state;
		break;
	case 2:
		m.status = r.status;
		m.gender = r.gender;
		break;
	case 3:
		SET(m.birth_date, r.birth_date);
		break;
	case 4:
		SET(m.exempt_since, r.exempt_since);
		break;
	case 5:
		free(m.ethnicity);
		m.ethnicity = r.ethnicity;
		r.ethnicity = NULL;
		break;
	case 6:
		free(m.theory_level);
		m.theory_level = r.theory_level;
		r.theory_level = NULL;
		break;
	case 7:
		free(m.job_title);
		m.job_title = strdup("Bí thư");
		break;
	default:
		rand_member(w, &m);
		break;
	}
	check_rc(store_member_update(w->st, &m, 0, &err), 0, &err, "edit");
	member_release(&m);
	member_release(&r);
}

static void
op_member_delete(struct world *w)
{
	struct cb_error err = CB_ERROR_INIT;
	size_t i;

	if (w->nmembers == 0)
		return;
	i = below(&w->r, (uint32_t)w->nmembers);
	check_rc(store_member_delete(w->st, w->members[i], 0, &err), 0, &err,
	    "delete");
	w->members[i] = w->members[--w->nmembers];
}

static void
op_org_create(struct world *w)
{
	char code[32];
	int64_t id;

	snprintf(code, sizeof(code), "O%d", ++w->code);
	id = add_org(w->st, code, (enum org_kind)(1 + below(&w->r, 8)),
	    chance(&w->r, 10) ? 0 : pick_org(w), chance(&w->r, 10));
	w->orgs = realloc(w->orgs, (w->norgs + 1) * sizeof(*w->orgs));
	assert_non_null(w->orgs);
	w->orgs[w->norgs++] = id;
}

static void
op_org_change(struct world *w)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org o, p;
	int rc;

	org_init(&o);
	org_init(&p);
	check_rc(store_org_get(w->st, pick_org(w), &o, &err), 0, &err,
	    "org get");
	switch (below(&w->r, 4)) {
	case 0:
		o.kind = (enum org_kind)(1 + below(&w->r, 8));
		break;
	case 1:
		if (o.valid_to[0])
			o.valid_to[0] = '\0';
		else
			SET(o.valid_to, "2025-12-31");
		break;
	default:
		/* A move with its subtree, to the top now and then. */
		if (chance(&w->r, 10)) {
			o.parent_id = 0;
			break;
		}
		check_rc(store_org_get(w->st, pick_org(w), &p, &err), 0, &err,
		    "org get");
		if (strncmp(p.path, o.path, strlen(o.path)) == 0)
			goto out;	/* would be its own descendant */
		o.parent_id = p.id;
		if (chance(&w->r, 30))
			o.kind = (enum org_kind)(1 + below(&w->r, 8));
		break;
	}
	rc = store_org_update(w->st, &o, 0, &err);
	check_rc(rc, 0, &err, "org update");
out:
	org_release(&o);
	org_release(&p);
}

/* A merge as svc does it: the members, then the open children, move to
 * another organisation, and the first closes. */
static void
op_org_merge(struct world *w)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_query q;
	struct org_list kids = { 0 };
	struct org a, b;
	int64_t n;
	size_t i;

	org_init(&a);
	org_init(&b);
	check_rc(store_org_get(w->st, pick_org(w), &a, &err), 0, &err, "a");
	check_rc(store_org_get(w->st, pick_org(w), &b, &err), 0, &err, "b");
	if (a.id == b.id || strncmp(b.path, a.path, strlen(a.path)) == 0)
		goto out;
	OK(store_begin(w->st, &err_));
	check_rc(store_org_move_members(w->st, a.id, b.id, &n, &err), 0,
	    &err, "move members");
	memset(&q, 0, sizeof(q));
	q.parent_id = a.id;
	OK(store_org_list(w->st, &q, &kids, &err_));
	for (i = 0; i < kids.n; i++) {
		kids.items[i].parent_id = b.id;
		OK(store_org_update(w->st, &kids.items[i], 0, &err_));
	}
	SET(a.valid_to, "2025-06-30");
	OK(store_org_update(w->st, &a, 0, &err_));
	OK(store_commit(w->st, &err_));
	org_list_release(&kids);
out:
	org_release(&a);
	org_release(&b);
}

static void
one_op(struct world *w)
{
	uint32_t k = below(&w->r, 100);

	if (k < 30)
		op_member_create(w);
	else if (k < 60)
		op_member_edit(w);
	else if (k < 68)
		op_member_delete(w);
	else if (k < 76)
		op_org_create(w);
	else if (k < 92)
		op_org_change(w);
	else if (k < 97)
		op_org_merge(w);
	else {
		/* Members of one organisation moved to another, alone. */
		int64_t n;

		OK(store_org_move_members(w->st, pick_org(w), pick_org(w), &n,
		    &err_));
	}
}

/* After a rolled back batch: the members as stored. */
static void
reload_members(struct world *w)
{
	struct member_query mq;
	struct member_page p = { 0 };
	char *cursor = NULL;

	memset(&mq, 0, sizeof(mq));
	mq.state = MEMBER_STATE_ANY;
	mq.sort = MSORT_ID;
	mq.limit = 1000;
	free(w->members);
	w->members = NULL;
	w->nmembers = 0;
	do {
		size_t i;

		mq.cursor = cursor;
		OK(store_member_list(w->st, &mq, &p, &err_));
		w->members = realloc(w->members, (w->nmembers + p.n + 1) *
		    sizeof(*w->members));
		assert_non_null(w->members);
		for (i = 0; i < p.n; i++)
			w->members[w->nmembers++] = p.items[i].id;
		free(cursor);
		cursor = p.next_cursor;
		p.next_cursor = NULL;
	} while (cursor != NULL);
	member_page_release(&p);
}

static void
reload_orgs(struct world *w)
{
	struct org_query oq = { .include_closed = true };
	struct org_list l = { 0 };
	size_t i;

	OK(store_org_list(w->st, &oq, &l, &err_));
	free(w->orgs);
	w->orgs = calloc(l.n + 1, sizeof(*w->orgs));
	assert_non_null(w->orgs);
	for (i = 0; i < l.n; i++)
		w->orgs[i] = l.items[i].id;
	w->norgs = l.n;
	org_list_release(&l);
}

static void
test_random_mix(void **state)
{
	struct fx *f = *state;
	struct world w;
	static const char *const days[] = { "2026-01-01", "2026-02-28",
	    "2026-03-01", "2028-02-28", "2028-02-29", "2028-03-01",
	    "2025-06-15", "2036-01-01", "2031-07-20", "2026-01-01" };
	size_t batch, i;

	memset(&w, 0, sizeof(w));
	w.st = f->st;
	w.r.s = seed;
	w.on = days[0];
	OK(store_stats_prepare(f->st, w.on, &bands4, &err_));
	/* A small national tree. */
	{
		int64_t root = add_org(f->st, "TW", ORG_CENTRAL, 0, false);
		int64_t p[3], g[6];

		w.orgs = calloc(64, sizeof(*w.orgs));
		w.orgs[w.norgs++] = root;
		for (i = 0; i < 3; i++) {
			char code[16];

			snprintf(code, sizeof(code), "P%zu", i);
			w.orgs[w.norgs++] = p[i] = add_org(f->st, code,
			    ORG_PROVINCE, root, false);
		}
		for (i = 0; i < 6; i++) {
			char code[16];

			snprintf(code, sizeof(code), "G%zu", i);
			w.orgs[w.norgs++] = g[i] = add_org(f->st, code,
			    ORG_GRASSROOTS, p[i % 3], false);
		}
		for (i = 0; i < 18; i++) {
			char code[16];

			snprintf(code, sizeof(code), "C%zu", i);
			w.orgs[w.norgs++] = add_org(f->st, code, ORG_CELL,
			    g[i % 6], i == 17);
		}
	}
	for (i = 0; i < 150; i++)
		op_member_create(&w);
	assert_figures(f->st, w.on, &bands4, "seeded");
	for (batch = 0; batch < 10; batch++) {
		char what[64];
		bool undo = batch % 4 == 2;

		/* Some batches in one transaction, one of them rolled back
		 * (the figures go back with the rows). */
		if (undo || batch % 4 == 1)
			OK(store_begin(f->st, &err_));
		for (i = 0; i < 60; i++)
			one_op(&w);
		if (undo) {
			store_rollback(f->st);
			reload_members(&w);
			reload_orgs(&w);
		} else if (batch % 4 == 1) {
			OK(store_commit(f->st, &err_));
		}
		snprintf(what, sizeof(what), "batch %zu", batch);
		assert_figures(f->st, w.on, &bands4, what);
		/* Another day: the age bands move, and must equal a count
		 * made on that day. */
		w.on = days[(batch + 1) % N_ELEMS(days)];
		OK(store_stats_prepare(f->st, w.on, &bands4, &err_));
		snprintf(what, sizeof(what), "batch %zu on %s", batch, w.on);
		assert_figures(f->st, w.on, &bands4, what);
		/* Now and then the rebuild, which must find the same. */
		if (batch % 3 == 2) {
			OK(store_stats_rebuild(f->st, &err_));
			snprintf(what, sizeof(what), "rebuild %zu", batch);
			assert_figures(f->st, w.on, &bands4, what);
		}
	}
	free(w.orgs);
	free(w.members);
}

/* ---------------------------------------------------------- rollover */

static void
band_of(struct store *st, int64_t org, int64_t want[6])
{
	struct org_stats s;
	size_t i;

	org_stats_init(&s);
	OK(store_org_stats(st, org, &s, &err_));
	for (i = 0; i < 5; i++)
		if (s.c.v[STAT_AGE_0 + i] != want[i]) {
			fprintf(stderr, "as of %s band %zu: %lld, want %lld\n",
			    s.as_of, i, (long long)s.c.v[STAT_AGE_0 + i],
			    (long long)want[i]);
			fail();
		}
	assert_int_equal(s.c.v[STAT_AGE_UNKNOWN], want[5]);
	org_stats_release(&s);
}

static void
test_rollover(void **state)
{
	struct fx *f = *state;
	int64_t root, cell;

	/* Written before the figures exist: counted by the first build. */
	root = add_org(f->st, "R", ORG_PROVINCE, 0, false);
	cell = add_org(f->st, "C", ORG_CELL, root, false);
	/* 30 on 2026-03-10; 30 tomorrow; 29 February: 30 on 2026-03-01. */
	add_member(f->st, cell, "1996-03-10", MSTATUS_OFFICIAL, GENDER_MALE,
	    "Kinh", NULL, MSTATE_ACTIVE, NULL);
	add_member(f->st, cell, "1996-03-11", MSTATUS_OFFICIAL, GENDER_MALE,
	    "Kinh", NULL, MSTATE_ACTIVE, NULL);
	add_member(f->st, cell, "1996-02-29", MSTATUS_OFFICIAL, GENDER_FEMALE,
	    "Tày", NULL, MSTATE_ACTIVE, NULL);
	/* 59 until 2026-12-31, then 60+. */
	add_member(f->st, cell, "1966-12-31", MSTATUS_PROBATIONARY,
	    GENDER_FEMALE, "Tày", "Cao cấp", MSTATE_ACTIVE, "2024-01-01");
	add_member(f->st, cell, NULL, MSTATUS_OFFICIAL, GENDER_MALE, NULL,
	    NULL, MSTATE_ACTIVE, NULL);
	{
		struct org_stats s;

		org_stats_init(&s);
		FAILS(store_org_stats(f->st, root, &s, &err_), -CB_EINVAL);
		org_stats_release(&s);
	}
	OK(store_stats_prepare(f->st, "2026-02-28", &bands4, &err_));
	band_of(f->st, root, (int64_t[]){ 3, 0, 0, 1, 0, 1 });
	assert_figures(f->st, "2026-02-28", &bands4, "2026-02-28");
	OK(store_stats_prepare(f->st, "2026-03-01", &bands4, &err_));
	band_of(f->st, root, (int64_t[]){ 2, 1, 0, 1, 0, 1 });
	OK(store_stats_prepare(f->st, "2026-03-10", &bands4, &err_));
	band_of(f->st, cell, (int64_t[]){ 1, 2, 0, 1, 0, 1 });
	OK(store_stats_prepare(f->st, "2026-03-11", &bands4, &err_));
	band_of(f->st, cell, (int64_t[]){ 0, 3, 0, 1, 0, 1 });
	/* Written on the clock's date: in the band of that date. */
	add_member(f->st, cell, "1996-03-12", MSTATUS_OFFICIAL, GENDER_MALE,
	    "Kinh", NULL, MSTATE_ACTIVE, NULL);
	band_of(f->st, cell, (int64_t[]){ 1, 3, 0, 1, 0, 1 });
	OK(store_stats_prepare(f->st, "2027-01-01", &bands4, &err_));
	band_of(f->st, root, (int64_t[]){ 0, 4, 0, 0, 1, 1 });
	assert_figures(f->st, "2027-01-01", &bands4, "2027-01-01");
	/* Back in time. */
	OK(store_stats_prepare(f->st, "2026-02-28", &bands4, &err_));
	band_of(f->st, root, (int64_t[]){ 4, 0, 0, 1, 0, 1 });
	assert_figures(f->st, "2026-02-28", &bands4, "back");
	/* Forty years on: several edges crossed at once. */
	OK(store_stats_prepare(f->st, "2066-03-11", &bands4, &err_));
	band_of(f->st, root, (int64_t[]){ 0, 0, 0, 0, 5, 1 });
	assert_figures(f->st, "2066-03-11", &bands4, "2066");
	/* Other edges: built again. */
	{
		static const struct stats_bands b2 = { { 35, 45 }, 2 };
		char as_of[DATE_LEN];
		struct stats_bands got;

		OK(store_stats_prepare(f->st, "2026-03-11", &b2, &err_));
		OK(store_stats_clock(f->st, as_of, &got, &err_));
		assert_string_equal(as_of, "2026-03-11");
		assert_true(stats_bands_equal(&got, &b2));
		band_of(f->st, root, (int64_t[]){ 4, 0, 1, 0, 0, 1 });
		assert_figures(f->st, "2026-03-11", &b2, "b2");
	}
}

/* --------------------------------------------------------- principals */

static void
grant_on(struct store *st, struct principal *p, enum role role, int64_t org)
{
	struct cb_error err = CB_ERROR_INIT;
	struct grant g;
	struct org o;

	org_init(&o);
	check_rc(store_org_get(st, org, &o, &err), 0, &err, "grant org");
	memset(&g, 0, sizeof(g));
	g.role = role;
	g.org_id = org;
	g.org_path = o.path;
	assert_int_equal(principal_add_grant(p, &g), 0);
	org_release(&o);
}

static void
test_principals(void **state)
{
	struct fx *f = *state;
	struct principal viewer, member, office;
	struct org_stats s;
	int64_t root, a, b, ma, mb;

	OK(store_stats_prepare(f->st, "2026-01-01", &bands4, &err_));
	root = add_org(f->st, "R", ORG_GRASSROOTS, 0, false);
	a = add_org(f->st, "A", ORG_CELL, root, false);
	b = add_org(f->st, "B", ORG_CELL, root, false);
	ma = add_member(f->st, a, "1980-01-01", MSTATUS_OFFICIAL, GENDER_MALE,
	    "Kinh", NULL, MSTATE_ACTIVE, NULL);
	mb = add_member(f->st, b, "1980-01-01", MSTATUS_OFFICIAL, GENDER_MALE,
	    "Kinh", NULL, MSTATE_ACTIVE, NULL);
	(void)mb;
	principal_init(&viewer);
	viewer.username = strdup("xem");
	viewer.user_id = 1;
	grant_on(f->st, &viewer, ROLE_VIEWER, a);
	principal_init(&member);
	member.username = strdup("dv");
	member.user_id = 2;
	member.member_id = ma;
	grant_on(f->st, &member, ROLE_MEMBER, a);
	principal_init(&office);
	office.username = strdup("vp");
	office.user_id = 3;
	grant_on(f->st, &office, ROLE_OFFICE, a);
	org_stats_init(&s);

	store_set_principal(f->st, &viewer);
	OK(store_org_stats(f->st, a, &s, &err_));
	assert_int_equal(s.c.v[STAT_MEMBERS], 1);
	FAILS(store_org_stats(f->st, b, &s, &err_), -CB_ENOTFOUND);
	FAILS(store_org_stats(f->st, root, &s, &err_), -CB_ENOTFOUND);
	/* Moving the clock and rebuilding are the system's. */
	FAILS(store_stats_prepare(f->st, "2026-01-02", &bands4, &err_),
	    -CB_EPERM);
	FAILS(store_stats_rebuild(f->st, &err_), -CB_EPERM);
	assert_false(store_stmt_allowed(&viewer, STMT_STAT_ADD));
	assert_false(store_stmt_allowed(&viewer, STMT_STAT_ROLL));
	assert_true(store_stmt_allowed(&viewer, STMT_STAT_GET));

	store_set_principal(f->st, &member);
	FAILS(store_org_stats(f->st, a, &s, &err_), -CB_EPERM);
	FAILS(store_org_stats(f->st, b, &s, &err_), -CB_ENOTFOUND);
	assert_false(store_stmt_allowed(&member, STMT_STAT_GET));

	/* An office keeps the figures with its writes. */
	store_set_principal(f->st, &office);
	add_member(f->st, a, "2000-01-01", MSTATUS_PROBATIONARY,
	    GENDER_FEMALE, "Tày", "Sơ cấp", MSTATE_ACTIVE, NULL);
	OK(store_org_stats(f->st, a, &s, &err_));
	assert_int_equal(s.c.v[STAT_MEMBERS], 2);
	assert_int_equal(s.c.v[STAT_THEORY_0 + THEORY_ELEMENTARY], 1);
	store_set_principal(f->st, NULL);
	OK(store_org_stats(f->st, root, &s, &err_));
	assert_int_equal(s.c.v[STAT_MEMBERS], 3);
	assert_int_equal(s.c.v[STAT_ORG_0 + ORG_CELL - 1], 2);
	assert_int_equal(s.c.v[STAT_ORG_0 + ORG_GRASSROOTS - 1], 1);
	assert_int_equal(s.neth, 2);
	assert_string_equal(s.eth[0].name, "Kinh");
	assert_int_equal(s.eth[0].n, 2);
	org_stats_release(&s);
	principal_release(&viewer);
	principal_release(&member);
	principal_release(&office);
	assert_figures(f->st, "2026-01-01", &bands4, "principals");
}

/* -------------------------------------------------------- concurrency */

struct worker {
	const char	*url;
	int64_t		 cell;
	int		 n;
	int		 roll;		/* moves the clock instead */
	int		 rc;
};

static void *
work(void *arg)
{
	struct worker *wk = arg;
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	int i;

	if ((wk->rc = store_open(wk->url, &st, &err)) != 0)
		goto out;
	for (i = 0; i < wk->n && wk->rc == 0; i++) {
		struct member m;

		if (wk->roll) {
			wk->rc = store_stats_prepare(st, i % 2 ? "2026-06-01" :
			    "2026-01-01", &bands4, &err);
			continue;
		}
		member_init(&m);
		m.full_name = strdup("Đồng Thời");
		m.org_id = wk->cell;
		m.gender = GENDER_MALE;
		m.status = MSTATUS_OFFICIAL;
		SET(m.birth_date, i % 3 ? "1996-03-01" : "1986-04-01");
		SET(m.admitted_on, "2020-01-01");
		m.ethnicity = strdup(i % 2 ? "Kinh" : "Mường");
		if ((wk->rc = store_member_insert(st, &m, &err)) == 0 &&
		    i % 4 == 0) {
			SET(m.birth_date, "1976-01-01");
			wk->rc = store_member_update(st, &m, 0, &err);
		}
		if (wk->rc == 0 && i % 5 == 0)
			wk->rc = store_member_delete(st, m.id, 0, &err);
		member_release(&m);
	}
out:
	if (wk->rc != 0)
		fprintf(stderr, "worker: %s %s\n", err.mcode ? err.mcode : "",
		    err.detail ? err.detail : "");
	cb_error_release(&err);
	store_close(st);
	return NULL;
}

static void
test_concurrent(void **state)
{
	struct fx *f = *state;
	struct worker wk[5];
	pthread_t t[5];
	int64_t root, g, cells[4];
	char as_of[DATE_LEN];
	struct stats_bands b;
	size_t i;

	OK(store_stats_prepare(f->st, "2026-01-01", &bands4, &err_));
	root = add_org(f->st, "R", ORG_PROVINCE, 0, false);
	g = add_org(f->st, "G", ORG_GRASSROOTS, root, false);
	for (i = 0; i < 4; i++) {
		char code[8];

		snprintf(code, sizeof(code), "C%zu", i);
		cells[i] = add_org(f->st, code, ORG_CELL, i % 2 ? g : root,
		    false);
	}
	for (i = 0; i < 5; i++) {
		memset(&wk[i], 0, sizeof(wk[i]));
		wk[i].url = f->url;
		wk[i].cell = cells[i % 4];
		wk[i].n = i == 4 ? 12 : 40;
		wk[i].roll = i == 4;
		assert_int_equal(pthread_create(&t[i], NULL, work, &wk[i]), 0);
	}
	for (i = 0; i < 5; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(wk[i].rc, 0);
	}
	OK(store_stats_clock(f->st, as_of, &b, &err_));
	assert_figures(f->st, as_of, &bands4, "concurrent");
}

/* ------------------------------------------------------- statements */

static void
test_statements(void **state)
{
	struct fx *f = *state;
	int id;

	for (id = STMT_STAT_CLOCK_LOCK; id <= STMT_ORG_COUNTS_STAT; id++) {
		struct cb_error err = CB_ERROR_INIT;
		int rc = store_stmt_prepare(f->st, id, &err);

		if (rc != 0)
			fprintf(stderr, "statement %d: %s\n", id,
			    err.detail ? err.detail : "?");
		assert_int_equal(rc, 0);
		assert_int_not_equal(store_stmt_gate(id), 0);
		cb_error_release(&err);
	}
	/* The store's columns are core's, in order. */
	{
#define NAME(c, n) #c,
		static const char *const cols[] = { STAT_COLS(NAME) };
#undef NAME
		size_t i;

		assert_int_equal(N_ELEMS(cols), STAT__MAX);
		for (i = 0; i < N_ELEMS(cols); i++)
			assert_string_equal(cols[i],
			    stat_col_name((enum stat_col)i));
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_statements, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rollover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_principals, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_random_mix, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_concurrent, setup,
		    teardown),
	};
	const char *s = getenv("CHIBO_TEST_SEED");

	backend = test_backend(argc, argv);
	if (s != NULL && *s != '\0')
		seed = strtoull(s, NULL, 10);
	fprintf(stderr, "test-stats %s: seed %llu\n", backend,
	    (unsigned long long)seed);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
