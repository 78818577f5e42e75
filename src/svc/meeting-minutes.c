/*
 * meeting-minutes.c - a meeting's votes and its minutes (svc.h, issue
 * 13).  A vote's verdict is the rulebook's (core/meeting-rules.c
 * vote_judge) on the base of the meeting's roll; the minutes go draft ->
 * approved (the chair and the minutes secretary signed off, each as
 * themself, or recorded from paper by an office or an administrator with
 * a reason) -> locked, after which only corrections amend them.  Every
 * write is audited.
 */
#include "svc/svc-int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/entity.h"
#include "core/meeting-rules.h"
#include "core/meeting.h"

#include "util/banned.h"

/*
 * The base of a vote at meeting m: the official members on its roll
 * (store_meeting_roll_counts: the roll snapshotted on the meeting's
 * date); probationary members do not vote, and members exempted from
 * activities or transferred out are shown apart from the official ones.
 */
static int
vote_base(struct svc *s, const struct meeting *m, int64_t *ret,
    struct cb_error *err)
{
	struct meeting_roll_counts c;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = store_meeting_roll_counts(s->st, m->id, &c, err)) != 0)
		return rc;
	*ret = c.official;
	return 0;
}

static int
nomem(struct cb_error *err)
{
	return cb_error_set(err, CB_ENOMEM, NULL, NULL);
}

static int
dup_to(char **dst, const char *s, struct cb_error *err)
{
	free(*dst);
	*dst = NULL;
	if (s != NULL && (*dst = strdup(s)) == NULL)
		return nomem(err);
	return 0;
}

int
svc_meeting_vote_add(struct svc *s, int64_t meeting_id, const json_t *in,
    struct meeting_vote *v, struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_CREATING | JA_REQUIRED | JA_TABLE_ORDER,
	};
	const struct rulebook *rb;
	struct vote_verdict verdict;
	struct vote_fact fact;
	struct meeting m;
	char now[TIMESTAMP_LEN], *path = NULL;
	int rc;

	memset(v, 0, sizeof(*v));
	memset(&m, 0, sizeof(m));
	if ((rc = entity_apply_json(&meeting_vote_entity, v, in, &how, err)) !=
	    0)
		return rc;
	v->meeting_id = meeting_id;
	if ((rb = svc_rules(s, err)) == NULL)
		return -CB_ENOMEM;
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	timestamp_utc(time(NULL), now);
	if ((rc = store_meeting_get(s->st, meeting_id, &m, &path, err)) != 0 ||
	    (rc = meeting_vote_allowed(&m, now, err)) != 0)
		goto fail;
	memset(&fact, 0, sizeof(fact));
	fact.kind = v->kind;
	fact.n_for = v->n_for;
	fact.n_against = v->n_against;
	fact.n_abstain = v->n_abstain;
	fact.org_path = path;
	if ((rc = vote_base(s, &m, &fact.base, err)) != 0)
		goto fail;
	if (meeting_date_vn(m.starts_at, fact.on) != 0) {
		rc = cb_error_field(err, 0, "starts_at", "invalid_datetime",
		    NULL);
		goto fail;
	}
	if ((rc = vote_judge(rb, &fact, &verdict, err)) != 0)
		goto fail;
	v->base = fact.base;
	v->threshold = verdict.threshold;
	v->passed = verdict.passed;
	if ((rc = dup_to(&v->rule_id, verdict.rule_id, err)) != 0 ||
	    (rc = dup_to(&v->citation, verdict.citation, err)) != 0 ||
	    (rc = dup_to(&v->recorded_by, s->actor, err)) != 0)
		goto fail;
	if ((rc = store_meeting_vote_insert(s->st, v, err)) != 0 ||
	    (rc = svc_audit(s, "meeting.vote", "meeting", meeting_id, m.org_id,
	         NULL, entity_to_json(&meeting_vote_entity, v), NULL, err)) !=
	        0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	free(path);
	meeting_release(&m);
	return 0;
fail:
	free(path);
	meeting_release(&m);
	return svc_fail(s, rc);
}

int
svc_meeting_votes(struct svc *s, int64_t meeting_id,
    struct meeting_vote_list *ret, struct cb_error *err)
{
	return store_meeting_votes(s->st, meeting_id, ret, err);
}

json_t *
meeting_vote_to_json(const struct meeting_vote *v)
{
	json_t *o = entity_to_json(&meeting_vote_entity, v), *rule;

	/* The verdict's rule as the JSON names it. */
	rule = json_pack("{s:s?, s:s?}", "id", v->rule_id, "citation",
	    v->citation);
	if (o != NULL &&
	    (rule == NULL || json_object_set_new(o, "rule", rule) != 0)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
meeting_votes_to_json(const struct meeting_vote_list *l)
{
	json_t *items = json_array();
	size_t i;

	for (i = 0; items != NULL && i < l->n; i++)
		if (json_array_append_new(items,
		        meeting_vote_to_json(&l->items[i])) != 0) {
			json_decref(items);
			return NULL;
		}
	return json_pack("{s:o?}", "items", items);
}

/* ------------------------------------------------------------ minutes */

void
minutes_view_release(struct minutes_view *v)
{
	if (v == NULL)
		return;
	meeting_release(&v->meeting);
	meeting_minutes_release(&v->minutes);
	minutes_correction_list_release(&v->corrections);
	meeting_vote_list_release(&v->votes);
	free(v->org_path);
	v->org_path = NULL;
}

/* Fills the rest of a view whose minutes are read (within a
 * transaction or not). */
static int
view_fill(struct svc *s, int64_t meeting_id, struct minutes_view *ret,
    struct cb_error *err)
{
	int rc;

	if ((rc = store_minutes_corrections(s->st, meeting_id,
	         &ret->corrections, err)) != 0 ||
	    (rc = store_meeting_votes(s->st, meeting_id, &ret->votes, err)) !=
	        0)
		return rc;
	return 0;
}

/* Reads the meeting and its minutes (no transaction of its own). */
static int
view_read(struct svc *s, int64_t meeting_id, struct minutes_view *ret,
    struct cb_error *err)
{
	int rc;

	minutes_view_release(ret);
	if ((rc = store_meeting_get(s->st, meeting_id, &ret->meeting,
	         &ret->org_path, err)) != 0 ||
	    (rc = store_minutes_get(s->st, meeting_id, &ret->minutes, err)) !=
	        0)
		return rc;
	return 0;
}

int
svc_minutes_get(struct svc *s, int64_t meeting_id, struct minutes_view *ret,
    struct cb_error *err)
{
	int rc;

	memset(ret, 0, sizeof(*ret));
	if ((rc = view_read(s, meeting_id, ret, err)) != 0 ||
	    (rc = view_fill(s, meeting_id, ret, err)) != 0) {
		minutes_view_release(ret);
		return rc;
	}
	return 0;
}

/* The course from JSON (a list of {speaker_id?, speaker?, text}) as
 * compact JSON text in *ret (NULL for an empty list), validated. */
static int
course_from_json(const json_t *v, char **ret, struct cb_error *err)
{
	struct minutes_speech *items = NULL;
	char **clean = NULL, field[48];
	json_t *out = NULL;
	size_t i, n;
	int rc = 0;

	*ret = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return cb_error_field(err, 0, "course", "wrong_type", "array");
	n = json_array_size(v);
	if (n == 0)
		return 0;
	if (n > MINUTES_COURSE_MAX)
		return meeting_minutes_course_validate(NULL, n, err);
	if ((items = calloc(n, sizeof(*items))) == NULL ||
	    (clean = calloc(2 * n, sizeof(*clean))) == NULL ||
	    (out = json_array()) == NULL) {
		rc = nomem(err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		const json_t *e = json_array_get(v, i), *id, *sp, *tx;
		const char *k;
		json_t *val;

		if (!json_is_object(e)) {
			snprintf(field, sizeof(field), "course[%zu]", i);
			rc = cb_error_field(err, 0, field, "wrong_type",
			    "object");
			/* Reported once, not as a missing speaker and text. */
			items[i].speaker = items[i].text = "?";
			continue;
		}
		json_object_foreach((json_t *)e, k, val)
		{
			if (strcmp(k, "speaker_id") != 0 &&
			    strcmp(k, "speaker") != 0 &&
			    strcmp(k, "text") != 0) {
				snprintf(field, sizeof(field),
				    "course[%zu].%.20s", i, k);
				rc = cb_error_field(err, 0, field,
				    "unknown_field", NULL);
			}
		}
		id = json_object_get(e, "speaker_id");
		sp = json_object_get(e, "speaker");
		tx = json_object_get(e, "text");
		snprintf(field, sizeof(field), "course[%zu].speaker_id", i);
		if (id != NULL && !json_is_null(id) && !json_is_integer(id))
			rc = cb_error_field(err, 0, field, "wrong_type",
			    "integer");
		else if (id != NULL && json_is_integer(id))
			items[i].speaker_id = json_integer_value(id);
		snprintf(field, sizeof(field), "course[%zu].speaker", i);
		if (sp != NULL && !json_is_null(sp) && !json_is_string(sp))
			rc = cb_error_field(err, 0, field, "wrong_type",
			    "string");
		else if (json_is_string(sp) &&
		    field_clean_text(field, json_string_value(sp),
		        VAL_NAME_MAX, 0, &clean[2 * i], err) != 0)
			rc = -CB_EINVAL;
		snprintf(field, sizeof(field), "course[%zu].text", i);
		if (tx != NULL && !json_is_null(tx) && !json_is_string(tx))
			rc = cb_error_field(err, 0, field, "wrong_type",
			    "string");
		else if (json_is_string(tx) &&
		    field_clean_text(field, json_string_value(tx),
		        VAL_LONG_TEXT_MAX, 0, &clean[2 * i + 1], err) != 0)
			rc = -CB_EINVAL;
		items[i].speaker = clean[2 * i];
		items[i].text = clean[2 * i + 1];
		/* A bad type of text is reported once, not as missing. */
		if (tx != NULL && !json_is_null(tx) && !json_is_string(tx))
			items[i].text = "?";
	}
	if (meeting_minutes_course_validate(items, n, err) != 0)
		rc = -CB_EINVAL;
	if (rc != 0)
		goto out;
	for (i = 0; i < n; i++) {
		json_t *e = json_object();

		if (e == NULL || json_array_append_new(out, e) != 0 ||
		    (items[i].speaker_id > 0 &&
		        json_object_set_new(e, "speaker_id",
		            json_integer(items[i].speaker_id)) != 0) ||
		    (items[i].speaker != NULL &&
		        json_object_set_new(e, "speaker",
		            json_string(items[i].speaker)) != 0) ||
		    json_object_set_new(e, "text",
		        json_string(items[i].text)) != 0) {
			rc = nomem(err);
			goto out;
		}
	}
	if ((*ret = json_dumps(out, JSON_COMPACT)) == NULL)
		rc = nomem(err);
out:
	if (clean != NULL)
		for (i = 0; i < 2 * n; i++)
			free(clean[i]);
	free(clean);
	free(items);
	json_decref(out);
	return rc;
}

/* Clears the sign-offs (an edit of approved minutes makes them a draft
 * again, to be signed anew). */
static void
clear_signoffs(struct meeting_minutes *m)
{
	char **f[] = { &m->chair_signed_at, &m->chair_signed_by,
		&m->chair_sign_reason, &m->secretary_signed_at,
		&m->secretary_signed_by, &m->secretary_sign_reason };
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
	m->state = MINUTES_DRAFT;
}

static int
minutes_locked(struct cb_error *err)
{
	return cb_error_set(err, CB_ECONFLICT, "minutes_locked", NULL);
}

int
svc_minutes_put(struct svc *s, int64_t meeting_id, const json_t *in,
    int64_t if_match, struct minutes_view *ret, struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_TABLE_ORDER | JA_RO_UNKNOWN,
	};
	struct meeting_minutes *m = &ret->minutes;
	json_t *rest = NULL;
	char *course = NULL;
	int64_t expected;
	json_t *before = NULL;
	int rc;

	memset(ret, 0, sizeof(*ret));
	if (!json_is_object(in))
		return cb_error_set(err, CB_EINVAL, "invalid_json", NULL);
	if ((rest = json_copy((json_t *)in)) == NULL)
		return nomem(err);
	json_object_del(rest, "course");
	if ((rc = store_begin(s->st, err)) != 0) {
		json_decref(rest);
		return rc;
	}
	if ((rc = view_read(s, meeting_id, ret, err)) != 0)
		goto fail;
	if (m->state == MINUTES_LOCKED) {
		rc = minutes_locked(err);
		goto fail;
	}
	/* If-Match on the minutes' version (-1: "0", none stored yet). */
	expected = m->version;
	if (if_match != 0 && (if_match < 0 ? 0 : if_match) != m->version) {
		rc = cb_error_set(err, CB_EPRECOND, "precondition_failed",
		    NULL);
		goto fail;
	}
	before =
	    m->version > 0 ? entity_to_json(&meeting_minutes_entity, m) : NULL;
	/* The text fields given replace the stored ones; course too. */
	rc = entity_apply_json(&meeting_minutes_entity, m, rest, &how, err);
	if (course_from_json(json_object_get(in, "course"), &course, err) !=
	        0 &&
	    rc == 0)
		rc = -CB_EINVAL;
	if (rc != 0) {
		if (rc == -CB_EINVAL)
			cb_error_set(err, CB_EINVAL, "validation_failed",
			    NULL);
		goto fail;
	}
	if (json_object_get(in, "course") != NULL) {
		free(m->course);
		m->course = course;
		course = NULL;
	}
	if (m->state == MINUTES_APPROVED || m->state == MINUTES_STATE_NONE)
		clear_signoffs(m);
	if ((rc = dup_to(&m->recorded_by, s->actor, err)) != 0 ||
	    (rc = store_minutes_put(s->st, m, expected, err)) != 0 ||
	    (rc = svc_audit(s, "meeting.minutes", "meeting", meeting_id,
	         ret->meeting.org_id, before,
	         entity_to_json(&meeting_minutes_entity, m), NULL, err)) != 0)
		goto fail_audited;
	before = NULL;
	if ((rc = view_fill(s, meeting_id, ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail_audited;
	json_decref(rest);
	return 0;
fail:
	json_decref(before);
fail_audited:
	free(course);
	json_decref(rest);
	minutes_view_release(ret);
	return svc_fail(s, rc);
}

/* Whether p holds an office or administrator grant covering path (or is
 * the system): who may record a sign-off made on paper. */
static bool
office_covers(const struct principal *p, const char *path)
{
	size_t i;

	if (p->system)
		return true;
	for (i = 0; i < p->ngrants; i++) {
		const struct grant *g = &p->grants[i];

		if ((g->role == ROLE_OFFICE || g->role == ROLE_ADMIN) &&
		    (grant_global(g) ||
		        (path != NULL && g->org_path != NULL &&
		            strncmp(path, g->org_path, strlen(g->org_path)) ==
		                0)))
			return true;
	}
	return false;
}

/* Records one sign-off (at, by, reason) unless already made. */
static int
sign(char **at, char **by, char **why, const char *now, const char *actor,
    const char *reason, struct cb_error *err)
{
	int rc;

	if (*at != NULL)
		return 0;
	if ((rc = dup_to(at, now, err)) != 0 ||
	    (rc = dup_to(by, actor, err)) != 0 ||
	    (rc = dup_to(why, reason, err)) != 0)
		return rc;
	return 0;
}

int
svc_minutes_approve(struct svc *s, int64_t meeting_id, const json_t *in,
    struct minutes_view *ret, struct cb_error *err)
{
	struct meeting_minutes *m = &ret->minutes;
	const char *as = NULL, *reason = NULL, *k;
	char now[TIMESTAMP_LEN];
	bool chair = false, secretary = false;
	json_t *before = NULL, *val;
	int64_t version;
	int rc;

	memset(ret, 0, sizeof(*ret));
	if (in != NULL) {
		if (!json_is_object(in))
			return cb_error_set(err, CB_EINVAL, "invalid_json",
			    NULL);
		json_object_foreach((json_t *)in, k, val)
		{
			if (strcmp(k, "as") != 0 && strcmp(k, "reason") != 0)
				cb_error_field(err, 0, k, "unknown_field",
				    NULL);
		}
		val = json_object_get(in, "as");
		if (val != NULL && !json_is_null(val) && !json_is_string(val))
			cb_error_field(err, 0, "as", "wrong_type", "string");
		as = json_string_value(val);
		val = json_object_get(in, "reason");
		if (val != NULL && !json_is_null(val) && !json_is_string(val))
			cb_error_field(err, 0, "reason", "wrong_type",
			    "string");
		reason = json_string_value(val);
		if (as != NULL && strcmp(as, "chair") != 0 &&
		    strcmp(as, "secretary") != 0)
			cb_error_field(err, 0, "as", "invalid_value",
			    "chair, secretary");
		if (as != NULL && (reason == NULL || reason[0] == '\0'))
			cb_error_field(err, 0, "reason", "required", NULL);
		if (err->nfields > 0)
			return -CB_EINVAL;
	}
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = view_read(s, meeting_id, ret, err)) != 0)
		goto fail;
	if (m->version == 0) {
		rc = cb_error_set(err, CB_ECONFLICT, "minutes_missing", NULL);
		goto fail;
	}
	if (m->state == MINUTES_LOCKED) {
		rc = minutes_locked(err);
		goto fail;
	}
	if (as != NULL) {
		/* On paper: an office or an administrator records it. */
		if (!office_covers(s->who, ret->org_path)) {
			rc = cb_error_set(err, CB_EPERM, "forbidden", NULL);
			goto fail;
		}
		chair = strcmp(as, "chair") == 0;
		secretary = !chair;
	} else {
		/* Each signs as themself. */
		chair = s->who->member_id != 0 &&
		    s->who->member_id == ret->meeting.chair_id;
		secretary = s->who->member_id != 0 &&
		    s->who->member_id == ret->meeting.secretary_id;
		if (!chair && !secretary) {
			rc = cb_error_set(err, CB_EPERM,
			    "not_chair_or_secretary", NULL);
			goto fail;
		}
	}
	before = entity_to_json(&meeting_minutes_entity, m);
	timestamp_utc(time(NULL), now);
	if ((chair &&
	        (rc = sign(&m->chair_signed_at, &m->chair_signed_by,
	             &m->chair_sign_reason, now, s->actor, reason, err)) !=
	            0) ||
	    (secretary &&
	        (rc = sign(&m->secretary_signed_at, &m->secretary_signed_by,
	             &m->secretary_sign_reason, now, s->actor, reason, err)) !=
	            0))
		goto fail;
	if (m->chair_signed_at != NULL && m->secretary_signed_at != NULL)
		m->state = MINUTES_APPROVED;
	version = m->version;
	if ((rc = store_minutes_sign(s->st, m, version, err)) != 0 ||
	    (rc = svc_audit(s, "meeting.minutes_approve", "meeting",
	         meeting_id, ret->meeting.org_id, before,
	         entity_to_json(&meeting_minutes_entity, m), NULL, err)) !=
	        0) {
		before = NULL;
		goto fail;
	}
	before = NULL;
	if ((rc = view_fill(s, meeting_id, ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	return 0;
fail:
	json_decref(before);
	minutes_view_release(ret);
	return svc_fail(s, rc);
}

int
svc_minutes_lock(struct svc *s, int64_t meeting_id, struct minutes_view *ret,
    struct cb_error *err)
{
	struct meeting_minutes *m = &ret->minutes;
	char now[TIMESTAMP_LEN];
	json_t *before = NULL;
	int rc;

	memset(ret, 0, sizeof(*ret));
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = view_read(s, meeting_id, ret, err)) != 0)
		goto fail;
	/* The minutes secretary, or who manages the meeting. */
	if (!(s->who->member_id != 0 &&
	        s->who->member_id == ret->meeting.secretary_id) &&
	    (rc = svc_allow(s, ACT_MEETING_WRITE, ret->org_path,
	         "meeting_not_found", err)) != 0)
		goto fail;
	if (m->state == MINUTES_LOCKED) {
		rc = minutes_locked(err);
		goto fail;
	}
	if (m->state != MINUTES_APPROVED) {
		rc = cb_error_set(err, CB_ECONFLICT, "minutes_not_approved",
		    NULL);
		goto fail;
	}
	before = entity_to_json(&meeting_minutes_entity, m);
	timestamp_utc(time(NULL), now);
	m->state = MINUTES_LOCKED;
	if ((rc = dup_to(&m->locked_at, now, err)) != 0 ||
	    (rc = dup_to(&m->locked_by, s->actor, err)) != 0)
		goto fail;
	if ((rc = store_minutes_sign(s->st, m, m->version, err)) != 0 ||
	    (rc = svc_audit(s, "meeting.minutes_lock", "meeting", meeting_id,
	         ret->meeting.org_id, before,
	         entity_to_json(&meeting_minutes_entity, m), NULL, err)) !=
	        0) {
		before = NULL;
		goto fail;
	}
	before = NULL;
	if ((rc = view_fill(s, meeting_id, ret, err)) != 0 ||
	    (rc = store_commit(s->st, err)) != 0)
		goto fail;
	return 0;
fail:
	json_decref(before);
	minutes_view_release(ret);
	return svc_fail(s, rc);
}

int
svc_minutes_correct(struct svc *s, int64_t meeting_id, const json_t *in,
    struct minutes_correction *c, struct cb_error *err)
{
	const struct json_apply how = {
		.flags = JA_CREATING | JA_REQUIRED | JA_TABLE_ORDER,
	};
	struct meeting_minutes mm;
	int rc;

	memset(c, 0, sizeof(*c));
	memset(&mm, 0, sizeof(mm));
	if ((rc = entity_apply_json(&minutes_correction_entity, c, in, &how,
	         err)) != 0)
		return rc;
	if (!minutes_correctable_field(c->field))
		return cb_error_field(err, 0, "field", "invalid_value",
		    "course, opinions, conclusions, notes");
	c->meeting_id = meeting_id;
	if ((rc = store_begin(s->st, err)) != 0)
		return rc;
	if ((rc = store_minutes_get(s->st, meeting_id, &mm, err)) != 0)
		goto fail;
	if (mm.state != MINUTES_LOCKED) {
		/* Until locked, the minutes are edited, not corrected. */
		rc = cb_error_set(err, CB_ECONFLICT, "minutes_not_locked",
		    NULL);
		goto fail;
	}
	if ((rc = dup_to(&c->recorded_by, s->actor, err)) != 0 ||
	    (rc = store_minutes_correction_add(s->st, c, err)) != 0)
		goto fail;
	{
		struct meeting m;

		memset(&m, 0, sizeof(m));
		if ((rc = store_meeting_get(s->st, meeting_id, &m, NULL,
		         err)) == 0)
			rc = svc_audit(s, "meeting.minutes_correction",
			    "meeting", meeting_id, m.org_id, NULL,
			    entity_to_json(&minutes_correction_entity, c),
			    NULL, err);
		meeting_release(&m);
	}
	if (rc != 0 || (rc = store_commit(s->st, err)) != 0)
		goto fail;
	meeting_minutes_release(&mm);
	return 0;
fail:
	meeting_minutes_release(&mm);
	return svc_fail(s, rc);
}

int
svc_minutes_corrections(struct svc *s, int64_t meeting_id,
    struct minutes_correction_list *ret, struct cb_error *err)
{
	return store_minutes_corrections(s->st, meeting_id, ret, err);
}

json_t *
minutes_corrections_to_json(const struct minutes_correction_list *l)
{
	json_t *items = json_array();
	size_t i;

	for (i = 0; items != NULL && i < l->n; i++)
		if (json_array_append_new(items,
		        entity_to_json(&minutes_correction_entity,
		            &l->items[i])) != 0) {
			json_decref(items);
			return NULL;
		}
	return items;
}

json_t *
minutes_view_to_json(const struct minutes_view *v)
{
	json_t *o = entity_to_json(&meeting_minutes_entity, &v->minutes);

	if (o == NULL)
		return NULL;
	/* The course is a list; none written yet: an empty one. */
	if (v->minutes.course == NULL)
		json_object_set_new(o, "course", json_array());
	if (json_object_set_new(o, "chair_id",
	        v->meeting.chair_id ?
	            json_integer(v->meeting.chair_id) :
	            json_null()) != 0 ||
	    json_object_set_new(o, "secretary_id",
	        v->meeting.secretary_id ?
	            json_integer(v->meeting.secretary_id) :
	            json_null()) != 0 ||
	    json_object_set_new(o, "corrections",
	        minutes_corrections_to_json(&v->corrections)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}
