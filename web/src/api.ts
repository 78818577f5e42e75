// The only way the application talks to chibo: JSON under /api/v1 with
// the session cookie, the CSRF token on every write, the interface
// language as Accept-Language, and problems (application/problem+json)
// turned into ApiError with their field errors.
import { lang } from "./i18n";
import { signal } from "./state";

export type Role = "admin" | "office" | "inspection" | "secretary" | "member" | "viewer";

export interface Grant {
	role: Role;
	org_id: number;
	org_code: string | null;
	org_name: string | null;
}

export interface Principal {
	user_id: number;
	username: string;
	display_name: string | null;
	member_id: number | null;
	grants: Grant[];
}

/** What the account's grants allow somewhere (src/core/policy.c). */
export type Action = "org.read" | "org.write" | "member.list" | "member.read" |
	"member.personal" | "member.write" | "member.delete" | "member.import" |
	"member.export" | "audit.read" | "rules.write" | "user.admin";

/** The rulebook's and the model's lists as the server judges them today. */
export interface Choices {
	member_org_kinds: string[];
	org_kinds: { kind: string; label_vi: string; label_en: string }[];
	age_bands: string[];
	genders: string[];
	member_statuses: string[];
	member_states: string[];
}

/** GET /api/v1/session (and signing in). */
export interface Session {
	csrf_token?: string;
	user: Principal;
	actions: Action[];
	choices: Choices;
}

/** The signed-in account as the application keeps it: the principal, what
 * its grants allow and the server's choices. */
export type User = Principal & Pick<Session, "actions" | "choices">;

function sessionUser(s: Session): User {
	return { ...s.user, actions: s.actions, choices: s.choices };
}

export interface FieldError {
	field: string;
	code: string;
	message: string;
	row?: number;
	rule?: string;
	citation?: string;
}

export interface Problem {
	type: string;
	title: string;
	status: number;
	code: string;
	detail: string;
	errors: FieldError[];
}

export type OrgKind = "central" | "province" | "upper_grassroots" | "grassroots" |
	"grassroots_cell" | "sub_committee" | "cell" | "group";

export interface Org {
	id: number;
	kind: OrgKind;
	name: string;
	code: string;
	parent_id: number | null;
	path: string;
	depth: number;
	valid_from: string;
	valid_to: string | null;
	version: number;
}

export interface OrgCounts {
	members_direct: number;
	members: number;
	official: number;
	probationary: number;
	children: number;
	descendants: number;
}

export interface OrgWarning {
	code: string;
	min?: number;
	rule?: string;
	citation?: string | null;
}

export interface OrgDetail extends Org {
	counts?: OrgCounts;
	warnings?: OrgWarning[];
	parent: { id: number; name?: string; code?: string; kind?: OrgKind } | null;
	children?: (Org & { counts?: OrgCounts })[];
}

export interface OrgEvent {
	id: number;
	org_id: number;
	kind: string;
	on: string | null;
	doc_no: string | null;
	details: Record<string, unknown> | null;
	recorded_by: string;
	recorded_at: string;
}

export interface Member {
	id: number;
	full_name: string;
	gender: "male" | "female";
	birth_date: string;
	birthplace: string | null;
	hometown: string | null;
	ethnicity: string | null;
	religion: string | null;
	citizen_id: string | null;
	card_no: string | null;
	dossier_no: string | null;
	admission_decision_date: string | null;
	admitted_on: string;
	official_on: string | null;
	status: "probationary" | "official";
	exempt_since: string | null;
	org_id: number;
	job_title: string | null;
	education: string | null;
	professional_level: string | null;
	theory_level: string | null;
	phone: string | null;
	email: string | null;
	state: string;
	version: number;
	created_at: string;
	updated_at: string;
	masked?: string[];
}

export interface MemberEvent {
	id: number;
	member_id: number;
	kind: string;
	on: string | null;
	doc_no: string | null;
	org_id: number | null;
	details: Record<string, unknown> | null;
	recorded_by: string;
	recorded_at: string;
}

export interface AuditEntry {
	id: number;
	at: string;
	actor: string;
	user_id: number | null;
	addr: string;
	action: string;
	object_type: string | null;
	object_id: number | null;
	org_id: number | null;
	before: Record<string, unknown> | null;
	after: Record<string, unknown> | null;
	detail: Record<string, unknown> | null;
}

export interface ImportReport {
	rows: number;
	created: number;
	updated: number;
	unchanged: number;
	committed: boolean;
	format: "csv" | "xlsx";
	encoding: string | null;
}

export interface Page<T> {
	items: T[];
	next_cursor: string | null;
}

/** A problem answer (or a network failure: status 0). */
export class ApiError extends Error {
	constructor(public status: number, public problem: Problem | null) {
		super(problem?.detail ?? `HTTP ${status}`);
	}
	get code(): string {
		return this.problem?.code ?? (this.status === 0 ? "network" : "http_" + this.status);
	}
	get errors(): FieldError[] {
		return this.problem?.errors ?? [];
	}
}

export interface Answer<T> {
	status: number;
	data: T;
	etag: string | null;
}

let csrf: string | null = null;

/** Set when any request is answered 401 (the session ended): the
 * application goes back to the sign-in page. */
export const signedOut = signal(0);

export function setCsrf(token: string | null): void {
	csrf = token;
}

interface Options {
	body?: unknown;
	raw?: Blob | ArrayBuffer;
	contentType?: string;
	ifMatch?: string | null;
	signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, opt: Options = {}): Promise<Answer<T>> {
	const headers: Record<string, string> = {
		"Accept": "application/json, application/problem+json",
		"Accept-Language": lang.get() === "en" ? "en" : "vi",
	};
	let body: BodyInit | undefined;
	if (opt.raw !== undefined) {
		body = opt.raw;
		headers["Content-Type"] = opt.contentType ?? "application/octet-stream";
	} else if (opt.body !== undefined) {
		body = JSON.stringify(opt.body);
		headers["Content-Type"] = "application/json";
	}
	if (method !== "GET" && method !== "HEAD" && csrf !== null)
		headers["X-CSRF-Token"] = csrf;
	if (opt.ifMatch)
		headers["If-Match"] = opt.ifMatch;
	let resp: Response;
	try {
		resp = await fetch("/api/v1" + path, {
			method, headers, body, credentials: "same-origin",
			cache: "no-store", signal: opt.signal,
		});
	} catch (e) {
		if (e instanceof DOMException && e.name === "AbortError")
			throw e;
		throw new ApiError(0, null);
	}
	const ctype = resp.headers.get("Content-Type") ?? "";
	let data: unknown = null;
	if (resp.status !== 204 && ctype.includes("json"))
		data = await resp.json().catch(() => null);
	if (!resp.ok) {
		const problem = data && typeof data === "object" && "code" in data ? data as Problem : null;
		if (resp.status === 401 && path !== "/session")
			signedOut.set(signedOut.get() + 1);
		throw new ApiError(resp.status, problem);
	}
	return { status: resp.status, data: data as T, etag: resp.headers.get("ETag") };
}

export const get = <T>(path: string, signal?: AbortSignal) =>
	request<T>("GET", path, { signal }).then((a) => a.data);

/** A query string from the set values of q ("" and null left out). */
export function query(q: Record<string, string | number | boolean | null | undefined>): string {
	const p = new URLSearchParams();
	for (const [k, v] of Object.entries(q))
		if (v !== null && v !== undefined && v !== "")
			p.set(k, String(v));
	const s = p.toString();
	return s ? "?" + s : "";
}

// ------------------------------------------------------------- session

export async function signIn(username: string, password: string): Promise<User> {
	const a = await request<Session>("POST", "/session", { body: { username, password } });
	setCsrf(a.data.csrf_token ?? null);
	return sessionUser(a.data);
}

/** The signed-in user after a reload (and the CSRF token again), or null. */
export async function currentSession(): Promise<User | null> {
	try {
		const a = await request<Session>("GET", "/session");
		setCsrf(a.data.csrf_token ?? null);
		return sessionUser(a.data);
	} catch (e) {
		if (e instanceof ApiError && e.status === 401)
			return null;
		throw e;
	}
}

export async function signOut(): Promise<void> {
	try {
		await request("DELETE", "/session");
	} finally {
		setCsrf(null);
	}
}

// -------------------------------------------------------- organisations

/** Every organisation the user may see, in tree order (all pages). */
export async function allOrgs(includeClosed = false): Promise<Org[]> {
	const out: Org[] = [];
	let cursor: string | null = null;
	do {
		const page: Page<Org> = await get(`/orgs${query({ limit: 1000, cursor, include_closed: includeClosed || null })}`);
		out.push(...page.items);
		cursor = page.next_cursor;
	} while (cursor);
	return out;
}
