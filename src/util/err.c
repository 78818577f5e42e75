/* err.c - see err.h. */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

static const char *const code_names[CB__MAX] = {
	[CB_OK] = "ok",
	[CB_ENOMEM] = "out_of_memory",
	[CB_EINVAL] = "invalid",
	[CB_ENOTFOUND] = "not_found",
	[CB_ECONFLICT] = "conflict",
	[CB_EPRECOND] = "precondition_failed",
	[CB_EPERM] = "forbidden",
	[CB_ESTORE] = "storage_error",
	[CB_EIO] = "io_error",
	[CB_ETOOBIG] = "too_big",
	[CB_ENOTSUP] = "not_supported",
};

const char *
cb_code_name(int code)
{
	if (code < 0)
		code = -code;
	if (code >= CB__MAX)
		return "unknown";
	return code_names[code];
}

void
cb_error_init(struct cb_error *e)
{
	memset(e, 0, sizeof(*e));
}

static void
ferr_release(struct cb_ferr *f)
{
	free(f->field);
	free(f->code);
	free(f->arg);
	free(f->rule);
	free(f->citation);
	free(f->given);
}

void
cb_error_release(struct cb_error *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nfields; i++)
		ferr_release(&e->fields[i]);
	free(e->fields);
	free(e->mcode);
	free(e->arg);
	free(e->detail);
	cb_error_init(e);
}

static char *
dup_or_null(const char *s)
{
	return s == NULL ? NULL : strdup(s);
}

int
cb_error_set(struct cb_error *e, int code, const char *mcode, const char *arg)
{
	if (code < 0)
		code = -code;
	if (e == NULL)
		return -code;
	if (e->code == CB_OK) {
		e->code = code;
		free(e->mcode);
		free(e->arg);
		e->mcode =
		    dup_or_null(mcode != NULL ? mcode : cb_code_name(code));
		e->arg = dup_or_null(arg);
	}
	return -code;
}

int
cb_error_field_rule(struct cb_error *e, long row, const char *field,
    const char *code, const char *arg, const char *rule, const char *citation)
{
	struct cb_ferr *f;

	if (e == NULL)
		return -CB_EINVAL;
	if (e->code == CB_OK)
		cb_error_set(e, CB_EINVAL, "validation_failed", NULL);
	if (e->nfields == e->cap) {
		size_t ncap = e->cap ? e->cap * 2 : 4;
		struct cb_ferr *nf = realloc(e->fields, ncap * sizeof(*nf));

		if (nf == NULL)
			return -e->code;
		e->fields = nf;
		e->cap = ncap;
	}
	f = &e->fields[e->nfields++];
	f->row = row;
	f->field = dup_or_null(field);
	f->code = dup_or_null(code);
	f->arg = dup_or_null(arg);
	f->rule = dup_or_null(rule);
	f->citation = dup_or_null(citation);
	f->given = NULL;
	return -e->code;
}

int
cb_error_field(struct cb_error *e, long row, const char *field,
    const char *code, const char *arg)
{
	return cb_error_field_rule(e, row, field, code, arg, NULL, NULL);
}

int
cb_error_field_given(struct cb_error *e, long row, const char *field,
    const char *code, const char *arg, const char *given)
{
	size_t n = e != NULL ? e->nfields : 0;
	int rc = cb_error_field_rule(e, row, field, code, arg, NULL, NULL);

	if (e != NULL && e->nfields > n && given != NULL)
		e->fields[n].given = strdup(given);
	return rc;
}

int
cb_error_field_copy(struct cb_error *e, long row, const struct cb_ferr *f)
{
	size_t n = e != NULL ? e->nfields : 0;
	int rc = cb_error_field_rule(e, row, f->field, f->code, f->arg,
	    f->rule, f->citation);

	if (e != NULL && e->nfields > n && f->given != NULL)
		e->fields[n].given = strdup(f->given);
	return rc;
}

int
cb_error_detail(struct cb_error *e, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	if (e == NULL || e->detail != NULL)
		return 0;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	e->detail = s;
	return 0;
}

void
cb_error_move(struct cb_error *dst, struct cb_error *src)
{
	cb_error_release(dst);
	*dst = *src;
	cb_error_init(src);
}
