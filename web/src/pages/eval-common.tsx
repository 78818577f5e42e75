// What the evaluation pages (issue 15) share: their own links under the
// one entry "Đánh giá, xếp loại" of the navigation (those the account may
// open), a level as a badge in words, the reasons of a computed level
// (each with its rule and citation), the period chooser.
import type { User } from "../api";
import { t, tv, type Key } from "../i18n";
import type { Level, Period, Reason } from "../evaluation";
import { periodLabel } from "../evaluation";
import { mayOpen } from "../routes";
import { loc } from "../router";
import { useSignal } from "../state";
import { SelectField } from "../ui/ui";
import { useState } from "preact/hooks";

const links: { href: string; label: Key }[] = [
	{ href: "/evaluation/self", label: "ev_nav_self" },
	{ href: "/evaluation/cell", label: "ev_nav_cell" },
	{ href: "/evaluation/comments", label: "ev_nav_mates" },
	{ href: "/dashboard", label: "ev_nav_dashboard" },
	{ href: "/evaluation/calibration", label: "ev_nav_calibration" },
	{ href: "/evaluation/periods", label: "ev_nav_periods" },
];

/** The pages of the group the account may open (the first is where the
 * navigation's entry leads). */
export function evalLinks(u: User): { href: string; label: Key }[] {
	// A cell's secretary reviews its cell; the calibration of the cap is
	// the committees' (its evaluation.read covers its cell only).
	const cellOnly = u.grants.length > 0 && u.grants.every((g) => g.role === "secretary" || g.role === "member");
	// The cell's review is a cell's page: a committee opens it for one of
	// its cells (?org=), not from here.
	return links.filter((l) => l.href === "/evaluation/self" ? !!u.member_id :
		l.href === "/evaluation/calibration" ? !cellOnly && mayOpen(u, l.href) :
		l.href === "/evaluation/cell" ? cellOnly && mayOpen(u, l.href) :
		// An ordinary member comments on its cell-mates here (the
		// secretary does on the cell's review).
		l.href === "/evaluation/comments" ? !!u.member_id && cellOnly && !mayOpen(u, "/evaluation/cell") && mayOpen(u, l.href) :
		mayOpen(u, l.href));
}

export function EvalNav(props: { user: User }) {
	const path = useSignal(loc).path;
	const shown = evalLinks(props.user);
	if (shown.length < 2)
		return null;
	return (
		<nav class="subnav" aria-label={t("ev_nav_label")}>
			<ul>
				{shown.map((l) => (
					<li key={l.href}><a href={l.href} aria-current={path === l.href ? "page" : undefined}>{t(l.label)}</a></li>
				))}
			</ul>
		</nav>
	);
}

export function LevelBadge(props: { level: Level | null | undefined; id?: string }) {
	if (!props.level)
		return <span class="muted">{t("none")}</span>;
	return <span class={"badge lv lv-" + props.level} id={props.id} data-level={props.level}>{tv("lv_", props.level)}</span>;
}

/** Every step down with its rule and citation (in the API's words). */
export function Reasons(props: { reasons: Reason[]; id?: string }) {
	if (props.reasons.length === 0)
		return <p class="muted small" id={props.id}>{t("ev_no_reasons")}</p>;
	return (
		<ul class="ev-reasons" id={props.id}>
			{props.reasons.map((r, i) => (
				<li key={i} data-code={r.code}>
					<span>{r.message}</span>
					{(r.rule_id || r.citation) && <small class="citation"> ({[r.rule_id, r.citation].filter(Boolean).join(" — ")})</small>}
				</li>
			))}
		</ul>
	);
}

export function ptext(p: Pick<Period, "kind" | "year" | "quarter">): string {
	return periodLabel(p, (k, v) => t(k, v));
}

/** The period chooser (open ones first). */
export function PeriodSelect(props: { periods: Period[]; value: number | null; onInput: (id: number) => void; name?: string }) {
	return (
		<SelectField name={props.name ?? "ev-period"} label={t("ev_period")} value={String(props.value ?? "")}
			onInput={(v) => props.onInput(+v)}
			options={props.periods.map((p) => ({
				value: String(p.id),
				label: `${ptext(p)}${p.org_name ? " — " + p.org_name : ""} (${tv("eps_", p.status)})`,
			}))} />
	);
}

/** The period to show: ?period= when it is listed, else the newest open
 * one, else the newest. */
export function pickPeriod(periods: Period[], asked: string | null): Period | null {
	if (asked && /^\d+$/.test(asked)) {
		const p = periods.find((x) => x.id === +asked);
		if (p)
			return p;
	}
	return periods.find((p) => p.status === "open") ?? periods[0] ?? null;
}

/** A whole number typed in a form ("" -> null; not a number -> NaN). */
export function intOf(s: string): number | null {
	const v = s.trim();
	if (v === "")
		return null;
	return /^\d+$/.test(v) ? +v : NaN;
}

/** A score typed with a comma or a point ("85,5") -> 85.5. */
export function numOf(s: string): number | null {
	const v = s.trim().replace(",", ".");
	if (v === "")
		return null;
	return /^\d+(\.\d)?$/.test(v) ? +v : NaN;
}

/** "Khóa kỳ": there is no unlock, so the first tap asks, naming what
 * the lock does; the second (id-confirm) locks. */
export function LockButton(props: { id?: string; busy: boolean; onLock: () => void; what: string; class?: string }) {
	const [asking, setAsking] = useState(false);
	const id = props.id;
	if (!asking)
		return <button type="button" class={props.class ?? "tap"} id={id} onClick={() => setAsking(true)} disabled={props.busy}
			aria-busy={props.busy ? "true" : undefined}>{t("ev_lock")}</button>;
	return (
		<span class="ev-lock-ask" role="group" aria-label={t("ev_lock")}>
			<span class="ev-lock-q" role="status">{t("ev_lock_confirm_q", { what: props.what })}</span>
			<button type="button" class="tap" id={id ? id + "-confirm" : undefined} autoFocus
				onClick={() => { setAsking(false); props.onLock(); }}>{t("ev_lock_confirm")}</button>
			<button type="button" class="secondary outline tap" id={id ? id + "-cancel" : undefined}
				onClick={() => setAsking(false)}>{t("cancel")}</button>
		</span>
	);
}
