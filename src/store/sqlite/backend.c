/*
 * backend.c - the SQLite backend: the vtable of store-int.h over the
 * sqlite3 C API.
 *
 * Each connection runs in WAL mode with synchronous=NORMAL (a committed
 * transaction survives a process crash; a power cut may lose the last
 * ones), a checkpoint every 10,000 WAL pages rather than 1,000 (the
 * dossier views commit often, a few pages each: fewer, larger checkpoints
 * write each hot page once; docs/performance.md), foreign keys on and a
 * 5 s busy timeout.  A pool's connections (the server's) leave their
 * checkpoints to a thread of the pool's own (upkeep, below), so that no
 * commit waits for one.  Statements are prepared
 * once per connection (SQLITE_PREPARE_PERSISTENT) and cached by id.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store-int.h"
#include "util/clock.h"
#include "util/err.h"

#include "util/banned.h"

extern const struct embedded_file sqlite_migrations[];
extern const size_t sqlite_migrations_count;

/* The WAL's size, in pages, that calls for a checkpoint. */
#define WAL_PAGES 10000
#define WAL_PAGES_S "10000"

struct bstmt {
	sqlite3_stmt *s;
};

struct conn {
	sqlite3 *db;
	struct bstmt *cache[STMT__MAX];
	char msg[256]; /* our own last error, if set */
};

static void
conn_msg(struct conn *c, const char *fmt, const char *arg)
{
	snprintf(c->msg, sizeof(c->msg), fmt, arg);
}

/*
 * Process-wide settings, made before SQLite initialises: no memory
 * statistics, which SQLite otherwise keeps under one global mutex taken
 * by every allocation of every connection (the server's threads contend
 * for it on every statement).
 */
static pthread_once_t setup_once = PTHREAD_ONCE_INIT;

static void
setup(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Whether word w (n bytes, no space) starts the word of c at byte p. */
static bool
starts_at(const unsigned char *c, size_t cn, size_t p, const unsigned char *w,
    size_t n)
{
	return cn - p >= n && memcmp(c + p, w, n) == 0;
}

/*
 * chibo_qwords(c, w1..w6, n1..n6): for each query word wi not NULL, at
 * least max(ni, 1) words of the folded name c start with it -- what
 * stmts.def's QWORD says in SQL ("' ' || wi" found in "' ' || c", and
 * counted when ni > 1), without building a string per row.  NULL if c
 * is NULL.
 */
static void
fn_qwords(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *c, *w, *sp;
	size_t cn, wn, p;
	sqlite3_int64 need, got;
	int i;

	if (argc != 13 || (c = sqlite3_value_text(argv[0])) == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	cn = (size_t)sqlite3_value_bytes(argv[0]);
	for (i = 1; i <= 6; i++) {
		if ((w = sqlite3_value_text(argv[i])) == NULL)
			continue;
		wn = (size_t)sqlite3_value_bytes(argv[i]);
		need = sqlite3_value_int64(argv[i + 6]);
		need = need < 1 ? 1 : need;
		got = 0;
		for (p = 0; p <= cn && got < need;) {
			if (starts_at(c, cn, p, w, wn))
				got++;
			if ((sp = memchr(c + p, ' ', cn - p)) == NULL)
				break;
			p = (size_t)(sp - c) + 1;
		}
		if (got < need) {
			sqlite3_result_int(ctx, 0);
			return;
		}
	}
	sqlite3_result_int(ctx, 1);
}

/*
 * chibo_first_at(c, off, w): whether the first word of the folded name c
 * starting with w is the one at character offset off (stmts.def's
 * FIRST_START). NULL if an argument is.
 */
static void
fn_first_at(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *c, *w, *sp;
	sqlite3_int64 off, chars = 0;
	size_t cn, wn, p = 0, i;

	if (argc != 3 || (c = sqlite3_value_text(argv[0])) == NULL ||
	    sqlite3_value_type(argv[1]) == SQLITE_NULL ||
	    (w = sqlite3_value_text(argv[2])) == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	cn = (size_t)sqlite3_value_bytes(argv[0]);
	wn = (size_t)sqlite3_value_bytes(argv[2]);
	off = sqlite3_value_int64(argv[1]);
	for (;;) {
		if (starts_at(c, cn, p, w, wn)) {
			/* The characters before byte p. */
			for (i = 0; i < p; i++)
				chars += (c[i] & 0xC0) != 0x80;
			sqlite3_result_int(ctx, chars == off);
			return;
		}
		if ((sp = memchr(c + p, ' ', cn - p)) == NULL)
			break;
		p = (size_t)(sp - c) + 1;
	}
	sqlite3_result_int(ctx, 0);
}

/*
 * chibo_mwords(name): the words of a folded name as rows (word, pos, off)
 * by mword_next's rule (store-int.h), an eponymous table-valued function
 * for the bulk loader's STMT_MWORD_FILL: the split in C instead of a
 * recursive CTE, which cost the SQLite import as much as the sort of
 * the words did (docs/performance.md).
 */
enum { MW_WORD, MW_POS, MW_OFF, MW_NAME };

struct mw_cursor {
	sqlite3_vtab_cursor base;
	char *name;
	struct mword_iter it;
	bool eof;
	sqlite3_int64 rowid;
};

static int
mw_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
    sqlite3_vtab **vt, char **err)
{
	int rc;

	(void)aux;
	(void)argc;
	(void)argv;
	(void)err;
	rc = sqlite3_declare_vtab(db,
	    "CREATE TABLE x(word TEXT, pos INTEGER,"
	    " off INTEGER, name HIDDEN)");
	if (rc != SQLITE_OK)
		return rc;
	if ((*vt = sqlite3_malloc(sizeof(**vt))) == NULL)
		return SQLITE_NOMEM;
	memset(*vt, 0, sizeof(**vt));
	sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
	return SQLITE_OK;
}

static int
mw_disconnect(sqlite3_vtab *vt)
{
	sqlite3_free(vt);
	return SQLITE_OK;
}

/* Only with the name given (name = ?): one call per name. */
static int
mw_best_index(sqlite3_vtab *vt, sqlite3_index_info *ii)
{
	int i;

	(void)vt;
	for (i = 0; i < ii->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &ii->aConstraint[i];

		if (c->iColumn == MW_NAME &&
		    c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
			if (!c->usable)
				return SQLITE_CONSTRAINT;
			ii->aConstraintUsage[i].argvIndex = 1;
			ii->aConstraintUsage[i].omit = 1;
			ii->estimatedCost = 10;
			ii->estimatedRows = 4;
			return SQLITE_OK;
		}
	}
	return SQLITE_CONSTRAINT;
}

static int
mw_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **cur)
{
	struct mw_cursor *c;

	(void)vt;
	if ((c = sqlite3_malloc(sizeof(*c))) == NULL)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof(*c));
	c->eof = true;
	*cur = &c->base;
	return SQLITE_OK;
}

static int
mw_close(sqlite3_vtab_cursor *cur)
{
	struct mw_cursor *c = (struct mw_cursor *)cur;

	sqlite3_free(c->name);
	sqlite3_free(c);
	return SQLITE_OK;
}

static int
mw_next(sqlite3_vtab_cursor *cur)
{
	struct mw_cursor *c = (struct mw_cursor *)cur;

	c->eof = !mword_next(&c->it);
	c->rowid++;
	return SQLITE_OK;
}

static int
mw_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr, int argc,
    sqlite3_value **argv)
{
	struct mw_cursor *c = (struct mw_cursor *)cur;
	const unsigned char *name;

	(void)idx;
	(void)idxstr;
	sqlite3_free(c->name);
	c->name = NULL;
	c->eof = true;
	c->rowid = 0;
	if (argc != 1 || (name = sqlite3_value_text(argv[0])) == NULL)
		return SQLITE_OK; /* a NULL name has no words */
	if ((c->name = sqlite3_mprintf("%s", name)) == NULL)
		return SQLITE_NOMEM;
	c->it = (struct mword_iter)MWORD_ITER(c->name);
	return mw_next(cur);
}

static int
mw_eof(sqlite3_vtab_cursor *cur)
{
	return ((struct mw_cursor *)cur)->eof;
}

static int
mw_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct mw_cursor *c = (const struct mw_cursor *)cur;

	switch (col) {
	case MW_WORD:
		sqlite3_result_text(ctx, c->it.w, (int)c->it.wl,
		    SQLITE_TRANSIENT);
		break;
	case MW_POS:
		sqlite3_result_int(ctx, c->it.pos);
		break;
	case MW_OFF:
		sqlite3_result_int64(ctx, c->it.off);
		break;
	default:
		sqlite3_result_text(ctx, c->name, -1, SQLITE_TRANSIENT);
		break;
	}
	return SQLITE_OK;
}

static int
mw_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = ((const struct mw_cursor *)cur)->rowid;
	return SQLITE_OK;
}

static const sqlite3_module mwords_module = {
	.iVersion = 0,
	.xConnect = mw_connect,
	.xBestIndex = mw_best_index,
	.xDisconnect = mw_disconnect,
	.xOpen = mw_open,
	.xClose = mw_close,
	.xFilter = mw_filter,
	.xNext = mw_next,
	.xEof = mw_eof,
	.xColumn = mw_column,
	.xRowid = mw_rowid,
};

/* The functions the statements call (stmts.c). */
static int
add_functions(sqlite3 *db)
{
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC |
	    SQLITE_INNOCUOUS;
	int rc;

	rc = sqlite3_create_function(db, "chibo_qwords", 13, flags, NULL,
	    fn_qwords, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "chibo_first_at", 3, flags,
		    NULL, fn_first_at, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_module(db, "chibo_mwords", &mwords_module,
		    NULL);
	return rc;
}

static int
be_open(const char *url, struct conn **ret, struct cb_error *err)
{
	static const char pragmas[] =
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA wal_autocheckpoint = " WAL_PAGES_S ";"
	    "PRAGMA foreign_keys = ON;";
	struct conn *c;
	char *msg = NULL, *name;
	int rc;

	*ret = NULL;
	pthread_once(&setup_once, setup);
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return store_nomem(err);
	rc = sqlite3_open_v2(url, &c->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(c->db, 1);
		sqlite3_busy_timeout(c->db, 5000);
		rc = add_functions(c->db);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(c->db, pragmas, NULL, NULL, &msg);
	if (rc == SQLITE_OK) {
		*ret = c;
		return 0;
	}
	/* The name as given may be a mistyped PostgreSQL URL: no password
	 * in the messages. */
	name = url_redact(url, url);
	cb_error_detail(err, "sqlite: cannot open %s: %s",
	    name ? name : "(out of memory)",
	    msg       ? msg :
	        c->db ? sqlite3_errmsg(c->db) :
	                sqlite3_errstr(rc));
	rc = cb_error_set(err, CB_ESTORE, "db_open_failed", name ? name : "");
	free(name);
	sqlite3_free(msg);
	sqlite3_close(c->db);
	free(c);
	return rc;
}

static void
be_close(struct conn *c)
{
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++) {
		if (c->cache[i] == NULL)
			continue;
		sqlite3_finalize(c->cache[i]->s);
		free(c->cache[i]);
	}
	sqlite3_close_v2(c->db);
	free(c);
}

static int
be_exec(struct conn *c, const char *sql)
{
	char *msg = NULL;
	int rc;

	c->msg[0] = '\0';
	rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		conn_msg(c, "%s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return rc == SQLITE_NOMEM ? -CB_ENOMEM : -CB_ESTORE;
	}
	return 0;
}

static int
be_prepare(struct conn *c, enum stmt id, struct bstmt **ret)
{
	struct bstmt *b;
	const char *sql;
	int rc;

	c->msg[0] = '\0';
	*ret = NULL;
	if ((int)id < 0 || id >= STMT__MAX) {
		conn_msg(c, "%s", "statement id out of range");
		return -CB_ESTORE;
	}
	if ((b = c->cache[id]) != NULL) {
		sqlite3_reset(b->s);
		sqlite3_clear_bindings(b->s);
		*ret = b;
		return 0;
	}
	if ((sql = sqlite_stmt_sql(id)) == NULL) {
		conn_msg(c, "%s", "statement missing from the table");
		return -CB_ESTORE;
	}
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return -CB_ENOMEM;
	rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &b->s, NULL);
	if (rc != SQLITE_OK || b->s == NULL) {
		if (rc == SQLITE_OK)
			conn_msg(c, "%s", "empty statement");
		sqlite3_finalize(b->s);
		free(b);
		return rc == SQLITE_NOMEM ? -CB_ENOMEM : -CB_ESTORE;
	}
	c->cache[id] = b;
	*ret = b;
	return 0;
}

static int
bind_rc(int rc)
{
	if (rc == SQLITE_OK)
		return 0;
	if (rc == SQLITE_TOOBIG)
		return -CB_ETOOBIG; /* as the PostgreSQL backend */
	return rc == SQLITE_NOMEM ? -CB_ENOMEM : -CB_ESTORE;
}

static int
be_bind_int64(struct bstmt *b, int pos, int64_t v)
{
	return bind_rc(sqlite3_bind_int64(b->s, pos, v));
}

static int
be_bind_text(struct bstmt *b, int pos, const char *v)
{
	if (v == NULL)
		return bind_rc(sqlite3_bind_null(b->s, pos));
	return bind_rc(sqlite3_bind_text64(b->s, pos, v, strlen(v),
	    SQLITE_TRANSIENT, SQLITE_UTF8));
}

static int
be_bind_text_static(struct bstmt *b, int pos, const char *v)
{
	if (v == NULL)
		return bind_rc(sqlite3_bind_null(b->s, pos));
	return bind_rc(sqlite3_bind_text64(b->s, pos, v, strlen(v),
	    SQLITE_STATIC, SQLITE_UTF8));
}

static int
be_bind_blob(struct bstmt *b, int pos, const void *p, size_t n)
{
	/* A NULL pointer would bind SQL NULL: an empty blob is a zeroblob. */
	if (n == 0)
		return bind_rc(sqlite3_bind_zeroblob(b->s, pos, 0));
	return bind_rc(sqlite3_bind_blob64(b->s, pos, p, n, SQLITE_TRANSIENT));
}

static int
be_bind_null(struct bstmt *b, int pos)
{
	return bind_rc(sqlite3_bind_null(b->s, pos));
}

static enum step
be_step(struct bstmt *b)
{
	switch (sqlite3_step(b->s)) {
	case SQLITE_ROW:
		return STEP_ROW;
	case SQLITE_DONE:
		return STEP_DONE;
	default:
		return STEP_ERROR;
	}
}

static int64_t
be_changes(struct bstmt *b)
{
	return sqlite3_changes64(sqlite3_db_handle(b->s));
}

static int64_t
be_column_int64(struct bstmt *b, int col)
{
	return sqlite3_column_int64(b->s, col);
}

static const char *
be_column_text(struct bstmt *b, int col)
{
	if (sqlite3_column_type(b->s, col) == SQLITE_NULL)
		return NULL;
	return (const char *)sqlite3_column_text(b->s, col);
}

static const void *
be_column_blob(struct bstmt *b, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(b->s, col);

	*len = (size_t)sqlite3_column_bytes(b->s, col);
	return p;
}

static bool
be_column_is_null(struct bstmt *b, int col)
{
	return sqlite3_column_type(b->s, col) == SQLITE_NULL;
}

static void
be_reset(struct bstmt *b)
{
	sqlite3_reset(b->s);
	sqlite3_clear_bindings(b->s);
}

static const char *
be_errmsg(struct conn *c)
{
	if (c->msg[0] != '\0')
		return c->msg;
	return sqlite3_errmsg(c->db);
}

/* Copies the field out of "UNIQUE constraint failed: member.citizen_id"
 * (first column of "t.a, t.b") or "CHECK constraint failed: ck_member__x". */
static void
field_from_msg(const char *msg, char *field, size_t fieldsz)
{
	const char *p, *end;
	size_t n;

	field[0] = '\0';
	if ((p = strstr(msg, ": ")) == NULL)
		return;
	p += 2;
	end = p + strcspn(p, ", ");
	for (n = 0; p + n < end; n++)
		if (p[n] == '.')
			break;
	if (p + n < end) {
		p += n + 1;
	} else {
		const char *u = strstr(p, "__");

		if (u == NULL || u >= end)
			return;
		p = u + 2;
	}
	n = (size_t)(end - p);
	if (n >= fieldsz)
		n = fieldsz - 1;
	memcpy(field, p, n);
	field[n] = '\0';
}

/*
 * Copies database src (its "main") into the file to, page by page, in
 * one step: the source's read transaction (if one is open, its snapshot)
 * holds for the whole copy, and writers go on (WAL).  The copy is one
 * self-contained file (rollback journal mode).
 */
static int
copy_db(sqlite3 *src, const char *to, struct cb_error *err)
{
	sqlite3_backup *b;
	sqlite3 *dst = NULL;
	int rc, tries = 0;

	if (sqlite3_open_v2(to, &dst,
	        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		cb_error_detail(err, "sqlite: %s",
		    dst ? sqlite3_errmsg(dst) : "out of memory");
		sqlite3_close(dst);
		return cb_error_set(err, CB_EIO, "io_error", to);
	}
	sqlite3_busy_timeout(dst, 5000);
	if ((b = sqlite3_backup_init(dst, "main", src, "main")) == NULL) {
		cb_error_detail(err, "sqlite backup: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
	/* -1: every page in one step, under one read lock of the source
	 * (BUSY only while a checkpoint restarts the log: retried). */
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED) {
		if (++tries > 100)
			break;
		sqlite3_sleep(50);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		cb_error_detail(err, "sqlite backup: %s", sqlite3_errstr(rc));
		sqlite3_close(dst);
		return cb_error_set(err,
		    rc == SQLITE_NOTADB ? CB_EINVAL : CB_ESTORE,
		    rc == SQLITE_NOTADB ? "backup_invalid" : "storage_error",
		    NULL);
	}
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL,
	        NULL) != SQLITE_OK) {
		cb_error_detail(err, "sqlite backup: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
	if (sqlite3_close(dst) != SQLITE_OK)
		return cb_error_set(err, CB_EIO, "io_error", to);
	return 0;
}

static int
be_backup(struct conn *c, const char *snapshot, const char *file,
    struct cb_error *err)
{
	(void)snapshot; /* the connection's own read transaction */
	return copy_db(c->db, file, err);
}

/* The backup file into the database path url: copied next to it, then
 * renamed over it (its log and shared memory of an older database go). */
static int
be_restore(const char *file, const char *url, bool force, struct cb_error *err)
{
	char part[4096], side[4096];
	sqlite3 *src = NULL;
	int rc;

	(void)force; /* store_restore refused a database with data */
	if (snprintf(part, sizeof(part), "%s.restore-part", url) >=
	    (int)sizeof(part))
		return cb_error_set(err, CB_EINVAL, "io_error", url);
	remove(part);
	if (sqlite3_open_v2(file, &src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(src);
		return cb_error_set(err, CB_EINVAL, "backup_invalid", file);
	}
	rc = copy_db(src, part, err);
	sqlite3_close(src);
	if (rc != 0) {
		remove(part);
		if (err != NULL && err->mcode != NULL &&
		    strcmp(err->mcode, "backup_invalid") == 0) {
			free(err->arg);
			err->arg = strdup(file);
		}
		return rc;
	}
	snprintf(side, sizeof(side), "%s-wal", url);
	remove(side);
	snprintf(side, sizeof(side), "%s-shm", url);
	remove(side);
	if (rename(part, url) != 0) {
		remove(part);
		return cb_error_set(err, CB_EIO, "io_error", url);
	}
	return 0;
}

static enum dberr
be_errkind(struct conn *c, char *field, size_t fieldsz)
{
	field[0] = '\0';
	if (c->msg[0] != '\0')
		return DBERR_OTHER;
	switch (sqlite3_extended_errcode(c->db)) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		field_from_msg(sqlite3_errmsg(c->db), field, fieldsz);
		return DBERR_UNIQUE;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return DBERR_FOREIGN_KEY;
	case SQLITE_CONSTRAINT_NOTNULL:
		field_from_msg(sqlite3_errmsg(c->db), field, fieldsz);
		return DBERR_NOT_NULL;
	case SQLITE_CONSTRAINT_CHECK:
		field_from_msg(sqlite3_errmsg(c->db), field, fieldsz);
		return DBERR_CHECK;
	default:
		return DBERR_OTHER;
	}
}

/*
 * Checkpoints off the commits.  With wal_autocheckpoint, the commit that
 * takes the WAL past WAL_PAGES runs the checkpoint itself before it
 * returns: under the GET load that is the flusher's commit of the
 * dossier views, and every request waiting for it waits for the
 * checkpoint too (the p99 of the load was 42-59 ms with it, 7 ms
 * without: docs/performance.md).  A pool's connections instead wake the
 * upkeep thread, which checkpoints over a connection of its own.  Its
 * checkpoints are PASSIVE, as the automatic ones: they copy what no
 * reader still needs and neither wait for nor block the writers or the
 * readers.  At most one every UPKEEP_PAUSE_MS (a checkpoint that could
 * not copy everything, held back by a long read, is not retried at
 * every commit).  Should the thread fall far behind (the WAL at
 * WAL_PAGES_INLINE pages), the committing connection checkpoints
 * itself, so that the WAL never grows without bound.
 */
#define WAL_PAGES_INLINE (10 * WAL_PAGES)
#define UPKEEP_PAUSE_MS 100

struct upkeep {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	struct conn *c; /* the thread's own */
	bool want;
	bool stop;
	uint64_t checkpoints; /* made (not BUSY), under lock */
};

static int
wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct upkeep *u = arg;

	if (pages >= WAL_PAGES_INLINE)
		(void)sqlite3_wal_checkpoint_v2(db, name,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	else if (pages >= WAL_PAGES) {
		pthread_mutex_lock(&u->lock);
		if (!u->want) {
			u->want = true;
			pthread_cond_signal(&u->wake);
		}
		pthread_mutex_unlock(&u->lock);
	}
	return SQLITE_OK;
}

static void *
upkeep_main(void *arg)
{
	struct upkeep *u = arg;
	struct timespec until;
	int rc;

	pthread_mutex_lock(&u->lock);
	while (!u->stop) {
		if (!u->want) {
			pthread_cond_wait(&u->wake, &u->lock);
			continue;
		}
		u->want = false;
		pthread_mutex_unlock(&u->lock);
		/* BUSY (another process's checkpoint) or an error: the next
		 * commit past WAL_PAGES asks again. */
		rc = sqlite3_wal_checkpoint_v2(u->c->db, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&u->lock);
		if (rc == SQLITE_OK)
			u->checkpoints++;
		clock_deadline(&until, CLOCK_MONOTONIC,
		    UPKEEP_PAUSE_MS * 1000LL);
		while (!u->stop &&
		    pthread_cond_timedwait(&u->wake, &u->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&u->lock);
	return NULL;
}

static int
be_upkeep_start(const char *url, struct store *const *conns, int n, void **ret,
    struct cb_error *err)
{
	pthread_condattr_t ca;
	struct upkeep *u;
	int i, rc;

	*ret = NULL;
	if ((u = calloc(1, sizeof(*u))) == NULL)
		return store_nomem(err);
	if ((rc = be_open(url, &u->c, err)) != 0) {
		free(u);
		return rc;
	}
	pthread_mutex_init(&u->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&u->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&u->thread, NULL, upkeep_main, u) != 0) {
		pthread_cond_destroy(&u->wake);
		pthread_mutex_destroy(&u->lock);
		be_close(u->c);
		free(u);
		cb_error_detail(err, "sqlite: no thread for the checkpoints");
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	/* Replaces each connection's automatic checkpoint (itself a WAL
	 * hook). */
	for (i = 0; i < n; i++)
		(void)sqlite3_wal_hook(conns[i]->conn->db, wal_hook, u);
	*ret = u;
	return 0;
}

static void
be_upkeep_stop(void *arg, struct store *const *conns, int n)
{
	struct upkeep *u = arg;
	int i;

	for (i = 0; i < n; i++)
		(void)sqlite3_wal_autocheckpoint(conns[i]->conn->db,
		    WAL_PAGES);
	pthread_mutex_lock(&u->lock);
	u->stop = true;
	pthread_cond_signal(&u->wake);
	pthread_mutex_unlock(&u->lock);
	pthread_join(u->thread, NULL);
	pthread_cond_destroy(&u->wake);
	pthread_mutex_destroy(&u->lock);
	be_close(u->c);
	free(u);
}

static uint64_t
be_upkeep_checkpoints(void *arg)
{
	struct upkeep *u = arg;
	uint64_t n;

	pthread_mutex_lock(&u->lock);
	n = u->checkpoints;
	pthread_mutex_unlock(&u->lock);
	return n;
}

const struct backend sqlite_backend = {
	.name = "sqlite",
	.error_aborts_tx = false,
	.sql = sqlite_stmt_sql,
	.migrations = sqlite_migrations,
	.nmigrations = &sqlite_migrations_count,
	.open = be_open,
	.close = be_close,
	.exec = be_exec,
	.prepare = be_prepare,
	.bind_int64 = be_bind_int64,
	.bind_text = be_bind_text,
	.bind_text_static = be_bind_text_static,
	.bind_blob = be_bind_blob,
	.bind_null = be_bind_null,
	.step = be_step,
	.changes = be_changes,
	.column_int64 = be_column_int64,
	.column_text = be_column_text,
	.column_blob = be_column_blob,
	.column_is_null = be_column_is_null,
	.reset = be_reset,
	.errmsg = be_errmsg,
	.errkind = be_errkind,
	.backup = be_backup,
	.restore = be_restore,
	.upkeep_start = be_upkeep_start,
	.upkeep_stop = be_upkeep_stop,
	.upkeep_checkpoints = be_upkeep_checkpoints,
};
