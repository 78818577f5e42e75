// The organisation tree: from the top of the user's scope, each level
// loaded when opened (GET /orgs/{id} gives the children with their counts),
// and a search by name or code (GET /orgs?q=).
import { useEffect, useState } from "preact/hooks";
import { get, query, type Org, type OrgCounts, type OrgDetail, type Page } from "../api";
import { formatNumber } from "../format";
import { t, tv } from "../i18n";
import { scopeRoots } from "../roles";
import { mayOpen } from "../routes";
import { loc, setSearch } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorView, Loading, PageHeading, useLoad } from "../ui/ui";

type Node = Org & { counts?: OrgCounts };

function OrgLine(props: { org: Node }) {
	const o = props.org;
	return (
		<span class="org-line">
			<a href={`/orgs/${o.id}`}>{o.name}</a>
			<span class="org-meta">
				<span class="badge">{tv("kind_", o.kind)}</span>
				<code>{o.code}</code>
				{o.valid_to && <span class="badge badge-closed">{t("org_closed")}</span>}
				{o.counts && <span class="count">{t("org_members_count", { n: formatNumber(o.counts.members) })}</span>}
			</span>
		</span>
	);
}

function TreeNode(props: { org: Node; initiallyOpen?: boolean }) {
	const o = props.org;
	const expandable = (o.counts?.children ?? 1) > 0;
	const [open, setOpen] = useState(!!props.initiallyOpen);
	const [kids, setKids] = useState<Node[] | null>(null);
	const [error, setError] = useState<unknown>(null);
	useEffect(() => {
		if (!open || kids !== null)
			return;
		const ac = new AbortController();
		get<OrgDetail>(`/orgs/${o.id}`, ac.signal).then(
			(d) => setKids(d.children ?? []),
			(e) => !ac.signal.aborted && setError(e));
		return () => ac.abort();
	}, [open]);
	const label = t(open ? "org_collapse" : "org_expand", { name: o.name });
	return (
		<li>
			<div class="tree-row">
				{expandable
					? <button type="button" class="tree-toggle" aria-expanded={open ? "true" : "false"}
						aria-label={label} title={label} onClick={() => setOpen(!open)}>
						<span aria-hidden="true">{open ? "▾" : "▸"}</span>
					</button>
					: <span class="tree-leaf" aria-hidden="true">•</span>}
				<OrgLine org={o} />
			</div>
			{open && expandable && (
				error ? <ErrorView error={error} />
					: kids === null ? <Loading />
						: kids.length > 0 && <ul class="tree">{kids.map((k) => <TreeNode key={k.id} org={k} />)}</ul>
			)}
		</li>
	);
}

function Tree(props: { rootId: number }) {
	const root = useLoad((signal) => get<OrgDetail>(`/orgs/${props.rootId}`, signal), [props.rootId]);
	if (root.loading)
		return <Loading />;
	if (root.error || !root.value)
		return <ErrorView error={root.error} retry={root.reload} />;
	return (
		<ul class="tree tree-root">
			<TreeNode org={root.value} initiallyOpen />
		</ul>
	);
}

function SearchResults(props: { q: string }) {
	const res = useLoad(async (signal) => {
		await new Promise((ok) => setTimeout(ok, 200));	// typing: wait for a pause
		signal.throwIfAborted();
		return get<Page<Org>>(`/orgs${query({ q: props.q, limit: 100, include_closed: true })}`, signal);
	}, [props.q]);
	return (
		<section aria-labelledby="org-results-h" aria-busy={res.loading ? "true" : "false"}>
			<h2 id="org-results-h">{t("orgs_results")}</h2>
			{res.error ? <ErrorView error={res.error} retry={res.reload} />
				: res.value && (res.value.items.length === 0
					? <p role="status">{t("orgs_no_results")}</p>
					: <ul class="results">{res.value.items.map((o) => <li key={o.id}><OrgLine org={o} /></li>)}</ul>)}
			{res.loading && !res.value && <Loading />}
		</section>
	);
}

export function Orgs() {
	const u = useUser();
	const l = useSignal(loc);
	const q = l.search.get("q") ?? "";
	const roots = scopeRoots(u);
	return (
		<>
			<PageHeading>{t("orgs_title")}</PageHeading>
			<div class="toolbar">
				<div class="field grow">
					<label for="org-q">{t("orgs_search")}</label>
					<input id="org-q" type="search" value={q} autoComplete="off" aria-describedby="org-q-hint"
						onInput={(e) => setSearch({ q: e.currentTarget.value })} />
					<small id="org-q-hint">{t("orgs_search_hint")}</small>
				</div>
				{mayOpen(u, "/orgs/new") && roots[0] &&
					<a class="btn toolbar-action" href={`/orgs/new?parent=${roots[0].id}`}>{t("org_new")}</a>}
			</div>
			{q.trim() ? <SearchResults q={q.trim()} /> : (
				<section aria-label={t("orgs_tree")}>
					{roots.map((r) => <Tree key={r.id} rootId={r.id} />)}
				</section>
			)}
		</>
	);
}
