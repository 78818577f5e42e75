#!/usr/bin/env python3
"""A meeting's materials, QR check-in and paper sign-in sheet (issue 13),
on one backend (argv[1]): uploads judged by their content (a text or a
zip renamed .pdf refused on field file), the size limit (413 before the
body is read, and for the file itself), SHA-256 kept, download with its
type and name, delete audited; check-in codes signed (a tampered code, an
expired one made with the stored key, another meeting's), the meeting's
hours (not open yet, cancelled), late after the grace, only a member on
the roll; the sign-in sheet all or nothing with every row's problem; the
materials kept by `chibo backup` and back after `chibo restore`.
"""
import base64
import hashlib
import hmac
import io
import os
import re
import struct
import sys
import time
import zipfile

from apilib import (BACKEND, DEMO, TMP, Server, demo_db, fields,
                    fresh_db, members_all, org_by_code, problem, run,
                    run_tests, sql, test)


class Ctx:
    pass


S = Ctx()

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def zipped(entries):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for name, data in entries:
            z.writestr(name, data)
    return b.getvalue()


DOCX = zipped([("[Content_Types].xml", "<Types/>"),
               ("word/document.xml", "<w:document/>")])
XLSX = zipped([("[Content_Types].xml", "<Types/>"),
               ("xl/workbook.xml", "<workbook/>")])
ODT = zipped([("mimetype", "application/vnd.oasis.opendocument.text"),
              ("content.xml", "<office:document-content/>")])
OTHER_ZIP = zipped([("readme.txt", "hello")])


def multipart(fields_, files):
    """A multipart/form-data body: (body, content type)."""
    bd = "----chibo%d" % time.time_ns()
    out = b""
    for k, v in fields_:
        out += (f"--{bd}\r\nContent-Disposition: form-data; name=\"{k}\""
                f"\r\n\r\n{v}\r\n").encode()
    for k, name, data, ctype in files:
        out += (f"--{bd}\r\nContent-Disposition: form-data; name=\"{k}\";"
                f" filename=\"{name}\"\r\nContent-Type: {ctype}\r\n\r\n"
                ).encode() + data + b"\r\n"
    out += f"--{bd}--\r\n".encode()
    return out, "multipart/form-data; boundary=" + bd


def upload(c, mid, name, data, ctype="application/pdf", extra=()):
    body, ct = multipart(list(extra), [("file", name, data, ctype)])
    return c.req("POST", f"/api/v1/meetings/{mid}/materials", body,
                 ctype=ct)


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def meeting(start, end, org="CB-VP-1", status="planned", db=None):
    """A meeting of org from start to end (UNIX seconds): its id."""
    p = run("meeting", "add", "--db", db or S.db, "--org", org, "--kind",
            "regular", "--starts-at", iso(start), "--ends-at", iso(end),
            "--place", "Hội trường", "--status", status)
    return int(p.stdout.split()[2])


def count(db, table, where="1=1"):
    return int(sql(db, f"SELECT count(*) FROM {table} WHERE {where}")[0][0])


# ---------------------------------------------------------------- materials

@test
def materials_by_content():
    now = time.time()
    mid = meeting(now + 86400 * 3, now + 86400 * 3 + 7200)
    c = S.sec
    got = {}
    for name, data, mime in (
            ("Báo cáo tháng.pdf", PDF, "application/pdf"),
            ("Nghị quyết.docx", DOCX, "application/vnd.openxmlformats-"
             "officedocument.wordprocessingml.document"),
            ("Số liệu.xlsx", XLSX, "application/vnd.openxmlformats-"
             "officedocument.spreadsheetml.sheet"),
            ("Dự thảo.odt", ODT, "application/vnd.oasis.opendocument.text"),
            # The name and the sender's type say nothing.
            ("ảnh.bin", PNG, "image/png")):
        r = upload(S.sec, mid, name, data, "application/octet-stream",
                   [("available_at", "2026-12-01T08:00+07:00")])
        assert r.status == 201, (name, r)
        j = r.json()
        assert set(["id", "name", "size", "sha256", "available_at"]) <= \
            set(j), j
        assert j["name"] == name and j["size"] == len(data), j
        assert j["sha256"] == hashlib.sha256(data).hexdigest(), j
        assert j["available_at"] == "2026-12-01T01:00:00Z", j
        assert j["content_type"] == mime, j
        got[j["id"]] = (name, data, mime)
    # Default available_at: now.
    r = upload(c, mid, "x.pdf", PDF)
    assert r.status == 201, r
    at = r.json()["available_at"]
    assert abs(time.mktime(time.strptime(at, "%Y-%m-%dT%H:%M:%SZ")) -
               time.mktime(time.gmtime())) < 120, at
    got[r.json()["id"]] = ("x.pdf", PDF, "application/pdf")
    # The list, for a member of the cell too; the download.
    items = S.mem.js(f"/api/v1/meetings/{mid}/materials")["items"]
    assert [i["id"] for i in items] == sorted(got), items
    for i, (name, data, mime) in got.items():
        r = S.mem.get(f"/api/v1/meetings/{mid}/materials/{i}")
        assert r.status == 200 and r.body == data, r
        assert r.headers["content-type"] == mime, r.headers
        assert r.headers["x-content-type-options"] == "nosniff"
        cd = r.headers["content-disposition"]
        assert cd.startswith("attachment; filename=\"material-%d." % i), cd
        assert "filename*=UTF-8''" in cd, cd
    # Every write audited.
    assert count(S.db, "audit", "action = 'meeting.material_add' AND"
                 f" object_id = {mid}") == len(got)
    # Deleting: the secretary, audited; a member may not.
    first = min(got)
    r = S.mem.req("DELETE", f"/api/v1/meetings/{mid}/materials/{first}")
    assert r.status in (403, 404), r
    r = c.req("DELETE", f"/api/v1/meetings/{mid}/materials/{first}")
    assert r.status == 204, r
    problem(c.get(f"/api/v1/meetings/{mid}/materials/{first}"), 404,
            "material_not_found")
    assert count(S.db, "audit", "action = 'meeting.material_delete'") == 1
    # Another cell's meeting is not found, for the secretary too.
    other = meeting(now + 86400, now + 86400 + 7200, org="CB-VP-2")
    problem(upload(c, other, "a.pdf", PDF), 404, "meeting_not_found")
    problem(c.get(f"/api/v1/meetings/{other}/materials"), 404,
            "meeting_not_found")


@test
def materials_refused():
    now = time.time()
    mid = meeting(now + 86400 * 4, now + 86400 * 4 + 7200)
    before = count(S.db, "meeting_material")
    # A text file and a zip that is no document, named .pdf.
    for data in (b"just some text\n", OTHER_ZIP, b"PK\x03\x04broken"):
        p = problem(upload(S.sec, mid, "report.pdf", data), 422,
                    "unsupported_material_type")
        assert ("file", "unsupported_material_type") in fields(p), p
    # No file, an unknown field, a bad date, not multipart.
    body, ct = multipart([("available_at", "2026-12-01")], [])
    p = problem(S.sec.req("POST", f"/api/v1/meetings/{mid}/materials",
                          body, ctype=ct), 422)
    assert ("file", "required") in fields(p), p
    p = problem(upload(S.sec, mid, "a.pdf", PDF,
                       extra=[("available_at", "tomorrow"),
                              ("colour", "red")]), 422)
    assert {("available_at", "invalid_datetime"),
            ("colour", "unknown_field")} <= fields(p), p
    problem(S.sec.req("POST", f"/api/v1/meetings/{mid}/materials", PDF,
                      ctype="application/pdf"), 415,
            "unsupported_media_type")
    assert count(S.db, "meeting_material") == before


@test
def materials_size_limit():
    srv = Server(S.db, CHIBO_MATERIAL_MAX_BYTES="1000")
    try:
        c = srv.client("secretary")
        now = time.time()
        mid = meeting(now + 86400 * 5, now + 86400 * 5 + 7200)
        before = count(S.db, "meeting_material")
        assert upload(c, mid, "ok.pdf", PDF + b" " * 800).status == 201
        p = problem(upload(c, mid, "big.pdf", PDF + b" " * 2000), 413,
                    "material_too_large")
        assert ("file", "material_too_large") in fields(p), p
        # A body far over the limit: refused on its declared length.
        p = problem(upload(c, mid, "huge.pdf", PDF + b" " * 200000), 413,
                    "body_too_large")
        assert count(S.db, "meeting_material") == before + 1
    finally:
        srv.stop()


# ---------------------------------------------------------------- check-in

def key_of(db):
    if BACKEND == "sqlite":
        h = sql(db, "SELECT hex(secret) FROM server_secret"
                " WHERE name = 'checkin'")[0][0]
    else:
        h = sql(db, "SELECT encode(secret, 'hex') FROM server_secret"
                " WHERE name = 'checkin'")[0][0]
    return bytes.fromhex(h)


def forge(db, mid, expires):
    payload = struct.pack(">qq", mid, int(expires))
    mac = hmac.new(key_of(db), b"chibo-checkin-v1:" + payload,
                   hashlib.sha256).digest()
    return base64.urlsafe_b64encode(payload + mac).decode().rstrip("=")


def code_of(c, mid):
    r = c.get(f"/api/v1/meetings/{mid}/checkin-code")
    assert r.status == 200, r
    return r.json()


def checkin(c, mid, code):
    return c.req("POST", f"/api/v1/meetings/{mid}/checkin", {"code": code})


def attendance(db, mid):
    """The attendance recorded (the roll's rows without a status are
    not)."""
    return sql(db, "SELECT member_id, status FROM meeting_attendance"
               f" WHERE meeting_id = {mid} AND status IS NOT NULL"
               " ORDER BY member_id")


@test
def checkin_code_and_picture():
    now = time.time()
    mid = meeting(now - 300, now + 7200)
    j = code_of(S.sec, mid)
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,96}", j["code"]), j
    assert j["url"].endswith(f"/checkin/{mid}?code=" + j["code"]), j
    exp = time.mktime(time.strptime(j["expires_at"], "%Y-%m-%dT%H:%M:%SZ"))
    assert 540 <= exp - time.mktime(time.gmtime()) <= 660, j
    r = S.sec.get(f"/api/v1/meetings/{mid}/checkin-code.svg")
    assert r.status == 200 and r.headers["content-type"] == "image/svg+xml"
    assert r.body.startswith(b"<?xml") and b"<svg" in r.body and \
        b"<path" in r.body, r
    # Only who records the attendance draws the code.
    for role in ("member", "inspection"):
        r = S.clients[role].get(f"/api/v1/meetings/{mid}/checkin-code")
        assert r.status in (403, 404), (role, r)
        r = S.clients[role].get(f"/api/v1/meetings/{mid}/checkin-code.svg")
        assert r.status in (403, 404), (role, r)


@test
def checkin_present_late_and_refusals():
    now = time.time()
    on_time = meeting(now - 300, now + 7200)
    late = meeting(now - 20 * 60, now + 3600)
    later = meeting(now + 3 * 3600, now + 5 * 3600)
    cancelled = meeting(now - 300, now + 7200, status="cancelled")
    m = S.mem_id
    # A tampered code, another meeting's, an expired one: 422 on code.
    code = code_of(S.sec, on_time)["code"]
    bad = code[:-2] + ("AA" if code[-2:] != "AA" else "BB")
    p = problem(checkin(S.mem, on_time, bad), 422)
    assert ("code", "checkin_code_invalid") in fields(p), p
    p = problem(checkin(S.mem, on_time, "not-a-code"), 422)
    assert ("code", "checkin_code_invalid") in fields(p), p
    p = problem(checkin(S.mem, late, code), 422)
    assert ("code", "checkin_code_other_meeting") in fields(p), p
    p = problem(checkin(S.mem, on_time, forge(S.db, on_time, now - 5)), 422)
    assert ("code", "checkin_code_expired") in fields(p), p
    p = problem(S.mem.req("POST", f"/api/v1/meetings/{on_time}/checkin",
                          {"code": code, "member_id": 1}), 422)
    assert ("member_id", "unknown_field") in fields(p), p
    assert attendance(S.db, on_time) == []
    # Not open yet; cancelled.
    p = problem(checkin(S.mem, later, code_of(S.sec, later)["code"]), 409,
                "meeting_not_open")
    assert ("code", "meeting_not_open") in fields(p), p
    assert p["errors"][0].get("rule") == "meeting.checkin", p
    p = problem(checkin(S.mem, cancelled,
                        code_of(S.sec, cancelled)["code"]), 409,
                "meeting_not_open")
    assert ("code", "meeting_cancelled") in fields(p), p
    # Someone not on the roll (an inspector of the committee, a member of
    # another cell), someone who is no member (the viewer above).
    p = problem(checkin(S.outsider, on_time, code), 403, "not_on_roll")
    r = checkin(S.clients["viewer"], on_time, code)
    assert r.status in (403, 404), r
    assert attendance(S.db, on_time) == []
    # Present; late after the grace; each for the caller only, audited.
    r = checkin(S.mem, on_time, code)
    assert r.status == 200, r
    j = r.json()
    assert j["member_id"] == m and j["status"] == "present", j
    assert attendance(S.db, on_time) == [(str(m), "present")]
    r = checkin(S.mem, late, code_of(S.sec, late)["code"])
    assert r.status == 200 and r.json()["status"] == "late", r
    assert count(S.db, "audit", "action = 'meeting.checkin'") == 2


# ---------------------------------------------------------------- sign-in

@test
def sign_in_sheet():
    now = time.time()
    mid = meeting(now - 86400 * 2, now - 86400 * 2 + 7200, status="held")
    cell = org_by_code(S.admin, "CB-VP-1")["id"]
    ms = members_all(S.admin, f"&org={cell}&sort=id")
    ms = [x for x in ms if x.get("card_no") and x.get("birth_date")][:4]
    assert len(ms) == 4, ms
    a, b, c, d = ms
    bd = c["birth_date"]
    good = ("member_id,card_no,full_name,birth_date,status,reason\n"
            f"{a['id']},,,,present,\n"
            f",{b['card_no']},,,late,\n"
            f",,{c['full_name']},{bd[8:10]}/{bd[5:7]}/{bd[0:4]},"
            "vắng có lý do,Ốm\n"
            f"{d['id']},,,,absent_unexcused,\n")
    url = f"/api/v1/meetings/{mid}/attendance/import"
    # Every problem of every row, nothing written.
    bad = ("member_id,card_no,full_name,birth_date,status,reason\n"
           f"{a['id']},,,,present,\n"
           ",,,,late,\n"
           f",,Không Có Ai,01/01/1970,present,\n"
           f"{b['id']},,,,absent_excused,\n"
           f"{c['id']},,,,sometimes,\n"
           f"{a['id']},,,,late,\n"
           "abc,,,,present,\n")
    p = problem(S.sec.req("POST", url, bad, ctype="text/csv"), 422,
                "validation_failed")
    rows = {(e.get("row"), e["field"], e["code"]) for e in p["errors"]}
    assert {(3, "member", "member_unidentified"),
            (4, "member", "not_on_roll"),
            (5, "reason", "reason_required"),
            (6, "status", "invalid_value"),
            (7, "member", "duplicate_member"),
            (8, "member_id", "invalid_value")} <= rows, p
    assert attendance(S.db, mid) == []
    # A dry run writes nothing; then all of it.
    r = S.sec.req("POST", url + "?dry_run=true", good, ctype="text/csv")
    assert r.status == 200 and r.json()["rows"] == 4, r
    assert attendance(S.db, mid) == []
    r = S.sec.req("POST", url, good, ctype="text/csv")
    assert r.status == 200 and r.json()["dry_run"] is False, r
    got = dict(attendance(S.db, mid))
    assert got == {str(a["id"]): "present", str(b["id"]): "late",
                   str(c["id"]): "absent_excused",
                   str(d["id"]): "absent_unexcused"}, got
    assert count(S.db, "audit", "action = 'meeting.attendance_import'"
                 f" AND object_id = {mid}") == 1
    # Columns missing; a member may not import.
    p = problem(S.sec.req("POST", url, "name\nx\n", ctype="text/csv"), 422)
    assert {("status", "column_missing"),
            ("member", "column_missing")} <= fields(p), p
    r = S.mem.req("POST", url, good, ctype="text/csv")
    assert r.status in (403, 404), r


# ---------------------------------------------------------------- backup

@test
def backup_keeps_materials():
    db = demo_db("mat_backup")
    now = time.time()
    mid = meeting(now + 86400, now + 86400 + 7200, db=db)
    srv = Server(db)
    try:
        c = srv.client("secretary")
        r = upload(c, mid, "Biên bản.pdf", PDF)
        assert r.status == 201, r
        mat = r.json()
    finally:
        srv.stop()
    file = os.path.join(TMP, f"mat-{BACKEND}-{time.time_ns()}.backup")
    run("backup", "--db", db, file)
    target = fresh_db("mat_restored")
    run("restore", "--db", target, file)
    srv = Server(target)
    try:
        c = srv.client("member")
        r = c.get(f"/api/v1/meetings/{mid}/materials/{mat['id']}")
        assert r.status == 200 and r.body == PDF, r
        items = c.js(f"/api/v1/meetings/{mid}/materials")["items"]
        assert items[0]["sha256"] == mat["sha256"], items
    finally:
        srv.stop()


def setup():
    S.db = demo_db("materials")
    # An inspector of the committee linked to a member of another cell:
    # sees CB-VP-1's meetings, is not on their roll.
    S.srv = Server(S.db)
    S.admin = S.srv.client("admin")
    other = members_all(S.admin, "&org=%d&sort=id" %
                        org_by_code(S.admin, "CB-VP-2")["id"])[0]
    parent = org_by_code(S.admin, "CB-VP-1")["parent_id"]
    code = [o for o in S.admin.js("/api/v1/orgs?limit=5000")["items"]
            if o["id"] == parent][0]["code"]
    run("user", "add", "ngoai", "--role", "inspection", "--org", code,
        "--member", str(other["id"]), "--password-stdin", "--db", S.db,
        stdin="demo-ngoai-2026-x\n")
    S.outsider = S.srv.client()
    S.outsider.login("ngoai", "demo-ngoai-2026-x")
    S.clients = {role: S.srv.client(role) for role in DEMO}
    S.sec = S.clients["secretary"]
    S.mem = S.clients["member"]
    sess = S.mem.js("/api/v1/session")
    S.mem_id = (sess.get("user") or sess).get("member_id")
    assert S.mem_id, sess


def teardown():
    S.srv.stop()


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
