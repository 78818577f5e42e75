/*
 * import-row.c - the row path of the member import: members from CSV or
 * Excel, all or nothing, row by row through the use cases.
 *
 * The whole file runs in one transaction; each row in a savepoint of its
 * own, so a bad row is undone while the rest are still checked.  Every
 * problem of every row is collected with its row number and column; if
 * there is any, everything is rolled back.
 */
#include "svc/import-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/table.h"
#include "util/text.h"

#include "util/banned.h"

static int
resolve_code(struct importer *im, const char *code, int64_t *ret)
{
	struct cb_error local = CB_ERROR_INIT;
	struct org o;
	size_t i;
	int rc;

	for (i = 0; i < im->ncodes; i++)
		if (strcmp(im->codes[i], code) == 0) {
			*ret = im->code_ids[i];
			return 0;
		}
	org_init(&o);
	rc = store_org_get_by_code(im->s->st, code, &o, &local);
	*ret = rc == 0 ? o.id : 0;
	org_release(&o);
	if (rc != 0 && rc != -CB_ENOTFOUND) {
		svc_error_take(im->err, &local);
		return rc;
	}
	cb_error_release(&local);
	{
		char **nc = realloc(im->codes, (im->ncodes + 1) * sizeof(*nc));
		int64_t *ni = nc ?
		    realloc(im->code_ids, (im->ncodes + 1) * sizeof(*ni)) :
		    NULL;

		if (nc != NULL)
			im->codes = nc;
		if (ni == NULL)
			return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
		im->code_ids = ni;
		if ((im->codes[im->ncodes] = strdup(code)) == NULL)
			return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
		im->code_ids[im->ncodes++] = *ret;
	}
	return 0;
}

/*
 * Turns one data row into a member document (JSON, the API's fields),
 * reporting every cell it cannot read.  Returns the document or NULL.
 */
static json_t *
row_document(struct importer *im, const struct table_row *r, bool xlsx)
{
	json_t *doc = json_object();
	size_t before = im->nerrors, i;

	import_extra_cells(im, r);
	for (i = 0; i < im->ncols; i++) {
		const struct colplan *cp = &im->plan[i];
		const char *f = im->fields[i];
		const char *v = i < r->ncells ? r->cells[i] : "";
		char buf[DATE_LEN + 16];
		int64_t id = 0;

		if (f[0] == '\0')
			continue;
		if (v[0] == '\0') {
			if (cp->kind != K_ORG_CODE)
				json_object_set_new(doc, f, json_null());
			continue;
		}
		if ((v = import_cell_value(im, cp, f, v, r->line, xlsx, buf,
		         &id)) == NULL)
			continue;
		if (cp->kind == K_ORG_CODE || cp->kind == K_ORG_ID) {
			if (cp->kind == K_ORG_CODE &&
			    resolve_code(im, v, &id) != 0)
				break;
			if (id == 0)
				import_row_error(im, r->line, f,
				    "org_code_not_found", v);
			else
				json_object_set_new(doc, "org_id",
				    json_integer(id));
		} else
			json_object_set_new(doc, f, json_string(v));
	}
	if (im->nerrors != before) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

/* Remembers a citizen ID or card number of a row (checked for repeats
 * once the whole file is read: sorting keeps large files fast). */
static int
remember_key(struct importer *im, const char *field, const char *value,
    long row)
{
	struct file_key *k;

	if (value == NULL)
		return 0;
	if ((k = array_push(&im->keys, &im->nkeys, &im->capkeys,
	         sizeof(*k))) == NULL ||
	    (k->value = strdup(value)) == NULL)
		return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
	k->field = field;
	k->row = row;
	return 0;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct file_key *x = a, *y = b;
	int c = strcmp(x->field, y->field);

	if (c == 0)
		c = strcmp(x->value, y->value);
	if (c == 0)
		c = x->row < y->row ? -1 : x->row > y->row;
	return c;
}

/* Reports every row that repeats the citizen ID or card number of an
 * earlier row of the file. */
static void
check_repeats(struct importer *im)
{
	size_t i, first = 0;

	if (im->nkeys > 1)
		qsort(im->keys, im->nkeys, sizeof(*im->keys), key_cmp);
	for (i = 1; i < im->nkeys; i++) {
		char arg[24];

		if (strcmp(im->keys[i].field, im->keys[first].field) != 0 ||
		    strcmp(im->keys[i].value, im->keys[first].value) != 0) {
			first = i;
			continue;
		}
		snprintf(arg, sizeof(arg), "%ld", im->keys[first].row);
		import_row_error(im, im->keys[i].row, im->keys[i].field,
		    "duplicate_in_file", arg);
		{
			long *d = array_push(&im->dups, &im->ndups,
			    &im->capdups, sizeof(*d));

			if (d != NULL)
				*d = im->keys[i].row;
		}
	}
}

static int
long_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* Reports the identity conflicts of rows that repeat no earlier row's key
 * (a row that does is duplicate_in_file: it met the member an earlier row
 * of the same file made or changed, not a stored identity). */
static void
report_conflicts(struct importer *im)
{
	size_t i;

	if (im->ndups > 1)
		qsort(im->dups, im->ndups, sizeof(*im->dups), long_cmp);
	for (i = 0; i < im->nconflicts; i++) {
		const struct file_key *c = &im->conflicts[i];

		if (im->ndups > 0 &&
		    bsearch(&c->row, im->dups, im->ndups, sizeof(*im->dups),
		        long_cmp) != NULL)
			continue;
		import_row_error(im, c->row, c->field, "identity_conflict",
		    c->value);
	}
}

/* The stored member a row stands for: same citizen ID, else same card
 * number, else (neither given) same name, folded, and birth date. */
static int
match_row(struct importer *im, const struct member *m, int64_t *ret,
    const char **ret_by, struct cb_error *err)
{
	struct member_query
	    q = { .state = MEMBER_STATE_ANY, .limit = 100, .no_total = true };
	struct member_page page = { 0 };
	char *want = NULL;
	size_t i;
	int rc;

	*ret = 0;
	*ret_by = NULL;
	if (m->citizen_id != NULL) {
		*ret_by = "citizen_id";
		return store_member_find(im->s->st, "citizen_id",
		    m->citizen_id, ret, err);
	}
	if (m->card_no != NULL) {
		*ret_by = "card_no";
		return store_member_find(im->s->st, "card_no", m->card_no, ret,
		    err);
	}
	if (m->full_name == NULL || m->birth_date[0] == '\0')
		return 0;
	q.q = m->full_name;
	if ((rc = store_member_list(im->s->st, &q, &page, err)) != 0)
		return rc;
	want = text_fold(m->full_name);
	for (i = 0; want != NULL && i < page.n && *ret == 0; i++) {
		char *f = text_fold(page.items[i].full_name);

		if (f != NULL && strcmp(f, want) == 0 &&
		    strcmp(page.items[i].birth_date, m->birth_date) == 0)
			*ret = page.items[i].id;
		free(f);
	}
	free(want);
	member_page_release(&page);
	return 0;
}

/* Whether the office accepts a change of identity on row line (marked). */
static bool
accepted(struct importer *im, long line)
{
	size_t i;

	for (i = 0; i < im->naccept; i++)
		if (im->accept[i] == line) {
			im->accept_met[i] = true;
			return true;
		}
	return false;
}

/*
 * A row matched stored by its key (field "citizen_id" or "card_no"): when
 * its full name (cleaned text, compared exactly: a change of case or of
 * tone marks is a change) or its birth date differs, that is another
 * person's number or a change of identity, never applied silently.
 * Returns 1 when the row is such a conflict not accepted by the office
 * (kept for report_conflicts), 0 to go on, or -CB_E*.  The match already
 * kept to members whose personal fields the principal may read
 * (store_member_find), so the stored member's name and cell may be shown.
 */
static int
identity_conflict(struct importer *im, long line, const char *field,
    const struct member *row, const struct member *stored)
{
	struct cb_error local = CB_ERROR_INIT;
	bool name = row->full_name != NULL && stored->full_name != NULL &&
	    strcmp(row->full_name, stored->full_name) != 0;
	bool birth = row->birth_date[0] != '\0' &&
	    strcmp(row->birth_date, stored->birth_date) != 0;
	struct org o;
	char *arg;
	int n;

	if ((!name && !birth) || accepted(im, line))
		return 0;
	org_init(&o);
	if (store_org_get(im->s->st, stored->org_id, &o, &local) != 0) {
		if (local.code == CB_ESTORE || local.code == CB_ENOMEM) {
			org_release(&o);
			svc_error_take(im->err, &local);
			return -im->err->code;
		}
		cb_error_release(&local);
	}
	/* "#33 Nguyễn Văn An, Chi bộ 1 (CB-1) [full_name, birth_date]" */
	n = asprintf(&arg, "#%lld %s, %s (%s) [%s%s%s]", (long long)stored->id,
	    stored->full_name ? stored->full_name : "", o.name ? o.name : "",
	    o.code ? o.code : "", name ? "full_name" : "",
	    name && birth ? ", " : "", birth ? "birth_date" : "");
	org_release(&o);
	if (n < 0)
		return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
	{
		struct file_key *c = array_push(&im->conflicts,
		    &im->nconflicts, &im->capconflicts, sizeof(*c));

		if (c == NULL) {
			free(arg);
			return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
		}
		c->field = field;
		c->value = arg;
		c->row = line;
	}
	return 1;
}

/* Imports one row inside its own savepoint; collects its errors. */
static int
import_row(struct importer *im, const struct table_row *r,
    struct import_report *rep)
{
	struct cb_error rowerr = CB_ERROR_INIT;
	const struct rulebook *rb = svc_rules(im->s, im->err);
	struct member m;
	json_t *doc;
	const char *by = NULL;
	int64_t id = 0;
	size_t i;
	int rc = 0;

	if (rb == NULL)
		return -im->err->code;
	member_init(&m);
	if ((doc = row_document(im, r, strcmp(im->t.format, "xlsx") == 0)) ==
	    NULL)
		return 0;
	/* Read the row as a new record first: that gives its keys. */
	if (member_apply_json(&m, doc, true, rb, im->s->today, &rowerr) != 0)
		goto errors;
	if ((rc = remember_key(im, "citizen_id", m.citizen_id, r->line)) ||
	    (rc = remember_key(im, "card_no", m.card_no, r->line)))
		goto out;
	if ((rc = match_row(im, &m, &id, &by, &rowerr)) != 0)
		goto errors;
	if (id == 0) {
		if (svc_member_create(im->s, &m, &rowerr) == 0)
			rep->created++;
		else
			goto errors;
	} else {
		struct member stored;

		member_init(&stored);
		if (store_member_get(im->s->st, id, &stored, &rowerr) != 0) {
			member_release(&stored);
			goto errors;
		}
		if (by != NULL &&
		    (rc = identity_conflict(im, r->line, by, &m, &stored)) !=
		        0) {
			member_release(&stored);
			rc = rc > 0 ? 0 : rc;
			goto out;
		}
		i = (size_t)stored.version;
		if (svc_member_patch(im->s, id, doc, 0, &stored, &rowerr) !=
		    0) {
			member_release(&stored);
			goto errors;
		}
		if ((size_t)stored.version == i)
			rep->unchanged++;
		else
			rep->updated++;
		member_release(&stored);
	}
	goto out;
errors:
	if (rowerr.code == CB_ESTORE || rowerr.code == CB_ENOMEM ||
	    rowerr.code == CB_EIO) {
		rc = -rowerr.code;
		svc_error_take(im->err, &rowerr);
		goto out;
	}
	if (rowerr.nfields == 0)
		import_row_error(im, r->line, "",
		    rowerr.mcode ? rowerr.mcode : "invalid", rowerr.arg);
	for (i = 0; i < rowerr.nfields; i++) {
		const struct cb_ferr *f = &rowerr.fields[i];

		im->nerrors++;
		cb_error_field_copy(im->err, r->line, f);
	}
	rc = 0;
out:
	cb_error_release(&rowerr);
	json_decref(doc);
	member_release(&m);
	return rc;
}

static void
importer_release(struct importer *im)
{
	size_t i;

	table_release(&im->t);
	free(im->fields);
	free(im->plan);
	for (i = 0; i < im->nkeys; i++)
		free(im->keys[i].value);
	free(im->keys);
	for (i = 0; i < im->ncodes; i++)
		free(im->codes[i]);
	free(im->codes);
	free(im->code_ids);
	free(im->accept_met);
	for (i = 0; i < im->nconflicts; i++)
		free(im->conflicts[i].value);
	free(im->conflicts);
	free(im->dups);
}

/* The first row the office listed that had no conflict to accept; 0. */
static long
accepted_unmet(const struct importer *im)
{
	size_t i;

	for (i = 0; i < im->naccept; i++)
		if (!im->accept_met[i])
			return im->accept[i];
	return 0;
}

/* The row path (svc_import_members_file when the fast path does not
 * apply or gives way). */
int
import_rows(struct svc *s, const char *data, size_t len,
    const struct import_options *o, struct import_report *ret,
    struct cb_error *err)
{
	bool dry_run = o->dry_run;
	long unmet;
	struct importer im;
	struct import_report rep;
	size_t i;
	int rc;

	memset(&im, 0, sizeof(im));
	memset(&rep, 0, sizeof(rep));
	im.s = s;
	im.err = err;
	if (o->naccept_identity > 0) {
		im.accept = o->accept_identity;
		im.naccept = o->naccept_identity;
		if ((im.accept_met = calloc(im.naccept, sizeof(bool))) ==
		    NULL) {
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
			goto out;
		}
	}
	if ((rc = table_parse(data, len, IMPORT_MAX_ROWS + 1, &im.t, err)))
		goto out;
	snprintf(rep.format, sizeof(rep.format), "%s", im.t.format);
	snprintf(rep.encoding, sizeof(rep.encoding), "%s", im.t.encoding);
	if (im.t.nrows < 2) {
		rc = cb_error_set(err, CB_EINVAL, "csv_empty", NULL);
		goto out;
	}
	if ((rc = import_map_header(&im)) != 0)
		goto failed;
	if ((rc = store_begin(s->st, err)) != 0)
		goto out;
	for (i = 1; i < im.t.nrows && rc == 0; i++) {
		rep.rows++;
		rc = import_row(&im, &im.t.rows[i], &rep);
	}
	if (rc == 0) {
		check_repeats(&im);
		report_conflicts(&im);
	}
	if (rc != 0 || im.nerrors > 0 || dry_run) {
		store_rollback(s->st);
		if (rc != 0)
			goto out;
		if (im.nerrors > 0)
			goto failed;
		if ((unmet = accepted_unmet(&im)) != 0)
			goto unmet;
		rep.committed = false;
		*ret = rep;
		goto out;
	}
	if ((unmet = accepted_unmet(&im)) != 0) {
		store_rollback(s->st);
		goto unmet;
	}
	if ((rc = store_commit(s->st, err)) != 0) {
		store_rollback(s->st);
		goto out;
	}
	rep.committed = true;
	*ret = rep;
	goto out;
failed:
	rc = import_failed(err, im.nerrors);
	goto out;
unmet : {
	char arg[24];

	snprintf(arg, sizeof(arg), "%ld", unmet);
	rc = cb_error_set(err, CB_EINVAL, "accept_identity_no_conflict", arg);
}
out:
	importer_release(&im);
	return rc;
}
