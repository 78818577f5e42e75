#!/usr/bin/env python3
"""The dashboard's server CPU per request (issue 15), beside its wall
clock, on a dataset bench/dashboard.py has loaded (its account
bench-dash exists there).

    python3 bench/dashboard-cpu.py --chibo build-rel/chibo --db DB \
        --org 1 --org 2 [--save DIR]

Serves DB (SQLite file or PostgreSQL URL, CHIBO_TODAY=2026-11-25), makes
an API token, then for each --org: one warm-up request, --cpu-runs
requests timed by the server's utime + stime (/proc/PID/stat, every
thread), then --runs requests timed on the wall clock (one client, one
request at a time): CPU ms per request, p50, p99, the answer's size.
On PostgreSQL the CPU of the server's backends (the sessions of the
database in pg_stat_activity, read in /proc: the server must be local)
is given apart (pg_cpu_ms).  --save DIR writes each answer (DIR/ORG.json, keys sorted) to compare two
builds' answers (diff -r).  The load average is printed before and
after.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from dashboard import serve  # bench/dashboard.py

USER = "bench-dash"


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 (1-based), 12 and 13 here.
    return int(fields[11]) + int(fields[12])


def pg_backends(url):
    """The pids of the sessions of url's database (a local server)."""
    db = url.rsplit("/", 1)[1].split("?")[0]
    out = subprocess.run(
        ["psql", "-At", url, "-c", "SELECT pid FROM pg_stat_activity"
         f" WHERE datname = '{db}' AND pid <> pg_backend_pid()"],
        capture_output=True, text=True, check=True).stdout.split()
    return [int(x) for x in out]


def pg_ticks(pids):
    n = 0
    for pid in pids:
        try:
            n += cpu_ticks(pid)
        except OSError:
            pass
    return n


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chibo", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--org", type=int, action="append", required=True)
    ap.add_argument("--year", type=int, default=2026)
    ap.add_argument("--cpu-runs", type=int, default=300)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--save", metavar="DIR")
    a = ap.parse_args()
    chibo = os.path.abspath(a.chibo)
    token = subprocess.run(
        [chibo, "--db", a.db, "token", "create", USER, "--expires", "0"],
        capture_output=True, text=True, check=True).stdout.strip()
    srv, port = serve(chibo, a.db, a.port)
    hz = os.sysconf("SC_CLK_TCK")
    out = {"db": a.db, "chibo": chibo, "load_start": os.getloadavg()}
    try:

        def get(path):
            t = time.monotonic()
            r = urllib.request.urlopen(urllib.request.Request(
                f"http://127.0.0.1:{port}{path}",
                headers={"Authorization": "Bearer " + token}), timeout=120)
            body = r.read()
            return time.monotonic() - t, body

        for org in a.org:
            path = f"/api/v1/dashboard?year={a.year}&org={org}"
            _, body = get(path)
            pids = pg_backends(a.db) if a.db.startswith("postgres") else []
            c0, p0 = cpu_ticks(srv.pid), pg_ticks(pids)
            for _ in range(a.cpu_runs):
                get(path)
            c1, p1 = cpu_ticks(srv.pid), pg_ticks(pids)
            t = [get(path)[0] * 1000 for _ in range(a.runs)]
            r = {"cpu_ms": round((c1 - c0) * 1000 / hz / a.cpu_runs, 2),
                 "p50": round(pct(t, 50), 2), "p99": round(pct(t, 99), 2),
                 "bytes": len(body), "children":
                 len(json.loads(body)["children"])}
            if pids:
                r["pg_cpu_ms"] = round((p1 - p0) * 1000 / hz / a.cpu_runs,
                                       2)
            out[str(org)] = r
            print(org, r, file=sys.stderr)
            if a.save:
                os.makedirs(a.save, exist_ok=True)
                with open(os.path.join(a.save, f"{org}.raw"), "wb") as f:
                    f.write(body)
                with open(os.path.join(a.save, f"{org}.json"), "w") as f:
                    json.dump(json.loads(body), f, sort_keys=True,
                              indent=1, ensure_ascii=False)
    finally:
        os.killpg(srv.pid, signal.SIGTERM)
        srv.wait(timeout=30)
    out["load_end"] = os.getloadavg()
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
