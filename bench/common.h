/*
 * common.h - small helpers shared by the benchmark programs of bench/:
 * a streaming CSV reader (RFC 4180, UTF-8 BOM skipped), a clock, latency
 * percentiles, a string-to-id map and the derived name keys computed
 * exactly as the store computes them (util/text.h).
 *
 * These programs are the anchors of docs/performance.md: the plainest
 * code that does the same work as chibo with the same engine.  They print
 * one JSON object on standard output and nothing else there.
 */
#ifndef CHIBO_BENCH_COMMON_H
#define CHIBO_BENCH_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Seconds on the monotonic clock. */
double	now_s(void);

/* Prints "bench: ..." on standard error and exits 1. */
void	die(const char *fmt, ...) __attribute__((format(printf, 1, 2),
	    noreturn));

/* ------------------------------------------------------------- CSV */

struct csv {
	FILE	*f;
	char	*buf;		/* the current row's cells, NUL-separated */
	size_t	 len, cap;
	size_t	*off;		/* offsets of the cells in buf */
	size_t	 ncells, cellcap;
	long	 line;
};

/* Opens path; the first row is not read yet. */
void	csv_open(struct csv *c, const char *path);
/* Reads the next row: true, or false at the end of the file. */
bool	csv_next(struct csv *c);
/* Cell i of the current row ("" past its end). */
const char *csv_cell(const struct csv *c, size_t i);
void	csv_close(struct csv *c);

/* ------------------------------------------------------ string -> id */

struct idmap {
	char	**keys;
	int64_t	 *vals;
	size_t	  cap, n;
};

void	idmap_put(struct idmap *m, const char *key, int64_t val);
/* The id of key, or 0. */
int64_t	idmap_get(const struct idmap *m, const char *key);
void	idmap_free(struct idmap *m);

/* --------------------------------------------------------- the keys */

/* The keys the store derives from a full name (store-member.c):
 * text_fold of it, text_fold of "given family middle", text_sort_key. */
struct name_keys {
	char		*name_fold;
	char		*given_fold;
	unsigned char	*sort_key;
	size_t		 sort_key_len;
};

int	name_keys_make(const char *full_name, struct name_keys *k);
void	name_keys_free(struct name_keys *k);

/* ------------------------------------------------ the member columns */

/* The member fields chibo's import takes from the export's CSV, in the
 * order of its insert statement (store STMT_MEMBER_INSERT, 1-22); the
 * organisation comes from org_code (or org_id). */
#define MEMBER_NFIELDS 22
extern const char *const member_fields[MEMBER_NFIELDS];

struct member_map {
	int	col[MEMBER_NFIELDS];	/* CSV column of each field, -1 */
	int	org_code, org_id;	/* CSV columns, -1 */
};

/* Maps the header row (the current row of c). */
void	member_map_header(struct member_map *mm, const struct csv *c);
/* Field i of the current row, NULL when empty or absent. */
const char *member_field(const struct member_map *mm, const struct csv *c,
	    int i);
/* The organisation of the current row (by org_code, else org_id). */
int64_t	member_org(const struct member_map *mm, const struct csv *c,
	    const struct idmap *codes);

/* ------------------------------------------------------ percentiles */

/* Sorts v and returns its p-th percentile (0..100), nearest rank. */
double	percentile(double *v, size_t n, double p);

/* The non-empty lines of path (malloc'd), their count in *ret_n. */
char	**read_lines(const char *path, size_t *ret_n);

/* "2026-11-25T13:56:46Z" for now. */
void	iso_now(char out[32]);

#endif
