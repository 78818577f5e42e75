/*
 * store-inspection.c - inspections and supervisions, their
 * recommendations and attachments (migration 0026): rows read and bound
 * through the field tables (INSPECTION_FIELDS,
 * INSPECTION_RECOMMENDATION_FIELDS), the scope of each row checked here
 * on the paths of the body's organisation and of the subject.  See
 * store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/inspection.h"
#include "store/cursor.h"
#include "store/store-field.h"
#include "store/store-int.h"
#include "util/err.h"

#include "util/banned.h"

static int
inspection_not_found(struct cb_error *err)
{
	return cb_error_set(err, CB_ENOTFOUND, "inspection_not_found", NULL);
}

/* The right a write of i needs on its body's organisation: a
 * self-inspection's own, or the inspection commission's. */
static enum action
write_act(const struct inspection *i)
{
	return i->form == INSP_FORM_SELF ?
	    ACT_SELF_INSPECTION_WRITE :
	    ACT_INSPECTION_WRITE;
}

/* Whether the principal sees an inspection whose body's organisation is
 * at org_path and whose subject is at subject_path. */
static bool
seen(const struct store *st, const struct inspection *i, const char *org_path,
    const char *subject_path)
{
	const struct principal *p = st->who;

	if (!store_restricted(st))
		return true;
	return principal_may(p, ACT_INSPECTION_READ, org_path) ||
	    (subject_path != NULL &&
	        principal_may(p, ACT_INSPECTION_READ, subject_path)) ||
	    principal_may(p, write_act(i), org_path);
}

/* The organisation and the subject a write names: they exist and are
 * seen (field errors org_id, subject_org_id, subject_member_id), the
 * subject inside the body's subtree (subject_outside_body), and the
 * principal may write i there (-CB_EPERM).  Every field problem at
 * once. */
static int
check_write(struct store *st, const struct inspection *i, struct cb_error *err)
{
	char *path = NULL, *spath = NULL;
	int64_t morg = 0;
	int rc = 0, r;

	if (i->org_id <= 0)
		rc = cb_error_field(err, 0, "org_id", "required", NULL);
	else if ((r = scope_org_for_write(st, i->org_id, "org_id", &path,
	              err)) != 0)
		rc = r;
	if (i->subject_org_id > 0)
		r = scope_org_for_write(st, i->subject_org_id,
		    "subject_org_id", &spath, err);
	else if (i->subject_member_id > 0)
		r = scope_member_for_write(st, i->subject_member_id,
		    "subject_member_id", &morg, &spath, err);
	else
		r = 0;
	if (r != 0 && (rc == 0 || rc == -CB_ENOTFOUND))
		rc = r;
	if (rc == 0 && path != NULL && spath != NULL &&
	    strncmp(spath, path, strlen(path)) != 0)
		rc = cb_error_field(err, 0,
		    i->subject_org_id > 0 ?
		        "subject_org_id" :
		        "subject_member_id",
		    "subject_outside_body", NULL);
	if (rc == 0 && store_restricted(st))
		rc = scope_may(st, write_act(i), path, err);
	free(path);
	free(spath);
	return rc;
}

/* Reads an inspection row: the columns, then the two paths. */
static int
inspection_fetch(struct store *st, int64_t id, const char *today,
    struct inspection *ret, char **ret_path, char **ret_spath,
    struct cb_error *err)
{
	struct q q;
	int rc;

	inspection_release(ret);
	*ret_path = NULL;
	*ret_spath = NULL;
	if ((rc = q_open(&q, st, STMT_INSPECTION_GET, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	q_date(&q, 2, today);
	rc = q_step(&q, err);
	if (rc == 1 &&
	    (q_col_entity(&q, &inspection_entity, ret) != 0 ||
	        q_col_dup(&q, (int)inspection_entity.nfields, ret_path) != 0 ||
	        q_col_dup(&q, (int)inspection_entity.nfields + 1, ret_spath) !=
	            0))
		rc = store_nomem(err);
	q_done(&q);
	if (rc == 0)
		rc = inspection_not_found(err);
	if (rc < 0) {
		inspection_release(ret);
		free(*ret_path);
		free(*ret_spath);
		*ret_path = NULL;
		*ret_spath = NULL;
		return rc;
	}
	return 0;
}

int
store_inspection_get(struct store *st, int64_t id, const char *today,
    struct inspection *ret, char **ret_path, struct cb_error *err)
{
	char *path = NULL, *spath = NULL;
	int rc;

	if (ret_path != NULL)
		*ret_path = NULL;
	if (store_restricted(st) &&
	    !principal_can(st->who, ACT_INSPECTION_READ) &&
	    !principal_can(st->who, ACT_INSPECTION_WRITE) &&
	    !principal_can(st->who, ACT_SELF_INSPECTION_WRITE))
		return inspection_not_found(err);
	if ((rc = inspection_fetch(st, id, today, ret, &path, &spath, err)) !=
	    0)
		return rc;
	if (!seen(st, ret, path, spath)) {
		inspection_release(ret);
		rc = inspection_not_found(err);
	} else if (ret_path != NULL) {
		*ret_path = path;
		path = NULL;
	}
	free(path);
	free(spath);
	return rc;
}

/* The inspection is seen (else "inspection_not_found"), and the
 * principal may write it when write. */
static int
in_scope(struct store *st, int64_t id, bool write, struct cb_error *err)
{
	struct inspection cur;
	char *path = NULL;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_inspection_get(st, id, "1970-01-01", &cur, &path,
	         err)) != 0)
		return rc;
	if (write && store_restricted(st))
		rc = scope_may(st, write_act(&cur), path, err);
	inspection_release(&cur);
	free(path);
	return rc;
}

static int
ensure_codes(struct inspection *i, struct cb_error *err)
{
	if (i->content_codes == NULL &&
	    (i->content_codes = strdup("[]")) == NULL)
		return store_nomem(err);
	return 0;
}

int
store_inspection_insert(struct store *st, struct inspection *i,
    struct cb_error *err)
{
	int rc;

	if ((rc = store_check_enums(&inspection_entity, i, err)) != 0 ||
	    (rc = check_write(st, i, err)) != 0 ||
	    (rc = ensure_codes(i, err)) != 0)
		return rc;
	/* 1-17 the data fields (org_id to recorded_by), 18 now */
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_INSPECTION_INSERT,
	        .fk = "org_id",
	        .e = &inspection_entity,
	        .obj = i,
	        .from = INSPECTION_F_org_id,
	        .to = INSPECTION_F_version,
	        .row = 0,
	        .expected = 0 },
	    &i->id, &i->version, &i->created_at, &i->updated_at, err);
}

int
store_inspection_update(struct store *st, struct inspection *i,
    int64_t expected_version, struct cb_error *err)
{
	int rc;

	if ((rc = store_check_enums(&inspection_entity, i, err)) != 0 ||
	    (rc = in_scope(st, i->id, true, err)) != 0 ||
	    (rc = check_write(st, i, err)) != 0 ||
	    (rc = ensure_codes(i, err)) != 0)
		return rc;
	/* 1 id, 2-18 the data fields, 19 now, 20 the expected version */
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_INSPECTION_UPDATE,
	        .fk = "org_id",
	        .e = &inspection_entity,
	        .obj = i,
	        .from = INSPECTION_F_org_id,
	        .to = INSPECTION_F_version,
	        .row = i->id,
	        .expected = expected_version },
	    NULL, &i->version, NULL, &i->updated_at, err);
}

/* Runs statement id with the inspection as its parameter 1. */
static int
run_by_inspection(struct store *st, enum stmt id, int64_t insp,
    struct cb_error *err)
{
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	q_int(&q, 1, insp);
	return q_run(&q, err);
}

int
store_inspection_delete(struct store *st, int64_t id, int64_t expected_version,
    struct cb_error *err)
{
	struct q q;
	bool g;
	int rc;

	if ((rc = in_scope(st, id, true, err)) != 0)
		return rc;
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = run_by_inspection(st, STMT_INSP_REC_DELETE_ALL, id, err)) ==
	        0 &&
	    (rc = run_by_inspection(st, STMT_INSP_ATT_DELETE_ALL, id, err)) ==
	        0 &&
	    (rc = q_open(&q, st, STMT_INSPECTION_DELETE, err)) == 0) {
		q_int(&q, 1, id);
		q_int(&q, 2, expected_version);
		rc = q_step(&q, err);
		q_done(&q);
		if (rc == 0)
			rc = cb_error_set(err, CB_EPRECOND,
			    "precondition_failed", NULL);
		else if (rc == 1)
			rc = 0;
	}
	return store_guard_end(st, g, rc, err);
}

void
inspection_page_release(struct inspection_page *p)
{
	if (p == NULL)
		return;
	inspection_list_release(&p->list);
	free(p->next_cursor);
	p->next_cursor = NULL;
}

int
store_inspection_list(struct store *st, const struct inspection_query *iq,
    struct inspection_page *ret, struct cb_error *err)
{
	struct store_cursor c;
	struct inspection *items = NULL;
	char *path = NULL, *hi = NULL, idbuf[24], y0[DATE_LEN], y1[DATE_LEN];
	int64_t after_id = 0;
	size_t n = 0;
	struct q q;
	int rc;

	inspection_page_release(ret);
	memset(&c, 0, sizeof(c));
	if (iq->limit < 1 || iq->limit > 1000)
		return cb_error_field(err, 0, "limit", "invalid_value", NULL);
	if (iq->cursor != NULL && iq->cursor[0] != '\0') {
		bool ok = store_cursor_open(iq->cursor, 1, &c) == 0 &&
		    store_cursor_id(&c, 0, &after_id);

		store_cursor_close(&c);
		if (!ok) {
			cb_error_set(err, CB_EINVAL, "invalid_query", NULL);
			return cb_error_field(err, 0, "cursor",
			    "invalid_cursor", NULL);
		}
	}
	if ((rc = scope_org_for_write(st, iq->org_id, "org", &path, err)) != 0)
		goto out;
	if (path == NULL) {
		rc = cb_error_field(err, 0, "org", "required", NULL);
		goto out;
	}
	if (store_restricted(st) &&
	    (rc = scope_may(st, ACT_INSPECTION_READ, path, err)) != 0)
		goto out;
	if ((hi = path_upper(path)) == NULL ||
	    (items = calloc(iq->limit + 1, sizeof(*items))) == NULL) {
		rc = store_nomem(err);
		goto out;
	}
	if ((rc = q_open(&q, st, STMT_INSPECTION_LIST, err)) != 0)
		goto out;
	q_text(&q, 1, path);
	q_text(&q, 2, hi);
	q_text_opt(&q, 3,
	    field_enum_name(&inspection_entity.fields[INSPECTION_F_kind],
	        iq->kind));
	q_text_opt(&q, 4,
	    field_enum_name(&inspection_entity.fields[INSPECTION_F_form],
	        iq->form));
	q_text_opt(&q, 5,
	    field_enum_name(&inspection_entity.fields[INSPECTION_F_status],
	        iq->status));
	if (iq->year > 0) {
		snprintf(y0, sizeof(y0), "%04u-01-01",
		    (unsigned)iq->year % 10000u);
		snprintf(y1, sizeof(y1), "%04u-01-01",
		    (unsigned)(iq->year + 1) % 10000u);
		q_date(&q, 6, y0);
		q_date(&q, 7, y1);
	} else {
		q_null(&q, 6);
		q_null(&q, 7);
	}
	q_int(&q, 8, after_id);
	q_int(&q, 9, (int64_t)iq->limit + 1);
	q_date(&q, 10, iq->today);
	while ((rc = q_step(&q, err)) == 1) {
		if (q_col_entity(&q, &inspection_entity, &items[n]) != 0) {
			rc = store_nomem(err);
			break;
		}
		n++;
	}
	q_done(&q);
	if (rc < 0)
		goto out;
	rc = 0;
	if (n > iq->limit) {
		inspection_release(&items[--n]);
		snprintf(idbuf, sizeof(idbuf), "%lld",
		    (long long)items[n - 1].id);
		if ((ret->next_cursor = store_cursor_make(
		         (const char *const[]){ idbuf }, 1)) == NULL) {
			rc = store_nomem(err);
			goto out;
		}
	}
	ret->list.items = items;
	ret->list.n = n;
	items = NULL;
	n = 0;
out:
	if (items != NULL) {
		struct inspection_list l = { items, n };

		inspection_list_release(&l);
	}
	free(path);
	free(hi);
	return rc;
}

/* ---------------------------------------------------- recommendations */

static int
recommendation_not_found(struct cb_error *err)
{
	return cb_error_set(err, CB_ENOTFOUND, "recommendation_not_found",
	    NULL);
}

/* The owner organisation, when named, exists and is seen. */
static int
check_owner_org(struct store *st, int64_t org_id, struct cb_error *err)
{
	char *path = NULL;
	int rc;

	if (org_id <= 0)
		return 0;
	rc = scope_org_for_write(st, org_id, "owner_org_id", &path, err);
	free(path);
	return rc;
}

int
store_inspection_rec_insert(struct store *st,
    struct inspection_recommendation *r, struct cb_error *err)
{
	int rc;

	if ((rc = in_scope(st, r->inspection_id, true, err)) != 0 ||
	    (rc = check_owner_org(st, r->owner_org_id, err)) != 0)
		return rc;
	/* 1 inspection, 2-8 text..recorded_by, 9 now */
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_INSP_REC_INSERT,
	        .fk = "owner_org_id",
	        .e = &inspection_recommendation_entity,
	        .obj = r,
	        .from = INSPECTION_RECOMMENDATION_F_inspection_id,
	        .to = INSPECTION_RECOMMENDATION_F_overdue,
	        .row = 0,
	        .expected = 0 },
	    &r->id, &r->version, &r->created_at, &r->updated_at, err);
}

int
store_inspection_rec_get(struct store *st, int64_t inspection_id, int64_t id,
    const char *today, struct inspection_recommendation *ret,
    struct cb_error *err)
{
	struct q q;
	int rc;

	inspection_recommendation_release(ret);
	if ((rc = in_scope(st, inspection_id, false, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_INSP_REC_GET, err)) != 0)
		return rc;
	q_int(&q, 1, inspection_id);
	q_int(&q, 2, id);
	q_date(&q, 3, today);
	rc = q_step(&q, err);
	if (rc == 1 &&
	    q_col_entity(&q, &inspection_recommendation_entity, ret) != 0)
		rc = store_nomem(err);
	q_done(&q);
	if (rc == 0)
		rc = recommendation_not_found(err);
	if (rc < 0) {
		inspection_recommendation_release(ret);
		return rc;
	}
	return 0;
}

int
store_inspection_rec_update(struct store *st,
    struct inspection_recommendation *r, int64_t expected_version,
    struct cb_error *err)
{
	int rc;

	if ((rc = in_scope(st, r->inspection_id, true, err)) != 0 ||
	    (rc = check_owner_org(st, r->owner_org_id, err)) != 0)
		return rc;
	/* 1 id, 2-8 text..recorded_by, 9 now, 10 the expected version */
	return store_entity_write(st,
	    &(struct entity_write){ .stmt = STMT_INSP_REC_UPDATE,
	        .fk = "owner_org_id",
	        .e = &inspection_recommendation_entity,
	        .obj = r,
	        .from = INSPECTION_RECOMMENDATION_F_text,
	        .to = INSPECTION_RECOMMENDATION_F_overdue,
	        .row = r->id,
	        .expected = expected_version },
	    NULL, &r->version, NULL, &r->updated_at, err);
}

/* Appends a zeroed item to a growing array (*items, *n of *cap), each
 * size bytes: the new item, or NULL when out of memory. */
static void *
grow(void **items, size_t *n, size_t *cap, size_t size)
{
	void *t;

	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;

		if ((t = realloc(*items, c * size)) == NULL)
			return NULL;
		*items = t;
		*cap = c;
	}
	t = (char *)*items + *n * size;
	memset(t, 0, size);
	(*n)++;
	return t;
}

int
store_inspection_rec_list(struct store *st, int64_t inspection_id,
    const char *today, struct inspection_recommendation_list *ret,
    struct cb_error *err)
{
	struct inspection_recommendation *r;
	size_t cap = 0;
	struct q q;
	int rc;

	inspection_recommendation_list_release(ret);
	if ((rc = in_scope(st, inspection_id, false, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_INSP_REC_LIST, err)) != 0)
		return rc;
	q_int(&q, 1, inspection_id);
	q_date(&q, 2, today);
	while ((rc = q_step(&q, err)) == 1) {
		if ((r = grow((void **)&ret->items, &ret->n, &cap,
		         sizeof(*r))) == NULL ||
		    q_col_entity(&q, &inspection_recommendation_entity, r) !=
		        0) {
			rc = store_nomem(err);
			break;
		}
	}
	q_done(&q);
	if (rc < 0) {
		inspection_recommendation_list_release(ret);
		return rc;
	}
	return 0;
}

/* -------------------------------------------------------- attachments */

int
store_inspection_att_insert(struct store *st, struct inspection_attachment *a,
    const void *data, struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	bool g;
	int rc;

	if ((rc = in_scope(st, a->inspection_id, true, err)) != 0)
		return rc;
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_INSP_ATT_INSERT, err)) == 0) {
		q_int(&q, 1, a->inspection_id);
		q_text(&q, 2, a->name);
		q_text(&q, 3, a->content_type);
		q_int(&q, 4, a->size);
		q_text(&q, 5, a->sha256);
		q_text_opt(&q, 6, a->recorded_by);
		q_text(&q, 7, now);
		q_blob(&q, 8, data != NULL ? data : "", (size_t)a->size);
		rc = q_insert_id(&q, now, &a->id, &a->created_at, err);
	}
	return store_guard_end(st, g, rc, err);
}

/* The INSP_ATT_COLS of the current row into *a. */
static int
attachment_row(struct q *q, struct inspection_attachment *a)
{
	a->id = q_col_int(q, 0);
	a->inspection_id = q_col_int(q, 1);
	a->size = q_col_int(q, 4);
	snprintf(a->sha256, sizeof(a->sha256), "%s",
	    q_col_text(q, 5) != NULL ? q_col_text(q, 5) : "");
	return q_col_dup(q, 2, &a->name) != 0 ||
	        q_col_dup(q, 3, &a->content_type) != 0 ||
	        q_col_dup(q, 6, &a->recorded_by) != 0 ||
	        q_col_dup(q, 7, &a->created_at) != 0 ?
	    -1 :
	    0;
}

int
store_inspection_att_list(struct store *st, int64_t inspection_id,
    struct inspection_attachment_list *ret, struct cb_error *err)
{
	struct inspection_attachment *a;
	size_t cap = 0;
	struct q q;
	int rc;

	inspection_attachment_list_release(ret);
	if ((rc = in_scope(st, inspection_id, false, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_INSP_ATT_LIST, err)) != 0)
		return rc;
	q_int(&q, 1, inspection_id);
	while ((rc = q_step(&q, err)) == 1) {
		if ((a = grow((void **)&ret->items, &ret->n, &cap,
		         sizeof(*a))) == NULL ||
		    attachment_row(&q, a) != 0) {
			rc = store_nomem(err);
			break;
		}
	}
	q_done(&q);
	if (rc < 0) {
		inspection_attachment_list_release(ret);
		return rc;
	}
	return 0;
}

int
store_inspection_att_get(struct store *st, int64_t inspection_id, int64_t id,
    struct inspection_attachment *ret, unsigned char **ret_data,
    struct cb_error *err)
{
	const void *p;
	size_t len = 0;
	struct q q;
	int rc;

	inspection_attachment_release(ret);
	*ret_data = NULL;
	if ((rc = in_scope(st, inspection_id, false, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_INSP_ATT_GET, err)) != 0)
		return rc;
	q_int(&q, 1, inspection_id);
	q_int(&q, 2, id);
	if ((rc = q_step(&q, err)) == 1) {
		p = q_col_blob(&q, 8, &len);
		if (attachment_row(&q, ret) != 0 ||
		    (*ret_data = malloc(len ? len : 1)) == NULL) {
			rc = store_nomem(err);
		} else {
			if (len > 0)
				memcpy(*ret_data, p, len);
			ret->size = (int64_t)len;
		}
	}
	q_done(&q);
	if (rc == 0)
		rc = cb_error_set(err, CB_ENOTFOUND, "attachment_not_found",
		    NULL);
	if (rc < 0) {
		inspection_attachment_release(ret);
		free(*ret_data);
		*ret_data = NULL;
		return rc;
	}
	return 0;
}
