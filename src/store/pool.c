/*
 * pool.c - a fixed set of connections shared by threads: acquire blocks on
 * a condition variable until one is free.  While the pool is open, the
 * backend's upkeep thread (if it has one: SQLite's checkpoints) looks
 * after its database.
 */
#include <pthread.h>
#include <stdlib.h>

#include "store/store-int.h"
#include "util/err.h"

#include "util/banned.h"

struct store_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	struct store **all;  /* n connections */
	struct store **idle; /* a stack of nidle free ones */
	int n;
	int nidle;
	void *upkeep; /* the backend's upkeep_start; NULL: none */
};

int
store_pool_open(const char *dburl, int n, struct store_pool **ret,
    struct cb_error *err)
{
	struct store_pool *p;
	int i, rc;

	*ret = NULL;
	if (n < 1) {
		cb_error_detail(err, "store: pool of %d connections", n);
		return cb_error_set(err, CB_EINVAL, "invalid", NULL);
	}
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return store_nomem(err);
	p->all = calloc((size_t)n, sizeof(*p->all));
	p->idle = calloc((size_t)n, sizeof(*p->idle));
	if (p->all == NULL || p->idle == NULL) {
		free(p->all);
		free(p->idle);
		free(p);
		return store_nomem(err);
	}
	for (i = 0; i < n; i++) {
		if ((rc = store_open(dburl, &p->all[i], err)) != 0) {
			while (i-- > 0)
				store_close(p->all[i]);
			free(p->all);
			free(p->idle);
			free(p);
			return rc;
		}
		p->idle[i] = p->all[i];
	}
	p->n = p->nidle = n;
	if (p->all[0]->be->upkeep_start != NULL &&
	    (rc = p->all[0]->be->upkeep_start(dburl, p->all, n, &p->upkeep,
	         err)) != 0) {
		for (i = 0; i < n; i++)
			store_close(p->all[i]);
		free(p->all);
		free(p->idle);
		free(p);
		return rc;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	*ret = p;
	return 0;
}

struct store *
store_pool_acquire(struct store_pool *p)
{
	struct store *st;

	pthread_mutex_lock(&p->lock);
	while (p->nidle == 0)
		pthread_cond_wait(&p->freed, &p->lock);
	st = p->idle[--p->nidle];
	pthread_mutex_unlock(&p->lock);
	return st;
}

void
store_pool_release(struct store_pool *p, struct store *st)
{
	if (st == NULL)
		return;
	/* A connection goes back clean: whatever its user left open is
	 * rolled back. */
	while (st->depth > 0)
		store_rollback(st);
	/* The principal was borrowed from the request that is over. */
	store_set_principal(st, NULL);
	pthread_mutex_lock(&p->lock);
	p->idle[p->nidle++] = st;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

void
store_pool_close(struct store_pool *p)
{
	int i;

	if (p == NULL)
		return;
	if (p->upkeep != NULL)
		p->all[0]->be->upkeep_stop(p->upkeep, p->all, p->n);
	for (i = 0; i < p->n; i++)
		store_close(p->all[i]);
	pthread_cond_destroy(&p->freed);
	pthread_mutex_destroy(&p->lock);
	free(p->all);
	free(p->idle);
	free(p);
}

uint64_t
store_pool_checkpoints(struct store_pool *p)
{
	return p->upkeep != NULL ?
	    p->all[0]->be->upkeep_checkpoints(p->upkeep) :
	    0;
}
