/*
 * router.c - the route table and path matching.
 *
 * Every route of the API is one line below; openapi.json describes the
 * same set (tests/api/test-openapi.c compares them, query keys included).
 * A line says, besides the method, the pattern and the handler:
 *
 * - the path parameters: any segment "{name}" of the pattern matches one
 *   segment of the path, read by the handler with req_param() or
 *   req_param_id().  A parameter named "id" or ending in "_id" must be a
 *   positive integer: the handler is reached only when it is (else 404
 *   "invalid_id"), so a mistyped id never becomes a different route;
 * - the query keys it accepts (Q(...), NOQ for none): any other key is
 *   answered 400 "invalid_query" naming it, before the handler runs;
 * - the action it needs: NEEDS(a) with a of enum action (core/auth.h), or
 *   NOACT for public and self routes; a line must say one of them
 *   (tests/api/test-http-units.c).  Unless the line says RF_SCOPED, a
 *   principal none of whose roles holds the action is answered 403
 *   "forbidden" at the edge, before anything in the request is judged.
 *   RF_SCOPED routes leave the judgement to svc, against the target's
 *   organisation, because outside the principal's scope the answer must
 *   be "not found" (404, 400 or 422), never 403 (docs/security.md;
 *   tests/api/test_authz.py).
 *
 * Every route needs a signed-in principal (auth.c) except those marked
 * RF_PUBLIC: health, metrics, this API's description and signing in.
 */
#include "http/http-int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

#include "util/banned.h"

#define Q(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NOQ ((const char *const[]){ NULL })
#define NOACT ROUTE_NO_ACTION
#define NEEDS(a) ROUTE_ACT(a)

/* The filters of the member list and of the export. */
#define MEMBER_FILTERS \
	"q", "org", "status", "state", "sort", "ethnicity", "age_band", \
	    "admitted_year"

static const struct route routes[] = {
	{ "GET", "/healthz", h_healthz, RF_DB | RF_PUBLIC, NOACT, NOQ },
	{ "GET", "/metrics", h_metrics, RF_PUBLIC | RF_ANY_QUERY, NOACT, NOQ },
	{ "GET", "/api/v1/openapi.json", h_openapi, RF_PUBLIC | RF_ANY_QUERY,
	    NOACT, NOQ },

	{ "POST", "/api/v1/session", h_session_post,
	    RF_DB | RF_JSON | RF_PUBLIC, NOACT, NOQ },
	{ "GET", "/api/v1/session", h_session_get, RF_DB, NOACT, NOQ },
	{ "DELETE", "/api/v1/session", h_session_delete, RF_DB, NOACT, NOQ },

	{ "GET", "/api/v1/orgs", h_orgs_list, RF_DB | RF_SCOPED,
	    NEEDS(ACT_ORG_READ),
	    Q("root", "parent", "q", "include_closed", "limit", "cursor") },
	{ "POST", "/api/v1/orgs", h_orgs_post, RF_DB | RF_JSON | RF_SCOPED,
	    NEEDS(ACT_ORG_WRITE), NOQ },
	{ "GET", "/api/v1/orgs/{id}", h_org_get, RF_DB | RF_SCOPED,
	    NEEDS(ACT_ORG_READ), NOQ },
	{ "PATCH", "/api/v1/orgs/{id}", h_org_patch,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_ORG_WRITE), NOQ },
	{ "POST", "/api/v1/orgs/{id}/merge", h_org_merge,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_ORG_WRITE), NOQ },
	{ "POST", "/api/v1/orgs/{id}/split", h_org_split,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_ORG_WRITE), NOQ },
	{ "GET", "/api/v1/orgs/{id}/history", h_org_history, RF_DB | RF_SCOPED,
	    NEEDS(ACT_ORG_READ), NOQ },
	{ "GET", "/api/v1/orgs/{id}/stats", h_org_stats, RF_DB | RF_SCOPED,
	    NEEDS(ACT_ORG_READ), NOQ },
	{ "GET", "/api/v1/orgs/{id}/officers", h_org_officers,
	    RF_DB | RF_SCOPED, NEEDS(ACT_ORG_READ), Q("all") },
	{ "POST", "/api/v1/orgs/{id}/officers", h_org_officer_post,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_ORG_WRITE), NOQ },
	/* The meetings check (h-meeting-checks.c, issue 13). */
	{ "GET", "/api/v1/orgs/{id}/meetings/compliance",
	    h_org_meeting_compliance, RF_DB | RF_SCOPED, NEEDS(ACT_ORG_READ),
	    Q("year") },
	{ "GET", "/api/v1/checks/meetings", h_checks_meetings,
	    RF_DB | RF_SCOPED, NEEDS(ACT_ORG_READ),
	    Q("year", "org", "code", "limit", "cursor") },
	/* The inspection coverage check (h-inspection-checks.c, issue 14). */
	{ "GET", "/api/v1/checks/inspection", h_checks_inspection,
	    RF_DB | RF_SCOPED, NEEDS(ACT_INSPECTION_READ), Q("year", "org") },
	{ "GET", "/api/v1/checks/inspection/report.xlsx",
	    h_checks_inspection_xlsx, RF_DB | RF_SCOPED,
	    NEEDS(ACT_INSPECTION_READ), Q("year", "org") },
	{ "GET", "/api/v1/checks/inspection/report.pdf",
	    h_checks_inspection_pdf, RF_DB | RF_SCOPED,
	    NEEDS(ACT_INSPECTION_READ), Q("year", "org") },
	/* The yearly classification report (h-reports.c, issue 15). */
	{ "GET", "/api/v1/reports/classification", h_reports_classification,
	    RF_DB | RF_SCOPED, NEEDS(ACT_EVAL_READ),
	    Q("year", "org", "format") },
	/* The dashboard of the Resolution's targets (h-dashboard.c, issue
	 * 15). */
	{ "GET", "/api/v1/dashboard", h_dashboard, RF_DB | RF_SCOPED,
	    NEEDS(ACT_DASHBOARD_READ), Q("year", "org", "years") },

	{ "GET", "/api/v1/members", h_members_list, RF_DB | RF_SCOPED,
	    NEEDS(ACT_MEMBER_LIST),
	    Q(MEMBER_FILTERS, "limit", "cursor", "total") },
	{ "GET", "/api/v1/members/count", h_members_count, RF_DB | RF_SCOPED,
	    NEEDS(ACT_MEMBER_LIST), Q(MEMBER_FILTERS) },
	{ "POST", "/api/v1/members", h_members_post,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_MEMBER_WRITE), NOQ },
	{ "POST", "/api/v1/members/import", h_members_import,
	    RF_DB | RF_UPLOAD, NEEDS(ACT_MEMBER_IMPORT),
	    Q("dry_run", "accept_identity", "token", "file_name") },
	{ "GET", "/api/v1/members/export", h_members_export, RF_DB,
	    NEEDS(ACT_MEMBER_EXPORT), Q("format", "headers", MEMBER_FILTERS) },
	{ "GET", "/api/v1/members/probation", h_members_probation,
	    RF_DB | RF_SCOPED, NEEDS(ACT_MEMBER_LIST), Q("org", "all") },
	{ "GET", "/api/v1/members/{id}", h_member_get, RF_DB | RF_SCOPED,
	    NEEDS(ACT_MEMBER_READ), NOQ },
	{ "PATCH", "/api/v1/members/{id}", h_member_patch,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_MEMBER_WRITE), NOQ },
	{ "PATCH", "/api/v1/members/{id}/contacts", h_member_contacts,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_MEMBER_CONTACTS), NOQ },
	{ "DELETE", "/api/v1/members/{id}", h_member_delete, RF_DB | RF_SCOPED,
	    NEEDS(ACT_MEMBER_DELETE), NOQ },
	{ "GET", "/api/v1/members/{id}/history", h_member_history,
	    RF_DB | RF_SCOPED, NEEDS(ACT_MEMBER_READ), NOQ },
	{ "POST", "/api/v1/members/{id}/events", h_member_event_post,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_MEMBER_WRITE), NOQ },
	{ "GET", "/api/v1/members/{id}/audit", h_member_audit,
	    RF_DB | RF_SCOPED, NEEDS(ACT_AUDIT_READ),
	    Q("before", "cursor", "limit") },

	/* Discipline cases (issue 14; h-discipline.c).  Secret: lists and
	 * writes need a grant with the option "discipline" (403 here
	 * otherwise); one case is judged by the store (RF_SCOPED): not
	 * found outside the principal's discipline scope, and for a
	 * principal with none. */
	{ "GET", "/api/v1/discipline", h_discipline_list, RF_DB,
	    NEEDS(ACT_DISCIPLINE_READ),
	    Q("org", "member", "status", "on", "cursor", "limit") },
	{ "POST", "/api/v1/discipline", h_discipline_post, RF_DB | RF_JSON,
	    NEEDS(ACT_DISCIPLINE_WRITE), NOQ },
	{ "GET", "/api/v1/discipline/{id}", h_discipline_get,
	    RF_DB | RF_SCOPED, NEEDS(ACT_DISCIPLINE_READ), Q("on") },
	{ "PATCH", "/api/v1/discipline/{id}", h_discipline_patch,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_DISCIPLINE_WRITE), NOQ },
	{ "DELETE", "/api/v1/discipline/{id}", h_discipline_delete,
	    RF_DB | RF_SCOPED, NEEDS(ACT_DISCIPLINE_WRITE), NOQ },
	{ "POST", "/api/v1/discipline/{id}/complaint", h_discipline_complaint,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_DISCIPLINE_WRITE), NOQ },
	{ "GET", "/api/v1/members/{id}/discipline", h_member_discipline, RF_DB,
	    NEEDS(ACT_DISCIPLINE_READ), Q("status", "on", "cursor", "limit") },
	{ "GET", "/api/v1/discipline/notices", h_discipline_notices_list,
	    RF_DB, NEEDS(ACT_DISCIPLINE_READ), Q("org", "member") },
	{ "POST", "/api/v1/discipline/notices", h_discipline_notices_post,
	    RF_DB | RF_JSON, NEEDS(ACT_DISCIPLINE_WRITE), NOQ },

	/* Evaluation and classification (issue 15; h-evaluations.c).  A
	 * member reads and writes its own evaluation without a grant's
	 * action, so the routes are judged by svc and the store
	 * (RF_SCOPED): not found outside the principal's scope. */
	{ "GET", "/api/v1/evaluation/periods", h_eperiods_list,
	    RF_DB | RF_SCOPED, NEEDS(ACT_EVAL_READ),
	    Q("org", "year", "kind", "cursor", "limit") },
	{ "POST", "/api/v1/evaluation/periods", h_eperiods_post,
	    RF_DB | RF_JSON, NEEDS(ACT_EVAL_MANAGE), NOQ },
	{ "GET", "/api/v1/evaluation/periods/{id}", h_eperiod_get,
	    RF_DB | RF_SCOPED, NEEDS(ACT_EVAL_READ), NOQ },
	{ "PATCH", "/api/v1/evaluation/periods/{id}", h_eperiod_patch,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_EVAL_MANAGE), NOQ },
	{ "POST", "/api/v1/evaluation/periods/{id}/lock", h_eperiod_lock,
	    RF_DB | RF_SCOPED, NEEDS(ACT_EVAL_MANAGE), NOQ },
	{ "GET", "/api/v1/evaluation/periods/{id}/calibration",
	    h_eperiod_calibration, RF_DB | RF_SCOPED, NEEDS(ACT_EVAL_READ),
	    Q("org") },
	{ "GET", "/api/v1/evaluations", h_evaluations_list, RF_DB | RF_SCOPED,
	    NEEDS(ACT_EVAL_READ),
	    Q("period", "org", "member", "subject", "proposed_level", "year",
	        "cursor", "limit") },
	{ "POST", "/api/v1/evaluations", h_evaluations_post,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_EVAL_SELF), NOQ },
	{ "GET", "/api/v1/evaluations/{id}", h_evaluation_get,
	    RF_DB | RF_SCOPED, NEEDS(ACT_EVAL_READ), NOQ },
	{ "PATCH", "/api/v1/evaluations/{id}", h_evaluation_patch,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_EVAL_SELF), NOQ },
	{ "DELETE", "/api/v1/evaluations/{id}", h_evaluation_delete,
	    RF_DB | RF_SCOPED, NEEDS(ACT_EVAL_MANAGE), NOQ },
	{ "POST", "/api/v1/evaluations/{id}/propose", h_evaluation_propose,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_EVAL_PROPOSE), NOQ },
	{ "POST", "/api/v1/evaluations/{id}/decide", h_evaluation_decide,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_EVAL_DECIDE), NOQ },
	{ "GET", "/api/v1/evaluations/{id}/comments",
	    h_evaluation_comments_list, RF_DB | RF_SCOPED,
	    NEEDS(ACT_EVAL_READ), NOQ },
	{ "POST", "/api/v1/evaluations/{id}/comments",
	    h_evaluation_comments_post, RF_DB | RF_JSON | RF_SCOPED,
	    NEEDS(ACT_EVAL_COMMENT), NOQ },
	{ "GET", "/api/v1/members/{id}/evaluations", h_member_evaluations,
	    RF_DB | RF_SCOPED, NEEDS(ACT_EVAL_READ), Q("cursor", "limit") },

	/* Cell meetings (issue 13; h-meetings.c).  The store answers "not
	 * found" outside the principal's scope; roles that may never read
	 * or write meetings are refused here. */
	{ "GET", "/api/v1/meetings", h_meetings_list, RF_DB,
	    NEEDS(ACT_MEETING_READ),
	    Q("org", "from", "to", "kind", "status", "cursor", "limit") },
	{ "POST", "/api/v1/meetings", h_meetings_post, RF_DB | RF_JSON,
	    NEEDS(ACT_MEETING_WRITE), NOQ },
	{ "GET", "/api/v1/meetings/{id}", h_meeting_get, RF_DB,
	    NEEDS(ACT_MEETING_READ), NOQ },
	{ "PATCH", "/api/v1/meetings/{id}", h_meeting_patch, RF_DB | RF_JSON,
	    NEEDS(ACT_MEETING_WRITE), NOQ },
	{ "POST", "/api/v1/meetings/{id}/cancel", h_meeting_cancel,
	    RF_DB | RF_JSON, NEEDS(ACT_MEETING_WRITE), NOQ },
	{ "GET", "/api/v1/meetings/{id}/attendance", h_meeting_attendance,
	    RF_DB, NEEDS(ACT_MEETING_READ), NOQ },
	{ "PUT", "/api/v1/meetings/{id}/attendance/{member_id}",
	    h_meeting_attendance_put, RF_DB | RF_JSON,
	    NEEDS(ACT_MEETING_WRITE), NOQ },
	/* A meeting's materials, QR check-in, sign-in sheet
	 * (h-meeting-materials.c). */
	{ "POST", "/api/v1/meetings/{id}/materials", h_meeting_materials_post,
	    RF_DB | RF_MULTIPART | RF_SCOPED, NEEDS(ACT_MEETING_WRITE), NOQ },
	{ "GET", "/api/v1/meetings/{id}/materials", h_meeting_materials_list,
	    RF_DB | RF_SCOPED, NEEDS(ACT_MEETING_READ), NOQ },
	{ "GET", "/api/v1/meetings/{id}/materials/{material_id}",
	    h_meeting_material_get, RF_DB | RF_SCOPED, NEEDS(ACT_MEETING_READ),
	    NOQ },
	{ "DELETE", "/api/v1/meetings/{id}/materials/{material_id}",
	    h_meeting_material_delete, RF_DB | RF_SCOPED,
	    NEEDS(ACT_MEETING_WRITE), NOQ },
	{ "GET", "/api/v1/meetings/{id}/checkin-code", h_meeting_checkin_code,
	    RF_DB | RF_SCOPED, NEEDS(ACT_MEETING_WRITE), NOQ },
	{ "GET", "/api/v1/meetings/{id}/checkin-code.svg",
	    h_meeting_checkin_code_svg, RF_DB | RF_SCOPED,
	    NEEDS(ACT_MEETING_WRITE), NOQ },
	{ "POST", "/api/v1/meetings/{id}/checkin", h_meeting_checkin,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_MEETING_READ), NOQ },
	{ "POST", "/api/v1/meetings/{id}/attendance/import",
	    h_meeting_attendance_import, RF_DB | RF_UPLOAD | RF_SCOPED,
	    NEEDS(ACT_MEETING_WRITE), Q("dry_run") },

	/* A meeting's documents (h-meeting-docs.c). */
	{ "GET", "/api/v1/meetings/{id}/minutes.pdf", h_meeting_minutes_pdf,
	    RF_DB, NEEDS(ACT_MEETING_READ), NOQ },
	{ "GET", "/api/v1/meetings/{id}/resolution.pdf",
	    h_meeting_resolution_pdf, RF_DB, NEEDS(ACT_MEETING_READ), NOQ },
	{ "GET", "/api/v1/orgs/{id}/meetings.ics", h_org_meetings_ics, RF_DB,
	    NEEDS(ACT_MEETING_READ), NOQ },
	{ "GET", "/api/v1/members/{id}/meetings.ics", h_member_meetings_ics,
	    RF_DB, NEEDS(ACT_MEETING_READ), NOQ },
	{ "GET", "/api/v1/orgs/{id}/meetings/report.xlsx",
	    h_org_meetings_report, RF_DB, NEEDS(ACT_MEETING_READ),
	    Q("month") },
	{ "POST", "/api/v1/meetings/{id}/roll", h_meeting_roll_post,
	    RF_DB | RF_JSON, NEEDS(ACT_MEETING_WRITE), NOQ },

	{ "GET", "/api/v1/audit", h_audit_list, RF_DB, NEEDS(ACT_AUDIT_READ),
	    Q("member", "org", "action", "before", "cursor", "limit", "user",
	        "from", "to", "batch") },
	{ "GET", "/api/v1/audit/actions", h_audit_actions, RF_DB,
	    NEEDS(ACT_AUDIT_READ), NOQ },

	/* A meeting's votes and minutes (h-meeting-minutes.c); the
	 * meeting's scope is the store's, a sign-off's signer svc's. */
	{ "GET", "/api/v1/meetings/{id}/votes", h_meeting_votes, RF_DB,
	    NEEDS(ACT_MEETING_READ), NOQ },
	{ "POST", "/api/v1/meetings/{id}/votes", h_meeting_vote_post,
	    RF_DB | RF_JSON, NEEDS(ACT_MEETING_WRITE), NOQ },
	{ "GET", "/api/v1/meetings/{id}/minutes", h_meeting_minutes, RF_DB,
	    NEEDS(ACT_MEETING_READ), NOQ },
	{ "PUT", "/api/v1/meetings/{id}/minutes", h_meeting_minutes_put,
	    RF_DB | RF_JSON, NEEDS(ACT_MEETING_WRITE), NOQ },
	{ "POST", "/api/v1/meetings/{id}/minutes/approve",
	    h_meeting_minutes_approve, RF_DB | RF_JSON,
	    NEEDS(ACT_MEETING_READ), NOQ },
	{ "POST", "/api/v1/meetings/{id}/minutes/lock", h_meeting_minutes_lock,
	    RF_DB | RF_JSON, NEEDS(ACT_MEETING_READ), NOQ },
	{ "GET", "/api/v1/meetings/{id}/minutes/corrections",
	    h_meeting_minutes_corrections, RF_DB, NEEDS(ACT_MEETING_READ),
	    NOQ },
	{ "POST", "/api/v1/meetings/{id}/minutes/corrections",
	    h_meeting_minutes_correction_post, RF_DB | RF_JSON,
	    NEEDS(ACT_MEETING_WRITE), NOQ },

	{ "GET", "/api/v1/rules", h_rules_get, RF_DB, NOACT, Q("on", "org") },
	{ "POST", "/api/v1/rules/overrides", h_rule_override_post,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_RULES_WRITE), NOQ },

	/* A meeting's resolution, its tasks, its self-score
	 * (h-meeting-resolution.c). */
	{ "GET", "/api/v1/meetings/{id}/resolution", h_resolution_get,
	    RF_DB | RF_SCOPED, NEEDS(ACT_MEETING_READ), NOQ },
	{ "PUT", "/api/v1/meetings/{id}/resolution", h_resolution_put,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_MEETING_WRITE), NOQ },
	{ "POST", "/api/v1/meetings/{id}/resolution/approve",
	    h_resolution_approve, RF_DB | RF_SCOPED, NEEDS(ACT_MEETING_WRITE),
	    NOQ },
	{ "GET", "/api/v1/meetings/{id}/resolution/tasks", h_resolution_tasks,
	    RF_DB | RF_SCOPED, NEEDS(ACT_MEETING_READ), NOQ },
	{ "POST", "/api/v1/meetings/{id}/resolution/tasks",
	    h_resolution_task_post, RF_DB | RF_JSON | RF_SCOPED,
	    NEEDS(ACT_MEETING_WRITE), NOQ },
	{ "PATCH", "/api/v1/tasks/{id}", h_task_patch,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_MEETING_WRITE), NOQ },
	{ "GET", "/api/v1/orgs/{id}/tasks", h_org_tasks, RF_DB | RF_SCOPED,
	    NEEDS(ACT_MEETING_READ), Q("status", "limit") },
	{ "GET", "/api/v1/members/{id}/tasks", h_member_tasks,
	    RF_DB | RF_SCOPED, NEEDS(ACT_MEETING_READ), Q("status", "limit") },
	{ "PUT", "/api/v1/meetings/{id}/score", h_meeting_score_put,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_MEETING_WRITE), NOQ },

	/* Inspections and supervisions (issue 14; h-inspections.c).  The
	 * store answers "not found" outside the principal's scope and
	 * judges which right a write needs (a self-inspection's own, or
	 * the inspection commission's); roles that hold neither are
	 * refused here (ACT_SELF_INSPECTION_WRITE's roles hold the other's
	 * too). */
	{ "GET", "/api/v1/inspections", h_inspections_list, RF_DB,
	    NEEDS(ACT_INSPECTION_READ),
	    Q("org", "kind", "form", "year", "status", "cursor", "limit") },
	{ "POST", "/api/v1/inspections", h_inspections_post, RF_DB | RF_JSON,
	    NEEDS(ACT_SELF_INSPECTION_WRITE), NOQ },
	{ "GET", "/api/v1/inspections/{id}", h_inspection_get, RF_DB,
	    NEEDS(ACT_INSPECTION_READ), NOQ },
	{ "PATCH", "/api/v1/inspections/{id}", h_inspection_patch,
	    RF_DB | RF_JSON, NEEDS(ACT_SELF_INSPECTION_WRITE), NOQ },
	{ "DELETE", "/api/v1/inspections/{id}", h_inspection_delete, RF_DB,
	    NEEDS(ACT_SELF_INSPECTION_WRITE), NOQ },
	{ "GET", "/api/v1/inspections/{id}/recommendations",
	    h_inspection_recs_list, RF_DB, NEEDS(ACT_INSPECTION_READ), NOQ },
	{ "POST", "/api/v1/inspections/{id}/recommendations",
	    h_inspection_recs_post, RF_DB | RF_JSON,
	    NEEDS(ACT_SELF_INSPECTION_WRITE), NOQ },
	{ "PATCH",
	    "/api/v1/inspections/{id}/recommendations/{recommendation_id}",
	    h_inspection_rec_patch, RF_DB | RF_JSON,
	    NEEDS(ACT_SELF_INSPECTION_WRITE), NOQ },
	{ "GET", "/api/v1/inspections/{id}/attachments",
	    h_inspection_atts_list, RF_DB, NEEDS(ACT_INSPECTION_READ), NOQ },
	{ "POST", "/api/v1/inspections/{id}/attachments",
	    h_inspection_atts_post, RF_DB | RF_MULTIPART,
	    NEEDS(ACT_SELF_INSPECTION_WRITE), NOQ },
	{ "GET", "/api/v1/inspections/{id}/attachments/{attachment_id}",
	    h_inspection_att_get, RF_DB, NEEDS(ACT_INSPECTION_READ), NOQ },

	/* Terms of a committee (issue 14; h-programmes.c): the
	 * organisation's rights, judged against its scope by the store. */
	{ "GET", "/api/v1/terms", h_terms_list, RF_DB | RF_SCOPED,
	    NEEDS(ACT_ORG_READ), Q("org", "on") },
	{ "POST", "/api/v1/terms", h_terms_post, RF_DB | RF_JSON | RF_SCOPED,
	    NEEDS(ACT_ORG_WRITE), NOQ },
	{ "GET", "/api/v1/terms/{id}", h_term_get, RF_DB | RF_SCOPED,
	    NEEDS(ACT_ORG_READ), NOQ },
	{ "PATCH", "/api/v1/terms/{id}", h_term_patch,
	    RF_DB | RF_JSON | RF_SCOPED, NEEDS(ACT_ORG_WRITE), NOQ },
	{ "DELETE", "/api/v1/terms/{id}", h_term_delete, RF_DB | RF_SCOPED,
	    NEEDS(ACT_ORG_WRITE), NOQ },
	/* Inspection and supervision programmes (issue 14;
	 * h-programmes.c): the store answers "not found" outside the
	 * principal's scope; roles that may never read or write them
	 * (a cell's own with the self-inspection right) are refused here. */
	{ "GET", "/api/v1/inspection/programmes", h_programmes_list, RF_DB,
	    NEEDS(ACT_INSPECTION_READ),
	    Q("org", "year", "body", "limit", "cursor") },
	{ "POST", "/api/v1/inspection/programmes", h_programmes_post,
	    RF_DB | RF_JSON, NEEDS(ACT_SELF_INSPECTION_WRITE), NOQ },
	{ "GET", "/api/v1/inspection/programmes/{id}", h_programme_get, RF_DB,
	    NEEDS(ACT_INSPECTION_READ), NOQ },
	{ "PATCH", "/api/v1/inspection/programmes/{id}", h_programme_patch,
	    RF_DB | RF_JSON, NEEDS(ACT_SELF_INSPECTION_WRITE), NOQ },
	{ "DELETE", "/api/v1/inspection/programmes/{id}", h_programme_delete,
	    RF_DB, NEEDS(ACT_SELF_INSPECTION_WRITE), NOQ },
	{ "POST", "/api/v1/inspection/programmes/{id}/items",
	    h_programme_items_post, RF_DB | RF_JSON,
	    NEEDS(ACT_SELF_INSPECTION_WRITE), NOQ },
	{ "PATCH", "/api/v1/inspection/programme-items/{id}",
	    h_programme_item_patch, RF_DB | RF_JSON,
	    NEEDS(ACT_SELF_INSPECTION_WRITE), NOQ },
	{ "DELETE", "/api/v1/inspection/programme-items/{id}",
	    h_programme_item_delete, RF_DB, NEEDS(ACT_SELF_INSPECTION_WRITE),
	    NOQ },
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

const struct route *
http_routes(size_t *ret_n)
{
	*ret_n = NROUTES;
	return routes;
}

bool
parse_id(const char *s, int64_t *ret)
{
	int64_t v = 0;
	size_t i;

	if (s == NULL || s[0] < '1' || s[0] > '9')
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 18)
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*ret = v;
	return true;
}

bool
route_param_is_id(const char *name, size_t n)
{
	return (n == 2 && memcmp(name, "id", 2) == 0) ||
	    (n > 3 && memcmp(name + n - 3, "_id", 3) == 0);
}

static int
hex_digit(unsigned char c)
{
	return c >= '0' && c <= '9' ?
	    c - '0' :
	    c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 :
	    c >= 'A' && c <= 'F' ?
	    c - 'A' + 10 :
	    -1;
}

/*
 * Decodes raw[0..n) into out (room for n + 1 bytes); *ret_len is the
 * decoded length.  A path (!query) is refused (false) for a raw control
 * byte, a '%' not followed by two hex digits, or an encoded '/' or '\'.
 * A query's name or value ('+' is a space) is decoded as MHD does: a '%'
 * that starts no escape stays as it is; it is never refused here.
 */
static bool
url_decode(const char *raw, size_t n, bool query, char *out, size_t *ret_len)
{
	const unsigned char *s = (const unsigned char *)raw;
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (!query && (s[i] < 0x20 || s[i] == 0x7F))
			return false;
		if (s[i] == '+' && query) {
			out[o++] = ' ';
			continue;
		}
		if (s[i] != '%' || i + 2 >= n ||
		    (hi = hex_digit(s[i + 1])) < 0 ||
		    (lo = hex_digit(s[i + 2])) < 0) {
			if (s[i] == '%' && !query)
				return false;
			out[o++] = (char)s[i];
			continue;
		}
		out[o] = (char)(hi << 4 | lo);
		if (!query && (out[o] == '/' || out[o] == '\\'))
			return false;
		o++;
		i += 2;
	}
	out[o] = '\0';
	*ret_len = o;
	return true;
}

bool
path_acceptable(const char *raw)
{
	size_t n = strcspn(raw, "?#"), len;
	uint32_t cp;
	size_t pos;
	char *d;
	bool ok;

	/* A raw space is no byte of a request target (MHD, lenient, keeps
	 * "GET /orgs/3 x HTTP/1.1" as the path "/orgs/3 x"). */
	if (memchr(raw, ' ', n) != NULL)
		return false;
	if ((d = malloc(n + 1)) == NULL)
		return false;
	/* Once decoded: well-formed UTF-8 without a control character
	 * (util/text.h's one check; no white space either), and no '/' or
	 * '\' that was encoded (a segment holds none). */
	ok = url_decode(raw, n, false, d, &len) &&
	    text_utf8_wellformed(d, len) &&
	    !text_find_control(d, len, false, &cp, &pos);
	free(d);
	return ok;
}

bool
query_flaw(const char *raw, char *key, size_t key_size, char *ret_cp,
    size_t cp_size, size_t *ret_pos)
{
	const char *q = strchr(raw, '?'), *p, *end;
	bool bad = false;
	char *d;

	if (q == NULL)
		return false;
	q++;
	end = q + strcspn(q, "#");
	if ((d = malloc((size_t)(end - q) + 1)) == NULL)
		return false;
	for (p = q; p < end && !bad;) {
		size_t n = strcspn(p, "&#"), kn = strcspn(p, "=&#"), klen,
		       vlen;
		const char *v = kn < n ? p + kn + 1 : NULL;
		uint32_t cp = 0;
		size_t pos = 0, i;

		/* The name first: it is what the error names. */
		url_decode(p, kn, true, d, &klen);
		if (text_find_control(d, klen, false, &cp, &pos))
			bad = true;
		else if (v != NULL) {
			url_decode(v, n - kn - 1, true, d + klen + 1, &vlen);
			bad = text_find_control(d + klen + 1, vlen, false, &cp,
			    &pos);
		}
		if (bad) {
			/* The name, printable: a control byte as '?'. */
			url_decode(p, kn, true, d, &klen);
			for (i = 0; i < klen && i + 1 < key_size; i++)
				key[i] = (unsigned char)d[i] < 0x20 ||
				        d[i] == 0x7F ?
				    '?' :
				    d[i];
			key[i] = '\0';
			if (!text_utf8_wellformed(key, i) ||
			    text_find_control(key, i, false, &(uint32_t){ 0 },
			        &(size_t){ 0 }))
				snprintf(key, key_size, "?");
			snprintf(ret_cp, cp_size, "U+%04" PRIX32, cp);
			*ret_pos = pos;
		}
		p += n;
		if (p < end && *p == '&')
			p++;
		else
			break;
	}
	free(d);
	return bad;
}

/*
 * Matches path against pattern segment by segment.  Returns -1 if it does
 * not match, else 0 with *ret_mask the positions of the pattern's
 * parameter segments (bit i: segment i).  With r non-NULL, the parameters
 * are recorded in r (their values in r->param_buf, a copy of the path).
 */
static int
pattern_match(const char *pattern, const char *path, uint32_t *ret_mask,
    struct request *r)
{
	const char *p = pattern, *s = path;
	uint32_t mask = 0;
	unsigned int seg = 0;

	while (*p != '\0' && *s != '\0') {
		const char *pe = strchr(p + 1, '/');
		const char *se = strchr(s + 1, '/');
		size_t pl, sl;

		if (*p != '/' || *s != '/')
			return -1;
		p++;
		s++;
		pe = pe ? pe : p + strlen(p);
		se = se ? se : s + strlen(s);
		pl = (size_t)(pe - p);
		sl = (size_t)(se - s);
		if (pl > 2 && p[0] == '{' && p[pl - 1] == '}') {
			if (sl == 0)
				return -1;
			if (seg < 32)
				mask |= (uint32_t)1 << seg;
			if (r != NULL && r->nparams < ROUTE_PARAMS_MAX) {
				struct route_param *rp =
				    &r->params[r->nparams++];
				char *v = r->param_buf + (s - path);

				v[sl] = '\0';
				rp->name = p + 1;
				rp->namelen = pl - 2;
				rp->value = v;
				rp->is_id = false;
				rp->id = 0;
			}
		} else if (pl != sl || strncmp(p, s, pl) != 0)
			return -1;
		p = pe;
		s = se;
		seg++;
	}
	if (*p != '\0' || *s != '\0')
		return -1;
	*ret_mask = mask;
	return 0;
}

/* True if a pattern with parameters at mask a is more specific than one
 * with b: at the first segment where they differ, a has a literal. */
static bool
more_specific(uint32_t a, uint32_t b)
{
	uint32_t d = a ^ b;

	return d != 0 && (a & (d & -d)) == 0;
}

/* Appends ", method" to r->allow (no printf: this runs for every
 * request). */
static void
allow_add(struct request *r, const char *method)
{
	size_t len = strlen(r->allow), n = strlen(method);

	if (len + 2 + n >= sizeof(r->allow))
		return;
	if (len > 0) {
		memcpy(r->allow + len, ", ", 2);
		len += 2;
	}
	memcpy(r->allow + len, method, n + 1);
}

/* Records the parameters of path under the pattern of best. */
static void
params_capture(struct request *r, const struct route *best, const char *path)
{
	uint32_t mask;
	size_t i;

	free(r->param_buf);
	r->nparams = 0;
	if ((r->param_buf = strdup(path)) == NULL) {
		r->params_lost = true; /* answered 503 */
		return;
	}
	pattern_match(best->pattern, path, &mask, r);
	for (i = 0; i < r->nparams; i++) {
		struct route_param *rp = &r->params[i];

		if (route_param_is_id(rp->name, rp->namelen)) {
			rp->is_id = true;
			if (!parse_id(rp->value, &rp->id))
				rp->id = 0;
		}
	}
}

enum match_result
router_match(struct request *r, const char *method, const char *path)
{
	return router_match_in(routes, NROUTES, r, method, path);
}

enum match_result
router_match_in(const struct route *routes, size_t nroutes, struct request *r,
    const char *method, const char *path)
{
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	const struct route *best = NULL;
	uint32_t best_mask = 0, mask;
	size_t i;

	r->route = NULL;
	r->route_index = ROUTE_UNMATCHED;
	r->allow[0] = '\0';
	r->nparams = 0;
	/* The most specific pattern that matches the path, any method. */
	for (i = 0; i < nroutes; i++) {
		if (pattern_match(routes[i].pattern, path, &mask, NULL) != 0)
			continue;
		if (best == NULL || more_specific(mask, best_mask)) {
			best = &routes[i];
			best_mask = mask;
		}
	}
	if (best == NULL)
		return r->match = MATCH_NONE;
	/* Among the routes of that pattern, the method's. */
	for (i = 0; i < nroutes; i++) {
		if (strcmp(routes[i].pattern, best->pattern) != 0)
			continue;
		if (strcmp(routes[i].method, m) == 0) {
			r->route = &routes[i];
			r->route_index = i;
		}
		allow_add(r, routes[i].method);
		if (strcmp(routes[i].method, "GET") == 0)
			allow_add(r, "HEAD");
	}
	if (best_mask != 0)
		params_capture(r, best, path);
	if (r->route == NULL) {
		/* Metrics count a 405 under the pattern it hit. */
		r->route_index = (size_t)(best - routes);
		return r->match = MATCH_METHOD;
	}
	return r->match = MATCH_OK;
}

/* The parameter called name, or NULL. */
static const struct route_param *
param_find(const struct request *r, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < r->nparams; i++)
		if (r->params[i].namelen == n &&
		    strncmp(r->params[i].name, name, n) == 0)
			return &r->params[i];
	return NULL;
}

const char *
req_param(const struct request *r, const char *name)
{
	const struct route_param *p = param_find(r, name);

	return p != NULL ? p->value : NULL;
}

bool
req_param_id(const struct request *r, const char *name, int64_t *ret)
{
	const struct route_param *p = param_find(r, name);

	*ret = 0;
	if (p == NULL || !p->is_id || p->id <= 0)
		return false;
	*ret = p->id;
	return true;
}

int64_t
req_id(const struct request *r, const char *name)
{
	int64_t v;

	return req_param_id(r, name, &v) ? v : 0;
}

bool
req_params_valid(const struct request *r)
{
	size_t i;

	for (i = 0; i < r->nparams; i++)
		if (r->params[i].is_id && r->params[i].id <= 0)
			return false;
	return true;
}
