// What the inspection pages (issue 14) share: their own links under the
// one entry "Kiểm tra, giám sát" of the navigation (those the account may
// open), the summary of a refused form with each error on its field and
// its rule cited, the rulebook's catalogues (contents of an inspection,
// violations) and the organisations' names.
import { useEffect, useRef, useState } from "preact/hooks";
import { get, query, type Member, type Org, type Page, type User } from "../api";
import { orgsCached } from "../data";
import { t, tv, lang, type Key } from "../i18n";
import type { FormError } from "../inspection";
import { mayOpen } from "../routes";
import { loc } from "../router";
import { useSignal } from "../state";

const links: { href: string; label: Key; also?: string }[] = [
	{ href: "/inspection", label: "in_nav_coverage" },
	{ href: "/inspection/programmes", label: "in_nav_programmes" },
	{ href: "/inspections", label: "in_nav_records" },
	{ href: "/discipline", label: "in_nav_discipline" },
];

/** The inspection pages' own navigation (below the page heading). */
export function InspectionNav(props: { user: User }) {
	const path = useSignal(loc).path;
	const shown = links.filter((l) => mayOpen(props.user, l.href));
	if (shown.length < 2)
		return null;
	const current = (href: string) => href === "/inspection" ? path === href :
		path === href || path.startsWith(href + "/");
	return (
		<nav class="subnav" aria-label={t("in_nav_label")}>
			<ul>
				{shown.map((l) => (
					<li key={l.href}><a href={l.href} aria-current={current(l.href) ? "page" : undefined}>
						{t(l.href === "/inspection" && cellOnly(props.user) ? "in_nav_cell" : l.label)}</a></li>
				))}
			</ul>
		</nav>
	);
}

/** The errors of a refused form: each names its field (a link that moves
 * the focus to it), says what is wrong and cites the rule. */
export function FormErrorSummary(props: { title: string; errors: FormError[]; prefix: string; label: (f: string) => string }) {
	const ref = useRef<HTMLDivElement>(null);
	useEffect(() => {
		ref.current?.focus();
	}, [props.errors]);
	return (
		<div ref={ref} class="notice notice-error error-summary" role="alert" tabIndex={-1} id={props.prefix + "-errors"}>
			<p><strong>{props.title}</strong></p>
			<ul>
				{props.errors.map((e, i) => (
					<li key={i} data-code={e.code} data-field={e.field}>
						{e.form ? <a href={`#f-${props.prefix}-${e.form}`} onClick={(x) => {
							x.preventDefault();
							document.getElementById(`f-${props.prefix}-${e.form}`)?.focus();
						}}>{props.label(e.form)}</a> : <span>{e.field || t("error_title")}</span>}
						{": "}{e.message}
						{(e.rule || e.citation) && <small class="citation"> ({[e.rule, e.citation].filter(Boolean).join(" — ")})</small>}
					</li>
				))}
			</ul>
		</div>
	);
}

/** The text shown under a field: its errors with their rules, or null. */
export function errText(errors: FormError[], field: string): string | null {
	const e = errors.filter((x) => x.form === field);
	return e.length ? e.map((x) => x.message + (x.citation ? ` (${x.citation})` : "")).join(" ") : null;
}

export interface CatalogueItem {
	code: string;
	label: string;
	citation: string | null;
}

/** A list rule of the rulebook in force today (GET /rules): its items
 * with code and label in the interface's language; [] when the server
 * has no such rule. */
type Rules = { rules: { id: string; versions: { effective_from: string; effective_to: string | null; values: Record<string, unknown> }[] }[] };
let rulesOnce: Promise<Rules> | null = null;

export async function catalogue(id: string): Promise<CatalogueItem[]> {
	if (!rulesOnce)
		rulesOnce = get<Rules>("/rules").catch(() => {
			rulesOnce = null;
			return { rules: [] };
		});
	const r = await rulesOnce;
	const rule = r.rules.find((x) => x.id === id);
	const today = new Date().toISOString().slice(0, 10);
	const v = rule?.versions.find((x) => x.effective_from <= today && (!x.effective_to || today <= x.effective_to)) ?? rule?.versions.at(-1);
	if (!v)
		return [];
	const en = lang.get() === "en";
	// Parallel lists: codes, names (Vietnamese), names_en.
	const codes = v.values["codes"];
	if (Array.isArray(codes) && codes.every((x) => typeof x === "string")) {
		const pick = (...keys: string[]) => keys.map((k) => v.values[k]).find((x) => Array.isArray(x)) as unknown[] | undefined;
		const names = en ? pick("names_en", "labels_en", "names", "labels_vi") : pick("names", "names_vi", "labels_vi", "labels");
		return (codes as string[]).map((c, i) => ({ code: c, label: String(names?.[i] ?? c), citation: null }));
	}
	for (const val of Object.values(v.values)) {
		if (!Array.isArray(val) || !val.every((x) => x && typeof x === "object" && "code" in x))
			continue;
		return (val as Record<string, unknown>[]).map((x) => {
			const label = (en ? x["label_en"] ?? x["en"] : x["label_vi"] ?? x["vi"]) ?? x["label"] ?? x["code"];
			const c = x["citation"];
			return {
				code: String(x["code"]), label: String(label),
				citation: typeof c === "string" ? c : c && typeof c === "object" && "text" in c ? String((c as { text: unknown }).text) : null,
			};
		});
	}
	return [];
}

/** A number of a rule of the rulebook in force today (GET /rules), e.g.
 * ruleNumber("discipline.state_notice", "days"); null when absent. */
export async function ruleNumber(id: string, key: string): Promise<number | null> {
	if (!rulesOnce)
		rulesOnce = get<Rules>("/rules").catch(() => {
			rulesOnce = null;
			return { rules: [] };
		});
	const r = await rulesOnce;
	const rule = r.rules.find((x) => x.id === id);
	const today = new Date().toISOString().slice(0, 10);
	const v = rule?.versions.find((x) => x.effective_from <= today && (!x.effective_to || today <= x.effective_to)) ?? rule?.versions.at(-1);
	const n = v?.values[key];
	return typeof n === "number" ? n : null;
}

/** The names of members by id (GET /members/{id}, each once); a member
 * the account may not read is left out (shown by its number). */
export async function memberNames(ids: number[], signal?: AbortSignal): Promise<Map<number, string>> {
	const out = new Map<number, string>();
	await Promise.all([...new Set(ids)].map(async (id) => {
		try {
			out.set(id, (await get<Member>(`/members/${id}`, signal)).full_name);
		} catch {
			/* its number instead */
		}
	}));
	return out;
}

/** The names of the organisations the account sees, by id. */
export async function orgNames(): Promise<Map<number, Org>> {
	const orgs = await orgsCached().catch(() => [] as Org[]);
	return new Map(orgs.map((o) => [o.id, o]));
}

/** The organisations under root (root first), in tree order. */
export function subtree(orgs: Map<number, Org>, root: number): Org[] {
	const out: Org[] = [];
	const r = orgs.get(root);
	if (r)
		out.push(r);
	const kids = new Map<number, Org[]>();
	for (const o of orgs.values())
		if (o.parent_id !== null)
			kids.set(o.parent_id, [...(kids.get(o.parent_id) ?? []), o]);
	const walk = (id: number) => {
		for (const c of kids.get(id) ?? []) {
			out.push(c);
			walk(c.id);
		}
	};
	walk(root);
	return out;
}

/** The organisation a page starts on: the one in ?org=, else the first
 * grant's (a secretary's cell). */
export function startOrg(user: User, search: URLSearchParams): number | null {
	const s = search.get("org");
	if (s && /^\d+$/.test(s))
		return +s;
	return user.grants[0]?.org_id ?? null;
}

/** Whether the account's grants are all on organisations that hold
 * members (a cell's secretary): its pages are its own cell's. */
export function cellOnly(user: User): boolean {
	return user.grants.length > 0 && user.grants.every((g) => g.role === "secretary" || g.role === "member");
}

/** A multi-line text field with its label and error (ids f-PREFIX-NAME). */
export function AreaField(p: { prefix: string; name: string; label: string; value: string; onInput: (v: string) => void;
	error?: string | null; rows?: number; required?: boolean; hint?: string }) {
	const id = `f-${p.prefix}-${p.name}`;
	const described = [p.hint ? id + "-hint" : "", p.error ? id + "-error" : ""].filter(Boolean).join(" ") || undefined;
	return (
		<div class="field field-wide">
			<label for={id}>{p.label}{p.required && <span class="req" aria-hidden="true"> *</span>}</label>
			<textarea id={id} name={p.name} rows={p.rows ?? 3} value={p.value} required={p.required}
				aria-invalid={p.error ? "true" : undefined} aria-describedby={described}
				onInput={(e) => p.onInput((e.currentTarget as HTMLTextAreaElement).value)} />
			{p.hint && <small id={id + "-hint"}>{p.hint}</small>}
			{p.error && <small id={id + "-error"} class="field-error">{p.error}</small>}
		</div>
	);
}

/** Check boxes of a catalogue's codes (ids f-PREFIX-NAME on the group). */
export function CodeChecks(p: { prefix: string; name: string; label: string; items: CatalogueItem[]; value: string[];
	onInput: (v: string[]) => void; error?: string | null }) {
	const id = `f-${p.prefix}-${p.name}`;
	if (p.items.length === 0)
		return null;
	return (
		<fieldset class="field field-wide code-checks" id={id} tabIndex={-1}
			aria-invalid={p.error ? "true" : undefined} aria-describedby={p.error ? id + "-error" : undefined}>
			<legend>{p.label}</legend>
			{p.items.map((x) => (
				<label key={x.code} class="check-label">
					<input type="checkbox" name={p.name} value={x.code} checked={p.value.includes(x.code)}
						onChange={(e) => {
							const on = (e.currentTarget as HTMLInputElement).checked;
							p.onInput(on ? [...p.value, x.code] : p.value.filter((c) => c !== x.code));
						}} />
					{" "}{x.label}
				</label>
			))}
			{p.error && <small id={id + "-error"} class="field-error">{p.error}</small>}
		</fieldset>
	);
}

/** The days between two ISO dates (b - a). */
export function daysBetween(a: string, b: string): number {
	return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86400000);
}

/** A member chosen by a search of the register (GET /members?q=, tone
 * marks ignored by the API) instead of a typed record number: the name,
 * cell and status of each of the first matches as one tap target (≥ 44
 * px), the chosen one shown with a button to choose another.  value is the
 * member's id ("" when none); the search box (or, once chosen, the change
 * button) has the id f-PREFIX-NAME that the error summary focuses. */
export function MemberPicker(p: { prefix: string; name: string; label: string; value: string; onInput: (id: string) => void;
	error?: string | null; required?: boolean; org?: number | null; initialName?: string | null }) {
	const id = `f-${p.prefix}-${p.name}`;
	const [q, setQ] = useState("");
	const [found, setFound] = useState<{ q: string; items: Member[] } | null>(null);
	const [chosen, setChosen] = useState<{ id: string; name: string; org: string | null } | null>(
		p.value ? { id: p.value, name: p.initialName ?? t("in_member_n", { id: p.value }), org: null } : null);
	const [orgs, setOrgs] = useState<Map<number, Org>>(new Map());
	useEffect(() => {
		void orgNames().then(setOrgs);
	}, []);
	useEffect(() => {
		const s = q.trim();
		if (s.length < 2) {
			setFound(null);
			return;
		}
		const ctl = new AbortController();
		const timer = setTimeout(() => {
			get<Page<Member>>(`/members${query({ q: s, org: p.org ?? null, limit: 8, total: "later" })}`, ctl.signal)
				.then((r) => setFound({ q: s, items: r.items }))
				.catch(() => { if (!ctl.signal.aborted) setFound({ q: s, items: [] }); });
		}, 250);
		return () => {
			clearTimeout(timer);
			ctl.abort();
		};
	}, [q, p.org]);
	const hintId = id + "-hint";
	const errId = id + "-error";
	const described = [hintId, p.error ? errId : ""].filter(Boolean).join(" ");
	const shown = chosen && chosen.id === p.value ? chosen : null;
	return (
		<div class="field field-wide member-picker">
			{shown ? <>
				<span class="label-like" id={id + "-label"}>{p.label}{p.required && <span class="req" aria-hidden="true"> *</span>}</span>
				<p class="picked" id={id + "-picked"} data-member={shown.id}>
					<strong>{shown.name}</strong>{shown.org && <> · {shown.org}</>}
					{" "}<button type="button" class="secondary outline small-button" id={id}
						aria-describedby={[id + "-picked", p.error ? errId : ""].filter(Boolean).join(" ")}
						aria-invalid={p.error ? "true" : undefined}
						onClick={() => { setChosen(null); p.onInput(""); }}>{t("mp_change")}</button>
				</p>
			</> : <>
				<label for={id}>{p.label}{p.required && <span class="req" aria-hidden="true"> *</span>}</label>
				<input id={id} name={p.name} type="search" value={q} autoComplete="off" enterKeyHint="search"
					aria-invalid={p.error ? "true" : undefined} aria-describedby={described} aria-controls={id + "-results"}
					required={p.required} aria-required={p.required ? "true" : undefined}
					onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
					onKeyDown={(e) => { if (e.key === "Enter") e.preventDefault(); }} />
				<small id={hintId}>{t("mp_hint")}</small>
				<div id={id + "-results"} aria-live="polite">
					{found && found.q === q.trim() && (found.items.length === 0 ? <p class="small muted">{t("mp_none", { q: found.q })}</p> : (
						<ul class="picker-list">
							{found.items.map((m) => {
								const org = orgs.get(m.org_id)?.name ?? null;
								return (
									<li key={m.id}>
										<button type="button" class="picker-choice" data-member={m.id} onClick={() => {
											setChosen({ id: String(m.id), name: m.full_name, org });
											p.onInput(String(m.id));
										}}>
											<strong>{m.full_name}</strong>
											<span class="small">{[org, tv("status_", m.status)].filter(Boolean).join(" · ")}</span>
										</button>
									</li>
								);
							})}
						</ul>
					))}
				</div>
			</>}
			{p.error && <small id={errId} class="field-error">{p.error}</small>}
		</div>
	);
}
