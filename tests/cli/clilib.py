"""What the command-line tests share: the backend of the run (argv[1]:
sqlite or pg), a fresh database, running the built binary, assertions on
its result, and the registry and runner of the tests.  Standard library
only.

Environment (set by tests/meson.build): CHIBO_BIN, CHIBO_TEST_MKDB,
CHIBO_TEST_MKXLSX, CHIBO_TEST_DATA; CHIBO_TEST_PG for PostgreSQL.
"""
import json
import os
import subprocess
import sys
import traceback

BACKEND = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
BIN = os.environ.get("CHIBO_BIN", "build/chibo")
MKDB = os.environ.get("CHIBO_TEST_MKDB")
MKXLSX = os.environ.get("CHIBO_TEST_MKXLSX")
TODAY = "2026-11-25"

if BACKEND == "pg" and not os.environ.get("CHIBO_TEST_PG"):
    print("CHIBO_TEST_PG not set: skipping the PostgreSQL run")
    sys.exit(77)


def fresh_db(name):
    out = subprocess.run([MKDB, BACKEND, name], check=True,
                         capture_output=True, text=True)
    return out.stdout.strip()


class Result:
    def __init__(self, p):
        self.code = p.returncode
        self.out = p.stdout
        self.err = p.stderr

    def __repr__(self):
        return f"exit {self.code}\nstdout: {self.out}\nstderr: {self.err}"


def run_env(extra=None):
    """The environment chibo runs in: today fixed, messages Vietnamese."""
    e = dict(os.environ)
    e["CHIBO_TODAY"] = TODAY
    e.pop("CHIBO_LANG", None)
    if extra:
        e.update(extra)
    return e


def chibo(*args, db=None, env=None, stdin=None, lang=None, timeout=600):
    extra = dict(env or {})
    if lang:
        extra["CHIBO_LANG"] = lang
    cmd = [BIN] + list(args)
    if db is not None:
        cmd += ["--db", db]
    p = subprocess.run(cmd, capture_output=True, text=True,
                       env=run_env(extra), input=stdin,
                       timeout=timeout)
    r = Result(p)
    # The binary is built with AddressSanitizer: any report is a failure.
    assert "AddressSanitizer" not in r.err and "runtime error" not in r.err, r
    return r


def ok(r):
    assert r.code == 0, r
    return r


def fail(r, code=1):
    assert r.code == code, r
    return r


def js(r):
    return json.loads(ok(r).out)


TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def main():
    """Runs the registered tests (or those named after the backend)."""
    failed = 0
    only = sys.argv[2:]
    for t in TESTS:
        if only and t.__name__ not in only:
            continue
        try:
            t()
            print(f"ok   {t.__name__} [{BACKEND}]")
        except Exception:
            failed += 1
            print(f"FAIL {t.__name__} [{BACKEND}]")
            traceback.print_exc()
    ran = len([t for t in TESTS if not only or t.__name__ in only])
    print(f"{ran - failed} passed, {failed} failed ({BACKEND})")
    return 1 if failed else 0
