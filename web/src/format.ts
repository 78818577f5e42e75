// Vietnamese formats, whatever the interface language: dates dd/mm/yyyy,
// times in Asia/Ho_Chi_Minh, numbers 1.234.567, money 1.234.567 đ.
import { t } from "./i18n";

const numberFmt = new Intl.NumberFormat("vi-VN");
const timeFmt = new Intl.DateTimeFormat("vi-VN", {
	timeZone: "Asia/Ho_Chi_Minh",
	day: "2-digit", month: "2-digit", year: "numeric",
	hour: "2-digit", minute: "2-digit", hour12: false,
});

export function formatNumber(n: number | null | undefined): string {
	return n == null ? "—" : numberFmt.format(n);
}

export function formatMoney(dong: number | null | undefined): string {
	return dong == null ? "—" : numberFmt.format(Math.round(dong)) + " đ";
}

/** "2009-08-04" -> "04/08/2009"; anything else as it is. */
export function formatDate(iso: string | null | undefined): string {
	if (!iso)
		return "—";
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** An ISO timestamp (UTC) -> "25/11/2026 19:52" in Vietnam's time. */
export function formatTime(ts: string | null | undefined): string {
	if (!ts)
		return "—";
	const d = new Date(ts);
	if (Number.isNaN(d.getTime()))
		return ts;
	const parts = Object.fromEntries(timeFmt.formatToParts(d).map((p) => [p.type, p.value]));
	return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/**
 * What a person typed as a date -> ISO: "4/8/2009", "04-08-2009",
 * "04.08.2009" or "2009-08-04".  "" -> "" (cleared); null if it is not a
 * real date.
 */
export function parseDate(text: string): string | null {
	const s = text.trim();
	if (s === "")
		return "";
	let d: number, m: number, y: number;
	let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
	if (match) {
		d = +match[1]!;
		m = +match[2]!;
		y = +match[3]!;
	} else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) {
		y = +match[1]!;
		m = +match[2]!;
		d = +match[3]!;
	} else
		return null;
	const dt = new Date(Date.UTC(y, m - 1, d));
	if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d || y < 1900)
		return null;
	return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** An age band's label ("<30", "30-39", "60+") in the interface's words. */
export function ageBandLabel(k: string): string {
	let m: RegExpMatchArray | null;
	if ((m = k.match(/^<(\d+)$/)))
		return t("age_under", { n: m[1] });
	if ((m = k.match(/^(\d+)-(\d+)$/)))
		return t("age_range", { a: m[1], b: m[2] });
	if ((m = k.match(/^(\d+)\+$/)))
		return t("age_over", { n: m[1] });
	return k;
}
