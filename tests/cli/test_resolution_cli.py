#!/usr/bin/env python3
"""chibo meeting resolution|score and chibo task on one backend (argv[1]):
the draft, its tasks (bad ones refused, nothing written), the approval's
number, the next draft starting with the open tasks, the self-score on
the rulebook's sheet (bad sheets refused naming the criterion), every
write audited.
"""
import sys

from clilib import chibo, fail, fresh_db, js, main, ok, test


def demo_db(name):
    db = fresh_db(name)
    ok(chibo("init", db=db))
    # Without the demo's meetings: their open tasks would be the cell's.
    ok(chibo("demo", "--seed", "1", "--no-meetings", db=db))
    return db


def meeting(db, day):
    r = ok(chibo("meeting", "add", "--org", "CB-VP-1", "--kind", "regular",
                 "--starts-at", f"{day}T08:00+07:00", "--ends-at",
                 f"{day}T10:00+07:00", "--status", "held", db=db))
    return r.out.split()[2]


@test
def resolution_tasks_score():
    db = demo_db("resolution")
    a = js(chibo("member", "list", "--json", "--org", "CB-VP-1", db=db))[
        "items"][0]
    m1 = meeting(db, "2026-03-05")
    fail(chibo("meeting", "resolution", m1, db=db))
    ok(chibo("meeting", "resolution", m1, "--results", "Quý I đạt",
             "--vote-for", "9", "--vote-total", "10", db=db))
    r = fail(chibo("meeting", "resolution", m1, "--vote-for", "11",
                   "--vote-total", "10", db=db))
    assert "vote_for" in r.err or "tán thành" in r.err, r.err
    r = fail(chibo("meeting", "resolution", m1, "--task", "Việc", "--due",
                   "2026-02-30", db=db))
    assert "Người thực hiện" in r.err and "Thời hạn" in r.err, r.err
    ok(chibo("meeting", "resolution", m1, "--task", "Giới thiệu quần chúng",
             "--assignee", str(a["id"]), "--due", "2026-06-30", db=db))
    ok(chibo("meeting", "resolution", m1, "--task", "Rà soát hồ sơ",
             "--group", "Tổ đảng 1", db=db))
    res = js(chibo("meeting", "resolution", m1, "--json", db=db))
    assert res["vote"]["line"] == "9/10 đồng chí tán thành (90 %)", res
    assert [t["what"] for t in res["tasks"]] == ["Giới thiệu quần chúng",
                                                 "Rà soát hồ sơ"], res
    r = ok(chibo("meeting", "resolution", m1, "--approve", db=db))
    assert "01-NQ/CB" in r.out, r.out
    fail(chibo("meeting", "resolution", m1, "--approve", db=db))
    t1 = res["tasks"][0]["id"]
    ok(chibo("task", "done", str(t1), "--result", "Đã giới thiệu", db=db))
    got = js(chibo("task", "list", "--org", "CB-VP-1", "--status", "open",
                   "--json", db=db))["items"]
    assert [t["what"] for t in got] == ["Rà soát hồ sơ"], got
    got = js(chibo("task", "list", "--member", str(a["id"]), "--json",
                   db=db))["items"]
    assert got[0]["status"] == "done" and got[0]["result"] == \
        "Đã giới thiệu", got
    m2 = meeting(db, "2026-04-02")
    ok(chibo("meeting", "resolution", m2, "--directions", "Tháng 4", db=db))
    res = js(chibo("meeting", "resolution", m2, "--json", db=db))
    assert [t["what"] for t in res["previous_tasks"]] == ["Rà soát hồ sơ"], \
        res
    r = ok(chibo("meeting", "resolution", m2, "--approve", db=db))
    assert "02-NQ/CB" in r.out, r.out
    # The self-score.
    r = fail(chibo("meeting", "score", m2, "--time", "6", "--singing", "1",
                   db=db))
    assert "0..5" in r.err and "singing" in r.err, r.err
    sc = js(chibo("meeting", "score", m2, "--time", "5", "--attendance",
                  "5", "--preparation", "8", "--conduct", "30",
                  "--principles", "5", "--last-results", "20", "--closing",
                  "5", "--json", db=db))
    assert sc["total"] == 78 and sc["band_label"] == "Khá" \
        and sc["rule"]["id"] == "meeting.quality_sheet", sc
    res = js(chibo("meeting", "resolution", m2, "--json", db=db))
    assert res["score"]["total"] == 78, res
    log = chibo("audit", "list", "--json", db=db)
    for action in ("meeting.resolution", "meeting.resolution_approve",
                   "meeting.task", "meeting.score"):
        assert action in log.out, action
    ok(chibo("audit", "verify", db=db))


if __name__ == "__main__":
    sys.exit(main())
