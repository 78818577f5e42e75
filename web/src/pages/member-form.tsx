// Editing a member (PATCH /members/{id}: a JSON merge patch of the fields
// changed, with If-Match) or adding one (POST /members).  The API judges
// every field against the rulebook; its field errors are shown next to
// their fields and in a summary.  If someone else saved the record in the
// meantime (412), both versions are shown field by field and the user
// keeps theirs (sent again with the new ETag) or takes the server's.
import { useEffect, useState } from "preact/hooks";
import { ApiError, request, type FieldError, type Member, type Org } from "../api";
import { ethnicities, orgsCached } from "../data";
import { formatDate, parseDate } from "../format";
import { fieldLabel, lang, t, tv } from "../i18n";
import { navigate } from "../router";
import { useUser } from "../session";
import { ErrorSummary, ErrorView, Loading, Notice, PageHeading, SelectField, TextField, useLoad } from "../ui/ui";
import { sections, showField } from "./member";

type Form = Record<string, string>;

const editable = ["full_name", "gender", "birth_date", "birthplace", "hometown", "ethnicity", "religion",
	"citizen_id", "phone", "email", "org_id", "status", "admission_decision_date", "admitted_on",
	"official_on", "exempt_since", "card_no", "dossier_no", "job_title", "education",
	"professional_level", "theory_level"];
const required = new Set(["full_name", "gender", "birth_date", "admitted_on", "status", "org_id"]);
const dates = new Set(["birth_date", "admission_decision_date", "admitted_on", "official_on", "exempt_since"]);

function toForm(m: Partial<Member> | null): Form {
	const f: Form = {};
	for (const k of editable) {
		const v = m ? (m as Record<string, unknown>)[k] : null;
		f[k] = v === null || v === undefined ? "" : dates.has(k) ? formatDate(String(v)) : String(v);
	}
	return f;
}

/** The API value of a form field: ISO dates, numbers for org_id, null for
 * empty; undefined if a date cannot be read. */
function apiValue(k: string, s: string): unknown {
	const v = s.trim();
	if (dates.has(k)) {
		const iso = parseDate(v);
		return iso === null ? undefined : iso || null;
	}
	if (k === "org_id")
		return v ? Number(v) : null;
	return v === "" ? null : v;
}

/** What is sent for field k: its API value, or the text as typed when it
 * is not a date the form can read, so that the server judges it with
 * every other field and all the errors come back at once. */
function sendValue(k: string, s: string): unknown {
	const v = apiValue(k, s);
	return v === undefined ? s.trim() : v;
}

/** The fields whose value in form differs from m (a merge patch). */
function diff(form: Form, m: Member): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const k of editable) {
		if (m.masked?.includes(k))
			continue;
		const v = sendValue(k, form[k] ?? "");
		const old = (m as unknown as Record<string, unknown>)[k] ?? null;
		if (v !== old)
			out[k] = v;
	}
	return out;
}

interface Conflict {
	mine: Record<string, unknown>;
	theirs: Member;
	etag: string | null;
}

function ConflictPanel(props: { c: Conflict; original: Member; orgName: (id: number) => string;
	onKeepMine: () => void; onTakeTheirs: () => void; busy: boolean }) {
	const { c, original } = props;
	const theirs = c.theirs as unknown as Record<string, unknown>;
	const orig = original as unknown as Record<string, unknown>;
	// Every field either side changed.
	const fields = editable.filter((k) => k in c.mine || (theirs[k] ?? null) !== (orig[k] ?? null));
	const mineView = { ...original, ...c.mine } as Partial<Member>;
	return (
		<section class="conflict notice notice-warn" role="alert" aria-labelledby="conflict-h" tabIndex={-1}
			ref={(el) => el?.focus()}>
			<h2 id="conflict-h">{t("conflict_title")}</h2>
			<p>{t("conflict_intro")}</p>
			<div class="table-wrap">
				<table class="conflict-table">
					<thead>
						<tr>
							<th scope="col">{t("conflict_field")}</th>
							<th scope="col">{t("conflict_yours")}</th>
							<th scope="col">{t("conflict_theirs")}</th>
						</tr>
					</thead>
					<tbody>
						{fields.map((k) => {
							const a = showField(mineView, k, props.orgName);
							const b = showField(c.theirs, k, props.orgName);
							return (
								<tr key={k} class={a !== b ? "differs" : ""} data-field={k}>
									<th scope="row">{fieldLabel(k)}{a !== b && <span class="visually-hidden"> ({t("conflict_changed")})</span>}</th>
									<td class="mine">{a}</td>
									<td class="theirs">{b}</td>
								</tr>
							);
						})}
					</tbody>
				</table>
			</div>
			<div class="actions">
				<button type="button" onClick={props.onKeepMine} disabled={props.busy} aria-busy={props.busy ? "true" : undefined}>
					{t("conflict_keep_mine")}</button>
				<button type="button" class="secondary" onClick={props.onTakeTheirs} disabled={props.busy}>
					{t("conflict_take_theirs")}</button>
			</div>
		</section>
	);
}

export function MemberForm(props: { id?: number }) {
	const editing = props.id !== undefined;
	const { choices } = useUser();
	const memberKinds = new Set(choices.member_org_kinds);
	const data = useLoad(async (signal) => {
		const [orgs, eth] = await Promise.all([orgsCached(), ethnicities()]);
		const a = editing ? await request<Member>("GET", `/members/${props.id}`, { signal }) : null;
		return { orgs, eth, member: a?.data ?? null, etag: a?.etag ?? null };
	}, [props.id]);
	const [original, setOriginal] = useState<Member | null>(null);
	const [etag, setEtag] = useState<string | null>(null);
	const [form, setForm] = useState<Form | null>(null);
	const [errors, setErrors] = useState<FieldError[]>([]);
	const [failure, setFailure] = useState<unknown>(null);
	const [info, setInfo] = useState("");
	const [conflict, setConflict] = useState<Conflict | null>(null);
	const [busy, setBusy] = useState(false);

	useEffect(() => {
		if (!data.value)
			return;
		setOriginal(data.value.member);
		setEtag(data.value.etag);
		setForm(toForm(data.value.member));
	}, [data.value]);

	const title = editing ? t("member_edit") : t("member_create");
	if (data.loading || (!form && !data.error))
		return <><PageHeading>{title}</PageHeading><Loading /></>;
	if (data.error || !data.value || !form)
		return <><PageHeading>{title}</PageHeading><ErrorView error={data.error} retry={data.reload} /></>;
	const orgs: Org[] = data.value.orgs;
	const orgMap = new Map(orgs.map((o) => [o.id, o.name]));
	const orgName = (id: number) => orgMap.get(id) ?? `#${id}`;

	function localErrors(f: Form): FieldError[] {
		const out: FieldError[] = [];
		for (const k of editable) {
			if (dates.has(k) && apiValue(k, f[k] ?? "") === undefined)
				out.push({ field: k, code: "invalid_date", message: t("date_invalid") });
			else if (!editing && required.has(k) && !(f[k] ?? "").trim())
				out.push({ field: k, code: "required", message: t("field_required") });
		}
		return out;
	}

	async function save(body: Record<string, unknown>, ifMatch: string | null, local: FieldError[] = []) {
		setBusy(true);
		setErrors([]);
		setFailure(null);
		setInfo("");
		try {
			if (original) {
				await request<Member>("PATCH", `/members/${original.id}`, { body, ifMatch });
				navigate(`/members/${original.id}?saved=1`);
			} else {
				const a = await request<Member>("POST", "/members", { body });
				navigate(`/members/${a.data.id}?saved=created`);
			}
		} catch (e) {
			if (e instanceof ApiError && e.status === 412 && original) {
				// Someone else saved it: fetch theirs, show both.
				try {
					const cur = await request<Member>("GET", `/members/${original.id}`);
					setConflict({ mine: body, theirs: cur.data, etag: cur.etag });
				} catch (e2) {
					setFailure(e2);
				}
			} else if (e instanceof ApiError && e.errors.length > 0) {
				// The server's errors, and the form's own for fields
				// the server did not name: all of them at once.
				const named = new Set(e.errors.map((x) => x.field));
				setErrors([...e.errors, ...local.filter((x) => !named.has(x.field))]);
				setConflict(null);
			} else
				setFailure(e);
		} finally {
			setBusy(false);
		}
	}

	function submit(ev: Event) {
		ev.preventDefault();
		if (!form)
			return;
		// The form's own checks never stop the server's: the record goes
		// to the server (which refuses it whole), and both are shown.
		const local = localErrors(form);
		if (original) {
			const patch = diff(form, original);
			if (Object.keys(patch).length === 0) {
				setErrors([]);
				setInfo(t("member_no_changes"));
				return;
			}
			void save(patch, etag, local);
		} else {
			const body: Record<string, unknown> = {};
			for (const k of editable) {
				const v = sendValue(k, form[k] ?? "");
				if (v !== null && v !== "")
					body[k] = v;
			}
			void save(body, null, local);
		}
	}

	const err = (k: string) => errors.filter((e) => e.field === k)
		.map((e) => e.message + (e.citation ? ` (${e.citation})` : "")).join(" ") || null;
	const set = (k: string) => (v: string) => setForm({ ...form, [k]: v });
	const fieldSet = new Set(editable);
	const masked = new Set(original?.masked ?? []);

	function input(k: string) {
		const common = {
			name: k, label: fieldLabel(k), value: form![k] ?? "", onInput: set(k), error: err(k),
			required: required.has(k), disabled: masked.has(k),
		};
		if (k === "gender")
			return <SelectField key={k} {...common} options={[{ value: "", label: t("none") },
				...choices.genders.map((g) => ({ value: g, label: tv("gender_", g) }))]} />;
		if (k === "status")
			return <SelectField key={k} {...common} options={[{ value: "", label: t("none") },
				...choices.member_statuses.map((s) => ({ value: s, label: tv("status_", s) }))]} />;
		if (k === "org_id")
			return <SelectField key={k} {...common} wide options={[{ value: "", label: t("none") },
				...orgs.filter((o) => (memberKinds.has(o.kind) && !o.valid_to) || String(o.id) === form![k])
					.map((o) => ({ value: String(o.id), label: `${o.name} (${o.code})` }))]} />;
		if (dates.has(k))
			return <TextField key={k} {...common} inputMode="numeric" placeholder="dd/mm/yyyy"
				hint={t("date_format_hint")} maxLength={10}
				onBlur={() => {
					const iso = parseDate(form![k] ?? "");
					if (iso)
						setForm((f) => f && { ...f, [k]: formatDate(iso) });
				}} />;
		// A counted text: a select of its reference list (the session's
		// choices, the rulebook in force); an old value that no list
		// holds stays shown, marked, until another is chosen.
		const refs = (choices.ref_lists as Record<string, { code: string; label_vi: string; label_en: string }[] | undefined>)[k];
		if (refs && k !== "ethnicity") {
			const cur = form![k] ?? "";
			const unlisted = cur !== "" && !refs.some((r) => r.label_vi === cur);
			return <SelectField key={k} {...common} options={[{ value: "", label: t("none") },
				...(unlisted ? [{ value: cur, label: t("ref_unlisted", { v: cur }) }] : []),
				...refs.map((r) => ({ value: r.label_vi, label: lang.get() === "en" ? r.label_en : r.label_vi }))]} />;
		}
		if (k === "ethnicity")
			return (
				<div key={k} class="field">
					<label for="f-ethnicity">{fieldLabel(k)}</label>
					<input id="f-ethnicity" name="ethnicity" list="ethnicity-list" value={form![k]} autoComplete="off"
						aria-invalid={err(k) ? "true" : undefined} aria-describedby={err(k) ? "f-ethnicity-error" : undefined}
						onInput={(e) => set(k)(e.currentTarget.value)} />
					<datalist id="ethnicity-list">{data.value!.eth.map((x) => <option key={x} value={x} />)}</datalist>
					{err(k) && <small id="f-ethnicity-error" class="field-error">{err(k)}</small>}
				</div>
			);
		const extra: Record<string, object> = {
			citizen_id: { inputMode: "numeric", maxLength: 12, hint: t("citizen_id_hint") },
			phone: { type: "tel", inputMode: "tel", autoComplete: "off" },
			email: { type: "email", inputMode: "email" },
			full_name: { maxLength: 120, wide: true },
		};
		return <TextField key={k} {...common} {...(extra[k] ?? {})} />;
	}

	return (
		<>
			<nav aria-label="breadcrumb" class="breadcrumb">
				<ul>
					<li><a href="/members">{t("members_title")}</a></li>
					{original && <li><a href={`/members/${original.id}`}>{original.full_name}</a></li>}
					<li aria-current="page">{title}</li>
				</ul>
			</nav>
			<PageHeading sub={original ? <>{original.full_name} · {tv("status_", original.status)}</> : undefined}>{title}</PageHeading>
			{conflict && original && (
				<ConflictPanel c={conflict} original={original} orgName={orgName} busy={busy}
					onKeepMine={() => {
						setEtag(conflict.etag);
						void save(conflict.mine, conflict.etag);
					}}
					onTakeTheirs={() => {
						setOriginal(conflict.theirs);
						setEtag(conflict.etag);
						setForm(toForm(conflict.theirs));
						setConflict(null);
						setErrors([]);
					}} />
			)}
			{errors.length > 0 && <ErrorSummary title={t("member_form_errors", { n: errors.length })} errors={errors} fields={fieldSet} />}
			{failure !== null && <ErrorView error={failure} />}
			{info && <Notice>{info}</Notice>}
			<p class="muted small">{t("member_required_note")}</p>
			<form onSubmit={submit} noValidate aria-describedby={errors.length ? undefined : undefined}>
				{sections.map((s) => (
					<fieldset key={s.title} class="form-section">
						<legend>{t(s.title)}</legend>
						<div class="form-grid">{s.fields.map((k) => input(k))}</div>
					</fieldset>
				))}
				<div class="form-actions">
					<button type="submit" disabled={busy} aria-busy={busy ? "true" : undefined}>
						{busy ? t("saving") : editing ? t("member_save") : t("member_create")}
					</button>
					<a class="btn secondary outline" href={original ? `/members/${original.id}` : "/members"}>{t("cancel")}</a>
				</div>
			</form>
		</>
	);
}
