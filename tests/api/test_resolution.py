#!/usr/bin/env python3
"""A meeting's resolution, its tasks and its self-score over HTTP on one
backend (argv[1]): the draft (section I filled with the cell's open tasks
of earlier meetings), the tasks (who, what, by when; tracked until done,
If-Match), the approval (the number of the cell's series of the year,
distinct under concurrent approvals, no gap), the self-score sheet of the
rulebook, bad input (a 4xx naming the field, nothing changed) and scope.
"""
import sys
import threading

from apilib import (Server, demo_db, members_all, org_by_code, problem,
                    run, run_tests, test)


class W:
    pass


def setup():
    # Without the demo's meetings: their resolutions would take numbers
    # of the series and their open tasks would be carried.
    W.db = demo_db("resolution", meetings=False)
    W.srv = Server(W.db)
    W.admin = W.srv.client("admin")
    W.sec = W.srv.client("secretary")     # bithu: CB-VP-1
    W.mem = W.srv.client("member")        # dangvien: a member of CB-VP-1
    W.cell = org_by_code(W.admin, "CB-VP-1")
    W.other = org_by_code(W.admin, "CB-VP-2")
    W.members = members_all(W.admin, f"&org={W.cell['id']}&sort=id")
    W.me = W.mem.js("/api/v1/session")["user"]["member_id"]


def teardown():
    W.srv.stop()


def meeting(org="CB-VP-1", day="2026-03-05"):
    r = run("meeting", "add", "--db", W.db, "--org", org, "--kind",
            "regular", "--starts-at", f"{day}T08:00+07:00", "--ends-at",
            f"{day}T10:00+07:00", "--status", "held")
    return int(r.stdout.split()[2])


def call(c, method, path, body=None, status=200):
    r = c.req(method, path, body)
    assert r.status == status, (method, path, r)
    return r.json()


def fields(p):
    """The fields named by a problem, in order."""
    return [e["field"] for e in p["errors"]]


SHEET = {"time": 5, "attendance": 5, "preparation": 9, "conduct": 36,
         "principles": 5, "last_results": 27, "closing": 5}


@test
def draft_tasks_approve_next_draft():
    m1 = meeting(day="2026-03-05")
    p = problem(W.sec.req("GET", f"/api/v1/meetings/{m1}/resolution"), 404,
                "resolution_not_found")
    assert p
    r = W.sec.req("PUT", f"/api/v1/meetings/{m1}/resolution", {
        "results": "Hoàn thành chỉ tiêu quý I.",
        "directions": "Tập trung phát triển đảng viên mới.",
        "vote_for": 9, "vote_total": 10})
    assert r.status == 201, r
    res = r.json()
    assert res["status"] == "draft" and res["number"] is None, res
    assert res["vote"] == {"for": 9, "total": 10, "percent": 90,
                           "line": "9/10 đồng chí tán thành (90 %)"}, res
    assert res["previous_tasks"] == [] and res["tasks"] == [], res
    assert r.headers["etag"] == '"1"', r.headers
    a, b = W.members[0], W.members[1]
    t1 = W.sec.req("POST", f"/api/v1/meetings/{m1}/resolution/tasks", {
        "assignee_id": a["id"], "what": "Giới thiệu 2 quần chúng ưu tú",
        "due_on": "2026-06-30"})
    assert t1.status == 201, t1
    t1 = t1.json()
    assert t1["status"] == "open" and t1["assignee_name"] == a["full_name"], t1
    t2 = call(W.sec, "POST", f"/api/v1/meetings/{m1}/resolution/tasks", {"assignee_text": "Tổ đảng số 1",
                                       "what": "Rà soát hồ sơ đảng viên"}, 201)
    # Bad tasks: every problem at once, nothing added.
    p = problem(W.sec.req("POST", f"/api/v1/meetings/{m1}/resolution/tasks",
                          {"assignee_id": a["id"], "assignee_text": "Tổ 2",
                           "due_on": "2026-02-30", "color": "đỏ"}), 422)
    assert set(fields(p)) >= {"what", "assignee_text", "due_on", "color"}, p
    p = problem(W.sec.req("POST", f"/api/v1/meetings/{m1}/resolution/tasks",
                          {"assignee_id": W.members[-1]["id"] + 100000,
                           "what": "X"}), 422)
    assert "assignee_id" in fields(p), p
    other = members_all(W.admin, f"&org={W.other['id']}&sort=id")[0]
    p = problem(W.sec.req("POST", f"/api/v1/meetings/{m1}/resolution/tasks",
                          {"assignee_id": other["id"], "what": "X"}), 422)
    assert "assignee_id" in fields(p), p
    got = W.sec.js(f"/api/v1/meetings/{m1}/resolution/tasks")["items"]
    assert [t["id"] for t in got] == [t1["id"], t2["id"]], got
    # A bad vote line changes nothing.
    p = problem(W.sec.req("PUT", f"/api/v1/meetings/{m1}/resolution",
                          {"directions": "Khác", "vote_for": 11,
                           "vote_total": 10}), 422)
    assert fields(p) == ["vote_for"], p
    p = problem(W.sec.req("PUT", f"/api/v1/meetings/{m1}/resolution",
                          {"vote_for": "chín"}), 422)
    assert fields(p) == ["vote_for"], p
    res = W.sec.js(f"/api/v1/meetings/{m1}/resolution")
    assert res["directions"] == "Tập trung phát triển đảng viên mới." \
        and res["version"] == 1, res
    # A stale If-Match is refused.
    r = W.sec.req("PUT", f"/api/v1/meetings/{m1}/resolution",
                  {"directions": "Khác"}, headers={"If-Match": '"7"'})
    problem(r, 412)
    # Approve: number 1 of the cell's 2026 series.
    r = W.sec.req("POST", f"/api/v1/meetings/{m1}/resolution/approve")
    assert r.status == 200, r
    res = r.json()
    assert res["status"] == "approved" and res["number"] == 1 \
        and res["number_text"] == "01-NQ/CB" and res["approved_at"], res
    assert [t["id"] for t in res["tasks"]] == [t1["id"], t2["id"]], res
    problem(W.sec.req("PUT", f"/api/v1/meetings/{m1}/resolution",
                      {"directions": "Sửa"}), 409, "resolution_approved")
    problem(W.sec.req("POST", f"/api/v1/meetings/{m1}/resolution/approve"),
            409, "resolution_approved")
    # One task done (If-Match), then the next meeting's draft starts with
    # the one still open.
    r = W.sec.req("PATCH", f"/api/v1/tasks/{t1['id']}",
                  {"status": "done", "result": "Đã giới thiệu 2 quần chúng"},
                  headers={"If-Match": '"5"'})
    problem(r, 412)
    p = problem(W.sec.req("PATCH", f"/api/v1/tasks/{t1['id']}",
                          {"status": "finished"}), 422)
    assert fields(p) == ["status"], p
    r = W.sec.req("PATCH", f"/api/v1/tasks/{t1['id']}",
                  {"status": "done", "result": "Đã giới thiệu 2 quần chúng"},
                  headers={"If-Match": '"1"'})
    assert r.status == 200, r
    assert r.json()["status"] == "done" and r.json()["done_at"] \
        and r.json()["version"] == 2, r
    assert [t["id"] for t in W.sec.js(
        f"/api/v1/orgs/{W.cell['id']}/tasks?status=open")["items"]] \
        == [t2["id"]]
    problem(W.sec.req("GET", f"/api/v1/orgs/{W.cell['id']}/tasks?status=x"),
            400)
    m2 = meeting(day="2026-04-05")
    res = call(W.sec, "PUT", f"/api/v1/meetings/{m2}/resolution", {"results": "Tháng 4"}, 201)
    assert [t["id"] for t in res["previous_tasks"]] == [t2["id"]], res
    # A task marked done after the draft stays in its section I, with
    # its result.
    call(W.sec, "PATCH", f"/api/v1/tasks/{t2['id']}", {"status": "done", "result": "Đã rà soát"}, 200)
    res = W.sec.js(f"/api/v1/meetings/{m2}/resolution")
    assert res["previous_tasks"][0]["result"] == "Đã rà soát", res
    r = W.sec.req("POST", f"/api/v1/meetings/{m2}/resolution/approve")
    assert r.json()["number"] == 2, r
    # The member's own tasks.
    t3 = call(W.sec, "POST", f"/api/v1/meetings/{m2}/resolution/tasks", {"assignee_id": W.me, "what": "Đóng "
                                       "đảng phí đúng hạn"}, 201)
    got = W.mem.js(f"/api/v1/members/{W.me}/tasks")["items"]
    assert [t["id"] for t in got] == [t3["id"]], got
    # Audited.
    acts = [e["action"] for e in W.admin.js(
        f"/api/v1/audit?org={W.cell['id']}&limit=50")["items"]]
    for a in ("meeting.resolution", "meeting.resolution_approve",
              "meeting.task"):
        assert a in acts, acts


@test
def score_sheet():
    m = meeting(day="2026-05-05")
    r = W.sec.req("PUT", f"/api/v1/meetings/{m}/score", {"scores": SHEET})
    assert r.status == 200, r
    sc = r.json()
    assert sc["total"] == 92 and sc["max_total"] == 100 \
        and sc["band"] == "good" and sc["band_label"] == "Tốt", sc
    assert sc["rule"]["id"] == "meeting.quality_sheet" \
        and "42-HD/BTCTW" in sc["rule"]["citation"], sc
    # Bad sheets: 422 naming the criterion, the score kept.
    bad = dict(SHEET, conduct=41)
    p = problem(W.sec.req("PUT", f"/api/v1/meetings/{m}/score",
                          {"scores": bad}), 422)
    assert fields(p) == ["conduct"], p
    bad = dict(SHEET, singing=3)
    del bad["closing"]
    p = problem(W.sec.req("PUT", f"/api/v1/meetings/{m}/score",
                          {"scores": bad}), 422)
    assert set(fields(p)) == {"singing", "closing"}, p
    p = problem(W.sec.req("PUT", f"/api/v1/meetings/{m}/score",
                          {"scores": dict(SHEET, time="năm")}), 422)
    assert fields(p) == ["time"], p
    problem(W.sec.req("PUT", f"/api/v1/meetings/{m}/score", {}), 422)
    call(W.sec, "PUT", f"/api/v1/meetings/{m}/resolution", {}, 201)
    res = W.sec.js(f"/api/v1/meetings/{m}/resolution")
    assert res["score"]["total"] == 92, res
    lower = dict(SHEET, conduct=20, last_results=15)
    sc = call(W.sec, "PUT", f"/api/v1/meetings/{m}/score", {"scores": lower}, 200)
    assert sc["total"] == 64 and sc["band_label"] == "Trung bình", sc


@test
def concurrent_approvals_distinct_numbers():
    ids = [meeting(org="CB-VP-2", day=f"2026-07-{d:02d}")
           for d in range(1, 9)]
    for m in ids:
        call(W.admin, "PUT", f"/api/v1/meetings/{m}/resolution", {"directions": "Song song"}, 201)
    out = {}

    def approve(m):
        c = W.srv.client("admin")
        out[m] = c.req("POST", f"/api/v1/meetings/{m}/resolution/approve")
        c.close()

    th = [threading.Thread(target=approve, args=(m,)) for m in ids]
    for t in th:
        t.start()
    for t in th:
        t.join()
    assert all(r.status == 200 for r in out.values()), out
    nums = sorted(r.json()["number"] for r in out.values())
    assert nums == list(range(1, 9)), nums
    # The same resolution approved twice at once: one number only.
    m = meeting(org="CB-VP-2", day="2026-08-01")
    call(W.admin, "PUT", f"/api/v1/meetings/{m}/resolution", {}, 201)
    out.clear()
    th = [threading.Thread(target=approve, args=(m,)) for _ in range(1)]
    res = []

    def again():
        c = W.srv.client("admin")
        res.append(c.req("POST", f"/api/v1/meetings/{m}/resolution/approve"))
        c.close()

    th = [threading.Thread(target=again) for _ in range(4)]
    for t in th:
        t.start()
    for t in th:
        t.join()
    assert sorted(r.status for r in res) == [200, 409, 409, 409], res
    got = W.admin.js(f"/api/v1/meetings/{m}/resolution")
    assert got["number"] == 9, got
    # The next one follows without a gap.
    m = meeting(org="CB-VP-2", day="2026-08-02")
    call(W.admin, "PUT", f"/api/v1/meetings/{m}/resolution", {}, 201)
    assert call(W.admin, "POST", f"/api/v1/meetings/{m}/resolution/approve", None, 200)["number"] == 10


@test
def scope():
    m = meeting(org="CB-VP-2", day="2026-09-01")
    call(W.admin, "PUT", f"/api/v1/meetings/{m}/resolution", {}, 201)
    t = call(W.admin, "POST", f"/api/v1/meetings/{m}/resolution/tasks", {"assignee_text": "Chi ủy",
                                        "what": "Việc ngoài"}, 201)
    # Outside the secretary's cell: not found, nothing changed.
    problem(W.sec.req("GET", f"/api/v1/meetings/{m}/resolution"), 404)
    problem(W.sec.req("PUT", f"/api/v1/meetings/{m}/resolution",
                      {"directions": "x"}), 404)
    problem(W.sec.req("POST", f"/api/v1/meetings/{m}/resolution/approve"),
            404)
    problem(W.sec.req("PATCH", f"/api/v1/tasks/{t['id']}",
                      {"status": "done"}), 404)
    problem(W.sec.req("PUT", f"/api/v1/meetings/{m}/score",
                      {"scores": SHEET}), 404)
    problem(W.sec.req("GET", f"/api/v1/orgs/{W.other['id']}/tasks"), 404)
    assert W.admin.js(f"/api/v1/meetings/{m}/resolution")["status"] \
        == "draft"
    assert W.admin.js(f"/api/v1/orgs/{W.other['id']}/tasks")["items"][-1][
        "status"] == "open"
    # A member reads its cell's resolutions and its own tasks, writes
    # nothing.
    m2 = meeting(day="2026-09-02")
    call(W.sec, "PUT", f"/api/v1/meetings/{m2}/resolution", {}, 201)
    W.mem.js(f"/api/v1/meetings/{m2}/resolution")
    problem(W.mem.req("PUT", f"/api/v1/meetings/{m2}/resolution",
                      {"directions": "x"}), 403)
    t2 = call(W.sec, "POST", f"/api/v1/meetings/{m2}/resolution/tasks",
              {"assignee_id": W.me, "what": "Việc trong chi bộ"}, 201)
    problem(W.mem.req("PATCH", f"/api/v1/tasks/{t2['id']}",
                      {"status": "done"}), 403)
    problem(W.mem.req("PATCH", f"/api/v1/tasks/{t['id']}",
                      {"status": "done"}), 404)
    other = members_all(W.admin, f"&org={W.other['id']}&sort=id")[0]
    problem(W.mem.req("GET", f"/api/v1/members/{other['id']}/tasks"), 404)
    problem(W.sec.req("GET", "/api/v1/meetings/99999999/resolution"), 404)


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
