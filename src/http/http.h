/*
 * http.h - the JSON API server (libmicrohttpd).  Everything the server does
 * goes through svc/; this layer parses requests, checks them, maps errors
 * to application/problem+json and writes JSON with jansson.
 */
#ifndef CHIBO_HTTP_HTTP_H
#define CHIBO_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rulebook.h"
#include "util/err.h"

struct http_config {
	const char *dburl;            /* SQLite path or PostgreSQL URL */
	const char *listen;           /* "ADDR:PORT"; port 0 = any free one */
	unsigned int threads;         /* worker threads (0: 2) */
	unsigned int db_conns;        /* pooled connections (0: threads) */
	size_t max_body;              /* bytes (0: 1 MiB) */
	size_t max_upload;            /* import bodies (0: 32 MiB) */
	const struct rulebook *rules; /* borrowed; outlives the server */
	bool trust_proxy;             /* behind a reverse proxy: take the
				       * client address from the first
				       * X-Forwarded-For hop and TLS from
				       * X-Forwarded-Proto: https */
	const char *web_root;         /* the web application's files
				       * (static.c), or NULL: the API
				       * only */
	int64_t view_window_s;        /* a dossier view is recorded once
				       * per viewer, record and session
				       * within this many seconds (0: the
				       * default, 600; < 0: every view) */
};

struct http_server;

/*
 * Opens the database pool and starts listening.  The schema must be
 * current (svc_open_db).  Returns 0 and the server in *ret, or -CB_E* with
 * details in err (e.g. the address is in use).
 */
int http_server_start(const struct http_config *cfg, struct http_server **ret,
    struct cb_error *err);
/* The port actually bound (useful with port 0). */
unsigned int http_server_port(const struct http_server *srv);
/* Stops accepting, finishes the requests in flight, writes the dossier
 * views still queued for the audit trail, frees everything.  NULL is
 * fine. */
void http_server_stop(struct http_server *srv);

#endif
