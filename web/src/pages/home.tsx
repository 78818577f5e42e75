// The overview: the figures of the user's scope that the API gives today
// (members by status, organisations, members by subordinate organisation
// from GET /orgs/{id}), and, when the server has GET /orgs/{id}/stats,
// members by ethnic group, age, gender and theory level and organisations
// by kind.  Nothing is counted here by hand.
import { useState } from "preact/hooks";
import { ApiError, get, type OrgDetail } from "../api";
import { ageBandLabel, formatNumber } from "../format";
import { t, tv } from "../i18n";
import { can, scopeRoots } from "../roles";
import { useUser } from "../session";
import { ChartFigure, type Datum } from "../ui/chart";
import { ErrorView, Loading, PageHeading, SelectField, useLoad } from "../ui/ui";
import { mayOpen } from "../routes";
import { CellHome } from "./cell-home";
import { loadProbation } from "./probation";

/** The probation list in two numbers, a link to it (office, inspection). */
function ProbationLink(props: { orgId: number }) {
	const p = useLoad((signal) => loadProbation(props.orgId, false, signal), [props.orgId]);
	if (!p.value)
		return null;
	const over = p.value.items.filter((x) => x.state === "overdue").length;
	const due = p.value.items.filter((x) => x.state === "due").length;
	return (
		<section class="card" aria-labelledby="home-prob-h">
			<h2 id="home-prob-h">{t("prob_title")}</h2>
			<p>{t("prob_overdue", { n: over })} · {t("prob_due", { days: p.value.notice_days, n: due })}</p>
			<p><a class="btn secondary" href={`/probation?org=${props.orgId}`}>{t("home_cell_open_probation")}</a></p>
		</section>
	);
}

/** The inspection commission's two targets in two numbers, a link to the
 * coverage map (issue 14; GET /checks/inspection, counted on read). */
function InspectionLink(props: { orgId: number }) {
	const year = new Date().getFullYear();
	const c = useLoad((signal) => get<{ coverage: { in_term_pct: number | null; self_inspection_pct: number | null } }>(
		`/checks/inspection?year=${year}&org=${props.orgId}`, signal).catch(() => null), [props.orgId]);
	const cov = c.value?.coverage;
	if (!cov)
		return null;
	const pct = (p: number | null) => (p === null ? t("none") : `${formatNumber(p)} %`);
	return (
		<section class="card" aria-labelledby="home-insp-h" id="home-inspection">
			<h2 id="home-insp-h">{t("nav_inspection")}</h2>
			<p>{t("home_insp_in_term", { pct: pct(cov.in_term_pct) })} · {t("home_insp_self", { pct: pct(cov.self_inspection_pct), year })}</p>
			<p><a class="btn secondary" href={`/inspection?org=${props.orgId}`}>{t("home_insp_open")}</a></p>
		</section>
	);
}

/** One figure group of GET /orgs/{id}/stats ({"official": 480, ...}) as
 * chart data in the server's order, labelled; empty groups left out. */
function pairs(x: unknown, labelOf: (k: string) => string = (k) => k): Datum[] | null {
	if (x == null || typeof x !== "object")
		return null;
	return Object.entries(x as Record<string, unknown>)
		.filter(([, n]) => typeof n === "number" && n > 0)
		.map(([k, n]) => ({ label: k === "unknown" ? t("stats_unknown") : labelOf(k), count: n as number }));
}

function Figures(props: { org: OrgDetail }) {
	const c = props.org.counts;
	if (!c)
		return null;
	const items: [string, number, string][] = [
		[t("fig_members"), c.members, "fig-members"],
		[t("fig_official"), c.official, "fig-official"],
		[t("fig_probationary"), c.probationary, "fig-probationary"],
		[t("fig_orgs"), c.descendants, "fig-orgs"],
	];
	return (
		<ul class="figures">
			{items.map(([label, n, id]) => (
				<li key={id} id={id}>
					<span class="figure-value">{formatNumber(n)}</span>
					<span class="figure-label">{label}</span>
				</li>
			))}
		</ul>
	);
}

function Dashboard(props: { orgId: number }) {
	const data = useLoad(async (signal) => {
		const org = await get<OrgDetail>(`/orgs/${props.orgId}`, signal);
		let stats: Record<string, unknown> | null = null;
		try {
			stats = await get<Record<string, unknown>>(`/orgs/${props.orgId}/stats`, signal);
		} catch (e) {
			// Not on this server yet (404), or not for this role: the
			// figures above are all there is.
			if (!(e instanceof ApiError))
				throw e;
		}
		return { org, stats };
	}, [props.orgId]);
	if (data.loading)
		return <Loading />;
	if (data.error || !data.value)
		return <ErrorView error={data.error} retry={data.reload} />;
	const { org, stats } = data.value;
	const c = org.counts;
	const byStatus = pairs(stats?.["by_status"], (k) => tv("status_", k)) ??
		(c ? [{ label: t("status_official"), count: c.official }, { label: t("status_probationary"), count: c.probationary }] : []);
	const byChild: Datum[] = (org.children ?? [])
		.filter((ch) => ch.counts && !ch.valid_to)
		.map((ch) => ({ label: ch.name, count: ch.counts!.members }));
	// Groups too small to name for this account come summed (issue 11).
	const minCount = (stats as { ethnicity_min_count?: number } | null | undefined)?.ethnicity_min_count ?? 0;
	const byEthnicity = pairs(stats?.["by_ethnicity"],
		(k) => k === "other_small" ? t("stats_other_small", { n: minCount }) : k);
	const byAge = pairs(stats?.["by_age_band"], ageBandLabel);
	const byGender = pairs(stats?.["by_gender"], (k) => tv("gender_", k));
	const byTheory = pairs(stats?.["by_theory_level"], (k) => tv("theory_", k));
	const byKind = pairs(stats?.["orgs_by_kind"], (k) => tv("kind_", k));
	return (
		<>
			<p class="scope-line">
				<span class="muted">{t("home_scope")}: </span>
				<a href={`/orgs/${org.id}`}><strong>{org.name}</strong></a> <span class="muted">({org.code})</span>
			</p>
			<Figures org={org} />
			{org.warnings && org.warnings.length > 0 && (
				<section class="notice notice-warn" aria-labelledby="warn-h">
					<h2 id="warn-h">{t("warnings_title")}</h2>
					<ul>{org.warnings.map((w, i) => <li key={i}>{t("warn_cell_below_min_official", { min: w.min ?? "?" })} {w.citation && <small class="citation">({w.citation})</small>}</li>)}</ul>
				</section>
			)}
			<div class="charts">
				{byStatus.length > 0 && <ChartFigure id="chart-status" kind="doughnut" title={t("chart_status")} data={byStatus} />}
				{byGender && byGender.length > 0 && <ChartFigure id="chart-gender" kind="doughnut" title={t("chart_gender")} data={byGender} />}
				{byAge && byAge.length > 0 && <ChartFigure id="chart-age" kind="bar" title={t("chart_age")} data={byAge} />}
				{byEthnicity && byEthnicity.length > 0 && <ChartFigure id="chart-ethnicity" kind="hbar" title={t("chart_ethnicity")} data={byEthnicity} />}
				{byTheory && byTheory.length > 0 && <ChartFigure id="chart-theory" kind="bar" title={t("chart_theory")} data={byTheory} />}
				{byKind && byKind.length > 0 && <ChartFigure id="chart-kinds" kind="bar" title={t("chart_org_kinds")} data={byKind} />}
				{byChild.length > 0 && <ChartFigure id="chart-children" kind="hbar" title={t("chart_children")} data={byChild} />}
			</div>
		</>
	);
}

export function Home() {
	const u = useUser();
	const roots = scopeRoots(u);
	const [chosen, setChosen] = useState<number | null>(null);
	const orgId = chosen ?? roots[0]?.id ?? null;
	// A cell secretary (every grant a secretary's) sees the cell, not
	// the office's charts.
	const secretary = u.grants.length > 0 && u.grants.every((g) => g.role === "secretary");
	return (
		<>
			<PageHeading>{t("home_title")}</PageHeading>
			{!can(u, "org.read") && u.member_id && (
				<section class="card">
					<p>{t("home_member_intro")}</p>
					<p><a class="btn" href={`/members/${u.member_id}`}>{t("home_open_record")}</a></p>
				</section>
			)}
			{roots.length > 1 && (
				<SelectField name="scope" label={t("home_scope")} value={String(orgId)}
					onInput={(v) => setChosen(+v)}
					options={roots.map((r) => ({ value: String(r.id), label: `${r.name ?? r.id} (${tv("role_", r.role)})` }))} />
			)}
			{orgId !== null && secretary && <CellHome orgId={orgId} key={orgId} />}
			{orgId !== null && !secretary && mayOpen(u, "/probation") && <ProbationLink orgId={orgId} key={"p" + orgId} />}
			{orgId !== null && !secretary && <Dashboard orgId={orgId} key={orgId} />}
			{/* Below the charts: it comes later and moves nothing under the reader. */}
			{orgId !== null && !secretary && can(u, "inspection.read") && <InspectionLink orgId={orgId} key={"i" + orgId} />}
			{orgId !== null && !secretary && mayOpen(u, "/dashboard") && (
				<section class="card" aria-labelledby="home-db-h" id="home-dashboard">
					<h2 id="home-db-h">{t("db_title")}</h2>
					<p>{t("home_db_text")}</p>
					<p><a class="btn secondary" href={`/dashboard?org=${orgId}`}>{t("home_db_open")}</a></p>
				</section>
			)}
			{orgId === null && can(u, "org.read") && <p>{t("home_no_scope")}</p>}
		</>
	);
}
