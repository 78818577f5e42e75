// Chart.js, with only the parts the dashboard draws (bars, doughnuts), in
// a chunk of its own that only the dashboard loads.  No animation: the
// figures appear at once (and the same way in every screenshot).
import {
	ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController,
	Legend, LinearScale, Tooltip,
} from "chart.js";

Chart.register(ArcElement, BarController, BarElement, CategoryScale, DoughnutController,
	Legend, LinearScale, Tooltip);

Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
Chart.defaults.color = "#373c44";
Chart.defaults.animation = false;

export const palette = ["#b3261e", "#e8a317", "#2f6f9f", "#3f8f5a", "#7b5ea7", "#c2577a",
	"#5f7a8a", "#a0522d", "#238b8b", "#8a8f2a", "#9e9e9e"];

export interface Datum {
	label: string;
	count: number;
	/** Its own colour (a level of classification); else the palette's. */
	color?: string;
}

export function draw(canvas: HTMLCanvasElement, kind: "bar" | "doughnut" | "hbar", data: Datum[],
	seriesLabel: string): { destroy(): void } {
	const labels = data.map((d) => d.label);
	const values = data.map((d) => d.count);
	if (kind === "doughnut")
		return new Chart(canvas, {
			type: "doughnut",
			data: { labels, datasets: [{ label: seriesLabel, data: values, borderWidth: 1,
				backgroundColor: data.map((d, i) => d.color ?? palette[i % palette.length]!) }] },
			options: {
				locale: "vi-VN",
				responsive: true,
				maintainAspectRatio: false,
				plugins: { legend: { position: "bottom" } },
			},
		});
	return new Chart(canvas, {
		type: "bar",
		data: { labels, datasets: [{ label: seriesLabel, data: values, backgroundColor: palette[0], borderRadius: 3 }] },
		options: {
			locale: "vi-VN",
			indexAxis: kind === "hbar" ? "y" : "x",
			responsive: true,
			maintainAspectRatio: false,
			plugins: { legend: { display: false } },
			scales: {
				x: { ticks: { precision: 0, autoSkip: kind !== "hbar" } },
				y: { ticks: { precision: 0, autoSkip: false } },
			},
		},
	});
}
