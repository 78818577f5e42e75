// A meeting's page (issue 13), first for the secretary on a phone: the
// details, then the live attendance (one tap per member moves them on:
// present → late → absent with reason → absent without reason; the
// reason asked under the name), the roll's counts at the top and the
// members exempted or transferred out shown apart; then the materials,
// the votes with the rulebook's verdict, the minutes (draft → approved →
// locked) and the tasks the meeting gave.  Who may only read sees the
// same without the controls; the API judges every write anyway.
import { useRef, useState } from "preact/hooks";
import { ApiError, get, query, request, type FieldError, type Schemas, type Sent } from "../api";
import { formatDate, formatNumber, formatTime, parseDate } from "../format";
import { t, tv } from "../i18n";
import {
	attendanceStatuses, localDate, localParts, localTime, parseTime, presentOf,
	type AttendanceStatus, type Material, type Meeting, type Minutes, type Roll, type RollEntry, type Task, type Vote,
} from "../meetings";
import { can } from "../roles";
import { useUser } from "../session";
import { ErrorView, Loading, Notice, PageHeading, SelectField, TextField, useLoad } from "../ui/ui";
import { placeText, whenText } from "./meetings";

/** The next status of a tap. */
function nextStatus(s: AttendanceStatus | null): AttendanceStatus {
	if (s === null)
		return "present";
	const i = attendanceStatuses.indexOf(s);
	return attendanceStatuses[(i + 1) % attendanceStatuses.length]!;
}

function errText(e: unknown): string {
	if (e instanceof ApiError) {
		const f = e.errors.map((x) => x.message + (x.citation ? ` (${x.citation})` : "")).join(" ");
		return f || (e.problem?.detail ?? t("error_network"));
	}
	return t("error_network");
}

export function MeetingPage(props: { id: number }) {
	const u = useUser();
	const data = useLoad(async (signal) => {
		const [m, roll] = await Promise.all([
			request<Meeting>("GET", `/meetings/${props.id}`, { signal }),
			get<Roll>(`/meetings/${props.id}/attendance`, signal),
		]);
		return { m: m.data, roll };
	}, [props.id]);
	if (data.loading && !data.value)
		return <><PageHeading>{t("mt_title")}</PageHeading><Loading /></>;
	if (data.error || !data.value)
		return <><PageHeading>{t("mt_title")}</PageHeading><ErrorView error={data.error} retry={data.reload} /></>;
	const { m, roll } = data.value;
	// Writing is the secretary's or the office's, of this meeting's
	// organisation: the session tells whether the account may write
	// meetings somewhere; a 403 on a write says the rest.
	const mayWrite = can(u, "meeting.write");
	const date = localDate(m.starts_at);
	const now = Date.now();
	const live = m.status !== "cancelled" && now >= Date.parse(m.starts_at) - 30 * 60000 && now <= Date.parse(m.ends_at);
	return (
		<>
			<nav class="breadcrumb" aria-label={t("m_back")}><ul><li><a href={`/meetings?org=${m.org_id}`}>{t("m_back")}</a></li></ul></nav>
			<PageHeading sub={`${tv("mtk_", m.kind)} · ${whenText(m)}`}>{t("m_title", { date })}</PageHeading>
			{m.status === "cancelled" && <Notice kind="error">{t("m_cancelled_note")}</Notice>}
			{/* While the meeting is on (from half an hour before), the roll
			    comes first: the secretary taps it on a phone. */}
			{!live && <Details m={m} />}
			<Attendance meeting={m} roll={roll} mayWrite={mayWrite && m.status !== "cancelled"}
				setRoll={(r) => data.setValue({ m, roll: r })} />
			{live && <Details m={m} />}
			{mayWrite && m.status !== "cancelled" &&
				<p><a class="btn" id="m-qr-open" href={`/meetings/${m.id}/qr`}>{t("m_qr_open")}</a></p>}
			<Materials meeting={m} mayWrite={mayWrite} />
			<Votes meeting={m} mayWrite={mayWrite} />
			<MinutesSection meeting={m} mayWrite={mayWrite} roll={roll} />
			<ResolutionSection meeting={m} mayWrite={mayWrite} roll={roll} />
		</>
	);
}

function Details(props: { m: Meeting }) {
	const m = props.m;
	return (
		<section aria-labelledby="m-details-h" class="card">
			<h2 id="m-details-h">{t("m_details")}</h2>
			<dl class="facts">
				<div><dt>{t("mt_kind")}</dt><dd>{tv("mtk_", m.kind)}</dd></div>
				<div><dt>{t("mt_when")}</dt><dd><time dateTime={m.starts_at}>{whenText(m)}</time></dd></div>
				<div><dt>{t("mt_where")}</dt><dd>{placeText(m)}{m.online && m.place ? ` (${m.place})` : ""}</dd></div>
				<div><dt>{t("mt_status")}</dt><dd><span class={"badge badge-" + m.status}>{tv("mts_", m.status)}</span></dd></div>
				{m.online && <div><dt>{t("m_online_reason")}</dt><dd>{m.online_reason ?? t("none")}</dd></div>}
				{m.topic && <div><dt>{t("m_topic")}</dt><dd>{m.topic}</dd></div>}
				{m.guests && <div><dt>{t("m_guests")}</dt><dd>{m.guests}</dd></div>}
			</dl>
			{m.agenda && <>
				<h3>{t("m_agenda")}</h3>
				<ol class="agenda">{m.agenda.split("\n").filter((x) => x.trim()).map((x, i) => <li key={i}>{x}</li>)}</ol>
			</>}
			<h3 id="m-docs-h">{t("m_docs")}</h3>
			<ul class="doc-links" aria-labelledby="m-docs-h">
				<li><a id="m-minutes-pdf" href={`/api/v1/meetings/${m.id}/minutes.pdf`} download={`bien-ban-${m.id}.pdf`}>{t("m_minutes_pdf")}</a></li>
				<li><a id="m-resolution-pdf" href={`/api/v1/meetings/${m.id}/resolution.pdf`} download={`nghi-quyet-${m.id}.pdf`}>{t("m_resolution_pdf")}</a></li>
				<li><a id="m-org-ics" href={`/api/v1/orgs/${m.org_id}/meetings.ics`} download={`lich-hop-${m.org_id}.ics`}>{t("m_org_ics")}</a></li>
			</ul>
		</section>
	);
}

function Attendance(props: { meeting: Meeting; roll: Roll; mayWrite: boolean; setRoll: (r: Roll) => void }) {
	const { meeting, roll } = props;
	const [busy, setBusy] = useState<Set<number>>(new Set());
	const [rowErr, setRowErr] = useState<Record<number, string>>({});
	const [pending, setPending] = useState<Record<number, string>>({});	// excused, reason being typed
	const [live, setLive] = useState("");
	const rollRef = useRef(roll);
	rollRef.current = roll;

	async function send(e: RollEntry, status: AttendanceStatus, reason: string | null,
		times: { joined_at: string | null; left_at: string | null } | null = null) {
		setBusy((b) => new Set(b).add(e.member_id));
		try {
			await request("PUT", `/meetings/${meeting.id}/attendance/${e.member_id}`, {
				body: times ? { status, reason, ...times } : { status, reason },
			});
			const fresh = await get<Roll>(`/meetings/${meeting.id}/attendance`);
			props.setRoll(fresh);
			setRowErr((r) => { const x = { ...r }; delete x[e.member_id]; return x; });
			setPending((p) => { const x = { ...p }; delete x[e.member_id]; return x; });
			setLive(t("m_att_saved", { name: e.name ?? `#${e.member_id}`, status: tv("att_", status) }));
		} catch (err) {
			setRowErr((r) => ({ ...r, [e.member_id]: errText(err) }));
		} finally {
			setBusy((b) => { const x = new Set(b); x.delete(e.member_id); return x; });
		}
	}
	function tap(e: RollEntry) {
		const shown: AttendanceStatus | null = e.member_id in pending ? "absent_excused" : e.status;
		const next = nextStatus(shown);
		if (next === "absent_excused") {
			// The reason first, asked under the name.
			setPending((p) => ({ ...p, [e.member_id]: e.reason ?? "" }));
			setRowErr((r) => { const x = { ...r }; delete x[e.member_id]; return x; });
			setTimeout(() => document.getElementById(`att-reason-${e.member_id}`)?.focus(), 0);
			return;
		}
		void send(e, next, null);
	}
	const c = roll.counts;
	const f = presentOf(c);
	const sum = (k: keyof Pick<typeof c, "present" | "late" | "absent_excused" | "absent_unexcused" | "unrecorded">) =>
		c[k].official + c[k].probationary;
	const main = roll.items.filter((e) => e.roll === "official" || e.roll === "probationary" || e.roll === "transferred_in");
	const apart = roll.items.filter((e) => e.roll === "exempted" || e.roll === "transferred_out");
	const row = (e: RollEntry) => {
		const shown = e.member_id in pending ? "absent_excused" : (e.status ?? "unrecorded");
		const name = e.name ?? `#${e.member_id}`;
		return (
			<li key={e.member_id} class={"att-row att-" + shown} data-member={e.member_id}>
				{props.mayWrite ? (
					<button type="button" class="att-tap" aria-busy={busy.has(e.member_id) ? "true" : undefined}
						aria-describedby={rowErr[e.member_id] ? `att-err-${e.member_id}` : undefined}
						onClick={() => tap(e)}>
						<span class="att-name">{name}</span>
						{e.roll !== "official" && <span class="att-roll">{tv("roll_", e.roll)}</span>}
						<span class="att-status">{tv("att_", shown)}</span>
					</button>
				) : (
					<div class="att-tap att-static">
						<span class="att-name">{name}</span>
						{e.roll !== "official" && <span class="att-roll">{tv("roll_", e.roll)}</span>}
						<span class="att-status">{tv("att_", shown)}</span>
					</div>
				)}
				{e.status === "absent_excused" && e.reason && !(e.member_id in pending) &&
					<small class="att-reason-text">{e.reason}</small>}
				{meeting.online && (e.status === "present" || e.status === "late") && !(e.member_id in pending) &&
					<OnlineTimes entry={e} meeting={meeting} mayWrite={props.mayWrite}
						save={(times) => send(e, e.status!, null, times)} />}
				{e.member_id in pending && (
					<form class="att-reason" onSubmit={(ev) => { ev.preventDefault(); void send(e, "absent_excused", pending[e.member_id]!.trim() || null); }}>
						<label for={`att-reason-${e.member_id}`}>{t("m_att_reason", { name })}</label>
						<div class="att-reason-line">
							<input id={`att-reason-${e.member_id}`} type="text" value={pending[e.member_id]} maxLength={500}
								aria-invalid={rowErr[e.member_id] ? "true" : undefined}
								aria-describedby={rowErr[e.member_id] ? `att-err-${e.member_id}` : undefined}
								onInput={(ev) => setPending((p) => ({ ...p, [e.member_id]: (ev.currentTarget as HTMLInputElement).value }))} />
							<button type="submit">{t("m_att_reason_save")}</button>
						</div>
					</form>
				)}
				{rowErr[e.member_id] && <small id={`att-err-${e.member_id}`} class="field-error" role="alert">{rowErr[e.member_id]}</small>}
			</li>
		);
	};
	return (
		<section aria-labelledby="m-att-h" class="attendance">
			<h2 id="m-att-h">{t("m_attendance")}</h2>
			<div class="att-counts" id="att-counts">
				<p class="att-main"><strong>{t("m_att_counts", { present: formatNumber(f.present), expected: formatNumber(f.expected) })}</strong></p>
				<ul class="att-chips">
					{(["present", "late", "absent_excused", "absent_unexcused", "unrecorded"] as const).map((k) => (
						<li key={k} class={"att-chip att-" + k}>{t("m_att_count_of", { label: tv("att_", k), n: formatNumber(sum(k)) })}</li>
					))}
					<li class="att-chip">{t("m_att_count_of", { label: t("roll_official"), n: formatNumber(c.official) })}</li>
					<li class="att-chip">{t("m_att_count_of", { label: t("roll_probationary"), n: formatNumber(c.probationary) })}</li>
				</ul>
			</div>
			<p class="muted small">{props.mayWrite ? t("m_att_hint") : t("m_att_readonly")}</p>
			<ul class="att-list" id="att-list">{main.map(row)}</ul>
			{apart.length > 0 && <>
				<h3 id="m-att-apart-h">{t("m_att_apart")}</h3>
				<ul class="att-list att-apart" id="att-apart" aria-labelledby="m-att-apart-h">{apart.map(row)}</ul>
			</>}
			<p class="visually-hidden" role="status" aria-live="polite">{live}</p>
		</section>
	);
}

/** An online meeting's join and leave times of a member (HH:mm on the
 * meeting's day, Vietnam's time). */
function OnlineTimes(props: { entry: RollEntry; meeting: Meeting; mayWrite: boolean;
	save: (t: { joined_at: string | null; left_at: string | null }) => Promise<void> }) {
	const e = props.entry;
	const [v, setV] = useState({ joined: e.joined_at ? localTime(e.joined_at) : "", left: e.left_at ? localTime(e.left_at) : "" });
	const [err, setErr] = useState<string | null>(null);
	if (!props.mayWrite)
		return (e.joined_at || e.left_at) ? <small class="att-reason-text">
			{t("m_att_joined")}: {e.joined_at ? localTime(e.joined_at) : t("none")} · {t("m_att_left")}: {e.left_at ? localTime(e.left_at) : t("none")}</small> : null;
	const p = localParts(props.meeting.starts_at);
	const iso = (hm: string) => (hm.trim() === "" ? null : parseTime(hm) ? `${p.y}-${p.m}-${p.d}T${parseTime(hm)}:00+07:00` : undefined);
	const id = `att-times-${e.member_id}`;
	return (
		<form class="att-reason" onSubmit={(ev) => {
			ev.preventDefault();
			const joined = iso(v.joined), left = iso(v.left);
			if (joined === undefined || left === undefined) {
				setErr(t("mt_time_invalid"));
				return;
			}
			setErr(null);
			void props.save({ joined_at: joined, left_at: left });
		}}>
			<div class="att-reason-line">
				<label for={`${id}-j`} class="att-time">{t("m_att_joined")}
					<input id={`${id}-j`} type="text" inputMode="numeric" placeholder="HH:mm" value={v.joined}
						aria-invalid={err ? "true" : undefined}
						onInput={(x) => setV({ ...v, joined: (x.currentTarget as HTMLInputElement).value })} /></label>
				<label for={`${id}-l`} class="att-time">{t("m_att_left")}
					<input id={`${id}-l`} type="text" inputMode="numeric" placeholder="HH:mm" value={v.left}
						aria-invalid={err ? "true" : undefined}
						onInput={(x) => setV({ ...v, left: (x.currentTarget as HTMLInputElement).value })} /></label>
				<button type="submit">{t("m_att_times_save")}</button>
			</div>
			{err && <small class="field-error" role="alert">{err}</small>}
		</form>
	);
}

function Materials(props: { meeting: Meeting; mayWrite: boolean }) {
	const id = props.meeting.id;
	const list = useLoad((signal) => get<{ items: Material[] }>(`/meetings/${id}/materials`, signal), [id]);
	const [err, setErr] = useState<string | null>(null);
	const [ok, setOk] = useState<string | null>(null);
	const [busy, setBusy] = useState(false);
	const fileRef = useRef<HTMLInputElement>(null);
	async function upload(ev: Event) {
		ev.preventDefault();
		const file = fileRef.current?.files?.[0];
		if (!file) {
			setErr(t("m_mat_file"));
			return;
		}
		const fd = new FormData();
		fd.append("file", file, file.name);
		setBusy(true);
		setErr(null);
		setOk(null);
		try {
			const r = await request<Material>("POST", `/meetings/${id}/materials`, { form: fd });
			setOk(t("m_mat_uploaded", { name: r.data.name ?? file.name }));
			if (fileRef.current)
				fileRef.current.value = "";
			list.reload();
		} catch (e) {
			setErr(errText(e));
		} finally {
			setBusy(false);
		}
	}
	return (
		<section aria-labelledby="m-mat-h" class="card">
			<h2 id="m-mat-h">{t("m_materials")}</h2>
			{list.error ? <ErrorView error={list.error} retry={list.reload} /> : !list.value ? <Loading /> :
				list.value.items.length === 0 ? <p>{t("m_mat_none")}</p> : (
					<ul class="materials" id="materials">
						{list.value.items.map((x) => (
							<li key={x.id}>
								<a href={`/api/v1/meetings/${id}/materials/${x.id}`} download={x.name}
									aria-label={t("m_mat_download", { name: x.name })}>{x.name}</a>
								{" "}<small class="muted">{formatNumber(Math.ceil(x.size / 1024))} KB · {t("m_mat_available", { time: formatTime(x.available_at) })}</small>
							</li>
						))}
					</ul>
				)}
			{props.mayWrite && (
				<form class="material-form" onSubmit={upload} noValidate>
					{ok && <Notice kind="ok">{ok}</Notice>}
					<div class="field">
						<label for="f-mat-file">{t("m_mat_file")}</label>
						<input id="f-mat-file" name="file" type="file" ref={fileRef}
							accept=".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg"
							aria-invalid={err ? "true" : undefined} aria-describedby={err ? "f-mat-file-error" : undefined} />
						{err && <small id="f-mat-file-error" class="field-error" role="alert">{err}</small>}
					</div>
					<button type="submit" aria-busy={busy ? "true" : undefined} disabled={busy}>{t("m_mat_upload")}</button>
				</form>
			)}
		</section>
	);
}

const voteKinds = ["resolution", "admission", "official_recognition", "expulsion_proposal", "discipline", "personnel"];

function Votes(props: { meeting: Meeting; mayWrite: boolean }) {
	const id = props.meeting.id;
	const list = useLoad((signal) => get<{ items: Vote[] }>(`/meetings/${id}/votes`, signal), [id]);
	const [v, setV] = useState({ kind: "resolution", subject: "", secret: false, for: "", against: "", abstain: "" });
	const [errors, setErrors] = useState<FieldError[]>([]);
	const [busy, setBusy] = useState(false);
	const errOf = (k: string) => errors.filter((x) => x.field === k).map((x) => x.message).join(" ") || null;
	const num = (s: string) => (/^\d+$/.test(s.trim()) ? +s.trim() : s.trim() === "" ? null : s.trim());
	async function submit(ev: Event) {
		ev.preventDefault();
		setBusy(true);
		try {
			await request("POST", `/meetings/${id}/votes`, {
				body: { kind: v.kind, subject: v.subject.trim() || null, secret: v.secret, for: num(v.for), against: num(v.against), abstain: num(v.abstain) },
			});
			setErrors([]);
			setV({ ...v, subject: "", for: "", against: "", abstain: "" });
			list.reload();
		} catch (e) {
			if (e instanceof ApiError)
				setErrors(e.errors.length ? e.errors : [{ field: "", code: e.code, message: e.problem?.detail ?? e.message } as FieldError]);
			else
				throw e;
		} finally {
			setBusy(false);
		}
	}
	const general = errors.filter((x) => !["kind", "subject", "for", "against", "abstain", "base"].includes(x.field) || x.field === "base");
	return (
		<section aria-labelledby="m-votes-h" class="card">
			<h2 id="m-votes-h">{t("m_votes")}</h2>
			{list.error ? <ErrorView error={list.error} retry={list.reload} /> : !list.value ? <Loading /> :
				list.value.items.length === 0 ? <p>{t("m_votes_none")}</p> : (
					<ul class="votes" id="votes">
						{list.value.items.map((x) => (
							<li key={x.id} class={x.passed ? "vote-passed" : "vote-failed"}>
								<strong>{tv("vk_", x.kind)}{x.subject ? `: ${x.subject}` : ""}</strong>
								{" — "}<span class={"badge " + (x.passed ? "badge-held" : "badge-cancelled")}>
									{x.passed ? t("m_vote_passed") : t("m_vote_failed")}</span>
								<br /><span>{t("m_vote_line", { for: x.for, base: x.base, threshold: x.threshold })}
									{` · ${t("m_vote_against")} ${x.against} · ${t("m_vote_abstain")} ${x.abstain}`}</span>
								<br /><small class="citation">{x.rule.id}{x.rule.citation ? ` — ${x.rule.citation}` : ""}</small>
							</li>
						))}
					</ul>
				)}
			{props.mayWrite && (
				<form onSubmit={submit} noValidate class="vote-form" aria-label={t("m_vote_submit")}>
					{general.length > 0 && <div class="notice notice-error" role="alert">
						<p><strong>{t("m_vote_errors", { n: errors.length })}</strong></p>
						<ul>{general.map((x, i) => <li key={i}>{x.message}</li>)}</ul></div>}
					<div class="form-grid">
						<SelectField name="vote-kind" label={t("m_vote_kind")} value={v.kind} onInput={(x) => setV({ ...v, kind: x })}
							error={errOf("kind")} options={voteKinds.map((k) => ({ value: k, label: tv("vk_", k) }))} />
						<TextField name="vote-subject" label={t("m_vote_subject")} value={v.subject} onInput={(x) => setV({ ...v, subject: x })}
							error={errOf("subject")} maxLength={255} />
						<TextField name="vote-for" label={t("m_vote_for")} value={v.for} inputMode="numeric" required
							onInput={(x) => setV({ ...v, for: x })} error={errOf("for")} />
						<TextField name="vote-against" label={t("m_vote_against")} value={v.against} inputMode="numeric" required
							onInput={(x) => setV({ ...v, against: x })} error={errOf("against")} />
						<TextField name="vote-abstain" label={t("m_vote_abstain")} value={v.abstain} inputMode="numeric" required
							onInput={(x) => setV({ ...v, abstain: x })} error={errOf("abstain")} />
						<div class="field">
							<label class="check-label" for="f-vote-secret">
								<input type="checkbox" id="f-vote-secret" checked={v.secret}
									onChange={(e) => setV({ ...v, secret: (e.currentTarget as HTMLInputElement).checked })} />
								{" "}{t("m_vote_secret")}
							</label>
						</div>
					</div>
					<button type="submit" aria-busy={busy ? "true" : undefined} disabled={busy}>{t("m_vote_submit")}</button>
				</form>
			)}
		</section>
	);
}

function MinutesSection(props: { meeting: Meeting; mayWrite: boolean; roll: Roll }) {
	const id = props.meeting.id;
	const data = useLoad((signal) => request<Minutes>("GET", `/meetings/${id}/minutes`, { signal }), [id]);
	const [edit, setEdit] = useState<{ course: string; opinions: string; conclusions: string } | null>(null);
	const [msg, setMsg] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
	const [busy, setBusy] = useState(false);
	if (data.error)
		return <section class="card" aria-labelledby="m-min-h"><h2 id="m-min-h">{t("m_minutes")}</h2><ErrorView error={data.error} retry={data.reload} /></section>;
	if (!data.value)
		return <Loading />;
	const mn = data.value.data;
	const etag = data.value.etag ?? `"${mn.version}"`;
	const names = new Map(props.roll.items.map((e) => [e.member_id, e.name ?? `#${e.member_id}`]));
	const courseText = (mn.course ?? []).map((c) => `${c.speaker ?? (c.speaker_id ? names.get(c.speaker_id) ?? `#${c.speaker_id}` : "")}: ${c.text}`).join("\n");
	const v = edit ?? { course: courseText, opinions: mn.opinions ?? "", conclusions: mn.conclusions ?? "" };
	async function act(fn: () => Promise<unknown>, ok: string) {
		setBusy(true);
		setMsg(null);
		try {
			await fn();
			setEdit(null);
			setMsg({ kind: "ok", text: ok });
			data.reload();
		} catch (e) {
			if (e instanceof ApiError && e.status === 412) {
				setMsg({ kind: "error", text: t("m_min_stale") });
				setEdit(null);
				data.reload();
			} else
				setMsg({ kind: "error", text: errText(e) });
		} finally {
			setBusy(false);
		}
	}
	function save(ev: Event) {
		ev.preventDefault();
		const course = v.course.split("\n").map((x) => x.trim()).filter(Boolean).map((line) => {
			const i = line.indexOf(":");
			return i > 0 ? { speaker: line.slice(0, i).trim(), text: line.slice(i + 1).trim() } : { speaker: "—", text: line };
		});
		void act(() => request("PUT", `/meetings/${id}/minutes`, {
			body: { course, opinions: v.opinions.trim() || null, conclusions: v.conclusions.trim() || null }, ifMatch: etag,
		}), t("m_min_saved"));
	}
	const editable = props.mayWrite && mn.state !== "locked";
	const area = (k: "course" | "opinions" | "conclusions", label: string, rows: number) => (
		<div class="field field-wide">
			<label for={`f-min-${k}`}>{label}</label>
			<textarea id={`f-min-${k}`} rows={rows} value={v[k]} readOnly={!editable}
				onInput={(e) => setEdit({ ...v, [k]: (e.currentTarget as HTMLTextAreaElement).value })} />
		</div>
	);
	return (
		<section aria-labelledby="m-min-h" class="card">
			<h2 id="m-min-h">{t("m_minutes")}</h2>
			<p id="min-state">{t("m_min_state", { state: tv("mst_", mn.state) })}
				{mn.chair_signed_at && ` · ${formatTime(mn.chair_signed_at)}`}</p>
			{mn.state === "locked" && <p class="muted">{t("m_min_locked_note")}</p>}
			{msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
			<form onSubmit={save} noValidate>
				{area("course", t("m_min_course"), 5)}
				{area("opinions", t("m_min_opinions"), 3)}
				{area("conclusions", t("m_min_conclusions"), 3)}
				{editable && <div class="form-actions">
					<button type="submit" disabled={busy}>{t("m_min_save")}</button>
					{mn.version > 0 && mn.state === "draft" &&
						<button type="button" class="secondary" disabled={busy}
							onClick={() => act(() => request("POST", `/meetings/${id}/minutes/approve`, { body: {} }), tv("mst_", "approved"))}>
							{t("m_min_approve")}</button>}
					{mn.state === "approved" &&
						<button type="button" class="secondary" disabled={busy}
							onClick={() => act(() => request("POST", `/meetings/${id}/minutes/lock`, { body: {} }), tv("mst_", "locked"))}>
							{t("m_min_lock")}</button>}
				</div>}
			</form>
		</section>
	);
}

/** A list of tasks; with onDone, each open one has its result field and
 * a button that marks it done (PATCH /tasks/{id}). */
export function TaskList(props: { tasks: Task[]; id?: string; busy?: boolean;
	onDone?: (task: Task, result: string) => void }) {
	const [results, setResults] = useState<Record<number, string>>({});
	if (props.tasks.length === 0)
		return <p>{t("m_tasks_none")}</p>;
	return (
		<ul class="tasks" id={props.id}>
			{props.tasks.map((x) => (
				<li key={x.id}>
					<strong>{x.what}</strong>
					<br /><small>{[x.assignee_name ?? x.assignee_text, x.due_on ? t("m_task_due", { date: formatDate(x.due_on) }) : null, tv("tks_", x.status)]
						.filter(Boolean).join(" · ")}</small>
					{x.result && <><br /><small>{t("m_task_result_is", { result: x.result })}</small></>}
					{props.onDone && x.status === "open" && (
						<form noValidate class="task-done" onSubmit={(ev) => {
							ev.preventDefault();
							props.onDone!(x, (results[x.id] ?? "").trim());
						}}>
							<label for={`task-result-${x.id}`}>{t("m_task_result", { what: x.what })}</label>
							<input id={`task-result-${x.id}`} type="text" value={results[x.id] ?? ""}
								onInput={(ev) => setResults({ ...results, [x.id]: (ev.target as HTMLInputElement).value })} />
							<button type="submit" class="secondary" disabled={props.busy}>{t("m_task_mark_done")}</button>
						</form>
					)}
				</li>
			))}
		</ul>
	);
}

/** The full-screen QR code of a meeting's check-in for the secretary:
 * the SVG from the API, asked again a minute before it expires. */
export function MeetingQr(props: { id: number }) {
	const [tick, setTick] = useState(0);
	const data = useLoad(async (signal) => {
		const [m, code] = await Promise.all([
			request<Meeting>("GET", `/meetings/${props.id}`, { signal }).then((a) => a.data),
			get<{ code: string; url: string; expires_at: string }>(`/meetings/${props.id}/checkin-code`, signal),
		]);
		// As a data: address (the pages' Content-Security-Policy allows
		// images from 'self' and data:, not blob:).
		const svg = await fetch(`/api/v1/meetings/${props.id}/checkin-code.svg`, { credentials: "same-origin", signal, cache: "no-store" })
			.then((r) => (r.ok ? r.text() : Promise.reject(new ApiError(r.status, null))));
		return { m, code, src: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg) };
	}, [props.id, tick]);
	const timer = useRef<number | null>(null);
	if (data.value && timer.current === null) {
		const wait = Math.max(5000, Date.parse(data.value.code.expires_at) - Date.now() - 60000);
		timer.current = window.setTimeout(() => { timer.current = null; setTick((x) => x + 1); }, wait);
	}
	if (data.error)
		return <><PageHeading>{t("m_qr_title")}</PageHeading><ErrorView error={data.error} retry={data.reload} /></>;
	if (!data.value)
		return <><PageHeading>{t("m_qr_title")}</PageHeading><Loading /></>;
	const { m, code, src } = data.value;
	return (
		<div class="qr-page">
			<PageHeading sub={`${tv("mtk_", m.kind)} · ${whenText(m)}`}>{t("m_qr_title")}</PageHeading>
			<img class="qr-image" id="qr-image" src={src} alt={t("m_qr_alt", { date: localDate(m.starts_at) })} data-url={code.url} />
			<p class="muted">{t("m_qr_expires", { time: localTime(code.expires_at) })}</p>
			<p><a href={`/meetings/${m.id}`}>{t("m_qr_back")}</a></p>
		</div>
	);
}

type Resolution = Sent<Schemas["Resolution"]>;
type Score = Sent<Schemas["MeetingScore"]>;

interface RuleVersion {
	effective_from: string;
	effective_to: string | null;
	values: Record<string, unknown>;
	citation?: { text?: string };
}

/** The self-score sheet in force on the meeting's date (rule
 * meeting.quality_sheet, with the organisation's overrides). */
async function loadSheet(m: Meeting, signal: AbortSignal): Promise<{ criteria: string[]; max: number[]; citation: string } | null> {
	const day = localParts(m.starts_at);
	const on = `${day.y}-${day.m}-${day.d}`;
	const r = await get<{ rules: { id: string; versions: RuleVersion[] }[] }>(`/rules${query({ on, org: m.org_id })}`, signal);
	const rule = r.rules.find((x) => x.id === "meeting.quality_sheet");
	const v = rule?.versions.find((x) => x.effective_from <= on && (!x.effective_to || x.effective_to >= on)) ?? rule?.versions[0];
	if (!v)
		return null;
	const criteria = (v.values["criteria"] as string[] | undefined) ?? [];
	const max = ((v.values["max_points"] as (string | number)[] | undefined) ?? []).map(Number);
	return { criteria, max, citation: v.citation?.text ?? "" };
}

/** The resolution (nghị quyết): section I (results and last meetings'
 * tasks), II (directions), III (the tasks given), IV (the self-score on
 * the rulebook's sheet), the vote line; approved: numbered, read only. */
function ResolutionSection(props: { meeting: Meeting; mayWrite: boolean; roll: Roll }) {
	const m = props.meeting;
	const data = useLoad(async (signal) => {
		const [res, sheet] = await Promise.all([
			request<Resolution>("GET", `/meetings/${m.id}/resolution`, { signal }).then((a) => a.data).catch((e) => {
				if (e instanceof ApiError && e.status === 404)
					return null;
				throw e;
			}),
			loadSheet(m, signal).catch(() => null),
		]);
		return { res, sheet };
	}, [m.id]);
	const [edit, setEdit] = useState<Record<string, string> | null>(null);
	const [msg, setMsg] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
	const [errors, setErrors] = useState<FieldError[]>([]);
	const [busy, setBusy] = useState(false);
	const [task, setTask] = useState({ what: "", assignee: "", due: "" });
	const [scores, setScores] = useState<Record<string, string> | null>(null);
	const errOf = (k: string) => errors.filter((x) => x.field === k).map((x) => x.message).join(" ") || null;
	async function act(fn: () => Promise<unknown>, ok: string) {
		setBusy(true);
		setMsg(null);
		try {
			await fn();
			setErrors([]);
			setEdit(null);
			setMsg({ kind: "ok", text: ok });
			data.reload();
			return true;
		} catch (e) {
			if (e instanceof ApiError && e.errors.length)
				setErrors(e.errors);
			setMsg({ kind: "error", text: errText(e) });
			return false;
		} finally {
			setBusy(false);
		}
	}
	const head = <h2 id="m-res-h">{t("m_res")}</h2>;
	if (data.error)
		return <section class="card" aria-labelledby="m-res-h">{head}<ErrorView error={data.error} retry={data.reload} /></section>;
	if (!data.value)
		return <Loading />;
	const { res, sheet } = data.value;
	if (!res)
		return (
			<section class="card" aria-labelledby="m-res-h" id="resolution">
				{head}
				<p>{t("m_res_none")}</p>
				{msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
				{props.mayWrite && m.status !== "cancelled" &&
					<button type="button" id="res-draft" disabled={busy}
						onClick={() => act(() => request("PUT", `/meetings/${m.id}/resolution`, { body: {} }), t("m_res_saved"))}>
						{t("m_res_draft")}</button>}
			</section>
		);
	const editable = props.mayWrite && res.status === "draft";
	const v = edit ?? {
		results: res.results ?? "", directions: res.directions ?? "",
		vote_for: res.vote ? String(res.vote.for) : "", vote_total: res.vote ? String(res.vote.total) : "",
	};
	const num = (s: string | undefined) => (s && /^\d+$/.test(s.trim()) ? +s.trim() : s?.trim() ? s.trim() : null);
	const sc = scores ?? Object.fromEntries((sheet?.criteria ?? []).map((c) => [c, res.score ? String(res.score.scores[c] ?? "") : ""]));
	const score: Score | null = res.score as Score | null;
	const members = props.roll.items.filter((e) => e.roll !== "transferred_out");
	const area = (k: "results" | "directions", label: string) => (
		<div class="field field-wide">
			<label for={`f-res-${k}`}>{label}</label>
			<textarea id={`f-res-${k}`} rows={4} value={v[k]} readOnly={!editable}
				aria-invalid={errOf(k) ? "true" : undefined}
				onInput={(e) => setEdit({ ...v, [k]: (e.currentTarget as HTMLTextAreaElement).value })} />
			{errOf(k) && <small class="field-error">{errOf(k)}</small>}
		</div>
	);
	return (
		<section class="card" aria-labelledby="m-res-h" id="resolution">
			{head}
			<p id="res-state">{res.status === "approved"
				? t("m_res_approved", { no: res.number_text ?? "", date: res.approved_at ? formatTime(res.approved_at) : "" })
				: t("m_res_draft_state")}</p>
			{msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
			<h3>{t("m_res_s1")}</h3>
			{res.previous_tasks.length > 0 && <>
				<p class="muted small">{t("m_res_prev")}</p>
				<TaskList tasks={res.previous_tasks} id="res-prev-tasks" busy={busy}
					onDone={props.mayWrite ? (x, result) => void act(() => request("PATCH", `/tasks/${x.id}`, {
						body: { status: "done", result: result || null }, ifMatch: `"${x.version}"`,
					}), t("m_task_done_saved")) : undefined} />
			</>}
			<form noValidate onSubmit={(ev) => {
				ev.preventDefault();
				void act(() => request("PUT", `/meetings/${m.id}/resolution`, {
					body: { results: v["results"]!.trim() || null, directions: v["directions"]!.trim() || null,
						vote_for: num(v["vote_for"]), vote_total: num(v["vote_total"]) },
					ifMatch: `"${res.version}"`,
				}), t("m_res_saved"));
			}}>
				{area("results", t("m_res_results"))}
				<h3>{t("m_res_s2")}</h3>
				{area("directions", t("m_res_directions"))}
				<div class="form-grid">
					<TextField name="res-vote_for" label={t("m_res_vote_for")} value={v["vote_for"]!} inputMode="numeric"
						disabled={!editable} onInput={(x) => setEdit({ ...v, vote_for: x })} error={errOf("vote_for")} />
					<TextField name="res-vote_total" label={t("m_res_vote_total")} value={v["vote_total"]!} inputMode="numeric"
						disabled={!editable} onInput={(x) => setEdit({ ...v, vote_total: x })} error={errOf("vote_total")} />
				</div>
				{res.vote && <p id="res-vote-line"><strong>{res.vote.line}</strong></p>}
				{editable && <div class="form-actions">
					<button type="submit" disabled={busy}>{t("m_res_save")}</button>
					<button type="button" class="secondary" id="res-approve" disabled={busy}
						onClick={() => act(() => request("POST", `/meetings/${m.id}/resolution/approve`, { ifMatch: `"${res.version}"` }),
							t("m_res_approved_now"))}>{t("m_res_approve")}</button>
				</div>}
			</form>
			<h3>{t("m_res_s3")}</h3>
			<TaskList tasks={res.tasks} id="res-tasks" />
			{editable && (
				<form noValidate class="task-form" onSubmit={async (ev) => {
					ev.preventDefault();
					const due = parseDate(task.due);
					if (due === null) {
						setErrors([{ field: "due_on", code: "invalid_date", message: t("date_invalid") } as FieldError]);
						return;
					}
					const ok = await act(() => request("POST", `/meetings/${m.id}/resolution/tasks`, {
						body: { what: task.what.trim() || null, due_on: due || null,
							assignee_id: /^\d+$/.test(task.assignee) ? +task.assignee : null,
							assignee_text: /^\d+$/.test(task.assignee) ? null : (task.assignee || null) },
					}), t("m_task_added"));
					if (ok)
						setTask({ what: "", assignee: "", due: "" });
				}}>
					<div class="form-grid">
						<TextField name="task-what" label={t("m_task_what")} value={task.what} required wide
							onInput={(x) => setTask({ ...task, what: x })} error={errOf("what")} />
						<SelectField name="task-assignee" label={t("m_task_who")} value={task.assignee}
							onInput={(x) => setTask({ ...task, assignee: x })} error={errOf("assignee_id") ?? errOf("assignee_text")}
							options={[{ value: "", label: t("m_task_choose") }, { value: t("m_task_all"), label: t("m_task_all") },
								...members.map((e) => ({ value: String(e.member_id), label: e.name ?? `#${e.member_id}` }))]} />
						<TextField name="task-due" label={t("m_task_due_label")} value={task.due} hint={t("date_format_hint")}
							inputMode="numeric" onInput={(x) => setTask({ ...task, due: x })} error={errOf("due_on")} />
					</div>
					<button type="submit" disabled={busy}>{t("m_task_add")}</button>
				</form>
			)}
			<h3>{t("m_res_s4")}</h3>
			{score && <p id="res-score"><strong>{t("m_score_total", { total: score.total, max: score.max_total, band: score.band_label })}</strong>
				<br /><small class="citation">{score.rule.id}{score.rule.citation ? ` — ${score.rule.citation}` : ""}</small></p>}
			{sheet && props.mayWrite && (
				<form noValidate class="score-form" onSubmit={(ev) => {
					ev.preventDefault();
					const body = Object.fromEntries(sheet.criteria.map((c) => [c, num(sc[c])]));
					void act(() => request("PUT", `/meetings/${m.id}/score`, { body: { scores: body } }), t("m_score_saved"))
						.then((ok) => ok && setScores(null));
				}}>
					<div class="form-grid">
						{sheet.criteria.map((c, i) => (
							<TextField key={c} name={`score-${c}`} label={t("m_score_item", { item: tv("sc_", c), max: sheet.max[i] ?? "" })}
								value={sc[c] ?? ""} inputMode="numeric" onInput={(x) => setScores({ ...sc, [c]: x })}
								error={errOf(c) ?? errOf("scores." + c)} />
						))}
					</div>
					<p class="muted small">{sheet.citation}</p>
					<button type="submit" disabled={busy}>{t("m_score_save")}</button>
				</form>
			)}
		</section>
	);
}
