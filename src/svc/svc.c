/* svc.c - the use-case context and database set-up.  See svc.h. */
#include "svc/svc.h"
#include "svc/svc-int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/privacy.h"
#include "util/date.h"

#include "util/banned.h"

static void
set_today(struct svc *s)
{
	const char *env = getenv("CHIBO_TODAY");
	struct date d;

	if (env == NULL || date_parse_iso(env, &d) != 0)
		d = date_today_vn(time(NULL));
	date_format_iso(&d, s->today);
}

/* The bound of the member lists' counts: CHIBO_COUNT_BOUND, else the
 * store's default (10 000). */
static void
set_count_bound(struct store *st)
{
	const char *env = getenv("CHIBO_COUNT_BOUND");
	char *end;
	long long v = 0;

	if (env != NULL && *env != '\0') {
		v = strtoll(env, &end, 10);
		if (*end != '\0' || v < 1)
			v = 0;
	}
	store_set_count_bound(st, v);
}

void
svc_init(struct svc *s, struct store *st, const struct rulebook *base,
    const char *actor)
{
	memset(s, 0, sizeof(*s));
	s->st = st;
	s->base = base;
	/* On failure the principal stays system with no name. */
	principal_system(&s->own, actor != NULL ? actor : "system");
	s->own.system = true;
	s->who = &s->own;
	s->actor = s->own.username ? s->own.username : "system";
	s->addr = "local";
	set_today(s);
	set_count_bound(st);
	store_set_principal(st, NULL);
	store_set_sensitive(st, privacy_mask_of(base, s->today));
}

void
svc_init_as(struct svc *s, struct store *st, const struct rulebook *base,
    const struct principal *who, const char *addr, svc_view_sink view_sink,
    void *view_arg)
{
	memset(s, 0, sizeof(*s));
	s->st = st;
	s->base = base;
	s->who = who;
	s->actor = who->username ? who->username : "?";
	s->addr = addr ? addr : "";
	s->view_sink = view_sink;
	s->view_arg = view_arg;
	set_today(s);
	set_count_bound(st);
	store_set_principal(st, who);
	/* Which fields are withheld is the rulebook's (national) list. */
	store_set_sensitive(st, privacy_mask_of(base, s->today));
}

void
svc_release(struct svc *s)
{
	if (s == NULL)
		return;
	if (s->rules_loaded)
		rulebook_release(&s->rules);
	s->rules_loaded = false;
	if (s->st != NULL)
		store_set_principal(s->st, NULL);
	principal_release(&s->own);
	s->who = NULL;
}

int
svc_allow(struct svc *s, enum action act, const char *path,
    const char *not_found_code, struct cb_error *err)
{
	if (principal_may(s->who, act, path))
		return 0;
	/* Nothing about what lies outside the scope is revealed. */
	if (path != NULL && !principal_sees(s->who, path))
		return cb_error_set(err, CB_ENOTFOUND, not_found_code, NULL);
	return cb_error_set(err, CB_EPERM, "forbidden", NULL);
}

int
svc_allow_member(struct svc *s, enum action act, const struct member *m,
    struct cb_error *err)
{
	struct cb_error local = CB_ERROR_INIT;
	struct org o;
	int rc;

	if (s->who->system)
		return 0;
	org_init(&o);
	/* The store already hides members outside the scope; this decides
	 * between what the roles allow and what they do not. */
	rc = store_org_get(s->st, m->org_id, &o, &local);
	if (rc != 0 && rc != -CB_ENOTFOUND) {
		/* A failure of the store is no answer about the scope: a
		 * broken connection is a 503, never "not found". */
		svc_error_take(err, &local);
		org_release(&o);
		return rc;
	}
	cb_error_release(&local);
	rc = svc_allow_member_at(s, act, m, rc == 0 ? o.path : NULL, err);
	org_release(&o);
	return rc;
}

int
svc_allow_member_at(struct svc *s, enum action act, const struct member *m,
    const char *org_path, struct cb_error *err)
{
	if (s->who->system ||
	    principal_may_member(s->who, act, m->id, org_path))
		return 0;
	if (org_path != NULL &&
	    (principal_sees(s->who, org_path) ||
	        principal_may_member(s->who, ACT_MEMBER_READ, m->id,
	            org_path)))
		return cb_error_set(err, CB_EPERM, "forbidden", NULL);
	return cb_error_set(err, CB_ENOTFOUND, "member_not_found", NULL);
}

const struct rulebook *
svc_rules(struct svc *s, struct cb_error *err)
{
	if (s->rules_loaded)
		return &s->rules;
	rulebook_view(&s->rules, s->base);
	if (store_rule_overrides_load(s->st, &s->rules, err) != 0) {
		rulebook_release(&s->rules);
		return NULL;
	}
	/* An override stored before values were checked that breaks its
	 * rule's declared range is not applied (the shipped value is);
	 * svc_rules_view lists it (docs/rules.md). */
	rulebook_overrides_screen(&s->rules, NULL);
	s->rules_loaded = true;
	return &s->rules;
}

int
svc_open_db(const char *dburl, struct store **ret, struct cb_error *err)
{
	struct store *st = NULL;
	int rc, version = 0;

	if ((rc = store_open(dburl, &st, err)) != 0)
		return rc;
	if ((rc = store_schema_version(st, &version, err)) != 0)
		goto fail;
	if (version == 0) {
		rc = cb_error_set(err, CB_EINVAL, "database_not_initialised",
		    NULL);
		goto fail;
	}
	if (version > store_migrations_available(st)) {
		rc = cb_error_set(err, CB_EINVAL, "database_too_new", NULL);
		goto fail;
	}
	if (version < store_migrations_available(st) &&
	    ((rc = store_migrate(st, NULL, err)) != 0 ||
	        (rc = svc_stats_setup(st, err)) != 0))
		goto fail;
	*ret = st;
	return 0;
fail:
	store_close(st);
	return rc;
}

int
svc_init_db(const char *dburl, int *ret_version, struct cb_error *err)
{
	struct store *st = NULL;
	int rc;

	if ((rc = store_open(dburl, &st, err)) != 0)
		return rc;
	/* The figures of a register that had none are built now (and the
	 * age bands set for a new one). */
	if ((rc = store_migrate(st, ret_version, err)) == 0)
		rc = svc_stats_setup(st, err);
	store_close(st);
	return rc;
}
