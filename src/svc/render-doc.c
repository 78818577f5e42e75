/*
 * render-doc.c - a Party document (party-doc.h) as an A4 portrait PDF,
 * with cairo (the PDF, fonts embedded as subsets) and pango (Vietnamese
 * text laid out and wrapped).
 *
 * The layout follows Hướng dẫn 36-HD/VPTW (2018): margins 20 mm top and
 * bottom, 30 mm left, 15 mm right; Liberation Serif (Times New Roman's
 * metrics), 14 pt body; at the top left the superior committee's name
 * (capitals) and the cell's (capitals, bold) over an asterisk, then the
 * document's number; at the top right "ĐẢNG CỘNG SẢN VIỆT NAM" (capitals,
 * bold) underlined by a line of its own length, the place and date in
 * italics under it; the title in bold capitals, centred; the body;
 * the signature block; the page number centred in the top margin from
 * the second page on.  Paragraphs are laid out by pango and placed line
 * by line, so a paragraph breaks across pages; a table row moves whole
 * to the next page, where the header row is repeated.
 */
#include "svc/party-doc.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"

#include "util/banned.h"

/* A4 portrait, in points. */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MM 2.834646
#define M_TOP (20 * MM)
#define M_BOTTOM (20 * MM)
#define M_LEFT (30 * MM)
#define M_RIGHT (15 * MM)
#define BODY_W (PAGE_W - M_LEFT - M_RIGHT)
#define FONT "Liberation Serif"
#define BODY 13.0
#define PAD 3.0
#define DOTS "……………………………………………………………………………………………………………………"

/* ----------------------------------------------------------- building */

static int
oom(struct party_doc *d)
{
	d->oom = true;
	return -CB_ENOMEM;
}

int
party_doc_set(struct party_doc *d, char **field, const char *s)
{
	char *c = NULL;

	if (s != NULL && (c = strdup(s)) == NULL)
		return oom(d);
	free(*field);
	*field = c;
	return 0;
}

static struct doc_block *
push(struct party_doc *d, enum doc_block_kind kind, char *text)
{
	struct doc_block *b;

	if (d->nblocks == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;
		struct doc_block *p = realloc(d->blocks, cap * sizeof(*p));

		if (p == NULL) {
			free(text);
			d->oom = true;
			return NULL;
		}
		d->blocks = p;
		d->cap = cap;
	}
	b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->text = text;
	return b;
}

static char *
vfmt(const char *fmt, va_list ap)
{
	va_list aq;
	char *s;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

int
party_doc_heading(struct party_doc *d, const char *text)
{
	char *t = strdup(text != NULL ? text : "");

	if (t == NULL)
		return oom(d);
	return push(d, DOC_HEADING, t) != NULL ? 0 : -CB_ENOMEM;
}

int
party_doc_para(struct party_doc *d, const char *fmt, ...)
{
	va_list ap;
	char *t;

	va_start(ap, fmt);
	t = vfmt(fmt, ap);
	va_end(ap);
	if (t == NULL)
		return oom(d);
	return push(d, DOC_PARA, t) != NULL ? 0 : -CB_ENOMEM;
}

int
party_doc_bullet(struct party_doc *d, const char *fmt, ...)
{
	va_list ap;
	char *t;

	va_start(ap, fmt);
	t = vfmt(fmt, ap);
	va_end(ap);
	if (t == NULL)
		return oom(d);
	return push(d, DOC_BULLET, t) != NULL ? 0 : -CB_ENOMEM;
}

int
party_doc_blank(struct party_doc *d, const char *label, int lines)
{
	struct doc_block *b;
	char *t = strdup(label != NULL ? label : "");

	if (t == NULL)
		return oom(d);
	if ((b = push(d, DOC_BLANK, t)) == NULL)
		return -CB_ENOMEM;
	b->lines = lines > 0 ? lines : 4;
	return 0;
}

int
party_doc_table(struct party_doc *d, size_t ncols, const char *const *head,
    const double *widths)
{
	struct doc_block *b;
	size_t i;

	if (ncols == 0 || ncols > DOC_TABLE_COLS)
		return -CB_EINVAL;
	if ((b = push(d, DOC_TABLE, NULL)) == NULL)
		return -CB_ENOMEM;
	b->ncols = ncols;
	for (i = 0; i < ncols; i++)
		b->widths[i] = widths != NULL && widths[i] > 0 ? widths[i] : 1;
	return party_doc_row(d, head);
}

int
party_doc_row(struct party_doc *d, const char *const *cells)
{
	struct doc_block *b;
	char **p;
	size_t i;

	if (d->nblocks == 0 || d->blocks[d->nblocks - 1].kind != DOC_TABLE)
		return -CB_EINVAL;
	b = &d->blocks[d->nblocks - 1];
	if ((p = realloc(b->cells, (b->nrows + 1) * b->ncols * sizeof(*p))) ==
	    NULL)
		return oom(d);
	b->cells = p;
	p += b->nrows * b->ncols;
	for (i = 0; i < b->ncols; i++) {
		p[i] = NULL;
		if (cells != NULL && cells[i] != NULL &&
		    (p[i] = strdup(cells[i])) == NULL) {
			while (i-- > 0)
				free(p[i]);
			return oom(d);
		}
	}
	b->nrows++;
	return 0;
}

void
party_doc_release(struct party_doc *d)
{
	size_t i, j;

	for (i = 0; i < d->nblocks; i++) {
		struct doc_block *b = &d->blocks[i];

		free(b->text);
		for (j = 0; j < b->nrows * b->ncols; j++)
			free(b->cells[j]);
		free(b->cells);
	}
	free(d->blocks);
	free(d->upper);
	free(d->cell);
	free(d->number);
	free(d->place);
	free(d->date_iso);
	free(d->title);
	free(d->subtitle);
	free(d->signer);
	free(d->signer2);
	free(d->sign_role);
	free(d->sign_for);
	memset(d, 0, sizeof(*d));
}

/* ---------------------------------------------------------- rendering */

struct pdf {
	cairo_t *cr;
	PangoLayout *lay;
	const struct party_doc *d;
	bool draw; /* false: only measure (the first pass) */
	int page, pages;
	double y;
};

static void
set_text(struct pdf *p, const char *text, double size, bool bold, bool italic,
    double width, PangoAlignment align)
{
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd,
	    bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd,
	    italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(p->lay, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(p->lay,
	    width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_wrap(p->lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(p->lay, align);
	pango_layout_set_justify(p->lay, false);
	pango_layout_set_indent(p->lay, 0);
	pango_layout_set_text(p->lay, text, -1);
}

static double
text_height(struct pdf *p)
{
	int w, h;

	pango_layout_get_size(p->lay, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double
text_width(struct pdf *p)
{
	int w, h;

	pango_layout_get_size(p->lay, &w, &h);
	return (double)w / PANGO_SCALE;
}

/* Shows the whole layout at x, y (when drawing); returns its height. */
static double
show(struct pdf *p, double x, double y)
{
	if (p->draw) {
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, p->lay);
	}
	return text_height(p);
}

static double
centred(struct pdf *p, const char *text, double size, bool bold, bool italic,
    double x, double w, double y)
{
	set_text(p, text, size, bold, italic, w, PANGO_ALIGN_CENTER);
	return show(p, x, y);
}

static char *
upper(const char *s)
{
	return g_utf8_strup(s != NULL ? s : "", -1);
}

static void
page_number(struct pdf *p)
{
	char s[32];

	if (!p->draw || p->page < 2)
		return;
	snprintf(s, sizeof(s), "%d", p->page);
	centred(p, s, BODY, false, false, M_LEFT, BODY_W, 8 * MM);
}

static void
new_page(struct pdf *p)
{
	if (p->draw)
		cairo_show_page(p->cr);
	p->page++;
	p->y = M_TOP;
	page_number(p);
}

/* Room for h more points on this page; else a new page. */
static void
need(struct pdf *p, double h)
{
	if (p->y + h > PAGE_H - M_BOTTOM && p->y > M_TOP)
		new_page(p);
}

/* Places the layout's lines at x from p->y on, one at a time, breaking
 * the page between lines.  It walks a copy: a new page draws its number
 * with p->lay. */
static void
flow(struct pdf *p, double x)
{
	PangoLayout *lay = pango_layout_copy(p->lay);
	PangoLayoutIter *it = pango_layout_get_iter(lay);

	do {
		PangoRectangle log;
		double h, base;

		pango_layout_iter_get_line_extents(it, NULL, &log);
		h = (double)log.height / PANGO_SCALE;
		base = (double)(pango_layout_iter_get_baseline(it) - log.y) /
		    PANGO_SCALE;
		need(p, h);
		if (p->draw) {
			cairo_move_to(p->cr, x + (double)log.x / PANGO_SCALE,
			    p->y + base);
			pango_cairo_show_layout_line(p->cr,
			    pango_layout_iter_get_line_readonly(it));
		}
		p->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(lay);
}

/* The header of the first page; leaves p->y under the title. */
static void
heading(struct pdf *p)
{
	const struct party_doc *d = p->d;
	double lw = 80 * MM, rw = 95 * MM, lx = M_LEFT - 10 * MM,
	       rx = PAGE_W - M_RIGHT - rw;
	double ly = M_TOP, ry = M_TOP, tw;
	char date[160];
	struct date dt;
	gchar *u;

	if (d->upper != NULL && d->upper[0]) {
		u = upper(d->upper);
		ly += centred(p, u, BODY, false, false, lx, lw, ly);
		g_free(u);
	}
	if (d->cell != NULL && d->cell[0]) {
		u = upper(d->cell);
		ly += centred(p, u, BODY, true, false, lx, lw, ly);
		g_free(u);
	}
	ly += centred(p, "*", BODY, false, false, lx, lw, ly);
	if (d->number != NULL && d->number[0])
		ly += centred(p, d->number, BODY, false, false, lx, lw, ly);

	set_text(p, "ĐẢNG CỘNG SẢN VIỆT NAM", 14, true, false, rw,
	    PANGO_ALIGN_CENTER);
	ry += show(p, rx, ry);
	set_text(p, "ĐẢNG CỘNG SẢN VIỆT NAM", 14, true, false, -1,
	    PANGO_ALIGN_LEFT);
	tw = text_width(p);
	if (p->draw) {
		cairo_set_line_width(p->cr, 0.8);
		cairo_move_to(p->cr, rx + (rw - tw) / 2, ry + 1);
		cairo_line_to(p->cr, rx + (rw + tw) / 2, ry + 1);
		cairo_stroke(p->cr);
	}
	ry += 8;
	if (d->date_iso != NULL && date_parse_iso(d->date_iso, &dt) == 0)
		snprintf(date, sizeof(date),
		    "%s, ngày %02d tháng %02d năm %04d",
		    d->place != NULL && d->place[0] ? d->place : "……………", dt.d,
		    dt.m, dt.y);
	else
		snprintf(date, sizeof(date), "%s, ngày …… tháng …… năm ……",
		    d->place != NULL && d->place[0] ? d->place : "……………");
	ry += centred(p, date, BODY, false, true, rx, rw, ry);

	p->y = (ly > ry ? ly : ry) + 24;
	if (d->title != NULL) {
		set_text(p, d->title, 14, true, false, BODY_W,
		    PANGO_ALIGN_CENTER);
		flow(p, M_LEFT);
	}
	if (d->subtitle != NULL && d->subtitle[0]) {
		p->y += 2;
		set_text(p, d->subtitle, BODY, false, true, BODY_W,
		    PANGO_ALIGN_CENTER);
		flow(p, M_LEFT);
	}
	p->y += 14;
}

static void
paragraph(struct pdf *p, const char *text, bool bold, bool italic,
    double indent, double x, double w)
{
	set_text(p, text, BODY, bold, italic, w, PANGO_ALIGN_LEFT);
	pango_layout_set_justify(p->lay, true);
	pango_layout_set_indent(p->lay, (int)(indent * PANGO_SCALE));
	flow(p, x);
	p->y += 4;
}

/* A table row's height (the widest cell's text) at column edges colx. */
static double
row_height(struct pdf *p, const struct doc_block *b, size_t r,
    const double *colx)
{
	double h = 0, t;
	size_t c;

	for (c = 0; c < b->ncols; c++) {
		const char *v = b->cells[r * b->ncols + c];

		set_text(p, v ? v : "", 11, r == 0, false,
		    colx[c + 1] - colx[c] - 2 * PAD, PANGO_ALIGN_LEFT);
		if ((t = text_height(p)) > h)
			h = t;
	}
	return h + 2 * PAD;
}

static void
draw_row(struct pdf *p, const struct doc_block *b, size_t r,
    const double *colx, double h)
{
	size_t c;

	if (!p->draw)
		return;
	for (c = 0; c < b->ncols; c++) {
		const char *v = b->cells[r * b->ncols + c];
		double w = colx[c + 1] - colx[c];

		set_text(p, v ? v : "", 11, r == 0, false, w - 2 * PAD,
		    r == 0 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
		show(p, colx[c] + PAD, p->y + PAD);
		cairo_set_line_width(p->cr, 0.5);
		cairo_rectangle(p->cr, colx[c], p->y, w, h);
		cairo_stroke(p->cr);
	}
}

static void
table(struct pdf *p, const struct doc_block *b)
{
	double colx[DOC_TABLE_COLS + 1], total = 0, x = M_LEFT, hh, h;
	size_t c, r;

	for (c = 0; c < b->ncols; c++)
		total += b->widths[c];
	for (c = 0; c < b->ncols; c++) {
		colx[c] = x;
		x += BODY_W * b->widths[c] / total;
	}
	colx[b->ncols] = M_LEFT + BODY_W;
	hh = row_height(p, b, 0, colx);
	need(p, hh * 2);
	draw_row(p, b, 0, colx, hh);
	p->y += hh;
	for (r = 1; r < b->nrows; r++) {
		h = row_height(p, b, r, colx);
		if (p->y + h > PAGE_H - M_BOTTOM) {
			new_page(p);
			draw_row(p, b, 0, colx, hh);
			p->y += hh;
		}
		draw_row(p, b, r, colx, h);
		p->y += h;
	}
	p->y += 8;
}

static void
signatures(struct pdf *p)
{
	const struct party_doc *d = p->d;
	double w = 80 * MM, rx = PAGE_W - M_RIGHT - w, lx = M_LEFT - 5 * MM;
	double y, ly, ry;

	if (d->sign == DOC_SIGN_NONE)
		return;
	need(p, 140);
	y = p->y + 12;
	ry = y;
	if (d->sign == DOC_SIGN_COMMITTEE) {
		ry += centred(p, d->sign_for ? d->sign_for : "T/M CHI ỦY", 14,
		    true, false, rx, w, ry);
		ry += centred(p, d->sign_role ? d->sign_role : "BÍ THƯ", 14,
		    true, false, rx, w, ry);
	} else {
		ry += centred(p, d->sign_role ? d->sign_role : "CHỦ TRÌ", 14,
		    true, false, rx, w, ry);
		ly = y;
		ly += centred(p, "THƯ KÝ", 14, true, false, lx, w, ly);
		ly += centred(p, "(Ký, ghi rõ họ tên)", 12, false, true, lx, w,
		    ly);
		if (d->signer2 != NULL && d->signer2[0])
			centred(p, d->signer2, 14, true, false, lx, w,
			    ly + 70);
	}
	ry += centred(p, "(Ký, ghi rõ họ tên)", 12, false, true, rx, w, ry);
	if (d->signer != NULL && d->signer[0])
		ry += centred(p, d->signer, 14, true, false, rx, w, ry + 70);
	p->y = ry + 90;
}

/* One pass over the document; returns the number of pages. */
static int
pass(struct pdf *p)
{
	const struct party_doc *d = p->d;
	size_t i;
	int l;

	p->page = 1;
	heading(p);
	for (i = 0; i < d->nblocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		char *s;

		switch (b->kind) {
		case DOC_HEADING:
			need(p, 40); /* not alone at the foot of a page */
			p->y += 4;
			paragraph(p, b->text, true, false, 0, M_LEFT, BODY_W);
			break;
		case DOC_PARA:
			paragraph(p, b->text, false, b->italic, 10 * MM,
			    M_LEFT, BODY_W);
			break;
		case DOC_BULLET:
			if ((s = g_strconcat("- ", b->text, NULL)) == NULL)
				break;
			paragraph(p, s, false, false, 0, M_LEFT + 10 * MM,
			    BODY_W - 10 * MM);
			g_free(s);
			break;
		case DOC_TABLE:
			table(p, b);
			break;
		case DOC_BLANK:
			paragraph(p, b->text, false, true, 10 * MM, M_LEFT,
			    BODY_W);
			for (l = 0; l < b->lines; l++) {
				set_text(p, DOTS, BODY, false, false, BODY_W,
				    PANGO_ALIGN_LEFT);
				pango_layout_set_ellipsize(p->lay,
				    PANGO_ELLIPSIZE_END);
				flow(p, M_LEFT);
				pango_layout_set_ellipsize(p->lay,
				    PANGO_ELLIPSIZE_NONE);
			}
			p->y += 4;
			break;
		}
	}
	signatures(p);
	if (p->draw)
		cairo_show_page(p->cr);
	return p->page;
}

static cairo_status_t
write_sb(void *arg, const unsigned char *data, unsigned int len)
{
	struct sb *out = arg;

	return sb_addn(out, (const char *)data, len) == 0 ?
	    CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

int
party_doc_render(const struct party_doc *d, struct sb *out,
    struct cb_error *err)
{
	struct pdf p = { .d = d };
	cairo_surface_t *surf;
	cairo_status_t st;
	PangoFontMap *fm;
	PangoContext *ctx;

	if (d->oom)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	surf = cairo_pdf_surface_create_for_stream(write_sb, out, PAGE_W,
	    PAGE_H);
	if (d->title != NULL)
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
		    d->title);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
	    "chibo");
	p.cr = cairo_create(surf);
	/* A font map of this rendering's own, released with it. */
	fm = pango_cairo_font_map_new();
	ctx = pango_font_map_create_context(fm);
	pango_cairo_update_context(p.cr, ctx);
	p.lay = pango_layout_new(ctx);
	p.draw = false;
	p.pages = pass(&p);
	p.draw = true;
	(void)pass(&p);
	g_object_unref(p.lay);
	g_object_unref(ctx);
	g_object_unref(fm);
	cairo_destroy(p.cr);
	cairo_surface_finish(surf);
	st = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	if (sb_err(out) != 0)
		return cb_error_set(err,
		    sb_err(out) == -CB_ETOOBIG ? CB_ETOOBIG : CB_ENOMEM,
		    sb_err(out) == -CB_ETOOBIG ? "too_big" : NULL, NULL);
	if (st != CAIRO_STATUS_SUCCESS)
		return cb_error_set(err, CB_EIO, "io_error",
		    cairo_status_to_string(st));
	return 0;
}
