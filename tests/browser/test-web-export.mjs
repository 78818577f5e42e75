// The export menu of the member list in a real browser (Debian's Chromium,
// headless), against `chibo serve` on a fresh demo database: the office
// sees CSV, Excel and PDF links carrying the list's filters, each
// downloads a file of its type (Content-Type, name, size, first bytes);
// roles without member.export see no menu; the page stays axe-clean, in
// Vietnamese (English when switched), on a desktop and a phone.
// Screenshots: build/screenshots/export-*.png.
//
//   node --test tests/browser/test-web-export.mjs   (meson: suite browser-sqlite)
import { test } from "node:test";
import assert from "node:assert/strict";
import { axe, browserSuite, shot, signIn } from "./lib.mjs";

const suite = browserSuite();
const withPage = suite.withPage;

const TYPES = {
	csv: "text/csv; charset=utf-8",
	xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	pdf: "application/pdf",
};

/** Clicks the link named name: the download's name and bytes; and the
 * same address fetched in the page's session: its Content-Type and
 * Content-Disposition. */
async function download(page, name) {
	const link = page.getByRole("link", { name, exact: true });
	const [dl] = await Promise.all([page.waitForEvent("download"), link.click()]);
	const chunks = await (await dl.createReadStream()).toArray();
	const resp = await page.request.get(new URL(await link.getAttribute("href"), page.base).href);
	assert.equal(resp.status(), 200);
	return {
		file: dl.suggestedFilename(), body: Buffer.concat(chunks),
		type: resp.headers()["content-type"], disposition: resp.headers()["content-disposition"],
	};
}

test("the office downloads the list as CSV, Excel and PDF, with its filters; English when switched", async () => {
	await withPage({}, async (page) => {
		await page.setViewportSize({ width: 1366, height: 768 });
		await signIn(page, "office");
		await page.go("/members?status=probationary");
		const menu = page.getByRole("group", { name: "Xuất danh sách" });
		await menu.waitFor();
		const links = menu.getByRole("link");
		assert.deepEqual(await links.allInnerTexts(), ["Xuất CSV", "Xuất Excel", "Xuất PDF"]);
		for (const [name, fmt] of [["Xuất CSV", "csv"], ["Xuất Excel", "xlsx"], ["Xuất PDF", "pdf"]]) {
			const href = await menu.getByRole("link", { name }).getAttribute("href");
			const u = new URL(href, suite.server.base);
			assert.equal(u.pathname, "/api/v1/members/export");
			assert.equal(u.searchParams.get("format"), fmt);
			assert.equal(u.searchParams.get("status"), "probationary", href);
		}
		const csv = await download(page, "Xuất CSV");
		assert.equal(csv.type, TYPES.csv);
		assert.equal(csv.file, "members.csv");
		const text = csv.body.toString("utf8");
		assert.ok(text.startsWith("\ufeffMã số,Họ và tên,Giới tính,Ngày sinh,"), text.slice(0, 80));
		const rows = text.trim().split("\r\n").slice(1);
		assert.ok(rows.length > 0 && rows.every((r) => r.includes(",Dự bị,")), rows[0]);
		const xlsx = await download(page, "Xuất Excel");
		assert.equal(xlsx.type, TYPES.xlsx);
		assert.equal(xlsx.file, "Danh sách đảng viên.xlsx");
		assert.equal(xlsx.body.subarray(0, 2).toString("latin1"), "PK");
		assert.ok(xlsx.body.length > 3000, `${xlsx.body.length} bytes`);
		const pdf = await download(page, "Xuất PDF");
		assert.equal(pdf.type, TYPES.pdf);
		assert.equal(pdf.file, "Danh sách đảng viên.pdf");
		assert.equal(pdf.body.subarray(0, 5).toString("latin1"), "%PDF-");
		assert.ok(pdf.body.length > 10000, `${pdf.body.length} bytes`);
		assert.match(pdf.disposition, /^attachment; filename="danh-sach-dang-vien.pdf"; filename\*=UTF-8''/);
		assert.deepEqual(await axe(page), []);
		await shot(page, "export-desktop");
		await page.getByRole("button", { name: "Switch to English" }).click();
		const en = page.getByRole("group", { name: "Export the list" });
		await en.waitFor();
		assert.deepEqual(await en.getByRole("link").allInnerTexts(), ["Export CSV", "Export Excel", "Export PDF"]);
		assert.deepEqual(await axe(page), []);
		await shot(page, "export-desktop-en");
	});
});

test("on a phone the menu fits", async () => {
	await withPage({ phone: true }, async (page) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await signIn(page, "inspection");
		await page.go("/members");
		const menu = page.getByRole("group", { name: "Xuất danh sách" });
		await menu.waitFor();
		for (const name of ["Xuất CSV", "Xuất Excel", "Xuất PDF"]) {
			const box = await menu.getByRole("link", { name }).boundingBox();
			assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `${name}: ${JSON.stringify(box)}`);
			assert.ok(box.height >= 24, `${name} is tappable`);
		}
		assert.deepEqual(await axe(page), []);
		await shot(page, "export-phone");
	});
});

test("roles that may not export see no menu", async () => {
	for (const role of ["secretary", "viewer"]) {
		await withPage({}, async (page) => {
			await signIn(page, role);
			await page.go("/members");
			await page.locator("#member-q").waitFor();
			assert.equal(await page.getByRole("group", { name: "Xuất danh sách" }).count(), 0, role);
			assert.equal(await page.locator("a[href^='/api/v1/members/export']").count(), 0, role);
		});
	}
});
