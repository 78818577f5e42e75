#!/usr/bin/env python3
"""chibo serve --web DIR (src/http/static.c) on a web root made here: the
single-page fallback, gzip siblings, content types, caching and ETags,
the security headers, and above all that no request reads a file outside
the root: "..", encoded "..", backslashes, hidden names, absolute targets,
symbolic links to a file or a directory outside.  Needs no browser and no
web build (SQLite only: the files do not touch the database).
"""
import gzip
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "api"))
from apilib import (Server, demo_db, raw_http, run, run_tests,  # noqa: E402
                    test)

SECRET = b"top-secret-outside-the-root"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; form-action 'self'")


class Ctx:
    pass


C = Ctx()


def setup():
    top = tempfile.mkdtemp(prefix="chibo-static-")
    root = os.path.join(top, "www")
    os.makedirs(os.path.join(root, "assets"))
    with open(os.path.join(top, "secret.txt"), "wb") as f:
        f.write(SECRET)
    os.makedirs(os.path.join(top, "outside"))
    with open(os.path.join(top, "outside", "x.js"), "wb") as f:
        f.write(SECRET)
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write("<!doctype html><title>shell</title>\n")
    C.js = b"console.log('chibo');\n" * 50
    with open(os.path.join(root, "assets", "app-ABCD2345.js"), "wb") as f:
        f.write(C.js)
    with open(os.path.join(root, "assets", "app-ABCD2345.js.gz"), "wb") as f:
        f.write(gzip.compress(C.js))
    with open(os.path.join(root, "assets", "app-ABCD2345.css"), "w") as f:
        f.write("body{color:red}\n")
    with open(os.path.join(root, "favicon.svg"), "w") as f:
        f.write("<svg xmlns='http://www.w3.org/2000/svg'/>\n")
    with open(os.path.join(root, ".env"), "wb") as f:
        f.write(SECRET)
    os.symlink(os.path.join(top, "secret.txt"), os.path.join(root, "leak.txt"))
    os.symlink(os.path.join(top, "outside"), os.path.join(root, "out"))
    os.symlink(os.path.join(top, "secret.txt"), os.path.join(root, "leak"))
    os.symlink("assets", os.path.join(root, "same"))   # inside: fine
    C.top, C.root = top, root
    C.db = demo_db("static")
    C.srv = Server(C.db, ["--web", root])
    C.c = C.srv.client()


def get(path, headers=None):
    h = {}
    h.update(headers or {})
    r = C.c.conn
    r.request("GET", path, headers=h)
    resp = r.getresponse()
    body = resp.read()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


def raw(target, extra=b""):
    status, body = raw_http(C.srv.port, b"GET " + target + b" HTTP/1.1\r\n"
                            b"Host: 127.0.0.1\r\n" + extra +
                            b"Connection: close\r\n\r\n")
    assert SECRET not in body, (target, body)
    return status, body


def common(h):
    assert h["content-security-policy"] == CSP, h
    assert h["x-content-type-options"] == "nosniff", h
    assert h["referrer-policy"] == "no-referrer", h
    assert h["x-frame-options"] == "DENY", h
    assert "strict-transport-security" not in h, h


@test
def shell_and_spa_fallback():
    for path in ("/", "/members", "/members/42", "/orgs/3/edit", "/a/b/c/",
                 "/members?q=nguyen"):
        s, h, b = get(path)
        assert s == 200 and b.startswith(b"<!doctype html>"), (path, s, b)
        assert h["content-type"] == "text/html; charset=utf-8", h
        assert h["cache-control"] == "no-cache", h
        common(h)
    # A missing file (a name with an extension) is not a page.
    for path in ("/assets/app-ZZZZ2345.js", "/missing.css", "/robots.txt"):
        s, h, b = get(path)
        assert s == 404 and b == b"404 Not Found\n", (path, s, b)
        assert h["cache-control"] == "no-store"
        common(h)


@test
def assets_types_cache_gzip_etag():
    s, h, b = get("/assets/app-ABCD2345.js")
    assert s == 200 and b == C.js, (s, h)
    assert h["content-type"] == "text/javascript; charset=utf-8"
    assert h["cache-control"] == "public, max-age=31536000, immutable"
    assert h["vary"] == "Accept-Encoding" and "content-encoding" not in h
    common(h)
    plain_etag = h["etag"]
    s, h, b = get("/assets/app-ABCD2345.js", {"Accept-Encoding": "br, gzip"})
    assert s == 200 and h["content-encoding"] == "gzip", h
    assert gzip.decompress(b) == C.js and len(b) < len(C.js)
    assert h["etag"] != plain_etag, "each representation its own tag"
    gz_etag = h["etag"]
    for ae in ("gzip;q=0", "identity", "br", "gzip; q=0.000, br"):
        s, h, b = get("/assets/app-ABCD2345.js", {"Accept-Encoding": ae})
        assert "content-encoding" not in h and b == C.js, (ae, h)
    for ae in ("*", "GZIP;q=0.5", "x-gzip"):
        s, h, b = get("/assets/app-ABCD2345.js", {"Accept-Encoding": ae})
        assert h.get("content-encoding") == "gzip", (ae, h)
    # Conditional requests.
    s, h, b = get("/assets/app-ABCD2345.js", {"If-None-Match": plain_etag})
    assert s == 304 and b == b"" and h["etag"] == plain_etag, (s, h)
    assert h["cache-control"] == "public, max-age=31536000, immutable"
    s, h, b = get("/assets/app-ABCD2345.js", {
        "If-None-Match": 'W/"nope", ' + gz_etag, "Accept-Encoding": "gzip"})
    assert s == 304, (s, h)
    s, h, b = get("/assets/app-ABCD2345.js", {"If-None-Match": '"other"'})
    assert s == 200
    s, h, b = get("/", {"If-None-Match": get("/")[1]["etag"]})
    assert s == 304
    s, h, b = get("/assets/app-ABCD2345.css")
    assert h["content-type"] == "text/css; charset=utf-8"
    assert "vary" not in h, "no sibling: nothing varies"
    s, h, b = get("/favicon.svg")
    assert h["content-type"] == "image/svg+xml"
    assert h["cache-control"] == "no-cache", "not a hashed name"
    # HEAD: the headers alone.
    C.c.conn.request("HEAD", "/assets/app-ABCD2345.js")
    r = C.c.conn.getresponse()
    assert r.status == 200 and r.read() == b""
    assert r.getheader("Content-Length") == str(len(C.js))


@test
def nothing_outside_the_root():
    for target in (b"/../secret.txt", b"/assets/../../secret.txt",
                   b"/%2e%2e/secret.txt", b"/assets/%2E%2E/%2e%2e/secret.txt",
                   b"/..%2fsecret.txt", b"/%2e%2e%2fsecret.txt",
                   b"/assets/..%5c..%5csecret.txt", b"/..\\secret.txt",
                   b"/leak.txt", b"/leak", b"/out/x.js", b"/out/",
                   b"/same/../../secret.txt", b"/.env", b"/assets/.env",
                   b"/./index.html", b"//secret.txt", b"/assets//app-ABCD2345.js",
                   b"/secret.txt%00.js", b"http://127.0.0.1/../secret.txt",
                   b"/" + os.path.join(C.top, "secret.txt").encode(),
                   b"/" + os.path.join(C.top, "secret.txt").encode().lstrip(b"/")):
        status, body = raw(target)
        assert status in (200, 400, 404), (target, status)
        if status == 200:
            # Only the shell, for a path without an extension.
            assert body.startswith(b"<!doctype html>"), (target, body)
    # A link inside the root to a place inside it is followed.
    s, h, b = get("/same/app-ABCD2345.js")
    assert s == 200 and b == C.js


@test
def api_and_operators_untouched():
    s, h, b = get("/api/v1/nope")
    assert s == 404 and h["content-type"] == "application/problem+json"
    assert h["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    for path in ("/api", "/api/", "/healthz/x", "/metrics/x"):
        s, h, b = get(path)
        assert s == 404 and h["content-type"] == "application/problem+json", path
    s, h, b = get("/healthz")
    assert s == 200 and b'"status":"ok"' in b
    # Writes to the web root's paths are not files.
    C.c.conn.request("POST", "/index.html", body=b"x",
                     headers={"Content-Type": "text/plain"})
    r = C.c.conn.getresponse()
    r.read()
    assert r.status == 404 and r.getheader("Content-Type") == \
        "application/problem+json"


@test
def without_a_web_root_only_the_api():
    srv = Server(C.db, ["--web", ""])
    try:
        c = srv.client()
        r = c.get("/")
        assert r.status == 404 and r.json()["code"] == "route_not_found", r
    finally:
        srv.stop()
    p = run("serve", "--db", C.db, "--listen", "127.0.0.1:0", "--web",
            os.path.join(C.top, "nowhere"), check=False)
    assert p.returncode == 1 and "nowhere" in p.stderr, p
    p = run("serve", "--db", C.db, "--listen", "127.0.0.1:0", "--web",
            os.path.join(C.top, "secret.txt"), check=False)
    assert p.returncode == 1 and "not a directory" in p.stderr, p


def teardown():
    C.c.close()
    C.srv.stop()
    subprocess.run(["rm", "-rf", C.top], check=False)


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
