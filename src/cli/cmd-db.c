/* cmd-db.c - chibo init, chibo demo. */
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

const struct cmd cmd_init_desc = { "init", cmd_init,
	"create or upgrade the database schema",
	"init [--db PATH|URL]\n\n"
	"Creates the database (a SQLite file, its directory included, or the\n"
	"tables in an existing PostgreSQL database) or applies the migrations\n"
	"a newer chibo brings.  Safe to run again.\n" };

const struct cmd cmd_demo_desc = { "demo", cmd_demo,
	"fill an empty database with the demo agency committee",
	"demo [--seed N] [--db PATH|URL]\n\n"
	"Builds a believable agency Party committee: one đảng bộ, about 16\n"
	"grassroots organisations, 40 cells and 500 members with realistic\n"
	"Vietnamese names, ages, ethnicities and dates.  The same seed gives\n"
	"the same data (default seed 1).  The database must be initialised and\n"
	"hold no organisation yet.  It also makes one account per role;\n"
	"--accounts only lists those accounts and their passwords.\n" };

/* Only --help: commands without options of their own. */
static int
no_options(struct app *app, const struct cmd *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	int ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch == 'h') {
			cli_usage(stdout, "chibo", c);
			return -1;
		}
		return cli_usage_error(app, "unknown option");
	}
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	return 0;
}

/* Creates the directory of a SQLite file if it is missing. */
static void
make_parent_dir(const char *dburl)
{
	char *copy, *dir;

	if (store_url_is_pg(dburl) || (copy = strdup(dburl)) == NULL)
		return;
	dir = dirname(copy);
	if (strcmp(dir, ".") != 0)
		mkdir(dir, 0750);
	free(copy);
}

int
cmd_init(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	int rc, version = 0;

	app->prog = "chibo init";
	if ((rc = no_options(app, &cmd_init_desc, argc, argv)) != 0)
		return rc < 0 ? EXIT_OK : rc;
	make_parent_dir(app->dburl);
	if (svc_init_db(app->dburl, &version, &err) != 0) {
		rc = cli_report(app, &err);
		cb_error_release(&err);
		return rc;
	}
	printf("chibo: database %s ready (schema version %d)\n",
	    store_url_is_pg(app->dburl) ? "(PostgreSQL)" : app->dburl,
	    version);
	return EXIT_OK;
}

static void
print_accounts(const struct app *app)
{
	const struct demo_account *a;

	puts(app->lang == LANG_EN ? "Demo accounts (user / password, role):" :
	    "Tài khoản dùng thử (tên / mật khẩu, vai trò):");
	for (a = demo_accounts; a->username; a++)
		printf("  %-10s / %-20s %s (%s @ %s)\n", a->username,
		    a->password, a->who, a->role, a->org_code);
}

int
cmd_demo(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "accounts", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 } };
	struct cb_error err = CB_ERROR_INIT;
	struct demo_report rep = { 0 };
	struct store *st = NULL;
	struct svc s;
	uint64_t seed = 1;
	char *end;
	int ch, rc;

	app->prog = "chibo demo";
	optind = 0;
	while ((ch = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			seed = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || *optarg == '-')
				return cli_usage_error(app,
				    "--seed needs a whole number");
			break;
		case 'a':
			print_accounts(app);
			return EXIT_OK;
		case 'h':
			cli_usage(stdout, "chibo", &cmd_demo_desc);
			return EXIT_OK;
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_demo(&s, seed, &rep, &err) != 0)
		rc = cli_report(app, &err);
	else
		printf("chibo: demo data (seed %llu): %zu organisations, "
		    "%zu members, %zu accounts\n", (unsigned long long)seed,
		    rep.orgs, rep.members, rep.accounts);
	cb_error_release(&err);
	cli_close(st, &s);
	return rc;
}
