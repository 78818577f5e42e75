// Góp ý cho đồng chí trong chi bộ (/evaluation/comments?period=; an
// ordinary member, phone first): the self-assessments of the member's
// cell-mates in an open period, each with a comment box (POST
// /evaluations/{id}/comments: input for the reviewers, never scored).
// A cell-mate's evaluation is read redacted (docs/security.md
// "Evaluation and classification"): the page shows only what commenting
// needs -- the name, the period, the status and the self-assessment's
// note -- never a score, a level or a reason.  A member reads no comment
// (not even its own), so what it sent is acknowledged, not listed.
// Each comment box is folded under the name (a phone, one hand).
import { useState } from "preact/hooks";
import { request, type User } from "../api";
import { evaluationsOf, periodsOf, type Evaluation, type Period } from "../evaluation";
import { t, tv } from "../i18n";
import { formErrors } from "../inspection";
import { loc, setSearch } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorView, Loading, Notice, PageHeading, useLoad } from "../ui/ui";
import { EvalNav, PeriodSelect, pickPeriod, ptext } from "./eval-common";

/** The member's cell: the organisation of its member grant. */
function cellOf(u: User): number | null {
	return u.grants.find((g) => g.role === "member")?.org_id ?? u.grants[0]?.org_id ?? null;
}

export function CellComments() {
	const u = useUser();
	const l = useSignal(loc);
	const cell = cellOf(u);
	const data = useLoad(async (signal) => (cell === null ? null :
		(await periodsOf(null, signal)).filter((p) => p.status === "open")), [cell]);
	const heading = <PageHeading>{t("ev_mates_title")}</PageHeading>;
	if (data.loading && !data.value)
		return <>{heading}<Loading /></>;
	if (data.error)
		return <>{heading}<EvalNav user={u} /><ErrorView error={data.error} retry={data.reload} /></>;
	const periods = data.value ?? [];
	const period = pickPeriod(periods, l.search.get("period"));
	return (
		<>
			{heading}
			<EvalNav user={u} />
			<p class="muted" id="em-intro">{t("ev_mates_intro")}</p>
			{periods.length > 1 && (
				<div class="toolbar">
					<PeriodSelect periods={periods} value={period?.id ?? null} onInput={(id) => setSearch({ period: String(id) })} />
				</div>
			)}
			{!period || cell === null ? <Notice>{t("ev_no_period")}</Notice> :
				<MatesOf key={period.id} user={u} cell={cell} period={period} />}
		</>
	);
}

function MatesOf(props: { user: User; cell: number; period: Period }) {
	const { user: u, cell, period } = props;
	const list = useLoad((signal) => evaluationsOf({ period: period.id, org: cell }, signal), [period.id, cell]);
	if (list.loading && !list.value)
		return <Loading />;
	if (list.error || !list.value)
		return <ErrorView error={list.error} retry={list.reload} />;
	// Members' self-assessments only (not the cell's own), not one's own.
	const mates = list.value.filter((e) => e.member_id != null && e.member_id !== u.member_id)
		.sort((a, b) => (a.subject_name ?? "").localeCompare(b.subject_name ?? "", "vi"));
	return (
		<section aria-labelledby="em-h">
			<h2 id="em-h">{t("ev_mates_of", { period: ptext(period) })}</h2>
			{mates.length === 0 ? <p id="em-none">{t("ev_mates_none")}</p> : (
				<ul class="ev-members" id="em-list">
					{mates.map((e) => <MateCard key={e.id} e={e} />)}
				</ul>
			)}
		</section>
	);
}

function MateCard(props: { e: Evaluation }) {
	const e = props.e;
	const id = `em${e.id}`;
	const [text, setText] = useState("");
	const [err, setErr] = useState<string | null>(null);
	const [sent, setSent] = useState(0);
	const [busy, setBusy] = useState(false);
	const status = (e as { status?: string }).status;
	async function send(ev: Event) {
		ev.preventDefault();
		if (!text.trim()) {
			setErr(t("ev_mates_empty"));
			return;
		}
		setBusy(true);
		try {
			await request("POST", `/evaluations/${e.id}/comments`, { body: { text: text.trim() } });
			setText("");
			setErr(null);
			setSent((n) => n + 1);
		} catch (x) {
			const fe = formErrors(x, {}, ["text"]);
			if (!fe)
				throw x;
			setErr(fe.map((f) => f.message).join(" "));
		} finally {
			setBusy(false);
		}
	}
	return (
		<li class="card ev-member" data-evaluation={e.id} data-member={e.member_id ?? ""}>
			<h3 class="ev-member-name">{e.subject_name ?? `#${e.member_id}`}</h3>
			{status && <p class="small muted" data-status={status}>{tv("evs_", status)}</p>}
			{e.note ? <blockquote class="ev-note">{e.note}</blockquote> : <p class="small muted">{t("ev_mates_no_note")}</p>}
			{/* Collapsed: a phone scrolls the cell's names with the thumb and
			  * opens the one to comment on. */}
			<details class="ev-comments ev-mate-write">
			<summary>{t("ev_mates_write")}</summary>
			<form onSubmit={send} noValidate class="ev-comment-form">
				<div class="field field-wide">
					<label for={`f-${id}-text`}>{t("ev_mates_comment", { name: e.subject_name ?? "" })}</label>
					<textarea id={`f-${id}-text`} name={`${id}-text`} rows={3} value={text} maxLength={2000}
						aria-invalid={err ? "true" : undefined} aria-describedby={`f-${id}-hint${err ? ` f-${id}-error` : ""}`}
						onInput={(ev) => { setText((ev.currentTarget as HTMLTextAreaElement).value); setErr(null); }} />
					<small id={`f-${id}-hint`}>{t("ev_mates_hint")}</small>
					{err && <small id={`f-${id}-error`} class="field-error" role="alert">{err}</small>}
				</div>
				<button type="submit" class="tap" disabled={busy} aria-busy={busy ? "true" : undefined}>{t("ev_comment_send")}</button>
				{sent > 0 && <p class="small ok-text" role="status" id={`${id}-sent`}>{t("ev_mates_sent", { n: sent })}</p>}
			</form>
			</details>
		</li>
	);
}
