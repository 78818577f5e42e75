// The committee office's compliance view (/meetings/compliance): a heat
// map of the subtree's cells × the year's months from the kept meetings
// check (GET /orgs/{id}/meetings/compliance), the findings counted by code
// (GET /checks/meetings), and a cell's findings — each code in words, the
// rule cited, a link to the meeting — when its row or month is chosen.
import { useState } from "preact/hooks";
import { get, query } from "../api";
import { formatNumber } from "../format";
import { t, tv } from "../i18n";
import type { Compliance, ComplianceMonth, Finding } from "../meetings";
import { scopeRoots } from "../roles";
import { loc, setSearch } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorView, Loading, Notice, PageHeading, SelectField, useLoad } from "../ui/ui";

interface Check {
	items: Finding[];
	counts: Record<string, number>;
	next_cursor: string | null;
}

function level(m: ComplianceMonth, judged: boolean): string {
	if (!judged)
		return "none";
	if (m.codes.length === 0)
		return "ok";
	return m.codes.some((c) => c === "regular_missing" || c === "member_absent_3_months") ? "bad" : "warn";
}

export function ComplianceView() {
	const u = useUser();
	const l = useSignal(loc);
	const roots = scopeRoots(u);
	const thisYear = new Date().getFullYear();
	const year = /^\d{4}$/.test(l.search.get("year") ?? "") ? +l.search.get("year")! : thisYear;
	const org = /^\d+$/.test(l.search.get("org") ?? "") ? +l.search.get("org")! : roots[0]?.id ?? null;
	const [sel, setSel] = useState<{ cell: number; name: string; month: number | null } | null>(null);
	const data = useLoad(async (signal) => {
		if (org === null)
			return null;
		const [map, check] = await Promise.all([
			get<Compliance>(`/orgs/${org}/meetings/compliance${query({ year })}`, signal),
			get<Check>(`/checks/meetings${query({ year, org, limit: 1 })}`, signal),
		]);
		return { map, counts: check.counts };
	}, [org, year]);
	const findings = useLoad(async (signal) => {
		if (!sel)
			return null;
		return get<Check>(`/checks/meetings${query({ year, org: sel.cell, limit: 200 })}`, signal);
	}, [sel?.cell, year]);
	const heading = <PageHeading>{t("cp_title")}</PageHeading>;
	const through = data.value?.map.through ?? "";
	const throughMonth = /^\d{4}-(\d{2})$/.test(through) ? +through.slice(5) : 0;
	const years = [thisYear, thisYear - 1, thisYear - 2];
	return (
		<>
			{heading}
			<div class="toolbar">
				{roots.length > 1 && (
					<SelectField name="cp-org" label={t("cp_scope")} value={String(org)}
						onInput={(v) => { setSel(null); setSearch({ org: v, year: String(year) }); }}
						options={roots.map((r) => ({ value: String(r.id), label: r.name ?? String(r.id) }))} />
				)}
				<SelectField name="cp-year" label={t("cp_year")} value={String(year)}
					onInput={(v) => { setSel(null); setSearch({ org: org ? String(org) : null, year: v }); }}
					options={years.map((y) => ({ value: String(y), label: String(y) }))} />
			</div>
			{data.loading && !data.value ? <Loading /> : data.error ? <ErrorView error={data.error} retry={data.reload} /> :
				!data.value ? null : <>
					{throughMonth > 0 && <p class="muted">{t("cp_through", { m: `${throughMonth}/${year}` })}</p>}
					{data.value.map.stale && <Notice kind="info">{t("cp_stale")}</Notice>}
					<section aria-labelledby="cp-counts-h">
						<h2 id="cp-counts-h">{t("cp_counts")}</h2>
						{Object.keys(data.value.counts).length === 0 ? <p>{t("cp_none")}</p> : (
							<ul class="figures" id="cp-counts">
								{Object.entries(data.value.counts).sort((a, b) => b[1] - a[1]).map(([code, n]) => (
									<li key={code} data-code={code}><span class="figure-value">{formatNumber(n)}</span>
										<span class="figure-label">{tv("fc_", code)}</span></li>
								))}
							</ul>
						)}
					</section>
					<section aria-labelledby="cp-map-h">
						<h2 id="cp-map-h">{t("cp_map")}</h2>
						<p class="muted small">{t("cp_map_caption")}</p>
						<div class="table-wrap heatmap-wrap">
							<table class="heatmap" id="cp-map">
								<caption class="visually-hidden">{t("cp_map")}</caption>
								<thead>
									<tr>
										<th scope="col">{t("mt_cell")}</th>
										{Array.from({ length: 12 }, (_, i) => <th key={i} scope="col" class="num">{i + 1}</th>)}
									</tr>
								</thead>
								<tbody>
									{data.value.map.cells.map((c) => (
										<tr key={c.org_id} data-org={c.org_id}>
											<th scope="row">
												<button type="button" class="link-button" aria-pressed={sel?.cell === c.org_id && sel.month === null ? "true" : "false"}
													onClick={() => setSel({ cell: c.org_id, name: c.name, month: null })}>{c.name}</button>
											</th>
											{Array.from({ length: 12 }, (_, i) => {
												const m = c.months.find((x) => x.month === i + 1);
												const judged = !!m && i + 1 <= throughMonth;
												const lv = m ? level(m, judged) : "none";
												const held = m ? Object.values(m.held).reduce((a, b) => a + b, 0) : 0;
												const label = !m || !judged ? t("cp_no_data") :
													[`${held}`, m.attendance_pct != null ? `${m.attendance_pct}%` : "",
														...(m.codes.length ? m.codes.map((x) => tv("fc_", x)) : [t("cp_ok")])].filter(Boolean).join(", ");
												return (
													<td key={i} class={"hm hm-" + lv}>
														{m && judged ? (
															<button type="button" class="hm-button" title={label}
																aria-label={`${c.name}, ${t("mt_month", { m: String(i + 1), y: String(year) })}: ${label}`}
																onClick={() => setSel({ cell: c.org_id, name: c.name, month: i + 1 })}>
																<span aria-hidden="true">{held}{m.codes.length ? "!" : ""}</span>
															</button>
														) : <span class="hm-none" aria-label={t("cp_no_data")}>·</span>}
													</td>
												);
											})}
										</tr>
									))}
								</tbody>
							</table>
						</div>
					</section>
					{sel && (
						<section aria-labelledby="cp-find-h" id="cp-findings">
							<h2 id="cp-find-h">{t("cp_findings_of", { cell: sel.name + (sel.month ? ` — ${t("mt_month", { m: String(sel.month), y: String(year) })}` : "") })}</h2>
							{findings.loading ? <Loading /> : findings.error ? <ErrorView error={findings.error} retry={findings.reload} /> : (() => {
								const all = findings.value?.items ?? [];
								const mm = sel.month ? `${year}-${String(sel.month).padStart(2, "0")}` : null;
								const q = sel.month ? Math.floor((sel.month - 1) / 3) + 1 : 0;
								const items = mm ? all.filter((f) => f.period === mm || f.period === `${year}-Q${q}` && sel.month! % 3 === 0 || f.period === String(year)) : all;
								return items.length === 0 ? <p>{t("cp_none")}</p> : (
									<ul class="findings">
										{items.map((f, i) => (
											<li key={i} data-code={f.code}>
												<strong>{tv("fc_", f.code)}</strong> · {f.period}{f.member_name ? ` · ${f.member_name}` : ""}
												<br /><span>{f.message}</span>
												<br /><small class="citation">{f.rule_id}{f.citation ? ` — ${f.citation}` : ""}</small>
												{f.meeting_id && <> · <a href={`/meetings/${f.meeting_id}`}>{t("cp_open_meeting")}</a></>}
											</li>
										))}
									</ul>
								);
							})()}
						</section>
					)}
				</>}
		</>
	);
}
