/* store-field.c - see store-field.h. */
#include "store/store-field.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"

#include "util/banned.h"

void
q_field(struct q *q, int pos, const struct field_def *f, const void *obj)
{
	const char *s;
	int64_t i;

	if (field_row_value(f, obj, &s, &i))
		q_int(q, pos, i);
	else
		q_text(q, pos, s);
}

int
q_fields(struct q *q, int pos, const struct entity *e, const void *obj,
    size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to && i < e->nfields; i++)
		q_field(q, pos++, &e->fields[i], obj);
	return pos;
}

int
q_col_field(struct q *q, int col, const struct field_def *f, void *obj)
{
	int v;

	switch (f->type) {
	case FT_I64:
	case FT_REF:
		*field_i64_slot(f, obj) = q_col_int(q, col);
		return 0;
	case FT_INT:
		*field_int_slot(f, obj) = (int)q_col_int(q, col);
		return 0;
	case FT_TEXT:
	case FT_TIME:
	case FT_JSON:
	case FT_DATETIME:
		return q_col_dup(q, col, field_text_slot(f, obj));
	case FT_BOOL:
		*field_bool_slot(f, obj) = q_col_int(q, col) != 0;
		return 0;
	case FT_DATE:
		q_col_date(q, col, field_date_slot(f, obj));
		return 0;
	case FT_ENUM:
		v = field_enum_parse(f, q_col_text(q, col));
		*field_int_slot(f, obj) = v < 0 ? 0 : v;
		return 0;
	case FT__MAX:
	default:
		break;
	}
	return 0;
}

int
q_col_entity(struct q *q, const struct entity *e, void *obj)
{
	size_t i;

	for (i = 0; i < e->nfields; i++)
		if (q_col_field(q, (int)i, &e->fields[i], obj) != 0) {
			entity_release_strings(e, obj);
			return -CB_ENOMEM;
		}
	return 0;
}

int
store_check_dates(const struct entity *e, const void *obj,
    struct cb_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < e->nfields; i++)
		if (e->fields[i].type == FT_DATE &&
		    store_check_date(field_cslot(&e->fields[i], obj),
		        e->fields[i].name, err) != 0)
			rc = -CB_EINVAL;
	return rc;
}

int
store_check_enums(const struct entity *e, const void *obj,
    struct cb_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];
		int v;

		if (f->type != FT_ENUM)
			continue;
		v = *(const int *)field_cslot(f, obj);
		if (v < 0 || v >= f->nnames || (v != 0 && f->names[v] == NULL))
			rc = cb_error_field(err, 0, f->name, "invalid_value",
			    NULL);
	}
	return rc;
}

int
store_entity_write(struct store *st, const struct entity_write *w,
    int64_t *ret_id, int64_t *version, char **created_at, char **updated_at,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	bool g;
	int pos, rc;

	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, w->stmt, err)) == 0) {
		q.fk_field = w->fk;
		pos = 1;
		if (w->row > 0)
			q_int(&q, pos++, w->row);
		pos = q_fields(&q, pos, w->e, w->obj, w->from, w->to);
		q_text(&q, pos, now);
		if (w->row == 0) {
			rc = q_insert_id(&q, now, ret_id, created_at, err);
		} else {
			q_int(&q, pos + 1, w->expected);
			rc = q_step(&q, err);
			if (rc == 1)
				*version = q_col_int(&q, 0);
			q_done(&q);
			if (rc == 0)
				rc = cb_error_set(err, CB_EPRECOND,
				    "precondition_failed", NULL);
			else if (rc == 1)
				rc = 0;
		}
	}
	rc = store_guard_end(st, g, rc, err);
	if (rc == 0) {
		if (w->row == 0)
			*version = 1;
		free(*updated_at);
		if ((*updated_at = strdup(now)) == NULL)
			rc = store_nomem(err);
	}
	return rc;
}
