// The application: who is signed in, the shell (header, navigation from
// the route table and the session's actions, language switch), and which
// page the path shows (routes.tsx).
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { currentSession, signedOut, signOut, type User } from "./api";
import { lang, setLang, t, tv } from "./i18n";
import { can } from "./roles";
import { loc, navigate } from "./router";
import { allowed, findRoute, navRoutes } from "./routes";
import { useSignal } from "./state";
import { loginNotice, user } from "./session";
import { ErrorView, Loading } from "./ui/ui";
import { Login } from "./pages/login";
import { Forbidden } from "./pages/forbidden";
import { NotFound } from "./pages/notfound";


function LangSwitch() {
	const l = useSignal(lang);
	const other = l === "vi" ? "en" : "vi";
	return (
		<button type="button" class="lang-switch outline secondary" lang={other}
			aria-label={t("switch_language_label")} onClick={() => setLang(other)}>
			{t("switch_language")}
		</button>
	);
}

function NavLink(props: { href: string; label: string; exact?: boolean; others?: string[]; group?: string[] }) {
	const path = useSignal(loc).path;
	const under = (href: string) => path === href || path.startsWith(href + "/");
	// The longest entry that holds the path is the current one
	// (/meetings/compliance is not /meetings); an entry for a group of
	// pages is current on any of them.
	const current = props.exact ? path === props.href :
		(props.group ?? []).some(under) ||
		under(props.href) && !(props.others ?? []).some((o) => o.length > props.href.length && under(o));
	return (
		<li><a href={props.href} aria-current={current ? "page" : undefined}>{props.label}</a></li>
	);
}

function Shell(props: { user: User; children: ComponentChildren }) {
	const u = props.user;
	const [open, setOpen] = useState(false);
	const path = useSignal(loc).path;
	useEffect(() => setOpen(false), [path]);
	const roles = [...new Set(u.grants.map((g) => g.role))];
	const scope = u.grants[0]?.org_name;
	async function out() {
		try {
			await signOut();
		} catch {
			/* the session is gone either way */
		}
		loginNotice.set(t("signed_out"));
		user.set(null);
		navigate("/login", { replace: true });
	}
	return (
		<>
			<a class="skip-link" href="#main" onClick={(e) => {
				e.preventDefault();
				document.getElementById("main")?.focus();
			}}>{t("skip_to_main")}</a>
			<header class="topbar">
				<div class="container topbar-inner">
					<a class="brand" href="/">
						<img src="/favicon.svg" alt="" width={28} height={28} />
						<span class="brand-name">{t("app_name")}</span>
						<span class="brand-tag">{t("app_tagline")}</span>
					</a>
					<button type="button" class="menu-toggle outline contrast" aria-expanded={open ? "true" : "false"}
						aria-controls="main-nav" onClick={() => setOpen(!open)}>
						<span aria-hidden="true">☰ </span>{t("menu")}
					</button>
					<nav id="main-nav" class={"main-nav" + (open ? " open" : "")} aria-label={t("nav_main")}>
						<ul>
							{navRoutes(u).map((r, _, all) => <NavLink key={r.path} href={r.path} label={t(r.title)} exact={r.path === "/"}
								others={all.map((x) => x.path)} group={r.group} />)}
							{!can(u, "member.list") && u.member_id &&
								<NavLink href={`/members/${u.member_id}`} label={t("nav_my_record")} />}
						</ul>
						<div class="user-box">
							<p class="user-name">
								<span class="visually-hidden">{t("signed_in_as")}: </span>
								<strong>{u.display_name || u.username}</strong>
								<small>{[...roles.map((r) => tv("role_", r)).filter((r) => r !== u.display_name), scope]
									.filter(Boolean).join(" · ")}</small>
							</p>
							<div class="user-actions">
								<LangSwitch />
								<button type="button" class="outline secondary" onClick={out}>{t("sign_out")}</button>
							</div>
						</div>
					</nav>
				</div>
			</header>
			<main id="main" class="container" tabIndex={-1}>{props.children}</main>
			<footer class="container footer">
				<small>chibo · {t("app_tagline")}</small>
			</footer>
		</>
	);
}

function Page(props: { user: User }) {
	const path = useSignal(loc).path;
	const found = findRoute(path);
	if (!found)
		return <NotFound />;
	if (!allowed(props.user, found.route, found.params))
		return <Forbidden route={found.route} user={props.user} />;
	return found.route.page(found.params);
}

export function App() {
	useSignal(lang);	// everything speaks the new language at once
	const u = useSignal(user);
	const l = useSignal(loc);
	const expired = useSignal(signedOut);
	const [bootError, setBootError] = useState<unknown>(null);
	const [boot, setBoot] = useState(0);

	useEffect(() => {
		currentSession().then((usr) => user.set(usr), (e) => setBootError(e));
	}, [boot]);

	// A 401 from any request: back to the sign-in page, then here again.
	useEffect(() => {
		if (expired > 0 && user.get()) {
			loginNotice.set(t("session_expired"));
			user.set(null);
		}
	}, [expired]);

	// The sign-in page and the others, by whether someone is signed in.
	useEffect(() => {
		if (u === null && l.path !== "/login") {
			const next = l.path + (l.search.toString() ? "?" + l.search.toString() : "");
			navigate("/login" + (next !== "/" ? "?next=" + encodeURIComponent(next) : ""), { replace: true });
		} else if (u && l.path === "/login") {
			const next = l.search.get("next");
			navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true });
		}
	}, [u, l.path]);

	if (bootError)
		return <main id="main" class="container"><ErrorView error={bootError} retry={() => { setBootError(null); setBoot(boot + 1); }} /></main>;
	if (u === undefined)
		return <main id="main" class="container"><Loading /></main>;
	if (u === null || l.path === "/login")
		return <Login langSwitch={<LangSwitch />} />;
	return <Shell user={u}><Page user={u} /></Shell>;
}
