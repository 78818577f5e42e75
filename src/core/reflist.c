/* reflist.c - see reflist.h. */
#include "core/reflist.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/text.h"

#include "util/banned.h"

static const struct {
	const char *rule;
	const char *field;
} lists[REF__MAX] = {
	[REF_ETHNICITY] = { "ref.ethnicities", "ethnicity" },
	[REF_EDUCATION] = { "ref.education", "education" },
	[REF_PROFESSIONAL] = { "ref.professional_levels",
	    "professional_level" },
	[REF_THEORY] = { "ref.theory_levels", "theory_level" },
	[REF_RELIGION] = { "ref.religions", "religion" },
	[REF_JOB_TITLE] = { "ref.job_titles", "job_title" },
};

const char *
ref_list_rule(enum ref_list l)
{
	return (int)l >= 0 && l < REF__MAX ? lists[l].rule : NULL;
}

const char *
ref_list_field(enum ref_list l)
{
	return (int)l >= 0 && l < REF__MAX ? lists[l].field : NULL;
}

int
ref_list_of_field(const char *field)
{
	int i;

	for (i = 0; field != NULL && i < REF__MAX; i++)
		if (strcmp(lists[i].field, field) == 0)
			return i;
	return -1;
}

static const struct rule_value *
list_value(const struct rule_version *v, const char *name)
{
	const struct rule_value *x = rule_version_value(v, name);

	return x != NULL && x->type == RV_LIST ? x : NULL;
}

int
ref_list_get(const struct rulebook *rb, enum ref_list l, const char *on,
    struct ref_items *ret)
{
	memset(ret, 0, sizeof(*ret));
	if ((int)l < 0 || l >= REF__MAX ||
	    rulebook_lookup(rb, lists[l].rule, "names", on, NULL, &ret->ref) !=
	        0 ||
	    ret->ref.value->type != RV_LIST)
		return -CB_ENOTFOUND;
	ret->names = ret->ref.value;
	ret->codes = list_value(ret->ref.version, "codes");
	ret->names_en = list_value(ret->ref.version, "names_en");
	ret->aliases = list_value(ret->ref.version, "aliases");
	if ((ret->codes != NULL && ret->codes->nitems != ret->names->nitems) ||
	    (ret->names_en != NULL &&
	        ret->names_en->nitems != ret->names->nitems))
		ret->codes = ret->names_en = NULL;
	return 0;
}

/* s folded (no case, tone marks or đ) without the characters that
 * spellings differ by: spaces, hyphens, apostrophes, commas, dots. */
static char *
fold_key(const char *s, size_t n)
{
	char *t = strndup(s, n), *f, *r, *w;

	if (t == NULL)
		return NULL;
	f = text_fold(t);
	free(t);
	if (f == NULL)
		return NULL;
	for (r = w = f; *r; r++)
		if (*r != ' ' && *r != '-' && *r != '\'' && *r != ',' &&
		    *r != '.')
			*w++ = *r;
	*w = '\0';
	return f;
}

static bool
key_is(const char *item, size_t n, const char *key)
{
	char *f = fold_key(item, n);
	bool eq = f != NULL && strcmp(f, key) == 0;

	free(f);
	return eq;
}

static ptrdiff_t
name_index(const struct rule_value *names, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < names->nitems; i++)
		if (strlen(names->items[i]) == n &&
		    strncmp(names->items[i], name, n) == 0)
			return (ptrdiff_t)i;
	return -1;
}

/* The index in it.names of what key (folded) names, or -1. */
static ptrdiff_t
find_key(const struct ref_items *it, const char *key)
{
	const struct rule_value *by[] = { it->names, it->codes, it->names_en };
	size_t i, k;

	for (k = 0; k < sizeof(by) / sizeof(by[0]); k++)
		for (i = 0; by[k] != NULL && i < by[k]->nitems; i++)
			if (key_is(by[k]->items[i], strlen(by[k]->items[i]),
			        key))
				return (ptrdiff_t)i;
	for (i = 0; it->aliases != NULL && i < it->aliases->nitems; i++) {
		const char *a = it->aliases->items[i];
		const char *eq = strchr(a, '=');

		if (eq != NULL && key_is(a, (size_t)(eq - a), key))
			return name_index(it->names, eq + 1, strlen(eq + 1));
	}
	return -1;
}

const char *
ref_canonical(const struct rulebook *rb, enum ref_list l, const char *s,
    const char *on, size_t *ret_index)
{
	struct ref_items it;
	ptrdiff_t i;
	char *key;

	if (s == NULL || ref_list_get(rb, l, on, &it) != 0)
		return NULL;
	if ((i = name_index(it.names, s, strlen(s))) < 0) {
		if ((key = fold_key(s, strlen(s))) == NULL)
			return NULL;
		i = key[0] != '\0' ? find_key(&it, key) : -1;
		free(key);
	}
	if (i < 0)
		return NULL;
	if (ret_index != NULL)
		*ret_index = (size_t)i;
	return it.names->items[i];
}

const char *
ref_code(const struct rulebook *rb, enum ref_list l, const char *name,
    const char *on)
{
	struct ref_items it;
	ptrdiff_t i;

	if (name == NULL || ref_list_get(rb, l, on, &it) != 0 ||
	    (i = name_index(it.names, name, strlen(name))) < 0)
		return NULL;
	return it.codes != NULL ? it.codes->items[i] : it.names->items[i];
}

/* ------------------------------------------------------------ check */

static bool
code_ok(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		        *s == '_'))
			return false;
	return true;
}

struct keyed {
	char *key;
	size_t item;
};

static int
add_key(struct keyed *keys, size_t *n, const char *s, size_t len, size_t item)
{
	if ((keys[*n].key = fold_key(s, len)) == NULL)
		return -CB_ENOMEM;
	keys[(*n)++].item = item;
	return 0;
}

int
ref_list_check(const struct rule *r, const struct rule_version *v,
    struct cb_error *err)
{
	const struct rule_value *names = list_value(v, "names");
	const struct rule_value *codes = rule_version_value(v, "codes");
	const struct rule_value *en = rule_version_value(v, "names_en");
	const struct rule_value *aliases = rule_version_value(v, "aliases");
	struct keyed *keys = NULL;
	size_t i, j, n = 0, cap;
	int bad = 0, rc = 0;

	if (names == NULL || names->nitems == 0)
		return cb_error_field(err, 0, r->id, "rule_bad_value",
		    "names");
	if ((codes != NULL &&
	        (codes->type != RV_LIST || codes->nitems != names->nitems)) ||
	    (en != NULL &&
	        (en->type != RV_LIST || en->nitems != names->nitems)) ||
	    (aliases != NULL && aliases->type != RV_LIST))
		return cb_error_field(err, 0, r->id, "rule_bad_value",
		    codes != NULL &&
		            (codes->type != RV_LIST ||
		                codes->nitems != names->nitems) ?
		        "codes" :
		        en != NULL &&
		            (en->type != RV_LIST ||
		                en->nitems != names->nitems) ?
		        "names_en" :
		        "aliases");
	for (i = 0; codes != NULL && i < codes->nitems; i++) {
		if (!code_ok(codes->items[i]))
			bad = cb_error_field(err, 0, r->id, "rule_bad_value",
			    codes->items[i]);
		for (j = 0; j < i; j++)
			if (strcmp(codes->items[i], codes->items[j]) == 0)
				bad = cb_error_field(err, 0, r->id,
				    "rule_bad_value", codes->items[i]);
	}
	cap = names->nitems * 3 + (aliases != NULL ? aliases->nitems : 0);
	if ((keys = calloc(cap, sizeof(*keys))) == NULL)
		return -CB_ENOMEM;
	for (i = 0; i < names->nitems && rc == 0; i++) {
		rc = add_key(keys, &n, names->items[i],
		    strlen(names->items[i]), i);
		if (rc == 0 && codes != NULL)
			rc = add_key(keys, &n, codes->items[i],
			    strlen(codes->items[i]), i);
		if (rc == 0 && en != NULL)
			rc = add_key(keys, &n, en->items[i],
			    strlen(en->items[i]), i);
	}
	for (i = 0; aliases != NULL && i < aliases->nitems && rc == 0; i++) {
		const char *a = aliases->items[i], *eq = strchr(a, '=');
		ptrdiff_t to = eq != NULL ?
		    name_index(names, eq + 1, strlen(eq + 1)) :
		    -1;

		if (eq == NULL || eq == a || to < 0) {
			bad = cb_error_field(err, 0, r->id, "rule_bad_value",
			    a);
			continue;
		}
		rc = add_key(keys, &n, a, (size_t)(eq - a), (size_t)to);
	}
	/* One spelling, one item: a key that two items share would make
	 * the match depend on the list's order. */
	for (i = 0; i < n && rc == 0; i++)
		for (j = 0; j < i; j++)
			if (strcmp(keys[i].key, keys[j].key) == 0 &&
			    keys[i].item != keys[j].item) {
				bad = cb_error_field(err, 0, r->id,
				    "rule_bad_value",
				    names->items[keys[i].item]);
				break;
			}
	for (i = 0; i < n; i++)
		free(keys[i].key);
	free(keys);
	if (rc != 0)
		return rc;
	return bad;
}
