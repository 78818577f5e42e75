#!/usr/bin/env python3
"""The inspection coverage check (issue 14) over the API on one backend
(argv[1]), on the demo (its term 2025-2030, this year's inspections and
supervisions, their recommendations, the self-inspections):

- GET /api/v1/checks/inspection?year=&org= answers, for the committee's
  direct subordinate organisations, the percentages, counts, findings and
  coverage rows that this test computes by hand from the API's own
  records (the organisations, the committee's term, the inspections and
  their recommendations): codes, periods, months left, rule, citation,
  Vietnamese and English messages;
- a write changes the answer: a new supervision of an organisation not
  covered covers it, cancelling it uncovers it again, a recommendation
  marked done is no longer overdue, a self-inspection recorded clears
  self_inspection_missing;
- a past year is judged at its 31 December; a year without a term has no
  term finding and a null percentage;
- the year's report as XLSX and PDF;
- scope (a secretary: its cell, no subordinates; outside: 400
  org_not_found like every query naming an organisation) and bad input
  (400 naming the field).

Who may call the routes is test_authz.py's business (they are in its
matrix).
"""
import urllib.parse

from apilib import Server, demo_db, org_by_code, problem, run_tests, test

TODAY = "2026-11-25"
CODES = ("not_covered_in_term", "self_inspection_missing",
         "recommendation_overdue")

S = {}


def setup():
    S["db"] = demo_db("inspection_checks", meetings=False)
    S["srv"] = Server(S["db"], CHIBO_TODAY=TODAY)
    for role in ("admin", "inspection", "secretary", "viewer", "member"):
        S[role] = S["srv"].client(role)
    S["root"] = org_by_code(S["admin"], "DB-BDTTG")
    S["cell"] = org_by_code(S["admin"], "CB-VP-1")


def teardown():
    for k in ("admin", "inspection", "secretary", "viewer", "member"):
        S[k].close()
    S["srv"].stop()


def check(c, year, org=None, lang=None):
    q = f"/api/v1/checks/inspection?year={year}"
    if org is not None:
        q += f"&org={org}"
    r = c.get(q, headers={"Accept-Language": lang} if lang else None)
    assert r.status == 200, r
    return r.json()


def inspections(c, org):
    """Every inspection of org's subtree, following the cursor."""
    out, cursor = [], None
    while True:
        q = f"/api/v1/inspections?org={org}&limit=100"
        if cursor:
            q += "&cursor=" + urllib.parse.quote(cursor)
        j = c.js(q)
        out += j["items"]
        cursor = j.get("next_cursor")
        if not cursor:
            return out


def pct(met, counted):
    """One decimal, half up, as the check computes it."""
    if counted == 0:
        return None
    return ((met * 1000 + counted // 2) // counted) / 10


def months_left(on, to):
    return (int(to[:4]) - int(on[:4])) * 12 + int(to[5:7]) - int(on[5:7]) + 1


def expected(c, year, org):
    """The answer computed by hand from the API's records."""
    on = TODAY if TODAY < f"{year}-12-31" else f"{year}-12-31"
    terms = c.js(f"/api/v1/terms?org={org}&on={on}")["items"]
    term = terms[0] if terms else None
    kids = [o for o in c.js(f"/api/v1/orgs?parent={org}&limit=1000")["items"]
            if o["valid_from"] <= on and
            (not o.get("valid_to") or o["valid_to"] > on)]
    ids = {o["id"] for o in kids}
    allin = [i for i in inspections(c, org) if i["status"] != "cancelled"]
    insps = [i for i in allin if i.get("subject_org_id") in ids]
    # Inspections of a member of a subordinate: their recommendations
    # count under the member's organisation.
    morg = {}
    for i in allin:
        if i.get("subject_member_id"):
            mo = c.js(f"/api/v1/members/{i['subject_member_id']}")["org_id"]
            if mo in ids:
                morg[i["id"]] = mo
    covered, last, selfdone, overdue = set(), {}, set(), []
    for i in insps:
        s = i["subject_org_id"]
        if i["form"] == "self":
            day = i["from"] or i["decided_on"]
            if day and f"{year}-01-01" <= day <= on:
                selfdone.add(s)
            continue
        if not term:
            continue
        # Decided or started in the term so far (the decision shown).
        days = [d for d in (i["decided_on"], i["from"])
                if d and term["starts_on"] <= d <= on]
        if days:
            covered.add(s)
            last[s] = max(last.get(s, ""), days[0])
    for i in insps + [i for i in allin if i["id"] in morg]:
        if i["recommendations_count"] == 0:
            continue
        for r in c.js(f"/api/v1/inspections/{i['id']}/recommendations")[
                "items"]:
            if r["due_on"] and r["due_on"] < on and \
                    (not r["done_on"] or r["done_on"] > on):
                overdue.append((i.get("subject_org_id") or morg[i["id"]],
                                r["due_on"], r["id"]))
    found = set()
    if term:
        found |= {("not_covered_in_term", o, f"{term['starts_on'][:4]}-"
                   f"{term['ends_on'][:4]}") for o in ids - covered}
    found |= {("self_inspection_missing", o, str(year))
              for o in ids - selfdone}
    found |= {("recommendation_overdue", o, d) for o, d, _ in overdue}
    return {"on": on, "term": term, "ids": ids, "covered": covered,
            "last": last, "self": selfdone, "found": found,
            "overdue": overdue,
            "in_term_pct": pct(len(covered), len(ids)) if term else None,
            "self_pct": pct(len(selfdone), len(ids))}


def compare(j, e):
    assert j["on"] == e["on"], j
    got = {(f["code"], f["org_id"], f["period"]) for f in j["items"]}
    assert got == e["found"], (got ^ e["found"])
    assert len(j["items"]) == len(e["found"]), j["items"]
    for code in CODES:
        assert j["counts"][code] == \
            sum(1 for f in e["found"] if f[0] == code), (code, j["counts"])
    cov = j["coverage"]
    assert cov["in_term_pct"] == e["in_term_pct"], (cov, e["in_term_pct"])
    assert cov["self_inspection_pct"] == e["self_pct"], cov
    assert cov["targets"] == {"in_term_pct": 100 if e["term"] else None,
                              "self_inspection_pct": 100}, cov
    assert cov["in_term"]["counted"] == (len(e["ids"]) if e["term"] else 0)
    assert cov["in_term"]["covered"] == len(e["covered"]), cov
    assert cov["self_inspection"]["counted"] == len(e["ids"]), cov
    assert cov["self_inspection"]["self_inspected"] == len(e["self"]), cov
    rows = {r["id"]: r for r in j["orgs"]}
    assert set(rows) == e["ids"], rows
    for oid, r in rows.items():
        if e["term"]:
            assert r["covered"] == (oid in e["covered"]), r
            assert r["last_inspection_on"] == e["last"].get(oid), r
            assert r["months_left"] == \
                months_left(e["on"], e["term"]["ends_on"]), r
        else:
            assert r["covered"] is None and r["months_left"] is None, r
        assert r["self_inspected"] == (oid in e["self"]), r
        assert r["overdue_recommendations"] == \
            sum(1 for o, _, _ in e["overdue"] if o == oid), r


@test
def coverage_matches_records():
    c, root = S["admin"], S["root"]["id"]
    e = expected(c, 2026, root)
    j = check(c, 2026, root)
    compare(j, e)
    # The demo's lapses are there to be found.
    assert j["counts"]["not_covered_in_term"] >= 1, j["counts"]
    assert j["counts"]["self_inspection_missing"] >= 1, j["counts"]
    assert j["counts"]["recommendation_overdue"] >= 1, j["counts"]
    assert 0 < j["coverage"]["in_term_pct"] < 100, j["coverage"]
    assert j["term"]["name"] and j["term"]["months_left"] == \
        months_left(TODAY, j["term"]["ends_on"]), j["term"]
    rules = {"not_covered_in_term": "inspection.coverage_term",
             "self_inspection_missing": "inspection.self_yearly",
             "recommendation_overdue":
                 "inspection.recommendation_deadline"}
    for f in j["items"]:
        assert f["rule"] == rules[f["code"]] == f["rule_id"], f
        assert "296-QĐ/TW" in f["citation"], f
        assert f["confirmed"] is False, f
        assert f["org_name"], f
        if f["code"] == "not_covered_in_term":
            assert f["months_left"] == j["term"]["months_left"], f
            assert f"còn {f['months_left']} tháng" in f["message"], f
        elif f["code"] == "self_inspection_missing":
            assert f["message"] == ("Tổ chức đảng chưa tự kiểm tra, giám "
                                    "sát đảng viên trong năm 2026."), f
        else:
            assert f["recommendation_id"] and f["inspection_id"], f
            d = f["period"]
            assert f"{d[8:10]}/{d[5:7]}/{d[:4]}" in f["message"], f
    en = check(c, 2026, root, lang="en")
    assert [f["code"] for f in en["items"]] == \
        [f["code"] for f in j["items"]]
    assert any(f["message"] == "The organisation has not inspected and "
               "supervised its members itself in 2026." for f in en["items"])
    # The inspection commission's account (at the root) sees the same.
    assert check(S["inspection"], 2026, root)["counts"] == j["counts"]
    # A grassroots committee has its own term and subordinates.
    unit = org_by_code(c, "DBCS-VP")["id"]
    compare(check(c, 2026, unit), expected(c, 2026, unit))


@test
def writes_change_the_answer():
    c, root = S["inspection"], S["root"]["id"]
    j = check(c, 2026, root)
    nc = [f for f in j["items"] if f["code"] == "not_covered_in_term"]
    target = nc[0]["org_id"]
    r = c.req("POST", "/api/v1/inspections", {
        "org_id": root, "body": "inspection_commission",
        "kind": "supervision", "form": "thematic",
        "subject_org_id": target, "content_codes": ["resolutions"],
        "decided_on": "2026-11-02", "doc_no": "40-QĐ/UBKTĐU",
        "from": "2026-11-09", "team": "Tổ giám sát"})
    assert r.status == 201, r
    new = r.json()
    j2 = check(c, 2026, root)
    assert ("not_covered_in_term", target) not in \
        {(f["code"], f["org_id"]) for f in j2["items"]}, j2["items"]
    assert j2["counts"]["not_covered_in_term"] == \
        j["counts"]["not_covered_in_term"] - 1
    row = [o for o in j2["orgs"] if o["id"] == target][0]
    assert row["covered"] is True and \
        row["last_inspection_on"] == "2026-11-02", row
    assert j2["coverage"]["in_term_pct"] > j["coverage"]["in_term_pct"]
    # Cancelled, it no longer covers.
    r = c.req("PATCH", f"/api/v1/inspections/{new['id']}",
              {"status": "cancelled"},
              headers={"If-Match": f'"{new["version"]}"'})
    assert r.status == 200, r
    assert check(c, 2026, root)["counts"] == j["counts"]
    # An overdue recommendation done (today) is no longer overdue.
    od = [f for f in j["items"] if f["code"] == "recommendation_overdue"][0]
    path = (f"/api/v1/inspections/{od['inspection_id']}/recommendations/"
            f"{od['recommendation_id']}")
    rec = [x for x in c.js(f"/api/v1/inspections/{od['inspection_id']}/"
                           "recommendations")["items"]
           if x["id"] == od["recommendation_id"]][0]
    r = c.req("PATCH", path, {"done_on": TODAY, "result": "Đã khắc phục."},
              headers={"If-Match": f'"{rec["version"]}"'})
    assert r.status == 200, r
    j3 = check(c, 2026, root)
    assert j3["counts"]["recommendation_overdue"] == \
        j["counts"]["recommendation_overdue"] - 1, j3["counts"]
    assert od["recommendation_id"] not in \
        {f.get("recommendation_id") for f in j3["items"]}
    # A member of a subordinate cell inspected, a recommendation due
    # yesterday left open: overdue, found under the cell.
    cell = [o for o in S["admin"].js(f"/api/v1/orgs?parent={root}"
                                     "&limit=1000")["items"]
            if o["kind"] == "grassroots_cell"][1]
    m = S["admin"].js(f"/api/v1/members?org={cell['id']}&limit=1")[
        "items"][0]
    r = c.req("POST", "/api/v1/inspections", {
        "org_id": root, "body": "inspection_commission",
        "kind": "inspection", "form": "on_signs_of_violation",
        "subject_member_id": m["id"], "content_codes": ["prohibited_acts"],
        "decided_on": "2026-09-01", "doc_no": "41-QĐ/UBKTĐU",
        "from": "2026-09-05", "to": "2026-09-30"})
    assert r.status == 201, r
    mi = r.json()
    r = c.req("POST", f"/api/v1/inspections/{mi['id']}/recommendations",
              {"text": "Kiểm điểm trước chi bộ.", "owner": "Đảng viên",
               "due_on": "2026-11-24"})
    assert r.status == 201, r
    j5 = check(c, 2026, root)
    f = [x for x in j5["items"] if x.get("inspection_id") == mi["id"]]
    assert len(f) == 1 and f[0]["org_id"] == cell["id"] and \
        f[0]["code"] == "recommendation_overdue" and \
        f[0]["period"] == "2026-11-24", (f, j5["items"])
    # A member's inspection does not cover the cell.
    assert [o for o in j5["orgs"] if o["id"] == cell["id"]][0]["covered"] \
        == [o for o in j3["orgs"] if o["id"] == cell["id"]][0]["covered"]
    # The cell without this year's self-inspection records it.
    miss = [f for f in j["items"]
            if f["code"] == "self_inspection_missing"][0]["org_id"]
    r = S["admin"].req("POST", "/api/v1/inspections", {
        "org_id": miss, "body": "cell", "kind": "inspection",
        "form": "self", "subject_org_id": miss,
        "content_codes": ["member_duties"], "decided_on": "2026-11-20",
        "from": "2026-11-20", "doc_no": "01-CTr/CB"})
    assert r.status == 201, r
    j4 = check(c, 2026, root)
    assert j4["counts"]["self_inspection_missing"] == \
        j["counts"]["self_inspection_missing"] - 1, j4["counts"]
    compare(j4, expected(c, 2026, root))


@test
def past_year_and_no_term():
    c, root = S["admin"], S["root"]["id"]
    j = check(c, 2025, root)
    assert j["on"] == "2025-12-31", j
    compare(j, expected(c, 2025, root))
    assert j["term"]["months_left"] == 55, j["term"]
    # 2024: before the first term, and before the demo's organisations
    # were created (2025-03-01): nothing is counted.
    j = check(c, 2024, root)
    assert j["term"] is None and j["orgs"] == [] and j["items"] == [], j
    assert j["coverage"]["in_term_pct"] is None, j
    assert j["coverage"]["self_inspection_pct"] is None, j
    # This year without a term (deleted, then recorded again): nothing is
    # judged against the term; the self-inspections still are.
    before = check(c, 2026, root)
    t = c.js(f"/api/v1/terms?org={root}&on={TODAY}")["items"][0]
    r = c.req("DELETE", f"/api/v1/terms/{t['id']}",
              headers={"If-Match": f'"{t["version"]}"'})
    assert r.status in (200, 204), r
    j = check(c, 2026, root)
    assert j["term"] is None, j
    assert j["coverage"]["in_term_pct"] is None, j
    assert j["coverage"]["targets"]["in_term_pct"] is None, j
    assert j["counts"]["not_covered_in_term"] == 0, j
    assert j["counts"]["self_inspection_missing"] == \
        before["counts"]["self_inspection_missing"], j
    assert all(o["covered"] is None and o["months_left"] is None
               for o in j["orgs"]), j["orgs"]
    r = c.req("POST", "/api/v1/terms", {
        "org_id": root, "name": t["name"], "starts_on": t["starts_on"],
        "ends_on": t["ends_on"]})
    assert r.status == 201, r
    assert check(c, 2026, root)["counts"] == before["counts"]


@test
def reports():
    c, root = S["inspection"], S["root"]["id"]
    r = c.get(f"/api/v1/checks/inspection/report.xlsx?year=2026&org={root}")
    assert r.status == 200, r
    assert r.headers["content-type"].startswith(
        "application/vnd.openxmlformats"), r.headers
    assert r.body[:2] == b"PK", r.body[:10]
    r = c.get(f"/api/v1/checks/inspection/report.pdf?year=2026&org={root}")
    assert r.status == 200, r
    assert r.headers["content-type"] == "application/pdf", r.headers
    assert r.body[:5] == b"%PDF-", r.body[:10]
    problem(c.get("/api/v1/checks/inspection/report.pdf?org=1"), 400,
            "invalid_query")


@test
def scope():
    sec, cell = S["secretary"], S["cell"]["id"]
    j = check(sec, 2026, cell)
    assert j["items"] == [] and j["orgs"] == [], j
    assert j["coverage"]["in_term_pct"] is None, j
    # Without org: its one organisation.
    assert check(sec, 2026)["org_id"] == cell
    p = problem(sec.get(f"/api/v1/checks/inspection?year=2026"
                        f"&org={S['root']['id']}"), 400, "invalid_query")
    assert p["errors"][0]["field"] == "org" and \
        p["errors"][0]["code"] == "org_not_found", p
    for who in ("viewer", "member"):
        problem(S[who].get(f"/api/v1/checks/inspection?year=2026"
                           f"&org={cell}"), 403)


@test
def bad_input():
    c, root = S["admin"], S["root"]["id"]
    for q, field in ((f"org={root}", "year"),
                     (f"year=abc&org={root}", "year"),
                     (f"year=1800&org={root}", "year"),
                     (f"year=2200&org={root}", "year"),
                     ("year=2026&org=abc", "org"),
                     ("year=2026&org=999999", "org")):
        p = problem(c.get("/api/v1/checks/inspection?" + q), 400,
                    "invalid_query")
        assert p["errors"][0]["field"] == field, (q, p)
    problem(c.get(f"/api/v1/checks/inspection?year=2026&org={root}"
                  "&code=x"), 400)


if __name__ == "__main__":
    raise SystemExit(run_tests(setup, teardown))
