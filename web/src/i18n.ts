// The user interface's words: Vietnamese first (with every tone mark),
// English as the alternative, one file a feature under i18n/ (each with
// both languages; its type check requires every key in both, and join()
// below a key in one feature only).  The language is remembered in
// localStorage and sent to the API as Accept-Language, so that the API's
// own messages (field errors, problems) come in the same language.
import { signal } from "./state";
import * as common from "./i18n/common";
import * as login from "./i18n/login";
import * as home from "./i18n/home";
import * as orgs from "./i18n/orgs";
import * as members from "./i18n/members";
import * as member from "./i18n/member";
import * as importing from "./i18n/import";
import * as office from "./i18n/office";
import * as audit from "./i18n/audit";
import * as meetings from "./i18n/meetings";
import * as inspection from "./i18n/inspection";
import * as evaluation from "./i18n/evaluation";

export type Lang = "vi" | "en";

type Dict = Record<string, string>;

/** The texts of a and b together; a key in both is a type error (each
 * text belongs to one feature). */
function join<A extends Dict, B extends Dict>(a: A, b: B & { [K in keyof A]?: never }): A & B {
	return { ...a, ...b };
}

const vi = join(join(join(join(join(join(join(join(join(join(join(common.vi, login.vi), home.vi), orgs.vi), members.vi), member.vi), importing.vi), office.vi), audit.vi), meetings.vi), inspection.vi), evaluation.vi);

export type Key = keyof typeof vi;

const en: Record<Key, string> = join(join(join(join(join(join(join(join(join(join(join(common.en, login.en), home.en), orgs.en), members.en), member.en), importing.en), office.en), audit.en), meetings.en), inspection.en), evaluation.en);

const dicts: Record<Lang, Record<Key, string>> = { vi, en };

function initialLang(): Lang {
	try {
		const saved = localStorage.getItem("chibo.lang");
		if (saved === "vi" || saved === "en")
			return saved;
	} catch {
		/* storage disabled: the default */
	}
	return "vi";
}

export const lang = signal<Lang>(initialLang());

export function setLang(l: Lang): void {
	try {
		localStorage.setItem("chibo.lang", l);
	} catch {
		/* not remembered: fine */
	}
	document.documentElement.lang = l;
	lang.set(l);
}

document.documentElement.lang = lang.get();

/** The text of key in the current language, with {name} replaced. */
export function t(key: Key, vars?: Record<string, string | number>): string {
	let s = dicts[lang.get()][key] ?? key;
	if (vars)
		for (const [k, v] of Object.entries(vars))
			s = s.split("{" + k + "}").join(String(v));
	return s;
}

/** A label for a value of an enumeration (kind_cell, status_official...),
 * or the value itself when there is none. */
export function tv(prefix: string, value: string | null | undefined): string {
	if (value == null || value === "")
		return t("none");
	const k = (prefix + value) as Key;
	return k in vi ? t(k) : value;
}

/** The label of a member field (f_...), or the field name. */
export function fieldLabel(field: string): string {
	return tv("f_", field);
}

/** Who recorded something, as people read it: "cli:root@host" (the
 * command line) as "root@host (dòng lệnh)", an account by its name. */
export function recordedBy(who: string | null | undefined): string {
	if (!who)
		return t("none");
	return who.startsWith("cli:") ? t("audit_cli", { who: who.slice(4) }) : who;
}

