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
	int rc;

	memset(&rep, 0, sizeof(rep));
	/* Each row is then checked against the principal's scope. */
	if (!principal_can(s->who, ACT_MEMBER_IMPORT))
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	/* The fast path fills an empty register: nothing to match, so no
	 * conflict to accept; a list goes to the row path, which says so. */
	if (o->naccept_identity == 0 && import_fast_applies(s, data, len)) {
		rc = import_fast(s, file_name, data, len, o->dry_run, &rep,
		    err);
		if (rc <= 0) {
			if (rc == 0)
				*ret = rep;
			return rc;
		}
		memset(&rep, 0, sizeof(rep));
	}
	return import_rows(s, data, len, o, ret, err);
}
