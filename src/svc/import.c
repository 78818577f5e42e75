/*
 * import.c - members from CSV or Excel, all or nothing.
 *
 * The whole file runs in one transaction; each row in a savepoint of its
 * own, so a bad row is undone while the rest are still checked.  Every
 * problem of every row is collected with its row number and column; if
 * there is any, everything is rolled back.
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "util/alloc.h"
#include "util/date.h"
#include "util/msg.h"
#include "util/table.h"
#include "util/text.h"

/* Columns that are read but never imported (our own export writes them). */
static const char *const ignored_columns[] = {
	"id", "state", "version", "created_at", "updated_at", "stt", "tt",
	"so thu tu", "ghi chu", "note", "notes", NULL
};

/* Other names of the columns (the field name and the labels of
 * util/msg.c in both languages are always accepted). */
struct alias {
	const char	*field;
	const char	*name;
};

static const struct alias aliases[] = {
	{ "full_name", "Họ tên" }, { "full_name", "Họ và tên đảng viên" },
	{ "full_name", "Tên đảng viên" }, { "gender", "Nam/Nữ" },
	{ "gender", "Giới" }, { "birth_date", "Sinh ngày" },
	{ "birth_date", "Ngày tháng năm sinh" },
	{ "citizen_id", "CCCD" }, { "citizen_id", "Căn cước công dân" },
	{ "citizen_id", "Số căn cước" }, { "citizen_id", "Số định danh" },
	{ "citizen_id", "Số định danh cá nhân" },
	{ "card_no", "Số thẻ" }, { "card_no", "Số thẻ đảng" },
	{ "card_no", "Số thẻ Đảng viên" },
	{ "admission_decision_date", "Ngày QĐ kết nạp" },
	{ "admitted_on", "Ngày kết nạp" }, { "admitted_on", "Ngày vào đảng" },
	{ "official_on", "Ngày công nhận chính thức" },
	{ "official_on", "Ngày chính thức" },
	{ "status", "Trạng thái" }, { "status", "Chính thức/Dự bị" },
	{ "status", "Đảng viên chính thức/dự bị" },
	{ "exempt_since", "Ngày miễn sinh hoạt" },
	{ "exempt_since", "Miễn sinh hoạt từ" },
	{ "org_code", "Mã tổ chức" }, { "org_code", "Mã chi bộ" },
	{ "org_code", "Chi bộ" }, { "org_id", "Mã số tổ chức" },
	{ "job_title", "Chức vụ" }, { "job_title", "Nghề nghiệp" },
	{ "education", "Học vấn" }, { "education", "Văn hóa" },
	{ "education", "Giáo dục phổ thông" },
	{ "professional_level", "Chuyên môn" },
	{ "professional_level", "Chuyên môn nghiệp vụ" },
	{ "theory_level", "LLCT" }, { "theory_level", "Trình độ lý luận" },
	{ "theory_level", "Lý luận chính trị" },
	{ "phone", "SĐT" }, { "phone", "Số điện thoại" },
	{ "phone", "Điện thoại di động" },
	{ "email", "Thư điện tử" }, { "email", "E-mail" },
	{ "ethnicity", "Dân tộc" }, { "religion", "Tôn giáo" },
	{ "birthplace", "Nơi sinh" }, { "hometown", "Quê quán" },
	{ "dossier_no", "Số lý lịch" }, { "dossier_no", "Số LL" },
	{ NULL, NULL }
};

/* Lower-case, tone-free, no spaces, hyphens, dots, slashes or
 * underscores: "Ngày vào Đảng" -> "ngayvaodang". */
static char *
column_key(const char *s)
{
	char *f = text_fold(s), *r, *w;

	if (f == NULL)
		return NULL;
	for (r = w = f; *r; r++)
		if (strchr(" -_./()'*", *r) == NULL)
			*w++ = *r;
	*w = '\0';
	return f;
}

static bool
key_is(const char *key, const char *name)
{
	char *k = column_key(name);
	bool eq = k != NULL && strcmp(k, key) == 0;

	free(k);
	return eq;
}

/* The field a header names: a member field, "org_code", "" for a column
 * to ignore, or NULL when unknown. */
static const char *
column_field(const char *header)
{
	char *key = column_key(header);
	const char *found = NULL;
	size_t i;

	if (key == NULL)
		return NULL;
	for (i = 0; ignored_columns[i] && found == NULL; i++)
		if (key_is(key, ignored_columns[i]))
			found = "";
	for (i = 0; member_json_fields[i] && found == NULL; i++) {
		const char *f = member_json_fields[i];

		if (key_is(key, f) || key_is(key, msg_field_label(f, LANG_VI)) ||
		    key_is(key, msg_field_label(f, LANG_EN)))
			found = f;
	}
	if (found == NULL && (key_is(key, "org_code") ||
	    key_is(key, msg_field_label("org_code", LANG_VI))))
		found = "org_code";
	for (i = 0; aliases[i].field && found == NULL; i++)
		if (key_is(key, aliases[i].name))
			found = aliases[i].field;
	free(key);
	if (found != NULL && (strcmp(found, "id") == 0 ||
	    strcmp(found, "state") == 0 || strcmp(found, "version") == 0 ||
	    strcmp(found, "created_at") == 0 ||
	    strcmp(found, "updated_at") == 0))
		return "";
	return found;
}

static bool
is_date_field(const char *f)
{
	return strcmp(f, "birth_date") == 0 || strcmp(f, "exempt_since") == 0 ||
	    strcmp(f, "admission_decision_date") == 0 ||
	    strcmp(f, "admitted_on") == 0 || strcmp(f, "official_on") == 0;
}

/* "Nam", "nữ", "male", "F", ... */
static const char *
gender_value(const char *v)
{
	char *k = column_key(v);
	const char *g = NULL;

	if (k == NULL)
		return NULL;
	if (strcmp(k, "nam") == 0 || strcmp(k, "male") == 0 ||
	    strcmp(k, "m") == 0)
		g = "male";
	else if (strcmp(k, "nu") == 0 || strcmp(k, "female") == 0 ||
	    strcmp(k, "f") == 0)
		g = "female";
	free(k);
	return g;
}

/* "Chính thức", "dự bị", "official", "CT", "DB", ... */
static const char *
status_value(const char *v)
{
	char *k = column_key(v);
	const char *s = NULL;

	if (k == NULL)
		return NULL;
	if (strcmp(k, "chinhthuc") == 0 || strcmp(k, "official") == 0 ||
	    strcmp(k, "ct") == 0 || strcmp(k, "dangvienchinhthuc") == 0)
		s = "official";
	else if (strcmp(k, "dubi") == 0 || strcmp(k, "probationary") == 0 ||
	    strcmp(k, "db") == 0 || strcmp(k, "dangviendubi") == 0)
		s = "probationary";
	free(k);
	return s;
}

/* A citizen ID or card number met in the file, and where. */
struct file_key {
	const char	*field;		/* static: "citizen_id" or "card_no" */
	char		*value;
	long		 row;
};

struct importer {
	struct svc		*s;
	struct table		 t;
	const char		**fields;	/* per column */
	size_t			 ncols;
	struct cb_error		*err;
	size_t			 nerrors;
	/* Keys seen in the file, for duplicates inside it. */
	struct file_key		*keys;
	size_t			 nkeys;
	size_t			 capkeys;
	/* Organisation codes already resolved. */
	char			**codes;
	int64_t			*code_ids;
	size_t			 ncodes;
};

static int
row_error(struct importer *im, long row, const char *field, const char *code,
    const char *arg)
{
	im->nerrors++;
	cb_error_field(im->err, row, field, code, arg);
	return -CB_EINVAL;
}

/* Maps the header row to fields; reports unknown, repeated and missing
 * required columns. */
static int
map_header(struct importer *im)
{
	static const char *const required[] = { "full_name", "gender",
	    "birth_date", "admitted_on", "status", NULL };
	const struct table_row *h = &im->t.rows[0];
	bool have_org = false;
	size_t i, j;

	im->ncols = h->ncells;
	if ((im->fields = calloc(h->ncells + 1, sizeof(*im->fields))) == NULL)
		return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
	for (i = 0; i < h->ncells; i++) {
		const char *f;

		if (h->cells[i][0] == '\0') {
			im->fields[i] = "";
			continue;
		}
		if ((f = column_field(h->cells[i])) == NULL) {
			row_error(im, h->line, h->cells[i], "unknown_column",
			    h->cells[i]);
			im->fields[i] = "";
			continue;
		}
		for (j = 0; j < i && f[0]; j++)
			if (strcmp(im->fields[j], f) == 0)
				row_error(im, h->line, h->cells[i],
				    "duplicate_column", h->cells[i]);
		im->fields[i] = f;
		if (strcmp(f, "org_code") == 0 || strcmp(f, "org_id") == 0)
			have_org = true;
	}
	for (j = 0; required[j]; j++) {
		for (i = 0; i < im->ncols; i++)
			if (strcmp(im->fields[i], required[j]) == 0)
				break;
		if (i == im->ncols)
			row_error(im, h->line, required[j], "missing_column",
			    required[j]);
	}
	if (!have_org)
		row_error(im, h->line, "org_code", "missing_column",
		    "org_code");
	return im->nerrors ? -CB_EINVAL : 0;
}

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
		int64_t *ni = nc ? realloc(im->code_ids, (im->ncodes + 1) *
		    sizeof(*ni)) : NULL;

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

	if (r->ncells > im->ncols) {
		for (i = im->ncols; i < r->ncells; i++)
			if (r->cells[i][0] != '\0') {
				row_error(im, r->line, "", "too_many_cells",
				    NULL);
				break;
			}
	}
	for (i = 0; i < im->ncols; i++) {
		const char *f = im->fields[i];
		const char *v = i < r->ncells ? r->cells[i] : "";
		char iso[DATE_LEN];
		struct date d;

		if (f[0] == '\0')
			continue;
		if (v[0] == '\0') {
			if (strcmp(f, "org_code") != 0)
				json_object_set_new(doc, f, json_null());
			continue;
		}
		if (strcmp(f, "org_code") == 0 || strcmp(f, "org_id") == 0) {
			int64_t id = 0;

			if (strcmp(f, "org_id") == 0) {
				char *end;

				id = strtoll(v, &end, 10);
				if (*end != '\0' || id <= 0) {
					row_error(im, r->line, f,
					    "invalid_number", NULL);
					continue;
				}
			} else if (resolve_code(im, v, &id) != 0)
				break;
			if (id == 0)
				row_error(im, r->line, f, "org_code_not_found",
				    v);
			else
				json_object_set_new(doc, "org_id",
				    json_integer(id));
		} else if (is_date_field(f)) {
			if (date_parse_any(v, &d) != 0) {
				row_error(im, r->line, f, "invalid_date", v);
				continue;
			}
			date_format_iso(&d, iso);
			json_object_set_new(doc, f, json_string(iso));
		} else if (strcmp(f, "gender") == 0) {
			const char *g = gender_value(v);

			if (g == NULL)
				row_error(im, r->line, f, "invalid_value",
				    "Nam, Nữ");
			else
				json_object_set_new(doc, f, json_string(g));
		} else if (strcmp(f, "status") == 0) {
			const char *s = status_value(v);

			if (s == NULL)
				row_error(im, r->line, f, "invalid_value",
				    "Chính thức, Dự bị");
			else
				json_object_set_new(doc, f, json_string(s));
		} else if (strcmp(f, "citizen_id") == 0 && xlsx &&
		    strlen(v) >= 10 && strlen(v) < 12 &&
		    strspn(v, "0123456789") == strlen(v)) {
			/* Excel drops the leading zeros of a number: citizen
			 * IDs begin with a province code such as 001. */
			char pad[16];

			snprintf(pad, sizeof(pad), "%0*d%s",
			    (int)(12 - strlen(v)), 0, v);
			json_object_set_new(doc, f, json_string(pad));
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
	    sizeof(*k))) == NULL || (k->value = strdup(value)) == NULL)
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
		row_error(im, im->keys[i].row, im->keys[i].field,
		    "duplicate_in_file", arg);
	}
}

/* The stored member a row stands for: same citizen ID, else same card
 * number, else (neither given) same name, folded, and birth date. */
static int
match_row(struct importer *im, const struct member *m, int64_t *ret,
    struct cb_error *err)
{
	struct member_query q = { .state = MEMBER_STATE_ANY, .limit = 100 };
	struct member_page page = { 0 };
	char *want = NULL;
	size_t i;
	int rc;

	*ret = 0;
	if (m->citizen_id != NULL)
		return store_member_find(im->s->st, "citizen_id", m->citizen_id,
		    ret, err);
	if (m->card_no != NULL)
		return store_member_find(im->s->st, "card_no", m->card_no, ret,
		    err);
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

/* Imports one row inside its own savepoint; collects its errors. */
static int
import_row(struct importer *im, const struct table_row *r,
    struct import_report *rep)
{
	struct cb_error rowerr = CB_ERROR_INIT;
	const struct rulebook *rb = svc_rules(im->s, im->err);
	struct member m;
	json_t *doc;
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
	if ((rc = match_row(im, &m, &id, &rowerr)) != 0)
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
		i = (size_t)stored.version;
		if (svc_member_patch(im->s, id, doc, 0, &stored, &rowerr) != 0) {
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
		row_error(im, r->line, "", rowerr.mcode ? rowerr.mcode :
		    "invalid", rowerr.arg);
	for (i = 0; i < rowerr.nfields; i++) {
		const struct cb_ferr *f = &rowerr.fields[i];

		im->nerrors++;
		cb_error_field_rule(im->err, r->line, f->field, f->code, f->arg,
		    f->rule, f->citation);
	}
	rc = 0;
out:
	cb_error_release(&rowerr);
	json_decref(doc);
	member_release(&m);
	return rc;
}

struct ferr_at {
	struct cb_ferr	 f;
	size_t		 at;
};

static int
ferr_cmp(const void *a, const void *b)
{
	const struct ferr_at *x = a, *y = b;

	if (x->f.row != y->f.row)
		return x->f.row < y->f.row ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* Orders the report by row, keeping the order of a row's own errors. */
static void
sort_errors(struct cb_error *err)
{
	struct ferr_at *v;
	size_t i;

	if (err->nfields < 2 ||
	    (v = calloc(err->nfields, sizeof(*v))) == NULL)
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

static void
importer_release(struct importer *im)
{
	size_t i;

	table_release(&im->t);
	free(im->fields);
	for (i = 0; i < im->nkeys; i++)
		free(im->keys[i].value);
	free(im->keys);
	for (i = 0; i < im->ncodes; i++)
		free(im->codes[i]);
	free(im->codes);
	free(im->code_ids);
}

int
svc_import_members(struct svc *s, const char *data, size_t len, bool dry_run,
    struct import_report *ret, struct cb_error *err)
{
	struct importer im;
	struct import_report rep;
	size_t i;
	int rc;

	memset(&im, 0, sizeof(im));
	memset(&rep, 0, sizeof(rep));
	im.s = s;
	im.err = err;
	/* Each row is then checked against the principal's scope. */
	if (!principal_can(s->who, ACT_MEMBER_IMPORT))
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	if ((rc = table_parse(data, len, IMPORT_MAX_ROWS + 1, &im.t, err)))
		goto out;
	snprintf(rep.format, sizeof(rep.format), "%s", im.t.format);
	snprintf(rep.encoding, sizeof(rep.encoding), "%s", im.t.encoding);
	if (im.t.nrows < 2) {
		rc = cb_error_set(err, CB_EINVAL, "csv_empty", NULL);
		goto out;
	}
	if ((rc = map_header(&im)) != 0)
		goto failed;
	if ((rc = store_begin(s->st, err)) != 0)
		goto out;
	for (i = 1; i < im.t.nrows && rc == 0; i++) {
		rep.rows++;
		rc = import_row(&im, &im.t.rows[i], &rep);
	}
	if (rc == 0)
		check_repeats(&im);
	if (rc != 0 || im.nerrors > 0 || dry_run) {
		store_rollback(s->st);
		if (rc != 0)
			goto out;
		if (im.nerrors > 0)
			goto failed;
		rep.committed = false;
		*ret = rep;
		goto out;
	}
	if ((rc = store_commit(s->st, err)) != 0) {
		store_rollback(s->st);
		goto out;
	}
	rep.committed = true;
	*ret = rep;
	goto out;
failed:
	sort_errors(err);
	{
		char n[24];

		snprintf(n, sizeof(n), "%zu", im.nerrors);
		free(err->mcode);
		free(err->arg);
		err->code = CB_EINVAL;
		err->mcode = strdup("import_failed");
		err->arg = strdup(n);
		rc = -CB_EINVAL;
	}
out:
	importer_release(&im);
	return rc;
}
