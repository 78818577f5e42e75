/* cmd-rules.c - chibo rules list|override. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "svc/render.h"

#include "util/banned.h"

static int rules_list(struct app *, int, char **);
static int rules_override(struct app *, int, char **);

static const struct cmd rules_cmds[] = {
	{ "list", rules_list, "show the rules in force",
	    "list [--on DATE] [--org ORG] [--all] [--json]\n\n"
	    "Shows each rule chibo judges by, with its values and the document\n"
	    "behind it, in the version in force on DATE (default today).  With\n"
	    "--org, the values that apply to that organisation, overrides of its\n"
	    "committees included.  --all shows every version.\n" },
	{ "override", rules_override, "record a committee's override",
	    "override RULE NAME=VALUE --org ORG --from DATE [--to DATE]\n"
	    "       --doc NO\n\n"
	    "Overrides one value of a rule for the subtree of ORG from DATE, as\n"
	    "decided by document NO; recorded in the organisation's history.\n"
	    "VALUE is JSON (a number, \"text\" or [\"a\", \"b\"]) or plain text.\n"
	    "Example: chibo rules override member.admission_age max_months=780\n"
	    "  --org DB-BDTTG --from 2026-01-01 --doc 12-QĐ/ĐU\n" },
	{ NULL, NULL, NULL, NULL },
};

int
cmd_rules(struct app *app, int argc, char **argv)
{
	return cli_dispatch(app, "rules", rules_cmds, argc, argv);
}

static int
fail(struct app *app, struct cb_error *err)
{
	int rc = cli_report(app, err);

	cb_error_release(err);
	return rc;
}

static void
print_value(const json_t *v)
{
	char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);

	fputs(s ? s : "?", stdout);
	free(s);
}

static int
rules_list(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "on", required_argument, NULL, 'o' },
		{ "org", required_argument, NULL, 'g' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	const char *org = NULL;
	char on[DATE_LEN] = "";
	bool all = false, json = false;
	int64_t org_id = 0;
	struct rules_view view;
	struct svc s;
	json_t *rules = NULL;
	size_t i, j;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			if (!cli_parse_date(optarg, on))
				return cli_usage_error(app,
				    "--on needs a date");
			break;
		case 'g':
			org = optarg;
			break;
		case 'a':
			all = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			cli_usage(stdout, "chibo rules", &rules_cmds[0]);
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
	if (on[0] == '\0')
		memcpy(on, s.today, sizeof(on));
	rules_view_init(&view);
	if ((org == NULL || cli_org_ref(&s, org, &org_id, &err) == 0) &&
	    svc_rules_view(&s, all ? NULL : on, org_id, &view, &err) == 0 &&
	    (rules = rules_view_to_json(&view)) == NULL)
		cb_error_set(&err, CB_ENOMEM, NULL, NULL);
	rules_view_release(&view);
	if (rules == NULL) {
		rc = fail(app, &err);
		goto out;
	}
	if (json) {
		cli_print_json(rules);
		goto out;
	}
	for (i = 0; i < json_array_size(rules); i++) {
		json_t *r = json_array_get(rules, i);
		json_t *vs = json_object_get(r, "versions");

		printf("%s — %s\n",
		    json_string_value(json_object_get(r, "id")),
		    json_string_value(json_object_get(r,
		        app->lang == LANG_EN ? "title_en" : "title_vi")));
		for (j = 0; j < json_array_size(vs); j++) {
			json_t *v = json_array_get(vs, j);
			json_t *vals = json_object_get(v, "values");
			json_t *ov = json_object_get(v, "overrides");
			const char *k;
			json_t *x;

			printf("  %s .. %s  %s%s\n",
			    json_string_value(json_object_get(v,
			        "effective_from")),
			    json_is_string(json_object_get(v,
			        "effective_to")) ?
			        json_string_value(json_object_get(v,
			            "effective_to")) :
			        "",
			    json_string_value(json_object_get(
			        json_object_get(v, "citation"), "text")),
			    json_is_true(json_object_get(v, "confirmed")) ?
			        "" :
			        (app->lang == LANG_EN ? "  (UNCONFIRMED)" :
			                                "  (CHƯA XÁC MINH)"));
			json_object_foreach(vals, k, x)
			{
				if (json_is_array(x) &&
				    json_array_size(x) > 8) {
					printf("    %s: [%zu items]\n", k,
					    json_array_size(x));
					continue;
				}
				printf("    %s: ", k);
				print_value(x);
				putchar('\n');
			}
			if (json_array_size(ov) > 0)
				printf(app->lang == LANG_EN ?
				        "    (%zu committee override(s) applied)\n" :
				        "    (áp dụng %zu quyết định của cấp ủy)\n",
				    json_array_size(ov));
		}
	}
out:
	json_decref(rules);
	cli_close(st, &s);
	return rc;
}

/* Parses VALUE of NAME=VALUE into a rule value. */
static int
parse_value(const char *text, struct rule_value *v)
{
	json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
	size_t i;

	memset(v, 0, sizeof(*v));
	if (j != NULL && json_is_integer(j)) {
		v->type = RV_INT;
		v->i = json_integer_value(j);
	} else if (j != NULL && json_is_array(j)) {
		v->type = RV_LIST;
		v->items = calloc(json_array_size(j) + 1, sizeof(char *));
		for (i = 0; v->items && i < json_array_size(j); i++) {
			const char *s = json_string_value(json_array_get(j,
			    i));

			if (s == NULL) {
				json_decref(j);
				return -1;
			}
			v->items[v->nitems++] = strdup(s);
		}
	} else {
		v->type = RV_TEXT;
		v->s = strdup(
		    j && json_is_string(j) ? json_string_value(j) : text);
	}
	json_decref(j);
	return 0;
}

static int
rules_override(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'g' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "doc", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct rule_override o;
	struct store *st = NULL;
	const char *org = NULL, *eq;
	struct svc s;
	int ch, rc;

	memset(&o, 0, sizeof(o));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'g':
			org = optarg;
			break;
		case 'f':
		case 't':
			if (!cli_parse_date(optarg,
			        ch == 'f' ? o.from : o.to)) {
				rule_override_release(&o);
				return cli_usage_error(app, "bad date");
			}
			break;
		case 'd':
			free(o.doc_no);
			o.doc_no = strdup(optarg);
			break;
		case 'h':
			rule_override_release(&o);
			cli_usage(stdout, "chibo rules", &rules_cmds[1]);
			return EXIT_OK;
		default:
			rule_override_release(&o);
			return cli_usage_error(app, "unknown option");
		}
	}
	if (argc - optind != 2 ||
	    (eq = strchr(argv[optind + 1], '=')) == NULL || org == NULL ||
	    o.from[0] == '\0') {
		rule_override_release(&o);
		return cli_usage_error(app,
		    "usage: chibo rules override RULE "
		    "NAME=VALUE --org ORG --from DATE --doc NO");
	}
	o.rule_id = strdup(argv[optind]);
	o.value_name = strndup(argv[optind + 1],
	    (size_t)(eq - argv[optind + 1]));
	if (parse_value(eq + 1, &o.value) != 0) {
		rule_override_release(&o);
		return cli_usage_error(app, "a list value holds only strings");
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		rule_override_release(&o);
		return rc;
	}
	if (cli_org_ref(&s, org, &o.org_id, &err) != 0 ||
	    svc_rule_override(&s, &o, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: override of %s.%s recorded for organisation "
		       "%lld from %s\n",
		    o.rule_id, o.value_name, (long long)o.org_id, o.from);
	rule_override_release(&o);
	cli_close(st, &s);
	return rc;
}
