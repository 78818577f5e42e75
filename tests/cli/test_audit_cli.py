#!/usr/bin/env python3
"""The audit trail from the command line, on one backend (argv[1]): the
command line acts as cli:USER@HOST -- the operating-system account from the
system's user database and the host name, whatever $USER says, never
cli:unknown; `chibo audit list` shows labels, display names and
dd/mm/yyyy HH:MM times, and filters by account and dates.
"""
import os
import pwd
import re
import socket
import sys

from clilib import chibo, fail, fresh_db, js, main, ok, test


def demo_db(name):
    db = fresh_db(name)
    ok(chibo("init", db=db))
    ok(chibo("demo", "--seed", "1", db=db))
    return db


def members(db, *extra):
    return js(chibo("member", "list", "--json", "--limit", "200", *extra,
                    db=db))["items"]


EXPECTED = "cli:%s@%s" % (pwd.getpwuid(os.geteuid()).pw_name,
                          socket.gethostname())


@test
def the_command_line_records_the_system_account_and_host():
    db = demo_db("audit_actor")
    m = members(db, "--org", "CB-VP-1")[0]
    mid = str(m["id"])
    # $USER is not trusted, nor needed.
    for env in ({"USER": "mallory"}, {"USER": ""}, {"USER": "unknown"}):
        ok(chibo("member", "edit", mid, "--phone", "0987 000 00" +
                 str(len(env["USER"]) % 10), db=db, env=env))
    got = js(chibo("audit", "list", "--member", mid, "--action",
                   "member.update", "--json", db=db))
    assert len(got) == 3, got
    for e in got:
        assert e["actor"] == EXPECTED, (e["actor"], EXPECTED)
        assert e["actor"] != "cli:unknown" and "mallory" not in e["actor"]
        assert e["actor_name"] is None and e["user_id"] is None, e
        assert e["label"] == "Cập nhật hồ sơ", e
    # Nothing in the whole trail is cli:unknown.
    trail = js(chibo("audit", "list", "--json", "--limit", "1000", db=db))
    assert trail and all(e["actor"] != "cli:unknown" for e in trail)
    ok(chibo("audit", "verify", db=db))


@test
def audit_list_is_readable_and_filters():
    db = demo_db("audit_list")
    m = members(db, "--org", "CB-VP-1")[0]
    mid = str(m["id"])
    ok(chibo("member", "edit", mid, "--phone", "0987 654 321", db=db))
    ok(chibo("member", "show", mid, db=db))
    r = ok(chibo("audit", "list", "--member", mid, db=db))
    lines = r.out.splitlines()
    assert len(lines) >= 2, r
    # Newest first: the view, then the update; time in dd/mm/yyyy HH:MM.
    assert re.match(r"\s*\d+  \d\d/\d\d/\d{4} \d\d:\d\d  " +
                    re.escape(EXPECTED) + r"\s+Xem hồ sơ: " +
                    re.escape(m["full_name"]) + r"  \[member\.view "
                    r"member \d+\]$", lines[0]), lines
    assert f"Cập nhật hồ sơ: {m['full_name']}  [member.update" in \
        lines[1], lines
    r = ok(chibo("audit", "list", "--member", mid, db=db, lang="en"))
    assert "Viewed the record" in r.out and \
        "Updated the record" in r.out, r
    # By account and by dates (days in Asia/Ho_Chi_Minh, both included).
    mine = js(chibo("audit", "list", "--json", "--user", EXPECTED,
                    "--limit", "1000", db=db))
    assert mine and all(e["actor"] == EXPECTED for e in mine)
    assert js(chibo("audit", "list", "--json", "--user", "nobody",
                    db=db)) == []
    assert js(chibo("audit", "list", "--json", "--member", mid, "--to",
                    "01/01/2020", db=db)) == []
    got = js(chibo("audit", "list", "--json", "--member", mid, "--from",
                   "01/01/2020", db=db))
    assert [e["action"] for e in got][:3] == \
        ["member.view", "member.update", "member.create"], got
    fail(chibo("audit", "list", "--from", "31/02/2026", db=db), 2)
    r = ok(chibo("audit", "list", "--help"))
    for opt in ("--user", "--from", "--to", "cli:USER@HOST"):
        assert opt in r.out, (opt, r)


@test
def audit_head_line_and_verify_head():
    """`chibo audit head` prints "ID HASH [TIME]"; `audit verify --head`
    checks it is still in the chain; a head from the future (or another
    chain) fails; a line that is not a head is a usage error."""
    db = fresh_db("audit_head")
    ok(chibo("init", db=db))
    empty = ok(chibo("audit", "head", db=db)).out.strip()
    assert empty == "0 " + "0" * 64, empty
    ok(chibo("audit", "verify", "--head", empty, db=db))
    ok(chibo("demo", "--seed", "1", db=db))
    line = ok(chibo("audit", "head", db=db)).out.strip()
    m = re.fullmatch(r"(\d+) ([0-9a-f]{64}) "
                     r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", line)
    assert m and int(m.group(1)) >= 1, line
    r = ok(chibo("audit", "verify", db=db))
    assert f"head {m.group(1)} {m.group(2)}" in r.out, r
    ok(chibo("audit", "verify", "--head", line, db=db))
    ok(chibo("audit", "verify", "--head", empty, db=db))
    later = f"{int(m.group(1)) + 5} {m.group(2)}"
    r = fail(chibo("audit", "verify", "--head", later, db=db, lang="en"), 1)
    assert "(rewound)" in r.err, r
    other = f"{m.group(1)} {'a' * 64}"
    r = fail(chibo("audit", "verify", "--head", other, db=db, lang="en"), 1)
    assert "(rewritten)" in r.err, r
    for bad in ("", "abc", "1 " + "g" * 64, "-1 " + "0" * 64):
        fail(chibo("audit", "verify", "--head", bad, db=db), 2)
    r = ok(chibo("audit", "verify", "--help"))
    assert "--head" in r.out, r


if __name__ == "__main__":
    sys.exit(main())
