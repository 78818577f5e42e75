/*
 * views.c - dossier views, recorded in the audit trail in batches.
 *
 * Reading a member's full record must not cost a write transaction (and,
 * on SQLite, the database's one write lock) per request, so svc hands the
 * view entries to views_sink() and one flusher thread appends them with
 * svc_audit_flush(): every second, or once VIEWS_BATCH are waiting.  The
 * queue holds every entry until it is written: a failed write (database
 * down) is retried at the next tick, and http_server_stop() writes what is
 * left before the pool closes, so a clean shutdown loses nothing.  Only a
 * crash (or a database that stays down through the shutdown) can lose the
 * views of the last second, and the latter is logged with their count.
 *
 * A view repeats an earlier one of the same viewer, member and session
 * within the window (--view-window, srv->view_window_s) is not recorded:
 * the store judges it in the flush's transaction, under the chain lock
 * (store_audit_append_views), so it holds across several server
 * processes on one PostgreSQL database, and the request itself never
 * waits for it.  Before that, a view that repeats one still in the queue
 * (same viewer, session and member) is dropped at once, so that a record
 * reloaded many times a second costs the flusher nothing (the store would
 * refuse it anyway: the first one claims the key in the same batch).
 */
#include "http/http-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/banned.h"

#define VIEWS_TICK_MS 1000
#define VIEWS_TXN_MAX 1000 /* entries per transaction */
#define VIEWS_STOP_TRIES 5
#define VIEWS_ROOM_WAIT_MS 2000 /* longest a request waits for room */
#define VIEWS_PRUNE_EVERY_S 600 /* forget old views this often */
#define VIEWS_KEEP_MIN_S 86400  /* ... kept at least this long */

static void deadline_in(struct timespec *ts, long ms);

/* The key of a view: the viewer (account, or actor), session, member. */
static uint32_t
view_hash(const struct audit_view *v)
{
	uint64_t h = 1469598103934665603ULL;
	const char *s;

	for (s = v->session; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	if (v->e.user_id == 0 && v->e.actor != NULL)
		for (s = v->e.actor; *s; s++)
			h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	h = (h ^ (uint64_t)v->e.user_id) * 1099511628211ULL;
	h = (h ^ (uint64_t)v->e.object_id) * 1099511628211ULL;
	return (uint32_t)(h ^ (h >> 32));
}

static bool
view_same(const struct audit_view *a, const struct audit_view *b)
{
	return a->e.object_id == b->e.object_id &&
	    a->e.user_id == b->e.user_id &&
	    strcmp(a->session, b->session) == 0 &&
	    (a->e.user_id != 0 ||
	        strcmp(a->e.actor ? a->e.actor : "",
	            b->e.actor ? b->e.actor : "") == 0);
}

/* With the lock held: true if v repeats a view queued since the last
 * flush; else *ret_slot is where v's index goes (or -1: not kept). */
static bool
view_queued(struct view_queue *q, const struct audit_view *v, long *ret_slot)
{
	uint32_t mask = VIEWS_SEEN_SLOTS - 1, h;

	*ret_slot = -1;
	if (q->seen == NULL || v->session[0] == '\0')
		return false;
	for (h = view_hash(v) & mask; q->seen[h] != 0; h = (h + 1) & mask)
		if (view_same(&q->items[q->seen[h] - 1], v))
			return true;
	if (q->nseen < VIEWS_SEEN_SLOTS / 2)
		*ret_slot = (long)h;
	return false;
}

/* With the lock held, when the queue's items are taken or reordered. */
static void
views_seen_clear(struct view_queue *q)
{
	if (q->seen != NULL && q->nseen > 0)
		memset(q->seen, 0, VIEWS_SEEN_SLOTS * sizeof(*q->seen));
	q->nseen = 0;
}

void
views_sink(void *arg, struct audit_view *v)
{
	struct http_server *srv = arg;
	struct view_queue *q = &srv->views;
	struct timespec until;
	long slot = -1;
	int rc = 0;

	pthread_mutex_lock(&q->lock);
	if (srv->view_window_s > 0 && view_queued(q, v, &slot)) {
		pthread_mutex_unlock(&q->lock);
		audit_entry_release(&v->e);
		free(v);
		return;
	}
	/* Back-pressure rather than loss when the database lags far behind
	 * (it reads, or there would be no view, but cannot write): the
	 * request waits a little for room, then queues anyway, so that a
	 * stuck flusher never blocks the workers for good (nor the server's
	 * stop, which waits for them). */
	deadline_in(&until, VIEWS_ROOM_WAIT_MS);
	while (q->n >= VIEWS_MAX_QUEUED && !q->stop && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&q->room, &q->lock, &until);
	if (q->n == q->alloc) {
		size_t na = q->alloc ? q->alloc * 2 : 256;
		struct audit_view *ni = realloc(q->items, na * sizeof(*ni));

		if (ni == NULL) {
			pthread_mutex_unlock(&q->lock);
			fprintf(stderr,
			    "chibo: audit: out of memory: the view "
			    "of member %lld by %s is not recorded\n",
			    (long long)v->e.object_id,
			    v->e.actor ? v->e.actor : "?");
			audit_entry_release(&v->e);
			free(v);
			return;
		}
		q->items = ni;
		q->alloc = na;
	}
	/* (The slot found above is still free: the lock was released
	 * only if the queue was full, and then kept nothing new.) */
	if (slot >= 0 && q->seen[slot] == 0) {
		q->seen[slot] = (uint32_t)(q->n + 1);
		q->nseen++;
	}
	q->items[q->n++] = *v;
	free(v);
	if (q->n >= VIEWS_BATCH)
		pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->lock);
}

size_t
views_queued(struct http_server *srv)
{
	size_t n;

	pthread_mutex_lock(&srv->views.lock);
	n = srv->views.n;
	pthread_mutex_unlock(&srv->views.lock);
	return n;
}

/* Writes items[0..n) in transactions of VIEWS_TXN_MAX; returns how many
 * were written (from the front).  Called without the lock. */
static size_t
write_views(struct http_server *srv, struct audit_view *items, size_t n)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st;
	struct svc s;
	size_t done = 0, recorded;
	time_t now = time(NULL);

	st = store_pool_acquire(srv->pool);
	atomic_fetch_add(&srv->metrics.db_in_use, 1);
	svc_init(&s, st, srv->rules, "api");
	while (done < n) {
		size_t k = n - done < VIEWS_TXN_MAX ? n - done : VIEWS_TXN_MAX;

		if (svc_audit_flush(&s, items + done, k, srv->view_window_s,
		        &recorded, &err) != 0) {
			fprintf(stderr,
			    "chibo: audit: writing %zu dossier "
			    "views failed, kept for the next try: %s (%s)%s%s\n",
			    n - done, cb_code_name(err.code),
			    err.mcode ? err.mcode : "-",
			    err.detail ? ": " : "",
			    err.detail ? err.detail : "");
			cb_error_release(&err);
			break;
		}
		done += k;
	}
	/* Now and then, the views older than any window are forgotten
	 * (a day at least, so that a process with a longer window is not
	 * cut short by one with a shorter). */
	if (done == n && now - srv->views_pruned >= VIEWS_PRUNE_EVERY_S) {
		int64_t keep = srv->view_window_s > VIEWS_KEEP_MIN_S ?
		    srv->view_window_s :
		    VIEWS_KEEP_MIN_S;

		srv->views_pruned = now;
		if (svc_audit_views_prune(&s, keep, &err) != 0) {
			fprintf(stderr,
			    "chibo: audit: forgetting old dossier views failed"
			    " (tried again later): %s\n",
			    err.detail ? err.detail : cb_code_name(err.code));
			cb_error_release(&err);
		}
	}
	svc_release(&s);
	store_pool_release(srv->pool, st);
	atomic_fetch_sub(&srv->metrics.db_in_use, 1);
	return done;
}

/* Takes everything queued, writes it, and puts back (in front, in order)
 * what could not be written.  Called with the lock held; returns with it
 * held.  Returns the number left unwritten. */
static size_t
flush_locked(struct http_server *srv)
{
	struct view_queue *q = &srv->views;
	struct audit_view *items = q->items;
	size_t n = q->n, alloc = q->alloc, done, i;

	if (n == 0)
		return 0;
	q->items = NULL;
	q->n = q->alloc = 0;
	views_seen_clear(q);
	pthread_cond_broadcast(&q->room);
	pthread_mutex_unlock(&q->lock);

	done = write_views(srv, items, n);
	for (i = 0; i < done; i++)
		audit_entry_release(&items[i].e);

	pthread_mutex_lock(&q->lock);
	if (done < n) {
		/* The rest goes back before what arrived meanwhile (whose
		 * indexes change: the table of keys starts again). */
		views_seen_clear(q);
		size_t left = n - done, need = left + q->n;

		if (alloc < need) {
			struct audit_view *ni = realloc(items,
			    need * sizeof(*ni));

			if (ni == NULL) {
				/* Keep the old block: the new arrivals are
				 * dropped instead (logged). */
				for (i = 0; i < q->n; i++)
					audit_entry_release(&q->items[i].e);
				fprintf(stderr,
				    "chibo: audit: out of memory: "
				    "%zu dossier views not recorded\n",
				    q->n);
				q->n = 0;
				need = left;
			} else {
				items = ni;
				alloc = need;
			}
		}
		memmove(items, items + done, left * sizeof(*items));
		if (need > left)
			memcpy(items + left, q->items, q->n * sizeof(*items));
		free(q->items);
		q->items = items;
		q->n = need;
		q->alloc = alloc;
		return left;
	}
	free(items);
	return 0;
}

static void
deadline_in(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static void *
flusher(void *arg)
{
	struct http_server *srv = arg;
	struct view_queue *q = &srv->views;
	struct timespec next;
	int tries;

	pthread_mutex_lock(&q->lock);
	deadline_in(&next, VIEWS_TICK_MS);
	while (!q->stop) {
		int rc = 0;

		while (!q->stop && q->n < VIEWS_BATCH && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&q->wake, &q->lock, &next);
		if (q->stop)
			break;
		flush_locked(srv);
		deadline_in(&next, VIEWS_TICK_MS);
	}
	/* Stopping: the request threads are done; write everything. */
	for (tries = 0; q->n > 0 && tries < VIEWS_STOP_TRIES; tries++) {
		if (tries > 0) {
			struct timespec pause = { 0, 200 * 1000 * 1000 };

			pthread_mutex_unlock(&q->lock);
			nanosleep(&pause, NULL);
			pthread_mutex_lock(&q->lock);
		}
		flush_locked(srv);
	}
	if (q->n > 0) {
		size_t i;

		fprintf(stderr,
		    "chibo: audit: the database is unavailable; "
		    "%zu dossier views are NOT recorded\n",
		    q->n);
		for (i = 0; i < q->n; i++)
			audit_entry_release(&q->items[i].e);
		q->n = 0;
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

int
views_start(struct http_server *srv)
{
	struct view_queue *q = &srv->views;
	pthread_condattr_t ca;

	memset(q, 0, sizeof(*q));
	/* Without it, repeats are only judged by the store. */
	q->seen = calloc(VIEWS_SEEN_SLOTS, sizeof(*q->seen));
	if (pthread_mutex_init(&q->lock, NULL) != 0) {
		free(q->seen);
		return -CB_ENOMEM;
	}
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	if (pthread_cond_init(&q->wake, &ca) != 0) {
		pthread_condattr_destroy(&ca);
		pthread_mutex_destroy(&q->lock);
		free(q->seen);
		return -CB_ENOMEM;
	}
	if (pthread_cond_init(&q->room, &ca) != 0) {
		pthread_condattr_destroy(&ca);
		pthread_cond_destroy(&q->wake);
		pthread_mutex_destroy(&q->lock);
		free(q->seen);
		return -CB_ENOMEM;
	}
	pthread_condattr_destroy(&ca);
	if (pthread_create(&q->thread, NULL, flusher, srv) != 0) {
		pthread_cond_destroy(&q->wake);
		pthread_cond_destroy(&q->room);
		pthread_mutex_destroy(&q->lock);
		free(q->seen);
		return -CB_ENOMEM;
	}
	q->running = true;
	return 0;
}

void
views_stop(struct http_server *srv)
{
	struct view_queue *q = &srv->views;

	if (!q->running)
		return;
	pthread_mutex_lock(&q->lock);
	q->stop = true;
	pthread_cond_signal(&q->wake);
	pthread_cond_broadcast(&q->room);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	q->running = false;
	free(q->items);
	q->items = NULL;
	free(q->seen);
	q->seen = NULL;
	pthread_cond_destroy(&q->wake);
	pthread_cond_destroy(&q->room);
	pthread_mutex_destroy(&q->lock);
}
