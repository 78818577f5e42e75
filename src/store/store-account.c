/*
 * store-account.c - accounts and their grants, signed-in sessions, API
 * tokens and the sign-in throttling counters.  Backend-neutral (see
 * store-int.h).
 *
 * User names are stored in lower case.  Session and token secrets never
 * reach the store: only their SHA-256 (hex) does, made by the caller.
 * Managing accounts, grants and tokens is for admins (and the system);
 * sessions, token look-ups and the counters are open to every principal,
 * since signing in happens before anyone is known (store-policy.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store-int.h"
#include "util/alloc.h"
#include "util/date.h"
#include "util/err.h"

#include "util/banned.h"

static int
not_found(struct cb_error *err)
{
	return cb_error_set(err, CB_ENOTFOUND, "not_found", NULL);
}

/* A copy of s with ASCII letters in lower case; NULL on ENOMEM. */
static char *
lower_dup(const char *s)
{
	char *d = strdup(s), *p;

	if (d == NULL)
		return NULL;
	for (p = d; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return d;
}

/* Runs an UPDATE or DELETE; *ret_n gets the rows it changed. */
static int
run_count(struct q *q, int64_t *ret_n, struct cb_error *err)
{
	int rc;

	*ret_n = 0;
	if ((rc = q_step(q, err)) >= 0)
		*ret_n = q->st->be->changes(q->s);
	q_done(q);
	return rc < 0 ? rc : 0;
}

/* The same for one row: -CB_ENOTFOUND if it matched none and missing_ok
 * is false. */
static int
run_changes(struct q *q, bool missing_ok, struct cb_error *err)
{
	int64_t n;
	int rc;

	if ((rc = run_count(q, &n, err)) != 0)
		return rc;
	return n == 0 && !missing_ok ? not_found(err) : 0;
}

/* ------------------------------------------------------------ accounts */

/* Fills *u (released first) from the current row (USER_COL_*), and the
 * password hash into *ret_hash if that is not NULL. */
static int
user_from_row(struct q *q, struct user *u, char **ret_hash)
{
	user_release(u);
	u->id = q_col_int(q, USER_COL_ID);
	u->member_id = q_col_int(q, USER_COL_MEMBER_ID);
	u->disabled = q_col_int(q, USER_COL_DISABLED) != 0;
	u->version = q_col_int(q, USER_COL_VERSION);
	if (q_col_dup(q, USER_COL_USERNAME, &u->username) != 0 ||
	    q_col_dup(q, USER_COL_DISPLAY_NAME, &u->display_name) != 0 ||
	    q_col_dup(q, USER_COL_CREATED_AT, &u->created_at) != 0 ||
	    q_col_dup(q, USER_COL_UPDATED_AT, &u->updated_at) != 0 ||
	    (ret_hash != NULL &&
	        q_col_dup(q, USER_COL_PASSWORD_HASH, ret_hash) != 0)) {
		user_release(u);
		return -CB_ENOMEM;
	}
	return 0;
}

/* Fills *g (zeroed) from the current row (GRANT_COL_*). */
static int
grant_from_row(struct q *q, struct grant *g)
{
	g->id = q_col_int(q, GRANT_COL_ID);
	g->role = role_parse(q_col_text(q, GRANT_COL_ROLE));
	g->org_id = q_col_int(q, GRANT_COL_ORG_ID);
	/* The column's CHECK admits only known names. */
	if (grant_options_parse(q_col_text(q, GRANT_COL_OPTIONS),
	        &g->options) != 0)
		g->options = 0;
	if (q_col_dup(q, GRANT_COL_ORG_PATH, &g->org_path) != 0 ||
	    q_col_dup(q, GRANT_COL_ORG_CODE, &g->org_code) != 0 ||
	    q_col_dup(q, GRANT_COL_ORG_NAME, &g->org_name) != 0)
		return -CB_ENOMEM;
	return 0;
}

/* Appends the grants of u (by u->id) to u->grants. */
static int
user_grants(struct store *st, struct user *u, struct cb_error *err)
{
	size_t cap = u->ngrants;
	struct grant *g;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_GRANTS_OF, err)) != 0)
		return rc;
	q_int(&q, 1, u->id);
	while ((rc = q_step(&q, err)) == 1) {
		if ((g = array_push(&u->grants, &u->ngrants, &cap,
		         sizeof(*g))) == NULL ||
		    grant_from_row(&q, g) != 0) {
			rc = store_nomem(err);
			break;
		}
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

/* One user by id (name NULL) or by name, with its grants. */
static int
user_fetch(struct store *st, enum stmt id, int64_t uid, const char *name,
    struct user *ret, char **ret_hash, struct cb_error *err)
{
	char *lname = NULL;
	struct q q;
	int rc;

	if (ret_hash != NULL)
		*ret_hash = NULL;
	if (name != NULL && (lname = lower_dup(name)) == NULL)
		return store_nomem(err);
	if ((rc = q_open(&q, st, id, err)) != 0) {
		free(lname);
		return rc;
	}
	if (name != NULL)
		q_text(&q, 1, lname);
	else
		q_int(&q, 1, uid);
	rc = q_step(&q, err);
	if (rc == 1 && user_from_row(&q, ret, ret_hash) != 0)
		rc = store_nomem(err);
	q_done(&q);
	free(lname);
	if (rc == 1 && (rc = user_grants(st, ret, err)) == 0)
		return 0;
	if (rc == 0)
		rc = not_found(err);
	else
		user_release(ret);
	if (ret_hash != NULL) {
		free(*ret_hash);
		*ret_hash = NULL;
	}
	return rc;
}

int
store_user_insert(struct store *st, struct user *u, const char *password_hash,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN], *name, *c = NULL, *m = NULL;
	int64_t id = 0;
	struct q q;
	bool g;
	int rc;

	if (u->username == NULL || *u->username == '\0')
		return cb_error_field(err, 0, "username", "required", NULL);
	if ((name = lower_dup(u->username)) == NULL)
		return store_nomem(err);
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0) {
		free(name);
		return rc;
	}
	if ((rc = q_open(&q, st, STMT_USER_INSERT, err)) == 0) {
		q.fk_field = "member_id";
		q_text(&q, 1, name);
		q_text(&q, 2, u->display_name);
		q_id(&q, 3, u->member_id);
		q_text(&q, 4, password_hash);
		q_int(&q, 5, u->disabled ? 1 : 0);
		q_text(&q, 6, now);
		if ((rc = q_step(&q, err)) == 1) {
			id = q_col_int(&q, 0);
			rc = 0;
		} else if (rc == 0) {
			rc = cb_error_set(err, CB_ESTORE, "storage_error",
			    NULL);
		}
		q_done(&q);
	}
	if ((rc = store_guard_end(st, g, rc, err)) == 0) {
		if ((c = strdup(now)) == NULL || (m = strdup(now)) == NULL) {
			free(c);
			free(name);
			return store_nomem(err);
		}
		u->id = id;
		u->version = 1;
		free(u->username);
		u->username = name;
		free(u->created_at);
		u->created_at = c;
		free(u->updated_at);
		u->updated_at = m;
		return 0;
	}
	free(name);
	return rc;
}

int
store_user_get(struct store *st, int64_t id, struct user *ret,
    struct cb_error *err)
{
	return user_fetch(st, STMT_USER_GET, id, NULL, ret, NULL, err);
}

int
store_user_get_by_name(struct store *st, const char *username,
    struct user *ret, char **ret_hash, struct cb_error *err)
{
	if (ret_hash != NULL)
		*ret_hash = NULL;
	if (username == NULL)
		return not_found(err);
	return user_fetch(st, STMT_USER_GET_BY_NAME, 0, username, ret,
	    ret_hash, err);
}

/* A user's position in a list, for attaching the grants. */
struct user_at {
	int64_t id;
	size_t at;
};

static int
cmp_user_at(const void *a, const void *b)
{
	const struct user_at *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

int
store_user_list(struct store *st, struct user_list *ret, struct cb_error *err)
{
	struct user *items = NULL, *u;
	struct user_at *ix = NULL, key, *hit;
	size_t n = 0, cap = 0, i, *gcap = NULL;
	struct q q;
	int rc;

	user_list_release(ret);
	if ((rc = q_open(&q, st, STMT_USER_LIST, err)) != 0)
		return rc;
	while ((rc = q_step(&q, err)) == 1) {
		if ((u = array_push(&items, &n, &cap, sizeof(*items))) ==
		        NULL ||
		    user_from_row(&q, u, NULL) != 0) {
			rc = store_nomem(err);
			break;
		}
	}
	q_done(&q);
	if (rc < 0 || n == 0)
		goto out;
	/* Everybody's grants in one statement, put in place by id. */
	if ((ix = calloc(n, sizeof(*ix))) == NULL ||
	    (gcap = calloc(n, sizeof(*gcap))) == NULL) {
		rc = store_nomem(err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		ix[i].id = items[i].id;
		ix[i].at = i;
	}
	qsort(ix, n, sizeof(*ix), cmp_user_at);
	if ((rc = q_open(&q, st, STMT_GRANTS_ALL, err)) != 0)
		goto out;
	while ((rc = q_step(&q, err)) == 1) {
		struct grant *g;

		key.id = q_col_int(&q, GRANT_COL_USER_ID);
		if ((hit = bsearch(&key, ix, n, sizeof(*ix), cmp_user_at)) ==
		    NULL)
			continue; /* a user added meanwhile */
		u = &items[hit->at];
		if ((g = array_push(&u->grants, &u->ngrants, &gcap[hit->at],
		         sizeof(*g))) == NULL ||
		    grant_from_row(&q, g) != 0) {
			rc = store_nomem(err);
			break;
		}
	}
	q_done(&q);
out:
	free(ix);
	free(gcap);
	ret->items = items;
	ret->n = n;
	if (rc < 0) {
		user_list_release(ret);
		return rc;
	}
	return 0;
}

int
store_user_set_password(struct store *st, int64_t id,
    const char *password_hash, struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	int rc;

	store_now(now);
	if ((rc = q_open(&q, st, STMT_USER_SET_PASSWORD, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	q_text(&q, 2, password_hash);
	q_text(&q, 3, now);
	return run_changes(&q, false, err);
}

int
store_user_set_disabled(struct store *st, int64_t id, bool disabled,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	int rc;

	store_now(now);
	if ((rc = q_open(&q, st, STMT_USER_SET_DISABLED, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	q_int(&q, 2, disabled ? 1 : 0);
	q_text(&q, 3, now);
	return run_changes(&q, false, err);
}

/* Bumps the user's version: its grants changed. */
static int
user_touch(struct store *st, int64_t id, const char *now, struct cb_error *err)
{
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_USER_TOUCH, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	q_text(&q, 2, now);
	return run_changes(&q, false, err);
}

int
store_grant_add(struct store *st, int64_t user_id, enum role role,
    int64_t org_id, struct cb_error *err)
{
	return store_grant_add_opts(st, user_id, role, org_id, 0, err);
}

/* The options of a grant, for its column: "contacts" or "". */
static int
grant_options_check(enum role role, unsigned options, char *buf, size_t n,
    struct cb_error *err)
{
	if (!grant_options_valid(role, options))
		return cb_error_field(err, 0, "allow", "grant_option_invalid",
		    role_name(role));
	grant_options_format(options, buf, n);
	return 0;
}

int
store_grant_set_options(struct store *st, int64_t user_id, enum role role,
    int64_t org_id, unsigned options, struct cb_error *err)
{
	char now[TIMESTAMP_LEN], opts[64];
	struct q q;
	int64_t n;
	int rc;

	if (role_name(role) == NULL)
		return cb_error_field(err, 0, "role", "invalid_value", NULL);
	if ((rc = grant_options_check(role, options, opts, sizeof(opts),
	         err)) != 0)
		return rc;
	store_now(now);
	if ((rc = q_open(&q, st, STMT_GRANT_OPTIONS, err)) != 0)
		return rc;
	q_int(&q, 1, user_id);
	q_text(&q, 2, role_name(role));
	q_int(&q, 3, org_id);
	q_text(&q, 4, opts);
	if ((rc = run_count(&q, &n, err)) != 0)
		return rc;
	if (n == 0)
		return cb_error_set(err, CB_ENOTFOUND, "grant_not_found",
		    NULL);
	return user_touch(st, user_id, now, err);
}

int
store_grant_add_opts(struct store *st, int64_t user_id, enum role role,
    int64_t org_id, unsigned options, struct cb_error *err)
{
	char now[TIMESTAMP_LEN], *path, opts[64];
	struct q q;
	bool g;
	int rc;

	if (role_name(role) == NULL)
		return cb_error_field(err, 0, "role", "invalid_value", NULL);
	if ((rc = grant_options_check(role, options, opts, sizeof(opts),
	         err)) != 0)
		return rc;
	if ((rc = scope_org_for_write(st, org_id, "org_id", &path, err)) != 0)
		return rc;
	free(path);
	if (org_id == 0) {
		cb_error_set(err, CB_ENOTFOUND, "org_not_found", NULL);
		return cb_error_field(err, 0, "org_id", "org_not_found", NULL);
	}
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_GRANT_ADD, err)) == 0) {
		q.fk_field = "user_id";
		q_int(&q, 1, user_id);
		q_text(&q, 2, role_name(role));
		q_int(&q, 3, org_id);
		q_text(&q, 4, now);
		q_text(&q, 5, opts);
		rc = q_step(&q, err);
		q_done(&q);
		if (rc == 0) {
			/* ON CONFLICT DO NOTHING: the grant was there. */
			cb_error_set(err, CB_ECONFLICT, "grant_exists", NULL);
			cb_error_field(err, 0, "role", "duplicate", NULL);
			rc = -CB_ECONFLICT;
		} else if (rc == 1) {
			rc = user_touch(st, user_id, now, err);
		}
	}
	return store_guard_end(st, g, rc, err);
}

int
store_grant_remove(struct store *st, int64_t user_id, enum role role,
    int64_t org_id, struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	int64_t n;
	int rc;

	if (role_name(role) == NULL)
		return cb_error_field(err, 0, "role", "invalid_value", NULL);
	store_now(now);
	if ((rc = q_open(&q, st, STMT_GRANT_REMOVE, err)) != 0)
		return rc;
	q_int(&q, 1, user_id);
	q_text(&q, 2, role_name(role));
	q_int(&q, 3, org_id);
	if ((rc = run_count(&q, &n, err)) != 0)
		return rc;
	if (n == 0)
		return cb_error_set(err, CB_ENOTFOUND, "grant_not_found",
		    NULL);
	return user_touch(st, user_id, now, err);
}

/* ------------------------------------------------------------ sessions */

int
store_session_insert(struct store *st, const struct session *s,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	bool g;
	int rc;

	if (s->id_hash == NULL || *s->id_hash == '\0')
		return cb_error_field(err, 0, "id_hash", "required", NULL);
	if ((rc = store_check_timestamp(s->expires_at, "expires_at", err)) !=
	    0)
		return rc;
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_SESSION_INSERT, err)) == 0) {
		q.fk_field = "user_id";
		q_text(&q, 1, s->id_hash);
		q_int(&q, 2, s->user_id);
		q_text(&q, 3, s->csrf_hash);
		q_text(&q, 4, s->expires_at);
		q_text(&q, 5, s->addr);
		q_text(&q, 6, s->user_agent);
		q_text(&q, 7, now);
		rc = q_run(&q, err);
	}
	return store_guard_end(st, g, rc, err);
}

int
store_session_get(struct store *st, const char *id_hash, struct session *ret,
    struct cb_error *err)
{
	struct session s;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_SESSION_GET, err)) != 0)
		return rc;
	q_text(&q, 1, id_hash);
	if ((rc = q_step(&q, err)) == 1) {
		memset(&s, 0, sizeof(s));
		s.user_id = q_col_int(&q, SESS_COL_USER_ID);
		if (q_col_dup(&q, SESS_COL_ID_HASH, &s.id_hash) != 0 ||
		    q_col_dup(&q, SESS_COL_CSRF_HASH, &s.csrf_hash) != 0 ||
		    q_col_dup(&q, SESS_COL_CREATED_AT, &s.created_at) != 0 ||
		    q_col_dup(&q, SESS_COL_LAST_SEEN_AT, &s.last_seen_at) !=
		        0 ||
		    q_col_dup(&q, SESS_COL_EXPIRES_AT, &s.expires_at) != 0 ||
		    q_col_dup(&q, SESS_COL_ADDR, &s.addr) != 0 ||
		    q_col_dup(&q, SESS_COL_USER_AGENT, &s.user_agent) != 0) {
			session_release(&s);
			rc = store_nomem(err);
		} else {
			session_release(ret);
			*ret = s;
		}
	}
	q_done(&q);
	if (rc == 0)
		return not_found(err);
	return rc < 0 ? rc : 0;
}

/* Runs a session statement keyed by its first parameter (text or id); a
 * session that is gone already is no error. */
static int
session_run(struct store *st, enum stmt id, const char *key, int64_t uid,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	if (key != NULL)
		q_text(&q, 1, key);
	else
		q_int(&q, 1, uid);
	if (id == STMT_SESSION_TOUCH) {
		store_now(now);
		q_text(&q, 2, now);
	}
	return run_changes(&q, true, err);
}

int
store_session_touch(struct store *st, const char *id_hash,
    struct cb_error *err)
{
	return session_run(st, STMT_SESSION_TOUCH, id_hash, 0, err);
}

int
store_session_delete(struct store *st, const char *id_hash,
    struct cb_error *err)
{
	return session_run(st, STMT_SESSION_DELETE, id_hash, 0, err);
}

int
store_session_delete_user(struct store *st, int64_t user_id,
    struct cb_error *err)
{
	return session_run(st, STMT_SESSION_DELETE_USER, NULL, user_id, err);
}

int
store_session_purge(struct store *st, const char *expired_before,
    const char *idle_before, struct cb_error *err)
{
	struct q q;
	int rc;

	if (store_check_timestamp(expired_before, "expired_before", err) !=
	        0 ||
	    store_check_timestamp(idle_before, "idle_before", err) != 0)
		return -CB_EINVAL;
	if ((rc = q_open(&q, st, STMT_SESSION_PURGE, err)) != 0)
		return rc;
	q_text(&q, 1, expired_before);
	q_text(&q, 2, idle_before);
	return run_changes(&q, true, err);
}

/* -------------------------------------------------------------- tokens */

/* Fills *t (zeroed) from the current row (TOKEN_COL_*). */
static int
token_from_row(struct q *q, struct api_token *t)
{
	t->id = q_col_int(q, TOKEN_COL_ID);
	t->user_id = q_col_int(q, TOKEN_COL_USER_ID);
	if (q_col_dup(q, TOKEN_COL_USERNAME, &t->username) != 0 ||
	    q_col_dup(q, TOKEN_COL_NAME, &t->name) != 0 ||
	    q_col_dup(q, TOKEN_COL_PREFIX, &t->prefix) != 0 ||
	    q_col_dup(q, TOKEN_COL_CREATED_AT, &t->created_at) != 0 ||
	    q_col_dup(q, TOKEN_COL_EXPIRES_AT, &t->expires_at) != 0 ||
	    q_col_dup(q, TOKEN_COL_REVOKED_AT, &t->revoked_at) != 0 ||
	    q_col_dup(q, TOKEN_COL_LAST_USED_AT, &t->last_used_at) != 0) {
		api_token_release(t);
		return -CB_ENOMEM;
	}
	return 0;
}

int
store_token_insert(struct store *st, struct api_token *t,
    const char *token_hash, struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	bool g;
	int rc;

	if (token_hash == NULL || *token_hash == '\0')
		return cb_error_field(err, 0, "token_hash", "required", NULL);
	if ((rc = store_check_timestamp(t->expires_at, "expires_at", err)) !=
	    0)
		return rc;
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_TOKEN_INSERT, err)) == 0) {
		q.fk_field = "user_id";
		q_int(&q, 1, t->user_id);
		q_text(&q, 2, t->name ? t->name : "");
		q_text(&q, 3, t->prefix ? t->prefix : "");
		q_text(&q, 4, token_hash);
		q_text(&q, 5, t->expires_at);
		q_text(&q, 6, now);
		rc = q_insert_id(&q, now, &t->id, &t->created_at, err);
	}
	return store_guard_end(st, g, rc, err);
}

int
store_token_find(struct store *st, const char *token_hash,
    struct api_token *ret, struct cb_error *err)
{
	struct api_token t;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_TOKEN_FIND, err)) != 0)
		return rc;
	q_text(&q, 1, token_hash);
	if ((rc = q_step(&q, err)) == 1) {
		memset(&t, 0, sizeof(t));
		if (token_from_row(&q, &t) != 0) {
			rc = store_nomem(err);
		} else {
			api_token_release(ret);
			*ret = t;
		}
	}
	q_done(&q);
	if (rc == 0)
		return not_found(err);
	return rc < 0 ? rc : 0;
}

int
store_token_list(struct store *st, int64_t user_id, struct api_token_list *ret,
    struct cb_error *err)
{
	struct api_token *items = NULL, *t;
	size_t n = 0, cap = 0;
	struct q q;
	int rc;

	api_token_list_release(ret);
	if ((rc = q_open(&q, st, STMT_TOKEN_LIST, err)) != 0)
		return rc;
	q_id(&q, 1, user_id);
	while ((rc = q_step(&q, err)) == 1) {
		if ((t = array_push(&items, &n, &cap, sizeof(*items))) ==
		        NULL ||
		    token_from_row(&q, t) != 0) {
			rc = store_nomem(err);
			break;
		}
	}
	q_done(&q);
	ret->items = items;
	ret->n = n;
	if (rc < 0) {
		api_token_list_release(ret);
		return rc;
	}
	return 0;
}

/* Sets a timestamp column of token id to now. */
static int
token_stamp(struct store *st, enum stmt id, int64_t tid, bool missing_ok,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	int rc;

	store_now(now);
	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	q_int(&q, 1, tid);
	q_text(&q, 2, now);
	return run_changes(&q, missing_ok, err);
}

int
store_token_revoke(struct store *st, int64_t id, struct cb_error *err)
{
	return token_stamp(st, STMT_TOKEN_REVOKE, id, false, err);
}

int
store_token_touch(struct store *st, int64_t id, struct cb_error *err)
{
	return token_stamp(st, STMT_TOKEN_TOUCH, id, true, err);
}

/* -------------------------------------------------- per-request checks */

void
credential_check_release(struct credential_check *c)
{
	if (c == NULL)
		return;
	free(c->own_org_path);
	memset(c, 0, sizeof(*c));
}

/* Copies a timestamp column (NULL: "") into out. */
static void
col_stamp(struct q *q, int col, char out[TIMESTAMP_LEN])
{
	const char *v = q_col_text(q, col);
	size_t n = v != NULL ? strlen(v) : 0;

	if (n >= TIMESTAMP_LEN)
		n = TIMESTAMP_LEN - 1;
	memcpy(out, v != NULL ? v : "", n);
	out[n] = '\0';
}

static int
credential_check(struct store *st, enum stmt id, const char *hash,
    struct credential_check *ret, struct cb_error *err)
{
	struct q q;
	int rc;

	credential_check_release(ret);
	if (hash == NULL)
		return not_found(err);
	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	q_text(&q, 1, hash);
	if ((rc = q_step(&q, err)) == 1) {
		ret->token_id = q_col_int(&q, CHECK_COL_TOKEN_ID);
		ret->user_id = q_col_int(&q, CHECK_COL_USER_ID);
		ret->user_version = q_col_int(&q, CHECK_COL_VERSION);
		ret->disabled = q_col_int(&q, CHECK_COL_DISABLED) != 0;
		ret->revoked = q_col_int(&q, CHECK_COL_REVOKED) != 0;
		col_stamp(&q, CHECK_COL_EXPIRES_AT, ret->expires_at);
		col_stamp(&q, CHECK_COL_LAST_USED, ret->last_used);
		if (q_col_dup(&q, CHECK_COL_OWN_ORG_PATH,
		        &ret->own_org_path) != 0)
			rc = store_nomem(err);
	}
	q_done(&q);
	if (rc == 0)
		return not_found(err);
	if (rc < 0)
		credential_check_release(ret);
	return rc < 0 ? rc : 0;
}

int
store_session_check(struct store *st, const char *id_hash,
    struct credential_check *ret, struct cb_error *err)
{
	return credential_check(st, STMT_SESSION_CHECK, id_hash, ret, err);
}

int
store_token_check(struct store *st, const char *token_hash,
    struct credential_check *ret, struct cb_error *err)
{
	return credential_check(st, STMT_TOKEN_CHECK, token_hash, ret, err);
}

/* ---------------------------------------------------------- throttling */

/* Longer windows are cut to this (a century), so that time_t arithmetic
 * cannot overflow. */
#define WINDOW_MAX ((int64_t)100 * 366 * 86400)

/* now, and the time a window that began at or before is over. */
static void
window_times(int64_t window_s, char now[TIMESTAMP_LEN],
    char over[TIMESTAMP_LEN])
{
	time_t t = time(NULL);

	if (window_s < 0)
		window_s = 0;
	if (window_s > WINDOW_MAX)
		window_s = WINDOW_MAX;
	timestamp_utc(t, now);
	timestamp_utc(t - (time_t)window_s, over);
}

int
store_auth_fail(struct store *st, const char *key, int64_t window_s,
    int *ret_count, struct cb_error *err)
{
	char now[TIMESTAMP_LEN], over[TIMESTAMP_LEN];
	struct q q;
	int rc;

	*ret_count = 0;
	window_times(window_s, now, over);
	if ((rc = q_open(&q, st, STMT_AUTH_FAIL, err)) != 0)
		return rc;
	q_text(&q, 1, key);
	q_text(&q, 2, now);
	q_text(&q, 3, over);
	if ((rc = q_step(&q, err)) == 1)
		*ret_count = (int)q_col_int(&q, 0);
	else if (rc == 0)
		rc = cb_error_set(err, CB_ESTORE, "storage_error", NULL);
	q_done(&q);
	return rc < 0 ? rc : 0;
}

int
store_auth_failures(struct store *st, const char *key, int64_t window_s,
    int *ret_count, struct cb_error *err)
{
	char now[TIMESTAMP_LEN], over[TIMESTAMP_LEN];
	struct q q;
	int rc;

	*ret_count = 0;
	window_times(window_s, now, over);
	if ((rc = q_open(&q, st, STMT_AUTH_FAILURES, err)) != 0)
		return rc;
	q_text(&q, 1, key);
	q_text(&q, 2, over);
	if ((rc = q_step(&q, err)) == 1)
		*ret_count = (int)q_col_int(&q, 0);
	q_done(&q);
	return rc < 0 ? rc : 0;
}

int
store_auth_clear(struct store *st, const char *key, struct cb_error *err)
{
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_AUTH_CLEAR, err)) != 0)
		return rc;
	q_text(&q, 1, key);
	return run_changes(&q, true, err);
}
