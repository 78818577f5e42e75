#!/usr/bin/env python3
"""Inspections and supervisions (issue 14) on one backend (argv[1]):
create, show (with recommendations and attachments), list (subtree,
kind, form, year, status, pages), change with If-Match, delete; the
recommendations followed until done (overdue against CHIBO_TODAY); the
attachments (type by content, download); self-inspection by a cell's
secretary; scope (a secretary sees only its cell's); bad input answered
4xx naming the field with nothing changed; every write audited.
"""
import json
import sys
import time

from apilib import (Server, demo_db, fields, org_by_code, problem,
                    raw_http, run_tests, sql, test)

TODAY = "2026-12-07"
FIELDS = ["id", "org_id", "body", "kind", "form", "subject_org_id",
          "subject_member_id", "programme_id", "content_codes", "decided_on",
          "doc_no", "from", "to", "team", "findings", "conclusion", "status",
          "recorded_by", "version", "created_at", "updated_at",
          "subject_name", "recommendations_count", "recommendations_overdue"]
REC_FIELDS = ["id", "inspection_id", "text", "owner", "owner_org_id",
              "due_on", "done_on", "result", "recorded_by", "overdue",
              "version", "created_at", "updated_at"]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"

S = {}


def setup():
    db = demo_db("inspections", meetings=False, inspections=False)
    S["db"] = db
    S["srv"] = Server(db, CHIBO_TODAY=TODAY)
    for role in ("admin", "inspection", "secretary", "viewer", "member"):
        S[role] = S["srv"].client(role)
    S["root"] = org_by_code(S["admin"], "DB-BDTTG")
    S["unit"] = org_by_code(S["admin"], "DBCS-VP")
    S["cell"] = org_by_code(S["admin"], "CB-VP-1")
    S["other"] = org_by_code(S["admin"], "CB-VP-2")
    S["mem"] = S["admin"].js(
        f"/api/v1/members?org={S['cell']['id']}&limit=1")["items"][0]


def teardown():
    for k in ("admin", "inspection", "secretary", "viewer", "member"):
        S[k].close()
    S["srv"].stop()


def body(**kw):
    b = {"org_id": S["root"]["id"], "body": "inspection_commission",
         "kind": "inspection", "form": "regular",
         "subject_org_id": S["unit"]["id"],
         "content_codes": ["member_duties", "party_fees"],
         "decided_on": "2026-03-02", "doc_no": "12-QĐ/UBKT",
         "from": "2026-03-10", "to": "2026-04-10",
         "team": "Đoàn kiểm tra số 1"}
    b.update(kw)
    return b


def create(c=None, **kw):
    r = (c or S["inspection"]).req("POST", "/api/v1/inspections", body(**kw))
    assert r.status == 201, r
    return r.json()


def ids(c, query):
    return [i["id"] for i in c.js("/api/v1/inspections?" + query)["items"]]


def audit_count(action):
    return int(sql(S["db"], "SELECT count(*) FROM audit WHERE action = '%s'"
                   % action)[0][0])


@test
def create_show_list():
    c = S["inspection"]
    n0 = audit_count("inspection.create")
    r = c.req("POST", "/api/v1/inspections", body())
    assert r.status == 201, r
    i = r.json()
    assert list(i) == FIELDS, list(i)
    assert i["from"] == "2026-03-10" and i["to"] == "2026-04-10", i
    assert i["content_codes"] == ["member_duties", "party_fees"], i
    assert i["status"] == "planned" and i["version"] == 1, i
    assert i["subject_name"] == S["unit"]["name"], i
    assert i["subject_member_id"] is None and i["programme_id"] is None, i
    assert r.headers["etag"] == '"1"', r.headers
    assert r.headers["location"] == f"/api/v1/inspections/{i['id']}", r
    assert audit_count("inspection.create") == n0 + 1
    g = c.js(f"/api/v1/inspections/{i['id']}")
    assert g["recommendations"] == [] and g["attachments"] == [], g
    assert {k: g[k] for k in FIELDS} == i, (g, i)
    # A supervision of a member, decided in 2025.
    sup = create(kind="supervision", form="thematic",
                 subject_org_id=None, subject_member_id=S["mem"]["id"],
                 decided_on="2025-11-02", **{"from": "2025-11-10",
                                              "to": "2025-11-20"})
    assert sup["subject_name"] == S["mem"]["full_name"], sup
    root = S["root"]["id"]
    got = ids(c, f"org={root}")
    assert i["id"] in got and sup["id"] in got, got
    assert ids(c, f"org={root}&kind=supervision") == [sup["id"]] or \
        sup["id"] in ids(c, f"org={root}&kind=supervision")
    assert i["id"] not in ids(c, f"org={root}&kind=supervision")
    assert sup["id"] in ids(c, f"org={root}&year=2025")
    assert i["id"] not in ids(c, f"org={root}&year=2025")
    assert i["id"] in ids(c, f"org={root}&year=2026&form=regular")
    assert i["id"] not in ids(c, f"org={root}&status=concluded")
    # The subject's subtree lists it too (the subject is inside).
    assert i["id"] in ids(c, f"org={S['unit']['id']}")
    assert sup["id"] in ids(c, f"org={S['cell']['id']}")
    assert i["id"] not in ids(c, f"org={S['cell']['id']}")
    # Carrying out an item of the commission's programme of the year.
    r = c.req("POST", "/api/v1/inspection/programmes", {
        "org_id": root, "body": "inspection_commission", "year": 2026,
        "title": "Chương trình kiểm tra năm 2026"})
    assert r.status == 201, r
    prog = r.json()["id"]
    x = create(programme_id=prog)
    assert x["programme_id"] == prog, x
    # Pages.
    seen, cursor = [], None
    while True:
        q = f"/api/v1/inspections?org={root}&limit=1"
        if cursor:
            q += "&cursor=" + cursor
        page = c.js(q)
        assert len(page["items"]) <= 1
        seen += [x["id"] for x in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == ids(c, f"org={root}&limit=1000"), seen


@test
def list_bad_query():
    c = S["inspection"]
    root = S["root"]["id"]
    for q, field in [("", "org"), (f"org={root}&kind=audit", "kind"),
                     (f"org={root}&form=x", "form"),
                     (f"org={root}&year=12", "year"),
                     (f"org={root}&status=done", "status"),
                     (f"org={root}&limit=0", "limit"),
                     (f"org={root}&cursor=zz", "cursor"),
                     (f"org={root}&colour=red", "colour")]:
        p = problem(c.get("/api/v1/inspections?" + q), 400)
        assert field in {f for f, _ in fields(p)}, (q, p)


@test
def self_inspection_and_scope():
    sec = S["secretary"]
    cell, other = S["cell"]["id"], S["other"]["id"]
    own = sec.req("POST", "/api/v1/inspections", body(
        org_id=cell, body="cell", kind="inspection", form="self",
        subject_org_id=cell, decided_on="2026-01-15",
        **{"from": "2026-01-15", "to": "2026-12-15"}))
    assert own.status == 201, own
    own = own.json()
    # Not its own: the inspection commission's right is needed.
    p = problem(sec.req("POST", "/api/v1/inspections", body(
        org_id=cell, body="cell", form="regular", subject_org_id=None,
        subject_member_id=S["mem"]["id"])), 403)
    # Another cell's self-inspection: outside its scope.
    r = sec.req("POST", "/api/v1/inspections", body(
        org_id=other, body="cell", form="self", subject_org_id=other))
    assert r.status in (403, 404, 422), r
    # The commission's inspections of the cell, of its member, of
    # another cell.
    of_cell = create(subject_org_id=cell)
    of_member = create(kind="supervision", subject_org_id=None,
                       subject_member_id=S["mem"]["id"])
    of_other = create(subject_org_id=other)
    got = ids(sec, f"org={cell}&limit=1000")
    assert own["id"] in got and of_cell["id"] in got, got
    assert of_member["id"] in got and of_other["id"] not in got, got
    sec.js(f"/api/v1/inspections/{of_cell['id']}")
    problem(sec.get(f"/api/v1/inspections/{of_other['id']}"), 404)
    problem(sec.get(f"/api/v1/inspections/{of_other['id']}"
                    "/recommendations"), 404)
    # The unit above its cell: not in its scope.
    p = problem(sec.get(f"/api/v1/inspections?org={S['unit']['id']}"), 400)
    assert ("org", "org_not_found") in fields(p), p
    # It reads the commission's inspection of its cell, may not change it.
    problem(sec.req("PATCH", f"/api/v1/inspections/{of_cell['id']}",
                    {"team": "x"}, headers={"If-Match": '"1"'}), 403)
    # The viewer and a plain member see none.
    problem(S["viewer"].get(f"/api/v1/inspections?org={cell}"), 403)
    problem(S["viewer"].get(f"/api/v1/inspections/{own['id']}"), 403)
    problem(S["member"].get(f"/api/v1/inspections/{own['id']}"), 403)
    # The secretary concludes its self-inspection.
    r = sec.req("PATCH", f"/api/v1/inspections/{own['id']}",
                {"status": "concluded", "conclusion": "Đạt yêu cầu",
                 "findings": "Chi bộ sinh hoạt đều"},
                headers={"If-Match": '"1"'})
    assert r.status == 200, r
    assert r.json()["status"] == "concluded" and r.json()["version"] == 2


@test
def recommendations_followed_until_done():
    c = S["inspection"]
    i = create(subject_org_id=S["cell"]["id"])
    url = f"/api/v1/inspections/{i['id']}/recommendations"
    n0 = audit_count("inspection.recommendation")
    r = c.req("POST", url, {"text": "Thu đảng phí đúng hạn",
                            "owner": "Chi ủy chi bộ",
                            "owner_org_id": S["cell"]["id"],
                            "due_on": "2026-11-30"})
    assert r.status == 201, r
    late = r.json()
    assert list(late) == REC_FIELDS, list(late)
    assert late["overdue"] is True and late["done_on"] is None, late
    assert audit_count("inspection.recommendation") == n0 + 1
    ok = c.req("POST", url, {"text": "Bổ sung sổ sách", "owner": "Bí thư",
                             "due_on": "2026-12-31"}).json()
    assert ok["overdue"] is False, ok
    g = c.js(f"/api/v1/inspections/{i['id']}")
    assert g["recommendations_count"] == 2, g
    assert g["recommendations_overdue"] == 1, g
    assert [x["id"] for x in g["recommendations"]] == [late["id"], ok["id"]]
    assert [x["id"] for x in c.js(url)["items"]] == [late["id"], ok["id"]]
    # The secretary of the subject cell reads them.
    assert len(S["secretary"].js(url)["items"]) == 2
    # Done in the future, a result without its date: refused.
    for patch, field in [({"done_on": "2026-12-08"}, "done_on"),
                         ({"result": "Đã thu"}, "done_on"),
                         ({"due_on": "soon"}, "due_on"),
                         ({"overdue": False}, "overdue"),
                         ({"text": None}, "text")]:
        p = problem(c.req("PATCH", f"{url}/{late['id']}", patch), 422)
        assert field in {f for f, _ in fields(p)}, (patch, p)
    r = c.req("PATCH", f"{url}/{late['id']}",
              {"done_on": "2026-12-05", "result": "Đã thu đủ"},
              headers={"If-Match": '"1"'})
    assert r.status == 200, r
    done = r.json()
    assert done["overdue"] is False and done["version"] == 2, done
    problem(c.req("PATCH", f"{url}/{late['id']}", {"owner": "x"},
                  headers={"If-Match": '"1"'}), 412)
    g = c.js(f"/api/v1/inspections/{i['id']}")
    assert g["recommendations_overdue"] == 0, g
    assert audit_count("inspection.recommendation_update") >= 1
    problem(c.req("PATCH", f"{url}/999999", {"owner": "x"}), 404)
    # Bad input: nothing added.
    for b, field in [({"owner": "x", "due_on": "2026-12-31"}, "text"),
                     ({"text": "x", "owner": "x"}, "due_on"),
                     ({"text": "x\u0007", "owner": "x",
                       "due_on": "2026-12-31"}, "text"),
                     ({"text": "x", "owner": "x", "due_on": "2026-12-31",
                       "colour": 1}, "colour"),
                     ({"text": 5, "owner": "x", "due_on": "2026-12-31"},
                      "text")]:
        p = problem(c.req("POST", url, b), 422)
        assert field in {f for f, _ in fields(p)}, (b, p)
    assert len(c.js(url)["items"]) == 2


@test
def attachments():
    c = S["inspection"]
    i = create(subject_org_id=S["cell"]["id"])
    url = f"/api/v1/inspections/{i['id']}/attachments"
    body_, ct = multipart([("file", "kết luận.pdf", PDF)])
    r = c.req("POST", url, body_, ctype=ct)
    assert r.status == 201, r
    a = r.json()
    assert a["content_type"] == "application/pdf" and a["size"] == len(PDF)
    assert a["name"] == "kết luận.pdf", a
    assert len(a["sha256"]) == 64, a
    assert audit_count("inspection.attachment_add") >= 1
    got = c.get(f"{url}/{a['id']}")
    assert got.status == 200 and got.body == PDF, got
    assert "attachment" in got.headers["content-disposition"], got.headers
    assert [x["id"] for x in c.js(url)["items"]] == [a["id"]]
    g = c.js(f"/api/v1/inspections/{i['id']}")
    assert [x["id"] for x in g["attachments"]] == [a["id"]], g
    # Not a document by its content, whatever its name.
    body_, ct = multipart([("file", "x.pdf", b"MZ\x90\x00not a pdf")])
    p = problem(c.req("POST", url, body_, ctype=ct), 422)
    assert ("file", "unsupported_material_type") in fields(p), p
    body_, ct = multipart([("other", "x.pdf", PDF)])
    problem(c.req("POST", url, body_, ctype=ct), 422)
    # The secretary reads it, may not add to the commission's record.
    assert S["secretary"].get(f"{url}/{a['id']}").body == PDF
    body_, ct = multipart([("file", "x.pdf", PDF)])
    problem(S["secretary"].req("POST", url, body_, ctype=ct), 403)
    assert len(c.js(url)["items"]) == 1
    problem(c.get(f"{url}/999999"), 404)


def multipart(files):
    bd = "----chibo%d" % time.time_ns()
    out = b""
    for k, name, data in files:
        out += (f"--{bd}\r\nContent-Disposition: form-data; name=\"{k}\";"
                f" filename=\"{name}\"\r\nContent-Type: application/pdf"
                "\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{bd}--\r\n".encode()
    return out, "multipart/form-data; boundary=" + bd


@test
def create_bad_input_nothing_written():
    c = S["inspection"]
    root, cell = S["root"]["id"], S["cell"]["id"]
    before = c.js(f"/api/v1/inspections?org={root}&limit=1000")
    n0 = audit_count("inspection.create")
    cases = [
        (body(kind=7), "kind"),
        (body(kind="audit"), "kind"),
        (body(body="party"), "body"),
        (body(form="surprise"), "form"),
        (body(kind="supervision", form="on_signs_of_violation"), "form"),
        (body(form="self"), "form"),
        (body(org_id=cell, body="cell", subject_org_id=cell), "form"),
        (body(subject_org_id=None), "subject_org_id"),
        (body(subject_member_id=S["mem"]["id"]), "subject_member_id"),
        (body(**{"from": "2026-04-11"}), "to"),
        (body(decided_on="2026-03-11"), "from"),
        (body(decided_on="yesterday"), "decided_on"),
        (body(**{"from": "2026-02-30"}), "from"),
        (body(team="Đoàn\u001bsố 1"), "team"),
        (body(team="Đoàn\u202esố 1"), "team"),
        (body(doc_no="x" * 81), "doc_no"),
        (body(colour="red"), "colour"),
        (body(version=3), "version"),
        (body(recorded_by="me"), "recorded_by"),
        (body(status="concluded"), "conclusion"),
        (body(content_codes="member_duties"), "content_codes"),
        (body(content_codes=["Member Duties"]), "content_codes[0]"),
        (body(content_codes=["a", "a"]), "content_codes[1]"),
        (body(content_codes=[1]), "content_codes[0]"),
        (body(content_codes=["c%d" % k for k in range(33)]),
         "content_codes"),
        (body(subject_org_id=999999), "subject_org_id"),
        (body(org_id=cell, body="cell", subject_org_id=S["unit"]["id"]),
         "subject_org_id"),
        (body(subject_org_id="x"), "subject_org_id"),
        (body(org_id=cell, subject_org_id=None,
              subject_member_id=S["mem"]["id"]), "body"),
    ]
    for b, field in cases:
        p = problem(c.req("POST", "/api/v1/inspections", b), 422)
        assert field in {f for f, _ in fields(p)}, (b, p)
        assert p["errors"][0]["message"], p
    # Every problem at once.
    p = problem(c.req("POST", "/api/v1/inspections",
                      body(kind="audit", team="x\u0007", colour=1)), 422)
    assert {"kind", "team", "colour"} <= {f for f, _ in fields(p)}, p
    # The rulebook's: forms by kind, the contents' catalogue, each
    # naming its rule; English on request.
    p = problem(c.req("POST", "/api/v1/inspections",
                      body(kind="supervision", form="on_signs_of_violation",
                           content_codes=["astrology", "party_fees"]),
                      headers={"Accept-Language": "en"}), 422)
    assert ("form", "form_not_allowed") in fields(p), p
    assert ("content_codes", "unknown_content") in fields(p), p
    e = [x for x in p["errors"] if x["field"] == "form"][0]
    assert e["rule"] == "inspection.forms" and "regular" in e["message"], e
    e = [x for x in p["errors"] if x["field"] == "content_codes"][0]
    assert e["rule"] == "inspection.contents", e
    assert "astrology" in e["message"], e
    p = problem(c.req("POST", "/api/v1/inspections",
                      body(programme_id=999999)), 422)
    assert ("programme_id", "programme_not_found") in fields(p), p
    # A huge body, JSON that does not parse, not an object.
    big = json.dumps(body(findings="x" * (3 << 20))).encode()
    status, _ = raw_http(S["srv"].port, (
        "POST /api/v1/inspections HTTP/1.1\r\nHost: x\r\n"
        f"Cookie: chibo_session={c.cookie}\r\n"
        f"X-CSRF-Token: {c.csrf}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(big)}\r\n\r\n").encode(), [big])
    assert status == 413, status
    problem(c.req("POST", "/api/v1/inspections", "{not json",
                  ctype="application/json"), 400, "invalid_json")
    r = c.req("POST", "/api/v1/inspections", [1, 2])
    assert r.status in (400, 422), r
    after = c.js(f"/api/v1/inspections?org={root}&limit=1000")
    assert before == after
    assert audit_count("inspection.create") == n0


@test
def patch_if_match_delete():
    c = S["inspection"]
    i = create()
    url = f"/api/v1/inspections/{i['id']}"
    problem(c.req("PATCH", url, {"team": "Tổ 2"}), 428, "if_match_required")
    problem(c.req("PATCH", url, {"team": "Tổ 2"},
                  headers={"If-Match": '"7"'}), 412)
    p = problem(c.req("PATCH", url, {"to": "2026-01-01"},
                      headers={"If-Match": '"1"'}), 422)
    assert ("to", "date_before") in fields(p), p
    assert c.js(url)["version"] == 1
    r = c.req("PATCH", url, {"status": "in_progress",
                             "content_codes": ["asset_declaration"],
                             "doc_no": None},
              headers={"If-Match": '"1"'})
    assert r.status == 200, r
    x = r.json()
    assert x["status"] == "in_progress" and x["doc_no"] is None, x
    assert x["content_codes"] == ["asset_declaration"], x
    assert x["version"] == 2 and r.headers["etag"] == '"2"', r
    assert audit_count("inspection.update") >= 1
    # Read-only fields: refused unless unchanged.
    p = problem(c.req("PATCH", url, {"version": 9},
                      headers={"If-Match": '"2"'}), 422)
    # Delete: its recommendations and attachments go with it.
    c.req("POST", url + "/recommendations",
          {"text": "x", "owner": "y", "due_on": "2026-12-31"})
    problem(S["secretary"].req("DELETE", url), 404)
    problem(c.req("DELETE", url, headers={"If-Match": '"1"'}), 412)
    r = c.req("DELETE", url)
    assert r.status == 204, r
    problem(c.get(url), 404)
    assert audit_count("inspection.delete") >= 1


@test
def programme_reference_kept_whole():
    """An inspection names an existing programme or none: a negative id is
    422 programme_not_found, nothing written (it was stored as -1); and a
    programme that inspections carried out may not be deleted under them
    (409 programme_in_use; it left them naming a deleted programme)."""
    c = S["inspection"]
    n0 = int(sql(S["db"], "SELECT count(*) FROM inspection")[0][0])
    for bad in (-1, -2**63, 999999):
        p = problem(c.req("POST", "/api/v1/inspections",
                          body(programme_id=bad)), 422)
        assert ("programme_id", "programme_not_found") in fields(p), p
    assert int(sql(S["db"], "SELECT count(*) FROM inspection")[0][0]) == n0
    r = c.req("POST", "/api/v1/inspection/programmes", {
        "org_id": S["root"]["id"], "body": "inspection_commission",
        "year": 2024, "title": "Chương trình kiểm tra năm 2024"})
    assert r.status == 201, r
    prog = r.json()["id"]
    purl = f"/api/v1/inspection/programmes/{prog}"
    r = c.req("POST", purl + "/items", {
        "kind": "inspection", "form": "regular",
        "subject_org_id": S["unit"]["id"], "content_codes": ["party_fees"],
        "planned_from": "2024-03-01", "planned_to": "2024-03-31"})
    assert r.status == 201, r
    i = create(programme_id=prog, decided_on="2024-03-02",
               **{"from": "2024-03-10", "to": "2024-04-10"})
    p = problem(c.req("DELETE", purl), 409, "programme_in_use")
    assert p["detail"], p
    en = problem(c.req("DELETE", purl, headers={"Accept-Language": "en"}),
                 409, "programme_in_use")
    assert "cannot be deleted" in en["detail"], en
    got = c.js(purl)
    assert len(got["items"]) == 1, got
    assert c.js(f"/api/v1/inspections/{i['id']}")["programme_id"] == prog
    # Once the inspection is gone, the programme may go.
    r = c.req("DELETE", f"/api/v1/inspections/{i['id']}")
    assert r.status == 204, r
    r = c.req("DELETE", purl)
    assert r.status == 204, r


sys.exit(run_tests(setup, teardown))
