// The web application in a real browser (Debian's Chromium, headless),
// against `chibo serve` on a fresh demo database: signing in with every
// role, search with and without tone marks, the Vietnamese order of a
// list, editing with a validation error first, a conflicting edit, the
// import wizard with a bad file then a good one, the phone layout, the
// language switch, keyboard use, accessibility (axe-core) and the web
// server's own headers.  Every page fails its test on a console error, a
// page error or an unexpected failed request.  Screenshots of each main
// page, desktop (1366×768) and phone (390×844; 360 px for the narrow-phone
// test), go to build/screenshots/.
//
//   node --test tests/browser/test-web.mjs     (meson: suite browser-sqlite)
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiClient, axe, browserSuite, shot, signIn } from "./lib.mjs";

const suite = browserSuite();
const withPage = suite.withPage;
const files = mkdtempSync(join(tmpdir(), "chibo-browser-files-"));

/** Does action, waits for the member list's answer (whose query passes
 * test, if given), and returns the names then listed. */
async function listAfter(page, action, test = () => true) {
	const answer = page.waitForResponse((r) => {
		const u = new URL(r.url());
		return u.pathname === "/api/v1/members" && u.searchParams.get("limit") === "50" && test(u.searchParams);
	});
	await action();
	await answer;
	return listedNames(page);
}

/** Types q in the search box; the names then listed. */
function search(page, q) {
	return listAfter(page, () => page.getByLabel("Tìm theo họ tên, số CCCD hoặc số thẻ đảng").fill(q),
		(p) => (p.get("q") ?? "") === q.trim());
}

/** The visible names of the member list, in order. */
async function listedNames(page) {
	await page.waitForLoadState("networkidle");
	await page.locator("#members-results [role=status]").filter({ hasNotText: /Đang tải|Loading/ }).waitFor();
	return page.locator(".members-table tbody th.member-name").allInnerTexts();
}

// ---------------------------------------------------------------- serving

test("chibo serve: the application's shell, assets, caching and headers", async () => {
	const r = await fetch(suite.server.base + "/members/42?x=1");
	assert.equal(r.status, 200);
	assert.match(r.headers.get("content-type"), /^text\/html/);
	assert.equal(r.headers.get("cache-control"), "no-cache");
	assert.match(r.headers.get("content-security-policy"), /default-src 'self'; script-src 'self'; style-src 'self'/);
	assert.match(r.headers.get("content-security-policy"), /frame-ancestors 'none'; base-uri 'none'/);
	assert.equal(r.headers.get("x-content-type-options"), "nosniff");
	const html = await r.text();
	assert.doesNotMatch(html, /<script>|<script [^>]*>[^<]/, "no inline script");
	assert.doesNotMatch(html, /<style|style=/, "no inline style");
	const js = /src="(\/assets\/app-[A-Z0-9]{8}\.js)"/.exec(html)?.[1];
	assert.ok(js, html);
	// Node's fetch asks for gzip and unpacks it.
	const a = await fetch(suite.server.base + js);
	assert.equal(a.status, 200);
	assert.equal(a.headers.get("cache-control"), "public, max-age=31536000, immutable");
	assert.equal(a.headers.get("content-encoding"), "gzip");
	assert.equal(a.headers.get("vary"), "Accept-Encoding");
	const etag = a.headers.get("etag");
	const again = await fetch(suite.server.base + js, { headers: { "If-None-Match": etag } });
	assert.equal(again.status, 304);
	assert.equal((await fetch(suite.server.base + "/assets/app-ZZZZZZZZ.js")).status, 404);
	// The API keeps its own headers and its 404s.
	const api = await fetch(suite.server.base + "/api/v1/nope");
	assert.equal(api.status, 404);
	assert.equal(api.headers.get("content-type"), "application/problem+json");
	assert.equal(api.headers.get("content-security-policy"), "default-src 'none'; frame-ancestors 'none'");
});

// ---------------------------------------------------------------- sign-in

const navByRole = {
	admin: ["Tổng quan", "Tổ chức đảng", "Đảng viên", "Nhập dữ liệu", "Nhật ký", "Sinh hoạt chi bộ", "Chấp hành sinh hoạt chi bộ", "Kiểm tra, giám sát", "Đánh giá, xếp loại"],
	office: ["Tổng quan", "Tổ chức đảng", "Đảng viên", "Nhập dữ liệu", "Nhật ký", "Sinh hoạt chi bộ", "Chấp hành sinh hoạt chi bộ", "Kiểm tra, giám sát", "Đánh giá, xếp loại"],
	inspection: ["Tổng quan", "Tổ chức đảng", "Đảng viên", "Nhật ký", "Sinh hoạt chi bộ", "Chấp hành sinh hoạt chi bộ", "Kiểm tra, giám sát", "Đánh giá, xếp loại"],
	secretary: ["Tổng quan", "Tổ chức đảng", "Đảng viên", "Sinh hoạt chi bộ", "Cuộc họp của tôi", "Kiểm tra, giám sát", "Đánh giá, xếp loại"],
	member: ["Tổng quan", "Cuộc họp của tôi", "Đánh giá, xếp loại", "Hồ sơ của tôi"],
	viewer: ["Tổng quan", "Tổ chức đảng", "Đảng viên", "Chấp hành sinh hoạt chi bộ", "Đánh giá, xếp loại"],
};

test("signing in: a wrong password first, then every role sees its own navigation", async () => {
	await withPage({ allow: [["POST", /^\/api\/v1\/session$/, 401]] }, async (page) => {
		await page.go("/members");
		assert.match(page.url(), /\/login\?next=%2Fmembers$/);
		await page.getByLabel("Tên đăng nhập").fill("vanphong");
		await page.getByLabel("Mật khẩu").fill("not-the-password");
		await page.getByRole("button", { name: "Đăng nhập" }).click();
		await assert.doesNotReject(page.getByRole("alert").filter({ hasText: "Tên đăng nhập hoặc mật khẩu không đúng." }).waitFor());
		await shot(page, "login-desktop");
		await page.getByLabel("Mật khẩu").fill("demo-vanphong-2026");
		await page.getByRole("button", { name: "Đăng nhập" }).click();
		await page.locator("h1", { hasText: "Đảng viên" }).waitFor();
		assert.match(page.url(), /\/members$/, "back where the user wanted to go");
	});
	for (const role of Object.keys(navByRole)) {
		await withPage({}, async (page) => {
			await signIn(page, role);
			const nav = await page.locator("#main-nav > ul a").allInnerTexts();
			assert.deepEqual(nav, navByRole[role], role);
			assert.equal(await page.locator("h1").innerText(), "Tổng quan");
			if (role === "member") {
				await page.getByRole("link", { name: "Hồ sơ của tôi" }).first().click();
				await page.locator(".record-grid").waitFor();
				assert.equal(await page.getByRole("tab").count(), 2, "no audit trail for a member");
			} else {
				await page.locator("#fig-members").waitFor();
				assert.match(await page.locator("#fig-members").innerText(), /\d/);
			}
			await page.getByRole("button", { name: "Đăng xuất" }).click();
			await page.getByRole("heading", { name: "Đăng nhập" }).waitFor();
			await page.getByText("Bạn đã đăng xuất.").waitFor();
		});
	}
});

test("overview: the API's figures, drawn by Chart.js, with their tables", async () => {
	const api = await apiClient(suite.server.base, "office");
	const root = (await api.get("/orgs?limit=1")).items[0];
	const detail = await api.get(`/orgs/${root.id}`);
	const stats = await api.call("GET", `/orgs/${root.id}/stats`);
	await withPage({}, async (page) => {
		await signIn(page, "office");
		const fig = (id) => page.locator(`#${id} .figure-value`).innerText();
		assert.equal(await fig("fig-members"), detail.counts.members.toLocaleString("vi-VN"));
		assert.equal(await fig("fig-official"), detail.counts.official.toLocaleString("vi-VN"));
		assert.equal(await fig("fig-probationary"), detail.counts.probationary.toLocaleString("vi-VN"));
		const charts = ["chart-status", "chart-children"];
		if (stats.status === 200)
			charts.push("chart-ethnicity", "chart-age", "chart-gender", "chart-kinds");
		else
			assert.equal(stats.status, 404, "the figures route answers or does not exist");
		for (const id of charts) {
			const canvas = page.locator(`#${id} canvas`);
			await canvas.waitFor();
			assert.match(await canvas.getAttribute("aria-label"), /: \d/);
			// Chart.js has drawn on it (some pixel is not blank).
			assert.ok(await canvas.evaluate((c) => c.width > 0 && c.getContext("2d")
				.getImageData(0, 0, c.width, c.height).data.some((v) => v !== 0)), id);
		}
		// The figures as a table, too.
		await page.locator("#chart-status summary").click();
		const rows = await page.locator("#chart-status table tbody tr").allInnerTexts();
		assert.ok(rows.some((r) => r.startsWith("Chính thức") && r.endsWith(
			(stats.status === 200 ? stats.json.by_status.official : detail.counts.official).toLocaleString("vi-VN"))), rows);
		if (stats.status === 200) {
			await page.locator("#chart-ethnicity summary").click();
			const eth = await page.locator("#chart-ethnicity table tbody th").allInnerTexts();
			assert.deepEqual(eth, Object.keys(stats.json.by_ethnicity).filter((k) => stats.json.by_ethnicity[k] > 0)
				.map((k) => (k === "unknown" ? "Chưa ghi" : k)), "in the API's order");
		}
		await shot(page, "home-desktop");
	});
});

test("a viewer sees lists without personal fields and no dossier; a secretary only its cell", async () => {
	await withPage({}, async (page) => {
		await signIn(page, "viewer");
		await page.go("/members");
		const names = await listedNames(page);
		assert.equal(names.length, 50);
		assert.equal(await page.locator(".members-table tbody a").count(), 0, "no links to dossiers");
		assert.equal(await page.getByRole("link", { name: "Xuất CSV" }).count(), 0, "no export");
		assert.equal(await page.getByRole("link", { name: "Thêm đảng viên" }).count(), 0);
	});
	await withPage({}, async (page) => {
		await signIn(page, "secretary");
		await page.go("/members");
		const names = await listedNames(page);
		assert.ok(names.length > 0 && names.length < 50, `one cell: ${names.length}`);
		// One cell: its column would say the same on every row, so it
		// is left out (test-web-office.mjs).
		assert.ok(!(await page.locator(".members-table thead th").allInnerTexts()).includes("Chi bộ"));
		assert.equal(await page.locator(".members-table td[data-label='Chi bộ']").count(), 0);
		assert.equal(await page.getByRole("link", { name: "Sửa hồ sơ" }).count(), 0);
	});
});

test("a page the account may not open explains why instead of showing nothing", async () => {
	await withPage({}, async (page) => {
		await signIn(page, "viewer");
		for (const [path, name] of [["/import", "Nhập dữ liệu"], ["/members/new", "Thêm đảng viên"],
			["/orgs/new", "Thêm tổ chức trực thuộc"]]) {
			await page.go(path);
			await page.locator("#forbidden").waitFor();
			assert.equal(await page.locator("h1").innerText(), "Không mở được trang này", path);
			const text = await page.locator("#forbidden").innerText();
			assert.ok(text.includes(`“${name}”`) && text.includes("Cấp ủy cấp trên (chỉ xem)"), text);
		}
	});
	await withPage({}, async (page) => {
		await signIn(page, "member");
		await page.go("/members");
		await page.locator("#forbidden").waitFor();
		assert.match(await page.locator("#forbidden").innerText(), /xem danh sách đảng viên/);
	});
});

// ---------------------------------------------------------------- search

test("search as you type ignores tone marks, case and đ/d", async () => {
	await withPage({}, async (page) => {
		await signIn(page, "office");
		await page.go("/members");
		const results = {};
		for (const q of ["Nguyễn Văn", "nguyen van", "NGUYEN VAN"])
			results[q] = await search(page, q);
		assert.ok(results["Nguyễn Văn"].length > 1, "the demo has several Nguyễn Văn");
		// Any word of the name, in any order, each a prefix ("Nguyễn Thị
		// Vân" too), ranked: the names that start "Nguyễn Văn" first.
		const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();
		const names = results["Nguyễn Văn"];
		for (const n of names) {
			const w = fold(n).split(" ");
			const i = w.findIndex((x) => x.startsWith("nguyen"));
			assert.ok(i >= 0 && w.some((x, j) => j !== i && x.startsWith("van")), n);
		}
		assert.match(names[0], /^Nguyễn Văn /);
		const k = names.findIndex((n) => !/^Nguyễn Văn /.test(n));
		assert.ok(k < 0 || names.slice(k).every((n) => !/^Nguyễn Văn /.test(n)), "the whole-name matches first");
		assert.deepEqual(results["nguyen van"], results["Nguyễn Văn"]);
		assert.deepEqual(results["NGUYEN VAN"], results["Nguyễn Văn"]);
		// Given name first, with đ written d: "Dũng" and "dung" alike.
		const dung = await search(page, "dung");
		assert.ok(dung.length > 0);
		for (const n of dung)
			assert.match(n.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase(), /(^| )dung/);
		assert.equal((await search(page, "")).length, 50);
		// The search is in the address: a reload shows the same list.
		await search(page, "nguyen van");
		await page.reload();
		assert.equal(await page.getByLabel("Tìm theo họ tên, số CCCD hoặc số thẻ đảng").inputValue(), "nguyen van");
		assert.deepEqual(await listedNames(page), results["Nguyễn Văn"]);
		await shot(page, "members-search-desktop");
	});
});

// ---------------------------------------------------------------- import

const header = "Họ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Loại đảng viên,Mã chi bộ,Dân tộc\n";
// The order of the domain notes (shared/domain/README.md): given name
// first, then family and middle names, Vietnamese alphabet and tones.
const fiveInOrder = ["Dương Văn Bảo", "Hồ Thị Bích", "Đỗ Văn Bình", "Lê Thị Bình", "Vũ Văn Bình"];

test("import wizard: a bad file shows every bad row and column; a good one imports all", async () => {
	const bad = join(files, "bad.csv");
	writeFileSync(bad, header +
		"Lò Văn Ết,Nam,20/08/1999,02/09/2024,Dự bị,CB-BTG-1,Thái\n" +
		"Nguyễn Thị Hoa,Nữ,31/02/1990,01/01/2020,Chính thức,CB-XX,Kinh\n" +
		"Trần Văn Nam,Nam,01/01/1990,01/01/2020,Dự bị,CB-VP-1,Kinh\n" +
		",Nam,01/01/1991,01/01/2021,Dự bị,CB-VP-1,Kinh\n");
	const good = join(files, "good.csv");
	// Shuffled: the list must put them in order, not the file.
	writeFileSync(good, "\uFEFF" + header +
		"Vũ Văn Bình,Nam,12/03/1994,02/09/2026,Dự bị,CB-VP-5,Kinh\n" +
		"Dương Văn Bảo,Nam,05/07/1996,02/09/2026,Dự bị,CB-VP-5,Kinh\n" +
		"Lê Thị Bình,Nữ,21/01/1995,02/09/2026,Dự bị,CB-VP-5,Tày\n" +
		"Đỗ Văn Bình,Nam,30/10/1993,02/09/2026,Dự bị,CB-VP-5,Kinh\n" +
		"Hồ Thị Bích,Nữ,14/02/1997,02/09/2026,Dự bị,CB-VP-5,Mường\n");
	const api = await apiClient(suite.server.base, "office");
	const top = (await api.get("/orgs?limit=1")).items[0].id;
	const count = async () => (await api.get(`/orgs/${top}`)).counts.members;
	for (const phone of [true, false]) {
		const n0 = await count();
		await withPage({ phone, allow: [["POST", /^\/api\/v1\/members\/import\?dry_run=true&file_name=bad\.csv$/, 422]] }, async (page) => {
			await signIn(page, "office");
			await page.go("/import");
			await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
			await page.getByText("Hãy chọn một tệp.").waitFor();
			await page.getByLabel(/Tệp dữ liệu/).setInputFiles(bad);
			await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
			const table = page.locator("table.import-errors");
			await table.waitFor();
			assert.match(await page.locator("#import-errors-h").innerText(), /^Tệp có \d+ lỗi; chưa có gì được ghi$/);
			const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) =>
				[...tr.children].map((td) => td.innerText.trim())));
			const has = (row, col, reason) => assert.ok(rows.some((r) => r[0] === String(row) &&
				r[1].includes(col) && reason.test(r[2])), `row ${row} ${col}: ${JSON.stringify(rows)}`);
			has(3, "Ngày sinh", /Ngày không hợp lệ: 31\/02\/1990/);
			has(3, "Mã chi bộ", /Không có tổ chức mã "CB-XX"/);
			has(5, "Họ và tên", /./);
			assert.ok(rows.every((r) => /^\d+$/.test(r[0])), "every error names its row");
			await shot(page, phone ? "import-errors-phone" : "import-errors-desktop");
			assert.equal(await count(), n0, "nothing written");
			if (phone)
				return;
			await page.getByRole("button", { name: "Chọn tệp khác" }).click();
			await page.getByLabel(/Tệp dữ liệu/).setInputFiles(good);
			await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
			await page.getByRole("heading", { name: "Tệp hợp lệ" }).waitFor();
			assert.equal(await page.locator(".import-summary").innerText(),
				"5 dòng: 5 thêm mới, 0 cập nhật, 0 không đổi.");
			assert.equal(await page.locator("table.preview tbody tr").count(), 5);
			assert.equal(await page.locator("table.preview tbody tr").first().locator("td").nth(1).innerText(), "Vũ Văn Bình");
			assert.equal(await count(), n0, "a check writes nothing");
			await shot(page, "import-preview-desktop");
			await page.getByRole("button", { name: "Nhập tất cả 5 dòng" }).click();
			await page.getByRole("heading", { name: "Đã nhập xong" }).waitFor();
			assert.equal(await count(), n0 + 5);
		});
	}
});

// ---------------------------------------------------------------- order

test("lists come in Vietnamese order: given name first, then family names, tones", async () => {
	const api = await apiClient(suite.server.base, "office");
	const cell = (await api.get("/orgs?q=CB-VP-5")).items.find((o) => o.code === "CB-VP-5");
	assert.ok(cell);
	await withPage({}, async (page) => {
		await signIn(page, "office");
		await page.go(`/members?org=${cell.id}`);
		const names = await listedNames(page);
		const five = names.filter((n) => fiveInOrder.includes(n));
		assert.deepEqual(five, fiveInOrder);
		// The whole first page of the register, against ICU's Vietnamese
		// collation of (given name, then the rest), as offices sort.
		await page.go("/members");
		const all = await listedNames(page);
		const coll = new Intl.Collator("vi", { sensitivity: "variant" });
		const key = (n) => { const w = n.split(" "); return [w.at(-1), w.slice(0, -1).join(" ")]; };
		for (let i = 1; i < all.length; i++) {
			const [g0, f0] = key(all[i - 1]);
			const [g1, f1] = key(all[i]);
			const c = coll.compare(g0, g1) || coll.compare(f0, f1);
			assert.ok(c <= 0, `${all[i - 1]} before ${all[i]}`);
		}
		// Reversed on request, by the API (never sorted again in the page).
		await page.getByRole("button", { name: /Bộ lọc/ }).click();
		// The Vietnamese alphabet runs from A to Y.
		const sorts = await page.getByLabel("Sắp xếp").locator("option").allTextContents();
		assert.ok(sorts.includes("Tên (A → Y)") && sorts.includes("Tên (Y → A)"), sorts.join(" | "));
		const rev = await listAfter(page, () => page.getByLabel("Sắp xếp").selectOption("-name"),
			(p) => p.get("sort") === "-name");
		assert.notDeepEqual(rev.slice(0, 5), all.slice(0, 5));
		// Pages: the second one follows on.
		await listAfter(page, () => page.getByLabel("Sắp xếp").selectOption(""), (p) => !p.get("sort"));
		const second = await listAfter(page, () => page.getByRole("button", { name: "Trang sau" }).click(),
			(p) => !!p.get("cursor"));
		await page.getByText("Trang 2 ·").waitFor();
		const [g0, f0] = key(all.at(-1));
		const [g1, f1] = key(second[0]);
		assert.ok((coll.compare(g0, g1) || coll.compare(f0, f1)) <= 0);
		// The export link carries the same filters.
		const href = await page.getByRole("link", { name: "Xuất CSV" }).getAttribute("href");
		assert.match(href, /^\/api\/v1\/members\/export\?format=csv$|^\/api\/v1\/members\/export\?.*format=csv/);
		await page.go(`/members?org=${cell.id}&status=probationary`);
		const exp = await page.getByRole("link", { name: "Xuất CSV" }).getAttribute("href");
		assert.match(exp, new RegExp(`org=${cell.id}`));
		assert.match(exp, /status=probationary/);
		const [download] = await Promise.all([page.waitForEvent("download"),
			page.getByRole("link", { name: "Xuất CSV" }).click()]);
		const csv = await (await download.createReadStream()).toArray();
		const text = Buffer.concat(csv).toString("utf8");
		for (const n of fiveInOrder)
			assert.ok(text.includes(n), n);
		await shot(page, "members-desktop");
		// Ethnic group, admission year and age band: the API filters, the
		// page shows what it answers.
		await page.go("/members");
		await page.getByRole("button", { name: /Bộ lọc/ }).click();
		const eth = page.getByLabel("Dân tộc", { exact: true });
		const values = await eth.locator("option").evaluateAll((os) => os.map((o) => o.value));
		const minority = values.find((v) => v && v !== "Kinh");
		assert.ok(minority, values.join());
		const byEth = await listAfter(page, () => eth.selectOption(minority), (p) => p.get("ethnicity") === minority);
		const want = (await api.get(`/members?limit=50&ethnicity=${encodeURIComponent(minority)}`)).items;
		assert.ok(want.length > 0 && want.every((m) => m.ethnicity === minority));
		assert.deepEqual(byEth, want.map((m) => m.full_name));
		await listAfter(page, () => eth.selectOption(""), (p) => !p.get("ethnicity"));
		const byYear = await listAfter(page, () => page.getByLabel("Năm vào Đảng").fill("2015"),
			(p) => p.get("admitted_year") === "2015");
		const inYear = (await api.get("/members?limit=50&admitted_year=2015")).items;
		assert.ok(inYear.every((m) => m.admitted_on.startsWith("2015-")));
		assert.deepEqual(byYear, inYear.map((m) => m.full_name));
		// The bands offered are the rulebook's, as the figures show them.
		const ageOpts = await page.getByLabel("Độ tuổi").locator("option").evaluateAll((os) => os.map((o) => o.value));
		const root = (await api.get("/orgs")).items.find((o) => o.parent_id === null);
		const figures = await api.get(`/orgs/${root.id}/stats`);
		assert.deepEqual(ageOpts.filter(Boolean), Object.keys(figures.by_age_band));
		const byAge = await listAfter(page, () => page.getByLabel("Độ tuổi").selectOption("30-39"),
			(p) => p.get("age_band") === "30-39" && p.get("admitted_year") === "2015");
		const both = (await api.get("/members?limit=50&admitted_year=2015&age_band=30-39")).items;
		assert.deepEqual(byAge, both.map((m) => m.full_name));
		assert.ok(both.length < inYear.length || inYear.length === 50);
	});
});

// ---------------------------------------------------------------- editing

async function memberNamed(api, name) {
	const page = await api.get(`/members?q=${encodeURIComponent(name)}`);
	const m = page.items.find((x) => x.full_name === name);
	assert.ok(m, name);
	return m;
}

test("editing a member: the API's validation errors inline first, then a save", async () => {
	const api = await apiClient(suite.server.base, "office");
	const m = await memberNamed(api, "Hồ Thị Bích");
	await withPage({ allow: [["PATCH", new RegExp(`^/api/v1/members/${m.id}$`), 422]] }, async (page) => {
		await signIn(page, "office");
		await page.go(`/members/${m.id}`);
		await shot(page, "member-desktop");
		await page.getByRole("link", { name: "Sửa hồ sơ" }).click();
		await page.getByLabel("Số CCCD").fill("123");
		await page.getByLabel("Email").fill("khong-phai-email");
		await page.getByRole("button", { name: "Lưu thay đổi" }).click();
		const summary = page.locator(".error-summary");
		await summary.waitFor();
		assert.match(await summary.innerText(), /Chưa lưu được: có 2 lỗi/);
		// Next to the field, from the API, with the rule's document.
		const cid = page.getByLabel("Số CCCD");
		assert.equal(await cid.getAttribute("aria-invalid"), "true");
		const cidError = await page.locator("#f-citizen_id-error").innerText();
		assert.match(cidError, /Số căn cước công dân phải gồm đúng 12 chữ số\./);
		assert.match(cidError, /Luật Căn cước/);
		assert.match(await page.locator("#f-email-error").innerText(), /Địa chỉ email không hợp lệ\./);
		assert.match(await cid.getAttribute("aria-describedby"), /f-citizen_id-error/);
		assert.ok(await summary.evaluate((el) => el === document.activeElement), "the summary takes the focus");
		// The summary's link leads to the field.
		await summary.getByRole("link", { name: "Số CCCD" }).click();
		assert.ok(await cid.evaluate((el) => el === document.activeElement));
		await shot(page, "member-edit-errors-desktop");
		// A date that is not one does not hide the server's errors: all
		// three are shown at once.
		await page.getByLabel("Ngày sinh").fill("31/02/1997");
		await page.getByRole("button", { name: "Lưu thay đổi" }).click();
		await page.locator("#f-birth_date-error").waitFor();
		assert.match(await page.locator("#f-birth_date-error").innerText(), /31\/02\/1997[\s\S]*dd\/mm\/yyyy/);
		assert.match(await page.locator("#f-citizen_id-error").innerText(), /12 chữ số/);
		assert.match(await page.locator("#f-email-error").innerText(), /email/);
		assert.match(await summary.innerText(), /có 3 lỗi/);
		await page.getByLabel("Ngày sinh").fill("14/02/1997");
		await cid.fill("001197012345");
		await page.getByLabel("Email").fill("bichht@example.vn");
		await page.getByRole("button", { name: "Lưu thay đổi" }).click();
		await page.getByText("Đã lưu hồ sơ.").waitFor();
		assert.equal(await page.locator("[data-field=citizen_id] dd").innerText(), "001197012345");
		await page.getByRole("tab", { name: "Quá trình" }).click();
		const updated = page.locator(".timeline li.ev-record_updated");
		await updated.waitFor();
		assert.match(await updated.innerText(), /Sửa hồ sơ[\s\S]*Số CCCD[\s\S]*001197012345/);
		// Keyboard: arrows move between the tabs.
		await page.getByRole("tab", { name: "Quá trình" }).focus();
		await page.keyboard.press("ArrowRight");
		assert.equal(await page.getByRole("tab", { name: "Nhật ký" }).getAttribute("aria-selected"), "true");
		await page.locator(".audit li").first().waitFor();
		// The trail in words: the label and the account's display name.
		assert.match(await page.locator(".audit").innerText(), /Cập nhật hồ sơ\nVăn phòng Đảng ủy[\s\S]*Số CCCD/);
		await shot(page, "member-audit-desktop");
	});
	const after = await api.get(`/members/${m.id}`);
	assert.equal(after.citizen_id, "001197012345");
	assert.equal(after.email, "bichht@example.vn");
});

test("a conflicting edit: both versions side by side; keep mine, or take theirs", async () => {
	const api = await apiClient(suite.server.base, "admin");
	const m = await memberNamed(api, "Lê Thị Bình");
	await withPage({ allow: [["PATCH", new RegExp(`^/api/v1/members/${m.id}$`), 412]] }, async (page) => {
		await signIn(page, "office");
		await page.go(`/members/${m.id}/edit`);
		await page.getByLabel("Điện thoại").fill("0912000111");
		await page.getByLabel("Tôn giáo").selectOption("Không");
		// Meanwhile, someone else saves the record.
		const cur = await api.call("GET", `/members/${m.id}`);
		const theirs = await api.call("PATCH", `/members/${m.id}`, { phone: "0988777666", job_title: "Chuyên viên" },
			{ "If-Match": cur.etag });
		assert.equal(theirs.status, 200);
		await page.getByRole("button", { name: "Lưu thay đổi" }).click();
		const panel = page.locator(".conflict");
		await panel.waitFor();
		assert.match(await panel.locator("h2").innerText(), /Hồ sơ vừa được người khác thay đổi/);
		const row = (f) => panel.locator(`tr[data-field=${f}] td`).allInnerTexts();
		assert.deepEqual(await row("phone"), ["0912000111", "0988777666"]);
		assert.deepEqual(await row("job_title"), ["—", "Chuyên viên"]);
		assert.ok(await panel.locator("tr[data-field=phone]").evaluate((tr) => tr.classList.contains("differs")));
		await shot(page, "member-conflict-desktop");
		await page.getByRole("button", { name: "Giữ bản của tôi và lưu" }).click();
		await page.getByText("Đã lưu hồ sơ.").waitFor();
	});
	let now = await api.get(`/members/${m.id}`);
	assert.equal(now.phone, "0912000111", "mine kept");
	assert.equal(now.job_title, "Chuyên viên", "their other change stays");
	await withPage({ allow: [["PATCH", new RegExp(`^/api/v1/members/${m.id}$`), 412]] }, async (page) => {
		await signIn(page, "office");
		await page.go(`/members/${m.id}/edit`);
		await page.getByLabel("Điện thoại").fill("0900000001");
		const cur = await api.call("GET", `/members/${m.id}`);
		await api.call("PATCH", `/members/${m.id}`, { phone: "0977000002" }, { "If-Match": cur.etag });
		await page.getByRole("button", { name: "Lưu thay đổi" }).click();
		await page.locator(".conflict").waitFor();
		await page.getByRole("button", { name: /Lấy bản hiện tại/ }).click();
		assert.equal(await page.getByLabel("Điện thoại").inputValue(), "0977000002");
		assert.equal(await page.locator(".conflict").count(), 0);
	});
	now = await api.get(`/members/${m.id}`);
	assert.equal(now.phone, "0977000002", "theirs taken, nothing sent");
});

// ---------------------------------------------------------------- orgs

test("organisation tree: browse, search, counts, create and edit", async () => {
	await withPage({ allow: [["POST", /^\/api\/v1\/orgs$/, 422]] }, async (page) => {
		await signIn(page, "office");
		await page.go("/orgs");
		const vp = page.getByRole("button", { name: "Mở Đảng bộ Văn phòng Bộ" });
		await vp.click();
		assert.equal(await page.getByRole("button", { name: "Thu gọn Đảng bộ Văn phòng Bộ" }).getAttribute("aria-expanded"), "true");
		await page.getByRole("link", { name: "Chi bộ Phòng Hành chính" }).waitFor();
		await shot(page, "orgs-desktop");
		await page.getByLabel("Tìm tổ chức theo tên hoặc mã").fill("doi xe");
		await page.locator(".results li").first().waitFor();
		assert.deepEqual(await page.locator(".results li a").allInnerTexts(), ["Chi bộ Đội Xe"]);
		await page.getByRole("link", { name: "Chi bộ Đội Xe" }).click();
		await page.getByRole("heading", { name: "Chi bộ Đội Xe", level: 1 }).waitFor();
		assert.match(await page.locator(".figures").innerText(), /12\s+Đảng viên/, "7 of the demo + 5 imported");
		await page.getByRole("link", { name: "Đảng bộ Văn phòng Bộ" }).first().click();
		await page.getByRole("link", { name: "Thêm tổ chức trực thuộc" }).click();
		await page.getByLabel("Tên tổ chức").fill("Chi bộ Phòng Lưu trữ");
		await page.getByRole("button", { name: "Thêm tổ chức" }).click();
		await page.locator(".error-summary").waitFor();
		await page.getByLabel("Mã").fill("CB-VP-6");
		await page.getByLabel("Số quyết định").fill("21-QĐ/ĐU");
		await page.getByRole("button", { name: "Thêm tổ chức" }).click();
		await page.getByRole("heading", { name: "Chi bộ Phòng Lưu trữ", level: 1 }).waitFor();
		assert.match(await page.locator(".timeline").innerText(), /Thành lập[\s\S]*21-QĐ\/ĐU/);
		await page.getByRole("link", { name: "Sửa tổ chức" }).click();
		await page.getByLabel("Tên tổ chức").fill("Chi bộ Phòng Lưu trữ và Thư viện");
		await page.getByRole("button", { name: "Lưu thay đổi" }).click();
		await page.getByRole("heading", { name: "Chi bộ Phòng Lưu trữ và Thư viện", level: 1 }).waitFor();
		await shot(page, "org-desktop");
	});
});

// ---------------------------------------------------------------- phone

test("on a 360 px phone: nothing wider than the screen, a menu, cards instead of tables", async () => {
	const api = await apiClient(suite.server.base, "office");
	const m = await memberNamed(api, "Đỗ Văn Bình");
	// The narrowest phone in common use, narrower than the suites' own.
	await withPage({ phone: true, viewport: { width: 360, height: 740 } }, async (page) => {
		await signIn(page, "office");
		const pages = [["/", "home-phone"], ["/orgs", "orgs-phone"], ["/members", "members-phone"],
			[`/members/${m.id}`, "member-phone"], [`/members/${m.id}/edit`, "member-edit-phone"],
			["/orgs/2", "org-phone"], ["/import", "import-phone"]];
		for (const [path, name] of pages) {
			await page.go(path);
			await page.locator("main h1").waitFor();
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			assert.ok(width <= 360, `${path}: ${width} px wide`);
			await shot(page, name);
		}
		// The navigation sits behind the menu button.
		await page.go("/members");
		assert.equal(await page.locator("#main-nav").isVisible(), false);
		const menu = page.getByRole("button", { name: "Trình đơn" });
		await menu.click();
		assert.equal(await menu.getAttribute("aria-expanded"), "true");
		await page.getByRole("link", { name: "Tổ chức đảng" }).click();
		await page.getByRole("heading", { name: "Tổ chức đảng" }).waitFor();
		assert.equal(await page.locator("#main-nav").isVisible(), false, "closed after choosing");
		// The member list as member cards (test-web-office.mjs); other
		// tables' rows as cards: each cell with its column's label.
		await page.go("/members");
		await page.locator(".member-cards li").first().waitFor();
		assert.equal(await page.locator(".members-table").count(), 0);
		await page.go("/orgs/1");
		const cell = page.locator("#children-h + .table-wrap tbody tr").first().locator("td[data-label='Loại tổ chức']");
		const before = await cell.evaluate((td) => getComputedStyle(td, "::before").content);
		assert.equal(before, '"Loại tổ chức"');
		assert.equal(await page.locator("#children-h + .table-wrap thead").evaluate((el) => el.getBoundingClientRect().height <= 1), true);
		// Dates and numbers the Vietnamese way.
		await page.go("/members");
		assert.match(await page.locator(".member-card .member-card-meta").nth(1).innerText(), /\d{2}\/\d{2}\/\d{4}$/);
		await page.go("/");
		assert.match(await page.locator("#fig-members .figure-value").innerText(), /^\d{1,3}(\.\d{3})*$/);
	});
});

// ---------------------------------------------------------------- language

test("English on request, remembered; the API answers in the same language", async () => {
	const api = await apiClient(suite.server.base, "office");
	const m = await memberNamed(api, "Dương Văn Bảo");
	await withPage({ allow: [["PATCH", new RegExp(`^/api/v1/members/${m.id}$`), 422]] }, async (page) => {
		await signIn(page, "office");
		await page.getByRole("button", { name: "Switch to English" }).click();
		await page.getByRole("heading", { name: "Overview" }).waitFor();
		assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
		await page.go(`/members/${m.id}/edit`);
		await page.getByRole("heading", { name: "Edit" }).waitFor();
		const [req] = await Promise.all([
			page.waitForRequest((r) => r.method() === "PATCH"),
			(async () => {
				await page.getByLabel("Citizen ID").fill("12");
				await page.getByRole("button", { name: "Save changes" }).click();
			})(),
		]);
		assert.equal(req.headers()["accept-language"], "en");
		assert.match(await page.locator("#f-citizen_id-error").innerText(), /12 digits/);
		await shot(page, "member-edit-errors-en-desktop");
		await page.go("/members");
		await page.getByRole("heading", { name: "Members", level: 1 }).waitFor();
		assert.equal(await page.locator(".members-table thead th").first().innerText(), "Full name");
		// Dates stay dd/mm/yyyy in English too.
		assert.match(await page.locator(".members-table td[data-label='Date of birth']").first().innerText(), /^\d{2}\/\d{2}\/\d{4}$/);
		await page.getByRole("button", { name: "Chuyển sang tiếng Việt" }).click();
		await page.getByRole("heading", { name: "Đảng viên", level: 1 }).waitFor();
	});
});

// ---------------------------------------------------------------- keyboard

test("keyboard: skip link first, visible focus, the whole sign-in without a mouse", async () => {
	await withPage({}, async (page) => {
		await page.go("/");
		await page.getByLabel("Tên đăng nhập").waitFor();
		assert.ok(await page.getByLabel("Tên đăng nhập").evaluate((el) => el === document.activeElement));
		await page.keyboard.type("vanphong");
		await page.keyboard.press("Tab");
		await page.keyboard.type("demo-vanphong-2026");
		await page.keyboard.press("Enter");
		await page.locator(".topbar").waitFor();
		await page.go("/members");
		await page.keyboard.press("Tab");
		const skip = page.getByRole("link", { name: "Bỏ qua, đến nội dung chính" });
		assert.ok(await skip.evaluate((el) => el === document.activeElement), "the skip link comes first");
		assert.ok(await skip.isVisible(), "and shows when focused");
		await page.keyboard.press("Enter");
		assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
		await page.keyboard.press("Tab");
		const focused = await page.evaluate(() => {
			const el = document.activeElement;
			const s = getComputedStyle(el);
			return { id: el.id, outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
		});
		assert.equal(focused.id, "member-q");
		assert.ok(focused.outline !== "none" && focused.width >= 2 || focused.shadow !== "none", JSON.stringify(focused));
		// Into the list and a dossier with the keyboard.
		await listAfter(page, () => page.keyboard.type("nguyen van"), (p) => p.get("q") === "nguyen van");
		const first = page.locator(".members-table tbody a").first();
		await first.focus();
		const name = await first.innerText();
		await page.keyboard.press("Enter");
		await page.getByRole("heading", { name, level: 1 }).waitFor();
		assert.ok(await page.locator("h1").evaluate((el) => el === document.activeElement), "the new page's heading has the focus");
	});
});

// ---------------------------------------------------------------- axe

test("accessibility: no serious axe-core violation on the main pages (labels, names, contrast)", async () => {
	const api = await apiClient(suite.server.base, "office");
	const m = await memberNamed(api, "Vũ Văn Bình");
	for (const phone of [false, true]) {
		await withPage({ phone, allow: [["PATCH", new RegExp(`^/api/v1/members/${m.id}$`), 422]] }, async (page) => {
			await page.go("/login");
			await page.getByLabel("Tên đăng nhập").waitFor();
			assert.deepEqual(await axe(page), [], "login");
			await signIn(page, "office");
			// Everything on a desktop; on a phone the pages whose layout
			// changes most (axe takes seconds a page).
			const paths = phone ? ["/", "/members", `/members/${m.id}/edit`]
				: ["/", "/orgs", "/orgs/2", "/members", `/members/${m.id}`, `/members/${m.id}?tab=history`,
					`/members/${m.id}?tab=audit`, `/members/${m.id}/edit`, "/import"];
			for (const path of paths) {
				await page.go(path);
				await page.locator("main h1").waitFor();
				if (path === "/members")
					await page.getByRole("button", { name: /Bộ lọc/ }).click();
				assert.deepEqual(await axe(page), [], path);
			}
			// With errors shown, too.
			await page.go(`/members/${m.id}/edit`);
			await page.getByLabel("Số CCCD").fill("1");
			await page.getByRole("button", { name: "Lưu thay đổi" }).click();
			await page.locator(".error-summary").waitFor();
			assert.deepEqual(await axe(page), [], "edit with errors");
		});
	}
});
