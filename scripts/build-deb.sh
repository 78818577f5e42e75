#!/bin/sh
# make deb: builds the Debian package of chibo into build/deb/ (or the
# directory given as the first argument): the web application first
# (scripts/build-web.sh), then a copy of the source tree with web/dist in
# it, packaged by dpkg-buildpackage (debian/: debhelper and meson).  The
# copy keeps its build directory, so that a second run rebuilds only what
# changed.  Prints the path of the .deb on its last line.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)

for tool in dpkg-buildpackage dh fakeroot; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		"$root/scripts/install-deps.sh" deb
		break
	fi
done
"$root/scripts/build-web.sh" >&2

version=$(dpkg-parsechangelog -l "$root/debian/changelog" -S Version)
src=$out/chibo-$version
mkdir -p "$src"
# The tree as it is (tracked or not), without builds, databases and the
# web's node_modules; web/dist comes along.  Files that are gone are
# removed from the copy, the package's build directory (obj-*) stays.
(cd "$root" && tar -cf - --exclude=./build --exclude='./build-*' \
	--exclude=./var --exclude=./web/node_modules --exclude=./.git \
	--exclude='*.db' --exclude='*.db-wal' --exclude='*.db-shm' \
	--exclude=__pycache__ .) | (cd "$src" &&
	find . -mindepth 1 -maxdepth 1 ! -name 'obj-*' ! -name debian \
		-exec rm -rf {} + && rm -rf debian && tar -xf -)
cd "$src"
# -b: binary only; -nc: no clean (the kept build directory); -us -uc: not
# signed.  The build's own output goes to build.log.
nice dpkg-buildpackage -b -nc -us -uc >"$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	echo "chibo: dpkg-buildpackage failed (log: $out/build.log)" >&2
	exit 1
}
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
deb=$out/chibo_${version}_${arch}.deb
test -f "$deb"
echo "$deb"
