/*
 * server.c - the libmicrohttpd daemon: start and stop, the access handler,
 * per-request state, response headers, the access log.
 *
 * Threading: MHD's internal epoll loop with a pool of worker threads
 * (MHD_OPTION_THREAD_POOL_SIZE); a handler runs in the worker that owns
 * the connection and borrows one of a few pooled database connections for
 * its duration (performance-notes.md: thread-per-connection with a handle
 * per thread costs a page cache per client).
 *
 * The access handler is called at least twice per request: first with the
 * headers (we allocate the struct request, route it and check the
 * declared body size), then once per chunk of body, then once with no
 * data.  Responses are queued on that last call, never on the first: MHD
 * 0.9.75 drops keep-alive when a response is queued on the first call.
 * The only exception is a body declared larger than the limit, answered
 * 413 at once so that it is never read (the connection then closes).
 *
 * Before the handler of any route but the few public ones, the request's
 * principal is found (auth.c: session cookie or bearer token, CSRF) and
 * the handler's svc context is made for it (svc_init_as), so that svc and
 * the store judge every read and write against its grants.  Dossier views
 * go to the server's view queue (views.c).
 */
#include "http/http-int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "svc/render.h"
#include "util/hash.h"

#include "util/banned.h"

#define DEFAULT_THREADS 2
#define DEFAULT_MAX_BODY ((size_t)1024 * 1024)
#define DEFAULT_MAX_UPLOAD ((size_t)32 * 1024 * 1024)
#define DEFAULT_VIEW_WINDOW_S 600 /* dossier views: once per 10 minutes */
#define CONN_MEMORY_LIMIT ((size_t)16 * 1024)
#define CONN_TIMEOUT_S 60
#define CONN_LIMIT 1000
#define PATH_MAX_LOGGED 2048
#define STOP_WAIT_MS 10000

/* ---------------------------------------------------------- requests */

static double
elapsed(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

const char uri_flaw_tag, request_tag;

/* What uri_check gives when it cannot allocate (a bad path). */
static struct uri_flaw flaw_oom = { &uri_flaw_tag, true, false, "", "", "",
	NULL };

/* The flaw *con_cls holds before the request is made, or NULL. */
static struct uri_flaw *
flaw_of(void *con_cls)
{
	struct uri_flaw *f = con_cls;

	return f != NULL && f->tag == &uri_flaw_tag ? f : NULL;
}

static void
flaw_free(struct uri_flaw *f)
{
	if (f != &flaw_oom)
		free(f);
}

/*
 * A raw NUL byte in the request line ends the target MHD hands over
 * ("GET /members/1<NUL>/x HTTP/1.1" would read as "/members/1"), where
 * uri_check cannot see it.  MHD (0.9.75, Debian 12's) keeps the request
 * line in its buffer, the target's end overwritten by a NUL right before
 * the version: a version that does not start right after the end of the
 * target uri_check saw means the target went on past a NUL byte.  That
 * layout is relied upon for the MHD versions up to 0.9.75 only (with
 * another, the check is off; test_input.py's raw NUL cases tell).
 */
static bool
target_cut(const struct uri_flaw *f, const char *version)
{
#if MHD_VERSION < 0x00097600
	return f != NULL && f->raw_end != NULL && version != NULL &&
	    version[0] != '\0' && version != f->raw_end + 1;
#else
	(void)f;
	(void)version;
	return false;
#endif
}

static struct request *
request_new(struct http_server *srv, struct MHD_Connection *conn,
    const char *url, const char *method)
{
	struct request *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	if ((r->path = strndup(url, PATH_MAX_LOGGED)) == NULL) {
		free(r);
		return NULL;
	}
	/* MHD has decoded %XX: no control bytes or quotes reach the logs
	 * (no route holds any). */
	for (char *p = r->path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F || *p == '"')
			*p = '?';
	r->tag = &request_tag;
	r->srv = srv;
	r->conn = conn;
	snprintf(r->method, sizeof(r->method), "%s", method);
	/* It is echoed in messages and logs: printable ASCII only. */
	for (char *m = r->method; *m; m++)
		if (*m <= ' ' || *m > '~' || *m == '"' || *m == '\\')
			*m = '?';
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	sb_init(&r->body, 0);
	r->route_index = ROUTE_UNMATCHED;
	principal_init(&r->who);
	request_origin(r);
	return r;
}

static void
request_free(struct request *r)
{
	if (r == NULL)
		return;
	/* A body may hold a password (signing in). */
	if (r->body.buf != NULL)
		hash_wipe(r->body.buf, r->body.len);
	sb_release(&r->body);
	json_decref(r->json);
	free(r->raw);
	free(r->location);
	free(r->path);
	free(r->param_buf);
	flaw_free(r->flaw);
	if (r->session != NULL) {
		hash_wipe(r->session, strlen(r->session));
		free(r->session);
	}
	if (r->set_cookie != NULL) {
		hash_wipe(r->set_cookie, strlen(r->set_cookie));
		free(r->set_cookie);
	}
	request_who_release(r);
	free(r);
}

/* The security and caching headers of every response; HSTS only when the
 * request came over TLS (a plain-HTTP answer cannot set it anyway). */
static int
add_common_headers(struct request *r, struct MHD_Response *resp)
{
	static const char *const h[][2] = {
		{ "Cache-Control", "no-store" },
		{ "X-Content-Type-Options", "nosniff" },
		{ "Content-Security-Policy",
		    "default-src 'none'; frame-ancestors 'none'" },
		{ "Referrer-Policy", "no-referrer" },
		{ "X-Frame-Options", "DENY" },
	};
	size_t i;

	for (i = 0; i < sizeof(h) / sizeof(h[0]); i++)
		if (MHD_add_response_header(resp, h[i][0], h[i][1]) != MHD_YES)
			return -1;
	if (r->tls &&
	    MHD_add_response_header(resp, "Strict-Transport-Security",
	        "max-age=31536000") != MHD_YES)
		return -1;
	if (r->set_cookie != NULL &&
	    MHD_add_response_header(resp, "Set-Cookie", r->set_cookie) !=
	        MHD_YES)
		return -1;
	if (r->status == 401 &&
	    MHD_add_response_header(resp, "WWW-Authenticate",
	        "Bearer realm=\"chibo\"") != MHD_YES)
		return -1;
	if ((r->status == 429 || r->status == 503) && r->retry_after[0] &&
	    MHD_add_response_header(resp, "Retry-After", r->retry_after) !=
	        MHD_YES)
		return -1;
	return 0;
}

/* Queues r's reply.  Returns what the access handler should return. */
static enum MHD_Result
queue_reply(struct request *r)
{
	struct MHD_Response *resp;
	const char *ctype = r->ctype;
	char *body = NULL;
	size_t len = 0;
	enum MHD_Result ok;

	if (r->json != NULL) {
		/* 15 significant digits: a percentage computed as 77.4 is
		 * written 77.4, not 77.400000000000006 (jansson's default
		 * is the 17 that round-trip every double); json_dumps_api
		 * writes what json_dumps would, faster (svc/json-dump.c). */
		body = json_dumps_api(r->json, NULL);
		if (body == NULL)
			body = json_dumps(r->json,
			    JSON_COMPACT | JSON_REAL_PRECISION(15));
		if (body == NULL) {
			req_fail_code(r, CB_ENOMEM, "out_of_memory", NULL);
			body = r->raw; /* the static fallback */
			r->raw = NULL;
		}
		len = body ? strlen(body) : 0;
		ctype = r->problem ?
		    "application/problem+json" :
		    "application/json";
	} else if (r->raw != NULL) {
		body = r->raw;
		len = r->raw_len;
		r->raw = NULL;
	}
	if (body != NULL)
		resp = MHD_create_response_from_buffer(len, body,
		    MHD_RESPMEM_MUST_FREE);
	else
		resp = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	r->resp_bytes = len;
	if (add_common_headers(r, resp) != 0 ||
	    (ctype != NULL &&
	        MHD_add_response_header(resp, "Content-Type", ctype) !=
	            MHD_YES) ||
	    (r->etag[0] &&
	        MHD_add_response_header(resp, "ETag", r->etag) != MHD_YES) ||
	    (r->location &&
	        MHD_add_response_header(resp, "Location", r->location) !=
	            MHD_YES) ||
	    (r->disposition &&
	        MHD_add_response_header(resp, "Content-Disposition",
	            r->disposition) != MHD_YES) ||
	    (r->status == 405 &&
	        MHD_add_response_header(resp, "Allow", r->allow) != MHD_YES) ||
	    (r->problem &&
	        MHD_add_response_header(resp, "Content-Language",
	            msg_lang_name(r->lang)) != MHD_YES)) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	ok = MHD_queue_response(r->conn, r->status, resp);
	MHD_destroy_response(resp);
	if (ok == MHD_YES)
		r->queued = true;
	return ok;
}

/*
 * What the route table says, judged before the handler, in this order:
 * the path parameters that must be ids (404 "invalid_id"), the action
 * (403 "forbidden", unless RF_SCOPED), the query keys (400
 * "invalid_query" naming each unknown one).  0, or -1 with the reply made.
 */
static int
route_check(struct request *r)
{
	const struct route *rt = r->route;
	struct cb_error err = CB_ERROR_INIT;
	int rc;

	if (r->params_lost) {
		req_fail_code(r, CB_ENOMEM, "out_of_memory", NULL);
		return -1;
	}
	if (!req_params_valid(r)) {
		req_fail_code(r, CB_ENOTFOUND, "invalid_id", NULL);
		return -1;
	}
	/* Roles that may never do what the route does are told so before
	 * anything in the request is judged (an organisation's existence,
	 * say). */
	if (rt->need != ROUTE_NEED_NONE && !(rt->flags & RF_SCOPED) &&
	    !principal_can(&r->who, rt->act)) {
		req_fail_code(r, CB_EPERM, "forbidden", NULL);
		return -1;
	}
	rc = rt->flags & RF_ANY_QUERY ? 0 : query_check(r, rt->query, &err);
	if (r->flaw != NULL) {
		/* A control character MHD would cut the value at, or pass
		 * on: named, with where it is (after any unknown key). */
		cb_error_set(&err, CB_EINVAL, "invalid_query", NULL);
		rc = cb_error_field_given(&err, 0, r->flaw->key,
		    "control_character", r->flaw->cp, r->flaw->pos);
	}
	if (rc != 0) {
		req_fail(r, rc, &err);
		return -1;
	}
	return 0;
}

/* Runs the request's handler (or answers why there is none). */
static void
dispatch(struct request *r)
{
	struct http_server *srv = r->srv;
	const struct route *rt = r->route;
	char arg[32];

	if (r->bad_path) {
		req_fail_code(r, CB_EINVAL, "invalid_path", NULL);
		return;
	}
	if (r->match == MATCH_NONE) {
		req_fail_code(r, CB_ENOTFOUND, "route_not_found", NULL);
		return;
	}
	if (r->match == MATCH_METHOD) {
		req_fail_code(r, CB_EINVAL, "method_not_allowed", r->method);
		return;
	}
	if (r->too_big) {
		snprintf(arg, sizeof(arg), "%zu", r->body_limit);
		req_fail_code(r, CB_ETOOBIG, "body_too_large", arg);
		return;
	}
	if ((rt->flags & RF_DB) || !(rt->flags & RF_PUBLIC)) {
		r->st = store_pool_acquire(srv->pool);
		atomic_fetch_add(&srv->metrics.db_in_use, 1);
	}
	/* Who asks comes first: nothing about the request (not even
	 * whether its id is well formed) is judged for a stranger. */
	if (!(rt->flags & RF_PUBLIC) && authenticate(r) != 0)
		goto release;
	if (route_check(r) != 0)
		goto release;
	if (rt->flags & RF_DB) {
		if (rt->flags & RF_PUBLIC) {
			/* Health and signing in: the system, at the client's
			 * address (sign-ins are audited with it). */
			svc_init(&r->svc, r->st, srv->rules, "api");
			r->svc.addr = r->addr;
		} else {
			svc_init_as(&r->svc, r->st, srv->rules, &r->who,
			    r->addr, views_sink, r);
			r->svc.session = r->view_session;
		}
	}
	rt->fn(r);
	if (rt->flags & RF_DB)
		svc_release(&r->svc);
release:
	if (r->st != NULL) {
		store_pool_release(srv->pool, r->st);
		r->st = NULL;
		atomic_fetch_sub(&srv->metrics.db_in_use, 1);
	}
	if (r->status == 0) /* a handler that forgot to reply */
		req_fail_code(r, CB_ESTORE, "storage_error", NULL);
}

/*
 * Answers 413 problem+json on the connection's socket itself, then ends
 * the sending side: for a body found too big while it is being read (MHD
 * 0.9.75 queues no response then; the caller closes the connection).
 * The headers are those of every answer that matter to a client that
 * sent too much: the type, the length, the language, no caching.
 */
static void
reply_too_big_now(struct request *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn,
	    MHD_CONNECTION_INFO_CONNECTION_FD);
	char arg[32], *body = NULL;
	struct sb out;
	size_t off = 0;
	int tries = 0;

	if (ci == NULL || r->queued)
		return;
	snprintf(arg, sizeof(arg), "%zu", r->body_limit);
	req_fail_code(r, CB_ETOOBIG, "body_too_large", arg);
	if (r->json == NULL ||
	    (body = json_dumps(r->json, JSON_COMPACT)) == NULL)
		return;
	sb_init(&out, 0);
	sb_addf(&out,
	    "HTTP/1.1 413 Content Too Large\r\n"
	    "Content-Type: application/problem+json\r\n"
	    "Content-Length: %zu\r\n"
	    "Content-Language: %s\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "Connection: close\r\n\r\n%s",
	    strlen(body), msg_lang_name(r->lang), body);
	free(body);
	while (!sb_err(&out) && off < out.len && tries < 100) {
		ssize_t w = send(ci->connect_fd, out.buf + off, out.len - off,
		    MSG_NOSIGNAL);

		if (w > 0) {
			off += (size_t)w;
			continue;
		}
		if (w < 0 &&
		    (errno == EAGAIN || errno == EWOULDBLOCK ||
		        errno == EINTR)) {
			struct pollfd p = { ci->connect_fd, POLLOUT, 0 };

			poll(&p, 1, 10);
			tries++;
			continue;
		}
		break;
	}
	if (off == out.len) {
		shutdown(ci->connect_fd, SHUT_WR);
		r->queued = true;
		r->status = 413;
		r->resp_bytes = out.len;
	}
	sb_release(&out);
}

/* Reads a Content-Length value; false if absent or not a number. */
static bool
content_length(struct request *r, uint64_t *ret)
{
	const char *s = req_header(r, "Content-Length");
	uint64_t v = 0;

	if (s == NULL || *s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > UINT64_MAX / 10 - 1)
			return true; /* huge: saturate */
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*ret = v;
	return true;
}

/* Queues r's reply, or 503 (with Retry-After) if its dossier view could
 * not be recorded: no dossier is shown that the audit trail lacks. */
static enum MHD_Result
view_reply(struct request *r)
{
	if (r->view_failed) {
		if (r->status != 503)
			req_fail_code(r, CB_ESTORE, "audit_unavailable", NULL);
		snprintf(r->retry_after, sizeof(r->retry_after), "1");
	}
	return queue_reply(r);
}

/*
 * MHD decodes the path and the query before the access handler sees
 * them, and a %00 ends them early ("/members/1%00" would read as
 * "/members/1", "file_name=a%00b" as "a"): the raw target is judged here,
 * and the verdict kept (a struct uri_flaw as *con_cls, with where the
 * target ended: target_cut) for a bad one to be answered 400.
 */
static void *
uri_check(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct uri_flaw f, *ret;
	size_t pos = 0;

	(void)cls;
	(void)conn;
	if (uri == NULL)
		return NULL;
	memset(&f, 0, sizeof(f));
	f.tag = &uri_flaw_tag;
	f.path = !path_acceptable(uri);
	f.query = query_flaw(uri, f.key, sizeof(f.key), f.cp, sizeof(f.cp),
	    &pos);
	f.raw_end = uri + strlen(uri); /* kept for every request: target_cut */
	snprintf(f.pos, sizeof(f.pos), "%zu", pos);
	if ((ret = malloc(sizeof(*ret))) == NULL)
		return &flaw_oom; /* refused as a bad path all the same */
	*ret = f;
	return ret;
}

static enum MHD_Result
access_handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct http_server *srv = cls;
	struct request *r = *con_cls;
	uint64_t declared = 0;

	if (r == NULL || flaw_of(r) != NULL) {
		struct uri_flaw *flaw = flaw_of(r);

		if ((r = request_new(srv, conn, url, method)) == NULL) {
			flaw_free(flaw);
			*con_cls = NULL;
			return MHD_NO;
		}
		r->bad_path = flaw != NULL &&
		    (flaw->path || target_cut(flaw, version));
		if (flaw != NULL && flaw->query)
			r->flaw = flaw;
		else
			flaw_free(flaw);
		*con_cls = r;
		atomic_fetch_add(&srv->metrics.in_flight, 1);
		r->lang = msg_lang_from_header(req_header(r,
		    "Accept-Language"));
		router_match(r, r->method, r->path);
		r->body_limit = r->route && (r->route->flags & RF_UPLOAD) ?
		    srv->max_upload :
		    srv->max_body;
		/* A material: its limit, and room for the form around it. */
		if (r->route && (r->route->flags & RF_MULTIPART))
			r->body_limit = svc_material_max_bytes() + 64 * 1024;
		sb_init(&r->body, r->body_limit);
		if (content_length(r, &declared) && declared > r->body_limit) {
			/* Refuse before reading: MHD closes afterwards. */
			r->too_big = true;
			dispatch(r);
			return queue_reply(r);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;

		*upload_data_size = 0;
		r->body_seen += n;
		if (r->queued)
			return MHD_YES;
		if (r->too_big || r->body.len + n > r->body_limit) {
			/* Counted while receiving (a chunked body, which
			 * declares no length): not read any further.  MHD
			 * 0.9.75 takes no response in the middle of a body,
			 * so the 413 is written on the socket here and the
			 * connection closed. */
			r->too_big = true;
			sb_release(&r->body);
			sb_init(&r->body, 0);
			reply_too_big_now(r);
			return MHD_NO;
		}
		if (sb_addn(&r->body, upload_data, n) != 0) {
			r->too_big = true;
			sb_release(&r->body);
			sb_init(&r->body, 0);
		}
		return MHD_YES;
	}
	if (r->queued)
		return MHD_YES;
	if (r->view_waiting) {
		/* Resumed by the view flusher (views.c): its view is
		 * durable, or it is not and the dossier is withheld. */
		r->view_waiting = false;
		return view_reply(r);
	}
	if (!r->bad_path && static_wanted(r)) /* the web app (static.c) */
		return static_serve(r) == 0 ? MHD_YES : MHD_NO;
	dispatch(r);
	/* A dossier view is answered once its audit entry has committed:
	 * until then the connection is suspended (the worker serves
	 * others). */
	if (views_wait(r))
		return MHD_YES;
	return view_reply(r);
}

static void
access_log(struct request *r)
{
	/* The path only: query strings carry names and ID numbers.  No
	 * header and no body is ever logged (cookies, tokens, passwords);
	 * the user is the signed-in account's name ("-" if none). */
	fprintf(stderr, "chibo: access: %s %s \"%s %s\" %u %zu %.6f\n",
	    r->addr, r->who.username != NULL ? r->who.username : "-",
	    r->method, r->path, r->queued ? r->status : 0, r->resp_bytes,
	    elapsed(&r->start));
}

static void
request_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct request *r = *con_cls;

	(void)conn;
	(void)toe;
	if (r == NULL || flaw_of(r) != NULL) {
		flaw_free(flaw_of(r));
		*con_cls = NULL;
		return;
	}
	if (r->queued)
		metrics_observe(&srv->metrics, r->route_index, r->method,
		    r->status, elapsed(&r->start));
	if (srv->access_log)
		access_log(r);
	atomic_fetch_sub(&srv->metrics.in_flight, 1);
	request_free(r);
	*con_cls = NULL;
}

/* New connections while stopping are refused (closed at once). */
static enum MHD_Result
accept_policy(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct http_server *srv = cls;

	(void)addr;
	(void)addrlen;
	return atomic_load(&srv->stopping) ? MHD_NO : MHD_YES;
}

/* MHD's own messages: kept while starting (to explain a failure), then
 * shown only with the access log. */
static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct http_server *srv = cls;

	if (!atomic_load(&srv->started)) {
		/* The last message is the one that explains a failure. */
		sb_reset(&srv->startup_log);
		sb_vaddf(&srv->startup_log, fmt, ap);
		return;
	}
	if (srv->access_log) {
		fputs("chibo: mhd: ", stderr);
		vfprintf(stderr, fmt, ap);
	}
}

/* ------------------------------------------------------------ listen */

/*
 * Parses "ADDR:PORT" ("127.0.0.1:8080", "[::1]:8080", "localhost:0",
 * ":8080" for every IPv4 address) into *ss.
 */
static int
parse_listen(const char *listen, struct sockaddr_storage *ss,
    socklen_t *ret_len, struct cb_error *err)
{
	struct addrinfo hints, *res = NULL;
	char host[256], *end;
	const char *colon, *h;
	size_t hlen;
	long port;

	if (listen == NULL || strlen(listen) >= sizeof(host))
		goto bad;
	if (listen[0] == '[') {
		const char *rb = strchr(listen, ']');

		if (rb == NULL || rb[1] != ':')
			goto bad;
		h = listen + 1;
		hlen = (size_t)(rb - h);
		colon = rb + 1;
	} else {
		if ((colon = strrchr(listen, ':')) == NULL ||
		    memchr(listen, ':', (size_t)(colon - listen)) != NULL)
			goto bad;
		h = listen;
		hlen = (size_t)(colon - listen);
	}
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (colon[1] < '0' || colon[1] > '9' || *end != '\0' || errno ||
	    port < 0 || port > 65535)
		goto bad;
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	{
		char service[8];

		char why[512];
		int gai;

		snprintf(service, sizeof(service), "%ld", port);
		gai = getaddrinfo(hlen ? host : NULL, service, &hints, &res);
		if (gai != 0 || res == NULL) {
			snprintf(why, sizeof(why), "%s: %s", listen,
			    gai ? gai_strerror(gai) : "no address");
			return cb_error_set(err, CB_EIO, "listen_failed", why);
		}
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*ret_len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
bad:
	cb_error_set(err, CB_EINVAL, "invalid", NULL);
	return cb_error_field(err, 0, "listen", "invalid_value",
	    "ADDR:PORT, [IPv6]:PORT");
}

/* ------------------------------------------------------------ server */

/* CHIBO_AUTH_CACHE_TTL: seconds a principal may be reused (authcache.c);
 * 0 turns the cache off. */
static double
auth_cache_ttl(void)
{
	const char *v = getenv("CHIBO_AUTH_CACHE_TTL");
	char *end;
	double t;

	if (v == NULL || *v == '\0')
		return AUTHCACHE_TTL_DEFAULT;
	t = strtod(v, &end);
	if (*end != '\0' || !(t >= 0 && t <= 3600))
		return AUTHCACHE_TTL_DEFAULT;
	return t;
}

/* The port of ss (MHD names it in its messages). */
static uint16_t
sockaddr_port(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)(const void *)ss)
		                 ->sin6_port);
	return ntohs(((const struct sockaddr_in *)(const void *)ss)->sin_port);
}

int
http_server_start(const struct http_config *cfg, struct http_server **ret,
    struct cb_error *err)
{
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	const union MHD_DaemonInfo *info;
	struct http_server *srv;
	char *web_root = NULL;
	const char *env = getenv("CHIBO_ACCESS_LOG");
	const char *secure = getenv("CHIBO_SECURE_COOKIES");
	unsigned int flags;
	int rc;

	if ((rc = parse_listen(cfg->listen, &ss, &sslen, err)) != 0 ||
	    (rc = static_root_open(cfg->web_root, &web_root, err)) != 0)
		return rc;
	if ((srv = calloc(1, sizeof(*srv))) == NULL) {
		free(web_root);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	srv->web_root = web_root;
	srv->rules = cfg->rules;
	srv->threads = cfg->threads ? cfg->threads : DEFAULT_THREADS;
	srv->db_conns = cfg->db_conns ? cfg->db_conns : srv->threads;
	srv->max_body = cfg->max_body ? cfg->max_body : DEFAULT_MAX_BODY;
	srv->max_upload =
	    cfg->max_upload ? cfg->max_upload : DEFAULT_MAX_UPLOAD;
	srv->access_log = env != NULL && strcmp(env, "1") == 0;
	srv->trust_proxy = cfg->trust_proxy;
	srv->view_window_s = cfg->view_window_s == 0 ?
	    DEFAULT_VIEW_WINDOW_S :
	    cfg->view_window_s < 0 ?
	    0 :
	    cfg->view_window_s;
	srv->secure_cookies = secure != NULL && strcmp(secure, "1") == 0;
	auth_config_default(&srv->auth);
	atomic_init(&srv->started, false);
	atomic_init(&srv->stopping, false);
	sb_init(&srv->startup_log, 4096);
	/* jansson seeds its hash function on first use; do it before the
	 * worker threads race for it. */
	json_object_seed(0);
	/* One connection more than the handlers use, for the view flusher. */
	if ((rc = metrics_init(&srv->metrics, srv->db_conns + 1)) != 0) {
		cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if (authcache_init(&srv->auth_cache, auth_cache_ttl()) != 0) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if ((rc = store_pool_open(cfg->dburl, (int)srv->db_conns + 1,
	         &srv->pool, err)) != 0)
		goto fail;
	if ((rc = views_start(srv)) != 0) {
		cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
	    MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	srv->daemon = MHD_start_daemon(flags, sockaddr_port(&ss),
	    accept_policy, srv, access_handler, srv,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, srv, /* first, says MHD */
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, srv->threads,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONN_MEMORY_LIMIT,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CONN_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CONN_LIMIT,
	    MHD_OPTION_NOTIFY_COMPLETED, request_completed, srv,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_check, srv, MHD_OPTION_END);
	if (srv->daemon == NULL) {
		char *why = NULL;

		if (asprintf(&why, "%s: %s", cfg->listen,
		        srv->startup_log.len ?
		            srv->startup_log.buf :
		            "cannot listen") < 0)
			why = NULL;
		if (why != NULL) {
			size_t n = strlen(why);

			while (n > 0 &&
			    (why[n - 1] == '\n' || why[n - 1] == ' '))
				why[--n] = '\0';
		}
		rc = cb_error_set(err, CB_EIO, "listen_failed",
		    why ? why : cfg->listen);
		free(why);
		goto fail;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info != NULL ? info->port : 0;
	atomic_store(&srv->started, true);
	*ret = srv;
	return 0;
fail:
	views_stop(srv);
	store_pool_close(srv->pool);
	authcache_release(&srv->auth_cache);
	metrics_release(&srv->metrics);
	sb_release(&srv->startup_log);
	free(srv->web_root);
	free(srv);
	return rc;
}

unsigned int
http_server_port(const struct http_server *srv)
{
	return srv != NULL ? srv->port : 0;
}

void
http_server_stop(struct http_server *srv)
{
	int waited = 0;

	if (srv == NULL)
		return;
	if (srv->daemon != NULL) {
		/* Stop accepting (new connections are closed at once, see
		 * accept_policy), let the requests in flight finish.  Not
		 * MHD_quiesce_daemon(): with epoll and a thread pool it races
		 * with the workers over the listening socket and MHD 0.9.75
		 * aborts ("Failed to remove listen FD from epoll set"). */
		atomic_store(&srv->stopping, true);
		while (atomic_load(&srv->metrics.in_flight) > 0 &&
		    waited < STOP_WAIT_MS) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };

			nanosleep(&ts, NULL);
			waited += 10;
		}
		/* Requests still waiting for their view's commit are
		 * refused: MHD stops only without suspended connections. */
		views_release_waiters(srv);
		MHD_stop_daemon(srv->daemon);
	}
	/* No request runs any more: write the views still queued. */
	views_stop(srv);
	store_pool_close(srv->pool);
	authcache_release(&srv->auth_cache);
	metrics_release(&srv->metrics);
	sb_release(&srv->startup_log);
	free(srv->web_root);
	free(srv);
}
