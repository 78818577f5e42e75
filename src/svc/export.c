/* export.c - members as CSV (for Excel, and for importing back) or JSON. */
#include "svc/svc-int.h"

#include <stdlib.h>
#include <string.h>

#include "core/entity.h"

#include "util/banned.h"

struct exporter {
	struct svc *s;
	enum export_format fmt;
	struct sb *out;
	size_t n;
	struct org_list orgs; /* the subtree's organisations, by id */
	int err;
};

static int
by_id(const void *a, const void *b)
{
	const struct org *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * The code of organisation id.  The organisations are loaded before the
 * members are walked, so no query runs while the member query is open
 * (PostgreSQL streams rows in single-row mode).
 */
static const char *
org_code(struct exporter *ex, int64_t id)
{
	struct org key, *o;

	key.id = id;
	o = bsearch(&key, ex->orgs.items, ex->orgs.n, sizeof(*o), by_id);
	return o != NULL && o->code != NULL ? o->code : "";
}

/* One CSV cell: quoted when it holds a delimiter, a quote, a line break
 * or surrounding space. */
static void
csv_cell(struct sb *b, const char *v)
{
	const char *p;

	if (strpbrk(v, ",;\"\r\n") == NULL && v[0] != ' ' &&
	    (v[0] == '\0' || v[strlen(v) - 1] != ' ')) {
		sb_add(b, v);
		return;
	}
	sb_addc(b, '"');
	for (p = v; *p; p++) {
		if (*p == '"')
			sb_addc(b, '"');
		sb_addc(b, *p);
	}
	sb_addc(b, '"');
}

const char *
svc_export_value(const struct member *m, size_t i, char *buf, size_t n)
{
	if (i >= member_entity.nfields)
		return NULL;
	if (i < 64 && (m->masked & ((uint64_t)1 << i)))
		return SVC_WITHHELD;
	return field_get_text(&member_entity.fields[i], m, buf, n);
}

static int
export_one(const struct member *m, void *arg)
{
	struct exporter *ex = arg;
	json_t *j = member_to_json(m);
	size_t i;

	if (j == NULL)
		return ex->err = -CB_ENOMEM;
	json_object_set_new(j, "org_code",
	    json_string(org_code(ex, m->org_id)));
	if (ex->fmt == EXPORT_JSON) {
		char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

		if (s == NULL) {
			json_decref(j);
			return ex->err = -CB_ENOMEM;
		}
		sb_add(ex->out, ex->n ? ",\n" : "\n");
		sb_add(ex->out, s);
		free(s);
	} else {
		for (i = 0; i < member_entity.nfields; i++) {
			char num[24];
			const char *v = svc_export_value(m, i, num,
			    sizeof(num));

			if (i > 0)
				sb_addc(ex->out, ',');
			if (v != NULL)
				csv_cell(ex->out, v);
		}
		sb_addc(ex->out, ',');
		csv_cell(ex->out,
		    json_string_value(json_object_get(j, "org_code")));
		sb_add(ex->out, "\r\n");
	}
	json_decref(j);
	ex->n++;
	return sb_err(ex->out);
}

int
svc_export_members(struct svc *s, const struct member_query *q,
    enum export_format fmt, struct sb *out, struct cb_error *err)
{
	struct exporter ex;
	size_t i;
	int rc;

	memset(&ex, 0, sizeof(ex));
	ex.s = s;
	ex.fmt = fmt;
	ex.out = out;
	{
		struct org_query oq = { .root_id = q->org_id,
			.include_closed = true };

		if ((rc = store_org_list(s->st, &oq, &ex.orgs, err)) != 0)
			return rc;
		if (ex.orgs.n > 0)
			qsort(ex.orgs.items, ex.orgs.n, sizeof(struct org),
			    by_id);
	}
	if (fmt == EXPORT_CSV) {
		/* A BOM so that Excel reads UTF-8; then the header. */
		sb_add(out, "\xEF\xBB\xBF");
		for (i = 0; i < member_entity.nfields; i++) {
			sb_add(out, member_entity.fields[i].name);
			sb_addc(out, ',');
		}
		sb_add(out, "org_code\r\n");
	} else
		sb_addc(out, '[');
	if (!principal_can(s->who, ACT_MEMBER_EXPORT)) {
		org_list_release(&ex.orgs);
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	}
	if (q->org_id != 0) {
		struct org *o = bsearch(&(struct org){ .id = q->org_id },
		    ex.orgs.items, ex.orgs.n, sizeof(*o), by_id);

		if (o != NULL &&
		    (rc = svc_allow(s, ACT_MEMBER_EXPORT, o->path,
		         "org_not_found", err)) != 0) {
			org_list_release(&ex.orgs);
			return rc;
		}
	}
	rc = store_member_each(s->st, q, export_one, &ex, err);
	/* Who took which list out: recorded. */
	if (rc == 0) {
		if ((rc = store_begin(s->st, err)) == 0) {
			rc = svc_audit(s, "member.export", "export", 0,
			    q->org_id, NULL, NULL,
			    json_pack("{s:s, s:I, s:o, s:s?, s:s?}", "format",
			        fmt == EXPORT_CSV ? "csv" : "json", "count",
			        (json_int_t)ex.n, "org_id",
			        q->org_id ? json_integer(q->org_id) :
			                    json_null(),
			        "status", member_status_name(q->status), "q",
			        q->q),
			    err);
			if (rc == 0)
				rc = store_commit(s->st, err);
			if (rc != 0)
				store_rollback(s->st);
		}
	}
	if (rc == 0 && fmt == EXPORT_JSON)
		sb_add(out, ex.n ? "\n]\n" : "]\n");
	if (rc == 0 && sb_err(out) != 0)
		rc = sb_err(out);
	if (rc != 0 && err->code == CB_OK)
		cb_error_set(err, rc, rc == -CB_ETOOBIG ? "too_big" : NULL,
		    NULL);
	org_list_release(&ex.orgs);
	return rc;
}
