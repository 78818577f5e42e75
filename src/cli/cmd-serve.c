/* cmd-serve.c - chibo serve: run the API server until SIGINT or SIGTERM. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli/cli.h"
#include "http/http.h"

#include "util/banned.h"

const struct cmd cmd_serve_desc = { "serve", cmd_serve,
	"serve the JSON API and the web application",
	"serve [--listen ADDR:PORT] [--threads N] [--trust-proxy] [--web DIR]\n"
	"      [--view-window SECONDS] [--db PATH|URL] [--config FILE]\n\n"
	"Serves the JSON API under /api/v1 (and /healthz, /metrics) on\n"
	"ADDR:PORT (default 127.0.0.1:8080; port 0 picks a free port), and\n"
	"the web application's files from DIR at every other path (default:\n"
	"$CHIBO_WEB, else web/dist if it is a directory; --web '' serves the\n"
	"API only).  The first line on standard output is\n"
	"\"chibo: listening on URL\".  Stops cleanly on SIGINT or SIGTERM.\n"
	"Several chibo processes may serve one PostgreSQL database.  Behind\n"
	"a TLS reverse proxy (and only then), --trust-proxy takes the client\n"
	"address from the first X-Forwarded-For hop and marks cookies Secure\n"
	"(with HSTS) when X-Forwarded-Proto is https.\n"
	"A dossier view (GET /api/v1/members/ID) is recorded in the audit\n"
	"trail once per viewer, record and session within --view-window\n"
	"seconds (default 600; 0 records every view); the processes serving\n"
	"one database share what was recorded, so give them the same value.\n"
	"The dossier is answered only once that record has committed; if it\n"
	"cannot be (the database does not write, or more than\n"
	"$CHIBO_VIEW_QUEUE_MAX views wait, default 10000) the answer is 503\n"
	"with Retry-After.\n"
	"Each option has a key in the environment or the configuration file\n"
	"(/etc/chibo/chibo.conf; see chibo --help): CHIBO_LISTEN,\n"
	"CHIBO_THREADS, CHIBO_TRUST_PROXY=1, CHIBO_WEB, CHIBO_VIEW_WINDOW;\n"
	"the option wins.  Log lines go to stderr, one line each.\n" };

/* A whole number in [min, max] from s; false if it is not one. */
static bool
whole(const char *s, long min, long max, long *ret)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return false;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < min || v > max)
		return false;
	*ret = v;
	return true;
}

/*
 * Tells systemd (a Type=notify unit) the server's state: one datagram to
 * the socket $NOTIFY_SOCKET names ("@..." abstract), the sd_notify(3)
 * protocol, without libsystemd.  Nothing when the variable is not set;
 * errors are ignored (systemd then reports the start as timed out).
 */
static void
notify(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa;
	size_t len;
	int fd;

	if (path == NULL || (path[0] != '/' && path[0] != '@') ||
	    (len = strlen(path)) >= sizeof(sa.sun_path))
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, len);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return;
	(void)sendto(fd, state, strlen(state), MSG_NOSIGNAL,
	    (const struct sockaddr *)&sa,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len));
	close(fd);
}

int
cmd_serve(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "trust-proxy", no_argument, NULL, 'P' },
		{ "web", required_argument, NULL, 'w' },
		{ "view-window", required_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct http_config cfg;
	struct http_server *srv = NULL;
	struct store *st = NULL;
	const char *listen = getenv("CHIBO_LISTEN");
	const char *web = getenv("CHIBO_WEB");
	const char *env_threads = getenv("CHIBO_THREADS");
	const char *env_window = getenv("CHIBO_VIEW_WINDOW");
	const char *env_proxy = getenv("CHIBO_TRUST_PROXY");
	struct stat wsb;
	sigset_t set;
	char host[256];
	const char *colon;
	long threads = 2, view_window = 600;
	bool trust_proxy = false;
	int ch, sig, rc;

	app->prog = "chibo serve";
	/* The environment (or the configuration file) first; main() checked
	 * the values, an option below overrides them. */
	if (listen == NULL || *listen == '\0')
		listen = "127.0.0.1:8080";
	if (env_threads != NULL && *env_threads != '\0' &&
	    !whole(env_threads, 1, 64, &threads))
		return cli_usage_error(app,
		    "CHIBO_THREADS needs a number from 1 to 64");
	if (env_window != NULL && *env_window != '\0' &&
	    !whole(env_window, 0, 366L * 86400, &view_window))
		return cli_usage_error(app,
		    "CHIBO_VIEW_WINDOW needs seconds, from 0 to 31622400");
	trust_proxy = env_proxy != NULL && strcmp(env_proxy, "1") == 0;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "l:t:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			listen = optarg;
			break;
		case 't':
			if (!whole(optarg, 1, 64, &threads))
				return cli_usage_error(app,
				    "--threads needs a number from 1 to 64");
			break;
		case 'P':
			trust_proxy = true;
			break;
		case 'w':
			web = optarg;
			break;
		case 'V':
			if (!whole(optarg, 0, 366L * 86400, &view_window))
				return cli_usage_error(app,
				    "--view-window needs seconds, from 0 to "
				    "31622400");
			break;
		case 'h':
			cli_usage(stdout, "chibo", &cmd_serve_desc);
			return EXIT_OK;
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	if ((colon = strrchr(listen, ':')) == NULL || colon == listen ||
	    (size_t)(colon - listen) >= sizeof(host))
		return cli_usage_error(app, "--listen needs ADDR:PORT");
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';

	/* Check the schema (and migrate) once, before serving. */
	if (cli_rules(app, &err) != 0 ||
	    svc_open_db(app->dburl, &st, &err) != 0) {
		rc = cli_report(app, &err);
		cb_error_release(&err);
		return rc;
	}
	cli_rules_warn(app, st);
	store_close(st);

	/* Signals go to this thread only: block them before the server's
	 * threads start, then wait for one. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	memset(&cfg, 0, sizeof(cfg));
	cfg.dburl = app->dburl;
	cfg.listen = listen;
	cfg.threads = (unsigned int)threads;
	cfg.rules = &app->rules;
	cfg.trust_proxy = trust_proxy;
	cfg.view_window_s = view_window > 0 ? view_window : -1;
	if (web == NULL && stat("web/dist", &wsb) == 0 && S_ISDIR(wsb.st_mode))
		web = "web/dist";
	cfg.web_root = web;
	if (http_server_start(&cfg, &srv, &err) != 0) {
		rc = cli_report(app, &err);
		cb_error_release(&err);
		return rc;
	}
	printf("chibo: listening on http://%s:%u/\n", host,
	    http_server_port(srv));
	fflush(stdout);
	if (web != NULL && *web != '\0')
		fprintf(stderr, "chibo: web application from %s\n", web);
	{
		char state[320];

		snprintf(state, sizeof(state),
		    "READY=1\nSTATUS=listening on %s:%u", host,
		    http_server_port(srv));
		notify(state);
	}
	sigwait(&set, &sig);
	notify("STOPPING=1");
	http_server_stop(srv);
	fprintf(stderr, "chibo: stopped (%s)\n",
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	return EXIT_OK;
}
