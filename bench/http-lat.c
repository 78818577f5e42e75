/*
 * http-lat.c - latency of single requests over HTTP/1.1 on loopback: one
 * keep-alive connection, one request at a time, each timed alone from the
 * first byte written to the last byte of the body read.
 *
 *   bench-http-lat HOST PORT PATHS REPEAT [HEADER ...]
 *
 * PATHS holds one request path a line ("/api/v1/members?q=nguyen%20v");
 * HEADER arguments are sent as they are ("Cookie: chibo_session=...").
 * One untimed pass over the paths, then each path REPEAT times.  Bodies
 * are read by Content-Length or chunked encoding; a closed connection is
 * reopened (and counted).
 *
 * Prints {"calls", "p50_us", "p99_us", "mean_us", "non_2xx",
 * "reconnects", "body_bytes"} (body_bytes: the mean body size).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"

static struct sockaddr_in addr;
static int fd = -1;
static size_t reconnects;

/* The receive buffer. */
static char rbuf[1 << 16];
static size_t rpos, rlen;

static void
connect_once(void)
{
	int one = 1;

	if (fd >= 0)
		close(fd);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0)
		die("cannot connect");
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	rpos = rlen = 0;
}

/* Next byte, or -1 when the peer closed. */
static int
next_byte(void)
{
	if (rpos == rlen) {
		ssize_t n = read(fd, rbuf, sizeof(rbuf));

		if (n <= 0)
			return -1;
		rpos = 0;
		rlen = (size_t)n;
	}
	return (unsigned char)rbuf[rpos++];
}

/* One line without its CRLF into line; false when the peer closed. */
static bool
read_line(char *line, size_t size)
{
	size_t n = 0;
	int ch;

	while ((ch = next_byte()) >= 0) {
		if (ch == '\n') {
			if (n > 0 && line[n - 1] == '\r')
				n--;
			line[n] = '\0';
			return true;
		}
		if (n + 1 < size)
			line[n++] = (char)ch;
	}
	return false;
}

static bool
skip(size_t n)
{
	while (n > 0) {
		size_t k;

		if (rpos == rlen && next_byte() >= 0)
			rpos--;
		if (rpos == rlen)
			return false;
		k = rlen - rpos < n ? rlen - rpos : n;
		rpos += k;
		n -= k;
	}
	return true;
}

/* Sends req and reads the answer: its status (0 if the connection
 * closed first) and body size. */
static int
exchange(const char *req, size_t len, size_t *body)
{
	char line[8192];
	long long clen = -1;
	bool chunked = false, close_after = false;
	int status;

	*body = 0;
	if (write(fd, req, len) != (ssize_t)len)
		return 0;
	if (!read_line(line, sizeof(line)) || sscanf(line, "HTTP/1.%*d %d",
	    &status) != 1)
		return 0;
	while (read_line(line, sizeof(line)) && line[0] != '\0') {
		if (strncasecmp(line, "Content-Length:", 15) == 0)
			clen = atoll(line + 15);
		else if (strncasecmp(line, "Transfer-Encoding:", 18) == 0 &&
		    strstr(line, "chunked") != NULL)
			chunked = true;
		else if (strncasecmp(line, "Connection:", 11) == 0 &&
		    strcasestr(line, "close") != NULL)
			close_after = true;
	}
	if (chunked) {
		for (;;) {
			size_t n;

			if (!read_line(line, sizeof(line)))
				return 0;
			n = strtoul(line, NULL, 16);
			if (n == 0) {
				read_line(line, sizeof(line));
				break;
			}
			if (!skip(n) || !read_line(line, sizeof(line)))
				return 0;
			*body += n;
		}
	} else if (clen > 0) {
		if (!skip((size_t)clen))
			return 0;
		*body = (size_t)clen;
	}
	if (close_after) {
		connect_once();
		reconnects++;
	}
	return status;
}

int
main(int argc, char **argv)
{
	char **paths, **reqs;
	size_t n, i, k, calls = 0, non2xx = 0, bytes = 0, body;
	int repeat, a, status;
	double *t, sum = 0;

	if (argc < 5 || (repeat = atoi(argv[4])) < 1)
		die("usage: bench-http-lat HOST PORT PATHS REPEAT [HEADER ...]");
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)atoi(argv[2]));
	if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1)
		die("bad address %s", argv[1]);
	paths = read_lines(argv[3], &n);
	if (n == 0)
		die("%s: no path", argv[3]);
	if ((reqs = calloc(n, sizeof(*reqs))) == NULL)
		die("out of memory");
	for (i = 0; i < n; i++) {
		size_t len = strlen(paths[i]) + strlen(argv[1]) + 64;
		char *r;

		for (a = 5; a < argc; a++)
			len += strlen(argv[a]) + 2;
		if ((r = malloc(len)) == NULL)
			die("out of memory");
		k = (size_t)snprintf(r, len, "GET %s HTTP/1.1\r\nHost: %s\r\n",
		    paths[i], argv[1]);
		for (a = 5; a < argc; a++)
			k += (size_t)snprintf(r + k, len - k, "%s\r\n", argv[a]);
		snprintf(r + k, len - k, "\r\n");
		reqs[i] = r;
	}
	connect_once();
	for (i = 0; i < n; i++) {
		if (exchange(reqs[i], strlen(reqs[i]), &body) == 0) {
			connect_once();
			reconnects++;
		}
	}
	if ((t = malloc(n * (size_t)repeat * sizeof(*t))) == NULL)
		die("out of memory");
	for (k = 0; k < (size_t)repeat; k++) {
		for (i = 0; i < n; i++) {
			size_t len = strlen(reqs[i]);
			double t0 = now_s();

			if ((status = exchange(reqs[i], len, &body)) == 0) {
				/* Closed under us: retry once, timed anew. */
				connect_once();
				reconnects++;
				t0 = now_s();
				if ((status = exchange(reqs[i], len,
				    &body)) == 0)
					die("the server closed the connection");
			}
			t[calls] = (now_s() - t0) * 1e6;
			sum += t[calls++];
			bytes += body;
			if (status < 200 || status > 299)
				non2xx++;
		}
	}
	printf("{\"calls\": %zu, \"p50_us\": %.1f, \"p99_us\": %.1f,"
	    " \"mean_us\": %.1f, \"non_2xx\": %zu, \"reconnects\": %zu,"
	    " \"body_bytes\": %.0f}\n", calls, percentile(t, calls, 50),
	    percentile(t, calls, 99), sum / (double)calls, non2xx, reconnects,
	    (double)bytes / (double)calls);
	for (i = 0; i < n; i++) {
		free(paths[i]);
		free(reqs[i]);
	}
	free(paths);
	free(reqs);
	free(t);
	close(fd);
	return 0;
}
