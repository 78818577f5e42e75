/*
 * ftsq.c - how fast SQLite FTS5 gives the complete candidate set of a
 * search (docs/performance.md, "FTS5 as the candidate index, measured").
 *
 *   ftsq FTSDB MEMBERDB QUERIES [CAP] > DUMP
 *
 * FTSDB holds a contentless FTS5 table f(name_fold) whose rowids are the
 * member ids (build.sh); MEMBERDB the extract's member(id, name_fold,
 * given_fold, sort_key, state) (extract.sql).  For each query (one a
 * line, already folded), split into its first six words as
 * store-member.c's query_words() does:
 *
 *   a. the FTS5 AND of every query word as a prefix term
 *      ('"ngo"* AND "minh"* AND "ngoc"*'): every docid, counted and kept;
 *   b. the same stopped after CAP + 1 docids (default 2,000);
 *   c. when the candidates are at most CAP: each candidate's name_fold,
 *      given_fold and sort_key fetched by id from member (c1), checked by
 *      chibo_qwords' rule -- each query word starts at least as many words
 *      of the name as the query words it starts (c2) --, and the matches
 *      ranked as the list ranks them (0: the name starts with the whole
 *      query, 1: the given-name-first form does, 2: the rest) and sorted
 *      by (rank, sort_key, id) (c3): the whole first page of the search.
 *
 * FTSQ_NO_FULL=1 in the environment skips a. (to count the
 * instructions of b and c alone under callgrind: --toggle-collect=one);
 * FTSQ_CACHE=N sets PRAGMA cache_size of both files (default: SQLite's,
 * as chibo's).
 *
 * One untimed pass over the queries, then one timed pass.  Prints one
 * line a query (tab-separated): query, words, candidates, a_us, b_us,
 * c1_us, c2_us, c3_us (wall clock), the same five in the thread's CPU
 * time, matches, then the first 50 ids of the page (c) or "-" when the
 * candidates were more than CAP.
 *
 *   cc -O2 -Wall -Wextra -o ftsq ftsq.c -lsqlite3
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define QW_MAX 6
#define PAGE 50

struct cand {
	int64_t id;
	int rank;
	int klen;
	unsigned char key[128];
	char name[128];
	char given[128];
};

static sqlite3 *db;
static sqlite3_stmt *s_match, *s_member;
static int64_t *ids;
static size_t ids_cap;
static struct cand *cands, **order;
static int no_full;

static void
die(const char *what)
{
	fprintf(stderr, "ftsq: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
	exit(1);
}

static double
clock_us(clockid_t id)
{
	struct timespec t;

	clock_gettime(id, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* Whether w starts the word of c at byte p (p == 0 or after a space). */
static int
starts_at(const char *c, size_t cn, size_t p, const char *w, size_t wn)
{
	return p + wn <= cn && memcmp(c + p, w, wn) == 0;
}

/* chibo_qwords (src/store/sqlite/backend.c), on a C string. */
static int
qwords(const char *c, char **w, const int *need, int nw)
{
	size_t cn = strlen(c), wn, p;
	const char *sp;
	int i, got, n;

	for (i = 0; i < nw; i++) {
		wn = strlen(w[i]);
		n = need[i] < 1 ? 1 : need[i];
		got = 0;
		for (p = 0; p <= cn && got < n;) {
			if (starts_at(c, cn, p, w[i], wn))
				got++;
			if ((sp = memchr(c + p, ' ', cn - p)) == NULL)
				break;
			p = (size_t)(sp - c) + 1;
		}
		if (got < n)
			return 0;
	}
	return 1;
}

static int
cmp_cand(const void *a, const void *b)
{
	const struct cand *x = *(struct cand *const *)a,
			  *y = *(struct cand *const *)b;
	int n = x->klen < y->klen ? x->klen : y->klen, r;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	if ((r = memcmp(x->key, y->key, (size_t)n)) != 0)
		return r;
	if (x->klen != y->klen)
		return x->klen - y->klen;
	return (x->id > y->id) - (x->id < y->id);
}

/* Steps the MATCH statement, keeping up to max docids; returns the count. */
static size_t
run_match(const char *expr, size_t max)
{
	size_t n = 0;
	int rc;

	sqlite3_reset(s_match);
	sqlite3_bind_text(s_match, 1, expr, -1, SQLITE_STATIC);
	while (n < max && (rc = sqlite3_step(s_match)) == SQLITE_ROW) {
		if (n == ids_cap) {
			ids_cap = ids_cap ? ids_cap * 2 : 65536;
			if ((ids = realloc(ids, ids_cap * sizeof(*ids))) == NULL)
				die("out of memory");
		}
		ids[n++] = sqlite3_column_int64(s_match, 0);
	}
	if (n < max && rc != SQLITE_DONE)
		die("match");
	sqlite3_reset(s_match);
	return n;
}

/* Not inlined: callgrind's --toggle-collect=one counts it. */
__attribute__((noinline)) static void
one(const char *q, size_t cap, int timed)
{
	char buf[512], expr[1024], *w[QW_MAX], *p, *e;
	int need[QW_MAX], nw = 0, i, j;
	size_t n, nb, nm = 0, k, ql = strlen(q);
	double t[6], u[6];

	snprintf(buf, sizeof(buf), "%s", q);
	for (p = buf; *p != '\0' && nw < QW_MAX;) {
		if ((e = strchr(p, ' ')) == NULL)
			e = p + strlen(p);
		if (e > p)
			w[nw++] = p;
		p = *e == '\0' ? e : e + 1;
		*e = '\0';
	}
	if (nw == 0)
		return;
	expr[0] = '\0';
	for (i = 0; i < nw; i++) {
		size_t wl = strlen(w[i]);

		need[i] = 0;
		for (j = 0; j < nw; j++)
			if (strncmp(w[j], w[i], wl) == 0)
				need[i]++;
		snprintf(expr + strlen(expr), sizeof(expr) - strlen(expr),
		    "%s\"%s\"*", i ? " AND " : "", w[i]);
	}
#define MARK(i) (t[i] = clock_us(CLOCK_MONOTONIC), \
    u[i] = clock_us(CLOCK_THREAD_CPUTIME_ID))
	MARK(0);
	n = no_full ? 0 : run_match(expr, (size_t)-1);
	MARK(1);
	nb = run_match(expr, cap + 1);
	MARK(2);
	MARK(3), MARK(4), MARK(5);
	if (nb <= cap) {
		for (k = 0; k < nb; k++) {
			struct cand *c = &cands[k];
			const void *key;
			int kl;

			sqlite3_reset(s_member);
			sqlite3_bind_int64(s_member, 1, ids[k]);
			if (sqlite3_step(s_member) != SQLITE_ROW)
				die("member");
			c->id = ids[k];
			snprintf(c->name, sizeof(c->name), "%s",
			    (const char *)sqlite3_column_text(s_member, 0));
			snprintf(c->given, sizeof(c->given), "%s",
			    (const char *)sqlite3_column_text(s_member, 1));
			key = sqlite3_column_blob(s_member, 2);
			kl = sqlite3_column_bytes(s_member, 2);
			c->klen = kl > (int)sizeof(c->key) ? (int)sizeof(c->key)
			                                   : kl;
			memcpy(c->key, key, (size_t)c->klen);
		}
		sqlite3_reset(s_member);
		MARK(3);
		for (k = 0; k < nb; k++)
			if (qwords(cands[k].name, w, need, nw)) {
				if (nm != k)
					cands[nm] = cands[k];
				nm++;
			}
		MARK(4);
		for (k = 0; k < nm; k++)
			cands[k].rank =
			    strncmp(cands[k].name, q, ql) == 0    ? 0 :
			    strncmp(cands[k].given, q, ql) == 0 ? 1 :
			                                          2;
		for (k = 0; k < nm; k++)
			order[k] = &cands[k];
		qsort(order, nm, sizeof(*order), cmp_cand);
		MARK(5);
	}
	if (!timed)
		return;
	printf("%s\t%d\t%zu\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t", q, nw, n,
	    t[1] - t[0], t[2] - t[1], t[3] - t[2], t[4] - t[3], t[5] - t[4]);
	printf("%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t", u[1] - u[0], u[2] - u[1],
	    u[3] - u[2], u[4] - u[3], u[5] - u[4]);
	if (nb > cap) {
		printf("-\t-\n");
		return;
	}
	printf("%zu\t", nm);
	for (k = 0; k < nm && k < PAGE; k++)
		printf("%s%lld", k ? "," : "", (long long)order[k]->id);
	putchar('\n');
}

int
main(int argc, char **argv)
{
	char line[512], **qs = NULL, sql[1024];
	size_t nq = 0, i, cap = 2000;
	FILE *f;
	int pass;

	if (argc < 4)
		return fprintf(stderr, "usage: ftsq FTSDB MEMBERDB QUERIES "
		                       "[CAP]\n"),
		       2;
	if (argc > 4)
		cap = (size_t)atol(argv[4]);
	if ((cands = calloc(cap + 1, sizeof(*cands))) == NULL ||
	    (order = calloc(cap + 1, sizeof(*order))) == NULL)
		die("out of memory");
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != 0)
		die("open");
	snprintf(sql, sizeof(sql), "ATTACH 'file:%s?mode=ro' AS m", argv[2]);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die("attach");
	no_full = getenv("FTSQ_NO_FULL") != NULL;
	if (getenv("FTSQ_CACHE") != NULL) {
		snprintf(sql, sizeof(sql),
		    "PRAGMA main.cache_size = %s; PRAGMA m.cache_size = %s",
		    getenv("FTSQ_CACHE"), getenv("FTSQ_CACHE"));
		sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	if (sqlite3_prepare_v2(db, "SELECT rowid FROM f WHERE f MATCH ?1",
	        -1, &s_match, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	        "SELECT name_fold, given_fold, sort_key FROM m.member "
	        "WHERE id = ?1",
	        -1, &s_member, NULL) != SQLITE_OK)
		die("prepare");
	if ((f = fopen(argv[3], "r")) == NULL)
		die("queries");
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if ((qs = realloc(qs, (nq + 1) * sizeof(*qs))) == NULL ||
		    (qs[nq++] = strdup(line)) == NULL)
			die("out of memory");
	}
	fclose(f);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < nq; i++)
			one(qs[i], cap, pass);
	for (i = 0; i < nq; i++)
		free(qs[i]);
	free(qs);
	free(ids);
	free(cands);
	free(order);
	sqlite3_finalize(s_match);
	sqlite3_finalize(s_member);
	sqlite3_close(db);
	return 0;
}
