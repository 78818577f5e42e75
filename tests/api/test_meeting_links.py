#!/usr/bin/env python3
"""Issue 13's parts read each other, over the API on one backend
(argv[1]), on a demo without meetings:
- a resolution's vote line, when not given, is the meeting's latest vote
  of kind resolution (for: its for; total: its base);
- the monthly XLSX report's self-score column is the held meetings'
  self-score (their mean, rounded, when several were scored);
- a member's calendar feed holds its cell's meetings and those whose
  roll it is on (another cell's it is transferred in to).
"""
import datetime
import io
import re
import sys
import zipfile

from apilib import (Server, demo_db, org_by_code, run, run_tests, test)


class Ctx:
    pass


C = Ctx()

SHEET = {"time": 5, "attendance": 5, "preparation": 9, "conduct": 36,
         "principles": 5, "last_results": 27, "closing": 5}   # 92


def meeting(org, start, end, status="held"):
    p = run("meeting", "add", "--db", C.db, "--org", org, "--kind",
            "regular", "--starts-at", start, "--ends-at", end, "--status",
            status)
    return int(p.stdout.split()[2])


def day_meeting(org, day, status="held"):
    return meeting(org, f"{day}T08:00+07:00", f"{day}T11:00+07:00", status)


def vote(mid, kind, n_for, against=0):
    r = C.admin.req("POST", f"/api/v1/meetings/{mid}/votes",
                    {"kind": kind, "secret": False, "for": n_for,
                     "against": against, "abstain": 0})
    assert r.status == 201, r
    return r.json()


def resolution_put(mid, body):
    r = C.admin.req("PUT", f"/api/v1/meetings/{mid}/resolution", body)
    assert r.status in (200, 201), r
    return r.json()


@test
def vote_line_from_votes():
    mid = day_meeting("CB-VP-1", "2026-03-05")
    # No vote yet: no line.
    assert resolution_put(mid, {"results": "Kết quả"})["vote"] is None
    first = vote(mid, "resolution", 2)
    base = first["base"]
    assert base >= 3, first
    vote(mid, "resolution", base - 1, 1)
    vote(mid, "admission", 1)      # another kind: not the resolution's
    res = resolution_put(mid, {"results": "Kết quả"})
    pct = (base - 1) * 100 // base
    assert res["vote"]["for"] == base - 1 and \
        res["vote"]["total"] == base, res["vote"]
    assert res["vote"]["line"].startswith(f"{base - 1}/{base} "), res
    assert abs(res["vote"]["percent"] - pct) <= 1, res
    got = C.admin.js(f"/api/v1/meetings/{mid}/resolution")
    assert got["vote"] == res["vote"], got
    # Given, the line is what was given.
    res = resolution_put(mid, {"results": "Kết quả", "vote_for": 1,
                               "vote_total": 2})
    assert res["vote"]["for"] == 1 and res["vote"]["total"] == 2, res


def xlsx_rows(body):
    z = zipfile.ZipFile(io.BytesIO(body))
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    rows = {}
    for m in re.finditer(r'<row r="(\d+)"[^>]*>(.*?)</row>', sheet):
        cells = {}
        for c in re.finditer(
                r'<c r="([A-Z]+)\d+"[^>]*?(?:/>|>(.*?)</c>)', m.group(2)):
            inner = c.group(2) or ""
            t = re.search(r"<t[^>]*>(.*?)</t>", inner)
            v = re.search(r"<v>(.*?)</v>", inner)
            cells[c.group(1)] = t.group(1) if t else v.group(1) if v else ""
        rows[int(m.group(1))] = cells
    return rows


def report(month):
    unit = org_by_code(C.admin, "DBCS-VP")
    r = C.admin.get(f"/api/v1/orgs/{unit['id']}/meetings/report.xlsx"
                    f"?month={month}")
    assert r.status == 200, r
    rows = xlsx_rows(r.body)
    assert rows[1]["L"] == "Điểm tự chấm", rows[1]
    return {row.get("B"): row for n, row in rows.items() if n > 1}


def score(mid, sheet):
    r = C.admin.req("PUT", f"/api/v1/meetings/{mid}/score",
                    {"scores": sheet})
    assert r.status in (200, 201), r
    return r.json()["total"]


@test
def report_self_score():
    a = day_meeting("CB-VP-1", "2026-06-04")
    day_meeting("CB-VP-1", "2026-06-18")       # held, not scored
    day_meeting("CB-VP-2", "2026-06-05")       # held, not scored
    by = report("2026-06")
    assert by["CB-VP-1"].get("L", "") == "", by["CB-VP-1"]
    assert score(a, SHEET) == 92
    by = report("2026-06")
    assert by["CB-VP-1"]["L"] == "92", by["CB-VP-1"]
    assert by["CB-VP-2"].get("L", "") == "", by["CB-VP-2"]
    # Two scored: their mean, rounded.
    b = day_meeting("CB-VP-1", "2026-06-25")
    lower = dict(SHEET, conduct=33)              # 89
    assert score(b, lower) == 89
    assert report("2026-06")["CB-VP-1"]["L"] == str((92 + 89 + 1) // 2)
    # Another month: blank.
    assert report("2026-07")["CB-VP-1"].get("L", "") == ""


def uids(body):
    text = body.decode().replace("\r\n ", "")
    return set(re.findall(r"^UID:(.*)\r$", text, re.M))


@test
def member_feed_follows_the_roll():
    now = datetime.datetime.now(datetime.timezone.utc).replace(
        second=0, microsecond=0)
    start = now + datetime.timedelta(days=10)
    end = start + datetime.timedelta(hours=2)
    own = meeting("CB-VP-1", start.isoformat(), end.isoformat(), "planned")
    other = meeting("CB-VP-2", start.isoformat(), end.isoformat(),
                    "planned")
    not_on = meeting("CB-VP-2", (start + datetime.timedelta(days=1))
                     .isoformat(), (end + datetime.timedelta(days=1))
                     .isoformat(), "planned")
    mem = C.srv.client("member")
    me = mem.js("/api/v1/session")["user"]["member_id"]
    feed = f"/api/v1/members/{me}/meetings.ics"
    got = uids(mem.get(feed).body)
    assert f"meeting-{own}@chibo" in got, got
    assert f"meeting-{other}@chibo" not in got, got
    # Put on CB-VP-2's roll (temporarily transferred in): in the feed.
    r = C.admin.req("POST", f"/api/v1/meetings/{other}/roll",
                    {"member_id": me})
    assert r.status == 201 and r.json()["roll"] == "transferred_in", r
    for c in (mem, C.admin):
        r = c.get(feed)
        assert r.status == 200, r
        got = uids(r.body)
        assert {f"meeting-{own}@chibo", f"meeting-{other}@chibo"} <= got, \
            got
        assert f"meeting-{not_on}@chibo" not in got, got
    # The cell's feed is the cell's meetings only.
    cell = org_by_code(C.admin, "CB-VP-1")
    got = uids(C.admin.get(f"/api/v1/orgs/{cell['id']}/meetings.ics").body)
    assert f"meeting-{own}@chibo" in got and \
        f"meeting-{other}@chibo" not in got, got
    mem.close()


def setup():
    C.db = demo_db("meeting_links", meetings=False)
    C.srv = Server(C.db)
    C.admin = C.srv.client("admin")


def teardown():
    C.admin.close()
    C.srv.stop()


if __name__ == "__main__":
    sys.exit(run_tests(setup, teardown))
