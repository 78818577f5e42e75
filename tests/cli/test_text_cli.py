#!/usr/bin/env python3
"""Control characters and the command line, on one backend (argv[1])
(issue 12 finding 4): what the CLI takes in is refused like the API's
input (control and bidirectional formatting characters, by field and
position), and what it prints never holds one raw -- not even a value
stored before the check existed (written here behind chibo's back) --
while its JSON still means the same text.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "api"))
from apilib import sql  # noqa: E402

from clilib import BACKEND, chibo, fail, fresh_db, js, main, ok, test  # noqa

RAW = ["\x1b", "\x07", "\x9b", "\u202e", "\u2066"]


def no_raw_controls(text, what):
    for ch in RAW:
        assert ch not in text, (what, repr(ch), text[:2000])


def demo_db(name):
    db = fresh_db(name)
    ok(chibo("init", db=db))
    ok(chibo("demo", "--seed", "1", db=db))
    return db


def chr_sql(code):
    return f"char({code})" if BACKEND == "sqlite" else f"chr({code})"


@test
def old_data_is_printed_escaped():
    db = demo_db("textcli")
    oid = sql(db, "SELECT id FROM org WHERE code = 'CB-VP-1'")[0][0]
    # Old data: an ESC sequence and a BEL in a decision number, a bidi
    # override in the organisation's name.
    doc = (f"'QĐ' || {chr_sql(27)} || '[2J' || {chr_sql(27)} || '[31mĐỎ'"
           f" || {chr_sql(7)}")
    sql(db, f"UPDATE org_event SET doc_no = {doc} WHERE org_id = {oid}")
    sql(db, f"UPDATE org SET name = name || {chr_sql(0x202E)} || 'ab' "
            f"WHERE id = {oid}")
    n = sql(db, f"SELECT count(*) FROM org_event WHERE org_id = {oid}")
    assert int(n[0][0]) > 0, n
    r = ok(chibo("org", "history", "CB-VP-1", db=db))
    no_raw_controls(r.out, "org history")
    assert "\\u001b[2J" in r.out and "\\u0007" in r.out, r.out
    for args in (("org", "show", "CB-VP-1"), ("org", "list"),
                 ("org", "stats", "CB-VP-1")):
        r = ok(chibo(*args, db=db))
        no_raw_controls(r.out, args)
        no_raw_controls(r.err, args)
    assert "\\u202e" in ok(chibo("org", "show", "CB-VP-1", db=db)).out
    # JSON: still valid, and it means the stored text.
    h = js(chibo("org", "history", "CB-VP-1", "--json", db=db))
    raw = ok(chibo("org", "history", "CB-VP-1", "--json", db=db)).out
    no_raw_controls(raw, "org history --json")
    docs = [e.get("doc_no") for e in h["items"]] if isinstance(h, dict) \
        else [e.get("doc_no") for e in h]
    assert any(d and "\x1b[2J" in d for d in docs), docs
    # An error message that echoes a value escapes it too.
    r = fail(chibo("org", "show", "X\x1b[2J", db=db))
    no_raw_controls(r.err, "error message")


@test
def cli_input_refuses_control_characters():
    db = demo_db("textcli_in")
    r = fail(chibo("org", "edit", "CB-VP-1", "--name", "Chi bộ\x1b[31m",
                   db=db, lang="en"))
    assert "U+001B" in r.err and "position 7" in r.err, r
    no_raw_controls(r.err, "org edit")
    r = fail(chibo("member", "add", "--full-name", "Nguyễn\u202e Văn A",
                   "--gender", "male", "--birth-date", "1990-01-01",
                   "--admitted-on", "2015-01-01", "--status", "official",
                   "--official-on", "2016-01-01", "--org", "CB-VP-1",
                   db=db))
    assert "U+202E" in r.err, r
    r = fail(chibo("user", "add", "nguoimoi", "--role", "viewer",
                   "--org", "CB-VP-1", "--name", "Người\x07 Mới",
                   "--password-stdin", db=db,
                   stdin="mat-khau-rat-dai-2026\n"))
    assert "U+0007" in r.err, r
    # White space controls are white space.
    ok(chibo("org", "edit", "CB-VP-1", "--name", "Chi bộ\tVăn phòng 1",
             db=db))
    assert js(chibo("org", "show", "CB-VP-1", "--json", db=db))["name"] \
        == "Chi bộ Văn phòng 1"


@test
def messages_before_the_command_are_escaped_too():
    """What was typed and is shown back before a command runs -- a
    command that is none, a configuration file that cannot be read -- is
    escaped like every other output."""
    r = fail(chibo("bad\x1b[31mcmd\u202e", db="unused.db"), code=2)
    assert "bad\\u001b[31mcmd\\u202e" in r.err, r
    no_raw_controls(r.err, "not a command")
    r = fail(chibo("--config", "missing\x1b]0;x\x07.conf", "org", "list",
                   db="unused.db"), code=2)
    assert "missing\\u001b]0;x\\u0007.conf" in r.err, r
    no_raw_controls(r.err, "--config")


@test
def empty_register_import_refuses_control_characters():
    """The fast path (a CSV into an empty register) judges the characters
    of each cell like the row path: every row, every field, nothing
    written."""
    db = fresh_db("textcli_fast")
    ok(chibo("init", db=db))
    ok(chibo("org", "add", "--kind", "grassroots_cell", "--name",
             "Chi bộ cơ sở", "--code", "CBCS", "--from", "2020-01-01",
             db=db))
    head = ("full_name,gender,birth_date,ethnicity,citizen_id,admitted_on,"
            "official_on,status,org_code,dossier_no")
    rows = [
        "Nguyễn Văn Một,male,1990-01-02,Kinh,001090000001,2015-03-10,"
        "2016-03-10,official,CBCS,LL\x1b[31m01",
        "Trần\u202e Thị Hai,female,1991-01-02,Kinh,001191000002,"
        "2015-03-10,2016-03-10,official,CBCS,LL02",
        "Lê Văn Ba,male,1992-01-02,Kinh,001092000003,2015-03-10,"
        "2016-03-10,official,CBCS,LL03",
    ]
    path = os.path.join(os.environ.get("TMPDIR", "/tmp"),
                        f"chibo-textcli-{os.getpid()}.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join([head] + rows) + "\n")
    try:
        r = fail(chibo("import", "members", path, db=db, lang="en"))
    finally:
        os.unlink(path)
    assert "U+001B" in r.err and "U+202E" in r.err, r
    no_raw_controls(r.err, "import errors")
    assert js(chibo("member", "list", "--json", db=db))["items"] == [], r


if __name__ == "__main__":
    sys.exit(main())
