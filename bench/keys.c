/*
 * keys.c - the derived name keys, as the store makes them (common.h).
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* --------------------------------------------------------- the keys */

int
name_keys_make(const char *full_name, struct name_keys *k)
{
	char *given = NULL, *family = NULL, *s = NULL;

	memset(k, 0, sizeof(*k));
	if ((k->name_fold = text_fold(full_name)) == NULL ||
	    text_name_split(full_name, &given, &family) != 0)
		goto fail;
	if (*family == '\0') {
		k->given_fold = text_fold(given);
	} else if (asprintf(&s, "%s %s", given, family) >= 0) {
		k->given_fold = text_fold(s);
		free(s);
	}
	free(given);
	free(family);
	if (k->given_fold == NULL ||
	    text_sort_key(full_name, &k->sort_key, &k->sort_key_len) != 0)
		goto fail;
	return 0;
fail:
	name_keys_free(k);
	return -1;
}

void
name_keys_free(struct name_keys *k)
{
	free(k->name_fold);
	free(k->given_fold);
	free(k->sort_key);
	memset(k, 0, sizeof(*k));
}
