/*
 * gen.c - see gen.h: the seeded generator, names, peoples and provinces
 * shared by the demos.  Names, profiles (job, education, theory) and
 * dates are drawn to be believable together (chibo demo --help); the same
 * seed gives the same data.  New peoples go with weight 0 for the agency
 * demo.
 */
#include "svc/gen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* Middle names by gender, in rough shares: "Văn" and "Thị" still lead,
 * less so among the young; a few are shared by both genders. */
static const struct gen_weighted male_middle[] = {
	{ "Văn", 330 },
	{ "Đức", 90 },
	{ "Minh", 80 },
	{ "Quang", 50 },
	{ "Hữu", 50 },
	{ "Quốc", 45 },
	{ "Xuân", 35 },
	{ "Thanh", 35 },
	{ "Mạnh", 25 },
	{ "Công", 35 },
	{ "Đình", 40 },
	{ "Trọng", 30 },
	{ "Ngọc", 25 },
	{ "Duy", 25 },
	{ "Tiến", 20 },
	{ "Thế", 25 },
	{ "Bá", 15 },
	{ "Anh", 15 },
	{ "Việt", 15 },
	{ "Hoàng", 15 },
	{ "Hồng", 10 },
	{ "Huy", 10 },
	{ "Tuấn", 10 },
	{ "Khắc", 10 },
};

static const struct gen_weighted female_middle[] = {
	{ "Thị", 520 },
	{ "Thu", 55 },
	{ "Thanh", 55 },
	{ "Ngọc", 55 },
	{ "Phương", 35 },
	{ "Minh", 25 },
	{ "Hồng", 35 },
	{ "Bích", 25 },
	{ "Kim", 25 },
	{ "Thúy", 25 },
	{ "Diệu", 15 },
	{ "Quỳnh", 15 },
	{ "Hải", 15 },
	{ "Lan", 12 },
	{ "Thùy", 20 },
	{ "Mỹ", 10 },
	{ "Khánh", 10 },
	{ "Hoài", 10 },
	{ "Tuyết", 8 },
};

/* The second middle name after "Thị" ("Nguyễn Thị Thu Hà"). */
static const char *const female_middle2[] = { "Thu", "Thanh", "Ngọc", "Minh",
	"Hồng", "Bích", "Kim", "Thúy", "Phương", "Diệu", "Thùy", "Lan", "Mai",
	"Hải" };

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
	"Vy", "Lộc", "Hà" };
static const char *const khmer_family[] = { "Thạch", "Danh", "Sơn", "Kim",
	"Lâm", "Chau", "Lý" };
static const char *const mong_family[] = { "Giàng", "Sùng", "Vàng", "Thào",
	"Lý", "Mùa", "Hầu", "Lầu" };
static const char *const dao_family[] = { "Triệu", "Bàn", "Đặng", "Lý", "Chảo",
	"Phùng" };
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

/* True if a syllable occurs twice in the words of name ("Nguyễn Anh
 * Anh", "Nguyễn Bích Hải Bích"; "Hoàng Văn Hoàng"). */
bool
gen_name_repeats(const char *name)
{
	const char *w[12];
	size_t len[12], n = 0, i, j;
	const char *p = name;

	while (*p != '\0' && n < 12) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		w[n] = p;
		while (*p != '\0' && *p != ' ')
			p++;
		len[n] = (size_t)(p - w[n]);
		n++;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			if (len[i] == len[j] &&
			    strncasecmp(w[i], w[j], len[i]) == 0)
				return true;
	return false;
}

/* One draw of a name, repeats and all. */
static char *
name_draw(struct gen_rng *r, const struct gen_people *p, bool male)
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
		    GEN_PICK_W(r, male_middle) :
		    GEN_PICK_W(r, female_middle);
	if (male && p->male_given)
		given = p->male_given[gen_below(r, (uint32_t)p->nmale_given)];
	else if (!male && p->female_given)
		given =
		    p->female_given[gen_below(r, (uint32_t)p->nfemale_given)];
	else
		given =
		    male ? GEN_PICK(r, male_given) : GEN_PICK(r, female_given);
	/* About one woman in five named "Thị" has a second middle name. */
	if (!male && p->male_mid == NULL && strcmp(mid, "Thị") == 0 &&
	    gen_below(r, 5) == 0)
		return gen_dupf("%s %s %s %s", family, mid,
		    GEN_PICK(r, female_middle2), given);
	return gen_dupf("%s %s %s", family, mid, given);
}

char *
gen_name(struct gen_rng *r, const struct gen_people *p, bool male)
{
	char *name = NULL;
	int tries;

	/* Drawn again until no syllable repeats: a handful of draws at
	 * most (the name lists are long), so the stream stays seeded. */
	for (tries = 0; tries < 64; tries++) {
		free(name);
		if ((name = name_draw(r, p, male)) == NULL ||
		    !gen_name_repeats(name))
			return name;
	}
	return name;
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

/* ----------------------------------------------------------- profiles */

/*
 * A member's job title, education, professional and theory levels, drawn
 * together so that they agree with each other and with the age: every
 * value is a listed name of rules/vn.json (ref.job_titles,
 * ref.education, ref.professional_levels, ref.theory_levels), and a
 * value is drawn only at an age a person can hold it (pro_min_age,
 * theory_min_age, struct job's min_age).
 */
struct aged {
	const char *s; /* NULL: none */
	unsigned w;
};

/* Qualifications by the usual age of earning them (a doctorate not
 * before 29, a master's not before 25). */
#define PRO(s, w) \
	{ \
		s, w \
	}
#define TH(s, w) \
	{ \
		s, w \
	}

static int
pro_min_age(const char *s)
{
	static const struct {
		const char *s;
		int age;
	} t[] = { { "Sơ cấp", 18 }, { "Trung cấp", 19 }, { "Cao đẳng", 21 },
		{ "Đại học", 22 }, { "Thạc sĩ", 25 }, { "Tiến sĩ", 29 },
		{ "Tiến sĩ khoa học", 45 } };
	size_t i;

	for (i = 0; s != NULL && i < GEN_COUNT(t); i++)
		if (strcmp(t[i].s, s) == 0)
			return t[i].age;
	return 0;
}

/* Political theory: the intermediate course is for cadres of some years'
 * standing, the advanced one (and the bachelor's) for leaders. */
static int
theory_min_age(const char *s)
{
	if (s == NULL || strcmp(s, "Sơ cấp") == 0)
		return 0;
	if (strcmp(s, "Trung cấp") == 0)
		return 27;
	return 35; /* Cao cấp, Cử nhân */
}

struct job {
	const char *title;
	int min_age;
	struct aged pro[5];
	struct aged theory[4];
};

/* clang-format off */
#define SENIOR_PRO { PRO("Đại học", 25), PRO("Thạc sĩ", 45), PRO("Tiến sĩ", 30) }
#define SENIOR_TH { TH("Cao cấp", 85), TH("Cử nhân", 15) }
#define MID_PRO { PRO("Đại học", 45), PRO("Thạc sĩ", 45), PRO("Tiến sĩ", 10) }
#define MID_TH { TH("Trung cấp", 60), TH("Cao cấp", 35), TH("Cử nhân", 5) }
#define EXP_PRO { PRO("Đại học", 68), PRO("Thạc sĩ", 30), PRO("Tiến sĩ", 2) }
#define EXP_TH { TH("Sơ cấp", 70), TH("Trung cấp", 25), TH(NULL, 5) }
#define LOW_TH { TH("Sơ cấp", 75), TH(NULL, 25) }

static const struct job jobs[] = {
	{ "Vụ trưởng", 42, SENIOR_PRO, SENIOR_TH },
	{ "Phó Vụ trưởng", 38, SENIOR_PRO, SENIOR_TH },
	{ "Chuyên viên cao cấp", 45, SENIOR_PRO, SENIOR_TH },
	{ "Giảng viên cao cấp", 45,
	    { PRO("Tiến sĩ", 85), PRO("Tiến sĩ khoa học", 15) }, SENIOR_TH },
	{ "Trưởng phòng", 35, MID_PRO, MID_TH },
	{ "Phó Trưởng phòng", 32, MID_PRO, MID_TH },
	{ "Chuyên viên chính", 33, MID_PRO, MID_TH },
	{ "Giảng viên chính", 35,
	    { PRO("Thạc sĩ", 55), PRO("Tiến sĩ", 45) }, MID_TH },
	{ "Chuyên viên", 23, EXP_PRO, EXP_TH },
	{ "Nghiên cứu viên", 23, EXP_PRO, EXP_TH },
	{ "Phóng viên", 23, EXP_PRO, EXP_TH },
	{ "Biên tập viên", 26, EXP_PRO, EXP_TH },
	{ "Kế toán viên", 23, EXP_PRO, EXP_TH },
	{ "Thanh tra viên", 28, EXP_PRO, EXP_TH },
	{ "Giảng viên", 24,
	    { PRO("Đại học", 15), PRO("Thạc sĩ", 70), PRO("Tiến sĩ", 15) },
	    EXP_TH },
	{ "Cán sự", 21,
	    { PRO("Cao đẳng", 50), PRO("Trung cấp", 30), PRO("Đại học", 20) },
	    LOW_TH },
	{ "Nhân viên", 20,
	    { PRO("Trung cấp", 40), PRO("Sơ cấp", 25), PRO("Cao đẳng", 10),
	        PRO(NULL, 25) },
	    LOW_TH },
	{ "Giáo viên", 22,
	    { PRO("Đại học", 75), PRO("Cao đẳng", 15), PRO("Thạc sĩ", 10) },
	    EXP_TH },
	{ "Bác sĩ", 24,
	    { PRO("Đại học", 60), PRO("Thạc sĩ", 30), PRO("Tiến sĩ", 10) },
	    EXP_TH },
	{ "Điều dưỡng", 20,
	    { PRO("Cao đẳng", 45), PRO("Trung cấp", 35), PRO("Đại học", 20) },
	    LOW_TH },
	{ "Kỹ sư", 22, { PRO("Đại học", 85), PRO("Thạc sĩ", 15) }, EXP_TH },
	{ "Cán bộ, công chức cấp xã", 22,
	    { PRO("Đại học", 60), PRO("Cao đẳng", 10), PRO("Trung cấp", 25),
	        PRO("Thạc sĩ", 5) },
	    { TH("Trung cấp", 60), TH("Sơ cấp", 35), TH("Cao cấp", 5) } },
	{ "Công nhân", 18,
	    { PRO(NULL, 55), PRO("Sơ cấp", 25), PRO("Trung cấp", 20) }, LOW_TH },
	{ "Nông dân", 18,
	    { PRO(NULL, 80), PRO("Sơ cấp", 12), PRO("Trung cấp", 8) }, LOW_TH },
	{ "Kinh doanh", 20,
	    { PRO(NULL, 40), PRO("Trung cấp", 20), PRO("Cao đẳng", 10),
	        PRO("Đại học", 30) },
	    LOW_TH },
	{ "Lực lượng vũ trang", 18,
	    { PRO(NULL, 25), PRO("Trung cấp", 30), PRO("Đại học", 40),
	        PRO("Thạc sĩ", 5) },
	    { TH("Sơ cấp", 60), TH("Trung cấp", 35), TH("Cao cấp", 5) } },
	{ "Nghỉ hưu", 55,
	    { PRO(NULL, 35), PRO("Trung cấp", 20), PRO("Cao đẳng", 5),
	        PRO("Đại học", 35), PRO("Thạc sĩ", 5) },
	    { TH("Sơ cấp", 55), TH("Trung cấp", 35), TH("Cao cấp", 10) } },
	{ "Khác", 18,
	    { PRO(NULL, 40), PRO("Trung cấp", 25), PRO("Cao đẳng", 10),
	        PRO("Đại học", 25) },
	    LOW_TH },
};

/* Job titles by workplace (weights), each held from its job's min_age. */
static const struct gen_weighted work_agency[] = {
	{ "Vụ trưởng", 2 }, { "Phó Vụ trưởng", 5 }, { "Trưởng phòng", 6 },
	{ "Phó Trưởng phòng", 8 }, { "Chuyên viên cao cấp", 4 },
	{ "Chuyên viên chính", 18 }, { "Chuyên viên", 36 }, { "Cán sự", 4 },
	{ "Nhân viên", 6 }, { "Kế toán viên", 4 }, { "Thanh tra viên", 3 },
	{ "Nghiên cứu viên", 4 },
};
static const struct gen_weighted work_academy[] = {
	{ "Giảng viên cao cấp", 5 }, { "Giảng viên chính", 20 },
	{ "Giảng viên", 34 }, { "Nghiên cứu viên", 10 },
	{ "Trưởng phòng", 5 }, { "Phó Trưởng phòng", 6 },
	{ "Chuyên viên", 14 }, { "Kế toán viên", 2 }, { "Nhân viên", 4 },
};
static const struct gen_weighted work_press[] = {
	{ "Phóng viên", 36 }, { "Biên tập viên", 24 }, { "Trưởng phòng", 6 },
	{ "Phó Trưởng phòng", 8 }, { "Chuyên viên", 12 },
	{ "Kế toán viên", 4 }, { "Nhân viên", 6 }, { "Kỹ sư", 4 },
};
static const struct gen_weighted work_village[] = {
	{ "Nông dân", 45 }, { "Công nhân", 10 }, { "Kinh doanh", 12 },
	{ "Giáo viên", 5 }, { "Cán bộ, công chức cấp xã", 10 },
	{ "Khác", 18 },
};
static const struct gen_weighted work_school[] = {
	{ "Giáo viên", 86 }, { "Nhân viên", 8 }, { "Kế toán viên", 3 },
	{ "Cán sự", 3 },
};
static const struct gen_weighted work_health[] = {
	{ "Bác sĩ", 38 }, { "Điều dưỡng", 44 }, { "Nhân viên", 10 },
	{ "Kế toán viên", 4 }, { "Cán sự", 4 },
};
static const struct gen_weighted work_uniform[] = {
	{ "Lực lượng vũ trang", 1 },
};
static const struct gen_weighted work_company[] = {
	{ "Công nhân", 48 }, { "Kỹ sư", 20 }, { "Nhân viên", 14 },
	{ "Kế toán viên", 6 }, { "Trưởng phòng", 6 },
	{ "Phó Trưởng phòng", 6 },
};
/* clang-format on */

static const struct {
	const struct gen_weighted *list;
	size_t n;
} works[GEN_WORK__MAX] = {
	[GEN_WORK_AGENCY] = { ARR(work_agency) },
	[GEN_WORK_ACADEMY] = { ARR(work_academy) },
	[GEN_WORK_PRESS] = { ARR(work_press) },
	[GEN_WORK_VILLAGE] = { ARR(work_village) },
	[GEN_WORK_SCHOOL] = { ARR(work_school) },
	[GEN_WORK_HEALTH] = { ARR(work_health) },
	[GEN_WORK_UNIFORM] = { ARR(work_uniform) },
	[GEN_WORK_COMPANY] = { ARR(work_company) },
};

static const struct job *
job_find(const char *title)
{
	size_t i;

	for (i = 0; i < GEN_COUNT(jobs); i++)
		if (strcmp(jobs[i].title, title) == 0)
			return &jobs[i];
	return &jobs[GEN_COUNT(jobs) - 1];
}

/* An item of list (n items at most, ended by a zero weight) open at
 * age; NULL when none is. */
static const char *
aged_pick(struct gen_rng *r, const struct aged *list, size_t n, int age,
    int (*min_age)(const char *))
{
	unsigned total = 0, x;
	size_t i;

	for (i = 0; i < n && list[i].w > 0; i++)
		if (age >= min_age(list[i].s))
			total += list[i].w;
	if (total == 0)
		return NULL;
	x = gen_below(r, total);
	for (i = 0; i < n && list[i].w > 0; i++) {
		if (age < min_age(list[i].s))
			continue;
		if (x < list[i].w)
			return list[i].s;
		x -= list[i].w;
	}
	return NULL;
}

int
gen_retirement_age(bool male)
{
	return male ? 61 : 57;
}

void
gen_profile(struct gen_rng *r, enum gen_work work, int age, bool male,
    int birth_year, struct gen_profile *ret)
{
	const struct job *j = NULL;
	int tries;

	if ((int)work < 0 || work >= GEN_WORK__MAX)
		work = GEN_WORK_VILLAGE;
	if (age >= gen_retirement_age(male))
		j = job_find("Nghỉ hưu");
	for (tries = 0; j == NULL && tries < 8; tries++) {
		const struct job *c = job_find(gen_pick_w(r, works[work].list,
		    works[work].n));

		if (age >= c->min_age)
			j = c;
	}
	if (j == NULL)
		j = job_find(works[work].list[0].s);
	if (age < j->min_age)
		j = job_find("Khác");
	ret->job_title = j->title;
	ret->professional = aged_pick(r, j->pro, GEN_COUNT(j->pro), age,
	    pro_min_age);
	ret->theory = aged_pick(r, j->theory, GEN_COUNT(j->theory), age,
	    theory_min_age);
	/* General education: the ten-year system of the North for most of
	 * those at school before 1980; lower secondary for some farmers. */
	if (birth_year < 1965 && gen_below(r, 3) != 0)
		ret->education = "10/10";
	else if (ret->professional == NULL && gen_below(r, 4) == 0)
		ret->education = "9/12";
	else
		ret->education = "12/12";
}
