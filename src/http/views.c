/*
 * views.c - dossier views, recorded in the audit trail before the dossier
 * is answered (group commit).
 *
 * svc hands each view to views_sink(), which queues it and gives the
 * request a ticket: the number of the flush that will write it.  The
 * access handler then suspends the connection (views_wait) instead of
 * answering, and the one flusher thread writes everything queued in one
 * transaction (svc_audit_flush), commits, and resumes every request whose
 * flush has committed; the worker threads meanwhile serve other
 * connections.  The flusher commits again as soon as the previous commit
 * ends if anything is queued (no tick), lingering at most VIEWS_LINGER_US
 * while other requests are still being handled (linger_locked): under
 * load each commit carries the views of every request in progress, so
 * the cost of a commit is shared by as many views as are waiting, and an
 * idle server answers a lone view after one commit.  "Durable" is the backend's
 * commit: PostgreSQL's (synchronous_commit on), SQLite's WAL with
 * synchronous=NORMAL, which survives the death of the process (the WAL
 * is written before the commit returns) but not a power cut since the
 * last checkpoint (docs/architecture.md).
 *
 * A view that repeats an earlier one of the same viewer, member and
 * session within the window (--view-window, srv->view_window_s) is not
 * recorded again: the store judges it in the flush's transaction, under
 * the chain lock (store_audit_append_views), so it holds across several
 * server processes on one PostgreSQL database.  A view that repeats one
 * still queued is not queued again but waits for the same flush, so that
 * no repeat is answered before the first view is durable.
 *
 * The queue is bounded (srv->views_max): a request that finds it full
 * waits up to VIEWS_ROOM_WAIT_MS for room, then is answered 503 with
 * Retry-After; so is a view whose commit does not come within
 * VIEWS_DURABLE_WAIT_MS (a database that cannot write).  Its entry stays
 * queued and is written when the database comes back: a view refused may
 * be recorded, a view answered always is.  The queue's memory is counted
 * (views_stats, GET /metrics).
 */
#include "http/http-int.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"

#include "util/banned.h"

#define VIEWS_IDLE_MS 100 /* the flusher's look at late waiters */
#ifndef VIEWS_LINGER_US
#define VIEWS_LINGER_US 1000 /* longest wait for the requests in progress */
#endif
#define VIEWS_RETRY_MS 100 /* pause after a failed write */
#define VIEWS_TXN_MAX 1000 /* entries per transaction */
#define VIEWS_STOP_TRIES 5
#define VIEWS_ROOM_WAIT_MS 500  /* longest a request waits for room */
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

/* What an entry's strings take (for the counted memory). */
static size_t
entry_bytes(const struct audit_entry *e)
{
	const char *const str[] = { e->actor, e->addr, e->action,
		e->object_type, e->before, e->after, e->detail };
	size_t i, n = 0;

	for (i = 0; i < sizeof(str) / sizeof(str[0]); i++)
		if (str[i] != NULL)
			n += strlen(str[i]) + 1;
	return n;
}

/* With the lock held: v repeats a view queued for the next flush. */
static bool
repeat_queued(struct http_server *srv, const struct audit_view *v,
    long *ret_slot)
{
	*ret_slot = -1;
	return srv->view_window_s > 0 && view_queued(&srv->views, v, ret_slot);
}

int
views_sink(void *arg, struct audit_view *v)
{
	struct request *r = arg;
	struct http_server *srv = r->srv;
	struct view_queue *q = &srv->views;
	struct timespec until;
	long slot = -1;
	bool repeat;
	int rc = 0;

	pthread_mutex_lock(&q->lock);
	repeat = repeat_queued(srv, v, &slot);
	if (!repeat && q->n >= srv->views_max) {
		/* Back-pressure: the request waits a little for room (the
		 * flusher empties the queue at every commit), then is
		 * refused rather than the queue growing without bound. */
		deadline_in(&until, VIEWS_ROOM_WAIT_MS);
		while (q->n >= srv->views_max && !q->stop && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&q->room, &q->lock,
			    &until);
		/* The queue changed meanwhile: judge the repeat again. */
		repeat = repeat_queued(srv, v, &slot);
	}
	if (repeat) {
		/* Answered with the commit that records the first one. */
		r->view_ticket = q->taken + 1;
		pthread_mutex_unlock(&q->lock);
		audit_entry_release(&v->e);
		free(v);
		return 0;
	}
	if (q->n >= srv->views_max)
		goto refuse;
	if (q->n == q->alloc) {
		size_t na = q->alloc ? q->alloc * 2 : 256;
		struct audit_view *ni;

		if (na > srv->views_max)
			na = srv->views_max;
		if ((ni = realloc(q->items, na * sizeof(*ni))) == NULL)
			goto refuse;
		q->items = ni;
		q->alloc = na;
	}
	if (slot >= 0 && q->seen[slot] == 0) {
		q->seen[slot] = (uint32_t)(q->n + 1);
		q->nseen++;
	}
	q->str_bytes += entry_bytes(&v->e);
	q->items[q->n++] = *v;
	free(v);
	r->view_ticket = q->taken + 1;
	/* The flusher waits when the queue is empty, or lingers for the
	 * requests in progress (linger_locked). */
	if (q->n == 1 || (q->linger_for > 0 && q->n >= q->linger_for))
		pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->lock);
	return 0;
refuse:
	q->refused++;
	r->view_failed = true;
	pthread_mutex_unlock(&q->lock);
	audit_entry_release(&v->e);
	free(v);
	return -CB_ESTORE;
}

static bool
passed(const struct timespec *t, const struct timespec *now)
{
	return now->tv_sec > t->tv_sec ||
	    (now->tv_sec == t->tv_sec && now->tv_nsec >= t->tv_nsec);
}

/* With the lock held: resumes the waiters whose view is durable, and
 * (as failed) those past their time, or all of them if all. */
static void
resume_locked(struct view_queue *q, bool all)
{
	struct request **pp = &q->waiters, *r;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	while ((r = *pp) != NULL) {
		bool ok = q->done >= r->view_ticket &&
		    r->view_ticket != q->lost;

		if (!ok && !all && !passed(&r->view_until, &now)) {
			pp = &r->view_next;
			continue;
		}
		*pp = r->view_next;
		r->view_next = NULL;
		q->nwaiting--;
		if (!ok) {
			r->view_failed = true;
			q->refused++;
		}
		/* The worker may run r at once: nothing of r after this. */
		MHD_resume_connection(r->conn);
	}
}

bool
views_wait(struct request *r)
{
	struct view_queue *q = &r->srv->views;

	if (r->view_ticket == 0 || r->view_failed)
		return false;
	pthread_mutex_lock(&q->lock);
	if (q->done >= r->view_ticket && r->view_ticket != q->lost) {
		pthread_mutex_unlock(&q->lock);
		return false;
	}
	if (!q->running || q->stop || q->closing ||
	    r->view_ticket == q->lost) {
		/* No commit will come for it: refused. */
		q->refused++;
		r->view_failed = true;
		pthread_mutex_unlock(&q->lock);
		return false;
	}
	deadline_in(&r->view_until, VIEWS_DURABLE_WAIT_MS);
	r->view_waiting = true;
	r->view_next = q->waiters;
	q->waiters = r;
	q->nwaiting++;
	/* Under the lock: the flusher resumes it only after this. */
	MHD_suspend_connection(r->conn);
	pthread_mutex_unlock(&q->lock);
	return true;
}

void
views_release_waiters(struct http_server *srv)
{
	struct view_queue *q = &srv->views;

	if (!q->running)
		return;
	pthread_mutex_lock(&q->lock);
	q->closing = true;
	resume_locked(q, true);
	pthread_mutex_unlock(&q->lock);
}

void
views_stats(struct http_server *srv, struct views_stats *ret)
{
	struct view_queue *q = &srv->views;

	memset(ret, 0, sizeof(*ret));
	if (!q->running)
		return;
	pthread_mutex_lock(&q->lock);
	ret->queued = q->n;
	ret->waiting = q->nwaiting;
	ret->bytes = (q->alloc + q->spare_alloc) * sizeof(*q->items) +
	    q->str_bytes + q->inflight_bytes +
	    (q->seen != NULL ? VIEWS_SEEN_SLOTS * sizeof(*q->seen) : 0);
	ret->refused = q->refused;
	ret->commits = q->commits;
	ret->written = q->written;
	pthread_mutex_unlock(&q->lock);
}

size_t
views_queued(struct http_server *srv)
{
	struct views_stats st;

	views_stats(srv, &st);
	return st.queued;
}

/* Writes items[0..n) in transactions of VIEWS_TXN_MAX; returns how many
 * were written (from the front), *ret_commits the transactions committed.
 * Called without the lock. */
static size_t
write_views(struct http_server *srv, struct audit_view *items, size_t n,
    uint64_t *ret_commits)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st;
	struct svc s;
	size_t done = 0, recorded;
	time_t now = time(NULL);

	*ret_commits = 0;
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
		(*ret_commits)++;
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

/* With the lock held, when the views of flush lost will never be written
 * (out of memory): their requests are refused, now or when they come to
 * wait (views_wait), never answered as if recorded. */
static void
lose_locked(struct view_queue *q, uint64_t lost)
{
	struct request **pp = &q->waiters, *r;

	q->lost = lost;
	while ((r = *pp) != NULL) {
		if (r->view_ticket != lost) {
			pp = &r->view_next;
			continue;
		}
		*pp = r->view_next;
		r->view_next = NULL;
		q->nwaiting--;
		r->view_failed = true;
		q->refused++;
		MHD_resume_connection(r->conn);
	}
}

/* Takes everything queued, writes and commits it, answers the requests
 * that waited for it, and puts back (in front, in order) what could not
 * be written.  Called with the lock held; returns with it held.  Returns
 * the number left unwritten. */
static size_t
flush_locked(struct http_server *srv)
{
	struct view_queue *q = &srv->views;
	struct audit_view *items = q->items;
	size_t n = q->n, alloc = q->alloc, done, i;
	uint64_t gen, commits;

	if (n == 0)
		return 0;
	/* Everything queued now has ticket gen; what comes next, gen + 1. */
	gen = ++q->taken;
	/* The next batch fills the spare block (kept from the last flush:
	 * no allocation, nor page faults, on the request path). */
	q->items = q->spare;
	q->alloc = q->spare_alloc;
	q->spare = NULL;
	q->spare_alloc = 0;
	q->n = 0;
	q->inflight_bytes = alloc * sizeof(*items) + q->str_bytes;
	q->str_bytes = 0;
	views_seen_clear(q);
	pthread_cond_broadcast(&q->room);
	pthread_mutex_unlock(&q->lock);

	done = write_views(srv, items, n, &commits);
	for (i = 0; i < done; i++)
		audit_entry_release(&items[i].e);

	pthread_mutex_lock(&q->lock);
	q->inflight_bytes = 0;
	q->written += done;
	q->commits += commits;
	if (done == n) {
		if (q->spare == NULL) {
			q->spare = items;
			q->spare_alloc = alloc;
		} else {
			free(items);
		}
		q->done = gen;
		resume_locked(q, false);
		return 0;
	}
	/* The rest goes back before what arrived meanwhile (whose indexes
	 * change: the table of keys starts again).  Their requests keep
	 * waiting: q->done moves only when a flush writes everything. */
	views_seen_clear(q);
	size_t left = n - done, need = left + q->n;

	if (alloc < need) {
		struct audit_view *ni = realloc(items, need * sizeof(*ni));

		if (ni == NULL) {
			/* Keep the old block: the new arrivals (all of
			 * ticket gen + 1) are dropped, and their requests
			 * refused. */
			for (i = 0; i < q->n; i++)
				audit_entry_release(&q->items[i].e);
			fprintf(stderr,
			    "chibo: audit: out of memory: %zu dossier views"
			    " not recorded (their requests are refused)\n",
			    q->n);
			q->n = 0;
			need = left;
			lose_locked(q, ++q->taken);
		} else {
			items = ni;
			alloc = need;
		}
	}
	memmove(items, items + done, left * sizeof(*items));
	if (need > left)
		memcpy(items + left, q->items, q->n * sizeof(*items));
	for (i = 0; i < left; i++)
		q->str_bytes += entry_bytes(&items[i].e);
	free(q->items);
	q->items = items;
	q->n = need;
	q->alloc = alloc;
	return left;
}

static void
deadline_in(struct timespec *ts, long ms)
{
	clock_deadline(ts, CLOCK_MONOTONIC, (long long)ms * 1000);
}

static void
pause_unlocked(struct view_queue *q, long ms)
{
	struct timespec pause = { ms / 1000, (ms % 1000) * 1000000L };

	pthread_mutex_unlock(&q->lock);
	nanosleep(&pause, NULL);
	pthread_mutex_lock(&q->lock);
}

/*
 * With the lock held, before a commit: while other requests are still
 * being handled (each may bring a view in a moment), waits for them, at
 * most VIEWS_LINGER_US, so that one commit carries the views of all the
 * requests in progress rather than the first few (PostgreSQL's
 * commit_delay, but only under load: a lone view is written at once).
 */
static void
linger_locked(struct http_server *srv)
{
	struct view_queue *q = &srv->views;
	struct timespec until;
	unsigned long busy;
	int rc = 0;

	busy = (unsigned long)atomic_load(&srv->metrics.in_flight);
	if (q->n == 0 || q->n >= busy || VIEWS_LINGER_US <= 0)
		return;
	clock_deadline(&until, CLOCK_MONOTONIC, VIEWS_LINGER_US);
	q->linger_for = busy;
	while (!q->stop && q->n < q->linger_for && rc != ETIMEDOUT) {
		rc = pthread_cond_timedwait(&q->wake, &q->lock, &until);
		q->linger_for = (unsigned long)
		    atomic_load(&srv->metrics.in_flight);
	}
	q->linger_for = 0;
}

static void *
flusher(void *arg)
{
	struct http_server *srv = arg;
	struct view_queue *q = &srv->views;
	struct timespec next;
	int tries;

	pthread_mutex_lock(&q->lock);
	while (!q->stop) {
		/* Group commit: no tick.  While views are queued the flusher
		 * writes them as soon as its previous commit has ended. */
		if (q->n == 0) {
			deadline_in(&next, VIEWS_IDLE_MS);
			pthread_cond_timedwait(&q->wake, &q->lock, &next);
		}
		if (q->stop)
			break;
		linger_locked(srv);
		if (q->n > 0 && flush_locked(srv) > 0) {
			/* Not written (the database is down or locked): try
			 * again shortly; the requests past their time are
			 * refused meanwhile. */
			resume_locked(q, false);
			pause_unlocked(q, VIEWS_RETRY_MS);
		}
		if (q->nwaiting > 0)
			resume_locked(q, false);
	}
	/* Stopping: the request threads are done; write everything. */
	for (tries = 0; q->n > 0 && tries < VIEWS_STOP_TRIES; tries++) {
		if (tries > 0)
			pause_unlocked(q, 200);
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
	resume_locked(q, true);
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

/* Answers the requests past their time while the flusher may be stuck in
 * a write that does not end (a lock held elsewhere, a database that hangs):
 * their connections are resumed and refused, every VIEWS_IDLE_MS. */
static void *
reaper(void *arg)
{
	struct view_queue *q = arg;
	struct timespec next;

	pthread_mutex_lock(&q->lock);
	while (!q->stop) {
		deadline_in(&next, VIEWS_IDLE_MS);
		pthread_cond_timedwait(&q->reap, &q->lock, &next);
		if (q->nwaiting > 0)
			resume_locked(q, false);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

int
views_start(struct http_server *srv)
{
	struct view_queue *q = &srv->views;
	pthread_condattr_t ca;
	const char *env;

	memset(q, 0, sizeof(*q));
	srv->views_max = VIEWS_MAX_QUEUED;
	if ((env = getenv("CHIBO_VIEW_QUEUE_MAX")) != NULL && *env != '\0') {
		char *end;
		unsigned long v = strtoul(env, &end, 10);

		if (*end == '\0' && v >= 1 && v <= 1000000)
			srv->views_max = v;
	}
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
	if (pthread_cond_init(&q->reap, &ca) != 0) {
		pthread_condattr_destroy(&ca);
		pthread_cond_destroy(&q->wake);
		pthread_cond_destroy(&q->room);
		pthread_mutex_destroy(&q->lock);
		free(q->seen);
		return -CB_ENOMEM;
	}
	pthread_condattr_destroy(&ca);
	if (pthread_create(&q->thread, NULL, flusher, srv) != 0)
		goto fail;
	if (pthread_create(&q->reaper, NULL, reaper, q) != 0) {
		pthread_mutex_lock(&q->lock);
		q->stop = true;
		pthread_cond_signal(&q->wake);
		pthread_mutex_unlock(&q->lock);
		pthread_join(q->thread, NULL);
		goto fail;
	}
	q->running = true;
	return 0;
fail:
	pthread_cond_destroy(&q->wake);
	pthread_cond_destroy(&q->room);
	pthread_cond_destroy(&q->reap);
	pthread_mutex_destroy(&q->lock);
	free(q->items);
	free(q->seen);
	return -CB_ENOMEM;
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
	pthread_cond_signal(&q->reap);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	pthread_join(q->reaper, NULL);
	q->running = false;
	free(q->items);
	q->items = NULL;
	free(q->spare);
	q->spare = NULL;
	free(q->seen);
	q->seen = NULL;
	pthread_cond_destroy(&q->wake);
	pthread_cond_destroy(&q->room);
	pthread_cond_destroy(&q->reap);
	pthread_mutex_destroy(&q->lock);
}
