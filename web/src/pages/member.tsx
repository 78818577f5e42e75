// A member's profile: the record, its history (the timeline of Party
// life and of every change to the record) and, for the roles that may
// read them, its discipline cases (secret: grants that name discipline)
// and its audit trail.
import { ApiError, get, request, type AuditEntry, type FieldError, type Member, type MemberEvent, type Org } from "../api";
import { orgsCached } from "../data";
import { formatDate, formatTime } from "../format";
import { fieldLabel, lang, t, tv, type Key, recordedBy } from "../i18n";
import { can } from "../roles";
import { mayOpen } from "../routes";
import { loc, setSearch } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { useState } from "preact/hooks";
import { ErrorView, Loading, Notice, PageHeading, TabPanel, Tabs, TextField, useLoad } from "../ui/ui";
import { EventForm, eventKinds } from "./member-event";
import type { DisciplineCase } from "../inspection";

export const sections: { title: Key; fields: (keyof Member)[] }[] = [
	{ title: "member_section_personal", fields: ["full_name", "gender", "birth_date", "birthplace", "hometown",
		"ethnicity", "religion", "citizen_id", "phone", "email"] },
	{ title: "member_section_party", fields: ["org_id", "status", "admission_decision_date", "admitted_on",
		"official_on", "exempt_since", "card_no", "dossier_no"] },
	{ title: "member_section_work", fields: ["job_title", "education", "professional_level", "theory_level"] },
];

const dateFields = new Set(["birth_date", "admission_decision_date", "admitted_on", "official_on", "exempt_since"]);

/** A member field's value as shown to people. */
export function showField(m: Partial<Member>, f: string, orgName?: (id: number) => string): string {
	const v = (m as Record<string, unknown>)[f];
	if (m.masked?.includes(f))
		return t("hidden_value");
	if (v === null || v === undefined || v === "")
		return t("none");
	if (dateFields.has(f))
		return formatDate(String(v));
	if (f === "gender")
		return tv("gender_", String(v));
	if (f === "status")
		return tv("status_", String(v));
	if (f === "state")
		return tv("state_", String(v));
	if (f === "role")
		return tv("role_", String(v));
	if (f === "options")
		return String(v).split(",").map((o) => tv("option_", o)).join(", ");
	if (f === "org_id" && orgName)
		return orgName(Number(v));
	if (f === "created_at" || f === "updated_at")
		return formatTime(String(v));
	return String(v);
}

function Record(props: { m: Member; orgName: (id: number) => string; orgLink: (id: number) => boolean }) {
	const m = props.m;
	return (
		<>
			{m.masked && m.masked.length > 0 && <Notice>{t("member_masked_note")}</Notice>}
			<div class="record-grid">
				{sections.map((s) => (
					<section key={s.title} aria-labelledby={"sec-" + s.title}>
						<h2 id={"sec-" + s.title}>{t(s.title)}</h2>
						<dl class="facts">
							{s.fields.map((f) => (
								<div key={f} data-field={f}>
									<dt>{fieldLabel(f)}</dt>
									<dd>{f === "org_id" ? (props.orgLink(m.org_id) ? <a href={`/orgs/${m.org_id}`}>{props.orgName(m.org_id)}</a> : props.orgName(m.org_id))
										: showField(m, f, props.orgName)}</dd>
								</div>
							))}
						</dl>
					</section>
				))}
				<section aria-labelledby="sec-record">
					<h2 id="sec-record">{t("member_section_record")}</h2>
					<dl class="facts">
						{(["id", "state", "version", "created_at", "updated_at"] as const).map((f) => (
							<div key={f}><dt>{fieldLabel(f)}</dt><dd>{showField(m, f)}</dd></div>
						))}
					</dl>
				</section>
			</div>
		</>
	);
}

function Changes(props: { before: Record<string, unknown> | null; after: Record<string, unknown> | null; orgName: (id: number) => string }) {
	const keys = [...new Set([...Object.keys(props.before ?? {}), ...Object.keys(props.after ?? {})])]
		.filter((k) => !["id", "version", "created_at", "updated_at"].includes(k));
	if (keys.length === 0)
		return null;
	return (
		<table class="changes">
			<tbody>
				{keys.map((k) => (
					<tr key={k}>
						<th scope="row">{fieldLabel(k)}</th>
						<td>{props.before ? <del>{showField(props.before as Partial<Member>, k, props.orgName)}</del> : null}
							{props.before && props.after ? " → " : ""}
							{props.after ? <ins>{showField(props.after as Partial<Member>, k, props.orgName)}</ins> : null}</td>
					</tr>
				))}
			</tbody>
		</table>
	);
}

/** {"phone": {"from": a, "to": b}} -> before {"phone": a}, after {"phone": b}. */
function fromTo(changes: Record<string, { from?: unknown; to?: unknown }>) {
	const before: Record<string, unknown> = {};
	const after: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(changes)) {
		before[k] = v?.from ?? null;
		after[k] = v?.to ?? null;
	}
	return { before, after };
}

/** The import batch an event came from (its details' import_batch_id or
 * import_batch), or null. */
function importOf(d: Record<string, unknown>): number | null {
	const v = d["import_batch_id"] ?? d["import_batch"];
	return typeof v === "number" && v > 0 ? v : null;
}

function History(props: { id: number; orgName: (id: number) => string; orgLink: (id: number) => boolean;
	importLink: boolean }) {
	const h = useLoad((signal) => get<{ items: MemberEvent[] }>(`/members/${props.id}/history`, signal), [props.id]);
	if (h.loading)
		return <Loading />;
	if (h.error || !h.value)
		return <ErrorView error={h.error} retry={h.reload} />;
	if (h.value.items.length === 0)
		return <p>{t("member_history_empty")}</p>;
	return (
		<ol class="timeline">
			{h.value.items.map((e) => {
				const d = e.details ?? {};
				return (
					<li key={e.id} class={"ev-" + e.kind}>
						<p class="timeline-head">
							<time dateTime={e.on ?? undefined}>{formatDate(e.on)}</time>
							<strong>{tv("ev_", e.kind)}</strong>
							{e.doc_no && <span class="muted">{t("ev_doc", { doc: e.doc_no })}</span>}
							{e.org_id && e.kind !== "record_updated" && (props.orgLink(e.org_id) ? <a href={`/orgs/${e.org_id}`}>{props.orgName(e.org_id)}</a> : <span>{props.orgName(e.org_id)}</span>)}
						</p>
						{e.kind === "record_updated" && d["changes"] && typeof d["changes"] === "object" && (
							<Changes {...fromTo(d["changes"] as Record<string, { from?: unknown; to?: unknown }>)}
								orgName={props.orgName} />
						)}
						<small class="muted">{t("ev_by", { who: recordedBy(e.recorded_by), at: formatTime(e.recorded_at) })}</small>
						{importOf(d) && props.importLink &&
							<> <a href={`/audit?batch=${importOf(d)}`} class="audit-import">{t("audit_import_entry")}</a></>}
					</li>
				);
			})}
		</ol>
	);
}

/** The member's discipline cases, newest decision first, each with its
 * status as of today and linking to the case (whose opening the server
 * records in the audit trail). */
function Discipline(props: { id: number }) {
	const d = useLoad((signal) => get<{ items: DisciplineCase[] }>(`/members/${props.id}/discipline`, signal), [props.id]);
	if (d.loading)
		return <Loading />;
	if (d.error || !d.value)
		return <ErrorView error={d.error} retry={d.reload} />;
	if (d.value.items.length === 0)
		return <p id="member-dc-none">{t("member_discipline_empty")}</p>;
	return (
		<ol class="timeline" id="member-dc">
			{d.value.items.map((c) => {
				const on = c.decided_on ?? c.violation_on;
				return (
					<li key={c.id} data-case={c.id}>
						<p class="timeline-head">
							<time dateTime={on ?? undefined}>{formatDate(on)}</time>
							<strong><a href={`/discipline/${c.id}`}>{c.form ? tv("dcf_", c.form) : t("dc_no_form")}</a></strong>
							<span class={"badge badge-dc-" + c.status}>{tv("dcs_", c.status)}</span>
							{c.status === "in_force" && c.lapses_on && <span class="muted">{t("dc_lapses_on", { date: formatDate(c.lapses_on) })}</span>}
						</p>
					</li>
				);
			})}
		</ol>
	);
}

/** One entry of the audit trail: when, what (its label, from the API),
 * who (the account's display name), the member it is about (link
 * optional), the import it came from, and the changes. */
export function AuditItem(props: { a: AuditEntry; orgName: (id: number) => string; memberLink?: boolean }) {
	const a = props.a;
	const u = useUser();
	const importHref = a.import_batch ? `/audit?batch=${a.import_batch}` : null;
	return (
		<li data-action={a.action}>
			<p class="timeline-head">
				<time dateTime={a.at}>{formatTime(a.at)}</time>
				<strong class="audit-label">{a.label}</strong>
				<span class="audit-actor" title={a.actor_name ? t("audit_actor_hint", { actor: a.actor ?? "" }) : undefined}>
					{a.actor_name || recordedBy(a.actor)}</span>
				{props.memberLink && a.object_type === "member" && a.object_id &&
					(mayOpen(u, `/members/${a.object_id}`)
						? <a href={`/members/${a.object_id}`}>{a.object_name || t("audit_of_member", { id: a.object_id })}</a>
						: <span>{a.object_name || t("audit_of_member", { id: a.object_id })}</span>)}
				{importHref && a.action !== "member.import" &&
					<a href={importHref} class="audit-import">{t("audit_import_link")}</a>}
				{a.addr && a.addr !== "local" && <span class="muted">{t("audit_from")} {a.addr}</span>}
			</p>
			{(a.before || a.after) && a.action !== "member.create" &&
				<Changes before={a.before} after={a.after} orgName={props.orgName} />}
		</li>
	);
}

function Audit(props: { id: number; orgName: (id: number) => string }) {
	const [before, setBefore] = useState<number | null>(null);
	const [items, setItems] = useState<AuditEntry[]>([]);
	const page = useLoad(async (signal) => {
		const p = await get<{ items: AuditEntry[]; next_before: number | null }>(
			`/members/${props.id}/audit?limit=50${before ? `&before=${before}` : ""}`, signal);
		setItems((old) => before ? [...old, ...p.items] : p.items);
		return p;
	}, [props.id, before]);
	if (page.error)
		return <ErrorView error={page.error} retry={page.reload} />;
	if (!page.value && page.loading)
		return <Loading />;
	if (items.length === 0)
		return <p>{t("member_audit_empty")}</p>;
	return (
		<>
			<ol class="timeline audit">
				{items.map((a) => <AuditItem key={a.id} a={a} orgName={props.orgName} />)}
			</ol>
			{page.value?.next_before && (
				<button type="button" class="secondary outline" aria-busy={page.loading ? "true" : undefined}
					onClick={() => setBefore(page.value!.next_before)}>{t("member_audit_more")}</button>
			)}
		</>
	);
}

/** The phone and e-mail only, for an account whose grant has the option
 * "contacts" (a cell secretary): PATCH /members/{id}/contacts, recorded
 * and audited as any change of the record. */
function ContactsForm(props: { m: Member; onSaved: () => void }) {
	const [phone, setPhone] = useState(props.m.phone ?? "");
	const [email, setEmail] = useState(props.m.email ?? "");
	const [errors, setErrors] = useState<FieldError[]>([]);
	const [failed, setFailed] = useState<unknown>(null);
	const [busy, setBusy] = useState(false);
	async function submit(e: Event) {
		e.preventDefault();
		setBusy(true);
		setErrors([]);
		setFailed(null);
		try {
			await request<Member>("PATCH", `/members/${props.m.id}/contacts`, {
				body: { phone: phone.trim() || null, email: email.trim() || null },
				ifMatch: `"${props.m.version}"`,
			});
			props.onSaved();
		} catch (x) {
			if (x instanceof ApiError && x.errors.length > 0)
				setErrors(x.errors);
			else
				setFailed(x);
		} finally {
			setBusy(false);
		}
	}
	const err = (k: string) => errors.filter((x) => x.field === k).map((x) => x.message).join(" ") || null;
	return (
		<section class="card" id="contacts-form" aria-labelledby="contacts-h">
			<h2 id="contacts-h">{t("member_contacts_title")}</h2>
			<p class="muted small">{t("member_contacts_hint")}</p>
			{failed !== null && <ErrorView error={failed} />}
			<form onSubmit={submit} noValidate>
				<TextField label={fieldLabel("phone")} name="phone" value={phone} onInput={setPhone}
					error={err("phone")} type="tel" inputMode="tel" />
				<TextField label={fieldLabel("email")} name="email" value={email} onInput={setEmail}
					error={err("email")} type="email" inputMode="email" />
				<button type="submit" disabled={busy} aria-busy={busy ? "true" : undefined}>{t("member_contacts_save")}</button>
			</form>
		</section>
	);
}

export function MemberPage(props: { id: number }) {
	const u = useUser();
	const l = useSignal(loc);
	// The trail's labels come from the API in the interface's language.
	const language = useSignal(lang);
	const data = useLoad(async (signal) => {
		const [a, orgs] = await Promise.all([request<Member>("GET", `/members/${props.id}`, { signal }),
			orgsCached().catch(() => [] as Org[])]);
		return { m: a.data, etag: a.etag, orgList: orgs, orgs: new Map(orgs.map((o) => [o.id, o.name])) };
	}, [props.id]);
	const [eventOpen, setEventOpen] = useState(false);
	const [eventDone, setEventDone] = useState<string | null>(null);
	const [stale, setStale] = useState(false);
	const [historyKey, setHistoryKey] = useState(0);
	const tabs = [
		{ id: "record", label: t("member_tab_record") },
		{ id: "history", label: t("member_tab_history") },
		...(can(u, "discipline.read") ? [{ id: "discipline", label: t("member_tab_discipline") }] : []),
		...(can(u, "audit.read") ? [{ id: "audit", label: t("member_tab_audit") }] : []),
	];
	const tab = tabs.find((x) => x.id === l.search.get("tab"))?.id ?? "record";
	const [contactsSaved, setContactsSaved] = useState(false);
	if (data.loading)
		return <><PageHeading>{t("members_title")}</PageHeading><Loading /></>;
	if (data.error || !data.value)
		return <><PageHeading>{t("members_title")}</PageHeading><ErrorView error={data.error} retry={data.reload} /></>;
	const { m, orgs, orgList, etag } = data.value;
	const mayRecord = can(u, "member.write") && eventKinds(m).length > 0;
	const orgName = (id: number) => orgs.get(id) ?? `#${id}`;
	// A link only to an organisation the account may open and can see.
	const orgLink = (id: number) => orgs.has(id) && mayOpen(u, `/orgs/${id}`);
	const flash = l.search.get("saved");
	return (
		<>
			{mayOpen(u, "/members") && (
				<nav aria-label="breadcrumb" class="breadcrumb">
					<ul>
						<li><a href="/members">{t("members_title")}</a></li>
						<li aria-current="page">{m.full_name}</li>
					</ul>
				</nav>
			)}
			<PageHeading sub={<>
				<span class={"badge badge-" + m.status}>{tv("status_", m.status)}</span>
				{m.state !== "active" && <> <span class="badge badge-closed">{tv("state_", m.state)}</span></>}
				{" "}{mayOpen(u, `/orgs/${m.org_id}`) ? <a href={`/orgs/${m.org_id}`}>{orgName(m.org_id)}</a> : orgName(m.org_id)}
			</>}>{m.full_name}</PageHeading>
			{flash && <Notice kind="ok">{flash === "created" ? t("member_created") : t("member_saved")}</Notice>}
			{eventDone && <Notice kind="ok">{eventDone}</Notice>}
			{stale && <Notice kind="error">{t("evf_stale")}</Notice>}
			{(mayOpen(u, `/members/${m.id}/edit`) || mayRecord) && (
				<div class="actions">
					{mayOpen(u, `/members/${m.id}/edit`) && <a class="btn" href={`/members/${m.id}/edit`}>{t("member_edit")}</a>}
					{mayRecord && !eventOpen && (
						<button type="button" class="secondary" aria-controls="event-form" aria-expanded="false"
							onClick={() => { setEventOpen(true); setEventDone(null); setStale(false); }}>{t("evf_open")}</button>
					)}
				</div>
			)}
			{mayRecord && eventOpen && (
				<div id="event-form">
					<EventForm m={m} etag={etag} orgs={orgList} key={m.version}
						onCancel={() => setEventOpen(false)}
						onStale={() => { setStale(true); setEventOpen(false); data.reload(); }}
						onDone={(nm, ne, text) => {
							data.setValue({ ...data.value!, m: nm, etag: ne });
							setEventOpen(false);
							setEventDone(text);
							setHistoryKey(historyKey + 1);
							setSearch({ tab: "history" });
						}} />
				</div>
			)}
			{contactsSaved && <Notice kind="ok">{t("member_contacts_saved")}</Notice>}
			{tab === "record" && !mayOpen(u, `/members/${m.id}/edit`) && can(u, "member.contacts") &&
				!m.masked?.length && m.state === "active" &&
				<ContactsForm m={m} key={m.version} onSaved={() => { setContactsSaved(true); data.reload(); }} />}
			<Tabs label={t("member_tabs")} tabs={tabs} current={tab}
				onSelect={(id) => setSearch({ tab: id === "record" ? null : id })} />
			<TabPanel id={tab}>
				{tab === "record" && <Record m={m} orgName={orgName} orgLink={orgLink} />}
				{tab === "history" && <History id={m.id} orgName={orgName} orgLink={orgLink} key={historyKey} importLink={mayOpen(u, "/audit")} />}
				{tab === "discipline" && <Discipline id={m.id} />}
				{tab === "audit" && <Audit key={language} id={m.id} orgName={orgName} />}
			</TabPanel>
		</>
	);
}
