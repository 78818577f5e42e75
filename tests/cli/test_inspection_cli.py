#!/usr/bin/env python3
"""chibo inspection list|show|add|edit|recommend|done|attach on one
backend (argv[1]) (issue 14): an inspection recorded (forms by rule,
contents of the catalogue, each problem on its field and nothing
written), listed and shown, changed under --if-version; a
self-inspection; recommendations followed until done (overdue against
CHIBO_TODAY); an attachment told by its content; every write audited.
"""
import os
import sys
import tempfile

from clilib import chibo, fail, fresh_db, js, main, ok, test

TODAY = {"CHIBO_TODAY": "2026-12-07"}


def demo_db(name):
    db = fresh_db(name)
    ok(chibo("init", db=db))
    ok(chibo("demo", "--seed", "1", "--no-meetings", "--no-inspections",
             db=db))
    return db


def actions(db, action):
    return js(chibo("audit", "list", "--json", "--action", action,
                    db=db))


@test
def records():
    db = demo_db("inspection_cli")
    r = ok(chibo("inspection", "add", "--org", "DB-BDTTG", "--body",
                 "inspection_commission", "--kind", "inspection", "--form",
                 "regular", "--subject-org", "CB-VP-1", "--content",
                 "party_fees,member_duties", "--decided-on", "02/03/2026",
                 "--from", "2026-03-10", "--to", "2026-04-10", "--team",
                 "Đoàn kiểm tra 1", db=db))
    assert "inspection 1 added" in r.out, r
    x = js(chibo("inspection", "show", "1", "--json", db=db))
    assert x["decided_on"] == "2026-03-02" and x["from"] == "2026-03-10", x
    assert x["content_codes"] == ["party_fees", "member_duties"], x
    assert x["recommendations"] == [] and x["attachments"] == [], x
    # Refused: every problem on its field, nothing written.
    r = fail(chibo("inspection", "add", "--org", "DB-BDTTG", "--body",
                   "committee", "--kind", "supervision", "--form",
                   "on_signs_of_violation", "--subject-org", "CB-VP-1",
                   "--content", "astrology", "--from", "2026-05-01",
                   "--to", "2026-04-01", db=db, lang="en"))
    assert "inspection.forms" in r.err and "astrology" in r.err, r.err
    assert "To" in r.err, r.err
    fail(chibo("inspection", "add", "--org", "DB-BDTTG", "--body", "cell",
               "--kind", "inspection", "--form", "self", "--subject-org",
               "CB-VP-1", db=db))
    fail(chibo("inspection", "add", "--org", "KHONG-CO", db=db))
    fail(chibo("inspection", "list", db=db), 2)
    assert len(js(chibo("inspection", "list", "--org", "DB-BDTTG",
                        "--json", db=db))) == 1
    # A cell's self-inspection.
    ok(chibo("inspection", "add", "--org", "CB-VP-1", "--body", "cell",
             "--kind", "supervision", "--form", "self", "--subject-org",
             "CB-VP-1", "--decided-on", "2026-01-05", db=db))
    lst = js(chibo("inspection", "list", "--org", "CB-VP-1", "--form",
                   "self", "--json", db=db))
    assert [i["id"] for i in lst] == [2], lst
    r = ok(chibo("inspection", "list", "--org", "DB-BDTTG", "--year",
                 "2026", db=db))
    assert "1\tinspection\tregular\t2026-03-02\tplanned\t" in r.out, r.out
    # Changed under --if-version; concluded needs its conclusion.
    fail(chibo("inspection", "edit", "1", "--team", "x", "--if-version",
               "7", db=db))
    r = fail(chibo("inspection", "edit", "1", "--status", "concluded",
                   db=db, lang="en"))
    assert "Conclusion" in r.err, r.err
    ok(chibo("inspection", "edit", "1", "--if-version", "1", "--status",
             "concluded", "--conclusion", "Chấp hành tốt", "--doc-no", "",
             db=db))
    x = js(chibo("inspection", "show", "1", "--json", db=db))
    assert x["status"] == "concluded" and x["doc_no"] is None, x
    assert x["version"] == 2, x
    # Recommendations, overdue against the day, then done.
    r = ok(chibo("inspection", "recommend", "1", "--text", "Thu đảng phí",
                 "--owner", "Chi ủy", "--owner-org", "CB-VP-1", "--due-on",
                 "2026-11-30", db=db, env=TODAY))
    assert "(overdue)" in r.out, r.out
    ok(chibo("inspection", "recommend", "1", "--text", "Sổ sách",
             "--owner", "Bí thư", "--due-on", "2026-12-31", db=db,
             env=TODAY))
    fail(chibo("inspection", "recommend", "1", "--text", "x", db=db))
    x = js(chibo("inspection", "show", "1", "--json", db=db, env=TODAY))
    assert x["recommendations_overdue"] == 1, x
    assert [r["overdue"] for r in x["recommendations"]] == [True, False], x
    fail(chibo("inspection", "done", "1", "1", "--on", "2026-12-08", db=db,
               env=TODAY))
    r = ok(chibo("inspection", "done", "1", "1", "--result", "Đã thu đủ",
                 db=db, env=TODAY))
    assert "(done)" in r.out, r.out
    ok(chibo("inspection", "done", "1", "2", "--due-on", "2027-01-31",
             db=db, env=TODAY))
    x = js(chibo("inspection", "show", "1", "--json", db=db, env=TODAY))
    assert x["recommendations_overdue"] == 0, x
    recs = {r["id"]: r for r in x["recommendations"]}
    assert recs[1]["done_on"] == "2026-12-07", recs
    assert recs[1]["result"] == "Đã thu đủ", recs
    assert recs[2]["done_on"] is None and recs[2]["due_on"] == "2027-01-31"
    # An attachment, told by its content.
    d = tempfile.mkdtemp()
    pdf = os.path.join(d, "ket-luan.pdf")
    with open(pdf, "wb") as f:
        f.write(b"%PDF-1.4\n%%EOF\n")
    r = ok(chibo("inspection", "attach", "1", pdf, db=db))
    assert "application/pdf" in r.out, r.out
    bad = os.path.join(d, "x.pdf")
    with open(bad, "wb") as f:
        f.write(b"MZ not a document")
    fail(chibo("inspection", "attach", "1", bad, db=db))
    x = js(chibo("inspection", "show", "1", "--json", db=db))
    assert [a["name"] for a in x["attachments"]] == ["ket-luan.pdf"], x
    r = ok(chibo("inspection", "show", "1", db=db))
    assert "subject_name: " in r.out and "recommendation:" in r.out, r.out
    for a in ("inspection.create", "inspection.update",
              "inspection.recommendation", "inspection.recommendation_update",
              "inspection.attachment_add"):
        assert actions(db, a), a
    ok(chibo("audit", "verify", db=db))
    ok(chibo("inspection", "add", "--help"))


sys.exit(main())
