// The member list: search as you type (the API ignores tone marks, case
// and đ/d), filters, the API's Vietnamese order (never sorted again here),
// pages by cursor, and an export of exactly what is shown.  The filters
// live in the address, so a reload or a shared link shows the same list.
import { useEffect, useRef, useState } from "preact/hooks";
import { get, query, type Member, type Org, type Page, type User } from "../api";
import { ethnicities, orgsCached, supportedFilters } from "../data";
import { ageBandLabel, formatDate, formatNumber } from "../format";
import { t, tv } from "../i18n";
import { can } from "../roles";
import { mayOpen } from "../routes";
import { loc, restoreScroll, scrollPending, setSearch } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorView, Loading, PageHeading, show, useLoad } from "../ui/ui";
import { ExportMenu } from "../ui/export-menu";
import { PHONE_QUERY, useMedia } from "../ui/media";

const filterKeys = ["q", "org", "status", "state", "sort", "ethnicity", "age_band", "admitted_year"] as const;
export type Filters = Record<(typeof filterKeys)[number], string>;

/** No filter but the organisation. */
export function orgFilters(org: number): Filters {
	const f = readFilters(new URLSearchParams());
	f.org = String(org);
	return f;
}

function readFilters(search: URLSearchParams): Filters {
	const f = {} as Filters;
	for (const k of filterKeys)
		f[k] = search.get(k) ?? "";
	return f;
}

/** The query of the list and of its export (the filters the server knows). */
function listQuery(f: Filters, supported: Set<string>): Record<string, string> {
	const q: Record<string, string> = {};
	for (const k of filterKeys)
		if (f[k] && (!(["ethnicity", "age_band", "admitted_year"] as string[]).includes(k) || supported.has(k)))
			q[k] = k === "q" ? f[k].trim() : f[k];
	return q;
}

/** "Hidden" for a field withheld from the account (the API's "masked"),
 * else null: the cell shows the value. */
function hidden(m: Member, f: string): string | null {
	return m.masked?.includes(f) ? t("hidden_value") : null;
}

/** The filters and sorts by personal data the account may not use (the
 * API refuses them: 403 forbidden_filter), by what its grants allow. */
function withheldFilters(u: User): Set<string> {
	const w = new Set<string>();
	if (!can(u, "member.personal"))
		["ethnicity", "age_band", "birth_date"].forEach((k) => w.add(k));
	if (!can(u, "member.read"))
		w.add("admitted_year").add("admitted_on");
	return w;
}

type ListPage = Page<Member> & { total?: number; total_exact?: boolean };
/** GET /members/count: the list's total, asked after its page. */
type Count = { total: number; total_exact: boolean };
/** What a load answered, and for which list (key) and page (cursor). */
type Of<T> = T & { key: string; cursor: string | null };

/** The cursors of the pages seen of one list (its query), so that Prev
 * works after a reload or a Back: page n is shown from cursors[n - 1]. */
function cursorChain(key: string): (string | null)[] {
	try {
		const v = JSON.parse(sessionStorage.getItem("chibo.pages:" + key) ?? "null");
		return Array.isArray(v) ? v : [null];
	} catch {
		return [null];
	}
}

function saveChain(key: string, chain: (string | null)[]): void {
	try {
		sessionStorage.setItem("chibo.pages:" + key, JSON.stringify(chain));
	} catch {
		/* not kept: Prev goes back to the first page */
	}
}

/** A member's phone and e-mail as links, when the account may see them. */
function Contact(props: { m: Member }) {
	const m = props.m;
	const tel = m.phone && !m.masked?.includes("phone") ? m.phone : null;
	const mail = m.email && !m.masked?.includes("email") ? m.email : null;
	if (!tel && !mail)
		return null;
	return (
		<div class="member-card-contact">
			{tel && <a class="contact-link" href={"tel:" + tel.replace(/[^\d+]/g, "")}>
				<span aria-hidden="true">☎ </span><span class="visually-hidden">{t("cards_call", { name: m.full_name })}: </span>{tel}</a>}
			{mail && <a class="contact-link" href={"mailto:" + mail}>
				<span aria-hidden="true">✉ </span><span class="visually-hidden">{t("cards_mail", { name: m.full_name })}: </span>{mail}</a>}
		</div>
	);
}

/** On a phone: one card a member, the whole card's head a link. */
function Cards(props: { items: Member[]; orgs: Map<number, Org>; canRead: boolean; hideCell: boolean }) {
	return (
		<ul class="member-cards">
			{props.items.map((m) => {
				const head = <>
					<strong class="member-card-name">{m.full_name}</strong>
					<span class="member-card-meta">
						<span class={"badge badge-" + m.status}>{tv("status_", m.status)}</span>
						{m.state !== "active" && <> <span class="badge badge-closed">{tv("state_", m.state)}</span></>}
						{!props.hideCell && <span> {props.orgs.get(m.org_id)?.name ?? `#${m.org_id}`}</span>}
					</span>
					<span class="member-card-meta">{t("f_birth_date")}: {hidden(m, "birth_date") ?? formatDate(m.birth_date)}</span>
				</>;
				return (
					<li key={m.id} class="member-card">
						{props.canRead ? <a class="member-card-main" href={`/members/${m.id}`}>{head}</a>
							: <div class="member-card-main">{head}</div>}
						<Contact m={m} />
					</li>
				);
			})}
		</ul>
	);
}

/** The counts of the lists seen (by their query), kept while the app
 * runs: Back to a list shows its count at once, in its place. */
const countCache = new Map<string, Of<Count>>();

export function Results(props: { filters: Filters; supported: Set<string>; orgs: Map<number, Org>; canRead: boolean;
	hideCell: boolean; page: number; cursor: string | null; onPage: (page: number, cursor: string | null) => void }) {
	const phone = useMedia(PHONE_QUERY);
	const limit = phone ? 20 : 50;
	const key = JSON.stringify(listQuery(props.filters, props.supported));
	const n = props.page;
	const page = useLoad(async (signal) => {
		// Typing: ask once the typist pauses, not at every key.
		if (props.filters.q)
			await new Promise((ok) => setTimeout(ok, 180));
		signal.throwIfAborted();
		// The page first (total=later: no counting before it); its count
		// is asked apart once the page is shown.
		const got = await get<ListPage>(`/members${query({ ...listQuery(props.filters, props.supported), limit, cursor: props.cursor, total: "later" })}`, signal);
		return { ...got, key, cursor: props.cursor } as Of<ListPage>;
	}, [key, props.cursor, limit]);
	// A first page without a next one holds every match: its own count.
	// Else GET /members/count, once the page is shown, once per list.
	const shown = !!page.value && !page.loading && page.value.key === key && page.value.cursor === props.cursor;
	const whole = shown && !props.cursor && !page.value?.next_cursor;
	const counts = useRef(new Map<string, Of<Count>>());
	const counted = useLoad(async (signal) => {
		if (!shown || whole)
			return null;
		// This list's count while it is shown; coming Back to it, the
		// count it had (a fresh visit counts again: members change).
		const known = counts.current.get(key) ?? (scrollPending() ? countCache.get(key) : undefined);
		if (known)
			return known;
		const got = await get<Count>(`/members/count${query(listQuery(props.filters, props.supported))}`, signal);
		const c = { ...got, key, cursor: null };
		counts.current.set(key, c);
		if (countCache.size >= 64)
			countCache.clear();
		countCache.set(key, c);
		return c;
	}, [key, shown, whole]);
	const headRef = useRef<HTMLHeadingElement>(null);
	// Back to this page from a member: where it was scrolled, once the
	// count's line above the list is there too (else the list moves down
	// under the reader when it comes).
	const countSettled = whole || page.value?.total !== undefined ||
		counted.value?.key === key || !!counted.error;
	useEffect(() => {
		if (page.value && !page.loading && countSettled)
			restoreScroll();
	}, [page.value, page.loading, countSettled]);
	function go(next: number, cursor: string | null) {
		const chain = cursorChain(key).slice(0, next);
		chain[next - 1] = cursor;
		saveChain(key, chain);
		props.onPage(next, cursor);
		window.scrollTo(0, 0);
		headRef.current?.focus({ preventScroll: true });
	}
	if (page.error)
		return <ErrorView error={page.error} retry={page.reload} />;
	const items = page.value?.items;
	const known: Count | null | undefined = page.value?.total !== undefined ?
		{ total: page.value.total, total_exact: page.value.total_exact !== false } :
		whole ? { total: page.value?.items.length ?? 0, total_exact: true } :
		counted.value?.key === key ? counted.value : null;
	const total = known?.total;
	const count = total === undefined ? null :
		known?.total_exact === false ? t("office_total_more", { n: formatNumber(total) }) : t("office_total", { n: formatNumber(total) });
	return (
		<section aria-labelledby="members-table-h" aria-busy={page.loading ? "true" : "false"}>
			<h2 id="members-table-h" class="visually-hidden" tabIndex={-1} ref={headRef}>{t("members_table")} · {t("list_page_of", { n })}</h2>
			<p class="muted result-count" role="status" aria-live="polite">
				{page.loading ? t("loading") : items && (items.length === 0 ? t("members_none") :
					[count, t("members_page", { n }), t("members_shown", { n: formatNumber(items.length) })].filter(Boolean).join(" · "))}
			</p>
			{items && items.some((m) => m.masked?.length) &&
				<p class="muted small" id="members-masked-note">{t("members_masked_note")}</p>}
			{items && items.length > 0 && (phone
				? <Cards items={items} orgs={props.orgs} canRead={props.canRead} hideCell={props.hideCell} />
				: (
					<div class="table-wrap">
						<table class="striped responsive members-table">
							<thead>
								<tr>
									<th scope="col">{t("f_full_name")}</th>
									<th scope="col">{t("f_birth_date")}</th>
									<th scope="col">{t("f_gender")}</th>
									<th scope="col">{t("f_ethnicity")}</th>
									<th scope="col">{t("f_admitted_on")}</th>
									<th scope="col">{t("f_status")}</th>
									{!props.hideCell && <th scope="col">{t("f_org_id")}</th>}
								</tr>
							</thead>
							<tbody>
								{items.map((m) => (
									<tr key={m.id}>
										<th scope="row" class="member-name" data-label={t("f_full_name")}>
											{props.canRead ? <a href={`/members/${m.id}`}>{m.full_name}</a> : m.full_name}
										</th>
										<td data-label={t("f_birth_date")}>{hidden(m, "birth_date") ?? formatDate(m.birth_date)}</td>
										<td data-label={t("f_gender")}>{hidden(m, "gender") ?? tv("gender_", m.gender)}</td>
										<td data-label={t("f_ethnicity")}>{hidden(m, "ethnicity") ?? show(m.ethnicity)}</td>
										<td data-label={t("f_admitted_on")}>{hidden(m, "admitted_on") ?? formatDate(m.admitted_on)}</td>
										<td data-label={t("f_status")}>
											<span class={"badge badge-" + m.status}>{tv("status_", m.status)}</span>
											{m.state !== "active" && <> <span class="badge badge-closed">{tv("state_", m.state)}</span></>}
										</td>
										{!props.hideCell && <td data-label={t("f_org_id")}>{props.orgs.get(m.org_id)?.name ?? `#${m.org_id}`}</td>}
									</tr>
								))}
							</tbody>
						</table>
					</div>
				))}
			{(n > 1 || page.value?.next_cursor) && (
				<nav class="pager" aria-label={t("office_pages")}>
					<button type="button" class="secondary outline" disabled={n <= 1 || page.loading}
						onClick={() => go(n - 1, cursorChain(key)[n - 2] ?? null)}>← {t("members_prev")}</button>
					<span aria-current="page">{t("members_page", { n })}</span>
					<button type="button" class="secondary outline" disabled={!page.value?.next_cursor || page.loading}
						onClick={() => go(n + 1, page.value!.next_cursor)}>{t("members_next")} →</button>
				</nav>
			)}
			{page.loading && !items && <Loading />}
		</section>
	);
}

/** True if the organisations the list may cover hold members in one
 * cell only (the cell column would say the same on every row). */
export function singleCell(orgs: Org[], holding: readonly string[], orgFilter: string): boolean {
	const byId = new Map(orgs.map((o) => [o.id, o]));
	const root = orgFilter ? byId.get(+orgFilter) : undefined;
	const under = root ? orgs.filter((o) => o.path.startsWith(root.path)) : orgs;
	return under.filter((o) => holding.includes(o.kind)).length === 1;
}

export function Members() {
	const u = useUser();
	const l = useSignal(loc);
	const f = readFilters(l.search);
	const ref = useLoad(async () => {
		const [orgs, eth, supported] = await Promise.all([orgsCached(), ethnicities(), supportedFilters()]);
		return { orgs, eth, supported };
	}, []);
	const [showFilters, setShowFilters] = useState(!!(f.org || f.status || f.state || f.ethnicity || f.age_band || f.admitted_year));
	const set = (k: keyof Filters) => (v: string) => setSearch({ ...f, [k]: v });

	if (ref.loading)
		return <><PageHeading>{t("members_title")}</PageHeading><Loading /></>;
	if (ref.error || !ref.value)
		return <><PageHeading>{t("members_title")}</PageHeading><ErrorView error={ref.error} retry={ref.reload} /></>;
	const { orgs, eth, supported: known } = ref.value;
	const withheld = withheldFilters(u);
	const supported = new Set([...known].filter((k) => !withheld.has(k)));
	if (withheld.has(f.sort))
		f.sort = "";
	const { age_bands: bands, member_statuses: statuses, member_states: states } = u.choices;
	const orgMap = new Map(orgs.map((o) => [o.id, o]));
	const missing = (["ethnicity", "age_band", "admitted_year"] as const).filter((k) => !known.has(k));
	const nFilters = (["org", "status", "state", "ethnicity", "age_band", "admitted_year"] as const).filter((k) => f[k]).length;
	const thisYear = new Date().getFullYear();
	return (
		<>
			<PageHeading>{t("members_title")}</PageHeading>
			<div class="toolbar">
				<div class="field grow">
					<label for="member-q">{t("members_search")}</label>
					<input id="member-q" type="search" value={f.q} autoComplete="off" spellcheck={false}
						aria-describedby="member-q-hint" aria-controls="members-results"
						onInput={(e) => set("q")(e.currentTarget.value)} />
					<small id="member-q-hint">{t("members_search_hint")}</small>
				</div>
				<div class="toolbar-buttons">
					<button type="button" class="secondary outline" aria-expanded={showFilters ? "true" : "false"}
						aria-controls="member-filters" onClick={() => setShowFilters(!showFilters)}>
						{t("members_filters")}{nFilters > 0 && ` (${nFilters})`}
					</button>
					{can(u, "member.export") && <ExportMenu query={listQuery(f, supported)} />}
					{mayOpen(u, "/members/new") && <a class="btn" href="/members/new">{t("members_new")}</a>}
				</div>
			</div>
			<fieldset id="member-filters" class="filters" hidden={!showFilters}>
				<legend class="visually-hidden">{t("members_filters")}</legend>
				<div class="filter-grid">
					<div class="field">
						<label for="flt-org">{t("members_filter_org")}</label>
						<select id="flt-org" value={f.org} onChange={(e) => set("org")(e.currentTarget.value)}>
							<option value="">{t("all")}</option>
							{orgs.filter((o) => !o.valid_to).map((o) => (
								<option key={o.id} value={String(o.id)}>{"\u00a0\u00a0".repeat(o.depth) + o.name}</option>
							))}
						</select>
					</div>
					<div class="field">
						<label for="flt-status">{t("members_filter_status")}</label>
						<select id="flt-status" value={f.status} onChange={(e) => set("status")(e.currentTarget.value)}>
							<option value="">{t("all")}</option>
							{statuses.map((s) => <option key={s} value={s}>{tv("status_", s)}</option>)}
						</select>
					</div>
					<div class="field">
						<label for="flt-state">{t("members_filter_state")}</label>
						<select id="flt-state" value={f.state} onChange={(e) => set("state")(e.currentTarget.value)}>
							{["", "any", ...states.filter((s) => s !== "active")].map((s) => (
								<option key={s} value={s}>{tv("state_", s || "active")}</option>
							))}
						</select>
					</div>
					{supported.has("ethnicity") && (
						<div class="field">
							<label for="flt-ethnicity">{t("members_filter_ethnicity")}</label>
							<select id="flt-ethnicity" value={f.ethnicity} onChange={(e) => set("ethnicity")(e.currentTarget.value)}>
								<option value="">{t("all")}</option>
								{eth.map((x) => <option key={x} value={x}>{x}</option>)}
							</select>
						</div>
					)}
					{supported.has("age_band") && (
						<div class="field">
							<label for="flt-age">{t("members_filter_age")}</label>
							<select id="flt-age" value={f.age_band} onChange={(e) => set("age_band")(e.currentTarget.value)}>
								<option value="">{t("all")}</option>
								{bands.map((v) => <option key={v} value={v}>{ageBandLabel(v)}</option>)}
								<option value="unknown">{t("stats_unknown")}</option>
							</select>
						</div>
					)}
					{supported.has("admitted_year") && (
						<div class="field">
							<label for="flt-year">{t("members_filter_admitted_year")}</label>
							<input id="flt-year" type="number" inputMode="numeric" min={1930} max={thisYear} value={f.admitted_year}
								onInput={(e) => set("admitted_year")(e.currentTarget.value)} />
						</div>
					)}
					<div class="field">
						<label for="flt-sort">{t("members_sort")}</label>
						<select id="flt-sort" value={f.sort} onChange={(e) => set("sort")(e.currentTarget.value)}>
							<option value="">{t("sort_name")}</option>
							<option value="-name">{t("sort_name_desc")}</option>
							{!withheld.has("birth_date") && <option value="birth_date">{t("sort_birth_date")}</option>}
							{!withheld.has("admitted_on") && <option value="admitted_on">{t("sort_admitted_on")}</option>}
						</select>
					</div>
				</div>
				{withheld.size > 0 && <p class="muted small" id="members-filter-private">{t("members_filter_private")}</p>}
				{missing.length > 0 && (
					<p class="muted small">{t("members_filter_unavailable", {
						names: missing.map((k) => t(({ ethnicity: "members_filter_ethnicity", age_band: "members_filter_age",
							admitted_year: "members_filter_admitted_year" } as const)[k])).join(", "),
					})}</p>
				)}
				{nFilters > 0 && <button type="button" class="secondary outline small-button"
					onClick={() => setSearch({ q: f.q })}>{t("members_clear")}</button>}
			</fieldset>
			<div id="members-results">
				<Results filters={f} supported={supported} orgs={orgMap} canRead={can(u, "member.read")}
					hideCell={singleCell(orgs, u.choices.member_org_kinds, f.org)}
					page={Math.max(1, +(l.search.get("page") ?? "1") || 1)} cursor={l.search.get("cursor")}
					onPage={(p, c) => setSearch({ ...f, page: p > 1 ? String(p) : null, cursor: p > 1 ? c : null })} />
			</div>
		</>
	);
}
