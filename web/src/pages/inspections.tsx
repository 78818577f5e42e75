// Inspection and supervision records (issue 14): the list with its kind
// filter (GET /inspections), a record with its decision, dates,
// findings, conclusion, recommendations (owner, deadline, done; an
// overdue one flagged in red AND in words) and attachments (GET
// /inspections/{id}); marking a recommendation done with its result
// (PATCH .../recommendations/{rid}), adding one, uploading a file; the
// form of a new record (POST /inspections), which for a cell's secretary
// is the cell's own yearly self-inspection (form "self", subject the cell
// itself).  Every refusal of the API on its field, with the rule cited.
import { useRef, useState } from "preact/hooks";
import { ApiError, get, query, request, type Org, type Page } from "../api";
import { formatDate, formatNumber, formatTime, parseDate } from "../format";
import { t, tv, type Key } from "../i18n";
import {
	formErrors, formsOf, kinds, vnDate, type Attachment, type FormError, type Inspection, type Kind, type Programme,
	type Recommendation,
} from "../inspection";
import { can, scopeRoots } from "../roles";
import { mayOpen } from "../routes";
import { loc, navigate, setSearch } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorView, Loading, Notice, PageHeading, SelectField, TextField, useLoad } from "../ui/ui";
import { RecordItem } from "./coverage";
import {
	AreaField, catalogue, CodeChecks, daysBetween, errText, FormErrorSummary, InspectionNav, MemberPicker, orgNames, startOrg, subtree,
} from "./insp-common";

const statuses = ["planned", "in_progress", "concluded", "cancelled"];

function problemText(e: unknown): string {
	if (e instanceof ApiError)
		return e.errors.length ? e.errors.map((x) => x.message).join(" ") : e.problem?.detail ?? e.message;
	return t("error_network");
}

export function Inspections() {
	const u = useUser();
	const l = useSignal(loc);
	const roots = scopeRoots(u);
	const org = startOrg(u, l.search);
	const kind = l.search.get("kind") ?? "";
	const thisYear = new Date().getFullYear();
	const year = /^\d{4}$/.test(l.search.get("year") ?? "") ? l.search.get("year")! : "";
	const [more, setMore] = useState<{ items: Inspection[]; cursor: string | null } | null>(null);
	const data = useLoad(async (signal) => {
		setMore(null);
		const [page, orgs] = await Promise.all([
			get<Page<Inspection>>(`/inspections${query({ org, kind, year, limit: 50 })}`, signal),
			orgNames(),
		]);
		return { page, orgs };
	}, [org, kind, year]);
	const search = (p: Record<string, string | null>) =>
		setSearch({ org: org !== null ? String(org) : null, kind, year, ...p });
	const items = data.value ? [...data.value.page.items, ...(more?.items ?? [])] : [];
	const cursor = more ? more.cursor : data.value?.page.next_cursor ?? null;
	return (
		<>
			<PageHeading>{t("in_title")}</PageHeading>
			<InspectionNav user={u} />
			<div class="toolbar">
				{roots.length > 1 && (
					<SelectField name="in-org" label={t("cov_committee")} value={String(org)} onInput={(v) => search({ org: v })}
						options={roots.map((r) => ({ value: String(r.id), label: r.name ?? String(r.id) }))} />
				)}
				<SelectField name="in-kind" label={t("in_kind")} value={kind} onInput={(v) => search({ kind: v })}
					options={[{ value: "", label: t("all") }, ...kinds.map((k) => ({ value: k, label: tv("ik_", k) }))]} />
				<SelectField name="in-year" label={t("cov_year")} value={year} onInput={(v) => search({ year: v })}
					options={[{ value: "", label: t("all") }, ...[0, 1, 2].map((d) => ({ value: String(thisYear - d), label: String(thisYear - d) }))]} />
			</div>
			<p class="actions">
				{can(u, "inspection.write") && <a class="btn tap" href="/inspections/new" id="in-new">{t("in_new")}</a>}
				{can(u, "inspection.self") && <a class={"btn tap" + (can(u, "inspection.write") ? " secondary outline" : "")}
					href={`/inspections/new?self=1${org !== null ? `&org=${org}` : ""}`} id="in-self-new">{t("cs_self_record")}</a>}
			</p>
			{data.loading && !data.value ? <Loading /> : data.error ? <ErrorView error={data.error} retry={data.reload} /> : <>
				{items.length === 0 ? <p id="in-none">{t("in_none")}</p> :
					<ul class="insp-list" id="in-list">{items.map((x) => <RecordItem key={x.id} x={x} orgs={data.value!.orgs} />)}</ul>}
				{cursor && <p><button type="button" class="secondary" onClick={async () => {
					const p = await get<Page<Inspection>>(`/inspections${query({ org, kind, year, limit: 50, cursor })}`);
					setMore({ items: [...(more?.items ?? []), ...p.items], cursor: p.next_cursor });
				}}>{t("audit_more")}</button></p>}
			</>}
		</>
	);
}

function Fact(props: { label: string; children: preact.ComponentChildren; id?: string }) {
	return <div id={props.id}><dt>{props.label}</dt><dd>{props.children}</dd></div>;
}

export function InspectionPage(props: { id: number }) {
	const u = useUser();
	const data = useLoad(async (signal) => {
		const a = await request<Inspection>("GET", `/inspections/${props.id}`, { signal });
		const [orgs, contents] = await Promise.all([orgNames(), catalogue("inspection.contents")]);
		return { x: a.data, etag: a.etag, orgs, contents };
	}, [props.id]);
	if (data.loading && !data.value)
		return <><PageHeading>{t("in_one")}</PageHeading><Loading /></>;
	if (data.error || !data.value)
		return <><PageHeading>{t("in_one")}</PageHeading><ErrorView error={data.error} retry={data.reload} /></>;
	const { x, orgs, contents } = data.value;
	const subject = x.subject_name ?? (x.subject_org_id != null ? orgs.get(x.subject_org_id)?.name : null) ??
		(x.subject_member_id != null ? t("in_member_n", { id: x.subject_member_id }) : t("none"));
	const isSelf = x.form === "self";
	const mayWrite = can(u, "inspection.write") || isSelf && can(u, "inspection.self");
	const contentLabel = (c: string) => contents.find((k) => k.code === c)?.label ?? c;
	return (
		<>
			<PageHeading sub={subject}>{`${tv("ik_", x.kind)} · ${tv("if_", x.form)}`}</PageHeading>
			<InspectionNav user={u} />
			<section class="card" aria-labelledby="in-details-h">
				<h2 id="in-details-h">{t("in_details")}</h2>
				<dl class="facts" id="in-facts">
					<Fact label={t("in_body")}>{[x.org_name ?? (x.org_id != null ? orgs.get(x.org_id)?.name : null), x.body ? tv("ib_", x.body) : null].filter(Boolean).join(" — ") || t("none")}</Fact>
					<Fact label={t("in_subject")}>{x.subject_org_id != null && mayOpen(u, `/orgs/${x.subject_org_id}`)
						? <a href={`/orgs/${x.subject_org_id}`}>{subject}</a>
						: x.subject_member_id != null && mayOpen(u, `/members/${x.subject_member_id}`)
							? <a href={`/members/${x.subject_member_id}`}>{subject}</a> : subject}</Fact>
					<Fact label={t("in_decision")} id="in-decision">{x.doc_no || x.decided_on
						? t("in_decision_is", { no: x.doc_no ?? t("none"), date: formatDate(x.decided_on) }) : t("none")}</Fact>
					<Fact label={t("in_period")}>{`${formatDate(x.from)} – ${formatDate(x.to)}`}</Fact>
					<Fact label={t("in_status")}><span class={"badge badge-" + x.status}>{tv("is_", x.status)}</span></Fact>
					{x.team && <Fact label={t("in_team")}>{x.team}</Fact>}
					{x.programme_id != null && <Fact label={t("in_programme")}>
						<a href={`/inspection/programmes/${x.programme_id}`}>{t("ip_one_n", { id: x.programme_id })}</a></Fact>}
					{x.content_codes.length > 0 && <Fact label={t("in_contents")}>
						<ul class="plain">{x.content_codes.map((c) => <li key={c}>{contentLabel(c)}</li>)}</ul></Fact>}
				</dl>
			</section>
			<Results x={x} etag={data.value.etag} mayWrite={mayWrite}
				onSaved={(nx, etag) => data.setValue({ ...data.value!, x: { ...x, ...nx, recommendations: x.recommendations, attachments: x.attachments }, etag })} />
			<Recommendations x={x} mayWrite={mayWrite} />
			<Attachments x={x} mayWrite={mayWrite} />
		</>
	);
}

/** The findings and conclusion, and for those who may write the record
 * the form that changes them with its status (PATCH with If-Match). */
function Results(props: { x: Inspection; etag: string | null; mayWrite: boolean; onSaved: (x: Inspection, etag: string | null) => void }) {
	const x = props.x;
	const [edit, setEdit] = useState<Record<string, string> | null>(null);
	const [errors, setErrors] = useState<FormError[]>([]);
	const [busy, setBusy] = useState(false);
	const [saved, setSaved] = useState(false);
	async function save(ev: Event) {
		ev.preventDefault();
		if (!edit)
			return;
		setBusy(true);
		try {
			const a = await request<Inspection>("PATCH", `/inspections/${x.id}`, {
				body: { status: edit["status"], findings: edit["findings"]!.trim() || null, conclusion: edit["conclusion"]!.trim() || null },
				ifMatch: props.etag ?? (x.version !== undefined ? `"${x.version}"` : null),
			});
			setErrors([]);
			setEdit(null);
			setSaved(true);
			props.onSaved(a.data, a.etag);
		} catch (e) {
			const fe = formErrors(e, {}, ["status", "findings", "conclusion"]);
			if (!fe)
				throw e;
			setErrors(fe);
		} finally {
			setBusy(false);
		}
	}
	const set = (k: string) => (v: string) => setEdit({ ...edit!, [k]: v });
	return (
		<section class="card" aria-labelledby="in-conclusion-h" id="in-results">
			<h2 id="in-conclusion-h">{t("in_findings_conclusion")}</h2>
			{saved && !edit && <Notice kind="ok">{t("in_results_saved")}</Notice>}
			{edit ? (
				<form noValidate id="in-results-form" onSubmit={save}>
					{errors.length > 0 && <FormErrorSummary title={t("form_errors", { n: errors.length })} errors={errors} prefix="ir"
						label={(f) => t(fieldKeys[f] ?? "error_title")} />}
					<div class="form-grid">
						<SelectField name="ir-status" label={t("in_status")} value={edit["status"]!} onInput={set("status")} error={errText(errors, "status")}
							options={statuses.map((st) => ({ value: st, label: tv("is_", st) }))} />
						<AreaField prefix="ir" name="findings" label={t("in_findings")} value={edit["findings"]!} onInput={set("findings")}
							error={errText(errors, "findings")} rows={4} />
						<AreaField prefix="ir" name="conclusion" label={t("in_conclusion")} value={edit["conclusion"]!} onInput={set("conclusion")}
							error={errText(errors, "conclusion")} rows={4} />
					</div>
					<div class="form-actions">
						<button type="submit" disabled={busy}>{t("in_results_save")}</button>
						<button type="button" class="secondary outline" onClick={() => { setEdit(null); setErrors([]); }}>{t("cancel")}</button>
					</div>
				</form>
			) : <>
				<h3 class="insp-h3">{t("in_findings")}</h3>
				<p class="pre-line" id="in-findings">{x.findings || t("none")}</p>
				<h3 class="insp-h3">{t("in_conclusion")}</h3>
				<p class="pre-line" id="in-conclusion">{x.conclusion || t("none")}</p>
				{props.mayWrite && <button type="button" class="secondary outline" id="in-results-edit"
					onClick={() => { setSaved(false); setEdit({ status: x.status, findings: x.findings ?? "", conclusion: x.conclusion ?? "" }); }}>
					{t("in_results_edit")}</button>}
			</>}
		</section>
	);
}

function Recommendations(props: { x: Inspection; mayWrite: boolean }) {
	const x = props.x;
	// The record's own list first, then asked again after each change.
	const [asked, setAsked] = useState(0);
	const list = useLoad(async (signal) => asked === 0 && x.recommendations ? x.recommendations :
		(await get<{ items: Recommendation[] }>(`/inspections/${x.id}/recommendations`, signal)).items, [x.id, asked]);
	const reload = () => setAsked(asked + 1);
	const [msg, setMsg] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
	const [busy, setBusy] = useState(false);
	const [results, setResults] = useState<Record<number, string>>({});
	const [doneOn, setDoneOn] = useState<Record<number, string>>({});
	const [v, setV] = useState({ text: "", owner: "", due_on: "" });
	const [errors, setErrors] = useState<FormError[]>([]);
	const today = vnDate();
	async function done(r: Recommendation) {
		const on = parseDate(doneOn[r.id] ?? formatDate(today));
		if (!on) {
			setMsg({ kind: "error", text: t("date_invalid") });
			return;
		}
		setBusy(true);
		setMsg(null);
		try {
			await request("PATCH", `/inspections/${x.id}/recommendations/${r.id}`, {
				body: { done_on: on, result: (results[r.id] ?? "").trim() || null },
				ifMatch: r.version !== undefined ? `"${r.version}"` : null,
			});
			setMsg({ kind: "ok", text: t("rec_done_saved") });
			reload();
		} catch (e) {
			setMsg({ kind: "error", text: problemText(e) });
		} finally {
			setBusy(false);
		}
	}
	async function add(ev: Event) {
		ev.preventDefault();
		const due = parseDate(v.due_on);
		if (due === null) {
			setErrors([{ field: "due_on", form: "due_on", code: "invalid_date", message: t("date_invalid") } as FormError]);
			return;
		}
		setBusy(true);
		setMsg(null);
		try {
			await request("POST", `/inspections/${x.id}/recommendations`, {
				body: { text: v.text.trim() || null, owner: v.owner.trim() || null, due_on: due || null },
			});
			setErrors([]);
			setV({ text: "", owner: "", due_on: "" });
			setMsg({ kind: "ok", text: t("rec_added") });
			reload();
		} catch (e) {
			const fe = formErrors(e, {}, ["text", "owner", "due_on"]);
			if (!fe)
				throw e;
			setErrors(fe);
		} finally {
			setBusy(false);
		}
	}
	const label = (f: string) => t(({ text: "rec_text", owner: "rec_owner", due_on: "rec_due" } as Record<string, Key>)[f] ?? "error_title");
	const recs = list.value ?? [];
	return (
		<section class="card" aria-labelledby="rec-h" id="recommendations">
			<h2 id="rec-h">{t("rec_title")}</h2>
			{msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
			{list.error ? <ErrorView error={list.error} retry={list.reload} /> : !list.value ? <Loading /> :
				recs.length === 0 ? <p>{t("rec_none")}</p> : (
					<ul class="recs" id="rec-list">
						{recs.map((r) => {
							const overdue = r.overdue ?? (!r.done_on && !!r.due_on && r.due_on < today);
							return (
								<li key={r.id} data-rec={r.id} class={"rec" + (overdue ? " rec-overdue" : r.done_on ? " rec-done" : "")}>
									<p class="rec-text"><strong>{r.text}</strong></p>
									<p class="rec-meta">
										<span>{t("rec_owner_is", { owner: r.owner ?? t("none") })}</span>
										<span>{t("rec_due_is", { date: formatDate(r.due_on) })}</span>
										{r.done_on ? <span class="rec-state rec-state-done">✓ {t("rec_done_on", { date: formatDate(r.done_on) })}</span>
											: overdue ? <span class="rec-state overdue-text">⚠ {t("rec_overdue", { n: r.due_on ? daysBetween(r.due_on, today) : 0 })}</span>
												: <span class="rec-state">{t("rec_open")}</span>}
									</p>
									{r.result && <p class="small">{t("rec_result_is", { result: r.result })}</p>}
									{props.mayWrite && !r.done_on && (
										<form noValidate class="rec-done-form" onSubmit={(ev) => { ev.preventDefault(); void done(r); }}>
											<span class="rec-done-field rec-done-result">
												<label for={`rec-result-${r.id}`}>{t("rec_result_label")}</label>
												<input id={`rec-result-${r.id}`} type="text" value={results[r.id] ?? ""} maxLength={2000}
													onInput={(ev) => setResults({ ...results, [r.id]: (ev.target as HTMLInputElement).value })} />
											</span>
											<span class="rec-done-field rec-done-date">
												<label for={`rec-done-${r.id}`}>{t("rec_done_date")}</label>
												<input id={`rec-done-${r.id}`} type="text" inputMode="numeric" value={doneOn[r.id] ?? formatDate(today)}
													onInput={(ev) => setDoneOn({ ...doneOn, [r.id]: (ev.target as HTMLInputElement).value })} />
											</span>
											<button type="submit" class="secondary" disabled={busy}>{t("rec_mark_done")}</button>
										</form>
									)}
								</li>
							);
						})}
					</ul>
				)}
			{props.mayWrite && (
				<form noValidate class="rec-form" onSubmit={add} aria-labelledby="rec-add-h">
					<h3 id="rec-add-h" class="insp-h3">{t("rec_add")}</h3>
					{errors.length > 0 && <FormErrorSummary title={t("form_errors", { n: errors.length })} errors={errors} prefix="rec" label={label} />}
					<div class="form-grid">
						<TextField name="rec-text" label={t("rec_text")} value={v.text} onInput={(s) => setV({ ...v, text: s })} required wide
							error={errText(errors, "text")} maxLength={2000} />
						<TextField name="rec-owner" label={t("rec_owner")} value={v.owner} onInput={(s) => setV({ ...v, owner: s })}
							error={errText(errors, "owner")} maxLength={255} />
						<TextField name="rec-due_on" label={t("rec_due")} value={v.due_on} onInput={(s) => setV({ ...v, due_on: s })}
							hint={t("date_format_hint")} inputMode="numeric" error={errText(errors, "due_on")} />
					</div>
					<button type="submit" disabled={busy}>{t("rec_add_submit")}</button>
				</form>
			)}
		</section>
	);
}

function Attachments(props: { x: Inspection; mayWrite: boolean }) {
	const id = props.x.id;
	const list = useLoad(async (signal) => props.x.attachments ??
		(await get<{ items: Attachment[] }>(`/inspections/${id}/attachments`, signal)).items, [id]);
	const [items, setItems] = useState<Attachment[] | null>(null);
	const [err, setErr] = useState<string | null>(null);
	const [fileName, setFileName] = useState<string | null>(null);
	const [ok, setOk] = useState<string | null>(null);
	const [busy, setBusy] = useState(false);
	const fileRef = useRef<HTMLInputElement>(null);
	async function upload(ev: Event) {
		ev.preventDefault();
		const file = fileRef.current?.files?.[0];
		if (!file) {
			setErr(t("att_choose"));
			return;
		}
		const fd = new FormData();
		fd.append("file", file, file.name);
		setBusy(true);
		setErr(null);
		setOk(null);
		try {
			const r = await request<Attachment>("POST", `/inspections/${id}/attachments`, { form: fd });
			setOk(t("att_uploaded", { name: r.data.name ?? file.name }));
			if (fileRef.current)
				fileRef.current.value = "";
			setFileName(null);
			const fresh = await get<{ items: Attachment[] }>(`/inspections/${id}/attachments`).catch(() => null);
			setItems(fresh ? fresh.items : [...(items ?? list.value ?? []), r.data]);
		} catch (e) {
			setErr(problemText(e));
		} finally {
			setBusy(false);
		}
	}
	const shown = items ?? list.value ?? [];
	return (
		<section class="card" aria-labelledby="att-h" id="attachments">
			<h2 id="att-h">{t("att_title")}</h2>
			{list.error ? <ErrorView error={list.error} retry={list.reload} /> : !list.value ? <Loading /> :
				shown.length === 0 ? <p>{t("att_none")}</p> : (
					<ul class="materials" id="att-list">
						{shown.map((a) => (
							<li key={a.id}>
								<a href={`/api/v1/inspections/${id}/attachments/${a.id}`} download={a.name}
									aria-label={t("att_download", { name: a.name })}>{a.name}</a>
								{" "}<small class="muted">{formatNumber(Math.ceil(a.size / 1024))} KB{a.created_at ? ` · ${formatTime(a.created_at)}` : ""}</small>
							</li>
						))}
					</ul>
				)}
			{props.mayWrite && (
				<form class="material-form" onSubmit={upload} noValidate>
					{ok && <Notice kind="ok">{ok}</Notice>}
					<div class="field">
						<label for="f-att-file">{t("att_choose")}</label>
						{/* The browser's own button speaks the browser's language
						  * ("Choose File"): ours, in the page's, stands in for it
						  * (as on the import page). */}
						<div class="file-pick">
							<input id="f-att-file" name="file" type="file" ref={fileRef} accept=".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg"
								aria-invalid={err ? "true" : undefined}
								aria-describedby={["f-att-file-name", err ? "f-att-file-error" : ""].filter(Boolean).join(" ")}
								onChange={(e) => setFileName((e.currentTarget as HTMLInputElement).files?.[0]?.name ?? null)} />
							<label for="f-att-file" class="file-button">{t("att_browse")}</label>
							<span id="f-att-file-name" class={fileName ? "file-name" : "muted"}>{fileName ?? t("att_no_file")}</span>
						</div>
						{err && <small id="f-att-file-error" class="field-error" role="alert">{err}</small>}
					</div>
					<button type="submit" aria-busy={busy ? "true" : undefined} disabled={busy}>{t("att_upload")}</button>
				</form>
			)}
		</section>
	);
}

const formFields = ["org_id", "body", "kind", "form", "subject", "subject_org_id", "subject_member_id", "programme_id",
	"content_codes", "decided_on", "doc_no", "from", "to", "team", "findings", "conclusion", "status"] as const;
const fieldKeys: Record<string, Key> = {
	org_id: "in_f_org", body: "in_f_body", kind: "in_kind", form: "in_f_form", subject: "in_subject",
	subject_org_id: "in_f_subject_org", subject_member_id: "in_f_subject_member", programme_id: "in_programme",
	content_codes: "in_contents", decided_on: "in_f_decided_on", doc_no: "in_f_doc_no", from: "in_f_from", to: "in_f_to",
	team: "in_team", findings: "in_findings", conclusion: "in_conclusion", status: "in_status",
};

/** A new record; ?self=1 (or an account that may only record its own):
 * the organisation's self-inspection of the year. */
export function InspectionForm() {
	const u = useUser();
	const l = useSignal(loc);
	const self = l.search.get("self") === "1" || !can(u, "inspection.write");
	const org0 = startOrg(u, l.search);
	const [v, setV] = useState<Record<string, string>>({
		org_id: org0 !== null ? String(org0) : "", body: self ? "cell" : "inspection_commission", kind: "inspection",
		form: self ? "self" : "regular", subject: "org", subject_org_id: "", subject_member_id: "", programme_id: "",
		decided_on: "", doc_no: "", from: "", to: "", team: "", findings: "", conclusion: "", status: self ? "concluded" : "planned",
	});
	const [codes, setCodes] = useState<string[]>([]);
	const [errors, setErrors] = useState<FormError[]>([]);
	const [busy, setBusy] = useState(false);
	const orgId = /^\d+$/.test(v["org_id"]!) ? +v["org_id"]! : null;
	const ref = useLoad(async (signal) => {
		const [orgs, contents] = await Promise.all([orgNames(), catalogue("inspection.contents")]);
		const year = new Date().getFullYear();
		const programmes = orgId !== null && !self
			? await get<Page<Programme>>(`/inspection/programmes${query({ org: orgId, year, limit: 100 })}`, signal)
				.then((p) => p.items).catch(() => [] as Programme[])
			: [];
		return { orgs, contents, programmes };
	}, [orgId, self]);
	const set = (k: string) => (x: string) => setV({ ...v, [k]: x });
	const err = (k: string) => errText(errors, k);
	const roots = scopeRoots(u).length > 0 ? scopeRoots(u) : u.grants.map((g) => ({ id: g.org_id, name: g.org_name, role: g.role }));
	const under: Org[] = ref.value && orgId !== null ? subtree(ref.value.orgs, orgId).filter((o) => o.id !== orgId || v["body"] === "cell") : [];
	async function submit(ev: Event) {
		ev.preventDefault();
		const own: FormError[] = [];
		const date = (k: string) => {
			const d = parseDate(v[k]!);
			if (d === null) {
				own.push({ field: k, form: k, code: "invalid_date", message: t("date_invalid") } as FormError);
				return v[k]!.trim();
			}
			return d || null;
		};
		const int = (s: string) => (/^\d+$/.test(s.trim()) ? +s.trim() : s.trim() || null);
		// A self-inspection's body: the cell, or a grassroots committee.
		const kindOf = orgId !== null ? ref.value?.orgs.get(orgId)?.kind : undefined;
		const selfBody = !kindOf || u.choices.member_org_kinds.includes(kindOf) ? "cell" : "committee";
		const body: Record<string, unknown> = {
			org_id: orgId, body: self ? selfBody : v["body"], kind: v["kind"], form: self ? "self" : v["form"],
			content_codes: codes, decided_on: date("decided_on"), doc_no: v["doc_no"]!.trim() || null,
			from: date("from"), to: date("to"), team: v["team"]!.trim() || null, findings: v["findings"]!.trim() || null,
			conclusion: v["conclusion"]!.trim() || null, status: v["status"],
		};
		if (self)
			body["subject_org_id"] = orgId;
		else if (v["subject"] === "member")
			body["subject_member_id"] = int(v["subject_member_id"]!);
		else
			body["subject_org_id"] = int(v["subject_org_id"]!);
		if (!self && v["programme_id"])
			body["programme_id"] = +v["programme_id"]!;
		if (own.length) {
			setErrors(own);
			return;
		}
		setBusy(true);
		try {
			const a = await request<Inspection>("POST", "/inspections", { body });
			navigate(`/inspections/${a.data.id}`);
		} catch (e) {
			const fe = formErrors(e, {}, formFields);
			if (!fe)
				throw e;
			setErrors(fe);
		} finally {
			setBusy(false);
		}
	}
	const title = self ? t("cs_self_record") : t("in_new");
	return (
		<>
			<PageHeading>{title}</PageHeading>
			<InspectionNav user={u} />
			{!ref.value ? (ref.error ? <ErrorView error={ref.error} retry={ref.reload} /> : <Loading />) : (
				<form class="card insp-form" id="in-form" noValidate onSubmit={submit}>
					<p class="muted small">{self ? t("in_self_intro") : t("in_form_intro")}</p>
					{errors.length > 0 && <FormErrorSummary title={t("form_errors", { n: errors.length })} errors={errors} prefix="in"
						label={(f) => t(fieldKeys[f] ?? "error_title")} />}
					<div class="form-grid">
						<SelectField name="in-org_id" label={self ? t("in_f_self_org") : t("in_f_org")} value={v["org_id"]!} onInput={set("org_id")}
							required error={err("org_id") ?? (self ? err("subject_org_id") : null)}
							options={roots.map((r) => ({ value: String(r.id), label: r.name ?? String(r.id) }))} />
						{!self && <SelectField name="in-body" label={t("in_f_body")} value={v["body"]!} onInput={set("body")} required error={err("body")}
							options={["committee", "inspection_commission", "cell"].map((b) => ({ value: b, label: tv("ib_", b) }))} />}
						<SelectField name="in-kind" label={t("in_kind")} value={v["kind"]!} required error={err("kind")}
							onInput={(k) => setV({ ...v, kind: k, form: self ? "self" : formsOf[k as Kind]?.includes(v["form"]!) ? v["form"]! : "regular" })}
							options={kinds.map((k) => ({ value: k, label: tv("ik_", k) }))} />
						{!self && <SelectField name="in-form" label={t("in_f_form")} value={v["form"]!} onInput={set("form")} required error={err("form")}
							options={(formsOf[v["kind"] as Kind] ?? []).map((f) => ({ value: f, label: tv("if_", f) }))} />}
						{!self && <SelectField name="in-subject" label={t("in_subject")} value={v["subject"]!} onInput={set("subject")}
							options={[{ value: "org", label: t("in_subject_org") }, { value: "member", label: t("in_subject_member") }]} />}
						{!self && v["subject"] === "org" && <SelectField name="in-subject_org_id" label={t("in_f_subject_org")} value={v["subject_org_id"]!}
							onInput={set("subject_org_id")} required error={err("subject_org_id")}
							options={[{ value: "", label: t("in_choose") }, ...under.map((o) => ({ value: String(o.id), label: o.name }))]} />}
						{!self && v["subject"] === "member" && <MemberPicker prefix="in" name="subject_member_id" label={t("in_f_subject_member")}
							value={v["subject_member_id"]!} onInput={set("subject_member_id")} required error={err("subject_member_id")} />}
						{!self && ref.value.programmes.length > 0 && <SelectField name="in-programme_id" label={t("in_programme")}
							value={v["programme_id"]!} onInput={set("programme_id")} error={err("programme_id")}
							options={[{ value: "", label: t("none") }, ...ref.value.programmes.map((p) => ({ value: String(p.id), label: `${p.year} — ${p.title ?? tv("ib_", p.body)}` }))]} />}
						<TextField name="in-decided_on" label={t("in_f_decided_on")} value={v["decided_on"]!} onInput={set("decided_on")}
							hint={t("date_format_hint")} inputMode="numeric" error={err("decided_on")} />
						<TextField name="in-doc_no" label={t("in_f_doc_no")} value={v["doc_no"]!} onInput={set("doc_no")} error={err("doc_no")} maxLength={100} />
						<TextField name="in-from" label={t("in_f_from")} value={v["from"]!} onInput={set("from")}
							hint={t("date_format_hint")} inputMode="numeric" error={err("from")} />
						<TextField name="in-to" label={t("in_f_to")} value={v["to"]!} onInput={set("to")}
							hint={t("date_format_hint")} inputMode="numeric" error={err("to")} />
						{!self && <TextField name="in-team" label={t("in_team")} value={v["team"]!} onInput={set("team")} error={err("team")} wide maxLength={500} />}
						<SelectField name="in-status" label={t("in_status")} value={v["status"]!} onInput={set("status")} required error={err("status")}
							options={statuses.map((s) => ({ value: s, label: tv("is_", s) }))} />
						<CodeChecks prefix="in" name="content_codes" label={t("in_contents")} items={ref.value.contents} value={codes}
							onInput={setCodes} error={err("content_codes")} />
						<AreaField prefix="in" name="findings" label={t("in_findings")} value={v["findings"]!} onInput={set("findings")} error={err("findings")} rows={4} />
						<AreaField prefix="in" name="conclusion" label={t("in_conclusion")} value={v["conclusion"]!} onInput={set("conclusion")} error={err("conclusion")} rows={4} />
					</div>
					<div class="form-actions">
						<button type="submit" id="in-submit" disabled={busy} aria-busy={busy ? "true" : undefined}>{t("in_submit")}</button>
						<a class="btn tap secondary outline" href="/inspections">{t("cancel")}</a>
					</div>
				</form>
			)}
		</>
	);
}
