/*
 * field.h - one table per entity: its fields, their types, limits and
 * flags, written once, from which every layer reads and writes the entity
 * (JSON in and out, store rows, CLI options, import columns, masking,
 * release and copy).  Pure: no I/O.
 *
 * An entity's fields are an X-macro list in core/entity.h
 * (MEMBER_FIELDS(X), ORG_FIELDS(X)), expanded into the const tables below
 * (member_entity, org_entity) and, where a list of names or columns is
 * needed at compile time (SQL column lists, column index enums), into that
 * list.  The order of the X-macro is the order of the JSON object, of the
 * store's result columns and of the CLI's options.
 */
#ifndef CHIBO_CORE_FIELD_H
#define CHIBO_CORE_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum field_type {
	FT_I64 = 0,  /* int64_t */
	FT_INT,      /* int */
	FT_REF,      /* int64_t id of another entity; 0: none (null) */
	FT_TEXT,     /* char *, cleaned text (NFC, trimmed); NULL: none */
	FT_DATE,     /* char[DATE_LEN], ISO "YYYY-MM-DD"; "": none */
	FT_ENUM,     /* an enum stored as int; its names in names[] */
	FT_TIME,     /* char *, ISO timestamp, made by the store */
	FT_JSON,     /* char *, the text of a JSON object (compact), shown
		     * as the object itself; NULL: none */
	FT_BOOL,     /* bool; JSON true/false, stored 0/1 */
	FT_DATETIME, /* char *, an instant given as ISO 8601 with its
		      * offset, kept normalised to UTC "YYYY-MM-DDTHH:MM:SSZ"
		      * (util/date.h datetime_parse_iso); NULL: none */
	FT__MAX
};

enum field_flag {
	/* The entity's id. */
	FF_KEY = 1u << 0,
	/* Shown, never written by a caller: made by the store, or set by
	 * svc from the path or the principal (an event's member_id). */
	FF_READONLY = 1u << 1,
	/* Must have a value (core/validate.c says so, with its rule). */
	FF_REQUIRED = 1u << 2,
	/* Personal data that an answer can do without: the rulebook's
	 * privacy.sensitive_fields may name it, and then only principals
	 * with the personal right see it (masked otherwise; core/privacy.h).
	 * The flag alone masks nothing. */
	FF_PERSONAL = 1u << 3,
	/* Unique when present: NULL, never "", in the store. */
	FF_UNIQUE = 1u << 4,
	/* Its value is checked or normalised by rulebook data
	 * (core/validate.c). */
	FF_RULES = 1u << 5,
};

/* The bound of an FT_TEXT field whose max is 0 (store-made text). */
#define FIELD_TEXT_MAX 4096

struct field_def {
	const char *name; /* JSON key, column, CLI option */
	enum field_type type;
	size_t off;               /* offset in the entity's struct */
	size_t max;               /* characters (FT_TEXT) */
	unsigned int flags;       /* FF_* */
	const char *const *names; /* FT_ENUM: names by value; NULL
				   * entries are not valid values */
	int nnames;               /* FT_ENUM: entries of names */
};

struct entity {
	const char *name; /* "member", "org" */
	size_t size;      /* sizeof the struct */
	const struct field_def *fields;
	size_t nfields;
};

/* The field called name, or NULL. */
const struct field_def *entity_field(const struct entity *e, const char *name);

/* Frees every FT_TEXT, FT_TIME and FT_JSON string of obj and sets it to NULL
 * (other fields are left as they are).  obj may be NULL. */
void entity_release_strings(const struct entity *e, void *obj);
/* Deep copy of src into dst (a different object): 0 or -CB_ENOMEM (dst
 * untouched then). */
int entity_copy(const struct entity *e, void *dst, const void *src);
/* Clears (NULL, "", 0) every field whose flags include any of flags;
 * returns how many it cleared that had a value. */
size_t
entity_clear_flagged(const struct entity *e, void *obj, unsigned int flags);
/* The same for the fields whose bit is set in mask (bit i: field i, of
 * the first 64). */
size_t entity_clear_mask(const struct entity *e, void *obj, uint64_t mask);
/* True if the field has no value (NULL or "" text, "" date, 0 ref). */
bool field_is_empty(const struct field_def *f, const void *obj);

/* Typed slots of a field of obj (the type must match; checked by assert). */
char **field_text_slot(const struct field_def *f, void *obj);  /* TEXT, TIME,
								* JSON */
char *field_date_slot(const struct field_def *f, void *obj);   /* DATE */
int64_t *field_i64_slot(const struct field_def *f, void *obj); /* I64, REF */
int *field_int_slot(const struct field_def *f, void *obj);     /* INT, ENUM */
bool *field_bool_slot(const struct field_def *f, void *obj);   /* BOOL */
const void *field_cslot(const struct field_def *f, const void *obj);

/* FT_ENUM: the name of value v (NULL if v has none) and the value of name
 * s (-1 if it is not one of them). */
const char *field_enum_name(const struct field_def *f, int v);
int field_enum_parse(const struct field_def *f, const char *s);
/* FT_ENUM: the valid names joined with ", " into buf ("male, female"),
 * as the invalid_value error's argument. */
void field_enum_list(const struct field_def *f, char *buf, size_t n);
/* The same, of the values ok (NULL: all) accepts. */
void field_enum_list_where(const struct field_def *f,
    bool (*ok)(const struct field_def *f, int v), char *buf, size_t n);

/*
 * The one character check of every text input (util/text.h's
 * text_find_control): s[0..len) must be well-formed UTF-8 without NUL
 * ("invalid_text") and hold no control or bidirectional formatting
 * character ("control_character", the code point "U+001B" as its
 * argument and the 1-based position in characters as the value given);
 * tab, LF and CR pass (cleaning makes them one space: no text field is
 * multi-line).  0, or adds one field error (row, field) and returns
 * -CB_EINVAL.  field_clean_text, and so every FT_TEXT field of the
 * tables, JSON or typed or imported, goes through it; so do the texts
 * that are no field of a table (rule overrides, account names).
 */
int field_check_text(const char *field, const char *s, size_t len, long row,
    struct cb_error *err);

/*
 * Cleans a text value for storage: field_check_text, then NFC, trimmed,
 * inner white space collapsed, at most max characters.
 * *ret is malloc'd, or NULL when the value is empty.  Returns 0 or adds a
 * field error (row, field) and returns -CB_EINVAL (-CB_ENOMEM).
 */
int field_clean_text(const char *field, const char *s, size_t max, long row,
    char **ret, struct cb_error *err);

/*
 * Sets field f of obj from text as a person typed it or a file holds it
 * (the CLI's options, the import's cells): text cleaned and bounded, an
 * ISO date, an enum's name, a positive id, a number.  NULL or "" clears
 * the field.  On a bad value adds one field error (row, f->name) and
 * returns -CB_EINVAL, leaving the field as it was.  Read-only fields are
 * not refused here (the caller decides who may write what).  An FT_JSON
 * field is not typed as text (core reads no JSON): "wrong_type" "object",
 * unless s is NULL or "" (cleared).
 */
int field_set_text(const struct field_def *f, void *obj, const char *s,
    long row, struct cb_error *err);

/*
 * The value of field f of obj as text: the string itself (TEXT, DATE,
 * TIME, JSON), an enum's name, a number written into buf.  NULL when the field
 * is empty.  The result borrows from obj or buf.
 */
const char *field_get_text(const struct field_def *f, const void *obj,
    char *buf, size_t n);

/* The name of a field type as the API documents it: "string", "integer",
 * "object". */
const char *field_type_json(enum field_type t);

#endif
