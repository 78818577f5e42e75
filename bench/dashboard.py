#!/usr/bin/env python3
"""The dashboard's read time (issue 15) at every level, SQLite and
PostgreSQL.

On a database holding `chibo demo --scale province` (or national) --
--db FILE (SQLite) and/or --pg URL (PostgreSQL), or made here with
--make DIR [--pg-admin URL] -- brings the schema up to date (`chibo
init`: an existing dataset may predate the evaluations), then loads,
straight into the tables with INSERT ... SELECT (the same SQL on both
engines; --skip-load: loaded by an earlier run):

- a year evaluation period at the dataset's root for each of --years
  years (default 2024 2025 2026), and an evaluation of every active
  member and of every cell in each: the earlier years all decided (about
  12 % htxs, 68 % htt, 15 % ht, 3 % kht, 2 % not classified, spread by
  id), the last one 60 % decided and the rest pending;
- a term per committee and an inspection of about 70 % of the
  organisations by their parent in the term, a 2026 self-inspection for
  about 90 % (bench/inspection.py's shape, without the recommendations);

then `chibo dashboard rebuild` (the kept figures from the records, timed)
and `chibo dashboard check`, and times GET /api/v1/dashboard?year=2026&org=X
over HTTP with an API token (one client, a warm-up request, then --runs
requests) for the dataset's root (the nation in a national dataset),
the province with most direct subordinates (a province dataset has
one), the grassroots committee with most direct subordinates and a
cell (--cpu-runs N: then N more requests each, with the server's CPU
time per request, and on PostgreSQL its backends'; --skip-rebuild: no
rebuild and check).  CHIBO_TODAY=2026-11-25.  The load ends with
ANALYZE (--analyze loaded: of the loaded tables only, as on the
national dataset, where a whole ANALYZE would read all of its 13 GB).
"""
import argparse
import hashlib
import importlib.util
import inspect
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

USER = "bench-dash"
PASSWORD = "bench-dashboard-2026"
NOW = "2026-11-25T00:00:00Z"


def run(args, input=None, timeout=7200):
    p = subprocess.run(args, capture_output=True, text=True, input=input,
                       timeout=timeout)
    if p.returncode != 0:
        raise SystemExit(f"{args}: {p.stderr}")
    return p.stdout


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def serve(chibo, db, port=None):
    """`chibo serve` on db at 127.0.0.1 (port: a free one), the judging
    date 2026-11-25, in its own process group: the process and its port
    once it accepts connections (stop it with os.killpg)."""
    port = port or free_port()
    env = dict(os.environ, CHIBO_TODAY="2026-11-25")
    srv = subprocess.Popen([chibo, "--db", db, "serve", "--listen",
                            f"127.0.0.1:{port}"], env=env,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return srv, port
        except OSError:
            if time.monotonic() > deadline:
                os.killpg(srv.pid, signal.SIGTERM)
                raise SystemExit("server did not start")
            time.sleep(0.1)


def get(port, path, token):
    t = time.monotonic()
    r = urllib.request.urlopen(urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Authorization": "Bearer " + token}), timeout=120)
    body = r.read()
    return time.monotonic() - t, body


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


class Engine:
    """Runs SQL on SQLite (the sqlite3 module) or PostgreSQL (psql)."""

    def __init__(self, sqlite=None, pg=None):
        self.sqlite, self.pg = sqlite, pg

    def script(self, sql):
        if self.sqlite:
            c = sqlite3.connect(self.sqlite)
            # A 1 GiB page cache for the bulk load (national: 11 million
            # rows into seven indexes).
            c.execute("PRAGMA cache_size = -1048576")
            c.executescript(sql)
            c.close()
        else:
            run(["psql", "-q", "-v", "ON_ERROR_STOP=1", self.pg],
                input=sql)

    def rows(self, sql):
        if self.sqlite:
            c = sqlite3.connect(self.sqlite)
            r = c.execute(sql).fetchall()
            c.close()
            return r
        out = run(["psql", "-At", "-F", "\t", self.pg, "-c", sql])
        return [tuple(line.split("\t")) for line in out.splitlines()]


LEVEL = ("CASE WHEN (x.id * 37) % 100 < 12 THEN 'htxs'"
         " WHEN (x.id * 37) % 100 < 80 THEN 'htt'"
         " WHEN (x.id * 37) % 100 < 95 THEN 'ht'"
         " WHEN (x.id * 37) % 100 < 98 THEN 'kht'"
         " ELSE 'not_classified' END")


LOADED = ("evaluation_period", "evaluation", "org_term", "inspection")


def load_sql(years, analyze_all=True):
    last = years[-1]
    out = ["BEGIN;"]
    for y in years:
        status = "'open'" if y == last else "'locked'"
        out.append(
            "INSERT INTO evaluation_period (org_id, kind, year, quarter,"
            " from_date, to_date, status, version, created_at, updated_at)"
            f" SELECT id, 'year', {y}, 0, '{y}-01-01', '{y}-12-31', {status},"
            f" 1, '{NOW}', '{NOW}' FROM org WHERE parent_id IS NULL;")
        period = ("(SELECT min(p.id) FROM evaluation_period p WHERE"
                  f" p.kind = 'year' AND p.year = {y})")
        decided = f"(x.id * 13) % 100 < 60" if y == last else "1 = 1"
        lv = f"CASE WHEN {decided} THEN {LEVEL} ELSE NULL END"
        st = f"CASE WHEN {decided} THEN 'decided' ELSE 'submitted' END"
        out.append(
            "INSERT INTO evaluation (period_id, subject, member_id,"
            " subject_org_id, score, computed_level, decided_level, status,"
            " version, created_at, updated_at)"
            f" SELECT {period}, 'member', x.id, x.org_id, 850, 'htt', {lv},"
            f" {st}, 1, '{NOW}', '{NOW}' FROM member x"
            " WHERE x.state = 'active' AND x.deleted_at IS NULL"
            " AND x.org_id IS NOT NULL;")
        out.append(
            "INSERT INTO evaluation (period_id, subject, org_id,"
            " subject_org_id, score, computed_level, decided_level, status,"
            " version, created_at, updated_at)"
            f" SELECT {period}, 'org', x.id, x.id, 850, 'htt', {lv}, {st}, 1,"
            f" '{NOW}', '{NOW}' FROM org x"
            " WHERE x.kind IN ('cell', 'grassroots_cell');")
    # Inspections (bench/inspection.py's shape, in SQL).
    out.append(
        "INSERT INTO org_term (org_id, name, starts_on, ends_on, version,"
        " created_at, updated_at) SELECT p.id, '2025–2030',"
        f" '2025-07-01', '2030-06-30', 1, '{NOW}', '{NOW}' FROM org p"
        " WHERE EXISTS (SELECT 1 FROM org o WHERE o.parent_id = p.id);")
    out.append(
        "INSERT INTO inspection (org_id, body, kind, form, subject_org_id,"
        " content_codes, decided_on, doc_no, from_on, status, version,"
        " created_at, updated_at) SELECT o.parent_id,"
        " 'inspection_commission', 'inspection', 'regular', o.id,"
        " '[\"member_duties\"]', '2026-03-01', '1-QĐ/UBKT', '2026-03-01',"
        f" 'concluded', 1, '{NOW}', '{NOW}' FROM org o"
        " WHERE o.parent_id IS NOT NULL AND (o.id * 7) % 10 < 7;")
    out.append(
        "INSERT INTO inspection (org_id, body, kind, form, subject_org_id,"
        " content_codes, decided_on, from_on, status, version, created_at,"
        " updated_at) SELECT o.id, CASE WHEN o.kind IN ('cell',"
        " 'grassroots_cell') THEN 'cell' ELSE 'committee' END,"
        " 'inspection', 'self', o.id, '[]', '2026-01-20', '2026-02-01',"
        f" 'in_progress', 1, '{NOW}', '{NOW}' FROM org o"
        " WHERE (o.id * 11) % 10 < 9;")
    out.append("COMMIT;")
    # The planner's statistics after a bulk load (as a day's writes
    # would have them); --analyze loaded: of the loaded tables only (on
    # the national dataset a whole ANALYZE reads its 13 GB).
    if analyze_all:
        out.append("ANALYZE;")
    else:
        out.extend(f"ANALYZE {t};" for t in LOADED)
    return "\n".join(out)


def cpu_ticks(pids):
    """utime + stime of the processes, in clock ticks (/proc/PID/stat)."""
    n = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                v = f.read().rsplit(")", 1)[1].split()
            n += int(v[11]) + int(v[12])
        except OSError:
            pass
    return n


def cpu_per_request(port, path, token, server_pid, eng, n):
    """The server's CPU time per request over n requests (utime + stime
    of /proc/PID/stat), with their own wall-clock percentiles; on
    PostgreSQL also the CPU of the server's backends (a local server:
    their pids from pg_stat_activity), apart and added."""
    backends = []
    if eng.pg:
        backends = [int(r[0]) for r in eng.rows(
            "SELECT pid FROM pg_stat_activity WHERE datname ="
            " current_database() AND backend_type = 'client backend'"
            " AND pid <> pg_backend_pid()")]
    hz = os.sysconf("SC_CLK_TCK")
    s0, b0 = cpu_ticks([server_pid]), cpu_ticks(backends)
    t = [get(port, path, token)[0] * 1000 for _ in range(n)]
    s1, b1 = cpu_ticks([server_pid]), cpu_ticks(backends)
    out = {"n": n, "server_cpu_ms": round((s1 - s0) * 1000 / hz / n, 2),
           "p50": round(pct(t, 50), 2), "p99": round(pct(t, 99), 2),
           "load": os.getloadavg()}
    if eng.pg:
        out["pg_backends"] = len(backends)
        out["pg_cpu_ms"] = round((b1 - b0) * 1000 / hz / n, 2)
        out["total_cpu_ms"] = round((s1 - s0 + b1 - b0) * 1000 / hz / n, 2)
    return out


def bench_one(name, chibo, db, eng, years, runs, analyze_all=True,
              skip_load=False, cpu_runs=0, skip_rebuild=False):
    res = {"engine": name, "load_start": os.getloadavg()}
    # An existing dataset may predate the evaluations' tables.
    t = time.monotonic()
    run([chibo, "--db", db, "init"])
    res["init_s"] = round(time.monotonic() - t, 1)
    t = time.monotonic()
    if skip_load:
        res["load_s"] = None
    else:
        eng.script(load_sql(years, analyze_all))
        res["load_s"] = round(time.monotonic() - t, 1)
    res["load_end"] = os.getloadavg()
    print(name, res, file=sys.stderr)
    res["evaluations"] = int(eng.rows("SELECT count(*) FROM evaluation")
                             [0][0])
    if not skip_rebuild:
        t = time.monotonic()
        res["rebuild_out"] = run([chibo, "--db", db, "dashboard",
                                  "rebuild"]).strip()
        res["rebuild_s"] = round(time.monotonic() - t, 1)
        t = time.monotonic()
        res["check_out"] = run([chibo, "--db", db, "dashboard",
                                "check"]).strip()
        res["check_s"] = round(time.monotonic() - t, 1)
    print(name, res, file=sys.stderr)

    def most(kind):
        r = eng.rows(
            "SELECT o.id, (SELECT count(*) FROM org x WHERE x.parent_id ="
            f" o.id) AS n FROM org o WHERE o.kind = '{kind}' ORDER BY n DESC"
            " LIMIT 1")
        return (int(r[0][0]), int(r[0][1])) if r else None
    root = eng.rows("SELECT id, code FROM org WHERE parent_id IS NULL"
                    " ORDER BY id LIMIT 1")[0]
    nroot = int(eng.rows("SELECT count(*) FROM org WHERE parent_id ="
                         f" {root[0]}")[0][0])
    cell = eng.rows("SELECT id FROM org WHERE kind = 'cell' ORDER BY id"
                    " LIMIT 1")[0]
    targets = {"root": (int(root[0]), nroot), "province": most("province"),
               "grassroots": most("grassroots"),
               "cell": (int(cell[0]), 0)}
    print(name, targets, file=sys.stderr)
    if not eng.rows(f"SELECT 1 FROM app_user WHERE username = '{USER}'"):
        run([chibo, "--db", db, "user", "add", USER, "--role", "office",
             "--org", root[1], "--password-stdin"], input=PASSWORD + "\n")
    token = run([chibo, "--db", db, "token", "create", USER,
                 "--expires", "0"]).strip()
    srv, port = serve(chibo, db)
    try:
        for k, v in targets.items():
            if not v:
                continue
            path = f"/api/v1/dashboard?year=2026&org={v[0]}"
            _, body = get(port, path, token)  # warm
            t = [get(port, path, token)[0] * 1000 for _ in range(runs)]
            j = json.loads(body)
            res[f"dashboard_{k}_ms"] = {
                "children": v[1], "p50": round(pct(t, 50), 2),
                "p99": round(pct(t, 99), 2), "n": runs, "bytes": len(body),
                "members_classified": j["members"]["classified"]}
            print(k, res[f"dashboard_{k}_ms"], file=sys.stderr)
            if cpu_runs:
                res[f"dashboard_{k}_cpu"] = cpu_per_request(
                    port, path, token, srv.pid, eng, cpu_runs)
                print(k, res[f"dashboard_{k}_cpu"], file=sys.stderr)
    finally:
        os.killpg(srv.pid, signal.SIGTERM)
        srv.wait(timeout=30)
    res["end"] = os.getloadavg()
    return res


def dataset_key(scale, years, pg):
    """What a --make dataset depends on: the demo's generator and the
    SQLite migrations (bench/run.py's key of its cached datasets), the
    load's SQL, the years and the PostgreSQL server."""
    spec = importlib.util.spec_from_file_location(
        "bench_run", os.path.join(os.path.dirname(os.path.abspath(
            __file__)), "run.py"))
    bench_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_run)
    h = hashlib.sha256(json.dumps(bench_run.gen_stamp(scale),
                                  sort_keys=True).encode())
    h.update(inspect.getsource(load_sql).encode())
    h.update(json.dumps([years, pg]).encode())
    return h.hexdigest()[:16]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chibo", default="build/bench-release/chibo")
    ap.add_argument("--db", help="SQLite file holding the demo")
    ap.add_argument("--pg", help="PostgreSQL URL holding the demo")
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--years", default="2024,2025,2026")
    ap.add_argument("--make", metavar="DIR",
                    help="make the datasets first: DIR/province.db (SQLite)"
                    " and, with --pg-admin, a database chibo_bench_dash")
    ap.add_argument("--pg-admin", metavar="URL",
                    help="a PostgreSQL server's admin URL (with --make)")
    ap.add_argument("--scale", default="province")
    ap.add_argument("--analyze", choices=("all", "loaded"), default="all",
                    help="after the load: ANALYZE the whole database or"
                    " only the loaded tables")
    ap.add_argument("--skip-load", action="store_true",
                    help="the evaluations are loaded already (a second"
                    " run on the same dataset)")
    ap.add_argument("--remake", action="store_true",
                    help="with --make: make the datasets even when those"
                    " of an earlier run are there for the same sources")
    ap.add_argument("--cpu-runs", type=int, default=0, metavar="N",
                    help="after each level's timed requests, N more with"
                    " the server's CPU time per request (/proc/PID/stat;"
                    " on PostgreSQL its backends' too)")
    ap.add_argument("--skip-rebuild", action="store_true",
                    help="no `dashboard rebuild` and `check` (done"
                    " already): the requests only")
    a = ap.parse_args()
    chibo = os.path.abspath(a.chibo)
    years = [int(y) for y in a.years.split(",")]
    made = key = None
    if a.make:
        os.makedirs(a.make, exist_ok=True)
        a.db = os.path.join(a.make, f"{a.scale}.db")
        # The datasets of an earlier --make run, loaded, are used again
        # when they were made from the same sources (make bench-dashboard
        # twice: the second times the reads and the rebuild alone).
        made = os.path.join(a.make, f"{a.scale}-made.json")
        pg_url = (a.pg_admin.rsplit("/", 1)[0] + "/chibo_bench_dash"
                  if a.pg_admin else None)
        key = dataset_key(a.scale, years, pg_url)
        try:
            with open(made) as f:
                again = json.load(f).get("key") == key and not a.remake
        except (OSError, ValueError):
            again = False
        if again and os.path.exists(a.db) and pg_url:
            again = bool(run(["psql", "-qAt", a.pg_admin, "-c",
                              "SELECT 1 FROM pg_database WHERE datname ="
                              " 'chibo_bench_dash'"]).strip())
        if again and os.path.exists(a.db):
            print(f"dashboard: the datasets of {made} (loaded) used again",
                  file=sys.stderr)
            a.pg = pg_url
            a.skip_load = True
            a.make = None
        elif os.path.exists(made):
            os.remove(made)
    if a.make:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(a.db + suffix):
                os.remove(a.db + suffix)
        dbs = [a.db]
        if a.pg_admin:
            run(["psql", "-q", a.pg_admin, "-c",
                 "DROP DATABASE IF EXISTS chibo_bench_dash", "-c",
                 "CREATE DATABASE chibo_bench_dash"])
            a.pg = a.pg_admin.rsplit("/", 1)[0] + "/chibo_bench_dash"
            dbs.append(a.pg)
        for db in dbs:
            run([chibo, "--db", db, "init"])
            run([chibo, "--db", db, "demo", "--scale", a.scale, "--seed",
                 "1", "--no-meetings"])
    out = []
    if a.db:
        out.append(bench_one("sqlite", chibo, a.db, Engine(sqlite=a.db),
                             years, a.runs, a.analyze == "all",
                             a.skip_load, a.cpu_runs, a.skip_rebuild))
    if a.pg:
        out.append(bench_one("pg", chibo, a.pg, Engine(pg=a.pg), years,
                             a.runs, a.analyze == "all", a.skip_load,
                             a.cpu_runs, a.skip_rebuild))
    if made and not a.skip_load:
        with open(made, "w") as f:
            json.dump({"key": key}, f)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
