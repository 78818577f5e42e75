/*
 * cli.h - the chibo command line: one table of command families in
 * main.c, one file per family (cmd-*.c), shared helpers in cli.c.
 * This is an edge: it prints (stdout for results, stderr for errors) and
 * turns errors into exit codes.
 */
#ifndef CHIBO_CLI_CLI_H
#define CHIBO_CLI_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/rulebook.h"
#include "store/store.h"
#include "svc/svc.h"
#include "util/err.h"
#include "util/msg.h"

/* Exit codes: success, runtime failure, usage error. */
#define EXIT_OK 0
#define EXIT_FAIL 1
#define EXIT_USAGE 2

#define CHIBO_DB_DEFAULT "var/chibo.db"

/* What every command gets. */
struct app {
	const char *dburl;     /* --db, or CHIBO_DB, or the default */
	enum lang lang;        /* messages: CHIBO_LANG, LANG; default vi */
	struct rulebook rules; /* the shipped rules (no overrides) */
	bool rules_loaded;
	const char *prog;   /* "chibo member add", for messages */
	const char *entity; /* labels of its errors' fields (msg.c) */
	char actor[160];    /* "cli:<user>@<host>", recorded in history */
};

/* A subcommand: name, handler, one-line summary, usage text. */
struct cmd {
	const char *name;
	int (*fn)(struct app *app, int argc, char **argv);
	const char *summary;
	const char *usage; /* full help text (options) */
};

/*
 * The command line never prints a control character raw: cli_escape_streams
 * (called once by main, before any output) makes stdout and stderr
 * streams that pass every byte to the real ones but the characters
 * util/text.h's text_is_control names (C0 but LF and tab, DEL, C1,
 * bidirectional controls), which they write as "\u001b", "\u202e"...
 * (what jansson writes for C0, so JSON stays valid and means the same).
 * Every table, history, audit line, message and JSON document goes
 * through them.  Data meant as bytes (an export to stdout) goes to
 * cli_stdout_raw().  cli_escape_text is the same escaping into a buffer.
 */
void cli_escape_streams(void);
FILE *cli_stdout_raw(void);
struct sb;
void cli_escape_text(const char *s, size_t len, struct sb *out);

/* Runs the subcommand of a family: argv[0] is the family name.  Prints
 * the family's help for --help or no subcommand, "did you mean" for a
 * typo; returns an exit code. */
int cli_dispatch(struct app *app, const char *family, const struct cmd *cmds,
    int argc, char **argv);

/* Prints a command's usage to out (--help: stdout; misuse: stderr). */
void cli_usage(FILE *out, const char *prog, const struct cmd *c);
/* Reports a usage error ("chibo member add: ..."), returns EXIT_USAGE. */
int cli_usage_error(struct app *app, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Prints err in the app's language to stderr; returns EXIT_FAIL. */
int cli_report(struct app *app, const struct cb_error *err);

/* Loads the shipped rulebook once (rules_load_base). */
int cli_rules(struct app *app, struct cb_error *err);
/* The name the command line acts under: "cli:<user>@<host>", the
 * operating-system account (getpwuid, never $USER; "uid<N>" without an
 * entry) and the host name (gethostname). */
void cli_actor(char *out, size_t size);
/* Opens the database (svc_open_db) and prepares a use-case context with
 * actor cli_actor().  On failure prints and returns EXIT_FAIL. */
int cli_open(struct app *app, struct store **ret_st, struct svc *ret_svc);
void cli_close(struct store *st, struct svc *s);

/* Parses a positive integer id; false if s is not one. */
bool cli_parse_id(const char *s, int64_t *ret);
/* Resolves an organisation given by id or by code into *ret_id. */
int cli_org_ref(struct svc *s, const char *ref, int64_t *ret_id,
    struct cb_error *err);
/* Parses a date given as ISO or dd/mm/yyyy into ISO out; false if bad. */
bool cli_parse_date(const char *s, char out[DATE_LEN]);
/* Prints "dd/mm/yyyy" for an ISO date ("" stays ""). */
const char *cli_date_vn(const char *iso, char buf[DATE_LEN]);
/* Writes "dd/mm/yyyy HH:MM" in Asia/Ho_Chi_Minh for the UTC timestamp
 * ts ("YYYY-MM-DDTHH:MM:SSZ"); ts itself if it is not one. */
void cli_time_vn(const char *ts, char *out, size_t size);
/* Writes s padded with spaces to width characters (code points). */
void cli_pad(FILE *out, const char *s, size_t width);
/* Prints a JSON value to stdout, indented, with a final newline. */
int cli_print_json(json_t *v);
/* Reads a whole file ("-" = stdin); malloc'd, NUL-terminated. */
int cli_read_file(const char *path, size_t max, char **ret, size_t *ret_len,
    struct cb_error *err);

/* Command families (cmd-*.c). */
int cmd_init(struct app *app, int argc, char **argv);
int cmd_demo(struct app *app, int argc, char **argv);
int cmd_serve(struct app *app, int argc, char **argv);
int cmd_import(struct app *app, int argc, char **argv);
int cmd_export(struct app *app, int argc, char **argv);
int cmd_member(struct app *app, int argc, char **argv);
int cmd_org(struct app *app, int argc, char **argv);
int cmd_meeting(struct app *app, int argc, char **argv);
/* chibo discipline (cmd-discipline.c, issue 14). */
int cmd_discipline(struct app *app, int argc, char **argv);
/* chibo evaluation (cmd-evaluation.c, issue 15). */
int cmd_evaluation(struct app *app, int argc, char **argv);
/* A meeting's resolution and self-score (chibo meeting resolution|score),
 * and chibo task (cmd-resolution.c). */
int cli_meeting_resolution(struct app *app, int argc, char **argv);
int cli_meeting_score(struct app *app, int argc, char **argv);
extern const char cli_resolution_usage[];
extern const char cli_score_usage[];
int cmd_task(struct app *app, int argc, char **argv);
/* chibo meeting pdf|ics|report (cmd-meeting-docs.c) and the help of a
 * meeting subcommand (cmd-meeting.c). */
int meeting_pdf(struct app *app, int argc, char **argv);
int meeting_ics(struct app *app, int argc, char **argv);
int meeting_report(struct app *app, int argc, char **argv);
int cmd_meeting_help(const char *sub);
/* cmd-programme.c: terms and inspection programmes (issue 14). */
int cmd_term(struct app *app, int argc, char **argv);
int cmd_inspection(struct app *app, int argc, char **argv);
/* cmd-inspection.c: chibo inspection list|show|add|edit|recommend|done|
 * attach (issue 14), in cmd-programme.c's table of the family. */
int cli_inspection_list(struct app *app, int argc, char **argv);
int cli_inspection_show(struct app *app, int argc, char **argv);
int cli_inspection_add(struct app *app, int argc, char **argv);
int cli_inspection_edit(struct app *app, int argc, char **argv);
int cli_inspection_recommend(struct app *app, int argc, char **argv);
int cli_inspection_done(struct app *app, int argc, char **argv);
int cli_inspection_attach(struct app *app, int argc, char **argv);
extern const char cli_inspection_add_usage[];
int cmd_check(struct app *app, int argc, char **argv);
/* chibo report classification (cmd-report.c, issue 15). */
int cmd_report(struct app *app, int argc, char **argv);
/* cmd-dashboard.c: chibo dashboard [show]|rebuild|check (issue 15). */
int cmd_dashboard(struct app *app, int argc, char **argv);
int cmd_rules(struct app *app, int argc, char **argv);
/* Warns on stderr of the stored rule overrides that are ignored because
 * their value breaks the rule's declared range (chibo serve's start). */
void cli_rules_warn(struct app *app, struct store *st);
int cmd_user(struct app *app, int argc, char **argv);
int cmd_token(struct app *app, int argc, char **argv);
int cmd_audit(struct app *app, int argc, char **argv);
int cmd_backup(struct app *app, int argc, char **argv);
int cmd_restore(struct app *app, int argc, char **argv);

extern const struct cmd cmd_init_desc, cmd_demo_desc, cmd_serve_desc,
    cmd_import_desc, cmd_export_desc, cmd_backup_desc, cmd_restore_desc;

#endif
