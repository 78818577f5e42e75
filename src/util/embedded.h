/* embedded.h - files compiled into the binary by tools/embed.py. */
#ifndef CHIBO_UTIL_EMBEDDED_H
#define CHIBO_UTIL_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* base name, e.g. "0001-init.sql" */
	const char *data; /* contents, NUL-terminated */
	size_t len;
};

#endif
