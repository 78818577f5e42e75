/*
 * testlib.h - helpers shared by the test programs.
 *
 * Store and API tests run once per backend: the meson test passes "sqlite"
 * or "pg" as argv[1].  PostgreSQL tests need CHIBO_TEST_PG, an admin URL of
 * the throw-away server that scripts/test.sh starts on 127.0.0.1; without
 * it they exit 77 (skipped) -- but scripts/test.sh always sets it, so
 * `make test` runs every test on both backends.
 */
#ifndef CHIBO_TESTLIB_H
#define CHIBO_TESTLIB_H

#include <stdbool.h>
#include <stddef.h>

#define TEST_SKIP 77

struct rulebook;

/* The built-in rulebook (rules/vn.json) in *rb, with the text functions
 * (ICU) ready: the fixture of the unit tests of rules.  0, or -1 with a
 * message on stderr.  test_rules_release undoes both. */
int test_rules_load(struct rulebook *rb);
void test_rules_release(struct rulebook *rb);

/* argv[1] of a per-backend test: "sqlite" or "pg" (default "sqlite"). */
const char *test_backend(int argc, char **argv);

/*
 * A fresh, empty database for this test: a new SQLite file in a temporary
 * directory, or a new PostgreSQL database created through CHIBO_TEST_PG
 * (dropped first if it exists).  name makes it unique per test program.
 * Exits 77 if the backend is "pg" and CHIBO_TEST_PG is not set.
 * Returns a malloc'd URL (caller frees).
 */
char *test_db_url(const char *backend, const char *name);
/* Removes what test_db_url(backend, name) made (url is what it returned):
 * the SQLite file, its -wal and -shm and its directory, or the PostgreSQL
 * database. */
void test_db_drop(const char *backend, const char *name, const char *url);

/* Path of the built chibo binary (CHIBO_BIN, set by tests/meson.build). */
const char *test_chibo_bin(void);

/* Directory with test data files (CHIBO_TEST_DATA). */
const char *test_data_dir(void);

/* Reads a whole file; malloc'd, NUL-terminated; NULL on error. */
char *test_read_file(const char *path, size_t *ret_len);

#endif
