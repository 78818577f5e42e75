#!/bin/bash
# make soak: the durability test (tests/api/test_durability.py) with more
# SIGKILL cycles and longer streams than `make test` runs, on SQLite and
# on a throw-away PostgreSQL (stopped on exit).  CHIBO_SOAK_CYCLES (default
# 20) kills per backend, CHIBO_SOAK_SECONDS (default 5) of writes and
# views before each.  Ends with one line "N passed, N failed".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
export CHIBO_SOAK_CYCLES=${CHIBO_SOAK_CYCLES:-20}
export CHIBO_SOAK_SECONDS=${CHIBO_SOAK_SECONDS:-5}

scripts/install-deps.sh test || exit 1
builddir=${CHIBO_TEST_BUILDDIR:-build-test}
. scripts/test-lib.sh
build_tests || exit 1

# PostgreSQL on 127.0.0.1, data in a temporary directory, with fsync (as
# a real server).
start_test_pg "-c max_connections=100" || exit 1

echo "soak: $CHIBO_SOAK_CYCLES kills per backend, ${CHIBO_SOAK_SECONDS} s of load before each"
meson test -C "$builddir" --print-errorlogs --num-processes 1 \
	--timeout-multiplier 20 api-durability-sqlite api-durability-pg
rc=$?
grep -h "kills:" "$builddir/meson-logs/testlog.txt" | sed 's/^ */soak: /'
python3 - "$builddir/meson-logs/testlog.json" <<'PY'
import json, sys
p = f = 0
for line in open(sys.argv[1], encoding="utf-8"):
    if json.loads(line).get("result") in ("OK", "EXPECTEDFAIL"):
        p += 1
    else:
        f += 1
print(f"{p} passed, {f} failed")
PY
exit $rc
