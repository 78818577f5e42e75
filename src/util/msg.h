/*
 * msg.h - user-facing messages in Vietnamese and English, keyed by the stable
 * machine codes that travel in struct cb_error.  Only the edges (cli/,
 * http/) render them; everything below passes codes.
 *
 * A test (tests/unit/test_messages.py) scans the sources for every code
 * passed to cb_error_set/cb_error_field and fails if one has no entry.
 */
#ifndef CHIBO_UTIL_MSG_H
#define CHIBO_UTIL_MSG_H

#include <stdbool.h>
#include <stddef.h>

enum lang { LANG_VI = 0, LANG_EN, LANG__MAX };

/* Picks a language from an Accept-Language value: English when "en" is
 * preferred to "vi" (by order and q-values), else Vietnamese.  NULL ->
 * Vietnamese. */
enum lang msg_lang_from_header(const char *accept_language);
/* "vi" or "en". */
const char *msg_lang_name(enum lang lang);

/*
 * Renders the message for code in lang, substituting arg for "%s" if the
 * template has one (arg NULL -> ""), and the field's label for "%f";
 * "%{field}s" is arg's label as a value of field (msg_value_label), and
 * "%{field}g" given's.
 * Unknown codes render as the code itself.  Returns a malloc'd string
 * (caller frees) or NULL on out-of-memory.
 */
char *msg_render(const char *code, const char *arg, enum lang lang);

/*
 * Like msg_render, for an error that names the value given: code's
 * "<code>_given" message if the catalogue has one and given is not NULL,
 * with given for "%g" (arg still for "%s").
 */
char *msg_render_given(const char *code, const char *arg, const char *given,
    enum lang lang);
/*
 * Like msg_render_given for a message whose arguments are numbers that
 * chibo computed (the evaluation's reasons: a score "81.1"): a decimal
 * number is written with the language's separator ("81,1" in
 * Vietnamese).  Not for echoing what a caller sent, which is shown as it
 * came.
 */
char *msg_render_number(const char *code, const char *arg, const char *given,
    enum lang lang);

/* The label of a data field ("birth_date" -> "Ngày sinh"), or the field
 * name itself when it has none.  Static storage. */
const char *msg_field_label(const char *field, enum lang lang);
/* The label of field as entity ("meeting") names it, where it differs
 * from the field's own ("meeting.kind"); else msg_field_label. */
const char *
msg_entity_field_label(const char *entity, const char *field, enum lang lang);
/* The label of an enumeration's value (gender "male" -> "Nam"), or value
 * itself when it has none. */
const char *
msg_value_label(const char *field, const char *value, enum lang lang);

/* True if code has a catalogue entry. */
bool msg_known(const char *code);

#endif
