// The page a meeting's QR code opens on a member's phone
// (/checkin/{id}?code=…): signed in (the application sends whoever is not
// to the sign-in page and back here), one button "Điểm danh", and the
// result in words (POST /meetings/{id}/checkin; the API's refusal —
// expired code, meeting not open, not on the roll — as it says it).
import { useState } from "preact/hooks";
import { ApiError, request } from "../api";
import { t, tv } from "../i18n";
import { localDate, localTime, type AttendanceStatus, type Meeting } from "../meetings";
import { loc } from "../router";
import { useSignal } from "../state";
import { ErrorView, Loading, Notice, PageHeading, useLoad } from "../ui/ui";

export function Checkin(props: { id: number }) {
	const code = useSignal(loc).search.get("code") ?? "";
	const m = useLoad((signal) => request<Meeting>("GET", `/meetings/${props.id}`, { signal }).then((a) => a.data), [props.id]);
	const [busy, setBusy] = useState(false);
	const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
	async function go() {
		setBusy(true);
		try {
			const a = await request<{ status: AttendanceStatus }>("POST", `/meetings/${props.id}/checkin`, { body: { code } });
			setResult({ kind: "ok", text: a.data.status === "late" ? t("ci_done_late") : t("ci_done_present") });
		} catch (e) {
			let why = t("error_network");
			if (e instanceof ApiError)
				why = e.errors.map((x) => x.message).join(" ") || (e.problem?.detail ?? why);
			setResult({ kind: "error", text: t("ci_failed", { why }) });
		} finally {
			setBusy(false);
		}
	}
	return (
		<div class="checkin-page">
			<PageHeading>{t("ci_title")}</PageHeading>
			{m.error ? <ErrorView error={m.error} /> : !m.value ? <Loading /> : (
				<p class="checkin-meeting">{tv("mtk_", m.value.kind)} — {t("ci_intro", {
					date: localDate(m.value.starts_at), time: localTime(m.value.starts_at) })}</p>
			)}
			{!code ? <Notice kind="error">{t("ci_no_code")}</Notice> : (
				result?.kind === "ok" ? <Notice kind="ok"><p id="checkin-result">{result.text}</p></Notice> : <>
					{result && <Notice kind="error"><p id="checkin-result">{result.text}</p></Notice>}
					<button type="button" class="checkin-button" id="checkin-button" onClick={go}
						aria-busy={busy ? "true" : undefined} disabled={busy}>{t("ci_button")}</button>
				</>
			)}
		</div>
	);
}
