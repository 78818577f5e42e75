// Tự đánh giá (/evaluation/self; a member, phone first): the open
// period's self-assessment on the score sheet in force (each group with
// its maximum points, from the API), the tasks (total, on time,
// exceeded), sick leave months, evidence notes and the member's own
// classification; after saving, the level chibo computes and every
// reason that lowered it (from the API, with rule and citation); the
// member's past years.  A secretary enters a member's paper form with the
// same form (EvalForm, from the cell's page).
import { useState } from "preact/hooks";
import { request, type User } from "../api";
import {
	evaluationsOf, groupName, levels, periodsOf, points, sheetOf, type Evaluation, type Period, type Sheet,
} from "../evaluation";
import { formatDate } from "../format";
import { t, tv } from "../i18n";
import { formErrors, type FormError } from "../inspection";
import { loc, setSearch } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorView, Loading, Notice, PageHeading, SelectField, TextField, useLoad } from "../ui/ui";
import { errText, FormErrorSummary } from "./insp-common";
import { EvalNav, intOf, LevelBadge, numOf, PeriodSelect, pickPeriod, ptext, Reasons } from "./eval-common";

export function SelfAssessment() {
	const u = useUser();
	const l = useSignal(loc);
	const me = u.member_id ?? null;
	const data = useLoad(async (signal) => {
		if (me === null)
			return null;
		const [periods, mine] = await Promise.all([
			periodsOf(null, signal),
			evaluationsOf({ member: me }, signal),
		]);
		return { periods, mine };
	}, [me]);
	const heading = <PageHeading>{t("ev_self_title")}</PageHeading>;
	if (me === null)
		return <>{heading}<EvalNav user={u} /><Notice>{t("ev_self_no_member")}</Notice></>;
	if (data.loading && !data.value)
		return <>{heading}<Loading /></>;
	if (data.error || !data.value)
		return <>{heading}<ErrorView error={data.error} retry={data.reload} /></>;
	const { periods, mine } = data.value;
	const period = pickPeriod(periods, l.search.get("period"));
	const current = period ? mine.find((e) => e.period_id === period.id) ?? null : null;
	const past = mine.filter((e) => e.period_id !== period?.id);
	return (
		<>
			{heading}
			<EvalNav user={u} />
			{periods.length > 1 && (
				<div class="toolbar">
					<PeriodSelect periods={periods} value={period?.id ?? null} onInput={(id) => setSearch({ period: String(id) })} />
				</div>
			)}
			{!period ? <Notice>{t("ev_no_period")}</Notice> : (
				<EvalForm key={period.id} user={u} period={period} memberId={me} existing={current}
					onSaved={data.reload} prefix="es" />
			)}
			<section aria-labelledby="es-hist-h" id="es-history">
				<h2 id="es-hist-h">{t("ev_history")}</h2>
				{past.length === 0 ? <p>{t("ev_history_none")}</p> : (
					<table class="striped ev-history">
						<thead><tr>
							<th scope="col">{t("ev_period")}</th><th scope="col" class="num">{t("ev_score")}</th>
							<th scope="col">{t("ev_level_final")}</th>
						</tr></thead>
						<tbody>
							{past.map((e) => {
								const p = periods.find((x) => x.id === e.period_id) ?? e.period ?? null;
								return (
									<tr key={e.id} data-evaluation={e.id}>
										<th scope="row">{p ? ptext(p) : e.year ?? `#${e.period_id}`}</th>
										<td class="num">{points(e.score)}</td>
										<td><LevelBadge level={e.decided_level ?? e.proposed_level ?? e.computed_level} />
											{!e.decided_level && <small class="muted"> {t(e.proposed_level ? "ev_not_decided_proposed" : "ev_not_decided")}</small>}</td>
									</tr>
								);
							})}
						</tbody>
					</table>
				)}
			</section>
		</>
	);
}

const taskFields = ["tasks_total", "tasks_on_time", "tasks_exceeded", "sick_leave_months"] as const;

/** The self-assessment form of one subject (a member, or an organisation
 * with orgId) in a period: create (POST /evaluations) or change it (PATCH
 * /evaluations/{id} with the version read); the computed level and its
 * reasons as the API answers. */
export function EvalForm(props: {
	user: User; period: Period; memberId?: number | null; orgId?: number | null; existing: Evaluation | null;
	onSaved?: (e: Evaluation) => void; prefix: string; title?: string;
}) {
	const { period, existing, prefix } = props;
	const sheet = useLoad((signal) => sheetOf(period, signal), [period.id]);
	const [pts, setPts] = useState<Record<string, string>>(() => Object.fromEntries(
		(existing?.criteria ?? []).map((c) => [c.code, points(c.points)])));
	const [score, setScore] = useState(existing?.score != null && !(existing.criteria ?? []).length ? points(existing.score) : "");
	const [f, setF] = useState<Record<string, string>>(() => ({
		tasks_total: existing?.tasks_total != null ? String(existing.tasks_total) : "",
		tasks_on_time: existing?.tasks_on_time != null ? String(existing.tasks_on_time) : "",
		tasks_exceeded: existing?.tasks_exceeded != null ? String(existing.tasks_exceeded) : "",
		sick_leave_months: existing?.sick_leave_months ? String(existing.sick_leave_months) : "",
		note: existing?.note ?? "",
		self_level: existing?.self_level ?? "",
	}));
	const [errors, setErrors] = useState<FormError[]>([]);
	const [busy, setBusy] = useState(false);
	const [result, setResult] = useState<Evaluation | null>(existing);
	const [saved, setSaved] = useState(false);
	// The self-assessment is the member's until the cell proposes a level.
	const locked = period.status === "locked" || !!existing?.decided_level || !!existing?.proposed_level;
	const groups = (sheet.value as Sheet | undefined)?.groups ?? [];
	// An evaluation recorded as a total only (a paper form, the demo's)
	// keeps its total field: the groups would read 0 / 100.
	const useGroups = groups.length > 0 && !(existing?.score != null && !(existing.criteria ?? []).length);
	const total = groups.reduce((s, g) => s + (numOf(pts[g.code] ?? "") || 0), 0);
	const set = (k: string) => (v: string) => setF({ ...f, [k]: v });
	const label = (field: string): string => {
		const g = groups.find((x) => `crit-${x.code}` === field);
		return g ? groupName(g) : tv("eaf_", field);
	};
	async function save(ev: Event) {
		ev.preventDefault();
		const own: FormError[] = [];
		const body: Record<string, unknown> = { period_id: period.id };
		if (props.orgId != null)
			body["org_id"] = props.orgId;
		else
			body["member_id"] = props.memberId;
		if (useGroups) {
			body["criteria"] = groups.map((g) => {
				const v = numOf(pts[g.code] ?? "");
				if (v === null || Number.isNaN(v) || v > g.max_points)
					own.push({ field: `crit-${g.code}`, form: `crit-${g.code}`, code: "invalid",
						message: t("ev_err_points", { max: g.max_points }) } as FormError);
				return { code: g.code, points: v ?? 0 };
			});
			body["score"] = Math.round(total * 10) / 10;
		} else {
			const v = numOf(score);
			if (v === null || Number.isNaN(v) || v > 100)
				own.push({ field: "score", form: "score", code: "invalid", message: t("ev_err_points", { max: 100 }) } as FormError);
			body["score"] = v;
		}
		for (const k of taskFields) {
			const v = intOf(f[k] ?? "");
			if (Number.isNaN(v))
				own.push({ field: k, form: k, code: "invalid", message: t("ev_err_int") } as FormError);
			else if (v !== null || k !== "sick_leave_months")
				body[k] = v ?? 0;
		}
		if (f["note"])
			body["note"] = f["note"];
		if (f["self_level"])
			body["self_level"] = f["self_level"];
		if (own.length) {
			setErrors(own);
			return;
		}
		setBusy(true);
		setSaved(false);
		try {
			const a = existing
				? await request<Evaluation>("PATCH", `/evaluations/${existing.id}`, {
					body: { ...body, period_id: undefined, member_id: undefined, org_id: undefined },
					ifMatch: existing.version !== undefined ? `"${existing.version}"` : null,
				})
				: await request<Evaluation>("POST", "/evaluations", { body });
			setErrors([]);
			setResult(a.data);
			setSaved(true);
			props.onSaved?.(a.data);
		} catch (e) {
			const map: Record<string, string> = { score: useGroups ? "" : "score" };
			groups.forEach((g, i) => {
				map[`criteria[${i}].points`] = `crit-${g.code}`;
				map[`criteria[${i}].code`] = `crit-${g.code}`;
			});
			const fe = formErrors(e, map, [...taskFields, "note", "self_level", "score"]);
			if (!fe)
				throw e;
			setErrors(fe);
		} finally {
			setBusy(false);
		}
	}
	if (sheet.loading && !sheet.value)
		return <Loading />;
	return (
		<section class="card ev-form" aria-labelledby={`${prefix}-h`} id={`${prefix}-form`}>
			<h2 id={`${prefix}-h`}>{props.title ?? t("ev_self_of", { period: ptext(period) })}</h2>
			{period.from && period.to && <p class="muted small">{t("ev_period_dates", { from: formatDate(period.from), to: formatDate(period.to) })}</p>}
			{locked && <Notice>{t(period.status === "locked" ? "ev_locked" : existing?.decided_level ? "ev_decided_readonly" : "ev_proposed_readonly")}</Notice>}
			{/* Read only: the outcome first, then what was handed in. */}
			{locked && result && <Verdict e={result} id={`${prefix}-verdict`} />}
			{errors.length > 0 && <FormErrorSummary title={t("form_errors", { n: errors.length })} errors={errors} prefix={prefix} label={label} />}
			<form onSubmit={save} noValidate>
				<fieldset disabled={locked || busy}>
					<legend>{t("ev_sheet")}</legend>
					{!useGroups ? (
						<TextField name={`${prefix}-score`} label={t("ev_score_100")} value={score} onInput={setScore} inputMode="decimal"
							error={errText(errors, "score")} />
					) : (
						<div class="ev-groups">
							{groups.map((g) => (
								<TextField key={g.code} name={`${prefix}-crit-${g.code}`} label={groupName(g)}
									hint={t("ev_max_points", { max: g.max_points })} inputMode="decimal"
									value={pts[g.code] ?? ""} onInput={(v) => setPts({ ...pts, [g.code]: v })}
									error={errText(errors, `crit-${g.code}`)} />
							))}
							<p class="ev-total" id={`${prefix}-total`} aria-live="polite">
								{t("ev_total")}: <strong>{points(total)}</strong> / 100
							</p>
						</div>
					)}
				</fieldset>
				<fieldset disabled={locked || busy}>
					<legend>{t("ev_tasks")}</legend>
					<div class="form-grid ev-tasks">
						{taskFields.map((k) => (
							<TextField key={k} name={`${prefix}-${k}`} label={tv("eaf_", k)} inputMode="numeric"
								hint={k === "sick_leave_months" ? t("ev_sick_hint") : undefined}
								value={f[k] ?? ""} onInput={set(k)} error={errText(errors, k)} />
						))}
					</div>
					<div class="field field-wide">
						<label for={`f-${prefix}-note`}>{tv("eaf_", "note")}</label>
						<textarea id={`f-${prefix}-note`} rows={3} value={f["note"]} aria-describedby={`f-${prefix}-note-hint`}
							aria-invalid={errText(errors, "note") ? "true" : undefined}
							onInput={(e) => set("note")((e.currentTarget as HTMLTextAreaElement).value)} />
						<small id={`f-${prefix}-note-hint`}>{t("ev_note_hint")}</small>
						{errText(errors, "note") && <small class="field-error">{errText(errors, "note")}</small>}
					</div>
					<SelectField name={`${prefix}-self_level`} label={tv("eaf_", "self_level")} value={f["self_level"] ?? ""}
						onInput={set("self_level")} error={errText(errors, "self_level")}
						options={[{ value: "", label: t("ev_choose") }, ...levels.map((x) => ({ value: x, label: tv("lv_", x) }))]} />
				</fieldset>
				{!locked && <button type="submit" class="tap" aria-busy={busy ? "true" : undefined} id={`${prefix}-save`}>{t("ev_save")}</button>}
			</form>
			{saved && <Notice kind="ok">{t("ev_saved")}</Notice>}
			{!locked && result && <Verdict e={result} id={`${prefix}-verdict`} />}
		</section>
	);
}

/** The level chibo computes and why, with the cell's proposal and the
 * committee's decision when there are. */
export function Verdict(props: { e: Evaluation; id: string }) {
	const e = props.e;
	return (
		<div class="ev-verdict" id={props.id} aria-live="polite" data-level={e.computed_level}>
			<p><span class="muted">{t("ev_computed")}:</span> <LevelBadge level={e.computed_level} id={props.id + "-level"} />
				{e.score != null && <span class="muted"> · {t("ev_score")}: {points(e.score)}</span>}</p>
			<Reasons reasons={e.reasons ?? []} id={props.id + "-reasons"} />
			{e.proposed_level && <p><span class="muted">{t("ev_proposed")}:</span> <LevelBadge level={e.proposed_level} /></p>}
			{e.decided_level && <p><span class="muted">{t("ev_decided")}:</span> <LevelBadge level={e.decided_level} />
				{e.decided_reason && <><br /><small>{t("ev_decided_reason")}: {e.decided_reason}</small></>}</p>}
		</div>
	);
}
