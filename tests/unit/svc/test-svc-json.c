/*
 * test-svc-json.c - reading members and organisations from JSON: every bad
 * field reported with its code, text cleaned to NFC, nothing else changed;
 * and the messages every code renders to.
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
#include "core/validate.h"
#include "svc/render.h"
#include "svc/svc.h"
#include "util/msg.h"
#include "util/text.h"

#include "testlib.h"

static struct rulebook rb;

static int
setup(void **state)
{
	(void)state;
	return test_rules_load(&rb);
}

static int
teardown(void **state)
{
	(void)state;
	test_rules_release(&rb);
	return 0;
}

static const struct cb_ferr *
ferr(const struct cb_error *e, const char *field)
{
	size_t i;

	for (i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].field, field) == 0)
			return &e->fields[i];
	return NULL;
}

static int
apply(struct member *m, const char *json, bool creating, struct cb_error *e)
{
	json_t *j = json_loads(json, 0, NULL);
	int rc;

	assert_non_null(j);
	cb_error_release(e);
	rc = member_apply_json(m, j, creating, &rb, "2026-11-25", e);
	json_decref(j);
	return rc;
}

static void
test_apply_good(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	json_t *out;
	size_t i;

	(void)state;
	member_init(&m);
	/* NFD input, extra spaces, an alias of an ethnic group. */
	assert_int_equal(apply(&m, "{\"full_name\": \"  Nguye\\u0302\\u0303n"
	    "   Va\\u0306n  Du\\u0303ng \", \"gender\": \"male\","
	    " \"birth_date\": \"1985-04-12\", \"ethnicity\": \"khơ-me\","
	    " \"org_id\": 7, \"status\": \"official\"}", true, &err), 0);
	assert_string_equal(m.full_name, "Nguyễn Văn Dũng");
	assert_string_equal(m.ethnicity, "Khmer");
	assert_string_equal(m.birth_date, "1985-04-12");
	assert_int_equal(m.org_id, 7);
	assert_int_equal(m.gender, GENDER_MALE);
	assert_int_equal(m.status, MSTATUS_OFFICIAL);
	out = member_to_json(&m);
	for (i = 0; member_json_fields[i]; i++)
		assert_non_null(json_object_get(out, member_json_fields[i]));
	assert_int_equal(json_object_size(out), i);
	assert_string_equal(json_string_value(json_object_get(out,
	    "full_name")), "Nguyễn Văn Dũng");
	assert_true(json_is_null(json_object_get(out, "citizen_id")));
	json_decref(out);
	/* A patch: null clears, the rest stays. */
	assert_int_equal(apply(&m, "{\"ethnicity\": null, \"phone\": "
	    "\"0912345678\"}", false, &err), 0);
	assert_null(m.ethnicity);
	assert_string_equal(m.phone, "0912345678");
	assert_string_equal(m.full_name, "Nguyễn Văn Dũng");
	/* An empty string is no value. */
	assert_int_equal(apply(&m, "{\"phone\": \"   \"}", false, &err), 0);
	assert_null(m.phone);
	member_release(&m);
	cb_error_release(&err);
}

static void
test_apply_bad(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	char *big, *json;

	(void)state;
	member_init(&m);
	assert_int_not_equal(apply(&m, "{\"full_name\": 5, \"gender\": \"x\","
	    " \"birth_date\": \"2023-02-30\", \"colour\": \"red\","
	    " \"org_id\": \"7\", \"status\": true, \"id\": 3,"
	    " \"religion\": \"a\\u0001b\"}", true, &err), 0);
	assert_int_equal(err.code, CB_EINVAL);
	assert_string_equal(ferr(&err, "full_name")->code, "wrong_type");
	assert_string_equal(ferr(&err, "gender")->code, "invalid_value");
	assert_string_equal(ferr(&err, "birth_date")->code, "invalid_date");
	assert_string_equal(ferr(&err, "colour")->code, "unknown_field");
	assert_string_equal(ferr(&err, "org_id")->code, "wrong_type");
	assert_string_equal(ferr(&err, "status")->code, "wrong_type");
	assert_string_equal(ferr(&err, "id")->code, "read_only");
	assert_string_equal(ferr(&err, "religion")->code,
	    "control_character");
	assert_int_equal(err.nfields, 8);
	/* Nothing was written into the record. */
	assert_null(m.full_name);
	assert_string_equal(m.birth_date, "");

	big = malloc(400);
	memset(big, 'a', 399);
	big[399] = '\0';
	assert_true(asprintf(&json, "{\"birthplace\": \"%s\"}", big) > 0);
	assert_int_not_equal(apply(&m, json, true, &err), 0);
	assert_string_equal(ferr(&err, "birthplace")->code, "too_long");
	assert_string_equal(ferr(&err, "birthplace")->arg, "255");
	free(json);
	free(big);
	assert_int_not_equal(apply(&m, "[1]", true, &err), 0);
	assert_string_equal(err.mcode, "expected_object");
	member_release(&m);
	cb_error_release(&err);
}

static void
test_read_only_in_patch(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;

	(void)state;
	member_init(&m);
	m.id = 12;
	m.version = 3;
	/* Sending back the stored id and version is harmless... */
	assert_int_equal(apply(&m, "{\"id\": 12, \"version\": 3}", false, &err),
	    0);
	/* ...changing them is not. */
	assert_int_not_equal(apply(&m, "{\"id\": 13}", false, &err), 0);
	assert_string_equal(ferr(&err, "id")->code, "read_only");
	member_release(&m);
	cb_error_release(&err);
}

static void
test_event_and_org_json(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_event e;
	struct org o;
	char *doc = NULL;
	json_t *j;

	(void)state;
	memset(&e, 0, sizeof(e));
	j = json_loads("{\"kind\": \"moved\", \"on\": \"2026-01-05\", "
	    "\"doc_no\": \"12-QĐ/ĐU\", \"org_id\": 4, \"note\": \"x\"}", 0, NULL);
	assert_int_equal(member_event_from_json(j, &e, &err), 0);
	assert_int_equal(e.kind, MEV_MOVED);
	assert_string_equal(e.on, "2026-01-05");
	assert_string_equal(e.details, "{\"note\":\"x\"}");
	json_decref(j);
	member_event_release(&e);
	j = json_loads("{\"kind\": \"record_created\", \"on\": \"x\"}", 0, NULL);
	assert_int_not_equal(member_event_from_json(j, &e, &err), 0);
	assert_string_equal(ferr(&err, "kind")->code, "invalid_value");
	assert_string_equal(ferr(&err, "on")->code, "invalid_date");
	json_decref(j);
	member_event_release(&e);
	cb_error_release(&err);

	org_init(&o);
	j = json_loads("{\"kind\": \"cell\", \"name\": \"Chi  bộ  A\", "
	    "\"code\": \"CB-A\", \"parent_id\": 2, \"doc_no\": \"1-QĐ\"}", 0,
	    NULL);
	assert_int_equal(org_from_json(j, &o, &doc, &err), 0);
	assert_string_equal(o.name, "Chi bộ A");
	assert_int_equal(o.kind, ORG_CELL);
	assert_int_equal(o.parent_id, 2);
	assert_string_equal(doc, "1-QĐ");
	free(doc);
	json_decref(j);
	j = json_loads("{\"kind\": \"club\", \"parent_id\": \"2\", \"x\": 1}", 0,
	    NULL);
	assert_int_not_equal(org_from_json(j, &o, &doc, &err), 0);
	assert_null(doc);
	assert_string_equal(ferr(&err, "kind")->code, "invalid_value");
	assert_string_equal(ferr(&err, "parent_id")->code, "wrong_type");
	assert_string_equal(ferr(&err, "x")->code, "unknown_field");
	json_decref(j);
	org_release(&o);
	cb_error_release(&err);
}

/*
 * jansson's allocator for the out-of-memory walk: fails once oom_left
 * allocations have been made, and counts the blocks alive, so that a
 * rendering that gives up must leave none (no leak) and free each once
 * (a double free shows as a crash or a negative count).
 */
static long oom_left = -1;	/* -1: never fail */
static long oom_live;

static void *
oom_malloc(size_t n)
{
	void *p;

	if (oom_left == 0)
		return NULL;
	if (oom_left > 0)
		oom_left--;
	if ((p = malloc(n)) != NULL)
		oom_live++;
	return p;
}

static void
oom_free(void *p)
{
	if (p == NULL)
		return;
	oom_live--;
	free(p);
}

/* Renders with the n-th allocation failing, for n = 0, 1, ... until it
 * succeeds; each failure must leave nothing allocated. */
static void
oom_walk(json_t *(*render)(const void *), const void *arg)
{
	json_t *j;
	long n;

	json_set_alloc_funcs(oom_malloc, oom_free);
	for (n = 0; ; n++) {
		oom_live = 0;
		oom_left = n;
		j = render(arg);
		oom_left = -1;
		if (j != NULL)
			break;
		assert_int_equal(oom_live, 0);
	}
	assert_true(n > 10);
	json_decref(j);
	assert_int_equal(oom_live, 0);
	json_set_alloc_funcs(malloc, free);
}

static json_t *
render_rules(const void *v)
{
	return rules_view_to_json(v);
}

static json_t *
render_detail(const void *d)
{
	return org_detail_to_json(d);
}

static void
test_render_out_of_memory(void **state)
{
	struct rule_override ovr;
	struct rules_view view;
	struct rules_view_rule vr[2];
	struct rules_view_version vv[2];
	struct rule_ref refs[2][8];
	struct org o, kids[2];
	struct org_counts kc[2];
	struct org_detail d;
	char doc_no[] = "9-QĐ/ĐU", name[] = "Đảng bộ B", code[] = "DB-B";
	size_t i, k;

	(void)state;
	/* The first two rules' first versions, the first value of the
	 * first one replaced by a committee's override. */
	assert_true(rb.nrules >= 2);
	memset(&ovr, 0, sizeof(ovr));
	ovr.org_id = 5;
	strcpy(ovr.from, "2026-01-01");
	ovr.doc_no = doc_no;
	for (i = 0; i < 2; i++) {
		const struct rule_version *v = &rb.rules[i].versions[0];

		assert_true(v->nvalues >= 1 && v->nvalues <= 8);
		for (k = 0; k < v->nvalues; k++) {
			refs[i][k].rule_id = rb.rules[i].id;
			refs[i][k].version = v;
			refs[i][k].override = i == 0 && k == 0 ? &ovr : NULL;
			refs[i][k].value = &v->values[k];
			refs[i][k].citation = v->citation;
		}
		vv[i].version = v;
		vv[i].values = refs[i];
		vr[i].rule = &rb.rules[i];
		vr[i].versions = &vv[i];
		vr[i].nversions = 1;
	}
	ovr.value = rb.rules[0].versions[0].values[0];
	view.rules = vr;
	view.n = 2;
	oom_walk(render_rules, &view);

	org_init(&o);
	o.id = 2;
	o.kind = ORG_GRASSROOTS;
	o.name = name;
	o.code = code;
	o.parent_id = 1;
	strcpy(o.valid_from, "2020-01-01");
	memset(&d, 0, sizeof(d));
	d.org = &o;
	d.parent = o;
	d.parent.id = 1;
	d.parent.kind = ORG_UPPER_GRASSROOTS;
	d.warnings.n = 1;
	d.warnings.items[0].code = "cell_below_min_official";
	d.warnings.items[0].min = 3;
	d.warnings.items[0].rule_id = "org.cell_min";
	for (i = 0; i < 2; i++) {
		kids[i] = o;
		kids[i].id = 3 + (int64_t)i;
		kids[i].kind = ORG_CELL;
		kids[i].parent_id = 2;
		memset(&kc[i], 0, sizeof(kc[i]));
	}
	d.children.items = kids;
	d.children.n = 2;
	d.child_counts = kc;
	oom_walk(render_detail, &d);
}

static void
test_messages(void **state)
{
	char *m;

	(void)state;
	m = msg_render("invalid_citizen_id", "12", LANG_VI);
	assert_string_equal(m, "Số căn cước công dân phải gồm đúng 12 chữ số.");
	free(m);
	m = msg_render("invalid_citizen_id", "12", LANG_EN);
	assert_string_equal(m, "The citizen ID must be exactly 12 digits.");
	free(m);
	m = msg_render("date_before", "admitted_on", LANG_VI);
	assert_string_equal(m, "Ngày không được trước Ngày vào Đảng.");
	free(m);
	m = msg_render("date_not_after", "starts_on", LANG_VI);
	assert_string_equal(m, "Ngày phải sau Ngày bắt đầu.");
	free(m);
	/* A number chibo computed, in the reader's notation. */
	m = msg_render_number("score_band", "70", "69.9", LANG_VI);
	assert_string_equal(m,
	    "Điểm 69,9 chưa đạt 70 điểm của mức xếp loại cao hơn.");
	free(m);
	m = msg_render_number("score_band", "70", "69.9", LANG_EN);
	assert_string_equal(m,
	    "The score 69.9 is below the 70 points of the higher level.");
	free(m);
	m = msg_render_number("score_band", "70", "1.2.3", LANG_VI);
	assert_non_null(strstr(m, "Điểm 1.2.3 "));
	free(m);
	/* Dates read dd/mm/yyyy; an invalid date is echoed as given. */
	m = msg_render("date_in_future", "2026-12-07", LANG_VI);
	assert_string_equal(m, "Ngày không được sau ngày hôm nay (07/12/2026).");
	free(m);
	m = msg_render("not_yet_official", "2027-01-31", LANG_EN);
	assert_string_equal(m, "The official date (31/01/2027) has not come yet.");
	free(m);
	m = msg_render("invalid_date", "2025-02-30", LANG_EN);
	assert_string_equal(m,
	    "Invalid date: 2025-02-30 (a real date, yyyy-mm-dd or dd/mm/yyyy).");
	free(m);
	/* The value given, beside the accepted ones (arg). */
	m = msg_render_given("invalid_value", "nam, nữ", "X", LANG_VI);
	assert_string_equal(m,
	    "Giá trị «X» không hợp lệ; chọn một trong: nam, nữ.");
	free(m);
	m = msg_render_given("invalid_value", "nam, nữ", NULL, LANG_EN);
	assert_string_equal(m, "Invalid value: nam, nữ.");
	free(m);
	m = msg_render_given("required", NULL, "X", LANG_EN);
	assert_string_equal(m, "This field is required.");
	free(m);
	/* One wording for "required", the web form's too. */
	m = msg_render("required", NULL, LANG_VI);
	assert_string_equal(m, "Cần nhập trường này.");
	free(m);
	m = msg_render("no_such_code", NULL, LANG_EN);
	assert_string_equal(m, "no_such_code");
	free(m);
	assert_int_equal(msg_lang_from_header(NULL), LANG_VI);
	assert_int_equal(msg_lang_from_header("en"), LANG_EN);
	assert_int_equal(msg_lang_from_header("en-US,en;q=0.9"), LANG_EN);
	assert_int_equal(msg_lang_from_header("vi-VN,vi;q=0.9,en;q=0.8"),
	    LANG_VI);
	assert_int_equal(msg_lang_from_header("fr, en;q=0.5"), LANG_EN);
	assert_int_equal(msg_lang_from_header("en;q=0.3, vi"), LANG_VI);
	assert_int_equal(msg_lang_from_header("fr"), LANG_VI);
	assert_string_equal(msg_field_label("birth_date", LANG_EN),
	    "Date of birth");
	assert_string_equal(msg_field_label("zzz", LANG_VI), "zzz");
}

/* An audit entry as the API shows it: its label in both languages (the
 * import's from its detail), the display name, the import it belongs to. */
static void
test_audit_entry_json(void **state)
{
	struct audit_entry e;
	json_t *j;
	char *l;

	(void)state;
	audit_entry_init(&e);
	e.id = 7;
	snprintf(e.at, sizeof(e.at), "2026-11-25T01:02:03Z");
	e.actor = strdup("vanphong");
	e.actor_name = strdup("Văn phòng Đảng ủy");
	e.user_id = 2;
	e.action = strdup("member.update");
	e.object_type = strdup("member");
	e.object_id = 12;
	e.detail = strdup("{\"import_batch\":5}");
	j = audit_entry_to_json(&e, LANG_VI);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "label")),
	    "Cập nhật hồ sơ");
	assert_string_equal(
	    json_string_value(json_object_get(j, "actor_name")),
	    "Văn phòng Đảng ủy");
	assert_int_equal(json_integer_value(json_object_get(j, "import_batch")),
	    5);
	json_decref(j);
	j = audit_entry_to_json(&e, LANG_EN);
	assert_string_equal(json_string_value(json_object_get(j, "label")),
	    "Updated the record");
	json_decref(j);

	/* An import: one entry naming its file and rows. */
	free(e.action);
	free(e.object_type);
	free(e.detail);
	e.action = strdup("member.import");
	e.object_type = strdup("batch");
	e.object_id = 5;
	e.detail = strdup("{\"batch_id\":5,\"file_name\":\"DS-2026.xlsx\","
			  "\"rows\":120,\"created\":100,\"updated\":20}");
	j = audit_entry_to_json(&e, LANG_VI);
	assert_string_equal(json_string_value(json_object_get(j, "label")),
	    "Nhập tệp DS-2026.xlsx, 120 dòng");
	assert_int_equal(json_integer_value(json_object_get(j, "import_batch")),
	    5);
	json_decref(j);
	l = svc_audit_label(&e, LANG_EN);
	assert_string_equal(l, "Imported file DS-2026.xlsx, 120 rows");
	free(l);
	free(e.detail);
	e.detail = NULL;
	l = svc_audit_label(&e, LANG_VI);
	assert_string_equal(l, "Nhập danh sách đảng viên");
	free(l);

	/* No label in the table: the action is named, not hidden. */
	free(e.action);
	e.action = strdup("badge.award");
	assert_null(svc_audit_label_code(e.action));
	l = svc_audit_label(&e, LANG_VI);
	assert_string_equal(l, "Thao tác badge.award");
	free(l);
	j = audit_entry_to_json(&e, LANG_VI);
	assert_true(json_is_null(json_object_get(j, "import_batch")));
	assert_true(json_is_null(json_object_get(j, "detail")));
	json_decref(j);
	audit_entry_release(&e);
}

/* The shipped rulebook's sensitive fields (NĐ 13/2023/NĐ-CP): the list
 * of docs/security.md; a wrong list is refused when the rules load. */
static void
test_sensitive_fields(void **state)
{
	static const char *const want[] = { "birth_date", "birthplace",
		"hometown", "ethnicity", "religion", "citizen_id", "card_no",
		"dossier_no", "phone", "email" };
	struct cb_error err = CB_ERROR_INIT;
	struct rulebook bad;
	uint64_t mask = privacy_mask_of(&rb, "2026-12-01"), w = 0;
	const char *doc =
	    "{\"rulebook\": \"t\", \"version\": \"1\", \"rules\": [{\"id\":"
	    " \"privacy.sensitive_fields\", \"schema\": {\"fields\": {"
	    "\"type\": \"list\", \"max_items\": 40, \"items\": {\"type\":"
	    " \"string\", \"max_len\": 40}}}, \"versions\": [{"
	    "\"effective_from\": \"2023-07-01\", \"values\": {\"fields\":"
	    " [\"phone\", \"full_name\", \"shoe_size\"]}, \"citation\":"
	    " {\"doc\": \"13/2023/NĐ-CP\"}}]}]}";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		w |= PRIVACY_BIT(entity_field(&member_entity, want[i]) -
		    member_entity.fields);
	assert_true(mask == w);
	rulebook_init(&bad);
	assert_int_equal(rules_parse(doc, &bad, &err), -CB_EINVAL);
	assert_string_equal(err.mcode, "rulebook_invalid");
	assert_int_equal(err.nfields, 2);
	assert_string_equal(err.fields[0].code, "rule_field_not_maskable");
	assert_string_equal(err.fields[0].arg, "full_name");
	assert_string_equal(err.fields[1].code, "rule_unknown_field");
	assert_string_equal(err.fields[1].arg, "shoe_size");
	cb_error_release(&err);
	rulebook_release(&bad);
}

/* What a record withholds, its history and its export cells withhold. */
static void
test_withheld_everywhere(void **state)
{
	struct member_event e;
	struct member m;
	char buf[24];
	json_t *d;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.details = strdup("{\"changes\": {\"phone\": {\"from\": \"0912\","
			   " \"to\": \"0913\"}, \"job_title\": {\"from\":"
			   " \"a\", \"to\": \"b\"}}}");
	assert_int_equal(svc_member_event_mask(&e,
	    PRIVACY_BIT(MEMBER_F_phone)), 0);
	assert_non_null(d = json_loads(e.details, 0, NULL));
	assert_null(json_object_get(json_object_get(d, "changes"), "phone"));
	assert_non_null(json_object_get(json_object_get(d, "changes"),
	    "job_title"));
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(d, "masked"), 0)), "phone");
	assert_null(strstr(e.details, "0912"));
	json_decref(d);
	free(e.details);

	member_init(&m);
	m.phone = NULL;
	m.email = strdup("a@b.vn");
	m.org_id = 7;
	m.masked = PRIVACY_BIT(MEMBER_F_phone);
	assert_string_equal(svc_export_value(&m, MEMBER_F_phone, buf,
	    sizeof(buf)), SVC_WITHHELD);
	assert_string_equal(svc_export_value(&m, MEMBER_F_email, buf,
	    sizeof(buf)), "a@b.vn");
	assert_string_equal(svc_export_value(&m, MEMBER_F_org_id, buf,
	    sizeof(buf)), "7");
	assert_null(svc_export_value(&m, MEMBER_F_hometown, buf, sizeof(buf)));
	member_release(&m);
}

/* The meeting's field types through the generic mapper: online is a
 * JSON boolean, the times are instants given with an offset, shown in
 * UTC; a wrong value names its field and writes nothing. */
static void
test_meeting_json(void **state)
{
	struct json_apply how = { .flags = JA_CREATING | JA_REQUIRED };
	struct cb_error err = CB_ERROR_INIT;
	struct meeting m;
	json_t *in, *out;

	(void)state;
	memset(&m, 0, sizeof(m));
	in = json_loads("{\"org_id\": 9, \"kind\": \"thematic\","
	    " \"starts_at\": \"2026-03-05T19:30+07:00\","
	    " \"ends_at\": \"2026-03-05T21:30:00+07:00\", \"online\": true,"
	    " \"online_reason\": \"Đi biển\", \"topic\": \"Chuyên đề\","
	    " \"status\": \"planned\"}", 0, NULL);
	assert_non_null(in);
	assert_int_equal(entity_apply_json(&meeting_entity, &m, in, &how,
	                     &err), 0);
	json_decref(in);
	assert_true(m.online);
	assert_string_equal(m.starts_at, "2026-03-05T12:30:00Z");
	out = entity_to_json(&meeting_entity, &m);
	assert_true(json_is_true(json_object_get(out, "online")));
	assert_string_equal(json_string_value(json_object_get(out, "ends_at")),
	    "2026-03-05T14:30:00Z");
	assert_string_equal(json_string_value(json_object_get(out, "kind")),
	    "thematic");
	assert_true(json_is_null(json_object_get(out, "place")));
	json_decref(out);
	meeting_release(&m);

	memset(&m, 0, sizeof(m));
	in = json_loads("{\"org_id\": 9, \"kind\": \"regular\","
	    " \"starts_at\": \"2026-03-05T19:30\", \"ends_at\": 5,"
	    " \"online\": \"yes\", \"status\": \"held\"}", 0, NULL);
	assert_int_not_equal(entity_apply_json(&meeting_entity, &m, in, &how,
	                         &err), 0);
	json_decref(in);
	assert_string_equal(ferr(&err, "starts_at")->code, "invalid_datetime");
	assert_string_equal(ferr(&err, "ends_at")->code, "wrong_type");
	assert_string_equal(ferr(&err, "online")->code, "wrong_type");
	assert_null(m.starts_at);
	assert_false(m.online);
	meeting_release(&m);
	cb_error_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_good),
		cmocka_unit_test(test_apply_bad),
		cmocka_unit_test(test_read_only_in_patch),
		cmocka_unit_test(test_event_and_org_json),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_sensitive_fields),
		cmocka_unit_test(test_withheld_everywhere),
		cmocka_unit_test(test_render_out_of_memory),
		cmocka_unit_test(test_audit_entry_json),
		cmocka_unit_test(test_meeting_json),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
