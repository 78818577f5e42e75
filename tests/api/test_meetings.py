#!/usr/bin/env python3
"""The meetings API (issue 13) on one backend (argv[1]): create (a past
meeting recorded as held), show, list (subtree, dates, kind, status,
pages), change with If-Match (428 without it, 412 when stale), cancel,
the roll with its attendance and counts, one member's attendance; who may
do what; bad input answered 4xx naming the field, in Vietnamese or
English, with nothing changed.
"""
import json
import sys

from apilib import (Server, demo_db, fields, org_by_code, problem,
                    raw_http, run_tests, test)

FIELDS = ["id", "org_id", "kind", "starts_at", "ends_at", "place", "online",
          "online_reason", "topic", "chair_id", "secretary_id", "status",
          "version"]

S = {}


def setup():
    db = demo_db("meetings", meetings=False)
    S["db"] = db
    S["srv"] = Server(db)
    S["admin"] = S["srv"].client("admin")
    S["sec"] = S["srv"].client("secretary")
    S["cell"] = org_by_code(S["admin"], "CB-VP-1")
    S["other"] = org_by_code(S["admin"], "CB-VP-2")
    S["unit"] = org_by_code(S["admin"], "DBCS-VP")


def teardown():
    for k in ("admin", "sec"):
        S[k].close()
    S["srv"].stop()


def members_of(org):
    return S["admin"].js(f"/api/v1/members?org={org['id']}&limit=1000"
                         )["items"]


def meeting_body(**kw):
    m = {"org_id": S["cell"]["id"], "kind": "regular",
         "starts_at": "2026-12-03T19:30:00+07:00",
         "ends_at": "2026-12-03T21:30:00+07:00", "place": "Hội trường",
         "status": "planned"}
    m.update(kw)
    return m


def create(c=None, **kw):
    r = (c or S["sec"]).req("POST", "/api/v1/meetings", meeting_body(**kw))
    assert r.status == 201, r
    return r.json()


def get(mid):
    return S["admin"].js(f"/api/v1/meetings/{mid}")


@test
def create_show_list():
    c = S["sec"]
    r = c.req("POST", "/api/v1/meetings", meeting_body(
        kind="thematic", topic="Học tập tư tưởng Hồ Chí Minh"))
    assert r.status == 201, r
    m = r.json()
    assert list(m)[:len(FIELDS)] == FIELDS or set(FIELDS) <= set(m), m
    assert m["starts_at"] == "2026-12-03T12:30:00Z", m
    assert m["status"] == "planned" and m["version"] == 1, m
    assert r.headers["etag"] == '"1"', r.headers
    assert r.headers["location"] == f"/api/v1/meetings/{m['id']}", r
    # A past meeting recorded as held.
    held = create(starts_at="2026-10-05T19:30:00+07:00",
                  ends_at="2026-10-05T21:30:00+07:00", status="held")
    assert held["status"] == "held", held
    # The member of the cell reads it; the list of its subtree.
    mem = S["srv"].client("member")
    assert mem.js(f"/api/v1/meetings/{m['id']}")["topic"] == m["topic"]
    cell = S["cell"]["id"]
    items = mem.js(f"/api/v1/meetings?org={cell}")["items"]
    ids = [i["id"] for i in items]
    assert held["id"] in ids and m["id"] in ids, items
    assert ids.index(held["id"]) < ids.index(m["id"]), ids
    mem.close()
    # The unit above sees the cell's; filters.
    a = S["admin"]
    unit = S["unit"]["id"]
    ids = [i["id"] for i in a.js(f"/api/v1/meetings?org={unit}")["items"]]
    assert m["id"] in ids and held["id"] in ids
    ids = [i["id"] for i in a.js(
        f"/api/v1/meetings?org={cell}&kind=thematic")["items"]]
    assert m["id"] in ids and held["id"] not in ids, ids
    ids = [i["id"] for i in a.js(
        f"/api/v1/meetings?org={cell}&status=held")["items"]]
    assert held["id"] in ids and m["id"] not in ids, ids
    ids = [i["id"] for i in a.js(
        f"/api/v1/meetings?org={cell}&from=2026-10-05&to=2026-10-05"
    )["items"]]
    assert ids == [held["id"]], ids
    ids = [i["id"] for i in a.js(
        f"/api/v1/meetings?org={cell}&from=2026-10-06&to=2026-12-02"
    )["items"]]
    assert held["id"] not in ids and m["id"] not in ids, ids
    # Pages.
    seen, cursor = [], None
    while True:
        q = f"/api/v1/meetings?org={cell}&limit=1"
        if cursor:
            q += "&cursor=" + cursor
        page = a.js(q)
        assert len(page["items"]) <= 1
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [i["id"] for i in a.js(
        f"/api/v1/meetings?org={cell}")["items"]], seen
    # The audit trail.
    trail = a.js("/api/v1/audit?action=meeting.create")["items"]
    assert any(e.get("object_id") == m["id"] for e in trail) or \
        len(trail) >= 2, trail


@test
def list_bad_query():
    a = S["admin"]
    cell = S["cell"]["id"]
    problem(a.get("/api/v1/meetings"), 400, "invalid_query")
    for q, field in ((f"org={cell}&kind=weekly", "kind"),
                     (f"org={cell}&status=done", "status"),
                     (f"org={cell}&from=2026-13-01", "from"),
                     (f"org={cell}&to=yesterday", "to"),
                     (f"org={cell}&limit=0", "limit"),
                     (f"org={cell}&limit=1001", "limit"),
                     (f"org={cell}&cursor=not-a-cursor", "cursor"),
                     (f"org={cell}&colour=red", "colour")):
        p = problem(a.get("/api/v1/meetings?" + q), 400, "invalid_query")
        assert field in {f for f, _ in fields(p)}, (q, p)
    p = problem(a.get("/api/v1/meetings?org=999999"), 400, "invalid_query")
    assert ("org", "org_not_found") in fields(p), p


@test
def create_bad_input_nothing_written():
    c = S["sec"]
    cell = S["cell"]["id"]
    before = S["admin"].js(f"/api/v1/meetings?org={cell}&limit=1000")
    cases = [
        (meeting_body(kind=7), "kind"),
        (meeting_body(kind="weekly"), "kind"),
        (meeting_body(online="yes"), "online"),
        (meeting_body(starts_at="tomorrow"), "starts_at"),
        (meeting_body(ends_at="2026-12-03T18:00:00+07:00"), "ends_at"),
        (meeting_body(place="Hội\u0007trường"), "place"),
        (meeting_body(place="x" * 256), "place"),
        (meeting_body(colour="red"), "colour"),
        (meeting_body(version=3), "version"),
        (meeting_body(online=True), "online_reason"),
        (meeting_body(kind="thematic"), "topic"),
        (meeting_body(chair_id=-1), "chair_id"),
    ]
    for body, field in cases:
        p = problem(c.req("POST", "/api/v1/meetings", body), 422)
        assert field in {f for f, _ in fields(p)}, (body, p)
        assert p["errors"][0]["message"], p
    # English on request.
    r = c.req("POST", "/api/v1/meetings", meeting_body(kind="thematic"),
              headers={"Accept-Language": "en"})
    p = problem(r, 422)
    assert any("topic" in e["message"].lower() for e in p["errors"]), p
    # A huge body, JSON that does not parse.
    body = json.dumps(meeting_body(agenda="x" * (3 << 20))).encode()
    status, _ = raw_http(S["srv"].port, (
        "POST /api/v1/meetings HTTP/1.1\r\nHost: x\r\n"
        f"Cookie: chibo_session={c.cookie}\r\n"
        f"X-CSRF-Token: {c.csrf}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n").encode(), [body])
    assert status == 413, status
    problem(c.req("POST", "/api/v1/meetings", "{not json",
                  ctype="application/json"), 400, "invalid_json")
    # Another cell: not found for the secretary.
    problem(c.req("POST", "/api/v1/meetings",
                  meeting_body(org_id=S["other"]["id"])), 422)
    after = S["admin"].js(f"/api/v1/meetings?org={cell}&limit=1000")
    assert before == after


@test
def patch_if_match():
    c = S["sec"]
    m = create()
    url = f"/api/v1/meetings/{m['id']}"
    # No If-Match: 428, nothing changed.
    p = problem(c.req("PATCH", url, {"place": "Nhà văn hóa"}), 428,
                "if_match_required")
    assert p["detail"] or p["title"], p
    assert get(m["id"]) == m
    # Stale: 412.
    problem(c.req("PATCH", url, {"place": "Nhà văn hóa"},
                  headers={"If-Match": '"7"'}), 412, "precondition_failed")
    assert get(m["id"]) == m
    # Bad input: every field named, nothing changed.
    for body, field in (({"place": 5}, "place"),
                        ({"colour": "red"}, "colour"),
                        ({"kind": None}, "kind"),
                        ({"topic": "a\u001bb"}, "topic"),
                        ({"ends_at": "2026-12-03T10:00:00+07:00"},
                         "ends_at"),
                        ({"status": "cancelled"}, "status"),
                        ({"id": 5}, "id")):
        p = problem(c.req("PATCH", url, body,
                          headers={"If-Match": '"1"'}), 422)
        assert field in {f for f, _ in fields(p)}, (body, p)
        assert get(m["id"]) == m
    p = problem(c.req("PATCH", url, {"topic": "a\u0000b"},
                      headers={"If-Match": '"1"'}), 400, "invalid_json")
    assert "topic" in {f for f, _ in fields(p)}, p
    assert get(m["id"]) == m
    # Right version: changed, version bumped, audited.
    r = c.req("PATCH", url, {"place": "Nhà văn hóa", "guests": None},
              headers={"If-Match": '"1"'})
    assert r.status == 200, r
    got = r.json()
    assert got["place"] == "Nhà văn hóa" and got["version"] == 2, got
    assert r.headers["etag"] == '"2"', r.headers
    trail = S["admin"].js("/api/v1/audit?action=meeting.update")["items"]
    assert trail, trail
    # Not found outside the scope, whatever the header.
    o = create(S["admin"], org_id=S["other"]["id"])
    problem(c.req("PATCH", f"/api/v1/meetings/{o['id']}", {"place": "X"},
                  headers={"If-Match": '"1"'}), 404, "meeting_not_found")
    problem(c.req("PATCH", f"/api/v1/meetings/{o['id']}", {"place": "X"}),
            404, "meeting_not_found")
    assert get(o["id"]) == o


@test
def cancel():
    c = S["sec"]
    m = create()
    url = f"/api/v1/meetings/{m['id']}/cancel"
    for body, field in (({}, "reason"), ({"reason": ""}, "reason"),
                        ({"reason": 5}, "reason"),
                        ({"reason": "Bão", "colour": 1}, "colour")):
        p = problem(c.req("POST", url, body), 422)
        assert field in {f for f, _ in fields(p)}, (body, p)
        assert get(m["id"]) == m
    r = c.req("POST", url, {"reason": "Bão số 3"})
    assert r.status == 200, r
    assert r.json()["status"] == "cancelled", r
    problem(c.req("POST", url, {"reason": "Lần nữa"}), 409,
            "meeting_not_planned")
    problem(c.req("PATCH", f"/api/v1/meetings/{m['id']}", {"place": "X"},
                  headers={"If-Match": '"2"'}), 409, "meeting_cancelled")
    trail = S["admin"].js("/api/v1/audit?action=meeting.cancel")["items"]
    assert any("Bão số 3" in str(e) for e in trail), trail
    # No attendance at a cancelled meeting, nobody added to its roll.
    roll = c.js(f"/api/v1/meetings/{m['id']}/attendance")
    who = roll["items"][0]["member_id"]
    problem(c.req("PUT", f"/api/v1/meetings/{m['id']}/attendance/{who}",
                  {"status": "present"}), 409, "meeting_cancelled")
    problem(c.req("POST", f"/api/v1/meetings/{m['id']}/roll",
                  {"member_id": who}), 409, "meeting_cancelled")
    assert c.js(f"/api/v1/meetings/{m['id']}/attendance") == roll
    # A held meeting is not cancelled.
    h = create(starts_at="2026-09-03T19:30:00+07:00",
               ends_at="2026-09-03T21:30:00+07:00", status="held")
    problem(c.req("POST", f"/api/v1/meetings/{h['id']}/cancel",
                  {"reason": "x"}), 409, "meeting_not_planned")


@test
def attendance_and_roll():
    a, c = S["admin"], S["sec"]
    cell = S["cell"]
    mems = members_of(cell)
    # The roll on the date: a member admitted after it is not on it; an
    # exempted one is shown apart; a probationary one as such.
    late = a.req("POST", "/api/v1/members", {
        "full_name": "Trần Văn Mới", "gender": "male",
        "birth_date": "1995-04-12", "ethnicity": "Kinh",
        "citizen_id": "099088800001", "admitted_on": "2026-08-01",
        "status": "probationary", "org_id": cell["id"]})
    assert late.status == 201, late
    late = late.json()
    ex = mems[0]
    r = a.req("POST", f"/api/v1/members/{ex['id']}/events",
              {"kind": "exempted", "on": "2026-06-01"})
    assert r.status in (200, 201), r
    m = create(starts_at="2026-07-02T19:30:00+07:00",
               ends_at="2026-07-02T21:30:00+07:00", status="held")
    roll = c.js(f"/api/v1/meetings/{m['id']}/attendance")
    by = {i["member_id"]: i for i in roll["items"]}
    assert late["id"] not in by, roll
    assert by[ex["id"]]["roll"] == "exempted", by[ex["id"]]
    for i in roll["items"]:
        assert i["status"] is None and i["name"], i
        assert i["roll"] in ("official", "probationary", "exempted",
                             "transferred_out", "transferred_in"), i
    counts = roll["counts"]
    assert counts["total"] == len(roll["items"]), counts
    assert counts["exempted"] >= 1, counts
    assert counts["official"] + counts["probationary"] + \
        counts["exempted"] + counts["transferred_out"] + \
        counts["transferred_in"] == counts["total"], counts
    # A meeting after the admission date has the new member on it,
    # probationary.
    m2 = create(starts_at="2026-12-10T19:30:00+07:00",
                ends_at="2026-12-10T21:30:00+07:00")
    roll2 = c.js(f"/api/v1/meetings/{m2['id']}/attendance")
    assert {i["member_id"]: i["roll"] for i in roll2["items"]}[
        late["id"]] == "probationary", roll2

    url = f"/api/v1/meetings/{m['id']}/attendance"
    official = [i for i in roll["items"] if i["roll"] == "official"]
    who = official[0]["member_id"]
    # Bad input: named, nothing recorded.
    for body, field in (({"status": "absent_excused"}, "reason"),
                        ({"status": "asleep"}, "status"),
                        ({}, "status"),
                        ({"status": "present",
                          "joined_at": "2026-07-02T19:30:00+07:00"},
                         "joined_at"),
                        ({"status": "present", "roll": "official"},
                         "roll"),
                        ({"status": "present", "reason": "x" * 300},
                         "reason")):
        p = problem(c.req("PUT", f"{url}/{who}", body), 422)
        assert field in {f for f, _ in fields(p)}, (body, p)
    p = problem(c.req("PUT", f"{url}/{who}", {"status": "absent_excused"},
                      headers={"Accept-Language": "en"}), 422)
    assert "reason" in p["errors"][0]["message"].lower(), p
    other = members_of(S["other"])[0]
    problem(c.req("PUT", f"{url}/{other['id']}", {"status": "present"}),
            422, None)
    problem(c.req("PUT", f"{url}/{late['id']}", {"status": "present"}),
            422, None)
    assert c.js(url) == roll
    # Recorded.
    r = c.req("PUT", f"{url}/{who}", {"status": "present"})
    assert r.status == 200, r
    assert r.json()["status"] == "present" and r.json()["roll"] == \
        "official", r
    r = c.req("PUT", f"{url}/{ex['id']}",
              {"status": "absent_excused", "reason": "Ốm"})
    assert r.status == 200, r
    got = c.js(url)
    assert got["counts"]["present"]["official"] == 1, got["counts"]
    assert got["counts"]["by"]["exempted"]["absent_excused"] == 1, got
    assert got["counts"]["unrecorded"]["official"] == \
        counts["unrecorded"]["official"] - 1, got["counts"]
    st = {i["member_id"]: (i["status"], i["reason"]) for i in got["items"]}
    assert st[who] == ("present", None) and st[ex["id"]] == \
        ("absent_excused", "Ốm"), st
    # On request: the member admitted later (probationary), a member of
    # another cell (transferred in); twice is a conflict; bad bodies.
    rurl = f"/api/v1/meetings/{m['id']}/roll"
    for body, field in (({}, "member_id"), ({"member_id": "5"}, "member_id"),
                        ({"member_id": 99999999}, "member_id"),
                        ({"member_id": late["id"], "roll": "official"},
                         "roll")):
        p = problem(c.req("POST", rurl, body), 422)
        assert field in {f for f, _ in fields(p)}, (body, p)
    assert c.js(url) == got
    r = c.req("POST", rurl, {"member_id": late["id"]})
    assert r.status == 201 and r.json()["roll"] == "probationary", r
    r = a.req("POST", rurl, {"member_id": other["id"]})
    assert r.status == 201 and r.json()["roll"] == "transferred_in", r
    problem(c.req("POST", rurl, {"member_id": late["id"]}), 409,
            "already_on_roll")
    got = c.js(url)
    assert got["counts"]["transferred_in"] == 1, got["counts"]
    assert got["counts"]["total"] == counts["total"] + 2, got["counts"]
    r = c.req("PUT", f"{url}/{late['id']}", {"status": "late"})
    assert r.status == 200, r
    trail = a.js("/api/v1/audit?action=meeting.roll_add")["items"]
    assert len(trail) == 2, trail


@test
def roles():
    m = create()
    mid = m["id"]
    cell = S["cell"]["id"]
    o = create(S["admin"], org_id=S["other"]["id"])
    for role in ("viewer",):
        v = S["srv"].client(role)
        problem(v.get(f"/api/v1/meetings?org={cell}"), 403, "forbidden")
        problem(v.get(f"/api/v1/meetings/{mid}"), 403, "forbidden")
        problem(v.get(f"/api/v1/meetings/{mid}/attendance"), 403)
        problem(v.req("POST", "/api/v1/meetings", meeting_body()), 403)
        v.close()
    mem = S["srv"].client("member")
    assert mem.js(f"/api/v1/meetings/{mid}/attendance")["items"]
    problem(mem.get(f"/api/v1/meetings/{o['id']}"), 404)
    problem(mem.req("POST", "/api/v1/meetings", meeting_body()), 403)
    problem(mem.req("POST", f"/api/v1/meetings/{mid}/cancel",
                    {"reason": "x"}), 403)
    mem.close()
    ins = S["srv"].client("inspection")
    assert ins.js(f"/api/v1/meetings/{mid}")["id"] == mid
    problem(ins.req("PATCH", f"/api/v1/meetings/{mid}", {"place": "X"},
                    headers={"If-Match": '"1"'}), 403)
    ins.close()
    sec = S["sec"]
    problem(sec.get(f"/api/v1/meetings/{o['id']}"), 404)
    problem(sec.get(f"/api/v1/meetings/{o['id']}/attendance"), 404)
    p = problem(sec.get(f"/api/v1/meetings?org={S['other']['id']}"), 400)
    assert ("org", "org_not_found") in fields(p), p
    assert get(mid) == m and get(o["id"]) == o


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
