// The audit trail in a real browser (Debian's Chromium, headless): the
// trail page and the member's tab show each entry's label (Vietnamese, or
// English when switched), the account's display name and the time as
// dd/mm/yyyy HH:MM; a dossier opened three times in one session is one
// "Xem hồ sơ"; the filters (action, account, dates, with a refused date);
// an import is one entry "Nhập tệp DS-2026.csv, 3 dòng" that its members'
// history links to; roles without the right see no trail; axe-clean on a
// desktop (1366x768) and a phone (390x844), with screenshots.
//
//   node --test tests/browser/test-web-audit.mjs   (meson: suite browser-sqlite)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiClient, axe, BIN, DEMO, DIST, launch, prepare, shot, signIn, startServer, TODAY, withPageOf } from "./lib.mjs";

prepare();

const TIME = /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/;

let server;
let imported;
let browser;

function run(args, input) {
	const r = spawnSync(BIN, args, { encoding: "utf8", input, env: { ...process.env, CHIBO_TODAY: TODAY } });
	assert.equal(r.status, 0, `chibo ${args.join(" ")}: ${r.stderr}`);
	return r.stdout;
}

/** chibo serve on a register filled by one import of DS-2026.csv (the
 * import's fast path: an empty register), with an admin account. */
async function importedServer() {
	const dir = mkdtempSync(join(tmpdir(), "chibo-browser-audit-"));
	const db = join(dir, "chibo.db");
	run(["init", "--db", db]);
	run(["org", "add", "--code", "DB-THU", "--name", "Đảng bộ Thử", "--kind", "grassroots", "--db", db]);
	run(["org", "add", "--code", "CB-THU-1", "--name", "Chi bộ Thử 1", "--kind", "cell", "--parent", "DB-THU", "--db", db]);
	const csv = join(dir, "DS-2026.csv");
	writeFileSync(csv, "full_name,gender,birth_date,ethnicity,citizen_id,admitted_on,official_on,status,org_code\n" +
		"Lý Văn Một,male,1990-01-02,Kinh,001090123451,2015-03-10,2016-03-10,official,CB-THU-1\n" +
		"Lý Thị Hai,female,1991-02-03,Kinh,001191123452,2015-03-10,2016-03-10,official,CB-THU-1\n" +
		"Lý Văn Ba,male,1992-03-04,Kinh,001092123453,2015-03-10,2016-03-10,official,CB-THU-1\n");
	run(["import", "members", csv, "--db", db]);
	run(["user", "add", "admin", "--role", "admin", "--org", "DB-THU", "--name", "Quản trị Thử",
		"--password-stdin", "--db", db], DEMO.admin[1] + "\n");
	const env = { ...process.env, CHIBO_TODAY: TODAY };
	for (const k of ["CHIBO_LANG", "CHIBO_ACCESS_LOG", "CHIBO_WEB"])
		delete env[k];
	const proc = spawn(BIN, ["serve", "--db", db, "--listen", "127.0.0.1:0", "--web", DIST],
		{ env, stdio: ["ignore", "pipe", "pipe"] });
	let stderr = "";
	proc.stderr.on("data", (d) => { stderr += d; });
	const port = await new Promise((ok, fail) => {
		let out = "";
		proc.stdout.on("data", (d) => {
			out += d;
			const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
			if (m)
				ok(+m[1]);
		});
		proc.on("exit", (code) => fail(new Error(`chibo serve exited ${code}: ${stderr}`)));
	});
	return {
		base: `http://127.0.0.1:${port}`,
		async stop() {
			const done = new Promise((ok) => proc.on("exit", (code) => ok(code)));
			proc.kill("SIGTERM");
			assert.equal(await done, 0, stderr);
			assert.ok(!/Sanitizer|runtime error/.test(stderr), stderr);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

before(async () => {
	server = await startServer();
	imported = await importedServer();
	browser = await launch();
});

after(async () => {
	await browser?.close();
	await server?.stop();
	await imported?.stop();
});

const withPage = (base, opts, fn) => withPageOf(browser, base, opts, fn);

/** Does action (a click), waits for the trail's answer to the query it
 * makes (test: its parameters) and for the page to show it. */
async function filtered(page, action, test = () => true) {
	const answer = page.waitForResponse((r) => {
		const u = new URL(r.url());
		return u.pathname === "/api/v1/audit" && test(u.searchParams);
	});
	await action();
	await answer;
	await page.locator("section[aria-labelledby=audit-list-h][aria-busy=false]").waitFor();
}

/** The entries shown: [{label, actor, time}] in order. */
async function entries(page) {
	await page.waitForLoadState("networkidle");
	// The trail page: its list answered; the member's tab: its first entry.
	await page.locator("section[aria-labelledby=audit-list-h][aria-busy=false], [role=tabpanel] ol.audit > li")
		.first().waitFor();
	return page.locator("ol.audit > li").evaluateAll((lis) => lis.map((li) => ({
		action: li.dataset.action,
		label: li.querySelector(".audit-label")?.textContent ?? "",
		actor: li.querySelector(".audit-actor")?.textContent ?? "",
		time: li.querySelector("time")?.textContent ?? "",
	})));
}

async function member(api, code) {
	const orgs = (await api.call("GET", "/orgs?limit=1000")).json;
	const o = (orgs.items ?? orgs).find((x) => x.code === code);
	const list = await api.call("GET", `/members?org=${o.id}&limit=5&sort=id`);
	return list.json.items[0];
}

async function waitViews(api, id, n) {
	for (let i = 0; i < 100; i++) {
		const items = (await api.call("GET", `/members/${id}/audit?limit=50`)).json.items
			.filter((e) => e.action === "member.view");
		if (items.length >= n)
			return items;
		await new Promise((ok) => setTimeout(ok, 100));
	}
	return [];
}

// ------------------------------------------------------------------ trail

test("the trail: labels, display names, dd/mm/yyyy HH:MM; one view per session; filters", async () => {
	const api = await apiClient(server.base, "office");
	const me = (await api.call("GET", "/session")).json.user;
	const m = await member(api, "CB-VP-2");
	await api.call("PATCH", `/members/${m.id}`, { phone: "0912 424 242" });
	await withPage(server.base, {}, async (page) => {
		await signIn(page, "office");
		// Three loads of the dossier in one session: one view.
		for (let i = 0; i < 3; i++) {
			await page.go(`/members/${m.id}`);
			await page.getByRole("heading", { name: m.full_name }).waitFor();
		}
		await waitViews(api, m.id, 1);
		await new Promise((ok) => setTimeout(ok, 1500));
		await page.go(`/members/${m.id}?tab=audit`);
		const got = await entries(page);
		const views = got.filter((e) => e.action === "member.view" && e.actor === me.display_name);
		assert.equal(views.length, 1, JSON.stringify(got));
		assert.equal(views[0].label, "Xem hồ sơ");
		const upd = got.find((e) => e.action === "member.update");
		assert.equal(upd.label, "Cập nhật hồ sơ");
		assert.equal(upd.actor, me.display_name);
		for (const e of got)
			assert.match(e.time, TIME);
		assert.deepEqual(await axe(page), []);
		await shot(page, "audit-member-tab-desktop");

		// The whole trail, from the navigation.
		await page.getByRole("link", { name: "Nhật ký", exact: true }).click();
		await page.getByRole("heading", { name: "Nhật ký thao tác", level: 1 }).waitFor();
		const all = await entries(page);
		assert.ok(all.length >= 2, JSON.stringify(all));
		assert.ok(all.every((e) => e.label && !e.label.includes(".") && TIME.test(e.time)), JSON.stringify(all));
		// The member each entry is about, by name, linked to the record.
		assert.equal(await page.locator(`ol.audit a[href="/members/${m.id}"]`).first().innerText(), m.full_name);
		// Account entries name their fields and roles in Vietnamese, not
		// by the API's keys.
		const trail = await page.locator("ol.audit").innerText();
		for (const raw of ["display_name", "username", "\nrole", "viewer", "secretary"])
			assert.ok(!trail.includes(raw), `"${raw}" shown as is`);
		assert.match(trail, /Vai trò\s*Cấp ủy cấp trên \(chỉ xem\)/);
		assert.match(trail, /Tên đăng nhập\s*captren/);
		assert.deepEqual(await axe(page), []);
		await shot(page, "audit-desktop");

		// By action (the labels of the API's table).
		await page.getByLabel("Thao tác").selectOption({ label: "Xem hồ sơ" });
		await filtered(page, () => page.getByRole("button", { name: "Lọc", exact: true }).click(),
			(q) => q.get("action") === "member.view");
		const onlyViews = await entries(page);
		assert.ok(onlyViews.length > 0 && onlyViews.every((e) => e.label === "Xem hồ sơ"), JSON.stringify(onlyViews));
		// By account and dates: nobody of that name.
		await page.getByLabel("Người thực hiện (tên đăng nhập)").fill("khong-co-ai");
		await page.getByRole("button", { name: "Lọc", exact: true }).click();
		await page.getByText("Không có mục nào khớp với bộ lọc.").waitFor();
		await page.getByLabel("Người thực hiện (tên đăng nhập)").fill("vanphong");
		await page.getByLabel("Từ ngày").fill("31/02/2026");
		await page.getByRole("button", { name: "Lọc", exact: true }).click();
		await page.locator("#flt-from-error").waitFor();
		assert.match(await page.locator("#flt-from-error").innerText(), /dd\/mm\/yyyy/);
		await page.getByLabel("Từ ngày").fill("01/01/2020");
		await filtered(page, () => page.getByRole("button", { name: "Lọc", exact: true }).click(),
			(q) => q.get("from") === "2020-01-01" && q.get("user") === "vanphong");
		const mine = await entries(page);
		assert.ok(mine.length > 0 && mine.every((e) => e.actor === me.display_name), JSON.stringify(mine));
		assert.deepEqual(await axe(page), []);
		await page.getByRole("button", { name: "Bỏ lọc" }).click();
		await page.waitForURL((u) => u.pathname === "/audit" && u.search === "");

		// In English, the API's English labels.
		await page.getByRole("button", { name: "Switch to English" }).click();
		await page.getByRole("heading", { name: "Audit trail", level: 1 }).waitFor();
		await page.getByLabel("Action").selectOption({ label: "Viewed the record" });
		await filtered(page, () => page.getByRole("button", { name: "Filter", exact: true }).click(),
			(q) => q.get("action") === "member.view");
		const en = await entries(page);
		assert.ok(en.length > 0 && en.every((e) => e.label === "Viewed the record" && TIME.test(e.time)), JSON.stringify(en));
		await shot(page, "audit-en-desktop");
		await page.getByRole("button", { name: "Chuyển sang tiếng Việt" }).click();
	});
	await withPage(server.base, { phone: true }, async (page) => {
		await signIn(page, "office");
		await page.go("/audit");
		await page.getByRole("heading", { name: "Nhật ký thao tác", level: 1 }).waitFor();
		assert.ok((await entries(page)).length > 0);
		assert.deepEqual(await axe(page), []);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
		assert.equal(overflow, false, "no sideways scrolling on a phone");
		await shot(page, "audit-phone");
	});
});

test("roles without the right: no trail in the navigation, an explanation at /audit", async () => {
	await withPage(server.base, {}, async (page) => {
		await signIn(page, "secretary");
		assert.equal(await page.getByRole("link", { name: "Nhật ký", exact: true }).count(), 0);
		await page.go("/audit");
		await page.locator("#forbidden").waitFor();
		assert.deepEqual(await axe(page), []);
	});
});

// ----------------------------------------------------------------- import

test("an import is one entry naming its file, and its members' history links to it", async () => {
	await withPage(imported.base, {}, async (page) => {
		await signIn(page, "admin");
		await page.go("/audit");
		await page.getByRole("heading", { name: "Nhật ký thao tác", level: 1 }).waitFor();
		const all = await entries(page);
		const imp = all.filter((e) => e.action === "member.import");
		assert.equal(imp.length, 1, JSON.stringify(all));
		assert.equal(imp[0].label, "Nhập tệp DS-2026.csv, 3 dòng");
		// Imported from the command line: its system account and host.
		assert.match(imp[0].actor, /^[^@\s]+@\S+ \(dòng lệnh\)$/);
		// A member it wrote: its history links to the import's entry.
		await page.go("/members");
		await page.getByRole("link", { name: "Lý Thị Hai" }).click();
		await page.getByRole("heading", { name: "Lý Thị Hai" }).waitFor();
		await page.getByRole("tab", { name: "Quá trình" }).click();
		await filtered(page, () => page.getByRole("link", { name: "Xem lần nhập" }).click(),
			(q) => /^\d+$/.test(q.get("batch") ?? ""));
		const one = await entries(page);
		assert.deepEqual(one.map((e) => e.label), ["Nhập tệp DS-2026.csv, 3 dòng"]);
		assert.match(await page.locator("main").innerText(), /Chỉ mục của lần nhập số \d+\./);
		assert.deepEqual(await axe(page), []);
		await shot(page, "audit-import-desktop");
	});
	await withPage(imported.base, { phone: true }, async (page) => {
		await signIn(page, "admin");
		await page.go("/audit?action=member.import");
		await page.getByText("Nhập tệp DS-2026.csv, 3 dòng").waitFor();
		assert.deepEqual(await axe(page), []);
		await shot(page, "audit-import-phone");
	});
});
