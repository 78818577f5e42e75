/* svc-int.h - helpers shared by the use cases in src/svc/ (not an API). */
#ifndef CHIBO_SVC_SVC_INT_H
#define CHIBO_SVC_SVC_INT_H

#include "svc/svc.h"

/* Appends an organisation history entry; details (may be NULL) is stolen. */
int svc_org_event(struct svc *s, int64_t org_id, const char *kind,
    const char *on, const char *doc_no, json_t *details, struct cb_error *err);
/* Appends a member history entry; details (may be NULL) is stolen. */
int svc_member_event_add(struct svc *s, int64_t member_id,
    enum member_event_kind kind, const char *on, const char *doc_no,
    int64_t org_id, json_t *details, struct cb_error *err);
/*
 * Moves member m (as stored) to organisation to (already loaded) on date
 * on: validates the moved record, writes it and records "moved".  Inside
 * the caller's transaction.
 */
int svc_member_move(struct svc *s, struct member *m, const struct org *to,
    const char *on, const char *doc_no, const char *reason,
    struct cb_error *err);
/* Moves src's error into dst: all of it when dst holds none, else only
 * its field errors and detail (dst's first error wins).  src is released. */
void svc_error_take(struct cb_error *dst, struct cb_error *src);
/* svc_audit in the name of actor / user_id (sign-in, before anyone is). */
int svc_audit_as(struct svc *s, const char *actor, int64_t user_id,
    const char *action, const char *object_type, int64_t object_id,
    int64_t org_id, json_t *before, json_t *after, json_t *detail,
    struct cb_error *err);
/* Records that s's principal viewed m's full record (through the view
 * sink when there is one, else at once in its own transaction). */
int
svc_audit_view(struct svc *s, const struct member *m, struct cb_error *err);
/* A view of a secret record (a discipline case) for the audit trail:
 * like svc_audit_view, through the sink when there is one, but without
 * a session, so that every view is recorded (none folded into an
 * earlier one of the window). */
int svc_audit_secret_view(struct svc *s, const char *action,
    const char *object_type, int64_t object_id, int64_t org_id,
    struct cb_error *err);
/* The fields that differ between objects a and b (except version and
 * timestamps), with a's values (before) or b's (after). */
json_t *json_diff_side(const json_t *a, const json_t *b, bool before);
/* Rolls back and returns rc: the tail of every failing use case. */
int svc_fail(struct svc *s, int rc);
/* The date before ISO date on, in out. */
void svc_day_before(const char *on, char out[DATE_LEN]);
/* 0 if the principal sees organisation id, else -CB_ENOTFOUND
 * "org_not_found" (svc/meeting-ics.c). */
int svc_org_readable(struct svc *s, int64_t id, struct cb_error *err);
/* The organisation a check is asked for (org_id 0: the principal's one
 * organisation, or the one root), loaded in o and allowed act on
 * (svc_allow: outside the scope org_not_found); the meetings check
 * (ACT_ORG_READ) and the inspection check (ACT_INSPECTION_READ). */
int svc_check_org(struct svc *s, int64_t org_id, enum action act,
    struct org *o, struct cb_error *err);

/* A file given for storage (a meeting's material, an inspection's
 * attachment), judged (svc/stored-file.c). */
struct judged_file {
	char *name;         /* the file's name as given (cleaned) */
	char *content_type; /* found from the content */
	char sha256[65];    /* hex (util/hash.h HASH_HEX_LEN) */
};
void judged_file_release(struct judged_file *f);
/*
 * Judges data (len bytes, NULL: none given) named name: "file" required
 * (unless err names it already), larger than svc_material_max_bytes()
 * (-CB_ETOOBIG "material_too_large", at once), a type not told by its
 * content (unsupported_material_type), a name that is not a plain file
 * name (invalid_file_name).  0 with *ret filled, or the field error added
 * (-CB_EINVAL; err may hold the caller's errors too).
 */
int svc_file_judge(const char *name, const void *data, size_t len,
    struct judged_file *ret, struct cb_error *err);

/* The inspection coverage check's judging (svc/inspection-check.c) of
 * ret->org (loaded, its access already checked: the check's or the
 * dashboard's) for ret->year; recs false: without the recommendations
 * (the targets alone, no recommendation_overdue finding: the
 * dashboard's); on failure ret is released. */
int svc_inspection_judge(struct svc *s, struct inspection_check_report *ret,
    bool recs, struct cb_error *err);
/* The dashboard's kept figures (svc/dashboard.c).  An evaluation's
 * state for them: DASH_NONE (none, e NULL, or not of a year period),
 * DASH_PENDING (no decided level) or its decided level (enum
 * eval_level). */
int dashboard_eval_state(const struct evaluation_period *p,
    const struct evaluation *e);
/* Moves evaluation e (of period p; its scope_path the counted
 * organisation's) from state before to state after in the figures of
 * p's year, up the chain: a member's always, an organisation's when it
 * holds members (a cell).  Every evaluation write calls it, in its
 * transaction (as the system). */
int
dashboard_evaluation_changed(struct svc *s, const struct evaluation_period *p,
    const struct evaluation *e, int before, int after, struct cb_error *err);
/* The same for a discipline case written (before NULL: created; after
 * NULL: deleted): "d.<form>" of the decision's year at the subject's
 * organisation, for a case decided and not annulled. */
int dashboard_discipline_changed(struct svc *s,
    const struct discipline_case *before, const struct discipline_case *after,
    struct cb_error *err);

#endif
