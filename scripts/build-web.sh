#!/bin/sh
# Builds the web application (web/) into web/dist, or into the directory
# given as the first argument: installs Node.js and npm from Debian when
# they are missing (scripts/install-deps.sh web), installs the packages of
# web/package-lock.json with `npm ci` only when node_modules is missing or
# older than the lock file, then writes the API's types from
# src/http/openapi.json (web/gen-api-types.mjs: web/src/api-types.ts, not
# committed), type-checks (tsc --noEmit) and bundles (esbuild; gzip
# siblings for chibo serve) unless the output is newer than every source.  Called by `make run` and by
# the browser tests.  Everything comes from the npm registry's packages
# pinned in the lock file; nothing is fetched at run time.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/web/dist}

cd "$root/web"
# Up to date: nothing the build reads is newer than what it wrote last
# (so that `make run` starts at once when nothing changed).
info=$out/build-info.json
if [ -f "$info" ] && [ -f node_modules/.package-lock.json ] &&
    [ -z "$(find src public index.html build.mjs gen-api-types.mjs \
    tsconfig.json package.json package-lock.json \
    node_modules/.package-lock.json ../src/http/openapi.json \
    -newer "$info" -print -quit)" ]; then
	echo "web: $out is up to date"
	exit 0
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	"$root/scripts/install-deps.sh" web
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
	echo "chibo: the web build needs Node.js 18 or later (found $(node --version))" >&2
	exit 1
fi

stamp=node_modules/.package-lock.json	# written by npm after each install
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] ||
    [ package.json -nt "$stamp" ]; then
	echo "chibo: installing the web packages (npm ci)" >&2
	npm ci --no-audit --no-fund --loglevel=error
	touch "$stamp"
fi
node gen-api-types.mjs
node_modules/.bin/tsc --noEmit -p .
node build.mjs "$out"
