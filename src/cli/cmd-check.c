/*
 * cmd-check.c - chibo check: the rules' checks of a subtree: the
 * meetings check (svc/meeting-check.c, issue 13): its findings, kept by
 * every meeting write, refreshed here with --refresh; the inspection
 * coverage of a committee (svc/inspection-check.c, issue 14), counted.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#include "util/banned.h"

static int check_meetings(struct app *, int, char **);
static int check_inspection(struct app *, int, char **);

static const struct cmd check_cmds[] = {
	{ "meetings", check_meetings,
	    "the meetings check of a subtree: its findings and counts",
	    "meetings --year YEAR [--org ORG] [--code CODE] [--format json]\n"
	    "       meetings --year YEAR [--org ORG] --refresh\n\n"
	    "Findings by organisation (tree order): regular_missing (a month\n"
	    "without a regular or combined meeting), thematic_missing (a\n"
	    "quarter without a thematic or combined one), duration_short,\n"
	    "materials_late, resolution_late, attendance_low and\n"
	    "member_absent_3_months, each with its rule and citation.  The\n"
	    "findings are kept by every meeting and attendance write; months\n"
	    "that end and rulebook changes make them stale: --refresh brings\n"
	    "every stale organisation of the subtree up to date (run it\n"
	    "daily, e.g. from a timer; a read refreshes a few itself).\n"
	    "Without --org: the one root organisation.\n" },
	{ "inspection", check_inspection,
	    "a committee's inspection coverage against its targets",
	    "inspection --year YEAR [--org ORG] [--format json]\n"
	    "       inspection --year YEAR [--org ORG] --report FILE\n\n"
	    "The committee's direct subordinate organisations: who has been\n"
	    "inspected or supervised in its current term so far, who has\n"
	    "inspected and supervised its own members in YEAR, the\n"
	    "percentages against the targets (inspection.coverage_term,\n"
	    "inspection.self_yearly), and the findings:\n"
	    "not_covered_in_term (with the months left in the term),\n"
	    "self_inspection_missing and recommendation_overdue, each with\n"
	    "its rule and citation.  A past year is judged as it stood on\n"
	    "31 December.  Without --org: the one root organisation.\n"
	    "--report FILE writes the year's inspection and supervision\n"
	    "report instead: a PDF in the Party document format when FILE\n"
	    "ends in .pdf, else an XLSX workbook (\"-\": XLSX to standard\n"
	    "output).\n" },
	{ NULL, NULL, NULL, NULL },
};

int
cmd_check(struct app *app, int argc, char **argv)
{
	return cli_dispatch(app, "check", check_cmds, argc, argv);
}

static int
fail(struct app *app, struct cb_error *err)
{
	int rc = cli_report(app, err);

	cb_error_release(err);
	return rc;
}

static bool
parse_year(const char *s, int *ret)
{
	int64_t v;

	if (!cli_parse_id(s, &v) || v < 1930 || v > 9999)
		return false;
	*ret = (int)v;
	return true;
}

/* The counts by code and the state of the kept rows. */
static void
print_head(const struct meeting_check_report *r, json_t *j)
{
	const char *k;
	json_t *v;

	printf("%s (%lld, %s): %d, months through %s\n",
	    r->org.name ? r->org.name : "", (long long)r->org.id,
	    r->org.code ? r->org.code : "", r->year, r->through);
	json_object_foreach(json_object_get(j, "counts"), k, v)
	    printf("  %-24s %lld\n", k, (long long)json_integer_value(v));
	if (r->stale)
		printf("  (some organisations are stale: chibo check meetings"
		       " --refresh)\n");
}

static void
print_finding(const struct mchk_finding *f, enum lang lang)
{
	char *msg = msg_render(f->code, f->period, lang);

	printf("%s\t%s\t%lld %s", f->period, f->code, (long long)f->org_id,
	    f->org_name ? f->org_name : "");
	if (f->member_id != 0)
		printf("\t%lld %s", (long long)f->member_id,
		    f->member_name ? f->member_name : "");
	if (f->meeting_id != 0)
		printf("\tmeeting %lld", (long long)f->meeting_id);
	printf("\t%s\t%s\n", f->rule_id, msg ? msg : f->code);
	free(msg);
}

static int
check_meetings(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "org", required_argument, NULL, 'o' },
		{ "code", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "refresh", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_check_report r;
	struct store *st = NULL;
	const char *org = NULL, *code = NULL;
	json_t *all = NULL, *page;
	char *cursor = NULL;
	bool json = false, do_refresh = false;
	int64_t org_id = 0;
	int ch, rc, year = 0;
	size_t i, done;
	struct svc s;

	memset(&r, 0, sizeof(r));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'y':
			if (!parse_year(optarg, &year))
				return cli_usage_error(app,
				    "--year needs a year (1930-9999)");
			break;
		case 'o':
			org = optarg;
			break;
		case 'c':
			code = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "text") != 0)
				return cli_usage_error(app,
				    "--format is text or json");
			json = strcmp(optarg, "json") == 0;
			break;
		case 'r':
			do_refresh = true;
			break;
		case 'h':
			cli_usage(stdout, "chibo check", &check_cmds[0]);
			return EXIT_OK;
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (year == 0 || optind != argc)
		return cli_usage_error(app, "meetings needs --year YEAR");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (org != NULL && cli_org_ref(&s, org, &org_id, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	if (do_refresh) {
		if (svc_meeting_check_refresh(&s, org_id, year, &done, &err) !=
		    0)
			rc = fail(app, &err);
		else
			printf("chibo: %zu organisation(s) refreshed\n", done);
		goto out;
	}
	do {
		if (svc_meeting_check(&s, org_id, year, code, cursor, 1000, &r,
		        &err) != 0) {
			rc = fail(app, &err);
			goto out;
		}
		page = meeting_check_to_json(&r, app->lang);
		if (all == NULL) {
			all = page;
			if (!json)
				print_head(&r, all);
		} else {
			json_array_extend(json_object_get(all, "items"),
			    json_object_get(page, "items"));
			json_decref(page);
		}
		if (!json)
			for (i = 0; i < r.page.n; i++)
				print_finding(&r.page.items[i], app->lang);
		free(cursor);
		cursor =
		    r.page.next_cursor ? strdup(r.page.next_cursor) : NULL;
		meeting_check_report_release(&r);
	} while (cursor != NULL);
	json_object_del(all, "next_cursor");
	if (json)
		cli_print_json(all);
out:
	free(cursor);
	json_decref(all);
	meeting_check_report_release(&r);
	cli_close(st, &s);
	return rc;
}

static void
print_target(const char *label, json_t *t)
{
	json_t *pct = json_object_get(t, "pct");
	json_t *target = json_object_get(t, "target_pct");

	printf("  %-22s ", label);
	if (json_is_null(pct)) {
		printf("-\n");
		return;
	}
	printf("%.1f %%", json_real_value(pct));
	if (json_is_integer(target))
		printf(" (target %lld %%)",
		    (long long)json_integer_value(target));
	printf("\n");
}

/* The text of the coverage answer j of committee r. */
static void
print_inspection(const struct inspection_check_report *r, json_t *j)
{
	json_t *cov = json_object_get(j, "coverage"), *term, *v, *o;
	const char *k;
	size_t i;

	printf("%s (%lld, %s): %d, judged on %s\n",
	    r->org.name ? r->org.name : "", (long long)r->org.id,
	    r->org.code ? r->org.code : "", r->year, r->judged.on);
	term = json_object_get(j, "term");
	if (json_is_object(term))
		printf("  term %s (%s to %s), %lld month(s) left\n",
		    json_string_value(json_object_get(term, "name")),
		    json_string_value(json_object_get(term, "starts_on")),
		    json_string_value(json_object_get(term, "ends_on")),
		    (long long)json_integer_value(json_object_get(term,
		        "months_left")));
	else
		printf("  no term in force\n");
	print_target("inspected in term", json_object_get(cov, "in_term"));
	print_target("self-inspected",
	    json_object_get(cov, "self_inspection"));
	json_object_foreach(json_object_get(j, "counts"), k, v)
	    printf("  %-24s %lld\n", k, (long long)json_integer_value(v));
	printf("\n");
	json_array_foreach(json_object_get(j, "orgs"), i, o)
	{
		json_t *c = json_object_get(o, "covered");
		json_t *si = json_object_get(o, "self_inspected");
		json_t *last = json_object_get(o, "last_inspection_on");

		printf("%lld\t%s\t%s\t%s\t%s\n",
		    (long long)json_integer_value(json_object_get(o, "id")),
		    json_string_value(json_object_get(o, "name")),
		    json_is_null(c)     ? "-" :
		        json_is_true(c) ? "covered" :
		                          "not covered",
		    json_is_string(last) ? json_string_value(last) : "-",
		    json_is_null(si)     ? "-" :
		        json_is_true(si) ? "self-inspected" :
		                           "no self-inspection");
	}
	printf("\n");
	json_array_foreach(json_object_get(j, "items"), i,
	    o) printf("%s\t%s\t%lld %s\t%s\t%s\n",
	    json_string_value(json_object_get(o, "period")),
	    json_string_value(json_object_get(o, "code")),
	    (long long)json_integer_value(json_object_get(o, "org_id")),
	    json_string_value(json_object_get(o, "org_name")),
	    json_string_value(json_object_get(o, "rule")),
	    json_string_value(json_object_get(o, "message")));
}

/* The year's report to path ("-": standard output): PDF when path ends
 * in ".pdf", else XLSX. */
static int
write_report(struct app *app, struct svc *s, int64_t org_id, int year,
    const char *path)
{
	struct cb_error err = CB_ERROR_INIT;
	size_t n = strlen(path);
	bool pdf = n > 4 && strcmp(path + n - 4, ".pdf") == 0;
	bool std = strcmp(path, "-") == 0;
	struct sb out;
	FILE *f;
	int rc = EXIT_OK;

	sb_init(&out, SB_MAX_DEFAULT);
	if ((pdf ? svc_inspection_report_pdf(s, org_id, year, &out, &err) :
	           svc_inspection_report_xlsx(s, org_id, year, &out, &err)) !=
	    0) {
		rc = fail(app, &err);
		goto out;
	}
	f = std ? cli_stdout_raw() : fopen(path, "wb");
	if (f == NULL || fwrite(out.buf, 1, out.len, f) != out.len ||
	    (!std && fclose(f) != 0)) {
		cb_error_set(&err, CB_EIO, "io_error", path);
		rc = fail(app, &err);
	}
	if (std && f != NULL)
		fflush(f);
out:
	sb_release(&out);
	return rc;
}

static int
check_inspection(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "org", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "report", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_check_report r;
	const char *report = NULL;
	struct store *st = NULL;
	const char *org = NULL;
	json_t *j = NULL;
	bool json = false;
	int64_t org_id = 0, v;
	int ch, rc, year = 0;
	struct svc s;

	memset(&r, 0, sizeof(r));
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
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "text") != 0)
				return cli_usage_error(app,
				    "--format is text or json");
			json = strcmp(optarg, "json") == 0;
			break;
		case 'R':
			report = optarg;
			break;
		case 'h':
			cli_usage(stdout, "chibo check", &check_cmds[1]);
			return EXIT_OK;
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (year == 0 || optind != argc)
		return cli_usage_error(app, "inspection needs --year YEAR");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (org != NULL && cli_org_ref(&s, org, &org_id, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	if (report != NULL) {
		rc = write_report(app, &s, org_id, year, report);
		goto out;
	}
	if (svc_inspection_check(&s, org_id, year, &r, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	j = inspection_check_to_json(&r, app->lang);
	if (json)
		cli_print_json(j);
	else
		print_inspection(&r, j);
out:
	json_decref(j);
	inspection_check_report_release(&r);
	cli_close(st, &s);
	return rc;
}
