/*
 * load-sqlite.c - the anchor of "import members into SQLite": the plainest
 * bulk load of the same CSV into the same member table.
 *
 *   bench-load-sqlite DB CSV
 *
 * DB is a database made by `chibo init` holding the organisations (and no
 * member).  The program:
 *   - opens it with chibo's settings (WAL, synchronous=NORMAL, foreign
 *     keys on, so every row's org_id is checked) and the page cache of
 *     chibo's bulk load (256 MiB: the index builds spill less);
 *   - reads the member table's secondary indexes from sqlite_master and
 *     drops them;
 *   - in one transaction, with one prepared INSERT, streams the CSV
 *     (stdio, RFC 4180), resolves org_code through a hash map of the
 *     organisations, computes name_fold, given_fold and sort_key with the
 *     same util/text.c functions the store uses, and inserts every row;
 *   - recreates exactly the indexes it dropped (same SQL), in the same
 *     transaction.
 * It does not validate, clean (NFC) or de-duplicate anything, writes no
 * history (member_event) and no audit entry: that is the work chibo adds.
 *
 * Prints {"rows", "load_s", "index_s", "total_s"} (total: from opening
 * the database to the commit).
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "util/text.h"

static sqlite3 *db;

static void
exec(const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die("sqlite: %s: %s", sql, msg ? msg : "?");
}

static sqlite3_stmt *
prepare(const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die("sqlite: %s: %s", sql, sqlite3_errmsg(db));
	return st;
}

int
main(int argc, char **argv)
{
	struct idmap codes = { 0 };
	struct member_map mm;
	struct csv c;
	sqlite3_stmt *st;
	char **idx = NULL, now[32];
	size_t nidx = 0, i, rows = 0;
	double t0, t1, t2;
	int f;

	if (argc != 3)
		die("usage: bench-load-sqlite DB CSV");
	if (text_init() != 0)
		die("text_init failed");
	t0 = now_s();
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		die("cannot open %s", argv[1]);
	exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	    " PRAGMA foreign_keys = ON; PRAGMA cache_size = -262144;");

	st = prepare("SELECT code, id FROM org");
	while (sqlite3_step(st) == SQLITE_ROW)
		idmap_put(&codes, (const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);

	exec("BEGIN");
	/* Secondary indexes (autoindexes have no SQL). */
	st = prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index'"
	    " AND tbl_name = 'member' AND sql IS NOT NULL ORDER BY name");
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *drop;

		if ((idx = realloc(idx, (nidx + 1) * sizeof(*idx))) == NULL ||
		    (idx[nidx] = strdup((const char *)
		    sqlite3_column_text(st, 1))) == NULL ||
		    asprintf(&drop, "DROP INDEX \"%s\"",
		    (const char *)sqlite3_column_text(st, 0)) < 0)
			die("out of memory");
		nidx++;
		sqlite3_finalize(st);	/* not while stepping: reprepare */
		exec(drop);
		free(drop);
		st = prepare("SELECT name, sql FROM sqlite_master WHERE"
		    " type = 'index' AND tbl_name = 'member' AND sql IS NOT"
		    " NULL ORDER BY name");
	}
	sqlite3_finalize(st);

	st = prepare("INSERT INTO member (full_name, gender, birth_date,"
	    " birthplace, hometown, ethnicity, religion, citizen_id, card_no,"
	    " dossier_no, admission_decision_date, admitted_on, official_on,"
	    " status, exempt_since, org_id, job_title, education,"
	    " professional_level, theory_level, phone, email, state,"
	    " name_fold, given_fold, sort_key, created_at, updated_at,"
	    " version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	    " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23,"
	    " ?24, ?25, ?26, ?27, ?27, 1)");
	iso_now(now);
	csv_open(&c, argv[2]);
	if (!csv_next(&c))
		die("%s: empty", argv[2]);
	member_map_header(&mm, &c);
	while (csv_next(&c)) {
		struct name_keys k;
		const char *name = member_field(&mm, &c, 0);
		int64_t org = member_org(&mm, &c, &codes);

		if (name == NULL || name_keys_make(name, &k) != 0)
			die("line %ld: bad full_name", c.line);
		for (f = 0; f < MEMBER_NFIELDS; f++) {
			const char *v = member_field(&mm, &c, f);

			if (f == 15)
				sqlite3_bind_int64(st, 16, org);
			else if (v == NULL)
				sqlite3_bind_null(st, f + 1);
			else
				sqlite3_bind_text(st, f + 1, v, -1,
				    SQLITE_STATIC);
		}
		sqlite3_bind_text(st, 23, "active", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 24, k.name_fold, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 25, k.given_fold, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 26, k.sort_key, (int)k.sort_key_len,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 27, now, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			die("line %ld: %s", c.line, sqlite3_errmsg(db));
		sqlite3_reset(st);
		name_keys_free(&k);
		rows++;
	}
	csv_close(&c);
	sqlite3_finalize(st);
	t1 = now_s();
	for (i = 0; i < nidx; i++) {
		exec(idx[i]);
		free(idx[i]);
	}
	free(idx);
	exec("COMMIT");
	t2 = now_s();
	sqlite3_close(db);
	idmap_free(&codes);
	text_shutdown();
	printf("{\"rows\": %zu, \"indexes\": %zu, \"load_s\": %.3f,"
	    " \"index_s\": %.3f, \"total_s\": %.3f}\n", rows, nidx, t1 - t0,
	    t2 - t1, t2 - t0);
	return 0;
}
