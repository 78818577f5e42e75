/*
 * test-core-auth.c - the access policy (roles x actions, subtree scope)
 * and the audit hash chain: every kind of tampering is caught and named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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

	/* Admin: everything, installation-wide included. */
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
	    head ? head->hash : audit_genesis);
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
		cmocka_unit_test(test_scope_roots),
		cmocka_unit_test(test_username),
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_hash_fields),
		cmocka_unit_test(test_passwords),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
