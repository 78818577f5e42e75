/* cmd-user.c - chibo user ..., chibo token ..., chibo audit ... */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "svc/render.h"
#include "util/hash.h"

#include "util/banned.h"

static int user_add(struct app *, int, char **);
static int user_list(struct app *, int, char **);
static int user_disable(struct app *, int, char **);
static int user_enable(struct app *, int, char **);
static int user_passwd(struct app *, int, char **);
static int user_grant(struct app *, int, char **);
static int user_revoke(struct app *, int, char **);
static int token_create(struct app *, int, char **);
static int token_list(struct app *, int, char **);
static int token_revoke(struct app *, int, char **);
static int audit_verify(struct app *, int, char **);
static int audit_head(struct app *, int, char **);
static int audit_list(struct app *, int, char **);

static const struct cmd user_cmds[] = {
	{ "add", user_add, "add an account with one role on an organisation",
	    "add USER --role ROLE --org ORG [--name \"Display Name\"]\n"
	    "       [--member ID] [--password-stdin]\n\n"
	    "ROLE: admin, office, inspection, secretary, member, viewer; the\n"
	    "role covers ORG's whole subtree and nothing else, admin too: an\n"
	    "admin on the root organisation is the global administrator\n"
	    "(installation-wide: top-level organisations, every account); an\n"
	    "admin below it manages only its subtree and the accounts whose\n"
	    "grants all lie there.  --member links the account to\n"
	    "its member record (needed for the member role).  The password is\n"
	    "read from the first line of standard input with --password-stdin;\n"
	    "otherwise a random one is made and printed once.\n" },
	{ "list", user_list, "list accounts and their roles",
	    "list [--json]\n" },
	{ "disable", user_disable, "disable an account (ends its sessions)",
	    "disable USER\n" },
	{ "enable", user_enable, "enable a disabled account",
	    "enable USER\n" },
	{ "passwd", user_passwd, "set a new password (ends its sessions)",
	    "passwd USER [--password-stdin]\n" },
	{ "grant", user_grant, "grant a role on an organisation",
	    "grant USER --role ROLE --org ORG [--allow OPTIONS]\n\n"
	    "ROLE covers ORG's whole subtree (admin too: on the root, the\n"
	    "whole installation).  --allow sets the grant's\n"
	    "options (the grant is made if missing, else its options are\n"
	    "replaced); 'none' removes them.  Options (joined by ','):\n"
	    "  contacts    for a secretary: correct the phone and e-mail\n"
	    "              (only those) of the members of ORG's subtree;\n"
	    "              each change is audited as a member update\n"
	    "  discipline  discipline cases are secret: only a grant with\n"
	    "              this option sees them (admin, office, inspection,\n"
	    "              secretary) or records them (office, inspection,\n"
	    "              secretary), within ORG's subtree\n"
	    "Example:\n"
	    "  chibo user grant bithu --role secretary --org CB-VP-1 "
	    "--allow contacts\n" },
	{ "revoke", user_revoke, "revoke a role on an organisation",
	    "revoke USER --role ROLE --org ORG\n" },
	{ NULL, NULL, NULL, NULL },
};

static const struct cmd token_cmds[] = {
	{ "create", token_create, "create an API token (shown once)",
	    "create USER [--expires DAYS] [--name TEXT]\n\n"
	    "Prints a token for scripts: send it as\n"
	    "'Authorization: Bearer TOKEN'.  Only its hash is kept; it acts\n"
	    "with USER's roles.  --expires 0 (default 90) never expires.\n" },
	{ "list", token_list, "list tokens (never the tokens themselves)",
	    "list [USER] [--json]\n" },
	{ "revoke", token_revoke, "revoke a token at once", "revoke ID\n" },
	{ NULL, NULL, NULL, NULL },
};

static const struct cmd audit_cmds[] = {
	{ "verify", audit_verify, "check the audit trail's hash chain",
	    "verify [--head LINE]\n\n"
	    "Walks every row of the audit table and checks that no entry was\n"
	    "altered, removed, reordered or added outside the chain (an id of\n"
	    "0 or below, a repeated id, an entry after the head).  Prints the\n"
	    "number of entries and the head line (as `chibo audit head`).\n"
	    "--head LINE: a line printed earlier by `chibo audit head` (or\n"
	    "verify), kept elsewhere; the chain must still contain that entry\n"
	    "with that hash, so a chain rewound or rewritten since fails.\n"
	    "Exit 0 if intact, 1 with the first bad entry otherwise.\n" },
	{ "head", audit_head, "print the chain's head, to keep elsewhere",
	    "head\n\n"
	    "Prints one line: the id and hash of the newest entry and its\n"
	    "time (\"ID HASH TIME\").  Keep it outside the server (a ticket,\n"
	    "a mail, paper); `chibo audit verify --head LINE` later proves\n"
	    "that the trail still contains it.  Run `chibo audit verify`\n"
	    "first: a head is worth keeping only from an intact chain.\n" },
	{ "list", audit_list, "show the latest audit entries",
	    "list [--member ID] [--org ORG] [--action A] [--user NAME]\n"
	    "     [--from DATE] [--to DATE] [--limit N] [--json]\n\n"
	    "Newest first, one a line: the entry's id, the time (dd/mm/yyyy\n"
	    "HH:MM, Asia/Ho_Chi_Minh), who (the account's display name, or the\n"
	    "actor: cli:USER@HOST for the command line), what (the action's\n"
	    "label, Vietnamese, or English with CHIBO_LANG=en; and the\n"
	    "member's name when it is about one) and, in\n"
	    "brackets, the action and its object.  --user is an exact actor\n"
	    "(a user name, or cli:USER@HOST), --from and --to days\n"
	    "(dd/mm/yyyy or ISO, both included).  --json gives the API's\n"
	    "entries.  A dossier view served by `chibo serve` is recorded once\n"
	    "per viewer, record and session within its --view-window; one\n"
	    "read with `chibo member show` every time, as cli:USER@HOST.\n" },
	{ NULL, NULL, NULL, NULL },
};

int
cmd_user(struct app *app, int argc, char **argv)
{
	return cli_dispatch(app, "user", user_cmds, argc, argv);
}

int
cmd_token(struct app *app, int argc, char **argv)
{
	return cli_dispatch(app, "token", token_cmds, argc, argv);
}

int
cmd_audit(struct app *app, int argc, char **argv)
{
	return cli_dispatch(app, "audit", audit_cmds, argc, argv);
}

static int
fail(struct app *app, struct cb_error *err)
{
	int rc = cli_report(app, err);

	cb_error_release(err);
	return rc;
}

/* Reads the first line of standard input (the password). */
static char *
read_password(void)
{
	char buf[1100];
	size_t n;

	if (fgets(buf, sizeof(buf), stdin) == NULL)
		return NULL;
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	return strdup(buf);
}

/* Options shared by add/grant/revoke/passwd: --role, --org, --name,
 * --member, --password-stdin; the first argument is the user name. */
struct uopts {
	const char *user;
	const char *role;
	const char *org;
	const char *name;
	const char *allow; /* grant --allow: options, or "none" */
	int64_t member;
	bool pw_stdin;
	bool json;
};

static int
parse_uopts(struct app *app, int argc, char **argv, struct uopts *o,
    bool need_user)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "org", required_argument, NULL, 'o' },
		{ "name", required_argument, NULL, 'n' },
		{ "member", required_argument, NULL, 'm' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "allow", required_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 }
	};
	int ch;

	memset(o, 0, sizeof(*o));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			o->role = optarg;
			break;
		case 'o':
			o->org = optarg;
			break;
		case 'n':
			o->name = optarg;
			break;
		case 'm':
			if (!cli_parse_id(optarg, &o->member))
				return cli_usage_error(app,
				    "--member needs a member id");
			break;
		case 'p':
			o->pw_stdin = true;
			break;
		case 'a':
			o->allow = optarg;
			break;
		case 'j':
			o->json = true;
			break;
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (need_user) {
		if (argc - optind != 1)
			return cli_usage_error(app, "one user name is needed");
		o->user = argv[optind];
	} else if (optind != argc)
		return cli_usage_error(app, "unexpected argument '%s'",
		    argv[optind]);
	return 0;
}

static int
user_add(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	struct uopts o;
	struct svc s;
	struct user u;
	char made[32], *pw = NULL;
	int64_t org_id = 0;
	int rc;

	if ((rc = parse_uopts(app, argc, argv, &o, true)) != 0)
		return rc;
	if (o.role == NULL || o.org == NULL)
		return cli_usage_error(app, "--role and --org are required");
	if (role_parse(o.role) == ROLE_NONE)
		return cli_usage_error(app, "unknown role '%s'", o.role);
	if (o.pw_stdin && (pw = read_password()) == NULL)
		return cli_usage_error(app, "no password on standard input");
	if (!o.pw_stdin) {
		hash_random_token(12, made, sizeof(made));
		pw = strdup(made);
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		free(pw);
		return rc;
	}
	user_init(&u);
	if (cli_org_ref(&s, o.org, &org_id, &err) != 0 ||
	    svc_user_add(&s, o.user, o.name, o.member, pw, role_parse(o.role),
	        org_id, &u, &err) != 0)
		rc = fail(app, &err);
	else {
		printf("chibo: account %s added (%s on %s)\n", u.username,
		    o.role, o.org);
		if (!o.pw_stdin)
			printf("password: %s\n(shown once; the user should "
			       "change it)\n",
			    pw);
	}
	if (pw != NULL)
		hash_wipe(pw, strlen(pw));
	free(pw);
	user_release(&u);
	cli_close(st, &s);
	return rc;
}

static int
user_list(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct user_list l = { 0 };
	struct store *st = NULL;
	struct uopts o;
	struct svc s;
	size_t i, j;
	int rc;

	if ((rc = parse_uopts(app, argc, argv, &o, false)) != 0)
		return rc;
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_user_list(&s, &l, &err) != 0)
		rc = fail(app, &err);
	else if (o.json) {
		json_t *a = json_array();

		for (i = 0; i < l.n; i++)
			json_array_append_new(a, user_to_json(&l.items[i]));
		cli_print_json(a);
		json_decref(a);
	} else
		for (i = 0; i < l.n; i++) {
			const struct user *u = &l.items[i];

			cli_pad(stdout, u->username, 16);
			fputs("  ", stdout);
			cli_pad(stdout, u->display_name ? u->display_name : "",
			    24);
			for (j = 0; j < u->ngrants; j++) {
				char opts[64];

				printf("  %s@%s", role_name(u->grants[j].role),
				    u->grants[j].org_code ?
				        u->grants[j].org_code :
				        "?");
				grant_options_format(u->grants[j].options,
				    opts, sizeof(opts));
				if (opts[0])
					printf("(%s)", opts);
			}
			puts(u->disabled ? "  (disabled)" : "");
		}
	user_list_release(&l);
	cli_close(st, &s);
	return rc;
}

static int
set_disabled(struct app *app, int argc, char **argv, bool disabled)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	struct uopts o;
	struct svc s;
	int rc;

	if ((rc = parse_uopts(app, argc, argv, &o, true)) != 0)
		return rc;
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_user_disable(&s, o.user, disabled, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: account %s %s\n", o.user,
		    disabled ? "disabled" : "enabled");
	cli_close(st, &s);
	return rc;
}

static int
user_disable(struct app *app, int argc, char **argv)
{
	return set_disabled(app, argc, argv, true);
}

static int
user_enable(struct app *app, int argc, char **argv)
{
	return set_disabled(app, argc, argv, false);
}

static int
user_passwd(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	struct uopts o;
	struct svc s;
	char made[32], *pw;
	int rc;

	if ((rc = parse_uopts(app, argc, argv, &o, true)) != 0)
		return rc;
	if (o.pw_stdin)
		pw = read_password();
	else {
		hash_random_token(12, made, sizeof(made));
		pw = strdup(made);
	}
	if (pw == NULL)
		return cli_usage_error(app, "no password on standard input");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		free(pw);
		return rc;
	}
	if (svc_user_passwd(&s, o.user, pw, &err) != 0)
		rc = fail(app, &err);
	else {
		printf("chibo: password of %s changed; its sessions ended\n",
		    o.user);
		if (!o.pw_stdin)
			printf("password: %s\n(shown once)\n", pw);
	}
	hash_wipe(pw, strlen(pw));
	free(pw);
	cli_close(st, &s);
	return rc;
}

static int
grant(struct app *app, int argc, char **argv, bool revoke)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	struct uopts o;
	struct svc s;
	unsigned options = 0;
	int64_t org_id = 0;
	int rc;

	if ((rc = parse_uopts(app, argc, argv, &o, true)) != 0)
		return rc;
	if (o.role == NULL || o.org == NULL)
		return cli_usage_error(app, "--role and --org are required");
	if (role_parse(o.role) == ROLE_NONE)
		return cli_usage_error(app, "unknown role '%s'", o.role);
	if (o.allow != NULL && revoke)
		return cli_usage_error(app, "--allow is for grant only");
	if (o.allow != NULL && strcmp(o.allow, "none") != 0 &&
	    grant_options_parse(o.allow, &options) != 0)
		return cli_usage_error(app,
		    "unknown option in --allow '%s' (contacts, discipline, "
		    "none)",
		    o.allow);
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (cli_org_ref(&s, o.org, &org_id, &err) != 0 ||
	    svc_user_grant_opts(&s, o.user, role_parse(o.role), org_id, revoke,
	        o.allow != NULL, options, &err) != 0)
		rc = fail(app, &err);
	else if (o.allow != NULL && !revoke)
		printf("chibo: %s now has %s on %s, options: %s\n", o.user,
		    o.role, o.org, options ? o.allow : "none");
	else
		printf("chibo: %s %s %s on %s\n", o.user,
		    revoke ? "no longer has" : "now has", o.role, o.org);
	cli_close(st, &s);
	return rc;
}

static int
user_grant(struct app *app, int argc, char **argv)
{
	return grant(app, argc, argv, false);
}

static int
user_revoke(struct app *app, int argc, char **argv)
{
	return grant(app, argc, argv, true);
}

/* ------------------------------------------------------------ tokens */

static int
token_create(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "expires", required_argument, NULL, 'e' },
		{ "name", required_argument, NULL, 'n' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct api_token t;
	struct store *st = NULL;
	const char *name = NULL;
	char *token = NULL, *end;
	struct svc s;
	long days = 90;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'e') {
			days = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || days < 0 ||
			    days > 3650)
				return cli_usage_error(app,
				    "--expires is 0 to 3650 days");
		} else if (ch == 'n')
			name = optarg;
		else
			return cli_usage_error(app, "unknown option");
	}
	if (argc - optind != 1)
		return cli_usage_error(app, "one user name is needed");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	if (svc_token_create(&s, argv[optind], name, (int)days, &token, &t,
	        &err) != 0)
		rc = fail(app, &err);
	else {
		printf("%s\n", token);
		fprintf(stderr,
		    "chibo: token %lld for %s (%s); shown once, "
		    "only its hash is kept\n",
		    (long long)t.id, argv[optind],
		    t.expires_at ? t.expires_at : "never expires");
		hash_wipe(token, strlen(token));
	}
	free(token);
	api_token_release(&t);
	cli_close(st, &s);
	return rc;
}

static int
token_list(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct api_token_list l = { 0 };
	struct store *st = NULL;
	bool json = false;
	const char *user = NULL;
	struct svc s;
	size_t i;
	int rc, k;

	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--json") == 0)
			json = true;
		else if (argv[k][0] != '-' && user == NULL)
			user = argv[k];
		else
			return cli_usage_error(app, "unexpected argument '%s'",
			    argv[k]);
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_token_list(&s, user, &l, &err) != 0)
		rc = fail(app, &err);
	else if (json) {
		json_t *a = json_array();

		for (i = 0; i < l.n; i++)
			json_array_append_new(a,
			    api_token_to_json(&l.items[i]));
		cli_print_json(a);
		json_decref(a);
	} else
		for (i = 0; i < l.n; i++) {
			const struct api_token *t = &l.items[i];

			printf("%5lld  %-14s %-14s %-20s %s%s\n",
			    (long long)t->id, t->username ? t->username : "",
			    t->prefix ? t->prefix : "", t->name ? t->name : "",
			    t->expires_at ? t->expires_at : "never",
			    t->revoked_at ? "  (revoked)" : "");
		}
	api_token_list_release(&l);
	cli_close(st, &s);
	return rc;
}

static int
token_revoke(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;
	struct svc s;
	int64_t id;
	int rc;

	if (argc != 2 || !cli_parse_id(argv[1], &id))
		return cli_usage_error(app, "a token id is needed");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_token_revoke(&s, id, &err) != 0)
		rc = fail(app, &err);
	else
		printf("chibo: token %lld revoked\n", (long long)id);
	cli_close(st, &s);
	return rc;
}

/* ------------------------------------------------------------- audit */

static int
audit_verify(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "head", required_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	char want[AUDIT_HASH_LEN], line[AUDIT_HEAD_LINE_MAX];
	struct audit_report r;
	struct store *st = NULL;
	bool expect = false;
	int64_t want_id = 0;
	struct svc s;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			if (audit_head_parse(optarg, &want_id, want) != 0)
				return cli_usage_error(app,
				    "bad --head: give the line of"
				    " `chibo audit head` (ID HASH ...)");
			expect = true;
			break;
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage_error(app, "no arguments are taken");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_audit_verify(&s, want_id, expect ? want : NULL, &r, &err) != 0)
		rc = fail(app, &err);
	else if (r.ok) {
		audit_head_line(r.head_id, r.head_hash, NULL, line);
		printf("chibo: audit trail intact: %lld entries; head %s\n",
		    (long long)r.count, line);
	} else {
		static const struct {
			const char *code, *en, *vi;
		} why[] = {
			{ "gap", "entries before it were removed or reordered",
			    "các bản ghi trước nó đã bị xóa hoặc đảo thứ tự" },
			{ "prev_mismatch",
			    "it does not follow the entry before it",
			    "nó không nối tiếp bản ghi liền trước" },
			{ "altered", "its content was altered",
			    "nội dung của nó đã bị sửa" },
			{ "extra",
			    "a row outside the chain (id 0 or below, repeated,"
			    " or after the head)",
			    "có bản ghi nằm ngoài chuỗi (mã từ 0 trở xuống,"
			    " trùng mã, hoặc sau đầu chuỗi)" },
			{ "truncated", "the newest entries were removed",
			    "các bản ghi mới nhất đã bị xóa" },
			{ "head_mismatch", "the chain's head does not match",
			    "đầu chuỗi không khớp" },
			{ "rewound",
			    "the chain ends before the published head",
			    "chuỗi kết thúc trước đầu chuỗi đã công bố" },
			{ "rewritten",
			    "the published head's entry has another hash",
			    "bản ghi của đầu chuỗi đã công bố có mã băm khác" },
		};
		const char *text = r.bad_code;
		size_t i;

		for (i = 0; i < sizeof(why) / sizeof(why[0]); i++)
			if (strcmp(why[i].code, r.bad_code) == 0)
				text = app->lang == LANG_EN ?
				    why[i].en :
				    why[i].vi;
		fprintf(stderr,
		    app->lang == LANG_EN ?
		        "chibo audit verify: BROKEN at entry %lld (%s): %s\n" :
		        "chibo audit verify: HỎNG tại bản ghi %lld (%s): %s\n",
		    (long long)r.bad_id, r.bad_code, text);
		rc = EXIT_FAIL;
	}
	cli_close(st, &s);
	return rc;
}

static int
audit_head(struct app *app, int argc, char **argv)
{
	struct cb_error err = CB_ERROR_INIT;
	char line[AUDIT_HEAD_LINE_MAX];
	struct store *st = NULL;
	struct svc s;
	int rc;

	(void)argv;
	if (argc != 1)
		return cli_usage_error(app, "no arguments are taken");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if (svc_audit_head(&s, line, &err) != 0)
		rc = fail(app, &err);
	else
		printf("%s\n", line);
	cli_close(st, &s);
	return rc;
}

static int
audit_list(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "member", required_argument, NULL, 'm' },
		{ "org", required_argument, NULL, 'o' },
		{ "action", required_argument, NULL, 'a' },
		{ "user", required_argument, NULL, 'u' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "limit", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct audit_query q = { .limit = 50 };
	struct audit_list l = { 0 };
	struct store *st = NULL;
	const char *org = NULL;
	char from[DATE_LEN] = "", to[DATE_LEN] = "";
	bool json = false;
	struct svc s;
	int64_t n;
	size_t i;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'm':
			if (!cli_parse_id(optarg, &q.member_id))
				return cli_usage_error(app, "bad --member");
			break;
		case 'o':
			org = optarg;
			break;
		case 'a':
			q.action = optarg;
			break;
		case 'u':
			q.actor = optarg;
			break;
		case 'f':
			if (!cli_parse_date(optarg, from))
				return cli_usage_error(app, "bad --from date");
			break;
		case 't':
			if (!cli_parse_date(optarg, to))
				return cli_usage_error(app, "bad --to date");
			break;
		case 'l':
			if (!cli_parse_id(optarg, &n) || n > 1000)
				return cli_usage_error(app,
				    "--limit is 1 to 1000");
			q.limit = (size_t)n;
			break;
		case 'j':
			json = true;
			break;
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	svc_audit_days(&q, from, to);
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	if ((org != NULL && cli_org_ref(&s, org, &q.org_id, &err) != 0) ||
	    svc_audit_list(&s, &q, &l, &err) != 0)
		rc = fail(app, &err);
	else if (json) {
		json_t *a = json_array();

		for (i = 0; i < l.n; i++)
			json_array_append_new(a,
			    audit_entry_to_json(&l.items[i], app->lang));
		cli_print_json(a);
		json_decref(a);
	} else
		for (i = 0; i < l.n; i++) {
			const struct audit_entry *e = &l.items[i];
			char when[32], *label = svc_audit_label(e, app->lang);

			cli_time_vn(e->at, when, sizeof(when));
			printf("%6lld  %s  ", (long long)e->id, when);
			cli_pad(stdout,
			    e->actor_name ? e->actor_name :
			        e->actor  ? e->actor :
			                    "",
			    24);
			printf("  %s", label ? label : "");
			if (e->object_name != NULL)
				printf(": %s", e->object_name);
			printf("  [%s", e->action ? e->action : "");
			if (e->object_id != 0)
				printf(" %s %lld",
				    e->object_type ? e->object_type : "",
				    (long long)e->object_id);
			printf("]\n");
			free(label);
		}
	audit_list_release(&l);
	cli_close(st, &s);
	return rc;
}
