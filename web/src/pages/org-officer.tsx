// Recording a term of an organisation's committee from its page (office,
// admin: the session allows org.write): a member of the organisation, the
// position, the days it starts and ends, the decision; sent to POST
// /orgs/{id}/officers, where the checks run (core/org-rules.c); every
// error on its field.
import { useState } from "preact/hooks";
import { ApiError, get, request, type FieldError, type Member, type Page } from "../api";
import { parseDate } from "../format";
import { t, tv, type Key } from "../i18n";
import { Loading, SelectField, TextField, useLoad } from "../ui/ui";

const positions = ["secretary", "deputy_secretary", "committee_member"];
const fieldsOf = ["member_id", "position", "started_on", "ended_on", "doc_no"] as const;
type F = (typeof fieldsOf)[number];
const labels: Record<F, Key> = {
	member_id: "offf_member", position: "offf_position", started_on: "offf_from", ended_on: "offf_to", doc_no: "evf_doc_no",
};

export function OfficerForm(props: { orgId: number; onDone: () => void; onCancel: () => void }) {
	const ms = useLoad((signal) => get<Page<Member>>(`/members?org=${props.orgId}&limit=1000`, signal), [props.orgId]);
	const [v, setV] = useState<Record<F, string>>({ member_id: "", position: "", started_on: "", ended_on: "", doc_no: "" });
	const [errors, setErrors] = useState<FieldError[]>([]);
	const [busy, setBusy] = useState(false);
	const set = (k: F) => (x: string) => setV({ ...v, [k]: x });
	const errOf = (k: F) => {
		const e = errors.filter((x) => x.field === k);
		return e.length ? e.map((x) => x.message).join(" ") : null;
	};
	async function submit(ev: Event) {
		ev.preventDefault();
		// Sent as typed (an unreadable date too): the server reports
		// every problem at once; the form's own are added to its.
		const own: FieldError[] = [];
		const date = (k: "started_on" | "ended_on") => {
			const iso = parseDate(v[k]);
			if (iso === null)
				own.push({ field: k, code: "invalid_date", message: t("date_invalid") } as FieldError);
			return iso === null ? v[k].trim() : iso || null;
		};
		const body: Record<string, unknown> = {
			member_id: v.member_id ? Number(v.member_id) : null,
			position: v.position || null,
			started_on: date("started_on"),
			ended_on: date("ended_on"),
			doc_no: v.doc_no.trim() || null,
		};
		setBusy(true);
		try {
			await request("POST", `/orgs/${props.orgId}/officers`, { body });
			setErrors([]);
			props.onDone();
		} catch (e) {
			if (e instanceof ApiError && e.errors.length > 0) {
				const theirs = new Set(e.errors.map((x) => x.field));
				setErrors([...e.errors, ...own.filter((x) => !theirs.has(x.field))]);
			} else if (e instanceof ApiError)
				setErrors([{ field: "", code: e.code, message: e.problem?.detail ?? e.message } as FieldError]);
			else
				throw e;
		} finally {
			setBusy(false);
		}
	}
	if (!ms.value)
		return <Loading />;
	const known = new Set<string>(fieldsOf);
	return (
		<form class="card event-form" onSubmit={submit} noValidate aria-labelledby="offf-h">
			<h3 id="offf-h">{t("offf_title")}</h3>
			{errors.length > 0 && (
				<div class="notice notice-error error-summary" role="alert" tabIndex={-1} ref={(el) => el?.focus()}>
					<p><strong>{t("evf_errors", { n: errors.length })}</strong></p>
					<ul>
						{errors.map((e, i) => (
							<li key={i}>
								{known.has(e.field) ? <a href={"#f-off-" + e.field} onClick={(x) => {
									x.preventDefault();
									document.getElementById("f-off-" + e.field)?.focus();
								}}>{t(labels[e.field as F])}</a> : <span>{e.field}</span>}
								{": "}{e.message}
							</li>
						))}
					</ul>
				</div>
			)}
			<div class="form-grid">
				<SelectField name="off-member_id" label={t("offf_member")} value={v.member_id} onInput={set("member_id")} required
					error={errOf("member_id")}
					options={[{ value: "", label: t("offf_choose_member") },
						...ms.value.items.map((m) => ({ value: String(m.id), label: m.full_name }))]} />
				<SelectField name="off-position" label={t("offf_position")} value={v.position} onInput={set("position")} required
					error={errOf("position")}
					options={[{ value: "", label: t("offf_choose_position") }, ...positions.map((p) => ({ value: p, label: tv("pos_", p) }))]} />
				<TextField name="off-started_on" label={t("offf_from")} value={v.started_on} onInput={set("started_on")} required
					hint={t("date_format_hint")} inputMode="numeric" error={errOf("started_on")} />
				<TextField name="off-ended_on" label={t("offf_to")} value={v.ended_on} onInput={set("ended_on")}
					hint={t("date_format_hint")} inputMode="numeric" error={errOf("ended_on")} />
				<TextField name="off-doc_no" label={t("evf_doc_no")} value={v.doc_no} onInput={set("doc_no")}
					hint={t("evf_doc_no_hint")} maxLength={80} error={errOf("doc_no")} />
			</div>
			<div class="form-actions">
				<button type="submit" aria-busy={busy ? "true" : undefined} disabled={busy}>{t("offf_submit")}</button>
				<button type="button" class="secondary outline" onClick={props.onCancel}>{t("evf_cancel")}</button>
			</div>
		</form>
	);
}
