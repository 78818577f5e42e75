/*
 * recount.c - the anchor of "GET /api/v1/orgs/{id}/stats" at national
 * level: the same figures recounted from the member table by a full
 * GROUP BY, on SQLite or PostgreSQL.
 *
 *   bench-recount DBURL [--as-of YYYY-MM-DD] [--edges 30,40,50,60]
 *       [--repeat N] [--by-province]
 *
 * DBURL is a SQLite file or a postgresql:// URL.  One query scans every
 * member on the rolls (state active, not deleted, in an organisation) and
 * groups by theory level, counting: members, official, probationary,
 * male, female, exempted, each age band (birth-date cut-offs for the
 * as-of date, core/stats.h's rule) and no birth date; a second groups the
 * same members by ethnicity, a third the open organisations by kind.  The
 * theory-level texts fall into a few categories (core/stats.h) that a
 * caller would sum from these few groups.  That is every figure of the
 * national stats (GET /api/v1/orgs/{root}/stats), the cheapest way: no
 * join.  --by-province joins each member to its organisation and groups
 * by province too (the organisation path's second level): the nation's
 * figures and each province's, as a page without roll-ups would.
 *
 * Each recount is timed alone, REPEAT times (default 3) after one untimed
 * run.  Prints {"runs", "median_s", "min_s", "members", "official",
 * "female", "provinces"}.
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"

#define EDGES_MAX 7

static int edges[EDGES_MAX], nedges;
static bool by_province;
static char cutoffs[EDGES_MAX][11];	/* born on or before: age >= edge */

/* The latest birth date of someone at least age years old on on
 * (29 February -> 28 February in a common year). */
static void
cutoff(const char *on, int age, char out[11])
{
	int y = atoi(on) - age, m = atoi(on + 5), d = atoi(on + 8);
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m == 2 && d == 29 && !leap)
		d = 28;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* The SELECT list of the counters (same text on both engines). */
static char *
counters_sql(bool pg)
{
	char *s, *t;
	int i;

	if (asprintf(&s, "count(*), %s, %s, %s, %s, %s",
	    pg ? "count(*) FILTER (WHERE m.status = 'official')" :
	    "sum(m.status = 'official')",
	    pg ? "count(*) FILTER (WHERE m.status = 'probationary')" :
	    "sum(m.status = 'probationary')",
	    pg ? "count(*) FILTER (WHERE m.gender = 'male')" :
	    "sum(m.gender = 'male')",
	    pg ? "count(*) FILTER (WHERE m.gender = 'female')" :
	    "sum(m.gender = 'female')",
	    pg ? "count(*) FILTER (WHERE m.exempt_since IS NOT NULL)" :
	    "sum(m.exempt_since IS NOT NULL)") < 0)
		die("out of memory");
	/* Band i: born after cutoff(edge i) and on or before
	 * cutoff(edge i - 1)... as birth-date ranges. */
	for (i = 0; i <= nedges; i++) {
		char cond[128];

		if (i == 0)
			snprintf(cond, sizeof(cond), "m.birth_date > '%s'",
			    cutoffs[0]);
		else if (i == nedges)
			snprintf(cond, sizeof(cond), "m.birth_date <= '%s'",
			    cutoffs[i - 1]);
		else
			snprintf(cond, sizeof(cond), "m.birth_date <= '%s'"
			    " AND m.birth_date > '%s'", cutoffs[i - 1],
			    cutoffs[i]);
		if (asprintf(&t, pg ? "%s, count(*) FILTER (WHERE %s)" :
		    "%s, sum(%s)", s, cond) < 0)
			die("out of memory");
		free(s);
		s = t;
	}
	if (asprintf(&t, pg ? "%s, count(*) FILTER (WHERE m.birth_date IS"
	    " NULL)" : "%s, sum(m.birth_date IS NULL)", s) < 0)
		die("out of memory");
	free(s);
	return t;
}

#define ON_ROLLS \
	" m.deleted_at IS NULL AND m.state = 'active' AND m.org_id IS NOT NULL"

struct totals {
	long long	members, official, female;
	int		provinces;
};

/* Runs the three queries; sums what the check needs into tot. */
static void
run_sqlite(sqlite3 *db, sqlite3_stmt **st, struct totals *tot)
{
	int i, n;

	memset(tot, 0, sizeof(*tot));
	for (i = 0; i < 3; i++) {
		char last[32] = "";

		while (sqlite3_step(st[i]) == SQLITE_ROW) {
			if (i != 0)
				continue;
			n = sqlite3_column_count(st[i]);
			(void)n;
			tot->members += sqlite3_column_int64(st[i], 2);
			tot->official += sqlite3_column_int64(st[i], 3);
			tot->female += sqlite3_column_int64(st[i], 6);
			if (strcmp(last, (const char *)
			    sqlite3_column_text(st[i], 0)) != 0) {
				snprintf(last, sizeof(last), "%s",
				    (const char *)sqlite3_column_text(st[i],
				    0));
				tot->provinces++;
			}
		}
		sqlite3_reset(st[i]);
	}
	(void)db;
}

static void
run_pg(PGconn *pg, const char **sql, struct totals *tot)
{
	int i, n;

	memset(tot, 0, sizeof(*tot));
	for (i = 0; i < 3; i++) {
		PGresult *r = PQexecParams(pg, sql[i], 0, NULL, NULL, NULL,
		    NULL, 0);
		const char *last = "";

		if (PQresultStatus(r) != PGRES_TUPLES_OK)
			die("postgresql: %s", PQerrorMessage(pg));
		for (n = 0; i == 0 && n < PQntuples(r); n++) {
			tot->members += atoll(PQgetvalue(r, n, 2));
			tot->official += atoll(PQgetvalue(r, n, 3));
			tot->female += atoll(PQgetvalue(r, n, 6));
			if (strcmp(last, PQgetvalue(r, n, 0)) != 0) {
				last = PQgetvalue(r, n, 0);
				tot->provinces++;
			}
		}
		PQclear(r);
	}
}

int
main(int argc, char **argv)
{
	const char *url = NULL, *edges_arg = "30,40,50,60";
	char as_of[11], *counters, *sql[3];
	struct totals tot = { 0 };
	int repeat = 3, i, k;
	double *t, median;
	bool pg;
	sqlite3 *db = NULL;
	sqlite3_stmt *st[3];
	PGconn *conn = NULL;

	{
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		strftime(as_of, sizeof(as_of), "%Y-%m-%d", &tm);
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--as-of") == 0 && i + 1 < argc)
			snprintf(as_of, sizeof(as_of), "%s", argv[++i]);
		else if (strcmp(argv[i], "--edges") == 0 && i + 1 < argc)
			edges_arg = argv[++i];
		else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
			repeat = atoi(argv[++i]);
		else if (strcmp(argv[i], "--by-province") == 0)
			by_province = true;
		else if (url == NULL)
			url = argv[i];
		else
			die("usage: bench-recount DBURL [--as-of DATE]"
			    " [--edges LIST] [--repeat N] [--by-province]");
	}
	if (url == NULL || repeat < 1)
		die("usage: bench-recount DBURL [--as-of DATE] [--edges LIST]"
		    " [--repeat N]");
	for (const char *p = edges_arg; *p && nedges < EDGES_MAX;) {
		edges[nedges] = atoi(p);
		cutoff(as_of, edges[nedges], cutoffs[nedges]);
		nedges++;
		if ((p = strchr(p, ',')) == NULL)
			break;
		p++;
	}
	pg = strncmp(url, "postgres://", 11) == 0 ||
	    strncmp(url, "postgresql://", 13) == 0;
	counters = counters_sql(pg);
	if ((by_province ? asprintf(&sql[0], "SELECT substr(o.path, 1, 23)"
	    " AS province, m.theory_level, %s FROM member AS m JOIN org AS o"
	    " ON o.id = m.org_id WHERE" ON_ROLLS
	    " GROUP BY 1, 2 ORDER BY 1, 2", counters) :
	    asprintf(&sql[0], "SELECT '', m.theory_level, %s FROM member AS m"
	    " WHERE" ON_ROLLS " GROUP BY 2", counters)) < 0 ||
	    (by_province ? asprintf(&sql[1], "SELECT substr(o.path, 1, 23)"
	    " AS province, m.ethnicity, count(*) FROM member AS m JOIN org"
	    " AS o ON o.id = m.org_id WHERE" ON_ROLLS " GROUP BY 1, 2") :
	    asprintf(&sql[1], "SELECT m.ethnicity, count(*) FROM member AS m"
	    " WHERE" ON_ROLLS " GROUP BY 1")) < 0 ||
	    asprintf(&sql[2], "SELECT kind, count(*) FROM org"
	    " WHERE valid_to IS NULL GROUP BY kind") < 0)
		die("out of memory");
	if (pg) {
		conn = PQconnectdb(url);
		if (PQstatus(conn) != CONNECTION_OK)
			die("postgresql: %s", PQerrorMessage(conn));
	} else {
		if (sqlite3_open_v2(url, &db, SQLITE_OPEN_READONLY, NULL) !=
		    SQLITE_OK)
			die("cannot open %s", url);
		for (k = 0; k < 3; k++)
			if (sqlite3_prepare_v2(db, sql[k], -1, &st[k], NULL) !=
			    SQLITE_OK)
				die("sqlite: %s", sqlite3_errmsg(db));
	}
	if ((t = malloc((size_t)repeat * sizeof(*t))) == NULL)
		die("out of memory");
	for (k = -1; k < repeat; k++) {
		double t0 = now_s();

		if (pg)
			run_pg(conn, (const char **)sql, &tot);
		else
			run_sqlite(db, st, &tot);
		if (k >= 0)
			t[k] = now_s() - t0;
	}
	median = percentile(t, (size_t)repeat, 50);	/* sorts t */
	printf("{\"runs\": %d, \"median_s\": %.4f, \"min_s\": %.4f,"
	    " \"members\": %lld, \"official\": %lld, \"female\": %lld,"
	    " \"provinces\": %d}\n", repeat, median, t[0], tot.members,
	    tot.official, tot.female, tot.provinces);
	if (pg) {
		PQfinish(conn);
	} else {
		for (k = 0; k < 3; k++)
			sqlite3_finalize(st[k]);
		sqlite3_close(db);
	}
	for (k = 0; k < 3; k++)
		free(sql[k]);
	free(counters);
	free(t);
	return 0;
}
