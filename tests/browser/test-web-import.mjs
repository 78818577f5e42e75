// The import page's safety (issue 11): the check shows every update field
// by field (old struck, new bold), each identity conflict with the stored
// member, its cell and the differing fields side by side and a checkbox to
// accept it, and the import is applied with the check's token: a file
// other than the one checked is refused.  Desktop and phone, axe-clean,
// Vietnamese, dates dd/mm/yyyy.  Chromium via playwright-core, against
// chibo serve with the demo data on SQLite (lib.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, axe, browserSuite, shot, signIn } from "./lib.mjs";

const suite = browserSuite();
const withPage = suite.withPage;

/** dd/mm/yyyy of an ISO date. */
const vn = (iso) => iso.split("-").reverse().join("/");

/** The next day of an ISO date. */
function nextDay(iso) {
	const d = new Date(iso + "T00:00:00Z");
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

const header = "Họ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Ngày chính thức,Loại đảng viên,Mã chi bộ,Số CCCD,Điện thoại\n";

/** A row of the file for member m (as the API gives it) with changes. */
function row(m, code, change = {}) {
	const x = { ...m, ...change };
	return [x.full_name, x.gender === "female" ? "Nữ" : "Nam", vn(x.birth_date), vn(x.admitted_on),
		x.official_on ? vn(x.official_on) : "", x.status === "official" ? "Chính thức" : "Dự bị", code,
		x.citizen_id, x.phone ?? ""].join(",") + "\n";
}

test("import: the preview of every update, conflicts accepted one by one, applied with the check's token", async () => {
	const api = await apiClient(suite.server.base, "office");
	const cell = (await api.get("/orgs?q=CB-VP-1")).items.find((o) => o.code === "CB-VP-1");
	assert.ok(cell);
	const listed = (await api.get(`/members?org=${cell.id}&limit=50`)).items;
	const full = [];
	for (const m of listed) {
		const r = await api.get(`/members/${m.id}`);
		if (r.citizen_id && r.status === "official" && r.official_on)
			full.push(r);
	}
	assert.ok(full.length >= 2, "two official members with citizen IDs in CB-VP-1");
	const [a, b] = full;
	const newName = b.full_name.split(" ").slice(0, -1).concat(b.gender === "female" ? "Hương" : "Hùng").join(" ");
	const newBirth = nextDay(b.birth_date);
	const file = header + row(a, cell.code, { phone: "0912345678" }) +
		row(b, cell.code, { full_name: newName, birth_date: newBirth });
	const upload = { name: "DS-2026.csv", mimeType: "text/csv", buffer: Buffer.from(file, "utf8") };
	const allow = [["POST", /^\/api\/v1\/members\/import\?dry_run=true&file_name=DS-2026\.csv$/, 422],
		["POST", /^\/api\/v1\/members\/import\?token=[A-Za-z0-9_-]+&accept_identity=3&file_name=DS-2026\.csv$/, 400]];
	for (const phone of [true, false]) {
		await withPage({ phone, allow }, async (page) => {
			await signIn(page, "office");
			await page.go("/import");
			await page.getByLabel(/Tệp dữ liệu/).setInputFiles(upload);
			await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
			// The conflict: the stored member, its cell, the fields side by side.
			const conflict = page.locator("fieldset.conflict");
			await conflict.waitFor();
			assert.equal(await conflict.count(), 1);
			const legend = await conflict.locator("legend").innerText();
			assert.ok(legend.includes("Dòng 3: Số CCCD trùng với đồng chí " + b.full_name), legend);
			assert.ok(legend.includes(cell.name) && legend.includes("(CB-VP-1)"), legend);
			const cells = await conflict.locator("tbody tr").evaluateAll((trs) => trs.map((tr) =>
				[...tr.children].map((td) => td.innerText.trim())));
			assert.deepEqual(cells, [["Họ và tên", b.full_name, newName], ["Ngày sinh", vn(b.birth_date), vn(newBirth)]]);
			assert.equal(await conflict.locator("td.old del").count(), 2);
			assert.equal(await conflict.locator("td.new strong").count(), 2);
			// The error names the fields by their labels.
			const err = await page.locator("table.import-errors tbody").innerText();
			assert.match(err, /khác: Họ và tên, Ngày sinh\./);
			assert.doesNotMatch(err, /full_name|birth_date\]/);
			assert.deepEqual(await axe(page), [], "conflicts");
			await shot(page, phone ? "import-conflict-phone" : "import-conflict-desktop");
			const recheck = page.getByRole("button", { name: /Kiểm tra lại với/ });
			assert.ok(await recheck.isDisabled(), "nothing accepted yet");
			await conflict.getByRole("checkbox", { name: `Xác nhận dòng 3 là đồng chí ${b.full_name} và cập nhật` }).check();
			await page.getByRole("button", { name: "Kiểm tra lại với 1 xác nhận" }).click();
			await page.getByRole("heading", { name: "Tệp hợp lệ" }).waitFor();
			assert.equal(await page.locator(".import-summary").innerText(), "2 dòng: 0 thêm mới, 2 cập nhật, 0 không đổi.");
			assert.equal(await page.locator(".accepted").innerText(), "Đã xác nhận đổi nhân thân ở dòng: 3.");
			// Every update, member by member, field by field.
			assert.equal(await page.locator("#import-changes-h").innerText(), "Sẽ cập nhật 2 đảng viên");
			const changes = page.locator(".changes-list article.change");
			assert.equal(await changes.count(), 2);
			assert.ok((await changes.nth(0).locator("h4").innerText()).startsWith(`Dòng 2: ${a.full_name} (#${a.id}), ${cell.name}`));
			const first = await changes.nth(0).locator("tbody tr").evaluateAll((trs) => trs.map((tr) =>
				[...tr.children].map((td) => td.innerText.trim())));
			assert.deepEqual(first, [["Điện thoại", a.phone ?? "(trống)", "0912345678"]]);
			const second = await changes.nth(1).locator("tbody tr").evaluateAll((trs) => trs.map((tr) =>
				[...tr.children].map((td) => td.innerText.trim())));
			assert.deepEqual(second, [["Họ và tên", b.full_name, newName], ["Ngày sinh", vn(b.birth_date), vn(newBirth)]]);
			assert.deepEqual(await axe(page), [], "preview");
			await shot(page, phone ? "import-changes-phone" : "import-changes-desktop");
			// Nothing written by the checks.
			assert.equal((await api.get(`/members/${b.id}`)).full_name, b.full_name);
			if (phone)
				return;
			// Another file sent with this check's token: refused, nothing written.
			const other = Buffer.from(file.replace("0912345678", "0987654321"), "utf8");
			await page.route("**/api/v1/members/import?token=*", (route) => route.continue({ postData: other }));
			await page.getByRole("button", { name: "Nhập tất cả 2 dòng" }).click();
			await page.getByText(/Mã kiểm tra không khớp với tệp/).waitFor();
			assert.equal((await api.get(`/members/${a.id}`)).phone, a.phone);
			assert.equal((await api.get(`/members/${b.id}`)).full_name, b.full_name);
			await page.unroute("**/api/v1/members/import?token=*");
			// The file checked: applied.
			await page.getByRole("button", { name: "Nhập tất cả 2 dòng" }).click();
			await page.getByRole("heading", { name: "Đã nhập xong" }).waitFor();
			assert.equal((await api.get(`/members/${a.id}`)).phone, "0912345678");
			const nb = await api.get(`/members/${b.id}`);
			assert.equal(nb.full_name, newName);
			assert.equal(nb.birth_date, newBirth);
			// One audit entry for the import, naming the file.
			const admin = await apiClient(suite.server.base, "admin");
			const audit = (await admin.get("/audit?action=member.import&limit=1")).items[0];
			assert.equal(audit.detail.file_name, "DS-2026.csv");
			assert.equal(audit.detail.rows, 2);
			assert.equal(audit.detail.updated, 2);
			assert.deepEqual(await axe(page), [], "done");
		});
	}
});

test("import: the preview in English", async () => {
	const api = await apiClient(suite.server.base, "office");
	const cell = (await api.get("/orgs?q=CB-VP-2")).items.find((o) => o.code === "CB-VP-2");
	const listed = (await api.get(`/members?org=${cell.id}&limit=50`)).items;
	let m = null;
	for (const x of listed) {
		const r = await api.get(`/members/${x.id}`);
		if (r.citizen_id && r.status === "official" && r.official_on) {
			m = r;
			break;
		}
	}
	assert.ok(m);
	const file = header + row(m, cell.code, { phone: "" });
	await withPage({}, async (page) => {
		await signIn(page, "office");
		await page.go("/import");
		await page.evaluate(() => localStorage.setItem("chibo.lang", "en"));
		await page.reload();
		await page.waitForLoadState("networkidle");
		assert.equal(await page.locator("h1").innerText(), "Import members from a file");
		await page.getByLabel(/Data file/).setInputFiles({ name: "x.csv", mimeType: "text/csv", buffer: Buffer.from(file, "utf8") });
		await page.getByRole("button", { name: "Check the file" }).click();
		await page.getByRole("heading", { name: "The file is valid" }).waitFor();
		assert.equal(await page.locator("#import-changes-h").innerText(), "Members to be updated: 1");
		const cells = await page.locator(".changes-list tbody tr").first().evaluate((tr) =>
			[...tr.children].map((td) => td.innerText.trim()));
		assert.deepEqual(cells, ["Phone", m.phone ?? "(empty)", "(empty)"]);
		assert.deepEqual(await axe(page), [], "english preview");
	});
});
