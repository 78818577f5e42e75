#!/usr/bin/env python3
"""Concurrent writes to one record (issue 12, finding 10), on one backend
(argv[1]): a write without If-Match is unconditional (docs/api.md), so
clients changing the same member or organisation at once are served one
after the other, never refused with 412; only a write with a stale
If-Match is.  On PostgreSQL 4 clients x 100 PATCH /members/10 got 170
answers 412 before svc read the record under the writers' lock
(store_write_lock).

Bounded: 4 clients x 25 writes per route.
"""
import sys
import threading

from apilib import (DEMO, TODAY, Client, Server, demo_db, org_by_code,
                    members_all, problem, run_tests, test)

CLIENTS = 4
WRITES = 25


class W:
    pass


def hammer(make_request):
    """Runs CLIENTS threads of WRITES requests each, started together;
    make_request(client, t, i) sends one and returns its status.  Returns
    the statuses."""
    statuses = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)
    errors = []

    def worker(t):
        try:
            c = Client(W.srv.port)
            c.login(*DEMO["office"])
            start.wait()
            for i in range(WRITES):
                s = make_request(c, t, i)
                with lock:
                    statuses.append(s)
            c.close()
        except Exception as e:      # noqa: BLE001 - reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=worker, args=(t,))
               for t in range(CLIENTS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=300)
    assert not errors, errors
    assert len(statuses) == CLIENTS * WRITES, len(statuses)
    return statuses


def tally(statuses):
    out = {}
    for s in statuses:
        out[s] = out.get(s, 0) + 1
    return out


@test
def member_patches_without_if_match_serialise():
    mid = W.member["id"]
    v0 = W.admin.js(f"/api/v1/members/{mid}")["version"]

    def patch(c, t, i):
        # A distinct number each time: every write changes the record.
        r = c.req("PATCH", f"/api/v1/members/{mid}",
                  {"phone": "0912 %03d %03d" % (t, i)})
        return r.status

    got = tally(hammer(patch))
    assert got == {200: CLIENTS * WRITES}, got
    v = W.admin.js(f"/api/v1/members/{mid}")["version"]
    assert v == v0 + CLIENTS * WRITES, (v0, v)


@test
def org_patches_without_if_match_serialise():
    oid = W.cell["id"]
    v0 = W.admin.js(f"/api/v1/orgs/{oid}")["version"]

    def patch(c, t, i):
        r = c.req("PATCH", f"/api/v1/orgs/{oid}",
                  {"name": f"Chi bộ Đồng thời {t}-{i}", "on": TODAY,
                   "doc_no": "07-QĐ/ĐU"})
        return r.status

    got = tally(hammer(patch))
    assert got == {200: CLIENTS * WRITES}, got
    v = W.admin.js(f"/api/v1/orgs/{oid}")["version"]
    assert v == v0 + CLIENTS * WRITES, (v0, v)


@test
def member_events_without_if_match_serialise():
    mid = W.mover["id"]
    cells = [W.mover["org_id"], W.cell["id"]]

    def moved(c, t, i):
        r = c.req("POST", f"/api/v1/members/{mid}/events",
                  {"kind": "moved", "on": TODAY,
                   "org_id": cells[(t + i) % 2]})
        return r.status

    before = W.admin.js(f"/api/v1/members/{mid}/history")["items"]
    got = tally(hammer(moved))
    assert got == {200: CLIENTS * WRITES}, got
    after = W.admin.js(f"/api/v1/members/{mid}/history")["items"]
    assert len([e for e in after if e["kind"] == "moved"]) == \
        CLIENTS * WRITES + len([e for e in before if e["kind"] == "moved"]), \
        (len(before), len(after))


@test
def a_delete_without_if_match_among_patches_is_not_refused():
    """Deleting while others change the record: 204, never 412; the
    changes after it find no record (404)."""
    mid = W.victim["id"]

    def patch_or_delete(c, t, i):
        if t == 0 and i == WRITES // 2:
            return c.req("DELETE", f"/api/v1/members/{mid}").status
        return c.req("PATCH", f"/api/v1/members/{mid}",
                     {"phone": "0914 %03d %03d" % (t, i)}).status

    got = tally(hammer(patch_or_delete))
    assert set(got) <= {200, 204, 404} and got.get(204) == 1, got
    assert W.admin.get(f"/api/v1/members/{mid}").status == 404


@test
def a_stale_if_match_is_still_refused():
    mid = W.member["id"]
    m = W.admin.js(f"/api/v1/members/{mid}")
    r = W.admin.req("PATCH", f"/api/v1/members/{mid}",
                    {"phone": "0912 999 001"},
                    headers={"If-Match": f'"{m["version"]}"'})
    assert r.status == 200, r
    r = W.admin.req("PATCH", f"/api/v1/members/{mid}",
                    {"phone": "0912 999 002"},
                    headers={"If-Match": f'"{m["version"]}"'})
    problem(r, 412, "precondition_failed")
    o = W.admin.js(f"/api/v1/orgs/{W.cell['id']}")
    r = W.admin.req("PATCH", f"/api/v1/orgs/{W.cell['id']}",
                    {"name": "Chi bộ Cũ", "on": TODAY},
                    headers={"If-Match": f'"{o["version"] - 1}"'})
    problem(r, 412, "precondition_failed")


def setup():
    W.db = demo_db("concurrency", "5")
    W.srv = Server(W.db)
    W.admin = Client(W.srv.port)
    W.admin.login(*DEMO["admin"])
    W.cell = org_by_code(W.admin, "CB-VP-2")
    members = members_all(W.admin, f"&org={W.cell['id']}&sort=id")
    W.member = members[0]
    W.victim = members[1]
    W.mover = members_all(W.admin, "&org=%d&sort=id" %
                          org_by_code(W.admin, "CB-VP-3")["id"])[0]


def teardown():
    W.admin.close()
    W.srv.stop()


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
