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

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/text.h"

#define DEMO_DAY "2026-10-31"
#define DEMO_MEMBERS 500

/* ------------------------------------------------------------ random */

struct rng {
	uint64_t	s[4];
};

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
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

/* Uniform in [0, n). */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)((rng_next(r) >> 32) * n >> 32) : 0;
}

/* Uniform in [lo, hi]. */
static int
rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* An item of a weighted list (weights in any unit). */
struct weighted {
	const char	*s;
	unsigned	 w;
};

static const char *
rng_pick_w(struct rng *r, const struct weighted *list, size_t n)
{
	unsigned total = 0, x;
	size_t i;

	for (i = 0; i < n; i++)
		total += list[i].w;
	x = rng_below(r, total);
	for (i = 0; i < n; i++) {
		if (x < list[i].w)
			return list[i].s;
		x -= list[i].w;
	}
	return list[n - 1].s;
}

#define PICK(r, a) ((a)[rng_below((r), sizeof(a) / sizeof((a)[0]))])
#define PICK_W(r, a) rng_pick_w((r), (a), sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------- names */

/* Kinh family names in their approximate shares of the population
 * (per mille): Nguyễn about 38 %, Trần 11 %, Lê 9.5 %, ... */
static const struct weighted kinh_family[] = {
	{ "Nguyễn", 384 }, { "Trần", 121 }, { "Lê", 95 }, { "Phạm", 70 },
	{ "Hoàng", 31 }, { "Huỳnh", 20 }, { "Phan", 45 }, { "Vũ", 21 },
	{ "Võ", 18 }, { "Đặng", 21 }, { "Bùi", 20 }, { "Đỗ", 14 },
	{ "Hồ", 13 }, { "Ngô", 13 }, { "Dương", 10 }, { "Lý", 5 },
	{ "Đào", 9 }, { "Đoàn", 8 }, { "Trịnh", 8 }, { "Trương", 8 },
	{ "Đinh", 7 }, { "Lâm", 5 }, { "Phùng", 4 }, { "Mai", 5 },
	{ "Tô", 3 }, { "Hà", 6 }, { "Tạ", 3 }, { "Cao", 5 }, { "Lương", 5 },
	{ "Lại", 3 }, { "Chu", 3 }, { "Kiều", 2 }, { "Vương", 3 },
	{ "Quách", 2 }, { "Thái", 2 }, { "Tăng", 2 }, { "Khổng", 1 },
};

static const char *const male_middle[] = {
	"Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Ngọc", "Xuân",
	"Thanh", "Mạnh", "Công", "Đình", "Trọng", "Anh", "Quốc", "Tuấn",
	"Duy", "Bá", "Tiến", "Việt", "Hoàng", "Hồng", "Thế",
};

static const char *const female_middle[] = {
	"Thị", "Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Thúy", "Hồng",
	"Minh", "Phương", "Bích", "Kim", "Hải", "Diệu", "Quỳnh", "Lan",
	"Thùy", "Mỹ", "Khánh",
};

static const char *const male_given[] = {
	"Anh", "Bảo", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Đức", "Giang",
	"Hải", "Hiếu", "Hòa", "Hoàng", "Hùng", "Huy", "Khánh", "Khoa",
	"Kiên", "Lâm", "Long", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong",
	"Phúc", "Quang", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Tiến",
	"Toàn", "Trung", "Tú", "Tuấn", "Việt", "Vinh", "Vũ", "Hưng", "Lộc",
	"Thịnh", "Hiệp", "Chiến", "Tùng", "Định", "Khải",
};

static const char *const female_given[] = {
	"Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền",
	"Hoa", "Hồng", "Huế", "Hương", "Huyền", "Lan", "Liên", "Linh",
	"Loan", "Mai", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên",
	"Quỳnh", "Tâm", "Thảo", "Thu", "Thủy", "Trang", "Tuyết", "Uyên",
	"Vân", "Yến", "Nga", "Hoài", "Thoa", "Duyên", "Lý",
};

/* A people: its share of the demo membership, its family names, its
 * middle and given names where they differ from the Kinh ones, and the
 * (pre-2025) provinces its members come from, by citizen-ID code. */
struct people {
	const char		*name;		/* as in the rulebook's list */
	unsigned		 weight;
	const char *const	*family;
	size_t			 nfamily;
	const char *const	*male_mid;	/* NULL: Kinh lists */
	size_t			 nmale_mid;
	const char *const	*male_given;	/* NULL: Kinh lists */
	size_t			 nmale_given;
	const char *const	*female_given;
	size_t			 nfemale_given;
	const int		*provinces;
	size_t			 nprovinces;
	const char		*religion;	/* the usual one, or "Không" */
};

#define ARR(a) a, sizeof(a) / sizeof((a)[0])

static const char *const tay_family[] = { "Hoàng", "Nông", "Lương", "Hà",
	"Ma", "Lục", "Triệu", "Bế", "Đàm", "Lưu" };
static const char *const thai_family[] = { "Lò", "Cầm", "Lường", "Quàng",
	"Điêu", "Hà", "Vi", "Lê", "Tòng" };
static const char *const muong_family[] = { "Bùi", "Đinh", "Quách", "Hà",
	"Xa", "Bạch" };
static const char *const nung_family[] = { "Nông", "Hoàng", "Lăng", "Chu",
	"Vy", "Lộc", "Mông" };
static const char *const khmer_family[] = { "Thạch", "Danh", "Sơn", "Kim",
	"Lâm", "Chau", "Lý" };
static const char *const mong_family[] = { "Giàng", "Sùng", "Vàng", "Thào",
	"Lý", "Mùa", "Hầu", "Lầu" };
static const char *const dao_family[] = { "Triệu", "Bàn", "Đặng", "Lý",
	"Chảo", "Phùn" };
static const char *const hoa_family[] = { "Lý", "Trương", "Lâm", "Quách",
	"Hứa", "Tăng", "Mạc" };
static const char *const chams_family[] = { "Đàng", "Thông", "Quảng",
	"Lưu", "Thiên", "Trượng" };
static const char *const sandiu_family[] = { "Diệp", "Lâm", "Lê", "Trần",
	"Đồng" };

static const char *const mong_mid[] = { "A", "Seo", "Mí", "Văn", "A" };
static const char *const mong_male[] = { "Páo", "Dìa", "Chứ", "Sử", "Pháy",
	"Lử", "Sính", "Tráng", "Dế", "Chía" };
static const char *const mong_female[] = { "Mai", "Dua", "Pà", "Chở", "Súa",
	"Mỷ", "Dợ", "Say" };
static const char *const khmer_mid[] = { "Sô", "Sà", "Chanh", "Sóc", "Ra",
	"Sa" };
static const char *const khmer_male[] = { "Phal", "Rinh", "Đa", "Kha",
	"Vơn", "Thươl", "Ny", "Sóc" };
static const char *const khmer_female[] = { "Ni", "Phên", "Ry", "Thi",
	"Mây", "Sươl", "Đa" };

static const int p_kinh[] = { 1, 1, 1, 26, 27, 30, 31, 33, 34, 35, 36, 37,
	38, 40, 42, 22, 24, 25, 19, 79, 48, 46, 52 };
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

static const struct people peoples[] = {
	{ "Kinh", 660, NULL, 0, NULL, 0, NULL, 0, NULL, 0, ARR(p_kinh),
	    "Không" },
	{ "Tày", 80, ARR(tay_family), NULL, 0, NULL, 0, NULL, 0, ARR(p_tay),
	    "Không" },
	{ "Thái", 60, ARR(thai_family), NULL, 0, NULL, 0, NULL, 0,
	    ARR(p_thai), "Không" },
	{ "Mường", 50, ARR(muong_family), NULL, 0, NULL, 0, NULL, 0,
	    ARR(p_muong), "Không" },
	{ "Nùng", 35, ARR(nung_family), NULL, 0, NULL, 0, NULL, 0,
	    ARR(p_nung), "Không" },
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
};

/* Citizen-ID province codes (before the 2025 merger) and their names,
 * for the place of birth and the home town. */
static const struct {
	int		 code;
	const char	*name;
} provinces[] = {
	{ 1, "Hà Nội" }, { 2, "Hà Giang" }, { 4, "Cao Bằng" },
	{ 6, "Bắc Kạn" }, { 8, "Tuyên Quang" }, { 10, "Lào Cai" },
	{ 11, "Điện Biên" }, { 12, "Lai Châu" }, { 14, "Sơn La" },
	{ 15, "Yên Bái" }, { 17, "Hòa Bình" }, { 19, "Thái Nguyên" },
	{ 20, "Lạng Sơn" }, { 22, "Quảng Ninh" }, { 24, "Bắc Giang" },
	{ 25, "Phú Thọ" }, { 26, "Vĩnh Phúc" }, { 27, "Bắc Ninh" },
	{ 30, "Hải Dương" }, { 31, "Hải Phòng" }, { 33, "Hưng Yên" },
	{ 34, "Thái Bình" }, { 35, "Hà Nam" }, { 36, "Nam Định" },
	{ 37, "Ninh Bình" }, { 38, "Thanh Hóa" }, { 40, "Nghệ An" },
	{ 42, "Hà Tĩnh" }, { 46, "Thừa Thiên Huế" }, { 48, "Đà Nẵng" },
	{ 52, "Bình Định" }, { 58, "Ninh Thuận" }, { 60, "Bình Thuận" },
	{ 79, "Thành phố Hồ Chí Minh" }, { 84, "Trà Vinh" },
	{ 89, "An Giang" }, { 91, "Kiên Giang" }, { 94, "Sóc Trăng" },
};

static const char *
province_name(int code)
{
	size_t i;

	for (i = 0; i < sizeof(provinces) / sizeof(provinces[0]); i++)
		if (provinces[i].code == code)
			return provinces[i].name;
	return "Hà Nội";
}

/* ------------------------------------------------------ organisations */

struct unit {
	const char	*name;
	const char	*code;
	const char	*cells[7];	/* NULL-terminated; none: a grassroots
					 * cell (chi bộ cơ sở) */
};

static const struct unit units[] = {
	{ "Đảng bộ Văn phòng Bộ", "VP", { "Phòng Hành chính", "Phòng Tổng hợp",
	    "Phòng Quản trị", "Phòng Tài vụ", "Đội Xe", NULL } },
	{ "Đảng bộ Ban Tôn giáo Chính phủ", "BTG", { "Vụ Phật giáo",
	    "Vụ Công giáo và Tin lành", "Vụ Các tôn giáo khác",
	    "Văn phòng Ban", "Vụ Tổng hợp", "Vụ Chính sách tôn giáo",
	    NULL } },
	{ "Đảng bộ Học viện Dân tộc", "HVDT", { "Khoa Dân tộc học",
	    "Khoa Chính sách dân tộc", "Khoa Lý luận cơ sở", "Phòng Đào tạo",
	    "Phòng Quản lý khoa học", "Văn phòng Học viện", NULL } },
	{ "Đảng bộ Báo Dân tộc và Phát triển", "BDTPT", { "Ban Thời sự",
	    "Ban Kinh tế", "Ban Báo điện tử", "Ban Trị sự",
	    "Văn phòng Tòa soạn", NULL } },
	{ "Đảng bộ Trường Cán bộ dân tộc", "TCBDT", { "Khoa Bồi dưỡng",
	    "Phòng Đào tạo", "Phòng Hành chính - Tổng hợp", "Khoa Ngoại ngữ",
	    NULL } },
	{ "Đảng bộ Trung tâm Thông tin", "TTTT", { "Phòng Công nghệ thông tin",
	    "Phòng Cơ sở dữ liệu", "Phòng Hành chính", "Phòng Truyền thông",
	    NULL } },
	{ "Chi bộ Vụ Tổ chức cán bộ", "VTCCB", { NULL } },
	{ "Chi bộ Vụ Kế hoạch - Tài chính", "VKHTC", { NULL } },
	{ "Chi bộ Thanh tra Bộ", "TTB", { NULL } },
	{ "Chi bộ Vụ Pháp chế", "VPC", { NULL } },
	{ "Chi bộ Vụ Hợp tác quốc tế", "VHTQT", { NULL } },
	{ "Chi bộ Vụ Chính sách dân tộc", "VCSDT", { NULL } },
	{ "Chi bộ Vụ Địa phương", "VDP", { NULL } },
	{ "Chi bộ Vụ Tuyên truyền", "VTT", { NULL } },
	{ "Chi bộ Tạp chí Dân tộc", "TCDT", { NULL } },
	{ "Chi bộ Trung tâm Kiểm định và Tư vấn", "TTKD", { NULL } },
};

#define NUNITS (sizeof(units) / sizeof(units[0]))
#define MAX_CELLS 64

static const char *const job_titles[] = {
	"Chuyên viên", "Chuyên viên", "Chuyên viên", "Chuyên viên chính",
	"Chuyên viên chính", "Chuyên viên cao cấp", "Phó Trưởng phòng",
	"Trưởng phòng", "Phó Vụ trưởng", "Vụ trưởng", "Giảng viên",
	"Giảng viên chính", "Phóng viên", "Biên tập viên", "Kế toán viên",
	"Nghiên cứu viên", "Thanh tra viên", "Cán sự", "Nhân viên lái xe",
};

static const struct weighted professional[] = {
	{ "Cử nhân", 55 }, { "Thạc sĩ", 28 }, { "Tiến sĩ", 7 },
	{ "Kỹ sư", 5 }, { "Cao đẳng", 3 }, { "Trung cấp", 2 },
};

static const struct weighted theory[] = {
	{ "Sơ cấp", 35 }, { "Trung cấp", 40 }, { "Cao cấp", 22 },
	{ "Cử nhân", 3 },
};

/* One account per role.  The passwords are for trying chibo on a
 * laptop: change them (chibo user passwd) before anyone else can reach
 * the server. */
const struct demo_account demo_accounts[] = {
	{ "admin", "demo-admin-2026", "admin", "DB-BDTTG",
	    "Quản trị hệ thống" },
	{ "vanphong", "demo-vanphong-2026", "office", "DB-BDTTG",
	    "Văn phòng Đảng ủy" },
	{ "ubkt", "demo-ubkt-2026", "inspection", "DB-BDTTG",
	    "Ủy ban Kiểm tra Đảng ủy" },
	{ "bithu", "demo-bithu-2026", "secretary", "CB-VP-1",
	    "Bí thư Chi bộ Phòng Hành chính" },
	{ "dangvien", "demo-dangvien-2026", "member", "CB-VP-1",
	    "Đảng viên Chi bộ Phòng Hành chính" },
	{ "captren", "demo-captren-2026", "viewer", "DB-BDTTG",
	    "Cấp ủy cấp trên (chỉ xem)" },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* --------------------------------------------------------- the build */

struct demo {
	struct svc	*s;
	struct rng	 r;
	struct date	 day;		/* the reference day */
	int64_t		 cells[MAX_CELLS];
	size_t		 ncells;
	int64_t		 next_card;
	char		**emails;	/* taken, for uniqueness */
	size_t		 nemails;
	char		**cids;
	size_t		 ncids;
	struct demo_report rep;
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
	for (i = 0; i < NUNITS; i++) {
		const struct unit *u = &units[i];
		bool cellular = u->cells[0] == NULL;

		snprintf(code, sizeof(code), "%s-%s", cellular ? "CBCS" :
		    "DBCS", u->code);
		if ((rc = make_org(d, cellular ? ORG_GRASSROOTS_CELL :
		    ORG_GRASSROOTS, u->name, code, root, "2025-03-01",
		    "05-QĐ/ĐU", &unit, err)) != 0)
			return rc;
		if (cellular) {
			if (d->ncells < MAX_CELLS)
				d->cells[d->ncells++] = unit;
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
			if (d->ncells < MAX_CELLS)
				d->cells[d->ncells++] = cell;
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
	for (w = strtok_r(f, " ", &save); w && n < 8; w = strtok_r(NULL, " ",
	    &save))
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

static char *
dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
dupf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

static const struct people *
pick_people(struct rng *r)
{
	unsigned total = 0, x;
	size_t i, n = sizeof(peoples) / sizeof(peoples[0]);

	for (i = 0; i < n; i++)
		total += peoples[i].weight;
	x = rng_below(r, total);
	for (i = 0; i < n; i++) {
		if (x < peoples[i].weight)
			return &peoples[i];
		x -= peoples[i].weight;
	}
	return &peoples[0];
}

static char *
make_name(struct rng *r, const struct people *p, bool male)
{
	const char *family, *mid, *given;

	family = p->family ? p->family[rng_below(r, (uint32_t)p->nfamily)] :
	    PICK_W(r, kinh_family);
	if (male && p->male_mid)
		mid = p->male_mid[rng_below(r, (uint32_t)p->nmale_mid)];
	else
		mid = male ? PICK(r, male_middle) : PICK(r, female_middle);
	if (male && p->male_given)
		given = p->male_given[rng_below(r, (uint32_t)p->nmale_given)];
	else if (!male && p->female_given)
		given = p->female_given[rng_below(r,
		    (uint32_t)p->nfemale_given)];
	else
		given = male ? PICK(r, male_given) : PICK(r, female_given);
	/* One name in four has a second middle name. */
	if (p->male_mid == NULL && rng_below(r, 4) == 0) {
		const char *mid2 = male ? PICK(r, male_middle) :
		    PICK(r, female_middle);

		if (strcmp(mid2, mid) != 0 && strcmp(mid2, given) != 0 &&
		    strcmp(mid2, "Thị") != 0 && strcmp(mid2, "Văn") != 0)
			return dupf("%s %s %s %s", family, mid, mid2, given);
	}
	return dupf("%s %s %s", family, mid, given);
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
		    b->y % 100, rng_below(&d->r, 1000000));
	while (taken(d->cids, d->ncids, id));
	remember(&d->cids, &d->ncids, id);
	return strdup(id);
}

static int
make_member(struct demo *d, int64_t cell, bool want_official,
    struct cb_error *err)
{
	struct rng *r = &d->r;
	const struct people *p = pick_people(r);
	bool male = rng_below(r, 100) < 52;
	struct member m;
	struct date birth, dec, adm, off, ex;
	int age_years, adm_age_months, province;
	int64_t span;
	int rc;

	member_init(&m);
	/* Working ages 23..59 on the reference day, a few retired-age. */
	age_years = rng_range(r, 23, 59);
	if (rng_below(r, 50) == 0)
		age_years = rng_range(r, 60, 68);
	birth = date_add_months(&d->day, -(age_years * 12 +
	    rng_range(r, 0, 11)));
	birth = date_add_days(&birth, -rng_range(r, 0, 27));
	/* Admitted between 19 and 40, and not after the reference day. */
	adm_age_months = rng_range(r, 19 * 12, 40 * 12);
	adm = date_add_months(&birth, adm_age_months);
	if (!want_official) {
		/* Probationary: admitted within the last 11 months, young
		 * enough to be admitted without special approval. */
		if (age_years > 50) {
			age_years = rng_range(r, 23, 45);
			birth = date_add_months(&d->day, -(age_years * 12 +
			    rng_range(r, 0, 11)));
		}
		adm = date_add_days(&d->day, -rng_range(r, 20, 330));
		if (date_month_diff(&birth, &adm) < 19 * 12)
			birth = date_add_months(&adm, -(19 * 12 +
			    rng_range(r, 0, 60)));
	} else {
		span = date_to_days(&d->day) - 400;
		if (date_to_days(&adm) > span)
			adm = date_from_days(span - rng_range(r, 0, 2000));
		if (date_month_diff(&birth, &adm) < 19 * 12)
			adm = date_add_months(&birth, 19 * 12 + 6);
	}
	dec = date_add_days(&adm, -rng_range(r, 5, 25));
	off = date_add_months(&adm, 12);
	province = p->provinces[rng_below(r, (uint32_t)p->nprovinces)];

	m.full_name = make_name(r, p, male);
	m.gender = male ? GENDER_MALE : GENDER_FEMALE;
	date_format_iso(&birth, m.birth_date);
	m.birthplace = strdup(province_name(province));
	m.hometown = strdup(province_name(rng_below(r, 4) == 0 ?
	    p->provinces[rng_below(r, (uint32_t)p->nprovinces)] : province));
	m.ethnicity = strdup(p->name);
	m.religion = strdup(rng_below(r, 12) == 0 && strcmp(p->religion,
	    "Không") == 0 ? (rng_below(r, 2) ? "Phật giáo" : "Công giáo") :
	    p->religion);
	m.citizen_id = make_citizen_id(d, province, male, &birth);
	m.card_no = want_official ? dupf("%08lld", (long long)d->next_card++)
	    : NULL;
	m.dossier_no = dupf("%06u", 100000 + rng_below(r, 900000));
	date_format_iso(&dec, m.admission_decision_date);
	date_format_iso(&adm, m.admitted_on);
	m.status = want_official ? MSTATUS_OFFICIAL : MSTATUS_PROBATIONARY;
	if (want_official)
		date_format_iso(&off, m.official_on);
	/* A few members exempted from Party work (illness, maternity). */
	if (want_official && rng_below(r, 120) == 0) {
		ex = date_add_days(&d->day, -rng_range(r, 30, 700));
		if (date_cmp(&ex, &off) > 0)
			date_format_iso(&ex, m.exempt_since);
	}
	m.org_id = cell;
	m.job_title = strdup(age_years >= 60 ? "Nghỉ hưu" : PICK(r,
	    job_titles));
	m.education = strdup("12/12");
	m.professional_level = strdup(PICK_W(r, professional));
	m.theory_level = strdup(PICK_W(r, theory));
	m.phone = dupf("0%d%07u", PICK(r, ((const int[]){ 90, 91, 98, 97,
	    96, 88, 86, 35, 36, 39, 83, 84 })), rng_below(r, 10000000));
	m.email = make_email(d, m.full_name);
	if (m.full_name == NULL || m.birthplace == NULL || m.hometown == NULL ||
	    m.ethnicity == NULL || m.religion == NULL || m.citizen_id == NULL ||
	    m.dossier_no == NULL || m.job_title == NULL || m.education == NULL ||
	    m.professional_level == NULL || m.theory_level == NULL ||
	    m.phone == NULL || (want_official && m.card_no == NULL))
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
		struct member_query q = { .sort = MSORT_ID, .limit = 2,
		    .state = MSTATE_ACTIVE };
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
svc_demo(struct svc *s, uint64_t seed, struct demo_report *ret,
    struct cb_error *err)
{
	struct org_query q = { .include_closed = true, .limit = 1 };
	struct org_list existing = { 0 };
	struct demo d;
	size_t i, k;
	int rc;

	memset(&d, 0, sizeof(d));
	d.s = s;
	rng_seed(&d.r, seed);
	date_parse_iso(strcmp(s->today, DEMO_DAY) < 0 ? s->today : DEMO_DAY,
	    &d.day);
	d.next_card = 10000000 + (int64_t)rng_below(&d.r, 80000000);
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
			total += sizes[i] = rng_range(&d.r, 5, 20);
		while (d.ncells > 0 && total != DEMO_MEMBERS) {
			i = rng_below(&d.r, (uint32_t)d.ncells);
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
				rc = make_member(&d, d.cells[i], k < 3 ||
				    rng_below(&d.r, 100) >= 4, err);
	}
	if (rc == 0)
		rc = build_accounts(&d, err);
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
