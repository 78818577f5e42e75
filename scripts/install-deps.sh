#!/bin/sh
# Installs the Debian 12 packages chibo needs.  Usage:
#   scripts/install-deps.sh build   # to build and run chibo
#   scripts/install-deps.sh test    # also what the tests need (PostgreSQL server, cmocka, curl)
#   scripts/install-deps.sh web     # Node.js and npm for the web front end
# Installs only what is missing; uses sudo when not root.
set -eu

build_pkgs="build-essential meson ninja-build pkg-config python3
libsqlite3-dev libpq-dev libmicrohttpd-dev libjansson-dev libicu-dev
libsodium-dev libzip-dev libexpat1-dev"
test_pkgs="$build_pkgs clang libcmocka-dev libcurl4-openssl-dev
libxlsxwriter-dev postgresql postgresql-contrib"
web_pkgs="nodejs npm"

case "${1:-build}" in
build) want=$build_pkgs ;;
test) want=$test_pkgs ;;
web) want=$web_pkgs ;;
*) echo "usage: $0 build|test|web" >&2; exit 2 ;;
esac

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
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
