// Creating an organisation (POST /orgs, under ?parent=) or changing one
// (PATCH /orgs/{id} with If-Match): the API judges every field, and its
// field errors appear next to the fields.
import { useEffect, useState } from "preact/hooks";
import { allOrgs, ApiError, get, request, type FieldError, type Org, type OrgDetail } from "../api";
import { formatDate, parseDate } from "../format";
import { t, tv } from "../i18n";
import { loc, navigate } from "../router";
import { useUser } from "../session";
import { useSignal } from "../state";
import { ErrorSummary, ErrorView, Loading, Notice, PageHeading, SelectField, TextField, useLoad } from "../ui/ui";


interface Form {
	kind: string;
	name: string;
	code: string;
	parent_id: string;
	valid_from: string;
	valid_to: string;
	doc_no: string;
	on: string;
}

const dateFields = ["valid_from", "valid_to", "on"] as const;

export function OrgForm(props: { id?: number }) {
	const editing = props.id !== undefined;
	const kinds = useUser().choices.org_kinds.map((k) => k.kind);
	const l = useSignal(loc);
	const parentParam = l.search.get("parent");
	const data = useLoad(async (signal) => {
		const orgs = await allOrgs();
		const org = editing ? await request<OrgDetail>("GET", `/orgs/${props.id}`, { signal }) : null;
		return { orgs, org: org?.data ?? null, etag: org?.etag ?? null };
	}, [props.id]);
	const [form, setForm] = useState<Form | null>(null);
	const [errors, setErrors] = useState<FieldError[]>([]);
	const [failure, setFailure] = useState<unknown>(null);
	const [busy, setBusy] = useState(false);

	useEffect(() => {
		if (!data.value)
			return;
		const o = data.value.org;
		setForm(o ? {
			kind: o.kind, name: o.name, code: o.code, parent_id: o.parent_id ? String(o.parent_id) : "",
			valid_from: formatDate(o.valid_from), valid_to: o.valid_to ? formatDate(o.valid_to) : "",
			doc_no: "", on: "",
		} : {
			kind: "cell", name: "", code: "", parent_id: parentParam ?? "", valid_from: "", valid_to: "",
			doc_no: "", on: "",
		});
	}, [data.value]);

	const title = editing ? t("org_edit") : t("org_new");
	if (data.loading || (!form && !data.error))
		return <><PageHeading>{title}</PageHeading><Loading /></>;
	if (data.error || !data.value || !form)
		return <><PageHeading>{title}</PageHeading><ErrorView error={data.error} retry={data.reload} /></>;
	const orgs: Org[] = data.value.orgs;
	const original = data.value.org;
	const err = (f: string) => errors.filter((e) => e.field === f).map((e) => e.message).join(" ") || null;
	const set = (k: keyof Form) => (v: string) => setForm({ ...form, [k]: v });

	async function submit(ev: Event) {
		ev.preventDefault();
		if (!form)
			return;
		const local: FieldError[] = [];
		const dates: Record<string, string | null> = {};
		for (const f of dateFields) {
			const iso = parseDate(form[f]);
			if (iso === null)
				local.push({ field: f, code: "invalid_date", message: t("date_invalid") });
			dates[f] = iso;
		}
		if (local.length) {
			setErrors(local);
			return;
		}
		const body: Record<string, unknown> = {};
		if (!original) {
			Object.assign(body, { kind: form.kind, name: form.name.trim(), code: form.code.trim(),
				parent_id: form.parent_id ? +form.parent_id : null });
			if (dates["valid_from"])
				body["valid_from"] = dates["valid_from"];
			if (form.doc_no.trim())
				body["doc_no"] = form.doc_no.trim();
		} else {
			if (form.kind !== original.kind)
				body["kind"] = form.kind;
			if (form.name.trim() !== original.name)
				body["name"] = form.name.trim();
			if (form.code.trim() !== original.code)
				body["code"] = form.code.trim();
			if ((form.parent_id ? +form.parent_id : null) !== original.parent_id)
				body["parent_id"] = form.parent_id ? +form.parent_id : null;
			if (dates["valid_from"] && dates["valid_from"] !== original.valid_from)
				body["valid_from"] = dates["valid_from"];
			if ((dates["valid_to"] || null) !== original.valid_to)
				body["valid_to"] = dates["valid_to"] || null;
			if (Object.keys(body).length === 0) {
				setErrors([]);
				setFailure(new Error(t("member_no_changes")));
				return;
			}
			if (dates["on"])
				body["on"] = dates["on"];
			if (form.doc_no.trim())
				body["doc_no"] = form.doc_no.trim();
		}
		setBusy(true);
		setErrors([]);
		setFailure(null);
		try {
			const a = original
				? await request<Org>("PATCH", `/orgs/${original.id}`, { body, ifMatch: data.value!.etag })
				: await request<Org>("POST", "/orgs", { body });
			navigate(`/orgs/${a.data.id}`);
		} catch (e) {
			if (e instanceof ApiError && e.errors.length)
				setErrors(e.errors);
			else
				setFailure(e);
		} finally {
			setBusy(false);
		}
	}

	const parentOptions = [{ value: "", label: t("org_parent_none") }, ...orgs
		.filter((o) => o.id !== props.id && !(original && o.path.startsWith(original.path)))
		.map((o) => ({ value: String(o.id), label: "\u00a0\u00a0".repeat(o.depth) + o.name + " (" + o.code + ")" }))];
	const fields = new Set(["kind", "name", "code", "parent_id", "valid_from", "valid_to", "doc_no", "on"]);
	return (
		<>
			<nav aria-label="breadcrumb" class="breadcrumb">
				<ul>
					<li><a href="/orgs">{t("orgs_title")}</a></li>
					{original && <li><a href={`/orgs/${original.id}`}>{original.name}</a></li>}
					<li aria-current="page">{title}</li>
				</ul>
			</nav>
			<PageHeading>{title}</PageHeading>
			{errors.length > 0 && <ErrorSummary title={t("member_form_errors", { n: errors.length })} errors={errors} fields={fields} />}
			{failure !== null && (failure instanceof ApiError ? <ErrorView error={failure} /> :
				<Notice kind="info">{(failure as Error).message}</Notice>)}
			<form onSubmit={submit} noValidate class="form-grid">
				<SelectField name="kind" label={t("org_kind")} value={form.kind} onInput={set("kind")} required
					error={err("kind")} options={kinds.map((k) => ({ value: k, label: tv("kind_", k) }))} />
				<TextField name="name" label={t("org_name")} value={form.name} onInput={set("name")} required
					error={err("name")} maxLength={200} wide />
				<TextField name="code" label={t("org_code")} value={form.code} onInput={set("code")} required
					error={err("code")} maxLength={40} hint="CB-VP-1" />
				<SelectField name="parent_id" label={t("org_parent")} value={form.parent_id} onInput={set("parent_id")}
					error={err("parent_id")} options={parentOptions} wide />
				<TextField name="valid_from" label={t("org_valid_from")} value={form.valid_from} onInput={set("valid_from")}
					error={err("valid_from")} hint={t("date_format_hint")} inputMode="numeric" placeholder="dd/mm/yyyy" />
				{original && <TextField name="valid_to" label={t("org_valid_to")} value={form.valid_to} onInput={set("valid_to")}
					error={err("valid_to")} hint={t("date_format_hint")} inputMode="numeric" placeholder="dd/mm/yyyy" />}
				{original && <TextField name="on" label={t("org_change_on")} value={form.on} onInput={set("on")}
					error={err("on")} hint={t("org_edit_note")} inputMode="numeric" placeholder="dd/mm/yyyy" />}
				<TextField name="doc_no" label={t("org_doc_no")} value={form.doc_no} onInput={set("doc_no")}
					error={err("doc_no")} maxLength={80} hint="15-QĐ/ĐU" />
				<div class="form-actions">
					<button type="submit" aria-busy={busy ? "true" : undefined} disabled={busy}>
						{busy ? t("saving") : editing ? t("member_save") : t("org_new_root")}
					</button>
					<a class="btn secondary outline" href={original ? `/orgs/${original.id}` : "/orgs"}>{t("cancel")}</a>
				</div>
			</form>
		</>
	);
}

export async function orgName(id: number): Promise<string> {
	return (await get<OrgDetail>(`/orgs/${id}`)).name;
}
