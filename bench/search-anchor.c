/*
 * search-anchor.c - the anchor of "name-prefix search, first 50 in
 * Vietnamese order": one prepared SQLite statement, a range on the two
 * indexed fold keys, ordered by the sort key.
 *
 *   bench-search-anchor DB PREFIXES [REPEAT]
 *
 * PREFIXES holds one folded prefix a line ("nguyen van d").  Each prefix is
 * looked up REPEAT times (default 1) after one untimed pass over all of
 * them (warm cache); every call is timed alone: bind, step the (at most)
 * 50 rows reading every column as text, reset.  The rows are those chibo
 * returns (members on the rolls, not deleted, full name or given-first name
 * starting with the prefix), without chibo's scope check or JSON.  Each
 * arm names deleted_at IS NULL, so that the partial fold indexes serve it.
 *
 * Prints {"calls", "p50_us", "p99_us", "mean_us", "rows"} (rows: the mean
 * number of rows a call returned).
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define COLS \
	"id, full_name, gender, birth_date, birthplace, hometown, ethnicity," \
	" religion, citizen_id, card_no, dossier_no, admission_decision_date," \
	" admitted_on, official_on, status, exempt_since, org_id, job_title," \
	" education, professional_level, theory_level, phone, email, state," \
	" version, created_at, updated_at"

static sqlite3_stmt *st;

/* One search; returns the rows read. */
static int
search(const char *prefix)
{
	size_t n = strlen(prefix);
	char *hi = strdup(prefix);
	int rows = 0, i, cols;

	if (hi == NULL || n == 0)
		die("bad prefix");
	hi[n - 1]++;		/* the range [prefix, successor) */
	sqlite3_bind_text(st, 1, prefix, (int)n, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, (int)n, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		cols = sqlite3_column_count(st);
		for (i = 0; i < cols; i++)
			(void)sqlite3_column_text(st, i);
		rows++;
	}
	sqlite3_reset(st);
	free(hi);
	return rows;
}

int
main(int argc, char **argv)
{
	sqlite3 *db;
	char **prefixes;
	size_t n, i, k, calls = 0;
	int repeat = argc > 3 ? atoi(argv[3]) : 1;
	double *t, sum = 0, rows = 0;

	if (argc < 3 || repeat < 1)
		die("usage: bench-search-anchor DB PREFIXES [REPEAT]");
	prefixes = read_lines(argv[2], &n);
	if (n == 0)
		die("%s: no prefix", argv[2]);
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		die("cannot open %s", argv[1]);
	if (sqlite3_prepare_v2(db, "SELECT " COLS " FROM member"
	    " WHERE (name_fold >= ?1 AND name_fold < ?2 AND deleted_at IS NULL"
	    " OR given_fold >= ?1 AND given_fold < ?2 AND deleted_at IS NULL)"
	    " AND deleted_at IS NULL AND state = 'active'"
	    " ORDER BY +sort_key, +id LIMIT 50", -1, &st, NULL) != SQLITE_OK)
		die("sqlite: %s", sqlite3_errmsg(db));
	for (i = 0; i < n; i++)
		search(prefixes[i]);
	if ((t = malloc(n * (size_t)repeat * sizeof(*t))) == NULL)
		die("out of memory");
	for (k = 0; k < (size_t)repeat; k++) {
		for (i = 0; i < n; i++) {
			double t0 = now_s();

			rows += search(prefixes[i]);
			t[calls] = (now_s() - t0) * 1e6;
			sum += t[calls++];
		}
	}
	printf("{\"calls\": %zu, \"p50_us\": %.1f, \"p99_us\": %.1f,"
	    " \"mean_us\": %.1f, \"rows\": %.2f}\n", calls,
	    percentile(t, calls, 50), percentile(t, calls, 99),
	    sum / (double)calls, rows / (double)calls);
	sqlite3_finalize(st);
	sqlite3_close(db);
	for (i = 0; i < n; i++)
		free(prefixes[i]);
	free(prefixes);
	free(t);
	return 0;
}
