/*
 * testlib-rules.c - the built-in rulebook for unit tests of the rules (a
 * file of its own in the test library, so that programs that do not use
 * it need not link svc).
 */
#include "testlib.h"

#include <stdio.h>

#include "svc/svc.h"
#include "util/err.h"
#include "util/text.h"

int
test_rules_load(struct rulebook *rb)
{
	struct cb_error err = CB_ERROR_INIT;
	int rc;

	if (text_init() != 0) {
		fprintf(stderr, "text_init failed\n");
		return -1;
	}
	rc = rules_parse(chibo_rules_files[0].data, rb, &err);
	if (rc != 0)
		fprintf(stderr, "the built-in rulebook does not load: %s\n",
		    err.mcode ? err.mcode : "?");
	cb_error_release(&err);
	return rc == 0 ? 0 : -1;
}

void
test_rules_release(struct rulebook *rb)
{
	rulebook_release(rb);
	text_shutdown();
}
