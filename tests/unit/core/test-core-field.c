/*
 * test-core-field.c - the field tables (core/entity.h) and the generic
 * field code (core/field.c): lookups, copy and release, masking by flag,
 * values from text and as text, every type's errors; the events' tables
 * and their JSON text (FT_JSON).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/privacy.h"
#include "util/err.h"

static void
test_tables(void **state)
{
	const struct field_def *f;
	size_t i, j;

	(void)state;
	assert_int_equal(member_entity.nfields, MEMBER_F__MAX);
	assert_int_equal(org_entity.nfields, ORG_F__MAX);
	assert_string_equal(member_entity.fields[MEMBER_F_full_name].name,
	    "full_name");
	assert_string_equal(org_entity.fields[ORG_F_parent_id].name,
	    "parent_id");
	f = entity_field(&member_entity, "org_id");
	assert_non_null(f);
	assert_int_equal(f->type, FT_REF);
	assert_int_equal(f->off, offsetof(struct member, org_id));
	assert_null(entity_field(&member_entity, "password"));
	assert_null(entity_field(&member_entity, NULL));
	/* Names are unique; text fields have a bound unless store-made. */
	for (i = 0; i < member_entity.nfields; i++) {
		f = &member_entity.fields[i];
		for (j = i + 1; j < member_entity.nfields; j++)
			assert_string_not_equal(f->name,
			    member_entity.fields[j].name);
		if (f->type == FT_TEXT && !(f->flags & FF_READONLY))
			assert_true(f->max > 0);
		if (f->type == FT_ENUM)
			assert_non_null(f->names);
	}
}

static void
test_copy_release(void **state)
{
	struct member a, b;

	(void)state;
	member_init(&a);
	a.full_name = strdup("Lò Văn Ết");
	a.phone = strdup("0912345678");
	snprintf(a.birth_date, sizeof(a.birth_date), "%s", "1999-08-20");
	a.org_id = 7;
	a.gender = GENDER_MALE;
	assert_int_equal(member_copy(&b, &a), 0);
	assert_ptr_not_equal(a.full_name, b.full_name);
	assert_string_equal(b.full_name, "Lò Văn Ết");
	assert_string_equal(b.phone, "0912345678");
	assert_string_equal(b.birth_date, "1999-08-20");
	assert_int_equal(b.org_id, 7);
	assert_null(b.email);
	member_release(&a);
	assert_null(a.full_name);
	assert_string_equal(b.full_name, "Lò Văn Ết");
	member_release(&b);
}

static void
test_mask_personal(void **state)
{
	struct member m;
	size_t i;

	(void)state;
	member_init(&m);
	m.full_name = strdup("Cao Văn Anh");
	m.citizen_id = strdup("001099012345");
	m.phone = strdup("0912345678");
	m.hometown = strdup("Hà Tĩnh");
	/* Three personal fields had a value. */
	assert_int_equal(entity_clear_flagged(&member_entity, &m,
	    FF_PERSONAL), 3);
	assert_null(m.citizen_id);
	assert_null(m.phone);
	assert_null(m.hometown);
	assert_string_equal(m.full_name, "Cao Văn Anh");
	/* The fields that may be named sensitive are personal data of the
	 * decree's lists (Điều 2): ethnic origin, religion, birth date,
	 * places, ID numbers, phone, e-mail. */
	for (i = 0; i < member_entity.nfields; i++) {
		const struct field_def *f = &member_entity.fields[i];
		bool want = strcmp(f->name, "citizen_id") == 0 ||
		    strcmp(f->name, "card_no") == 0 ||
		    strcmp(f->name, "dossier_no") == 0 ||
		    strcmp(f->name, "phone") == 0 ||
		    strcmp(f->name, "email") == 0 ||
		    strcmp(f->name, "birthplace") == 0 ||
		    strcmp(f->name, "hometown") == 0 ||
		    strcmp(f->name, "birth_date") == 0 ||
		    strcmp(f->name, "ethnicity") == 0 ||
		    strcmp(f->name, "religion") == 0;

		assert_int_equal(!!(f->flags & FF_PERSONAL), want);
		assert_int_equal(privacy_field_maskable(i), want);
	}
	member_release(&m);
}

/* The sensitive fields are the rulebook's list: names checked, masks
 * applied field by field. */
static void
test_privacy_masks(void **state)
{
	static char eth[] = "ethnicity", phone[] = "phone";
	static char name[] = "full_name", nosuch[] = "nosuch", id[] = "id",
		    org[] = "org_id";
	static char *ok_items[] = { eth, phone };
	static char *bad_items[] = { name, nosuch, id, org };
	struct rule_value ok = { .name = NULL, .type = RV_LIST,
		.items = ok_items, .nitems = 2 };
	struct rule_value bad = { .name = NULL, .type = RV_LIST,
		.items = bad_items, .nitems = 4 };
	struct rule_value num = { .name = NULL, .type = RV_INT, .i = 3 };
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	uint64_t mask = 0;

	(void)state;
	assert_int_equal(privacy_mask_from(&ok, "r", &mask, &err), 0);
	assert_true(mask == (PRIVACY_BIT(MEMBER_F_ethnicity) |
	    PRIVACY_BIT(MEMBER_F_phone)));
	assert_int_equal(privacy_mask_from(&bad, "r", &mask, &err),
	    -CB_EINVAL);
	assert_int_equal(err.nfields, 4);
	assert_string_equal(err.fields[0].code, "rule_field_not_maskable");
	assert_string_equal(err.fields[0].arg, "full_name");
	assert_string_equal(err.fields[1].code, "rule_unknown_field");
	assert_string_equal(err.fields[2].code, "rule_field_not_maskable");
	assert_string_equal(err.fields[3].code, "rule_field_not_maskable");
	cb_error_release(&err);
	assert_int_equal(privacy_mask_from(&num, "r", &mask, &err),
	    -CB_EINVAL);
	cb_error_release(&err);
	/* No rulebook: every field that may be masked. */
	assert_true(privacy_mask_of(NULL, "2026-01-01") ==
	    privacy_mask_all());
	/* A names-only row keeps the name, organisation and status. */
	mask = privacy_roster_mask();
	assert_false(mask & PRIVACY_BIT(MEMBER_F_full_name));
	assert_false(mask & PRIVACY_BIT(MEMBER_F_org_id));
	assert_false(mask & PRIVACY_BIT(MEMBER_F_status));
	assert_false(mask & PRIVACY_BIT(MEMBER_F_id));
	assert_true(mask & PRIVACY_BIT(MEMBER_F_gender));
	assert_true(mask & PRIVACY_BIT(MEMBER_F_job_title));
	assert_true((mask & privacy_mask_all()) == privacy_mask_all());

	member_init(&m);
	m.full_name = strdup("Cao Văn Anh");
	m.gender = GENDER_MALE;
	snprintf(m.birth_date, sizeof(m.birth_date), "1990-01-02");
	m.ethnicity = strdup("Mường");
	m.phone = strdup("0912345678");
	m.status = MSTATUS_OFFICIAL;
	m.org_id = 4;
	assert_int_equal(entity_clear_mask(&member_entity, &m,
	    PRIVACY_BIT(MEMBER_F_ethnicity) | PRIVACY_BIT(MEMBER_F_email)), 1);
	assert_null(m.ethnicity);
	assert_string_equal(m.phone, "0912345678");
	assert_int_equal(entity_clear_mask(&member_entity, &m,
	    privacy_roster_mask()), 3);
	assert_int_equal(m.gender, GENDER_NONE);
	assert_string_equal(m.birth_date, "");
	assert_null(m.phone);
	assert_string_equal(m.full_name, "Cao Văn Anh");
	assert_int_equal(m.status, MSTATUS_OFFICIAL);
	assert_int_equal(m.org_id, 4);
	member_release(&m);
}

static void
test_set_get_text(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	const struct field_def *f;
	struct member m;
	char buf[32];

	(void)state;
	member_init(&m);
	f = entity_field(&member_entity, "full_name");
	assert_int_equal(field_set_text(f, &m, "  Nguyễn   Thị Quyên ", 0,
	    &err), 0);
	assert_string_equal(m.full_name, "Nguyễn Thị Quyên");
	assert_string_equal(field_get_text(f, &m, buf, sizeof(buf)),
	    "Nguyễn Thị Quyên");
	assert_int_equal(field_set_text(f, &m, "", 0, &err), 0);
	assert_null(m.full_name);
	assert_null(field_get_text(f, &m, buf, sizeof(buf)));

	f = entity_field(&member_entity, "gender");
	assert_int_equal(field_set_text(f, &m, "female", 0, &err), 0);
	assert_int_equal(m.gender, GENDER_FEMALE);
	assert_string_equal(field_get_text(f, &m, buf, sizeof(buf)),
	    "female");
	assert_int_equal(field_set_text(f, &m, "nu", 3, &err), -CB_EINVAL);
	assert_int_equal(m.gender, GENDER_FEMALE);
	assert_int_equal(err.nfields, 1);
	assert_string_equal(err.fields[0].field, "gender");
	assert_string_equal(err.fields[0].code, "invalid_value");
	assert_string_equal(err.fields[0].arg, "male, female");
	assert_int_equal(err.fields[0].row, 3);
	cb_error_release(&err);

	f = entity_field(&member_entity, "birth_date");
	assert_int_equal(field_set_text(f, &m, "1999-02-29", 0, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "invalid_date");
	cb_error_release(&err);
	assert_int_equal(field_set_text(f, &m, "2000-02-29", 0, &err), 0);
	assert_string_equal(m.birth_date, "2000-02-29");

	f = entity_field(&member_entity, "org_id");
	assert_int_equal(field_set_text(f, &m, "0", 0, &err), -CB_EINVAL);
	cb_error_release(&err);
	assert_int_equal(field_set_text(f, &m, "42", 0, &err), 0);
	assert_int_equal(m.org_id, 42);
	assert_string_equal(field_get_text(f, &m, buf, sizeof(buf)), "42");
	/* Up to INT64_MAX exactly, whatever the last digit. */
	assert_int_equal(field_set_text(f, &m, "9223372036854775800", 0,
	    &err), 0);
	assert_int_equal(m.org_id, INT64_MAX - 7);
	assert_int_equal(field_set_text(f, &m, "9223372036854775807", 0,
	    &err), 0);
	assert_int_equal(m.org_id, INT64_MAX);
	assert_int_equal(field_set_text(f, &m, "9223372036854775808", 0,
	    &err), -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "invalid_id");
	cb_error_release(&err);
	assert_int_equal(field_set_text(f, &m, "92233720368547758070", 0,
	    &err), -CB_EINVAL);
	cb_error_release(&err);
	assert_int_equal(m.org_id, INT64_MAX);

	f = entity_field(&member_entity, "phone");
	assert_int_equal(field_set_text(f, &m,
	    "01234567890123456789012345678901234567890", 0, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "too_long");
	assert_string_equal(err.fields[0].arg, "40");
	cb_error_release(&err);
	assert_int_equal(field_set_text(f, &m, "bad\x01", 0, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "control_character");
	assert_string_equal(err.fields[0].arg, "U+0001");
	assert_string_equal(err.fields[0].given, "4");
	cb_error_release(&err);
	/* C1, DEL and the bidirectional controls too, by position in
	 * characters; tab, LF and CR are white space. */
	{
		static const struct {
			const char *s, *cp, *pos;
		} bad[] = { { "Lê\xc2\x85", "U+0085", "3" },
			{ "x\x7f", "U+007F", "2" },
			{ "Đ\xe2\x80\xaeX", "U+202E", "2" },
			{ "ab\xe2\x81\xa6", "U+2066", "3" },
			{ "\xe2\x80\x8f" "a", "U+200F", "1" },
			{ "a\xd8\x9c", "U+061C", "2" },
			{ "\x1b[31m", "U+001B", "1" } };
		size_t i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			assert_int_equal(field_set_text(f, &m, bad[i].s, 0,
			                     &err),
			    -CB_EINVAL);
			assert_string_equal(err.fields[0].code,
			    "control_character");
			assert_string_equal(err.fields[0].arg, bad[i].cp);
			assert_string_equal(err.fields[0].given, bad[i].pos);
			cb_error_release(&err);
		}
		assert_int_equal(field_set_text(f, &m, "a\tb\r\nc", 0, &err),
		    0);
		assert_string_equal(*field_text_slot(f, &m), "a b c");
	}
	assert_int_equal(field_set_text(f, &m, "bad\xff", 0, &err),
	    -CB_EINVAL);
	assert_string_equal(err.fields[0].code, "invalid_text");
	cb_error_release(&err);

	f = entity_field(&org_entity, "kind");
	{
		struct org o;

		org_init(&o);
		assert_int_equal(field_set_text(f, &o, "cell", 0, &err), 0);
		assert_int_equal(o.kind, ORG_CELL);
		field_enum_list(f, buf, sizeof(buf));
		assert_int_equal(strncmp(buf, "central, province", 17), 0);
		org_release(&o);
	}
	member_release(&m);
}

/* The events' tables: the struct's strings (FT_TEXT, FT_TIME, FT_JSON)
 * are released and copied by the generic code; an FT_JSON field is
 * shown as its text, cleared by "" and never typed as text. */
static void
test_event_tables(void **state)
{
	const struct entity *const es[] = { &member_event_entity,
		&org_event_entity };
	struct cb_error err = CB_ERROR_INIT;
	struct member_event a, b;
	struct org_event o;
	const struct field_def *f;
	char buf[32];
	size_t i, k;

	(void)state;
	assert_int_equal(member_event_entity.nfields, MEMBER_EVENT_F__MAX);
	assert_int_equal(org_event_entity.nfields, ORG_EVENT_F__MAX);
	for (k = 0; k < 2; k++) {
		const struct entity *e = es[k];

		for (i = 0; i < e->nfields; i++) {
			f = &e->fields[i];
			if (f->type == FT_TEXT && !(f->flags & FF_READONLY))
				assert_true(f->max > 0);
		}
		/* The key first, the store's time last. */
		assert_true(e->fields[0].flags & FF_KEY);
		assert_int_equal(e->fields[e->nfields - 1].type, FT_TIME);
	}
	f = &member_event_entity.fields[MEMBER_EVENT_F_kind];
	assert_int_equal(f->type, FT_ENUM);
	assert_string_equal(field_enum_name(f, MEV_RECORD_DELETED),
	    "record_deleted");
	assert_true(member_event_kind_recordable(MEV_LEFT));
	assert_false(member_event_kind_recordable(MEV_RECORD_CREATED));
	assert_false(member_event_kind_recordable(MEV_NONE));
	assert_int_equal(org_event_entity.fields[ORG_EVENT_F_kind].type,
	    FT_TEXT);

	memset(&a, 0, sizeof(a));
	a.kind = MEV_MOVED;
	a.doc_no = strdup("12-QĐ/ĐU");
	a.details = strdup("{\"note\":\"x\"}");
	a.recorded_by = strdup("cli:test");
	a.recorded_at = strdup("2026-01-05T10:00:00Z");
	assert_int_equal(entity_copy(&member_event_entity, &b, &a), 0);
	assert_ptr_not_equal(a.details, b.details);
	assert_string_equal(b.details, "{\"note\":\"x\"}");
	f = &member_event_entity.fields[MEMBER_EVENT_F_details];
	assert_int_equal(f->type, FT_JSON);
	assert_string_equal(field_type_json(f->type), "object");
	assert_string_equal(field_get_text(f, &b, buf, sizeof(buf)),
	    "{\"note\":\"x\"}");
	assert_false(field_is_empty(f, &b));
	assert_int_equal(field_set_text(f, &b, "{}", 3, &err), -CB_EINVAL);
	assert_int_equal(err.nfields, 1);
	assert_string_equal(err.fields[0].field, "details");
	assert_string_equal(err.fields[0].code, "wrong_type");
	assert_string_equal(err.fields[0].arg, "object");
	assert_string_equal(b.details, "{\"note\":\"x\"}");
	assert_int_equal(field_set_text(f, &b, "", 3, &err), 0);
	assert_null(b.details);
	assert_true(field_is_empty(f, &b));
	member_event_release(&a);
	assert_null(a.details);
	assert_null(a.recorded_at);
	assert_int_equal(a.kind, MEV_NONE);
	member_event_release(&b);
	cb_error_release(&err);

	memset(&o, 0, sizeof(o));
	o.kind = strdup("renamed");
	o.details = strdup("{}");
	org_event_release(&o);
	assert_null(o.kind);
	assert_null(o.details);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_copy_release),
		cmocka_unit_test(test_mask_personal),
		cmocka_unit_test(test_privacy_masks),
		cmocka_unit_test(test_set_get_text),
		cmocka_unit_test(test_event_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
