/*
 * privacy.h - which member fields are withheld, from whom.
 *
 * Which fields count as sensitive is rulebook data (rule
 * "privacy.sensitive_fields", value "fields": Nghị định 13/2023/NĐ-CP,
 * Điều 2); the field table says which fields may be named there
 * (FF_PERSONAL: personal data that a masked answer can do without).  A
 * field set is a bit mask over member_entity's fields (bit i: field i).
 * Pure: no I/O.
 */
#ifndef CHIBO_CORE_PRIVACY_H
#define CHIBO_CORE_PRIVACY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rulebook.h"
#include "util/err.h"

#define PRIVACY_RULE "privacy.sensitive_fields"
#define PRIVACY_FIELDS "fields"
/* The smallest ethnicity figure shown to a figures-only reader: groups
 * counted fewer times are shown together (svc/stats.c). */
#define PRIVACY_FIGURES_RULE "privacy.small_figures"
#define PRIVACY_MIN_COUNT "min_count"
#define PRIVACY_MIN_COUNT_MAX 100

/* The bit of member field i (its index in member_entity). */
#define PRIVACY_BIT(i) ((uint64_t)1 << (i))

/* True if member field i may be named sensitive (FF_PERSONAL, and not the
 * key or a store-made field). */
bool privacy_field_maskable(size_t i);
/* Every field that may be named sensitive: what masking clears when no
 * rulebook says otherwise (the store's default). */
uint64_t privacy_mask_all(void);
/*
 * The mask of the field names in v (an RV_LIST).  An unknown name is a
 * field error "rule_unknown_field", a field that cannot be masked (the key,
 * the name, the organisation, the status, ...) "rule_field_not_maskable",
 * both under field rule_id with the name as argument.  Returns 0 or
 * -CB_EINVAL.
 */
int privacy_mask_from(const struct rule_value *v, const char *rule_id,
    uint64_t *ret, struct cb_error *err);
/* The sensitive fields of the rulebook on date on (national value: a
 * committee override is not used, so that every reader of a register
 * withholds the same fields); privacy_mask_all() when the rule is
 * missing or invalid. */
uint64_t privacy_mask_of(const struct rulebook *rb, const char *on);
/*
 * What a principal who may list members but not read them (a figures-only
 * viewer) is shown of each: the key, the name, the organisation, the
 * status and the record's state (and the store's version and
 * timestamps); every other data field is withheld.  The mask of those
 * withheld.
 */
uint64_t privacy_roster_mask(void);

#endif
