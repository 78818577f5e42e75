/*
 * load-pg.c - the anchor of "import members into PostgreSQL": COPY of the
 * same CSV into the same member table, indexes built after.
 *
 *   bench-load-pg URL CSV
 *
 * URL names a database made by `chibo init` holding the organisations
 * (and no member).  In one transaction the program:
 *   - drops the member table's secondary indexes (every index that backs
 *     no constraint; their definitions read from pg_indexes) and its
 *     foreign key to org (its definition read with
 *     pg_get_constraintdef), as PostgreSQL's "Populating a Database"
 *     advises;
 *   - streams the CSV (stdio, RFC 4180), resolves org_code through a hash
 *     map of the organisations, computes name_fold, given_fold and
 *     sort_key with the same util/text.c functions the store uses, and
 *     sends the rows with COPY ... FROM STDIN (text format,
 *     PQputCopyData in 256 KiB chunks);
 *   - recreates the indexes (same SQL) and adds the foreign key back
 *     (validated: one join over the table), then commits.
 * It does not validate, clean (NFC) or de-duplicate anything, writes no
 * history (member_event) and no audit entry.  The primary key stays.
 *
 * Prints {"rows", "load_s", "index_s", "total_s"}.
 */
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "util/text.h"

static PGconn *pg;

static PGresult *
query(const char *sql, ExecStatusType want)
{
	PGresult *r = PQexec(pg, sql);

	if (PQresultStatus(r) != want)
		die("postgresql: %s: %s", sql, PQerrorMessage(pg));
	return r;
}

static void
exec(const char *sql)
{
	PQclear(query(sql, PGRES_COMMAND_OK));
}

/* The COPY buffer. */
static char *buf;
static size_t len, cap = 256 * 1024;

static void
flush(void)
{
	if (len > 0 && PQputCopyData(pg, buf, (int)len) != 1)
		die("postgresql: COPY: %s", PQerrorMessage(pg));
	len = 0;
}

static void
out(const char *s, size_t n)
{
	if (len + n > cap)
		flush();
	if (n > cap) {
		if (PQputCopyData(pg, s, (int)n) != 1)
			die("postgresql: COPY: %s", PQerrorMessage(pg));
		return;
	}
	memcpy(buf + len, s, n);
	len += n;
}

/* A text field, escaped for COPY's text format; NULL is \N. */
static void
field(const char *s, char sep)
{
	char esc[2] = { '\\', 0 };

	if (s == NULL) {
		out("\\N", 2);
	} else {
		const char *p = s;

		for (; *p; p++) {
			switch (*p) {
			case '\\': esc[1] = '\\'; break;
			case '\t': esc[1] = 't'; break;
			case '\n': esc[1] = 'n'; break;
			case '\r': esc[1] = 'r'; break;
			default: continue;
			}
			out(s, (size_t)(p - s));
			out(esc, 2);
			s = p + 1;
		}
		out(s, (size_t)(p - s));
	}
	out(&sep, 1);
}

/* bytea in hex: "\\x0a1b..." (the backslash escaped for COPY). */
static void
bytea(const unsigned char *b, size_t n, char sep)
{
	static const char hex[] = "0123456789abcdef";
	char pair[2];
	size_t i;

	out("\\\\x", 3);
	for (i = 0; i < n; i++) {
		pair[0] = hex[b[i] >> 4];
		pair[1] = hex[b[i] & 15];
		out(pair, 2);
	}
	out(&sep, 1);
}

int
main(int argc, char **argv)
{
	struct idmap codes = { 0 };
	struct member_map mm;
	struct csv c;
	PGresult *r;
	char **ddl = NULL, now[32], num[32];
	size_t nddl = 0, i, rows = 0;
	double t0, t1, t2;
	int f, n;

	if (argc != 3)
		die("usage: bench-load-pg URL CSV");
	if (text_init() != 0)
		die("text_init failed");
	if ((buf = malloc(cap)) == NULL)
		die("out of memory");
	t0 = now_s();
	pg = PQconnectdb(argv[1]);
	if (PQstatus(pg) != CONNECTION_OK)
		die("postgresql: %s", PQerrorMessage(pg));
	PQclear(query("SET DateStyle = ISO", PGRES_COMMAND_OK));

	r = query("SELECT code, id FROM org", PGRES_TUPLES_OK);
	for (n = 0; n < PQntuples(r); n++)
		idmap_put(&codes, PQgetvalue(r, n, 0),
		    strtoll(PQgetvalue(r, n, 1), NULL, 10));
	PQclear(r);

	exec("BEGIN");
	/* The foreign key to org, then every index backing no constraint. */
	r = query("SELECT 'ALTER TABLE member DROP CONSTRAINT ' ||"
	    " quote_ident(conname), 'ALTER TABLE member ADD CONSTRAINT ' ||"
	    " quote_ident(conname) || ' ' || pg_get_constraintdef(oid)"
	    " FROM pg_constraint WHERE conrelid = 'member'::regclass"
	    " AND contype = 'f'"
	    " UNION ALL "
	    "SELECT 'DROP INDEX ' || quote_ident(i.indexname), i.indexdef"
	    " FROM pg_indexes AS i WHERE i.tablename = 'member'"
	    " AND i.schemaname = current_schema() AND NOT EXISTS"
	    " (SELECT 1 FROM pg_constraint AS k WHERE k.conname ="
	    " i.indexname)", PGRES_TUPLES_OK);
	for (n = 0; n < PQntuples(r); n++) {
		exec(PQgetvalue(r, n, 0));
		if ((ddl = realloc(ddl, (nddl + 1) * sizeof(*ddl))) == NULL ||
		    (ddl[nddl++] = strdup(PQgetvalue(r, n, 1))) == NULL)
			die("out of memory");
	}
	PQclear(r);

	PQclear(query("COPY member (full_name, gender, birth_date,"
	    " birthplace, hometown, ethnicity, religion, citizen_id, card_no,"
	    " dossier_no, admission_decision_date, admitted_on, official_on,"
	    " status, exempt_since, org_id, job_title, education,"
	    " professional_level, theory_level, phone, email, state,"
	    " name_fold, given_fold, sort_key, created_at, updated_at,"
	    " version) FROM STDIN", PGRES_COPY_IN));
	iso_now(now);
	csv_open(&c, argv[2]);
	if (!csv_next(&c))
		die("%s: empty", argv[2]);
	member_map_header(&mm, &c);
	while (csv_next(&c)) {
		struct name_keys k;
		const char *name = member_field(&mm, &c, 0);

		if (name == NULL || name_keys_make(name, &k) != 0)
			die("line %ld: bad full_name", c.line);
		for (f = 0; f < MEMBER_NFIELDS; f++) {
			if (f == 15) {
				snprintf(num, sizeof(num), "%lld", (long long)
				    member_org(&mm, &c, &codes));
				field(num, '\t');
			} else {
				field(member_field(&mm, &c, f), '\t');
			}
		}
		field("active", '\t');
		field(k.name_fold, '\t');
		field(k.given_fold, '\t');
		bytea(k.sort_key, k.sort_key_len, '\t');
		field(now, '\t');
		field(now, '\t');
		field("1", '\n');
		name_keys_free(&k);
		rows++;
	}
	csv_close(&c);
	flush();
	if (PQputCopyEnd(pg, NULL) != 1)
		die("postgresql: COPY end: %s", PQerrorMessage(pg));
	while ((r = PQgetResult(pg)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			die("postgresql: COPY: %s", PQerrorMessage(pg));
		PQclear(r);
	}
	t1 = now_s();
	/* Indexes first, the foreign key last (its check is then the only
	 * work left). */
	for (i = nddl; i-- > 0;) {
		exec(ddl[i]);
		free(ddl[i]);
	}
	free(ddl);
	exec("COMMIT");
	t2 = now_s();
	PQfinish(pg);
	idmap_free(&codes);
	free(buf);
	text_shutdown();
	printf("{\"rows\": %zu, \"load_s\": %.3f, \"index_s\": %.3f,"
	    " \"total_s\": %.3f}\n", rows, t1 - t0, t2 - t1, t2 - t0);
	return 0;
}
