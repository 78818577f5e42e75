// State bodies' notices of a member's discipline (issue 14): a state
// body, the Front or a union that disciplines a Party member notifies the
// Party organisation within the rulebook's days (discipline.state_notice)
// of its decision.  The notices of the scope (GET /discipline/notices?org=),
// each with the body, decision, the days it took and, when it came late,
// "late" in words (not by colour only); discipline.write records one
// (POST /discipline/notices), the member chosen by a search, the API's
// refusals on their fields.  Secret as the cases: discipline.read.
import { useState } from "preact/hooks";
import { get, query, request } from "../api";
import { formatDate, formatNumber, parseDate } from "../format";
import { t, type Key } from "../i18n";
import { formErrors, type FormError } from "../inspection";
import { can, scopeRoots } from "../roles";
import { mayOpen } from "../routes";
import { loc, setSearch } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorView, Loading, Notice, PageHeading, SelectField, TextField, useLoad } from "../ui/ui";
import { AreaField, errText, FormErrorSummary, InspectionNav, MemberPicker, memberNames, ruleNumber, startOrg } from "./insp-common";

export interface DisciplineNotice {
	id: number;
	member_id: number;
	body: string;
	decided_on: string;
	notified_on: string;
	doc_no: string | null;
	note: string | null;
	recorded_by?: string | null;
	created_at?: string;
	late: boolean | null;
	days: number | null;
}

export function DisciplineNotices() {
	const u = useUser();
	const l = useSignal(loc);
	const roots = scopeRoots(u).length > 0 ? scopeRoots(u) : u.grants.map((g) => ({ id: g.org_id, name: g.org_name, role: g.role }));
	const org = startOrg(u, l.search);
	const [open, setOpen] = useState(false);
	const [saved, setSaved] = useState<string | null>(null);
	const data = useLoad(async (signal) => {
		const [list, limit] = await Promise.all([
			get<{ items: DisciplineNotice[] }>(`/discipline/notices${query({ org })}`, signal),
			ruleNumber("discipline.state_notice", "days"),
		]);
		const names = await memberNames(list.items.map((n) => n.member_id), signal);
		return { items: list.items, limit, names };
	}, [org]);
	const limit = data.value?.limit ?? null;
	return (
		<>
			<PageHeading>{t("dn_title")}</PageHeading>
			<InspectionNav user={u} />
			<p class="muted small">{limit !== null ? t("dn_intro", { days: limit }) : t("dn_intro_plain")} {t("dn_secret")}</p>
			<p><a href={`/discipline${org !== null ? `?org=${org}` : ""}`}>{t("dn_back")}</a></p>
			{roots.length > 1 && (
				<div class="toolbar">
					<SelectField name="dn-org" label={t("cov_committee")} value={String(org)} onInput={(v) => setSearch({ org: v })}
						options={roots.map((r) => ({ value: String(r.id), label: r.name ?? String(r.id) }))} />
				</div>
			)}
			{saved && <Notice kind="ok">{saved}</Notice>}
			{can(u, "discipline.write") && (open
				? <NoticeForm org={org} onCancel={() => setOpen(false)}
					onDone={() => { setOpen(false); setSaved(t("dn_saved")); data.reload(); }} />
				: <p><button type="button" id="dn-new-open" onClick={() => { setSaved(null); setOpen(true); }}>{t("dn_new")}</button></p>)}
			{data.loading && !data.value ? <Loading /> : data.error ? <ErrorView error={data.error} retry={data.reload} /> :
				data.value!.items.length === 0 ? <p id="dn-none">{t("dn_none")}</p> : (
					<ul class="insp-list" id="dn-list">
						{data.value!.items.map((n) => {
							const name = data.value!.names.get(n.member_id) ?? t("in_member_n", { id: n.member_id });
							return (
								<li key={n.id} class="insp-item" data-notice={n.id} data-late={n.late ? "1" : "0"}>
									<div class="insp-body">
										<span class="insp-title">{mayOpen(u, `/members/${n.member_id}`)
											? <a href={`/members/${n.member_id}`}>{name}</a> : name} — {n.body}</span>
										<span class="insp-meta">
											<span>{t("dn_decided", { no: n.doc_no ?? t("none"), date: formatDate(n.decided_on) })}</span>
											<span>{t("dn_notified", { date: formatDate(n.notified_on) })}</span>
										</span>
										{n.late === true
											? <span class="overdue-text dn-late">{limit !== null
												? t("dn_late", { days: formatNumber(n.days ?? 0), limit, over: formatNumber((n.days ?? 0) - limit) })
												: t("dn_late_plain", { days: formatNumber(n.days ?? 0) })}</span>
											: n.late === false ? <span class="dn-ontime">{t("dn_on_time", { days: formatNumber(n.days ?? 0) })}</span> : null}
										{n.note && <span class="small muted">{n.note}</span>}
									</div>
								</li>
							);
						})}
					</ul>
				)}
		</>
	);
}

const noticeFields = ["member_id", "body", "decided_on", "notified_on", "doc_no", "note"] as const;
const noticeKeys: Record<string, Key> = {
	member_id: "dc_f_member_id", body: "dn_f_body", decided_on: "dn_f_decided_on", notified_on: "dn_f_notified_on",
	doc_no: "in_f_doc_no", note: "dc_f_note",
};

function NoticeForm(props: { org: number | null; onCancel: () => void; onDone: () => void }) {
	const [v, setV] = useState<Record<string, string>>({ member_id: "", body: "", decided_on: "", notified_on: "", doc_no: "", note: "" });
	const [errors, setErrors] = useState<FormError[]>([]);
	const [busy, setBusy] = useState(false);
	const set = (k: string) => (x: string) => setV({ ...v, [k]: x });
	const err = (k: string) => errText(errors, k);
	async function submit(ev: Event) {
		ev.preventDefault();
		const own: FormError[] = [];
		const date = (k: string) => {
			const d = parseDate(v[k]!);
			if (d === null)
				own.push({ field: k, form: k, code: "invalid_date", message: t("date_invalid") } as FormError);
			return d || null;
		};
		const body: Record<string, unknown> = {
			member_id: /^\d+$/.test(v["member_id"]!) ? +v["member_id"]! : null, body: v["body"]!.trim() || null,
			decided_on: date("decided_on"), notified_on: date("notified_on"),
			doc_no: v["doc_no"]!.trim() || null, note: v["note"]!.trim() || null,
		};
		if (own.length) {
			setErrors(own);
			return;
		}
		setBusy(true);
		try {
			await request("POST", "/discipline/notices", { body });
			setErrors([]);
			props.onDone();
		} catch (e) {
			const fe = formErrors(e, {}, noticeFields);
			if (!fe)
				throw e;
			setErrors(fe);
		} finally {
			setBusy(false);
		}
	}
	return (
		<form class="card" id="dn-form" noValidate onSubmit={submit} aria-labelledby="dn-form-h">
			<h2 id="dn-form-h">{t("dn_new")}</h2>
			{errors.length > 0 && <FormErrorSummary title={t("form_errors", { n: errors.length })} errors={errors} prefix="dn"
				label={(f) => t(noticeKeys[f] ?? "error_title")} />}
			<div class="form-grid">
				<MemberPicker prefix="dn" name="member_id" label={t("dc_f_member_id")} value={v["member_id"]!} onInput={set("member_id")}
					required error={err("member_id")} org={props.org} />
				<TextField name="dn-body" label={t("dn_f_body")} value={v["body"]!} onInput={set("body")} required wide
					hint={t("dn_f_body_hint")} error={err("body")} maxLength={255} />
				<TextField name="dn-decided_on" label={t("dn_f_decided_on")} value={v["decided_on"]!} onInput={set("decided_on")}
					required hint={t("date_format_hint")} inputMode="numeric" error={err("decided_on")} />
				<TextField name="dn-notified_on" label={t("dn_f_notified_on")} value={v["notified_on"]!} onInput={set("notified_on")}
					required hint={t("date_format_hint")} inputMode="numeric" error={err("notified_on")} />
				<TextField name="dn-doc_no" label={t("in_f_doc_no")} value={v["doc_no"]!} onInput={set("doc_no")} error={err("doc_no")} maxLength={80} />
				<AreaField prefix="dn" name="note" label={t("dc_f_note")} value={v["note"]!} onInput={set("note")} error={err("note")} rows={2} />
			</div>
			<div class="form-actions">
				<button type="submit" id="dn-submit" disabled={busy}>{t("dn_submit")}</button>
				<button type="button" class="secondary outline" onClick={props.onCancel}>{t("cancel")}</button>
			</div>
		</form>
	);
}
