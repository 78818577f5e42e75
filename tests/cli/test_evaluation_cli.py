#!/usr/bin/env python3
"""chibo evaluation on one backend (argv[1]): a period opened with its
default dates (a duplicate refused), evaluations added with their
computed level and reasons (a bad score refused, nothing written), the
cell's proposal with its vote, the committee's decision (a different
level refused without a reason), the calibration of the cap on
excellent, the lock refused naming the scope, its count and the number
allowed, then accepted; a locked period refuses writes.
"""
import sys

from clilib import chibo, fail, fresh_db, js, main, ok, test


def demo_db(name):
    db = fresh_db(name)
    ok(chibo("init", db=db))
    ok(chibo("demo", "--seed", "1", "--no-meetings", "--no-evaluations",
             db=db))
    return db


def members(db, org):
    return js(chibo("member", "list", "--json", "--limit", "200", "--org",
                    org, "--status", "official", db=db))["items"]


def add(db, period, member, score, *extra, lang=None):
    return chibo("evaluation", "add", "--period", str(period), "--member",
                 str(member), "--score", str(score), "--tasks-total", "10",
                 "--tasks-on-time", "10", "--tasks-exceeded", "4", *extra,
                 db=db, lang=lang)


@test
def workflow_and_cap():
    db = demo_db("evaluation")
    r = ok(chibo("evaluation", "period", "open", "--org", "DBCS-VP",
                 "--kind", "year", "--year", "2026", db=db))
    assert "2026-01-01 .. 2026-12-31" in r.out, r.out
    pid = int(r.out.split()[3])
    fail(chibo("evaluation", "period", "open", "--org", "DBCS-VP", "--kind",
               "year", "--year", "2026", db=db))
    fail(chibo("evaluation", "period", "open", "--kind", "year", db=db), 2)
    ps = js(chibo("evaluation", "period", "list", "--json", db=db))
    assert [p["id"] for p in ps] == [pid], ps
    # Discipline decided in the period is read from chibo's records.
    cases = js(chibo("discipline", "list", "--json", "--org", "CB-VP-1",
                     db=db))
    punished = {c["member_id"] for c in cases if c.get("member_id") and
                c["decided_on"] and c["decided_on"] >= "2026-01-01" and
                c["status"] != "annulled"}
    ms = [m["id"] for m in members(db, "CB-VP-1")
          if m["id"] not in punished][:4]
    assert len(ms) == 4, ms
    # A bad score is refused and nothing is written.
    r = fail(add(db, pid, ms[0], 100.1, lang="en"))
    assert "score" in r.err, r.err
    fail(chibo("evaluation", "add", "--period", str(pid), db=db), 2)
    assert js(chibo("evaluation", "list", "--json", db=db)) == []
    # Two excellent, two good.
    ids = []
    for i, m in enumerate(ms):
        r = ok(add(db, pid, m, 95 if i < 2 else 80))
        ids.append(r.out.split()[2])
        assert ("htxs" if i < 2 else "htt") in r.out, r.out
    if punished:
        r = ok(add(db, pid, sorted(punished)[0], 95))
        e = js(chibo("evaluation", "show", r.out.split()[2], "--json",
                     db=db))
        assert e["computed_level"] == "kht" and "disciplined_in_period" in \
            [x["code"] for x in e["reasons"]], e
        ok(chibo("evaluation", "decide", str(e["id"]), "--level", "kht",
                 db=db))
    r = ok(add(db, pid, members(db, "CB-VP-2")[0]["id"], 69.9))
    low = r.out.split()[2]
    e = js(chibo("evaluation", "show", low, "--json", db=db))
    assert e["computed_level"] == "ht" and e["score"] == 69.9, e
    assert e["reasons"][0]["code"] == "score_band", e
    r = ok(chibo("evaluation", "show", low, db=db, lang="en"))
    assert "reason: score_band (evaluation.bands" in r.out, r.out
    # The cell proposes with its vote; the committee decides.
    r = ok(chibo("evaluation", "propose", ids[0], "--level", "htxs",
                 "--base", "9", "--for", "8", "--abstain", "1", db=db))
    assert "proposed htxs" in r.out, r.out
    e = js(chibo("evaluation", "show", ids[0], "--json", db=db))
    assert e["vote"] == {"base": 9, "for": 8, "against": 0,
                         "abstain": 1}, e
    r = fail(chibo("evaluation", "decide", low, "--level", "htt", db=db,
                   lang="en"))
    assert "reason" in r.err, r.err
    for x in ids[:2]:
        ok(chibo("evaluation", "decide", x, "--level", "htxs", db=db))
    for x in ids[2:]:
        ok(chibo("evaluation", "decide", x, "--level", "htt", db=db))
    # Undecided: the lock waits.
    r = fail(chibo("evaluation", "period", "lock", str(pid), db=db,
                   lang="en"))
    assert "not decided" in r.err, r.err
    ok(chibo("evaluation", "decide", low, "--level", "htt", "--reason",
             "Cấp ủy ghi nhận nỗ lực", db=db))
    # The cap: 2 excellent where 2 good allow none.
    r = ok(chibo("evaluation", "calibrate", str(pid), db=db))
    assert "EXCEEDED" in r.out and "allowed 0" in r.out, r.out
    cal = js(chibo("evaluation", "calibrate", str(pid), "--json", db=db))
    assert cal["scopes"][0]["decided_htxs"] == 2, cal
    r = fail(chibo("evaluation", "period", "lock", str(pid), db=db,
                   lang="en"))
    assert "2 htxs, 0 allowed" in r.err and "Văn phòng" in r.err, r.err
    for x in ids[:2]:
        ok(chibo("evaluation", "decide", x, "--level", "htt", "--reason",
                 "Theo tỷ lệ", db=db))
    r = ok(chibo("evaluation", "period", "lock", str(pid), db=db))
    assert "locked" in r.out, r.out
    p = js(chibo("evaluation", "period", "show", str(pid), "--json", db=db))
    assert p["status"] == "locked" and p["locked_at"], p
    r = fail(chibo("evaluation", "decide", low, "--level", "ht", db=db,
                   lang="en"))
    assert "locked" in r.err, r.err
    rows = js(chibo("evaluation", "list", "--period", str(pid), "--json",
                    db=db))
    assert len(rows) == 5 + (1 if punished else 0) and \
        all(x["status"] == "decided" for x in rows), rows


if __name__ == "__main__":
    sys.exit(main())
