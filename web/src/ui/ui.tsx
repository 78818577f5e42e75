// Small pieces every page uses: page headings that take the focus, form
// fields with their label, hint and error wired for screen readers, the
// error summary, loading and error states, tabs.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, type FieldError } from "../api";
import { t, fieldLabel } from "../i18n";

/** The page's <h1>: sets the document title and takes the focus when the
 * page opens (screen readers announce the new page). */
export function PageHeading(props: { children: string; sub?: ComponentChildren }) {
	const ref = useRef<HTMLHeadingElement>(null);
	useEffect(() => {
		document.title = `${props.children} — chibo`;
	}, [props.children]);
	useEffect(() => {
		if (document.body.dataset["navigated"])
			ref.current?.focus({ preventScroll: false });
	}, []);
	return (
		<hgroup class="page-heading">
			<h1 ref={ref} tabIndex={-1}>{props.children}</h1>
			{props.sub && <p>{props.sub}</p>}
		</hgroup>
	);
}

export function Loading(props: { label?: string }) {
	return <p class="loading" role="status" aria-live="polite"><span aria-busy="true">{props.label ?? t("loading")}</span></p>;
}

/** What went wrong with a request, in words, and a way to try again. */
export function ErrorView(props: { error: unknown; retry?: () => void }) {
	const e = props.error;
	let text = t("error_network");
	if (e instanceof ApiError) {
		if (e.status === 403)
			text = t("error_forbidden");
		else if (e.status === 404)
			text = t("error_not_found");
		else if (e.problem)
			text = e.problem.detail;
	}
	return (
		<div class="notice notice-error" role="alert">
			<p>{text}</p>
			{props.retry && <button type="button" class="secondary" onClick={props.retry}>{t("retry")}</button>}
		</div>
	);
}

export function Notice(props: { kind?: "ok" | "info" | "error"; children: ComponentChildren }) {
	const kind = props.kind ?? "info";
	return (
		<div class={`notice notice-${kind}`} role={kind === "error" ? "alert" : "status"}>
			{props.children}
		</div>
	);
}

/** Data loaded for a page: value, error, loading, and reload(). */
export function useLoad<T>(fn: (signal: AbortSignal) => Promise<T>, deps: unknown[]): {
	value: T | undefined; error: unknown; loading: boolean; reload: () => void;
	setValue: (v: T) => void;
} {
	const [state, setState] = useState<{ value: T | undefined; error: unknown; loading: boolean }>(
		{ value: undefined, error: null, loading: true });
	const [n, setN] = useState(0);
	useEffect(() => {
		const ac = new AbortController();
		setState((s) => ({ ...s, error: null, loading: true }));
		fn(ac.signal).then(
			(value) => !ac.signal.aborted && setState({ value, error: null, loading: false }),
			(error) => !ac.signal.aborted && setState({ value: undefined, error, loading: false }),
		);
		return () => ac.abort();
	}, [...deps, n]);
	return {
		...state,
		reload: () => setN((x) => x + 1),
		setValue: (value: T) => setState({ value, error: null, loading: false }),
	};
}

let uid = 0;
export function useId(prefix: string): string {
	const ref = useRef<string>("");
	if (!ref.current)
		ref.current = `${prefix}-${++uid}`;
	return ref.current;
}

interface FieldProps {
	label: string;
	name: string;
	value: string;
	onInput: (v: string) => void;
	error?: string | null;
	hint?: string;
	required?: boolean;
	type?: string;
	inputMode?: "none" | "text" | "tel" | "url" | "email" | "numeric" | "decimal" | "search";
	autoComplete?: string;
	placeholder?: string;
	maxLength?: number;
	disabled?: boolean;
	onBlur?: () => void;
	wide?: boolean;
}

/** A labelled text input with its hint and error (aria-describedby,
 * aria-invalid); the error is announced as it appears. */
export function TextField(p: FieldProps) {
	const id = "f-" + p.name;
	const hintId = id + "-hint";
	const errId = id + "-error";
	const described = [p.hint ? hintId : "", p.error ? errId : ""].filter(Boolean).join(" ") || undefined;
	return (
		<div class={"field" + (p.wide ? " field-wide" : "")}>
			<label for={id}>
				{p.label}{p.required && <span class="req" aria-hidden="true"> *</span>}
			</label>
			<input id={id} name={p.name} type={(p.type ?? "text") as "text"} value={p.value}
				inputMode={p.inputMode} autoComplete={p.autoComplete ?? "off"}
				placeholder={p.placeholder} maxLength={p.maxLength} disabled={p.disabled}
				required={p.required} aria-required={p.required ? "true" : undefined}
				aria-invalid={p.error ? "true" : undefined} aria-describedby={described}
				onInput={(e) => p.onInput((e.currentTarget as HTMLInputElement).value)}
				onBlur={p.onBlur} />
			{p.hint && <small id={hintId}>{p.hint}</small>}
			{p.error && <small id={errId} class="field-error">{p.error}</small>}
		</div>
	);
}

export function SelectField(p: Omit<FieldProps, "type" | "inputMode"> & {
	options: { value: string; label: string }[];
}) {
	const id = "f-" + p.name;
	const hintId = id + "-hint";
	const errId = id + "-error";
	const described = [p.hint ? hintId : "", p.error ? errId : ""].filter(Boolean).join(" ") || undefined;
	return (
		<div class={"field" + (p.wide ? " field-wide" : "")}>
			<label for={id}>
				{p.label}{p.required && <span class="req" aria-hidden="true"> *</span>}
			</label>
			<select id={id} name={p.name} value={p.value} disabled={p.disabled}
				required={p.required} aria-required={p.required ? "true" : undefined}
				aria-invalid={p.error ? "true" : undefined} aria-describedby={described}
				onChange={(e) => p.onInput((e.currentTarget as HTMLSelectElement).value)}>
				{p.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
			</select>
			{p.hint && <small id={hintId}>{p.hint}</small>}
			{p.error && <small id={errId} class="field-error">{p.error}</small>}
		</div>
	);
}

/** The errors of a refused form, each linking to its field; takes the
 * focus when it appears. */
export function ErrorSummary(props: { title: string; errors: FieldError[]; fields?: Set<string> }) {
	const ref = useRef<HTMLDivElement>(null);
	useEffect(() => {
		ref.current?.focus();
	}, [props.errors]);
	return (
		<div ref={ref} class="notice notice-error error-summary" role="alert" tabIndex={-1}>
			<p><strong>{props.title}</strong></p>
			<ul>
				{props.errors.map((e, i) => (
					<li key={i}>
						{props.fields?.has(e.field)
							? <a href={"#f-" + e.field} onClick={(ev) => {
								ev.preventDefault();
								document.getElementById("f-" + e.field)?.focus();
							}}>{fieldLabel(e.field)}</a>
							: <span>{fieldLabel(e.field)}</span>}
						{": "}{e.message}
						{e.citation && <small class="citation"> ({e.citation})</small>}
					</li>
				))}
			</ul>
		</div>
	);
}

/** Tabs (WAI-ARIA tabs pattern: arrow keys, Home, End). */
export function Tabs(props: {
	label: string;
	tabs: { id: string; label: string }[];
	current: string;
	onSelect: (id: string) => void;
}) {
	const refs = useRef<(HTMLButtonElement | null)[]>([]);
	const idx = props.tabs.findIndex((x) => x.id === props.current);
	function key(ev: KeyboardEvent) {
		let n = idx;
		if (ev.key === "ArrowRight")
			n = (idx + 1) % props.tabs.length;
		else if (ev.key === "ArrowLeft")
			n = (idx - 1 + props.tabs.length) % props.tabs.length;
		else if (ev.key === "Home")
			n = 0;
		else if (ev.key === "End")
			n = props.tabs.length - 1;
		else
			return;
		ev.preventDefault();
		props.onSelect(props.tabs[n]!.id);
		refs.current[n]?.focus();
	}
	return (
		<div class="tabs" role="tablist" aria-label={props.label}>
			{props.tabs.map((tab, i) => (
				<button key={tab.id} type="button" role="tab" id={"tab-" + tab.id}
					ref={(el) => { refs.current[i] = el; }}
					aria-selected={tab.id === props.current ? "true" : "false"}
					aria-controls={"panel-" + tab.id}
					tabIndex={tab.id === props.current ? 0 : -1}
					onClick={() => props.onSelect(tab.id)} onKeyDown={key}>
					{tab.label}
				</button>
			))}
		</div>
	);
}

export function TabPanel(props: { id: string; children: ComponentChildren }) {
	return (
		<section id={"panel-" + props.id} role="tabpanel" aria-labelledby={"tab-" + props.id} tabIndex={0}>
			{props.children}
		</section>
	);
}

/** The value of a field for display: "—" when empty. */
export function show(v: string | number | null | undefined): string {
	return v === null || v === undefined || v === "" ? t("none") : String(v);
}
