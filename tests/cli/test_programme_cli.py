#!/usr/bin/env python3
"""chibo term and chibo inspection programme on one backend (argv[1])
(issue 14): terms added (never overlapping, the refusal naming the other
term), listed (the one in force on a day), changed and deleted; a
programme with its items (forms by rule, contents of the catalogue, each
problem on its field and nothing written), shown, changed and deleted;
every write audited.
"""
import sys

from clilib import chibo, fail, fresh_db, js, main, ok, test


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
def help_texts():
    """chibo inspection programme is a family of its own: each command's
    --help is its own, naming its options."""
    r = ok(chibo("inspection", "programme", "--help"))
    assert r.out.startswith("usage: chibo inspection programme COMMAND"), r
    for sub in ("list", "show", "add", "edit", "delete", "item-add",
                "item-edit", "item-delete"):
        assert f"  {sub} " in r.out, (sub, r.out)
        h = ok(chibo("inspection", "programme", sub, "--help"))
        assert h.out.startswith(f"usage: chibo inspection programme {sub}"), h
    h = ok(chibo("inspection", "programme", "item-add", "--help")).out
    for opt in ("--kind", "--form", "--subject-org", "--subject-member",
                "--content", "--planned-from", "--team"):
        assert opt in h, (opt, h)
    h = ok(chibo("term", "add", "--help")).out
    for opt in ("--org", "--name", "--starts-on", "--ends-on", "--note"):
        assert opt in h, (opt, h)


@test
def terms():
    db = demo_db("term_cli")
    ok(chibo("term", "add", "--org", "DBCS-VP", "--name", "2020–2025",
             "--starts-on", "2020-06-01", "--ends-on", "2025-05-31", db=db))
    r = ok(chibo("term", "add", "--org", "DBCS-VP", "--name", "2025–2030",
                 "--starts-on", "2025-06-01", "--ends-on", "2030-05-31",
                 "--note", "Đại hội lần thứ X", db=db))
    assert "term 2 added" in r.out, r
    r = fail(chibo("term", "add", "--org", "DBCS-VP", "--name", "Trùng",
                   "--starts-on", "2030-01-01", "--ends-on", "2035-01-01",
                   db=db, lang="en"))
    assert "overlap" in r.err and "2025–2030" in r.err, r.err
    r = fail(chibo("term", "add", "--org", "DBCS-VP", "--name", "Ngược",
                   "--starts-on", "2040-01-01", "--ends-on", "2039-01-01",
                   db=db, lang="en"))
    assert "Ends on" in r.err, r.err
    lst = js(chibo("term", "list", "--org", "DBCS-VP", "--json", db=db))
    assert [t["name"] for t in lst] == ["2020–2025", "2025–2030"], lst
    on = js(chibo("term", "list", "--org", "DBCS-VP", "--on", "2026-12-07",
                  "--json", db=db))
    assert [t["id"] for t in on] == [2] and on[0]["note"], on
    r = ok(chibo("term", "list", "--org", "DBCS-VP", db=db))
    assert "2025-06-01\t2030-05-31\t2025–2030" in r.out, r.out
    fail(chibo("term", "edit", "2", "--note", "x", "--if-version", "7",
               db=db))
    ok(chibo("term", "edit", "2", "--ends-on", "2030-06-30",
             "--if-version", "1", db=db))
    ok(chibo("term", "delete", "1", db=db))
    assert len(js(chibo("term", "list", "--org", "DBCS-VP", "--json",
                        db=db))) == 1
    fail(chibo("term", "list", db=db), 2)
    for a in ("term.create", "term.update", "term.delete"):
        assert actions(db, a), a
    ok(chibo("audit", "verify", db=db))


@test
def programmes():
    db = demo_db("programme_cli")
    r = ok(chibo("inspection", "programme", "add", "--org", "DBCS-VP",
                 "--body", "inspection_commission", "--year", "2026",
                 "--title", "Chương trình kiểm tra, giám sát năm 2026",
                 db=db))
    assert "programme 1 added" in r.out, r
    # Every problem of an item at once, nothing written.
    r = fail(chibo("inspection", "programme", "item-add", "1", "--kind",
                   "supervision", "--form", "on_signs_of_violation",
                   "--subject-org", "CB-VP-1", "--content",
                   "party_fees,khong_co", db=db, lang="en"))
    assert "allowed: regular, thematic" in r.err and "inspection.forms" \
        in r.err and "khong_co" in r.err, r.err
    # A subject outside the body's subtree.
    r = fail(chibo("inspection", "programme", "item-add", "1", "--kind",
                   "inspection", "--form", "regular", "--subject-org",
                   "CB-HVDT-1", db=db, lang="en"))
    assert "outside" in r.err, r.err
    assert js(chibo("inspection", "programme", "show", "1", "--json",
                    db=db))["items"] == []
    ok(chibo("inspection", "programme", "item-add", "1", "--kind",
             "inspection", "--form", "thematic", "--subject-org", "CB-VP-1",
             "--content", "party_fees,member_duties", "--planned-from",
             "2026-04-01", "--planned-to", "2026-04-30", "--team", "Tổ 1",
             db=db))
    p = js(chibo("inspection", "programme", "show", "1", "--json", db=db))
    assert p["body"] == "inspection_commission" and p["status"] == "draft"
    assert len(p["items"]) == 1, p
    it = p["items"][0]
    assert it["content_codes"] == ["party_fees", "member_duties"], it
    assert it["status"] == "planned", it
    ok(chibo("inspection", "programme", "item-edit", str(it["id"]),
             "--status", "done", db=db))
    ok(chibo("inspection", "programme", "edit", "1", "--status", "approved",
             "--doc-no", "01-CTr/UBKT", "--approved-on", "2026-01-10",
             db=db))
    lst = js(chibo("inspection", "programme", "list", "--org", "DBCS-VP",
                   "--year", "2026", "--json", db=db))
    assert [x["status"] for x in lst] == ["approved"], lst
    assert js(chibo("inspection", "programme", "list", "--org", "DBCS-VP",
                    "--body", "cell", "--json", db=db)) == []
    # A cell body for a committee is refused.
    r = fail(chibo("inspection", "programme", "add", "--org", "DBCS-VP",
                   "--body", "cell", "--year", "2026", "--title", "T",
                   db=db, lang="en"))
    assert "cell programme" in r.err, r.err
    ok(chibo("inspection", "programme", "item-delete", str(it["id"]),
             db=db))
    ok(chibo("inspection", "programme", "delete", "1", db=db))
    fail(chibo("inspection", "programme", "show", "1", db=db))
    for a in ("programme.create", "programme.item_add",
              "programme.item_update", "programme.update",
              "programme.item_delete", "programme.delete"):
        assert actions(db, a), a
    ok(chibo("audit", "verify", db=db))


if __name__ == "__main__":
    sys.exit(main())
