/*
 * test-svc-fields.c - the OpenAPI document (src/http/openapi.json) and the
 * field tables (core/entity.h) say the same: for Member and Org, the
 * schema's properties are the table's fields in order (Member then
 * "masked", listing exactly the personal fields), each property's type is
 * field_type_json's (dates "date", times "date-time"), enums list the
 * table's names, text fields have maxLength = max, and readOnly is
 * FF_READONLY; OrgInput and OrgPatch are Org's writable fields and their
 * documented extras; MemberEvent and OrgEvent are their tables,
 * MemberEventInput the member event's writable fields (the kinds a caller
 * may record) and "note".  And the JSON the mapper writes has the same keys,
 * and what member and organisation input differ in (data given to the one
 * mapper) stays as the API has always answered.
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
#include "svc/svc.h"
#include "util/text.h"

static json_t *doc;

static int
setup(void **state)
{
	const char *root = getenv("CHIBO_SOURCE_ROOT");
	json_error_t jerr;
	char path[4096];

	(void)state;
	if (text_init() != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/src/http/openapi.json",
	    root != NULL ? root : ".");
	if ((doc = json_load_file(path, 0, &jerr)) == NULL) {
		fprintf(stderr, "%s: line %d: %s\n", path, jerr.line,
		    jerr.text);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	json_decref(doc);
	text_shutdown();
	return 0;
}

static json_t *
schema(const char *name)
{
	json_t *s = json_object_get(json_object_get(json_object_get(doc,
	    "components"), "schemas"), name);

	if (s == NULL)
		fail_msg("openapi.json: no schema %s", name);
	return s;
}

/* One property against its field. */
static void
check_property(const char *sname, const struct field_def *f, json_t *p,
    bool (*enum_ok)(int))
{
	const char *type = json_string_value(json_object_get(p, "type"));
	const char *format = json_string_value(json_object_get(p, "format"));
	json_t *ro = json_object_get(p, "readOnly"), *en, *ml;
	size_t i, k;
	int v;

	if (type == NULL || strcmp(type, field_type_json(f->type)) != 0)
		fail_msg("%s.%s: type %s, the table says %s", sname, f->name,
		    type ? type : "(none)", field_type_json(f->type));
	if (f->type == FT_DATE &&
	    (format == NULL || strcmp(format, "date") != 0))
		fail_msg("%s.%s: a date without format date", sname, f->name);
	if (f->type == FT_TIME &&
	    (format == NULL || strcmp(format, "date-time") != 0))
		fail_msg("%s.%s: a time without format date-time", sname,
		    f->name);
	if (json_is_true(ro) != ((f->flags & FF_READONLY) != 0))
		fail_msg("%s.%s: readOnly %s, the table says %s", sname,
		    f->name, json_is_true(ro) ? "true" : "false",
		    (f->flags & FF_READONLY) ? "read-only" : "writable");
	ml = json_object_get(p, "maxLength");
	if (f->type == FT_TEXT && f->max > 0 && (!json_is_integer(ml) ||
	    (size_t)json_integer_value(ml) != f->max))
		fail_msg("%s.%s: maxLength %lld, the table says %zu", sname,
		    f->name, json_is_integer(ml) ?
		    (long long)json_integer_value(ml) : -1LL, f->max);
	if ((f->type != FT_TEXT || f->max == 0) && ml != NULL)
		fail_msg("%s.%s: maxLength on a field without one", sname,
		    f->name);
	en = json_object_get(p, "enum");
	if (f->type != FT_ENUM) {
		if (en != NULL)
			fail_msg("%s.%s: enum on a field without one", sname,
			    f->name);
		return;
	}
	if (!json_is_array(en))
		fail_msg("%s.%s: an enum without its values", sname, f->name);
	for (v = 0, k = 0; v < f->nnames; v++) {
		if (f->names[v] == NULL || (enum_ok != NULL && !enum_ok(v)))
			continue;
		if (k >= json_array_size(en) || strcmp(json_string_value(
		    json_array_get(en, k)) ? json_string_value(
		    json_array_get(en, k)) : "", f->names[v]) != 0)
			fail_msg("%s.%s: enum value %zu is not %s", sname,
			    f->name, k, f->names[v]);
		k++;
	}
	for (i = k; i < json_array_size(en); i++)
		fail_msg("%s.%s: enum value %s is not the table's", sname,
		    f->name, json_string_value(json_array_get(en, i)));
}

/*
 * The schema's properties: first those of the fields of e for which
 * (flags & skip) == 0, in table order, then extras (NULL-terminated), in
 * that order.  Enums list the values enum_ok accepts (NULL: every one).
 */
static void
check_schema_enums(const char *sname, const struct entity *e,
    unsigned int skip, const char *const *extras, bool (*enum_ok)(int))
{
	json_t *props = json_object_get(schema(sname), "properties"), *p;
	const char *key;
	size_t i = 0, x = 0;

	if (!json_is_object(props))
		fail_msg("%s: no properties", sname);
	/* Keys in document order (jansson keeps insertion order). */
	json_object_foreach(props, key, p) {
		while (i < e->nfields && (e->fields[i].flags & skip))
			i++;
		if (i < e->nfields) {
			if (strcmp(key, e->fields[i].name) != 0)
				fail_msg("%s: property %s where the table has "
				    "%s", sname, key, e->fields[i].name);
			check_property(sname, &e->fields[i], p, enum_ok);
			i++;
			continue;
		}
		if (extras == NULL || extras[x] == NULL ||
		    strcmp(extras[x], key) != 0)
			fail_msg("%s: property %s is not in the table", sname,
			    key);
		x++;
	}
	while (i < e->nfields && (e->fields[i].flags & skip))
		i++;
	if (i < e->nfields)
		fail_msg("%s lacks %s", sname, e->fields[i].name);
	if (extras != NULL && extras[x] != NULL)
		fail_msg("%s lacks %s", sname, extras[x]);
}

static void
check_schema(const char *sname, const struct entity *e, unsigned int skip,
    const char *const *extras)
{
	check_schema_enums(sname, e, skip, extras, NULL);
}

static void
member_schema(void **state)
{
	static const char *const extras[] = { "masked", NULL };
	json_t *en = json_object_get(json_object_get(json_object_get(
	    json_object_get(schema("Member"), "properties"), "masked"),
	    "items"), "enum");
	size_t i, n = 0;

	(void)state;
	check_schema("Member", &member_entity, 0, extras);
	/* "masked" names exactly the fields that can be withheld: the
	 * sensitive ones and those a names-only list leaves out. */
	for (i = 0; i < member_entity.nfields; i++) {
		const struct field_def *f = &member_entity.fields[i];
		size_t k;

		if (!((privacy_mask_all() | privacy_roster_mask()) &
		        PRIVACY_BIT(i)))
			continue;
		n++;
		for (k = 0; k < json_array_size(en) && strcmp(
		    json_string_value(json_array_get(en, k)), f->name); k++)
			;
		if (k == json_array_size(en))
			fail_msg("Member.masked lacks %s", f->name);
	}
	assert_int_equal(json_array_size(en), n);
}

static void
org_schemas(void **state)
{
	static const char *const input[] = { "doc_no", NULL };
	static const char *const patch[] = { "on", "doc_no", NULL };

	(void)state;
	check_schema("Org", &org_entity, 0, NULL);
	check_schema("OrgInput", &org_entity, FF_READONLY, input);
	check_schema("OrgPatch", &org_entity, FF_READONLY, patch);
}

static bool
recordable(int v)
{
	return member_event_kind_recordable((enum member_event_kind)v);
}

/* The events: what the API shows is the table; what a caller records is
 * its writable fields (the kinds it may record) and the note. */
static void
event_schemas(void **state)
{
	static const char *const input[] = { "note", NULL };

	(void)state;
	check_schema("MemberEvent", &member_event_entity, 0, NULL);
	check_schema_enums("MemberEventInput", &member_event_entity,
	    FF_READONLY, input, recordable);
	check_schema("OrgEvent", &org_event_entity, 0, NULL);
	/* An organisation's officers: what a caller records is the
	 * writable fields. */
	check_schema("OrgOfficer", &org_officer_entity, 0, NULL);
	check_schema("OrgOfficerInput", &org_officer_entity, FF_READONLY,
	    NULL);
}

/* Meetings and their roll: what the API shows is the table (the roll
 * with each member's name); what a caller sends, its writable fields. */
static void
meeting_schemas(void **state)
{
	static const char *const roll[] = { "name", NULL };

	(void)state;
	check_schema("Meeting", &meeting_entity, 0, NULL);
	check_schema("MeetingInput", &meeting_entity, FF_READONLY, NULL);
	check_schema("MeetingAttendance", &meeting_attendance_entity, 0, roll);
	check_schema("MeetingAttendanceInput", &meeting_attendance_entity,
	    FF_READONLY, NULL);
}

/* A meeting's votes and minutes: the vote as the table says with its
 * "rule"; what a caller gives is the writable fields; the minutes as the
 * table says but the course, a list (the generic FT_JSON is an object),
 * and what the view adds. */
static void
vote_minutes_schemas(void **state)
{
	static const char *const vote_extra[] = { "rule", NULL };
	static const char *const minutes_extra[] = { "chair_id",
		"secretary_id", "roll", "corrections", NULL };
	json_t *props, *p;
	const char *key;
	size_t i = 0, k;

	(void)state;
	check_schema("MeetingVote", &meeting_vote_entity, 0, vote_extra);
	check_schema("MeetingVoteInput", &meeting_vote_entity, FF_READONLY,
	    NULL);
	check_schema("MinutesCorrection", &minutes_correction_entity, 0,
	    NULL);
	check_schema("MinutesCorrectionInput", &minutes_correction_entity,
	    FF_READONLY, NULL);
	props = json_object_get(schema("MeetingMinutes"), "properties");
	json_object_foreach(props, key, p) {
		if (i < meeting_minutes_entity.nfields) {
			const struct field_def *f =
			    &meeting_minutes_entity.fields[i++];

			assert_string_equal(key, f->name);
			if (f->type == FT_JSON)
				assert_string_equal(json_string_value(
				                        json_object_get(p, "type")),
				    "array");
			else
				check_property("MeetingMinutes", f, p, NULL);
			continue;
		}
		for (k = 0; minutes_extra[k] != NULL; k++)
			if (strcmp(minutes_extra[k], key) == 0)
				break;
		if (minutes_extra[k] == NULL)
			fail_msg("MeetingMinutes.%s is not the table's", key);
	}
	assert_int_equal(i, meeting_minutes_entity.nfields);
}

/* Terms and inspection programmes (issue 14): what the API shows is
 * the table (a programme with its items in GET .../{id}; an item's
 * content_codes a list, where the generic FT_JSON is an object); what a
 * caller sends, the writable fields (an item's content_codes too). */
static void
programme_schemas(void **state)
{
	static const char *const prog_extra[] = { "items", NULL };
	static const char *const item_in_extra[] = { "content_codes", NULL };
	const struct entity *e = &inspection_programme_item_entity;
	json_t *props, *p;
	const char *key;
	size_t i = 0;

	(void)state;
	check_schema("OrgTerm", &org_term_entity, 0, NULL);
	check_schema("OrgTermInput", &org_term_entity, FF_READONLY, NULL);
	check_schema("InspectionProgramme", &inspection_programme_entity, 0,
	    prog_extra);
	check_schema("InspectionProgrammeInput", &inspection_programme_entity,
	    FF_READONLY, NULL);
	check_schema("InspectionProgrammeItemInput", e, FF_READONLY,
	    item_in_extra);
	props = json_object_get(schema("InspectionProgrammeItem"),
	    "properties");
	json_object_foreach(props, key, p) {
		const struct field_def *f;

		if (i >= e->nfields)
			fail_msg("InspectionProgrammeItem.%s is not the "
			         "table's",
			    key);
		f = &e->fields[i++];
		assert_string_equal(key, f->name);
		if (f->type == FT_JSON)
			assert_string_equal(json_string_value(
			                        json_object_get(p, "type")),
			    "array");
		else
			check_property("InspectionProgrammeItem", f, p, NULL);
	}
	assert_int_equal(i, e->nfields);
}

/* An inspection (issue 14): the table's fields in its order, but
 * content_codes, a list of codes (read-only in the table, which maps
 * objects only, written by svc from the list), and in the record the
 * follow-up GET adds.  The input: the writable fields and the list. */
static void
check_inspection_schema(const char *sname, bool input)
{
	static const char *const extra[] = { "recommendations", "attachments",
		NULL };
	json_t *props = json_object_get(schema(sname), "properties"), *p;
	const char *key;
	size_t i = 0, x = 0;

	json_object_foreach(props, key, p)
	{
		const struct field_def *f;

		while (i < inspection_entity.nfields && input &&
		    (inspection_entity.fields[i].flags & FF_READONLY) &&
		    strcmp(inspection_entity.fields[i].name,
		        "content_codes") != 0)
			i++;
		if (i >= inspection_entity.nfields) {
			if (input || extra[x] == NULL ||
			    strcmp(extra[x], key) != 0)
				fail_msg("%s.%s is not the table's", sname,
				    key);
			x++;
			continue;
		}
		f = &inspection_entity.fields[i++];
		assert_string_equal(key, f->name);
		if (strcmp(f->name, "content_codes") == 0)
			assert_string_equal(json_string_value(json_object_get(p,
			                        "type")),
			    "array");
		else if (input && (f->flags & FF_READONLY))
			fail_msg("%s.%s is read-only", sname, key);
		else
			check_property(sname, f, p, NULL);
	}
	while (i < inspection_entity.nfields && input &&
	    (inspection_entity.fields[i].flags & FF_READONLY))
		i++;
	assert_int_equal(i, inspection_entity.nfields);
	if (!input)
		assert_null(extra[x]);
}

static void
inspection_schemas(void **state)
{
	(void)state;
	check_inspection_schema("Inspection", false);
	check_inspection_schema("InspectionInput", true);
	check_schema("InspectionRecommendation",
	    &inspection_recommendation_entity, 0, NULL);
	check_schema("InspectionRecommendationInput",
	    &inspection_recommendation_entity, FF_READONLY, NULL);
}

static void keys_are_schema(json_t *j, const char *sname);

/* What the API sends for a meeting and a line of its roll has the keys
 * of their schemas, in order (the roll's line ends with the name, added
 * by http/h-meetings.c); a status not yet recorded is null. */
static void
meeting_json_keys(void **state)
{
	struct meeting m;
	struct meeting_attendance a;
	json_t *j;

	(void)state;
	memset(&m, 0, sizeof(m));
	assert_non_null(j = entity_to_json(&meeting_entity, &m));
	keys_are_schema(j, "Meeting");
	json_decref(j);
	memset(&a, 0, sizeof(a));
	a.roll = ROLL_EXEMPTED;
	assert_non_null(j = entity_to_json(&meeting_attendance_entity, &a));
	assert_true(json_is_null(json_object_get(j, "status")));
	assert_string_equal(json_string_value(json_object_get(j, "roll")),
	    "exempted");
	json_object_set_new(j, "name", json_null());
	keys_are_schema(j, "MeetingAttendance");
	json_decref(j);
}

/* The keys of j are the properties of schema sname, in order. */
static void
keys_are_schema(json_t *j, const char *sname)
{
	json_t *props = json_object_get(schema(sname), "properties"), *p;
	const char *key;
	void *it = json_object_iter(j);

	json_object_foreach(props, key, p) {
		assert_non_null(it);
		assert_string_equal(json_object_iter_key(it), key);
		it = json_object_iter_next(j, it);
	}
	assert_null(it);
}

/* The mapper writes what the document describes: a masked member has
 * every Member property, "masked" in the document's order. */
static void
mapper_matches(void **state)
{
	json_t *props = json_object_get(schema("Member"), "properties");
	json_t *en = json_object_get(json_object_get(json_object_get(props,
	    "masked"), "items"), "enum");
	struct member_event me;
	struct org_event oe;
	struct member m;
	struct org o;
	json_t *j;
	const char *key;
	json_t *p;
	void *it;

	(void)state;
	member_init(&m);
	m.personal_hidden = true;
	m.masked = privacy_mask_all() | privacy_roster_mask();
	assert_non_null(j = member_to_json(&m));
	it = json_object_iter(j);
	json_object_foreach(props, key, p) {
		assert_non_null(it);
		assert_string_equal(json_object_iter_key(it), key);
		it = json_object_iter_next(j, it);
	}
	assert_null(it);
	assert_true(json_equal(json_object_get(j, "masked"), en));
	json_decref(j);
	member_release(&m);

	org_init(&o);
	assert_non_null(j = org_to_json(&o));
	assert_int_equal(json_object_size(j), org_entity.nfields);
	json_decref(j);
	org_release(&o);

	/* Events: empty values are null, ids integers, the details the
	 * object itself. */
	memset(&me, 0, sizeof(me));
	assert_non_null(j = member_event_to_json(&me));
	keys_are_schema(j, "MemberEvent");
	assert_true(json_is_integer(json_object_get(j, "member_id")));
	assert_true(json_is_null(json_object_get(j, "kind")));
	assert_true(json_is_null(json_object_get(j, "org_id")));
	assert_true(json_is_null(json_object_get(j, "details")));
	assert_true(json_is_null(json_object_get(j, "recorded_by")));
	json_decref(j);
	me.kind = MEV_RECORD_UPDATED;
	me.org_id = 4;
	me.doc_no = strdup("1-QĐ");
	me.details = strdup("{\"fields\":[\"phone\"]}");
	strcpy(me.on, "2026-01-05");
	assert_non_null(j = member_event_to_json(&me));
	assert_string_equal(json_string_value(json_object_get(j, "kind")),
	    "record_updated");
	assert_int_equal(json_integer_value(json_object_get(j, "org_id")), 4);
	assert_string_equal(json_string_value(json_object_get(j, "on")),
	    "2026-01-05");
	assert_true(json_is_array(json_object_get(json_object_get(j,
	    "details"), "fields")));
	json_decref(j);
	member_event_release(&me);
	memset(&oe, 0, sizeof(oe));
	oe.details = strdup("not json");
	assert_non_null(j = org_event_to_json(&oe));
	keys_are_schema(j, "OrgEvent");
	assert_true(json_is_integer(json_object_get(j, "org_id")));
	assert_true(json_is_null(json_object_get(j, "kind")));
	assert_true(json_is_null(json_object_get(j, "details")));
	json_decref(j);
	org_event_release(&oe);
}

/* Field error i of err is (field, code, arg). */
static void
ferr_is(const struct cb_error *err, size_t i, const char *field,
    const char *code, const char *arg)
{
	assert_true(i < err->nfields);
	assert_string_equal(err->fields[i].field, field);
	assert_string_equal(err->fields[i].code, code);
	if (arg == NULL)
		assert_null(err->fields[i].arg);
	else
		assert_string_equal(err->fields[i].arg, arg);
}

static int
apply_org(struct org *o, const char *text, char **doc_no,
    struct cb_error *err)
{
	json_t *j = json_loads(text, 0, NULL);
	int rc;

	assert_non_null(j);
	cb_error_release(err);
	rc = org_from_json(j, o, doc_no, err);
	json_decref(j);
	return rc;
}

static int
apply_member(struct member *m, const char *text, bool creating,
    struct cb_error *err)
{
	json_t *j = json_loads(text, 0, NULL);
	int rc;

	assert_non_null(j);
	cb_error_release(err);
	rc = member_apply_json(m, j, creating, NULL, "2026-11-25", err);
	json_decref(j);
	return rc;
}

static void
input_differences(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	char *doc = NULL;
	struct member m;
	struct org o;

	(void)state;
	/* Organisation: read-only fields are unknown, null keeps a value
	 * (a reference excepted), "" is not a date, any integer is a
	 * parent, doc_no comes apart; errors in the object's key order. */
	org_init(&o);
	o.name = strdup("Chi bộ A");
	o.parent_id = 5;
	assert_int_equal(apply_org(&o, "{\"name\": null, \"parent_id\": -3,"
	    " \"doc_no\": \" 1-QĐ \"}", &doc, &err), 0);
	assert_string_equal(o.name, "Chi bộ A");
	assert_int_equal(o.parent_id, -3);
	assert_string_equal(doc, "1-QĐ");
	free(doc);
	assert_int_equal(apply_org(&o, "{\"parent_id\": null}", &doc, &err),
	    0);
	assert_int_equal(o.parent_id, 0);
	assert_null(doc);
	assert_int_not_equal(apply_org(&o, "{\"path\": \"/1/\", \"valid_to\":"
	    " \"\", \"kind\": \"club\", \"code\": 4, \"doc_no\": 1,"
	    " \"version\": 1}", &doc, &err), 0);
	assert_null(doc);
	assert_int_equal(err.nfields, 6);
	ferr_is(&err, 0, "path", "unknown_field", NULL);
	ferr_is(&err, 1, "valid_to", "invalid_date", "");
	ferr_is(&err, 2, "kind", "invalid_value", "central, province, "
	    "upper_grassroots, grassroots, grassroots_cell, sub_committee, "
	    "cell, group");
	ferr_is(&err, 3, "code", "wrong_type", "string");
	ferr_is(&err, 4, "doc_no", "wrong_type", "string");
	ferr_is(&err, 5, "version", "unknown_field", NULL);
	org_release(&o);

	/* Member: read-only fields are read_only (unless equal to the
	 * stored value in a patch), null and "" clear, a reference <= 0 is
	 * org_not_found. */
	member_init(&m);
	m.org_id = 7;
	strcpy(m.exempt_since, "2020-01-01");
	assert_int_equal(apply_member(&m, "{\"exempt_since\": \"\","
	    " \"version\": 0}", false, &err), 0);
	assert_string_equal(m.exempt_since, "");
	assert_int_equal(apply_member(&m, "{\"org_id\": null}", false, &err),
	    0);
	assert_int_equal(m.org_id, 0);
	assert_int_not_equal(apply_member(&m, "{\"version\": 0, \"org_id\": 0,"
	    " \"gender\": \"x\", \"status\": 1, \"state\": \"active\","
	    " \"nickname\": \"x\", \"id\": 0}", true, &err),
	    0);
	assert_int_equal(err.nfields, 7);
	ferr_is(&err, 0, "version", "read_only", NULL);
	ferr_is(&err, 1, "org_id", "org_not_found", NULL);
	ferr_is(&err, 2, "gender", "invalid_value", "male, female");
	ferr_is(&err, 3, "status", "wrong_type", "string");
	ferr_is(&err, 4, "state", "read_only", NULL);
	ferr_is(&err, 5, "nickname", "unknown_field", NULL);
	ferr_is(&err, 6, "id", "read_only", NULL);
	cb_error_release(&err);
	assert_int_not_equal(apply_member(&m, "{\"status\": \"x\"}", false,
	    &err), 0);
	ferr_is(&err, 0, "status", "invalid_value", "probationary, official");
	member_release(&m);
	cb_error_release(&err);
}

static int
apply_event(struct member_event *e, const char *text, struct cb_error *err)
{
	json_t *j = json_loads(text, 0, NULL);
	int rc;

	assert_non_null(j);
	cb_error_release(err);
	member_event_release(e);
	rc = member_event_from_json(j, e, err);
	json_decref(j);
	return rc;
}

/* A member's event: read-only fields are unknown, kind and on are
 * required, the record_* kinds are not the caller's, the note becomes the
 * details; errors: unknown keys first, then kind, on, doc_no, org_id and
 * note, as the API has always answered. */
static void
event_input(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_event e;

	(void)state;
	memset(&e, 0, sizeof(e));
	assert_int_equal(apply_event(&e, "{\"note\": \" a  b \", \"on\":"
	    " \"2026-01-05\", \"kind\": \"died\", \"org_id\": -1,"
	    " \"doc_no\": null}", &err), 0);
	assert_int_equal(e.kind, MEV_DIED);
	assert_string_equal(e.on, "2026-01-05");
	assert_int_equal(e.org_id, -1);
	assert_null(e.doc_no);
	assert_string_equal(e.details, "{\"note\":\"a b\"}");
	assert_int_not_equal(apply_event(&e, "{\"note\": 5, \"org_id\":"
	    " \"x\", \"foo\": 1, \"on\": \"\", \"doc_no\": 3,"
	    " \"kind\": \"record_created\", \"details\": {},"
	    " \"member_id\": 2}", &err), 0);
	assert_int_equal(err.nfields, 8);
	ferr_is(&err, 0, "foo", "unknown_field", NULL);
	ferr_is(&err, 1, "details", "unknown_field", NULL);
	ferr_is(&err, 2, "member_id", "unknown_field", NULL);
	ferr_is(&err, 3, "kind", "invalid_value", "admitted, made_official, "
	    "transferred_in, transferred_out, moved, exempted, "
	    "exemption_ended, died, removed, expelled, left");
	ferr_is(&err, 4, "on", "invalid_date", "");
	ferr_is(&err, 5, "doc_no", "wrong_type", "string");
	ferr_is(&err, 6, "org_id", "wrong_type", "integer");
	ferr_is(&err, 7, "note", "wrong_type", "string");
	assert_int_not_equal(apply_event(&e, "{\"on\": null, \"kind\": null}",
	    &err), 0);
	assert_int_equal(err.nfields, 2);
	ferr_is(&err, 0, "kind", "required", NULL);
	ferr_is(&err, 1, "on", "required", NULL);
	assert_int_not_equal(apply_event(&e, "{\"kind\": 1}", &err), 0);
	assert_int_equal(err.nfields, 2);
	ferr_is(&err, 0, "kind", "wrong_type", "string");
	ferr_is(&err, 1, "on", "required", NULL);
	assert_int_not_equal(apply_event(&e, "[]", &err), 0);
	assert_string_equal(err.mcode, "expected_object");
	member_event_release(&e);
	cb_error_release(&err);
}

/* A discipline case (issue 14): the table's fields but the vote's three
 * counts, which the API shows as "vote": {for, against, abstain}, and
 * what svc computes; what a caller sends, the writable ones and "vote". */
static void
check_discipline(const char *sname, const struct entity *e, unsigned skip,
    const char *const *extras)
{
	json_t *props = json_object_get(schema(sname), "properties"), *p;
	const char *key;
	size_t i, k;

	for (i = 0; i < e->nfields; i++) {
		const struct field_def *f = &e->fields[i];

		if ((f->flags & skip) || strncmp(f->name, "vote_", 5) == 0)
			continue;
		if ((p = json_object_get(props, f->name)) == NULL)
			fail_msg("%s lacks %s", sname, f->name);
		check_property(sname, f, p, NULL);
	}
	json_object_foreach(props, key, p) {
		const struct field_def *f = entity_field(e, key);

		if (f != NULL && !(f->flags & skip) &&
		    strncmp(key, "vote_", 5) != 0)
			continue;
		for (k = 0; extras[k] != NULL && strcmp(extras[k], key); k++)
			;
		if (extras[k] == NULL)
			fail_msg("%s: property %s is not in the table", sname,
			    key);
	}
}

static void
discipline_schemas(void **state)
{
	static const char *const out[] = { "vote", "status", "lapses_on",
		"subject_name", "deciding_org_name", NULL };
	static const char *const in[] = { "vote", NULL };
	static const char *const notice[] = { "late", "days", NULL };
	static const char *const none[] = { NULL };

	(void)state;
	check_discipline("DisciplineCase", &discipline_case_entity, 0, out);
	check_discipline("DisciplineCaseInput", &discipline_case_entity,
	    FF_READONLY, in);
	check_discipline("DisciplineNotice", &discipline_notice_entity, 0,
	    notice);
	check_discipline("DisciplineNoticeInput", &discipline_notice_entity,
	    FF_READONLY, none);
}

/* Evaluation periods, evaluations and comments (issue 15).  An
 * evaluation's score is a number (tenths in the table), its criteria and
 * reasons arrays (JSON text in the table); the input takes score and
 * criteria although the table keeps them read-only (svc folds them). */
static void
check_evaluation(const char *sname, bool input, const char *const *extras)
{
	json_t *props = json_object_get(schema(sname), "properties"), *p;
	const struct entity *e = &evaluation_entity;
	const char *key;
	size_t i = 0, x = 0;

	json_object_foreach(props, key, p)
	{
		const struct field_def *f;
		bool special;

		while (i < e->nfields && input &&
		    (e->fields[i].flags & FF_READONLY) &&
		    strcmp(e->fields[i].name, "score") != 0 &&
		    strcmp(e->fields[i].name, "criteria") != 0)
			i++;
		if (i >= e->nfields) {
			if (extras == NULL || extras[x] == NULL ||
			    strcmp(extras[x], key) != 0)
				fail_msg("%s.%s is not the table's", sname,
				    key);
			x++;
			continue;
		}
		f = &e->fields[i++];
		assert_string_equal(key, f->name);
		special = strcmp(key, "score") == 0 ||
		    strcmp(key, "criteria") == 0 || strcmp(key, "reasons") == 0;
		if (special)
			assert_string_equal(json_string_value(json_object_get(p,
			                        "type")),
			    strcmp(key, "score") == 0 ? "number" : "array");
		else
			check_property(sname, f, p, NULL);
	}
	while (i < e->nfields && input && (e->fields[i].flags & FF_READONLY))
		i++;
	assert_int_equal(i, e->nfields);
	if (extras != NULL)
		assert_null(extras[x]);
}

static void
evaluation_schemas(void **state)
{
	static const char *const period_out[] = { "org_name", "sheet", NULL };
	static const char *const out[] = { "vote", "subject_name", "redacted",
		NULL };

	(void)state;
	check_schema("EvaluationPeriod", &evaluation_period_entity, 0,
	    period_out);
	check_schema("EvaluationPeriodInput", &evaluation_period_entity,
	    FF_READONLY, NULL);
	check_schema("EvaluationPeriodPatch", &evaluation_period_entity,
	    FF_READONLY, NULL);
	check_evaluation("Evaluation", false, out);
	check_evaluation("EvaluationInput", true, NULL);
	check_evaluation("EvaluationPatch", true, NULL);
	check_schema("EvaluationComment", &evaluation_comment_entity, 0, NULL);
	check_schema("EvaluationCommentInput", &evaluation_comment_entity,
	    FF_READONLY, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(member_schema),
		cmocka_unit_test(org_schemas),
		cmocka_unit_test(event_schemas),
		cmocka_unit_test(meeting_schemas),
		cmocka_unit_test(inspection_schemas),
		cmocka_unit_test(programme_schemas),
		cmocka_unit_test(vote_minutes_schemas),
		cmocka_unit_test(meeting_json_keys),
		cmocka_unit_test(mapper_matches),
		cmocka_unit_test(input_differences),
		cmocka_unit_test(event_input),
		cmocka_unit_test(discipline_schemas),
		cmocka_unit_test(evaluation_schemas),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
