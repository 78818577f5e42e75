#!/usr/bin/env python3
"""Bad input at the edge, on one backend (argv[1]) -- issue 12's findings
4, 6, 7 and 9:

- control and bidirectional formatting characters refused in every text
  input (one check, core/field.h's field_check_text), by field and
  position, on single edits, organisation edits, events, officers,
  imports (every row's every problem), rule overrides;
- a path or a query value with a NUL or a control byte once decoded, or
  a raw NUL byte in the request line, is a 400, never a shorter path or
  value;
- a body over the limit, chunked or with Content-Length, with or without
  "Expect: 100-continue", is answered 413 problem+json;
- a JSON body that does not parse names the position (line, column,
  byte) and, where known, the field, in errors[].
"""
import json
import socket
import sys

from apilib import (Server, create_member, demo_db, fields,
                    members_all, new_cell, new_member, problem, raw_http,
                    run_tests, test)


class Ctx:
    pass


C = Ctx()
MAX_BODY = 1024 * 1024

BAD_CHARS = [
    ("\x07", "U+0007"), ("\x1b", "U+001B"), ("\x7f", "U+007F"),
    ("\x85", "U+0085"), ("\u202e", "U+202E"), ("\u202a", "U+202A"),
    ("\u2066", "U+2066"), ("\u2069", "U+2069"), ("\u200e", "U+200E"),
    ("\u200f", "U+200F"), ("\u061c", "U+061C"),
]


def control_error(p, field, position=None, row=None):
    """The control_character error of field in problem p."""
    got = [e for e in p["errors"] if e["field"] == field and
           e["code"] == "control_character" and
           (row is None or e.get("row") == row)]
    assert got, (field, p)
    if position is not None:
        assert got[0]["position"] == position, (position, got)
    return got[0]


# ------------------------------------------------------ finding 4: text

@test
def org_patch_doc_no_refuses_control_characters():
    cell = new_cell(C.c)
    url = f"/api/v1/orgs/{cell['id']}"
    for doc in ("01-QĐ\x07", "QĐ\x1b[2J\x1b[31m", "01\u202eQĐ"):
        p = problem(C.c.req("PATCH", url, {"name": cell["name"] + " mới",
                                            "doc_no": doc}), 422)
        e = control_error(p, "doc_no", position=doc.index(
            next(ch for ch in doc if ord(ch) < 32 or ch == "\u202e")) + 1)
        assert "U+" in e["message"], e
    # Nothing changed: not the name, no history entry with the bytes.
    assert C.c.js(url)["name"] == cell["name"]
    hist = json.dumps(C.c.js(url + "/history"), ensure_ascii=False)
    assert "\x1b" not in hist and "\x07" not in hist and "\u202e" not in hist
    # The same edit with a clean number goes through.
    r = C.c.req("PATCH", url, {"name": cell["name"] + " mới",
                               "doc_no": "02-QĐ/ĐU"})
    assert r.status == 200, r


@test
def member_text_fields_refuse_controls_and_bidi():
    cell = new_cell(C.c)
    for ch, cp in BAD_CHARS:
        for field in ("full_name", "job_title", "birthplace", "dossier_no"):
            value = "Ab" + ch + "c"
            body = new_member(cell["id"], "Nguyễn Văn Ký")
            body[field] = value if field != "full_name" else \
                "Nguyễn" + ch + " Văn Ký"
            p = problem(C.c.req("POST", "/api/v1/members", body), 422)
            pos = body[field].index(ch) + 1
            e = control_error(p, field, position=pos)
            assert cp in e["message"], (cp, e)
    # English on request.
    body = new_member(cell["id"], "Nguyễn\u202e Văn Ký")
    p = problem(C.c.req("POST", "/api/v1/members", body,
                        headers={"Accept-Language": "en"}), 422)
    e = control_error(p, "full_name", position=7)
    assert "not allowed" in e["message"] and "U+202E" in e["message"], e
    # Tab, LF and CR are white space: made one space, never stored.
    m = create_member(C.c, cell["id"], "Nguyễn\tVăn\r\nKý")
    assert m["full_name"] == "Nguyễn Văn Ký", m
    # An edit is judged the same way.
    url = f"/api/v1/members/{m['id']}"
    p = problem(C.c.req("PATCH", url, {"job_title": "Kỹ sư\x1b[0m"},
                        headers={"If-Match": '"%d"' % m["version"]}), 422)
    control_error(p, "job_title", position=6)


@test
def events_officers_orgs_overrides_refuse_controls():
    cell = new_cell(C.c)
    m = create_member(C.c, cell["id"], "Lê Văn Sự")
    p = problem(C.c.req("POST", f"/api/v1/members/{m['id']}/events",
                        {"kind": "exempted", "on": "2026-01-05",
                         "doc_no": "12\u2066QĐ"}), 422)
    control_error(p, "doc_no", position=3)
    p = problem(C.c.req("POST", f"/api/v1/members/{m['id']}/events",
                        {"kind": "exempted", "on": "2026-01-05",
                         "note": "ghi\x1bchú"}), 422)
    control_error(p, "note", position=4)
    p = problem(C.c.req("POST", f"/api/v1/orgs/{cell['id']}/officers",
                        {"member_id": m["id"], "position": "secretary",
                         "started_on": "2025-06-01",
                         "doc_no": "45\x07QĐ"}), 422)
    control_error(p, "doc_no", position=3)
    body = {"kind": "cell", "name": "Chi bộ \u202eĐảo", "code": "CB-BIDI-1",
            "parent_id": cell["parent_id"], "valid_from": "2025-03-01",
            "doc_no": "01-QĐ/ĐU"}
    p = problem(C.c.req("POST", "/api/v1/orgs", body), 422)
    control_error(p, "name", position=8)
    p = problem(C.c.req("POST", "/api/v1/orgs",
                        dict(body, name="Chi bộ Đảo", doc_no="01\x1b")), 422)
    control_error(p, "doc_no", position=3)
    over = {"rule_id": "member.admission_age", "value_name": "min_months",
            "value": 240, "org_id": cell["id"],
            "effective_from": "2020-01-01", "doc_no": "01-QĐ/CB\x1b[8m"}
    p = problem(C.c.req("POST", "/api/v1/rules/overrides", over), 422)
    control_error(p, "doc_no", position=9)


HEADER = "full_name,gender,birth_date,ethnicity,citizen_id,admitted_on," \
         "official_on,status,org_code,job_title"


@test
def import_refuses_control_characters_row_by_row():
    cell = new_cell(C.c)
    code = cell["code"]
    rows = [
        f"Nguyễn Thị Một,female,1990-01-02,Kinh,{cid(1)},2015-03-10,"
        f"2016-03-10,official,{code},Kỹ sư\x1b[31m",
        f"Trần\u202e Văn Hai,male,1988-05-06,Kinh,{cid(2)},2020-07-01,"
        f"2021-07-01,official,{code},Giáo\x07 viên",
        f"Lê Văn Ba,male,1988-05-06,Kinh,{cid(3)},2020-07-01,"
        f"2021-07-01,official,{code},Bác sĩ",
    ]
    body = "\r\n".join([HEADER] + rows) + "\r\n"
    before = members_all(C.c, f"&org={cell['id']}")
    r = C.c.req("POST", "/api/v1/members/import?dry_run=true", body,
                ctype="text/csv")
    assert r.status == 422, r
    p = r.json()
    got = {(e.get("row"), e["field"], e["code"]) for e in p["errors"]}
    assert (2, "job_title", "control_character") in got, p
    assert (3, "full_name", "control_character") in got, p
    assert (3, "job_title", "control_character") in got, p
    assert not [e for e in p["errors"] if e.get("row") == 4], p
    control_error(p, "job_title", position=6, row=2)
    control_error(p, "full_name", position=5, row=3)
    assert members_all(C.c, f"&org={cell['id']}") == before


SEQ = [0]


def cid(i):
    SEQ[0] += 1
    return "0791%08d" % (SEQ[0] * 10 + i)


# ------------------------------------------------------ finding 6: paths

@test
def path_bytes_the_router_does_not_expect():
    cell = new_cell(C.c)
    m = create_member(C.c, cell["id"], "Đặng Văn Đường")
    org = f"/api/v1/orgs/{cell['id']}"
    for bad in ("%00/stats", "%00", "%1b", "%c2%85", "%e2%80%ae", "%ff",
                "%zz", "%", "%2f", "%5c"):
        problem(C.c.get(org + bad), 400, "invalid_path")
    problem(C.c.get(org + "/stats%00"), 400, "invalid_path")
    path = f"/api/v1/members/{m['id']}"
    problem(C.c.req("DELETE", path + "%00",
                    headers={"If-Match": '"%d"' % m["version"]}),
            400, "invalid_path")
    assert C.c.get(path).status == 200
    # Plain encodings of characters a route may hold still route.
    assert C.c.get(org + "/st%61ts").status == 200
    # A raw NUL byte in the request line is no shorter path either (MHD
    # hands over the target cut at it), and a raw space is no byte of a
    # path.
    for target in (org + "\x00/stats", org + "\x00", path + "\x00x",
                   "/api/v1/members?q=a\x00b", org + " x", org + " /stats",
                   "/healthz x"):
        st, b = raw_http(C.srv.port, b"GET " + target.encode() +
                         b" HTTP/1.1\r\nHost: x\r\nCookie: chibo_session=" +
                         C.c.cookie.encode() +
                         b"\r\nConnection: close\r\n\r\n")
        assert st == 400 and json.loads(b)["code"] == "invalid_path", \
            (target, st, b[:200])
    st, b = raw_http(C.srv.port, b"DELETE " + path.encode() +
                     b"\x00 HTTP/1.1\r\nHost: x\r\nCookie: chibo_session=" +
                     C.c.cookie.encode() + b"\r\nX-CSRF-Token: " +
                     C.c.csrf.encode() + b"\r\nIf-Match: \"%d\"\r\n"
                     b"Connection: close\r\n\r\n" % m["version"])
    assert st == 400, (st, b[:200])
    assert C.c.get(path).status == 200
    # The same request lines without the NUL are answered as usual.
    st, b = raw_http(C.srv.port, b"GET " + org.encode() +
                     b" HTTP/1.1\r\nHost: x\r\nCookie: chibo_session=" +
                     C.c.cookie.encode() + b"\r\nConnection: close\r\n\r\n")
    assert st == 200, (st, b[:200])


@test
def query_values_with_control_bytes():
    for q, key in (("q=a%00b", "q"), ("q=a%1bb", "q"), ("q=%e2%80%aeab", "q"),
                   ("org=1%00", "org"), ("q=%c2%9b", "q"),
                   ("limit=5&q=x%07", "q"), ("q%00x=1", None)):
        p = problem(C.c.get("/api/v1/members?" + q), 400, "invalid_query")
        if key is not None:
            e = [x for x in p["errors"] if x["field"] == key]
            assert e and e[0]["code"] == "control_character", (q, p)
    # The import's file name is no longer cut short at a NUL.
    p = problem(C.c.req("POST", "/api/v1/members/import?dry_run=true"
                        "&file_name=a%00b", HEADER + "\r\n",
                        ctype="text/csv"), 400, "invalid_query")
    assert ("file_name", "control_character") in fields(p), p
    # A search with an ordinary encoded value is answered.
    assert C.c.get("/api/v1/members?q=Nguy%E1%BB%85n").status == 200


# ------------------------------------------------- finding 7: big bodies

def raw(head, chunks=(), wait_continue=False):
    """Sends head, then chunks; returns (interim statuses, final status,
    headers, body).  Stops sending if the server answers or closes."""
    s = socket.create_connection(("127.0.0.1", C.srv.port), timeout=20)
    data = b""
    try:
        s.sendall(head)
        if wait_continue:
            s.settimeout(2)
            try:
                data += s.recv(65536)
            except socket.timeout:
                pass
            s.settimeout(20)
        for c in chunks:
            s.sendall(c)
    except (BrokenPipeError, ConnectionResetError):
        pass
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            data += d
            if complete(data):
                break
    except (ConnectionResetError, socket.timeout):
        pass
    s.close()
    interim = []
    while data.startswith(b"HTTP/1.1 1"):
        end = data.find(b"\r\n\r\n")
        interim.append(int(data.split(b" ", 2)[1]))
        data = data[end + 4:]
    if not data.startswith(b"HTTP/"):
        return interim, 0, b"", data
    end = data.find(b"\r\n\r\n")
    return (interim, int(data.split(b" ", 2)[1]), data[:end].lower(),
            data[end + 4:])


def complete(data):
    """True once data holds a final answer with all of its body."""
    rest = data
    while rest.startswith(b"HTTP/1.1 1") and b"\r\n\r\n" in rest:
        rest = rest[rest.find(b"\r\n\r\n") + 4:]
    if not rest.startswith(b"HTTP/") or b"\r\n\r\n" not in rest:
        return False
    head, body = rest.split(b"\r\n\r\n", 1)
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return False


def auth_head(method, path, extra):
    return (f"{method} {path} HTTP/1.1\r\nHost: x\r\n"
            f"Cookie: chibo_session={C.c.cookie}\r\n"
            f"X-CSRF-Token: {C.c.csrf}\r\n"
            "Content-Type: application/json\r\n").encode() + extra + b"\r\n"


@test
def oversized_bodies_get_413_problem():
    big = 8 * MAX_BODY
    chunk = b"x" * 65536
    chunked = [b"%x\r\n" % len(chunk) + chunk + b"\r\n"] * (big // 65536) \
        + [b"0\r\n\r\n"]
    cases = [
        ("content-length", b"Content-Length: %d\r\n" % big, [b"x" * 1000]),
        ("content-length+expect",
         b"Content-Length: %d\r\nExpect: 100-continue\r\n" % big, []),
        ("chunked", b"Transfer-Encoding: chunked\r\n", chunked),
        ("chunked+expect",
         b"Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n", chunked),
    ]
    for name, extra, chunks in cases:
        expect = b"Expect" in extra
        interim, status, head, body = raw(
            auth_head("POST", "/api/v1/members", extra), chunks,
            wait_continue=expect)
        assert status == 413, (name, interim, status, head, body[:200])
        assert b"content-type: application/problem+json" in head, (name, head)
        p = json.loads(body)
        assert p["code"] == "body_too_large" and p["status"] == 413, (name, p)
        # Not read any further than needed: no 100 Continue for a body
        # refused from its declared length.
        if name == "content-length+expect":
            assert interim == [], (name, interim)
    # The server is still there, and a body within the limit is read.
    assert C.c.get("/api/v1/session").status == 200


# ----------------------------------------------- finding 9: broken JSON

@test
def broken_json_names_position_and_field():
    cell = new_cell(C.c)
    good = json.dumps(new_member(cell["id"], "Phạm Văn Json"),
                      ensure_ascii=False)
    cases = [
        # (body, field known, why)
        (good[:-1] + ', "job_title": "a\\u0000b"}', "job_title", "nul"),
        (good[:-1] + ', "job_title": "a\x00b"}', "job_title", "raw nul"),
        (good[:-1] + ', "job_title": "\\ud800"}', "job_title", "surrogate"),
        (good[:-1] + ', "job_title": "\\udc00x"}', "job_title", "surrogate"),
        (good[:-1] + ', "job_title": "a\x01b"}', "job_title", "control"),
        ('{"org_id": 99999999999999999999999, "full_name": "x"}', "org_id",
         "overflow"),
        ('{"full_name": "x",\n "org_id": -99999999999999999999}', "org_id",
         "overflow"),
        (good + "garbage", None, "trailing"),
        (good + "}", None, "trailing"),
        ('{"full_name": "x", "gender": }', "gender", "syntax"),
        ('{"full_name": "x",\n "contact": {"phone": 1e999999}}', "phone",
         "overflow nested"),
    ]
    for body, field, why in cases:
        raw_body = body.encode()
        for lang in ("vi", "en"):
            r = C.c.req("POST", "/api/v1/members", raw_body,
                        ctype="application/json",
                        headers={"Accept-Language": lang})
            p = problem(r, 400, "invalid_json")
            assert p["errors"], (why, p)
            e = p["errors"][0]
            assert e["code"].startswith("json_") or \
                e["code"] == "invalid_json", (why, e)
            assert isinstance(e["position"], int) and \
                0 <= e["position"] <= len(raw_body), (why, e)
            assert e["line"] >= 1 and e["column"] >= 0, (why, e)
            assert e["message"] and e["message"] != e["code"], (why, e)
            if field is not None:
                assert e.get("field") == field, (why, e)
            else:
                assert "field" not in e or e["field"] is None, (why, e)
            if lang == "en":
                assert "line" in e["message"], (why, e)
            else:
                assert "dòng" in e["message"], (why, e)
    # Nothing was created by any of them.
    assert not [m for m in members_all(C.c, f"&org={cell['id']}")]


def setup():
    C.db = demo_db("input")
    C.srv = Server(C.db)
    C.c = C.srv.client("admin")


def teardown():
    C.srv.stop()


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
