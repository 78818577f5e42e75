#!/usr/bin/env python3
"""Evaluation and classification (issue 15) on one backend (argv[1]):
periods (open, defaults, duplicates, change), the workflow (a member's
self-assessment, a cell-mate's comment, the cell's proposal with its
vote, the committee's decision with and without a reason, the lock), the
computed level and its reasons, the cap on excellent (the calibration
view; a lock refused with excellent_cap_exceeded naming the scope, the
count and the allowed count), writes to a locked period refused, scope
(each role; a member its own and its cell's, never another cell's; the
viewer refused), bad input (types, unknown fields, out of range scores,
counts, control characters, a huge body) with nothing written after a
4xx.
"""
import json
import sys

from apilib import (Server, demo_db, fields, org_by_code, problem, raw_http,
                    run_tests, sql, test)

CONTRACT = ["id", "period_id", "member_id", "org_id", "score",
            "tasks_total", "tasks_on_time", "tasks_exceeded",
            "computed_level", "reasons", "proposed_level", "decided_level",
            "status", "vote"]
LEVELS = {"htxs", "htt", "ht", "kht", "not_classified"}

S = {}


def setup():
    db = demo_db("evaluations", meetings=False, inspections=False,
                 evaluations=False)
    S["db"] = db
    S["srv"] = Server(db)
    for role in ("admin", "office", "inspection", "secretary", "member",
                 "viewer"):
        S[role] = S["srv"].client(role)
    S["root"] = org_by_code(S["admin"], "DB-BDTTG")
    S["unit"] = org_by_code(S["admin"], "DBCS-VP")
    S["cell"] = org_by_code(S["admin"], "CB-VP-1")
    S["cell2"] = org_by_code(S["admin"], "CB-VP-2")
    S["me"] = int(sql(db, "SELECT member_id FROM app_user WHERE username ="
                      " 'dangvien'")[0][0])
    S["sec"] = int(sql(db, "SELECT member_id FROM app_user WHERE username ="
                       " 'bithu'")[0][0])


def teardown():
    for k in ("admin", "office", "inspection", "secretary", "member",
              "viewer"):
        S[k].close()
    S["srv"].stop()


def members_of(org, n=6):
    ms = S["admin"].js(f"/api/v1/members?org={org['id']}&limit=1000"
                       "&status=official")["items"]
    ids = [m["id"] for m in ms if m["id"] not in (S["me"], S["sec"])]
    return ids[:n]


def count(table):
    return int(sql(S["db"], f"SELECT count(*) FROM {table}")[0][0])


def period(c=None, **kw):
    b = {"org_id": S["unit"]["id"], "kind": "year", "year": 2026}
    b.update(kw)
    r = (c or S["office"]).req("POST", "/api/v1/evaluation/periods", b)
    return r


def new_period(**kw):
    r = period(**kw)
    assert r.status == 201, r
    return r.json()


def body(pid, member_id, **kw):
    b = {"period_id": pid, "member_id": member_id, "score": 92.5,
         "tasks_total": 10, "tasks_on_time": 10, "tasks_exceeded": 4,
         "note": "Hoàn thành tốt các nhiệm vụ được giao."}
    b.update(kw)
    return b


def create(c, pid, member_id, status=201, **kw):
    r = c.req("POST", "/api/v1/evaluations", body(pid, member_id, **kw))
    assert r.status == status, r
    return r.json()


def etag(c, path):
    r = c.get(path)
    assert r.status == 200, r
    return r.headers["etag"]


@test
def periods_open_and_defaults():
    p = new_period(kind="quarter", quarter=2, year=2026,
                   title="Quý II năm 2026")
    assert p["status"] == "open" and p["from"] == "2026-04-01" \
        and p["to"] == "2026-06-30", p
    assert p["org_name"] and p["sheet"] and p["sheet"]["groups"], p
    assert sum(g["max_points"] for g in p["sheet"]["groups"]) == 100, p
    # One quarter period per organisation, year and quarter.
    r = period(kind="quarter", quarter=2, year=2026)
    problem(r, 409, "duplicate")
    y = new_period(kind="year", year=2025)
    assert (y["from"], y["to"]) == ("2025-01-01", "2025-12-31"), y
    problem(period(kind="year", year=2025), 409, "duplicate")
    # A quarter needs its quarter; a year has none; ad hoc needs dates.
    r = period(kind="quarter", year=2027)
    assert ("quarter", "required") in fields(problem(r, 422)), r
    r = period(kind="year", year=2027, quarter=1)
    assert ("quarter", "field_not_for_kind") in fields(problem(r, 422)), r
    r = period(kind="ad_hoc", year=2027)
    assert ("from", "required") in fields(problem(r, 422)), r
    r = period(kind="ad_hoc", year=2027, **{"from": "2027-05-01",
                                            "to": "2027-03-01"})
    assert ("to", "date_before") in fields(problem(r, 422)), r
    r = period(kind="quarter", quarter=5, year=2027)
    assert ("quarter", "count_out_of_range") in fields(problem(r, 422)), r
    r = period(kind="quarter", quarter=2 ** 32 + 1, year=2027)
    assert ("quarter", "count_out_of_range") in fields(problem(r, 422)), r
    r = period(kind="year", year=20270)
    assert ("year", "count_out_of_range") in fields(problem(r, 422)), r
    # Lists, the year and kind filters, pages; a change of title.
    ps = S["office"].js("/api/v1/evaluation/periods?org="
                        f"{S['unit']['id']}")["items"]
    assert {p["id"], y["id"]} <= {x["id"] for x in ps}, ps
    ps = S["office"].js("/api/v1/evaluation/periods?year=2025&kind=year"
                        )["items"]
    assert [x["id"] for x in ps] == [y["id"]], ps
    p1 = S["office"].js("/api/v1/evaluation/periods?limit=1")
    assert len(p1["items"]) == 1 and p1["next_cursor"], p1
    p2 = S["office"].js("/api/v1/evaluation/periods?limit=1&cursor="
                        + p1["next_cursor"])
    assert p2["items"] and p2["items"][0]["id"] != p1["items"][0]["id"], p2
    r = S["office"].get("/api/v1/evaluation/periods?kind=week")
    assert ("kind", "invalid_value") in fields(problem(r, 400)), r
    r = S["office"].req("PATCH", f"/api/v1/evaluation/periods/{y['id']}",
                        {"title": "Năm 2025"},
                        headers={"If-Match": f'"{y["version"]}"'})
    assert r.status == 200 and r.json()["title"] == "Năm 2025", r
    r = S["office"].req("PATCH", f"/api/v1/evaluation/periods/{y['id']}",
                        {"year": 2024})
    assert ("year", "read_only") in fields(problem(r, 422)), r
    # The secretary and the member see the period covering their cell;
    # they may not open one.
    for k in ("secretary", "member"):
        S[k].js(f"/api/v1/evaluation/periods/{y['id']}")
        ids = [x["id"] for x in
               S[k].js("/api/v1/evaluation/periods")["items"]]
        assert y["id"] in ids, (k, ids)
        problem(period(S[k], year=2030), 403)
    problem(S["viewer"].get("/api/v1/evaluation/periods"), 403)
    problem(S["viewer"].get(f"/api/v1/evaluation/periods/{y['id']}"), 404,
            "period_not_found")
    S["y2025"] = y


@test
def workflow():
    p = new_period(kind="year", year=2026)
    pid = p["id"]
    # The member's self-assessment: the computed level and its reasons.
    e = create(S["member"], pid, S["me"])
    assert set(CONTRACT) <= set(e), e
    assert e["score"] == 92.5 and e["status"] == "submitted", e
    assert e["computed_level"] in LEVELS, e
    assert e["member_id"] == S["me"] and e["org_id"] is None, e
    assert e["proposed_level"] is None and e["decided_level"] is None, e
    # A lower score steps down with its reason, rule and citation.
    r = S["member"].req("PATCH", f"/api/v1/evaluations/{e['id']}",
                        {"score": 69.9, "tasks_exceeded": 1},
                        headers={"If-Match": f'"{e["version"]}"'})
    assert r.status == 200, r
    e = r.json()
    assert e["score"] == 69.9 and e["computed_level"] == "ht", e
    band = [x for x in e["reasons"] if x["code"] == "score_band"]
    assert band and band[0]["rule_id"] == "evaluation.bands" \
        and band[0]["citation"] and band[0]["message"] \
        and band[0]["level"] == "ht", e["reasons"]
    en = S["member"].js(f"/api/v1/evaluations/{e['id']}",
                        headers={"Accept-Language": "en"})
    assert en["reasons"][0]["message"] != band[0]["message"], en
    # Back to a good score.
    r = S["member"].req("PATCH", f"/api/v1/evaluations/{e['id']}",
                        {"score": 85, "tasks_exceeded": 2})
    assert r.status == 200 and r.json()["computed_level"] == "htt", r
    e = r.json()
    # A cell-mate's evaluation recorded by the secretary (paper form);
    # the member comments on it; the reviewers read the comment, the
    # member reads none (input to the reviewers only).
    mate = members_of(S["cell"], 1)[0]
    m = create(S["secretary"], pid, mate, score=95, tasks_exceeded=5)
    assert m["computed_level"] in LEVELS, m
    r = S["member"].req("POST", f"/api/v1/evaluations/{m['id']}/comments",
                        {"text": "Đồng chí luôn gương mẫu."})
    assert r.status == 201 and r.json()["author"] == "dangvien", r
    r = S["member"].req("POST", f"/api/v1/evaluations/{m['id']}/comments",
                        {"text": "x" * 2001})
    assert ("text", "too_long") in fields(problem(r, 422)), r
    cs = S["secretary"].js(f"/api/v1/evaluations/{m['id']}/comments")
    assert [c["text"] for c in cs["items"]] == ["Đồng chí luôn gương mẫu."]
    problem(S["member"].get(f"/api/v1/evaluations/{m['id']}/comments"), 403)
    problem(S["member"].get(f"/api/v1/evaluations/{e['id']}/comments"), 403)
    # The cell proposes with its vote; the self-assessment is then fixed.
    r = S["secretary"].req("POST", f"/api/v1/evaluations/{e['id']}/propose",
                           {"level": "htt", "vote": {"base": 9, "for": 8,
                                                     "against": 0,
                                                     "abstain": 1}})
    assert r.status == 200, r
    e = r.json()
    assert e["status"] == "proposed" and e["proposed_level"] == "htt", e
    assert e["vote"] == {"base": 9, "for": 8, "against": 0,
                         "abstain": 1}, e
    r = S["member"].req("PATCH", f"/api/v1/evaluations/{e['id']}",
                        {"score": 99})
    problem(r, 409, "evaluation_proposed")
    r = S["secretary"].req("POST", f"/api/v1/evaluations/{e['id']}/propose",
                           {"level": "htt", "vote": {"base": 3, "for": 3,
                                                     "against": 1}})
    assert ("vote.for", "count_out_of_range") in fields(problem(r, 422)), r
    # The member may not propose; the secretary may not decide.
    problem(S["member"].req("POST", f"/api/v1/evaluations/{e['id']}/propose",
                            {"level": "htxs"}), 403)
    problem(S["secretary"].req("POST",
                               f"/api/v1/evaluations/{e['id']}/decide",
                               {"level": "htt"}), 403)
    # The committee decides: as computed without a reason; otherwise a
    # written reason is required.
    r = S["office"].req("POST", f"/api/v1/evaluations/{e['id']}/decide",
                        {"level": "htxs"})
    assert ("reason", "reason_required") in fields(problem(r, 422)), r
    r = S["office"].req("POST", f"/api/v1/evaluations/{e['id']}/decide",
                        {"level": "htt"})
    assert r.status == 200 and r.json()["decided_level"] == "htt" \
        and r.json()["status"] == "decided", r
    r = S["office"].req("POST", f"/api/v1/evaluations/{m['id']}/decide",
                        {"level": "kht", "reason": "Vi phạm quy chế làm việc."
                         if m["computed_level"] != "kht" else None})
    assert r.status == 200 and r.json()["decided_level"] == "kht", r
    if m["computed_level"] != "kht":
        assert r.json()["decided_reason"] == "Vi phạm quy chế làm việc.", r
    # The member's history.
    h = S["member"].js(f"/api/v1/members/{S['me']}/evaluations")["items"]
    assert [x["id"] for x in h] == [e["id"]], h
    # An undecided evaluation blocks the lock; then it locks.
    other = members_of(S["cell"], 2)[1]
    o = create(S["secretary"], pid, other, score=75, tasks_exceeded=0)
    problem(S["office"].req("POST",
                            f"/api/v1/evaluation/periods/{pid}/lock"),
            409, "evaluations_undecided")
    r = S["office"].req("POST", f"/api/v1/evaluations/{o['id']}/decide",
                        {"level": o["computed_level"]})
    assert r.status == 200, r
    problem(S["secretary"].req("POST",
                               f"/api/v1/evaluation/periods/{pid}/lock"),
            403)
    r = S["office"].req("POST", f"/api/v1/evaluation/periods/{pid}/lock")
    assert r.status == 200 and r.json()["status"] == "locked" \
        and r.json()["locked_at"] and r.json()["locked_by"] == "vanphong", r
    # A locked period is final.
    before = sql(S["db"], "SELECT id, version FROM evaluation ORDER BY id")
    problem(S["office"].req("POST",
                            f"/api/v1/evaluation/periods/{pid}/lock"),
            409, "period_locked")
    problem(S["office"].req("POST", f"/api/v1/evaluations/{o['id']}/decide",
                            {"level": o["computed_level"]}),
            409, "period_locked")
    problem(S["secretary"].req("POST",
                               f"/api/v1/evaluations/{o['id']}/propose",
                               {"level": "ht"}), 409, "period_locked")
    problem(S["member"].req("POST", f"/api/v1/evaluations/{m['id']}/comments",
                            {"text": "Muộn."}), 409, "period_locked")
    problem(S["secretary"].req("POST", "/api/v1/evaluations",
                               body(pid, members_of(S["cell"], 3)[2])),
            409, "period_locked")
    problem(S["office"].req("PATCH", f"/api/v1/evaluation/periods/{pid}",
                            {"title": "x"}), 409, "period_locked")
    assert sql(S["db"], "SELECT id, version FROM evaluation ORDER BY id") \
        == before
    # Every write audited.
    acts = {a for (a,) in sql(S["db"], "SELECT action FROM audit WHERE"
                              " action LIKE 'evaluation%'")}
    assert {"evaluation_period.create", "evaluation.create",
            "evaluation.update", "evaluation.comment", "evaluation.propose",
            "evaluation.decide", "evaluation_period.lock"} <= acts, acts


@test
def excellent_cap_refuses_lock():
    p = new_period(kind="ad_hoc", year=2024,
                   **{"from": "2024-01-01", "to": "2024-12-31"})
    pid = p["id"]
    ids = members_of(S["cell"], 6)
    assert len(ids) >= 5, ids
    evs = []
    for i, mid in enumerate(ids[:5]):
        e = create(S["secretary"], pid, mid,
                   score=95 if i < 2 else 80, tasks_exceeded=5)
        evs.append(e)
    for i, e in enumerate(evs):
        lv = "htxs" if i < 2 else "htt"
        r = S["secretary"].req("POST",
                               f"/api/v1/evaluations/{e['id']}/propose",
                               {"level": lv})
        assert r.status == 200, r
    # The calibration view while proposals are made.
    cal = S["office"].js(f"/api/v1/evaluation/periods/{pid}/calibration")
    sc = [x for x in cal["scopes"] if x["scope_org_id"] == S["unit"]["id"]]
    assert sc, cal
    sc = sc[0]
    assert sc["proposed_htxs"] == 2 and sc["allowed"] == 0 \
        and sc["exceeded"] is True, sc
    assert sorted(x["id"] for x in sc["proposed"]) == \
        sorted(e["id"] for e in evs[:2]), sc
    assert all(x["subject_name"] for x in sc["proposed"]), sc
    cal2 = S["office"].js(f"/api/v1/evaluation/periods/{pid}/calibration"
                          f"?org={S['cell']['id']}")
    assert cal2["scopes"], cal2
    # The secretary: its cell's names, the grassroots organisation's
    # counts (the cap is the organisation's); the same without ?org=.
    for q in (f"?org={S['cell']['id']}", ""):
        sec = S["secretary"].js(
            f"/api/v1/evaluation/periods/{pid}/calibration{q}")
        x = [y for y in sec["scopes"]
             if y["scope_org_id"] == S["unit"]["id"]]
        assert x and x[0]["proposed_htxs"] == 2 and \
            x[0]["allowed"] == 0, sec
        assert len(x[0]["proposed"]) == 2, x
    for i, e in enumerate(evs):
        lv = "htxs" if i < 2 else "htt"
        r = S["office"].req("POST", f"/api/v1/evaluations/{e['id']}/decide",
                            {"level": lv, "reason": "Cấp ủy cân nhắc."})
        assert r.status == 200, r
    r = S["office"].req("POST", f"/api/v1/evaluation/periods/{pid}/lock")
    pr = problem(r, 409, "excellent_cap_exceeded")
    errs = [x for x in pr["errors"] if x["code"] == "excellent_cap_exceeded"]
    assert len(errs) == 1, pr
    x = errs[0]
    assert x["scope_org_id"] == S["unit"]["id"] and x["excellent"] == 2 \
        and x["allowed"] == 0 and x["message"], x
    assert sql(S["db"], f"SELECT status FROM evaluation_period WHERE id ="
               f" {pid}") == [("open",)]
    # Resolved: one excellent less is still too many (3 htt allow 0).
    for e in evs[:2]:
        r = S["office"].req("POST", f"/api/v1/evaluations/{e['id']}/decide",
                            {"level": "htt", "reason": "Theo tỷ lệ."})
        assert r.status == 200, r
    r = S["office"].req("POST", f"/api/v1/evaluation/periods/{pid}/lock")
    assert r.status == 200 and r.json()["status"] == "locked", r


@test
def scope_by_role():
    p = new_period(kind="year", year=2023)
    pid = p["id"]
    mine = members_of(S["cell"], 1)[0]
    other = members_of(S["cell2"], 1)[0]
    e = create(S["secretary"], pid, mine, score=80)
    o = create(S["office"], pid, other, score=80)
    # The secretary records its cell's, not another's.
    r = S["secretary"].req("POST", "/api/v1/evaluations",
                           body(pid, members_of(S["cell2"], 2)[1]))
    assert ("member_id", "member_not_found") in fields(problem(r, 422)), r
    # The member its own only; reads its cell's, never another cell's.
    r = S["member"].req("POST", "/api/v1/evaluations",
                        body(pid, members_of(S["cell"], 2)[1]))
    assert ("member_id", "member_not_found") in fields(problem(r, 422)), r
    S["member"].js(f"/api/v1/evaluations/{e['id']}")
    problem(S["member"].get(f"/api/v1/evaluations/{o['id']}"), 404,
            "evaluation_not_found")
    problem(S["secretary"].get(f"/api/v1/evaluations/{o['id']}"), 404,
            "evaluation_not_found")
    ids = [x["id"] for x in S["secretary"].js(
        f"/api/v1/evaluations?period={pid}")["items"]]
    assert e["id"] in ids and o["id"] not in ids, ids
    problem(S["member"].req("PATCH", f"/api/v1/evaluations/{e['id']}",
                            {"score": 70}), 403)
    # Inspection reads everything, writes nothing.
    ids = [x["id"] for x in S["inspection"].js(
        f"/api/v1/evaluations?period={pid}")["items"]]
    assert {e["id"], o["id"]} <= set(ids), ids
    problem(S["inspection"].req("POST",
                                f"/api/v1/evaluations/{e['id']}/propose",
                                {"level": "htt"}), 403)
    # The viewer (figures only): lists refused, one evaluation not found.
    problem(S["viewer"].get("/api/v1/evaluations"), 403)
    problem(S["viewer"].get(f"/api/v1/evaluations/{e['id']}"), 404)
    problem(S["viewer"].req("POST", "/api/v1/evaluations",
                            body(pid, mine)), 403)
    # An organisation's evaluation: the cell assesses itself and
    # proposes; its level is decided on the parent.
    r = S["secretary"].req("POST", "/api/v1/evaluations",
                           {"period_id": pid, "org_id": S["cell"]["id"],
                            "score": 88, "tasks_total": 4,
                            "tasks_on_time": 4, "tasks_exceeded": 1})
    assert r.status == 201 and r.json()["subject"] == "org", r
    oe = r.json()
    r = S["secretary"].req("POST", f"/api/v1/evaluations/{oe['id']}/propose",
                           {"level": "htt"})
    assert r.status == 200, r
    r = S["office"].req("POST", f"/api/v1/evaluations/{oe['id']}/decide",
                        {"level": oe["computed_level"]})
    assert r.status == 200, r
    # Both subjects at once, or neither, are refused.
    r = S["office"].req("POST", "/api/v1/evaluations",
                        body(pid, mine, org_id=S["cell"]["id"]))
    assert ("member_id", "subject_one_of") in fields(problem(r, 422)), r
    # A second evaluation of the same subject in the period.
    r = S["office"].req("POST", "/api/v1/evaluations", body(pid, mine))
    problem(r, 409, "duplicate")


BAD = [
    ({"score": "92"}, "score", "wrong_type"),
    ({"score": 100.1}, "score", "score_out_of_range"),
    ({"score": -1}, "score", "score_out_of_range"),
    ({"score": 85.25}, "score", "score_precision"),
    ({"tasks_total": "10"}, "tasks_total", "wrong_type"),
    ({"tasks_total": 10 ** 12}, "tasks_total", "count_out_of_range"),
    ({"tasks_on_time": 11}, "tasks_on_time", None),
    ({"sick_leave_months": 13}, "sick_leave_months", "count_out_of_range"),
    ({"colour": "red"}, "colour", "unknown_field"),
    ({"computed_level": "htxs"}, "computed_level", None),
    ({"note": "bad\x1b[31m"}, "note", "control_character"),
    ({"self_level": "best"}, "self_level", "invalid_value"),
    ({"criteria": {"a": 1}}, "criteria", "wrong_type"),
    ({"criteria": [{"code": "zz", "points": 1}]}, "criteria[0].code", None),
]


@test
def bad_input_changes_nothing():
    p = new_period(kind="ad_hoc", year=2026,
                   **{"from": "2026-06-01", "to": "2026-11-30"})
    pid = p["id"]
    mid = members_of(S["cell"], 1)[0]
    n = count("evaluation")
    for extra, field, code in BAD:
        r = S["office"].req("POST", "/api/v1/evaluations",
                            body(pid, mid, **extra))
        assert r.status in (400, 422), (extra, r)
        fs = fields(r.json())
        assert any(f == field and (code is None or c == code)
                   for f, c in fs), (extra, fs)
    for missing in ("period_id", "tasks_total", "score"):
        b = body(pid, mid)
        b.pop(missing)
        r = S["office"].req("POST", "/api/v1/evaluations", b)
        assert (missing, "required") in fields(problem(r, 422)), (missing, r)
    r = S["office"].req("POST", "/api/v1/evaluations",
                        body(999999, mid))
    assert ("period_id", "period_not_found") in fields(problem(r, 422)), r
    c = S["office"]
    big = json.dumps(body(pid, mid, note="x" * (3 << 20))).encode()
    status, _ = raw_http(S["srv"].port, (
        "POST /api/v1/evaluations HTTP/1.1\r\nHost: x\r\n"
        f"Cookie: chibo_session={c.cookie}\r\n"
        f"X-CSRF-Token: {c.csrf}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(big)}\r\n\r\n").encode(), [big])
    assert status == 413, status
    problem(c.req("POST", "/api/v1/evaluations", "{not json",
                  ctype="application/json"), 400, "invalid_json")
    assert count("evaluation") == n
    # Criteria add up to the score; a score that is not their sum.
    groups = p["sheet"]["groups"]
    crit = [{"code": g["code"], "points": g["max_points"] - 1}
            for g in groups]
    total = sum(g["max_points"] - 1 for g in groups)
    e = create(S["office"], pid, mid, score=None, criteria=crit)
    assert e["score"] == total and len(e["criteria"]) == len(groups), e
    r = S["office"].req("PATCH", f"/api/v1/evaluations/{e['id']}",
                        {"score": 50, "criteria": crit})
    assert ("score", "score_not_sum") in fields(problem(r, 422)), r
    # Nothing changed by the refused patch; bad patches too.
    v = e["version"]
    for extra, field, code in BAD:
        # (A read-only field equal to the stored value is accepted.)
        if field in ("colour", "computed_level"):
            continue
        r = S["office"].req("PATCH", f"/api/v1/evaluations/{e['id']}", extra)
        assert r.status in (400, 422), (extra, r)
    assert S["office"].js(f"/api/v1/evaluations/{e['id']}")["version"] == v
    # Propose and decide: the level by name, a reason of text.
    for path, b, fld in (("propose", {"level": "best"}, "level"),
                         ("propose", {}, "level"),
                         ("propose", {"level": "htt", "why": 1}, "why"),
                         ("decide", {"level": "htt", "vote": {}}, "vote"),
                         ("decide", {"level": "htt", "reason": 5},
                          "reason")):
        r = S["office"].req("POST", f"/api/v1/evaluations/{e['id']}/{path}",
                            b)
        assert fld in [f for f, _ in fields(problem(r, 422))], (path, b, r)
    assert S["office"].js(f"/api/v1/evaluations/{e['id']}")["version"] == v
    problem(S["office"].get("/api/v1/evaluations/999999"), 404,
            "evaluation_not_found")
    # Delete one recorded by mistake: If-Match required; its comments go.
    d = create(S["office"], pid, members_of(S["cell"], 2)[1], score=70)
    S["office"].req("POST", f"/api/v1/evaluations/{d['id']}/comments",
                    {"text": "Nhầm người."})
    problem(S["office"].req("DELETE", f"/api/v1/evaluations/{d['id']}"),
            428, "if_match_required")
    problem(S["secretary"].req("DELETE", f"/api/v1/evaluations/{d['id']}",
                               headers={"If-Match": "*"}), 403)
    r = S["office"].req("DELETE", f"/api/v1/evaluations/{d['id']}",
                        headers={"If-Match": f'"{d["version"]}"'})
    assert r.status == 204, r
    problem(S["office"].get(f"/api/v1/evaluations/{d['id']}"), 404,
            "evaluation_not_found")
    assert sql(S["db"], "SELECT count(*) FROM evaluation_comment WHERE"
               f" evaluation_id = {d['id']}") == [("0",)] or \
        sql(S["db"], "SELECT count(*) FROM evaluation_comment WHERE"
            f" evaluation_id = {d['id']}") == [(0,)]
    r = S["office"].get("/api/v1/evaluations?cursor=zz!")
    assert ("cursor", "invalid_cursor") in fields(problem(r, 400)), r


@test
def facts_from_records():
    """What the rules need is read from chibo's records, never sent: a
    quarter rated kht blocks htxs for the year; an exempted member is
    not classified; a member admitted months before the period's end is
    not classified."""
    ids = members_of(S["cell2"], 4)
    q = new_period(kind="quarter", quarter=1, year=2025)
    e = create(S["office"], q["id"], ids[0], score=40, tasks_exceeded=0)
    assert e["computed_level"] == "kht", e
    y = S.get("y2025") or new_period(kind="year", year=2025)
    e = create(S["office"], y["id"], ids[0], score=95, tasks_exceeded=5)
    codes = [r["code"] for r in e["reasons"]]
    assert e["computed_level"] != "htxs" and "quarter_kht" in codes, e
    # Sent facts are no input.
    r = S["office"].req("POST", "/api/v1/evaluations",
                        body(y["id"], ids[1], disciplined=1))
    assert ("disciplined", "unknown_field") in fields(problem(r, 422)), r
    # Exempted from activities before the period ends.
    m = S["admin"].js(f"/api/v1/members/{ids[1]}")
    r = S["admin"].req("PATCH", f"/api/v1/members/{ids[1]}",
                       {"exempt_since": "2025-06-01"},
                       headers={"If-Match": f'"{m["version"]}"'})
    assert r.status == 200, r
    e = create(S["office"], y["id"], ids[1], score=95, tasks_exceeded=5)
    assert e["computed_level"] == "not_classified" and \
        e["reasons"][0]["code"] == "not_classified_exempt", e
    # Admitted two months before the period's end.
    m = S["admin"].js(f"/api/v1/members/{ids[2]}")
    r = S["admin"].req("PATCH", f"/api/v1/members/{ids[2]}",
                       {"admitted_on": "2025-11-01",
                        "admission_decision_date": "2025-10-30",
                        "official_on": None, "status": "probationary"},
                       headers={"If-Match": f'"{m["version"]}"'})
    assert r.status == 200, r
    e = create(S["office"], y["id"], ids[2], score=95, tasks_exceeded=5)
    assert e["computed_level"] == "not_classified" and \
        e["reasons"][0]["code"] == "not_classified_new_member", e


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
