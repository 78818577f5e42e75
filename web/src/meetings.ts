// Cell meetings (issue 13): the shapes the meetings API sends, named from
// its description (api-types.ts, generated from openapi.json; Material by
// hand: the description has no schema for it yet), and the few helpers
// the meeting pages share (Vietnam's dates and times).
import { get, query, type Page, type Schemas, type Sent } from "./api";

export type MeetingKind = "regular" | "thematic" | "combined" | "extraordinary" | "committee";
export type MeetingStatus = "planned" | "held" | "cancelled";
export type AttendanceStatus = "present" | "late" | "absent_excused" | "absent_unexcused";
export type RollPlace = "official" | "probationary" | "exempted" | "transferred_out" | "transferred_in";

export const meetingKinds: MeetingKind[] = ["regular", "thematic", "combined", "extraordinary", "committee"];
export const attendanceStatuses: AttendanceStatus[] = ["present", "late", "absent_excused", "absent_unexcused"];

export type Meeting = Sent<Schemas["Meeting"]>;

export type RollEntry = Sent<Schemas["MeetingAttendance"]>;

type Split = { official: number; probationary: number };
/** MeetingRollCounts as sent (its nested counts are always there). */
export type RollCounts = Sent<Omit<Schemas["MeetingRollCounts"], "present" | "late" | "absent_excused" | "absent_unexcused" | "unrecorded" | "by">> & {
	present: Split;
	late: Split;
	absent_excused: Split;
	absent_unexcused: Split;
	unrecorded: Split;
	by: Record<RollPlace, Record<AttendanceStatus | "unrecorded", number>>;
};

export interface Roll {
	items: RollEntry[];
	counts: RollCounts;
}

export interface Material {
	id: number;
	name: string;
	size: number;
	sha256: string;
	available_at: string;
	content_type: string | null;
}

export type Vote = Sent<Schemas["MeetingVote"]>;

export type Minutes = Sent<Schemas["MeetingMinutes"]>;

export type Task = Sent<Schemas["Task"]>;

export type Finding = Sent<Schemas["MeetingFinding"]>;

export interface ComplianceMonth {
	month: number;
	held: Record<string, number>;
	minutes: number;
	expected: number;
	present: number;
	attendance_pct: number | null;
	codes: string[];
}

export interface Compliance {
	org_id: number;
	year: number;
	through: string;
	stale: boolean;
	cells: { org_id: number; name: string; codes: string[]; months: ComplianceMonth[] }[];
}

/** The meetings of org's subtree starting on from or later (dates
 * yyyy-mm-dd, Vietnam's days), page after page up to max. */
export async function loadMeetings(org: number, from: string, signal?: AbortSignal, max = 5000): Promise<Meeting[]> {
	const out: Meeting[] = [];
	let cursor: string | null = null;
	do {
		const page: Page<Meeting> = await get(`/meetings${query({ org, from, limit: Math.min(1000, max - out.length), cursor })}`, signal);
		out.push(...page.items);
		cursor = page.next_cursor;
	} while (cursor && out.length < max);
	return out;
}

const partsFmt = new Intl.DateTimeFormat("en-GB", {
	timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit",
	hour: "2-digit", minute: "2-digit", hour12: false,
});

/** An instant's parts in Vietnam's time: yyyy, mm, dd, HH, MM. */
export function localParts(ts: string): { y: string; m: string; d: string; hh: string; mm: string } {
	const p = Object.fromEntries(partsFmt.formatToParts(new Date(ts)).map((x) => [x.type, x.value]));
	return { y: p["year"]!, m: p["month"]!, d: p["day"]!, hh: p["hour"] === "24" ? "00" : p["hour"]!, mm: p["minute"]! };
}

/** "05/12/2026" of an instant, in Vietnam. */
export function localDate(ts: string): string {
	const p = localParts(ts);
	return `${p.d}/${p.m}/${p.y}`;
}

/** "19:30" of an instant, in Vietnam. */
export function localTime(ts: string): string {
	const p = localParts(ts);
	return `${p.hh}:${p.mm}`;
}

/** "yyyy-mm" of an instant, in Vietnam. */
export function localMonth(ts: string): string {
	const p = localParts(ts);
	return `${p.y}-${p.m}`;
}

/** Today in Vietnam, yyyy-mm-dd, moved by days. */
export function vnToday(days = 0): string {
	const p = localParts(new Date(Date.now() + days * 86400000).toISOString());
	return `${p.y}-${p.m}-${p.d}`;
}

/** "HH:mm" typed -> "HH:mm", or null. */
export function parseTime(s: string): string | null {
	const m = /^(\d{1,2})[:hg.](\d{2})$/.exec(s.trim());
	if (!m || +m[1]! > 23 || +m[2]! > 59)
		return null;
	return `${m[1]!.padStart(2, "0")}:${m[2]}`;
}

/** The people present (present or late) and the members expected. */
export function presentOf(c: RollCounts): { present: number; expected: number } {
	const present = c.present.official + c.present.probationary + c.late.official + c.late.probationary;
	return { present, expected: c.official + c.probationary };
}

/** The organisation whose meetings the user sees first: a secretary's
 * cell, else the first grant's organisation. */
export function homeOrg(grants: { org_id: number; role: string }[]): number | null {
	const g = grants.find((x) => x.role === "secretary") ?? grants[0];
	return g ? g.org_id : null;
}
