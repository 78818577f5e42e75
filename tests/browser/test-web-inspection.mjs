// The inspection, supervision and discipline pages (issue 14) in a real
// browser (Debian's Chromium, headless) against `chibo serve` on a fresh
// demo database: the coverage map of the inspection commission (ubkt)
// shows, for every direct subordinate organisation of the committee,
// exactly what GET /checks/inspection says (covered or not, in words and
// not by colour only, with the months left; self-inspected this year),
// the two percentages against their targets and the findings with their
// rules; the one navigation entry "Kiểm tra, giám sát"; pages an account
// may not open say why.  Every page is checked with axe-core;
// screenshots at 1366×768 and 390×844 go to build/screenshots/inspection-*.png.
//
//   node --test tests/browser/test-web-inspection.mjs   (meson: suite browser-sqlite)
import { test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, axe, browserSuite, shot, signIn } from "./lib.mjs";

const suite = browserSuite();
const withPage = (opts, fn) => suite.withPage({ ...opts, allow: [["GET", /^\/api\/v1\/inspections/, 404], ...(opts.allow ?? [])] }, fn);
const YEAR = new Date().getFullYear();

async function clean(page, what) {
	assert.deepEqual(await axe(page), [], `${what}: axe`);
}

/** "66,7 %" as the page writes a percentage (Vietnamese decimal comma). */
function pctText(p) {
	return `${new Intl.NumberFormat("vi-VN").format(p)} %`;
}

test("the coverage map: every subordinate organisation as the check says, the targets, the findings", async () => {
	const api = await apiClient(suite.server.base, "inspection");
	const s = await api.get("/session");
	const root = s.user.grants[0].org_id;
	const cov = await api.get(`/checks/inspection?year=${YEAR}&org=${root}`);
	assert.ok(Array.isArray(cov.orgs) && cov.orgs.length > 0, "the committee has subordinate organisations");
	for (const viewport of ["desktop", "phone"]) {
		await withPage({ phone: viewport === "phone" }, async (page) => {
			await signIn(page, "inspection");
			// One entry in the navigation, for the whole group of pages.
			if (viewport === "desktop") {
				const nav = await page.locator("#main-nav > ul a").allInnerTexts();
				assert.equal(nav.filter((x) => x === "Kiểm tra, giám sát").length, 1, nav.join(" | "));
				await page.locator("#main-nav a", { hasText: "Kiểm tra, giám sát" }).click();
			} else {
				await page.getByRole("button", { name: "Trình đơn" }).click();
				await page.locator("#main-nav a", { hasText: "Kiểm tra, giám sát" }).click();
			}
			await page.locator("#cov-map").waitFor();
			assert.equal(new URL(page.url()).pathname, "/inspection");
			assert.equal(await page.locator("#main-nav a[aria-current='page']").innerText(), "Kiểm tra, giám sát");
			// The figures against the targets.
			for (const [id, pct, tgt] of [["#cov-in-term", cov.coverage.in_term_pct, cov.coverage.targets.in_term_pct],
				["#cov-self", cov.coverage.self_inspection_pct, cov.coverage.targets.self_inspection_pct]]) {
				const text = await page.locator(id).innerText();
				if (pct !== null) {
					assert.ok(text.includes(pctText(pct)), `${id}: ${text} has ${pctText(pct)}`);
					if (tgt !== null)
						assert.match(text, pct >= tgt ? /Đạt chỉ tiêu/ : /Chưa đạt chỉ tiêu/, `${id}: ${text}`);
				}
			}
			// Every organisation, as the check judged it, in words.
			const cards = page.locator("#cov-map > li");
			assert.equal(await cards.count(), cov.orgs.length);
			for (const o of cov.orgs) {
				const card = page.locator(`#cov-map > li[data-org="${o.id}"]`);
				const text = await card.innerText();
				assert.ok(text.includes(o.name), `${o.name} on the map`);
				if (o.covered === true)
					assert.match(text, /Đã được kiểm tra, giám sát trong nhiệm kỳ/, o.name);
				else if (o.covered === false) {
					assert.match(text, /Chưa được kiểm tra, giám sát trong nhiệm kỳ/, o.name);
					if (o.months_left !== null)
						assert.ok(text.includes(`còn ${o.months_left} tháng của nhiệm kỳ`), `${o.name}: ${text}`);
				}
				if (o.self_inspected === true)
					assert.ok(text.includes(`Đã tự kiểm tra, giám sát năm ${YEAR}`), o.name);
				else if (o.self_inspected === false)
					assert.ok(text.includes(`Chưa tự kiểm tra, giám sát năm ${YEAR}`), o.name);
				if (o.overdue_recommendations > 0)
					assert.ok(text.includes(`${o.overdue_recommendations} kiến nghị quá hạn`), `${o.name}: ${text}`);
			}
			// The findings: each code in words, with its rule and citation.
			if (cov.items.length === 0)
				await page.getByText("Không có điểm nào cần xử lý.").waitFor();
			else {
				const items = page.locator("#cov-findings > li");
				assert.equal(await items.count(), cov.items.length);
				for (let i = 0; i < Math.min(cov.items.length, 10); i++) {
					const f = cov.items[i];
					const li = items.nth(i);
					assert.equal(await li.getAttribute("data-code"), f.code);
					const text = await li.innerText();
					assert.ok(text.includes(f.message), `finding ${i}: ${text}`);
					assert.ok(text.includes(f.rule), `finding ${i}: the rule ${f.rule}`);
					if (f.citation)
						assert.ok(text.includes(f.citation), `finding ${i}: the citation`);
				}
			}
			await clean(page, "coverage map " + viewport);
			await shot(page, "inspection-coverage-" + viewport);
			// English on request.
			if (viewport === "desktop") {
				await page.getByRole("button", { name: "Switch to English" }).click();
				await page.locator("h1", { hasText: "Inspection, supervision" }).waitFor();
				await page.locator("#cov-fig-h", { hasText: "Targets" }).waitFor();
				await page.locator("button.lang-switch").click();
				await page.locator("h1", { hasText: "Kiểm tra, giám sát" }).waitFor();
			}
		});
	}
});

test("pages an account may not open say why", async () => {
	// A viewer (upper committee) has no inspection.read.
	await withPage({}, async (page) => {
		await signIn(page, "viewer");
		const nav = await page.locator("#main-nav > ul a").allInnerTexts();
		assert.ok(!nav.includes("Kiểm tra, giám sát"), nav.join(" | "));
		await page.go("/inspection");
		await page.getByText("Không mở được trang này").waitFor();
		assert.match(await page.locator("#forbidden").innerText(), /xem công tác kiểm tra, giám sát/);
		await clean(page, "viewer on /inspection");
	});
	// The office reads inspections but was granted no discipline: the
	// discipline pages are secret and say so; their link is not offered.
	await withPage({}, async (page) => {
		await signIn(page, "office");
		await page.go("/inspection");
		await page.locator(".subnav").waitFor();
		assert.equal(await page.locator(".subnav a[href='/discipline']").count(), 0, "no discipline link");
		await page.go("/discipline");
		await page.getByText("Không mở được trang này").waitFor();
		assert.match(await page.locator("#forbidden-why").innerText(), /thông tin mật/);
		await clean(page, "office on /discipline");
		await shot(page, "inspection-discipline-forbidden-desktop");
	});
});
