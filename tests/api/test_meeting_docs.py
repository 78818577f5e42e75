#!/usr/bin/env python3
"""A meeting's documents over the API, on one backend (argv[1]):
- the minutes and the resolution as PDF in the Party document format
  (read back with pdftotext: the header, the title with the month, the
  date line, names with their tone marks, the roll call, the signature
  block; Liberation Serif embedded; a long document on several pages with
  page numbers);
- the calendar feeds of a cell and of a member (RFC 5545: CRLF lines,
  folded lines unfolded, UID, UTC times, SEQUENCE, STATUS CANCELLED), read
  back with a small RFC 5545 parser;
- the monthly report (XLSX): a cell's meetings by kind and attendance;
- scope (outside: 404, never 403) and bad input (400 naming the field).

Meetings are made with the command line before the server starts.
"""
import datetime
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile

from apilib import (DEMO, TMP, Client, Server, demo_db, members_all,
                    org_by_code, problem, run, run_tests, test)

XLSX_TYPE = ("application/vnd.openxmlformats-officedocument."
             "spreadsheetml.sheet")


class Ctx:
    def count(self, place):
        return sum(1 for x in self.roll if x["roll"] == place)


C = Ctx()


def login(role):
    c = Client(C.srv.port)
    c.login(*DEMO[role])
    return c


def add_meeting(db, org, *args):
    p = run("meeting", "add", "--db", db, "--org", org, *args)
    return int(p.stdout.split()[2])


def attend(db, mid, member, status, reason=None):
    extra = ["--reason", reason] if reason else []
    run("meeting", "attendance", str(mid), "--db", db, "--member",
        str(member), "--status", status, *extra)


def members_all_cli(db, org):
    return json.loads(run("member", "list", "--json", "--limit", "1000",
                          "--org", org, "--db", db).stdout)["items"]


def pdf_text(body, name):
    assert body.startswith(b"%PDF-"), body[:20]
    path = f"{TMP}/{name}.pdf"
    with open(path, "wb") as f:
        f.write(body)
    text = subprocess.run(["pdftotext", "-layout", path, "-"], check=True,
                          capture_output=True, text=True).stdout
    fonts = subprocess.run(["pdffonts", path], check=True,
                           capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", path], check=True,
                          capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return text, fonts, pages


def flat(text):
    """pdftotext's text with runs of white space as one space."""
    return re.sub(r"\s+", " ", text)


def ics_parse(body):
    """A small RFC 5545 reader: CRLF lines, unfolded; returns the
    VEVENTs as dicts {NAME: value} (parameters dropped)."""
    text = body.decode("utf-8")
    assert text.endswith("\r\n"), text[-20:]
    assert "\n" not in text.replace("\r\n", ""), "bare LF"
    lines = []
    for raw in text.split("\r\n")[:-1]:
        assert len(raw.encode()) <= 75, raw
        if raw.startswith((" ", "\t")):
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR", \
        lines
    assert "VERSION:2.0" in lines and any(
        x.startswith("PRODID:") for x in lines), lines
    events, cur = [], None
    for x in lines:
        if x == "BEGIN:VEVENT":
            cur = {}
        elif x == "END:VEVENT":
            events.append(cur)
            cur = None
        elif cur is not None:
            name, value = x.split(":", 1)
            value = value.replace("\\n", "\n").replace("\\,", ",") \
                .replace("\\;", ";").replace("\\\\", "\\")
            cur[name.split(";")[0]] = value
    return events


def xlsx_rows(body):
    """The rows of the first sheet: lists of cell texts (inline strings
    and numbers), by row number."""
    z = zipfile.ZipFile(io.BytesIO(body))
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    rows = {}
    for m in re.finditer(r'<row r="(\d+)"[^>]*>(.*?)</row>', sheet):
        cells = {}
        for c in re.finditer(
                r'<c r="([A-Z]+)\d+"[^>]*?(?:/>|>(.*?)</c>)', m.group(2)):
            inner = c.group(2) or ""
            t = re.search(r"<t[^>]*>(.*?)</t>", inner)
            v = re.search(r"<v>(.*?)</v>", inner)
            cells[c.group(1)] = t.group(1) if t else v.group(1) if v else ""
        rows[int(m.group(1))] = cells
    return rows


@test
def minutes_pdf():
    r = C.c.get(f"/api/v1/meetings/{C.m1}/minutes.pdf")
    assert r.status == 200, r
    assert r.headers["content-type"] == "application/pdf", r.headers
    assert "bien-ban.pdf" in r.headers["content-disposition"], r.headers
    text, fonts, pages = pdf_text(r.body, "minutes")
    t = flat(text)
    for want in ("ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG BỘ VĂN PHÒNG BỘ",
                 "CHI BỘ PHÒNG HÀNH CHÍNH", "BIÊN BẢN",
                 "SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 3/2026",
                 "ngày 05 tháng 03 năm 2026",
                 "bắt đầu lúc 19 giờ 30 phút",
                 "Địa điểm: Phòng họp tầng 2",
                 "Chủ trì: đồng chí " + C.names[0],
                 "Thư ký: đồng chí " + C.names[1],
                 "Khách mời: Đồng chí Lê Văn Ể",
                 "Vắng có lý do: " + C.names[2] + " (ốm nặng)",
                 "Vắng không có lý do: " + C.names[3],
                 f"Số đảng viên triệu tập: {C.called} đồng chí. Có mặt: 2 "
                 "đồng chí (chính thức: 2, dự bị: 0; đến muộn: 1)",
                 "Tổng số đảng viên của chi bộ: %d đồng chí (chính thức: %d,"
                 " dự bị: %d)" % (len(C.roll), C.count("official"),
                                  C.count("probationary")),
                 "THƯ KÝ", "CHỦ TRÌ", "DIỄN BIẾN CUỘC HỌP",
                 "kết thúc lúc 21 giờ 45 phút"):
        assert want in t, (want, t)
    # The "*" under the cell, the date line right of it in italics.
    assert re.search(r"^\s+\*\s+.*ngày 05 tháng 03", text, re.M), text
    assert "LiberationSerif" in fonts and "LiberationSerif-Bold" in fonts \
        and "LiberationSerif-Italic" in fonts, fonts
    for line in fonts.splitlines()[2:]:
        assert " yes yes " in line, fonts   # embedded, subset
    # Marked places to write the course of the meeting by hand: the
    # minutes run over two pages, the second numbered.
    assert pages >= 2, pages
    assert re.search(r"^\s+2\s*$", text, re.M), text


@test
def resolution_pdf():
    r = C.c.get(f"/api/v1/meetings/{C.m1}/resolution.pdf")
    assert r.status == 200 and r.headers["content-type"] == \
        "application/pdf", r
    text, _, _ = pdf_text(r.body, "resolution")
    t = flat(text)
    for want in ("NGHỊ QUYẾT", "SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 3/2026",
                 "Số …-NQ/CB", "T/M CHI ỦY", "BÍ THƯ",
                 "ngày 05 tháng 03 năm 2026",
                 "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG TRƯỚC",
                 "II. PHƯƠNG HƯỚNG", "III. PHÂN CÔNG THỰC HIỆN",
                 "IV. TỰ ĐÁNH GIÁ", f"với 2/{C.called} đồng chí có mặt"):
        assert want in t, (want, t)


@test
def pdfs_filled():
    """What the secretary wrote, in the PDFs: the course by speaker
    (names with tone marks), the vote line, the resolution's tasks table,
    "DỰ THẢO" until approved, then its number."""
    m = C.m_filled
    r = C.c.req("PUT", f"/api/v1/meetings/{m}/minutes", {
        "course": [{"speaker_id": C.ids[0],
                    "text": "Báo cáo kết quả tháng Hai."},
                   {"speaker": "Đồng chí Lê Văn Ể",
                    "text": "Đề nghị làm rõ thời hạn."}],
        "opinions": "Nhất trí với báo cáo.",
        "conclusions": "Giao chi ủy theo dõi."}, headers={"If-Match": '"0"'})
    assert r.status in (200, 201), r
    v = C.c.req("POST", f"/api/v1/meetings/{m}/votes", {
        "kind": "resolution", "secret": False, "for": 2, "against": 0,
        "abstain": 0})
    assert v.status == 201, v
    base = v.json()["base"]
    r = C.c.req("PUT", f"/api/v1/meetings/{m}/resolution", {
        "results": "Hoàn thành kế hoạch tháng Hai.",
        "directions": "Chăm lo phát triển đảng viên."})
    assert r.status in (200, 201), r
    for what, who in (("Viết báo cáo sơ kết quý", {"assignee_id":
                                                    C.ids[1]}),
                      ("Chuẩn bị hội nghị chi bộ",
                       {"assignee_text": "Chi ủy"})):
        r = C.c.req("POST", f"/api/v1/meetings/{m}/resolution/tasks",
                    dict(what=what, due_on="2026-03-31", **who))
        assert r.status == 201, r
    t = flat(pdf_text(C.c.get(f"/api/v1/meetings/{m}/minutes.pdf").body,
                      "filled-minutes")[0])
    for want in ("Đ/c " + C.names[0] + ": Báo cáo kết quả tháng Hai.",
                 "Đ/c Đồng chí Lê Văn Ể: Đề nghị làm rõ thời hạn.",
                 "Nhất trí với báo cáo.", "Giao chi ủy theo dõi.",
                 "2/%d đồng chí tán thành (%d %%)"
                 % (base, (200 + base // 2) // base)):
        assert want in t, (want, t)
    t = flat(pdf_text(C.c.get(f"/api/v1/meetings/{m}/resolution.pdf").body,
                      "filled-resolution")[0])
    for want in ("DỰ THẢO NGHỊ QUYẾT", "Hoàn thành kế hoạch tháng Hai.",
                 "Chăm lo phát triển đảng viên.", "Người thực hiện",
                 C.names[1], "Viết báo cáo sơ kết quý", "31/03/2026",
                 "Chi ủy Chuẩn bị hội nghị chi bộ",
                 "Nghị quyết được 2/%d đồng chí tán thành" % base):
        assert want in t, (want, t)
    r = C.c.req("POST", f"/api/v1/meetings/{m}/resolution/approve", {})
    assert r.status == 200, r
    num = r.json()["number"]
    t = flat(pdf_text(C.c.get(f"/api/v1/meetings/{m}/resolution.pdf").body,
                      "approved-resolution")[0])
    assert "DỰ THẢO" not in t and "Số %02d-NQ/CB" % num in t, t


@test
def thematic_title_and_long_text():
    r = C.c.get(f"/api/v1/meetings/{C.m2}/minutes.pdf")
    assert r.status == 200, r
    text, _, pages = pdf_text(r.body, "thematic")
    t = flat(text)
    assert "SINH HOẠT CHI BỘ CHUYÊN ĐỀ THÁNG 4/2026" in t, t
    assert "Chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong " \
        "cách Hồ Chí Minh" in t, t
    # No attendance recorded: the counts say so, no names.
    assert "Có mặt: 0 đồng chí" in t and \
        re.search(r"Chưa điểm danh: \d+ đồng chí", t), t
    assert "Vắng có lý do:" in t and C.names[2] not in t, t


@test
def pdf_scope_and_missing():
    sec = login("secretary")        # bithu: CB-VP-1
    r = sec.get(f"/api/v1/meetings/{C.m1}/minutes.pdf")
    assert r.status == 200 and r.body.startswith(b"%PDF-"), r
    for path in (f"/api/v1/meetings/{C.m_other}/minutes.pdf",
                 f"/api/v1/meetings/{C.m_other}/resolution.pdf",
                 "/api/v1/meetings/999999/minutes.pdf"):
        p = problem(sec.get(path), 404)
        assert p["code"] in ("meeting_not_found", "not_found"), p
    assert C.c.get("/api/v1/meetings/abc/minutes.pdf").status == 404
    anon = Client(C.srv.port)
    assert anon.get(f"/api/v1/meetings/{C.m1}/minutes.pdf").status == 401


@test
def org_feed():
    r = C.c.get(f"/api/v1/orgs/{C.cell['id']}/meetings.ics")
    assert r.status == 200, r
    assert r.headers["content-type"].startswith("text/calendar"), r.headers
    evs = {e["UID"]: e for e in ics_parse(r.body)}
    # From a year back on: the past meetings too, not the other cell's.
    assert {f"meeting-{C.m_next}@chibo", f"meeting-{C.m_cancelled}@chibo",
            f"meeting-{C.m1}@chibo"} <= set(evs), evs
    assert f"meeting-{C.m_other_next}@chibo" not in evs, evs
    assert evs[f"meeting-{C.m1}@chibo"]["STATUS"] == "CONFIRMED", evs
    e = evs[f"meeting-{C.m_next}@chibo"]
    assert e["DTSTART"] == C.next_start and e["DTEND"] == C.next_end, e
    assert re.fullmatch(r"\d{8}T\d{6}Z", e["DTSTAMP"]), e
    assert e["SUMMARY"] == \
        "Sinh hoạt chi bộ thường kỳ - Chi bộ Phòng Hành chính", e
    assert e["LOCATION"] == "Hội trường tầng 1, số 3 Nguyễn Trãi", e
    assert e["STATUS"] == "TENTATIVE" and e["SEQUENCE"] == "1", e
    e = evs[f"meeting-{C.m_cancelled}@chibo"]
    assert e["STATUS"] == "CANCELLED", e
    assert e["LOCATION"] == "Trực tuyến", e
    assert e["SUMMARY"].startswith("Sinh hoạt chi bộ chuyên đề - "), e
    assert "Chuyên đề: Phòng, chống tham nhũng, tiêu cực" in \
        e["DESCRIPTION"], e
    # The unit's feed holds its cells' meetings too.
    unit = org_by_code(C.c, "DBCS-VP")
    uids = {e["UID"] for e in ics_parse(
        C.c.get(f"/api/v1/orgs/{unit['id']}/meetings.ics").body)}
    assert f"meeting-{C.m_other_next}@chibo" in uids and \
        f"meeting-{C.m_next}@chibo" in uids, uids


@test
def member_feed():
    r = C.c.get(f"/api/v1/members/{C.members[0]['id']}/meetings.ics")
    assert r.status == 200, r
    uids = {e["UID"] for e in ics_parse(r.body)}
    assert f"meeting-{C.m_next}@chibo" in uids, uids
    assert f"meeting-{C.m_other_next}@chibo" not in uids, uids
    # A member reads its own feed; another cell's member is not found.
    mem = login("member")
    me = mem.js("/api/v1/session")["user"]["member_id"]
    r = mem.get(f"/api/v1/members/{me}/meetings.ics")
    assert r.status == 200, r
    assert {e["UID"] for e in ics_parse(r.body)} >= \
        {f"meeting-{C.m_next}@chibo"}, r.body
    sec = login("secretary")
    problem(sec.get(f"/api/v1/members/{C.other_member['id']}/meetings.ics"),
            404, "member_not_found")
    problem(sec.get(f"/api/v1/orgs/{C.other_cell['id']}/meetings.ics"), 404)
    assert problem(C.c.get("/api/v1/members/999999/meetings.ics"), 404)


@test
def monthly_report():
    unit = org_by_code(C.c, "DBCS-VP")
    r = C.c.get(f"/api/v1/orgs/{unit['id']}/meetings/report.xlsx"
                "?month=2026-03")
    assert r.status == 200, r
    assert r.headers["content-type"] == XLSX_TYPE, r.headers
    rows = xlsx_rows(r.body)
    assert rows[1]["A"] == "Tổ chức đảng" and \
        rows[1]["K"] == "Tỷ lệ có mặt (%)", rows[1]
    by_code = {row.get("B"): row for n, row in rows.items() if n > 1}
    vp1 = by_code["CB-VP-1"]
    # March: one regular meeting held (the planned committee meeting
    # is not), 2 of the roll's called members present.
    assert vp1["C"] == "1" and vp1["D"] == "0" and vp1["G"] == "0" and \
        vp1["I"] == "2" and vp1["J"] == str(C.called) and \
        vp1["K"] == str((200 + C.called // 2) // C.called), vp1
    assert vp1.get("L", "") == "", vp1
    vp2 = by_code["CB-VP-2"]
    assert vp2["C"] == "0" and vp2.get("K", "") == "", vp2
    # April: the thematic meeting.
    rows = xlsx_rows(C.c.get(f"/api/v1/orgs/{C.cell['id']}/meetings/"
                             "report.xlsx?month=2026-04").body)
    assert len(rows) == 2 and rows[2]["D"] == "1", rows


@test
def report_bad_input():
    path = f"/api/v1/orgs/{C.cell['id']}/meetings/report.xlsx"
    for q in ("?month=2026-13", "?month=2026-3", "?month=th%C3%A1ng%203",
              "?month="):
        p = problem(C.c.get(path + q), 400, "invalid_query")
        assert [(e["field"], e["code"]) for e in p["errors"]] == \
            [("month", "invalid_month")], p
    p = problem(C.c.get(path), 400)
    assert p["errors"][0]["field"] == "month", p
    problem(C.c.get(path + "?month=2026-03&x=1"), 400, "invalid_query")
    sec = login("secretary")
    problem(sec.get(f"/api/v1/orgs/{C.other_cell['id']}/meetings/"
                    "report.xlsx?month=2026-03"), 404)


def setup():
    assert shutil.which("pdftotext"), \
        "poppler-utils (scripts/install-deps.sh test)"
    C.db = db = demo_db("meeting_docs", meetings=False)
    # Member ids and names of CB-VP-1 (the secretary's and member's cell)
    # and of CB-VP-2, read as admin through a short-lived server.
    srv = Server(db)
    c = srv.client("admin")
    C.cell = org_by_code(c, "CB-VP-1")
    C.other_cell = org_by_code(c, "CB-VP-2")
    C.members = members_all(c, f"&org={C.cell['id']}")[:4]
    C.other_member = members_all(c, f"&org={C.other_cell['id']}")[0]
    c.close()
    srv.stop()
    names = {m["id"]: m["full_name"] for m in
             members_all_cli(db, "CB-VP-1")}
    # The roll of a meeting on 5 March (wt-mapi's snapshot, read from a
    # planned meeting of that day): four of its official members attend
    # the held one, two of them chair and write the minutes.
    probe = add_meeting(db, "CB-VP-1", "--kind", "committee",
                        "--starts-at", "2026-03-05T07:30+07:00",
                        "--ends-at", "2026-03-05T08:30+07:00")
    roll = json.loads(run("meeting", "attendance", str(probe), "--json",
                          "--db", db).stdout)["items"]
    ids = [x["member_id"] for x in roll if x["roll"] == "official"][:4]
    C.names = [names[i] for i in ids]
    C.called = sum(1 for x in roll if x["roll"] in
                   ("official", "probationary", "transferred_in"))
    C.roll = roll
    C.m1 = add_meeting(db, "CB-VP-1", "--kind", "regular", "--starts-at",
                       "2026-03-05T19:30+07:00", "--ends-at",
                       "2026-03-05T21:45+07:00", "--status", "held",
                       "--place", "Phòng họp tầng 2", "--chair",
                       str(ids[0]), "--secretary", str(ids[1]),
                       "--guests", "Đồng chí Lê Văn Ể, Đảng ủy viên",
                       "--agenda", "Kiểm điểm nghị quyết tháng 2")
    attend(db, C.m1, ids[0], "present")
    attend(db, C.m1, ids[1], "late")
    attend(db, C.m1, ids[2], "absent_excused", "ốm nặng")
    attend(db, C.m1, ids[3], "absent_unexcused")
    C.ids = ids
    # A meeting whose minutes and resolution the API writes.
    C.m_filled = add_meeting(db, "CB-VP-1", "--kind", "regular",
                             "--starts-at", "2026-02-05T19:30+07:00",
                             "--ends-at", "2026-02-05T21:30+07:00",
                             "--status", "held", "--chair", str(ids[0]),
                             "--secretary", str(ids[1]))
    for i in ids[:2]:
        attend(db, C.m_filled, i, "present")
    C.m2 = add_meeting(db, "CB-VP-1", "--kind", "thematic", "--topic",
                       "Học tập và làm theo tư tưởng, đạo đức, phong cách "
                       "Hồ Chí Minh", "--starts-at",
                       "2026-04-10T08:00+07:00", "--ends-at",
                       "2026-04-10T10:00+07:00", "--status", "held")
    C.m_other = add_meeting(db, "CB-VP-2", "--kind", "regular",
                            "--starts-at", "2026-03-06T08:00+07:00",
                            "--ends-at", "2026-03-06T10:00+07:00")
    # Feeds run from a year back on: meetings in the coming weeks.
    now = datetime.datetime.now(datetime.timezone.utc).replace(
        second=0, microsecond=0)
    start = now + datetime.timedelta(days=20)
    end = start + datetime.timedelta(hours=2)
    C.next_start = start.strftime("%Y%m%dT%H%M%SZ")
    C.next_end = end.strftime("%Y%m%dT%H%M%SZ")
    C.m_next = add_meeting(db, "CB-VP-1", "--kind", "regular",
                           "--starts-at", start.isoformat(),
                           "--ends-at", end.isoformat(), "--place",
                           "Hội trường tầng 1, số 3 Nguyễn Trãi")
    start2 = now + datetime.timedelta(days=30)
    C.m_cancelled = add_meeting(
        db, "CB-VP-1", "--kind", "thematic", "--topic",
        "Phòng, chống tham nhũng, tiêu cực", "--starts-at",
        start2.isoformat(), "--ends-at",
        (start2 + datetime.timedelta(hours=2)).isoformat(), "--online",
        "--online-reason", "Quá nửa đảng viên đi công tác xa",
        "--status", "cancelled")
    C.m_other_next = add_meeting(db, "CB-VP-2", "--kind", "regular",
                                 "--starts-at", start.isoformat(),
                                 "--ends-at", end.isoformat())
    C.srv = Server(db)
    C.c = login("admin")


def teardown():
    C.srv.stop()


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
