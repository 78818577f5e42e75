/*
 * search-chibo.c - chibo's side of "name-prefix search via the API in
 * process": what GET /api/v1/members?q=PREFIX&limit=50 does, without
 * the HTTP layer.
 *
 *   bench-search-chibo DBURL TOKEN PREFIXES [REPEAT]
 *
 * DBURL is a SQLite file or a PostgreSQL URL; PREFIXES one query a line
 * (the name prefixes of the "search" figure, or its any-word queries).
 *
 * TOKEN is an API token (`chibo token create USER`) of the principal to
 * act as (an office account at the root: every member is in scope).  For
 * each call, like the API's handler: a use-case context for the
 * principal (svc_init_as), svc_member_list (q = the prefix, Vietnamese
 * order, members on the rolls, limit 50), the page as the API's JSON
 * ({"items": [...], "next_cursor": ..., "total": ..., "total_exact":
 * ...}) serialised to text, everything
 * freed.  One untimed pass over the prefixes first, then each prefix
 * REPEAT times (default 1), every call timed alone.
 *
 * Prints {"calls", "p50_us", "p99_us", "mean_us", "rows"}.  With
 * BENCH_SEARCH_DUMP=FILE in the environment, also writes one line per
 * timed call to FILE: the query, the microseconds, the total, whether
 * exact, the next cursor and the ids of the page (to compare the pages
 * of two builds, and to find the slowest queries).
 *
 * BENCH_SEARCH_TOTAL=later times the page alone, as
 * GET /api/v1/members?q=PREFIX&limit=50&total=later answers it (no count,
 * no total in the JSON; the dump's total is -1); BENCH_SEARCH_TOTAL=count
 * the count alone, as GET /api/v1/members/count?q=PREFIX (svc_member_count,
 * its JSON; no rows).  Unset or "now": the page with its total.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "svc/svc.h"
#include "util/text.h"

static struct store *st;
static struct rulebook base;
static struct principal who;
static FILE *dump;
static enum { T_NOW, T_LATER, T_COUNT } mode;

/* One search as the API's handler does it; returns the rows. */
static size_t
search(const char *prefix, double t0)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_page page = { 0 };
	struct member_query q;
	struct svc s;
	json_t *items, *doc;
	char *text;
	size_t i, n;

	memset(&q, 0, sizeof(q));
	q.q = prefix;
	q.state = MSTATE_ACTIVE;
	q.sort = MSORT_NAME;
	q.status = MSTATUS_NONE;
	q.limit = 50;
	q.no_total = mode == T_LATER;
	svc_init_as(&s, st, &base, &who, "127.0.0.1", NULL, NULL);
	if (mode == T_COUNT) {
		if (svc_member_count(&s, &q, &page.total, &page.total_exact,
		        &err) != 0)
			die("svc_member_count(%s): %s", prefix,
			    err.mcode ? err.mcode : "?");
		doc = json_pack("{s:I, s:b}", "total", (json_int_t)page.total,
		    "total_exact", page.total_exact);
	} else {
		if (svc_member_list(&s, &q, &page, &err) != 0)
			die("svc_member_list(%s): %s", prefix,
			    err.mcode ? err.mcode : "?");
		items = json_array();
		for (i = 0; i < page.n; i++)
			json_array_append_new(items,
			    member_to_json(&page.items[i]));
		doc = mode == T_LATER ?
		    json_pack("{s:o, s:o}", "items", items, "next_cursor",
		        page.next_cursor ? json_string(page.next_cursor) :
		                           json_null()) :
		    json_pack("{s:o, s:o, s:I, s:b}", "items", items,
		        "next_cursor",
		        page.next_cursor ? json_string(page.next_cursor) :
		                           json_null(),
		        "total", (json_int_t)page.total, "total_exact",
		        page.total_exact);
		if (mode == T_LATER)
			page.total = -1;
	}
	if (doc == NULL || (text = json_dumps(doc, JSON_COMPACT)) == NULL)
		die("out of memory");
	free(text);
	json_decref(doc);
	if (dump != NULL && t0 > 0) {
		fprintf(dump, "%s\t%.0f\t%lld\t%d\t%s\t", prefix,
		    (now_s() - t0) * 1e6, (long long)page.total,
		    page.total_exact ? 1 : 0,
		    page.next_cursor ? page.next_cursor : "-");
		for (i = 0; i < page.n; i++)
			fprintf(dump, "%s%lld", i ? "," : "",
			    (long long)page.items[i].id);
		fputc('\n', dump);
	}
	n = page.n;
	member_page_release(&page);
	svc_release(&s);
	cb_error_release(&err);
	return n;
}

int
main(int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct svc s;
	char **prefixes;
	size_t n, i, k, calls = 0;
	int repeat = argc > 4 ? atoi(argv[4]) : 1;
	double *t, sum = 0, rows = 0;

	if (argc < 4 || repeat < 1)
		die("usage: bench-search-chibo DBURL TOKEN PREFIXES [REPEAT]");
	if (getenv("BENCH_SEARCH_TOTAL") != NULL) {
		const char *m = getenv("BENCH_SEARCH_TOTAL");

		if (strcmp(m, "later") == 0)
			mode = T_LATER;
		else if (strcmp(m, "count") == 0)
			mode = T_COUNT;
		else if (strcmp(m, "now") != 0)
			die("BENCH_SEARCH_TOTAL: now, later or count");
	}
	prefixes = read_lines(argv[3], &n);
	if (n == 0)
		die("%s: no prefix", argv[3]);
	if (text_init() != 0)
		die("text_init failed");
	if (svc_open_db(argv[1], &st, &err) != 0)
		die("cannot open %s: %s", argv[1], err.mcode ? err.mcode : "?");
	if (rules_load_base(&base, &err) != 0)
		die("rules: %s", err.mcode ? err.mcode : "?");
	principal_init(&who);
	svc_init(&s, st, &base, "bench");
	if (svc_token_principal(&s, argv[2], &who, &err) != 0)
		die("token: %s", err.mcode ? err.mcode : "?");
	svc_release(&s);

	for (i = 0; i < n; i++)
		search(prefixes[i], 0);
	if (getenv("BENCH_SEARCH_DUMP") != NULL &&
	    (dump = fopen(getenv("BENCH_SEARCH_DUMP"), "w")) == NULL)
		die("cannot write %s", getenv("BENCH_SEARCH_DUMP"));
	if ((t = malloc(n * (size_t)repeat * sizeof(*t))) == NULL)
		die("out of memory");
	for (k = 0; k < (size_t)repeat; k++) {
		for (i = 0; i < n; i++) {
			double t0 = now_s();

			rows += (double)search(prefixes[i], t0);
			t[calls] = (now_s() - t0) * 1e6;
			sum += t[calls++];
		}
	}
	printf("{\"calls\": %zu, \"p50_us\": %.1f, \"p99_us\": %.1f,"
	    " \"mean_us\": %.1f, \"rows\": %.2f}\n", calls,
	    percentile(t, calls, 50), percentile(t, calls, 99),
	    sum / (double)calls, rows / (double)calls);
	if (dump != NULL)
		fclose(dump);
	principal_release(&who);
	rulebook_release(&base);
	store_close(st);
	for (i = 0; i < n; i++)
		free(prefixes[i]);
	free(prefixes);
	free(t);
	cb_error_release(&err);
	text_shutdown();
	return 0;
}
