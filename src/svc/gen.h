/*
 * gen.h - the demo data generators: a seeded random generator
 * (xoshiro256**), Vietnamese names in their real proportions, the peoples
 * and provinces, and the national-scale walk of the Party's organisation
 * tree.  Shared by the agency demo (demo.c) and the national one
 * (gen-national.c); nothing here touches the database.
 *
 * Determinism: the same seed gives the same data on every machine (no
 * floating point, no clock, no hash order).  The national walk draws each
 * commune from a stream of its own (gen_rng_derive), so that a later kind
 * of data (meetings, evaluations, inspections) adds a stream of its own
 * instead of shifting the draws of what exists.
 */
#ifndef CHIBO_SVC_GEN_H
#define CHIBO_SVC_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "util/err.h"

/* ------------------------------------------------------------ random */

struct gen_rng {
	uint64_t s[4];
};

void gen_rng_seed(struct gen_rng *r, uint64_t seed);
/* A stream of its own for (seed, tag, index): tags name the kind of data
 * ("members", "meetings", ...), index the place in the tree. */
void gen_rng_derive(struct gen_rng *r, uint64_t seed, const char *tag,
    uint64_t index);
uint64_t gen_rng_next(struct gen_rng *r);
/* Uniform in [0, n). */
uint32_t gen_below(struct gen_rng *r, uint32_t n);
/* Uniform in [lo, hi]. */
int gen_range(struct gen_rng *r, int lo, int hi);

/* An item of a weighted list (weights in any unit). */
struct gen_weighted {
	const char *s;
	unsigned w;
};
const char *
gen_pick_w(struct gen_rng *r, const struct gen_weighted *list, size_t n);

#define GEN_COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define GEN_PICK(r, a) ((a)[gen_below((r), GEN_COUNT(a))])
#define GEN_PICK_W(r, a) gen_pick_w((r), (a), GEN_COUNT(a))

/* A malloc'd printf; NULL when out of memory. */
char *gen_dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ------------------------------------------------------------- people */

/* The peoples the generators know, by their index in gen_peoples. */
enum gen_people_id {
	GEN_KINH = 0,
	GEN_TAY,
	GEN_THAI,
	GEN_MUONG,
	GEN_NUNG,
	GEN_KHMER,
	GEN_MONG,
	GEN_DAO,
	GEN_HOA,
	GEN_CHAM,
	GEN_SANDIU,
	GEN_GIARAI,
	GEN_EDE,
	GEN_PEOPLE__MAX
};

/* A people: its share of the agency demo's membership, its family names,
 * its middle and given names where they differ from the Kinh ones, and
 * the (pre-2025) provinces its members come from, by citizen-ID code. */
struct gen_people {
	const char *name;          /* as in the rulebook's list */
	unsigned weight;           /* the agency demo's share */
	const char *const *family; /* NULL: Kinh family names */
	size_t nfamily;
	const char *const *male_mid; /* NULL: Kinh lists */
	size_t nmale_mid;
	const char *const *male_given; /* NULL: Kinh lists */
	size_t nmale_given;
	const char *const *female_given;
	size_t nfemale_given;
	const int *provinces;
	size_t nprovinces;
	const char *religion; /* the usual one, or "Không" */
	bool family_last;     /* "Y Bhin Niê": given name,
			       * then the family name */
};

extern const struct gen_people gen_peoples[GEN_PEOPLE__MAX];

/* A people by the agency demo's weights. */
const struct gen_people *gen_people_pick(struct gen_rng *r);
/* A people by weights[GEN_PEOPLE__MAX] (per mille, any unit). */
const struct gen_people *
gen_people_pick_w(struct gen_rng *r, const unsigned *weights);
/* A full name (malloc'd): family, middle (some women's "Thị" names have
 * two), given, with no syllable twice; NULL when out of memory. */
char *gen_name(struct gen_rng *r, const struct gen_people *p, bool male);
/* True if a word of name occurs twice (case-insensitive). */
bool gen_name_repeats(const char *name);

/* The name of a (pre-2025) province by its citizen-ID code ("Hà Nội" for
 * an unknown one). */
const char *gen_province_name(int code);
/* The 63 citizen-ID province codes, in order. */
extern const int gen_province_codes[];
extern const size_t gen_nprovince_codes;

/* ----------------------------------------------------------- profiles */

/* Where a member works: the mix of job titles it draws from. */
enum gen_work {
	GEN_WORK_AGENCY = 0, /* a ministry's departments */
	GEN_WORK_ACADEMY,    /* teaching and research */
	GEN_WORK_PRESS,      /* a newspaper, a journal */
	GEN_WORK_VILLAGE,    /* a village or street cell */
	GEN_WORK_SCHOOL,
	GEN_WORK_HEALTH,
	GEN_WORK_UNIFORM, /* militia, police */
	GEN_WORK_COMPANY,
	GEN_WORK__MAX
};

/* A member's job title, general education, professional and political
 * theory levels (listed names of rules/vn.json; NULL: none), static. */
struct gen_profile {
	const char *job_title;
	const char *education;
	const char *professional;
	const char *theory;
};

/*
 * Draws a profile that agrees with the age (whole years on the reference
 * day) and the workplace: a post is held from its usual age (a head of
 * department from 42, a senior lecturer from 45), a qualification from
 * the age of earning it (a doctorate from 29), the intermediate theory
 * course from 27 and the advanced one (or the bachelor's) from 35 and
 * mostly by leaders; from the retirement age ("Nghỉ hưu") on, retired.
 */
void gen_profile(struct gen_rng *r, enum gen_work work, int age, bool male,
    int birth_year, struct gen_profile *ret);
/* The age from which gen_profile makes a member retired. */
int gen_retirement_age(bool male);

/* ------------------------------------------------------ national scale */

/*
 * The organisation tree of the whole Party at the level of the 34
 * provinces and cities (2025): a central root, province committees,
 * commune and ward committees (upper_grassroots), grassroots committees
 * (grassroots, some with sub-committees) with their cells, and grassroots
 * cells; members in every cell.  gen_national_run walks it depth first and
 * hands every organisation and member to the sink as it is made, so its
 * memory does not depend on the scale.
 */
struct gen_scale {
	const char *name;     /* "national", "province", "test" */
	const int *provinces; /* indices into the province table */
	size_t nprovinces;    /* 0: all 34 */
	int communes_max;     /* per province; 0: the real count */
	int64_t members;      /* the total aimed at */
	int units_lo;         /* grassroots units per commune */
	int units_hi;
	int cells_lo; /* cells per grassroots committee */
	int cells_hi;
	int subs_in_8; /* committees with sub-committees, in
			* 8 of those with many cells */
};
/* By name; NULL if unknown. */
const struct gen_scale *gen_scale_find(const char *name);
/* "national, province, test". */
const char *gen_scale_names(void);

/*
 * Receives what the walk makes.  org: an organisation with kind, name,
 * code, parent_id and valid_from set; the sink sets o->id (and may set
 * path).  member: a member of the cell (org_id set, id 0), whose
 * organisation is cell; the sink may set its id and version, and must
 * not keep pointers into it.  Either
 * returns 0 or -CB_E* (which stops the walk).  Later kinds of data add a
 * callback here and a step in the walk, with a stream of their own.
 */
struct gen_sink {
	int (*org)(void *arg, struct org *o, struct cb_error *err);
	int (*member)(void *arg, struct member *m, const struct org *cell,
	    struct cb_error *err);
	void *arg;
};

struct gen_national_report {
	int64_t orgs;
	int64_t members;
	int64_t by_kind[ORG_KIND__MAX];
};

/*
 * Walks the scale's tree for seed.  today (ISO) is the reference day:
 * ages and dates are reckoned from it (or from the generator's fixed day if
 * that is earlier), so the same seed gives the same data whenever it runs.
 * Every member is valid by the shipped rules.
 */
int gen_national_run(const struct gen_scale *sc, uint64_t seed,
    const char *today, const struct gen_sink *sink,
    struct gen_national_report *ret, struct cb_error *err);

#endif
