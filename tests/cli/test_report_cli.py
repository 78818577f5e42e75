#!/usr/bin/env python3
"""chibo report classification on one backend (argv[1]), on the demo's
evaluations: CSV to standard output (one row per evaluation, the levels'
JSON names), --org by code or id, --output FILE for the XLSX and the PDF
(read back: the workbook's sheets, pdftotext's header, number and title),
and bad options as usage errors (exit 2) or errors (exit 1).  chibo demo
--no-evaluations leaves them out (an empty report); with them, the
dashboard's kept figures count them (chibo dashboard check).
"""
import csv
import io
import json
import os
import subprocess
import tempfile
import zipfile

from clilib import chibo, fail, fresh_db, main, ok, test

HEAD = ["year", "subject", "id", "name", "org_id", "org_name",
        "computed_level", "reasons", "proposed_level", "decided_level",
        "decided_reason", "differs"]


def setup_db(name, *extra):
    db = fresh_db(name)
    ok(chibo("init", db=db))
    ok(chibo("demo", "--seed", "1", "--no-meetings", "--no-inspections",
             *extra, db=db))
    return db


def rows_of(out):
    assert out.startswith("\ufeff"), out[:10]
    return list(csv.reader(io.StringIO(out[1:], newline="")))


@test
def formats():
    db = setup_db("report_cli")
    r = ok(chibo("report", "classification", "--org", "DB-BDTTG", "--year",
                 "2025", "--format", "csv", db=db))
    rows = rows_of(r.out)
    assert rows[0] == HEAD, rows[0]
    body = rows[1:]
    assert len(body) > 300, len(body)
    assert {w[1] for w in body} == {"member", "org"}
    assert all(w[0] == "2025" and w[9] in ("htxs", "htt", "ht", "kht",
                                           "not_classified")
               for w in body), body[:3]
    org_id = next(w[4] for w in body if w[1] == "member")
    # The root's id gives the same.
    ids = ok(chibo("org", "show", "DB-BDTTG", "--json", db=db)).out
    rid = str(json.loads(ids)["id"])
    same = ok(chibo("report", "classification", "--org", rid, "--year",
                    "2025", "--format", "csv", db=db))
    assert same.out == r.out
    assert org_id
    with tempfile.TemporaryDirectory() as d:
        x = os.path.join(d, "r.xlsx")
        ok(chibo("report", "classification", "--org", "DB-BDTTG", "--year",
                 "2025", "--format", "xlsx", "--output", x, db=db))
        z = zipfile.ZipFile(x)
        wb = z.read("xl/workbook.xml").decode()
        for name in ("Tổng hợp", "Đảng viên", "Tổ chức đảng",
                     "Tỷ lệ xuất sắc", "Khác mức tính"):
            assert f'name="{name}"' in wb, (name, wb)
        p = os.path.join(d, "r.pdf")
        ok(chibo("report", "classification", "--org", "DB-BDTTG", "--year",
                 "2025", "--format", "pdf", "--output", p, db=db))
        t = subprocess.run(["pdftotext", p, "-"], check=True,
                           capture_output=True, text=True).stdout
        t = " ".join(t.split())
        for s in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số …-BC/ĐU",
                  "TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN NĂM 2025", body[0][3]):
            assert s in t, (s, t[:2000])


@test
def demo_keeps_the_dashboard():
    """The demo's evaluations are counted into the dashboard's kept
    figures as it writes them: a recount finds the same."""
    db = setup_db("report_cli_dash")
    r = ok(chibo("dashboard", "check", db=db))
    assert "kept == recounted" in r.out, r
    j = json.loads(ok(chibo("dashboard", "--year", "2025", "--json",
                            db=db)).out)
    assert j["members"]["classified"] > 300 and \
        j["members"]["pending"] == 0, j["members"]


@test
def errors():
    db = setup_db("report_cli_err", "--no-evaluations")
    # No evaluation: the header alone.
    r = ok(chibo("report", "classification", "--org", "DB-BDTTG", "--year",
                 "2025", "--format", "csv", db=db))
    assert rows_of(r.out) == [HEAD], r.out
    for args in (["--year", "2025", "--format", "csv"],
                 ["--org", "DB-BDTTG", "--format", "csv"],
                 ["--org", "DB-BDTTG", "--year", "2025"],
                 ["--org", "DB-BDTTG", "--year", "2025", "--format", "doc"],
                 ["--org", "DB-BDTTG", "--year", "abc", "--format", "csv"],
                 ["--org", "DB-BDTTG", "--year", "2025", "--format", "csv",
                  "extra"]):
        fail(chibo("report", "classification", *args, db=db), 2)
    fail(chibo("report", "classification", "--org", "KHONG-CO", "--year",
               "2025", "--format", "csv", db=db), 1)
    fail(chibo("report", "nothing", db=db), 2)
    r = ok(chibo("report", "classification", "--help"))
    assert "--format xlsx|pdf|csv" in r.out, r.out


if __name__ == "__main__":
    main()
