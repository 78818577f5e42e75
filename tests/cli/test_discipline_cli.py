#!/usr/bin/env python3
"""chibo discipline on one backend (argv[1]): the demo's cases listed with
their computed status (as of --on), a case refused with every problem,
its rule and citation and nothing written, add, show (audited as a view),
edit, the complaint and its outcome, the state notices (late flagged).
"""
import sys

from clilib import chibo, fail, fresh_db, js, main, ok, test


def demo_db(name):
    db = fresh_db(name)
    ok(chibo("init", db=db))
    ok(chibo("demo", "--seed", "1", "--no-meetings", db=db))
    return db


def members(db, org):
    return js(chibo("member", "list", "--json", "--limit", "200", "--org",
                    org, "--status", "official", db=db))["items"]


def cases(db, *extra):
    return js(chibo("discipline", "list", "--json", *extra, db=db))


def views(db):
    r = js(chibo("audit", "list", "--json", "--action", "discipline.view",
                 db=db))
    return len(r["items"] if isinstance(r, dict) else r)


@test
def demo_and_flow():
    db = demo_db("discipline")
    got = cases(db)
    assert sorted(c["status"] for c in got) == [
        "deferred", "in_force", "in_force", "in_force", "lapsed"], got
    lapsed = cases(db, "--status", "lapsed")
    assert len(lapsed) == 1 and lapsed[0]["lapses_on"], lapsed
    assert len(cases(db, "--status", "lapsed", "--on", "2028-06-01")) >= 3
    assert len(cases(db, "--org", "CB-VP-1")) == 2
    fail(chibo("discipline", "list", "--on", "2026-02-30", db=db), 2)
    assert len(cases(db, "--status", "lapsed", "--on", "01/06/2028")) >= 3
    r = ok(chibo("discipline", "list", db=db))
    assert "lapsed" in r.out and "deferred" in r.out, r.out
    m = members(db, "CB-VP-1")[-1]["id"]
    # Every problem at once, with its rule and citation; nothing written.
    r = fail(chibo("discipline", "add", "--member", str(m), "--deciding-org",
                   "CB-VP-1", "--violation", "qd37_17", "--violation-on",
                   "2026-09-01", "--form", "cach_chuc", "--for", "4",
                   "--against", "5", "--abstain", "0", "--base", "9",
                   "--decided-on", "2026-11-01", db=db, lang="en"))
    assert "discipline.authority" in r.err and \
        "discipline.vote_threshold" in r.err and "69-QĐ/TW" in r.err, r.err
    assert len(cases(db)) == 5
    fail(chibo("discipline", "add", "--deciding-org", "CB-VP-1", db=db), 2)
    r = ok(chibo("discipline", "add", "--member", str(m), "--deciding-org",
                 "CB-VP-1", "--violation", "qd37_17", "--violation-on",
                 "2026-09-01", "--form", "khien_trach", "--for", "6",
                 "--against", "2", "--abstain", "1", "--base", "9",
                 "--decided-on", "2026-11-01", "--doc-no", "03-QĐ/CB",
                 db=db))
    cid = r.out.split()[3]
    assert "in_force" in r.out, r.out
    n0 = views(db)
    c = js(chibo("discipline", "show", cid, "--json", db=db))
    assert c["vote"] == {"for": 6, "against": 2, "abstain": 1}, c
    assert c["deciding_body"] == "cell" and c["lapses_on"] == "2027-11-01"
    r = ok(chibo("discipline", "show", cid, db=db))
    assert "status: in_force" in r.out, r.out
    assert views(db) == n0 + 2
    ok(chibo("discipline", "edit", cid, "--note", "Đã nghe đảng viên trình"
             " bày", "--if-version", "1", db=db))
    fail(chibo("discipline", "edit", cid, "--note", "x", "--if-version",
               "1", db=db))
    r = fail(chibo("discipline", "complain", cid, "--complained-on",
                   "2026-12-20", "--received-on", "2026-11-02", db=db,
                   lang="en"))
    assert "discipline.complaint_window" in r.err, r.err
    ok(chibo("discipline", "complain", cid, "--complained-on", "2026-11-20",
             "--received-on", "2026-11-02", db=db))
    r = ok(chibo("discipline", "complain", cid, "--outcome", "annulled",
                 "--decided-on", "2026-11-24", db=db))
    assert "annulled" in r.out, r.out
    fail(chibo("discipline", "show", "99999", db=db))


@test
def notices():
    db = demo_db("discipline_notice")
    got = js(chibo("discipline", "notice", "--json", db=db))
    assert sorted(n["late"] for n in got) == [False, True], got
    m = members(db, "CB-VP-1")[-1]["id"]
    ok(chibo("discipline", "notice", "--add", "--member", str(m), "--body",
             "Sở Nội vụ", "--decided-on", "2026-11-01", "--notified-on",
             "2026-11-06", db=db))
    got = js(chibo("discipline", "notice", "--json", "--member", str(m),
                   db=db))
    assert got[-1]["late"] is False and got[-1]["days"] == 5, got
    r = ok(chibo("discipline", "notice", db=db))
    assert "late" in r.out, r.out
    fail(chibo("discipline", "notice", "--add", "--member", str(m), db=db))
    # A notice's fields without --add: a usage error, not a list that
    # looks like success with nothing recorded.
    n0 = len(js(chibo("discipline", "notice", "--json", db=db)))
    r = fail(chibo("discipline", "notice", "--member", str(m), "--body",
                   "Sở Nội vụ", "--decided-on", "2026-11-01",
                   "--notified-on", "2026-11-06", db=db), 2)
    assert "--add" in r.err, r
    assert len(js(chibo("discipline", "notice", "--json", db=db))) == n0


if __name__ == "__main__":
    sys.exit(main())
