#!/usr/bin/env python3
"""Sign-in, sessions, CSRF, expiry, throttling, API tokens, disabled
accounts, masking, security headers, the audit trail through the API, the
dossier views written on a clean shutdown, and `chibo audit verify` on a
tampered database; on one backend (argv[1]).  Who may do what on which
route is test_authz.py's matrix.

The main server runs with --trust-proxy (so that each throttling case can
come from an address of its own, via X-Forwarded-For) and the access log
on: at the end, no password, session token, CSRF token or API token used
by any test may appear in its log.
"""
import json
import signal
import socket
import re
import sys
import time

from apilib import (BACKEND, DEMO, TODAY, Client, Server, citizen_id,
                    copy_db, create_member, demo_db, drop_copies, fields, fresh_db,
                    import_apply,
                    members_all,
                    new_cell, new_member, org_by_code, problem, psql, run,
                    run_tests, sql, test)


class Ctx:
    pass


S = Ctx()
SECRETS = []            # every secret seen: none may reach a log


def secret(s):
    if s:
        SECRETS.append(s)
    return s


def login(port, role=None, user=None, pw=None, **kw):
    c = Client(port, **kw)
    if role is not None:
        user, pw = DEMO[role]
    c.login(user, pw)
    secret(pw)
    secret(c.cookie)
    secret(c.csrf)
    return c


def add_user(db, name, role, org, password, member=None):
    args = ["user", "add", name, "--role", role, "--org", org,
            "--password-stdin", "--db", db]
    if member:
        args += ["--member", str(member)]
    run(*args, stdin=password + "\n")
    secret(password)


def make_token(db, user, *extra):
    tok = run("token", "create", user, *extra, "--db", db).stdout.strip()
    assert re.fullmatch(r"chibo_[A-Za-z0-9_-]{40,}", tok), tok
    return secret(tok)


def anon(port=None, **kw):
    return Client(port or S.srv.port, **kw)


def sign_in(c, user, pw, **kw):
    return c.req("POST", "/api/v1/session",
                 {"username": user, "password": pw}, keep_cookie=False, **kw)


def cell_member(c, code="CB-VP-1"):
    return members_all(c, f"&org={org_by_code(c, code)['id']}&sort=id")


def audit_of(c, member_id, **q):
    query = "&".join(f"{k}={v}" for k, v in q.items())
    return c.js(f"/api/v1/members/{member_id}/audit?{query}")["items"]


def wait_for(fn, timeout=5.0):
    """Calls fn until it returns something true (or time runs out)."""
    end = time.time() + timeout
    while True:
        v = fn()
        if v or time.time() > end:
            return v
        time.sleep(0.1)


# ------------------------------------------------------------ sessions

@test
def sign_in_sets_the_cookie_and_gives_the_csrf_token():
    c = anon()
    r = sign_in(c, "vanphong", "demo-vanphong-2026")
    assert r.status == 200, r
    [sc] = r.set_cookies
    token = re.match(r"chibo_session=([A-Za-z0-9_-]{40,});", sc).group(1)
    secret(token)
    attrs = [a.strip() for a in sc.split(";")[1:]]
    assert "Max-Age=43200" in attrs and "Secure" not in attrs, sc
    body = r.json()
    assert set(body) == {"csrf_token", "user"}, body
    assert re.fullmatch(r"[0-9a-f]{64}", body["csrf_token"]), body
    secret(body["csrf_token"])
    u = body["user"]
    assert u["username"] == "vanphong" and u["member_id"] is None, u
    assert [(g["role"], g["org_code"]) for g in u["grants"]] == \
        [("office", "DB-BDTTG")], u
    assert token not in r.body.decode(), "the token is for the cookie only"
    # Who am I: the same user and CSRF token again.
    c2 = Client(S.srv.port, cookie=token)
    me = c2.js("/api/v1/session")
    assert me == body, (me, body)
    # User names are not case-sensitive.
    r = sign_in(c, "VanPhong", "demo-vanphong-2026")
    assert r.status == 200, r
    # Malformed sign-ins: 4xx, and they are not failures that count.
    p = problem(c.req("POST", "/api/v1/session",
                      {"username": "vanphong", "password": "x" * 12,
                       "remember": True}), 422)
    assert ("remember", "unknown_field") in fields(p), p
    p = problem(c.req("POST", "/api/v1/session", {"username": "vanphong"}),
                422)
    assert ("password", "required") in fields(p), p
    p = problem(c.req("POST", "/api/v1/session",
                      {"username": 5, "password": ["x"]}), 422)
    assert {("username", "wrong_type"), ("password", "wrong_type")} <= \
        fields(p), p
    problem(c.req("POST", "/api/v1/session", "username=a&password=b",
                  ctype="application/x-www-form-urlencoded"), 415)
    problem(c.req("POST", "/api/v1/session?next=/", {
        "username": "vanphong", "password": "x"}), 400, "invalid_query")
    # Signing out: CSRF needed, then the cookie is expired and ends.
    c2.csrf = me["csrf_token"]
    problem(c2.req("DELETE", "/api/v1/session", csrf=False), 403,
            "csrf_failed")
    assert c2.js("/api/v1/session")["user"]["username"] == "vanphong"
    r = c2.req("DELETE", "/api/v1/session", keep_cookie=False)
    assert r.status == 204 and r.body == b"", r
    assert any("Max-Age=0" in sc for sc in r.set_cookies), r
    r = c2.get("/api/v1/session", keep_cookie=False)
    problem(r, 401, "not_signed_in")
    assert any("Max-Age=0" in sc for sc in r.set_cookies), r
    problem(c2.req("DELETE", "/api/v1/session"), 401, "not_signed_in")


@test
def every_route_but_the_public_ones_needs_a_principal():
    c = anon()
    for method, path in (("GET", "/api/v1/members"),
                         ("GET", "/api/v1/members/abc"),
                         ("GET", "/api/v1/members/1"),
                         ("GET", "/api/v1/orgs/1/history"),
                         ("POST", "/api/v1/members"),
                         ("DELETE", "/api/v1/members/1"),
                         ("GET", "/api/v1/audit"),
                         ("GET", "/api/v1/session"),
                         ("DELETE", "/api/v1/session")):
        p = problem(c.req(method, path), 401, "not_signed_in")
        assert p["detail"].startswith("Chưa đăng nhập"), p
    r = c.get("/api/v1/members", headers={"Accept-Language": "en"})
    assert problem(r, 401)["detail"].startswith("Not signed in"), r
    for path in ("/healthz", "/metrics", "/api/v1/openapi.json"):
        assert c.get(path).status == 200, path
    # Bad credentials of every kind are just "not signed in".
    for h in ({"Cookie": "chibo_session=nonsense"},
              {"Cookie": "chibo_session=" + "A" * 43},
              {"Cookie": "other=1"},
              {"Authorization": "Bearer nonsense"},
              {"Authorization": "Bearer chibo_" + "A" * 43},
              {"Authorization": "Basic YWRtaW46ZGVtby1hZG1pbi0yMDI2"},
              {"Authorization": "Bearer"}):
        problem(c.get("/api/v1/members", headers=h), 401, "not_signed_in")
    # A bearer token is not a session.
    b = Client(S.srv.port, bearer=S.office_token)
    problem(b.req("DELETE", "/api/v1/session"), 400, "not_a_session")
    assert b.js("/api/v1/session")["user"]["username"] == "vanphong"


@test
def csrf():
    c = login(S.srv.port, "office")
    cell = new_cell(c, "DBCS-VP")
    before = members_all(c, f"&org={cell['id']}&state=any")
    body = new_member(cell["id"], "Hồ Văn Giả")
    other = login(S.srv.port, "admin")
    for hdr in ({}, {"X-CSRF-Token": ""}, {"X-CSRF-Token": "0" * 64},
                {"X-CSRF-Token": c.csrf[:-1]},
                {"X-CSRF-Token": other.csrf},          # another session's
                {"X-CSRF-Token": c.csrf.upper()}):
        p = problem(c.req("POST", "/api/v1/members", body, headers=hdr,
                          csrf=False), 403, "csrf_failed")
        assert "X-CSRF-Token" in p["detail"], p
    # Before anything else is judged (an invalid body is still 403).
    problem(c.req("POST", "/api/v1/members", {"x": 1}, csrf=False), 403,
            "csrf_failed")
    m = create_member(c, cell["id"], "Hồ Văn Thật")
    path = f"/api/v1/members/{m['id']}"
    problem(c.req("PATCH", path, {"phone": "0912 000 999"}, csrf=False),
            403, "csrf_failed")
    problem(c.req("POST", path + "/events", {"kind": "died",
                                             "on": "2026-01-01"},
                  csrf=False), 403, "csrf_failed")
    problem(c.req("DELETE", path, csrf=False), 403, "csrf_failed")
    problem(c.req("POST", "/api/v1/orgs", {}, csrf=False), 403,
            "csrf_failed")
    assert [x["id"] for x in
            members_all(c, f"&org={cell['id']}&state=any")] == \
        [x["id"] for x in before] + [m["id"]]
    assert c.js(path)["phone"] is None
    # Reads need none; with the right token writes go through.
    assert c.get(path, csrf=False).status == 200
    r = c.req("PATCH", path, {"phone": "0912 000 999"})
    assert r.status == 200, r
    # A bearer token needs none (a browser never sends one by itself).
    b = Client(S.srv.port, bearer=S.office_token)
    r = b.req("PATCH", path, {"phone": "0912 000 998"})
    assert r.status == 200, r
    # Both a cookie and a bearer token: the token is the credential.
    r = c.req("PATCH", path, {"phone": "0912 000 997"}, csrf=False,
              headers={"Authorization": "Bearer " + S.office_token})
    assert r.status == 200, r


@test
def idle_and_absolute_expiry():
    db = S.db_expiry
    # Idle: 2 s without a request ends the session.
    srv = Server(db, CHIBO_SESSION_IDLE="2")
    try:
        c = login(srv.port, "office")
        assert c.get("/api/v1/session").status == 200
        time.sleep(3.2)
        r = c.get("/api/v1/session", keep_cookie=False)
        problem(r, 401, "not_signed_in")
        # ... for good: signing in again is needed.
        problem(c.get("/api/v1/members?limit=1"), 401, "not_signed_in")
    finally:
        srv.stop()
    # Activity keeps a session alive past the idle limit.
    srv = Server(db, CHIBO_SESSION_IDLE="5")
    try:
        c = login(srv.port, "office")
        t0 = time.time()
        while time.time() - t0 < 8:
            r = c.get("/api/v1/session")
            assert r.status == 200, (time.time() - t0, r)
            time.sleep(0.5)
        time.sleep(6.5)
        problem(c.get("/api/v1/session"), 401, "not_signed_in")
    finally:
        srv.stop()
    # Absolute: 3 s in all, however active.
    srv = Server(db, CHIBO_SESSION_MAX="3")
    try:
        c = Client(srv.port)
        t0 = time.time()
        r = c.login(*DEMO["office"])
        assert any("Max-Age=3" in sc for sc in r.set_cookies), r
        ended = None
        while time.time() - t0 < 10:
            r = c.get("/api/v1/session", keep_cookie=False)
            if r.status != 200:
                problem(r, 401, "not_signed_in")
                ended = time.time() - t0
                break
            time.sleep(0.25)
        assert ended is not None and 1.9 <= ended <= 5, ended
    finally:
        srv.stop()


@test
def throttling_per_account_without_revealing_it():
    """5 failures for a user name lock it for the window, even with the
    right password; a user name that does not exist is answered exactly
    the same, failure after failure."""
    add_user(S.db, "thu-khoa", "viewer", "DBCS-VP", "dung-mat-khau-1")
    known = anon(headers={"X-Forwarded-For": "10.1.0.1"})
    unknown = anon(headers={"X-Forwarded-For": "10.2.0.1"})
    for i in range(5):
        r1 = sign_in(known, "thu-khoa", f"sai-mat-khau-{i}")
        r2 = sign_in(unknown, "khong-ton-tai", f"sai-mat-khau-{i}")
        p1 = problem(r1, 401, "bad_credentials")
        assert p1 == problem(r2, 401, "bad_credentials"), (r1, r2)
        assert p1["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng.", p1
        assert not r1.set_cookies and not r2.set_cookies
    r1 = sign_in(known, "thu-khoa", "dung-mat-khau-1")
    r2 = sign_in(unknown, "khong-ton-tai", "dung-mat-khau-1")
    p1 = problem(r1, 429, "too_many_attempts")
    assert p1 == problem(r2, 429, "too_many_attempts"), (r1, r2)
    assert r1.headers["retry-after"] == r2.headers["retry-after"]
    assert int(r1.headers["retry-after"]) > 0
    assert p1["detail"].startswith("Đăng nhập sai quá nhiều lần"), p1
    # Locked from any address; other accounts unaffected.
    r = sign_in(anon(headers={"X-Forwarded-For": "10.1.0.9"}), "thu-khoa",
                "dung-mat-khau-1")
    problem(r, 429, "too_many_attempts")
    assert sign_in(known, *DEMO["viewer"]).status == 200
    # A success forgets the account's earlier failures.
    add_user(S.db, "thu-hai", "viewer", "DBCS-VP", "dung-mat-khau-2")
    c = anon(headers={"X-Forwarded-For": "10.4.0.1"})
    for _ in range(4):
        problem(sign_in(c, "thu-hai", "sai-roi-nhe-1"), 401)
    assert sign_in(c, "thu-hai", "dung-mat-khau-2").status == 200
    for _ in range(4):
        problem(sign_in(c, "thu-hai", "sai-roi-nhe-1"), 401)
    assert sign_in(c, "thu-hai", "dung-mat-khau-2").status == 200


@test
def throttling_per_address():
    """20 failures from one address (for different names) lock that
    address for everyone; other addresses are not affected."""
    c = anon(headers={"X-Forwarded-For": "10.3.0.1"})
    for i in range(20):
        problem(sign_in(c, f"ten-lan-{i}", "sai-mat-khau-x"), 401,
                "bad_credentials")
    problem(sign_in(c, *DEMO["admin"]), 429, "too_many_attempts")
    assert sign_in(anon(headers={"X-Forwarded-For": "10.3.0.2"}),
                   *DEMO["admin"]).status == 200


@test
def forwarded_headers_only_from_a_trusted_proxy():
    # Not trusted: X-Forwarded-For is the client's word, not an address.
    # (An empty database: answers never depend on whether a name exists,
    # so a 429 for one more unknown name shows the address is locked.)
    db = fresh_db("security_noproxy")
    run("init", "--db", db)
    srv = Server(db)
    try:
        for i in range(20):
            c = anon(srv.port, headers={"X-Forwarded-For": f"10.5.0.{i}"})
            problem(sign_in(c, f"khong-co-{i}", "sai-mat-khau-y"), 401)
        c = anon(srv.port, headers={"X-Forwarded-For": "10.5.1.1",
                                    "X-Forwarded-Proto": "https"})
        problem(sign_in(c, "khong-co-nua", "sai-mat-khau-y"), 429,
                "too_many_attempts")
    finally:
        srv.stop()
    # Trusted: the proxy's address and scheme are taken.
    c = anon(headers={"X-Forwarded-For": "203.0.113.7, 10.0.0.1",
                      "X-Forwarded-Proto": "https"}, tls=True)
    r = c.login(*DEMO["office"])
    secret(c.cookie)
    assert any("Secure" in sc for sc in r.set_cookies), r
    c.get("/api/v1/session")
    entries = run("audit", "list", "--json", "--action", "session.create",
                  "--limit", "5", "--db", S.db).stdout
    assert json.loads(entries)[0]["addr"] == "203.0.113.7", entries
    # A forwarded address that is not one is ignored.
    c = anon(headers={"X-Forwarded-For": "<script>"})
    assert sign_in(c, *DEMO["viewer"]).status == 200
    entries = json.loads(run("audit", "list", "--json", "--action",
                             "session.create", "--limit", "1", "--db",
                             S.db).stdout)
    assert entries[0]["addr"] == "127.0.0.1", entries


@test
def secure_cookies_and_hsts_when_configured():
    srv = Server(S.db_plain, CHIBO_SECURE_COOKIES="1")
    try:
        c = Client(srv.port, tls=True)
        assert c.get("/healthz").status == 200        # HSTS checked
        c.login(*DEMO["admin"])                       # Secure checked
        secret(c.cookie)
        assert c.get("/api/v1/session").status == 200
    finally:
        srv.stop()


# -------------------------------------------------------------- tokens

@test
def api_tokens():
    tok = make_token(S.db, "captren", "--name", "bao-cao")
    b = Client(S.srv.port, bearer=tok)
    me = b.js("/api/v1/session")
    assert me["user"]["username"] == "captren" and "csrf_token" not in me
    assert b.get("/api/v1/members?limit=1").status == 200
    listed = json.loads(run("token", "list", "captren", "--json", "--db",
                            S.db).stdout)
    [t] = [t for t in listed if t["name"] == "bao-cao"]
    assert tok.startswith(t["prefix"]) and tok not in json.dumps(listed)
    assert t["revoked_at"] is None and t["expires_at"], t
    run("token", "revoke", str(t["id"]), "--db", S.db)
    problem(b.get("/api/v1/members?limit=1"), 401, "not_signed_in")
    problem(b.get("/api/v1/session"), 401, "not_signed_in")
    p = run("token", "revoke", "999999", "--db", S.db, check=False)
    assert p.returncode != 0, p
    # Expired: the expiry is moved into the past behind chibo's back.
    tok = make_token(S.db, "captren", "--expires", "1", "--name", "het-han")
    b = Client(S.srv.port, bearer=tok)
    assert b.get("/api/v1/session").status == 200
    listed = json.loads(run("token", "list", "captren", "--json", "--db",
                            S.db).stdout)
    [t] = [t for t in listed if t["name"] == "het-han"]
    sql(S.db, f"UPDATE {TOKEN_TABLE} SET expires_at = "
        f"'2020-01-01T00:00:00Z' WHERE id = {t['id']}")
    problem(b.get("/api/v1/session"), 401, "not_signed_in")
    # A token that never expires.
    tok = make_token(S.db, "captren", "--expires", "0")
    assert Client(S.srv.port, bearer=tok).get(
        "/api/v1/session").status == 200


@test
def disabled_accounts_and_new_passwords_end_sessions():
    add_user(S.db, "tam-nghi", "office", "DBCS-VP", "mat-khau-tam-1")
    c = login(S.srv.port, user="tam-nghi", pw="mat-khau-tam-1")
    b = Client(S.srv.port, bearer=make_token(S.db, "tam-nghi"))
    assert c.get("/api/v1/session").status == 200
    assert b.get("/api/v1/session").status == 200
    run("user", "disable", "tam-nghi", "--db", S.db)
    problem(c.get("/api/v1/session"), 401, "not_signed_in")
    problem(b.get("/api/v1/session"), 401, "not_signed_in")
    # Signing in: the same answer as a wrong password.
    x = anon(headers={"X-Forwarded-For": "10.6.0.1"})
    wrong = problem(sign_in(x, "tam-nghi", "mat-khau-sai-1"), 401,
                    "bad_credentials")
    assert problem(sign_in(x, "tam-nghi", "mat-khau-tam-1"), 401,
                   "bad_credentials") == wrong
    run("user", "enable", "tam-nghi", "--db", S.db)
    problem(c.get("/api/v1/session"), 401, "not_signed_in")  # stays ended
    assert b.get("/api/v1/session").status == 200            # tokens live
    c = login(S.srv.port, user="tam-nghi", pw="mat-khau-tam-1")
    # A new password ends the sessions too; the old one is refused.
    run("user", "passwd", "tam-nghi", "--password-stdin", "--db", S.db,
        stdin=secret("mat-khau-moi-2") + "\n")
    problem(c.get("/api/v1/session"), 401, "not_signed_in")
    problem(sign_in(x, "tam-nghi", "mat-khau-tam-1"), 401, "bad_credentials")
    assert sign_in(x, "tam-nghi", "mat-khau-moi-2").status == 200


# ------------------------------------------------------------- masking

# What a viewer's list withholds: every field but the name, organisation,
# status and state (names only, issue 11), in API v1's order.
ROSTER = ["citizen_id", "card_no", "dossier_no", "admission_decision_date",
          "admitted_on", "official_on", "exempt_since", "job_title",
          "education", "professional_level", "theory_level", "phone", "email",
          "gender", "birth_date", "birthplace", "hometown", "ethnicity",
          "religion"]


@test
def personal_fields_masked_for_the_viewer():
    cell = org_by_code(S.admin, "CB-VP-1")
    v = login(S.srv.port, "viewer")
    items = v.js(f"/api/v1/members?org={cell['id']}")["items"]
    assert items
    for m in items:
        assert all(m[f] is None for f in ROSTER), m
        assert m["masked"] == ROSTER, m
        assert m["full_name"] and m["status"] and m["org_id"], m
    # Searching by a citizen ID finds nothing for it either, not even a
    # count; whole or by prefix.  The office finds it.
    cid = [m for m in cell_member(S.admin) if m["citizen_id"]][0]
    for q in (cid["citizen_id"], cid["citizen_id"][:6]):
        got = v.js("/api/v1/members?q=" + q)
        assert got["items"] == [] and got["total"] == 0, got
        got = S.admin.js("/api/v1/members?limit=1000&q=" + q)["items"]
        assert any(m["id"] == cid["id"] for m in got), q
    problem(v.get(f"/api/v1/members/{cid['id']}"), 403, "forbidden")
    problem(v.get("/api/v1/members/export"), 403, "forbidden")
    for role in ("office", "secretary"):
        c = login(S.srv.port, role)
        items = c.js(f"/api/v1/members?org={cell['id']}")["items"]
        assert all("masked" not in m for m in items), role
        assert any(m["citizen_id"] for m in items), role
        one = c.js(f"/api/v1/members/{items[0]['id']}")
        assert one == [m for m in cell_member(S.admin)
                       if m["id"] == one["id"]][0], one
    # A member sees its own record in full, and nothing else.
    me = login(S.srv.port, "member")
    mid = me.js("/api/v1/session")["user"]["member_id"]
    own = me.js(f"/api/v1/members/{mid}")
    assert "masked" not in own and own["citizen_id"], own
    assert [m["id"] for m in me.js("/api/v1/members")["items"]] == [mid]
    other = [m for m in cell_member(S.admin) if m["id"] != mid][0]
    problem(me.get(f"/api/v1/members/{other['id']}"), 404,
            "member_not_found")
    problem(me.get(f"/api/v1/members/{mid}/audit"), 403, "forbidden")


# --------------------------------------------------------------- audit

def entries_by_action(items):
    out = {}
    for e in items:
        out.setdefault(e["action"], []).append(e)
    return out


@test
def every_write_is_audited_with_before_and_after():
    c = login(S.srv.port, "office",
              headers={"X-Forwarded-For": "198.51.100.23"})
    me = c.js("/api/v1/session")["user"]
    cell = new_cell(c, "DBCS-VP")
    m = create_member(c, cell["id"], "Quách Thị Vết", phone="0912 111 222")
    path = f"/api/v1/members/{m['id']}"
    r = c.req("PATCH", path, {"phone": "0912 333 444", "religion": None})
    assert r.status == 200, r
    # A refused change leaves no entry.
    problem(c.req("PATCH", path, {"birth_date": "2023-02-30"}), 422)
    problem(c.req("PATCH", path, {"phone": "1"},
                  headers={"If-Match": '"99"'}), 412)
    r = c.req("POST", path + "/events", {"kind": "died", "on": "2026-10-01"})
    assert r.status == 200, r
    items = audit_of(c, m["id"])
    acts = [e["action"] for e in items]
    assert acts[:3] == ["member.event", "member.update", "member.create"], \
        acts
    by = entries_by_action(items)
    upd = by["member.update"][0]
    assert upd["before"] == {"phone": "0912 111 222", "religion": None} or \
        upd["before"] == {"phone": "0912 111 222"}, upd
    assert upd["after"]["phone"] == "0912 333 444", upd
    for e in items:
        assert e["actor"] == "vanphong" and e["user_id"] == me["user_id"], e
        assert e["addr"] == "198.51.100.23", e
        assert e["object_type"] == "member" and e["object_id"] == m["id"], e
        assert e["org_id"] == cell["id"], e
        assert re.fullmatch(r"[0-9a-f]{64}", e["hash"]), e
    cr = by["member.create"][0]
    assert cr["before"] is None and cr["after"]["full_name"] == \
        "Quách Thị Vết", cr
    ev = by["member.event"][0]
    assert ev["detail"]["kind"] == "died" and ev["after"]["state"] == \
        "died", ev
    # Newest first, consecutive chain.
    assert [e["id"] for e in items] == sorted((e["id"] for e in items),
                                              reverse=True)
    # Delete.
    m2 = create_member(c, cell["id"], "Quách Văn Xóa")
    assert c.req("DELETE", f"/api/v1/members/{m2['id']}").status == 204
    got = c.js(f"/api/v1/audit?member={m2['id']}")["items"]
    assert [e["action"] for e in got][:2] == ["member.delete",
                                              "member.create"], got
    assert got[0]["before"]["full_name"] == "Quách Văn Xóa", got[0]
    # Organisations and rules.
    r = c.req("PATCH", f"/api/v1/orgs/{cell['id']}",
              {"name": "Chi bộ Đã Đổi", "doc_no": "9-QĐ", "on": TODAY})
    assert r.status == 200, r
    other = new_cell(c, "DBCS-VP")
    r = c.req("POST", f"/api/v1/orgs/{other['id']}/merge",
              {"into": cell["id"], "on": TODAY})
    assert r.status == 200, r
    r = c.req("POST", "/api/v1/rules/overrides", {
        "rule_id": "member.admission_age", "value_name": "min_months",
        "value": 216, "org_id": cell["id"], "effective_from": "2020-01-01",
        "doc_no": "01-QĐ/CB"})
    assert r.status == 201, r
    got = c.js(f"/api/v1/audit?org={cell['id']}&limit=1000")["items"]
    by = entries_by_action(got)
    for act in ("org.create", "org.update", "rules.override",
                "member.create", "member.update", "member.delete"):
        assert act in by, (act, sorted(by))
    upd = by["org.update"][0]
    assert upd["before"]["name"].startswith("Chi bộ Thử nghiệm") and \
        upd["after"]["name"] == "Chi bộ Đã Đổi", upd
    merged = c.js(f"/api/v1/audit?action=org.merge&limit=5")["items"]
    assert merged and merged[0]["object_id"] == other["id"] and \
        merged[0]["detail"]["into"] == cell["id"], merged
    # Splits and imports (an entry per row created).
    r = c.req("POST", f"/api/v1/orgs/{cell['id']}/split", {
        "orgs": [{"name": "Chi bộ Tách Vết", "code": "CB-TACH-VET",
                  "member_ids": []}], "on": TODAY, "doc_no": "10-QĐ"})
    assert r.status == 200, r
    sp = c.js("/api/v1/audit?action=org.split&limit=1")["items"]
    assert sp and sp[0]["object_id"] == cell["id"] and \
        sp[0]["detail"]["orgs"] == r.json()["created"], sp
    code = c.js(f"/api/v1/orgs/{cell['id']}")["code"]
    csv = ("full_name,gender,birth_date,ethnicity,citizen_id,admitted_on,"
           "official_on,status,org_code\r\n" + "".join(
               f"Nhập Văn Vết {i},male,1990-01-02,Kinh,{citizen_id()},"
               f"2015-03-10,2016-03-10,official,{code}\r\n"
               for i in ("An", "Bình")))
    r = import_apply(c, csv)
    assert r.status == 200 and r.json()["created"] == 2, r
    got = c.js(f"/api/v1/audit?org={cell['id']}&action=member.create"
               "&limit=10")["items"]
    names = {e["after"]["full_name"] for e in got}
    assert {"Nhập Văn Vết An", "Nhập Văn Vết Bình"} <= names, names
    # Exports and sign-ins are recorded too.
    assert c.get(f"/api/v1/members/export?org={cell['id']}").status == 200
    ex = c.js("/api/v1/audit?action=member.export&limit=1")["items"]
    assert ex and ex[0]["actor"] == "vanphong" and \
        ex[0]["detail"]["format"] == "csv", ex
    a = login(S.srv.port, "admin")
    ses = a.js("/api/v1/audit?action=session.create&limit=50")["items"]
    assert any(e["actor"] == "vanphong" and e["addr"] == "198.51.100.23"
               for e in ses), ses
    problem(sign_in(anon(headers={"X-Forwarded-For": "10.8.0.1"}),
                    "vanphong", "sai-mat-khau-z"), 401)
    den = a.js("/api/v1/audit?action=session.denied&limit=1")["items"]
    assert den and den[0]["actor"] == "vanphong" and \
        den[0]["addr"] == "10.8.0.1", den
    # ... but only admin sees entries about no organisation.
    assert c.js("/api/v1/audit?action=session.create")["items"] == []


@test
def dossier_views_are_audited_in_batches():
    # Three sessions of the same account: a view each (a session's
    # repeats are test_audit.py's).
    m = cell_member(S.admin, "CB-VP-3")[0]
    for _ in range(3):
        c = login(S.srv.port, "office")
        assert c.get(f"/api/v1/members/{m['id']}").status == 200
    # If-Match resolution and the history are not views.
    c.get(f"/api/v1/members/{m['id']}/history")

    def views():
        return [e for e in audit_of(c, m["id"])
                if e["action"] == "member.view" and e["actor"] == "vanphong"]
    got = wait_for(lambda: len(views()) >= 3, 5)
    assert got, views()
    time.sleep(1.5)
    assert len(views()) == 3, views()
    # A refused read is no view.
    v = login(S.srv.port, "viewer")
    problem(v.get(f"/api/v1/members/{m['id']}"), 403)
    time.sleep(1.5)
    assert not [e for e in audit_of(c, m["id"]) if e["actor"] == "captren"]
    # Many at once (a batch's worth, each in a session of its own: a
    # session's repeats are not recorded): written without waiting for
    # the tick.
    ids = [x["id"] for x in cell_member(S.admin, "CB-VP-4")]
    assert ids
    sessions = [login(S.srv.port, "office")
                for _ in range(VIEWS_BATCH // len(ids) + 1)]
    many = [(s, mid) for s in sessions for mid in ids]
    assert len(many) > VIEWS_BATCH
    def count():
        return sum(1 for mid in ids
                   for e in audit_of(c, mid, limit=1000)
                   if e["action"] == "member.view" and
                   e["actor"] == "vanphong")
    before = count()
    for s, mid in many:
        assert s.get(f"/api/v1/members/{mid}").status == 200
    assert wait_for(lambda: count() >= before + len(many), 10), count()


VIEWS_BATCH = 200


@test
def views_are_not_lost_on_a_clean_shutdown():
    db = S.db_plain
    srv = Server(db)
    try:
        c = login(srv.port, "inspection")
        m = cell_member(c, "CB-HVDT-2")[0]
        assert c.get(f"/api/v1/members/{m['id']}").status == 200
    finally:
        srv.stop()                  # at once: the view is still queued
    got = json.loads(run("audit", "list", "--json", "--action",
                         "member.view", "--member", str(m["id"]), "--db",
                         db).stdout)
    assert [(e["actor"], e["object_id"]) for e in got] == \
        [("ubkt", m["id"])], got


@test
def audit_is_scoped_and_paged():
    add_user(S.db, "ubkt-hvdt", "inspection", "DBCS-HVDT", "mat-khau-hvdt-1")
    i = login(S.srv.port, user="ubkt-hvdt", pw="mat-khau-hvdt-1")
    hv = org_by_code(S.admin, "DBCS-HVDT")
    inside = {o["id"] for o in S.admin.js(
        f"/api/v1/orgs?root={hv['id']}&include_closed=true&limit=5000")[
        "items"]}
    vp_member = cell_member(S.admin, "CB-VP-1")[0]
    hv_member = cell_member(S.admin, "CB-HVDT-1")[0]
    S.admin.get(f"/api/v1/members/{hv_member['id']}")     # a view
    problem(i.get(f"/api/v1/members/{vp_member['id']}/audit"), 404,
            "member_not_found")
    assert wait_for(lambda: [e for e in audit_of(i, hv_member["id"])
                             if e["action"] == "member.view"], 5)
    p = problem(i.get(f"/api/v1/audit?org={org_by_code(S.admin, 'CB-VP-1')['id']}"),
                400, "invalid_query")
    assert ("org", "org_not_found") in fields(p), p
    # Everything it sees concerns its subtree; pages follow each other.
    seen, before = [], None
    while True:
        q = "/api/v1/audit?limit=7" + (f"&before={before}" if before else "")
        page = i.js(q)
        assert len(page["items"]) <= 7
        seen += page["items"]
        before = page["next_before"]
        if before is None:
            break
        assert before == page["items"][-1]["id"], page
    assert seen and all(e["org_id"] in inside for e in seen), \
        [e for e in seen if e["org_id"] not in inside][:3]
    ids = [e["id"] for e in seen]
    assert ids == sorted(set(ids), reverse=True)
    everything = S.admin.js("/api/v1/audit?limit=1000")["items"]
    assert len(everything) > len(seen)
    assert any(e["org_id"] is None for e in everything)
    # Filters.
    got = i.js(f"/api/v1/audit?member={hv_member['id']}")["items"]
    assert got and all(e["object_id"] == hv_member["id"] for e in got), got
    got = i.js("/api/v1/audit?action=member.view")["items"]
    assert got and all(e["action"] == "member.view" for e in got), got
    for q, field in (("limit=0", "limit"), ("limit=1001", "limit"),
                     ("before=x", "before"), ("member=-1", "member"),
                     ("colour=red", "colour"), ("action=" + "a" * 65,
                                                "action")):
        p = problem(i.get("/api/v1/audit?" + q), 400, "invalid_query")
        assert field in {e["field"] for e in p["errors"]}, (q, p)
    p = problem(i.get(f"/api/v1/members/{hv_member['id']}/audit?limit=x"),
                400, "invalid_query")
    # Roles without the audit right: 403 whatever they ask.
    for role in ("viewer", "secretary", "member"):
        problem(login(S.srv.port, role).get("/api/v1/audit?org=1"), 403,
                "forbidden")


@test
def no_secret_in_any_json():
    out = run("user", "list", "--json", "--db", S.db).stdout
    assert "argon2" not in out and "password" not in out, out
    trail = run("audit", "list", "--json", "--limit", "1000", "--db",
                S.db).stdout
    trail += S.admin.get("/api/v1/audit?limit=1000").body.decode()
    assert "argon2" not in trail, "a password hash in the audit trail"
    for s in SECRETS:
        assert s not in trail, "a secret is in the audit trail"


# -------------------------------------------------------- audit verify

def verify(db):
    return run("audit", "verify", "--db", db, check=False, CHIBO_LANG="en")


# What an attacker with the database's file or owner account does first:
# drops the append-only triggers (migration 0013).
DROP_GUARDS = {
    "sqlite": ["DROP TRIGGER IF EXISTS " + t for t in (
        "tr_audit__no_update", "tr_audit__no_delete", "tr_audit__after_head",
        "tr_audit_head__forward", "tr_audit_head__no_delete",
        "tr_audit_format__no_update", "tr_audit_format__no_delete")],
    "pg": ["DROP FUNCTION IF EXISTS audit_refuse() CASCADE",
           "DROP FUNCTION IF EXISTS audit_after_head() CASCADE"],
}


def refused(db, statement):
    """True if the database refuses statement."""
    try:
        sql(db, statement)
    except Exception:       # sqlite3 errors, psql's assertion
        return True
    return False


@test
def audit_verify_detects_tampering():
    db = S.db_plain      # its servers are stopped by now
    p = verify(db)
    assert p.returncode == 0 and "intact" in p.stdout, p
    rows = sql(db, f"SELECT id FROM {AUDIT_TABLE} ORDER BY id")
    ids = [int(r[0]) for r in rows]
    assert len(ids) > 10 and ids == list(range(1, len(ids) + 1)), ids[:5]
    mid, last = ids[len(ids) // 2], ids[-1]
    no_user = int(sql(db, f"SELECT min(id) FROM {AUDIT_TABLE} "
                      "WHERE user_id IS NULL")[0][0])
    # Append-only: the triggers refuse, the trail is untouched.
    copy = copy_db(db, "tamper_guarded")
    for st in (f"UPDATE {AUDIT_TABLE} SET actor = 'x' WHERE id = {mid}",
               f"DELETE FROM {AUDIT_TABLE} WHERE id = {last}",
               f"INSERT INTO {AUDIT_TABLE} (id, at, prev_hash, hash) "
               "VALUES (0, '2026-01-01T00:00:00Z', 'x', 'y')",
               f"UPDATE audit_head SET last_id = {mid}"):
        assert refused(copy, st), st
    assert verify(copy).returncode == 0
    forge = (f"INSERT INTO {AUDIT_TABLE} (id, at, actor, action, "
             "object_type, object_id, prev_hash, hash) SELECT {}, at, actor, "
             f"'member.delete', object_type, object_id, prev_hash, hash FROM "
             f"{AUDIT_TABLE} WHERE id = 1")
    later = ("at + interval '250 milliseconds'" if BACKEND == "pg" else
             "at || '.25'")
    cases = [
        ("altered", f"UPDATE {AUDIT_TABLE} SET detail = '{{\"x\":1}}' "
         f"WHERE id = {mid}", mid),
        ("altered_actor", f"UPDATE {AUDIT_TABLE} SET actor = 'someone' "
         f"WHERE id = {mid}", mid),
        ("removed", f"DELETE FROM {AUDIT_TABLE} WHERE id = {mid}", mid + 1),
        ("swapped", f"UPDATE {AUDIT_TABLE} SET id = -1 WHERE id = {mid};"
         f"UPDATE {AUDIT_TABLE} SET id = {mid} WHERE id = {mid + 1};"
         f"UPDATE {AUDIT_TABLE} SET id = {mid + 1} WHERE id = -1", mid),
        ("newest_removed", f"DELETE FROM {AUDIT_TABLE} WHERE id = {last}",
         last),
        # Issue 12, finding 11: rows outside the chain, the time.
        ("forged_zero", forge.format(0), 0),
        ("forged_negative", forge.format(-3), -3),
        ("subsecond", f"UPDATE {AUDIT_TABLE} SET at = {later} "
         f"WHERE id = {mid}", mid),
        # Finding 13: NULL turned into 0.
        ("null_to_zero", f"UPDATE {AUDIT_TABLE} SET user_id = 0 "
         f"WHERE id = {no_user}", no_user),
    ]
    for name, statement, bad in cases:
        copy = copy_db(db, f"tamper_{name}")
        for st in DROP_GUARDS[BACKEND] + statement.split(";"):
            sql(copy, st)
        p = verify(copy)
        assert p.returncode == 1, (name, p)
        assert f"entry {bad} " in p.stderr, (name, bad, p.stderr)
        if name == "forged_zero":
            # Nor does the API list it.
            srv = Server(copy)
            try:
                got = login(srv.port, "admin").js(
                    "/api/v1/audit?limit=1000")["items"]
                assert got and min(e["id"] for e in got) >= 1, got[-1]
            finally:
                srv.stop()
    # The original is untouched and still intact.
    assert verify(db).returncode == 0
    drop_copies()


@test
def audit_head_published_and_checked():
    """`chibo audit head` prints a line to keep elsewhere; `audit verify
    --head LINE` fails once the chain no longer holds it, even when the
    chain was rewound consistently (head moved back with it), which a
    plain verify cannot see."""
    db = S.db_plain
    line = run("audit", "head", "--db", db).stdout.strip()
    m = re.fullmatch(r"(\d+) ([0-9a-f]{64}) "
                     r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", line)
    assert m, line
    last = int(m.group(1))
    head = sql(db, "SELECT last_id, last_hash FROM audit_head")[0]
    assert (int(head[0]), head[1]) == (last, m.group(2)), (head, line)
    p = verify(db)
    assert p.returncode == 0 and line.rsplit(" ", 1)[0] in p.stdout, p
    for arg in (line, m.group(1) + " " + m.group(2)):
        p = run("audit", "verify", "--head", arg, "--db", db, check=False)
        assert p.returncode == 0, p
    # Rewound: the newest entry removed and the head moved back.
    copy = copy_db(db, "tamper_rewound")
    prev = sql(copy, f"SELECT hash FROM {AUDIT_TABLE} "
               f"WHERE id = {last - 1}")[0][0]
    for st in DROP_GUARDS[BACKEND] + [
            f"DELETE FROM {AUDIT_TABLE} WHERE id = {last}",
            f"UPDATE audit_head SET last_id = {last - 1}, "
            f"last_hash = '{prev}'"]:
        sql(copy, st)
    assert verify(copy).returncode == 0          # consistent, but...
    p = run("audit", "verify", "--head", line, "--db", copy, check=False,
            CHIBO_LANG="en")
    assert p.returncode == 1 and f"entry {last} (rewound)" in p.stderr, p
    # Not a head line: a usage error.
    p = run("audit", "verify", "--head", "12 nothex", "--db", db,
            check=False)
    assert p.returncode == 2, p
    drop_copies()


@test
def audit_pages_with_cursor_as_with_before():
    """cursor/next_cursor walk the trail as before/next_before do."""
    def walk(path, key, limit):
        seen, pos, pages = [], None, 0
        while True:
            sep = "&" if "?" in path else "?"
            q = f"{path}{sep}limit={limit}" + \
                (f"&{key}={pos}" if pos is not None else "")
            page = S.admin.js(q)
            assert len(page["items"]) <= limit, page
            seen += page["items"]
            pages += 1
            if page["next_cursor"] is None:
                assert page["next_before"] is None, page
                return seen, pages
            assert page["next_before"] == page["items"][-1]["id"], page
            pos = page["next_cursor"] if key == "cursor" else \
                page["next_before"]
            assert pages < 10000

    def same(a, b):
        # Entries appended between the walks (queued views) are above
        # both: compare what lies below the older walk's first entry.
        top = min(a[0]["id"], b[0]["id"]) if a and b else 0
        return [e for e in a if e["id"] <= top] == \
            [e for e in b if e["id"] <= top]

    by_cursor, n = walk("/api/v1/audit", "cursor", 97)
    by_before, _ = walk("/api/v1/audit", "before", 97)
    assert n > 1 and same(by_cursor, by_before), n
    ids = [e["id"] for e in by_cursor]
    assert ids == sorted(set(ids), reverse=True)
    assert S.admin.js("/api/v1/audit?limit=1")["next_cursor"]
    m = cell_member(S.admin, "CB-HVDT-1")[0]
    path = f"/api/v1/members/{m['id']}/audit"
    by_cursor, n = walk(path, "cursor", 1)
    by_before, _ = walk(path, "before", 1)
    assert n > 1 and same(by_cursor, by_before), n
    # A cursor the list did not make; a cursor and before together.
    cursor = S.admin.js("/api/v1/audit?limit=1")["next_cursor"]
    member_cursor = S.admin.js("/api/v1/members?limit=1")["next_cursor"]
    for path in ("/api/v1/audit", f"/api/v1/members/{m['id']}/audit"):
        for bad in ("x", "MA", "LTE", "MDE", "YWJj", member_cursor):
            p = problem(S.admin.get(f"{path}?cursor={bad}"), 400,
                        "invalid_query")
            assert ("cursor", "invalid_cursor") in fields(p), (bad, p)
        p = problem(S.admin.get(f"{path}?before=5&cursor={cursor}"), 400,
                    "invalid_query")
        assert "cursor" in {e["field"] for e in p["errors"]}, p


# -------------------------------------------------------------- set-up

def schema_names():
    """The table names of the store's schema (looked up, not assumed)."""
    global AUDIT_TABLE, TOKEN_TABLE
    if BACKEND == "sqlite":
        names = [r[0] for r in sql(S.db, "SELECT name FROM sqlite_master "
                                   "WHERE type = 'table'")]
    else:
        names = psql(S.db, "SELECT tablename FROM pg_tables WHERE "
                     "schemaname = 'public'").split()
    AUDIT_TABLE = [n for n in names if n in ("audit", "audit_log",
                                             "audit_entry", "audit_trail")][0]
    TOKEN_TABLE = [n for n in names if n in ("api_token", "api_tokens",
                                             "token", "tokens")][0]


AUDIT_TABLE = TOKEN_TABLE = None


@test
def import_conflict_outside_the_scope_names_no_one():
    """A row carrying the citizen ID of a member outside the importing
    office's scope is not matched (nothing of that member is shown): the
    number is only said to be taken, and nothing is written."""
    a = [m for m in cell_member(S.admin) if m["citizen_id"]][0]
    before = S.admin.js(f"/api/v1/members/{a['id']}")
    add_user(S.db, "vp-hvdt-nhap", "office", "DBCS-HVDT", "mat-khau-nhap-1")
    c = login(S.srv.port, user="vp-hvdt-nhap", pw="mat-khau-nhap-1")
    cell = new_cell(S.admin)
    body = ("full_name,gender,birth_date,ethnicity,citizen_id,admitted_on,"
            "official_on,status,org_code\n"
            f"Lê Thị Khác,female,1992-11-20,Kinh,{a['citizen_id']},"
            f"2015-03-10,2016-03-10,official,{cell['code']}\n")
    for q in ("?dry_run=true", "?dry_run=true&accept_identity=2"):
        r = c.req("POST", "/api/v1/members/import" + q, body,
                  ctype="text/csv")
        assert r.status in (400, 422), r
        text = r.body.decode()
        assert a["full_name"] not in text and "identity_conflict" not in \
            text and "CB-VP-1" not in text, text
        if r.status == 422:
            # The number is said to be another member's, naming no one.
            assert any(e["field"] == "citizen_id" and e["message"] ==
                       "Số CCCD này đã thuộc về một đảng viên khác."
                       for e in r.json()["errors"]), text
    assert S.admin.js(f"/api/v1/members/{a['id']}") == before


@test
def duplicate_outside_the_scope_names_no_one():
    """A citizen ID or card number held by a member outside the caller's
    scope is refused as "another member's", without a name or a cell."""
    a = [m for m in cell_member(S.admin) if m["citizen_id"]][0]
    add_user(S.db, "vp-hvdt-trung", "office", "DBCS-HVDT", "mat-khau-trung-1")
    c = login(S.srv.port, user="vp-hvdt-trung", pw="mat-khau-trung-1")
    cell = new_cell(S.admin)
    for field in ("citizen_id", "card_no"):
        if not a.get(field):
            continue
        body = new_member(cell["id"], "Trùng Văn Số", **{field: a[field]})
        if field == "card_no":
            body["citizen_id"] = citizen_id()
        r = c.req("POST", "/api/v1/members", body)
        p = problem(r, 409, "duplicate")
        e = [e for e in p["errors"] if e["field"] == field]
        label = {"citizen_id": "Số CCCD",
                 "card_no": "Số thẻ đảng viên"}[field]
        assert e and e[0]["message"] == \
            f"{label} này đã thuộc về một đảng viên khác.", p
        text = r.body.decode()
        assert a["full_name"] not in text and "CB-VP-1" not in text, text
    assert members_all(S.admin, f"&org={cell['id']}") == []


@test
def import_killed_mid_apply_leaves_nothing_partial():
    """SIGKILL of the server while it applies an import (with the check's
    token): afterwards the import is there whole or not at all, and the
    audit chain verifies."""
    db = demo_db("sigkill")
    srv = Server(db)
    n = 1200
    try:
        c = login(srv.port, "office")
        code = org_by_code(c, "CB-VP-1")["code"]
        rows = "".join(
            f"Phạm Văn Ngắt,male,19{60 + i % 30}-0{1 + i % 9}-1{i % 10},"
            f"Kinh,{citizen_id()},2015-03-10,2016-03-10,official,{code}\r\n"
            for i in range(n))
        body = ("full_name,gender,birth_date,ethnicity,citizen_id,"
                "admitted_on,official_on,status,org_code\r\n" + rows).encode()
        r = c.req("POST", "/api/v1/members/import?dry_run=true", body,
                  ctype="text/csv")
        assert r.status == 200 and r.json()["created"] == n, r
        tok = r.json()["token"]
        s = socket.create_connection(("127.0.0.1", srv.port))
        s.sendall((f"POST /api/v1/members/import?token={tok} HTTP/1.1\r\n"
                   f"Host: 127.0.0.1\r\n"
                   f"Cookie: chibo_session={c.cookie}\r\n"
                   f"X-CSRF-Token: {c.csrf}\r\n"
                   "Content-Type: text/csv\r\n"
                   f"Content-Length: {len(body)}\r\n\r\n").encode() + body)
        # Let the apply start (no assertion rests on this pause: either
        # outcome is checked below).
        time.sleep(0.3)
        srv.proc.send_signal(signal.SIGKILL)
        srv.proc.wait(timeout=60)
        s.close()
    finally:
        if srv.proc.poll() is None:
            srv.proc.kill()
            srv.proc.wait(timeout=60)
        srv.proc.stdout.close()
    got = int(sql(db, "SELECT count(*) FROM member "
                      "WHERE full_name = 'Phạm Văn Ngắt'")[0][0])
    imports = int(sql(db, "SELECT count(*) FROM audit "
                          "WHERE action = 'member.import'")[0][0])
    assert (got, imports) in ((0, 0), (n, 1)), (got, imports)
    print(f"    killed mid-import: {got} of {n} rows present after restart")
    run("audit", "verify", "--db", db)
    # The server starts again on it, and the file imports (or is there).
    srv = Server(db)
    try:
        c = login(srv.port, "office")
        r = import_apply(c, body.decode())
        assert r.status == 200, r
        assert r.json()["created"] + r.json()["unchanged"] == n, r
    finally:
        srv.stop()
    run("audit", "verify", "--db", db)


def setup():
    S.db = demo_db("security")
    S.db_expiry = demo_db("security_expiry", "2")
    S.db_plain = demo_db("security_plain", "4")
    schema_names()
    S.srv = Server(S.db, ["--trust-proxy"], CHIBO_ACCESS_LOG="1")
    S.admin = login(S.srv.port, "admin")
    S.office_token = make_token(S.db, "vanphong", "--name", "tests")


def teardown():
    err = S.srv.stop()
    lines = [x for x in err.splitlines() if x.startswith("chibo: access:")]
    assert any(' vanphong "GET /api/v1/session" 200' in x for x in lines), \
        lines[:5]
    assert any(' - "POST /api/v1/session" 401' in x for x in lines)
    for s in SECRETS:
        assert s not in err, "a secret reached the log"
    assert "Cookie" not in err and "X-CSRF-Token" not in err


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
