/*
 * main.c - the chibo command: global options, the table of command
 * families, and the exit code.  See chibo(1) and `chibo --help`.
 */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/hash.h"
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
	    "usage: chibo [--db PATH|URL] COMMAND [ARGS...]\n"
	    "       chibo COMMAND --help\n\n"
	    "Runs and measures the work of Party cells: the member register and\n"
	    "the organisation tree, on SQLite (a file) or PostgreSQL (a URL).\n\n"
	    "Commands:\n",
	    out);
	for (i = 0; i < NFAMILIES; i++) {
		fprintf(out, "  %-8s %s\n", families[i].name,
		    families[i].summary);
	}
	fputs(
	    "\nEvery command takes --db PATH (a SQLite file) or --db\n"
	    "postgresql://... ; the default is $CHIBO_DB, else " CHIBO_DB_DEFAULT
	    ".\n"
	    "Messages are in Vietnamese; CHIBO_LANG=en gives English.\n"
	    "Exit status: 0 success, 1 failure, 2 usage error.\n"
	    "See chibo(1) and README.md.\n",
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
 * Takes "--db X" / "--db=X" out of argv wherever it appears (before "--"),
 * so that every command accepts it.  Returns the new argc, or -1 when
 * --db has no value.
 */
static int
take_db(int argc, char **argv, const char **ret)
{
	int i, j = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[j++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc)
				return -1;
			*ret = argv[++i];
			continue;
		}
		if (strncmp(argv[i], "--db=", 5) == 0) {
			*ret = argv[i] + 5;
			continue;
		}
		argv[j++] = argv[i];
	}
	argv[j] = NULL;
	return j;
}

int
main(int argc, char **argv)
{
	struct app app;
	const char *db = NULL;
	size_t i;
	int rc;

	setlocale(LC_CTYPE, "C.UTF-8");
	signal(SIGPIPE, SIG_IGN);
	memset(&app, 0, sizeof(app));
	app.lang = pick_lang();
	if ((argc = take_db(argc, argv, &db)) < 0) {
		fputs("chibo: --db needs a value\n", stderr);
		return EXIT_USAGE;
	}
	if (db == NULL || *db == '\0')
		db = getenv("CHIBO_DB");
	app.dburl = db != NULL && *db != '\0' ? db : CHIBO_DB_DEFAULT;

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
