"""The configuration file (chibo.conf): its keys are the environment
variables; an option beats the environment, which beats the file, which
beats the default; unknown keys and bad values are errors naming
FILE:LINE; `chibo serve` takes its settings from it.  Run once per
backend (argv[1]): the file names that backend's fresh database.
"""
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from clilib import BIN, chibo, fail, fresh_db, main, ok, run_env, test  # noqa: E402

TMP = tempfile.mkdtemp(prefix="chibo-config-")


def conf(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


@test
def test_file_gives_the_database():
    db = fresh_db("config_db")
    path = conf("db.conf", f"# chibo\n\nCHIBO_DB = {db}\n")
    # No --db: the file's CHIBO_DB is the database.
    ok(chibo("--config", path, "init"))
    ok(chibo("--config", path, "org", "add", "--code", "DB-CONF",
             "--name", "Đảng bộ cấu hình", "--kind", "province"))
    out = ok(chibo("org", "list", "--json",
                   env={"CHIBO_CONFIG": path})).out
    assert "DB-CONF" in out, out
    # The environment beats the file: another (empty) database.
    other = fresh_db("config_other")
    ok(chibo("init", env={"CHIBO_CONFIG": path, "CHIBO_DB": other}))
    out = ok(chibo("org", "list", "--json",
                   env={"CHIBO_CONFIG": path, "CHIBO_DB": other})).out
    assert "DB-CONF" not in out, out
    # An empty variable is an unset one: the file's value.
    out = ok(chibo("org", "list", "--json",
                   env={"CHIBO_CONFIG": path, "CHIBO_DB": ""})).out
    assert "DB-CONF" in out, out
    # The option beats both.
    out = ok(chibo("--config", path, "org", "list", "--json",
                   db=db, env={"CHIBO_DB": other})).out
    assert "DB-CONF" in out, out


@test
def test_file_gives_the_language():
    path = conf("lang.conf", "CHIBO_LANG=en\n")
    db = os.path.join(TMP, "lang.db")
    ok(chibo("--config", path, "init", db=db))
    r = fail(chibo("--config", path, "member", "show", "999", db=db))
    assert "No such Party member" in r.err, r
    # The environment beats it.
    r = fail(chibo("--config", path, "member", "show", "999", db=db,
                   lang="vi"))
    assert "Không tìm thấy đảng viên" in r.err, r


@test
def test_errors_name_file_and_line():
    bad = conf("bad.conf", "CHIBO_ACCESS_LOG=1\n# ok\nCHIBO_THREADS=99\n")
    r = fail(chibo("--config", bad, "init"), 2)
    assert f"{bad}:3: CHIBO_THREADS" in r.err, r
    assert "[1, 64]" in r.err, r
    r = fail(chibo("--config", bad, "init", lang="en"), 2)
    assert f"{bad}:3: CHIBO_THREADS: the value is not valid" in r.err, r
    unknown = conf("unknown.conf", "\nCHIBO_DATABASE=x.db\n")
    r = fail(chibo("init", env={"CHIBO_CONFIG": unknown}, lang="en"), 2)
    assert f"{unknown}:2: CHIBO_DATABASE: chibo has no such setting" \
        in r.err, r
    syntax = conf("syntax.conf", "CHIBO_DB /x.db\n")
    r = fail(chibo("--config", syntax, "init", lang="en"), 2)
    assert f"{syntax}:1: a line is KEY=value" in r.err, r
    twice = conf("twice.conf", "CHIBO_DB=a.db\nCHIBO_DB=b.db\n")
    r = fail(chibo("--config", twice, "init", lang="en"), 2)
    assert f"{twice}:2: CHIBO_DB" in r.err, r
    # A named file must exist; the default may be missing.
    r = fail(chibo("--config", os.path.join(TMP, "none.conf"), "init",
                   lang="en"), 2)
    assert "Cannot read the configuration file" in r.err, r
    # A bad value in the environment is an error too.
    r = fail(chibo("--config", "", "--db", os.path.join(TMP, "y.db"),
                   "init", env={"CHIBO_TRUST_PROXY": "yes"}, lang="en"), 2)
    assert "$CHIBO_TRUST_PROXY" in r.err and "0 or 1" in r.err, r
    # Nothing was created by the failed runs.
    assert not os.path.exists(os.path.join(TMP, "y.db"))
    # --help works whatever the file holds, and lists every key.
    out = ok(chibo("--config", bad, "--help")).out
    for key in ("CHIBO_DB", "CHIBO_LANG", "CHIBO_RULES", "CHIBO_LISTEN",
                "CHIBO_THREADS", "CHIBO_TRUST_PROXY", "CHIBO_WEB",
                "CHIBO_VIEW_WINDOW", "CHIBO_ACCESS_LOG",
                "CHIBO_SECURE_COOKIES", "CHIBO_SESSION_IDLE",
                "CHIBO_SESSION_MAX", "CHIBO_AUTH_CACHE_TTL",
                "CHIBO_COUNT_BOUND", "CHIBO_TODAY", "CHIBO_DEBUG"):
        assert key in out, key


def every_getenv_key():
    """The CHIBO_ variables the sources read with getenv()."""
    root = os.environ.get("CHIBO_SOURCE_ROOT", ".")
    keys = set()
    for d, _, files in os.walk(os.path.join(root, "src")):
        for f in files:
            if f.endswith(".c"):
                text = open(os.path.join(d, f), encoding="utf-8").read()
                keys |= set(re.findall(r'getenv\("(CHIBO_[A-Z_]+)"\)', text))
                keys |= set(re.findall(r'env_\w+\("(CHIBO_[A-Z_]+)"', text))
    return keys


@test
def test_every_variable_is_a_key():
    out = ok(chibo("--help")).out
    keys = every_getenv_key()
    assert len(keys) >= 10, keys
    for key in keys:
        assert key in out, f"{key} is read but not a documented key"
        # ... and the file accepts it (a value of the right form).
        path = conf("one.conf", f"{key}=1\n" if key != "CHIBO_TODAY"
                    else f"{key}=2026-11-25\n")
        r = chibo("--config", path, "--version")
        assert r.code == 0, r


@test
def test_serve_from_file():
    db = fresh_db("config_serve")
    ok(chibo("init", db=db))
    path = conf("serve.conf",
                f"CHIBO_DB={db}\nCHIBO_LISTEN=127.0.0.1:0\n"
                "CHIBO_THREADS=1\nCHIBO_WEB=\nCHIBO_ACCESS_LOG=1\n")
    e = run_env({"CHIBO_CONFIG": path})
    p = subprocess.Popen([BIN, "serve"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=e)
    try:
        line = p.stdout.readline()
        m = re.match(r"chibo: listening on (http://127\.0\.0\.1:(\d+)/)", line)
        assert m and m.group(2) != "8080", line
        with urllib.request.urlopen(m.group(1) + "healthz", timeout=10) as r:
            assert r.status == 200
        # CHIBO_WEB= in the file: the API only, no web application.
        try:
            urllib.request.urlopen(m.group(1), timeout=10)
            assert False, "the web application was served"
        except urllib.error.HTTPError as exc:
            assert exc.code == 404, exc.code
    finally:
        p.terminate()
        _, err = p.communicate(timeout=30)
    assert p.returncode == 0, err
    # CHIBO_ACCESS_LOG=1 from the file: one line per request, no ANSI
    # escapes (stderr is not a terminal: the journal's case).
    assert "GET /healthz" in err, err
    assert "\x1b" not in err, err
    assert "AddressSanitizer" not in err, err
    # An option beats the file: --threads 0 is refused, not the file's 1.
    r = chibo("serve", "--threads", "0", env={"CHIBO_CONFIG": path})
    assert r.code == 2, r


if __name__ == "__main__":
    sys.exit(main())
