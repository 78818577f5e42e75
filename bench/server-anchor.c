/*
 * server-anchor.c - the anchor of "GET /api/v1/members/{id}": a bare
 * libmicrohttpd + SQLite + jansson server.
 *
 *   bench-server-anchor DB [PORT]
 *
 * GET /members/ID answers the member's record as a JSON object (the same
 * columns chibo's API shows), 404 when there is none.  libmicrohttpd's
 * internal epoll loop with a pool of 2 threads (as chibo serve); each
 * worker thread keeps one read-only SQLite connection and one prepared
 * statement; the response is queued on the second call of the access
 * handler, never the first (performance-notes.md: libmicrohttpd 0.9.75
 * drops keep-alive otherwise).  No sign-in, no scope check, no audit.
 *
 * Prints "listening on PORT" on standard output; stops on SIGINT or
 * SIGTERM.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define THREADS 2

static const char *dbpath;
static __thread sqlite3_stmt *get_stmt;
static sqlite3 *handles[THREADS + 1];
static int nhandles;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const cols[] = {
	"id", "full_name", "gender", "birth_date", "birthplace", "hometown",
	"ethnicity", "religion", "citizen_id", "card_no", "dossier_no",
	"admission_decision_date", "admitted_on", "official_on", "status",
	"exempt_since", "org_id", "job_title", "education",
	"professional_level", "theory_level", "phone", "email", "state",
	"version", "created_at", "updated_at",
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

/* This thread's statement (its connection opened on first use). */
static sqlite3_stmt *
stmt(void)
{
	sqlite3 *db;

	if (get_stmt != NULL)
		return get_stmt;
	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(db, "SELECT id, full_name, gender, birth_date,"
	    " birthplace, hometown, ethnicity, religion, citizen_id, card_no,"
	    " dossier_no, admission_decision_date, admitted_on, official_on,"
	    " status, exempt_since, org_id, job_title, education,"
	    " professional_level, theory_level, phone, email, state, version,"
	    " created_at, updated_at FROM member"
	    " WHERE id = ?1 AND deleted_at IS NULL", -1,
	    SQLITE_PREPARE_PERSISTENT, &get_stmt, NULL) != SQLITE_OK)
		die("cannot open %s", dbpath);
	pthread_mutex_lock(&lock);
	if (nhandles < THREADS + 1)
		handles[nhandles++] = db;
	pthread_mutex_unlock(&lock);
	return get_stmt;
}

/* The member's JSON text (malloc'd), or NULL if there is none. */
static char *
member_json(long long id)
{
	sqlite3_stmt *st = stmt();
	json_t *o = NULL;
	char *text = NULL;
	size_t i;

	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		o = json_object();
		for (i = 0; i < NCOLS; i++) {
			int t = sqlite3_column_type(st, (int)i);
			json_t *v;

			if (t == SQLITE_NULL)
				v = json_null();
			else if (t == SQLITE_INTEGER)
				v = json_integer(sqlite3_column_int64(st,
				    (int)i));
			else
				v = json_stringn((const char *)
				    sqlite3_column_text(st, (int)i),
				    (size_t)sqlite3_column_bytes(st, (int)i));
			json_object_set_new_nocheck(o, cols[i], v);
		}
		text = json_dumps(o, JSON_COMPACT);
		json_decref(o);
	}
	sqlite3_reset(st);
	return text;
}

static enum MHD_Result
reply(struct MHD_Connection *conn, unsigned int status, char *body)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (body == NULL)
		r = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer(strlen(body), body,
		    MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(r, "Content-Type", "application/json");
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	static int first;
	char *end, *body;
	long long id;

	(void)cls;
	(void)version;
	(void)upload_data;
	if (*con_cls == NULL) {
		/* First call: headers only.  Answer on the next one. */
		*con_cls = &first;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (strcmp(method, "GET") != 0 || strncmp(url, "/members/", 9) != 0)
		return reply(conn, 404, NULL);
	id = strtoll(url + 9, &end, 10);
	if (*end != '\0' || id <= 0)
		return reply(conn, 404, NULL);
	body = member_json(id);
	return reply(conn, body ? 200 : 404, body);
}

int
main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	struct sockaddr_in sa;
	sigset_t set;
	int sig, i;

	if (argc < 2)
		die("usage: bench-server-anchor DB [PORT]");
	dbpath = argv[1];
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)(argc > 2 ? atoi(argv[2]) : 0));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);	/* 127.0.0.1 only */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);	/* inherited by MHD's threads */
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ITC, 0, NULL, NULL, handler, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)THREADS,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
	    MHD_OPTION_CONNECTION_TIMEOUT, 60U,
	    MHD_OPTION_END);
	if (d == NULL)
		die("cannot start the server");
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("listening on %u\n", info ? (unsigned)info->port : 0U);
	fflush(stdout);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	for (i = 0; i < nhandles; i++)
		sqlite3_close_v2(handles[i]);
	return 0;
}
