// The meeting pages (issue 13) in a real browser (Debian's Chromium,
// headless) against `chibo serve` on a fresh demo database: the secretary
// records attendance on a phone with one tap per member (and an excused
// absence with its reason asked inline), then the API shows the
// statuses; the QR check-in as a member on a phone (sign in first, then
// back to the check-in page, one button); the schedule form's field
// errors (the form's own and the API's, online without its HD 03
// reason); a member's meetings; the compliance heat map with its
// drill-down; what each demo role sees.  Every page is checked with
// axe-core; screenshots at 1366×768 and 390×844 go to
// build/screenshots/meetings-*.png.
//
//   node --test tests/browser/test-web-meetings.mjs   (meson: suite browser-sqlite)
import { test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, axe, browserSuite, shot, signIn, TODAY } from "./lib.mjs";

const suite = browserSuite();
// A meeting without a resolution yet: GET .../resolution is 404
// (resolution_not_found), which the page shows as "no draft yet".
const RES404 = ["GET", /^\/api\/v1\/meetings\/\d+\/resolution$/, 404];
const withPage = (opts, fn) => suite.withPage({ ...opts, allow: [RES404, ...(opts.allow ?? [])] }, fn);

async function clean(page, what) {
	assert.deepEqual(await axe(page), [], `${what}: axe`);
}

/** The secretary's cell (org 3 in the demo) and a meeting of it that is
 * open now (started minutes ago, real time: check-in judges the clock). */
async function openMeeting(api) {
	const s = await api.get("/session");
	const cell = s.user.grants.find((g) => g.role === "secretary").org_id;
	const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
	const now = Date.now();
	const r = await api.call("POST", "/meetings", {
		org_id: cell, kind: "regular", starts_at: iso(now - 5 * 60000), ends_at: iso(now + 120 * 60000),
		place: "Hội trường", status: "planned",
		chair_id: s.user.member_id, secretary_id: s.user.member_id,
	});
	assert.equal(r.status, 201, r.text);
	return r.json;
}

test("the secretary records attendance on a phone, one tap per member", async () => {
	const api = await apiClient(suite.server.base, "secretary");
	const m = await openMeeting(api);
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "secretary");
		await page.go(`/meetings/${m.id}`);
		const rows = page.locator("#att-list > li");
		await rows.first().waitFor();
		const n = await rows.count();
		assert.ok(n >= 5, `the roll has ${n} members`);
		// The meeting is on: the roll comes before the details.
		assert.ok((await page.locator("#m-att-h").boundingBox()).y < (await page.locator("#m-details-h").boundingBox()).y);
		await clean(page, "meeting page (phone)");
		// Big touch targets.
		const box = await rows.first().locator("button.att-tap").boundingBox();
		assert.ok(box.height >= 44 && box.width >= 300, `tap target ${box.width}×${box.height}`);
		await shot(page, "meetings-attendance-phone-before");
		for (let i = 0; i < n; i++) {
			const b = rows.nth(i).locator("button.att-tap");
			await b.click();
			await rows.nth(i).locator(".att-status", { hasText: "Có mặt" }).waitFor();
		}
		await page.locator("#att-counts", { hasText: `Có mặt ${n}/${n}` }).waitFor();
		// An excused absence: two more taps (late, then excused), the
		// reason typed under the name.
		const last = rows.nth(n - 1);
		await last.locator("button.att-tap").click();
		await last.locator(".att-status", { hasText: "Đến muộn" }).waitFor();
		await last.locator("button.att-tap").click();
		await last.getByLabel(/Lý do vắng của/).fill("Ốm, có giấy của bệnh viện");
		await clean(page, "reason asked inline");
		await last.getByRole("button", { name: "Lưu lý do" }).click();
		await last.locator(".att-reason-text", { hasText: "Ốm, có giấy" }).waitFor();
		await page.locator("#att-counts", { hasText: `Có mặt ${n - 1}/${n}` }).waitFor();
		await shot(page, "meetings-attendance-phone");
	});
	const roll = await api.get(`/meetings/${m.id}/attendance`);
	const statuses = roll.items.filter((e) => e.roll === "official" || e.roll === "probationary").map((e) => e.status);
	assert.equal(statuses.filter((s) => s === "present").length, statuses.length - 1);
	const excused = roll.items.filter((e) => e.status === "absent_excused");
	assert.equal(excused.length, 1);
	assert.equal(excused[0].reason, "Ốm, có giấy của bệnh viện");
	assert.equal(roll.counts.present.official + roll.counts.present.probationary, statuses.length - 1);
	await withPage({}, async (page) => {
		await signIn(page, "secretary");
		await page.go(`/meetings/${m.id}`);
		await page.locator("#att-list > li").first().waitFor();
		await clean(page, "meeting page (desktop)");
		await shot(page, "meetings-meeting-desktop");
	});
});

test("QR check-in: the secretary's code, a member checks in on a phone", async () => {
	const api = await apiClient(suite.server.base, "secretary");
	const m = await openMeeting(api);
	let url;
	await withPage({}, async (page) => {
		await signIn(page, "secretary");
		await page.go(`/meetings/${m.id}`);
		await page.locator("#m-qr-open").click();
		const img = page.locator("#qr-image");
		await img.waitFor();
		await page.waitForFunction(() => document.querySelector("#qr-image")?.naturalWidth > 0);
		url = await img.getAttribute("data-url");
		assert.match(url, new RegExp(`/checkin/${m.id}\\?code=`));
		await clean(page, "QR page");
		await shot(page, "meetings-qr-desktop");
	});
	const path = new URL(url).pathname + new URL(url).search;
	await withPage({ phone: true }, async (page) => {
		// Not signed in: the sign-in page first, then back to the check-in.
		await page.go(path);
		await page.getByLabel(/Tên đăng nhập/).fill("dangvien");
		await page.getByLabel(/Mật khẩu/).fill("demo-dangvien-2026");
		await page.getByRole("button", { name: /Đăng nhập/ }).click();
		const button = page.getByRole("button", { name: "Điểm danh" });
		await button.waitFor();
		assert.equal(new URL(page.url()).pathname, `/checkin/${m.id}`);
		await clean(page, "check-in page");
		await shot(page, "meetings-checkin-phone-before");
		const box = await button.boundingBox();
		assert.ok(box.height >= 44, "a big button");
		await button.click();
		await page.locator("#checkin-result", { hasText: /Đã điểm danh: bạn (có mặt|đến muộn)/ }).waitFor();
		await clean(page, "check-in done");
		await shot(page, "meetings-checkin-phone");
	});
	const me = (await apiClient(suite.server.base, "member")).get;
	const s = await me("/session");
	const roll = await api.get(`/meetings/${m.id}/attendance`);
	const mine = roll.items.find((e) => e.member_id === s.user.member_id);
	assert.equal(mine.status, "present");
	// A code that is not chibo's: the refusal in words, nothing recorded.
	await withPage({ phone: true, allow: [["POST", /^\/api\/v1\/meetings\/\d+\/checkin$/, 422]] }, async (page) => {
		await signIn(page, "member");
		await page.go(`/checkin/${m.id}?code=AAAA`);
		await page.getByRole("button", { name: "Điểm danh" }).click();
		await page.locator("#checkin-result", { hasText: "Chưa điểm danh được" }).waitFor();
		await clean(page, "check-in refused");
	});
});

test("the schedule form shows every error on its field", async () => {
	// A day to come, whenever the test runs: 15 January next year.
	const next = new Date().getFullYear() + 1;
	await withPage({ allow: [["POST", /^\/api\/v1\/meetings$/, 422]] }, async (page) => {
		await signIn(page, "secretary");
		await page.go("/meetings");
		await page.locator("#mt-past-h").waitFor();
		await page.locator("[id^=past-list-]").first().waitFor();
		await clean(page, "meetings list");
		await shot(page, "meetings-list-desktop");
		await page.locator("#mt-schedule-open").click();
		const onField = async (id, text) => {
			assert.equal(await page.locator(id).getAttribute("aria-invalid"), "true", id);
			const err = page.locator(`${id}-error`);
			await err.waitFor();
			assert.match(await err.innerText(), text, id);
		};
		// The form's own: a date that does not exist, an hour past 23.
		await page.getByLabel("Ngày họp").fill("31/02/2026");
		await page.getByLabel("Giờ bắt đầu").fill("19:30");
		await page.getByLabel("Giờ kết thúc").fill("25:00");
		await page.getByRole("button", { name: "Lên lịch", exact: true }).click();
		await page.locator(".error-summary").waitFor();
		await onField("#f-mt-date", /ngày/i);
		await onField("#f-mt-end", /HH:mm/);
		await clean(page, "schedule errors (form)");
		// The API's: the topic of a thematic meeting, the HD 03 reason of
		// an online one, an end before the start.
		await page.getByLabel("Loại sinh hoạt").selectOption("thematic");
		await page.getByLabel("Ngày họp").fill(`15/01/${next}`);
		await page.getByLabel("Giờ kết thúc").fill("18:00");
		await page.getByLabel("Họp trực tuyến").check();
		await page.getByRole("button", { name: "Lên lịch", exact: true }).click();
		await page.locator(".error-summary", { hasText: "Chuyên đề" }).waitFor();
		await onField("#f-mt-topic", /chuyên đề/);
		await onField("#f-mt-online_reason", /trực tuyến/);
		await onField("#f-mt-end", /sau/);
		assert.equal(await page.locator("#f-mt-date").getAttribute("aria-invalid"), null, "the date is right now");
		await clean(page, "schedule errors (API)");
		await shot(page, "meetings-schedule-errors-desktop");
		// Corrected: scheduled, listed among the upcoming.
		await page.getByLabel("Giờ kết thúc").fill("21:30");
		await page.getByLabel("Chuyên đề", { exact: true }).fill("Học tập Nghị quyết");
		await page.getByLabel(/Lý do họp trực tuyến/).fill("Quá nửa số đảng viên đi công tác xa");
		await page.getByRole("button", { name: "Lên lịch", exact: true }).click();
		await page.getByText(`Đã lên lịch cuộc họp ngày 15/01/${next}.`).waitFor();
		await page.locator(`[id^=up-list-${next}-01] li`, { hasText: `15/01/${next} 19:30–21:30` }).waitFor();
	});
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "secretary");
		await page.go("/meetings");
		await page.locator("[id^=past-list-]").first().waitFor();
		await clean(page, "meetings list (phone)");
		await shot(page, "meetings-list-phone");
	});
});

test("a member's meetings; the compliance heat map and its findings", async () => {
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "member");
		await page.go("/my/meetings");
		await page.locator("#my-past-h").waitFor();
		await page.locator(".meeting-extra", { hasText: "Tôi:" }).first().waitFor();
		await clean(page, "my meetings");
		await shot(page, "meetings-my-phone");
	});
	for (const [viewport, phone] of [["desktop", false], ["phone", true]]) {
		await withPage({ phone }, async (page) => {
			await signIn(page, "office");
			// The demo's meetings are the 12 months before its day (TODAY).
			await page.go(`/meetings/compliance?year=${TODAY.slice(0, 4)}`);
			await page.locator("#cp-map tbody tr").first().waitFor();
			assert.ok(await page.locator("#cp-map tbody tr").count() >= 5);
			await page.locator("#cp-counts li").first().waitFor();
			const warn = page.locator("#cp-map td.hm-bad button, #cp-map td.hm-warn button").first();
			await warn.click();
			await page.locator("#cp-findings li").first().waitFor();
			const text = await page.locator("#cp-findings").innerText();
			assert.match(text, /Điều lệ Đảng|HD|Hướng dẫn/, "the rule cited");
			await clean(page, "compliance " + viewport);
			await shot(page, "meetings-compliance-" + viewport);
		});
	}
});

test("each demo role sees only what it may", async () => {
	const sec = await apiClient(suite.server.base, "secretary");
	const m = await openMeeting(sec);
	const navOf = async (page) => page.locator("#main-nav ul a").allInnerTexts();
	const expect = {
		admin: { list: true, my: false, compliance: true, write: true },
		office: { list: true, my: false, compliance: true, write: true },
		inspection: { list: true, my: false, compliance: true, write: false },
		secretary: { list: true, my: true, compliance: false, write: true },
		member: { list: false, my: true, compliance: false, write: false },
		viewer: { list: false, my: false, compliance: true, write: false },
	};
	for (const [role, e] of Object.entries(expect)) {
		await withPage({}, async (page) => {
			await signIn(page, role);
			const nav = await navOf(page);
			assert.equal(nav.includes("Sinh hoạt chi bộ"), e.list, `${role}: meetings in the navigation`);
			assert.equal(nav.includes("Cuộc họp của tôi"), e.my, `${role}: my meetings`);
			assert.equal(nav.includes("Chấp hành sinh hoạt chi bộ"), e.compliance, `${role}: compliance`);
			await page.go(`/meetings/${m.id}`);
			if (role === "viewer") {
				// No meeting.read: the page says why, and asks nothing.
				await page.getByText("Không mở được trang này").waitFor();
			} else {
				await page.locator("#att-list > li").first().waitFor();
				assert.equal(await page.locator("#att-list button.att-tap").count() > 0, e.write, `${role}: attendance taps`);
				assert.equal(await page.locator("#m-qr-open").count() > 0, e.write, `${role}: QR`);
			}
			await clean(page, `${role}: meeting page`);
			if (!e.write) {
				await page.go(`/meetings/${m.id}/qr`);
				await page.getByText("Không mở được trang này").waitFor();
			}
		});
	}
});

test("the resolution: draft, a task for a member, the self-score, approval with its number", async () => {
	const api = await apiClient(suite.server.base, "secretary");
	const m = await openMeeting(api);
	const member = (await (await apiClient(suite.server.base, "member")).get("/session")).user.member_id;
	await withPage({ allow: [["PUT", /^\/api\/v1\/meetings\/\d+\/score$/, 422]] }, async (page) => {
		await signIn(page, "secretary");
		await page.go(`/meetings/${m.id}`);
		await page.locator("#res-draft").click();
		await page.locator("#res-state", { hasText: "Dự thảo" }).waitFor();
		await page.getByLabel("Kết quả", { exact: true }).fill("Chi bộ hoàn thành các nhiệm vụ tháng trước.");
		await page.getByLabel("Số đồng chí tán thành").fill("11");
		await page.getByLabel("Tổng số đồng chí biểu quyết").fill("12");
		await page.getByRole("button", { name: "Lưu dự thảo" }).click();
		await page.locator("#res-vote-line", { hasText: "11/12" }).waitFor();
		// A task for the member, with a date typed dd/mm/yyyy.
		await page.locator("#f-task-what").fill("Báo cáo kết quả học tập nghị quyết");
		await page.getByLabel("Người thực hiện").selectOption(String(member));
		await page.getByLabel("Hạn hoàn thành").fill(`31/12/${new Date().getFullYear() + 1}`);
		await page.getByRole("button", { name: "Thêm nhiệm vụ" }).click();
		await page.locator("#res-tasks li", { hasText: "Báo cáo kết quả học tập" }).waitFor();
		// The self-score sheet of the rulebook (HD 42): a criterion over
		// its maximum is refused on its field, then the total and band.
		const pts = { "Thời gian": "5", "Tỷ lệ dự họp": "5", "Chuẩn bị": "9", "Tổ chức, nội dung": "45",
			"Nguyên tắc": "5", "Kết quả thực hiện nghị quyết kỳ trước": "27", "Kết thúc": "5" };
		for (const [label, v] of Object.entries(pts))
			await page.getByLabel(new RegExp("^" + label + " \\(tối đa")).fill(v);
		await page.getByRole("button", { name: "Lưu phiếu tự đánh giá" }).click();
		await page.locator("#resolution .notice-error").waitFor();
		assert.equal(await page.getByLabel(/^Tổ chức, nội dung \(tối đa 40\)/).getAttribute("aria-invalid"), "true");
		await page.getByLabel(/^Tổ chức, nội dung \(tối đa/).fill("36");
		await page.getByRole("button", { name: "Lưu phiếu tự đánh giá" }).click();
		await page.locator("#res-score", { hasText: "92/100" }).waitFor();
		await clean(page, "resolution");
		await page.locator("#res-approve").click();
		await page.locator("#res-state", { hasText: /Số \d+-NQ/ }).waitFor();
		await shot(page, "meetings-resolution-desktop");
	});
	// The member sees the task among their open ones.
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "member");
		await page.go("/my/meetings");
		await page.locator("#my-tasks li", { hasText: "Báo cáo kết quả học tập nghị quyết" }).waitFor();
		await clean(page, "my tasks");
	});
	// The next meeting's draft starts with the open task; the secretary
	// marks it done with its result, on a phone.
	const next = await openMeeting(api);
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "secretary");
		await page.go(`/meetings/${next.id}`);
		await page.locator("#res-draft").click();
		const li = page.locator("#res-prev-tasks li", { hasText: "Báo cáo kết quả học tập nghị quyết" });
		await li.waitFor();
		await li.getByLabel(/^Kết quả thực hiện:/).fill("Đã báo cáo trước chi bộ");
		await li.getByRole("button", { name: "Đánh dấu đã xong" }).click();
		await page.getByText("Đã ghi nhiệm vụ là đã xong.").waitFor();
		await page.locator("#res-prev-tasks li", { hasText: "Kết quả: Đã báo cáo trước chi bộ" }).waitFor();
		await clean(page, "a task marked done");
		await shot(page, "meetings-task-done-phone");
	});
	const done = (await api.get(`/members/${member}/tasks`)).items
		.filter((x) => x.what === "Báo cáo kết quả học tập nghị quyết");
	assert.equal(done.length, 1);
	assert.equal(done[0].status, "done");
	assert.equal(done[0].result, "Đã báo cáo trước chi bộ");
});

test("votes with the rulebook's verdict, the minutes from draft to locked, the page in English", async () => {
	const api = await apiClient(suite.server.base, "secretary");
	const m = await openMeeting(api);
	await withPage({}, async (page) => {
		await signIn(page, "secretary");
		await page.go(`/meetings/${m.id}`);
		const roll = await api.get(`/meetings/${m.id}/attendance`);
		const base = roll.counts.official;
		const half = Math.floor(base / 2) + 1;
		await page.getByLabel("Nội dung biểu quyết").selectOption("resolution");
		await page.getByLabel("Về việc").fill("Nghị quyết tháng 12");
		await page.locator("#f-vote-for").fill(String(half));
		await page.locator("#f-vote-against").fill("1");
		await page.locator("#f-vote-abstain").fill("0");
		await page.getByRole("button", { name: "Ghi biểu quyết" }).click();
		const first = page.locator("#votes li").first();
		await first.locator(".badge", { hasText: "Thông qua" }).waitFor();
		assert.match(await first.innerText(), new RegExp(`${half}/${base} tán thành; cần ít nhất ${half}`));
		assert.match(await first.innerText(), /meeting\.vote_threshold/);
		await page.locator("#f-vote-for").fill(String(half - 1));
		await page.locator("#f-vote-against").fill("2");
		await page.locator("#f-vote-abstain").fill("0");
		await page.getByRole("button", { name: "Ghi biểu quyết" }).click();
		await page.locator("#votes li .badge", { hasText: "Không thông qua" }).waitFor();
		// The minutes: draft, signed off by the chair and secretary, locked.
		await page.locator("#f-min-course").fill("Đồng chí Bí thư: báo cáo tình hình tháng 11");
		await page.locator("#f-min-conclusions").fill("Thống nhất các nhiệm vụ tháng 12.");
		await page.getByRole("button", { name: "Lưu biên bản" }).click();
		await page.getByText("Đã lưu biên bản.").waitFor();
		await page.getByRole("button", { name: "Ký duyệt" }).click();
		await page.locator("#min-state", { hasText: "Đã duyệt" }).waitFor();
		await page.getByRole("button", { name: "Khóa biên bản" }).click();
		await page.locator("#min-state", { hasText: "Đã khóa" }).waitFor();
		assert.equal(await page.locator("#f-min-conclusions").getAttribute("readonly"), "");
		await clean(page, "votes and minutes");
		const mn = await api.get(`/meetings/${m.id}/minutes`);
		assert.equal(mn.state, "locked");
		assert.equal(mn.conclusions, "Thống nhất các nhiệm vụ tháng 12.");
		// The minutes as a PDF from the page: the locked text in it.
		const [dl] = await Promise.all([page.waitForEvent("download"),
			page.locator("#m-minutes-pdf").click()]);
		const { spawnSync } = await import("node:child_process");
		const txt = spawnSync("pdftotext", [await dl.path(), "-"], { encoding: "utf8" });
		assert.equal(txt.status, 0, txt.stderr);
		assert.match(txt.stdout, /BIÊN BẢN/);
		assert.match(txt.stdout.replace(/\s+/g, " "), /Thống nhất các nhiệm vụ tháng 12\./);
		// English on request.
		await page.getByRole("button", { name: "English" }).click();
		await page.locator("h1", { hasText: "Meeting of" }).waitFor();
		await page.locator("#m-att-h", { hasText: "Attendance" }).waitFor();
		await page.locator("#votes .badge", { hasText: "Passed" }).first().waitFor();
		await clean(page, "meeting page in English");
		await page.getByRole("button", { name: "Tiếng Việt" }).click();
		await page.locator("h1", { hasText: "Cuộc họp ngày" }).waitFor();
	});
});

test("materials: a PDF uploaded from a phone, listed and downloaded; a text file refused on its field", async () => {
	const api = await apiClient(suite.server.base, "secretary");
	const m = await openMeeting(api);
	await withPage({ phone: true, allow: [["POST", /^\/api\/v1\/meetings\/\d+\/materials$/, 422]] }, async (page) => {
		await signIn(page, "secretary");
		await page.go(`/meetings/${m.id}`);
		const input = page.locator("#f-mat-file");
		await input.setInputFiles({ name: "ghi-chu.txt", mimeType: "application/pdf", buffer: Buffer.from("không phải PDF\n") });
		await page.getByRole("button", { name: "Tải lên" }).click();
		await page.locator("#f-mat-file-error").waitFor();
		assert.equal(await input.getAttribute("aria-invalid"), "true");
		const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
		await input.setInputFiles({ name: "Dự thảo nghị quyết.pdf", mimeType: "application/pdf", buffer: pdf });
		await page.getByRole("button", { name: "Tải lên" }).click();
		const link = page.locator("#materials a", { hasText: "Dự thảo nghị quyết.pdf" });
		await link.waitFor();
		await clean(page, "materials");
		const [dl] = await Promise.all([page.waitForEvent("download"), link.click()]);
		const path = await dl.path();
		const { readFileSync } = await import("node:fs");
		assert.deepEqual(readFileSync(path), pdf);
	});
	const list = await api.get(`/meetings/${m.id}/materials`);
	assert.equal(list.items.length, 1);
	// A member reads the list (no upload form).
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "member");
		await page.go(`/meetings/${m.id}`);
		await page.locator("#materials a", { hasText: "Dự thảo nghị quyết.pdf" }).waitFor();
		assert.equal(await page.locator("#f-mat-file").count(), 0);
	});
});

test("the office: a cell's meetings from its organisation's page; a committee's, its last month", async () => {
	await withPage({}, async (page) => {
		await signIn(page, "office");
		await page.go("/orgs/3");
		await page.getByRole("link", { name: "Sinh hoạt chi bộ" }).last().click();
		await page.locator("#mt-schedule-open").waitFor();
		assert.match(page.url(), /\/meetings\?org=3$/);
		await page.locator("[id^=past-list-] li").first().waitFor();
		assert.equal(await page.locator("#mt-committee-note").count(), 0);
		await page.go("/meetings");
		await page.locator("#mt-committee-note").waitFor();
		assert.equal(await page.locator("#mt-schedule-open").count(), 0, "scheduled on a cell, not on the committee");
		await clean(page, "a committee's meetings");
	});
});

test("an online meeting: a member's join and leave times, typed HH:mm on the phone", async () => {
	const api = await apiClient(suite.server.base, "secretary");
	const s = await api.get("/session");
	const cell = s.user.grants.find((g) => g.role === "secretary").org_id;
	const r = await api.call("POST", "/meetings", {
		org_id: cell, kind: "regular", starts_at: "2026-11-20T19:00:00+07:00", ends_at: "2026-11-20T21:00:00+07:00",
		online: true, online_reason: "Quá nửa số đảng viên đang công tác ở các tỉnh", status: "held",
	});
	assert.equal(r.status, 201, r.text);
	const m = r.json;
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "secretary");
		await page.go(`/meetings/${m.id}`);
		const row = page.locator("#att-list > li").first();
		await row.locator("button.att-tap").click();
		await row.locator(".att-status", { hasText: "Có mặt" }).waitFor();
		await row.getByLabel("Vào lúc").fill("19:05");
		await row.getByLabel("Rời lúc").fill("20:50");
		await row.getByRole("button", { name: "Lưu giờ" }).click();
		// Saved when the roll, read again, has the time.
		for (let i = 0; i < 100 && !(await api.get(`/meetings/${m.id}/attendance`)).items.some((x) => x.joined_at); i++)
			await new Promise((ok) => setTimeout(ok, 100));
		await page.waitForLoadState("networkidle");
		await clean(page, "online meeting");
		await shot(page, "meetings-online-phone");
	});
	const roll = await api.get(`/meetings/${m.id}/attendance`);
	const e = roll.items.find((x) => x.joined_at);
	assert.ok(e, "a join time recorded");
	assert.equal(e.joined_at, "2026-11-20T12:05:00Z");
	assert.equal(e.left_at, "2026-11-20T13:50:00Z");
});
