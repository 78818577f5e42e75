/* cmd-member.c - chibo member list|show|add|edit|delete|history|event. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/entity.h"
#include "svc/render.h"

#include "util/banned.h"

static int member_list(struct app *, int, char **);
static int member_show(struct app *, int, char **);
static int member_add(struct app *, int, char **);
static int member_edit(struct app *, int, char **);
static int member_delete(struct app *, int, char **);
static int member_history(struct app *, int, char **);
static int member_event(struct app *, int, char **);
static int member_probation(struct app *, int, char **);

/*
 * The field options of add and edit: one per field of member_entity that
 * callers write (not FF_READONLY), in table order, named after the field
 * ("full_name": --full-name); a reference (FT_REF) drops its "_id" and
 * takes an organisation id or code ("org_id": --org ORG).  Their help
 * replaces FIELDS_MARK in the usage below.
 */
#define FIELDS_MARK "@FIELD-OPTIONS@"

/* What a text option takes, where TEXT would say too little. */
static const struct {
	const char *field;
	const char *metavar;
} metavars[] = {
	{ "citizen_id", "DIGITS" },
	{ "card_no", "NO" },
	{ "dossier_no", "NO" },
};

static const struct cmd member_cmds_text[] = {
	{ "list", member_list, "list members (Vietnamese name order)",
	    "list [--q TEXT] [--org ORG] [--status S] [--state S] [--sort S]\n"
	    "       [--limit N] [--cursor C] [--json]\n\n"
	    "--q searches names ignoring tone marks, case and đ/d: each word\n"
	    "starts a different word of the name, in any order (\"van anh\",\n"
	    "\"anh cao\"); in name order, names starting with the query come\n"
	    "first, then given names starting with it, then the rest.  Only\n"
	    "digits (at least 4) search citizen IDs, card and dossier numbers\n"
	    "by prefix, for accounts that may see them.  The total found is\n"
	    "printed last, exact up to 10 000 (CHIBO_COUNT_BOUND).  --org\n"
	    "takes an organisation id or\n"
	    "code and lists its whole subtree.  --state: active (default),\n"
	    "any, transferred_out, died, removed, expelled, left.  --sort:\n"
	    "name (default), -name, birth_date, admitted_on, id.  Pages of\n"
	    "--limit (default 50); the next page with --cursor.\n" },
	{ "show", member_show, "show one member", "show ID [--json]\n" },
	{ "add", member_add, "add a member (validated against the rulebook)",
	    "add FIELD-OPTIONS | --json FILE\n\n" FIELDS_MARK
	    "--json FILE reads the member as JSON (API field names; - = stdin).\n" },
	{ "edit", member_edit, "change fields of a member",
	    "edit ID [--if-version N] FIELD-OPTIONS | --json FILE\n\n" FIELDS_MARK
	    "An empty value clears an optional field.  --if-version refuses\n"
	    "the change if the record has changed since version N.\n" },
	{ "delete", member_delete, "delete a member record (history is kept)",
	    "delete ID [--if-version N]\n" },
	{ "history", member_history, "show a member's history",
	    "history ID [--json]\n" },
	{ "event", member_event, "record an event (made official, moved, ...)",
	    "event ID KIND --on DATE [--doc NO] [--org ORG] [--note TEXT]\n\n"
	    "KIND: admitted, made_official, transferred_in, transferred_out,\n"
	    "moved, exempted, exemption_ended, died, removed, expelled, left.\n"
	    "--org names the new organisation of moved and transferred_in.\n" },
	{ "probation", member_probation,
	    "probationary members due to become official, or past it",
	    "probation [--org ORG] [--all] [--json]\n\n"
	    "Lists the probationary members whose probation (rule\n"
	    "member.probation) ends within the notice window (rule\n"
	    "member.probation_notice, 60 days) and those past it without a\n"
	    "decision, by the day it ends, with the rule's citation.  --all\n"
	    "lists every probationary member.  --org: an organisation's\n"
	    "subtree (id or code).\n" },
	{ NULL, NULL, NULL, NULL },
};

/* The option of a field ("--full-name"; "--org" for "org_id") into buf;
 * false for a field that has none. */
static bool
field_option(const struct field_def *f, char *buf, size_t n)
{
	size_t len = strlen(f->name);
	char *p;

	if (f->flags & FF_READONLY)
		return false;
	if (f->type == FT_REF && len > 3 &&
	    strcmp(f->name + len - 3, "_id") == 0)
		len -= 3;
	snprintf(buf, n, "%.*s", (int)len, f->name);
	for (p = buf; *p; p++)
		if (*p == '_')
			*p = '-';
	return true;
}

/* What field f's option takes: "TEXT", "DATE", "male|female", "ORG". */
static void
field_metavar(const struct field_def *f, char *buf, size_t n)
{
	size_t i, used = 0;
	int k;

	for (i = 0; i < sizeof(metavars) / sizeof(metavars[0]); i++)
		if (strcmp(metavars[i].field, f->name) == 0) {
			snprintf(buf, n, "%s", metavars[i].metavar);
			return;
		}
	switch (f->type) {
	case FT_DATE:
		snprintf(buf, n, "DATE");
		return;
	case FT_REF:
		snprintf(buf, n, "ORG");
		return;
	case FT_ENUM:
		buf[0] = '\0';
		for (k = 0; k < f->nnames && used + 1 < n; k++)
			if (f->names[k] != NULL)
				used += (size_t)snprintf(buf + used, n - used,
				    "%s%s", used ? "|" : "", f->names[k]);
		return;
	case FT_I64:
	case FT_INT:
		snprintf(buf, n, "N");
		return;
	case FT_BOOL:
		snprintf(buf, n, "true|false");
		return;
	case FT_DATETIME:
		snprintf(buf, n, "YYYY-MM-DDTHH:MM+07:00");
		return;
	case FT_TEXT:
	case FT_TIME:
	case FT__MAX:
	default:
		snprintf(buf, n, "TEXT");
		return;
	}
}

/* The help of the field options, lines of at most 72 columns. */
static void
field_options_help(char *buf, size_t n)
{
	size_t i, used = 0, col = 0;

	buf[0] = '\0';
	for (i = 0; i < member_entity.nfields; i++) {
		char opt[64], mv[64], item[140];
		int w;

		if (!field_option(&member_entity.fields[i], opt, sizeof(opt)))
			continue;
		field_metavar(&member_entity.fields[i], mv, sizeof(mv));
		snprintf(item, sizeof(item), "--%s %s", opt, mv);
		if (col > 0 && col + 1 + strlen(item) > 72) {
			w = snprintf(buf + used, n - used, "\n");
			col = 0;
		} else
			w = 0;
		if (w >= 0 && (size_t)w < n - used)
			used += (size_t)w;
		w = snprintf(buf + used, n - used, "%s%s",
		    col == 0 ? "  " : " ", item);
		if (w < 0 || (size_t)w >= n - used)
			return;
		used += (size_t)w;
		col += (size_t)w;
	}
	snprintf(buf + used, n - used,
	    "\nDATE is dd/mm/yyyy or yyyy-mm-dd; "
	    "ORG an organisation id or code.\n");
}

/* member_cmds_text with the field options in the usages. */
static struct cmd
    member_cmds[sizeof(member_cmds_text) / sizeof(member_cmds_text[0])];

static void
member_cmds_make(void)
{
	static char fields[2048], usage[2][4096];
	size_t i, k = 0;

	if (member_cmds[0].name != NULL)
		return;
	field_options_help(fields, sizeof(fields));
	for (i = 0; i < sizeof(member_cmds) / sizeof(member_cmds[0]); i++) {
		const char *u = member_cmds_text[i].usage, *m;

		member_cmds[i] = member_cmds_text[i];
		if (u == NULL || (m = strstr(u, FIELDS_MARK)) == NULL ||
		    k == sizeof(usage) / sizeof(usage[0]))
			continue;
		snprintf(usage[k], sizeof(usage[k]), "%.*s%s%s", (int)(m - u),
		    u, fields, m + strlen(FIELDS_MARK));
		member_cmds[i].usage = usage[k++];
	}
}

int
cmd_member(struct app *app, int argc, char **argv)
{
	member_cmds_make();
	return cli_dispatch(app, "member", member_cmds, argc, argv);
}

static const struct cmd *
find_cmd(const char *name)
{
	const struct cmd *c;

	member_cmds_make();
	for (c = member_cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static int
help(const char *name)
{
	cli_usage(stdout, "chibo member", find_cmd(name));
	return EXIT_OK;
}

static int
fail(struct app *app, struct cb_error *err)
{
	int rc = cli_report(app, err);

	cb_error_release(err);
	return rc;
}

/*
 * Parses the field options of add/edit into a JSON object (the API's
 * member document).  Options: --full-name etc. made from the fields
 * (field_option), --json FILE, --if-version N (edit).  Returns 0, EXIT_OK after
 * --help (-1), or a usage error code.
 */
static int
parse_fields(struct app *app, struct svc *s, const char *cmd, int argc,
    char **argv, json_t **ret, int64_t *if_version)
{
	struct option opts[40];
	char names[40][40];
	const char *json_path = NULL;
	struct cb_error err = CB_ERROR_INIT;
	json_t *obj = json_object();
	size_t n = 0, i;
	int ch, idx;

	for (i = 0; i < member_entity.nfields && n < 34; i++) {
		if (!field_option(&member_entity.fields[i], names[n],
		        sizeof(names[n])))
			continue;
		opts[n] = (struct option){ names[n], required_argument, NULL,
			1000 + (int)i };
		n++;
	}
	opts[n++] = (struct option){ "json", required_argument, NULL, 'j' };
	opts[n++] =
	    (struct option){ "if-version", required_argument, NULL, 'v' };
	opts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	opts[n] = (struct option){ NULL, 0, NULL, 0 };

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, &idx)) != -1) {
		if (ch == 'h') {
			json_decref(obj);
			help(cmd);
			return -1;
		}
		if (ch == 'j') {
			json_path = optarg;
		} else if (ch == 'v' && if_version != NULL) {
			if (!cli_parse_id(optarg, if_version)) {
				json_decref(obj);
				return cli_usage_error(app,
				    "--if-version needs a version number");
			}
		} else if (ch >= 1000) {
			const struct field_def *f =
			    &member_entity.fields[ch - 1000];
			char iso[DATE_LEN];
			int64_t id;

			if (f->type == FT_REF) {
				if (cli_org_ref(s, optarg, &id, &err) != 0) {
					json_decref(obj);
					return fail(app, &err);
				}
				json_object_set_new(obj, f->name,
				    json_integer(id));
			} else if (*optarg == '\0')
				json_object_set_new(obj, f->name, json_null());
			else if (f->type == FT_DATE &&
			    cli_parse_date(optarg, iso))
				json_object_set_new(obj, f->name,
				    json_string(iso));
			else
				json_object_set_new(obj, f->name,
				    json_string(optarg));
		} else {
			json_decref(obj);
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind != argc) {
		json_decref(obj);
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	}
	if (json_path != NULL) {
		json_error_t jerr;
		char *text = NULL;
		json_t *doc;

		if (cli_read_file(json_path, 1024 * 1024, &text, NULL, &err)) {
			json_decref(obj);
			return fail(app, &err);
		}
		doc = json_loads(text, 0, &jerr);
		free(text);
		if (doc == NULL) {
			json_decref(obj);
			cb_error_set(&err, CB_EINVAL, "invalid_json",
			    jerr.text);
			return fail(app, &err);
		}
		json_object_update(doc, obj);
		json_decref(obj);
		obj = doc;
	}
	*ret = obj;
	return 0;
}

static int
member_add(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	struct member m;
	struct svc s;
	json_t *obj = NULL;
	int rc;

	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	member_init(&m);
	rc = parse_fields(app, &s, "add", argc, argv, &obj, NULL);
	if (rc == 0) {
		const struct rulebook *rb = svc_rules(&s, &err);

		if (rb == NULL ||
		    member_apply_json(&m, obj, true, rb, s.today, &err) != 0 ||
		    svc_member_create(&s, &m, &err) != 0)
			rc = fail(app, &err);
		else
			printf("chibo: member %lld added: %s\n",
			    (long long)m.id, m.full_name);
	}
	json_decref(obj);
	member_release(&m);
	cli_close(st, &s);
	return rc < 0 ? EXIT_OK : rc;
}

static bool
take_id(struct app *app, int *argc, char ***argv, int64_t *id)
{
	/* The id is the first argument after the subcommand name. */
	if (*argc < 2 || !cli_parse_id((*argv)[1], id)) {
		cli_usage_error(app, "a member id is required");
		return false;
	}
	(*argv)[1] = (*argv)[0];
	(*argc)--;
	(*argv)++;
	return true;
}

static int
member_edit(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	struct member m;
	struct svc s;
	json_t *obj = NULL;
	int64_t id, ver = 0;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		return help("edit");
	if (!take_id(app, &argc, &argv, &id))
		return EXIT_USAGE;
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	member_init(&m);
	rc = parse_fields(app, &s, "edit", argc, argv, &obj, &ver);
	if (rc == 0) {
		if (svc_member_patch(&s, id, obj, ver, &m, &err) != 0)
			rc = fail(app, &err);
		else
			printf("chibo: member %lld saved (version %lld)\n",
			    (long long)m.id, (long long)m.version);
	}
	json_decref(obj);
	member_release(&m);
	cli_close(st, &s);
	return rc < 0 ? EXIT_OK : rc;
}

/* Options: --json and --if-version N only. */
static int
simple_opts(struct app *app, const char *cmd, int argc, char **argv,
    bool *json, int64_t *ver)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "if-version", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	int ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch == 'h') {
			help(cmd);
			return -1;
		} else if (ch == 'j' && json != NULL)
			*json = true;
		else if (ch == 'v' && ver != NULL && cli_parse_id(optarg, ver))
			;
		else
			return cli_usage_error(app, "bad option");
	}
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	return 0;
}

static const char *
status_label(const struct app *app, enum member_status s)
{
	if (app->lang == LANG_EN)
		return s == MSTATUS_OFFICIAL ? "official" : "probationary";
	return s == MSTATUS_OFFICIAL ? "Chính thức" : "Dự bị";
}

static const char *
gender_label(const struct app *app, enum gender g)
{
	if (app->lang == LANG_EN)
		return g == GENDER_MALE ? "male" : "female";
	return g == GENDER_MALE ? "Nam" : "Nữ";
}

static int
member_show(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	struct member m;
	struct svc s;
	bool json = false;
	int64_t id;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		return help("show");
	if (!take_id(app, &argc, &argv, &id))
		return EXIT_USAGE;
	if ((rc = simple_opts(app, "show", argc, argv, &json, NULL)) != 0)
		return rc < 0 ? EXIT_OK : rc;
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	member_init(&m);
	if (svc_member_get(&s, id, &m, &err) != 0)
		rc = fail(app, &err);
	else {
		json_t *j = member_to_json(&m);
		size_t i;

		if (json)
			cli_print_json(j);
		else
			for (i = 0; i < member_entity.nfields; i++) {
				const struct field_def *fd =
				    &member_entity.fields[i];
				const char *f = fd->name;
				json_t *v = json_object_get(j, f);
				char buf[DATE_LEN];

				if (json_is_null(v))
					continue;
				cli_pad(stdout, msg_field_label(f, app->lang),
				    26);
				if (i == MEMBER_F_status)
					puts(status_label(app, m.status));
				else if (i == MEMBER_F_gender)
					puts(gender_label(app, m.gender));
				else if (fd->type == FT_DATE)
					puts(cli_date_vn(json_string_value(v),
					    buf));
				else if (json_is_integer(v))
					printf("%lld\n",
					    (long long)json_integer_value(v));
				else
					puts(json_string_value(v));
			}
		json_decref(j);
	}
	member_release(&m);
	cli_close(st, &s);
	return rc;
}

static int
member_delete(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	struct svc s;
	int64_t id, ver = 0;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		return help("delete");
	if (!take_id(app, &argc, &argv, &id))
		return EXIT_USAGE;
	if ((rc = simple_opts(app, "delete", argc, argv, NULL, &ver)) != 0)
		return rc < 0 ? EXIT_OK : rc;
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_member_delete(&s, id, ver, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: member %lld deleted\n", (long long)id);
	cli_close(st, &s);
	return rc;
}

static int
member_history(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_event_list l = { 0 };
	struct store *st = NULL;
	struct svc s;
	bool json = false;
	int64_t id;
	size_t i;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		return help("history");
	if (!take_id(app, &argc, &argv, &id))
		return EXIT_USAGE;
	if ((rc = simple_opts(app, "history", argc, argv, &json, NULL)) != 0)
		return rc < 0 ? EXIT_OK : rc;
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_member_history(&s, id, &l, &err) != 0)
		rc = fail(app, &err);
	else if (json) {
		json_t *a = json_array();

		for (i = 0; i < l.n; i++)
			json_array_append_new(a,
			    member_event_to_json(&l.items[i]));
		cli_print_json(a);
		json_decref(a);
	} else
		for (i = 0; i < l.n; i++) {
			char buf[DATE_LEN];
			const struct member_event *e = &l.items[i];

			printf("%s  %-16s %-20s %s\n", cli_date_vn(e->on, buf),
			    member_event_kind_name(e->kind),
			    e->doc_no ? e->doc_no : "-",
			    e->recorded_by ? e->recorded_by : "");
		}
	member_event_list_release(&l);
	cli_close(st, &s);
	return rc;
}

static int
member_event(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "on", required_argument, NULL, 'd' },
		{ "doc", required_argument, NULL, 'n' },
		{ "org", required_argument, NULL, 'o' },
		{ "note", required_argument, NULL, 't' },
		{ "if-version", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct member_event e;
	struct store *st = NULL;
	struct member m;
	struct svc s;
	json_t *obj;
	const char *org = NULL, *kind;
	char iso[DATE_LEN];
	int64_t id, ver = 0;
	int ch, rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		return help("event");
	if (!take_id(app, &argc, &argv, &id))
		return EXIT_USAGE;
	if (argc < 2 || argv[1][0] == '-')
		return cli_usage_error(app, "the event KIND is required");
	kind = argv[1];
	argv[1] = argv[0];
	argc--;
	argv++;
	obj = json_pack("{s:s}", "kind", kind);
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			if (!cli_parse_date(optarg, iso)) {
				json_decref(obj);
				return cli_usage_error(app,
				    "--on needs a date");
			}
			json_object_set_new(obj, "on", json_string(iso));
			break;
		case 'n':
			json_object_set_new(obj, "doc_no",
			    json_string(optarg));
			break;
		case 'o':
			org = optarg;
			break;
		case 't':
			json_object_set_new(obj, "note", json_string(optarg));
			break;
		case 'v':
			if (!cli_parse_id(optarg, &ver)) {
				json_decref(obj);
				return cli_usage_error(app,
				    "bad --if-version");
			}
			break;
		case 'h':
			json_decref(obj);
			return help("event");
		default:
			json_decref(obj);
			return cli_usage_error(app, "unknown option");
		}
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	memset(&e, 0, sizeof(e));
	member_init(&m);
	if (org != NULL) {
		int64_t oid;

		if (cli_org_ref(&s, org, &oid, &err) != 0)
			goto fail;
		json_object_set_new(obj, "org_id", json_integer(oid));
	}
	if (member_event_from_json(obj, &e, &err) != 0 ||
	    svc_member_event(&s, id, &e, ver, &m, &err) != 0)
		goto fail;
	printf("chibo: member %lld: %s recorded\n", (long long)id, kind);
	goto out;
fail:
	rc = fail(app, &err);
out:
	json_decref(obj);
	member_event_release(&e);
	member_release(&m);
	cli_close(st, &s);
	return rc;
}

/* Organisation names by id, for the list's last column. */
static const char *
org_name(struct svc *s, int64_t id, struct org_list *cache)
{
	struct cb_error err = CB_ERROR_INIT;
	size_t i;
	struct org o, *n;

	for (i = 0; i < cache->n; i++)
		if (cache->items[i].id == id)
			return cache->items[i].name;
	org_init(&o);
	if (svc_org_get(s, id, &o, &err) != 0) {
		cb_error_release(&err);
		return "?";
	}
	n = realloc(cache->items, (cache->n + 1) * sizeof(*n));
	if (n == NULL) {
		org_release(&o);
		return "?";
	}
	cache->items = n;
	cache->items[cache->n] = o;
	return cache->items[cache->n++].name;
}

static int
member_list(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "q", required_argument, NULL, 'q' },
		{ "org", required_argument, NULL, 'o' },
		{ "status", required_argument, NULL, 's' },
		{ "state", required_argument, NULL, 'S' },
		{ "sort", required_argument, NULL, 'r' },
		{ "limit", required_argument, NULL, 'l' },
		{ "cursor", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct member_query
	    q = { .state = MSTATE_ACTIVE, .sort = MSORT_NAME, .limit = 50 };
	struct member_page page = { 0 };
	struct org_list cache = { 0 };
	struct store *st = NULL;
	const char *org = NULL;
	struct svc s;
	bool json = false;
	int ch, rc, v;
	int64_t lim;
	size_t i;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "q:o:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'q':
			q.q = optarg;
			break;
		case 'o':
			org = optarg;
			break;
		case 's':
			if ((q.status = member_status_parse(optarg)) ==
			    MSTATUS_NONE)
				return cli_usage_error(app,
				    "--status is probationary or official");
			break;
		case 'S':
			if (strcmp(optarg, "any") == 0)
				q.state = MEMBER_STATE_ANY;
			else if ((q.state = member_state_parse(optarg)) < 0)
				return cli_usage_error(app, "unknown --state");
			break;
		case 'r':
			if ((v = member_sort_parse(optarg)) < 0)
				return cli_usage_error(app, "unknown --sort");
			q.sort = (enum member_sort)v;
			break;
		case 'l':
			if (!cli_parse_id(optarg, &lim) || lim > 1000)
				return cli_usage_error(app,
				    "--limit is a number from 1 to 1000");
			q.limit = (size_t)lim;
			break;
		case 'c':
			q.cursor = optarg;
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
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if ((org != NULL && cli_org_ref(&s, org, &q.org_id, &err) != 0) ||
	    svc_member_list(&s, &q, &page, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	if (json) {
		json_t *a = json_array();

		for (i = 0; i < page.n; i++)
			json_array_append_new(a,
			    member_to_json(&page.items[i]));
		json_t *doc = json_pack("{s:o, s:s?, s:I, s:b}", "items", a,
		    "next_cursor", page.next_cursor, "total",
		    (json_int_t)page.total, "total_exact", page.total_exact);

		cli_print_json(doc);
		json_decref(doc);
		goto out;
	}
	for (i = 0; i < page.n; i++) {
		const struct member *m = &page.items[i];
		char buf[DATE_LEN];

		printf("%6lld  ", (long long)m->id);
		cli_pad(stdout, m->full_name, 28);
		printf("  %s  ", cli_date_vn(m->birth_date, buf));
		cli_pad(stdout, gender_label(app, m->gender), 4);
		fputs("  ", stdout);
		cli_pad(stdout, status_label(app, m->status), 12);
		fputs("  ", stdout);
		puts(org_name(&s, m->org_id, &cache));
	}
	if (page.next_cursor != NULL)
		fprintf(stderr,
		    app->lang == LANG_EN ?
		        "(more: --cursor %s)\n" :
		        "(còn nữa: --cursor %s)\n",
		    page.next_cursor);
	/* The total, as the web page says it. */
	fprintf(stderr,
	    app->lang == LANG_EN ?
	        (page.total_exact ? "(%lld found)\n" :
	                            "(more than %lld found)\n") :
	        (page.total_exact ? "(tìm thấy %lld)\n" :
	                            "(tìm thấy hơn %lld)\n"),
	    (long long)page.total);
out:
	org_list_release(&cache);
	member_page_release(&page);
	cli_close(st, &s);
	return rc;
}

static int
member_probation(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct probation_report rep;
	const char *org_ref = NULL;
	struct store *st = NULL;
	bool json = false, all = false;
	int64_t org = 0;
	struct svc s;
	size_t i;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch == 'h')
			return help("probation");
		else if (ch == 'o')
			org_ref = optarg;
		else if (ch == 'a')
			all = true;
		else if (ch == 'j')
			json = true;
		else
			return cli_usage_error(app, "bad option");
	}
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	memset(&rep, 0, sizeof(rep));
	if ((org_ref != NULL && cli_org_ref(&s, org_ref, &org, &err) != 0) ||
	    svc_probation_list(&s, org, all, &rep, &err) != 0) {
		rc = fail(app, &err);
		cli_close(st, &s);
		return rc;
	}
	if (json) {
		json_t *j = probation_to_json(&rep);

		cli_print_json(j);
		json_decref(j);
	} else {
		bool en = app->lang == LANG_EN;

		for (i = 0; i < rep.n; i++) {
			const struct probation_entry *x = &rep.items[i];
			const char *state = x->v.state == PROBATION_OVERDUE ?
			    (en ? "overdue" : "Quá hạn") :
			    x->v.state == PROBATION_DUE ?
			    (en ? "due" : "Sắp đến") :
			    (en ? "running" : "Đang dự bị");
			char a[DATE_LEN], e[DATE_LEN];

			printf("%6lld  ", (long long)x->m.id);
			cli_pad(stdout, x->m.full_name ? x->m.full_name : "",
			    30);
			printf("%s  %s  ", cli_date_vn(x->m.admitted_on, a),
			    cli_date_vn(x->v.ends_on, e));
			cli_pad(stdout, state, 12);
			printf("%s\n", x->org_name ? x->org_name : "");
		}
		printf(en ?
		        "%zu member(s); notice %lld days (%s, %s); "
		        "probation: %s, %s\n" :
		        "%zu đảng viên; báo trước %lld ngày (%s, %s); "
		        "thời kỳ dự bị: %s, %s\n",
		    rep.n, (long long)rep.notice_days, rep.notice.rule_id,
		    rep.notice.citation ? rep.notice.citation : "",
		    rep.period.rule_id,
		    rep.period.citation ? rep.period.citation : "");
		if (rep.truncated)
			puts(
			    en ? "(more not shown)" : "(còn nữa, không hiện)");
	}
	probation_report_release(&rep);
	cli_close(st, &s);
	return rc;
}
