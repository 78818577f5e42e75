# Sourced by scripts/test.sh and scripts/soak.sh (bash): the sanitizer
# build of the tests and a throw-away PostgreSQL.

# Builds $builddir (made with AddressSanitizer and UndefinedBehaviorSanitizer
# if new); prints the build's end and "0 passed, 1 failed" on failure.
build_tests() {
	if [ ! -f "$builddir/build.ninja" ]; then
		CC=${CC:-gcc} meson setup "$builddir" --buildtype=debug \
			-Db_sanitize=address,undefined -Db_lundef=false \
			-Dwerror=true >/dev/null || return 1
	fi
	ninja -C "$builddir" >"$builddir/ninja.log" 2>&1 || {
		tail -n 60 "$builddir/ninja.log"
		echo "0 passed, 1 failed"
		return 1
	}
}

# Starts PostgreSQL on 127.0.0.1 and a free port, its data in a temporary
# directory removed on exit, with the server options "$1" added; exports
# CHIBO_TEST_PG.  initdb refuses to run as root: then Debian's postgres
# account runs it.
start_test_pg() {
	pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	pgtmp=$(mktemp -d /tmp/chibo-pg-XXXXXX)
	runas=()
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$pgtmp"
		runas=(runuser -u postgres --)
	fi
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	trap stop_test_pg EXIT INT TERM
	"${runas[@]}" "$pgbin/initdb" -D "$pgtmp/data" -U postgres \
		--auth=trust -E UTF8 --locale=C.UTF-8 >"$pgtmp/initdb.log" 2>&1 || {
		cat "$pgtmp/initdb.log"; echo "0 passed, 1 failed"; return 1; }
	"${runas[@]}" "$pgbin/pg_ctl" -D "$pgtmp/data" -l "$pgtmp/server.log" -w \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $pgtmp $1" \
		start >/dev/null || {
		cat "$pgtmp/server.log"; echo "0 passed, 1 failed"; return 1; }
	export CHIBO_TEST_PG="postgresql://postgres@127.0.0.1:$port/postgres"
}

stop_test_pg() {
	"${runas[@]}" "$pgbin/pg_ctl" -D "$pgtmp/data" -m immediate stop \
		>/dev/null 2>&1
	rm -rf "$pgtmp"
}
