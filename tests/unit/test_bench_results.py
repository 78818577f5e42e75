#!/usr/bin/env python3
"""bench/run.py's results file: `--only` merges the figures it measured
into bench/results.json (each with its run's date and commit, the value
it replaces kept as its history) and keeps every other figure as it
was; the generated table of docs/performance.md shows each figure's run
(an older one says so) and its previous value.  No measurement: the
merge and the table alone, on made-up figures."""
import copy
import importlib.util
import os
import sys

ROOT = os.environ.get("CHIBO_SOURCE_ROOT", ".")
spec = importlib.util.spec_from_file_location(
    "bench_run", os.path.join(ROOT, "bench", "run.py"))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)


def fig(name, value, group, **kw):
    r = bench.fig(name, value, "s", 2.0, "under 1 s", value < 1, **kw)
    r["group"] = group
    return r


RUN1 = {"date": "2026-11-25 15:47 UTC", "commit": "aaaaaaa",
        "scale": "national", "machine": "m", "dataset": "d",
        "only": list(bench.FIGURES), "runs": 2}
RUN2 = {"date": "2026-12-07 15:00 UTC", "commit": "bbbbbbb",
        "scale": "national", "machine": "m", "dataset": "d",
        "only": ["coldstart", "get"], "runs": 3}
OLD_MEM = "server memory under the GET load (peak VmRSS / VmHWM)"


def main():
    first = [fig("import members CSV into SQLite, indexes included", 5.0,
                 "import-sqlite"),
             fig("GET /api/v1/members/{id} signed in, throughput", 3.0,
                 "get"),
             fig(OLD_MEM, 79.3, "get"),
             fig("GET /api/v1/orgs/{id}/stats, nation, SQLite (p99)", 0.2,
                 "stats"),
             fig("make run: cold start to the first answered request", 8.4,
                 "coldstart")]
    d1 = bench.merge_results({"runs": [], "figures": []}, first, RUN1)
    check([r["figure"] for r in d1["figures"]] ==
          [r["figure"] for r in first], "a first run keeps its order")
    check(all(r["measured"] == {"date": RUN1["date"], "commit": "aaaaaaa"}
              and r["history"] == [] for r in d1["figures"]),
          "each figure carries its run's date and commit, no history")
    frozen = copy.deepcopy(d1)

    # --only coldstart,get: those replace their entries, the rest stay.
    second = [fig("GET /api/v1/members/{id} signed in, throughput", 4.0,
                  "get"),
              fig(bench.MEM_GET, 30.0, "get"),
              fig(bench.MEM_SIGNIN, 80.0, "get"),
              fig("make run: cold start to the first answered request", 0.1,
                  "coldstart")]
    d2 = bench.merge_results(d1, second, RUN2)
    check(d1 == frozen, "the merge leaves its input alone")
    by = {r["figure"]: r for r in d2["figures"]}
    names = [r["figure"] for r in d2["figures"]]
    check(len(names) == len(set(names)), "no figure twice")
    imp = by["import members CSV into SQLite, indexes included"]
    check(imp["value"] == 5.0 and imp["measured"]["commit"] == "aaaaaaa",
          "a figure not measured now keeps its value, date and commit")
    thr = by["GET /api/v1/members/{id} signed in, throughput"]
    check(thr["value"] == 4.0 and thr["measured"]["commit"] == "bbbbbbb",
          "a figure measured now replaces its entry")
    check(thr["history"] and thr["history"][0]["value"] == 3.0 and
          thr["history"][0]["date"] == RUN1["date"],
          "the value it replaced is its previous, with its date")
    check(OLD_MEM not in by, "the superseded memory figure leaves the table")
    sign = by[bench.MEM_SIGNIN]
    check(sign["history"] and sign["history"][0]["value"] == 79.3 and
          sign["history"][0]["as"] == OLD_MEM,
          "and becomes the sign-in figure's history, under its old name")
    check(by[bench.MEM_GET]["history"] == [],
          "the GET load's own peak has no previous value")
    check(names.index(bench.MEM_GET) < names.index(
        "GET /api/v1/orgs/{id}/stats, nation, SQLite (p99)"),
        "a new figure goes with its group")
    check(names[-1] == "make run: cold start to the first answered request",
          "the order of the table is kept")
    check([(x["date"], x["commit"]) for x in d2["runs"]] ==
          [(RUN1["date"], "aaaaaaa"), (RUN2["date"], "bbbbbbb")],
          "both runs are recorded while figures come from both")

    # Again: the history grows newest first and is bounded.
    d = d2
    for i in range(bench.HISTORY_KEEP + 3):
        run = dict(RUN2, date=f"2026-12-{8 + i:02d} 10:00 UTC",
                   commit=f"c{i}")
        d = bench.merge_results(d, [fig(
            "GET /api/v1/members/{id} signed in, throughput", 10.0 + i,
            "get")], run)
    h = {r["figure"]: r for r in d["figures"]}[
        "GET /api/v1/members/{id} signed in, throughput"]["history"]
    check(len(h) == bench.HISTORY_KEEP, "the history is bounded")
    check([e["date"] for e in h] == sorted((e["date"] for e in h),
                                           reverse=True),
          "the history is newest first")
    check(h[0]["value"] == 10.0 + bench.HISTORY_KEEP + 1,
          "its first entry is the run before the last")

    # The table: the measured and previous columns.
    table = bench.docs_block(d2)
    rows = {line.split(" | ")[0][2:]: line for line in table.splitlines()
            if line.startswith("| ") and not line.startswith("| figure")}
    check("| measured | previous |" in table, "the table has both columns")
    check("2026-11-25, `aaaaaaa` (an older run)" in
          rows["import members CSV into SQLite, indexes included"],
          "a figure of an older run says so")
    row = rows["GET /api/v1/members/{id} signed in, throughput"]
    check("2026-12-07, `bbbbbbb` |" in row and "(2026-11-25)" in row,
          "a figure of the last run shows its previous value's date")
    check("79.3" in rows[bench.MEM_SIGNIN] and OLD_MEM in table,
          "the superseded value is shown with its old name in a note")
    check(OLD_MEM not in rows, "but not as a figure of its own")

    # The first format (a plain list, no dates) still loads.
    import json
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".json",
                                     delete=False) as f:
        json.dump(first, f)
    try:
        old = bench.load_results(f.name)
    finally:
        os.unlink(f.name)
    check(len(old["figures"]) == len(first) and old["runs"] == [],
          "a results file of the first format loads")
    d3 = bench.merge_results(old, second[:1], RUN2)
    check(len(d3["figures"]) == len(first),
          "and merges as the new format does")

    # The cached datasets: made again when the generator or a migration
    # they were made with changed, brought up to date when migrations
    # were only added.
    st = {"scale": "province", "seed": 1, "generator": "g1",
          "schema": {"0001-a.sql": "x", "0002-b.sql": "y"}}
    check(bench.stamp_state(st, copy.deepcopy(st)) == "fresh",
          "an unchanged dataset is fresh")
    added = copy.deepcopy(st)
    added["schema"]["0003-c.sql"] = "z"
    check(bench.stamp_state(st, added) == "migrate",
          "an added migration migrates the cached dataset")
    edited = copy.deepcopy(st)
    edited["schema"]["0002-b.sql"] = "w"
    check(bench.stamp_state(st, edited) == "stale",
          "an edited migration makes it again")
    check(bench.stamp_state(st, dict(st, generator="g2")) == "stale",
          "so does a changed generator")
    check(bench.stamp_state({"scale": "province", "seed": 1,
                             "sources": "abc"}, st) == "stale",
          "and a stamp of the first format")

    for f in FAILS:
        print("FAIL:", f)
    print(f"{'FAIL' if FAILS else 'ok'}: bench results merge")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
