/*
 * render.h - the JSON renderings of the use cases' results, shared by
 * both edges (src/http, src/cli): the use cases return structs
 * (svc.h), and JSON is one rendering of them, as PDF, XLSX or ICS may
 * be others.  Each returns a new reference, or NULL when out of memory.
 * The fields and their values are the API's (docs/api.md).
 */
#ifndef CHIBO_SVC_RENDER_H
#define CHIBO_SVC_RENDER_H

#include <jansson.h>

#include "core/org-rules.h"
#include "core/rulebook.h"
#include "svc/svc.h"

/* The compact text of j (an object or an array), the bytes
 * json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15)) writes, faster
 * (json-dump.c); its length in *ret_len.  NULL: out of memory, or j is
 * neither. */
char *json_dumps_api(const json_t *j, size_t *ret_len);
/* JSON text written piece by piece the same way (a renderer that writes
 * its answer without a tree): zero it, append, finish (the malloc'd
 * text, NUL-terminated, or NULL out of memory: the buffer is freed). */
struct jtext {
	char *buf;
	size_t len, cap;
	bool oom;
};
void jtext_raw(struct jtext *o, const char *s, size_t n);
/* s a string literal (only a literal concatenates with ""). */
#define jtext_lit(o, s) jtext_raw((o), "" s, sizeof(s) - 1)
void jtext_int(struct jtext *o, int64_t v);
void jtext_real(struct jtext *o, double d);
void jtext_string(struct jtext *o, const char *s); /* valid UTF-8 */
void jtext_value(struct jtext *o, const json_t *j);
char *jtext_finish(struct jtext *o, size_t *ret_len);

/* A rulebook value: an integer, a string or an array of strings. */
json_t *rule_value_to_json(const struct rule_value *v);
/* The rules as GET /api/v1/rules shows them under "rules": [{"id",
 * "title_vi", "title_en", "versions": [{"effective_from",
 * "effective_to", "values", "citation", "confirmed", "note",
 * "overrides"}]}]. */
json_t *rules_view_to_json(const struct rules_view *v);
/* [{"code", "min", "rule", "citation"}] */
json_t *org_warnings_to_json(const struct org_warnings *w);
/* {"members_direct", "members", "official", "probationary", "children",
 * "descendants"} */
json_t *org_counts_to_json(const struct org_counts *c);
/* The organisation (org_to_json) with "counts", "warnings", "parent"
 * and "children" (each with its "counts"). */
json_t *org_detail_to_json(const struct org_detail *d);
/* {"created": [the new organisations' ids]} */
json_t *org_split_to_json(const struct org_split_result *r);
/* {"org_id", "as_of", "members", "by_status", "by_gender", "exempted",
 * "by_age_band", "by_theory_level", "by_ethnicity", "orgs_by_kind",
 * "rule"} */
/* The probation list: {"on", "notice_days", "rules": {"period",
 * "notice"}, "items": [{"member_id", "full_name", "org_id", "org_name",
 * "admitted_on", "ends_on", "days", "state" (overdue, due, running),
 * "rule", "citation"}],
 * "truncated"}. */
json_t *probation_to_json(const struct probation_report *r);
json_t *org_stats_to_json(const struct org_stats_report *r);

/* {"user_id", "username", "display_name", "member_id", "grants":
 * [{"role", "org_id", "org_code", "org_name"}]}: the signed-in account. */
json_t *principal_to_json(const struct principal *p);
/* {"id", "username", "display_name", "member_id", "disabled", "grants",
 * "created_at"}; no secret ever. */
json_t *user_to_json(const struct user *u);
/* {"id", "user", "name", "prefix", "created_at", "expires_at",
 * "revoked_at", "last_used_at"}; never the token. */
json_t *api_token_to_json(const struct api_token *t);
/* {"id", "at", "actor", "actor_name", "user_id", "addr", "action",
 * "label", "object_type", "object_id", "object_name", "org_id", "before", "after",
 * "detail", "import_batch", "prev_hash", "hash"}; label in lang
 * (svc_audit_label), import_batch the import a member entry came from
 * (its detail's "import_batch", or the batch of an import entry) or
 * null. */
json_t *audit_entry_to_json(const struct audit_entry *e, enum lang lang);

#endif
