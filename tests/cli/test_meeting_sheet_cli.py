#!/usr/bin/env python3
"""chibo meeting attendance ID --csv FILE [--dry-run] on one backend
(argv[1]): a paper sign-in sheet (members by id, card number, or name and
birth date; Vietnamese statuses), every problem of every row reported
with its line and nothing written, a dry run that writes nothing, the
import audited.
"""
from clilib import chibo, fail, fresh_db, js, main, ok, test


def demo_db(name):
    db = fresh_db(name)
    ok(chibo("init", db=db))
    ok(chibo("demo", "--seed", "1", db=db))
    return db


def attendance(db, mid):
    return {a["member_id"]: a["status"] for a in
            js(chibo("meeting", "attendance", str(mid), "--json",
                     db=db))["items"] if a["status"] is not None}


@test
def sheet():
    db = demo_db("meeting_sheet")
    ms = js(chibo("member", "list", "--json", "--limit", "200", "--org",
                  "CB-VP-1", db=db))["items"]
    ms = [m for m in ms if m.get("card_no") and m.get("birth_date")][:3]
    a, b, c = ms
    r = ok(chibo("meeting", "add", "--org", "CB-VP-1", "--kind", "regular",
                 "--starts-at", "2026-11-05T08:00+07:00", "--ends-at",
                 "2026-11-05T10:00+07:00", "--status", "held", db=db))
    mid = int(r.out.split()[2])
    bd = c["birth_date"]
    good = ("Mã đảng viên,Số thẻ đảng viên,Họ và tên,Ngày sinh,Điểm danh,"
            "Lý do\n"
            f"{a['id']},,,,có mặt,\n"
            f",{b['card_no']},,,đi muộn,\n"
            f",,{c['full_name']},{bd[8:10]}/{bd[5:7]}/{bd[0:4]},"
            "vắng có lý do,Công tác\n")
    bad = good + f"{a['id']},,,,có mặt,\n" + ",,,,vắng không lý do,\n"
    r = fail(chibo("meeting", "attendance", str(mid), "--csv", "-",
                   db=db, stdin=bad, lang="en"))
    assert "duplicate_member" in r.err or "earlier row" in r.err, r.err
    assert "5" in r.err and "6" in r.err, r.err
    assert attendance(db, mid) == {}
    r = ok(chibo("meeting", "attendance", str(mid), "--csv", "-",
                 "--dry-run", db=db, stdin=good))
    assert "3" in r.out, r.out
    assert attendance(db, mid) == {}
    r = ok(chibo("meeting", "attendance", str(mid), "--csv", "-", "--json",
                 db=db, stdin=good))
    assert js(r)["rows"] == 3, r.out
    assert attendance(db, mid) == {a["id"]: "present", b["id"]: "late",
                                   c["id"]: "absent_excused"}
    audit = js(chibo("audit", "list", "--json", "--action",
                     "meeting.attendance_import", db=db))
    items = audit["items"] if isinstance(audit, dict) else audit
    assert len(items) == 1, audit
    # --csv with --member is a usage error.
    fail(chibo("meeting", "attendance", str(mid), "--csv", "-", "--member",
               str(a["id"]), db=db, stdin=good), code=2)


if __name__ == "__main__":
    main()
