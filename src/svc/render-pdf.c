/*
 * render-pdf.c - a list of members as a printable Party document, with
 * cairo (the PDF, fonts embedded as subsets) and pango (Vietnamese text
 * laid out and wrapped).
 *
 * The layout follows the format of Party documents (Hướng dẫn
 * 36-HD/VPTW, 2018; see ../shared/domain/rules.md, section 10): A4, the
 * superior committee's name (capitals) and the committee's name (capitals,
 * bold) over an asterisk at the top left; "ĐẢNG CỘNG SẢN VIỆT NAM"
 * (capitals, bold) underlined by a line of its own length at the top
 * right, the place and date in italics under it ("…, ngày 07 tháng 12
 * năm 2026": the register holds no place, so it is left to be written
 * in); the title in bold capitals; then the table, landscape so that its
 * columns fit, with numbered rows (STT), the header row repeated on every
 * page, and the page numbers ("Trang 2/5") at the foot of each page.
 */
#include "svc/export-int.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"

#include "util/banned.h"

/* A4 landscape, in points; margins 20 mm top and bottom, 25 mm left,
 * 15 mm right. */
#define PAGE_W 841.89
#define PAGE_H 595.28
#define MM 2.834646
#define M_TOP (20 * MM)
#define M_BOTTOM (20 * MM)
#define M_LEFT (25 * MM)
#define M_RIGHT (15 * MM)
#define FOOT 18.0 /* the page number's line */
#define PAD 3.0   /* inside a table cell */
#define STT_W 30.0
#define FONT "DejaVu Serif"

int
pdf_list_add(struct pdf_list *l, const char *const *cells,
    struct cb_error *err)
{
	size_t i;

	if (l->nrows >= PDF_LIST_MAX_ROWS)
		return cb_error_set(err, CB_ETOOBIG, "too_big", NULL);
	if (l->nrows == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **p = realloc(l->cells, cap * l->ncols * sizeof(*p));

		if (p == NULL)
			return cb_error_set(err, CB_ENOMEM, NULL, NULL);
		l->cells = p;
		l->cap = cap;
	}
	for (i = 0; i < l->ncols; i++) {
		char **slot = &l->cells[l->nrows * l->ncols + i];
		const char *v = cells[i];
		char vn[DATE_LEN];
		struct date d;

		if (v != NULL && l->cols[i].kind == XC_DATE &&
		    date_parse_iso(v, &d) == 0) {
			date_format_vn(&d, vn);
			v = vn;
		}
		*slot = NULL;
		if (v != NULL && v[0] != '\0' && (*slot = strdup(v)) == NULL) {
			while (i-- > 0)
				free(l->cells[l->nrows * l->ncols + i]);
			return cb_error_set(err, CB_ENOMEM, NULL, NULL);
		}
	}
	l->nrows++;
	return 0;
}

void
pdf_list_release(struct pdf_list *l)
{
	size_t i;

	for (i = 0; i < l->nrows * l->ncols; i++)
		free(l->cells[i]);
	free(l->cells);
	l->cells = NULL;
	l->nrows = l->cap = 0;
}

/* The drawing state. */
struct pdf {
	cairo_t *cr;
	PangoLayout *lay;
	const struct pdf_list *l;
	double colx[64]; /* each column's left edge; [ncols + 1]: the right */
	size_t ncols;    /* with STT */
	bool draw;       /* false: only measure (the first pass) */
	int page, pages;
	double y;
};

/* Sets the layout's text, font and width (<= 0: no wrapping). */
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

/* Shows the layout at x, y (when drawing); returns its height. */
static double
show(struct pdf *p, double x, double y)
{
	if (p->draw) {
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, p->lay);
	}
	return text_height(p);
}

/* A centred line of text in [x, x + w) at y; returns its height. */
static double
centred(struct pdf *p, const char *text, double size, bool bold, bool italic,
    double x, double w, double y)
{
	set_text(p, text, size, bold, italic, w, PANGO_ALIGN_CENTER);
	return show(p, x, y);
}

/* The text in capitals (Vietnamese letters included). */
static char *
upper(const char *s)
{
	return g_utf8_strup(s != NULL ? s : "", -1);
}

/* The document's heading on the first page; returns the y below it. */
static double
heading(struct pdf *p)
{
	const struct pdf_list *l = p->l;
	double lw = 300, rw = 330, lx = M_LEFT, rx = PAGE_W - M_RIGHT - rw;
	double ly = M_TOP, ry = M_TOP, y, tw;
	char date[128];
	struct date d;
	gchar *u;

	if (l->upper != NULL && l->upper[0]) {
		u = upper(l->upper);
		ly += centred(p, u, 12, false, false, lx, lw, ly);
		g_free(u);
	}
	if (l->committee != NULL && l->committee[0]) {
		u = upper(l->committee);
		ly += centred(p, u, 12, true, false, lx, lw, ly);
		g_free(u);
	}
	ly += centred(p, "*", 12, false, false, lx, lw, ly);

	set_text(p, "ĐẢNG CỘNG SẢN VIỆT NAM", 13, true, false, rw,
	    PANGO_ALIGN_CENTER);
	ry += show(p, rx, ry);
	/* The line under the title, as long as the title itself. */
	set_text(p, "ĐẢNG CỘNG SẢN VIỆT NAM", 13, true, false, -1,
	    PANGO_ALIGN_LEFT);
	tw = text_width(p);
	if (p->draw) {
		cairo_set_line_width(p->cr, 0.8);
		cairo_move_to(p->cr, rx + (rw - tw) / 2, ry + 1);
		cairo_line_to(p->cr, rx + (rw + tw) / 2, ry + 1);
		cairo_stroke(p->cr);
	}
	ry += 8;
	if (date_parse_iso(l->date_iso, &d) == 0)
		snprintf(date, sizeof(date),
		    "……………, ngày %02d tháng %02d năm %04d", d.d, d.m, d.y);
	else
		snprintf(date, sizeof(date), "……………, ngày …… tháng …… năm ……");
	ry += centred(p, date, 12, false, true, rx, rw, ry);

	y = (ly > ry ? ly : ry) + 18;
	y += centred(p, l->title, 14, true, false, M_LEFT,
	    PAGE_W - M_LEFT - M_RIGHT, y);
	if (l->subtitle != NULL)
		y += centred(p, l->subtitle, 11, false, true, M_LEFT,
		         PAGE_W - M_LEFT - M_RIGHT, y + 2) +
		    2;
	return y + 10;
}

/* The height of row r (SIZE_MAX: the header row). */
static double
row_height(struct pdf *p, size_t r, bool head)
{
	double h = 0, t;
	size_t c;

	for (c = 0; c < p->ncols; c++) {
		const char *v;
		char stt[24];

		if (c == 0) {
			snprintf(stt, sizeof(stt), "%zu", r + 1);
			v = head ? "STT" : stt;
		} else
			v = head ?
			    p->l->cols[c - 1].head :
			    p->l->cells[r * p->l->ncols + c - 1];
		set_text(p, v ? v : "", 9.5, head, false,
		    p->colx[c + 1] - p->colx[c] - 2 * PAD, PANGO_ALIGN_LEFT);
		if ((t = text_height(p)) > h)
			h = t;
	}
	return h + 2 * PAD;
}

/* Draws row r (or the header row) at p->y, h high. */
static void
draw_row(struct pdf *p, size_t r, bool head, double h)
{
	size_t c;

	if (!p->draw)
		return;
	if (head) {
		cairo_set_source_rgb(p->cr, 0.9, 0.9, 0.9);
		cairo_rectangle(p->cr, p->colx[0], p->y,
		    p->colx[p->ncols] - p->colx[0], h);
		cairo_fill(p->cr);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
	}
	for (c = 0; c < p->ncols; c++) {
		const char *v;
		char stt[24];
		double w = p->colx[c + 1] - p->colx[c];

		if (c == 0) {
			snprintf(stt, sizeof(stt), "%zu", r + 1);
			v = head ? "STT" : stt;
		} else
			v = head ?
			    p->l->cols[c - 1].head :
			    p->l->cells[r * p->l->ncols + c - 1];
		set_text(p, v ? v : "", 9.5, head, false, w - 2 * PAD,
		    head || c == 0 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
		show(p, p->colx[c] + PAD, p->y + PAD);
		cairo_set_line_width(p->cr, 0.5);
		cairo_rectangle(p->cr, p->colx[c], p->y, w, h);
		cairo_stroke(p->cr);
	}
}

/* The page number at the foot of the page. */
static void
foot(struct pdf *p)
{
	char s[64];

	if (!p->draw)
		return;
	snprintf(s, sizeof(s), "Trang %d/%d", p->page, p->pages);
	centred(p, s, 9, false, false, M_LEFT, PAGE_W - M_LEFT - M_RIGHT,
	    PAGE_H - M_BOTTOM - FOOT + 6);
}

static void
new_page(struct pdf *p)
{
	foot(p);
	if (p->draw)
		cairo_show_page(p->cr);
	p->page++;
	p->y = M_TOP;
}

/* One pass over the document: measures it (p->draw false) or draws it;
 * returns the number of pages. */
static int
pass(struct pdf *p)
{
	double bottom = PAGE_H - M_BOTTOM - FOOT, hh, h;
	size_t r;

	p->page = 1;
	p->y = heading(p);
	hh = row_height(p, 0, true);
	draw_row(p, 0, true, hh);
	p->y += hh;
	for (r = 0; r < p->l->nrows; r++) {
		h = row_height(p, r, false);
		if (p->y + h > bottom) {
			new_page(p);
			draw_row(p, 0, true, hh);
			p->y += hh;
		}
		draw_row(p, r, false, h);
		p->y += h;
	}
	foot(p);
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
pdf_list_render(const struct pdf_list *l, struct sb *out, struct cb_error *err)
{
	size_t shown =
	    l->nshown > 0 && l->nshown < l->ncols ? l->nshown : l->ncols;
	struct pdf p = { .l = l, .ncols = shown + 1 };
	cairo_surface_t *surf;
	cairo_status_t st;
	PangoFontMap *fm;
	PangoContext *ctx;
	double total = 0, x, avail;
	size_t c;

	if (p.ncols + 1 > sizeof(p.colx) / sizeof(p.colx[0]))
		return cb_error_set(err, CB_EINVAL, NULL, NULL);
	for (c = 0; c < shown; c++)
		total += l->cols[c].width;
	avail = PAGE_W - M_LEFT - M_RIGHT - STT_W;
	x = M_LEFT;
	p.colx[0] = x;
	x += STT_W;
	for (c = 0; c < shown; c++) {
		p.colx[c + 1] = x;
		x += total > 0 ? avail * l->cols[c].width / total : 0;
	}
	p.colx[p.ncols] = PAGE_W - M_RIGHT;

	surf = cairo_pdf_surface_create_for_stream(write_sb, out, PAGE_W,
	    PAGE_H);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
	    l->title);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
	    "chibo");
	p.cr = cairo_create(surf);
	/* A font map of this rendering's own, released with it (the default
	 * one lives as long as its thread, and keeps fontconfig's patterns). */
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
