import { t } from "../i18n";
import { PageHeading } from "../ui/ui";

export function NotFound() {
	return (
		<>
			<PageHeading>{t("not_found_title")}</PageHeading>
			<p>{t("error_not_found")}</p>
			<p><a href="/">{t("go_home")}</a></p>
		</>
	);
}
