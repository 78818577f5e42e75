#!/usr/bin/env python3
"""Scale-out (docs/deployment.md): two `chibo serve` processes on one
PostgreSQL database, as behind nginx, where consecutive requests of one
browser land on either.  Nothing may depend on which process answers: a
session made on one works on the other, with its CSRF token; an edit with
If-Match sees the other's edits; writes made at the same time through both
end in one unbroken audit chain (`chibo audit verify`) holding every one of
them; signing out, a new password, a disabled account or changed grants
take effect in the other process at once; the sign-in throttling counts
failures made on either.

On caching (src/http/authcache.c): each process keeps the principals
(grants) of the accounts signed in to it, but the session or token and its
account are read from the database on every request, and a kept principal
is used only if that read reports the account version, own organisation
and granted organisations' versions it was loaded at.  So every change
above, and moving an organisation someone has a grant on, is seen by the
very next request, whichever process serves it; this test asserts exactly
that, without waiting out any cache lifetime.

PostgreSQL only (registered for the pg backend; exit 77 without
CHIBO_TEST_PG).
"""
import re
import sys
import threading

from apilib import (BACKEND, DEMO, Client, Server, demo_db, members_all,
                    org_by_code, problem, run, run_tests, sql, test)

if BACKEND != "pg":
    print("scale-out needs PostgreSQL: skipped on " + BACKEND)
    sys.exit(77)

class Ctx:
    pass


S = Ctx()
PHONE = [0]


def phone():
    PHONE[0] += 1
    return "0912%06d" % PHONE[0]


def start_pair():
    S.a = Server(S.db)
    S.b = Server(S.db)


def stop_pair():
    for srv in (S.a, S.b):
        err = srv.stop()
        assert "chibo: audit:" not in err, err   # no view lost or failed


def login(port, role=None, user=None, pw=None):
    c = Client(port)
    if role is not None:
        user, pw = DEMO[role]
    c.login(user, pw)
    return c


def on(port, c):
    """The same credentials (cookie and CSRF token), sent to another
    process: what nginx does when it picks another upstream."""
    return Client(port, cookie=c.cookie, csrf=c.csrf)


def cell_members(code):
    admin = login(S.a.port, "admin")
    return members_all(admin, f"&org={org_by_code(admin, code)['id']}"
                       "&sort=id")


def add_user(name, role, org, password):
    run("user", "add", name, "--role", role, "--org", org,
        "--password-stdin", "--db", S.db, stdin=password + "\n")


def etag(r):
    v = r.headers.get("etag")
    assert v and re.fullmatch(r'"\d+"', v), r
    return v


def count(query):
    return int(sql(S.db, query)[0][0])


# ----------------------------------------------------------------- tests

@test
def a_session_made_on_one_process_works_on_the_other():
    a = login(S.a.port, "office")
    b = on(S.b.port, a)
    me = b.js("/api/v1/session")
    assert me["user"]["username"] == "vanphong", me
    assert me["csrf_token"] == a.csrf, me          # derived, not stored
    m = cell_members("CB-VP-1")[0]
    r = b.req("PATCH", f"/api/v1/members/{m['id']}", {"phone": phone()})
    assert r.status == 200, r
    # The CSRF check is the same in both.
    problem(b.req("PATCH", f"/api/v1/members/{m['id']}", {"phone": phone()},
                  csrf=False), 403, "csrf_failed")
    # And the other way round.
    assert on(S.a.port, b).get("/api/v1/session").status == 200


@test
def if_match_sees_the_other_process_edits():
    a = login(S.a.port, "office")
    b = on(S.b.port, a)
    m = cell_members("CB-VP-2")[0]
    path = f"/api/v1/members/{m['id']}"
    r = a.get(path)
    assert r.status == 200, r
    old = etag(r)
    new_phone = phone()
    r = b.req("PATCH", path, {"phone": new_phone}, headers={"If-Match": old})
    assert r.status == 200, r
    new = etag(r)
    assert new != old and r.json()["phone"] == new_phone, r
    # A's copy is stale now, and A knows it: the version is the database's.
    problem(a.req("PATCH", path, {"phone": phone()},
                  headers={"If-Match": old}), 412, "precondition_failed")
    r = a.get(path)
    assert etag(r) == new and r.json()["phone"] == new_phone, r
    r = a.req("PATCH", path, {"phone": phone()}, headers={"If-Match": new})
    assert r.status == 200, r


@test
def concurrent_writes_through_both_end_in_one_audit_chain():
    office = login(S.a.port, "office")
    members = cell_members("CB-BTG-3")
    shared = members[0]
    own = members[1:9]                      # one per writer thread
    assert len(own) == 8, members
    per_thread = 15
    before = {m["id"]: count(
        "SELECT count(*) FROM audit WHERE action = 'member.update'"
        f" AND object_id = {m['id']}") for m in members[:9]}
    views_before = count("SELECT count(*) FROM audit WHERE action ="
                         f" 'member.view' AND object_id = {shared['id']}")
    errors, lock = [], threading.Lock()
    results = {"ok": 0, "stale": 0, "views": 0}

    def writer(port, m):
        # Unconditional writes of its own member: every one must pass.
        c = on(port, office)
        try:
            for _ in range(per_thread):
                r = c.req("PATCH", f"/api/v1/members/{m['id']}",
                          {"phone": phone()})
                assert r.status == 200, r
        except Exception as e:              # noqa: BLE001
            with lock:
                errors.append(repr(e))
        finally:
            c.close()

    def contender(port):
        # Read, then write with If-Match, against the other process doing
        # the same: each write either wins or is told it lost (412).
        c = on(port, office)
        path = f"/api/v1/members/{shared['id']}"
        try:
            for _ in range(20):
                r = c.get(path)
                assert r.status == 200, r
                tag = etag(r)
                r = c.req("PATCH", path, {"phone": phone()},
                          headers={"If-Match": tag})
                assert r.status in (200, 412), r
                with lock:
                    results["views"] += 1
                    results["ok" if r.status == 200 else "stale"] += 1
        except Exception as e:              # noqa: BLE001
            with lock:
                errors.append(repr(e))
        finally:
            c.close()

    v0 = int(office.get(f"/api/v1/members/{shared['id']}")
             .headers["etag"].strip('"'))
    threads = [threading.Thread(target=writer,
                                args=(S.a.port if i % 2 else S.b.port, m))
               for i, m in enumerate(own)]
    threads += [threading.Thread(target=contender, args=(p,))
                for p in (S.a.port, S.b.port)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors, errors
    assert results["ok"] + results["stale"] == 40, results
    print(f"     contended If-Match writes: {results['ok']} won,"
          f" {results['stale']} answered 412")
    # Exactly the winning writes moved the version.
    r = office.get(f"/api/v1/members/{shared['id']}")
    assert int(r.headers["etag"].strip('"')) == v0 + results["ok"], \
        (v0, results, r.headers)
    # Stopped cleanly, both processes have written their queued views.
    stop_pair()
    p = run("audit", "verify", "--db", S.db)
    m = re.search(r"(\d+) entries", p.stdout + p.stderr)
    assert m, p
    n, lo, hi = sql(S.db, "SELECT count(*), min(id), max(id) FROM audit")[0]
    assert int(m.group(1)) == int(n) and lo == "1" and int(hi) == int(n), \
        (p.stdout, n, lo, hi)             # consecutive ids, none missing
    head = sql(S.db, "SELECT last_id FROM audit_head")[0][0]
    assert head == hi, (head, hi)
    for mm in own:
        got = count("SELECT count(*) FROM audit WHERE action ="
                    f" 'member.update' AND object_id = {mm['id']}")
        assert got - before[mm["id"]] == per_thread, (mm["id"], got)
    got = count("SELECT count(*) FROM audit WHERE action = 'member.update'"
                f" AND object_id = {shared['id']}")
    assert got - before[shared["id"]] == results["ok"], (got, results)
    views = count("SELECT count(*) FROM audit WHERE action = 'member.view'"
                  f" AND object_id = {shared['id']}")
    # The contenders' reads, and the two reads of v0 and the final
    # check: all in one session, through both processes, so one view
    # (recorded once per viewer, record and session: the processes share
    # what was recorded).
    assert results["views"] == 40 and views - views_before == 1, \
        (views, views_before, results)
    start_pair()


@test
def signing_out_on_one_ends_the_session_on_the_other():
    a = login(S.a.port, "office")
    b = on(S.b.port, a)
    assert b.get("/api/v1/members?limit=1").status == 200   # B knows it
    r = a.req("DELETE", "/api/v1/session")
    assert r.status == 204, r
    # At once: B reads the session from the database on every request.
    problem(b.get("/api/v1/members?limit=1", keep_cookie=False), 401,
            "not_signed_in")
    problem(b.get("/api/v1/session"), 401, "not_signed_in")


@test
def new_password_and_disabled_account_are_honoured_everywhere():
    add_user("ca-truc", "office", "DBCS-VP", "mat-khau-truc-1")
    a = login(S.a.port, user="ca-truc", pw="mat-khau-truc-1")
    b = login(S.b.port, user="ca-truc", pw="mat-khau-truc-1")
    for c in (a, b, on(S.b.port, a), on(S.a.port, b)):
        assert c.get("/api/v1/session").status == 200
    # A new password (through a third process, the command line) ends
    # every session of the account, in both servers, at once.
    run("user", "passwd", "ca-truc", "--password-stdin", "--db", S.db,
        stdin="mat-khau-truc-2\n")
    for c in (a, b, on(S.b.port, a), on(S.a.port, b)):
        problem(c.get("/api/v1/session", keep_cookie=False), 401,
                "not_signed_in")
    problem(Client(S.a.port).req(
        "POST", "/api/v1/session", {"username": "ca-truc",
                                    "password": "mat-khau-truc-1"}),
        401, "bad_credentials")
    a = login(S.a.port, user="ca-truc", pw="mat-khau-truc-2")
    b = on(S.b.port, a)
    assert b.get("/api/v1/session").status == 200
    # Disabled: refused by both at once; enabled again, the old session
    # stays ended.
    run("user", "disable", "ca-truc", "--db", S.db)
    problem(b.get("/api/v1/session", keep_cookie=False), 401, "not_signed_in")
    problem(a.get("/api/v1/session", keep_cookie=False), 401, "not_signed_in")
    problem(Client(S.b.port).req(
        "POST", "/api/v1/session", {"username": "ca-truc",
                                    "password": "mat-khau-truc-2"}),
        401, "bad_credentials")
    run("user", "enable", "ca-truc", "--db", S.db)
    problem(b.get("/api/v1/session"), 401, "not_signed_in")
    assert login(S.b.port, user="ca-truc", pw="mat-khau-truc-2")


@test
def changed_grants_are_honoured_everywhere():
    add_user("to-chuc", "office", "DBCS-HVDT", "mat-khau-tochuc-1")
    inside = cell_members("CB-HVDT-2")[0]
    other = cell_members("CB-TCBDT-1")[0]
    a = login(S.a.port, user="to-chuc", pw="mat-khau-tochuc-1")
    b = on(S.b.port, a)
    # Both processes now keep this account's principal.
    for c in (a, b):
        assert c.get(f"/api/v1/members/{inside['id']}").status == 200
        problem(c.get(f"/api/v1/members/{other['id']}"), 404,
                "member_not_found")
    # The office role becomes a viewer's on the same organisation (no full
    # dossiers): the next request of either process knows.
    run("user", "grant", "to-chuc", "--role", "viewer", "--org",
        "DBCS-HVDT", "--db", S.db)
    run("user", "revoke", "to-chuc", "--role", "office", "--org",
        "DBCS-HVDT", "--db", S.db)
    for c in (b, a):
        problem(c.get(f"/api/v1/members/{inside['id']}"), 403, "forbidden")
        assert c.get(f"/api/v1/members?limit=1").status == 200
    # ... and gains DBCS-TCBDT.
    run("user", "grant", "to-chuc", "--role", "office", "--org",
        "DBCS-TCBDT", "--db", S.db)
    for c in (b, a):
        problem(c.get(f"/api/v1/members/{inside['id']}"), 403, "forbidden")
        assert c.get(f"/api/v1/members/{other['id']}").status == 200
        grants = {(g["role"], g["org_code"])
                  for g in c.js("/api/v1/session")["user"]["grants"]}
        assert grants == {("viewer", "DBCS-HVDT"),
                          ("office", "DBCS-TCBDT")}, grants


@test
def sign_in_throttling_counts_failures_on_both():
    add_user("khoa-chung", "viewer", "DBCS-VP", "mat-khau-dung-1")
    for i in range(5):
        srv = S.a if i % 2 else S.b
        r = Client(srv.port).req("POST", "/api/v1/session", {
            "username": "khoa-chung", "password": f"sai-mat-khau-{i}"})
        problem(r, 401, "bad_credentials")
    # The sixth attempt, right this time, on either: locked.
    for srv in (S.a, S.b):
        r = Client(srv.port).req("POST", "/api/v1/session", {
            "username": "khoa-chung", "password": "mat-khau-dung-1"})
        problem(r, 429, "too_many_attempts")


@test
def moving_an_organisation_is_honoured_everywhere():
    """A move changes the paths grants cover: the secretary of the moved
    cell keeps it, the office of the unit it left loses it, at once in the
    process that did not make the move."""
    add_user("bi-thu-tt4", "secretary", "CB-TTTT-4", "mat-khau-bithu-1")
    add_user("vp-tttt", "office", "DBCS-TTTT", "mat-khau-vptttt-1")
    mine = cell_members("CB-TTTT-4")[0]
    outside = cell_members("CB-TTTT-3")[0]
    sec = on(S.b.port, login(S.a.port, user="bi-thu-tt4",
                             pw="mat-khau-bithu-1"))
    old_unit = on(S.b.port, login(S.a.port, user="vp-tttt",
                                  pw="mat-khau-vptttt-1"))
    # B keeps both principals now.
    assert sec.get(f"/api/v1/members/{mine['id']}").status == 200
    problem(sec.get(f"/api/v1/members/{outside['id']}"), 404,
            "member_not_found")
    assert old_unit.get(f"/api/v1/members/{mine['id']}").status == 200
    office = login(S.a.port, "office")
    cell = org_by_code(office, "CB-TTTT-4")
    to = org_by_code(office, "DBCS-TCBDT")
    r = office.req("PATCH", f"/api/v1/orgs/{cell['id']}",
                   {"parent_id": to["id"], "on": "2026-11-01",
                    "doc_no": "15-QĐ/ĐU"})
    assert r.status == 200, r
    assert r.json()["parent_id"] == to["id"], r
    # On B, at once.
    assert sec.get(f"/api/v1/members/{mine['id']}").status == 200
    problem(sec.get(f"/api/v1/members/{outside['id']}"), 404,
            "member_not_found")
    problem(old_unit.get(f"/api/v1/members/{mine['id']}"), 404,
            "member_not_found")
    assert old_unit.get(f"/api/v1/members/{outside['id']}").status == 200


@test
def a_member_moved_is_known_everywhere():
    """An account linked to a member record sees that member's organisation
    without a grant on it (its record, as the list shows it: issue 12):
    moving the member moves that, in both processes at once."""
    me = on(S.b.port, login(S.a.port, "member"))
    mid = me.js("/api/v1/session")["user"]["member_id"]
    target = org_by_code(login(S.a.port, "admin"), "CB-VP-5")["id"]
    problem(me.get(f"/api/v1/orgs/{target}"), 404, "org_not_found")
    office = login(S.a.port, "office")
    r = office.req("POST", f"/api/v1/members/{mid}/events",
                   {"kind": "moved", "on": "2026-11-02",
                    "org_id": target, "doc_no": "16-QĐ/ĐU"})
    assert r.status == 200 and r.json()["org_id"] == target, r
    d = me.js(f"/api/v1/orgs/{target}")
    assert d["id"] == target and "counts" not in d, d
    assert me.js(f"/api/v1/members/{mid}")["org_id"] == target


# --------------------------------------------------------------- set-up

def setup():
    S.db = demo_db("scaleout")
    start_pair()


def teardown():
    stop_pair()
    p = run("audit", "verify", "--db", S.db)
    assert "intact" in p.stdout + p.stderr or p.returncode == 0, p


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
