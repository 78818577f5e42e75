#!/usr/bin/env python3
"""A meeting's votes and minutes over the API (issue 13), on one backend
(argv[1]): the verdict of votes at exactly one half and two thirds of the
base (the official members; probationary members do not vote), bad
counts and kinds (422 naming the field, nothing written), meetings that
take no votes (409); the minutes' draft -> approved -> locked with
If-Match (412 when stale), sign-offs as oneself (the chair, the minutes
secretary) and from paper, a PUT on locked minutes (409), corrections,
and the audit entries.  Meetings are made with the command line (the
meetings' own routes are another part of the issue).  Who may call which
route is test_authz.py's business.
"""
from apilib import (DEMO, Client, Server, create_member, demo_db,
                    new_cell, problem, run, run_tests, test)


class Ctx:
    pass


C = Ctx()


def fields(p):
    """{field: code} of a problem's field errors."""
    return {e["field"]: e["code"] for e in p["errors"]}


def meeting(org_code, status="held", day="2026-03-05", **opts):
    args = ["meeting", "add", "--db", C.db, "--org", org_code, "--kind",
            "regular", "--status", status, "--starts-at",
            f"{day}T19:30+07:00", "--ends-at", f"{day}T21:30+07:00"]
    for k, v in opts.items():
        args += ["--" + k, str(v)]
    return int(run(*args).stdout.split()[2])


def votes(mid):
    return C.admin.js(f"/api/v1/meetings/{mid}/votes")["items"]


def vote(mid, kind, n_for, against=0, abstain=0, **kw):
    body = {"kind": kind, "secret": False, "for": n_for,
            "against": against, "abstain": abstain}
    body.update(kw)
    return C.admin.req("POST", f"/api/v1/meetings/{mid}/votes", body)


@test
def votes_at_one_half_and_two_thirds():
    # A cell of six official members and two probationary ones: the base
    # is six.
    cell = new_cell(C.admin)
    for i in range(6):
        create_member(C.admin, cell["id"], f"Nguyễn Văn Chính {chr(65 + i)}")
    for i in range(2):
        create_member(C.admin, cell["id"], f"Trần Văn Dự {chr(65 + i)}",
                      status="probationary", official_on=None,
                      admitted_on="2026-01-10")
    mid = meeting(cell["code"])
    # More than half: 3 of 6 is not enough, 4 is.
    r = vote(mid, "resolution", 3, 2, 1, subject="Nghị quyết tháng 3")
    assert r.status == 201, r
    v = r.json()
    for k in ("id", "base", "threshold", "passed", "rule"):
        assert k in v, (k, v)
    assert v["base"] == 6 and v["threshold"] == 4 and v["passed"] is False, v
    assert v["rule"]["id"] == "meeting.vote_threshold" and \
        v["rule"]["citation"], v
    assert v["for"] == 3 and v["against"] == 2 and v["abstain"] == 1, v
    assert v["subject"] == "Nghị quyết tháng 3" and v["kind"] == "resolution"
    v = vote(mid, "resolution", 4).json()
    assert v["threshold"] == 4 and v["passed"] is True, v
    # Two thirds (an expulsion proposal): 4 of 6 is exactly two thirds
    # and passes, 3 does not.
    v = vote(mid, "expulsion_proposal", 4, 2, secret=True).json()
    assert v["threshold"] == 4 and v["passed"] is True and v["secret"], v
    v = vote(mid, "expulsion_proposal", 3, 3).json()
    assert v["passed"] is False, v
    got = votes(mid)
    assert [x["passed"] for x in got] == [False, True, True, False], got
    assert got[0]["rule"]["id"] == "meeting.vote_threshold", got[0]
    # Audited.
    trail = C.admin.js("/api/v1/audit?action=meeting.vote&limit=50")
    assert sum(1 for e in trail["items"] if e["object_id"] == mid) == 4, \
        trail
    C.cell = cell
    C.mid = mid


@test
def bad_votes_change_nothing():
    mid = C.mid
    before = votes(mid)
    p = problem(vote(mid, "resolution", -1, 0, 0), 422)
    assert "for" in fields(p), p
    p = problem(vote(mid, "resolution", 1, -2, 0), 422)
    assert "against" in fields(p), p
    # Over the base (six official members).
    p = problem(vote(mid, "resolution", 5, 1, 1), 422)
    assert fields(p).get("for") == "vote_count_over_base", p
    p = problem(vote(mid, "bogus", 1), 422)
    assert "kind" in fields(p), p
    p = problem(C.admin.req("POST", f"/api/v1/meetings/{mid}/votes",
                            {"kind": "resolution", "for": "4",
                             "against": 0, "abstain": 0}), 422)
    assert fields(p).get("for") == "wrong_type", p
    p = problem(C.admin.req("POST", f"/api/v1/meetings/{mid}/votes",
                            {"kind": "resolution", "against": 0}), 422)
    assert fields(p).get("for") == "required" and \
        fields(p).get("abstain") == "required", p
    p = problem(C.admin.req("POST", f"/api/v1/meetings/{mid}/votes",
                            {"kind": "resolution", "for": 1, "against": 0,
                             "abstain": 0, "passed": True}), 422)
    assert "passed" in fields(p), p
    problem(vote(99999999, "resolution", 1), 404, "meeting_not_found")
    assert votes(mid) == before


@test
def meetings_that_take_no_votes():
    code = C.cell["code"]
    future = meeting(code, status="planned", day="2027-03-05")
    problem(vote(future, "resolution", 1), 409, "meeting_not_held")
    cancelled = meeting(code, status="cancelled", day="2026-02-05")
    problem(vote(cancelled, "resolution", 1), 409, "meeting_not_held")
    # A planned meeting that has started is in progress: it votes.
    started = meeting(code, status="planned", day="2026-02-12")
    assert vote(started, "resolution", 4).status == 201
    assert votes(future) == [] and votes(cancelled) == []


def minutes(mid, c=None):
    r = (c or C.admin).req("GET", f"/api/v1/meetings/{mid}/minutes")
    assert r.status == 200, r
    return r


def put(mid, body, etag=None, c=None):
    h = {"If-Match": etag} if etag is not None else {}
    return (c or C.admin).req("PUT", f"/api/v1/meetings/{mid}/minutes",
                              body, headers=h)


COURSE = [{"speaker_id": None, "speaker": "Đồng chí Bí thư",
           "text": "Báo cáo kết quả thực hiện nghị quyết tháng trước."},
          {"speaker": "Đảng viên Nguyễn Văn A", "text": "Nhất trí."}]


@test
def minutes_draft_approved_locked():
    mid = meeting(C.cell["code"], day="2026-03-12")
    r = minutes(mid)
    m = r.json()
    assert m["version"] == 0 and m["state"] == "draft" and \
        m["course"] == [] and m["corrections"] == [], m
    assert r.headers["etag"] == '"0"', r.headers
    # Bad input: every problem named, nothing written.
    p = problem(put(mid, {"course": [{"text": ""}, {"speaker": "A"},
                                     "x"], "state": "locked",
                          "opinions": 5}, '"0"'), 422)
    f = fields(p)
    for k in ("course[0].speaker", "course[0].text", "course[1].text",
              "course[2]", "state", "opinions"):
        assert k in f, (k, p)
    assert minutes(mid).json()["version"] == 0
    # The first write (If-Match "0"), then a stale one.
    r = put(mid, {"course": COURSE, "opinions": "Ý kiến thảo luận",
                  "conclusions": "Kết luận"}, '"0"')
    assert r.status == 200, r
    m = r.json()
    assert m["version"] == 1 and r.headers["etag"] == '"1"', (m, r.headers)
    assert m["course"][0] == {"speaker": "Đồng chí Bí thư",
                              "text": COURSE[0]["text"]}, m
    assert m["opinions"] == "Ý kiến thảo luận" and m["state"] == "draft"
    problem(put(mid, {"opinions": "cũ"}, '"0"'), 412, "precondition_failed")
    r = put(mid, {"notes": "Ghi chú"}, '"1"')
    assert r.status == 200 and r.json()["version"] == 2, r
    assert r.json()["opinions"] == "Ý kiến thảo luận", r.json()
    problem(put(mid, {"notes": "x"}, '"1"'), 412, "precondition_failed")
    assert minutes(mid).json()["notes"] == "Ghi chú"
    # Lock before approval, correct before locking: 409.
    problem(C.admin.req("POST", f"/api/v1/meetings/{mid}/minutes/lock"),
            409, "minutes_not_approved")
    problem(C.admin.req("POST",
                        f"/api/v1/meetings/{mid}/minutes/corrections",
                        {"field": "notes", "text": "x", "reason": "y"}),
            409, "minutes_not_locked")
    # The admin is neither chair nor secretary: it records sign-offs
    # from paper, each with its reason.
    problem(C.admin.req("POST", f"/api/v1/meetings/{mid}/minutes/approve",
                        {}), 403, "not_chair_or_secretary")
    p = problem(C.admin.req("POST",
                            f"/api/v1/meetings/{mid}/minutes/approve",
                            {"as": "chair"}), 422)
    assert fields(p).get("reason") == "required", p
    r = C.admin.req("POST", f"/api/v1/meetings/{mid}/minutes/approve",
                    {"as": "chair", "reason": "Ký trên bản giấy"})
    assert r.status == 200 and r.json()["state"] == "draft", r
    assert r.json()["chair_sign_reason"] == "Ký trên bản giấy", r.json()
    r = C.admin.req("POST", f"/api/v1/meetings/{mid}/minutes/approve",
                    {"as": "secretary", "reason": "Ký trên bản giấy"})
    m = r.json()
    assert m["state"] == "approved" and m["secretary_signed_at"], m
    r = C.admin.req("POST", f"/api/v1/meetings/{mid}/minutes/lock")
    m = r.json()
    assert r.status == 200 and m["state"] == "locked" and m["locked_at"], r
    locked = minutes(mid).json()
    # Frozen: a PUT is 409 (with or without If-Match), nothing changed.
    problem(put(mid, {"opinions": "sửa"}, f'"{locked["version"]}"'), 409,
            "minutes_locked")
    problem(put(mid, {"opinions": "sửa"}), 409, "minutes_locked")
    problem(C.admin.req("POST", f"/api/v1/meetings/{mid}/minutes/approve",
                        {"as": "chair", "reason": "x"}), 409,
            "minutes_locked")
    assert minutes(mid).json() == locked
    # Corrections: who, when, what, why; bad ones named.
    p = problem(C.admin.req("POST",
                            f"/api/v1/meetings/{mid}/minutes/corrections",
                            {"field": "state", "text": "x"}), 422)
    assert "field" in fields(p) or "reason" in fields(p), p
    r = C.admin.req("POST", f"/api/v1/meetings/{mid}/minutes/corrections",
                    {"field": "conclusions", "text": "Kết luận đúng",
                     "reason": "Ghi nhầm"})
    assert r.status == 201, r
    c = r.json()
    assert c["recorded_by"] == "admin" and c["recorded_at"], c
    m = minutes(mid).json()
    assert m["conclusions"] == "Kết luận" and \
        [x["text"] for x in m["corrections"]] == ["Kết luận đúng"], m
    got = C.admin.js(f"/api/v1/meetings/{mid}/minutes/corrections")
    assert got["items"] == m["corrections"], got
    for action in ("meeting.minutes", "meeting.minutes_approve",
                   "meeting.minutes_lock", "meeting.minutes_correction"):
        trail = C.admin.js(f"/api/v1/audit?action={action}&limit=50")
        assert any(e["object_id"] == mid for e in trail["items"]), action


@test
def sign_off_as_oneself():
    """The chair and the minutes secretary sign as themselves; a member
    who is neither may not; the minutes secretary locks."""
    sec = Client(C.srv.port)
    sec.login(*DEMO["secretary"])
    mem = Client(C.srv.port)
    mem.login(*DEMO["member"])
    chair_id = sec.js("/api/v1/session")["user"]["member_id"]
    secretary_id = mem.js("/api/v1/session")["user"]["member_id"]
    code = C.admin.js(f"/api/v1/members/{chair_id}")["org_id"]
    code = C.admin.js(f"/api/v1/orgs/{code}")["code"]
    mid = meeting(code, day="2026-03-19", chair=chair_id,
                  secretary=secretary_id)
    other = meeting(code, day="2026-03-26")
    assert put(mid, {"course": COURSE}, c=sec).status == 200
    assert put(other, {"course": COURSE}, c=sec).status == 200
    problem(mem.req("POST", f"/api/v1/meetings/{other}/minutes/approve"),
            403, "not_chair_or_secretary")
    # A member may not record a paper sign-off.
    problem(mem.req("POST", f"/api/v1/meetings/{mid}/minutes/approve",
                    {"as": "chair", "reason": "x"}), 403, "forbidden")
    r = sec.req("POST", f"/api/v1/meetings/{mid}/minutes/approve")
    m = r.json()
    assert r.status == 200 and m["chair_signed_by"] == "bithu" and \
        m["chair_sign_reason"] is None and m["state"] == "draft", r
    # An edit after a sign-off keeps the draft; once approved an edit
    # clears the sign-offs.
    r = mem.req("POST", f"/api/v1/meetings/{mid}/minutes/approve")
    m = r.json()
    assert m["state"] == "approved" and m["secretary_signed_by"] == \
        "dangvien", m
    r = mem.req("POST", f"/api/v1/meetings/{mid}/minutes/lock")
    assert r.status == 200 and r.json()["state"] == "locked", r


def setup():
    C.db = demo_db("minutes")
    C.srv = Server(C.db)
    C.admin = Client(C.srv.port)
    C.admin.login(*DEMO["admin"])


def teardown():
    C.srv.stop()


if __name__ == "__main__":
    import sys
    sys.exit(run_tests(setup, teardown))
