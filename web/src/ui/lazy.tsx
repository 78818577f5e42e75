// A page whose code is a chunk of its own (esbuild splitting), loaded the
// first time it is opened: "Loading" meanwhile, the error and a retry if
// the chunk does not come.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ErrorView, Loading } from "./ui";

export function Lazy<M>(props: { load: () => Promise<M>; render: (m: M) => JSX.Element }) {
	const [mod, setMod] = useState<{ m: M } | null>(null);
	const [error, setError] = useState<unknown>(null);
	const [n, setN] = useState(0);
	useEffect(() => {
		let live = true;
		props.load().then((m) => live && setMod({ m }), (e) => live && setError(e));
		return () => { live = false; };
	}, [props.load, n]);
	if (error)
		return <ErrorView error={error} retry={() => { setError(null); setN(n + 1); }} />;
	return mod ? props.render(mod.m) : <Loading />;
}
