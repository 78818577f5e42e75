"""Shared helpers of the API tests (test_api.py, test_authz.py,
test_security.py): fresh demo databases on either backend, `chibo serve` on
a free port, and an HTTP client that signs in (session cookie and CSRF
token, or a bearer token) and checks the headers of every answer.

Python standard library only.  Environment (set by tests/meson.build):
CHIBO_BIN, CHIBO_TEST_MKDB, CHIBO_TEST_MKXLSX; CHIBO_TEST_PG for
PostgreSQL (without it the pg run is skipped: exit 77).
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse

BACKEND = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
BIN = os.environ.get("CHIBO_BIN", "build/chibo")
MKDB = os.environ.get("CHIBO_TEST_MKDB")
MKXLSX = os.environ.get("CHIBO_TEST_MKXLSX")
PG_ADMIN = os.environ.get("CHIBO_TEST_PG")
TMP = tempfile.mkdtemp(prefix="chibo-api-")
TODAY = "2026-11-25"

if BACKEND == "pg" and not PG_ADMIN:
    print("CHIBO_TEST_PG not set: skipping the PostgreSQL run")
    sys.exit(77)

# The demo's accounts (src/svc/demo.c demo_accounts), by role.
DEMO = {
    "admin": ("admin", "demo-admin-2026"),
    "office": ("vanphong", "demo-vanphong-2026"),
    "inspection": ("ubkt", "demo-ubkt-2026"),
    "secretary": ("bithu", "demo-bithu-2026"),
    "member": ("dangvien", "demo-dangvien-2026"),
    "viewer": ("captren", "demo-captren-2026"),
}

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
}


def env(**extra):
    e = dict(os.environ)
    e["CHIBO_TODAY"] = TODAY
    for k in ("CHIBO_LANG", "CHIBO_ACCESS_LOG", "CHIBO_SESSION_IDLE",
              "CHIBO_SESSION_MAX", "CHIBO_SECURE_COOKIES"):
        e.pop(k, None)
    e.update(extra)
    return e


def fresh_db(name):
    if MKDB:
        out = subprocess.run([MKDB, BACKEND, name], check=True,
                             capture_output=True, text=True)
        return out.stdout.strip()
    if BACKEND == "sqlite":
        path = os.path.join(TMP, name + ".db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.unlink(path + suffix)
        return path
    dbname = f"chibo_api_{name}_{os.getpid()}"
    psql("postgres", f"DROP DATABASE IF EXISTS {dbname}")
    psql("postgres", f"CREATE DATABASE {dbname}")
    u = urllib.parse.urlsplit(PG_ADMIN)
    return urllib.parse.urlunsplit(u._replace(path="/" + dbname))


def pg_url(dbname):
    u = urllib.parse.urlsplit(PG_ADMIN)
    return urllib.parse.urlunsplit(u._replace(path="/" + dbname))


def pg_name(url):
    return urllib.parse.urlsplit(url).path.lstrip("/")


def psql(db, sql):
    """Runs sql on a PostgreSQL database (a URL or a name on the test
    server); returns stdout (unaligned, tuples only)."""
    url = db if "://" in db else pg_url(db)
    p = subprocess.run(["psql", url, "-qAtX", "-v", "ON_ERROR_STOP=1",
                        "-c", sql], capture_output=True, text=True)
    assert p.returncode == 0, (sql, p.stderr)
    return p.stdout


def run(*args, check=True, stdin=None, **extra_env):
    p = subprocess.run([BIN] + list(args), capture_output=True, text=True,
                       env=env(**extra_env), timeout=300, input=stdin)
    if check:
        assert p.returncode == 0, (args, p.stdout, p.stderr)
    assert "Sanitizer" not in p.stderr and "runtime error" not in p.stderr, \
        p.stderr
    return p


def demo_db(name, seed="1", meetings=True, inspections=True,
            evaluations=True):
    """The demo; meetings=False: without its 12 months of meetings;
    inspections=False: without its terms, programme, inspections and
    self-inspections (issue 14); evaluations=False: without its three
    years of evaluations (issue 15)."""
    url = fresh_db(name)
    run("init", "--db", url)
    run("demo", "--db", url, "--seed", seed,
        *([] if meetings else ["--no-meetings"]),
        *([] if inspections else ["--no-inspections"]),
        *([] if evaluations else ["--no-evaluations"]))
    return url


def copy_db(src, name):
    """A copy of database src (no server may be using it)."""
    if BACKEND == "sqlite":
        import sqlite3
        dst = os.path.join(TMP, name + ".db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(dst + suffix):
                os.unlink(dst + suffix)
        a = sqlite3.connect(src)
        b = sqlite3.connect(dst)
        a.backup(b)
        a.close()
        b.close()
        return dst
    dbname = f"chibo_api_{name}_{os.getpid()}"
    psql("postgres", f"DROP DATABASE IF EXISTS {dbname}")
    psql("postgres", f"CREATE DATABASE {dbname} TEMPLATE {pg_name(src)}")
    COPIES.append(dbname)
    return pg_url(dbname)


COPIES = []     # PostgreSQL copies, dropped by drop_copies()


def drop_copies():
    for name in COPIES:
        psql("postgres", f"DROP DATABASE IF EXISTS {name}")
    COPIES.clear()


def sql(db, statement):
    """Runs one statement directly on the database (tampering, test set-up),
    behind chibo's back.  Returns the rows (list of tuples of str)."""
    if BACKEND == "sqlite":
        import sqlite3
        c = sqlite3.connect(db, isolation_level=None, timeout=10)
        try:
            rows = c.execute(statement).fetchall()
        finally:
            c.close()
        return [tuple("" if v is None else str(v) for v in r) for r in rows]
    out = psql(db, statement)
    return [tuple(line.split("|")) for line in out.splitlines() if line]


# ---------------------------------------------------------------- server

class Server:
    """`chibo serve` on a free port; stop() checks a clean exit."""

    def __init__(self, db, args=(), **extra_env):
        self.db = db
        self.errpath = os.path.join(TMP, f"serve-{time.time_ns()}.err")
        self.errfile = open(self.errpath, "w")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--db", db, "--listen", "127.0.0.1:0"] +
            list(args), stdout=subprocess.PIPE, stderr=self.errfile,
            text=True, env=env(**extra_env))
        line = self.proc.stdout.readline()
        m = re.match(r"chibo: listening on http://127\.0\.0\.1:(\d+)/$",
                     line.strip())
        assert m, (line, self.stderr())
        self.port = int(m.group(1))

    def stderr(self):
        if not self.errfile.closed:
            self.errfile.flush()
        with open(self.errpath, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=60)
        self.proc.stdout.close()
        self.errfile.close()
        err = self.stderr()
        assert code == 0, (code, err)
        assert "Sanitizer" not in err and "runtime error" not in err, err
        return err

    def client(self, role=None, **kw):
        c = Client(self.port, **kw)
        if role is not None:
            c.login(*DEMO[role])
        return c


class Resp:
    def __init__(self, r, body):
        self.status = r.status
        self.headers = {k.lower(): v for k, v in r.getheaders()}
        self.set_cookies = [v for k, v in r.getheaders()
                            if k.lower() == "set-cookie"]
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return f"{self.status} {self.headers} {self.body[:2000]!r}"


UNSAFE = ("POST", "PATCH", "PUT", "DELETE")


class Client:
    """One keep-alive connection (reopened only if the server closes), with
    the credentials of one principal: a session cookie (and its CSRF token,
    sent with every state-changing request) or a bearer token."""

    def __init__(self, port, cookie=None, csrf=None, bearer=None,
                 tls=False, headers=None):
        self.port = port
        self.cookie = cookie
        self.csrf = csrf
        self.bearer = bearer
        self.tls = tls          # expect Secure cookies and HSTS
        self.headers = dict(headers or {})  # sent with every request
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def same_auth(self):
        """Another connection with the same credentials."""
        return Client(self.port, self.cookie, self.csrf, self.bearer,
                      self.tls, self.headers)

    def req(self, method, path, body=None, headers=None, ctype=None,
            csrf=True, keep_cookie=True):
        h = dict(self.headers)
        h.update(headers or {})
        if isinstance(body, (dict, list)) or body is True:
            body = json.dumps(body, ensure_ascii=False).encode()
            h.setdefault("Content-Type", ctype or "application/json")
        elif isinstance(body, str):
            body = body.encode()
        if body is not None and ctype:
            h["Content-Type"] = ctype
        if self.bearer is not None:
            h.setdefault("Authorization", "Bearer " + self.bearer)
        if self.cookie is not None:
            h.setdefault("Cookie", "chibo_session=" + self.cookie)
            if csrf and self.csrf and method.upper() in UNSAFE:
                h.setdefault("X-CSRF-Token", self.csrf)
        try:
            self.conn.request(method, path, body=body, headers=h)
            r = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError,
                BrokenPipeError):
            self.conn.close()
            self.conn.request(method, path, body=body, headers=h)
            r = self.conn.getresponse()
        data = r.read()
        resp = Resp(r, data)
        check_headers(method, resp, self.tls)
        if keep_cookie:
            for sc in resp.set_cookies:
                m = re.match(r"chibo_session=([^;]*)", sc)
                if m:
                    self.cookie = m.group(1) or None
                    if self.cookie is None:
                        self.csrf = None
        return resp

    def get(self, path, **kw):
        return self.req("GET", path, **kw)

    def js(self, path, status=200, **kw):
        r = self.get(path, **kw)
        assert r.status == status, (path, r)
        return r.json()

    def login(self, username, password, status=200):
        """Signs in; the cookie and the CSRF token are kept."""
        r = self.req("POST", "/api/v1/session",
                     {"username": username, "password": password})
        assert r.status == status, (username, r)
        if status == 200:
            self.csrf = r.json()["csrf_token"]
            assert self.cookie, r
        return r

    def close(self):
        self.conn.close()


def check_headers(method, r, tls=False):
    """Every answer carries the security headers (HSTS only over TLS);
    problems their language; 401 says how to authenticate; 429 how long to
    wait."""
    h = r.headers
    for k, v in SECURITY_HEADERS.items():
        assert h.get(k) == v, (k, r)
    if tls:
        assert h.get("strict-transport-security") == "max-age=31536000", r
    else:
        assert "strict-transport-security" not in h, r
    for sc in r.set_cookies:
        assert sc.startswith("chibo_session="), r
        attrs = [a.strip() for a in sc.split(";")[1:]]
        assert "Path=/" in attrs and "HttpOnly" in attrs and \
            "SameSite=Strict" in attrs, sc
        assert ("Secure" in attrs) == tls, (tls, sc)
        assert any(re.fullmatch(r"Max-Age=\d+", a) for a in attrs), sc
    if r.status >= 400:
        assert h.get("content-type") == "application/problem+json", r
        assert h.get("content-language") in ("vi", "en"), r
        if method != "HEAD":
            p = r.json()
            assert set(p) >= {"type", "title", "status", "code", "detail",
                              "errors"}, p
            assert p["status"] == r.status and p["type"] == "about:blank", p
            assert re.fullmatch(r"[a-z0-9_]+", p["code"]), p
            for e in p["errors"]:
                assert {"field", "code", "message"} <= set(e), p
    if r.status == 401:
        assert h.get("www-authenticate", "").startswith("Bearer"), r
    if r.status == 429:
        assert re.fullmatch(r"\d+", h.get("retry-after", "")), r


def import_apply(c, body, ctype="text/csv", query=""):
    """An import as the API applies it: the check (a dry run), then the
    same file with the check's token.  query: more of the query
    ("accept_identity=3").  Returns the answer to the apply, or the
    check's when it failed."""
    more = "&" + query if query else ""
    r = c.req("POST", "/api/v1/members/import?dry_run=true" + more, body,
              ctype=ctype)
    if r.status != 200:
        return r
    tok = r.json()["token"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,95}", tok), tok
    return c.req("POST", "/api/v1/members/import?token=" + tok + more, body,
                 ctype=ctype)


def problem(r, status, code=None):
    assert r.status == status, r
    p = r.json()
    if code is not None:
        assert p["code"] == code, (code, p)
    return p


def fields(p):
    return {(e["field"], e["code"]) for e in p["errors"]}


def raw_http(port, head, chunks=(), read_timeout=10):
    """Sends head (and chunks) on a fresh socket; returns (status, body).
    Sending stops quietly if the server closes first."""
    s = socket.create_connection(("127.0.0.1", port), timeout=read_timeout)
    try:
        s.sendall(head)
        for c in chunks:
            s.sendall(c)
    except (BrokenPipeError, ConnectionResetError):
        pass
    data = b""
    try:
        while b"\r\n\r\n" not in data or len(data) < 12:
            d = s.recv(65536)
            if not d:
                break
            data += d
        head_end = data.find(b"\r\n\r\n")
        m = re.search(rb"Content-Length: (\d+)", data[:head_end])
        while m and len(data) < head_end + 4 + int(m.group(1)):
            d = s.recv(65536)
            if not d:
                break
            data += d
    except (ConnectionResetError, socket.timeout):
        pass
    s.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data[data.find(b"\r\n\r\n") + 4:]


# ---------------------------------------------------------------- data

def orgs_all(c, extra=""):
    return c.js("/api/v1/orgs?limit=5000" + extra)["items"]


def org_by_code(c, code):
    for o in orgs_all(c, "&include_closed=true"):
        if o["code"] == code:
            return o
    raise AssertionError("no org " + code)


def members_all(c, query=""):
    """Every member matching query, following the cursor."""
    out, cursor = [], None
    while True:
        q = "/api/v1/members?limit=1000" + query
        if cursor:
            q += "&cursor=" + urllib.parse.quote(cursor)
        page = c.js(q)
        out += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return out


SEQ = [0]


def seq():
    SEQ[0] += 1
    return SEQ[0]


def citizen_id():
    # Distinct per test program and backend, so that runs never collide.
    base = {"sqlite": 1, "pg": 5000}[BACKEND] + \
        {"test_api.py": 0, "test_authz.py": 20000,
         "test_security.py": 40000}.get(os.path.basename(sys.argv[0]), 60000)
    return "0990%08d" % (seq() + base)


def new_member(org_id, name="Nguyễn Văn Dũng", **kw):
    m = {"full_name": name, "gender": "male", "birth_date": "1985-04-12",
         "ethnicity": "Kinh", "citizen_id": citizen_id(),
         "admitted_on": "2015-03-10", "official_on": "2016-03-10",
         "status": "official", "org_id": org_id}
    m.update(kw)
    return m


def create_member(c, org_id, name="Nguyễn Văn Dũng", **kw):
    r = c.req("POST", "/api/v1/members", new_member(org_id, name, **kw))
    assert r.status == 201, r
    return r.json()


def new_cell(c, parent_code="DBCS-HVDT", name=None, parent_id=None):
    n = seq()
    if parent_id is None:
        parent_id = org_by_code(c, parent_code)["id"]
    body = {"kind": "cell", "name": name or f"Chi bộ Thử nghiệm {n}",
            "code": f"CB-T-{n}", "parent_id": parent_id,
            "valid_from": "2025-03-01", "doc_no": "01-QĐ/ĐU"}
    r = c.req("POST", "/api/v1/orgs", body)
    assert r.status == 201, r
    return r.json()


# ---------------------------------------------------------------- runner

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def run_tests(setup=None, teardown=None):
    """Runs the registered tests (CHIBO_TEST_ONLY=name,name for some);
    prints one line each and a summary; returns the exit status."""
    passed = failed = 0
    only = os.environ.get("CHIBO_TEST_ONLY")
    if setup is not None:
        setup()
    for fn in TESTS:
        if only and fn.__name__ not in only.split(","):
            continue
        t0 = time.time()
        try:
            fn()
            passed += 1
            print(f"ok   {fn.__name__} ({time.time() - t0:.1f} s)")
        except Exception:          # noqa: BLE001 - any failure counts
            failed += 1
            print(f"FAIL {fn.__name__}")
            traceback.print_exc()
        sys.stdout.flush()
    if teardown is not None:
        try:
            teardown()
            passed += 1
            print("ok   clean_stop")
        except Exception:          # noqa: BLE001
            failed += 1
            print("FAIL clean_stop")
            traceback.print_exc()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
