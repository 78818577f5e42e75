/*
 * main.c - the chibo command: global options, the table of command
 * families, and the exit code.  See chibo(1) and `chibo --help`.
 */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/config.h"
#include "util/hash.h"
#include "util/sb.h"
#include "util/text.h"

#include "util/banned.h"

#ifndef CHIBO_VERSION
#define CHIBO_VERSION "0.1.0"
#endif

struct family {
	const char *name;
	int (*fn)(struct app *, int, char **);
	const char *summary;
};

static const struct family families[] = {
	{ "init", cmd_init, "create or upgrade the database schema" },
	{ "demo", cmd_demo,
	    "demo data: an agency committee, or the nation (--scale)" },
	{ "serve", cmd_serve, "serve the JSON API (and the web application)" },
	{ "import", cmd_import,
	    "import members from a CSV or Excel file (all or nothing)" },
	{ "export", cmd_export, "export members as CSV, Excel, PDF or JSON" },
	{ "member", cmd_member,
	    "list, show, add, change and record events of members" },
	{ "org", cmd_org,
	    "Party organisations: tree, changes, history, figures" },
	{ "meeting", cmd_meeting,
	    "cell meetings: list, show, add, edit, cancel, attendance, "
	    "resolution, score, vote, minutes, lock, pdf, ics, report" },
	{ "task", cmd_task, "tasks of meetings' resolutions: list, done" },
	{ "term", cmd_term,
	    "terms of an organisation's committee: list, add, edit, delete" },
	{ "inspection", cmd_inspection,
	    "inspection and supervision: records (list, show, add, edit, "
	    "recommend, done, attach) and programmes (programme ...)" },
	{ "discipline", cmd_discipline,
	    "discipline cases (secret): list, show, add, edit, complain, "
	    "notice" },
	{ "evaluation", cmd_evaluation,
	    "evaluation and classification: periods (period ...), add, "
	    "list, show, propose, decide, calibrate" },
	{ "check", cmd_check,
	    "the rules' checks of a subtree: meetings, inspection coverage" },
	{ "report", cmd_report,
	    "reports of a year: classification (XLSX, PDF, CSV)" },
	{ "dashboard", cmd_dashboard,
	    "the dashboard of the Resolution's targets; rebuild, check" },
	{ "rules", cmd_rules,
	    "show the rulebook; record a committee's override" },
	{ "user", cmd_user, "manage accounts and their roles" },
	{ "token", cmd_token, "API tokens for scripts" },
	{ "audit", cmd_audit, "verify and read the audit trail" },
	{ "backup", cmd_backup, "write a backup while the server runs" },
	{ "restore", cmd_restore,
	    "restore a backup into an empty database, checked" },
};

#define NFAMILIES (sizeof(families) / sizeof(families[0]))

static void
usage(FILE *out)
{
	size_t i;

	fputs(
	    "usage: chibo [--db PATH|URL] [--config FILE] COMMAND [ARGS...]\n"
	    "       chibo COMMAND --help\n\n"
	    "Runs and measures the work of Party cells: the member register and\n"
	    "the organisation tree, on SQLite (a file) or PostgreSQL (a URL).\n\n"
	    "Commands:\n",
	    out);
	for (i = 0; i < NFAMILIES; i++) {
		fprintf(out, "  %-10s %s\n", families[i].name,
		    families[i].summary);
	}
	fputs(
	    "\nEvery command takes --db PATH (a SQLite file) or --db\n"
	    "postgresql://... ; the default is $CHIBO_DB, else " CHIBO_DB_DEFAULT
	    ".\n"
	    "Messages are in Vietnamese; CHIBO_LANG=en gives English.\n"
	    "\nConfiguration: the file " CONFIG_DEFAULT_PATH " if it exists\n"
	    "(--config FILE or $CHIBO_CONFIG name another; '' none) holds\n"
	    "KEY=value lines and # comments; its keys are the environment\n"
	    "variables below.  An option beats the environment, which beats\n"
	    "the file, which beats the default.  An unknown key or a bad\n"
	    "value is an error naming FILE:LINE.\n"
	    "  CHIBO_DB              --db: a SQLite file or a PostgreSQL URL\n"
	    "  CHIBO_LANG            vi (default) or en: the messages' language\n"
	    "  CHIBO_RULES           the rulebook file (default: the built-in)\n"
	    "  CHIBO_LISTEN          serve --listen ADDR:PORT (127.0.0.1:8080)\n"
	    "  CHIBO_THREADS         serve --threads, 1-64 (2)\n"
	    "  CHIBO_TRUST_PROXY     serve --trust-proxy: 0 (default) or 1\n"
	    "  CHIBO_WEB             serve --web DIR ('' for the API only)\n"
	    "  CHIBO_VIEW_WINDOW     serve --view-window seconds (600)\n"
	    "  CHIBO_ACCESS_LOG      1: one line per request on stderr (0)\n"
	    "  CHIBO_SECURE_COOKIES  1: Secure cookies and HSTS always (0)\n"
	    "  CHIBO_SESSION_IDLE    seconds a session lives unused (1800)\n"
	    "  CHIBO_SESSION_MAX     seconds a session lives in all (43200)\n"
	    "  CHIBO_AUTH_CACHE_TTL  seconds an account's grants are cached, 0-3600 (5)\n"
	    "  CHIBO_VIEW_QUEUE_MAX  views waiting for their audit commit (10000)\n"
	    "  CHIBO_COUNT_BOUND     exact list counts up to this (10000)\n"
	    "  CHIBO_MATERIAL_MAX_BYTES  largest meeting material (20 MiB)\n"
	    "  CHIBO_TODAY           YYYY-MM-DD: the judging date (tests only)\n"
	    "  CHIBO_DEBUG           any value: show database details in errors\n"
	    "\nExit status: 0 success, 1 failure, 2 usage error.\n"
	    "See chibo(1), docs/deployment.md and README.md.\n",
	    out);
}

/* Picks the language of messages: CHIBO_LANG, else an English locale,
 * else Vietnamese. */
static enum lang
pick_lang(void)
{
	const char *v = getenv("CHIBO_LANG");
	const char *names[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	if (v != NULL && *v != '\0')
		return msg_lang_from_header(v);
	for (i = 0; i < 3; i++) {
		v = getenv(names[i]);
		if (v != NULL && *v != '\0')
			return strncmp(v, "en", 2) == 0 ? LANG_EN : LANG_VI;
	}
	return LANG_VI;
}

/*
 * Takes "--NAME X" / "--NAME=X" out of argv wherever it appears (before
 * "--"), so that every command accepts it.  Returns the new argc, or -1
 * when the option has no value.
 */
static int
take_opt(int argc, char **argv, const char *name, const char **ret)
{
	size_t nlen = strlen(name);
	int i, j = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[j++] = argv[i++];
			break;
		}
		if (strncmp(argv[i], "--", 2) == 0 &&
		    strncmp(argv[i] + 2, name, nlen) == 0) {
			const char *rest = argv[i] + 2 + nlen;

			if (*rest == '\0') {
				if (i + 1 >= argc)
					return -1;
				*ret = argv[++i];
				continue;
			}
			if (*rest == '=') {
				*ret = rest + 1;
				continue;
			}
		}
		argv[j++] = argv[i];
	}
	argv[j] = NULL;
	return j;
}

/* Prints a configuration error in lang; returns EXIT_USAGE. */
static int
config_error(enum lang lang, const struct cb_error *err)
{
	struct app app;

	memset(&app, 0, sizeof(app));
	app.lang = lang;
	app.prog = "chibo";
	cli_report(&app, err);
	return EXIT_USAGE;
}

/*
 * Reads the configuration file: path (--config), else $CHIBO_CONFIG, else
 * the default, which alone may be missing; "" reads none.  Every entry
 * the environment does not set goes into it (an option beats both).  Then
 * checks the environment's own values of the keys.  Returns EXIT_OK or
 * EXIT_USAGE after printing the error.
 */
static int
load_config(const char *path, enum lang lang)
{
	struct cb_error err = CB_ERROR_INIT;
	struct config cf = { NULL, 0 };
	bool optional = false;
	char *text = NULL;
	size_t i, len = 0;
	int rc = EXIT_OK;

	if (path == NULL)
		path = getenv("CHIBO_CONFIG");
	if (path == NULL) {
		path = CONFIG_DEFAULT_PATH;
		optional = true;
	}
	if (*path != '\0') {
		FILE *f = fopen(path, "rb");
		const char *why = NULL;

		if (f == NULL && optional && errno == ENOENT)
			goto env;
		if (f == NULL)
			why = strerror(errno);
		else {
			struct sb b;
			char buf[8192];
			size_t n;

			sb_init(&b, CONFIG_MAX_BYTES);
			while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
				sb_addn(&b, buf, n);
			if (ferror(f)) {
				why = strerror(errno);
				sb_release(&b);
			} else if ((text = sb_detach(&b, &len)) == NULL)
				why = "larger than 1 MiB";
			fclose(f);
		}
		if (text == NULL) {
			cb_error_set(&err, CB_EIO, "config_cannot_read", path);
			cb_error_detail(&err, "%s", why ? why : "error");
			goto out;
		}
		if (config_parse(text, len, path, &cf, &err) != 0)
			goto out;
		for (i = 0; i < cf.n; i++) {
			const char *cur = getenv(cf.items[i].key);
			const struct config_key *k =
			    config_key_find(cf.items[i].key);

			/* An empty variable is an unset one, but for the
			 * keys whose empty value means something
			 * (CHIBO_WEB=''). */
			if (cur != NULL &&
			    (*cur != '\0' || k == NULL ||
			        k->kind == CONFIG_ANY))
				continue;
			if (setenv(cf.items[i].key, cf.items[i].value, 1) !=
			    0) {
				cb_error_set(&err, CB_ENOMEM, NULL, NULL);
				goto out;
			}
		}
	}
env:
	/* The environment's values, file ones included (checked already,
	 * harmless twice). */
	for (i = 0; i < config_nkeys; i++) {
		const char *v = getenv(config_keys[i].name);
		char where[96];

		/* An empty variable is an unset one, as it always was. */
		if (v == NULL || *v == '\0')
			continue;
		snprintf(where, sizeof(where), "$%s", config_keys[i].name);
		if (config_check(config_keys[i].name, v, where, &err) != 0)
			break;
	}
out:
	if (err.code != CB_OK)
		rc = config_error(lang, &err);
	cb_error_release(&err);
	config_release(&cf);
	free(text);
	return rc;
}

int
main(int argc, char **argv)
{
	struct app app;
	const char *db = NULL, *config = NULL;
	size_t i;
	int rc;

	setlocale(LC_CTYPE, "C.UTF-8");
	signal(SIGPIPE, SIG_IGN);
	memset(&app, 0, sizeof(app));
	app.lang = pick_lang();
	if ((argc = take_opt(argc, argv, "db", &db)) < 0) {
		fputs("chibo: --db needs a value\n", stderr);
		return EXIT_USAGE;
	}
	if ((argc = take_opt(argc, argv, "config", &config)) < 0) {
		fputs("chibo: --config needs a value\n", stderr);
		return EXIT_USAGE;
	}

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("chibo %s\n", CHIBO_VERSION);
		return EXIT_OK;
	}
	/* No control character is printed raw (cli.h), from the first
	 * message that may show what was typed (a configuration file's
	 * name, a command that is none); the server's log lines are
	 * sanitised where they are made. */
	if (strcmp(argv[1], "serve") != 0)
		cli_escape_streams();
	if ((rc = load_config(config, app.lang)) != EXIT_OK)
		return rc;
	/* The file may have set CHIBO_LANG. */
	app.lang = pick_lang();
	if (db == NULL || *db == '\0')
		db = getenv("CHIBO_DB");
	app.dburl = db != NULL && *db != '\0' ? db : CHIBO_DB_DEFAULT;
	for (i = 0; i < NFAMILIES; i++)
		if (strcmp(argv[1], families[i].name) == 0)
			break;
	if (i == NFAMILIES) {
		fprintf(stderr,
		    "chibo: '%s' is not a command; see "
		    "'chibo --help'\n",
		    argv[1]);
		return EXIT_USAGE;
	}
	if (text_init() != 0 || hash_init() != 0) {
		fputs("chibo: cannot initialise ICU or libsodium\n", stderr);
		return EXIT_FAIL;
	}
	rc = families[i].fn(&app, argc - 1, argv + 1);
	if (app.rules_loaded)
		rulebook_release(&app.rules);
	text_shutdown();
	return rc;
}
