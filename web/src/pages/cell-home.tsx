// A cell secretary's home: their cell, not the office's charts: how many
// members of each kind, who is probationary and when their 12 months end,
// what comes up in the rulebook's notice window, and links to act.
// Figures are the server's (GET /orgs/{id}); the probation dates and
// rules too (GET /members/probation).
import { get, type Member, type OrgDetail, type Page } from "../api";
import { formatDate, formatNumber } from "../format";
import { t } from "../i18n";
import { can } from "../roles";
import { mayOpen } from "../routes";
import { useUser } from "../session";
import { ErrorView, Loading, useLoad } from "../ui/ui";
import { daysText, loadProbation, ProbationTable } from "./probation";

export function CellHome(props: { orgId: number }) {
	const u = useUser();
	const data = useLoad(async (signal) => {
		const [org, prob, exempt] = await Promise.all([
			get<OrgDetail>(`/orgs/${props.orgId}`, signal),
			loadProbation(props.orgId, true, signal),
			// Exempted members: the list's own filter would be better; the
			// cell is small (one page).
			get<Page<Member>>(`/members?org=${props.orgId}&limit=1000`, signal),
		]);
		return { org, prob, exempt: exempt.items.filter((m) => m.exempt_since).length };
	}, [props.orgId]);
	if (data.loading)
		return <Loading />;
	if (data.error || !data.value)
		return <ErrorView error={data.error} retry={data.reload} />;
	const { org, prob, exempt } = data.value;
	const c = org.counts;
	const days = prob.notice_days;
	const soon = prob.items.filter((x) => x.state !== "running");
	const figures: [string, number | undefined, string][] = [
		[t("fig_members"), c?.members, "fig-members"],
		[t("fig_official"), c?.official, "fig-official"],
		[t("fig_probationary"), c?.probationary, "fig-probationary"],
		[t("home_cell_exempt"), exempt, "fig-exempt"],
	];
	return (
		<>
			<p class="scope-line">
				<span class="muted">{t("home_scope")}: </span>
				{mayOpen(u, `/orgs/${org.id}`) ? <a href={`/orgs/${org.id}`}><strong>{org.name}</strong></a> : <strong>{org.name}</strong>}
			</p>
			<section aria-labelledby="cell-members-h">
				<h2 id="cell-members-h">{t("home_cell_members")}</h2>
				<ul class="figures">
					{figures.map(([label, n, id]) => (
						<li key={id} id={id}>
							<span class="figure-value">{formatNumber(n)}</span>
							<span class="figure-label">{label}</span>
						</li>
					))}
				</ul>
			</section>
			{org.warnings && org.warnings.length > 0 && (
				<section class="notice notice-warn" aria-labelledby="warn-h">
					<h2 id="warn-h">{t("warnings_title")}</h2>
					<ul>{org.warnings.map((w, i) => <li key={i}>{t("warn_cell_below_min_official", { min: w.min ?? "?" })} {w.citation && <small class="citation">({w.citation})</small>}</li>)}</ul>
				</section>
			)}
			<div class="actions">
				{mayOpen(u, "/members") && <a class="btn" href={`/members?org=${org.id}`}>{t("home_cell_open_list")}</a>}
				{mayOpen(u, "/probation") && <a class="btn secondary" href={`/probation?org=${org.id}`}>{t("home_cell_open_probation")}</a>}
				{mayOpen(u, `/orgs/${org.id}`) && <a class="btn outline" href={`/orgs/${org.id}`}>{t("home_cell_open_org")}</a>}
			</div>
			<div class="cell-home-grid">
				<section aria-labelledby="cell-milestones-h">
					<h2 id="cell-milestones-h">{t("home_cell_milestones")}</h2>
					{soon.length === 0 ? <p>{t("home_cell_milestones_none", { days })}</p> : (
						<ul class="milestones">
							{soon.map((x) => (
								<li key={x.member_id}>
									<time dateTime={x.ends_on}>{formatDate(x.ends_on)}</time> ({daysText(x.days)}):{" "}
									{t("milestone_official", { name: x.full_name })}
									{x.citation && <small class="citation"> ({x.citation})</small>}
								</li>
							))}
						</ul>
					)}
				</section>
				<section aria-labelledby="cell-prob-h">
					<h2 id="cell-prob-h">{t("home_cell_probation")}</h2>
					{prob.items.length === 0 ? <p>{t("home_cell_probation_none")}</p> :
						<ProbationTable id="cell-probation" items={prob.items} caption={t("home_cell_probation")} hideCell
							canRead={can(u, "member.read")} />}
				</section>
			</div>
		</>
	);
}
