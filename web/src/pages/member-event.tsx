// Recording an event of a member (made official, transferred in or out,
// exempted, died, removed, expelled, left...) from the member page: its
// date and decision number, sent to POST /members/{id}/events, where the
// rules judge it (core/member-event.c).  Shown only to accounts whose
// session allows member.write; every error of the server lands on its
// field, all at once.
import { useState } from "preact/hooks";
import { ApiError, request, type FieldError, type Member, type Org } from "../api";
import { formatDate, parseDate } from "../format";
import { t, tv, type Key } from "../i18n";
import { Notice, SelectField, TextField } from "../ui/ui";

/** The events the record's state and status accept (the server judges
 * anyway; this only keeps the choice short). */
export function eventKinds(m: Member): string[] {
	if (m.state !== "active")
		return ["transferred_in", "admitted"];
	return [
		...(m.status === "probationary" ? ["made_official"] : []),
		"transferred_out", "moved",
		m.exempt_since ? "exemption_ended" : "exempted",
		"died", "removed", "expelled", "left",
	];
}

const needsOrg = new Set(["moved", "transferred_in", "admitted"]);
const formFields = ["kind", "on", "doc_no", "org_id", "note"] as const;
type FormField = (typeof formFields)[number];
const labels: Record<FormField, Key> = {
	kind: "evf_kind", on: "evf_on", doc_no: "evf_doc_no", org_id: "evf_org", note: "evf_note",
};

export function EventForm(props: { m: Member; etag: string | null; orgs: Org[];
	onDone: (m: Member, etag: string | null, message: string) => void; onStale: () => void; onCancel: () => void }) {
	const kinds = eventKinds(props.m);
	const [v, setV] = useState<Record<FormField, string>>({ kind: "", on: "", doc_no: "", org_id: "", note: "" });
	const [errors, setErrors] = useState<FieldError[]>([]);
	const [busy, setBusy] = useState(false);
	const set = (k: FormField) => (x: string) => setV({ ...v, [k]: x });
	const errOf = (k: FormField) => {
		const e = errors.filter((x) => x.field === k);
		return e.length ? e.map((x) => x.message + (x.citation ? ` (${x.citation})` : "")).join(" ") : null;
	};
	async function submit(ev: Event) {
		ev.preventDefault();
		// The form's own checks never hide the server's: what was typed
		// is sent as it is (an unreadable date too, which the server
		// refuses with the rest), and both are shown together.
		const own: FieldError[] = [];
		const on = parseDate(v.on);
		if (v.on.trim() !== "" && on === null)
			own.push({ field: "on", code: "invalid_date", message: t("date_invalid") } as FieldError);
		const body: Record<string, unknown> = {
			kind: v.kind,
			on: on ?? v.on.trim(),
			doc_no: v.doc_no.trim() || null,
		};
		if (needsOrg.has(v.kind) && v.org_id)
			body["org_id"] = Number(v.org_id);
		if (v.note.trim())
			body["note"] = v.note.trim();
		setBusy(true);
		try {
			const a = await request<Member>("POST", `/members/${props.m.id}/events`, { body, ifMatch: props.etag });
			setErrors([]);
			props.onDone(a.data, a.etag, t("evf_saved", { kind: tv("ev_", v.kind), on: formatDate(on ?? "") }));
		} catch (e) {
			if (e instanceof ApiError && e.status === 412) {
				props.onStale();
			} else if (e instanceof ApiError && e.errors.length > 0) {
				const theirs = new Set(e.errors.map((x) => x.field));
				setErrors([...e.errors, ...own.filter((x) => !theirs.has(x.field))]);
			} else if (e instanceof ApiError) {
				setErrors([{ field: "", code: e.code, message: e.problem?.detail ?? e.message } as FieldError]);
			} else
				throw e;
		} finally {
			setBusy(false);
		}
	}
	if (kinds.length === 0)
		return <p>{t("evf_none")}</p>;
	const known = new Set<string>(formFields);
	return (
		<form class="card event-form" onSubmit={submit} noValidate aria-labelledby="evf-h">
			<h2 id="evf-h">{t("evf_title")}</h2>
			<p class="muted">{t("evf_intro")}</p>
			{errors.length > 0 && (
				<div class="notice notice-error error-summary" role="alert" tabIndex={-1} ref={(el) => el?.focus()}>
					<p><strong>{t("evf_errors", { n: errors.length })}</strong></p>
					<ul>
						{errors.map((e, i) => (
							<li key={i}>
								{known.has(e.field)
									? <a href={"#f-ev-" + e.field} onClick={(x) => {
										x.preventDefault();
										document.getElementById("f-ev-" + e.field)?.focus();
									}}>{t(labels[e.field as FormField])}</a>
									: <span>{e.field || t("evf_kind")}</span>}
								{": "}{e.message}{e.citation && <small class="citation"> ({e.citation})</small>}
							</li>
						))}
					</ul>
				</div>
			)}
			<div class="form-grid">
				<SelectField name="ev-kind" label={t("evf_kind")} value={v.kind} onInput={set("kind")} required
					error={errOf("kind")}
					options={[{ value: "", label: t("evf_choose") }, ...kinds.map((k) => ({ value: k, label: tv("ev_", k) }))]} />
				<TextField name="ev-on" label={t("evf_on")} value={v.on} onInput={set("on")} required
					hint={t("date_format_hint")} inputMode="numeric" error={errOf("on")} />
				<TextField name="ev-doc_no" label={t("evf_doc_no")} value={v.doc_no} onInput={set("doc_no")}
					hint={t("evf_doc_no_hint")} maxLength={80} error={errOf("doc_no")} />
				{needsOrg.has(v.kind) && (
					<SelectField name="ev-org_id" label={t("evf_org")} value={v.org_id} onInput={set("org_id")}
						required={v.kind !== "admitted"} error={errOf("org_id")}
						options={[{ value: "", label: t("evf_choose_org") },
							...props.orgs.filter((o) => !o.valid_to && o.id !== props.m.org_id)
								.map((o) => ({ value: String(o.id), label: "\u00a0\u00a0".repeat(o.depth) + o.name }))]} />
				)}
				<TextField name="ev-note" label={t("evf_note")} value={v.note} onInput={set("note")} maxLength={2000}
					error={errOf("note")} wide />
			</div>
			<div class="form-actions">
				<button type="submit" aria-busy={busy ? "true" : undefined} disabled={busy}>{t("evf_submit")}</button>
				<button type="button" class="secondary outline" onClick={props.onCancel}>{t("evf_cancel")}</button>
			</div>
		</form>
	);
}

export function EventSaved(props: { text: string }) {
	return <Notice kind="ok">{props.text}</Notice>;
}
