/* model.c - see model.h. */
#include "core/model.h"

#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/evaluation.h"
#include "util/err.h"

#include "util/banned.h"

/* ---------------------------------------------------------------- orgs */

struct kind_info {
	const char *name;
	const char *vi;
	const char *en;
};

static const struct kind_info kinds[ORG_KIND__MAX] = {
	[ORG_CENTRAL] = { "central", "Trung ương", "Central" },
	[ORG_PROVINCE] = { "province",
	    "Đảng bộ tỉnh, thành phố, trực thuộc Trung ương",
	    "Provincial or central-level Party committee" },
	[ORG_UPPER_GRASSROOTS] = { "upper_grassroots",
	    "Đảng bộ xã, phường, cấp trên cơ sở",
	    "Commune or upper-grassroots Party committee" },
	[ORG_GRASSROOTS] = { "grassroots", "Đảng bộ cơ sở",
	    "Grassroots Party committee" },
	[ORG_GRASSROOTS_CELL] = { "grassroots_cell", "Chi bộ cơ sở",
	    "Grassroots Party cell" },
	[ORG_SUB_COMMITTEE] = { "sub_committee", "Đảng bộ bộ phận",
	    "Subordinate Party committee" },
	[ORG_CELL] = { "cell", "Chi bộ", "Party cell" },
	[ORG_GROUP] = { "group", "Tổ đảng", "Party group" },
};

const char *const org_kind_names[ORG_KIND__MAX] = {
	[ORG_CENTRAL] = "central",
	[ORG_PROVINCE] = "province",
	[ORG_UPPER_GRASSROOTS] = "upper_grassroots",
	[ORG_GRASSROOTS] = "grassroots",
	[ORG_GRASSROOTS_CELL] = "grassroots_cell",
	[ORG_SUB_COMMITTEE] = "sub_committee",
	[ORG_CELL] = "cell",
	[ORG_GROUP] = "group",
};

const char *
org_kind_name(enum org_kind k)
{
	if (k <= ORG_KIND_NONE || k >= ORG_KIND__MAX)
		return NULL;
	return kinds[k].name;
}

const char *
org_kind_label_vi(enum org_kind k)
{
	if (k <= ORG_KIND_NONE || k >= ORG_KIND__MAX)
		return NULL;
	return kinds[k].vi;
}

const char *
org_kind_label_en(enum org_kind k)
{
	if (k <= ORG_KIND_NONE || k >= ORG_KIND__MAX)
		return NULL;
	return kinds[k].en;
}

enum org_kind
org_kind_parse(const char *s)
{
	int k;

	if (s == NULL)
		return ORG_KIND_NONE;
	for (k = ORG_KIND_NONE + 1; k < ORG_KIND__MAX; k++)
		if (strcmp(s, kinds[k].name) == 0)
			return (enum org_kind)k;
	return ORG_KIND_NONE;
}

/*
 * Which kind may sit under which.  The Party's system of organisations
 * (Charter, Chapter III; 294-QĐ/TW since 1/7/2025: Central, province,
 * commune or upper-grassroots, grassroots, cell).  A grassroots committee
 * may also sit directly under a province (agencies, enterprises), and a
 * grassroots cell (chi bộ cơ sở) has no sub-units but Party groups.
 */
bool
org_kind_child_ok(enum org_kind parent, enum org_kind child)
{
	if (child <= ORG_KIND_NONE || child >= ORG_KIND__MAX)
		return false;
	switch (parent) {
	case ORG_KIND_NONE:
		/* A root is a committee that answers to no organisation of
		 * the installation: never a sub-committee, a cell or a group,
		 * which belong to a grassroots committee (issue 12). */
		return child == ORG_CENTRAL || child == ORG_PROVINCE ||
		    child == ORG_UPPER_GRASSROOTS || child == ORG_GRASSROOTS ||
		    child == ORG_GRASSROOTS_CELL;
	case ORG_CENTRAL:
		return child == ORG_PROVINCE;
	case ORG_PROVINCE:
		return child == ORG_UPPER_GRASSROOTS ||
		    child == ORG_GRASSROOTS || child == ORG_GRASSROOTS_CELL;
	case ORG_UPPER_GRASSROOTS:
		return child == ORG_GRASSROOTS || child == ORG_GRASSROOTS_CELL;
	case ORG_GRASSROOTS:
		return child == ORG_SUB_COMMITTEE || child == ORG_CELL;
	case ORG_SUB_COMMITTEE:
		return child == ORG_CELL;
	case ORG_GRASSROOTS_CELL:
	case ORG_CELL:
		return child == ORG_GROUP;
	case ORG_GROUP:
	case ORG_KIND__MAX:
		break;
	}
	return false;
}

void
org_init(struct org *o)
{
	memset(o, 0, sizeof(*o));
}

void
org_release(struct org *o)
{
	if (o == NULL)
		return;
	entity_release_strings(&org_entity, o);
	org_init(o);
}

int
org_copy(struct org *dst, const struct org *src)
{
	return entity_copy(&org_entity, dst, src);
}

void
org_list_release(struct org_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		org_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
org_event_release(struct org_event *e)
{
	if (e == NULL)
		return;
	entity_release_strings(&org_event_entity, e);
	memset(e, 0, sizeof(*e));
}

void
org_event_list_release(struct org_event_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		org_event_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

const char *const officer_position_names[OFFICER__MAX] = {
	[OFFICER_SECRETARY] = "secretary",
	[OFFICER_DEPUTY_SECRETARY] = "deputy_secretary",
	[OFFICER_COMMITTEE_MEMBER] = "committee_member",
};

void
org_officer_release(struct org_officer *o)
{
	if (o == NULL)
		return;
	entity_release_strings(&org_officer_entity, o);
	memset(o, 0, sizeof(*o));
}

void
org_officer_list_release(struct org_officer_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		org_officer_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* ------------------------------------------------------------- members */

const char *const gender_names[GENDER__MAX] = {
	[GENDER_MALE] = "male",
	[GENDER_FEMALE] = "female",
};

const char *
gender_name(enum gender g)
{
	if (g <= GENDER_NONE || g >= GENDER__MAX)
		return NULL;
	return gender_names[g];
}

enum gender
gender_parse(const char *s)
{
	int g;

	if (s == NULL)
		return GENDER_NONE;
	for (g = GENDER_NONE + 1; g < GENDER__MAX; g++)
		if (strcmp(s, gender_names[g]) == 0)
			return (enum gender)g;
	return GENDER_NONE;
}

const char *const member_status_names[MSTATUS__MAX] = {
	[MSTATUS_PROBATIONARY] = "probationary",
	[MSTATUS_OFFICIAL] = "official",
};

const char *
member_status_name(enum member_status s)
{
	if (s <= MSTATUS_NONE || s >= MSTATUS__MAX)
		return NULL;
	return member_status_names[s];
}

enum member_status
member_status_parse(const char *s)
{
	int i;

	if (s == NULL)
		return MSTATUS_NONE;
	for (i = MSTATUS_NONE + 1; i < MSTATUS__MAX; i++)
		if (strcmp(s, member_status_names[i]) == 0)
			return (enum member_status)i;
	return MSTATUS_NONE;
}

const char *const member_state_names[MSTATE__MAX] = {
	[MSTATE_ACTIVE] = "active",
	[MSTATE_TRANSFERRED_OUT] = "transferred_out",
	[MSTATE_DIED] = "died",
	[MSTATE_REMOVED] = "removed",
	[MSTATE_EXPELLED] = "expelled",
	[MSTATE_LEFT] = "left",
};

const char *
member_state_name(enum member_state s)
{
	if ((int)s < 0 || s >= MSTATE__MAX)
		return NULL;
	return member_state_names[s];
}

int
member_state_parse(const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < MSTATE__MAX; i++)
		if (strcmp(s, member_state_names[i]) == 0)
			return i;
	return -1;
}

void
member_init(struct member *m)
{
	memset(m, 0, sizeof(*m));
}

void
member_release(struct member *m)
{
	if (m == NULL)
		return;
	entity_release_strings(&member_entity, m);
	member_init(m);
}

int
member_copy(struct member *dst, const struct member *src)
{
	return entity_copy(&member_entity, dst, src);
}

void
member_list_release(struct member_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		member_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

const char *const member_event_kind_names[MEV__MAX] = {
	[MEV_ADMITTED] = "admitted",
	[MEV_MADE_OFFICIAL] = "made_official",
	[MEV_TRANSFERRED_IN] = "transferred_in",
	[MEV_TRANSFERRED_OUT] = "transferred_out",
	[MEV_MOVED] = "moved",
	[MEV_EXEMPTED] = "exempted",
	[MEV_EXEMPTION_ENDED] = "exemption_ended",
	[MEV_DIED] = "died",
	[MEV_REMOVED] = "removed",
	[MEV_EXPELLED] = "expelled",
	[MEV_LEFT] = "left",
	[MEV_RECORD_CREATED] = "record_created",
	[MEV_RECORD_UPDATED] = "record_updated",
	[MEV_RECORD_DELETED] = "record_deleted",
};

const char *
member_event_kind_name(enum member_event_kind k)
{
	if (k <= MEV_NONE || k >= MEV__MAX)
		return NULL;
	return member_event_kind_names[k];
}

enum member_event_kind
member_event_kind_parse(const char *s)
{
	int i;

	if (s == NULL)
		return MEV_NONE;
	for (i = MEV_NONE + 1; i < MEV__MAX; i++)
		if (strcmp(s, member_event_kind_names[i]) == 0)
			return (enum member_event_kind)i;
	return MEV_NONE;
}

bool
member_event_kind_recordable(enum member_event_kind k)
{
	return k > MEV_NONE && k < MEV_RECORD_CREATED;
}

void
member_event_release(struct member_event *e)
{
	if (e == NULL)
		return;
	entity_release_strings(&member_event_entity, e);
	memset(e, 0, sizeof(*e));
}

void
member_event_list_release(struct member_event_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		member_event_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* ------------------------------------------------------------ meetings */

const char *const meeting_kind_names[MEETING_KIND__MAX] = {
	[MEETING_REGULAR] = "regular",
	[MEETING_THEMATIC] = "thematic",
	[MEETING_COMBINED] = "combined",
	[MEETING_EXTRAORDINARY] = "extraordinary",
	[MEETING_COMMITTEE] = "committee",
};

const char *const meeting_status_names[MEETING_STATUS__MAX] = {
	[MEETING_PLANNED] = "planned",
	[MEETING_HELD] = "held",
	[MEETING_CANCELLED] = "cancelled",
};

const char *const attendance_status_names[ATTENDANCE__MAX] = {
	[ATTENDANCE_PRESENT] = "present",
	[ATTENDANCE_LATE] = "late",
	[ATTENDANCE_ABSENT_EXCUSED] = "absent_excused",
	[ATTENDANCE_ABSENT_UNEXCUSED] = "absent_unexcused",
};

const char *const meeting_roll_names[ROLL__MAX] = {
	[ROLL_OFFICIAL] = "official",
	[ROLL_PROBATIONARY] = "probationary",
	[ROLL_EXEMPTED] = "exempted",
	[ROLL_TRANSFERRED_OUT] = "transferred_out",
	[ROLL_TRANSFERRED_IN] = "transferred_in",
};

void
meeting_release(struct meeting *m)
{
	if (m == NULL)
		return;
	entity_release_strings(&meeting_entity, m);
	memset(m, 0, sizeof(*m));
}

void
meeting_list_release(struct meeting_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		meeting_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
meeting_attendance_release(struct meeting_attendance *a)
{
	if (a == NULL)
		return;
	entity_release_strings(&meeting_attendance_entity, a);
	free(a->member_name);
	memset(a, 0, sizeof(*a));
}

/* ------------------------------------------------ votes and minutes */

const char *const vote_kind_names[VOTE_KIND__MAX] = {
	[VOTE_RESOLUTION] = "resolution",
	[VOTE_ADMISSION] = "admission",
	[VOTE_OFFICIAL_RECOGNITION] = "official_recognition",
	[VOTE_EXPULSION_PROPOSAL] = "expulsion_proposal",
	[VOTE_DISCIPLINE] = "discipline",
	[VOTE_PERSONNEL] = "personnel",
};

const char *const minutes_state_names[MINUTES_STATE__MAX] = {
	[MINUTES_DRAFT] = "draft",
	[MINUTES_APPROVED] = "approved",
	[MINUTES_LOCKED] = "locked",
};

void
meeting_vote_release(struct meeting_vote *v)
{
	if (v == NULL)
		return;
	entity_release_strings(&meeting_vote_entity, v);
	memset(v, 0, sizeof(*v));
}

void
meeting_vote_list_release(struct meeting_vote_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		meeting_vote_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
meeting_minutes_release(struct meeting_minutes *m)
{
	if (m == NULL)
		return;
	entity_release_strings(&meeting_minutes_entity, m);
	memset(m, 0, sizeof(*m));
}

void
minutes_correction_release(struct minutes_correction *c)
{
	if (c == NULL)
		return;
	entity_release_strings(&minutes_correction_entity, c);
	memset(c, 0, sizeof(*c));
}

void
minutes_correction_list_release(struct minutes_correction_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		minutes_correction_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* -------------------------------------- terms and inspection programmes */

const char *const inspection_body_names[INSPECTION_BODY__MAX] = {
	[INSPECTION_BODY_COMMITTEE] = "committee",
	[INSPECTION_BODY_COMMISSION] = "inspection_commission",
	[INSPECTION_BODY_CELL] = "cell",
};

const char *const inspection_kind_names[INSPECTION_KIND__MAX] = {
	[INSPECTION_KIND_INSPECTION] = "inspection",
	[INSPECTION_KIND_SUPERVISION] = "supervision",
};

const char *const programme_status_names[PROGRAMME_STATUS__MAX] = {
	[PROGRAMME_DRAFT] = "draft",
	[PROGRAMME_APPROVED] = "approved",
};

const char *const programme_form_names[PROGRAMME_FORM__MAX] = {
	[PROGRAMME_FORM_REGULAR] = "regular",
	[PROGRAMME_FORM_THEMATIC] = "thematic",
	[PROGRAMME_FORM_ON_SIGNS_OF_VIOLATION] = "on_signs_of_violation",
};

const char *const programme_item_status_names[PITEM_STATUS__MAX] = {
	[PITEM_PLANNED] = "planned",
	[PITEM_IN_PROGRESS] = "in_progress",
	[PITEM_DONE] = "done",
	[PITEM_CANCELLED] = "cancelled",
};

void
org_term_release(struct org_term *t)
{
	if (t == NULL)
		return;
	entity_release_strings(&org_term_entity, t);
	memset(t, 0, sizeof(*t));
}

void
org_term_list_release(struct org_term_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		org_term_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
inspection_programme_release(struct inspection_programme *p)
{
	if (p == NULL)
		return;
	entity_release_strings(&inspection_programme_entity, p);
	memset(p, 0, sizeof(*p));
}

void
inspection_programme_list_release(struct inspection_programme_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		inspection_programme_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
inspection_programme_item_release(struct inspection_programme_item *i)
{
	if (i == NULL)
		return;
	entity_release_strings(&inspection_programme_item_entity, i);
	memset(i, 0, sizeof(*i));
}

void
inspection_programme_item_list_release(
    struct inspection_programme_item_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		inspection_programme_item_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

const char *const dcase_subject_names[DCASE_SUBJECT__MAX] = {
	[DCASE_MEMBER] = "member",
	[DCASE_ORG] = "org",
};
const char *const dcase_body_names[DCASE_BODY__MAX] = {
	[DCASE_BODY_CELL] = "cell",
	[DCASE_BODY_COMMITTEE] = "committee",
	[DCASE_BODY_INSPECTION] = "inspection_commission",
};
const char *const dcase_form_names[DCASE_FORM__MAX] = {
	[DCASE_KHIEN_TRACH] = "khien_trach",
	[DCASE_CANH_CAO] = "canh_cao",
	[DCASE_CACH_CHUC] = "cach_chuc",
	[DCASE_KHAI_TRU] = "khai_tru",
	[DCASE_GIAI_TAN] = "giai_tan",
};
const char *const dcase_deferral_names[DCASE_DEFER__MAX] = {
	[DCASE_PREGNANT] = "pregnant",
	[DCASE_NURSING] = "nursing",
	[DCASE_HOSPITALISED] = "hospitalised",
};
const char *const dcase_outcome_names[DCASE_OUTCOME__MAX] = {
	[DCASE_UPHELD] = "upheld",
	[DCASE_CHANGED] = "changed",
	[DCASE_ANNULLED] = "annulled",
};

void
discipline_case_release(struct discipline_case *c)
{
	if (c == NULL)
		return;
	entity_release_strings(&discipline_case_entity, c);
	free(c->scope_path);
	free(c->subject_name);
	free(c->deciding_org_name);
	memset(c, 0, sizeof(*c));
}

void
discipline_case_list_release(struct discipline_case_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		discipline_case_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
discipline_notice_release(struct discipline_notice *n)
{
	if (n == NULL)
		return;
	entity_release_strings(&discipline_notice_entity, n);
	memset(n, 0, sizeof(*n));
}

void
discipline_notice_list_release(struct discipline_notice_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		discipline_notice_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* ------------------------------------------ evaluation and classification */

const char *const elevel_names[ELEVEL__MAX] = {
	[ELEVEL_HTXS] = "htxs",
	[ELEVEL_HTT] = "htt",
	[ELEVEL_HT] = "ht",
	[ELEVEL_KHT] = "kht",
	[ELEVEL_NOT_CLASSIFIED] = "not_classified",
};
const char *const esubject_names[ESUBJECT__MAX] = {
	[ESUBJECT_MEMBER] = "member",
	[ESUBJECT_ORG] = "org",
};
const char *const eperiod_kind_names[EPKIND__MAX] = {
	[EPKIND_YEAR] = "year",
	[EPKIND_QUARTER] = "quarter",
	[EPKIND_AD_HOC] = "ad_hoc",
};
const char *const eperiod_status_names[EPSTATUS__MAX] = {
	[EPSTATUS_OPEN] = "open",
	[EPSTATUS_LOCKED] = "locked",
};
const char *const evaluation_status_names[ESTATUS__MAX] = {
	[ESTATUS_DRAFT] = "draft",
	[ESTATUS_SUBMITTED] = "submitted",
	[ESTATUS_PROPOSED] = "proposed",
	[ESTATUS_DECIDED] = "decided",
};

/* The model's values are core/evaluation.h's plus one. */
_Static_assert(ELEVEL__MAX == EVAL_LEVEL__MAX + 1, "levels");
_Static_assert(ELEVEL_HTXS - 1 == EVAL_HTXS && ELEVEL_HTT - 1 == EVAL_HTT &&
        ELEVEL_HT - 1 == EVAL_HT && ELEVEL_KHT - 1 == EVAL_KHT &&
        ELEVEL_NOT_CLASSIFIED - 1 == EVAL_NOT_CLASSIFIED,
    "levels");
_Static_assert(ESUBJECT__MAX == ESUBJ__MAX + 1 &&
        ESUBJECT_MEMBER - 1 == ESUBJ_MEMBER && ESUBJECT_ORG - 1 == ESUBJ_ORG,
    "subjects");
_Static_assert(EPKIND__MAX == EPERIOD__MAX + 1 &&
        EPKIND_YEAR - 1 == EPERIOD_YEAR &&
        EPKIND_QUARTER - 1 == EPERIOD_QUARTER &&
        EPKIND_AD_HOC - 1 == EPERIOD_AD_HOC,
    "period kinds");

int
elevel_to_core(enum elevel l)
{
	if (l <= ELEVEL_NONE || l >= ELEVEL__MAX)
		return -1;
	return (int)l - 1;
}

enum elevel
elevel_from_core(int eval_level)
{
	if (eval_level < 0 || eval_level >= EVAL_LEVEL__MAX)
		return ELEVEL_NONE;
	return (enum elevel)(eval_level + 1);
}

void
evaluation_period_release(struct evaluation_period *p)
{
	if (p == NULL)
		return;
	entity_release_strings(&evaluation_period_entity, p);
	free(p->org_path);
	free(p->org_name);
	memset(p, 0, sizeof(*p));
}

void
evaluation_period_list_release(struct evaluation_period_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		evaluation_period_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
evaluation_release(struct evaluation *e)
{
	if (e == NULL)
		return;
	entity_release_strings(&evaluation_entity, e);
	free(e->scope_path);
	free(e->parent_path);
	free(e->subject_name);
	memset(e, 0, sizeof(*e));
}

void
evaluation_list_release(struct evaluation_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		evaluation_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
evaluation_comment_release(struct evaluation_comment *c)
{
	if (c == NULL)
		return;
	entity_release_strings(&evaluation_comment_entity, c);
	memset(c, 0, sizeof(*c));
}

void
evaluation_comment_list_release(struct evaluation_comment_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		evaluation_comment_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}
