/*
 * party-doc.h - a document in the Party document format (Hướng dẫn
 * 36-HD/VPTW; ../shared/domain/rules.md, "Additions": the minutes and
 * resolution templates), rendered as an A4 PDF by render-doc.c with cairo
 * and pango (Liberation Serif, the metric twin of Times New Roman).
 *
 * Generic: the document is a struct of header fields and a list of
 * blocks (headings, paragraphs, bullets, tables, places left to be
 * written), filled by the use cases (svc/meeting-doc.c: a meeting's
 * minutes and resolution) and rendered without any I/O but the bytes
 * appended to an sb.  Every string is copied; party_doc_release frees
 * all.  The builders record an out-of-memory in d->oom (they return
 * -CB_ENOMEM too), and party_doc_render refuses a document that ran out.
 */
#ifndef CHIBO_SVC_PARTY_DOC_H
#define CHIBO_SVC_PARTY_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "util/sb.h"

enum doc_block_kind {
	DOC_HEADING = 1, /* bold, "I. TÌNH HÌNH ..." */
	DOC_PARA,        /* a justified paragraph, first line indented */
	DOC_BULLET,      /* one item of a bulleted list ("- ") */
	DOC_TABLE,       /* a table: the first row is its header */
	DOC_BLANK        /* a place left to be written: its label in
			  * italics, then dotted lines */
};

struct doc_block {
	enum doc_block_kind kind;
	char *text;       /* heading, paragraph, bullet, the blank's label */
	size_t ncols;     /* DOC_TABLE: its columns (<= DOC_TABLE_COLS) */
	size_t nrows;     /* DOC_TABLE: rows, the header row included */
	char **cells;     /* DOC_TABLE: nrows * ncols, NULL: empty */
	double widths[8]; /* DOC_TABLE: relative widths (0: equal) */
	int lines;        /* DOC_BLANK: how many dotted lines (default 4) */
	bool italic;      /* DOC_PARA */
};

#define DOC_TABLE_COLS 8

/* The signature block at the end. */
enum doc_sign {
	DOC_SIGN_NONE = 0,
	DOC_SIGN_COMMITTEE, /* right: "T/M CHI ỦY" / "BÍ THƯ" (resolution) */
	DOC_SIGN_MINUTES    /* left "THƯ KÝ", right "CHỦ TRÌ" (minutes) */
};

struct party_doc {
	char *upper;  /* "Đảng bộ Bộ Tài chính" (shown in capitals) */
	char *cell;   /* "Chi bộ Vụ Tổng hợp" (capitals, bold) */
	char *number; /* under the "*": "Số 05-NQ/CB", or NULL */
	char *place;  /* "Hà Nội", or NULL: dots to write it in */
	char *date_iso; /* the date of the place line, or NULL: dots */
	char *title;    /* bold capitals, centred; '\n' breaks lines */
	char *subtitle; /* italic under the title, or NULL */
	enum doc_sign sign;
	char *signer;    /* the name under the right signature */
	char *signer2;   /* under the left one (minutes: the secretary) */
	char *sign_role; /* overrides "BÍ THƯ" / "CHỦ TRÌ", or NULL */
	char *sign_for;  /* overrides "T/M CHI ỦY" (a committee's report:
			  * "T/M ĐẢNG ỦY"), or NULL */
	struct doc_block *blocks;
	size_t nblocks, cap;
	bool oom;
};

/* Sets a header field (*field = a copy of s; NULL clears it). */
int party_doc_set(struct party_doc *d, char **field, const char *s);
/* Appends a block; the printf forms format their text. */
int party_doc_heading(struct party_doc *d, const char *text);
int party_doc_para(struct party_doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int party_doc_bullet(struct party_doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int party_doc_blank(struct party_doc *d, const char *label, int lines);
/* Starts a table of ncols columns with its header row (widths may be
 * NULL: equal), then party_doc_row adds rows to the last table. */
int party_doc_table(struct party_doc *d, size_t ncols, const char *const *head,
    const double *widths);
int party_doc_row(struct party_doc *d, const char *const *cells);
void party_doc_release(struct party_doc *d);

/* Renders d as an A4 portrait PDF (fonts embedded) appended to out.
 * -CB_ENOMEM if a builder ran out of memory, -CB_EIO if cairo failed. */
int party_doc_render(const struct party_doc *d, struct sb *out,
    struct cb_error *err);

#endif
