// Evaluation and classification (issue 15): the shapes the evaluation and
// dashboard APIs send, written from the issue's "JSON that outside scripts
// rely on" and the helpers' handlers (the APIs were built at the same time
// as these pages; fields beyond the are optional), and what the
// evaluation pages share: the levels best first, a score in points, the
// score sheet in force, a figure's status.
import { get, query } from "./api";
import { allPages } from "./inspection";
import { lang } from "./i18n";

export type Level = "htxs" | "htt" | "ht" | "kht" | "not_classified";
/** The levels a committee may propose or decide, best first. */
export const levels: Level[] = ["htxs", "htt", "ht", "kht"];
export const allLevels: Level[] = [...levels, "not_classified"];
export type PeriodKind = "year" | "quarter" | "ad_hoc";
export const periodKinds: PeriodKind[] = ["year", "quarter", "ad_hoc"];

export interface SheetGroup {
	code: string;
	name: string;
	name_en?: string | null;
	max_points: number;
}

export interface Sheet {
	groups: SheetGroup[];
	rule_id?: string | null;
	citation?: string | null;
}

export interface Period {
	id: number;
	org_id: number;
	org_name?: string | null;
	kind: PeriodKind;
	year: number;
	quarter?: number | null;
	from?: string | null;
	to?: string | null;
	status: "open" | "locked";
	locked_at?: string | null;
	sheet?: Sheet | null;
	version?: number;
}

export interface Reason {
	code: string;
	rule_id: string | null;
	citation: string | null;
	message: string;
	level?: Level | null;
}

export interface Vote {
	for: number | null;
	against: number | null;
	abstain: number | null;
	base?: number | null;
}

export interface Criterion {
	code: string;
	points: number;
}

export interface Evaluation {
	id: number;
	period_id: number;
	subject?: "member" | "org";
	member_id?: number | null;
	org_id?: number | null;
	subject_name?: string | null;
	cell_id?: number | null;
	cell_name?: string | null;
	score: number | null;
	criteria?: Criterion[] | null;
	tasks_total: number | null;
	tasks_on_time: number | null;
	tasks_exceeded: number | null;
	sick_leave_months?: number | null;
	note?: string | null;
	self_level?: Level | null;
	computed_level: Level;
	reasons: Reason[];
	proposed_level: Level | null;
	proposed_reason?: string | null;
	vote?: Vote | null;
	vote_base?: number | null;
	vote_for?: number | null;
	vote_against?: number | null;
	vote_abstain?: number | null;
	decided_level: Level | null;
	decided_reason?: string | null;
	comments_count?: number | null;
	period?: Period | null;
	year?: number | null;
	version?: number;
}

export interface Comment {
	id: number;
	evaluation_id?: number;
	author?: string | null;
	author_name?: string | null;
	text: string;
	created_at?: string | null;
}

/** One scope of the cap on excellent (a grassroots organisation or a
 * cell, as the rulebook says). */
export interface CapScope {
	scope_org_id: number;
	scope_name?: string | null;
	org_name?: string | null;
	allowed: number;
	proposed_htxs?: number | null;
	decided_htxs?: number | null;
	excellent?: number | null;
	exceeded?: boolean;
	/** Over the cap as decided (what the lock judges), with its allowed. */
	decided_exceeded?: boolean;
	decided_allowed?: number;
	counts?: Partial<Record<Level, number>>;
	rule_id?: string | null;
	citation?: string | null;
	evaluations?: Evaluation[];
	proposed?: Evaluation[];
}

export interface Calibration {
	period_id?: number;
	scopes: CapScope[];
	rule_id?: string | null;
	citation?: string | null;
}

/** A figure of the dashboard: its value, its target, red/amber/green. */
export interface Figure {
	value: number | null;
	target: number | null;
	status: "green" | "amber" | "red" | string | null;
	counted?: number | null;
	good?: number | null;
	rule_id?: string | null;
	citation?: string | null;
}

/** The API may send a figure as an object or as a number with its target
 * and status beside it ("x_pct", "x_target", "x_status" or targets{}). */
export function figureOf(d: Record<string, unknown>, key: string): Figure {
	// GET /dashboard: "cells_good_or_better": {pct, target, status, met,
	// counted, rule_id, citation} beside "cells_good_or_better_pct": 83.3.
	const full = d[key.replace(/_pct$/, "")];
	const v = full && typeof full === "object" ? full : d[key];
	if (v && typeof v === "object") {
		const o = v as Record<string, unknown>;
		const num = (x: unknown) => typeof x === "number" ? x : null;
		return {
			value: num(o["value"] ?? o["pct"]), target: num(o["target"] ?? o["target_pct"]),
			status: typeof o["status"] === "string" && o["status"] !== "none" ? o["status"] as string : null,
			counted: num(o["counted"] ?? o["total"]), good: num(o["good"] ?? o["met"]),
			rule_id: (o["rule_id"] ?? o["rule"] ?? null) as string | null, citation: (o["citation"] ?? null) as string | null,
		};
	}
	const targets = (d["targets"] ?? {}) as Record<string, unknown>;
	const statuses = (d["statuses"] ?? d["status"] ?? {}) as Record<string, unknown>;
	const base = key.replace(/_pct$/, "");
	const tv = d[key + "_target"] ?? d[base + "_target"] ?? targets[key] ?? targets[base];
	const sv = d[key + "_status"] ?? d[base + "_status"] ?? (typeof statuses === "object" ? statuses[key] ?? statuses[base] : null);
	return {
		value: typeof v === "number" ? v : null,
		target: typeof tv === "number" ? tv : null,
		status: typeof sv === "string" && sv !== "none" ? sv : null,
	};
}

export interface DashRow {
	org_id: number;
	name?: string | null;
	org_name?: string | null;
	kind?: string | null;
	[k: string]: unknown;
}

/** GET /dashboard?org=&year= (fields beyond the are read when
 * present). */
export interface Dashboard {
	org_id: number;
	org_name?: string | null;
	year: number;
	[k: string]: unknown;
}

/** The four headline figures (the names). */
export const headline = ["cells_good_or_better_pct", "members_good_or_better_pct",
	"inspection_coverage_pct", "self_inspection_pct"] as const;

/** The cell's vote on a proposal (an object, or the flat vote_* fields). */
export function voteOf(e: Evaluation): Vote | null {
	if (e.vote)
		return e.vote;
	if (e.vote_for == null && e.vote_base == null)
		return null;
	return { for: e.vote_for ?? null, against: e.vote_against ?? null, abstain: e.vote_abstain ?? null, base: e.vote_base ?? null };
}

/** A score (points, or tenths when the API keeps them so) as people read
 * it: 85,5 (85.5 in English). */
export function points(n: number | null | undefined): string {
	if (n == null)
		return "—";
	// In the reader's notation, as the API's reasons write the same score
	// ("Điểm 75,9", "The score 75.9"): one card, one notation.
	return new Intl.NumberFormat(lang.get() === "en" ? "en-GB" : "vi-VN", { maximumFractionDigits: 1 }).format(n);
}

/** The periods of an organisation's subtree, newest first. */
export function periodsOf(org: number | null, signal?: AbortSignal): Promise<Period[]> {
	return allPages<Period>("/evaluation/periods", { org }, signal, 500).then((ps) =>
		ps.sort((a, b) => b.year - a.year || (b.quarter ?? 0) - (a.quarter ?? 0) || b.id - a.id));
}

/** The evaluations matching q (every page). */
export function evaluationsOf(q: Record<string, string | number | null | undefined>, signal?: AbortSignal): Promise<Evaluation[]> {
	return allPages<Evaluation>("/evaluations", q, signal, 2000);
}

/** A period in words: "Năm 2026", "Quý 3/2026", "Đột xuất 2026". */
export function periodLabel(p: Pick<Period, "kind" | "year" | "quarter">, t: (k: "ep_year_n" | "ep_quarter_n" | "ep_adhoc_n", v: Record<string, string | number>) => string): string {
	if (p.kind === "quarter")
		return t("ep_quarter_n", { q: p.quarter ?? "?", year: p.year });
	return t(p.kind === "year" ? "ep_year_n" : "ep_adhoc_n", { year: p.year });
}

/** The score sheet of a period: the period's own, else the rulebook's
 * rule evaluation.score_sheet in force (GET /rules). */
type Rules = { rules: { id: string; versions: { effective_from: string; effective_to: string | null; values: Record<string, unknown> }[] }[] };
export async function sheetOf(p: Period | null, signal?: AbortSignal): Promise<Sheet> {
	if (p?.sheet && Array.isArray(p.sheet.groups) && p.sheet.groups.length)
		return p.sheet;
	const r = await get<Rules>("/rules" + query({}), signal).catch(() => ({ rules: [] }) as Rules);
	const rule = r.rules.find((x) => x.id === "evaluation.score_sheet");
	const on = p?.to ?? new Date().toISOString().slice(0, 10);
	const v = rule?.versions.find((x) => x.effective_from <= on && (!x.effective_to || on <= x.effective_to)) ?? rule?.versions.at(-1);
	if (!v)
		return { groups: [] };
	const vals = v.values;
	const groups = vals["groups"];
	if (Array.isArray(groups) && groups.every((g) => g && typeof g === "object"))
		return {
			rule_id: "evaluation.score_sheet",
			groups: (groups as Record<string, unknown>[]).map((g) => ({
				code: String(g["code"]), name: String(g["name"] ?? g["code"]),
				name_en: (g["name_en"] ?? null) as string | null, max_points: Number(g["max_points"] ?? 0),
			})),
		};
	const codes = vals["codes"] as string[] | undefined;
	const names = vals["names"] as string[] | undefined;
	const namesEn = vals["names_en"] as string[] | undefined;
	const max = vals["max_points"] as number[] | undefined;
	if (!Array.isArray(codes))
		return { groups: [] };
	return {
		rule_id: "evaluation.score_sheet",
		groups: codes.map((c, i) => ({ code: c, name: names?.[i] ?? c, name_en: namesEn?.[i] ?? null, max_points: Number(max?.[i] ?? 0) })),
	};
}

/** A sheet group's name in the interface's language. */
export function groupName(g: SheetGroup): string {
	return lang.get() === "en" && g.name_en ? g.name_en : g.name;
}
