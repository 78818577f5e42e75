/*
 * backup.c - a backup of the register taken while it is served, and its
 * restore, checked: the engine's own check, the audit chain, and the
 * figures against a recount.  See svc.h and docs/deployment.md.
 */
#include "svc/svc-int.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/hash.h"

#include "util/banned.h"

/* SHA-256 (hex) and size of a file. */
static int
file_digest(const char *path, char out[HASH_HEX_LEN], int64_t *ret_size,
    struct cb_error *err)
{
	struct stat sb;
	void *p;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0)
		return cb_error_set(err, CB_EIO, "io_error", path);
	if (fstat(fd, &sb) != 0) {
		close(fd);
		return cb_error_set(err, CB_EIO, "io_error", path);
	}
	*ret_size = (int64_t)sb.st_size;
	if (sb.st_size == 0) {
		close(fd);
		hash_sha256_hex_large("", 0, out);
		return 0;
	}
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return cb_error_set(err, CB_EIO, "io_error", path);
	hash_sha256_hex_large(p, (size_t)sb.st_size, out);
	munmap(p, (size_t)sb.st_size);
	return 0;
}

int
svc_backup(struct svc *s, const char *file, struct backup_report *ret,
    struct cb_error *err)
{
	int rc;

	memset(ret, 0, sizeof(*ret));
	if (!s->who->system)
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	if ((rc = store_backup(s->st, file, &ret->head_id, ret->head_hash,
	         err)) != 0)
		return rc;
	return file_digest(file, ret->sha256, &ret->bytes, err);
}

void
restore_report_release(struct restore_report *r)
{
	free(r->integrity);
	memset(r, 0, sizeof(*r));
}

static bool
stats_equal(const struct org_stats *a, const struct org_stats *b)
{
	size_t i;

	if (memcmp(&a->c, &b->c, sizeof(a->c)) != 0 || a->neth != b->neth)
		return false;
	for (i = 0; i < a->neth; i++)
		if (a->eth[i].n != b->eth[i].n ||
		    strcmp(a->eth[i].name ? a->eth[i].name : "",
		        b->eth[i].name ? b->eth[i].name : "") != 0)
			return false;
	return true;
}

/*
 * The figures of every root organisation (the whole register's) as
 * stored, against a recount: store_stats_rebuild computes them again from
 * the members.  Figures that were never built are only built.
 */
static int
figures_recount(struct svc *s, struct restore_report *ret,
    struct cb_error *err)
{
	struct org_query q = { .roots_only = true, .include_closed = true };
	struct org_stats *before = NULL;
	struct org_list roots;
	bool built = true;
	size_t i;
	int rc;

	memset(&roots, 0, sizeof(roots));
	if ((rc = store_org_list(s->st, &q, &roots, err)) != 0)
		return rc;
	if (roots.n > 0 &&
	    (before = calloc(roots.n, sizeof(*before))) == NULL) {
		org_list_release(&roots);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	for (i = 0; i < roots.n && rc == 0; i++) {
		org_stats_init(&before[i]);
		rc = store_org_stats(s->st, roots.items[i].id, &before[i],
		    err);
		if (rc == -CB_EINVAL && err->mcode != NULL &&
		    strcmp(err->mcode, "stats_not_built") == 0) {
			cb_error_release(err);
			built = false;
			rc = 0;
		}
	}
	if (rc == 0)
		rc = store_stats_rebuild(s->st, err);
	ret->figures_ok = true;
	for (i = 0; i < roots.n && rc == 0; i++) {
		struct org_stats after;

		org_stats_init(&after);
		rc = store_org_stats(s->st, roots.items[i].id, &after, err);
		if (rc == 0 && built && !stats_equal(&before[i], &after)) {
			ret->figures_ok = false;
			if (ret->figures_bad_org == 0)
				ret->figures_bad_org = roots.items[i].id;
		}
		if (rc == 0) {
			ret->members += after.c.v[STAT_MEMBERS];
			ret->orgs++;
		}
		org_stats_release(&after);
	}
	for (i = 0; i < roots.n; i++)
		org_stats_release(&before[i]);
	free(before);
	org_list_release(&roots);
	return rc;
}

int
svc_restore(const char *file, const char *dburl, bool force,
    const struct rulebook *rules, const char *actor,
    struct restore_report *ret, struct cb_error *err)
{
	struct store *st = NULL;
	struct svc s;
	int rc;

	memset(ret, 0, sizeof(*ret));
	if ((rc = file_digest(file, ret->sha256, &ret->bytes, err)) != 0 ||
	    (rc = store_restore(file, dburl, force, err)) != 0 ||
	    (rc = svc_open_db(dburl, &st, err)) != 0)
		return rc;
	svc_init(&s, st, rules, actor);
	if ((rc = store_integrity_check(st, &ret->integrity, err)) == 0 &&
	    (rc = svc_audit_verify(&s, 0, NULL, &ret->audit, err)) == 0)
		rc = figures_recount(&s, ret, err);
	svc_release(&s);
	store_close(st);
	ret->ok = rc == 0 && ret->integrity != NULL &&
	    strcmp(ret->integrity, "ok") == 0 && ret->audit.ok &&
	    ret->figures_ok;
	return rc;
}
