/* validate.c - see validate.h. */
#include "core/validate.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/field.h"
#include "core/org-rules.h"
#include "core/reflist.h"
#include "util/date.h"
#include "util/text.h"

#include "util/banned.h"

bool
val_digits(const char *s, int n)
{
	int i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return i == n;
}

bool
val_email(const char *s)
{
	const char *at = strchr(s, '@');
	const char *p;

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return false;
	if (strlen(s) > 254)
		return false;
	for (p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return false;
	p = strchr(at + 1, '.');
	return p != NULL && p != at + 1 && p[1] != '\0' &&
	    s[strlen(s) - 1] != '.';
}

bool
val_phone(const char *s)
{
	int digits = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (strchr(" +.-()", *s) == NULL)
			return false;
	}
	return digits >= 8 && digits <= 15;
}

bool
val_code(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!isalnum((unsigned char)*s) && strchr("._-/", *s) == NULL)
			return false;
	return n >= 1 && n <= VAL_CODE_MAX;
}

bool
org_active_on(const struct org *o, const char *on)
{
	if (o->valid_from[0] && strcmp(on, o->valid_from) < 0)
		return false;
	return o->valid_to[0] == '\0' || strcmp(on, o->valid_to) <= 0;
}

/* A field error for a rule-based verdict: names the rule and its citation. */
static int
rule_error(struct cb_error *err, const char *field, const char *code,
    const char *arg, const struct rule_ref *ref)
{
	return cb_error_field_rule(err, 0, field, code, arg, ref->rule_id,
	    ref->citation);
}

/* A field error when the rulebook has no version in force for a date: the
 * record cannot be judged, which is a data problem worth naming. */
static int
no_rule(struct cb_error *err, const char *field, const char *rule_id)
{
	return cb_error_field_rule(err, 0, field, "rule_not_in_force", rule_id,
	    rule_id, NULL);
}

/* Checks an optional free-text field's length. */
static void
check_text(struct cb_error *err, const char *field, const char *s, size_t max)
{
	char buf[24];

	if (s != NULL && text_utf8_len(s) > max) {
		snprintf(buf, sizeof(buf), "%zu", max);
		cb_error_field(err, 0, field, "too_long", buf);
	}
}

/* Parses an optional ISO date field into *d; false (and an error) if it is
 * set but not a real date.  Sets *present. */
static bool
check_date(struct cb_error *err, const char *field, const char *s,
    struct date *d, bool *present)
{
	*present = s[0] != '\0';
	if (!*present)
		return true;
	if (date_parse_iso(s, d) != 0) {
		cb_error_field(err, 0, field, "invalid_date", s);
		*present = false;
		return false;
	}
	return true;
}

/* A name: letters, marks, spaces, apostrophes, hyphens and dots; no digits
 * or punctuation that never occurs in a Vietnamese name. */
static bool
name_chars_ok(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x80 || isalpha(c) || c == ' ' || c == '\'' ||
		    c == '-' || c == '.')
			continue;
		return false;
	}
	return true;
}

const char *
ethnicity_canonical(const struct rulebook *rb, const char *s, const char *on)
{
	return ref_canonical(rb, REF_ETHNICITY, s, on, NULL);
}

/* A text of reference list l (core/reflist.h): refused unless it is a
 * listed name as written (the edges write input in its listed form). */
static void
check_listed(struct cb_error *err, const struct rulebook *rb, enum ref_list l,
    const char *v, const char *today)
{
	struct ref_items it;
	const char *c;

	if (v == NULL)
		return;
	c = ref_canonical(rb, l, v, today, NULL);
	if (c != NULL && strcmp(c, v) == 0)
		return;
	if (ref_list_get(rb, l, today, &it) != 0)
		no_rule(err, ref_list_field(l), ref_list_rule(l));
	else
		rule_error(err, ref_list_field(l), "not_in_list", v, &it.ref);
}

int
member_official_date(const struct rulebook *rb, const char *admitted_on,
    const char *org_path, char out[DATE_LEN], struct rule_ref *ret_ref)
{
	struct date a, o;
	int64_t months;
	int rc;

	if (date_parse_iso(admitted_on, &a))
		return -CB_EINVAL;
	if ((rc = rulebook_int(rb, RULE_PROBATION, "months", admitted_on,
	         org_path, &months, ret_ref)) != 0)
		return rc;
	o = date_add_months(&a, (int)months);
	date_format_iso(&o, out);
	return 0;
}

/* Age at admission, counted by month (RULE_ADMISSION_AGE). */
static void
check_admission_age(const struct member *m, const struct rulebook *rb,
    const char *path, const struct date *birth, const char *judged_on,
    const char *field, struct cb_error *err)
{
	struct rule_ref ref_min, ref_max;
	int64_t min = 0, max = 0;
	struct date on;
	char arg[24];
	int months;

	(void)m;
	if (date_parse_iso(judged_on, &on))
		return;
	if (rulebook_int(rb, RULE_ADMISSION_AGE, "min_months", judged_on, path,
	        &min, &ref_min) != 0) {
		no_rule(err, field, RULE_ADMISSION_AGE);
		return;
	}
	if (rulebook_int(rb, RULE_ADMISSION_AGE, "max_months", judged_on, path,
	        &max, &ref_max) != 0)
		max = 0;
	months = date_month_diff(birth, &on);
	if (months < min) {
		snprintf(arg, sizeof(arg), "%" PRId64, min / 12);
		rule_error(err, field, "admission_age_too_low", arg, &ref_min);
	} else if (max > 0 && months > max) {
		snprintf(arg, sizeof(arg), "%" PRId64, max / 12);
		rule_error(err, field, "admission_age_too_high", arg,
		    &ref_max);
	}
}

/* The organisation: it exists, is open today and may hold members. */
static void
check_member_org(const struct member *m, const struct rulebook *rb,
    const struct org *org, const char *today, struct cb_error *err)
{
	struct rule_ref ref;

	if (m->org_id <= 0) {
		cb_error_field(err, 0, "org_id", "required", NULL);
		return;
	}
	if (org == NULL) {
		cb_error_field(err, 0, "org_id", "org_not_found", NULL);
		return;
	}
	if (!org_active_on(org, today)) {
		cb_error_field(err, 0, "org_id", "org_closed", org->name);
		return;
	}
	switch (org_kind_holds_members(rb, org->kind, today, org->path,
	    &ref)) {
	case 1:
		return;
	case 0:
		rule_error(err, "org_id", "org_cannot_hold_members",
		    org_kind_name(org->kind), &ref);
		return;
	default:
		no_rule(err, "org_id", RULE_HOLDING_KINDS);
		return;
	}
}

/* Status and the dates of admission, official recognition and exemption. */
static void
check_status_dates(const struct member *m, const struct rulebook *rb,
    const char *path, const char *today, const struct date *birth,
    bool have_birth, struct cb_error *err)
{
	struct date dec, adm, off, ex;
	bool have_dec, have_adm, have_off, have_ex;
	struct rule_ref ref;
	char expect[DATE_LEN];

	check_date(err, "admission_decision_date", m->admission_decision_date,
	    &dec, &have_dec);
	if (m->admitted_on[0] == '\0')
		cb_error_field(err, 0, "admitted_on", "required", NULL);
	check_date(err, "admitted_on", m->admitted_on, &adm, &have_adm);
	check_date(err, "official_on", m->official_on, &off, &have_off);
	check_date(err, "exempt_since", m->exempt_since, &ex, &have_ex);

	if (have_adm && strcmp(m->admitted_on, today) > 0)
		cb_error_field(err, 0, "admitted_on", "date_in_future", today);
	if (have_dec && strcmp(m->admission_decision_date, today) > 0)
		cb_error_field(err, 0, "admission_decision_date",
		    "date_in_future", today);
	if (have_dec && have_adm &&
	    strcmp(m->admission_decision_date, m->admitted_on) > 0)
		cb_error_field(err, 0, "admission_decision_date", "date_after",
		    "admitted_on");
	if (have_birth && have_adm && date_cmp(&adm, birth) <= 0)
		cb_error_field(err, 0, "admitted_on",
		    date_cmp(&adm, birth) < 0 ?
		        "date_before" :
		        "date_not_after",
		    "birth_date");
	if (have_birth && (have_dec || have_adm))
		check_admission_age(m, rb, path, birth,
		    have_dec ? m->admission_decision_date : m->admitted_on,
		    have_dec ? "admission_decision_date" : "admitted_on", err);

	switch (m->status) {
	case MSTATUS_OFFICIAL:
		if (m->official_on[0] == '\0') {
			cb_error_field(err, 0, "official_on", "required",
			    NULL);
			break;
		}
		if (!have_off || !have_adm)
			break;
		if (member_official_date(rb, m->admitted_on, path, expect,
		        &ref) != 0) {
			no_rule(err, "official_on", RULE_PROBATION);
			break;
		}
		if (strcmp(m->official_on, expect) != 0)
			rule_error(err, "official_on",
			    "official_date_mismatch", expect, &ref);
		else if (strcmp(m->official_on, today) > 0)
			cb_error_field(err, 0, "status", "not_yet_official",
			    m->official_on);
		break;
	case MSTATUS_PROBATIONARY:
		if (m->official_on[0] != '\0')
			cb_error_field(err, 0, "official_on",
			    "probationary_has_official_date", NULL);
		break;
	default:
		cb_error_field(err, 0, "status",
		    m->status == MSTATUS_NONE ? "required" : "invalid_value",
		    NULL);
		break;
	}

	if (have_ex) {
		if (strcmp(m->exempt_since, today) > 0)
			cb_error_field(err, 0, "exempt_since",
			    "date_in_future", today);
		else if (have_adm && date_cmp(&ex, &adm) < 0)
			cb_error_field(err, 0, "exempt_since", "date_before",
			    "admitted_on");
	}
}

int
member_validate(const struct member *m, const struct rulebook *rb,
    const struct org *org, const char *today, struct cb_error *err)
{
	struct cb_error local = CB_ERROR_INIT;
	struct rule_ref ref;
	struct date birth;
	bool have_birth;
	int64_t digits;
	const char *path = org != NULL ? org->path : NULL;
	int rc;

	/* Collect into a local error so "any problem" is easy to tell. */
	if (m->full_name == NULL || m->full_name[0] == '\0')
		cb_error_field(&local, 0, "full_name", "required", NULL);
	else if (text_utf8_len(m->full_name) > VAL_NAME_MAX)
		check_text(&local, "full_name", m->full_name, VAL_NAME_MAX);
	else if (!name_chars_ok(m->full_name))
		cb_error_field(&local, 0, "full_name", "invalid_name", NULL);

	if (m->gender == GENDER_NONE)
		cb_error_field(&local, 0, "gender", "required", NULL);

	if (m->birth_date[0] == '\0')
		cb_error_field(&local, 0, "birth_date", "required", NULL);
	check_date(&local, "birth_date", m->birth_date, &birth, &have_birth);
	if (have_birth && strcmp(m->birth_date, today) > 0) {
		cb_error_field(&local, 0, "birth_date", "date_in_future",
		    today);
		have_birth = false;
	}

	check_text(&local, "birthplace", m->birthplace, VAL_TEXT_MAX);
	check_text(&local, "hometown", m->hometown, VAL_TEXT_MAX);
	check_listed(&local, rb, REF_RELIGION, m->religion, today);
	check_listed(&local, rb, REF_JOB_TITLE, m->job_title, today);
	check_listed(&local, rb, REF_EDUCATION, m->education, today);
	check_listed(&local, rb, REF_PROFESSIONAL, m->professional_level,
	    today);
	check_listed(&local, rb, REF_THEORY, m->theory_level, today);

	if (m->ethnicity != NULL) {
		const char *c = ethnicity_canonical(rb, m->ethnicity, today);

		if (c == NULL || strcmp(c, m->ethnicity) != 0) {
			if (rulebook_lookup(rb, RULE_ETHNICITIES, "names",
			        today, NULL, &ref) == 0)
				rule_error(&local, "ethnicity",
				    "unknown_ethnicity", m->ethnicity, &ref);
			else
				no_rule(&local, "ethnicity", RULE_ETHNICITIES);
		}
	}

	if (m->citizen_id != NULL) {
		if (rulebook_int(rb, RULE_CITIZEN_ID, "digits", today, path,
		        &digits, &ref) != 0)
			no_rule(&local, "citizen_id", RULE_CITIZEN_ID);
		else if (!val_digits(m->citizen_id, (int)digits)) {
			char arg[24];

			snprintf(arg, sizeof(arg), "%" PRId64, digits);
			rule_error(&local, "citizen_id", "invalid_citizen_id",
			    arg, &ref);
		}
	}
	if (m->card_no != NULL && !val_code(m->card_no))
		cb_error_field(&local, 0, "card_no", "invalid_code", NULL);
	if (m->dossier_no != NULL && !val_code(m->dossier_no))
		cb_error_field(&local, 0, "dossier_no", "invalid_code", NULL);
	if (m->phone != NULL && !val_phone(m->phone))
		cb_error_field(&local, 0, "phone", "invalid_phone", NULL);
	if (m->email != NULL && !val_email(m->email))
		cb_error_field(&local, 0, "email", "invalid_email", NULL);

	/* A member off the rolls (died, transferred out, ...) keeps the
	 * organisation they last belonged to, open or not. */
	if (m->state == MSTATE_ACTIVE)
		check_member_org(m, rb, org, today, &local);
	else if (m->org_id > 0 && org == NULL)
		cb_error_field(&local, 0, "org_id", "org_not_found", NULL);
	check_status_dates(m, rb, path, today, &birth, have_birth, &local);

	rc = local.code == CB_OK ? 0 : -local.code;
	if (rc != 0) {
		size_t i;

		for (i = 0; i < local.nfields; i++) {
			const struct cb_ferr *f = &local.fields[i];

			cb_error_field_rule(err, f->row, f->field, f->code,
			    f->arg, f->rule, f->citation);
		}
	}
	cb_error_release(&local);
	return rc;
}

int
org_validate(const struct org *o, const struct org *parent,
    struct cb_error *err)
{
	struct cb_error local = CB_ERROR_INIT;
	struct date d;
	size_t i;
	int rc;

	if (o->kind == ORG_KIND_NONE)
		cb_error_field(&local, 0, "kind", "required", NULL);
	else if (parent == NULL && !org_kind_child_ok(ORG_KIND_NONE, o->kind))
		cb_error_field(&local, 0, "kind", "kind_not_allowed_as_root",
		    org_kind_name(o->kind));
	else if (parent != NULL && !org_kind_child_ok(parent->kind, o->kind))
		cb_error_field(&local, 0, "kind", "kind_not_allowed_under",
		    org_kind_name(parent->kind));
	if (o->name == NULL || o->name[0] == '\0')
		cb_error_field(&local, 0, "name", "required", NULL);
	else
		check_text(&local, "name", o->name, VAL_ORG_NAME_MAX);
	if (o->code == NULL || o->code[0] == '\0')
		cb_error_field(&local, 0, "code", "required", NULL);
	else if (!val_code(o->code))
		cb_error_field(&local, 0, "code", "invalid_code", NULL);
	if (o->valid_from[0] == '\0')
		cb_error_field(&local, 0, "valid_from", "required", NULL);
	else if (date_parse_iso(o->valid_from, &d))
		cb_error_field(&local, 0, "valid_from", "invalid_date",
		    o->valid_from);
	if (o->valid_to[0] != '\0') {
		if (date_parse_iso(o->valid_to, &d))
			cb_error_field(&local, 0, "valid_to", "invalid_date",
			    o->valid_to);
		else if (o->valid_from[0] &&
		    strcmp(o->valid_to, o->valid_from) < 0)
			cb_error_field(&local, 0, "valid_to", "date_before",
			    "valid_from");
	}
	if (parent != NULL && o->valid_from[0] != '\0') {
		if (strcmp(o->valid_from, parent->valid_from) < 0)
			cb_error_field(&local, 0, "valid_from", "date_before",
			    "parent.valid_from");
		else if (parent->valid_to[0] != '\0' &&
		    strcmp(o->valid_from, parent->valid_to) > 0)
			cb_error_field(&local, 0, "parent_id", "org_closed",
			    parent->name);
	}
	rc = local.code == CB_OK ? 0 : -local.code;
	for (i = 0; i < local.nfields; i++) {
		const struct cb_ferr *f = &local.fields[i];

		cb_error_field_rule(err, f->row, f->field, f->code, f->arg,
		    f->rule, f->citation);
	}
	cb_error_release(&local);
	return rc;
}

/*
 * Errors that judge two fields together, and where they land when only
 * one of the two was edited.  "other" NULL: the other field is the
 * error's argument (date_before / date_after name it); moved there, the
 * comparison is turned round ("flipped") and names the field it left.
 */
static const struct pair_error {
	const char *code;
	const char *other;
	const char *flipped;
} pair_errors[] = {
	{ "admission_age_too_low", "birth_date", NULL },
	{ "admission_age_too_high", "birth_date", NULL },
	{ "date_before", NULL, "date_after" },
	{ "date_after", NULL, "date_before" },
};

/* True if member field name differs between a and b (an unknown name:
 * false, so nothing moves onto it). */
static bool
member_field_changed(const char *name, const struct member *a,
    const struct member *b)
{
	const struct field_def *f = entity_field(&member_entity, name);
	char ba[32], bb[32];
	const char *va, *vb;

	if (f == NULL)
		return false;
	va = field_get_text(f, a, ba, sizeof(ba));
	vb = field_get_text(f, b, bb, sizeof(bb));
	if (va == NULL || vb == NULL)
		return va != vb;
	return strcmp(va, vb) != 0;
}

int
member_errors_follow_edit(struct cb_error *err, const struct member *before,
    const struct member *after)
{
	size_t i, k;

	for (i = 0; i < err->nfields; i++) {
		struct cb_ferr *f = &err->fields[i];

		for (k = 0; k < sizeof(pair_errors) / sizeof(pair_errors[0]);
		     k++) {
			const struct pair_error *p = &pair_errors[k];
			const char *other = p->other ? p->other : f->arg;
			char *nfield, *narg = NULL, *ncode = NULL;

			if (f->code == NULL || strcmp(f->code, p->code) != 0 ||
			    other == NULL || f->field == NULL)
				continue;
			if (member_field_changed(f->field, before, after) ||
			    !member_field_changed(other, before, after))
				break;
			if ((nfield = strdup(other)) == NULL ||
			    (p->flipped != NULL &&
			        ((narg = strdup(f->field)) == NULL ||
			            (ncode = strdup(p->flipped)) == NULL))) {
				free(nfield);
				free(narg);
				free(ncode);
				return -CB_ENOMEM;
			}
			if (p->flipped != NULL) {
				free(f->arg);
				f->arg = narg;
				free(f->code);
				f->code = ncode;
			}
			free(f->field);
			f->field = nfield;
			break;
		}
	}
	return 0;
}
