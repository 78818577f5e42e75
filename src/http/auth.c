/*
 * auth.c - who is asking: the client's address, the principal of a
 * session cookie or a bearer token, the CSRF check, and the session
 * routes (sign in, who am I, sign out).  See docs/security.md.
 *
 * Every route not marked RF_PUBLIC passes through authenticate() before
 * its handler: a request without valid credentials is answered 401
 * "not_signed_in" and reaches no handler.  The principal found is what
 * svc_init_as() gives svc and the store, which check scope and roles.
 *
 * Secrets: the session token is read from the cookie and kept only for the
 * request (to derive the CSRF token, or to end the session); a new one
 * leaves only in Set-Cookie.  Nothing here logs, and no header value is
 * ever echoed.
 */
#include "http/http-int.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "core/reflist.h"
#include "svc/render.h"
#include "util/hash.h"

#include "util/banned.h"

#define SESSION_COOKIE "chibo_session"
#define USERNAME_MAX 200 /* longer is not a name: refused */
#define PASSWORD_MAX 1024
#define USER_AGENT_MAX 200

bool
method_unsafe(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	    strcmp(method, "OPTIONS") != 0;
}

/* ------------------------------------------------------------ origin */

/* Copies the first element of a comma-separated header value, trimmed,
 * into out; false if it does not fit or is empty. */
static bool
first_hop(const char *v, char *out, size_t outlen)
{
	size_t n;

	while (*v == ' ' || *v == '\t')
		v++;
	n = strcspn(v, ",");
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= outlen)
		return false;
	memcpy(out, v, n);
	out[n] = '\0';
	return true;
}

/* True if s is a numeric IPv4 or IPv6 address (what we log and count). */
static bool
ip_valid(const char *s)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, s, buf) == 1 ||
	    inet_pton(AF_INET6, s, buf) == 1;
}

void
request_origin(struct request *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char hop[64];
	const char *v;

	snprintf(r->addr, sizeof(r->addr), "-");
	if (ci != NULL && ci->client_addr != NULL) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET,
			    &((const struct sockaddr_in *)(const void *)sa)
			         ->sin_addr,
			    r->addr, sizeof(r->addr));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
			    &((const struct sockaddr_in6 *)(const void *)sa)
			         ->sin6_addr,
			    r->addr, sizeof(r->addr));
	}
	r->tls = r->srv->secure_cookies;
	if (!r->srv->trust_proxy)
		return;
	/* The proxy tells: the client it talked to (first hop; it must
	 * set the header, not append to the client's), and the scheme. */
	if ((v = req_header(r, "X-Forwarded-For")) != NULL &&
	    first_hop(v, hop, sizeof(hop)) && ip_valid(hop))
		snprintf(r->addr, sizeof(r->addr), "%s", hop);
	if ((v = req_header(r, "X-Forwarded-Proto")) != NULL &&
	    first_hop(v, hop, sizeof(hop)) && strcasecmp(hop, "https") == 0)
		r->tls = true;
}

/* ----------------------------------------------------------- cookies */

/* Set-Cookie for token (NULL: expire the cookie now). */
static void
set_session_cookie(struct request *r, const char *token, int64_t max_age)
{
	if (r->set_cookie != NULL) {
		hash_wipe(r->set_cookie, strlen(r->set_cookie));
		free(r->set_cookie);
	}
	if (asprintf(&r->set_cookie,
	        SESSION_COOKIE
	        "=%s; Path=/; "
	        "Max-Age=%lld; HttpOnly; SameSite=Strict%s",
	        token ? token : "", token ? (long long)max_age : 0LL,
	        r->tls ? "; Secure" : "") < 0)
		r->set_cookie = NULL;
}

/* ---------------------------------------------------- authentication */

void
request_who_release(struct request *r)
{
	if (r->who_entry != NULL) {
		/* Borrowed from the entry: nothing of it is ours to free. */
		memset(&r->who, 0, sizeof(r->who));
		authcache_unref(r->who_entry);
		r->who_entry = NULL;
	} else
		principal_release(&r->who);
	principal_init(&r->who);
}

/*
 * The principal the checked credential stands for: the cached one if it
 * was loaded at what the check just read (authcache.c), else loaded (and
 * cached).  Sets r->who and r->who_entry.
 */
static int
principal_for(struct request *r, struct svc *sys,
    const struct credential_check *cc, struct cb_error *err)
{
	struct auth_cache *c = &r->srv->auth_cache;
	struct auth_entry *e;
	struct principal p;
	int64_t version = 0;
	int rc;

	e = authcache_get(c, cc);
	if (e == NULL) {
		principal_init(&p);
		if ((rc = svc_principal_load(sys, cc->user_id, &p, &version,
		         err)) != 0) {
			principal_release(&p);
			return rc;
		}
		if ((e = authcache_put(c, &p, version)) == NULL)
			return cb_error_set(err, CB_ENOMEM, NULL, NULL);
	}
	r->who_entry = e;
	r->who = *authcache_principal(e);
	return 0;
}

/* The request's session for the dossier views (r->view_session): the
 * API token's id, or a hash of the cookie's token, never the token. */
static void
view_session_key(struct request *r, int64_t token_id)
{
	char h[HASH_HEX_LEN];
	struct sb b;

	if (r->auth == AUTH_BEARER) {
		snprintf(r->view_session, sizeof(r->view_session), "t:%lld",
		    (long long)token_id);
		return;
	}
	sb_init(&b, 0);
	sb_add(&b, "chibo-view-session\n");
	sb_add(&b, r->session ? r->session : "");
	if (sb_err(&b) == 0) {
		hash_sha256_hex(b.buf, b.len, h);
		/* 128 bits are plenty to tell sessions apart. */
		snprintf(r->view_session, sizeof(r->view_session), "s:%.32s",
		    h);
	}
	if (b.buf != NULL)
		hash_wipe(b.buf, b.len);
	sb_release(&b);
	hash_wipe(h, sizeof(h));
}

int
authenticate(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	const char *authz = req_header(r, "Authorization");
	const char *cookie = MHD_lookup_connection_value(r->conn,
	    MHD_COOKIE_KIND, SESSION_COOKIE);
	struct credential_check cc;
	struct svc sys;
	int rc;

	request_who_release(r);
	memset(&cc, 0, sizeof(cc));
	/* Looking the credentials up is the system's business: nobody is
	 * known yet. */
	svc_init(&sys, r->st, r->srv->rules, "api");
	sys.addr = r->addr;
	if (authz != NULL) {
		/* An explicit credential wins over a cookie the browser may
		 * have added; a bad one is never retried with the cookie. */
		r->auth = AUTH_BEARER;
		if (strncasecmp(authz, "Bearer ", 7) != 0)
			rc = cb_error_set(&err, CB_EPERM, "not_signed_in",
			    NULL);
		else {
			authz += 7;
			while (*authz == ' ')
				authz++;
			rc = svc_token_check(&sys, authz, &cc, &err);
		}
	} else if (cookie != NULL && cookie[0] != '\0') {
		r->auth = AUTH_COOKIE;
		if ((r->session = strdup(cookie)) == NULL)
			rc = cb_error_set(&err, CB_ENOMEM, NULL, NULL);
		else
			rc = svc_session_check(&sys, &r->srv->auth, cookie,
			    &cc, &err);
	} else
		rc = cb_error_set(&err, CB_EPERM, "not_signed_in", NULL);
	if (rc == 0)
		rc = principal_for(r, &sys, &cc, &err);
	if (rc == 0)
		view_session_key(r, cc.token_id);
	/* An ended session: the browser may forget its cookie. */
	if (rc == -CB_EPERM && r->auth == AUTH_COOKIE)
		set_session_cookie(r, NULL, 0);
	credential_check_release(&cc);
	svc_release(&sys);
	if (rc == 0 && r->who.system) {
		/* Never from a credential; refuse rather than trust it. */
		request_who_release(r);
		rc = cb_error_set(&err, CB_EPERM, "not_signed_in", NULL);
	}
	if (rc != 0) {
		/* Whatever svc said about a refused credential, the client
		 * learns only that it is not signed in. */
		if (rc == -CB_EPERM) {
			cb_error_release(&err);
			cb_error_set(&err, CB_EPERM, "not_signed_in", NULL);
		}
		request_who_release(r);
		r->auth = AUTH_NONE;
		req_fail(r, rc, &err);
		return -1;
	}
	cb_error_release(&err);
	if (r->auth == AUTH_COOKIE && method_unsafe(r->method)) {
		char want[CSRF_TOKEN_LEN];
		const char *got = req_header(r, "X-CSRF-Token");
		bool ok;

		svc_csrf_token(r->session, want);
		ok = got != NULL && hash_equal(got, want);
		hash_wipe(want, sizeof(want));
		if (!ok) {
			req_fail_code(r, CB_EPERM, "csrf_failed", NULL);
			return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ routes */

/* A credential string of the sign-in body: required, text, at most max
 * bytes, no NUL inside.  NULL (and a field error) if not. */
static const char *
credential(const json_t *body, const char *key, size_t max,
    struct cb_error *err)
{
	const json_t *v = json_object_get(body, key);
	char n[24];

	if (v == NULL || json_is_null(v) ||
	    (json_is_string(v) && json_string_length(v) == 0)) {
		cb_error_field(err, 0, key, "required", NULL);
		return NULL;
	}
	if (!json_is_string(v)) {
		cb_error_field(err, 0, key, "wrong_type", "string");
		return NULL;
	}
	if (json_string_length(v) > max) {
		snprintf(n, sizeof(n), "%zu", max);
		cb_error_field(err, 0, key, "too_long", n);
		return NULL;
	}
	if (strlen(json_string_value(v)) != json_string_length(v)) {
		cb_error_field(err, 0, key, "invalid_text", NULL);
		return NULL;
	}
	return json_string_value(v);
}

/* The User-Agent as printable ASCII, cut to USER_AGENT_MAX, into out. */
static void
user_agent(struct request *r, char out[USER_AGENT_MAX + 1])
{
	const char *ua = req_header(r, "User-Agent");
	size_t i;

	for (i = 0; ua != NULL && ua[i] != '\0' && i < USER_AGENT_MAX; i++)
		out[i] = ua[i] >= ' ' && ua[i] <= '~' ? ua[i] : '?';
	out[i] = '\0';
}

/* Overwrites a JSON string's bytes (the password, once used). */
static void
wipe_string(const json_t *v)
{
	if (json_is_string(v))
		hash_wipe((char *)(uintptr_t)json_string_value(v),
		    json_string_length(v));
}

/* The reference lists of session_info as user.choices.ref_lists: by
 * member field, the items {code, label_vi, label_en}. */
static json_t *
ref_lists_json(const struct session_info *si)
{
	json_t *all = json_object();
	size_t l, i;

	for (l = 0; all != NULL && l < SESSION_REF_LISTS; l++) {
		const struct rule_value *n = si->ref_names[l];
		json_t *items = json_array();

		for (i = 0; n != NULL && items != NULL && i < n->nitems; i++)
			if (json_array_append_new(items,
			        json_pack("{s:s, s:s, s:s}", "code",
			            si->ref_codes[l] ?
			                si->ref_codes[l]->items[i] :
			                n->items[i],
			            "label_vi", n->items[i], "label_en",
			            si->ref_en[l] ? si->ref_en[l]->items[i] :
			                            n->items[i])) != 0) {
				json_decref(items);
				items = NULL;
			}
		if (items == NULL ||
		    json_object_set_new(all, ref_list_field((enum ref_list)l),
		        items) != 0) {
			json_decref(all);
			all = NULL;
		}
	}
	return all;
}

/*
 * Adds what the session tells besides the account's grants
 * (svc_session_info) to its "user" object in j: "actions", the names of
 * the actions its grants allow somewhere, and "choices", the rulebook's
 * and the model's lists the application offers.  (In "user" rather than
 * beside it: the session object's own members are csrf_token and user,
 * which clients compare as a whole.)  Returns 0, or -1 after replying
 * with the error (j is then released).
 */
static int
session_extras(struct request *r, const struct principal *who, json_t *j)
{
	struct cb_error err = CB_ERROR_INIT;
	struct session_info si;
	json_t *acts, *mk, *kinds, *bands, *genders, *statuses, *states;
	json_t *u = json_object_get(j, "user");
	int i, rc, bad = 0;
	size_t b;

	if (u == NULL)
		rc = cb_error_set(&err, CB_ENOMEM, "out_of_memory", NULL);
	else
		rc = svc_session_info(&r->svc, who, &si, &err);
	if (rc != 0) {
		json_decref(j);
		req_fail(r, rc, &err);
		return -1;
	}
	acts = json_array();
	mk = json_array();
	kinds = json_array();
	bands = json_array();
	genders = json_array();
	statuses = json_array();
	states = json_array();
	for (i = 0; i < ACT__MAX; i++)
		if (si.actions[i])
			bad |= json_array_append_new(acts,
			    json_string(action_name((enum action)i)));
	for (i = ORG_KIND_NONE + 1; i < ORG_KIND__MAX; i++) {
		const char *k = org_kind_name((enum org_kind)i);

		if (si.member_kinds[i])
			bad |= json_array_append_new(mk, json_string(k));
		bad |= json_array_append_new(kinds,
		    json_pack("{s:s, s:s, s:s}", "kind", k, "label_vi",
		        org_kind_label_vi((enum org_kind)i), "label_en",
		        org_kind_label_en((enum org_kind)i)));
	}
	for (b = 0; b < si.nage_bands; b++)
		bad |= json_array_append_new(bands,
		    json_string(si.age_bands[b]));
	for (i = GENDER_NONE + 1; i < GENDER__MAX; i++)
		bad |= json_array_append_new(genders,
		    json_string(gender_name((enum gender)i)));
	for (i = MSTATUS_NONE + 1; i < MSTATUS__MAX; i++)
		bad |= json_array_append_new(statuses,
		    json_string(member_status_name((enum member_status)i)));
	for (i = 0; i < MSTATE__MAX; i++)
		bad |= json_array_append_new(states,
		    json_string(member_state_name((enum member_state)i)));
	bad |= json_object_set_new(u, "actions", acts);
	bad |= json_object_set_new(u, "choices",
	    json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	        "member_org_kinds", mk, "org_kinds", kinds, "age_bands", bands,
	        "genders", genders, "member_statuses", statuses,
	        "member_states", states, "ref_lists", ref_lists_json(&si)));
	if (bad) {
		json_decref(j);
		cb_error_set(&err, CB_ENOMEM, "out_of_memory", NULL);
		req_fail(r, -CB_ENOMEM, &err);
		return -1;
	}
	return 0;
}

int
h_session_post(struct request *r)
{
	static const char *const known[] = { "username", "password", NULL };
	struct cb_error err = CB_ERROR_INIT;
	struct principal who;
	const char *user, *pass;
	char *token = NULL, *csrf = NULL, ua[USER_AGENT_MAX + 1];
	json_t *body, *j;
	int rc;

	rc = body_json_or_reply(r, &body);
	/* The password is in the body: gone from the buffer now. */
	hash_wipe(r->body.buf, r->body.len);
	if (rc != 0)
		return 0;
	body_known(body, known, &err);
	user = credential(body, "username", USERNAME_MAX, &err);
	pass = credential(body, "password", PASSWORD_MAX, &err);
	if (err.code != CB_OK) {
		wipe_string(json_object_get(body, "password"));
		json_decref(body);
		return req_fail(r, -err.code, &err);
	}
	principal_init(&who);
	user_agent(r, ua);
	rc = svc_login(&r->svc, &r->srv->auth, user, pass, r->addr, ua, &token,
	    &csrf, &who, &err);
	wipe_string(json_object_get(body, "password"));
	json_decref(body);
	if (rc != 0) {
		principal_release(&who);
		return req_fail(r, rc, &err);
	}
	j = json_pack("{s:s, s:o}", "csrf_token", csrf, "user",
	    principal_to_json(&who));
	if (j == NULL || session_extras(r, &who, j) == 0)
		reply_json(r, 200, j);
	if (r->status == 200)
		set_session_cookie(r, token, r->srv->auth.absolute_s);
	hash_wipe(token, strlen(token));
	hash_wipe(csrf, strlen(csrf));
	free(token);
	free(csrf);
	principal_release(&who);
	cb_error_release(&err);
	return 0;
}

int
h_session_get(struct request *r)
{
	char csrf[CSRF_TOKEN_LEN];
	json_t *j;

	j = json_pack("{s:o}", "user", principal_to_json(&r->who));
	/* A script's token needs none; a browser gets its own again. */
	if (j != NULL && r->auth == AUTH_COOKIE) {
		svc_csrf_token(r->session, csrf);
		json_object_set_new(j, "csrf_token", json_string(csrf));
		hash_wipe(csrf, sizeof(csrf));
	}
	if (j == NULL || session_extras(r, &r->who, j) == 0)
		reply_json(r, 200, j);
	return 0;
}

int
h_session_delete(struct request *r)
{
	struct cb_error err = CB_ERROR_INIT;
	int rc;

	if (r->auth != AUTH_COOKIE) {
		/* A bearer token is not a session: it is revoked with
		 * `chibo token revoke`.  Saying so beats a 204 that ends
		 * nothing. */
		cb_error_set(&err, CB_EINVAL, "not_a_session", NULL);
		return req_fail(r, -CB_EINVAL, &err);
	}
	if ((rc = svc_logout(&r->svc, r->session, &err)) != 0 &&
	    rc != -CB_ENOTFOUND)
		return req_fail(r, rc, &err);
	cb_error_release(&err);
	reply_empty(r, 204);
	set_session_cookie(r, NULL, 0);
	return 0;
}
