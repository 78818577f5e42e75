#!/bin/sh
# make deb-check: installs build/deb/chibo_*.deb on a fresh Debian 12 and
# starts it, as an operator would (docs/deployment.md), in a chroot:
#   1. debootstrap --variant=minbase bookworm into build/deb-check/root
#      (from deb.debian.org; the pristine tree is kept as a tarball, so
#      later runs start from a copy without downloading it again);
#   2. apt-get install ./chibo_*.deb inside (its dependencies from the
#      mirror; postinst makes the account chibo and /var/lib/chibo);
#   3. as the account chibo: chibo init, chibo serve with the installed
#      /etc/chibo/chibo.conf on 127.0.0.1 (another port), GET /healthz and
#      the web page, chibo user add, SIGTERM;
#   4. apt-get install --reinstall: the account and the data stay;
#   5. apt-get purge: the data stays.
# Needs root (chroot, mount), debootstrap and the network.  Not part of
# make test (minutes, and downloads).  Ends with "deb-check: ok".
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=${CHIBO_DEB_CHECK_DIR:-$root/build/deb-check}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
port=${CHIBO_DEB_CHECK_PORT:-18080}

if [ "$(id -u)" -ne 0 ]; then
	echo "deb-check: needs root (chroot); try sudo make deb-check" >&2
	exit 1
fi
command -v debootstrap >/dev/null 2>&1 || "$root/scripts/install-deps.sh" deb
deb=$(ls -t "$root"/build/deb/chibo_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "deb-check: no .deb; run make deb" >&2; exit 1; }

mkdir -p "$work"
tarball=$work/bookworm-minbase.tar
chroot_dir=$work/root
pid=""
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	for m in proc dev/pts dev; do
		umount "$chroot_dir/$m" 2>/dev/null || true
	done
}
trap cleanup EXIT INT TERM
cleanup
rm -rf "$chroot_dir"
if [ ! -f "$tarball" ]; then
	echo "deb-check: debootstrap bookworm (minbase) from $mirror" >&2
	nice debootstrap --variant=minbase bookworm "$chroot_dir" "$mirror" \
		>"$work/debootstrap.log" 2>&1 || {
		tail -n 20 "$work/debootstrap.log" >&2
		exit 1
	}
	tar -C "$chroot_dir" -cf "$tarball" .
else
	mkdir -p "$chroot_dir"
	tar -C "$chroot_dir" -xf "$tarball"
fi
mount -t proc proc "$chroot_dir/proc"
mount --bind /dev "$chroot_dir/dev"
mount --bind /dev/pts "$chroot_dir/dev/pts"
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
# No service starts inside (there is no systemd running in a chroot).
printf '#!/bin/sh\nexit 101\n' >"$chroot_dir/usr/sbin/policy-rc.d"
chmod 755 "$chroot_dir/usr/sbin/policy-rc.d"
cp "$deb" "$chroot_dir/tmp/"
name=$(basename "$deb")

in_root() { chroot "$chroot_dir" /usr/bin/env -i \
	PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
	LANG=C.UTF-8 "$@"; }

echo "deb-check: apt-get install ./$name" >&2
in_root apt-get update -qq >"$work/apt.log" 2>&1
nice chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -q --no-install-recommends "/tmp/$name" curl \
	>>"$work/apt.log" 2>&1 || { tail -n 30 "$work/apt.log" >&2; exit 1; }

fail() { echo "deb-check: FAILED: $*" >&2; exit 1; }
in_root getent passwd chibo | grep -q '/var/lib/chibo:/usr/sbin/nologin' ||
	fail "no system account chibo"
[ "$(in_root stat -c '%U %a' /var/lib/chibo)" = "chibo 700" ] ||
	fail "/var/lib/chibo is not chibo's, mode 700"
in_root dpkg-query -W -f='${Conffiles}\n' chibo | grep -q /etc/chibo/chibo.conf ||
	fail "chibo.conf is not a conffile"
[ -f "$chroot_dir/lib/systemd/system/chibo.service" ] || fail "no unit"
in_root man -w chibo >/dev/null 2>&1 || [ -f "$chroot_dir/usr/share/man/man1/chibo.1.gz" ] ||
	fail "no man page"

# What chibo.service does, as the account chibo (umask 077, the state
# directory as the working directory), on another port.
as_chibo() { chroot --userspec=chibo:chibo "$chroot_dir" /usr/bin/env -i \
	PATH=/usr/bin:/bin HOME=/var/lib/chibo LANG=C.UTF-8 \
	CHIBO_LISTEN=127.0.0.1:$port "$@"; }
as_chibo sh -c 'umask 077 && cd /var/lib/chibo && chibo init' ||
	fail "chibo init as chibo"
[ "$(in_root stat -c '%U %a' /var/lib/chibo/chibo.db)" = "chibo 600" ] ||
	fail "chibo.db is not chibo's, mode 600"
# Not through the function: "$!" must be chibo itself (chroot, env and
# sh exec one another), not a subshell.
chroot --userspec=chibo:chibo "$chroot_dir" /usr/bin/env -i \
	PATH=/usr/bin:/bin HOME=/var/lib/chibo LANG=C.UTF-8 \
	CHIBO_LISTEN=127.0.0.1:$port \
	sh -c 'umask 077 && cd /var/lib/chibo && exec chibo serve' \
	>"$work/serve.out" 2>"$work/serve.err" &
pid=$!
ok=""
for _ in $(seq 1 100); do
	if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
		ok=1
		break
	fi
	sleep 0.2
done
[ -n "$ok" ] || { cat "$work/serve.err" >&2; fail "no /healthz"; }
curl -fsS "http://127.0.0.1:$port/" | grep -qi '<html' || fail "no web page"
# The command line as the account, its database from chibo.conf; the
# server sees the account at once.
as_chibo chibo org add --code DB-CHECK --name "Đảng bộ kiểm tra" \
	--kind upper_grassroots >/dev/null || fail "chibo org add as chibo"
printf 'deb-check-password-2026\n' | as_chibo chibo user add deb.admin \
	--role admin --org DB-CHECK --password-stdin >/dev/null ||
	fail "chibo user add as chibo"
curl -fsS -H 'Content-Type: application/json' \
	-d '{"username":"deb.admin","password":"deb-check-password-2026"}' \
	"http://127.0.0.1:$port/api/v1/session" | grep -q csrf_token ||
	fail "cannot sign in"
kill -TERM "$pid"
wait "$pid" || fail "chibo serve did not stop cleanly"
pid=""
grep -q 'chibo: stopped (SIGTERM)' "$work/serve.err" || fail "no clean stop"
grep -q 'chibo: access: ' "$work/serve.err" ||
	fail "no access log (CHIBO_ACCESS_LOG=1 of chibo.conf)"
echo "deb-check: served $(head -n 1 "$work/serve.out")" >&2

# Installing again (an upgrade's path through postinst): the account and
# the data stay as they are.
in_root apt-get install -y -q --reinstall "/tmp/$name" >>"$work/apt.log" 2>&1 ||
	fail "reinstall"
[ "$(in_root stat -c '%U %a' /var/lib/chibo/chibo.db)" = "chibo 600" ] ||
	fail "the reinstall changed chibo.db"
as_chibo chibo org list | grep -q DB-CHECK || fail "the data is gone"

in_root apt-get purge -y -q chibo >>"$work/apt.log" 2>&1 || fail "purge"
[ -f "$chroot_dir/var/lib/chibo/chibo.db" ] || fail "purge deleted the data"
[ ! -e "$chroot_dir/usr/bin/chibo" ] || fail "purge left the binary"
echo "deb-check: ok ($name on Debian $(cat "$chroot_dir/etc/debian_version"))"
