/*
 * config.h - chibo.conf, the configuration file: "KEY=value" lines whose
 * keys are the environment variables chibo reads (CHIBO_DB, CHIBO_LISTEN,
 * ...), "#" comments and blank lines.  Parsing and checking are pure (a
 * text in, entries or an error naming file:line out); cli/main.c reads
 * the file and applies it under the environment (an option beats the
 * environment, which beats the file, which beats the default).  The keys,
 * their forms and meanings: docs/deployment.md ("Configuration").
 */
#ifndef CHIBO_UTIL_CONFIG_H
#define CHIBO_UTIL_CONFIG_H

#include <stddef.h>

#include "util/err.h"

/* The default file; --config FILE or $CHIBO_CONFIG name another. */
#define CONFIG_DEFAULT_PATH "/etc/chibo/chibo.conf"
/* A configuration file larger than this is refused. */
#define CONFIG_MAX_BYTES (1024 * 1024)

enum config_kind {
	CONFIG_TEXT,   /* any value that is not empty */
	CONFIG_ANY,    /* any value, empty included */
	CONFIG_BOOL,   /* 0 or 1 */
	CONFIG_INT,    /* a whole number within [min, max] */
	CONFIG_NUMBER, /* a decimal number within [min, max] */
	CONFIG_DATE,   /* YYYY-MM-DD */
	CONFIG_LISTEN, /* ADDR:PORT or [IPv6]:PORT, port 0-65535 */
	CONFIG_LANG,   /* vi or en */
};

struct config_key {
	const char *name;
	enum config_kind kind;
	double min, max; /* CONFIG_INT, CONFIG_NUMBER */
};

/* Every key chibo knows, in the order of the documentation. */
extern const struct config_key config_keys[];
extern const size_t config_nkeys;

/* The key called name, or NULL. */
const struct config_key *config_key_find(const char *name);

struct config_item {
	char *key;
	char *value;
	long line; /* 1-based line of the file */
};

struct config {
	struct config_item *items;
	size_t n;
};

/*
 * Parses text (len bytes; source names it in errors, e.g. the path) into
 * *ret: blank lines and lines starting with "#" (after blanks) are
 * skipped; any other line is KEY=value, blanks around either trimmed.
 * Every key must be known, given once, and its value of the key's form.
 * On failure returns -CB_EINVAL with err's arg "SOURCE:LINE: KEY"
 * (codes config_syntax, config_unknown_key, config_duplicate_key,
 * config_bad_value with a field error saying the form); *ret is then
 * empty.
 */
int config_parse(const char *text, size_t len, const char *source,
    struct config *ret, struct cb_error *err);

/* Checks value against key's form; where ("SOURCE:LINE: KEY") names it
 * in err.  Returns 0 or -CB_EINVAL (config_unknown_key,
 * config_bad_value). */
int config_check(const char *key, const char *value, const char *where,
    struct cb_error *err);

void config_release(struct config *c);

#endif
