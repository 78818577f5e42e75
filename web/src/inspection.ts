// Inspection, supervision and discipline (issue 14): the shapes their APIs
// send, written by hand from the issue's "JSON that outside scripts rely
// on" and the helpers' briefs (the APIs were built at the same time as
// these pages; fields beyond the are optional), and what the
// inspection pages share: paging through a list, today in Vietnam, the
// error of an API refusal on its form field.
import { ApiError, get, query, type FieldError, type Page } from "./api";

export type Kind = "inspection" | "supervision";
export type Body = "committee" | "inspection_commission" | "cell";
export const kinds: Kind[] = ["inspection", "supervision"];
export const bodies: Body[] = ["committee", "inspection_commission", "cell"];
/** The forms of a programme item or a record, by kind (the rulebook's
 * inspection.forms; the server refuses any other with 422 on "form"). */
export const formsOf: Record<Kind, string[]> = {
	inspection: ["regular", "thematic", "on_signs_of_violation"],
	supervision: ["regular", "thematic"],
};

/** A finding of the coverage check (GET /checks/inspection). */
export interface CoverageFinding {
	code: string;
	org_id: number | null;
	org_name?: string | null;
	period?: string | null;
	months_left?: number | null;
	rule?: string | null;
	rule_id?: string | null;
	citation?: string | null;
	message?: string | null;
	inspection_id?: number | null;
	recommendation_id?: number | null;
	due_on?: string | null;
	confirmed?: boolean;
}

/** A direct subordinate organisation's row of the coverage map; covered
 * and self_inspected are null when the organisation is not counted (it
 * did not exist in the term or in the year). */
export interface CoverageOrg {
	id: number;
	name: string | null;
	covered: boolean | null;
	last_inspection_on?: string | null;
	self_inspected: boolean | null;
	months_left?: number | null;
	overdue_recommendations?: number;
}

/** One target: how many organisations are counted, how many meet it. */
export interface CoverageTarget {
	counted: number;
	covered?: number;
	self_inspected?: number;
	pct: number | null;
	target_pct: number | null;
	met: boolean | null;
	rule: string | null;
	citation: string | null;
	confirmed?: boolean;
}

/** GET /checks/inspection?year=&org= */
export interface Coverage {
	org_id?: number;
	org_name?: string;
	year?: number;
	on?: string;
	term: { name: string | null; starts_on: string; ends_on: string; months_left?: number } | null;
	items: CoverageFinding[];
	counts: Record<string, number>;
	coverage: {
		in_term_pct: number | null;
		self_inspection_pct: number | null;
		targets: Record<string, number | null | undefined>;
		in_term?: CoverageTarget;
		self_inspection?: CoverageTarget;
	};
	orgs?: CoverageOrg[];
}

export interface ProgrammeItem {
	id: number;
	programme_id: number;
	kind: Kind;
	form: string;
	subject_org_id: number | null;
	subject_member_id: number | null;
	subject_name?: string | null;
	content_codes: string[];
	planned_from: string | null;
	planned_to: string | null;
	team: string | null;
	status: string;
	note: string | null;
	version?: number;
}

export interface Programme {
	id: number;
	org_id: number;
	org_name?: string | null;
	body: Body;
	year: number;
	title: string | null;
	doc_no: string | null;
	approved_on: string | null;
	status: "draft" | "approved";
	version?: number;
	items?: ProgrammeItem[];
}

export interface Recommendation {
	id: number;
	inspection_id?: number;
	text: string;
	owner: string | null;
	due_on: string | null;
	done_on: string | null;
	result?: string | null;
	overdue?: boolean;
	version?: number;
}

export interface Attachment {
	id: number;
	name: string;
	size: number;
	sha256?: string;
	content_type?: string | null;
	created_at?: string;
}

export interface Inspection {
	id: number;
	org_id?: number;
	org_name?: string | null;
	body?: Body;
	kind: Kind;
	form: string;
	subject_org_id: number | null;
	subject_member_id: number | null;
	subject_name?: string | null;
	programme_id: number | null;
	content_codes: string[];
	decided_on: string | null;
	doc_no: string | null;
	from: string | null;
	to: string | null;
	team?: string | null;
	findings?: string | null;
	conclusion: string | null;
	status: string;
	version?: number;
	recommendations?: Recommendation[];
	attachments?: Attachment[];
	recommendations_count?: number;
	recommendations_overdue?: number;
}

export interface DisciplineCase {
	id: number;
	subject: "member" | "org";
	member_id?: number | null;
	org_id?: number | null;
	subject_name?: string | null;
	violation_code: string;
	violation_on: string | null;
	violation_until?: string | null;
	discovered_on?: string | null;
	upper_task?: boolean;
	deciding_org_id: number | null;
	deciding_org_name?: string | null;
	deciding_body?: string | null;
	form: string | null;
	vote: { for: number | null; against: number | null; abstain: number | null } | null;
	base: number | null;
	decided_on: string | null;
	effective_on: string | null;
	doc_no: string | null;
	status: "in_force" | "lapsed" | "annulled" | "deferred" | string;
	lapses_on: string | null;
	deferral?: string | null;
	received_on?: string | null;
	complained_on?: string | null;
	complaint_outcome?: string | null;
	complaint_decided_on?: string | null;
	note?: string | null;
	version?: number;
}

/** The discipline forms by subject (the rulebook's discipline.forms; the
 * server judges: 422 form_not_allowed_for_subject). */
export const disciplineForms = ["khien_trach", "canh_cao", "cach_chuc", "khai_tru", "giai_tan"];
export const memberForms = ["khien_trach", "canh_cao", "cach_chuc", "khai_tru"];
export const orgForms = ["khien_trach", "canh_cao", "giai_tan"];

/** Every page of a cursor-paged list, up to max items. */
export async function allPages<T>(path: string, q: Record<string, string | number | boolean | null | undefined>,
	signal?: AbortSignal, max = 2000): Promise<T[]> {
	const out: T[] = [];
	let cursor: string | null = null;
	do {
		const page: Page<T> = await get(`${path}${query({ ...q, limit: Math.min(500, max - out.length), cursor })}`, signal);
		out.push(...(page.items ?? []));
		cursor = page.next_cursor ?? null;
	} while (cursor && out.length < max);
	return out;
}

/** Today in Vietnam, yyyy-mm-dd. */
export function vnDate(): string {
	const p = Object.fromEntries(new Intl.DateTimeFormat("en-GB", {
		timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit",
	}).formatToParts(new Date()).map((x) => [x.type, x.value]));
	return `${p["year"]}-${p["month"]}-${p["day"]}`;
}

/** The rule of a finding or a field error (rule, or rule_id). */
export function ruleOf(x: { rule?: string | null; rule_id?: string | null }): string | null {
	return x.rule ?? x.rule_id ?? null;
}

/** An error tied to one of a form's fields ("" : the form's own). */
export type FormError = FieldError & { form: string };

/** The errors of a refused write, each on the form's field that the
 * API's field names (map: API field -> form field; a field the map does
 * not name is shown on its own name if the form has it). */
export function formErrors(e: unknown, map: Record<string, string>, fields: readonly string[]): FormError[] | null {
	if (!(e instanceof ApiError))
		return null;
	if (e.errors.length === 0)
		return [{ field: "", form: "", code: e.code, message: e.problem?.detail ?? e.message } as FormError];
	return e.errors.map((x) => {
		const f = map[x.field] ?? (fields.includes(x.field) ? x.field : "");
		return { ...x, form: f };
	});
}
