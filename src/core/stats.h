/*
 * stats.h - organisation figures ("roll-ups"): the columns a member or an
 * organisation counts under, and the rules that place it.  Pure: no I/O.
 *
 * A member counts when it is on the rolls (state active, record not
 * deleted) and belongs to an organisation: under "members", its status,
 * its gender, "exempted" when exempt_since is set, its age band and its
 * political theory level; its ethnicity is counted apart (a sparse list).
 * An open organisation (valid_to not set) counts under its kind.  The
 * figures of an organisation are those of its whole subtree, itself
 * included.
 *
 * Age bands come from the rulebook (stats.age_bands, "edges": whole ages
 * in ascending order): edges 30 40 50 60 make "<30", "30-39", "40-49",
 * "50-59" and "60+".  The age is in whole years on the date the figures
 * are as of, birthday-exact: a birthday is reached when (month, day) of
 * that date is at or after (month, day) of the birth, so a person born on
 * 29 February is a year older on 1 March of a common year.
 *
 * Later figures add their columns to enum stat_col (and to the store's
 * STAT_COLS list and migration) and are maintained the same way.
 */
#ifndef CHIBO_CORE_STATS_H
#define CHIBO_CORE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/rulebook.h"
#include "util/date.h"

/* The rulebook rule of the age bands. */
#define RULE_STATS_AGE_BANDS "stats.age_bands"

/* At most this many edges (so at most STATS_EDGES_MAX + 1 bands). */
#define STATS_EDGES_MAX 7
#define STATS_BANDS_MAX (STATS_EDGES_MAX + 1)

/* Political theory level (trình độ lý luận chính trị), from free text. */
enum theory_level {
	THEORY_NONE = 0,     /* "none": empty, "chưa qua đào tạo", ... */
	THEORY_ELEMENTARY,   /* "elementary": sơ cấp */
	THEORY_INTERMEDIATE, /* "intermediate": trung cấp */
	THEORY_ADVANCED,     /* "advanced": cao cấp */
	THEORY_BACHELOR,     /* "bachelor": cử nhân (chính trị) */
	THEORY_OTHER,        /* "other": anything else written */
	THEORY__MAX
};

/* One counter of an organisation's figures.  The order is the store's
 * column order (store-int.h STAT_COLS); do not reorder. */
enum stat_col {
	STAT_MEMBERS = 0, /* on the rolls */
	STAT_OFFICIAL,
	STAT_PROBATIONARY,
	STAT_MALE,
	STAT_FEMALE,
	STAT_EXEMPTED, /* exempt_since set (miễn sinh hoạt) */
	STAT_AGE_0,    /* age band 0 .. STATS_BANDS_MAX - 1 */
	STAT_AGE_LAST = STAT_AGE_0 + STATS_BANDS_MAX - 1,
	STAT_AGE_UNKNOWN, /* no birth date */
	STAT_THEORY_0,    /* + enum theory_level */
	STAT_THEORY_LAST = STAT_THEORY_0 + THEORY__MAX - 1,
	STAT_ORG_0, /* open organisations, + enum org_kind - 1 */
	STAT_ORG_LAST = STAT_ORG_0 + ORG_KIND__MAX - 2,
	STAT__MAX
};

/* A vector of counters (or of changes to them). */
struct stat_vec {
	int64_t v[STAT__MAX];
};

/* The column's name ("members", "age_3", "theory_bachelor",
 * "org_grassroots_cell"), or NULL out of range. */
const char *stat_col_name(enum stat_col c);
/* "none", "elementary", ..., or NULL. */
const char *theory_level_name(enum theory_level t);
const char *theory_level_label_vi(enum theory_level t);
const char *theory_level_label_en(enum theory_level t);

/*
 * The category of a free-text theory level.  The text is folded (tone
 * marks, case and đ ignored) and read word by word: "cử nhân" (or "CN")
 * is bachelor, "cao cấp" ("CC") advanced, "trung cấp" ("TC")
 * intermediate, "sơ cấp" ("SC") elementary, checked in that order; empty
 * text and "chưa ...", "không ...", "-" are none; anything else other.
 * The English words bachelor, advanced, intermediate, elementary are
 * understood too.
 */
enum theory_level stats_theory_level(const char *text);

/* The age band edges in force. */
struct stats_bands {
	int edges[STATS_EDGES_MAX]; /* ascending whole ages, > 0 */
	size_t n;                   /* 0: one band, every age */
};

/*
 * Reads the edges from the rule value "edges" (a list of whole ages as
 * strings, ascending, 1 to STATS_EDGES_MAX of them, each 1..150).
 * Returns 0 or -CB_EINVAL.
 */
int
stats_bands_from_value(const struct rule_value *v, struct stats_bands *ret);
/* "30,40,50,60" (the store keeps the edges the figures were made with);
 * out must hold 8 * STATS_EDGES_MAX bytes. */
void stats_bands_format(const struct stats_bands *b, char *out, size_t len);
/* Parses what stats_bands_format wrote ("" is no edges); -CB_EINVAL. */
int stats_bands_parse(const char *s, struct stats_bands *ret);
bool
stats_bands_equal(const struct stats_bands *a, const struct stats_bands *b);
/* The label of band i ("<30", "30-39", "60+"; "all" with no edges) into
 * out (at least 16 bytes); "" out of range. */
void
stats_band_label(const struct stats_bands *b, size_t i, char *out, size_t len);

/* Whole years from birth to on, birthday-exact (negative if on is before
 * the birth).  Both ISO dates; -CB_EINVAL if either is not one. */
int stats_age(const char *birth, const char *on, int *ret);
/* The band of a member born on birth (ISO, "" unknown) as of on:
 * 0..b->n, or -1 when the birth date is unknown or invalid. */
int
stats_age_band(const struct stats_bands *b, const char *birth, const char *on);
/*
 * The latest birth date at which a person is at least age years old on
 * date on (ISO), into out: on's month and day, age years earlier (28
 * February for 29 February in a common year).  Who is born on or before
 * it is age or older on on: one range of birth dates per edge finds who
 * crossed it between two dates.  -CB_EINVAL if on is not a date.
 */
int stats_cutoff(const char *on, int age, char out[DATE_LEN]);

/* Adds sign x the counters of member m as of date on (nothing when it is
 * not on the rolls or belongs to no organisation; the caller leaves out
 * deleted records). */
void stats_add_member(struct stat_vec *v, const struct member *m,
    const struct stats_bands *b, const char *on, int sign);
/* Adds sign x an organisation of kind k, if it is open. */
void stats_add_org(struct stat_vec *v, enum org_kind k, bool open, int sign);
/* True if a member counts at all (on the rolls, in an organisation). */
bool stats_member_counts(const struct member *m);
bool stat_vec_is_zero(const struct stat_vec *v);

/* ------------------------------------------------------------ figures */

/* One ethnic group and its members. */
struct stat_ethnicity {
	char *name; /* as recorded; "" when none is */
	int64_t n;
};

/* The figures of one organisation's subtree. */
struct org_stats {
	int64_t org_id;
	char as_of[DATE_LEN];     /* ages are as of */
	struct stats_bands bands; /* with these edges */
	struct stat_vec c;
	struct stat_ethnicity *eth; /* most members first */
	size_t neth;
};
void org_stats_init(struct org_stats *s);
void org_stats_release(struct org_stats *s);

#endif
