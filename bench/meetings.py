#!/usr/bin/env python3
"""The meetings figures (issue 13), bounded: a dataset of `chibo demo
--scale S` (province by default; national if you can wait), 12 months of
meetings for every cell bulk-loaded straight into SQLite (a regular
meeting a month, a combined one each quarter's third month, a few missed
months, short meetings and absences; one attendance row per member of
the cell, on the roll as official), the kept check computed once
(`chibo check meetings --refresh`, timed), then over HTTP with an API
token: the check of the largest province (counts and first page), of the
whole dataset, and the heat map of a grassroots committee, each run N
times -- p50 and p99 -- with the load average at the start and end.

    python3 bench/meetings.py --chibo build-rel/chibo --scale province

Writes its JSON to stdout (and --out FILE).  Every step is bounded
(subprocess timeouts); nothing is left running.  With --dir DIR the
dataset is kept there, and a later run with the same DIR times the reads
again without remaking it (the national one takes about 45 minutes to
make on a 2-core machine: make it once, time it when the machine is
quiet).  A dataset kept by this version records what it was made from
(the demo's generator and the migrations, as bench/run.py keys its
datasets, and the meetings' load): when that changed, it is made again
(`make bench-meetings` keeps its province in build/bench-data/meetings).
"""
import argparse
import hashlib
import importlib.util
import inspect
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

USER, PASSWORD = "bench-mchk", "bench-mchk-2026-password"


def log(msg):
    print(f"[meetings] {msg}", file=sys.stderr, flush=True)


def run(args, timeout=1800, input=None):
    p = subprocess.run(args, capture_output=True, text=True,
                       timeout=timeout, input=input)
    if p.returncode != 0:
        raise SystemExit(f"{args}: {p.stderr[-2000:]}")
    return p.stdout


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(port, path, token):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                 headers={"Authorization": "Bearer " + token})
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as r:
        body = r.read()
        assert r.status == 200, r.status
    return time.perf_counter() - t, body


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def load_meetings(db, year, seed):
    """12 months of meetings for every cell (by the months of year),
    bulk-loaded in one transaction; returns (meetings, rows)."""
    rng = random.Random(seed)
    c = sqlite3.connect(db)
    cells = [r[0] for r in c.execute(
        "SELECT id FROM org WHERE kind IN ('cell', 'grassroots_cell')")]
    members = {}
    for mid, org in c.execute("SELECT id, org_id FROM member"
                              " WHERE state = 'active'"):
        members.setdefault(org, []).append(mid)
    now = "2026-12-01T00:00:00Z"
    mid = c.execute("SELECT coalesce(max(id), 0) FROM meeting").fetchone()[0]
    meetings, rows = [], []
    n_meetings = n_rows = 0

    def flush():
        # Written a batch of cells at a time, in the one transaction, so
        # that the nation's 60 million rows never sit in memory at once.
        nonlocal n_meetings, n_rows
        c.executemany("INSERT INTO meeting (id, org_id, kind, starts_at,"
                      " ends_at, place, topic, status, recorded_by, version,"
                      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
                      " ?, ?, 1, ?, ?)", meetings)
        c.executemany("INSERT INTO meeting_attendance (meeting_id, member_id,"
                      " status, reason, roll, recorded_by, recorded_at)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        n_meetings += len(meetings)
        n_rows += len(rows)
        meetings.clear()
        rows.clear()

    c.execute("BEGIN")
    for i, cell in enumerate(cells):
        skip = rng.randrange(12) if rng.random() < 0.3 else -1
        short = rng.randrange(12) if rng.random() < 0.2 else -1
        ms = members.get(cell, [])
        for m in range(1, 13):
            if m == skip and m % 3:
                continue
            kind = "combined" if m % 3 == 0 else "regular"
            dur = 75 if m == short else (150 if kind == "combined" else 120)
            day = 3 + rng.randrange(10)
            start = f"{year}-{m:02d}-{day:02d}T07:00:00Z"
            h, mi = divmod(7 * 60 + dur, 60)
            end = f"{year}-{m:02d}-{day:02d}T{h:02d}:{mi:02d}:00Z"
            mid += 1
            meetings.append((mid, cell, kind, start, end, "Hội trường",
                             "Chuyên đề" if kind != "regular" else None,
                             "held", "bench", now, now))
            for x in ms:
                r = rng.random()
                st = ("absent_unexcused" if r < 0.02 else
                      "absent_excused" if r < 0.05 else "present")
                rows.append((mid, x, st, "Ốm" if st == "absent_excused"
                             else None, "official", "bench", now))
        if i % 2000 == 1999:
            flush()
    flush()
    c.execute("COMMIT")
    c.close()
    return n_meetings, n_rows, len(cells)


def dataset_key(scale):
    """What a kept dataset depends on: bench/run.py's key of its cached
    datasets (the demo's generator, the migrations) and the load."""
    spec = importlib.util.spec_from_file_location(
        "bench_run", os.path.join(os.path.dirname(os.path.abspath(
            __file__)), "run.py"))
    bench_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_run)
    h = hashlib.sha256(json.dumps(bench_run.gen_stamp(scale),
                                  sort_keys=True).encode())
    h.update(inspect.getsource(load_meetings).encode())
    return h.hexdigest()[:16]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chibo", default="build-rel/chibo")
    ap.add_argument("--scale", default="province")
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--out")
    ap.add_argument("--dir", help="keep the dataset in DIR (made if"
                    " missing; a finished one found there is reused: the"
                    " timed reads alone run again)")
    a = ap.parse_args()
    chibo = os.path.abspath(a.chibo)
    if a.dir:
        work = os.path.abspath(a.dir)
        os.makedirs(work, exist_ok=True)
    else:
        work = tempfile.mkdtemp(prefix="chibo-bench-mchk-")
    db = os.path.join(work, "b.db")
    done = os.path.join(work, "done.json")
    env_today = dict(os.environ, CHIBO_TODAY="2026-12-07")
    res = {"scale": a.scale, "load_start": os.getloadavg()}
    key = dataset_key(a.scale)
    if a.dir and os.path.exists(done):
        with open(done) as f:
            kept = json.load(f).get("key")
        # Only a dataset that recorded its key (made by this version) is
        # ever removed here: an older one is used as it is.
        if kept is not None and kept != key:
            log(f"{work}: made from other sources; making it again")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            os.remove(done)
    if a.dir and os.path.exists(done):
        with open(done) as f:
            res.update(json.load(f))
        res["reused"] = True
        log(f"reusing the dataset of {work}")
    else:
        if os.path.exists(db):
            raise SystemExit(f"{db}: an unfinished dataset; remove it")
        run([chibo, "--db", db, "init"])
        t = time.monotonic()
        run([chibo, "--db", db, "demo", "--scale", a.scale], timeout=3600)
        res["demo_s"] = round(time.monotonic() - t, 1)
        t = time.monotonic()
        res["meetings"], res["attendance_rows"], res["cells"] = \
            load_meetings(db, 2026, 1)
        res["bulk_load_s"] = round(time.monotonic() - t, 1)
        log(f"loaded {res['meetings']} meetings,"
            f" {res['attendance_rows']} rows")
        t = time.monotonic()
        p = subprocess.run([chibo, "--db", db, "check", "meetings",
                            "--year", "2026", "--refresh"],
                           capture_output=True, text=True, timeout=3600,
                           env=env_today)
        assert p.returncode == 0, p.stderr
        res["refresh_s"] = round(time.monotonic() - t, 1)
        res["refreshed"] = p.stdout.strip()
    c = sqlite3.connect(db)
    root = c.execute("SELECT id, code FROM org WHERE parent_id IS NULL"
                     " ORDER BY id LIMIT 1").fetchone()
    prov = c.execute(
        "SELECT o.id FROM org o WHERE o.kind = 'province' ORDER BY"
        " (SELECT count(*) FROM org x WHERE x.path >= o.path AND"
        " x.path < substr(o.path, 1, length(o.path) - 1) || '0') DESC"
        " LIMIT 1").fetchone()
    unit = c.execute(
        "SELECT o.id FROM org o WHERE o.kind = 'grassroots' ORDER BY"
        " (SELECT count(*) FROM org x WHERE x.parent_id = o.id) DESC"
        " LIMIT 1").fetchone()
    res["findings"] = c.execute("SELECT count(*) FROM meeting_finding"
                                ).fetchone()[0]
    # A cell with meetings, and its latest held meeting (its list, its
    # minutes PDF).
    cell = c.execute("SELECT org_id, max(id) FROM meeting WHERE status ="
                     " 'held' GROUP BY org_id ORDER BY org_id LIMIT 1"
                     ).fetchone()
    c.close()
    if a.dir and not res.get("reused"):
        with open(done, "w") as f:
            json.dump(dict({k: res[k] for k in (
                "demo_s", "meetings", "attendance_rows", "cells",
                "bulk_load_s", "refresh_s", "refreshed")}, key=key), f)
    if not res.get("reused"):  # a reused dataset has the account
        run([chibo, "--db", db, "user", "add", USER, "--role", "office",
             "--org", root[1], "--password-stdin"], input=PASSWORD + "\n")
    token = run([chibo, "--db", db, "token", "create", USER, "--expires",
                 "0"]).strip()
    port = free_port()
    srv = subprocess.Popen([chibo, "--db", db, "serve", "--listen",
                            f"127.0.0.1:{port}"], env=env_today,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("server did not start")
                time.sleep(0.1)
        paths = {
            "check_nation_ms": f"/api/v1/checks/meetings?year=2026"
                               f"&org={root[0]}",
            "heatmap_grassroots_ms":
                f"/api/v1/orgs/{unit[0]}/meetings/compliance?year=2026",
        }
        if cell:
            paths["cell_meetings_ms"] = \
                f"/api/v1/meetings?org={cell[0]}&limit=50"
            paths["minutes_pdf_ms"] = \
                f"/api/v1/meetings/{cell[1]}/minutes.pdf"
        if prov:
            paths["check_province_ms"] = \
                f"/api/v1/checks/meetings?year=2026&org={prov[0]}"
        for name, path in paths.items():
            get(port, path, token)  # warm
            v = [get(port, path, token)[0] * 1000 for _ in range(a.runs)]
            res[name] = {"p50": round(pct(v, 50), 2),
                         "p99": round(pct(v, 99), 2), "n": a.runs}
            log(f"{name}: {res[name]}")
    finally:
        os.killpg(srv.pid, signal.SIGTERM)
        srv.wait(timeout=30)
    res["load_end"] = os.getloadavg()
    out = json.dumps(res, indent=1)
    print(out)
    if a.out:
        with open(a.out, "w") as f:
            f.write(out + "\n")
    if not a.dir:
        for f in os.listdir(work):
            os.unlink(os.path.join(work, f))
        os.rmdir(work)


if __name__ == "__main__":
    main()
