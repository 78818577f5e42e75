/*
 * import-map.c - the columns of a member import and the one conversion of
 * each kind of cell: which field a header names (the field table of
 * core/entity.h, its labels in both languages, the aliases below), the
 * plan of each column, and import_cell_value, which the row path
 * (import-row.c) and the fast path (import-fast.c) share.
 */
#include "svc/import-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "util/date.h"
#include "util/msg.h"
#include "util/table.h"
#include "util/text.h"

#include "util/banned.h"

/* Columns that are read but never imported (besides the read-only
 * fields of member_entity, which our own export writes). */
static const char *const ignored_columns[] = { "stt", "tt", "so thu tu",
	"ghi chu", "note", "notes", NULL };

/* Other names of the columns (the field name and the labels of
 * util/msg.c in both languages are always accepted). */
struct alias {
	const char *field;
	const char *name;
};

static const struct alias aliases[] = { { "full_name", "Họ tên" },
	{ "full_name", "Họ và tên đảng viên" },
	{ "full_name", "Tên đảng viên" }, { "gender", "Nam/Nữ" },
	{ "gender", "Giới" }, { "birth_date", "Sinh ngày" },
	{ "birth_date", "Ngày tháng năm sinh" }, { "citizen_id", "CCCD" },
	{ "citizen_id", "Căn cước công dân" }, { "citizen_id", "Số căn cước" },
	{ "citizen_id", "Số định danh" },
	{ "citizen_id", "Số định danh cá nhân" }, { "card_no", "Số thẻ" },
	{ "card_no", "Số thẻ đảng" }, { "card_no", "Số thẻ Đảng viên" },
	{ "admission_decision_date", "Ngày QĐ kết nạp" },
	{ "admitted_on", "Ngày kết nạp" }, { "admitted_on", "Ngày vào đảng" },
	{ "official_on", "Ngày công nhận chính thức" },
	{ "official_on", "Ngày chính thức" }, { "status", "Trạng thái" },
	{ "status", "Chính thức/Dự bị" },
	{ "status", "Đảng viên chính thức/dự bị" },
	{ "exempt_since", "Ngày miễn sinh hoạt" },
	{ "exempt_since", "Miễn sinh hoạt từ" }, { "org_code", "Mã tổ chức" },
	{ "org_code", "Mã chi bộ" }, { "org_code", "Chi bộ" },
	{ "org_id", "Mã số tổ chức" }, { "job_title", "Chức vụ" },
	{ "job_title", "Nghề nghiệp" }, { "education", "Học vấn" },
	{ "education", "Văn hóa" }, { "education", "Giáo dục phổ thông" },
	{ "professional_level", "Chuyên môn" },
	{ "professional_level", "Chuyên môn nghiệp vụ" },
	{ "theory_level", "LLCT" }, { "theory_level", "Trình độ lý luận" },
	{ "theory_level", "Lý luận chính trị" }, { "phone", "SĐT" },
	{ "phone", "Số điện thoại" }, { "phone", "Điện thoại di động" },
	{ "email", "Thư điện tử" }, { "email", "E-mail" },
	{ "ethnicity", "Dân tộc" }, { "religion", "Tôn giáo" },
	{ "birthplace", "Nơi sinh" }, { "hometown", "Quê quán" },
	{ "dossier_no", "Số lý lịch" }, { "dossier_no", "Số LL" },
	{ NULL, NULL } };

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
	const struct field_def *fd;
	char *key = column_key(header);
	const char *found = NULL;
	size_t i;

	if (key == NULL)
		return NULL;
	for (i = 0; ignored_columns[i] && found == NULL; i++)
		if (key_is(key, ignored_columns[i]))
			found = "";
	for (i = 0; i < member_entity.nfields && found == NULL; i++) {
		const char *f = member_entity.fields[i].name;

		if (key_is(key, f) ||
		    key_is(key, msg_field_label(f, LANG_VI)) ||
		    key_is(key, msg_field_label(f, LANG_EN)))
			found = f;
	}
	if (found == NULL &&
	    (key_is(key, "org_code") ||
	        key_is(key, msg_field_label("org_code", LANG_VI))))
		found = "org_code";
	for (i = 0; aliases[i].field && found == NULL; i++)
		if (key_is(key, aliases[i].name))
			found = aliases[i].field;
	free(key);
	if (found != NULL &&
	    (fd = entity_field(&member_entity, found)) != NULL &&
	    (fd->flags & FF_READONLY))
		return "";
	return found;
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

/* The fields read their own way (enum colkind, import-int.h). */
static const struct {
	const char *field;
	enum colkind kind;
} hooks[] = {
	{ "gender", K_GENDER },
	{ "status", K_STATUS },
	{ "ethnicity", K_ETHNICITY },
	{ "religion", K_LISTED },
	{ "job_title", K_LISTED },
	{ "education", K_LISTED },
	{ "professional_level", K_LISTED },
	{ "theory_level", K_LISTED },
};

/* The plan of a column mapped to field (column_field). */
static struct colplan
column_plan(const char *field)
{
	struct colplan p = { K_SKIP, NULL };
	const struct field_def *f;
	size_t i;

	if (strcmp(field, "org_code") == 0) {
		p.kind = K_ORG_CODE;
		return p;
	}
	if ((f = entity_field(&member_entity, field)) == NULL ||
	    (f->flags & FF_READONLY))
		return p;
	p.f = f;
	for (i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
		if (strcmp(hooks[i].field, f->name) == 0) {
			p.kind = hooks[i].kind;
			return p;
		}
	switch (f->type) {
	case FT_DATE:
		p.kind = K_DATE;
		break;
	case FT_TEXT:
		p.kind = K_TEXT;
		break;
	case FT_REF:
		p.kind = K_ORG_ID; /* the only references: organisations */
		break;
	case FT_I64:
	case FT_INT:
	case FT_ENUM:
	case FT_TIME:
	case FT_BOOL:
	case FT_DATETIME:
	case FT__MAX:
	default:
		p.kind = K_SKIP;
		p.f = NULL;
		break;
	}
	return p;
}

/* Maps the header row to fields; reports unknown, repeated and missing
 * required columns. */
int
import_map_header(struct importer *im)
{
	const struct table_row *h = &im->t.rows[0];
	bool have_org = false;
	size_t i, j;

	im->ncols = h->ncells;
	if ((im->fields = calloc(h->ncells + 1, sizeof(*im->fields))) ==
	        NULL ||
	    (im->plan = calloc(h->ncells + 1, sizeof(*im->plan))) == NULL)
		return cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
	for (i = 0; i < h->ncells; i++) {
		const char *f;

		if (h->cells[i][0] == '\0') {
			im->fields[i] = "";
			continue;
		}
		if ((f = column_field(h->cells[i])) == NULL) {
			import_row_error(im, h->line, h->cells[i],
			    "unknown_column", h->cells[i]);
			im->fields[i] = "";
			continue;
		}
		for (j = 0; j < i && f[0]; j++)
			if (strcmp(im->fields[j], f) == 0)
				import_row_error(im, h->line, h->cells[i],
				    "duplicate_column", h->cells[i]);
		im->fields[i] = f;
		if (f[0] != '\0')
			im->plan[i] = column_plan(f);
		if (im->plan[i].kind == K_ORG_CODE ||
		    im->plan[i].kind == K_ORG_ID)
			have_org = true;
	}
	/* The required fields' columns; the organisation's (a reference)
	 * may be org_code or org_id. */
	for (j = 0; j < member_entity.nfields; j++) {
		const struct field_def *f = &member_entity.fields[j];

		if (!(f->flags & FF_REQUIRED))
			continue;
		if (f->type == FT_REF) {
			if (!have_org)
				import_row_error(im, h->line, "org_code",
				    "missing_column", "org_code");
			continue;
		}
		for (i = 0; i < im->ncols; i++)
			if (strcmp(im->fields[i], f->name) == 0)
				break;
		if (i == im->ncols)
			import_row_error(im, h->line, f->name,
			    "missing_column", f->name);
	}
	return im->nerrors ? -CB_EINVAL : 0;
}

/* "Nam", "male", ...: the common spellings first, then gender_value. */
static enum gender
fast_gender(const char *v)
{
	const char *g;

	if (strcmp(v, "male") == 0 || strcmp(v, "Nam") == 0)
		return GENDER_MALE;
	if (strcmp(v, "female") == 0 || strcmp(v, "Nữ") == 0)
		return GENDER_FEMALE;
	g = gender_value(v);
	return g == NULL ? GENDER_NONE : gender_parse(g);
}

static enum member_status
fast_status(const char *v)
{
	const char *st;

	if (strcmp(v, "official") == 0 || strcmp(v, "Chính thức") == 0)
		return MSTATUS_OFFICIAL;
	if (strcmp(v, "probationary") == 0 || strcmp(v, "Dự bị") == 0)
		return MSTATUS_PROBATIONARY;
	st = status_value(v);
	return st == NULL ? MSTATUS_NONE : member_status_parse(st);
}

/*
 * The value of cell v (not empty) of a column planned cp, named fn: the
 * one conversion of each kind of cell that the row path and the fast path
 * share.  An ISO date (K_DATE), or a citizen ID that Excel shortened
 * (xlsx), in buf; the name of a gender or status; for K_ORG_ID the cell
 * itself with its id in *ret_id; the cell itself otherwise (K_TEXT,
 * K_ETHNICITY, K_ORG_CODE: each path finds codes its own way), without
 * the quote an export put before a formula (table_cell_unguard).  A cell it
 * cannot read is reported (import_row_error) and NULL returned.
 */
const char *
import_cell_value(struct importer *im, const struct colplan *cp,
    const char *fn, const char *v, long line, bool xlsx,
    char buf[DATE_LEN + 16], int64_t *ret_id)
{
	struct date d;
	char *end;
	int e;

	/* A text cell loses the quote an export put before a formula's
	 * first character (util/table.h). */
	if (cp->kind == K_TEXT || cp->kind == K_ETHNICITY ||
	    cp->kind == K_ORG_CODE)
		v = table_cell_unguard(v);
	switch (cp->kind) {
	case K_ORG_ID:
		*ret_id = strtoll(v, &end, 10);
		if (*end != '\0' || *ret_id <= 0) {
			import_row_error(im, line, fn, "invalid_number", NULL);
			return NULL;
		}
		return v;
	case K_DATE:
		if (date_parse_any(v, &d) != 0) {
			import_row_error(im, line, fn, "invalid_date", v);
			return NULL;
		}
		date_format_iso(&d, buf);
		return buf;
	case K_GENDER:
		if ((e = (int)fast_gender(v)) == GENDER_NONE) {
			import_row_error(im, line, fn, "invalid_value",
			    "Nam, Nữ");
			return NULL;
		}
		return field_enum_name(cp->f, e);
	case K_STATUS:
		if ((e = (int)fast_status(v)) == MSTATUS_NONE) {
			import_row_error(im, line, fn, "invalid_value",
			    "Chính thức, Dự bị");
			return NULL;
		}
		return field_enum_name(cp->f, e);
	case K_TEXT:
		if (xlsx &&
		    cp->f == &member_entity.fields[MEMBER_F_citizen_id] &&
		    strlen(v) >= 10 && strlen(v) < 12 &&
		    strspn(v, "0123456789") == strlen(v)) {
			/* Excel drops the leading zeros of a number: citizen
			 * IDs begin with a province code such as 001. */
			snprintf(buf, DATE_LEN + 16, "%0*d%s",
			    (int)(12 - strlen(v)), 0, v);
			return buf;
		}
		return v;
	case K_ETHNICITY:
	case K_LISTED:
	case K_ORG_CODE:
	case K_SKIP:
	default:
		return v;
	}
}
