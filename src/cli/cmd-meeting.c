/*
 * cmd-meeting.c - chibo meeting: cell meetings and their attendance
 * (svc/meeting.c).  Times are ISO date-times with their offset
 * (2026-03-05T19:30+07:00); they are kept and shown in UTC.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/entity.h"

#include "util/banned.h"

static int meeting_list(struct app *, int, char **);
static int meeting_show(struct app *, int, char **);
static int meeting_add(struct app *, int, char **);
static int meeting_attendance(struct app *, int, char **);
static int meeting_vote(struct app *, int, char **);
static int meeting_minutes(struct app *, int, char **);
static int meeting_lock(struct app *, int, char **);
static int meeting_edit(struct app *, int, char **);
static int meeting_cancel(struct app *, int, char **);

static const struct cmd meeting_cmds[] = {
	{ "list", meeting_list,
	    "list the meetings of an organisation's subtree",
	    "list --org ORG [--from TIME] [--before TIME] [--kind KIND]\n"
	    "       [--status STATUS] [--json]\n\n"
	    "By start time.  TIME is an ISO date-time with its offset\n"
	    "(2026-03-05T00:00+07:00); --from is inclusive, --before not.\n" },
	{ "show", meeting_show, "show a meeting", "show ID [--json]\n" },
	{ "add", meeting_add, "plan or record a meeting",
	    "add --org ORG --kind KIND --starts-at TIME --ends-at TIME\n"
	    "       [--place TEXT] [--online --online-reason TEXT]\n"
	    "       [--topic TEXT] [--chair ID] [--secretary ID]\n"
	    "       [--guests TEXT] [--agenda TEXT] [--status STATUS]\n\n"
	    "KIND: regular, thematic, combined, extraordinary, committee;\n"
	    "STATUS: planned (default), held, cancelled.  A thematic or\n"
	    "combined meeting needs --topic; an online one the reason of\n"
	    "HD 03 (more than half of the members cannot meet in one\n"
	    "place).  The chair and the secretary are member ids of ORG.\n" },
	{ "edit", meeting_edit, "change fields of a meeting",
	    "edit ID [--if-version N] [--org ORG] [--kind KIND]\n"
	    "       [--starts-at TIME] [--ends-at TIME] [--place TEXT]\n"
	    "       [--online --online-reason TEXT | --not-online]\n"
	    "       [--topic TEXT] [--chair ID] [--secretary ID]\n"
	    "       [--guests TEXT] [--agenda TEXT] [--status STATUS]\n\n"
	    "The options of add; an empty value clears an optional field.\n"
	    "Judged as a new meeting.  A cancelled meeting cannot change;\n"
	    "use cancel to cancel one.  A planned meeting moved to another\n"
	    "organisation or date has its roll taken again (the attendance\n"
	    "recorded is kept).  --if-version refuses the change if the\n"
	    "meeting has changed since version N.\n" },
	{ "cancel", meeting_cancel, "cancel a planned meeting",
	    "cancel ID --reason TEXT\n\n"
	    "Only a planned meeting; the reason is kept in the audit trail.\n" },
	{ "attendance", meeting_attendance,
	    "show the roll of a meeting and its attendance, or record a "
	    "member's",
	    "attendance ID [--json]\n"
	    "       attendance ID --member ID --status STATUS [--reason TEXT]\n"
	    "       [--joined-at TIME] [--left-at TIME]\n"
	    "       attendance ID --csv FILE [--dry-run]\n"
	    "       attendance ID --add MEMBER-ID\n\n"
	    "STATUS: present, late, absent_excused (needs --reason),\n"
	    "absent_unexcused.  Join and leave times for online meetings.\n"
	    "--csv records a paper sign-in sheet (\"-\": standard input): a\n"
	    "header row, then per member member_id, or card_no, or\n"
	    "full_name and birth_date; status (or có mặt, đi muộn, vắng\n"
	    "có lý do, vắng không lý do); reason.  Every problem of every\n"
	    "row is reported and nothing is written unless all are right;\n"
	    "--dry-run only judges.\n"
	    "The roll is the organisation's members on the meeting's date,\n"
	    "taken when the meeting is made: one line each, member id,\n"
	    "place on the roll (official, probationary, exempted,\n"
	    "transferred_out, transferred_in), attendance (- if not\n"
	    "recorded), reason.  Only members on the roll are recorded;\n"
	    "--add puts one on it on request (a member who joined later; a\n"
	    "member of another organisation comes as transferred_in).\n" },
	{ "vote", meeting_vote, "record a vote, or list a meeting's votes",
	    "vote ID [--json]\n"
	    "       vote ID --kind KIND --for N --against N --abstain N\n"
	    "       [--secret] [--subject TEXT] [--json]\n\n"
	    "KIND: resolution, admission, official_recognition,\n"
	    "expulsion_proposal, discipline, personnel.  The base (official\n"
	    "members on the roll), the threshold and whether it passed are\n"
	    "the rulebook's (meeting.vote_threshold).  A held meeting, or\n"
	    "one that has started, takes votes.\n" },
	{ "minutes", meeting_minutes,
	    "show, write, sign off or correct minutes",
	    "minutes ID [--json]\n"
	    "       minutes ID --set-file FILE [--if-match VERSION]\n"
	    "       minutes ID --approve [--as chair|secretary|both] --reason TEXT\n"
	    "       minutes ID --correct FIELD --text TEXT --reason TEXT\n\n"
	    "FILE (\"-\": standard input) is JSON: {\"course\": [{\"speaker_id\"\n"
	    "or \"speaker\", \"text\"}], \"opinions\", \"conclusions\", \"notes\"}.\n"
	    "--approve records the sign-off of the chair and/or the minutes\n"
	    "secretary made on paper (default both), with its reason; both\n"
	    "signed: approved.  Locked minutes take only corrections: FIELD\n"
	    "is course, opinions, conclusions or notes.\n" },
	{ "lock", meeting_lock, "lock approved minutes",
	    "lock ID [--json]\n" },
	{ "resolution", cli_meeting_resolution,
	    "show, draft, add a task to or approve a meeting's resolution",
	    cli_resolution_usage },
	{ "score", cli_meeting_score,
	    "score the meeting on the rulebook's self-score sheet",
	    cli_score_usage },
	{ NULL, NULL, NULL, NULL },
};

int
cmd_meeting(struct app *app, int argc, char **argv)
{
	app->entity = "meeting"; /* its kind and status are the meeting's */
	return cli_dispatch(app, "meeting", meeting_cmds, argc, argv);
}

static int
help(const char *name)
{
	const struct cmd *c;

	for (c = meeting_cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			cli_usage(stdout, "chibo meeting", c);
	return EXIT_OK;
}

static int
fail(struct app *app, struct cb_error *err)
{
	int rc = cli_report(app, err);

	cb_error_release(err);
	return rc;
}

/* Prints obj's fields, one "name: value" a line (null ones left out). */
static void
print_entity(const struct entity *e, const void *obj)
{
	char buf[32];
	size_t i;

	for (i = 0; i < e->nfields; i++) {
		const char *v = field_get_text(&e->fields[i], obj, buf,
		    sizeof(buf));

		if (v != NULL)
			printf("%s: %s\n", e->fields[i].name, v);
	}
}

static const struct option field_opts[] = {
	{ "org", required_argument, NULL, 'o' },
	{ "kind", required_argument, NULL, 'k' },
	{ "starts-at", required_argument, NULL, 's' },
	{ "ends-at", required_argument, NULL, 'e' },
	{ "place", required_argument, NULL, 'p' },
	{ "online", no_argument, NULL, 'n' },
	{ "not-online", no_argument, NULL, 'N' },
	{ "online-reason", required_argument, NULL, 'r' },
	{ "topic", required_argument, NULL, 't' },
	{ "chair", required_argument, NULL, 'c' },
	{ "secretary", required_argument, NULL, 'y' },
	{ "guests", required_argument, NULL, 'g' },
	{ "agenda", required_argument, NULL, 'a' },
	{ "status", required_argument, NULL, 'S' },
	{ "if-version", required_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
};

/*
 * Reads the field options of add and edit into obj (an empty value is
 * null: it clears an optional field), the organisation reference into
 * *org, --if-version into *ver (edit only).  EXIT_OK, the usage error's
 * status, or -1 after --help.
 */
static int
read_fields(struct app *app, const char *cmd, int argc, char **argv,
    json_t *obj, const char **org, int64_t *ver)
{
	int64_t id;
	int ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", field_opts, NULL)) != -1) {
		const char *key = NULL;

		switch (ch) {
		case 'o':
			*org = optarg;
			continue;
		case 'n':
		case 'N':
			json_object_set_new(obj, "online",
			    json_boolean(ch == 'n'));
			continue;
		case 'V':
			if (ver == NULL || !cli_parse_id(optarg, ver))
				return cli_usage_error(app,
				    "--if-version needs a version (edit)");
			continue;
		case 'c':
		case 'y':
			if (optarg[0] == '\0') {
				json_object_set_new(obj,
				    ch == 'c' ? "chair_id" : "secretary_id",
				    json_null());
				continue;
			}
			if (!cli_parse_id(optarg, &id))
				return cli_usage_error(app, "--%s needs an id",
				    ch == 'c' ? "chair" : "secretary");
			json_object_set_new(obj,
			    ch == 'c' ? "chair_id" : "secretary_id",
			    json_integer(id));
			continue;
		case 'k':
			key = "kind";
			break;
		case 's':
			key = "starts_at";
			break;
		case 'e':
			key = "ends_at";
			break;
		case 'p':
			key = "place";
			break;
		case 'r':
			key = "online_reason";
			break;
		case 't':
			key = "topic";
			break;
		case 'g':
			key = "guests";
			break;
		case 'a':
			key = "agenda";
			break;
		case 'S':
			key = "status";
			break;
		case 'h':
			help(cmd);
			return -1;
		default:
			return cli_usage_error(app, "unknown option");
		}
		json_object_set_new(obj, key,
		    optarg[0] ? json_string(optarg) : json_null());
	}
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	return EXIT_OK;
}

/* The organisation reference org into obj's org_id (a field error if it
 * names none). */
static int
set_org(struct svc *s, const char *org, json_t *obj, struct cb_error *err)
{
	int64_t id;

	if (org == NULL)
		return 0;
	if (cli_org_ref(s, org, &id, err) != 0) {
		cb_error_release(err);
		return cb_error_field(err, 0, "org_id", "org_not_found", NULL);
	}
	json_object_set_new(obj, "org_id", json_integer(id));
	return 0;
}

static int
meeting_add(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	const char *org = NULL;
	json_t *obj = json_pack("{s:s}", "status", "planned");
	struct meeting m;
	struct svc s;
	int rc;

	memset(&m, 0, sizeof(m));
	if ((rc = read_fields(app, "add", argc, argv, obj, &org, NULL)) !=
	    EXIT_OK) {
		json_decref(obj);
		return rc < 0 ? EXIT_OK : rc;
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if (set_org(&s, org, obj, &err) != 0 ||
	    svc_meeting_create(&s, obj, &m, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: meeting %lld added\n", (long long)m.id);
	json_decref(obj);
	meeting_release(&m);
	cli_close(st, &s);
	return rc;
}

/* The meeting id in argv[1]; shifts it away. */
static bool
take_id(struct app *app, int *argc, char ***argv, int64_t *ret, int *rc)
{
	if (*argc < 2 || !cli_parse_id((*argv)[1], ret)) {
		*rc = cli_usage_error(app, "a meeting id is needed");
		return false;
	}
	(*argv)[1] = (*argv)[0];
	(*argc)--;
	(*argv)++;
	return true;
}

static int
meeting_show(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	struct meeting m;
	struct svc s;
	int64_t id;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		return help("show");
	if (!take_id(app, &argc, &argv, &id, &rc))
		return rc;
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	memset(&m, 0, sizeof(m));
	if (svc_meeting_get(&s, id, &m, &err) != 0)
		rc = fail(app, &err);
	else if (argc > 1 && strcmp(argv[1], "--json") == 0) {
		json_t *j = entity_to_json(&meeting_entity, &m);

		cli_print_json(j);
		json_decref(j);
	} else
		print_entity(&meeting_entity, &m);
	meeting_release(&m);
	cli_close(st, &s);
	return rc;
}

static int
meeting_edit(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	const char *org = NULL;
	json_t *obj = json_object();
	struct meeting m;
	int64_t id, ver = 0;
	struct svc s;
	int rc;

	memset(&m, 0, sizeof(m));
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		json_decref(obj);
		return help("edit");
	}
	if (!take_id(app, &argc, &argv, &id, &rc) ||
	    (rc = read_fields(app, "edit", argc, argv, obj, &org, &ver)) !=
	        EXIT_OK) {
		json_decref(obj);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (json_object_size(obj) == 0 && org == NULL) {
		json_decref(obj);
		return cli_usage_error(app, "edit: nothing to change");
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if (set_org(&s, org, obj, &err) != 0 ||
	    svc_meeting_patch(&s, id, obj, ver, &m, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: meeting %lld changed (version %lld)\n",
		    (long long)m.id, (long long)m.version);
	json_decref(obj);
	meeting_release(&m);
	cli_close(st, &s);
	return rc;
}

static int
meeting_cancel(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	json_t *obj = json_object();
	struct meeting m;
	struct svc s;
	int64_t id;
	int ch, rc;

	memset(&m, 0, sizeof(m));
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		json_decref(obj);
		return help("cancel");
	}
	if (!take_id(app, &argc, &argv, &id, &rc)) {
		json_decref(obj);
		return rc;
	}
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			json_object_set_new(obj, "reason",
			    json_string(optarg));
			break;
		case 'h':
			json_decref(obj);
			return help("cancel");
		default:
			json_decref(obj);
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind != argc) {
		json_decref(obj);
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if (svc_meeting_cancel(&s, id, obj, 0, &m, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: meeting %lld cancelled\n", (long long)m.id);
	json_decref(obj);
	meeting_release(&m);
	cli_close(st, &s);
	return rc;
}

static int
meeting_list(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "from", required_argument, NULL, 'f' },
		{ "before", required_argument, NULL, 'b' },
		{ "kind", required_argument, NULL, 'k' },
		{ "status", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_query q;
	struct meeting_page pg = { 0 };
	struct store *st = NULL;
	const char *org = NULL;
	char from[TIMESTAMP_LEN], before[TIMESTAMP_LEN], *cursor = NULL;
	json_t *items = NULL;
	bool json = false;
	struct svc s;
	size_t i;
	int ch, rc, v;

	memset(&q, 0, sizeof(q));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			org = optarg;
			break;
		case 'f':
		case 'b':
			if (datetime_parse_iso(optarg,
			        ch == 'f' ? from : before) != 0)
				return cli_usage_error(app,
				    "--%s needs a date-time with its offset",
				    ch == 'f' ? "from" : "before");
			if (ch == 'f')
				q.from = from;
			else
				q.before = before;
			break;
		case 'k':
			if ((v = field_enum_parse(
			         &meeting_entity.fields[MEETING_F_kind],
			         optarg)) <= 0)
				return cli_usage_error(app, "unknown kind");
			q.kind = (enum meeting_kind)v;
			break;
		case 's':
			if ((v = field_enum_parse(
			         &meeting_entity.fields[MEETING_F_status],
			         optarg)) <= 0)
				return cli_usage_error(app, "unknown status");
			q.status = (enum meeting_status)v;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			return help("list");
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (org == NULL || optind != argc)
		return cli_usage_error(app, "list needs --org ORG");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (cli_org_ref(&s, org, &q.org_id, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	items = json_array();
	q.limit = 1000;
	do {
		q.cursor = cursor;
		if (svc_meeting_list(&s, &q, &pg, &err) != 0) {
			rc = fail(app, &err);
			goto out;
		}
		for (i = 0; i < pg.list.n; i++) {
			const struct meeting *m = &pg.list.items[i];

			if (json)
				json_array_append_new(items,
				    entity_to_json(&meeting_entity, m));
			else
				printf("%lld\t%s\t%s\t%s\t%s\n",
				    (long long)m->id, m->starts_at,
				    meeting_kind_names[m->kind],
				    meeting_status_names[m->status],
				    m->place ? m->place : "");
		}
		free(cursor);
		cursor = pg.next_cursor;
		pg.next_cursor = NULL;
		meeting_page_release(&pg);
	} while (cursor != NULL);
	if (json) {
		json_t *o = json_pack("{s:O}", "items", items);

		cli_print_json(o);
		json_decref(o);
	}
out:
	json_decref(items);
	free(cursor);
	cli_close(st, &s);
	return rc;
}

/* chibo meeting attendance ID --csv FILE [--dry-run]. */
static int
attendance_csv(struct app *app, struct svc *s, int64_t id, const char *file,
    bool dry_run, bool json)
{
	struct cb_error err = CB_ERROR_INIT;
	struct attendance_import rep;
	char *data = NULL;
	size_t len = 0, i;
	int rc = EXIT_OK;

	memset(&rep, 0, sizeof(rep));
	if (cli_read_file(file, (size_t)16 * 1024 * 1024, &data, &len, &err) !=
	    0)
		return fail(app, &err);
	if (svc_meeting_attendance_import(s, id, data, len, dry_run, &rep,
	        &err) != 0) {
		rc = fail(app, &err);
	} else if (json) {
		json_t *items = json_array();

		for (i = 0; i < rep.n; i++)
			json_array_append_new(items,
			    entity_to_json(&meeting_attendance_entity,
			        &rep.items[i]));
		json_t *o = json_pack("{s:b, s:I, s:o}", "dry_run", dry_run,
		    "rows", (json_int_t)rep.n, "items", items);

		cli_print_json(o);
		json_decref(o);
	} else {
		for (i = 0; i < rep.n; i++)
			printf("%lld\t%s\n", (long long)rep.items[i].member_id,
			    attendance_status_names[rep.items[i].status]);
		printf(dry_run ? "chibo: %zu rows checked, nothing written\n" :
		                 "chibo: %zu rows recorded\n",
		    rep.n);
	}
	attendance_import_release(&rep);
	free(data);
	return rc;
}

static int
meeting_attendance(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "member", required_argument, NULL, 'm' },
		{ "add", required_argument, NULL, 'A' },
		{ "status", required_argument, NULL, 's' },
		{ "reason", required_argument, NULL, 'r' },
		{ "joined-at", required_argument, NULL, 'J' },
		{ "left-at", required_argument, NULL, 'L' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", required_argument, NULL, 'c' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	const char *csv = NULL;
	bool dry_run = false;
	struct meeting_attendance_list l = { 0 };
	struct meeting_attendance a;
	struct store *st = NULL;
	json_t *obj = json_object();
	int64_t id, member = 0, add = 0;
	bool json = false;
	struct svc s;
	size_t i;
	int ch, rc;

	app->entity = "attendance"; /* its status is the attendance's */
	memset(&a, 0, sizeof(a));
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		json_decref(obj);
		return help("attendance");
	}
	if (!take_id(app, &argc, &argv, &id, &rc)) {
		json_decref(obj);
		return rc;
	}
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'm':
			if (!cli_parse_id(optarg, &member)) {
				json_decref(obj);
				return cli_usage_error(app,
				    "--member needs an id");
			}
			break;
		case 'A':
			if (!cli_parse_id(optarg, &add)) {
				json_decref(obj);
				return cli_usage_error(app,
				    "--add needs an id");
			}
			break;
		case 's':
			json_object_set_new(obj, "status",
			    json_string(optarg));
			break;
		case 'r':
			json_object_set_new(obj, "reason",
			    json_string(optarg));
			break;
		case 'J':
			json_object_set_new(obj, "joined_at",
			    json_string(optarg));
			break;
		case 'L':
			json_object_set_new(obj, "left_at",
			    json_string(optarg));
			break;
		case 'j':
			json = true;
			break;
		case 'c':
			csv = optarg;
			break;
		case 'n':
			dry_run = true;
			break;
		case 'h':
			json_decref(obj);
			return help("attendance");
		default:
			json_decref(obj);
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind != argc || (member == 0 && json_object_size(obj) > 0) ||
	    (add != 0 && (member != 0 || json))) {
		json_decref(obj);
		return cli_usage_error(app, "attendance: --member ID needed");
	}
	if ((csv != NULL && (member != 0 || json_object_size(obj) > 0)) ||
	    (dry_run && csv == NULL)) {
		json_decref(obj);
		return cli_usage_error(app,
		    "attendance: --csv FILE [--dry-run] alone");
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if (csv != NULL) {
		rc = attendance_csv(app, &s, id, csv, dry_run, json);
	} else if (add != 0) {
		enum meeting_roll roll = ROLL_NONE;

		if (svc_meeting_roll_add(&s, id, add, &roll, &err) != 0)
			rc = fail(app, &err);
		else
			printf("chibo: member %lld put on the roll (%s)\n",
			    (long long)add, meeting_roll_names[roll]);
	} else if (member != 0) {
		if (svc_meeting_attendance_set(&s, id, member, obj, &a,
		        &err) != 0)
			rc = fail(app, &err);
		else
			printf("chibo: attendance of member %lld recorded\n",
			    (long long)member);
	} else if (svc_meeting_attendance(&s, id, &l, &err) != 0) {
		rc = fail(app, &err);
	} else if (json) {
		json_t *items = json_array();

		for (i = 0; i < l.n; i++)
			json_array_append_new(items,
			    entity_to_json(&meeting_attendance_entity,
			        &l.items[i]));
		json_t *o = json_pack("{s:o}", "items", items);

		cli_print_json(o);
		json_decref(o);
	} else {
		/* The roll: member, place on it, attendance ("-": not
		 * recorded), reason. */
		for (i = 0; i < l.n; i++)
			printf("%lld\t%s\t%s\t%s\n",
			    (long long)l.items[i].member_id,
			    l.items[i].roll ?
			        meeting_roll_names[l.items[i].roll] :
			        "-",
			    l.items[i].status ?
			        attendance_status_names[l.items[i].status] :
			        "-",
			    l.items[i].reason ? l.items[i].reason : "");
	}
	meeting_attendance_list_release(&l);
	meeting_attendance_release(&a);
	json_decref(obj);
	cli_close(st, &s);
	return rc;
}

static int
meeting_vote(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "for", required_argument, NULL, 'F' },
		{ "against", required_argument, NULL, 'A' },
		{ "abstain", required_argument, NULL, 'B' },
		{ "secret", no_argument, NULL, 'S' },
		{ "subject", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct meeting_vote_list l = { 0 };
	struct meeting_vote v;
	struct store *st = NULL;
	json_t *obj = json_object(), *j;
	bool json = false;
	const char *key;
	struct svc s;
	long long n;
	char *end;
	int64_t id;
	size_t i;
	int ch, rc;

	app->entity = "meeting_vote"; /* its kind is the vote's */
	memset(&v, 0, sizeof(v));
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		json_decref(obj);
		return help("vote");
	}
	if (!take_id(app, &argc, &argv, &id, &rc)) {
		json_decref(obj);
		return rc;
	}
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'k':
			json_object_set_new(obj, "kind", json_string(optarg));
			break;
		case 'F':
		case 'A':
		case 'B':
			key = ch == 'F' ?
			    "for" :
			    ch == 'A' ?
			    "against" :
			    "abstain";
			n = strtoll(optarg, &end, 10);
			if (optarg[0] == '\0' || *end != '\0') {
				json_decref(obj);
				return cli_usage_error(app,
				    "--%s needs a number", key);
			}
			json_object_set_new(obj, key, json_integer(n));
			break;
		case 'S':
			json_object_set_new(obj, "secret", json_true());
			break;
		case 's':
			json_object_set_new(obj, "subject",
			    json_string(optarg));
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			json_decref(obj);
			return help("vote");
		default:
			json_decref(obj);
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind != argc) {
		json_decref(obj);
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if (json_object_size(obj) > 0) {
		if (svc_meeting_vote_add(&s, id, obj, &v, &err) != 0)
			rc = fail(app, &err);
		else if (json) {
			j = meeting_vote_to_json(&v);
			cli_print_json(j);
			json_decref(j);
		} else
			printf("chibo: vote %lld recorded: %lld for of %lld, "
			       "%lld needed: %s (%s)\n",
			    (long long)v.id, (long long)v.n_for,
			    (long long)v.base, (long long)v.threshold,
			    v.passed ? "passed" : "not passed", v.rule_id);
	} else if (svc_meeting_votes(&s, id, &l, &err) != 0) {
		rc = fail(app, &err);
	} else if (json) {
		j = meeting_votes_to_json(&l);
		cli_print_json(j);
		json_decref(j);
	} else {
		for (i = 0; i < l.n; i++)
			printf("%lld\t%s\t%lld/%lld/%lld of %lld\t%s\t%s\n",
			    (long long)l.items[i].id,
			    vote_kind_names[l.items[i].kind],
			    (long long)l.items[i].n_for,
			    (long long)l.items[i].n_against,
			    (long long)l.items[i].n_abstain,
			    (long long)l.items[i].base,
			    l.items[i].passed ? "passed" : "not passed",
			    l.items[i].subject ? l.items[i].subject : "");
	}
	meeting_vote_list_release(&l);
	meeting_vote_release(&v);
	json_decref(obj);
	cli_close(st, &s);
	return rc;
}

/* Prints minutes: as JSON, or their fields and corrections. */
static void
print_minutes(const struct minutes_view *v, bool json)
{
	size_t i;

	if (json) {
		json_t *j = minutes_view_to_json(v);

		cli_print_json(j);
		json_decref(j);
		return;
	}
	print_entity(&meeting_minutes_entity, &v->minutes);
	for (i = 0; i < v->corrections.n; i++)
		printf("correction %lld: %s by %s at %s: %s (%s)\n",
		    (long long)v->corrections.items[i].id,
		    v->corrections.items[i].field,
		    v->corrections.items[i].recorded_by ?
		        v->corrections.items[i].recorded_by :
		        "",
		    v->corrections.items[i].recorded_at,
		    v->corrections.items[i].text,
		    v->corrections.items[i].reason);
}

static int
meeting_minutes(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "set-file", required_argument, NULL, 'f' },
		{ "if-match", required_argument, NULL, 'i' },
		{ "approve", no_argument, NULL, 'a' },
		{ "as", required_argument, NULL, 'A' },
		{ "reason", required_argument, NULL, 'r' },
		{ "correct", required_argument, NULL, 'c' },
		{ "text", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	const char *file = NULL, *as = "both", *reason = NULL, *correct = NULL,
	           *text = NULL;
	struct minutes_view v;
	struct minutes_correction c;
	struct store *st = NULL;
	int64_t id, if_match = 0;
	bool approve = false, json = false;
	json_t *doc = NULL;
	struct svc s;
	int ch, rc;

	app->entity = "meeting_minutes";
	memset(&v, 0, sizeof(v));
	memset(&c, 0, sizeof(c));
	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		return help("minutes");
	if (!take_id(app, &argc, &argv, &id, &rc))
		return rc;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			file = optarg;
			break;
		case 'i':
			if (!cli_parse_id(optarg, &if_match))
				return cli_usage_error(app,
				    "--if-match needs a version");
			break;
		case 'a':
			approve = true;
			break;
		case 'A':
			as = optarg;
			break;
		case 'r':
			reason = optarg;
			break;
		case 'c':
			correct = optarg;
			break;
		case 't':
			text = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			return help("minutes");
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	if ((file != NULL) + approve + (correct != NULL) > 1)
		return cli_usage_error(app,
		    "one of --set-file, --approve, --correct");
	if (approve && strcmp(as, "chair") != 0 &&
	    strcmp(as, "secretary") != 0 && strcmp(as, "both") != 0)
		return cli_usage_error(app, "--as: chair, secretary or both");
	if (file != NULL) {
		json_error_t jerr;
		char *buf = NULL;

		if (cli_read_file(file, 1024 * 1024, &buf, NULL, &err) != 0)
			return fail(app, &err);
		doc = json_loads(buf, 0, &jerr);
		free(buf);
		if (doc == NULL) {
			cb_error_set(&err, CB_EINVAL, "invalid_json",
			    jerr.text);
			return fail(app, &err);
		}
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(doc);
		return rc;
	}
	if (doc != NULL) {
		if (svc_minutes_put(&s, id, doc, if_match, &v, &err) != 0)
			rc = fail(app, &err);
		else if (json)
			print_minutes(&v, true);
		else
			printf("chibo: minutes of meeting %lld written "
			       "(version %lld)\n",
			    (long long)id, (long long)v.minutes.version);
	} else if (approve) {
		const char *roles[2] = { NULL, NULL };
		json_t *in;
		int k;

		if (strcmp(as, "both") == 0) {
			roles[0] = "chair";
			roles[1] = "secretary";
		} else
			roles[0] = as;
		for (k = 0; k < 2 && roles[k] != NULL && rc == EXIT_OK; k++) {
			in = json_pack("{s:s, s:s?}", "as", roles[k], "reason",
			    reason);
			minutes_view_release(&v);
			if (svc_minutes_approve(&s, id, in, &v, &err) != 0)
				rc = fail(app, &err);
			json_decref(in);
		}
		if (rc == EXIT_OK && json)
			print_minutes(&v, true);
		else if (rc == EXIT_OK)
			printf("chibo: minutes of meeting %lld: %s\n",
			    (long long)id,
			    minutes_state_names[v.minutes.state]);
	} else if (correct != NULL) {
		json_t *in = json_pack("{s:s, s:s?, s:s?}", "field", correct,
		    "text", text, "reason", reason);

		if (svc_minutes_correct(&s, id, in, &c, &err) != 0)
			rc = fail(app, &err);
		else
			printf("chibo: correction %lld recorded\n",
			    (long long)c.id);
		json_decref(in);
	} else if (svc_minutes_get(&s, id, &v, &err) != 0)
		rc = fail(app, &err);
	else
		print_minutes(&v, json);
	minutes_view_release(&v);
	minutes_correction_release(&c);
	json_decref(doc);
	cli_close(st, &s);
	return rc;
}

static int
meeting_lock(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	struct minutes_view v;
	struct svc s;
	int64_t id;
	int rc;

	app->entity = "meeting_minutes";
	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		return help("lock");
	if (!take_id(app, &argc, &argv, &id, &rc))
		return rc;
	if (argc > 1 && strcmp(argv[1], "--json") != 0)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[1]);
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	memset(&v, 0, sizeof(v));
	if (svc_minutes_lock(&s, id, &v, &err) != 0)
		rc = fail(app, &err);
	else if (argc > 1)
		print_minutes(&v, true);
	else
		printf("chibo: minutes of meeting %lld locked\n",
		    (long long)id);
	minutes_view_release(&v);
	cli_close(st, &s);
	return rc;
}
