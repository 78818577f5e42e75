#!/usr/bin/env python3
"""The Debian package (make deb) installed in a throw-away root and started.

Builds the .deb with scripts/build-deb.sh (into the build directory,
$CHIBO_DEB_OUT; a second run rebuilds only what changed), unpacks it with
dpkg-deb -x into a temporary directory, checks its files, its conffile and
its maintainer scripts, runs `systemd-analyze verify` on the unit (its
ExecStart pointed at the unpacked binary), then does what the unit does:
`chibo init` and `chibo serve` with the installed configuration file,
rulebook and web application, on a temporary state directory and a free
port of 127.0.0.1, with umask 077, a NOTIFY_SOCKET (Type=notify),
no_new_privs and memory-deny-write-execute, under strace.  It asks for
/healthz, the web page and the API (a sign-in, a list, PDF and Excel
exports), stops the server with SIGTERM, and checks that every system
call it made is in systemd's @system-service (SystemCallFilter=).  Skipped (77) only when the packaging tools are missing
(scripts/install-deps.sh deb, or test, installs them).  The heavier
`make deb-check` installs the package with apt in a Debian 12 chroot.
"""
import ctypes
import http.cookiejar
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import urllib.request

ROOT = os.environ.get("CHIBO_SOURCE_ROOT",
                      os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.environ.get("CHIBO_DEB_OUT", os.path.join(ROOT, "build", "deb"))

TOOLS = ["dpkg-buildpackage", "dh", "fakeroot", "dpkg-deb", "node", "npm"]


def skip(why):
    print(f"SKIP: {why}")
    sys.exit(77)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def build():
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        skip("make deb needs " + ", ".join(missing) +
             " (scripts/install-deps.sh deb; web for node, npm)")
    p = subprocess.run([os.path.join(ROOT, "scripts", "build-deb.sh"), OUT],
                       capture_output=True, text=True, timeout=3000)
    check(p.returncode == 0, f"build-deb.sh failed:\n{p.stderr[-4000:]}")
    deb = p.stdout.strip().splitlines()[-1]
    check(deb.endswith(".deb") and os.path.isfile(deb), deb)
    return deb


def field(deb, name):
    return subprocess.run(["dpkg-deb", "-f", deb, name], check=True,
                          capture_output=True, text=True).stdout.strip()


def check_contents(deb, root, ctl):
    subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    subprocess.run(["dpkg-deb", "-e", deb, ctl], check=True)
    for path in ("usr/bin/chibo", "usr/share/chibo/web/index.html",
                 "usr/share/chibo/rules/vn.json", "etc/chibo/chibo.conf",
                 "lib/systemd/system/chibo.service",
                 "usr/share/man/man1/chibo.1.gz",
                 "usr/share/doc/chibo/copyright"):
        check(os.path.isfile(os.path.join(root, path)), f"{path} missing")
    mode = os.stat(os.path.join(root, "usr/bin/chibo")).st_mode
    check(mode & stat.S_IXOTH, "chibo is not executable")
    # The rulebook is the source tree's.
    with open(os.path.join(ROOT, "rules", "vn.json"), "rb") as a, \
            open(os.path.join(root, "usr/share/chibo/rules/vn.json"),
                 "rb") as b:
        check(a.read() == b.read(), "the installed rulebook differs")
    # Runtime dependencies from the binary's libraries (shlibs).
    depends = field(deb, "Depends")
    for lib in ("libsqlite3", "libpq5", "libmicrohttpd", "libsodium",
                "adduser"):
        check(lib in depends, f"Depends lacks {lib}: {depends}")
    with open(os.path.join(ctl, "conffiles")) as f:
        check("/etc/chibo/chibo.conf" in f.read().split(),
              "chibo.conf is not a conffile")
    with open(os.path.join(ctl, "postinst")) as f:
        post = f.read()
    check("adduser --system" in post, "postinst makes no system account")
    check("deb-systemd-helper" in post, "postinst does not enable the unit")


def verify_unit(root, tmp):
    """systemd-analyze verify on the unit, ExecStart*= at the unpacked
    binary (verify checks that the command exists)."""
    if shutil.which("systemd-analyze") is None:
        print("note: no systemd-analyze (package systemd): unit not verified")
        return
    with open(os.path.join(root, "lib/systemd/system/chibo.service")) as f:
        unit = f.read()
    for opt in ("Type=notify", "User=chibo", "StateDirectory=chibo",
                "ConfigurationDirectory=chibo", "ProtectSystem=strict",
                "ProtectHome=yes", "NoNewPrivileges=yes", "PrivateTmp=yes",
                "PrivateDevices=yes", "ProtectKernelTunables=yes",
                "ProtectKernelModules=yes", "ProtectKernelLogs=yes",
                "ProtectControlGroups=yes",
                "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
                "RestrictNamespaces=yes", "LockPersonality=yes",
                "MemoryDenyWriteExecute=yes",
                "SystemCallFilter=@system-service",
                "UMask=0077"):
        check(re.search("^" + re.escape(opt) + "$", unit, re.M),
              f"the unit lacks {opt}")
    check(re.search(r"^CapabilityBoundingSet=$", unit, re.M),
          "the unit keeps capabilities")
    d = os.path.join(tmp, "unit")
    os.makedirs(d)
    path = os.path.join(d, "chibo.service")
    with open(path, "w") as f:
        f.write(unit.replace("/usr/bin/chibo",
                             os.path.join(root, "usr/bin/chibo")))
    p = subprocess.run(["systemd-analyze", "verify", "--man=no", path],
                       capture_output=True, text=True, timeout=120)
    out = (p.stdout + p.stderr).strip()
    check(p.returncode == 0 and out == "",
          f"systemd-analyze verify: exit {p.returncode}\n{out}")


PR_SET_NO_NEW_PRIVS = 38
PR_SET_MDWE = 65
PR_MDWE_REFUSE_EXEC_GAIN = 1


def harden():
    """What the unit's NoNewPrivileges= and MemoryDenyWriteExecute= do,
    for the child (preexec_fn): no_new_privs, and the kernel's
    memory-deny-write-execute (Linux 6.3+; systemd uses a seccomp filter
    to the same end).  Returns nothing; failures are noted by the
    caller."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    libc.prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0)


def mdwe_available():
    libc = ctypes.CDLL(None, use_errno=True)
    PR_GET_MDWE = 66
    return libc.prctl(PR_GET_MDWE, 0, 0, 0, 0) >= 0


def syscall_group(name):
    """The system calls of systemd's group name (@system-service), its
    nested groups expanded (systemd-analyze syscall-filter)."""
    out = subprocess.run(["systemd-analyze", "syscall-filter"],
                         capture_output=True, text=True, check=True).stdout
    groups, cur = {}, None
    for line in out.splitlines():
        if line.startswith("@"):
            cur = line.strip()
            groups[cur] = []
        elif cur and line.strip() and not line.strip().startswith("#"):
            groups[cur].append(line.strip())

    def expand(g):
        res = set()
        for x in groups.get(g, []):
            res |= expand(x) if x.startswith("@") else {x}
        return res
    return expand(name)


def syscalls_of(trace):
    used = set()
    with open(trace) as f:
        for line in f:
            m = re.match(r"\d+\s+(?:<\.\.\. )?([a-z0-9_]+)[( ]", line)
            if m:
                used.add(m.group(1))
    return used


def child_of(pid):
    """The one child of pid (strace's tracee)."""
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            kids = f.read().split()
        if kids:
            return int(kids[0])
    return None


def get(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=20) as r:
        return r.status, r.headers, r.read()


def run_installed(root, tmp):
    exe = os.path.join(root, "usr/bin/chibo")
    conf = os.path.join(root, "etc/chibo/chibo.conf")
    state = os.path.join(tmp, "var-lib-chibo")
    os.makedirs(state, mode=0o700)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("CHIBO_")}
    # The installed file, with the paths of this root (the environment
    # beats the file) and a free port.
    env.update({
        "CHIBO_CONFIG": conf,
        "CHIBO_DB": os.path.join(state, "chibo.db"),
        "CHIBO_WEB": os.path.join(root, "usr/share/chibo/web"),
        "CHIBO_RULES": os.path.join(root, "usr/share/chibo/rules/vn.json"),
        "CHIBO_LISTEN": "127.0.0.1:0",
    })
    old = os.umask(0o077)
    try:
        # ExecStartPre: create the database (and again: nothing to do).
        for _ in range(2):
            p = subprocess.run([exe, "init"], cwd=state, env=env,
                               capture_output=True, text=True, timeout=120)
            check(p.returncode == 0, f"chibo init: {p.stderr}")
        # The demo committee and its accounts, for sign-in and exports.
        p = subprocess.run([exe, "demo"], cwd=state, env=env,
                           capture_output=True, text=True, timeout=600)
        check(p.returncode == 0, f"chibo demo: {p.stderr}")
        mode = stat.S_IMODE(os.stat(os.path.join(state, "chibo.db")).st_mode)
        check(mode == 0o600, f"chibo.db has mode {mode:o}")
        # Type=notify: systemd's socket, here ours.
        sock_path = os.path.join(tmp, "notify.sock")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(sock_path)
        sock.settimeout(60)
        env["NOTIFY_SOCKET"] = sock_path
        if not mdwe_available():
            print("note: no PR_SET_MDWE in this kernel: "
                  "MemoryDenyWriteExecute not exercised")
        # SystemCallFilter=@system-service: every system call the server
        # makes (strace, when installed) must be in the group.
        trace = os.path.join(tmp, "serve.strace")
        cmd = [exe, "serve"]
        if shutil.which("strace") and shutil.which("systemd-analyze"):
            cmd = ["strace", "-f", "-qq", "-o", trace] + cmd
        else:
            print("note: no strace or systemd-analyze: the system call "
                  "filter is not checked")
        srv = subprocess.Popen(cmd, cwd=state, env=env,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               preexec_fn=harden)
    finally:
        os.umask(old)
    try:
        line = srv.stdout.readline()
        m = re.match(r"chibo: listening on (http://127\.0\.0\.1:(\d+)/)",
                     line)
        check(m, f"no listening line: {line!r}")
        base = m.group(1)
        ready = sock.recv(4096).decode()
        check("READY=1" in ready.split("\n"), f"notify: {ready!r}")
        st, _, body = get(base + "healthz")
        check(st == 200, f"/healthz: {st}")
        st, hdr, body = get(base)
        check(st == 200 and b"<html" in body.lower(), "no web page at /")
        check("text/html" in hdr.get("Content-Type", ""), hdr)
        st, _, body = get(base + "api/v1/openapi.json")
        check(st == 200 and "paths" in json.loads(body), "no OpenAPI")
        # CHIBO_TRUST_PROXY=1 from the file: HSTS behind https.
        st, hdr, _ = get(base + "healthz",
                         {"X-Forwarded-Proto": "https",
                          "X-Forwarded-For": "203.0.113.9"})
        check("Strict-Transport-Security" in hdr,
              "the file's CHIBO_TRUST_PROXY=1 was not applied")
        # Under no_new_privs and memory-deny-write-execute: a sign-in
        # (Argon2id, libsodium), a list in Vietnamese order (ICU), the
        # PDF (cairo, pango, fontconfig) and Excel (a temporary file)
        # exports.
        jar = http.cookiejar.CookieJar()
        op = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar))
        req = urllib.request.Request(
            base + "api/v1/session", method="POST",
            data=json.dumps({"username": "vanphong",
                             "password": "demo-vanphong-2026"}).encode(),
            headers={"Content-Type": "application/json"})
        with op.open(req, timeout=60) as r:
            check(r.status == 200, f"sign-in: {r.status}")
        with op.open(base + "api/v1/members?limit=5", timeout=60) as r:
            check(len(json.loads(r.read())["items"]) == 5, "no members")
        for fmt, magic in (("pdf", b"%PDF"), ("xlsx", b"PK")):
            with op.open(base + f"api/v1/members/export?format={fmt}",
                         timeout=300) as r:
                body = r.read()
                check(r.status == 200 and body.startswith(magic),
                      f"{fmt} export: {r.status} {body[:40]!r}")
        # A signed-out API call: 401 problem+json, not a crash.
        try:
            get(base + "api/v1/members")
            check(False, "members without an account")
        except urllib.error.HTTPError as e:
            check(e.code == 401, f"members: {e.code}")
    finally:
        # Under strace, the server is strace's child.
        target = child_of(srv.pid) if cmd[0] == "strace" else srv.pid
        os.kill(target or srv.pid, 15)
        try:
            _, err = srv.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            srv.kill()
            _, err = srv.communicate()
        sock.close()
    check(srv.returncode == 0, f"serve exit {srv.returncode}: {err}")
    # The journal's lines: one per record, no terminal escapes.
    check("\x1b" not in err, "ANSI escapes on stderr")
    lines = err.strip().split("\n")
    check(any("chibo: access: 203.0.113.9" in l for l in lines),
          f"no access line naming the proxy's client:\n{err}")
    check(lines[-1] == "chibo: stopped (SIGTERM)", f"last line: {lines[-1]}")
    for l in lines:
        check(l.startswith("chibo: "), f"a log line of its own: {l!r}")
    check(any('"GET /api/v1/members/export" 200' in l for l in lines),
          "no export in the access log")
    if cmd[0] == "strace":
        used = syscalls_of(trace)
        check(len(used) > 20, f"strace saw {len(used)} system calls")
        outside = used - syscall_group("@system-service")
        check(not outside, "system calls outside SystemCallFilter="
              f"@system-service: {sorted(outside)}")
        print(f"ok   {len(used)} system calls, all in @system-service")


def main():
    deb = build()
    tmp = tempfile.mkdtemp(prefix="chibo-deb-")
    try:
        root = os.path.join(tmp, "root")
        check_contents(deb, root, os.path.join(tmp, "DEBIAN"))
        print("ok   contents")
        verify_unit(root, tmp)
        print("ok   systemd-analyze verify")
        run_installed(root, tmp)
        print("ok   installed chibo serves")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("3 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
