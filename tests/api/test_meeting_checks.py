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
"""
import json

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


def teardown():
    C.admin.close()
    C.srv.stop()


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


if __name__ == "__main__":
    raise SystemExit(run_tests(setup, teardown))
