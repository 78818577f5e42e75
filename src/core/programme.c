/* programme.c - the rules of terms and inspection programmes
 * (programme.h). */
#include "core/programme.h"

#include <stdio.h>
#include <string.h>

#include "core/validate.h"

#include "util/banned.h"

int
term_validate(const struct org_term *t, struct cb_error *err)
{
	int c;

	if (t->starts_on[0] == '\0' || t->ends_on[0] == '\0')
		return 0;
	/* A term ends after it starts: the same day is refused too, with a
	 * message that says so (date_not_after). */
	c = strcmp(t->ends_on, t->starts_on);
	if (c < 0)
		return cb_error_field(err, 0, "ends_on", "date_before",
		    "starts_on");
	if (c == 0)
		return cb_error_field(err, 0, "ends_on", "date_not_after",
		    "starts_on");
	return 0;
}

bool
term_overlaps(const struct org_term *a, const struct org_term *b)
{
	return strcmp(a->starts_on, b->ends_on) <= 0 &&
	    strcmp(b->starts_on, a->ends_on) <= 0;
}

bool
term_in_force(const struct org_term *t, const char *on)
{
	return strcmp(t->starts_on, on) <= 0 && strcmp(on, t->ends_on) <= 0;
}

int
programme_validate(const struct inspection_programme *p, struct cb_error *err)
{
	if (p->year < DATE_YEAR_MIN || p->year > DATE_YEAR_MAX)
		return cb_error_field(err, 0, "year", "invalid_value",
		    "1900-2200");
	return 0;
}

/* The value name of rule id (a list) to judge a programme of year by:
 * the one in force on its last day for org_path (committee overrides
 * included), else (a year before the rule) the rule's first version. */
static const struct rule_value *
list_for(const struct rulebook *rb, const char *id, const char *name, int year,
    const char *org_path, const char **ret_citation)
{
	const struct rule_value *val = NULL;
	const struct rule *r;
	struct rule_ref ref;
	char on[DATE_LEN];

	*ret_citation = NULL;
	snprintf(on, sizeof(on), "%04d-12-31", year);
	if (rulebook_lookup(rb, id, name, on, org_path, &ref) == 0) {
		*ret_citation = ref.citation;
		val = ref.value;
	} else if ((r = rulebook_find(rb, id)) != NULL && r->nversions > 0) {
		*ret_citation = r->versions[0].citation;
		val = rule_version_value(&r->versions[0], name);
	}
	return val != NULL && val->type == RV_LIST ? val : NULL;
}

int
programme_item_validate(const struct inspection_programme_item *it,
    const struct inspection_programme *p, const char *const *codes, size_t n,
    const struct rulebook *rb, const char *org_path, struct cb_error *err)
{
	const struct rule_value *forms, *cat;
	const char *citation = NULL, *kind;
	char allowed[200];
	size_t i, j, k;
	int bad = 0;

	if ((it->subject_org_id != 0) == (it->subject_member_id != 0))
		bad = cb_error_field(err, 0, "subject_org_id",
		    "subject_one_of", NULL);
	if (it->kind > INSPECTION_KIND_NONE &&
	    it->kind < INSPECTION_KIND__MAX &&
	    it->form > PROGRAMME_FORM_NONE && it->form < PROGRAMME_FORM__MAX) {
		kind = inspection_kind_names[it->kind];
		forms = list_for(rb, "inspection.forms", kind, p->year,
		    org_path, &citation);
		if (forms != NULL &&
		    !rule_value_has(forms, programme_form_names[it->form])) {
			allowed[0] = '\0';
			for (k = 0; k < forms->nitems; k++)
				snprintf(allowed + strlen(allowed),
				    sizeof(allowed) - strlen(allowed), "%s%s",
				    k ? ", " : "", forms->items[k]);
			bad = cb_error_field_rule(err, 0, "form",
			    "form_not_allowed", allowed, "inspection.forms",
			    citation);
		}
	}
	cat = list_for(rb, "inspection.contents", "codes", p->year, org_path,
	    &citation);
	for (i = 0; i < n; i++) {
		bool twice = false;

		for (j = 0; j < i; j++)
			twice = twice || strcmp(codes[i], codes[j]) == 0;
		if (twice)
			bad = cb_error_field_given(err, 0, "content_codes",
			    "duplicate_content", NULL,
			    strlen(codes[i]) < 40 ? codes[i] : NULL);
		else if (cat == NULL || !rule_value_has(cat, codes[i]))
			bad = cb_error_field_rule(err, 0, "content_codes",
			    "unknown_content",
			    strlen(codes[i]) < 40 ? codes[i] : "",
			    "inspection.contents", citation);
	}
	if (it->planned_from[0] != '\0' && it->planned_to[0] != '\0' &&
	    strcmp(it->planned_to, it->planned_from) < 0)
		bad = cb_error_field(err, 0, "planned_to", "date_before",
		    "planned_from");
	return bad != 0 ? -CB_EINVAL : 0;
}

int
inspection_contents_check(const struct rule *r, const struct rule_version *v,
    struct cb_error *err)
{
	static const char *const names[] = { "names", "names_en",
		"citations" };
	const struct rule_value *codes = rule_version_value(v, "codes"), *o;
	size_t i;
	int bad = 0;

	if (codes == NULL || codes->type != RV_LIST || codes->nitems == 0)
		return cb_error_field(err, 0, r->id, "rule_bad_value",
		    "codes");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		o = rule_version_value(v, names[i]);
		if (o == NULL || o->type != RV_LIST ||
		    o->nitems != codes->nitems)
			bad = cb_error_field(err, 0, r->id, "rule_bad_value",
			    names[i]);
	}
	for (i = 0; i < codes->nitems; i++)
		if (!val_code(codes->items[i]))
			bad = cb_error_field(err, 0, r->id, "rule_bad_value",
			    codes->items[i]);
	return bad != 0 ? -CB_EINVAL : 0;
}
