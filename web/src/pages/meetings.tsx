// A cell's meetings (issue 13): upcoming first, then the past 12 months,
// by month; kind, time, place or online, status, and the attendance of
// the meetings held (GET /meetings, GET /meetings/{id}/attendance).  A
// secretary or the office schedules one here (POST /meetings): every
// error of the API on its field, the form's own (an unreadable date or
// time) with them.
import { useState } from "preact/hooks";
import { ApiError, get, request, type FieldError, type Org } from "../api";
import { orgsCached } from "../data";
import { parseDate } from "../format";
import { t, tv } from "../i18n";
import {
	homeOrg, loadMeetings, localDate, localMonth, localTime, meetingKinds, parseTime, presentOf, vnToday,
	type Meeting, type Roll,
} from "../meetings";
import { can } from "../roles";
import { mayOpen } from "../routes";
import { loc, setSearch } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorView, Loading, Notice, PageHeading, SelectField, TextField, useLoad } from "../ui/ui";

/** A meeting's time: dd/mm/yyyy HH:mm–HH:mm in Vietnam. */
export function whenText(m: Meeting): string {
	return `${localDate(m.starts_at)} ${localTime(m.starts_at)}–${localTime(m.ends_at)}`;
}

export function placeText(m: Meeting): string {
	return m.online ? t("mt_online") : (m.place ?? t("none"));
}

/** Meetings grouped by month (yyyy-mm), in the order given. */
function byMonth(ms: Meeting[]): [string, Meeting[]][] {
	const out: [string, Meeting[]][] = [];
	for (const m of ms) {
		const k = localMonth(m.starts_at);
		if (out.length === 0 || out[out.length - 1]![0] !== k)
			out.push([k, []]);
		out[out.length - 1]![1].push(m);
	}
	return out;
}

export function monthLabel(k: string): string {
	const [y, m] = k.split("-");
	return t("mt_month", { m: String(+m!), y: y! });
}

/** The attendance figures of held meetings, one request each (a cell
 * holds one or two a month). */
async function loadFigures(ms: Meeting[], signal: AbortSignal): Promise<Map<number, string>> {
	const out = new Map<number, string>();
	await Promise.all(ms.filter((m) => m.status === "held").map(async (m) => {
		try {
			const r = await get<Roll>(`/meetings/${m.id}/attendance`, signal);
			const f = presentOf(r.counts);
			out.set(m.id, `${f.present}/${f.expected}`);
		} catch {
			/* no figure */
		}
	}));
	return out;
}

export function MeetingList(props: { meetings: Meeting[]; figures?: Map<number, string>; orgNames?: Map<number, string>;
	id: string; caption: string; extra?: (m: Meeting) => string | null }) {
	return (
		<ul class="meeting-list" id={props.id} aria-label={props.caption}>
			{props.meetings.map((m) => (
				<li key={m.id} class={"meeting-item status-" + m.status} data-meeting={m.id}>
					<a href={`/meetings/${m.id}`} class="meeting-link">
						<span class="meeting-when"><time dateTime={m.starts_at}>{whenText(m)}</time></span>
						<span class="meeting-kind">{tv("mtk_", m.kind)}{m.topic ? ` — ${m.topic}` : ""}</span>
						{props.orgNames && <span class="meeting-org">{props.orgNames.get(m.org_id) ?? `#${m.org_id}`}</span>}
						<span class="meeting-meta">
							<span>{placeText(m)}</span>
							<span class={"badge badge-" + m.status}>{tv("mts_", m.status)}</span>
							{props.figures?.get(m.id) &&
								<span class="meeting-figure">{t("mt_attendance")}: {props.figures.get(m.id)}</span>}
							{props.extra?.(m) && <span class="meeting-extra">{props.extra(m)}</span>}
						</span>
					</a>
				</li>
			))}
		</ul>
	);
}

export function MonthGroups(props: { meetings: Meeting[]; figures?: Map<number, string>; orgNames?: Map<number, string>;
	prefix: string; extra?: (m: Meeting) => string | null }) {
	return (
		<>
			{byMonth(props.meetings).map(([k, ms]) => (
				<section key={k} class="meeting-month" aria-labelledby={`${props.prefix}-${k}`}>
					<h3 id={`${props.prefix}-${k}`}>{monthLabel(k)}</h3>
					<MeetingList meetings={ms} figures={props.figures} orgNames={props.orgNames}
						id={`${props.prefix}-list-${k}`} caption={monthLabel(k)} extra={props.extra} />
				</section>
			))}
		</>
	);
}

/** Upcoming (planned, not yet ended) and past, as the pages show them. */
export function splitMeetings(ms: Meeting[]): { upcoming: Meeting[]; past: Meeting[] } {
	const now = Date.now();
	const upcoming = ms.filter((m) => m.status === "planned" && Date.parse(m.ends_at) >= now)
		.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
	const past = ms.filter((m) => !upcoming.includes(m)).sort((a, b) => b.starts_at.localeCompare(a.starts_at));
	return { upcoming, past };
}

export function Meetings() {
	const u = useUser();
	const l = useSignal(loc);
	const [formOpen, setFormOpen] = useState(false);
	const [saved, setSaved] = useState<string | null>(null);
	const org = l.search.get("org") && /^\d+$/.test(l.search.get("org")!) ? +l.search.get("org")! : homeOrg(u.grants);
	const data = useLoad(async (signal) => {
		if (org === null)
			return null;
		const orgs = can(u, "org.read") ? await orgsCached().catch(() => [] as Org[]) : [] as Org[];
		// A committee's subtree holds hundreds of meetings a month: its
		// last month only (a cell's page, or the compliance view, for
		// more); a cell's whole year.
		const kind = orgs.find((o) => o.id === org)?.kind;
		const committee = !!kind && !u.choices.member_org_kinds.includes(kind);
		const ms = await loadMeetings(org, vnToday(committee ? -31 : -366), signal, committee ? 300 : 5000);
		// The attendance figures of one cell's meetings only (a committee's
		// subtree holds hundreds; its figures are the compliance view's).
		const one = new Set(ms.map((m) => m.org_id)).size <= 1;
		const figures = one ? await loadFigures(ms, signal) : new Map<number, string>();
		return { ms, orgs, figures, committee };
	}, [org]);
	const heading = <PageHeading>{t("mt_title")}</PageHeading>;
	if (data.loading && !data.value)
		return <>{heading}<Loading /></>;
	if (data.error)
		return <>{heading}<ErrorView error={data.error} retry={data.reload} /></>;
	if (!data.value)
		return <>{heading}<p>{t("my_no_member")}</p></>;
	const { ms, orgs, figures, committee } = data.value;
	const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
	const several = new Set(ms.map((m) => m.org_id)).size > 1;
	const { upcoming, past } = splitMeetings(ms);
	const roots = u.grants.filter((g, i, a) => a.findIndex((x) => x.org_id === g.org_id) === i);
	const mayWrite = can(u, "meeting.write");
	const orgKind = orgs.find((o) => o.id === org)?.kind;
	const holdsMembers = orgKind ? u.choices.member_org_kinds.includes(orgKind) : u.grants.some((g) => g.role === "secretary");
	return (
		<>
			{heading}
			{roots.length > 1 && (
				<SelectField name="mt-org" label={t("mt_org")} value={String(org)}
					onInput={(v) => setSearch({ org: v })}
					options={roots.map((r) => ({ value: String(r.org_id), label: r.org_name ?? String(r.org_id) }))} />
			)}
			{saved && <Notice kind="ok">{saved}</Notice>}
			{mayWrite && holdsMembers && org !== null && (formOpen
				? <ScheduleForm orgId={org} onCancel={() => setFormOpen(false)} onDone={(m) => {
					setFormOpen(false);
					setSaved(t("mt_saved", { date: localDate(m.starts_at) }));
					data.reload();
				}} />
				: <p><button type="button" id="mt-schedule-open" onClick={() => { setSaved(null); setFormOpen(true); }}>
					{t("mt_schedule")}</button></p>)}
			<section aria-labelledby="mt-upcoming-h">
				<h2 id="mt-upcoming-h">{t("mt_upcoming")}</h2>
				{upcoming.length === 0 ? <p>{t("mt_none_upcoming")}</p> :
					<MonthGroups meetings={upcoming} prefix="up" orgNames={several ? orgNames : undefined} />}
			</section>
			<section aria-labelledby="mt-past-h">
				<h2 id="mt-past-h">{t("mt_past")}</h2>
				{committee && <p class="muted" id="mt-committee-note">{t("mt_committee_note")}{" "}
					{mayOpen(u, "/meetings/compliance") && <a href={`/meetings/compliance?org=${org}`}>{t("cp_title")}</a>}</p>}
				{past.length === 0 ? <p>{t("mt_none_past")}</p> :
					<MonthGroups meetings={past} prefix="past" figures={figures} orgNames={several ? orgNames : undefined} />}
			</section>
		</>
	);
}

const formFields = ["kind", "date", "start", "end", "place", "online", "online_reason", "topic", "guests", "agenda"] as const;
type F = (typeof formFields)[number];
const labels: Record<F, Parameters<typeof t>[0]> = {
	kind: "mt_f_kind", date: "mt_f_date", start: "mt_f_start", end: "mt_f_end", place: "mt_f_place",
	online: "mt_f_online", online_reason: "mt_f_online_reason", topic: "mt_f_topic", guests: "mt_f_guests",
	agenda: "mt_f_agenda",
};
/** The API's field of an error -> the form's field. */
const apiField: Record<string, F> = {
	kind: "kind", starts_at: "start", ends_at: "end", place: "place", online: "online",
	online_reason: "online_reason", topic: "topic", guests: "guests", agenda: "agenda",
};

export function ScheduleForm(props: { orgId: number; onDone: (m: Meeting) => void; onCancel: () => void }) {
	const [v, setV] = useState<Record<F, string>>({
		kind: "regular", date: "", start: "", end: "", place: "", online: "", online_reason: "", topic: "", guests: "", agenda: "",
	});
	const [errors, setErrors] = useState<(FieldError & { form: F | "" })[]>([]);
	const [busy, setBusy] = useState(false);
	const set = (k: F) => (x: string) => setV({ ...v, [k]: x });
	const errOf = (k: F) => {
		const e = errors.filter((x) => x.form === k);
		return e.length ? e.map((x) => x.message + (x.citation ? ` (${x.citation})` : "")).join(" ") : null;
	};
	async function submit(ev: Event) {
		ev.preventDefault();
		const own: (FieldError & { form: F })[] = [];
		const date = parseDate(v.date);
		if (date === null)
			own.push({ field: "date", form: "date", code: "invalid_date", message: t("date_invalid") } as FieldError & { form: F });
		const at = (k: "start" | "end") => {
			if (v[k].trim() === "")
				return null;
			const hm = parseTime(v[k]);
			if (hm === null) {
				own.push({ field: k, form: k, code: "invalid_time", message: t("mt_time_invalid") } as FieldError & { form: F });
				return v[k].trim();
			}
			return date ? `${date}T${hm}:00+07:00` : null;
		};
		const online = v.online === "1";
		const body = {
			org_id: props.orgId,
			kind: v.kind || null,
			starts_at: at("start"),
			ends_at: at("end"),
			place: v.place.trim() || null,
			online,
			online_reason: online ? (v.online_reason.trim() || null) : null,
			topic: v.topic.trim() || null,
			guests: v.guests.trim() || null,
			agenda: v.agenda.trim() || null,
			status: "planned",
		};
		setBusy(true);
		try {
			const a = await request<Meeting>("POST", "/meetings", { body });
			setErrors([]);
			props.onDone(a.data);
		} catch (e) {
			if (e instanceof ApiError && e.errors.length > 0) {
				const theirs = e.errors.map((x) => {
					// A time the form could not build (no date) is the date's.
					let form: F | "" = apiField[x.field] ?? "";
					if ((x.field === "starts_at" || x.field === "ends_at") && date === null)
						form = "date";
					return { ...x, form };
				});
				const taken = new Set(theirs.map((x) => x.form));
				setErrors([...theirs.filter((x) => !(x.form === "date" && own.some((o) => o.form === "date"))),
					...own.filter((x) => !taken.has(x.form) || x.form === "date")]);
			} else if (e instanceof ApiError)
				setErrors([{ field: "", form: "", code: e.code, message: e.problem?.detail ?? e.message } as FieldError & { form: "" }]);
			else
				throw e;
		} finally {
			setBusy(false);
		}
	}
	return (
		<form class="card meeting-form" id="mt-schedule" onSubmit={submit} noValidate aria-labelledby="mt-schedule-h">
			<h2 id="mt-schedule-h">{t("mt_schedule_title")}</h2>
			<p class="muted small">{t("mt_schedule_intro")}</p>
			{errors.length > 0 && (
				<div class="notice notice-error error-summary" role="alert" tabIndex={-1} ref={(el) => el?.focus()}>
					<p><strong>{t("mt_errors", { n: errors.length })}</strong></p>
					<ul>
						{errors.map((e, i) => (
							<li key={i}>
								{e.form ? <a href={"#f-mt-" + e.form} onClick={(x) => {
									x.preventDefault();
									document.getElementById("f-mt-" + e.form)?.focus();
								}}>{t(labels[e.form])}</a> : <span>{e.field || t("error_title")}</span>}
								{": "}{e.message}
							</li>
						))}
					</ul>
				</div>
			)}
			<div class="form-grid">
				<SelectField name="mt-kind" label={t("mt_f_kind")} value={v.kind} onInput={set("kind")} required error={errOf("kind")}
					options={meetingKinds.map((k) => ({ value: k, label: tv("mtk_", k) }))} />
				<TextField name="mt-date" label={t("mt_f_date")} value={v.date} onInput={set("date")} required
					hint={t("date_format_hint")} inputMode="numeric" error={errOf("date")} />
				<TextField name="mt-start" label={t("mt_f_start")} value={v.start} onInput={set("start")} required
					hint="HH:mm" inputMode="numeric" error={errOf("start")} />
				<TextField name="mt-end" label={t("mt_f_end")} value={v.end} onInput={set("end")} required
					hint="HH:mm" inputMode="numeric" error={errOf("end")} />
				<TextField name="mt-place" label={t("mt_f_place")} value={v.place} onInput={set("place")} error={errOf("place")} maxLength={200} />
				<div class="field">
					<label class="check-label" for="f-mt-online">
						<input type="checkbox" id="f-mt-online" name="mt-online" checked={v.online === "1"}
							aria-invalid={errOf("online") ? "true" : undefined}
							aria-describedby={errOf("online") ? "f-mt-online-error" : undefined}
							onChange={(e) => set("online")((e.currentTarget as HTMLInputElement).checked ? "1" : "")} />
						{" "}{t("mt_f_online")}
					</label>
					{errOf("online") && <small id="f-mt-online-error" class="field-error">{errOf("online")}</small>}
				</div>
				{(v.online === "1" || errOf("online_reason")) &&
					<TextField name="mt-online_reason" label={t("mt_f_online_reason")} value={v.online_reason}
						onInput={set("online_reason")} required hint={t("mt_f_online_reason_hint")} error={errOf("online_reason")} wide />}
				<TextField name="mt-topic" label={t("mt_f_topic")} value={v.topic} onInput={set("topic")}
					hint={t("mt_f_topic_hint")} error={errOf("topic")} wide maxLength={500} />
				<TextField name="mt-guests" label={t("mt_f_guests")} value={v.guests} onInput={set("guests")} error={errOf("guests")} wide />
				<div class="field field-wide">
					<label for="f-mt-agenda">{t("mt_f_agenda")}</label>
					<textarea id="f-mt-agenda" name="mt-agenda" rows={3} value={v.agenda}
						aria-invalid={errOf("agenda") ? "true" : undefined}
						onInput={(e) => set("agenda")((e.currentTarget as HTMLTextAreaElement).value)} />
					{errOf("agenda") && <small class="field-error">{errOf("agenda")}</small>}
				</div>
			</div>
			<div class="form-actions">
				<button type="submit" aria-busy={busy ? "true" : undefined} disabled={busy}>{t("mt_submit")}</button>
				<button type="button" class="secondary outline" onClick={props.onCancel}>{t("cancel")}</button>
			</div>
		</form>
	);
}
