#!/usr/bin/env python3
"""chibo across a PostgreSQL restart (issue 12, finding 12).

Starts its OWN PostgreSQL in a temporary directory on a free port (as
scripts/test.sh does; the shared test server is never touched), a demo
database on it and `chibo serve`, then restarts PostgreSQL
(`pg_ctl restart -m fast`):

- an idle server's next requests are answered (200): a pooled connection
  found broken reconnects and, when nothing can run twice, runs its
  statement again (src/store/pg/backend.c retry_safe) instead of 503;
- under a small load during a restart, every acknowledged write is in the
  database afterwards, the requests that fail fail with 503 (never 500),
  and chibo answers again as soon as PostgreSQL is back.

PostgreSQL only (registered for the pg backend, so it runs in make test
when PostgreSQL is there; exit 77 without CHIBO_TEST_PG or the server
binaries).  About 30 s.
"""
import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

if not os.environ.get("CHIBO_TEST_PG"):
    print("CHIBO_TEST_PG not set: skipping the PostgreSQL restart test")
    sys.exit(77)
PGBINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                key=lambda p: int(p.split("/")[-2].split(".")[0]))
if not PGBINS or not os.path.exists(os.path.join(PGBINS[-1], "pg_ctl")):
    print("no PostgreSQL server binaries: skipped")
    sys.exit(77)
PGBIN = PGBINS[-1]


class PG:
    """A throw-away PostgreSQL of our own."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="chibo-pgrestart-")
        self.runas = []
        if os.getuid() == 0:
            # initdb refuses to run as root: Debian's postgres account.
            pw = pwd.getpwnam("postgres")
            os.chown(self.tmp, pw.pw_uid, pw.pw_gid)
            self.runas = ["runuser", "-u", "postgres", "--"]
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        self.data = os.path.join(self.tmp, "data")
        self.log = os.path.join(self.tmp, "server.log")
        self.ctl("initdb", "-D", self.data, "-U", "postgres",
                 "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self.pg_ctl("start", "-o",
                    f"-c listen_addresses=127.0.0.1 -p {self.port} "
                    f"-k {self.tmp} -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def ctl(self, prog, *args):
        p = subprocess.run(self.runas + [os.path.join(PGBIN, prog)] +
                           list(args), capture_output=True, text=True,
                           timeout=120)
        assert p.returncode == 0, (prog, args, p.stdout, p.stderr,
                                   self.server_log())
        return p

    def pg_ctl(self, action, *args):
        return self.ctl("pg_ctl", "-D", self.data, "-l", self.log, "-w",
                        *args, action)

    def restart(self):
        self.pg_ctl("restart", "-m", "fast")

    def server_log(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as f:
                return f.read()[-3000:]
        except OSError:
            return ""

    def stop(self):
        if not os.path.isdir(self.tmp):
            return
        subprocess.run(self.runas + [os.path.join(PGBIN, "pg_ctl"), "-D",
                                     self.data, "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.tmp, ignore_errors=True)


OWN = PG()
atexit.register(OWN.stop)
# apilib reads the server to make databases on at import: ours.
os.environ["CHIBO_TEST_PG"] = OWN.url

from apilib import (DEMO, Client, Server, demo_db, members_all,  # noqa: E402
                    org_by_code, run_tests, test)


class W:
    pass


def get_ok(path="/api/v1/orgs?limit=5"):
    c = Client(W.srv.port)
    c.login(*DEMO["admin"])
    r = c.get(path)
    c.close()
    return r.status


@test
def idle_server_answers_after_a_restart():
    c = Client(W.srv.port)
    c.login(*DEMO["admin"])
    assert c.get("/api/v1/orgs?limit=5").status == 200
    OWN.restart()
    # The same connection to chibo, one pooled connection to PostgreSQL.
    for _ in range(3):
        r = c.get("/api/v1/orgs?limit=5")
        assert r.status == 200, (r, W.srv.stderr()[-2000:])
    c.close()
    # Several at once: other pooled connections, each found broken.
    OWN.restart()
    statuses = []
    threads = [threading.Thread(target=lambda: statuses.append(get_ok()))
               for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert statuses == [200] * 6, statuses


@test
def a_restart_under_load_loses_nothing_acknowledged():
    stop = threading.Event()
    log = {}            # member id -> [(phone, status)] in order
    errors = []

    ready = threading.Barrier(4)

    def writer(mid, t):
        c = Client(W.srv.port)
        c.login(*DEMO["office"])
        ready.wait()
        n = 0
        while not stop.is_set():
            n += 1
            phone = "0913 %03d %03d" % (t, n % 1000)
            try:
                r = c.req("PATCH", f"/api/v1/members/{mid}",
                          {"phone": phone})
                status = r.status
                if status not in (200, 503):
                    errors.append(f"{mid} {phone}: {r} {r.body[:300]!r}")
            except OSError as e:
                errors.append(repr(e))
                status = 0
            log[mid].append((phone, status))
            when[mid].append(time.time())
            time.sleep(0.01)
        c.close()

    mids = [m["id"] for m in W.members[:3]]
    v0 = {mid: W.admin.js(f"/api/v1/members/{mid}")["version"]
          for mid in mids}
    when = {}          # member id -> the time each answer came
    for mid in mids:
        log[mid] = []
        when[mid] = []
    threads = [threading.Thread(target=writer, args=(mid, t))
               for t, mid in enumerate(mids)]
    for t in threads:
        t.start()
    # All signed in (before the restart), then writing for a while.
    ready.wait(timeout=60)
    time.sleep(0.5)
    OWN.restart()
    back = time.time()
    time.sleep(2.0)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert not errors, (errors, W.srv.stderr()[-3000:])
    for mid in mids:
        seen = log[mid]
        bad = {s for _, s in seen if s not in (200, 503)}
        assert not bad, (mid, bad, [s for _, s in seen],
                         W.srv.stderr()[-1500:])
        acked = [i for i, (_, s) in enumerate(seen) if s == 200]
        assert acked, (mid, seen)
        # Answered again once PostgreSQL was back: the tail is all 200.
        assert all(s == 200 for _, s in seen[-5:]), (mid, seen[-10:])
        m = W.admin.js(f"/api/v1/members/{mid}")
        # The last acknowledged value, or one sent after it whose answer
        # was lost with the connection; never an older one.
        after = {p for p, _ in seen[acked[-1]:]}
        assert m["phone"] in after, (mid, m["phone"], seen[-5:])
        assert m["version"] - v0[mid] >= len(acked), (m["version"], v0[mid],
                                                      len(acked))
    # Recovered at once: each writer is answered 200 again within a second
    # of PostgreSQL being back (issue 12 measured 50 ms; here it is about
    # one request's time, and the bound leaves room for a loaded machine).
    for mid in mids:
        after_back = [(t, s) for t, (_, s) in zip(when[mid], log[mid])
                      if t >= back]
        first_ok = next((t for t, s in after_back if s == 200), None)
        assert first_ok is not None, (mid, after_back[:10])
        took = first_ok - back
        print(f"     member {mid}: answered 200 again {took * 1000:.0f} ms "
              "after PostgreSQL was back")
        assert took < 1.0, (mid, took, after_back[:10])


def setup():
    W.db = demo_db("pgrestart", "7")
    W.srv = Server(W.db)
    W.admin = Client(W.srv.port)
    W.admin.login(*DEMO["admin"])
    cell = org_by_code(W.admin, "CB-VP-1")
    W.members = members_all(W.admin, f"&org={cell['id']}&sort=id")


def teardown():
    try:
        W.admin.close()
        W.srv.stop()
    finally:
        OWN.stop()


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
