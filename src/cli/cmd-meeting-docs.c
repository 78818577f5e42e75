/*
 * cmd-meeting-docs.c - chibo meeting pdf|ics|report: a meeting's minutes
 * and resolution as PDF, the calendar feed of a cell or a member, the
 * monthly upward report as XLSX (svc/meeting-doc.c, meeting-ics.c,
 * meeting-report.c).  The bytes go to -o FILE, or to standard output.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#include "util/banned.h"

/* Writes out to path (NULL: standard output); the exit status. */
static int
write_out(struct app *app, const struct sb *out, const char *path)
{
	struct cb_error err = CB_ERROR_INIT;
	FILE *f = path ? fopen(path, "wb") : cli_stdout_raw();
	int rc = EXIT_OK;

	if (f == NULL || fwrite(out->buf, 1, out->len, f) != out->len ||
	    (f != cli_stdout_raw() && fclose(f) != 0)) {
		cb_error_set(&err, CB_EIO, "io_error", path ? path : "stdout");
		rc = cli_report(app, &err);
		cb_error_release(&err);
	}
	if (f == cli_stdout_raw())
		fflush(f);
	return rc;
}

int
meeting_pdf(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "minutes", no_argument, NULL, 'm' },
		{ "resolution", no_argument, NULL, 'r' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	enum meeting_doc which = 0;
	const char *path = NULL;
	struct store *st = NULL;
	struct sb out;
	struct svc s;
	int64_t id;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (ch) {
		case 'm':
		case 'r':
			if (which != 0)
				return cli_usage_error(app,
				    "--minutes or --resolution, not both");
			which = ch == 'm' ?
			    MEETING_DOC_MINUTES :
			    MEETING_DOC_RESOLUTION;
			break;
		case 'o':
			path = optarg;
			break;
		case 'h':
			return cmd_meeting_help("pdf");
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind + 1 != argc || !cli_parse_id(argv[optind], &id))
		return cli_usage_error(app, "a meeting id is needed");
	if (which == 0)
		return cli_usage_error(app, "--minutes or --resolution");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	sb_init(&out, 0);
	if (svc_meeting_doc_filled(&s, id, which, &out, &err) != 0)
		rc = cli_report(app, &err);
	else
		rc = write_out(app, &out, path);
	sb_release(&out);
	cb_error_release(&err);
	cli_close(st, &s);
	return rc;
}

int
meeting_ics(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'g' },
		{ "member", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	const char *path = NULL, *org = NULL;
	struct store *st = NULL;
	int64_t member = 0, org_id = 0;
	struct sb out;
	struct svc s;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (ch) {
		case 'g':
			org = optarg;
			break;
		case 'm':
			if (!cli_parse_id(optarg, &member))
				return cli_usage_error(app,
				    "--member needs an id");
			break;
		case 'o':
			path = optarg;
			break;
		case 'h':
			return cmd_meeting_help("ics");
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind != argc || (org == NULL) == (member == 0))
		return cli_usage_error(app,
		    "ics needs --org ORG or --member ID");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	sb_init(&out, 0);
	if ((org != NULL && cli_org_ref(&s, org, &org_id, &err) != 0) ||
	    svc_meeting_ics(&s, org_id, member, &out, &err) != 0)
		rc = cli_report(app, &err);
	else
		rc = write_out(app, &out, path);
	sb_release(&out);
	cb_error_release(&err);
	cli_close(st, &s);
	return rc;
}

int
meeting_report(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'g' },
		{ "month", required_argument, NULL, 'M' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	const char *path = NULL, *org = NULL, *month = NULL;
	struct store *st = NULL;
	int64_t org_id = 0;
	struct sb out;
	struct svc s;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (ch) {
		case 'g':
			org = optarg;
			break;
		case 'M':
			month = optarg;
			break;
		case 'o':
			path = optarg;
			break;
		case 'h':
			return cmd_meeting_help("report");
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind != argc || org == NULL || month == NULL)
		return cli_usage_error(app,
		    "report needs --org ORG --month YYYY-MM");
	if (path == NULL)
		return cli_usage_error(app, "report needs -o FILE (.xlsx)");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	sb_init(&out, 0);
	if (cli_org_ref(&s, org, &org_id, &err) != 0 ||
	    svc_meeting_report(&s, org_id, month, &out, &err) != 0)
		rc = cli_report(app, &err);
	else
		rc = write_out(app, &out, path);
	sb_release(&out);
	cb_error_release(&err);
	cli_close(st, &s);
	return rc;
}
