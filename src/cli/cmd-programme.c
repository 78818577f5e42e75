/*
 * cmd-programme.c - chibo term (the terms of an organisation's
 * committee) and chibo inspection programme (inspection and supervision
 * programmes and their items; svc/programme.c, issue 14).  The options
 * of add and edit are the writable fields of the field tables
 * (core/entity.h): --starts-on from starts_on, --org for org_id, and so
 * on; an empty value clears an optional field.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/entity.h"

#include "util/banned.h"

static int term_list(struct app *, int, char **);
static int term_add(struct app *, int, char **);
static int term_edit(struct app *, int, char **);
static int term_delete(struct app *, int, char **);

static const struct cmd term_cmds[] = {
	{ "list", term_list, "list the terms of an organisation's committee",
	    "list --org ORG [--on DATE] [--json]\n\n"
	    "By start date; --on: only the term in force that day.\n" },
	{ "add", term_add, "record a term",
	    "add --org ORG --name NAME --starts-on DATE --ends-on DATE\n"
	    "       [--note TEXT]\n\n"
	    "NAME as the Party writes it (2025–2030).  The term ends after it\n"
	    "starts; terms of one organisation never overlap.\n" },
	{ "edit", term_edit, "change a term",
	    "edit ID [--if-version N] [--name NAME] [--starts-on DATE]\n"
	    "       [--ends-on DATE] [--note TEXT]\n\n"
	    "Its organisation does not change.  --if-version refuses the\n"
	    "change if the term has changed since version N.\n" },
	{ "delete", term_delete, "delete a term", "delete ID\n" },
	{ NULL, NULL, NULL, NULL },
};

static int prog_list(struct app *, int, char **);
static int prog_show(struct app *, int, char **);
static int prog_add(struct app *, int, char **);
static int prog_edit(struct app *, int, char **);
static int prog_delete(struct app *, int, char **);
static int item_add(struct app *, int, char **);
static int item_edit(struct app *, int, char **);
static int item_delete(struct app *, int, char **);

static const struct cmd prog_cmds[] = {
	{ "list", prog_list, "list the programmes of a subtree",
	    "list --org ORG [--year YEAR] [--body BODY] [--json]\n\n"
	    "The latest year first.\n" },
	{ "show", prog_show, "show a programme and its items",
	    "show ID [--json]\n" },
	{ "add", prog_add, "make a body's programme for a year",
	    "add --org ORG --body BODY --year YEAR --title TEXT\n"
	    "       [--doc-no NO] [--approved-on DATE] [--status STATUS]\n\n"
	    "BODY: committee, inspection_commission, cell (a cell's own\n"
	    "annual programme: its secretary may make it); STATUS: draft\n"
	    "(default), approved.\n" },
	{ "edit", prog_edit, "change a programme",
	    "edit ID [--if-version N] [the options of add]\n" },
	{ "delete", prog_delete, "delete a programme and its items",
	    "delete ID\n" },
	{ "item-add", item_add, "add an item to a programme",
	    "item-add ID --kind KIND --form FORM\n"
	    "       (--subject-org ORG | --subject-member MEMBER-ID)\n"
	    "       [--content CODE,CODE...] [--planned-from DATE]\n"
	    "       [--planned-to DATE] [--team TEXT] [--status STATUS]\n"
	    "       [--note TEXT]\n\n"
	    "KIND: inspection, supervision; FORM: regular, thematic,\n"
	    "on_signs_of_violation (inspection only: rule inspection.forms).\n"
	    "The subject is an organisation below the body's, or a member of\n"
	    "its subtree (of the body's own organisation in a cell's\n"
	    "programme).  CODE: the catalogue inspection.contents (chibo\n"
	    "rules list).  STATUS: planned (default), in_progress, done,\n"
	    "cancelled.\n" },
	{ "item-edit", item_edit, "change an item of a programme",
	    "item-edit ITEM-ID [--if-version N] [the options of item-add]\n" },
	{ "item-delete", item_delete, "delete an item of a programme",
	    "item-delete ITEM-ID\n" },
	{ NULL, NULL, NULL, NULL },
};

static int cli_inspection_programme(struct app *, int, char **);

/* chibo inspection: its programmes (the records are another file's
 * commands, added to this table). */
static const struct cmd inspection_cmds[] = {
	{ "programme", cli_inspection_programme,
	    "inspection and supervision programmes and their items",
	    "programme list|show|add|edit|delete|item-add|item-edit|"
	    "item-delete ...\n\n"
	    "See 'chibo inspection programme COMMAND --help'.\n" },
	/* The records (cmd-inspection.c). */
	{ "list", cli_inspection_list,
	    "list the inspections and supervisions of a subtree",
	    "list --org ORG [--kind KIND] [--form FORM] [--year YEAR]\n"
	    "       [--status STATUS] [--json]\n\n"
	    "Those whose body or subject is in ORG's subtree, by id: id, kind,\n"
	    "form, decision date (or start), status, subject.\n" },
	{ "show", cli_inspection_show,
	    "show a record with its recommendations and attachments",
	    "show ID [--json]\n\n"
	    "The record, its recommendations (overdue ones marked) and its\n"
	    "attachments.\n" },
	{ "add", cli_inspection_add, "record an inspection or a supervision",
	    cli_inspection_add_usage },
	{ "edit", cli_inspection_edit, "change a record",
	    "edit ID [--if-version N] [the options of add]\n\n"
	    "--if-version refuses the change if the record has changed since\n"
	    "version N.\n" },
	{ "recommend", cli_inspection_recommend,
	    "add a recommendation with its owner and deadline",
	    "recommend ID --text TEXT --owner TEXT [--owner-org ORG]\n"
	    "       --due-on DATE [--json]\n" },
	{ "done", cli_inspection_done,
	    "mark a recommendation done, or move its deadline",
	    "done ID REC-ID [--on DATE] [--result TEXT] [--due-on DATE]\n"
	    "       [--json]\n\n"
	    "Done today unless --on says when (not after today); with only\n"
	    "--due-on, the deadline moves and it stays open.\n" },
	{ "attach", cli_inspection_attach, "attach a file to a record",
	    "attach ID FILE [--name NAME] [--json]\n\n"
	    "PDF, DOCX, XLSX, ODT, PNG or JPEG, told by its content; at most\n"
	    "CHIBO_MATERIAL_MAX_BYTES (20 MiB).\n" },
	{ NULL, NULL, NULL, NULL },
};

int
cmd_term(struct app *app, int argc, char **argv)
{
	app->entity = "org_term";
	return cli_dispatch(app, "term", term_cmds, argc, argv);
}

int
cmd_inspection(struct app *app, int argc, char **argv)
{
	/* A family of its own: its commands' --help is theirs. */
	if (argc >= 2 && strcmp(argv[1], "programme") == 0)
		return cli_inspection_programme(app, argc - 1, argv + 1);
	return cli_dispatch(app, "inspection", inspection_cmds, argc, argv);
}

static int
cli_inspection_programme(struct app *app, int argc, char **argv)
{
	app->entity = "inspection_programme";
	return cli_dispatch(app, "inspection programme", prog_cmds, argc,
	    argv);
}

static int
fail(struct app *app, struct cb_error *err)
{
	int rc = cli_report(app, err);

	cb_error_release(err);
	return rc;
}

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

/* ------------------------------------------------- options of a table */

#define OPT_BASE 1000
#define OPT_IF_VERSION 900
#define OPT_JSON 901

/* The option of field name: its name with '-' for '_', but for the
 * references, which name what they take. */
static const char *
opt_name(const char *field, char *buf, size_t n)
{
	size_t i;

	if (strcmp(field, "org_id") == 0)
		return "org";
	if (strcmp(field, "subject_org_id") == 0)
		return "subject-org";
	if (strcmp(field, "subject_member_id") == 0)
		return "subject-member";
	if (strcmp(field, "content_codes") == 0)
		return "content";
	for (i = 0; field[i] != '\0' && i + 1 < n; i++)
		buf[i] = field[i] == '_' ? '-' : field[i];
	buf[i] = '\0';
	return buf;
}

struct opts {
	json_t *obj;      /* the fields given */
	const char *org;  /* --org, a reference */
	const char *sorg; /* --subject-org */
	int64_t version;  /* --if-version */
	bool json;
};

/*
 * Reads the options of e's writable fields (content_codes too, as a
 * list) into o.  EXIT_OK or the usage error's status.
 */
static int
read_opts(struct app *app, const struct entity *e, int argc, char **argv,
    bool edit, struct opts *o)
{
	struct option opts[40];
	char names[40][32];
	size_t i, n = 0;
	int64_t v;
	int ch;

	for (i = 0; i < e->nfields && n < 36; i++) {
		const struct field_def *f = &e->fields[i];

		if ((f->flags & FF_READONLY) &&
		    strcmp(f->name, "content_codes") != 0)
			continue;
		opts[n].name = opt_name(f->name, names[n], sizeof(names[n]));
		opts[n].has_arg = required_argument;
		opts[n].flag = NULL;
		opts[n].val = OPT_BASE + (int)i;
		n++;
	}
	opts[n++] = (struct option){ "if-version", required_argument, NULL,
		OPT_IF_VERSION };
	opts[n++] = (struct option){ "json", no_argument, NULL, OPT_JSON };
	opts[n] = (struct option){ NULL, 0, NULL, 0 };
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		const struct field_def *f;
		json_t *val;

		if (ch == OPT_JSON) {
			o->json = true;
			continue;
		}
		if (ch == OPT_IF_VERSION) {
			if (!edit || !cli_parse_id(optarg, &o->version))
				return cli_usage_error(app,
				    "--if-version needs a version (edit)");
			continue;
		}
		if (ch < OPT_BASE || (size_t)(ch - OPT_BASE) >= e->nfields)
			return cli_usage_error(app, "unknown option");
		f = &e->fields[ch - OPT_BASE];
		if (strcmp(f->name, "org_id") == 0) {
			o->org = optarg;
			continue;
		}
		if (strcmp(f->name, "subject_org_id") == 0 && optarg[0]) {
			o->sorg = optarg;
			continue;
		}
		if (optarg[0] == '\0')
			val = strcmp(f->name, "content_codes") == 0 ?
			    json_array() :
			    json_null();
		else if (strcmp(f->name, "content_codes") == 0) {
			const char *p = optarg;

			val = json_array();
			while (*p != '\0') {
				size_t k = strcspn(p, ",");

				json_array_append_new(val, json_stringn(p, k));
				p += k + (p[k] == ',');
			}
		} else if (f->type == FT_INT || f->type == FT_I64 ||
		    f->type == FT_REF) {
			if (!cli_parse_id(optarg, &v))
				return cli_usage_error(app,
				    "--%s needs a number",
				    opt_name(f->name, names[0],
				        sizeof(names[0])));
			val = json_integer(v);
		} else
			val = json_string(optarg);
		json_object_set_new(o->obj, f->name, val);
	}
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	return EXIT_OK;
}

/* The references of o (--org, --subject-org) into its fields. */
static int
set_refs(struct svc *s, struct opts *o, struct cb_error *err)
{
	const char *refs[2] = { o->org, o->sorg };
	const char *keys[2] = { "org_id", "subject_org_id" };
	int64_t id;
	int i;

	for (i = 0; i < 2; i++) {
		if (refs[i] == NULL)
			continue;
		if (cli_org_ref(s, refs[i], &id, err) != 0) {
			cb_error_release(err);
			return cb_error_field(err, 0, keys[i], "org_not_found",
			    NULL);
		}
		json_object_set_new(o->obj, keys[i], json_integer(id));
	}
	return 0;
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

/* ---------------------------------------------------------------- terms */

static int
term_list(struct app *app, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "on", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct org_term_list l = { NULL, 0 };
	const char *org = NULL;
	char on[DATE_LEN] = "";
	struct store *st = NULL;
	bool js = false;
	struct svc s;
	int64_t id;
	size_t i;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (ch == 'o')
			org = optarg;
		else if (ch == 'd') {
			if (!cli_parse_date(optarg, on))
				return cli_usage_error(app,
				    "--on needs a date (YYYY-MM-DD)");
		} else if (ch == 'j')
			js = true;
		else
			return cli_usage_error(app, "unknown option");
	}
	if (org == NULL)
		return cli_usage_error(app, "--org is needed");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (cli_org_ref(&s, org, &id, &err) != 0 ||
	    svc_term_list(&s, id, on[0] ? on : NULL, &l, &err) != 0)
		rc = fail(app, &err);
	else if (js) {
		json_t *a = json_array();

		for (i = 0; i < l.n; i++)
			json_array_append_new(a,
			    entity_to_json(&org_term_entity, &l.items[i]));
		cli_print_json(a);
		json_decref(a);
	} else
		for (i = 0; i < l.n; i++)
			printf("%lld\t%s\t%s\t%s\n", (long long)l.items[i].id,
			    l.items[i].starts_on, l.items[i].ends_on,
			    l.items[i].name ? l.items[i].name : "");
	org_term_list_release(&l);
	cli_close(st, &s);
	return rc;
}

static int
term_add(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct opts o = { json_object(), NULL, NULL, 0, false };
	struct store *st = NULL;
	struct org_term t;
	struct svc s;
	int rc;

	memset(&t, 0, sizeof(t));
	if ((rc = read_opts(app, &org_term_entity, argc, argv, false, &o)) !=
	        EXIT_OK ||
	    (rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(o.obj);
		return rc;
	}
	if (set_refs(&s, &o, &err) != 0 ||
	    svc_term_create(&s, o.obj, &t, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: term %lld added\n", (long long)t.id);
	json_decref(o.obj);
	org_term_release(&t);
	cli_close(st, &s);
	return rc;
}

static int
term_edit(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct opts o = { json_object(), NULL, NULL, 0, false };
	struct store *st = NULL;
	struct org_term t;
	struct svc s;
	int64_t id;
	int rc;

	memset(&t, 0, sizeof(t));
	if (!take_id(app, &argc, &argv, &id, &rc) ||
	    (rc = read_opts(app, &org_term_entity, argc, argv, true, &o)) !=
	        EXIT_OK) {
		json_decref(o.obj);
		return rc;
	}
	if (json_object_size(o.obj) == 0 && o.org == NULL) {
		json_decref(o.obj);
		return cli_usage_error(app, "edit: nothing to change");
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(o.obj);
		return rc;
	}
	if (set_refs(&s, &o, &err) != 0 ||
	    svc_term_patch(&s, id, o.obj, o.version, &t, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: term %lld changed (version %lld)\n",
		    (long long)t.id, (long long)t.version);
	json_decref(o.obj);
	org_term_release(&t);
	cli_close(st, &s);
	return rc;
}

/* Runs del on the id of argv[1]: "chibo: WHAT ID deleted". */
static int
delete_by_id(struct app *app, int argc, char **argv, const char *what,
    int (*del)(struct svc *, int64_t, struct cb_error *))
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	struct svc s;
	int64_t id;
	int rc;

	if (!take_id(app, &argc, &argv, &id, &rc))
		return rc;
	if (argc > 1)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[1]);
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (del(&s, id, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: %s %lld deleted\n", what, (long long)id);
	cli_close(st, &s);
	return rc;
}

static int
term_delete(struct app *app, int argc, char **argv)
{
	return delete_by_id(app, argc, argv, "term", svc_term_delete);
}

/* ----------------------------------------------------------- programmes */

static int
prog_list(struct app *app, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "year", required_argument, NULL, 'y' },
		{ "body", required_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 }
	};
	const struct field_def *bf =
	    &inspection_programme_entity.fields[INSPECTION_PROGRAMME_F_body];
	struct cb_error err = CB_ERROR_INIT;
	struct programme_page pg = { { NULL, 0 }, NULL };
	struct inspection_programme_list l = { NULL, 0 };
	struct programme_query q;
	char *cursor = NULL;
	json_t *a;
	const char *org = NULL;
	struct store *st = NULL;
	bool js = false;
	struct svc s;
	int64_t y;
	size_t i;
	int ch, rc, b;

	memset(&q, 0, sizeof(q));
	q.limit = 1000;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (ch == 'o')
			org = optarg;
		else if (ch == 'y') {
			if (!cli_parse_id(optarg, &y) || y > 9999)
				return cli_usage_error(app,
				    "--year needs a year");
			q.year = (int)y;
		} else if (ch == 'b') {
			if ((b = field_enum_parse(bf, optarg)) <= 0)
				return cli_usage_error(app,
				    "--body: committee, inspection_commission "
				    "or cell");
			q.body = (enum inspection_body)b;
		} else if (ch == 'j')
			js = true;
		else
			return cli_usage_error(app, "unknown option");
	}
	if (org == NULL)
		return cli_usage_error(app, "--org is needed");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (cli_org_ref(&s, org, &q.org_id, &err) != 0) {
		rc = fail(app, &err);
		cli_close(st, &s);
		return rc;
	}
	/* Every page. */
	a = js ? json_array() : NULL;
	do {
		if (svc_programme_list(&s, &q, &pg, &err) != 0) {
			rc = fail(app, &err);
			break;
		}
		l = pg.list;
		for (i = 0; i < l.n; i++)
			if (js)
				json_array_append_new(a,
				    entity_to_json(
				        &inspection_programme_entity,
				        &l.items[i]));
			else
				printf("%lld\t%d\t%s\t%s\t%s\n",
				    (long long)l.items[i].id, l.items[i].year,
				    inspection_body_names[l.items[i].body],
				    programme_status_names[l.items[i].status],
				    l.items[i].title ? l.items[i].title : "");
		free(cursor);
		q.cursor = cursor = pg.next_cursor;
		pg.next_cursor = NULL;
		programme_page_release(&pg);
	} while (cursor != NULL);
	if (rc == EXIT_OK && js)
		cli_print_json(a);
	json_decref(a);
	free(cursor);
	programme_page_release(&pg);
	cli_close(st, &s);
	return rc;
}

static int
prog_show(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_programme_item_list items = { NULL, 0 };
	struct inspection_programme p;
	struct store *st = NULL;
	struct svc s;
	int64_t id;
	size_t i;
	int rc;

	if (!take_id(app, &argc, &argv, &id, &rc))
		return rc;
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	memset(&p, 0, sizeof(p));
	if (svc_programme_get(&s, id, &p, &items, &err) != 0)
		rc = fail(app, &err);
	else if (argc > 1 && strcmp(argv[1], "--json") == 0) {
		json_t *j = entity_to_json(&inspection_programme_entity, &p);
		json_t *a = json_array();

		for (i = 0; i < items.n; i++)
			json_array_append_new(a,
			    entity_to_json(&inspection_programme_item_entity,
			        &items.items[i]));
		json_object_set_new(j, "items", a);
		cli_print_json(j);
		json_decref(j);
	} else {
		print_entity(&inspection_programme_entity, &p);
		for (i = 0; i < items.n; i++) {
			printf("\nitem:\n");
			print_entity(&inspection_programme_item_entity,
			    &items.items[i]);
		}
	}
	inspection_programme_item_list_release(&items);
	inspection_programme_release(&p);
	cli_close(st, &s);
	return rc;
}

static int
prog_add(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct opts o = { json_object(), NULL, NULL, 0, false };
	struct inspection_programme p;
	struct store *st = NULL;
	struct svc s;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = read_opts(app, &inspection_programme_entity, argc, argv,
	         false, &o)) != EXIT_OK ||
	    (rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(o.obj);
		return rc;
	}
	if (set_refs(&s, &o, &err) != 0 ||
	    svc_programme_create(&s, o.obj, &p, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: programme %lld added\n", (long long)p.id);
	json_decref(o.obj);
	inspection_programme_release(&p);
	cli_close(st, &s);
	return rc;
}

static int
prog_edit(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct opts o = { json_object(), NULL, NULL, 0, false };
	struct inspection_programme p;
	struct store *st = NULL;
	struct svc s;
	int64_t id;
	int rc;

	memset(&p, 0, sizeof(p));
	if (!take_id(app, &argc, &argv, &id, &rc) ||
	    (rc = read_opts(app, &inspection_programme_entity, argc, argv,
	         true, &o)) != EXIT_OK) {
		json_decref(o.obj);
		return rc;
	}
	if (json_object_size(o.obj) == 0 && o.org == NULL) {
		json_decref(o.obj);
		return cli_usage_error(app, "edit: nothing to change");
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(o.obj);
		return rc;
	}
	if (set_refs(&s, &o, &err) != 0 ||
	    svc_programme_patch(&s, id, o.obj, o.version, &p, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: programme %lld changed (version %lld)\n",
		    (long long)p.id, (long long)p.version);
	json_decref(o.obj);
	inspection_programme_release(&p);
	cli_close(st, &s);
	return rc;
}

static int
prog_delete(struct app *app, int argc, char **argv)
{
	return delete_by_id(app, argc, argv, "programme",
	    svc_programme_delete);
}

static int
item_write(struct app *app, int argc, char **argv, bool edit)
{
	struct cb_error err = CB_ERROR_INIT;
	struct opts o = { json_object(), NULL, NULL, 0, false };
	struct inspection_programme_item it;
	struct store *st = NULL;
	struct svc s;
	int64_t id;
	int rc;

	app->entity = "inspection_programme_item";
	memset(&it, 0, sizeof(it));
	if (!take_id(app, &argc, &argv, &id, &rc) ||
	    (rc = read_opts(app, &inspection_programme_item_entity, argc, argv,
	         edit, &o)) != EXIT_OK) {
		json_decref(o.obj);
		return rc;
	}
	if (edit && json_object_size(o.obj) == 0 && o.sorg == NULL) {
		json_decref(o.obj);
		return cli_usage_error(app, "item-edit: nothing to change");
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(o.obj);
		return rc;
	}
	if (set_refs(&s, &o, &err) != 0 ||
	    (edit ? svc_programme_item_patch(&s, id, o.obj, o.version, &it,
	                &err) :
	            svc_programme_item_create(&s, id, o.obj, &it, &err)) != 0)
		rc = fail(app, &err);
	else if (edit)
		printf("chibo: item %lld changed (version %lld)\n",
		    (long long)it.id, (long long)it.version);
	else
		printf("chibo: item %lld added\n", (long long)it.id);
	json_decref(o.obj);
	inspection_programme_item_release(&it);
	cli_close(st, &s);
	return rc;
}

static int
item_add(struct app *app, int argc, char **argv)
{
	return item_write(app, argc, argv, false);
}

static int
item_edit(struct app *app, int argc, char **argv)
{
	return item_write(app, argc, argv, true);
}

static int
item_delete(struct app *app, int argc, char **argv)
{
	return delete_by_id(app, argc, argv, "item",
	    svc_programme_item_delete);
}
