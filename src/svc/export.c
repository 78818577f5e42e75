/*
 * export.c - members as CSV or an Excel workbook (for people, and for
 * importing back), as JSON, or as a printable PDF list.  The rows come
 * from store_member_each, masked as the store masks them for the
 * principal, whatever the format; each row is handed to the format's
 * writer as it comes (render-xlsx.c, render-pdf.c: export-int.h).
 */
#include "svc/export-int.h"
#include "svc/svc-int.h"

#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/privacy.h"
#include "util/msg.h"
#include "util/table.h"

#include "util/banned.h"

static const char *const format_names[] = { [EXPORT_CSV] = "csv",
	[EXPORT_JSON] = "json",
	[EXPORT_XLSX] = "xlsx",
	[EXPORT_PDF] = "pdf" };

#define NFORMATS (sizeof(format_names) / sizeof(format_names[0]))

const char *
export_format_name(enum export_format f)
{
	return (size_t)f < NFORMATS ? format_names[f] : "";
}

int
export_format_parse(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < NFORMATS; i++)
		if (strcmp(name, format_names[i]) == 0)
			return (int)i;
	return -1;
}

/* A column of CSV and XLSX: a field of member_entity, or the
 * organisation's code (f NULL). */
struct col {
	const struct field_def *f;
	const char *key;
};

/* The columns of the PDF list: fields, and "org_name" (the organisation's
 * name). */
static const char *const pdf_fields[] = { "full_name", "birth_date", "gender",
	"ethnicity", "admitted_on", "official_on", "status", "job_title",
	"org_name" };
#define PDF_NCOLS (sizeof(pdf_fields) / sizeof(pdf_fields[0]))
/* Relative widths (points on the page's 698 for the rows). */
static const double pdf_widths[PDF_NCOLS] = { 118, 66, 36, 46, 66, 66, 58, 118,
	124 };

#define MAX_COLS 64

struct exporter {
	struct svc *s;
	const struct export_options *o;
	struct sb *out;
	size_t n;
	struct org_list orgs; /* the subtree's organisations, by id */
	struct col cols[MAX_COLS];
	struct xcol xcols[MAX_COLS];
	size_t ncols;
	struct xlsx_sheet *xlsx;
	struct pdf_list pdf;
	int64_t pdf_org; /* the organisation of every row so far, or -1 */
	struct cb_error *err;
};

static int
by_id(const void *a, const void *b)
{
	const struct org *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Organisation id.  The organisations are loaded before the members are
 * walked, so no query runs while the member query is open (PostgreSQL
 * streams rows in single-row mode).
 */
static const struct org *
org_of(struct exporter *ex, int64_t id)
{
	struct org key;

	key.id = id;
	return bsearch(&key, ex->orgs.items, ex->orgs.n, sizeof(key), by_id);
}

static const char *
org_code(struct exporter *ex, int64_t id)
{
	const struct org *o = org_of(ex, id);

	return o != NULL && o->code != NULL ? o->code : "";
}

/* One CSV cell: a quote before a formula (util/table.h); then quoted when
 * it holds a delimiter, a quote, a line break or surrounding space. */
static void
csv_cell(struct sb *b, const char *v)
{
	const char *p;
	bool guard = table_cell_needs_guard(v);

	if (strpbrk(v, ",;\"\r\n") == NULL && v[0] != ' ' &&
	    (v[0] == '\0' || v[strlen(v) - 1] != ' ')) {
		if (guard)
			sb_addc(b, '\'');
		sb_add(b, v);
		return;
	}
	sb_addc(b, '"');
	if (guard)
		sb_addc(b, '\'');
	for (p = v; *p; p++) {
		if (*p == '"')
			sb_addc(b, '"');
		sb_addc(b, *p);
	}
	sb_addc(b, '"');
}

/* True if member field i was withheld from the principal (m->masked). */
static bool
withheld(const struct member *m, size_t i)
{
	return i < 64 && (m->masked & PRIVACY_BIT(i)) != 0;
}

const char *
svc_export_value(const struct member *m, size_t i, char *buf, size_t n)
{
	if (i >= member_entity.nfields)
		return NULL;
	if (withheld(m, i))
		return SVC_WITHHELD;
	return field_get_text(&member_entity.fields[i], m, buf, n);
}

/* The width of a column in characters, from its kind and header. */
static double
col_width(const char *head, enum xcol_kind kind, const char *key)
{
	size_t n = 0;
	const char *p;
	double w;

	for (p = head; *p; p++)
		n += ((unsigned char)*p & 0xC0) != 0x80;
	w = kind == XC_DATE ? 12 : kind == XC_NUMBER ? 9 : 16;
	if (strcmp(key, "full_name") == 0)
		w = 26;
	else if (strcmp(key, "email") == 0 || strcmp(key, "job_title") == 0)
		w = 24;
	return (double)n + 2 > w ? (double)n + 2 : w;
}

/* The columns of CSV and XLSX: with labels, the key and data fields and
 * the organisation's code (the record's version and timestamps are the
 * machine's); with keys, every field and org_code. */
static void
plan_columns(struct exporter *ex)
{
	bool keys = ex->o->headers == EXPORT_HEADERS_KEYS;
	size_t i;

	ex->ncols = 0;
	for (i = 0; i < member_entity.nfields && ex->ncols < MAX_COLS - 1;
	     i++) {
		const struct field_def *f = &member_entity.fields[i];
		struct xcol *x = &ex->xcols[ex->ncols];

		if (!keys && i >= MEMBER_F_version)
			continue;
		ex->cols[ex->ncols].f = f;
		ex->cols[ex->ncols].key = f->name;
		x->head = keys ? f->name : msg_field_label(f->name, LANG_VI);
		x->kind = f->type == FT_DATE ?
		    XC_DATE :
		    f->type == FT_I64 || f->type == FT_REF ?
		    XC_NUMBER :
		    XC_TEXT;
		x->width = col_width(x->head, x->kind, f->name);
		ex->ncols++;
	}
	ex->cols[ex->ncols].f = NULL;
	ex->cols[ex->ncols].key = "org_code";
	ex->xcols[ex->ncols].head =
	    keys ? "org_code" : msg_field_label("org_code", LANG_VI);
	ex->xcols[ex->ncols].kind = XC_TEXT;
	ex->xcols[ex->ncols].width = col_width(ex->xcols[ex->ncols].head,
	    XC_TEXT, "org_code");
	ex->ncols++;
}

/* The value of column key in the member's JSON j, as text ("" when
 * empty; an enumeration's label with the people's headers); num holds a
 * number. */
static const char *
cell_text(struct exporter *ex, const struct member *m, json_t *j,
    const char *key, char num[24])
{
	const struct field_def *mf = entity_field(&member_entity, key);
	json_t *v = json_object_get(j, key);

	/* Withheld from the principal: said so, never an empty cell that
	 * would read back as "no value". */
	if (mf != NULL && withheld(m, (size_t)(mf - member_entity.fields)))
		return SVC_WITHHELD;
	if (json_is_string(v)) {
		const char *s = json_string_value(v);

		if (mf != NULL && mf->type == FT_ENUM &&
		    ex->o->headers == EXPORT_HEADERS_LABELS)
			return msg_value_label(key, s, LANG_VI);
		return s;
	}
	if (json_is_integer(v)) {
		snprintf(num, 24, "%lld", (long long)json_integer_value(v));
		return num;
	}
	return "";
}

static int
export_one(const struct member *m, void *arg)
{
	struct exporter *ex = arg;
	json_t *j = member_to_json(m);
	const char *cells[MAX_COLS];
	char nums[MAX_COLS][24];
	size_t i;
	int rc = 0;

	if (j == NULL)
		return cb_error_set(ex->err, CB_ENOMEM, NULL, NULL);
	json_object_set_new(j, "org_code",
	    json_string(org_code(ex, m->org_id)));
	switch (ex->o->fmt) {
	case EXPORT_JSON: {
		char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

		if (s == NULL) {
			rc = cb_error_set(ex->err, CB_ENOMEM, NULL, NULL);
			break;
		}
		sb_add(ex->out, ex->n ? ",\n" : "\n");
		sb_add(ex->out, s);
		free(s);
		break;
	}
	case EXPORT_PDF: {
		const struct org *o = org_of(ex, m->org_id);

		for (i = 0; i < PDF_NCOLS; i++)
			cells[i] = strcmp(pdf_fields[i], "org_name") == 0 ?
			    (o != NULL && o->name ? o->name : "") :
			    cell_text(ex, m, j, pdf_fields[i], nums[i]);
		rc = pdf_list_add(&ex->pdf, cells, ex->err);
		if (ex->n == 0)
			ex->pdf_org = m->org_id;
		else if (ex->pdf_org != m->org_id)
			ex->pdf_org = -1;
		break;
	}
	case EXPORT_XLSX:
		for (i = 0; i < ex->ncols; i++)
			cells[i] = cell_text(ex, m, j, ex->cols[i].key,
			    nums[i]);
		rc = xlsx_sheet_row(ex->xlsx, cells, ex->err);
		break;
	case EXPORT_CSV:
	default:
		for (i = 0; i < ex->ncols; i++) {
			if (i > 0)
				sb_addc(ex->out, ',');
			csv_cell(ex->out,
			    cell_text(ex, m, j, ex->cols[i].key, nums[i]));
		}
		sb_add(ex->out, "\r\n");
		break;
	}
	json_decref(j);
	if (rc != 0)
		return rc;
	ex->n++;
	return sb_err(ex->out);
}

/*
 * The PDF's heading: the committee is the organisation exported (or the
 * topmost one in view), the superior committee its parent, when the
 * principal may read it (else the line is left out).
 */
static int
pdf_heading(struct exporter *ex, const struct member_query *q,
    struct org *parent, struct cb_error *err)
{
	const struct org *o = NULL;
	size_t i;

	if (q->org_id != 0)
		o = org_of(ex, q->org_id);
	else
		for (i = 0; i < ex->orgs.n; i++)
			if (o == NULL || ex->orgs.items[i].depth < o->depth)
				o = &ex->orgs.items[i];
	ex->pdf.upper = "";
	ex->pdf.committee = o != NULL && o->name != NULL ? o->name : "";
	if (o != NULL && o->parent_id != 0) {
		struct cb_error e2 = CB_ERROR_INIT;

		if (store_org_get(ex->s->st, o->parent_id, parent, &e2) == 0)
			ex->pdf.upper = parent->name ? parent->name : "";
		else if (e2.code != CB_ENOTFOUND && e2.code != CB_EPERM) {
			int code = e2.code;

			cb_error_release(&e2);
			return cb_error_set(err, code, NULL, NULL);
		}
		cb_error_release(&e2);
	}
	return 0;
}

static int
audit_export(struct svc *s, const struct member_query *q,
    const struct export_options *o, size_t n, struct cb_error *err)
{
	int rc;

	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	rc = svc_audit(s, "member.export", "export", 0, q->org_id, NULL, NULL,
	    json_pack("{s:s, s:I, s:o, s:s?, s:s?}", "format",
	        export_format_name(o->fmt), "count", (json_int_t)n, "org_id",
	        q->org_id ? json_integer(q->org_id) : json_null(), "status",
	        member_status_name(q->status), "q", q->q),
	    err);
	if (rc == 0)
		rc = store_commit(s->st, err);
	if (rc != 0)
		store_rollback(s->st);
	return rc;
}

int
svc_export_members(struct svc *s, const struct member_query *q,
    const struct export_options *o, struct sb *out, struct cb_error *err)
{
	struct exporter ex;
	struct org parent;
	struct xcol pdf_cols[PDF_NCOLS];
	char subtitle[96];
	size_t i;
	int rc;

	memset(&ex, 0, sizeof(ex));
	org_init(&parent);
	ex.s = s;
	ex.o = o;
	ex.out = out;
	ex.err = err;
	if (!principal_can(s->who, ACT_MEMBER_EXPORT))
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	{
		struct org_query oq = { .root_id = q->org_id,
			.include_closed = true };

		if ((rc = store_org_list(s->st, &oq, &ex.orgs, err)) != 0)
			return rc;
		if (ex.orgs.n > 0)
			qsort(ex.orgs.items, ex.orgs.n, sizeof(struct org),
			    by_id);
	}
	if (q->org_id != 0) {
		const struct org *org = org_of(&ex, q->org_id);

		if (org != NULL &&
		    (rc = svc_allow(s, ACT_MEMBER_EXPORT, org->path,
		         "org_not_found", err)) != 0)
			goto done;
	}
	plan_columns(&ex);
	switch (o->fmt) {
	case EXPORT_CSV:
		/* A BOM so that Excel reads UTF-8; then the header. */
		sb_add(out, "\xEF\xBB\xBF");
		for (i = 0; i < ex.ncols; i++) {
			if (i > 0)
				sb_addc(out, ',');
			csv_cell(out, ex.xcols[i].head);
		}
		sb_add(out, "\r\n");
		break;
	case EXPORT_JSON:
		sb_addc(out, '[');
		break;
	case EXPORT_XLSX:
		if ((rc = xlsx_sheet_open(ex.xcols, ex.ncols, &ex.xlsx,
		         err)) != 0)
			goto done;
		break;
	case EXPORT_PDF:
		for (i = 0; i < PDF_NCOLS; i++) {
			const struct field_def *f =
			    entity_field(&member_entity, pdf_fields[i]);

			pdf_cols[i].head = f != NULL ?
			    msg_field_label(f->name, LANG_VI) :
			    msg_field_label("org_id", LANG_VI);
			pdf_cols[i].kind = f != NULL && f->type == FT_DATE ?
			    XC_DATE :
			    XC_TEXT;
			pdf_cols[i].width = pdf_widths[i];
		}
		ex.pdf.cols = pdf_cols;
		ex.pdf.ncols = PDF_NCOLS;
		ex.pdf.title = "DANH SÁCH ĐẢNG VIÊN";
		ex.pdf.date_iso = s->today;
		if ((rc = pdf_heading(&ex, q, &parent, err)) != 0)
			goto done;
		break;
	default:
		rc = cb_error_set(err, CB_EINVAL, NULL, NULL);
		goto done;
	}
	rc = store_member_each(s->st, q, export_one, &ex, err);
	if (rc == 0 && o->fmt == EXPORT_XLSX) {
		rc = xlsx_sheet_close(ex.xlsx, out, err);
		ex.xlsx = NULL;
	}
	if (rc == 0 && o->fmt == EXPORT_PDF) {
		snprintf(subtitle, sizeof(subtitle), "(Tổng số: %zu đồng chí)",
		    ex.n);
		ex.pdf.subtitle = subtitle;
		/* A list of one organisation, named in the heading: no column
		 * repeating its name (the last one). */
		if (ex.n > 0 && q->org_id != 0 && ex.pdf_org == q->org_id)
			ex.pdf.nshown = PDF_NCOLS - 1;
		rc = pdf_list_render(&ex.pdf, out, err);
	}
	/* Who took which list out: recorded. */
	if (rc == 0)
		rc = audit_export(s, q, o, ex.n, err);
	if (rc == 0 && o->fmt == EXPORT_JSON)
		sb_add(out, ex.n ? "\n]\n" : "]\n");
	if (rc == 0 && sb_err(out) != 0)
		rc = sb_err(out);
done:
	if (rc != 0 && err->code == CB_OK)
		cb_error_set(err, rc, rc == -CB_ETOOBIG ? "too_big" : NULL,
		    NULL);
	xlsx_sheet_abort(ex.xlsx);
	pdf_list_release(&ex.pdf);
	org_release(&parent);
	org_list_release(&ex.orgs);
	return rc;
}
