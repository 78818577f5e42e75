#!/usr/bin/env python3
"""Bulk loads through the built binary, on one backend (argv[1]: sqlite or
pg): the national demo's small scales (`chibo demo --scale test`), its CSV,
the import fast path (an empty register) against the row path, history of
bulk-loaded members, and the generator's memory.  The national scale itself
is too big for a test run: it is measured by hand (docs/import.md).

Environment as for test_cli.py (tests/meson.build sets it).
"""
import csv
import io
import os
import subprocess
import sys
import tempfile

from clilib import (BACKEND, BIN, TODAY, chibo, fail, fresh_db, js, main, ok,
                    run_env, test)

TMP = tempfile.mkdtemp(prefix="chibo-bulk-")


def new_db(name):
    db = fresh_db(name)
    ok(chibo("init", db=db))
    return db


def path(name):
    return os.path.join(TMP, f"{name}-{BACKEND}.csv")


def read_rows(text):
    """CSV rows as dicts, without the BOM."""
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def export(db):
    """Every member, by id, as the export writes them, without the
    timestamps a load sets."""
    rows = read_rows(ok(chibo("export", "members", "--state", "any",
                              "--sort", "id", "--headers", "keys",
                              db=db)).out)
    for r in rows:
        r["created_at"] = r["updated_at"] = ""
    return rows


def by_citizen(rows, drop=("id",)):
    return {r["citizen_id"]: {k: v for k, v in r.items() if k not in drop}
            for r in rows}


def name_order(db, *extra):
    """The whole list in Vietnamese name order (sort keys)."""
    out, cursor = [], None
    while True:
        args = ["member", "list", "--json", "--limit", "500"] + list(extra)
        if cursor:
            args += ["--cursor", cursor]
        page = js(chibo(*args, db=db))
        out += [(m["full_name"], m["citizen_id"]) for m in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            return out


def word_counts(db):
    """member_word_n's counts (members per word, place and state) above
    zero, and the same recounted from member_word's rows."""
    kept = ("SELECT word, pos, mstate, n FROM member_word_n WHERE n <> 0"
            " ORDER BY 1, 2, 3")
    recount = ("SELECT word, pos, mstate, count(DISTINCT member_id) FROM"
               " member_word GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")
    if BACKEND == "sqlite":
        import sqlite3
        con = sqlite3.connect(db)
        try:
            return ([tuple(r) for r in con.execute(kept)],
                    [tuple(r) for r in con.execute(recount)])
        finally:
            con.close()
    got = []
    for q in (kept, recount):
        out = subprocess.run(["psql", "-qAtX", "-F", "|", db, "-c", q],
                             check=True, capture_output=True, text=True)
        got.append([tuple(int(x) if i >= 3 or (i == 1) else x
                          for i, x in enumerate(line.split("|")))
                    for line in out.stdout.splitlines()])
    return got[0], got[1]


def word_rows(db):
    """member_word's rows, without the member ids (which the row path
    and the bulk path give differently), in key order: the words the
    bulk path splits (backend's STMT_MWORD_FILL) against the row
    path's (mword_next)."""
    q = ("SELECT word, pos, off, mstate, wname, count(*) FROM member_word"
         " GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5")
    if BACKEND == "sqlite":
        import sqlite3
        con = sqlite3.connect(db)
        try:
            return [tuple(r) for r in con.execute(q)]
        finally:
            con.close()
    out = subprocess.run(["psql", "-qAtX", "-F", "|", db, "-c", q],
                         check=True, capture_output=True, text=True)
    return [tuple(int(x) if i in (1, 2, 5) else x
                  for i, x in enumerate(line.split("|")))
            for line in out.stdout.splitlines()]


def orgs(db):
    return js(chibo("org", "list", "--json", "--all", db=db))




# ------------------------------------------------------------------ demo

@test
def national_demo_options():
    r = ok(chibo("demo", "--help"))
    assert "--scale" in r.out and "--orgs-only" in r.out, r
    db = new_db("opts")
    fail(chibo("demo", "--scale", "galaxy", db=db), 2)
    fail(chibo("demo", "--csv", path("x"), db=db), 2)      # agency: no
    fail(chibo("demo", "--orgs-only", db=db), 2)


@test
def test_scale_is_deterministic():
    dumps = []
    for name in ("det_a", "det_b"):
        db = new_db(name)
        r = ok(chibo("demo", "--scale", "test", "--seed", "3", "--csv",
                     path(name), db=db))
        assert "organisations" in r.out and "3 accounts" in r.out, r
        with open(path(name), "rb") as f:
            dumps.append((f.read(), export(db), orgs(db)))
    assert dumps[0][0] == dumps[1][0]              # the same CSV bytes
    assert dumps[0][1] == dumps[1][1]              # the same members
    assert dumps[0][2] == dumps[1][2]              # the same tree
    assert len(dumps[0][1]) > 300
    db = new_db("det_c")
    ok(chibo("demo", "--scale", "test", "--seed", "4", "--csv",
             path("det_c"), db=db))
    with open(path("det_c"), "rb") as f:
        assert f.read() != dumps[0][0]


@test
def test_scale_tree_and_members():
    db = new_db("tree")
    ok(chibo("demo", "--scale", "test", "--csv", path("tree"), db=db))
    tree = orgs(db)
    kinds = {}
    for o in tree:
        kinds[o["kind"]] = kinds.get(o["kind"], 0) + 1
    assert kinds["central"] == 1 and kinds["province"] == 2, kinds
    assert kinds["upper_grassroots"] == 4, kinds
    assert kinds.get("cell", 0) > 0 and kinds.get("grassroots_cell", 0) > 0
    assert kinds.get("sub_committee", 0) > 0, kinds
    assert len({o["code"] for o in tree}) == len(tree)      # unique codes
    assert any(o["name"].startswith("Đảng bộ xã ") or
               o["name"].startswith("Đảng bộ phường ") for o in tree)
    rows = export(db)
    # Highland Lai Châu and the Mekong's Cà Mau: their own peoples.
    eth = {r["ethnicity"] for r in rows}
    assert {"Kinh", "Thái", "Mông"} <= eth, eth
    # The CSV file is the export (without the timestamps).
    with open(path("tree"), encoding="utf-8") as f:
        assert read_rows(f.read()) == rows
    # Accounts: admin and one office per province.
    users = js(chibo("user", "list", "--json", db=db))
    names = sorted(u["username"] for u in users)
    assert names == ["admin", "vp.t07", "vp.t33"], names
    # The figures are built and right.
    root = [o for o in tree if o["kind"] == "central"][0]
    st = js(chibo("org", "stats", root["code"], "--json", db=db))
    assert st["members"] == len(rows), st


# --------------------------------------------------------------- import

def demo_csv(name):
    """A database with the test-scale organisations and the CSV of its
    members (not stored)."""
    db = new_db(name)
    ok(chibo("demo", "--scale", "test", "--orgs-only", "--csv", path(name),
             db=db))
    return db


def row_path_db(name):
    """The same, with a member row (deleted) so that imports take the
    row path."""
    db = demo_csv(name)
    tree = orgs(db)
    cell = [o for o in tree if o["kind"] in ("cell", "grassroots_cell")][0]
    r = ok(chibo("member", "add", "--full-name", "Tạm Thời", "--gender",
                 "male", "--birth-date", "1980-01-01", "--admitted-on",
                 "2010-01-01", "--official-on", "2011-01-01", "--status",
                 "official", "--org", cell["code"], db=db))
    ok(chibo("member", "delete", r.out.split()[2], db=db))
    return db


@test
def fast_import_equals_row_path_and_full_load():
    fast = demo_csv("fast")
    rowp = row_path_db("rowp")
    full = new_db("full")
    ok(chibo("demo", "--scale", "test", db=full))
    r = ok(chibo("import", "members", path("fast"), db=fast, lang="en"))
    n = len(read_rows(open(path("fast"), encoding="utf-8").read()))
    assert f"imported {n} rows (csv): {n} created" in r.out, r
    ok(chibo("import", "members", path("rowp"), db=rowp))
    a, b, c = export(fast), export(rowp), export(full)
    assert a == c                                  # ids and all
    assert by_citizen(a) == by_citizen(b)          # the same members
    # The same keys: the same name order, the same searches.
    assert name_order(fast) == name_order(rowp) == name_order(full)
    for q in ("nguyen", "thi", "lo van", "hoang"):
        assert name_order(fast, "--q", q) == name_order(rowp, "--q", q), q
    # The search's word counts: the bulk path counts them as the rows
    # go by, the row path member by member; both equal a recount from
    # the word rows, and each other.
    counts = {}
    for name, db in (("fast", fast), ("rowp", rowp), ("full", full)):
        kept, recount = word_counts(db)
        assert kept and kept == recount, (name, kept[:5], recount[:5])
        counts[name] = kept
    assert counts["fast"] == counts["rowp"] == counts["full"]
    # The word rows themselves: split in SQL by the bulk path, in C by
    # the row path, the same words at the same places and offsets.
    words = word_rows(fast)
    assert words and words == word_rows(rowp) == word_rows(full)
    assert any(w[1] == 2 for w in words) and any(w[2] > 0 for w in words)
    # The same figures.
    for o in orgs(fast):
        if o["kind"] in ("central", "province", "upper_grassroots"):
            sa = js(chibo("org", "stats", o["code"], "--json", db=fast))
            sb = js(chibo("org", "stats", o["code"], "--json", db=rowp))
            for k in ("as_of", "updated_at", "org", "org_id"):
                sa.pop(k, None)
                sb.pop(k, None)
            assert sa == sb, (o["code"], sa, sb)
    # One batch, one audit entry with the file's hash; none per row.
    acts = [e["action"] for e in js(chibo("audit", "list", "--json",
                                           "--limit", "1000", db=fast))]
    assert acts.count("member.import") == 1 and "member.create" not in acts
    e = js(chibo("audit", "list", "--action", "member.import", "--json",
                 db=fast))[0]
    import hashlib
    with open(path("fast"), "rb") as f:
        want = hashlib.sha256(f.read()).hexdigest()
    assert e["detail"]["file_sha256"] == want, e
    assert e["detail"]["rows"] == n and e["detail"]["path"] == "bulk", e
    ok(chibo("audit", "verify", db=fast))
    # Importing again: the register is no longer empty, the row path
    # matches every row and changes nothing.
    r = ok(chibo("import", "members", path("fast"), db=fast, lang="en"))
    assert f"0 created, 0 updated, {n} unchanged" in r.out, r


@test
def bulk_member_history():
    db = demo_csv("hist")
    ok(chibo("import", "members", path("hist"), db=db))
    rows = export(db)
    off = [r for r in rows if r["status"] == "official"][0]
    h = js(chibo("member", "history", off["id"], "--json", db=db))
    kinds = [e["kind"] for e in h]
    assert kinds[:2] == ["admitted", "made_official"], kinds
    assert kinds[-1] == "record_created", kinds
    rc = h[-1]
    assert rc["on"] == TODAY and rc["recorded_by"].startswith("cli:"), rc
    assert h[0]["on"] == off["admitted_on"], h
    assert h[1]["on"] == off["official_on"], h
    # A correction later: the admission stays as it was when recorded.
    ok(chibo("member", "edit", off["id"], "--admitted-on",
             off["admission_decision_date"], "--official-on", "", "--status",
             "probationary", db=db))
    h = js(chibo("member", "history", off["id"], "--json", db=db))
    adm = [e for e in h if e["kind"] == "admitted"]
    assert [e["on"] for e in adm] == [off["admitted_on"]], h
    # The full demo load: the same history from its batch.
    full = new_db("hist_full")
    ok(chibo("demo", "--scale", "test", db=full))
    h = js(chibo("member", "history", off["id"], "--json", db=full))
    assert [e["kind"] for e in h][-1] == "record_created", h


def edit_csv(src, dst, edits):
    """Copies the CSV src to dst applying edits {data row number (1 = the
    first member): {column: value}}; returns the rows."""
    with open(src, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    for n, cols in edits.items():
        for col, v in cols.items():
            rows[n][rows[0].index(col)] = v
    with open(dst, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    return rows


def report(r):
    """The lines of an import's error report that name a row."""
    return sorted(line.strip() for line in r.err.splitlines()
                  if line.strip().startswith("- ") or "dòng" in line)


@test
def fast_import_all_or_nothing():
    fast = demo_csv("bad_fast")
    rowp = row_path_db("bad_rowp")
    with open(path("bad_fast"), encoding="utf-8-sig") as f:
        first = list(csv.reader(f))
    head = first[0]
    cid = head.index("citizen_id")
    card = head.index("card_no")
    edits = {
        2: {"birth_date": "31/02/1990"},
        4: {"org_code": "KHONG-CO"},
        6: {"citizen_id": first[1][cid]},           # repeats row 2's
        8: {"gender": "X", "official_on": "2001-01-01"},
        10: {"birth_date": "2015-01-01"},            # too young
        12: {"full_name": "A" * 130},
        14: {"ethnicity": "Klingon"},
    }
    # A later row repeats the card number of a good row (a row that
    # cannot be read is not remembered, on either path).
    j = next(i for i in range(20, len(first)) if first[i][card])
    edits[j + 1] = {"card_no": first[j][card]}
    bad = path("bad")
    edit_csv(path("bad_fast"), bad, edits)
    r1 = fail(chibo("import", "members", bad, db=fast))
    r2 = fail(chibo("import", "members", bad, db=rowp))
    for n in edits:
        line = n + 1                                 # the header is line 1
        assert f"dòng {line}," in r1.err, (line, r1)
    assert "member.admission_age" in r1.err, r1
    assert report(r1) == report(r2), (report(r1), report(r2))
    assert export(fast) == []                        # nothing written
    acts = [e["action"] for e in js(chibo("audit", "list", "--json",
                                           db=fast))]
    assert "member.import" not in acts
    # --dry-run on the fast path: the same report, nothing written; a
    # good file is checked.
    r3 = fail(chibo("import", "members", bad, "--dry-run", db=fast))
    assert report(r3) == report(r1)
    r = ok(chibo("import", "members", path("bad_fast"), "--dry-run",
                 db=fast, lang="en"))
    assert "checked" in r.out and export(fast) == [], r


@test
def fast_import_gives_way_for_unnamed_repeats():
    """Rows without IDs that repeat a name and birth date: the row path
    merges them, so the fast path gives way to it."""
    db = demo_csv("merge")
    with open(path("merge"), encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    keep = [head] + rows[1:4]
    for r in keep[1:]:
        r[head.index("citizen_id")] = ""
        r[head.index("card_no")] = ""
    keep.append(list(keep[1]))
    keep[-1][head.index("job_title")] = "Giáo viên"
    p = path("merge2")
    with open(p, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(keep)
    r = ok(chibo("import", "members", p, db=db, lang="en"))
    assert "3 created, 1 updated" in r.out, r


@test
def national_demo_is_believable():
    """The national generator's members (test scale): no syllable twice
    in a name, qualifications and theory levels that agree with the age,
    the retired old enough, dossier numbers of one pattern, unique."""
    db = new_db("believable")
    ok(chibo("demo", "--scale", "test", "--orgs-only", "--csv",
             path("believable"), db=db))
    rows = read_rows(open(path("believable"), encoding="utf-8").read())
    assert len(rows) > 500, len(rows)
    seen = set()
    for r in rows:
        words = [w.lower() for w in r["full_name"].split()]
        assert len(set(words)) == len(words), r["full_name"]
        by, bm, bd = map(int, r["birth_date"].split("-"))
        ty, tm, td = map(int, TODAY.split("-"))
        age = ty - by - (1 if (tm, td) < (bm, bd) else 0)
        assert not (r["professional_level"] == "Tiến sĩ" and age < 28), r
        assert not (r["theory_level"] in ("Cao cấp", "Cử nhân") and
                    age < 33), r
        assert not (r["job_title"] == "Nghỉ hưu" and age < 55), r
        assert r["dossier_no"][:4].rstrip("-").isdigit() and \
            r["dossier_no"][3] == "-" and len(r["dossier_no"]) == 11 and \
            r["dossier_no"][4:].isdigit(), r["dossier_no"]
        seen.add(r["dossier_no"])
    assert len(seen) == len(rows)


@test
def imports_take_reference_values_by_code_or_label():
    """The reference lists' fields (religion, job title, education,
    professional and theory levels): a cell may hold a listed name, a
    code, an English name or an alias, in any case and without tone
    marks, and is stored as the listed name, on both paths; a value of
    no list is refused, naming the row, the field and the value."""
    spelled = {
        "religion": ("khong", "Không"),
        "job_title": ("chuyen vien chinh", "Chuyên viên chính"),
        "education": ("12_12", "12/12"),
        "professional_level": ("Thạc sỹ", "Thạc sĩ"),
        "theory_level": ("Cao cấp lý luận chính trị", "Cao cấp"),
    }
    coded = {
        "religion": ("buddhism", "Phật giáo"),
        "job_title": ("Teacher", "Giáo viên"),
        "education": ("10/10", "10/10"),
        "professional_level": ("DOCTOR", "Tiến sĩ"),
        "theory_level": ("intermediate", "Trung cấp"),
    }
    edits = {1: {k: v[0] for k, v in spelled.items()},
             2: {k: v[0] for k, v in coded.items()}}
    for how, db in (("fast", demo_csv("ref_fast")),
                    ("rowp", row_path_db("ref_rowp"))):
        src = path("ref_" + how)
        rows = edit_csv(src, path("ref_" + how + "_in"), edits)
        cid = rows[0].index("citizen_id")
        r = ok(chibo("import", "members", path("ref_" + how + "_in"),
                     db=db, lang="en"))
        got = by_citizen(export(db))
        for n, want in ((1, spelled), (2, coded)):
            m = got[rows[n][cid]]
            for k, (_, listed) in want.items():
                assert m[k] == listed, (how, n, k, m[k], listed)
        # Outside every list: refused, nothing written.
        bad = demo_csv("ref_bad_" + how) if how == "fast" else \
            row_path_db("ref_bad_" + how)
        edit_csv(path("ref_bad_" + how), path("ref_bad_" + how + "_in"),
                 {3: {"job_title": "Phi hành gia",
                      "theory_level": "Tiến sĩ"}})
        r = fail(chibo("import", "members", path("ref_bad_" + how + "_in"),
                       db=bad, lang="en"))
        assert "row 4" in r.err and "Phi hành gia" in r.err and \
            "Tiến sĩ" in r.err and "not in the reference list" in r.err, \
            (how, r.err)
        assert [m for m in export(bad) if m["full_name"] != "Tạm Thời"] \
            == [], how


@test
def every_problem_of_a_row_on_both_paths():
    """A row with a bad gender, no admission date and no official date
    gets three errors, the same on the fast and the row path (the same
    file)."""
    fast = demo_csv("every_fast")
    rowp = row_path_db("every_rowp")
    bad = path("every")
    edit_csv(path("every_fast"), bad, {
        3: {"gender": "X", "admitted_on": "", "official_on": "",
            "status": "official"}})
    r1 = fail(chibo("import", "members", bad, db=fast))
    r2 = fail(chibo("import", "members", bad, db=rowp))
    lines = [x for x in report(r1) if "dòng 4," in x]
    assert len(lines) == 3, report(r1)
    assert any("Giới tính" in x for x in lines) and \
        any("Ngày vào Đảng" in x for x in lines) and \
        any("Ngày chính thức" in x for x in lines), lines
    assert report(r1) == report(r2), (report(r1), report(r2))
    assert export(fast) == []


@test
def fast_path_check_token_and_audit():
    """The fast path: --dry-run prints a token that --token applies; the
    audit entry names the file, its hash, rows, created and updated."""
    db = demo_csv("tok_fast")
    r = ok(chibo("import", "members", path("tok_fast"), "--dry-run", db=db,
                 lang="en"))
    tok = [x for x in r.out.splitlines() if x.startswith("chibo: token: ")]
    assert len(tok) == 1, r
    tok = tok[0].split(": ", 2)[2]
    n = len(read_rows(open(path("tok_fast"), encoding="utf-8").read()))
    other = path("tok_other")
    edit_csv(path("tok_fast"), other, {1: {"job_title": "Kỹ sư"}})
    r = fail(chibo("import", "members", other, "--token", tok, db=db))
    assert "Mã kiểm tra không khớp" in r.err, r
    assert export(db) == []
    r = ok(chibo("import", "members", path("tok_fast"), "--token", tok,
                 db=db, lang="en"))
    assert f"imported {n} rows (csv): {n} created" in r.out, r
    e = js(chibo("audit", "list", "--action", "member.import", "--json",
                 db=db))[0]
    d = e["detail"]
    assert d["path"] == "bulk" and d["rows"] == n and d["created"] == n and \
        d["updated"] == 0 and d["file_name"] == os.path.basename(path("tok_fast")) and \
        d["batch_id"] == e["object_id"] and len(d["file_sha256"]) == 64, e
    ok(chibo("audit", "verify", db=db))


# ---------------------------------------------------------------- memory

def max_rss_kb(*args):
    """Runs chibo and returns its peak resident set (KiB)."""
    e = run_env({"ASAN_OPTIONS": "detect_leaks=0:quarantine_size_mb=0:"
             "malloc_context_size=2"})
    p = subprocess.Popen([BIN] + list(args), env=e, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    assert p.returncode == 0, (p.returncode, err)
    assert b"AddressSanitizer" not in err, err
    return ru.ru_maxrss, out.decode()


@test
def generator_memory_is_bounded():
    """The province scale (about 300,000 members) needs no more memory than
    the test scale (a few hundred): members are streamed, not held."""
    small = new_db("rss_small")
    big = new_db("rss_big")
    a, out_a = max_rss_kb("demo", "--scale", "test", "--orgs-only", "--csv",
                          os.devnull, "--db", small)
    b, out_b = max_rss_kb("demo", "--scale", "province", "--orgs-only",
                          "--csv", os.devnull, "--db", big)
    assert "members" in out_b, out_b
    n = int(out_b.split(" organisations, ")[1].split()[0])
    assert n > 250000, out_b
    # Holding the members would take hundreds of MB; the organisations
    # (18,000 of them) are in the database, whose page cache may grow.
    assert b - a < 96 * 1024, (a, b)


if __name__ == "__main__":
    sys.exit(main())
