/* cli.c - helpers shared by the commands.  See cli.h. */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>

#include "util/date.h"
#include "util/sb.h"
#include "util/text.h"

#include "util/banned.h"

/* ------------------------------------------------- escaped output */

/* The length of the UTF-8 sequence that lead byte c starts (1 for
 * anything that is not a multi-byte lead: written as it is). */
static size_t
seq_len(unsigned char c)
{
	return c >= 0xC2 && c < 0xE0 ?
	    2 :
	    c >= 0xE0 && c < 0xF0 ?
	    3 :
	    c >= 0xF0 && c < 0xF5 ?
	    4 :
	    1;
}

/* The code point of s[0..n) (n == seq_len(s[0])), or -1 if malformed. */
static long
seq_cp(const unsigned char *s, size_t n)
{
	unsigned long c = n == 1 ? s[0] :
	    n == 2               ? s[0] & 0x1Fu :
	    n == 3               ? s[0] & 0x0Fu :
	                           s[0] & 0x07u;
	size_t k;

	for (k = 1; k < n; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return -1;
		c = c << 6 | (s[k] & 0x3Fu);
	}
	return (long)c;
}

/*
 * Escapes s[0..len) into out; returns how many bytes it used: fewer than
 * len when s ends in the middle of a sequence and more may follow
 * (partial), all of them otherwise.
 */
static size_t
escape_into(const unsigned char *s, size_t len, bool partial, struct sb *out)
{
	size_t i = 0, n;
	long cp;

	while (i < len) {
		n = seq_len(s[i]);
		if (n > len - i) {
			if (partial)
				return i;
			n = 1;
		}
		cp = seq_cp(s + i, n);
		if (cp < 0)
			n = 1, cp = s[i];
		if (cp != '\n' && cp != '\t' && (n > 1 || cp < 0x80) &&
		    text_is_control((uint32_t)cp))
			sb_addf(out, "\\u%04lx", (unsigned long)cp);
		else
			sb_addn(out, (const char *)s + i, n);
		i += n;
	}
	return len;
}

void
cli_escape_text(const char *s, size_t len, struct sb *out)
{
	escape_into((const unsigned char *)s, len, false, out);
}

struct esc_stream {
	int fd;
	unsigned char carry[4]; /* a sequence cut by the buffer's end */
	size_t ncarry;
};

static FILE *raw_stdout;

FILE *
cli_stdout_raw(void)
{
	if (raw_stdout != NULL) {
		fflush(stdout);
		return raw_stdout;
	}
	return stdout;
}

static int
write_all(int fd, const char *b, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, b, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static ssize_t
esc_write(void *cookie, const char *buf, size_t size)
{
	struct esc_stream *e = cookie;
	unsigned char joined[8];
	struct sb out;
	size_t used = 0, take;
	int rc;

	sb_init(&out, 0);
	if (e->ncarry > 0) {
		/* Finish the cut sequence first. */
		take = size < 4 ? size : 4;
		memcpy(joined, e->carry, e->ncarry);
		memcpy(joined + e->ncarry, buf, take);
		used = escape_into(joined, e->ncarry + take, true, &out);
		if (used < e->ncarry) { /* still cut: keep it all */
			memcpy(e->carry + e->ncarry, buf, take);
			e->ncarry += take;
			sb_release(&out);
			return (ssize_t)size;
		}
		used -= e->ncarry;
		e->ncarry = 0;
	}
	take = used +
	    escape_into((const unsigned char *)buf + used, size - used, true,
	        &out);
	if (take < size) {
		e->ncarry = size - take;
		memcpy(e->carry, buf + take, e->ncarry);
	}
	rc = sb_err(&out) ? -1 : write_all(e->fd, out.buf, out.len);
	sb_release(&out);
	return rc == 0 ? (ssize_t)size : -1;
}

static int
esc_close(void *cookie)
{
	struct esc_stream *e = cookie;
	int rc = e->ncarry ?
	    write_all(e->fd, (const char *)e->carry, e->ncarry) :
	    0;

	e->ncarry = 0;
	return rc;
}

/* Static: the streams live until exit, which flushes them. */
static struct esc_stream esc_out, esc_err;

static FILE *
esc_open(struct esc_stream *e, int fd, int mode)
{
	cookie_io_functions_t io = { NULL, esc_write, NULL, esc_close };
	FILE *f;

	e->fd = fd;
	e->ncarry = 0;
	if ((f = fopencookie(e, "w", io)) == NULL)
		return NULL;
	setvbuf(f, NULL, mode, BUFSIZ);
	return f;
}

void
cli_escape_streams(void)
{
	FILE *out, *err;

	fflush(stdout);
	fflush(stderr);
	out = esc_open(&esc_out, STDOUT_FILENO,
	    isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF);
	err = esc_open(&esc_err, STDERR_FILENO, _IONBF);
	if (out != NULL) {
		raw_stdout = stdout;
		stdout = out;
	}
	if (err != NULL)
		stderr = err;
}

void
cli_usage(FILE *out, const char *prog, const struct cmd *c)
{
	fprintf(out, "usage: %s %s\n", prog, c->usage);
}

int
cli_usage_error(struct app *app, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", app->prog ? app->prog : "chibo");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see '%s --help')\n",
	    app->prog ? app->prog : "chibo");
	return EXIT_USAGE;
}

/* Levenshtein distance of short ASCII words, for "did you mean". */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64], prev, tmp;

	if (la > 62 || lb > 62)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

int
cli_dispatch(struct app *app, const char *family, const struct cmd *cmds,
    int argc, char **argv)
{
	char prog[64];
	const struct cmd *c, *near = NULL;
	size_t best = 3;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		FILE *out = argc < 2 ? stderr : stdout;

		fprintf(out,
		    "usage: chibo %s COMMAND [OPTIONS]\n\n"
		    "Commands:\n",
		    family);
		for (c = cmds; c->name; c++)
			fprintf(out, "  %-10s %s\n", c->name, c->summary);
		fprintf(out, "\nSee 'chibo %s COMMAND --help'.\n", family);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	for (c = cmds; c->name; c++) {
		size_t d;
		int i;

		if (strcmp(c->name, argv[1]) == 0) {
			snprintf(prog, sizeof(prog), "chibo %s %s", family,
			    c->name);
			app->prog = prog;
			/* --help anywhere before "--" answers without touching
			 * the database. */
			for (i = 2; i < argc && strcmp(argv[i], "--"); i++)
				if (strcmp(argv[i], "--help") == 0 ||
				    strcmp(argv[i], "-h") == 0) {
					snprintf(prog, sizeof(prog),
					    "chibo %s", family);
					cli_usage(stdout, prog, c);
					return EXIT_OK;
				}
			return c->fn(app, argc - 1, argv + 1);
		}
		if ((d = distance(c->name, argv[1])) < best) {
			best = d;
			near = c;
		}
	}
	fprintf(stderr, "chibo %s: '%s' is not a command", family, argv[1]);
	if (near != NULL)
		fprintf(stderr, "; did you mean '%s'?", near->name);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int
cli_report(struct app *app, const struct cb_error *err)
{
	char *m;
	size_t i;

	m = msg_render(err->mcode ? err->mcode : cb_code_name(err->code),
	    err->arg, app->lang);
	fprintf(stderr, "%s: %s\n", app->prog ? app->prog : "chibo",
	    m ? m : "error");
	free(m);
	for (i = 0; i < err->nfields; i++) {
		const struct cb_ferr *f = &err->fields[i];

		m = msg_render_given(f->code, f->arg, f->given, app->lang);
		fputs("  - ", stderr);
		if (f->row > 0)
			fprintf(stderr,
			    app->lang == LANG_EN ? "row %ld, " : "dòng %ld, ",
			    f->row);
		fprintf(stderr, "%s: %s",
		    msg_entity_field_label(app->entity, f->field, app->lang),
		    m ? m : f->code);
		if (f->rule != NULL)
			fprintf(stderr, " [%s%s%s]", f->rule,
			    f->citation ? ": " : "",
			    f->citation ? f->citation : "");
		fputc('\n', stderr);
		free(m);
	}
	/* The operator at a terminal may see what the database said; the
	 * API never shows it. */
	if (err->detail != NULL &&
	    (getenv("CHIBO_DEBUG") != NULL || err->code == CB_ESTORE ||
	        err->code == CB_EIO))
		fprintf(stderr, "  (%s)\n", err->detail);
	return EXIT_FAIL;
}

int
cli_rules(struct app *app, struct cb_error *err)
{
	int rc;

	if (app->rules_loaded)
		return 0;
	if ((rc = rules_load_base(&app->rules, err)) == 0)
		app->rules_loaded = true;
	return rc;
}

/* True if s is a non-empty name of printable ASCII without spaces or
 * '@' (what an account or host name looks like). */
static bool
plain_name(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~' || *s == '@')
			return false;
	return true;
}

void
cli_actor(char *out, size_t size)
{
	char host[256] = "";
	char user[64] = "";
	struct passwd pw, *found = NULL;
	char buf[4096];
	uid_t uid = geteuid();

	/* The account from the system's user database, not from $USER
	 * (which anybody can set); the number when it has no entry. */
	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &found) == 0 &&
	    found != NULL && plain_name(found->pw_name))
		snprintf(user, sizeof(user), "%s", found->pw_name);
	else
		snprintf(user, sizeof(user), "uid%lu", (unsigned long)uid);
	if (gethostname(host, sizeof(host)) != 0 || !plain_name(host))
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	snprintf(out, size, "cli:%s@%s", user, host);
}

int
cli_open(struct app *app, struct store **ret_st, struct svc *ret_svc)
{
	struct cb_error err = CB_ERROR_INIT;

	if (cli_rules(app, &err) != 0 ||
	    svc_open_db(app->dburl, ret_st, &err) != 0) {
		cli_report(app, &err);
		cb_error_release(&err);
		return EXIT_FAIL;
	}
	cli_actor(app->actor, sizeof(app->actor));
	svc_init(ret_svc, *ret_st, &app->rules, app->actor);
	return EXIT_OK;
}

void
cli_close(struct store *st, struct svc *s)
{
	svc_release(s);
	store_close(st);
}

bool
cli_parse_id(const char *s, int64_t *ret)
{
	char *end;
	long long v;

	if (s == NULL || *s < '1' || *s > '9')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return false;
	*ret = v;
	return true;
}

int
cli_org_ref(struct svc *s, const char *ref, int64_t *ret_id,
    struct cb_error *err)
{
	struct org o;
	int64_t id;
	int rc;

	org_init(&o);
	if (cli_parse_id(ref, &id))
		rc = svc_org_get(s, id, &o, err);
	else
		rc = svc_org_get_by_code(s, ref, &o, err);
	if (rc == 0)
		*ret_id = o.id;
	org_release(&o);
	return rc;
}

void
cli_time_vn(const char *ts, char *out, size_t size)
{
	struct date d;
	char day[DATE_LEN];
	int h, mi;
	int64_t mins;

	if (ts == NULL || strlen(ts) < 16 || ts[10] != 'T' ||
	    sscanf(ts + 11, "%2d:%2d", &h, &mi) != 2 ||
	    snprintf(day, sizeof(day), "%.10s", ts) < 0 ||
	    date_parse_iso(day, &d) != 0) {
		snprintf(out, size, "%s", ts ? ts : "");
		return;
	}
	/* UTC+7, no daylight saving. */
	mins = date_to_days(&d) * 1440 + h * 60 + mi + 7 * 60;
	d = date_from_days(mins / 1440);
	mins %= 1440;
	date_format_vn(&d, day);
	snprintf(out, size, "%s %02d:%02d", day, (int)(mins / 60),
	    (int)(mins % 60));
}

bool
cli_parse_date(const char *s, char out[DATE_LEN])
{
	struct date d;

	if (date_parse_any(s, &d) != 0)
		return false;
	date_format_iso(&d, out);
	return true;
}

const char *
cli_date_vn(const char *iso, char buf[DATE_LEN])
{
	struct date d;

	if (iso == NULL || date_parse_iso(iso, &d) != 0) {
		buf[0] = '\0';
		return buf;
	}
	date_format_vn(&d, buf);
	return buf;
}

void
cli_pad(FILE *out, const char *s, size_t width)
{
	size_t n = s ? text_utf8_len(s) : 0;

	fputs(s ? s : "", out);
	while (n++ < width)
		fputc(' ', out);
}

int
cli_print_json(json_t *v)
{
	/* 15 significant digits, as the server writes (http/server.c). */
	char *s = json_dumps(v,
	    JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));

	if (s == NULL)
		return EXIT_FAIL;
	puts(s);
	free(s);
	return EXIT_OK;
}

int
cli_read_file(const char *path, size_t max, char **ret, size_t *ret_len,
    struct cb_error *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	struct sb b;
	char buf[65536];
	size_t n;

	if (f == NULL)
		return cb_error_set(err, CB_EIO, "io_error", path);
	sb_init(&b, max);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (sb_addn(&b, buf, n) != 0)
			break;
	if (ferror(f)) {
		if (f != stdin)
			fclose(f);
		sb_release(&b);
		return cb_error_set(err, CB_EIO, "io_error", path);
	}
	if (f != stdin)
		fclose(f);
	if (sb_err(&b) != 0) {
		int e = sb_err(&b);

		sb_release(&b);
		return cb_error_set(err, -e,
		    e == -CB_ETOOBIG ? "too_big" : NULL, NULL);
	}
	*ret = sb_detach(&b, ret_len);
	return *ret ? 0 : cb_error_set(err, CB_ENOMEM, NULL, NULL);
}
