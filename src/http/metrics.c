/*
 * metrics.c - Prometheus counters of the server (text format 0.0.4).
 *
 * Requests are counted by route pattern (never the raw path, so the
 * series stay few), method (known methods only; anything else is
 * "other") and status.  Counts and the histograms sit behind one mutex,
 * taken once per finished request; the gauges are atomics.
 */
#include "http/http-int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/banned.h"

static const double bucket_le[METRICS_NBUCKETS] = {
	0.001,
	0.0025,
	0.005,
	0.01,
	0.025,
	0.05,
	0.1,
	0.25,
	0.5,
	1,
	2.5,
	10,
};

static const char *const methods[] = {
	"GET",
	"HEAD",
	"POST",
	"PUT",
	"PATCH",
	"DELETE",
	"OPTIONS",
	"other",
};
#define NMETHODS (sizeof(methods) / sizeof(methods[0]))

static int
method_index(const char *m)
{
	size_t i;

	for (i = 0; i + 1 < NMETHODS; i++)
		if (strcmp(methods[i], m) == 0)
			return (int)i;
	return (int)NMETHODS - 1;
}

int
metrics_init(struct metrics *m, unsigned int db_pool_size)
{
	struct timespec ts;

	memset(m, 0, sizeof(*m));
	http_routes(&m->nroutes);
	m->hist = calloc(m->nroutes + 1, sizeof(*m->hist));
	if (m->hist == NULL)
		return -CB_ENOMEM;
	if (pthread_mutex_init(&m->lock, NULL) != 0) {
		free(m->hist);
		m->hist = NULL;
		return -CB_ENOMEM;
	}
	atomic_init(&m->in_flight, 0);
	atomic_init(&m->db_in_use, 0);
	m->db_pool_size = db_pool_size;
	clock_gettime(CLOCK_REALTIME, &ts);
	m->start_time = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	return 0;
}

void
metrics_release(struct metrics *m)
{
	if (m == NULL || m->hist == NULL)
		return;
	pthread_mutex_destroy(&m->lock);
	free(m->hist);
	m->hist = NULL;
}

/* The histogram slot of a route (the last one: unmatched). */
static size_t
slot(const struct metrics *m, size_t route)
{
	return route < m->nroutes ? route : m->nroutes;
}

void
metrics_observe(struct metrics *m, size_t route, const char *method,
    unsigned int status, double seconds)
{
	struct metrics_hist *h;
	int mi = method_index(method);
	size_t i, s = slot(m, route);

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < m->nseries; i++) {
		struct metrics_series *e = &m->series[i];

		if (slot(m, e->route) == s && e->method == mi &&
		    e->status == status)
			break;
	}
	if (i == m->nseries && m->nseries < METRICS_MAX_SERIES) {
		m->series[i].route = s;
		m->series[i].method = mi;
		m->series[i].status = status;
		m->series[i].n = 0;
		m->nseries++;
	}
	if (i < m->nseries)
		m->series[i].n++;
	h = &m->hist[s];
	for (i = 0; i < METRICS_NBUCKETS; i++)
		if (seconds <= bucket_le[i]) {
			h->buckets[i]++;
			break;
		}
	h->count++;
	h->sum += seconds;
	pthread_mutex_unlock(&m->lock);
}

/* A label value, escaped as the text format asks (\\, \", \n). */
static void
label(struct sb *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			sb_addc(out, '\\');
		if (*s == '\n') {
			sb_add(out, "\\n");
			continue;
		}
		sb_addc(out, *s);
	}
}

static const char *
route_name(const struct route *routes, const struct metrics *m, size_t s)
{
	return s < m->nroutes ? routes[s].pattern : "unmatched";
}

int
metrics_render(struct metrics *m, struct sb *out)
{
	size_t nroutes, i, k;
	const struct route *routes = http_routes(&nroutes);
	struct metrics_series *series;
	struct metrics_hist *hist;
	size_t nseries;

	/* Copy under the lock, format outside it. */
	hist = calloc(m->nroutes + 1, sizeof(*hist));
	series = calloc(METRICS_MAX_SERIES, sizeof(*series));
	if (hist == NULL || series == NULL) {
		free(hist);
		free(series);
		return -CB_ENOMEM;
	}
	pthread_mutex_lock(&m->lock);
	memcpy(hist, m->hist, (m->nroutes + 1) * sizeof(*hist));
	memcpy(series, m->series, m->nseries * sizeof(*series));
	nseries = m->nseries;
	pthread_mutex_unlock(&m->lock);

	sb_add(out,
	    "# HELP chibo_http_requests_total HTTP requests "
	    "answered, by route pattern, method and status.\n"
	    "# TYPE chibo_http_requests_total counter\n");
	for (i = 0; i < nseries; i++) {
		sb_add(out, "chibo_http_requests_total{method=\"");
		label(out, methods[series[i].method]);
		sb_add(out, "\",route=\"");
		label(out, route_name(routes, m, series[i].route));
		sb_addf(out, "\",status=\"%u\"} %llu\n", series[i].status,
		    (unsigned long long)series[i].n);
	}

	sb_add(out,
	    "# HELP chibo_http_request_duration_seconds Time from "
	    "the request's headers to its response, by route pattern.\n"
	    "# TYPE chibo_http_request_duration_seconds histogram\n");
	for (i = 0; i <= m->nroutes; i++) {
		const char *name = route_name(routes, m, i);
		uint64_t cum = 0;

		/* One histogram per pattern (several methods share one). */
		if (i < m->nroutes) {
			size_t j;
			bool dup = false;

			for (j = 0; j < i && !dup; j++)
				dup = strcmp(routes[j].pattern, name) == 0;
			if (dup)
				continue;
			for (j = i + 1; j < m->nroutes; j++)
				if (strcmp(routes[j].pattern, name) == 0) {
					for (k = 0; k < METRICS_NBUCKETS; k++)
						hist[i].buckets[k] +=
						    hist[j].buckets[k];
					hist[i].count += hist[j].count;
					hist[i].sum += hist[j].sum;
				}
		}
		for (k = 0; k < METRICS_NBUCKETS; k++) {
			cum += hist[i].buckets[k];
			sb_add(out,
			    "chibo_http_request_duration_seconds_bucket"
			    "{route=\"");
			label(out, name);
			sb_addf(out, "\",le=\"%g\"} %llu\n", bucket_le[k],
			    (unsigned long long)cum);
		}
		sb_add(out,
		    "chibo_http_request_duration_seconds_bucket"
		    "{route=\"");
		label(out, name);
		sb_addf(out, "\",le=\"+Inf\"} %llu\n",
		    (unsigned long long)hist[i].count);
		sb_add(out,
		    "chibo_http_request_duration_seconds_sum{route=\"");
		label(out, name);
		sb_addf(out, "\"} %.9f\n", hist[i].sum);
		sb_add(out,
		    "chibo_http_request_duration_seconds_count"
		    "{route=\"");
		label(out, name);
		sb_addf(out, "\"} %llu\n", (unsigned long long)hist[i].count);
	}

	sb_addf(out,
	    "# HELP chibo_http_requests_in_flight Requests being "
	    "received or answered.\n"
	    "# TYPE chibo_http_requests_in_flight gauge\n"
	    "chibo_http_requests_in_flight %ld\n",
	    atomic_load(&m->in_flight));
	sb_addf(out,
	    "# HELP chibo_db_pool_size Database connections in the "
	    "pool.\n# TYPE chibo_db_pool_size gauge\nchibo_db_pool_size %u\n",
	    m->db_pool_size);
	sb_addf(out,
	    "# HELP chibo_db_pool_in_use Pooled database "
	    "connections held by requests.\n"
	    "# TYPE chibo_db_pool_in_use gauge\nchibo_db_pool_in_use %ld\n",
	    atomic_load(&m->db_in_use));
	sb_addf(out,
	    "# HELP process_start_time_seconds Start time of the "
	    "server since the UNIX epoch, in seconds.\n"
	    "# TYPE process_start_time_seconds gauge\n"
	    "process_start_time_seconds %.3f\n",
	    m->start_time);
	free(hist);
	free(series);
	return sb_err(out);
}
