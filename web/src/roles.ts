// What the signed-in user may do, to choose what to show (navigation,
// buttons): the session's "actions", which the server computes from the
// account's grants with the policy it judges every request by
// (src/core/policy.c).  Nothing of the policy is copied here; the API
// judges every request itself (403 / 404), whatever the interface shows.
import type { Action, Role, User } from "./api";

export type { Action } from "./api";

/** True if some grant allows the action (somewhere in its scope). */
export function can(user: User | null, action: Action): boolean {
	return !!user && user.actions.includes(action);
}

/** The organisations at the top of the user's scope: its grants'
 * organisations, when it may read organisations at all. */
export function scopeRoots(user: User | null): { id: number; name: string | null; role: Role }[] {
	if (!user || !can(user, "org.read"))
		return [];
	const seen = new Set<number>();
	return user.grants
		.filter((g) => !seen.has(g.org_id) && !!seen.add(g.org_id))
		.map((g) => ({ id: g.org_id, name: g.org_name, role: g.role }));
}
