#!/usr/bin/env python3
"""API tests: start the built `chibo serve` on a fresh demo database of one
backend (argv[1]: sqlite or pg) and exercise every route over HTTP,
including the bad-input list of the API contract; after each rejected
change the data is read back and compared.

Python with the standard library only (http.client, json, subprocess): a
test reads as the request it sends and the answer it expects, and needs
nothing the machine does not already have.  The server runs under
AddressSanitizer; it must stop with status 0 on SIGTERM and print no
sanitizer report.

Every request is made as the demo's admin, signed in once at the start
(session cookie, and X-CSRF-Token on every change); bearer_token_variant
does a few with an API token instead.  Who may do what is
test_authz.py's business, sign-in and the audit trail test_security.py's.

Environment (set by tests/meson.build): CHIBO_BIN, CHIBO_TEST_MKDB,
CHIBO_TEST_MKXLSX; CHIBO_TEST_PG for PostgreSQL (without it the pg run is
skipped: exit 77).  CHIBO_TEST_ONLY=name,name runs only those tests.
"""
import csv
import hashlib
import datetime
import io
import sys
import json
import os
import re
import socket
import subprocess
import threading
import unicodedata
import urllib.parse

from apilib import (BACKEND, BIN, DEMO, MKXLSX, SEQ, TESTS, TMP, Client,
                    Server, citizen_id, create_member, demo_db, env, fields,
                    import_apply, members_all, new_cell, new_member,
                    org_by_code, orgs_all, problem, raw_http, run, run_tests,
                    test)

MAX_BODY = 1024 * 1024


class Ctx:
    pass


C = Ctx()


def client(port=None):
    """Another connection signed in as the admin of the main server (the
    same session), or a new session on another server."""
    if port is None:
        return C.c.same_auth()
    c = Client(port)
    c.login(*DEMO["admin"])
    return c


# ------------------------------------------------------------------ meta

@test
def healthz_and_head():
    r = C.c.get("/healthz")
    assert r.status == 200, r
    h = r.json()
    assert h["status"] == "ok" and h["schema_version"] >= 1, h
    assert h["backend"] == ("sqlite" if BACKEND == "sqlite"
                            else "postgresql"), h
    assert r.headers["content-type"] == "application/json", r
    r = C.c.req("HEAD", "/healthz")
    assert r.status == 200 and r.body == b"", r
    problem(C.c.get("/healthz?x=1"), 400, "invalid_query")


@test
def keep_alive():
    c = client()
    c.get("/healthz")
    sock = c.conn.sock
    for _ in range(5):
        assert c.get("/api/v1/members?limit=1").status == 200
        assert c.get("/api/v1/nope").status == 404
    assert c.conn.sock is sock, "the server closed a keep-alive connection"


@test
def unknown_route_and_language():
    p = problem(C.c.get("/api/v1/nope"), 404, "route_not_found")
    assert p["detail"] == "Không có địa chỉ này trong API.", p
    r = C.c.get("/api/v1/nope", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert r.headers["content-language"] == "en", r
    assert problem(r, 404)["detail"] == "There is no such address in the API."
    r = C.c.get("/api/v1/nope",
                headers={"Accept-Language": "en;q=0.5, vi"})
    assert r.headers["content-language"] == "vi", r
    problem(C.c.get("/"), 404, "route_not_found")
    problem(C.c.get("/api/v1/members/"), 404, "route_not_found")


@test
def method_not_allowed():
    r = C.c.req("PUT", "/api/v1/members/1", b"{}", ctype="application/json")
    problem(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "GET, HEAD, PATCH, DELETE", r
    r = C.c.req("DELETE", "/api/v1/orgs")
    assert problem(r, 405) and r.headers["allow"] == "GET, HEAD, POST", r
    r = C.c.get("/api/v1/members/import")
    assert problem(r, 405) and r.headers["allow"] == "POST", r
    r = C.c.req("POST", "/healthz")
    assert problem(r, 405) and "PUT" not in r.headers["allow"], r


@test
def openapi_matches_the_server():
    doc = C.c.js("/api/v1/openapi.json")
    assert doc["openapi"].startswith("3."), doc["openapi"]
    # The Member schema is what the server sends.
    m = C.c.js("/api/v1/members?limit=1")["items"][0]
    props = doc["components"]["schemas"]["Member"]["properties"]
    # ("masked" only when personal fields were withheld: not for admin.)
    assert list(props) == list(m) + ["masked"], (list(props), list(m))
    org = orgs_all(C.c)[0]
    assert set(doc["components"]["schemas"]["Org"]["properties"]) == \
        set(org), org
    verbs = {"get", "post", "patch", "delete", "put"}
    # A session of its own: DELETE /api/v1/session ends it.
    c = client(C.srv.port)
    for path, item in doc["paths"].items():
        methods = {k for k in item if k in verbs}
        concrete = path.replace("{id}", str(m["id"]) if "members" in path
                                else str(m["org_id"]))
        for verb in verbs:
            # Nothing here may change data: bodies are refused (no
            # content type), deletes carry an impossible If-Match.
            hdr = {"If-Match": '"999999999"'} if verb == "delete" else {}
            if path == "/api/v1/session" and verb == "delete":
                continue
            r = c.req(verb.upper(), concrete, headers=hdr)
            if verb in methods:
                assert r.status not in (404, 405) or \
                    r.json()["code"] not in ("route_not_found",
                                             "method_not_allowed"), \
                    (verb, path, r)
            else:
                assert r.status == 405, (verb, path, r)
                allow = {a.strip().lower()
                         for a in r.headers["allow"].split(",")}
                want = methods | ({"head"} if "get" in methods else set())
                assert allow == want, (path, allow, want)
    # ... and nothing was deleted.
    assert C.c.get(f"/api/v1/members/{m['id']}").status == 200


@test
def metrics_count_by_route():
    mid = C.c.js("/api/v1/members?limit=1")["items"][0]["id"]
    C.c.get(f"/api/v1/members/{mid}")

    def scrape():
        r = C.c.get("/metrics")
        assert r.status == 200, r
        assert r.headers["content-type"].startswith(
            "text/plain; version=0.0.4"), r
        return r.body.decode()

    def value(text, series):
        for line in text.splitlines():
            if line.startswith(series + " "):
                return float(line.split()[-1])
        return 0.0

    series = ('chibo_http_requests_total{method="GET",'
              'route="/api/v1/members/{id}",status="200"}')
    t1 = scrape()
    n1 = value(t1, series)
    assert n1 >= 1, t1
    for _ in range(3):
        C.c.get(f"/api/v1/members/{mid}")
    C.c.get("/api/v1/members/999999999")
    t2 = scrape()
    assert value(t2, series) == n1 + 3, t2
    assert value(t2, series.replace('"200"', '"404"')) >= 1, t2
    assert f'/api/v1/members/{mid}"' not in t2, "raw path as a label"
    for name in ("# TYPE chibo_http_requests_total counter",
                 "# TYPE chibo_http_request_duration_seconds histogram",
                 "# TYPE chibo_http_requests_in_flight gauge",
                 "# TYPE chibo_db_pool_size gauge",
                 "# TYPE chibo_audit_views_queued gauge",
                 "process_start_time_seconds"):
        assert name in t2, name
    b = ('chibo_http_request_duration_seconds_count'
         '{route="/api/v1/members/{id}"}')
    assert value(t2, b) >= n1 + 4, t2
    assert value(t2, 'chibo_http_request_duration_seconds_bucket{route='
                 '"/api/v1/members/{id}",le="+Inf"}') == value(t2, b)
    assert value(t2, "chibo_http_requests_in_flight") >= 1   # this one
    assert value(t2, "chibo_db_pool_size") >= 1
    assert 'route="unmatched"' in t2
    # Every sample line is NAME{labels} VALUE or NAME VALUE.
    for line in t2.splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r'[a-z_]+(\{.*\})? [0-9.e+-]+', line), line


# ------------------------------------------------------------------ orgs

@test
def orgs_list_tree_order_and_pages():
    all_ = orgs_all(C.c)
    assert len(all_) >= 40, len(all_)
    seen = set()
    for o in all_:
        assert o["parent_id"] is None or o["parent_id"] in seen, o
        seen.add(o["id"])
    # Pages of 7 visit the same list, each organisation once.
    got, cursor = [], None
    while True:
        q = "/api/v1/orgs?limit=7" + (f"&cursor={cursor}" if cursor else "")
        page = C.c.js(q)
        assert len(page["items"]) <= 7
        got += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert [o["id"] for o in got] == [o["id"] for o in all_]
    # Subtree, children, search.
    g = org_by_code(C.c, "DBCS-HVDT")
    sub = C.c.js(f"/api/v1/orgs?root={g['id']}")["items"]
    assert sub[0]["id"] == g["id"] and len(sub) > 1
    assert all(o["path"].startswith(g["path"]) for o in sub)
    kids = C.c.js(f"/api/v1/orgs?parent={g['id']}")["items"]
    assert kids and all(o["parent_id"] == g["id"] for o in kids)
    found = C.c.js("/api/v1/orgs?q=" + urllib.parse.quote("hoc vien"))
    assert any(o["id"] == g["id"] for o in found["items"]), found
    assert C.c.js("/api/v1/orgs?limit=1")["next_cursor"]


@test
def orgs_list_bad_parameters():
    for q, field in (("limit=0", "limit"), ("limit=5001", "limit"),
                     ("limit=x", "limit"), ("root=abc", "root"),
                     ("root=999999", "root"), ("parent=-1", "parent"),
                     ("include_closed=maybe", "include_closed"),
                     ("cursor=%%%", "cursor"), ("cursor=Zm9v", "cursor"),
                     ("colour=red", "colour")):
        p = problem(C.c.get("/api/v1/orgs?" + q), 400, "invalid_query")
        assert field in {e["field"] for e in p["errors"]}, (q, p)


@test
def org_create_show_and_reject():
    before = orgs_all(C.c, "&include_closed=true")
    parent = org_by_code(C.c, "DBCS-HVDT")
    body = {"kind": "cell", "name": "Chi bộ Phòng Thử", "code": "CB-THU-1",
            "parent_id": parent["id"], "valid_from": "2025-06-01",
            "doc_no": "12-QĐ/ĐU"}
    r = C.c.req("POST", "/api/v1/orgs", body)
    assert r.status == 201, r
    o = r.json()
    assert r.headers["location"] == f"/api/v1/orgs/{o['id']}", r
    assert r.headers["etag"] == f'"{o["version"]}"', r
    r = C.c.get(r.headers["location"])
    assert r.status == 200 and r.headers["etag"] == f'"{o["version"]}"', r
    d = r.json()
    assert d["name"] == "Chi bộ Phòng Thử" and d["parent"]["id"] == \
        parent["id"] and d["counts"]["members"] == 0, d
    assert any(k["id"] == o["id"] for k in
               C.c.js(f"/api/v1/orgs/{parent['id']}")["children"])
    hist = C.c.js(f"/api/v1/orgs/{o['id']}/history")["items"]
    assert hist[0]["kind"] == "created" and hist[0]["doc_no"] == "12-QĐ/ĐU"
    after = orgs_all(C.c, "&include_closed=true")
    assert [x for x in after if x["id"] != o["id"]] == before
    before = after
    # Rejected: nothing is written.
    bad = [
        ({"kind": "cell"}, 422, {("name", "required"), ("code", "required")}),
        (dict(body, code="CB-THU-2", colour="red"), 422,
         {("colour", "unknown_field")}),
        (dict(body, code="CB-THU-2", parent_id="x"), 422,
         {("parent_id", "wrong_type")}),
        (dict(body, code="CB-THU-2", parent_id=999999), 422,
         {("parent_id", "org_not_found")}),
        (dict(body, code="CB-THU-2", valid_from="2023-02-30"), 422,
         {("valid_from", "invalid_date")}),
        (dict(body, code="CB-THU-2", name="x" * 201), 422,
         {("name", "too_long")}),
        (dict(body, kind="province"), 422, None),
        (body, 409, {("code", None)}),
    ]
    for b, status, want in bad:
        p = problem(C.c.req("POST", "/api/v1/orgs", b), status)
        if want:
            got = fields(p)
            for f, code in want:
                assert any(g[0] == f and (code is None or g[1] == code)
                           for g in got), (b, p)
    assert orgs_all(C.c, "&include_closed=true") == before


@test
def org_patch_if_match_and_history():
    o = new_cell(C.c)
    path = f"/api/v1/orgs/{o['id']}"
    r = C.c.req("PATCH", path, {"name": "Chi bộ Đổi Tên", "doc_no": "7-QĐ",
                                "on": "2026-01-05"},
                headers={"If-Match": f'"{o["version"]}"'},
                ctype="application/merge-patch+json")
    assert r.status == 200, r
    d = r.json()
    assert d["name"] == "Chi bộ Đổi Tên" and d["version"] == o["version"] + 1
    assert r.headers["etag"] == f'"{d["version"]}"'
    snap = C.c.js(path)
    problem(C.c.req("PATCH", path, {"name": "Cũ"},
                    headers={"If-Match": f'"{o["version"]}"'}),
            412, "precondition_failed")
    problem(C.c.req("PATCH", path, {"name": "Cũ"},
                    headers={"If-Match": "7"}), 400, "invalid_if_match")
    p = problem(C.c.req("PATCH", path, {"parent_id": o["id"]}), 422)
    assert "parent_id" in {e["field"] for e in p["errors"]}, p
    p = problem(C.c.req("PATCH", path, {"nmae": "x"}), 422)
    assert ("nmae", "unknown_field") in fields(p)
    assert C.c.js(path) == snap
    hist = C.c.js(path + "/history")["items"]
    ren = [e for e in hist if e["kind"] == "renamed"]
    assert ren and ren[0]["on"] == "2026-01-05" and \
        ren[0]["doc_no"] == "7-QĐ", hist
    # Closing a cell that still holds members is refused.
    create_member(C.c, o["id"], "Trần Văn Khóa")
    p = problem(C.c.req("PATCH", path, {"valid_to": "2026-06-30"}), 422)
    assert ("valid_to", "org_has_members") in fields(p), p
    problem(C.c.get("/api/v1/orgs/999999"), 404, "org_not_found")
    problem(C.c.get("/api/v1/orgs/abc"), 404, "invalid_id")
    problem(C.c.get("/api/v1/orgs/999999/history"), 404, "org_not_found")


@test
def org_merge_and_split():
    a, b = new_cell(C.c), new_cell(C.c)
    m1 = create_member(C.c, a["id"], "Phạm Thị Hợp")
    m2 = create_member(C.c, a["id"], "Vi Văn Nhất")
    p = problem(C.c.req("POST", f"/api/v1/orgs/{a['id']}/merge",
                        {"into": a["id"]}), 422)
    assert "into" in {e["field"] for e in p["errors"]}, p
    p = problem(C.c.req("POST", f"/api/v1/orgs/{a['id']}/merge",
                        {"into": "b", "when": 1}), 422)
    assert {("into", "wrong_type"), ("when", "unknown_field")} <= fields(p)
    r = C.c.req("POST", f"/api/v1/orgs/{a['id']}/merge",
                {"into": b["id"], "on": "2026-02-01", "doc_no": "9-QĐ/ĐU"})
    assert r.status == 200, r
    assert r.json()["id"] == b["id"] and r.json()["counts"]["members"] == 2
    assert C.c.js(f"/api/v1/members/{m1['id']}")["org_id"] == b["id"]
    closed = C.c.js(f"/api/v1/orgs/{a['id']}")
    assert closed["valid_to"] == "2026-01-31", closed
    assert a["id"] not in {o["id"] for o in orgs_all(C.c)}
    assert a["id"] in {o["id"] for o in
                       orgs_all(C.c, "&include_closed=true")}
    kinds = [e["kind"] for e in
             C.c.js(f"/api/v1/orgs/{a['id']}/history")["items"]]
    assert "merged_into" in kinds, kinds
    kinds = [e["kind"] for e in
             C.c.js(f"/api/v1/orgs/{b['id']}/history")["items"]]
    assert "absorbed" in kinds, kinds
    # Split b: m2 goes to a new cell.
    SEQ[0] += 1
    spec = {"orgs": [{"name": "Chi bộ Tách Ra", "code": f"CB-TACH-{SEQ[0]}",
                      "member_ids": [m2["id"]]}],
            "on": "2026-03-01", "doc_no": "10-QĐ/ĐU", "close_source": False}
    p = problem(C.c.req("POST", f"/api/v1/orgs/{b['id']}/split",
                        dict(spec, close_source="yes")), 422)
    assert ("close_source", "wrong_type") in fields(p)
    r = C.c.req("POST", f"/api/v1/orgs/{b['id']}/split", spec)
    assert r.status == 200, r
    created = r.json()["created"]
    assert len(created) == 1
    assert C.c.js(f"/api/v1/members/{m2['id']}")["org_id"] == created[0]
    assert C.c.js(f"/api/v1/members/{m1['id']}")["org_id"] == b["id"]
    kinds = [e["kind"] for e in
             C.c.js(f"/api/v1/orgs/{created[0]}/history")["items"]]
    assert "split_from" in kinds, kinds
    problem(C.c.req("POST", "/api/v1/orgs/999999/merge",
                    {"into": b["id"]}), 404, "org_not_found")


# --------------------------------------------------------------- members

@test
def members_list_pages_visit_everyone_once():
    first = C.c.js("/api/v1/members")
    assert len(first["items"]) == 50 and first["next_cursor"], first
    ids, cursor, pages = [], None, 0
    while True:
        q = "/api/v1/members?limit=97"
        if cursor:
            q += "&cursor=" + urllib.parse.quote(cursor)
        page = C.c.js(q)
        ids += [m["id"] for m in page["items"]]
        cursor = page["next_cursor"]
        pages += 1
        if not cursor:
            break
    assert len(ids) == len(set(ids)), "a member seen twice"
    everyone = members_all(C.c)
    assert ids == [m["id"] for m in everyone]
    assert len(ids) >= 500 and pages == (len(ids) + 96) // 97
    assert all(m["state"] == "active" for m in everyone)
    for sort in ("-name", "birth_date", "admitted_on", "id"):
        got = members_all(C.c, "&sort=" + sort)
        assert sorted(m["id"] for m in got) == sorted(ids), sort
        if sort == "id":
            assert [m["id"] for m in got] == sorted(ids)
        if sort == "birth_date":
            bd = [m["birth_date"] for m in got]
            assert bd == sorted(bd)
    rev = members_all(C.c, "&sort=-name")
    assert [m["id"] for m in rev] == [m["id"] for m in reversed(everyone)]
    off = members_all(C.c, "&status=official")
    pro = members_all(C.c, "&status=probationary")
    assert len(off) + len(pro) == len(ids) and pro and off
    assert all(m["status"] == "official" for m in off)


@test
def members_optional_filters():
    """ethnicity, admitted_year and age_band filter exactly as the
    records say; pages and the export honour them; bad values are 400s."""
    everyone = members_all(C.c)
    root = [o for o in C.c.js("/api/v1/orgs")["items"]
            if o["parent_id"] is None][0]
    stats = C.c.js(f"/api/v1/orgs/{root['id']}/stats")
    today = datetime.date.fromisoformat(stats["as_of"])

    def age(m):
        b = datetime.date.fromisoformat(m["birth_date"])
        return today.year - b.year - ((today.month, today.day) <
                                      (b.month, b.day))

    def band(m):
        if not m["birth_date"]:
            return "unknown"
        a = age(m)
        for label in stats["by_age_band"]:
            if label == "unknown":
                continue
            if label.startswith("<") and a < int(label[1:]):
                return label
            if label.endswith("+") and a >= int(label[:-1]):
                return label
            if "-" in label:
                lo, hi = (int(x) for x in label.split("-"))
                if lo <= a <= hi:
                    return label
        raise AssertionError((m, a))

    ethnic = sorted({m["ethnicity"] for m in everyone if m["ethnicity"]
                     and m["ethnicity"] != "Kinh"})
    assert ethnic, "the demo data has ethnic minorities"
    for e in ethnic[:3] + ["Kinh"]:
        got = members_all(C.c, "&ethnicity=" + urllib.parse.quote(e))
        assert [m["id"] for m in got] == \
            [m["id"] for m in everyone if m["ethnicity"] == e], e
    # NFD input finds the same (stored NFC).
    e = ethnic[0]
    nfd = unicodedata.normalize("NFD", e)
    assert members_all(C.c, "&ethnicity=" + urllib.parse.quote(nfd)) == \
        members_all(C.c, "&ethnicity=" + urllib.parse.quote(e))
    years = sorted({m["admitted_on"][:4] for m in everyone
                    if m["admitted_on"]})
    for y in (years[0], years[len(years) // 2], years[-1]):
        got = members_all(C.c, "&admitted_year=" + y)
        want = [m["id"] for m in everyone
                if (m["admitted_on"] or "").startswith(y)]
        assert want and [m["id"] for m in got] == want, y
    seen = 0
    for label in stats["by_age_band"]:
        got = members_all(C.c, "&age_band=" + urllib.parse.quote(label))
        want = [m["id"] for m in everyone if band(m) == label]
        assert [m["id"] for m in got] == want, label
        seen += len(want)
    assert seen == len(everyone)
    # Combined with each other and with pages of another order.
    y = years[len(years) // 2]
    q = "&ethnicity=Kinh&admitted_year=" + y + "&sort=birth_date"
    ids, cursor = [], None
    while True:
        page = C.c.js("/api/v1/members?limit=7" + q + (
            "&cursor=" + urllib.parse.quote(cursor) if cursor else ""))
        ids += [m["id"] for m in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    want = [m for m in everyone if m["ethnicity"] == "Kinh" and
            (m["admitted_on"] or "").startswith(y)]
    want.sort(key=lambda m: (m["birth_date"] or "", m["id"]))
    assert ids == [m["id"] for m in want]
    # The export of the current view.
    r = C.c.get("/api/v1/members/export?format=json&ethnicity=" +
                urllib.parse.quote(e))
    assert r.status == 200, r
    assert [x["id"] for x in json.loads(r.body)] == \
        [m["id"] for m in everyone if m["ethnicity"] == e]
    for q, field in (("age_band=12-20", "age_band"),
                     ("age_band=%FF", "age_band"),
                     ("admitted_year=1800", "admitted_year"),
                     ("admitted_year=20x0", "admitted_year"),
                     ("ethnicity=" + "a" * 201, "ethnicity")):
        p = problem(C.c.get("/api/v1/members?" + q), 400, "invalid_query")
        assert field in {x["field"] for x in p["errors"]}, (q, p)
    p = problem(C.c.get("/api/v1/members?age_band=1-2",
                        headers={"Accept-Language": "en"}), 400)
    assert any("unknown" in (x.get("allowed") or x["message"])
               for x in p["errors"]), p


@test
def members_subtree_filter():
    g = org_by_code(C.c, "DBCS-HVDT")
    cells = {o["id"] for o in C.c.js(f"/api/v1/orgs?root={g['id']}")["items"]}
    sub = members_all(C.c, f"&org={g['id']}")
    assert sub and all(m["org_id"] in cells for m in sub)
    everyone = members_all(C.c)
    assert len(sub) == len([m for m in everyone if m["org_id"] in cells])
    d = C.c.js(f"/api/v1/orgs/{g['id']}")
    assert d["counts"]["members"] == len(sub), d["counts"]


@test
def members_list_bad_parameters():
    for q, field in (("status=dead", "status"), ("state=gone", "state"),
                     ("sort=age", "sort"), ("limit=0", "limit"),
                     ("limit=1001", "limit"), ("limit=ten", "limit"),
                     ("cursor=garbage", "cursor"), ("org=abc", "org"),
                     ("org=999999", "org"), ("q=" + "a" * 201, "q"),
                     ("q=%FF%FE", "q"), ("colour=red", "colour")):
        p = problem(C.c.get("/api/v1/members?" + q), 400, "invalid_query")
        assert field in {e["field"] for e in p["errors"]}, (q, p)
    # A cursor of another sort order is refused too.
    cur = C.c.js("/api/v1/members?limit=2")["next_cursor"]
    problem(C.c.get("/api/v1/members?sort=id&cursor=" +
                    urllib.parse.quote(cur)), 400, "invalid_query")


@test
def vietnamese_order():
    cell = new_cell(C.c)
    for name in ("Vũ Văn Bình", "Lê Thị Bình", "Đỗ Văn Bình", "Hồ Thị Bích",
                 "Dương Văn Bảo"):
        create_member(C.c, cell["id"], name)
    got = [m["full_name"] for m in
           C.c.js(f"/api/v1/members?org={cell['id']}")["items"]]
    assert got == ["Dương Văn Bảo", "Hồ Thị Bích", "Đỗ Văn Bình",
                   "Lê Thị Bình", "Vũ Văn Bình"], got
    got = [m["full_name"] for m in
           C.c.js(f"/api/v1/members?org={cell['id']}&sort=-name")["items"]]
    assert got[0] == "Vũ Văn Bình" and got[-1] == "Dương Văn Bảo", got


@test
def tone_insensitive_search():
    cell = new_cell(C.c)
    m = create_member(C.c, cell["id"], "Nguyễn Văn Dũng")
    for q in ("nguyen", "nguyen van dung", "NGUYEN VAN DUNG",
              "Nguyễn Văn Dũng", unicodedata.normalize("NFD", "Nguyễn Văn"),
              "dung nguyen", m["citizen_id"]):
        got = C.c.js("/api/v1/members?limit=1000&q=" + urllib.parse.quote(q))
        ids = [x["id"] for x in got["items"]]
        assert m["id"] in ids, (q, got)
    got = C.c.js("/api/v1/members?limit=1000&q=nguyen")["items"]
    for x in got:
        folded = unicodedata.normalize("NFD", x["full_name"]).lower()
        folded = "".join(ch for ch in folded
                         if unicodedata.category(ch) != "Mn")
        folded = folded.replace("đ", "d")
        assert any(w.startswith("nguyen") for w in folded.split()), \
            x["full_name"]
    assert C.c.js("/api/v1/members?q=zzzzqqq")["items"] == []


def names(query):
    got = C.c.js("/api/v1/members?limit=1000&" + query)
    return [m["full_name"] for m in got["items"]], got["total"], \
        got["total_exact"]


@test
def any_word_search_ranked():
    """Issue 11: each query word starts a different word of the name, in
    any order; the start of the full name first, then of the given name,
    then the rest, each in Vietnamese order; total counts them all."""
    cell = new_cell(C.c)
    for name in ("Cao Văn Anh", "Nguyễn Thị Quyên", "Văn Thị Ánh",
                 "Anh Văn Cao", "Trần Thanh Quyền", "Lê Văn Văn"):
        create_member(C.c, cell["id"], name)
    org = f"org={cell['id']}&q="
    for q, want in (
            ("van anh", ["Cao Văn Anh", "Văn Thị Ánh", "Anh Văn Cao"]),
            ("Thị Quyên", ["Nguyễn Thị Quyên"]),
            ("thanh quyen", ["Trần Thanh Quyền"]),
            ("anh cao", ["Cao Văn Anh", "Anh Văn Cao"]),
            ("van", ["Văn Thị Ánh", "Lê Văn Văn", "Cao Văn Anh",
                     "Anh Văn Cao"]),
            ("van van", ["Lê Văn Văn"]),
            ("anh anh", [])):
        got, total, exact = names(org + urllib.parse.quote(q))
        assert got == want and total == len(want) and exact, (q, got, total)
    # Paging keeps the ranked order, and the total is the whole match's.
    first = C.c.js(f"/api/v1/members?{org}van&limit=2")
    assert [m["full_name"] for m in first["items"]] == \
        ["Văn Thị Ánh", "Lê Văn Văn"] and first["total"] == 4, first
    rest = C.c.js(f"/api/v1/members?{org}van&limit=2&cursor=" +
                  first["next_cursor"])
    assert [m["full_name"] for m in rest["items"]] == \
        ["Cao Văn Anh", "Anh Văn Cao"] and rest["next_cursor"] is None, rest
    # The same over the whole register (another plan): found there too.
    got, total, _ = names("q=" + urllib.parse.quote("van anh"))
    assert {"Cao Văn Anh", "Văn Thị Ánh", "Anh Văn Cao"} <= set(got), got
    assert total >= 3


@test
def digits_search_ids_by_prefix():
    cell = new_cell(C.c)
    m = create_member(C.c, cell["id"], "Đinh Văn Số", card_no="99887766",
                      dossier_no="55443322")
    org = f"org={cell['id']}&q="
    for q in (m["citizen_id"], m["citizen_id"][:4], "9988", "55443",
              "5544 3322"):
        got, total, _ = names(org + urllib.parse.quote(q))
        assert got == ["Đinh Văn Số"] and total == 1, (q, got)
    # Fewer than 4 digits search no number.
    got, total, _ = names(org + "998")
    assert got == [] and total == 0, got


@test
def total_counts_up_to_the_bound():
    srv = Server(C.db, CHIBO_COUNT_BOUND="2")
    try:
        c = client(srv.port)
        cell = new_cell(c)
        for name in ("Hồ Văn Một", "Hồ Văn Hai", "Hồ Văn Ba"):
            create_member(c, cell["id"], name)
        got = c.js(f"/api/v1/members?org={cell['id']}&limit=1")
        assert got["total"] == 2 and got["total_exact"] is False, got
        got = c.js(f"/api/v1/members?org={cell['id']}&q=mot")
        assert got["total"] == 1 and got["total_exact"] is True, got
        got = c.js(f"/api/v1/members?org={cell['id']}&q=ho+van")
        assert got["total"] == 2 and got["total_exact"] is False, got
        assert len(got["items"]) == 3
    finally:
        srv.stop()


@test
def page_first_then_count():
    """Issue 11: a list asked with total=later answers the page alone (the
    same items and cursor, no total); GET /members/count answers the total
    and total_exact the list would have, for the same filters."""
    cell = new_cell(C.c)
    for name in ("Tạ Văn Đếm", "Tạ Thị Đếm", "Đếm Văn Tạ", "Lê Văn Tạ",
                 "Tạ Đình Đếm Đếm"):
        create_member(C.c, cell["id"], name)
    org = f"org={cell['id']}"
    for query in (org, org + "&q=ta", org + "&q=dem+ta", org + "&q=ta+van",
                  org + "&q=dem&limit=2", org + "&q=zzzq",
                  org + "&status=official", "q=ta+dem", "q=dem",
                  "q=ta+van+d&limit=1", "q=dem&state=any&sort=-name"):
        whole = C.c.js("/api/v1/members?" + query)
        page = C.c.js("/api/v1/members?total=later&" + query)
        assert "total" not in page and "total_exact" not in page, page
        assert page["items"] == whole["items"], (query, page, whole)
        assert page["next_cursor"] == whole["next_cursor"], query
        now = C.c.js("/api/v1/members?total=now&" + query)
        assert now == whole, query
        count = C.c.js("/api/v1/members/count?" + query.replace(
            "&limit=2", "").replace("&limit=1", ""))
        assert count == {"total": whole["total"],
                         "total_exact": whole["total_exact"]}, \
            (query, count, whole)
    got = C.c.js(f"/api/v1/members/count?{org}&q=ta")
    assert got == {"total": 5, "total_exact": True}, got
    # The next page with total=later: still the same rows.
    first = C.c.js(f"/api/v1/members?{org}&q=ta&limit=2&total=later")
    rest = C.c.js(f"/api/v1/members?{org}&q=ta&limit=2&total=later&cursor="
                  + first["next_cursor"])
    whole = C.c.js(f"/api/v1/members?{org}&q=ta&limit=2&cursor="
                   + first["next_cursor"])
    assert rest["items"] == whole["items"] and "total" not in rest, rest
    # Bad values: 400, the field named; the count takes no page arguments.
    for path, field in (("/api/v1/members?total=maybe", "total"),
                        ("/api/v1/members/count?status=nope", "status"),
                        ("/api/v1/members/count?limit=5", "limit")):
        r = C.c.req("GET", path)
        assert r.status == 400, (path, r.status, r.body)
        errs = r.json().get("errors") or []
        assert any(e.get("field") == field for e in errs), (path, r.json())
    # The bound, as the list counts it.
    srv = Server(C.db, CHIBO_COUNT_BOUND="2")
    try:
        c = client(srv.port)
        got = c.js(f"/api/v1/members/count?{org}")
        assert got == {"total": 2, "total_exact": False}, got
        got = c.js(f"/api/v1/members/count?{org}&q=dem+dem")
        assert got == {"total": 1, "total_exact": True}, got
    finally:
        srv.stop()


@test
def member_create_get_etag():
    cell = new_cell(C.c)
    body = new_member(cell["id"], "Lò Thị Mai", gender="female",
                      ethnicity="thai", phone="0912 345 678")
    r = C.c.req("POST", "/api/v1/members", body)
    assert r.status == 201, r
    m = r.json()
    assert r.headers["location"] == f"/api/v1/members/{m['id']}"
    assert r.headers["etag"] == '"1"' and m["version"] == 1
    assert m["ethnicity"] == "Thái" and m["state"] == "active", m
    r = C.c.get(r.headers["location"])
    assert r.status == 200 and r.json() == m and r.headers["etag"] == '"1"'
    kinds = [e["kind"] for e in
             C.c.js(f"/api/v1/members/{m['id']}/history")["items"]]
    assert {"record_created", "admitted", "made_official"} <= set(kinds)
    # A probationary member has no official date.
    p = create_member(C.c, cell["id"], "Hà Văn Mới", status="probationary",
                      official_on=None, admitted_on="2026-05-01")
    assert p["status"] == "probationary" and p["official_on"] is None


@test
def member_bad_input_changes_nothing():
    cell = new_cell(C.c)
    m = create_member(C.c, cell["id"], "Bế Văn Giữ")
    path = f"/api/v1/members/{m['id']}"
    other = create_member(C.c, cell["id"], "Mạc Thị Khác")

    def snapshot():
        return (C.c.js(path),
                [x["id"] for x in C.c.js(f"/api/v1/members?org={cell['id']}"
                                         "&state=any")["items"]],
                len(C.c.js(f"{path}/history")["items"]))

    before = snapshot()
    good = new_member(cell["id"], "Người Mới Tinh")

    def post(body, ctype="application/json", headers=None, method="POST",
             to="/api/v1/members"):
        return C.c.req(method, to, body, ctype=ctype, headers=headers)

    # Body too big: refused from Content-Length, before reading it.
    status, body = raw_http(C.srv.port, (
        b"POST /api/v1/members HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/json\r\n"
        b"Content-Length: 1000000000\r\n\r\n{\"full_name\":"))
    assert status == 413 and json.loads(body)["code"] == "body_too_large"
    # ... and counted while receiving when there is no Content-Length.
    chunk = b"x" * 65536
    chunks = [b"%x\r\n" % len(chunk) + chunk + b"\r\n"] * 20 + [b"0\r\n\r\n"]
    status, body = raw_http(C.srv.port, (
        b"POST /api/v1/members HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"), chunks)
    assert status == 413, (status, body)
    # Just under the limit is read (and judged on its content).
    big = json.dumps(dict(good, full_name="a" * (MAX_BODY - 400))).encode()
    assert len(big) < MAX_BODY
    p = problem(post(big), 422)
    assert ("full_name", "too_long") in fields(p), p

    problem(post(good, ctype="text/plain"), 415, "unsupported_media_type")
    problem(C.c.req("POST", "/api/v1/members", json.dumps(good).encode()),
            415, "unsupported_media_type")
    p = problem(post(b'{"full_name": "A",\n "gender": }'), 400,
                "invalid_json")
    assert p["line"] == 2 and p["column"] >= 11 and "position" in p, p
    assert "dòng 2" in p["detail"], p
    p = problem(post(b'{"full_name": }',
                     headers={"Accept-Language": "en"}), 400, "invalid_json")
    assert "line 1" in p["detail"], p
    problem(post(b""), 400, "invalid_json")
    problem(post(b"[1, 2]"), 400, "expected_object")
    problem(post(b'"text"'), 400, "expected_object")
    problem(post(b'"Nguy\xffn"'), 400, "expected_object")
    problem(post(b'{"a": 1, "a": 2}'), 400, "invalid_json")
    problem(post(b"[" * 100 + b"]" * 100), 400, "invalid_json")
    many = "{" + ",".join(f'"k{i}": {i}' for i in range(3000)) + "}"
    problem(post(many), 400, "invalid_json")
    # Invalid UTF-8 inside strings: the fields are named.
    raw = json.dumps(dict(good, full_name="NGUYEN", birthplace="HANOI"),
                     ensure_ascii=False).encode()
    raw = raw.replace(b"NGUYEN", b"Nguy\xff\xfen").replace(
        b"HANOI", b"H\xc3 N\xe1\xbb")
    p = problem(post(raw), 422, "validation_failed")
    assert fields(p) == {("full_name", "invalid_utf8"),
                         ("birthplace", "invalid_utf8")}, p
    # Field errors, all of them at once.
    p = problem(post({}), 422, "validation_failed")
    req = {f for f, code in fields(p) if code == "required"}
    assert {"full_name", "gender", "birth_date"} <= req, p
    p = problem(post(dict(good, full_name=5, status=True, org_id="1")), 422)
    assert {("full_name", "wrong_type"), ("status", "wrong_type"),
            ("org_id", "wrong_type")} <= fields(p), p
    p = problem(post(dict(good, favourite_colour="red")), 422)
    assert ("favourite_colour", "unknown_field") in fields(p), p
    p = problem(post(dict(good, id=5, version=3)), 422)
    assert ("id", "read_only") in fields(p), p
    p = problem(post(dict(good, full_name="A" * 121)), 422)
    assert ("full_name", "too_long") in fields(p), p
    p = problem(post(dict(good, birth_date="2023-02-30")), 422)
    assert ("birth_date", "invalid_date") in fields(p), p
    p = problem(post(dict(good, org_id=999999)), 422)
    assert ("org_id", "org_not_found") in fields(p), p
    p = problem(post(dict(good, citizen_id="12345")), 422)
    assert "citizen_id" in {f for f, _ in fields(p)}, p
    p = problem(post(dict(good, ethnicity="Klingon")), 422)
    assert ("ethnicity", "unknown_ethnicity") in fields(p), p
    # Rule-based verdicts name the rule and its document.
    p = problem(post(dict(good, birth_date="2000-06-01",
                          admitted_on="2018-01-10",
                          official_on="2019-01-10")), 422)
    age = [e for e in p["errors"] if e["code"] == "admission_age_too_low"]
    assert age and age[0]["rule"] == "member.admission_age" and \
        age[0]["citation"], p
    # Shown in brackets by the clients: none nested inside.
    assert "(" not in age[0]["citation"] and "[" not in age[0]["citation"], p
    p = problem(post(dict(good, official_on="2016-03-11")), 422)
    off = [e for e in p["errors"] if e["field"] == "official_on"]
    assert off and off[0].get("rule") == "member.probation", p
    p = problem(post(dict(good, official_on="2016-03-11"),
                     headers={"Accept-Language": "en"}), 422)
    assert p["detail"].startswith("The data is not valid"), p
    assert any("official date" in e["message"] for e in p["errors"]), p
    p = problem(post(dict(good, citizen_id=other["citizen_id"])), 409,
                "duplicate")
    assert ("citizen_id", "duplicate") in fields(p), p
    # PATCH: the same checks, plus versions.
    v = f'"{m["version"]}"'
    p = problem(post({"birth_date": "2023-02-30"}, method="PATCH", to=path,
                     headers={"If-Match": v}), 422)
    assert ("birth_date", "invalid_date") in fields(p)
    p = problem(post({"citizen_id": other["citizen_id"]}, method="PATCH",
                     to=path), 409)
    assert ("citizen_id", "duplicate") in fields(p)
    problem(post({"phone": "0911 111 111"}, method="PATCH", to=path,
                 headers={"If-Match": '"99"'}), 412, "precondition_failed")
    for bad in ("1", '"1', 'W/1', '"1" "2"', "*, \"1\"", ""):
        problem(post({"phone": "0911 111 111"}, method="PATCH", to=path,
                     headers={"If-Match": bad}), 400, "invalid_if_match")
    problem(post(b'{"phone": "0911\xff"}', method="PATCH", to=path), 422)
    problem(post([], method="PATCH", to=path), 400, "expected_object")
    problem(post({"phone": "0911 111 111"}, method="PATCH", to=path,
                 ctype="text/plain"), 415)
    problem(C.c.req("DELETE", path, headers={"If-Match": '"42"'}), 412)
    problem(post({"kind": "died", "on": "2026-01-01"}, to=path + "/events",
                 headers={"If-Match": '"42"'}), 412)
    p = problem(post({"kind": "reborn", "on": "2026-02-30"},
                     to=path + "/events"), 422)
    assert {("kind", "invalid_value"), ("on", "invalid_date")} <= fields(p)
    # An enum error shows the value given and the accepted ones.
    p = problem(post({"gender": "nam giới"}, method="PATCH", to=path), 422)
    g = [e for e in p["errors"] if e["field"] == "gender"]
    assert g and g[0]["code"] == "invalid_value", p
    assert g[0]["message"].startswith("Giá trị «nam giới» không hợp lệ; "
                                      "chọn một trong: "), p
    # An age error lands on the birth date when that is what was edited
    # (and on the admission date when that was).
    p = problem(post({"birth_date": "2012-01-01"}, method="PATCH", to=path),
                422)
    assert ("birth_date", "admission_age_too_low") in fields(p), p
    assert not any(f in ("admitted_on", "admission_decision_date")
                   for f, _ in fields(p)), p
    # A value that cannot be read does not hide the others' problems.
    p = problem(post({"birth_date": "31/02/1997", "citizen_id": "123",
                      "email": "khong-phai-email"}, method="PATCH", to=path),
                422)
    assert {("birth_date", "invalid_date"),
            ("citizen_id", "invalid_citizen_id"),
            ("email", "invalid_email")} <= fields(p), p
    p = problem(post(dict(good, birth_date="31/02/1997", citizen_id="123")),
                422)
    assert {("birth_date", "invalid_date"),
            ("citizen_id", "invalid_citizen_id")} <= fields(p), p
    assert snapshot() == before


@test
def member_patch_delete_versions():
    cell = new_cell(C.c)
    m = create_member(C.c, cell["id"], "Đinh Văn Sửa")
    path = f"/api/v1/members/{m['id']}"
    r = C.c.req("PATCH", path, {"phone": "0912 000 001", "religion": None},
                ctype="application/merge-patch+json",
                headers={"If-Match": '"1"'})
    assert r.status == 200 and r.headers["etag"] == '"2"', r
    assert r.json()["phone"] == "0912 000 001"
    # Weak tags, lists and * are accepted.
    r = C.c.req("PATCH", path, {"phone": "0912 000 002"},
                headers={"If-Match": 'W/"2"'})
    assert r.status == 200 and r.json()["version"] == 3, r
    r = C.c.req("PATCH", path, {"phone": "0912 000 003"},
                headers={"If-Match": '"1", "3", "9"'})
    assert r.status == 200 and r.json()["version"] == 4, r
    problem(C.c.req("PATCH", path, {"phone": "0912 000 004"},
                    headers={"If-Match": '"1", "2"'}), 412)
    r = C.c.req("PATCH", path, {"phone": "0912 000 004"},
                headers={"If-Match": "*"})
    assert r.status == 200 and r.json()["version"] == 5, r
    # Nothing to change: no new version.
    r = C.c.req("PATCH", path, {"phone": "0912 000 004"})
    assert r.status == 200 and r.json()["version"] == 5, r
    hist = C.c.js(path + "/history")["items"]
    upd = [e for e in hist if e["kind"] == "record_updated"]
    assert len(upd) == 4, hist
    assert upd[0]["details"]["changes"]["phone"]["to"] == "0912 000 001"
    assert upd[0]["recorded_by"] == "admin"
    # Delete: stale refused, current accepted; gone afterwards.
    problem(C.c.req("DELETE", path, headers={"If-Match": '"4"'}), 412)
    r = C.c.req("DELETE", path, headers={"If-Match": '"5"'})
    assert r.status == 204 and r.body == b"", r
    problem(C.c.get(path), 404, "member_not_found")
    problem(C.c.req("DELETE", path), 404, "member_not_found")
    problem(C.c.req("PATCH", path, {"phone": "1"}), 404, "member_not_found")
    for bad in ("abc", "0", "-1", "007", "1.5", "99999999999999999999"):
        problem(C.c.get("/api/v1/members/" + bad), 404, "invalid_id")
    problem(C.c.get("/api/v1/members/999999999"), 404, "member_not_found")
    problem(C.c.get("/api/v1/members/999999999/history"), 404)


@test
def member_events():
    a, b = new_cell(C.c), new_cell(C.c)
    m = create_member(C.c, a["id"], "Lục Văn Chuyển", status="probationary",
                      official_on=None, admitted_on="2025-06-01")
    path = f"/api/v1/members/{m['id']}"
    r = C.c.req("POST", path + "/events",
                {"kind": "moved", "on": "2026-01-10", "org_id": b["id"],
                 "doc_no": "15-QĐ/ĐU", "note": "Điều động công tác"},
                headers={"If-Match": '"1"'})
    assert r.status == 200, r
    assert r.json()["org_id"] == b["id"] and r.headers["etag"] == '"2"', r
    p = problem(C.c.req("POST", path + "/events",
                        {"kind": "made_official", "on": "2026-01-11"}), 422)
    assert ("on", "not_yet_official") in fields(p), p
    r = C.c.req("POST", path + "/events",
                {"kind": "made_official", "on": "2026-06-01"})
    assert r.status == 200 and r.json()["status"] == "official", r
    r = C.c.req("POST", path + "/events", {"kind": "died", "on": "2026-07-01"})
    assert r.status == 200 and r.json()["state"] == "died", r
    assert all(x["id"] != m["id"] for x in members_all(C.c, f"&org={b['id']}"))
    died = members_all(C.c, f"&org={b['id']}&state=died")
    assert [x["id"] for x in died] == [m["id"]]
    hist = C.c.js(path + "/history")["items"]
    kinds = [e["kind"] for e in hist]
    assert {"moved", "made_official", "died"} <= set(kinds), kinds
    mv = [e for e in hist if e["kind"] == "moved"][0]
    assert mv["doc_no"] == "15-QĐ/ĐU" and mv["on"] == "2026-01-10", mv


# --------------------------------------------------------- import/export

HEADER = "full_name,gender,birth_date,ethnicity,citizen_id,admitted_on," \
         "official_on,status,org_code"


@test
def import_members():
    cell = new_cell(C.c)
    code = cell["code"]
    rows = [f"Nguyễn Thị Nhập,female,1990-01-02,Kinh,{citizen_id()},"
            f"2015-03-10,2016-03-10,official,{code}",
            f"Trần Văn Nhập,male,1988-05-06,Tày,{citizen_id()},"
            f"2020-07-01,2021-07-01,official,{code}"]
    csv_text = "\ufeff" + "\r\n".join([HEADER] + rows) + "\r\n"
    url = "/api/v1/members/import"
    before = members_all(C.c, f"&org={cell['id']}")
    problem(C.c.req("POST", url, csv_text, ctype="text/plain"), 415,
            "unsupported_media_type")
    r = C.c.req("POST", url + "?dry_run=true", csv_text, ctype="text/csv")
    assert r.status == 200, r
    rep = r.json()
    assert rep["rows"] == 2 and rep["created"] == 2 and \
        rep["committed"] is False, rep
    assert members_all(C.c, f"&org={cell['id']}") == before
    problem(C.c.req("POST", url + "?dry_run=perhaps", csv_text,
                    ctype="text/csv"), 400, "invalid_query")
    # A bad row: every problem named with its row; nothing written.
    bad = rows + [f"Lê Văn Sai,male,1990-02-30,Kinh,{citizen_id()},"
                  f"2015-03-10,2016-03-10,official,{code}",
                  f"Lê Văn Sai Hai,male,1990-02-01,Kinh,{citizen_id()},"
                  f"2015-03-10,2016-03-10,official,KHONG-CO"]
    r = import_apply(C.c, "\n".join([HEADER] + bad) + "\n")
    p = problem(r, 422)
    assert all(e.get("row", 0) >= 1 for e in p["errors"]), p
    rows_named = {(e.get("row"), e["field"]) for e in p["errors"]}
    assert (4, "birth_date") in rows_named, p
    assert any(row == 5 for row, _ in rows_named), p
    assert members_all(C.c, f"&org={cell['id']}") == before
    # A column chibo does not know is named as such.
    r = import_apply(C.c, "\n".join([HEADER + ",Sở thích"] +
                                     [x + ",cờ tướng" for x in rows]) + "\n")
    p = problem(r, 422)
    unk = [e for e in p["errors"] if e["code"] == "unknown_column"]
    assert unk and unk[0]["message"] == 'Không nhận ra cột "Sở thích".', p
    assert members_all(C.c, f"&org={cell['id']}") == before
    r = import_apply(C.c, csv_text, ctype="text/csv; charset=utf-8")
    assert r.status == 200 and r.json()["created"] == 2 and \
        r.json()["committed"] is True, r
    assert len(members_all(C.c, f"&org={cell['id']}")) == 2
    # Again: unchanged.
    r = import_apply(C.c, csv_text, ctype="application/octet-stream")
    assert r.status == 200 and r.json()["unchanged"] == 2, r
    # Excel.
    if MKXLSX:
        rows2 = [f"Hoàng Văn Excel,male,1991-01-02,Nùng,{citizen_id()},"
                 f"2016-03-10,2017-03-10,official,{code}"]
        src = os.path.join(TMP, f"x-{BACKEND}.csv")
        dst = src[:-4] + ".xlsx"
        with open(src, "w", encoding="utf-8") as f:
            f.write("\n".join([HEADER] + rows2) + "\n")
        subprocess.run([MKXLSX, src, dst], check=True)
        with open(dst, "rb") as f:
            data = f.read()
        r = import_apply(C.c, data, ctype="application/vnd.openxmlformats-"
                         "officedocument.spreadsheetml.sheet")
        assert r.status == 200 and r.json()["format"] == "xlsx" and \
            r.json()["created"] == 1, r
    # An upload larger than max_body (1 MiB) is fine up to max_upload.
    filler = "\n".join([HEADER] + rows) + "\n" + "\n" * (MAX_BODY + 10)
    r = C.c.req("POST", url + "?dry_run=1", filler, ctype="text/csv")
    assert r.status != 413, r


@test
def export_members():
    g = org_by_code(C.c, "DBCS-HVDT")
    listed = members_all(C.c, f"&org={g['id']}")
    r = C.c.get(f"/api/v1/members/export?org={g['id']}&headers=keys")
    assert r.status == 200, r
    assert r.headers["content-type"].startswith("text/csv"), r
    assert r.headers["content-disposition"] == \
        'attachment; filename="members.csv"', r
    assert r.body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(r.body.decode()[1:])))
    assert len(rows) == len(listed), (len(rows), len(listed))
    assert [x["full_name"] for x in rows] == \
        [m["full_name"] for m in listed]
    r = C.c.get(f"/api/v1/members/export?format=json&org={g['id']}"
                "&status=probationary")
    assert r.status == 200 and r.headers["content-type"] == \
        "application/json", r
    data = json.loads(r.body)
    assert [x["id"] for x in data] == [m["id"] for m in listed
                                       if m["status"] == "probationary"]
    for q, field in (("format=doc", "format"), ("limit=5", "limit"),
                     ("org=x", "org")):
        p = problem(C.c.get("/api/v1/members/export?" + q), 400)
        assert field in {e["field"] for e in p["errors"]}, (q, p)


# ------------------------------------------------------------------ rules

@test
def rules_and_overrides():
    r = C.c.js("/api/v1/rules")
    assert r["on"] is None and r["org_id"] is None
    age = [x for x in r["rules"] if x["id"] == "member.admission_age"][0]
    assert len(age["versions"]) >= 2, age
    r = C.c.js("/api/v1/rules?on=2023-01-01")
    age = [x for x in r["rules"] if x["id"] == "member.admission_age"][0]
    assert len(age["versions"]) == 1 and \
        age["versions"][0]["citation"]["doc"] == "24-QĐ/TW", age
    for q, field in (("on=2023-02-30", "on"), ("org=abc", "org"),
                     ("org=999999", "org"), ("x=1", "x")):
        p = problem(C.c.get("/api/v1/rules?" + q), 400, "invalid_query")
        assert field in {e["field"] for e in p["errors"]}, (q, p)
    cell = new_cell(C.c)
    body = {"rule_id": "member.admission_age", "value_name": "min_months",
            "value": 240, "org_id": cell["id"],
            "effective_from": "2020-01-01", "doc_no": "01-QĐ/CB"}
    bad = [
        (dict(body, rule_id="no.such.rule"), ("rule_id", "rule_not_found")),
        (dict(body, value="x"), ("value", "wrong_type")),
        (dict(body, value={"a": 1}), ("value", "wrong_type")),
        ({k: v for k, v in body.items() if k != "doc_no"},
         ("doc_no", "required")),
        (dict(body, effective_from="2020-13-01"),
         ("effective_from", "invalid_date")),
        (dict(body, org_id=999999), ("org_id", "org_not_found")),
        (dict(body, colour=1), ("colour", "unknown_field")),
    ]
    for b, want in bad:
        p = problem(C.c.req("POST", "/api/v1/rules/overrides", b), 422)
        assert want in fields(p), (b, p)
    r = C.c.req("POST", "/api/v1/rules/overrides", body)
    assert r.status == 201, r
    o = r.json()
    assert o["id"] > 0 and o["value"] == 240 and o["recorded_by"] == "admin", o
    r = C.c.js(f"/api/v1/rules?on=2026-01-01&org={cell['id']}")
    age = [x for x in r["rules"] if x["id"] == "member.admission_age"][0]
    assert age["versions"][0]["values"]["min_months"] == 240, age
    assert age["versions"][0]["overrides"][0]["doc_no"] == "01-QĐ/CB"
    # It judges: 19 years old is now too young in that cell only.
    young = new_member(cell["id"], "Phạm Văn Trẻ", birth_date="2005-01-01",
                       admitted_on="2024-06-01", official_on="2025-06-01")
    p = problem(C.c.req("POST", "/api/v1/members", young), 422)
    assert any(e["code"] == "admission_age_too_low" for e in p["errors"]), p
    kinds = [e["kind"] for e in
             C.c.js(f"/api/v1/orgs/{cell['id']}/history")["items"]]
    assert "rule_override" in kinds, kinds


@test
def rules_typed_ranges():
    """Issue 12, finding 5: every rule value has a declared type and range
    (shown in GET /rules) and an override outside it is refused: 422, the
    field the value's name, the message naming the allowed range."""
    r = C.c.js("/api/v1/rules")
    assert r["ignored_overrides"] == [], r["ignored_overrides"]
    prob = [x for x in r["rules"] if x["id"] == "member.probation"][0]
    assert prob["schema"]["months"] == {
        "type": "int", "min": 1, "max": 36, "unit": "month"}, prob
    for x in r["rules"]:
        for v in x["versions"]:
            assert set(v["values"]) <= set(x["schema"]), x["id"]
    cell = new_cell(C.c)
    body = {"rule_id": "member.probation", "value_name": "months",
            "value": -12, "org_id": cell["id"],
            "effective_from": "2020-01-01", "doc_no": "01-QĐ/CB"}
    p = problem(C.c.req("POST", "/api/v1/rules/overrides", body), 422)
    e = [x for x in p["errors"] if x["field"] == "months"]
    assert e and e[0]["code"] == "rule_value_range_month", p
    assert "1..36 tháng" in e[0]["message"] and "-12" in e[0]["message"], p
    p = problem(C.c.req("POST", "/api/v1/rules/overrides",
                        dict(body, value=37),
                        headers={"Accept-Language": "en"}), 422)
    assert any("1..36 months" in x["message"] for x in p["errors"]), p
    p = problem(C.c.req("POST", "/api/v1/rules/overrides", dict(
        body, rule_id="member.admission_age", value_name="max_months",
        value=100)), 422)
    assert ("max_months", "rule_value_below") in fields(p), p
    p = problem(C.c.req("POST", "/api/v1/rules/overrides", dict(
        body, rule_id="stats.age_bands", value_name="edges",
        value=["30", "30"])), 422)
    assert ("edges", "rule_value_item_order") in fields(p), p
    # The discipline rules (issue 14): years of limitation, 0 for none;
    # the catalogue of violations is the nation's.
    lim = [x for x in r["rules"] if x["id"] == "discipline.limitation"][0]
    assert lim["schema"]["khien_trach"]["unit"] == "year_period", lim
    p = problem(C.c.req("POST", "/api/v1/rules/overrides", dict(
        body, rule_id="discipline.limitation", value_name="canh_cao",
        value=40)), 422)
    e = [x for x in p["errors"] if x["field"] == "canh_cao"]
    assert e and e[0]["code"] == "rule_value_range_year_period", p
    assert "1..30 năm" in e[0]["message"], p
    p = problem(C.c.req("POST", "/api/v1/rules/overrides", dict(
        body, rule_id="discipline.violations", value_name="no_limitation",
        value=["qd37_01"])), 422)
    assert ("rule_id", "rule_not_overridable") in fields(p), p
    kinds = [x["kind"] for x in
             C.c.js(f"/api/v1/orgs/{cell['id']}/history")["items"]]
    assert "rule_override" not in kinds, kinds
    r = C.c.req("POST", "/api/v1/rules/overrides", dict(body, value=36))
    assert r.status == 201, r


# ------------------------------------------------- an organisation's leadership

@test
def org_officers():
    """An organisation's committee: terms recorded with their decision,
    checked, listed by position, kept in the history and the audit."""
    cell = new_cell(C.c)
    other = new_cell(C.c)
    sec = create_member(C.c, cell["id"], "Hoàng Văn Bí")
    dep = create_member(C.c, cell["id"], "Hoàng Thị Phó")
    old = create_member(C.c, cell["id"], "Hoàng Văn Cũ")
    out = create_member(C.c, other["id"], "Hoàng Văn Ngoài")
    url = f"/api/v1/orgs/{cell['id']}/officers"
    assert C.c.js(url) == {"items": []}
    terms = [
        (dep, "deputy_secretary", "2025-06-01", None),
        (sec, "secretary", "2025-06-01", None),
        (old, "secretary", "2020-06-01", "2025-05-31"),
    ]
    for m, pos, start, end in terms:
        r = C.c.req("POST", url, {"member_id": m["id"], "position": pos,
                                  "started_on": start, "ended_on": end,
                                  "doc_no": "45-QĐ/ĐU"})
        assert r.status == 201, r
        t = r.json()
        assert t["id"] > 0 and t["org_id"] == cell["id"], t
        assert t["member_name"] == m["full_name"], t
        assert t["recorded_by"] == "admin" and t["recorded_at"], t
    # In force today, by position: the secretary first.
    got = [(x["member_name"], x["position"], x["started_on"], x["ended_on"])
           for x in C.c.js(url)["items"]]
    assert got == [("Hoàng Văn Bí", "secretary", "2025-06-01", None),
                   ("Hoàng Thị Phó", "deputy_secretary", "2025-06-01",
                    None)], got
    got = [x["member_name"] for x in C.c.js(url + "?all=true")["items"]]
    assert got == ["Hoàng Văn Cũ", "Hoàng Văn Bí", "Hoàng Thị Phó"], got
    # The history and the audit trail keep them.
    hist = C.c.js(f"/api/v1/orgs/{cell['id']}/history")["items"]
    appointed = [e for e in hist if e["kind"] == "officer_appointed"]
    assert len(appointed) == 3 and appointed[-1]["doc_no"] == "45-QĐ/ĐU"
    audit = C.c.js(f"/api/v1/audit?org={cell['id']}&limit=100")["items"]
    assert sum(1 for a in audit if a["action"] == "org.officer_add") == 3
    # Every problem at once, each on its field.
    before = C.c.js(url + "?all=true")
    p = problem(C.c.req("POST", url, {
        "member_id": out["id"], "position": "committee_member",
        "started_on": "2026-12-01", "ended_on": "2026-01-01"}), 422)
    f = fields(p)
    assert ("started_on", "date_in_future") in f, p
    assert ("ended_on", "date_before") in f, p
    end = [e for e in p["errors"] if e["field"] == "ended_on"][0]
    assert end["message"] == "Ngày không được trước Từ ngày.", end
    assert ("member_id", "officer_not_in_org") in f, p
    p = problem(C.c.req("POST", url, {
        "member_id": sec["id"], "position": "secretary",
        "started_on": "2026-01-01"}), 422)
    assert ("position", "officer_duplicate") in fields(p), p
    p = problem(C.c.req("POST", url, {
        "member_id": sec["id"], "position": "chief",
        "started_on": "01/13/2026", "colour": 1}), 422)
    f = fields(p)
    assert ("position", "invalid_value") in f and \
        ("colour", "unknown_field") in f and \
        ("started_on", "invalid_date") in f, p
    p = problem(C.c.req("POST", url, {"doc_no": "1"}), 422)
    assert {("member_id", "required"), ("position", "required"),
            ("started_on", "required")} <= fields(p), p
    p = problem(C.c.req("POST", url, {
        "member_id": 999999, "position": "secretary",
        "started_on": "2026-01-01"}), 422)
    assert ("member_id", "member_not_found") in fields(p), p
    p = problem(C.c.req("POST", url, {
        "member_id": sec["id"], "position": "chief", "started_on": "x"},
        headers={"Accept-Language": "en"}), 422)
    assert any("secretary" in e["message"] for e in p["errors"]), p
    gone = create_member(C.c, cell["id"], "Hoàng Văn Đi")
    r = C.c.req("POST", f"/api/v1/members/{gone['id']}/events",
                {"kind": "died", "on": "2026-11-01"})
    assert r.status == 200, r
    p = problem(C.c.req("POST", url, {
        "member_id": gone["id"], "position": "committee_member",
        "started_on": "2025-06-01"}), 422)
    assert ("member_id", "member_not_active") in fields(p), p
    assert C.c.js(url + "?all=true") == before
    problem(C.c.get(url + "?all=maybe"), 400, "invalid_query")
    problem(C.c.get("/api/v1/orgs/999999/officers"), 404)
    problem(C.c.req("POST", "/api/v1/orgs/999999/officers", {
        "member_id": sec["id"], "position": "secretary",
        "started_on": "2026-01-01"}), 404)


# --------------------------------------------------------- probation list

@test
def probation_list():
    """Probationary members whose 12 months end within the notice window
    (60 days from TODAY, 2026-11-25), and those past it still
    probationary, each with the day it ends and the rule."""
    cell = new_cell(C.c)

    def prob(name, admitted):
        return create_member(C.c, cell["id"], name, status="probationary",
                             official_on=None, admitted_on=admitted)["id"]
    over = prob("Hà Văn Quá", "2025-10-01")      # ended 01/10/2026
    today = prob("Hà Thị Đúng", "2025-11-25")    # ends today
    due = prob("Hà Văn Gần", "2026-01-10")       # ends in 46 days
    edge = prob("Hà Thị Biên", "2026-01-24")     # ends on day 60
    far = prob("Hà Văn Xa", "2026-01-25")        # day 61: not yet
    create_member(C.c, cell["id"], "Hà Văn Chính")  # official
    url = f"/api/v1/members/probation?org={cell['id']}"
    r = C.c.js(url)
    assert r["on"] == "2026-11-25" and r["notice_days"] == 60, r
    assert r["rules"]["period"]["id"] == "member.probation", r
    assert r["rules"]["period"]["value"] == 12, r
    assert r["rules"]["notice"]["id"] == "member.probation_notice", r
    assert r["rules"]["notice"]["citation"]["doc"] == "294-QĐ/TW", r
    got = [(x["member_id"], x["state"], x["ends_on"], x["days"])
           for x in r["items"]]
    assert got == [(over, "overdue", "2026-10-01", -55),
                   (today, "due", "2026-11-25", 0),
                   (due, "due", "2027-01-10", 46),
                   (edge, "due", "2027-01-24", 60)], got
    x = r["items"][0]
    assert x["full_name"] == "Hà Văn Quá" and x["org_id"] == cell["id"], x
    assert x["org_name"] == cell["name"] and x["admitted_on"] == "2025-10-01"
    assert x["rule"] == "member.probation" and "Điều 5" in x["citation"], x
    assert r["truncated"] is False
    # all=true: every probationary member, the others "running".
    r = C.c.js(url + "&all=true")
    assert [(x["member_id"], x["state"]) for x in r["items"]][-1] == \
        (far, "running"), r
    assert len(r["items"]) == 5, r
    # A decision takes the member off the list; so does leaving the rolls.
    r = C.c.req("POST", f"/api/v1/members/{over}/events",
                {"kind": "made_official", "on": "2026-10-05",
                 "doc_no": "120-QĐ/ĐU"})
    assert r.status == 200 and r.json()["status"] == "official", r
    r = C.c.req("POST", f"/api/v1/members/{edge}/events",
                {"kind": "transferred_out", "on": "2026-11-20",
                 "doc_no": "121-QĐ/ĐU"})
    assert r.status == 200, r
    got = [x["member_id"] for x in C.c.js(url)["items"]]
    assert got == [today, due], got
    # The window is rulebook data: a committee's 30 days drop day 46.
    r = C.c.req("POST", "/api/v1/rules/overrides", {
        "rule_id": "member.probation_notice", "value_name": "days",
        "value": 30, "org_id": cell["id"], "effective_from": "2026-01-01",
        "doc_no": "07-QĐ/CB"})
    assert r.status == 201, r
    r = C.c.js(url)
    assert r["notice_days"] == 30 and r["rules"]["notice"]["value"] == 30
    assert [x["member_id"] for x in r["items"]] == [today], r
    # The whole scope without org: the cell's entries are among them.
    ids = {x["member_id"] for x in C.c.js("/api/v1/members/probation")
           ["items"]}
    assert today in ids, ids
    # Bad input: 400 with the field; English on request.
    p = problem(C.c.get(url + "&all=maybe"), 400, "invalid_query")
    assert ("all", "invalid_value") in fields(p) or \
        any(e["field"] == "all" for e in p["errors"]), p
    p = problem(C.c.get("/api/v1/members/probation?org=999999"), 400)
    assert any(e["field"] == "org" for e in p["errors"]), p
    p = problem(C.c.get("/api/v1/members/probation?colour=1"), 400,
                "invalid_query")
    assert ("colour", "unknown_field") in fields(p), p


# ------------------------------------------------------------ concurrency

@test
def parallel_requests():
    errors = []

    def worker():
        c = client()
        try:
            for i in range(25):
                r = c.get("/api/v1/members?limit=20" if i % 2 else "/healthz")
                if r.status != 200:
                    errors.append(r)
        except Exception as e:     # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]


@test
def bearer_token_variant():
    """A few of the cases above with an API token instead of the session:
    no cookie, and no CSRF token needed."""
    tok = run("token", "create", "admin", "--name", "api-tests", "--db",
              C.db).stdout.strip()
    assert re.fullmatch(r"chibo_[A-Za-z0-9_-]{40,}", tok), tok
    b = Client(C.srv.port, bearer=tok)
    cell = new_cell(b)
    m = create_member(b, cell["id"], "Hà Thị Mã")
    path = f"/api/v1/members/{m['id']}"
    r = b.req("PATCH", path, {"phone": "0912 777 001"},
              headers={"If-Match": '"1"'})
    assert r.status == 200 and r.json()["phone"] == "0912 777 001", r
    r = b.req("POST", path + "/events", {"kind": "died", "on": "2026-07-01"})
    assert r.status == 200 and r.json()["state"] == "died", r
    hist = b.js(path + "/history")["items"]
    assert all(e["recorded_by"] == "admin" for e in hist), hist
    r = b.req("DELETE", path)
    assert r.status == 204, r
    problem(b.get(path), 404, "member_not_found")
    me = b.js("/api/v1/session")
    assert me["user"]["username"] == "admin" and "csrf_token" not in me, me
    # The token never comes back: not in lists, not in the audit trail.
    listed = run("token", "list", "--json", "--db", C.db).stdout
    assert tok not in listed and tok[:12] in listed, listed
    assert tok not in run("audit", "list", "--json", "--limit", "1000",
                          "--db", C.db).stdout


# ----------------------------------------------------------- other servers

def raw_exchange(port, request):
    """Sends request on a fresh socket and reads until the server closes
    it; returns (head, body), the head without its final blank line."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        data = b""
        while True:
            d = s.recv(65536)
            if not d:
                break
            data += d
    head, _, body = data.partition(b"\r\n\r\n")
    return head, body


@test
def serve_refuses_a_busy_or_bad_address():
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = busy.getsockname()[1]
    try:
        for listen, want in ((f"127.0.0.1:{port}", "Address already in use"),
                             ("127.0.0.1:99999", "listen"),
                             ("[::1:80", "listen")):
            p = subprocess.run([BIN, "serve", "--db", C.db, "--listen",
                                listen], capture_output=True, text=True,
                               env=env(), timeout=60)
            assert p.returncode == 1 and want in p.stderr, (listen, p)
            assert "Sanitizer" not in p.stderr, p.stderr
    finally:
        busy.close()
    # An odd method is answered, not echoed raw: neither the bytes sent
    # (a byte that is not UTF-8, a control character, a JSON quote, a
    # very long name) nor their printable part in any header.
    for method, shown in ((b"FROB\xff", b"FROB"), (b"GET\x01", None),
                          (b'FR"OB', None), (b"FROB" * 750, b"FROBFROB")):
        head, body = raw_exchange(C.srv.port, method +
                                  b" /api/v1/members HTTP/1.1\r\n"
                                  b"Host: x\r\nConnection: close\r\n\r\n")
        what = (method[:20], head, body)
        assert head.startswith(b"HTTP/1.1 405 "), what
        assert method not in head and method not in body, what
        if shown is not None:
            assert shown not in head, what
        assert b"\xff" not in head + body, what
        # No control character: none in the body, none in a header line.
        assert not re.search(rb"[\x00-\x1f\x7f]",
                             head.replace(b"\r\n", b"") + body), what
        assert re.search(rb"\r\nAllow: [A-Z, ]+\r\n", head + b"\r\n"), what
        p = json.loads(body)
        assert p["status"] == 405 and p["code"] == "method_not_allowed", p


@test
def access_log_and_unreachable_database():
    db = demo_db("api_log", "2")
    srv = Server(db, CHIBO_ACCESS_LOG="1")
    try:
        c = client(srv.port)
        c.get("/api/v1/members?q=secret-name")
        c.get("/api/v1/nope")
        if BACKEND == "sqlite":
            # Another process holds the write lock past the busy timeout.
            import sqlite3
            lock = sqlite3.connect(db, isolation_level=None, timeout=1)
            lock.execute("BEGIN IMMEDIATE")
            cell = [o for o in orgs_all(c) if o["kind"] == "cell"][0]
            r = c.req("POST", "/api/v1/members", new_member(cell["id"]))
            lock.execute("ROLLBACK")
            lock.close()
            p = problem(r, 503, "storage_error")
            assert "Lỗi cơ sở dữ liệu" in p["detail"], p
            assert c.get("/healthz").status == 200
        else:
            # The database goes away under the running server.
            name = urllib.parse.urlsplit(db).path.lstrip("/")
            subprocess.run(["psql", os.environ["CHIBO_TEST_PG"], "-qc",
                            f"DROP DATABASE {name} WITH (FORCE)"],
                           check=True, capture_output=True)
            p = problem(c.get("/healthz"), 503, "storage_error")
            assert "Lỗi cơ sở dữ liệu" in p["detail"], p
    finally:
        err = srv.stop()
    lines = [x for x in err.splitlines() if "chibo: access:" in x]
    assert any(' admin "GET /api/v1/members" 200' in x for x in lines), err
    assert any(' - "POST /api/v1/session" 200' in x for x in lines), err
    assert any('"GET /api/v1/nope" 404' in x for x in lines), err
    assert "secret-name" not in err, "query strings must not be logged"
    assert "storage_error" in err, err


@test
def path_with_control_bytes_refused():
    # MHD decodes %00 and the path would end there: DELETE
    # /api/v1/members/1%00 must not delete member 1.
    m = create_member(C.c, new_cell(C.c)["id"], "Đặng Thị Nul")
    path = f"/api/v1/members/{m['id']}"
    for bad in ("%00", "%00/history", "%0a", "%1F", "%7f", "%0D%0A"):
        problem(C.c.req("DELETE", path + bad,
                        headers={"If-Match": '"%d"' % m["version"]}),
                400, "invalid_path")
        problem(C.c.get(path + bad), 400, "invalid_path")
    assert C.c.get(path).status == 200
    # Public routes, strangers and the web root alike.
    problem(client(C.srv.port).get("/healthz%00"), 400, "invalid_path")
    problem(client(C.srv.port).get("/api/v1/members%00"), 400,
            "invalid_path")
    problem(C.c.get("/index.html%00"), 400, "invalid_path")
    # Control bytes in the query are the query's business (not the
    # path's): an unknown key is still named.
    p = problem(C.c.get("/api/v1/members?x%00y=1"), 400, "invalid_query")
    assert p["errors"][0]["code"] == "unknown_field", p
    # Encoded characters that are not control bytes still route.
    problem(C.c.get("/api/v1/members/%41"), 404, "invalid_id")
    assert C.c.get("/api/v1/members/%31").status in (200, 404)
    # Its own path still deletes it.
    r = C.c.req("DELETE", path, headers={"If-Match": '"%d"' % m["version"]})
    assert r.status == 204, r


@test
def members_list_long_cursor():
    """A page after a name whose sort key is long (characters that
    expand in the collation, U+FDFA) has a cursor of several kilobytes:
    the edge takes any cursor the store may make (STORE_CURSOR_MAX)."""
    cell = new_cell(C.c)
    word = "\ufdfa" * 9
    for last in ("A", "B"):
        create_member(C.c, cell["id"], " ".join([word] * 11) + " " + last)
    first = C.c.js(f"/api/v1/members?org={cell['id']}&limit=1")
    cursor = first["next_cursor"]
    assert len(cursor) > 4096, len(cursor)
    page = C.c.js(f"/api/v1/members?org={cell['id']}&limit=1&cursor=" +
                  urllib.parse.quote(cursor))
    assert [m["full_name"][-1] for m in first["items"] + page["items"]] \
        == ["A", "B"], page


@test
def import_identity_conflict():
    """A row carrying member A's citizen ID with another name and birth
    date is a conflict naming A: nothing written (dry run too), unless the
    office accepts that row; accepting a row without a conflict is
    refused."""
    cell = new_cell(C.c)
    code = cell["code"]
    cid = citizen_id()
    a = create_member(C.c, cell["id"], "Phạm Văn Gốc", citizen_id=cid)
    a = C.c.js(f"/api/v1/members/{a['id']}")
    other = f"Lê Thị Khác,female,1992-11-20,Kinh,{cid},2015-03-10," \
            f"2016-03-10,official,{code}"
    fresh = f"Đỗ Văn Mới,male,1990-01-02,Kinh,{citizen_id()},2015-03-10," \
            f"2016-03-10,official,{code}"
    body = "\n".join([HEADER, fresh, other]) + "\n"
    url = "/api/v1/members/import"

    def unchanged():
        now = C.c.js(f"/api/v1/members/{a['id']}")
        assert now == a, (now, a)
        assert len(members_all(C.c, f"&org={cell['id']}")) == 1

    for r in (import_apply(C.c, body),
              C.c.req("POST", url + "?dry_run=true", body, ctype="text/csv")):
        p = problem(r, 422, "import_failed")
        errs = [e for e in p["errors"] if e["code"] == "identity_conflict"]
        assert len(errs) == 1, p
        e = errs[0]
        assert e["row"] == 3 and e["field"] == "citizen_id", e
        assert f"#{a['id']} Phạm Văn Gốc" in e["message"], e
        assert cell["name"] in e["message"] and code in e["message"], e
        # The fields that differ by label; by name apart.
        assert "khác: Họ và tên, Ngày sinh." in e["message"], e
        assert "full_name" not in e["message"], e
        assert e["differs"] == ["full_name", "birth_date"], e
        # The conflict in detail, for the office to decide: the stored
        # member, its cell, each differing field stored and in the file.
        assert p["conflicts"] == [{
            "row": 3, "matched_by": "citizen_id", "member_id": a["id"],
            "full_name": "Phạm Văn Gốc", "org_id": cell["id"],
            "org_name": cell["name"], "org_code": code, "fields": [
                {"field": "full_name", "label": "Họ và tên",
                 "label_en": "Full name", "old": "Phạm Văn Gốc",
                 "new": "Lê Thị Khác"},
                {"field": "birth_date", "label": "Ngày sinh",
                 "label_en": "Date of birth", "old": a["birth_date"],
                 "new": "1992-11-20"}]}], p
        unchanged()
    # In English, the English labels.
    r = C.c.req("POST", url + "?dry_run=true", body, ctype="text/csv",
                headers={"Accept-Language": "en"})
    e = [e for e in problem(r, 422)["errors"]
         if e["code"] == "identity_conflict"][0]
    assert "differs in: Full name, Date of birth." in e["message"], e
    # A difference of the birth date alone is a conflict too.
    only_birth = f"Phạm Văn Gốc,male,1985-04-13,Kinh,{cid},2015-03-10," \
                 f"2016-03-10,official,{code}"
    p = problem(import_apply(C.c, "\n".join([HEADER, only_birth]) + "\n"),
                422, "import_failed")
    assert [(e["row"], e["code"]) for e in p["errors"]] == \
        [(2, "identity_conflict")], p
    assert "khác: Ngày sinh." in p["errors"][0]["message"], p
    assert p["errors"][0]["differs"] == ["birth_date"], p
    unchanged()
    # Accepting a row without a conflict (2), or a row not in the file,
    # is refused; nothing written.  (Row 3 not accepted: still reported.)
    p = problem(import_apply(C.c, body, query="accept_identity=2"), 422,
                "import_failed")
    assert [(e["row"], e["code"]) for e in p["errors"]] == \
        [(3, "identity_conflict")], p
    unchanged()
    for rows in ("3,2", "3,99"):
        problem(import_apply(C.c, body, query="accept_identity=" + rows),
                400, "accept_identity_no_conflict")
        unchanged()
    for bad in ("", "x", "3,", "0", "-3"):
        problem(C.c.req("POST", url + "?dry_run=1&accept_identity=" + bad,
                        body, ctype="text/csv"), 400, "invalid_query")
    # The dry run with the row accepted passes and writes nothing.
    r = C.c.req("POST", url + "?dry_run=true&accept_identity=3", body,
                ctype="text/csv")
    assert r.status == 200 and r.json()["committed"] is False and \
        r.json()["updated"] == 1 and r.json()["created"] == 1, r
    unchanged()
    # Its token does not apply the file without the accepted row.
    tok = r.json()["token"]
    problem(C.c.req("POST", url + "?token=" + tok, body, ctype="text/csv"),
            400, "import_token_mismatch")
    unchanged()
    # Accepted: A is updated.
    r = C.c.req("POST", url + "?accept_identity=3&token=" + tok, body,
                ctype="text/csv")
    assert r.status == 200 and r.json()["updated"] == 1 and \
        r.json()["created"] == 1, r
    now = C.c.js(f"/api/v1/members/{a['id']}")
    assert now["full_name"] == "Lê Thị Khác" and \
        now["birth_date"] == "1992-11-20" and now["gender"] == "female" and \
        now["citizen_id"] == cid and now["version"] > a["version"], now
    # The same file again: no conflict any more, nothing to accept.
    r = import_apply(C.c, body)
    assert r.status == 200 and r.json()["unchanged"] == 2, r


IMPORT_URL = "/api/v1/members/import"


def export_rows(org_id):
    """The members of an organisation as chibo exports them (header,
    rows as dicts)."""
    r = C.c.get(f"/api/v1/members/export?org={org_id}&headers=keys")
    assert r.status == 200, r
    rd = csv.DictReader(io.StringIO(r.body.decode()[1:]))
    return rd.fieldnames, list(rd)


def csv_of(header, rows):
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    w.writeheader()
    for x in rows:
        w.writerow(x)
    return out.getvalue()


@test
def import_token():
    """Applying needs the check's token: missing, forged, for another
    file, other options or another account, or made stale by a later
    write, the apply is refused with a stable code and nothing is
    written."""
    cell = new_cell(C.c)
    a = create_member(C.c, cell["id"], "Trịnh Văn Thẻ", citizen_id=citizen_id())
    header, rows = export_rows(cell["id"])
    rows[0]["phone"] = "0912000111"
    body = csv_of(header, rows)
    other = csv_of(header, [dict(rows[0], phone="0912000222")])
    before = C.c.js(f"/api/v1/members/{a['id']}")

    def unchanged():
        assert C.c.js(f"/api/v1/members/{a['id']}") == before

    # No token.
    p = problem(C.c.req("POST", IMPORT_URL, body, ctype="text/csv"), 400,
                "import_token_required")
    assert p["detail"].startswith("Hãy kiểm tra tệp trước khi nhập"), p
    r = C.c.req("POST", IMPORT_URL, body, ctype="text/csv",
                headers={"Accept-Language": "en"})
    assert problem(r, 400, "import_token_required")["detail"].startswith(
        "Check the file first"), r
    unchanged()
    chk = C.c.req("POST", IMPORT_URL + "?dry_run=true", body,
                  ctype="text/csv")
    assert chk.status == 200, chk
    tok = chk.json()["token"]
    assert chk.json()["file_sha256"] == hashlib.sha256(
        body.encode()).hexdigest(), chk
    # The same check twice gives the same token (nothing changed).
    again = C.c.req("POST", IMPORT_URL + "?dry_run=true", body,
                    ctype="text/csv")
    assert again.json()["token"] == tok, again
    # Another file, a forged or damaged token, another account.
    problem(C.c.req("POST", IMPORT_URL + "?token=" + tok, other,
                    ctype="text/csv"), 400, "import_token_mismatch")
    forged = ("B" if tok[5] != "B" else "C").join([tok[:5], tok[6:]])
    for t in (forged, tok[:-2], "A" * 66, "x"):
        problem(C.c.req("POST", IMPORT_URL + "?token=" + t, body,
                        ctype="text/csv"), 400, "import_token_mismatch")
    office = Client(C.srv.port)
    office.login(*DEMO["office"])
    problem(office.req("POST", IMPORT_URL + "?token=" + tok, body,
                       ctype="text/csv"), 400, "import_token_mismatch")
    # Wrong types, huge and control characters: invalid_query (400).
    for t in ("a%00b", "a%0Ab", "%FF", "A" * 5000, ""):
        r = C.c.req("POST", IMPORT_URL + "?token=" + t, body,
                    ctype="text/csv")
        assert r.status == 400, (t[:20], r)
        assert r.json()["code"] in ("invalid_query", "invalid_path",
                                    "import_token_mismatch"), r
    r = C.c.req("POST", IMPORT_URL + "?token=a&token=b", body,
                ctype="text/csv")
    assert r.status == 400, r
    unchanged()
    # A later write to a member the file changes makes the check stale.
    C.c.req("PATCH", f"/api/v1/members/{a['id']}", {"email": "the@x.vn"},
            headers={"If-Match": f'"{before["version"]}"'})
    mid = C.c.js(f"/api/v1/members/{a['id']}")
    assert mid["version"] > before["version"], mid
    p = problem(C.c.req("POST", IMPORT_URL + "?token=" + tok, body,
                        ctype="text/csv"), 409, "import_token_stale")
    assert C.c.js(f"/api/v1/members/{a['id']}") == mid
    # Checked again: applies, once (a token is not a licence to repeat:
    # the register it was made for is gone).
    tok = C.c.req("POST", IMPORT_URL + "?dry_run=true", body,
                  ctype="text/csv").json()["token"]
    r = C.c.req("POST", IMPORT_URL + "?token=" + tok, body, ctype="text/csv")
    assert r.status == 200 and r.json()["updated"] == 1 and \
        r.json()["committed"] is True and r.json()["batch_id"] > 0, r
    assert C.c.js(f"/api/v1/members/{a['id']}")["phone"] == "0912000111"
    problem(C.c.req("POST", IMPORT_URL + "?token=" + tok, body,
                    ctype="text/csv"), 409, "import_token_stale")


@test
def import_preview():
    """The check lists every update, field by field, old -> new, with the
    member, its cell and the labels; created and unchanged rows are not
    listed; applying makes exactly those changes."""
    cell = new_cell(C.c)
    a = create_member(C.c, cell["id"], "Đào Văn Xem", citizen_id=citizen_id(),
                      job_title="Chuyên viên")
    b = create_member(C.c, cell["id"], "Đào Thị Giữ", citizen_id=citizen_id())
    header, rows = export_rows(cell["id"])
    by = {x["full_name"]: x for x in rows}
    by["Đào Văn Xem"]["phone"] = "0988777666"
    by["Đào Văn Xem"]["job_title"] = ""
    by["Đào Văn Xem"]["admitted_on"] = "2015-03-11"
    by["Đào Văn Xem"]["official_on"] = "2016-03-11"
    new = dict(by["Đào Thị Giữ"], id="", full_name="Đào Văn Thêm",
               citizen_id=citizen_id(), card_no="", dossier_no="")
    body = csv_of(header, [by["Đào Văn Xem"], by["Đào Thị Giữ"], new])
    before_a = C.c.js(f"/api/v1/members/{a['id']}")
    r = C.c.req("POST", IMPORT_URL + "?dry_run=true", body, ctype="text/csv")
    assert r.status == 200, r
    rep = r.json()
    assert (rep["created"], rep["updated"], rep["unchanged"]) == (1, 1, 1), \
        rep
    assert len(rep["changes"]) == 1, rep
    ch = rep["changes"][0]
    assert ch["row"] == 2 and ch["member_id"] == a["id"] and \
        ch["full_name"] == "Đào Văn Xem" and ch["org_id"] == cell["id"] and \
        ch["org_name"] == cell["name"] and ch["org_code"] == cell["code"], ch
    got = {f["field"]: (f["old"], f["new"], f["label"], f["label_en"])
           for f in ch["fields"]}
    want = {
        "phone": (before_a["phone"], "0988777666", "Điện thoại", "Phone"),
        "job_title": ("Chuyên viên", None, "Chức vụ, nghề nghiệp",
                      "Job title"),
        "admitted_on": (before_a["admitted_on"], "2015-03-11",
                        "Ngày vào Đảng", "Admission date"),
        "official_on": (before_a["official_on"], "2016-03-11",
                        "Ngày chính thức", "Official date"),
    }
    assert got == want, (got, want)
    assert C.c.js(f"/api/v1/members/{a['id']}") == before_a
    r = C.c.req("POST", IMPORT_URL + "?token=" + rep["token"], body,
                ctype="text/csv")
    assert r.status == 200 and r.json()["changes"] == rep["changes"], r
    now = C.c.js(f"/api/v1/members/{a['id']}")
    for k, (old, newv, _, _) in want.items():
        assert now[k] == newv, (k, now[k])


ROW3 = ("Lỗi Văn Ba,x,1990-01-02,Kinh,{cid},,,official,{code}")


@test
def import_every_problem_of_a_row():
    """A row with a bad gender, no admission date and no official date
    gets three errors, each on its field (row path; test_bulk.py runs the
    same file through the fast path)."""
    cell = new_cell(C.c)
    row = ROW3.format(cid=citizen_id(), code=cell["code"])
    body = "\n".join([HEADER, row]) + "\n"
    p = problem(C.c.req("POST", IMPORT_URL + "?dry_run=true", body,
                        ctype="text/csv"), 422, "import_failed")
    got = [(e["row"], e["field"]) for e in p["errors"]]
    assert got == [(2, "gender"), (2, "admitted_on"), (2, "official_on")], p
    assert p["errors"][0]["code"] == "invalid_enum" or \
        p["errors"][0]["code"].startswith("invalid"), p
    assert len(members_all(C.c, f"&org={cell['id']}")) == 0


@test
def import_audit():
    """An import on the row path is one audit entry member.import (batch)
    naming the file's SHA-256, the rows, created and updated; every member
    it made or changed names the batch in its own entry."""
    cell = new_cell(C.c)
    a = create_member(C.c, cell["id"], "Kiểm Văn Toán", citizen_id=citizen_id())
    header, rows = export_rows(cell["id"])
    rows[0]["phone"] = "0977000111"
    new = dict(rows[0], id="", full_name="Kiểm Thị Mới",
               citizen_id=citizen_id(), card_no="", dossier_no="")
    body = csv_of(header, [rows[0], new])
    r = import_apply(C.c, body, query="file_name=DS-2026.csv")
    assert r.status == 200, r
    bid = r.json()["batch_id"]
    imp = C.c.js("/api/v1/audit?action=member.import&limit=1")["items"][0]
    assert imp["object_type"] == "batch" and imp["object_id"] == bid, imp
    d = imp["detail"]
    assert d["batch_id"] == bid and d["rows"] == 2 and d["created"] == 1 and \
        d["updated"] == 1 and \
        d["file_sha256"] == hashlib.sha256(body.encode()).hexdigest(), d
    assert d["file_name"] == "DS-2026.csv", d
    # The name is text: no control characters, not too long.
    for bad in ("a%0Ab.csv", "a%09b", "x" * 300):
        problem(C.c.req("POST", IMPORT_URL + "?dry_run=true&file_name=" + bad,
                        body, ctype="text/csv"), 400, "invalid_query")
    ups = C.c.js(f"/api/v1/audit?action=member.update&limit=5")["items"]
    mine = [e for e in ups if e["object_id"] == a["id"]]
    assert mine and mine[0]["detail"] == {"import_batch": bid}, mine
    cre = C.c.js(f"/api/v1/audit?action=member.create&limit=5")["items"]
    assert any(e["after"]["full_name"] == "Kiểm Thị Mới" and
               e["detail"] == {"import_batch": bid} for e in cre), cre
    # The office that imports reads its import in the trail (the entry
    # belongs to the subtree it imports into, not to the installation).
    office = Client(C.srv.port)
    office.login(*DEMO["office"])
    r = import_apply(office, csv_of(header, [dict(rows[0], phone="0977000222")]),
                     query="file_name=VP-2026.csv")
    assert r.status == 200, r
    seen = office.js("/api/v1/audit?action=member.import&limit=5")["items"]
    assert any(e["object_id"] == r.json()["batch_id"] and
               e["detail"]["file_name"] == "VP-2026.csv" for e in seen), seen
    # A member made by hand names no batch.
    create_member(C.c, cell["id"], "Tay Văn Làm", citizen_id=citizen_id())
    cre = C.c.js(f"/api/v1/audit?action=member.create&limit=1")["items"]
    assert cre[0]["detail"] in (None, {}), cre


@test
def duplicate_names_its_holder():
    """A citizen ID or card number another member holds names that member
    and cell when the caller may see them, nobody otherwise: in single
    records and in imports."""
    cell = new_cell(C.c)
    cid = citizen_id()
    h = create_member(C.c, cell["id"], "Cao Văn Anh", citizen_id=cid,
                      card_no=cid[-8:])
    h = C.c.js(f"/api/v1/members/{h['id']}")
    body = new_member(cell["id"], "Cao Văn Bình", citizen_id=cid)
    p = problem(C.c.req("POST", "/api/v1/members", body), 409, "duplicate")
    e = [e for e in p["errors"] if e["field"] == "citizen_id"][0]
    assert e["code"] == "duplicate" and e["message"] == \
        f"Số CCCD này đã thuộc về đồng chí Cao Văn Anh, {cell['name']}.", e
    r = C.c.req("POST", "/api/v1/members", body,
                headers={"Accept-Language": "en"})
    e = [e for e in problem(r, 409)["errors"]
         if e["field"] == "citizen_id"][0]
    assert e["message"] == \
        f"This Citizen ID already belongs to Cao Văn Anh, {cell['name']}.", e
    # Card number, on an update.
    assert h["card_no"] == cid[-8:], h
    if h.get("card_no"):
        other = create_member(C.c, cell["id"], "Cao Thị Chi",
                              citizen_id=citizen_id())
        other = C.c.js(f"/api/v1/members/{other['id']}")
        r = C.c.req("PATCH", f"/api/v1/members/{other['id']}",
                    {"card_no": h["card_no"]},
                    headers={"If-Match": f'"{other["version"]}"'})
        e = [e for e in problem(r, 409)["errors"]
             if e["field"] == "card_no"][0]
        assert e["message"] == "Số thẻ đảng viên này đã thuộc về đồng chí " \
            f"Cao Văn Anh, {cell['name']}.", e
    # A holder outside the caller's scope is not named: test_security.py
    # duplicate_outside_the_scope_names_no_one.
    # In an import: a new row with that number.
    row = f"Cao Văn Dũng,male,1990-01-02,Kinh,{cid},2015-03-10,2016-03-10," \
          f"official,{cell['code']}"
    # (Matched by the citizen ID, that row is an identity conflict.)
    p = problem(C.c.req("POST", IMPORT_URL + "?dry_run=true",
                        "\n".join([HEADER, row]) + "\n", ctype="text/csv"),
                422)
    assert p["errors"][0]["code"] == "identity_conflict", p
    # A new row (its own citizen ID) with the holder's card number: the
    # holder is named, as for one record.
    row = f"Cao Văn Dũng,male,1990-01-02,Kinh,{citizen_id()},2015-03-10," \
          f"2016-03-10,official,{cell['code']},{h['card_no']}"
    p = problem(C.c.req("POST", IMPORT_URL + "?dry_run=true",
                        "\n".join([HEADER + ",card_no", row]) + "\n",
                        ctype="text/csv"), 422, "import_failed")
    assert [(e["row"], e["field"], e["code"], e["message"])
            for e in p["errors"]] == [
        (2, "card_no", "duplicate", "Số thẻ đảng viên này đã thuộc về đồng "
         f"chí Cao Văn Anh, {cell['name']}.")], p


def setup():
    C.db = demo_db("api")
    C.srv = Server(C.db)
    C.c = client(C.srv.port)


def teardown():
    err = C.srv.stop()
    assert "chibo: access:" not in err, "access log is on by default"


if __name__ == "__main__":
    assert TESTS
    sys.exit(run_tests(setup, teardown))
