#!/usr/bin/env python3
"""A faithful copy of a chibo SQLite database into a PostgreSQL one.

    python3 bench/pg-from-sqlite.py --sqlite FILE --pg URL [--limit N]

For a bench dataset too large to make again on PostgreSQL in an
afternoon (the national one: `chibo demo --scale national`, the 2026
meetings of bench/meetings.py and the evaluations of bench/dashboard.py,
15.7 GB of SQLite).  URL is a database that `chibo --db URL init` has
brought to the same schema version as FILE (run it first).  FILE is
only read (opened with `immutable=1`: nothing may write it meanwhile).

In ONE transaction (a failure leaves the database as it was):
TRUNCATE every table but schema_version; DROP the secondary indexes
(those that back no constraint); for each table `\\copy ... FROM
PROGRAM 'sqlite3 -csv ...'` with FREEZE (the table was truncated in
this transaction: with wal_level=minimal no WAL is written, and the rows
are loaded frozen and all-visible, as a VACUUM would leave them); the
columns are PostgreSQL's, read from SQLite by name: bytea as '\\x' and
hex, booleans as 0/1 (PostgreSQL reads both), dates and timestamps as
the ISO text SQLite holds; foreign keys and triggers are not fired
(session_replication_role = replica: the rows are the SQLite store's,
already consistent); then CREATE the dropped indexes again.  After the
commit: every identity sequence set to its table's max(id), ANALYZE,
and the row counts of every table compared with SQLite's (exit 1 on a
difference).  Prints each step's time.  --limit N copies at most N rows
of each table (a quick trial of the formats; the counts then differ).
Then run `chibo --db URL dashboard check` (and `rebuild` if the kept
figures are to be recounted on PostgreSQL).
"""
import argparse
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

SKIP = ("schema_version", "sqlite_stat1")


def psql(url, sql):
    p = subprocess.run(["psql", "-X", "-At", "-F", "\t", "-v",
                        "ON_ERROR_STOP=1", url, "-c", sql],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"psql: {sql[:200]}: {p.stderr}")
    return [ln.split("\t") for ln in p.stdout.splitlines()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sqlite", required=True)
    ap.add_argument("--pg", required=True)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--sqlite3", default="sqlite3",
                    help="the sqlite3 shell")
    a = ap.parse_args()
    src = "file:" + os.path.abspath(a.sqlite) + "?immutable=1"
    lite = sqlite3.connect(src, uri=True)
    ltables = {r[0] for r in lite.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    tables = [r[0] for r in psql(
        a.pg, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        " ORDER BY tablename")]
    cols = {}
    for t, c, ty in psql(
            a.pg, "SELECT c.relname, a.attname, format_type(a.atttypid,"
            " a.atttypmod) FROM pg_attribute a JOIN pg_class c ON c.oid ="
            " a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0"
            " AND NOT a.attisdropped ORDER BY c.relname, a.attnum"):
        cols.setdefault(t, []).append((c, ty))
    copy = [t for t in tables if t not in SKIP]
    for t in copy:
        if t not in ltables:
            raise SystemExit(f"{t}: not in {a.sqlite}")
        lcols = {r[1] for r in lite.execute(f'PRAGMA table_info("{t}")')}
        missing = [c for c, _ in cols[t] if c not in lcols]
        if missing:
            raise SystemExit(f"{t}: columns {missing} not in SQLite")
    extra = sorted(ltables - set(tables) - set(SKIP))
    if extra:
        print(f"not copied (not in PostgreSQL): {extra}", file=sys.stderr)
    # The secondary indexes: dropped for the load, made again after.
    idx = psql(a.pg, "SELECT i.indexname, i.indexdef FROM pg_indexes i"
               " WHERE i.schemaname = 'public' AND NOT EXISTS (SELECT 1"
               " FROM pg_constraint c WHERE c.conindid = (quote_ident("
               "i.indexname))::regclass) ORDER BY i.tablename, i.indexname")
    tdir = tempfile.mkdtemp(prefix="pg-from-sqlite.")
    script = ["\\set ON_ERROR_STOP 1", "\\timing on",
              "SET session_replication_role = replica;",
              "SET maintenance_work_mem = '1GB';", "BEGIN;",
              "TRUNCATE " + ", ".join(copy) + ";"]
    script += [f"DROP INDEX {name};" for name, _ in idx]
    for t in copy:
        sel = []
        for c, ty in cols[t]:
            q = f'"{c}"'
            if ty == "bytea":
                sel.append(f"CASE WHEN {q} IS NULL THEN NULL ELSE"
                           f" '\\x' || hex({q}) END")
            else:
                sel.append(q)
        query = f"SELECT {', '.join(sel)} FROM \"{t}\""
        if a.limit:
            query += f" LIMIT {a.limit}"
        # One shell script per table: sqlite3 reads its query from a file.
        with open(os.path.join(tdir, t + ".sql"), "w") as f:
            f.write(query + ";\n")
        with open(os.path.join(tdir, t + ".sh"), "w") as f:
            f.write(f"exec {shlex.quote(a.sqlite3)} -csv -nullvalue '\\N'"
                    f" {shlex.quote(src)} < {shlex.quote(t + '.sql')}\n")
        script.append(f"\\echo copy {t}")
        collist = ", ".join('"' + c + '"' for c, _ in cols[t])
        script.append(
            f"\\copy {t} ({collist}) FROM PROGRAM"
            f" 'cd {tdir} && sh {t}.sh'"
            " WITH (FORMAT csv, NULL '\\N', FREEZE)")
    for name, d in idx:
        script.append(f"\\echo index {name}")
        script.append(d + ";")
    script.append("COMMIT;")
    path = os.path.join(tdir, "load.sql")
    with open(path, "w") as f:
        f.write("\n".join(script) + "\n")
    t0 = time.monotonic()
    p = subprocess.run(["psql", "-X", "-q", "-f", path, a.pg])
    if p.returncode != 0:
        raise SystemExit(f"psql -f {path} failed")
    shutil.rmtree(tdir)
    print(f"copy and indexes: {time.monotonic() - t0:.1f} s", flush=True)
    t = time.monotonic()
    for tb, c in psql(a.pg, "SELECT table_name, column_name FROM"
                      " information_schema.columns WHERE table_schema ="
                      " 'public' AND is_identity = 'YES'"):
        psql(a.pg, f"SELECT setval(pg_get_serial_sequence('{tb}', '{c}'),"
             f" coalesce((SELECT max({c}) FROM {tb}), 0) + 1, false)")
    psql(a.pg, "ANALYZE")
    print(f"sequences and ANALYZE: {time.monotonic() - t:.1f} s", flush=True)
    if a.limit:
        return
    t = time.monotonic()
    bad = 0
    for tb in copy:
        n_pg = int(psql(a.pg, f"SELECT count(*) FROM {tb}")[0][0])
        n_lite = lite.execute(f'SELECT count(*) FROM "{tb}"').fetchone()[0]
        if n_pg != n_lite:
            bad += 1
        print(f"{tb}\t{n_lite}\t{n_pg}\t{'ok' if n_pg == n_lite else 'DIFF'}",
              flush=True)
    print(f"counts: {time.monotonic() - t:.1f} s, {bad} table(s) differ",
          flush=True)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
