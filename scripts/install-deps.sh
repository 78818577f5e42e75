#!/bin/sh
# Installs the Debian 12 packages chibo needs.  Usage:
#   scripts/install-deps.sh build   # to build and run chibo
#   scripts/install-deps.sh test    # also what the tests need (PostgreSQL server, cmocka, curl, Chromium, clang-format, debhelper)
#   scripts/install-deps.sh web     # Node.js and npm for the web front end
#   scripts/install-deps.sh bench   # make bench: PostgreSQL server, wrk, nginx
#   scripts/install-deps.sh fuzz    # make fuzz: clang and libFuzzer (compiler-rt)
#   scripts/install-deps.sh deb     # make deb, make deb-check: debhelper, debootstrap, systemd-analyze
# Installs only what is missing; uses sudo when not root.
set -eu

build_pkgs="build-essential meson ninja-build pkg-config python3
libsqlite3-dev libpq-dev libmicrohttpd-dev libjansson-dev libicu-dev
libsodium-dev libzip-dev libexpat1-dev
libxlsxwriter-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core
libqrencode-dev"
test_pkgs="$build_pkgs clang clang-format libcmocka-dev libcurl4-openssl-dev
postgresql postgresql-contrib chromium poppler-utils
debhelper dpkg-dev fakeroot libssl-dev systemd strace"
web_pkgs="nodejs npm"
# nginx-light: the static-file anchor (started by bench/run.py in the
# foreground on 127.0.0.1 with its own config, never as a service).
bench_pkgs="$build_pkgs postgresql postgresql-client wrk nginx-light"
# libFuzzer is in LLVM's compiler-rt: libclang-rt-14-dev on Debian 12
# (clang's default version there).
fuzz_pkgs="$build_pkgs clang libclang-rt-14-dev"
# make deb (debhelper, dpkg-dev, fakeroot; the build dependencies of
# debian/control are build_pkgs), its test (systemd-analyze verify of the
# unit: package systemd) and make deb-check (debootstrap).
deb_pkgs="$build_pkgs debhelper dpkg-dev fakeroot libssl-dev systemd debootstrap"

case "${1:-build}" in
build) want=$build_pkgs ;;
test) want=$test_pkgs ;;
web) want=$web_pkgs ;;
bench) want=$bench_pkgs ;;
fuzz) want=$fuzz_pkgs ;;
deb) want=$deb_pkgs ;;
*) echo "usage: $0 build|test|web|bench|fuzz|deb" >&2; exit 2 ;;
esac

# Node.js installed another way (NodeSource's nodejs bundles npm, and
# conflicts with Debian's npm package): used as it is.
if [ "${1:-build}" = web ] && command -v node >/dev/null 2>&1 &&
    command -v npm >/dev/null 2>&1; then
	exit 0
fi

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "chibo: installing Debian packages:$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# The bench starts nginx and PostgreSQL itself: keep their packages from
# starting system services (Debian's policy-rc.d, only if none is set).
policy=""
if [ "${1:-build}" = bench ] && [ ! -e /usr/sbin/policy-rc.d ]; then
	policy=/usr/sbin/policy-rc.d
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
	$SUDO chmod 755 "$policy"
fi
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
	{ [ -n "$policy" ] && $SUDO rm -f "$policy"; exit 1; }
[ -n "$policy" ] && $SUDO rm -f "$policy"
exit 0
