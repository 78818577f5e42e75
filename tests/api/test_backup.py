#!/usr/bin/env python3
"""`chibo backup` and `chibo restore` on one backend (argv[1]), issue 12:
a backup taken while `chibo serve` receives writes (two clients creating
members in a bounded loop) restores into an empty database, passes the
restore's checks (integrity, audit chain, figures against a recount),
holds every write acknowledged before the backup began, and carries the
SHA-256 and audit head the backup printed.  Restoring over data without
--force, and a backup over an existing file, are refused.  PostgreSQL:
skipped only when pg_dump or pg_restore is missing.
"""
import os
import re
import shutil
import sys
import threading
import time

from apilib import (BACKEND, DEMO, TMP, Client, Server, demo_db, fresh_db,
                    new_member, org_by_code, run, run_tests, sql, test)

if BACKEND == "pg" and not (shutil.which("pg_dump") and
                            shutil.which("pg_restore")):
    print("pg_dump or pg_restore missing: skipping the PostgreSQL run")
    sys.exit(77)


class Ctx:
    pass


S = Ctx()


class Writers:
    """Clients creating members until stopped (at most limit each, and
    60 s): every acknowledged id with the time of its answer."""

    def __init__(self, port, org_id, n=2, limit=400):
        self.acks = []          # (monotonic time of the answer, id)
        self.errors = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.loop,
                                         args=(port, org_id, limit))
                        for _ in range(n)]
        for t in self.threads:
            t.start()

    def loop(self, port, org_id, limit):
        c = Client(port)
        c.login(*DEMO["office"])
        end = time.monotonic() + 60
        for _ in range(limit):
            if self.stop.is_set() or time.monotonic() > end:
                break
            r = c.req("POST", "/api/v1/members",
                      new_member(org_id, "Trần Văn Ghi"))
            with self.lock:
                if r.status == 201:
                    self.acks.append((time.monotonic(), r.json()["id"]))
                else:
                    self.errors.append(r)

    def count(self):
        with self.lock:
            return len(self.acks)

    def join(self):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=120)


def wait_for(fn, timeout=60.0):
    end = time.time() + timeout
    while not fn():
        assert time.time() < end, "timed out"
        time.sleep(0.05)


def field(out, name):
    m = re.search(r"^" + name + r" (.+)$", out, re.M)
    assert m, (name, out)
    return m.group(1).strip()


@test
def backup_under_load_restores_with_every_acknowledged_write():
    db = S.db
    admin = Client(S.srv.port)
    admin.login(*DEMO["admin"])
    org_id = org_by_code(admin, "CB-VP-1")["id"]
    w = Writers(S.srv.port, org_id)
    try:
        wait_for(lambda: w.count() >= 20)
        t0 = time.monotonic()
        with w.lock:
            before = {i for at, i in w.acks}
        path = os.path.join(TMP, "under-load.backup")
        b = run("backup", path, "--db", db)
        t1 = time.monotonic()
        # The writers went on through it: answers after it ended too.
        wait_for(lambda: any(at > t1 for at, _ in list(w.acks)))
    finally:
        w.join()
    assert not w.errors, w.errors[:3]
    during = sum(1 for at, _ in w.acks if t0 <= at <= t1)
    print(f"  backup took {t1 - t0:.2f} s; {len(before)} writes "
          f"acknowledged before it, {during} during it, "
          f"{len(w.acks)} in all", flush=True)
    sha = field(b.stdout, "sha256")
    head = field(b.stdout, "audit head")
    assert re.fullmatch(r"[0-9a-f]{64}", sha), b.stdout
    assert re.fullmatch(r"\d+ [0-9a-f]{64}", head), b.stdout

    # Restored into an empty database: checked, and the same file.
    target = fresh_db("restored")
    r = run("restore", path, "--db", target)
    assert field(r.stdout, "sha256") == sha, r.stdout
    assert field(r.stdout, "integrity") == "ok", r.stdout
    assert "audit intact" in r.stdout, r.stdout
    assert "audit head " + head + "\n" in r.stdout, (head, r.stdout)
    assert "khớp khi đếm lại" in r.stdout, r.stdout
    # Every write acknowledged before the backup began is in it.
    ids = {int(x[0]) for x in sql(target, "SELECT id FROM member")}
    assert before <= ids, sorted(before - ids)[:10]
    acked = {i for _, i in w.acks}
    assert len(ids & acked) >= len(before)
    run("audit", "verify", "--db", target)
    # The restored register serves: its figures count the new members.
    n = int(sql(target, "SELECT count(*) FROM member WHERE org_id = "
                f"{org_id} AND deleted_at IS NULL")[0][0])
    assert n >= len(before)

    # Never over data: neither a second restore nor one into the live
    # database; a backup never overwrites a file.
    r = run("restore", path, "--db", target, check=False)
    assert r.returncode == 1 and "--force" in r.stderr, r
    r = run("restore", path, "--db", db, check=False)
    assert r.returncode == 1, r
    r = run("backup", path, "--db", db, check=False,
            CHIBO_LANG="en")
    assert r.returncode == 1 and "exists" in r.stderr, r
    # --force replaces it, and checks again.
    r = run("restore", path, "--force", "--db", target)
    assert field(r.stdout, "integrity") == "ok", r.stdout


@test
def not_a_backup_is_refused():
    junk = os.path.join(TMP, "junk.backup")
    with open(junk, "wb") as f:
        f.write(b"this is not a backup\n" * 100)
    target = fresh_db("junk")
    r = run("restore", junk, "--db", target, check=False)
    assert r.returncode == 1, r
    # Nothing half-made: the target is still empty.
    r = run("restore", junk, "--db", target, check=False)
    assert "--force" not in r.stderr, r


def setup():
    S.db = demo_db("backup")
    S.srv = Server(S.db)


def teardown():
    S.srv.stop()


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
