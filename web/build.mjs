// Builds the web application into dist/ (or the directory given as the
// first argument): esbuild bundles src/main.tsx (TypeScript + JSX for
// Preact) and its CSS into hashed files under assets/, the dashboard's
// charts into a chunk of their own (loaded on demand), writes index.html
// from index.html with the hashed names, and a gzip sibling (FILE.gz) of
// every text file for chibo serve to send to clients that accept gzip.
// Prints each file's size and the gzipped size of what the first page
// loads.  No network: everything comes from node_modules.
//
//   node build.mjs [OUTDIR] [--dev]     (--dev: no minification, source maps)
import * as esbuild from "esbuild";
import { mkdirSync, readFileSync, readdirSync, rmSync,
	writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, constants } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const dev = args.includes("--dev");
const outdir = resolve(args.find((a) => !a.startsWith("--")) ?? join(here, "dist"));

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const result = await esbuild.build({
	absWorkingDir: here,
	entryPoints: { app: "src/main.tsx" },
	bundle: true,
	splitting: true,
	format: "esm",
	platform: "browser",
	target: ["chrome109", "firefox115", "safari15.4"],
	outdir,
	entryNames: "assets/[name]-[hash]",
	chunkNames: "assets/chunk-[hash]",
	assetNames: "assets/[name]-[hash]",
	jsx: "automatic",
	jsxImportSource: "preact",
	minify: !dev,
	sourcemap: dev ? "linked" : false,
	legalComments: "linked",
	metafile: true,
	logLevel: "warning",
	define: { "process.env.NODE_ENV": dev ? '"development"' : '"production"' },
});

// index.html: the template with the entry's script and stylesheet.
const outputs = result.metafile.outputs;
let js = null;
let css = null;
for (const [file, info] of Object.entries(outputs)) {
	if (info.entryPoint === "src/main.tsx" && file.endsWith(".js")) {
		js = "/" + relative(outdir, resolve(here, file));
		if (info.cssBundle)
			css = "/" + relative(outdir, resolve(here, info.cssBundle));
	}
}
if (js === null || css === null)
	throw new Error("build: no entry script or stylesheet in the output");
const html = readFileSync(join(here, "index.html"), "utf8")
	.replace("%APP_CSS%", css)
	.replace("%APP_JS%", js);
writeFileSync(join(outdir, "index.html"), html);
for (const f of ["favicon.svg"])
	writeFileSync(join(outdir, f), readFileSync(join(here, "public", f)));

// Precompressed siblings.
const text = /\.(html|js|css|svg|json|map|txt)$/;
function walk(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]);
}
const sizes = [];
for (const f of walk(outdir)) {
	if (!text.test(f))
		continue;
	const raw = readFileSync(f);
	const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
	if (gz.length < raw.length)
		writeFileSync(f + ".gz", gz);
	sizes.push([relative(outdir, f), raw.length, gz.length]);
}

// What the first page loads: index.html, the entry, its static imports,
// the stylesheet.
const first = new Set(["index.html", css.slice(1), js.slice(1)]);
const queue = [js.slice(1)];
while (queue.length) {
	const f = queue.pop();
	const info = outputs[relative(here, join(outdir, f))];
	for (const imp of info?.imports ?? [])
		if (imp.kind === "import-statement") {
			const rel = relative(outdir, resolve(here, imp.path));
			if (!first.has(rel)) {
				first.add(rel);
				queue.push(rel);
			}
		}
}
let firstGz = 0;
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + " KiB";
for (const [f, raw, gz] of sizes.sort()) {
	console.log(`${kb(raw)} ${kb(gz)} gz  ${f}${first.has(f) ? "  (first page)" : ""}`);
	if (first.has(f))
		firstGz += gz;
}
console.log(`web: built ${relative(process.cwd(), outdir) || "."}; first page ${kb(firstGz).trim()} gzipped`);
writeFileSync(join(outdir, "build-info.json"), JSON.stringify({
	first_page_gzip_bytes: firstGz,
	files: Object.fromEntries(sizes.map(([f, raw, gz]) => [f, { raw, gzip: gz }])),
}, null, 1) + "\n");

