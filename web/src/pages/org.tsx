// One organisation: what it is, its figures and rule warnings, its
// subordinate organisations with their counts, and its history.
import { get, type Org, type OrgDetail, type OrgEvent } from "../api";
import { orgsCached } from "../data";
import { loc, setSearch } from "../router";
import { useSignal } from "../state";
import { orgFilters, Results, singleCell } from "./members";
import { can } from "../roles";
import { formatDate, formatNumber, formatTime } from "../format";
import { t, tv, recordedBy } from "../i18n";
import { mayOpen } from "../routes";
import { useUser } from "../session";
import { ErrorView, Loading, Notice, PageHeading, show, useLoad } from "../ui/ui";
import { useState } from "preact/hooks";
import { OfficerForm } from "./org-officer";

function History(props: { id: number }) {
	const h = useLoad((signal) => get<{ items: OrgEvent[] }>(`/orgs/${props.id}/history`, signal), [props.id]);
	if (h.loading)
		return <Loading />;
	if (h.error || !h.value)
		return <ErrorView error={h.error} retry={h.reload} />;
	return (
		<ol class="timeline">
			{h.value.items.map((e) => (
				<li key={e.id}>
					<p><strong>{tv("oev_", e.kind)}</strong> · {formatDate(e.on)}{e.doc_no && <> · {t("ev_doc", { doc: e.doc_no })}</>}</p>
					<small class="muted">{t("ev_by", { who: recordedBy(e.recorded_by), at: formatTime(e.recorded_at) })}</small>
				</li>
			))}
		</ol>
	);
}

interface Officer {
	id: number;
	member_id: number;
	position: string;
	started_on: string;
	ended_on: string | null;
	doc_no: string | null;
	member_name: string | null;
}

/** The committee in force today (GET /orgs/{id}/officers). */
function Leadership(props: { org: OrgDetail }) {
	const u = useUser();
	const l = useLoad((signal) => get<{ items: Officer[] }>(`/orgs/${props.org.id}/officers`, signal), [props.org.id]);
	const [adding, setAdding] = useState(false);
	const [saved, setSaved] = useState(false);
	if (l.loading && !l.value)
		return <Loading />;
	if (l.error || !l.value)
		return <ErrorView error={l.error} retry={l.reload} />;
	const mayAdd = can(u, "org.write") && !props.org.valid_to && (props.org.counts?.members ?? 0) > 0;
	const add = <>
		{saved && <Notice kind="ok">{t("offf_saved")}</Notice>}
		{mayAdd && !adding && <p><button type="button" class="secondary" onClick={() => { setAdding(true); setSaved(false); }}>{t("offf_open")}</button></p>}
		{mayAdd && adding && <OfficerForm orgId={props.org.id} onCancel={() => setAdding(false)}
			onDone={() => { setAdding(false); setSaved(true); l.reload(); }} />}
	</>;
	if (l.value.items.length === 0)
		return <><p>{t("org_leadership_none")}</p>{add}</>;
	return (
		<>
			<ul class="leaders" id="org-leaders">
				{l.value.items.map((x) => (
					<li key={x.id}>
						<strong>{tv("pos_", x.position)}</strong>:{" "}
						{mayOpen(u, `/members/${x.member_id}`) ? <a href={`/members/${x.member_id}`}>{x.member_name ?? `#${x.member_id}`}</a>
							: <span>{x.member_name ?? `#${x.member_id}`}</span>}
						{" "}<span class="muted">({[t("org_leader_since", { from: formatDate(x.started_on) }),
							x.ended_on ? t("org_leader_until", { to: formatDate(x.ended_on) }) : null,
							x.doc_no ? t("org_leader_doc", { doc: x.doc_no }) : null].filter(Boolean).join(", ")})</span>
					</li>
				))}
			</ul>
			<p class="muted small">{t("org_leadership_hint")}</p>
			{add}
		</>
	);
}

/** The organisation's members (its whole subtree), paged as the member
 * list is (the page in the address); the cell column only when the
 * subtree holds members in more than one cell. */
function OrgMembers(props: { org: OrgDetail }) {
	const u = useUser();
	const l = useSignal(loc);
	const orgs = useLoad(() => orgsCached().catch(() => [] as Org[]), []);
	if (!orgs.value)
		return <Loading />;
	const list = orgs.value;
	return (
		<Results filters={orgFilters(props.org.id)} supported={new Set()} orgs={new Map(list.map((o) => [o.id, o]))}
			canRead={can(u, "member.read")} hideCell={singleCell(list, u.choices.member_org_kinds, String(props.org.id))}
			page={Math.max(1, +(l.search.get("page") ?? "1") || 1)} cursor={l.search.get("cursor")}
			onPage={(p, c) => setSearch({ page: p > 1 ? String(p) : null, cursor: p > 1 ? c : null })} />
	);
}

export function OrgPage(props: { id: number }) {
	const u = useUser();
	const org = useLoad((signal) => get<OrgDetail>(`/orgs/${props.id}`, signal), [props.id]);
	if (org.loading)
		return <Loading />;
	if (org.error || !org.value)
		return <><PageHeading>{t("orgs_title")}</PageHeading><ErrorView error={org.error} retry={org.reload} /></>;
	const o = org.value;
	const c = o.counts;
	return (
		<>
			<nav aria-label="breadcrumb" class="breadcrumb">
				<ul>
					<li><a href="/orgs">{t("orgs_title")}</a></li>
					{o.parent && o.parent.name != null && <li><a href={`/orgs/${o.parent.id}`}>{o.parent.name}</a></li>}
					<li aria-current="page">{o.name}</li>
				</ul>
			</nav>
			<PageHeading sub={<><span class="badge">{tv("kind_", o.kind)}</span> <code>{o.code}</code>
				{o.valid_to && <span class="badge badge-closed">{t("org_closed")} {formatDate(o.valid_to)}</span>}</>}>
				{o.name}
			</PageHeading>
			<div class="actions">
				{mayOpen(u, "/members") && <a class="btn" href={`/members?org=${o.id}`}>{t("org_list_members")}</a>}
				{mayOpen(u, "/meetings") && <a class="btn secondary" href={`/meetings?org=${o.id}`}>{t("nav_meetings")}</a>}
				{mayOpen(u, "/meetings/compliance") && !u.choices.member_org_kinds.includes(o.kind) &&
					<a class="btn secondary" href={`/meetings/compliance?org=${o.id}`}>{t("cp_title")}</a>}
				{mayOpen(u, `/orgs/${o.id}/edit`) && <a class="btn secondary" href={`/orgs/${o.id}/edit`}>{t("org_edit")}</a>}
				{mayOpen(u, "/orgs/new") && !o.valid_to &&
					<a class="btn outline" href={`/orgs/new?parent=${o.id}`}>{t("org_new")}</a>}
			</div>
			{o.warnings && o.warnings.length > 0 && (
				<section class="notice notice-warn" aria-labelledby="warn-h">
					<h2 id="warn-h">{t("warnings_title")}</h2>
					<ul>{o.warnings.map((w, i) => <li key={i}>{t("warn_cell_below_min_official", { min: w.min ?? "?" })} {w.citation && <small class="citation">({w.citation})</small>}</li>)}</ul>
				</section>
			)}
			{c && (
				<section aria-labelledby="counts-h">
					<h2 id="counts-h">{t("org_counts")}</h2>
					<ul class="figures">
						<li><span class="figure-value">{formatNumber(c.members)}</span><span class="figure-label">{t("fig_members")}</span></li>
						<li><span class="figure-value">{formatNumber(c.official)}</span><span class="figure-label">{t("fig_official")}</span></li>
						<li><span class="figure-value">{formatNumber(c.probationary)}</span><span class="figure-label">{t("fig_probationary")}</span></li>
						<li><span class="figure-value">{formatNumber(c.descendants)}</span><span class="figure-label">{t("org_descendants")}</span></li>
					</ul>
				</section>
			)}
			<dl class="facts">
				<div><dt>{t("org_parent")}</dt><dd>{!o.parent ? t("none") : o.parent.name == null ? t("org_parent_outside") : <a href={`/orgs/${o.parent.id}`}>{o.parent.name}</a>}</dd></div>
				<div><dt>{t("org_valid_from")}</dt><dd>{formatDate(o.valid_from)}</dd></div>
				<div><dt>{t("org_members_direct")}</dt><dd>{show(c ? formatNumber(c.members_direct) : null)}</dd></div>
			</dl>
			<section aria-labelledby="org-leadership-h">
				<h2 id="org-leadership-h">{t("org_leadership")}</h2>
				<Leadership org={o} />
			</section>
			{mayOpen(u, "/members") && (c?.members ?? 0) > 0 && (
				<section aria-labelledby="org-members-h">
					<h2 id="org-members-h">{t("org_members")}</h2>
					<OrgMembers org={o} />
				</section>
			)}
			<section aria-labelledby="children-h">
				<h2 id="children-h">{t("org_children")}</h2>
				{!o.children || o.children.length === 0 ? <p>{t("org_no_children")}</p> : (
					<div class="table-wrap">
						<table class="striped responsive">
							<thead>
								<tr>
									<th scope="col">{t("org_name")}</th>
									<th scope="col">{t("org_code")}</th>
									<th scope="col">{t("org_kind")}</th>
									<th scope="col" class="num">{t("fig_members")}</th>
									<th scope="col" class="num">{t("fig_official")}</th>
									<th scope="col" class="num">{t("fig_probationary")}</th>
								</tr>
							</thead>
							<tbody>
								{o.children.map((ch) => (
									<tr key={ch.id}>
										<th scope="row" data-label={t("org_name")}><a href={`/orgs/${ch.id}`}>{ch.name}</a>
											{ch.valid_to && <> <span class="badge badge-closed">{t("org_closed")}</span></>}</th>
										<td data-label={t("org_code")}><code>{ch.code}</code></td>
										<td data-label={t("org_kind")}>{tv("kind_", ch.kind)}</td>
										<td data-label={t("fig_members")} class="num">{formatNumber(ch.counts?.members)}</td>
										<td data-label={t("fig_official")} class="num">{formatNumber(ch.counts?.official)}</td>
										<td data-label={t("fig_probationary")} class="num">{formatNumber(ch.counts?.probationary)}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</section>
			<section aria-labelledby="history-h">
				<h2 id="history-h">{t("org_history")}</h2>
				<History id={o.id} />
			</section>
		</>
	);
}
