/* stats.c - see stats.h. */
#include "core/stats.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/text.h"

#include "util/banned.h"

static const char *const theory_names[THEORY__MAX] = {
	[THEORY_NONE] = "none",
	[THEORY_ELEMENTARY] = "elementary",
	[THEORY_INTERMEDIATE] = "intermediate",
	[THEORY_ADVANCED] = "advanced",
	[THEORY_BACHELOR] = "bachelor",
	[THEORY_OTHER] = "other",
};

static const char *const theory_vi[THEORY__MAX] = {
	[THEORY_NONE] = "Chưa có",
	[THEORY_ELEMENTARY] = "Sơ cấp",
	[THEORY_INTERMEDIATE] = "Trung cấp",
	[THEORY_ADVANCED] = "Cao cấp",
	[THEORY_BACHELOR] = "Cử nhân",
	[THEORY_OTHER] = "Khác",
};

static const char *const theory_en[THEORY__MAX] = {
	[THEORY_NONE] = "None",
	[THEORY_ELEMENTARY] = "Elementary",
	[THEORY_INTERMEDIATE] = "Intermediate",
	[THEORY_ADVANCED] = "Advanced",
	[THEORY_BACHELOR] = "Bachelor",
	[THEORY_OTHER] = "Other",
};

const char *
theory_level_name(enum theory_level t)
{
	if ((int)t < 0 || t >= THEORY__MAX)
		return NULL;
	return theory_names[t];
}

const char *
theory_level_label_vi(enum theory_level t)
{
	if ((int)t < 0 || t >= THEORY__MAX)
		return NULL;
	return theory_vi[t];
}

const char *
theory_level_label_en(enum theory_level t)
{
	if ((int)t < 0 || t >= THEORY__MAX)
		return NULL;
	return theory_en[t];
}

/* In enum stat_col order (a unit test checks it against the enum). */
static const char *const col_names[STAT__MAX] = {
	"members",
	"official",
	"probationary",
	"male",
	"female",
	"exempted",
	"age_0",
	"age_1",
	"age_2",
	"age_3",
	"age_4",
	"age_5",
	"age_6",
	"age_7",
	"age_unknown",
	"theory_none",
	"theory_elementary",
	"theory_intermediate",
	"theory_advanced",
	"theory_bachelor",
	"theory_other",
	"org_central",
	"org_province",
	"org_upper_grassroots",
	"org_grassroots",
	"org_grassroots_cell",
	"org_sub_committee",
	"org_cell",
	"org_group",
};

const char *
stat_col_name(enum stat_col c)
{
	if ((int)c < 0 || c >= STAT__MAX)
		return NULL;
	return col_names[c];
}

/* ------------------------------------------------------ theory level */

/* True if word w (folded, ASCII) occurs in s as whole words. */
static bool
has_words(const char *s, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = s; (p = strstr(p, w)) != NULL; p++) {
		bool start = p == s ||
		    !((p[-1] >= 'a' && p[-1] <= 'z') ||
		        (p[-1] >= '0' && p[-1] <= '9'));
		char e = p[n];
		bool end = !((e >= 'a' && e <= 'z') || (e >= '0' && e <= '9'));

		if (start && end)
			return true;
	}
	return false;
}

/* True if s, without its leading non-letters, starts with word w. */
static bool
starts_with_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	while (*s != '\0' && !(*s >= 'a' && *s <= 'z') &&
	    !(*s >= '0' && *s <= '9'))
		s++;
	return strncmp(s, w, n) == 0 &&
	    !((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9'));
}

enum theory_level
stats_theory_level(const char *text)
{
	static const struct {
		const char *words;
		enum theory_level t;
	} map[] = {
		{ "cu nhan", THEORY_BACHELOR },
		{ "cn", THEORY_BACHELOR },
		{ "bachelor", THEORY_BACHELOR },
		{ "cao cap", THEORY_ADVANCED },
		{ "cc", THEORY_ADVANCED },
		{ "advanced", THEORY_ADVANCED },
		{ "trung cap", THEORY_INTERMEDIATE },
		{ "tc", THEORY_INTERMEDIATE },
		{ "intermediate", THEORY_INTERMEDIATE },
		{ "so cap", THEORY_ELEMENTARY },
		{ "sc", THEORY_ELEMENTARY },
		{ "elementary", THEORY_ELEMENTARY },
	};
	static const char *const none[] = { "chua", "khong", "none", "no" };
	enum theory_level t = THEORY_OTHER;
	bool letters = false;
	const char *p;
	char *f;
	size_t i;

	if (text == NULL)
		return THEORY_NONE;
	for (p = text; *p != '\0'; p++)
		if (!(*p == ' ' || *p == '\t' || *p == '-' || *p == '.' ||
		        *p == '/' || *p == '_'))
			letters = true;
	if (!letters)
		return THEORY_NONE;
	/* Malformed text (never stored: the store checks UTF-8) is other. */
	if ((f = text_fold(text)) == NULL)
		return THEORY_OTHER;
	for (i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		if (starts_with_word(f, none[i]))
			t = THEORY_NONE;
	for (i = 0; t == THEORY_OTHER && i < sizeof(map) / sizeof(map[0]); i++)
		if (has_words(f, map[i].words))
			t = map[i].t;
	free(f);
	return t;
}

/* ------------------------------------------------------------ bands */

int
stats_bands_from_value(const struct rule_value *v, struct stats_bands *ret)
{
	struct stats_bands b;
	size_t i;

	memset(&b, 0, sizeof(b));
	memset(ret, 0, sizeof(*ret));
	if (v == NULL || v->type != RV_LIST || v->nitems < 1 ||
	    v->nitems > STATS_EDGES_MAX)
		return -CB_EINVAL;
	for (i = 0; i < v->nitems; i++) {
		const char *s = v->items[i];
		char *end;
		long e;

		if (s == NULL || s[0] < '0' || s[0] > '9')
			return -CB_EINVAL;
		errno = 0;
		e = strtol(s, &end, 10);
		if (errno != 0 || *end != '\0' || e < 1 || e > 150 ||
		    (i > 0 && e <= b.edges[i - 1]))
			return -CB_EINVAL;
		b.edges[i] = (int)e;
	}
	b.n = v->nitems;
	*ret = b;
	return 0;
}

void
stats_bands_format(const struct stats_bands *b, char *out, size_t len)
{
	size_t i, o = 0;

	if (len == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < b->n && o < len; i++) {
		int w = snprintf(out + o, len - o, "%s%d", i ? "," : "",
		    b->edges[i]);

		if (w < 0)
			break;
		o += (size_t)w;
	}
}

int
stats_bands_parse(const char *s, struct stats_bands *ret)
{
	struct stats_bands b;
	const char *p = s;

	memset(&b, 0, sizeof(b));
	memset(ret, 0, sizeof(*ret));
	if (s == NULL)
		return -CB_EINVAL;
	while (*p != '\0') {
		char *end;
		long e;

		if (b.n == STATS_EDGES_MAX || *p < '0' || *p > '9')
			return -CB_EINVAL;
		errno = 0;
		e = strtol(p, &end, 10);
		if (errno != 0 || e < 1 || e > 150 ||
		    (b.n > 0 && e <= b.edges[b.n - 1]) ||
		    (*end != ',' && *end != '\0'))
			return -CB_EINVAL;
		b.edges[b.n++] = (int)e;
		p = *end == ',' ? end + 1 : end;
		if (*end == ',' && *p == '\0')
			return -CB_EINVAL;
	}
	*ret = b;
	return 0;
}

bool
stats_bands_equal(const struct stats_bands *a, const struct stats_bands *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->edges[i] != b->edges[i])
			return false;
	return true;
}

void
stats_band_label(const struct stats_bands *b, size_t i, char *out, size_t len)
{
	if (len == 0)
		return;
	out[0] = '\0';
	if (i > b->n)
		return;
	if (b->n == 0)
		snprintf(out, len, "all");
	else if (i == 0)
		snprintf(out, len, "<%d", b->edges[0]);
	else if (i == b->n)
		snprintf(out, len, "%d+", b->edges[i - 1]);
	else
		snprintf(out, len, "%d-%d", b->edges[i - 1], b->edges[i] - 1);
}

/* ------------------------------------------------------------- ages */

int
stats_age(const char *birth, const char *on, int *ret)
{
	struct date b, d;
	int age;

	if (birth == NULL || on == NULL || date_parse_iso(birth, &b) != 0 ||
	    date_parse_iso(on, &d) != 0)
		return -CB_EINVAL;
	age = d.y - b.y;
	if (d.m < b.m || (d.m == b.m && d.d < b.d))
		age--;
	*ret = age;
	return 0;
}

int
stats_age_band(const struct stats_bands *b, const char *birth, const char *on)
{
	int age, band = 0;
	size_t i;

	if (birth == NULL || birth[0] == '\0' || stats_age(birth, on, &age))
		return -1;
	for (i = 0; i < b->n; i++)
		if (age >= b->edges[i])
			band = (int)i + 1;
	return band;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
stats_cutoff(const char *on, int age, char out[DATE_LEN])
{
	struct date d;
	int y, day;

	if (on == NULL || date_parse_iso(on, &d) != 0)
		return -CB_EINVAL;
	y = d.y - age;
	day = d.d;
	if (d.m == 2 && d.d == 29 && !leap(y))
		day = 28;
	/* Years before 1900 are fine here: only compared, never judged. */
	snprintf(out, DATE_LEN, "%04d-%02d-%02d", y < 0 ? 0 : y % 10000, d.m,
	    day);
	return 0;
}

/* ----------------------------------------------------------- vectors */

bool
stats_member_counts(const struct member *m)
{
	return m->state == MSTATE_ACTIVE && m->org_id != 0;
}

void
stats_add_member(struct stat_vec *v, const struct member *m,
    const struct stats_bands *b, const char *on, int sign)
{
	int band;

	if (!stats_member_counts(m))
		return;
	v->v[STAT_MEMBERS] += sign;
	if (m->status == MSTATUS_OFFICIAL)
		v->v[STAT_OFFICIAL] += sign;
	else if (m->status == MSTATUS_PROBATIONARY)
		v->v[STAT_PROBATIONARY] += sign;
	if (m->gender == GENDER_MALE)
		v->v[STAT_MALE] += sign;
	else if (m->gender == GENDER_FEMALE)
		v->v[STAT_FEMALE] += sign;
	if (m->exempt_since[0] != '\0')
		v->v[STAT_EXEMPTED] += sign;
	band = stats_age_band(b, m->birth_date, on);
	if (band < 0)
		v->v[STAT_AGE_UNKNOWN] += sign;
	else
		v->v[STAT_AGE_0 + band] += sign;
	v->v[STAT_THEORY_0 + stats_theory_level(m->theory_level)] += sign;
}

void
stats_add_org(struct stat_vec *v, enum org_kind k, bool open, int sign)
{
	if (!open || k <= ORG_KIND_NONE || k >= ORG_KIND__MAX)
		return;
	v->v[STAT_ORG_0 + (k - 1)] += sign;
}

bool
stat_vec_is_zero(const struct stat_vec *v)
{
	size_t i;

	for (i = 0; i < STAT__MAX; i++)
		if (v->v[i] != 0)
			return false;
	return true;
}

/* ----------------------------------------------------------- figures */

void
org_stats_init(struct org_stats *s)
{
	memset(s, 0, sizeof(*s));
}

void
org_stats_release(struct org_stats *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->neth; i++)
		free(s->eth[i].name);
	free(s->eth);
	org_stats_init(s);
}
