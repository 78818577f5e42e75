/*
 * demo.c - a believable agency Party committee for trying chibo: the
 * Party committee of the Ministry of Ethnic and Religious Affairs (the
 * former Committee for Ethnic Minority Affairs), with 16 grassroots
 * organisations, 40 cells and about 500 members.
 *
 * Everything is drawn from a seeded generator (xoshiro256**), so the same
 * seed gives the same data.  Dates are reckoned from a fixed day
 * (DEMO_DAY, or today if that is earlier) so the data does not drift with
 * the clock.  Names follow the real frequencies of Vietnamese family
 * names; a third of the members belong to ethnic minorities, with their
 * own family names and home provinces, as in an ethnic-affairs ministry.
 * Every record goes through the same use cases and rules as real data.
 */
#include "svc/svc-int.h"
#include "svc/gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/validate.h"
#include "util/date.h"
#include "util/sb.h"
#include "util/text.h"

#include "util/banned.h"

#define DEMO_DAY "2026-10-31"
#define DEMO_MEMBERS 500
/* Dossier numbers (số lý lịch): the committee's province code (its
 * seat, Hà Nội: 001, as in citizen IDs), a hyphen, and six digits of its
 * own sequence in the order the records were filed. */
#define DEMO_DOSSIER "001"

/* ------------------------------------------------------ organisations */

struct unit {
	const char *name;
	const char *code;
	const char *cells[7]; /* NULL-terminated; none: a grassroots
			       * cell (chi bộ cơ sở) */
	enum gen_work work;   /* the mix of its job titles */
};

static const struct unit units[] = {
	{ "Đảng bộ Văn phòng Bộ", "VP",
	    { "Phòng Hành chính", "Phòng Tổng hợp", "Phòng Quản trị",
	        "Phòng Tài vụ", "Đội Xe", NULL },
	    GEN_WORK_AGENCY },
	{ "Đảng bộ Ban Tôn giáo Chính phủ", "BTG",
	    { "Vụ Phật giáo", "Vụ Công giáo và Tin lành",
	        "Vụ Các tôn giáo khác", "Văn phòng Ban", "Vụ Tổng hợp",
	        "Vụ Chính sách tôn giáo", NULL },
	    GEN_WORK_AGENCY },
	{ "Đảng bộ Học viện Dân tộc", "HVDT",
	    { "Khoa Dân tộc học", "Khoa Chính sách dân tộc",
	        "Khoa Lý luận cơ sở", "Phòng Đào tạo",
	        "Phòng Quản lý khoa học", "Văn phòng Học viện", NULL },
	    GEN_WORK_ACADEMY },
	{ "Đảng bộ Báo Dân tộc và Phát triển", "BDTPT",
	    { "Ban Thời sự", "Ban Kinh tế", "Ban Báo điện tử", "Ban Trị sự",
	        "Văn phòng Tòa soạn", NULL },
	    GEN_WORK_PRESS },
	{ "Đảng bộ Trường Cán bộ dân tộc", "TCBDT",
	    { "Khoa Bồi dưỡng", "Phòng Đào tạo", "Phòng Hành chính - Tổng hợp",
	        "Khoa Ngoại ngữ", NULL },
	    GEN_WORK_ACADEMY },
	{ "Đảng bộ Trung tâm Thông tin", "TTTT",
	    { "Phòng Công nghệ thông tin", "Phòng Cơ sở dữ liệu",
	        "Phòng Hành chính", "Phòng Truyền thông", NULL },
	    GEN_WORK_AGENCY },
	{ "Chi bộ Vụ Tổ chức cán bộ", "VTCCB", { NULL }, GEN_WORK_AGENCY },
	{ "Chi bộ Vụ Kế hoạch - Tài chính", "VKHTC", { NULL },
	    GEN_WORK_AGENCY },
	{ "Chi bộ Thanh tra Bộ", "TTB", { NULL }, GEN_WORK_AGENCY },
	{ "Chi bộ Vụ Pháp chế", "VPC", { NULL }, GEN_WORK_AGENCY },
	{ "Chi bộ Vụ Hợp tác quốc tế", "VHTQT", { NULL }, GEN_WORK_AGENCY },
	{ "Chi bộ Vụ Chính sách dân tộc", "VCSDT", { NULL }, GEN_WORK_AGENCY },
	{ "Chi bộ Vụ Địa phương", "VDP", { NULL }, GEN_WORK_AGENCY },
	{ "Chi bộ Vụ Tuyên truyền", "VTT", { NULL }, GEN_WORK_AGENCY },
	{ "Chi bộ Tạp chí Dân tộc", "TCDT", { NULL }, GEN_WORK_PRESS },
	{ "Chi bộ Trung tâm Kiểm định và Tư vấn", "TTKD", { NULL },
	    GEN_WORK_AGENCY },
};

#define NUNITS (sizeof(units) / sizeof(units[0]))
#define MAX_CELLS 64

/* One account per role.  The passwords are for trying chibo on a
 * laptop: change them (chibo user passwd) before anyone else can reach
 * the server. */
const struct demo_account demo_accounts[] = {
	{ "admin", "demo-admin-2026", "admin", "DB-BDTTG", "Quản trị hệ thống",
	    NULL },
	{ "vanphong", "demo-vanphong-2026", "office", "DB-BDTTG",
	    "Văn phòng Đảng ủy", NULL },
	{ "ubkt", "demo-ubkt-2026", "inspection", "DB-BDTTG",
	    "Ủy ban Kiểm tra Đảng ủy", "discipline" },
	{ "bithu", "demo-bithu-2026", "secretary", "CB-VP-1",
	    "Bí thư Chi bộ Phòng Hành chính", "discipline" },
	{ "dangvien", "demo-dangvien-2026", "member", "CB-VP-1",
	    "Đảng viên Chi bộ Phòng Hành chính", NULL },
	{ "captren", "demo-captren-2026", "viewer", "DB-BDTTG",
	    "Cấp ủy cấp trên (chỉ xem)", NULL },
	{ NULL, NULL, NULL, NULL, NULL, NULL },
};

/* --------------------------------------------------------- the build */

struct demo {
	struct svc *s;
	struct gen_rng r;
	struct date day; /* the reference day */
	int64_t cells[MAX_CELLS];
	enum gen_work work[MAX_CELLS]; /* each cell's */
	size_t ncells;
	int64_t next_card;
	int next_dossier; /* the committee's sequence (DEMO_DOSSIER) */
	char **emails;    /* taken, for uniqueness */
	size_t nemails;
	char **cids;
	size_t ncids;
	struct demo_report rep;
	int64_t root; /* the committee */
};

static int
make_org(struct demo *d, enum org_kind kind, const char *name,
    const char *code, int64_t parent, const char *from, const char *doc,
    int64_t *ret, struct cb_error *err)
{
	struct org o;
	int rc;

	org_init(&o);
	o.kind = kind;
	o.parent_id = parent;
	snprintf(o.valid_from, sizeof(o.valid_from), "%s", from);
	if ((o.name = strdup(name)) == NULL || (o.code = strdup(code)) == NULL)
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
	else
		rc = svc_org_create(d->s, &o, doc, err);
	*ret = o.id;
	org_release(&o);
	d->rep.orgs += rc == 0;
	return rc;
}

static int
build_orgs(struct demo *d, struct cb_error *err)
{
	int64_t root, unit;
	size_t i, j;
	char code[48], name[160];
	int rc;

	if ((rc = make_org(d, ORG_UPPER_GRASSROOTS,
	         "Đảng bộ Bộ Dân tộc và Tôn giáo", "DB-BDTTG", 0, "2025-03-01",
	         "01-QĐ/ĐUCP", &root, err)) != 0)
		return rc;
	d->root = root;
	for (i = 0; i < NUNITS; i++) {
		const struct unit *u = &units[i];
		bool cellular = u->cells[0] == NULL;

		snprintf(code, sizeof(code), "%s-%s",
		    cellular ? "CBCS" : "DBCS", u->code);
		if ((rc = make_org(d,
		         cellular ? ORG_GRASSROOTS_CELL : ORG_GRASSROOTS,
		         u->name, code, root, "2025-03-01", "05-QĐ/ĐU", &unit,
		         err)) != 0)
			return rc;
		if (cellular) {
			if (d->ncells < MAX_CELLS) {
				d->work[d->ncells] = u->work;
				d->cells[d->ncells++] = unit;
			}
			continue;
		}
		for (j = 0; u->cells[j]; j++) {
			int64_t cell;

			snprintf(code, sizeof(code), "CB-%s-%zu", u->code,
			    j + 1);
			snprintf(name, sizeof(name), "Chi bộ %s", u->cells[j]);
			if ((rc = make_org(d, ORG_CELL, name, code, unit,
			         "2025-03-01", "07-QĐ/ĐU", &cell, err)) != 0)
				return rc;
			if (d->ncells < MAX_CELLS) {
				d->work[d->ncells] = u->work;
				d->cells[d->ncells++] = cell;
			}
		}
	}
	return 0;
}

static bool
taken(char **list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static void
remember(char ***list, size_t *n, const char *s)
{
	char **nl = realloc(*list, (*n + 1) * sizeof(*nl));

	if (nl == NULL)
		return;
	*list = nl;
	if ((nl[*n] = strdup(s)) != NULL)
		(*n)++;
}

/* "dungnv@cema.gov.vn": given name, then the initials of the others. */
static char *
make_email(struct demo *d, const char *full)
{
	char *f = text_fold(full), *words[8], *save = NULL, *w;
	char local[64] = "", addr[96];
	size_t n = 0, i;
	int k;

	if (f == NULL)
		return NULL;
	for (w = strtok_r(f, " ", &save); w && n < 8;
	     w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	if (n == 0) {
		free(f);
		return NULL;
	}
	snprintf(local, sizeof(local), "%s", words[n - 1]);
	for (i = 0; i + 1 < n; i++) {
		size_t l = strlen(local);

		if (l + 1 < sizeof(local)) {
			local[l] = words[i][0];
			local[l + 1] = '\0';
		}
	}
	free(f);
	for (k = 1; k < 100; k++) {
		if (k == 1)
			snprintf(addr, sizeof(addr), "%s@cema.gov.vn", local);
		else
			snprintf(addr, sizeof(addr), "%s%d@cema.gov.vn", local,
			    k);
		if (!taken(d->emails, d->nemails, addr)) {
			remember(&d->emails, &d->nemails, addr);
			return strdup(addr);
		}
	}
	return NULL;
}

/* 12 digits: birth province (3), century and sex (1), year (2), random
 * (6); unique among the demo members. */
static char *
make_citizen_id(struct demo *d, int province, bool male, const struct date *b)
{
	char id[16];
	int cs = (b->y >= 2000 ? 2 : 0) + (male ? 0 : 1);

	do
		snprintf(id, sizeof(id), "%03d%d%02d%06u", province, cs,
		    b->y % 100, gen_below(&d->r, 1000000));
	while (taken(d->cids, d->ncids, id));
	remember(&d->cids, &d->ncids, id);
	return strdup(id);
}

/*
 * A member of cell, whose workplace is work.  The age comes first; the
 * profile (job, education, professional and theory levels) agrees with
 * it (gen_profile); the admission falls between 19 and 40 and at least a
 * year before the reference day for an official member (official 12
 * months after it), within the last 11 months for a probationary one.
 */
static int
make_member(struct demo *d, int64_t cell, enum gen_work work,
    bool want_official, struct cb_error *err)
{
	struct gen_rng *r = &d->r;
	const struct gen_people *p = gen_people_pick(r);
	bool male = gen_below(r, 100) < 52;
	struct gen_profile prof;
	struct member m;
	struct date birth, dec, adm, off, ex;
	int age_years, adm_age_months, province;
	int64_t span;
	int rc;

	member_init(&m);
	/* Working ages, from 23 to the year before retirement: the retired
	 * move to the cells of where they live. */
	age_years = gen_range(r, 23, gen_retirement_age(male) - 1);
	if (!want_official && age_years > 45)
		age_years = gen_range(r, 23, 45);
	birth = date_add_months(&d->day,
	    -(age_years * 12 + gen_range(r, 0, 11)));
	birth = date_add_days(&birth, -gen_range(r, 0, 27));
	/* Admitted between 19 and 40, and not after the reference day. */
	adm_age_months = gen_range(r, 19 * 12, 40 * 12);
	adm = date_add_months(&birth, adm_age_months);
	if (!want_official) {
		/* Probationary: admitted within the last 11 months. */
		adm = date_add_days(&d->day, -gen_range(r, 20, 330));
		if (date_month_diff(&birth, &adm) < 19 * 12)
			birth = date_add_months(&adm,
			    -(19 * 12 + gen_range(r, 0, 60)));
	} else {
		span = date_to_days(&d->day) - 400;
		if (date_to_days(&adm) > span)
			adm = date_from_days(span - gen_range(r, 0, 2000));
		if (date_month_diff(&birth, &adm) < 19 * 12)
			adm = date_add_months(&birth, 19 * 12 + 6);
	}
	age_years = date_month_diff(&birth, &d->day) / 12;
	dec = date_add_days(&adm, -gen_range(r, 5, 25));
	off = date_add_months(&adm, 12);
	province = p->provinces[gen_below(r, (uint32_t)p->nprovinces)];
	gen_profile(r, work, age_years, male, birth.y, &prof);

	m.full_name = gen_name(r, p, male);
	m.gender = male ? GENDER_MALE : GENDER_FEMALE;
	date_format_iso(&birth, m.birth_date);
	m.birthplace = strdup(gen_province_name(province));
	m.hometown = strdup(gen_province_name(gen_below(r, 4) == 0 ?
	        p->provinces[gen_below(r, (uint32_t)p->nprovinces)] :
	        province));
	m.ethnicity = strdup(p->name);
	m.religion = strdup(
	    gen_below(r, 12) == 0 && strcmp(p->religion, "Không") == 0 ?
	        (gen_below(r, 2) ? "Phật giáo" : "Công giáo") :
	        p->religion);
	m.citizen_id = make_citizen_id(d, province, male, &birth);
	m.card_no = want_official ?
	    gen_dupf("%08lld", (long long)d->next_card++) :
	    NULL;
	m.dossier_no = gen_dupf("%s-%06d", DEMO_DOSSIER, d->next_dossier++);
	date_format_iso(&dec, m.admission_decision_date);
	date_format_iso(&adm, m.admitted_on);
	m.status = want_official ? MSTATUS_OFFICIAL : MSTATUS_PROBATIONARY;
	if (want_official)
		date_format_iso(&off, m.official_on);
	/* A few members exempted from Party work (illness, maternity). */
	if (want_official && gen_below(r, 120) == 0) {
		ex = date_add_days(&d->day, -gen_range(r, 30, 700));
		if (date_cmp(&ex, &off) > 0)
			date_format_iso(&ex, m.exempt_since);
	}
	m.org_id = cell;
	m.job_title = strdup(prof.job_title);
	m.education = strdup(prof.education);
	m.professional_level =
	    prof.professional ? strdup(prof.professional) : NULL;
	m.theory_level = prof.theory ? strdup(prof.theory) : NULL;
	m.phone = gen_dupf("0%d%07u",
	    GEN_PICK(r,
	        ((const int[]){ 90, 91, 98, 97, 96, 88, 86, 35, 36, 39, 83,
	            84 })),
	    gen_below(r, 10000000));
	m.email = make_email(d, m.full_name);
	if (m.full_name == NULL || m.birthplace == NULL ||
	    m.hometown == NULL || m.ethnicity == NULL || m.religion == NULL ||
	    m.citizen_id == NULL || m.dossier_no == NULL ||
	    m.job_title == NULL || m.education == NULL ||
	    (prof.professional && m.professional_level == NULL) ||
	    (prof.theory && m.theory_level == NULL) || m.phone == NULL ||
	    (want_official && m.card_no == NULL))
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
	else
		rc = svc_member_create(d->s, &m, err);
	d->rep.members += rc == 0;
	member_release(&m);
	return rc;
}

/*
 * The accounts of demo_accounts, each linked to a member of its cell when
 * its role is about a person there (the secretary is the cell's first
 * member, the member its second).
 */
static int
build_accounts(struct demo *d, struct cb_error *err)
{
	const struct demo_account *a;
	int rc = 0, nth = 0;

	for (a = demo_accounts; a->username && rc == 0; a++) {
		struct member_query q = { .sort = MSORT_ID,
			.limit = 2,
			.state = MSTATE_ACTIVE,
			.no_total = true };
		struct member_page page = { 0 };
		int64_t member_id = 0;
		struct org o;

		org_init(&o);
		if ((rc = store_org_get_by_code(d->s->st, a->org_code, &o,
		         err)) != 0)
			break;
		if (o.kind == ORG_CELL) {
			q.org_id = o.id;
			if ((rc = store_member_list(d->s->st, &q, &page,
			         err)) != 0) {
				org_release(&o);
				break;
			}
			if ((size_t)nth < page.n)
				member_id = page.items[nth].id;
			nth++;
			member_page_release(&page);
		}
		rc = svc_user_add(d->s, a->username, a->who, member_id,
		    a->password, role_parse(a->role), o.id, NULL, err);
		/* Discipline cases are secret: the inspection commission
		 * and the secretary see them through the grant's option. */
		if (rc == 0 && a->allow != NULL) {
			unsigned opts = 0;

			if (grant_options_parse(a->allow, &opts) != 0)
				rc = cb_error_set(err, CB_EINVAL,
				    "invalid_value", a->allow);
			else
				rc = svc_user_grant_opts(d->s, a->username,
				    role_parse(a->role), o.id, false, true,
				    opts, err);
		}
		d->rep.accounts += rc == 0;
		org_release(&o);
	}
	return rc;
}

static void
demo_release(struct demo *d)
{
	size_t i;

	for (i = 0; i < d->nemails; i++)
		free(d->emails[i]);
	free(d->emails);
	for (i = 0; i < d->ncids; i++)
		free(d->cids[i]);
	free(d->cids);
}

int
svc_demo(struct svc *s, uint64_t seed, bool meetings, struct demo_report *ret,
    struct cb_error *err)
{
	return svc_demo_parts(s, seed, meetings, true, true, ret, err);
}

int
svc_demo_parts(struct svc *s, uint64_t seed, bool meetings, bool inspections,
    bool evaluations, struct demo_report *ret, struct cb_error *err)
{
	struct org_query q = { .include_closed = true, .limit = 1 };
	struct org_list existing = { 0 };
	struct demo d;
	size_t i, k;
	int rc;

	memset(&d, 0, sizeof(d));
	d.s = s;
	gen_rng_seed(&d.r, seed);
	date_parse_iso(strcmp(s->today, DEMO_DAY) < 0 ? s->today : DEMO_DAY,
	    &d.day);
	d.next_card = 10000000 + (int64_t)gen_below(&d.r, 80000000);
	d.next_dossier = 1;
	if ((rc = store_org_list(s->st, &q, &existing, err)) != 0)
		return rc;
	k = existing.n;
	org_list_release(&existing);
	if (k > 0)
		return cb_error_set(err, CB_ECONFLICT, "database_not_empty",
		    NULL);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = build_orgs(&d, err)) != 0)
		goto fail;
	/* 500 members in cells of 5 to 25, each with at least three
	 * official members (the Charter's minimum); about 4 % probationary. */
	{
		int sizes[MAX_CELLS], total = 0;

		for (i = 0; i < d.ncells; i++)
			total += sizes[i] = gen_range(&d.r, 5, 20);
		while (d.ncells > 0 && total != DEMO_MEMBERS) {
			i = gen_below(&d.r, (uint32_t)d.ncells);
			if (total < DEMO_MEMBERS && sizes[i] < 25) {
				sizes[i]++;
				total++;
			} else if (total > DEMO_MEMBERS && sizes[i] > 5) {
				sizes[i]--;
				total--;
			}
		}
		for (i = 0; i < d.ncells && rc == 0; i++)
			for (k = 0; k < (size_t)sizes[i] && rc == 0; k++)
				rc = make_member(&d, d.cells[i], d.work[i],
				    k < 3 || gen_below(&d.r, 100) >= 4, err);
	}
	if (rc == 0)
		rc = build_accounts(&d, err);
	if (rc == 0 && meetings)
		rc = svc_demo_meetings(s, seed, d.cells, d.ncells,
		    &d.rep.meetings, err);
	/* A handful of discipline cases: always (cheap). */
	if (rc == 0)
		rc = svc_demo_discipline(s, d.cells, d.ncells, err);
	/* Inspection and supervision (issue 14): a few dozen rows. */
	if (rc == 0 && inspections)
		rc = svc_demo_inspection(s, d.root, &d.rep.inspection_rows,
		    err);
	/* Evaluations (issue 15): three years of every member and
	 * organisation, after the discipline cases they read. */
	if (rc == 0 && evaluations)
		rc = svc_demo_evaluation(s, seed, d.root, &d.rep.evaluations,
		    err);
	if (rc != 0)
		goto fail;
	{
		char buf[24];

		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)seed);
		if ((rc = store_meta_set(s->st, "demo_seed", buf, err)) != 0)
			goto fail;
	}
	if ((rc = store_commit(s->st, err)) != 0)
		goto fail;
	*ret = d.rep;
	demo_release(&d);
	return 0;
fail:
	store_rollback(s->st);
	demo_release(&d);
	return rc;
}

/* ------------------------------------------------------ national scale */

/* The accounts of a national or province demo: the administrator, and
 * one office per province ("vp.t01", granted on its province). */
#define NATIONAL_ADMIN_PASSWORD "demo-admin-2026"
#define NATIONAL_OFFICE_PASSWORD "demo-vanphong-2026"

struct national {
	struct svc *s;
	const struct demo_national_opts *o;
	const struct rulebook *rb;
	struct store_bulk *bulk;
	struct sb line;
	int64_t next_id;       /* members' ids in the CSV */
	int64_t provinces[64]; /* ids of the provinces */
	size_t nprovinces;
	int64_t root;
	int64_t orgs;
	struct cb_error verr; /* one member's verdict */
};

/* One CSV cell as svc_export_members writes it: quoted when it holds a
 * delimiter, a quote, a line break or surrounding space; NULL and ""
 * (JSON null) empty. */
static void
csv_cell(struct sb *b, const char *v)
{
	const char *p;

	if (v == NULL || v[0] == '\0')
		return;
	if (strpbrk(v, ",;\"\r\n") == NULL && v[0] != ' ' &&
	    v[strlen(v) - 1] != ' ') {
		sb_add(b, v);
		return;
	}
	sb_addc(b, '"');
	for (p = v; *p; p++) {
		if (*p == '"')
			sb_addc(b, '"');
		sb_addc(b, *p);
	}
	sb_addc(b, '"');
}

/*
 * The member as a row of svc_export_members' CSV (member_entity's fields,
 * then org_code), without created_at and updated_at, which a member that
 * is not stored does not have (an import ignores them).
 */
static void
csv_member(struct sb *b, const struct member *m, const char *org_code)
{
	char num[24];
	size_t i;

	for (i = 0; i < member_entity.nfields; i++) {
		const struct field_def *f = &member_entity.fields[i];

		if (i > 0)
			sb_addc(b, ',');
		if (f->type != FT_TIME)
			csv_cell(b, field_get_text(f, m, num, sizeof(num)));
	}
	sb_addc(b, ',');
	csv_cell(b, org_code);
	sb_add(b, "\r\n");
}

static int
national_write(struct national *n, struct cb_error *err)
{
	int rc;

	if ((rc = sb_err(&n->line)) != 0)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if (n->line.len > 0 &&
	    (rc = n->o->csv_write(n->o->csv_arg, n->line.buf, n->line.len)) !=
	        0)
		return cb_error_set(err, CB_EIO, "io_error", n->o->csv_name);
	sb_reset(&n->line);
	return 0;
}

static int
national_org(void *arg, struct org *o, struct cb_error *err)
{
	struct national *n = arg;
	int rc;

	if ((rc = store_bulk_org_add(n->bulk, o, err)) != 0)
		return rc;
	n->orgs++;
	if (o->kind == ORG_CENTRAL)
		n->root = o->id;
	if (o->kind == ORG_PROVINCE &&
	    n->nprovinces < sizeof(n->provinces) / sizeof(n->provinces[0]))
		n->provinces[n->nprovinces++] = o->id;
	return 0;
}

static int
national_member(void *arg, struct member *m, const struct org *cell,
    struct cb_error *err)
{
	struct national *n = arg;
	size_t i;
	int rc;

	/* Every generated record must pass the rules real data passes. */
	if (member_validate(m, n->rb, cell, n->s->today, &n->verr) != 0) {
		cb_error_set(err, CB_EINVAL, "demo_invalid", m->full_name);
		for (i = 0; i < n->verr.nfields; i++)
			cb_error_field(err, 0, n->verr.fields[i].field,
			    n->verr.fields[i].code, n->verr.fields[i].arg);
		cb_error_release(&n->verr);
		return -CB_EINVAL;
	}
	if (n->o->members) {
		if ((rc = store_bulk_member_add(n->bulk, m, err)) != 0)
			return rc;
	} else {
		m->id = n->next_id++;
		m->version = 1;
	}
	if (n->o->csv_write != NULL) {
		csv_member(&n->line, m, cell->code);
		if (n->line.len >= 1u << 20 &&
		    (rc = national_write(n, err)) != 0)
			return rc;
	}
	return 0;
}

static int
national_accounts(struct national *n, struct demo_report *rep,
    struct cb_error *err)
{
	char name[32], who[96];
	size_t i;
	int rc;

	if ((rc = svc_user_add(n->s, "admin", "Quản trị hệ thống", 0,
	         NATIONAL_ADMIN_PASSWORD, ROLE_ADMIN, n->root, NULL, err)) !=
	    0)
		return rc;
	rep->accounts++;
	for (i = 0; i < n->nprovinces; i++) {
		struct org o;

		org_init(&o);
		if ((rc = store_org_get(n->s->st, n->provinces[i], &o, err)) !=
		    0)
			return rc;
		snprintf(name, sizeof(name), "vp.%s", o.code);
		for (char *p = name; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		snprintf(who, sizeof(who), "Văn phòng %s", o.name);
		org_release(&o);
		if ((rc = svc_user_add(n->s, name, who, 0,
		         NATIONAL_OFFICE_PASSWORD, ROLE_OFFICE,
		         n->provinces[i], NULL, err)) != 0)
			return rc;
		rep->accounts++;
	}
	return 0;
}

int
svc_demo_national(struct svc *s, const struct demo_national_opts *o,
    struct demo_report *ret, struct cb_error *err)
{
	struct org_query q = { .include_closed = true, .limit = 1 };
	struct org_list existing = { 0 };
	struct gen_national_report grep;
	struct store_bulk_batch batch = { .source = "demo" };
	struct gen_sink sink;
	struct national n;
	size_t k;
	int rc;

	memset(&n, 0, sizeof(n));
	memset(ret, 0, sizeof(*ret));
	n.s = s;
	n.o = o;
	n.next_id = 1;
	if (!s->who->system)
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	if ((n.rb = svc_rules(s, err)) == NULL)
		return -err->code;
	if ((rc = store_org_list(s->st, &q, &existing, err)) != 0)
		return rc;
	k = existing.n;
	org_list_release(&existing);
	if (k > 0)
		return cb_error_set(err, CB_ECONFLICT, "database_not_empty",
		    NULL);
	batch.actor = s->actor;
	batch.on_date = s->today;
	if ((rc = store_bulk_begin(s->st, &batch, &n.bulk, err)) != 0)
		return rc;
	sb_init(&n.line, SIZE_MAX);
	if (o->csv_write != NULL) {
		size_t i;

		sb_add(&n.line, "\xEF\xBB\xBF");
		for (i = 0; i < member_entity.nfields; i++) {
			sb_add(&n.line, member_entity.fields[i].name);
			sb_addc(&n.line, ',');
		}
		sb_add(&n.line, "org_code\r\n");
	}
	sink.org = national_org;
	sink.member = national_member;
	sink.arg = &n;
	rc = gen_national_run(o->scale, o->seed, s->today, &sink, &grep, err);
	if (rc == 0 && o->csv_write != NULL)
		rc = national_write(&n, err);
	if (rc == 0)
		rc = store_bulk_finish(n.bulk, err);
	if (rc == 0) {
		char buf[24];

		snprintf(buf, sizeof(buf), "%llu",
		    (unsigned long long)o->seed);
		rc = store_meta_set(s->st, "demo_seed", buf, err);
	}
	if (rc == 0)
		rc = store_meta_set(s->st, "demo_scale", o->scale->name, err);
	if (rc == 0)
		rc = svc_audit(s, "demo.load", "batch",
		    store_bulk_batch_id(n.bulk), 0, NULL, NULL,
		    json_pack("{s:s, s:I, s:I, s:I, s:b}", "scale",
		        o->scale->name, "seed", (json_int_t)o->seed, "orgs",
		        (json_int_t)grep.orgs, "members",
		        (json_int_t)grep.members, "members_stored",
		        o->members),
		    err);
	if (rc == 0)
		rc = store_commit(s->st, err);
	if (rc != 0) {
		store_bulk_close(n.bulk);
		store_rollback(s->st);
		sb_release(&n.line);
		return rc;
	}
	store_bulk_close(n.bulk);
	sb_release(&n.line);
	ret->orgs = (size_t)grep.orgs;
	ret->members = (size_t)grep.members;
	if ((rc = national_accounts(&n, ret, err)) != 0)
		return rc;
	return 0;
}
