// The audit trail: who did what, when, newest first, with the filters a
// person uses (account, action, dates; a member or an import from a link),
// in pages that continue from the API's cursor.  Labels, display names and
// the actions of the filter come from the API (GET /audit/actions), in the
// interface's language.
import { get, query, type AuditEntry } from "../api";
import { orgsCached } from "../data";
import { formatDate, parseDate } from "../format";
import { lang, t } from "../i18n";
import { loc, setSearch } from "../router";
import { useSignal } from "../state";
import { useState } from "preact/hooks";
import { ErrorView, Loading, Notice, PageHeading, useLoad } from "../ui/ui";
import { AuditItem } from "./member";

const keys = ["user", "action", "from", "to", "member", "batch"] as const;
type Filters = Record<(typeof keys)[number], string>;

function readFilters(search: URLSearchParams): Filters {
	const f = {} as Filters;
	for (const k of keys)
		f[k] = search.get(k) ?? "";
	return f;
}

function Results(props: { f: Filters; orgName: (id: number) => string }) {
	const [cursor, setCursor] = useState<string | null>(null);
	const [items, setItems] = useState<AuditEntry[]>([]);
	const q = JSON.stringify(props.f);
	const [lastQ, setLastQ] = useState(q);
	if (q !== lastQ) {
		setLastQ(q);
		setCursor(null);
	}
	const page = useLoad(async (signal) => {
		const p = await get<{ items: AuditEntry[]; next_cursor: string | null }>(
			`/audit${query({ ...props.f, limit: 50, cursor })}`, signal);
		setItems((old) => cursor ? [...old, ...p.items] : p.items);
		return p;
	}, [q, cursor]);
	if (page.error)
		return <ErrorView error={page.error} retry={page.reload} />;
	if (!page.value && page.loading)
		return <Loading />;
	return (
		<section aria-labelledby="audit-list-h" aria-busy={page.loading ? "true" : "false"}>
			<h2 id="audit-list-h" class="visually-hidden">{t("audit_list")}</h2>
			{items.length === 0 ? <p role="status">{t("audit_none")}</p> : (
				<ol class="timeline audit">
					{items.map((a) => <AuditItem key={a.id} a={a} orgName={props.orgName} memberLink />)}
				</ol>
			)}
			{page.value?.next_cursor && (
				<button type="button" class="secondary outline" aria-busy={page.loading ? "true" : undefined}
					onClick={() => setCursor(page.value!.next_cursor)}>{t("audit_more")}</button>
			)}
		</section>
	);
}

export function AuditPage() {
	const l = useSignal(loc);
	// The labels come from the API in the interface's language: asked
	// again when it changes.
	const language = useSignal(lang);
	const f = readFilters(l.search);
	const [user, setUser] = useState(f.user);
	const [action, setAction] = useState(f.action);
	const [from, setFrom] = useState(f.from ? formatDate(f.from) : "");
	const [to, setTo] = useState(f.to ? formatDate(f.to) : "");
	const [bad, setBad] = useState<{ from?: boolean; to?: boolean }>({});
	const data = useLoad(async (signal) => {
		const [actions, orgs] = await Promise.all([
			get<{ items: { action: string; label: string }[] }>("/audit/actions", signal),
			orgsCached().catch(() => []),
		]);
		return { actions: actions.items, orgs: new Map(orgs.map((o) => [o.id, o.name])) };
	}, [language]);
	const apply = (ev: Event) => {
		ev.preventDefault();
		const isoFrom = parseDate(from), isoTo = parseDate(to);
		setBad({ from: isoFrom === null, to: isoTo === null });
		if (isoFrom === null || isoTo === null)
			return;
		setSearch({ ...f, user: user.trim(), action, from: isoFrom, to: isoTo });
	};
	const clear = () => {
		setUser("");
		setAction("");
		setFrom("");
		setTo("");
		setBad({});
		setSearch({});
	};
	if (data.loading)
		return <><PageHeading>{t("audit_title")}</PageHeading><Loading /></>;
	if (data.error || !data.value)
		return <><PageHeading>{t("audit_title")}</PageHeading><ErrorView error={data.error} retry={data.reload} /></>;
	const orgs = data.value.orgs;
	const orgName = (id: number) => orgs.get(id) ?? `#${id}`;
	const any = keys.some((k) => f[k]);
	return (
		<>
			<PageHeading>{t("audit_title")}</PageHeading>
			<p class="muted">{t("audit_intro")}</p>
			<form class="filters" onSubmit={apply} aria-label={t("audit_filters")}>
				<div class="filter-grid">
					<div class="field">
						<label for="flt-user">{t("audit_filter_user")}</label>
						<input id="flt-user" name="user" value={user} autoComplete="off" maxLength={160}
							onInput={(e) => setUser(e.currentTarget.value)} />
					</div>
					<div class="field">
						<label for="flt-action">{t("audit_filter_action")}</label>
						<select id="flt-action" name="action" value={action}
							onChange={(e) => setAction(e.currentTarget.value)}>
							<option value="">{t("audit_all_actions")}</option>
							{data.value.actions.map((x) => <option key={x.action} value={x.action}>{x.label}</option>)}
						</select>
					</div>
					<div class="field">
						<label for="flt-from">{t("audit_filter_from")}</label>
						<input id="flt-from" name="from" value={from} placeholder="dd/mm/yyyy" inputMode="numeric"
							autoComplete="off" aria-invalid={bad.from ? "true" : undefined}
							aria-describedby={bad.from ? "flt-from-error" : undefined}
							onInput={(e) => setFrom(e.currentTarget.value)} />
						{bad.from && <small id="flt-from-error" class="field-error">{t("date_invalid")}</small>}
					</div>
					<div class="field">
						<label for="flt-to">{t("audit_filter_to")}</label>
						<input id="flt-to" name="to" value={to} placeholder="dd/mm/yyyy" inputMode="numeric"
							autoComplete="off" aria-invalid={bad.to ? "true" : undefined}
							aria-describedby={bad.to ? "flt-to-error" : undefined}
							onInput={(e) => setTo(e.currentTarget.value)} />
						{bad.to && <small id="flt-to-error" class="field-error">{t("date_invalid")}</small>}
					</div>
				</div>
				<div class="actions">
					<button type="submit">{t("audit_filter_apply")}</button>
					{any && <button type="button" class="secondary outline" onClick={clear}>{t("audit_filter_clear")}</button>}
				</div>
			</form>
			{f.member && <Notice>{t("audit_for_member", { id: f.member })}</Notice>}
			{f.batch && <Notice>{t("audit_for_batch", { id: f.batch })}</Notice>}
			<Results key={language} f={f} orgName={orgName} />
		</>
	);
}
