// The inspection commission's landing page (/inspection): the coverage map
// of the committee's direct subordinate organisations against the two
// targets (inspected or supervised during the term; self-inspected this
// year): who is covered (when, by what record), who is not and the
// months left in the term, who has self-inspected; the percentages with
// their targets; the findings, each code in words with its rule cited
// (GET /checks/inspection?year=&org=).  A cell's secretary sees its own
// cell's self-inspection of the year instead, and the way to record it.
import { get, query, type Org, type User } from "../api";
import { formatDate, formatNumber } from "../format";
import { t, tv } from "../i18n";
import {
	allPages, ruleOf, type Coverage, type CoverageFinding, type CoverageOrg, type CoverageTarget, type Inspection,
} from "../inspection";
import { can, scopeRoots } from "../roles";
import { mayOpen } from "../routes";
import { loc, setSearch } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorView, Loading, Notice, PageHeading, SelectField, useLoad } from "../ui/ui";
import { cellOnly, InspectionNav, orgNames } from "./insp-common";

/** A finding's period in words: a day dd/mm/yyyy (an overdue
 * recommendation's deadline), a term 2025–2030, a year as it is. */
function periodText(p: string): string {
	if (/^\d{4}-\d\d-\d\d$/.test(p))
		return formatDate(p);
	return /^\d{4}-\d{4}$/.test(p) ? p.replace("-", "–") : p;
}

interface Row {
	id: number;
	name: string;
	/** null: not counted in the term (created after it began...). */
	covered: boolean | null;
	monthsLeft: number | null;
	/** null: not counted this year. */
	selfDone: boolean | null;
	overdue: number;
	last: Inspection | null;
	lastDate: string | null;
}

/** The target of one of the two figures, whatever the key's spelling. */
function target(targets: Record<string, number | null | undefined>, which: "term" | "self"): number | null {
	const keys = Object.keys(targets);
	const k = which === "self" ? keys.find((x) => /self/.test(x)) : keys.find((x) => /term|cover/.test(x) && !/self/.test(x));
	const v = k ? targets[k] : null;
	return typeof v === "number" ? v : null;
}

function when(x: Inspection): string | null {
	return x.decided_on ?? x.from ?? null;
}

/** The rows of the map: the answer's own (orgs), or the committee's
 * children judged by the findings when it has none; "by what": the
 * latest record of the subtree whose subject is the organisation. */
function rows(cov: Coverage, org: number, orgs: Map<number, Org>, records: Inspection[]): Row[] {
	const notCovered = new Map<number, CoverageFinding>();
	const selfMissing = new Set<number>();
	const overdue = new Map<number, number>();
	for (const f of cov.items) {
		if (f.org_id == null)
			continue;
		if (f.code === "not_covered_in_term")
			notCovered.set(f.org_id, f);
		else if (f.code === "self_inspection_missing")
			selfMissing.add(f.org_id);
		else if (f.code === "recommendation_overdue")
			overdue.set(f.org_id, (overdue.get(f.org_id) ?? 0) + 1);
	}
	const since = cov.term?.starts_on ?? "";
	const lastOf = (id: number): Inspection | null => {
		const mine = records.filter((x) => x.subject_org_id === id && x.form !== "self" && x.status !== "cancelled" &&
			(when(x) ?? "") >= since);
		mine.sort((a, b) => (when(b) ?? "").localeCompare(when(a) ?? ""));
		return mine[0] ?? null;
	};
	const base: CoverageOrg[] = cov.orgs ?? [...orgs.values()]
		.filter((o) => o.parent_id === org && !o.valid_to)
		.map((o) => ({ id: o.id, name: o.name, covered: !notCovered.has(o.id), self_inspected: !selfMissing.has(o.id),
			months_left: notCovered.get(o.id)?.months_left ?? null, overdue_recommendations: overdue.get(o.id) ?? 0 }));
	return base.map((r) => {
		const last = lastOf(r.id);
		return {
			id: r.id,
			name: r.name ?? orgs.get(r.id)?.name ?? `#${r.id}`,
			covered: r.covered,
			monthsLeft: r.months_left ?? notCovered.get(r.id)?.months_left ?? null,
			selfDone: r.self_inspected,
			overdue: r.overdue_recommendations ?? overdue.get(r.id) ?? 0,
			last,
			lastDate: r.last_inspection_on ?? (last ? when(last) : null),
		};
	});
}

function Figure(props: { id: string; pct: number | null; target: number | null; label: string; detail?: CoverageTarget }) {
	const pct = props.pct;
	const d = props.detail;
	const reached = d?.met ?? (pct !== null && props.target !== null && pct >= props.target);
	const met = d ? (d.covered ?? d.self_inspected ?? null) : null;
	return (
		<li class="cov-figure" id={props.id} data-pct={pct ?? ""}>
			<span class="figure-value">{pct === null ? t("none") : `${formatNumber(pct)} %`}</span>
			<span class="figure-label">{props.label}{d && met !== null && d.counted > 0 && <> {t("cov_of", { met, counted: d.counted })}</>}</span>
			<span class="cov-bar" aria-hidden="true"><span style={{ width: `${Math.max(0, Math.min(100, pct ?? 0))}%` }} /></span>
			{props.target !== null && pct !== null && (
				<span class={"cov-target " + (reached ? "cov-reached" : "cov-short")}>
					{t(reached ? "cov_target_reached" : "cov_target_short", { target: formatNumber(props.target) })}
				</span>
			)}
			{d?.rule && <small class="citation">{[d.rule, d.citation].filter(Boolean).join(" — ")}
				{d.confirmed === false && ` (${t("cov_unconfirmed")})`}</small>}
		</li>
	);
}

export function CoveragePage() {
	const u = useUser();
	return cellOnly(u) ? <CellSelf user={u} /> : <CoverageMap user={u} />;
}

function CoverageMap(props: { user: User }) {
	const u = props.user;
	const l = useSignal(loc);
	const roots = scopeRoots(u);
	const thisYear = new Date().getFullYear();
	const year = /^\d{4}$/.test(l.search.get("year") ?? "") ? +l.search.get("year")! : thisYear;
	const org = /^\d+$/.test(l.search.get("org") ?? "") ? +l.search.get("org")! : roots[0]?.id ?? u.grants[0]?.org_id ?? null;
	const data = useLoad(async (signal) => {
		if (org === null)
			return null;
		const [cov, orgs, records] = await Promise.all([
			get<Coverage>(`/checks/inspection${query({ year, org })}`, signal),
			orgNames(),
			allPages<Inspection>("/inspections", { org }, signal).catch(() => [] as Inspection[]),
		]);
		return { cov, orgs, records };
	}, [org, year]);
	const years = [thisYear, thisYear - 1, thisYear - 2];
	return (
		<>
			<PageHeading>{t("nav_inspection")}</PageHeading>
			<InspectionNav user={u} />
			<div class="toolbar">
				{roots.length > 1 && (
					<SelectField name="cov-org" label={t("cov_committee")} value={String(org)}
						onInput={(v) => setSearch({ org: v, year: String(year) })}
						options={roots.map((r) => ({ value: String(r.id), label: r.name ?? String(r.id) }))} />
				)}
				<SelectField name="cov-year" label={t("cov_year")} value={String(year)}
					onInput={(v) => setSearch({ org: org ? String(org) : null, year: v })}
					options={years.map((y) => ({ value: String(y), label: String(y) }))} />
			</div>
			{data.loading && !data.value ? <Loading /> : data.error ? <ErrorView error={data.error} retry={data.reload} /> :
				!data.value ? <p>{t("cov_no_org")}</p> : <CoverageBody {...data.value} org={org!} year={year} user={u} />}
		</>
	);
}

function CoverageBody(props: { cov: Coverage; orgs: Map<number, Org>; records: Inspection[]; org: number; year: number; user: User }) {
	const { cov, orgs, year } = props;
	const list = rows(cov, props.org, orgs, props.records);
	const targets = cov.coverage?.targets ?? {};
	const counts = Object.entries(cov.counts ?? {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
	const term = cov.term;
	const uncovered = list.filter((r) => !r.covered).length;
	return (
		<>
			{term ? <p id="cov-term">{t("cov_term", {
				name: term.name ?? "", from: formatDate(term.starts_on), to: formatDate(term.ends_on),
			})}{term.months_left != null && <> {t("cov_term_left", { n: term.months_left })}</>}</p>
				: <Notice kind="info">{t("cov_no_term")}</Notice>}
			<section aria-labelledby="cov-fig-h">
				<h2 id="cov-fig-h">{t("cov_targets")}</h2>
				<ul class="figures cov-figures">
					<Figure id="cov-in-term" pct={cov.coverage?.in_term_pct ?? null} target={target(targets, "term")}
						label={t("cov_in_term_label")} detail={cov.coverage?.in_term} />
					<Figure id="cov-self" pct={cov.coverage?.self_inspection_pct ?? null} target={target(targets, "self")}
						label={t("cov_self_label", { year })} detail={cov.coverage?.self_inspection} />
				</ul>
			</section>
			<section aria-labelledby="cov-map-h">
				<h2 id="cov-map-h">{t("cov_map")}</h2>
				<p class="muted small">{t("cov_map_caption", { n: list.length, uncovered })}</p>
				{list.length === 0 ? <p>{t("cov_no_children")}</p> : (
					<ul class="cov-map" id="cov-map">
						{list.map((r) => (
							<li key={r.id} data-org={r.id} class={"cov-org " + (r.covered ? "cov-covered" : "cov-uncovered")}>
								<p class="cov-name">
									{mayOpen(props.user, `/orgs/${r.id}`) ? <a href={`/orgs/${r.id}`}>{r.name}</a> : <strong>{r.name}</strong>}
								</p>
								<p class="cov-line cov-term-line" data-covered={r.covered === null ? "" : r.covered ? "1" : "0"}>
									<span class="cov-mark" aria-hidden="true">{r.covered === null ? "–" : r.covered ? "✓" : "✗"}</span>
									{r.covered === null ? <span>{t("cov_not_counted_term")}</span> : r.covered ? (
										<span>{t("cov_covered")}
											{r.lastDate && <>{" "}{t("cov_on", { date: formatDate(r.lastDate) })}</>}
											{r.last && <>{": "}
												{mayOpen(props.user, `/inspections/${r.last.id}`)
													? <a href={`/inspections/${r.last.id}`}>{recordLabel(r.last)}</a>
													: recordLabel(r.last)}</>}
										</span>
									) : (
										<span><strong>{t("cov_not_covered")}</strong>
											{r.monthsLeft !== null && <>{" — "}{t("cov_months_left", { n: r.monthsLeft })}</>}
										</span>
									)}
								</p>
								<p class="cov-line cov-self-line" data-self={r.selfDone === null ? "" : r.selfDone ? "1" : "0"}>
									<span class="cov-mark" aria-hidden="true">{r.selfDone === null ? "–" : r.selfDone ? "✓" : "✗"}</span>
									<span>{r.selfDone === null ? t("cov_not_counted_year", { year })
										: r.selfDone ? t("cov_self_done", { year }) : <strong>{t("cov_self_missing", { year })}</strong>}</span>
								</p>
								{r.overdue > 0 && (
									<p class="cov-line cov-overdue-line">
										<span class="cov-mark" aria-hidden="true">⚠</span>
										<strong class="overdue-text">{t("cov_overdue_n", { n: r.overdue })}</strong>
									</p>
								)}
							</li>
						))}
					</ul>
				)}
			</section>
			<section aria-labelledby="cov-report-h" id="cov-report">
				<h2 id="cov-report-h">{t("cov_report", { year })}</h2>
				<p class="actions">
					<a class="btn tap secondary outline" id="cov-report-xlsx" download
						href={`/api/v1/checks/inspection/report.xlsx${query({ year, org: props.org })}`}>{t("cov_report_xlsx")}</a>
					<a class="btn tap secondary outline" id="cov-report-pdf" download
						href={`/api/v1/checks/inspection/report.pdf${query({ year, org: props.org })}`}>{t("cov_report_pdf")}</a>
				</p>
			</section>
			<section aria-labelledby="cov-find-h">
				<h2 id="cov-find-h">{t("cov_findings")}</h2>
				{counts.length > 0 && (
					<ul class="figures" id="cov-counts">
						{counts.map(([code, n]) => (
							<li key={code} data-code={code}><span class="figure-value">{formatNumber(n)}</span>
								<span class="figure-label">{tv("covc_", code)}</span></li>
						))}
					</ul>
				)}
				{cov.items.length === 0 ? <Notice kind="ok">{t("cov_no_findings")}</Notice> : (
					<ul class="findings" id="cov-findings">
						{cov.items.map((f, i) => (
							<li key={i} data-code={f.code} data-org={f.org_id ?? ""}>
								<strong>{tv("covc_", f.code)}</strong>
								{" · "}{f.org_name ?? (f.org_id != null ? orgs.get(f.org_id)?.name : null) ?? ""}
								{f.period ? ` · ${periodText(f.period)}` : ""}
								{f.message && <><br /><span>{f.message}</span></>}
								{(ruleOf(f) || f.citation) && <><br /><small class="citation">{[ruleOf(f), f.citation].filter(Boolean).join(" — ")}</small></>}
								{f.inspection_id != null && mayOpen(props.user, `/inspections/${f.inspection_id}`) &&
									<> · <a href={`/inspections/${f.inspection_id}`}>{t("cov_open_record")}</a></>}
							</li>
						))}
					</ul>
				)}
			</section>
		</>
	);
}

export function recordLabel(x: Inspection): string {
	return [tv("ik_", x.kind), tv("if_", x.form), x.doc_no].filter(Boolean).join(", ");
}

/** A cell secretary's page: the cell's self-inspection of the year and
 * the inspections of the cell. */
function CellSelf(props: { user: User }) {
	const u = props.user;
	const cell = u.grants.find((g) => g.role === "secretary")?.org_id ?? u.grants[0]?.org_id ?? null;
	const year = new Date().getFullYear();
	const data = useLoad(async (signal) => {
		if (cell === null)
			return null;
		return allPages<Inspection>("/inspections", { org: cell, year }, signal);
	}, [cell, year]);
	const selfOnes = (data.value ?? []).filter((x) => x.form === "self");
	const others = (data.value ?? []).filter((x) => x.form !== "self");
	return (
		<>
			<PageHeading>{t("nav_inspection")}</PageHeading>
			<InspectionNav user={u} />
			{data.loading && !data.value ? <Loading /> : data.error ? <ErrorView error={data.error} retry={data.reload} /> : <>
				<section class="card" aria-labelledby="cs-self-h" id="cell-self">
					<h2 id="cs-self-h">{t("cs_self_title", { year })}</h2>
					{selfOnes.length === 0
						? <p id="cs-self-state"><strong>{t("cs_self_none", { year })}</strong></p>
						: <ul class="insp-list">{selfOnes.map((x) => <RecordItem key={x.id} x={x} />)}</ul>}
					{can(u, "inspection.self") && cell !== null &&
						<p><a class={"btn tap" + (selfOnes.length > 0 ? " secondary outline" : "")} href={`/inspections/new?self=1&org=${cell}`}
							id="cs-self-new">{t(selfOnes.length > 0 ? "cs_self_record_more" : "cs_self_record")}</a></p>}
				</section>
				<section aria-labelledby="cs-other-h">
					<h2 id="cs-other-h">{t("cs_others", { year })}</h2>
					{others.length === 0 ? <p>{t("cs_others_none")}</p> :
						<ul class="insp-list">{others.map((x) => <RecordItem key={x.id} x={x} />)}</ul>}
				</section>
			</>}
		</>
	);
}

export function RecordItem(props: { x: Inspection; orgs?: Map<number, Org> }) {
	const x = props.x;
	const subject = x.subject_name ?? (x.subject_org_id != null ? props.orgs?.get(x.subject_org_id)?.name : null) ??
		(x.subject_member_id != null ? t("in_member_n", { id: x.subject_member_id }) : "");
	return (
		<li class="insp-item" data-inspection={x.id} data-kind={x.kind}>
			<a href={`/inspections/${x.id}`} class="insp-link">
				<span class="insp-title">{tv("ik_", x.kind)} · {tv("if_", x.form)}{subject ? ` — ${subject}` : ""}</span>
				<span class="insp-meta">
					<span>{x.from || x.to ? `${formatDate(x.from)} – ${formatDate(x.to)}` : formatDate(x.decided_on)}</span>
					{x.doc_no && <span>{x.doc_no}</span>}
					<span class={"badge badge-" + x.status}>{tv("is_", x.status)}</span>
					{(x.recommendations_overdue ?? 0) > 0 && <span class="overdue-text">{t("in_overdue_n", { n: x.recommendations_overdue! })}</span>}
				</span>
			</a>
		</li>
	);
}
