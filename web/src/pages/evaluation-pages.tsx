// The pages of evaluation and classification and the dashboard (issue 15)
// in one chunk of their own, loaded when one of them is first opened
// (routes.tsx).  /evaluation, the navigation's one entry for the group,
// leads to the first of them the account may open.
import { useEffect } from "preact/hooks";
import { navigate } from "../router";
import { useUser } from "../session";
import { t } from "../i18n";
import { Notice, PageHeading } from "../ui/ui";
import { evalLinks } from "./eval-common";

export { SelfAssessment } from "./eval-self";
export { CellEvaluation } from "./eval-cell";
export { CellComments } from "./eval-comments";
export { CalibrationView } from "./eval-calibration";
export { PeriodsPage } from "./eval-periods";
export { DashboardPage } from "./dashboard";

export function EvalHome() {
	const u = useUser();
	const first = evalLinks(u)[0];
	useEffect(() => {
		if (first)
			navigate(first.href, { replace: true });
	}, [first?.href]);
	return first ? null : <><PageHeading>{t("nav_evaluation")}</PageHeading><Notice>{t("ev_nothing")}</Notice></>;
}
