// Shown instead of a page the account may not open (routes.tsx): which
// page, what it needs, what the account's roles are, and the way back.
import type { Route } from "../routes";
import type { User } from "../api";
import { t, tv } from "../i18n";
import { PageHeading } from "../ui/ui";

export function Forbidden(props: { route: Route; user: User }) {
	const roles = [...new Set(props.user.grants.map((g) => tv("role_", g.role)))];
	const action = props.route.action ?? "";
	return (
		<>
			<PageHeading>{t("forbidden_title")}</PageHeading>
			<section class="card" id="forbidden">
				<p>{t("forbidden_text", { page: t(props.route.title), action: tv("action_", action.replace(".", "_")) })}</p>
				{props.route.why && <p id="forbidden-why">{t(props.route.why)}</p>}
				<p class="muted">{roles.length > 0 ? t("forbidden_roles", { roles: roles.join(", ") }) : t("forbidden_no_roles")}</p>
				<p><a href="/">{t("go_home")}</a></p>
			</section>
		</>
	);
}
