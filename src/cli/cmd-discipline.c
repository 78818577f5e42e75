/*
 * cmd-discipline.c - chibo discipline: discipline cases and state
 * bodies' notices (svc/discipline.c, issue 14).  The command line runs
 * as the operator (the system): it sees every case, and each case it
 * shows is recorded in the audit trail like any other view.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/discipline.h"
#include "core/entity.h"

#include "util/banned.h"

static int dc_list(struct app *, int, char **);
static int dc_show(struct app *, int, char **);
static int dc_add(struct app *, int, char **);
static int dc_edit(struct app *, int, char **);
static int dc_complain(struct app *, int, char **);
static int dc_notice(struct app *, int, char **);

#define CASE_OPTIONS \
	"       [--deciding-org ORG] [--body cell|committee|" \
	"inspection_commission]\n" \
	"       [--violation CODE] [--violation-on DATE]" \
	" [--violation-until DATE]\n" \
	"       [--discovered-on DATE] [--upper-task | --not-upper-task]\n" \
	"       [--form FORM] [--for N --against N --abstain N --base N]\n" \
	"       [--decided-on DATE] [--effective-on DATE] [--doc-no TEXT]\n" \
	"       [--deferral pregnant|nursing|hospitalised]" \
	" [--received-on DATE]\n" \
	"       [--complained-on DATE] [--note TEXT]\n"

static const struct cmd dc_cmds[] = {
	{ "list", dc_list, "list the discipline cases",
	    "list [--org ORG] [--member ID] [--status STATUS] [--on DATE]"
	    " [--json]\n\n"
	    "By id: the cases of ORG's subtree (a member's case belongs to\n"
	    "its cell) or of one member.  STATUS (in_force, lapsed,\n"
	    "annulled, deferred) and the day each decision lapses are\n"
	    "computed as of --on (default today).\n" },
	{ "show", dc_show, "show a discipline case (audited)",
	    "show ID [--on DATE] [--json]\n\n"
	    "Every view of a case is recorded in the audit trail\n"
	    "(discipline.view).\n" },
	{ "add", dc_add, "record a discipline case",
	    "add --member ID|--org ORG --deciding-org ORG --violation CODE\n"
	    "       --violation-on DATE --form FORM ...\n" CASE_OPTIONS "\n"
	    "FORM: khien_trach, canh_cao, cach_chuc (a member holding a\n"
	    "post), khai_tru (members), giai_tan (organisations).  CODE: the\n"
	    "rulebook's catalogue (chibo rules show discipline.violations).\n"
	    "The deciding body follows the deciding organisation (a cell\n"
	    "decides as a cell; above it --body, committee by default).  A\n"
	    "case that breaks a rule (form for the subject, the body's\n"
	    "authority, the vote, the limitation, the complaint window, a\n"
	    "deferral with a decision) is refused with every problem, its\n"
	    "rule and citation; with --deferral and no --decided-on the case\n"
	    "waits (deferred).\n" },
	{ "edit", dc_edit, "change fields of a discipline case",
	    "edit ID [--if-version N] ...\n" CASE_OPTIONS "\n"
	    "The options of add; an empty value clears an optional field.\n"
	    "Judged as a new case.\n" },
	{ "complain", dc_complain,
	    "lodge a complaint against a case, or record its outcome",
	    "complain ID --complained-on DATE [--received-on DATE]\n"
	    "       complain ID --outcome upheld|changed|annulled"
	    " --decided-on DATE\n\n"
	    "Within the rulebook's window from the decision's receipt\n"
	    "(discipline.complaint_window).  annulled: the case no longer\n"
	    "holds; otherwise its lapse counts from the outcome.\n" },
	{ "notice", dc_notice,
	    "list or record state bodies' notices of a member's discipline",
	    "notice [--org ORG] [--member ID] [--json]\n"
	    "       notice --add --member ID --body TEXT --decided-on DATE\n"
	    "       --notified-on DATE [--doc-no TEXT] [--note TEXT]\n\n"
	    "Late: notified more than the rule's days after the decision\n"
	    "(discipline.state_notice).\n" },
	{ NULL, NULL, NULL, NULL },
};

int
cmd_discipline(struct app *app, int argc, char **argv)
{
	app->entity = "discipline_case";
	return cli_dispatch(app, "discipline", dc_cmds, argc, argv);
}

static int
help(const char *name)
{
	const struct cmd *c;

	for (c = dc_cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			cli_usage(stdout, "chibo discipline", c);
	return EXIT_OK;
}

/* A computed status's name ("-" when not computed). */
static const char *
dcase_status_label(int k)
{
	return k >= 0 && k < DSTATUS__MAX ? discipline_status_names[k] : "-";
}

static int
fail(struct app *app, struct cb_error *err)
{
	int rc = cli_report(app, err);

	cb_error_release(err);
	return rc;
}

/* One case as text: "name: value" lines, the vote, status and lapse. */
static void
print_case(const struct discipline_case *c)
{
	json_t *j = dcase_to_json(c), *v;
	const char *k;

	json_object_foreach(j, k, v)
	{
		if (json_is_null(v))
			continue;
		if (json_is_string(v))
			printf("%s: %s\n", k, json_string_value(v));
		else if (json_is_integer(v))
			printf("%s: %lld\n", k,
			    (long long)json_integer_value(v));
		else if (json_is_boolean(v))
			printf("%s: %s\n", k,
			    json_is_true(v) ? "true" : "false");
		else if (json_is_object(v))
			printf("%s: %lld for, %lld against, %lld abstain\n", k,
			    (long long)json_integer_value(json_object_get(v,
			        "for")),
			    (long long)json_integer_value(json_object_get(v,
			        "against")),
			    (long long)json_integer_value(json_object_get(v,
			        "abstain")));
	}
	json_decref(j);
}

/* The case id in argv[1]; shifts it away. */
static bool
take_id(struct app *app, int *argc, char ***argv, int64_t *ret, int *rc)
{
	if (*argc < 2 || !cli_parse_id((*argv)[1], ret)) {
		*rc = cli_usage_error(app, "a case id is needed");
		return false;
	}
	(*argv)[1] = (*argv)[0];
	(*argc)--;
	(*argv)++;
	return true;
}

enum {
	O_MEMBER = 256,
	O_ORG,
	O_DORG,
	O_IFV,
	O_UPPER,
	O_NOUPPER,
	O_FOR,
	O_AGAINST,
	O_ABSTAIN,
	O_BASE,
	O_ON,
	O_JSON,
	O_STATUS,
	O_OUTCOME,
	O_ADD,
	O_TEXT
};

/* Options whose value is a field of the case, as typed (text). */
static const struct {
	const char *opt;
	const char *key;
} text_opts[] = {
	{ "body", "deciding_body" },
	{ "violation", "violation_code" },
	{ "violation-on", "violation_on" },
	{ "violation-until", "violation_until" },
	{ "discovered-on", "discovered_on" },
	{ "form", "form" },
	{ "decided-on", "decided_on" },
	{ "effective-on", "effective_on" },
	{ "doc-no", "doc_no" },
	{ "deferral", "deferral" },
	{ "received-on", "received_on" },
	{ "complained-on", "complained_on" },
	{ "note", "note" },
	{ "notified-on", "notified_on" },
};
#define NTEXT (sizeof(text_opts) / sizeof(text_opts[0]))

static const struct option case_opts[] = {
	{ "member", required_argument, NULL, O_MEMBER },
	{ "org", required_argument, NULL, O_ORG },
	{ "deciding-org", required_argument, NULL, O_DORG },
	{ "if-version", required_argument, NULL, O_IFV },
	{ "upper-task", no_argument, NULL, O_UPPER },
	{ "not-upper-task", no_argument, NULL, O_NOUPPER },
	{ "for", required_argument, NULL, O_FOR },
	{ "against", required_argument, NULL, O_AGAINST },
	{ "abstain", required_argument, NULL, O_ABSTAIN },
	{ "base", required_argument, NULL, O_BASE },
	{ "on", required_argument, NULL, O_ON },
	{ "json", no_argument, NULL, O_JSON },
	{ "status", required_argument, NULL, O_STATUS },
	{ "outcome", required_argument, NULL, O_OUTCOME },
	{ "add", no_argument, NULL, O_ADD },
	{ "body", required_argument, NULL, O_TEXT + 0 },
	{ "violation", required_argument, NULL, O_TEXT + 1 },
	{ "violation-on", required_argument, NULL, O_TEXT + 2 },
	{ "violation-until", required_argument, NULL, O_TEXT + 3 },
	{ "discovered-on", required_argument, NULL, O_TEXT + 4 },
	{ "form", required_argument, NULL, O_TEXT + 5 },
	{ "decided-on", required_argument, NULL, O_TEXT + 6 },
	{ "effective-on", required_argument, NULL, O_TEXT + 7 },
	{ "doc-no", required_argument, NULL, O_TEXT + 8 },
	{ "deferral", required_argument, NULL, O_TEXT + 9 },
	{ "received-on", required_argument, NULL, O_TEXT + 10 },
	{ "complained-on", required_argument, NULL, O_TEXT + 11 },
	{ "note", required_argument, NULL, O_TEXT + 12 },
	{ "notified-on", required_argument, NULL, O_TEXT + 13 },
	{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
};

/* What the options said, besides the case's fields (in obj). */
struct opts {
	const char *member, *org, *dorg, *on, *status, *outcome;
	int64_t ver;
	bool json, add;
};

/* A count into obj's "vote" object. */
static int
set_count(struct app *app, json_t *obj, const char *key, const char *s)
{
	json_t *vote = json_object_get(obj, "vote");
	char *end;
	long long n = strtoll(s, &end, 10);

	if (s[0] == '\0' || *end != '\0' || n < 0)
		return cli_usage_error(app, "--%s needs a number", key);
	if (strcmp(key, "base") == 0) {
		json_object_set_new(obj, "base", json_integer(n));
		return EXIT_OK;
	}
	if (vote == NULL) {
		vote = json_object();
		json_object_set_new(obj, "vote", vote);
	}
	json_object_set_new(vote, key, json_integer(n));
	return EXIT_OK;
}

/*
 * Reads the options of cmd into obj (the case's fields; an empty value is
 * null) and o.  EXIT_OK, the usage error's status, or -1 after --help.
 */
static int
read_opts(struct app *app, const char *cmd, int argc, char **argv, json_t *obj,
    struct opts *o)
{
	int ch, rc;

	memset(o, 0, sizeof(*o));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", case_opts, NULL)) != -1) {
		switch (ch) {
		case O_MEMBER:
			o->member = optarg;
			break;
		case O_ORG:
			o->org = optarg;
			break;
		case O_DORG:
			o->dorg = optarg;
			break;
		case O_IFV:
			if (!cli_parse_id(optarg, &o->ver))
				return cli_usage_error(app,
				    "--if-version needs a version");
			break;
		case O_UPPER:
		case O_NOUPPER:
			json_object_set_new(obj, "upper_task",
			    json_boolean(ch == O_UPPER));
			break;
		case O_FOR:
		case O_AGAINST:
		case O_ABSTAIN:
		case O_BASE:
			if ((rc = set_count(app, obj,
			         ch == O_FOR         ? "for" :
			             ch == O_AGAINST ? "against" :
			             ch == O_ABSTAIN ? "abstain" :
			                               "base",
			         optarg)) != EXIT_OK)
				return rc;
			break;
		case O_ON:
			o->on = optarg;
			break;
		case O_JSON:
			o->json = true;
			break;
		case O_STATUS:
			o->status = optarg;
			break;
		case O_OUTCOME:
			o->outcome = optarg;
			break;
		case O_ADD:
			o->add = true;
			break;
		case 'h':
			help(cmd);
			return -1;
		default:
			if (ch >= O_TEXT && ch < O_TEXT + (int)NTEXT) {
				json_object_set_new(obj,
				    text_opts[ch - O_TEXT].key,
				    optarg[0] ? json_string(optarg) :
				                json_null());
				break;
			}
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	return EXIT_OK;
}

/* The subject and the deciding organisation of the options into obj. */
static int
set_refs(struct svc *s, const struct opts *o, json_t *obj, bool adding,
    struct cb_error *err)
{
	int64_t id;
	int rc = 0;

	if (o->member != NULL) {
		if (!cli_parse_id(o->member, &id))
			return cb_error_field(err, 0, "member_id",
			    "member_not_found", NULL);
		if (adding)
			json_object_set_new(obj, "subject",
			    json_string("member"));
		json_object_set_new(obj, "member_id", json_integer(id));
	}
	if (o->org != NULL) {
		if (cli_org_ref(s, o->org, &id, err) != 0) {
			cb_error_release(err);
			rc = cb_error_field(err, 0, "org_id", "org_not_found",
			    NULL);
		} else {
			if (adding)
				json_object_set_new(obj, "subject",
				    json_string("org"));
			json_object_set_new(obj, "org_id", json_integer(id));
		}
	}
	if (o->dorg != NULL) {
		if (cli_org_ref(s, o->dorg, &id, err) != 0) {
			cb_error_release(err);
			rc = cb_error_field(err, 0, "deciding_org_id",
			    "org_not_found", NULL);
		} else
			json_object_set_new(obj, "deciding_org_id",
			    json_integer(id));
	}
	return rc;
}

static int
dc_list(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct dcase_list_query q;
	struct dcase_page page = { 0 };
	struct store *st = NULL;
	json_t *obj = json_object(), *items = json_array();
	char *cursor = NULL, on[DATE_LEN];
	struct opts o;
	struct svc s;
	size_t i;
	int rc, k;

	if ((rc = read_opts(app, "list", argc, argv, obj, &o)) != EXIT_OK) {
		json_decref(obj);
		json_decref(items);
		return rc < 0 ? EXIT_OK : rc;
	}
	memset(&q, 0, sizeof(q));
	q.status = -1;
	if (o.status != NULL) {
		for (k = 0; k < DSTATUS__MAX; k++)
			if (strcmp(dcase_status_label(k), o.status) == 0)
				q.status = k;
		if (q.status < 0) {
			json_decref(obj);
			json_decref(items);
			return cli_usage_error(app,
			    "--status: in_force, lapsed, annulled or deferred");
		}
	}
	if (o.member != NULL && !cli_parse_id(o.member, &q.member_id)) {
		json_decref(obj);
		json_decref(items);
		return cli_usage_error(app, "--member needs an id");
	}
	if (o.on != NULL && !cli_parse_date(o.on, on)) {
		json_decref(obj);
		json_decref(items);
		return cli_usage_error(app, "--on needs a date");
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		json_decref(items);
		return rc;
	}
	if (o.org != NULL && cli_org_ref(&s, o.org, &q.org_id, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	q.on = o.on != NULL ? on : NULL;
	q.limit = 1000;
	do {
		q.cursor = cursor;
		if (svc_dcase_list(&s, &q, &page, &err) != 0) {
			rc = fail(app, &err);
			goto out;
		}
		for (i = 0; i < page.list.n; i++) {
			const struct discipline_case *c = &page.list.items[i];
			char who[40];

			if (o.json) {
				json_array_append_new(items, dcase_to_json(c));
				continue;
			}
			snprintf(who, sizeof(who), "%s %lld",
			    c->subject == DCASE_ORG ? "org" : "member",
			    (long long)(c->subject == DCASE_ORG ?
			            c->org_id :
			            c->member_id));
			printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n",
			    (long long)c->id, dcase_status_label(c->status),
			    who,
			    dcase_form_names[c->form] ?
			        dcase_form_names[c->form] :
			        "-",
			    c->violation_code ? c->violation_code : "",
			    c->decided_on[0] ? c->decided_on : "-",
			    c->lapses_on[0] ? c->lapses_on : "-");
		}
		free(cursor);
		cursor = page.next_cursor;
		page.next_cursor = NULL;
		dcase_page_release(&page);
	} while (cursor != NULL);
	if (o.json)
		cli_print_json(items);
out:
	free(cursor);
	json_decref(obj);
	json_decref(items);
	cli_close(st, &s);
	return rc;
}

static int
dc_show(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	char on[DATE_LEN];
	struct discipline_case c;
	struct store *st = NULL;
	json_t *obj = json_object();
	struct opts o;
	struct svc s;
	int64_t id;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		json_decref(obj);
		return help("show");
	}
	if (!take_id(app, &argc, &argv, &id, &rc) ||
	    (rc = read_opts(app, "show", argc, argv, obj, &o)) != EXIT_OK) {
		json_decref(obj);
		return rc < 0 ? EXIT_OK : rc;
	}
	json_decref(obj);
	if (o.on != NULL && !cli_parse_date(o.on, on))
		return cli_usage_error(app, "--on needs a date");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	if (svc_dcase_get(&s, id, o.on != NULL ? on : NULL, &c, &err) != 0)
		rc = fail(app, &err);
	else if (o.json) {
		json_t *j = dcase_to_json(&c);

		cli_print_json(j);
		json_decref(j);
	} else
		print_case(&c);
	discipline_case_release(&c);
	cli_close(st, &s);
	return rc;
}

static int
dc_add(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct discipline_case c;
	struct store *st = NULL;
	json_t *obj = json_object();
	struct opts o;
	struct svc s;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = read_opts(app, "add", argc, argv, obj, &o)) != EXIT_OK) {
		json_decref(obj);
		return rc < 0 ? EXIT_OK : rc;
	}
	if ((o.member == NULL) == (o.org == NULL)) {
		json_decref(obj);
		return cli_usage_error(app, "add: --member or --org (one)");
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if (set_refs(&s, &o, obj, true, &err) != 0 ||
	    svc_dcase_create(&s, obj, &c, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: discipline case %lld added (%s)\n",
		    (long long)c.id, dcase_status_label(c.status));
	json_decref(obj);
	discipline_case_release(&c);
	cli_close(st, &s);
	return rc;
}

static int
dc_edit(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct discipline_case c;
	struct store *st = NULL;
	json_t *obj = json_object();
	struct opts o;
	struct svc s;
	int64_t id;
	int rc;

	memset(&c, 0, sizeof(c));
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		json_decref(obj);
		return help("edit");
	}
	if (!take_id(app, &argc, &argv, &id, &rc) ||
	    (rc = read_opts(app, "edit", argc, argv, obj, &o)) != EXIT_OK) {
		json_decref(obj);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (json_object_size(obj) == 0 && o.member == NULL && o.org == NULL &&
	    o.dorg == NULL) {
		json_decref(obj);
		return cli_usage_error(app, "edit: nothing to change");
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if (set_refs(&s, &o, obj, false, &err) != 0 ||
	    svc_dcase_patch(&s, id, obj, o.ver, &c, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: discipline case %lld changed (version %lld)\n",
		    (long long)c.id, (long long)c.version);
	json_decref(obj);
	discipline_case_release(&c);
	cli_close(st, &s);
	return rc;
}

static int
dc_complain(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct discipline_case c;
	struct store *st = NULL;
	json_t *obj = json_object(), *in;
	struct opts o;
	struct svc s;
	int64_t id;
	int rc;

	memset(&c, 0, sizeof(c));
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		json_decref(obj);
		return help("complain");
	}
	if (!take_id(app, &argc, &argv, &id, &rc) ||
	    (rc = read_opts(app, "complain", argc, argv, obj, &o)) !=
	        EXIT_OK) {
		json_decref(obj);
		return rc < 0 ? EXIT_OK : rc;
	}
	in = json_object();
	if (o.outcome != NULL) {
		json_object_set_new(in, "complaint_outcome",
		    json_string(o.outcome));
		json_object_set(in, "complaint_decided_on",
		    json_object_get(obj, "decided_on") ?
		        json_object_get(obj, "decided_on") :
		        json_null());
	} else {
		if (json_object_get(obj, "complained_on") != NULL)
			json_object_set(in, "complained_on",
			    json_object_get(obj, "complained_on"));
		if (json_object_get(obj, "received_on") != NULL)
			json_object_set(in, "received_on",
			    json_object_get(obj, "received_on"));
	}
	json_decref(obj);
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(in);
		return rc;
	}
	if (svc_dcase_complaint(&s, id, in, 0, &c, &err) != 0)
		rc = fail(app, &err);
	else
		printf(
		    "chibo: discipline case %lld: complaint recorded (%s)\n",
		    (long long)c.id, dcase_status_label(c.status));
	json_decref(in);
	discipline_case_release(&c);
	cli_close(st, &s);
	return rc;
}

static int
dc_notice(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct discipline_notice_list l = { 0 };
	struct discipline_notice n;
	struct store *st = NULL;
	json_t *obj = json_object();
	int64_t org_id = 0, member_id = 0;
	struct opts o;
	struct svc s;
	size_t i;
	int rc;

	memset(&n, 0, sizeof(n));
	if ((rc = read_opts(app, "notice", argc, argv, obj, &o)) != EXIT_OK) {
		json_decref(obj);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (o.member != NULL && !cli_parse_id(o.member, &member_id)) {
		json_decref(obj);
		return cli_usage_error(app, "--member needs an id");
	}
	/* A notice's fields without --add would list and record nothing. */
	if (!o.add && json_object_size(obj) > 0) {
		json_decref(obj);
		return cli_usage_error(app,
		    "--add is needed to record a notice");
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if (o.add) {
		/* --body is the notifying body here, not the deciding one. */
		json_t *b = json_object_get(obj, "deciding_body");

		if (b != NULL) {
			json_object_set(obj, "body", b);
			json_object_del(obj, "deciding_body");
		}
		if (member_id != 0)
			json_object_set_new(obj, "member_id",
			    json_integer(member_id));
		if (svc_dnotice_create(&s, obj, &n, &err) != 0)
			rc = fail(app, &err);
		else
			printf("chibo: notice %lld recorded\n",
			    (long long)n.id);
		goto out;
	}
	if (o.org != NULL && cli_org_ref(&s, o.org, &org_id, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	if (svc_dnotice_list(&s, org_id, member_id, &l, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	if (o.json) {
		json_t *items = json_array();

		for (i = 0; i < l.n; i++)
			json_array_append_new(items,
			    dnotice_to_json(&s, &l.items[i]));
		cli_print_json(items);
		json_decref(items);
	} else
		for (i = 0; i < l.n; i++) {
			json_t *j = dnotice_to_json(&s, &l.items[i]);

			printf("%lld\tmember %lld\t%s\t%s\t%s\t%s\n",
			    (long long)l.items[i].id,
			    (long long)l.items[i].member_id,
			    l.items[i].body ? l.items[i].body : "",
			    l.items[i].decided_on, l.items[i].notified_on,
			    json_is_true(json_object_get(j, "late")) ?
			        "late" :
			        "on time");
			json_decref(j);
		}
out:
	json_decref(obj);
	discipline_notice_release(&n);
	discipline_notice_list_release(&l);
	cli_close(st, &s);
	return rc;
}
