/*
 * stmts-dump.c - prints a backend's statement table, one statement a line
 * ("index<TAB>SQL"), to prove that a change of stmts.def or of a backend's
 * stmts.c leaves the SQL text as it was.  Not built by meson:
 *
 *	cc -std=c17 -Isrc tools/stmts-dump.c src/store/sqlite/stmts.c \
 *	    src/store/pg/stmts.c -o /tmp/stmts-dump
 *	/tmp/stmts-dump sqlite > before-sqlite.txt
 *	/tmp/stmts-dump pg > before-pg.txt
 *
 * then the same after the change, and diff.
 */
#include <stdio.h>
#include <string.h>

#include "store/store-int.h"

int
main(int argc, char **argv)
{
	const char *(*sql)(enum stmt) = sqlite_stmt_sql;
	int i;

	if (argc != 2 || (strcmp(argv[1], "sqlite") != 0 &&
	    strcmp(argv[1], "pg") != 0)) {
		fprintf(stderr, "usage: stmts-dump sqlite|pg\n");
		return 2;
	}
	if (strcmp(argv[1], "pg") == 0)
		sql = pg_stmt_sql;
	for (i = 0; i < STMT__MAX; i++) {
		const char *s = sql((enum stmt)i);

		printf("%d\t%s\n", i, s != NULL ? s : "(missing)");
	}
	return 0;
}
