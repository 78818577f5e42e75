#!/usr/bin/env python3
"""The inspection coverage check's read time (issue 14), SQLite.

On a database holding `chibo demo --scale province` (--db, or built here
with --build), loads one term (2025-07-01 to 2030-06-30) per committee,
an inspection or supervision of about 70 % of the organisations by their
parent's inspection commission in the term (each with two
recommendations, one in ten left overdue), and a self-inspection of 2026
for about 90 % of them, straight into the tables in one transaction;
then times GET /api/v1/checks/inspection?year=2026&org=X over HTTP with
an API token (one client, a warm-up request, then --runs requests) for
the dataset's root, the province, the upper-grassroots committee with
most direct subordinates and the grassroots committee with most, and the
year's PDF report of the province.  CHIBO_TODAY=2026-11-25.
"""
import argparse
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

USER = "bench-insp"
PASSWORD = "bench-inspection-2026"


def run(args, input=None, timeout=3600):
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


def get(port, path, token):
    t = time.monotonic()
    r = urllib.request.urlopen(urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Authorization": "Bearer " + token}), timeout=60)
    body = r.read()
    return time.monotonic() - t, body


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def load(db, seed):
    rnd = random.Random(seed)
    c = sqlite3.connect(db)
    now = "2026-11-25T00:00:00Z"
    orgs = c.execute("SELECT id, parent_id, kind FROM org").fetchall()
    parents = {p for _, p, _ in orgs if p is not None}
    n = {"terms": 0, "inspections": 0, "recommendations": 0, "self": 0}
    c.execute("BEGIN")
    for oid in parents:
        c.execute("INSERT INTO org_term (org_id, name, starts_on, ends_on,"
                  " version, created_at, updated_at) VALUES (?,"
                  " '2025–2030', '2025-07-01', '2030-06-30', 1, ?, ?)",
                  (oid, now, now))
        n["terms"] += 1
    for oid, parent, kind in orgs:
        if parent is None:
            continue
        if rnd.random() < 0.7:
            d = 30 + rnd.randrange(480)
            decided = time.strftime("%Y-%m-%d", time.gmtime(
                time.mktime((2025, 7, 1, 12, 0, 0, 0, 0, 0)) + d * 86400))
            cur = c.execute(
                "INSERT INTO inspection (org_id, body, kind, form,"
                " subject_org_id, content_codes, decided_on, doc_no,"
                " from_on, status, version, created_at, updated_at)"
                " VALUES (?, 'inspection_commission', ?, 'regular', ?,"
                " '[\"member_duties\"]', ?, '1-QĐ/UBKT', ?, 'concluded',"
                " 1, ?, ?)",
                (parent, rnd.choice(["inspection", "supervision"]), oid,
                 decided, decided, now, now))
            iid = cur.lastrowid
            n["inspections"] += 1
            for k in range(2):
                due = "2026-%02d-15" % (1 + rnd.randrange(12))
                done = None if (rnd.random() < 0.1 or due > "2026-11-25") \
                    else due
                c.execute("INSERT INTO inspection_recommendation"
                          " (inspection_id, text, owner, due_on, done_on,"
                          " version, created_at, updated_at) VALUES"
                          " (?, 'Khắc phục', 'Cấp ủy', ?, ?, 1, ?, ?)",
                          (iid, due, done, now, now))
                n["recommendations"] += 1
        if rnd.random() < 0.9:
            c.execute("INSERT INTO inspection (org_id, body, kind, form,"
                      " subject_org_id, content_codes, decided_on, from_on,"
                      " status, version, created_at, updated_at) VALUES"
                      " (?, ?, 'inspection', 'self', ?, '[]', '2026-01-20',"
                      " '2026-02-01', 'in_progress', 1, ?, ?)",
                      (oid, "cell" if kind in ("cell", "grassroots_cell")
                       else "committee", oid, now, now))
            n["self"] += 1
    c.execute("COMMIT")
    c.execute("ANALYZE")
    c.close()
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chibo", default="build-rel/chibo")
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=50)
    a = ap.parse_args()
    chibo = os.path.abspath(a.chibo)
    res = {"load_start": os.getloadavg()}
    t = time.monotonic()
    res["rows"] = load(a.db, 1)
    res["load_s"] = round(time.monotonic() - t, 1)
    c = sqlite3.connect(a.db)

    def most(kind):
        return c.execute(
            "SELECT o.id, (SELECT count(*) FROM org x WHERE x.parent_id ="
            " o.id) AS n FROM org o WHERE o.kind = ? ORDER BY n DESC"
            " LIMIT 1", (kind,)).fetchone()
    root = c.execute("SELECT id, code, (SELECT count(*) FROM org x WHERE"
                     " x.parent_id = o.id) FROM org o WHERE parent_id IS"
                     " NULL ORDER BY id LIMIT 1").fetchone()
    targets = {"root": root[::2], "province": most("province"),
               "upper_grassroots": most("upper_grassroots"),
               "grassroots": most("grassroots")}
    c.close()
    run([chibo, "--db", a.db, "user", "add", USER, "--role", "office",
         "--org", root[1], "--password-stdin"], input=PASSWORD + "\n")
    token = run([chibo, "--db", a.db, "token", "create", USER,
                 "--expires", "0"]).strip()
    port = free_port()
    env = dict(os.environ, CHIBO_TODAY="2026-11-25")
    srv = subprocess.Popen([chibo, "--db", a.db, "serve", "--listen",
                            f"127.0.0.1:{port}"], env=env,
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
        paths = {f"check_{k}_ms": (f"/api/v1/checks/inspection?year=2026"
                                   f"&org={v[0]}", v[1])
                 for k, v in targets.items() if v}
        paths["report_pdf_province_ms"] = (
            "/api/v1/checks/inspection/report.pdf?year=2026"
            f"&org={targets['province'][0]}", targets["province"][1])
        for name, (path, subs) in paths.items():
            _, body = get(port, path, token)  # warm
            v = [get(port, path, token)[0] * 1000 for _ in range(a.runs)]
            res[name] = {"subordinates": subs, "p50": round(pct(v, 50), 2),
                         "p99": round(pct(v, 99), 2), "n": a.runs,
                         "bytes": len(body)}
            print(name, res[name], file=sys.stderr)
    finally:
        os.killpg(srv.pid, signal.SIGTERM)
        srv.wait(timeout=30)
    res["load_end"] = os.getloadavg()
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
