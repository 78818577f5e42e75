/* testlib.c - see testlib.h. */
#include "testlib.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *
test_backend(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "pg") == 0)
		return "pg";
	return "sqlite";
}

static char *
pg_url_with_db(const char *admin, const char *db)
{
	/* admin is "postgresql://user@host:port/dbname[?...]": swap dbname */
	const char *scheme = strstr(admin, "://");
	const char *slash, *query;
	char *out;
	size_t n;

	if (scheme == NULL)
		return NULL;
	slash = strchr(scheme + 3, '/');
	query = strchr(scheme + 3, '?');
	n = slash ? (size_t)(slash - admin) : strlen(admin);
	if (!slash && query)
		n = (size_t)(query - admin);
	out = malloc(n + strlen(db) + (query ? strlen(query) : 0) + 2);
	if (out == NULL)
		return NULL;
	memcpy(out, admin, n);
	out[n] = '/';
	strcpy(out + n + 1, db);
	if (query)
		strcat(out, query);
	return out;
}

char *
test_db_url(const char *backend, const char *name)
{
	char buf[4096];

	if (strcmp(backend, "pg") == 0) {
		const char *admin = getenv("CHIBO_TEST_PG");
		char db[128], sql[512];
		PGconn *c;
		PGresult *r;

		if (admin == NULL || *admin == '\0') {
			fprintf(stderr, "CHIBO_TEST_PG not set: skipping\n");
			exit(TEST_SKIP);
		}
		snprintf(db, sizeof(db), "t_%s_%ld", name, (long)getpid());
		c = PQconnectdb(admin);
		if (PQstatus(c) != CONNECTION_OK) {
			fprintf(stderr, "cannot reach %s: %s", admin,
			    PQerrorMessage(c));
			exit(1);
		}
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%s\"", db);
		PQclear(PQexec(c, sql));
		snprintf(sql, sizeof(sql),
		    "CREATE DATABASE \"%s\" TEMPLATE template0 ENCODING 'UTF8'"
		    " LC_COLLATE 'C' LC_CTYPE 'C'", db);
		r = PQexec(c, sql);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
			exit(1);
		}
		PQclear(r);
		PQfinish(c);
		return pg_url_with_db(admin, db);
	}
	{
		const char *tmp = getenv("TMPDIR");
		char dir[1024];

		snprintf(dir, sizeof(dir), "%s/chibo-test-XXXXXX",
		    tmp ? tmp : "/tmp");
		if (mkdtemp(dir) == NULL) {
			perror("mkdtemp");
			exit(1);
		}
		snprintf(buf, sizeof(buf), "%s/%s.db", dir, name);
		return strdup(buf);
	}
}

const char *
test_chibo_bin(void)
{
	const char *b = getenv("CHIBO_BIN");

	return b ? b : "build/chibo";
}

const char *
test_data_dir(void)
{
	const char *d = getenv("CHIBO_TEST_DATA");

	return d ? d : "tests/data";
}

char *
test_read_file(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (cap - n < 4096) {
			char *nb = realloc(buf, cap + 65536);

			if (nb == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap += 65536;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (ret_len)
		*ret_len = n;
	return buf;
}

void
test_db_drop(const char *backend, const char *name, const char *url)
{
	if (strcmp(backend, "pg") == 0) {
		char sql[256];
		PGconn *c = PQconnectdb(getenv("CHIBO_TEST_PG"));

		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"t_%s_%ld\"",
		    name, (long)getpid());
		PQclear(PQexec(c, sql));
		PQfinish(c);
	} else {
		char path[4200], *slash;

		unlink(url);
		snprintf(path, sizeof(path), "%s-wal", url);
		unlink(path);
		snprintf(path, sizeof(path), "%s-shm", url);
		unlink(path);
		snprintf(path, sizeof(path), "%s", url);
		if ((slash = strrchr(path, '/')) != NULL) {
			*slash = '\0';
			rmdir(path);
		}
	}
}
