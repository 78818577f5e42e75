/*
 * store.c - connections, the query helper, migrations, transactions and
 * metadata, written once for both backends (see store-int.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store-int.h"
#include "util/date.h"
#include "util/err.h"
#include "util/sb.h"
#include "util/text.h"

#include "util/banned.h"

/* ------------------------------------------------------- connections */

bool
store_url_is_pg(const char *dburl)
{
	return dburl != NULL &&
	    (strncmp(dburl, "postgresql://", 13) == 0 ||
	        strncmp(dburl, "postgres://", 11) == 0);
}

int
store_open(const char *dburl, struct store **ret, struct cb_error *err)
{
	struct store *st;
	int rc;

	*ret = NULL;
	if (dburl == NULL || *dburl == '\0') {
		cb_error_detail(err, "store: no database given");
		return cb_error_set(err, CB_EINVAL, "invalid", NULL);
	}
	if ((st = calloc(1, sizeof(*st))) == NULL)
		return store_nomem(err);
	st->be = store_url_is_pg(dburl) ? &pg_backend : &sqlite_backend;
	if ((rc = st->be->open(dburl, &st->conn, err)) != 0) {
		free(st);
		return rc;
	}
	*ret = st;
	return 0;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	while (st->depth > 0)
		store_rollback(st);
	st->be->close(st->conn);
	free(st->own_org_path);
	free(st);
}

const char *
store_backend_name(const struct store *st)
{
	return st->be->name;
}

/* ------------------------------------------------------ query helper */

int
store_nomem(struct cb_error *err)
{
	return cb_error_set(err, CB_ENOMEM, "out_of_memory", NULL);
}

void
store_now(char *buf)
{
	timestamp_utc(time(NULL), buf);
}

/* A failure of the backend itself (not a constraint): CB_ESTORE, or
 * CB_ENOMEM, with the backend's message as the detail. */
static int
db_fail(struct store *st, enum stmt id, int rc, struct cb_error *err)
{
	const char *sql = st->be->sql(id);

	if (rc == -CB_ENOMEM)
		return store_nomem(err);
	cb_error_detail(err, "%s: %s [statement %d: %.60s]", st->be->name,
	    st->be->errmsg(st->conn), (int)id, sql ? sql : "(none)");
	return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
}

int
q_open(struct q *q, struct store *st, enum stmt id, struct cb_error *err)
{
	int rc;

	memset(q, 0, sizeof(*q));
	q->st = st;
	q->id = id;
	/* The statement table per role (store-policy.c). */
	if (!store_stmt_allowed(st->who, (int)id)) {
		cb_error_detail(err, "store: statement %d not allowed for %s",
		    (int)id,
		    st->who->username ? st->who->username : "(principal)");
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	}
	if ((rc = st->be->prepare(st->conn, id, &q->s)) != 0) {
		q->s = NULL;
		return db_fail(st, id, rc, err);
	}
	return 0;
}

static void
q_keep(struct q *q, int rc)
{
	if (rc != 0 && q->rc == 0)
		q->rc = rc;
}

void
q_int(struct q *q, int pos, int64_t v)
{
	q_keep(q, q->st->be->bind_int64(q->s, pos, v));
}

void
q_id(struct q *q, int pos, int64_t v)
{
	if (v == 0)
		q_null(q, pos);
	else
		q_int(q, pos, v);
}

void
q_text(struct q *q, int pos, const char *v)
{
	if (v != NULL && !text_utf8_wellformed(v, strlen(v)))
		q_keep(q, -CB_EINVAL);
	else
		q_keep(q, q->st->be->bind_text(q->s, pos, v));
}

void
q_text_opt(struct q *q, int pos, const char *v)
{
	q_text(q, pos, v != NULL && *v != '\0' ? v : NULL);
}

void
q_date(struct q *q, int pos, const char *v)
{
	q_text_opt(q, pos, v);
}

void
q_blob(struct q *q, int pos, const void *p, size_t n)
{
	q_keep(q, q->st->be->bind_blob(q->s, pos, p, n));
}

void
q_null(struct q *q, int pos)
{
	q_keep(q, q->st->be->bind_null(q->s, pos));
}

int
q_step(struct q *q, struct cb_error *err)
{
	const struct backend *be = q->st->be;
	char field[64];
	const char *f;
	enum dberr kind;

	if (q->rc != 0) {
		if (q->rc == -CB_ETOOBIG)
			return cb_error_set(err, CB_ETOOBIG, "too_big", NULL);
		if (q->rc == -CB_EINVAL)
			return cb_error_set(err, CB_EINVAL, "invalid_text",
			    NULL);
		return db_fail(q->st, q->id, q->rc, err);
	}
	switch (be->step(q->s)) {
	case STEP_ROW:
		return 1;
	case STEP_DONE:
		return 0;
	case STEP_ERROR:
		break;
	}
	kind = be->errkind(q->st->conn, field, sizeof(field));
	switch (kind) {
	case DBERR_UNIQUE:
		cb_error_detail(err, "%s: %s", be->name,
		    be->errmsg(q->st->conn));
		cb_error_set(err, CB_ECONFLICT, "duplicate", NULL);
		if (field[0] != '\0')
			cb_error_field(err, 0, field, "duplicate", NULL);
		return -CB_ECONFLICT;
	case DBERR_FOREIGN_KEY:
		cb_error_detail(err, "%s: %s", be->name,
		    be->errmsg(q->st->conn));
		f = q->fk_field != NULL ? q->fk_field : field;
		cb_error_set(err, CB_ENOTFOUND,
		    strcmp(f, "org_id") == 0 || strcmp(f, "parent_id") == 0 ?
		        "org_not_found" :
		        "not_found",
		    NULL);
		if (*f != '\0')
			cb_error_field(err, 0, f, "not_found", NULL);
		return -CB_ENOTFOUND;
	case DBERR_NOT_NULL:
	case DBERR_CHECK:
		cb_error_detail(err, "%s: %s", be->name,
		    be->errmsg(q->st->conn));
		if (field[0] == '\0')
			return cb_error_set(err, CB_EINVAL, "invalid", NULL);
		return cb_error_field(err, 0, field,
		    kind == DBERR_NOT_NULL ? "required" : "invalid_value",
		    NULL);
	case DBERR_OTHER:
		break;
	}
	return db_fail(q->st, q->id, -CB_ESTORE, err);
}

int
q_run(struct q *q, struct cb_error *err)
{
	int rc = q_step(q, err);

	q_done(q);
	return rc < 0 ? rc : 0;
}

int
q_insert_id(struct q *q, const char *now, int64_t *ret_id, char **ret_at,
    struct cb_error *err)
{
	char *at;
	int rc;

	if ((rc = q_step(q, err)) == 1) {
		if ((at = strdup(now)) == NULL) {
			rc = store_nomem(err);
		} else {
			*ret_id = q_col_int(q, 0);
			free(*ret_at);
			*ret_at = at;
			rc = 0;
		}
	} else if (rc == 0) {
		rc = cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
	q_done(q);
	return rc;
}

void
q_done(struct q *q)
{
	if (q->s != NULL)
		q->st->be->reset(q->s);
	q->s = NULL;
}

int64_t
q_col_int(struct q *q, int col)
{
	return q->st->be->column_int64(q->s, col);
}

const char *
q_col_text(struct q *q, int col)
{
	return q->st->be->column_text(q->s, col);
}

int
q_col_dup(struct q *q, int col, char **dst)
{
	const char *v = q_col_text(q, col);

	*dst = NULL;
	if (v == NULL)
		return 0;
	if ((*dst = strdup(v)) == NULL)
		return -CB_ENOMEM;
	return 0;
}

void
q_col_date(struct q *q, int col, char out[DATE_LEN])
{
	const char *v = q_col_text(q, col);
	size_t n = v != NULL ? strnlen(v, DATE_LEN - 1) : 0;

	memcpy(out, v != NULL ? v : "", n);
	out[n] = '\0';
}

const void *
q_col_blob(struct q *q, int col, size_t *len)
{
	return q->st->be->column_blob(q->s, col, len);
}

/* ------------------------------------------------------- transactions */

/* Runs a statement without parameters that returns nothing useful. */
static int
run_simple(struct store *st, enum stmt id, struct cb_error *err)
{
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	return q_run(&q, err);
}

int
store_begin(struct store *st, struct cb_error *err)
{
	int rc;

	rc = run_simple(st, st->depth == 0 ? STMT_BEGIN : STMT_SAVEPOINT, err);
	if (rc == 0)
		st->depth++;
	return rc;
}

int
store_commit(struct store *st, struct cb_error *err)
{
	int rc;

	if (st->depth == 0) {
		cb_error_detail(err, "store: commit without a transaction");
		return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
	rc = run_simple(st, st->depth == 1 ? STMT_COMMIT : STMT_RELEASE, err);
	if (rc != 0) {
		/* The level is gone either way: undo what is left of it. */
		store_rollback(st);
		return rc;
	}
	/* A lock taken at this level now belongs to the enclosing one (and
	 * ends with the transaction). */
	if (st->clock_depth == st->depth)
		st->clock_depth--;
	st->depth--;
	return 0;
}

void
store_rollback(struct store *st)
{
	if (st->depth == 0)
		return;
	if (st->depth == 1) {
		run_simple(st, STMT_ROLLBACK, NULL);
	} else {
		run_simple(st, STMT_ROLLBACK_TO, NULL);
		run_simple(st, STMT_RELEASE, NULL);
	}
	/* A lock taken at this level is released with it. */
	if (st->clock_depth >= st->depth)
		st->clock_depth = 0;
	st->depth--;
}

int
store_depth(const struct store *st)
{
	return st->depth;
}

int
store_guard_begin(struct store *st, bool *guarded, struct cb_error *err)
{
	*guarded = st->be->error_aborts_tx && st->depth > 0;
	return *guarded ? store_begin(st, err) : 0;
}

int
store_guard_end(struct store *st, bool guarded, int rc, struct cb_error *err)
{
	if (!guarded)
		return rc;
	if (rc < 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

/* --------------------------------------------------------- migrations */

int
store_migrations_available(const struct store *st)
{
	size_t n = *st->be->nmigrations;

	/* The number of the last file (numbers may skip, see
	 * store_migrate). */
	return n == 0 ?
	    0 :
	    (int)strtol(st->be->migrations[n - 1].name, NULL, 10);
}

/* Reads the version; the schema_version table must exist. */
static int
read_version(struct store *st, int *ret, struct cb_error *err)
{
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_SCHEMA_VERSION, err)) != 0)
		return rc;
	rc = q_step(&q, err);
	*ret = rc == 1 ? (int)q_col_int(&q, 0) : 0;
	q_done(&q);
	return rc < 0 ? rc : 0;
}

int
store_schema_version(struct store *st, int *ret, struct cb_error *err)
{
	struct q q;
	int rc, exists;

	*ret = 0;
	if ((rc = q_open(&q, st, STMT_SCHEMA_EXISTS, err)) != 0)
		return rc;
	rc = q_step(&q, err);
	exists = rc == 1 && q_col_int(&q, 0) != 0;
	q_done(&q);
	if (rc < 0)
		return rc;
	return exists ? read_version(st, ret, err) : 0;
}

/* Applies migration number v (file m) in its own transaction, unless
 * another process did it meanwhile. */
static int
apply_one(struct store *st, int v, const struct embedded_file *m,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	int rc, cur;

	if ((rc = store_begin(st, err)) != 0)
		return rc;
	if ((rc = run_simple(st, STMT_MIGRATE_LOCK, err)) != 0 ||
	    (rc = read_version(st, &cur, err)) != 0)
		goto fail;
	if (cur >= v)
		return store_commit(st, err);
	if ((rc = st->be->exec(st->conn, m->data)) != 0) {
		cb_error_detail(err, "%s: migration %s: %s", st->be->name,
		    m->name, st->be->errmsg(st->conn));
		rc = rc == -CB_ENOMEM ?
		    store_nomem(err) :
		    cb_error_set(err, CB_ESTORE, "storage_error", NULL);
		goto fail;
	}
	store_now(now);
	if ((rc = q_open(&q, st, STMT_SCHEMA_RECORD, err)) != 0)
		goto fail;
	q_int(&q, 1, v);
	q_text(&q, 2, m->name);
	q_text(&q, 3, now);
	if ((rc = q_run(&q, err)) != 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return rc;
}

int
store_migrate(struct store *st, int *ret_version, struct cb_error *err)
{
	const struct embedded_file *m = st->be->migrations;
	size_t i, n = *st->be->nmigrations;
	int rc, cur;

	if (ret_version != NULL)
		*ret_version = 0;
	if (st->depth != 0) {
		cb_error_detail(err, "store: migrate inside a transaction");
		return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
	if ((rc = run_simple(st, STMT_SCHEMA_INIT, err)) != 0 ||
	    (rc = read_version(st, &cur, err)) != 0)
		return rc;
	if (cur > store_migrations_available(st)) {
		cb_error_detail(err,
		    "store: database schema %d is newer than"
		    " this program (%d)",
		    cur, store_migrations_available(st));
		return cb_error_set(err, CB_ESTORE, "database_too_new", NULL);
	}
	for (i = 0; i < n; i++) {
		int v;
		char *end;
		long num;

		/* Files are "NNNN-name.sql", numbered from 1 upwards; a
		 * number may be skipped (numbers are handed out to parallel
		 * work before it is merged), never repeated or reordered. */
		errno = 0;
		num = strtol(m[i].name, &end, 10);
		v = (int)num;
		if (errno != 0 || end == m[i].name || *end != '-' || num < 1 ||
		    num > 9999 ||
		    (i > 0 && num <= strtol(m[i - 1].name, NULL, 10))) {
			cb_error_detail(err,
			    "store: migration %s out of order", m[i].name);
			return cb_error_set(err, CB_ESTORE, "storage_error",
			    NULL);
		}
		if (v <= cur)
			continue;
		if ((rc = apply_one(st, v, &m[i], err)) != 0)
			return rc;
	}
	if ((rc = read_version(st, &cur, err)) != 0)
		return rc;
	if (ret_version != NULL)
		*ret_version = cur;
	return 0;
}

/* --------------------------------------------------------------- meta */

int
store_meta_get(struct store *st, const char *key, char **ret,
    struct cb_error *err)
{
	struct q q;
	int rc;

	*ret = NULL;
	if ((rc = q_open(&q, st, STMT_META_GET, err)) != 0)
		return rc;
	q_text(&q, 1, key);
	if ((rc = q_step(&q, err)) == 1 && q_col_dup(&q, 0, ret) != 0)
		rc = store_nomem(err);
	q_done(&q);
	return rc < 0 ? rc : 0;
}

int
store_meta_set(struct store *st, const char *key, const char *value,
    struct cb_error *err)
{
	struct q q;
	bool g;
	int rc;

	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_META_SET, err)) == 0) {
		q_text(&q, 1, key);
		q_text(&q, 2, value);
		rc = q_run(&q, err);
	}
	return store_guard_end(st, g, rc, err);
}

int
store_meta_add(struct store *st, const char *key, const char *value,
    struct cb_error *err)
{
	struct q q;
	bool g;
	int rc;

	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_META_ADD, err)) == 0) {
		q_text(&q, 1, key);
		q_text(&q, 2, value);
		rc = q_run(&q, err);
	}
	return store_guard_end(st, g, rc, err);
}

/* ------------------------------------------------------------ helpers */

char *
path_upper(const char *path)
{
	size_t n = strlen(path);
	char *p;

	if ((p = strdup(path)) == NULL)
		return NULL;
	if (n > 0 && p[n - 1] == '/')
		p[n - 1] = '0';
	return p;
}

/*
 * Bytewise order of UTF-8 is code point order, so the strings starting
 * with a prefix are exactly those >= prefix and < the prefix with its last
 * code point incremented (dropped, with a carry, if it is the last one).
 * Malformed input falls back to incrementing the last byte.
 */
char *
prefix_successor(const char *prefix, bool *none)
{
	size_t n = strlen(prefix), start, len, i;
	unsigned char *s;
	unsigned long cp;

	*none = false;
	if ((s = malloc(n + 5)) == NULL)
		return NULL;
	memcpy(s, prefix, n + 1);
	while (n > 0) {
		start = n - 1;
		while (start > 0 && (s[start] & 0xC0) == 0x80 && n - start < 4)
			start--;
		len = n - start;
		if (s[start] < 0x80 && len == 1)
			cp = s[start];
		else if ((s[start] & 0xE0) == 0xC0 && len == 2)
			cp = s[start] & 0x1Fu;
		else if ((s[start] & 0xF0) == 0xE0 && len == 3)
			cp = s[start] & 0x0Fu;
		else if ((s[start] & 0xF8) == 0xF0 && len == 4)
			cp = s[start] & 0x07u;
		else
			goto bytes;
		for (i = start + 1; i < n; i++)
			cp = (cp << 6) | (s[i] & 0x3Fu);
		cp++;
		if (cp == 0xD800)
			cp = 0xE000;
		if (cp > 0x10FFFF) {
			n = start; /* carry into the previous one */
			continue;
		}
		n = start + text_utf8_put((uint32_t)cp, s + start);
		s[n] = '\0';
		return (char *)s;
	}
	free(s);
	*none = true;
	return NULL;
bytes:
	while (n > 0 && s[n - 1] == 0xFF)
		n--;
	if (n == 0) {
		free(s);
		*none = true;
		return NULL;
	}
	s[n - 1]++;
	s[n] = '\0';
	return (char *)s;
}

int
store_fold(const char *s, const char *field, char **ret, struct cb_error *err)
{
	if ((*ret = text_fold(s)) != NULL)
		return 0;
	if (!text_utf8_wellformed(s, strlen(s)))
		return cb_error_field(err, 0, field, "invalid_text", NULL);
	return store_nomem(err);
}

int
store_check_date(const char *d, const char *field, struct cb_error *err)
{
	struct date x;

	if (d == NULL || *d == '\0' || date_parse_iso(d, &x) == 0)
		return 0;
	return cb_error_field(err, 0, field, "invalid_date", NULL);
}

/* The decimal value of the n digits at s. */
static int
digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

int
store_check_timestamp(const char *ts, const char *field, struct cb_error *err)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int y, m, d;
	size_t i;

	if (ts == NULL)
		return 0;
	if (strlen(ts) != sizeof(shape) - 1)
		goto bad;
	for (i = 0; shape[i] != '\0'; i++)
		if (shape[i] == 'd' ?
		        ts[i] < '0' || ts[i] > '9' :
		        ts[i] != shape[i])
			goto bad;
	/* Any year from 1 (far futures are how callers say "never"). */
	y = digits(ts, 4);
	m = digits(ts + 5, 2);
	d = digits(ts + 8, 2);
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 &&
	        (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0))) ||
	    digits(ts + 11, 2) > 23 || digits(ts + 14, 2) > 59 ||
	    digits(ts + 17, 2) > 59)
		goto bad;
	return 0;
bad:
	return cb_error_field(err, 0, field, "invalid_value", ts);
}

int
path_parent(const char *path, char **ret)
{
	size_t n = strlen(path);

	*ret = NULL;
	/* "/a/b/" -> "/a/"; "/a/" (a root) -> none. */
	if (n < 2)
		return 0;
	for (n -= 2; n > 0 && path[n] != '/'; n--)
		;
	if (n == 0)
		return 0;
	if ((*ret = strndup(path, n + 1)) == NULL)
		return -CB_ENOMEM;
	return 0;
}

/* --------------------------------------------------------- redaction */

struct secrets {
	char **s;
	size_t n;
	bool nomem;
};

/* Adds v (malloc'd, NULL: out of memory; "" is dropped). */
static void
secret_add(struct secrets *x, char *v)
{
	char **ns;

	if (v != NULL && *v == '\0') {
		free(v);
		return;
	}
	if (v == NULL ||
	    (ns = realloc(x->s, (x->n + 1) * sizeof(*ns))) == NULL) {
		x->nomem = true;
		free(v);
		return;
	}
	x->s = ns;
	x->s[x->n++] = v;
}

static int
hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* p[0..len) raw, percent-decoded, and (if libpq could split it at a
 * delimiter and quote a part) its parts of three bytes or more. */
static void
secret_add_all(struct secrets *x, const char *p, size_t len)
{
	size_t i, o = 0, start = 0;
	char *d;

	if (len == 0)
		return;
	secret_add(x, strndup(p, len));
	if ((d = malloc(len + 1)) == NULL) {
		x->nomem = true;
		return;
	}
	for (i = 0; i < len; i++) {
		if (p[i] == '%' && i + 2 < len && hexdigit(p[i + 1]) >= 0 &&
		    hexdigit(p[i + 2]) >= 0) {
			d[o++] = (char)(hexdigit(p[i + 1]) << 4 |
			    hexdigit(p[i + 2]));
			i += 2;
		} else {
			d[o++] = p[i];
		}
	}
	d[o] = '\0';
	secret_add(x, d);
	for (i = 0; i <= len; i++) {
		if (i < len && strchr("@/:?#&", p[i]) == NULL)
			continue;
		if (i - start >= 3 && i - start < len)
			secret_add(x, strndup(p + start, i - start));
		start = i + 1;
	}
}

/* The passwords of url (see url_redact), longest first. */
static void
url_secrets(const char *url, struct secrets *x)
{
	const char *auth, *q, *at, *colon, *p, *e;
	size_t i, j;

	if ((auth = strstr(url, "://")) == NULL)
		return;
	auth += 3;
	q = auth + strcspn(auth, "?#");
	/* The userinfo ends at the last '@' before the query: a password
	 * with an unescaped '@' or '/' still counts as the password. */
	for (at = NULL, p = auth; p < q; p++)
		if (*p == '@')
			at = p;
	if (at != NULL &&
	    (colon = memchr(auth, ':', (size_t)(at - auth))) != NULL)
		secret_add_all(x, colon + 1, (size_t)(at - colon - 1));
	for (p = q; *p == '?' || *p == '&'; p = e) {
		e = p + 1 + strcspn(p + 1, "&#");
		if (strncmp(p + 1, "password=", 9) == 0)
			secret_add_all(x, p + 10, (size_t)(e - p - 10));
		if (*e != '&')
			break;
	}
	for (i = 1; i < x->n; i++)
		for (j = i; j > 0 && strlen(x->s[j]) > strlen(x->s[j - 1]);
		     j--) {
			char *t = x->s[j];

			x->s[j] = x->s[j - 1];
			x->s[j - 1] = t;
		}
}

char *
url_redact(const char *s, const char *url)
{
	struct secrets x = { NULL, 0, false };
	struct sb b;
	size_t i, k, len;

	if (s == NULL)
		return NULL;
	if (url != NULL)
		url_secrets(url, &x);
	sb_init(&b, 0);
	for (i = 0; s[i] != '\0' && !x.nomem;) {
		for (k = 0; k < x.n; k++) {
			len = strlen(x.s[k]);
			if (strncmp(s + i, x.s[k], len) == 0)
				break;
		}
		if (k < x.n) {
			sb_add(&b, "***");
			i += len;
		} else {
			sb_addc(&b, s[i++]);
		}
	}
	for (k = 0; k < x.n; k++)
		free(x.s[k]);
	free(x.s);
	if (x.nomem) {
		/* Not knowing the secrets, show nothing. */
		sb_release(&b);
		return strdup("***");
	}
	return sb_detach(&b, NULL);
}

/* ------------------------------------------------ contract test hooks */

const char *
store_stmt_sql(const struct store *st, int id)
{
	if (id < 0 || id >= STMT__MAX)
		return NULL;
	return st->be->sql((enum stmt)id);
}

int
store_stmt_prepare(struct store *st, int id, struct cb_error *err)
{
	struct q q;
	int rc;

	if (id < 0 || id >= STMT__MAX)
		return cb_error_set(err, CB_EINVAL, "invalid", NULL);
	if ((rc = q_open(&q, st, (enum stmt)id, err)) != 0)
		return rc;
	q_done(&q);
	return 0;
}
