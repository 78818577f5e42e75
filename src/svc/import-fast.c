/*
 * import-fast.c - the fast path of the member import: a CSV file in UTF-8
 * into an empty register, through the store's bulk load (store_bulk_*).
 */
#include "svc/import-int.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/reflist.h"
#include "core/validate.h"
#include "util/date.h"
#include "util/hash.h"
#include "util/table.h"
#include "util/text.h"

#include "util/banned.h"

/*
 * Into an empty register, as the system: the file is read as a stream
 * (table_reader), each row turned into a member directly (no JSON),
 * judged by member_validate with its organisation from an in-memory map,
 * checked against the earlier rows for repeated IDs with a hash set, and
 * handed to a bulk load (store_bulk_*) while no row has failed; then the
 * load is finished and committed with one audit entry, or, if any row
 * failed, rolled back with every problem reported.  One pass; the
 * semantics of the row path, which docs/import.md states: an empty
 * register has nothing to match, and a file whose ID-less rows repeat a
 * name and birth date (the row path merges those) goes the row path.
 */

/* Most rows the fast path takes. */
#define IMPORT_MAX_ROWS_BULK 20000000

static uint64_t
fnv(const char *s, size_t n, uint64_t h)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/* Organisations by code and by id: open addressing over indices. */
struct orgmap {
	struct org_list list;
	uint32_t *bycode; /* index + 1; 0 empty */
	uint32_t *byid;
	size_t cap; /* a power of two */
};

static void
orgmap_release(struct orgmap *m)
{
	org_list_release(&m->list);
	free(m->bycode);
	free(m->byid);
	memset(m, 0, sizeof(*m));
}

static int
orgmap_load(struct svc *s, struct orgmap *m, struct cb_error *err)
{
	struct org_query q = { .include_closed = true };
	size_t i, j;
	int rc;

	memset(m, 0, sizeof(*m));
	if ((rc = store_org_list(s->st, &q, &m->list, err)) != 0)
		return rc;
	for (m->cap = 16; m->cap < m->list.n * 2; m->cap *= 2)
		;
	if ((m->bycode = calloc(m->cap, sizeof(*m->bycode))) == NULL ||
	    (m->byid = calloc(m->cap, sizeof(*m->byid))) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	for (i = 0; i < m->list.n; i++) {
		const struct org *o = &m->list.items[i];

		for (j = mix(fnv(o->code, strlen(o->code),
		             0xcbf29ce484222325ULL)) &
		         (m->cap - 1);
		     m->bycode[j]; j = (j + 1) & (m->cap - 1))
			;
		m->bycode[j] = (uint32_t)i + 1;
		for (j = mix((uint64_t)o->id) & (m->cap - 1); m->byid[j];
		     j = (j + 1) & (m->cap - 1))
			;
		m->byid[j] = (uint32_t)i + 1;
	}
	return 0;
}

static const struct org *
orgmap_code(const struct orgmap *m, const char *code)
{
	size_t j;

	for (j = mix(fnv(code, strlen(code), 0xcbf29ce484222325ULL)) &
	         (m->cap - 1);
	     m->bycode[j]; j = (j + 1) & (m->cap - 1))
		if (strcmp(m->list.items[m->bycode[j] - 1].code, code) == 0)
			return &m->list.items[m->bycode[j] - 1];
	return NULL;
}

static const struct org *
orgmap_id(const struct orgmap *m, int64_t id)
{
	size_t j;

	for (j = mix((uint64_t)id) & (m->cap - 1); m->byid[j];
	     j = (j + 1) & (m->cap - 1))
		if (m->list.items[m->byid[j] - 1].id == id)
			return &m->list.items[m->byid[j] - 1];
	return NULL;
}

/*
 * The IDs met in the file: a hash set of (field, value) -> first row.
 * A value of digits only (17 at most) is its own key, exactly; any other
 * is kept in an arena and compared.
 */
struct kslot {
	uint64_t h;       /* 0: empty */
	uint64_t exact;   /* digits: length << 57 | value; 0: see
			   * ref */
	uint32_t row;     /* the first row with it */
	uint32_t ref;     /* arena offset + 1 */
	uint32_t created; /* the first row the row path would have
			   * created with it; 0: none */
};

struct keyset {
	struct kslot *slots;
	size_t cap;
	size_t n;
	struct sb arena;
};

static void
keyset_release(struct keyset *k)
{
	free(k->slots);
	sb_release(&k->arena);
	memset(k, 0, sizeof(*k));
}

static int
keyset_grow(struct keyset *k)
{
	struct kslot *old = k->slots, *ns;
	size_t oldcap = k->cap, i, j, cap = oldcap ? oldcap * 2 : 1 << 16;

	if ((ns = calloc(cap, sizeof(*ns))) == NULL)
		return -CB_ENOMEM;
	for (i = 0; i < oldcap; i++) {
		if (old[i].h == 0)
			continue;
		for (j = old[i].h & (cap - 1); ns[j].h;
		     j = (j + 1) & (cap - 1))
			;
		ns[j] = old[i];
	}
	free(old);
	k->slots = ns;
	k->cap = cap;
	return 0;
}

/* Adds (tag, v) first seen on row; *ret_first gets the row of an earlier
 * occurrence (0: none), *ret_slot (may be NULL) the entry (valid until
 * the next add). */
static int
keyset_add(struct keyset *k, char tag, const char *v, long row,
    long *ret_first, struct kslot **ret_slot)
{
	size_t n = strlen(v), i;
	uint64_t exact = 0, h;

	*ret_first = 0;
	if (ret_slot != NULL)
		*ret_slot = NULL;
	if (n > 0 && n <= 17 && strspn(v, "0123456789") == n) {
		uint64_t x = 0;

		for (i = 0; i < n; i++)
			x = x * 10 + (uint64_t)(v[i] - '0');
		exact = (uint64_t)n << 57 | x;
		h = mix(exact ^ (uint64_t)(unsigned char)tag << 50);
	} else
		h = mix(fnv(v, n, 0xcbf29ce484222325ULL ^ (uint64_t)tag));
	if (h == 0)
		h = 1;
	if ((k->n + 1) * 2 > k->cap && keyset_grow(k) != 0)
		return -CB_ENOMEM;
	for (i = h & (k->cap - 1); k->slots[i].h; i = (i + 1) & (k->cap - 1)) {
		const struct kslot *e = &k->slots[i];

		if (e->h != h || e->exact != exact)
			continue;
		if (exact == 0 &&
		    (e->ref == 0 || k->arena.buf[e->ref - 1] != tag ||
		        strcmp(k->arena.buf + e->ref, v) != 0))
			continue;
		*ret_first = e->row;
		if (ret_slot != NULL)
			*ret_slot = &k->slots[i];
		return 0;
	}
	k->slots[i].h = h;
	k->slots[i].exact = exact;
	k->slots[i].row = (uint32_t)row;
	k->slots[i].ref = 0;
	k->slots[i].created = 0;
	if (ret_slot != NULL)
		*ret_slot = &k->slots[i];
	if (exact == 0) {
		if (k->arena.len + n + 2 > UINT32_MAX)
			return -CB_ETOOBIG;
		k->slots[i].ref = (uint32_t)k->arena.len + 1;
		sb_addc(&k->arena, tag);
		sb_addn(&k->arena, v, n + 1);
		if (sb_err(&k->arena))
			return -CB_ENOMEM;
	}
	k->n++;
	return 0;
}

/* Ethnicities (and the texts of the other reference lists) as written ->
 * the listed form (a handful of values each). */
struct ethmemo {
	char *as[64];
	const char *to[64]; /* NULL: not a listed one */
	size_t n;
};

static const char *
ethnicity_of(struct ethmemo *e, const struct rulebook *rb, enum ref_list l,
    const char *v, const char *today, bool *known)
{
	const char *c;
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->as[i], v) == 0) {
			*known = true;
			return e->to[i];
		}
	c = ref_canonical(rb, l, v, today, NULL);
	*known = false;
	if (e->n < sizeof(e->as) / sizeof(e->as[0]) &&
	    (e->as[e->n] = strdup(v)) != NULL) {
		e->to[e->n++] = c;
		*known = true;
	}
	return c;
}

static void
ethmemo_release(struct ethmemo *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->as[i]);
	e->n = 0;
}

struct fast {
	struct importer *im;
	const struct rulebook *rb;
	struct orgmap orgs;
	struct keyset keys;
	struct keyset names; /* ID-less rows: name + birth */
	struct ethmemo eth;
	struct ethmemo lists[REF__MAX]; /* K_LISTED */
	struct store_bulk *bulk;
	bool merge; /* ID-less rows repeat */
	size_t written;
	/* The rows, read and judged by a second thread (the reader) while
	 * this one writes the good ones; see fast_pipe_*. */
	struct table_reader *tr;
	size_t rows;
	int rc; /* the reader's end */
	struct pipe *pipe;
};

/*
 * The pipe between the reader thread and the writer: batches of members
 * judged good, a few in flight (memory stays bounded).  The reader stops
 * handing rows over at the first bad one (nothing will be written) but
 * goes on judging; the writer stops the reader if writing fails.
 */
#define PIPE_BATCH 512
#define PIPE_DEPTH 8
/* pipe_put and pipe_flush after the writer failed. */
#define PIPE_STOPPED (-1000)

struct pipe_batch {
	struct member items[PIPE_BATCH];
	size_t n;
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct pipe_batch *full[PIPE_DEPTH]; /* a ring */
	size_t head;
	size_t count;
	struct pipe_batch *spare[PIPE_DEPTH + 2];
	size_t nspare;
	struct pipe_batch *filling;
	bool done; /* the reader has finished */
	bool stop; /* the writer failed */
};

/*
 * One row into *m and its organisation into *ret_org, reporting every
 * cell it cannot read (as row_document and member_apply_json do).
 * Returns 0 when the row could be read.
 */
static int
fast_read(struct fast *f, const struct table_row *r, struct member *m,
    const struct org **ret_org, struct cb_error *rowerr)
{
	struct importer *im = f->im;
	size_t before = im->nerrors, i, max;
	char buf[DATE_LEN + 16];

	*ret_org = NULL;
	import_extra_cells(im, r);
	for (i = 0; i < im->ncols; i++) {
		const struct colplan *cp = &im->plan[i];
		const char *fn = im->fields[i];
		const char *v = i < r->ncells ? r->cells[i] : "";
		int64_t id = 0;
		char **slot;

		if (cp->kind == K_SKIP || v[0] == '\0')
			continue;
		if ((v = import_cell_value(im, cp, fn, v, r->line, false, buf,
		         &id)) == NULL)
			continue;
		switch (cp->kind) {
		case K_ORG_CODE:
			if ((*ret_org = orgmap_code(&f->orgs, v)) == NULL)
				import_row_error(im, r->line, fn,
				    "org_code_not_found", v);
			else
				m->org_id = (*ret_org)->id;
			break;
		case K_ORG_ID:
			*field_i64_slot(cp->f, m) = id;
			*ret_org = orgmap_id(&f->orgs, id);
			break;
		case K_DATE:
			/* An ISO date by now. */
			memcpy(field_date_slot(cp->f, m), v, DATE_LEN);
			break;
		case K_GENDER:
		case K_STATUS:
			/* One of the enum's names by now. */
			*field_int_slot(cp->f, m) = field_enum_parse(cp->f, v);
			break;
		case K_TEXT:
		case K_ETHNICITY:
		case K_LISTED:
			/* Cells are clean already (table_reader); the
			 * characters and the length are left to check. */
			max = cp->f->max;
			if (field_check_text(fn, v, strlen(v), 0, rowerr) != 0)
				break;
			if (strlen(v) > max && text_utf8_len(v) > max) {
				snprintf(buf, sizeof(buf), "%zu", max);
				cb_error_field(rowerr, 0, fn, "too_long", buf);
				break;
			}
			if (cp->kind == K_ETHNICITY || cp->kind == K_LISTED) {
				int l = cp->kind == K_ETHNICITY ?
				    REF_ETHNICITY :
				    ref_list_of_field(cp->f->name);
				bool known;
				const char *c = l < 0 ?
				    NULL :
				    ethnicity_of(cp->kind == K_ETHNICITY ?
				            &f->eth :
				            &f->lists[l],
				        f->rb, (enum ref_list)l, v,
				        im->s->today, &known);

				if (c != NULL)
					v = c;
			}
			slot = field_text_slot(cp->f, m);
			free(*slot);
			if ((*slot = strdup(v)) == NULL)
				return cb_error_set(im->err, CB_ENOMEM, NULL,
				    NULL);
			break;
		case K_SKIP:
			break;
		}
	}
	if (im->nerrors != before)
		return -CB_EINVAL;
	return rowerr->nfields ? -CB_EINVAL : 0;
}

/* Moves a row's field errors into the report. */
static void
report_row(struct importer *im, long line, struct cb_error *rowerr)
{
	size_t i;

	if (rowerr->nfields == 0 && rowerr->code != CB_OK)
		import_row_error(im, line, "",
		    rowerr->mcode ? rowerr->mcode : "invalid", rowerr->arg);
	for (i = 0; i < rowerr->nfields; i++) {
		const struct cb_ferr *fe = &rowerr->fields[i];

		im->nerrors++;
		cb_error_field_copy(im->err, line, fe);
	}
}

static void
pipe_release_batch(struct pipe_batch *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++)
		member_release(&b->items[i]);
	free(b);
}

static int
pipe_init(struct pipe *p)
{
	memset(p, 0, sizeof(*p));
	if (pthread_mutex_init(&p->mu, NULL) != 0)
		return -CB_ENOMEM;
	if (pthread_cond_init(&p->cv, NULL) != 0) {
		pthread_mutex_destroy(&p->mu);
		return -CB_ENOMEM;
	}
	return 0;
}

static void
pipe_destroy(struct pipe *p)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		pipe_release_batch(p->full[(p->head + i) % PIPE_DEPTH]);
	for (i = 0; i < p->nspare; i++)
		pipe_release_batch(p->spare[i]);
	pipe_release_batch(p->filling);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
}

/* Hands the filling batch to the writer, waiting for room. */
static int
pipe_flush(struct pipe *p)
{
	struct pipe_batch *b = p->filling;
	int rc = 0;

	if (b == NULL || b->n == 0)
		return 0;
	pthread_mutex_lock(&p->mu);
	while (p->count == PIPE_DEPTH && !p->stop)
		pthread_cond_wait(&p->cv, &p->mu);
	if (p->stop) {
		rc = PIPE_STOPPED;
	} else {
		p->full[(p->head + p->count) % PIPE_DEPTH] = b;
		p->count++;
		p->filling = NULL;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return rc;
}

/* Moves *m (left empty) into the pipe. */
static int
pipe_put(struct pipe *p, struct member *m)
{
	if (p->filling == NULL) {
		pthread_mutex_lock(&p->mu);
		if (p->nspare > 0)
			p->filling = p->spare[--p->nspare];
		pthread_mutex_unlock(&p->mu);
		if (p->filling == NULL &&
		    (p->filling = malloc(sizeof(*p->filling))) == NULL)
			return -CB_ENOMEM;
		p->filling->n = 0;
	}
	p->filling->items[p->filling->n++] = *m;
	member_init(m);
	if (p->filling->n == PIPE_BATCH)
		return pipe_flush(p);
	return 0;
}

/* The writer's next batch; NULL when the reader is done and all is
 * taken. */
static struct pipe_batch *
pipe_take(struct pipe *p)
{
	struct pipe_batch *b = NULL;

	pthread_mutex_lock(&p->mu);
	while (p->count == 0 && !p->done)
		pthread_cond_wait(&p->cv, &p->mu);
	if (p->count > 0) {
		b = p->full[p->head];
		p->head = (p->head + 1) % PIPE_DEPTH;
		p->count--;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return b;
}

/* Gives an emptied batch back for reuse. */
static void
pipe_return(struct pipe *p, struct pipe_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		member_release(&b->items[i]);
	b->n = 0;
	pthread_mutex_lock(&p->mu);
	if (p->nspare < sizeof(p->spare) / sizeof(p->spare[0])) {
		p->spare[p->nspare++] = b;
		b = NULL;
	}
	pthread_mutex_unlock(&p->mu);
	free(b);
}

static void
pipe_end(struct pipe *p, bool stop)
{
	pthread_mutex_lock(&p->mu);
	if (stop)
		p->stop = true;
	else
		p->done = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* One data row: read, judged, checked for repeats, handed to the
 * writer. */
static int
fast_row(struct fast *f, const struct table_row *r)
{
	struct cb_error rowerr = CB_ERROR_INIT;
	struct importer *im = f->im;
	const struct org *org = NULL;
	struct member m;
	struct kslot *slot;
	size_t before = im->nerrors, from;
	uint32_t ccreated = 0, ncreated = 0;
	bool good, matched;
	long first, cfirst = 0, nfirst = 0;
	char arg[24];
	int rc = 0;

	member_init(&m);
	from = im->err->nfields;
	if (fast_read(f, r, &m, &org, &rowerr) != 0) {
		struct cb_error judged = CB_ERROR_INIT;

		if (im->err->code == CB_ENOMEM) {
			rc = -CB_ENOMEM;
			goto out;
		}
		/* The cells read are still judged: every problem of the
		 * row at once, as on the row path. */
		report_row(im, r->line, &rowerr);
		(void)member_validate(&m, f->rb, org, im->s->today, &judged);
		import_report_rest(im, r->line, from, &judged);
		cb_error_release(&judged);
		goto out;
	}
	if (member_validate(&m, f->rb, org, im->s->today, &rowerr) != 0)
		report_row(im, r->line, &rowerr);
	good = im->nerrors == before;
	/*
	 * Repeats of an earlier row's IDs: duplicate_in_file.  And as the
	 * row path sees it: that path creates the good rows one by one, so
	 * a later row with the citizen ID of one it created is a change of
	 * that member (judged apart: see docs/import.md), and one with
	 * another citizen ID but the card number of one it created is a
	 * duplicate of a stored record.
	 */
	if (m.citizen_id != NULL) {
		if ((rc = keyset_add(&f->keys, 'c', m.citizen_id, r->line,
		         &cfirst, &slot)) != 0)
			goto nomem;
		ccreated = slot->created;
	}
	if (m.card_no != NULL) {
		if ((rc = keyset_add(&f->keys, 'n', m.card_no, r->line,
		         &nfirst, &slot)) != 0)
			goto nomem;
		ncreated = slot->created;
	}
	matched = ccreated != 0 || (m.citizen_id == NULL && ncreated != 0);
	if (!matched && ncreated != 0) {
		/* The member an earlier row made (not named: that row is,
		 * by duplicate_in_file), as the row path reports it. */
		im->nerrors++;
		cb_error_field_given(im->err, r->line, "card_no", "duplicate",
		    NULL, "card_no");
		good = false;
	}
	/* In the row path's order: its report of repeats comes last, by
	 * field name. */
	if (nfirst != 0) {
		snprintf(arg, sizeof(arg), "%ld", nfirst);
		import_row_error(im, r->line, "card_no", "duplicate_in_file",
		    arg);
	}
	if (cfirst != 0) {
		snprintf(arg, sizeof(arg), "%ld", cfirst);
		import_row_error(im, r->line, "citizen_id",
		    "duplicate_in_file", arg);
	}
	if (good && !matched) {
		/* The row path would create it. */
		if (m.citizen_id != NULL &&
		    keyset_add(&f->keys, 'c', m.citizen_id, r->line, &first,
		        &slot) == 0 &&
		    slot->created == 0)
			slot->created = (uint32_t)r->line;
		if (m.card_no != NULL &&
		    keyset_add(&f->keys, 'n', m.card_no, r->line, &first,
		        &slot) == 0 &&
		    slot->created == 0)
			slot->created = (uint32_t)r->line;
	}
	if (m.citizen_id == NULL && m.card_no == NULL && m.full_name != NULL &&
	    m.birth_date[0] != '\0') {
		/* The row path would match this row with an earlier one of
		 * the same name and birth date: let it. */
		char *fold = text_fold(m.full_name), key[160];

		if (fold == NULL)
			goto nomem;
		snprintf(key, sizeof(key), "%.140s|%s", fold, m.birth_date);
		free(fold);
		if ((rc = keyset_add(&f->names, 'm', key, r->line, &first,
		         NULL)) != 0)
			goto nomem;
		if (first != 0)
			f->merge = true;
	}
	if (im->nerrors == before && im->nerrors == 0 && f->pipe != NULL) {
		if ((rc = pipe_put(f->pipe, &m)) == -CB_ENOMEM)
			goto nomem;
		goto out;
	}
	goto out;
nomem:
	rc = cb_error_set(im->err, CB_ENOMEM, NULL, NULL);
out:
	cb_error_release(&rowerr);
	member_release(&m);
	return rc;
}

/* The reader thread: every row read and judged. */
static void *
fast_reader(void *arg)
{
	struct fast *f = arg;
	struct importer *im = f->im;
	const struct table_row *row;
	int rc;

	while ((rc = table_reader_next(f->tr, &row, im->err)) == 1) {
		if (f->rows >= IMPORT_MAX_ROWS_BULK) {
			char arg[24];

			snprintf(arg, sizeof(arg), "%d", IMPORT_MAX_ROWS_BULK);
			rc = cb_error_set(im->err, CB_ETOOBIG, "too_many_rows",
			    arg);
			break;
		}
		f->rows++;
		if ((rc = fast_row(f, row)) != 0 || f->merge)
			break;
	}
	if (rc == 0 && f->pipe != NULL)
		rc = pipe_flush(f->pipe);
	f->rc = rc == PIPE_STOPPED ? 0 : rc;
	if (f->pipe != NULL)
		pipe_end(f->pipe, false);
	return NULL;
}

/*
 * Reads and judges every row in a second thread while this one writes
 * the good ones (dry run: only judges, here).  0 or -CB_E*; the rows'
 * problems are in im->err and im->nerrors.
 */
static int
fast_rows(struct fast *f, struct cb_error *err)
{
	struct cb_error werr = CB_ERROR_INIT;
	struct pipe_batch *b;
	struct pipe pipe;
	pthread_t t;
	size_t i;
	int rc = 0;

	if (f->bulk == NULL) {
		fast_reader(f);
		return f->rc;
	}
	if (pipe_init(&pipe) != 0)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	f->pipe = &pipe;
	if (pthread_create(&t, NULL, fast_reader, f) != 0) {
		f->pipe = NULL;
		pipe_destroy(&pipe);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	while ((b = pipe_take(&pipe)) != NULL) {
		for (i = 0; i < b->n && rc == 0; i++) {
			if ((rc = store_bulk_member_add(f->bulk, &b->items[i],
			         &werr)) == 0)
				f->written++;
		}
		pipe_return(&pipe, b);
		if (rc != 0) {
			/* The reader stops at its next batch. */
			pipe_end(&pipe, true);
			while ((b = pipe_take(&pipe)) != NULL)
				pipe_return(&pipe, b);
			break;
		}
	}
	pthread_join(t, NULL);
	f->pipe = NULL;
	pipe_destroy(&pipe);
	if (rc != 0) {
		svc_error_take(err, &werr);
		return rc;
	}
	cb_error_release(&werr);
	return f->rc;
}

/* The file's SHA-256, made by a second thread while the rows are read. */
struct hasher {
	pthread_t t;
	const char *data;
	size_t len;
	char hex[HASH_HEX_LEN];
	bool started;
};

static void *
hasher_run(void *arg)
{
	struct hasher *h = arg;

	hash_sha256_hex_large(h->data, h->len, h->hex);
	return NULL;
}

static void
hasher_start(struct hasher *h, const char *data, size_t len)
{
	memset(h, 0, sizeof(*h));
	h->data = data;
	h->len = len;
	if (pthread_create(&h->t, NULL, hasher_run, h) == 0)
		h->started = true;
	else
		hasher_run(h);
}

static void
hasher_wait(struct hasher *h)
{
	if (h->started)
		pthread_join(h->t, NULL);
	h->started = false;
}

/*
 * Whether the fast path applies: the system imports a CSV file in UTF-8
 * into a register without any member row.  Otherwise (or if the file's
 * ID-less rows need merging) the row path runs.
 */
bool
import_fast_applies(struct svc *s, const char *data, size_t len)
{
	struct cb_error local = CB_ERROR_INIT;
	bool empty = false;

	if (!s->who->system || table_is_xlsx(data, len) ||
	    store_depth(s->st) != 0)
		return false;
	if (!(len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) &&
	    !text_utf8_wellformed(data, len))
		return false;
	if (store_members_empty(s->st, &empty, &local) != 0)
		empty = false;
	cb_error_release(&local);
	return empty;
}

/* The fast path: 1 if it gave way to the row path (nothing done), 0 or
 * -CB_E* otherwise. */
int
import_fast(struct svc *s, const char *file_name, const char *data, size_t len,
    bool dry_run, struct import_seal *seal, struct import_report *rep,
    struct cb_error *err)
{
	struct store_bulk_batch batch = { .source = "import" };
	struct table_reader *tr = NULL;
	const struct table_row *row;
	struct importer im;
	struct hasher hs;
	struct fast f;
	size_t i;
	int rc;

	memset(&im, 0, sizeof(im));
	memset(&f, 0, sizeof(f));
	im.s = s;
	im.err = err;
	f.im = &im;
	sb_init(&f.keys.arena, SIZE_MAX);
	sb_init(&f.names.arena, SIZE_MAX);
	hasher_start(&hs, data, len);
	snprintf(rep->format, sizeof(rep->format), "csv");
	snprintf(rep->encoding, sizeof(rep->encoding), "utf-8");
	if ((f.rb = svc_rules(s, err)) == NULL) {
		rc = -err->code;
		goto out;
	}
	if ((rc = table_reader_open(data, len, &tr, err)) != 0)
		goto out;
	/* The header, as the row path maps it. */
	if ((rc = table_reader_next(tr, &row, err)) < 0)
		goto out;
	if (rc == 0) {
		rc = cb_error_set(err, CB_EINVAL, "csv_empty", NULL);
		goto out;
	}
	im.t.rows = (struct table_row *)row;
	im.t.nrows = 1;
	rc = import_map_header(&im);
	im.t.rows = NULL;
	im.t.nrows = 0;
	if (rc != 0)
		goto failed;
	if ((rc = orgmap_load(s, &f.orgs, err)) != 0)
		goto out;
	if (!dry_run) {
		batch.file_name = file_name;
		batch.actor = s->actor;
		batch.user_id = s->who->user_id;
		batch.on_date = s->today;
		/* The hash is set when the batch is closed. */
		if ((rc = store_bulk_begin(s->st, &batch, &f.bulk, err)) != 0)
			goto out;
	}
	f.tr = tr;
	if ((rc = fast_rows(&f, err)) == 0 && f.bulk == NULL) {
		/* A dry run: only judged. */
	}
	rep->rows = f.rows;
	if (rc == 0 && rep->rows == 0)
		rc = cb_error_set(err, CB_EINVAL, "csv_empty", NULL);
	if (rc == 0 && f.merge) {
		/* Give way: nothing was written. */
		memset(rep, 0, sizeof(*rep));
		cb_error_release(err);
		rc = 1;
		goto out;
	}
	if (rc != 0)
		goto out;
	if (im.nerrors > 0)
		goto failed;
	/* Every row creates a member: what the check's token holds. */
	import_seal_digest(seal, NULL, 0, rep->rows);
	if (dry_run) {
		rep->created = rep->rows;
		rep->committed = false;
		goto out;
	}
	hasher_wait(&hs);
	snprintf(rep->file_sha256, sizeof(rep->file_sha256), "%s", hs.hex);
	if ((rc = import_seal_verify(seal, err)) != 0 ||
	    (rc = store_bulk_finish(f.bulk, err)) != 0 ||
	    (rc = store_import_batch_hash(s->st, store_bulk_batch_id(f.bulk),
	         hs.hex, err)) != 0 ||
	    (rc = svc_audit(s, "member.import", "batch",
	         store_bulk_batch_id(f.bulk), import_audit_org(s), NULL, NULL,
	         json_pack("{s:I, s:I, s:I, s:I, s:I, s:s, s:s?, s:s}",
	             "batch_id", (json_int_t)store_bulk_batch_id(f.bulk),
	             "rows", (json_int_t)rep->rows, "created",
	             (json_int_t)f.written, "updated", (json_int_t)0,
	             "unchanged", (json_int_t)0, "file_sha256", hs.hex,
	             "file_name", file_name, "path", "bulk"),
	         err)) != 0)
		goto out;
	rep->batch_id = store_bulk_batch_id(f.bulk);
	store_bulk_close(f.bulk);
	f.bulk = NULL;
	if ((rc = store_commit(s->st, err)) != 0) {
		store_rollback(s->st);
		goto out;
	}
	rep->created = f.written;
	rep->committed = true;
	goto out;
failed:
	rc = import_failed(err, im.nerrors);
out:
	hasher_wait(&hs);
	if (f.bulk != NULL) {
		store_bulk_close(f.bulk);
		store_rollback(s->st);
	}
	table_reader_close(tr);
	free(im.fields);
	free(im.plan);
	orgmap_release(&f.orgs);
	keyset_release(&f.keys);
	keyset_release(&f.names);
	ethmemo_release(&f.eth);
	for (int l = 0; l < REF__MAX; l++)
		ethmemo_release(&f.lists[l]);
	(void)i;
	return rc;
}
