/*
 * gen.c - see gen.h: the seeded generator, names, peoples and provinces
 * shared by the demos.  The agency demo's draws must not change (its
 * exports are compared by tests): new tables go at the end, new peoples
 * with weight 0 for it.
 */
#include "svc/gen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

/* ------------------------------------------------------------ random */

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
gen_rng_seed(struct gen_rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix(&seed);
}

void
gen_rng_derive(struct gen_rng *r, uint64_t seed, const char *tag,
    uint64_t index)
{
	uint64_t x = seed, h = 0xcbf29ce484222325ULL; /* FNV-1a of tag */
	const unsigned char *p;

	for (p = (const unsigned char *)tag; *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	x = splitmix(&x) ^ h;
	x = splitmix(&x) ^ index;
	gen_rng_seed(r, splitmix(&x));
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
gen_rng_next(struct gen_rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

uint32_t
gen_below(struct gen_rng *r, uint32_t n)
{
	return n ? (uint32_t)((gen_rng_next(r) >> 32) * n >> 32) : 0;
}

int
gen_range(struct gen_rng *r, int lo, int hi)
{
	return lo + (int)gen_below(r, (uint32_t)(hi - lo + 1));
}

const char *
gen_pick_w(struct gen_rng *r, const struct gen_weighted *list, size_t n)
{
	unsigned total = 0, x;
	size_t i;

	for (i = 0; i < n; i++)
		total += list[i].w;
	x = gen_below(r, total);
	for (i = 0; i < n; i++) {
		if (x < list[i].w)
			return list[i].s;
		x -= list[i].w;
	}
	return list[n - 1].s;
}

char *
gen_dupf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* ------------------------------------------------------------- names */

/* Kinh family names in their approximate shares of the population
 * (per mille): Nguyễn about 38 %, Trần 11 %, Lê 9.5 %, ... */
static const struct gen_weighted kinh_family[] = {
	{ "Nguyễn", 384 },
	{ "Trần", 121 },
	{ "Lê", 95 },
	{ "Phạm", 70 },
	{ "Hoàng", 31 },
	{ "Huỳnh", 20 },
	{ "Phan", 45 },
	{ "Vũ", 21 },
	{ "Võ", 18 },
	{ "Đặng", 21 },
	{ "Bùi", 20 },
	{ "Đỗ", 14 },
	{ "Hồ", 13 },
	{ "Ngô", 13 },
	{ "Dương", 10 },
	{ "Lý", 5 },
	{ "Đào", 9 },
	{ "Đoàn", 8 },
	{ "Trịnh", 8 },
	{ "Trương", 8 },
	{ "Đinh", 7 },
	{ "Lâm", 5 },
	{ "Phùng", 4 },
	{ "Mai", 5 },
	{ "Tô", 3 },
	{ "Hà", 6 },
	{ "Tạ", 3 },
	{ "Cao", 5 },
	{ "Lương", 5 },
	{ "Lại", 3 },
	{ "Chu", 3 },
	{ "Kiều", 2 },
	{ "Vương", 3 },
	{ "Quách", 2 },
	{ "Thái", 2 },
	{ "Tăng", 2 },
	{ "Khổng", 1 },
};

static const char *const male_middle[] = {
	"Văn",
	"Văn",
	"Văn",
	"Đức",
	"Minh",
	"Quang",
	"Hữu",
	"Ngọc",
	"Xuân",
	"Thanh",
	"Mạnh",
	"Công",
	"Đình",
	"Trọng",
	"Anh",
	"Quốc",
	"Tuấn",
	"Duy",
	"Bá",
	"Tiến",
	"Việt",
	"Hoàng",
	"Hồng",
	"Thế",
};

static const char *const female_middle[] = {
	"Thị",
	"Thị",
	"Thị",
	"Thị",
	"Thu",
	"Thanh",
	"Ngọc",
	"Thúy",
	"Hồng",
	"Minh",
	"Phương",
	"Bích",
	"Kim",
	"Hải",
	"Diệu",
	"Quỳnh",
	"Lan",
	"Thùy",
	"Mỹ",
	"Khánh",
};

static const char *const male_given[] = {
	"Anh",
	"Bảo",
	"Bình",
	"Cường",
	"Dũng",
	"Đạt",
	"Đông",
	"Đức",
	"Giang",
	"Hải",
	"Hiếu",
	"Hòa",
	"Hoàng",
	"Hùng",
	"Huy",
	"Khánh",
	"Khoa",
	"Kiên",
	"Lâm",
	"Long",
	"Mạnh",
	"Minh",
	"Nam",
	"Nghĩa",
	"Phong",
	"Phúc",
	"Quang",
	"Quân",
	"Sơn",
	"Tài",
	"Thắng",
	"Thành",
	"Tiến",
	"Toàn",
	"Trung",
	"Tú",
	"Tuấn",
	"Việt",
	"Vinh",
	"Vũ",
	"Hưng",
	"Lộc",
	"Thịnh",
	"Hiệp",
	"Chiến",
	"Tùng",
	"Định",
	"Khải",
};

static const char *const female_given[] = {
	"Anh",
	"Bích",
	"Chi",
	"Dung",
	"Giang",
	"Hà",
	"Hằng",
	"Hạnh",
	"Hiền",
	"Hoa",
	"Hồng",
	"Huế",
	"Hương",
	"Huyền",
	"Lan",
	"Liên",
	"Linh",
	"Loan",
	"Mai",
	"Ngân",
	"Ngọc",
	"Nhung",
	"Oanh",
	"Phương",
	"Quyên",
	"Quỳnh",
	"Tâm",
	"Thảo",
	"Thu",
	"Thủy",
	"Trang",
	"Tuyết",
	"Uyên",
	"Vân",
	"Yến",
	"Nga",
	"Hoài",
	"Thoa",
	"Duyên",
	"Lý",
};

static const char *const tay_family[] = { "Hoàng", "Nông", "Lương", "Hà", "Ma",
	"Lục", "Triệu", "Bế", "Đàm", "Lưu" };
static const char *const thai_family[] = { "Lò", "Cầm", "Lường", "Quàng",
	"Điêu", "Hà", "Vi", "Lê", "Tòng" };
static const char *const muong_family[] = { "Bùi", "Đinh", "Quách", "Hà", "Xa",
	"Bạch" };
static const char *const nung_family[] = { "Nông", "Hoàng", "Lăng", "Chu",
	"Vy", "Lộc", "Mông" };
static const char *const khmer_family[] = { "Thạch", "Danh", "Sơn", "Kim",
	"Lâm", "Chau", "Lý" };
static const char *const mong_family[] = { "Giàng", "Sùng", "Vàng", "Thào",
	"Lý", "Mùa", "Hầu", "Lầu" };
static const char *const dao_family[] = { "Triệu", "Bàn", "Đặng", "Lý", "Chảo",
	"Phùn" };
static const char *const hoa_family[] = { "Lý", "Trương", "Lâm", "Quách",
	"Hứa", "Tăng", "Mạc" };
static const char *const chams_family[] = { "Đàng", "Thông", "Quảng", "Lưu",
	"Thiên", "Trượng" };
static const char *const sandiu_family[] = { "Diệp", "Lâm", "Lê", "Trần",
	"Đồng" };

static const char *const mong_mid[] = { "A", "Seo", "Mí", "Văn", "A" };
static const char *const mong_male[] = { "Páo", "Dìa", "Chứ", "Sử", "Pháy",
	"Lử", "Sính", "Tráng", "Dế", "Chía" };
static const char *const mong_female[] = { "Mai", "Dua", "Pà", "Chở", "Súa",
	"Mỷ", "Dợ", "Say" };
static const char *const khmer_mid[] = { "Sô", "Sà", "Chanh", "Sóc", "Ra",
	"Sa" };
static const char *const khmer_male[] = { "Phal", "Rinh", "Đa", "Kha", "Vơn",
	"Thươl", "Ny", "Sóc" };
static const char *const khmer_female[] = { "Ni", "Phên", "Ry", "Thi", "Mây",
	"Sươl", "Đa" };

static const int p_kinh[] = { 1, 1, 1, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38,
	40, 42, 22, 24, 25, 19, 79, 48, 46, 52 };
static const int p_tay[] = { 4, 20, 6, 8, 2, 19 };
static const int p_thai[] = { 14, 11, 12, 40, 38, 15 };
static const int p_muong[] = { 17, 38, 25, 37 };
static const int p_nung[] = { 20, 4, 24, 2 };
static const int p_khmer[] = { 94, 84, 89, 91 };
static const int p_mong[] = { 2, 10, 11, 14, 12 };
static const int p_dao[] = { 8, 15, 10, 22, 2 };
static const int p_hoa[] = { 79, 22, 1 };
static const int p_cham[] = { 58, 60, 89 };
static const int p_sandiu[] = { 19, 22, 24 };

/* Central Highlands peoples (weight 0 in the agency demo): Jrai names put
 * the family name first, Ê Đê ones last ("Y Bhin Niê", "H'Hen Niê"). */
static const char *const giarai_family[] = { "Ksor", "Siu", "Rơ Châm",
	"Rơ Mah", "Nay", "Puih", "Rah Lan", "Kpă" };
static const char *const giarai_male[] = { "Pheo", "Tuah", "Phin", "Nghim",
	"Hyưn", "Blang", "Thuih", "Dih" };
static const char *const giarai_female[] = { "H'Mai", "H'Bư", "H'Lan", "H'Yên",
	"H'Ni", "H'Nhí" };
static const char *const ede_family[] = { "Niê", "Êban", "Ksơr", "Mlô", "Byă",
	"Adrơng", "Buôn Yă" };
static const char *const ede_male[] = { "Y Bhin", "Y Kông", "Y Thông", "Y Jut",
	"Y Ngông", "Y Siêng", "Y Wang" };
static const char *const ede_female[] = { "H'Hen", "H'Linh", "H'Xíu", "H'Ly",
	"H'Nguyên", "H'Vin" };
static const char *const no_mid[] = { "" };

static const int p_giarai[] = { 64, 62 };
static const int p_ede[] = { 66, 54 };

#define ARR(a) a, sizeof(a) / sizeof((a)[0])

const struct gen_people gen_peoples[GEN_PEOPLE__MAX] = {
	{ "Kinh", 660, NULL, 0, NULL, 0, NULL, 0, NULL, 0, ARR(p_kinh),
	    "Không" },
	{ "Tày", 80, ARR(tay_family), NULL, 0, NULL, 0, NULL, 0, ARR(p_tay),
	    "Không" },
	{ "Thái", 60, ARR(thai_family), NULL, 0, NULL, 0, NULL, 0, ARR(p_thai),
	    "Không" },
	{ "Mường", 50, ARR(muong_family), NULL, 0, NULL, 0, NULL, 0,
	    ARR(p_muong), "Không" },
	{ "Nùng", 35, ARR(nung_family), NULL, 0, NULL, 0, NULL, 0, ARR(p_nung),
	    "Không" },
	{ "Khmer", 25, ARR(khmer_family), ARR(khmer_mid), ARR(khmer_male),
	    ARR(khmer_female), ARR(p_khmer), "Phật giáo" },
	{ "Mông", 25, ARR(mong_family), ARR(mong_mid), ARR(mong_male),
	    ARR(mong_female), ARR(p_mong), "Không" },
	{ "Dao", 25, ARR(dao_family), NULL, 0, NULL, 0, NULL, 0, ARR(p_dao),
	    "Không" },
	{ "Hoa", 15, ARR(hoa_family), NULL, 0, NULL, 0, NULL, 0, ARR(p_hoa),
	    "Không" },
	{ "Chăm", 12, ARR(chams_family), NULL, 0, NULL, 0, NULL, 0,
	    ARR(p_cham), "Không" },
	{ "Sán Dìu", 13, ARR(sandiu_family), NULL, 0, NULL, 0, NULL, 0,
	    ARR(p_sandiu), "Không" },
	{ "Gia Rai", 0, ARR(giarai_family), ARR(no_mid), ARR(giarai_male),
	    ARR(giarai_female), ARR(p_giarai), "Không", false },
	{ "Ê Đê", 0, ARR(ede_family), ARR(no_mid), ARR(ede_male),
	    ARR(ede_female), ARR(p_ede), "Tin lành", true },
};

const struct gen_people *
gen_people_pick(struct gen_rng *r)
{
	unsigned w[GEN_PEOPLE__MAX];
	size_t i;

	for (i = 0; i < GEN_PEOPLE__MAX; i++)
		w[i] = gen_peoples[i].weight;
	return gen_people_pick_w(r, w);
}

const struct gen_people *
gen_people_pick_w(struct gen_rng *r, const unsigned *weights)
{
	unsigned total = 0, x;
	size_t i;

	for (i = 0; i < GEN_PEOPLE__MAX; i++)
		total += weights[i];
	x = gen_below(r, total);
	for (i = 0; i < GEN_PEOPLE__MAX; i++) {
		if (x < weights[i])
			return &gen_peoples[i];
		x -= weights[i];
	}
	return &gen_peoples[0];
}

char *
gen_name(struct gen_rng *r, const struct gen_people *p, bool male)
{
	const char *family, *mid, *given;

	family = p->family ?
	    p->family[gen_below(r, (uint32_t)p->nfamily)] :
	    GEN_PICK_W(r, kinh_family);
	if (p->male_mid != NULL && p->male_mid[0][0] == '\0') {
		/* No middle name (Jrai, Ê Đê). */
		given = male ?
		    p->male_given[gen_below(r, (uint32_t)p->nmale_given)] :
		    p->female_given[gen_below(r, (uint32_t)p->nfemale_given)];
		return p->family_last ?
		    gen_dupf("%s %s", given, family) :
		    gen_dupf("%s %s", family, given);
	}
	if (male && p->male_mid)
		mid = p->male_mid[gen_below(r, (uint32_t)p->nmale_mid)];
	else
		mid = male ?
		    GEN_PICK(r, male_middle) :
		    GEN_PICK(r, female_middle);
	if (male && p->male_given)
		given = p->male_given[gen_below(r, (uint32_t)p->nmale_given)];
	else if (!male && p->female_given)
		given =
		    p->female_given[gen_below(r, (uint32_t)p->nfemale_given)];
	else
		given =
		    male ? GEN_PICK(r, male_given) : GEN_PICK(r, female_given);
	/* One name in four has a second middle name. */
	if (p->male_mid == NULL && gen_below(r, 4) == 0) {
		const char *mid2 = male ?
		    GEN_PICK(r, male_middle) :
		    GEN_PICK(r, female_middle);

		if (strcmp(mid2, mid) != 0 && strcmp(mid2, given) != 0 &&
		    strcmp(mid2, "Thị") != 0 && strcmp(mid2, "Văn") != 0)
			return gen_dupf("%s %s %s %s", family, mid, mid2,
			    given);
	}
	return gen_dupf("%s %s %s", family, mid, given);
}

/* ---------------------------------------------------------- provinces */

/* Citizen-ID province codes (before the 2025 merger) and their names,
 * for the place of birth and the home town. */
static const struct {
	int code;
	const char *name;
} provinces[] = {
	{ 1, "Hà Nội" },
	{ 2, "Hà Giang" },
	{ 4, "Cao Bằng" },
	{ 6, "Bắc Kạn" },
	{ 8, "Tuyên Quang" },
	{ 10, "Lào Cai" },
	{ 11, "Điện Biên" },
	{ 12, "Lai Châu" },
	{ 14, "Sơn La" },
	{ 15, "Yên Bái" },
	{ 17, "Hòa Bình" },
	{ 19, "Thái Nguyên" },
	{ 20, "Lạng Sơn" },
	{ 22, "Quảng Ninh" },
	{ 24, "Bắc Giang" },
	{ 25, "Phú Thọ" },
	{ 26, "Vĩnh Phúc" },
	{ 27, "Bắc Ninh" },
	{ 30, "Hải Dương" },
	{ 31, "Hải Phòng" },
	{ 33, "Hưng Yên" },
	{ 34, "Thái Bình" },
	{ 35, "Hà Nam" },
	{ 36, "Nam Định" },
	{ 37, "Ninh Bình" },
	{ 38, "Thanh Hóa" },
	{ 40, "Nghệ An" },
	{ 42, "Hà Tĩnh" },
	{ 44, "Quảng Bình" },
	{ 45, "Quảng Trị" },
	{ 46, "Thừa Thiên Huế" },
	{ 48, "Đà Nẵng" },
	{ 49, "Quảng Nam" },
	{ 51, "Quảng Ngãi" },
	{ 52, "Bình Định" },
	{ 54, "Phú Yên" },
	{ 56, "Khánh Hòa" },
	{ 58, "Ninh Thuận" },
	{ 60, "Bình Thuận" },
	{ 62, "Kon Tum" },
	{ 64, "Gia Lai" },
	{ 66, "Đắk Lắk" },
	{ 67, "Đắk Nông" },
	{ 68, "Lâm Đồng" },
	{ 70, "Bình Phước" },
	{ 72, "Tây Ninh" },
	{ 74, "Bình Dương" },
	{ 75, "Đồng Nai" },
	{ 77, "Bà Rịa - Vũng Tàu" },
	{ 79, "Thành phố Hồ Chí Minh" },
	{ 80, "Long An" },
	{ 82, "Tiền Giang" },
	{ 83, "Bến Tre" },
	{ 84, "Trà Vinh" },
	{ 86, "Vĩnh Long" },
	{ 87, "Đồng Tháp" },
	{ 89, "An Giang" },
	{ 91, "Kiên Giang" },
	{ 92, "Cần Thơ" },
	{ 93, "Hậu Giang" },
	{ 94, "Sóc Trăng" },
	{ 95, "Bạc Liêu" },
	{ 96, "Cà Mau" },
};

const int gen_province_codes[] = {
	1,
	2,
	4,
	6,
	8,
	10,
	11,
	12,
	14,
	15,
	17,
	19,
	20,
	22,
	24,
	25,
	26,
	27,
	30,
	31,
	33,
	34,
	35,
	36,
	37,
	38,
	40,
	42,
	44,
	45,
	46,
	48,
	49,
	51,
	52,
	54,
	56,
	58,
	60,
	62,
	64,
	66,
	67,
	68,
	70,
	72,
	74,
	75,
	77,
	79,
	80,
	82,
	83,
	84,
	86,
	87,
	89,
	91,
	92,
	93,
	94,
	95,
	96,
};
const size_t gen_nprovince_codes = GEN_COUNT(gen_province_codes);

const char *
gen_province_name(int code)
{
	size_t i;

	for (i = 0; i < GEN_COUNT(provinces); i++)
		if (provinces[i].code == code)
			return provinces[i].name;
	return "Hà Nội";
}
