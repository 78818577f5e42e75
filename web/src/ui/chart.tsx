// A chart with its title, a text alternative (role="img" with the figures
// in words) and the figures as a table for whoever prefers one.  Chart.js
// is loaded on first use (its own chunk).
import { useEffect, useRef, useState } from "preact/hooks";
import { formatNumber } from "../format";
import { t } from "../i18n";
import type { Datum } from "../charts";

export type { Datum };

export function ChartFigure(props: { title: string; kind: "bar" | "doughnut" | "hbar"; data: Datum[]; id: string }) {
	const canvas = useRef<HTMLCanvasElement>(null);
	const [failed, setFailed] = useState(false);
	const summary = props.data.map((d) => `${d.label}: ${formatNumber(d.count)}`).join("; ");
	const key = JSON.stringify(props.data) + props.kind;
	useEffect(() => {
		let chart: { destroy(): void } | null = null;
		let live = true;
		import("../charts").then((m) => {
			if (live && canvas.current)
				chart = m.draw(canvas.current, props.kind, props.data, t("chart_count"));
		}, () => setFailed(true));
		return () => {
			live = false;
			chart?.destroy();
		};
	}, [key]);
	const tall = props.kind === "hbar" ? Math.max(220, props.data.length * 26 + 40) : 0;
	return (
		<figure class="chart" id={props.id}>
			<figcaption>{props.title}</figcaption>
			{/* Set through the CSSOM (allowed by the CSP), not a style attribute. */}
			<div class="chart-box" style={tall ? { height: `${tall}px` } : undefined}>
				<canvas ref={canvas} role="img" aria-label={`${props.title}. ${summary}`} />
			</div>
			{failed && <p class="muted">{summary}</p>}
			<details>
				<summary>{t("chart_table")}</summary>
				<table class="striped">
					<thead><tr><th scope="col">{t("chart_category")}</th><th scope="col" class="num">{t("chart_count")}</th></tr></thead>
					<tbody>
						{props.data.map((d) => (
							<tr key={d.label}><th scope="row">{d.label}</th><td class="num">{formatNumber(d.count)}</td></tr>
						))}
					</tbody>
				</table>
			</details>
		</figure>
	);
}
