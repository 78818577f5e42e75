/*
 * cmd-resolution.c - a meeting's resolution, its tasks and its self-score
 * at the command line (svc/resolution.c): chibo meeting resolution,
 * chibo meeting score and chibo task.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/resolution.h"

#include "util/banned.h"

static int
fail(struct app *app, struct cb_error *err)
{
	int rc = cli_report(app, err);

	cb_error_release(err);
	return rc;
}

/* A count option's value: -1 when not a count. */
static int64_t
count_arg(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0 || v > 100000000)
		return -1;
	return v;
}

static void
print_task(const struct meeting_task *t)
{
	printf("  #%lld [%s] %s -- %s", (long long)t->id,
	    task_status_names[t->status], t->what ? t->what : "",
	    t->assignee_name ? t->assignee_name :
	    t->assignee_text ? t->assignee_text :
	                       "");
	if (t->due_on[0])
		printf(" (hạn %s)", t->due_on);
	if (t->result)
		printf(": %s", t->result);
	putchar('\n');
}

static void
print_resolution(const struct meeting_resolution *r)
{
	char num[32];
	size_t i;

	if (r->number > 0) {
		resolution_number_text(r->number, num, sizeof(num));
		printf("Số %s\n", num);
	}
	printf("status: %s\n", resolution_status_names[r->status]);
	printf("I. results: %s\n", r->results ? r->results : "");
	for (i = 0; i < r->previous.n; i++)
		print_task(&r->previous.items[i]);
	printf("II. directions: %s\n", r->directions ? r->directions : "");
	printf("III. tasks:\n");
	for (i = 0; i < r->tasks.n; i++)
		print_task(&r->tasks.items[i]);
	if (r->has_score)
		printf("IV. score: %lld/%lld (%s)\n", (long long)r->score.total,
		    (long long)r->score.max_total, r->score.band);
	if (r->vote_total > 0)
		printf("%lld/%lld đồng chí tán thành (%lld %%)\n",
		    (long long)r->vote_for, (long long)r->vote_total,
		    (long long)resolution_vote_percent(r->vote_for,
		        r->vote_total));
	if (r->approved_at)
		printf("approved_at: %s\n", r->approved_at);
}

const char cli_resolution_usage[] =
    "resolution ID [--json]\n"
    "       resolution ID [--results TEXT] [--directions TEXT]\n"
    "       [--vote-for N --vote-total N]\n"
    "       resolution ID --task TEXT (--assignee MEMBER_ID | --group TEXT)\n"
    "       [--due DATE]\n"
    "       resolution ID --approve\n\n"
    "Shows the meeting's resolution, or writes its draft (the first write\n"
    "makes it, section I filled with the cell's tasks still open from\n"
    "earlier meetings), adds a task (section III), or approves it: it\n"
    "then gets the next number of the cell's series of the year\n"
    "(Số 05-NQ/CB) and can no longer change.\n";

int
cli_meeting_resolution(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "results", required_argument, NULL, 'r' },
		{ "directions", required_argument, NULL, 'd' },
		{ "vote-for", required_argument, NULL, 'f' },
		{ "vote-total", required_argument, NULL, 't' },
		{ "task", required_argument, NULL, 'T' },
		{ "assignee", required_argument, NULL, 'a' },
		{ "group", required_argument, NULL, 'g' },
		{ "due", required_argument, NULL, 'D' },
		{ "approve", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_resolution r;
	struct meeting_task t;
	struct store *st = NULL;
	json_t *draft = json_object(), *task = json_object();
	bool as_json = false, approve = false, created;
	struct svc s;
	int64_t id, v;
	int ch, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		json_decref(draft);
		json_decref(task);
		printf("usage: chibo meeting %s", cli_resolution_usage);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!cli_parse_id(argv[1], &id)) {
		json_decref(draft);
		json_decref(task);
		return cli_usage_error(app, "a meeting id is needed");
	}
	argv[1] = argv[0];
	argc--;
	argv++;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'j': as_json = true; break;
		case 'r':
			json_object_set_new(draft, "results", json_string(optarg));
			break;
		case 'd':
			json_object_set_new(draft, "directions",
			    json_string(optarg));
			break;
		case 'f':
		case 't':
			if ((v = count_arg(optarg)) < 0) {
				json_decref(draft);
				json_decref(task);
				return cli_usage_error(app,
				    "--vote-for and --vote-total need a count");
			}
			json_object_set_new(draft,
			    ch == 'f' ? "vote_for" : "vote_total",
			    json_integer(v));
			break;
		case 'T':
			json_object_set_new(task, "what", json_string(optarg));
			break;
		case 'a':
			if (!cli_parse_id(optarg, &v)) {
				json_decref(draft);
				json_decref(task);
				return cli_usage_error(app,
				    "--assignee needs a member id");
			}
			json_object_set_new(task, "assignee_id",
			    json_integer(v));
			break;
		case 'g':
			json_object_set_new(task, "assignee_text",
			    json_string(optarg));
			break;
		case 'D':
			json_object_set_new(task, "due_on", json_string(optarg));
			break;
		case 'A': approve = true; break;
		default:
			json_decref(draft);
			json_decref(task);
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind < argc) {
		json_decref(draft);
		json_decref(task);
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(draft);
		json_decref(task);
		return rc;
	}
	meeting_resolution_init(&r);
	memset(&t, 0, sizeof(t));
	if (json_object_size(task) > 0) {
		if (svc_task_create(&s, id, task, &t, &err) != 0)
			rc = fail(app, &err);
		else
			printf("chibo: task %lld added\n", (long long)t.id);
	} else if (approve) {
		if (svc_resolution_approve(&s, id, 0, &r, &err) != 0)
			rc = fail(app, &err);
		else {
			char num[32];

			resolution_number_text(r.number, num, sizeof(num));
			printf("chibo: resolution approved, Số %s\n", num);
		}
	} else if (json_object_size(draft) > 0) {
		if (svc_resolution_put(&s, id, draft, 0, &r, &created, &err) !=
		    0)
			rc = fail(app, &err);
		else
			printf("chibo: resolution %s\n",
			    created ? "drafted" : "updated");
	} else if (svc_resolution_get(&s, id, &r, &err) != 0)
		rc = fail(app, &err);
	else if (as_json) {
		json_t *j = svc_resolution_to_json(&r);

		cli_print_json(j);
		json_decref(j);
	} else
		print_resolution(&r);
	meeting_resolution_release(&r);
	meeting_task_release(&t);
	json_decref(draft);
	json_decref(task);
	cli_close(st, &s);
	return rc;
}

const char cli_score_usage[] =
    "score ID --CRITERION POINTS ... [--json]\n\n"
    "Scores the meeting on the rulebook's sheet in force on its date (rule\n"
    "meeting.quality_sheet; HD 42: --time 5 --attendance 5 --preparation 10\n"
    "--conduct 40 --principles 5 --last-results 30 --closing 5 at most).\n"
    "Every criterion of the sheet is needed; prints the total, the band\n"
    "(Tốt, Khá, Trung bình, Kém) and the rule.\n";

int
cli_meeting_score(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_score sc;
	struct store *st = NULL;
	json_t *scores, *in;
	bool as_json = false;
	struct svc s;
	int64_t id;
	int i, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		printf("usage: chibo meeting %s", cli_score_usage);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!cli_parse_id(argv[1], &id))
		return cli_usage_error(app, "a meeting id is needed");
	scores = json_object();
	for (i = 2; i < argc; i++) {
		char name[64], *p;
		int64_t v;

		if (strcmp(argv[i], "--json") == 0) {
			as_json = true;
			continue;
		}
		if (strncmp(argv[i], "--", 2) != 0 || i + 1 >= argc ||
		    strlen(argv[i]) - 2 >= sizeof(name) ||
		    (v = count_arg(argv[i + 1])) < 0) {
			json_decref(scores);
			return cli_usage_error(app,
			    "expected --CRITERION POINTS, not '%s'", argv[i]);
		}
		snprintf(name, sizeof(name), "%s", argv[i] + 2);
		for (p = name; *p; p++)
			if (*p == '-')
				*p = '_';
		json_object_set_new(scores, name, json_integer(v));
		i++;
	}
	in = json_pack("{s:o}", "scores", scores);
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(in);
		return rc;
	}
	memset(&sc, 0, sizeof(sc));
	if (svc_meeting_score_set(&s, id, in, &sc, &err) != 0)
		rc = fail(app, &err);
	else if (as_json) {
		json_t *j = svc_score_to_json(&sc);

		cli_print_json(j);
		json_decref(j);
	} else
		printf("chibo: score %lld/%lld, %s (rule %s)\n",
		    (long long)sc.total, (long long)sc.max_total, sc.band,
		    sc.rule_id);
	meeting_score_release(&sc);
	json_decref(in);
	cli_close(st, &s);
	return rc;
}

/* ---------------------------------------------------------- chibo task */

static int task_list(struct app *, int, char **);
static int task_done(struct app *, int, char **);

static const struct cmd task_cmds[] = {
	{ "list", task_list, "list the tasks of resolutions",
	    "list (--org ORG | --member ID | --meeting ID) [--status STATUS]\n"
	    "       [--json]\n\n"
	    "The tasks of an organisation (not its subtree), given to a member,\n"
	    "or given by a meeting; STATUS: open, done, dropped.\n" },
	{ "done", task_done, "mark a task done (or dropped), with its result",
	    "done ID [--result TEXT] [--dropped] [--reopen]\n" },
	{ NULL, NULL, NULL, NULL },
};

int
cmd_task(struct app *app, int argc, char **argv)
{
	return cli_dispatch(app, "task", task_cmds, argc, argv);
}

static int
task_list(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "member", required_argument, NULL, 'm' },
		{ "meeting", required_argument, NULL, 'M' },
		{ "status", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_task_list l = { 0 };
	const char *org = NULL;
	struct store *st = NULL;
	int64_t member = 0, meeting = 0, oid;
	bool as_json = false;
	int ch, rc, status = -1;
	struct svc s;
	size_t i;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': org = optarg; break;
		case 'm':
		case 'M':
			if (!cli_parse_id(optarg, ch == 'm' ? &member : &meeting))
				return cli_usage_error(app, "--%s needs an id",
				    ch == 'm' ? "member" : "meeting");
			break;
		case 's':
			if ((status = task_status_parse(optarg)) < 0)
				return cli_usage_error(app, "unknown status");
			break;
		case 'j': as_json = true; break;
		case 'h':
			cli_usage(stdout, "chibo task", &task_cmds[0]);
			return EXIT_OK;
		default: return cli_usage_error(app, "unknown option");
		}
	}
	if ((org != NULL) + (member > 0) + (meeting > 0) != 1)
		return cli_usage_error(app,
		    "list needs one of --org, --member, --meeting");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (org != NULL) {
		if (cli_org_ref(&s, org, &oid, &err) != 0 ||
		    svc_task_list_org(&s, oid, status, 1000, &l, &err) != 0)
			rc = fail(app, &err);
	} else if (member > 0) {
		if (svc_task_list_member(&s, member, status, 1000, &l, &err) !=
		    0)
			rc = fail(app, &err);
	} else if (svc_task_list_meeting(&s, meeting, &l, &err) != 0)
		rc = fail(app, &err);
	if (rc == EXIT_OK && as_json) {
		json_t *j = json_pack("{s:o}", "items", svc_task_list_to_json(&l));

		cli_print_json(j);
		json_decref(j);
	} else if (rc == EXIT_OK)
		for (i = 0; i < l.n; i++)
			if (status < 0 || (int)l.items[i].status == status)
				print_task(&l.items[i]);
	meeting_task_list_release(&l);
	cli_close(st, &s);
	return rc;
}

static int
task_done(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "result", required_argument, NULL, 'r' },
		{ "dropped", no_argument, NULL, 'd' },
		{ "reopen", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_task t;
	struct store *st = NULL;
	json_t *in;
	struct svc s;
	int64_t id;
	int ch, rc;

	if (argc < 2 || !cli_parse_id(argv[1], &id)) {
		if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
			cli_usage(stdout, "chibo task", &task_cmds[1]);
			return EXIT_OK;
		}
		return cli_usage_error(app, "a task id is needed");
	}
	argv[1] = argv[0];
	argc--;
	argv++;
	in = json_pack("{s:s}", "status", "done");
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			json_object_set_new(in, "result", json_string(optarg));
			break;
		case 'd':
			json_object_set_new(in, "status", json_string("dropped"));
			break;
		case 'o':
			json_object_set_new(in, "status", json_string("open"));
			break;
		default:
			json_decref(in);
			return cli_usage_error(app, "unknown option");
		}
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(in);
		return rc;
	}
	memset(&t, 0, sizeof(t));
	if (svc_task_patch(&s, id, in, 0, &t, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: task %lld %s\n", (long long)t.id,
		    task_status_names[t.status]);
	meeting_task_release(&t);
	json_decref(in);
	cli_close(st, &s);
	return rc;
}
