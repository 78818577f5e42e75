#!/usr/bin/env python3
"""make bench: measures chibo against its anchors and writes the results.

    bench/run.py [--runs N] [--import-runs N] [--scale national|province|...]
                 [--only NAMES] [--duration S] [--no-docs | --docs FILE]
                 [--results FILE] [--docs-only]

Builds chibo and the programs of bench/ in release mode (build/bench-release),
makes the datasets it needs once (cached under build/bench-data/, made again
when the generator's sources, a migration they were made with or the seed
change; brought up to date by `chibo init` when migrations were only added;
`make bench-clean` drops them), starts a throw-away PostgreSQL server on
127.0.0.1 (settings for a bulk load, see PG_SETTINGS), and measures each
figure of docs/performance.md together with its anchor in the same run,
interleaved, --runs times (default 3; cold start 5; the imports
--import-runs times, default 1).  Merges the figures into
bench/results.json ({"runs": [...], "figures": [...]}: each figure with
the run that measured it and its earlier values; the figures not measured
now are kept as they were) and writes the generated part of
docs/performance.md from that file (between its BEGIN/END markers; the
rest of that file is written by hand).  Logs each phase's time.

--scale province (one province, about 300,000 members), test (a tiny
tree) or agency (the 500-member demo committee) check the harness itself
in minutes; their figures are not the issue's: they merge into
bench/results-SCALE.json and leave the docs alone (--docs FILE writes a
table elsewhere).
--only runs some figures: import-sqlite, import-pg, search, get, stats,
coldstart (the others keep their earlier results).
--docs-only measures nothing: the table again from the results file.

Everything it starts (PostgreSQL, chibo serve, the bare server, nginx, wrk)
listens on 127.0.0.1 only, is stopped by its process id when done, and
temporary files live under build/bench-data/work/, removed at the end.
Python 3 standard library only.
"""

import argparse
import contextlib
import datetime
import glob
import hashlib
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build", "bench-release")
DATA = os.path.join(ROOT, "build", "bench-data")
WORK = os.path.join(DATA, "work")
CHIBO = os.path.join(BUILD, "chibo")
BENCHBIN = os.path.join(BUILD, "bench")

SEED = 1
# The bench's own account (made in each work copy of the dataset): an
# office at the root sees every member, like the API's busiest user.
BENCH_USER = "bench.office"
BENCH_PASSWORD = "bench-password-2026"

# The throw-away PostgreSQL server: durability off (it is thrown away, and
# both chibo and the anchor run on the same server), WAL minimal, large
# memory for index builds, checkpoints far apart, no autovacuum (an
# explicit ANALYZE, untimed, follows each load that later queries use).
PG_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_wal_size": "16GB",
    "checkpoint_timeout": "30min",
    "shared_buffers": "1GB",
    "maintenance_work_mem": "1GB",
    "work_mem": "64MB",
    "autovacuum": "off",
    "max_connections": "100",
}

WRK_THREADS, WRK_CONNS = 2, 64


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def run(cmd, check=True, capture=True, env=None, timeout=None, input=None):
    """Runs cmd (a list); returns its stdout (text)."""
    r = subprocess.run(cmd, check=False, text=True, env=env, timeout=timeout,
                       input=input,
                       stdout=subprocess.PIPE if capture else None,
                       stderr=subprocess.PIPE if capture else None)
    if check and r.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed ({r.returncode}):\n"
                         f"{(r.stderr or '')[-3000:]}")
    return r.stdout if capture else ""


def timed(cmd, env=None):
    """Wall-clock seconds of a whole command, the CPU seconds it used
    (user + system, the command's own: not a database server's), and its
    stdout."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    out = run(cmd, env=env)
    wall = time.monotonic() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return wall, cpu, out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_busy(interval=1.0):
    """The fraction of the machine's CPU time spent busy over interval."""
    def snap():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v), v[3] + v[4]          # total, idle + iowait
    t0, i0 = snap()
    time.sleep(interval)
    t1, i1 = snap()
    return 1 - (i1 - i0) / max(1, t1 - t0)


BUSY = []
QUIET_WAIT = 60


def wait_quiet(what, limit=0.2, max_wait=None):
    """Waits (up to max_wait s) until other work on the machine uses less
    than limit of its CPU, so that a figure is not measured while something
    else runs; records what it saw."""
    if max_wait is None:
        max_wait = QUIET_WAIT
    t0 = time.monotonic()
    busy = cpu_busy()
    while busy > limit and time.monotonic() - t0 < max_wait:
        busy = cpu_busy(2.0)
    BUSY.append({"before": what, "busy": round(busy, 2),
                 "waited_s": round(time.monotonic() - t0)})
    if busy > limit:
        log(f"{what}: the machine is {busy:.0%} busy with other work; "
            "measuring anyway")
    return busy


def median(v):
    return statistics.median(v) if v else None


def spread(v):
    """(max - min) / median, as a fraction."""
    if not v or len(v) < 2 or not median(v):
        return 0.0
    return (max(v) - min(v)) / median(v)


# --------------------------------------------------------------- build

def build():
    if not os.path.exists(os.path.join(BUILD, "build.ninja")):
        log("configuring the release build (build/bench-release)")
        run(["meson", "setup", BUILD, "--buildtype=release", "-Dbench=true",
             "-Dtests=false"], capture=True)
    else:
        run(["meson", "configure", BUILD, "-Dbench=true", "-Dtests=false"])
    log("building (release)")
    out = subprocess.run(["ninja", "-C", BUILD], text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if out.returncode != 0:
        raise SystemExit("bench: the release build failed:\n"
                         + out.stdout[-4000:])


def chibo(*args, db=None, check=True, input=None):
    cmd = [CHIBO] + (["--db", db] if db else []) + list(args)
    return run(cmd, check=check, input=input)


# ------------------------------------------------------------- machine

def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    commit = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                 check=False).strip() or "?"
    dirty = run(["git", "-C", ROOT, "status", "--porcelain", "--",
                 "src", "meson.build", "scripts"], check=False).strip()
    return {
        "nproc": os.cpu_count(),
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "kernel": os.uname().release,
        "date": datetime.datetime.now(datetime.timezone.utc)
        .strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit + ("+uncommitted" if dirty else ""),
        "sqlite": sqlite3.sqlite_version,
    }


# ----------------------------------------------------------- PostgreSQL

class Postgres:
    """A throw-away server on 127.0.0.1 in a temporary directory."""

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                      key=lambda p: [int(x) for x in re.findall(r"\d+", p)])
        if not bins:
            raise SystemExit("bench: no PostgreSQL server "
                             "(scripts/install-deps.sh bench)")
        self.bin = bins[-1]
        self.dir = tempfile.mkdtemp(prefix="chibo-bench-pg-", dir="/tmp")
        self.port = free_port()
        self.runas = []
        if os.getuid() == 0:        # initdb refuses root
            shutil.chown(self.dir, "postgres", "postgres")
            self.runas = ["runuser", "-u", "postgres", "--"]
        self.version = os.path.basename(os.path.dirname(self.bin))

    def start(self):
        data = os.path.join(self.dir, "data")
        run(self.runas + [f"{self.bin}/initdb", "-D", data, "-U", "postgres",
                          "--auth=trust", "-E", "UTF8",
                          "--locale=C.UTF-8"])
        opts = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir}"
        for k, v in PG_SETTINGS.items():
            opts += f" -c {k}={v}"
        run(self.runas + [f"{self.bin}/pg_ctl", "-D", data, "-l",
                          os.path.join(self.dir, "server.log"), "-w", "-o",
                          opts, "start"])
        return self

    def stop(self):
        run(self.runas + [f"{self.bin}/pg_ctl", "-D",
                          os.path.join(self.dir, "data"), "-m", "fast",
                          "stop"], check=False)
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, db="postgres"):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def psql(self, sql, db="postgres"):
        return run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                    self.url(db), "-c", sql])

    def size(self, db):
        return int(self.psql(f"SELECT pg_database_size('{db}')"))


# ------------------------------------------------------------- datasets

def gen_stamp(scale):
    """What the cached datasets were made from: the generator's sources
    (src/svc/gen*, src/svc/demo.c: the national and province demos; the
    agency demo also src/svc/demo-*.c, its meetings, evaluations...),
    the scale and the seed, and each SQLite migration by its content."""
    h = hashlib.sha256()
    files = sorted(glob.glob(os.path.join(ROOT, "src/svc/gen*.[ch]"))
                   + glob.glob(os.path.join(ROOT, "src/svc/demo.c"))
                   + (glob.glob(os.path.join(ROOT, "src/svc/demo-*.c"))
                      if scale == "agency" else []))
    for p in files:
        h.update(os.path.relpath(p, ROOT).encode())
        with open(p, "rb") as f:
            h.update(f.read())
    schema = {}
    for p in sorted(glob.glob(os.path.join(ROOT,
                                           "src/store/sqlite/schema/*.sql"))):
        with open(p, "rb") as f:
            schema[os.path.basename(p)] = \
                hashlib.sha256(f.read()).hexdigest()[:16]
    return {"scale": scale, "seed": SEED, "generator": h.hexdigest()[:16],
            "schema": schema}


def stamp_state(old, new):
    """"fresh" when the cached dataset was made from what new describes,
    "migrate" when only migrations were added since (the generator and
    every migration it was made with unchanged: `chibo init` brings it
    up to date in seconds instead of generating it again), "stale"
    otherwise."""
    if not isinstance(old, dict) or not isinstance(old.get("schema"), dict):
        return "stale"
    for k in ("scale", "seed", "generator"):
        if old.get(k) != new[k]:
            return "stale"
    for name, digest in old["schema"].items():
        if new["schema"].get(name) != digest:
            return "stale"
    return "fresh" if old["schema"] == new["schema"] else "migrate"


def demo_help():
    return run([CHIBO, "demo", "--help"], check=False)


def has_national():
    return "--scale" in demo_help()


class Dataset:
    """build/bench-data/<scale>/: orgs.db (the organisations, no member),
    members.csv (the members, as chibo exports them), full.db (everything
    loaded), stamp.json."""

    def __init__(self, scale):
        self.scale = scale
        self.dir = os.path.join(DATA, scale)
        self.orgs_db = os.path.join(self.dir, "orgs.db")
        self.csv = os.path.join(self.dir, "members.csv")
        self.full_db = os.path.join(self.dir, "full.db")
        self.stamp_file = os.path.join(self.dir, "stamp.json")

    def state(self):
        try:
            with open(self.stamp_file) as f:
                old = json.load(f)
        except (OSError, ValueError):
            return "stale"
        if not all(os.path.exists(p) for p in
                   (self.orgs_db, self.csv, self.full_db)):
            return "stale"
        return stamp_state(old, gen_stamp(self.scale))

    def make(self):
        state = self.state()
        if state == "fresh":
            log(f"dataset {self.scale}: cached in {self.dir}")
            return
        if state == "migrate":
            t0 = time.monotonic()
            for db in (self.orgs_db, self.full_db):
                chibo("init", db=db)
            with open(self.stamp_file, "w") as f:
                json.dump(gen_stamp(self.scale), f)
            log(f"dataset {self.scale}: cached in {self.dir}, brought to "
                f"the new migrations in {time.monotonic() - t0:.1f} s")
            return
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        t0 = time.monotonic()
        if self.scale == "agency":
            self._make_agency()
        else:
            self._make_national()
        with open(self.stamp_file, "w") as f:
            json.dump(gen_stamp(self.scale), f)
        log(f"dataset {self.scale}: made in {time.monotonic() - t0:.0f} s")

    def _make_agency(self):
        chibo("init", db=self.full_db)
        chibo("demo", "--seed", str(SEED), db=self.full_db)
        chibo("export", "members", "--headers", "keys", "--output", self.csv,
              db=self.full_db)
        shutil.copyfile(self.full_db, self.orgs_db)
        strip_members(self.orgs_db)

    def _make_national(self):
        log(f"dataset {self.scale}: generating (once; cached under "
            "build/bench-data/)")
        national_generate(self)


def strip_members(path):
    """Removes the members (and what points at them) from a SQLite copy."""
    db = sqlite3.connect(path)
    db.executescript("PRAGMA foreign_keys = OFF;"
                     " UPDATE app_user SET member_id = NULL;"
                     " DELETE FROM member_event; DELETE FROM member;")
    db.commit()
    db.execute("VACUUM")
    db.close()


def national_generate(ds):
    """`chibo demo --scale S`: the organisations and the members' CSV,
    then a fully loaded database, both for the same seed."""
    if "--scale" not in demo_help():
        raise SystemExit("bench: this chibo has no `demo --scale`; "
                         "`bench/run.py --scale agency` checks the harness")
    chibo("init", db=ds.orgs_db)
    log(f"dataset {ds.scale}: the organisations and the members' CSV")
    chibo("demo", "--scale", ds.scale, "--seed", str(SEED), "--orgs-only",
          "--csv", ds.csv, db=ds.orgs_db)
    chibo("init", db=ds.full_db)
    log(f"dataset {ds.scale}: the fully loaded database")
    chibo("demo", "--scale", ds.scale, "--seed", str(SEED), db=ds.full_db)


def sqlite_copy(src, dst):
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(dst + suffix)
    shutil.copyfile(src, dst)


def pg_load_orgs(pg, ds, dbname):
    """A PostgreSQL database made by `chibo init` holding the dataset's
    organisations and no member: a template for each import."""
    pg.psql(f"DROP DATABASE IF EXISTS {dbname}")
    pg.psql(f"CREATE DATABASE {dbname}")
    url = pg.url(dbname)
    chibo("init", db=url)
    if ds.scale == "agency":
        chibo("demo", "--seed", str(SEED), db=url)
        pg.psql("UPDATE app_user SET member_id = NULL;"
                " DELETE FROM member_event; DELETE FROM member;", dbname)
    else:
        national_pg_orgs(ds, url)
    pg.psql("VACUUM ANALYZE", dbname)
    pg.psql("CHECKPOINT")


def national_pg_orgs(ds, url):
    chibo("demo", "--scale", ds.scale, "--seed", str(SEED), "--orgs-only",
          db=url)


# --------------------------------------------------------------- figures

def fig(figure, value, unit, anchor, target, met, ratio=None, **extra):
    d = {"figure": figure, "value": value, "unit": unit, "anchor": anchor,
         "ratio": ratio, "target": target, "met": bool(met)}
    d.update(extra)
    return d


def rnd(x, n=3):
    return None if x is None else round(x, n)


# -------------------------------------------------------------- imports

def bench_import_sqlite(ds, runs):
    t = {"chibo": [], "anchor": []}
    cpu = {"chibo": [], "anchor": []}
    rows = 0
    for i in range(runs):
        order = ["anchor", "chibo"] if i % 2 == 0 else ["chibo", "anchor"]
        for who in order:
            db = os.path.join(WORK, f"import-{who}.db")
            sqlite_copy(ds.orgs_db, db)
            wait_quiet(f"import sqlite {who}")
            if who == "chibo":
                wall, c, _ = timed([CHIBO, "--db", db, "import", "members",
                                    ds.csv])
            else:
                wall, c, out = timed([f"{BENCHBIN}/bench-load-sqlite", db,
                                      ds.csv])
                rows = json.loads(out)["rows"]
            t[who].append(wall)
            cpu[who].append(c)
            con = sqlite3.connect(db)
            n = con.execute("SELECT count(*) FROM member").fetchone()[0]
            nidx = con.execute("SELECT count(*) FROM sqlite_master WHERE"
                               " type = 'index' AND tbl_name = 'member'"
                               ).fetchone()[0]
            con.close()
            log(f"import sqlite run {i + 1}: {who} {wall:.1f} s, CPU "
                f"{c:.1f} s ({n} rows, {nidx} indexes)")
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(db + suffix)
            if rows and n != rows:
                raise SystemExit(f"bench: {who} loaded {n} rows, not {rows}")
    return import_fig("import members CSV into SQLite, indexes included",
                      t, cpu, rows, runs,
                      "bench/load-sqlite.c: one transaction, prepared "
                      "insert, the member table's secondary indexes dropped "
                      "and built after, chibo's bulk page cache (256 MiB)")


def import_fig(name, t, cpu, rows, runs, anchor_is):
    c, a = median(t["chibo"]), median(t["anchor"])
    return fig(name, rnd(c, 2), "s", rnd(a, 2), "within 1.3 x the anchor",
               c <= 1.3 * a, ratio=rnd(c / a, 2), runs=runs,
               spread=rnd(spread(t["chibo"]), 3),
               anchor_spread=rnd(spread(t["anchor"]), 3), rows=rows,
               rows_per_s=round(rows / c), anchor_rows_per_s=round(rows / a),
               samples=[rnd(x, 2) for x in t["chibo"]],
               anchor_samples=[rnd(x, 2) for x in t["anchor"]],
               cpu_s=rnd(median(cpu["chibo"]), 2),
               anchor_cpu_s=rnd(median(cpu["anchor"]), 2),
               cpu_note="CPU seconds (user + system) of the loading process"
               " itself; on PostgreSQL the server's work is not in it",
               anchor_is=anchor_is)


def bench_import_pg(pg, ds, runs):
    """Returns the figure; leaves the last chibo import as database
    'national' (analysed) for the later figures."""
    t = {"chibo": [], "anchor": []}
    cpu = {"chibo": [], "anchor": []}
    rows = 0
    with phase("import-pg: the organisations' template"):
        pg_load_orgs(pg, ds, "orgs_tpl")
    for i in range(runs):
        order = ["anchor", "chibo"] if i % 2 == 0 else ["chibo", "anchor"]
        for who in order:
            name = f"import_{who}"
            pg.psql(f"DROP DATABASE IF EXISTS {name}")
            pg.psql(f"CREATE DATABASE {name} TEMPLATE orgs_tpl")
            pg.psql("CHECKPOINT")
            url = pg.url(name)
            wait_quiet(f"import postgresql {who}")
            if who == "chibo":
                wall, c, _ = timed([CHIBO, "--db", url, "import", "members",
                                    ds.csv])
            else:
                wall, c, out = timed([f"{BENCHBIN}/bench-load-pg", url,
                                      ds.csv])
                rows = json.loads(out)["rows"]
            t[who].append(wall)
            cpu[who].append(c)
            n = int(pg.psql("SELECT count(*) FROM member", name))
            log(f"import postgresql run {i + 1}: {who} {wall:.1f} s, client"
                f" CPU {c:.1f} s ({n} rows)")
            if rows and n != rows:
                raise SystemExit(f"bench: {who} loaded {n} rows, not {rows}")
            if who == "anchor" or i < runs - 1:
                pg.psql(f"DROP DATABASE {name}")
    pg.psql("DROP DATABASE IF EXISTS national")
    pg.psql("ALTER DATABASE import_chibo RENAME TO national")
    pg.psql("DROP DATABASE orgs_tpl")
    with phase("import-pg: VACUUM ANALYZE for the later figures"):
        pg.psql("VACUUM ANALYZE", "national")
        pg.psql("CHECKPOINT")
    return import_fig("import members CSV into PostgreSQL, indexes included",
                      t, cpu, rows, runs,
                      "bench/load-pg.c: COPY FROM STDIN (text), the "
                      "secondary indexes and the foreign key dropped and "
                      "made after, one transaction")


# ------------------------------------------------- the work copy, serve

class Work:
    """A copy of the full dataset for the reading figures (serving writes
    sessions and audit entries into it), with the bench's account."""

    def __init__(self, ds):
        self.db = os.path.join(WORK, "full.db")
        log("copying the full dataset for this run")
        sqlite_copy(ds.full_db, self.db)
        db = sqlite3.connect(self.db)
        self.root, code = db.execute(
            "SELECT id, code FROM org WHERE parent_id IS NULL"
            " ORDER BY id LIMIT 1").fetchone()
        self.count, self.max_id = db.execute(
            "SELECT count(*), max(id) FROM member WHERE deleted_at IS NULL"
            " AND state = 'active'").fetchone()
        db.close()
        self.token = make_account(self.db, code)


def make_account(db, root_code):
    chibo("user", "add", BENCH_USER, "--role", "office", "--org", root_code,
          "--password-stdin", db=db, input=BENCH_PASSWORD + "\n")
    return chibo("token", "create", BENCH_USER, "--expires", "0",
                 db=db).strip()


class Server:
    """A server process started by the bench, stopped by its pid."""

    def __init__(self, cmd, port, env=None, health="/healthz"):
        self.port = port
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=env,
                                     start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"bench: {cmd[0]} exited: "
                                 + self.proc.stderr.read().decode()[-2000:])
            if health is None:
                try:
                    socket.create_connection(("127.0.0.1", port), 0.2).close()
                    break
                except OSError:
                    pass
            elif http_get(port, health, timeout=1)[0] == 200:
                break
            if time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"bench: {cmd[0]} did not answer")
            time.sleep(0.05)

    def rss(self):
        return proc_mem(self.proc.pid)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def proc_mem(pid):
    """VmRSS and VmHWM of pid, in MB (MiB)."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                k, v = line.split(":")
                out[k] = int(v.split()[0]) / 1024
    return out.get("VmRSS", 0.0), out.get("VmHWM", 0.0)


def reset_hwm(pid):
    """Resets pid's high-water mark (VmHWM) to its current RSS (`echo 5 >
    /proc/PID/clear_refs`, Linux 4.0 and later); False if refused."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    rss, hwm = proc_mem(pid)
    return hwm <= rss + 1.0


def proc_cpu_s(pid):
    """User + system CPU seconds pid has used (/proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        v = f.read().rsplit(")", 1)[1].split()
    return (int(v[11]) + int(v[12])) / os.sysconf("SC_CLK_TCK")


def http_get(port, path, headers=None, timeout=10):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                 headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError:
        return 0, b""


def sign_in(port):
    body = json.dumps({"username": BENCH_USER,
                       "password": BENCH_PASSWORD}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/session",
                                 data=body, method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        for h in r.headers.get_all("Set-Cookie") or []:
            if h.startswith("chibo_session="):
                return h.split(";", 1)[0]
    raise SystemExit("bench: no session cookie")


def chibo_serve(db, env_extra=None):
    port = free_port()
    env = dict(os.environ)
    env.update(env_extra or {})
    return Server([CHIBO, "--db", db, "serve", "--listen",
                   f"127.0.0.1:{port}"], port, env=env)


# ---------------------------------------------------------------- search

def make_prefixes(db_path, n, seed):
    """n name prefixes drawn from real names: a random member's folded full
    name (or, one time in two, its given-name-first form) cut inside its
    last word, keeping at least one letter of it: what a user types."""
    rng = random.Random(seed)
    db = sqlite3.connect(db_path)
    max_id = db.execute("SELECT max(id) FROM member").fetchone()[0]
    out = []
    while len(out) < n:
        row = db.execute("SELECT name_fold, given_fold FROM member"
                         " WHERE id = ?", (rng.randint(1, max_id),)
                         ).fetchone()
        if row is None:
            continue
        name = row[rng.randint(0, 1)]
        cut = name.rfind(" ") + 1
        out.append(name[:rng.randint(cut + 1, len(name))])
    db.close()
    return out


COMMON_WORDS = ("van", "thi", "nguyen", "tran", "le", "anh", "minh")


def make_anyword(db_path, n, seed):
    """n any-word queries, what people type to find someone whose name
    they half remember: one in five a most common word alone ("van",
    "thi", "nguyen", ...), then from a random member's folded name its
    given name alone, its given name then family name ("anh cao"), or a
    middle word then the given name ("van anh", "thi quyen"), the last
    word cut to at least two letters one time in two."""
    rng = random.Random(seed + 1)
    db = sqlite3.connect(db_path)
    max_id = db.execute("SELECT max(id) FROM member").fetchone()[0]
    out = []
    while len(out) < n:
        kind = len(out) % 5
        if kind == 0:
            out.append(COMMON_WORDS[rng.randrange(len(COMMON_WORDS))])
            continue
        row = db.execute("SELECT name_fold FROM member WHERE id = ?",
                         (rng.randint(1, max_id),)).fetchone()
        if row is None or len(row[0].split()) < 3:
            continue
        w = row[0].split()
        q = {1: [w[-1]], 2: [w[-1], w[0]], 3: [w[1], w[-1]],
             4: [w[-1], w[0]] if rng.random() < 0.5 else [w[1], w[-1]]
             }[kind]
        if rng.random() < 0.5 and len(q[-1]) > 2:
            q[-1] = q[-1][:rng.randint(2, len(q[-1]))]
        out.append(" ".join(q))
    db.close()
    return out


def lat_json(out):
    return json.loads(out.strip().splitlines()[-1])


def match_counts(db_path, prefixes):
    """How many members each prefix matches (median, p90, p99, max)."""
    db = sqlite3.connect(db_path)
    c = []
    for p in prefixes:
        hi = p[:-1] + chr(ord(p[-1]) + 1)
        c.append(db.execute(
            "SELECT count(*) FROM member WHERE (name_fold >= ?1 AND"
            " name_fold < ?2 AND deleted_at IS NULL OR given_fold >= ?1"
            " AND given_fold < ?2 AND deleted_at IS NULL)"
            " AND deleted_at IS NULL AND state = 'active'",
            (p, hi)).fetchone()[0])
    db.close()
    c.sort()
    return {"median": median(c), "p90": c[int(0.9 * len(c))],
            "p99": c[int(0.99 * len(c))], "max": c[-1]}


SEARCH_PREFIXES = 500


def bench_search(work, pg, runs):
    prefixes = make_prefixes(work.db, SEARCH_PREFIXES, SEED)
    matches = match_counts(work.db, prefixes)
    log(f"search: {len(prefixes)} prefixes, matching {matches} members")
    pfile = os.path.join(WORK, "prefixes.txt")
    with open(pfile, "w") as f:
        f.write("\n".join(prefixes) + "\n")
    anyword = make_anyword(work.db, SEARCH_PREFIXES, SEED)
    afile = os.path.join(WORK, "anyword.txt")
    with open(afile, "w") as f:
        f.write("\n".join(anyword) + "\n")
    log(f"search: {len(anyword)} any-word queries, e.g. {anyword[:6]}")
    paths = os.path.join(WORK, "search-paths.txt")
    with open(paths, "w") as f:
        for p in prefixes:
            f.write("/api/v1/members?limit=50&q="
                    + urllib.parse.quote(p) + "\n")
    pg_url = pg.url("national") if pg is not None else None
    pg_tok = pg_token(pg) if pg is not None else None
    inproc, anchor, http, anyw, pg_pre, pg_any = [], [], [], [], [], []
    # The page alone (total=later) and its count alone (GET
    # /members/count), as the web list asks them: one after the other.
    page_pre, page_any, cnt_pre, pg_page_pre = [], [], [], []

    def alone(db, tok, f, mode):
        return lat_json(run([f"{BENCHBIN}/bench-search-chibo", db, tok, f,
                             "1"], env=dict(os.environ,
                                            BENCH_SEARCH_TOTAL=mode)))
    srv = chibo_serve(work.db)
    try:
        for i in range(runs):
            wait_quiet("search")
            a = lat_json(run([f"{BENCHBIN}/bench-search-anchor", work.db,
                              pfile, "1"]))
            c = lat_json(run([f"{BENCHBIN}/bench-search-chibo", work.db,
                              work.token, pfile, "1"]))
            h = lat_json(run([f"{BENCHBIN}/bench-http-lat", "127.0.0.1",
                              str(srv.port), paths, "1",
                              f"Authorization: Bearer {work.token}"]))
            w = lat_json(run([f"{BENCHBIN}/bench-search-chibo", work.db,
                              work.token, afile, "1"]))
            if h["non_2xx"]:
                raise SystemExit(f"bench: search over HTTP: {h['non_2xx']}"
                                 " answers were not 2xx")
            if abs(a["rows"] - c["rows"]) > 0.01:
                log(f"search: the anchor found {a['rows']} rows a call, "
                    f"chibo {c['rows']}")
            anchor.append(a)
            inproc.append(c)
            http.append(h)
            anyw.append(w)
            page_pre.append(alone(work.db, work.token, pfile, "later"))
            page_any.append(alone(work.db, work.token, afile, "later"))
            cnt_pre.append(alone(work.db, work.token, pfile, "count"))
            log(f"search run {i + 1}: the page alone p50/p99 prefix "
                f"{page_pre[-1]['p50_us']:.0f}/{page_pre[-1]['p99_us']:.0f}"
                f" us, any-word {page_any[-1]['p50_us']:.0f}/"
                f"{page_any[-1]['p99_us']:.0f} us; the prefix's count "
                f"alone {cnt_pre[-1]['p50_us']:.0f}/"
                f"{cnt_pre[-1]['p99_us']:.0f} us")
            log(f"search run {i + 1}: p50/p99 anchor {a['p50_us']:.0f}/"
                f"{a['p99_us']:.0f} us, chibo in-process {c['p50_us']:.0f}/"
                f"{c['p99_us']:.0f} us, over HTTP {h['p50_us']:.0f}/"
                f"{h['p99_us']:.0f} us, any-word in-process "
                f"{w['p50_us']:.0f}/{w['p99_us']:.0f} us")
            if pg_url is not None:
                wait_quiet("search postgresql")
                pp = lat_json(run([f"{BENCHBIN}/bench-search-chibo", pg_url,
                                   pg_tok, pfile, "1"]))
                pa = lat_json(run([f"{BENCHBIN}/bench-search-chibo", pg_url,
                                   pg_tok, afile, "1"]))
                pg_pre.append(pp)
                pg_any.append(pa)
                pg_page_pre.append(alone(pg_url, pg_tok, pfile, "later"))
                log(f"search run {i + 1} on PostgreSQL: p50/p99 prefix "
                    f"{pp['p50_us']:.0f}/{pp['p99_us']:.0f} us, any-word "
                    f"{pa['p50_us']:.0f}/{pa['p99_us']:.0f} us")
    finally:
        srv.stop()

    def m(v, k):
        return median([x[k] for x in v])

    def s(v, k):
        return rnd(spread([x[k] for x in v]), 3)

    common = dict(runs=runs, prefixes=len(prefixes),
                  members_matched=matches,
                  calls_per_run=inproc[0]["calls"],
                  rows_per_call=inproc[0]["rows"],
                  anchor_p50_us=rnd(m(anchor, "p50_us"), 1),
                  anchor_is="bench/search-anchor.c: one prepared SQLite "
                  "statement, a range on name_fold or given_fold, "
                  "ORDER BY sort_key LIMIT 50")
    out = [
        fig("name-prefix search, first 50, via the API in-process (p99)",
            rnd(m(inproc, "p99_us"), 1), "us", rnd(m(anchor, "p99_us"), 1),
            "p99 under 1000 us", m(inproc, "p99_us") < 1000,
            ratio=rnd(m(inproc, "p99_us") / m(anchor, "p99_us"), 2),
            p50_us=rnd(m(inproc, "p50_us"), 1), spread=s(inproc, "p99_us"),
            anchor_spread=s(anchor, "p99_us"), **common),
        fig("name-prefix search, first 50, over HTTP (p99)",
            rnd(m(http, "p99_us"), 1), "us", rnd(m(anchor, "p99_us"), 1),
            "p99 under 5000 us", m(http, "p99_us") < 5000,
            ratio=rnd(m(http, "p99_us") / m(anchor, "p99_us"), 2),
            p50_us=rnd(m(http, "p50_us"), 1), spread=s(http, "p99_us"),
            anchor_spread=s(anchor, "p99_us"),
            body_bytes=http[0]["body_bytes"], **common),
        fig("any-word search, first 50, via the API in-process (p99)",
            rnd(m(anyw, "p99_us"), 1), "us", None,
            "p99 under 5000 us", m(anyw, "p99_us") < 5000,
            p50_us=rnd(m(anyw, "p50_us"), 1), spread=s(anyw, "p99_us"),
            runs=runs, queries=len(anyword), query_sample=anyword[:20],
            rows_per_call=anyw[0]["rows"]),
    ]
    out += [
        fig("name-prefix search, the page alone (total=later), "
            "in-process (p99)",
            rnd(m(page_pre, "p99_us"), 1), "us", rnd(m(anchor, "p99_us"), 1),
            "p99 under 1000 us", m(page_pre, "p99_us") < 1000,
            ratio=rnd(m(page_pre, "p99_us") / m(anchor, "p99_us"), 2),
            p50_us=rnd(m(page_pre, "p50_us"), 1),
            spread=s(page_pre, "p99_us"), **common),
        fig("any-word search, the page alone (total=later), "
            "in-process (p99)",
            rnd(m(page_any, "p99_us"), 1), "us", None,
            "p99 under 5000 us", m(page_any, "p99_us") < 5000,
            p50_us=rnd(m(page_any, "p50_us"), 1),
            spread=s(page_any, "p99_us"), runs=runs),
        fig("name-prefix search, its count alone (GET /members/count), "
            "in-process (p99)",
            rnd(m(cnt_pre, "p99_us"), 1), "us", rnd(m(anchor, "p99_us"), 1),
            "—", True,
            ratio=rnd(m(cnt_pre, "p99_us") / m(anchor, "p99_us"), 2),
            p50_us=rnd(m(cnt_pre, "p50_us"), 1),
            spread=s(cnt_pre, "p99_us"), runs=runs),
    ]
    if pg_pre:
        out += [
            fig("name-prefix search, the page alone (total=later), "
                "in-process, PostgreSQL (p99)",
                rnd(m(pg_page_pre, "p99_us"), 1), "us", None,
                "p99 under 1000 us", m(pg_page_pre, "p99_us") < 1000,
                p50_us=rnd(m(pg_page_pre, "p50_us"), 1),
                spread=s(pg_page_pre, "p99_us"), runs=runs),
            fig("name-prefix search, first 50, in-process, PostgreSQL (p99)",
                rnd(m(pg_pre, "p99_us"), 1), "us", None,
                "p99 under 1000 us", m(pg_pre, "p99_us") < 1000,
                p50_us=rnd(m(pg_pre, "p50_us"), 1),
                spread=s(pg_pre, "p99_us"), runs=runs,
                rows_per_call=pg_pre[0]["rows"]),
            fig("any-word search, first 50, in-process, PostgreSQL (p99)",
                rnd(m(pg_any, "p99_us"), 1), "us", None,
                "p99 under 5000 us", m(pg_any, "p99_us") < 5000,
                p50_us=rnd(m(pg_any, "p50_us"), 1),
                spread=s(pg_any, "p99_us"), runs=runs,
                rows_per_call=pg_any[0]["rows"]),
        ]
    return out


# ------------------------------------------------------------------- wrk

WRK_LUA = """-- random member ids, generated by bench/run.py
local prefix, maxid = "%(prefix)s", %(max_id)d
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end
function init(args)
  math.randomseed(%(seed)d + tid * 7919)
  %(headers)s
end
function request()
  return wrk.format("GET", prefix .. math.random(1, maxid))
end
"""


def wrk(port, path, duration, lua=None, pid=None):
    """Runs wrk; returns req/s, latency p50/p99 (ms), non-2xx count and
    the peak RSS of pid (sampled while wrk runs)."""
    cmd = ["wrk", f"-t{WRK_THREADS}", f"-c{WRK_CONNS}", f"-d{duration}s",
           "--latency"]
    if lua:
        cmd += ["-s", lua]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    cpu0 = proc_cpu_s(pid) if pid else 0.0
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    peak = 0.0
    while p.poll() is None:
        if pid:
            with contextlib.suppress(OSError):
                peak = max(peak, proc_mem(pid)[0])
        time.sleep(0.25)
    out = p.stdout.read()
    cpu = proc_cpu_s(pid) - cpu0 if pid else None
    if p.returncode != 0:
        raise SystemExit("bench: wrk failed: " + p.stderr.read())

    def ms(s):
        v, u = re.match(r"([\d.]+)(us|ms|s)", s).groups()
        return float(v) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[u]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    n = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errs = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99,
            "non_2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errs.group(0) if errs else "",
            "peak_rss_mb": peak, "requests": n,
            "cpu_us_per_request": None if cpu is None or not n
            else cpu * 1e6 / n}


def write_lua(name, prefix, max_id, headers):
    hs = "\n  ".join(f'wrk.headers["{k}"] = "{v}"' for k, v in
                     headers.items())
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        f.write(WRK_LUA % {"prefix": prefix, "max_id": max_id, "seed": SEED,
                           "headers": hs})
    return path


# nginx's configuration up to its http block's servers (bench/scaleout.py
# shares it): in the foreground, everything under the temporary %(dir)s.
NGINX_HEAD = """daemon off;
master_process on;
worker_processes %(workers)d;
pid %(dir)s/nginx.pid;
error_log %(dir)s/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path %(dir)s/tmp;
  proxy_temp_path %(dir)s/tmp;
  fastcgi_temp_path %(dir)s/tmp;
  uwsgi_temp_path %(dir)s/tmp;
  scgi_temp_path %(dir)s/tmp;
  keepalive_requests 100000000;
"""


class Nginx:
    """nginx in the foreground on 127.0.0.1 with a temporary config,
    serving one static file; stopped by its pid."""

    CONF = NGINX_HEAD + """  server {
    listen 127.0.0.1:%(port)d;
    root %(dir)s/www;
    location / { default_type application/json; }
  }
}
"""

    def __init__(self, body):
        self.dir = tempfile.mkdtemp(prefix="nginx-", dir=WORK)
        os.makedirs(os.path.join(self.dir, "www"))
        os.makedirs(os.path.join(self.dir, "tmp"))
        with open(os.path.join(self.dir, "www", "member.json"), "wb") as f:
            f.write(body)
        # nginx's workers run as an unprivileged user when started by root.
        for p in (WORK, self.dir, os.path.join(self.dir, "www")):
            os.chmod(p, 0o755)
        os.chmod(os.path.join(self.dir, "www", "member.json"), 0o644)
        self.port = free_port()
        with open(os.path.join(self.dir, "nginx.conf"), "w") as f:
            f.write(self.CONF % {"dir": self.dir, "port": self.port,
                                 "workers": WRK_THREADS})
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.server = Server([nginx, "-c",
                              os.path.join(self.dir, "nginx.conf"), "-p",
                              self.dir, "-e",
                              os.path.join(self.dir, "error.log")],
                             self.port, health="/member.json")

    def stop(self):
        self.server.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


MEM_GET = ("server memory under the GET load, its own peak (VmHWM reset "
           "after the sign-in)")
MEM_SIGNIN = "server memory peak of a sign-in (Argon2id, by design)"


def bench_get(work, runs, duration):
    """GET /api/v1/members/{id}: chibo serve vs nginx and the bare server,
    wrk -t2 -c64, random ids over the whole register; memory of both
    servers idle and under that load."""
    # Every GET a recorded view (window 0): each load replays the same
    # ids (wrk's seeds), which the default window of 600 s would record
    # only in the first load.
    srv = chibo_serve(work.db, {"CHIBO_VIEW_WINDOW": "0"})
    bare = None
    ngx = None
    try:
        cookie = sign_in(srv.port)
        # The sign-in's own peak: Argon2id's memory cost (64 MiB, libsodium's
        # interactive limit) is reached while the password is checked,
        # before any GET; the GET load's peak is measured from here on.
        signin_rss, signin_hwm = srv.rss()
        hwm_reset = reset_hwm(srv.proc.pid)
        # The size of a member's JSON: the median of 101 random ones.
        rng = random.Random(SEED)
        sizes, body = [], b""
        for _ in range(101):
            st, b = http_get(srv.port, "/api/v1/members/%d" %
                             rng.randint(1, work.max_id), {"Cookie": cookie})
            if st == 200:
                sizes.append(len(b))
                body = b
        size = int(median(sizes))
        body = (body + b" " * size)[:size] if len(body) < size else \
            body[:size]
        idle_chibo = srv.rss()
        bare_port = free_port()
        bare = Server([f"{BENCHBIN}/bench-server-anchor", work.db,
                       str(bare_port)], bare_port, health="/members/1")
        idle_bare = bare.rss()
        idle_hwm_chibo = srv.rss()[1]
        ngx = Nginx(body)
        lua_chibo = write_lua("get-chibo.lua", "/api/v1/members/",
                              work.max_id, {"Cookie": cookie})
        lua_bare = write_lua("get-bare.lua", "/members/", work.max_id, {})
        res = {"chibo": [], "bare": [], "nginx": []}
        for i in range(runs):
            order = ["nginx", "bare", "chibo"]
            if i % 2:
                order.reverse()
            for who in order:
                wait_quiet(f"GET member {who}")
                # Each load's own peak: the high-water mark reset before
                # it, read after it (and VmRSS sampled during it).
                if who == "chibo":
                    if hwm_reset:
                        reset_hwm(srv.proc.pid)
                    r = wrk(srv.port, "/", duration, lua_chibo,
                            srv.proc.pid)
                    r["hwm_mb"] = srv.rss()[1] if hwm_reset else None
                elif who == "bare":
                    if hwm_reset:
                        reset_hwm(bare.proc.pid)
                    r = wrk(bare_port, "/", duration, lua_bare,
                            bare.proc.pid)
                    r["hwm_mb"] = bare.rss()[1] if hwm_reset else None
                else:
                    r = wrk(ngx.port, "/member.json", duration)
                if r["non_2xx"]:
                    raise SystemExit(f"bench: {who}: {r['non_2xx']} answers"
                                     " were not 2xx")
                res[who].append(r)
                more = ""
                if who != "nginx":
                    more = (f", CPU {r['cpu_us_per_request']:.1f} us a "
                            "request, peak RSS "
                            f"{max(r['hwm_mb'] or 0, r['peak_rss_mb']):.1f}"
                            " MB")
                log(f"GET member run {i + 1}: {who} {r['rps']:.0f} req/s,"
                    f" p99 {r['p99_ms']:.2f} ms{more}")
        hwm_chibo = srv.rss()[1]
        # Every answer waited for its view's commit (group commit): how
        # many views a commit carried, and that none was refused.
        st, text = http_get(srv.port, "/metrics", {})
        vm = dict(re.findall(rb"^(chibo_audit_views_\w+) (\d+)$", text,
                             re.M)) if st == 200 else {}
        views = {k.decode(): int(v) for k, v in vm.items()}
    finally:
        srv.stop()
        if bare:
            bare.stop()
        if ngx:
            ngx.stop()

    def m(who, k):
        return median([r[k] for r in res[who]])

    def s(who, k):
        return rnd(spread([r[k] for r in res[who]]), 3)

    c_rps, n_rps, b_rps = m("chibo", "rps"), m("nginx", "rps"), m("bare",
                                                                  "rps")
    def peak(who):
        """Each load's own peak (its VmHWM, reset before it, or VmRSS
        sampled every 250 ms when the reset is refused)."""
        return [max(r["hwm_mb"] or 0, r["peak_rss_mb"]) for r in res[who]]
    load_chibo, load_bare = max(peak("chibo")), max(peak("bare"))
    common = dict(runs=runs, duration_s=duration,
                  wrk=f"-t{WRK_THREADS} -c{WRK_CONNS}, random ids 1..."
                  f"{work.max_id}", body_bytes=size)
    return [
        fig("GET /api/v1/members/{id} signed in, throughput", round(c_rps),
            "req/s", round(n_rps), "at least 0.5 x nginx",
            c_rps >= 0.5 * n_rps, ratio=rnd(c_rps / n_rps, 3),
            spread=s("chibo", "rps"), anchor_spread=s("nginx", "rps"),
            bare_server_rps=round(b_rps),
            views_durable_before_answer=True,
            view_commits=views.get("chibo_audit_views_commits_total"),
            views_written=views.get("chibo_audit_views_written_total"),
            views_refused=views.get("chibo_audit_views_refused_total"),
            bare_ratio_to_nginx=rnd(b_rps / n_rps, 3),
            cpu_us_per_request=rnd(m("chibo", "cpu_us_per_request"), 1),
            bare_cpu_us_per_request=rnd(m("bare", "cpu_us_per_request"), 1),
            cpu_note="the server's utime + stime (/proc/PID/stat) over "
            "the load / wrk's requests; median of the runs",
            chibo_ratio_to_bare=rnd(c_rps / b_rps, 3),
            anchor_is="nginx, static file of the same size; also the bare "
            "libmicrohttpd + SQLite + jansson server (bench/server-anchor.c)",
            **common),
        fig("GET /api/v1/members/{id} signed in, p99 latency under load",
            rnd(m("chibo", "p99_ms"), 2), "ms", rnd(m("nginx", "p99_ms"), 2),
            "p99 under 10 ms", m("chibo", "p99_ms") < 10,
            ratio=rnd(m("chibo", "p99_ms") / m("nginx", "p99_ms"), 2),
            p50_ms=rnd(m("chibo", "p50_ms"), 2),
            bare_server_p99_ms=rnd(m("bare", "p99_ms"), 2),
            spread=s("chibo", "p99_ms"), **common),
        fig("GET /api/v1/members/{id} signed in, server CPU per request",
            rnd(m("chibo", "cpu_us_per_request"), 1), "us",
            rnd(m("bare", "cpu_us_per_request"), 1), "—", True,
            ratio=rnd(m("chibo", "cpu_us_per_request")
                      / m("bare", "cpu_us_per_request"), 2),
            samples=[rnd(r["cpu_us_per_request"], 1) for r in res["chibo"]],
            spread=s("chibo", "cpu_us_per_request"),
            note="the server's utime + stime (/proc/PID/stat) over each "
            "load / wrk's requests, median of the runs: what the other "
            "work on the machine changes least",
            anchor_is="the bare server, the same way", **common),
        fig("GET /api/v1/members/{id}: the bare server (no sign-in, scope "
            "or audit)", round(b_rps), "req/s", round(n_rps), "—", True,
            ratio=rnd(b_rps / n_rps, 3), spread=s("bare", "rps"),
            p99_ms=rnd(m("bare", "p99_ms"), 2),
            anchor_is="nginx, static file of the same size", **common),
        fig("server memory idle (VmRSS)", rnd(idle_chibo[0], 1), "MB",
            rnd(idle_bare[0], 1), "—", True, ratio=rnd(
                idle_chibo[0] / idle_bare[0], 2),
            anchor_is="the bare server, idle"),
        fig(MEM_GET, rnd(load_chibo, 1), "MB", rnd(load_bare, 1),
            "under 40 MB", load_chibo < 40,
            ratio=rnd(load_chibo / load_bare, 2),
            samples=[rnd(x, 1) for x in peak("chibo")],
            anchor_samples=[rnd(x, 1) for x in peak("bare")],
            spread=rnd(spread(peak("chibo")), 3),
            method="VmHWM reset (echo 5 > /proc/PID/clear_refs) before "
            "each load and read after it, and VmRSS sampled every 250 ms "
            "during it; the largest of the runs" if hwm_reset else
            "VmRSS sampled every 250 ms during each load (the kernel "
            "refused the VmHWM reset); the largest of the runs",
            hwm_after_all_loads_mb=rnd(hwm_chibo, 1),
            idle_hwm_before_loads_mb=rnd(idle_hwm_chibo, 1),
            anchor_is="the bare server under the same load, measured the "
            "same way", **common),
        fig(MEM_SIGNIN, rnd(signin_hwm, 1), "MB", None, "—", True,
            rss_after_mb=rnd(signin_rss, 1),
            reason="the password hash's memory cost: Argon2id with "
            "libsodium's interactive limits (64 MiB) is allocated while "
            "POST /api/v1/session checks the password and freed after; "
            "by design (the cost of guessing passwords), once per sign-in,"
            " not per request",
            note="VmHWM of chibo serve right after its first sign-in"),
    ]


# ----------------------------------------------------------------- stats

def stats_paths(db_path, rng):
    db = sqlite3.connect(db_path)
    root = db.execute("SELECT id FROM org WHERE parent_id IS NULL"
                      " ORDER BY id LIMIT 1").fetchone()[0]
    provinces = [r[0] for r in db.execute(
        "SELECT id FROM org WHERE parent_id = ? AND valid_to IS NULL",
        (root,))]
    grass = [r[0] for r in db.execute(
        "SELECT id FROM org WHERE kind IN ('grassroots', 'grassroots_cell')"
        " AND valid_to IS NULL")]
    db.close()
    rng.shuffle(grass)
    return {"nation": [root] * 200,
            "province": (provinces * (200 // max(1, len(provinces)) + 1))
            [:200],
            "grassroots": (grass * (200 // max(1, len(grass)) + 1))[:200]}


def bench_stats(work, pg, runs):
    match = {}
    rng = random.Random(SEED)
    ids = stats_paths(work.db, rng)
    out = []
    engines = [("SQLite", work.db)]
    if pg is not None:
        engines.append(("PostgreSQL", pg.url("national")))
    for engine, db in engines:
        token = work.token if engine == "SQLite" else pg_token(pg)
        srv = chibo_serve(db)
        lat = {k: [] for k in ids}
        recount = []
        st, body = http_get(srv.port, f"/api/v1/orgs/{ids['nation'][0]}"
                            "/stats", {"Authorization": f"Bearer {token}"})
        if st != 200:
            srv.stop()
            log(f"stats on {engine}: GET /api/v1/orgs/{{id}}/stats answers"
                f" {st}: not measured")
            for level in ids:
                out.append(fig(f"GET /api/v1/orgs/{{id}}/stats, {level}, "
                               f"{engine} (p99)", None, "ms", None,
                               "p99 under 20 ms", False,
                               note=f"the endpoint answered {st}"))
            continue
        try:
            for level, orgs in ids.items():
                p = os.path.join(WORK, f"stats-{level}.txt")
                with open(p, "w") as f:
                    f.write("".join(f"/api/v1/orgs/{o}/stats\n"
                                    for o in orgs))
            for i in range(runs):
                wait_quiet(f"stats {engine}")
                r = json.loads(run([f"{BENCHBIN}/bench-recount", db,
                                    "--repeat", "1"]))
                recount.append(r["median_s"])
                if i == 0:
                    nat = json.loads(body)
                    got = (nat.get("members"),
                           nat.get("by_status", {}).get("official"),
                           nat.get("by_gender", {}).get("female"))
                    want = (r["members"], r["official"], r["female"])
                    match[engine] = got == want
                    if got != want:
                        log(f"stats on {engine}: chibo says (members, "
                            f"official, female) = {got}, the recount "
                            f"{want}")
                for level in ids:
                    h = lat_json(run([f"{BENCHBIN}/bench-http-lat",
                                      "127.0.0.1", str(srv.port),
                                      os.path.join(WORK,
                                                   f"stats-{level}.txt"),
                                      "1", f"Authorization: Bearer {token}"]))
                    if h["non_2xx"]:
                        raise SystemExit(f"bench: stats {level} on {engine}"
                                         f": {h['non_2xx']} answers were "
                                         "not 2xx")
                    lat[level].append(h)
                log(f"stats {engine} run {i + 1}: recount {r['median_s']:.3f}"
                    " s; p99 " + ", ".join(
                        f"{k} {lat[k][-1]['p99_us'] / 1000:.2f} ms"
                        for k in ids))
        finally:
            srv.stop()
        rc = median(recount)
        for level in ids:
            p99 = median([h["p99_us"] for h in lat[level]]) / 1000
            p50 = median([h["p50_us"] for h in lat[level]]) / 1000
            out.append(fig(
                f"GET /api/v1/orgs/{{id}}/stats, {level}, {engine} (p99)",
                rnd(p99, 3), "ms", rnd(rc * 1000, 1), "p99 under 20 ms",
                p99 < 20, ratio=rnd(p99 / (rc * 1000), 5),
                p50_ms=rnd(p50, 3), runs=runs, requests=len(ids[level]),
                spread=rnd(spread([h["p99_us"] for h in lat[level]]), 3),
                anchor_is="bench/recount.c: the national figures by a full "
                "GROUP BY over the members (ms), whatever the level"))
        p99n = median([h["p99_us"] for h in lat["nation"]]) / 1000
        out.append(fig(
            f"stats at national level: recount time / chibo's p99, {engine}",
            rnd(rc * 1000 / p99n, 1), "x", None,
            "at least 50 x faster than the recount",
            rc * 1000 / p99n >= 50, ratio=None, runs=runs,
            recount_ms=rnd(rc * 1000, 1), chibo_p99_ms=rnd(p99n, 3),
            recount_spread=rnd(spread(recount), 3),
            figures_match_recount=match.get(engine),
            note="recount median (ms) / chibo's national p99 (ms)"))
    return out


def pg_token(pg):
    url = pg.url("national")
    code = pg.psql("SELECT code FROM org WHERE parent_id IS NULL"
                   " ORDER BY id LIMIT 1", "national").strip()
    exists = pg.psql(f"SELECT count(*) FROM app_user WHERE username ="
                     f" '{BENCH_USER}'", "national").strip()
    if exists == "0":
        return make_account(url, code)
    return chibo("token", "create", BENCH_USER, "--expires", "0",
                 db=url).strip()


# ------------------------------------------------------------ cold start

def bench_coldstart(work, runs):
    """`make run` with the dataset built: from the command to the first
    200 on /healthz.  A first, untimed run builds what `make run` builds
    when its sources changed (the web application, after a checkout or a
    `make bench-clean`): its time is recorded beside the figure, not in
    it."""
    times = []
    first = None
    for i in range(-1, runs):
        port = free_port()
        wait_quiet("cold start")
        t0 = time.monotonic()
        p = subprocess.Popen(["make", "-s", "-C", ROOT, "run",
                              f"BUILD={os.path.relpath(BUILD, ROOT)}",
                              f"DB={work.db}", f"LISTEN=127.0.0.1:{port}"],
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL,
                             start_new_session=True)
        try:
            while True:
                if p.poll() is not None:
                    raise SystemExit("bench: make run exited")
                if raw_healthz(port):
                    break
                if time.monotonic() - t0 > 120:
                    raise SystemExit("bench: make run did not answer in "
                                     "120 s")
                time.sleep(0.005)
            t = time.monotonic() - t0
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGTERM)
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        if i < 0:
            first = t
            log(f"cold start, the first run (untimed: builds what changed):"
                f" {t:.3f} s")
            continue
        times.append(t)
        log(f"cold start run {i + 1}: {t:.3f} s")
    v = median(times)
    return fig("make run: cold start to the first answered request", rnd(v, 3),
               "s", None, "under 1 s", v < 1, runs=runs,
               spread=rnd(spread(times), 3),
               samples=[rnd(x, 3) for x in times],
               first_run_s=rnd(first, 3),
               first_run_note="an untimed run before the samples: `make "
               "run` building what changed since the last (the web "
               "application's bundle, ninja's check)",
               note="scripts/run.sh with the dataset built: "
               "init, the emptiness check, the accounts, serve; the "
               "first 200 on /healthz; the OS page cache warm")


def raw_healthz(port):
    try:
        with socket.create_connection(("127.0.0.1", port), 0.2) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                      b"Connection: close\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


# ---------------------------------------------------------------- output
#
# bench/results.json: {"runs": [...], "figures": [...]}.  Each figure
# carries the run that measured it ("measured": date and commit) and the
# values it had before ("history", newest first, HISTORY_KEEP of them);
# `--only` replaces the figures it measures and keeps the others as they
# were, with their own date and commit.  The generated table of
# docs/performance.md is made from that file alone (--docs-only makes it
# again without measuring).

BEGIN = "<!-- BEGIN bench/run.py: generated, do not edit by hand -->"
END = "<!-- END bench/run.py -->"
HISTORY_KEEP = 5

# Figures renamed because what they measured was not what their name
# said: once the new figure is measured, the old entry leaves the table
# and becomes the new figure's history, with the reason.
SUPERSEDED = {
    "server memory under the GET load (peak VmRSS / VmHWM)": (
        MEM_SIGNIN,
        "recorded as 'server memory under the GET load (peak VmRSS / "
        "VmHWM)': its VmHWM was the sign-in's Argon2id peak, reached "
        "before the load"),
}


def group_of(figure):
    """The --only name a figure belongs to (for results written before
    figures carried it)."""
    if figure.startswith("import members CSV into SQLite"):
        return "import-sqlite"
    if figure.startswith("import members CSV into PostgreSQL"):
        return "import-pg"
    if "search" in figure:
        return "search"
    if figure.startswith(("GET /api/v1/members/", "server memory")):
        return "get"
    if "stats" in figure:
        return "stats"
    if figure.startswith("make run"):
        return "coldstart"
    return None


def load_results(path):
    """The results file as {"runs": [...], "figures": [...]}; a file of
    the first format (a plain list of figures, no dates) is read as
    figures of an unknown run."""
    try:
        with open(path) as f:
            data = json.load(f)
    except FileNotFoundError:
        return {"runs": [], "figures": []}
    if isinstance(data, list):
        data = {"runs": [], "figures": data}
    for r in data["figures"]:
        r.setdefault("group", group_of(r["figure"]))
        r.setdefault("measured", None)
        r.setdefault("history", [])
    return data


def previous_entry(r, renamed=None):
    e = {k: r.get(k) for k in ("value", "unit", "anchor", "ratio", "target",
                               "met")}
    e.update({"date": (r.get("measured") or {}).get("date"),
              "commit": (r.get("measured") or {}).get("commit")})
    if renamed:
        e["as"] = r["figure"]
        e["note"] = renamed
    return e


def merge_results(old, new_figures, run_info):
    """Merges the figures measured now (new_figures, each with its
    "group") into old (load_results' dict): a figure measured now replaces
    its entry, whose values go to the front of its history; every other
    entry stays as it was; new figures go after the others of their
    group.  run_info (machine, dataset, date, commit...) is added to the
    runs, and runs that no figure comes from any more are dropped.
    Returns the new dict; old is not changed."""
    stamp = {"date": run_info["date"], "commit": run_info["commit"]}
    by_name = {r["figure"]: r for r in old["figures"]}
    measured = {}
    for r in new_figures:
        r = dict(r)
        r["measured"] = dict(stamp)
        hist = []
        o = by_name.get(r["figure"])
        if o is not None:
            hist += [previous_entry(o)] + o.get("history", [])
        for name, (to, why) in SUPERSEDED.items():
            if to == r["figure"] and name in by_name:
                hist += ([previous_entry(by_name[name], why)]
                         + by_name[name].get("history", []))
        hist.sort(key=lambda e: e.get("date") or "", reverse=True)
        r["history"] = hist[:HISTORY_KEEP]
        measured[r["figure"]] = r
    gone = {name for name, (to, _) in SUPERSEDED.items() if to in measured}
    figures = []
    for o in old["figures"]:
        if o["figure"] in gone:
            continue
        figures.append(measured.pop(o["figure"], o))
    order = {g: i for i, g in enumerate(FIGURES)}
    for r in new_figures:
        if r["figure"] not in measured:
            continue
        r = measured.pop(r["figure"])
        at = len(figures)
        for i, o in enumerate(figures):
            if order.get(o.get("group"), len(order)) <= \
                    order.get(r.get("group"), len(order)):
                at = i + 1
        figures.insert(at, r)
    used = {((r.get("measured") or {}).get("date"),
             (r.get("measured") or {}).get("commit")) for r in figures}
    runs = [x for x in old["runs"] if (x["date"], x["commit"]) in used
            and (x["date"], x["commit"]) != (stamp["date"], stamp["commit"])]
    runs.append(run_info)
    runs = [x for x in runs if (x["date"], x["commit"]) in used]
    return {"about": RESULTS_ABOUT, "runs": runs, "figures": figures}


RESULTS_ABOUT = ("Written by bench/run.py (make bench): each figure with "
                 "the run that measured it (measured) and its earlier "
                 "values (history, newest first); runs: the runs the "
                 "figures come from.")


def save_results(path, data):
    with open(path, "w") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.write("\n")


def fmt(v):
    if v is None:
        return "—"
    if isinstance(v, float):
        if abs(v) >= 100:
            return f"{v:,.0f}"
        if abs(v) >= 10:
            return f"{v:.1f}"
        return f"{v:.3g}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def fmt_run(x):
    only = x.get("only")
    what = ("every figure" if not only or set(only) == set(FIGURES)
            else "`--only " + ",".join(only) + "`")
    busy = ""
    if x.get("busy_max") is not None:
        busy = (f"; other work before the runs: at most "
                f"{x['busy_max']:.0%} of the CPU (median "
                f"{x.get('busy_median', 0):.0%})")
    dur = ""
    if x.get("duration_s") is not None:
        mins = x["duration_s"] / 60
        dur = f", {mins:.1f} minutes" if mins < 10 else f", {mins:.0f} minutes"
    imp = (f" `--import-runs {x['import_runs']}`"
           if x.get("import_runs") is not None else "")
    return (f"- {x['date']}, commit `{x['commit']}`: {what}, "
            f"`--runs {x.get('runs', '?')}`{imp}{dur}; "
            f"{x.get('machine', '?')}. "
            f"Dataset: {x.get('dataset', '?')}{busy}.")


def docs_block(data):
    """The generated part of docs/performance.md, from the results."""
    runs = sorted(data["runs"], key=lambda x: x["date"])
    last = (runs[-1]["date"], runs[-1]["commit"]) if runs else None
    lines = [BEGIN, "",
             "Each figure comes from the last `make bench` run that "
             "measured it (`--only` measures some and keeps the others); "
             "the runs behind this table:", ""]
    lines += [fmt_run(x) for x in runs] or ["- (none recorded)"]
    lines += ["",
              "Value and anchor are medians of the runs; spread is (max - "
              "min) / median of chibo's value over the runs; ratio is "
              "value / anchor.  Each figure's runs interleave chibo and its"
              " anchor.  Before each run the harness waits (up to a "
              "minute) for the machine to be quiet.  *measured*: the run "
              "the figure comes from (*an older run* when it is not the "
              "latest); *previous*: the figure's value before, and when it"
              " was measured.",
              "",
              "| figure | chibo | anchor | ratio | target | met | runs, "
              "spread | measured | previous |",
              "|---|---|---|---|---|---|---|---|---|"]
    notes = []
    for r in data["figures"]:
        unit = r["unit"]
        m = r.get("measured") or {}
        when = (f"{(m.get('date') or '?')[:10]}, `{m.get('commit', '?')}`"
                if m else "not recorded (an older run)")
        if m and last and (m.get("date"), m.get("commit")) != last:
            when += " (an older run)"
        prev = "—"
        if r.get("history"):
            h = r["history"][0]
            prev = f"{fmt(h['value'])} {h.get('unit') or unit}"
            if h.get("ratio") is not None:
                prev += f", ratio {fmt(h['ratio'])}"
            prev += (f" ({h['date'][:10]})" if h.get("date")
                     else " (date not recorded)")
            if h.get("as"):
                notes.append(f"{len(notes) + 1}. {r['figure']}: the "
                             f"previous value was {h['note']}.")
                prev += f" [{len(notes)}]"
        if r.get("reason"):
            notes.append(f"{len(notes) + 1}. {r['figure']}: "
                         f"{r['reason']}.")
            target = f"{r['target']} [{len(notes)}]"
        else:
            target = r["target"]
        met = ("—" if r["target"] == "—" else "yes" if r["met"]
               else "**no**")
        sp = fmt(100 * r["spread"]) + " %" if "spread" in r else "—"
        lines.append(
            f"| {r['figure']} | {fmt(r['value'])} {unit} | "
            f"{fmt(r['anchor'])}{'' if r['anchor'] is None else ' ' + unit}"
            f" | {fmt(r['ratio'])} | {target} | {met} | "
            f"{r.get('runs', '—')}, {sp} | {when} | {prev} |")
    if notes:
        lines += [""] + notes
    lines += ["", "Details of each figure (samples, p50s, CPU per request,"
              " the bare server's figures, what each anchor is, the earlier"
              " values) are in `bench/results.json`.", "", END]
    return "\n".join(lines)


def write_docs(data, path):
    block = docs_block(data)
    try:
        with open(path) as f:
            text = f.read()
    except FileNotFoundError:
        text = "# Performance\n\n" + BEGIN + "\n" + END + "\n"
    if BEGIN in text and END in text:
        a = text.index(BEGIN)
        b = text.index(END) + len(END)
        text = text[:a] + block + text[b:]
    else:
        text += "\n" + block + "\n"
    with open(path, "w") as f:
        f.write(text)


# ---------------------------------------------------------------- phases

PHASES = []


@contextlib.contextmanager
def phase(name):
    """Times a phase of the run (build, datasets, each figure...): the
    record of where a run's time goes (run-SCALE.json, the log)."""
    t0 = time.monotonic()
    try:
        yield
    finally:
        PHASES.append((name, round(time.monotonic() - t0, 1)))
        log(f"phase {name}: {PHASES[-1][1]:.1f} s")


# ------------------------------------------------------------------ main

FIGURES = ("import-sqlite", "import-pg", "search", "get", "stats",
           "coldstart")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--import-runs", type=int, default=1,
                    help="runs of each import figure (default 1: one "
                    "chibo import and one anchor import each; at national "
                    "scale a pair of both engines takes about 15 minutes)")
    ap.add_argument("--scale", default="national",
                    choices=("national", "province", "test", "agency"))
    ap.add_argument("--only", default=",".join(FIGURES))
    ap.add_argument("--duration", type=int, default=15,
                    help="seconds of each wrk run (default 15)")
    ap.add_argument("--quiet-wait", type=int, default=60,
                    help="most seconds to wait for a quiet machine before "
                    "each run (default 60; 0: never wait)")
    ap.add_argument("--search-prefixes", type=int, default=500,
                    help="name prefixes searched per run (default 500)")
    ap.add_argument("--results", metavar="FILE",
                    help="the results to merge into (default "
                    "bench/results.json, other scales "
                    "bench/results-SCALE.json)")
    ap.add_argument("--docs", metavar="FILE",
                    help="the Markdown file whose generated table to "
                    "write (default docs/performance.md at national "
                    "scale, none at the others)")
    ap.add_argument("--no-docs", action="store_true")
    ap.add_argument("--docs-only", action="store_true",
                    help="measure nothing: write the table from the "
                    "results file")
    a = ap.parse_args()
    global SEARCH_PREFIXES
    SEARCH_PREFIXES = a.search_prefixes
    global QUIET_WAIT
    QUIET_WAIT = a.quiet_wait
    only = a.only.split(",")
    for f in only:
        if f not in FIGURES:
            ap.error(f"unknown figure {f}")
    results_path = a.results or os.path.join(
        ROOT, "bench", "results.json" if a.scale == "national" else
        f"results-{a.scale}.json")
    docs_path = a.docs or (os.path.join(ROOT, "docs", "performance.md")
                           if a.scale == "national" else None)
    if a.no_docs:
        docs_path = None
    if a.docs_only:
        if docs_path is None:
            ap.error("--docs-only writes nothing here: give --docs FILE")
        write_docs(load_results(results_path), docs_path)
        log(f"{os.path.relpath(docs_path)} written from "
            f"{os.path.relpath(results_path)}")
        return
    t_start = time.monotonic()
    with phase("build"):
        build()
    os.makedirs(WORK, exist_ok=True)
    ds = Dataset(a.scale)
    with phase("datasets"):
        ds.make()
    mach = machine()
    results = []

    def add(group, figs):
        for r in figs:
            r["group"] = group
        results.extend(figs)
    pg = None
    try:
        if {"import-pg", "stats", "search"} & set(only):
            with phase("postgresql start"):
                pg = Postgres().start()
        if "import-sqlite" in only:
            with phase("import-sqlite"):
                add("import-sqlite", [bench_import_sqlite(ds, a.import_runs)])
        if "import-pg" in only:
            with phase("import-pg"):
                add("import-pg", [bench_import_pg(pg, ds, a.import_runs)])
        elif pg is not None and {"stats", "search"} & set(only):
            log("stats and search on PostgreSQL: loading the dataset"
                " (untimed)")
            with phase("postgresql load for stats and search"):
                pg_load_orgs(pg, ds, "national")
                run([CHIBO, "--db", pg.url("national"), "import", "members",
                     ds.csv])
                pg.psql("VACUUM ANALYZE", "national")
        work = None
        if {"search", "get", "stats", "coldstart"} & set(only):
            with phase("work copy"):
                work = Work(ds)
        if "search" in only:
            with phase("search"):
                add("search", bench_search(work, pg, a.runs))
        if "get" in only:
            with phase("get"):
                add("get", bench_get(work, a.runs, a.duration))
        if "stats" in only:
            with phase("stats"):
                add("stats", bench_stats(work, pg, a.runs))
        if "coldstart" in only:
            with phase("coldstart"):
                add("coldstart", [bench_coldstart(work, max(5, a.runs))])
        pg_version = pg.version if pg else None
    finally:
        if pg is not None:
            pg.stop()
        shutil.rmtree(WORK, ignore_errors=True)
    total = time.monotonic() - t_start
    con = sqlite3.connect(ds.full_db)
    n_orgs = con.execute("SELECT count(*) FROM org").fetchone()[0]
    n_members = con.execute("SELECT count(*) FROM member").fetchone()[0]
    con.close()
    desc = (f"`chibo demo --scale {a.scale} --seed {SEED}`: {n_orgs:,} "
            f"organisations, {n_members:,} members")
    busy = [b["busy"] for b in BUSY] or [0]
    run_info = {
        "date": mach["date"], "commit": mach["commit"], "scale": a.scale,
        "machine": f"{mach['nproc']} cores ({mach['cpu']}), "
        f"{mach['ram_gib']} GiB, Linux {mach['kernel']}, SQLite "
        f"{mach['sqlite']}" + (f", PostgreSQL {pg_version}" if pg_version
                               else ""),
        "dataset": desc, "only": only, "runs": a.runs,
        "import_runs": a.import_runs if {"import-sqlite", "import-pg"}
        & set(only) else None,
        "duration_s": round(total), "busy_max": max(busy),
        "busy_median": median(busy), "phases_s": dict(PHASES)}
    data = merge_results(load_results(results_path), results, run_info)
    save_results(results_path, data)
    out = {"machine": mach, "dataset": desc, "runs": a.runs,
           "duration_s": round(total), "phases_s": PHASES,
           "results": results, "other_work": BUSY}
    with open(os.path.join(DATA, f"run-{a.scale}.json"), "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
    if docs_path is not None:
        write_docs(data, docs_path)
    for r in results:
        print(f"{'ok ' if r['met'] else 'NO '} {r['figure']}: "
              f"{fmt(r['value'])} {r['unit']} (anchor {fmt(r['anchor'])}, "
              f"target {r['target']})")
    log("phases: " + ", ".join(f"{n} {s:.0f} s" for n, s in PHASES))
    log(f"done in {total / 60:.1f} min; {os.path.relpath(results_path)} "
        "merged" + (f", {os.path.relpath(docs_path)} written" if docs_path
                    else ""))


if __name__ == "__main__":
    main()
