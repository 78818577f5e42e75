#!/usr/bin/env python3
"""The audit trail people can read, on one backend (argv[1]): dossier views
recorded once per viewer, record and session within the window (and the
window a server option), labels in Vietnamese and English with the
account's display name, an import labelled from its file and linked from
its members, the filters (member, account, action, dates, import), and
`chibo audit verify` after the server is killed (SIGKILL) in the middle of
a stream of views and writes.
"""
import json
import os
import pwd
import re
import signal
import socket
import sys
import threading
import time

from apilib import (BACKEND, DEMO, TODAY, Client, Server, citizen_id,
                    create_member, demo_db, fields, import_apply,
                    members_all, new_cell, org_by_code, problem, run,
                    run_tests, sql, test, TMP)


class Ctx:
    pass


S = Ctx()


def login(port, role):
    c = Client(port)
    c.login(*DEMO[role])
    return c


def wait_for(fn, timeout=10.0):
    end = time.time() + timeout
    while True:
        v = fn()
        if v or time.time() > end:
            return v
        time.sleep(0.1)


def cell_members(c, code):
    return members_all(c, f"&org={org_by_code(c, code)['id']}&sort=id")


def views_of(db, mid):
    """The member.view entries of member mid, read behind the server's
    back (so that reading them is no view itself)."""
    return int(sql(db, "SELECT count(*) FROM audit WHERE action ="
                   f" 'member.view' AND object_id = {mid}")[0][0])


def settle(db, mid, at_least):
    """Waits until at least at_least views of mid are written, then one
    flusher tick more, and returns the count."""
    wait_for(lambda: views_of(db, mid) >= at_least)
    time.sleep(1.5)
    return views_of(db, mid)


# ------------------------------------------------------------- views

@test
def a_view_is_recorded_once_per_viewer_record_and_session():
    a = login(S.srv.port, "office")
    m, other = cell_members(S.admin, "CB-VP-3")[:2]
    base = views_of(S.db, m["id"])
    for _ in range(5):
        assert a.get(f"/api/v1/members/{m['id']}").status == 200
    assert settle(S.db, m["id"], base + 1) == base + 1
    # Another record in the same session is another view.
    base_other = views_of(S.db, other["id"])
    assert a.get(f"/api/v1/members/{other['id']}").status == 200
    assert settle(S.db, other["id"], base_other + 1) == base_other + 1
    # The same account signed in again: another session.
    b = login(S.srv.port, "office")
    assert b.get(f"/api/v1/members/{m['id']}").status == 200
    assert b.get(f"/api/v1/members/{m['id']}").status == 200
    assert settle(S.db, m["id"], base + 2) == base + 2
    # Another viewer in its own session.
    i = login(S.srv.port, "inspection")
    assert i.get(f"/api/v1/members/{m['id']}").status == 200
    assert settle(S.db, m["id"], base + 3) == base + 3
    # An API token is a session of its own: the same token, once.
    tok = run("token", "create", "vanphong", "--name", "audit-views",
              "--db", S.db).stdout.strip()
    t = Client(S.srv.port, bearer=tok)
    for _ in range(3):
        assert t.get(f"/api/v1/members/{m['id']}").status == 200
    assert settle(S.db, m["id"], base + 4) == base + 4
    # The first session still counts as seen.
    assert a.get(f"/api/v1/members/{m['id']}").status == 200
    assert settle(S.db, m["id"], base + 4) == base + 4
    got = [e for e in S.admin.js(f"/api/v1/members/{m['id']}/audit"
                                 "?limit=20")["items"]
           if e["action"] == "member.view"][:4]
    assert [e["actor"] for e in got] == \
        ["vanphong", "ubkt", "vanphong", "vanphong"], got
    assert all(e["label"] == "Xem hồ sơ" for e in got), got


@test
def the_window_is_a_server_option():
    db = S.db_plain
    m = cell_members(S.admin, "CB-VP-2")[0]
    # 0: every view is recorded.
    srv = Server(db, ["--view-window", "0"])
    try:
        c = login(srv.port, "office")
        base = views_of(db, m["id"])
        for _ in range(3):
            assert c.get(f"/api/v1/members/{m['id']}").status == 200
        assert settle(db, m["id"], base + 3) == base + 3
    finally:
        srv.stop()
    # 1 second: a view after the window is recorded again, a repeat
    # within it is not.
    srv = Server(db, ["--view-window", "1"])
    try:
        c = login(srv.port, "office")
        base = views_of(db, m["id"])
        assert c.get(f"/api/v1/members/{m['id']}").status == 200
        assert settle(db, m["id"], base + 1) == base + 1
        time.sleep(1.5)             # the window is over
        assert c.get(f"/api/v1/members/{m['id']}").status == 200
        assert c.get(f"/api/v1/members/{m['id']}").status == 200
        assert settle(db, m["id"], base + 2) == base + 2
    finally:
        srv.stop()
    for bad in ("-1", "x", "", "99999999999"):
        p = run("serve", "--db", db, "--view-window", bad, check=False)
        assert p.returncode == 2 and "--view-window" in p.stderr, (bad, p)


# ------------------------------------------------------------ labels

@test
def entries_carry_labels_and_the_display_name():
    c = login(S.srv.port, "office")
    me = c.js("/api/v1/session")["user"]
    cell = new_cell(c, "DBCS-VP")
    m = create_member(c, cell["id"], "Quách Thị Nhãn")
    path = f"/api/v1/members/{m['id']}"
    assert c.req("PATCH", path, {"phone": "0912 555 666"}).status == 200
    assert c.get(path).status == 200
    wait_for(lambda: views_of(S.db, m["id"]) >= 1)
    items = c.js(path + "/audit")["items"]
    by = {e["action"]: e for e in items}
    assert by["member.create"]["label"] == "Tạo hồ sơ", by
    assert by["member.update"]["label"] == "Cập nhật hồ sơ", by
    assert by["member.view"]["label"] == "Xem hồ sơ", by
    for e in items:
        assert e["actor_name"] == me["display_name"] and \
            e["actor_name"], (e, me)
        assert e["object_name"] == "Quách Thị Nhãn", e
        assert e["import_batch"] is None, e
    en = Client(S.srv.port, cookie=c.cookie, csrf=c.csrf,
                headers={"Accept-Language": "en"})
    by = {e["action"]: e for e in en.js(path + "/audit")["items"]}
    assert by["member.create"]["label"] == "Created the record", by
    assert by["member.update"]["label"] == "Updated the record", by
    assert by["member.view"]["label"] == "Viewed the record", by
    # Exports and sign-ins have theirs.
    assert c.get(f"/api/v1/members/export?org={cell['id']}").status == 200
    ex = c.js("/api/v1/audit?action=member.export&limit=1")["items"][0]
    assert ex["label"] == "Xuất danh sách", ex
    ses = S.admin.js("/api/v1/audit?action=session.create&limit=1")
    assert ses["items"][0]["label"] == "Đăng nhập", ses
    assert ses["items"][0]["object_name"] is None, ses
    # The actions and their labels, for the filter: from the same table.
    acts = {x["action"]: x["label"]
            for x in c.js("/api/v1/audit/actions")["items"]}
    assert acts["member.view"] == "Xem hồ sơ" and \
        acts["member.import"] == "Nhập danh sách đảng viên", acts
    assert len(acts) >= 20 and all(v and not v.startswith("Thao tác")
                                   for v in acts.values()), acts
    acts = {x["action"]: x["label"]
            for x in en.js("/api/v1/audit/actions")["items"]}
    assert acts["session.create"] == "Signed in", acts
    problem(login(S.srv.port, "secretary").get("/api/v1/audit/actions"),
            403, "forbidden")
    # The whole trail: never an action's name where a label should be.
    for e in S.admin.js("/api/v1/audit?limit=1000")["items"]:
        assert e["label"] and not e["label"].startswith("Thao tác"), e


@test
def an_import_is_one_labelled_entry_its_members_link_to():
    db = S.db_import
    srv = Server(db)
    try:
        a = login(srv.port, "admin")
        items = a.js("/api/v1/audit?action=member.import")["items"]
        assert len(items) == 1, items
        imp = items[0]
        assert imp["object_type"] == "batch" and \
            imp["import_batch"] == imp["object_id"], imp
        d = imp["detail"]
        assert d["file_name"] == "DS-2026.csv" and \
            re.fullmatch(r"[0-9a-f]{64}", d["file_sha256"]), d
        assert imp["label"] == f"Nhập tệp DS-2026.csv, {d['rows']} dòng", imp
        assert d["rows"] == 3, d
        assert imp["actor"] == S.cli_actor, imp
        en = Client(srv.port, cookie=a.cookie, csrf=a.csrf,
                    headers={"Accept-Language": "en"})
        got = en.js(f"/api/v1/audit?batch={imp['object_id']}")["items"]
        assert [e["id"] for e in got] == [imp["id"]], got
        assert got[0]["label"] == \
            f"Imported file DS-2026.csv, {d['rows']} rows", got
        # Each member it wrote knows its batch (history), and the batch
        # filter finds the import's entry from it.
        ms = members_all(a, "&sort=id")
        assert len(ms) == 3, ms
        for m in ms:
            h = a.js(f"/api/v1/members/{m['id']}/history")["items"]
            made = [e for e in h if e["kind"] == "record_created"]
            assert made and made[0]["details"]["import_batch_id"] == \
                imp["object_id"], h
        assert a.js("/api/v1/audit?batch=999999")["items"] == []
    finally:
        srv.stop()


@test
def an_import_into_a_register_links_its_members_to_its_entry():
    """The row path (a register with members): one member.import entry
    labelled from the file's name and rows; each member entry it wrote
    carries its batch, and ?batch= finds the import's entry."""
    c = login(S.srv.port, "office")
    cell = new_cell(c, "DBCS-VP")
    body = ("full_name,gender,birth_date,ethnicity,citizen_id,admitted_on,"
            "official_on,status,org_code\n" + "".join(
                f"Nhập Văn {n},male,1990-01-02,Kinh,{citizen_id()},"
                f"2015-03-10,2016-03-10,official,{cell['code']}\n"
                for n in ("Một", "Hai")))
    r = import_apply(c, body, query="file_name=DS-2026.csv")
    assert r.status == 200, r
    imp = S.admin.js("/api/v1/audit?action=member.import&limit=1")["items"][0]
    assert imp["label"] == "Nhập tệp DS-2026.csv, 2 dòng", imp
    batch = imp["import_batch"]
    assert batch and batch == imp["object_id"], imp
    made = S.admin.js(f"/api/v1/audit?org={cell['id']}&action=member.create"
                      )["items"]
    assert len(made) == 2 and all(e["import_batch"] == batch
                                  for e in made), made
    got = S.admin.js(f"/api/v1/audit?batch={batch}")["items"]
    assert [e["id"] for e in got] == [imp["id"]], got


# ----------------------------------------------------------- filters

@test
def the_trail_filters_by_account_action_dates_and_member():
    c = login(S.srv.port, "office")
    cell = new_cell(c, "DBCS-VP")
    m = create_member(c, cell["id"], "Quách Văn Lọc")
    run("member", "edit", str(m["id"]), "--phone", "0912 777 888",
        "--db", S.db)
    mine = S.admin.js("/api/v1/audit?user=vanphong&limit=200")["items"]
    assert mine and all(e["actor"] == "vanphong" for e in mine), mine
    cli = S.admin.js("/api/v1/audit?user=" + S.cli_actor.replace(
        "@", "%40") + f"&member={m['id']}")["items"]
    assert [e["action"] for e in cli] == ["member.update"], cli
    assert cli[0]["actor_name"] is None, cli
    # Dates are days in Asia/Ho_Chi_Minh, both ends included.
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))
    yesterday = time.strftime("%Y-%m-%d",
                              time.gmtime(time.time() - 17 * 3600))
    q = f"/api/v1/audit?member={m['id']}"
    assert len(S.admin.js(f"{q}&from={today}&to={today}")["items"]) == 2
    assert S.admin.js(f"{q}&to={yesterday}")["items"] == []
    assert len(S.admin.js(f"{q}&from={yesterday}")["items"]) == 2
    assert [e["action"] for e in S.admin.js(
        f"{q}&action=member.create&user=vanphong")["items"]] == \
        ["member.create"]
    # Paging keeps the filters.
    p1 = S.admin.js(f"/api/v1/audit?user=vanphong&limit=2")
    p2 = S.admin.js(f"/api/v1/audit?user=vanphong&limit=2&cursor="
                    f"{p1['next_cursor']}")
    assert p2["items"] and all(e["actor"] == "vanphong"
                               for e in p2["items"]), p2
    assert p2["items"][0]["id"] < p1["items"][-1]["id"]
    # Bad values: 400 with the field.
    for qs, field in (("from=31/12/2026", "from"), ("to=2026-02-30", "to"),
                      ("batch=0", "batch"), ("user=" + "x" * 200, "user")):
        p = problem(S.admin.get("/api/v1/audit?" + qs), 400, "invalid_query")
        assert field in {e["field"] for e in p["errors"]}, (qs, p)


# ------------------------------------------------------- crash safety

@test
def the_chain_survives_sigkill_during_views_and_writes():
    db = S.db_kill
    srv = Server(db)
    c = login(srv.port, "office")
    ms = cell_members(c, "CB-VP-1")[:6]
    stop = threading.Event()
    errors = []

    def viewer(k):
        cc = login(srv.port, "office")
        i = 0
        while not stop.is_set():
            try:
                cc.get(f"/api/v1/members/{ms[(i + k) % len(ms)]['id']}")
            except Exception:       # noqa: BLE001 - the server dies
                return
            i += 1

    def writer():
        cc = Client(srv.port, cookie=c.cookie, csrf=c.csrf)
        i = 0
        while not stop.is_set():
            try:
                cc.req("PATCH", f"/api/v1/members/{ms[i % len(ms)]['id']}",
                       {"phone": "0913%06d" % i})
            except Exception:       # noqa: BLE001
                return
            i += 1

    threads = [threading.Thread(target=viewer, args=(k,)) for k in range(3)]
    threads.append(threading.Thread(target=writer))
    for t in threads:
        t.start()
    # Let the stream run until writes and views have reached the chain.
    wait_for(lambda: int(sql(db, "SELECT count(*) FROM audit WHERE action"
                             " = 'member.update'")[0][0]) >= 10, 30)
    srv.proc.send_signal(signal.SIGKILL)
    srv.proc.wait(timeout=30)
    stop.set()
    for t in threads:
        t.join(30)
    srv.proc.stdout.close()
    srv.errfile.close()
    assert not errors, errors
    p = run("audit", "verify", "--db", db, check=False, CHIBO_LANG="en")
    assert p.returncode == 0 and "intact" in p.stdout, p
    n = int(sql(db, "SELECT count(*) FROM audit")[0][0])
    # And the server starts again on it and keeps the chain going.
    srv = Server(db)
    try:
        c = login(srv.port, "office")
        assert c.get(f"/api/v1/members/{ms[0]['id']}").status == 200
        assert c.req("PATCH", f"/api/v1/members/{ms[0]['id']}",
                     {"phone": "0913 999 999"}).status == 200
    finally:
        srv.stop()
    p = run("audit", "verify", "--db", db, check=False, CHIBO_LANG="en")
    assert p.returncode == 0 and "intact" in p.stdout, p
    assert int(sql(db, "SELECT count(*) FROM audit")[0][0]) > n


# -------------------------------------------------------------- set-up

def import_db():
    """A register filled by one import of DS-2026.csv (the fast path: an
    empty register) from the command line."""
    from apilib import fresh_db
    db = fresh_db("audit_import")
    run("init", "--db", db)
    run("org", "add", "--code", "DB-THU", "--name", "Đảng bộ Thử",
        "--kind", "grassroots", "--db", db)
    run("org", "add", "--code", "CB-THU-1", "--name", "Chi bộ Thử 1",
        "--kind", "cell", "--parent", "DB-THU", "--db", db)
    path = f"{TMP}/DS-2026.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("full_name,gender,birth_date,ethnicity,citizen_id,"
                "admitted_on,official_on,status,org_code\n")
        for name in ("Lý Văn Một", "Lý Thị Hai", "Lý Văn Ba"):
            f.write(f"{name},male,1990-01-02,Kinh,{citizen_id()},"
                    "2015-03-10,2016-03-10,official,CB-THU-1\n")
    run("import", "members", path, "--db", db)
    run("user", "add", "admin", "--role", "admin", "--org", "DB-THU",
        "--password-stdin", "--db", db, stdin=DEMO["admin"][1] + "\n")
    return db


def setup():
    S.db = demo_db("audit")
    S.db_plain = demo_db("audit_plain", "3")
    S.db_kill = demo_db("audit_kill", "5")
    # The command line's actor: the system's account and host.
    S.cli_actor = "cli:%s@%s" % (pwd.getpwuid(os.geteuid()).pw_name,
                                 socket.gethostname())
    S.db_import = import_db()
    S.srv = Server(S.db)
    S.admin = login(S.srv.port, "admin")


def teardown():
    err = S.srv.stop()
    assert "chibo: audit:" not in err, err
    for db in (S.db, S.db_plain):
        p = run("audit", "verify", "--db", db, check=False, CHIBO_LANG="en")
        assert p.returncode == 0, p


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
