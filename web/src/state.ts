// A value that components can watch: the few pieces of state the whole
// application shares (language, signed-in user, current location).
import { useEffect, useReducer } from "preact/hooks";

export interface Signal<T> {
	get(): T;
	set(v: T): void;
	subscribe(fn: () => void): () => void;
}

export function signal<T>(initial: T): Signal<T> {
	let value = initial;
	const subs = new Set<() => void>();
	return {
		get: () => value,
		set(v: T) {
			if (Object.is(v, value))
				return;
			value = v;
			for (const fn of [...subs])
				fn();
		},
		subscribe(fn) {
			subs.add(fn);
			return () => subs.delete(fn);
		},
	};
}

/** The signal's value; the component renders again when it changes. */
export function useSignal<T>(s: Signal<T>): T {
	const [, bump] = useReducer((n: number) => n + 1, 0);
	useEffect(() => s.subscribe(() => bump(0)), [s]);
	return s.get();
}
