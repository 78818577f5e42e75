/* inspection.c - inspections and supervisions: names, release, checks
 * (inspection.h). */
#include "core/inspection.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/rulebook.h"

#include "util/banned.h"

const char *const insp_body_names[INSP_BODY__MAX] = {
	[INSP_BODY_COMMITTEE] = "committee",
	[INSP_BODY_COMMISSION] = "inspection_commission",
	[INSP_BODY_CELL] = "cell",
};

const char *const insp_kind_names[INSP_KIND__MAX] = {
	[INSP_KIND_INSPECTION] = "inspection",
	[INSP_KIND_SUPERVISION] = "supervision",
};

const char *const insp_form_names[INSP_FORM__MAX] = {
	[INSP_FORM_REGULAR] = "regular",
	[INSP_FORM_THEMATIC] = "thematic",
	[INSP_FORM_SIGNS] = "on_signs_of_violation",
	[INSP_FORM_SELF] = "self",
};

const char *const insp_status_names[INSP_STATUS__MAX] = {
	[INSP_PLANNED] = "planned",
	[INSP_IN_PROGRESS] = "in_progress",
	[INSP_CONCLUDED] = "concluded",
	[INSP_CANCELLED] = "cancelled",
};

void
inspection_release(struct inspection *i)
{
	if (i == NULL)
		return;
	entity_release_strings(&inspection_entity, i);
	memset(i, 0, sizeof(*i));
}

void
inspection_list_release(struct inspection_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		inspection_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
inspection_recommendation_release(struct inspection_recommendation *r)
{
	if (r == NULL)
		return;
	entity_release_strings(&inspection_recommendation_entity, r);
	memset(r, 0, sizeof(*r));
}

void
inspection_recommendation_list_release(
    struct inspection_recommendation_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		inspection_recommendation_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
inspection_attachment_release(struct inspection_attachment *a)
{
	if (a == NULL)
		return;
	free(a->name);
	free(a->content_type);
	free(a->recorded_by);
	free(a->created_at);
	memset(a, 0, sizeof(*a));
}

void
inspection_attachment_list_release(struct inspection_attachment_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		inspection_attachment_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

int
inspection_validate(const struct inspection *i, struct cb_error *err)
{
	int bad = 0;

	if (i->subject_org_id == 0 && i->subject_member_id == 0)
		bad = cb_error_field(err, 0, "subject_org_id",
		    "subject_required", NULL);
	else if (i->subject_org_id != 0 && i->subject_member_id != 0)
		bad = cb_error_field(err, 0, "subject_member_id",
		    "subject_conflict", NULL);
	if (i->form != INSP_FORM_NONE && i->org_id != 0 &&
	    (i->form == INSP_FORM_SELF) !=
	        (i->subject_org_id == i->org_id && i->subject_member_id == 0))
		bad = cb_error_field(err, 0, "form", "self_subject_mismatch",
		    NULL);
	if (i->from[0] && i->to[0] && strcmp(i->to, i->from) < 0)
		bad = cb_error_field(err, 0, "to", "date_before", "from");
	if (i->decided_on[0] && i->from[0] &&
	    strcmp(i->from, i->decided_on) < 0)
		bad = cb_error_field(err, 0, "from", "date_before",
		    "decided_on");
	if (i->status == INSP_CONCLUDED &&
	    (i->conclusion == NULL || i->conclusion[0] == '\0'))
		bad = cb_error_field(err, 0, "conclusion", "required", NULL);
	return bad;
}

bool
insp_body_fits(enum insp_body body, enum org_kind k)
{
	if (k == ORG_KIND_NONE)
		return true;
	switch (body) {
	case INSP_BODY_CELL:
		return k == ORG_CELL || k == ORG_GRASSROOTS_CELL;
	case INSP_BODY_COMMISSION:
		return k == ORG_CENTRAL || k == ORG_PROVINCE ||
		    k == ORG_UPPER_GRASSROOTS || k == ORG_GRASSROOTS;
	case INSP_BODY_COMMITTEE:
		return k != ORG_CELL && k != ORG_GROUP &&
		    k != ORG_GRASSROOTS_CELL;
	case INSP_BODY_NONE:
	case INSP_BODY__MAX:
	default:
		return true;
	}
}

bool
inspection_recommendation_overdue(const struct inspection_recommendation *r,
    const char *today)
{
	return r->done_on[0] == '\0' && r->due_on[0] != '\0' &&
	    strcmp(r->due_on, today) < 0;
}

int
inspection_recommendation_validate(const struct inspection_recommendation *r,
    const char *today, struct cb_error *err)
{
	int bad = 0;

	if (r->result != NULL && r->result[0] != '\0' && r->done_on[0] == '\0')
		bad = cb_error_field(err, 0, "done_on", "required", NULL);
	if (r->done_on[0] && strcmp(r->done_on, today) > 0)
		bad = cb_error_field(err, 0, "done_on", "date_in_future",
		    today);
	return bad;
}

int
inspection_rules_check(const struct inspection *i, const char *const *codes,
    size_t n, const struct rulebook *rb, const char *on, const char *org_path,
    struct cb_error *err)
{
	const struct rule_value *forms, *cat;
	const char *citation = NULL;
	char allowed[200];
	size_t k;
	int bad = 0;

	if (i->kind > INSP_KIND_NONE && i->kind < INSP_KIND__MAX &&
	    i->form > INSP_FORM_NONE && i->form < INSP_FORM__MAX &&
	    i->form != INSP_FORM_SELF) {
		forms = rulebook_list_or_first(rb, "inspection.forms",
		    insp_kind_names[i->kind], on, org_path, &citation);
		if (forms != NULL &&
		    !rule_value_has(forms, insp_form_names[i->form])) {
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
	cat = rulebook_list_or_first(rb, "inspection.contents", "codes", on,
	    org_path, &citation);
	for (k = 0; k < n; k++)
		if (cat == NULL || !rule_value_has(cat, codes[k]))
			bad = cb_error_field_rule(err, 0, "content_codes",
			    "unknown_content",
			    strlen(codes[k]) < 40 ? codes[k] : "",
			    "inspection.contents", citation);
	return bad != 0 ? -CB_EINVAL : 0;
}
