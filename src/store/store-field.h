/*
 * store-field.h - an entity's fields (core/field.h) in and out of
 * statement rows: what store-member.c, store-org.c and store-bulk.c share.
 *
 * In a row, a field is written as: its text (FT_TEXT, FT_TIME, FT_JSON;
 * an empty FF_UNIQUE text as NULL, so that it blocks no other record), its
 * name (FT_ENUM; NULL for a value without one), an ISO date (FT_DATE; ""
 * as NULL), an id (FT_REF; 0 as NULL) or a number (FT_I64, FT_INT).  It is
 * read back the same way: an unknown enum name or NULL reads as 0.
 */
#ifndef CHIBO_STORE_STORE_FIELD_H
#define CHIBO_STORE_STORE_FIELD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/field.h"
#include "store/store-int.h"

/* The value of field f of obj as a row holds it: returns true with the
 * number in *ret_i, or false with the text in *ret_s (NULL: SQL NULL).
 * Borrows from obj; no allocation (the bulk path runs it per cell). */
static inline bool
field_row_value(const struct field_def *f, const void *obj, const char **ret_s,
    int64_t *ret_i)
{
	const void *p = field_cslot(f, obj);
	const char *s;

	*ret_s = NULL;
	*ret_i = 0;
	switch (f->type) {
	case FT_I64:
		*ret_i = *(const int64_t *)p;
		return true;
	case FT_INT:
		*ret_i = *(const int *)p;
		return true;
	case FT_REF:
		if ((*ret_i = *(const int64_t *)p) != 0)
			return true;
		return false;
	case FT_TEXT:
		s = *(char *const *)p;
		if ((f->flags & FF_UNIQUE) && s != NULL && s[0] == '\0')
			s = NULL;
		*ret_s = s;
		return false;
	case FT_TIME:
	case FT_JSON:
	case FT_DATETIME:
		*ret_s = *(char *const *)p;
		return false;
	case FT_BOOL:
		*ret_i = *(const bool *)p ? 1 : 0;
		return true;
	case FT_DATE:
		s = p;
		*ret_s = s[0] != '\0' ? s : NULL;
		return false;
	case FT_ENUM:
		*ret_s = field_enum_name(f, *(const int *)p);
		return false;
	case FT__MAX:
	default:
		break;
	}
	return false;
}

/* Binds field f of obj at parameter pos (q_text, q_int: text checked). */
void q_field(struct q *q, int pos, const struct field_def *f, const void *obj);
/* Binds fields from to to - 1 of obj (table indexes) at parameters pos
 * onwards; returns the next parameter's position. */
int q_fields(struct q *q, int pos, const struct entity *e, const void *obj,
    size_t from, size_t to);
/* Reads field f of obj from column col of the current row (a string
 * field is replaced, not freed: release obj first).  0 or -CB_ENOMEM. */
int q_col_field(struct q *q, int col, const struct field_def *f, void *obj);
/* Reads every field of e from columns 0 to e->nfields - 1 into obj,
 * whose strings are NULL (a released object).  0 or -CB_ENOMEM (obj's
 * strings released then). */
int q_col_entity(struct q *q, const struct entity *e, void *obj);
/* Checks every date of obj (store_check_date, in table order): adds a
 * field error for each bad one; 0 or -CB_EINVAL. */
int store_check_dates(const struct entity *e, const void *obj,
    struct cb_error *err);
/* Checks that every enum of obj is one of its values (0, "none",
 * included): adds "invalid_value" for each other; 0 or -CB_EINVAL. */
int store_check_enums(const struct entity *e, const void *obj,
    struct cb_error *err);

/*
 * One versioned write of e's fields [from, to) of obj by statement stmt,
 * in its own guarded transaction: an insert (row 0: parameters 1.. the
 * fields, then now; RETURNING id) or an update of row (1 the id, 2.. the
 * fields, now, the expected version; RETURNING version, no row:
 * -CB_EPRECOND "precondition_failed").  fk names the field a foreign-key
 * failure is reported on (NULL: none).
 */
struct entity_write {
	enum stmt stmt;
	const char *fk;
	const struct entity *e;
	void *obj;
	size_t from, to;
	int64_t row;      /* 0: insert */
	int64_t expected; /* update: the version the caller read */
};
/* Sets *ret_id and *created_at (insert; either may be NULL on update),
 * *version (1 after an insert) and *updated_at (now). */
int store_entity_write(struct store *st, const struct entity_write *w,
    int64_t *ret_id, int64_t *version, char **created_at, char **updated_at,
    struct cb_error *err);

#endif
