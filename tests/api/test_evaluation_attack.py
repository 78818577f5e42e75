#!/usr/bin/env python3
"""Attacks on issue 15's routes (evaluation periods, evaluations, their
comments, proposals and decisions, the dashboard, the classification
report) on one backend (argv[1]).  Every refusal is a 4xx with a stable
code, the field where there is one and a Vietnamese message; never a
500; and nothing is written: the rows are read back after each batch,
and `chibo dashboard check` (kept == recounted) and `chibo audit verify`
stay true at the end.

Also: a cell-mate reads only what commenting needs of another member's
evaluation (the subject, the period, the status, the note), never its
score, levels, reasons or vote, in the one and the lists; the CLI's
calibration of a cell agrees with the API's (the cap's scope is the
grassroots organisation).
"""
import json
import sys
import threading

from apilib import (Client, DEMO, Server, demo_db, fields, org_by_code,
                    problem, raw_http, run, run_tests, sql, test)

S = {}
ROLES = ("admin", "office", "inspection", "secretary", "member", "viewer")
# What a cell-mate must not read of another member's evaluation.
HIDDEN = ("score", "criteria", "tasks_total", "tasks_on_time",
          "tasks_exceeded", "sick_leave_months", "self_level",
          "computed_level", "reasons", "proposed_level", "proposed_reason",
          "decided_level", "decided_reason", "decided_by", "vote")


def setup():
    db = demo_db("eattack", meetings=False, inspections=False,
                 evaluations=False)
    S["db"] = db
    # An office account whose grant is the grassroots organisation
    # DBCS-VP itself (not its parent): it may decide its cells' levels,
    # not DBCS-VP's own.
    run("user", "add", "vp.dbcsvp", "--role", "office", "--org", "DBCS-VP",
        "--name", "Văn phòng Đảng ủy cơ sở", "--password-stdin", "--db", db,
        stdin="mat-khau-dai-du\n")
    S["srv"] = Server(db)
    for role in ROLES:
        S[role] = S["srv"].client(role)
    c = Client(S["srv"].port)
    c.login("vp.dbcsvp", "mat-khau-dai-du")
    S["unitoffice"] = c
    S["root"] = org_by_code(S["admin"], "DB-BDTTG")
    S["unit"] = org_by_code(S["admin"], "DBCS-VP")
    S["cell"] = org_by_code(S["admin"], "CB-VP-1")
    S["cell2"] = org_by_code(S["admin"], "CB-VP-2")
    S["me"] = int(sql(db, "SELECT member_id FROM app_user WHERE username ="
                      " 'dangvien'")[0][0])
    S["sec"] = int(sql(db, "SELECT member_id FROM app_user WHERE username ="
                       " 'bithu'")[0][0])
    r = S["office"].req("POST", "/api/v1/evaluation/periods",
                        {"org_id": S["unit"]["id"], "kind": "year",
                         "year": 2026})
    assert r.status == 201, r
    S["period"] = r.json()["id"]
    mates = members_of(S["cell"])
    others = members_of(S["cell2"])
    S["mate"], S["other"] = mates[0], others[0]
    S["mates"], S["others"] = mates, others
    S["e_me"] = create(S["member"], S["me"], score=91, tasks_exceeded=4)
    S["e_mate"] = create(S["secretary"], S["mate"], score=95,
                         tasks_exceeded=5, sick_leave_months=1,
                         note="Tự đánh giá: hoàn thành nhiệm vụ.")
    S["e_other"] = create(S["office"], S["other"], score=80)
    S["e_cell"] = create(S["secretary"], None, org_id=S["cell"]["id"],
                         score=88)
    S["e_unit"] = create(S["office"], None, org_id=S["unit"]["id"],
                         score=86)


def teardown():
    for k in ROLES + ("unitoffice",):
        S[k].close()
    S["srv"].stop()


def members_of(org):
    ms = S["admin"].js(f"/api/v1/members?org={org['id']}&limit=1000"
                       "&status=official")["items"]
    return [m["id"] for m in ms if m["id"] not in (S["me"], S["sec"])]


def body(member_id, **kw):
    b = {"period_id": S["period"], "score": 92.5, "tasks_total": 10,
         "tasks_on_time": 10, "tasks_exceeded": 4, "note": "Ghi chú."}
    if member_id is not None:
        b["member_id"] = member_id
    b.update(kw)
    return b


def create(c, member_id, **kw):
    r = c.req("POST", "/api/v1/evaluations", body(member_id, **kw))
    assert r.status == 201, r
    return r.json()


def snapshot():
    """Every issue-15 row, read behind the server's back."""
    out = {}
    for t in ("evaluation_period", "evaluation", "evaluation_comment"):
        out[t] = sql(S["db"], f"SELECT * FROM {t} ORDER BY id")
    return out


def vietnamese(p):
    """A problem's message is Vietnamese (the default language): it has
    a letter outside ASCII, as every Vietnamese sentence of msg.c has."""
    msgs = [p.get("detail") or p.get("title") or p.get("message") or ""]
    msgs += [e.get("message", "") for e in p.get("errors", [])]
    return all(m and any(ord(ch) > 127 for ch in m) for m in msgs), msgs


def refused(r, status=None, code=None, field=None):
    """A 4xx with a code, the field and a Vietnamese message."""
    assert 400 <= r.status < 500, r
    if status is not None:
        assert r.status == status, r
    p = r.json()
    assert isinstance(p.get("code"), str) and p["code"], p
    if code is not None:
        assert p["code"] == code or (code, field) in \
            {(c, f) for f, c in fields(p)} or \
            code in {c for _, c in fields(p)}, (code, p)
    if field is not None:
        assert field in {f for f, _ in fields(p)}, (field, p)
    ok, msgs = vietnamese(p)
    assert ok, (r, msgs)
    return p


def alive():
    r = S["admin"].get("/api/v1/session")
    assert r.status == 200, r


# --------------------------------------------------------------- bad input

BAD_CREATE = [
    ({"score": "92"}, "score"),
    ({"score": [92]}, "score"),
    ({"score": {"v": 92}}, "score"),
    ({"score": True}, "score"),
    ({"score": 100.1}, "score"),
    ({"score": -0.1}, "score"),
    ({"score": 1e308}, "score"),
    ({"score": -1e308}, "score"),
    ({"score": "NaN"}, "score"),
    ({"score": "Infinity"}, "score"),
    ({"score": "1e3"}, "score"),
    ({"score": 2 ** 63}, "score"),
    ({"tasks_total": 10.5}, "tasks_total"),
    ({"tasks_total": 10.0}, "tasks_total"),
    ({"tasks_total": -1}, "tasks_total"),
    ({"tasks_total": [10]}, "tasks_total"),
    ({"tasks_total": None}, "tasks_total"),
    ({"tasks_on_time": 11}, "tasks_on_time"),
    ({"tasks_on_time": 2.5}, "tasks_on_time"),
    ({"tasks_exceeded": 11}, "tasks_exceeded"),
    ({"tasks_exceeded": -3}, "tasks_exceeded"),
    ({"tasks_exceeded": 2 ** 64}, "tasks_exceeded"),
    ({"sick_leave_months": -1}, "sick_leave_months"),
    ({"sick_leave_months": "3"}, "sick_leave_months"),
    ({"sick_leave_months": 1e308}, "sick_leave_months"),
    ({"criteria": {"a": 1}}, "criteria"),
    ({"criteria": "abc"}, "criteria"),
    ({"criteria": ["a"]}, "criteria[0].code"),
    ({"criteria": [[1, 2]]}, "criteria[0].code"),
    ({"criteria": [{"code": "x", "points": "5"}]}, None),
    ({"criteria": [{"code": "x", "points": 1e308}]}, None),
    ({"criteria": [{"code": "a\x00b", "points": 5}]}, None),
    ({"criteria": [{"code": "x", "points": 1}] * 500}, "criteria"),
    ({"note": "a\x00b"}, "note"),
    ({"note": "a\x07b"}, "note"),
    ({"note": "\u202eabc"}, "note"),
    ({"note": 5}, "note"),
    ({"note": ["x"]}, "note"),
    ({"note": "x" * 100000}, "note"),
    ({"self_level": "HTXS"}, "self_level"),
    ({"self_level": 1}, "self_level"),
    ({"member_id": "12"}, "member_id"),
    ({"member_id": 1.5}, "member_id"),
    ({"member_id": -1}, "member_id"),    # was blamed on org_id
    ({"member_id": 0}, "member_id"),
    ({"member_id": None, "org_id": -1}, "org_id"),
    ({"member_id": 2 ** 63}, "member_id"),
    ({"member_id": [1]}, "member_id"),
    ({"period_id": "1"}, "period_id"),
    ({"period_id": {"id": 1}}, "period_id"),
    ({"period_id": 0}, "period_id"),
    ({"period_id": 2 ** 70}, "period_id"),
    ({"org_id": "x"}, None),
    ({"id": 5}, "id"),
    ({"status": "decided"}, "status"),
    ({"decided_level": "htxs"}, "decided_level"),
    ({"proposed_level": "htxs"}, "proposed_level"),
    ({"reasons": []}, "reasons"),
    ({"vote": {"base": 1}}, "vote"),
    ({"subject_org_id": 1}, "subject_org_id"),
    ({"version": 7}, "version"),
    ({"colour\x00": 1}, None),
    ({"": 1}, None),
]


@test
def bad_bodies_refused_nothing_written():
    before = snapshot()
    mid = S["mates"][1]
    for extra, field in BAD_CREATE:
        b = body(mid)
        b.update(extra)
        if b["member_id"] is None:
            b.pop("member_id")
        r = S["office"].req("POST", "/api/v1/evaluations", b)
        try:
            refused(r, field=field)
        except AssertionError:
            print("refused wrongly:", extra)
            raise
    for missing in ("period_id", "score", "tasks_total", "tasks_on_time",
                    "tasks_exceeded", "member_id"):
        b = body(mid)
        b.pop(missing)
        refused(S["office"].req("POST", "/api/v1/evaluations", b),
                field=missing)
    # Not an object.
    for raw in ("[]", "[1, 2]", '"x"', "null", "42", "{", "{}",
                '{"score": 1e999}', '{"score": NaN}',
                '{"score": 92, "score": 93}', "[" * 20000 + "]" * 20000,
                '{"note": "\\ud800"}', "\xff\xfe{}"):
        r = S["office"].req("POST", "/api/v1/evaluations", raw,
                            ctype="application/json")
        refused(r)
    # A PATCH, a propose, a decide and a comment of each bad kind.
    eid = S["e_mate"]["id"]
    for extra, field in BAD_CREATE:
        if field in ("member_id", "period_id", "tasks_total", "id",
                     "status", "decided_level", "proposed_level",
                     "reasons", "vote", "subject_org_id", "version"):
            continue        # read-only, or an equal value is accepted
        if extra.get("tasks_total") is None and "tasks_total" in extra:
            continue
        r = S["office"].req("PATCH", f"/api/v1/evaluations/{eid}", extra)
        refused(r)
    for path, b in [
            ("propose", {"level": "HTXS"}), ("propose", {"level": 1}),
            ("propose", {"level": None}), ("propose", {"level": ["htt"]}),
            ("propose", {"level": "htt", "vote": [1, 2]}),
            ("propose", {"level": "htt", "vote": {"base": -1}}),
            ("propose", {"level": "htt", "vote": {"base": 2 ** 63}}),
            ("propose", {"level": "htt", "vote": {"base": 3, "for": 4}}),
            ("propose", {"level": "htt", "vote": {"base": "9"}}),
            ("propose", {"level": "htt", "vote": {"base": 9, "x": 1}}),
            ("propose", {"level": "htt", "reason": "a\x00b"}),
            ("propose", {"level": "htt", "reason": "x" * 100000}),
            ("decide", {"level": "kht", "reason": "a\x00b"}),
            ("decide", {"level": "kht", "reason": "\x1b[31m"}),
            ("decide", {"level": "kht", "reason": ""}),
            ("decide", {"level": "kht", "reason": "   "}),
            ("decide", {"level": "kht", "reason": ["x"]}),
            ("decide", {"level": "kht", "reason": "x" * 100000}),
            ("decide", {"level": "not_classified_x"}),
            ("decide", {}), ("decide", []), ("propose", "x")]:
        r = S["office"].req("POST", f"/api/v1/evaluations/{eid}/{path}", b)
        assert r.status != 200, (path, b, r)
        refused(r)
    for b in ({"text": "a\x00b"}, {"text": "a\x08b"}, {"text": "\u202e"},
              {"text": ""}, {"text": 5}, {"text": None}, {},
              {"text": "ok", "author": "x"}, {"text": "x" * 100000}, []):
        r = S["member"].req("POST", f"/api/v1/evaluations/{eid}/comments",
                            b)
        refused(r)
    for q in ("abc", "-1", "0", "1.5", "99999999999999999999", "1%00",
              "1e3"):
        r = S["office"].get(f"/api/v1/evaluations/{q}")
        assert r.status in (400, 404), (q, r)
        r = S["office"].req("PATCH", f"/api/v1/evaluations/{q}",
                            {"score": 50})
        assert r.status in (400, 404), (q, r)
    for q in ("period=abc", "period=-1", "org=x", "member=1.5",
              "proposed_level=best", "subject=cat", "year=1800",
              "year=99999", "limit=0", "limit=100000", "cursor=%00",
              "year=2026&year=2027"):
        r = S["office"].get(f"/api/v1/evaluations?{q}")
        assert r.status in (200, 400), (q, r)
        if r.status == 400:
            refused(r)
    assert snapshot() == before
    alive()


@test
def bad_periods_refused_nothing_written():
    before = snapshot()
    u = S["unit"]["id"]
    for b, field in [
            ({"year": 1800}, "year"), ({"year": 99999}, "year"),
            ({"year": -1}, "year"), ({"year": "2026"}, "year"),
            ({"year": 2026.5}, "year"), ({"year": 1e308}, "year"),
            ({"year": None}, "year"),
            ({"kind": "quarter", "quarter": 5}, "quarter"),
            ({"kind": "quarter", "quarter": -1}, "quarter"),
            ({"kind": "quarter", "quarter": "2"}, "quarter"),
            ({"kind": "quarter", "quarter": 2.5}, "quarter"),
            ({"kind": "quarter", "quarter": 0}, "quarter"),
            ({"kind": "month"}, "kind"), ({"kind": 1}, "kind"),
            ({"kind": "ad_hoc", "from": "2026-02-30", "to": "2026-03-01"},
             "from"),
            ({"kind": "ad_hoc", "from": "x", "to": "2026-03-01"}, "from"),
            ({"kind": "ad_hoc", "from": "2026-01-01", "to": "2026-01-01\x00"},
             "to"),
            ({"kind": "ad_hoc", "from": "1800-01-01", "to": "1800-12-31",
              "year": 1800}, None),
            ({"org_id": "x"}, "org_id"), ({"org_id": 999999}, "org_id"),
            ({"org_id": -5}, "org_id"), ({"org_id": None}, "org_id"),
            ({"title": "a\x00b"}, "title"), ({"title": "\x1b[2J"}, "title"),
            ({"title": "x" * 100000}, "title"),
            ({"status": "locked"}, "status"), ({"sheet": {}}, None),
            ({"extra": 1}, "extra")]:
        p = {"org_id": u, "kind": "year", "year": 2019}
        p.update(b)
        r = S["office"].req("POST", "/api/v1/evaluation/periods", p)
        try:
            refused(r, field=field)
        except AssertionError:
            print("refused wrongly:", extra)
            raise
    pid = S["period"]
    for b in ({"year": 1800}, {"title": "a\x00"}, {"status": "locked"},
              {"title": 5}, [], {"kind": "quarter"}):
        r = S["office"].req("PATCH", f"/api/v1/evaluation/periods/{pid}", b)
        refused(r)
    r = S["office"].req("PATCH", f"/api/v1/evaluation/periods/{pid}",
                        {"title": "x"}, headers={"If-Match": '"99"'})
    refused(r, 412)
    r = S["office"].req("PATCH", f"/api/v1/evaluation/periods/{pid}",
                        {"title": "x"}, headers={"If-Match": "garbage"})
    assert r.status in (400, 412), r
    for q in ("abc", "0", "-1", "99999999999999999999"):
        assert S["office"].get(f"/api/v1/evaluation/periods/{q}").status \
            in (400, 404), q
        assert S["office"].get(f"/api/v1/evaluation/periods/{q}/"
                               "calibration").status in (400, 404), q
        assert S["office"].req("POST", f"/api/v1/evaluation/periods/{q}/"
                               "lock").status in (400, 404), q
    for q in ("org=abc", "year=0", "year=99999", "kind=week",
              "limit=-1", "year=x"):
        refused(S["office"].get(f"/api/v1/evaluation/periods?{q}"), 400)
    r = S["office"].get(f"/api/v1/evaluation/periods/{pid}/calibration"
                        "?org=abc")
    refused(r, 400)
    r = S["office"].get(f"/api/v1/evaluation/periods/{pid}/calibration"
                        f"?org={S['root']['id']}")
    assert r.status in (400, 422, 200), r
    assert snapshot() == before
    alive()


@test
def huge_bodies_are_413():
    before = snapshot()
    eid = S["e_mate"]["id"]
    c = S["office"]
    big = json.dumps(body(S["mates"][1], note="x" * (5 << 20))).encode()
    for method, path in [("POST", "/api/v1/evaluations"),
                         ("PATCH", f"/api/v1/evaluations/{eid}"),
                         ("POST", f"/api/v1/evaluations/{eid}/propose"),
                         ("POST", f"/api/v1/evaluations/{eid}/comments"),
                         ("POST", "/api/v1/evaluation/periods")]:
        status, _ = raw_http(S["srv"].port, (
            f"{method} {path} HTTP/1.1\r\nHost: x\r\n"
            f"Cookie: chibo_session={c.cookie}\r\n"
            f"X-CSRF-Token: {c.csrf}\r\n"
            "Content-Type: application/json\r\n"
            f"Content-Length: {len(big)}\r\n\r\n").encode(), [big])
        assert status == 413, (method, path, status)
    assert snapshot() == before
    alive()


# ------------------------------------------------------------------ scope

@test
def other_scopes_refused():
    before = snapshot()
    o, m, mine = S["e_other"], S["e_mate"], S["e_me"]
    sec, mem = S["secretary"], S["member"]
    # The secretary of CB-VP-1 on CB-VP-2's evaluation: not found.
    problem(sec.get(f"/api/v1/evaluations/{o['id']}"), 404,
            "evaluation_not_found")
    for method, path, b in [
            ("PATCH", "", {"score": 10}), ("POST", "/propose",
                                           {"level": "kht"}),
            ("POST", "/decide", {"level": "kht", "reason": "x"}),
            ("POST", "/comments", {"text": "Lạc đề."}),
            ("GET", "/comments", None), ("DELETE", "", None)]:
        r = sec.req(method, f"/api/v1/evaluations/{o['id']}{path}", b,
                    headers={"If-Match": f'"{o["version"]}"'})
        assert r.status in (403, 404), (method, path, r)
        refused(r)
    # Its own cell's evaluation moved to another cell's member.
    r = sec.req("PATCH", f"/api/v1/evaluations/{m['id']}",
                {"member_id": S["other"]})
    refused(r, field="member_id")
    r = sec.req("PATCH", f"/api/v1/evaluations/{m['id']}",
                {"period_id": S["period"] + 1000})
    refused(r, field="period_id")
    # A cell2 period: invisible to the secretary of cell 1.
    r = S["office"].req("POST", "/api/v1/evaluation/periods",
                        {"org_id": S["cell2"]["id"], "kind": "year",
                         "year": 2026})
    assert r.status == 201, r
    p2 = r.json()
    before = snapshot()
    problem(sec.get(f"/api/v1/evaluation/periods/{p2['id']}"), 404)
    for path in (f"/api/v1/evaluation/periods/{p2['id']}/calibration",
                 f"/api/v1/evaluations?period={p2['id']}"):
        r = sec.get(path)
        assert r.status in (403, 404, 422), (path, r)
        refused(r)
    r = sec.req("POST", f"/api/v1/evaluation/periods/{p2['id']}/lock")
    assert r.status in (403, 404), r
    r = sec.req("POST", "/api/v1/evaluations",
                body(S["mates"][2], period_id=p2["id"]))
    assert r.status in (404, 422), r
    refused(r)
    # The member on a cell-mate's evaluation: reads (redacted), comments;
    # never writes, proposes, decides, deletes or reads the comments.
    for method, path, b in [
            ("PATCH", "", {"score": 10}),
            ("POST", "/propose", {"level": "kht"}),
            ("POST", "/decide", {"level": "kht", "reason": "x"}),
            ("GET", "/comments", None), ("DELETE", "", None)]:
        r = mem.req(method, f"/api/v1/evaluations/{m['id']}{path}", b,
                    headers={"If-Match": f'"{m["version"]}"'})
        refused(r, 403)
    # ... on another cell's: not found, even to comment.
    for method, path, b in [
            ("GET", "", None), ("PATCH", "", {"score": 10}),
            ("POST", "/comments", {"text": "x"}),
            ("POST", "/propose", {"level": "kht"})]:
        r = mem.req(method, f"/api/v1/evaluations/{o['id']}{path}", b)
        refused(r, 404)
    # ... its own: no proposal, no decision, no moving it to a mate.
    for path, b in (("/propose", {"level": "htxs"}),
                    ("/decide", {"level": "htxs", "reason": "Tôi giỏi."})):
        refused(mem.req("POST", f"/api/v1/evaluations/{mine['id']}{path}",
                        b), 403)
    r = mem.req("PATCH", f"/api/v1/evaluations/{mine['id']}",
                {"member_id": S["mate"]})
    refused(r, field="member_id")
    r = mem.req("POST", "/api/v1/evaluations", body(S["mates"][3]))
    refused(r, field="member_id")
    # Periods and calibration are not the member's to change.
    for method, path in (("POST", f"/evaluation/periods/{S['period']}/lock"),
                         ("PATCH", f"/evaluation/periods/{S['period']}")):
        refused(mem.req(method, "/api/v1" + path, {"title": "x"}), 403)
    # The viewer: figures only.
    v = S["viewer"]
    for method, path, b in [
            ("GET", f"/evaluations/{m['id']}", None),
            ("POST", f"/evaluations/{m['id']}/comments", {"text": "x"}),
            ("POST", f"/evaluations/{m['id']}/propose", {"level": "htt"}),
            ("GET", f"/members/{S['mate']}/evaluations", None),
            ("GET", "/evaluations", None)]:
        r = v.req(method, "/api/v1" + path, b)
        refused(r)
        assert r.status in (403, 404), (path, r)
    # Inspection: reads, never writes.
    for method, path, b in [
            ("PATCH", "", {"score": 10}),
            ("POST", "/propose", {"level": "kht"}),
            ("POST", "/decide", {"level": "kht", "reason": "x"}),
            ("POST", "/comments", {"text": "x"})]:
        r = S["inspection"].req(method, f"/api/v1/evaluations/{m['id']}"
                                f"{path}", b)
        refused(r, 403)
    # The dashboard and the report: another scope, bad arguments.
    for q in (f"org={S['cell2']['id']}&year=2026",
              f"org={S['root']['id']}&year=2026"):
        # (An organisation outside the scope is as one that does not
        # exist: 400 org_not_found.)
        r = sec.get(f"/api/v1/dashboard?{q}")
        assert r.status in (400, 403, 404), (q, r)
        refused(r)
        r = sec.get(f"/api/v1/reports/classification?{q}&format=csv")
        assert r.status in (400, 403, 404), (q, r)
        refused(r)
    for q in ("org=abc&year=2026", "year=1800", "year=99999",
              f"org={S['unit']['id']}&year=20x6",
              f"org={S['unit']['id']}&year=2026&format=docx",
              "org=-1&year=2026", f"org=99999999&year=2026"):
        for path in ("/api/v1/dashboard", "/api/v1/reports/classification"):
            r = S["office"].get(f"{path}?{q}")
            assert 400 <= r.status < 500, (path, q, r)
            refused(r)
    refused(mem.get(f"/api/v1/dashboard?org={S['cell']['id']}&year=2026"),
            403)
    assert snapshot() == before
    alive()


@test
def deciding_an_organisation_needs_the_parent():
    """An office whose grant is DBCS-VP may decide its cell's level, not
    DBCS-VP's own (the committee directly above decides it); a
    secretary decides nothing."""
    before = snapshot()
    uo = S["unitoffice"]
    for c in (uo, S["secretary"]):
        r = c.req("POST", f"/api/v1/evaluations/{S['e_unit']['id']}/decide",
                  {"level": "htxs", "reason": "Tự quyết."})
        assert r.status in (403, 404), r
        refused(r)
    r = S["secretary"].req("POST",
                           f"/api/v1/evaluations/{S['e_cell']['id']}/decide",
                           {"level": S["e_cell"]["computed_level"]})
    refused(r, 403)
    assert snapshot() == before
    r = uo.req("POST", f"/api/v1/evaluations/{S['e_cell']['id']}/decide",
               {"level": S["e_cell"]["computed_level"]})
    assert r.status == 200 and r.json()["decided_by"] == "vp.dbcsvp", r
    S["e_cell"] = r.json()
    r = S["office"].req("POST",
                        f"/api/v1/evaluations/{S['e_unit']['id']}/decide",
                        {"level": S["e_unit"]["computed_level"]})
    assert r.status == 200, r
    S["e_unit"] = r.json()


@test
def versions_and_double_submits():
    e = S["office"].js(f"/api/v1/evaluations/{S['e_other']['id']}")
    before = snapshot()
    stale = f'"{e["version"] + 5}"'
    for method, path, b in [
            ("PATCH", "", {"score": 70}),
            ("POST", "/propose", {"level": "ht"}),
            ("POST", "/decide", {"level": "ht", "reason": "Cũ."}),
            ("DELETE", "", None)]:
        r = S["office"].req(method,
                            f"/api/v1/evaluations/{e['id']}{path}", b,
                            headers={"If-Match": stale})
        refused(r, 412)
        r = S["office"].req(method,
                            f"/api/v1/evaluations/{e['id']}{path}", b,
                            headers={"If-Match": '"abc'})
        assert r.status in (400, 412), (method, path, r)
    r = S["office"].req("POST", f"/api/v1/evaluation/periods/{S['period']}"
                        "/lock", headers={"If-Match": '"999"'})
    assert r.status in (409, 412), r
    refused(r)
    assert snapshot() == before
    # The same self-assessment sent twice at once: one is created.
    mid = S["mates"][4]
    res = []

    def post():
        c = Client(S["srv"].port, cookie=S["office"].cookie,
                   csrf=S["office"].csrf)
        res.append(c.req("POST", "/api/v1/evaluations", body(mid)).status)
        c.close()
    ts = [threading.Thread(target=post) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert sorted(res) == [201, 409, 409, 409], res
    n = sql(S["db"], "SELECT count(*) FROM evaluation WHERE member_id ="
            f" {mid} AND period_id = {S['period']}")[0][0]
    assert int(n) == 1, n
    # Two PATCHes with the same If-Match at once: one wins.
    e = S["office"].js(f"/api/v1/evaluations/{S['e_other']['id']}")
    res = []

    def patch(score):
        c = Client(S["srv"].port, cookie=S["office"].cookie,
                   csrf=S["office"].csrf)
        res.append(c.req("PATCH", f"/api/v1/evaluations/{e['id']}",
                         {"score": score},
                         headers={"If-Match": f'"{e["version"]}"'}).status)
        c.close()
    ts = [threading.Thread(target=patch, args=(s,)) for s in (71, 72, 73)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert sorted(res) == [200, 412, 412], res
    after = S["office"].js(f"/api/v1/evaluations/{e['id']}")
    assert after["version"] == e["version"] + 1, after
    # Propose twice, decide twice: the same answer, one more version each.
    for path, b in (("propose", {"level": "htt"}),
                    ("decide", {"level": "htt", "reason": "Đúng mức."})):
        r1 = S["office"].req("POST", f"/api/v1/evaluations/{e['id']}/{path}",
                             b)
        r2 = S["office"].req("POST", f"/api/v1/evaluations/{e['id']}/{path}",
                             b)
        assert r1.status == 200, r1
        assert r2.status in (200, 409), r2
        if r2.status == 409:
            refused(r2)


@test
def locked_period_is_final():
    r = S["office"].req("POST", "/api/v1/evaluation/periods",
                        {"org_id": S["unit"]["id"], "kind": "ad_hoc",
                         "year": 2026, "from": "2026-01-01",
                         "to": "2026-06-30"})
    assert r.status == 201, r
    pid = r.json()["id"]
    e = create(S["secretary"], S["mates"][5], period_id=pid, score=75,
               tasks_exceeded=0)
    r = S["office"].req("POST", f"/api/v1/evaluations/{e['id']}/decide",
                        {"level": e["computed_level"]})
    assert r.status == 200, r
    r = S["office"].req("POST", f"/api/v1/evaluation/periods/{pid}/lock")
    assert r.status == 200, r
    before = snapshot()
    eid = e["id"]
    for c, method, path, b in [
            ("office", "POST", f"/evaluations/{eid}/decide",
             {"level": "kht", "reason": "Sau khi khóa."}),
            ("secretary", "POST", f"/evaluations/{eid}/propose",
             {"level": "kht"}),
            ("office", "PATCH", f"/evaluations/{eid}", {"score": 10}),
            ("member", "POST", f"/evaluations/{eid}/comments",
             {"text": "Muộn."}),
            ("office", "DELETE", f"/evaluations/{eid}", None),
            ("office", "POST", "/evaluations",
             body(S["mates"][6], period_id=pid)),
            ("office", "POST", f"/evaluation/periods/{pid}/lock", None),
            ("office", "PATCH", f"/evaluation/periods/{pid}",
             {"title": "Mở lại"}),
            ("office", "PATCH", f"/evaluation/periods/{pid}",
             {"status": "open"})]:
        r = S[c].req(method, "/api/v1" + path, b,
                     headers={"If-Match": "*"})
        assert r.status in (409, 422), (path, r)
        refused(r)
    assert snapshot() == before


@test
def decisions_racing_the_lock():
    """Decisions sent while the period is being locked: each decision
    lands before the lock (which then sees it) or is refused after it;
    a locked period never holds a decision made after its lock nor one
    that breaks the cap (the lock read the decided levels while a
    decision not yet committed changed them)."""
    subjects = S["mates"][:3] + S["others"][:7]
    assert len(subjects) == 10, subjects
    bad = []
    for rnd in range(20):
        r = S["office"].req("POST", "/api/v1/evaluation/periods",
                            {"org_id": S["unit"]["id"], "kind": "ad_hoc",
                             "year": 2026, "from": "2026-01-01",
                             "to": "2026-12-31",
                             "title": f"Đợt {rnd}"})
        assert r.status == 201, r
        pid = r.json()["id"]
        evs = []
        for mid in subjects:
            e = create(S["office"], mid, period_id=pid, score=85,
                       tasks_exceeded=0)
            r = S["office"].req("POST",
                                f"/api/v1/evaluations/{e['id']}/decide",
                                {"level": e["computed_level"]})
            assert r.status == 200, r
            if e["computed_level"] == "htt":
                evs.append(e["id"])
        assert len(evs) >= 6, evs
        res = {}
        go = threading.Barrier(5)

        def decide(eid):
            c = Client(S["srv"].port, cookie=S["office"].cookie,
                       csrf=S["office"].csrf)
            go.wait()
            r = c.req("POST", f"/api/v1/evaluations/{eid}/decide",
                      {"level": "htxs", "reason": "Thành tích nổi bật."})
            res[eid] = (r.status, r.json().get("code"))
            c.close()

        def lock():
            c = Client(S["srv"].port, cookie=S["office"].cookie,
                       csrf=S["office"].csrf)
            go.wait()
            r = c.req("POST", f"/api/v1/evaluation/periods/{pid}/lock")
            res["lock"] = (r.status, r.json().get("code"))
            c.close()
        ts = [threading.Thread(target=decide, args=(eid,))
              for eid in evs[:4]]
        ts.append(threading.Thread(target=lock))
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        for k, (st, code) in res.items():
            assert st in (200, 409), (k, st, code)
        status, locked_at = sql(S["db"], "SELECT status, locked_at FROM"
                                f" evaluation_period WHERE id = {pid}")[0]
        rows = sql(S["db"], "SELECT decided_level, decided_at FROM"
                   f" evaluation WHERE period_id = {pid}")
        cal = S["office"].js(f"/api/v1/evaluation/periods/{pid}"
                             "/calibration")
        if status == "locked":
            # After the lock in the audit trail's order (decided_at is
            # taken before the write, the audit entry at its end).
            lk = sql(S["db"], "SELECT id FROM audit WHERE action ="
                     " 'evaluation_period.lock' AND object_id ="
                     f" {pid}")[0][0]
            late = sql(S["db"], "SELECT object_id FROM audit WHERE action"
                       " = 'evaluation.decide' AND object_id IN"
                       f" ({','.join(str(e) for e in evs)}) AND id >"
                       f" {lk}")
            late += [at for _, at in rows if at > locked_at]
            broken = [(x["scope_org_id"], x["excellent"], x["allowed"])
                      for x in cal["scopes"] if x["exceeded"]]
            if late or broken:
                bad.append((rnd, res, broken, late))
    assert not bad, bad


# ---------------------------------------------------------------- privacy

@test
def a_cell_mate_reads_only_what_commenting_needs():
    """Coordinator's finding: a member read its cell-mates' scores,
    levels and reasons (a disciplined_in_period reason tells a secret
    discipline case)."""
    m = S["e_mate"]
    seen = S["member"].js(f"/api/v1/evaluations/{m['id']}")
    for k in HIDDEN:
        assert seen.get(k) is None, (k, seen)
    assert seen["redacted"] is True, seen
    full = S["secretary"].js(f"/api/v1/evaluations/{m['id']}")
    assert full["score"] == 95 and full["computed_level"] and \
        full["reasons"] is not None and full["redacted"] is False, full
    assert seen["id"] == m["id"] and seen["period_id"] == S["period"] \
        and seen["member_id"] == S["mate"] and seen["subject_name"] \
        and seen["status"] == full["status"] \
        and seen["note"] == full["note"], seen
    # The lists: the cell-mate's row as above, its own in full.
    for path in (f"/api/v1/evaluations?period={S['period']}",
                 "/api/v1/evaluations",
                 f"/api/v1/evaluations?org={S['cell']['id']}"):
        r = S["member"].get(path)
        if r.status != 200:
            continue
        rows = {x["id"]: x for x in r.json()["items"]}
        assert m["id"] in rows and S["e_me"]["id"] in rows, (path, rows)
        for k in HIDDEN:
            assert rows[m["id"]].get(k) is None, (path, k, rows[m["id"]])
        assert rows[S["e_me"]["id"]]["score"] == 91, rows
        assert rows[S["e_me"]["id"]]["redacted"] is False, rows
    r = S["member"].get(f"/api/v1/members/{S['mate']}/evaluations")
    assert r.status in (200, 403, 404), r
    if r.status == 200:
        for x in r.json()["items"]:
            for k in HIDDEN:
                assert x.get(k) is None, (k, x)
    # No filter tells the level of a row the member may not read.
    r = S["secretary"].req("POST", f"/api/v1/evaluations/{m['id']}/propose",
                           {"level": "kht"})
    assert r.status == 200, r
    for lv in ("kht", "htxs", "htt", "ht"):
        r = S["member"].get(f"/api/v1/evaluations?proposed_level={lv}")
        if r.status == 200:
            assert m["id"] not in [x["id"] for x in r.json()["items"]], lv
    r = S["member"].get(f"/api/v1/evaluation/periods/{S['period']}"
                        "/calibration")
    assert r.status in (403, 404), r
    # The member's own evaluation stays its own in full.
    own = S["member"].js(f"/api/v1/evaluations/{S['e_me']['id']}")
    assert own["score"] == 91 and own["computed_level"] and \
        own["redacted"] is False, own
    # Commenting still works on the redacted row.
    r = S["member"].req("POST", f"/api/v1/evaluations/{m['id']}/comments",
                        {"text": "Đồng chí gương mẫu."})
    assert r.status == 201, r


# ------------------------------------------------------------ calibration

@test
def cli_calibration_of_a_cell_agrees_with_the_api():
    """wt-erep's finding: `chibo evaluation calibrate P --org CELL` said
    EXCEEDED for a cell while the grassroots organisation (the cap's
    scope) was within the cap."""
    r = S["office"].req("POST", "/api/v1/evaluation/periods",
                        {"org_id": S["unit"]["id"], "kind": "ad_hoc",
                         "year": 2026, "from": "2026-07-01",
                         "to": "2026-12-31"})
    assert r.status == 201, r
    pid = r.json()["id"]
    # Cell 1: 2 htxs, 1 htt (alone: 0 allowed); cell 2: 9 htt.  The
    # grassroots organisation: 2 htxs over 10 htt, 2 allowed.
    plan = [(S["mates"][i], "htxs" if i < 2 else "htt") for i in range(3)]
    plan += [(x, "htt") for x in S["others"][:9]]
    assert len(plan) == 12, plan
    for mid, lv in plan:
        e = create(S["office"], mid, period_id=pid,
                   score=95 if lv == "htxs" else 85, tasks_exceeded=5)
        r = S["office"].req("POST", f"/api/v1/evaluations/{e['id']}/propose",
                            {"level": lv})
        assert r.status == 200, r
    api = S["office"].js(f"/api/v1/evaluation/periods/{pid}/calibration"
                         f"?org={S['cell']['id']}")
    sc = {x["scope_org_id"]: x for x in api["scopes"]}
    assert S["unit"]["id"] in sc, api
    assert sc[S["unit"]["id"]]["exceeded"] is False and \
        sc[S["unit"]["id"]]["allowed"] == 2, sc
    assert not any(x["exceeded"] for x in api["scopes"]), api
    p = run("evaluation", "calibrate", str(pid), "--org", "CB-VP-1",
            "--json", "--db", S["db"])
    cli = json.loads(p.stdout)
    assert [(x["scope_org_id"], x["allowed"], x["excellent"], x["exceeded"])
            for x in cli["scopes"]] == \
        [(x["scope_org_id"], x["allowed"], x["excellent"], x["exceeded"])
         for x in api["scopes"]], (cli, api)
    p = run("evaluation", "calibrate", str(pid), "--org", "CB-VP-1",
            "--db", S["db"])
    assert "EXCEEDED" not in p.stdout, p.stdout
    sec = S["secretary"].js(f"/api/v1/evaluation/periods/{pid}/calibration")
    assert not any(x["exceeded"] for x in sec["scopes"]), sec


# ------------------------------------------------------------------- end

@test
def figures_and_audit_intact():
    alive()
    p = run("dashboard", "check", "--db", S["db"])
    assert "kept == recounted" in p.stdout, p.stdout
    p = run("audit", "verify", "--db", S["db"], CHIBO_LANG="en")
    assert "intact" in p.stdout, p.stdout
    err = S["srv"].stderr()
    assert "Sanitizer" not in err and "runtime error" not in err, err


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
