/*
 * inspection.c - inspections and supervisions, their recommendations and
 * attachments (issue 14; svc.h): the records read from JSON through the
 * field tables (content_codes apart: a list), judged by
 * core/inspection.c, written by store/store-inspection.c (which checks
 * the scope, the subject inside the body's subtree and who may write
 * it), every write audited in its transaction.
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/inspection.h"

#include "util/banned.h"

static int
nomem(struct cb_error *err)
{
	return cb_error_set(err, CB_ENOMEM, NULL, NULL);
}

/* Whether s is a content code's shape: [a-z][a-z0-9_.]{0,39}. */
static bool
code_shaped(const char *s)
{
	size_t i;

	if (s == NULL || s[0] < 'a' || s[0] > 'z')
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (i >= 40 ||
		    !((s[i] >= 'a' && s[i] <= 'z') ||
		        (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		        s[i] == '.'))
			return false;
	return true;
}

/*
 * content_codes from JSON v (NULL: not given, *ret stays NULL): a list of
 * at most INSP_CONTENT_CODES_MAX distinct codes, null or [] for none;
 * *ret its compact JSON text.  Every problem at once (field errors
 * "content_codes" or "content_codes[i]"); 0 or -CB_EINVAL.
 */
static int
codes_from_json(const json_t *v, char **ret, struct cb_error *err)
{
	char field[40], max[16];
	const json_t *e, *f;
	size_t i, j;
	int bad = 0;

	*ret = NULL;
	if (v == NULL)
		return 0;
	if (json_is_null(v)) {
		*ret = strdup("[]");
		return *ret == NULL ? nomem(err) : 0;
	}
	if (!json_is_array(v))
		return cb_error_field(err, 0, "content_codes", "wrong_type",
		    "array");
	if (json_array_size(v) > INSP_CONTENT_CODES_MAX) {
		snprintf(max, sizeof(max), "%d", INSP_CONTENT_CODES_MAX);
		return cb_error_field(err, 0, "content_codes",
		    "content_codes_too_many", max);
	}
	json_array_foreach(v, i, e)
	{
		snprintf(field, sizeof(field), "content_codes[%zu]", i);
		if (!json_is_string(e)) {
			bad = cb_error_field(err, 0, field, "wrong_type",
			    "string");
			continue;
		}
		if (!code_shaped(json_string_value(e))) {
			bad = cb_error_field(err, 0, field,
			    "content_code_invalid", NULL);
			continue;
		}
		for (j = 0; j < i; j++)
			if ((f = json_array_get(v, j)) != NULL &&
			    json_is_string(f) &&
			    strcmp(json_string_value(f),
			        json_string_value(e)) == 0)
				break;
		if (j < i)
			bad = cb_error_field(err, 0, field,
			    "content_code_duplicate", json_string_value(e));
	}
	if (bad != 0)
		return bad;
	if ((*ret = json_dumps(v, JSON_COMPACT)) == NULL)
		return nomem(err);
	return 0;
}

/* Applies in (an object) to i through the field table with how, and its
 * content_codes apart; i->content_codes is replaced when given.  Every
 * problem at once. */
static int
apply(struct inspection *i, const json_t *in, const struct json_apply *how,
    struct cb_error *err)
{
	json_t *rest;
	char *codes = NULL;
	int rc, c;

	if (!json_is_object(in))
		return cb_error_set(err, CB_EINVAL, "invalid_json", NULL);
	if ((rest = json_copy((json_t *)in)) == NULL)
		return nomem(err);
	json_object_del(rest, "content_codes");
	rc = entity_apply_json(&inspection_entity, i, rest, how, err);
	json_decref(rest);
	c = codes_from_json(json_object_get(in, "content_codes"), &codes, err);
	if (c == -CB_ENOMEM)
		return c;
	if (rc == 0 && c != 0)
		rc = c;
	if (rc != 0) {
		free(codes);
		if (rc == -CB_EINVAL)
			cb_error_set(err, CB_EINVAL, "validation_failed",
			    NULL);
		return rc;
	}
	if (codes != NULL) {
		free(i->content_codes);
		i->content_codes = codes;
	}
	return 0;
}

/* The codes of content_codes (JSON text) into *ret (borrowing from
 * *ret_json, to be released); n of them. */
static int
codes_list(const char *text, json_t **ret_json, const char ***ret, size_t *n,
    struct cb_error *err)
{
	json_t *a, *e;
	size_t k;

	*ret = NULL;
	*n = 0;
	*ret_json = NULL;
	if (text == NULL || (a = json_loads(text, 0, NULL)) == NULL)
		return 0;
	*ret_json = a;
	if (!json_is_array(a) || json_array_size(a) == 0)
		return 0;
	if ((*ret = calloc(json_array_size(a), sizeof(**ret))) == NULL)
		return nomem(err);
	json_array_foreach(a, k,
	    e) if (json_is_string(e))(*ret)[(*n)++] = json_string_value(e);
	return 0;
}

/* Judges i as a write would store it, every problem at once: its own
 * checks (core/inspection.h inspection_validate), the rulebook's (forms
 * by kind, the contents' catalogue, in force on the decision's date, or
 * the start, or today), and that its programme exists and is seen. */
static int
judge(struct svc *s, const struct inspection *i, struct cb_error *err)
{
	const struct rulebook *rb;
	struct cb_error e2 = CB_ERROR_INIT;
	struct inspection_programme p;
	const char **codes = NULL, *on;
	json_t *cj = NULL;
	struct org o;
	size_t n = 0;
	int bad, rc;

	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	bad = inspection_validate(i, err);
	if ((rc = codes_list(i->content_codes, &cj, &codes, &n, err)) != 0)
		return rc;
	org_init(&o);
	if (i->org_id > 0 && svc_org_get(s, i->org_id, &o, &e2) != 0)
		cb_error_release(&e2);
	if (!insp_body_fits(i->body, o.kind))
		bad = cb_error_field(err, 0, "body", "body_not_for_org",
		    org_kind_name(o.kind));
	on = i->decided_on[0] ?
	    i->decided_on :
	    i->from[0] ?
	    i->from :
	    s->today;
	if (inspection_rules_check(i, codes, n, rb, on, o.path, err) != 0)
		bad = -CB_EINVAL;
	org_release(&o);
	free(codes);
	json_decref(cj);
	/* Any id but none (a negative one too: not found). */
	if (i->programme_id != 0) {
		memset(&p, 0, sizeof(p));
		rc = store_programme_get(s->st, i->programme_id, &p, NULL,
		    &e2);
		inspection_programme_release(&p);
		if (rc == -CB_ENOTFOUND || rc == -CB_EPERM)
			bad = cb_error_field(err, 0, "programme_id",
			    "programme_not_found", NULL);
		else if (rc != 0) {
			svc_error_take(err, &e2);
			return rc;
		}
		cb_error_release(&e2);
	}
	if (bad != 0 && err->code == CB_OK)
		cb_error_set(err, CB_EINVAL, "validation_failed", NULL);
	return bad != 0 ? -CB_EINVAL : 0;
}

/* Re-reads i (its store-made fields) after the commit. */
static int
reread(struct svc *s, struct inspection *i, struct cb_error *err)
{
	int64_t id = i->id;

	return store_inspection_get(s->st, id, s->today, i, NULL, err);
}

int
svc_inspection_create(struct svc *s, const json_t *in, struct inspection *ret,
    struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_CREATING | JA_REQUIRED | JA_TABLE_ORDER,
	};
	int rc;

	memset(ret, 0, sizeof(*ret));
	if ((rc = apply(ret, in, &how, err)) != 0)
		goto out;
	if (ret->status == INSP_STATUS_NONE)
		ret->status = INSP_PLANNED;
	if ((rc = judge(s, ret, err)) != 0)
		goto out;
	if ((ret->content_codes == NULL &&
	        (ret->content_codes = strdup("[]")) == NULL) ||
	    (ret->recorded_by = strdup(s->actor)) == NULL) {
		rc = nomem(err);
		goto out;
	}
	if ((rc = store_begin(s->st, err)) != 0)
		goto out;
	if ((rc = store_inspection_insert(s->st, ret, err)) != 0 ||
	    (rc = svc_audit(s, "inspection.create", "inspection", ret->id,
	         ret->org_id, NULL, entity_to_json(&inspection_entity, ret),
	         NULL, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0) {
		rc = svc_fail(s, rc);
		goto out;
	}
	return reread(s, ret, err);
out:
	inspection_release(ret);
	return rc;
}

int
svc_inspection_get(struct svc *s, int64_t id, struct inspection *ret,
    struct cb_error *err)
{
	return store_inspection_get(s->st, id, s->today, ret, NULL, err);
}

int
svc_inspection_list(struct svc *s, struct inspection_query *q,
    struct inspection_page *ret, struct cb_error *err)
{
	q->today = s->today;
	return store_inspection_list(s->st, q, ret, err);
}

int
svc_inspection_version(struct svc *s, int64_t id, int64_t *ret,
    struct cb_error *err)
{
	struct inspection i;
	int rc;

	memset(&i, 0, sizeof(i));
	if ((rc = store_inspection_get(s->st, id, s->today, &i, NULL, err)) ==
	    0)
		*ret = i.version;
	inspection_release(&i);
	return rc;
}

/* Audits a change of a into b: the changed fields. */
static int
audit_change(struct svc *s, const char *action, const struct entity *e,
    int64_t id, int64_t org_id, const void *a, const void *b,
    struct cb_error *err)
{
	json_t *ja = entity_to_json(e, a);
	json_t *jb = entity_to_json(e, b);
	int rc;

	rc = svc_audit(s, action, "inspection", id, org_id,
	    json_diff_side(ja, jb, true), json_diff_side(ja, jb, false), NULL,
	    err);
	json_decref(ja);
	json_decref(jb);
	return rc;
}

static int
stale(struct cb_error *err)
{
	return cb_error_set(err, CB_EPRECOND, "precondition_failed", NULL);
}

int
svc_inspection_patch(struct svc *s, int64_t id, const json_t *patch,
    int64_t if_match, struct inspection *ret, struct cb_error *err)
{
	const struct json_apply how = { .flags = JA_TABLE_ORDER };
	struct inspection cur;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&cur, 0, sizeof(cur));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_inspection_get(s->st, id, s->today, &cur, NULL,
	         err)) != 0 ||
	    (rc = store_inspection_get(s->st, id, s->today, ret, NULL, err)) !=
	        0)
		goto fail;
	if (if_match != 0 && if_match != cur.version) {
		rc = stale(err);
		goto fail;
	}
	if ((rc = apply(ret, patch, &how, err)) != 0 ||
	    (rc = judge(s, ret, err)) != 0)
		goto fail;
	free(ret->recorded_by);
	if ((ret->recorded_by = strdup(s->actor)) == NULL) {
		rc = nomem(err);
		goto fail;
	}
	if ((rc = store_inspection_update(s->st, ret, cur.version, err)) !=
	        0 ||
	    (rc = audit_change(s, "inspection.update", &inspection_entity, id,
	         ret->org_id, &cur, ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	inspection_release(&cur);
	return reread(s, ret, err);
fail:
	inspection_release(&cur);
	inspection_release(ret);
	return svc_fail(s, rc);
}

int
svc_inspection_delete(struct svc *s, int64_t id, int64_t if_match,
    struct cb_error *err)
{
	struct inspection cur;
	int rc;

	memset(&cur, 0, sizeof(cur));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_inspection_get(s->st, id, s->today, &cur, NULL,
	         err)) != 0)
		goto fail;
	if (if_match != 0 && if_match != cur.version) {
		rc = stale(err);
		goto fail;
	}
	if ((rc = store_inspection_delete(s->st, id, cur.version, err)) != 0 ||
	    (rc = svc_audit(s, "inspection.delete", "inspection", id,
	         cur.org_id, entity_to_json(&inspection_entity, &cur), NULL,
	         NULL, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	inspection_release(&cur);
	return 0;
fail:
	inspection_release(&cur);
	return svc_fail(s, rc);
}

/* ---------------------------------------------------- recommendations */

int
svc_inspection_recs(struct svc *s, int64_t inspection_id,
    struct inspection_recommendation_list *ret, struct cb_error *err)
{
	return store_inspection_rec_list(s->st, inspection_id, s->today, ret,
	    err);
}

int
svc_inspection_rec_get(struct svc *s, int64_t inspection_id, int64_t id,
    struct inspection_recommendation *ret, struct cb_error *err)
{
	return store_inspection_rec_get(s->st, inspection_id, id, s->today,
	    ret, err);
}

int
svc_inspection_rec_add(struct svc *s, int64_t inspection_id, const json_t *in,
    struct inspection_recommendation *ret, struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_CREATING | JA_REQUIRED | JA_TABLE_ORDER,
	};
	struct inspection i;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&i, 0, sizeof(i));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	/* The inspection first: outside the scope nothing else is told. */
	if ((rc = store_inspection_get(s->st, inspection_id, s->today, &i,
	         NULL, err)) != 0)
		goto fail;
	if (!json_is_object(in)) {
		rc = cb_error_set(err, CB_EINVAL, "invalid_json", NULL);
		goto fail;
	}
	if ((rc = entity_apply_json(&inspection_recommendation_entity, ret, in,
	         &how, err)) != 0 ||
	    (rc = inspection_recommendation_validate(ret, s->today, err)) != 0)
		goto fail;
	ret->inspection_id = inspection_id;
	if ((ret->recorded_by = strdup(s->actor)) == NULL) {
		rc = nomem(err);
		goto fail;
	}
	if ((rc = store_inspection_rec_insert(s->st, ret, err)) != 0 ||
	    (rc = svc_audit(s, "inspection.recommendation", "inspection",
	         inspection_id, i.org_id, NULL,
	         entity_to_json(&inspection_recommendation_entity, ret), NULL,
	         err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	ret->overdue = inspection_recommendation_overdue(ret, s->today);
	inspection_release(&i);
	return 0;
fail:
	inspection_release(&i);
	inspection_recommendation_release(ret);
	return svc_fail(s, rc);
}

int
svc_inspection_rec_patch(struct svc *s, int64_t inspection_id, int64_t id,
    const json_t *patch, int64_t if_match,
    struct inspection_recommendation *ret, struct cb_error *err)
{
	const struct json_apply how = { .flags = JA_TABLE_ORDER };
	struct inspection_recommendation cur;
	struct inspection i;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&cur, 0, sizeof(cur));
	memset(&i, 0, sizeof(i));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = store_inspection_get(s->st, inspection_id, s->today, &i,
	         NULL, err)) != 0 ||
	    (rc = store_inspection_rec_get(s->st, inspection_id, id, s->today,
	         &cur, err)) != 0 ||
	    (rc = store_inspection_rec_get(s->st, inspection_id, id, s->today,
	         ret, err)) != 0)
		goto fail;
	if (if_match != 0 && if_match != cur.version) {
		rc = stale(err);
		goto fail;
	}
	if (!json_is_object(patch)) {
		rc = cb_error_set(err, CB_EINVAL, "invalid_json", NULL);
		goto fail;
	}
	if ((rc = entity_apply_json(&inspection_recommendation_entity, ret,
	         patch, &how, err)) != 0 ||
	    (rc = inspection_recommendation_validate(ret, s->today, err)) != 0)
		goto fail;
	free(ret->recorded_by);
	if ((ret->recorded_by = strdup(s->actor)) == NULL) {
		rc = nomem(err);
		goto fail;
	}
	if ((rc = store_inspection_rec_update(s->st, ret, cur.version, err)) !=
	        0 ||
	    (rc = audit_change(s, "inspection.recommendation_update",
	         &inspection_recommendation_entity, inspection_id, i.org_id,
	         &cur, ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	ret->overdue = inspection_recommendation_overdue(ret, s->today);
	inspection_recommendation_release(&cur);
	inspection_release(&i);
	return 0;
fail:
	inspection_recommendation_release(&cur);
	inspection_recommendation_release(ret);
	inspection_release(&i);
	return svc_fail(s, rc);
}

/* -------------------------------------------------------- attachments */

json_t *
inspection_attachment_to_json(const struct inspection_attachment *a)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:s?, s:s}", "id",
	    (json_int_t)a->id, "inspection_id", (json_int_t)a->inspection_id,
	    "name", a->name, "content_type", a->content_type, "size",
	    (json_int_t)a->size, "sha256", a->sha256, "recorded_by",
	    a->recorded_by, "created_at", a->created_at);
}

int
svc_inspection_att_add(struct svc *s, int64_t inspection_id, const char *name,
    const void *data, size_t len, struct inspection_attachment *ret,
    struct cb_error *err)
{
	struct judged_file f = { 0 };
	struct inspection i;
	int rc;

	memset(ret, 0, sizeof(*ret));
	memset(&i, 0, sizeof(i));
	/* The inspection first: outside the scope nothing else is told.  err
	 * may hold the caller's field errors already (the form's). */
	if ((rc = store_inspection_get(s->st, inspection_id, s->today, &i,
	         NULL, err)) != 0)
		return rc;
	rc = svc_file_judge(name, data, len, &f, err);
	if (rc == -CB_ETOOBIG || rc == -CB_ENOMEM)
		goto out;
	if (err->nfields > 0 || err->code != CB_OK) {
		if (err->code == CB_OK)
			cb_error_set(err, CB_EINVAL, "validation_failed",
			    NULL);
		rc = -err->code;
		goto out;
	}
	ret->inspection_id = inspection_id;
	ret->name = f.name;
	ret->content_type = f.content_type;
	f.name = f.content_type = NULL;
	snprintf(ret->sha256, sizeof(ret->sha256), "%s", f.sha256);
	ret->size = (int64_t)len;
	if ((ret->recorded_by = strdup(s->actor)) == NULL) {
		rc = nomem(err);
		goto out;
	}
	if ((rc = store_begin(s->st, err)) != 0)
		goto out;
	if ((rc = store_inspection_att_insert(s->st, ret, data, err)) != 0 ||
	    (rc = svc_audit(s, "inspection.attachment_add", "inspection",
	         inspection_id, i.org_id, NULL,
	         inspection_attachment_to_json(ret), NULL, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		rc = svc_fail(s, rc);
out:
	judged_file_release(&f);
	inspection_release(&i);
	if (rc != 0)
		inspection_attachment_release(ret);
	return rc;
}

int
svc_inspection_atts(struct svc *s, int64_t inspection_id,
    struct inspection_attachment_list *ret, struct cb_error *err)
{
	return store_inspection_att_list(s->st, inspection_id, ret, err);
}

int
svc_inspection_att_get(struct svc *s, int64_t inspection_id, int64_t id,
    struct inspection_attachment *ret, unsigned char **ret_data,
    struct cb_error *err)
{
	return store_inspection_att_get(s->st, inspection_id, id, ret,
	    ret_data, err);
}
