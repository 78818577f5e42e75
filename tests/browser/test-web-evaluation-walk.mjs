// What a walk of the issue-15 pages as each demo account found (Debian's
// Chromium against `chibo serve` on a fresh demo database): an ordinary
// member comments on its cell-mates' self-assessments from a page of its
// own (phone first; it sees of a cell-mate only the name, the status and
// the note), a self-assessment recorded as a total reads its total (not
// "0 / 100") with the outcome above the read-only form, a committee
// reaches a cell's review from the dashboard's cell rows and from the
// calibration's scopes, a scope over the cap lists its excellent ones
// first, the lock asks before it locks for good, and the levels' English
// names are the Vietnamese ones word for word (scores 75.9, not 75,9).  Screenshots:
// build/screenshots/evaluation-walk-*.png.
//
//   node --test tests/browser/test-web-evaluation-walk.mjs   (meson: suite browser-sqlite)
import { test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, axe, browserSuite, shot, signIn } from "./lib.mjs";

const suite = browserSuite();
const withPage = (opts, fn) => suite.withPage(opts, fn);

async function clean(page, what) {
	assert.deepEqual(await axe(page), [], `${what}: axe`);
}

test("a member comments on its cell-mates' self-assessments on a phone, seeing no score or level of theirs", async () => {
	const member = await apiClient(suite.server.base, "member");
	const s = (await member.get("/session")).user;
	const cell = s.grants.find((g) => g.role === "member").org_id;
	const open = (await member.get("/evaluation/periods?limit=200")).items.filter((p) => p.status === "open");
	assert.ok(open.length > 0);
	const mates = (await member.get(`/evaluations?period=${open[0].id}&org=${cell}&limit=500`)).items
		.filter((e) => e.member_id != null && e.member_id !== s.member_id);
	assert.ok(mates.length > 1, "the demo's cell has self-assessments");
	const secretary = await apiClient(suite.server.base, "secretary");
	const target = mates[0];
	const before = (await secretary.get(`/evaluations/${target.id}/comments`)).items.length;
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "member");
		await page.go("/evaluation/self");
		// The group's own links lead there.
		await page.locator("nav.subnav a", { hasText: "Góp ý đồng chí" }).click();
		await page.waitForURL(/\/evaluation\/comments/);
		const list = page.locator("#em-list");
		await list.waitFor();
		const cards = list.locator("li.ev-member");
		assert.equal(await cards.count(), mates.length);
		assert.equal(await list.locator(`li[data-member="${s.member_id}"]`).count(), 0, "not one's own");
		const text = await list.innerText();
		// Only what commenting needs: no level, no score, no reason.
		for (const w of ["Hoàn thành tốt nhiệm vụ", "Hoàn thành xuất sắc", "Điểm", "điểm của mức"])
			assert.ok(!text.includes(w), `${w} shown to a cell-mate: ${text.slice(0, 300)}`);
		await clean(page, "comments");
		await shot(page, "evaluation-walk-comments-phone");
		const card = list.locator(`li[data-evaluation="${target.id}"]`);
		await card.locator("summary").click();
		const box = card.locator("textarea");
		const send = card.getByRole("button", { name: "Gửi góp ý" });
		// Empty: said on its field, nothing sent.
		await send.click();
		await card.getByText("Hãy viết nội dung góp ý trước khi gửi.").waitFor();
		assert.equal(await box.getAttribute("aria-invalid"), "true");
		await box.fill("Đồng chí cần chủ động phát biểu hơn trong sinh hoạt chi bộ.");
		await send.click();
		await card.getByText("Đã gửi 1 góp ý.").waitFor();
		assert.equal(await box.inputValue(), "");
		await clean(page, "comment sent");
	});
	// The reviewers read it (the secretary, on the cell's review).
	const after = (await secretary.get(`/evaluations/${target.id}/comments`)).items;
	assert.equal(after.length, before + 1);
	assert.ok(after.some((c) => c.text === "Đồng chí cần chủ động phát biểu hơn trong sinh hoạt chi bộ."));
});

test("a self-assessment recorded as a total reads its total, the outcome above the read-only form", async () => {
	const member = await apiClient(suite.server.base, "member");
	const me = (await member.get("/session")).user.member_id;
	const mine = (await member.get(`/evaluations?member=${me}&limit=50`)).items;
	const current = mine.find((e) => e.proposed_level && !(e.criteria ?? []).length && e.score != null);
	assert.ok(current, "the demo's current evaluation: proposed, a total without criteria");
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "member");
		await page.go(`/evaluation/self?period=${current.period_id}`);
		await page.locator("#es-form").waitFor();
		const total = page.locator("#f-es-score");
		assert.equal(await total.inputValue(), new Intl.NumberFormat("vi-VN").format(current.score));
		assert.equal(await page.locator("#es-total").count(), 0, "no 0 / 100 of empty groups");
		// The verdict comes before the first field of the form.
		const order = await page.evaluate(() => {
			const v = document.getElementById("es-verdict");
			const f = document.querySelector("#es-form form");
			return v && f ? !!(v.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING) : null;
		});
		assert.equal(order, true);
		await clean(page, "self read only");
		await shot(page, "evaluation-walk-self-readonly-phone");
	});
});

test("a committee reaches a cell's review from the dashboard and the calibration; a scope over the cap lists its excellent first; the lock asks first", async () => {
	const office = await apiClient(suite.server.base, "office");
	const open = (await office.get("/evaluation/periods?limit=200")).items.filter((p) => p.status === "open");
	let period = null;
	let scope = null;
	for (const p of open) {
		const c = await office.get(`/evaluation/periods/${p.id}/calibration`);
		scope = c.scopes.find((x) => x.decided_exceeded);
		if (scope) {
			period = p;
			break;
		}
	}
	assert.ok(period, "the demo's period over the cap");
	const dash = await office.get(`/dashboard?org=${period.org_id}&year=${period.year}`);
	const cell = dash.children.find((c) => c.kind === "cell" || c.kind === "grassroots_cell");
	assert.ok(cell, "a cell under the grassroots organisation");
	await withPage({}, async (page) => {
		await signIn(page, "office");
		await page.go(`/dashboard?org=${period.org_id}&year=${period.year}`);
		const link = page.locator(`#db-children tr[data-org="${cell.org_id}"] a.db-cell-review`);
		await link.click();
		await page.waitForURL(new RegExp(`/evaluation/cell\\?org=${cell.org_id}`));
		await page.locator("#ec-members").waitFor();
		// From the cell's own dashboard too.
		await page.go(`/dashboard?org=${cell.org_id}&year=${period.year}`);
		// The year in progress: a figure without a value says why.
		const members = page.locator("#db-members_good_or_better_pct");
		const cd = await office.get(`/dashboard?org=${cell.org_id}&year=${period.year}`);
		if (cd.members_good_or_better_pct === null && cd.members.pending > 0)
			assert.ok((await members.innerText()).includes(`Chưa có kết quả: ${cd.members.pending} chưa được quyết định mức.`), await members.innerText());
		assert.equal(await page.locator("#db-inspection_coverage_pct").count(), 0, "no inspection figure on a cell");
		assert.match(await page.locator("#db-cell-review").getAttribute("href"), new RegExp(`/evaluation/cell\\?org=${cell.org_id}$`));
		await page.go(`/evaluation/calibration?period=${period.id}`);
		const details = page.locator(`details.ev-scope[data-scope="${scope.scope_org_id}"]`);
		await details.locator("summary").click();
		const cells = details.locator(".ev-cal-cells a");
		await cells.first().waitFor();
		assert.ok(await cells.count() >= 1);
		const href = await details.locator(`.ev-cal-cells a[data-cell="${cell.org_id}"]`).getAttribute("href");
		assert.equal(href, `/evaluation/cell?org=${cell.org_id}&period=${period.id}`);
		// Over the cap: only the excellent ones at first, everyone a tick away.
		const only = details.locator(`input[name="cal-only-${scope.scope_org_id}"]`);
		assert.equal(await only.isChecked(), true);
		const rows = details.locator("li.ev-decide");
		const n = await rows.count();
		assert.ok(n > 0);
		const ids = await rows.evaluateAll((ls) => ls.map((l) => +l.getAttribute("data-evaluation")));
		for (const id of ids.slice(0, 5)) {
			const e = await office.get(`/evaluations/${id}`);
			assert.ok([e.proposed_level, e.decided_level, e.computed_level].includes("htxs"), `${id} listed`);
		}
		await only.uncheck();
		await page.waitForFunction(([sel, k]) => document.querySelectorAll(sel).length > k,
			[`details.ev-scope[data-scope="${scope.scope_org_id}"] li.ev-decide`, n]);
		// The lock (there is no unlock) asks first, naming the period;
		// cancelled, nothing is sent.
		let posted = 0;
		page.on("request", (r) => { if (r.method() === "POST" && /\/lock$/.test(r.url())) posted++; });
		await page.locator("#cal-lock-btn").click();
		const ask = page.locator(".ev-lock-ask");
		assert.match(await ask.innerText(), /không mở lại được/);
		assert.ok((await ask.innerText()).includes(period.org_name), await ask.innerText());
		await clean(page, "lock asked");
		await page.locator("#cal-lock-btn-cancel").click();
		await page.locator("#cal-lock-btn").waitFor();
		assert.equal(posted, 0);
		assert.equal((await office.get(`/evaluation/periods/${period.id}`)).status, "open");
		await clean(page, "calibration with cells");
		await details.evaluate((d) => d.scrollIntoView());
		await shot(page, "evaluation-walk-calibration-desktop", { full: false });
	});
});

test("the levels in English are the Vietnamese names word for word, the scores written 75.9", async () => {
	await withPage({}, async (page) => {
		await page.addInitScript(() => localStorage.setItem("chibo.lang", "en"));
		await signIn(page, "member");
		await page.go("/evaluation/self");
		await page.locator("#es-history").waitFor();
		const text = await page.locator("main").innerText();
		assert.match(text, /Completed tasks (excellently|well)/);
		assert.ok(!/\bSatisfactory\b|\bNot satisfactory\b/.test(text), text);
		// Scores in the reader's notation, as the API's reasons write them.
		assert.ok(!/\b\d+,\d\b/.test(text), `a decimal comma in English: ${text}`);
		assert.match(text, /\b\d+\.\d\b/);
	});
});
