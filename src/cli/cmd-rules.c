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

/* A rule value as compact JSON: 12, "text", ["a","b"]. */
static void
print_value(const struct rule_value *v)
{
	json_t *j = rule_value_to_json(v);
	char *s = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;

	fputs(s ? s : "?", stdout);
	free(s);
	json_decref(j);
}

/* Prints the rules of view v as text. */
static void
print_view(const struct app *app, const struct rules_view *view)
{
	bool en = app->lang == LANG_EN;
	size_t i, j, k, nov;

	for (i = 0; i < view->n; i++) {
		const struct rules_view_rule *r = &view->rules[i];
		const char *title = en ? r->rule->title_en : r->rule->title_vi;

		printf("%s — %s\n", r->rule->id, title ? title : "");
		for (j = 0; j < r->nversions; j++) {
			const struct rules_view_version *vv = &r->versions[j];
			const struct rule_version *v = vv->version;

			printf("  %s .. %s  %s%s\n", v->from, v->to,
			    v->citation ? v->citation : "",
			    v->confirmed ? "" :
			        en       ? "  (UNCONFIRMED)" :
			                   "  (CHƯA XÁC MINH)");
			for (k = nov = 0; k < v->nvalues; k++) {
				const struct rule_value *x =
				    vv->values[k].value;

				if (vv->values[k].override != NULL)
					nov++;
				if (x->type == RV_LIST && x->nitems > 8) {
					printf("    %s: [%zu items]\n",
					    v->values[k].name, x->nitems);
					continue;
				}
				printf("    %s: ", v->values[k].name);
				print_value(x);
				putchar('\n');
			}
			if (nov > 0)
				printf(en ?
				        "    (%zu committee override(s) "
				        "applied)\n" :
				        "    (áp dụng %zu quyết định của "
				        "cấp ủy)\n",
				    nov);
		}
	}
}

/* The stored overrides not applied because their value breaks the
 * rule's declared range, on stderr: what, why, and how to replace it. */
static void
warn_ignored(const struct app *app, const struct rules_view *view)
{
	bool en = app->lang == LANG_EN;
	json_t *all = rules_ignored_to_json(view);
	size_t i, k;

	for (i = 0; all != NULL && i < json_array_size(all); i++) {
		const json_t *o = json_array_get(all, i);
		const json_t *errs = json_object_get(o, "errors");
		char *val = json_dumps(json_object_get(o, "value"),
		    JSON_ENCODE_ANY | JSON_COMPACT);

		fprintf(stderr,
		    en ? "chibo: warning: override %lld (%s %s=%s, "
		         "organisation %lld, decision %s) is ignored:" :
		         "chibo: cảnh báo: quyết định ghi đè %lld (%s "
		         "%s=%s, tổ chức %lld, văn bản %s) không được áp "
		         "dụng:",
		    (long long)json_integer_value(json_object_get(o, "id")),
		    json_string_value(json_object_get(o, "rule_id")),
		    json_string_value(json_object_get(o, "value_name")),
		    val ? val : "?",
		    (long long)json_integer_value(json_object_get(o,
		        "org_id")),
		    json_string_value(json_object_get(o, "doc_no")) ?
		        json_string_value(json_object_get(o, "doc_no")) :
		        "-");
		free(val);
		for (k = 0; k < json_array_size(errs); k++) {
			const json_t *e = json_array_get(errs, k);
			char *m = msg_render_given(
			    json_string_value(json_object_get(e, "code")),
			    json_string_value(json_object_get(e, "arg")),
			    json_string_value(json_object_get(e, "given")),
			    app->lang);

			fprintf(stderr, " %s", m ? m : "?");
			free(m);
		}
		fputs(en ?
		        " The rulebook's own value applies; to set "
		        "another, record a valid override (chibo rules "
		        "override; docs/rules.md).\n" :
		        " Giá trị của bộ quy định được áp dụng; muốn đặt "
		        "giá trị khác, hãy ghi một quyết định ghi đè hợp lệ "
		        "(chibo rules override; docs/rules.md).\n",
		    stderr);
	}
	json_decref(all);
}

void
cli_rules_warn(struct app *app, struct store *st)
{
	struct cb_error err = CB_ERROR_INIT;
	struct rules_view view;
	struct svc s;

	cli_actor(app->actor, sizeof(app->actor));
	svc_init(&s, st, &app->rules, app->actor);
	rules_view_init(&view);
	if (svc_rules_view(&s, s.today, 0, &view, &err) == 0)
		warn_ignored(app, &view);
	rules_view_release(&view);
	cb_error_release(&err);
	svc_release(&s);
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
	json_t *rules;
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
	if ((org != NULL && cli_org_ref(&s, org, &org_id, &err) != 0) ||
	    svc_rules_view(&s, all ? NULL : on, org_id, &view, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	warn_ignored(app, &view);
	if (!json) {
		print_view(app, &view);
		goto out;
	}
	if ((rules = rules_view_to_json(&view)) == NULL) {
		cb_error_set(&err, CB_ENOMEM, NULL, NULL);
		rc = fail(app, &err);
		goto out;
	}
	cli_print_json(rules);
	json_decref(rules);
out:
	rules_view_release(&view);
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
