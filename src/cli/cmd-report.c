/*
 * cmd-report.c - chibo report: the reports of a year in the Party's
 * formats.  classification: the yearly classification report of an
 * organisation (svc/classification-report.c, issue 15) as XLSX, PDF or
 * CSV.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#include "util/banned.h"

static int report_classification(struct app *, int, char **);

static const struct cmd report_cmds[] = {
	{ "classification", report_classification,
	    "the yearly classification report of an organisation",
	    "classification --org ID|CODE --year YEAR --format xlsx|pdf|csv\n"
	    "       [--output FILE]\n\n"
	    "The year's evaluations of the organisation's subtree: the\n"
	    "summary by level (members and organisations), the members and\n"
	    "the organisations by level (the level the rules computed and the\n"
	    "level decided), the cap on excellent of each scope (allowed,\n"
	    "counted) and every decision that differs from the computed level\n"
	    "with its written reason.  xlsx: a workbook of five sheets; pdf:\n"
	    "a report in the Party document format (\"Số …-BC/ĐU\"); csv: one\n"
	    "row per evaluation (year, subject, id, name, org_id, org_name,\n"
	    "computed_level, reasons, proposed_level, decided_level,\n"
	    "decided_reason, differs) with the levels' JSON names.  Without\n"
	    "--output (or with \"-\"): standard output.  A year whose period\n"
	    "is not locked yet is marked as provisional.\n" },
	{ NULL, NULL, NULL, NULL },
};

int
cmd_report(struct app *app, int argc, char **argv)
{
	return cli_dispatch(app, "report", report_cmds, argc, argv);
}

static int
fail(struct app *app, struct cb_error *err)
{
	int rc = cli_report(app, err);

	cb_error_release(err);
	return rc;
}

static int
report_classification(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "org", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	const char *org = NULL, *path = "-";
	struct store *st = NULL;
	int64_t org_id = 0, v;
	int ch, rc = EXIT_OK, year = 0, fmt = -1;
	struct svc s;
	struct sb out;
	bool std;
	FILE *f;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'y':
			if (!cli_parse_id(optarg, &v) || v < DATE_YEAR_MIN ||
			    v >= DATE_YEAR_MAX)
				return cli_usage_error(app,
				    "--year needs a year (1900-2199)");
			year = (int)v;
			break;
		case 'o':
			org = optarg;
			break;
		case 'f':
			if ((fmt = classrep_format_parse(optarg)) < 0)
				return cli_usage_error(app,
				    "--format is xlsx, pdf or csv");
			break;
		case 'O':
			path = optarg;
			break;
		case 'h':
			cli_usage(stdout, "chibo report", &report_cmds[0]);
			return EXIT_OK;
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	if (year == 0 || org == NULL || fmt < 0)
		return cli_usage_error(app,
		    "classification needs --org, --year and --format");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	sb_init(&out, SB_MAX_DEFAULT);
	if (cli_org_ref(&s, org, &org_id, &err) != 0 ||
	    svc_classification_report_render(&s, org_id, year,
	        (enum classrep_format)fmt, &out, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	std = strcmp(path, "-") == 0;
	f = std ? cli_stdout_raw() : fopen(path, "wb");
	if (f != NULL) {
		bool bad = fwrite(out.buf, 1, out.len, f) != out.len;

		if (std)
			bad = fflush(f) != 0 || bad;
		else
			bad = fclose(f) != 0 || bad;
		if (!bad)
			goto out;
	}
	cb_error_set(&err, CB_EIO, "io_error", path);
	rc = fail(app, &err);
out:
	sb_release(&out);
	cli_close(st, &s);
	return rc;
}
