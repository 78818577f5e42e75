#!/bin/bash
# make test: installs what the tests need (Chromium and Node.js for the
# browser tests included), builds the web application, builds with AddressSanitizer and
# UndefinedBehaviorSanitizer, starts a throw-away PostgreSQL on 127.0.0.1 in
# a temporary directory (stopped on exit), runs every test on both backends,
# and ends with one line "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1

scripts/install-deps.sh test || exit 1
scripts/install-deps.sh web || exit 1

builddir=${CHIBO_TEST_BUILDDIR:-build-test}
. scripts/test-lib.sh
build_tests || exit 1

# --- the other builds users and CI make: gcc optimised (what `make run`
# builds) and clang, both with -Werror, so that warnings that only appear
# at -O2 or under clang fail here too. ----------------------------------
extra_pass=0 extra_fail=0
check_build() {	# name dir CC meson-options...
	name=$1 dir=$2 cc=$3
	shift 3
	if [ ! -f "$dir/build.ninja" ]; then
		CC=$cc meson setup "$dir" "$@" >/dev/null 2>&1 || true
	fi
	mkdir -p "$dir"
	if ninja -C "$dir" >"$dir/check.log" 2>&1; then
		echo "build $name: ok"
		extra_pass=$((extra_pass + 1))
	else
		tail -n 30 "$dir/check.log"
		echo "build $name: FAILED"
		extra_fail=$((extra_fail + 1))
	fi
}
check_build gcc-O2 "${CHIBO_BUILD:-build}" "${CC:-gcc}" \
	--buildtype=debugoptimized
if command -v clang >/dev/null; then
	check_build clang build-clang clang --buildtype=debugoptimized \
	    -Dtests=false
fi

# --- the house layout (.clang-format) and the banned functions ------------
if scripts/check-format.sh >"$builddir/format.log" 2>&1 &&
    python3 tools/add-banned-include.py --check >>"$builddir/format.log" 2>&1; then
	echo "format: ok"
	extra_pass=$((extra_pass + 1))
else
	tail -n 30 "$builddir/format.log"
	echo "format: FAILED (scripts/check-format.sh --fix; tools/add-banned-include.py)"
	extra_fail=$((extra_fail + 1))
fi

# --- the web application (web/dist), which the browser tests drive ------
mkdir -p "$builddir"
if scripts/build-web.sh >"$builddir/web.log" 2>&1; then
	echo "build web: ok ($(tail -n 1 "$builddir/web.log"))"
	extra_pass=$((extra_pass + 1))
else
	tail -n 30 "$builddir/web.log"
	echo "build web: FAILED"
	extra_fail=$((extra_fail + 1))
fi

# --- PostgreSQL on 127.0.0.1, data in a temporary directory -------------
start_test_pg "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" || exit 1

# --- run ------------------------------------------------------------------
meson test -C "$builddir" --print-errorlogs --num-processes "$(nproc)" "$@"
rc=$?

python3 - "$builddir/meson-logs/testlog.json" "$extra_pass" "$extra_fail" <<'PY'
import json, sys
p, f, s = int(sys.argv[2]), int(sys.argv[3]), 0
failed = []
try:
    for line in open(sys.argv[1], encoding="utf-8"):
        t = json.loads(line)
        r = t.get("result")
        if r in ("OK", "EXPECTEDFAIL"):
            p += 1
        elif r == "SKIP":
            s += 1
        else:
            f += 1
            failed.append(t)
except OSError:
    f += 1
# What each failing test said last, again at the end: a CI that keeps
# only the tail of the output still shows why (--print-errorlogs printed
# the whole log above).
for t in failed:
    print(f"--- {t.get('name')} ({t.get('result')}): the end of its output")
    out = (t.get("stdout") or "") + (t.get("stderr") or "")
    lines = [l for l in out.splitlines() if l.strip()]
    keep = [l for l in lines if "not ok" in l or "Error" in l or "assert" in l.lower()][:12]
    for l in keep + ["..."] + lines[-25:]:
        print("  " + l[:300])
print(f"{p} passed, {f} failed" + (f", {s} skipped" if s else ""))
PY
[ "$extra_fail" -eq 0 ] || rc=1
exit $rc
