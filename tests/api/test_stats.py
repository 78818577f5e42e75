#!/usr/bin/env python3
"""Organisation figures over the API and the CLI, on one backend (argv[1]):
GET /api/v1/orgs/{id}/stats and `chibo org stats ORG --json` give the same
document, and its numbers equal a recount made here from the member and
organisation lists, at the demo's top committee, a grassroots committee
and a cell -- before and after writes through the API: members created,
changed (ethnicity, birth date, theory level), moved, taken off the rolls
and deleted; a cell created and another merged.  Ages are counted here on
TODAY (or another day, through CHIBO_TODAY), birthday-exact, in the bands
of rule stats.age_bands.

Who may read figures is test_authz.py's business (the route is in its
matrix).
"""
import json

from apilib import (TODAY, Server, create_member, demo_db, members_all,
                    new_cell, org_by_code, orgs_all, run, run_tests, test)


class Ctx:
    pass


C = Ctx()

EDGES = [30, 40, 50, 60]
LABELS = ["<30", "30-39", "40-49", "50-59", "60+"]
# The theory levels the demo and these tests write, by category (the
# listed names of rule ref.theory_levels; the others are old free text).
THEORY = {None: "none", "": "none", "Sơ cấp": "elementary",
          "Trung cấp": "intermediate", "Cao cấp": "advanced",
          "Cử nhân": "bachelor", "Cử nhân chính trị": "bachelor",
          "Cao cấp lý luận chính trị": "advanced", "Tiến sĩ": "other"}
KINDS = ["central", "province", "upper_grassroots", "grassroots",
         "grassroots_cell", "sub_committee", "cell", "group"]


def age(birth, on):
    by, bm, bd = map(int, birth.split("-"))
    y, m, d = map(int, on.split("-"))
    return y - by - (1 if (m, d) < (bm, bd) else 0)


def recount(org_id, on=TODAY):
    """The figures of org_id's subtree on day on, counted from the
    lists."""
    orgs = orgs_all(C.admin, "&include_closed=true")
    path = {o["id"]: o["path"] for o in orgs}
    root = path[org_id]
    members = [m for m in members_all(C.admin, "&state=active")
               if path.get(m["org_id"], "").startswith(root)]
    want = {
        "org_id": org_id, "as_of": on, "members": len(members),
        "by_status": {"official": 0, "probationary": 0, "unknown": 0},
        "by_gender": {"male": 0, "female": 0, "unknown": 0},
        "exempted": 0,
        "by_age_band": {k: 0 for k in LABELS + ["unknown"]},
        "by_theory_level": {k: 0 for k in ["none", "elementary",
                                           "intermediate", "advanced",
                                           "bachelor", "other"]},
        "by_ethnicity": {},
        "orgs_by_kind": {k: 0 for k in KINDS},
    }
    for m in members:
        assert m["state"] == "active", m
        want["by_status"][m.get("status") or "unknown"] += 1
        want["by_gender"][m.get("gender") or "unknown"] += 1
        if m.get("exempt_since"):
            want["exempted"] += 1
        if m.get("birth_date"):
            a = age(m["birth_date"], on)
            band = sum(1 for e in EDGES if a >= e)
            want["by_age_band"][LABELS[band]] += 1
        else:
            want["by_age_band"]["unknown"] += 1
        want["by_theory_level"][THEORY[m.get("theory_level")]] += 1
        e = m.get("ethnicity") or "unknown"
        want["by_ethnicity"][e] = want["by_ethnicity"].get(e, 0) + 1
    for o in orgs:
        if o["path"].startswith(root) and not o.get("valid_to"):
            want["orgs_by_kind"][o["kind"]] += 1
    return want


def check(org_id):
    """API == CLI == recount for org_id; returns the API's document."""
    got = C.admin.js(f"/api/v1/orgs/{org_id}/stats")
    cli = json.loads(run("org", "stats", str(org_id), "--json", "--db",
                         C.db).stdout)
    assert got == cli, (got, cli)
    assert got["rule"]["age_bands"], got
    want = recount(org_id)
    rest = {k: v for k, v in got.items() if k != "rule"}
    assert rest == want, (org_id, rest, want)
    # The most numerous ethnic group first.
    counts = list(got["by_ethnicity"].values())
    assert counts == sorted(counts, reverse=True), got
    # The counts of GET /orgs/{id} come from the same figures.
    d = C.admin.js(f"/api/v1/orgs/{org_id}")
    assert d["counts"]["members"] == got["members"], (d, got)
    assert d["counts"]["official"] == got["by_status"]["official"]
    assert d["counts"]["descendants"] == \
        sum(got["orgs_by_kind"].values()) - (0 if d.get("valid_to") else 1)
    return got


def places():
    top = [o for o in orgs_all(C.admin) if o["parent_id"] is None][0]
    return [top["id"], org_by_code(C.admin, "DBCS-VP")["id"],
            org_by_code(C.admin, "CB-VP-1")["id"],
            org_by_code(C.admin, "CB-VP-2")["id"]]


def setup():
    C.db = demo_db("stats")
    C.srv = Server(C.db)
    C.admin = C.srv.client("admin")


def teardown():
    C.admin.close()
    C.srv.stop()


@test
def figures_equal_recount():
    for org_id in places():
        check(org_id)


@test
def figures_follow_writes():
    top, unit, cell1, cell2 = places()
    before = check(top)
    # A new member who turns 30 today: already 30.
    m = create_member(C.admin, cell1, "Hoàng Thị Mốc", gender="female",
                      birth_date="1996-11-25", ethnicity="Tày",
                      theory_level="Cử nhân chính trị")
    after = check(top)
    assert after["members"] == before["members"] + 1
    assert after["by_age_band"]["30-39"] == \
        before["by_age_band"]["30-39"] + 1
    assert after["by_theory_level"]["bachelor"] == \
        before["by_theory_level"]["bachelor"] + 1
    # Changed fields.
    r = C.admin.req("PATCH", f"/api/v1/members/{m['id']}",
                    {"ethnicity": "Mường", "birth_date": "1996-11-26",
                     "theory_level": "advanced"})
    assert r.status == 200, r
    assert r.json()["theory_level"] == "Cao cấp", r   # a code, listed
    assert check(top)["by_theory_level"]["advanced"] == \
        before["by_theory_level"]["advanced"] + 1
    check(cell1)
    # Moved to another cell, then off the rolls.
    r = C.admin.req("POST", f"/api/v1/members/{m['id']}/events",
                    {"kind": "moved", "org_id": cell2, "on": TODAY})
    assert r.status == 200, r
    check(cell1)
    check(cell2)
    other = [x for x in members_all(C.admin, f"&org={cell2}&sort=id")
             if x["id"] != m["id"]][0]
    r = C.admin.req("POST", f"/api/v1/members/{other['id']}/events",
                    {"kind": "died", "on": TODAY})
    assert r.status == 200, r
    check(cell2)
    r = C.admin.req("DELETE", f"/api/v1/members/{m['id']}")
    assert r.status == 204, r
    check(cell2)
    # A new cell, a member in it, and a merge into cell 1.
    cell = new_cell(C.admin, "DBCS-VP")
    create_member(C.admin, cell["id"], "Đinh Văn Hợp", ethnicity="Khmer",
                  theory_level="Cao cấp lý luận chính trị")
    check(unit)
    r = C.admin.req("POST", f"/api/v1/orgs/{cell['id']}/merge",
                    {"into": cell1, "on": TODAY, "doc_no": "09-QĐ/ĐU"})
    assert r.status == 200, r
    for org_id in places():
        check(org_id)


@test
def another_day():
    """On another day (CHIBO_TODAY) the ages are counted on that day,
    forth and back, and the server's day comes back with its next read."""
    top, _, cell1, _ = places()
    for day in ("2027-03-01", "2031-11-24", "2026-02-28"):
        for org_id in (top, cell1):
            got = json.loads(run("org", "stats", str(org_id), "--json",
                                 "--db", C.db, CHIBO_TODAY=day).stdout)
            want = recount(org_id, day)
            rest = {k: v for k, v in got.items() if k != "rule"}
            assert rest == want, (day, org_id, rest, want)
    for org_id in places():
        check(org_id)


@test
def cli_text():
    top = places()[0]
    doc = C.admin.js(f"/api/v1/orgs/{top}/stats")
    vi = run("org", "stats", str(top), "--db", C.db).stdout
    en = run("org", "stats", str(top), "--db", C.db, CHIBO_LANG="en").stdout
    assert f"đảng viên: {doc['members']} " in vi, vi
    assert f"members: {doc['members']} " in en, en
    assert "25/11/2026" in vi and "25/11/2026" in en
    p = run("org", "stats", "KHONG-CO", "--db", C.db, check=False)
    assert p.returncode == 1, p
    p = run("org", "stats", str(top), "--bad", "--db", C.db, check=False)
    assert p.returncode == 2, p


@test
def small_ethnic_groups_summed_for_viewers():
    """A figures-only viewer (demo captren) sees the ethnic groups counted
    fewer than 3 times (privacy.small_figures) as one "other_small" figure,
    never by name; the totals stay exact.  The office sees them all."""
    viewer = C.srv.client("viewer")
    try:
        for org_id in places():
            full = C.admin.js(f"/api/v1/orgs/{org_id}/stats")
            got = viewer.js(f"/api/v1/orgs/{org_id}/stats")
            small = {k: n for k, n in full["by_ethnicity"].items()
                     if k != "unknown" and n < 3}
            assert "other_small" not in full["by_ethnicity"], full
            assert got["members"] == full["members"], (got, full)
            assert got["ethnicity_min_count"] == 3, got
            assert "13/2023/NĐ-CP" in got["rule"]["small_figures"], got
            for k in small:
                assert k not in got["by_ethnicity"], (k, got)
            if small:
                assert got["by_ethnicity"]["other_small"] == \
                    sum(small.values()), (got, small)
            else:
                assert "other_small" not in got["by_ethnicity"], got
            assert sum(got["by_ethnicity"].values()) == \
                sum(full["by_ethnicity"].values()), (got, full)
            for k, n in got["by_ethnicity"].items():
                assert k == "other_small" or k == "unknown" or n >= 3, got
        # A cell of the demo has some small group (else this test proves
        # nothing).
        assert any(n < 3 for o in places() for k, n in C.admin.js(
            f"/api/v1/orgs/{o}/stats")["by_ethnicity"].items()
            if k != "unknown")
    finally:
        viewer.close()


@test
def unknown_query_refused():
    top = places()[0]
    r = C.admin.get(f"/api/v1/orgs/{top}/stats?on=2020-01-01")
    assert r.status == 400, r
    r = C.admin.get("/api/v1/orgs/99999999/stats")
    assert r.status == 404, r


if __name__ == "__main__":
    raise SystemExit(run_tests(setup, teardown))
