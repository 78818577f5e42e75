/*
 * authcache.c - the principals of the accounts signed in to this process,
 * so that a request does not read an account's grants and organisations
 * again and again.
 *
 * What is cached is only what the database would say anyway, and it is
 * checked against the database on every request: authenticate() reads the
 * request's session or token with its account in one statement (svc's
 * svc_session_check / svc_token_check), which answers sign-out, expiry,
 * revocation and disabled accounts at once, in every process.  An entry
 * is used only if that same read reports what the entry was loaded at:
 * the account's version, which the store bumps with every password, grant
 * or disabled change and whenever an organisation the account has a grant
 * on moves (the paths its grants cover change; store-org.c), and the path
 * of the organisation of the account's own member record.  So a change
 * made by any process, or at the command line, is seen by the next
 * request wherever it lands; nothing here lets a principal see more, or
 * longer, than the database says.
 *
 * Entries also expire after ttl seconds (CHIBO_AUTH_CACHE_TTL, default 5;
 * 0 turns the cache off).  What only that bounds: the code and name of a
 * granted organisation renamed meanwhile, as GET /api/v1/session shows
 * them (display only); and the memory of accounts that went away.
 *
 * Entries are reference-counted and never change once published: a
 * request borrows its principal for its whole life (the access log needs
 * the name at the end) while another thread may replace or drop the
 * entry.  A small chained hash table by account id, under one mutex held
 * only for the look-up; at most AUTHCACHE_MAX entries (the oldest are
 * dropped when full).
 */
#include "http/http-int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/banned.h"

#define AUTHCACHE_SLOTS 1024 /* a power of two */
#define AUTHCACHE_MAX 8192

struct auth_entry {
	struct auth_entry *next; /* in its slot */
	int64_t user_id;
	int64_t version;
	double loaded; /* monotonic seconds */
	atomic_int refs;
	bool cached; /* in the table (else standalone) */
	struct principal who;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t
slot_of(int64_t user_id)
{
	uint64_t h = (uint64_t)user_id * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 32) & (AUTHCACHE_SLOTS - 1);
}

static bool
same_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static void
entry_free(struct auth_entry *e)
{
	principal_release(&e->who);
	free(e);
}

static void
entry_unref(struct auth_entry *e)
{
	if (e != NULL && atomic_fetch_sub(&e->refs, 1) == 1)
		entry_free(e);
}

int
authcache_init(struct auth_cache *c, double ttl)
{
	memset(c, 0, sizeof(*c));
	c->ttl = ttl > 0 ? ttl : 0;
	atomic_init(&c->hits, 0);
	atomic_init(&c->misses, 0);
	if (c->ttl == 0)
		return 0;
	if ((c->slots = calloc(AUTHCACHE_SLOTS, sizeof(*c->slots))) == NULL)
		return -CB_ENOMEM;
	if (pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c->slots);
		c->slots = NULL;
		return -CB_ENOMEM;
	}
	c->ready = true;
	return 0;
}

/* Unlinks every entry for which drop(e, arg) is true.  Lock held. */
static void
sweep_locked(struct auth_cache *c, bool (*drop)(struct auth_entry *, double),
    double arg)
{
	size_t i;

	for (i = 0; i < AUTHCACHE_SLOTS; i++) {
		struct auth_entry **pp = &c->slots[i], *e;

		while ((e = *pp) != NULL) {
			if (drop(e, arg)) {
				*pp = e->next;
				e->next = NULL;
				e->cached = false;
				c->n--;
				entry_unref(e);
			} else
				pp = &e->next;
		}
	}
}

static bool
drop_all(struct auth_entry *e, double arg)
{
	(void)e;
	(void)arg;
	return true;
}

static bool
drop_older(struct auth_entry *e, double before)
{
	return e->loaded < before;
}

void
authcache_release(struct auth_cache *c)
{
	if (!c->ready)
		return;
	pthread_mutex_lock(&c->lock);
	sweep_locked(c, drop_all, 0);
	pthread_mutex_unlock(&c->lock);
	pthread_mutex_destroy(&c->lock);
	free(c->slots);
	c->slots = NULL;
	c->ready = false;
}

struct auth_entry *
authcache_get(struct auth_cache *c, const struct credential_check *cc)
{
	struct auth_entry *e;
	double now;

	if (!c->ready)
		return NULL;
	now = now_s();
	pthread_mutex_lock(&c->lock);
	for (e = c->slots[slot_of(cc->user_id)]; e != NULL; e = e->next)
		if (e->user_id == cc->user_id)
			break;
	if (e != NULL &&
	    (e->version != cc->user_version || now - e->loaded >= c->ttl ||
	        !same_text(e->who.member_org_path, cc->own_org_path)))
		e = NULL; /* authcache_put replaces it */
	if (e != NULL)
		atomic_fetch_add(&e->refs, 1);
	pthread_mutex_unlock(&c->lock);
	atomic_fetch_add(e != NULL ? &c->hits : &c->misses, 1);
	return e;
}

struct auth_entry *
authcache_put(struct auth_cache *c, struct principal *who, int64_t version)
{
	struct auth_entry *e, **pp;
	size_t s;

	if ((e = calloc(1, sizeof(*e))) == NULL) {
		principal_release(who);
		return NULL;
	}
	e->user_id = who->user_id;
	e->version = version;
	e->loaded = now_s();
	e->who = *who;
	memset(who, 0, sizeof(*who));
	atomic_init(&e->refs, 1); /* the caller's */
	if (!c->ready)
		return e;
	pthread_mutex_lock(&c->lock);
	if (c->n >= AUTHCACHE_MAX) {
		/* Full: first what has expired anyway, else everything
		 * older than half the time to live. */
		sweep_locked(c, drop_older, e->loaded - c->ttl);
		if (c->n >= AUTHCACHE_MAX)
			sweep_locked(c, drop_older, e->loaded - c->ttl / 2);
		if (c->n >= AUTHCACHE_MAX)
			sweep_locked(c, drop_all, 0);
	}
	s = slot_of(e->user_id);
	for (pp = &c->slots[s]; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->user_id == e->user_id) {
			struct auth_entry *old = *pp;

			*pp = old->next;
			old->next = NULL;
			old->cached = false;
			c->n--;
			entry_unref(old);
			break;
		}
	e->next = c->slots[s];
	c->slots[s] = e;
	e->cached = true;
	c->n++;
	atomic_fetch_add(&e->refs, 1); /* the table's */
	pthread_mutex_unlock(&c->lock);
	return e;
}

const struct principal *
authcache_principal(const struct auth_entry *e)
{
	return &e->who;
}

void
authcache_unref(struct auth_entry *e)
{
	entry_unref(e);
}
