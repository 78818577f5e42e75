// Bảng điều khiển mục tiêu (/dashboard?org=&year=; office, inspection,
// secretary, viewer): the Resolution's targets for an organisation and a
// year from GET /dashboard (kept figures, no names): the four headline
// figures against their targets (red / amber / green, said in words too),
// the levels of cells and members, the trend across years, meetings held
// against those required and attendance, inspection coverage and
// self-inspection, discipline counts; the subordinate organisations'
// rows, each opening its own dashboard (down to a cell).  Charts with
// Chart.js (ui/chart.tsx), each with its figures as a table.
import { get, query, type Org, type User } from "../api";
import { orgsCached } from "../data";
import { headline, figureOf, allLevels, type Dashboard, type Figure } from "../evaluation";
import { formatNumber } from "../format";
import { t, tv } from "../i18n";
import { can, scopeRoots } from "../roles";
import { loc, setSearch } from "../router";
import { mayOpen } from "../routes";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ChartFigure } from "../ui/chart";
import { ErrorView, Loading, PageHeading, SelectField, useLoad } from "../ui/ui";
import { EvalNav } from "./eval-common";
import { ReportLinks } from "./eval-calibration";

type Obj = Record<string, unknown>;
/** A cell (a grassroots cell too): its members are reviewed on
 * /evaluation/cell. */
const isCell = (kind: unknown) => kind === "cell" || kind === "grassroots_cell";
/** The children's columns: the two evaluation figures (the inspection
 * figures are the committee's own). */
const childCols = ["cells_good_or_better_pct", "members_good_or_better_pct"] as const;
const obj = (x: unknown): Obj => (x && typeof x === "object" && !Array.isArray(x) ? x as Obj : {});
const num = (x: unknown): number | null => (typeof x === "number" ? x : null);
const arr = (x: unknown): Obj[] => (Array.isArray(x) ? x.filter((y) => y && typeof y === "object") as Obj[] : []);

function pct(v: number | null | undefined): string {
	return v == null ? t("none") : `${formatNumber(Math.round(v * 10) / 10)} %`;
}

/** red / amber / green in words. */
function statusText(s: string | null): string {
	return s ? tv("dbs_", s) : "";
}

function HeadFigure(props: { k: string; f: Figure; pending?: number | null }) {
	const f = props.f;
	const s = f.status ?? (f.value !== null && f.target !== null ? (f.value >= f.target ? "green" : "red") : null);
	return (
		<li class={"db-figure db-" + (s ?? "none")} id={"db-" + props.k} data-status={s ?? ""} data-value={f.value ?? ""}>
			<span class="figure-value">{pct(f.value)}</span>
			<span class="figure-label">{tv("dbf_", props.k)}</span>
			{/* No figure yet: say why (levels not decided yet), not a bare dash. */}
			{f.value == null && <span class="small muted db-no-value">{props.pending ? t("db_pending_n", { n: formatNumber(props.pending) }) : t("db_no_value")}</span>}
			{f.counted != null && f.counted > 0 && f.good != null && <span class="small muted">{t("db_of", { good: formatNumber(f.good), counted: formatNumber(f.counted) })}</span>}
			<span class="cov-bar" aria-hidden="true"><span style={{ width: `${Math.max(0, Math.min(100, f.value ?? 0))}%` }} /></span>
			{f.target !== null && <span class="db-target">{t("db_target", { target: formatNumber(f.target) })}</span>}
			{s && <span class={"db-status db-status-" + s}><span aria-hidden="true">{s === "green" ? "●" : s === "amber" ? "◐" : "○"} </span>{statusText(s)}</span>}
		</li>
	);
}

/** Each level's colour in the charts, best to worst: greens, amber, red. */
const levelColor: Record<string, string> = {
	htxs: "#1e6b3a", htt: "#6aaa64", ht: "#e8a317", kht: "#b3261e", not_classified: "#8a8f98",
};

/** Counts of each level: {htxs: {n, pct}, ..., not_classified: n,
 * pending: n} (a level with none left out; nothing when all are none). */
function levelCounts(x: unknown): { label: string; count: number; level: string; color: string }[] {
	const o = obj(x);
	const n = (v: unknown) => num(v) ?? num(obj(v)["n"]) ?? 0;
	const out: { label: string; count: number; level: string; color: string }[] = allLevels.map((l) => (
		{ level: l as string, label: tv("lv_", l), count: n(o[l]), color: levelColor[l] }));
	if (n(o["pending"]) > 0)
		out.push({ level: "pending", label: t("db_pending"), count: n(o["pending"]), color: "#d9d6d5" });
	return out.some((r) => r.count > 0) ? out.filter((r) => r.count > 0) : [];
}

export function DashboardPage() {
	const u = useUser();
	const l = useSignal(loc);
	const roots = scopeRoots(u);
	const thisYear = new Date().getFullYear();
	const year = /^\d{4}$/.test(l.search.get("year") ?? "") ? +l.search.get("year")! : thisYear;
	const org = /^\d+$/.test(l.search.get("org") ?? "") ? +l.search.get("org")! : roots[0]?.id ?? u.grants[0]?.org_id ?? null;
	const data = useLoad(async (signal) => {
		if (org === null)
			return null;
		const [d, orgs] = await Promise.all([
			get<Dashboard>(`/dashboard${query({ org, year })}`, signal),
			orgsCached().catch(() => [] as Org[]),
		]);
		// "Up one level" while the parent is in the account's scope.
		const me = orgs.find((o) => o.id === org);
		const parent = me?.parent_id != null && orgs.some((o) => o.id === me.parent_id) ? me.parent_id : null;
		return { d, parent };
	}, [org, year]);
	const years = [thisYear, thisYear - 1, thisYear - 2];
	return (
		<>
			<PageHeading>{t("db_title")}</PageHeading>
			<EvalNav user={u} />
			<div class="toolbar">
				{roots.length > 1 && (
					<SelectField name="db-org" label={t("db_org")} value={String(org)}
						onInput={(v) => setSearch({ org: v, year: String(year) })}
						options={roots.map((r) => ({ value: String(r.id), label: r.name ?? String(r.id) }))} />
				)}
				<SelectField name="db-year" label={t("db_year")} value={String(year)}
					onInput={(v) => setSearch({ org: org ? String(org) : null, year: v })}
					options={years.map((y) => ({ value: String(y), label: String(y) }))} />
			</div>
			{data.loading && !data.value ? <Loading /> : data.error ? <ErrorView error={data.error} retry={data.reload} /> :
				!data.value ? <p>{t("cov_no_org")}</p> : <DashBody d={data.value.d} parent={data.value.parent} year={year} user={u} />}
		</>
	);
}

function DashBody(props: { d: Dashboard; year: number; user: User; parent: number | null }) {
	const d = props.d as Obj;
	const year = props.year;
	const name = String(d["org_name"] ?? "");
	const id = num(d["org_id"]) ?? 0;
	const parent = props.parent;
	const cellsLv = levelCounts(d["cells"]);
	const membersLv = levelCounts(d["members"]);
	const trend = arr(d["trend"]);
	const meetings = obj(d["meetings"]);
	const disc = obj(d["discipline"]);
	const children = arr(d["children"]);
	// A year with nothing classified is left out (not drawn as 0 %).
	const trendData = (k: string) => trend.filter((r) => figureOf(r, k).value !== null)
		.map((r) => ({ label: String(r["year"]), count: figureOf(r, k).value ?? 0 }));
	const trendMembers = trendData("members_good_or_better_pct");
	const trendCells = trendData("cells_good_or_better_pct");
	const discCounts = Object.entries(obj(disc["by_form"])).filter(([, v]) => typeof v === "number" && v > 0) as [string, number][];
	const discTotal = num(disc["total"]);
	const cellReview = mayOpen(props.user, "/evaluation/cell");
	return (
		<>
			<p class="scope-line" id="db-scope"><strong>{name}</strong> · {t("db_year")} {year}
				{parent != null && <> · <a href={`/dashboard${query({ org: parent, year })}`} id="db-up">{t("db_up")}</a></>}
				{isCell(d["org_kind"]) && cellReview && <> · <a href={`/evaluation/cell${query({ org: id })}`} id="db-cell-review">{t("db_cell_review")}</a></>}</p>
			<section aria-labelledby="db-head-h">
				<h2 id="db-head-h">{t("db_targets")}</h2>
				{/* The targets' rule, once (every figure cites the same). */}
				{(() => {
					const tg = obj(d["targets"]);
					const rule = [tg["rule_id"], tg["citation"]].filter((x) => typeof x === "string" && x).join(" — ");
					return rule ? <p class="small citation" id="db-rule">{t("ev_cap_rule")}: {rule}
						{tg["confirmed"] === false && ` (${t("cov_unconfirmed")})`}</p> : null;
				})()}
				<ul class="figures db-figures" id="db-figures">
					{/* A cell has no inspection figures (nothing under it): only
					  * the figures the answer has. */}
					{headline.filter((k) => (k in d || k.replace(/_pct$/, "") in d) &&
						// A cell inspects no subordinate organisation.
						!(isCell(d["org_kind"]) && /inspection/.test(k)))
						.map((k) => <HeadFigure key={k} k={k} f={figureOf(d, k)}
							pending={k.startsWith("cells") ? num(obj(d["cells"])["pending"]) : k.startsWith("members") ? num(obj(d["members"])["pending"]) : null} />)}
				</ul>
			</section>
			<section aria-labelledby="db-levels-h">
				<h2 id="db-levels-h">{t("db_levels")}</h2>
				<div class="charts">
					{cellsLv.length > 0 && <ChartFigure id="db-chart-cells" kind="doughnut" title={t("db_levels_cells", { year })} data={cellsLv} />}
					{membersLv.length > 0 && <ChartFigure id="db-chart-members" kind="doughnut" title={t("db_levels_members", { year })} data={membersLv} />}
				</div>
				{cellsLv.length + membersLv.length === 0 && <p class="muted">{t("db_no_levels")}</p>}
			</section>
			<section aria-labelledby="db-trend-h">
				<h2 id="db-trend-h">{t("db_trend")}</h2>
				{trendMembers.length + trendCells.length === 0 ? <p class="muted" id="db-trend-none">{t("db_trend_none")}</p> : (
					<div class="charts">
						{trendMembers.length > 0 && <ChartFigure id="db-chart-trend-members" kind="bar" title={t("db_trend_members")} data={trendMembers} />}
						{trendCells.length > 0 && <ChartFigure id="db-chart-trend-cells" kind="bar" title={t("db_trend_cells")} data={trendCells} />}
					</div>
				)}
			</section>
			<section aria-labelledby="db-act-h">
				<h2 id="db-act-h">{t("db_activity")}</h2>
				<ul class="figures" id="db-activity">
					<li id="db-meetings"><span class="figure-value">{formatNumber(num(meetings["held"]))} / {formatNumber(num(meetings["required"]))}</span>
						<span class="figure-label">{t("db_meetings")}</span></li>
					<li id="db-attendance"><span class="figure-value">{pct(num(meetings["attendance_pct"]))}</span>
						<span class="figure-label">{t("db_attendance")}</span>
						{num(meetings["expected"]) ? <span class="small muted">{t("db_of", { good: formatNumber(num(meetings["present"])), counted: formatNumber(num(meetings["expected"])) })}</span> : null}</li>
				</ul>
				<h3 id="db-disc-h" class="db-sub">{t("db_discipline", { year })}</h3>
				{disc["withheld"] === true ? <p id="db-discipline">{t("db_discipline_withheld")}</p> :
					!discTotal ? <p id="db-discipline">{t("db_discipline_none")}</p> : (
						<ul class="figures" id="db-discipline" aria-labelledby="db-disc-h">
							<li data-code="total"><span class="figure-value">{formatNumber(discTotal)}</span>
								<span class="figure-label">{t("db_discipline_total")}</span></li>
							{discCounts.map(([k, n]) => <li key={k} data-code={k}><span class="figure-value">{formatNumber(n)}</span>
								<span class="figure-label">{tv("dcf_", k)}</span></li>)}
							{num(disc["other_small"]) ? <li data-code="other_small"><span class="figure-value">{formatNumber(num(disc["other_small"]))}</span>
								<span class="figure-label">{t("db_discipline_small", { n: num(disc["small_min"]) ?? "" })}</span></li> : null}
						</ul>
					)}
			</section>
			{children.length > 0 && (
				<section aria-labelledby="db-children-h">
					<h2 id="db-children-h">{t("db_children")}</h2>
					<div class="table-wrap">
						<table class="striped db-children responsive" id="db-children">
							<thead><tr>
								<th scope="col">{t("db_child")}</th>
								{childCols.map((k) => <th key={k} scope="col" class="num">{tv("dbc_", k)}</th>)}
								<th scope="col" class="num">{t("db_meetings_short")}</th>
							</tr></thead>
							<tbody>
								{children.map((c) => {
									const cid = num(c["org_id"]) ?? num(c["id"]);
									const m = obj(c["meetings"]);
									return (
										<tr key={String(cid)} data-org={cid ?? ""}>
											<th scope="row"><a href={`/dashboard${query({ org: cid, year })}`}>{String(c["name"] ?? c["org_name"] ?? `#${cid}`)}</a>
												{/* A cell's members reviewed, for a committee that may. */}
												{isCell(c["kind"]) && cellReview && <>{" "}<a class="small db-cell-review" href={`/evaluation/cell${query({ org: cid })}`}
													aria-label={t("db_cell_review_of", { name: String(c["name"] ?? "") })}>{t("db_cell_review")}</a></>}</th>
											{childCols.map((k) => {
												const f = figureOf(c, k);
												return <td key={k} class={"num db-cell db-" + (f.status ?? "none")} data-key={k} data-label={tv("dbc_", k)}>{pct(f.value)}
													{f.status && <span class="visually-hidden"> ({statusText(f.status)})</span>}</td>;
											})}
											<td class="num" data-label={t("db_meetings_short")}>{formatNumber(num(m["held"]))} / {formatNumber(num(m["required"]))}</td>
										</tr>
									);
								})}
							</tbody>
						</table>
					</div>
				</section>
			)}
			{/* The report names members: evaluation.read, not the figures only. */}
			{can(props.user, "evaluation.read") && <ReportLinks org={id} year={year} />}
		</>
	);
}
