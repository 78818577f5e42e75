/*
 * http-int.h - what the files of src/http/ share (not an API: the CLI sees
 * only http.h).
 *
 * One struct request lives from MHD's first call of the access handler to
 * its NOTIFY_COMPLETED callback and owns everything the request allocates
 * (body, reply, pooled store connection while a handler runs).  Handlers
 * are plain functions of a route table (router.c); they read the request
 * and fill its reply with reply_json(), reply_error() and friends.  They
 * never print and never touch MHD.
 */
#ifndef CHIBO_HTTP_HTTP_INT_H
#define CHIBO_HTTP_HTTP_INT_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/auth.h"
#include "http/http.h"
#include "store/store.h"
#include "svc/svc.h"
#include "util/embedded.h"
#include "util/err.h"
#include "util/msg.h"
#include "util/sb.h"

struct MHD_Connection;
struct MHD_Daemon;
struct request;

/* ----------------------------------------------------- stored files */

/* A multipart/form-data upload (h-meeting-materials.c): the part "file"
 * with its name and, when the route takes it, "available_at". */
struct upload_form {
	struct sb file;
	bool have_file;
	bool file_twice;
	bool too_big;
	char *file_name;
	bool takes_available_at;
	struct sb available_at;
	bool unknown;
	char unknown_key[64];
};
/* Reads r's body into f: 0, or the error (the form's own field errors,
 * an unknown or repeated part, a file missing: -CB_EINVAL with fields;
 * too large: -CB_ETOOBIG). */
int upload_form_read(struct request *r, struct upload_form *f,
    bool available_at, struct cb_error *err);
void upload_form_release(struct upload_form *f);
/* Replies with a stored file's bytes (data is taken), of its type, as
 * an attachment named "<prefix>-<id>.<ext>" with name as filename*. */
void reply_stored_file(struct request *r, unsigned char *data, size_t size,
    const char *content_type, const char *name, const char *prefix,
    int64_t id);

/* ------------------------------------------------------------ routes */

enum route_flags {
	RF_DB = 1 << 0,     /* needs a pooled store connection */
	RF_JSON = 1 << 1,   /* takes a JSON object body */
	RF_UPLOAD = 1 << 2, /* takes a raw file (max_upload) */
	RF_PUBLIC = 1 << 3, /* answered without a principal */
	/* The route's act is not checked at the edge: svc judges it
	 * against the target's organisation (svc_allow and
	 * svc_allow_member, svc.h), so that a target outside the
	 * principal's scope is "not found", never 403. */
	RF_SCOPED = 1 << 4,
	RF_ANY_QUERY = 1 << 5, /* any query string (ignored) */
	/* takes a multipart/form-data body of at most the material size
	 * limit and its envelope (svc_material_max_bytes) */
	RF_MULTIPART = 1 << 6,
};

/*
 * Whether a route needs an action.  Every line of the table states it,
 * with ROUTE_NO_ACTION or ROUTE_ACT(a): the zero value is what a line
 * that leaves it out gets, and no route may have it
 * (tests/api/test-http-units.c), so that an omission cannot quietly
 * require the action whose value is 0 (ACT_ORG_READ).
 */
enum route_need {
	ROUTE_NEED_UNSET = 0, /* not stated: a mistake in the table */
	ROUTE_NEED_NONE,      /* no action (act is ACT__MAX) */
	ROUTE_NEED_ACT,       /* act: checked at the edge, or by svc
			       * with RF_SCOPED */
};
/* The need and act of a route that needs no action (public, or the
 * principal's own session, or what every signed-in principal may read). */
#define ROUTE_NO_ACTION ROUTE_NEED_NONE, ACT__MAX
/* The need and act of a route that needs action a (enum action). */
#define ROUTE_ACT(a) ROUTE_NEED_ACT, (a)

/*
 * One line of the route table (router.c says how to add one).  pattern
 * holds literal segments and "{name}" parameters; query lists the query
 * keys the route accepts (NULL-terminated); act is the action the
 * principal must hold somewhere when need is ROUTE_NEED_ACT, checked
 * before the handler unless flags has RF_SCOPED (then svc judges it
 * against the target).
 */
struct route {
	const char *method;  /* "GET", "POST", ... */
	const char *pattern; /* "/api/v1/members/{id}" */
	int (*fn)(struct request *r);
	unsigned int flags; /* RF_* */
	enum route_need need;
	enum action act;          /* ACT__MAX: none */
	const char *const *query; /* accepted query keys */
};

/* The route table, in match order; *ret_n routes. */
const struct route *http_routes(size_t *ret_n);

enum match_result {
	MATCH_OK = 0, /* r->route set */
	MATCH_NONE,   /* no pattern matches the path: 404 */
	MATCH_METHOD, /* a pattern matches, not the method: 405 */
};

/*
 * Matches method and path against the table.  The most specific pattern
 * wins (at the first segment where two matching patterns differ, a
 * literal beats a parameter), so /members/import is never an id.  Sets
 * r->route, r->route_index (metrics slot; ROUTE_UNMATCHED if none),
 * r->params for the pattern's parameters, and r->allow for MATCH_METHOD.
 * HEAD is matched as GET.
 */
enum match_result
router_match(struct request *r, const char *method, const char *path);
/* The same with another table (tests). */
enum match_result router_match_in(const struct route *table, size_t n,
    struct request *r, const char *method, const char *path);

/* True if a path parameter of that name (its n bytes, not necessarily
 * NUL-terminated) must be an id ("id", "*_id"). */
bool route_param_is_id(const char *name, size_t n);
/* False if the raw (not yet decoded) request target's path, once
 * decoded, is not well-formed UTF-8, holds a control character (NUL
 * included; util/text.h's text_find_control), an encoded '/' or '\', or
 * a '%' that starts no escape: answered 400 "invalid_path". */
bool path_acceptable(const char *raw);
/* True if a parameter of the raw request target's query holds, once
 * decoded, a control character (%00 and the rest, which MHD would cut
 * the value at or pass on): its name (printable, "?" if it has none) in
 * key, the character ("U+0000") in cp, its 1-based position in the name
 * or the value in *ret_pos.  Answered 400 "invalid_query". */
bool query_flaw(const char *raw, char *key, size_t key_size, char *cp,
    size_t cp_size, size_t *ret_pos);

/* Metrics slot of requests that matched no route. */
#define ROUTE_UNMATCHED ((size_t)-1)

/* ----------------------------------------------------------- metrics */

#define METRICS_NBUCKETS 12
#define METRICS_MAX_SERIES 512 /* distinct (route, method, status) */

struct metrics_series {
	size_t route; /* index, or the unmatched slot */
	int method;   /* index in the method names */
	unsigned int status;
	uint64_t n;
};

struct metrics_hist {
	uint64_t buckets[METRICS_NBUCKETS]; /* not cumulative */
	uint64_t count;
	double sum;
};

struct metrics {
	pthread_mutex_t lock;
	struct metrics_series series[METRICS_MAX_SERIES];
	size_t nseries;
	struct metrics_hist *hist; /* nroutes + 1 (unmatched) */
	size_t nroutes;
	atomic_long in_flight;
	atomic_long db_in_use;
	unsigned int db_pool_size;
	double start_time; /* UNIX seconds */
};

int metrics_init(struct metrics *m, unsigned int db_pool_size);
void metrics_release(struct metrics *m);
/* Counts one finished request. */
void metrics_observe(struct metrics *m, size_t route, const char *method,
    unsigned int status, double seconds);
/* The Prometheus text exposition (format 0.0.4) in out. */
int metrics_render(struct metrics *m, struct sb *out);

/* ------------------------------------------------------------ views */

/*
 * Dossier views for the audit trail (views.c): group commit.  A request
 * queues its view (svc's view sink) and is answered only once the
 * transaction that records it has committed: its connection is suspended
 * (MHD_suspend_connection) until the flusher's next commit, which writes
 * everyone waiting at once; the flusher commits again as soon as the
 * previous commit ends and anything is queued.  The queue is bounded
 * (srv->views_max, CHIBO_VIEW_QUEUE_MAX): past it a request waits a little
 * for room, then is refused 503 with Retry-After; a view not durable
 * within VIEWS_DURABLE_WAIT_MS is answered 503 too (never the dossier).
 */
#define VIEWS_MAX_QUEUED 10000
#define VIEWS_DURABLE_WAIT_MS 5000 /* longest a view waits for its commit */
/* Slots of the table of the views queued since the last flush, by key
 * (viewer, session, member): a repeat of one of them is not queued again
 * (it waits for the same commit).  A power of two; used up to half. */
#define VIEWS_SEEN_SLOTS 32768

struct request;

struct view_queue {
	pthread_mutex_t lock;
	pthread_cond_t wake;      /* to the flusher */
	pthread_cond_t room;      /* to waiting producers */
	pthread_cond_t reap;      /* to the reaper (views.c), at stop */
	struct audit_view *items; /* by value, oldest first */
	size_t n;
	size_t alloc;
	struct audit_view *spare; /* the last batch's block, for the next */
	size_t spare_alloc;
	size_t str_bytes;      /* the strings of the queued items */
	size_t inflight_bytes; /* the batch being written */
	uint32_t *seen; /* VIEWS_SEEN_SLOTS: 1 + index in items, 0 free */
	size_t nseen;
	/* Commits: taken counts the flushes started (the queued items go
	 * into flush taken + 1), done the last whose items all committed. */
	uint64_t taken;
	uint64_t done;
	uint64_t lost; /* a flush never written (out of memory), or 0 */
	struct request *waiters; /* suspended, answered when done >= ticket */
	size_t nwaiting;
	unsigned long linger_for; /* the flusher waits for this many */
	uint64_t refused; /* requests answered 503 (no room, or no commit) */
	uint64_t commits; /* transactions committed, for the metrics */
	uint64_t written; /* views written (claimed or not) */
	bool stop;
	bool closing;     /* the server stops: no request waits any more */
	bool running;     /* the threads were started */
	pthread_t thread; /* the flusher */
	pthread_t reaper; /* refuses the waiters past their time */
};

struct http_server;
/* Starts the flusher thread (srv->pool must be open).  0 or -CB_ENOMEM. */
int views_start(struct http_server *srv);
/* Writes everything queued, stops the thread.  Safe if never started. */
void views_stop(struct http_server *srv);
/* The svc_view_sink of every request (arg: the struct request): queues v
 * (takes it) and gives the request its ticket; -CB_ESTORE if there was
 * no room (v is freed). */
int views_sink(void *arg, struct audit_view *v);
/* After the handler: if r's view is not durable yet, suspends r's
 * connection until it is (true: return MHD_YES and wait to be called
 * again).  Called from the access handler only. */
bool views_wait(struct request *r);
/* Before MHD stops: answers every suspended request (503). */
void views_release_waiters(struct http_server *srv);
/* The figures of the queue, for the metrics. */
struct views_stats {
	size_t queued, waiting, bytes;
	uint64_t refused, commits, written;
};
void views_stats(struct http_server *srv, struct views_stats *ret);
/* How many are waiting (for metrics and tests). */
size_t views_queued(struct http_server *srv);

/* ------------------------------------------------------- auth cache */

/*
 * Principals of signed-in accounts, by account id (authcache.c): used only
 * when the request's credential check reports what they were loaded at
 * (the account's version and own organisation), and for at most ttl
 * seconds.
 */
#define AUTHCACHE_TTL_DEFAULT 5 /* seconds; CHIBO_AUTH_CACHE_TTL */

struct auth_entry;
struct auth_cache {
	pthread_mutex_t lock;
	struct auth_entry **slots;
	size_t n;
	double ttl; /* seconds; 0: off */
	bool ready;
	atomic_long hits;
	atomic_long misses;
};

int authcache_init(struct auth_cache *c, double ttl);
void authcache_release(struct auth_cache *c);
/* The entry of cc's account if cc (this request's credential check)
 * reports what it was loaded at and it is young enough, with a reference
 * for the caller; else NULL. */
struct auth_entry *
authcache_get(struct auth_cache *c, const struct credential_check *cc);
/* Makes an entry of *who (taken; zeroed), loaded at account version
 * version, replacing the account's old one; returns it with a reference
 * for the caller (NULL when out of memory).  With the cache off the entry
 * is the caller's alone. */
struct auth_entry *
authcache_put(struct auth_cache *c, struct principal *who, int64_t version);
const struct principal *authcache_principal(const struct auth_entry *e);
void authcache_unref(struct auth_entry *e);

/* ------------------------------------------------------------ server */

struct http_server {
	struct MHD_Daemon *daemon;
	struct store_pool *pool;
	const struct rulebook *rules;
	size_t max_body;
	size_t max_upload;
	unsigned int threads;
	unsigned int db_conns;
	unsigned int port;
	bool access_log;              /* CHIBO_ACCESS_LOG=1 */
	bool trust_proxy;             /* --trust-proxy */
	bool secure_cookies;          /* CHIBO_SECURE_COOKIES=1 */
	char *web_root;               /* real path, or NULL (static.c) */
	struct auth_config auth;      /* session limits, throttling */
	struct auth_cache auth_cache; /* principals (authcache.c) */
	struct view_queue views;
	int64_t view_window_s; /* see struct http_config; 0: every view */
	size_t views_max;      /* bound of the view queue (views.c) */
	time_t views_pruned;   /* the flusher's last prune (views.c) */
	atomic_bool started;   /* MHD log: buffer or stderr */
	atomic_bool stopping;  /* refuse new connections */
	struct sb startup_log; /* MHD's last start-up message */
	struct metrics metrics;
};

/* ----------------------------------------------------------- request */

#define ROUTE_PARAMS_MAX 8

/* A path parameter: the pattern's "{name}" and the path's segment. */
struct route_param {
	const char *name; /* in the pattern, not terminated */
	size_t namelen;
	const char *value; /* the segment, decoded */
	bool is_id;        /* "id" or "*_id" */
	int64_t id;        /* its value; 0 if not a valid id */
};

/* What the raw request target held that its decoded form hides (server.c
 * judges it before MHD decodes it): tag is &uri_flaw_tag, where a struct
 * request's is &request_tag, so that the first call of the handler tells
 * the two apart. */
extern const char uri_flaw_tag, request_tag;
struct uri_flaw {
	const void *tag;
	bool path;    /* !path_acceptable() */
	bool query;   /* query_flaw() */
	char key[72]; /* its results */
	char cp[16];
	char pos[24];
	const char
	    *raw_end; /* where MHD's copy of the target ends (its NUL) */
};

struct request {
	const void *tag; /* &request_tag */
	struct http_server *srv;
	struct MHD_Connection *conn;
	char method[16];           /* as sent (truncated) */
	char *path;                /* copy of the path, no query */
	const struct route *route; /* NULL: none matched */
	size_t route_index;        /* metrics slot */
	enum match_result match;
	char allow[64];                              /* for 405 */
	struct route_param params[ROUTE_PARAMS_MAX]; /* of the path */
	size_t nparams;
	char *param_buf;       /* owned: their values */
	bool params_lost;      /* out of memory reading them */
	bool bad_path;         /* see path_acceptable() */
	struct uri_flaw *flaw; /* owned: see query_flaw(), or NULL */
	enum lang lang;        /* from Accept-Language */
	char addr[64];         /* the client's address */
	bool tls;              /* came over TLS (see auth.c) */
	struct timespec start;
	bool started; /* first call seen */
	bool queued;  /* a response was queued */

	/* Body: read into body, at most body_limit bytes; beyond that
	 * too_big is set and the rest is discarded. */
	struct sb body;
	size_t body_limit;
	uint64_t body_seen;
	bool too_big;

	/* While a RF_DB handler runs. */
	struct store *st;
	struct svc svc;

	/* Who asks (auth.c): set before any handler of a route without
	 * RF_PUBLIC runs, kept to the end for the access log.  who is a
	 * read-only copy of who_entry's principal (the pointers are the
	 * entry's): never released, nor changed. */
	enum { AUTH_NONE = 0, AUTH_COOKIE, AUTH_BEARER } auth;
	struct principal who;
	struct auth_entry *who_entry;
	char *session; /* the cookie's token (owned) */
	/* What dossier views are recorded once per (svc's session): a
	 * hash of the cookie's token, or the API token's id. */
	char view_session[AUDIT_SESSION_MAX];

	/* The reply. */
	unsigned int status;
	json_t *json; /* owned; dumped as the body */
	char *raw;    /* owned; or a raw body */
	size_t raw_len;
	const char *ctype;         /* for raw */
	bool problem;              /* application/problem+json */
	char etag[32];             /* "\"<version>\"" or "" */
	char *location;            /* owned, or NULL */
	const char *disposition;   /* static, or NULL */
	char disposition_buf[512]; /* what disposition may point at */
	char *set_cookie;          /* owned, or NULL */
	char retry_after[24];      /* seconds (429, 503), or "" */
	size_t resp_bytes;         /* for the access log */

	/* The dossier view of this request (views.c): the commit that
	 * records it (0: none), while suspended waiting for it. */
	uint64_t view_ticket;
	struct request *view_next; /* in the queue's waiters */
	struct timespec view_until;
	bool view_waiting; /* suspended */
	bool view_failed;  /* not durable in time, or no room: 503 */
};

/* The request's header value (case-insensitive name), or NULL. */
const char *req_header(struct request *r, const char *name);
/* The request's query argument, or NULL. */
const char *req_query(struct request *r, const char *name);
/* The path parameter called name ("{name}" in the pattern), or NULL. */
const char *req_param(const struct request *r, const char *name);
/* The id parameter called name: true and *ret if it is a positive
 * integer (the dispatcher answers 404 "invalid_id" before the handler
 * otherwise); else false and *ret = 0. */
bool req_param_id(const struct request *r, const char *name, int64_t *ret);
/* req_param_id's value, or 0. */
int64_t req_id(const struct request *r, const char *name);
/* False if an id parameter of r is not a positive integer. */
bool req_params_valid(const struct request *r);

/* ------------------------------------------------------------- reply */

/* Replies status with JSON body j (stolen; NULL -> 503 out of memory). */
void reply_json(struct request *r, unsigned int status, json_t *j);
/* Replies status with a raw body (stolen), of content type ctype. */
void reply_raw(struct request *r, unsigned int status, char *body, size_t len,
    const char *ctype);
/* Replies 204 No Content. */
void reply_empty(struct request *r, unsigned int status);
/* ETag: "<version>" */
void reply_etag(struct request *r, int64_t version);
/* Location: printf-style; best effort. */
void reply_location(struct request *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The one way to fail a request: replies an application/problem+json body
 * for err (rc is the function's return, used when err holds no code; the
 * status comes from problem_status()), releases err and returns 0, so
 * that a handler ends with "return req_fail(r, rc, &err);".  ext (may be
 * NULL, stolen) adds members to the problem object.  Storage, I/O and
 * memory errors are logged to stderr with their internal detail and
 * answered 503 without it.  For a problem with one machine code and no
 * field: req_fail(r, cb_error_set(&err, CB_EPERM, "forbidden", NULL),
 * &err).
 */
int req_fail(struct request *r, int rc, struct cb_error *err);
int req_fail_ext(struct request *r, int rc, struct cb_error *err, json_t *ext);
/* req_fail of a new error of code, mcode and arg (no field). */
int
req_fail_code(struct request *r, int code, const char *mcode, const char *arg);
/* The HTTP status of an error. */
unsigned int problem_status(const struct cb_error *err, int rc);
/* The reason phrase of a status ("Not Found"). */
const char *http_reason(unsigned int status);

/* ------------------------------------------------------------ inputs */

/*
 * Checks the query string (the dispatcher does, with the route's keys:
 * handlers need not): every argument must be one of allowed
 * (NULL-terminated) and given once.  Returns 0 or -CB_EINVAL with mcode
 * "invalid_query" and one field error per unknown argument.
 */
int query_check(struct request *r, const char *const *allowed,
    struct cb_error *err);
/*
 * Reads query argument name as an integer in [min, max]; *ret keeps def
 * when absent.  Errors: field errors under mcode "invalid_query".
 */
int query_int(struct request *r, const char *name, int64_t min, int64_t max,
    int64_t def, int64_t *ret, struct cb_error *err);
/* "true"/"false"/"1"/"0"; *ret keeps def when absent. */
int query_bool(struct request *r, const char *name, bool def, bool *ret,
    struct cb_error *err);
/* A UTF-8 string of at most max characters, or NULL when absent. */
int query_text(struct request *r, const char *name, size_t max,
    const char **ret, struct cb_error *err);
/* An organisation id that must exist (field error "org_not_found"
 * otherwise); *ret 0 when absent.  Needs r->svc. */
int query_org(struct request *r, const char *name, int64_t *ret,
    struct cb_error *err);
/* An ISO date, or "" when absent. */
int query_date(struct request *r, const char *name, char ret[DATE_LEN],
    struct cb_error *err);

/*
 * Parses the If-Match header into the version svc should check.  *ret:
 * 0 = no condition (absent or "*"); INT64_MAX = no listed tag can be ours,
 * so the condition fails (svc answers 412, or 404 if the resource is
 * missing); -1 = several tags and current is 0: call again with the stored
 * version; else the version to check.  Weak tags (W/"3") count as "3".
 * Malformed (not RFC 9110 syntax) -> -CB_EINVAL "invalid_if_match" (400).
 */
int if_match_parse(struct request *r, int64_t current, int64_t *ret,
    struct cb_error *err);
/* if_match_parse, asking version_of (0 if unknown) for the current
 * version when the header lists several tags. */
int
if_match_resolve(struct request *r, int64_t (*version_of)(struct request *r),
    int64_t *ret, struct cb_error *err);
/* True if the request has an If-Match header. */
bool if_match_present(struct request *r);

/*
 * Checks the Content-Type of a JSON body and parses it: the media type
 * must be application/json or application/ *+json (415 otherwise); the
 * body must be valid JSON (400 with the position), within the nesting and
 * key limits, and an object (400).  Invalid UTF-8 inside strings is
 * reported per field as "invalid_utf8" (422).  Returns 0 and the object
 * in *ret (caller decrefs), or -CB_E* with err filled; *ret_ext may then
 * hold extra problem members (position), to pass to reply_error_ext.
 */
int body_json(struct request *r, json_t **ret, json_t **ret_ext,
    struct cb_error *err);
/* body_json's parse of a body buf of len bytes, without the media type
 * check (the JSON fuzz target, fuzz/fuzz-json.c, calls it directly). */
int body_json_parse(const char *buf, size_t len, enum lang lang, json_t **ret,
    json_t **ret_ext, struct cb_error *err);
/* body_json, replying the problem itself on failure: 0 or -1. */
int body_json_or_reply(struct request *r, json_t **ret);

/*
 * Field readers for request bodies; each problem becomes a field error in
 * err (all of them are collected before replying).  body_text: a cleaned
 * text of at most max characters (malloc'd, NULL when absent or null);
 * body_date: an ISO date ("" when absent); body_known: "unknown_field" for
 * every member not in known; body_required: "required" when absent, null
 * or "".
 */
void body_text(const json_t *body, const char *key, size_t max, char **ret,
    struct cb_error *err);
void body_date(const json_t *body, const char *key, char out[DATE_LEN],
    struct cb_error *err);
void
body_known(const json_t *body, const char *const *known, struct cb_error *err);
void body_required(const json_t *body, const char *key, struct cb_error *err);

/* Maximum JSON nesting and keys of a request body. */
#define JSON_MAX_DEPTH 32
#define JSON_MAX_KEYS 2000
#define JSON_MAX_VALUES 200000

/* Parses a positive decimal int64 without sign or leading zeros. */
bool parse_id(const char *s, int64_t *ret);

/* -------------------------------------------------------------- auth */

/* The client address and whether the request came over TLS (r->addr,
 * r->tls), from the connection and, with --trust-proxy, the proxy's
 * X-Forwarded-For and X-Forwarded-Proto. */
void request_origin(struct request *r);
/*
 * Finds the principal of r (bearer token, else session cookie) into r->who
 * and checks the CSRF token of a cookie-authenticated state-changing
 * request.  Needs r->st.  Returns 0, or replies (401 not_signed_in, 403
 * csrf_failed, 503) and returns -1.
 */
int authenticate(struct request *r);
/* True for methods that change state (everything but GET, HEAD,
 * OPTIONS). */
bool method_unsafe(const char *method);
/* Lets go of r's principal (r->who, r->who_entry). */
void request_who_release(struct request *r);

/* ------------------------------------------------------------ static */

/* The web application's files (static.c).  static_root_open: the real
 * path of dir in *ret (malloc'd; NULL when dir is NULL or ""), or
 * -CB_EIO "io_error" if it is not a directory.  static_wanted: r (no API
 * route matched) is a GET or HEAD for the web root.  static_serve queues
 * the file, index.html or 404 itself: 0, or -1 if MHD refused. */
int static_root_open(const char *dir, char **ret, struct cb_error *err);
bool static_wanted(const struct request *r);
int static_serve(struct request *r);
/* Pieces of static_serve.  static_path_check: the
 * path relative to the root ("" for "/"), or -1 for a path that may not
 * name a file there ("..", ".", hidden names, empty segments, "\"). */
int static_path_check(const char *path, char *out, size_t outlen);
bool static_is_hashed(const char *name);
const char *static_content_type(const char *name);
bool static_accepts_gzip(const char *accept_encoding);

/* ---------------------------------------------------------- handlers */

int h_healthz(struct request *r);
int h_metrics(struct request *r);
int h_openapi(struct request *r);
int h_rules_get(struct request *r);
int h_rule_override_post(struct request *r);

int h_orgs_list(struct request *r);
int h_orgs_post(struct request *r);
int h_org_get(struct request *r);
int h_org_patch(struct request *r);
int h_org_merge(struct request *r);
int h_org_split(struct request *r);
int h_org_history(struct request *r);
int h_org_stats(struct request *r);
int h_org_officers(struct request *r);
int h_org_officer_post(struct request *r);
int h_org_meeting_compliance(struct request *r);
int h_checks_meetings(struct request *r);
/* The inspection coverage check (h-inspection-checks.c). */
int h_checks_inspection(struct request *r);
int h_checks_inspection_xlsx(struct request *r);
int h_checks_inspection_pdf(struct request *r);
/* The yearly classification report (h-reports.c). */
int h_reports_classification(struct request *r);
/* The dashboard (h-dashboard.c, issue 15). */
int h_dashboard(struct request *r);

/* A meeting's votes and minutes (h-meeting-minutes.c). */
int h_meeting_votes(struct request *r);
int h_meeting_vote_post(struct request *r);
int h_meeting_minutes(struct request *r);
int h_meeting_minutes_put(struct request *r);
int h_meeting_minutes_approve(struct request *r);
int h_meeting_minutes_lock(struct request *r);
int h_meeting_minutes_corrections(struct request *r);
int h_meeting_minutes_correction_post(struct request *r);

int h_members_list(struct request *r);
int h_members_count(struct request *r);
int h_members_post(struct request *r);
int h_member_get(struct request *r);
int h_member_patch(struct request *r);
int h_member_contacts(struct request *r);
int h_member_delete(struct request *r);
int h_member_history(struct request *r);
int h_member_event_post(struct request *r);
int h_members_import(struct request *r);
int h_members_export(struct request *r);
int h_members_probation(struct request *r);
int h_member_audit(struct request *r);

/* Discipline cases (h-discipline.c, issue 14). */
int h_discipline_list(struct request *r);
int h_discipline_post(struct request *r);
int h_discipline_get(struct request *r);
int h_discipline_patch(struct request *r);
int h_discipline_delete(struct request *r);
int h_discipline_complaint(struct request *r);
int h_member_discipline(struct request *r);
int h_discipline_notices_list(struct request *r);
int h_discipline_notices_post(struct request *r);
/* Evaluation periods and evaluations (h-evaluations.c, issue 15). */
int h_eperiods_list(struct request *r);
int h_eperiods_post(struct request *r);
int h_eperiod_get(struct request *r);
int h_eperiod_patch(struct request *r);
int h_eperiod_lock(struct request *r);
int h_eperiod_calibration(struct request *r);
int h_evaluations_list(struct request *r);
int h_evaluations_post(struct request *r);
int h_evaluation_get(struct request *r);
int h_evaluation_patch(struct request *r);
int h_evaluation_delete(struct request *r);
int h_evaluation_propose(struct request *r);
int h_evaluation_decide(struct request *r);
int h_evaluation_comments_list(struct request *r);
int h_evaluation_comments_post(struct request *r);
int h_member_evaluations(struct request *r);
/* h-programmes.c (issue 14) */
int h_terms_list(struct request *r);
int h_terms_post(struct request *r);
int h_term_get(struct request *r);
int h_term_patch(struct request *r);
int h_term_delete(struct request *r);
int h_programmes_list(struct request *r);
int h_programmes_post(struct request *r);
int h_programme_get(struct request *r);
int h_programme_patch(struct request *r);
int h_programme_delete(struct request *r);
int h_programme_items_post(struct request *r);
int h_programme_item_patch(struct request *r);
int h_programme_item_delete(struct request *r);
int h_meetings_list(struct request *r);
int h_meetings_post(struct request *r);
int h_meeting_get(struct request *r);
int h_meeting_patch(struct request *r);
int h_meeting_cancel(struct request *r);
int h_meeting_attendance(struct request *r);
int h_meeting_attendance_put(struct request *r);
/* A meeting's resolution, its tasks, its self-score
 * (h-meeting-resolution.c). */
int h_resolution_get(struct request *r);
int h_resolution_put(struct request *r);
int h_resolution_approve(struct request *r);
int h_resolution_tasks(struct request *r);
int h_resolution_task_post(struct request *r);
int h_task_patch(struct request *r);
int h_org_tasks(struct request *r);
int h_member_tasks(struct request *r);
int h_meeting_score_put(struct request *r);

/* A meeting's documents (h-meeting-docs.c). */
int h_meeting_minutes_pdf(struct request *r);
int h_meeting_resolution_pdf(struct request *r);
int h_org_meetings_ics(struct request *r);
int h_member_meetings_ics(struct request *r);
int h_org_meetings_report(struct request *r);
int h_meeting_roll_post(struct request *r);

int h_session_post(struct request *r);
int h_session_get(struct request *r);
int h_session_delete(struct request *r);
int h_audit_list(struct request *r);
int h_audit_actions(struct request *r);
/* A meeting's materials, check-in and sign-in sheet
 * (h-meeting-materials.c). */
int h_meeting_materials_post(struct request *r);
int h_meeting_materials_list(struct request *r);
int h_meeting_material_get(struct request *r);
/* h-inspections.c (issue 14) */
int h_inspections_list(struct request *r);
int h_inspections_post(struct request *r);
int h_inspection_get(struct request *r);
int h_inspection_patch(struct request *r);
int h_inspection_delete(struct request *r);
int h_inspection_recs_list(struct request *r);
int h_inspection_recs_post(struct request *r);
int h_inspection_rec_patch(struct request *r);
int h_inspection_atts_list(struct request *r);
int h_inspection_atts_post(struct request *r);
int h_inspection_att_get(struct request *r);
int h_meeting_material_delete(struct request *r);
int h_meeting_checkin_code(struct request *r);
int h_meeting_checkin_code_svg(struct request *r);
int h_meeting_checkin(struct request *r);
int h_meeting_attendance_import(struct request *r);

/* The OpenAPI document (src/http/openapi.json), entry 0. */
extern const struct embedded_file chibo_openapi_files[];

#endif
