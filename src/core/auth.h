/*
 * auth.h - who may do what, where: roles granted on organisations, the
 * principal of a request, and the access policy.  Pure: no I/O.
 *
 * A grant is a role on an organisation and covers that organisation's
 * whole subtree.  The policy (policy.c) is one table: action x role ->
 * allowed, plus the scope rule.  The store applies the same policy to the
 * rows it returns (defence in depth), the edges to the requests they take.
 */
#ifndef CHIBO_CORE_AUTH_H
#define CHIBO_CORE_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum role {
	ROLE_NONE = 0,
	ROLE_ADMIN,      /* "admin": its subtree and its accounts; on a
			  * root, the installation (grant_global) */
	ROLE_OFFICE,     /* "office": committee office, its subtree */
	ROLE_INSPECTION, /* "inspection": inspection commission */
	ROLE_SECRETARY,  /* "secretary": cell secretary, deputy, committee */
	ROLE_MEMBER,     /* "member": their own record */
	ROLE_VIEWER,     /* "viewer": upper committee, read-only roll-ups */
	ROLE__MAX
};

const char *role_name(enum role r);  /* "office", or NULL */
enum role role_parse(const char *s); /* ROLE_NONE if unknown */

/* What a request wants to do.  Later capabilities add theirs. */
enum action {
	ACT_ORG_READ = 0,    /* see an organisation, its counts, history */
	ACT_ORG_WRITE,       /* create, change, merge, split organisations */
	ACT_MEMBER_LIST,     /* list and search members */
	ACT_MEMBER_READ,     /* read a member's record and history */
	ACT_MEMBER_PERSONAL, /* see personal fields (citizen ID, phone, ...) */
	ACT_MEMBER_WRITE,    /* create, change members; record events */
	ACT_MEMBER_DELETE,   /* delete a member record */
	ACT_MEMBER_IMPORT,   /* import members */
	ACT_MEMBER_EXPORT,   /* export members */
	ACT_AUDIT_READ,      /* read the audit trail */
	ACT_RULES_WRITE,     /* record a committee override */
	ACT_USER_ADMIN,      /* manage accounts (installation-wide) */
	ACT_MEMBER_CONTACTS, /* correct a member's phone and e-mail only:
			      * office, or a secretary whose grant has
			      * the option "contacts" (GRANT_OPT_CONTACTS) */
	ACT_MEETING_READ,    /* see meetings and their attendance */
	ACT_MEETING_WRITE,   /* plan, record, change meetings and their
			      * attendance */
	ACT_INSPECTION_READ, /* see inspection and supervision programmes,
			      * records, recommendations, coverage */
	ACT_INSPECTION_WRITE,      /* plan and record inspections and
			       * supervisions of the subtree */
	ACT_SELF_INSPECTION_WRITE, /* record an organisation's own yearly
				    * self-inspection and supervision of
				    * its members (a secretary: its cell) */
	ACT_DISCIPLINE_READ,       /* see discipline cases: only a grant with
			       * the option "discipline" */
	ACT_DISCIPLINE_WRITE,      /* record discipline cases: an inspection,
			       * office or secretary grant with the
			       * option "discipline" */
	/* Evaluation and classification (issue 15). */
	ACT_EVAL_READ,      /* see the evaluations of the subtree (a member:
			   * its own, principal_may_member) */
	ACT_EVAL_SELF,      /* write a self-assessment: a member its own
			   * (principal_may_member), a secretary those
			   * of its cell and the cell's own */
	ACT_EVAL_COMMENT,   /* comment on the self-assessment of a member of
			   * one's organisation (input to the reviewers) */
	ACT_EVAL_PROPOSE,   /* the cell's review: propose a level, with the
			   * recorded vote */
	ACT_EVAL_DECIDE,    /* the competent committee decides a level (an
			   * organisation's: the directly higher one) */
	ACT_EVAL_MANAGE,    /* open, change and lock evaluation periods */
	ACT_DASHBOARD_READ, /* the figures of the targets (no names) */
	ACT__MAX
};

const char *action_name(enum action a); /* "member.read" */

/* Options a grant may carry, beyond its role (a bit each). */
enum grant_option {
	GRANT_OPT_CONTACTS = 1u << 0,   /* "contacts": a secretary may correct
				       * the phone and e-mail of the
				       * members of its organisation */
	GRANT_OPT_DISCIPLINE = 1u << 1, /* "discipline": discipline cases
					 * are secret; only a grant naming
					 * them sees (admin, office,
					 * inspection, secretary) or
					 * records them (office,
					 * inspection, secretary) */
};
#define GRANT_OPT_ALL (GRANT_OPT_CONTACTS | GRANT_OPT_DISCIPLINE)
/* Options as text, "contacts" (names joined by ","; "" for none) and back:
 * grant_options_parse returns -1 for an unknown name. */
const char *grant_option_name(unsigned opt); /* one bit */
int grant_options_parse(const char *s, unsigned *ret);
void grant_options_format(unsigned opts, char *buf, size_t n);
/* True if role may carry options (only a secretary's grant may carry
 * "contacts"; "discipline" goes on an admin, office, inspection or
 * secretary grant, never a member's or a viewer's). */
bool grant_options_valid(enum role role, unsigned opts);

struct grant {
	int64_t id;
	enum role role;
	unsigned options; /* GRANT_OPT_* */
	int64_t org_id;
	char *org_path; /* the organisation's materialised path */
	char *org_code; /* for display */
	char *org_name;
};

/*
 * The one on whose behalf something is done.  A system principal (the
 * operator at the command line, migrations, the demo) may do everything;
 * any other may do what its grants allow, in their subtrees.
 */
struct principal {
	bool system;
	int64_t user_id;
	char *username;
	char *display_name;
	int64_t member_id;     /* the user's own member record, or 0 */
	char *member_org_path; /* its organisation's path, or NULL:
				* the one organisation a member
				* may see without a grant */
	struct grant *grants;
	size_t ngrants;
};

void principal_init(struct principal *p);
void principal_release(struct principal *p);
/* A system principal named name ("cli:alice"); the name is copied. */
int principal_system(struct principal *p, const char *name);
/* Appends a grant (strings copied).  Returns 0 or -CB_ENOMEM. */
int principal_add_grant(struct principal *p, const struct grant *g);
void grant_release(struct grant *g);
/* True if g makes a global administrator: the role admin on a root
 * organisation (its path has one segment). */
bool grant_global(const struct grant *g);

/* True if any role of p allows act at all (ignoring where). */
bool principal_can(const struct principal *p, enum action act);
/*
 * True if p may do act on something that belongs to the organisation with
 * materialised path path: some grant whose role allows act covers path
 * (path starts with the grant's org_path).  path NULL means
 * installation-wide: only admin (and system) grants cover it.
 */
bool
principal_may(const struct principal *p, enum action act, const char *path);
/*
 * The same for a member record: principal_may on the member's
 * organisation, or, for ACT_MEMBER_READ, ACT_MEMBER_PERSONAL and
 * ACT_MEMBER_LIST, the member's own record (p->member_id == member_id).
 */
bool principal_may_member(const struct principal *p, enum action act,
    int64_t member_id, const char *org_path);
/*
 * The roots of the subtrees where p may do act: the org paths of the
 * grants whose role allows it, without those nested inside another.
 * Writes up to max pointers (borrowed from p) into roots and returns how
 * many there are in all; -1 means everywhere (the system, or a global
 * administrator: an admin grant elsewhere is scoped like any role's).
 */
int principal_scope(const struct principal *p, enum action act,
    const char **roots, int max);

/* ---------------------------------------------------------- accounts */

struct user {
	int64_t id;
	char *username; /* lower case, [a-z0-9._-], unique */
	char *display_name;
	int64_t member_id; /* linked member record, or 0 */
	bool disabled;
	int64_t version;
	char *created_at;
	char *updated_at;
	struct grant *grants; /* with org code, name and path */
	size_t ngrants;
};
void user_init(struct user *u);
void user_release(struct user *u);

struct user_list {
	struct user *items;
	size_t n;
};
void user_list_release(struct user_list *l);

/* A signed-in browser: the token and the CSRF token are only ever
 * stored as SHA-256 hashes (hex). */
struct session {
	char *id_hash; /* hash of the cookie's token */
	int64_t user_id;
	char *csrf_hash; /* hash of the CSRF token */
	char *created_at;
	char *last_seen_at;
	char *expires_at; /* absolute expiry */
	char *addr;
	char *user_agent;
};
void session_release(struct session *s);

/* A token for scripts (Authorization: Bearer). */
struct api_token {
	int64_t id;
	int64_t user_id;
	char *username; /* filled by lists */
	char *name;     /* what it is for */
	char *prefix;   /* the first characters, to recognise it */
	char *created_at;
	char *expires_at; /* NULL: never */
	char *revoked_at; /* NULL: valid */
	char *last_used_at;
};
void api_token_release(struct api_token *t);

struct api_token_list {
	struct api_token *items;
	size_t n;
};
void api_token_list_release(struct api_token_list *l);

/* True if s is a valid user name: 2..40 of [a-z0-9._-], starting with a
 * letter or digit. */
bool username_valid(const char *s);

/* True if path is where p may look at all: a subtree of one of its
 * grants, or its own member's organisation.  Outside it, things are "not
 * found" rather than "forbidden". */
bool principal_sees(const struct principal *p, const char *path);

#endif
