// The only way the application talks to chibo: JSON under /api/v1 with
// the session cookie, the CSRF token on every write, the interface
// language as Accept-Language, and problems (application/problem+json)
// turned into ApiError with their field errors.
import { lang } from "./i18n";
import { signal } from "./state";

// The types are those of the API's description (src/http/openapi.json),
// generated into api-types.ts (gen-api-types.mjs); here they are only
// named.  The description marks few properties required, but the server
// always sends every property of these objects (null when empty): Sent<T>
// says so.
import type { components } from "./api-types";

export type Schemas = components["schemas"];
/** T as the server sends it: every property present (maybe null). */
export type Sent<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

export type Role = Sent<Schemas["Grant"]>["role"];
export type Grant = Sent<Schemas["Grant"]>;
export type Principal = Sent<Omit<Schemas["Principal"], "grants">> & { grants: Grant[] };
export type Session = Schemas["Session"];
type SessionUser = Schemas["SessionUser"];
/** What the account's grants allow somewhere (src/core/policy.c). */
export type Action = SessionUser["actions"][number];
/** The rulebook's and the model's lists as the server judges them today. */
export type Choices = Schemas["SessionChoices"];

/** The signed-in account as the session tells it: the principal, what
 * its grants allow and the server's choices. */
export type User = Principal & Pick<SessionUser, "actions" | "choices">;

function sessionUser(s: Session): User {
	return s.user as User;
}

export type FieldError = Schemas["FieldError"];
export type Problem = Schemas["Problem"];
export type Org = Sent<Schemas["Org"]>;
export type OrgKind = Org["kind"];
type Detail = Schemas["OrgDetail"];
export type OrgCounts = Sent<NonNullable<Detail["counts"]>>;
export type OrgWarning = Sent<Pick<NonNullable<Detail["warnings"]>[number], "code">> &
	Omit<NonNullable<Detail["warnings"]>[number], "code">;
export type OrgDetail = Org & {
	counts?: OrgCounts;
	warnings?: OrgWarning[];
	parent: NonNullable<Detail["parent"]> | null;
	children?: (Org & { counts?: OrgCounts })[];
};
export type OrgEvent = Sent<Schemas["OrgEvent"]>;
/** A member; masked names the personal fields withheld (absent when none). */
export type Member = Sent<Omit<Schemas["Member"], "masked">> & { masked?: readonly string[] };
export type MemberEvent = Sent<Schemas["MemberEvent"]>;
export type AuditEntry = Sent<Schemas["AuditEntry"]>;
export type ImportReport = Sent<Schemas["ImportReport"]>;

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
	/** multipart/form-data (the browser writes its boundary) */
	form?: FormData;
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
	if (opt.form !== undefined)
		body = opt.form;
	else if (opt.raw !== undefined) {
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
