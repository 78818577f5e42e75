#!/usr/bin/env python3
"""Discipline cases (issue 14) on one backend (argv[1]): the demo's cases
and their computed status (as of ?on=), secrecy (only grants with the
option "discipline" see a case, within their scope: a cell secretary only
its cell's, a viewer, an office or an inspection account without the
option none, ever), each rule's refusal through the API (422 naming the
rule and citation, several at once), bad input, nothing changed after a
4xx, If-Match, the complaint, every view of a case audited, the member's
cases, the state notices.
"""
import sys

from apilib import (Server, demo_db, fields, org_by_code, problem, run,
                    run_tests, sql, test)

CONTRACT = ["id", "subject", "violation_code", "violation_on",
            "deciding_org_id", "form", "vote", "base", "decided_on",
            "effective_on", "doc_no", "status", "lapses_on"]

S = {}


def setup():
    db = demo_db("discipline", meetings=False)
    # An inspection account without the option, a secretary of another
    # cell with it.
    run("user", "add", "ubkt2", "--db", db, "--role", "inspection",
        "--org", "DB-BDTTG", "--password-stdin", stdin="ubkt2-pass-2026\n")
    run("user", "add", "bithu2", "--db", db, "--role", "secretary",
        "--org", "CB-VP-2", "--password-stdin", stdin="bithu2-pass-2026\n")
    run("user", "grant", "bithu2", "--db", db, "--role", "secretary",
        "--org", "CB-VP-2", "--allow", "discipline")
    S["db"] = db
    S["srv"] = Server(db)
    for role in ("admin", "office", "inspection", "secretary", "member",
                 "viewer"):
        S[role] = S["srv"].client(role)
    S["ubkt2"] = S["srv"].client()
    S["ubkt2"].login("ubkt2", "ubkt2-pass-2026")
    S["bithu2"] = S["srv"].client()
    S["bithu2"].login("bithu2", "bithu2-pass-2026")
    S["cell"] = org_by_code(S["admin"], "CB-VP-1")
    S["cell2"] = org_by_code(S["admin"], "CB-VP-2")
    S["unit"] = org_by_code(S["admin"], "DBCS-VP")
    S["root"] = org_by_code(S["admin"], "DB-BDTTG")
    S["all"] = S["inspection"].js("/api/v1/discipline")["items"]


def teardown():
    for k in ("admin", "office", "inspection", "secretary", "member",
              "viewer", "ubkt2", "bithu2"):
        S[k].close()
    S["srv"].stop()


def officials(org, n=3):
    ms = S["admin"].js(f"/api/v1/members?org={org['id']}&limit=1000"
                       "&status=official")["items"]
    return [m["id"] for m in ms[-n:]]


def count_cases():
    return int(sql(S["db"], "SELECT count(*) FROM discipline_case")[0][0])


def views(case_id):
    return int(sql(S["db"], "SELECT count(*) FROM audit WHERE action ="
                   f" 'discipline.view' AND object_id = {case_id}")[0][0])


def body(**kw):
    b = {"subject": "member", "member_id": officials(S["cell"])[0],
         "violation_code": "qd37_17", "violation_on": "2026-08-01",
         "deciding_org_id": S["cell"]["id"], "form": "khien_trach",
         "vote": {"for": 7, "against": 1, "abstain": 1}, "base": 9,
         "decided_on": "2026-10-01", "effective_on": "2026-10-01",
         "doc_no": "09-QĐ/CB"}
    b.update(kw)
    return b


@test
def demo_cases_and_status():
    items = S["all"]
    assert len(items) == 5, items
    for c in items:
        assert set(CONTRACT) <= set(c), c
        assert set(c["vote"]) == {"for", "against", "abstain"}, c
        assert ("member_id" in c and c["member_id"]) or c["org_id"], c
        assert c["subject_name"] and c["deciding_org_name"], c
    st = sorted(c["status"] for c in items)
    assert st == ["deferred", "in_force", "in_force", "in_force",
                  "lapsed"], st
    lapsed = [c for c in items if c["status"] == "lapsed"][0]
    assert lapsed["lapses_on"] < "2026-11-25", lapsed
    deferred = [c for c in items if c["status"] == "deferred"][0]
    assert deferred["decided_on"] is None, deferred
    assert deferred["deferral"] == "nursing", deferred
    assert [c for c in items if c["subject"] == "org"], items
    assert [c for c in items if c["complained_on"]], items
    # As of a later date the reprimand in force has lapsed too.
    force = [c for c in items if c["status"] == "in_force" and
             c["subject"] == "member" and not c["complained_on"]][0]
    later = S["inspection"].js(f"/api/v1/discipline/{force['id']}"
                               "?on=2028-01-01")
    assert later["status"] == "lapsed", later
    assert later["lapses_on"] == force["lapses_on"], (later, force)
    lst = S["inspection"].js("/api/v1/discipline?status=lapsed"
                             "&on=2028-01-01")["items"]
    assert force["id"] in [c["id"] for c in lst], lst
    # Filters: the subtree, the member, the status; pages.
    mine = S["inspection"].js(f"/api/v1/discipline?org={S['cell']['id']}"
                              )["items"]
    assert len(mine) == 2, mine
    p1 = S["inspection"].js("/api/v1/discipline?limit=2")
    assert len(p1["items"]) == 2 and p1["next_cursor"], p1
    p2 = S["inspection"].js("/api/v1/discipline?limit=2&cursor="
                            + p1["next_cursor"])
    assert p2["items"][0]["id"] > p1["items"][1]["id"], (p1, p2)
    r = S["inspection"].get("/api/v1/discipline?cursor=zz!")
    assert ("cursor", "invalid_cursor") in fields(problem(r, 400)), r
    r = S["inspection"].get("/api/v1/discipline?status=old")
    assert ("status", "invalid_value") in fields(problem(r, 400)), r


@test
def secrecy_by_grant_and_scope():
    sec = S["secretary"].js("/api/v1/discipline")["items"]
    assert len(sec) == 2, sec
    assert all(c["member_id"] for c in sec), sec
    mine = {c["id"] for c in sec}
    outside = [c for c in S["all"] if c["id"] not in mine]
    assert outside
    for c in outside:
        r = S["secretary"].get(f"/api/v1/discipline/{c['id']}")
        problem(r, 404, "discipline_case_not_found")
        r = S["secretary"].req("PATCH", f"/api/v1/discipline/{c['id']}",
                               {"note": "x"}, headers={"If-Match": "*"})
        problem(r, 404)
    # The other cell's secretary sees its own cell's case only.
    other = S["bithu2"].js("/api/v1/discipline")["items"]
    assert {c["id"] for c in other}.isdisjoint(mine), other
    r = S["bithu2"].get(f"/api/v1/discipline?org={S['cell']['id']}")
    assert ("org", "org_not_found") in fields(problem(r, 400)), r
    # No option, no case: lists and writes 403, one case 404, whatever
    # the role (a viewer, the office, an admin, an inspection account
    # without the option, a member).
    one = S["all"][0]["id"]
    for k in ("viewer", "office", "admin", "ubkt2", "member"):
        c = S[k]
        problem(c.get("/api/v1/discipline"), 403)
        problem(c.req("POST", "/api/v1/discipline", body()), 403)
        problem(c.get(f"/api/v1/discipline/{one}"), 404,
                "discipline_case_not_found")
        problem(c.req("PATCH", f"/api/v1/discipline/{one}", {"note": "x"},
                      headers={"If-Match": "*"}), 404)
        problem(c.req("DELETE", f"/api/v1/discipline/{one}",
                      headers={"If-Match": "*"}), 404)
        problem(c.get("/api/v1/discipline/notices"), 403)
        mid = S["all"][0].get("member_id") or officials(S["cell"])[0]
        problem(c.get(f"/api/v1/members/{mid}/discipline"), 403)
    # A missing case is the same 404.
    problem(S["inspection"].get("/api/v1/discipline/999999"), 404,
            "discipline_case_not_found")
    # A secretary may not record a case outside its cell.
    out = officials(S["cell2"])[0]
    before = count_cases()
    r = S["secretary"].req("POST", "/api/v1/discipline",
                           body(member_id=out))
    # A reference the principal does not see does not exist (422 on
    # its field, as for a meeting's organisation).
    assert ("member_id", "member_not_found") in fields(problem(r, 422)), r
    assert count_cases() == before


RULES = [
    ("form_not_allowed_for_subject", "form",
     dict(subject="org", member_id=None, form="cach_chuc",
          deciding_org_id=None, deciding_body="committee")),
    ("authority_insufficient", "form", dict(upper_task=True)),
    ("vote_threshold_not_met", "vote",
     dict(vote={"for": 5, "against": 4, "abstain": 1}, base=10)),
    ("time_barred", "decided_on",
     dict(violation_on="2020-01-01", decided_on="2026-10-01")),
    ("deferred_condition", "deferral", dict(deferral="pregnant")),
    ("complaint_late", "complained_on",
     dict(received_on="2026-10-01", complained_on="2026-11-15")),
    ("violation_unknown", "violation_code", dict(violation_code="zzz_99")),
]


@test
def each_rule_refused():
    c = S["inspection"]
    for code, field, kw in RULES:
        b = body(**kw)
        if b.get("member_id") is None:
            b.pop("member_id")
            b["org_id"] = S["cell"]["id"]
        if b.get("deciding_org_id") is None:
            b["deciding_org_id"] = S["unit"]["id"]
        before = count_cases()
        r = c.req("POST", "/api/v1/discipline", b,
                  headers={"Accept-Language": "en"})
        p = problem(r, 422, "discipline_refused")
        errs = [e for e in p["errors"] if e["code"] == code]
        assert errs, (code, p)
        e = errs[0]
        assert e["rule"].startswith("discipline."), e
        assert e.get("citation"), e
        assert e["message"], e
        assert count_cases() == before, code


@test
def several_problems_at_once():
    b = body(upper_task=True, vote={"for": 4, "against": 5, "abstain": 0},
             violation_on="2019-01-01", violation_code="qd37_01")
    r = S["inspection"].req("POST", "/api/v1/discipline", b)
    p = problem(r, 422, "discipline_refused")
    codes = {e["code"] for e in p["errors"]}
    assert {"authority_insufficient", "vote_threshold_not_met",
            "time_barred"} <= codes, p


@test
def later_violation_restarts_limitation():
    """A violation of 2020 is barred (5 years) unless the member violated
    again within the period: the limitation counts from the new one."""
    m = officials(S["cell"], 5)[0]
    old = body(member_id=m, violation_on="2020-01-01",
               decided_on="2026-10-01", effective_on="2026-10-01")
    r = S["secretary"].req("POST", "/api/v1/discipline", old)
    assert "time_barred" in {e["code"] for e in problem(r, 422)["errors"]}
    r = S["secretary"].req("POST", "/api/v1/discipline", body(
        member_id=m, violation_on="2024-06-01", decided_on="2024-08-01",
        effective_on="2024-08-01"))
    assert r.status == 201, r
    r = S["secretary"].req("POST", "/api/v1/discipline", old)
    assert r.status == 201, r


@test
def bad_input():
    c = S["inspection"]
    before = count_cases()
    cases = [
        (body(vote=5), ("vote", "wrong_type")),
        (body(vote={"for": 1, "yes": 2}), ("vote.yes", "unknown_field")),
        (body(vote_for=3), ("vote_for", "unknown_field")),
        (body(colour="red"), ("colour", "unknown_field")),
        (body(violation_on="2026-02-30"), ("violation_on", "invalid_date")),
        (body(form="beheading"), ("form", "invalid_value")),
        (body(org_id=S["cell"]["id"]), ("org_id", "field_not_for_subject")),
        (body(deciding_org_id=S["unit"]["id"], deciding_body="cell"),
         ("deciding_body", "body_not_of_org")),
        (body(status="lapsed"), ("status", "unknown_field")),
        (body(id=7), ("id", "read_only")),
        ({"subject": "member"}, ("violation_code", "required")),
        (body(vote={"for": -1, "against": 0, "abstain": 0}), None),
        (body(vote={"for": 20, "against": 0, "abstain": 0}), None),
    ]
    for b, want in cases:
        r = c.req("POST", "/api/v1/discipline", b)
        assert r.status in (400, 422), (b, r)
        p = r.json()
        if want is not None:
            assert want in fields(p), (want, p)
    r = c.req("POST", "/api/v1/discipline", "{not json",
              ctype="application/json")
    assert r.status == 400, r
    assert count_cases() == before


@test
def write_flow_if_match_complaint_delete():
    sec = S["secretary"]
    r = sec.req("POST", "/api/v1/discipline", body())
    assert r.status == 201, r
    case = r.json()
    assert case["status"] == "in_force" and case["deciding_body"] == "cell"
    assert case["lapses_on"] == "2027-10-01", case
    assert r.headers["etag"] == '"1"', r.headers
    assert r.headers["location"] == f"/api/v1/discipline/{case['id']}"
    url = f"/api/v1/discipline/{case['id']}"
    # If-Match required, and current.
    problem(sec.req("PATCH", url, {"note": "a"}), 428)
    problem(sec.req("PATCH", url, {"note": "a"},
                    headers={"If-Match": '"7"'}), 412)
    r = sec.req("PATCH", url, {"note": "Đã gặp đảng viên",
                               "vote": {"for": 8, "against": 0,
                                        "abstain": 1}},
                headers={"If-Match": '"1"'})
    assert r.status == 200, r
    assert r.json()["vote"] == {"for": 8, "against": 0, "abstain": 1}
    # A patch that breaks a rule changes nothing.
    r = sec.req("PATCH", url, {"form": "khai_tru"},
                headers={"If-Match": '"2"'})
    problem(r, 422)
    assert S["inspection"].js(url)["form"] == "khien_trach"
    # The complaint: lodged, then its outcome.
    r = sec.req("POST", url + "/complaint", {"complained_on": "2026-10-20",
                                             "received_on": "2026-10-02"})
    assert r.status == 200, r
    assert r.json()["complained_on"] == "2026-10-20"
    r = sec.req("POST", url + "/complaint", {"note": "x"})
    assert ("note", "unknown_field") in fields(problem(r, 422)), r
    r = sec.req("POST", url + "/complaint", {"complaint_outcome": "annulled",
                                             "complaint_decided_on":
                                             "2026-11-20"})
    assert r.status == 200, r
    assert r.json()["status"] == "annulled", r
    # Audited writes.
    acts = [a for (a,) in sql(S["db"], "SELECT action FROM audit WHERE"
                              f" object_type = 'discipline_case' AND"
                              f" object_id = {case['id']} ORDER BY id")]
    assert acts[:1] == ["discipline.create"], acts
    assert "discipline.update" in acts and \
        acts.count("discipline.complaint") == 2, acts
    # The trail names the fields written, never their values (its readers
    # need not hold the option: the case is secret).
    rows = sql(S["db"], "SELECT coalesce(before, ''), coalesce(after, ''),"
               " coalesce(detail, '') FROM audit WHERE object_type ="
               f" 'discipline_case' AND object_id = {case['id']}")
    text = " ".join(" ".join(r) for r in rows)
    assert "note" in text and "Đã gặp" not in text and \
        "09-QĐ/CB" not in text and "qd37_17" not in text, rows
    problem(sec.req("DELETE", url), 428)
    r = sec.req("DELETE", url, headers={"If-Match": '"4"'})
    assert r.status == 204, r
    problem(sec.get(url), 404)
    assert sql(S["db"], "SELECT action FROM audit WHERE object_type ="
               f" 'discipline_case' AND object_id = {case['id']}"
               " ORDER BY id DESC LIMIT 1") == [("discipline.delete",)]


@test
def deferred_case_recorded():
    r = S["secretary"].req("POST", "/api/v1/discipline", body(
        decided_on=None, effective_on=None, doc_no=None,
        deferral="hospitalised", vote=None, base=0))
    assert r.status == 201, r
    c = r.json()
    assert c["status"] == "deferred" and c["lapses_on"] is None, c


@test
def every_view_audited():
    case = [c for c in S["all"] if c["member_id"] in
            {x["member_id"] for x in
             S["secretary"].js("/api/v1/discipline")["items"]}][0]
    n0 = views(case["id"])
    for _ in range(3):
        S["secretary"].js(f"/api/v1/discipline/{case['id']}")
    assert views(case["id"]) == n0 + 3, (n0, views(case["id"]))
    # Lists and refused reads are no views.
    S["secretary"].js("/api/v1/discipline")
    S["viewer"].get(f"/api/v1/discipline/{case['id']}")
    assert views(case["id"]) == n0 + 3
    who = sql(S["db"], "SELECT actor FROM audit WHERE action ="
              f" 'discipline.view' AND object_id = {case['id']}"
              " ORDER BY id DESC LIMIT 1")
    assert who == [("bithu",)], who


@test
def member_cases():
    sec = S["secretary"].js("/api/v1/discipline")["items"]
    mid = sec[0]["member_id"]
    got = S["secretary"].js(f"/api/v1/members/{mid}/discipline")["items"]
    assert got and all(c["member_id"] == mid for c in got), got
    # A member outside the secretary's scope is not found.
    out = [c for c in S["all"] if c["member_id"] and
           c["member_id"] not in {x["member_id"] for x in sec}][0]
    r = S["secretary"].get(f"/api/v1/members/{out['member_id']}/discipline")
    assert r.status == 404 or r.json()["items"] == [], r


@test
def state_notices():
    ins = S["inspection"].js("/api/v1/discipline/notices")["items"]
    assert len(ins) >= 2, ins
    assert sorted(n["late"] for n in ins[:2]) == [False, True], ins
    sec = S["secretary"].js("/api/v1/discipline/notices")["items"]
    assert len(sec) == 1 and sec[0]["late"] is False, sec
    mid = officials(S["cell"])[1]
    r = S["secretary"].req("POST", "/api/v1/discipline/notices", {
        "member_id": mid, "body": "Ủy ban nhân dân quận",
        "decided_on": "2026-11-01", "notified_on": "2026-11-07"})
    assert r.status == 201, r
    n = r.json()
    assert n["late"] is True and n["days"] == 6, n
    r = S["secretary"].req("POST", "/api/v1/discipline/notices", {
        "member_id": mid, "body": "x", "decided_on": "2026-11-01",
        "notified_on": "2026-10-07"})
    assert ("notified_on", "date_before") in fields(problem(r, 422)), r
    out = officials(S["cell2"])[0]
    r = S["secretary"].req("POST", "/api/v1/discipline/notices", {
        "member_id": out, "body": "x", "decided_on": "2026-11-01",
        "notified_on": "2026-11-02"})
    assert ("member_id", "member_not_found") in fields(problem(r, 422)), r


@test
def audit_trail_keeps_discipline_secret():
    """The audit trail lists discipline entries (cases, complaints,
    views, state notices: who, which member) only to an account that may
    read discipline where they happened: not to an office or an
    inspection account without the option, whatever the filter."""
    S["inspection"].js(f"/api/v1/discipline/{S['all'][0]['id']}")
    mine = S["inspection"].js("/api/v1/audit?limit=1000")["items"]
    assert [e for e in mine if e["action"].startswith("discipline.")], mine
    for who in ("office", "ubkt2"):
        c = S[who]
        for q in ("limit=1000", "action=discipline.view",
                  "action=discipline.create", "action=discipline.notice",
                  f"org={S['cell']['id']}&limit=1000"):
            items = c.js("/api/v1/audit?" + q)["items"]
            assert not [e for e in items
                        if e["action"].startswith("discipline.") or
                        e["object_type"].startswith("discipline")], \
                (who, q, items[:3])
        # Paging still walks the whole (filtered) trail.
        seen, cursor = 0, ""
        while True:
            page = c.js("/api/v1/audit?limit=50" + cursor)
            seen += len(page["items"])
            if not page.get("next_cursor"):
                break
            cursor = "&cursor=" + page["next_cursor"]
        assert seen == len(c.js("/api/v1/audit?limit=1000")["items"]) or \
            seen >= 1000, (who, seen)


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
