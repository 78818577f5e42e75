// Paths of the application (served by chibo's SPA fallback): the History
// API, links handled in one place, and the focus moved to the new page's
// heading so that screen readers announce it.
import { signal } from "./state";

export interface Loc {
	path: string;
	search: URLSearchParams;
}

function read(): Loc {
	return { path: location.pathname, search: new URLSearchParams(location.search) };
}

export const loc = signal<Loc>(read());

// Back and Forward return to where the page was scrolled: the position
// is kept in the history entry when the page is left (a link, or
// navigate), and given back by restoreScroll() once the page that pops up
// has drawn what it loads.
if ("scrollRestoration" in history)
	history.scrollRestoration = "manual";
let pendingScroll: number | null = null;

function keepScroll(): void {
	const st = (history.state ?? {}) as Record<string, unknown>;
	history.replaceState({ ...st, scrollY: window.scrollY }, "");
}

/** After a Back or Forward: the position to scroll to once the page is
 * drawn, taken once (null: none, e.g. after a link). */
export function restoreScroll(): void {
	if (pendingScroll === null)
		return;
	const y = pendingScroll;
	pendingScroll = null;
	window.scrollTo(0, y);
}

/** Whether a Back or Forward position waits for the page. */
export function scrollPending(): boolean {
	return pendingScroll !== null;
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
	const url = new URL(to, location.href);
	if (url.pathname + url.search === location.pathname + location.search)
		return;
	document.body.dataset["navigated"] = "1";
	pendingScroll = null;
	if (!opts.replace)
		keepScroll();
	if (opts.replace)
		history.replaceState(null, "", url.pathname + url.search);
	else
		history.pushState(null, "", url.pathname + url.search);
	loc.set(read());
}

/** Changes the query string of the current page (no new history entry). */
export function setSearch(params: Record<string, string | null | undefined>): void {
	const p = new URLSearchParams();
	for (const [k, v] of Object.entries(params))
		if (v !== null && v !== undefined && v !== "")
			p.set(k, v);
	const s = p.toString();
	history.replaceState(history.state, "", location.pathname + (s ? "?" + s : ""));
	loc.set(read());
}

addEventListener("popstate", (ev) => {
	const y = (ev.state as { scrollY?: unknown } | null)?.scrollY;
	pendingScroll = typeof y === "number" ? y : null;
	loc.set(read());
});

// Same-origin links of the application are followed without a reload.
document.addEventListener("click", (ev) => {
	if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey)
		return;
	const a = (ev.target as Element | null)?.closest?.("a");
	if (!a || a.target || a.hasAttribute("download"))
		return;
	const href = a.getAttribute("href");
	if (!href || !href.startsWith("/") || href.startsWith("//") || href.startsWith("/api/"))
		return;
	ev.preventDefault();
	navigate(href);
});

/** Matches "/members/:id" against a path; the parameters, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
	const norm = (x: string) => (x.length > 1 ? x.replace(/\/+$/, "") : x);
	const p = norm(pattern).split("/");
	const s = norm(path).split("/");
	if (p.length !== s.length)
		return null;
	const out: Record<string, string> = {};
	for (let i = 0; i < p.length; i++) {
		if (p[i]!.startsWith(":"))
			out[p[i]!.slice(1)] = decodeURIComponent(s[i]!);
		else if (p[i] !== s[i])
			return null;
	}
	return out;
}
