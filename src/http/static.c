/*
 * static.c - the web application's files (web/dist), served by chibo serve
 * itself so that no other web server is needed.
 *
 * Any GET or HEAD that no API route matches and that is not under /api/,
 * /healthz or /metrics is a file of the web root (chibo serve --web DIR):
 *
 *   - a path whose last segment has no dot and names no file (/members/42)
 *     is a page of the single-page application: index.html answers it;
 *     a missing file with an extension (/assets/x-1234ABCD.js) is 404;
 *   - a precompressed sibling (FILE.gz, made by the build) is sent instead
 *     when the client accepts gzip (Vary: Accept-Encoding);
 *   - hashed names (app-3F2K7QXM.js: a dash and 8 capitals or digits before
 *     the extension) never change: Cache-Control: public, max-age=31536000,
 *     immutable; everything else (index.html) must be revalidated:
 *     no-cache, with an ETag (mtime and size) and If-None-Match -> 304;
 *   - no path leaves the root: segments "." and "..", hidden names, empty
 *     segments and backslashes are refused, and the file's real path (links
 *     resolved) must lie inside the root's real path, so a symbolic link
 *     pointing out of it is 404 like a missing file;
 *   - a Content-Security-Policy that lets the application load its own
 *     scripts, styles and data only: no inline script or style, no other
 *     origin, no framing.
 *
 * Answers are queued here (not through reply_*: their headers differ from
 * the API's no-store / default-src 'none').  server.c calls static_serve()
 * on the last call of the access handler, like dispatch().
 */
#include "http/http-int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/banned.h"

#define STATIC_CSP \
	"default-src 'self'; script-src 'self'; " \
	"style-src 'self'; img-src 'self' data:; connect-src 'self'; " \
	"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
#define CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define CACHE_REVALIDATE "no-cache"
#define INDEX_FILE "index.html"

int
static_root_open(const char *dir, char **ret, struct cb_error *err)
{
	struct stat sb;
	char *real, why[PATH_MAX + 64];

	*ret = NULL;
	if (dir == NULL || *dir == '\0')
		return 0;
	if ((real = realpath(dir, NULL)) == NULL || stat(real, &sb) != 0 ||
	    !S_ISDIR(sb.st_mode)) {
		snprintf(why, sizeof(why), "%s: %s", dir,
		    real == NULL ? strerror(errno) : "not a directory");
		free(real);
		return cb_error_set(err, CB_EIO, "io_error", why);
	}
	*ret = real;
	return 0;
}

/* True if path is s or lies under s + "/". */
static bool
under(const char *path, const char *s)
{
	size_t n = strlen(s);

	return strncmp(path, s, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

bool
static_wanted(const struct request *r)
{
	if (r->srv->web_root == NULL || r->match != MATCH_NONE)
		return false;
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
		return false;
	return r->path[0] == '/' && !under(r->path, "/api") &&
	    !under(r->path, "/healthz") && !under(r->path, "/metrics");
}

int
static_path_check(const char *path, char *out, size_t outlen)
{
	const char *s, *e;
	size_t n;

	if (path == NULL || path[0] != '/' || outlen == 0)
		return -1;
	for (s = path + 1; *s != '\0'; s = *e ? e + 1 : e) {
		e = s + strcspn(s, "/");
		n = (size_t)(e - s);
		if (n == 0 && *e == '\0')
			break; /* a trailing slash */
		/* Empty, ".", "..", any hidden name (".git", ".env"). */
		if (n == 0 || s[0] == '.')
			return -1;
	}
	for (s = path; *s != '\0'; s++)
		if (*s == '\\' || (unsigned char)*s < 0x20 || *s == 0x7F)
			return -1;
	n = strlen(path + 1);
	while (n > 0 && path[n] == '/') /* path[1 + n - 1] */
		n--;
	if (n + 1 > outlen)
		return -1;
	memcpy(out, path + 1, n);
	out[n] = '\0';
	return 0;
}

bool
static_is_hashed(const char *name)
{
	const char *base = strrchr(name, '/'), *dot;
	size_t i;

	base = base ? base + 1 : name;
	if ((dot = strchr(base, '.')) == NULL || dot - base < 10 ||
	    dot[-9] != '-')
		return false;
	for (i = 1; i <= 8; i++) {
		char c = dot[-(ptrdiff_t)i];

		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

const char *
static_content_type(const char *name)
{
	static const char *const types[][2] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".mjs", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".json", "application/json" },
		{ ".map", "application/json" },
		{ ".webmanifest", "application/manifest+json" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".woff2", "font/woff2" },
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".gz", "application/gzip" },
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	if (dot != NULL && strchr(dot, '/') == NULL)
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcasecmp(dot, types[i][0]) == 0)
				return types[i][1];
	return "application/octet-stream";
}

/* True if the Accept-Encoding header allows gzip: "gzip", "x-gzip" or
 * "*" listed with no q or a q above 0 ("gzip;q=0" refuses it). */
bool
static_accepts_gzip(const char *ae)
{
	const char *s = ae;

	while (s != NULL && *s != '\0') {
		const char *end, *p;
		size_t n;
		bool zero = false;

		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		end = s + strcspn(s, ",");
		n = strcspn(s, ",; \t");
		if ((n == 4 && strncasecmp(s, "gzip", 4) == 0) ||
		    (n == 6 && strncasecmp(s, "x-gzip", 6) == 0) ||
		    (n == 1 && s[0] == '*')) {
			for (p = s + n; p < end; p++) {
				if ((p[0] == 'q' || p[0] == 'Q') &&
				    p[1] == '=') {
					/* 0, 0., 0.0, 0.00, 0.000 */
					for (p += 2, zero = *p == '0';
					     p < end &&
					     (*p == '0' || *p == '.');
					     p++)
						;
					if (p < end && *p >= '1' && *p <= '9')
						zero = false;
					break;
				}
			}
			return !zero;
		}
		s = end;
	}
	return false;
}

/* Resolves rel under root; true if it is a regular file inside the root
 * (links resolved), with its real path in real (PATH_MAX) and *st. */
static bool
resolve(const char *root, const char *rel, char *real, struct stat *st,
    bool *is_dir)
{
	char full[PATH_MAX];
	int n;

	*is_dir = false;
	n = snprintf(full, sizeof(full), "%s/%s", root, rel);
	if (n < 0 || (size_t)n >= sizeof(full) || realpath(full, real) == NULL)
		return false;
	if (!under(real, root) || stat(real, st) != 0)
		return false;
	if (S_ISDIR(st->st_mode))
		*is_dir = true;
	return S_ISREG(st->st_mode);
}

/* True if header value inm (If-None-Match) lists etag (weakly) or "*". */
static bool
etag_listed(const char *inm, const char *etag)
{
	size_t elen = strlen(etag);
	const char *s = inm;

	while (s != NULL && *s != '\0') {
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (*s == '*')
			return true;
		if (strncmp(s, "W/", 2) == 0)
			s += 2;
		if (strncmp(s, etag, elen) == 0 &&
		    (s[elen] == '\0' || s[elen] == ',' || s[elen] == ' ' ||
		        s[elen] == '\t'))
			return true;
		s += strcspn(s, ",");
	}
	return false;
}

static int
add_headers(struct request *r, struct MHD_Response *resp,
    const char *const (*h)[2], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (h[i][1] != NULL &&
		    MHD_add_response_header(resp, h[i][0], h[i][1]) != MHD_YES)
			return -1;
	if (r->tls &&
	    MHD_add_response_header(resp, "Strict-Transport-Security",
	        "max-age=31536000") != MHD_YES)
		return -1;
	return 0;
}

static int
queue(struct request *r, unsigned int status, struct MHD_Response *resp,
    size_t len)
{
	enum MHD_Result ok = MHD_queue_response(r->conn, status, resp);

	MHD_destroy_response(resp);
	if (ok != MHD_YES)
		return -1;
	r->status = status;
	r->queued = true;
	r->resp_bytes = len;
	return 0;
}

static int
not_found(struct request *r)
{
	static const char body[] = "404 Not Found\n";
	const char *const h[][2] = {
		{ "Content-Type", "text/plain; charset=utf-8" },
		{ "Cache-Control", "no-store" },
		{ "Content-Security-Policy", STATIC_CSP },
		{ "X-Content-Type-Options", "nosniff" },
		{ "Referrer-Policy", "no-referrer" },
		{ "X-Frame-Options", "DENY" },
	};
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer(sizeof(body) - 1, (void *)body,
	    MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return -1;
	if (add_headers(r, resp, h, sizeof(h) / sizeof(h[0])) != 0) {
		MHD_destroy_response(resp);
		return -1;
	}
	return queue(r, 404, resp, sizeof(body) - 1);
}

int
static_serve(struct request *r)
{
	const char *root = r->srv->web_root;
	char rel[PATH_MAX], real[PATH_MAX], gzreal[PATH_MAX], gzrel[PATH_MAX];
	char etag[64];
	const char *last, *inm, *sendpath;
	struct stat st, gzst;
	struct MHD_Response *resp;
	bool is_dir, has_gz = false, use_gz = false, found;
	int fd;

	if (static_path_check(r->path, rel, sizeof(rel)) != 0)
		return not_found(r);
	last = strrchr(rel, '/');
	last = last ? last + 1 : rel;
	found = rel[0] != '\0' && resolve(root, rel, real, &st, &is_dir);
	if (!found) {
		/* A page of the application, not a file: its shell. */
		if (strchr(last, '.') != NULL && rel[0] != '\0')
			return not_found(r);
		snprintf(rel, sizeof(rel), "%s", INDEX_FILE);
		if (!resolve(root, rel, real, &st, &is_dir))
			return not_found(r);
	}
	if ((size_t)snprintf(gzrel, sizeof(gzrel), "%s.gz", rel) <
	        sizeof(gzrel) &&
	    resolve(root, gzrel, gzreal, &gzst, &is_dir)) {
		has_gz = true;
		use_gz = static_accepts_gzip(req_header(r, "Accept-Encoding"));
	}
	sendpath = use_gz ? gzreal : real;
	if (use_gz)
		st = gzst;
	snprintf(etag, sizeof(etag), "\"%llx-%llx%s\"",
	    (unsigned long long)st.st_mtim.tv_sec * 1000000ULL +
	        (unsigned long long)st.st_mtim.tv_nsec / 1000ULL,
	    (unsigned long long)st.st_size, use_gz ? "-gz" : "");
	{
		const char *const h[][2] = {
			{ "Content-Type", static_content_type(rel) },
			{ "Cache-Control",
			    static_is_hashed(rel) ?
			        CACHE_IMMUTABLE :
			        CACHE_REVALIDATE },
			{ "ETag", etag },
			{ "Vary", has_gz ? "Accept-Encoding" : NULL },
			{ "Content-Encoding", use_gz ? "gzip" : NULL },
			{ "Content-Security-Policy", STATIC_CSP },
			{ "X-Content-Type-Options", "nosniff" },
			{ "Referrer-Policy", "no-referrer" },
			{ "X-Frame-Options", "DENY" },
		};
		size_t nh = sizeof(h) / sizeof(h[0]);

		inm = req_header(r, "If-None-Match");
		if (inm != NULL && etag_listed(inm, etag)) {
			resp = MHD_create_response_from_buffer(0, (void *)"",
			    MHD_RESPMEM_PERSISTENT);
			if (resp == NULL)
				return -1;
			/* A 304 carries no Content-Type or -Encoding. */
			if (add_headers(r, resp, h + 1, 3) != 0 ||
			    add_headers(r, resp, h + 5, nh - 5) != 0) {
				MHD_destroy_response(resp);
				return -1;
			}
			return queue(r, 304, resp, 0);
		}
		if ((fd = open(sendpath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) <
		    0)
			return not_found(r);
		/* MHD owns fd from here (closed with the response). */
		resp = MHD_create_response_from_fd((size_t)st.st_size, fd);
		if (resp == NULL) {
			close(fd);
			return -1;
		}
		if (add_headers(r, resp, h, nh) != 0) {
			MHD_destroy_response(resp);
			return -1;
		}
		return queue(r, 200, resp, (size_t)st.st_size);
	}
}
