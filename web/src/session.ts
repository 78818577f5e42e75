// Who is signed in (shared by the shell and the pages).
import type { User } from "./api";
import { signal, useSignal } from "./state";

/** The signed-in user; undefined while the session is being checked. */
export const user = signal<User | null | undefined>(undefined);

/** The signed-in user, in a page (only pages of a signed-in user exist). */
export function useUser(): User {
	return useSignal(user) as User;
}

/** A message for the sign-in page (session expired, signed out). */
export const loginNotice = signal<string>("");
