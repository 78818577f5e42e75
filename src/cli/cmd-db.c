/* cmd-db.c - chibo init, chibo demo (agency or national scale). */
#include <getopt.h>
#include <stdio.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "svc/gen.h"

#include "util/banned.h"

const struct cmd cmd_init_desc = { "init", cmd_init,
	"create or upgrade the database schema",
	"init [--db PATH|URL]\n\n"
	"Creates the database (a SQLite file, its directory included, or the\n"
	"tables in an existing PostgreSQL database) or applies the migrations\n"
	"a newer chibo brings.  Safe to run again.\n" };

const struct cmd cmd_demo_desc = { "demo", cmd_demo,
	"fill an empty database with the demo agency committee",
	"demo [--seed N] [--scale agency|national|province|test]\n"
	"     [--orgs-only] [--csv FILE] [--if-empty] [--no-meetings]\n"
	"     [--no-inspections] [--no-evaluations]\n"
	"     [--db PATH|URL]\n\n"
	"Builds a believable agency Party committee: one đảng bộ, about 16\n"
	"grassroots organisations, 40 cells and 500 members with realistic\n"
	"Vietnamese names, ages, ethnicities and dates.  Names: family, middle\n"
	"and given names by their real frequencies and the member's gender,\n"
	"no syllable twice.  Job title, education, professional and theory\n"
	"levels come from the rulebook's lists and agree with the age and the\n"
	"unit (no doctorate before 29, advanced theory mostly for leaders over\n"
	"35); admission at 19 or later, official 12 months on; dossier numbers\n"
	"001-000001, ... (the province's code, the committee's sequence).\n"
	"The same seed gives the same data (default seed 1).  The database\n"
	"must be initialised and hold no organisation yet (--if-empty: a\n"
	"database that holds some is left as it is, and that is a success).\n"
	"It also makes one account per role; --accounts only lists those\n"
	"accounts and their passwords.  Every cell gets the meetings of the\n"
	"12 months before today's (and of the first one's year) with their\n"
	"attendance, material, minutes, resolution vote, resolution, tasks\n"
	"and self-score (the last two months' minutes and resolutions still\n"
	"drafts) and a few lapses the meetings check finds; --no-meetings\n"
	"leaves them out.  The committee and its grassroots committees get\n"
	"their current term (2025-2030), the inspection commission this\n"
	"year's programme, inspections and supervisions of the subordinate\n"
	"organisations with their recommendations, and every organisation\n"
	"its yearly self-inspection, with gaps the inspection coverage check\n"
	"finds (chibo check inspection); --no-inspections leaves them out.\n"
	"Every member and organisation gets its evaluation of the last two\n"
	"years (decided, the periods locked: a few decisions differ from the\n"
	"computed level, with their reasons) and of this year (open, a period\n"
	"per grassroots organisation: self-assessments, some proposals, and\n"
	"DBCS-HVDT decided beyond the cap on excellent, so that its lock is\n"
	"refused); --no-evaluations leaves them out.\n\n"
	"--scale national builds the whole Party instead: 34 provinces and\n"
	"cities, 3,321 communes and wards, about 52,000 grassroots\n"
	"organisations, 300,000 cells and 5.6 million members, in one bulk\n"
	"load; --scale province one province (about 300,000 members), --scale\n"
	"test a tiny one.  Accounts: admin and one office per province.\n"
	"--orgs-only stores the organisations but not the members; --csv FILE\n"
	"also writes the members as a CSV file that `chibo import members`\n"
	"reads (the export format, org_code included).  So a database with the\n"
	"organisations and the members' file for an import benchmark is\n"
	"  chibo demo --scale national --orgs-only --csv members.csv\n"
	"and a fully loaded database `chibo demo --scale national`.\n" };

/* Only --help: commands without options of their own. */
static int
no_options(struct app *app, const struct cmd *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
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

	puts(app->lang == LANG_EN ?
	        "Demo accounts (user / password, role):" :
	        "Tài khoản dùng thử (tên / mật khẩu, vai trò):");
	for (a = demo_accounts; a->username; a++)
		printf("  %-10s / %-20s %s (%s @ %s%s%s)\n", a->username,
		    a->password, a->who, a->role, a->org_code,
		    a->allow ? ", --allow " : "", a->allow ? a->allow : "");
}

static int
write_file(void *arg, const char *buf, size_t n)
{
	return fwrite(buf, 1, n, arg) == n ? 0 : -1;
}

/* The national demo or one of its smaller scales. */
static int
demo_national(struct app *app, const char *scale, uint64_t seed,
    bool orgs_only, const char *csv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct demo_report rep = { 0 };
	struct demo_national_opts o = { .seed = seed, .members = !orgs_only };
	struct store *st = NULL;
	FILE *f = NULL;
	struct svc s;
	int rc;

	if ((o.scale = gen_scale_find(scale)) == NULL)
		return cli_usage_error(app, "--scale is agency, %s",
		    gen_scale_names());
	if (csv != NULL && (f = fopen(csv, "wb")) == NULL) {
		cb_error_set(&err, CB_EIO, "io_error", csv);
		rc = cli_report(app, &err);
		cb_error_release(&err);
		return rc;
	}
	o.csv_write = f ? write_file : NULL;
	o.csv_arg = f;
	o.csv_name = csv;
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		if (f != NULL)
			fclose(f);
		return rc;
	}
	if (svc_demo_national(&s, &o, &rep, &err) != 0)
		rc = cli_report(app, &err);
	if (f != NULL && fclose(f) != 0 && rc == EXIT_OK) {
		cb_error_set(&err, CB_EIO, "io_error", csv);
		rc = cli_report(app, &err);
	}
	if (rc == EXIT_OK)
		printf("chibo: demo data (%s, seed %llu): %zu organisations, "
		       "%zu members%s%s%s, %zu accounts\n",
		    scale, (unsigned long long)seed, rep.orgs, rep.members,
		    orgs_only ? " (not stored)" : "",
		    csv ? " written to " : "", csv ? csv : "", rep.accounts);
	cb_error_release(&err);
	cli_close(st, &s);
	return rc;
}

int
cmd_demo(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "scale", required_argument, NULL, 'S' },
		{ "orgs-only", no_argument, NULL, 'o' },
		{ "csv", required_argument, NULL, 'c' },
		{ "accounts", no_argument, NULL, 'a' },
		{ "if-empty", no_argument, NULL, 'e' },
		{ "no-meetings", no_argument, NULL, 'M' },
		{ "no-inspections", no_argument, NULL, 'I' },
		{ "no-evaluations", no_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct demo_report rep = { 0 };
	const char *scale = "agency", *csv = NULL;
	struct store *st = NULL;
	struct svc s;
	uint64_t seed = 1;
	bool orgs_only = false, if_empty = false, meetings = true;
	bool inspections = true, evaluations = true;
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
		case 'S':
			scale = optarg;
			break;
		case 'o':
			orgs_only = true;
			break;
		case 'c':
			csv = optarg;
			break;
		case 'a':
			print_accounts(app);
			return EXIT_OK;
		case 'e':
			if_empty = true;
			break;
		case 'M':
			meetings = false;
			break;
		case 'I':
			inspections = false;
			break;
		case 'E':
			evaluations = false;
			break;
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
	if (strcmp(scale, "agency") != 0)
		return demo_national(app, scale, seed, orgs_only, csv);
	if (orgs_only || csv != NULL)
		return cli_usage_error(app,
		    "--orgs-only and --csv need a "
		    "--scale other than agency");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_demo_parts(&s, seed, meetings, inspections, evaluations, &rep,
	        &err) != 0) {
		/* A register already there is what --if-empty expects. */
		if (if_empty && err.mcode != NULL &&
		    strcmp(err.mcode, "database_not_empty") == 0)
			rc = EXIT_OK;
		else
			rc = cli_report(app, &err);
	} else
		printf("chibo: demo data (seed %llu): %zu organisations, "
		       "%zu members, %zu accounts, %zu meetings, "
		       "%zu evaluations\n",
		    (unsigned long long)seed, rep.orgs, rep.members,
		    rep.accounts, rep.meetings, rep.evaluations);
	cb_error_release(&err);
	cli_close(st, &s);
	return rc;
}
