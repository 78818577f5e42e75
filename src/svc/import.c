/*
 * import.c - members from CSV or Excel, all or nothing: the entry points,
 * which choose the path, and the report.  The columns and the conversion
 * of cells are in import-map.c, the row path in import-row.c, the fast
 * path (an empty register) in import-fast.c.
 */
#include "svc/import-int.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "util/hash.h"
#include "util/sb.h"

#include "util/banned.h"

int
import_row_error(struct importer *im, long row, const char *field,
    const char *code, const char *arg)
{
	im->nerrors++;
	cb_error_field(im->err, row, field, code, arg);
	return -CB_EINVAL;
}

struct ferr_at {
	struct cb_ferr f;
	size_t at;
};

static int
ferr_cmp(const void *a, const void *b)
{
	const struct ferr_at *x = a, *y = b;

	if (x->f.row != y->f.row)
		return x->f.row < y->f.row ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* Reports a row with a value in a cell past the header's columns. */
void
import_extra_cells(struct importer *im, const struct table_row *r)
{
	size_t i;

	for (i = im->ncols; i < r->ncells; i++)
		if (r->cells[i][0] != '\0') {
			import_row_error(im, r->line, "", "too_many_cells",
			    NULL);
			return;
		}
}

/* Orders the report by row, keeping the order of a row's own errors. */
void
import_sort_errors(struct cb_error *err)
{
	struct ferr_at *v;
	size_t i;

	if (err->nfields < 2 || (v = calloc(err->nfields, sizeof(*v))) == NULL)
		return;
	for (i = 0; i < err->nfields; i++) {
		v[i].f = err->fields[i];
		v[i].at = i;
	}
	qsort(v, err->nfields, sizeof(*v), ferr_cmp);
	for (i = 0; i < err->nfields; i++)
		err->fields[i] = v[i].f;
	free(v);
}

/* Makes err the import's one error: every row's problems in row order,
 * under "import_failed" with their number.  Returns -CB_EINVAL. */
int
import_failed(struct cb_error *err, size_t nerrors)
{
	char n[24];

	import_sort_errors(err);
	snprintf(n, sizeof(n), "%zu", nerrors);
	free(err->mcode);
	free(err->arg);
	err->code = CB_EINVAL;
	err->mcode = strdup("import_failed");
	err->arg = strdup(n);
	return -CB_EINVAL;
}

/* Whether fields a and b name the same column (org_code is org_id). */
static bool
same_column(const char *a, const char *b)
{
	if (strcmp(a, "org_code") == 0)
		a = "org_id";
	if (strcmp(b, "org_code") == 0)
		b = "org_id";
	return strcmp(a, b) == 0;
}

/* Reports the verdicts in judged on a row whose cells were not all read,
 * leaving out those on a field already reported for the row since the
 * report's entry from (its value could not be read: "required" or a
 * rule about it says nothing more). */
void
import_report_rest(struct importer *im, long line, size_t from,
    const struct cb_error *judged)
{
	size_t i, j, upto = im->err->nfields;

	for (i = 0; i < judged->nfields; i++) {
		const struct cb_ferr *f = &judged->fields[i];
		bool seen = false;

		for (j = from; j < upto && !seen; j++)
			seen = im->err->fields[j].row == line &&
			    f->field != NULL && im->err->fields[j].field &&
			    same_column(f->field, im->err->fields[j].field);
		if (seen)
			continue;
		im->nerrors++;
		cb_error_field_copy(im->err, line, f);
	}
}

void
import_change_release(struct import_change *c)
{
	size_t j;

	for (j = 0; j < c->nfields; j++) {
		free(c->fields[j].old);
		free(c->fields[j].new_);
	}
	free(c->fields);
	free(c->full_name);
	free(c->org_name);
	free(c->org_code);
	memset(c, 0, sizeof(*c));
}

void
import_report_release(struct import_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nchanges; i++)
		import_change_release(&r->changes[i]);
	free(r->changes);
	r->changes = NULL;
	r->nchanges = r->capchanges = 0;
	for (i = 0; i < r->nconflicts; i++)
		import_change_release(&r->conflicts[i]);
	free(r->conflicts);
	r->conflicts = NULL;
	r->nconflicts = r->capconflicts = 0;
}

/* ------------------------------------------------------------ token */

/*
 * The check's token binds the file (its SHA-256), the options, the
 * account and what the check found the import would do (its digest:
 * import_seal_digest), under a key of the installation kept in the
 * database (meta "import_token_key", made on first use), so that every
 * server of the installation verifies it and nobody without the key can
 * make one.  The token is base64url of: version (1 byte), the digest
 * (IMPORT_DIGEST_LEN), HMAC-SHA-256 of the rest and the bound values.
 */
#define TOKEN_VERSION 1
#define TOKEN_BYTES (1 + IMPORT_DIGEST_LEN + HASH_MAC_LEN)
#define TOKEN_KEY "import_token_key"

/* The installation's key (32 bytes), made if there is none yet. */
static int
token_key(struct svc *s, unsigned char key[32], struct cb_error *err)
{
	const struct principal *was = store_principal(s->st);
	char *hex = NULL;
	size_t n = 0;
	int rc;

	/* The key is the installation's, not the account's: read and made
	 * as the system. */
	store_set_principal(s->st, NULL);
	if ((rc = store_meta_get(s->st, TOKEN_KEY, &hex, err)) == 0 &&
	    hex == NULL) {
		unsigned char fresh[32];
		char fhex[65];

		hash_random_bytes(fresh, sizeof(fresh));
		hash_hex_encode(fresh, sizeof(fresh), fhex);
		hash_wipe(fresh, sizeof(fresh));
		if ((rc = store_meta_add(s->st, TOKEN_KEY, fhex, err)) == 0)
			rc = store_meta_get(s->st, TOKEN_KEY, &hex, err);
		hash_wipe(fhex, sizeof(fhex));
	}
	store_set_principal(s->st, was);
	if (rc != 0)
		return rc;
	if (hex == NULL ||
	    hash_hex_decode(hex, strlen(hex), key, 32, &n) != 0 || n != 32) {
		free(hex);
		return cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	}
	hash_wipe(hex, strlen(hex));
	free(hex);
	return 0;
}

static int
long_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* The MAC of a token: its version and digest, the file, the account and
 * the options (the accepted rows, in order, once each). */
static int
token_mac(struct svc *s, const struct import_options *o, const char *sha,
    const unsigned char *head, unsigned char mac[HASH_MAC_LEN],
    struct cb_error *err)
{
	unsigned char key[32];
	long *rows = NULL;
	struct sb b;
	size_t i;
	int rc;

	if ((rc = token_key(s, key, err)) != 0)
		return rc;
	sb_init(&b, 16 * 1024 * 1024);
	sb_add(&b, "chibo import check\n");
	sb_addn(&b, (const char *)head, 1 + IMPORT_DIGEST_LEN);
	sb_addf(&b, "\nfile %s\n", sha);
	if (s->who->system)
		sb_addf(&b, "system %s\n", s->actor ? s->actor : "");
	else
		sb_addf(&b, "user %lld\n", (long long)s->who->user_id);
	sb_add(&b, "accept_identity");
	if (o->naccept_identity > 0) {
		if ((rows = malloc(o->naccept_identity * sizeof(*rows))) ==
		    NULL)
			rc = -CB_ENOMEM;
		else {
			memcpy(rows, o->accept_identity,
			    o->naccept_identity * sizeof(*rows));
			qsort(rows, o->naccept_identity, sizeof(*rows),
			    long_cmp);
			for (i = 0; i < o->naccept_identity; i++)
				if (i == 0 || rows[i] != rows[i - 1])
					sb_addf(&b, " %ld", rows[i]);
			free(rows);
		}
	}
	sb_addc(&b, '\n');
	if (rc != 0 || sb_err(&b) != 0) {
		sb_release(&b);
		hash_wipe(key, sizeof(key));
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	hash_hmac_sha256(key, sizeof(key), b.buf, b.len, mac);
	hash_wipe(key, sizeof(key));
	sb_release(&b);
	return 0;
}

/* Makes the report's token for what a check found (seal->got). */
static int
token_make(struct svc *s, const struct import_options *o,
    const struct import_seal *seal, struct import_report *rep,
    struct cb_error *err)
{
	unsigned char t[TOKEN_BYTES];
	char *text;
	int rc;

	t[0] = TOKEN_VERSION;
	memcpy(t + 1, seal->got, IMPORT_DIGEST_LEN);
	if ((rc = token_mac(s, o, seal->file_sha256, t,
	         t + 1 + IMPORT_DIGEST_LEN, err)) != 0)
		return rc;
	if ((text = hash_b64url_encode(t, sizeof(t))) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	snprintf(rep->token, sizeof(rep->token), "%s", text);
	free(text);
	return 0;
}

/* Checks the token given: *want becomes the digest it carries.  A token
 * that is not one of ours for this file, account and options is
 * "import_token_mismatch". */
static int
token_check(struct svc *s, const struct import_options *o, const char *sha,
    unsigned char want[IMPORT_DIGEST_LEN], struct cb_error *err)
{
	unsigned char mac[HASH_MAC_LEN], *t;
	size_t n = 0;
	int rc;

	if ((t = hash_b64url_decode(o->token, IMPORT_TOKEN_LEN, &n)) == NULL ||
	    n != TOKEN_BYTES || t[0] != TOKEN_VERSION) {
		free(t);
		return cb_error_set(err, CB_EINVAL, "import_token_mismatch",
		    NULL);
	}
	if ((rc = token_mac(s, o, sha, t, mac, err)) != 0) {
		free(t);
		return rc;
	}
	if (!hash_mem_equal(mac, t + 1 + IMPORT_DIGEST_LEN, HASH_MAC_LEN)) {
		free(t);
		return cb_error_set(err, CB_EINVAL, "import_token_mismatch",
		    NULL);
	}
	memcpy(want, t + 1, IMPORT_DIGEST_LEN);
	free(t);
	return 0;
}

/* The digest of what an import does (outcome: its updated and unchanged
 * members, see import-row.c), and the number it creates. */
void
import_seal_digest(struct import_seal *seal, const char *outcome, size_t len,
    size_t created)
{
	char tail[48], hex[HASH_HEX_LEN];
	struct sb b;
	size_t n = 0;

	snprintf(tail, sizeof(tail), "created %zu\n", created);
	sb_init(&b, SIZE_MAX);
	if (outcome != NULL)
		sb_addn(&b, outcome, len);
	sb_add(&b, tail);
	if (sb_err(&b) != 0) {
		/* Out of memory: a digest no check can have made. */
		memset(seal->got, 0xff, IMPORT_DIGEST_LEN);
		sb_release(&b);
		return;
	}
	hash_sha256_hex(b.buf, b.len, hex);
	sb_release(&b);
	(void)hash_hex_decode(hex, IMPORT_DIGEST_LEN * 2, seal->got,
	    IMPORT_DIGEST_LEN, &n);
}

/* Whether an import about to commit does what the check said: 0, or
 * -CB_ECONFLICT "import_token_stale" (the caller rolls back). */
int
import_seal_verify(const struct import_seal *seal, struct cb_error *err)
{
	if (!seal->verify ||
	    hash_mem_equal(seal->got, seal->want, IMPORT_DIGEST_LEN))
		return 0;
	return cb_error_set(err, CB_ECONFLICT, "import_token_stale", NULL);
}

/* ------------------------------------------------------------ entry */

int
svc_import_rows_parse(const char *text, long **ret, size_t *ret_n)
{
	const char *p = text;
	long *v = NULL;
	size_t n = 0;

	*ret = NULL;
	*ret_n = 0;
	if (text == NULL || *text == '\0')
		return -CB_EINVAL;
	for (;;) {
		long row = 0;
		long *nv;

		if (*p < '0' || *p > '9')
			goto bad;
		while (*p >= '0' && *p <= '9') {
			if (row > 100000000L)
				goto bad;
			row = row * 10 + (*p++ - '0');
		}
		if (row < 1)
			goto bad;
		if ((nv = realloc(v, (n + 1) * sizeof(*v))) == NULL) {
			free(v);
			return -CB_ENOMEM;
		}
		v = nv;
		v[n++] = row;
		if (*p == '\0')
			break;
		if (*p++ != ',')
			goto bad;
	}
	*ret = v;
	*ret_n = n;
	return 0;
bad:
	free(v);
	return -CB_EINVAL;
}

int
svc_import_members(struct svc *s, const char *data, size_t len, bool dry_run,
    struct import_report *ret, struct cb_error *err)
{
	return svc_import_members_file(s, NULL, data, len, dry_run, ret, err);
}

int
svc_import_members_file(struct svc *s, const char *file_name, const char *data,
    size_t len, bool dry_run, struct import_report *ret, struct cb_error *err)
{
	struct import_options o = { .dry_run = dry_run };

	return svc_import_members_opts(s, file_name, data, len, &o, ret, err);
}

int
svc_import_members_opts(struct svc *s, const char *file_name, const char *data,
    size_t len, const struct import_options *o, struct import_report *ret,
    struct cb_error *err)
{
	struct import_report rep;
	struct import_seal seal;
	bool fast;
	int rc;

	memset(&rep, 0, sizeof(rep));
	memset(&seal, 0, sizeof(seal));
	/* Each row is then checked against the principal's scope. */
	if (!principal_can(s->who, ACT_MEMBER_IMPORT))
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	if (!o->dry_run && o->token == NULL && o->require_token)
		return cb_error_set(err, CB_EINVAL, "import_token_required",
		    NULL);
	/* The fast path fills an empty register: nothing to match, so no
	 * conflict to accept; a list goes to the row path, which says so. */
	fast = o->naccept_identity == 0 && import_fast_applies(s, data, len);
	/* The file's hash: for the token, the batch and its audit entry
	 * (the fast path hashes a file it loads while it reads it). */
	if (o->dry_run || o->token != NULL || !fast)
		hash_sha256_hex_large(data, len, seal.file_sha256);
	if (o->token != NULL && !o->dry_run) {
		if ((rc = token_check(s, o, seal.file_sha256, seal.want,
		         err)) != 0)
			return rc;
		seal.verify = true;
	}
	if (fast) {
		rc = import_fast(s, file_name, data, len, o->dry_run, &seal,
		    &rep, err);
		if (rc <= 0) {
			if (rc == 0 && o->dry_run)
				rc = token_make(s, o, &seal, &rep, err);
			if (rc == 0)
				*ret = rep;
			else
				import_report_release(&rep);
			return rc;
		}
		/* (No conflict there: an empty register.) */
		import_report_release(&rep);
		memset(&rep, 0, sizeof(rep));
		hash_sha256_hex_large(data, len, seal.file_sha256);
	}
	rc = import_rows(s, file_name, data, len, o, &seal, &rep, err);
	if (rc == 0 && o->dry_run)
		rc = token_make(s, o, &seal, &rep, err);
	if (rc == 0 || rep.nconflicts > 0)
		*ret = rep;
	else
		import_report_release(&rep);
	return rc;
}

int64_t
import_audit_org(const struct svc *s)
{
	const char *roots[2];
	size_t i;

	if (s->who->system ||
	    principal_scope(s->who, ACT_MEMBER_IMPORT, roots, 2) != 1)
		return 0;
	for (i = 0; i < s->who->ngrants; i++)
		if (s->who->grants[i].org_path != NULL &&
		    strcmp(s->who->grants[i].org_path, roots[0]) == 0)
			return s->who->grants[i].org_id;
	return 0;
}
