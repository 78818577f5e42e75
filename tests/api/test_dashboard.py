#!/usr/bin/env python3
"""The dashboard of the Resolution's targets (issue 15) over the API on one
backend (argv[1]), on the demo (its meetings, inspections, discipline):

- GET /api/v1/dashboard?org=&year= answers the four headline numbers
  (cells_good_or_better_pct, members_good_or_better_pct,
  inspection_coverage_pct, self_inspection_pct), each beside an object
  with its target, status, rule and citation, the targets, the trend,
  the meetings, the discipline counts and a row per direct subordinate;
- the kept figures add up: an organisation's meetings are its own plus
  its children's, its children's rows are their own dashboards; the
  inspection coverage is the inspection check's;
- a hand-built tree (a grassroots organisation, two cells, twenty
  members) evaluated for the year through the evaluations' API: the counts by level, the pending, the not classified,
  the percentages and their status at the edge (19 of 20 = 95.0 % is
  not above 95: amber; 1 of 2 cells = 50 %: red), the trend's years;
- discipline: a case decided adds one to its form on every ancestor,
  deleting it takes it away; a viewer (no discipline.read) sees a cell's
  counts withheld and, above a cell, the small counts folded;
- kept == recounted (`chibo dashboard check`) after all these writes,
  and `chibo dashboard rebuild` keeps the same figures;
- scope: the viewer sees the figures, a member is refused (403), an
  organisation outside the scope is 400 org_not_found; bad input (year,
  years, org) is 400 naming the field.

Who may call the route is test_authz.py's business (it is in its matrix).
"""
import re

from apilib import (Server, create_member, demo_db, org_by_code, orgs_all,
                    problem, run, run_tests, seq, test)

TODAY = "2026-11-25"
S = {}


def setup():
    S["db"] = demo_db("dashboard", evaluations=False)
    S["srv"] = Server(S["db"], CHIBO_TODAY=TODAY)
    for role in ("admin", "inspection", "secretary", "viewer", "member"):
        S[role] = S["srv"].client(role)
    S["root"] = org_by_code(S["admin"], "DB-BDTTG")
    S["unit"] = org_by_code(S["admin"], "DBCS-VP")
    S["cell"] = org_by_code(S["admin"], "CB-VP-1")


def teardown():
    for k in ("admin", "inspection", "secretary", "viewer", "member"):
        S[k].close()
    S["srv"].stop()


def dash(c, org=None, year=2026, extra=""):
    q = f"/api/v1/dashboard?year={year}" + extra
    if org is not None:
        q += f"&org={org}"
    r = c.get(q)
    assert r.status == 200, r
    # Percentages as computed (77.4), never a double's 17 digits
    # (77.400000000000006): the server writes 15 significant digits.
    assert not re.search(rb"\.\d{10,}", r.body), r.body[:400]
    return r.json()


def pct(met, counted):
    """One decimal, half up, as the dashboard computes it."""
    if counted == 0:
        return None
    return ((met * 1000 + counted // 2) // counted) / 10


def check_kept():
    p = run("dashboard", "check", "--db", S["db"])
    assert "kept == recounted" in p.stdout, p.stdout


HEADLINES = ("cells_good_or_better", "members_good_or_better",
             "inspection_coverage", "self_inspection")


@test
def shape_and_targets():
    j = dash(S["admin"], S["root"]["id"])
    assert j["org_id"] == S["root"]["id"] and j["year"] == 2026, j
    for h in HEADLINES:
        # The flat number and the object beside it agree.
        assert h + "_pct" in j, (h, j)
        o = j[h]
        assert o["pct"] == j[h + "_pct"], (h, o)
        assert set(o) >= {"pct", "target", "status", "met", "counted",
                          "rule_id", "citation"}, o
        assert o["rule_id"] == "dashboard.targets", o
        assert o["status"] in ("none", "red", "amber", "green"), o
        assert o["pct"] == pct(o["met"], o["counted"]), o
    t = j["targets"]
    assert t["cells_good_or_better_pct"] == 80, t
    assert t["members_good_or_better_pct"] == 95, t
    assert t["inspection_coverage_pct"] == 100, t
    assert t["self_inspection_pct"] == 100, t
    assert t["above"] is True and t["amber_points"] == 5, t
    # Nothing evaluated in the demo's database yet: no figure, no status.
    assert [y["year"] for y in j["trend"]] == [2024, 2025, 2026], j["trend"]
    j5 = dash(S["admin"], S["root"]["id"], extra="&years=5")
    assert [y["year"] for y in j5["trend"]] == list(range(2022, 2027))
    # Without year: the current one; without org: the principal's one.
    r = S["admin"].get("/api/v1/dashboard")
    assert r.status == 200, r
    assert r.json()["year"] == 2026 and \
        r.json()["org_id"] == S["root"]["id"], r.json()


@test
def inspection_is_the_checks():
    for org in (S["root"], S["unit"]):
        j = dash(S["admin"], org["id"])
        chk = S["admin"].js(
            f"/api/v1/checks/inspection?year=2026&org={org['id']}")
        cov = chk["coverage"]
        assert j["inspection_coverage_pct"] == cov["in_term_pct"], (j, cov)
        assert j["self_inspection_pct"] == cov["self_inspection_pct"], cov
        # 100 % targets: met at 100, else amber within 5 points, else red.
        for h, v in (("inspection_coverage", cov["in_term_pct"]),
                     ("self_inspection", cov["self_inspection_pct"])):
            want = ("none" if v is None else "green" if v >= 100 else
                    "amber" if v >= 95 else "red")
            assert j[h]["status"] == want, (h, j[h])


def meetings_sum(rows):
    out = {"required": 0, "held": 0, "expected": 0, "present": 0}
    for r in rows:
        for k in out:
            out[k] += r["meetings"][k]
    return out


@test
def meetings_add_up_the_tree():
    root = dash(S["admin"], S["root"]["id"])
    m = root["meetings"]
    assert m["required"] > 0 and 0 < m["held"] <= m["required"], m
    assert m["present"] <= m["expected"], m
    assert m["attendance_pct"] == pct(m["present"], m["expected"]), m
    assert m["held_pct"] == pct(m["held"], m["required"]), m
    # The root holds no members itself: its figures are its children's.
    kids = meetings_sum(root["children"])
    assert {k: m[k] for k in kids} == kids, (m, kids)
    # A child's row is its own dashboard's figures.
    unit = [c for c in root["children"] if c["org_id"] == S["unit"]["id"]][0]
    ud = dash(S["admin"], S["unit"]["id"])
    assert unit["meetings"] == ud["meetings"], (unit, ud)
    # A row's levels are their counts; its own dashboard's add the
    # percentages.
    for lv in ("htxs", "htt", "ht", "kht"):
        assert unit["members"][lv] == ud["members"][lv]["n"], (unit, ud)
    for k in ("not_classified", "classified", "pending", "good_or_better"):
        assert unit["members"][k] == ud["members"][k], (k, unit, ud)
    # A cell's required months: one regular meeting each month judged.
    cd = dash(S["admin"], S["cell"]["id"])
    assert cd["meetings"]["required"] <= 12, cd["meetings"]
    assert cd["children"] == [], cd


def officials(org, n):
    ms = S["admin"].js(f"/api/v1/members?org={org['id']}&limit=1000"
                       "&status=official")["items"]
    return [m["id"] for m in ms[:n]]


def case(form="canh_cao", decided_on="2026-10-01", violation_on="2026-08-01"):
    b = {"subject": "member", "member_id": officials(S["cell"], 1)[0],
         "violation_code": "qd37_17", "violation_on": violation_on,
         "deciding_org_id": S["cell"]["id"], "form": form,
         "vote": {"for": 7, "against": 1, "abstain": 1}, "base": 9,
         "decided_on": decided_on, "effective_on": decided_on,
         "doc_no": "09-QĐ/CB"}
    r = S["inspection"].req("POST", "/api/v1/discipline", b)
    assert r.status == 201, r
    return r.json()


@test
def discipline_counts():
    before = {o: dash(S["inspection"], S[o]["id"])["discipline"]
              for o in ("root", "unit", "cell")}
    for d in before.values():
        assert d["withheld"] is False and "other_small" not in d, d
        assert d["total"] == sum(d["by_form"].values()), d
    c = case("canh_cao")
    after = {o: dash(S["inspection"], S[o]["id"])["discipline"]
             for o in ("root", "unit", "cell")}
    for o in after:
        assert after[o]["by_form"]["canh_cao"] == \
            before[o]["by_form"]["canh_cao"] + 1, (o, before[o], after[o])
        assert after[o]["total"] == before[o]["total"] + 1, o
    # Another year's decision counts in that year only.
    old = case("khien_trach", decided_on="2025-06-01",
               violation_on="2025-03-01")
    d25 = dash(S["inspection"], S["cell"]["id"], year=2025)["discipline"]
    assert d25["by_form"]["khien_trach"] >= 1, d25
    assert dash(S["inspection"], S["cell"]["id"])["discipline"] == \
        after["cell"]
    # The viewer (no discipline.read): a cell's counts withheld; above a
    # cell, the forms counted fewer than 3 times folded together.
    v = dash(S["viewer"], S["cell"]["id"])["discipline"]
    assert v == {"withheld": True, "by_form": None, "total": None}, v
    vr = dash(S["viewer"], S["root"]["id"])["discipline"]
    full = after["root"]
    assert vr["total"] == full["total"], (vr, full)
    for k, n in full["by_form"].items():
        assert vr["by_form"][k] == (n if n >= 3 else 0), (k, vr, full)
    small = sum(n for n in full["by_form"].values() if 0 < n < 3)
    assert vr.get("other_small", 0) == small, (vr, full)
    check_kept()
    # Deleting takes it away again.
    for x in (c, old):
        r = S["inspection"].req("DELETE", f"/api/v1/discipline/{x['id']}",
                                headers={"If-Match": f'"{x["version"]}"'})
        assert r.status == 204, r
    assert dash(S["inspection"], S["root"]["id"])["discipline"] == \
        before["root"]
    check_kept()


def evaluate(period, level, member_id=None, org_id=None, decide=True):
    body = {"period_id": period, "score": 85, "tasks_total": 0,
            "tasks_on_time": 0, "tasks_exceeded": 0}
    if member_id is not None:
        body["member_id"] = member_id
    else:
        body["org_id"] = org_id
    r = S["admin"].req("POST", "/api/v1/evaluations", body)
    assert r.status == 201, r
    e = r.json()
    if decide:
        for step in ("propose", "decide"):
            r = S["admin"].req("POST",
                               f"/api/v1/evaluations/{e['id']}/{step}",
                               {"level": level, "reason": "Thử nghiệm"})
            assert r.status == 200, r
    return e


@test
def hand_built_tree():
    n = seq()
    r = S["admin"].req("POST", "/api/v1/orgs", {
        "kind": "grassroots", "name": f"Đảng bộ Thử nghiệm {n}",
        "code": f"DB-DASH-{n}", "parent_id": S["root"]["id"],
        "valid_from": "2025-07-01", "doc_no": "01-QĐ/ĐU"})
    assert r.status == 201, r
    unit = r.json()
    cells = []
    for k in range(2):
        r = S["admin"].req("POST", "/api/v1/orgs", {
            "kind": "cell", "name": f"Chi bộ Thử nghiệm {n}-{k}",
            "code": f"CB-DASH-{n}-{k}", "parent_id": unit["id"],
            "valid_from": "2025-07-01", "doc_no": "01-QĐ/ĐU"})
        assert r.status == 201, r
        cells.append(r.json())
    members = [[create_member(S["admin"], c["id"])["id"] for _ in range(11)]
               for c in cells]
    r = S["admin"].req("POST", "/api/v1/evaluation/periods",
                       {"org_id": unit["id"], "kind": "year", "year": 2026})
    assert r.status == 201, r
    period = r.json()["id"]
    # Twenty decided: 19 good or better (4 htxs, 15 htt), 1 kht; one
    # evaluated and not decided.
    levels = ["htxs"] * 4 + ["htt"] * 15 + ["kht"]
    flat = members[0][:10] + members[1][:10]
    for m, lv in zip(flat, levels):
        evaluate(period, lv, member_id=m)
    pending = evaluate(period, None, member_id=members[0][10], decide=False)
    evaluate(period, "htt", org_id=cells[0]["id"])
    evaluate(period, "ht", org_id=cells[1]["id"])
    j = dash(S["admin"], unit["id"])
    mem = j["members"]
    assert (mem["htxs"]["n"], mem["htt"]["n"], mem["ht"]["n"],
            mem["kht"]["n"]) == (4, 15, 0, 1), mem
    assert mem["classified"] == 20 and mem["pending"] == 1, mem
    assert mem["htt"]["pct"] == 75.0 and mem["htxs"]["pct"] == 20.0, mem
    assert j["members_good_or_better_pct"] == 95.0, j
    # 95.0 is not above 95: amber.
    assert j["members_good_or_better"]["status"] == "amber", j
    cl = j["cells"]
    assert (cl["htt"]["n"], cl["ht"]["n"], cl["classified"]) == (1, 1, 2), cl
    assert j["cells_good_or_better_pct"] == 50.0, j
    assert j["cells_good_or_better"]["status"] == "red", j
    # The drill-down: each cell's own figures.
    rows = {c["org_id"]: c for c in j["children"]}
    assert rows[cells[0]["id"]]["members"]["classified"] == 10
    assert rows[cells[0]["id"]]["members"]["pending"] == 1
    assert rows[cells[0]["id"]]["cells_good_or_better_pct"] == 100.0
    assert rows[cells[1]["id"]]["members_good_or_better_pct"] == 90.0
    # The root's figures hold the unit's.
    root = dash(S["admin"], S["root"]["id"])
    assert root["members"]["classified"] >= 20, root["members"]
    # The last year's trend entry is this year's figures.
    assert j["trend"][-1]["members_good_or_better_pct"] == 95.0, j["trend"]
    # Deciding the pending one moves it out of pending.
    for step in ("propose", "decide"):
        r = S["admin"].req("POST",
                           f"/api/v1/evaluations/{pending['id']}/{step}",
                           {"level": "htt", "reason": "Thử nghiệm"})
        assert r.status == 200, r
    j = dash(S["admin"], unit["id"])
    assert j["members"]["pending"] == 0, j["members"]
    assert j["members"]["classified"] == 21, j["members"]
    # 20 of 21 = 95.2 %: above 95, green.
    assert j["members_good_or_better_pct"] == 95.2, j
    assert j["members_good_or_better"]["status"] == "green", j
    check_kept()


@test
def random_writes_kept_equals_recount():
    """Random evaluation writes (members and cells, a year period and a
    quarter period that does not count, decisions changed) and
    discipline cases added and removed: the kept figures equal a recount
    after them, and the unit's figures equal what this test counts."""
    import random
    rnd = random.Random(15)
    unit = org_by_code(S["admin"], "DBCS-HVDT")
    cells = [o for o in orgs_all(S["admin"])
             if o.get("parent_id") == unit["id"] and
             o["kind"] in ("cell", "grassroots_cell")]
    assert len(cells) >= 2, cells
    members = {}
    for c in cells:
        members[c["id"]] = [m["id"] for m in S["admin"].js(
            f"/api/v1/members?org={c['id']}&limit=1000"
            "&status=official")["items"]]
    periods = {}
    for kind, extra in (("year", {}), ("quarter", {"quarter": 2})):
        r = S["admin"].req("POST", "/api/v1/evaluation/periods",
                           dict({"org_id": unit["id"], "kind": kind,
                                 "year": 2025}, **extra))
        assert r.status == 201, r
        periods[kind] = r.json()["id"]
    done = {}       # (kind, subject) -> (evaluation, decided level)
    levels = ["htxs", "htt", "ht", "kht"]
    for _ in range(40):
        kind = rnd.choice(["year", "year", "year", "quarter"])
        c = rnd.choice(cells)
        if rnd.random() < 0.2:
            subj = ("org", c["id"])
        else:
            subj = ("member", rnd.choice(members[c["id"]]))
        key = (kind, subj)
        lv = rnd.choice(levels)
        if key not in done:
            e = evaluate(periods[kind], lv,
                         member_id=subj[1] if subj[0] == "member" else None,
                         org_id=subj[1] if subj[0] == "org" else None,
                         decide=rnd.random() < 0.6)
            got = S["admin"].js(f"/api/v1/evaluations/{e['id']}")
            done[key] = (e, got["decided_level"])
        else:
            e, _ = done[key]
            for step in ("propose", "decide"):
                r = S["admin"].req("POST",
                                   f"/api/v1/evaluations/{e['id']}/{step}",
                                   {"level": lv, "reason": "Thử nghiệm"})
                if step == "propose" and r.status == 409:
                    continue   # already decided: decide again
                assert r.status == 200, r
            done[key] = (e, lv)
    # A few deleted (recorded by mistake), decided or not.
    for key in rnd.sample(sorted(done, key=str), 4):
        e = S["admin"].js(f"/api/v1/evaluations/{done[key][0]['id']}")
        r = S["admin"].req("DELETE", f"/api/v1/evaluations/{e['id']}",
                           headers={"If-Match": f'"{e["version"]}"'})
        assert r.status == 204, r
        del done[key]
    cases = [case(rnd.choice(["khien_trach", "canh_cao"])) for _ in range(3)]
    r = S["inspection"].req("DELETE", f"/api/v1/discipline/{cases[0]['id']}",
                            headers={"If-Match": f'"{cases[0]["version"]}"'})
    assert r.status == 204, r
    check_kept()
    # The unit's 2025 figures are this test's year evaluations.
    j = dash(S["admin"], unit["id"], year=2025)
    want = {"members": {}, "cells": {}}
    for (kind, (subj, _)), (_, lv) in done.items():
        if kind != "year":
            continue
        side = want["members" if subj == "member" else "cells"]
        side[lv or "pending"] = side.get(lv or "pending", 0) + 1
    for side in ("members", "cells"):
        got = j[side]
        for lv in levels:
            assert got[lv]["n"] == want[side].get(lv, 0), (side, got, want)
        assert got["pending"] == want[side].get("pending", 0), (side, got)


@test
def moves_take_the_figures_along():
    """An organisation moved under another parent takes its subtree's
    evaluation and discipline figures off the old chain and onto the new
    one, and a member moved to another cell its discipline cases, in the
    move's transaction: later writes (a decision changed, a case deleted)
    then land where the figures are, and kept == recounted throughout,
    without a rebuild."""
    n = seq()

    def org(kind, code, parent):
        r = S["admin"].req("POST", "/api/v1/orgs", {
            "kind": kind, "name": f"Tổ chức Chuyển {code} {n}",
            "code": f"{code}-{n}", "parent_id": parent,
            "valid_from": "2025-07-01", "doc_no": "01-QĐ/ĐU"})
        assert r.status == 201, r
        return r.json()
    a = org("grassroots", "DB-MVA", S["root"]["id"])
    b = org("grassroots", "DB-MVB", S["root"]["id"])
    x = org("cell", "CB-MVX", a["id"])
    y = org("cell", "CB-MVY", a["id"])
    ms = [create_member(S["admin"], x["id"])["id"] for _ in range(4)]
    r = S["admin"].req("POST", "/api/v1/evaluation/periods",
                       {"org_id": S["root"]["id"], "kind": "year",
                        "year": 2025})
    assert r.status == 201, r
    period = r.json()["id"]
    evs = [evaluate(period, lv, member_id=m)
           for m, lv in zip(ms, ["htt", "htt", "kht"])]
    evaluate(period, None, member_id=ms[3], decide=False)
    body = {"subject": "member", "member_id": ms[0],
            "violation_code": "qd37_17", "violation_on": "2026-08-01",
            "deciding_org_id": x["id"], "form": "canh_cao",
            "vote": {"for": 7, "against": 1, "abstain": 1}, "base": 9,
            "decided_on": "2026-10-01", "effective_on": "2026-10-01",
            "doc_no": "10-QĐ/CB"}
    r = S["inspection"].req("POST", "/api/v1/discipline", body)
    assert r.status == 201, r
    dc = r.json()

    def figs(o):
        j = dash(S["inspection"], o["id"], year=2025)["members"]
        d = dash(S["inspection"], o["id"])["discipline"]["by_form"]
        return (j["htt"]["n"], j["kht"]["n"], j["pending"], d["canh_cao"])
    assert figs(a) == (2, 1, 1, 1) and figs(b) == (0, 0, 0, 0), \
        (figs(a), figs(b))
    root0 = figs(S["root"])
    # The cell moves from A to B: its figures go along; the root (on
    # both chains) keeps them.
    r = S["admin"].req("PATCH", f"/api/v1/orgs/{x['id']}",
                       {"parent_id": b["id"], "on": TODAY})
    assert r.status == 200 and r.json()["parent_id"] == b["id"], r
    assert figs(a) == (0, 0, 0, 0) and figs(b) == (2, 1, 1, 1), \
        (figs(a), figs(b))
    assert figs(S["root"]) == root0
    check_kept()
    # A decision changed after the move lands on the new chain.
    r = S["admin"].req("POST", f"/api/v1/evaluations/{evs[2]['id']}/decide",
                       {"level": "htt", "reason": "Xem xét lại"})
    assert r.status == 200, r
    assert figs(b) == (3, 0, 1, 1) and figs(a) == (0, 0, 0, 0), \
        (figs(a), figs(b))
    check_kept()
    # The member with the case moves to a cell of A: the case goes
    # along (its evaluation stays where it was made).
    m = S["admin"].js(f"/api/v1/members/{ms[0]}")
    r = S["admin"].req("PATCH", f"/api/v1/members/{ms[0]}",
                       {"org_id": y["id"]},
                       headers={"If-Match": f'"{m["version"]}"'})
    assert r.status == 200, r
    assert figs(a) == (0, 0, 0, 1) and figs(b) == (3, 0, 1, 0), \
        (figs(a), figs(b))
    check_kept()
    # Y merged into X (under B): its members, and so the case, move.
    r = S["admin"].req("POST", f"/api/v1/orgs/{y['id']}/merge",
                       {"into": x["id"], "on": TODAY, "doc_no": "11-QĐ/ĐU"})
    assert r.status == 200, r
    assert figs(a) == (0, 0, 0, 0) and figs(b) == (3, 0, 1, 1), \
        (figs(a), figs(b))
    check_kept()
    # Deleting the case takes it off the chain it is on.
    dc = S["inspection"].js(f"/api/v1/discipline/{dc['id']}")
    r = S["inspection"].req("DELETE", f"/api/v1/discipline/{dc['id']}",
                            headers={"If-Match": f'"{dc["version"]}"'})
    assert r.status == 204, r
    assert figs(a) == (0, 0, 0, 0) and figs(b) == (3, 0, 1, 0), \
        (figs(a), figs(b))
    assert figs(S["root"]) == (root0[0] + 1, root0[1] - 1, root0[2],
                               root0[3] - 1)
    check_kept()


@test
def rebuild_keeps_the_same():
    before = dash(S["admin"], S["root"]["id"])
    p = run("dashboard", "rebuild", "--db", S["db"])
    assert "figures kept" in p.stdout, p.stdout
    check_kept()
    assert dash(S["admin"], S["root"]["id"]) == before


@test
def cli_show():
    p = run("dashboard", "--db", S["db"], "--org", "DBCS-VP", "--year",
            "2026", "--json")
    import json
    j = json.loads(p.stdout)
    # The command line runs as the system: it sees what the inspection
    # commission (discipline.read) sees.
    assert j == dash(S["inspection"], S["unit"]["id"]), j
    p = run("dashboard", "--db", S["db"], "--org", "DBCS-VP")
    assert "members good or better" in p.stdout, p.stdout


@test
def scope_and_bad_input():
    # The viewer sees figures (no names anywhere in the answer).
    j = dash(S["viewer"], S["root"]["id"])
    assert "cells_good_or_better_pct" in j, j
    # The secretary: its cell.
    dash(S["secretary"], S["cell"]["id"])
    # A member has no dashboard.
    problem(S["member"].get(f"/api/v1/dashboard?org={S['cell']['id']}"),
            403)
    # Outside the secretary's scope: not found, on org.
    other = org_by_code(S["admin"], "CB-VP-2")
    p = problem(S["secretary"].get(f"/api/v1/dashboard?org={other['id']}"),
                400, "invalid_query")
    assert any(e["field"] == "org" for e in p["errors"]), p
    for q, field in (("year=1800", "year"), ("year=abc", "year"),
                     ("years=0", "years"), ("years=11", "years"),
                     ("org=abc", "org"), ("org=999999", "org"),
                     ("colour=red", "colour")):
        p = problem(S["admin"].get("/api/v1/dashboard?" + q), 400)
        assert any(e["field"] == field for e in p.get("errors", [])), (q, p)


if __name__ == "__main__":
    raise SystemExit(run_tests(setup, teardown))
