/*
 * gen-national.c - the national-scale demo tree (see gen.h): the 34
 * provinces and cities of 2025 with their real numbers of communes and
 * wards (3,321 in all), about 52,000 grassroots organisations, 300,000
 * cells and 5.6 million members.
 *
 * The walk is depth first: an organisation is handed to the sink before
 * its children, a cell's members right after the cell, so nothing but
 * the current branch is held.  Each commune draws from a stream of its
 * own (gen_rng_derive(seed, "commune", n)), so that the numbers of one
 * commune do not depend on how many draws the ones before it took; the
 * only state carried across communes is what keeps identifiers unique
 * (citizen-ID serials per birth province, sex and year; card numbers).
 */
#include "svc/gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/text.h"

#include "util/banned.h"

/* The generator's reference day (or today if that is earlier), and the
 * day the 2025 organisations start. */
#define GEN_DAY "2026-10-31"
#define GEN_ORGS_FROM "2025-07-01"

enum region {
	R_HILLS,     /* northern mountains: bản, thôn */
	R_NORTH,     /* Red River delta and the north centre: thôn, xóm */
	R_CENTRE,    /* the central coast: thôn */
	R_HIGHLANDS, /* Central Highlands: buôn, làng, thôn */
	R_SOUTH,     /* the south-east and the Mekong: ấp */
};

/* A province or city of 2025: its communes and wards, its population (in
 * ten thousands, for its share of the members), the citizen-ID codes of
 * the provinces it merged, and its peoples (per mille). */
struct province {
	const char *name;
	bool city;
	int communes;
	int pop;
	int codes[4];
	enum region region;
	unsigned peoples[GEN_PEOPLE__MAX];
};

#define K(n) [GEN_KINH] = n

static const struct province provinces[] = {
	{ "Hà Nội", true, 126, 870, { 1 }, R_NORTH,
	    { K(975), [GEN_MUONG] = 12, [GEN_TAY] = 5, [GEN_HOA] = 4,
	        [GEN_DAO] = 4 } },
	{ "Huế", true, 40, 140, { 46 }, R_CENTRE, { K(1000) } },
	{ "Hải Phòng", true, 114, 470, { 31, 30 }, R_NORTH,
	    { K(995), [GEN_HOA] = 5 } },
	{ "Đà Nẵng", true, 94, 310, { 48, 49 }, R_CENTRE, { K(1000) } },
	{ "Thành phố Hồ Chí Minh", true, 168, 1400, { 79, 74, 77 }, R_SOUTH,
	    { K(930), [GEN_HOA] = 55, [GEN_KHMER] = 8, [GEN_CHAM] = 4,
	        [GEN_NUNG] = 3 } },
	{ "Cần Thơ", true, 103, 420, { 92, 94, 93 }, R_SOUTH,
	    { K(790), [GEN_KHMER] = 175, [GEN_HOA] = 35 } },
	{ "Lai Châu", false, 38, 50, { 12 }, R_HILLS,
	    { K(180), [GEN_THAI] = 300, [GEN_MONG] = 340, [GEN_DAO] = 150,
	        [GEN_TAY] = 30 } },
	{ "Điện Biên", false, 45, 60, { 11 }, R_HILLS,
	    { K(190), [GEN_THAI] = 380, [GEN_MONG] = 370, [GEN_DAO] = 30,
	        [GEN_TAY] = 30 } },
	{ "Sơn La", false, 75, 130, { 14 }, R_HILLS,
	    { K(180), [GEN_THAI] = 530, [GEN_MONG] = 160, [GEN_MUONG] = 90,
	        [GEN_DAO] = 40 } },
	{ "Lạng Sơn", false, 65, 80, { 20 }, R_HILLS,
	    { K(170), [GEN_NUNG] = 420, [GEN_TAY] = 360, [GEN_DAO] = 40,
	        [GEN_HOA] = 10 } },
	{ "Cao Bằng", false, 56, 60, { 4 }, R_HILLS,
	    { K(60), [GEN_TAY] = 410, [GEN_NUNG] = 320, [GEN_MONG] = 110,
	        [GEN_DAO] = 100 } },
	{ "Quảng Ninh", false, 54, 140, { 22 }, R_NORTH,
	    { K(880), [GEN_DAO] = 50, [GEN_TAY] = 40, [GEN_SANDIU] = 20,
	        [GEN_HOA] = 10 } },
	{ "Tuyên Quang", false, 124, 190, { 8, 2 }, R_HILLS,
	    { K(300), [GEN_TAY] = 260, [GEN_MONG] = 200, [GEN_DAO] = 120,
	        [GEN_NUNG] = 60, [GEN_SANDIU] = 60 } },
	{ "Lào Cai", false, 99, 180, { 10, 15 }, R_HILLS,
	    { K(420), [GEN_TAY] = 150, [GEN_MONG] = 200, [GEN_DAO] = 130,
	        [GEN_THAI] = 70, [GEN_NUNG] = 30 } },
	{ "Thái Nguyên", false, 92, 180, { 19, 6 }, R_HILLS,
	    { K(620), [GEN_TAY] = 220, [GEN_NUNG] = 70, [GEN_DAO] = 50,
	        [GEN_SANDIU] = 30, [GEN_MONG] = 10 } },
	{ "Phú Thọ", false, 148, 400, { 25, 26, 17 }, R_NORTH,
	    { K(780), [GEN_MUONG] = 180, [GEN_DAO] = 15, [GEN_TAY] = 10,
	        [GEN_THAI] = 10, [GEN_SANDIU] = 5 } },
	{ "Bắc Ninh", false, 99, 360, { 27, 24 }, R_NORTH,
	    { K(900), [GEN_NUNG] = 40, [GEN_TAY] = 30, [GEN_SANDIU] = 20,
	        [GEN_HOA] = 10 } },
	{ "Hưng Yên", false, 104, 360, { 33, 34 }, R_NORTH, { K(1000) } },
	{ "Ninh Bình", false, 129, 440, { 37, 35, 36 }, R_NORTH,
	    { K(995), [GEN_MUONG] = 5 } },
	{ "Thanh Hóa", false, 166, 430, { 38 }, R_NORTH,
	    { K(850), [GEN_MUONG] = 90, [GEN_THAI] = 55, [GEN_MONG] = 5 } },
	{ "Nghệ An", false, 130, 380, { 40 }, R_NORTH,
	    { K(870), [GEN_THAI] = 105, [GEN_MONG] = 25 } },
	{ "Hà Tĩnh", false, 69, 160, { 42 }, R_CENTRE, { K(1000) } },
	{ "Quảng Trị", false, 78, 190, { 45, 44 }, R_CENTRE, { K(1000) } },
	{ "Quảng Ngãi", false, 96, 220, { 51, 62 }, R_HIGHLANDS,
	    { K(800), [GEN_GIARAI] = 200 } },
	{ "Gia Lai", false, 135, 360, { 64, 52 }, R_HIGHLANDS,
	    { K(700), [GEN_GIARAI] = 300 } },
	{ "Khánh Hòa", false, 65, 220, { 56, 58 }, R_CENTRE,
	    { K(880), [GEN_CHAM] = 120 } },
	{ "Lâm Đồng", false, 124, 390, { 68, 67, 60 }, R_HIGHLANDS,
	    { K(850), [GEN_TAY] = 30, [GEN_NUNG] = 30, [GEN_DAO] = 20,
	        [GEN_MONG] = 20, [GEN_CHAM] = 30, [GEN_HOA] = 20 } },
	{ "Đắk Lắk", false, 102, 330, { 66, 54 }, R_HIGHLANDS,
	    { K(750), [GEN_EDE] = 180, [GEN_TAY] = 20, [GEN_NUNG] = 30,
	        [GEN_GIARAI] = 20 } },
	{ "Đồng Nai", false, 95, 450, { 75, 70 }, R_SOUTH,
	    { K(920), [GEN_HOA] = 40, [GEN_NUNG] = 20, [GEN_TAY] = 10,
	        [GEN_KHMER] = 10 } },
	{ "Tây Ninh", false, 96, 330, { 72, 80 }, R_SOUTH,
	    { K(990), [GEN_KHMER] = 5, [GEN_HOA] = 5 } },
	{ "Vĩnh Long", false, 124, 430, { 86, 83, 84 }, R_SOUTH,
	    { K(880), [GEN_KHMER] = 110, [GEN_HOA] = 10 } },
	{ "Đồng Tháp", false, 102, 440, { 87, 82 }, R_SOUTH, { K(1000) } },
	{ "Cà Mau", false, 64, 260, { 96, 95 }, R_SOUTH,
	    { K(900), [GEN_KHMER] = 60, [GEN_HOA] = 40 } },
	{ "An Giang", false, 102, 490, { 89, 91 }, R_SOUTH,
	    { K(860), [GEN_KHMER] = 110, [GEN_HOA] = 20, [GEN_CHAM] = 10 } },
};

#undef K

#define NPROVINCES GEN_COUNT(provinces)

/* ------------------------------------------------------------- scales */

static const int scale_province[] = { 19 }; /* Thanh Hóa */
static const int scale_test[] = { 6, 32 };  /* Lai Châu, Cà Mau */

static const struct gen_scale scales[] = {
	{ "national", NULL, 0, 0, 5600000, 8, 24, 4, 25, 1 },
	{ "province", scale_province, 1, 0, 300000, 8, 24, 4, 25, 1 },
	{ "test", scale_test, 2, 2, 600, 3, 4, 2, 3, 4 },
};

const struct gen_scale *
gen_scale_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < GEN_COUNT(scales); i++)
		if (strcmp(scales[i].name, name) == 0)
			return &scales[i];
	return NULL;
}

const char *
gen_scale_names(void)
{
	return "national, province, test";
}

/* -------------------------------------------------------------- names */

static const char *const place_a[] = {
	"Tân",
	"Hòa",
	"Phú",
	"An",
	"Bình",
	"Thạnh",
	"Xuân",
	"Đông",
	"Tây",
	"Nam",
	"Bắc",
	"Trung",
	"Long",
	"Vĩnh",
	"Hưng",
	"Thuận",
	"Quang",
	"Minh",
	"Thành",
	"Hiệp",
	"Phước",
	"Mỹ",
	"Hợp",
	"Đại",
	"Yên",
	"Kim",
	"Hồng",
	"Thanh",
	"Cẩm",
	"Lạc",
	"Sơn",
	"Hải",
	"Thái",
	"Đức",
	"Nghĩa",
	"Lộc",
	"Thọ",
	"Thịnh",
	"Phong",
	"Quế",
	"Định",
	"Tiên",
	"Gia",
	"Ngọc",
};
static const char *const place_b[] = {
	"Lập",
	"Bình",
	"Hòa",
	"Phú",
	"An",
	"Thành",
	"Lợi",
	"Hưng",
	"Thịnh",
	"Phát",
	"Tiến",
	"Lộc",
	"Sơn",
	"Hải",
	"Giang",
	"Xuân",
	"Trung",
	"Đông",
	"Tây",
	"Nam",
	"Bắc",
	"Long",
	"Quang",
	"Minh",
	"Khánh",
	"Thuận",
	"Phong",
	"Điền",
	"Mỹ",
	"Hiệp",
	"Tân",
	"Hợp",
	"Dương",
	"Thủy",
	"Lâm",
	"Yên",
	"Định",
	"Phước",
	"Vinh",
	"Châu",
};
/* Northern mountain villages: "bản Nà Phặc". */
static const char *const hill_a[] = { "Nà", "Huổi", "Pá", "Nậm", "Phiêng",
	"Khuổi", "Co", "Tà", "Lũng", "Cốc" };
static const char *const hill_b[] = { "Phặc", "Khoang", "Mòn", "Lìu", "Sang",
	"Hẩu", "Cáy", "Pục", "Lầu", "Ngần", "Tấu", "Luông" };
/* Highland villages: "buôn Ea Kar", "làng Plei Ơi". */
static const char *const high_a[] = { "Ea", "Plei", "Kon", "Đăk", "Krông",
	"Buôn" };
static const char *const high_b[] = { "Kar", "Ơi", "Tum", "Sur", "Ktur", "Jut",
	"Blang", "Hdrao", "Mron", "Tơ" };

static const char *const school_kinds[] = { "Trường Mầm non",
	"Trường Tiểu học", "Trường Trung học cơ sở",
	"Trường Tiểu học và Trung học cơ sở" };

static const char *const industries[] = { "Xây dựng", "Thương mại", "Vận tải",
	"Môi trường đô thị", "Cấp nước", "May mặc", "Chế biến nông sản",
	"Cơ khí", "Dịch vụ", "Thủy sản", "Lâm nghiệp", "Điện lực" };

/* Kinds of grassroots units under a commune, and of their cells. */
enum unit_type {
	U_VILLAGE,    /* chi bộ cơ sở of a village or street */
	U_SCHOOL,     /* chi bộ cơ sở of a school */
	U_CLINIC,     /* chi bộ cơ sở of the health station */
	U_MILITIA,    /* chi bộ cơ sở of the commune's military command */
	U_COOP,       /* chi bộ cơ sở of a cooperative */
	U_RESIDENT,   /* đảng bộ cơ sở of a residential cluster */
	U_HIGHSCHOOL, /* đảng bộ cơ sở of a high school */
	U_HOSPITAL,   /* đảng bộ cơ sở of a hospital */
	U_COMPANY,    /* đảng bộ cơ sở of a company */
	U_POLICE,     /* đảng bộ cơ sở of the commune police */
	U__MAX
};

static const struct {
	unsigned weight;
	bool committee; /* đảng bộ (with cells) or chi bộ */
} unit_types[U__MAX] = {
	[U_VILLAGE] = { 440, false },
	[U_SCHOOL] = { 90, false },
	[U_CLINIC] = { 30, false },
	[U_MILITIA] = { 20, false },
	[U_COOP] = { 20, false },
	[U_RESIDENT] = { 200, true },
	[U_HIGHSCHOOL] = { 50, true },
	[U_HOSPITAL] = { 40, true },
	[U_COMPANY] = { 80, true },
	[U_POLICE] = { 30, true },
};

static const char *const school_cells[] = { "Tổ Toán - Tin", "Tổ Ngữ văn",
	"Tổ Khoa học tự nhiên", "Tổ Khoa học xã hội", "Tổ Ngoại ngữ",
	"Tổ Văn phòng", "Tổ Thể dục - Quốc phòng" };
static const char *const hospital_cells[] = { "Khoa Nội", "Khoa Ngoại",
	"Khoa Sản", "Khoa Nhi", "Khoa Hồi sức cấp cứu", "Khoa Xét nghiệm",
	"Khoa Dược", "Phòng Kế hoạch tổng hợp", "Phòng Tổ chức - Hành chính",
	"Khoa Chẩn đoán hình ảnh", "Khoa Y học cổ truyền" };
static const char *const company_cells[] = { "Phòng Kỹ thuật", "Phòng Kế toán",
	"Phòng Kinh doanh", "Phòng Tổ chức - Hành chính", "Đội Thi công",
	"Phân xưởng Sản xuất", "Tổ Bảo vệ", "Đội Vận hành" };
static const char *const police_cells[] = { "Đội Cảnh sát giao thông",
	"Đội An ninh", "Đội Cảnh sát hình sự", "Tổ Cảnh sát khu vực",
	"Đội Tham mưu", "Đội Phòng cháy chữa cháy" };

/* -------------------------------------------------------------- state */

/* Citizen-ID serials: a counter per birth province (0-99), century and
 * sex (0-3) and year (0-99), scrambled into six digits. */
#define SERIALS (100 * 4 * 100)

struct walk {
	const struct gen_scale *sc;
	const struct gen_sink *sink;
	struct gen_national_report rep;
	struct date day; /* the reference day */
	char orgs_from[DATE_LEN];
	uint64_t seed;
	uint32_t *serials;
	int64_t next_card;
	int64_t dossiers; /* dossier numbers given so far */
	int64_t ncommune; /* communes walked so far */
	char name[256];
	char code[64];
};

/* A place name of two syllables ("Tân Lập"). */
static const char *
place(struct gen_rng *r, char *buf, size_t n)
{
	const char *a = GEN_PICK(r, place_a), *b;

	do
		b = GEN_PICK(r, place_b);
	while (strcmp(a, b) == 0);
	snprintf(buf, n, "%s %s", a, b);
	return buf;
}

/* A village of the region: "thôn Tân Lập", "bản Nà Phặc", "ấp 3". */
static void
village(struct gen_rng *r, enum region reg, bool urban, int nth, char *buf,
    size_t n)
{
	char p[64];

	if (urban) {
		snprintf(buf, n, "%s %d",
		    reg == R_SOUTH ? "khu phố" : "tổ dân phố", nth);
		return;
	}
	switch (reg) {
	case R_HILLS:
		if (gen_below(r, 2) == 0) {
			snprintf(buf, n, "bản %s %s", GEN_PICK(r, hill_a),
			    GEN_PICK(r, hill_b));
			return;
		}
		break;
	case R_HIGHLANDS:
		if (gen_below(r, 2) == 0) {
			snprintf(buf, n, "%s %s %s",
			    gen_below(r, 2) ? "buôn" : "làng",
			    GEN_PICK(r, high_a), GEN_PICK(r, high_b));
			return;
		}
		break;
	case R_SOUTH:
		if (gen_below(r, 3) == 0)
			snprintf(buf, n, "ấp %d", nth);
		else
			snprintf(buf, n, "ấp %s", place(r, p, sizeof(p)));
		return;
	case R_NORTH:
		if (gen_below(r, 4) == 0) {
			snprintf(buf, n, "xóm %s", place(r, p, sizeof(p)));
			return;
		}
		break;
	case R_CENTRE:
		break;
	}
	if (gen_below(r, 5) == 0)
		snprintf(buf, n, "thôn %d", nth);
	else
		snprintf(buf, n, "thôn %s", place(r, p, sizeof(p)));
}

/* Hands an organisation to the sink. */
static int
emit_org(struct walk *w, struct org *o, enum org_kind kind, const char *name,
    const char *code, const struct org *parent, struct cb_error *err)
{
	int rc;

	org_release(o);
	org_init(o);
	o->kind = kind;
	o->parent_id = parent != NULL ? parent->id : 0;
	snprintf(o->valid_from, sizeof(o->valid_from), "%s", w->orgs_from);
	if ((o->name = strdup(name)) == NULL ||
	    (o->code = strdup(code)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if ((rc = w->sink->org(w->sink->arg, o, err)) != 0)
		return rc;
	w->rep.orgs++;
	w->rep.by_kind[kind]++;
	return 0;
}

/* ------------------------------------------------------------ members */

static int
serial_next(struct walk *w, int province, int cs, int yy, uint32_t *ret)
{
	uint32_t *c = &w->serials[(province * 4 + cs) * 100 + yy];

	if (*c >= 1000000)
		return -CB_ETOOBIG;
	/* A bijection of [0, 10^6): 387,193 is prime to 10^6. */
	*ret =
	    (uint32_t)(((uint64_t)*c * 387193u + (uint64_t)province * 7919u +
	                   (uint64_t)yy * 104729u) %
	        1000000u);
	(*c)++;
	return 0;
}

/* "dungnv84@gmail.com": given name, the initials of the others, a
 * number. */
static char *
make_email(struct gen_rng *r, const char *full)
{
	char *f = text_fold(full), *words[8], *save = NULL, *wd, *s;
	char local[64] = "";
	size_t n = 0, i, l;

	if (f == NULL)
		return NULL;
	for (wd = strtok_r(f, " ", &save); wd && n < 8;
	     wd = strtok_r(NULL, " ", &save))
		words[n++] = wd;
	if (n == 0) {
		free(f);
		return NULL;
	}
	snprintf(local, sizeof(local), "%s", words[n - 1]);
	for (i = 0; i + 1 < n; i++)
		if ((l = strlen(local)) + 1 < sizeof(local) &&
		    words[i][0] >= 'a' && words[i][0] <= 'z') {
			local[l] = words[i][0];
			local[l + 1] = '\0';
		}
	/* Only letters and digits in the local part. */
	for (s = local; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			*s = 'x';
	free(f);
	return gen_dupf("%s%02u@gmail.com", local, gen_below(r, 100));
}

/* Ages on the reference day: many working-age members, a large share
 * of retired ones (who are most of a village cell). */
static int
member_age(struct gen_rng *r, enum unit_type t)
{
	unsigned x = gen_below(r, 100);
	bool village = t == U_VILLAGE || t == U_RESIDENT;

	if (x < 25)
		return gen_range(r, 23, 35);
	if (x < 55)
		return gen_range(r, 36, 50);
	if (x < 75)
		return gen_range(r, 51, 60);
	if (!village)
		return gen_range(r, 30, 58);
	if (x < 92)
		return gen_range(r, 61, 75);
	return gen_range(r, 76, 92);
}

/* The mix of job titles of a unit's members (gen_profile). */
static enum gen_work
unit_work(enum unit_type t)
{
	switch (t) {
	case U_SCHOOL:
	case U_HIGHSCHOOL:
		return GEN_WORK_SCHOOL;
	case U_CLINIC:
	case U_HOSPITAL:
		return GEN_WORK_HEALTH;
	case U_MILITIA:
	case U_POLICE:
		return GEN_WORK_UNIFORM;
	case U_COMPANY:
		return GEN_WORK_COMPANY;
	case U_VILLAGE:
	case U_COOP:
	case U_RESIDENT:
	case U__MAX:
	default:
		return GEN_WORK_VILLAGE;
	}
}

static int
make_member(struct walk *w, struct gen_rng *r, const struct province *pv,
    const struct org *cell, enum unit_type t, bool want_official,
    struct cb_error *err)
{
	const struct gen_people *p = gen_people_pick_w(r, pv->peoples);
	bool male = gen_below(r, 100) <
	    (t == U_SCHOOL || t == U_CLINIC ?
	            30 :
	            t == U_MILITIA || t == U_POLICE ?
	            85 :
	            55);
	struct date birth, dec, adm, off, ex;
	int age, province, birthcode, cs, rc;
	struct gen_profile prof;
	uint32_t serial;
	struct member m;

	member_init(&m);
	age = member_age(r, t);
	/* Only the cells of where people live keep the retired. */
	if (age >= gen_retirement_age(male) && t != U_VILLAGE &&
	    t != U_RESIDENT)
		age = gen_range(r, 30, gen_retirement_age(male) - 1);
	if (!want_official && age > 45)
		age = gen_range(r, 22, 45);
	birth = date_add_months(&w->day, -(age * 12 + gen_range(r, 0, 11)));
	birth = date_add_days(&birth, -gen_range(r, 0, 27));
	if (!want_official) {
		/* Probationary: admitted within the last 11 months. */
		adm = date_add_days(&w->day, -gen_range(r, 20, 330));
		if (date_month_diff(&birth, &adm) < 19 * 12)
			birth = date_add_months(&adm,
			    -(19 * 12 + gen_range(r, 0, 60)));
	} else {
		int64_t last = date_to_days(&w->day) - 400;

		adm = date_add_months(&birth, gen_range(r, 19 * 12, 38 * 12));
		if (date_to_days(&adm) > last)
			adm = date_from_days(last - gen_range(r, 0, 2000));
		if (date_month_diff(&birth, &adm) < 19 * 12)
			adm = date_add_months(&birth, 19 * 12 + 6);
	}
	dec = date_add_days(&adm, -gen_range(r, 5, 25));
	off = date_add_months(&adm, 12);
	/* Born in the province (one of the ones it merged), or anywhere. */
	if (gen_below(r, 10) < 9) {
		size_t k = 0;

		while (k < 4 && pv->codes[k] != 0)
			k++;
		province = pv->codes[gen_below(r, (uint32_t)k)];
	} else
		province = gen_province_codes[gen_below(r,
		    (uint32_t)gen_nprovince_codes)];
	birthcode = province;
	cs = (birth.y >= 2000 ? 2 : 0) + (male ? 0 : 1);
	if (birth.y < 1900 || birth.y >= 2100 ||
	    serial_next(w, birthcode, cs, birth.y % 100, &serial) != 0)
		return cb_error_set(err, CB_ETOOBIG, "too_big", NULL);

	m.full_name = gen_name(r, p, male);
	m.gender = male ? GENDER_MALE : GENDER_FEMALE;
	date_format_iso(&birth, m.birth_date);
	m.birthplace = strdup(gen_province_name(province));
	m.hometown = strdup(gen_province_name(gen_below(r, 5) == 0 ?
	        gen_province_codes[gen_below(r,
	            (uint32_t)gen_nprovince_codes)] :
	        province));
	m.ethnicity = strdup(p->name);
	m.religion = strdup(
	    gen_below(r, 10) == 0 && strcmp(p->religion, "Không") == 0 ?
	        (gen_below(r, 2) ? "Phật giáo" : "Công giáo") :
	        p->religion);
	m.citizen_id = gen_dupf("%03d%d%02d%06u", birthcode, cs, birth.y % 100,
	    serial);
	m.card_no = want_official ?
	    gen_dupf("%08lld", (long long)w->next_card++) :
	    NULL;
	/* The province's code (as in citizen IDs), a hyphen, the national
	 * sequence in the order the records are made. */
	m.dossier_no = gen_dupf("%03d-%07lld", pv->codes[0],
	    (long long)++w->dossiers);
	date_format_iso(&dec, m.admission_decision_date);
	date_format_iso(&adm, m.admitted_on);
	m.status = want_official ? MSTATUS_OFFICIAL : MSTATUS_PROBATIONARY;
	if (want_official)
		date_format_iso(&off, m.official_on);
	/* Exempted from Party work: many of the very old, a few others. */
	if (want_official &&
	    (age >= 75 ? gen_below(r, 2) == 0 : gen_below(r, 200) == 0)) {
		ex = date_add_days(&w->day, -gen_range(r, 30, 1500));
		if (date_cmp(&ex, &off) > 0)
			date_format_iso(&ex, m.exempt_since);
	}
	m.org_id = cell->id;
	gen_profile(r, unit_work(t), date_month_diff(&birth, &w->day) / 12,
	    male, birth.y, &prof);
	m.job_title = strdup(prof.job_title);
	m.education = strdup(prof.education);
	m.professional_level =
	    prof.professional ? strdup(prof.professional) : NULL;
	m.theory_level = prof.theory ? strdup(prof.theory) : NULL;
	m.phone = gen_dupf("0%d%07u",
	    GEN_PICK(r,
	        ((const int[]){ 90, 91, 98, 97, 96, 88, 86, 35, 36, 39, 83, 84,
	            70, 77, 79 })),
	    gen_below(r, 10000000));
	if (gen_below(r, 10) < 3)
		m.email = make_email(r, m.full_name);
	if (m.full_name == NULL || m.birthplace == NULL ||
	    m.hometown == NULL || m.ethnicity == NULL || m.religion == NULL ||
	    m.citizen_id == NULL || m.dossier_no == NULL ||
	    m.job_title == NULL || m.education == NULL ||
	    (prof.professional && m.professional_level == NULL) ||
	    (prof.theory && m.theory_level == NULL) || m.phone == NULL ||
	    (want_official && m.card_no == NULL))
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
	else
		rc = w->sink->member(w->sink->arg, &m, cell, err);
	member_release(&m);
	if (rc == 0)
		w->rep.members++;
	return rc;
}

/* A cell's members: at least three official ones (the Charter's
 * minimum), about 4 % probationary. */
static int
fill_cell(struct walk *w, struct gen_rng *r, const struct province *pv,
    const struct org *cell, enum unit_type t, int size, struct cb_error *err)
{
	int k, rc = 0;

	for (k = 0; k < size && rc == 0; k++)
		rc = make_member(w, r, pv, cell, t,
		    k < 3 || gen_below(r, 100) >= 4, err);
	return rc;
}

/* ------------------------------------------------------------ the tree */

/* A grassroots unit as planned before it is made. */
struct unit_plan {
	enum unit_type type;
	int cells; /* 0: a grassroots cell */
	int subs;  /* sub-committees (among the cells) */
};

/* How many members a holding unit gets: around mean100 / 100 (50 % to
 * 150 %, rounded), at least 3. */
static int
cell_size(struct gen_rng *r, int64_t mean100)
{
	int64_t s = (mean100 * (int64_t)gen_range(r, 50, 150) + 5000) / 10000;

	return s < 3 ? 3 : s > 400 ? 400 : (int)s;
}

static void
unit_name(struct gen_rng *r, const struct province *pv, bool urban,
    const char *commune, enum unit_type t, int nth, char *buf, size_t n)
{
	char p[64], v[96];

	switch (t) {
	case U_VILLAGE:
		village(r, pv->region, urban, nth, v, sizeof(v));
		snprintf(buf, n, "Chi bộ %s", v);
		break;
	case U_SCHOOL:
		snprintf(buf, n, "Chi bộ %s %s", GEN_PICK(r, school_kinds),
		    gen_below(r, 2) ? commune : place(r, p, sizeof(p)));
		break;
	case U_CLINIC:
		snprintf(buf, n, "Chi bộ Trạm Y tế %s", commune);
		break;
	case U_MILITIA:
		snprintf(buf, n, "Chi bộ Quân sự %s", commune);
		break;
	case U_COOP:
		snprintf(buf, n, "Chi bộ Hợp tác xã %s %s",
		    gen_below(r, 2) ? "Nông nghiệp" : "Dịch vụ",
		    place(r, p, sizeof(p)));
		break;
	case U_RESIDENT:
		snprintf(buf, n, "Đảng bộ Cụm dân cư %s",
		    place(r, p, sizeof(p)));
		break;
	case U_HIGHSCHOOL:
		snprintf(buf, n, "Đảng bộ Trường Trung học phổ thông %s",
		    place(r, p, sizeof(p)));
		break;
	case U_HOSPITAL:
		snprintf(buf, n, "Đảng bộ Bệnh viện Đa khoa %s",
		    gen_below(r, 2) ? commune : place(r, p, sizeof(p)));
		break;
	case U_COMPANY:
		snprintf(buf, n, "Đảng bộ Công ty Cổ phần %s %s",
		    GEN_PICK(r, industries), place(r, p, sizeof(p)));
		break;
	case U_POLICE:
	default:
		snprintf(buf, n, "Đảng bộ Công an %s", commune);
		break;
	}
}

static void
cell_name(struct gen_rng *r, const struct province *pv, bool urban,
    enum unit_type t, int nth, char *buf, size_t n)
{
	char v[96];

	switch (t) {
	case U_HIGHSCHOOL:
		snprintf(buf, n, "Chi bộ %s",
		    school_cells[(nth - 1) % (int)GEN_COUNT(school_cells)]);
		break;
	case U_HOSPITAL:
		snprintf(buf, n, "Chi bộ %s",
		    hospital_cells[(nth - 1) %
		        (int)GEN_COUNT(hospital_cells)]);
		break;
	case U_COMPANY:
		snprintf(buf, n, "Chi bộ %s %d",
		    company_cells[(nth - 1) % (int)GEN_COUNT(company_cells)],
		    (nth - 1) / (int)GEN_COUNT(company_cells) + 1);
		break;
	case U_POLICE:
		snprintf(buf, n, "Chi bộ %s",
		    police_cells[(nth - 1) % (int)GEN_COUNT(police_cells)]);
		break;
	default:
		village(r, pv->region, urban, nth, v, sizeof(v));
		snprintf(buf, n, "Chi bộ %s", v);
		break;
	}
}

static enum unit_type
pick_unit_type(struct gen_rng *r)
{
	unsigned total = 0, x;
	int i;

	for (i = 0; i < U__MAX; i++)
		total += unit_types[i].weight;
	x = gen_below(r, total);
	for (i = 0; i < U__MAX; i++) {
		if (x < unit_types[i].weight)
			return (enum unit_type)i;
		x -= unit_types[i].weight;
	}
	return U_VILLAGE;
}

#define MAX_UNITS 64

static int
walk_commune(struct walk *w, const struct province *pv, int pindex,
    const struct org *prov, int cindex, int64_t members, struct cb_error *err)
{
	const struct gen_scale *sc = w->sc;
	struct unit_plan plan[MAX_UNITS];
	struct gen_rng r;
	struct org commune, unit, sub, cell;
	char cname[96], p[64];
	bool urban;
	int nunits, holding = 0, i, j, rc;
	int64_t mean; /* members per holding unit, in hundredths */

	gen_rng_derive(&r, w->seed, "commune", (uint64_t)w->ncommune++);
	org_init(&commune);
	org_init(&unit);
	org_init(&sub);
	org_init(&cell);
	urban = gen_below(&r, 100) < (pv->city ? 65 : 12);
	snprintf(cname, sizeof(cname), "%s %s", urban ? "phường" : "xã",
	    place(&r, p, sizeof(p)));
	/* Its grassroots units, planned first: the members are shared out
	 * among the units that hold them. */
	nunits = gen_range(&r, sc->units_lo, sc->units_hi);
	for (i = 0; i < nunits; i++) {
		plan[i].type = pick_unit_type(&r);
		plan[i].cells = 0;
		plan[i].subs = 0;
		if (unit_types[plan[i].type].committee) {
			plan[i].cells = gen_range(&r, sc->cells_lo,
			    sc->cells_hi);
			/* A large committee here and there has
			 * sub-committees. */
			if (plan[i].cells >= (sc->cells_hi + 1) / 2 &&
			    gen_below(&r, 8) < (uint32_t)sc->subs_in_8)
				plan[i].subs = gen_range(&r, 2, 3);
		}
		holding += plan[i].cells ? plan[i].cells : 1;
	}
	mean = members * 100 / (holding > 0 ? holding : 1);
	w->name[0] = '\0';
	snprintf(w->name, sizeof(w->name), "Đảng bộ %s", cname);
	snprintf(w->code, sizeof(w->code), "T%02d.X%03d", pindex + 1,
	    cindex + 1);
	if ((rc = emit_org(w, &commune, ORG_UPPER_GRASSROOTS, w->name, w->code,
	         prov, err)) != 0)
		goto out;
	for (i = 0; i < nunits && rc == 0; i++) {
		const struct unit_plan *u = &plan[i];

		unit_name(&r, pv, urban, cname, u->type, i + 1, w->name,
		    sizeof(w->name));
		snprintf(w->code, sizeof(w->code), "T%02d.X%03d.U%02d",
		    pindex + 1, cindex + 1, i + 1);
		if ((rc = emit_org(w, &unit,
		         u->cells ? ORG_GRASSROOTS : ORG_GRASSROOTS_CELL,
		         w->name, w->code, &commune, err)) != 0)
			break;
		if (u->cells == 0) {
			rc = fill_cell(w, &r, pv, &unit, u->type,
			    cell_size(&r, mean), err);
			continue;
		}
		for (j = 0; j < u->cells && rc == 0; j++) {
			const struct org *parent = &unit;
			int s = u->subs ? j % (u->subs + 1) : 0;

			/* Cells spread over the unit and its
			 * sub-committees (made with their first cell). */
			if (s > 0) {
				if (j < u->subs + 1) {
					snprintf(w->name, sizeof(w->name),
					    "Đảng bộ bộ phận %d", s);
					snprintf(w->code, sizeof(w->code),
					    "T%02d.X%03d.U%02d.B%d",
					    pindex + 1, cindex + 1, i + 1, s);
					if ((rc = emit_org(w, &sub,
					         ORG_SUB_COMMITTEE, w->name,
					         w->code, &unit, err)) != 0)
						break;
				}
				/* sub holds the last sub-committee made;
				 * its cells go under it. */
				parent = &sub;
			}
			cell_name(&r, pv, urban, u->type, j + 1, w->name,
			    sizeof(w->name));
			snprintf(w->code, sizeof(w->code),
			    "T%02d.X%03d.U%02d.C%02d", pindex + 1, cindex + 1,
			    i + 1, j + 1);
			if ((rc = emit_org(w, &cell, ORG_CELL, w->name,
			         w->code, parent, err)) != 0)
				break;
			rc = fill_cell(w, &r, pv, &cell, u->type,
			    cell_size(&r, mean), err);
		}
	}
out:
	org_release(&commune);
	org_release(&unit);
	org_release(&sub);
	org_release(&cell);
	return rc;
}

int
gen_national_run(const struct gen_scale *sc, uint64_t seed, const char *today,
    const struct gen_sink *sink, struct gen_national_report *ret,
    struct cb_error *err)
{
	struct walk w;
	struct org root, prov;
	int64_t pop = 0;
	size_t i, n = sc->nprovinces ? sc->nprovinces : NPROVINCES;
	int rc = 0;

	memset(&w, 0, sizeof(w));
	w.sc = sc;
	w.sink = sink;
	w.seed = seed;
	if (date_parse_iso(
	        today != NULL && strcmp(today, GEN_DAY) < 0 ? today : GEN_DAY,
	        &w.day) != 0)
		return cb_error_set(err, CB_EINVAL, "invalid_date", today);
	/* The 2025 organisations, unless the reference day is before
	 * them. */
	{
		char day[DATE_LEN];

		date_format_iso(&w.day, day);
		snprintf(w.orgs_from, sizeof(w.orgs_from), "%s",
		    strcmp(day, GEN_ORGS_FROM) > 0 ?
		        GEN_ORGS_FROM :
		        "2000-01-01");
	}
	if ((w.serials = calloc(SERIALS, sizeof(*w.serials))) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	{
		struct gen_rng r;

		gen_rng_derive(&r, seed, "cards", 0);
		w.next_card = 10000000 + (int64_t)gen_below(&r, 4000000);
	}
	org_init(&root);
	org_init(&prov);
	for (i = 0; i < n; i++)
		pop += provinces[sc->provinces ? (size_t)sc->provinces[i] : i]
		           .pop;
	if ((rc = emit_org(&w, &root, ORG_CENTRAL,
	         "Ban Chấp hành Trung ương "
	         "Đảng Cộng sản Việt Nam",
	         "TW", NULL, err)) != 0)
		goto out;
	for (i = 0; i < n && rc == 0; i++) {
		int pi = sc->provinces ? sc->provinces[i] : (int)i;
		const struct province *pv = &provinces[pi];
		int64_t members = sc->members * pv->pop / pop;
		int nc = pv->communes, c;

		if (sc->communes_max > 0 && nc > sc->communes_max)
			nc = sc->communes_max;
		snprintf(w.name, sizeof(w.name), "Đảng bộ %s %s",
		    pv->city ? "thành phố" : "tỉnh", pv->name);
		snprintf(w.code, sizeof(w.code), "T%02d", pi + 1);
		if (strcmp(pv->name, "Thành phố Hồ Chí Minh") == 0)
			snprintf(w.name, sizeof(w.name), "Đảng bộ %s",
			    pv->name);
		if ((rc = emit_org(&w, &prov, ORG_PROVINCE, w.name, w.code,
		         &root, err)) != 0)
			break;
		for (c = 0; c < nc && rc == 0; c++) {
			/* Communes differ in size: 60 % to 140 % of the
			 * mean, from the commune's own stream. */
			struct gen_rng r;
			int64_t mine;

			gen_rng_derive(&r, seed, "commune-size",
			    (uint64_t)w.ncommune);
			mine = members * gen_range(&r, 60, 140) / 100 / nc;
			rc = walk_commune(&w, pv, pi, &prov, c, mine, err);
		}
	}
out:
	org_release(&root);
	org_release(&prov);
	free(w.serials);
	if (rc == 0 && ret != NULL)
		*ret = w.rep;
	return rc;
}
