// The evaluation and classification pages and the targets' dashboard
// (issue 15) in a real browser (Debian's Chromium, headless) against
// `chibo serve` on a fresh demo database: a member's self-assessment on a
// phone (the score sheet from the API, the level computed and every
// reason after saving, an error on its field, the past years), the
// secretary's proposal with the cell's vote, the office's calibration of
// the cap on excellent (a decision different from the computed level
// needs its reason; the lock refused with the scope, the count and the
// allowed count), the dashboard as the upper committee's viewer and the
// office with a drill-down.  Every page is checked with axe-core at
// 1366×768 and 390×844; screenshots go to build/screenshots/evaluation-*.png.
//
//   node --test tests/browser/test-web-evaluation.mjs   (meson: suite browser-sqlite)
import { test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, axe, browserSuite, shot, signIn } from "./lib.mjs";

const suite = browserSuite();
const withPage = (opts, fn) => suite.withPage(opts, fn);
const VIEWPORTS = ["phone", "desktop"];

async function clean(page, what) {
	assert.deepEqual(await axe(page), [], `${what}: axe`);
}

const LEVELS = {
	htxs: "Hoàn thành xuất sắc nhiệm vụ", htt: "Hoàn thành tốt nhiệm vụ", ht: "Hoàn thành nhiệm vụ",
	kht: "Không hoàn thành nhiệm vụ", not_classified: "Không xếp loại",
};

/** "83,3 %" as the page writes a percentage. */
function pctText(p) {
	return `${new Intl.NumberFormat("vi-VN").format(Math.round(p * 10) / 10)} %`;
}

async function openPeriodOf(api) {
	const periods = (await api.get("/evaluation/periods?limit=200")).items;
	const open = periods.filter((p) => p.status === "open");
	assert.ok(open.length > 0, "an open period in the demo");
	return { periods, open };
}

async function menu(page, phone) {
	if (phone)
		await page.getByRole("button", { name: "Trình đơn" }).click();
	await page.locator("#main-nav a", { hasText: "Đánh giá, xếp loại" }).click();
}

test("a member's self-assessment on a phone: the sheet, the level and its reasons after saving, an error on its field, past years", async () => {
	const api = await apiClient(suite.server.base, "member");
	const s = await api.get("/session");
	const me = s.user.member_id;
	assert.ok(me, "dangvien is linked to a member");
	const { open } = await openPeriodOf(api);
	const year = open.find((p) => p.kind === "year");
	// The demo's year in progress: dangvien's self-assessment is already
	// proposed on by the cell, so it is shown read only.
	const current = (await api.get(`/evaluations?member=${me}&period=${year.id}`)).items[0];
	assert.ok(current?.proposed_level, "the demo's current evaluation is proposed");
	// A quarter opened by the office for a fresh self-assessment.
	const office = await apiClient(suite.server.base, "office");
	const q = await office.call("POST", "/evaluation/periods", { org_id: year.org_id, kind: "quarter", year: year.year, quarter: 4 });
	assert.equal(q.status, 201, q.text);
	const quarter = q.json;
	for (const viewport of VIEWPORTS) {
		await withPage({ phone: viewport === "phone", allow: [["POST", /^\/api\/v1\/evaluations$/, 422], ["PATCH", /^\/api\/v1\/evaluations\/\d+$/, 422]] }, async (page) => {
			await signIn(page, "member");
			// One navigation entry leads to the member's own page.
			await menu(page, viewport === "phone");
			await page.waitForURL(/\/evaluation\/self/);
			await page.go(`/evaluation/self?period=${year.id}`);
			const form = page.locator("#es-form");
			await form.waitFor();
			await page.getByText("Chi bộ đã đề xuất mức xếp loại: bản tự đánh giá không sửa được nữa.").waitFor();
			assert.equal(await page.locator("#es-save").count(), 0, "no save once proposed");
			const v0 = await page.locator("#es-verdict").innerText();
			assert.ok(v0.includes(LEVELS[current.computed_level]), v0);
			for (const r of current.reasons)
				assert.ok(v0.includes(r.message), `${r.code}: ${v0}`);
			await clean(page, "self-assessment proposed " + viewport);
			await shot(page, "evaluation-self-proposed-" + viewport);
			// The quarter: the sheet's groups with their maximum points, from the API.
			await page.go(`/evaluation/self?period=${quarter.id}`);
			await page.locator("#es-form h2", { hasText: `Quý 4/${year.year}` }).waitFor();
			const inputs = form.locator(".ev-groups input");
			const n = await inputs.count();
			assert.equal(n, quarter.sheet.groups.length, "every group of the sheet");
			const maxes = quarter.sheet.groups.map((g) => g.max_points);
			assert.equal(maxes.reduce((a, b) => a + b, 0), 100);
			for (const g of quarter.sheet.groups)
				await form.getByText(g.name).first().waitFor();
			// A first try with more tasks on time than assigned: refused on its field.
			for (let i = 0; i < n; i++)
				await inputs.nth(i).fill(String(maxes[i] - (i === n - 1 ? 5 : 0)));
			await page.locator("#es-total", { hasText: "95" }).waitFor();
			await page.locator("#f-es-tasks_total").fill("10");
			await page.locator("#f-es-tasks_on_time").fill("12");
			await page.locator("#f-es-tasks_exceeded").fill("2");
			await page.locator("#es-save").click();
			await page.locator("#es-errors").waitFor();
			assert.equal(await page.locator("#f-es-tasks_on_time").getAttribute("aria-invalid"), "true");
			assert.match(await page.locator("#es-errors").innerText(), /Hoàn thành đúng hạn: .*0\.\.10/);
			await clean(page, "self-assessment refused " + viewport);
			// Then right: 10 of 10 on time, 2 exceeded (20 %: short of excellent).
			await page.locator("#f-es-tasks_on_time").fill("10");
			await page.locator("#f-es-note").fill("Hoàn thành 10 nhiệm vụ, 2 vượt yêu cầu.");
			await page.locator("#es-save").click();
			await page.getByText("Đã lưu.").waitFor();
			const e = (await api.get(`/evaluations?member=${me}&period=${quarter.id}`)).items[0];
			assert.equal(e.score, 95);
			const verdict = await page.locator("#es-verdict").innerText();
			assert.ok(verdict.includes(LEVELS[e.computed_level]), `${e.computed_level}: ${verdict}`);
			assert.ok(e.reasons.some((r) => r.code === "tasks_exceeded_short"), JSON.stringify(e.reasons));
			for (const r of e.reasons) {
				assert.ok(verdict.includes(r.message), `reason ${r.code}: ${verdict}`);
				if (r.citation)
					assert.ok(verdict.includes(r.citation), `citation of ${r.code}`);
			}
			// The past years: every other period's evaluation.
			const past = (await api.get(`/evaluations?member=${me}`)).items.filter((x) => x.period_id !== quarter.id);
			assert.equal(await page.locator("#es-history tbody tr").count(), past.length);
			await clean(page, "self-assessment " + viewport);
			await shot(page, "evaluation-self-" + viewport);
		});
	}
});

test("the secretary's proposal with the cell's vote", async () => {
	const api = await apiClient(suite.server.base, "secretary");
	const { open } = await openPeriodOf(api);
	const cell = (await api.get("/session")).user.grants.find((g) => g.role === "secretary").org_id;
	const evals = (await api.get(`/evaluations?period=${open[0].id}&org=${cell}&limit=200`)).items;
	const target = evals.find((x) => x.member_id && !x.decided_level);
	assert.ok(target, "a member's evaluation to propose on in the secretary's cell");
	for (const viewport of VIEWPORTS) {
		await withPage({ phone: viewport === "phone" }, async (page) => {
			await signIn(page, "secretary");
			await page.go(`/evaluation/cell?period=${open[0].id}`);
			const card = page.locator(`#ec-members > li[data-evaluation="${target.id}"]`);
			await card.waitFor();
			const text = await card.innerText();
			assert.ok(text.includes(LEVELS[target.computed_level]), text);
			for (const r of target.reasons)
				assert.ok(text.includes(r.message), `${r.code}: ${text}`);
			await clean(page, "cell " + viewport);
			await shot(page, "evaluation-cell-" + viewport);
			if (viewport === "desktop") {
				const p = `pr${target.id}`;
				if (!(await card.locator("details.ev-propose").getAttribute("open")))
					await card.locator("details.ev-propose summary").click();
				await page.locator(`#f-${p}-level`).selectOption("htt");
				await page.locator(`#f-${p}-vote\\.for`).fill("8");
				await page.locator(`#f-${p}-vote\\.against`).fill("1");
				await page.locator(`#f-${p}-vote\\.abstain`).fill("0");
				await page.locator(`#f-${p}-vote\\.base`).fill("9");
				await card.getByRole("button", { name: "Ghi đề xuất" }).click();
				// The card may already show an earlier proposal's vote (the
				// demo's): wait for this one's, not for any.
				await card.locator(".ev-vote-line", { hasText: "8 tán thành, 1 không tán thành, 0 không biểu quyết / 9" }).waitFor();
				const got = (await api.get(`/evaluations/${target.id}`));
				assert.equal(got.proposed_level, "htt");
				assert.equal(got.vote.for, 8);
				await clean(page, "cell after the proposal");
				// A comment for the reviewers, listed under the member.
				await card.locator("details.ev-comments summary").click();
				await page.locator(`#f-cm${target.id}-text`).fill("Đồng chí cần chủ động hơn trong công tác dân vận.");
				await card.getByRole("button", { name: "Gửi góp ý" }).click();
				await card.locator(".ev-comment-list li", { hasText: "chủ động hơn trong công tác dân vận" }).waitFor();
				const comments = await api.get(`/evaluations/${target.id}/comments`);
				assert.ok(comments.items.some((c) => c.text === "Đồng chí cần chủ động hơn trong công tác dân vận."));
				await clean(page, "cell with a comment");
			}
		});
	}
});

test("calibration: the cap by scope, a decision's reason required, the lock refused naming the scope", async () => {
	const api = await apiClient(suite.server.base, "office");
	const { open } = await openPeriodOf(api);
	// The demo's grassroots organisation that breaks the cap.
	let period = null;
	let cal = null;
	for (const p of open) {
		const c = await api.get(`/evaluation/periods/${p.id}/calibration`);
		if (c.scopes.some((x) => x.decided_exceeded)) {
			period = p;
			cal = c;
			break;
		}
	}
	assert.ok(period, "an open period over the cap in the demo");
	const over = cal.scopes.filter((x) => x.decided_exceeded);
	for (const viewport of VIEWPORTS) {
		await withPage({ phone: viewport === "phone", allow: [["POST", /^\/api\/v1\/evaluation\/periods\/\d+\/lock$/, 409]] }, async (page) => {
			await signIn(page, "office");
			await page.go(`/evaluation/calibration?period=${period.id}`);
			await page.locator("#cal-table").waitFor();
			for (const s of cal.scopes) {
				const row = await page.locator(`#cal-table tr[data-scope="${s.scope_org_id}"]`).innerText();
				assert.ok(row.includes(String(s.allowed)), row);
			}
			for (const s of over)
				assert.match(await page.locator(`#cal-table tr[data-scope="${s.scope_org_id}"]`).innerText(), /Vượt giới hạn/);
			await clean(page, "calibration " + viewport);
			// The lock refused: each scope over the cap named with its counts.
			await page.locator("#cal-lock-btn").click();
			await page.locator("#cal-lock-btn-confirm").click();
			const errs = page.locator("#cal-lock-errors");
			await errs.waitFor();
			const text = await errs.innerText();
			for (const s of over)
				assert.ok(text.includes(`${s.scope_name}: ${s.decided_htxs} xuất sắc, chỉ được ${s.decided_allowed}.`), text);
			assert.equal((await api.get(`/evaluation/periods/${period.id}`)).status, "open");
			await clean(page, "calibration refused " + viewport);
			await shot(page, "evaluation-calibration-" + viewport);
			if (viewport === "desktop") {
				// The period's classification report, in its three formats.
				for (const [f, type] of [["xlsx", /spreadsheetml/], ["pdf", /pdf/], ["csv", /csv/]]) {
					const href = await page.locator(`#ev-report-${f}`).getAttribute("href");
					assert.ok(href.includes(`org=${period.org_id}`) && href.includes(`year=${period.year}`), href);
					const got = await page.evaluate(async (u) => {
						const r = await fetch(u);
						return { status: r.status, type: r.headers.get("content-type"), size: (await r.arrayBuffer()).byteLength };
					}, href);
					assert.equal(got.status, 200, href);
					assert.match(got.type, type, href);
					assert.ok(got.size > 100, `${href}: ${got.size} bytes`);
				}
				// A decision other than the computed level needs its reason.
				const scope = page.locator(`details.ev-scope[data-scope="${over[0].scope_org_id}"]`);
				await scope.locator("summary").click();
				const row = scope.locator("li.ev-decide").first();
				await row.waitFor();
				const id = +(await row.getAttribute("data-evaluation"));
				const e = await api.get(`/evaluations/${id}`);
				const other = ["htxs", "htt", "ht", "kht"].find((l) => l !== e.computed_level);
				await page.locator(`#f-dc${id}-level`).selectOption(other);
				await page.locator(`#f-dc${id}-reason`).fill("");
				await row.getByRole("button", { name: "Ghi quyết định" }).click();
				await row.getByText("phải ghi lý do").waitFor();
				assert.equal(await page.locator(`#f-dc${id}-reason`).getAttribute("aria-invalid"), "true");
				await page.locator(`#f-dc${id}-reason`).fill("Cấp ủy xét thành tích đột xuất trong năm.");
				await row.getByRole("button", { name: "Ghi quyết định" }).click();
				await page.waitForLoadState("networkidle");
				await page.waitForFunction(async (eid) => {
					const r = await fetch(`/api/v1/evaluations/${eid}`);
					return (await r.json()).decided_level !== null;
				}, id);
				const after = await api.get(`/evaluations/${id}`);
				assert.equal(after.decided_level, other);
				assert.equal(after.decided_reason, "Cấp ủy xét thành tích đột xuất trong năm.");
				await shot(page, "evaluation-calibration-decided-desktop");
			}
		});
	}
});

test("the dashboard: the viewer and the office, the figures as the API says, a drill-down to a child", async () => {
	const year = new Date().getFullYear();
	const words = { green: "Đạt", amber: "Gần đạt", red: "Chưa đạt" };
	/** The page's headline figures against GET /dashboard's. */
	async function sameFigures(page, d) {
		for (const k of ["cells_good_or_better", "members_good_or_better", "inspection_coverage", "self_inspection"]) {
			const f = d[k];
			if (!f)
				continue;
			// A cell inspects no subordinate organisation: not shown.
			if (/inspection/.test(k) && ["cell", "grassroots_cell"].includes(d.org_kind)) {
				assert.equal(await page.locator(`#db-${k}_pct`).count(), 0, `${k} on a cell`);
				continue;
			}
			const text = await page.locator(`#db-${k}_pct`).innerText();
			assert.equal(d[`${k}_pct`], f.pct, `${k}: the number beside the object`);
			assert.ok(text.includes(f.pct === null ? "—" : pctText(f.pct)), `${k}: ${text} has ${f.pct}`);
			if (f.target !== null)
				assert.ok(text.includes(`Chỉ tiêu ${f.target} %`), `${k}: ${text}`);
			if (f.status !== "none")
				assert.ok(text.includes(words[f.status]), `${k}: ${text} says ${f.status} in words`);
			assert.equal(await page.locator(`#db-${k}_pct`).getAttribute("data-status"), f.status === "none" ? "" : f.status);
			if (f.counted > 0)
				assert.ok(text.includes(`${f.met}/${f.counted}`), `${k}: ${text}`);
		}
	}
	for (const role of ["viewer", "office"]) {
		const api = await apiClient(suite.server.base, role);
		const root = (await api.get("/session")).user.grants[0].org_id;
		const d = await api.get(`/dashboard?org=${root}&year=${year}`);
		for (const viewport of VIEWPORTS) {
			await withPage({ phone: viewport === "phone" }, async (page) => {
				await signIn(page, role);
				// The overview links here.
				await page.locator("#home-dashboard a").click();
				await page.locator("#db-figures").waitFor();
				assert.equal(new URL(page.url()).pathname, "/dashboard");
				await sameFigures(page, d);
				const m = d.meetings;
				assert.ok((await page.locator("#db-meetings").innerText()).includes(`${m.held} / ${m.required}`));
				if (!d.discipline.withheld && d.discipline.total)
					assert.ok((await page.locator("#db-discipline").innerText()).includes(String(d.discipline.total)));
				// Figures only for the viewer: the report, which names members, is not offered.
				assert.equal(await page.locator("#ev-report").count(), role === "viewer" ? 0 : 1, `${role}: the report's links`);
				await clean(page, `dashboard ${role} ${viewport}`);
				await shot(page, `evaluation-dashboard-${role}-${viewport}`);
				if (viewport === "phone")
					return;
				// Every child a row with its two figures; drill down to the
				// first, down to a cell, and back up.
				assert.equal(await page.locator("#db-children tbody tr").count(), d.children.length);
				let at = d;
				while (at.children.length > 0) {
					const child = at.children[0];
					const row = page.locator(`#db-children tr[data-org="${child.org_id}"]`);
					const rowText = await row.innerText();
					assert.ok(rowText.includes(child.name), rowText);
					if (child.members_good_or_better_pct !== null)
						assert.ok(rowText.includes(pctText(child.members_good_or_better_pct)), rowText);
					await row.locator(`a[href^="/dashboard"]`).click();
					await page.waitForURL(new RegExp(`org=${child.org_id}(&|$)`));
					await page.locator("#db-scope", { hasText: child.name }).waitFor();
					at = await api.get(`/dashboard?org=${child.org_id}&year=${year}`);
					await sameFigures(page, at);
				}
				assert.equal(at.org_kind, "cell", "down to a cell");
				await clean(page, `dashboard ${role}: a cell`);
				await shot(page, `evaluation-dashboard-${role}-cell-desktop`);
				await page.locator("#db-up").click();
				await page.locator("#db-children").waitFor();
				// English on request.
				if (role === "office") {
					await page.getByRole("button", { name: "Switch to English" }).click();
					await page.locator("h1", { hasText: "Targets dashboard" }).waitFor();
					await page.locator("#db-head-h", { hasText: "The Resolution's targets" }).waitFor();
					await page.locator("button.lang-switch").click();
					await page.locator("h1", { hasText: "Bảng điều khiển mục tiêu" }).waitFor();
				}
			});
		}
	}
});

test("periods: the list, a new period refused on its fields, then opened", async () => {
	const api = await apiClient(suite.server.base, "office");
	const root = (await api.get("/session")).user.grants[0].org_id;
	const before = (await api.get("/evaluation/periods?limit=200")).items;
	for (const viewport of VIEWPORTS) {
		await withPage({ phone: viewport === "phone", allow: [["POST", /^\/api\/v1\/evaluation\/periods$/, 422], ["POST", /^\/api\/v1\/evaluation\/periods$/, 409]] }, async (page) => {
			await signIn(page, "office");
			await page.go("/evaluation/periods");
			await page.locator("#ep-list").waitFor();
			assert.equal(await page.locator("#ep-list > li").count(), before.length);
			for (const p of before)
				assert.match(await page.locator(`#ep-list > li[data-period="${p.id}"]`).innerText(), p.status === "open" ? /đang mở/ : /đã khóa/);
			if (viewport === "desktop") {
				// An unreadable date: the form's own error, on its field.
				await page.locator("#f-ep-org_id").selectOption(String(root));
				await page.locator("#f-ep-kind").selectOption("ad_hoc");
				await page.locator("#f-ep-from").fill("31/02/2026");
				await page.getByRole("button", { name: "Mở kỳ" }).click();
				assert.equal(await page.locator("#f-ep-from").getAttribute("aria-invalid"), "true");
				// The API's: an ad hoc period needs its dates.
				await page.locator("#f-ep-from").fill("01/12/2026");
				await page.getByRole("button", { name: "Mở kỳ" }).click();
				await page.locator("#ep-errors").waitFor();
				assert.equal(await page.locator("#f-ep-to").getAttribute("aria-invalid"), "true", await page.locator("#ep-errors").innerText());
				await clean(page, "periods refused");
				await shot(page, "evaluation-periods-refused-desktop");
				await page.locator("#f-ep-to").fill("15/12/2026");
				await page.getByRole("button", { name: "Mở kỳ" }).click();
				await page.getByText("Đã mở kỳ Đột xuất 2026.").waitFor();
				const after = (await api.get("/evaluation/periods?limit=200")).items;
				const made = after.find((p) => !before.some((b) => b.id === p.id));
				assert.ok(made, "the new period");
				assert.deepEqual([made.kind, made.from, made.to, made.org_id], ["ad_hoc", "2026-12-01", "2026-12-15", root]);
				await page.locator(`#ep-list > li[data-period="${made.id}"]`).waitFor();
			}
			await clean(page, "periods " + viewport);
			await shot(page, "evaluation-periods-" + viewport);
		});
	}
});
