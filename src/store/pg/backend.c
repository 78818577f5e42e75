/*
 * backend.c - the PostgreSQL backend: the vtable of store-int.h over
 * libpq.
 *
 * Statements are prepared lazily, once per connection, as named server-side
 * statements ("s<id>"); their parameter count is read from the SQL text.
 * Parameters travel as text, except bytea ones, which travel in binary;
 * results come back as text (bytea in hex "\x..." form, decoded here).
 * Each session is set to DateStyle ISO, client_encoding UTF8, bytea_output
 * hex and time zone UTC.  If the server connection breaks, the next
 * prepare resets it and prepares again; a statement that finds it broken
 * reconnects and runs once more when that cannot do anything twice
 * (retry_safe: outside a transaction, a BEGIN or a read; never inside a
 * transaction, which the break lost), so an idle server's first request after a
 * PostgreSQL restart is answered (issue 12).
 *
 * Connection errors go through url_redact(): libpq quotes parts of a
 * malformed URL (a password among them) in its messages.
 */
#include <errno.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "store/store-int.h"
#include "util/err.h"

#include "util/banned.h"

extern const struct embedded_file pg_migrations[];
extern const size_t pg_migrations_count;

struct bstmt {
	struct conn *c;
	enum stmt id;
	char name[16]; /* server-side name */
	bool prepared; /* on the current server session */
	int nparams;
	char **values; /* nparams bound values, NULL: SQL NULL */
	int *lengths;
	int *formats;  /* 0 text, 1 binary */
	PGresult *res; /* result of the current execution */
	bool executed;
	int row;
	int nrows;
	unsigned char **blobs; /* decoded bytea of the current row */
	size_t *bloblens;
	int nblobs;
};

struct conn {
	PGconn *pg;
	char *url; /* to redact libpq's messages */
	struct bstmt *cache[STMT__MAX];
	PGresult *err; /* the last failed result */
	char msg[256]; /* our own last error, if set */
	bool in_txn;   /* a BEGIN succeeded, no COMMIT or ROLLBACK yet */
};

/*
 * max_parallel_workers_per_gather = 0: no parallel workers for chibo's
 * statements, which are short and many at once.  The search's runs
 * (an ordered index scan under a LIMIT) were planned as a Gather Merge
 * of two workers: nationally, on 2 cores, the page alone's p99 was
 * 231-334 ms with them and 56-59 ms without (docs/performance.md,
 * "PostgreSQL's search without parallel workers").  The bulk import
 * gives its transaction the server's default back (STMT_BULK_TUNE).
 */
static const char session_setup[] =
    "SET DateStyle = 'ISO, YMD';"
    "SET client_encoding = 'UTF8';"
    "SET bytea_output = 'hex';"
    "SET TimeZone = 'UTC';"
    "SET max_parallel_workers_per_gather = 0;"
    "SET client_min_messages = 'warning'";

static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static void
clear_err(struct conn *c)
{
	c->msg[0] = '\0';
	if (c->err != NULL) {
		PQclear(c->err);
		c->err = NULL;
	}
}

/* Keeps res (a failed result) as the connection's last error; without
 * one, the connection's message, redacted. */
static void
keep_err(struct conn *c, PGresult *res)
{
	char *m;

	clear_err(c);
	c->err = res;
	if (res == NULL) {
		m = url_redact(PQerrorMessage(c->pg), c->url);
		snprintf(c->msg, sizeof(c->msg), "%s",
		    m ? m : "out of memory");
		free(m);
	}
}

static int
setup_session(struct conn *c)
{
	PGresult *r = PQexec(c->pg, session_setup);

	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		keep_err(c, r);
		return -CB_ESTORE;
	}
	PQclear(r);
	return 0;
}

static void be_close(struct conn *c);

static int
be_open(const char *url, struct conn **ret, struct cb_error *err)
{
	struct conn *c;
	char where[256], *w, *m;
	int rc;

	*ret = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->url = strdup(url)) == NULL) {
		free(c);
		return store_nomem(err);
	}
	c->pg = PQconnectdb(url);
	if (c->pg == NULL) {
		be_close(c);
		return store_nomem(err);
	}
	if (PQstatus(c->pg) != CONNECTION_OK) {
		/* Name the server and database, never the password (a
		 * malformed URL may have put some of it in the host). */
		snprintf(where, sizeof(where), "postgresql://%s:%s/%s",
		    PQhost(c->pg) ? PQhost(c->pg) : "",
		    PQport(c->pg) ? PQport(c->pg) : "",
		    PQdb(c->pg) ? PQdb(c->pg) : "");
		w = url_redact(where, url);
		m = url_redact(PQerrorMessage(c->pg), url);
		cb_error_detail(err, "postgresql: cannot connect: %s",
		    m ? m : "(out of memory)");
		rc = cb_error_set(err, CB_ESTORE, "db_open_failed",
		    w ? w : "");
		free(w);
		free(m);
		be_close(c);
		return rc;
	}
	PQsetNoticeProcessor(c->pg, quiet, NULL);
	if (setup_session(c) != 0) {
		cb_error_detail(err, "postgresql: session setup: %s",
		    c->err ? PQresultErrorMessage(c->err) : c->msg);
		be_close(c);
		return cb_error_set(err, CB_ESTORE, "db_open_failed", NULL);
	}
	*ret = c;
	return 0;
}

static void
free_blobs(struct bstmt *b)
{
	int i;

	for (i = 0; i < b->nblobs; i++) {
		if (b->blobs[i] != NULL)
			PQfreemem(b->blobs[i]);
		b->blobs[i] = NULL;
	}
}

static void
be_reset(struct bstmt *b)
{
	int i;

	free_blobs(b);
	if (b->res != NULL) {
		PQclear(b->res);
		b->res = NULL;
	}
	b->executed = false;
	b->row = b->nrows = 0;
	for (i = 0; i < b->nparams; i++) {
		free(b->values[i]);
		b->values[i] = NULL;
		b->lengths[i] = 0;
		b->formats[i] = 0;
	}
}

static void
stmt_free(struct bstmt *b)
{
	be_reset(b);
	free(b->values);
	free(b->lengths);
	free(b->formats);
	free(b->blobs);
	free(b->bloblens);
	free(b);
}

static void
be_close(struct conn *c)
{
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++)
		if (c->cache[i] != NULL)
			stmt_free(c->cache[i]);
	clear_err(c);
	PQfinish(c->pg);
	free(c->url);
	free(c);
}

static int
be_exec(struct conn *c, const char *sql)
{
	PGresult *r;
	ExecStatusType s;

	clear_err(c);
	r = PQexec(c->pg, sql);
	s = PQresultStatus(r);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		keep_err(c, r);
		return -CB_ESTORE;
	}
	PQclear(r);
	return 0;
}

/* The highest $N in sql, outside quoted literals and identifiers. */
static int
count_params(const char *sql)
{
	const char *p;
	int max = 0;
	char quote = 0;

	for (p = sql; *p != '\0'; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			continue;
		}
		if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			int n = 0;

			while (p[1] >= '0' && p[1] <= '9' && n < 100000)
				n = n * 10 + (*++p - '0');
			if (n > max)
				max = n;
		}
	}
	return max;
}

/* If the connection broke, reconnects; every statement must then be
 * prepared again. */
static int
ensure_connected(struct conn *c)
{
	int i;

	if (PQstatus(c->pg) == CONNECTION_OK)
		return 0;
	PQreset(c->pg);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		keep_err(c, NULL);
		return -CB_ESTORE;
	}
	for (i = 0; i < STMT__MAX; i++)
		if (c->cache[i] != NULL)
			c->cache[i]->prepared = false;
	return setup_session(c);
}

static int
server_prepare(struct conn *c, struct bstmt *b)
{
	PGresult *r;

	/* Planned at each call instead (exec_prepared). */
	if (pg_stmt_plan_each(b->id)) {
		b->prepared = true;
		return 0;
	}
	r = PQprepare(c->pg, b->name, pg_stmt_sql(b->id), 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		keep_err(c, r);
		return -CB_ESTORE;
	}
	PQclear(r);
	b->prepared = true;
	return 0;
}

static int
be_prepare(struct conn *c, enum stmt id, struct bstmt **ret)
{
	struct bstmt *b;
	const char *sql;
	int rc;

	clear_err(c);
	*ret = NULL;
	if ((int)id < 0 || id >= STMT__MAX ||
	    (sql = pg_stmt_sql(id)) == NULL) {
		snprintf(c->msg, sizeof(c->msg), "statement %d missing",
		    (int)id);
		return -CB_ESTORE;
	}
	/* A connection that broke inside a transaction lost it: a new one
	 * would run the rest of it alone, each statement committed by
	 * itself (and a COMMIT there succeeds with nothing).  Every
	 * statement of that transaction fails; its ROLLBACK ends it, and
	 * the next BEGIN reconnects. */
	if (c->in_txn && PQstatus(c->pg) != CONNECTION_OK) {
		if (id == STMT_COMMIT || id == STMT_ROLLBACK)
			c->in_txn = false;
		if (id != STMT_ROLLBACK) {
			snprintf(c->msg, sizeof(c->msg),
			    "the connection to PostgreSQL broke inside a"
			    " transaction: it was rolled back");
			return -CB_ESTORE;
		}
	}
	if ((rc = ensure_connected(c)) != 0)
		return rc;
	if ((b = c->cache[id]) == NULL) {
		if ((b = calloc(1, sizeof(*b))) == NULL)
			return -CB_ENOMEM;
		b->c = c;
		b->id = id;
		snprintf(b->name, sizeof(b->name), "s%d", (int)id);
		b->nparams = count_params(sql);
		if (b->nparams > 0) {
			b->values = calloc((size_t)b->nparams,
			    sizeof(*b->values));
			b->lengths = calloc((size_t)b->nparams,
			    sizeof(*b->lengths));
			b->formats = calloc((size_t)b->nparams,
			    sizeof(*b->formats));
			if (b->values == NULL || b->lengths == NULL ||
			    b->formats == NULL) {
				b->nparams = 0; /* nothing bound to reset */
				stmt_free(b);
				return -CB_ENOMEM;
			}
		}
		c->cache[id] = b;
	} else {
		be_reset(b);
	}
	if (!b->prepared) {
		bool idle = PQtransactionStatus(c->pg) == PQTRANS_IDLE;

		/* The first use of a broken connection may be this prepare:
		 * outside a transaction, nothing is lost by reconnecting. */
		if ((rc = server_prepare(c, b)) != 0 &&
		    (!idle || PQstatus(c->pg) != CONNECTION_BAD ||
		        (rc = ensure_connected(c)) != 0 ||
		        (rc = server_prepare(c, b)) != 0))
			return rc;
	}
	*ret = b;
	return 0;
}

/* Stores v (malloc'd, or NULL for SQL NULL) as parameter pos. */
static int
set_param(struct bstmt *b, int pos, char *v, int len, int format)
{
	if (pos < 1 || pos > b->nparams) {
		free(v);
		snprintf(b->c->msg, sizeof(b->c->msg),
		    "parameter %d out of range", pos);
		return -CB_ESTORE;
	}
	free(b->values[pos - 1]);
	b->values[pos - 1] = v;
	b->lengths[pos - 1] = len;
	b->formats[pos - 1] = format;
	return 0;
}

static int
be_bind_int64(struct bstmt *b, int pos, int64_t v)
{
	char buf[32], *s;

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	if ((s = strdup(buf)) == NULL)
		return -CB_ENOMEM;
	return set_param(b, pos, s, 0, 0);
}

static int
be_bind_text(struct bstmt *b, int pos, const char *v)
{
	char *s = NULL;

	if (v != NULL && (s = strdup(v)) == NULL)
		return -CB_ENOMEM;
	return set_param(b, pos, s, 0, 0);
}

static int
be_bind_blob(struct bstmt *b, int pos, const void *p, size_t n)
{
	char *s;

	if (n > 0x7fffffff)
		return -CB_ETOOBIG;
	if ((s = malloc(n ? n : 1)) == NULL)
		return -CB_ENOMEM;
	if (n)
		memcpy(s, p, n);
	return set_param(b, pos, s, (int)n, 1);
}

static int
be_bind_null(struct bstmt *b, int pos)
{
	return set_param(b, pos, NULL, 0, 0);
}

/*
 * Whether b, which failed with result res on a connection found broken,
 * may run again on a new one.  It ran outside a transaction (idle before
 * it: nothing of an earlier statement is lost).  Then it may if it
 * changes nothing (a BEGIN, or a SELECT that neither locks nor writes).
 * Any other statement may have been committed before the connection
 * broke, even one the server answered it aborted while shutting down
 * (SQLSTATE class 57P: the termination can be reported after the
 * write's commit): it is not run twice.
 */
static bool
retry_safe(const struct bstmt *b, const PGresult *res, bool idle_before)
{
	const char *sql = pg_stmt_sql(b->id);

	(void)res;
	if (!idle_before || PQstatus(b->c->pg) != CONNECTION_BAD)
		return false;
	if (b->id == STMT_BEGIN)
		return true;
	/* A write is never run twice, even one the server says it
	 * aborted (57P: shutting down): that answer may come after the
	 * write committed. */
	return sql != NULL && strncmp(sql, "SELECT ", 7) == 0 &&
	    !strstr(sql, " FOR UPDATE") && !strstr(sql, "INSERT ") &&
	    !strstr(sql, "UPDATE ") && !strstr(sql, "DELETE ");
}

static PGresult *
exec_prepared(struct bstmt *b)
{
	if (pg_stmt_plan_each(b->id))
		return PQexecParams(b->c->pg, pg_stmt_sql(b->id), b->nparams,
		    NULL, (const char *const *)b->values, b->lengths,
		    b->formats, 0);
	return PQexecPrepared(b->c->pg, b->name, b->nparams,
	    (const char *const *)b->values, b->lengths, b->formats, 0);
}

static enum step
be_step(struct bstmt *b)
{
	ExecStatusType s;
	bool idle;

	free_blobs(b);
	if (b->executed) {
		if (b->row < b->nrows)
			b->row++;
		return b->row < b->nrows ? STEP_ROW : STEP_DONE;
	}
	clear_err(b->c);
	b->executed = true;
	idle = PQtransactionStatus(b->c->pg) == PQTRANS_IDLE;
	b->res = exec_prepared(b);
	s = PQresultStatus(b->res);
	if (s == PGRES_FATAL_ERROR && retry_safe(b, b->res, idle)) {
		/* Once, on a new connection. */
		PQclear(b->res);
		b->res = NULL;
		if (ensure_connected(b->c) != 0 ||
		    server_prepare(b->c, b) != 0)
			return STEP_ERROR;
		b->res = exec_prepared(b);
		s = PQresultStatus(b->res);
	}
	if (b->id == STMT_BEGIN)
		b->c->in_txn = s == PGRES_COMMAND_OK;
	else if (b->id == STMT_COMMIT || b->id == STMT_ROLLBACK)
		b->c->in_txn = false;
	if (s == PGRES_TUPLES_OK) {
		b->nrows = PQntuples(b->res);
		b->row = 0;
		return b->nrows > 0 ? STEP_ROW : STEP_DONE;
	}
	if (s == PGRES_COMMAND_OK) {
		/* COMMIT of a failed transaction rolls it back and says so
		 * only in its command tag: that is no success. */
		if (b->id == STMT_COMMIT &&
		    strcmp(PQcmdStatus(b->res), "ROLLBACK") == 0) {
			snprintf(b->c->msg, sizeof(b->c->msg),
			    "the transaction"
			    " had failed: COMMIT rolled it back");
			return STEP_ERROR;
		}
		return STEP_DONE;
	}
	keep_err(b->c, b->res);
	b->res = NULL;
	return STEP_ERROR;
}

static int64_t
be_changes(struct bstmt *b)
{
	const char *n;

	if (b->res == NULL)
		return 0;
	n = PQcmdTuples(b->res);
	return n && *n ? strtoll(n, NULL, 10) : 0;
}

static bool
valid_cell(struct bstmt *b, int col)
{
	return b->res != NULL && b->row < b->nrows && col >= 0 &&
	    col < PQnfields(b->res);
}

static int64_t
be_column_int64(struct bstmt *b, int col)
{
	if (!valid_cell(b, col) || PQgetisnull(b->res, b->row, col))
		return 0;
	return strtoll(PQgetvalue(b->res, b->row, col), NULL, 10);
}

static const char *
be_column_text(struct bstmt *b, int col)
{
	if (!valid_cell(b, col) || PQgetisnull(b->res, b->row, col))
		return NULL;
	return PQgetvalue(b->res, b->row, col);
}

static const void *
be_column_blob(struct bstmt *b, int col, size_t *len)
{
	int nf;

	*len = 0;
	if (!valid_cell(b, col) || PQgetisnull(b->res, b->row, col))
		return NULL;
	nf = PQnfields(b->res);
	if (b->nblobs < nf) {
		unsigned char **nb;
		size_t *nl;

		nb = realloc(b->blobs, (size_t)nf * sizeof(*nb));
		if (nb == NULL)
			return NULL;
		b->blobs = nb;
		nl = realloc(b->bloblens, (size_t)nf * sizeof(*nl));
		if (nl == NULL)
			return NULL;
		b->bloblens = nl;
		memset(b->blobs + b->nblobs, 0,
		    (size_t)(nf - b->nblobs) * sizeof(*nb));
		b->nblobs = nf;
	}
	if (b->blobs[col] == NULL) {
		b->blobs[col] = PQunescapeBytea(
		    (const unsigned char *)PQgetvalue(b->res, b->row, col),
		    &b->bloblens[col]);
		if (b->blobs[col] == NULL)
			return NULL;
	}
	*len = b->bloblens[col];
	return b->blobs[col];
}

static bool
be_column_is_null(struct bstmt *b, int col)
{
	return !valid_cell(b, col) || PQgetisnull(b->res, b->row, col);
}

static const char *
be_errmsg(struct conn *c)
{
	if (c->msg[0] == '\0' && c->err == NULL)
		keep_err(c, NULL);
	if (c->msg[0] != '\0')
		return c->msg;
	if (c->err != NULL)
		return PQresultErrorMessage(c->err);
	return "";
}

/* "ux_member__citizen_id" -> "citizen_id". */
static void
field_from_name(const char *name, char *field, size_t fieldsz)
{
	const char *p;

	field[0] = '\0';
	if (name == NULL || (p = strstr(name, "__")) == NULL)
		return;
	snprintf(field, fieldsz, "%s", p + 2);
}

static enum dberr
be_errkind(struct conn *c, char *field, size_t fieldsz)
{
	const char *state;

	field[0] = '\0';
	if (c->err == NULL ||
	    (state = PQresultErrorField(c->err, PG_DIAG_SQLSTATE)) == NULL)
		return DBERR_OTHER;
	if (strcmp(state, "23505") == 0) {
		field_from_name(
		    PQresultErrorField(c->err, PG_DIAG_CONSTRAINT_NAME), field,
		    fieldsz);
		return DBERR_UNIQUE;
	}
	if (strcmp(state, "23503") == 0) {
		field_from_name(
		    PQresultErrorField(c->err, PG_DIAG_CONSTRAINT_NAME), field,
		    fieldsz);
		return DBERR_FOREIGN_KEY;
	}
	if (strcmp(state, "23502") == 0) {
		const char *col = PQresultErrorField(c->err,
		    PG_DIAG_COLUMN_NAME);

		snprintf(field, fieldsz, "%s", col ? col : "");
		return DBERR_NOT_NULL;
	}
	if (strcmp(state, "23514") == 0) {
		field_from_name(
		    PQresultErrorField(c->err, PG_DIAG_CONSTRAINT_NAME), field,
		    fieldsz);
		return DBERR_CHECK;
	}
	return DBERR_OTHER;
}

/* ------------------------------------------------------------- COPY */

static int
be_copy_begin(struct conn *c, enum stmt id)
{
	const char *sql = pg_stmt_sql(id);
	PGresult *r;

	clear_err(c);
	if (sql == NULL) {
		snprintf(c->msg, sizeof(c->msg), "statement %d missing",
		    (int)id);
		return -CB_ESTORE;
	}
	r = PQexec(c->pg, sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		keep_err(c, r);
		return -CB_ESTORE;
	}
	PQclear(r);
	return 0;
}

static int
be_copy_data(struct conn *c, const char *buf, size_t n)
{
	/* libpq takes an int: send large buffers in pieces. */
	while (n > 0) {
		int k = n > (1u << 30) ? 1 << 30 : (int)n;

		if (PQputCopyData(c->pg, buf, k) != 1) {
			keep_err(c, NULL);
			return -CB_ESTORE;
		}
		buf += k;
		n -= (size_t)k;
	}
	return 0;
}

static int
be_copy_end(struct conn *c)
{
	PGresult *r;
	int rc = 0;

	clear_err(c);
	if (PQputCopyEnd(c->pg, NULL) != 1) {
		keep_err(c, NULL);
		rc = -CB_ESTORE;
	}
	/* The COPY's result, then the end of the results. */
	while ((r = PQgetResult(c->pg)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == 0) {
			keep_err(c, r);
			rc = -CB_ESTORE;
		} else
			PQclear(r);
	}
	return rc;
}

/*
 * Runs a PostgreSQL client tool (pg_dump, pg_restore) with argv, found on
 * PATH, and waits for it.  Its messages go to our stderr (the operator's
 * terminal).  Missing: -CB_ENOTSUP "tool_missing"; failed: -CB_ESTORE
 * code_failed, the tool named.
 */
extern char **environ;

static int
run_tool(char *const argv[], const char *failed, struct cb_error *err)
{
	pid_t pid;
	int rc, status = 0;

	rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (rc != 0) {
		cb_error_detail(err, "%s: %s", argv[0], strerror(rc));
		return cb_error_set(err, rc == ENOENT ? CB_ENOTSUP : CB_EIO,
		    rc == ENOENT ? "tool_missing" : "io_error", argv[0]);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return cb_error_set(err, CB_EIO, "io_error", argv[0]);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		cb_error_detail(err, "%s exited with status %d", argv[0],
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return cb_error_set(err, CB_ESTORE, failed, argv[0]);
	}
	return 0;
}

/* pg_dump in the custom format, in the snapshot the store's transaction
 * exported: the dump is the database as of that transaction's start. */
static int
be_backup(struct conn *c, const char *snapshot, const char *file,
    struct cb_error *err)
{
	char snap[160], out[4200], db[4200];
	char *argv[] = { (char *)"pg_dump", (char *)"--format=custom",
		(char *)"--no-owner", (char *)"--no-privileges", snap, out, db,
		NULL };

	snprintf(snap, sizeof(snap), "--snapshot=%s", snapshot);
	if (snprintf(out, sizeof(out), "--file=%s", file) >=
	        (int)sizeof(out) ||
	    snprintf(db, sizeof(db), "--dbname=%s", c->url) >= (int)sizeof(db))
		return cb_error_set(err, CB_EINVAL, "io_error", file);
	return run_tool(argv, "backup_failed", err);
}

/* pg_restore in one transaction: all of it or nothing. */
static int
be_restore(const char *file, const char *url, bool force, struct cb_error *err)
{
	char db[4200];
	char *argv[10];
	int n = 0;

	if (snprintf(db, sizeof(db), "--dbname=%s", url) >= (int)sizeof(db))
		return cb_error_set(err, CB_EINVAL, "io_error", url);
	argv[n++] = (char *)"pg_restore";
	argv[n++] = (char *)"--no-owner";
	argv[n++] = (char *)"--no-privileges";
	argv[n++] = (char *)"--exit-on-error";
	argv[n++] = (char *)"--single-transaction";
	if (force) {
		argv[n++] = (char *)"--clean";
		argv[n++] = (char *)"--if-exists";
	}
	argv[n++] = db;
	argv[n++] = (char *)file;
	argv[n] = NULL;
	return run_tool(argv, "restore_failed", err);
}

const struct backend pg_backend = {
	.name = "postgresql",
	.error_aborts_tx = true,
	.sql = pg_stmt_sql,
	.migrations = pg_migrations,
	.nmigrations = &pg_migrations_count,
	.open = be_open,
	.close = be_close,
	.exec = be_exec,
	.prepare = be_prepare,
	.bind_int64 = be_bind_int64,
	.bind_text = be_bind_text,
	/* libpq copies parameters at execution anyway. */
	.bind_text_static = be_bind_text,
	.bind_blob = be_bind_blob,
	.bind_null = be_bind_null,
	.step = be_step,
	.changes = be_changes,
	.column_int64 = be_column_int64,
	.column_text = be_column_text,
	.column_blob = be_column_blob,
	.column_is_null = be_column_is_null,
	.reset = be_reset,
	.copy_begin = be_copy_begin,
	.copy_data = be_copy_data,
	.copy_end = be_copy_end,
	.errmsg = be_errmsg,
	.errkind = be_errkind,
	.backup = be_backup,
	.restore = be_restore,
};
