#!/usr/bin/env python3
"""chibo check meetings on one backend (argv[1]): on a register with
meetings added through chibo meeting (no demo meetings), the findings of a
cell's year -- months without a regular meeting, quarters without a
thematic one, a short meeting, a member absent without reason in three
months -- kept by each write, in text and JSON, in both languages; a
month that ends (another CHIBO_TODAY) is found after --refresh or by the
read itself; bad options are usage errors (exit 2).
"""
from clilib import chibo, fail, fresh_db, js, main, ok, test


def setup_db(name):
    db = fresh_db(name)
    ok(chibo("init", db=db))
    ok(chibo("demo", "--seed", "1", "--no-meetings", db=db))
    return db


def add(db, start, end, kind="regular", org="CB-VP-2"):
    args = ["meeting", "add", "--org", org, "--kind", kind,
            "--starts-at", start, "--ends-at", end, "--status", "held",
            "--place", "Hội trường"]
    if kind != "regular":
        args += ["--topic", "Chuyên đề"]
    return int(ok(chibo(*args, db=db)).out.split()[2])


def check(db, *extra, env=None, lang=None):
    return js(chibo("check", "meetings", "--year", "2026", "--org",
                    "CB-VP-2", "--format", "json", *extra, db=db,
                    env=env, lang=lang))


@test
def findings_kept_and_refreshed():
    db = setup_db("check_cli")
    m = js(chibo("member", "list", "--json", "--org", "CB-VP-2", db=db))
    who = m["items"][0]["id"]
    ids = []
    for mo in range(1, 4):  # January to March; March short, combined
        kind = "combined" if mo == 3 else "regular"
        end = "15:00" if mo == 3 else "16:00"  # 90 min: short for combined
        ids.append(add(db, f"2026-{mo:02d}-05T13:30+07:00",
                       f"2026-{mo:02d}-05T{end}+07:00", kind))
    for i in ids:
        ok(chibo("meeting", "attendance", str(i), "--member", str(who),
                 "--status", "absent_unexcused", db=db))
    j = check(db, env={"CHIBO_TODAY": "2026-04-10"})
    assert j["through"] == "2026-03", j
    codes = {(f["code"], f["period"]) for f in j["items"]}
    assert ("duration_short", "2026-03") in codes, codes
    assert ("member_absent_3_months", "2026") in codes, codes
    assert not any(c == "regular_missing" for c, _ in codes), codes
    absent = [f for f in j["items"]
              if f["code"] == "member_absent_3_months"]
    assert absent[0]["member_id"] == who and absent[0]["member_name"]
    assert j["counts"]["duration_short"] == 1, j["counts"]
    # April ends without a meeting: found by the refresh.
    r = ok(chibo("check", "meetings", "--year", "2026", "--org", "CB-VP-2",
                 "--refresh", db=db, env={"CHIBO_TODAY": "2026-05-02"}))
    assert "1 organisation(s) refreshed" in r.out, r.out
    j = check(db, env={"CHIBO_TODAY": "2026-05-02"})
    assert j["through"] == "2026-04", j
    assert ("regular_missing", "2026-04") in \
        {(f["code"], f["period"]) for f in j["items"]}, j
    # Text, both languages.
    r = ok(chibo("check", "meetings", "--year", "2026", "--org", "CB-VP-2",
                 db=db, env={"CHIBO_TODAY": "2026-05-02"}))
    assert "regular_missing" in r.out and \
        "Chi bộ không sinh hoạt thường kỳ trong tháng 2026-04." in r.out, \
        r.out
    r = ok(chibo("check", "meetings", "--year", "2026", "--org", "CB-VP-2",
                 db=db, env={"CHIBO_TODAY": "2026-05-02"}, lang="en"))
    assert "The cell held no regular meeting in 2026-04." in r.out, r.out


@test
def usage_errors():
    db = setup_db("check_cli_usage")
    fail(chibo("check", "meetings", db=db), 2)
    fail(chibo("check", "meetings", "--year", "20x6", db=db), 2)
    fail(chibo("check", "meetings", "--year", "2026", "--format", "xml",
               db=db), 2)
    fail(chibo("check", "meetings", "--year", "2026", "--org", "NOPE",
               db=db))
    assert "meetings" in ok(chibo("check", "--help")).out


if __name__ == "__main__":
    main()
