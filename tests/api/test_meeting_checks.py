#!/usr/bin/env python3
"""The meetings check over the API and the CLI, on one backend (argv[1]),
on the demo (12 past months of meetings for every cell, with lapses):
GET /api/v1/checks/meetings pages through the subtree's findings in tree
order, its counts by code equal the findings counted here, each finding
carries its rule, citation and message (Vietnamese; English with
Accept-Language: en), `chibo check meetings --format json` gives the same
findings, a viewer gets no member names, a secretary its own cell; bad
input is a 400 naming the field.  GET /api/v1/orgs/{id}/meetings/
compliance shows each cell x month with the codes the findings list.

Who may read them is test_authz.py's business (the routes are in its
matrix).

The check's wiring, on a demo without meetings: the writes of the other
parts of a meeting keep its organisation's findings in their
transaction -- a material made available late (materials_late, gone
with the material), a resolution approved late (resolution_late), a
check-in and a sign-in sheet (the month's present count,
attendance_low), minutes written (the heat map's minutes).  A read
refreshes only stale findings, so each of these fails if its write stops
keeping the check.
"""
import json
import time

from apilib import (Server, demo_db, fields, org_by_code, orgs_all, problem,
                    run, run_tests, test)

CODES = {"regular_missing", "thematic_missing", "duration_short",
         "materials_late", "resolution_late", "attendance_low",
         "member_absent_3_months"}


class Ctx:
    pass


C = Ctx()


def setup():
    C.db = demo_db("mchecks")
    C.srv = Server(C.db)
    C.admin = C.srv.client("admin")
    # The wiring's tests: a demo without meetings, its own server.
    C.wdb = demo_db("mchecks_wiring", meetings=False)
    C.wsrv = Server(C.wdb)
    C.wadmin = C.wsrv.client("admin")
    C.wsec = C.wsrv.client("secretary")     # bithu: CB-VP-1
    C.wmem = C.wsrv.client("member")        # dangvien: on CB-VP-1's roll
    C.wcell = org_by_code(C.wadmin, "CB-VP-1")
    C.wunit = org_by_code(C.wadmin, "DBCS-VP")


def teardown():
    for c in (C.admin, C.wadmin, C.wsec, C.wmem):
        c.close()
    C.srv.stop()
    C.wsrv.stop()


def all_findings(c, query, lang=None):
    items, cursor, first = [], None, None
    while True:
        q = query + "&limit=40" + (f"&cursor={cursor}" if cursor else "")
        r = c.get("/api/v1/checks/meetings?" + q,
                  headers={"Accept-Language": lang} if lang else None)
        assert r.status == 200, r
        j = r.json()
        first = first or j
        assert j["counts"] == first["counts"], j
        items += j["items"]
        cursor = j.get("next_cursor")
        if not cursor:
            return first, items


@test
def findings_and_counts():
    root = org_by_code(C.admin, "DB-BDTTG")
    head, items = all_findings(C.admin, f"year=2026&org={root['id']}")
    assert head["org_id"] == root["id"] and head["year"] == 2026, head
    assert head["stale"] is False, head
    counted = {}
    for f in items:
        assert f["code"] in CODES, f
        for k in ("org_id", "period", "rule_id", "citation", "message"):
            assert f.get(k), (k, f)
        counted[f["code"]] = counted.get(f["code"], 0) + 1
    assert counted == head["counts"], (counted, head["counts"])
    # The demo's lapses are there.
    for code in ("regular_missing", "thematic_missing", "duration_short",
                 "member_absent_3_months"):
        assert counted.get(code, 0) > 0, (code, counted)
    # Periods as outside scripts expect them.
    for f in items:
        p = f["period"]
        if f["code"] == "regular_missing":
            assert len(p) == 7 and p[4] == "-", f
            assert f["message"].startswith("Chi bộ không sinh hoạt"), f
        if f["code"] == "thematic_missing":
            assert p[5] == "Q", f
        if f["code"] == "member_absent_3_months":
            assert p == "2026" and f["member_id"] and f["member_name"], f
    # Tree order: by the organisation's path.
    path = {o["id"]: o["path"] for o in orgs_all(C.admin)}
    paths = [path[f["org_id"]] for f in items]
    assert paths == sorted(paths)
    # A grassroots committee's counts are its cells' findings.
    unit = org_by_code(C.admin, "DBCS-VP")
    uhead, uitems = all_findings(C.admin, f"year=2026&org={unit['id']}")
    mine = [f for f in items if path[f["org_id"]].startswith(unit["path"])]
    assert uitems == mine
    # English on request.
    _, en = all_findings(C.admin, f"year=2026&org={unit['id']}", lang="en")
    assert [f["code"] for f in en] == [f["code"] for f in uitems]
    for f in en:
        if f["code"] == "regular_missing":
            assert f["message"].startswith("The cell held no regular"), f
    # The CLI gives the same findings.
    p = run("check", "meetings", "--db", C.db, "--year", "2026", "--org",
            "DBCS-VP", "--format", "json")
    cli = json.loads(p.stdout)
    assert cli["items"] == uitems and cli["counts"] == uhead["counts"]


@test
def viewer_and_secretary():
    root = org_by_code(C.admin, "DB-BDTTG")
    viewer = C.srv.client("viewer")
    _, items = all_findings(viewer, f"year=2026&org={root['id']}")
    absent = [f for f in items if f["code"] == "member_absent_3_months"]
    assert absent and all(f["member_name"] is None for f in absent), absent
    viewer.close()
    sec = C.srv.client("secretary")
    cell = org_by_code(C.admin, "CB-VP-1")
    head, items = all_findings(sec, "year=2026")
    assert head["org_id"] == cell["id"], head
    assert all(f["org_id"] == cell["id"] for f in items), items
    sec.close()


@test
def bad_input():
    r = C.admin.get("/api/v1/checks/meetings")
    assert "year" in [f for f, _ in fields(problem(r, 400))]
    r = C.admin.get("/api/v1/checks/meetings?year=abc")
    assert "year" in [f for f, _ in fields(problem(r, 400))]
    r = C.admin.get("/api/v1/checks/meetings?year=2026&cursor=bogus")
    assert "cursor" in [f for f, _ in fields(problem(r, 400))]
    r = C.admin.get("/api/v1/checks/meetings?year=2026&limit=0")
    assert "limit" in [f for f, _ in fields(problem(r, 400))]
    unit = org_by_code(C.admin, "DBCS-VP")
    r = C.admin.get(f"/api/v1/orgs/{unit['id']}/meetings/compliance")
    assert "year" in [f for f, _ in fields(problem(r, 400))]


@test
def heat_map():
    unit = org_by_code(C.admin, "DBCS-VP")
    r = C.admin.get(f"/api/v1/orgs/{unit['id']}/meetings/compliance"
                    "?year=2026")
    assert r.status == 200, r
    j = r.json()
    cells = [o for o in orgs_all(C.admin)
             if o["parent_id"] == unit["id"] and o["kind"] == "cell"]
    assert [c["org_id"] for c in j["cells"]] == [c["id"] for c in cells]
    _, items = all_findings(C.admin, f"year=2026&org={unit['id']}")
    for c in j["cells"]:
        assert len(c["months"]) == 12, c
        for m in c["months"]:
            held = sum(m["held"].values())
            want = sorted({f["code"] for f in items
                           if f["org_id"] == c["org_id"]
                           and f["period"] in (f"2026-{m['month']:02d}",
                                               f"2026-Q{m['month'] // 3}")
                           and (f["period"][5] != "Q"
                                or m["month"] % 3 == 0)})
            assert sorted(m["codes"]) == want, (c["name"], m, want)
            if "regular_missing" in m["codes"]:
                assert m["held"]["regular"] + m["held"]["combined"] == 0
            if held and m["expected"]:
                assert m["attendance_pct"] == \
                    m["present"] * 100 // m["expected"], m
        # January to October 2026 (before the demo's today) were held
        # but for the lapses.
        assert any(sum(m["held"].values()) for m in c["months"]), c


# ---------------------------------------------------------------- wiring

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def w_meeting(start, end, org="CB-VP-1", status="held"):
    """A regular meeting of org on the wiring's demo: its id."""
    p = run("meeting", "add", "--db", C.wdb, "--org", org, "--kind",
            "regular", "--starts-at", start, "--ends-at", end, "--status",
            status)
    return int(p.stdout.split()[2])


def w_codes(year, mid):
    """The codes of the kept findings of meeting mid."""
    _, items = all_findings(C.wadmin, f"year={year}&org={C.wcell['id']}")
    return sorted(f["code"] for f in items if f.get("meeting_id") == mid)


def w_month(year, month):
    """CB-VP-1's month in the heat map."""
    r = C.wadmin.get(f"/api/v1/orgs/{C.wunit['id']}/meetings/compliance"
                     f"?year={year}")
    assert r.status == 200, r
    cell = [c for c in r.json()["cells"] if c["org_id"] == C.wcell["id"]]
    assert len(cell) == 1, r.json()
    m = cell[0]["months"][month - 1]
    assert m["month"] == month, m
    return m


def upload(c, mid, data, available_at):
    bd = "----chibo%d" % time.time_ns()
    body = (f"--{bd}\r\nContent-Disposition: form-data;"
            f" name=\"available_at\"\r\n\r\n{available_at}\r\n"
            f"--{bd}\r\nContent-Disposition: form-data; name=\"file\";"
            " filename=\"tai-lieu.pdf\"\r\nContent-Type: application/pdf"
            "\r\n\r\n").encode() + data + f"\r\n--{bd}--\r\n".encode()
    r = c.req("POST", f"/api/v1/meetings/{mid}/materials", body,
              ctype="multipart/form-data; boundary=" + bd)
    assert r.status == 201, r
    return r.json()


@test
def wiring_materials_late():
    # 10 February, 08:00 in Hanoi (01:00Z): a day before is 9 February
    # 01:00Z, on time exactly.
    mid = w_meeting("2026-02-10T08:00+07:00", "2026-02-10T11:00+07:00")
    assert "materials_late" not in w_codes(2026, mid)
    upload(C.wadmin, mid, PDF, "2026-02-09T01:00:00Z")
    assert "materials_late" not in w_codes(2026, mid)
    # The latest material counts: one made available 12 hours before.
    late = upload(C.wadmin, mid, PDF + b"%late\n", "2026-02-09T13:00:00Z")
    assert "materials_late" in w_codes(2026, mid)
    r = C.wadmin.req("DELETE", f"/api/v1/meetings/{mid}/materials/"
                     f"{late['id']}")
    assert r.status in (200, 204), r
    assert "materials_late" not in w_codes(2026, mid)


@test
def wiring_resolution_late():
    # Held on 5 March, approved now: months after the two days allowed.
    mid = w_meeting("2026-03-05T08:00+07:00", "2026-03-05T11:00+07:00")
    r = C.wadmin.req("PUT", f"/api/v1/meetings/{mid}/resolution",
                     {"results": "Hoàn thành chỉ tiêu quý I."})
    assert r.status == 201, r
    assert "resolution_late" not in w_codes(2026, mid)
    r = C.wadmin.req("POST", f"/api/v1/meetings/{mid}/resolution/approve")
    assert r.status == 200, r
    assert "resolution_late" in w_codes(2026, mid)
    # One that ended an hour ago, approved now: on time.
    now = time.time()
    mid = w_meeting(iso(now - 4 * 3600), iso(now - 3600))
    year = time.gmtime(now - 4 * 3600 + 7 * 3600).tm_year
    r = C.wadmin.req("PUT", f"/api/v1/meetings/{mid}/resolution",
                     {"results": "Kết quả"})
    assert r.status == 201, r
    r = C.wadmin.req("POST", f"/api/v1/meetings/{mid}/resolution/approve")
    assert r.status == 200, r
    assert "resolution_late" not in w_codes(year, mid)


@test
def wiring_sign_in_sheet():
    mid = w_meeting("2026-04-08T08:00+07:00", "2026-04-08T11:00+07:00")
    m = w_month(2026, 4)
    roll = C.wadmin.js(f"/api/v1/meetings/{mid}/attendance")["items"]
    called = [x for x in roll
              if x["roll"] in ("official", "probationary", "transferred_in")]
    assert called and m["expected"] == len(called) and m["present"] == 0, m
    assert "attendance_low" in m["codes"], m
    assert "attendance_low" in w_codes(2026, mid)
    sheet = "member_id,card_no,full_name,birth_date,status,reason\n" + \
        "".join(f"{x['member_id']},,,,present,\n" for x in called)
    r = C.wadmin.req("POST", f"/api/v1/meetings/{mid}/attendance/import",
                     sheet, ctype="text/csv")
    assert r.status == 200, r
    m = w_month(2026, 4)
    assert m["present"] == len(called) and m["attendance_pct"] == 100, m
    assert "attendance_low" not in m["codes"], m
    assert "attendance_low" not in w_codes(2026, mid)


@test
def wiring_checkin():
    now = time.time()
    mid = w_meeting(iso(now - 300), iso(now + 7200))
    local = time.gmtime(now - 300 + 7 * 3600)
    before = w_month(local.tm_year, local.tm_mon)
    assert before["held"]["regular"] >= 1, before
    r = C.wsec.get(f"/api/v1/meetings/{mid}/checkin-code")
    assert r.status == 200, r
    r = C.wmem.req("POST", f"/api/v1/meetings/{mid}/checkin",
                   {"code": r.json()["code"]})
    assert r.status == 200, r
    after = w_month(local.tm_year, local.tm_mon)
    assert after["present"] == before["present"] + 1, (before, after)


@test
def wiring_minutes():
    mid = w_meeting("2026-05-06T08:00+07:00", "2026-05-06T11:00+07:00")
    assert w_month(2026, 5)["minutes"] == 0
    r = C.wadmin.req("PUT", f"/api/v1/meetings/{mid}/minutes",
                     {"opinions": "Nhất trí với báo cáo."},
                     headers={"If-Match": '"0"'})
    assert r.status == 200, r
    assert w_month(2026, 5)["minutes"] == 1


if __name__ == "__main__":
    raise SystemExit(run_tests(setup, teardown))
