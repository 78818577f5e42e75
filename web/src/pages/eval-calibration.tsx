// Hiệu chỉnh tỷ lệ xuất sắc (/evaluation/calibration?period=; the
// office): per scope of the cap on excellent (a grassroots organisation
// or a cell, as the rulebook says) how many htxs are allowed, proposed and
// decided, and who is proposed (GET /evaluation/periods/{id}/calibration);
// the committee's decision per evaluation (POST /evaluations/{id}/decide,
// a written reason when it differs from the computed level); the lock of
// the period (POST /evaluation/periods/{id}/lock): a refusal (409
// excellent_cap_exceeded) names each scope, its count and the allowed
// count; the classification report to download.
import { useState } from "preact/hooks";
import { ApiError, get, query, request, type User } from "../api";
import {
	evaluationsOf, levels, periodsOf, points, type Calibration, type CapScope, type Evaluation, type Period,
} from "../evaluation";
import { formatNumber } from "../format";
import { t, tv } from "../i18n";
import { formErrors, type FormError } from "../inspection";
import { can } from "../roles";
import { loc, setSearch } from "../router";
import { mayOpen } from "../routes";
import { orgsCached } from "../data";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorView, Loading, Notice, PageHeading, SelectField, TextField, useLoad } from "../ui/ui";
import { errText } from "./insp-common";
import { EvalNav, LevelBadge, LockButton, PeriodSelect, pickPeriod, ptext, Reasons } from "./eval-common";

export function CalibrationView() {
	const u = useUser();
	const l = useSignal(loc);
	const data = useLoad((signal) => periodsOf(null, signal), []);
	const heading = <PageHeading>{t("ev_cal_title")}</PageHeading>;
	if (data.loading && !data.value)
		return <>{heading}<Loading /></>;
	if (data.error || !data.value)
		return <>{heading}<ErrorView error={data.error} retry={data.reload} /></>;
	const period = pickPeriod(data.value, l.search.get("period"));
	return (
		<>
			{heading}
			<EvalNav user={u} />
			{data.value.length > 0 && (
				<div class="toolbar">
					<PeriodSelect periods={data.value} value={period?.id ?? null} onInput={(id) => setSearch({ period: String(id) })} />
				</div>
			)}
			{!period ? <Notice>{t("ev_no_period")}</Notice> : <PeriodCalibration key={period.id} user={u} period={period} onLocked={data.reload} />}
		</>
	);
}

interface CapError {
	code: string;
	message?: string;
	scope_org_id?: number;
	scope_name?: string | null;
	excellent?: number;
	allowed?: number;
}

function PeriodCalibration(props: { user: User; period: Period; onLocked: () => void }) {
	const { user: u, period } = props;
	const cal = useLoad((signal) => get<Calibration>(`/evaluation/periods/${period.id}/calibration`, signal), [period.id]);
	const [lockErr, setLockErr] = useState<{ detail: string; errors: CapError[] } | null>(null);
	const [locking, setLocking] = useState(false);
	const [lockedNow, setLockedNow] = useState(false);
	async function lock() {
		setLocking(true);
		setLockErr(null);
		try {
			await request("POST", `/evaluation/periods/${period.id}/lock`, {});
			setLockedNow(true);
			props.onLocked();
		} catch (e) {
			if (!(e instanceof ApiError))
				throw e;
			setLockErr({ detail: e.problem?.detail ?? e.message, errors: (e.errors as unknown as CapError[]) });
		} finally {
			setLocking(false);
		}
	}
	const scopes = cal.value?.scopes ?? [];
	const nameOf = (id: number | undefined) => scopes.find((s) => s.scope_org_id === id)?.scope_name ??
		scopes.find((s) => s.scope_org_id === id)?.org_name ?? (id != null ? `#${id}` : "");
	const year = period.year;
	return (
		<>
			<p class="muted">{ptext(period)}{period.org_name ? ` — ${period.org_name}` : ""} · <span class={"badge badge-ep-" + period.status}>{tv("eps_", period.status)}</span></p>
			{(cal.value?.rule_id || cal.value?.citation) && <p class="small citation">{t("ev_cap_rule")}: {[cal.value?.rule_id, cal.value?.citation].filter(Boolean).join(" — ")}</p>}
			{cal.loading && !cal.value ? <Loading /> : cal.error ? <ErrorView error={cal.error} retry={cal.reload} /> : (
				<section aria-labelledby="cal-h">
					<h2 id="cal-h">{t("ev_cal_scopes")}</h2>
					{scopes.length === 0 ? <p>{t("ev_cal_none")}</p> : (
						<div class="table-wrap">
							<p class="muted small" id="cal-caption">{t("ev_cal_caption")}</p>
							<table class="striped ev-cal responsive" id="cal-table" aria-describedby="cal-caption">
								<thead><tr>
									<th scope="col">{t("ev_cal_scope")}</th>
									<th scope="col" class="num">{t("ev_cal_allowed")}</th>
									<th scope="col" class="num">{t("ev_cal_proposed")}</th>
									<th scope="col" class="num">{t("ev_cal_decided")}</th>
									<th scope="col">{t("ev_cal_state")}</th>
								</tr></thead>
								<tbody>
									{scopes.map((s) => {
										const dec = s.decided_htxs ?? 0;
										const prop = s.proposed_htxs ?? 0;
										// Over the cap as proposals stand, or as decided (what the lock judges).
										const over = !!(s.exceeded || s.decided_exceeded);
										return (
											<tr key={s.scope_org_id} data-scope={s.scope_org_id} class={over ? "cal-over" : ""}>
												<th scope="row">{s.scope_name ?? s.org_name ?? `#${s.scope_org_id}`}</th>
												<td class="num" data-label={t("ev_cal_allowed")}>{formatNumber(s.allowed)}</td>
												<td class="num" data-label={t("ev_cal_proposed")}>{formatNumber(prop)}</td>
												<td class="num" data-label={t("ev_cal_decided")}>{formatNumber(dec)}</td>
												<td data-label={t("ev_cal_state")}>{over ? <strong class="overdue-text">✗ {t("ev_cal_over")}</strong> : <span class="cov-reached">✓ {t("ev_cal_ok")}</span>}</td>
											</tr>
										);
									})}
								</tbody>
							</table>
						</div>
					)}
					{scopes.map((s) => <ScopeDecisions key={s.scope_org_id} user={u} period={period} scope={s} onChange={cal.reload} />)}
				</section>
			)}
			{can(u, "evaluation.manage") && period.status === "open" && !lockedNow && (
				<section aria-labelledby="lock-h" id="cal-lock">
					<h2 id="lock-h">{t("ev_lock_title")}</h2>
					<p class="muted small">{t("ev_lock_hint")}</p>
					<LockButton id="cal-lock-btn" busy={locking} onLock={lock} what={`${ptext(period)}${period.org_name ? " — " + period.org_name : ""}`} />
				</section>
			)}
			{lockedNow && <Notice kind="ok">{t("ev_locked_ok")}</Notice>}
			{lockErr && (
				<div class="notice notice-error" role="alert" id="cal-lock-errors">
					<p><strong>{t("ev_lock_refused")}</strong> {lockErr.detail}</p>
					<ul>
						{lockErr.errors.map((e, i) => (
							<li key={i} data-code={e.code} data-scope={e.scope_org_id ?? ""}>
								{e.code === "excellent_cap_exceeded"
									? t("ev_cap_exceeded", { scope: e.scope_name ?? nameOf(e.scope_org_id), n: e.excellent ?? "?", allowed: e.allowed ?? "?" })
									: e.message}
							</li>
						))}
					</ul>
				</div>
			)}
			<ReportLinks org={period.org_id} year={year} />
		</>
	);
}

/** Who is proposed in a scope and the committee's decisions there. */
function ScopeDecisions(props: { user: User; period: Period; scope: CapScope; onChange: () => void }) {
	const s = props.scope;
	const [open, setOpen] = useState(false);
	const list = useLoad(async (signal) => {
		if (!open)
			return null;
		const [all, orgs] = await Promise.all([
			evaluationsOf({ period: props.period.id, org: s.scope_org_id }, signal),
			orgsCached().catch(() => []),
		]);
		// The cells of the scope (those whose members are evaluated), each
		// linked to its review.
		const ids = [...new Set(all.filter((e) => e.member_id != null && (e as { subject_org_id?: number }).subject_org_id != null)
			.map((e) => (e as { subject_org_id?: number }).subject_org_id!))];
		const cells = ids.map((id) => ({ id, name: orgs.find((o) => o.id === id)?.name ?? `#${id}` }))
			.sort((a, b) => a.name.localeCompare(b.name, "vi"));
		return { all, cells };
	}, [open, s.scope_org_id, props.period.id]);
	const cellReview = mayOpen(props.user, "/evaluation/cell");
	// Over the cap, the excellent ones first: who is proposed or decided
	// htxs (or computed so), the rest one tick away.
	const [onlyHtxs, setOnlyHtxs] = useState(!!(s.exceeded || s.decided_exceeded));
	const isHtxs = (e: Evaluation) => e.proposed_level === "htxs" || e.decided_level === "htxs" || e.computed_level === "htxs";
	const evals = (list.value?.all ?? []).filter((e) => (e.proposed_level || e.decided_level || e.computed_level === "htxs") &&
		(!onlyHtxs || isHtxs(e)));
	const proposedNames = (s.proposed ?? evals.filter((e) => e.proposed_level === "htxs"));
	return (
		<details class="card ev-scope" data-scope={s.scope_org_id} open={open || undefined}
			onToggle={(ev) => setOpen((ev.currentTarget as HTMLDetailsElement).open)}>
			<summary>{t("ev_cal_scope_open", { name: s.scope_name ?? s.org_name ?? `#${s.scope_org_id}` })}</summary>
			{list.loading && !list.value ? <Loading /> : list.error ? <ErrorView error={list.error} retry={list.reload} /> : <>
				{cellReview && (list.value?.cells.length ?? 0) > 0 && (
					<p class="small ev-cal-cells"><span class="muted">{t("ev_cal_cells")}:</span>{" "}
						{list.value!.cells.map((c, i) => <span key={c.id}>{i > 0 && " · "}<a href={`/evaluation/cell${query({ org: c.id, period: props.period.id })}`}
							data-cell={c.id}>{c.name}</a></span>)}</p>
				)}
				{proposedNames.length > 0 && <p class="small">{t("ev_cal_who")}: {proposedNames.map((e) => e.subject_name ?? `#${e.member_id ?? e.org_id}`).join(", ")}</p>}
				<label class="ev-cal-only">
					<input type="checkbox" name={`cal-only-${s.scope_org_id}`} checked={onlyHtxs}
						onChange={(ev) => setOnlyHtxs((ev.currentTarget as HTMLInputElement).checked)} />
					{" "}{t("ev_cal_only_htxs")}
				</label>
				{evals.length === 0 ? <p class="muted">{t("ev_cal_nothing")}</p> : (
					<ul class="ev-decisions">
						{evals.map((e) => <DecideRow key={e.id} e={e} user={props.user} open={props.period.status === "open"} onDone={() => { list.reload(); props.onChange(); }} />)}
					</ul>
				)}
			</>}
		</details>
	);
}

function DecideRow(props: { e: Evaluation; user: User; open: boolean; onDone: () => void }) {
	const e = props.e;
	const p = `dc${e.id}`;
	const [level, setLevel] = useState<string>(e.decided_level ?? e.proposed_level ?? e.computed_level);
	const [reason, setReason] = useState(e.decided_reason ?? "");
	const [errors, setErrors] = useState<FormError[]>([]);
	const [busy, setBusy] = useState(false);
	const differs = level !== "" && level !== e.computed_level;
	async function submit(ev: Event) {
		ev.preventDefault();
		if (differs && !reason.trim()) {
			setErrors([{ field: "reason", form: "reason", code: "reason_required", message: t("ev_err_reason") } as FormError]);
			return;
		}
		setBusy(true);
		try {
			await request("POST", `/evaluations/${e.id}/decide`, { body: { level, reason: reason.trim() || undefined } });
			setErrors([]);
			props.onDone();
		} catch (x) {
			const fe = formErrors(x, {}, ["level", "reason"]);
			if (!fe)
				throw x;
			setErrors(fe);
		} finally {
			setBusy(false);
		}
	}
	return (
		<li class="ev-decide" data-evaluation={e.id} data-member={e.member_id ?? ""}>
			<p><strong>{e.subject_name ?? `#${e.member_id ?? e.org_id}`}</strong>
				{e.cell_name && <span class="muted"> · {e.cell_name}</span>}
				{" · "}{t("ev_score")} {points(e.score)}</p>
			<p class="small">
				<span class="muted">{t("ev_computed")}:</span> <LevelBadge level={e.computed_level} />{" "}
				<span class="muted">{t("ev_proposed")}:</span> <LevelBadge level={e.proposed_level} />{" "}
				<span class="muted">{t("ev_decided")}:</span> <LevelBadge level={e.decided_level} />
			</p>
			{e.reasons?.length > 0 && <Reasons reasons={e.reasons} />}
			{props.open && can(props.user, "evaluation.decide") && (
				<form onSubmit={submit} noValidate class="ev-decide-form">
					{errors.filter((x) => !x.form).map((x, i) => <p key={i} class="field-error" role="alert">{x.message}</p>)}
					<SelectField name={`${p}-level`} label={t("ev_level_decided")} value={level} onInput={setLevel}
						error={errText(errors, "level")}
						options={levels.map((x) => ({ value: x, label: tv("lv_", x) }))} />
					<TextField name={`${p}-reason`} label={t("ev_decide_reason")} value={reason} onInput={setReason}
						required={differs} hint={differs ? t("ev_decide_reason_hint") : undefined}
						error={errText(errors, "reason")} />
					<button type="submit" class="tap" disabled={busy} aria-busy={busy ? "true" : undefined}>{t("ev_decide")}</button>
				</form>
			)}
		</li>
	);
}

/** The yearly classification report (GET /reports/classification). */
export function ReportLinks(props: { org: number; year: number }) {
	return (
		<section aria-labelledby="rep-h" id="ev-report">
			<h2 id="rep-h">{t("ev_report", { year: props.year })}</h2>
			<p class="actions">
				{(["xlsx", "pdf", "csv"] as const).map((f) => (
					<a key={f} class="btn tap secondary outline" id={`ev-report-${f}`} download
						href={`/api/v1/reports/classification${query({ org: props.org, year: props.year, format: f })}`}>{t(`ev_report_${f}`)}</a>
				))}
			</p>
		</section>
	);
}
