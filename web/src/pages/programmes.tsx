// Inspection and supervision programmes (issue 14): the year's programmes
// of a body (GET /inspection/programmes?org=&year=), a new one (POST), a
// programme with its items (GET /inspection/programmes/{id}) and the form
// that adds an item or changes one (POST .../{id}/items, PATCH
// /inspection/programme-items/{id}): kind, form (by kind), subject
// (organisation of the body's subtree, or a member), contents from the
// rulebook's catalogue, planned period, team, status.  Every refusal of
// the API on its field.
import { useState } from "preact/hooks";
import { ApiError, get, query, request, type Org, type Page } from "../api";
import { formatDate, parseDate } from "../format";
import { t, tv, type Key } from "../i18n";
import {
	bodies, formErrors, formsOf, kinds, type FormError, type Kind, type Programme, type ProgrammeItem,
} from "../inspection";
import { can, scopeRoots } from "../roles";
import { loc, navigate, setSearch } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorView, Loading, Notice, PageHeading, SelectField, TextField, useLoad } from "../ui/ui";
import {
	AreaField, catalogue, CodeChecks, errText, FormErrorSummary, InspectionNav, MemberPicker, memberNames, orgNames, startOrg, subtree,
} from "./insp-common";

const itemStatuses = ["planned", "in_progress", "done", "cancelled"];

export function Programmes() {
	const u = useUser();
	const l = useSignal(loc);
	const roots = scopeRoots(u).length > 0 ? scopeRoots(u) : u.grants.map((g) => ({ id: g.org_id, name: g.org_name, role: g.role }));
	const org = startOrg(u, l.search);
	const thisYear = new Date().getFullYear();
	const year = /^\d{4}$/.test(l.search.get("year") ?? "") ? +l.search.get("year")! : thisYear;
	const [open, setOpen] = useState(false);
	const [more, setMore] = useState<{ items: Programme[]; cursor: string | null } | null>(null);
	const data = useLoad(async (signal) => {
		setMore(null);
		const [page, orgs] = await Promise.all([
			get<Page<Programme>>(`/inspection/programmes${query({ org, year, limit: pageSize })}`, signal),
			orgNames(),
		]);
		return { items: page.items, cursor: page.next_cursor ?? null, orgs };
	}, [org, year]);
	const items = data.value ? [...data.value.items, ...(more?.items ?? [])] : [];
	const cursor = more ? more.cursor : data.value?.cursor ?? null;
	const [moreBusy, setMoreBusy] = useState(false);
	async function showMore() {
		setMoreBusy(true);
		try {
			const p = await get<Page<Programme>>(`/inspection/programmes${query({ org, year, limit: pageSize, cursor })}`);
			setMore({ items: [...(more?.items ?? []), ...p.items], cursor: p.next_cursor ?? null });
		} finally {
			setMoreBusy(false);
		}
	}
	const mayWrite = can(u, "inspection.write") || can(u, "inspection.self");
	return (
		<>
			<PageHeading>{t("ip_title")}</PageHeading>
			<InspectionNav user={u} />
			<div class="toolbar">
				{roots.length > 1 && (
					<SelectField name="ip-org" label={t("cov_committee")} value={String(org)}
						onInput={(v) => setSearch({ org: v, year: String(year) })}
						options={roots.map((r) => ({ value: String(r.id), label: r.name ?? String(r.id) }))} />
				)}
				<SelectField name="ip-year" label={t("cov_year")} value={String(year)}
					onInput={(v) => setSearch({ org: org !== null ? String(org) : null, year: v })}
					options={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: String(y), label: String(y) }))} />
			</div>
			{mayWrite && org !== null && (open
				? <ProgrammeForm org={org} year={year} onCancel={() => setOpen(false)} />
				: <p><button type="button" id="ip-new-open" onClick={() => setOpen(true)}>{t("ip_new")}</button></p>)}
			{data.loading && !data.value ? <Loading /> : data.error ? <ErrorView error={data.error} retry={data.reload} /> :
				items.length === 0 ? <p id="ip-none">{t("ip_none", { year })}</p> : <>
					<ul class="insp-list" id="ip-list">
						{items.map((p) => (
							<li key={p.id} class="insp-item" data-programme={p.id}>
								<a class="insp-link" href={`/inspection/programmes/${p.id}`}>
									<span class="insp-title">{p.title || t("ip_untitled", { year: p.year })}</span>
									<span class="insp-meta">
										<span>{p.org_name ?? data.value!.orgs.get(p.org_id)?.name ?? ""} · {tv("ib_", p.body)}</span>
										{p.doc_no && <span>{p.doc_no}</span>}
										<span class={"badge badge-" + p.status}>{tv("ips_", p.status)}</span>
										{p.items && <span>{t("ip_items_n", { n: p.items.length })}</span>}
									</span>
								</a>
							</li>
						))}
					</ul>
					{cursor && <p><button type="button" class="secondary" id="ip-more" disabled={moreBusy} aria-busy={moreBusy ? "true" : undefined}
						onClick={() => void showMore()}>{t("audit_more")}</button></p>}
				</>}
		</>
	);
}

/** The programmes asked a page at a time ("show more" by cursor). */
const pageSize = 20;

const progKeys: Record<string, Key> = {
	org_id: "in_f_org", body: "in_f_body", year: "cov_year", title: "ip_f_title", doc_no: "in_f_doc_no",
	approved_on: "ip_f_approved_on", status: "in_status",
};

function ProgrammeForm(props: { org: number; year: number; onCancel: () => void }) {
	const u = useUser();
	const cellOnly = !can(u, "inspection.write");
	const [v, setV] = useState<Record<string, string>>({
		body: cellOnly ? "cell" : "inspection_commission", year: String(props.year), title: "", doc_no: "", approved_on: "", status: "draft",
	});
	const [errors, setErrors] = useState<FormError[]>([]);
	const [busy, setBusy] = useState(false);
	const set = (k: string) => (x: string) => setV({ ...v, [k]: x });
	async function submit(ev: Event) {
		ev.preventDefault();
		const approved = parseDate(v["approved_on"]!);
		if (approved === null) {
			setErrors([{ field: "approved_on", form: "approved_on", code: "invalid_date", message: t("date_invalid") } as FormError]);
			return;
		}
		setBusy(true);
		try {
			const a = await request<Programme>("POST", "/inspection/programmes", {
				body: {
					org_id: props.org, body: v["body"], year: /^\d+$/.test(v["year"]!) ? +v["year"]! : v["year"],
					title: v["title"]!.trim() || null, doc_no: v["doc_no"]!.trim() || null, approved_on: approved || null, status: v["status"],
				},
			});
			navigate(`/inspection/programmes/${a.data.id}`);
		} catch (e) {
			const fe = formErrors(e, {}, Object.keys(progKeys));
			if (!fe)
				throw e;
			setErrors(fe);
		} finally {
			setBusy(false);
		}
	}
	return (
		<form class="card" id="ip-form" noValidate onSubmit={submit} aria-labelledby="ip-form-h">
			<h2 id="ip-form-h">{t("ip_new")}</h2>
			{errors.length > 0 && <FormErrorSummary title={t("form_errors", { n: errors.length })} errors={errors} prefix="ip"
				label={(f) => t(progKeys[f] ?? "error_title")} />}
			<div class="form-grid">
				<SelectField name="ip-body" label={t("in_f_body")} value={v["body"]!} onInput={set("body")} required error={errText(errors, "body")}
					options={(cellOnly ? ["cell"] : bodies).map((b) => ({ value: b, label: tv("ib_", b) }))} />
				<TextField name="ip-year" label={t("cov_year")} value={v["year"]!} onInput={set("year")} inputMode="numeric" required error={errText(errors, "year")} />
				<TextField name="ip-title" label={t("ip_f_title")} value={v["title"]!} onInput={set("title")} wide error={errText(errors, "title")} maxLength={500} />
				<TextField name="ip-doc_no" label={t("in_f_doc_no")} value={v["doc_no"]!} onInput={set("doc_no")} error={errText(errors, "doc_no")} maxLength={100} />
				<TextField name="ip-approved_on" label={t("ip_f_approved_on")} value={v["approved_on"]!} onInput={set("approved_on")}
					hint={t("date_format_hint")} inputMode="numeric" error={errText(errors, "approved_on")} />
				<SelectField name="ip-status" label={t("in_status")} value={v["status"]!} onInput={set("status")} error={errText(errors, "status")}
					options={["draft", "approved"].map((s) => ({ value: s, label: tv("ips_", s) }))} />
			</div>
			<div class="form-actions">
				<button type="submit" disabled={busy}>{t("ip_create")}</button>
				<button type="button" class="secondary outline" onClick={props.onCancel}>{t("cancel")}</button>
			</div>
		</form>
	);
}

export function ProgrammePage(props: { id: number }) {
	const u = useUser();
	const [edit, setEdit] = useState<ProgrammeItem | "new" | null>(null);
	const [editHead, setEditHead] = useState(false);
	const [saved, setSaved] = useState<string | null>(null);
	const [delErr, setDelErr] = useState<string | null>(null);
	const data = useLoad(async (signal) => {
		const [p, orgs, contents] = await Promise.all([
			get<Programme>(`/inspection/programmes/${props.id}`, signal), orgNames(), catalogue("inspection.contents"),
		]);
		// The items name their member subjects by id only.
		const members = await memberNames((p.items ?? []).flatMap((x) => x.subject_member_id != null ? [x.subject_member_id] : []), signal);
		return { p, orgs, contents, members };
	}, [props.id]);
	if (data.loading && !data.value)
		return <><PageHeading>{t("ip_one")}</PageHeading><Loading /></>;
	if (data.error || !data.value)
		return <><PageHeading>{t("ip_one")}</PageHeading><ErrorView error={data.error} retry={data.reload} /></>;
	const { p, orgs, contents, members } = data.value;
	const mayWrite = can(u, "inspection.write") || p.body === "cell" && can(u, "inspection.self");
	const subjectOf = (x: ProgrammeItem) => x.subject_name ?? (x.subject_org_id != null ? orgs.get(x.subject_org_id)?.name : null) ??
		(x.subject_member_id != null ? members.get(x.subject_member_id) ?? t("in_member_n", { id: x.subject_member_id }) : t("none"));
	const label = (c: string) => contents.find((k) => k.code === c)?.label ?? c;
	const items = p.items ?? [];
	return (
		<>
			<PageHeading sub={`${p.org_name ?? orgs.get(p.org_id)?.name ?? ""} · ${tv("ib_", p.body)} · ${p.year}`}>
				{p.title || t("ip_untitled", { year: p.year })}</PageHeading>
			<InspectionNav user={u} />
			<p id="ip-state"><span class={"badge badge-" + p.status}>{tv("ips_", p.status)}</span>
				{p.doc_no && <> · {p.doc_no}</>}{p.approved_on && <> · {t("ip_approved_on", { date: formatDate(p.approved_on) })}</>}
				{mayWrite && !editHead && <>{" "}<button type="button" class="secondary outline small-button" id="ip-head-edit"
					onClick={() => { setSaved(null); setEditHead(true); }}>{t("ip_head_edit")}</button></>}</p>
			{mayWrite && editHead && <ProgrammeHeadForm programme={p} onCancel={() => setEditHead(false)}
				onDone={(x) => { setEditHead(false); setSaved(t("ip_head_saved")); data.setValue({ ...data.value!, p: { ...x, items: x.items ?? p.items } }); }} />}
			{saved && <Notice kind="ok">{saved}</Notice>}
			{delErr && <Notice kind="error">{delErr}</Notice>}
			<section aria-labelledby="ip-items-h">
				<h2 id="ip-items-h">{t("ip_items")}</h2>
				{items.length === 0 ? <p>{t("ip_items_none")}</p> : (
					<ul class="insp-list" id="ip-items">
						{items.map((x) => (
							<li key={x.id} class="insp-item ip-item" data-item={x.id}>
								<div class="insp-body">
									<span class="insp-title">{tv("ik_", x.kind)} · {tv("if_", x.form)} — {subjectOf(x)}</span>
									<span class="insp-meta">
										<span>{t("ip_planned", { from: formatDate(x.planned_from), to: formatDate(x.planned_to) })}</span>
										<span class={"badge badge-" + x.status}>{tv("ipi_", x.status)}</span>
										{x.team && <span>{t("ip_team_is", { team: x.team })}</span>}
									</span>
									{x.content_codes.length > 0 && <span class="small">{x.content_codes.map(label).join("; ")}</span>}
									{x.note && <span class="small muted">{x.note}</span>}
								</div>
								{mayWrite && <div class="item-actions">
									<button type="button" class="secondary outline small-button" onClick={() => { setSaved(null); setEdit(x); }}
										aria-label={t("ip_item_edit_of", { what: subjectOf(x) })}>{t("ip_item_edit")}</button>
									<button type="button" class="secondary outline small-button ip-item-delete"
										aria-label={t("ip_item_delete_of", { what: subjectOf(x) })}
										onClick={async () => {
											setSaved(null);
											setDelErr(null);
											if (!confirm(t("ip_item_delete_confirm", { what: subjectOf(x) })))
												return;
											try {
												await request("DELETE", `/inspection/programme-items/${x.id}`);
												if (edit !== null && edit !== "new" && edit.id === x.id)
													setEdit(null);
												// Gone at once, then the programme read again.
												data.setValue({ ...data.value!, p: { ...p, items: items.filter((y) => y.id !== x.id) } });
												setSaved(t("ip_item_deleted"));
												data.reload();
											} catch (e) {
												setDelErr(e instanceof ApiError ? e.problem?.detail ?? e.message : t("error_network"));
											}
										}}>{t("ip_item_delete")}</button>
								</div>}
							</li>
						))}
					</ul>
				)}
				{mayWrite && edit === null && <p><button type="button" id="ip-item-new" onClick={() => { setSaved(null); setEdit("new"); }}>{t("ip_item_add")}</button></p>}
				{mayWrite && edit !== null && <ItemForm key={edit === "new" ? "new" : edit.id} programme={p} item={edit === "new" ? null : edit}
					orgs={orgs} contents={contents} onCancel={() => setEdit(null)}
					subjectName={edit === "new" ? null : subjectOf(edit)}
					onDone={(msg) => { setEdit(null); setSaved(msg); data.reload(); }} />}
			</section>
		</>
	);
}

/** The programme's header (title, document, status, approval date),
 * changed with the version read (PATCH with If-Match); the API's
 * refusals on their fields, a change by someone else meanwhile said so. */
function ProgrammeHeadForm(props: { programme: Programme; onCancel: () => void; onDone: (p: Programme) => void }) {
	const p = props.programme;
	const [v, setV] = useState<Record<string, string>>({
		title: p.title ?? "", doc_no: p.doc_no ?? "", approved_on: p.approved_on ? formatDate(p.approved_on) : "", status: p.status,
	});
	const [errors, setErrors] = useState<FormError[]>([]);
	const [busy, setBusy] = useState(false);
	const set = (k: string) => (x: string) => setV({ ...v, [k]: x });
	async function submit(ev: Event) {
		ev.preventDefault();
		const approved = parseDate(v["approved_on"]!);
		if (approved === null) {
			setErrors([{ field: "approved_on", form: "approved_on", code: "invalid_date", message: t("date_invalid") } as FormError]);
			return;
		}
		setBusy(true);
		try {
			const a = await request<Programme>("PATCH", `/inspection/programmes/${p.id}`, {
				body: { title: v["title"]!.trim() || null, doc_no: v["doc_no"]!.trim() || null, approved_on: approved || null, status: v["status"] },
				ifMatch: p.version !== undefined ? `"${p.version}"` : null,
			});
			setErrors([]);
			props.onDone(a.data);
		} catch (e) {
			if (e instanceof ApiError && e.status === 412) {
				setErrors([{ field: "", form: "", code: "version_mismatch", message: t("ip_head_conflict") } as FormError]);
				return;
			}
			const fe = formErrors(e, {}, Object.keys(progKeys));
			if (!fe)
				throw e;
			setErrors(fe);
		} finally {
			setBusy(false);
		}
	}
	return (
		<form class="card" id="ip-head-form" noValidate onSubmit={submit} aria-labelledby="ip-head-form-h">
			<h2 id="ip-head-form-h">{t("ip_head_edit")}</h2>
			{errors.length > 0 && <FormErrorSummary title={t("form_errors", { n: errors.length })} errors={errors} prefix="ph"
				label={(f) => t(progKeys[f] ?? "error_title")} />}
			<div class="form-grid">
				<TextField name="ph-title" label={t("ip_f_title")} value={v["title"]!} onInput={set("title")} wide error={errText(errors, "title")} maxLength={500} />
				<TextField name="ph-doc_no" label={t("in_f_doc_no")} value={v["doc_no"]!} onInput={set("doc_no")} error={errText(errors, "doc_no")} maxLength={100} />
				<TextField name="ph-approved_on" label={t("ip_f_approved_on")} value={v["approved_on"]!} onInput={set("approved_on")}
					hint={t("date_format_hint")} inputMode="numeric" error={errText(errors, "approved_on")} />
				<SelectField name="ph-status" label={t("in_status")} value={v["status"]!} onInput={set("status")} error={errText(errors, "status")}
					options={["draft", "approved"].map((s) => ({ value: s, label: tv("ips_", s) }))} />
			</div>
			<div class="form-actions">
				<button type="submit" id="ph-submit" disabled={busy}>{t("ip_head_save")}</button>
				<button type="button" class="secondary outline" onClick={props.onCancel}>{t("cancel")}</button>
			</div>
		</form>
	);
}

const itemKeys: Record<string, Key> = {
	kind: "in_kind", form: "in_f_form", subject: "in_subject", subject_org_id: "in_f_subject_org",
	subject_member_id: "in_f_subject_member", content_codes: "in_contents", planned_from: "ip_f_planned_from",
	planned_to: "ip_f_planned_to", team: "in_team", status: "in_status", note: "ip_f_note",
};

function ItemForm(props: { programme: Programme; item: ProgrammeItem | null; orgs: Map<number, Org>; subjectName?: string | null;
	contents: Awaited<ReturnType<typeof catalogue>>; onCancel: () => void; onDone: (msg: string) => void }) {
	const x = props.item;
	const [v, setV] = useState<Record<string, string>>({
		kind: x?.kind ?? "inspection", form: x?.form ?? "regular", subject: x?.subject_member_id != null ? "member" : "org",
		subject_org_id: x?.subject_org_id != null ? String(x.subject_org_id) : "",
		subject_member_id: x?.subject_member_id != null ? String(x.subject_member_id) : "",
		planned_from: x?.planned_from ? formatDate(x.planned_from) : "", planned_to: x?.planned_to ? formatDate(x.planned_to) : "",
		team: x?.team ?? "", status: x?.status ?? "planned", note: x?.note ?? "",
	});
	const [codes, setCodes] = useState<string[]>(x?.content_codes ?? []);
	const [errors, setErrors] = useState<FormError[]>([]);
	const [busy, setBusy] = useState(false);
	const set = (k: string) => (s: string) => setV({ ...v, [k]: s });
	const err = (k: string) => errText(errors, k);
	const p = props.programme;
	const under = subtree(props.orgs, p.org_id).filter((o) => o.id !== p.org_id || p.body === "cell");
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
			kind: v["kind"], form: v["form"], content_codes: codes, planned_from: date("planned_from"), planned_to: date("planned_to"),
			team: v["team"]!.trim() || null, status: v["status"], note: v["note"]!.trim() || null,
			subject_org_id: v["subject"] === "org" ? int(v["subject_org_id"]!) : null,
			subject_member_id: v["subject"] === "member" ? int(v["subject_member_id"]!) : null,
		};
		if (own.length) {
			setErrors(own);
			return;
		}
		setBusy(true);
		try {
			if (x)
				await request("PATCH", `/inspection/programme-items/${x.id}`, { body, ifMatch: x.version !== undefined ? `"${x.version}"` : null });
			else
				await request("POST", `/inspection/programmes/${p.id}/items`, { body });
			props.onDone(x ? t("ip_item_saved") : t("ip_item_added"));
		} catch (e) {
			const fe = formErrors(e, {}, Object.keys(itemKeys));
			if (!fe)
				throw e;
			setErrors(fe);
		} finally {
			setBusy(false);
		}
	}
	return (
		<form class="card" id="ip-item-form" noValidate onSubmit={submit} aria-labelledby="ip-item-form-h">
			<h3 id="ip-item-form-h" class="insp-h3">{x ? t("ip_item_edit") : t("ip_item_add")}</h3>
			{errors.length > 0 && <FormErrorSummary title={t("form_errors", { n: errors.length })} errors={errors} prefix="it"
				label={(f) => t(itemKeys[f] ?? "error_title")} />}
			<div class="form-grid">
				<SelectField name="it-kind" label={t("in_kind")} value={v["kind"]!} required error={err("kind")}
					onInput={(k) => setV({ ...v, kind: k, form: formsOf[k as Kind]?.includes(v["form"]!) ? v["form"]! : "regular" })}
					options={kinds.map((k) => ({ value: k, label: tv("ik_", k) }))} />
				<SelectField name="it-form" label={t("in_f_form")} value={v["form"]!} onInput={set("form")} required error={err("form")}
					options={(formsOf[v["kind"] as Kind] ?? []).map((f) => ({ value: f, label: tv("if_", f) }))} />
				<SelectField name="it-subject" label={t("in_subject")} value={v["subject"]!} onInput={set("subject")}
					options={[{ value: "org", label: t("in_subject_org") }, { value: "member", label: t("in_subject_member") }]} />
				{v["subject"] === "org"
					? <SelectField name="it-subject_org_id" label={t("in_f_subject_org")} value={v["subject_org_id"]!} onInput={set("subject_org_id")}
						required error={err("subject_org_id")}
						options={[{ value: "", label: t("in_choose") }, ...under.map((o) => ({ value: String(o.id), label: o.name }))]} />
					: <MemberPicker prefix="it" name="subject_member_id" label={t("in_f_subject_member")} value={v["subject_member_id"]!}
						onInput={set("subject_member_id")} required error={err("subject_member_id")} org={p.org_id}
						initialName={x?.subject_member_id != null ? props.subjectName : null} />}
				<TextField name="it-planned_from" label={t("ip_f_planned_from")} value={v["planned_from"]!} onInput={set("planned_from")}
					hint={t("date_format_hint")} inputMode="numeric" error={err("planned_from")} />
				<TextField name="it-planned_to" label={t("ip_f_planned_to")} value={v["planned_to"]!} onInput={set("planned_to")}
					hint={t("date_format_hint")} inputMode="numeric" error={err("planned_to")} />
				<TextField name="it-team" label={t("in_team")} value={v["team"]!} onInput={set("team")} error={err("team")} wide maxLength={500} />
				<SelectField name="it-status" label={t("in_status")} value={v["status"]!} onInput={set("status")} error={err("status")}
					options={itemStatuses.map((s) => ({ value: s, label: tv("ipi_", s) }))} />
				<CodeChecks prefix="it" name="content_codes" label={t("in_contents")} items={props.contents} value={codes} onInput={setCodes}
					error={err("content_codes")} />
				<AreaField prefix="it" name="note" label={t("ip_f_note")} value={v["note"]!} onInput={set("note")} error={err("note")} rows={2} />
			</div>
			<div class="form-actions">
				<button type="submit" disabled={busy}>{x ? t("ip_item_save") : t("ip_item_add")}</button>
				<button type="button" class="secondary outline" onClick={props.onCancel}>{t("cancel")}</button>
			</div>
		</form>
	);
}
