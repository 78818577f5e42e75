/* cmd-serve.c - chibo serve: run the API server until SIGINT or SIGTERM. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "http/http.h"

#include "util/banned.h"

const struct cmd cmd_serve_desc = { "serve", cmd_serve,
	"serve the JSON API and the web application",
	"serve [--listen ADDR:PORT] [--threads N] [--trust-proxy] [--web DIR]\n"
	"      [--view-window SECONDS] [--db PATH|URL]\n\n"
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
	"with Retry-After.\n" };

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
	const char *listen = "127.0.0.1:8080";
	const char *web = getenv("CHIBO_WEB");
	struct stat wsb;
	sigset_t set;
	char *end, host[256];
	const char *colon;
	long threads = 2, view_window = 600;
	bool trust_proxy = false;
	int ch, sig, rc;

	app->prog = "chibo serve";
	optind = 0;
	while ((ch = getopt_long(argc, argv, "l:t:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			listen = optarg;
			break;
		case 't':
			threads = strtol(optarg, &end, 10);
			if (*end != '\0' || threads < 1 || threads > 64)
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
			view_window = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' ||
			    view_window < 0 || view_window > 366L * 86400)
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
	sigwait(&set, &sig);
	http_server_stop(srv);
	fprintf(stderr, "chibo: stopped (%s)\n",
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	return EXIT_OK;
}
