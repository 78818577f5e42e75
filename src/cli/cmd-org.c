/* cmd-org.c - chibo org list|show|add|edit|merge|history|stats|officer. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/entity.h"
#include "svc/render.h"

#include "util/banned.h"

static int org_list(struct app *, int, char **);
static int org_show(struct app *, int, char **);
static int org_add(struct app *, int, char **);
static int org_edit(struct app *, int, char **);
static int org_merge(struct app *, int, char **);
static int org_history(struct app *, int, char **);
static int org_stats(struct app *, int, char **);
static int org_officer(struct app *, int, char **);

static const struct cmd org_cmds[] = {
	{ "list", org_list, "list organisations as a tree",
	    "list [--root ORG] [--q TEXT] [--all] [--counts] [--json]\n\n"
	    "--root shows one subtree; --q filters by name or code (tone marks\n"
	    "and case ignored); --all includes closed organisations; --counts\n"
	    "adds the members on the rolls of each subtree.\n" },
	{ "show", org_show, "show an organisation, its counts and children",
	    "show ORG [--json]\n\nORG is an organisation id or code.\n" },
	{ "add", org_add, "add an organisation",
	    "add --kind KIND --name NAME --code CODE [--parent ORG]\n"
	    "       [--from DATE] [--doc NO]\n\n"
	    "KIND: central, province, upper_grassroots, grassroots,\n"
	    "grassroots_cell, sub_committee, cell, group.  --from is the date\n"
	    "it was founded (default today); --doc the founding decision.\n" },
	{ "edit", org_edit, "rename, recode, move or close an organisation",
	    "edit ORG [--name NAME] [--code CODE] [--kind KIND] [--parent ORG]\n"
	    "       [--close DATE] [--reopen] [--on DATE] [--doc NO]\n"
	    "       [--if-version N]\n\n"
	    "Each change is kept in the organisation's history with --on (the\n"
	    "date of the change, default today) and --doc (the decision).\n"
	    "--close DATE is the last day the organisation exists; it must\n"
	    "hold no member and no open sub-organisation by then.\n" },
	{ "merge", org_merge, "merge an organisation into another",
	    "merge ORG --into ORG [--on DATE] [--doc NO]\n\n"
	    "Moves the members and open sub-organisations of the first into\n"
	    "the second on DATE and closes the first the day before.\n" },
	{ "history", org_history, "show an organisation's history",
	    "history ORG [--json]\n" },
	{ "stats", org_stats, "show the figures of an organisation's subtree",
	    "stats ORG [--json]\n\n"
	    "Members on the rolls of ORG and every organisation below it, by\n"
	    "status, gender, age band (rule stats.age_bands, ages on today's\n"
	    "date), political theory level and ethnicity, and the open\n"
	    "organisations of the subtree by kind.  --json prints what\n"
	    "GET /api/v1/orgs/{id}/stats answers.\n" },
	{ "officer", org_officer,
	    "an organisation's leadership (its committee)",
	    "officer add ORG --member ID --position P --from DATE [--to DATE]\n"
	    "       [--doc NO] [--json]\n"
	    "       officer list ORG [--all] [--json]\n\n"
	    "add records a term of the organisation's committee: P is\n"
	    "secretary (bí thư), deputy_secretary (phó bí thư) or\n"
	    "committee_member (cấp ủy viên); --from the day it starts, --to\n"
	    "the day it ends if known, --doc the decision.  The member must be\n"
	    "on the rolls of ORG or below it.  The term is kept in the\n"
	    "organisation's history (officer_appointed) and the audit trail.\n"
	    "list shows the terms in force today (--all: every term).\n" },
	{ NULL, NULL, NULL, NULL },
};

int
cmd_org(struct app *app, int argc, char **argv)
{
	return cli_dispatch(app, "org", org_cmds, argc, argv);
}

static int
help(const char *name)
{
	const struct cmd *c;

	for (c = org_cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			cli_usage(stdout, "chibo org", c);
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
 * The options of the organisation's plain fields, from org_entity: the
 * text and enum fields a caller writes (--kind, --name, --code; "_" in a
 * name becomes "-"), each returning 1000 + its index.  The reference and
 * the dates have options of their own (--parent ORG, --from, --close,
 * --reopen, --on): operations on the tree and its history.  Fills opts
 * (at most n) and returns how many.
 */
static size_t
field_opts(struct option *opts, size_t n)
{
	static char names[ORG_F__MAX][32];
	size_t i, k = 0;
	char *p;

	for (i = 0; i < org_entity.nfields && k < n; i++) {
		const struct field_def *f = &org_entity.fields[i];

		if ((f->flags & FF_READONLY) ||
		    (f->type != FT_TEXT && f->type != FT_ENUM))
			continue;
		snprintf(names[i], sizeof(names[i]), "%s", f->name);
		for (p = names[i]; *p; p++)
			if (*p == '_')
				*p = '-';
		opts[k++] = (struct option){ names[i], required_argument, NULL,
			1000 + (int)i };
	}
	return k;
}

/* Sets field option ch (>= 1000, field_opts) of obj to optarg. */
static void
field_opt_set(json_t *obj, int ch, const char *arg)
{
	json_object_set_new(obj, org_entity.fields[ch - 1000].name,
	    json_string(arg));
}

static int
org_list(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "q", required_argument, NULL, 'q' },
		{ "all", no_argument, NULL, 'a' },
		{ "counts", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct org_query q = { 0 };
	struct org_page page = { 0 };
	const struct org_list *l = &page.list;
	struct store *st = NULL;
	const char *root = NULL;
	bool json = false, counts = false;
	struct svc s;
	int ch, rc, base = 0;
	size_t i;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			root = optarg;
			break;
		case 'q':
			q.q = optarg;
			break;
		case 'a':
			q.include_closed = true;
			break;
		case 'c':
			counts = true;
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
	if ((root != NULL && cli_org_ref(&s, root, &q.root_id, &err) != 0) ||
	    svc_org_list(&s, &q, &page, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	if (l->n > 0)
		base = l->items[0].depth;
	if (json) {
		json_t *a = json_array();

		for (i = 0; i < l->n; i++)
			json_array_append_new(a, org_to_json(&l->items[i]));
		cli_print_json(a);
		json_decref(a);
		goto out;
	}
	for (i = 0; i < l->n; i++) {
		const struct org *o = &l->items[i];
		int d;

		printf("%6lld  ", (long long)o->id);
		cli_pad(stdout, o->code, 14);
		fputs("  ", stdout);
		for (d = base; d < o->depth; d++)
			fputs("  ", stdout);
		fputs(o->name, stdout);
		if (o->valid_to[0] != '\0') {
			char buf[DATE_LEN];

			printf(app->lang == LANG_EN ?
			        " (closed %s)" :
			        " (hết hiệu lực %s)",
			    cli_date_vn(o->valid_to, buf));
		}
		if (counts) {
			struct org_counts c;

			if (store_org_counts(st, o->id, &c, &err) != 0) {
				putchar('\n');
				rc = fail(app, &err);
				goto out;
			}
			printf("  [%lld]", (long long)c.subtree);
		}
		putchar('\n');
	}
out:
	org_page_release(&page);
	cli_close(st, &s);
	return rc;
}

/* Loads ORG (first argument) and removes it from argv. */
static bool
take_org(struct app *app, struct svc *s, int *argc, char ***argv,
    struct org *ret, int *rc)
{
	struct cb_error err = CB_ERROR_INIT;
	int64_t id;

	if (*argc < 2 || (*argv)[1][0] == '-') {
		*rc = cli_usage_error(app,
		    "an organisation id or code is "
		    "required");
		return false;
	}
	if (cli_org_ref(s, (*argv)[1], &id, &err) != 0 ||
	    svc_org_get(s, id, ret, &err) != 0) {
		*rc = fail(app, &err);
		return false;
	}
	(*argv)[1] = (*argv)[0];
	(*argc)--;
	(*argv)++;
	return true;
}

/* Prints organisation o's detail d as text. */
static void
print_detail(const struct app *app, const struct org *o,
    const struct org_detail *d)
{
	size_t i;

	printf("%s (%s, %s)\n", o->name, o->code,
	    app->lang == LANG_EN ?
	        org_kind_label_en(o->kind) :
	        org_kind_label_vi(o->kind));
	printf(app->lang == LANG_EN ?
	        "members: %lld (official %lld, probationary %lld)\n" :
	        "đảng viên: %lld (chính thức %lld, dự bị %lld)\n",
	    (long long)d->counts.subtree,
	    (long long)d->counts.subtree_official,
	    (long long)d->counts.subtree_probationary);
	for (i = 0; i < d->warnings.n; i++) {
		const struct org_warning *w = &d->warnings.items[i];

		if (w->citation != NULL)
			printf("! %s (%s)\n", w->code, w->citation);
		else
			printf("! %s\n", w->code);
	}
	for (i = 0; i < d->children.n; i++) {
		const struct org *k = &d->children.items[i];

		printf("  %6lld  ", (long long)k->id);
		cli_pad(stdout, k->code, 14);
		printf("  %s  [%lld]\n", k->name,
		    (long long)d->child_counts[i].subtree);
	}
}

static int
org_show(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	struct org_detail det;
	struct org o;
	struct svc s;
	json_t *d;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		return help("show");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	org_init(&o);
	org_detail_init(&det);
	if (!take_org(app, &s, &argc, &argv, &o, &rc))
		goto out;
	if (svc_org_detail(&s, &o, &det, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	if (argc > 1 && strcmp(argv[1], "--json") == 0) {
		if ((d = org_detail_to_json(&det)) == NULL) {
			cb_error_set(&err, CB_ENOMEM, NULL, NULL);
			rc = fail(app, &err);
			goto out;
		}
		cli_print_json(d);
		json_decref(d);
	} else
		print_detail(app, &o, &det);
out:
	org_detail_release(&det);
	org_release(&o);
	cli_close(st, &s);
	return rc;
}

static int
org_add(struct app *app, int argc, char **argv)
{
	static const struct option verbs[] = {
		{ "parent", required_argument, NULL, 'p' },
		{ "from", required_argument, NULL, 'f' },
		{ "doc", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct option opts[ORG_F__MAX + sizeof(verbs) / sizeof(verbs[0])];
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	const char *parent = NULL;
	json_t *obj = json_object();
	struct org o;
	struct svc s;
	char iso[DATE_LEN], *doc = NULL;
	size_t n;
	int ch, rc;

	n = field_opts(opts, ORG_F__MAX);
	memcpy(opts + n, verbs, sizeof(verbs));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch >= 1000) {
			field_opt_set(obj, ch, optarg);
			continue;
		}
		switch (ch) {
		case 'p':
			parent = optarg;
			break;
		case 'f':
			if (!cli_parse_date(optarg, iso)) {
				json_decref(obj);
				return cli_usage_error(app,
				    "--from needs a date");
			}
			json_object_set_new(obj, "valid_from",
			    json_string(iso));
			break;
		case 'd':
			json_object_set_new(obj, "doc_no",
			    json_string(optarg));
			break;
		case 'h':
			json_decref(obj);
			return help("add");
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
	org_init(&o);
	if (parent != NULL) {
		int64_t pid;

		if (cli_org_ref(&s, parent, &pid, &err) != 0) {
			cb_error_release(&err);
			cb_error_field(&err, 0, "parent_id", "org_not_found",
			    NULL);
			rc = fail(app, &err);
			goto out;
		}
		json_object_set_new(obj, "parent_id", json_integer(pid));
	}
	if (org_from_json(obj, &o, &doc, &err) != 0 ||
	    svc_org_create(&s, &o, doc, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: organisation %lld added: %s (%s)\n",
		    (long long)o.id, o.name, o.code);
out:
	free(doc);
	json_decref(obj);
	org_release(&o);
	cli_close(st, &s);
	return rc;
}

static int
org_edit(struct app *app, int argc, char **argv)
{
	static const struct option verbs[] = {
		{ "parent", required_argument, NULL, 'p' },
		{ "close", required_argument, NULL, 'x' },
		{ "reopen", no_argument, NULL, 'r' },
		{ "on", required_argument, NULL, 'o' },
		{ "doc", required_argument, NULL, 'd' },
		{ "if-version", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct option opts[ORG_F__MAX + sizeof(verbs) / sizeof(verbs[0])];
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	json_t *patch = json_object();
	struct org o, res;
	struct svc s;
	char iso[DATE_LEN];
	int64_t ver = 0, pid;
	int ch, rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		json_decref(patch);
		return help("edit");
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		json_decref(patch);
		return rc;
	}
	org_init(&o);
	org_init(&res);
	if (!take_org(app, &s, &argc, &argv, &o, &rc))
		goto out;
	memcpy(opts + field_opts(opts, ORG_F__MAX), verbs, sizeof(verbs));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch >= 1000) {
			field_opt_set(patch, ch, optarg);
			continue;
		}
		switch (ch) {
		case 'p':
			if (cli_org_ref(&s, optarg, &pid, &err) != 0) {
				rc = fail(app, &err);
				goto out;
			}
			json_object_set_new(patch, "parent_id",
			    json_integer(pid));
			break;
		case 'x':
		case 'o':
			if (!cli_parse_date(optarg, iso)) {
				rc = cli_usage_error(app,
				    "a date is required");
				goto out;
			}
			json_object_set_new(patch,
			    ch == 'x' ? "valid_to" : "on", json_string(iso));
			break;
		case 'r':
			json_object_set_new(patch, "valid_to", json_null());
			break;
		case 'd':
			json_object_set_new(patch, "doc_no",
			    json_string(optarg));
			break;
		case 'v':
			if (!cli_parse_id(optarg, &ver)) {
				rc = cli_usage_error(app, "bad --if-version");
				goto out;
			}
			break;
		case 'h':
			rc = help("edit");
			goto out;
		default:
			rc = cli_usage_error(app, "unknown option");
			goto out;
		}
	}
	if (svc_org_patch(&s, o.id, patch, ver, &res, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: organisation %lld saved (version %lld)\n",
		    (long long)res.id, (long long)res.version);
out:
	json_decref(patch);
	org_release(&o);
	org_release(&res);
	cli_close(st, &s);
	return rc;
}

static int
org_merge(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "into", required_argument, NULL, 'i' },
		{ "on", required_argument, NULL, 'o' },
		{ "doc", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	const char *into = NULL, *doc = NULL;
	char on[DATE_LEN] = "";
	int64_t into_id;
	struct org o;
	struct svc s;
	int ch, rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		return help("merge");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	org_init(&o);
	if (!take_org(app, &s, &argc, &argv, &o, &rc))
		goto out;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch == 'i')
			into = optarg;
		else if (ch == 'd')
			doc = optarg;
		else if (ch == 'o' && cli_parse_date(optarg, on))
			;
		else {
			rc = ch == 'h' ?
			    help("merge") :
			    cli_usage_error(app, "bad option");
			goto out;
		}
	}
	if (into == NULL) {
		rc = cli_usage_error(app, "--into is required");
		goto out;
	}
	if (cli_org_ref(&s, into, &into_id, &err) != 0 ||
	    svc_org_merge(&s, o.id, into_id, on[0] ? on : NULL, doc, &err))
		rc = fail(app, &err);
	else
		printf("chibo: %s merged into organisation %lld\n", o.name,
		    (long long)into_id);
out:
	org_release(&o);
	cli_close(st, &s);
	return rc;
}

static int
org_history(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_event_list l = { 0 };
	struct store *st = NULL;
	struct org o;
	struct svc s;
	size_t i;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		return help("history");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	org_init(&o);
	if (!take_org(app, &s, &argc, &argv, &o, &rc))
		goto out;
	if (svc_org_history(&s, o.id, &l, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	if (argc > 1 && strcmp(argv[1], "--json") == 0) {
		json_t *a = json_array();

		for (i = 0; i < l.n; i++)
			json_array_append_new(a,
			    org_event_to_json(&l.items[i]));
		cli_print_json(a);
		json_decref(a);
	} else
		for (i = 0; i < l.n; i++) {
			char buf[DATE_LEN];

			printf("%s  %-22s %-16s %s\n",
			    cli_date_vn(l.items[i].on, buf), l.items[i].kind,
			    l.items[i].doc_no ? l.items[i].doc_no : "-",
			    l.items[i].details ? l.items[i].details : "");
		}
out:
	org_event_list_release(&l);
	org_release(&o);
	cli_close(st, &s);
	return rc;
}

/* A line of "label n" pairs, separated by commas: "title: a 1, b 2". */
static void
counts_begin(const char *title, const char **sep)
{
	printf("%s: ", title);
	*sep = "";
}

static void
counts_add(const char *label, int64_t n, const char **sep)
{
	printf("%s%s %lld", *sep, label, (long long)n);
	*sep = ", ";
}

static const char *
unknown_label(enum lang lang)
{
	return lang == LANG_EN ? "unknown" : "chưa rõ";
}

/* Prints the figures f of organisation o as text, in the order and with
 * the keys of their JSON (org_stats_to_json) labelled. */
static void
print_stats(const struct app *app, const struct org *o,
    const struct org_stats_report *r)
{
	const struct org_stats *f = &r->stats;
	const int64_t *c = f->c.v;
	bool en = app->lang == LANG_EN;
	const char *sep;
	char day[DATE_LEN], label[16];
	size_t i, k;

	printf("%s (%s, %s)\n", o->name, o->code,
	    en ? org_kind_label_en(o->kind) : org_kind_label_vi(o->kind));
	printf(en ? "figures of the whole subtree, ages on %s\n" :
	            "số liệu toàn đảng bộ, tuổi tính đến ngày %s\n",
	    cli_date_vn(f->as_of, day));
	printf(en ? "members: %lld (official %lld, probationary %lld)\n" :
	            "đảng viên: %lld (chính thức %lld, dự bị %lld)\n",
	    (long long)c[STAT_MEMBERS], (long long)c[STAT_OFFICIAL],
	    (long long)c[STAT_PROBATIONARY]);
	printf(en ? "men %lld, women %lld; exempted %lld\n" :
	            "nam %lld, nữ %lld; miễn sinh hoạt %lld\n",
	    (long long)c[STAT_MALE], (long long)c[STAT_FEMALE],
	    (long long)c[STAT_EXEMPTED]);
	counts_begin(en ? "age" : "độ tuổi", &sep);
	for (i = 0; i <= f->bands.n; i++) {
		stats_band_label(&f->bands, i, label, sizeof(label));
		counts_add(label, c[STAT_AGE_0 + i], &sep);
	}
	counts_add(unknown_label(app->lang), c[STAT_AGE_UNKNOWN], &sep);
	printf("\n");
	counts_begin(en ? "political theory" : "lý luận chính trị", &sep);
	for (i = 0; i < THEORY__MAX; i++)
		counts_add(en ? theory_level_label_en((enum theory_level)i) :
		                theory_level_label_vi((enum theory_level)i),
		    c[STAT_THEORY_0 + i], &sep);
	printf("\n");
	/* Most members first (the store's order); none recorded is
	 * "unknown", and a name seen again adds to where it was first. */
	counts_begin(en ? "ethnicity" : "dân tộc", &sep);
	for (i = 0; i < f->neth; i++) {
		const char *name =
		    f->eth[i].name[0] ? f->eth[i].name : "unknown";
		int64_t n = 0;

		for (k = 0; k < i; k++)
			if (strcmp(
			        f->eth[k].name[0] ? f->eth[k].name : "unknown",
			        name) == 0)
				break;
		if (k < i)
			continue;
		for (k = i; k < f->neth; k++)
			if (strcmp(
			        f->eth[k].name[0] ? f->eth[k].name : "unknown",
			        name) == 0)
				n += f->eth[k].n;
		counts_add(strcmp(name, "unknown") == 0 ?
		        unknown_label(app->lang) :
		        name,
		    n, &sep);
	}
	printf("\n");
	/* Leaves out the kinds without an open organisation. */
	counts_begin(en ? "organisations" : "tổ chức đảng", &sep);
	for (i = ORG_KIND_NONE + 1; i < ORG_KIND__MAX; i++)
		if (c[STAT_ORG_0 + i - 1] != 0)
			counts_add(en ? org_kind_label_en((enum org_kind)i) :
			                org_kind_label_vi((enum org_kind)i),
			    c[STAT_ORG_0 + i - 1], &sep);
	printf("\n");
	if (r->age_bands.citation != NULL)
		printf(en ? "age bands: %s\n" : "nhóm tuổi theo: %s\n",
		    r->age_bands.citation);
}

static int
org_stats(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	struct org_stats_report f;
	struct org o;
	struct svc s;
	json_t *d;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		return help("stats");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	org_init(&o);
	org_stats_report_init(&f);
	if (!take_org(app, &s, &argc, &argv, &o, &rc))
		goto out;
	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--json") != 0)) {
		rc = cli_usage_error(app, "unexpected argument '%s'", argv[1]);
		goto out;
	}
	if (svc_org_stats(&s, o.id, &f, &err) != 0) {
		rc = fail(app, &err);
		goto out;
	}
	if (argc == 2) {
		if ((d = org_stats_to_json(&f)) == NULL) {
			cb_error_set(&err, CB_ENOMEM, NULL, NULL);
			rc = fail(app, &err);
			goto out;
		}
		cli_print_json(d);
		json_decref(d);
	} else
		print_stats(app, &o, &f);
out:
	org_stats_report_release(&f);
	org_release(&o);
	cli_close(st, &s);
	return rc;
}

/* ------------------------------------------------------------ officers */

static const char *
position_label(const struct app *app, enum officer_position p)
{
	static const char *const vi[OFFICER__MAX] = {
		[OFFICER_SECRETARY] = "Bí thư",
		[OFFICER_DEPUTY_SECRETARY] = "Phó bí thư",
		[OFFICER_COMMITTEE_MEMBER] = "Cấp ủy viên",
	};

	if (p <= OFFICER_NONE || p >= OFFICER__MAX)
		return "?";
	return app->lang == LANG_EN ? officer_position_names[p] : vi[p];
}

static int
officer_add(struct app *app, struct svc *s, const struct org *o, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "member", required_argument, NULL, 'm' },
		{ "position", required_argument, NULL, 'p' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "doc", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct org_officer t;
	json_t *in = json_object();
	bool json = false;
	int ch, rc = EXIT_OK;
	int64_t id;
	char iso[DATE_LEN];

	memset(&t, 0, sizeof(t));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'm' && cli_parse_id(optarg, &id))
			json_object_set_new(in, "member_id", json_integer(id));
		else if (ch == 'p')
			json_object_set_new(in, "position",
			    json_string(optarg));
		else if ((ch == 'f' || ch == 't') &&
		    cli_parse_date(optarg, iso))
			json_object_set_new(in,
			    ch == 'f' ? "started_on" : "ended_on",
			    json_string(iso));
		else if (ch == 'd')
			json_object_set_new(in, "doc_no", json_string(optarg));
		else if (ch == 'j')
			json = true;
		else {
			json_decref(in);
			return cli_usage_error(app, "bad option or value");
		}
	}
	if (optind != argc) {
		json_decref(in);
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	}
	if (org_officer_from_json(in, &t, &err) != 0 ||
	    svc_org_officer_add(s, o->id, &t, &err) != 0)
		rc = fail(app, &err);
	else if (json) {
		json_t *j = entity_to_json(&org_officer_entity, &t);

		cli_print_json(j);
		json_decref(j);
	} else
		printf("chibo: %s: %s %s\n", o->code,
		    position_label(app, t.position),
		    t.member_name ? t.member_name : "");
	json_decref(in);
	org_officer_release(&t);
	return rc;
}

static int
officer_list(struct app *app, struct svc *s, const struct org *o, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct org_officer_list l = { 0 };
	bool json = false, all = false;
	size_t i;
	int ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'a')
			all = true;
		else if (ch == 'j')
			json = true;
		else
			return cli_usage_error(app, "bad option");
	}
	if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	if (svc_org_officers(s, o->id, all, &l, &err) != 0)
		return fail(app, &err);
	if (json) {
		json_t *j = org_officers_to_json(&l);

		cli_print_json(j);
		json_decref(j);
	} else
		for (i = 0; i < l.n; i++) {
			const struct org_officer *t = &l.items[i];
			char a[DATE_LEN], b[DATE_LEN];

			cli_pad(stdout, position_label(app, t->position), 14);
			cli_pad(stdout, t->member_name ? t->member_name : "?",
			    30);
			printf("%s - %s  %s\n", cli_date_vn(t->started_on, a),
			    t->ended_on[0] ? cli_date_vn(t->ended_on, b) : "",
			    t->doc_no ? t->doc_no : "");
		}
	org_officer_list_release(&l);
	return EXIT_OK;
}

static int
org_officer(struct app *app, int argc, char **argv)
{
	struct store *st = NULL;
	struct org o;
	struct svc s;
	bool add;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)
		return argc < 2 ?
		    (help("officer"), EXIT_USAGE) :
		    help("officer");
	if (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "list") != 0)
		return cli_usage_error(app, "unknown command 'officer %s'",
		    argv[1]);
	add = strcmp(argv[1], "add") == 0;
	argc--;
	argv++;
	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		return help("officer");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	org_init(&o);
	if (take_org(app, &s, &argc, &argv, &o, &rc))
		rc = add ?
		    officer_add(app, &s, &o, argc, argv) :
		    officer_list(app, &s, &o, argc, argv);
	org_release(&o);
	cli_close(st, &s);
	return rc;
}
