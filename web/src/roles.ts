// What the signed-in user may do, from the roles of its grants: only to
// choose what to show (navigation, buttons).  The API judges every request
// itself (403 / 404), whatever the interface shows.  Mirrors the table of
// src/core/policy.c (docs/security.md).
import type { Role, User } from "./api";

export type Action = "org.read" | "org.write" | "member.list" | "member.read" |
	"member.write" | "member.import" | "member.export" | "audit.read";

const allowed: Record<Action, Role[]> = {
	"org.read": ["admin", "office", "inspection", "secretary", "viewer"],
	"org.write": ["admin", "office"],
	"member.list": ["admin", "office", "inspection", "secretary", "viewer"],
	"member.read": ["admin", "office", "inspection", "secretary"],
	"member.write": ["admin", "office"],
	"member.import": ["admin", "office"],
	"member.export": ["admin", "office", "inspection"],
	"audit.read": ["admin", "office", "inspection"],
};

/** True if some grant's role allows the action (somewhere in its scope). */
export function can(user: User | null, action: Action): boolean {
	return !!user && user.grants.some((g) => allowed[action].includes(g.role));
}

/** The organisations at the top of the user's scope (its grants' orgs,
 * for the roles that may read organisations). */
export function scopeRoots(user: User | null): { id: number; name: string | null; role: Role }[] {
	if (!user)
		return [];
	const seen = new Set<number>();
	return user.grants
		.filter((g) => allowed["org.read"].includes(g.role))
		.filter((g) => !seen.has(g.org_id) && !!seen.add(g.org_id))
		.map((g) => ({ id: g.org_id, name: g.org_name, role: g.role }));
}
