#!/usr/bin/env python3
"""chibo meeting pdf|ics|report on one backend (argv[1]): the minutes and
the resolution as PDF files (read back with pdftotext: the header, the
title, names with their tone marks, the date line; a paragraph longer
than a page broken between pages line by line, none lost), the calendar
feed on standard output, the monthly report as a workbook, and usage
errors (exit 2) and bad input (exit 1, the field named, nothing written).
"""
import os
import sys
import re
import subprocess
import tempfile
import zipfile

from clilib import chibo, fail, fresh_db, js, main, ok, test

TMP = tempfile.mkdtemp(prefix="chibo-mdoc-")


def demo_db(name):
    db = fresh_db(name)
    ok(chibo("init", db=db))
    ok(chibo("demo", "--seed", "1", db=db))
    return db


def pages_text(path):
    info = subprocess.run(["pdfinfo", path], check=True, capture_output=True,
                          text=True).stdout
    n = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i),
                            "-layout", path, "-"], check=True,
                           capture_output=True, text=True).stdout
            for i in range(1, n + 1)]


@test
def pdf_ics_report():
    db = demo_db("meeting_docs_cli")
    members = js(chibo("member", "list", "--json", "--org", "CB-VP-1",
                       db=db))["items"]
    # Guests long enough to run over a page: numbered words, so that
    # the order and the count can be checked across the break.
    words = [f"khách{i:03d}" for i in range(400)]
    r = ok(chibo("meeting", "add", "--org", "CB-VP-1", "--kind", "combined",
                 "--topic", "Nghị quyết Trung ương về xây dựng Đảng",
                 "--starts-at", "2026-06-04T14:00+07:00", "--ends-at",
                 "2026-06-04T17:00+07:00", "--status", "held", "--place",
                 "Phòng họp số 1", "--guests", " ".join(words), db=db))
    mid = r.out.split()[2]
    path = os.path.join(TMP, "bb.pdf")
    r = ok(chibo("meeting", "pdf", mid, "--minutes", "-o", path, db=db))
    assert r.out == "", r.out
    pages = pages_text(path)
    assert len(pages) >= 2, len(pages)
    first = re.sub(r"\s+", " ", pages[0])
    for want in ("ĐẢNG BỘ VĂN PHÒNG BỘ", "CHI BỘ PHÒNG HÀNH CHÍNH",
                 "ĐẢNG CỘNG SẢN VIỆT NAM", "ngày 04 tháng 06 năm 2026",
                 "BIÊN BẢN", "SINH HOẠT CHI BỘ THƯỜNG KỲ KẾT HỢP CHUYÊN ĐỀ "
                 "THÁNG 6/2026", "Chuyên đề: Nghị quyết Trung ương",
                 "bắt đầu lúc 14 giờ 00 phút"):
        assert want in first, (want, first)
    got = re.findall(r"khách\d{3}", "\n".join(pages))
    assert got == words, (len(got), got[:3], got[-3:])
    # The paragraph breaks between pages: it starts on page 1 and goes
    # on, line by line, on page 2.
    on1 = re.findall(r"khách\d{3}", pages[0])
    on2 = re.findall(r"khách\d{3}", pages[1])
    assert on1 and on2 and on1[0] == "khách000", (on1[:1], on2[:1])
    assert on2[0] == f"khách{len(on1):03d}", (on1[-1], on2[0])
    # The resolution to standard output.
    r = subprocess.run([os.environ.get("CHIBO_BIN", "build/chibo"),
                        "--db", db, "meeting", "pdf", mid, "--resolution"],
                       capture_output=True, env=dict(os.environ))
    assert r.returncode == 0 and r.stdout.startswith(b"%PDF-"), r.stderr
    # The feed.
    r = ok(chibo("meeting", "ics", "--org", "CB-VP-1", db=db))
    assert r.out.startswith("BEGIN:VCALENDAR"), r.out[:40]
    assert f"UID:meeting-{mid}@chibo" in r.out, r.out
    assert "DTSTART:20260604T070000Z" in r.out, r.out
    r = ok(chibo("meeting", "ics", "--member", str(members[0]["id"]),
                 db=db))
    assert f"UID:meeting-{mid}@chibo" in r.out, r.out
    # The report.
    x = os.path.join(TMP, "bc.xlsx")
    ok(chibo("meeting", "report", "--org", "DBCS-VP", "--month", "2026-06",
             "-o", x, db=db))
    sheet = zipfile.ZipFile(x).read("xl/worksheets/sheet1.xml").decode()
    assert "Chi bộ Phòng Hành chính" in sheet and "CB-VP-1" in sheet, sheet


@test
def usage_and_bad_input():
    db = demo_db("meeting_docs_cli_bad")
    fail(chibo("meeting", "pdf", "1", db=db), code=2)       # which one?
    fail(chibo("meeting", "pdf", "--minutes", db=db), code=2)
    fail(chibo("meeting", "pdf", "1", "--minutes", "--resolution", db=db),
         code=2)
    fail(chibo("meeting", "ics", db=db), code=2)
    fail(chibo("meeting", "ics", "--org", "CB-VP-1", "--member", "1",
               db=db), code=2)
    fail(chibo("meeting", "report", "--org", "DBCS-VP", "--month",
               "2026-06", db=db), code=2)               # no -o
    out = os.path.join(TMP, "never.pdf")
    r = fail(chibo("meeting", "pdf", "999", "--minutes", "-o", out, db=db))
    assert "Không tìm thấy cuộc họp" in r.err, r.err
    assert not os.path.exists(out)
    x = os.path.join(TMP, "never.xlsx")
    r = fail(chibo("meeting", "report", "--org", "DBCS-VP", "--month",
                   "2026-13", "-o", x, db=db, lang="en"))
    assert "month" in r.err and "Invalid month" in r.err, r.err
    assert not os.path.exists(x)
    r = ok(chibo("meeting", "pdf", "--help", db=db))
    assert "--minutes|--resolution" in r.out, r.out


if __name__ == "__main__":
    sys.exit(main())
