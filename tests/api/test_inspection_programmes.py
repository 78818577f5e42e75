#!/usr/bin/env python3
"""Terms of a committee and inspection and supervision programmes (issue
14) on one backend (argv[1]): terms recorded, listed (the one in force on
a day), never overlapping, changed with If-Match, deleted; programmes of a
body and year with their items (kind, form by rule inspection.forms,
contents of the rulebook's catalogue inspection.contents, subject inside
the body's subtree); who may do what (a secretary its cell's programme
only, members and viewers nothing); bad input answered 4xx naming the
field with nothing changed; every write audited.
"""
import re
import sys

from apilib import (Server, demo_db, fields, org_by_code, problem,
                    run_tests, test)

TERM_FIELDS = ["id", "org_id", "name", "starts_on", "ends_on", "note",
               "recorded_by", "version", "created_at", "updated_at"]
PROG_FIELDS = ["id", "org_id", "body", "year", "title", "doc_no",
               "approved_on", "status", "recorded_by", "version"]
ITEM_FIELDS = ["id", "programme_id", "kind", "form", "subject_org_id",
               "subject_member_id", "content_codes", "planned_from",
               "planned_to", "team", "status", "note"]

S = {}


def setup():
    db = demo_db("programmes", meetings=False, inspections=False)
    S["db"] = db
    S["srv"] = Server(db)
    for role in ("admin", "office", "inspection", "secretary", "member",
                 "viewer"):
        S[role] = S["srv"].client(role)
    S["cell"] = org_by_code(S["admin"], "CB-VP-1")
    S["other"] = org_by_code(S["admin"], "CB-VP-2")
    S["unit"] = org_by_code(S["admin"], "DBCS-VP")
    S["far"] = org_by_code(S["admin"], "CB-HVDT-1")


def teardown():
    for k in ("admin", "office", "inspection", "secretary", "member",
              "viewer"):
        S[k].close()
    S["srv"].stop()


def a_member(org):
    return S["admin"].js(f"/api/v1/members?org={org['id']}&limit=5"
                         )["items"][0]


def terms_of(org):
    return S["admin"].js(f"/api/v1/terms?org={org['id']}")["items"]


def programme(c, **kw):
    b = {"org_id": S["unit"]["id"], "body": "committee", "year": 2026,
         "title": "Chương trình kiểm tra, giám sát năm 2026"}
    b.update(kw)
    r = c.req("POST", "/api/v1/inspection/programmes", b)
    assert r.status == 201, r
    return r.json()


def item_body(**kw):
    b = {"kind": "inspection", "form": "regular",
         "subject_org_id": S["cell"]["id"],
         "content_codes": ["member_duties", "prohibited_acts"],
         "planned_from": "2026-03-01", "planned_to": "2026-03-31",
         "team": "Tổ kiểm tra số 1"}
    b.update(kw)
    return b


@test
def terms_record_list_overlap():
    c, org = S["office"], S["unit"]
    r = c.req("POST", "/api/v1/terms", {
        "org_id": org["id"], "name": "2020–2025", "starts_on": "2020-06-01",
        "ends_on": "2025-05-31"})
    assert r.status == 201, r
    old = r.json()
    assert list(old) == TERM_FIELDS, old
    assert r.headers["etag"] == '"1"', r.headers
    assert r.headers["location"] == f"/api/v1/terms/{old['id']}", r
    r = c.req("POST", "/api/v1/terms", {
        "org_id": org["id"], "name": "2025–2030", "starts_on": "2025-06-01",
        "ends_on": "2030-05-31", "note": "Đại hội nhiệm kỳ 2025–2030"})
    assert r.status == 201, r
    cur = r.json()
    assert [t["id"] for t in terms_of(org)] == [old["id"], cur["id"]]
    # The one in force on a day (the last day of the old one too).
    on = S["secretary"].req("GET", f"/api/v1/terms?org={org['id']}")
    assert on.status == 400, on  # the unit is outside the secretary's cell
    got = S["inspection"].js(f"/api/v1/terms?org={org['id']}&on=2026-12-07")
    assert [t["id"] for t in got["items"]] == [cur["id"]], got
    got = c.js(f"/api/v1/terms?org={org['id']}&on=2025-05-31")
    assert [t["id"] for t in got["items"]] == [old["id"]], got
    assert c.js(f"/api/v1/terms?org={org['id']}&on=2031-01-01"
                )["items"] == []
    # Overlapping another term: 422 on starts_on naming it; nothing made.
    before = terms_of(org)
    p = problem(c.req("POST", "/api/v1/terms", {
        "org_id": org["id"], "name": "Chồng lấn", "starts_on": "2030-05-31",
        "ends_on": "2035-05-31"}), 422)
    assert ("starts_on", "term_overlap") in fields(p), p
    assert "2025–2030" in p["errors"][0]["message"], p
    # Its dates as people read them, dd/mm/yyyy.
    assert re.search(r"\(\d\d/\d\d/\d{4} – \d\d/\d\d/\d{4}\)",
                     p["errors"][0]["message"]), p
    # Ends before it starts; both dates required.
    p = problem(c.req("POST", "/api/v1/terms", {
        "org_id": org["id"], "name": "Ngược", "starts_on": "2036-01-01",
        "ends_on": "2035-01-01"}), 422)
    assert ("ends_on", "date_before") in fields(p), p
    p = problem(c.req("POST", "/api/v1/terms", {
        "org_id": org["id"], "name": "Thiếu"}), 422)
    assert {("starts_on", "required"), ("ends_on", "required")} <= \
        fields(p), p
    assert terms_of(org) == before
    # Changes need If-Match; a stale one is 412; the organisation stays.
    path = f"/api/v1/terms/{cur['id']}"
    problem(c.req("PATCH", path, {"note": "x"}), 428)
    problem(c.req("PATCH", path, {"note": "x"}, headers={"If-Match": '"7"'}),
            412)
    p = problem(c.req("PATCH", path, {"org_id": S["cell"]["id"]},
                      headers={"If-Match": '"1"'}), 422)
    assert ("org_id", "read_only") in fields(p), p
    p = problem(c.req("PATCH", path, {"starts_on": "2025-05-01"},
                      headers={"If-Match": '"1"'}), 422)
    assert ("starts_on", "term_overlap") in fields(p), p
    assert S["admin"].js(path) == cur
    r = c.req("PATCH", path, {"ends_on": "2030-06-30"},
              headers={"If-Match": '"1"'})
    assert r.status == 200 and r.json()["version"] == 2, r
    # Who may: the inspection commission reads but writes no term; the
    # secretary reads its cell's; a member its own cell's.
    problem(S["inspection"].req("PATCH", path, {"note": "y"},
                                headers={"If-Match": '"2"'}), 403)
    r = S["office"].req("POST", "/api/v1/terms", {
        "org_id": S["cell"]["id"], "name": "2025–2027",
        "starts_on": "2025-01-01", "ends_on": "2027-12-31"})
    assert r.status == 201, r
    ct = r.json()
    assert S["secretary"].js(f"/api/v1/terms/{ct['id']}")["id"] == ct["id"]
    assert S["member"].js(f"/api/v1/terms/{ct['id']}")["id"] == ct["id"]
    problem(S["secretary"].req("DELETE", f"/api/v1/terms/{ct['id']}"), 403)
    problem(S["secretary"].req("GET", path), 404)
    p = problem(S["secretary"].req("POST", "/api/v1/terms", {
        "org_id": S["other"]["id"], "name": "2025–2030",
        "starts_on": "2025-01-01", "ends_on": "2030-01-01"}), 422)
    assert ("org_id", "org_not_found") in fields(p), p
    # Deleted: gone.
    r = c.req("DELETE", f"/api/v1/terms/{old['id']}")
    assert r.status == 204, r
    problem(c.req("GET", f"/api/v1/terms/{old['id']}"), 404)
    # Audited.
    acts = [e["action"] for e in S["admin"].js(
        f"/api/v1/audit?org={org['id']}&limit=100")["items"]]
    assert {"term.create", "term.update", "term.delete"} <= set(acts), acts


@test
def programmes_and_items():
    c = S["inspection"]
    # The inspection commission's programme of a unit it does not cover
    # (ubkt is granted at the root in the demo: every unit).
    p = programme(c, body="inspection_commission")
    assert list(p)[:len(PROG_FIELDS)] == PROG_FIELDS, p
    assert p["status"] == "draft" and p["version"] == 1, p
    base = f"/api/v1/inspection/programmes/{p['id']}"
    r = c.req("POST", base + "/items", item_body())
    assert r.status == 201, r
    it = r.json()
    assert list(it)[:len(ITEM_FIELDS)] == ITEM_FIELDS, it
    assert it["content_codes"] == ["member_duties", "prohibited_acts"], it
    assert it["status"] == "planned" and it["subject_member_id"] is None, it
    # A member of a cell of the unit, supervised.
    m = a_member(S["other"])
    r = c.req("POST", base + "/items", item_body(
        kind="supervision", form="thematic", subject_org_id=None,
        subject_member_id=m["id"], content_codes=["asset_declaration"],
        planned_from=None, planned_to=None))
    assert r.status == 201, r
    it2 = r.json()
    got = c.js(base)
    assert [i["id"] for i in got["items"]] == [it2["id"], it["id"]], got
    # The list of the subtree, by year and body.
    lst = c.js(f"/api/v1/inspection/programmes?org={S['unit']['id']}"
               "&year=2026&body=inspection_commission")["items"]
    assert p["id"] in [x["id"] for x in lst], lst
    assert c.js(f"/api/v1/inspection/programmes?org={S['unit']['id']}"
                "&year=2025")["items"] == []
    # A page at a time.
    programme(c, body="committee")
    url = f"/api/v1/inspection/programmes?org={S['unit']['id']}&limit=1"
    seen, page = [], c.js(url)
    while True:
        seen += [x["id"] for x in page["items"]]
        if page["next_cursor"] is None:
            break
        page = c.js(url + "&cursor=" + page["next_cursor"])
    whole = c.js(f"/api/v1/inspection/programmes?org={S['unit']['id']}")
    assert seen == [x["id"] for x in whole["items"]] and len(seen) >= 2
    assert whole["next_cursor"] is None, whole
    p2 = problem(c.req("GET", url + "&cursor=nope"), 400)
    assert ("cursor", "invalid_cursor") in fields(p2), p2
    # With items, its organisation and body stay; nothing changed.
    p2 = problem(c.req("PATCH", base, {"org_id": S["other"]["id"]},
                       headers={"If-Match": '"1"'}), 422)
    assert ("org_id", "programme_has_items") in fields(p2), p2
    p2 = problem(c.req("PATCH", base, {"body": "committee"},
                       headers={"If-Match": '"1"'}), 422)
    assert ("body", "programme_has_items") in fields(p2), p2
    assert c.js(base)["version"] == 1
    # Progress of an item; the programme approved (If-Match required).
    r = c.req("PATCH", f"/api/v1/inspection/programme-items/{it['id']}",
              {"status": "in_progress"})
    assert r.status == 200 and r.json()["version"] == 2, r
    problem(c.req("PATCH", base, {"status": "approved"}), 428)
    r = c.req("PATCH", base, {"status": "approved", "doc_no": "01-CTr/UBKT",
                              "approved_on": "2026-01-10"},
              headers={"If-Match": '"1"'})
    assert r.status == 200 and r.json()["status"] == "approved", r
    # Deleted items and programme.
    r = c.req("DELETE", f"/api/v1/inspection/programme-items/{it2['id']}")
    assert r.status == 204, r
    assert [i["id"] for i in c.js(base)["items"]] == [it["id"]]
    r = c.req("DELETE", base)
    assert r.status == 204, r
    problem(c.req("GET", base), 404)
    problem(c.req("PATCH", f"/api/v1/inspection/programme-items/{it['id']}",
                  {"status": "done"}), 404)
    acts = [e["action"] for e in S["admin"].js(
        f"/api/v1/audit?org={S['unit']['id']}&limit=200")["items"]]
    assert {"programme.create", "programme.update", "programme.delete",
            "programme.item_add", "programme.item_update",
            "programme.item_delete"} <= set(acts), acts


@test
def item_rules():
    c = S["office"]
    p = programme(c)
    base = f"/api/v1/inspection/programmes/{p['id']}/items"
    cases = [
        (item_body(kind="supervision", form="on_signs_of_violation"),
         ("form", "form_not_allowed")),
        (item_body(content_codes=["member_duties", "khong_co"]),
         ("content_codes", "unknown_content")),
        (item_body(content_codes=["party_fees", "party_fees"]),
         ("content_codes", "duplicate_content")),
        (item_body(subject_member_id=a_member(S["cell"])["id"]),
         ("subject_org_id", "subject_one_of")),
        (item_body(subject_org_id=None), ("subject_org_id", "subject_one_of")),
        (item_body(subject_org_id=S["far"]["id"]),
         ("subject_org_id", "subject_outside_body")),
        (item_body(subject_org_id=S["unit"]["id"]),
         ("subject_org_id", "subject_outside_body")),
        (item_body(planned_to="2026-02-01"), ("planned_to", "date_before")),
        (item_body(form="self"), ("form", "invalid_value")),
        (item_body(content_codes="member_duties"),
         ("content_codes", "wrong_type")),
        (item_body(team="a\x07b"), ("team", "control_character")),
        (item_body(id=5), ("id", "read_only")),
        (item_body(whatever=1), ("whatever", "unknown_field")),
    ]
    for body, want in cases:
        p2 = problem(c.req("POST", base, body), 422)
        assert want in fields(p2), (body, p2)
    # The rule and its citation are named.
    p2 = problem(c.req("POST", base, item_body(
        kind="supervision", form="on_signs_of_violation")), 422)
    e = [x for x in p2["errors"] if x["code"] == "form_not_allowed"][0]
    assert e.get("rule") == "inspection.forms" and "296" in e["citation"], e
    # In English on request.
    r = c.req("POST", base, item_body(content_codes=["nope"]),
              headers={"Accept-Language": "en"})
    assert "catalogue" in problem(r, 422)["errors"][0]["message"], r
    # Nothing was made.
    assert c.js(f"/api/v1/inspection/programmes/{p['id']}")["items"] == []
    # A programme: bad year, a cell body for a committee, unknown body.
    for body, want in [
            ({"year": 1200}, ("year", "invalid_value")),
            ({"body": "cell"}, ("body", "body_not_allowed")),
            ({"body": "ubkt"}, ("body", "invalid_value")),
            ({"title": None}, ("title", "required")),
            ({"year": "2026"}, ("year", "wrong_type"))]:
        b = {"org_id": S["unit"]["id"], "body": "committee", "year": 2026,
             "title": "T"}
        b.update(body)
        p2 = problem(c.req("POST", "/api/v1/inspection/programmes", b), 422)
        assert want in fields(p2), (body, p2)
    n = len(c.js(f"/api/v1/inspection/programmes?org={S['unit']['id']}"
                 )["items"])
    assert n == len(S["admin"].js(
        f"/api/v1/inspection/programmes?org={S['unit']['id']}")["items"])


@test
def secretary_scope():
    sec = S["secretary"]
    # Its cell's own programme: the cell's members supervised.
    p = programme(sec, org_id=S["cell"]["id"], body="cell",
                  title="Chương trình kiểm tra, giám sát của chi bộ")
    base = f"/api/v1/inspection/programmes/{p['id']}"
    m = a_member(S["cell"])
    r = sec.req("POST", base + "/items", item_body(
        kind="supervision", form="regular", subject_org_id=None,
        subject_member_id=m["id"], content_codes=["party_activities"]))
    assert r.status == 201, r
    # A member of another cell is outside the cell's body.
    p2 = problem(sec.req("POST", base + "/items", item_body(
        subject_org_id=None, subject_member_id=a_member(S["other"])["id"])),
        422)
    assert ("subject_member_id", "subject_outside_body") in fields(p2), p2
    # Not the committee's programme of its cell; not another cell's.
    problem(sec.req("POST", "/api/v1/inspection/programmes", {
        "org_id": S["cell"]["id"], "body": "committee", "year": 2026,
        "title": "T"}), 403)
    p2 = problem(sec.req("POST", "/api/v1/inspection/programmes", {
        "org_id": S["other"]["id"], "body": "cell", "year": 2026,
        "title": "T"}), 422)
    assert ("org_id", "org_not_found") in fields(p2), p2
    # The office's programme of the unit: not found; the list outside its
    # cell: 400.
    up = programme(S["office"], title="Của đảng ủy")
    problem(sec.req("GET", f"/api/v1/inspection/programmes/{up['id']}"), 404)
    problem(sec.req("DELETE", f"/api/v1/inspection/programmes/{up['id']}"),
            404)
    problem(sec.req("GET", "/api/v1/inspection/programmes?org="
                    f"{S['unit']['id']}"), 400)
    own = sec.js(f"/api/v1/inspection/programmes?org={S['cell']['id']}")
    assert [x["id"] for x in own["items"]] == [p["id"]], own
    # The inspection role writes the cell's programme too; members and
    # viewers read none.
    r = S["inspection"].req("PATCH", base, {"title": "Đổi"},
                            headers={"If-Match": '"1"'})
    assert r.status == 200, r
    for role in ("member", "viewer"):
        problem(S[role].req("GET", base), 403)
        problem(S[role].req("GET", "/api/v1/inspection/programmes?org="
                            f"{S['cell']['id']}"), 403)
        problem(S[role].req("POST", "/api/v1/inspection/programmes", {
            "org_id": S["cell"]["id"], "body": "cell", "year": 2026,
            "title": "T"}), 403)
    assert S["admin"].js(base)["title"] == "Đổi"


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
