// The probation list: probationary members whose 12 months end within
// the rulebook's notice window, and those past it without a decision
// (GET /members/probation), each with the day it ends and the rule.
// Nothing is computed here: dates, days and citations are the server's.
import { useState } from "preact/hooks";
import { get, query, type Org } from "../api";
import { orgsCached } from "../data";
import { formatDate, formatNumber } from "../format";
import { t } from "../i18n";
import { can, scopeRoots } from "../roles";
import { loc, setSearch } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorView, Loading, PageHeading, SelectField, useLoad } from "../ui/ui";
import { singleCell } from "./members";

export interface ProbationEntry {
	member_id: number;
	full_name: string;
	org_id: number;
	org_name: string | null;
	admitted_on: string;
	ends_on: string;
	days: number;
	state: "overdue" | "due" | "running";
	rule: string;
	citation: string | null;
}

interface RuleRef {
	id: string;
	value: number;
	citation: { text?: string };
}

export interface ProbationList {
	on: string;
	notice_days: number;
	rules: { period: RuleRef; notice: RuleRef };
	items: ProbationEntry[];
	truncated: boolean;
}

export function loadProbation(org: number | null, all: boolean, signal?: AbortSignal): Promise<ProbationList> {
	return get<ProbationList>(`/members/probation${query({ org, all: all || null })}`, signal);
}

/** "còn 12 ngày", "hôm nay", "quá 3 ngày". */
export function daysText(days: number): string {
	return days > 0 ? t("prob_days_left", { n: formatNumber(days) }) :
		days === 0 ? t("prob_days_today") : t("prob_days_past", { n: formatNumber(-days) });
}

export function ProbationTable(props: { items: ProbationEntry[]; caption: string; hideCell: boolean; canRead: boolean; id: string }) {
	return (
		<div class="table-wrap">
			<table class="striped responsive" id={props.id}>
				<caption class="visually-hidden">{props.caption}</caption>
				<thead>
					<tr>
						<th scope="col">{t("prob_name")}</th>
						{!props.hideCell && <th scope="col">{t("prob_org")}</th>}
						<th scope="col">{t("prob_admitted")}</th>
						<th scope="col">{t("prob_ends")}</th>
						<th scope="col">{t("prob_when")}</th>
						<th scope="col">{t("prob_rule")}</th>
					</tr>
				</thead>
				<tbody>
					{props.items.map((x) => (
						<tr key={x.member_id} data-state={x.state}>
							<th scope="row" data-label={t("prob_name")}>
								{props.canRead ? <a href={`/members/${x.member_id}`}>{x.full_name}</a> : x.full_name}</th>
							{!props.hideCell && <td data-label={t("prob_org")}>{x.org_name ?? `#${x.org_id}`}</td>}
							<td data-label={t("prob_admitted")}>{formatDate(x.admitted_on)}</td>
							<td data-label={t("prob_ends")}><time dateTime={x.ends_on}>{formatDate(x.ends_on)}</time></td>
							<td data-label={t("prob_when")} class={x.days < 0 ? "prob-days-overdue" : undefined}>{daysText(x.days)}</td>
							<td data-label={t("prob_rule")}><small class="citation">{x.citation ?? x.rule}</small></td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	);
}

export function Probation() {
	const u = useUser();
	const l = useSignal(loc);
	const roots = scopeRoots(u);
	const [, setTick] = useState(0);
	const org = l.search.get("org") ? +l.search.get("org")! : roots.length > 1 ? roots[0]!.id : null;
	const data = useLoad(async (signal) => {
		const [list, orgs] = await Promise.all([loadProbation(org, false, signal), orgsCached().catch(() => [] as Org[])]);
		return { list, orgs };
	}, [org]);
	const heading = <PageHeading>{t("prob_title")}</PageHeading>;
	if (data.loading)
		return <>{heading}<Loading /></>;
	if (data.error || !data.value)
		return <>{heading}<ErrorView error={data.error} retry={data.reload} /></>;
	const { list, orgs } = data.value;
	const hideCell = singleCell(orgs, u.choices.member_org_kinds, org ? String(org) : "");
	const overdue = list.items.filter((x) => x.state === "overdue");
	const due = list.items.filter((x) => x.state === "due");
	const days = list.notice_days;
	const canRead = can(u, "member.read");
	return (
		<>
			{heading}
			<p>{t("prob_intro", { days })}</p>
			{roots.length > 1 && (
				<SelectField name="prob-scope" label={t("prob_scope")} value={String(org)}
					onInput={(v) => { setSearch({ org: v }); setTick((x) => x + 1); }}
					options={roots.map((r) => ({ value: String(r.id), label: r.name ?? String(r.id) }))} />
			)}
			{list.truncated && <p class="notice notice-warn">{t("prob_truncated")}</p>}
			<section aria-labelledby="prob-overdue-h">
				<h2 id="prob-overdue-h">{t("prob_overdue", { n: overdue.length })}</h2>
				{overdue.length === 0 ? <p>{t("prob_none_overdue")}</p> :
					<ProbationTable id="prob-overdue" items={overdue} caption={t("prob_overdue", { n: overdue.length })}
						hideCell={hideCell} canRead={canRead} />}
			</section>
			<section aria-labelledby="prob-due-h">
				<h2 id="prob-due-h">{t("prob_due", { days, n: due.length })}</h2>
				{due.length === 0 ? <p>{t("prob_none_due", { days })}</p> :
					<ProbationTable id="prob-due" items={due} caption={t("prob_due", { days, n: due.length })}
						hideCell={hideCell} canRead={canRead} />}
			</section>
			<p class="muted small" id="prob-rules">{t("prob_rules_note", {
				period: `${list.rules.period.id} (${list.rules.period.citation.text ?? ""})`,
				days, notice: `${list.rules.notice.id} (${list.rules.notice.citation.text ?? ""})`,
			})}</p>
		</>
	);
}
