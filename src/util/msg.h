/*
 * msg.h - user-facing messages in Vietnamese and English, keyed by the stable
 * machine codes that travel in struct cb_error.  Only the edges call these.
 */
#ifndef CHIBO_UTIL_MSG_H
#define CHIBO_UTIL_MSG_H

#include <stddef.h>

enum lang { LANG_VI = 0, LANG_EN, LANG__MAX };

/* Picks a language from an Accept-Language value (NULL -> Vietnamese). */
enum lang msg_lang_from_header(const char *accept_language);

/*
 * Renders the message for code in lang, substituting arg for "%s" if the
 * template has one.  Unknown codes render as the code itself.  Returns a
 * malloc'd string (caller frees) or NULL on out-of-memory.
 */
char	*msg_render(const char *code, const char *arg, enum lang lang);

/* True if code has a catalogue entry (tests use it to find missing ones). */
int	msg_known(const char *code);

#endif
