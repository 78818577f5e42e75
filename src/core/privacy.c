/*
 * privacy.c - the sensitive fields of a member (rulebook data) and what a
 * names-only answer keeps.  See privacy.h and docs/security.md.
 */
#include "core/privacy.h"

#include <string.h>

#include "core/entity.h"
#include "core/field.h"

#include "util/banned.h"

_Static_assert(MEMBER_F__MAX <= 64, "a field mask is 64 bits");

bool
privacy_field_maskable(size_t i)
{
	unsigned int fl;

	if (i >= member_entity.nfields)
		return false;
	fl = member_entity.fields[i].flags;
	return (fl & FF_PERSONAL) && !(fl & (FF_KEY | FF_READONLY));
}

uint64_t
privacy_mask_all(void)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < member_entity.nfields; i++)
		if (privacy_field_maskable(i))
			m |= PRIVACY_BIT(i);
	return m;
}

int
privacy_mask_from(const struct rule_value *v, const char *rule_id,
    uint64_t *ret, struct cb_error *err)
{
	uint64_t m = 0;
	size_t i, k;
	int bad = 0;

	*ret = 0;
	if (v == NULL || v->type != RV_LIST)
		return cb_error_field(err, 0, rule_id, "rule_value_invalid",
		    PRIVACY_FIELDS);
	for (k = 0; k < v->nitems; k++) {
		for (i = 0; i < member_entity.nfields; i++)
			if (strcmp(member_entity.fields[i].name,
			        v->items[k]) == 0)
				break;
		if (i == member_entity.nfields)
			bad = cb_error_field(err, 0, rule_id,
			    "rule_unknown_field", v->items[k]);
		else if (!privacy_field_maskable(i))
			bad = cb_error_field(err, 0, rule_id,
			    "rule_field_not_maskable", v->items[k]);
		else
			m |= PRIVACY_BIT(i);
	}
	if (bad)
		return -CB_EINVAL;
	*ret = m;
	return 0;
}

uint64_t
privacy_mask_of(const struct rulebook *rb, const char *on)
{
	struct rule_ref ref;
	uint64_t m;

	if (rb == NULL || on == NULL ||
	    rulebook_lookup(rb, PRIVACY_RULE, PRIVACY_FIELDS, on, NULL,
	        &ref) != 0 ||
	    privacy_mask_from(ref.value, PRIVACY_RULE, &m, NULL) != 0)
		return privacy_mask_all();
	return m;
}

uint64_t
privacy_roster_mask(void)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < member_entity.nfields; i++) {
		const struct field_def *f = &member_entity.fields[i];

		if (f->flags & (FF_KEY | FF_READONLY))
			continue;
		if (i == MEMBER_F_full_name || i == MEMBER_F_org_id ||
		    i == MEMBER_F_status)
			continue;
		m |= PRIVACY_BIT(i);
	}
	return m;
}
