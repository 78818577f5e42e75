/*
 * stored-file.c - a file given for storage in the database (a meeting's
 * material, an inspection's attachment), judged once for both: its type
 * told by the content (util/filetype.h), never by the name or the sender;
 * the size limit svc_material_max_bytes(); a plain file name; the SHA-256
 * kept (svc-int.h svc_file_judge).
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/filetype.h"
#include "util/hash.h"
#include "util/text.h"

#include "util/banned.h"

#define FILE_NAME_MAX 255

/* A file name as given: a plain line without path separators, quotes or
 * controls, at most FILE_NAME_MAX characters; its last path part is
 * kept (browsers may send "C:\\...\\x.pdf").  NULL: refused. */
static char *
file_name(const char *given)
{
	const char *base = given, *p;
	uint32_t cp;
	size_t n, pos;

	if (given == NULL)
		return NULL;
	for (p = given; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	n = strlen(base);
	if (n == 0 || n > FILE_NAME_MAX * 4 ||
	    text_find_control(base, n, false, &cp, &pos) ||
	    strchr(base, '"') != NULL)
		return NULL;
	return text_clean(base); /* NULL for malformed UTF-8 */
}

/* True if err has an error on field. */
static bool
field_named(const struct cb_error *err, const char *field)
{
	size_t i;

	for (i = 0; i < err->nfields; i++)
		if (err->fields[i].field != NULL &&
		    strcmp(err->fields[i].field, field) == 0)
			return true;
	return false;
}

void
judged_file_release(struct judged_file *f)
{
	if (f == NULL)
		return;
	free(f->name);
	free(f->content_type);
	memset(f, 0, sizeof(*f));
}

int
svc_file_judge(const char *name, const void *data, size_t len,
    struct judged_file *ret, struct cb_error *err)
{
	const struct filetype *ft;
	char arg[32];

	memset(ret, 0, sizeof(*ret));
	if (data == NULL) {
		if (!field_named(err, "file"))
			cb_error_field(err, 0, "file", "required", NULL);
		return -CB_EINVAL;
	}
	if (len > svc_material_max_bytes()) {
		snprintf(arg, sizeof(arg), "%zu", svc_material_max_bytes());
		cb_error_set(err, CB_ETOOBIG, "material_too_large", arg);
		return cb_error_field(err, 0, "file", "material_too_large",
		    arg);
	}
	if ((ft = filetype_sniff(data, len)) == NULL) {
		cb_error_set(err, CB_EINVAL, "unsupported_material_type",
		    "PDF, DOCX, XLSX, ODT, PNG, JPEG");
		return cb_error_field(err, 0, "file",
		    "unsupported_material_type",
		    "PDF, DOCX, XLSX, ODT, PNG, JPEG");
	}
	if ((ret->name = file_name(name)) == NULL)
		return cb_error_field(err, 0, "file", "invalid_file_name",
		    NULL);
	if ((ret->content_type = strdup(ft->mime)) == NULL) {
		judged_file_release(ret);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	hash_sha256_hex(data, len, ret->sha256);
	return 0;
}
