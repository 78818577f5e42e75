/*
 * writes.c - what an FTS5 name index costs a member write, beside the
 * member_word rows chibo writes today (docs/performance.md, "FTS5 as the
 * candidate index, measured").
 *
 *   writes fts DB MEMBERDB N      the FTS5 table f of DB (build.sh)
 *   writes mw DB MEMBERDB N       a member_word-like table mw of DB
 *
 * Each of N inserts, then each of N updates (a rename), is its own
 * transaction (WAL, synchronous=NORMAL, as chibo's connections).  The
 * names (and sort keys) are those of N members drawn from MEMBERDB (the
 * extract), spread over the ids.  An insert adds a member id above every
 * other: one row to f, or one row per word of the name to mw (its word,
 * place, sort key, id, offset, state, name, split as migration 0010
 * does).  An update renames an existing member: f's 'delete' of the old
 * name then an insert of the new one (a contentless table must be given
 * the old values), or mw's rows of the old name deleted by their key and
 * those of the new inserted.
 *
 * Prints the p50, p99, mean and total of each kind, wall and CPU time,
 * in microseconds.
 *
 *   cc -O2 -Wall -Wextra -o writes writes.c -lsqlite3
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct name {
	int64_t id;
	char fold[128];
	unsigned char key[128];
	int klen;
};

static sqlite3 *db;

static void
die(const char *what)
{
	fprintf(stderr, "writes: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static double
clock_us(clockid_t id)
{
	struct timespec t;

	clock_gettime(id, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static void
exec(const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(sql);
}

static sqlite3_stmt *
prep(const char *sql)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		die(sql);
	return s;
}

static void
step(sqlite3_stmt *s)
{
	if (sqlite3_step(s) != SQLITE_DONE)
		die("step");
	sqlite3_reset(s);
}

static sqlite3_stmt *f_ins, *f_del, *mw_ins, *mw_del;

/* The member's rows in mw (insert) or their removal (del). */
static void
mw_rows(int64_t id, const struct name *nm, int del)
{
	const char *c = nm->fold, *p = c, *e;
	int off = 0;

	while (*p != '\0') {
		int pos;

		if ((e = strchr(p, ' ')) == NULL)
			e = p + strlen(p);
		pos = p == c ? 0 : *e == '\0' ? 1 : 2;
		if (del) {
			sqlite3_bind_text(mw_del, 1, p, (int)(e - p),
			    SQLITE_TRANSIENT);
			sqlite3_bind_int(mw_del, 2, pos);
			sqlite3_bind_blob(mw_del, 3, nm->key, nm->klen,
			    SQLITE_STATIC);
			sqlite3_bind_int64(mw_del, 4, id);
			sqlite3_bind_int(mw_del, 5, off);
			step(mw_del);
		} else {
			sqlite3_bind_text(mw_ins, 1, p, (int)(e - p),
			    SQLITE_TRANSIENT);
			sqlite3_bind_int(mw_ins, 2, pos);
			sqlite3_bind_blob(mw_ins, 3, nm->key, nm->klen,
			    SQLITE_STATIC);
			sqlite3_bind_int64(mw_ins, 4, id);
			sqlite3_bind_int(mw_ins, 5, off);
			sqlite3_bind_text(mw_ins, 6, c, -1, SQLITE_STATIC);
			step(mw_ins);
		}
		off += (int)(e - p) + 1; /* ASCII folded names */
		p = *e == '\0' ? e : e + 1;
	}
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
report(const char *what, double *w, double *u, int n)
{
	double sw = 0, su = 0;
	int i;

	for (i = 0; i < n; i++)
		sw += w[i], su += u[i];
	qsort(w, (size_t)n, sizeof(*w), cmpd);
	qsort(u, (size_t)n, sizeof(*u), cmpd);
	printf("%s: wall p50 %.0f p99 %.0f mean %.0f total %.0f us; "
	       "CPU p50 %.0f p99 %.0f mean %.0f total %.0f us\n",
	    what, w[n / 2], w[n * 99 / 100], sw / n, sw, u[n / 2],
	    u[n * 99 / 100], su / n, su);
}

int
main(int argc, char **argv)
{
	char sql[512];
	int n, i, fts, k;
	struct name *nm;
	sqlite3_stmt *s;
	int64_t maxid, total;
	double *w, *u, t0, c0;

	if (argc != 5)
		return fprintf(stderr, "usage: writes fts|mw DB MEMBERDB N\n"),
		       2;
	fts = strcmp(argv[1], "fts") == 0;
	n = atoi(argv[4]);
	nm = calloc((size_t)n * 2, sizeof(*nm));
	w = calloc((size_t)n, sizeof(*w));
	u = calloc((size_t)n, sizeof(*u));
	if (nm == NULL || w == NULL || u == NULL)
		return 1;
	if (sqlite3_open(argv[2], &db) != SQLITE_OK)
		die("open");
	exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	     "PRAGMA wal_autocheckpoint = 10000;");
	snprintf(sql, sizeof(sql), "ATTACH 'file:%s?mode=ro' AS m", argv[3]);
	exec(sql);
	s = prep("SELECT max(id) FROM m.member");
	if (sqlite3_step(s) != SQLITE_ROW)
		die("max");
	maxid = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	/* 2n members spread over the ids: names for n inserts, then the n
	 * renamed (each to the name of the next). */
	s = prep("SELECT id, name_fold, sort_key FROM m.member WHERE id >= ?1 "
	         "ORDER BY id LIMIT 1");
	total = maxid;
	for (i = 0; i < 2 * n; i++) {
		sqlite3_bind_int64(s, 1, 1 + (int64_t)i * (total / (2 * n)));
		if (sqlite3_step(s) != SQLITE_ROW)
			die("member");
		nm[i].id = sqlite3_column_int64(s, 0);
		snprintf(nm[i].fold, sizeof(nm[i].fold), "%s",
		    (const char *)sqlite3_column_text(s, 1));
		nm[i].klen = sqlite3_column_bytes(s, 2);
		if (nm[i].klen > (int)sizeof(nm[i].key))
			nm[i].klen = sizeof(nm[i].key);
		memcpy(nm[i].key, sqlite3_column_blob(s, 2),
		    (size_t)nm[i].klen);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	if (fts) {
		f_ins = prep("INSERT INTO f(rowid, name_fold) VALUES (?1, ?2)");
		f_del = prep("INSERT INTO f(f, rowid, name_fold) "
		             "VALUES ('delete', ?1, ?2)");
	} else {
		mw_ins = prep("INSERT INTO mw (word, pos, skey, member_id, off, "
		              "mstate, wname) VALUES (?1, ?2, ?3, ?4, ?5, "
		              "'active', ?6)");
		mw_del = prep("DELETE FROM mw WHERE word = ?1 AND pos = ?2 AND "
		              "skey = ?3 AND member_id = ?4 AND off = ?5");
	}
	for (k = 0; k < 2; k++) {
		for (i = 0; i < n; i++) {
			/* Inserts: new ids; updates: member n + i renamed to
			 * the name of n + i + 1 (the last to the first's). */
			struct name *old = &nm[n + i];
			struct name *new = k == 0 ? &nm[i] : &nm[n + (i + 1) % n];
			int64_t id = k == 0 ? maxid + 1 + i : old->id;

			t0 = clock_us(CLOCK_MONOTONIC);
			c0 = clock_us(CLOCK_THREAD_CPUTIME_ID);
			exec("BEGIN");
			if (fts) {
				if (k == 1) {
					sqlite3_bind_int64(f_del, 1, id);
					sqlite3_bind_text(f_del, 2, old->fold,
					    -1, SQLITE_STATIC);
					step(f_del);
				}
				sqlite3_bind_int64(f_ins, 1, id);
				sqlite3_bind_text(f_ins, 2, new->fold, -1,
				    SQLITE_STATIC);
				step(f_ins);
			} else {
				if (k == 1)
					mw_rows(id, old, 1);
				mw_rows(id, new, 0);
			}
			exec("COMMIT");
			w[i] = clock_us(CLOCK_MONOTONIC) - t0;
			u[i] = clock_us(CLOCK_THREAD_CPUTIME_ID) - c0;
		}
		report(k == 0 ? "inserts" : "updates", w, u, n);
	}
	sqlite3_finalize(f_ins);
	sqlite3_finalize(f_del);
	sqlite3_finalize(mw_ins);
	sqlite3_finalize(mw_del);
	sqlite3_close(db);
	free(nm);
	free(w);
	free(u);
	return 0;
}
