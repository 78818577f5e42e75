/*
 * test-core-auth.c - the access policy (roles x actions, subtree scope)
 * and the audit hash chain: every kind of tampering is caught and named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/auth.h"
#include "util/hash.h"

/* A principal with one grant of role on path. */
static void
one(struct principal *p, enum role role, const char *path, int64_t member)
{
	char buf[64];
	struct grant g = { 0 };

	principal_init(p);
	p->user_id = 7;
	p->member_id = member;
	p->username = strdup("u");
	snprintf(buf, sizeof(buf), "%s", path);
	g.role = role;
	g.org_id = 1;
	g.org_path = buf;
	assert_int_equal(principal_add_grant(p, &g), 0);
}

#define CELL_A "/0000000001/0000000002/0000000003/"
#define CELL_B "/0000000001/0000000002/0000000004/"
#define COMMITTEE "/0000000001/0000000002/"

/* The option "contacts": a secretary may correct contacts in its cell
 * only, and nothing more; without it, not at all; other roles may not
 * carry it. */
static void
test_grant_option_contacts(void **state)
{
	struct principal p;
	unsigned o = 99;
	char buf[32];

	(void)state;
	one(&p, ROLE_SECRETARY, CELL_A, 0);
	assert_false(principal_can(&p, ACT_MEMBER_CONTACTS));
	assert_false(principal_may(&p, ACT_MEMBER_CONTACTS, CELL_A));
	p.grants[0].options = GRANT_OPT_CONTACTS;
	assert_true(principal_can(&p, ACT_MEMBER_CONTACTS));
	assert_true(principal_may(&p, ACT_MEMBER_CONTACTS, CELL_A));
	assert_false(principal_may(&p, ACT_MEMBER_CONTACTS, CELL_B));
	assert_false(principal_may(&p, ACT_MEMBER_CONTACTS, COMMITTEE));
	assert_false(principal_may(&p, ACT_MEMBER_WRITE, CELL_A));
	assert_int_equal(principal_scope(&p, ACT_MEMBER_CONTACTS, NULL, 0), 1);
	principal_release(&p);
	/* A member whose own record it is may not correct it this way. */
	one(&p, ROLE_MEMBER, CELL_A, 5);
	p.grants[0].options = GRANT_OPT_CONTACTS;
	assert_false(principal_may_member(&p, ACT_MEMBER_CONTACTS, 5, CELL_A));
	principal_release(&p);

	assert_true(grant_options_valid(ROLE_SECRETARY, GRANT_OPT_CONTACTS));
	assert_true(grant_options_valid(ROLE_OFFICE, 0));
	assert_false(grant_options_valid(ROLE_OFFICE, GRANT_OPT_CONTACTS));
	assert_false(grant_options_valid(ROLE_VIEWER, GRANT_OPT_CONTACTS));
	assert_false(grant_options_valid(ROLE_SECRETARY, 1u << 7));
	assert_int_equal(grant_options_parse("contacts", &o), 0);
	assert_int_equal(o, GRANT_OPT_CONTACTS);
	assert_int_equal(grant_options_parse("", &o), 0);
	assert_int_equal(o, 0);
	assert_int_equal(grant_options_parse("contact", &o), -1);
	assert_int_equal(grant_options_parse("contacts,phone", &o), -1);
	grant_options_format(GRANT_OPT_CONTACTS, buf, sizeof(buf));
	assert_string_equal(buf, "contacts");
	grant_options_format(0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	assert_string_equal(grant_option_name(GRANT_OPT_CONTACTS),
	    "contacts");
}

/* The option "discipline": discipline cases are secret; without the
 * option no role sees them, with it an admin, office, inspection or
 * secretary grant reads them within its subtree and the last three
 * record them; a member's or a viewer's grant may not carry it. */
static void
test_grant_option_discipline(void **state)
{
	static const enum role readers[] = { ROLE_ADMIN, ROLE_OFFICE,
		ROLE_INSPECTION, ROLE_SECRETARY };
	struct principal p;
	unsigned o = 0;
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(readers) / sizeof(readers[0]); i++) {
		one(&p, readers[i], COMMITTEE, 0);
		assert_false(principal_can(&p, ACT_DISCIPLINE_READ));
		assert_false(principal_can(&p, ACT_DISCIPLINE_WRITE));
		p.grants[0].options = GRANT_OPT_DISCIPLINE;
		assert_true(principal_may(&p, ACT_DISCIPLINE_READ, CELL_A));
		assert_false(principal_may(&p, ACT_DISCIPLINE_READ, "/0000000009/"));
		assert_int_equal(principal_can(&p, ACT_DISCIPLINE_WRITE),
		    readers[i] != ROLE_ADMIN);
		/* The option adds discipline, nothing else. */
		assert_int_equal(principal_can(&p, ACT_MEMBER_CONTACTS),
		    readers[i] == ROLE_ADMIN || readers[i] == ROLE_OFFICE);
		assert_true(grant_options_valid(readers[i],
		    GRANT_OPT_DISCIPLINE));
		principal_release(&p);
	}
	one(&p, ROLE_VIEWER, COMMITTEE, 0);
	p.grants[0].options = GRANT_OPT_DISCIPLINE;
	assert_false(principal_can(&p, ACT_DISCIPLINE_READ));
	principal_release(&p);
	one(&p, ROLE_MEMBER, CELL_A, 5);
	p.grants[0].options = GRANT_OPT_DISCIPLINE;
	assert_false(principal_can(&p, ACT_DISCIPLINE_READ));
	principal_release(&p);
	assert_false(grant_options_valid(ROLE_VIEWER, GRANT_OPT_DISCIPLINE));
	assert_false(grant_options_valid(ROLE_MEMBER, GRANT_OPT_DISCIPLINE));
	assert_true(grant_options_valid(ROLE_SECRETARY,
	    GRANT_OPT_CONTACTS | GRANT_OPT_DISCIPLINE));
	assert_false(grant_options_valid(ROLE_INSPECTION,
	    GRANT_OPT_CONTACTS | GRANT_OPT_DISCIPLINE));
	assert_int_equal(grant_options_parse("contacts,discipline", &o), 0);
	assert_int_equal(o, GRANT_OPT_CONTACTS | GRANT_OPT_DISCIPLINE);
	grant_options_format(o, buf, sizeof(buf));
	assert_string_equal(buf, "contacts,discipline");
	assert_string_equal(grant_option_name(GRANT_OPT_DISCIPLINE),
	    "discipline");
}

static void
test_roles_and_scope(void **state)
{
	struct principal p;

	(void)state;
	/* A secretary of cell A: reads A in full, never B, writes nothing. */
	one(&p, ROLE_SECRETARY, CELL_A, 0);
	assert_true(principal_may(&p, ACT_MEMBER_READ, CELL_A));
	assert_true(principal_may(&p, ACT_MEMBER_PERSONAL, CELL_A));
	assert_true(principal_may(&p, ACT_MEMBER_READ, CELL_A "0000000009/"));
	assert_false(principal_may(&p, ACT_MEMBER_READ, CELL_B));
	assert_false(principal_may(&p, ACT_MEMBER_READ, COMMITTEE));
	assert_false(principal_may(&p, ACT_MEMBER_WRITE, CELL_A));
	assert_false(principal_may(&p, ACT_AUDIT_READ, CELL_A));
	assert_false(principal_may(&p, ACT_USER_ADMIN, NULL));
	principal_release(&p);

	/* An office of the committee: everything below it. */
	one(&p, ROLE_OFFICE, COMMITTEE, 0);
	assert_true(principal_may(&p, ACT_MEMBER_WRITE, CELL_A));
	assert_true(principal_may(&p, ACT_MEMBER_DELETE, CELL_B));
	assert_true(principal_may(&p, ACT_ORG_WRITE, COMMITTEE));
	assert_false(principal_may(&p, ACT_ORG_WRITE, "/0000000001/"));
	assert_false(principal_may(&p, ACT_ORG_WRITE, NULL));
	assert_false(principal_may(&p, ACT_USER_ADMIN, NULL));
	/* A prefix of digits is not a subtree: /..02/ does not cover /..020/ */
	assert_false(principal_may(&p, ACT_MEMBER_READ,
	    "/0000000001/0000000020/"));
	principal_release(&p);

	/* A viewer: lists and organisations, no dossier, no personal field. */
	one(&p, ROLE_VIEWER, COMMITTEE, 0);
	assert_true(principal_may(&p, ACT_ORG_READ, CELL_A));
	assert_true(principal_may(&p, ACT_MEMBER_LIST, CELL_A));
	assert_false(principal_may(&p, ACT_MEMBER_READ, CELL_A));
	assert_false(principal_may(&p, ACT_MEMBER_PERSONAL, CELL_A));
	assert_false(principal_may(&p, ACT_MEMBER_EXPORT, CELL_A));
	principal_release(&p);

	/* Inspection reads everything below it, audit included; writes no
	 * member. */
	one(&p, ROLE_INSPECTION, COMMITTEE, 0);
	assert_true(principal_may(&p, ACT_AUDIT_READ, CELL_B));
	assert_true(principal_may(&p, ACT_MEMBER_EXPORT, CELL_B));
	assert_false(principal_may(&p, ACT_MEMBER_WRITE, CELL_B));
	principal_release(&p);

	/* A member: its own record only. */
	one(&p, ROLE_MEMBER, CELL_A, 42);
	assert_true(principal_may_member(&p, ACT_MEMBER_READ, 42, CELL_A));
	assert_true(principal_may_member(&p, ACT_MEMBER_PERSONAL, 42, CELL_A));
	assert_false(principal_may_member(&p, ACT_MEMBER_READ, 43, CELL_A));
	assert_false(principal_may_member(&p, ACT_MEMBER_WRITE, 42, CELL_A));
	assert_false(principal_may(&p, ACT_ORG_READ, CELL_A));
	assert_true(principal_can(&p, ACT_MEMBER_LIST));
	principal_release(&p);

	/* Admin on the root (a global administrator): everything,
	 * installation-wide included. */
	one(&p, ROLE_ADMIN, "/0000000001/", 0);
	assert_true(principal_may(&p, ACT_USER_ADMIN, NULL));
	assert_true(principal_may(&p, ACT_MEMBER_WRITE, "/0000000099/"));
	principal_release(&p);

	/* The system: everything. */
	assert_int_equal(principal_system(&p, "cli:test"), 0);
	assert_true(principal_may(&p, ACT_USER_ADMIN, NULL));
	assert_int_equal(principal_scope(&p, ACT_MEMBER_LIST, NULL, 0), -1);
	principal_release(&p);

	/* Nobody: nothing. */
	principal_init(&p);
	assert_false(principal_can(&p, ACT_ORG_READ));
	assert_false(principal_may(&p, ACT_ORG_READ, CELL_A));
	assert_int_equal(role_parse("office"), ROLE_OFFICE);
	assert_int_equal(role_parse("boss"), ROLE_NONE);
	assert_string_equal(action_name(ACT_MEMBER_EXPORT), "member.export");
}

/*
 * The policy as docs/security.md states it, written from the docs and not
 * copied from policy.c: one row per action, one column per role of enum
 * role (none, admin, office, inspection, secretary, member, viewer).  A
 * letter means the role may do the action in its grant's subtree, '-'
 * that it may not.  test_policy_matrix checks every cell, in every scope
 * case below, and names the cell that differs.
 *
 *   admin       "everything, and manage accounts"
 *   office      "everything in its subtree: register, organisations,
 *               imports, exports, rule overrides, audit"
 *   inspection  "read everything in its subtree, audit and exports
 *               included"
 *   secretary   "read its cell's members in full" (and so the cell they
 *               belong to: the docs do not name org.read for it)
 *   member      "read its own record": by the record, not by the role
 *               (OWN_ACTION below); its cell's figures are 403
 *   viewer      "organisations, counts and member lists, without personal
 *               fields, full dossiers, exports or the audit trail"
 */
static const char policy_columns[ROLE__MAX + 1] = "-AOISMV";

static const struct {
	const char	*action;	/* action_name() of the row */
	const char	*roles;		/* one character per enum role */
} policy_expected[ACT__MAX] = {
	/*                                         -AOISMV */
	[ACT_ORG_READ] =	{ "org.read",		"-AOIS-V" },
	[ACT_ORG_WRITE] =	{ "org.write",		"-AO----" },
	[ACT_MEMBER_LIST] =	{ "member.list",	"-AOIS-V" },
	[ACT_MEMBER_READ] =	{ "member.read",	"-AOIS--" },
	[ACT_MEMBER_PERSONAL] =	{ "member.personal",	"-AOIS--" },
	[ACT_MEMBER_WRITE] =	{ "member.write",	"-AO----" },
	[ACT_MEMBER_DELETE] =	{ "member.delete",	"-AO----" },
	[ACT_MEMBER_IMPORT] =	{ "member.import",	"-AO----" },
	[ACT_MEMBER_EXPORT] =	{ "member.export",	"-AOI---" },
	[ACT_AUDIT_READ] =	{ "audit.read",		"-AOI---" },
	[ACT_RULES_WRITE] =	{ "rules.write",	"-AO----" },
	[ACT_USER_ADMIN] =	{ "user.admin",		"-A-----" },
	/* A secretary only with the grant option "contacts" (below). */
	[ACT_MEMBER_CONTACTS] =	{ "member.contacts",	"-AO----" },
	[ACT_MEETING_READ] =	{ "meeting.read",	"-AOISM-" },
	[ACT_MEETING_WRITE] =	{ "meeting.write",	"-AO-S--" },
	[ACT_INSPECTION_READ] =	{ "inspection.read",	"-AOIS--" },
	[ACT_INSPECTION_WRITE] = { "inspection.write",	"-AOI---" },
	[ACT_SELF_INSPECTION_WRITE] = { "inspection.self", "-AOIS--" },
	/* Only with the grant option "discipline" (below). */
	[ACT_DISCIPLINE_READ] =	{ "discipline.read",	"-------" },
	[ACT_DISCIPLINE_WRITE] = { "discipline.write",	"-------" },
	[ACT_EVAL_READ] =	{ "evaluation.read",	"-AOIS--" },
	[ACT_EVAL_SELF] =	{ "evaluation.self",	"-AO-S--" },
	[ACT_EVAL_COMMENT] =	{ "evaluation.comment",	"-AO-SM-" },
	[ACT_EVAL_PROPOSE] =	{ "evaluation.propose",	"-AO-S--" },
	[ACT_EVAL_DECIDE] =	{ "evaluation.decide",	"-AO----" },
	[ACT_EVAL_MANAGE] =	{ "evaluation.manage",	"-AO----" },
	[ACT_DASHBOARD_READ] =	{ "dashboard.read",	"-AOIS-V" },
};

/* What anyone may do with its own member record, grant or not: read it,
 * personal fields included, find it in a list, read and write its own
 * evaluation. */
#define OWN_ACTION(a)	((a) == ACT_MEMBER_READ || \
	(a) == ACT_MEMBER_PERSONAL || (a) == ACT_MEMBER_LIST || \
	(a) == ACT_EVAL_READ || (a) == ACT_EVAL_SELF)

#define SIBLING		"/0000000001/0000000005/"
#define PARENT		"/0000000001/"
#define PREFIX_TRAP	"/0000000001/0000000020/"
#define OWN_ID		42

/* What a scope case expects, given the cell of the matrix. */
enum rule {
	R_CELL,		/* the cell: inside the grant's subtree */
	R_ADMIN,	/* outside the subtree, or installation-wide: no
			 * role, admin neither (a grant below the root is
			 * scoped like any other; issue 12) */
	R_CELL_OR_OWN,	/* the cell, or an own-record action */
	R_ADMIN_OR_OWN,	/* an own-record action only */
	R_SEES,		/* every role sees its subtree (principal_sees) */
	R_SEES_ADMIN,	/* outside it: nobody sees (admin neither) */
};

enum check { C_CAN, C_MAY, C_MAY_MEMBER, C_SCOPE, C_SEES };

/*
 * The scope cases.  The principal has one grant of the role on
 * COMMITTEE; with own, it also has member record OWN_ID, which belongs to
 * SIBLING (outside the grant).
 */
static const struct scope_case {
	const char	*name;
	enum check	 check;
	bool		 own;
	const char	*path;
	int64_t		 member;	/* for C_MAY_MEMBER */
	enum rule	 rule;
} scope_cases[] = {
	{ "can (anywhere)", C_CAN, false, NULL, 0, R_CELL },
	{ "the grant's organisation", C_MAY, false, COMMITTEE, 0, R_CELL },
	{ "inside the subtree", C_MAY, false, CELL_A, 0, R_CELL },
	{ "deep inside the subtree", C_MAY, false, CELL_A "0000000009/", 0,
	    R_CELL },
	{ "outside: a sibling", C_MAY, false, SIBLING, 0, R_ADMIN },
	{ "outside: the parent", C_MAY, false, PARENT, 0, R_ADMIN },
	{ "outside: a digit prefix", C_MAY, false, PREFIX_TRAP, 0, R_ADMIN },
	{ "installation-wide", C_MAY, false, NULL, 0, R_ADMIN },
	{ "scope roots", C_SCOPE, false, NULL, 0, R_CELL },
	{ "sees the subtree", C_SEES, false, CELL_A, 0, R_SEES },
	{ "sees a sibling", C_SEES, false, SIBLING, 0, R_SEES_ADMIN },
	{ "sees installation-wide", C_SEES, false, NULL, 0, R_SEES_ADMIN },
	{ "another's record inside", C_MAY_MEMBER, false, CELL_A, 43,
	    R_CELL },
	{ "another's record outside", C_MAY_MEMBER, false, SIBLING, 43,
	    R_ADMIN },
	{ "can, with an own record", C_CAN, true, NULL, 0, R_CELL_OR_OWN },
	{ "own record outside the subtree", C_MAY_MEMBER, true, SIBLING,
	    OWN_ID, R_ADMIN_OR_OWN },
	{ "own record inside the subtree", C_MAY_MEMBER, true, CELL_A,
	    OWN_ID, R_CELL_OR_OWN },
	{ "another's record in the own cell", C_MAY_MEMBER, true, SIBLING,
	    43, R_ADMIN },
	{ "the own cell itself", C_MAY, true, SIBLING, 0, R_ADMIN },
	{ "sees the own cell", C_SEES, true, SIBLING, 0, R_SEES },
};

static bool
expect_cell(enum role r, enum action a)
{
	return policy_expected[a].roles[r] != '-';
}

static bool
expect_case(const struct scope_case *c, enum role r, enum action a)
{
	bool cell = expect_cell(r, a);

	switch (c->rule) {
	case R_CELL:
		return cell;
	case R_ADMIN:
		return false;
	case R_CELL_OR_OWN:
		return cell || OWN_ACTION(a);
	case R_ADMIN_OR_OWN:
		return OWN_ACTION(a);
	case R_SEES:
		/* A grant without a known role shows nothing (the own
		 * record's cell is no grant's). */
		return r != ROLE_NONE || c->own;
	case R_SEES_ADMIN:
		return false;
	}
	return false;
}

/* What the policy answers for c; for C_SCOPE, whether the roots are
 * those of an allowed action (fails the cell when they are neither). */
static bool
answer(const struct principal *p, const struct scope_case *c, enum role r,
    enum action a, bool *odd)
{
	const char *roots[4] = { NULL };
	int n;

	(void)r;
	*odd = false;
	switch (c->check) {
	case C_CAN:
		return principal_can(p, a);
	case C_MAY:
		return principal_may(p, a, c->path);
	case C_MAY_MEMBER:
		return principal_may_member(p, a, c->member, c->path);
	case C_SEES:
		return principal_sees(p, c->path);
	case C_SCOPE:
		n = principal_scope(p, a, roots, 4);
		if (n == 0)
			return false;
		if (n == 1 && roots[0] != NULL &&
		    strcmp(roots[0], COMMITTEE) == 0)
			return true;
		*odd = true;
		return true;
	}
	*odd = true;
	return false;
}

static void
test_policy_matrix(void **state)
{
	struct principal p;
	char own_path[] = SIBLING;
	int r, a, failed = 0, checked = 0;
	size_t i;

	(void)state;
	assert_int_equal(strlen(policy_columns), ROLE__MAX);
	for (r = ROLE_NONE + 1; r < ROLE__MAX; r++)
		if (role_name((enum role)r) == NULL ||
		    toupper((unsigned char)role_name((enum role)r)[0]) !=
		    policy_columns[r]) {
			print_error("role %d (%s) is not column '%c'\n", r,
			    role_name((enum role)r) ? role_name((enum role)r) :
			    "?", policy_columns[r]);
			failed++;
		}
	for (a = 0; a < ACT__MAX; a++) {
		const char *row = policy_expected[a].roles;

		if (row == NULL || strlen(row) != ROLE__MAX ||
		    action_name((enum action)a) == NULL ||
		    strcmp(action_name((enum action)a),
		    policy_expected[a].action) != 0) {
			print_error("action %d (%s): no row, or not the row "
			    "of the docs\n", a, action_name((enum action)a) ?
			    action_name((enum action)a) : "?");
			failed++;
			continue;
		}
		for (r = 0; r < ROLE__MAX; r++)
			if (row[r] != '-' && row[r] != policy_columns[r]) {
				print_error("%s: '%c' in column '%c'\n",
				    policy_expected[a].action, row[r],
				    policy_columns[r]);
				failed++;
			}
	}
	assert_int_equal(failed, 0);

	for (r = ROLE_NONE; r < ROLE__MAX; r++) {
		for (i = 0; i < sizeof(scope_cases) / sizeof(*scope_cases);
		    i++) {
			const struct scope_case *c = &scope_cases[i];

			one(&p, (enum role)r, COMMITTEE, c->own ? OWN_ID : 0);
			if (c->own)
				p.member_org_path = strdup(own_path);
			for (a = 0; a < ACT__MAX; a++) {
				bool odd, want, got;

				want = expect_case(c, (enum role)r,
				    (enum action)a);
				got = answer(&p, c, (enum role)r,
				    (enum action)a, &odd);
				checked++;
				if (want == got && !odd)
					continue;
				print_error("%s x %s, %s: expected %s, got "
				    "%s\n", r == ROLE_NONE ? "(no role)" :
				    role_name((enum role)r),
				    action_name((enum action)a), c->name,
				    want ? "allow" : "deny", odd ?
				    "odd scope roots" : got ? "allow" :
				    "deny");
				failed++;
			}
			principal_release(&p);
		}
	}
	assert_int_equal(failed, 0);
	assert_true(checked >= ROLE__MAX * ACT__MAX * 10);
}

/* The two principals outside the table: the system may do everything,
 * anywhere; nobody (no grant, no record) nothing, and sees nothing. */
/* Issue 12: an admin grant covers its organisation's subtree only; a
 * global administrator is an admin grant on a root organisation.  A grant
 * with no known role covers and shows nothing. */
static void
test_admin_scoped(void **state)
{
	const char *roots[2] = { NULL };
	struct principal p;

	(void)state;
	one(&p, ROLE_ADMIN, COMMITTEE, 0);
	assert_false(grant_global(&p.grants[0]));
	assert_true(principal_may(&p, ACT_MEMBER_WRITE, CELL_A));
	assert_true(principal_may(&p, ACT_USER_ADMIN, COMMITTEE));
	assert_true(principal_can(&p, ACT_USER_ADMIN));
	assert_false(principal_may(&p, ACT_MEMBER_READ, SIBLING));
	assert_false(principal_may(&p, ACT_MEMBER_EXPORT, PARENT));
	assert_false(principal_may(&p, ACT_ORG_WRITE, NULL));
	assert_false(principal_may(&p, ACT_USER_ADMIN, NULL));
	assert_false(principal_may(&p, ACT_RULES_WRITE, SIBLING));
	assert_false(principal_sees(&p, SIBLING));
	assert_false(principal_sees(&p, NULL));
	assert_int_equal(principal_scope(&p, ACT_AUDIT_READ, roots, 2), 1);
	assert_string_equal(roots[0], COMMITTEE);
	principal_release(&p);

	one(&p, ROLE_ADMIN, PARENT, 0);
	assert_true(grant_global(&p.grants[0]));
	assert_true(principal_may(&p, ACT_USER_ADMIN, NULL));
	assert_true(principal_may(&p, ACT_ORG_WRITE, NULL));
	assert_true(principal_may(&p, ACT_MEMBER_WRITE, "/0000000099/"));
	assert_true(principal_sees(&p, NULL));
	assert_int_equal(principal_scope(&p, ACT_AUDIT_READ, NULL, 0), -1);
	principal_release(&p);

	/* Any other role on a root is no global anything. */
	one(&p, ROLE_OFFICE, PARENT, 0);
	assert_false(grant_global(&p.grants[0]));
	assert_false(principal_may(&p, ACT_ORG_WRITE, NULL));
	assert_int_equal(principal_scope(&p, ACT_AUDIT_READ, roots, 2), 1);
	principal_release(&p);

	/* A grant whose role is unknown (ROLE_NONE): nothing. */
	one(&p, ROLE_NONE, COMMITTEE, 0);
	assert_false(principal_sees(&p, CELL_A));
	assert_false(principal_may(&p, ACT_ORG_READ, CELL_A));
	assert_int_equal(principal_scope(&p, ACT_ORG_READ, roots, 2), 0);
	principal_release(&p);
}

static void
test_policy_system_and_nobody(void **state)
{
	struct principal sys, none;
	const char *roots[4];
	int a;

	(void)state;
	assert_int_equal(principal_system(&sys, "cli:test"), 0);
	principal_init(&none);
	for (a = 0; a < ACT__MAX; a++) {
		assert_true(principal_can(&sys, (enum action)a));
		assert_true(principal_may(&sys, (enum action)a, NULL));
		assert_true(principal_may(&sys, (enum action)a, SIBLING));
		assert_true(principal_may_member(&sys, (enum action)a, 43,
		    SIBLING));
		assert_int_equal(principal_scope(&sys, (enum action)a, roots,
		    4), -1);
		assert_false(principal_can(&none, (enum action)a));
		assert_false(principal_may(&none, (enum action)a, NULL));
		assert_false(principal_may(&none, (enum action)a, CELL_A));
		assert_false(principal_may_member(&none, (enum action)a, 0,
		    CELL_A));
		assert_int_equal(principal_scope(&none, (enum action)a, roots,
		    4), 0);
	}
	assert_true(principal_sees(&sys, NULL));
	assert_false(principal_sees(&none, CELL_A));
	assert_false(principal_sees(&none, NULL));
	principal_release(&sys);
	principal_release(&none);
}

/* A member without any grant: its own record (read, personal fields,
 * lists), its cell visible (so its figures are 403, not 404), nothing
 * else. */
static void
test_policy_member_without_grant(void **state)
{
	struct principal p;
	const char *roots[4];
	int a;

	(void)state;
	principal_init(&p);
	p.user_id = 7;
	p.member_id = OWN_ID;
	p.member_org_path = strdup(CELL_A);
	for (a = 0; a < ACT__MAX; a++) {
		bool own = OWN_ACTION(a);

		assert_int_equal(principal_can(&p, (enum action)a), own);
		assert_int_equal(principal_may_member(&p, (enum action)a,
		    OWN_ID, CELL_A), own);
		assert_false(principal_may_member(&p, (enum action)a, 43,
		    CELL_A));
		assert_false(principal_may(&p, (enum action)a, CELL_A));
		assert_int_equal(principal_scope(&p, (enum action)a, roots,
		    4), 0);
	}
	assert_true(principal_sees(&p, CELL_A));
	assert_false(principal_sees(&p, CELL_A "0000000009/"));
	assert_false(principal_sees(&p, CELL_B));
	assert_false(principal_sees(&p, NULL));
	principal_release(&p);
}

static void
test_scope_roots(void **state)
{
	struct principal p;
	struct grant g = { 0 };
	const char *roots[4];
	char a[] = CELL_A, b[] = CELL_B, c[] = COMMITTEE;

	(void)state;
	one(&p, ROLE_SECRETARY, CELL_A, 0);
	g.role = ROLE_SECRETARY;
	g.org_path = b;
	principal_add_grant(&p, &g);
	assert_int_equal(principal_scope(&p, ACT_MEMBER_LIST, roots, 4), 2);
	assert_string_equal(roots[0], CELL_A);
	assert_string_equal(roots[1], CELL_B);
	/* A grant over both makes them one root. */
	g.role = ROLE_VIEWER;
	g.org_path = c;
	principal_add_grant(&p, &g);
	assert_int_equal(principal_scope(&p, ACT_MEMBER_LIST, roots, 4), 1);
	assert_string_equal(roots[0], COMMITTEE);
	/* ...but not for an action the viewer lacks. */
	assert_int_equal(principal_scope(&p, ACT_MEMBER_READ, roots, 4), 2);
	/* The same root twice counts once. */
	g.role = ROLE_SECRETARY;
	g.org_path = a;
	principal_add_grant(&p, &g);
	assert_int_equal(principal_scope(&p, ACT_MEMBER_READ, roots, 4), 2);
	principal_release(&p);
}

static void
test_username(void **state)
{
	(void)state;
	assert_true(username_valid("vanphong"));
	assert_true(username_valid("bi.thu-01"));
	assert_false(username_valid("Vanphong"));
	assert_false(username_valid("a"));
	assert_false(username_valid(".hidden"));
	assert_false(username_valid("tên"));
	assert_false(username_valid("a b"));
}

/* A chain of n entries, as the store writes them. */
static void
chain(struct audit_entry *e, int n)
{
	const char *prev = audit_genesis;
	int i;

	for (i = 0; i < n; i++) {
		audit_entry_init(&e[i]);
		e[i].id = i + 1;
		snprintf(e[i].at, sizeof(e[i].at), "2026-11-25T10:00:%02dZ",
		    i % 60);
		e[i].actor = strdup("vanphong");
		e[i].user_id = 2;
		e[i].addr = strdup("127.0.0.1");
		e[i].action = strdup("member.update");
		e[i].object_type = strdup("member");
		e[i].object_id = 100 + i;
		e[i].org_id = 3;
		e[i].before = strdup("{\"phone\":\"0912345678\"}");
		e[i].after = strdup("{\"phone\":\"0987654321\"}");
		memcpy(e[i].prev_hash, prev, AUDIT_HASH_LEN);
		assert_int_equal(audit_hash(&e[i], prev, e[i].hash), 0);
		prev = e[i].hash;
	}
}

/* Verifies entries in the given order against the head of the chain. */
static bool
verify(struct audit_entry **order, int n, const struct audit_entry *head,
    struct audit_verify *v)
{
	int i;

	audit_verify_init(v);
	for (i = 0; i < n; i++)
		audit_verify_step(v, order[i]);
	return audit_verify_end(v, head ? head->id : 0,
	    head ? head->hash : audit_genesis, n);
}

static void
test_chain(void **state)
{
	struct audit_entry e[5], *order[5];
	struct audit_verify v;
	char saved[64];
	int i;

	(void)state;
	chain(e, 5);
	for (i = 0; i < 5; i++)
		order[i] = &e[i];
	assert_true(verify(order, 5, &e[4], &v));
	assert_int_equal(v.count, 5);
	assert_int_equal(v.bad_id, 0);

	/* An altered field. */
	memcpy(saved, e[2].after, strlen(e[2].after) + 1);
	e[2].after[10] = 'X';
	assert_false(verify(order, 5, &e[4], &v));
	assert_int_equal(v.bad_id, 3);
	assert_string_equal(v.bad_code, "altered");
	memcpy(e[2].after, saved, strlen(saved) + 1);
	e[2].object_id++;
	assert_false(verify(order, 5, &e[4], &v));
	assert_int_equal(v.bad_id, 3);
	e[2].object_id--;

	/* A removed entry in the middle. */
	order[2] = &e[3];
	order[3] = &e[4];
	assert_false(verify(order, 4, &e[4], &v));
	assert_int_equal(v.bad_id, 4);
	assert_string_equal(v.bad_code, "gap");

	/* Two entries swapped, ids rewritten to hide it. */
	order[2] = &e[2];
	order[3] = &e[3];
	e[2].id = 4;
	e[3].id = 3;
	order[2] = &e[3];
	order[3] = &e[2];
	assert_false(verify(order, 5, &e[4], &v));
	assert_int_equal(v.bad_id, 3);
	e[2].id = 3;
	e[3].id = 4;
	order[2] = &e[2];
	order[3] = &e[3];
	assert_true(verify(order, 5, &e[4], &v));

	/* The newest removed: the head says there was a fifth. */
	assert_false(verify(order, 4, &e[4], &v));
	assert_int_equal(v.bad_id, 5);
	assert_string_equal(v.bad_code, "truncated");

	/* A rewritten chain from the start (new hashes) does not match the
	 * head kept elsewhere. */
	{
		struct audit_entry f[5];

		chain(f, 5);
		free(f[0].actor);
		f[0].actor = strdup("someone");
		audit_hash(&f[0], audit_genesis, f[0].hash);
		for (i = 1; i < 5; i++) {
			memcpy(f[i].prev_hash, f[i - 1].hash, AUDIT_HASH_LEN);
			audit_hash(&f[i], f[i].prev_hash, f[i].hash);
		}
		for (i = 0; i < 5; i++)
			order[i] = &f[i];
		assert_false(verify(order, 5, &e[4], &v));
		assert_string_equal(v.bad_code, "head_mismatch");
		for (i = 0; i < 5; i++)
			audit_entry_release(&f[i]);
	}
	/* An empty trail verifies against an empty head. */
	assert_true(verify(order, 0, NULL, &v));
	for (i = 0; i < 5; i++)
		audit_entry_release(&e[i]);
}

/* The serialisation is unambiguous: moving text between fields changes
 * the hash. */
static void
test_hash_fields(void **state)
{
	struct audit_entry a, b;
	char ha[AUDIT_HASH_LEN], hb[AUDIT_HASH_LEN];

	(void)state;
	audit_entry_init(&a);
	audit_entry_init(&b);
	a.actor = strdup("ab");
	a.addr = strdup("c");
	b.actor = strdup("a");
	b.addr = strdup("bc");
	audit_hash(&a, audit_genesis, ha);
	audit_hash(&b, audit_genesis, hb);
	assert_string_not_equal(ha, hb);
	free(b.addr);
	b.addr = NULL;
	free(b.actor);
	b.actor = strdup("ab");
	audit_hash(&b, audit_genesis, hb);
	assert_string_not_equal(ha, hb);	/* NULL differs from "c" */
	audit_entry_release(&a);
	audit_entry_release(&b);
}

/* Every row is in the chain (finding 11): an entry numbered 0 or below,
 * a repeated one, one after the head, a row the walk did not see; and an
 * entry the store read inexactly (a stored 0, a fraction of a second). */
static void
test_chain_extra(void **state)
{
	struct audit_entry e[4], forged, *order[5];
	struct audit_verify v;
	int i;

	(void)state;
	chain(e, 4);
	/* A forged row numbered 0 (or -5), even well hashed after genesis. */
	audit_entry_init(&forged);
	forged.action = strdup("member.delete");
	memcpy(forged.prev_hash, audit_genesis, AUDIT_HASH_LEN);
	for (i = 0; i >= -5; i -= 5) {
		forged.id = i;
		audit_hash(&forged, audit_genesis, forged.hash);
		order[0] = &forged;
		for (int k = 0; k < 4; k++)
			order[k + 1] = &e[k];
		assert_false(verify(order, 5, &e[3], &v));
		assert_int_equal(v.bad_id, i);
		assert_string_equal(v.bad_code, "extra");
	}
	/* A repeated id. */
	order[0] = &e[0];
	order[1] = &e[1];
	order[2] = &e[1];
	order[3] = &e[2];
	order[4] = &e[3];
	assert_false(verify(order, 5, &e[3], &v));
	assert_int_equal(v.bad_id, 2);
	assert_string_equal(v.bad_code, "extra");
	/* Entries after the head. */
	for (i = 0; i < 4; i++)
		order[i] = &e[i];
	assert_false(verify(order, 4, &e[2], &v));
	assert_int_equal(v.bad_id, 4);
	assert_string_equal(v.bad_code, "extra");
	/* More rows in the table than the walk saw. */
	audit_verify_init(&v);
	for (i = 0; i < 4; i++)
		audit_verify_step(&v, order[i]);
	assert_false(audit_verify_end(&v, 4, e[3].hash, 5));
	assert_string_equal(v.bad_code, "extra");
	/* Read inexactly: altered, although the fields hash right. */
	e[1].inexact = true;
	assert_false(verify(order, 4, &e[3], &v));
	assert_int_equal(v.bad_id, 2);
	assert_string_equal(v.bad_code, "altered");
	e[1].inexact = false;
	assert_true(verify(order, 4, &e[3], &v));
	audit_entry_release(&forged);
	for (i = 0; i < 4; i++)
		audit_entry_release(&e[i]);
}

/* Format 2 hashes an absent id (0, stored as NULL) apart from every
 * number; format 1 entries still verify below the first id of format 2,
 * and only there (finding 13, the hash change). */
static void
test_hash_formats(void **state)
{
	struct audit_entry e[4], *order[4];
	char h1[AUDIT_HASH_LEN], h2[AUDIT_HASH_LEN];
	struct audit_verify v;
	const char *prev = audit_genesis;
	int i;

	(void)state;
	chain(e, 4);
	e[0].user_id = 0;
	assert_int_equal(audit_hash_format(&e[0], prev, 1, h1), 0);
	assert_int_equal(audit_hash_format(&e[0], prev, 2, h2), 0);
	assert_string_not_equal(h1, h2);
	assert_int_equal(audit_hash(&e[0], prev, h1), 0);
	assert_string_equal(h1, h2);	/* current = 2 */
	assert_int_equal(audit_hash_format(&e[0], prev, 3, h1), -CB_EINVAL);
	/* Entries 1-2 in format 1, 3-4 in format 2. */
	for (i = 0; i < 4; i++) {
		memcpy(e[i].prev_hash, prev, AUDIT_HASH_LEN);
		audit_hash_format(&e[i], prev, i < 2 ? 1 : 2, e[i].hash);
		prev = e[i].hash;
		order[i] = &e[i];
	}
	audit_verify_init(&v);
	v.format2_from = 3;
	for (i = 0; i < 4; i++)
		audit_verify_step(&v, order[i]);
	assert_true(audit_verify_end(&v, 4, e[3].hash, 4));
	/* The boundary moved either way: an entry checked with the other
	 * formula fails. */
	for (i = 2; i <= 4; i += 2) {
		audit_verify_init(&v);
		v.format2_from = i;
		audit_verify_step(&v, order[0]);
		audit_verify_step(&v, order[1]);
		audit_verify_step(&v, order[2]);
		audit_verify_step(&v, order[3]);
		assert_false(audit_verify_end(&v, 4, e[3].hash, 4));
		assert_string_equal(v.bad_code, "altered");
		assert_int_equal(v.bad_id, i == 2 ? 2 : 3);
	}
	for (i = 0; i < 4; i++)
		audit_entry_release(&e[i]);
}

/* A published head: found, rewound past, rewritten; the line. */
static void
test_published_head(void **state)
{
	struct audit_entry e[4], f[4], *order[4];
	char line[AUDIT_HEAD_LINE_MAX], hash[AUDIT_HASH_LEN];
	struct audit_verify v;
	int64_t id;
	int i;

	(void)state;
	chain(e, 4);
	chain(f, 4);
	free(f[1].actor);
	f[1].actor = strdup("someone");
	for (i = 1; i < 4; i++) {
		memcpy(f[i].prev_hash, f[i - 1].hash, AUDIT_HASH_LEN);
		audit_hash(&f[i], f[i].prev_hash, f[i].hash);
	}
	for (i = 0; i < 4; i++)
		order[i] = &e[i];
	audit_head_line(3, e[2].hash, e[2].at, line);
	assert_int_equal(audit_head_parse(line, &id, hash), 0);
	assert_int_equal(id, 3);
	assert_string_equal(hash, e[2].hash);
	/* Found. */
	audit_verify_init(&v);
	audit_verify_expect(&v, id, hash);
	for (i = 0; i < 4; i++)
		audit_verify_step(&v, order[i]);
	assert_true(audit_verify_end(&v, 4, e[3].hash, 4));
	/* Rewound: the chain (head moved back too) ends before it. */
	audit_verify_init(&v);
	audit_verify_expect(&v, id, hash);
	for (i = 0; i < 2; i++)
		audit_verify_step(&v, order[i]);
	assert_false(audit_verify_end(&v, 2, e[1].hash, 2));
	assert_string_equal(v.bad_code, "rewound");
	assert_int_equal(v.bad_id, 3);
	/* Rewritten from entry 2 on (a whole new, consistent chain). */
	audit_verify_init(&v);
	audit_verify_expect(&v, id, hash);
	for (i = 0; i < 4; i++)
		audit_verify_step(&v, &f[i]);
	assert_false(audit_verify_end(&v, 4, f[3].hash, 4));
	assert_string_equal(v.bad_code, "rewritten");
	assert_int_equal(v.bad_id, 3);
	/* The empty chain's head. */
	audit_head_line(0, audit_genesis, NULL, line);
	assert_int_equal(audit_head_parse(line, &id, hash), 0);
	audit_verify_init(&v);
	audit_verify_expect(&v, id, hash);
	assert_true(audit_verify_end(&v, 0, audit_genesis, 0));
	/* Lines that are not heads. */
	assert_int_equal(audit_head_parse("", &id, hash), -CB_EINVAL);
	assert_int_equal(audit_head_parse("3", &id, hash), -CB_EINVAL);
	assert_int_equal(audit_head_parse("-3 abc", &id, hash), -CB_EINVAL);
	line[10] = 'Z';
	assert_int_equal(audit_head_parse(line, &id, hash), -CB_EINVAL);
	assert_int_equal(audit_head_parse("99999999999999999999 "
	    "0000000000000000000000000000000000000000000000000000000000000000",
	    &id, hash), -CB_EINVAL);
	for (i = 0; i < 4; i++) {
		audit_entry_release(&e[i]);
		audit_entry_release(&f[i]);
	}
}

static void
test_passwords(void **state)
{
	char h[HASH_PASSWORD_LEN], t1[64], t2[64];

	(void)state;
	assert_int_equal(hash_init(), 0);
	assert_int_equal(hash_password("correct horse", h), 0);
	assert_non_null(strstr(h, "$argon2id$"));
	assert_true(hash_password_ok(h, "correct horse"));
	assert_false(hash_password_ok(h, "correct horsE"));
	hash_random_token(32, t1, sizeof(t1));
	hash_random_token(32, t2, sizeof(t2));
	assert_int_equal(strlen(t1), 43);
	assert_string_not_equal(t1, t2);
	assert_true(hash_equal(t1, t1));
	assert_false(hash_equal(t1, t2));
	assert_false(hash_equal("abc", "abcd"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles_and_scope),
		cmocka_unit_test(test_grant_option_contacts),
		cmocka_unit_test(test_grant_option_discipline),
		cmocka_unit_test(test_policy_matrix),
		cmocka_unit_test(test_admin_scoped),
		cmocka_unit_test(test_policy_system_and_nobody),
		cmocka_unit_test(test_policy_member_without_grant),
		cmocka_unit_test(test_scope_roots),
		cmocka_unit_test(test_username),
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_hash_fields),
		cmocka_unit_test(test_chain_extra),
		cmocka_unit_test(test_hash_formats),
		cmocka_unit_test(test_published_head),
		cmocka_unit_test(test_passwords),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
