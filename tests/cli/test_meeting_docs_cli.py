#!/usr/bin/env python3
"""chibo meeting pdf|ics|report on one backend (argv[1]): the minutes and
the resolution as PDF files (read back with pdftotext: the header, the
title, names with their tone marks, the date line; a paragraph longer
than a page broken between pages line by line, none lost), the calendar
feed on standard output, the monthly report as a workbook, and usage
errors (exit 2) and bad input (exit 1, the field named, nothing written).
"""
import json
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
def pdf_filled():
    """The PDFs filled from the store: the course with the speakers'
    names, the vote line, the resolution's number, tables and score;
    "DỰ THẢO" until approved; locked minutes marked, corrections in an
    annex; the next meeting's section I lists the tasks still open."""
    db = demo_db("meeting_docs_cli_filled")
    ms = js(chibo("member", "list", "--json", "--org", "CB-VP-1",
                  db=db))["items"]
    ids = [m["id"] for m in ms[:4]]
    names = [m["full_name"] for m in ms[:4]]

    def meeting(day):
        r = ok(chibo("meeting", "add", "--org", "CB-VP-1", "--kind",
                     "regular", "--starts-at", f"2026-{day}T14:00+07:00",
                     "--ends-at", f"2026-{day}T17:00+07:00", "--status",
                     "held", "--chair", str(ids[0]), "--secretary",
                     str(ids[1]), db=db))
        mid = r.out.split()[2]
        for i in ids:
            ok(chibo("meeting", "attendance", mid, "--member", str(i),
                     "--status", "present", db=db))
        return mid

    def text(mid, which):
        path = os.path.join(TMP, f"{mid}-{which}.pdf")
        ok(chibo("meeting", "pdf", mid, "--" + which, "-o", path, db=db))
        return re.sub(r"\s+", " ", "".join(pages_text(path)))

    m1 = meeting("06-04")
    course = {"course": [{"speaker_id": ids[0], "text": "Báo cáo tình "
                          "hình tháng 5."},
                         {"speaker": "Đồng chí Lê Văn Ể", "text": "Góp ý "
                          "về công tác phát triển đảng viên."}],
              "opinions": "Nhất trí với báo cáo.",
              "conclusions": "Giao chi ủy hoàn thiện nghị quyết."}
    ok(chibo("meeting", "minutes", m1, "--set-file", "-", db=db,
             stdin=json.dumps(course)))
    r = js(chibo("meeting", "vote", m1, "--kind", "resolution", "--for",
                 "3", "--against", "1", "--abstain", "0", "--json", db=db))
    base = r["base"]
    ok(chibo("meeting", "resolution", m1, "--results", "Hoàn thành kế "
             "hoạch tháng 5.", "--directions", "Tập trung phát triển "
             "đảng viên.", "--vote-for", "4", "--vote-total", "4", db=db))
    ok(chibo("meeting", "resolution", m1, "--task", "Viết báo cáo quý",
             "--assignee", str(ids[2]), "--due", "2026-06-30", db=db))
    ok(chibo("meeting", "resolution", m1, "--task", "Chuẩn bị hội nghị "
             "chi bộ", "--group", "Chi ủy", db=db))
    ok(chibo("meeting", "score", m1, "--time", "5", "--attendance", "5",
             "--preparation", "8", "--conduct", "35", "--principles", "5",
             "--last-results", "25", "--closing", "5", db=db))
    t = text(m1, "minutes")
    for want in ("Đ/c " + names[0] + ": Báo cáo tình hình tháng 5.",
                 "Đ/c Đồng chí Lê Văn Ể: Góp ý",
                 "Nhất trí với báo cáo.", "Giao chi ủy hoàn thiện",
                 "3/%d đồng chí tán thành (%d %%)"
                 % (base, (300 + base // 2) // base)):
        assert want in t, (want, t)
    assert "Đã khóa" not in t, t
    t = text(m1, "resolution")
    for want in ("DỰ THẢO NGHỊ QUYẾT", "Số …-NQ/CB",
                 "Hoàn thành kế hoạch tháng 5.", "Tập trung phát triển",
                 "Người thực hiện", names[2], "Viết báo cáo quý",
                 "30/06/2026", "Chi ủy Chuẩn bị hội nghị chi bộ",
                 "88/100 điểm, xếp loại Khá",
                 "Nghị quyết được 4/4 đồng chí tán thành (100 %)"):
        assert want in t, (want, t)
    # Approved: numbered, no longer a draft.
    ok(chibo("meeting", "resolution", m1, "--approve", db=db))
    num = js(chibo("meeting", "resolution", m1, "--json", db=db))["number"]
    t = text(m1, "resolution")
    assert "DỰ THẢO" not in t and "NGHỊ QUYẾT" in t, t
    assert "Số %02d-NQ/CB" % num in t, t
    # Locked minutes, then a correction: marked, and in the annex.
    ok(chibo("meeting", "minutes", m1, "--approve", "--reason", "Ký giấy",
             db=db))
    ok(chibo("meeting", "lock", m1, db=db))
    ok(chibo("meeting", "minutes", m1, "--correct", "conclusions",
             "--text", "Giao chi ủy và tổ đảng.", "--reason", "Ghi thiếu",
             db=db))
    t = text(m1, "minutes")
    for want in ("Đã khóa", "PHỤ LỤC", "Kết luận của chủ trì",
                 "Giao chi ủy và tổ đảng.", "Lý do: Ghi thiếu"):
        assert want in t, (want, t)
    # The next meeting's draft carries the open tasks in section I.
    m2 = meeting("07-02")
    ok(chibo("meeting", "resolution", m2, "--directions", "Tiếp tục.",
             db=db))
    t = text(m2, "resolution")
    assert "DỰ THẢO NGHỊ QUYẾT" in t and "Kết quả" in t, t
    assert "Viết báo cáo quý" in t and "Chưa hoàn thành" in t, t


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
