// The member list answers its page before its count (issue 11, search
// speed): the list asks GET /members with total=later, shows the rows at
// once, and asks GET /members/count apart; a first page that holds every
// match is its own count (no count request). In a real browser (Debian's
// Chromium, headless), against `chibo serve` on a fresh demo database.
//
//   node --test tests/browser/test-web-count.mjs   (meson: suite browser-sqlite)
import { test } from "node:test";
import assert from "node:assert/strict";
import { browserSuite, signIn } from "./lib.mjs";

const suite = browserSuite();
const withPage = suite.withPage;

test("the rows show while the count is still on its way; then the count", async () => {
	await withPage({}, async (page) => {
		const lists = [], counts = [];
		let release;
		const held = new Promise((ok) => { release = ok; });
		page.on("request", (r) => {
			const u = new URL(r.url());
			if (u.pathname === "/api/v1/members" && u.searchParams.get("limit") !== "1")
				lists.push(u); // not the filters' probe (limit=1)
			if (u.pathname === "/api/v1/members/count")
				counts.push(u);
		});
		// The count is held back until the rows are seen.
		await page.route((u) => u.pathname === "/api/v1/members/count", async (route) => {
			await held;
			await route.continue();
		});
		await signIn(page, "office");
		// page.go would wait for the network to be idle: the count is held.
		await page.goto(page.base + "/members");
		const rows = page.locator("table.members-table tbody tr");
		await rows.first().waitFor();
		assert.equal(await rows.count(), 50);
		const status = page.locator(".result-count");
		await status.filter({ hasText: "Trang 1" }).waitFor();
		// "Trang 1 · 50 đảng viên trên trang này": no count before it came.
		assert.match(await status.innerText(), /^Trang 1 · 50 /);
		assert.ok(lists.length > 0 && lists.every((u) => u.searchParams.get("total") === "later"),
			lists.map(String).join(" "));
		release();
		await status.filter({ hasText: /^[\d.]+ đảng viên · Trang 1/ }).waitFor();
		assert.equal(counts.length, 1);
		const api = await page.request.get(new URL("/api/v1/members/count", page.base).href);
		const want = (await api.json()).total;
		const shown = Number((await status.innerText()).split(" ")[0].replace(/\./g, ""));
		assert.equal(shown, want);
		// The next page: the same list, no second count.
		await page.getByRole("button", { name: /Trang sau/ }).or(page.getByRole("link", { name: /Trang sau/ })).first().click();
		await status.filter({ hasText: /^[\d.]+ đảng viên · Trang 2/ }).waitFor();
		assert.equal(counts.length, 1);
	});
});

test("a search whose first page holds every match counts it without asking", async () => {
	await withPage({}, async (page) => {
		const counts = [];
		page.on("request", (r) => {
			if (new URL(r.url()).pathname === "/api/v1/members/count")
				counts.push(r.url());
		});
		await signIn(page, "office");
		await page.go("/members");
		await page.locator("table.members-table tbody tr").first().waitFor();
		await page.locator(".result-count", { hasText: /^[\d.]+ đảng viên · Trang 1/ }).waitFor();
		const first = (await page.locator("table.members-table tbody tr th").first().innerText()).trim();
		const before = counts.length;
		await page.getByLabel("Tìm theo họ tên, số CCCD hoặc số thẻ đảng").fill(first);
		const status = page.locator(".result-count");
		await status.filter({ hasText: /^\d+ đảng viên · Trang 1/ }).waitFor();
		const n = await page.locator("table.members-table tbody tr").count();
		assert.ok(n >= 1 && n < 50, String(n));
		assert.match(await status.innerText(), new RegExp(`^${n} đảng viên`));
		assert.equal(counts.length, before, counts.join(" "));
	});
});
