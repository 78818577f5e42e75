// The import wizard: choose a CSV or Excel file -> the server checks it
// (POST /members/import?dry_run=true) -> either every bad row and column
// with its reason (and each identity conflict, which the office may
// accept row by row, then check again), or what the import will do: every
// update field by field (old struck, new bold) and the first rows ->
// import all of it with the check's token (all or nothing: the bytes
// checked, with the same choices; the server refuses anything else) ->
// done.
import { useRef, useState } from "preact/hooks";
import { ApiError, request, type FieldError, type ImportReport } from "../api";
import { forgetOrgs } from "../data";
import { formatDate, formatNumber } from "../format";
import { fieldLabel, t, tv } from "../i18n";
import { ErrorView, PageHeading } from "../ui/ui";

type Step = "file" | "check" | "done";
type Change = ImportReport["changes"][number];

/** A stored or imported value as the office reads it: dates dd/mm/yyyy,
 * enumerations by label, nothing as "(trống)". */
function shown(field: string, v: string | null | undefined): string {
	if (v == null || v === "")
		return t("import_empty");
	if (/^\d{4}-\d{2}-\d{2}$/.test(v))
		return formatDate(v);
	if (field === "gender")
		return tv("gender_", v);
	if (field === "status")
		return tv("status_", v);
	return v;
}

/** One member's changes (or conflict): a small table, the value before
 * struck, the value after bold. */
function ChangeTable(props: { c: Change; before: string; after: string; label: string }) {
	// Scrolls sideways on a narrow phone: reachable by keyboard.
	return (
		<div class="table-wrap" tabIndex={0} role="region" aria-label={props.label}>
			<table class="changes">
				<thead>
					<tr>
						<th scope="col">{t("import_field")}</th>
						<th scope="col">{props.before}</th>
						<th scope="col">{props.after}</th>
					</tr>
				</thead>
				<tbody>
					{props.c.fields.map((f) => (
						<tr key={f.field}>
							<th scope="row">{fieldLabel(f.field)}</th>
							<td class="old" data-label={props.before}><del>{shown(f.field, f.old)}</del></td>
							<td class="new" data-label={props.after}><strong>{shown(f.field, f.new)}</strong></td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	);
}

function who(c: Change): string {
	return `${c.full_name ?? ""} (#${c.member_id}), ${c.org_name ?? ""}${c.org_code ? ` (${c.org_code})` : ""}`;
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function kindOf(f: File): "csv" | "xlsx" | null {
	const n = f.name.toLowerCase();
	if (n.endsWith(".csv"))
		return "csv";
	if (n.endsWith(".xlsx"))
		return "xlsx";
	return null;
}

/** The first rows of a CSV file for the preview (quotes, "," or ";", as
 * the server reads it), decoded with the encoding the server found. */
function csvPreview(buf: ArrayBuffer, encoding: string | null, max = 6): string[][] {
	let text: string;
	try {
		text = new TextDecoder(encoding && encoding !== "utf-8" ? encoding : "utf-8").decode(buf);
	} catch {
		text = new TextDecoder("utf-8").decode(buf);
	}
	text = text.replace(/^\uFEFF/, "");
	const firstLine = text.slice(0, text.indexOf("\n") >>> 0);
	const sep = (firstLine.split(";").length > firstLine.split(",").length) ? ";" : ",";
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = "";
	let quoted = false;
	for (let i = 0; i < text.length && rows.length < max; i++) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"')
				quoted = false;
			else
				cell += c;
		} else if (c === '"')
			quoted = true;
		else if (c === sep) {
			row.push(cell);
			cell = "";
		} else if (c === "\n" || c === "\r") {
			if (c === "\r" && text[i + 1] === "\n")
				i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = "";
		} else
			cell += c;
	}
	if ((cell || row.length) && rows.length < max) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}

function Steps(props: { step: Step }) {
	const steps: [Step, string][] = [["file", t("import_step_file")], ["check", t("import_step_check")], ["done", t("import_step_done")]];
	const at = steps.findIndex(([s]) => s === props.step);
	return (
		<ol class="steps" aria-label={t("import_steps")}>
			{steps.map(([s, label], i) => (
				<li key={s} class={i < at ? "done" : i === at ? "current" : ""} aria-current={i === at ? "step" : undefined}>
					<span class="step-n" aria-hidden="true">{i + 1}</span> {label}
				</li>
			))}
		</ol>
	);
}

export function Import() {
	const [step, setStep] = useState<Step>("file");
	const [file, setFile] = useState<File | null>(null);
	const [fileError, setFileError] = useState("");
	const [busy, setBusy] = useState(false);
	const [rowErrors, setRowErrors] = useState<FieldError[] | null>(null);
	const [report, setReport] = useState<ImportReport | null>(null);
	const [preview, setPreview] = useState<string[][] | null>(null);
	const [failure, setFailure] = useState<unknown>(null);
	const [conflicts, setConflicts] = useState<Change[]>([]);
	const [accepted, setAccepted] = useState<number[]>([]);
	const [checked, setChecked] = useState<ArrayBuffer | null>(null);
	const [dragging, setDragging] = useState(false);
	const inputRef = useRef<HTMLInputElement>(null);
	const resultRef = useRef<HTMLDivElement>(null);

	function choose(f: File | null) {
		setFile(f);
		setStep("file");
		setRowErrors(null);
		setReport(null);
		setFailure(null);
		setFileError("");
		setConflicts([]);
		setAccepted([]);
		setChecked(null);
	}

	function toggle(row: number, on: boolean) {
		setAccepted((a) => (on ? [...a.filter((x) => x !== row), row] : a.filter((x) => x !== row)).sort((x, y) => x - y));
	}

	function reset() {
		setStep("file");
		setFile(null);
		setRowErrors(null);
		setReport(null);
		setPreview(null);
		setFailure(null);
		setFileError("");
		setConflicts([]);
		setAccepted([]);
		setChecked(null);
		if (inputRef.current) {
			inputRef.current.value = "";
			inputRef.current.focus();
		}
	}

	async function send(dryRun: boolean) {
		if (!file)
			return;
		const kind = kindOf(file);
		setBusy(true);
		setFailure(null);
		setRowErrors(null);
		try {
			// The apply sends the very bytes that were checked, with the
			// check's token and the same accepted rows.
			const buf = dryRun || !checked ? await file.arrayBuffer() : checked;
			const q = new URLSearchParams();
			if (dryRun)
				q.set("dry_run", "true");
			else
				q.set("token", report?.token ?? "");
			if (accepted.length > 0)
				q.set("accept_identity", accepted.join(","));
			q.set("file_name", file.name.slice(0, 255));
			const a = await request<ImportReport>("POST", `/members/import?${q.toString()}`, {
				raw: buf, contentType: kind === "xlsx" ? xlsxType : "text/csv",
			});
			setReport(a.data);
			if (dryRun) {
				setChecked(buf);
				setConflicts([]);
				setPreview(kind === "csv" ? csvPreview(buf, a.data.encoding) : null);
				setStep("check");
			} else {
				forgetOrgs();
				setStep("done");
			}
		} catch (e) {
			if (e instanceof ApiError && e.status === 422 && e.errors.length > 0) {
				setRowErrors([...e.errors].sort((x, y) => (x.row ?? 0) - (y.row ?? 0)));
				setConflicts((e.problem?.conflicts ?? []) as Change[]);
				setReport(null);
				setStep("check");
			} else
				setFailure(e);
		} finally {
			setBusy(false);
			setTimeout(() => resultRef.current?.focus(), 0);
		}
	}

	function check(ev: Event) {
		ev.preventDefault();
		if (!file) {
			setFileError(t("import_no_file"));
			inputRef.current?.focus();
			return;
		}
		if (!kindOf(file)) {
			setFileError(t("import_bad_type"));
			inputRef.current?.focus();
			return;
		}
		setFileError("");
		void send(true);
	}

	return (
		<>
			<PageHeading>{t("import_title")}</PageHeading>
			<Steps step={step} />
			<p>{t("import_intro")}</p>
			<details class="columns-help">
				<summary>{t("import_columns")}</summary>
				<p class="small">{t("import_columns_text")}</p>
			</details>
			<form onSubmit={check} class="import-form" noValidate>
				<div class="field">
					<label for="import-file" id="import-file-label">{t("import_file")}</label>
					<div class={"file-pick" + (dragging ? " dragging" : "")}
						onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
						onDragLeave={() => setDragging(false)}
						onDrop={(e) => {
							e.preventDefault();
							setDragging(false);
							const f = e.dataTransfer?.files?.[0];
							if (f)
								choose(f);
						}}>
						<input ref={inputRef} id="import-file" type="file" accept={`.csv,.xlsx,text/csv,${xlsxType}`}
							aria-invalid={fileError ? "true" : undefined}
							aria-describedby={"import-file-name" + (fileError ? " import-file-error" : "")}
							onChange={(e) => choose(e.currentTarget.files?.[0] ?? null)} />
						<label for="import-file" class="file-button">{t("import_pick")}</label>
						<span id="import-file-name" class={file ? "file-name" : "muted"}>{file ? file.name : t("import_none_chosen")}</span>
					</div>
					{fileError && <small id="import-file-error" class="field-error" role="alert">{fileError}</small>}
				</div>
				<button type="submit" disabled={busy} aria-busy={busy && step === "file" ? "true" : undefined}>
					{busy && step === "file" ? t("import_checking") : t("import_check")}
				</button>
			</form>
			<div ref={resultRef} tabIndex={-1} class="import-result" aria-live="polite">
				{failure !== null && <ErrorView error={failure} />}
				{step === "check" && rowErrors && (
					<section class="notice notice-error" aria-labelledby="import-errors-h">
						<h2 id="import-errors-h">{t("import_errors_title", { n: formatNumber(rowErrors.length) })}</h2>
						<p>{t("import_errors_intro")}</p>
						<div class="table-wrap">
							<table class="import-errors striped">
								<thead>
									<tr>
										<th scope="col" class="num">{t("import_row")}</th>
										<th scope="col">{t("import_column")}</th>
										<th scope="col">{t("import_reason")}</th>
									</tr>
								</thead>
								<tbody>
									{rowErrors.map((e, i) => (
										<tr key={i}>
											<td class="num">{e.row ?? "—"}</td>
											<td>{fieldLabel(e.field)} <small class="muted"><code>{e.field}</code></small></td>
											<td>{e.message}{e.citation && <small class="citation"> {t("import_rule")}: {e.citation}</small>}</td>
										</tr>
									))}
								</tbody>
							</table>
						</div>
						<button type="button" class="secondary" onClick={reset}>{t("import_choose_other")}</button>
					</section>
				)}
				{step === "check" && conflicts.length > 0 && (
					<section class="notice notice-warn conflicts" aria-labelledby="import-conflicts-h">
						<h2 id="import-conflicts-h">{t("import_conflicts_title", { n: formatNumber(conflicts.length) })}</h2>
						<p>{t("import_conflicts_intro")}</p>
						{conflicts.map((c) => (
							<fieldset key={c.row} class="conflict">
								<legend>{t("import_conflict_legend", { row: c.row, key: fieldLabel(c.matched_by ?? "citizen_id"), who: who(c) })}</legend>
								<ChangeTable c={c} before={t("import_in_register")} after={t("import_in_file")}
									label={t("import_conflict_legend", { row: c.row, key: fieldLabel(c.matched_by ?? "citizen_id"), who: who(c) })} />
								<label class="accept">
									<input type="checkbox" checked={accepted.includes(c.row)}
										onChange={(e) => toggle(c.row, e.currentTarget.checked)} />
									{" "}{t("import_accept_row", { row: c.row, name: c.full_name ?? "" })}
								</label>
							</fieldset>
						))}
						<button type="button" onClick={() => send(true)} disabled={busy || accepted.length === 0}
							aria-busy={busy ? "true" : undefined}>
							{busy ? t("import_checking") : t("import_recheck", { n: formatNumber(accepted.length) })}
						</button>
					</section>
				)}
				{step === "check" && report && !rowErrors && (
					<section class="notice notice-ok" aria-labelledby="import-ok-h">
						<h2 id="import-ok-h">{t("import_ok_title")}</h2>
						<p class="import-summary">{t("import_summary", {
							rows: formatNumber(report.rows), created: formatNumber(report.created),
							updated: formatNumber(report.updated), unchanged: formatNumber(report.unchanged),
						})}</p>
						<p class="muted small">{t("import_format", { format: report.format.toUpperCase(), encoding: report.encoding ?? "—" })}</p>
						{accepted.length > 0 && <p class="accepted">{t("import_accepted", { rows: accepted.join(", ") })}</p>}
						{report.changes.length > 0 && (
							<section class="changes-list" aria-labelledby="import-changes-h">
								<h3 id="import-changes-h">{t("import_changes_title", { n: formatNumber(report.changes.length) })}</h3>
								{report.changes.map((c) => (
									<article key={c.row} class="change" aria-label={t("import_change_of", { row: c.row, who: who(c) })}>
										<h4>{t("import_change_of", { row: c.row, who: who(c) })}</h4>
										<ChangeTable c={c} before={t("import_now")} after={t("import_after")}
											label={t("import_change_of", { row: c.row, who: who(c) })} />
									</article>
								))}
							</section>
						)}
						{preview && preview.length > 1 && (
							<details open>
								<summary>{t("import_preview")}</summary>
								<div class="table-wrap" tabIndex={0} role="region" aria-label={t("import_preview")}>
									<table class="preview striped">
										<thead><tr><th scope="col" class="num">{t("import_row")}</th>{preview[0]!.map((h, i) => <th key={i} scope="col">{h}</th>)}</tr></thead>
										<tbody>
											{preview.slice(1).map((r, i) => (
												<tr key={i}><td class="num">{i + 2}</td>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>
											))}
										</tbody>
									</table>
								</div>
							</details>
						)}
						<div class="actions">
							<button type="button" onClick={() => send(false)} disabled={busy} aria-busy={busy ? "true" : undefined}>
								{busy ? t("import_running") : t("import_all", { rows: formatNumber(report.rows) })}
							</button>
							<button type="button" class="secondary outline" onClick={reset} disabled={busy}>{t("cancel")}</button>
						</div>
					</section>
				)}
				{step === "done" && report && (
					<section class="notice notice-ok" aria-labelledby="import-done-h">
						<h2 id="import-done-h">{t("import_done_title")}</h2>
						<p class="import-summary">{t("import_summary", {
							rows: formatNumber(report.rows), created: formatNumber(report.created),
							updated: formatNumber(report.updated), unchanged: formatNumber(report.unchanged),
						})}</p>
						<div class="actions">
							<a class="btn" href="/members">{t("import_go_members")}</a>
							<button type="button" class="secondary outline" onClick={reset}>{t("import_again")}</button>
						</div>
					</section>
				)}
			</div>
		</>
	);
}
