/*
 * auth.c - accounts, sign-in, sessions, API tokens.  See svc.h and
 * docs/security.md.
 *
 * Secrets: passwords are stored as Argon2id hashes; session tokens, CSRF
 * tokens and API tokens are random (32 bytes) and stored as SHA-256
 * hashes, so a copy of the database gives no way in.  A secret leaves
 * this file only once, to the person it was made for.
 */
#include "svc/svc-int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/date.h"
#include "util/hash.h"
#include "util/text.h"

#include "util/banned.h"

#define TOKEN_BYTES 32
#define TOKEN_TEXT 48 /* base64url of 32 bytes + NUL */
#define API_TOKEN_PREFIX "chibo_"

static int64_t
env_seconds(const char *name, int64_t dflt)
{
	const char *v = getenv(name);
	char *end;
	long long n;

	if (v == NULL || *v == '\0')
		return dflt;
	n = strtoll(v, &end, 10);
	return *end == '\0' && n > 0 ? (int64_t)n : dflt;
}

void
auth_config_default(struct auth_config *c)
{
	c->idle_s = env_seconds("CHIBO_SESSION_IDLE", 30 * 60);
	c->absolute_s = env_seconds("CHIBO_SESSION_MAX", 12 * 3600);
	c->max_failures = 5;
	c->window_s = 15 * 60;
}

/* now + delta seconds as an ISO UTC timestamp. */
static void
stamp(int64_t delta, char out[TIMESTAMP_LEN])
{
	timestamp_utc(time(NULL) + (time_t)delta, out);
}

/* Loads the principal of user id: grants with their organisations. */
static int
principal_of(struct svc *s, const struct user *u, struct principal *ret,
    struct cb_error *err)
{
	struct principal p;
	size_t i;

	principal_init(&p);
	p.user_id = u->id;
	p.member_id = u->member_id;
	p.username = strdup(u->username);
	p.display_name = u->display_name ? strdup(u->display_name) : NULL;
	if (p.username == NULL)
		goto oom;
	for (i = 0; i < u->ngrants; i++)
		if (principal_add_grant(&p, &u->grants[i]) != 0)
			goto oom;
	if (u->member_id != 0) {
		/* Its own organisation, read as the system. */
		const struct principal *was = store_principal(s->st);
		struct cb_error local = CB_ERROR_INIT;
		struct member m;
		struct org o;

		member_init(&m);
		org_init(&o);
		store_set_principal(s->st, NULL);
		if (store_member_get(s->st, u->member_id, &m, &local) == 0 &&
		    store_org_get(s->st, m.org_id, &o, &local) == 0 &&
		    (p.member_org_path = strdup(o.path)) == NULL) {
			store_set_principal(s->st, was);
			member_release(&m);
			org_release(&o);
			goto oom;
		}
		store_set_principal(s->st, was);
		cb_error_release(&local);
		member_release(&m);
		org_release(&o);
	}
	principal_release(ret);
	*ret = p;
	return 0;
oom:
	principal_release(&p);
	return cb_error_set(err, CB_ENOMEM, NULL, NULL);
}

/* Reads a user by name as the system (sign-in happens before anyone is
 * known); the caller's principal is put back afterwards. */
static int
user_by_name(struct svc *s, const char *username, struct user *ret,
    char **ret_hash, struct cb_error *err)
{
	const struct principal *was = store_principal(s->st);
	int rc;

	store_set_principal(s->st, NULL);
	rc = store_user_get_by_name(s->st, username, ret, ret_hash, err);
	store_set_principal(s->st, was);
	return rc;
}

static int
user_by_id(struct svc *s, int64_t id, struct user *ret, struct cb_error *err)
{
	const struct principal *was = store_principal(s->st);
	int rc;

	store_set_principal(s->st, NULL);
	rc = store_user_get(s->st, id, ret, err);
	store_set_principal(s->st, was);
	return rc;
}

static int
not_signed_in(struct cb_error *err)
{
	return cb_error_set(err, CB_EPERM, "not_signed_in", NULL);
}

/* Records a sign-in attempt's outcome in its own transaction, in the
 * name of the account tried (nobody is signed in yet). */
static void
audit_login(struct svc *s, const char *action, int64_t user_id,
    const char *username)
{
	struct cb_error e = CB_ERROR_INIT;

	if (store_begin(s->st, &e) == 0) {
		if (svc_audit_as(s, username, user_id, action, "user", user_id,
		        0, NULL, NULL, NULL, &e) == 0 &&
		    store_commit(s->st, &e) == 0)
			;
		else
			store_rollback(s->st);
	}
	cb_error_release(&e);
}

int
svc_login(struct svc *s, const struct auth_config *c, const char *username,
    const char *password, const char *addr, const char *user_agent,
    char **ret_token, char **ret_csrf, struct principal *ret_who,
    struct cb_error *err)
{
	char ukey[96], akey[96], token[TOKEN_TEXT], csrf[CSRF_TOKEN_LEN];
	char thash[HASH_HEX_LEN], chash[HASH_HEX_LEN], expires[TIMESTAMP_LEN];
	char *name = NULL, *phash = NULL;
	struct session sess;
	struct user u;
	int nu = 0, na = 0, rc;
	bool ok;

	user_init(&u);
	if (username == NULL || password == NULL)
		return cb_error_set(err, CB_EPERM, "bad_credentials", NULL);
	/* Names are kept in lower case; compare the same way. */
	if ((name = text_fold(username)) == NULL)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	snprintf(ukey, sizeof(ukey), "user:%.80s", name);
	snprintf(akey, sizeof(akey), "addr:%.80s", addr ? addr : "");

	/* Throttling comes first, the same for every name, known or not. */
	if ((rc = store_auth_failures(s->st, ukey, c->window_s, &nu, err)) ||
	    (rc = store_auth_failures(s->st, akey, c->window_s, &na, err)))
		goto out;
	if (nu >= c->max_failures || na >= c->max_failures * 4) {
		char arg[24];

		snprintf(arg, sizeof(arg), "%" PRId64, c->window_s);
		rc = cb_error_set(err, CB_EPERM, "too_many_attempts", arg);
		goto out;
	}

	rc = user_by_name(s, name, &u, &phash, err);
	if (rc != 0 && rc != -CB_ENOTFOUND)
		goto out;
	cb_error_release(err);
	if (rc == 0 && phash != NULL && !u.disabled)
		ok = hash_password_ok(phash, password);
	else {
		hash_password_dummy(password); /* the same time either way */
		ok = false;
	}
	if (!ok) {
		int n;

		if ((rc = store_begin(s->st, err)) == 0 &&
		    (rc = store_auth_fail(s->st, ukey, c->window_s, &n,
		         err)) == 0 &&
		    (rc = store_auth_fail(s->st, akey, c->window_s, &n,
		         err)) == 0)
			rc = store_commit(s->st, err);
		if (rc != 0) {
			store_rollback(s->st);
			goto out;
		}
		audit_login(s, "session.denied", u.id, name);
		rc = cb_error_set(err, CB_EPERM, "bad_credentials", NULL);
		goto out;
	}

	hash_random_token(TOKEN_BYTES, token, sizeof(token));
	svc_csrf_token(token, csrf);
	hash_sha256_hex(token, strlen(token), thash);
	hash_sha256_hex(csrf, strlen(csrf), chash);
	stamp(c->absolute_s, expires);
	memset(&sess, 0, sizeof(sess));
	sess.id_hash = thash;
	sess.user_id = u.id;
	sess.csrf_hash = chash;
	sess.expires_at = expires;
	sess.addr = (char *)(addr ? addr : "");
	sess.user_agent = (char *)(user_agent ? user_agent : "");
	if ((rc = principal_of(s, &u, ret_who, err)) != 0)
		goto out;
	if ((rc = store_begin(s->st, err)) != 0)
		goto out;
	if ((rc = store_session_insert(s->st, &sess, err)) != 0 ||
	    (rc = store_auth_clear(s->st, ukey, err)) != 0 ||
	    (rc = svc_audit_as(s, ret_who->username, u.id, "session.create",
	         "user", u.id, 0, NULL, NULL,
	         json_pack("{s:s}", "user_agent", sess.user_agent), err)) !=
	        0 ||
	    (rc = store_commit(s->st, err)) != 0) {
		store_rollback(s->st);
		goto out;
	}
	if ((*ret_token = strdup(token)) == NULL ||
	    (*ret_csrf = strdup(csrf)) == NULL) {
		free(*ret_token);
		*ret_token = NULL;
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
out:
	free(name);
	free(phash);
	user_release(&u);
	return rc;
}

void
svc_csrf_token(const char *session_token, char out[CSRF_TOKEN_LEN])
{
	struct sb b;

	sb_init(&b, 512);
	sb_add(&b, "chibo-csrf-1:");
	sb_add(&b, session_token);
	hash_sha256_hex(b.buf, b.len, out);
	sb_release(&b);
}

/* A refused credential: whatever the reason, "not signed in". */
static int
refused(struct credential_check *cc, struct cb_error *err)
{
	credential_check_release(cc);
	cb_error_release(err);
	return not_signed_in(err);
}

int
svc_session_check(struct svc *s, const struct auth_config *c,
    const char *token, struct credential_check *ret, struct cb_error *err)
{
	char thash[HASH_HEX_LEN], now[TIMESTAMP_LEN], idle[TIMESTAMP_LEN];
	char touch[TIMESTAMP_LEN];
	int rc;

	if (token == NULL || *token == '\0' || strlen(token) > 128)
		return refused(ret, err);
	hash_sha256_hex(token, strlen(token), thash);
	if ((rc = store_session_check(s->st, thash, ret, err)) != 0)
		return rc == -CB_ENOTFOUND ? refused(ret, err) : rc;
	stamp(0, now);
	stamp(-c->idle_s, idle);
	if (strcmp(ret->expires_at, now) <= 0 ||
	    strcmp(ret->last_used, idle) <= 0) {
		struct cb_error e = CB_ERROR_INIT;

		store_session_delete(s->st, thash, &e);
		cb_error_release(&e);
		return refused(ret, err);
	}
	if (ret->disabled)
		return refused(ret, err);
	/* Keep the session alive, writing at most once a minute, or twice
	 * per idle period when that is shorter (else an active session of a
	 * short idle limit would end as if idle). */
	stamp(-(c->idle_s >= 120 ? 60 : c->idle_s / 2), touch);
	if (strcmp(ret->last_used, touch) < 0) {
		struct cb_error e = CB_ERROR_INIT;

		store_session_touch(s->st, thash, &e);
		cb_error_release(&e);
	}
	return 0;
}

int
svc_token_check(struct svc *s, const char *token, struct credential_check *ret,
    struct cb_error *err)
{
	char thash[HASH_HEX_LEN], now[TIMESTAMP_LEN];
	int rc;

	if (token == NULL ||
	    strncmp(token, API_TOKEN_PREFIX, strlen(API_TOKEN_PREFIX)) != 0 ||
	    strlen(token) > 128)
		return refused(ret, err);
	hash_sha256_hex(token, strlen(token), thash);
	if ((rc = store_token_check(s->st, thash, ret, err)) != 0)
		return rc == -CB_ENOTFOUND ? refused(ret, err) : rc;
	stamp(0, now);
	if (ret->revoked || ret->disabled ||
	    (ret->expires_at[0] != '\0' && strcmp(ret->expires_at, now) <= 0))
		return refused(ret, err);
	if (ret->last_used[0] == '\0' ||
	    strncmp(ret->last_used, now, 16) != 0) {
		struct cb_error e = CB_ERROR_INIT;

		store_token_touch(s->st, ret->token_id, &e);
		cb_error_release(&e);
	}
	return 0;
}

int
svc_principal_load(struct svc *s, int64_t user_id, struct principal *ret_who,
    int64_t *ret_version, struct cb_error *err)
{
	struct user u;
	int rc;

	user_init(&u);
	if ((rc = user_by_id(s, user_id, &u, err)) != 0 || u.disabled) {
		if (rc == 0 || rc == -CB_ENOTFOUND) {
			cb_error_release(err);
			rc = not_signed_in(err);
		}
		user_release(&u);
		return rc;
	}
	if ((rc = principal_of(s, &u, ret_who, err)) == 0 &&
	    ret_version != NULL)
		*ret_version = u.version;
	user_release(&u);
	return rc;
}

int
svc_session_principal(struct svc *s, const struct auth_config *c,
    const char *token, struct principal *ret_who, struct cb_error *err)
{
	struct credential_check cc;
	int rc;

	memset(&cc, 0, sizeof(cc));
	if ((rc = svc_session_check(s, c, token, &cc, err)) == 0)
		rc = svc_principal_load(s, cc.user_id, ret_who, NULL, err);
	credential_check_release(&cc);
	return rc;
}

int
svc_token_principal(struct svc *s, const char *token,
    struct principal *ret_who, struct cb_error *err)
{
	struct credential_check cc;
	int rc;

	memset(&cc, 0, sizeof(cc));
	if ((rc = svc_token_check(s, token, &cc, err)) == 0)
		rc = svc_principal_load(s, cc.user_id, ret_who, NULL, err);
	credential_check_release(&cc);
	return rc;
}

int
svc_logout(struct svc *s, const char *token, struct cb_error *err)
{
	char thash[HASH_HEX_LEN];
	int rc;

	if (token == NULL)
		return not_signed_in(err);
	hash_sha256_hex(token, strlen(token), thash);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_session_delete(s->st, thash, err)) != 0 ||
	    (rc = svc_audit(s, "session.delete", "user", s->who->user_id, 0,
	         NULL, NULL, NULL, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		store_rollback(s->st);
	return rc;
}

/* --------------------------------------------------- administration */

/*
 * Accounts are managed by an administrator, in its scope like any role:
 * a global one (admin on a root organisation) manages every account; an
 * admin on a subtree manages the accounts whose grants all lie in it
 * (any other is "not found"), and grants roles only inside it.
 */
static int
need_admin(struct svc *s, struct cb_error *err)
{
	if (principal_can(s->who, ACT_USER_ADMIN))
		return 0;
	return cb_error_set(err, CB_EPERM, "forbidden", NULL);
}

/* True if the principal may manage account u: every grant of u in its
 * admin scope (an account without grants: a global administrator's). */
static bool
user_in_scope(const struct svc *s, const struct user *u)
{
	size_t i;

	if (principal_may(s->who, ACT_USER_ADMIN, NULL))
		return true;
	if (u->ngrants == 0)
		return false;
	for (i = 0; i < u->ngrants; i++)
		if (u->grants[i].org_path == NULL ||
		    !principal_may(s->who, ACT_USER_ADMIN,
		        u->grants[i].org_path))
			return false;
	return true;
}

/* Checks that the principal may grant a role on organisation org_id
 * (field "org_id"): inside its admin scope, else not found. */
static int
grant_place_ok(struct svc *s, int64_t org_id, struct cb_error *err)
{
	struct cb_error local = CB_ERROR_INIT;
	struct org o;
	int rc;

	if (s->who->system)
		return 0;
	org_init(&o);
	rc = store_org_get(s->st, org_id, &o, &local);
	if (rc == 0 && !principal_may(s->who, ACT_USER_ADMIN, o.path))
		rc = -CB_ENOTFOUND;
	org_release(&o);
	if (rc == -CB_ENOTFOUND) {
		cb_error_release(&local);
		return cb_error_field(err, 0, "org_id", "org_not_found", NULL);
	}
	svc_error_take(err, &local);
	return rc;
}

static int
check_password(const char *pw, struct cb_error *err)
{
	char n[8];

	if (pw == NULL)
		return 0;
	if (text_utf8_len(pw) < PASSWORD_MIN) {
		snprintf(n, sizeof(n), "%d", PASSWORD_MIN);
		return cb_error_field(err, 0, "password", "password_too_short",
		    n);
	}
	if (strlen(pw) > 1024)
		return cb_error_field(err, 0, "password", "too_long", "1024");
	return 0;
}

static int
user_load(struct svc *s, const char *username, struct user *ret,
    struct cb_error *err)
{
	int rc = store_user_get_by_name(s->st, username, ret, NULL, err);

	/* Outside the administrator's scope: as if there were none. */
	if (rc == 0 && !user_in_scope(s, ret)) {
		user_release(ret);
		rc = -CB_ENOTFOUND;
	}
	if (rc == -CB_ENOTFOUND) {
		cb_error_release(err);
		rc = cb_error_set(err, CB_ENOTFOUND, "user_not_found",
		    username);
	}
	return rc;
}

int
svc_user_add(struct svc *s, const char *username, const char *display_name,
    int64_t member_id, const char *password, enum role role, int64_t org_id,
    struct user *ret, struct cb_error *err)
{
	char hash[HASH_PASSWORD_LEN];
	struct user u;
	int rc;

	if ((rc = need_admin(s, err)) != 0)
		return rc;
	if (!username_valid(username))
		cb_error_field(err, 0, "username", "invalid_username", NULL);
	if (role == ROLE_NONE)
		cb_error_field(err, 0, "role", "invalid_value",
		    "admin, office, inspection, secretary, member, viewer");
	if (org_id <= 0)
		cb_error_field(err, 0, "org_id", "required", NULL);
	if (display_name != NULL)
		field_check_text("display_name", display_name,
		    strlen(display_name), 0, err);
	check_password(password, err);
	if (err->code != CB_OK)
		return -err->code;
	if (password != NULL && hash_password(password, hash) != 0)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	user_init(&u);
	if ((u.username = strdup(username)) == NULL ||
	    (display_name &&
	        (u.display_name = strdup(display_name)) == NULL)) {
		user_release(&u);
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	u.member_id = member_id;
	if ((rc = store_begin(s->st, err)) != 0)
		goto out;
	if (member_id != 0) {
		struct member m;

		member_init(&m);
		rc = store_member_get(s->st, member_id, &m, err);
		member_release(&m);
		if (rc == -CB_ENOTFOUND) {
			cb_error_release(err);
			rc = cb_error_field(err, 0, "member_id",
			    "member_not_found", NULL);
		}
		if (rc != 0)
			goto fail;
	}
	if ((rc = grant_place_ok(s, org_id, err)) != 0 ||
	    (rc = store_user_insert(s->st, &u, password ? hash : NULL, err)) !=
	        0 ||
	    (rc = store_grant_add(s->st, u.id, role, org_id, err)) != 0)
		goto fail;
	rc = svc_audit(s, "user.create", "user", u.id, org_id, NULL,
	    json_pack("{s:s, s:s?, s:s, s:I}", "username", u.username,
	        "display_name", u.display_name, "role", role_name(role),
	        "org_id", (json_int_t)org_id),
	    NULL, err);
	if (rc != 0 || (rc = store_commit(s->st, err)) != 0)
		goto fail;
	if (ret != NULL)
		rc = store_user_get(s->st, u.id, ret, err);
	goto out;
fail:
	store_rollback(s->st);
out:
	hash_wipe(hash, sizeof(hash));
	user_release(&u);
	return rc;
}

int
svc_user_list(struct svc *s, struct user_list *ret, struct cb_error *err)
{
	int rc;

	size_t i, k = 0;

	if ((rc = need_admin(s, err)) != 0 ||
	    (rc = store_user_list(s->st, ret, err)) != 0)
		return rc;
	/* Only the accounts the principal may manage. */
	for (i = 0; i < ret->n; i++) {
		if (!user_in_scope(s, &ret->items[i])) {
			user_release(&ret->items[i]);
			continue;
		}
		if (k != i) {
			ret->items[k] = ret->items[i];
			user_init(&ret->items[i]);
		}
		k++;
	}
	ret->n = k;
	return 0;
}

int
svc_user_get(struct svc *s, const char *username, struct user *ret,
    struct cb_error *err)
{
	int rc;

	if ((rc = need_admin(s, err)) != 0)
		return rc;
	return user_load(s, username, ret, err);
}

int
svc_user_disable(struct svc *s, const char *username, bool disabled,
    struct cb_error *err)
{
	struct user u;
	int rc;

	if ((rc = need_admin(s, err)) != 0)
		return rc;
	user_init(&u);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = user_load(s, username, &u, err)) == 0 &&
	    (rc = store_user_set_disabled(s->st, u.id, disabled, err)) == 0 &&
	    (!disabled ||
	        (rc = store_session_delete_user(s->st, u.id, err)) == 0) &&
	    (rc = svc_audit(s, disabled ? "user.disable" : "user.enable",
	         "user", u.id, 0, NULL, NULL, NULL, err)) == 0)
		rc = store_commit(s->st, err);
	if (rc != 0)
		store_rollback(s->st);
	user_release(&u);
	return rc;
}

int
svc_user_passwd(struct svc *s, const char *username, const char *password,
    struct cb_error *err)
{
	char hash[HASH_PASSWORD_LEN];
	struct user u;
	int rc;

	if ((rc = need_admin(s, err)) != 0)
		return rc;
	if (password == NULL)
		return cb_error_field(err, 0, "password", "required", NULL);
	if ((rc = check_password(password, err)) != 0)
		return rc;
	if (hash_password(password, hash) != 0)
		return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	user_init(&u);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	/* A new password ends every session of the account. */
	if ((rc = user_load(s, username, &u, err)) == 0 &&
	    (rc = store_user_set_password(s->st, u.id, hash, err)) == 0 &&
	    (rc = store_session_delete_user(s->st, u.id, err)) == 0 &&
	    (rc = svc_audit(s, "user.password", "user", u.id, 0, NULL, NULL,
	         NULL, err)) == 0)
		rc = store_commit(s->st, err);
	if (rc != 0)
		store_rollback(s->st);
	hash_wipe(hash, sizeof(hash));
	user_release(&u);
	return rc;
}

int
svc_user_grant(struct svc *s, const char *username, enum role role,
    int64_t org_id, bool revoke, struct cb_error *err)
{
	return svc_user_grant_opts(s, username, role, org_id, revoke, false, 0,
	    err);
}

/* Grants with options: sets them on the grant, made if missing. */
static int
grant_with_options(struct svc *s, int64_t user_id, enum role role,
    int64_t org_id, unsigned options, struct cb_error *err)
{
	struct cb_error local = CB_ERROR_INIT;
	int rc = store_grant_set_options(s->st, user_id, role, org_id, options,
	    &local);

	if (rc == -CB_ENOTFOUND) {
		cb_error_release(&local);
		return store_grant_add_opts(s->st, user_id, role, org_id,
		    options, err);
	}
	svc_error_take(err, &local);
	return rc;
}

int
svc_user_grant_opts(struct svc *s, const char *username, enum role role,
    int64_t org_id, bool revoke, bool set_options, unsigned options,
    struct cb_error *err)
{
	char opts[64];
	struct user u;
	int rc;

	if ((rc = need_admin(s, err)) != 0)
		return rc;
	if (role == ROLE_NONE)
		return cb_error_field(err, 0, "role", "invalid_value",
		    "admin, office, inspection, secretary, member, viewer");
	grant_options_format(options, opts, sizeof(opts));
	user_init(&u);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = user_load(s, username, &u, err)) == 0 &&
	    (rc = grant_place_ok(s, org_id, err)) == 0 &&
	    (rc = revoke ?
	            store_grant_remove(s->st, u.id, role, org_id, err) :
	            set_options ?
	            grant_with_options(s, u.id, role, org_id, options, err) :
	            store_grant_add(s->st, u.id, role, org_id, err)) == 0 &&
	    (rc = svc_audit(s, revoke ? "user.revoke" : "user.grant", "user",
	         u.id, org_id, NULL,
	         json_pack("{s:s, s:I, s:s?}", "role", role_name(role),
	             "org_id", (json_int_t)org_id, "options",
	             set_options && !revoke ? opts : NULL),
	         NULL, err)) == 0)
		rc = store_commit(s->st, err);
	if (rc != 0)
		store_rollback(s->st);
	user_release(&u);
	return rc;
}

/* True if the account user_id is one the principal may manage. */
static bool
user_id_in_scope(struct svc *s, int64_t user_id)
{
	struct cb_error local = CB_ERROR_INIT;
	struct user u;
	bool ok;

	if (principal_may(s->who, ACT_USER_ADMIN, NULL))
		return true;
	user_init(&u);
	ok = user_by_id(s, user_id, &u, &local) == 0 && user_in_scope(s, &u);
	cb_error_release(&local);
	user_release(&u);
	return ok;
}

/* Token id, if it belongs to an account the principal may manage; else
 * -CB_ENOTFOUND (as if there were none). */
static int
token_in_scope(struct svc *s, int64_t id, struct cb_error *err)
{
	struct api_token_list l = { 0 };
	size_t i;
	int rc;

	if (principal_may(s->who, ACT_USER_ADMIN, NULL))
		return 0;
	if ((rc = store_token_list(s->st, 0, &l, err)) != 0)
		return rc;
	for (i = 0; i < l.n; i++)
		if (l.items[i].id == id)
			break;
	rc = i < l.n && user_id_in_scope(s, l.items[i].user_id) ?
	    0 :
	    cb_error_set(err, CB_ENOTFOUND, "token_not_found", NULL);
	api_token_list_release(&l);
	return rc;
}

int
svc_token_create(struct svc *s, const char *username, const char *name,
    int days, char **ret_token, struct api_token *ret, struct cb_error *err)
{
	char random[TOKEN_TEXT], token[TOKEN_TEXT + 8], thash[HASH_HEX_LEN];
	char expires[TIMESTAMP_LEN], prefix[16];
	struct api_token t;
	struct user u;
	int rc;

	if ((rc = need_admin(s, err)) != 0)
		return rc;
	if (days < 0 || days > 3650)
		return cb_error_field(err, 0, "expires", "invalid_value",
		    "0..3650");
	if (name != NULL &&
	    field_check_text("name", name, strlen(name), 0, err) != 0)
		return -CB_EINVAL;
	memset(&t, 0, sizeof(t));
	user_init(&u);
	hash_random_token(TOKEN_BYTES, random, sizeof(random));
	snprintf(token, sizeof(token), API_TOKEN_PREFIX "%s", random);
	hash_sha256_hex(token, strlen(token), thash);
	snprintf(prefix, sizeof(prefix), "%.12s", token);
	stamp((int64_t)days * 86400, expires);
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = user_load(s, username, &u, err)) != 0)
		goto fail;
	t.user_id = u.id;
	t.name = strdup(name ? name : "");
	t.prefix = strdup(prefix);
	t.expires_at = days > 0 ? strdup(expires) : NULL;
	if (t.name == NULL || t.prefix == NULL ||
	    (days > 0 && t.expires_at == NULL)) {
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
		goto fail;
	}
	if ((rc = store_token_insert(s->st, &t, thash, err)) != 0 ||
	    (rc = svc_audit(s, "token.create", "token", t.id, 0, NULL,
	         json_pack("{s:s, s:s, s:s, s:o}", "user", u.username, "name",
	             t.name, "prefix", t.prefix, "expires_at",
	             t.expires_at ? json_string(t.expires_at) : json_null()),
	         NULL, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	if ((*ret_token = strdup(token)) == NULL)
		rc = cb_error_set(err, CB_ENOMEM, NULL, NULL);
	else if (ret != NULL) {
		*ret = t;
		memset(&t, 0, sizeof(t));
	}
	goto out;
fail:
	store_rollback(s->st);
out:
	api_token_release(&t);
	user_release(&u);
	return rc;
}

int
svc_token_list(struct svc *s, const char *username, struct api_token_list *ret,
    struct cb_error *err)
{
	struct user u;
	int rc;

	if ((rc = need_admin(s, err)) != 0)
		return rc;
	if (username == NULL) {
		size_t i, k = 0;

		if ((rc = store_token_list(s->st, 0, ret, err)) != 0)
			return rc;
		/* Only those of accounts the principal may manage. */
		for (i = 0; i < ret->n; i++) {
			if (!user_id_in_scope(s, ret->items[i].user_id)) {
				api_token_release(&ret->items[i]);
				continue;
			}
			if (k != i) {
				ret->items[k] = ret->items[i];
				memset(&ret->items[i], 0,
				    sizeof(ret->items[i]));
			}
			k++;
		}
		ret->n = k;
		return 0;
	}
	user_init(&u);
	if ((rc = user_load(s, username, &u, err)) == 0)
		rc = store_token_list(s->st, u.id, ret, err);
	user_release(&u);
	return rc;
}

int
svc_token_revoke(struct svc *s, int64_t id, struct cb_error *err)
{
	int rc;

	if ((rc = need_admin(s, err)) != 0)
		return rc;
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = token_in_scope(s, id, err)) == 0 &&
	    (rc = store_token_revoke(s->st, id, err)) == 0 &&
	    (rc = svc_audit(s, "token.revoke", "token", id, 0, NULL, NULL,
	         NULL, err)) == 0)
		rc = store_commit(s->st, err);
	if (rc != 0)
		store_rollback(s->st);
	if (rc == -CB_ENOTFOUND) {
		cb_error_release(err);
		rc = cb_error_set(err, CB_ENOTFOUND, "token_not_found", NULL);
	}
	return rc;
}
