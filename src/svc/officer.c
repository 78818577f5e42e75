/*
 * officer.c - an organisation's leadership (svc.h): the terms of its
 * secretary, deputy secretaries and committee members.  A term is
 * recorded as what it is, a decision in the organisation's history: an
 * org_event "officer_appointed" on the day it starts, with the decision
 * number and, in its details, the member, the position and the day it
 * ends (if known).  The leadership is read back from that history; no
 * table of its own (docs/api.md, "An organisation's
 * leadership").  core/org-rules.c checks a term.
 */
#include "svc/svc-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "util/alloc.h"

#include "util/banned.h"

#define OFFICER_EVENT "officer_appointed"

/* The term an "officer_appointed" event records, or -CB_EINVAL when its
 * details are not one. */
static int
term_from_event(const struct org_event *e, struct org_officer *ret)
{
	json_t *d, *v;
	int rc = -CB_EINVAL, pos;

	memset(ret, 0, sizeof(*ret));
	if (e->details == NULL ||
	    (d = json_loads(e->details, 0, NULL)) == NULL)
		return -CB_EINVAL;
	ret->id = e->id;
	ret->org_id = e->org_id;
	ret->member_id = json_integer_value(json_object_get(d, "member_id"));
	v = json_object_get(d, "position");
	pos = json_is_string(v) ?
	    field_enum_parse(
	        &org_officer_entity.fields[ORG_OFFICER_F_position],
	        json_string_value(v)) :
	    -1;
	snprintf(ret->started_on, sizeof(ret->started_on), "%s", e->on);
	if ((v = json_object_get(d, "ended_on")) != NULL && json_is_string(v))
		snprintf(ret->ended_on, sizeof(ret->ended_on), "%s",
		    json_string_value(v));
	if (ret->member_id > 0 && pos > 0) {
		ret->position = (enum officer_position)pos;
		rc = 0;
		if ((e->doc_no && (ret->doc_no = strdup(e->doc_no)) == NULL) ||
		    (e->recorded_by &&
		        (ret->recorded_by = strdup(e->recorded_by)) == NULL) ||
		    (e->recorded_at &&
		        (ret->recorded_at = strdup(e->recorded_at)) == NULL))
			rc = -CB_ENOMEM;
	}
	json_decref(d);
	if (rc != 0)
		org_officer_release(ret);
	return rc;
}

/* The terms recorded for organisation o (its history read as the
 * principal, who may read o). */
static int
terms_of(struct svc *s, int64_t org_id, struct org_officer_list *ret,
    struct cb_error *err)
{
	struct org_event_list ev = { 0 };
	size_t i, cap = 0;
	int rc;

	memset(ret, 0, sizeof(*ret));
	if ((rc = store_org_events(s->st, org_id, &ev, err)) != 0)
		return rc;
	for (i = 0; i < ev.n && rc == 0; i++) {
		struct org_officer t;

		if (ev.items[i].kind == NULL ||
		    strcmp(ev.items[i].kind, OFFICER_EVENT) != 0)
			continue;
		if ((rc = term_from_event(&ev.items[i], &t)) == -CB_EINVAL) {
			rc = 0; /* not a term: left out */
			continue;
		}
		if (rc != 0 ||
		    array_grow(&ret->items, &cap, ret->n + 1,
		        sizeof(*ret->items))) {
			org_officer_release(&t);
			rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
			break;
		}
		ret->items[ret->n++] = t;
	}
	org_event_list_release(&ev);
	if (rc != 0)
		org_officer_list_release(ret);
	return rc;
}

/* The member of a term, read as the system: its name and organisation
 * (the caller has checked that the principal may see the organisation
 * whose leadership it is). */
static int
officer_member(struct svc *s, int64_t id, struct member *ret, char **path,
    struct cb_error *err)
{
	const struct principal *who = store_principal(s->st);
	int rc;

	store_set_principal(s->st, NULL);
	rc = store_member_get_path(s->st, id, ret, path, err);
	store_set_principal(s->st, who);
	return rc;
}

/* Positions first (secretary, deputies, members), then the start. */
static int
term_cmp(const void *a, const void *b)
{
	const struct org_officer *x = a, *y = b;
	int c;

	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	if ((c = strcmp(x->started_on, y->started_on)) != 0)
		return c;
	return (x->id > y->id) - (x->id < y->id);
}

int
svc_org_officers(struct svc *s, int64_t org_id, bool all,
    struct org_officer_list *ret, struct cb_error *err)
{
	struct org_officer_list l;
	struct org o;
	size_t i, keep = 0;
	int rc;

	memset(ret, 0, sizeof(*ret));
	org_init(&o);
	if ((rc = svc_org_get(s, org_id, &o, err)) != 0 ||
	    (rc = svc_allow(s, ACT_ORG_READ, o.path, "org_not_found", err)) !=
	        0 ||
	    (rc = terms_of(s, org_id, &l, err)) != 0) {
		org_release(&o);
		return rc;
	}
	org_release(&o);
	for (i = 0; i < l.n; i++) {
		struct org_officer *t = &l.items[i];
		struct member m;
		char *path = NULL;
		bool current = strcmp(t->started_on, s->today) <= 0 &&
		    (t->ended_on[0] == '\0' ||
		        strcmp(t->ended_on, s->today) >= 0);

		if (!all && !current) {
			org_officer_release(t);
			continue;
		}
		member_init(&m);
		if (officer_member(s, t->member_id, &m, &path, err) == 0 &&
		    m.full_name != NULL) {
			t->member_name = m.full_name;
			m.full_name = NULL;
		}
		cb_error_release(err);
		free(path);
		member_release(&m);
		l.items[keep++] = *t;
	}
	l.n = keep;
	if (l.n > 1)
		qsort(l.items, l.n, sizeof(*l.items), term_cmp);
	*ret = l;
	return 0;
}

/* Records term t as an event of its organisation's history; sets its
 * id, recorded_by and recorded_at. */
static int
record_term(struct svc *s, struct org_officer *t, struct cb_error *err)
{
	struct org_event e;
	json_t *d;
	int rc;

	memset(&e, 0, sizeof(e));
	e.org_id = t->org_id;
	snprintf(e.on, sizeof(e.on), "%s", t->started_on);
	d = json_pack("{s:I, s:s, s:s?}", "member_id",
	    (json_int_t)t->member_id, "position",
	    officer_position_names[t->position], "ended_on",
	    t->ended_on[0] ? t->ended_on : NULL);
	e.kind = strdup(OFFICER_EVENT);
	e.doc_no = t->doc_no ? strdup(t->doc_no) : NULL;
	e.details = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	e.recorded_by = strdup(s->actor);
	json_decref(d);
	if (e.kind == NULL || e.recorded_by == NULL || e.details == NULL ||
	    (t->doc_no && e.doc_no == NULL))
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
	else if ((rc = store_org_event_add(s->st, &e, err)) == 0) {
		t->id = e.id;
		free(t->recorded_by);
		free(t->recorded_at);
		t->recorded_by = e.recorded_by;
		t->recorded_at = e.recorded_at;
		e.recorded_by = e.recorded_at = NULL;
	}
	org_event_release(&e);
	return rc;
}

int
svc_org_officer_add(struct svc *s, int64_t org_id, struct org_officer *t,
    struct cb_error *err)
{
	struct org_officer_list have = { 0 };
	struct member m;
	struct org o;
	char *mpath = NULL;
	int rc;

	org_init(&o);
	member_init(&m);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = svc_org_get(s, org_id, &o, err)) != 0 ||
	    (rc = svc_allow(s, ACT_ORG_WRITE, o.path, "org_not_found", err)) !=
	        0)
		goto fail;
	t->org_id = org_id;
	/* The member as the principal sees it: outside the scope, the
	 * field's "not found". */
	if ((rc = store_member_get_path(s->st, t->member_id, &m, &mpath,
	         err)) == -CB_ENOTFOUND) {
		cb_error_release(err);
		rc = cb_error_field(err, 0, "member_id", "member_not_found",
		    NULL);
		goto fail;
	} else if (rc != 0)
		goto fail;
	if ((rc = terms_of(s, org_id, &have, err)) != 0 ||
	    (rc = org_officer_check(t, o.path, &m, mpath, have.items, have.n,
	         s->today, err)) != 0)
		goto fail;
	if ((rc = record_term(s, t, err)) != 0)
		goto fail;
	free(t->member_name);
	t->member_name = m.full_name ? strdup(m.full_name) : NULL;
	if ((rc = svc_audit(s, "org.officer_add", "org", org_id, org_id, NULL,
	         entity_to_json(&org_officer_entity, t), NULL, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	org_officer_list_release(&have);
	member_release(&m);
	org_release(&o);
	free(mpath);
	return 0;
fail:
	org_officer_list_release(&have);
	member_release(&m);
	org_release(&o);
	free(mpath);
	return svc_fail(s, rc);
}

int
org_officer_from_json(const json_t *obj, struct org_officer *t,
    struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_RO_UNKNOWN | JA_NULL_KEEPS |
		    JA_EMPTY_DATE_INVALID | JA_REQUIRED | JA_TABLE_ORDER,
		.ref_invalid = "member_not_found",
	};

	return entity_apply_json(&org_officer_entity, t, obj, &how, err);
}

json_t *
org_officers_to_json(const struct org_officer_list *l)
{
	json_t *items;
	size_t i;

	if ((items = json_array()) == NULL)
		return NULL;
	for (i = 0; i < l->n; i++)
		if (json_array_append_new(items,
		        entity_to_json(&org_officer_entity, &l->items[i])) !=
		    0) {
			json_decref(items);
			return NULL;
		}
	return json_pack("{s:o}", "items", items);
}
