// Chi bộ đánh giá (/evaluation/cell?org=&period=; a cell's secretary,
// phone-friendly): the cell's members for the period, each with the self
// score, the level chibo computes and its reasons, the comments of other
// members; the cell's proposal per member with the vote (for / against /
// abstaining of the base: POST /evaluations/{id}/propose); a paper form
// entered on a member's behalf (the self-assessment form); the cell's own
// evaluation (an organisation).
import { useState } from "preact/hooks";
import { get, query, request, type Member, type User } from "../api";
import {
	evaluationsOf, levels, periodsOf, voteOf, type Comment, type Evaluation, type Period,
} from "../evaluation";
import { formatTime } from "../format";
import { t, tv } from "../i18n";
import { allPages, formErrors, type FormError } from "../inspection";
import { can } from "../roles";
import { loc, setSearch } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorView, Loading, Notice, PageHeading, SelectField, TextField, useLoad } from "../ui/ui";
import { errText, FormErrorSummary } from "./insp-common";
import { EvalNav, intOf, PeriodSelect, pickPeriod } from "./eval-common";
import { EvalForm, Verdict } from "./eval-self";

/** The cell of the account: ?org=, else its secretary grant's. */
function cellOf(u: User, asked: string | null): number | null {
	if (asked && /^\d+$/.test(asked))
		return +asked;
	return u.grants.find((g) => g.role === "secretary")?.org_id ?? u.grants[0]?.org_id ?? null;
}

export function CellEvaluation() {
	const u = useUser();
	const l = useSignal(loc);
	const cell = cellOf(u, l.search.get("org"));
	const data = useLoad(async (signal) => {
		if (cell === null)
			return null;
		const periods = await periodsOf(cell, signal);
		return { periods };
	}, [cell]);
	const heading = <PageHeading>{t("ev_cell_title")}</PageHeading>;
	if (data.loading && !data.value)
		return <>{heading}<Loading /></>;
	if (data.error || !data.value)
		return <>{heading}<EvalNav user={u} />{data.error ? <ErrorView error={data.error} retry={data.reload} /> : <Notice>{t("cov_no_org")}</Notice>}</>;
	const period = pickPeriod(data.value.periods, l.search.get("period"));
	return (
		<>
			{heading}
			<EvalNav user={u} />
			{data.value.periods.length > 1 && (
				<div class="toolbar">
					<PeriodSelect periods={data.value.periods} value={period?.id ?? null}
						onInput={(id) => setSearch({ org: l.search.get("org"), period: String(id) })} />
				</div>
			)}
			{!period ? <Notice>{t("ev_no_period")}</Notice> : <CellPeriod key={period.id} user={u} cell={cell!} period={period} />}
		</>
	);
}

function CellPeriod(props: { user: User; cell: number; period: Period }) {
	const { user: u, cell, period } = props;
	const data = useLoad(async (signal) => {
		const [evals, members] = await Promise.all([
			evaluationsOf({ period: period.id, org: cell }, signal),
			allPages<Member>("/members", { org: cell, state: "active" }, signal, 500).catch(() => [] as Member[]),
		]);
		return { evals, members };
	}, [period.id, cell]);
	const [paper, setPaper] = useState<number | null>(null);
	if (data.loading && !data.value)
		return <Loading />;
	if (data.error || !data.value)
		return <ErrorView error={data.error} retry={data.reload} />;
	const { evals, members } = data.value;
	const byMember = new Map<number, Evaluation>();
	let own: Evaluation | null = null;
	for (const e of evals) {
		if (e.member_id != null)
			byMember.set(e.member_id, e);
		else if (e.org_id === cell)
			own = e;
	}
	// Every member of the cell, and those evaluated who are not listed.
	const rows: { id: number; name: string; e: Evaluation | null }[] = members.map((m) => ({
		id: m.id, name: m.full_name, e: byMember.get(m.id) ?? null,
	}));
	for (const e of evals)
		if (e.member_id != null && !members.some((m) => m.id === e.member_id))
			rows.push({ id: e.member_id, name: e.subject_name ?? `#${e.member_id}`, e });
	const done = rows.filter((r) => r.e).length;
	const proposed = rows.filter((r) => r.e?.proposed_level).length;
	const open = period.status === "open";
	return (
		<>
			<p class="muted" id="ec-summary">{t("ev_cell_summary", { n: rows.length, done, proposed })}</p>
			<section aria-labelledby="ec-members-h">
				<h2 id="ec-members-h">{t("ev_cell_members")}</h2>
				<ul class="ev-members" id="ec-members">
					{rows.map((r) => (
						<li key={r.id} class="card ev-member" data-member={r.id} data-evaluation={r.e?.id ?? ""}>
							<h3 class="ev-member-name">{r.name}</h3>
							{r.e ? <>
								<Verdict e={r.e} id={`ec-v-${r.id}`} />
								{voteOf(r.e) && r.e.proposed_level && <p class="small muted ev-vote-line">{t("ev_vote_line", {
									for: voteOf(r.e)!.for ?? 0, against: voteOf(r.e)!.against ?? 0, abstain: voteOf(r.e)!.abstain ?? 0, base: voteOf(r.e)!.base ?? "—",
								})}</p>}
								<Comments e={r.e} user={u} />
								{open && !r.e.decided_level && can(u, "evaluation.propose") &&
									<ProposeForm e={r.e} onDone={data.reload} />}
							</> : <p class="muted">{t("ev_no_self")}</p>}
							{/* A paper form until the cell proposes (then the API refuses it). */}
							{open && can(u, "evaluation.self") && !r.e?.decided_level && !r.e?.proposed_level && (
								paper === r.id
									? <EvalForm user={u} period={period} memberId={r.id} existing={r.e} prefix={`ep${r.id}`}
										title={t("ev_paper_of", { name: r.name })} onSaved={() => { setPaper(null); data.reload(); }} />
									: <button type="button" class="secondary outline tap" data-paper={r.id}
										onClick={() => setPaper(r.id)}>{t(r.e ? "ev_paper_edit" : "ev_paper")}</button>
							)}
						</li>
					))}
				</ul>
			</section>
			<section aria-labelledby="ec-own-h" id="ec-own">
				<h2 id="ec-own-h">{t("ev_cell_own")}</h2>
				{open && can(u, "evaluation.self")
					? <EvalForm user={u} period={period} orgId={cell} existing={own} prefix="eo" title={t("ev_cell_own_form")}
						onSaved={data.reload} />
					: own ? <Verdict e={own} id="eo-verdict" /> : <p>{t("ev_no_self")}</p>}
			</section>
		</>
	);
}

/** The cell's proposal for one member: the level and the vote of the
 * official members (the base), POST /evaluations/{id}/propose. */
function ProposeForm(props: { e: Evaluation; onDone: () => void }) {
	const e = props.e;
	const p = `pr${e.id}`;
	const [level, setLevel] = useState<string>(e.proposed_level ?? (e.computed_level !== "not_classified" ? e.computed_level : ""));
	const v0 = voteOf(e);
	const [vote, setVote] = useState({ for: String(v0?.for ?? ""), against: String(v0?.against ?? ""),
		abstain: String(v0?.abstain ?? ""), base: String(v0?.base ?? "") });
	const [reason, setReason] = useState(e.proposed_reason ?? "");
	const [errors, setErrors] = useState<FormError[]>([]);
	const [busy, setBusy] = useState(false);
	const fields = ["level", "vote.for", "vote.against", "vote.abstain", "vote.base", "reason"];
	async function submit(ev: Event) {
		ev.preventDefault();
		const v: Record<string, number | null> = {};
		const own: FormError[] = [];
		for (const k of ["for", "against", "abstain", "base"] as const) {
			const n = intOf(vote[k]);
			if (Number.isNaN(n))
				own.push({ field: `vote.${k}`, form: `vote.${k}`, code: "invalid", message: t("ev_err_int") } as FormError);
			v[k] = n;
		}
		if (!level)
			own.push({ field: "level", form: "level", code: "required", message: t("ev_err_level") } as FormError);
		if (own.length) {
			setErrors(own);
			return;
		}
		setBusy(true);
		try {
			await request("POST", `/evaluations/${e.id}/propose`, { body: { level, reason: reason || undefined, vote: v } });
			setErrors([]);
			props.onDone();
		} catch (x) {
			const fe = formErrors(x, { "vote_for": "vote.for", "vote_against": "vote.against", "vote_abstain": "vote.abstain", "vote_base": "vote.base" }, fields);
			if (!fe)
				throw x;
			setErrors(fe);
		} finally {
			setBusy(false);
		}
	}
	return (
		<details class="ev-propose" open={!e.proposed_level}>
			<summary>{t(e.proposed_level ? "ev_propose_again" : "ev_propose")}</summary>
			{errors.length > 0 && <FormErrorSummary title={t("form_errors", { n: errors.length })} errors={errors} prefix={p}
				label={(f) => tv("eaf_", f.replace(".", "_"))} />}
			<form onSubmit={submit} noValidate>
				<SelectField name={`${p}-level`} label={t("ev_level_proposed")} value={level} onInput={setLevel}
					error={errText(errors, "level")}
					options={[{ value: "", label: t("ev_choose") }, ...levels.map((x) => ({ value: x, label: tv("lv_", x) }))]} />
				<fieldset class="ev-vote">
					<legend>{t("ev_vote")}</legend>
					<div class="form-grid ev-vote-grid">
						{(["for", "against", "abstain", "base"] as const).map((k) => (
							<TextField key={k} name={`${p}-vote.${k}`} label={tv("eaf_", "vote_" + k)} inputMode="numeric"
								value={vote[k]} onInput={(x) => setVote({ ...vote, [k]: x })} error={errText(errors, `vote.${k}`)} />
						))}
					</div>
				</fieldset>
				<TextField name={`${p}-reason`} label={t("ev_propose_reason")} value={reason} onInput={setReason}
					error={errText(errors, "reason")} wide />
				<button type="submit" class="tap" aria-busy={busy ? "true" : undefined} disabled={busy}>{t("ev_propose_send")}</button>
			</form>
		</details>
	);
}

/** The comments of other members on a self-assessment (input for the
 * reviewers, never scored). */
function Comments(props: { e: Evaluation; user: User }) {
	const [open, setOpen] = useState(false);
	const [text, setText] = useState("");
	const [err, setErr] = useState<string | null>(null);
	const [busy, setBusy] = useState(false);
	const cid = `cm${props.e.id}`;
	const list = useLoad(async (signal) => open ? get<{ items: Comment[] }>(`/evaluations/${props.e.id}/comments${query({})}`, signal) : null,
		[open, props.e.id]);
	const n = props.e.comments_count;
	async function add(ev: Event) {
		ev.preventDefault();
		if (!text.trim())
			return;
		setBusy(true);
		try {
			await request("POST", `/evaluations/${props.e.id}/comments`, { body: { text: text.trim() } });
			setText("");
			setErr(null);
			list.reload();
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
		<details class="ev-comments" onToggle={(ev) => setOpen((ev.currentTarget as HTMLDetailsElement).open)}>
			<summary>{n != null ? t("ev_comments_n", { n }) : t("ev_comments")}</summary>
			{list.loading ? <Loading /> : list.error ? <ErrorView error={list.error} retry={list.reload} /> :
				(list.value?.items ?? []).length === 0 ? <p class="muted small">{t("ev_comments_none")}</p> : (
					<ul class="ev-comment-list">
						{list.value!.items.map((c) => (
							<li key={c.id}><strong>{c.author_name ?? c.author ?? ""}</strong>{c.created_at ? ` · ${formatTime(c.created_at)}` : ""}<br />{c.text}</li>
						))}
					</ul>
				)}
			{open && can(props.user, "evaluation.comment") && (
				<form onSubmit={add} noValidate class="ev-comment-form">
					<TextField name={`${cid}-text`} label={t("ev_comment_add")} value={text} onInput={setText} error={err} wide />
					<button type="submit" class="secondary tap" disabled={busy || !text.trim()}>{t("ev_comment_send")}</button>
				</form>
			)}
		</details>
	);
}
