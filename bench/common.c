/*
 * common.c - see common.h.
 */
#include "common.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		die("out of memory");
	return p;
}

/* ------------------------------------------------------------- CSV */

void
csv_open(struct csv *c, const char *path)
{
	int ch;

	memset(c, 0, sizeof(*c));
	if ((c->f = fopen(path, "rb")) == NULL)
		die("cannot open %s", path);
	/* A UTF-8 BOM. */
	if ((ch = getc(c->f)) == 0xEF) {
		if (getc(c->f) != 0xBB || getc(c->f) != 0xBF)
			die("%s: bad byte-order mark", path);
	} else if (ch != EOF) {
		ungetc(ch, c->f);
	}
	c->cap = 4096;
	c->buf = xrealloc(NULL, c->cap);
	c->cellcap = 64;
	c->off = xrealloc(NULL, c->cellcap * sizeof(*c->off));
}

static void
put(struct csv *c, char ch)
{
	if (c->len == c->cap) {
		c->cap *= 2;
		c->buf = xrealloc(c->buf, c->cap);
	}
	c->buf[c->len++] = ch;
}

static void
end_cell(struct csv *c, size_t start)
{
	put(c, '\0');
	if (c->ncells == c->cellcap) {
		c->cellcap *= 2;
		c->off = xrealloc(c->off, c->cellcap * sizeof(*c->off));
	}
	c->off[c->ncells++] = start;
}

bool
csv_next(struct csv *c)
{
	size_t start = 0;
	bool quoted = false, any = false;
	int ch;

	c->len = 0;
	c->ncells = 0;
	for (;;) {
		ch = getc(c->f);
		if (ch == EOF) {
			if (!any)
				return false;
			end_cell(c, start);
			return true;
		}
		any = true;
		if (quoted) {
			if (ch == '"') {
				if ((ch = getc(c->f)) == '"') {
					put(c, '"');
					continue;
				}
				quoted = false;
				if (ch == EOF)
					continue;
				ungetc(ch, c->f);
			} else {
				if (ch == '\n')
					c->line++;
				put(c, (char)ch);
			}
			continue;
		}
		switch (ch) {
		case '"':
			quoted = true;
			break;
		case ',':
			end_cell(c, start);
			start = c->len;
			break;
		case '\r':
			break;
		case '\n':
			c->line++;
			end_cell(c, start);
			return true;
		default:
			put(c, (char)ch);
		}
	}
}

const char *
csv_cell(const struct csv *c, size_t i)
{
	return i < c->ncells ? c->buf + c->off[i] : "";
}

void
csv_close(struct csv *c)
{
	if (c->f != NULL)
		fclose(c->f);
	free(c->buf);
	free(c->off);
	memset(c, 0, sizeof(*c));
}

/* ------------------------------------------------------ string -> id */

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void
idmap_grow(struct idmap *m)
{
	struct idmap n = { 0 };
	size_t i;

	n.cap = m->cap ? m->cap * 2 : 1024;
	n.keys = calloc(n.cap, sizeof(*n.keys));
	n.vals = calloc(n.cap, sizeof(*n.vals));
	if (n.keys == NULL || n.vals == NULL)
		die("out of memory");
	for (i = 0; i < m->cap; i++) {
		if (m->keys[i] != NULL) {
			size_t j = hash(m->keys[i]) & (n.cap - 1);

			while (n.keys[j] != NULL)
				j = (j + 1) & (n.cap - 1);
			n.keys[j] = m->keys[i];
			n.vals[j] = m->vals[i];
			n.n++;
		}
	}
	free(m->keys);
	free(m->vals);
	*m = n;
}

void
idmap_put(struct idmap *m, const char *key, int64_t val)
{
	size_t j;

	if (2 * (m->n + 1) > m->cap)
		idmap_grow(m);
	j = hash(key) & (m->cap - 1);
	while (m->keys[j] != NULL) {
		if (strcmp(m->keys[j], key) == 0) {
			m->vals[j] = val;
			return;
		}
		j = (j + 1) & (m->cap - 1);
	}
	if ((m->keys[j] = strdup(key)) == NULL)
		die("out of memory");
	m->vals[j] = val;
	m->n++;
}

int64_t
idmap_get(const struct idmap *m, const char *key)
{
	size_t j;

	if (m->cap == 0)
		return 0;
	j = hash(key) & (m->cap - 1);
	while (m->keys[j] != NULL) {
		if (strcmp(m->keys[j], key) == 0)
			return m->vals[j];
		j = (j + 1) & (m->cap - 1);
	}
	return 0;
}

void
idmap_free(struct idmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------ the member columns */

const char *const member_fields[MEMBER_NFIELDS] = {
	"full_name", "gender", "birth_date", "birthplace", "hometown",
	"ethnicity", "religion", "citizen_id", "card_no", "dossier_no",
	"admission_decision_date", "admitted_on", "official_on", "status",
	"exempt_since", "org_id", "job_title", "education",
	"professional_level", "theory_level", "phone", "email",
};

void
member_map_header(struct member_map *mm, const struct csv *c)
{
	size_t i;
	int f;

	for (f = 0; f < MEMBER_NFIELDS; f++)
		mm->col[f] = -1;
	mm->org_code = mm->org_id = -1;
	for (i = 0; i < c->ncells; i++) {
		const char *h = csv_cell(c, i);

		if (strcmp(h, "org_code") == 0)
			mm->org_code = (int)i;
		for (f = 0; f < MEMBER_NFIELDS; f++)
			if (strcmp(h, member_fields[f]) == 0)
				mm->col[f] = (int)i;
	}
	mm->org_id = mm->col[15];
	mm->col[15] = -1;	/* resolved by member_org */
	if (mm->col[0] < 0 || (mm->org_code < 0 && mm->org_id < 0))
		die("the CSV needs full_name and org_code or org_id columns");
}

const char *
member_field(const struct member_map *mm, const struct csv *c, int i)
{
	const char *v;

	if (mm->col[i] < 0)
		return NULL;
	v = csv_cell(c, (size_t)mm->col[i]);
	return *v ? v : NULL;
}

int64_t
member_org(const struct member_map *mm, const struct csv *c,
    const struct idmap *codes)
{
	const char *v;

	if (mm->org_code >= 0 && *(v = csv_cell(c, (size_t)mm->org_code)))
		return idmap_get(codes, v);
	if (mm->org_id >= 0 && *(v = csv_cell(c, (size_t)mm->org_id)))
		return strtoll(v, NULL, 10);
	return 0;
}

/* ------------------------------------------------------ percentiles */

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double
percentile(double *v, size_t n, double p)
{
	size_t r;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), dcmp);
	r = (size_t)(p / 100.0 * (double)n + 0.999999);
	if (r < 1)
		r = 1;
	if (r > n)
		r = n;
	return v[r - 1];
}

char **
read_lines(const char *path, size_t *ret_n)
{
	FILE *f = fopen(path, "r");
	char **v = NULL, *line = NULL;
	size_t n = 0, cap = 0;
	ssize_t len;

	if (f == NULL)
		die("cannot open %s", path);
	while ((len = getline(&line, &cap, f)) > 0) {
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		if ((v[n] = strdup(line)) == NULL)
			die("out of memory");
		n++;
	}
	free(line);
	fclose(f);
	*ret_n = n;
	return v;
}

void
iso_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
