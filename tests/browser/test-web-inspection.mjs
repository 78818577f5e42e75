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
import { apiClient, axe, browserSuite, shot, signIn, TODAY } from "./lib.mjs";

const suite = browserSuite();
const withPage = (opts, fn) => suite.withPage(opts, fn);
const YEAR = new Date().getFullYear();
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n");

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
	// The demo (issue 14): some organisations not yet covered in the
	// term, a cell without its self-inspection, recommendations overdue.
	assert.ok(cov.term, "the committee's term");
	assert.ok(cov.orgs.some((o) => o.covered === false) && cov.orgs.some((o) => o.covered === true), "covered and not");
	assert.ok(cov.orgs.some((o) => o.self_inspected === false), "a self-inspection missing");
	assert.ok(cov.items.some((f) => f.code === "recommendation_overdue"), "a recommendation overdue");
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
			// The year's report, both files.
			for (const [id, type] of [["#cov-report-xlsx", /spreadsheetml/], ["#cov-report-pdf", /pdf/]]) {
				const href = await page.locator(id).getAttribute("href");
				const got = await page.evaluate(async (u) => {
					const r = await fetch(u);
					return { status: r.status, type: r.headers.get("content-type"), size: (await r.arrayBuffer()).byteLength };
				}, href);
				assert.equal(got.status, 200, href);
				assert.match(got.type, type, href);
				assert.ok(got.size > 1000, `${href}: ${got.size} bytes`);
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

test("discipline cases: the list's statuses in words, a case, the form's refusals on their fields", async () => {
	const api = await apiClient(suite.server.base, "inspection");
	const list = (await api.get("/discipline?limit=100")).items;
	assert.ok(list.some((c) => c.status === "in_force") && list.some((c) => c.status === "lapsed"), "the demo's cases");
	const words = { in_force: "Đang có hiệu lực", lapsed: "Đã chấm dứt hiệu lực", annulled: "Đã hủy bỏ", deferred: "Tạm hoãn xem xét" };
	const fmt = (iso) => iso.split("-").reverse().join("/");
	// A case the rules refuse on four counts at once: removal from post of
	// a member who holds none, decided by a cell, 4 votes of 9, a
	// violation of 2010 (10 years).
	const member = list.find((c) => c.subject === "member" && c.deciding_body === "cell");
	const bad = {
		member_id: String(member.member_id), violation_on: "05/01/2010", deciding_org_id: String(member.deciding_org_id),
		deciding_body: "cell", form: "cach_chuc", vote_for: "4", vote_against: "3", vote_abstain: "2", base: "9",
		decided_on: "20/11/2026", effective_on: "20/11/2026", doc_no: "9-QĐ/CB",
	};
	const who = await api.get(`/members/${bad.member_id}`);
	for (const viewport of ["desktop", "phone"]) {
		await withPage({ phone: viewport === "phone", allow: [["POST", /^\/api\/v1\/discipline$/, 422]] }, async (page) => {
			await signIn(page, "inspection");
			await page.go("/discipline");
			await page.locator("#dc-list").waitFor();
			for (const c of list.slice(0, 8)) {
				const text = await page.locator(`#dc-list > li[data-case="${c.id}"]`).innerText();
				assert.ok(text.includes(words[c.status]), `case ${c.id}: ${text}`);
				if (c.status === "in_force" && c.lapses_on)
					assert.ok(text.includes(`hết hiệu lực từ ${fmt(c.lapses_on)}`), `case ${c.id}: ${text}`);
			}
			await clean(page, "discipline list " + viewport);
			await shot(page, "inspection-discipline-list-" + viewport);
			// A case: its form, vote, dates, status and lapse date.
			const c = list.find((x) => x.status === "in_force" && x.lapses_on);
			await page.locator(`#dc-list > li[data-case="${c.id}"] a`).click();
			await page.locator("#dc-facts").waitFor();
			const facts = await page.locator("#dc-facts").innerText();
			assert.ok(facts.includes(`${c.vote.for} tán thành, ${c.vote.against} không tán thành, ${c.vote.abstain} không biểu quyết, trên tổng số ${c.base}`), facts);
			assert.ok(facts.includes(fmt(c.decided_on)) && facts.includes(fmt(c.lapses_on)), facts);
			assert.match(await page.locator("#dc-state").innerText(), /Đang có hiệu lực/);
			await page.getByText("Lần xem này đã được ghi vào nhật ký thao tác.").waitFor();
			await clean(page, "discipline case " + viewport);
			await shot(page, "inspection-discipline-case-" + viewport);
			// The form: every problem of the rules on its field, with its rule.
			await page.go("/discipline/new");
			await page.locator("#dc-form").waitFor();
			// The member chosen by a search of the register, not a typed number.
			await page.locator("#f-dc-member_id").fill(who.full_name);
			await page.locator(`#f-dc-member_id-results button[data-member="${bad.member_id}"]`).click();
			await page.locator(`#f-dc-member_id-picked[data-member="${bad.member_id}"]`).waitFor();
			await page.locator("#f-dc-violation_code").selectOption({ index: 1 });
			for (const k of ["violation_on", "vote_for", "vote_against", "vote_abstain", "base", "decided_on", "effective_on", "doc_no"])
				await page.locator(`#f-dc-${k}`).fill(bad[k]);
			await page.locator("#f-dc-deciding_org_id").selectOption(bad.deciding_org_id);
			await page.locator("#f-dc-deciding_body").selectOption(bad.deciding_body);
			await page.locator("#f-dc-form").selectOption(bad.form);
			const before = (await api.get("/discipline?limit=100")).items.length;
			await page.locator("#dc-submit").click();
			const summary = page.locator("#dc-errors");
			await summary.waitFor();
			assert.match(await summary.innerText(), /có 4 điểm chưa đúng quy định/);
			const codes = await summary.locator("li").evaluateAll((lis) => lis.map((li) => li.dataset.code).sort());
			assert.deepEqual(codes, ["authority_insufficient", "form_not_allowed_for_subject", "time_barred", "vote_threshold_not_met"]);
			// On its field: marked invalid, the message and the citation under it.
			for (const [field, citation] of [["form", "69-QĐ/TW"], ["deciding_org_id", "296-QĐ/TW"], ["vote", "69-QĐ/TW"], ["decided_on", "69-QĐ/TW"]]) {
				const el = page.locator(`#f-dc-${field}`);
				assert.equal(await el.getAttribute("aria-invalid"), "true", field);
				const err = await page.locator(`#f-dc-${field}-error`).innerText();
				assert.ok(err.includes(citation), `${field}: ${err}`);
			}
			assert.match(await page.locator("#f-dc-vote-error").innerText(), /cần ít nhất 5 phiếu/);
			assert.equal((await api.get("/discipline?limit=100")).items.length, before, "nothing recorded");
			// The summary's links take the focus to the field.
			await summary.locator("li[data-code='authority_insufficient'] a").click();
			assert.equal(await page.evaluate(() => document.activeElement?.id), "f-dc-deciding_org_id");
			await clean(page, "discipline form errors " + viewport);
			await shot(page, "inspection-discipline-form-errors-" + viewport);
			if (viewport === "desktop") {
				// Put right: a reprimand the cell may decide, 7 votes of 9.
				await page.locator("#f-dc-form").selectOption("khien_trach");
				await page.locator("#f-dc-violation_on").fill("05/07/2026");
				await page.locator("#f-dc-vote_for").fill("7");
				await page.locator("#f-dc-vote_against").fill("1");
				await page.locator("#f-dc-vote_abstain").fill("1");
				await page.locator("#dc-submit").click();
				await page.locator("#dc-facts").waitFor();
				assert.match(new URL(page.url()).pathname, /^\/discipline\/\d+$/);
				assert.match(await page.locator("#dc-state").innerText(), /Đang có hiệu lực/);
				assert.equal((await api.get("/discipline?limit=100")).items.length, before + 1);
			}
		});
	}
});

test("a cell's secretary records its self-inspection of the year on a phone", async () => {
	const sec = await apiClient(suite.server.base, "secretary");
	const s = await sec.get("/session");
	const cell = s.user.grants.find((g) => g.role === "secretary").org_id;
	const mine = async () => (await sec.get(`/inspections?org=${cell}&year=${YEAR}&form=self&limit=100`)).items;
	const before = (await mine()).length;
	await withPage({ phone: true, allow: [["POST", /^\/api\/v1\/inspections$/, 422]] }, async (page) => {
		await signIn(page, "secretary");
		await page.getByRole("button", { name: "Trình đơn" }).click();
		await page.locator("#main-nav a", { hasText: "Kiểm tra, giám sát" }).click();
		await page.locator("#cell-self").waitFor();
		if (before === 0)
			await page.locator("#cs-self-state", { hasText: `Chi bộ chưa ghi kết quả tự kiểm tra, giám sát năm ${YEAR}` }).waitFor();
		await clean(page, "the cell's page");
		await shot(page, "inspection-cell-phone");
		const open = page.locator("#cs-self-new");
		assert.ok((await open.boundingBox()).height >= 44, "a big button");
		await open.click();
		await page.locator("#in-form").waitFor();
		// Dates out of order: the server's refusal on its field.
		await page.locator("#f-in-from").fill(`20/11/${YEAR}`);
		await page.locator("#f-in-to").fill(`10/11/${YEAR}`);
		await page.locator("#f-in-findings").fill("Đảng viên thực hiện tốt nhiệm vụ; hai đồng chí chậm đóng đảng phí.");
		await page.locator("#f-in-conclusion").fill("Chi bộ thực hiện nghiêm việc tự kiểm tra, giám sát đảng viên.");
		await page.locator("#in-submit").click();
		await page.locator("#in-errors").waitFor();
		const bad = await page.locator("#in-errors li").evaluateAll((lis) => lis.map((li) => li.dataset.field));
		assert.ok(bad.includes("to") || bad.includes("from"), bad.join(","));
		const field = bad.includes("to") ? "to" : "from";
		assert.equal(await page.locator(`#f-in-${field}`).getAttribute("aria-invalid"), "true");
		await clean(page, "self-inspection form refused");
		await shot(page, "inspection-self-form-errors-phone");
		assert.equal((await mine()).length, before, "nothing recorded");
		await page.locator("#f-in-to").fill(`30/11/${YEAR}`);
		await page.locator("#in-submit").click();
		await page.locator("#in-facts").waitFor();
		assert.match(await page.locator("h1").innerText(), /Tự kiểm tra, giám sát/);
		await clean(page, "self-inspection recorded");
		await shot(page, "inspection-self-record-phone");
	});
	const after = await mine();
	assert.equal(after.length, before + 1);
	const x = after.find((i) => i.from === `${YEAR}-11-20`);
	assert.ok(x, "the self-inspection recorded");
	assert.equal(x.form, "self");
	assert.equal(x.subject_org_id, cell);
	assert.equal(x.to, `${YEAR}-11-30`);
});

test("a record: its conclusion changed, recommendations overdue in words, one marked done, one added; the list's kind filter", async () => {
	const api = await apiClient(suite.server.base, "inspection");
	const s = await api.get("/session");
	const root = s.user.grants[0].org_id;
	const orgs = (await api.get("/orgs?limit=1000")).items;
	const unit = orgs.find((o) => o.parent_id === root);
	const r = await api.call("POST", "/inspections", {
		org_id: root, body: "inspection_commission", kind: "supervision", form: "thematic", subject_org_id: unit.id,
		content_codes: [], decided_on: `${YEAR}-02-02`, doc_no: "7-QĐ/UBKT", from: `${YEAR}-02-10`, to: `${YEAR}-03-10`,
		findings: "Việc thu, nộp đảng phí chưa đúng hạn ở hai chi bộ.", conclusion: "Chấn chỉnh việc thu nộp đảng phí.",
		status: "concluded",
	});
	assert.equal(r.status, 201, r.text);
	const id = r.json.id;
	const rec = await api.call("POST", `/inspections/${id}/recommendations`, { text: "Thu đủ đảng phí còn thiếu", owner: "Chi ủy", due_on: `${YEAR}-04-30` });
	assert.equal(rec.status, 201, rec.text);
	await withPage({ allow: [["PATCH", /^\/api\/v1\/inspections\/\d+$/, 422]] }, async (page) => {
		await signIn(page, "inspection");
		await page.go("/inspections?kind=supervision");
		await page.locator("#in-list").waitFor();
		const kinds = await page.locator("#in-list > li").evaluateAll((lis) => lis.map((li) => li.dataset.kind));
		assert.ok(kinds.length > 0 && kinds.every((k) => k === "supervision"), kinds.join(","));
		await clean(page, "records list");
		await shot(page, "inspection-records-desktop");
		await page.locator(`#in-list > li[data-inspection="${id}"] a`).click();
		await page.locator("#rec-list").waitFor();
		const li = page.locator(`#rec-list > li[data-rec="${rec.json.id}"]`);
		// Overdue: on a red band and in words.
		assert.match(await li.getAttribute("class"), /rec-overdue/);
		assert.match(await li.innerText(), /Quá hạn \d+ ngày, chưa thực hiện/);
		assert.ok((await page.locator("#in-decision").innerText()).includes(`7-QĐ/UBKT, ngày 02/02/${YEAR}`));
		await clean(page, "record page");
		await shot(page, "inspection-record-desktop");
		// The results: a concluded record without its conclusion is
		// refused on the field; then a new conclusion is saved.
		await page.locator("#in-results-edit").click();
		await page.locator("#f-ir-conclusion").fill("");
		await page.getByRole("button", { name: "Lưu kết quả" }).click();
		await page.locator("#ir-errors li[data-field='conclusion']").waitFor();
		assert.equal(await page.locator("#f-ir-conclusion").getAttribute("aria-invalid"), "true");
		await page.locator("#f-ir-conclusion").fill("Chấn chỉnh việc thu nộp đảng phí; báo cáo trước 31/12.");
		await page.getByRole("button", { name: "Lưu kết quả" }).click();
		await page.locator("#in-conclusion", { hasText: "báo cáo trước 31/12" }).waitFor();
		await li.getByLabel("Kết quả thực hiện").fill("Đã thu đủ");
		// The day it was done (the server's today is the test's).
		await li.getByLabel("Ngày thực hiện").fill(TODAY.split("-").reverse().join("/"));
		await li.getByRole("button", { name: "Đánh dấu đã thực hiện" }).click();
		await page.locator(`#rec-list > li[data-rec="${rec.json.id}"].rec-done`).waitFor();
		assert.match(await page.locator(`#rec-list > li[data-rec="${rec.json.id}"]`).innerText(), /Đã thực hiện ngày/);
		// A new one.
		await page.locator("#f-rec-text").fill("Báo cáo kết quả khắc phục");
		await page.locator("#f-rec-owner").fill("Đảng ủy cơ sở");
		await page.locator("#f-rec-due_on").fill(`31/12/${YEAR + 1}`);
		await page.getByRole("button", { name: "Thêm kiến nghị" }).click();
		await page.locator("#rec-list > li", { hasText: "Báo cáo kết quả khắc phục" }).waitFor();
		// An attachment, stored as the meetings' materials are.
		await page.locator("#f-att-file").setInputFiles({ name: "ket-luan.pdf", mimeType: "application/pdf", buffer: PDF });
		await page.getByRole("button", { name: "Tải lên" }).click();
		await page.locator("#att-list a", { hasText: "ket-luan.pdf" }).waitFor();
		const href = await page.locator("#att-list a", { hasText: "ket-luan.pdf" }).getAttribute("href");
		const file = await page.evaluate(async (u) => new Uint8Array(await (await fetch(u)).arrayBuffer()).length, href);
		assert.equal(file, PDF.length, "the file back as it was");
	});
	assert.equal((await api.get(`/inspections/${id}`)).conclusion, "Chấn chỉnh việc thu nộp đảng phí; báo cáo trước 31/12.");
	const recs = (await api.get(`/inspections/${id}/recommendations`)).items;
	const done = recs.find((x) => x.id === rec.json.id);
	assert.equal(done.done_on, TODAY, "marked done");
	assert.equal(done.result, "Đã thu đủ");
	assert.ok(recs.some((x) => x.text === "Báo cáo kết quả khắc phục" && x.due_on === `${YEAR + 1}-12-31` && !x.done_on));
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "inspection");
		await page.go(`/inspections/${id}`);
		await page.locator("#rec-list").waitFor();
		await clean(page, "record page (phone)");
		await shot(page, "inspection-record-phone");
	});
});

test("a programme of the year: created, an item refused then added, then changed", async () => {
	const api = await apiClient(suite.server.base, "inspection");
	const s = await api.get("/session");
	const root = s.user.grants[0].org_id;
	const title = `Chương trình kiểm tra, giám sát năm ${YEAR} (thử)`;
	let pid;
	await withPage({ allow: [["POST", /^\/api\/v1\/inspection\/programmes\/\d+\/items$/, 422]] }, async (page) => {
		await signIn(page, "inspection");
		await page.go("/inspection");
		await page.locator(".subnav a", { hasText: "Chương trình" }).click();
		await page.locator("#ip-new-open").click();
		await page.locator("#f-ip-title").fill(title);
		await page.locator("#f-ip-doc_no").fill("05-CTr/UBKT");
		await page.locator("#f-ip-approved_on").fill(`15/01/${YEAR}`);
		await clean(page, "programme form");
		await page.getByRole("button", { name: "Lập chương trình" }).last().click();
		await page.locator("#ip-items-h").waitFor();
		pid = +new URL(page.url()).pathname.split("/").pop();
		assert.equal(await page.locator("h1").innerText(), title);
		// An item without its subject: the server's refusal on the field.
		await page.locator("#ip-item-new").click();
		await page.locator("#f-it-kind").selectOption("supervision");
		assert.deepEqual(await page.locator("#f-it-form option").evaluateAll((os) => os.map((o) => o.value)), ["regular", "thematic"],
			"a supervision's forms");
		await page.locator("#f-it-form").selectOption("thematic");
		await page.locator("#f-it-planned_from").fill(`01/03/${YEAR}`);
		await page.locator("#f-it-planned_to").fill(`30/04/${YEAR}`);
		await page.locator("#f-it-team").fill("Tổ giám sát số 2");
		const boxes = page.locator("#f-it-content_codes input[type=checkbox]");
		assert.ok(await boxes.count() >= 5, "the rulebook's contents");
		await boxes.nth(0).check();
		await boxes.nth(9).check();
		await page.locator("#ip-item-form button[type=submit]").click();
		await page.locator("#it-errors").waitFor();
		const fields = await page.locator("#it-errors li").evaluateAll((lis) => lis.map((li) => li.dataset.field));
		assert.ok(fields.some((f) => /subject/.test(f)), fields.join(","));
		await clean(page, "programme item refused");
		await shot(page, "inspection-programme-item-errors-desktop");
		assert.equal(((await api.get(`/inspection/programmes/${pid}`)).items ?? []).length, 0, "nothing added");
		await page.locator("#f-it-subject_org_id").selectOption({ index: 1 });
		await page.locator("#ip-item-form button[type=submit]").click();
		await page.locator("#ip-items > li").first().waitFor();
		assert.match(await page.locator("#ip-items > li").first().innerText(), new RegExp(`Giám sát · Chuyên đề[\\s\\S]*01/03/${YEAR} – 30/04/${YEAR}`));
		// Changed: in progress.
		await page.locator("#ip-items > li").first().getByRole("button", { name: "Sửa" }).click();
		await page.locator("#f-it-status").selectOption("in_progress");
		await page.getByRole("button", { name: "Lưu nội dung" }).click();
		await page.locator("#ip-items > li", { hasText: "Đang thực hiện" }).waitFor();
		await clean(page, "programme page");
		await shot(page, "inspection-programme-desktop");
	});
	const p = await api.get(`/inspection/programmes/${pid}`);
	assert.equal(p.title, title);
	assert.equal(p.approved_on, `${YEAR}-01-15`);
	assert.equal(p.items.length, 1);
	const it = p.items[0];
	assert.equal(it.kind, "supervision");
	assert.equal(it.form, "thematic");
	assert.equal(it.status, "in_progress");
	assert.equal(it.content_codes.length, 2);
	assert.equal(it.planned_from, `${YEAR}-03-01`);
	await withPage({ phone: true }, async (page) => {
		await signIn(page, "inspection");
		await page.go(`/inspection/programmes/${pid}`);
		await page.locator("#ip-items > li").first().waitFor();
		await clean(page, "programme page (phone)");
		await shot(page, "inspection-programme-phone");
		await page.go(`/inspection/programmes?year=${YEAR}`);
		await page.locator(`#ip-list > li[data-programme="${pid}"]`).waitFor();
		await shot(page, "inspection-programmes-phone");
	});
});

test("a complaint against a case: a late one refused on its field, then lodged", async () => {
	const api = await apiClient(suite.server.base, "inspection");
	const list = (await api.get("/discipline?limit=100")).items;
	const model = list.find((c) => c.subject === "member" && c.deciding_body === "cell");
	const r = await api.call("POST", "/discipline", {
		subject: "member", member_id: model.member_id, violation_code: model.violation_code, violation_on: "2026-08-01",
		deciding_org_id: model.deciding_org_id, deciding_body: "cell", form: "khien_trach",
		vote: { for: 7, against: 1, abstain: 1 }, base: 9, decided_on: "2026-10-01", effective_on: "2026-10-01", doc_no: "11-QĐ/CB",
	});
	assert.equal(r.status, 201, r.text);
	const id = r.json.id;
	await withPage({ allow: [["POST", /^\/api\/v1\/discipline\/\d+\/complaint$/, 422]] }, async (page) => {
		await signIn(page, "inspection");
		await page.go(`/discipline/${id}`);
		await page.locator("#dc-complaint-form").waitFor();
		await page.locator("#f-cp-received_on").fill("02/10/2026");
		await page.locator("#f-cp-complained_on").fill("20/11/2026");
		await page.getByRole("button", { name: "Ghi khiếu nại" }).click();
		await page.locator("#cp-errors li[data-code='complaint_late']").waitFor();
		assert.equal(await page.locator("#f-cp-complained_on").getAttribute("aria-invalid"), "true");
		assert.match(await page.locator("#f-cp-complained_on-error").innerText(), /30 ngày/);
		await clean(page, "complaint refused");
		await shot(page, "inspection-discipline-complaint-errors-desktop");
		assert.equal((await api.get(`/discipline/${id}`)).complained_on, null, "nothing recorded");
		await page.locator("#f-cp-complained_on").fill("20/10/2026");
		await page.getByRole("button", { name: "Ghi khiếu nại" }).click();
		await page.locator("#dc-complaint-state", { hasText: "Khiếu nại ngày 20/10/2026. Đang chờ giải quyết." }).waitFor();
		assert.match(await page.locator("#dc-lapses").innerText(), /đang giải quyết khiếu nại/);
		// Now its outcome can be recorded.
		await page.locator("#f-cp-complaint_outcome").waitFor();
		await clean(page, "complaint lodged");
	});
	const c = await api.get(`/discipline/${id}`);
	assert.equal(c.complained_on, "2026-10-20");
	assert.equal(c.received_on, "2026-10-02");
});
