// The export menu of a member list: the list as shown (its filters, its
// order) as CSV, Excel or a printable PDF, each a plain download link to
// GET /api/v1/members/export (docs/import.md, "Exporting members").  The
// list page shows it only to accounts allowed member.export.
import { query } from "../api";
import { t, type Key } from "../i18n";

const formats: { format: string; label: Key; hint: Key; id: string }[] = [
	{ format: "csv", label: "members_export", hint: "members_export_hint", id: "export-csv" },
	{ format: "xlsx", label: "export_xlsx", hint: "export_xlsx_hint", id: "export-xlsx" },
	{ format: "pdf", label: "export_pdf", hint: "export_pdf_hint", id: "export-pdf" },
];

/** The links, for the list's query (its filters, without paging). */
export function ExportMenu(props: { query: Record<string, string> }) {
	return (
		<div role="group" aria-label={t("export_menu")} class="toolbar-buttons export-menu">
			{formats.map((f) => (
				<a key={f.format} id={f.id} class="btn secondary" download
					href={`/api/v1/members/export${query({ ...props.query, format: f.format })}`}
					title={t(f.hint)}>{t(f.label)}</a>
			))}
		</div>
	);
}
