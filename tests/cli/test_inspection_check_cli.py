#!/usr/bin/env python3
"""chibo check inspection on one backend (argv[1]), on the demo (its term
2025-2030, inspections, recommendations, self-inspections): the JSON is
the API's answer (codes, counts, coverage, the coverage map), the text
names the committee, the term, the percentages against the targets and
each finding with its message (Vietnamese; English with CHIBO_LANG=en),
--org takes a code, a past year is judged on its 31 December, --report
writes the year's report (PDF or XLSX), and bad options are usage errors
(exit 2) or errors (exit 1).
"""
import os
import tempfile

from clilib import chibo, fail, fresh_db, js, main, ok, test

CODES = ("not_covered_in_term", "self_inspection_missing",
         "recommendation_overdue")


def setup_db(name):
    db = fresh_db(name)
    ok(chibo("init", db=db))
    ok(chibo("demo", "--seed", "1", "--no-meetings", db=db))
    return db


@test
def json_and_text():
    db = setup_db("insp_check_cli")
    j = js(chibo("check", "inspection", "--year", "2026", "--format",
                 "json", db=db))
    assert j["org_name"] == "Đảng bộ Bộ Dân tộc và Tôn giáo", j
    assert set(j["counts"]) == set(CODES), j["counts"]
    for code in CODES:
        assert j["counts"][code] == \
            sum(1 for f in j["items"] if f["code"] == code) > 0, code
    cov = j["coverage"]
    assert cov["in_term"]["counted"] == len(j["orgs"]) > 0, cov
    covered = sum(1 for o in j["orgs"] if o["covered"])
    assert cov["in_term"]["covered"] == covered, cov
    assert cov["in_term_pct"] == \
        ((covered * 1000 + len(j["orgs"]) // 2) // len(j["orgs"])) / 10
    assert cov["targets"] == {"in_term_pct": 100,
                              "self_inspection_pct": 100}, cov
    # The same with --org by code.
    same = js(chibo("check", "inspection", "--year", "2026", "--org",
                    "DB-BDTTG", "--format", "json", db=db))
    assert same == j
    # Text: head, percentages, a row per organisation, the findings.
    r = ok(chibo("check", "inspection", "--year", "2026", db=db))
    assert "term 2025–2030 (2025-07-01 to 2030-06-30)" in r.out, r.out
    assert f"inspected in term      {cov['in_term_pct']:.1f} % " \
        "(target 100 %)" in r.out, r.out
    assert "not_covered_in_term" in r.out and \
        "Tổ chức đảng chưa tự kiểm tra, giám sát đảng viên trong năm " \
        "2026." in r.out, r.out
    for o in j["orgs"]:
        assert o["name"] in r.out, o
    r = ok(chibo("check", "inspection", "--year", "2026", db=db,
                 lang="en"))
    assert "The organisation has not inspected and supervised its " \
        "members itself in 2026." in r.out, r.out
    # A past year: judged on its 31 December.
    p = js(chibo("check", "inspection", "--year", "2025", "--format",
                 "json", db=db))
    assert p["on"] == "2025-12-31" and p["term"]["months_left"] == 55, p
    # The year's report.
    for ext, magic in (("pdf", b"%PDF-"), ("xlsx", b"PK")):
        path = os.path.join(tempfile.gettempdir(),
                            f"insp-report-{os.getpid()}.{ext}")
        ok(chibo("check", "inspection", "--year", "2026", "--report",
                 path, db=db))
        with open(path, "rb") as f:
            assert f.read(len(magic)) == magic, ext
        os.unlink(path)


@test
def usage_errors():
    db = setup_db("insp_check_cli_usage")
    fail(chibo("check", "inspection", db=db), 2)
    fail(chibo("check", "inspection", "--year", "20x6", db=db), 2)
    fail(chibo("check", "inspection", "--year", "1800", db=db), 2)
    fail(chibo("check", "inspection", "--year", "2026", "--format", "xml",
               db=db), 2)
    fail(chibo("check", "inspection", "--year", "2026", "extra", db=db), 2)
    fail(chibo("check", "inspection", "--year", "2026", "--org", "NOPE",
               db=db))
    assert "inspection" in ok(chibo("check", "--help")).out
    assert "--report FILE" in ok(chibo("check", "inspection",
                                       "--help")).out


if __name__ == "__main__":
    main()
