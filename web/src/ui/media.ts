// Whether a media query matches now, watched (the layout of a list on a
// phone: cards, 20 a page).
import { useEffect, useState } from "preact/hooks";

export const PHONE_QUERY = "(max-width: 600px)";

export function useMedia(query: string): boolean {
	const [matches, setMatches] = useState(() => matchMedia(query).matches);
	useEffect(() => {
		const mq = matchMedia(query);
		const changed = () => setMatches(mq.matches);
		changed();
		mq.addEventListener("change", changed);
		return () => mq.removeEventListener("change", changed);
	}, [query]);
	return matches;
}
