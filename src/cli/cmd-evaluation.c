/*
 * cmd-evaluation.c - chibo evaluation: evaluation periods and the
 * evaluations of members and organisations (svc/evaluation.c, issue 15).
 * The command line runs as the operator (the system): it records a
 * committee's paper forms, proposals and decisions, and locks periods.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/entity.h"
#include "core/evaluation.h"

#include "util/banned.h"

static int ev_period(struct app *, int, char **);
static int ev_add(struct app *, int, char **);
static int ev_list(struct app *, int, char **);
static int ev_show(struct app *, int, char **);
static int ev_propose(struct app *, int, char **);
static int ev_decide(struct app *, int, char **);
static int ev_calibration(struct app *, int, char **);
static int pe_open(struct app *, int, char **);
static int pe_list(struct app *, int, char **);
static int pe_show(struct app *, int, char **);
static int pe_lock(struct app *, int, char **);

static const struct cmd ev_cmds[] = {
	{ "period", ev_period, "evaluation periods: open, list, show, lock",
	    "period open|list|show|lock ...\n\n"
	    "See 'chibo evaluation period COMMAND --help'.\n" },
	{ "add", ev_add, "record an evaluation (a self-assessment)",
	    "add --period ID --member ID|--org ORG --score N\n"
	    "       --tasks-total N --tasks-on-time N --tasks-exceeded N\n"
	    "       [--sick-leave-months N] [--note TEXT] [--self-level L]\n\n"
	    "The score has at most one decimal (0..100).  The computed level\n"
	    "and its reasons are judged from the score, the tasks and\n"
	    "chibo's own records (admission, exemption, discipline in the\n"
	    "period, the quarters of the year).  L: htxs, htt, ht, kht.\n" },
	{ "list", ev_list, "list evaluations",
	    "list [--period ID] [--org ORG] [--member ID] [--json]\n\n"
	    "By id: id, subject, score, computed, proposed and decided level,\n"
	    "status.\n" },
	{ "show", ev_show, "show an evaluation with its reasons",
	    "show ID [--json]\n" },
	{ "propose", ev_propose, "record the cell's proposal",
	    "propose ID --level L [--reason TEXT]\n"
	    "       [--base N --for N --against N --abstain N]\n\n"
	    "The level the cell proposes with the recorded vote of its\n"
	    "official members (base: those called).\n" },
	{ "decide", ev_decide, "record the competent committee's decision",
	    "decide ID --level L [--reason TEXT]\n\n"
	    "A level other than the computed one needs --reason.\n" },
	{ "calibrate", ev_calibration,
	    "the cap on excellent of a period, per scope",
	    "calibrate PERIOD [--org ORG] [--json]\n\n"
	    "Per grassroots organisation (or cell, as the rule says): htxs\n"
	    "proposed and decided, the number allowed, who is proposed.\n" },
	{ NULL, NULL, NULL, NULL },
};

static const struct cmd pe_cmds[] = {
	{ "open", pe_open, "open an evaluation period",
	    "open --org ORG --kind year|quarter|ad_hoc --year Y\n"
	    "       [--quarter Q] [--from DATE] [--to DATE] [--title TEXT]\n\n"
	    "from and to default to the year or the quarter; an ad hoc\n"
	    "period gives both.  One year period per organisation and year,\n"
	    "one quarter period per organisation, year and quarter.\n" },
	{ "list", pe_list, "list evaluation periods",
	    "list [--org ORG] [--year Y] [--kind K] [--json]\n" },
	{ "show", pe_show, "show an evaluation period", "show ID [--json]\n" },
	{ "lock", pe_lock, "lock a period (final)",
	    "lock ID\n\n"
	    "Refused while an evaluation of the period is not decided, and\n"
	    "when the decided levels break the cap on excellent in a scope\n"
	    "(each named with its count and the number allowed).  A locked\n"
	    "period is final: there is no unlock.\n" },
	{ NULL, NULL, NULL, NULL },
};

int
cmd_evaluation(struct app *app, int argc, char **argv)
{
	app->entity = "evaluation";
	/* A family of its own: its commands' --help is theirs. */
	if (argc >= 2 && strcmp(argv[1], "period") == 0)
		return ev_period(app, argc - 1, argv + 1);
	return cli_dispatch(app, "evaluation", ev_cmds, argc, argv);
}

static int
ev_period(struct app *app, int argc, char **argv)
{
	app->entity = "evaluation_period";
	return cli_dispatch(app, "evaluation period", pe_cmds, argc, argv);
}

static int
fail(struct app *app, struct cb_error *err)
{
	int rc = cli_report(app, err);

	cb_error_release(err);
	return rc;
}

enum {
	O_PERIOD = 256,
	O_MEMBER,
	O_ORG,
	O_JSON,
	O_KIND,
	O_YEAR,
	O_QUARTER,
	O_FROM,
	O_TO,
	O_TITLE,
	O_SCORE,
	O_TOTAL,
	O_ONTIME,
	O_EXCEEDED,
	O_SICK,
	O_NOTE,
	O_SELF,
	O_LEVEL,
	O_REASON,
	O_BASE,
	O_FOR,
	O_AGAINST,
	O_ABSTAIN
};

static const struct option opts[] = {
	{ "period", required_argument, NULL, O_PERIOD },
	{ "member", required_argument, NULL, O_MEMBER },
	{ "org", required_argument, NULL, O_ORG },
	{ "json", no_argument, NULL, O_JSON },
	{ "kind", required_argument, NULL, O_KIND },
	{ "year", required_argument, NULL, O_YEAR },
	{ "quarter", required_argument, NULL, O_QUARTER },
	{ "from", required_argument, NULL, O_FROM },
	{ "to", required_argument, NULL, O_TO },
	{ "title", required_argument, NULL, O_TITLE },
	{ "score", required_argument, NULL, O_SCORE },
	{ "tasks-total", required_argument, NULL, O_TOTAL },
	{ "tasks-on-time", required_argument, NULL, O_ONTIME },
	{ "tasks-exceeded", required_argument, NULL, O_EXCEEDED },
	{ "sick-leave-months", required_argument, NULL, O_SICK },
	{ "note", required_argument, NULL, O_NOTE },
	{ "self-level", required_argument, NULL, O_SELF },
	{ "level", required_argument, NULL, O_LEVEL },
	{ "reason", required_argument, NULL, O_REASON },
	{ "base", required_argument, NULL, O_BASE },
	{ "for", required_argument, NULL, O_FOR },
	{ "against", required_argument, NULL, O_AGAINST },
	{ "abstain", required_argument, NULL, O_ABSTAIN },
	{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
};

/* What the options said: the body's keys in obj (JSON as the API takes
 * it), the references apart. */
struct ev_opts {
	const char *member, *org;
	bool json;
	json_t *vote;
};

/* An integer option into obj[key]. */
static int
set_int(struct app *app, json_t *obj, const char *opt, const char *key,
    const char *s)
{
	char *end;
	long long n = strtoll(s, &end, 10);

	if (s[0] == '\0' || *end != '\0')
		return cli_usage_error(app, "--%s needs a whole number", opt);
	json_object_set_new(obj, key, json_integer(n));
	return EXIT_OK;
}

/* Reads argv's options; EXIT_OK or the usage error's status. */
static int
read_opts(struct app *app, int argc, char **argv, json_t *obj,
    struct ev_opts *o)
{
	static const struct {
		int ch;
		const char *opt, *key;
		bool number;
	} map[] = {
		{ O_PERIOD, "period", "period_id", true },
		{ O_KIND, "kind", "kind", false },
		{ O_YEAR, "year", "year", true },
		{ O_QUARTER, "quarter", "quarter", true },
		{ O_FROM, "from", "from", false },
		{ O_TO, "to", "to", false },
		{ O_TITLE, "title", "title", false },
		{ O_TOTAL, "tasks-total", "tasks_total", true },
		{ O_ONTIME, "tasks-on-time", "tasks_on_time", true },
		{ O_EXCEEDED, "tasks-exceeded", "tasks_exceeded", true },
		{ O_SICK, "sick-leave-months", "sick_leave_months", true },
		{ O_NOTE, "note", "note", false },
		{ O_SELF, "self-level", "self_level", false },
		{ O_LEVEL, "level", "level", false },
		{ O_REASON, "reason", "reason", false },
	};
	size_t i;
	int ch, rc;

	memset(o, 0, sizeof(*o));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (map[i].ch == ch)
				break;
		if (i < sizeof(map) / sizeof(map[0])) {
			if (map[i].number) {
				if ((rc = set_int(app, obj, map[i].opt,
				         map[i].key, optarg)) != EXIT_OK)
					return rc;
			} else
				json_object_set_new(obj, map[i].key,
				    json_string(optarg));
			continue;
		}
		switch (ch) {
		case O_MEMBER:
			o->member = optarg;
			break;
		case O_ORG:
			o->org = optarg;
			break;
		case O_JSON:
			o->json = true;
			break;
		case O_SCORE: {
			char *end;
			double x = strtod(optarg, &end);

			if (optarg[0] == '\0' || *end != '\0')
				return cli_usage_error(app,
				    "--score needs a number");
			json_object_set_new(obj, "score", json_real(x));
			break;
		}
		case O_BASE:
		case O_FOR:
		case O_AGAINST:
		case O_ABSTAIN: {
			const char *k = ch == O_BASE ?
			    "base" :
			    ch == O_FOR ?
			    "for" :
			    ch == O_AGAINST ?
			    "against" :
			    "abstain";

			if (o->vote == NULL) {
				o->vote = json_object();
				json_object_set_new(obj, "vote", o->vote);
			}
			if ((rc = set_int(app, o->vote, k, k, optarg)) !=
			    EXIT_OK)
				return rc;
			break;
		}
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	return EXIT_OK;
}

/* The id in argv[1]; shifts it away. */
static bool
take_id(struct app *app, int *argc, char ***argv, int64_t *ret, int *rc)
{
	if (*argc < 2 || !cli_parse_id((*argv)[1], ret)) {
		*rc = cli_usage_error(app, "an id is needed");
		return false;
	}
	(*argv)[1] = (*argv)[0];
	(*argc)--;
	(*argv)++;
	return true;
}

/* A JSON object as "key: value" lines (nested values compact). */
static void
print_object(json_t *j)
{
	const char *k;
	json_t *v;

	json_object_foreach(j, k, v)
	{
		char *t;

		if (json_is_null(v))
			continue;
		if (json_is_string(v))
			printf("%s: %s\n", k, json_string_value(v));
		else if ((t = json_dumps(v,
		              JSON_COMPACT | JSON_ENCODE_ANY |
		                  JSON_REAL_PRECISION(4))) != NULL) {
			printf("%s: %s\n", k, t);
			free(t);
		}
	}
}

static const char *
lv(enum elevel l)
{
	return elevel_names[l] ? elevel_names[l] : "-";
}

/* ------------------------------------------------------------- periods */

static int
pe_open(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation_period p;
	struct store *st = NULL;
	json_t *obj = json_object();
	struct ev_opts o;
	struct svc s;
	int64_t id;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = read_opts(app, argc, argv, obj, &o)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if (o.org == NULL) {
		json_decref(obj);
		return cli_usage_error(app, "open: --org is needed");
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if (cli_org_ref(&s, o.org, &id, &err) != 0)
		rc = fail(app, &err);
	else {
		json_object_set_new(obj, "org_id", json_integer(id));
		if (svc_eperiod_create(&s, obj, &p, &err) != 0)
			rc = fail(app, &err);
		else
			printf("chibo: evaluation period %lld opened (%s .. "
			       "%s)\n",
			    (long long)p.id, p.from, p.to);
	}
	json_decref(obj);
	evaluation_period_release(&p);
	cli_close(st, &s);
	return rc;
}

static int
pe_list(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct eperiod_page page = { 0 };
	struct eperiod_query q;
	struct store *st = NULL;
	json_t *obj = json_object(), *items = json_array(), *v;
	char *cursor = NULL;
	struct ev_opts o;
	struct svc s;
	size_t i;
	int rc, k;

	memset(&q, 0, sizeof(q));
	if ((rc = read_opts(app, argc, argv, obj, &o)) != EXIT_OK)
		goto early;
	if ((v = json_object_get(obj, "year")) != NULL)
		q.year = (int)json_integer_value(v);
	if ((v = json_object_get(obj, "kind")) != NULL) {
		for (k = 1; k < EPKIND__MAX; k++)
			if (strcmp(eperiod_kind_names[k],
			        json_string_value(v)) == 0)
				q.kind = (enum eperiod_kind)k;
		if (q.kind == EPKIND_NONE) {
			rc = cli_usage_error(app,
			    "--kind: year, quarter or ad_hoc");
			goto early;
		}
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		goto early;
	if (o.org != NULL && cli_org_ref(&s, o.org, &q.org_id, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	q.limit = 1000;
	do {
		q.cursor = cursor;
		if (svc_eperiod_list(&s, &q, &page, &err) != 0) {
			rc = fail(app, &err);
			goto out;
		}
		for (i = 0; i < page.list.n; i++) {
			const struct evaluation_period *p =
			    &page.list.items[i];

			if (o.json) {
				json_array_append_new(items,
				    eperiod_to_json(&s, p));
				continue;
			}
			printf("%lld\t%s\t%d\t%d\t%s\t%s\t%s\t%s\n",
			    (long long)p->id, eperiod_kind_names[p->kind],
			    p->year, p->quarter, p->from, p->to,
			    eperiod_status_names[p->status],
			    p->org_name ? p->org_name : "");
		}
		free(cursor);
		cursor = page.next_cursor;
		page.next_cursor = NULL;
		eperiod_page_release(&page);
	} while (cursor != NULL);
	if (o.json)
		cli_print_json(items);
out:
	free(cursor);
	cli_close(st, &s);
early:
	json_decref(obj);
	json_decref(items);
	return rc;
}

static int
pe_show(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation_period p;
	struct store *st = NULL;
	json_t *obj = json_object(), *j;
	struct ev_opts o;
	struct svc s;
	int64_t id;
	int rc;

	memset(&p, 0, sizeof(p));
	if (!take_id(app, &argc, &argv, &id, &rc) ||
	    (rc = read_opts(app, argc, argv, obj, &o)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	json_decref(obj);
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_eperiod_get(&s, id, &p, &err) != 0)
		rc = fail(app, &err);
	else {
		j = eperiod_to_json(&s, &p);
		if (o.json)
			cli_print_json(j);
		else
			print_object(j);
		json_decref(j);
	}
	evaluation_period_release(&p);
	cli_close(st, &s);
	return rc;
}

static int
pe_lock(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct eval_calibration b;
	struct evaluation_period p;
	struct store *st = NULL;
	json_t *obj = json_object();
	struct ev_opts o;
	struct svc s;
	int64_t id;
	size_t i;
	int rc;

	memset(&p, 0, sizeof(p));
	memset(&b, 0, sizeof(b));
	if (!take_id(app, &argc, &argv, &id, &rc) ||
	    (rc = read_opts(app, argc, argv, obj, &o)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	json_decref(obj);
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_eperiod_lock(&s, id, 0, &p, &b, &err) != 0) {
		/* Each scope broken: its name, the count, the allowed. */
		for (i = 0; i < b.n; i++)
			fprintf(stderr,
			    "chibo: %s (%lld): %lld htxs, %lld allowed\n",
			    b.items[i].counts->scope_name ?
			        b.items[i].counts->scope_name :
			        "",
			    (long long)b.items[i].counts->scope_org_id,
			    (long long)b.items[i].cap.excellent,
			    (long long)b.items[i].cap.allowed);
		rc = fail(app, &err);
	} else
		printf("chibo: evaluation period %lld locked\n",
		    (long long)p.id);
	eval_calibration_release(&b);
	evaluation_period_release(&p);
	cli_close(st, &s);
	return rc;
}

/* --------------------------------------------------------- evaluations */

static int
ev_add(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation e;
	struct store *st = NULL;
	json_t *obj = json_object();
	struct ev_opts o;
	struct svc s;
	int64_t id;
	int rc;

	memset(&e, 0, sizeof(e));
	if ((rc = read_opts(app, argc, argv, obj, &o)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if ((o.member == NULL) == (o.org == NULL)) {
		json_decref(obj);
		return cli_usage_error(app, "add: --member or --org (one)");
	}
	if (o.member != NULL && !cli_parse_id(o.member, &id)) {
		json_decref(obj);
		return cli_usage_error(app, "--member needs an id");
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if (o.member != NULL)
		json_object_set_new(obj, "member_id", json_integer(id));
	if (o.org != NULL && cli_org_ref(&s, o.org, &id, &err) != 0)
		rc = fail(app, &err);
	else {
		if (o.org != NULL)
			json_object_set_new(obj, "org_id", json_integer(id));
		if (svc_eval_create(&s, obj, &e, &err) != 0)
			rc = fail(app, &err);
		else
			printf("chibo: evaluation %lld added (computed level "
			       "%s)\n",
			    (long long)e.id, lv(e.computed_level));
	}
	json_decref(obj);
	evaluation_release(&e);
	cli_close(st, &s);
	return rc;
}

static int
ev_list(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation_page page = { 0 };
	struct evaluation_query q;
	struct store *st = NULL;
	json_t *obj = json_object(), *items = json_array(), *v;
	char *cursor = NULL;
	struct ev_opts o;
	struct svc s;
	size_t i;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((rc = read_opts(app, argc, argv, obj, &o)) != EXIT_OK)
		goto early;
	if ((v = json_object_get(obj, "period_id")) != NULL)
		q.period_id = json_integer_value(v);
	if (o.member != NULL && !cli_parse_id(o.member, &q.member_id)) {
		rc = cli_usage_error(app, "--member needs an id");
		goto early;
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		goto early;
	if (o.org != NULL && cli_org_ref(&s, o.org, &q.org_id, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	q.limit = 1000;
	do {
		q.cursor = cursor;
		if (svc_eval_list(&s, &q, &page, &err) != 0) {
			rc = fail(app, &err);
			goto out;
		}
		for (i = 0; i < page.list.n; i++) {
			const struct evaluation *e = &page.list.items[i];

			if (o.json) {
				json_array_append_new(items,
				    evaluation_to_json(e, app->lang));
				continue;
			}
			printf("%lld\t%s %lld\t%d.%d\t%s\t%s\t%s\t%s\t%s\n",
			    (long long)e->id,
			    e->subject == ESUBJECT_ORG ? "org" : "member",
			    (long long)(e->subject == ESUBJECT_ORG ?
			            e->org_id :
			            e->member_id),
			    e->score / 10, e->score % 10,
			    lv(e->computed_level), lv(e->proposed_level),
			    lv(e->decided_level),
			    evaluation_status_names[e->status] ?
			        evaluation_status_names[e->status] :
			        "-",
			    e->subject_name ? e->subject_name : "");
		}
		free(cursor);
		cursor = page.next_cursor;
		page.next_cursor = NULL;
		evaluation_page_release(&page);
	} while (cursor != NULL);
	if (o.json)
		cli_print_json(items);
out:
	free(cursor);
	cli_close(st, &s);
early:
	json_decref(obj);
	json_decref(items);
	return rc;
}

static int
ev_show(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation e;
	struct store *st = NULL;
	json_t *obj = json_object(), *j;
	struct ev_opts o;
	struct svc s;
	int64_t id;
	int rc;

	memset(&e, 0, sizeof(e));
	if (!take_id(app, &argc, &argv, &id, &rc) ||
	    (rc = read_opts(app, argc, argv, obj, &o)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	json_decref(obj);
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_eval_get(&s, id, &e, &err) != 0)
		rc = fail(app, &err);
	else {
		j = evaluation_to_json(&e, app->lang);
		if (o.json)
			cli_print_json(j);
		else {
			json_t *r,
			    *reasons = json_incref(json_object_get(j,
			        "reasons"));
			size_t i;

			json_object_del(j, "reasons");
			print_object(j);
			json_array_foreach(reasons, i,
			    r) printf("reason: %s (%s, %s): %s\n",
			    json_string_value(json_object_get(r, "code")),
			    json_string_value(json_object_get(r, "rule_id")) ?
			        json_string_value(json_object_get(r,
			            "rule_id")) :
			        "",
			    json_string_value(json_object_get(r, "citation")) ?
			        json_string_value(json_object_get(r,
			            "citation")) :
			        "",
			    json_string_value(json_object_get(r, "message")));
			json_decref(reasons);
		}
		json_decref(j);
	}
	evaluation_release(&e);
	cli_close(st, &s);
	return rc;
}

typedef int (*step_fn)(struct svc *s, int64_t id, const json_t *in,
    int64_t if_match, struct evaluation *ret, struct cb_error *err);

static int
ev_step(struct app *app, int argc, char **argv, step_fn fn, const char *what)
{
	struct cb_error err = CB_ERROR_INIT;
	struct evaluation e;
	struct store *st = NULL;
	json_t *obj = json_object();
	struct ev_opts o;
	struct svc s;
	int64_t id;
	int rc;

	memset(&e, 0, sizeof(e));
	if (!take_id(app, &argc, &argv, &id, &rc) ||
	    (rc = read_opts(app, argc, argv, obj, &o)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if (fn(&s, id, obj, 0, &e, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: evaluation %lld %s %s (computed %s)\n",
		    (long long)e.id, what,
		    lv(fn == svc_eval_decide ?
		            e.decided_level :
		            e.proposed_level),
		    lv(e.computed_level));
	json_decref(obj);
	evaluation_release(&e);
	cli_close(st, &s);
	return rc;
}

static int
ev_propose(struct app *app, int argc, char **argv)
{
	return ev_step(app, argc, argv, svc_eval_propose, "proposed");
}

static int
ev_decide(struct app *app, int argc, char **argv)
{
	return ev_step(app, argc, argv, svc_eval_decide, "decided");
}

static int
ev_calibration(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct eval_calibration c;
	struct store *st = NULL;
	json_t *obj = json_object(), *j;
	struct ev_opts o;
	struct svc s;
	int64_t id, org = 0;
	size_t i, k;
	int rc;

	memset(&c, 0, sizeof(c));
	if (!take_id(app, &argc, &argv, &id, &rc) ||
	    (rc = read_opts(app, argc, argv, obj, &o)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	json_decref(obj);
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (o.org != NULL && cli_org_ref(&s, o.org, &org, &err) != 0)
		rc = fail(app, &err);
	else if (svc_eval_calibration(&s, id, org, &c, &err) != 0)
		rc = fail(app, &err);
	else if (o.json) {
		j = eval_calibration_to_json(&c, app->lang);
		cli_print_json(j);
		json_decref(j);
	} else
		for (i = 0; i < c.n; i++) {
			const struct eval_calibration_scope *x = &c.items[i];

			printf("%lld\t%s\thtxs %lld (proposed %lld, decided "
			       "%lld)\tallowed %lld%s\n",
			    (long long)x->counts->scope_org_id,
			    x->counts->scope_name ? x->counts->scope_name : "",
			    (long long)x->cap.excellent,
			    (long long)x->counts->proposed[EVAL_HTXS],
			    (long long)x->counts->decided[EVAL_HTXS],
			    (long long)x->cap.allowed,
			    x->cap.exceeded ? "\tEXCEEDED" : "");
			for (k = 0; k < x->proposed.n; k++)
				printf("\t%lld\t%s\n",
				    (long long)x->proposed.items[k].id,
				    x->proposed.items[k].subject_name ?
				        x->proposed.items[k].subject_name :
				        "");
		}
	eval_calibration_release(&c);
	cli_close(st, &s);
	return rc;
}
