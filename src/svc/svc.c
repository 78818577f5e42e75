/* svc.c - the use-case context and database set-up.  See svc.h. */
#include "svc/svc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/date.h"

void
svc_init(struct svc *s, struct store *st, const struct rulebook *base,
    const char *actor)
{
	const char *env = getenv("CHIBO_TODAY");
	struct date d;

	memset(s, 0, sizeof(*s));
	s->st = st;
	s->base = base;
	s->actor = actor != NULL ? actor : "system";
	if (env == NULL || date_parse_iso(env, &d) != 0)
		d = date_today_vn(time(NULL));
	date_format_iso(&d, s->today);
}

void
svc_release(struct svc *s)
{
	if (s == NULL)
		return;
	if (s->rules_loaded)
		rulebook_release(&s->rules);
	s->rules_loaded = false;
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
	    (rc = store_migrate(st, NULL, err)) != 0)
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
	rc = store_migrate(st, ret_version, err);
	store_close(st);
	return rc;
}
