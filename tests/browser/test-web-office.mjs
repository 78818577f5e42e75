// What the office expects on its pages (issue 11), in a real browser
// (Debian's Chromium, headless) against `chibo serve` on a fresh demo
// database: recording a member's event from the member page (errors on
// their fields, the history updated), the probation list reached from
// home, member cards on a phone (tap targets, tel: and mailto: links
// only when visible, 20 a page, the page in the address, Back to the
// same page and scroll position), an organisation's members without the
// cell column for one cell, and a cell secretary's home.  Every page is
// checked with axe-core; screenshots at 1366×768 and 390×844 go to
// build/screenshots/office-*.png.
//
//   node --test tests/browser/test-web-office.mjs   (meson: suite browser-sqlite)
import { test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, axe, browserSuite, DESKTOP, PHONE, shot, signIn, TODAY } from "./lib.mjs";

const suite = browserSuite();
const withPage = suite.withPage;

async function clean(page, what) {
	assert.deepEqual(await axe(page), [], `${what}: axe`);
}

let seq = 0;
/** A probationary member admitted on admitted (ISO) in cell orgId. */
async function probationary(api, orgId, name, admitted) {
	seq++;
	const r = await api.call("POST", "/members", {
		full_name: name, gender: seq % 2 ? "male" : "female", birth_date: "1995-04-12", ethnicity: "Kinh",
		citizen_id: "0770" + String(90000000 + seq).padStart(8, "0"), admitted_on: admitted,
		status: "probationary", org_id: orgId, phone: "0912 345 6" + String(seq).padStart(2, "0"),
		email: `dangvien${seq}@example.vn`,
	});
	assert.equal(r.status, 201, r.text);
	return r.json;
}

async function orgByCode(api, code) {
	const p = await api.get(`/orgs?q=${encodeURIComponent(code)}&limit=50&include_closed=true`);
	const o = p.items.find((x) => x.code === code);
	assert.ok(o, code);
	return o;
}

/** The first cell of the demo whose direct members number at least n. */
async function cellWith(api, n) {
	const p = await api.get("/orgs?limit=1000");
	for (const o of p.items.filter((x) => x.kind === "cell")) {
		const d = await api.get(`/orgs/${o.id}`);
		if (d.counts && d.counts.members_direct >= n)
			return o;
	}
	assert.fail(`no cell with ${n} members`);
}

// ---------------------------------------------------------- member events

test("recording an event from the member page: errors on their fields, then the history", async () => {
	const api = await apiClient(suite.server.base, "office");
	const cell = await cellWith(api, 1);
	const m = await probationary(api, cell.id, "Vi Văn Sự Kiện", "2025-10-01");
	await withPage({ allow: [["POST", new RegExp(`^/api/v1/members/${m.id}/events$`), 422]] }, async (page) => {
		await signIn(page, "office");
		await page.go(`/members/${m.id}`);
		await page.getByRole("heading", { name: "Vi Văn Sự Kiện" }).waitFor();
		await page.getByRole("button", { name: "Ghi sự kiện" }).click();
		const form = page.locator("form.event-form");
		await form.waitFor();
		const kinds = await page.locator("#f-ev-kind option").allInnerTexts();
		for (const k of ["Công nhận chính thức", "Chuyển sinh hoạt đi", "Miễn công tác và sinh hoạt đảng",
			"Từ trần", "Xóa tên", "Khai trừ", "Ra khỏi Đảng"])
			assert.ok(kinds.includes(k), `${k} in ${kinds}`);
		// Nothing chosen and a date that does not exist: both errors at once.
		await page.locator("#f-ev-on").fill("31/02/2026");
		await page.getByRole("button", { name: "Ghi sự kiện" }).last().click();
		const summary = form.locator(".error-summary");
		await summary.waitFor();
		assert.equal(await page.locator("#f-ev-kind").getAttribute("aria-invalid"), "true");
		assert.equal(await page.locator("#f-ev-on").getAttribute("aria-invalid"), "true");
		// Too early: the probation rule's error lands on the date, with the rule.
		await page.locator("#f-ev-kind").selectOption("made_official");
		await page.locator("#f-ev-on").fill("01/09/2026");
		await page.locator("#f-ev-doc_no").fill("120-QĐ/ĐU");
		await page.getByRole("button", { name: "Ghi sự kiện" }).last().click();
		// (The answer replaces the first errors: wait for the new one.)
		await page.locator("#f-ev-on-error", { hasText: "01/10/2026" }).waitFor();
		assert.equal(await page.locator("#f-ev-kind").getAttribute("aria-invalid"), null);
		assert.match(await page.locator("#f-ev-on-error").innerText(), /01\/10\/2026/);
		assert.match(await page.locator("#f-ev-on-error").innerText(), /Điều lệ Đảng/);
		await clean(page, "event form with errors");
		await shot(page, "office-event-errors-desktop");
		// A decision number too long for the register: on its own field.
		await page.locator("#f-ev-on").fill("05/10/2026");
		await page.locator("#f-ev-doc_no").evaluate((el) => el.removeAttribute("maxlength"));
		await page.locator("#f-ev-doc_no").fill("Q".repeat(81));
		await page.getByRole("button", { name: "Ghi sự kiện" }).last().click();
		await page.locator("#f-ev-doc_no-error").waitFor();
		assert.equal(await page.locator("#f-ev-on-error").count(), 0);
		// Right: recorded, the record and its history show it.
		await page.locator("#f-ev-doc_no").fill("120-QĐ/ĐU");
		await page.getByRole("button", { name: "Ghi sự kiện" }).last().click();
		await page.getByText("Đã ghi sự kiện «Công nhận chính thức» ngày 05/10/2026.").waitFor();
		assert.match(page.url(), /\?tab=history$/);
		const ev = page.locator("ol.timeline li.ev-made_official");
		await ev.waitFor();
		assert.match(await ev.innerText(), /05\/10\/2026[\s\S]*Công nhận chính thức[\s\S]*Quyết định 120-QĐ\/ĐU/);
		assert.match(await page.locator(".page-heading .badge").first().innerText(), /Chính thức/);
		await clean(page, "history after an event");
		await shot(page, "office-event-done-desktop");
	});
	const now = await api.get(`/members/${m.id}`);
	assert.equal(now.status, "official");
	assert.equal(now.official_on, "2026-10-01");
	// On a phone, the form fits.
	const m2 = await probationary(api, cell.id, "Vi Thị Điện Thoại", "2025-09-01");
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "office");
		await page.go(`/members/${m2.id}`);
		await page.getByRole("button", { name: "Ghi sự kiện" }).click();
		await page.locator("form.event-form").waitFor();
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(width <= PHONE.width, `${width} px wide`);
		await clean(page, "event form on a phone");
		await shot(page, "office-event-form-phone", { full: true });
	});
	// Roles that may not write see no form.
	for (const role of ["secretary", "inspection"]) {
		await withPage({}, async (page) => {
			await signIn(page, role);
			const sec = await apiClient(suite.server.base, role);
			const mine = (await sec.get("/members?limit=1")).items[0];
			await page.go(`/members/${mine.id}`);
			await page.locator("main h1").waitFor();
			await page.locator(".record-grid").waitFor();
			assert.equal(await page.getByRole("button", { name: "Ghi sự kiện" }).count(), 0, role);
		});
	}
});

// ---------------------------------------------------------- probation list

test("the probation list, from home: overdue and due, with dates and the rule", async () => {
	const api = await apiClient(suite.server.base, "office");
	const cell = await cellWith(api, 1);
	const over = await probationary(api, cell.id, "Vi Văn Quá Hạn", "2025-10-01");
	const due = await probationary(api, cell.id, "Vi Thị Sắp Đến", "2026-01-10");
	for (const phone of [false, true]) {
		await withPage({ phone }, async (page) => {
			await signIn(page, "office");
			const link = page.getByRole("link", { name: "Dự bị đến hạn" });
			await link.waitFor();
			await link.click();
			await page.getByRole("heading", { name: "Đảng viên dự bị đến hạn chuyển chính thức" }).waitFor();
			await page.locator("#prob-overdue").waitFor();
			const row = page.locator("#prob-overdue tr", { hasText: "Vi Văn Quá Hạn" });
			const text = await row.innerText();
			assert.match(text, /01\/10\/2025/);
			assert.match(text, /01\/10\/2026/);
			assert.match(text, /quá 55 ngày/);
			assert.match(text, /Điều lệ Đảng, 19\/01\/2011, Điều 5, khoản 1/);
			const drow = page.locator("#prob-due tr", { hasText: "Vi Thị Sắp Đến" });
			assert.match(await drow.innerText(), /10\/01\/2027[\s\S]*còn 46 ngày/);
			assert.match(await page.locator("#prob-rules").innerText(), /member\.probation_notice \(294-QĐ\/TW, 26\/05\/2025, Điểm 4\.2\)/);
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			assert.ok(width <= (phone ? PHONE : DESKTOP).width, `${width} px wide`);
			await clean(page, "probation list");
			await shot(page, phone ? "office-probation-phone" : "office-probation-desktop");
			// A name opens the record.
			await drow.getByRole("link", { name: "Vi Thị Sắp Đến" }).click();
			await page.getByRole("heading", { name: "Vi Thị Sắp Đến" }).waitFor();
		});
	}
	assert.ok(over.id && due.id);
	// Not for roles without records: no link on the viewer's home.
	await withPage({}, async (page) => {
		await signIn(page, "viewer");
		await page.locator("main h1").waitFor();
		await page.waitForLoadState("networkidle");
		assert.equal(await page.getByRole("link", { name: "Dự bị đến hạn" }).count(), 0);
	});
});

// ------------------------------------------------------------- phone cards

test("on a phone: member cards, 20 a page, tap targets, tel: and mailto: only when visible; Back keeps page and scroll", async () => {
	const api = await apiClient(suite.server.base, "office");
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "office");
		const first = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/members" &&
			new URL(r.url()).searchParams.get("limit") !== "1");
		await page.go("/members");
		const req = new URL((await first).url());
		assert.equal(req.searchParams.get("limit"), "20");
		const cards = page.locator(".member-cards > li");
		await cards.first().waitFor();
		assert.equal(await cards.count(), 20);
		for (let i = 0; i < 3; i++) {
			const box = await cards.nth(i).locator(".member-card-main").boundingBox();
			assert.ok(box.height >= 44 && box.width >= 300, JSON.stringify(box));
		}
		const tel = page.locator(".member-cards a[href^='tel:']");
		const mail = page.locator(".member-cards a[href^='mailto:']");
		assert.ok(await tel.count() > 0, "tel: links for the office");
		assert.ok(await mail.count() > 0, "mailto: links for the office");
		const tbox = await tel.first().boundingBox();
		assert.ok(tbox.height >= 44, JSON.stringify(tbox));
		assert.match(await tel.first().getAttribute("href"), /^tel:\+?\d{8,15}$/);
		await clean(page, "member cards");
		await shot(page, "office-cards-phone");
		// Page 2: in the address, at the top.
		await page.evaluate(() => window.scrollTo(0, 600));
		const p2 = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/members" &&
			new URL(r.url()).searchParams.has("cursor"));
		await page.getByRole("button", { name: "Trang sau" }).click();
		await p2;
		await page.waitForLoadState("networkidle");
		assert.match(page.url(), /[?&]page=2(&|$)/);
		assert.equal(await page.evaluate(() => window.scrollY), 0);
		await page.locator(".result-count", { hasText: "Trang 2" }).waitFor();
		const names2 = await page.locator(".member-card-name").allInnerTexts();
		assert.equal(names2.length, 20);
		// Scroll to the 15th card, open it, come back.
		const target = cards.nth(14);
		await target.scrollIntoViewIfNeeded();
		await page.evaluate(() => window.scrollBy(0, 50));
		const y = await page.evaluate(() => window.scrollY);
		assert.ok(y > 300, `scrolled ${y}`);
		const name = await target.locator(".member-card-name").innerText();
		const url2 = page.url();
		await target.locator(".member-card-main").click();
		await page.getByRole("heading", { name }).waitFor();
		await page.goBack();
		await page.locator(".result-count", { hasText: "Trang 2" }).waitFor();
		await page.waitForLoadState("networkidle");
		await page.waitForFunction((want) => Math.abs(window.scrollY - want) <= 2, y);
		assert.equal(page.url(), url2);
		assert.deepEqual(await page.locator(".member-card-name").allInnerTexts(), names2);
		// Prev goes back to page 1.
		await page.getByRole("button", { name: "Trang trước" }).click();
		await page.locator(".result-count", { hasText: "Trang 1" }).waitFor();
		assert.doesNotMatch(page.url(), /page=/);
	});
	// The viewer sees no phone or e-mail: no links.
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "viewer");
		await page.go("/members");
		await page.locator(".member-cards > li").first().waitFor();
		assert.equal(await page.locator(".member-cards a[href^='tel:'], .member-cards a[href^='mailto:']").count(), 0);
		await clean(page, "viewer's cards");
	});
	assert.ok(api);
});

// ------------------------------------------------------------ the total

test("the list's total when the server gives it: exact, or \"hơn …\" past its bound", async () => {
	await withPage({}, async (page) => {
		// The list asks its count apart (GET /members/count, total and
		// total_exact) after its page: this server's answer, both changed.
		let exact = true;
		await page.route((u) => u.pathname === "/api/v1/members/count", async (route) => {
			const resp = await route.fetch();
			const body = await resp.json();
			await route.fulfill({ response: resp, json: { ...body, total: exact ? 1234 : 10000, total_exact: exact } });
		});
		await signIn(page, "office");
		await page.go("/members");
		await page.locator(".result-count", { hasText: "1.234 đảng viên · Trang 1" }).waitFor();
		exact = false;
		// A search with more matches than a page ("a" has 11: its page is
		// its own count, no count asked).
		await page.getByLabel("Tìm theo họ tên, số CCCD hoặc số thẻ đảng").fill("nguyen");
		await page.locator(".result-count", { hasText: "hơn 10.000 đảng viên · Trang 1" }).waitFor();
		await clean(page, "list with its total");
	});
});

// ------------------------------------------------------- organisation page

test("an organisation's page: its committee and its members; the cell column only when several cells", async () => {
	const api = await apiClient(suite.server.base, "office");
	const cell = await cellWith(api, 4);
	const ms = (await api.get(`/members?org=${cell.id}&limit=4`)).items;
	for (const [m, position] of [[ms[1], "deputy_secretary"], [ms[0], "secretary"], [ms[2], "committee_member"]]) {
		const r = await api.call("POST", `/orgs/${cell.id}/officers`,
			{ member_id: m.id, position, started_on: "2025-06-01", doc_no: "45-QĐ/ĐU" });
		assert.equal(r.status, 201, r.text);
	}
	for (const phone of [false, true]) {
		await withPage({ phone }, async (page) => {
			await signIn(page, "office");
			await page.go(`/orgs/${cell.id}`);
			await page.getByRole("heading", { name: "Cấp ủy" }).waitFor();
			const leaders = await page.locator("#org-leaders li").allInnerTexts();
			assert.deepEqual(leaders.map((x) => x.split(":")[0]), ["Bí thư", "Phó bí thư", "Cấp ủy viên"]);
			assert.equal(leaders[0], `Bí thư: ${ms[0].full_name} (từ 01/06/2025, Quyết định 45-QĐ/ĐU)`);
			await page.getByText("Bổ nhiệm, bầu cấp ủy").first().waitFor();
			// Who recorded the history, as people read it.
			const history = await page.locator("main").innerText();
			assert.ok(!history.includes("cli:"), "cli: shown as is");
			assert.match(history, /Ghi bởi \S+ \(dòng lệnh\)/);
			await page.getByRole("heading", { name: "Đảng viên", exact: true }).waitFor();
			if (!phone) {
				const table = page.locator(".members-table");
				await table.waitFor();
				const heads = await table.locator("thead th").allInnerTexts();
				assert.ok(!heads.includes("Chi bộ"), `one cell: no cell column (${heads})`);
			} else
				await page.locator(".member-cards > li").first().waitFor();
			await clean(page, "organisation page");
			await shot(page, phone ? "office-org-phone" : "office-org-desktop");
		});
	}
	// The office records a term from the page: errors on their fields,
	// then the committee has one more.
	await withPage({ allow: [["POST", new RegExp(`^/api/v1/orgs/${cell.id}/officers$`), 422]] }, async (page) => {
		await signIn(page, "office");
		await page.go(`/orgs/${cell.id}`);
		await page.getByRole("button", { name: "Ghi cấp ủy viên" }).click();
		await page.locator("#f-off-member_id").selectOption(String(ms[3].id));
		await page.locator("#f-off-position").selectOption("committee_member");
		await page.locator("#f-off-started_on").fill("01/01/2027");
		await page.locator("#f-off-ended_on").fill("01/01/2020");
		await page.getByRole("button", { name: "Ghi nhiệm kỳ" }).click();
		await page.locator("#f-off-started_on-error").waitFor();
		assert.match(await page.locator("#f-off-started_on-error").innerText(), /25\/11\/2026/);
		await page.locator("#f-off-ended_on-error").waitFor();
		await clean(page, "officer form with errors");
		await shot(page, "office-officer-errors-desktop");
		await page.locator("#f-off-started_on").fill("01/06/2025");
		await page.locator("#f-off-ended_on").fill("");
		await page.locator("#f-off-doc_no").fill("46-QĐ/ĐU");
		await page.getByRole("button", { name: "Ghi nhiệm kỳ" }).click();
		await page.getByText("Đã ghi nhiệm kỳ.").waitFor();
		await page.locator("#org-leaders li", { hasText: ms[3].full_name }).waitFor();
		assert.equal(await page.locator("#org-leaders li").count(), 4);
	});
	// Not for those who may not write it.
	await withPage({}, async (page) => {
		await signIn(page, "inspection");
		await page.go(`/orgs/${cell.id}`);
		await page.locator("#org-leaders").waitFor();
		assert.equal(await page.getByRole("button", { name: "Ghi cấp ủy viên" }).count(), 0);
	});
	// A committee: members of several cells, the column shown.
	await withPage({}, async (page) => {
		await signIn(page, "office");
		await page.go(`/orgs/${cell.parent_id}`);
		const table = page.locator(".members-table");
		await table.waitFor();
		assert.ok((await table.locator("thead th").allInnerTexts()).includes("Chi bộ"));
	});
	// The member list filtered to that cell hides it too.
	await withPage({}, async (page) => {
		await signIn(page, "office");
		await page.go(`/members?org=${cell.id}`);
		const table = page.locator(".members-table");
		await table.waitFor();
		assert.ok(!(await table.locator("thead th").allInnerTexts()).includes("Chi bộ"));
	});
});

// ------------------------------------------------------ a secretary's home

test("a cell secretary's home: the cell's members by kind, who is probationary and when, what comes up", async () => {
	const office = await apiClient(suite.server.base, "office");
	const sec = await apiClient(suite.server.base, "secretary");
	const grant = (await sec.get("/session")).user.grants[0];
	assert.equal(grant.role, "secretary");
	await probationary(office, grant.org_id, "Vi Văn Bí Thư Xem", "2026-01-20");
	const d = await sec.get(`/orgs/${grant.org_id}`);
	for (const phone of [false, true]) {
		await withPage({ phone }, async (page) => {
			await signIn(page, "secretary");
			await page.locator("#cell-members-h").waitFor();
			assert.equal(await page.locator("#fig-members .figure-value").innerText(), String(d.counts.members));
			assert.equal(await page.locator("#fig-probationary .figure-value").innerText(), String(d.counts.probationary));
			assert.equal(await page.locator("#fig-official .figure-value").innerText(), String(d.counts.official));
			// Who is probationary and when the 12 months end.
			const row = page.locator("#cell-probation tr", { hasText: "Vi Văn Bí Thư Xem" });
			assert.match(await row.innerText(), /20\/01\/2026[\s\S]*20\/01\/2027[\s\S]*còn 56 ngày/);
			assert.match(await page.locator(".milestones").innerText(),
				/20\/01\/2027 \(còn 56 ngày\): Hết thời kỳ dự bị: Vi Văn Bí Thư Xem/);
			// One cell: no cell column; no charts of the office.
			assert.ok(!(await page.locator("#cell-probation thead th").allInnerTexts()).includes("Tổ chức đảng"));
			assert.equal(await page.locator(".charts, canvas, figure.chart").count(), 0);
			// Links to act.
			assert.equal(await page.getByRole("link", { name: "Danh sách đảng viên" }).getAttribute("href"),
				`/members?org=${grant.org_id}`);
			await page.getByRole("link", { name: "Dự bị đến hạn" }).waitFor();
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			assert.ok(width <= (phone ? PHONE : DESKTOP).width, `${width} px wide`);
			await clean(page, "secretary's home");
			await shot(page, phone ? "office-secretary-home-phone" : "office-secretary-home-desktop", { full: true });
		});
	}
	// In English when switched.
	await withPage({}, async (page) => {
		await signIn(page, "secretary");
		await page.getByRole("button", { name: "Switch to English" }).click();
		await page.getByRole("heading", { name: "Members of the cell" }).waitFor();
		assert.match(await page.locator(".milestones").innerText(), /Probation ends: Vi Văn Bí Thư Xem/);
	});
	assert.equal(TODAY, "2026-11-25");
});
