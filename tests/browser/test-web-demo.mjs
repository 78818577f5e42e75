// The member form's reference lists and the demo data in a real browser
// (Debian's Chromium, headless), against `chibo serve` on a fresh demo
// database: the counted texts (religion, job title, education,
// professional and theory levels) are selects of the rulebook's lists
// (the session's choices), in Vietnamese or English; a value chosen is
// saved as the listed name; an old value that no list holds is shown,
// marked, and refused by the server until another is chosen; the pages
// stay axe-clean.  Screenshots: desktop 1366x768 and phone 390x844.
//
//   node --test tests/browser/test-web-demo.mjs   (meson: suite browser-sqlite)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { apiClient, axe, browserSuite, shot, signIn } from "./lib.mjs";

const suite = browserSuite();
const withPage = suite.withPage;

/** A demo member of the office's first cell whose record holds every
 * counted text (the demo gives most members all of them). */
async function demoMember(api) {
	const page = await api.get("/members?limit=50&sort=id");
	const m = page.items.find((x) => x.religion && x.job_title && x.education && x.professional_level && x.theory_level);
	assert.ok(m, "a demo member with every counted text");
	return api.get(`/members/${m.id}`);
}

/** The options of the select labelled label: [value, text]. */
function options(page, label) {
	return page.getByLabel(label, { exact: true }).evaluate((s) => [...s.options].map((o) => [o.value, o.textContent]));
}

const FIELDS = [
	["religion", "Tôn giáo", "Religion"],
	["job_title", "Chức vụ", "Job title"],
	["education", "Trình độ học vấn", "General education"],
	["professional_level", "Trình độ chuyên môn", "Professional level"],
	["theory_level", "Lý luận chính trị", "Political theory"],
];

test("the counted texts are selects of the rulebook's lists, saved as listed", async () => {
	const api = await apiClient(suite.server.base, "office");
	const session = await api.get("/session");
	const lists = session.user.choices.ref_lists;
	const m = await demoMember(api);
	await withPage({}, async (page) => {
		await signIn(page, "office");
		await page.go(`/members/${m.id}/edit`);
		await page.locator("main h1").waitFor();
		for (const [field, vi] of FIELDS) {
			const sel = page.getByLabel(vi, { exact: true });
			assert.equal(await sel.evaluate((e) => e.tagName), "SELECT", field);
			// "—" (none), then the list in its order, in Vietnamese.
			assert.deepEqual(await options(page, vi),
				[["", "—"], ...lists[field].map((i) => [i.label_vi, i.label_vi])], field);
			assert.equal(await sel.inputValue(), m[field], field);
		}
		await page.getByLabel("Lý luận chính trị").selectOption({ label: "Cao cấp" });
		await page.getByLabel("Tôn giáo").selectOption({ label: "Phật giáo" });
		await page.getByLabel("Trình độ chuyên môn").selectOption({ label: "Tiến sĩ" });
		await shot(page, "demo-member-form-lists-desktop");
		assert.deepEqual(await axe(page), [], "the form with its selects");
		await page.getByRole("button", { name: "Lưu thay đổi" }).click();
		await page.getByText("Đã lưu hồ sơ.").waitFor();
	});
	const now = await api.get(`/members/${m.id}`);
	assert.equal(now.theory_level, "Cao cấp");
	assert.equal(now.religion, "Phật giáo");
	assert.equal(now.professional_level, "Tiến sĩ");
	assert.equal(now.job_title, m.job_title, "the rest unchanged");
});

test("in English the lists show their English names; the stored value stays the listed one", async () => {
	const api = await apiClient(suite.server.base, "office");
	const m = await demoMember(api);
	await withPage({}, async (page) => {
		await signIn(page, "office");
		await page.getByRole("button", { name: "Switch to English" }).click();
		await page.getByRole("heading", { name: "Overview" }).waitFor();
		await page.go(`/members/${m.id}/edit`);
		await page.getByRole("heading", { name: "Edit" }).waitFor();
		const opts = await options(page, "Political theory");
		assert.deepEqual(opts.map((o) => o[1]), ["—", "Elementary", "Intermediate", "Advanced", "Bachelor"]);
		assert.deepEqual(opts.map((o) => o[0]), ["", "Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân"]);
		await page.getByLabel("Religion").selectOption({ label: "Catholicism" });
		await shot(page, "demo-member-form-lists-en-desktop");
		await page.getByRole("button", { name: "Save changes" }).click();
		await page.getByText("Record saved.").waitFor();
		await page.getByRole("button", { name: "Chuyển sang tiếng Việt" }).click();
	});
	assert.equal((await api.get(`/members/${m.id}`)).religion, "Công giáo");
});

test("an old value of no list: shown marked, refused on save by field, then replaced", async () => {
	const api = await apiClient(suite.server.base, "office");
	const m = await demoMember(api);
	// Free text written before the lists (straight into the database).
	execFileSync("python3", ["-c",
		"import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); " +
		"c.execute('UPDATE member SET religion=? WHERE id=?', ('Đạo ông bà', int(sys.argv[2]))); c.commit()",
		suite.server.db, String(m.id)]);
	assert.equal((await api.get(`/members/${m.id}`)).religion, "Đạo ông bà", "still read");
	// The phone first: the desktop then saves another value.
	for (const phone of [true, false]) {
		await withPage({ phone, allow: [["PATCH", new RegExp(`^/api/v1/members/${m.id}$`), 422]] }, async (page) => {
			await signIn(page, "office");
			await page.go(`/members/${m.id}/edit`);
			const sel = page.getByLabel("Tôn giáo");
			assert.equal(await sel.inputValue(), "Đạo ông bà");
			assert.match(await sel.locator("option:checked").innerText(), /Đạo ông bà \(không có trong danh mục/);
			await sel.scrollIntoViewIfNeeded();
			await shot(page, phone ? "demo-member-form-unlisted-phone" : "demo-member-form-unlisted-desktop");
			if (phone)
				return;
			// Another field changed: the server refuses the old value,
			// naming it, next to its field.
			await page.getByLabel("Điện thoại").fill("0912000222");
			await page.getByRole("button", { name: "Lưu thay đổi" }).click();
			await page.locator(".error-summary").waitFor();
			const e = await page.locator("#f-religion-error").innerText();
			assert.match(e, /"Đạo ông bà" không có trong danh mục/);
			assert.match(e, /Luật Tín ngưỡng, tôn giáo/);
			assert.deepEqual(await axe(page), [], "with the refusal shown");
			await sel.selectOption({ label: "Không" });
			await page.getByRole("button", { name: "Lưu thay đổi" }).click();
			await page.getByText("Đã lưu hồ sơ.").waitFor();
		});
	}
	const now = await api.get(`/members/${m.id}`);
	assert.equal(now.religion, "Không");
	assert.equal(now.phone, "0912000222");
});

test("the member page of a demo member on a phone: believable record, axe-clean", async () => {
	const api = await apiClient(suite.server.base, "office");
	const m = await demoMember(api);
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "office");
		await page.go(`/members/${m.id}`);
		await page.locator("main h1").waitFor();
		assert.match(await page.locator("main h1").innerText(), new RegExp(m.full_name));
		await shot(page, "demo-member-phone");
		assert.deepEqual(await axe(page), [], "member page");
	});
});
