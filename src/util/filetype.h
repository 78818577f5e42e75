/*
 * filetype.h - a file's type told by its content (a meeting's materials):
 * the magic bytes, and for the zip formats the entries that mark them
 * (word/document.xml: DOCX, xl/workbook.xml: XLSX, a "mimetype" entry
 * saying application/vnd.oasis.opendocument.text: ODT).  Never the name,
 * never what the sender says.
 */
#ifndef CHIBO_UTIL_FILETYPE_H
#define CHIBO_UTIL_FILETYPE_H

#include <stddef.h>

struct filetype {
	const char *name; /* "pdf", "docx", "xlsx", "odt", "png", "jpeg" */
	const char *mime; /* its media type */
	const char *ext;  /* the file name's extension, without the dot */
};

/* The type of data[0..len), or NULL when it is none of the accepted
 * ones (a zip of another kind, a damaged zip, anything else). */
const struct filetype *filetype_sniff(const void *data, size_t len);

#endif
