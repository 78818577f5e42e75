/*
 * fuzz-query.c - the request target and the query string: an input is a
 * request target ("/api/v1/members?sort=-name&limit=20"), optionally
 * followed by a line break and an If-Match value.  It is sent as a GET
 * request to an in-process libmicrohttpd daemon (no listening socket, no
 * thread: the connection is one end of a socketpair, driven by MHD_run)
 * whose handler does what the server does before a handler runs: the raw
 * target's check (path_acceptable), the route (router_match, its path
 * parameters and ids), the query keys of the route (query_check), then
 * reads every key the route accepts with each of the query readers
 * (query_int, query_bool, query_text, query_date and the member list's
 * status, state and sort), and the If-Match header (if_match_parse).
 * Every verdict is rendered as the problem the client would get: never a
 * 5xx.  No database and no network (an AF_UNIX socketpair).
 */
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/model.h"
#include "fuzz.h"
#include "http/http-int.h"

#include "util/banned.h"

#define TARGET_MAX 8192

static struct MHD_Daemon *daemon_;
static const char bad_path_mark;
#define BAD_PATH ((void *)(uintptr_t)&bad_path_mark)

/* The problem of rc/err for r (released); a 5xx is a finding. */
static void
judge(struct request *r, int rc, struct cb_error *err)
{
	if (rc == 0 && err->code == CB_OK) {
		cb_error_release(err);
		return;
	}
	req_fail(r, rc, err);
	if (r->status >= 500 || r->json == NULL)
		abort();
	json_decref(r->json);
	r->json = NULL;
	free(r->raw);
	r->raw = NULL;
}

static void
read_query(struct request *r)
{
	const struct route *rt = r->route;
	struct cb_error err = CB_ERROR_INIT;
	char date[DATE_LEN];
	const char *s;
	int64_t v;
	bool b;
	size_t i;

	if (!(rt->flags & RF_ANY_QUERY))
		judge(r, query_check(r, rt->query, &err), &err);
	for (i = 0; rt->query[i] != NULL; i++) {
		const char *k = rt->query[i];

		judge(r, query_int(r, k, 1, INT64_MAX, 0, &v, &err), &err);
		judge(r, query_int(r, k, 1900, 9999, 0, &v, &err), &err);
		judge(r, query_bool(r, k, false, &b, &err), &err);
		judge(r, query_text(r, k, 200, &s, &err), &err);
		judge(r, query_date(r, k, date, &err), &err);
	}
	if ((s = req_query(r, "status")) != NULL)
		(void)member_status_parse(s);
	if ((s = req_query(r, "state")) != NULL)
		(void)member_state_parse(s);
	if ((s = req_query(r, "sort")) != NULL)
		(void)member_sort_parse(s);
}

static void
read_if_match(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int64_t v = 0;
	int rc;

	rc = if_match_parse(r, 0, &v, &err);
	if (rc == 0 && v == -1)
		rc = if_match_parse(r, 5, &v, &err);
	judge(r, rc, &err);
}

static void *
uri_check(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	return uri != NULL && !path_acceptable(uri) ? BAD_PATH : NULL;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	static const char *const methods[] = { "GET", "POST", "PATCH",
		"DELETE", NULL };
	struct MHD_Response *resp;
	struct request r;
	enum MHD_Result ok;
	size_t i;

	(void)cls;
	(void)method;
	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	memset(&r, 0, sizeof(r));
	r.bad_path = *con_cls == BAD_PATH;
	*con_cls = NULL;
	r.conn = conn;
	memcpy(r.method, "GET", 4);
	r.lang = msg_lang_from_header(req_header(&r, "Accept-Language"));
	if ((r.path = strdup(url)) == NULL)
		return MHD_NO;
	for (i = 0; methods[i] != NULL; i++) {
		free(r.param_buf);
		r.param_buf = NULL;
		if (router_match(&r, methods[i], r.path) != MATCH_METHOD)
			break;
	}
	if (r.match == MATCH_OK && !r.params_lost) {
		int64_t id;

		(void)req_params_valid(&r);
		for (i = 0; i < r.nparams; i++)
			(void)req_param_id(&r, "id", &id);
		(void)req_param(&r, "id");
		read_query(&r);
	}
	read_if_match(&r);
	free(r.param_buf);
	free(r.path);
	resp = MHD_create_response_from_buffer(0, (void *)"",
	    MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	ok = MHD_queue_response(conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ok;
}

static void
quiet(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	(void)fmt;
	(void)ap;
}

static void
stop_daemon(void)
{
	MHD_stop_daemon(daemon_);
	daemon_ = NULL;
}

static struct MHD_Daemon *
daemon_get(void)
{
	if (daemon_ == NULL) {
		daemon_ = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET |
		        MHD_USE_ERROR_LOG,
		    0, NULL, NULL, handler, NULL, MHD_OPTION_EXTERNAL_LOGGER,
		    quiet, NULL, MHD_OPTION_URI_LOG_CALLBACK, uri_check, NULL,
		    MHD_OPTION_CONNECTION_TIMEOUT, 2u, MHD_OPTION_END);
		if (daemon_ == NULL)
			abort();
		atexit(stop_daemon);
	}
	return daemon_;
}

static unsigned int
connections(struct MHD_Daemon *d)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(d,
	    MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

	return i != NULL ? i->num_connections : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct MHD_Daemon *d = daemon_get();
	struct sockaddr_in sa;
	const char *nl;
	char *req, buf[4096];
	size_t tlen, hlen = 0, len, off;
	int sv[2], i;

	if (size > TARGET_MAX)
		return 0;
	nl = memchr(data, '\n', size);
	tlen = nl ? (size_t)(nl - (const char *)data) : size;
	if (nl != NULL) {
		const char *h = nl + 1, *end = (const char *)data + size;
		const char *e = memchr(h, '\n', (size_t)(end - h));

		hlen = (size_t)((e ? e : end) - h);
	}
	if ((req = malloc(tlen + hlen + 128)) == NULL)
		return 0;
	len = 0;
	memcpy(req, "GET ", 4);
	len += 4;
	memcpy(req + len, data, tlen);
	len += tlen;
	len += (size_t)snprintf(req + len, 64,
	    " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n");
	if (nl != NULL) {
		memcpy(req + len, "If-Match: ", 10);
		len += 10;
		memcpy(req + len, nl + 1, hlen);
		len += hlen;
		memcpy(req + len, "\r\n", 2);
		len += 2;
	}
	memcpy(req + len, "\r\n", 2);
	len += 2;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		free(req);
		return 0;
	}
	for (off = 0; off < len;) {
		ssize_t n = write(sv[0], req + off, len - off);

		if (n <= 0)
			break;
		off += (size_t)n;
	}
	free(req);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(40000);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (MHD_add_connection(d, sv[1], (struct sockaddr *)&sa, sizeof(sa)) !=
	    MHD_YES) {
		close(sv[0]);
		return 0;
	}
	/* Until the answer has been sent and the connection closed. */
	for (i = 0; i < 200; i++) {
		ssize_t n;

		MHD_run(d);
		n = recv(sv[0], buf, sizeof(buf), MSG_DONTWAIT);
		if (n == 0)
			break;
	}
	close(sv[0]);
	for (i = 0; i < 200 && connections(d) > 0; i++)
		MHD_run(d);
	return 0;
}
