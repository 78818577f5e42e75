/*
 * policy.c - the access policy: which role may do which action, and the
 * scope rule (a grant covers its organisation's subtree).  See auth.h and
 * docs/security.md, which shows this table for people.
 */
#include "core/auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

#include "util/banned.h"

static const char *const role_names[ROLE__MAX] = {
	[ROLE_ADMIN] = "admin",
	[ROLE_OFFICE] = "office",
	[ROLE_INSPECTION] = "inspection",
	[ROLE_SECRETARY] = "secretary",
	[ROLE_MEMBER] = "member",
	[ROLE_VIEWER] = "viewer",
};

static const char *const action_names[ACT__MAX] = {
	[ACT_ORG_READ] = "org.read",
	[ACT_ORG_WRITE] = "org.write",
	[ACT_MEMBER_LIST] = "member.list",
	[ACT_MEMBER_READ] = "member.read",
	[ACT_MEMBER_PERSONAL] = "member.personal",
	[ACT_MEMBER_WRITE] = "member.write",
	[ACT_MEMBER_DELETE] = "member.delete",
	[ACT_MEMBER_IMPORT] = "member.import",
	[ACT_MEMBER_EXPORT] = "member.export",
	[ACT_AUDIT_READ] = "audit.read",
	[ACT_RULES_WRITE] = "rules.write",
	[ACT_USER_ADMIN] = "user.admin",
	[ACT_MEMBER_CONTACTS] = "member.contacts",
	[ACT_MEETING_READ] = "meeting.read",
	[ACT_MEETING_WRITE] = "meeting.write",
	[ACT_INSPECTION_READ] = "inspection.read",
	[ACT_INSPECTION_WRITE] = "inspection.write",
	[ACT_SELF_INSPECTION_WRITE] = "inspection.self",
	[ACT_DISCIPLINE_READ] = "discipline.read",
	[ACT_DISCIPLINE_WRITE] = "discipline.write",
	[ACT_EVAL_READ] = "evaluation.read",
	[ACT_EVAL_SELF] = "evaluation.self",
	[ACT_EVAL_COMMENT] = "evaluation.comment",
	[ACT_EVAL_PROPOSE] = "evaluation.propose",
	[ACT_EVAL_DECIDE] = "evaluation.decide",
	[ACT_EVAL_MANAGE] = "evaluation.manage",
	[ACT_DASHBOARD_READ] = "dashboard.read",
};

/*
 * The table.  Reading: rows are actions, columns roles.
 *
 *   office      keeps the register of its committee's subtree;
 *   inspection  reads everything in its subtree, plans and records
 *               inspections and supervisions;
 *   secretary   reads its cell's members in full (it works with them);
 *   member      reads its own record only (principal_may_member);
 *   viewer      sees organisations, counts and lists, never personal
 *               fields, never a full dossier, never the audit trail.
 */
#define A (1u << ROLE_ADMIN)
#define O (1u << ROLE_OFFICE)
#define I (1u << ROLE_INSPECTION)
#define S (1u << ROLE_SECRETARY)
#define M (1u << ROLE_MEMBER)
#define V (1u << ROLE_VIEWER)

static const unsigned allowed[ACT__MAX] = {
	[ACT_ORG_READ] = A | O | I | S | V,
	[ACT_ORG_WRITE] = A | O,
	[ACT_MEMBER_LIST] = A | O | I | S | V,
	[ACT_MEMBER_READ] = A | O | I | S,
	[ACT_MEMBER_PERSONAL] = A | O | I | S,
	[ACT_MEMBER_WRITE] = A | O,
	[ACT_MEMBER_DELETE] = A | O,
	[ACT_MEMBER_IMPORT] = A | O,
	[ACT_MEMBER_EXPORT] = A | O | I,
	[ACT_AUDIT_READ] = A | O | I,
	[ACT_RULES_WRITE] = A | O,
	[ACT_USER_ADMIN] = A,
	/* A secretary too when its grant has the option "contacts"
	 * (grant_allows). */
	[ACT_MEMBER_CONTACTS] = A | O,
	/* Meetings (issue 13): a secretary manages its cell's, a member
	 * reads those of the organisation of its grant (its cell); the
	 * viewer (upper committee) gets figures only, later. */
	[ACT_MEETING_READ] = A | O | I | S | M,
	[ACT_MEETING_WRITE] = A | O | S,
	/* Inspection and supervision (issue 14): the inspection commission
	 * and the office plan and record them for the subtree; a secretary
	 * reads those of its cell and records the cell's own yearly
	 * self-inspection. */
	[ACT_INSPECTION_READ] = A | O | I | S,
	[ACT_INSPECTION_WRITE] = A | O | I,
	[ACT_SELF_INSPECTION_WRITE] = A | O | I | S,
	/* Discipline cases are secret: no role sees them by itself, only a
	 * grant with the option "discipline" (grant_allows). */
	[ACT_DISCIPLINE_READ] = 0,
	[ACT_DISCIPLINE_WRITE] = 0,
	/* Evaluation (issue 15): the office opens and locks periods and
	 * decides for the committee; the inspection commission reads; a
	 * secretary enters its cell's self-assessments (paper forms),
	 * reviews them and proposes levels; a member writes and reads its
	 * own (principal_may_member) and comments on those of its cell.
	 * The viewer (upper committee) sees the dashboard's figures only. */
	[ACT_EVAL_READ] = A | O | I | S,
	[ACT_EVAL_SELF] = A | O | S,
	[ACT_EVAL_COMMENT] = A | O | S | M,
	[ACT_EVAL_PROPOSE] = A | O | S,
	[ACT_EVAL_DECIDE] = A | O,
	[ACT_EVAL_MANAGE] = A | O,
	[ACT_DASHBOARD_READ] = A | O | I | S | V,
};

#undef A
#undef O
#undef I
#undef S
#undef M
#undef V

const char *
role_name(enum role r)
{
	if (r <= ROLE_NONE || r >= ROLE__MAX)
		return NULL;
	return role_names[r];
}

enum role
role_parse(const char *s)
{
	int r;

	if (s == NULL)
		return ROLE_NONE;
	for (r = ROLE_NONE + 1; r < ROLE__MAX; r++)
		if (strcmp(s, role_names[r]) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

const char *
action_name(enum action a)
{
	if ((int)a < 0 || a >= ACT__MAX)
		return NULL;
	return action_names[a];
}

void
principal_init(struct principal *p)
{
	memset(p, 0, sizeof(*p));
}

void
grant_release(struct grant *g)
{
	if (g == NULL)
		return;
	free(g->org_path);
	free(g->org_code);
	free(g->org_name);
	memset(g, 0, sizeof(*g));
}

void
principal_release(struct principal *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->ngrants; i++)
		grant_release(&p->grants[i]);
	free(p->grants);
	free(p->username);
	free(p->display_name);
	free(p->member_org_path);
	principal_init(p);
}

int
principal_system(struct principal *p, const char *name)
{
	principal_init(p);
	p->system = true;
	if ((p->username = strdup(name)) == NULL)
		return -CB_ENOMEM;
	return 0;
}

static char *
dup_or_null(const char *s, int *rc)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*rc = -CB_ENOMEM;
	return d;
}

int
principal_add_grant(struct principal *p, const struct grant *g)
{
	struct grant *n, t = *g;
	int rc = 0;

	t.org_path = dup_or_null(g->org_path, &rc);
	t.org_code = dup_or_null(g->org_code, &rc);
	t.org_name = dup_or_null(g->org_name, &rc);
	if (rc == 0 &&
	    (n = realloc(p->grants, (p->ngrants + 1) * sizeof(*n))) != NULL) {
		p->grants = n;
		p->grants[p->ngrants++] = t;
		return 0;
	}
	grant_release(&t);
	return -CB_ENOMEM;
}

/* What anyone may do with its own member record, grant or not: read it,
 * personal fields included, find it in a list, read and write its own
 * evaluation (issue 15). */
static bool
own_action(enum action act)
{
	return act == ACT_MEMBER_READ || act == ACT_MEMBER_PERSONAL ||
	    act == ACT_MEMBER_LIST || act == ACT_EVAL_READ ||
	    act == ACT_EVAL_SELF;
}

static bool
role_allows(enum role r, enum action act)
{
	if (r <= ROLE_NONE || r >= ROLE__MAX || (int)act < 0 ||
	    act >= ACT__MAX)
		return false;
	return (allowed[act] & (1u << r)) != 0;
}

/* What one grant allows: its role's row of the table, and what its
 * options add. */
static bool
grant_allows(const struct grant *g, enum action act)
{
	if (role_allows(g->role, act))
		return true;
	if (act == ACT_MEMBER_CONTACTS)
		return g->role == ROLE_SECRETARY &&
		    (g->options & GRANT_OPT_CONTACTS);
	if (!(g->options & GRANT_OPT_DISCIPLINE))
		return false;
	if (act == ACT_DISCIPLINE_READ)
		return g->role == ROLE_ADMIN || g->role == ROLE_OFFICE ||
		    g->role == ROLE_INSPECTION || g->role == ROLE_SECRETARY;
	if (act == ACT_DISCIPLINE_WRITE)
		return g->role == ROLE_OFFICE || g->role == ROLE_INSPECTION ||
		    g->role == ROLE_SECRETARY;
	return false;
}

static const char *const option_names[] = { "contacts", "discipline" };

const char *
grant_option_name(unsigned opt)
{
	size_t i;

	for (i = 0; i < sizeof(option_names) / sizeof(option_names[0]); i++)
		if (opt == (1u << i))
			return option_names[i];
	return NULL;
}

int
grant_options_parse(const char *s, unsigned *ret)
{
	const size_t nnames = sizeof(option_names) / sizeof(option_names[0]);
	unsigned opts = 0;
	size_t i, len;

	*ret = 0;
	while (s != NULL && *s != '\0') {
		len = strcspn(s, ",");
		for (i = 0; i < nnames; i++)
			if (strlen(option_names[i]) == len &&
			    strncmp(s, option_names[i], len) == 0)
				break;
		if (i == nnames)
			return -1;
		opts |= 1u << i;
		s += len;
		if (*s == ',')
			s++;
	}
	*ret = opts;
	return 0;
}

void
grant_options_format(unsigned opts, char *buf, size_t n)
{
	size_t i, k = 0;

	if (n == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < sizeof(option_names) / sizeof(option_names[0]); i++) {
		int w;

		if (!(opts & (1u << i)))
			continue;
		w = snprintf(buf + k, n - k, "%s%s", k ? "," : "",
		    option_names[i]);
		if (w < 0 || (size_t)w >= n - k)
			return;
		k += (size_t)w;
	}
}

bool
grant_options_valid(enum role role, unsigned opts)
{
	if (opts & ~(unsigned)GRANT_OPT_ALL)
		return false;
	if ((opts & GRANT_OPT_CONTACTS) && role != ROLE_SECRETARY)
		return false;
	if ((opts & GRANT_OPT_DISCIPLINE) &&
	    !(role == ROLE_ADMIN || role == ROLE_OFFICE ||
	        role == ROLE_INSPECTION || role == ROLE_SECRETARY))
		return false;
	return true;
}

bool
principal_can(const struct principal *p, enum action act)
{
	size_t i;

	if (p->system)
		return true;
	for (i = 0; i < p->ngrants; i++)
		if (grant_allows(&p->grants[i], act))
			return true;
	/* A member may always read its own record. */
	return p->member_id != 0 && own_action(act);
}

/* A root organisation's path: one segment ("/0000000001/"). */
static bool
root_path(const char *path)
{
	const char *p;
	int n = 0;

	if (path == NULL || path[0] != '/')
		return false;
	for (p = path; *p != '\0'; p++)
		if (*p == '/')
			n++;
	return n == 2 && p[-1] == '/';
}

bool
grant_global(const struct grant *g)
{
	return g->role == ROLE_ADMIN && root_path(g->org_path);
}

/*
 * A grant covers a path in its subtree, whatever its role (admin too);
 * a grant without a known role covers nothing.  A global administrator's
 * grant (admin on a root organisation) covers the installation: every
 * path, and path NULL (a root's place, the trail's installation-wide
 * entries), which no other grant covers.
 */
static bool
covers(const struct grant *g, const char *path)
{
	if (g->role <= ROLE_NONE || g->role >= ROLE__MAX)
		return false;
	if (grant_global(g))
		return true;
	if (path == NULL || g->org_path == NULL)
		return false;
	return strncmp(path, g->org_path, strlen(g->org_path)) == 0;
}

bool
principal_may(const struct principal *p, enum action act, const char *path)
{
	size_t i;

	if (p->system)
		return true;
	for (i = 0; i < p->ngrants; i++)
		if (grant_allows(&p->grants[i], act) &&
		    covers(&p->grants[i], path))
			return true;
	return false;
}

bool
principal_may_member(const struct principal *p, enum action act,
    int64_t member_id, const char *org_path)
{
	if (principal_may(p, act, org_path))
		return true;
	return p->member_id != 0 && p->member_id == member_id &&
	    own_action(act);
}

bool
principal_sees(const struct principal *p, const char *path)
{
	size_t i;

	if (p->system)
		return true;
	for (i = 0; i < p->ngrants; i++)
		if (covers(&p->grants[i], path))
			return true;
	return path != NULL && p->member_org_path != NULL &&
	    strcmp(path, p->member_org_path) == 0;
}

int
principal_scope(const struct principal *p, enum action act, const char **roots,
    int max)
{
	size_t i, j;
	int n = 0;

	if (p->system)
		return -1;
	for (i = 0; i < p->ngrants; i++) {
		const struct grant *g = &p->grants[i];
		bool nested = false;

		if (!grant_allows(g, act))
			continue;
		if (grant_global(g))
			return -1;
		if (g->org_path == NULL)
			continue;
		/* Skip a root inside (or equal to) another allowing root;
		 * of two equal roots keep the first. */
		for (j = 0; j < p->ngrants && !nested; j++) {
			const struct grant *o = &p->grants[j];

			if (j == i || !grant_allows(o, act) ||
			    o->org_path == NULL)
				continue;
			if (strncmp(g->org_path, o->org_path,
			        strlen(o->org_path)) == 0 &&
			    (strcmp(g->org_path, o->org_path) != 0 || j < i))
				nested = true;
		}
		if (nested)
			continue;
		if (n < max)
			roots[n] = g->org_path;
		n++;
	}
	return n;
}

/* ---------------------------------------------------------- accounts */

void
user_init(struct user *u)
{
	memset(u, 0, sizeof(*u));
}

void
user_release(struct user *u)
{
	size_t i;

	if (u == NULL)
		return;
	free(u->username);
	free(u->display_name);
	free(u->created_at);
	free(u->updated_at);
	for (i = 0; i < u->ngrants; i++)
		grant_release(&u->grants[i]);
	free(u->grants);
	user_init(u);
}

void
user_list_release(struct user_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		user_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
session_release(struct session *s)
{
	if (s == NULL)
		return;
	free(s->id_hash);
	free(s->csrf_hash);
	free(s->created_at);
	free(s->last_seen_at);
	free(s->expires_at);
	free(s->addr);
	free(s->user_agent);
	memset(s, 0, sizeof(*s));
}

void
api_token_release(struct api_token *t)
{
	if (t == NULL)
		return;
	free(t->username);
	free(t->name);
	free(t->prefix);
	free(t->created_at);
	free(t->expires_at);
	free(t->revoked_at);
	free(t->last_used_at);
	memset(t, 0, sizeof(*t));
}

void
api_token_list_release(struct api_token_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		api_token_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

bool
username_valid(const char *s)
{
	size_t n = 0;

	if (s == NULL ||
	    !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return false;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') ||
		        (s[n] >= '0' && s[n] <= '9') || s[n] == '.' ||
		        s[n] == '_' || s[n] == '-'))
			return false;
	return n >= 2 && n <= 40;
}
