/* cmd-backup.c - chibo backup FILE, chibo restore FILE. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#include "util/banned.h"

const struct cmd cmd_backup_desc = { "backup", cmd_backup,
	"write a backup of the database, while it is served",
	"backup FILE [--db PATH|URL]\n\n"
	"Writes a copy of the database to FILE (which must not exist) while\n"
	"the server goes on answering and writing: SQLite through its online\n"
	"backup API (FILE is a SQLite database), PostgreSQL through pg_dump\n"
	"--format=custom (called with the database URL; FILE is for\n"
	"pg_restore).  The copy is one snapshot: every write acknowledged\n"
	"before it began is in it.  Prints the file's SHA-256 and the audit\n"
	"head it holds (keep both elsewhere: `chibo restore` shows them).\n" };

const struct cmd cmd_restore_desc = { "restore", cmd_restore,
	"restore a backup into an empty database, and check it",
	"restore FILE [--force] [--db PATH|URL]\n\n"
	"Restores a backup made by `chibo backup` into the database --db: a\n"
	"new SQLite file, or a PostgreSQL database without chibo's tables\n"
	"(through pg_restore, in one transaction).  A database that holds\n"
	"data is refused unless --force (SQLite: replaced; PostgreSQL:\n"
	"pg_restore --clean); stop the server first.  Then checks it: the\n"
	"engine's integrity check (SQLite PRAGMA integrity_check), the audit\n"
	"chain (as `chibo audit verify`) and the figures of every root\n"
	"organisation against a recount.  Exit status 1 if a check fails.\n" };

/* Only FILE, and --force for restore. */
static int
parse(struct app *app, const struct cmd *c, int argc, char **argv,
    const char **file, bool *force)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	int ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (force == NULL)
				return cli_usage_error(app, "unknown option");
			*force = true;
			break;
		case 'h':
			cli_usage(stdout, "chibo", c);
			return -1;
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(app, "usage: chibo %s FILE", c->name);
	*file = argv[optind];
	return 0;
}

int
cmd_backup(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct backup_report r;
	struct store *st = NULL;
	const char *file = NULL;
	struct svc s;
	int rc;

	app->prog = "chibo backup";
	if ((rc = parse(app, &cmd_backup_desc, argc, argv, &file, NULL)) != 0)
		return rc < 0 ? EXIT_OK : rc;
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_backup(&s, file, &r, &err) != 0) {
		rc = cli_report(app, &err);
		cb_error_release(&err);
	} else {
		printf(app->lang == LANG_EN ?
		        "chibo: backup written to %s (%lld bytes, %s)\n" :
		        "chibo: đã ghi bản sao lưu %s (%lld byte, %s)\n",
		    file, (long long)r.bytes, store_backend_name(st));
		printf("sha256 %s\n", r.sha256);
		printf("audit head %lld %s\n", (long long)r.head_id,
		    r.head_hash);
	}
	cli_close(st, &s);
	return rc;
}

int
cmd_restore(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct restore_report r;
	const char *file = NULL;
	bool force = false, en = app->lang == LANG_EN;
	int rc;

	app->prog = "chibo restore";
	if ((rc = parse(app, &cmd_restore_desc, argc, argv, &file, &force)) !=
	    0)
		return rc < 0 ? EXIT_OK : rc;
	if (cli_rules(app, &err) != 0) {
		rc = cli_report(app, &err);
		cb_error_release(&err);
		return rc;
	}
	cli_actor(app->actor, sizeof(app->actor));
	if (svc_restore(file, app->dburl, force, &app->rules, app->actor, &r,
	        &err) != 0) {
		rc = cli_report(app, &err);
		cb_error_release(&err);
		restore_report_release(&r);
		return rc;
	}
	printf(en ? "chibo: restored %s into %s\n" :
	            "chibo: đã khôi phục %s vào %s\n",
	    file, store_url_is_pg(app->dburl) ? "(PostgreSQL)" : app->dburl);
	printf("sha256 %s\n", r.sha256);
	printf("integrity %s\n", r.integrity ? r.integrity : "?");
	if (r.audit.ok)
		printf("audit intact %lld entries; audit head %lld %s\n",
		    (long long)r.audit.count, (long long)r.audit.head_id,
		    r.audit.head_hash);
	else
		printf("audit BROKEN at entry %lld (%s)\n",
		    (long long)r.audit.bad_id,
		    r.audit.bad_code ? r.audit.bad_code : "?");
	if (r.figures_ok)
		printf(en ?
		        "figures equal to a recount: %lld members on the "
		        "rolls in %zu root organisation(s)\n" :
		        "số liệu khớp khi đếm lại: %lld đảng viên trong "
		        "%zu tổ chức gốc\n",
		    (long long)r.members, r.orgs);
	else
		printf(en ?
		        "figures DIFFER from a recount (organisation %lld);"
		        " rebuilt\n" :
		        "số liệu KHÁC khi đếm lại (tổ chức %lld); đã tính "
		        "lại\n",
		    (long long)r.figures_bad_org);
	if (!r.ok) {
		fputs(en ? "chibo restore: the restored database FAILED its "
		           "checks\n" :
		           "chibo restore: cơ sở dữ liệu đã khôi phục KHÔNG "
		           "qua được kiểm tra\n",
		    stderr);
		rc = EXIT_FAIL;
	}
	restore_report_release(&r);
	return rc;
}
