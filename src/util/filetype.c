/* filetype.c - a file's type by its content.  See filetype.h. */
#include "util/filetype.h"

#include <stdbool.h>
#include <string.h>
#include <zip.h>

#include "util/banned.h"

static const struct filetype types[] = {
	{ "pdf", "application/pdf", "pdf" },
	{ "docx",
	    "application/vnd.openxmlformats-officedocument.wordprocessingml."
	    "document",
	    "docx" },
	{ "xlsx",
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	    "xlsx" },
	{ "odt", "application/vnd.oasis.opendocument.text", "odt" },
	{ "png", "image/png", "png" },
	{ "jpeg", "image/jpeg", "jpg" },
};

enum { T_PDF, T_DOCX, T_XLSX, T_ODT, T_PNG, T_JPEG };

static bool
starts(const void *data, size_t len, const char *magic, size_t n)
{
	return len >= n && memcmp(data, magic, n) == 0;
}

/* An entry of the archive is there (exact name). */
static bool
has_entry(zip_t *z, const char *name)
{
	return zip_name_locate(z, name, 0) >= 0;
}

/* The "mimetype" entry of an OpenDocument file says text. */
static bool
odt_mimetype(zip_t *z)
{
	static const char want[] = "application/vnd.oasis.opendocument.text";
	char buf[sizeof(want)];
	zip_file_t *f;
	zip_int64_t n;

	if ((f = zip_fopen(z, "mimetype", 0)) == NULL)
		return false;
	n = zip_fread(f, buf, sizeof(buf));
	zip_fclose(f);
	return n == (zip_int64_t)(sizeof(want) - 1) &&
	    memcmp(buf, want, sizeof(want) - 1) == 0;
}

static const struct filetype *
zip_kind(const void *data, size_t len)
{
	const struct filetype *t = NULL;
	zip_source_t *src;
	zip_error_t ze;
	zip_t *z;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(data, len, 0, &ze)) == NULL) {
		zip_error_fini(&ze);
		return NULL;
	}
	if ((z = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		zip_source_free(src);
		zip_error_fini(&ze);
		return NULL;
	}
	if (has_entry(z, "word/document.xml"))
		t = &types[T_DOCX];
	else if (has_entry(z, "xl/workbook.xml"))
		t = &types[T_XLSX];
	else if (odt_mimetype(z))
		t = &types[T_ODT];
	zip_discard(z); /* frees src too */
	zip_error_fini(&ze);
	return t;
}

const struct filetype *
filetype_sniff(const void *data, size_t len)
{
	if (data == NULL)
		return NULL;
	if (starts(data, len, "%PDF-", 5))
		return &types[T_PDF];
	if (starts(data, len, "\x89PNG\r\n\x1a\n", 8))
		return &types[T_PNG];
	if (starts(data, len, "\xff\xd8\xff", 3))
		return &types[T_JPEG];
	if (starts(data, len, "PK\x03\x04", 4))
		return zip_kind(data, len);
	return NULL;
}
