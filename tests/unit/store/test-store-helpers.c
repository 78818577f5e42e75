/*
 * test-store-helpers.c - the store's pure helpers: path bounds, prefix
 * successors, sort names, URL kinds and the redaction of PostgreSQL
 * passwords from messages.  They do not depend on the backend, so they
 * run once here rather than once per backend in tests/store (opening a
 * PostgreSQL URL on a closed local port fails at once, with no server).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store-int.h"
#include "store/store.h"
#include "util/err.h"
#include "util/text.h"

static void
test_helpers(void **state)
{
	bool none;
	char *s;

	(void)state;
	s = path_upper("/1/5/");
	assert_string_equal(s, "/1/50");
	free(s);
	s = prefix_successor("nguyen", &none);
	assert_string_equal(s, "nguyeo");
	free(s);
	s = prefix_successor("a\xc3\xa9", &none);	/* é -> ê */
	assert_string_equal(s, "a\xc3\xaa");
	free(s);
	s = prefix_successor("a\x7f", &none);		/* crosses to 2 bytes */
	assert_string_equal(s, "a\xc2\x80");
	free(s);
	s = prefix_successor("a\xf4\x8f\xbf\xbf", &none); /* U+10FFFF */
	assert_string_equal(s, "b");
	free(s);
	assert_null(prefix_successor("", &none));
	assert_true(none);
	assert_string_equal(member_sort_name(MSORT_NAME_DESC), "-name");
	assert_int_equal(member_sort_parse("admitted_on"), MSORT_ADMITTED_ON);
	assert_int_equal(member_sort_parse("nope"), -1);
	assert_true(store_url_is_pg("postgres://x/y"));
	assert_true(store_url_is_pg("postgresql://x/y"));
	assert_false(store_url_is_pg("/tmp/x.db"));
}

/* Redacts s by url and checks the result. */
static void
assert_redacted(const char *s, const char *url, const char *want)
{
	char *r = url_redact(s, url);

	assert_non_null(r);
	assert_string_equal(r, want);
	free(r);
}

/* Opens url, which must fail, and checks that no part of secret is in
 * the error (its argument is shown to users, its detail logged). */
static void
assert_open_hides(const char *url, const char *secret)
{
	struct cb_error err = CB_ERROR_INIT;
	struct store *st = NULL;

	assert_int_equal(store_open(url, &st, &err), -CB_ESTORE);
	assert_null(st);
	assert_string_equal(err.mcode, "db_open_failed");
	assert_non_null(err.detail);
	if (strstr(err.detail, secret) != NULL ||
	    (err.arg != NULL && strstr(err.arg, secret) != NULL))
		fail_msg("\"%s\" shows in \"%s\" / \"%s\"", secret,
		    err.detail, err.arg ? err.arg : "");
	cb_error_release(&err);
}

static void
test_redaction(void **state)
{
	(void)state;
	assert_redacted("at postgresql://u:s3cret@h/db: no",
	    "postgresql://u:s3cret@h/db", "at postgresql://u:***@h/db: no");
	/* Raw and percent-decoded. */
	assert_redacted("token \"s3%25cr%zzet\", s3%cr%zzet",
	    "postgres://u:s3%25cr%zzet@h:5432/db",
	    "token \"***\", ***");
	/* A password parameter; other parameters stay. */
	assert_redacted("hunter22 sslmode=require",
	    "postgresql://u@h/db?sslmode=require&password=hunter22",
	    "*** sslmode=require");
	/* An unescaped '@': libpq takes the rest for the host. */
	assert_redacted("could not translate host name \"cret@127.0.0.1\"",
	    "postgresql://u:s3@cret@127.0.0.1/db",
	    "could not translate host name \"***@127.0.0.1\"");
	/* Nothing to hide. */
	assert_redacted("cannot open /tmp/a:b@c.db", "/tmp/a:b@c.db",
	    "cannot open /tmp/a:b@c.db");
	assert_redacted("u@h", "postgresql://u@h/db", "u@h");

	/* libpq quotes a malformed URL, or a part of it, in its error. */
	assert_open_hides("postgresql://u:pw-s3cret%zz@127.0.0.1:1/db",
	    "s3cret");
	assert_open_hides("postgresql://u:pw-s3cret@[::1:1/db", "s3cret");
	assert_open_hides("postgresql://u@127.0.0.1:1/db?password=pw-s3cret"
	    "&bogus=1", "s3cret");
	/* A mistyped scheme is a SQLite path, in no existing folder. */
	assert_open_hides("postgressql://u:pw-s3cret@127.0.0.1/db", "s3cret");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_redaction),
	};
	int rc;

	if (text_init() != 0) {
		fprintf(stderr, "text_init failed\n");
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	text_shutdown();
	return rc;
}
