/*
 * cmd-dashboard.c - chibo dashboard: the dashboard of the Resolution's
 * targets (svc/dashboard.c, issue 15) for an organisation and a year;
 * rebuild and check of its kept figures.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#include "util/banned.h"

static int dash_show(struct app *, int, char **);
static int dash_rebuild(struct app *, int, char **);
static int dash_check(struct app *, int, char **);

static const struct cmd dash_cmds[] = {
	{ "show", dash_show,
	    "the dashboard of an organisation and a year (the default)",
	    "show [--org ORG] [--year YEAR] [--years N] [--json]\n"
	    "       (show is the default: chibo dashboard --org ORG ...)\n\n"
	    "The organisation's subtree in YEAR (default: this year): the\n"
	    "share of cells and of members rated good or better (htxs, htt)\n"
	    "of those classified, against the targets (rule\n"
	    "dashboard.targets: red, amber, green), each level's count,\n"
	    "those not classified and those not yet decided; the meetings\n"
	    "held against those required and the attendance (the kept\n"
	    "meetings check); the inspection coverage of its direct\n"
	    "subordinates in the term and their self-inspection in the year;\n"
	    "discipline decided in the year by form (figures only); the same\n"
	    "figures for the N years up to YEAR (default 3) and for each\n"
	    "direct subordinate organisation.  Without --org: the one root\n"
	    "organisation.  --json prints GET /api/v1/dashboard's answer.\n" },
	{ "rebuild", dash_rebuild, "recount the kept figures from the records",
	    "rebuild\n\n"
	    "Replaces every kept figure of the dashboard (migration 0030) with\n"
	    "a recount from the evaluations, the discipline cases and the\n"
	    "kept meetings check, in one transaction: a repair (the writes\n"
	    "keep the figures, an organisation's or a member's move too),\n"
	    "e.g. after a restore from an older version.\n" },
	{ "check", dash_check, "compare the kept figures with a recount",
	    "check\n\n"
	    "Recounts every figure and compares it with the kept one; exits\n"
	    "1 and names the first difference when one differs.\n" },
	{ NULL, NULL, NULL, NULL },
};

int
cmd_dashboard(struct app *app, int argc, char **argv)
{
	/* "chibo dashboard --org X": show. */
	if (argc >= 2 && argv[1][0] == '-' && strcmp(argv[1], "--help") != 0 &&
	    strcmp(argv[1], "-h") != 0) {
		app->prog = "chibo dashboard";
		return dash_show(app, argc, argv);
	}
	if (argc == 1) {
		app->prog = "chibo dashboard";
		return dash_show(app, argc, argv);
	}
	return cli_dispatch(app, "dashboard", dash_cmds, argc, argv);
}

static int
fail(struct app *app, struct cb_error *err)
{
	int rc = cli_report(app, err);

	cb_error_release(err);
	return rc;
}

static const char *
num_or_dash(json_t *v, char *buf, size_t n)
{
	if (json_is_number(v))
		snprintf(buf, n, "%.1f", json_number_value(v));
	else
		snprintf(buf, n, "-");
	return buf;
}

static void
print_headline(json_t *j, const char *key, const char *label)
{
	json_t *h = json_object_get(j, key);
	char b[32];

	if (h == NULL)
		return;
	printf("  %-34s %6s %% (%lld/%lld)  target %lld  %s\n", label,
	    num_or_dash(json_object_get(h, "pct"), b, sizeof(b)),
	    (long long)json_integer_value(json_object_get(h, "met")),
	    (long long)json_integer_value(json_object_get(h, "counted")),
	    (long long)json_integer_value(json_object_get(h, "target")),
	    json_string_value(json_object_get(h, "status")));
}

static void
print_levels(json_t *j, const char *key, const char *label)
{
	json_t *l = json_object_get(j, key);
	static const char *const lv[] = { "htxs", "htt", "ht", "kht" };
	size_t i;

	printf("  %-10s", label);
	for (i = 0; i < 4; i++)
		printf(" %s %lld", lv[i],
		    (long long)json_integer_value(
		        json_object_get(json_object_get(l, lv[i]), "n")));
	printf("  not_classified %lld  pending %lld\n",
	    (long long)json_integer_value(json_object_get(l,
	        "not_classified")),
	    (long long)json_integer_value(json_object_get(l, "pending")));
}

static void
print_dashboard(json_t *j)
{
	json_t *m = json_object_get(j, "meetings"), *d, *c, *t;
	char b1[32], b2[32];
	const char *k;
	json_t *v;
	size_t i;

	printf("%s (%lld, %s): %lld\n",
	    json_string_value(json_object_get(j, "org_name")),
	    (long long)json_integer_value(json_object_get(j, "org_id")),
	    json_string_value(json_object_get(j, "org_code")),
	    (long long)json_integer_value(json_object_get(j, "year")));
	print_headline(j, "cells_good_or_better", "cells good or better");
	print_headline(j, "members_good_or_better", "members good or better");
	print_headline(j, "inspection_coverage", "inspection coverage (term)");
	print_headline(j, "self_inspection", "self-inspection (year)");
	print_levels(j, "cells", "cells");
	print_levels(j, "members", "members");
	printf("  meetings   held %lld of %lld (%s %%), attendance %s %%\n",
	    (long long)json_integer_value(json_object_get(m, "held")),
	    (long long)json_integer_value(json_object_get(m, "required")),
	    num_or_dash(json_object_get(m, "held_pct"), b1, sizeof(b1)),
	    num_or_dash(json_object_get(m, "attendance_pct"), b2, sizeof(b2)));
	d = json_object_get(j, "discipline");
	if (json_is_true(json_object_get(d, "withheld")))
		printf("  discipline (withheld)\n");
	else {
		printf("  discipline");
		json_object_foreach(json_object_get(d, "by_form"), k, v)
		    printf(" %s %lld", k, (long long)json_integer_value(v));
		if (json_object_get(d, "other_small") != NULL)
			printf(" other_small %lld",
			    (long long)json_integer_value(json_object_get(d,
			        "other_small")));
		printf("\n");
	}
	printf("  trend:");
	json_array_foreach(json_object_get(j, "trend"), i,
	    t) printf("  %lld cells %s %% members %s %%",
	    (long long)json_integer_value(json_object_get(t, "year")),
	    num_or_dash(json_object_get(t, "cells_good_or_better_pct"), b1,
	        sizeof(b1)),
	    num_or_dash(json_object_get(t, "members_good_or_better_pct"), b2,
	        sizeof(b2)));
	printf("\n");
	json_array_foreach(json_object_get(j, "children"), i, c)
	{
		printf(
		    "  %lld\t%s\t%s\tcells %s %% (%s)\tmembers %s %% (%s)\n",
		    (long long)json_integer_value(json_object_get(c,
		        "org_id")),
		    json_string_value(json_object_get(c, "code")),
		    json_string_value(json_object_get(c, "name")),
		    num_or_dash(json_object_get(c, "cells_good_or_better_pct"),
		        b1, sizeof(b1)),
		    json_string_value(json_object_get(
		        json_object_get(c, "cells_good_or_better"), "status")),
		    num_or_dash(
		        json_object_get(c, "members_good_or_better_pct"), b2,
		        sizeof(b2)),
		    json_string_value(json_object_get(
		        json_object_get(c, "members_good_or_better"),
		        "status")));
	}
}

static int
dash_show(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "years", required_argument, NULL, 'n' },
		{ "org", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct dashboard_report r;
	struct store *st = NULL;
	const char *org = NULL;
	json_t *j = NULL;
	bool json = false;
	int64_t org_id = 0, v;
	int ch, rc, year = 0, years = 0;
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
		case 'n':
			if (!cli_parse_id(optarg, &v) || v < 1 ||
			    v > DASHBOARD_TREND_MAX)
				return cli_usage_error(app,
				    "--years needs 1 to 10");
			years = (int)v;
			break;
		case 'o':
			org = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			cli_usage(stdout, "chibo dashboard", &dash_cmds[0]);
			return EXIT_OK;
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind < argc && strcmp(argv[optind], "show") == 0)
		optind++;
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (org != NULL && cli_org_ref(&s, org, &org_id, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	if (year == 0)
		year = (int)strtol(s.today, NULL, 10);
	if (svc_dashboard(&s, org_id, year, years, &r, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	j = dashboard_to_json(&r);
	if (json)
		cli_print_json(j);
	else
		print_dashboard(j);
out:
	json_decref(j);
	dashboard_report_release(&r);
	cli_close(st, &s);
	return rc;
}

static int
recount(struct app *app, int argc, char **argv, bool rebuild)
{
	struct cb_error err = CB_ERROR_INIT;
	size_t rows = 0, diff = 0;
	struct store *st = NULL;
	char *first = NULL;
	struct svc s;
	int rc;

	if (argc > 1 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cli_usage(stdout, "chibo dashboard",
		    &dash_cmds[rebuild ? 1 : 2]);
		return EXIT_OK;
	}
	if (argc != 1)
		return cli_usage_error(app, "takes no arguments");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_dashboard_recount(&s, rebuild, &rows, &diff, &first, &err) !=
	    0) {
		rc = fail(app, &err);
		goto out;
	}
	if (rebuild)
		printf("%zu figures kept\n", rows);
	else if (diff == 0)
		printf("ok: %zu figures, kept == recounted\n", rows);
	else {
		printf("%zu of the figures differ; first: %s\n", diff,
		    first ? first : "?");
		rc = EXIT_FAIL;
	}
out:
	free(first);
	cli_close(st, &s);
	return rc;
}

static int
dash_rebuild(struct app *app, int argc, char **argv)
{
	return recount(app, argc, argv, true);
}

static int
dash_check(struct app *app, int argc, char **argv)
{
	return recount(app, argc, argv, false);
}
