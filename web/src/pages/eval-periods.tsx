// Kỳ đánh giá (/evaluation/periods; the office): the evaluation periods of
// the scope (GET /evaluation/periods), a new one for a subtree (POST:
// organisation, year / quarter / ad hoc, year, quarter, dates dd/mm/yyyy;
// the API's errors on their fields), and the lock of an open one (a
// refusal names each scope over the cap on excellent, with the link to
// the calibration view).
import { useState } from "preact/hooks";
import { ApiError, request, type User } from "../api";
import { orgsCached } from "../data";
import { periodKinds, periodsOf, type Period } from "../evaluation";
import { formatDate, parseDate } from "../format";
import { t, tv } from "../i18n";
import { formErrors, type FormError } from "../inspection";
import { can, scopeRoots } from "../roles";
import { useUser } from "../session";
import { ErrorView, Loading, Notice, PageHeading, SelectField, TextField, useLoad } from "../ui/ui";
import { errText, FormErrorSummary } from "./insp-common";
import { EvalNav, LockButton, ptext } from "./eval-common";

export function PeriodsPage() {
	const u = useUser();
	const data = useLoad((signal) => periodsOf(null, signal), []);
	return (
		<>
			<PageHeading>{t("ev_periods_title")}</PageHeading>
			<EvalNav user={u} />
			{can(u, "evaluation.manage") && <NewPeriod user={u} onDone={data.reload} />}
			<section aria-labelledby="ep-list-h">
				<h2 id="ep-list-h">{t("ev_periods_list")}</h2>
				{data.loading && !data.value ? <Loading /> : data.error ? <ErrorView error={data.error} retry={data.reload} /> :
					data.value!.length === 0 ? <p>{t("ev_no_period")}</p> : (
						<ul class="ev-periods" id="ep-list">
							{data.value!.map((p) => <PeriodItem key={p.id} p={p} user={u} onDone={data.reload} />)}
						</ul>
					)}
			</section>
		</>
	);
}

function PeriodItem(props: { p: Period; user: User; onDone: () => void }) {
	const p = props.p;
	const [err, setErr] = useState<ApiError | null>(null);
	const [busy, setBusy] = useState(false);
	async function lock() {
		setBusy(true);
		setErr(null);
		try {
			await request("POST", `/evaluation/periods/${p.id}/lock`, {});
			props.onDone();
		} catch (e) {
			if (!(e instanceof ApiError))
				throw e;
			setErr(e);
		} finally {
			setBusy(false);
		}
	}
	return (
		<li class="card ev-period" data-period={p.id} data-status={p.status}>
			<p><strong>{ptext(p)}</strong>{p.org_name ? ` — ${p.org_name}` : ""}{" "}
				<span class={"badge badge-ep-" + p.status}>{tv("eps_", p.status)}</span></p>
			{(p.from || p.to) && <p class="small muted">{formatDate(p.from)} – {formatDate(p.to)}</p>}
			<p class="actions">
				<a href={`/evaluation/calibration?period=${p.id}`}>{t("ev_nav_calibration")}</a>
				{p.status === "open" && can(props.user, "evaluation.manage") &&
					<LockButton id={`ep-lock-${p.id}`} class="secondary outline tap" busy={busy} onLock={lock}
						what={`${ptext(p)}${p.org_name ? " — " + p.org_name : ""}`} />}
			</p>
			{err && (
				<div class="notice notice-error" role="alert">
					<p>{err.problem?.detail ?? err.message}</p>
					<ul>{err.errors.map((e, i) => {
						const x = e as unknown as { code: string; message?: string; scope_org_id?: number; scope_name?: string; excellent?: number; allowed?: number };
						return <li key={i} data-code={x.code}>{x.code === "excellent_cap_exceeded"
							? t("ev_cap_exceeded", { scope: x.scope_name ?? `#${x.scope_org_id}`, n: x.excellent ?? "?", allowed: x.allowed ?? "?" })
							: x.message}</li>;
					})}</ul>
				</div>
			)}
		</li>
	);
}

const fields = ["org_id", "kind", "year", "quarter", "from", "to"];

function NewPeriod(props: { user: User; onDone: () => void }) {
	const orgs = useLoad(() => orgsCached(), []);
	const roots = scopeRoots(props.user);
	const thisYear = new Date().getFullYear();
	const [f, setF] = useState<Record<string, string>>({
		org_id: String(roots[0]?.id ?? ""), kind: "year", year: String(thisYear), quarter: "", from: "", to: "",
	});
	const [errors, setErrors] = useState<FormError[]>([]);
	const [busy, setBusy] = useState(false);
	const [done, setDone] = useState<string | null>(null);
	const set = (k: string) => (v: string) => setF({ ...f, [k]: v });
	async function submit(ev: Event) {
		ev.preventDefault();
		const own: FormError[] = [];
		const body: Record<string, unknown> = { org_id: +f["org_id"]!, kind: f["kind"], year: +f["year"]! };
		if (!/^\d{4}$/.test(f["year"] ?? ""))
			own.push({ field: "year", form: "year", code: "invalid", message: t("ev_err_year") } as FormError);
		if (f["kind"] === "quarter")
			body["quarter"] = +f["quarter"]!;
		for (const k of ["from", "to"]) {
			const d = parseDate(f[k] ?? "");
			if (d === null)
				own.push({ field: k, form: k, code: "invalid_date", message: t("date_invalid") } as FormError);
			else if (d)
				body[k] = d;
		}
		if (own.length) {
			setErrors(own);
			return;
		}
		setBusy(true);
		setDone(null);
		try {
			const a = await request<Period>("POST", "/evaluation/periods", { body });
			setErrors([]);
			setDone(ptext(a.data));
			props.onDone();
		} catch (e) {
			const fe = formErrors(e, {}, fields);
			if (!fe)
				throw e;
			setErrors(fe);
		} finally {
			setBusy(false);
		}
	}
	const list = (orgs.value ?? []).filter((o) => !o.valid_to);
	return (
		<section class="card" aria-labelledby="ep-new-h" id="ep-new">
			<h2 id="ep-new-h">{t("ev_period_new")}</h2>
			{errors.length > 0 && <FormErrorSummary title={t("form_errors", { n: errors.length })} errors={errors} prefix="ep"
				label={(x) => tv("epf_", x)} />}
			<form onSubmit={submit} noValidate>
				<div class="form-grid">
					<SelectField name="ep-org_id" label={tv("epf_", "org_id")} value={f["org_id"]!} onInput={set("org_id")}
						error={errText(errors, "org_id")} hint={t("ev_period_subtree")}
						options={list.map((o) => ({ value: String(o.id), label: o.name }))} />
					<SelectField name="ep-kind" label={tv("epf_", "kind")} value={f["kind"]!} onInput={set("kind")}
						error={errText(errors, "kind")} options={periodKinds.map((k) => ({ value: k, label: tv("epk_", k) }))} />
					<TextField name="ep-year" label={tv("epf_", "year")} value={f["year"]!} onInput={set("year")} inputMode="numeric"
						error={errText(errors, "year")} />
					{f["kind"] === "quarter" && (
						<SelectField name="ep-quarter" label={tv("epf_", "quarter")} value={f["quarter"]!} onInput={set("quarter")}
							error={errText(errors, "quarter")}
							options={[{ value: "", label: t("ev_choose") }, ...[1, 2, 3, 4].map((q) => ({ value: String(q), label: String(q) }))]} />
					)}
					<TextField name="ep-from" label={tv("epf_", "from")} value={f["from"]!} onInput={set("from")} placeholder="dd/mm/yyyy"
						hint={t("ev_period_dates_hint")} error={errText(errors, "from")} />
					<TextField name="ep-to" label={tv("epf_", "to")} value={f["to"]!} onInput={set("to")} placeholder="dd/mm/yyyy"
						error={errText(errors, "to")} />
				</div>
				<button type="submit" class="tap" disabled={busy} aria-busy={busy ? "true" : undefined}>{t("ev_period_open")}</button>
			</form>
			{done && <Notice kind="ok">{t("ev_period_opened", { period: done })}</Notice>}
		</section>
	);
}
