/*
 * store-bulk.c - bulk loads: organisations and members by the hundred
 * thousand in one transaction, all or nothing (see store.h).
 *
 * When the member table holds no row, its secondary indexes -- whatever
 * the catalogue lists, so every migration's are covered -- are dropped at
 * the start and created again at the end from the catalogue's own
 * definitions (sqlite_master.sql, pg_get_indexdef); on PostgreSQL its
 * foreign keys too (pg_get_constraintdef), whose re-adding checks every
 * row in one pass instead of a trigger per row.  Building indexes after a
 * load is 3-4 times faster than keeping them up to date during it.
 *
 * Rows go through the statement table's STMT_BULK_*: on SQLite a prepared
 * INSERT stepped per row, on PostgreSQL a COPY FROM STDIN in text format,
 * fed from buffers.  Organisations and their "created" events are
 * buffered apart from members and always sent before them, so that a
 * member's organisation is in the database before the member.
 *
 * At the end the roll-up figures are recomputed (store_stats_rebuild),
 * in the same transaction.
 *
 * Members' keys are those of store_member_insert: name_fold, given_fold
 * (folded once, then rotated) and the sort key, whose ICU parts come from
 * a memo of the distinct given names and family-and-middle parts
 * (text_sort_key_memo).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store-field.h"
#include "store/store-int.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/sb.h"
#include "util/text.h"

#include "util/banned.h"

/* Send COPY data in pieces of about this size. */
#define COPY_CHUNK (1u << 20)
/* Deepest organisation a bulk load adds. */
#define BULK_DEPTH 16
/* The organisations last added, whose paths are kept for their children
 * (which come soon after them in a depth-first load). */
#define BULK_RECENT 256

/* An index or foreign key dropped for the load, to make again. */
struct ddl {
	char *name;
	char *def;
};

struct store_bulk {
	struct store *st;
	bool copy; /* PostgreSQL: COPY */
	bool fast; /* member indexes dropped */
	int64_t batch_id;
	char now[TIMESTAMP_LEN];
	char *actor;
	int64_t next_org;
	int64_t next_member;
	int64_t orgs;
	int64_t members;
	struct ddl *indexes;
	size_t nindexes;
	struct ddl *fkeys;
	size_t nfkeys;
	/* The organisations last added (a ring), for their children. */
	int64_t recent_id[BULK_RECENT];
	char *recent_path[BULK_RECENT];
	size_t recent_next;
	struct text_sort_memo *memo;
	/* PostgreSQL: rows waiting for their COPY. */
	struct sb orgbuf;
	struct sb evbuf;
	struct sb membuf;
	bool member_copy; /* the member COPY is open */
	bool failed;
	/* member_word_n's counts of the batch, counted as the rows go by
	 * (a hash table of cap slots, n used). */
	struct wcount *wc;
	size_t wc_cap, wc_n;
};

/* The members of the batch having word at place pos on state. */
struct wcount {
	char *word; /* NULL: a free slot */
	int pos;
	const char *state; /* member_state_name's: compared as pointers */
	int64_t n;
};

static void
ddl_release(struct ddl *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(d[i].name);
		free(d[i].def);
	}
	free(d);
}

/* A failed plain statement (exec, COPY): the error of the backend, with
 * unique and foreign key violations named as q_step names them. */
static int
bulk_fail(struct store *st, int rc, const char *what, struct cb_error *err)
{
	char field[64];
	enum dberr kind;

	if (rc == -CB_ENOMEM)
		return store_nomem(err);
	kind = st->be->errkind(st->conn, field, sizeof(field));
	cb_error_detail(err, "%s: bulk load, %s: %s", st->be->name, what,
	    st->be->errmsg(st->conn));
	switch (kind) {
	case DBERR_UNIQUE:
		cb_error_set(err, CB_ECONFLICT, "duplicate", NULL);
		if (field[0] != '\0')
			cb_error_field(err, 0, field, "duplicate", NULL);
		return -CB_ECONFLICT;
	case DBERR_FOREIGN_KEY:
		cb_error_set(err, CB_ENOTFOUND,
		    strcmp(field, "org_id") == 0 ?
		        "org_not_found" :
		        "not_found",
		    NULL);
		if (field[0] != '\0')
			cb_error_field(err, 0, field, "not_found", NULL);
		return -CB_ENOTFOUND;
	case DBERR_NOT_NULL:
	case DBERR_CHECK:
		if (field[0] == '\0')
			return cb_error_set(err, CB_EINVAL, "invalid", NULL);
		return cb_error_field(err, 0, field,
		    kind == DBERR_NOT_NULL ? "required" : "invalid_value",
		    NULL);
	default:
		return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
}

static int
bulk_exec(struct store *st, const char *sql, const char *what,
    struct cb_error *err)
{
	int rc = st->be->exec(st->conn, sql);

	return rc == 0 ? 0 : bulk_fail(st, rc, what, err);
}

/* Runs statement id of the table through exec (statements that take no
 * parameters and return nothing useful). */
static int
bulk_exec_stmt(struct store *st, enum stmt id, const char *what,
    struct cb_error *err)
{
	const char *sql = st->be->sql(id);

	if (sql == NULL)
		return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	return bulk_exec(st, sql, what, err);
}

/* The catalogue's definitions (STMT_BULK_INDEXES or _FKEYS) for table. */
static int
ddl_list(struct store *st, enum stmt id, const char *table, struct ddl **ret,
    size_t *ret_n, struct cb_error *err)
{
	struct ddl *items = NULL, *d;
	size_t n = 0, cap = 0;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	q_text(&q, 1, table);
	while ((rc = q_step(&q, err)) == 1) {
		if ((d = array_push(&items, &n, &cap, sizeof(*d))) == NULL ||
		    q_col_dup(&q, 0, &d->name) != 0 ||
		    q_col_dup(&q, 1, &d->def) != 0) {
			rc = store_nomem(err);
			break;
		}
		if (d->name == NULL || d->def == NULL) {
			rc = cb_error_set(err, CB_ESTORE, "storage_error",
			    NULL);
			break;
		}
	}
	q_done(&q);
	if (rc < 0) {
		ddl_release(items, n);
		return rc;
	}
	*ret = items;
	*ret_n = n;
	return 0;
}

/* Drops the member table's secondary indexes (and, where the engine can,
 * its foreign keys), keeping their definitions. */
static int
drop_member_indexes(struct store_bulk *b, struct cb_error *err)
{
	struct store *st = b->st;
	char sql[256];
	size_t i;
	int rc;

	if ((rc = ddl_list(st, STMT_BULK_INDEXES, "member", &b->indexes,
	         &b->nindexes, err)) != 0 ||
	    (rc = ddl_list(st, STMT_BULK_FKEYS, "member", &b->fkeys,
	         &b->nfkeys, err)) != 0)
		return rc;
	for (i = 0; i < b->nfkeys; i++) {
		snprintf(sql, sizeof(sql),
		    "ALTER TABLE member DROP CONSTRAINT"
		    " \"%s\"",
		    b->fkeys[i].name);
		if ((rc = bulk_exec(st, sql, "drop foreign key", err)) != 0)
			return rc;
	}
	for (i = 0; i < b->nindexes; i++) {
		snprintf(sql, sizeof(sql), "DROP INDEX \"%s\"",
		    b->indexes[i].name);
		if ((rc = bulk_exec(st, sql, "drop index", err)) != 0)
			return rc;
	}
	return 0;
}

static int
make_member_indexes(struct store_bulk *b, struct cb_error *err)
{
	struct store *st = b->st;
	struct sb sql;
	size_t i;
	int rc = 0;

	for (i = 0; i < b->nindexes && rc == 0; i++)
		rc = bulk_exec(st, b->indexes[i].def, "create index", err);
	sb_init(&sql, 0);
	for (i = 0; i < b->nfkeys && rc == 0; i++) {
		sb_reset(&sql);
		sb_addf(&sql, "ALTER TABLE member ADD CONSTRAINT \"%s\" %s",
		    b->fkeys[i].name, b->fkeys[i].def);
		if ((rc = sb_err(&sql)) != 0)
			rc = store_nomem(err);
		else
			rc = bulk_exec(st, sql.buf, "add foreign key", err);
	}
	sb_release(&sql);
	return rc;
}

int
store_bulk_begin(struct store *st, const struct store_bulk_batch *batch,
    struct store_bulk **ret, struct cb_error *err)
{
	struct store_bulk *b;
	struct q q;
	int rc;

	*ret = NULL;
	if (store_restricted(st))
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	if (st->depth != 0) {
		cb_error_detail(err, "store: bulk load inside a transaction");
		return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
	if ((b = calloc(1, sizeof(*b))) == NULL ||
	    (b->actor = strdup(batch->actor ? batch->actor : "")) == NULL) {
		free(b);
		return store_nomem(err);
	}
	b->st = st;
	b->copy = st->be->copy_begin != NULL;
	sb_init(&b->orgbuf, SIZE_MAX);
	sb_init(&b->evbuf, SIZE_MAX);
	sb_init(&b->membuf, SIZE_MAX);
	store_now(b->now);
	if ((rc = text_sort_memo_new(&b->memo)) != 0) {
		store_bulk_close(b);
		return store_nomem(err);
	}
	if ((rc = store_begin(st, err)) != 0) {
		store_bulk_close(b);
		return rc;
	}
	/* The figures' clock first (store-stats.c's lock order): no write
	 * that keeps them up to date interleaves with the load, which
	 * rebuilds them at the end. */
	{
		const struct stat_clock *clock;

		if ((rc = stat_clock_lock(st, &clock, err)) != 0)
			goto fail;
	}
	if ((rc = bulk_exec_stmt(st, STMT_BULK_TUNE, "tune", err)) != 0)
		goto fail;
	/* Whether the register is empty, and where the ids go on. */
	if ((rc = q_open(&q, st, STMT_BULK_MEMBER_ANY, err)) != 0)
		goto fail;
	if ((rc = q_step(&q, err)) == 1)
		b->fast = q_col_int(&q, 0) == 0;
	q_done(&q);
	if (rc < 0 || (rc = q_open(&q, st, STMT_BULK_MAX_IDS, err)) != 0)
		goto fail;
	if ((rc = q_step(&q, err)) == 1) {
		b->next_org = q_col_int(&q, 0) + 1;
		b->next_member = q_col_int(&q, 2) + 1;
	}
	q_done(&q);
	if (rc < 0 || (rc = q_open(&q, st, STMT_BULK_BATCH_ADD, err)) != 0)
		goto fail;
	q_text(&q, 1, batch->source);
	q_text(&q, 2, batch->file_name);
	q_text(&q, 3, batch->file_sha256);
	q_text(&q, 4, b->actor);
	q_id(&q, 5, batch->user_id);
	q_date(&q, 6, batch->on_date);
	q_text(&q, 7, b->now);
	{
		char *at = NULL;

		rc = q_insert_id(&q, b->now, &b->batch_id, &at, err);
		free(at);
		if (rc != 0)
			goto fail;
	}
	if (b->fast &&
	    ((rc = drop_member_indexes(b, err)) != 0 ||
	        (rc = bulk_exec_stmt(st, STMT_BULK_MWORD_UNKEY,
	             "drop word key", err)) != 0))
		goto fail;
	*ret = b;
	return 0;
fail:
	store_rollback(st);
	store_bulk_close(b);
	return rc < 0 ?
	    rc :
	    cb_error_set(err, CB_ESTORE, "storage_error", NULL);
}

int64_t
store_bulk_batch_id(const struct store_bulk *b)
{
	return b->batch_id;
}

bool
store_bulk_fast(const struct store_bulk *b)
{
	return b->fast;
}

/* ------------------------------------------------------ COPY text rows */

/* Appends one COPY text field: \N for NULL, else the value with
 * backslash, tab, newline and carriage return escaped. */
static void
copy_text(struct sb *b, const char *v, bool last)
{
	const char *p, *run;

	if (v == NULL) {
		sb_addn(b, "\\N", 2);
	} else {
		for (p = run = v; *p; p++) {
			const char *esc = *p == '\\' ? "\\\\" :
			    *p == '\t'               ? "\\t" :
			    *p == '\n'               ? "\\n" :
			    *p == '\r'               ? "\\r" :
			                               NULL;

			if (esc == NULL)
				continue;
			sb_addn(b, run, (size_t)(p - run));
			sb_add(b, esc);
			run = p + 1;
		}
		sb_addn(b, run, (size_t)(p - run));
	}
	sb_addc(b, last ? '\n' : '\t');
}

static void
copy_opt(struct sb *b, const char *v)
{
	copy_text(b, v != NULL && *v != '\0' ? v : NULL, false);
}

static void
copy_int(struct sb *b, int64_t v, bool null_if_zero, bool last)
{
	char buf[24];

	if (null_if_zero && v == 0) {
		copy_text(b, NULL, last);
		return;
	}
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	copy_text(b, buf, last);
}

/* bytea in hex: \\x.. (the backslash itself escaped). */
static void
copy_bytea(struct sb *b, const unsigned char *p, size_t n)
{
	char chunk[129];
	size_t i, k;

	sb_addn(b, "\\\\x", 3);
	for (i = 0; i < n; i += k) {
		k = n - i < 64 ? n - i : 64;
		hash_hex_encode(p + i, k, chunk);
		sb_addn(b, chunk, 2 * k);
	}
	sb_addc(b, '\t');
}

/* Sends the buffered organisations and events (each a COPY of its own),
 * closing the member COPY first if it is open. */
static int
flush_orgs(struct store_bulk *b, struct cb_error *err)
{
	const struct backend *be = b->st->be;
	struct conn *c = b->st->conn;
	int rc;

	if (b->orgbuf.len == 0 && b->evbuf.len == 0)
		return 0;
	if (b->member_copy) {
		b->member_copy = false;
		if ((rc = be->copy_end(c)) != 0)
			return bulk_fail(b->st, rc, "members", err);
	}
	if ((rc = be->copy_begin(c, STMT_BULK_ORG)) != 0 ||
	    (rc = be->copy_data(c, b->orgbuf.buf, b->orgbuf.len)) != 0 ||
	    (rc = be->copy_end(c)) != 0)
		return bulk_fail(b->st, rc, "organisations", err);
	if ((rc = be->copy_begin(c, STMT_BULK_ORG_EVENT)) != 0 ||
	    (rc = be->copy_data(c, b->evbuf.buf, b->evbuf.len)) != 0 ||
	    (rc = be->copy_end(c)) != 0)
		return bulk_fail(b->st, rc, "organisation events", err);
	sb_reset(&b->orgbuf);
	sb_reset(&b->evbuf);
	return 0;
}

/* Sends the buffered members (organisations first). */
static int
flush_members(struct store_bulk *b, struct cb_error *err)
{
	const struct backend *be = b->st->be;
	struct conn *c = b->st->conn;
	int rc;

	if ((rc = flush_orgs(b, err)) != 0)
		return rc;
	if (b->membuf.len == 0)
		return 0;
	if (!b->member_copy) {
		if ((rc = be->copy_begin(c, STMT_BULK_MEMBER)) != 0)
			return bulk_fail(b->st, rc, "members", err);
		b->member_copy = true;
	}
	if ((rc = be->copy_data(c, b->membuf.buf, b->membuf.len)) != 0)
		return bulk_fail(b->st, rc, "members", err);
	sb_reset(&b->membuf);
	return 0;
}

/* ------------------------------------------------------- organisations */

/* The path of a child numbered id of the organisation at parent (NULL: a
 * root), as STMT_ORG_INSERT writes it.  malloc'd; NULL on ENOMEM. */
static char *
child_path(const char *parent, int64_t id)
{
	char *p = NULL;

	if (asprintf(&p, "%s" ORG_PATH_SEGMENT, parent ? parent : "/",
	        (long long)id) < 0)
		return NULL;
	return p;
}

/* The path and depth of the parent: one of the last organisations added,
 * or one already stored. */
static int
parent_path(struct store_bulk *b, int64_t parent_id, char **ret,
    int *ret_depth, struct cb_error *err)
{
	struct q q;
	int i, rc;

	*ret = NULL;
	for (i = 0; i < BULK_RECENT; i++) {
		size_t k = (b->recent_next + BULK_RECENT - 1 - (size_t)i) %
		    BULK_RECENT;

		if (b->recent_id[k] == parent_id &&
		    b->recent_path[k] != NULL) {
			if ((*ret = strdup(b->recent_path[k])) == NULL)
				return store_nomem(err);
			*ret_depth = (int)((strlen(*ret) - 1) / 11) - 1;
			return 0;
		}
	}
	/* Older: stored (on PostgreSQL, send what is buffered first). */
	if (b->copy && (rc = flush_orgs(b, err)) != 0)
		return rc;
	if ((rc = q_open(&q, b->st, STMT_ORG_PATH, err)) != 0)
		return rc;
	q_int(&q, 1, parent_id);
	if ((rc = q_step(&q, err)) == 1 && q_col_dup(&q, 0, ret) != 0)
		rc = store_nomem(err);
	q_done(&q);
	if (rc < 0)
		return rc;
	if (rc == 0 || *ret == NULL) {
		free(*ret);
		*ret = NULL;
		cb_error_set(err, CB_ENOTFOUND, "org_not_found", NULL);
		return cb_error_field(err, 0, "parent_id", "not_found", NULL);
	}
	/* "/0000000001/": one segment of 11 bytes per level. */
	*ret_depth = (int)((strlen(*ret) - 1) / 11) - 1;
	return 0;
}

int
store_bulk_org_add(struct store_bulk *b, struct org *o, struct cb_error *err)
{
	struct store *st = b->st;
	char *name_fold = NULL, *code_fold = NULL, *ppath = NULL, *path;
	unsigned char *name_key = NULL;
	size_t name_key_len = 0, i;
	int depth = 0, pos = 0, rc;
	struct q q;

	if (b->failed)
		return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	/* The required fields (an enum: one of its values), the dates. */
	for (i = 0; i < org_entity.nfields; i++)
		if ((org_entity.fields[i].flags & FF_REQUIRED) &&
		    field_is_empty(&org_entity.fields[i], o))
			return cb_error_set(err, CB_EINVAL, "invalid", NULL);
	if (store_check_dates(&org_entity, o, err) != 0)
		return cb_error_set(err, CB_EINVAL, "invalid", NULL);
	if (o->parent_id != 0 &&
	    (rc = parent_path(b, o->parent_id, &ppath, &depth, err)) != 0)
		return rc;
	if (o->parent_id != 0)
		depth++;
	if (depth >= BULK_DEPTH) {
		free(ppath);
		return cb_error_set(err, CB_EINVAL, "invalid", NULL);
	}
	if ((rc = store_fold(o->name, "name", &name_fold, err)) != 0 ||
	    (rc = store_fold(o->code, "code", &code_fold, err)) != 0)
		goto out;
	if (text_sort_key_plain(o->name, &name_key, &name_key_len) != 0) {
		rc = store_nomem(err);
		goto out;
	}
	if ((path = child_path(ppath, b->next_org)) == NULL) {
		rc = store_nomem(err);
		goto out;
	}
	free(o->path);
	o->path = path;
	o->id = b->next_org;
	o->depth = depth;
	o->version = 1;
	/* The columns of STMT_BULK_ORG: the fields of org_entity in its
	 * order but version (1), the keys derived from name and code after
	 * each, then the times. */
	if (b->copy) {
		struct sb *m = &b->orgbuf;

		for (i = 0; i < org_entity.nfields; i++) {
			const char *v;
			int64_t n;

			if (i == ORG_F_version)
				continue;
			if (field_row_value(&org_entity.fields[i], o, &v, &n))
				copy_int(m, n, false, false);
			else
				copy_text(m, v, false);
			if (i == ORG_F_name) {
				copy_text(m, name_fold, false);
				copy_bytea(m, name_key, name_key_len);
			} else if (i == ORG_F_code) {
				copy_text(m, code_fold, false);
			}
		}
		copy_text(m, b->now, false);
		copy_text(m, b->now, true);
		copy_int(&b->evbuf, o->id, false, false);
		copy_text(&b->evbuf, "created", false);
		copy_opt(&b->evbuf, o->valid_from);
		copy_text(&b->evbuf, b->actor, false);
		copy_text(&b->evbuf, b->now, true);
		if ((rc = sb_err(m)) != 0 || (rc = sb_err(&b->evbuf)) != 0)
			rc = store_nomem(err);
	} else if ((rc = q_open(&q, st, STMT_BULK_ORG, err)) == 0) {
		q.fk_field = "parent_id";
		for (i = 0; i < org_entity.nfields; i++) {
			if (i == ORG_F_version)
				continue;
			q_field(&q, ++pos, &org_entity.fields[i], o);
			if (i == ORG_F_name) {
				q_text(&q, ++pos, name_fold);
				q_blob(&q, ++pos, name_key, name_key_len);
			} else if (i == ORG_F_code) {
				q_text(&q, ++pos, code_fold);
			}
		}
		q_text(&q, ++pos, b->now);
		q_text(&q, ++pos, b->now);
		rc = q_run(&q, err);
		if (rc == 0 &&
		    (rc = q_open(&q, st, STMT_BULK_ORG_EVENT, err)) == 0) {
			q_int(&q, 1, o->id);
			q_text(&q, 2, "created");
			q_date(&q, 3, o->valid_from);
			q_text(&q, 4, b->actor);
			q_text(&q, 5, b->now);
			rc = q_run(&q, err);
		}
	}
	if (rc == 0) {
		size_t k = b->recent_next;

		free(b->recent_path[k]);
		b->recent_path[k] = strdup(o->path);
		b->recent_id[k] = o->id;
		b->recent_next = (k + 1) % BULK_RECENT;
		if (b->recent_path[k] == NULL)
			rc = store_nomem(err);
	}
	if (rc == 0) {
		b->next_org++;
		b->orgs++;
	}
out:
	if (rc != 0)
		b->failed = true;
	free(ppath);
	free(name_fold);
	free(code_fold);
	free(name_key);
	return rc;
}

/* ------------------------------------------------------------ members */

/*
 * given_fold: the folded full name with its last word first.  Folding
 * keeps words apart (it only changes letters), so for a clean name this
 * is the fold of "given family middle"; other names take the long way,
 * as store-member.c does.
 */
static char *
given_fold_of(const char *full, const char *fold)
{
	char *given = NULL, *family = NULL, *s, *f = NULL;
	const char *sp;

	if (text_is_clean(full, strlen(full))) {
		if ((sp = strrchr(fold, ' ')) == NULL)
			return strdup(fold);
		if (asprintf(&f, "%s %.*s", sp + 1, (int)(sp - fold), fold) <
		    0)
			return NULL;
		return f;
	}
	if (text_name_split(full, &given, &family) != 0)
		return NULL;
	if (*family == '\0') {
		f = text_fold(given);
	} else if (asprintf(&s, "%s %s", given, family) >= 0) {
		f = text_fold(s);
		free(s);
	}
	free(given);
	free(family);
	return f;
}

/* Checks what the database cannot report well (as store_member_insert
 * does). */
static int
member_check(const struct member *m, struct cb_error *err)
{
	int rc = 0;

	if (m->full_name == NULL || *m->full_name == '\0')
		rc = cb_error_field(err, 0, "full_name", "required", NULL);
	if (store_check_dates(&member_entity, m, err) != 0)
		rc = -CB_EINVAL;
	if (store_check_enums(&member_entity, m, err) != 0)
		rc = -CB_EINVAL;
	return rc;
}

/* Text that COPY would refuse: malformed UTF-8 (q_text checks the same
 * for SQLite). */
static bool
member_text_ok(const struct member *m)
{
	size_t i;

	for (i = 0; i < member_entity.nfields; i++) {
		const struct field_def *f = &member_entity.fields[i];
		const char *t;

		if (f->type != FT_TEXT)
			continue;
		t = *(char *const *)field_cslot(f, m);
		if (t != NULL && !text_utf8_wellformed(t, strlen(t)))
			return false;
	}
	return true;
}

/* A text bound without a copy (q_text without its UTF-8 check: the
 * caller checked). */
static void
bind_static(struct q *q, int pos, const char *v)
{
	if (q->rc == 0)
		q->rc = q->st->be->bind_text_static(q->s, pos, v);
}

/*
 * The member columns of STMT_BULK_MEMBER (and its COPY): the fields of
 * member_entity from id to state, field i in column i + 1; the keys, the
 * times and the batch follow.
 */
_Static_assert(MEMBER_F_id == 0 && MEMBER_F_state + 1 == MEMBER_F_version,
    "member_entity: the bulk load writes the fields id to state");
#define BULK_MEMBER_FIELDS (MEMBER_F_state + 1)

static void
copy_member(struct store_bulk *b, const struct member *m,
    const char *name_fold, const char *given_fold, const unsigned char *key,
    size_t keylen)
{
	struct sb *o = &b->membuf;

	size_t i;

	for (i = 0; i < BULK_MEMBER_FIELDS; i++) {
		const char *v;
		int64_t n;

		if (field_row_value(&member_entity.fields[i], m, &v, &n))
			copy_int(o, n, false, false);
		else
			copy_text(o, v, false);
	}
	copy_text(o, name_fold, false);
	copy_text(o, given_fold, false);
	copy_bytea(o, key, keylen);
	copy_text(o, b->now, false);
	copy_text(o, b->now, false);
	copy_int(o, b->batch_id, false, true);
}

/* FNV-1a of the wl bytes at w, its place and its state. */
static size_t
wc_hash(const char *w, size_t wl, int pos, const char *state)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < wl; i++)
		h = (h ^ (unsigned char)w[i]) * 1099511628211ULL;
	h = (h ^ (uint64_t)pos) * 1099511628211ULL;
	h = (h ^ (uint64_t)(uintptr_t)state) * 1099511628211ULL;
	return (size_t)h;
}

static int
wc_grow(struct store_bulk *b)
{
	size_t cap = b->wc_cap ? b->wc_cap * 2 : 1024, i, j;
	struct wcount *t = calloc(cap, sizeof(*t));

	if (t == NULL)
		return -CB_ENOMEM;
	for (i = 0; i < b->wc_cap; i++) {
		struct wcount *e = &b->wc[i];

		if (e->word == NULL)
			continue;
		j = wc_hash(e->word, strlen(e->word), e->pos, e->state) &
		    (cap - 1);
		while (t[j].word != NULL)
			j = (j + 1) & (cap - 1);
		t[j] = *e;
	}
	free(b->wc);
	b->wc = t;
	b->wc_cap = cap;
	return 0;
}

/* One more member having the wl bytes at w at place pos on state. */
static int
wc_add(struct store_bulk *b, const char *w, size_t wl, int pos,
    const char *state)
{
	struct wcount *e;
	size_t j;

	if (2 * (b->wc_n + 1) > b->wc_cap && wc_grow(b) != 0)
		return -CB_ENOMEM;
	j = wc_hash(w, wl, pos, state) & (b->wc_cap - 1);
	for (;; j = (j + 1) & (b->wc_cap - 1)) {
		e = &b->wc[j];
		if (e->word == NULL)
			break;
		if (e->pos == pos && e->state == state &&
		    strncmp(e->word, w, wl) == 0 && e->word[wl] == '\0') {
			e->n++;
			return 0;
		}
	}
	if ((e->word = strndup(w, wl)) == NULL)
		return -CB_ENOMEM;
	e->pos = pos;
	e->state = state;
	e->n = 1;
	b->wc_n++;
	return 0;
}

/* Counts the words of folded name f of a member on state by the row
 * path's rule (mword_next). */
static int
wc_member(struct store_bulk *b, const char *f, const char *state)
{
	struct mword_iter it = MWORD_ITER(f);

	while (mword_next(&it))
		if (it.counted && wc_add(b, it.w, it.wl, it.pos, state) != 0)
			return -CB_ENOMEM;
	return 0;
}

static void
wc_release(struct store_bulk *b)
{
	size_t i;

	for (i = 0; i < b->wc_cap; i++)
		free(b->wc[i].word);
	free(b->wc);
	b->wc = NULL;
	b->wc_cap = b->wc_n = 0;
}

int
store_bulk_member_add(struct store_bulk *b, struct member *m,
    struct cb_error *err)
{
	struct store *st = b->st;
	char *name_fold = NULL, *given_fold = NULL;
	const unsigned char *key;
	size_t keylen, i;
	struct q q;
	int rc;

	if (b->failed)
		return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	if ((rc = member_check(m, err)) != 0)
		return rc;
	if (!member_text_ok(m))
		return cb_error_set(err, CB_EINVAL, "invalid_text", NULL);
	if ((rc = store_fold(m->full_name, "full_name", &name_fold, err)) != 0)
		return rc;
	if ((given_fold = given_fold_of(m->full_name, name_fold)) == NULL ||
	    text_sort_key_memo(b->memo, m->full_name, &key, &keylen) != 0) {
		rc = store_nomem(err);
		goto out;
	}
	m->id = b->next_member;
	if (b->copy) {
		copy_member(b, m, name_fold, given_fold, key, keylen);
		if ((rc = sb_err(&b->membuf)) != 0)
			rc = store_nomem(err);
		else if (b->membuf.len >= COPY_CHUNK)
			rc = flush_members(b, err);
	} else if ((rc = q_open(&q, st, STMT_BULK_MEMBER, err)) == 0) {
		/* Checked above (member_text_ok): bound without copies. */
		q.fk_field = "org_id";
		for (i = 0; i < BULK_MEMBER_FIELDS; i++) {
			const char *v;
			int64_t n;

			if (field_row_value(&member_entity.fields[i], m, &v,
			        &n))
				q_int(&q, (int)i + 1, n);
			else
				bind_static(&q, (int)i + 1, v);
		}
		bind_static(&q, BULK_MEMBER_FIELDS + 1, name_fold);
		bind_static(&q, BULK_MEMBER_FIELDS + 2, given_fold);
		q_blob(&q, BULK_MEMBER_FIELDS + 3, key, keylen);
		bind_static(&q, BULK_MEMBER_FIELDS + 4, b->now);
		bind_static(&q, BULK_MEMBER_FIELDS + 5, b->now);
		q_int(&q, BULK_MEMBER_FIELDS + 6, b->batch_id);
		rc = q_run(&q, err);
	}
	/* A bulk-loaded member is never deleted: every one counts. */
	if (rc == 0 &&
	    wc_member(b, name_fold, member_state_name(m->state)) != 0)
		rc = store_nomem(err);
	if (rc == 0) {
		m->version = 1;
		b->next_member++;
		b->members++;
	} else {
		m->id = 0;
		b->failed = true;
	}
out:
	free(name_fold);
	free(given_fold);
	return rc;
}

int
store_bulk_finish(struct store_bulk *b, struct cb_error *err)
{
	struct store *st = b->st;
	struct q q;
	size_t i;
	int rc;

	if (b->failed)
		return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	b->failed = true; /* until the end is reached */
	if (b->copy) {
		if ((rc = flush_members(b, err)) != 0)
			return rc;
		if (b->member_copy) {
			b->member_copy = false;
			if ((rc = st->be->copy_end(st->conn)) != 0)
				return bulk_fail(st, rc, "members", err);
		}
	}
	if (b->fast && (rc = make_member_indexes(b, err)) != 0)
		return rc;
	/* The search's words of the batch's members (member_word), split
	 * by the backend as migration 10 does; on the fast path into the
	 * table without its key, made after. */
	if ((rc = q_open(&q, st,
	         b->fast ? STMT_MWORD_FILL_FAST : STMT_MWORD_FILL, err)) != 0)
		return rc;
	q_int(&q, 1, b->batch_id);
	if ((rc = q_run(&q, err)) != 0)
		return rc;
	if (b->fast &&
	    (rc = bulk_exec_stmt(st, STMT_BULK_MWORD_REKEY, "make word key",
	         err)) != 0)
		return rc;
	/* And their counts (member_word_n, migration 11), counted as the
	 * rows went by: splitting the names again in SQL cost as much as
	 * the words themselves (docs/performance.md). */
	for (i = 0; i < b->wc_cap; i++) {
		const struct wcount *e = &b->wc[i];

		if (e->word == NULL)
			continue;
		if ((rc = q_open(&q, st, STMT_MWORD_N_ADD, err)) != 0)
			return rc;
		q_text(&q, 1, e->word);
		q_int(&q, 2, e->pos);
		q_text(&q, 3, e->state);
		q_int(&q, 4, e->n);
		if ((rc = q_run(&q, err)) != 0)
			return rc;
	}
	if ((rc = q_open(&q, st, STMT_BULK_SEQUENCES, err)) != 0)
		return rc;
	while ((rc = q_step(&q, err)) == 1)
		;
	q_done(&q);
	if (rc < 0)
		return rc;
	/* The roll-up figures (store-stats.c), recomputed set-based. */
	if ((rc = store_stats_rebuild(st, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_BULK_BATCH_ROWS, err)) != 0)
		return rc;
	q_int(&q, 1, b->batch_id);
	q_int(&q, 2, b->members);
	if ((rc = q_run(&q, err)) != 0)
		return rc;
	if ((rc = bulk_exec_stmt(st, STMT_BULK_ANALYZE, "analyze", err)) != 0)
		return rc;
	b->failed = false;
	return 0;
}

void
store_bulk_counts(const struct store_bulk *b, int64_t *ret_orgs,
    int64_t *ret_members)
{
	if (ret_orgs != NULL)
		*ret_orgs = b->orgs;
	if (ret_members != NULL)
		*ret_members = b->members;
}

void
store_bulk_close(struct store_bulk *b)
{
	int i;

	if (b == NULL)
		return;
	if (b->member_copy && b->st != NULL) {
		/* Ends the COPY (its rows go with the rollback that
		 * follows). */
		(void)b->st->be->copy_end(b->st->conn);
	}
	if (b->st != NULL) {
		struct cb_error ignored = CB_ERROR_INIT;

		(void)bulk_exec_stmt(b->st, STMT_BULK_UNTUNE, "untune",
		    &ignored);
		cb_error_release(&ignored);
	}
	ddl_release(b->indexes, b->nindexes);
	ddl_release(b->fkeys, b->nfkeys);
	for (i = 0; i < BULK_RECENT; i++)
		free(b->recent_path[i]);
	text_sort_memo_free(b->memo);
	wc_release(b);
	sb_release(&b->orgbuf);
	sb_release(&b->evbuf);
	sb_release(&b->membuf);
	free(b->actor);
	free(b);
}

/* ------------------------------------------------------------ batches */

int
store_import_batch_hash(struct store *st, int64_t id, const char *sha256,
    struct cb_error *err)
{
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_BULK_BATCH_HASH, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	q_text(&q, 2, sha256);
	return q_run(&q, err);
}

int
store_import_batch_add(struct store *st, const struct store_bulk_batch *batch,
    int64_t rows, int64_t *ret_id, struct cb_error *err)
{
	char now[TIMESTAMP_LEN], *at = NULL;
	struct q q;
	int rc;

	*ret_id = 0;
	store_now(now);
	if ((rc = q_open(&q, st, STMT_IMPORT_BATCH_ADD, err)) != 0)
		return rc;
	q_text(&q, 1, batch->source);
	q_text(&q, 2, batch->file_name);
	q_text(&q, 3, batch->file_sha256);
	q_text(&q, 4, batch->actor ? batch->actor : "");
	q_id(&q, 5, batch->user_id);
	q_date(&q, 6, batch->on_date);
	q_text(&q, 7, now);
	q_int(&q, 8, rows);
	rc = q_insert_id(&q, now, ret_id, &at, err);
	free(at);
	return rc;
}

int
store_members_empty(struct store *st, bool *ret, struct cb_error *err)
{
	struct q q;
	int rc;

	*ret = false;
	if ((rc = q_open(&q, st, STMT_BULK_MEMBER_ANY, err)) != 0)
		return rc;
	if ((rc = q_step(&q, err)) == 1)
		*ret = q_col_int(&q, 0) == 0;
	q_done(&q);
	return rc < 0 ? rc : 0;
}

void
import_batch_release(struct import_batch *b)
{
	if (b == NULL)
		return;
	free(b->file_name);
	free(b->file_sha256);
	free(b->actor);
	free(b->created_at);
	memset(b, 0, sizeof(*b));
}

int
store_import_batch_get(struct store *st, int64_t id, struct import_batch *ret,
    struct cb_error *err)
{
	struct q q;
	int rc;

	import_batch_release(ret);
	if ((rc = q_open(&q, st, STMT_BULK_BATCH_GET, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	if ((rc = q_step(&q, err)) == 1) {
		const char *src = q_col_text(&q, BATCH_COL_SOURCE);

		ret->id = id;
		snprintf(ret->source, sizeof(ret->source), "%s",
		    src ? src : "");
		ret->rows = q_col_int(&q, BATCH_COL_ROWS);
		ret->user_id = q_col_int(&q, BATCH_COL_USER_ID);
		q_col_date(&q, BATCH_COL_ON_DATE, ret->on);
		if (q_col_dup(&q, BATCH_COL_FILE_NAME, &ret->file_name) ||
		    q_col_dup(&q, BATCH_COL_FILE_SHA256, &ret->file_sha256) ||
		    q_col_dup(&q, BATCH_COL_ACTOR, &ret->actor) ||
		    q_col_dup(&q, BATCH_COL_CREATED_AT, &ret->created_at))
			rc = store_nomem(err);
	}
	q_done(&q);
	if (rc == 0)
		rc = cb_error_set(err, CB_ENOTFOUND, "not_found", NULL);
	if (rc < 0) {
		import_batch_release(ret);
		return rc;
	}
	return 0;
}

int
store_member_batch(struct store *st, int64_t member_id, int64_t *ret_batch_id,
    struct cb_error *err)
{
	struct q q;
	int rc;

	*ret_batch_id = 0;
	if ((rc = scope_member_read(st, member_id, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_BULK_MEMBER_BATCH, err)) != 0)
		return rc;
	q_int(&q, 1, member_id);
	if ((rc = q_step(&q, err)) == 1)
		*ret_batch_id = q_col_int(&q, 0);
	q_done(&q);
	return rc < 0 ? rc : 0;
}
