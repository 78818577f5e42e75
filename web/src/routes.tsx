// The application's pages, one row each: the path (":name" a parameter,
// digits only when listed in numeric), the component, the title key (its
// navigation label and the heading of the explanation shown instead when
// the account may not open it) and the action it requires, one of the
// session's "actions" (src/core/policy.c decides them).  The navigation,
// the links and buttons to pages (mayOpen) and the page shown for a path
// come from this table; a page the account may not open explains why
// rather than showing an empty page.  The API judges every request anyway
// (403, 404).
import type { JSX } from "preact";
import type { Action, User } from "./api";
import type { Key } from "./i18n";
import { can } from "./roles";
import { match } from "./router";
import { Home } from "./pages/home";
import { Orgs } from "./pages/orgs";
import { OrgPage } from "./pages/org";
import { OrgForm } from "./pages/org-form";
import { Members } from "./pages/members";
import { MemberPage } from "./pages/member";
import { MemberForm } from "./pages/member-form";
import { Import } from "./pages/import";
import { Probation } from "./pages/probation";
import { AuditPage } from "./pages/audit";
import { Meetings } from "./pages/meetings";
import { MeetingPage, MeetingQr } from "./pages/meeting";
import { Checkin } from "./pages/checkin";
import { MyMeetings } from "./pages/my-meetings";
import { ComplianceView } from "./pages/compliance";
import { Lazy } from "./ui/lazy";

type InspectionPages = typeof import("./pages/inspection-pages");
let inspectionLoaded: InspectionPages | null = null;
const inspectionPages = () => import("./pages/inspection-pages").then((m) => (inspectionLoaded = m));
/** A page of the inspection chunk (loaded on first use, at once after). */
function insp(render: (m: InspectionPages) => JSX.Element): JSX.Element {
	return inspectionLoaded ? render(inspectionLoaded) : <Lazy load={inspectionPages} render={render} />;
}

type EvaluationPages = typeof import("./pages/evaluation-pages");
let evaluationLoaded: EvaluationPages | null = null;
const evaluationPages = () => import("./pages/evaluation-pages").then((m) => (evaluationLoaded = m));
/** A page of the evaluation chunk (issue 15; loaded on first use). */
function evalp(render: (m: EvaluationPages) => JSX.Element): JSX.Element {
	return evaluationLoaded ? render(evaluationLoaded) : <Lazy load={evaluationPages} render={render} />;
}

type Params = Record<string, string>;

export interface Route {
	path: string;
	title: Key;
	/** What the account must be allowed somewhere; null: every account. */
	action: Action | null;
	/** A member's own record (":id" its member_id) opens without it. */
	own?: boolean;
	/** Listed in the main navigation (in this order). */
	nav?: boolean;
	/** Listed there only for the accounts this says (pages that overlap:
	 * a cell's meetings and a member's own). */
	navIf?: (user: User) => boolean;
	/** The entry stands for these paths too (one navigation entry for a
	 * group of pages): it is the current one on any page under them. */
	group?: string[];
	/** Why the page needs its action, said on the explanation shown to an
	 * account that may not open it. */
	why?: Key;
	/** Parameters that must be digits (else: not found). */
	numeric?: string[];
	page: (p: Params) => JSX.Element;
}

export const routes: Route[] = [
	{ path: "/", title: "nav_home", action: null, nav: true, page: () => <Home /> },
	{ path: "/orgs", title: "nav_orgs", action: "org.read", nav: true, page: () => <Orgs /> },
	{ path: "/orgs/new", title: "org_new", action: "org.write", page: () => <OrgForm /> },
	{ path: "/orgs/:id/edit", title: "org_edit", action: "org.write",
		page: (p) => <OrgForm id={+p["id"]!} key={p["id"]} /> },
	{ path: "/orgs/:id", title: "orgs_title", action: "org.read", numeric: ["id"],
		page: (p) => <OrgPage id={+p["id"]!} key={p["id"]} /> },
	{ path: "/members", title: "nav_members", action: "member.list", nav: true, page: () => <Members /> },
	{ path: "/members/new", title: "members_new", action: "member.write", page: () => <MemberForm /> },
	{ path: "/members/:id/edit", title: "member_edit", action: "member.write", numeric: ["id"],
		page: (p) => <MemberForm id={+p["id"]!} key={p["id"]} /> },
	{ path: "/members/:id", title: "nav_members", action: "member.read", own: true, numeric: ["id"],
		page: (p) => <MemberPage id={+p["id"]!} key={p["id"]} /> },
	{ path: "/import", title: "nav_import", action: "member.import", nav: true, page: () => <Import /> },
	{ path: "/probation", title: "prob_title", action: "member.read", page: () => <Probation /> },
	{ path: "/audit", title: "nav_audit", action: "audit.read", nav: true, page: () => <AuditPage /> },
	// Cell meetings (issue 13).
	{ path: "/meetings", title: "nav_meetings", action: "meeting.read", nav: true,
		navIf: (u) => can(u, "member.list"), page: () => <Meetings /> },
	{ path: "/meetings/compliance", title: "cp_title", action: "org.read", nav: true,
		navIf: (u) => u.grants.some((g) => g.role !== "secretary" && g.role !== "member"), page: () => <ComplianceView /> },
	{ path: "/meetings/:id/qr", title: "m_qr_title", action: "meeting.write", numeric: ["id"],
		page: (p) => <MeetingQr id={+p["id"]!} key={p["id"]} /> },
	{ path: "/meetings/:id", title: "mt_title", action: "meeting.read", numeric: ["id"],
		page: (p) => <MeetingPage id={+p["id"]!} key={p["id"]} /> },
	{ path: "/my/meetings", title: "nav_my_meetings", action: "meeting.read", nav: true,
		navIf: (u) => !!u.member_id,
		page: () => <MyMeetings /> },
	{ path: "/checkin/:id", title: "ci_title", action: "meeting.read", numeric: ["id"],
		page: (p) => <Checkin id={+p["id"]!} key={p["id"]} /> },
	// Inspection, supervision and discipline (issue 14): one entry of the
	// navigation, the pages' own links under it (pages/insp-common.tsx).
	{ path: "/inspection", title: "nav_inspection", action: "inspection.read", nav: true,
		group: ["/inspection", "/inspections", "/discipline"], page: () => insp((m) => <m.CoveragePage />) },
	{ path: "/inspection/programmes", title: "ip_title", action: "inspection.read", page: () => insp((m) => <m.Programmes />) },
	{ path: "/inspection/programmes/:id", title: "ip_one", action: "inspection.read", numeric: ["id"],
		page: (p) => insp((m) => <m.ProgrammePage id={+p["id"]!} key={p["id"]} />) },
	{ path: "/inspections", title: "in_title", action: "inspection.read", page: () => insp((m) => <m.Inspections />) },
	{ path: "/inspections/new", title: "in_new", action: "inspection.self", page: () => insp((m) => <m.InspectionForm />) },
	{ path: "/inspections/:id", title: "in_one", action: "inspection.read", numeric: ["id"],
		page: (p) => insp((m) => <m.InspectionPage id={+p["id"]!} key={p["id"]} />) },
	{ path: "/discipline", title: "dc_title", action: "discipline.read", why: "dc_why", page: () => insp((m) => <m.DisciplineList />) },
	{ path: "/discipline/notices", title: "dn_title", action: "discipline.read", why: "dc_why", page: () => insp((m) => <m.DisciplineNotices />) },
	{ path: "/discipline/new", title: "dc_new", action: "discipline.write", why: "dc_why", page: () => insp((m) => <m.DisciplineForm />) },
	{ path: "/discipline/:id", title: "dc_one", action: "discipline.read", why: "dc_why", numeric: ["id"],
		page: (p) => insp((m) => <m.DisciplineCasePage id={+p["id"]!} key={p["id"]} />) },
	// Evaluation and classification, the targets' dashboard (issue 15): one
	// entry of the navigation, leading to the first page of the group the
	// account may open (pages/eval-common.tsx lists them under the heading).
	{ path: "/evaluation", title: "nav_evaluation", action: null, nav: true,
		navIf: (u) => !!u.member_id || ["evaluation.read", "dashboard.read"].some((a) => can(u, a as Action)),
		group: ["/evaluation", "/dashboard"], page: () => evalp((m) => <m.EvalHome />) },
	{ path: "/evaluation/self", title: "ev_self_title", action: null, page: () => evalp((m) => <m.SelfAssessment />) },
	{ path: "/evaluation/cell", title: "ev_cell_title", action: "evaluation.propose", page: () => evalp((m) => <m.CellEvaluation />) },
	{ path: "/evaluation/comments", title: "ev_mates_title", action: "evaluation.comment", page: () => evalp((m) => <m.CellComments />) },
	{ path: "/evaluation/calibration", title: "ev_cal_title", action: "evaluation.read", page: () => evalp((m) => <m.CalibrationView />) },
	{ path: "/evaluation/periods", title: "ev_periods_title", action: "evaluation.manage", page: () => evalp((m) => <m.PeriodsPage />) },
	{ path: "/dashboard", title: "db_title", action: "dashboard.read", page: () => evalp((m) => <m.DashboardPage />) },
];

/** The route of a path and its parameters, or null (not found). */
export function findRoute(path: string): { route: Route; params: Params } | null {
	for (const route of routes) {
		const params = match(route.path, path);
		if (params && (route.numeric ?? []).every((k) => /^\d+$/.test(params[k] ?? "")))
			return { route, params };
	}
	return null;
}

/** True if user may open the route with these parameters. */
export function allowed(user: User, route: Route, params: Params = {}): boolean {
	if (route.action === null || can(user, route.action))
		return true;
	return !!route.own && !!user.member_id && params["id"] === String(user.member_id);
}

/** True if href (a path of the application, with or without a query)
 * names a page user may open: links and buttons to pages ask this. */
export function mayOpen(user: User, href: string): boolean {
	const found = findRoute(href.split(/[?#]/)[0]!);
	return !!found && allowed(user, found.route, found.params);
}

/** The routes of the main navigation user may open. */
export function navRoutes(user: User): Route[] {
	return routes.filter((r) => r.nav && allowed(user, r) && (!r.navIf || r.navIf(user)));
}
