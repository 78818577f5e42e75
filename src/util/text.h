/*
 * text.h - Vietnamese text: UTF-8 checks, NFC, tone-insensitive folding,
 * name splitting, the Vietnamese collation key, legacy encodings.
 *
 * ICU does normalisation, collation and conversion.  Folding on the hot path
 * is table-driven (text_fold); the table is built once from ICU and the unit
 * tests check it against ICU's own transliteration.
 */
#ifndef CHIBO_UTIL_TEXT_H
#define CHIBO_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if s[0..len) is well-formed UTF-8 with no NUL and no C0 controls
 * other than tab, LF and CR. */
bool text_utf8_valid(const char *s, size_t len);

/* True if s[0..len) is well-formed UTF-8 (no overlong forms, surrogates or
 * code points above U+10FFFF); unlike text_utf8_valid, any control
 * character, NUL included, is accepted. */
bool text_utf8_wellformed(const char *s, size_t len);

/*
 * The one character check of every text chibo takes in (core/field.h's
 * field_clean_text, query values, paths): no C0 control character (but
 * tab, LF and CR when allow_space_controls, which cleaning turns into one
 * space), no DEL, no C1 control (U+0080-U+009F) and no bidirectional
 * control (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), which
 * can reorder or hide what a reader sees.  Returns true and sets *ret_cp
 * (the code point) and *ret_pos (its 1-based position in characters) at
 * the first such character of s[0..len); false if there is none.  Bytes
 * that are not well-formed UTF-8 are not judged here
 * (text_utf8_wellformed); each counts as one character.
 */
bool text_find_control(const char *s, size_t len, bool allow_space_controls,
    uint32_t *ret_cp, size_t *ret_pos);

/* True if cp is one of the characters text_find_control refuses
 * (counting tab, LF and CR). */
bool text_is_control(uint32_t cp);

/* Number of code points in valid UTF-8 s. */
size_t text_utf8_len(const char *s);

/*
 * Appends in[0..len) to out with every byte that does not start a
 * well-formed sequence (the checks of text_utf8_wellformed, which are
 * jansson's) replaced by U+FFFD.  Returns the number replaced.
 */
struct sb;
size_t text_utf8_scrub(const char *in, size_t len, struct sb *out);

/* Writes code point cp (at most U+10FFFF, not a surrogate) as UTF-8 into
 * out; returns its length (1 to 4). */
size_t text_utf8_put(uint32_t cp, unsigned char out[4]);

/*
 * NFC-normalises UTF-8 s, trims surrounding white space and collapses runs
 * of inner white space (tab, LF and CR among it) to one space.  Other
 * control characters are kept: what takes text in refuses them first
 * (text_find_control, core/field.h's field_check_text), and an imported
 * cell keeps them so that its field is refused, not silently changed.
 * Returns a malloc'd string or NULL on out-of-memory or malformed UTF-8
 * (caller frees).
 */
char *text_clean(const char *s);

/*
 * Folds for search: NFC or NFD input, lower case, tone marks and other
 * diacritics removed, đ/Đ -> d, white space collapsed.  "Nguyễn Văn Dũng"
 * -> "nguyen van dung".  Returns a malloc'd string or NULL (caller frees).
 * Table-driven; thread-safe after text_init().
 * NULL also for malformed UTF-8.  Meant to equal text_fold_icu() on any
 * input (a word with letters outside Latin is folded by ICU itself); the
 * unit tests check every table code point, every 5th other one up to
 * U+2FFFF, and 41,280 generated names.
 */
char *text_fold(const char *s);

/* The same fold through ICU's transliterator: the reference for tests. */
char *text_fold_icu(const char *s);

/*
 * Splits a Vietnamese full name (family middle given) into the given name
 * (last word) and the family-and-middle part.  Both malloc'd (caller frees).
 * A one-word name has an empty family part.
 */
int text_name_split(const char *full, char **ret_given, char **ret_family);

/*
 * The byte key that sorts members the Vietnamese way: given name first, then
 * family and middle names as written, ICU "vi" collation, then the full
 * name's bytes (UTF-8: code point order) as a tie-break.  memcmp order of
 * keys == list order, so both backends sort identically by comparing
 * BLOB/bytea.  Returns malloc'd bytes in *ret (caller frees) and their count
 * in *ret_len.  Holds exactly two NUL bytes, the terminators of the two ICU
 * keys (which hold no other), so it is no C string: compare with memcmp.
 */
int text_sort_key(const char *full_name, unsigned char **ret, size_t *ret_len);

/*
 * The same keys for bulk loads, fast: given names and family-and-middle
 * parts repeat a lot, so the ICU key of each distinct part is computed
 * once and kept (up to about a million parts; past that, computed each
 * time).  text_sort_key_memo gives exactly the bytes of text_sort_key in
 * *ret (the memo's buffer, valid until its next use), their count in
 * *ret_len.  A memo belongs to one thread at a time.  0 or -CB_E*.
 */
struct text_sort_memo;
int text_sort_memo_new(struct text_sort_memo **ret);
void text_sort_memo_free(struct text_sort_memo *m);
int text_sort_key_memo(struct text_sort_memo *m, const char *full_name,
    const unsigned char **ret, size_t *ret_len);

/*
 * True if text_clean(s) would give s back unchanged: valid UTF-8, no
 * control characters, no surrounding or doubled white space, and NFC --
 * answered without ICU for ASCII and the precomposed Latin letters
 * Vietnamese uses (U+00C0-U+024F, U+1E00-U+1EFF); false (ask text_clean)
 * for anything else.  For imports: most cells need no copy.
 */
bool text_is_clean(const char *s, size_t len);

/* Sort key for an arbitrary string (organisation names): ICU "vi". */
int text_sort_key_plain(const char *s, unsigned char **ret, size_t *ret_len);

/* Compares two UTF-8 strings with ICU "vi" collation: <0, 0, >0. */
int text_collate(const char *a, const char *b);

/*
 * Converts bytes in a legacy encoding to NFC UTF-8.  charset is an ICU
 * converter name ("windows-1258").  Returns malloc'd UTF-8, or NULL (out of
 * memory, unknown charset, a byte it does not map, a NUL).
 */
char *text_from_charset(const char *bytes, size_t len, const char *charset);

/*
 * Call once at start (builds the fold table, opens the collator): 0 or
 * -CB_E*, -CB_ENOTSUP if ICU has no "vi" collation.  Idempotent and
 * thread-safe; the functions above also call it on first use (so a missed
 * call costs nothing but the chance to see its error).
 *
 * text_shutdown() closes the collator of the calling thread and the shared
 * ones (other threads' clones go at their thread's exit); no other thread
 * may be using this module then.  Idempotent; a later use re-initialises.
 */
int text_init(void);
void text_shutdown(void);

#endif
