// Discipline cases (issue 14), secret: only accounts whose grants name
// discipline open these pages (discipline.read), and every case opened is
// recorded in the audit trail by the server.  The list (GET /discipline,
// status computed as of today: in force, lapsed, annulled, deferred, with
// the lapse date), a case (GET /discipline/{id}: form, vote, dates,
// status, complaint), and the form that records one (POST /discipline):
// the rulebook's checks refuse a case with 422 and every problem at once
// (form not allowed for the subject, authority, vote threshold, time bar,
// deferral, complaint late), each shown on its field with its rule and
// citation.
import { useState } from "preact/hooks";
import { ApiError, get, query, request, type Page } from "../api";
import { formatDate, formatNumber, parseDate } from "../format";
import { t, tv, type Key } from "../i18n";
import { formErrors, memberForms, orgForms, type DisciplineCase, type FormError } from "../inspection";
import { can, scopeRoots } from "../roles";
import { mayOpen } from "../routes";
import { loc, navigate, setSearch } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorView, Loading, PageHeading, SelectField, TextField, useLoad } from "../ui/ui";
import {
	AreaField, catalogue, errText, FormErrorSummary, InspectionNav, MemberPicker, orgNames, startOrg, subtree, type CatalogueItem,
} from "./insp-common";

const statuses = ["in_force", "lapsed", "annulled", "deferred"];

function subjectName(c: DisciplineCase, names: Map<number, { name: string }>): string {
	if (c.subject_name)
		return c.subject_name;
	if (c.subject === "org" && c.org_id != null)
		return names.get(c.org_id)?.name ?? `#${c.org_id}`;
	return c.member_id != null ? t("in_member_n", { id: c.member_id }) : t("none");
}

/** The status in words, with the lapse date when there is one. */
function StatusText(props: { c: DisciplineCase }) {
	const c = props.c;
	return (
		<span class="dc-status">
			<span class={"badge badge-dc-" + c.status}>{tv("dcs_", c.status)}</span>
			{c.status === "in_force" && c.lapses_on && <> {t("dc_lapses_on", { date: formatDate(c.lapses_on) })}</>}
			{c.status === "lapsed" && c.lapses_on && <> {t("dc_lapsed_on", { date: formatDate(c.lapses_on) })}</>}
			{c.complained_on && !c.complaint_outcome && <> · {t("dc_under_complaint")}</>}
		</span>
	);
}

export function DisciplineList() {
	const u = useUser();
	const l = useSignal(loc);
	const roots = scopeRoots(u).length > 0 ? scopeRoots(u) : u.grants.map((g) => ({ id: g.org_id, name: g.org_name, role: g.role }));
	const org = startOrg(u, l.search);
	const status = l.search.get("status") ?? "";
	const [more, setMore] = useState<{ items: DisciplineCase[]; cursor: string | null } | null>(null);
	const data = useLoad(async (signal) => {
		setMore(null);
		const [page, orgs, violations] = await Promise.all([
			get<Page<DisciplineCase>>(`/discipline${query({ org, status, limit: 50 })}`, signal),
			orgNames(), catalogue("discipline.violations"),
		]);
		return { page, orgs, violations };
	}, [org, status]);
	const items = data.value ? [...data.value.page.items, ...(more?.items ?? [])] : [];
	const cursor = more ? more.cursor : data.value?.page.next_cursor ?? null;
	const vLabel = (code: string) => data.value?.violations.find((x) => x.code === code)?.label ?? code;
	return (
		<>
			<PageHeading>{t("dc_title")}</PageHeading>
			<InspectionNav user={u} />
			<p class="muted small" id="dc-secret">{t("dc_secret_note")}</p>
			<div class="toolbar">
				{roots.length > 1 && (
					<SelectField name="dc-org" label={t("cov_committee")} value={String(org)}
						onInput={(v) => setSearch({ org: v, status })}
						options={roots.map((r) => ({ value: String(r.id), label: r.name ?? String(r.id) }))} />
				)}
				<SelectField name="dc-status" label={t("dc_status")} value={status}
					onInput={(v) => setSearch({ org: org !== null ? String(org) : null, status: v })}
					options={[{ value: "", label: t("all") }, ...statuses.map((s) => ({ value: s, label: tv("dcs_", s) }))]} />
			</div>
			<p class="dc-links">
				{can(u, "discipline.write") && <a class="btn tap" href={`/discipline/new${org !== null ? `?org=${org}` : ""}`} id="dc-new">{t("dc_new")}</a>}
				<a class="tap" href={`/discipline/notices${org !== null ? `?org=${org}` : ""}`} id="dc-notices">{t("dn_link")}</a>
			</p>
			{data.loading && !data.value ? <Loading /> : data.error ? <ErrorView error={data.error} retry={data.reload} /> : <>
				{items.length === 0 ? <p id="dc-none">{t("dc_none")}</p> : (
					<ul class="insp-list" id="dc-list">
						{items.map((c) => (
							<li key={c.id} class="insp-item" data-case={c.id} data-status={c.status}>
								<a class="insp-link" href={`/discipline/${c.id}`}>
									<span class="insp-title">{subjectName(c, data.value!.orgs)} — {c.form ? tv("dcf_", c.form) : t("dc_no_form")}</span>
									<span class="insp-meta">
										<span>{vLabel(c.violation_code)}</span>
										{c.decided_on && <span>{t("dc_decided_is", { date: formatDate(c.decided_on) })}</span>}
										<StatusText c={c} />
									</span>
								</a>
							</li>
						))}
					</ul>
				)}
				{cursor && <p><button type="button" class="secondary" onClick={async () => {
					const p = await get<Page<DisciplineCase>>(`/discipline${query({ org, status, limit: 50, cursor })}`);
					setMore({ items: [...(more?.items ?? []), ...p.items], cursor: p.next_cursor });
				}}>{t("audit_more")}</button></p>}
			</>}
		</>
	);
}

function Fact(props: { label: string; children: preact.ComponentChildren; id?: string }) {
	return <div id={props.id}><dt>{props.label}</dt><dd>{props.children}</dd></div>;
}

export function DisciplineCasePage(props: { id: number }) {
	const u = useUser();
	const data = useLoad(async (signal) => {
		const [c, orgs, violations] = await Promise.all([
			get<DisciplineCase>(`/discipline/${props.id}`, signal), orgNames(), catalogue("discipline.violations"),
		]);
		return { c, orgs, violations };
	}, [props.id]);
	if (data.loading && !data.value)
		return <><PageHeading>{t("dc_one")}</PageHeading><Loading /></>;
	if (data.error || !data.value)
		return <><PageHeading>{t("dc_one")}</PageHeading><ErrorView error={data.error} retry={data.reload} /></>;
	const { c, orgs, violations } = data.value;
	const v = violations.find((x) => x.code === c.violation_code);
	const name = subjectName(c, orgs);
	const vote = c.vote;
	return (
		<>
			<PageHeading sub={name}>{c.form ? tv("dcf_", c.form) : t("dc_one")}</PageHeading>
			<InspectionNav user={u} />
			<p class="muted small">{t("dc_view_audited")}</p>
			<section class="card" aria-labelledby="dc-status-h">
				<h2 id="dc-status-h">{t("dc_status")}</h2>
				<p id="dc-state"><StatusText c={c} /></p>
				{c.deferral && <p>{t("dc_deferral_is", { why: tv("dcd_", c.deferral) })}</p>}
			</section>
			<section class="card" aria-labelledby="dc-facts-h">
				<h2 id="dc-facts-h">{t("dc_details")}</h2>
				<dl class="facts" id="dc-facts">
					<Fact label={t("dc_subject")}>{c.subject === "member" && c.member_id != null && mayOpen(u, `/members/${c.member_id}`)
						? <a href={`/members/${c.member_id}`}>{name}</a> : name} ({tv("dcsub_", c.subject)})</Fact>
					<Fact label={t("dc_f_violation_code")}>{v?.label ?? c.violation_code}{v?.citation && <small class="citation"> ({v.citation})</small>}</Fact>
					<Fact label={t("dc_f_violation_on")}>{c.violation_until
						? `${formatDate(c.violation_on)} – ${formatDate(c.violation_until)}` : formatDate(c.violation_on)}</Fact>
					<Fact label={t("dc_f_discovered_on")}>{formatDate(c.discovered_on)}</Fact>
					<Fact label={t("dc_f_deciding_org_id")}>{[c.deciding_org_name ?? (c.deciding_org_id != null ? orgs.get(c.deciding_org_id)?.name : null),
						c.deciding_body ? tv("dcb_", c.deciding_body) : null].filter(Boolean).join(" — ") || t("none")}</Fact>
					<Fact label={t("dc_f_form")}>{c.form ? tv("dcf_", c.form) : t("none")}</Fact>
					<Fact label={t("dc_vote")} id="dc-vote">{vote && vote.for !== null
						? t("dc_vote_is", { for: formatNumber(vote.for), against: formatNumber(vote.against ?? 0), abstain: formatNumber(vote.abstain ?? 0), base: formatNumber(c.base ?? 0) })
						: t("none")}</Fact>
					<Fact label={t("dc_decision")}>{c.doc_no || c.decided_on ? t("in_decision_is", { no: c.doc_no ?? t("none"), date: formatDate(c.decided_on) }) : t("none")}</Fact>
					<Fact label={t("dc_f_effective_on")}>{formatDate(c.effective_on)}</Fact>
					<Fact label={t("dc_lapses")} id="dc-lapses">{c.lapses_on ? formatDate(c.lapses_on)
						: c.form === "khai_tru" || c.form === "giai_tan" ? t("dc_never_lapses")
							: c.complained_on && !c.complaint_outcome ? t("dc_lapse_held") : t("none")}</Fact>
				</dl>
			</section>
			<section class="card" aria-labelledby="dc-complaint-h" id="dc-complaint">
				<h2 id="dc-complaint-h">{t("dc_complaint")}</h2>
				{c.complained_on ? (
					<p id="dc-complaint-state">{t("dc_complained_on", { date: formatDate(c.complained_on) })}
						{" "}{c.complaint_outcome
							? t("dc_complaint_outcome", { outcome: tv("dco_", c.complaint_outcome), date: formatDate(c.complaint_decided_on) })
							: t("dc_complaint_pending")}</p>
				) : <p>{t("dc_no_complaint")}</p>}
				{can(u, "discipline.write") && c.decided_on && !c.complaint_outcome &&
					<ComplaintForm c={c} onDone={(x) => data.setValue({ ...data.value!, c: x })} />}
			</section>
			{c.note && <section class="card" aria-labelledby="dc-note-h"><h2 id="dc-note-h">{t("dc_f_note")}</h2><p class="pre-line">{c.note}</p></section>}
		</>
	);
}

/** Lodging a complaint (its dates), or, once lodged, its outcome
 * (POST /discipline/{id}/complaint): a late one refused on its field. */
function ComplaintForm(props: { c: DisciplineCase; onDone: (c: DisciplineCase) => void }) {
	const c = props.c;
	const lodged = !!c.complained_on;
	const [v, setV] = useState<Record<string, string>>({
		received_on: c.received_on ? formatDate(c.received_on) : "", complained_on: "", complaint_outcome: "upheld",
		complaint_decided_on: "",
	});
	const [errors, setErrors] = useState<FormError[]>([]);
	const [busy, setBusy] = useState(false);
	const set = (k: string) => (x: string) => setV({ ...v, [k]: x });
	const fields = lodged ? ["complaint_outcome", "complaint_decided_on"] : ["received_on", "complained_on"];
	async function submit(ev: Event) {
		ev.preventDefault();
		const own: FormError[] = [];
		const body: Record<string, unknown> = {};
		for (const k of fields) {
			if (k === "complaint_outcome") {
				body[k] = v[k];
				continue;
			}
			const d = parseDate(v[k]!);
			if (d === null)
				own.push({ field: k, form: k, code: "invalid_date", message: t("date_invalid") } as FormError);
			else if (d)
				body[k] = d;
		}
		if (own.length) {
			setErrors(own);
			return;
		}
		setBusy(true);
		try {
			const a = await request<DisciplineCase>("POST", `/discipline/${c.id}/complaint`, {
				body, ifMatch: c.version !== undefined ? `"${c.version}"` : null,
			});
			setErrors([]);
			props.onDone(a.data);
		} catch (e) {
			const fe = formErrors(e, {}, fields);
			if (!fe)
				throw e;
			setErrors(fe);
		} finally {
			setBusy(false);
		}
	}
	return (
		<form noValidate class="dc-complaint-form" id="dc-complaint-form" onSubmit={submit} aria-labelledby="dc-complaint-form-h">
			<h3 id="dc-complaint-form-h" class="insp-h3">{lodged ? t("dc_complaint_record_outcome") : t("dc_complaint_lodge")}</h3>
			{errors.length > 0 && <FormErrorSummary title={t("dc_refused", { n: errors.length })} errors={errors} prefix="cp"
				label={(f) => t(dcKeys[f] ?? "error_title")} />}
			<div class="form-grid">
				{lodged ? <>
					<SelectField name="cp-complaint_outcome" label={t("dc_f_complaint_outcome")} value={v["complaint_outcome"]!}
						onInput={set("complaint_outcome")} error={errText(errors, "complaint_outcome")}
						options={["upheld", "changed", "annulled"].map((o) => ({ value: o, label: tv("dco_", o) }))} />
					<TextField name="cp-complaint_decided_on" label={t("dc_f_complaint_decided_on")} value={v["complaint_decided_on"]!}
						onInput={set("complaint_decided_on")} hint={t("date_format_hint")} inputMode="numeric" required
						error={errText(errors, "complaint_decided_on")} />
				</> : <>
					<TextField name="cp-received_on" label={t("dc_f_received_on")} value={v["received_on"]!} onInput={set("received_on")}
						hint={t("dc_f_received_on_hint")} inputMode="numeric" error={errText(errors, "received_on")} />
					<TextField name="cp-complained_on" label={t("dc_f_complained_on")} value={v["complained_on"]!} onInput={set("complained_on")}
						hint={t("date_format_hint")} inputMode="numeric" required error={errText(errors, "complained_on")} />
				</>}
			</div>
			<button type="submit" class="secondary" disabled={busy}>{lodged ? t("dc_complaint_save_outcome") : t("dc_complaint_submit")}</button>
		</form>
	);
}

/** The form's fields, and the API's field names they answer for. */
const dcFields = ["subject", "member_id", "org_id", "violation_code", "violation_on", "violation_until", "discovered_on",
	"upper_task", "deciding_org_id", "deciding_body", "form", "vote", "base", "decided_on", "effective_on", "doc_no",
	"deferral", "received_on", "complained_on", "note"] as const;
const apiMap: Record<string, string> = {
	"vote.for": "vote", "vote.against": "vote", "vote.abstain": "vote", vote_for: "vote", vote_against: "vote",
	vote_abstain: "vote", subject_member_id: "member_id", subject_org_id: "org_id",
};
const dcKeys: Record<string, Key> = {
	subject: "dc_subject", member_id: "dc_f_member_id", org_id: "dc_f_org_id", violation_code: "dc_f_violation_code",
	violation_on: "dc_f_violation_on", violation_until: "dc_f_violation_until", discovered_on: "dc_f_discovered_on",
	upper_task: "dc_f_upper_task", deciding_org_id: "dc_f_deciding_org_id", deciding_body: "dc_f_deciding_body",
	form: "dc_f_form", vote: "dc_vote", base: "dc_f_base", decided_on: "dc_f_decided_on", effective_on: "dc_f_effective_on",
	doc_no: "in_f_doc_no", deferral: "dc_f_deferral", received_on: "dc_f_received_on", complained_on: "dc_f_complained_on",
	note: "dc_f_note", complaint_outcome: "dc_f_complaint_outcome", complaint_decided_on: "dc_f_complaint_decided_on",
};

export function DisciplineForm() {
	const u = useUser();
	const l = useSignal(loc);
	const org0 = startOrg(u, l.search);
	const [v, setV] = useState<Record<string, string>>({
		subject: "member", member_id: "", org_id: "", violation_code: "", violation_on: "", violation_until: "", discovered_on: "",
		upper_task: "", deciding_org_id: org0 !== null ? String(org0) : "", deciding_body: "committee", form: "khien_trach",
		vote_for: "", vote_against: "", vote_abstain: "", base: "", decided_on: "", effective_on: "", doc_no: "",
		deferral: "", note: "",
	});
	const [errors, setErrors] = useState<FormError[]>([]);
	const [busy, setBusy] = useState(false);
	const ref = useLoad(async () => {
		const [orgs, violations] = await Promise.all([orgNames(), catalogue("discipline.violations")]);
		return { orgs, violations };
	}, []);
	const set = (k: string) => (x: string) => setV({ ...v, [k]: x });
	const err = (k: string) => errText(errors, k);
	const forms = v["subject"] === "org" ? orgForms : memberForms;
	async function submit(ev: Event) {
		ev.preventDefault();
		const own: FormError[] = [];
		const date = (k: string) => {
			const d = parseDate(v[k]!);
			if (d === null) {
				own.push({ field: k, form: k, code: "invalid_date", message: t("date_invalid") } as FormError);
				return null;
			}
			return d || null;
		};
		const int = (s: string) => (/^\d+$/.test(s.trim()) ? +s.trim() : s.trim() || null);
		const body: Record<string, unknown> = {
			subject: v["subject"],
			violation_code: v["violation_code"]!.trim() || null,
			violation_on: date("violation_on"), violation_until: date("violation_until"), discovered_on: date("discovered_on"),
			upper_task: v["upper_task"] === "1",
			deciding_org_id: int(v["deciding_org_id"]!), deciding_body: v["deciding_body"],
			form: v["form"] || null,
			vote: { for: int(v["vote_for"]!), against: int(v["vote_against"]!), abstain: int(v["vote_abstain"]!) },
			base: int(v["base"]!),
			decided_on: date("decided_on"), effective_on: date("effective_on"), doc_no: v["doc_no"]!.trim() || null,
			deferral: v["deferral"] || null, note: v["note"]!.trim() || null,
		};
		if (v["subject"] === "org")
			body["org_id"] = int(v["org_id"]!);
		else
			body["member_id"] = int(v["member_id"]!);
		if (own.length) {
			setErrors(own);
			return;
		}
		setBusy(true);
		try {
			const a = await request<DisciplineCase>("POST", "/discipline", { body });
			navigate(`/discipline/${a.data.id}`);
		} catch (e) {
			const fe = formErrors(e, apiMap, dcFields);
			if (!fe || e instanceof ApiError && e.status === 0)
				throw e;
			setErrors(fe);
		} finally {
			setBusy(false);
		}
	}
	const orgs = ref.value?.orgs;
	const roots = scopeRoots(u).length > 0 ? scopeRoots(u) : u.grants.map((g) => ({ id: g.org_id, name: g.org_name, role: g.role }));
	const inScope = orgs ? roots.flatMap((r) => subtree(orgs, r.id)) : [];
	const violations: CatalogueItem[] = ref.value?.violations ?? [];
	const voteErr = err("vote");
	return (
		<>
			<PageHeading>{t("dc_new")}</PageHeading>
			<InspectionNav user={u} />
			{!ref.value ? (ref.error ? <ErrorView error={ref.error} retry={ref.reload} /> : <Loading />) : (
				<form class="card dc-form" id="dc-form" noValidate onSubmit={submit}>
					<p class="muted small">{t("dc_form_intro")}</p>
					{errors.length > 0 && <FormErrorSummary title={t("dc_refused", { n: errors.length })} errors={errors} prefix="dc"
						label={(f) => t(dcKeys[f] ?? "error_title")} />}
					<div class="form-grid">
						<SelectField name="dc-subject" label={t("dc_subject")} value={v["subject"]!} required error={err("subject")}
							onInput={(s) => setV({ ...v, subject: s, form: (s === "org" ? orgForms : memberForms).includes(v["form"]!) ? v["form"]! : "khien_trach" })}
							options={[{ value: "member", label: t("in_subject_member") }, { value: "org", label: t("in_subject_org") }]} />
						{v["subject"] === "member"
							? <MemberPicker prefix="dc" name="member_id" label={t("dc_f_member_id")} value={v["member_id"]!} onInput={set("member_id")}
								required error={err("member_id")} />
							: <SelectField name="dc-org_id" label={t("dc_f_org_id")} value={v["org_id"]!} onInput={set("org_id")} required error={err("org_id")}
								options={[{ value: "", label: t("in_choose") }, ...inScope.map((o) => ({ value: String(o.id), label: o.name }))]} />}
						{violations.length > 0
							? <SelectField name="dc-violation_code" label={t("dc_f_violation_code")} value={v["violation_code"]!} onInput={set("violation_code")}
								required error={err("violation_code")} wide
								options={[{ value: "", label: t("in_choose") }, ...violations.map((x) => ({ value: x.code, label: x.label }))]} />
							: <TextField name="dc-violation_code" label={t("dc_f_violation_code")} value={v["violation_code"]!} onInput={set("violation_code")}
								required error={err("violation_code")} />}
						<TextField name="dc-violation_on" label={t("dc_f_violation_on")} value={v["violation_on"]!} onInput={set("violation_on")}
							required hint={t("date_format_hint")} inputMode="numeric" error={err("violation_on")} />
						<TextField name="dc-violation_until" label={t("dc_f_violation_until")} value={v["violation_until"]!} onInput={set("violation_until")}
							hint={t("dc_f_violation_until_hint")} inputMode="numeric" error={err("violation_until")} />
						<TextField name="dc-discovered_on" label={t("dc_f_discovered_on")} value={v["discovered_on"]!} onInput={set("discovered_on")}
							hint={t("date_format_hint")} inputMode="numeric" error={err("discovered_on")} />
						<div class="field">
							<label class="check-label" for="f-dc-upper_task">
								<input type="checkbox" id="f-dc-upper_task" name="dc-upper_task" checked={v["upper_task"] === "1"}
									aria-invalid={err("upper_task") ? "true" : undefined}
									onChange={(e) => set("upper_task")((e.currentTarget as HTMLInputElement).checked ? "1" : "")} />
								{" "}{t("dc_f_upper_task")}
							</label>
							{err("upper_task") && <small class="field-error">{err("upper_task")}</small>}
						</div>
						<SelectField name="dc-deciding_org_id" label={t("dc_f_deciding_org_id")} value={v["deciding_org_id"]!} onInput={set("deciding_org_id")}
							required error={err("deciding_org_id")}
							options={[{ value: "", label: t("in_choose") }, ...inScope.map((o) => ({ value: String(o.id), label: o.name }))]} />
						<SelectField name="dc-deciding_body" label={t("dc_f_deciding_body")} value={v["deciding_body"]!} onInput={set("deciding_body")}
							required error={err("deciding_body")}
							options={["cell", "committee", "inspection_commission"].map((b) => ({ value: b, label: tv("dcb_", b) }))} />
						<SelectField name="dc-form" label={t("dc_f_form")} value={v["form"]!} onInput={set("form")} error={err("form")}
							options={forms.map((f) => ({ value: f, label: tv("dcf_", f) }))} />
						<fieldset class="field field-wide vote-fields" id="f-dc-vote" tabIndex={-1}
							aria-invalid={voteErr ? "true" : undefined} aria-describedby={voteErr ? "f-dc-vote-error" : undefined}>
							<legend>{t("dc_vote")}</legend>
							<div class="vote-grid">
								<TextField name="dc-vote_for" label={t("dc_vote_for")} value={v["vote_for"]!} onInput={set("vote_for")} inputMode="numeric" />
								<TextField name="dc-vote_against" label={t("dc_vote_against")} value={v["vote_against"]!} onInput={set("vote_against")} inputMode="numeric" />
								<TextField name="dc-vote_abstain" label={t("dc_vote_abstain")} value={v["vote_abstain"]!} onInput={set("vote_abstain")} inputMode="numeric" />
								<TextField name="dc-base" label={t("dc_f_base")} value={v["base"]!} onInput={set("base")} inputMode="numeric"
									hint={t("dc_f_base_hint")} error={err("base")} />
							</div>
							{voteErr && <small id="f-dc-vote-error" class="field-error">{voteErr}</small>}
						</fieldset>
						<TextField name="dc-decided_on" label={t("dc_f_decided_on")} value={v["decided_on"]!} onInput={set("decided_on")}
							hint={t("date_format_hint")} inputMode="numeric" error={err("decided_on")} />
						<TextField name="dc-effective_on" label={t("dc_f_effective_on")} value={v["effective_on"]!} onInput={set("effective_on")}
							hint={t("date_format_hint")} inputMode="numeric" error={err("effective_on")} />
						<TextField name="dc-doc_no" label={t("in_f_doc_no")} value={v["doc_no"]!} onInput={set("doc_no")} error={err("doc_no")} maxLength={100} />
						<SelectField name="dc-deferral" label={t("dc_f_deferral")} value={v["deferral"]!} onInput={set("deferral")} error={err("deferral")}
							options={[{ value: "", label: t("dc_no_deferral") }, ...["pregnant", "nursing", "hospitalised"].map((d) => ({ value: d, label: tv("dcd_", d) }))]} />
						<AreaField prefix="dc" name="note" label={t("dc_f_note")} value={v["note"]!} onInput={set("note")} error={err("note")} rows={2} />
					</div>
					<div class="form-actions">
						<button type="submit" id="dc-submit" disabled={busy} aria-busy={busy ? "true" : undefined}>{t("dc_submit")}</button>
						<a class="btn tap secondary outline" href="/discipline">{t("cancel")}</a>
					</div>
				</form>
			)}
		</>
	);
}
