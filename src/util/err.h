/*
 * err.h - the one error model of chibo.
 *
 * Functions named as actions return 0 on success or a negative -CB_E* code.
 * Details travel in a struct cb_error out-parameter (last argument), which is
 * left untouched on success.  Nothing below the edges (cli/, http/) prints.
 *
 * A cb_error carries only stable machine codes ("invalid_date") and optional
 * arguments; the edges turn them into Vietnamese or English text with
 * msg_render() (util/msg.h).
 */
#ifndef CHIBO_UTIL_ERR_H
#define CHIBO_UTIL_ERR_H

#include <stddef.h>

enum cb_code {
	CB_OK = 0,
	CB_ENOMEM,    /* out of memory */
	CB_EINVAL,    /* bad input (validation) -> 400/422 */
	CB_ENOTFOUND, /* no such object (or out of scope) -> 404 */
	CB_ECONFLICT, /* uniqueness or state conflict -> 409 */
	CB_EPRECOND,  /* stale version (If-Match) -> 412 */
	CB_EPERM,     /* not allowed -> 403 */
	CB_ESTORE,    /* database failure -> 503 */
	CB_EIO,       /* file or network I/O */
	CB_ETOOBIG,   /* input over a limit -> 413 */
	CB_ENOTSUP,   /* not supported in this build */
	CB__MAX
};

/* One problem with one field (or one cell of an imported row). */
struct cb_ferr {
	long row;       /* import row (1-based), 0 if none */
	char *field;    /* JSON field / column name */
	char *code;     /* stable machine code, e.g. "invalid_date" */
	char *arg;      /* optional message argument, or NULL */
	char *rule;     /* rulebook id behind the verdict, or NULL */
	char *citation; /* document cited by that rule, or NULL */
	char *given;    /* the value given (shown beside arg), or NULL */
};

struct cb_error {
	int code;               /* CB_E* (positive), CB_OK if none */
	char *mcode;            /* stable machine code for the whole error */
	char *arg;              /* optional argument for mcode's message */
	char *detail;           /* internal detail for logs, never for users */
	struct cb_ferr *fields; /* field errors, nfields of them */
	size_t nfields;
	size_t cap;
};

#define CB_ERROR_INIT \
	{ \
		0, NULL, NULL, NULL, NULL, 0, 0 \
	}

void cb_error_init(struct cb_error *e);
/* Frees everything the error holds and re-initialises it. NULL is fine. */
void cb_error_release(struct cb_error *e);

/*
 * Sets the error (first error wins: a later call keeps code/mcode if already
 * set, so the root cause survives).  Returns -code so callers can write
 * "return cb_error_set(err, CB_ENOTFOUND, "member_not_found", NULL);".
 * err may be NULL.
 */
int
cb_error_set(struct cb_error *e, int code, const char *mcode, const char *arg);

/* Appends a field error; sets code CB_EINVAL / "validation_failed" if unset.
 * Returns -CB_EINVAL. */
int cb_error_field(struct cb_error *e, long row, const char *field,
    const char *code, const char *arg);

/* Like cb_error_field, naming the rulebook rule and its citation. */
int cb_error_field_rule(struct cb_error *e, long row, const char *field,
    const char *code, const char *arg, const char *rule, const char *citation);

/* Like cb_error_field, naming the value given (shown in the message;
 * arg keeps what the code says, e.g. the accepted values). */
int cb_error_field_given(struct cb_error *e, long row, const char *field,
    const char *code, const char *arg, const char *given);

/* Appends a copy of field error f (every member), at row. */
int cb_error_field_copy(struct cb_error *e, long row, const struct cb_ferr *f);

/* Sets the internal detail (printf-style); keeps the first one. */
int cb_error_detail(struct cb_error *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Moves src's content into dst (dst released first); src is re-initialised. */
void cb_error_move(struct cb_error *dst, struct cb_error *src);

/* Stable name of a cb_code, e.g. "not_found". */
const char *cb_code_name(int code);

#endif
