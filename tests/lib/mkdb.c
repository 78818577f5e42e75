/*
 * mkdb.c - prints the URL of a fresh, empty database for a test written
 * in another language: `mkdb sqlite|pg NAME`.  See test_db_url().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

int
main(int argc, char **argv)
{
	char *url;

	if (argc != 3 || (strcmp(argv[1], "sqlite") && strcmp(argv[1], "pg"))) {
		fputs("usage: mkdb sqlite|pg NAME\n", stderr);
		return 2;
	}
	url = test_db_url(argv[1], argv[2]);
	puts(url);
	free(url);
	return 0;
}
