/*
 * cmd-inspection.c - chibo inspection list|show|add|edit|recommend|done|
 * attach: the records of inspections and supervisions, their
 * recommendations and attachments (svc/inspection.c, issue 14).  The
 * family and its "programme" commands are cmd-programme.c's; these are
 * added to its table.  Options name the JSON fields (--decided-on for
 * decided_on, --subject-org for subject_org_id taking an id or a code);
 * an empty value clears an optional field.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/entity.h"

#include "util/banned.h"

const char cli_inspection_add_usage[] =
    "add --org ORG --body BODY --kind KIND --form FORM\n"
    "       (--subject-org ORG | --subject-member MEMBER-ID)\n"
    "       [--programme ID] [--content CODE,CODE...] [--decided-on DATE]\n"
    "       [--doc-no NO] [--from DATE] [--to DATE] [--team TEXT]\n"
    "       [--findings TEXT] [--conclusion TEXT] [--status STATUS]\n"
    "       [--json]\n\n"
    "ORG: the conducting body's organisation (id or code); BODY:\n"
    "committee, inspection_commission, cell; KIND: inspection,\n"
    "supervision; FORM: regular, thematic, on_signs_of_violation\n"
    "(inspection only: rule inspection.forms), self (a self-inspection:\n"
    "the subject is ORG itself; a cell's secretary records its own\n"
    "cell's).  The subject is an organisation or a member inside ORG's\n"
    "subtree.  CODE: the catalogue inspection.contents (chibo rules\n"
    "list).  STATUS: planned (default), in_progress, concluded (needs\n"
    "--conclusion), cancelled.\n";

/* An option of add and edit: the JSON key it sets and how it reads. */
enum opt_kind { O_TEXT, O_ID, O_ORG, O_LIST, O_DATE };
static const struct {
	const char *opt, *key;
	enum opt_kind kind;
} record_opts[] = {
	{ "org", "org_id", O_ORG },
	{ "body", "body", O_TEXT },
	{ "kind", "kind", O_TEXT },
	{ "form", "form", O_TEXT },
	{ "subject-org", "subject_org_id", O_ORG },
	{ "subject-member", "subject_member_id", O_ID },
	{ "programme", "programme_id", O_ID },
	{ "content", "content_codes", O_LIST },
	{ "decided-on", "decided_on", O_DATE },
	{ "doc-no", "doc_no", O_TEXT },
	{ "from", "from", O_DATE },
	{ "to", "to", O_DATE },
	{ "team", "team", O_TEXT },
	{ "findings", "findings", O_TEXT },
	{ "conclusion", "conclusion", O_TEXT },
	{ "status", "status", O_TEXT },
};
#define NRECORD_OPTS (sizeof(record_opts) / sizeof(record_opts[0]))
#define OPT_VERSION 500
#define OPT_JSON 501

static int
fail(struct app *app, struct cb_error *err)
{
	int rc = cli_report(app, err);

	cb_error_release(err);
	return rc;
}

/* The value of an option of kind k as JSON ("" clears: null, or [] for
 * a list); an organisation by code or id through s.  NULL with a usage
 * error reported in *rc, or a field error in err. */
static json_t *
opt_value(struct app *app, struct svc *s, enum opt_kind k, const char *opt,
    const char *key, const char *v, int *rc, struct cb_error *err)
{
	char d[DATE_LEN];
	int64_t id;
	json_t *a;

	if (v[0] == '\0')
		return k == O_LIST ? json_array() : json_null();
	switch (k) {
	case O_ID:
		if (!cli_parse_id(v, &id)) {
			*rc = cli_usage_error(app, "--%s needs an id", opt);
			return NULL;
		}
		return json_integer(id);
	case O_ORG:
		if (cli_org_ref(s, v, &id, err) != 0) {
			cb_error_release(err);
			cb_error_field(err, 0, key, "org_not_found", NULL);
			return NULL;
		}
		return json_integer(id);
	case O_LIST:
		a = json_array();
		while (a != NULL && *v != '\0') {
			size_t n = strcspn(v, ",");

			json_array_append_new(a, json_stringn(v, n));
			v += n + (v[n] == ',');
		}
		return a;
	case O_DATE:
		/* dd/mm/yyyy too; anything else is svc's to refuse. */
		return json_string(cli_parse_date(v, d) ? d : v);
	case O_TEXT:
	default:
		return json_string(v);
	}
}

/*
 * The options of add and edit (argv after the subcommand and its ids)
 * into *obj, the organisations resolved through s; --if-version into
 * *version when version is not NULL, --json into *js.  EXIT_OK, a usage
 * error's status, or EXIT_FAIL with err reported.
 */
static int
read_record_opts(struct app *app, struct svc *s, int argc, char **argv,
    json_t *obj, int64_t *version, bool *js)
{
	struct cb_error err = CB_ERROR_INIT;
	struct option lo[NRECORD_OPTS + 3];
	size_t i;
	int ch, rc = EXIT_OK;

	for (i = 0; i < NRECORD_OPTS; i++)
		lo[i] = (struct option){ record_opts[i].opt, required_argument,
			NULL, (int)i };
	lo[i++] = (struct option){ "if-version", required_argument, NULL,
		OPT_VERSION };
	lo[i++] = (struct option){ "json", no_argument, NULL, OPT_JSON };
	lo[i] = (struct option){ NULL, 0, NULL, 0 };
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		json_t *v;

		if (ch == OPT_JSON) {
			*js = true;
			continue;
		}
		if (ch == OPT_VERSION && version != NULL) {
			if (!cli_parse_id(optarg, version))
				return cli_usage_error(app,
				    "--if-version needs a version");
			continue;
		}
		if (ch < 0 || (size_t)ch >= NRECORD_OPTS)
			return cli_usage_error(app, "unknown option");
		v = opt_value(app, s, record_opts[ch].kind,
		    record_opts[ch].opt, record_opts[ch].key, optarg, &rc,
		    &err);
		if (v == NULL) {
			if (err.nfields > 0)
				return fail(app, &err);
			return rc != EXIT_OK ? rc : EXIT_FAIL;
		}
		json_object_set_new(obj, record_opts[ch].key, v);
	}
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	return EXIT_OK;
}

/* The ids in argv[1..n] into ids[]; shifts them away. */
static bool
take_ids(struct app *app, int *argc, char ***argv, int64_t *ids, int n,
    int *rc)
{
	int k;

	for (k = 0; k < n; k++)
		if (*argc < 2 + k || !cli_parse_id((*argv)[1 + k], &ids[k])) {
			*rc = cli_usage_error(app,
			    n > 1 ? "the inspection's id and the "
			            "recommendation's are needed" :
			            "an id is needed");
			return false;
		}
	(*argv)[n] = (*argv)[0];
	*argc -= n;
	*argv += n;
	return true;
}

/* A record as text: "field: value" for every field with one. */
static void
print_object(const json_t *j, const char *indent)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)j, key, v)
	{
		char *s;

		if (json_is_null(v) || json_is_array(v) || json_is_object(v))
			continue;
		s = json_dumps(v, JSON_ENCODE_ANY);
		if (json_is_string(v))
			printf("%s%s: %s\n", indent, key,
			    json_string_value(v));
		else if (s != NULL)
			printf("%s%s: %s\n", indent, key, s);
		free(s);
	}
}

int
cli_inspection_list(struct app *app, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "kind", required_argument, NULL, 'k' },
		{ "form", required_argument, NULL, 'f' },
		{ "year", required_argument, NULL, 'y' },
		{ "status", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_query q;
	struct inspection_page page = { 0 };
	const char *org = NULL, *kind = NULL, *form = NULL, *status = NULL;
	char *cursor = NULL;
	struct store *st = NULL;
	bool js = false;
	int64_t year = 0;
	json_t *items;
	struct svc s;
	size_t i;
	int ch, rc;

	app->entity = "inspection";
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (ch == 'o')
			org = optarg;
		else if (ch == 'k')
			kind = optarg;
		else if (ch == 'f')
			form = optarg;
		else if (ch == 's')
			status = optarg;
		else if (ch == 'y') {
			if (!cli_parse_id(optarg, &year) || year < 1900 ||
			    year > 9999)
				return cli_usage_error(app,
				    "--year needs a year");
		} else if (ch == 'j')
			js = true;
		else
			return cli_usage_error(app, "unknown option");
	}
	if (org == NULL)
		return cli_usage_error(app, "--org is needed");
	memset(&q, 0, sizeof(q));
	q.kind = (enum insp_kind)(kind ?
	        field_enum_parse(&inspection_entity.fields[INSPECTION_F_kind],
	            kind) :
	        0);
	q.form = (enum insp_form)(form ?
	        field_enum_parse(&inspection_entity.fields[INSPECTION_F_form],
	            form) :
	        0);
	q.status = (enum insp_status)(status ?
	        field_enum_parse(
	            &inspection_entity.fields[INSPECTION_F_status], status) :
	        0);
	if ((int)q.kind < 0 || (int)q.form < 0 || (int)q.status < 0)
		return cli_usage_error(app,
		    "unknown --kind, --form or "
		    "--status (see --help)");
	q.year = (int)year;
	q.limit = 1000;
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	items = json_array();
	if (cli_org_ref(&s, org, &q.org_id, &err) != 0)
		rc = fail(app, &err);
	/* Every page. */
	while (rc == EXIT_OK) {
		char *next = NULL;

		if (svc_inspection_list(&s, &q, &page, &err) != 0) {
			rc = fail(app, &err);
			break;
		}
		for (i = 0; i < page.list.n; i++) {
			const struct inspection *x = &page.list.items[i];

			if (js)
				json_array_append_new(items,
				    entity_to_json(&inspection_entity, x));
			else
				printf("%lld\t%s\t%s\t%s\t%s\t%s\n",
				    (long long)x->id, insp_kind_names[x->kind],
				    insp_form_names[x->form],
				    x->decided_on[0] ? x->decided_on : x->from,
				    insp_status_names[x->status],
				    x->subject_name ? x->subject_name : "");
		}
		free(cursor);
		cursor = next = page.next_cursor;
		page.next_cursor = NULL;
		q.cursor = cursor;
		if (next == NULL)
			break;
	}
	free(cursor);
	if (rc == EXIT_OK && js)
		cli_print_json(items);
	json_decref(items);
	inspection_page_release(&page);
	cli_close(st, &s);
	return rc;
}

int
cli_inspection_show(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_recommendation_list recs = { NULL, 0 };
	struct inspection_attachment_list atts = { NULL, 0 };
	struct store *st = NULL;
	struct inspection x;
	json_t *j, *a;
	struct svc s;
	int64_t id;
	size_t i;
	int rc;

	app->entity = "inspection";
	if (!take_ids(app, &argc, &argv, &id, 1, &rc))
		return rc;
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	memset(&x, 0, sizeof(x));
	if (svc_inspection_get(&s, id, &x, &err) != 0 ||
	    svc_inspection_recs(&s, id, &recs, &err) != 0 ||
	    svc_inspection_atts(&s, id, &atts, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	j = entity_to_json(&inspection_entity, &x);
	if (argc > 1 && strcmp(argv[1], "--json") == 0) {
		a = json_array();
		for (i = 0; i < recs.n; i++)
			json_array_append_new(a,
			    entity_to_json(&inspection_recommendation_entity,
			        &recs.items[i]));
		json_object_set_new(j, "recommendations", a);
		a = json_array();
		for (i = 0; i < atts.n; i++)
			json_array_append_new(a,
			    inspection_attachment_to_json(&atts.items[i]));
		json_object_set_new(j, "attachments", a);
		cli_print_json(j);
	} else {
		print_object(j, "");
		printf("content_codes: %s\n",
		    x.content_codes ? x.content_codes : "[]");
		for (i = 0; i < recs.n; i++) {
			json_t *r = entity_to_json(
			    &inspection_recommendation_entity, &recs.items[i]);

			printf("\nrecommendation:\n");
			print_object(r, "  ");
			json_decref(r);
		}
		for (i = 0; i < atts.n; i++)
			printf("\nattachment: %lld %s %s %lld %s\n",
			    (long long)atts.items[i].id, atts.items[i].name,
			    atts.items[i].content_type,
			    (long long)atts.items[i].size,
			    atts.items[i].sha256);
	}
	json_decref(j);
out:
	inspection_recommendation_list_release(&recs);
	inspection_attachment_list_release(&atts);
	inspection_release(&x);
	cli_close(st, &s);
	return rc;
}

/* add (id 0) and edit. */
static int
write_record(struct app *app, int argc, char **argv, bool edit)
{
	struct cb_error err = CB_ERROR_INIT;
	json_t *obj = json_object();
	struct store *st = NULL;
	struct inspection x;
	int64_t id = 0, version = 0;
	bool js = false;
	struct svc s;
	int rc;

	app->entity = "inspection";
	memset(&x, 0, sizeof(x));
	if (edit && !take_ids(app, &argc, &argv, &id, 1, &rc)) {
		json_decref(obj);
		return rc;
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	if ((rc = read_record_opts(app, &s, argc, argv, obj,
	         edit ? &version : NULL, &js)) != EXIT_OK)
		goto out;
	if (edit && json_object_size(obj) == 0) {
		rc = cli_usage_error(app, "edit: nothing to change");
		goto out;
	}
	if ((edit ? svc_inspection_patch(&s, id, obj, version, &x, &err) :
	            svc_inspection_create(&s, obj, &x, &err)) != 0)
		rc = fail(app, &err);
	else if (js) {
		json_t *j = entity_to_json(&inspection_entity, &x);

		cli_print_json(j);
		json_decref(j);
	} else
		printf("chibo: inspection %lld %s (version %lld)\n",
		    (long long)x.id, edit ? "changed" : "added",
		    (long long)x.version);
out:
	json_decref(obj);
	inspection_release(&x);
	cli_close(st, &s);
	return rc;
}

int
cli_inspection_add(struct app *app, int argc, char **argv)
{
	return write_record(app, argc, argv, false);
}

int
cli_inspection_edit(struct app *app, int argc, char **argv)
{
	return write_record(app, argc, argv, true);
}

/* recommend ID --text --owner [--owner-org] --due-on, and done ID REC
 * [--on DATE] [--result TEXT] [--due-on DATE]. */
static int
write_recommendation(struct app *app, int argc, char **argv, bool done)
{
	static const struct option lo[] = {
		{ "text", required_argument, NULL, 't' },
		{ "owner", required_argument, NULL, 'w' },
		{ "owner-org", required_argument, NULL, 'g' },
		{ "due-on", required_argument, NULL, 'd' },
		{ "on", required_argument, NULL, 'n' },
		{ "result", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_recommendation r;
	json_t *obj = json_object(), *v;
	struct store *st = NULL;
	int64_t ids[2] = { 0, 0 };
	bool js = false;
	struct svc s;
	int ch, rc;

	app->entity = "inspection_recommendation";
	memset(&r, 0, sizeof(r));
	if (!take_ids(app, &argc, &argv, ids, done ? 2 : 1, &rc)) {
		json_decref(obj);
		return rc;
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(obj);
		return rc;
	}
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		const char *key = ch == 't' ? "text" :
		    ch == 'w'               ? "owner" :
		    ch == 'g'               ? "owner_org_id" :
		    ch == 'd'               ? "due_on" :
		    ch == 'n'               ? "done_on" :
		    ch == 'r'               ? "result" :
		                              NULL;

		if (ch == 'j') {
			js = true;
			continue;
		}
		if (key == NULL || (!done && (ch == 'n' || ch == 'r')) ||
		    (done && (ch == 't' || ch == 'w' || ch == 'g'))) {
			rc = cli_usage_error(app, "unknown option");
			goto out;
		}
		v = opt_value(app, &s,
		    ch == 'g' ?
		        O_ORG :
		        ch == 'd' || ch == 'n' ?
		        O_DATE :
		        O_TEXT,
		    lo[0].name, key, optarg, &rc, &err);
		if (v == NULL) {
			rc = err.nfields > 0 ? fail(app, &err) : rc;
			goto out;
		}
		json_object_set_new(obj, key, v);
	}
	if (optind != argc) {
		rc = cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
		goto out;
	}
	/* Done today unless --on says when. */
	if (done && json_object_get(obj, "done_on") == NULL &&
	    json_object_get(obj, "due_on") == NULL)
		json_object_set_new(obj, "done_on", json_string(s.today));
	if ((done ? svc_inspection_rec_patch(&s, ids[0], ids[1], obj, 0, &r,
	                &err) :
	            svc_inspection_rec_add(&s, ids[0], obj, &r, &err)) != 0)
		rc = fail(app, &err);
	else if (js) {
		json_t *j = entity_to_json(&inspection_recommendation_entity,
		    &r);

		cli_print_json(j);
		json_decref(j);
	} else
		printf("chibo: recommendation %lld %s%s\n", (long long)r.id,
		    done ? "recorded" : "added",
		    r.done_on[0]  ? " (done)" :
		        r.overdue ? " (overdue)" :
		                    "");
out:
	json_decref(obj);
	inspection_recommendation_release(&r);
	cli_close(st, &s);
	return rc;
}

int
cli_inspection_recommend(struct app *app, int argc, char **argv)
{
	return write_recommendation(app, argc, argv, false);
}

int
cli_inspection_done(struct app *app, int argc, char **argv)
{
	return write_recommendation(app, argc, argv, true);
}

int
cli_inspection_attach(struct app *app, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct inspection_attachment a;
	const char *name = NULL, *path, *slash;
	struct store *st = NULL;
	char *data = NULL;
	size_t len = 0;
	bool js = false;
	struct svc s;
	int64_t id;
	int ch, rc;

	app->entity = "inspection";
	memset(&a, 0, sizeof(a));
	if (!take_ids(app, &argc, &argv, &id, 1, &rc))
		return rc;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (ch == 'n')
			name = optarg;
		else if (ch == 'j')
			js = true;
		else
			return cli_usage_error(app, "unknown option");
	}
	if (optind + 1 != argc)
		return cli_usage_error(app, "one FILE is needed");
	path = argv[optind];
	if (name == NULL)
		name = (slash = strrchr(path, '/')) != NULL ? slash + 1 : path;
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (cli_read_file(path, svc_material_max_bytes() + 1, &data, &len,
	        &err) != 0 ||
	    svc_inspection_att_add(&s, id, name, data, len, &a, &err) != 0)
		rc = fail(app, &err);
	else if (js) {
		json_t *j = inspection_attachment_to_json(&a);

		cli_print_json(j);
		json_decref(j);
	} else
		printf("chibo: attachment %lld added (%s, %lld bytes, "
		       "sha256 %s)\n",
		    (long long)a.id, a.content_type, (long long)a.size,
		    a.sha256);
	free(data);
	inspection_attachment_release(&a);
	cli_close(st, &s);
	return rc;
}
