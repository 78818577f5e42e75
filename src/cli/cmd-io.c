/* cmd-io.c - chibo import members, chibo export members. */
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/date.h"
#include "util/msg.h"
#include "util/sb.h"

#include "util/banned.h"

const struct cmd cmd_import_desc = { "import", cmd_import,
	"import members from a CSV or Excel file (all or nothing)",
	"import members FILE [--dry-run] [--token T]\n"
	"       [--accept-identity ROW[,ROW...]] [--db PATH|URL]\n\n"
	"Reads members from FILE: CSV (UTF-8 with or without BOM, or\n"
	"Windows-1258; ',' or ';'; dates dd/mm/yyyy or yyyy-mm-dd) or Excel\n"
	"(.xlsx, first sheet).  The first row names the columns: the API's\n"
	"field names or the Vietnamese headers (see docs/import.md); the\n"
	"organisation is given by org_code (\"Mã chi bộ\") or org_id.\n"
	"All or nothing: if any row is bad, nothing is written and every bad\n"
	"row and column is reported.  Rows are matched with existing members\n"
	"by citizen ID, then by Party card number, so importing the same file\n"
	"twice changes nothing.\n"
	"--dry-run checks without writing: it prints every update the import\n"
	"would make (member, cell, each field old -> new) and the check's\n"
	"token.  --token T applies the file only if it is the file checked,\n"
	"with the same options, and the import still does exactly what the\n"
	"check printed (otherwise nothing is written).  Without --token the\n"
	"file is read once and checked and applied in one transaction.\n"
	"A row whose citizen ID or card number is a stored member's but whose\n"
	"full name or birth date differs is a conflict (identity_conflict)\n"
	"naming that member; nothing is written.  --accept-identity lists the\n"
	"rows (as the report numbers them) whose change the office accepts;\n"
	"a listed row without a conflict is an error.\n" };

const struct cmd cmd_export_desc = { "export", cmd_export,
	"export members as CSV, Excel, PDF or JSON",
	"export members [--format csv|xlsx|pdf|json] [--headers labels|keys]\n"
	"       [--org ORG] [--status S] [--state S] [--sort S]\n"
	"       [-o|--output FILE] [--db PATH|URL]\n\n"
	"Writes the members (default: those on the rolls), in Vietnamese name\n"
	"order, to standard output or FILE:\n"
	"  csv   UTF-8 with BOM for Excel; the header row in Vietnamese (the\n"
	"        labels the import reads, e.g. \"Họ và tên\"; --headers keys:\n"
	"        the API's field names); ISO dates.  It imports back unchanged.\n"
	"  xlsx  an Excel workbook: Vietnamese headers (bold, frozen, with a\n"
	"        filter), dates as date cells shown dd/mm/yyyy.  It imports\n"
	"        back unchanged.\n"
	"  pdf   a printable list (A4 landscape) with the Party document\n"
	"        header, numbered rows and page numbers.\n"
	"  json  an array of the API's member objects.\n"
	"A text a spreadsheet would take for a formula (starting with = + - @)\n"
	"is written with a quote before it; the import removes that quote\n"
	"(docs/import.md).  ORG is an organisation id or code (its whole\n"
	"subtree).  Fields the account may not see are left empty.\n" };

/* Files up to this size are read into memory (a copy no other process
 * can change while it is checked and applied); larger ones, for the
 * fast path, are mapped. */
#define READ_MAX ((size_t)256 << 20)

/* Reads a whole file, or maps it read-only (imports may be gigabytes:
 * the fast path reads them as a stream).  *ret is NULL for an empty
 * file; *ret_mapped says how to free it. */
static int
map_file(const char *path, const char **ret, size_t *ret_len, bool *ret_mapped,
    struct cb_error *err)
{
	struct stat sb;
	void *p;
	int fd;

	*ret = NULL;
	*ret_len = 0;
	*ret_mapped = false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return cb_error_set(err, CB_EIO, "io_error", path);
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return cb_error_set(err, CB_EIO, "io_error", path);
	}
	if (sb.st_size == 0) {
		close(fd);
		return 0;
	}
	if ((size_t)sb.st_size <= READ_MAX) {
		size_t n = (size_t)sb.st_size, got = 0;
		char *buf = malloc(n + 1);
		ssize_t k = 1;

		while (buf != NULL && got < n &&
		    (k = read(fd, buf + got, n - got)) > 0)
			got += (size_t)k;
		close(fd);
		if (buf == NULL)
			return cb_error_set(err, CB_ENOMEM, NULL, NULL);
		if (k < 0) {
			free(buf);
			return cb_error_set(err, CB_EIO, "io_error", path);
		}
		buf[got] = '\0';
		*ret = buf;
		*ret_len = got;
		return 0;
	}
	*ret_mapped = true;
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return cb_error_set(err, CB_EIO, "io_error", path);
	(void)madvise(p, (size_t)sb.st_size, MADV_SEQUENTIAL);
	*ret = p;
	*ret_len = (size_t)sb.st_size;
	return 0;
}

static void
free_file(const char *data, size_t len, bool mapped)
{
	if (mapped && data != NULL)
		munmap((void *)data, len);
	else
		free((void *)data);
}

/* A value of the preview in the app's language: dates dd/mm/yyyy,
 * nothing as "(trống)". */
static const char *
shown(struct app *app, const char *v, char buf[DATE_LEN])
{
	struct date d;

	if (v == NULL)
		return app->lang == LANG_EN ? "(empty)" : "(trống)";
	if (strlen(v) == 10 && date_parse_iso(v, &d) == 0) {
		date_format_vn(&d, buf);
		return buf;
	}
	return v;
}

/* The check's preview: every update, field by field. */
static void
print_changes(struct app *app, const struct import_report *rep)
{
	size_t i, j;

	for (i = 0; i < rep->nchanges; i++) {
		const struct import_change *c = &rep->changes[i];

		printf("%s %ld: #%lld %s, %s (%s)\n",
		    app->lang == LANG_EN ? "Row" : "Dòng", c->row,
		    (long long)c->member_id, c->full_name ? c->full_name : "",
		    c->org_name ? c->org_name : "",
		    c->org_code ? c->org_code : "");
		for (j = 0; j < c->nfields; j++) {
			const struct import_change_field *f = &c->fields[j];
			char a[DATE_LEN], b[DATE_LEN];

			printf("    %s (%s): %s -> %s\n",
			    msg_field_label(f->field, app->lang), f->field,
			    shown(app, f->old, a), shown(app, f->new_, b));
		}
	}
}

int
cmd_import(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "token", required_argument, NULL, 't' },
		{ "accept-identity", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct import_report rep;
	struct store *st = NULL;
	struct svc s;
	struct import_options o = { .dry_run = false };
	long *rows = NULL;
	const char *data = NULL, *path, *base;
	size_t len = 0;
	bool mapped = false;
	int ch, rc;

	app->prog = "chibo import";
	optind = 0;
	while ((ch = getopt_long(argc, argv, "nh", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			o.dry_run = true;
			break;
		case 't':
			if (optarg[0] == '\0' ||
			    strlen(optarg) >= IMPORT_TOKEN_LEN) {
				free(rows);
				return cli_usage_error(app,
				    "--token: the token a --dry-run printed");
			}
			o.token = optarg;
			break;
		case 'a':
			free(rows);
			if (svc_import_rows_parse(optarg, &rows,
			        &o.naccept_identity) != 0)
				return cli_usage_error(app,
				    "--accept-identity: rows as 12,15");
			o.accept_identity = rows;
			break;
		case 'h':
			free(rows);
			cli_usage(stdout, "chibo", &cmd_import_desc);
			return EXIT_OK;
		default:
			free(rows);
			return cli_usage_error(app, "unknown option");
		}
	}
	if (argc - optind != 2 || strcmp(argv[optind], "members") != 0) {
		free(rows);
		return cli_usage_error(app,
		    "usage: chibo import members FILE");
	}
	path = argv[optind + 1];
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if (map_file(path, &data, &len, &mapped, &err) != 0) {
		rc = cli_report(app, &err);
		cb_error_release(&err);
		free(rows);
		return rc;
	}
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK) {
		free_file(data, len, mapped);
		free(rows);
		return rc;
	}
	memset(&rep, 0, sizeof(rep));
	if (svc_import_members_opts(&s, base, data, len, &o, &rep, &err) != 0)
		rc = cli_report(app, &err);
	else if (print_changes(app, &rep), app->lang == LANG_EN)
		printf("chibo: %s %zu rows (%s): %zu created, %zu updated, "
		       "%zu unchanged\n",
		    o.dry_run ? "checked" : "imported", rep.rows, rep.format,
		    rep.created, rep.updated, rep.unchanged);
	else
		printf(
		    "chibo: đã %s %zu dòng (%s): %zu thêm mới, %zu cập nhật,"
		    " %zu không đổi\n",
		    o.dry_run ? "kiểm tra" : "nhập", rep.rows, rep.format,
		    rep.created, rep.updated, rep.unchanged);
	if (rc == EXIT_OK && rep.token[0] != '\0')
		printf("chibo: token: %s\n", rep.token);
	import_report_release(&rep);
	cb_error_release(&err);
	cli_close(st, &s);
	free_file(data, len, mapped);
	free(rows);
	return rc;
}

int
cmd_export(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "org", required_argument, NULL, 'g' },
		{ "status", required_argument, NULL, 's' },
		{ "state", required_argument, NULL, 'S' },
		{ "sort", required_argument, NULL, 'r' },
		{ "output", required_argument, NULL, 'o' },
		{ "headers", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	struct cb_error err = CB_ERROR_INIT;
	struct member_query q = { .state = MSTATE_ACTIVE, .sort = MSORT_NAME };
	struct export_options eo = { .fmt = EXPORT_CSV };
	const char *org = NULL, *out_path = NULL;
	struct store *st = NULL;
	struct svc s;
	struct sb out;
	int ch, rc, v;

	app->prog = "chibo export";
	optind = 0;
	while ((ch = getopt_long(argc, argv, "f:o:s:S:r:H:h", opts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'f':
			if ((v = export_format_parse(optarg)) < 0)
				return cli_usage_error(app,
				    "--format is csv, xlsx, pdf or json");
			eo.fmt = (enum export_format)v;
			break;
		case 'H':
			if (strcmp(optarg, "labels") == 0)
				eo.headers = EXPORT_HEADERS_LABELS;
			else if (strcmp(optarg, "keys") == 0)
				eo.headers = EXPORT_HEADERS_KEYS;
			else
				return cli_usage_error(app,
				    "--headers is labels or keys");
			break;
		case 'g':
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
		case 'o':
			out_path = optarg;
			break;
		case 'h':
			cli_usage(stdout, "chibo", &cmd_export_desc);
			return EXIT_OK;
		default:
			return cli_usage_error(app, "unknown option");
		}
	}
	if (argc - optind != 1 || strcmp(argv[optind], "members") != 0)
		return cli_usage_error(app, "usage: chibo export members");
	if ((rc = cli_open(app, &st, &s)) != EXIT_OK)
		return rc;
	sb_init(&out, 0);
	if ((org != NULL && cli_org_ref(&s, org, &q.org_id, &err) != 0) ||
	    svc_export_members(&s, &q, &eo, &out, &err) != 0) {
		rc = cli_report(app, &err);
	} else {
		FILE *f = out_path ? fopen(out_path, "wb") : cli_stdout_raw();

		if (f == NULL || fwrite(out.buf, 1, out.len, f) != out.len ||
		    (f != cli_stdout_raw() && fclose(f) != 0)) {
			cb_error_set(&err, CB_EIO, "io_error",
			    out_path ? out_path : "stdout");
			rc = cli_report(app, &err);
		}
		if (f == cli_stdout_raw())
			fflush(f);
	}
	sb_release(&out);
	cb_error_release(&err);
	cli_close(st, &s);
	return rc;
}
