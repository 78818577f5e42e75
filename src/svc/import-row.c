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

#include "core/entity.h"
#include "core/validate.h"
#include "util/alloc.h"
#include "util/sb.h"
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
row_document(struct importer *im, const struct table_row *r, bool xlsx,
    bool *ret_bad)
{
	json_t *doc = json_object();
	size_t before = im->nerrors, i;

	*ret_bad = false;

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
	/* A row with cells that cannot be read is still judged on the
	 * others (every problem of a row at once), never written. */
	*ret_bad = im->nerrors != before;
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
report_conflicts(struct importer *im, struct import_report *rep)
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
		/* value: the member, then after its NUL the fields. */
		im->nerrors++;
		cb_error_field_given(im->err, c->row, c->field,
		    "identity_conflict", c->value,
		    c->value + strlen(c->value) + 1);
		{
			struct import_change *d = array_push(&rep->conflicts,
			    &rep->nconflicts, &rep->capconflicts, sizeof(*d));

			if (d != NULL) {
				*d = im->cdetail[i];
				memset(&im->cdetail[i], 0, sizeof(*d));
			}
		}
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

static int
add_pair(struct import_change *d, const char *field, const char *stored,
    const char *file)
{
	struct import_change_field *nf;

	if ((nf = realloc(d->fields, (d->nfields + 1) * sizeof(*nf))) == NULL)
		return -CB_ENOMEM;
	d->fields = nf;
	nf = &d->fields[d->nfields++];
	nf->field = field;
	nf->old = stored ? strdup(stored) : NULL;
	nf->new_ = file ? strdup(file) : NULL;
	if ((stored && !nf->old) || (file && !nf->new_))
		return -CB_ENOMEM;
	return 0;
}

/* The detail of a conflict: the stored member and its cell, and the full
 * name and birth date, stored and in the file, that differ. */
static int
conflict_detail(struct import_change *d, const struct member *row,
    const struct member *stored, const struct org *o, bool name, bool birth)
{
	if ((stored->full_name &&
	        !(d->full_name = strdup(stored->full_name))) ||
	    (o->name && !(d->org_name = strdup(o->name))) ||
	    (o->code && !(d->org_code = strdup(o->code))))
		return -CB_ENOMEM;
	if (name &&
	    add_pair(d, "full_name", stored->full_name, row->full_name) != 0)
		return -CB_ENOMEM;
	if (birth &&
	    add_pair(d, "birth_date", stored->birth_date, row->birth_date) !=
	        0)
		return -CB_ENOMEM;
	return 0;
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
	/* "#33 Nguyễn Văn An, Chi bộ 1 (CB-1)", and the fields that differ
	 * ("full_name,birth_date": the message names them by label). */
	n = asprintf(&arg, "#%lld %s, %s (%s)%c%s%s%s", (long long)stored->id,
	    stored->full_name ? stored->full_name : "", o.name ? o.name : "",
	    o.code ? o.code : "", '\0', name ? "full_name" : "",
	    name && birth ? "," : "", birth ? "birth_date" : "");
	if (n < 0) {
		org_release(&o);
		return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
	}
	{
		struct import_change d;
		struct import_change *nd;
		struct file_key *c;
		size_t cap = im->capconflicts;

		memset(&d, 0, sizeof(d));
		d.row = line;
		d.matched_by = field;
		d.member_id = stored->id;
		d.org_id = stored->org_id;
		if ((c = array_push(&im->conflicts, &im->nconflicts,
		         &im->capconflicts, sizeof(*c))) == NULL) {
			free(arg);
			return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
		}
		c->field = field;
		c->value = arg;
		c->row = line;
		if (im->capconflicts != cap || im->cdetail == NULL) {
			if ((nd = realloc(im->cdetail,
			         im->capconflicts * sizeof(*nd))) == NULL) {
				im->nconflicts--;
				free(arg);
				return cb_error_set(im->err, CB_ENOMEM, NULL,
				    NULL);
			}
			im->cdetail = nd;
		}
		if (conflict_detail(&d, row, stored, &o, name, birth) != 0) {
			import_change_release(&d);
			im->nconflicts--;
			free(arg);
			org_release(&o);
			return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
		}
		im->cdetail[im->nconflicts - 1] = d;
	}
	org_release(&o);
	return 1;
}

/* Judges a row whose cells were not all read (reported since the
 * report's entry from) as a new record, for its other problems. */
static int
judge_rest(struct importer *im, long line, size_t from, json_t *doc,
    const struct rulebook *rb)
{
	struct cb_error judged = CB_ERROR_INIT, local = CB_ERROR_INIT;
	struct member m;
	struct org o;
	bool found = false;
	int rc = 0;

	member_init(&m);
	org_init(&o);
	if (member_apply_json(&m, doc, true, rb, im->s->today, &judged) == 0) {
		if (m.org_id > 0) {
			rc = store_org_get(im->s->st, m.org_id, &o, &local);
			found = rc == 0;
			if (rc == -CB_ENOTFOUND)
				rc = 0;
		}
		if (rc == 0)
			(void)member_validate(&m, rb, found ? &o : NULL,
			    im->s->today, &judged);
	}
	if (rc != 0)
		svc_error_take(im->err, &local);
	else
		import_report_rest(im, line, from, &judged);
	cb_error_release(&local);
	cb_error_release(&judged);
	org_release(&o);
	member_release(&m);
	return rc;
}

/* Appends to the report the change of stored member (before -> after)
 * that row line makes, field by field, and adds it to the outcome. */
static int
record_change(struct importer *im, long line, const struct member *before,
    const struct member *after, struct import_report *rep)
{
	struct cb_error local = CB_ERROR_INIT;
	struct import_change *c;
	struct org o;
	size_t i;

	if ((c = array_push(&rep->changes, &rep->nchanges, &rep->capchanges,
	         sizeof(*c))) == NULL)
		return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
	memset(c, 0, sizeof(*c));
	c->row = line;
	c->member_id = before->id;
	c->org_id = before->org_id;
	org_init(&o);
	if (store_org_get(im->s->st, before->org_id, &o, &local) == 0) {
		c->org_name = o.name ? strdup(o.name) : NULL;
		c->org_code = o.code ? strdup(o.code) : NULL;
	}
	cb_error_release(&local);
	org_release(&o);
	if (before->full_name != NULL &&
	    (c->full_name = strdup(before->full_name)) == NULL)
		return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
	sb_addf(&im->outcome, "updated %ld %lld %lld\n", line,
	    (long long)before->id, (long long)before->version);
	for (i = 0; i < member_entity.nfields; i++) {
		const struct field_def *f = &member_entity.fields[i];
		char ba[FIELD_TEXT_MAX + 32], bb[FIELD_TEXT_MAX + 32];
		const char *x, *y;
		struct import_change_field *cf, *nf;

		if (f->flags & (FF_KEY | FF_READONLY))
			continue;
		x = field_get_text(f, before, ba, sizeof(ba));
		y = field_get_text(f, after, bb, sizeof(bb));
		if (x != NULL && x[0] == '\0')
			x = NULL;
		if (y != NULL && y[0] == '\0')
			y = NULL;
		if ((x == NULL && y == NULL) ||
		    (x != NULL && y != NULL && strcmp(x, y) == 0))
			continue;
		if ((nf = realloc(c->fields,
		         (c->nfields + 1) * sizeof(*nf))) == NULL)
			return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
		c->fields = nf;
		cf = &c->fields[c->nfields++];
		cf->field = f->name;
		cf->old = x ? strdup(x) : NULL;
		cf->new_ = y ? strdup(y) : NULL;
		if ((x && !cf->old) || (y && !cf->new_))
			return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
		sb_addf(&im->outcome, "%s\t%s\t%s\n", f->name, x ? x : "",
		    y ? y : "");
	}
	return 0;
}

/* Whether an earlier row of the file has m's value of field (citizen_id
 * or card_no). */
static bool
earlier_key(const struct importer *im, const struct member *m,
    const char *field, long line)
{
	const char *v = NULL;
	size_t i;

	if (field != NULL && strcmp(field, "citizen_id") == 0)
		v = m->citizen_id;
	else if (field != NULL && strcmp(field, "card_no") == 0)
		v = m->card_no;
	for (i = 0; v != NULL && i < im->nkeys; i++)
		if (im->keys[i].row < line &&
		    strcmp(im->keys[i].field, field) == 0 &&
		    strcmp(im->keys[i].value, v) == 0)
			return true;
	return false;
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
	size_t i, from;
	bool bad = false;
	int rc = 0;

	if (rb == NULL)
		return -im->err->code;
	member_init(&m);
	from = im->err->nfields;
	if ((doc = row_document(im, r, strcmp(im->t.format, "xlsx") == 0,
	         &bad)) == NULL)
		return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
	if (bad) {
		rc = judge_rest(im, r->line, from, doc, rb);
		goto out;
	}
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
		struct member stored, before;

		member_init(&stored);
		member_init(&before);
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
		if (member_copy(&before, &stored) != 0) {
			member_release(&stored);
			rc = cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
			goto out;
		}
		if (svc_member_patch(im->s, id, doc, 0, &stored, &rowerr) !=
		    0) {
			member_release(&stored);
			member_release(&before);
			goto errors;
		}
		if (stored.version == before.version) {
			rep->unchanged++;
			sb_addf(&im->outcome, "unchanged %ld %lld %lld\n",
			    r->line, (long long)before.id,
			    (long long)before.version);
		} else {
			rep->updated++;
			rc = record_change(im, r->line, &before, &stored, rep);
		}
		member_release(&stored);
		member_release(&before);
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
		struct cb_ferr f = rowerr.fields[i];

		/* A value an earlier row of the file holds: that row is
		 * named (duplicate_in_file), not the member it made, as on
		 * the fast path, which makes none. */
		if (f.code != NULL && strcmp(f.code, "duplicate") == 0 &&
		    earlier_key(im, &m, f.field, r->line))
			f.arg = NULL;
		im->nerrors++;
		cb_error_field_copy(im->err, r->line, &f);
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
	for (i = 0; i < im->nconflicts; i++) {
		free(im->conflicts[i].value);
		if (im->cdetail != NULL)
			import_change_release(&im->cdetail[i]);
	}
	free(im->cdetail);
	free(im->conflicts);
	free(im->dups);
	sb_release(&im->outcome);
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

/* Records the import's batch (before its rows) and, once they are
 * written, its one audit entry: the file, its SHA-256, the rows and what
 * they did.  Each member's own entry names the batch (s->import_batch). */
static int
batch_begin(struct importer *im, const char *file_name, const char *sha,
    size_t rows)
{
	struct store_bulk_batch b = { .source = "import" };
	int64_t id = 0;
	int rc;

	b.file_name = file_name;
	b.file_sha256 = sha;
	b.actor = im->s->actor;
	b.user_id = im->s->who->user_id;
	b.on_date = im->s->today;
	if ((rc = store_import_batch_add(im->s->st, &b, (int64_t)rows, &id,
	         im->err)) != 0)
		return rc;
	im->s->import_batch = id;
	return 0;
}

static int
batch_audit(struct importer *im, const char *file_name, const char *sha,
    const struct import_report *rep)
{
	return svc_audit(im->s, "member.import", "batch", im->s->import_batch,
	    import_audit_org(im->s), NULL, NULL,
	    json_pack("{s:I, s:I, s:I, s:I, s:I, s:s, s:s?, s:s}", "batch_id",
	        (json_int_t)im->s->import_batch, "rows", (json_int_t)rep->rows,
	        "created", (json_int_t)rep->created, "updated",
	        (json_int_t)rep->updated, "unchanged",
	        (json_int_t)rep->unchanged, "file_sha256", sha, "file_name",
	        file_name, "path", "rows"),
	    im->err);
}

/* The row path (svc_import_members_file when the fast path does not
 * apply or gives way). */
int
import_rows(struct svc *s, const char *file_name, const char *data, size_t len,
    const struct import_options *o, struct import_seal *seal,
    struct import_report *ret, struct cb_error *err)
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
	sb_init(&im.outcome, SIZE_MAX);
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
	snprintf(rep.file_sha256, sizeof(rep.file_sha256), "%s",
	    seal->file_sha256);
	if (im.t.nrows < 2) {
		rc = cb_error_set(err, CB_EINVAL, "csv_empty", NULL);
		goto out;
	}
	if ((rc = import_map_header(&im)) != 0)
		goto failed;
	if ((rc = store_begin(s->st, err)) != 0)
		goto out;
	if (!dry_run &&
	    (rc = batch_begin(&im, file_name, seal->file_sha256,
	         im.t.nrows - 1)) != 0) {
		store_rollback(s->st);
		goto out;
	}
	for (i = 1; i < im.t.nrows && rc == 0; i++) {
		rep.rows++;
		rc = import_row(&im, &im.t.rows[i], &rep);
	}
	if (rc == 0) {
		check_repeats(&im);
		report_conflicts(&im, &rep);
	}
	if (rc == 0 && im.nerrors == 0) {
		if (sb_err(&im.outcome) != 0)
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		else
			import_seal_digest(seal, im.outcome.buf,
			    im.outcome.len, rep.created);
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
		memset(&rep, 0, sizeof(rep));
		goto out;
	}
	if ((unmet = accepted_unmet(&im)) != 0) {
		store_rollback(s->st);
		goto unmet;
	}
	/* Applying a check: only if it does what the check said. */
	if ((rc = import_seal_verify(seal, err)) != 0 ||
	    (rc = batch_audit(&im, file_name, seal->file_sha256, &rep)) != 0) {
		store_rollback(s->st);
		goto out;
	}
	if ((rc = store_commit(s->st, err)) != 0) {
		store_rollback(s->st);
		goto out;
	}
	rep.committed = true;
	rep.batch_id = s->import_batch;
	*ret = rep;
	memset(&rep, 0, sizeof(rep));
	goto out;
failed:
	rc = import_failed(err, im.nerrors);
	if (rep.nconflicts > 0) {
		/* The office's choices to make. */
		*ret = rep;
		memset(&rep, 0, sizeof(rep));
	}
	goto out;
unmet : {
	char arg[24];

	snprintf(arg, sizeof(arg), "%ld", unmet);
	rc = cb_error_set(err, CB_EINVAL, "accept_identity_no_conflict", arg);
}
out:
	s->import_batch = 0;
	import_report_release(&rep);
	importer_release(&im);
	return rc;
}
