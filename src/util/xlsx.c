/*
 * xlsx.c - the XLSX reader (see table.h): the first worksheet of an Office
 * Open XML workbook, with libzip and expat.
 *
 * The reader never holds an uncompressed part in memory: each XML part is
 * streamed out of libzip into expat in 64 KiB chunks, and a part larger
 * than 64 MiB is refused, so a "zip bomb" cannot exhaust memory.  Rows and
 * cells are built and cleaned as for CSV (table-int.h: struct rowbuf,
 * table_builder_add_row, table_cell_finish).
 */
#include "util/table.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "util/alloc.h"
#include "util/date.h"
#include "util/sb.h"
#include "util/table-int.h"

#include "util/banned.h"

#define XLSX_MAX_ROW 1048576 /* Excel's last row */
#define XLSX_MAX_PART ((zip_uint64_t)64 * 1024 * 1024)
#define XLSX_CHUNK 65536
#define NS_SEP ' ' /* expat: "uri local"; no URI has ' ' */

/* The first member of every expat user-data struct below. */
struct xml_base {
	XML_Parser p;
	struct cb_error *err;
	int rc; /* first error, -CB_E* (err set) */
};

/* Records error rc (err already set by the caller) and stops the parser. */
static void
xml_fail(struct xml_base *x, int rc)
{
	if (x->rc == 0)
		x->rc = rc;
	XML_StopParser(x->p, XML_FALSE);
}

/* Sets err to code/mcode and stops the parser. */
static void
xml_error(struct xml_base *x, int code, const char *mcode)
{
	xml_fail(x, cb_error_set(x->err, code, mcode, NULL));
}

/* The local part of an expat name "uri local" (or the name itself). */
static const char *
xml_local(const XML_Char *name)
{
	const char *p = strrchr(name, NS_SEP);

	return p != NULL ? p + 1 : name;
}

/*
 * The value of attribute local (ignoring its namespace if any; with
 * need_ns, only a namespaced one such as r:id) or NULL.
 */
static const char *
xml_attr(const XML_Char **atts, const char *local, bool need_ns)
{
	size_t i;

	for (i = 0; atts[i] != NULL; i += 2) {
		const char *sep = strrchr(atts[i], NS_SEP);

		if (need_ns && sep == NULL)
			continue;
		if (strcmp(sep ? sep + 1 : atts[i], local) == 0)
			return atts[i + 1];
	}
	return NULL;
}

/* A DOCTYPE has no place in OOXML; refusing it rules out entity tricks. */
static void XMLCALL
xml_on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal_subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	xml_error(ud, CB_EINVAL, "xlsx_invalid");
}

/*
 * Streams the part name of za through a new namespace-aware expat parser
 * with the given handlers and x (the handlers' user data).  Returns 0, 1 if
 * the archive has no such part, or -CB_E* with err set: "xlsx_invalid"
 * (unreadable, or not well-formed XML), "too_big" (over XLSX_MAX_PART
 * uncompressed), or whatever a handler reported.
 */
static int
xml_run(zip_t *za, const char *name, XML_StartElementHandler on_start,
    XML_EndElementHandler on_end, XML_CharacterDataHandler on_text,
    struct xml_base *x)
{
	zip_stat_t zs;
	zip_file_t *zf;
	zip_int64_t idx, n;
	zip_uint64_t total = 0;
	void *buf;
	int rc = 0;

	if ((idx = zip_name_locate(za, name, 0)) < 0)
		return 1;
	zip_stat_init(&zs);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &zs) != 0)
		return cb_error_set(x->err, CB_EINVAL, "xlsx_invalid", NULL);
	if ((zs.valid & ZIP_STAT_SIZE) && zs.size > XLSX_MAX_PART) {
		cb_error_detail(x->err, "xlsx: %s is %llu bytes", name,
		    (unsigned long long)zs.size);
		return cb_error_set(x->err, CB_ETOOBIG, "too_big", NULL);
	}
	if ((zf = zip_fopen_index(za, (zip_uint64_t)idx, 0)) == NULL)
		return cb_error_set(x->err, CB_EINVAL, "xlsx_invalid", NULL);
	if ((x->p = XML_ParserCreateNS(NULL, NS_SEP)) == NULL) {
		zip_fclose(zf);
		return cb_error_set(x->err, CB_ENOMEM, NULL, NULL);
	}
	x->rc = 0;
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, on_start, on_end);
	if (on_text != NULL)
		XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetStartDoctypeDeclHandler(x->p, xml_on_doctype);
	for (;;) {
		if ((buf = XML_GetBuffer(x->p, XLSX_CHUNK)) == NULL) {
			rc = cb_error_set(x->err, CB_ENOMEM, NULL, NULL);
			break;
		}
		/* The declared size may lie: count what comes out. */
		if ((n = zip_fread(zf, buf, XLSX_CHUNK)) < 0) {
			cb_error_detail(x->err, "xlsx: %s: %s", name,
			    zip_file_strerror(zf));
			rc = cb_error_set(x->err, CB_EINVAL, "xlsx_invalid",
			    NULL);
			break;
		}
		total += (zip_uint64_t)n;
		if (total > XLSX_MAX_PART) {
			rc = cb_error_set(x->err, CB_ETOOBIG, "too_big", NULL);
			break;
		}
		if (XML_ParseBuffer(x->p, (int)n, n == 0) != XML_STATUS_OK) {
			if ((rc = x->rc) == 0) {
				cb_error_detail(x->err,
				    "xlsx: %s line %lu: %s", name,
				    (unsigned long)
				        XML_GetCurrentLineNumber(x->p),
				    XML_ErrorString(XML_GetErrorCode(x->p)));
				rc = cb_error_set(x->err, CB_EINVAL,
				    "xlsx_invalid", NULL);
			}
			break;
		}
		if ((rc = x->rc) != 0 || n == 0)
			break;
	}
	XML_ParserFree(x->p);
	x->p = NULL;
	zip_fclose(zf);
	return rc;
}

/*
 * Resolves a relationship target against the folder dir ("xl/") into a
 * malloc'd part name: "/xl/a.xml" is absolute, "../" and "./" segments are
 * folded.  NULL on out-of-memory.
 */
static char *
part_resolve(const char *dir, const char *target)
{
	struct sb in, out;
	char *seg, *p, *end;

	sb_init(&in, 4096);
	sb_init(&out, 4096);
	if (target[0] != '/')
		sb_add(&in, dir);
	sb_add(&in, target[0] == '/' ? target + 1 : target);
	if (sb_err(&in)) {
		sb_release(&in);
		return NULL;
	}
	for (seg = in.buf; seg != NULL; seg = end) {
		if ((end = strchr(seg, '/')) != NULL)
			*end++ = '\0';
		if (seg[0] == '\0' || strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			/* Drop the last segment of out. */
			p = strrchr(out.buf, '/');
			out.len = p != NULL ? (size_t)(p - out.buf) : 0;
			if (out.alloc)
				out.buf[out.len] = '\0';
			continue;
		}
		if (out.len)
			sb_addc(&out, '/');
		sb_add(&out, seg);
	}
	sb_release(&in);
	return sb_detach(&out, NULL);
}

/* _rels/.rels and xl/_rels/workbook.xml.rels. */
struct rels {
	struct xml_base x;
	const char *dir;     /* folder targets are relative to */
	const char *want_id; /* the sheet's r:id, or NULL */
	char *office;        /* officeDocument part */
	char *sheet;         /* want_id's part */
	char *strings;       /* sharedStrings part */
	char *styles;        /* styles part */
};

/* True if the relationship type URI ends with "/name". */
static bool
rel_type_is(const char *type, const char *name)
{
	size_t tl = strlen(type), nl = strlen(name);

	return tl > nl && type[tl - nl - 1] == '/' &&
	    strcmp(type + tl - nl, name) == 0;
}

/* Keeps the first relationship of each kind we need. */
static void XMLCALL
rels_on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rels *r = ud;
	const char *id, *type, *target, *mode;
	char **slot = NULL;

	if (strcmp(xml_local(name), "Relationship") != 0)
		return;
	id = xml_attr(atts, "Id", false);
	type = xml_attr(atts, "Type", false);
	target = xml_attr(atts, "Target", false);
	mode = xml_attr(atts, "TargetMode", false);
	if (type == NULL || target == NULL ||
	    (mode != NULL && strcmp(mode, "External") == 0))
		return;
	if (r->want_id != NULL && id != NULL && strcmp(id, r->want_id) == 0)
		slot = &r->sheet;
	else if (rel_type_is(type, "officeDocument"))
		slot = &r->office;
	else if (rel_type_is(type, "sharedStrings"))
		slot = &r->strings;
	else if (rel_type_is(type, "styles"))
		slot = &r->styles;
	if (slot == NULL || *slot != NULL)
		return;
	if ((*slot = part_resolve(r->dir, target)) == NULL)
		xml_error(&r->x, CB_ENOMEM, NULL);
}

static void XMLCALL
xml_on_end_nop(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

static void
rels_release(struct rels *r)
{
	free(r->office);
	free(r->sheet);
	free(r->strings);
	free(r->styles);
}

/* xl/workbook.xml: the first sheet's r:id and the date system. */
struct workbook {
	struct xml_base x;
	char *sheet_rid;
	bool seen_sheet;
	bool date1904;
};

static void XMLCALL
workbook_on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct workbook *w = ud;
	const char *local = xml_local(name), *v;

	if (strcmp(local, "workbookPr") == 0) {
		v = xml_attr(atts, "date1904", false);
		w->date1904 = v != NULL &&
		    (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (strcmp(local, "sheet") == 0 && !w->seen_sheet) {
		w->seen_sheet = true;
		if ((v = xml_attr(atts, "id", true)) != NULL &&
		    (w->sheet_rid = strdup(v)) == NULL)
			xml_error(&w->x, CB_ENOMEM, NULL);
	}
}

/* Parses digits s into *ret (<= max); false if s is not all digits or
 * the value is over max (checked before it could wrap around). */
static bool
parse_uint(const char *s, unsigned long max, unsigned long *ret)
{
	unsigned long v = 0, d;

	if (s == NULL || *s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		d = (unsigned long)(*s - '0');
		if (v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*ret = v;
	return true;
}

/* Shared strings: cleaned, NUL-separated in pool, offsets in off. */
struct sst {
	struct xml_base x;
	struct sb pool;
	size_t *off;
	size_t n;
	size_t cap;
	struct sb cur; /* the <si> being read */
	int in_si;
	int in_t;
	int in_rph; /* phonetic runs are not text */
};

static void XMLCALL
sst_on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sst *s = ud;
	const char *local = xml_local(name);

	(void)atts;
	if (strcmp(local, "si") == 0) {
		s->in_si = 1;
		sb_reset(&s->cur);
	} else if (strcmp(local, "rPh") == 0) {
		s->in_rph++;
	} else if (strcmp(local, "t") == 0 && s->in_si && !s->in_rph) {
		s->in_t = 1;
	}
}

static void XMLCALL
sst_on_end(void *ud, const XML_Char *name)
{
	struct sst *s = ud;
	const char *local = xml_local(name);
	char *v;
	int rc;

	if (strcmp(local, "t") == 0) {
		s->in_t = 0;
	} else if (strcmp(local, "rPh") == 0) {
		s->in_rph--;
	} else if (strcmp(local, "si") == 0 && s->in_si) {
		s->in_si = 0;
		if (sb_err(&s->cur)) {
			xml_error(&s->x, -sb_err(&s->cur),
			    sb_err(&s->cur) == -CB_ETOOBIG ? "too_big" : NULL);
			return;
		}
		if ((rc = table_cell_finish(s->cur.buf, s->cur.len, true,
		         &v)) != 0) {
			xml_error(&s->x, -rc,
			    rc == -CB_EINVAL ? "xlsx_invalid" : NULL);
			return;
		}
		if (array_grow(&s->off, &s->cap, s->n + 1, sizeof(*s->off)) !=
		    0) {
			free(v);
			xml_error(&s->x, CB_ENOMEM, NULL);
			return;
		}
		s->off[s->n++] = s->pool.len;
		sb_addn(&s->pool, v, strlen(v) + 1);
		free(v);
		if (sb_err(&s->pool))
			xml_error(&s->x, -sb_err(&s->pool),
			    sb_err(&s->pool) == -CB_ETOOBIG ?
			        "too_big" :
			        NULL);
	}
}

static void XMLCALL
sst_on_text(void *ud, const XML_Char *text, int len)
{
	struct sst *s = ud;

	if (s->in_t)
		sb_addn(&s->cur, text, (size_t)len);
}

/* Built-in number formats that show a date (ECMA-376 18.8.30; the East
 * Asian ones too).  Time-only formats (18..21, 45..47...) are not dates. */
static bool
builtin_fmt_is_date(unsigned long id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) ||
	    id == 36 || id == 50 || id == 51 || id == 54 || id == 57 ||
	    id == 58;
}

/*
 * True if a custom number format shows a date: its first section has d or
 * y, or m without h or s (then m is a month, not minutes), outside quoted
 * text, escapes, and [colour]/[$-locale] brackets; [h] [mm] [ss] count as
 * time.
 */
static bool
format_is_date(const char *f)
{
	bool d = false, m = false, y = false, time = false;
	const char *p, *q;

	for (p = f; *p != '\0' && *p != ';'; p++) {
		switch (*p) {
		case '"':
			if ((q = strchr(p + 1, '"')) == NULL)
				return false;
			p = q;
			break;
		case '\\':
		case '_':
		case '*':
			if (p[1] != '\0')
				p++;
			break;
		case '[':
			if ((q = strchr(p + 1, ']')) == NULL)
				return false;
			if (q > p + 1 &&
			    strspn(p + 1, "hHmMsS") == (size_t)(q - p - 1))
				time = true;
			p = q;
			break;
		case 'd':
		case 'D':
			d = true;
			break;
		case 'm':
		case 'M':
			m = true;
			break;
		case 'y':
		case 'Y':
			y = true;
			break;
		case 'h':
		case 'H':
		case 's':
		case 'S':
			time = true;
			break;
		default:
			break;
		}
	}
	return d || y || (m && !time);
}

/* xl/styles.xml: which cell style indexes (cellXfs) show dates. */
struct styles {
	struct xml_base x;
	struct numfmt {
		unsigned long id;
		bool date;
	} * fmt; /* the custom number formats */
	size_t nfmt;
	size_t fmt_cap;
	bool *xf_date; /* per cellXfs <xf> */
	size_t nxf;
	size_t xf_cap;
	int in_numfmts;
	int in_cellxfs;
};

static void XMLCALL
styles_on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct styles *s = ud;
	const char *local = xml_local(name), *code;
	unsigned long id = 0;
	bool date = false;
	size_t i;

	if (strcmp(local, "numFmts") == 0) {
		s->in_numfmts = 1;
	} else if (strcmp(local, "cellXfs") == 0) {
		s->in_cellxfs = 1;
	} else if (strcmp(local, "numFmt") == 0 && s->in_numfmts) {
		code = xml_attr(atts, "formatCode", false);
		if (!parse_uint(xml_attr(atts, "numFmtId", false), 0xFFFFFFFF,
		        &id) ||
		    code == NULL)
			return;
		if (array_grow(&s->fmt, &s->fmt_cap, s->nfmt + 1,
		        sizeof(*s->fmt)) != 0) {
			xml_error(&s->x, CB_ENOMEM, NULL);
			return;
		}
		s->fmt[s->nfmt].id = id;
		s->fmt[s->nfmt++].date = format_is_date(code);
	} else if (strcmp(local, "xf") == 0 && s->in_cellxfs) {
		if (parse_uint(xml_attr(atts, "numFmtId", false), 0xFFFFFFFF,
		        &id)) {
			date = builtin_fmt_is_date(id);
			for (i = 0; i < s->nfmt; i++)
				if (s->fmt[i].id == id)
					date = s->fmt[i].date;
		}
		if (array_grow(&s->xf_date, &s->xf_cap, s->nxf + 1,
		        sizeof(*s->xf_date)) != 0) {
			xml_error(&s->x, CB_ENOMEM, NULL);
			return;
		}
		s->xf_date[s->nxf++] = date;
	}
}

static void XMLCALL
styles_on_end(void *ud, const XML_Char *name)
{
	struct styles *s = ud;
	const char *local = xml_local(name);

	if (strcmp(local, "numFmts") == 0)
		s->in_numfmts = 0;
	else if (strcmp(local, "cellXfs") == 0)
		s->in_cellxfs = 0;
}

/* The C locale for numbers, whatever setlocale() the program made. */
static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void
c_locale_make(void)
{
	c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

/* The sheet being read. */
struct sheet {
	struct xml_base x;
	struct builder *b;
	const struct sst *sst;
	const struct styles *styles;
	bool date1904;
	struct rowbuf row;
	int in_data; /* inside <sheetData> */
	int in_row;
	long row_num; /* current <row r>, 1-based */
	size_t next_col;
	/* The current <c>: */
	int in_c;
	size_t col;
	char type[12];
	unsigned long style;
	struct sb v;  /* <v> text */
	struct sb is; /* <is> text */
	int in_v;
	int in_is;
	int in_t;
	int in_rph;
};

/* Column index (0-based) of a reference like "AB12"; false if malformed. */
static bool
ref_col(const char *ref, size_t *ret)
{
	size_t col = 0, n = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++, n++) {
		col = col * 26 + (size_t)(*ref - 'A' + 1);
		if (col > TABLE_MAX_COLS)
			return false;
	}
	if (n == 0)
		return false;
	while (*ref >= '0' && *ref <= '9')
		ref++;
	if (*ref != '\0')
		return false;
	*ret = col - 1;
	return true;
}

static void XMLCALL
sheet_on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sheet *s = ud;
	const char *local = xml_local(name), *v;
	unsigned long n;

	if (strcmp(local, "sheetData") == 0) {
		s->in_data = 1;
	} else if (!s->in_data) {
		return;
	} else if (strcmp(local, "row") == 0) {
		s->in_row = 1;
		if ((v = xml_attr(atts, "r", false)) != NULL) {
			if (!parse_uint(v, XLSX_MAX_ROW, &n) || n == 0) {
				xml_error(&s->x, CB_EINVAL, "xlsx_invalid");
				return;
			}
			s->row_num = (long)n;
		} else {
			s->row_num++;
		}
		s->next_col = 0;
		table_rowbuf_clear(&s->row);
	} else if (strcmp(local, "c") == 0 && s->in_row) {
		s->in_c = 1;
		s->col = s->next_col;
		if ((v = xml_attr(atts, "r", false)) != NULL &&
		    !ref_col(v, &s->col)) {
			xml_error(&s->x, CB_EINVAL, "xlsx_invalid");
			return;
		}
		v = xml_attr(atts, "t", false);
		snprintf(s->type, sizeof(s->type), "%s", v ? v : "n");
		if (!parse_uint(xml_attr(atts, "s", false), 0xFFFFFFFF,
		        &s->style))
			s->style = 0;
		sb_reset(&s->v);
		sb_reset(&s->is);
	} else if (!s->in_c) {
		return;
	} else if (strcmp(local, "v") == 0) {
		s->in_v = 1;
	} else if (strcmp(local, "is") == 0) {
		s->in_is = 1;
	} else if (strcmp(local, "rPh") == 0) {
		s->in_rph++;
	} else if (strcmp(local, "t") == 0 && s->in_is && !s->in_rph) {
		s->in_t = 1;
	}
}

/*
 * Excel date serial v as ISO date in out.  1900 system: serial 1 is
 * 1900-01-01 and Excel counts a 29 February 1900 that never was (serial
 * 60), so serials from 61 on are one day ahead of a plain count.  1904
 * system: serial 0 is 1904-01-01.  False if v is no date (below 1, 60,
 * beyond 9999-12-31).
 */
static bool
serial_to_date(double v, bool date1904, char out[DATE_LEN])
{
	struct date base, d;
	int64_t n;

	if (!(v >= 0.0) || v >= 2958466.0)
		return false;
	n = (int64_t)floor(v);
	if (date1904) {
		base = (struct date){ 1904, 1, 1 };
	} else {
		if (n < 1 || n == 60)
			return false;
		base = (struct date){ 1899, 12, 31 };
		if (n > 60)
			n--;
	}
	d = date_add_days(&base, n);
	if (d.y > 9999)
		return false;
	date_format_iso(&d, out);
	return true;
}

/*
 * The text of a numeric cell: an ISO date if its style is a date format
 * and v a date serial, else v with up to 15 significant digits (integers
 * without ".0", as Excel shows them).  Not a number: v itself.
 */
static int
number_text(const struct sheet *s, const char *v, char **ret)
{
	char buf[64], *end;
	locale_t old;
	double d;

	pthread_once(&c_locale_once, c_locale_make);
	if (c_locale == (locale_t)0)
		return -CB_ENOMEM;
	d = strtod_l(v, &end, c_locale);
	if (end == v || *end != '\0' || !isfinite(d))
		return table_cell_finish(v, strlen(v), false, ret);
	if (s->styles != NULL && s->style < s->styles->nxf &&
	    s->styles->xf_date[s->style] &&
	    serial_to_date(d, s->date1904, buf)) {
		/* buf holds the date */
	} else if (d == 0.0) {
		snprintf(buf, sizeof(buf), "0"); /* not "-0" */
	} else {
		old = uselocale(c_locale);
		snprintf(buf, sizeof(buf), "%.15g", d);
		uselocale(old);
	}
	return (*ret = strdup(buf)) != NULL ? 0 : -CB_ENOMEM;
}

/* The text of the current cell, malloc'd in *ret.  0 or -CB_E*. */
static int
cell_text(struct sheet *s, char **ret)
{
	const char *t = s->type;
	unsigned long i;
	struct date d;

	if (sb_err(&s->v) || sb_err(&s->is))
		return -CB_ETOOBIG;
	if (strcmp(t, "s") == 0) {
		if (s->v.len == 0)
			return (*ret = strdup("")) != NULL ? 0 : -CB_ENOMEM;
		if (s->sst == NULL || !parse_uint(s->v.buf, SIZE_MAX, &i) ||
		    i >= s->sst->n)
			return -CB_EINVAL;
		*ret = strdup(s->sst->pool.buf + s->sst->off[i]);
		return *ret != NULL ? 0 : -CB_ENOMEM;
	}
	if (strcmp(t, "inlineStr") == 0)
		return table_cell_finish(s->is.buf, s->is.len, true, ret);
	if (strcmp(t, "b") == 0)
		return (*ret = strdup(
		            strcmp(s->v.buf, "1") == 0 ? "TRUE" : "FALSE")) !=
		        NULL ?
		    0 :
		    -CB_ENOMEM;
	if (strcmp(t, "d") == 0 && s->v.len >= 10) {
		char iso[DATE_LEN];

		memcpy(iso, s->v.buf, 10);
		iso[10] = '\0';
		if ((s->v.len == 10 || s->v.buf[10] == 'T') &&
		    date_parse_iso(iso, &d) == 0)
			return (*ret = strdup(iso)) != NULL ? 0 : -CB_ENOMEM;
	}
	if (strcmp(t, "n") == 0 && s->v.len > 0)
		return number_text(s, s->v.buf, ret);
	/* "str" (a formula's text), "e" (#N/A...), odd "d", empty "n". */
	return table_cell_finish(s->v.buf, s->v.len, true, ret);
}

static void XMLCALL
sheet_on_end(void *ud, const XML_Char *name)
{
	struct sheet *s = ud;
	const char *local = xml_local(name);
	char *v = NULL;
	int rc;

	if (strcmp(local, "sheetData") == 0) {
		s->in_data = 0;
	} else if (strcmp(local, "row") == 0 && s->in_row) {
		s->in_row = 0;
		if ((rc = table_builder_add_row(s->b, &s->row, s->row_num)) !=
		    0)
			xml_fail(&s->x, rc);
	} else if (strcmp(local, "c") == 0 && s->in_c) {
		s->in_c = 0;
		s->next_col = s->col + 1;
		if ((rc = cell_text(s, &v)) != 0) {
			xml_error(&s->x, -rc,
			    rc == -CB_EINVAL      ? "xlsx_invalid" :
			        rc == -CB_ETOOBIG ? "too_big" :
			                            NULL);
			return;
		}
		/* Empty cells are not stored: gaps read as "". */
		if (v[0] == '\0') {
			free(v);
			return;
		}
		if ((rc = table_rowbuf_set(&s->row, s->col, v)) != 0)
			xml_error(&s->x, -rc,
			    rc == -CB_ETOOBIG ? "too_big" : NULL);
	} else if (strcmp(local, "v") == 0) {
		s->in_v = 0;
	} else if (strcmp(local, "is") == 0) {
		s->in_is = 0;
	} else if (strcmp(local, "rPh") == 0) {
		s->in_rph--;
	} else if (strcmp(local, "t") == 0) {
		s->in_t = 0;
	}
}

static void XMLCALL
sheet_on_text(void *ud, const XML_Char *text, int len)
{
	struct sheet *s = ud;

	if (s->in_v)
		sb_addn(&s->v, text, (size_t)len);
	else if (s->in_t)
		sb_addn(&s->is, text, (size_t)len);
}

/* The folder of part name ("xl/workbook.xml" -> "xl/"), malloc'd. */
static char *
part_dir(const char *name)
{
	const char *slash = strrchr(name, '/');

	return strndup(name, slash != NULL ? (size_t)(slash - name + 1) : 0);
}

/* The relationships part of name ("xl/_rels/workbook.xml.rels"). */
static char *
part_rels(const char *name)
{
	const char *slash = strrchr(name, '/');
	size_t dl = slash != NULL ? (size_t)(slash - name + 1) : 0;
	struct sb b;

	sb_init(&b, 4096);
	sb_addn(&b, name, dl);
	sb_add(&b, "_rels/");
	sb_add(&b, name + dl);
	sb_add(&b, ".rels");
	return sb_detach(&b, NULL);
}

/* Everything the XLSX reader holds. */
struct xlsx {
	zip_t *za;
	struct rels root;
	struct rels wbrels;
	struct workbook wb;
	struct sst sst;
	struct styles st;
	struct sheet sh;
	char *wb_dir;
	char *wb_rels;
	struct cb_error *err;
};

static void
xlsx_release(struct xlsx *x)
{
	rels_release(&x->root);
	rels_release(&x->wbrels);
	free(x->wb.sheet_rid);
	sb_release(&x->sst.pool);
	sb_release(&x->sst.cur);
	free(x->sst.off);
	free(x->st.fmt);
	free(x->st.xf_date);
	table_rowbuf_release(&x->sh.row);
	sb_release(&x->sh.v);
	sb_release(&x->sh.is);
	free(x->wb_dir);
	free(x->wb_rels);
	if (x->za != NULL)
		zip_discard(x->za);
}

/* Opens the archive and reads everything but the sheet.  0 or -CB_E*. */
static int
xlsx_open(struct xlsx *x, const char *data, size_t len)
{
	const char *wb_name;
	zip_source_t *src;
	zip_error_t ze;
	int rc;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src == NULL) {
		zip_error_fini(&ze);
		return cb_error_set(x->err, CB_ENOMEM, NULL, NULL);
	}
	if ((x->za = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		cb_error_detail(x->err, "xlsx: %s", zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return cb_error_set(x->err, CB_EINVAL, "xlsx_invalid", NULL);
	}
	zip_error_fini(&ze);

	/* _rels/.rels names the workbook part; usually xl/workbook.xml. */
	x->root.x.err = x->err;
	x->root.dir = "";
	if ((rc = xml_run(x->za, "_rels/.rels", rels_on_start, xml_on_end_nop,
	         NULL, &x->root.x)) < 0)
		return rc;
	wb_name = x->root.office != NULL &&
	        zip_name_locate(x->za, x->root.office, 0) >= 0 ?
	    x->root.office :
	    "xl/workbook.xml";
	x->wb.x.err = x->err;
	if ((rc = xml_run(x->za, wb_name, workbook_on_start, xml_on_end_nop,
	         NULL, &x->wb.x)) != 0) {
		if (rc == 1)
			cb_error_detail(x->err, "xlsx: no workbook part");
		return rc < 0 ?
		    rc :
		    cb_error_set(x->err, CB_EINVAL, "xlsx_invalid", NULL);
	}
	if (!x->wb.seen_sheet) {
		cb_error_detail(x->err, "xlsx: the workbook has no sheet");
		return cb_error_set(x->err, CB_EINVAL, "xlsx_invalid", NULL);
	}
	if ((x->wb_dir = part_dir(wb_name)) == NULL ||
	    (x->wb_rels = part_rels(wb_name)) == NULL)
		return cb_error_set(x->err, CB_ENOMEM, NULL, NULL);
	x->wbrels.x.err = x->err;
	x->wbrels.dir = x->wb_dir;
	x->wbrels.want_id = x->wb.sheet_rid;
	if ((rc = xml_run(x->za, x->wb_rels, rels_on_start, xml_on_end_nop,
	         NULL, &x->wbrels.x)) < 0)
		return rc;

	sb_init(&x->sst.pool, 0);
	sb_init(&x->sst.cur, 0);
	x->sst.x.err = x->err;
	if ((rc = xml_run(x->za,
	         x->wbrels.strings ? x->wbrels.strings :
	                             "xl/sharedStrings.xml",
	         sst_on_start, sst_on_end, sst_on_text, &x->sst.x)) < 0)
		return rc;
	x->sh.sst = rc == 0 ? &x->sst : NULL;
	x->st.x.err = x->err;
	if ((rc = xml_run(x->za,
	         x->wbrels.styles ? x->wbrels.styles : "xl/styles.xml",
	         styles_on_start, styles_on_end, NULL, &x->st.x)) < 0)
		return rc;
	x->sh.styles = rc == 0 ? &x->st : NULL;
	return 0;
}

int
table_parse_xlsx(const char *data, size_t len, size_t max_rows,
    struct table *ret, struct cb_error *err)
{
	struct xlsx x;
	struct builder b;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&x, 0, sizeof(x));
	snprintf(ret->format, sizeof(ret->format), "xlsx");
	x.err = err;
	if (data == NULL || !table_is_xlsx(data, len)) {
		cb_error_detail(err, "xlsx: not a ZIP archive");
		return cb_error_set(err, CB_EINVAL, "xlsx_invalid", NULL);
	}
	if ((rc = xlsx_open(&x, data, len)) != 0)
		goto out;

	memset(&b, 0, sizeof(b));
	b.t = ret;
	b.max_rows = max_rows;
	b.err = err;
	x.sh.x.err = err;
	x.sh.b = &b;
	x.sh.date1904 = x.wb.date1904;
	sb_init(&x.sh.v, 0);
	sb_init(&x.sh.is, 0);
	rc = 1;
	if (x.wbrels.sheet != NULL)
		rc = xml_run(x.za, x.wbrels.sheet, sheet_on_start,
		    sheet_on_end, sheet_on_text, &x.sh.x);
	if (rc == 1)
		rc = xml_run(x.za, "xl/worksheets/sheet1.xml", sheet_on_start,
		    sheet_on_end, sheet_on_text, &x.sh.x);
	if (rc == 1) {
		cb_error_detail(err, "xlsx: no worksheet part");
		rc = cb_error_set(err, CB_EINVAL, "xlsx_invalid", NULL);
	}
	if (rc == 0 && ret->nrows == 0)
		rc = cb_error_set(err, CB_EINVAL, "csv_empty", NULL);
out:
	xlsx_release(&x);
	if (rc != 0) {
		table_release(ret);
		snprintf(ret->format, sizeof(ret->format), "xlsx");
	}
	return rc;
}
