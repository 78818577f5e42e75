/*
 * store-backup.c - a copy of the database taken while it is in use, and
 * its restore into an empty database (see store.h).  The copy itself is
 * the backend's (SQLite: the online backup API; PostgreSQL: pg_dump and
 * pg_restore); here: the snapshot it is taken in, the audit head of that
 * snapshot, and the refusal to restore over data.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store-int.h"
#include "util/err.h"

#include "util/banned.h"

/* The backend's copy into "file.part", flushed to disk, then renamed to
 * file: a file named file is always a whole backup. */
static int
backup_to(struct store *st, const char *snapshot, const char *file,
    struct cb_error *err)
{
	char part[4096];
	int fd, rc;

	if (snprintf(part, sizeof(part), "%s.part", file) >= (int)sizeof(part))
		return cb_error_set(err, CB_EINVAL, "io_error", file);
	remove(part);
	if ((rc = st->be->backup(st->conn, snapshot, part, err)) != 0) {
		remove(part);
		return rc;
	}
	if ((fd = open(part, O_RDONLY)) < 0 || fsync(fd) != 0) {
		if (fd >= 0)
			close(fd);
		remove(part);
		return cb_error_set(err, CB_EIO, "io_error", file);
	}
	close(fd);
	if (rename(part, file) != 0) {
		remove(part);
		return cb_error_set(err, CB_EIO, "io_error", file);
	}
	return 0;
}

int
store_backup(struct store *st, const char *file, int64_t *ret_head_id,
    char ret_head_hash[AUDIT_HASH_LEN], struct cb_error *err)
{
	struct stat sb;
	char snapshot[128] = "";
	struct q q;
	int rc;

	if (st->depth != 0) {
		cb_error_detail(err, "store: backup inside a transaction");
		return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
	if (file == NULL || file[0] == '\0')
		return cb_error_set(err, CB_EINVAL, "io_error", "");
	if (stat(file, &sb) == 0)
		return cb_error_set(err, CB_ECONFLICT, "backup_exists", file);
	if ((rc = q_open(&q, st, STMT_BACKUP_BEGIN, err)) != 0 ||
	    (rc = q_run(&q, err)) != 0)
		return rc;
	st->depth = 1;
	/* The snapshot: its id (PostgreSQL), and the head it holds. */
	if ((rc = q_open(&q, st, STMT_BACKUP_SNAPSHOT, err)) != 0)
		goto out;
	if ((rc = q_step(&q, err)) == 1) {
		const char *s = q_col_text(&q, 0);

		snprintf(snapshot, sizeof(snapshot), "%s", s ? s : "");
		rc = 0;
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	*ret_head_id = 0;
	memcpy(ret_head_hash, audit_genesis, AUDIT_HASH_LEN);
	if ((rc = q_open(&q, st, STMT_AUDIT_HEAD_PLAIN, err)) != 0)
		goto out;
	if ((rc = q_step(&q, err)) == 1) {
		const char *h = q_col_text(&q, 1);

		*ret_head_id = q_col_int(&q, 0);
		if (h != NULL && strlen(h) == AUDIT_HASH_LEN - 1)
			memcpy(ret_head_hash, h, AUDIT_HASH_LEN);
		rc = 0;
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	rc = backup_to(st, snapshot, file, err);
out:
	store_rollback(st);
	return rc;
}

/* True if dburl holds chibo's tables (a SQLite path that does not exist
 * holds none). */
static int
holds_data(const char *dburl, bool *ret, struct cb_error *err)
{
	struct store *st = NULL;
	struct stat sb;
	int rc, version = 0;

	*ret = false;
	if (!store_url_is_pg(dburl) &&
	    (stat(dburl, &sb) != 0 || sb.st_size == 0))
		return 0;
	if ((rc = store_open(dburl, &st, err)) != 0)
		return rc;
	rc = store_schema_version(st, &version, err);
	store_close(st);
	*ret = version > 0;
	return rc;
}

int
store_restore(const char *file, const char *dburl, bool force,
    struct cb_error *err)
{
	const struct backend *be =
	    store_url_is_pg(dburl) ? &pg_backend : &sqlite_backend;
	struct stat sb;
	bool full;
	int rc;

	if (file == NULL || stat(file, &sb) != 0 || !S_ISREG(sb.st_mode))
		return cb_error_set(err, CB_EIO, "io_error", file ? file : "");
	if ((rc = holds_data(dburl, &full, err)) != 0)
		return rc;
	if (full && !force)
		return cb_error_set(err, CB_ECONFLICT, "restore_not_empty",
		    NULL);
	return be->restore(file, dburl, force, err);
}

int
store_integrity_check(struct store *st, char **ret, struct cb_error *err)
{
	struct q q;
	size_t len = 0;
	char *out = NULL;
	int rc;

	*ret = NULL;
	if ((rc = q_open(&q, st, STMT_INTEGRITY_CHECK, err)) != 0)
		return rc;
	while ((rc = q_step(&q, err)) == 1) {
		const char *s = q_col_text(&q, 0);
		size_t n = s ? strlen(s) : 0;
		char *p = realloc(out, len + n + 2);

		if (p == NULL) {
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
			break;
		}
		out = p;
		if (len > 0)
			out[len++] = '\n';
		memcpy(out + len, s ? s : "", n);
		len += n;
		out[len] = '\0';
	}
	q_done(&q);
	if (rc < 0) {
		free(out);
		return rc;
	}
	*ret = out;
	return 0;
}
