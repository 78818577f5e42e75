/*
 * programme.c - terms of a committee and inspection and supervision
 * programmes with their items (svc.h, issue 14): the record read from
 * JSON through the field table, judged by core/programme.c, written by
 * store/store-programme.c (which checks the scope and that an item's
 * subject lies inside the body's subtree), every write audited in its
 * transaction.
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/org-rules.h"
#include "core/programme.h"

#include "util/banned.h"

/* The required fields a patch may have cleared (null): "required". */
static int
required_dates(const char *a, const char *an, const char *b, const char *bn,
    struct cb_error *err)
{
	int rc = 0;

	if (a != NULL && a[0] == '\0')
		rc = cb_error_field(err, 0, an, "required", NULL);
	if (b != NULL && b[0] == '\0')
		rc = cb_error_field(err, 0, bn, "required", NULL);
	return rc;
}

static int
set_recorder(struct svc *s, char **slot, struct cb_error *err)
{
	free(*slot);
	if ((*slot = strdup(s->actor)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	return 0;
}

/* Audits a change of a into b (entity e): the fields that differ. */
static int
audit_change(struct svc *s, const char *action, const struct entity *e,
    const char *type, int64_t id, int64_t org_id, const void *a, const void *b,
    struct cb_error *err)
{
	json_t *ja = entity_to_json(e, a), *jb = entity_to_json(e, b);
	int rc;

	rc = svc_audit(s, action, type, id, org_id,
	    json_diff_side(ja, jb, true), json_diff_side(ja, jb, false), NULL,
	    err);
	json_decref(ja);
	json_decref(jb);
	return rc;
}

/* ---------------------------------------------------------------- terms */

static int
term_check(const struct org_term *t, struct cb_error *err)
{
	int rc = required_dates(t->starts_on, "starts_on", t->ends_on,
	    "ends_on", err);

	if (t->name == NULL || t->name[0] == '\0')
		rc = cb_error_field(err, 0, "name", "required", NULL);
	if (term_validate(t, err) != 0)
		rc = -CB_EINVAL;
	return rc != 0 ? -CB_EINVAL : 0;
}

int
svc_term_create(struct svc *s, const json_t *in, struct org_term *t,
    struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_CREATING | JA_REQUIRED | JA_TABLE_ORDER,
	};
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = entity_apply_json(&org_term_entity, t, in, &how, err)) !=
	        0 ||
	    (rc = term_check(t, err)) != 0)
		return rc;
	if ((rc = set_recorder(s, &t->recorded_by, err)) != 0 ||
	    (rc = store_begin(s->st, err)) != 0)
		return rc;
	/* The writers' lock before the overlap is read: two terms made at
	 * once cannot both pass it (PostgreSQL). */
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_term_insert(s->st, t, err)) != 0 ||
	    (rc = svc_audit(s, "term.create", "org_term", t->id, t->org_id,
	         NULL, entity_to_json(&org_term_entity, t), NULL, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		return svc_fail(s, rc);
	return 0;
}

int
svc_term_get(struct svc *s, int64_t id, struct org_term *ret,
    struct cb_error *err)
{
	return store_term_get(s->st, id, ret, err);
}

int
svc_term_list(struct svc *s, int64_t org_id, const char *on,
    struct org_term_list *ret, struct cb_error *err)
{
	return store_term_list(s->st, org_id, on, ret, err);
}

int
svc_term_on(struct svc *s, int64_t org_id, const char *on,
    struct org_term *ret, bool *found, struct cb_error *err)
{
	return store_term_on(s->st, org_id, on, ret, found, err);
}

int
svc_term_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct org_term *ret, struct cb_error *err)
{
	const struct json_apply how = { .flags = JA_TABLE_ORDER };
	struct org_term cur;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&cur, 0, sizeof(cur));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_term_get(s->st, id, &cur, err)) != 0 ||
	    (rc = store_term_get(s->st, id, ret, err)) != 0)
		goto fail;
	if (if_match != 0 && if_match != cur.version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	if ((rc = entity_apply_json(&org_term_entity, ret, patch, &how,
	         err)) != 0 ||
	    (rc = term_check(ret, err)) != 0 ||
	    (rc = set_recorder(s, &ret->recorded_by, err)) != 0 ||
	    (rc = store_term_update(s->st, ret, cur.version, err)) != 0 ||
	    (rc = audit_change(s, "term.update", &org_term_entity, "org_term",
	         id, ret->org_id, &cur, ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	org_term_release(&cur);
	return 0;
fail:
	org_term_release(&cur);
	org_term_release(ret);
	return svc_fail(s, rc);
}

int
svc_term_delete(struct svc *s, int64_t id, struct cb_error *err)
{
	struct org_term cur;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_term_get(s->st, id, &cur, err)) != 0 ||
	    (rc = store_term_delete(s->st, id, err)) != 0 ||
	    (rc = svc_audit(s, "term.delete", "org_term", id, cur.org_id,
	         entity_to_json(&org_term_entity, &cur), NULL, NULL, err)) !=
	        0 ||
	    (rc = store_commit(s->st, err)) != 0) {
		org_term_release(&cur);
		return svc_fail(s, rc);
	}
	org_term_release(&cur);
	return 0;
}

/* ----------------------------------------------------------- programmes */

/* A programme judged: its year, its defaults, and a cell body only for
 * an organisation that holds members ("body_not_allowed" on body). */
static int
programme_check(struct svc *s, struct inspection_programme *p,
    struct cb_error *err)
{
	const struct rulebook *rb;
	char kind[40];
	struct org o;
	int rc, bad = 0;

	if (p->status == PROGRAMME_STATUS_NONE)
		p->status = PROGRAMME_DRAFT;
	if (p->title == NULL || p->title[0] == '\0')
		bad = cb_error_field(err, 0, "title", "required", NULL);
	if (programme_validate(p, err) != 0)
		bad = -CB_EINVAL;
	if (p->body != INSPECTION_BODY_CELL || p->org_id <= 0)
		return bad;
	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	org_init(&o);
	/* An organisation not seen is the store's to refuse. */
	if ((rc = svc_org_get(s, p->org_id, &o, err)) == -CB_ENOTFOUND) {
		cb_error_release(err);
		return bad;
	}
	if (rc != 0)
		return rc;
	if (org_kind_holds_members(rb, o.kind, s->today, o.path, NULL) == 0) {
		snprintf(kind, sizeof(kind), "%s", org_kind_names[o.kind]);
		bad = cb_error_field(err, 0, "body", "body_not_allowed", kind);
	}
	org_release(&o);
	return bad != 0 ? -CB_EINVAL : 0;
}

int
svc_programme_create(struct svc *s, const json_t *in,
    struct inspection_programme *p, struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_CREATING | JA_REQUIRED | JA_TABLE_ORDER,
	};
	int rc;

	memset(p, 0, sizeof(*p));
	if ((rc = entity_apply_json(&inspection_programme_entity, p, in, &how,
	         err)) != 0)
		return rc;
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = programme_check(s, p, err)) != 0 ||
	    (rc = set_recorder(s, &p->recorded_by, err)) != 0 ||
	    (rc = store_programme_insert(s->st, p, err)) != 0 ||
	    (rc = svc_audit(s, "programme.create", "inspection_programme",
	         p->id, p->org_id, NULL,
	         entity_to_json(&inspection_programme_entity, p), NULL,
	         err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		return svc_fail(s, rc);
	return 0;
}

int
svc_programme_get(struct svc *s, int64_t id, struct inspection_programme *ret,
    struct inspection_programme_item_list *items, struct cb_error *err)
{
	int rc;

	if ((rc = store_programme_get(s->st, id, ret, NULL, err)) != 0)
		return rc;
	if (items != NULL &&
	    (rc = store_programme_items(s->st, id, items, err)) != 0)
		inspection_programme_release(ret);
	return rc;
}

int
svc_programme_list(struct svc *s, const struct programme_query *q,
    struct programme_page *ret, struct cb_error *err)
{
	return store_programme_list(s->st, q, ret, err);
}

/* A programme with items keeps its body and organisation (its items'
 * subjects were judged against them): "programme_has_items". */
static int
programme_move_check(struct svc *s, const struct inspection_programme *cur,
    const struct inspection_programme *p, struct cb_error *err)
{
	struct inspection_programme_item_list items = { NULL, 0 };
	size_t n;
	int rc;

	if (cur->org_id == p->org_id && cur->body == p->body)
		return 0;
	if ((rc = store_programme_items(s->st, cur->id, &items, err)) != 0)
		return rc;
	n = items.n;
	inspection_programme_item_list_release(&items);
	if (n == 0)
		return 0;
	return cb_error_field(err, 0,
	    cur->org_id != p->org_id ? "org_id" : "body",
	    "programme_has_items", NULL);
}

int
svc_programme_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct inspection_programme *ret, struct cb_error *err)
{
	const struct json_apply how = { .flags = JA_TABLE_ORDER };
	struct inspection_programme cur;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&cur, 0, sizeof(cur));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_programme_get(s->st, id, &cur, NULL, err)) != 0 ||
	    (rc = store_programme_get(s->st, id, ret, NULL, err)) != 0)
		goto fail;
	if (if_match != 0 && if_match != cur.version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	if ((rc = entity_apply_json(&inspection_programme_entity, ret, patch,
	         &how, err)) != 0 ||
	    (rc = programme_move_check(s, &cur, ret, err)) != 0 ||
	    (rc = programme_check(s, ret, err)) != 0 ||
	    (rc = set_recorder(s, &ret->recorded_by, err)) != 0 ||
	    (rc = store_programme_update(s->st, ret, cur.version, err)) != 0 ||
	    (rc = audit_change(s, "programme.update",
	         &inspection_programme_entity, "inspection_programme", id,
	         ret->org_id, &cur, ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	inspection_programme_release(&cur);
	return 0;
fail:
	inspection_programme_release(&cur);
	inspection_programme_release(ret);
	return svc_fail(s, rc);
}

/* The items of a programme as JSON (their own records). */
static json_t *
items_json(const struct inspection_programme_item_list *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < l->n; i++)
		json_array_append_new(a,
		    entity_to_json(&inspection_programme_item_entity,
		        &l->items[i]));
	return a;
}

int
svc_programme_delete(struct svc *s, int64_t id, struct cb_error *err)
{
	struct inspection_programme_item_list items = { NULL, 0 };
	struct inspection_programme cur;
	json_t *before;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_programme_get(s->st, id, &cur, NULL, err)) != 0 ||
	    (rc = store_programme_items(s->st, id, &items, err)) != 0 ||
	    (rc = store_programme_delete(s->st, id, err)) != 0)
		goto out;
	before = entity_to_json(&inspection_programme_entity, &cur);
	if (before != NULL)
		json_object_set_new(before, "items", items_json(&items));
	if ((rc = svc_audit(s, "programme.delete", "inspection_programme", id,
	         cur.org_id, before, NULL, NULL, err)) != 0)
		goto out;
	rc = store_commit(s->st, err);
out:
	inspection_programme_item_list_release(&items);
	inspection_programme_release(&cur);
	return rc != 0 ? svc_fail(s, rc) : 0;
}

/* ---------------------------------------------------- programme items */

/* The content codes of in (a JSON array of codes) as compact JSON text
 * into *ret and as a list into codes (borrowed from *ret's parse, kept
 * in *ret_parsed).  Absent: *ret untouched. */
static int
contents_from_json(const json_t *v, char **ret, json_t **ret_parsed,
    struct cb_error *err)
{
	json_t *e;
	size_t i;
	char *text;
	int rc = 0;

	if (v == NULL)
		return 0;
	if (json_is_null(v))
		v = json_array();
	else if (!json_is_array(v))
		return cb_error_field(err, 0, "content_codes", "wrong_type",
		    "array");
	else
		json_incref((json_t *)v);
	json_array_foreach(v, i, e)
	{
		const char *c = json_string_value(e);

		if (c == NULL)
			rc = cb_error_field(err, 0, "content_codes",
			    "wrong_type", "string");
		else if (!val_code(c))
			rc = cb_error_field_given(err, 0, "content_codes",
			    "unknown_content", "", strlen(c) < 40 ? c : NULL);
	}
	if (rc == 0 && json_array_size(v) > 100)
		rc = cb_error_field(err, 0, "content_codes", "too_long",
		    "100");
	if (rc != 0) {
		json_decref((json_t *)v);
		return -CB_EINVAL;
	}
	if ((text = json_dumps(v, JSON_COMPACT)) == NULL) {
		json_decref((json_t *)v);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	free(*ret);
	*ret = text;
	json_decref(*ret_parsed);
	*ret_parsed = (json_t *)v;
	return 0;
}

/* Item it of programme p judged (core/programme.h) with its codes. */
static int
item_check(struct svc *s, struct inspection_programme_item *it,
    const struct inspection_programme *p, const char *path,
    struct cb_error *err)
{
	const struct rulebook *rb;
	const char **codes = NULL;
	json_t *list, *e;
	size_t i, n;
	int rc;

	if (it->status == PITEM_STATUS_NONE)
		it->status = PITEM_PLANNED;
	if (it->content_codes == NULL &&
	    (it->content_codes = strdup("[]")) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	list = json_loads(it->content_codes, 0, NULL);
	n = json_array_size(list);
	if (n > 0 && (codes = calloc(n, sizeof(*codes))) == NULL) {
		json_decref(list);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	json_array_foreach(list, i, e)
	    codes[i] = json_string_value(e) ? json_string_value(e) : "";
	rc = programme_item_validate(it, p, codes, n, rb, path, err);
	free(codes);
	json_decref(list);
	return rc;
}

/* Reads an item's JSON (content_codes apart) into it. */
static int
item_apply(struct inspection_programme_item *it, const json_t *in,
    unsigned flags, struct cb_error *err)
{
	const struct json_apply how = { .flags = flags };
	json_t *rest, *parsed = NULL;
	int rc, rc2;

	if (!json_is_object(in))
		return cb_error_set(err, CB_EINVAL, "expected_object", NULL);
	if ((rest = json_copy((json_t *)in)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	json_object_del(rest, "content_codes");
	rc = entity_apply_json(&inspection_programme_item_entity, it, rest,
	    &how, err);
	rc2 = contents_from_json(json_object_get(in, "content_codes"),
	    &it->content_codes, &parsed, err);
	json_decref(parsed);
	json_decref(rest);
	if (rc == -CB_EINVAL || rc2 == -CB_EINVAL) {
		/* Every field's problem at once. */
		if (err->mcode == NULL)
			cb_error_set(err, CB_EINVAL, "validation_failed",
			    NULL);
		return -CB_EINVAL;
	}
	return rc != 0 ? rc : rc2;
}

int
svc_programme_item_create(struct svc *s, int64_t programme_id,
    const json_t *in, struct inspection_programme_item *it,
    struct cb_error *err)
{
	struct inspection_programme p;
	char *path = NULL;
	int rc;

	memset(it, 0, sizeof(*it));
	memset(&p, 0, sizeof(p));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	/* The programme first: a missing one is 404 whatever the body. */
	if ((rc = store_programme_get(s->st, programme_id, &p, &path, err)) !=
	        0 ||
	    (rc = item_apply(it, in,
	         JA_CREATING | JA_REQUIRED | JA_TABLE_ORDER, err)) != 0)
		goto fail;
	it->programme_id = programme_id;
	if ((rc = item_check(s, it, &p, path, err)) != 0 ||
	    (rc = set_recorder(s, &it->recorded_by, err)) != 0 ||
	    (rc = store_programme_item_insert(s->st, it, err)) != 0 ||
	    (rc = svc_audit(s, "programme.item_add", "inspection_programme",
	         programme_id, p.org_id, NULL,
	         entity_to_json(&inspection_programme_item_entity, it), NULL,
	         err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	free(path);
	inspection_programme_release(&p);
	return 0;
fail:
	free(path);
	inspection_programme_release(&p);
	inspection_programme_item_release(it);
	return svc_fail(s, rc);
}

int
svc_programme_item_get(struct svc *s, int64_t id,
    struct inspection_programme_item *ret, struct cb_error *err)
{
	return store_programme_item_get(s->st, id, ret, err);
}

int
svc_programme_item_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct inspection_programme_item *ret,
    struct cb_error *err)
{
	struct inspection_programme_item cur;
	struct inspection_programme p;
	char *path = NULL;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&cur, 0, sizeof(cur));
	memset(&p, 0, sizeof(p));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_programme_item_get(s->st, id, &cur, err)) != 0 ||
	    (rc = store_programme_item_get(s->st, id, ret, err)) != 0 ||
	    (rc = store_programme_get(s->st, cur.programme_id, &p, &path,
	         err)) != 0)
		goto fail;
	if (if_match != 0 && if_match != cur.version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	if ((rc = item_apply(ret, patch, JA_TABLE_ORDER, err)) != 0 ||
	    (rc = item_check(s, ret, &p, path, err)) != 0 ||
	    (rc = set_recorder(s, &ret->recorded_by, err)) != 0 ||
	    (rc = store_programme_item_update(s->st, ret, cur.version, err)) !=
	        0 ||
	    (rc = audit_change(s, "programme.item_update",
	         &inspection_programme_item_entity, "inspection_programme",
	         cur.programme_id, p.org_id, &cur, ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	free(path);
	inspection_programme_release(&p);
	inspection_programme_item_release(&cur);
	return 0;
fail:
	free(path);
	inspection_programme_release(&p);
	inspection_programme_item_release(&cur);
	inspection_programme_item_release(ret);
	return svc_fail(s, rc);
}

int
svc_programme_item_delete(struct svc *s, int64_t id, struct cb_error *err)
{
	struct inspection_programme_item cur;
	struct inspection_programme p;
	int rc;

	memset(&cur, 0, sizeof(cur));
	memset(&p, 0, sizeof(p));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_programme_item_get(s->st, id, &cur, err)) != 0 ||
	    (rc = store_programme_get(s->st, cur.programme_id, &p, NULL,
	         err)) != 0 ||
	    (rc = store_programme_item_delete(s->st, id, err)) != 0 ||
	    (rc = svc_audit(s, "programme.item_delete", "inspection_programme",
	         cur.programme_id, p.org_id,
	         entity_to_json(&inspection_programme_item_entity, &cur), NULL,
	         NULL, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0) {
		inspection_programme_release(&p);
		inspection_programme_item_release(&cur);
		return svc_fail(s, rc);
	}
	inspection_programme_release(&p);
	inspection_programme_item_release(&cur);
	return 0;
}
