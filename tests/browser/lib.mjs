// What the browser tests share: a fresh demo database and `chibo serve`
// with the built web application on a free port, Debian's Chromium driven
// by playwright-core (headless, no sandbox, kept off the network), pages
// that fail the test on any console error, page error or failed request
// the test did not expect, an API client for setting the scene behind the
// browser's back, and screenshots under build/screenshots/.
//
// Environment (tests/browser/meson.build sets it; `npm test` in web/ runs
// the same file without it): CHIBO_BIN (default build/chibo),
// CHIBO_SOURCE_ROOT; optional CHIBO_WEB_DIST (default web/dist),
// CHIBO_CHROMIUM (default /usr/bin/chromium), CHIBO_SCREENSHOTS (default
// build/screenshots).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { after, before } from "node:test";

export const ROOT = resolve(process.env.CHIBO_SOURCE_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), "../.."));
export const BIN = process.env.CHIBO_BIN ?? join(ROOT, "build/chibo");
export const DIST = resolve(process.env.CHIBO_WEB_DIST ?? join(ROOT, "web/dist"));
export const CHROMIUM = process.env.CHIBO_CHROMIUM ?? "/usr/bin/chromium";
export const SHOTS = resolve(process.env.CHIBO_SCREENSHOTS ?? join(ROOT, "build/screenshots"));
export const TODAY = "2026-11-25";

// The demo's accounts (src/svc/demo.c), by role.
export const DEMO = {
	admin: ["admin", "demo-admin-2026"],
	office: ["vanphong", "demo-vanphong-2026"],
	inspection: ["ubkt", "demo-ubkt-2026"],
	secretary: ["bithu", "demo-bithu-2026"],
	member: ["dangvien", "demo-dangvien-2026"],
	viewer: ["captren", "demo-captren-2026"],
};

/** Exits 77 (meson: skipped) with a reason when the browser cannot run
 * here at all; builds the web application when it is missing or older
 * than its sources (scripts/build-web.sh: npm ci only when needed). */
export function prepare() {
	if (!existsSync(BIN)) {
		// `npm test` in web/ without a built chibo: say how, and fail.
		console.error(`# ${BIN} not found: build chibo first (meson setup build && ninja -C build), ` +
			"or name it: CHIBO_BIN=../build-dev/chibo npm test");
		process.exit(1);
	}
	if (!existsSync(CHROMIUM)) {
		console.log(`# ${CHROMIUM} not found: skipping the browser tests (scripts/install-deps.sh test installs it)`);
		process.exit(77);
	}
	const newest = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
		const p = join(dir, e.name);
		return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
	}, 0);
	const web = join(ROOT, "web");
	const stale = !existsSync(join(DIST, "index.html")) ||
		!existsSync(join(web, "node_modules/playwright-core")) ||
		(DIST === join(web, "dist") && Math.max(newest(join(web, "src")),
			statSync(join(ROOT, "src/http/openapi.json")).mtimeMs,
			statSync(join(web, "package-lock.json")).mtimeMs,
			statSync(join(web, "build.mjs")).mtimeMs,
			statSync(join(web, "index.html")).mtimeMs) > statSync(join(DIST, "index.html")).mtimeMs);
	if (stale) {
		const r = spawnSync(join(ROOT, "scripts/build-web.sh"), [], { stdio: ["ignore", "inherit", "inherit"] });
		assert.equal(r.status, 0, "scripts/build-web.sh failed");
	}
}

const require = createRequire(join(ROOT, "web/package.json"));
export function playwright() {
	return require("playwright-core");
}
export const AXE = () => readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const TMP = mkdtempSync(join(tmpdir(), "chibo-browser-"));

function run(args, extraEnv = {}) {
	const r = spawnSync(BIN, args, { encoding: "utf8", env: { ...process.env, CHIBO_TODAY: TODAY, ...extraEnv } });
	assert.equal(r.status, 0, `chibo ${args.join(" ")}: ${r.stderr}`);
	assert.ok(!/Sanitizer|runtime error/.test(r.stderr), r.stderr);
	return r.stdout;
}

/** A fresh demo database and chibo serve on it; stop() checks a clean exit. */
export async function startServer() {
	const db = join(TMP, "chibo.db");
	run(["init", "--db", db]);
	run(["demo", "--db", db]);
	const env = { ...process.env, CHIBO_TODAY: TODAY };
	for (const k of ["CHIBO_LANG", "CHIBO_ACCESS_LOG", "CHIBO_SESSION_IDLE", "CHIBO_SESSION_MAX", "CHIBO_WEB"])
		delete env[k];
	const proc = spawn(BIN, ["serve", "--db", db, "--listen", "127.0.0.1:0", "--web", DIST],
		{ env, stdio: ["ignore", "pipe", "pipe"] });
	let stderr = "";
	proc.stderr.on("data", (d) => { stderr += d; });
	const port = await new Promise((ok, fail) => {
		let out = "";
		proc.stdout.on("data", (d) => {
			out += d;
			const m = /chibo: listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
			if (m)
				ok(+m[1]);
		});
		proc.on("exit", (code) => fail(new Error(`chibo serve exited ${code}: ${stderr}`)));
	});
	const base = `http://127.0.0.1:${port}`;
	return {
		base, db,
		async stop() {
			const done = new Promise((ok) => proc.on("exit", (code) => ok(code)));
			proc.kill("SIGTERM");
			const code = await done;
			assert.equal(code, 0, stderr);
			assert.ok(!/Sanitizer|runtime error/.test(stderr), stderr);
			rmSync(TMP, { recursive: true, force: true });
		},
	};
}

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
	"--metrics-recording-only", "--password-store=basic", "--lang=vi-VN"];

export async function launch() {
	const { chromium } = playwright();
	// playwright-core makes a fresh, empty profile (user data dir) per launch.
	return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** The screens every page is tried on: a desktop, and a phone held in one
 * hand. */
export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/**
 * A page that records what goes wrong: console errors and warnings, page
 * errors (uncaught exceptions, CSP violations), requests that failed and
 * answers >= 400.  API problems the application handles on purpose are
 * allowed through page.allow(method, pathRegExp, status) (and a few the
 * application causes every time: the session check before signing in, the
 * probe of optional list filters, the dashboard's figures route on a
 * server that lacks it).  page.check() asserts nothing else happened.
 */
export async function newPage(browser, base, opts = {}) {
	const ctx = await browser.newContext({
		viewport: opts.viewport ?? (opts.phone ? PHONE : DESKTOP),
		deviceScaleFactor: 1,
		isMobile: !!opts.phone,
		hasTouch: !!opts.phone,
		locale: "vi-VN",
		timezoneId: "Asia/Ho_Chi_Minh",
		acceptDownloads: true,
	});
	ctx.setDefaultTimeout(15000);
	const page = await ctx.newPage();
	const problems = [];
	const allowed = [
		["GET", /^\/api\/v1\/session$/, 401],
		["GET", /^\/api\/v1\/members\?limit=1&ethnicity=Kinh&age_band=30-39&admitted_year=2000$/, 400],
		// The same probe as an account that may not filter by personal data.
		["GET", /^\/api\/v1\/members\?limit=1&ethnicity=Kinh&age_band=30-39&admitted_year=2000$/, 403],
		["GET", /^\/api\/v1\/orgs\/\d+\/stats$/, 404],
		...(opts.allow ?? []),
	];
	const failedUrls = new Set();
	page.allow = (method, re, status) => allowed.push([method, re, status]);
	page.on("console", (m) => {
		if (m.type() !== "error" && m.type() !== "warning")
			return;
		// "Failed to load resource: ... status of 4xx": judged with the
		// response itself below.
		if (/^Failed to load resource: the server responded with a status of \d+/.test(m.text()) &&
			failedUrls.has(m.location().url))
			return;
		problems.push(`console ${m.type()}: ${m.text()} (${m.location().url})`);
	});
	page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
	page.on("requestfailed", (r) => {
		// A navigation or fetch abandoned on purpose (a new search while
		// typing) is not a failure.
		if (r.failure()?.errorText === "net::ERR_ABORTED")
			return;
		problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
	});
	page.on("response", (r) => {
		if (r.status() < 400)
			return;
		const u = new URL(r.url());
		const path = u.pathname + u.search;
		failedUrls.add(r.url());
		const method = r.request().method();
		if (allowed.some(([m, re, s]) => m === method && re.test(path) && s === r.status()))
			return;
		problems.push(`unexpected ${r.status()}: ${method} ${path}`);
	});
	page.check = () => {
		assert.deepEqual(problems, [], "the page reported problems");
	};
	page.base = base;
	page.go = async (path) => {
		await page.goto(base + path);
		await page.waitForLoadState("networkidle");
	};
	return page;
}

/** Runs fn with a fresh page of browser on base (a desktop, or a phone
 * with { phone: true }); the page must have reported no problem at the
 * end. */
export async function withPageOf(browser, base, opts, fn) {
	const page = await newPage(browser, base, opts);
	try {
		await fn(page);
		page.check();
	} finally {
		await page.context().close();
	}
}

/**
 * What a test file needs: `chibo serve` on a fresh demo database and one
 * Chromium, started before its tests and stopped after them.  Returns
 * { server, browser, withPage(opts, fn) } (server and browser set once
 * the tests run).
 */
export function browserSuite() {
	prepare();
	const suite = {
		server: null,
		browser: null,
		withPage: (opts, fn) => withPageOf(suite.browser, suite.server.base, opts, fn),
	};
	before(async () => {
		suite.server = await startServer();
		suite.browser = await launch();
	});
	after(async () => {
		await suite.browser?.close();
		await suite.server?.stop();
	});
	return suite;
}

export async function signIn(page, role) {
	const [user, pass] = DEMO[role];
	await page.goto(page.base + "/");
	await page.getByLabel(/Tên đăng nhập|User name/).fill(user);
	await page.getByLabel(/Mật khẩu|Password/).fill(pass);
	await page.getByRole("button", { name: /Đăng nhập|Sign in/ }).click();
	await page.locator(".topbar").waitFor();
	await page.waitForLoadState("networkidle");
}

/** The page's accessibility problems that axe-core judges serious or
 * critical (labels, names, contrast, ARIA use), as readable lines. */
export async function axe(page) {
	await page.evaluate(AXE());
	const res = await page.evaluate(async () => {
		// eslint-disable-next-line no-undef
		const r = await axe.run(document, { resultTypes: ["violations"] });
		return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
			.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
	});
	return res;
}

let shotsReady = false;
/** Writes build/screenshots/NAME.png (the whole page on a desktop, the
 * first screens on a phone). */
export async function shot(page, name, opts = {}) {
	if (!shotsReady) {
		mkdirSync(SHOTS, { recursive: true });
		shotsReady = true;
	}
	await page.waitForLoadState("networkidle");
	await page.evaluate(() => document.fonts.ready);
	const vp = page.viewportSize();
	const full = opts.full ?? vp.width > 400;
	const height = await page.evaluate(() => document.documentElement.scrollHeight);
	await page.screenshot({
		path: join(SHOTS, name + ".png"),
		fullPage: full && height <= 4000,
		clip: full && height > 4000 ? { x: 0, y: 0, width: vp.width, height: 4000 } : undefined,
		animations: "disabled",
		caret: "hide",
	});
}

// --------------------------------------------------------------- the API

/** A signed-in API client (cookie + CSRF token), to change things behind
 * the browser's back. */
export async function apiClient(base, role) {
	const [username, password] = DEMO[role];
	const r = await fetch(base + "/api/v1/session", {
		method: "POST", headers: { "Content-Type": "application/json" },
		body: JSON.stringify({ username, password }),
	});
	assert.equal(r.status, 200);
	const cookie = r.headers.get("set-cookie").split(";")[0];
	const { csrf_token: csrf } = await r.json();
	const call = async (method, path, body, headers = {}) => {
		const h = { Cookie: cookie, ...headers };
		if (method !== "GET")
			h["X-CSRF-Token"] = csrf;
		if (body !== undefined && typeof body !== "string")
			h["Content-Type"] = "application/json";
		const resp = await fetch(base + "/api/v1" + path, {
			method, headers: h,
			body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
		});
		const text = await resp.text();
		return { status: resp.status, etag: resp.headers.get("etag"), headers: resp.headers,
			json: text && resp.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null, text };
	};
	return { call, get: (p) => call("GET", p).then((r) => r.json) };
}
