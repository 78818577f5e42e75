#!/usr/bin/env python3
"""chibo meeting on one backend (argv[1]): add (every problem at once,
each on its field, nothing written), show and list (times kept in UTC,
the JSON fields outside scripts rely on), attendance (set, replace, the
reason of an excused absence, times only online), the roll (members on
the meeting's date, each with its place), edit and cancel, each write
audited.
"""
import sys

from clilib import chibo, fail, fresh_db, js, main, ok, test

FIELDS = ["id", "org_id", "kind", "starts_at", "ends_at", "place", "online",
          "online_reason", "topic", "chair_id", "secretary_id", "status",
          "version"]


def demo_db(name):
    db = fresh_db(name)
    ok(chibo("init", db=db))
    ok(chibo("demo", "--seed", "1", "--no-meetings", db=db))
    return db


def members(db, org):
    return js(chibo("member", "list", "--json", "--limit", "200", "--org",
                    org, db=db))["items"]


def meetings(db, org, *extra):
    return js(chibo("meeting", "list", "--org", org, "--json", *extra,
                    db=db))["items"]


@test
def add_show_list():
    db = demo_db("meeting_add")
    a, b = members(db, "CB-VP-1")[:2]
    other = members(db, "CB-VP-2")[0]
    # Every problem at once, nothing written.
    r = fail(chibo("meeting", "add", "--org", "CB-VP-1", "--kind",
                   "combined", "--starts-at", "2026-03-05T19:30+07:00",
                   "--ends-at", "2026-03-05T19:30+07:00", "--online",
                   db=db, lang="en"))
    assert "Ends at" in r.err and "Reason for meeting online" in r.err \
        and "Topic" in r.err and "03-HD/TW" in r.err, r.err
    r = fail(chibo("meeting", "add", "--org", "CB-VP-1", "--kind",
                   "regular", "--starts-at", "2026-03-05T19:30",
                   "--ends-at", "2026-03-05T21:30+07:00", db=db, lang="en"))
    assert "Starts at" in r.err, r.err
    r = fail(chibo("meeting", "add", "--org", "CB-VP-1", "--kind",
                   "regular", "--starts-at", "2026-03-05T19:30+07:00",
                   "--ends-at", "2026-03-05T21:30+07:00",
                   "--chair", str(other["id"]), db=db, lang="en"))
    assert "Chair" in r.err, r.err
    # A meeting's kind and status are labelled as the meeting's, not as
    # the organisation's kind or the member's status they share names with.
    r = fail(chibo("meeting", "add", "--org", "CB-VP-1", "--kind", "bogus",
                   "--status", "weird", "--starts-at",
                   "2026-03-05T19:30+07:00", "--ends-at",
                   "2026-03-05T21:30+07:00", db=db))
    assert "Loại cuộc họp: " in r.err and "Trạng thái cuộc họp: " in r.err \
        and "Loại tổ chức" not in r.err and "Loại đảng viên" not in r.err, \
        r.err
    assert meetings(db, "CB-VP-1") == []
    # A thematic meeting, then a regular one earlier.
    r = ok(chibo("meeting", "add", "--org", "CB-VP-1", "--kind",
                 "thematic", "--topic", "Học tập tư tưởng Hồ Chí Minh",
                 "--starts-at", "2026-03-05T19:30+07:00",
                 "--ends-at", "2026-03-05T21:30+07:00",
                 "--chair", str(a["id"]), "--secretary", str(b["id"]),
                 "--place", "Phòng họp tầng 2", db=db))
    m1 = int(r.out.split()[2])
    ok(chibo("meeting", "add", "--org", "CB-VP-1", "--kind", "regular",
             "--starts-at", "2026-02-05T08:00+07:00", "--ends-at",
             "2026-02-05T10:00+07:00", "--status", "held", db=db))
    got = js(chibo("meeting", "show", str(m1), "--json", db=db))
    for f in FIELDS:
        assert f in got, (f, got)
    assert got["starts_at"] == "2026-03-05T12:30:00Z", got
    assert got["online"] is False and got["online_reason"] is None, got
    assert got["chair_id"] == a["id"] and got["version"] == 1, got
    items = meetings(db, "CB-VP-1")
    assert [m["kind"] for m in items] == ["regular", "thematic"], items
    assert [m["id"] for m in meetings(db, "CB-VP-1", "--kind",
                                      "thematic")] == [m1]
    assert len(meetings(db, "CB-VP-1", "--from",
                        "2026-03-01T00:00+07:00")) == 1
    assert len(meetings(db, "CB-VP-1", "--status", "held")) == 1
    # The subtree above sees them; another cell does not.
    parent = js(chibo("org", "show", "CB-VP-1", "--json",
                      db=db))["parent_id"]
    assert len(meetings(db, str(parent))) == 2
    assert meetings(db, "CB-VP-2") == []
    fail(chibo("meeting", "show", "4242", db=db))
    trail = js(chibo("audit", "list", "--json", "--action",
                     "meeting.create", db=db))
    assert len(trail) == 2 and trail[0]["label"] == "Lập cuộc họp chi bộ", \
        trail


@test
def attendance():
    db = demo_db("meeting_att")
    a, b = members(db, "CB-VP-1")[:2]
    other = members(db, "CB-VP-2")[0]
    r = ok(chibo("meeting", "add", "--org", "CB-VP-1", "--kind", "regular",
                 "--starts-at", "2026-03-05T19:30+07:00", "--ends-at",
                 "2026-03-05T21:30+07:00", db=db))
    mid = r.out.split()[2]
    fail(chibo("meeting", "attendance", mid, "--member", str(a["id"]),
               "--status", "absent_excused", db=db))
    fail(chibo("meeting", "attendance", mid, "--member", str(a["id"]),
               "--status", "present", "--joined-at",
               "2026-03-05T19:30+07:00", db=db))
    fail(chibo("meeting", "attendance", mid, "--member", str(other["id"]),
               "--status", "present", db=db))
    r = fail(chibo("meeting", "attendance", mid, "--member", str(a["id"]),
                   "--status", "asleep", db=db))
    assert "Điểm danh: " in r.err and "Loại đảng viên" not in r.err, r.err
    # The roll: the cell's members, nothing recorded yet.
    roll = js(chibo("meeting", "attendance", mid, "--json", db=db))["items"]
    ids = {i["member_id"] for i in roll}
    assert a["id"] in ids and b["id"] in ids and other["id"] not in ids, roll
    assert all(i["status"] is None for i in roll), roll
    assert {i["roll"] for i in roll} <= {
        "official", "probationary", "exempted", "transferred_out",
        "transferred_in"}, roll
    ok(chibo("meeting", "attendance", mid, "--member", str(a["id"]),
             "--status", "absent_excused", "--reason", "Ốm", db=db))
    ok(chibo("meeting", "attendance", mid, "--member", str(b["id"]),
             "--status", "present", db=db))
    ok(chibo("meeting", "attendance", mid, "--member", str(a["id"]),
             "--status", "late", db=db))
    items = js(chibo("meeting", "attendance", mid, "--json", db=db))["items"]
    got = {i["member_id"]: (i["status"], i["reason"]) for i in items
           if i["status"] is not None}
    assert got == {a["id"]: ("late", None), b["id"]: ("present", None)}, got
    trail = js(chibo("audit", "list", "--json", "--action",
                     "meeting.attendance", db=db))
    assert len(trail) == 3, trail
    ok(chibo("audit", "verify", db=db))


@test
def votes_and_minutes():
    """chibo meeting vote (the rulebook's verdict, bad counts refused and
    nothing written), minutes (write from a file, paper sign-offs, a
    frozen text after lock, corrections) and lock; each write audited."""
    db = demo_db("meeting_vote")
    r = ok(chibo("meeting", "add", "--org", "CB-VP-1", "--kind", "regular",
                 "--starts-at", "2026-03-05T19:30+07:00", "--ends-at",
                 "2026-03-05T21:30+07:00", "--status", "held", db=db))
    mid = r.out.split()[2]
    r = ok(chibo("meeting", "add", "--org", "CB-VP-1", "--kind", "regular",
                 "--starts-at", "2027-03-05T19:30+07:00", "--ends-at",
                 "2027-03-05T21:30+07:00", db=db))
    later = r.out.split()[2]
    v = js(chibo("meeting", "vote", mid, "--kind", "resolution", "--for",
                 "1", "--against", "0", "--abstain", "0", "--json", db=db))
    base = v["base"]
    assert base > 1 and v["threshold"] == base // 2 + 1 and \
        v["passed"] is False, v
    assert v["rule"]["id"] == "meeting.vote_threshold", v
    r = ok(chibo("meeting", "vote", mid, "--kind", "admission", "--for",
                 str(base), "--against", "0", "--abstain", "0", "--secret",
                 "--subject", "Kết nạp đảng viên", db=db))
    assert "passed" in r.out and "not passed" not in r.out, r.out
    r = fail(chibo("meeting", "vote", mid, "--kind", "bogus", "--for", "1",
                   "--against", "0", "--abstain", "0", db=db, lang="en"))
    assert "Vote kind" in r.err, r.err
    r = fail(chibo("meeting", "vote", mid, "--kind", "resolution", "--for",
                   str(base), "--against", "1", "--abstain", "0", db=db,
                   lang="en"))
    assert "exceed" in r.err, r.err
    fail(chibo("meeting", "vote", mid, "--kind", "resolution", "--for",
               "x", "--against", "0", "--abstain", "0", db=db), code=2)
    r = fail(chibo("meeting", "vote", later, "--kind", "resolution",
                   "--for", "1", "--against", "0", "--abstain", "0", db=db,
                   lang="en"))
    assert "in progress or held" in r.err, r.err
    items = js(chibo("meeting", "vote", mid, "--json", db=db))["items"]
    assert [i["kind"] for i in items] == ["resolution", "admission"], items
    assert items[1]["secret"] is True and items[1]["passed"] is True

    body = ('{"course": [{"speaker": "Bí thư", "text": "Báo cáo"}],'
            ' "opinions": "Nhất trí", "conclusions": "Thông qua"}')
    r = ok(chibo("meeting", "minutes", mid, "--set-file", "-", db=db,
                 stdin=body))
    assert "version 1" in r.out, r.out
    r = fail(chibo("meeting", "minutes", mid, "--set-file", "-",
                   "--if-match", "7", db=db, stdin=body))
    fail(chibo("meeting", "lock", mid, db=db))
    fail(chibo("meeting", "minutes", mid, "--approve", db=db))
    ok(chibo("meeting", "minutes", mid, "--approve", "--reason",
             "Ký trên bản giấy", db=db))
    ok(chibo("meeting", "lock", mid, db=db))
    r = fail(chibo("meeting", "minutes", mid, "--set-file", "-", db=db,
                   stdin=body, lang="en"))
    assert "locked" in r.err, r.err
    ok(chibo("meeting", "minutes", mid, "--correct", "opinions", "--text",
             "Nhất trí cao", "--reason", "Ghi sai", db=db))
    m = js(chibo("meeting", "minutes", mid, "--json", db=db))
    assert m["state"] == "locked" and m["opinions"] == "Nhất trí", m
    assert m["course"] == [{"speaker": "Bí thư", "text": "Báo cáo"}], m
    assert [c["text"] for c in m["corrections"]] == ["Nhất trí cao"], m
    for action, n in (("meeting.vote", 2), ("meeting.minutes", 1),
                      ("meeting.minutes_approve", 2),
                      ("meeting.minutes_lock", 1),
                      ("meeting.minutes_correction", 1)):
        trail = js(chibo("audit", "list", "--json", "--action", action,
                         db=db))
        assert len(trail) == n, (action, trail)
    ok(chibo("audit", "verify", db=db))


def add_meeting(db, day, *extra):
    r = ok(chibo("meeting", "add", "--org", "CB-VP-1", "--kind", "regular",
                 "--starts-at", day + "T19:30+07:00", "--ends-at",
                 day + "T21:30+07:00", *extra, db=db))
    return r.out.split()[2]


def roll_of(db, mid):
    items = js(chibo("meeting", "attendance", mid, "--json", db=db))["items"]
    return {i["member_id"]: i["roll"] for i in items}


@test
def roll():
    db = demo_db("meeting_roll")
    mems = members(db, "CB-VP-1")
    ex, out = mems[0], mems[1]
    # Exempted before the date, transferred out; a member admitted after
    # the date is not on the roll (on a later meeting's, probationary).
    ok(chibo("member", "event", str(ex["id"]), "exempted", "--on",
             "2026-05-01", db=db))
    ok(chibo("member", "event", str(out["id"]), "transferred_out", "--on",
             "2026-05-02", db=db))
    r = ok(chibo("member", "add", "--full-name", "Trần Văn Mới", "--gender",
                 "male", "--birth-date", "1995-04-12", "--ethnicity", "Kinh",
                 "--citizen-id", "099088800002", "--admitted-on",
                 "2026-08-01", "--status", "probationary", "--org",
                 "CB-VP-1", db=db))
    late = [m for m in members(db, "CB-VP-1")
            if m["full_name"] == "Trần Văn Mới"][0]
    mid = add_meeting(db, "2026-07-02", "--status", "held")
    got = roll_of(db, mid)
    assert got[ex["id"]] == "exempted", got
    assert got[out["id"]] == "transferred_out", got
    assert late["id"] not in got, got
    assert set(got.values()) <= {"official", "probationary", "exempted",
                                 "transferred_out"}, got
    later = roll_of(db, add_meeting(db, "2026-12-10"))
    assert later[late["id"]] == "probationary", later
    # The text form: member, place on the roll, attendance, reason.
    lines = ok(chibo("meeting", "attendance", mid, db=db)).out.splitlines()
    assert f"{ex['id']}\texempted\t-\t" in lines, lines
    fail(chibo("meeting", "attendance", mid, "--member", str(late["id"]),
               "--status", "present", db=db))
    ok(chibo("meeting", "attendance", mid, "--member", str(ex["id"]),
             "--status", "present", db=db))
    lines = ok(chibo("meeting", "attendance", mid, db=db)).out.splitlines()
    assert f"{ex['id']}\texempted\tpresent\t" in lines, lines
    # On request: the member admitted later; twice fails.
    r = ok(chibo("meeting", "attendance", mid, "--add", str(late["id"]),
                 db=db))
    assert "probationary" in r.out, r.out
    fail(chibo("meeting", "attendance", mid, "--add", str(late["id"]),
               db=db))
    assert roll_of(db, mid)[late["id"]] == "probationary"
    ok(chibo("meeting", "attendance", mid, "--member", str(late["id"]),
             "--status", "present", db=db))


@test
def edit_cancel():
    db = demo_db("meeting_edit")
    mid = add_meeting(db, "2026-12-03", "--place", "Hội trường")
    before = js(chibo("meeting", "show", mid, "--json", db=db))
    # A stale version, a bad value: refused, nothing changed.
    fail(chibo("meeting", "edit", mid, "--if-version", "7", "--place",
               "Nhà văn hóa", db=db))
    r = fail(chibo("meeting", "edit", mid, "--kind", "weekly", db=db,
                   lang="en"))
    assert "Meeting kind" in r.err, r.err
    fail(chibo("meeting", "edit", mid, "--status", "cancelled", db=db))
    fail(chibo("meeting", "edit", mid, db=db), 2)
    assert js(chibo("meeting", "show", mid, "--json", db=db)) == before
    ok(chibo("meeting", "edit", mid, "--if-version", "1", "--place", "",
             "--topic", "Sinh hoạt tháng 12", db=db))
    got = js(chibo("meeting", "show", mid, "--json", db=db))
    assert got["place"] is None and got["version"] == 2, got
    assert got["topic"] == "Sinh hoạt tháng 12", got
    # Cancel: the reason is needed; once only.
    fail(chibo("meeting", "cancel", mid, db=db))
    ok(chibo("meeting", "cancel", mid, "--reason", "Bão số 3", db=db))
    assert js(chibo("meeting", "show", mid, "--json",
                    db=db))["status"] == "cancelled"
    fail(chibo("meeting", "cancel", mid, "--reason", "Lần nữa", db=db))
    fail(chibo("meeting", "edit", mid, "--place", "X", db=db))
    for action, n in (("meeting.update", 1), ("meeting.cancel", 1)):
        trail = js(chibo("audit", "list", "--json", "--action", action,
                         db=db))
        assert len(trail) == n, (action, trail)
    ok(chibo("audit", "verify", db=db))


if __name__ == "__main__":
    sys.exit(main())
