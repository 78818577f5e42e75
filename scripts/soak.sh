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
if [ ! -f "$builddir/build.ninja" ]; then
	CC=${CC:-gcc} meson setup "$builddir" --buildtype=debug \
		-Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true \
		>/dev/null || exit 1
fi
ninja -C "$builddir" >"$builddir/ninja.log" 2>&1 || {
	tail -n 60 "$builddir/ninja.log"
	echo "0 passed, 1 failed"
	exit 1
}

# PostgreSQL on 127.0.0.1, data in a temporary directory (as scripts/test.sh).
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
pgtmp=$(mktemp -d /tmp/chibo-pg-XXXXXX)
runas=()
if [ "$(id -u)" -eq 0 ]; then
	chown postgres: "$pgtmp"
	runas=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
stop_pg() {
	"${runas[@]}" "$pgbin/pg_ctl" -D "$pgtmp/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$pgtmp"
}
trap stop_pg EXIT INT TERM
"${runas[@]}" "$pgbin/initdb" -D "$pgtmp/data" -U postgres --auth=trust \
	-E UTF8 --locale=C.UTF-8 >"$pgtmp/initdb.log" 2>&1 || {
	cat "$pgtmp/initdb.log"; echo "0 passed, 1 failed"; exit 1; }
"${runas[@]}" "$pgbin/pg_ctl" -D "$pgtmp/data" -l "$pgtmp/server.log" -w \
	-o "-c listen_addresses=127.0.0.1 -p $port -k $pgtmp -c max_connections=100" \
	start >/dev/null || { cat "$pgtmp/server.log"; echo "0 passed, 1 failed"; exit 1; }
export CHIBO_TEST_PG="postgresql://postgres@127.0.0.1:$port/postgres"

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
