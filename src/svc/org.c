/* org.c - the organisation tree: create, change, merge, split, show. */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/org-rules.h"
#include "core/validate.h"
#include "util/alloc.h"
#include "util/date.h"

#include "util/banned.h"

int
svc_fail(struct svc *s, int rc)
{
	store_rollback(s->st);
	return rc;
}

void
svc_error_take(struct cb_error *dst, struct cb_error *src)
{
	size_t i;

	if (src->code == CB_OK)
		return;
	if (dst->code == CB_OK) {
		cb_error_move(dst, src);
		return;
	}
	for (i = 0; i < src->nfields; i++)
		cb_error_field_copy(dst, src->fields[i].row, &src->fields[i]);
	if (src->detail != NULL)
		cb_error_detail(dst, "%s", src->detail);
	cb_error_release(src);
}

void
svc_day_before(const char *on, char out[DATE_LEN])
{
	struct date d, p;

	if (date_parse_iso(on, &d) != 0) {
		snprintf(out, DATE_LEN, "%s", on);
		return;
	}
	p = date_add_days(&d, -1);
	date_format_iso(&p, out);
}

int
svc_check_org(struct svc *s, int64_t org_id, enum action act, struct org *o,
    struct cb_error *err)
{
	struct org_query q = { .roots_only = true, .limit = 2 };
	struct org_page p;
	size_t i;
	int rc;

	if (org_id == 0 && s->who != NULL && !s->who->system) {
		for (i = 0; i < s->who->ngrants; i++) {
			if (org_id != 0 && s->who->grants[i].org_id != org_id)
				return cb_error_field(err, 0, "org",
				    "required", NULL);
			org_id = s->who->grants[i].org_id;
		}
	}
	if (org_id == 0) {
		memset(&p, 0, sizeof(p));
		if ((rc = store_org_page(s->st, &q, &p, err)) != 0)
			return rc;
		if (p.list.n == 1)
			org_id = p.list.items[0].id;
		org_page_release(&p);
		if (org_id == 0)
			return cb_error_field(err, 0, "org", "required", NULL);
	}
	if ((rc = svc_org_get(s, org_id, o, err)) != 0)
		return rc;
	return svc_allow(s, act, o->path, "org_not_found", err);
}

int
svc_org_event(struct svc *s, int64_t org_id, const char *kind, const char *on,
    const char *doc_no, json_t *details, struct cb_error *err)
{
	struct org_event e;
	int rc;

	memset(&e, 0, sizeof(e));
	e.org_id = org_id;
	snprintf(e.on, sizeof(e.on), "%s", on ? on : s->today);
	e.kind = strdup(kind);
	e.doc_no = doc_no ? strdup(doc_no) : NULL;
	e.details = details ?
	    json_dumps(details, JSON_COMPACT | JSON_SORT_KEYS) :
	    NULL;
	e.recorded_by = strdup(s->actor);
	json_decref(details);
	if (e.kind == NULL || e.recorded_by == NULL ||
	    (doc_no && e.doc_no == NULL) || (details && e.details == NULL))
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
	else
		rc = store_org_event_add(s->st, &e, err);
	org_event_release(&e);
	return rc;
}

/* Loads organisation id; a missing one is a field error on field when
 * field is set, else "org_not_found". */
static int
load_org(struct svc *s, int64_t id, const char *field, struct org *ret,
    struct cb_error *err)
{
	struct cb_error local = CB_ERROR_INIT;
	int rc = store_org_get(s->st, id, ret, &local);

	if (rc == -CB_ENOTFOUND) {
		cb_error_release(&local);
		if (field != NULL)
			return cb_error_field(err, 0, field, "org_not_found",
			    NULL);
		return cb_error_set(err, CB_ENOTFOUND, "org_not_found", NULL);
	}
	svc_error_take(err, &local);
	return rc;
}

int
svc_org_create(struct svc *s, struct org *o, const char *doc_no,
    struct cb_error *err)
{
	struct org parent;
	int rc;

	org_init(&parent);
	if (o->valid_from[0] == '\0')
		snprintf(o->valid_from, sizeof(o->valid_from), "%s", s->today);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if (o->parent_id != 0 &&
	    (rc = load_org(s, o->parent_id, "parent_id", &parent, err)) != 0)
		goto fail;
	if ((rc = svc_allow(s, ACT_ORG_WRITE,
	         o->parent_id ? parent.path : NULL, "org_not_found", err)) !=
	    0)
		goto fail;
	if ((rc = org_validate(o, o->parent_id ? &parent : NULL, err)) != 0)
		goto fail;
	if ((rc = store_org_insert(s->st, o, err)) != 0)
		goto fail;
	rc = svc_org_event(s, o->id, "created", o->valid_from, doc_no,
	    json_pack("{s:s, s:s, s:s, s:o}", "name", o->name, "code", o->code,
	        "kind", org_kind_name(o->kind), "parent_id",
	        o->parent_id ? json_integer(o->parent_id) : json_null()),
	    err);
	if (rc == 0)
		rc = svc_audit(s, "org.create", "org", o->id, o->id, NULL,
		    org_to_json(o),
		    doc_no ? json_pack("{s:s}", "doc_no", doc_no) : NULL, err);
	if (rc != 0 || (rc = store_commit(s->st, err)) != 0)
		goto fail;
	org_release(&parent);
	return 0;
fail:
	org_release(&parent);
	return svc_fail(s, rc);
}

int
svc_org_get(struct svc *s, int64_t id, struct org *ret, struct cb_error *err)
{
	return load_org(s, id, NULL, ret, err);
}

int
svc_org_get_by_code(struct svc *s, const char *code, struct org *ret,
    struct cb_error *err)
{
	int rc = store_org_get_by_code(s->st, code, ret, err);

	if (rc == -CB_ENOTFOUND) {
		cb_error_release(err);
		return cb_error_set(err, CB_ENOTFOUND, "org_not_found", code);
	}
	return rc;
}

int
svc_org_list(struct svc *s, const struct org_query *q, struct org_page *ret,
    struct cb_error *err)
{
	return store_org_page(s->st, q, ret, err);
}

int
svc_org_history(struct svc *s, int64_t id, struct org_event_list *ret,
    struct cb_error *err)
{
	struct org o;
	int rc;

	org_init(&o);
	if ((rc = load_org(s, id, NULL, &o, err)) == 0 &&
	    (rc = svc_allow(s, ACT_ORG_READ, o.path, "org_not_found", err)) ==
	        0)
		rc = store_org_events(s->st, id, ret, err);
	org_release(&o);
	return rc;
}

/* Checks that the open children of o may sit under kind k. */
static int
check_children_kinds(struct svc *s, const struct org *o, enum org_kind k,
    struct cb_error *err)
{
	struct org_query q = { .parent_id = o->id };
	struct org_list kids = { 0 };
	size_t i;
	int rc;

	if ((rc = store_org_list(s->st, &q, &kids, err)) != 0)
		return rc;
	for (i = 0; i < kids.n && rc == 0; i++)
		if (!org_kind_child_ok(k, kids.items[i].kind))
			rc = cb_error_field(err, 0, "kind",
			    "kind_not_allowed_under", org_kind_name(k));
	org_list_release(&kids);
	return rc;
}

/* Rejects closing an organisation that still holds members or open
 * sub-organisations (core/org-rules.h). */
static int
check_can_close(struct svc *s, const struct org *o, struct cb_error *err)
{
	struct org_counts c;
	int rc;

	if ((rc = store_org_counts(s->st, o->id, &c, err)) != 0)
		return rc;
	return org_close_check(c.subtree, c.children, err);
}

/*
 * An admin grant on an organisation that moves to the top would become an
 * admin grant on a root, that is an installation-wide administrator
 * (core/policy.c, grant_global), without anyone granting it: such a move
 * is refused while the organisation has admin grants (issue 12, finding
 * 1: a global administrator is an explicit grant on the root).  They are
 * revoked first, and granted again on the new root if that is meant.
 */
static int
check_no_admin_grant(struct svc *s, int64_t org_id, struct cb_error *err)
{
	struct user_list l = { 0 };
	size_t i, j, n = 0;
	char arg[24];
	int rc;

	if ((rc = store_user_list(s->st, &l, err)) != 0)
		return rc;
	for (i = 0; i < l.n; i++)
		for (j = 0; j < l.items[i].ngrants; j++)
			if (l.items[i].grants[j].role == ROLE_ADMIN &&
			    l.items[i].grants[j].org_id == org_id) {
				n++;
				break;
			}
	user_list_release(&l);
	if (n == 0)
		return 0;
	snprintf(arg, sizeof(arg), "%zu", n);
	return cb_error_field(err, 0, "parent_id", "root_admin_grants", arg);
}

/* The path of an organisation's parent: its own without the last
 * segment ("" for a root). */
static void
parent_path(const char *path, char *out, size_t len)
{
	size_t n = path ? strlen(path) : 0;

	if (n > 0)
		n--; /* the final '/' */
	while (n > 0 && path[n - 1] != '/')
		n--;
	if (n >= len)
		n = 0;
	memcpy(out, path ? path : "", n);
	out[n] = '\0';
}

static json_t *
change(const char *from, const char *to)
{
	return json_pack("{s:o, s:o}", "from",
	    from && from[0] ? json_string(from) : json_null(), "to",
	    to && to[0] ? json_string(to) : json_null());
}

static bool
str_differs(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

/* Reads "on" and "doc_no" out of a patch (they describe the change). */
static int
patch_meta(const json_t *patch, const char *today, char on[DATE_LEN],
    const char **doc_no, struct cb_error *err)
{
	const json_t *v = json_object_get(patch, "on");
	struct date d;

	snprintf(on, DATE_LEN, "%s", today);
	*doc_no = NULL;
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_string(v) ||
		    date_parse_iso(json_string_value(v), &d) != 0)
			return cb_error_field(err, 0, "on", "invalid_date",
			    json_is_string(v) &&
			            strlen(json_string_value(v)) < 40 ?
			        json_string_value(v) :
			        "");
		date_format_iso(&d, on);
	}
	v = json_object_get(patch, "doc_no");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_string(v))
			return cb_error_field(err, 0, "doc_no", "wrong_type",
			    "string");
		if (strlen(json_string_value(v)) > VAL_DOC_MAX * 4)
			return cb_error_field(err, 0, "doc_no", "too_long",
			    "80");
		/* The check of every text (BEL, ESC, bidi controls). */
		if (field_check_text("doc_no", json_string_value(v),
		        json_string_length(v), 0, err) != 0)
			return -CB_EINVAL;
		*doc_no = json_string_value(v);
	}
	return 0;
}

int
svc_org_patch(struct svc *s, int64_t id, const json_t *patch, int64_t if_match,
    struct org *ret, struct cb_error *err)
{
	struct org cur, next, parent;
	json_t *body = NULL, *v;
	const char *doc_no = NULL;
	char on[DATE_LEN], *ignored_doc = NULL, ppath[512];
	int rc;

	org_init(&cur);
	org_init(&next);
	org_init(&parent);
	if (!json_is_object(patch))
		return cb_error_set(err, CB_EINVAL, "expected_object", NULL);
	if ((rc = patch_meta(patch, s->today, on, &doc_no, err)) != 0)
		return rc;
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	/* Read under the writers' lock (store_write_lock): a change
	 * without If-Match is not refused as stale. */
	if ((rc = store_write_lock(s->st, err)) != 0 ||
	    (rc = load_org(s, id, NULL, &cur, err)) != 0)
		goto fail;
	/* Changing an organisation is its parent's business (a root's: the
	 * installation's), as the store also holds. */
	parent_path(cur.path, ppath, sizeof(ppath));
	if (!principal_may(s->who, ACT_ORG_WRITE,
	        cur.parent_id ? ppath : NULL)) {
		/* It was found, so it is seen: forbidden, not missing. */
		rc = svc_allow(s, ACT_ORG_WRITE, cur.path, "org_not_found",
		    err);
		if (rc == 0)
			rc = cb_error_set(err, CB_EPERM, "forbidden", NULL);
		goto fail;
	}
	if (if_match != 0 && if_match != cur.version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	if ((rc = org_copy(&next, &cur)) != 0) {
		cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	/* The patch without its metadata is an organisation document. */
	if ((body = json_deep_copy(patch)) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	json_object_del(body, "on");
	json_object_del(body, "doc_no");
	if ((rc = org_from_json(body, &next, &ignored_doc, err)) != 0)
		goto fail;
	v = json_object_get(body, "valid_to");
	if (v != NULL && json_is_null(v))
		next.valid_to[0] = '\0';
	/* A move to the top obeys the kinds a root may have, like a
	 * creation there (issue 12); then only a global administrator may
	 * make it (svc_allow below on the installation). */
	if (next.parent_id == 0 && cur.parent_id != 0 &&
	    !org_kind_child_ok(ORG_KIND_NONE, next.kind)) {
		rc = cb_error_field(err, 0, "parent_id",
		    "kind_not_allowed_as_root", org_kind_name(next.kind));
		goto fail;
	}
	if (next.parent_id != 0 &&
	    (rc = load_org(s, next.parent_id, "parent_id", &parent, err)) != 0)
		goto fail;
	if (next.parent_id != 0 && next.parent_id != cur.parent_id &&
	    strncmp(parent.path, cur.path, strlen(cur.path)) == 0) {
		rc = cb_error_field(err, 0, "parent_id", "parent_cycle", NULL);
		goto fail;
	}
	if (next.parent_id != cur.parent_id &&
	    (rc = svc_allow(s, ACT_ORG_WRITE,
	         next.parent_id ? parent.path : NULL, "org_not_found", err)) !=
	        0)
		goto fail;
	if (next.parent_id == 0 && cur.parent_id != 0 &&
	    (rc = check_no_admin_grant(s, cur.id, err)) != 0)
		goto fail;
	if ((rc = org_validate(&next, next.parent_id ? &parent : NULL, err)))
		goto fail;
	if (next.kind != cur.kind) {
		struct org_counts c;

		if ((rc = check_children_kinds(s, &cur, next.kind, err)) != 0)
			goto fail;
		if ((rc = store_org_counts(s->st, cur.id, &c, err)) != 0)
			goto fail;
		/* The rules are read only when members are held directly:
		 * a failed read must not leave its error behind otherwise. */
		if (c.direct > 0 &&
		    (rc = org_kind_change_check(svc_rules(s, err), next.kind,
		         c.direct, s->today, cur.path, err)) != 0)
			goto fail;
	}
	if (next.valid_to[0] != '\0' && cur.valid_to[0] == '\0' &&
	    (rc = check_can_close(s, &cur, err)) != 0)
		goto fail;
	if ((rc = store_org_update(s->st, &next, cur.version, err)) != 0)
		goto fail;

	if (str_differs(cur.name, next.name) &&
	    (rc = svc_org_event(s, id, "renamed", on, doc_no,
	         change(cur.name, next.name), err)))
		goto fail;
	if (str_differs(cur.code, next.code) &&
	    (rc = svc_org_event(s, id, "recoded", on, doc_no,
	         change(cur.code, next.code), err)))
		goto fail;
	if (cur.kind != next.kind &&
	    (rc = svc_org_event(s, id, "kind_changed", on, doc_no,
	         change(org_kind_name(cur.kind), org_kind_name(next.kind)),
	         err)))
		goto fail;
	if (cur.parent_id != next.parent_id &&
	    (rc = svc_org_event(s, id, "moved", on, doc_no,
	         json_pack("{s:o, s:o}", "from",
	             cur.parent_id ? json_integer(cur.parent_id) : json_null(),
	             "to",
	             next.parent_id ? json_integer(next.parent_id) :
	                              json_null()),
	         err)))
		goto fail;
	if (str_differs(cur.valid_from, next.valid_from) &&
	    (rc = svc_org_event(s, id, "founding_date_changed", on, doc_no,
	         change(cur.valid_from, next.valid_from), err)))
		goto fail;
	if (str_differs(cur.valid_to, next.valid_to) &&
	    (rc = svc_org_event(s, id,
	         next.valid_to[0] ? "closed" : "reopened",
	         next.valid_to[0] ? next.valid_to : on, doc_no,
	         change(cur.valid_to, next.valid_to), err)))
		goto fail;
	{
		json_t *a = org_to_json(&cur), *b = org_to_json(&next);

		if ((rc = svc_audit(s, "org.update", "org", id, id,
		         json_diff_side(a, b, true),
		         json_diff_side(a, b, false),
		         doc_no ? json_pack("{s:s, s:s}", "doc_no", doc_no,
		                      "on", on) :
		                  json_pack("{s:s}", "on", on),
		         err)) != 0) {
			json_decref(a);
			json_decref(b);
			goto fail;
		}
		json_decref(a);
		json_decref(b);
	}
	if ((rc = store_commit(s->st, err)) != 0)
		goto fail;
	org_release(ret);
	*ret = next;
	org_release(&cur);
	org_release(&parent);
	json_decref(body);
	free(ignored_doc);
	return 0;
fail:
	org_release(&cur);
	org_release(&next);
	org_release(&parent);
	json_decref(body);
	free(ignored_doc);
	return svc_fail(s, rc);
}

/* Direct members of org (not deleted), as stored. */
struct collect {
	int64_t org_id;
	struct member *items;
	size_t n;
	size_t cap;
	int err;
};

static int
collect_direct(const struct member *m, void *arg)
{
	struct collect *c = arg;

	if (m->org_id != c->org_id)
		return 0;
	if (array_grow(&c->items, &c->cap, c->n + 1, sizeof(*c->items)) ||
	    member_copy(&c->items[c->n], m) != 0)
		return c->err = -CB_ENOMEM;
	c->n++;
	return 0;
}

static void
collect_release(struct collect *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		member_release(&c->items[i]);
	free(c->items);
	c->items = NULL;
	c->n = 0;
}

static int
direct_members(struct svc *s, int64_t org_id, struct collect *c,
    struct cb_error *err)
{
	struct member_query q = { .org_id = org_id,
		.state = MEMBER_STATE_ANY,
		.sort = MSORT_ID };
	int rc;

	memset(c, 0, sizeof(*c));
	c->org_id = org_id;
	rc = store_member_each(s->st, &q, collect_direct, c, err);
	if (c->err)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	return rc;
}

/* Moves the open children of from under to (kinds permitting). */
static int
move_children(struct svc *s, const struct org *from, const struct org *to,
    const char *on, const char *doc_no, int64_t *ret_n, struct cb_error *err)
{
	struct org_query q = { .parent_id = from->id };
	struct org_list kids = { 0 };
	size_t i;
	int rc;

	*ret_n = 0;
	if ((rc = store_org_list(s->st, &q, &kids, err)) != 0)
		return rc;
	for (i = 0; i < kids.n && rc == 0; i++) {
		struct org *k = &kids.items[i];

		if (!org_kind_child_ok(to->kind, k->kind)) {
			rc = cb_error_field(err, 0, "into",
			    "kind_not_allowed_under", org_kind_name(to->kind));
			break;
		}
		k->parent_id = to->id;
		if ((rc = store_org_update(s->st, k, 0, err)) != 0)
			break;
		rc = svc_org_event(s, k->id, "moved", on, doc_no,
		    json_pack("{s:I, s:I, s:s}", "from", (json_int_t)from->id,
		        "to", (json_int_t)to->id, "reason", "merge"),
		    err);
		(*ret_n)++;
	}
	org_list_release(&kids);
	return rc;
}

int
svc_org_merge(struct svc *s, int64_t id, int64_t into_id, const char *on,
    const char *doc_no, struct cb_error *err)
{
	struct org src, dst;
	struct collect c;
	int64_t nkids = 0;
	size_t i;
	int rc;

	org_init(&src);
	org_init(&dst);
	memset(&c, 0, sizeof(c));
	if (on == NULL || on[0] == '\0')
		on = s->today;
	if (id == into_id)
		return cb_error_field(err, 0, "into", "same_org", NULL);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = load_org(s, id, NULL, &src, err)) != 0 ||
	    (rc = load_org(s, into_id, "into", &dst, err)) != 0)
		goto out;
	if ((rc = svc_allow(s, ACT_ORG_WRITE, src.path, "org_not_found",
	         err)) != 0 ||
	    (rc = svc_allow(s, ACT_ORG_WRITE, dst.path, "org_not_found",
	         err)) != 0)
		goto out;
	if (!org_active_on(&dst, on)) {
		rc = cb_error_field(err, 0, "into", "org_closed", dst.name);
		goto out;
	}
	if (strncmp(dst.path, src.path, strlen(src.path)) == 0) {
		rc = cb_error_field(err, 0, "into", "parent_cycle", NULL);
		goto out;
	}
	if ((rc = direct_members(s, id, &c, err)) != 0)
		goto out;
	for (i = 0; i < c.n && rc == 0; i++)
		rc = svc_member_move(s, &c.items[i], &dst, on, doc_no, "merge",
		    err);
	if (rc != 0 ||
	    (rc = move_children(s, &src, &dst, on, doc_no, &nkids, err)) != 0)
		goto out;
	svc_day_before(on, src.valid_to);
	if (strcmp(src.valid_to, src.valid_from) < 0)
		snprintf(src.valid_to, sizeof(src.valid_to), "%s",
		    src.valid_from);
	if ((rc = store_org_update(s->st, &src, 0, err)) != 0)
		goto out;
	if ((rc = svc_org_event(s, id, "merged_into", on, doc_no,
	         json_pack("{s:I, s:I, s:I}", "into", (json_int_t)into_id,
	             "members_moved", (json_int_t)c.n, "orgs_moved",
	             (json_int_t)nkids),
	         err)) != 0)
		goto out;
	if ((rc = svc_org_event(s, into_id, "absorbed", on, doc_no,
	         json_pack("{s:I, s:I, s:I}", "from", (json_int_t)id,
	             "members_moved", (json_int_t)c.n, "orgs_moved",
	             (json_int_t)nkids),
	         err)) != 0)
		goto out;
	if ((rc = svc_audit(s, "org.merge", "org", id, id, NULL, NULL,
	         json_pack("{s:I, s:s, s:s?, s:I, s:I}", "into",
	             (json_int_t)into_id, "on", on, "doc_no", doc_no,
	             "members_moved", (json_int_t)c.n, "orgs_moved",
	             (json_int_t)nkids),
	         err)) != 0)
		goto out;
	rc = store_commit(s->st, err);
out:
	if (rc != 0)
		store_rollback(s->st);
	collect_release(&c);
	org_release(&src);
	org_release(&dst);
	return rc;
}

/* Creates one new organisation of a split and moves its members. */
static int
split_one(struct svc *s, const struct org *src, const json_t *spec,
    size_t index, const char *on, const char *doc_no, int64_t *ret_id,
    struct cb_error *err)
{
	const json_t *ids = json_object_get(spec, "member_ids");
	struct org n, parent;
	json_t *body;
	char *ignored = NULL;
	char field[64];
	size_t i;
	int rc;

	org_init(&n);
	org_init(&parent);
	if ((body = json_deep_copy(spec)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	json_object_del(body, "member_ids");
	n.kind = src->kind;
	n.parent_id = src->parent_id;
	snprintf(n.valid_from, sizeof(n.valid_from), "%s", on);
	rc = org_from_json(body, &n, &ignored, err);
	json_decref(body);
	free(ignored);
	if (rc != 0)
		goto out;
	if (ids != NULL && !json_is_array(ids)) {
		snprintf(field, sizeof(field), "orgs[%zu].member_ids", index);
		rc = cb_error_field(err, 0, field, "wrong_type", "array");
		goto out;
	}
	if (n.parent_id != 0 &&
	    (rc = load_org(s, n.parent_id, "parent_id", &parent, err)) != 0)
		goto out;
	if ((rc = svc_allow(s, ACT_ORG_WRITE, n.parent_id ? parent.path : NULL,
	         "org_not_found", err)) != 0)
		goto out;
	if ((rc = org_validate(&n, n.parent_id ? &parent : NULL, err)) != 0 ||
	    (rc = store_org_insert(s->st, &n, err)) != 0)
		goto out;
	if ((rc = svc_org_event(s, n.id, "split_from", on, doc_no,
	         json_pack("{s:I}", "from", (json_int_t)src->id), err)) != 0)
		goto out;
	for (i = 0; ids != NULL && i < json_array_size(ids) && rc == 0; i++) {
		const json_t *mid = json_array_get(ids, i);
		struct cb_error local = CB_ERROR_INIT;
		struct member m;

		snprintf(field, sizeof(field), "orgs[%zu].member_ids[%zu]",
		    index, i);
		if (!json_is_integer(mid)) {
			rc = cb_error_field(err, 0, field, "wrong_type",
			    "integer");
			break;
		}
		member_init(&m);
		rc = store_member_get(s->st, json_integer_value(mid), &m,
		    &local);
		if (rc == -CB_ENOTFOUND || (rc == 0 && m.org_id != src->id)) {
			cb_error_release(&local);
			rc = cb_error_field(err, 0, field, "member_not_found",
			    NULL);
		}
		svc_error_take(err, &local);
		if (rc == 0)
			rc = svc_member_move(s, &m, &n, on, doc_no, "split",
			    err);
		member_release(&m);
	}
	*ret_id = n.id;
out:
	org_release(&n);
	org_release(&parent);
	return rc;
}

void
org_split_result_init(struct org_split_result *r)
{
	memset(r, 0, sizeof(*r));
}

void
org_split_result_release(struct org_split_result *r)
{
	free(r->ids);
	memset(r, 0, sizeof(*r));
}

/* The ids of made (a JSON array of integers) into *ret (empty). */
static int
split_result_set(const json_t *made, struct org_split_result *ret,
    struct cb_error *err)
{
	size_t i, n = json_array_size(made);

	if ((ret->ids = calloc(n ? n : 1, sizeof(*ret->ids))) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	for (i = 0; i < n; i++)
		ret->ids[i] = json_integer_value(json_array_get(made, i));
	ret->n = n;
	return 0;
}

int
svc_org_split(struct svc *s, int64_t id, const json_t *spec, const char *on,
    const char *doc_no, bool close_source, struct org_split_result *ret,
    struct cb_error *err)
{
	const json_t *orgs = json_object_get(spec, "orgs");
	struct org src;
	struct org_split_result res;
	json_t *made = json_array();
	size_t i;
	int rc;

	org_init(&src);
	org_split_result_init(&res);
	if (on == NULL || on[0] == '\0')
		on = s->today;
	if (made == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	if (!json_is_array(orgs) || json_array_size(orgs) == 0) {
		json_decref(made);
		return cb_error_field(err, 0, "orgs",
		    orgs ? "wrong_type" : "required", "array");
	}
	if ((rc = store_begin(s->st, err)) != 0) {
		json_decref(made);
		return rc;
	}
	if ((rc = load_org(s, id, NULL, &src, err)) != 0)
		goto out;
	if ((rc = svc_allow(s, ACT_ORG_WRITE, src.path, "org_not_found",
	         err)) != 0)
		goto out;
	for (i = 0; i < json_array_size(orgs) && rc == 0; i++) {
		int64_t nid = 0;

		rc = split_one(s, &src, json_array_get(orgs, i), i, on, doc_no,
		    &nid, err);
		if (rc == 0)
			json_array_append_new(made, json_integer(nid));
	}
	if (rc != 0)
		goto out;
	if (close_source) {
		if ((rc = check_can_close(s, &src, err)) != 0)
			goto out;
		svc_day_before(on, src.valid_to);
		if (strcmp(src.valid_to, src.valid_from) < 0)
			snprintf(src.valid_to, sizeof(src.valid_to), "%s",
			    src.valid_from);
		if ((rc = store_org_update(s->st, &src, 0, err)) != 0)
			goto out;
	}
	if ((rc = svc_org_event(s, id, "split_into", on, doc_no,
	         json_pack("{s:O, s:b}", "orgs", made, "closed", close_source),
	         err)) != 0)
		goto out;
	if ((rc = svc_audit(s, "org.split", "org", id, id, NULL, NULL,
	         json_pack("{s:O, s:b, s:s, s:s?}", "orgs", made, "closed",
	             close_source, "on", on, "doc_no", doc_no),
	         err)) != 0)
		goto out;
	if ((rc = split_result_set(made, &res, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto out;
	org_split_result_release(ret);
	*ret = res;
	org_split_result_init(&res);
out:
	if (rc != 0)
		store_rollback(s->st);
	json_decref(made);
	org_split_result_release(&res);
	org_release(&src);
	return rc;
}

void
org_detail_init(struct org_detail *d)
{
	memset(d, 0, sizeof(*d));
	org_init(&d->parent);
}

void
org_detail_release(struct org_detail *d)
{
	org_release(&d->parent);
	org_list_release(&d->children);
	free(d->child_counts);
	org_detail_init(d);
}

int
svc_org_detail(struct svc *s, const struct org *o, struct org_detail *ret,
    struct cb_error *err)
{
	struct org_query q = { .parent_id = o->id, .include_closed = true };
	size_t i;
	int rc;

	org_detail_release(ret);
	ret->org = o;
	if (!principal_may(s->who, ACT_ORG_READ, o->path)) {
		/* It was found, so it is the principal's own cell: what
		 * the list shows of it, nothing more. */
		ret->record_only = true;
		return 0;
	}
	if ((rc = store_org_counts(s->st, o->id, &ret->counts, err)) != 0)
		goto fail;
	/* The parent may lie outside the principal's scope: then only its
	 * id is shown. */
	if (o->parent_id) {
		struct cb_error local = CB_ERROR_INIT;

		rc = store_org_get(s->st, o->parent_id, &ret->parent, &local);
		if (rc != 0 && rc != -CB_ENOTFOUND) {
			svc_error_take(err, &local);
			goto fail;
		}
		cb_error_release(&local);
		if (rc != 0) {
			org_release(&ret->parent);
			org_init(&ret->parent);
		}
	}
	if ((rc = store_org_list(s->st, &q, &ret->children, err)) != 0)
		goto fail;
	/* The rulebook's warnings; rules that cannot be read give none. */
	org_warnings(svc_rules(s, err), o, ret->counts.subtree_official,
	    s->today, &ret->warnings);
	if (ret->children.n > 0 &&
	    (ret->child_counts = calloc(ret->children.n,
	         sizeof(*ret->child_counts))) == NULL) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	for (i = 0; i < ret->children.n; i++)
		if ((rc = store_org_counts(s->st, ret->children.items[i].id,
		         &ret->child_counts[i], err)) != 0)
			goto fail;
	return 0;
fail:
	org_detail_release(ret);
	return rc;
}
