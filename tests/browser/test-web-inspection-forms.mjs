// What the issue-14 pages were missing after a walk as their users (the
// inspection commission ubkt, on a desktop and a phone held in one hand):
// the state bodies' notices of discipline (late ones said so in words,
// recorded with the member chosen by a search), the subject member of a
// programme item chosen by a search of the register instead of a typed
// record number (each match readable and one tap target), a programme's
// header edited with the version read, an item deleted, the programme
// list's "show more".  Every page is checked with axe-core; screenshots
// go to build/screenshots/inspection-forms-*.png.
//
//   node --test tests/browser/test-web-inspection-forms.mjs   (meson: suite browser-sqlite)
import { test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, axe, browserSuite, shot, signIn } from "./lib.mjs";

const suite = browserSuite();
const withPage = (opts, fn) => suite.withPage(opts, fn);
const YEAR = new Date().getFullYear();

async function clean(page, what) {
	assert.deepEqual(await axe(page), [], `${what}: axe`);
}

/** Chooses member m in the search field f-PREFIX-NAME by typing its name. */
async function pick(page, field, m) {
	await page.locator(`#${field}`).fill(m.full_name);
	const choice = page.locator(`#${field}-results button[data-member="${m.id}"]`);
	await choice.waitFor();
	// Readable: its text is not the colour of its background, and it is
	// one tap target of at least 44 px.
	const look = await choice.evaluate((b) => {
		const s = getComputedStyle(b);
		return { fg: getComputedStyle(b.querySelector("strong")).color, bg: s.backgroundColor, h: b.getBoundingClientRect().height };
	});
	assert.notEqual(look.fg, look.bg, "the member's name is readable");
	assert.ok(look.h >= 44, `a tap target of ${look.h} px`);
	assert.match(await choice.innerText(), new RegExp(m.full_name));
	await choice.click();
	await page.locator(`#${field}-picked[data-member="${m.id}"]`).waitFor();
}

test("state bodies' notices of discipline: late ones in words, one recorded, its errors on its fields", async () => {
	const api = await apiClient(suite.server.base, "inspection");
	const notices = (await api.get("/discipline/notices")).items;
	assert.ok(notices.some((n) => n.late === true) && notices.some((n) => n.late === false), "the demo's notices, late and not");
	const member = (await api.get("/members?limit=5&status=official")).items[2];
	for (const viewport of ["desktop", "phone"]) {
		await withPage({ phone: viewport === "phone", allow: [["POST", /^\/api\/v1\/discipline\/notices$/, 422]] }, async (page) => {
			await signIn(page, "inspection");
			await page.go("/discipline");
			await page.locator("#dc-notices").click();
			await page.locator("#dn-list").waitFor();
			assert.equal(new URL(page.url()).pathname, "/discipline/notices");
			const late = notices.find((n) => n.late === true);
			const row = page.locator(`#dn-list li[data-notice="${late.id}"]`);
			assert.match(await row.locator(".dn-late").innerText(), new RegExp(`^Thông báo muộn ${late.days - 5} ngày: sau ${late.days} ngày, thời hạn là 5 ngày$`));
			const ok = notices.find((n) => n.late === false);
			assert.match(await page.locator(`#dn-list li[data-notice="${ok.id}"]`).innerText(), new RegExp(`Đúng hạn \\(sau ${ok.days} ngày\\)`));
			assert.match(await row.innerText(), /\d\d\/\d\d\/\d{4}/, "dates dd/mm/yyyy");
			assert.doesNotMatch(await page.locator("main").innerText(), /\d{4}-\d\d-\d\d/, "no ISO date");
			await clean(page, "notices " + viewport);
			await shot(page, "inspection-forms-notices-" + viewport);
			// Record one: the member by a search; a notice before the decision
			// refused on its field.
			await page.locator("#dn-new-open").click();
			await pick(page, "f-dn-member_id", member);
			await page.locator("#f-dn-body").fill("Sở Tư pháp " + viewport);
			await page.locator("#f-dn-decided_on").fill("01/11/2026");
			await page.locator("#f-dn-notified_on").fill("30/10/2026");
			await page.locator("#dn-submit").click();
			await page.locator("#dn-errors").waitFor();
			assert.equal(await page.locator("#f-dn-notified_on").getAttribute("aria-invalid"), "true");
			assert.match(await page.locator("#f-dn-notified_on-error").innerText(), /Ngày quyết định/);
			await clean(page, "notice refused " + viewport);
			await page.locator("#f-dn-notified_on").fill("12/11/2026");
			await page.locator("#dn-submit").click();
			await page.getByText("Đã ghi thông báo.").waitFor();
			const mine = page.locator("#dn-list li", { hasText: "Sở Tư pháp " + viewport });
			assert.match(await mine.innerText(), new RegExp(member.full_name));
			assert.match(await mine.locator(".dn-late").innerText(), /^Thông báo muộn 6 ngày: sau 11 ngày/);
			if (viewport === "desktop") {
				await page.getByRole("button", { name: "Switch to English" }).click();
				await mine.locator(".dn-late").getByText(/^Late by 6 days: notified after 11 days, 5 days allowed$/).waitFor();
				await page.getByRole("heading", { name: "Notices of discipline from state bodies and unions" }).waitFor();
				await page.getByRole("button", { name: "Chuyển sang tiếng Việt" }).click();
			}
		});
	}
	const after = (await api.get("/discipline/notices")).items;
	assert.equal(after.length, notices.length + 2);
	assert.ok(after.some((n) => n.member_id === member.id && n.notified_on === "2026-11-12" && n.late === true));
});

test("a programme: its header edited with the version read, an item whose member is found by a search, an item deleted", async () => {
	const api = await apiClient(suite.server.base, "inspection");
	const s = await api.get("/session");
	const root = s.user.grants[0].org_id;
	const made = await api.call("POST", "/inspection/programmes", {
		org_id: root, body: "inspection_commission", year: YEAR, title: "Chương trình thử", status: "draft",
	});
	assert.equal(made.status, 201, made.text);
	const prog = made.json;
	const member = (await api.get(`/members?limit=5&org=${root}`)).items[1];
	for (const viewport of ["desktop", "phone"]) {
		await withPage({ phone: viewport === "phone" }, async (page) => {
			await signIn(page, "inspection");
			await page.go(`/inspection/programmes/${prog.id}`);
			// The header.
			await page.locator("#ip-head-edit").click();
			await page.locator("#f-ph-approved_on").fill("31/02/2026");
			await page.locator("#ph-submit").click();
			await page.locator("#ph-errors").waitFor();
			assert.equal(await page.locator("#f-ph-approved_on").getAttribute("aria-invalid"), "true");
			await page.locator("#f-ph-title").fill("Chương trình kiểm tra " + viewport);
			await page.locator("#f-ph-doc_no").fill("07-CTr/UBKT");
			await page.locator("#f-ph-approved_on").fill("15/01/2026");
			await page.locator("#f-ph-status").selectOption("approved");
			await page.locator("#ph-submit").click();
			await page.getByText("Đã lưu thông tin chương trình.").waitFor();
			assert.equal(await page.locator("h1").innerText(), "Chương trình kiểm tra " + viewport);
			assert.match(await page.locator("#ip-state").innerText(), /07-CTr\/UBKT · ban hành ngày 15\/01\/2026/);
			// An item whose subject is a member, found by a search.
			await page.locator("#ip-item-new").click();
			await page.locator("#f-it-subject").selectOption("member");
			await pick(page, "f-it-subject_member_id", member);
			await clean(page, "item form with a member chosen " + viewport);
			await shot(page, "inspection-forms-item-member-" + viewport);
			await page.locator("#ip-item-form button[type=submit]").click();
			await page.getByText(/Đã thêm/).waitFor();
			const item = page.locator("#ip-items li", { hasText: member.full_name });
			await item.waitFor();
			// Deleted, after a confirmation.
			page.once("dialog", (d) => d.accept());
			await item.locator(".ip-item-delete").click();
			await page.getByText("Đã xóa nội dung khỏi chương trình.").waitFor();
			assert.equal(await page.locator("#ip-items li", { hasText: member.full_name }).count(), 0);
			await clean(page, "programme " + viewport);
		});
	}
	const p = await api.get(`/inspection/programmes/${prog.id}`);
	assert.equal(p.title, "Chương trình kiểm tra phone");
	assert.equal(p.doc_no, "07-CTr/UBKT");
	assert.equal(p.approved_on, "2026-01-15");
	assert.equal(p.status, "approved");
	assert.equal((p.items ?? []).length, 0);
});

test("the programme list shows more by cursor", async () => {
	const api = await apiClient(suite.server.base, "inspection");
	const root = (await api.get("/session")).user.grants[0].org_id;
	const year = YEAR - 1;
	const before = (await api.get(`/inspection/programmes?org=${root}&year=${year}&limit=500`)).items.length;
	for (let i = before; i < 23; i++) {
		const r = await api.call("POST", "/inspection/programmes", {
			org_id: root, body: "committee", year, title: `Chương trình số ${i + 1}`, status: "draft",
		});
		assert.equal(r.status, 201, r.text);
	}
	const total = (await api.get(`/inspection/programmes?org=${root}&year=${year}&limit=500`)).items.length;
	await withPage({}, async (page) => {
		await signIn(page, "inspection");
		await page.go(`/inspection/programmes?year=${year}`);
		await page.locator("#ip-list").waitFor();
		assert.equal(await page.locator("#ip-list > li").count(), 20);
		await page.locator("#ip-more").click();
		await page.waitForFunction((n) => document.querySelectorAll("#ip-list > li").length === n, total);
		assert.equal(await page.locator("#ip-more").count(), 0);
		const ids = await page.locator("#ip-list > li").evaluateAll((lis) => lis.map((li) => li.dataset.programme));
		assert.equal(new Set(ids).size, total, "no programme twice");
	});
});

test("the coverage findings' periods: days dd/mm/yyyy, not ISO", async () => {
	await withPage({}, async (page) => {
		await signIn(page, "inspection");
		await page.go("/inspection");
		const findings = page.locator("#cov-findings");
		await findings.waitFor();
		const overdue = await findings.locator("li[data-code='recommendation_overdue']").allInnerTexts();
		assert.ok(overdue.length > 0, "the demo's overdue recommendations");
		for (const x of overdue)
			assert.match(x.split("\n")[0], /· \d\d\/\d\d\/\d{4}$/, x);
		assert.doesNotMatch(await findings.innerText(), /\d{4}-\d\d-\d\d/, "no ISO date");
	});
});

test("an attachment's file field speaks the page's language, not the browser's, and names the file chosen", async () => {
	const api = await apiClient(suite.server.base, "inspection");
	const root = (await api.get("/session")).user.grants[0].org_id;
	const rec = (await api.get(`/inspections?org=${root}&limit=1`)).items[0];
	for (const viewport of ["desktop", "phone"]) {
		await withPage({ phone: viewport === "phone" }, async (page) => {
			await signIn(page, "inspection");
			await page.go(`/inspections/${rec.id}`);
			const button = page.locator("#attachments label.file-button");
			assert.equal(await button.innerText(), "Chọn tệp…");
			assert.ok((await button.boundingBox()).height >= 44, "a tap target");
			assert.equal(await page.locator("#f-att-file-name").innerText(), "Chưa chọn tệp nào.");
			await page.locator("#f-att-file").setInputFiles({ name: "bien-ban.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
			assert.equal(await page.locator("#f-att-file-name").innerText(), "bien-ban.pdf");
			await clean(page, "record with a file chosen " + viewport);
			await shot(page, "inspection-forms-attachment-" + viewport);
		});
	}
});

test("a member's page lists its discipline cases for a grant that names discipline, and for no other", async () => {
	const api = await apiClient(suite.server.base, "inspection");
	const cases = (await api.get("/discipline?limit=50")).items.filter((c) => c.subject === "member");
	assert.ok(cases.length > 0, "the demo's cases of members");
	const c = cases[0];
	const mine = (await api.get(`/members/${c.member_id}/discipline`)).items;
	for (const viewport of ["desktop", "phone"]) {
		await withPage({ phone: viewport === "phone" }, async (page) => {
			await signIn(page, "inspection");
			await page.go(`/members/${c.member_id}?tab=discipline`);
			const list = page.locator("#member-dc");
			await list.waitFor();
			assert.equal(await list.locator("li").count(), mine.length);
			const row = list.locator(`li[data-case="${c.id}"]`);
			assert.equal(await row.locator("a").getAttribute("href"), `/discipline/${c.id}`);
			assert.match(await row.innerText(), /\d\d\/\d\d\/\d{4}/, "dates dd/mm/yyyy");
			assert.doesNotMatch(await list.innerText(), /\d{4}-\d\d-\d\d/, "no ISO date");
			await clean(page, "member's discipline " + viewport);
			await shot(page, "inspection-forms-member-discipline-" + viewport);
		});
	}
	// The office (no discipline option) sees no such tab on the same page.
	await withPage({}, async (page) => {
		await signIn(page, "office");
		await page.go(`/members/${c.member_id}?tab=discipline`);
		await page.locator("#tab-record").waitFor();
		assert.equal(await page.locator("#tab-discipline").count(), 0);
		assert.equal(await page.locator("#member-dc").count(), 0);
	});
});
