/*
 * test-util-config.c - util/config: chibo.conf's lines, its keys (the
 * environment variables'), the form of each value, and errors that name
 * FILE:LINE.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util/config.h"

static int
parse(const char *text, struct config *c, struct cb_error *err)
{
	return config_parse(text, strlen(text), "chibo.conf", c, err);
}

/* Asserts that text fails with mcode, naming where (and the field error's
 * code when fcode is not NULL). */
static void
assert_fails(const char *text, const char *mcode, const char *where,
    const char *fcode)
{
	struct cb_error err = CB_ERROR_INIT;
	struct config c = { NULL, 0 };

	assert_int_equal(parse(text, &c, &err), -CB_EINVAL);
	assert_null(c.items);
	assert_int_equal(c.n, 0);
	assert_string_equal(err.mcode, mcode);
	assert_string_equal(err.arg, where);
	if (fcode != NULL) {
		assert_int_equal(err.nfields, 1);
		assert_string_equal(err.fields[0].code, fcode);
	} else
		assert_int_equal(err.nfields, 0);
	cb_error_release(&err);
}

static void
test_lines(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct config c;

	(void)state;
	assert_int_equal(parse("# chibo\n"
	                       "\n"
	                       "   \t\n"
	                       "CHIBO_DB=/var/lib/chibo/chibo.db\n"
	                       "  CHIBO_LISTEN = 127.0.0.1:8080  \r\n"
	                       "\t# indented comment\n"
	                       "CHIBO_WEB=\n"
	                       "CHIBO_ACCESS_LOG=1",
	                     &c, &err),
	    0);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.items[0].key, "CHIBO_DB");
	assert_string_equal(c.items[0].value, "/var/lib/chibo/chibo.db");
	assert_int_equal(c.items[0].line, 4);
	assert_string_equal(c.items[1].key, "CHIBO_LISTEN");
	assert_string_equal(c.items[1].value, "127.0.0.1:8080");
	assert_int_equal(c.items[1].line, 5);
	assert_string_equal(c.items[2].key, "CHIBO_WEB");
	assert_string_equal(c.items[2].value, "");
	assert_string_equal(c.items[3].value, "1");
	assert_int_equal(c.items[3].line, 8);
	config_release(&c);

	/* A value keeps its inner '=' and '#'. */
	assert_int_equal(parse("CHIBO_DB=postgresql://u@h/db?sslmode=require"
	                       "#x\n",
	                     &c, &err),
	    0);
	assert_string_equal(c.items[0].value,
	    "postgresql://u@h/db?sslmode=require#x");
	config_release(&c);

	/* Empty and comment-only files. */
	assert_int_equal(parse("", &c, &err), 0);
	assert_int_equal(c.n, 0);
	assert_int_equal(parse("# nothing\n", &c, &err), 0);
	assert_int_equal(c.n, 0);
	assert_int_equal(err.code, CB_OK);
}

static void
test_errors(void **state)
{
	(void)state;
	assert_fails("CHIBO_DB=x\nCHIBO_DBB=y\n", "config_unknown_key",
	    "chibo.conf:2: CHIBO_DBB", NULL);
	assert_fails("chibo_db=x\n", "config_unknown_key",
	    "chibo.conf:1: chibo_db", NULL);
	assert_fails("# a\nCHIBO_DB\n", "config_syntax", "chibo.conf:2",
	    NULL);
	assert_fails("=x\n", "config_syntax", "chibo.conf:1", NULL);
	assert_fails("CHIBO DB=x\n", "config_syntax", "chibo.conf:1", NULL);
	assert_fails("export CHIBO_DB=x\n", "config_syntax", "chibo.conf:1",
	    NULL);
	assert_fails("CHIBO_DB=a\x1b[31m\n", "config_syntax", "chibo.conf:1",
	    NULL);
	assert_fails("CHIBO_DB=a\n\nCHIBO_DB=b\n", "config_duplicate_key",
	    "chibo.conf:3: CHIBO_DB", NULL);
	assert_fails("CHIBO_DB=\n", "config_bad_value",
	    "chibo.conf:1: CHIBO_DB", "config_expect_text");
	assert_fails("CHIBO_THREADS=0\n", "config_bad_value",
	    "chibo.conf:1: CHIBO_THREADS", "config_expect_int");
	assert_fails("\n\nCHIBO_THREADS=65\n", "config_bad_value",
	    "chibo.conf:3: CHIBO_THREADS", "config_expect_int");
	assert_fails("CHIBO_THREADS=4x\n", "config_bad_value",
	    "chibo.conf:1: CHIBO_THREADS", "config_expect_int");
	assert_fails("CHIBO_VIEW_WINDOW=-1\n", "config_bad_value",
	    "chibo.conf:1: CHIBO_VIEW_WINDOW", "config_expect_int");
	assert_fails("CHIBO_ACCESS_LOG=yes\n", "config_bad_value",
	    "chibo.conf:1: CHIBO_ACCESS_LOG", "config_expect_bool");
	assert_fails("CHIBO_TRUST_PROXY=true\n", "config_bad_value",
	    "chibo.conf:1: CHIBO_TRUST_PROXY", "config_expect_bool");
	assert_fails("CHIBO_AUTH_CACHE_TTL=nan\n", "config_bad_value",
	    "chibo.conf:1: CHIBO_AUTH_CACHE_TTL", "config_expect_number");
	assert_fails("CHIBO_AUTH_CACHE_TTL=3601\n", "config_bad_value",
	    "chibo.conf:1: CHIBO_AUTH_CACHE_TTL", "config_expect_number");
	assert_fails("CHIBO_TODAY=2026-02-30\n", "config_bad_value",
	    "chibo.conf:1: CHIBO_TODAY", "config_expect_date");
	assert_fails("CHIBO_LANG=fr\n", "config_bad_value",
	    "chibo.conf:1: CHIBO_LANG", "config_expect_lang");
	assert_fails("CHIBO_LISTEN=8080\n", "config_bad_value",
	    "chibo.conf:1: CHIBO_LISTEN", "config_expect_listen");
	assert_fails("CHIBO_LISTEN=::1:8080\n", "config_bad_value",
	    "chibo.conf:1: CHIBO_LISTEN", "config_expect_listen");
	assert_fails("CHIBO_LISTEN=127.0.0.1:65536\n", "config_bad_value",
	    "chibo.conf:1: CHIBO_LISTEN", "config_expect_listen");
}

/* A NUL inside the text is a syntax error, not the end of the file. */
static void
test_nul(void **state)
{
	static const char text[] = "CHIBO_DB=a\nCHIBO_DB\0=b\n";
	struct cb_error err = CB_ERROR_INIT;
	struct config c;

	(void)state;
	assert_int_equal(config_parse(text, sizeof(text) - 1, "f", &c, &err),
	    -CB_EINVAL);
	assert_string_equal(err.mcode, "config_syntax");
	assert_string_equal(err.arg, "f:2");
	cb_error_release(&err);
}

static void
test_check(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	size_t i;

	(void)state;
	assert_int_equal(config_check("CHIBO_LISTEN", "[::1]:0", "w", &err),
	    0);
	assert_int_equal(
	    config_check("CHIBO_LISTEN", "0.0.0.0:443", "w", &err), 0);
	assert_int_equal(
	    config_check("CHIBO_AUTH_CACHE_TTL", "0.5", "w", &err), 0);
	assert_int_equal(config_check("CHIBO_VIEW_WINDOW", "0", "w", &err),
	    0);
	assert_int_equal(config_check("CHIBO_DEBUG", "", "w", &err), 0);
	assert_int_equal(err.code, CB_OK);
	assert_int_equal(config_check("CHIBO_NOPE", "1", "$CHIBO_NOPE", &err),
	    -CB_EINVAL);
	assert_string_equal(err.mcode, "config_unknown_key");
	cb_error_release(&err);
	/* Every key is found by its name. */
	for (i = 0; i < config_nkeys; i++)
		assert_ptr_equal(config_key_find(config_keys[i].name),
		    &config_keys[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
