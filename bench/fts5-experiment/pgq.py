#!/usr/bin/env python3
"""PostgreSQL's equivalent (docs/performance.md, "FTS5 as the candidate
index, measured"): a GIN index on to_tsvector('simple', name_fold), each
query word a prefix term ('ngo':* & 'minh':* & 'ngoc':*).  Writes the SQL
(EXPLAIN ANALYZE of every docid, then of the first 2,001) for psql, or
reads psql's output back into one line a query.

  pgq.py sql QUERIES > FILE.sql;  psql -f FILE.sql > OUT;  pgq.py parse QUERIES OUT
"""
import re
import sys


def tsq(q):
    ws = [w for w in q.split(" ") if w][:6]
    return " & ".join("'%s':*" % w.replace("'", "''") for w in ws)


def main():
    qs = [l.rstrip("\n") for l in open(sys.argv[2])]
    if sys.argv[1] == "sql":
        for q in qs:
            t = tsq(q).replace("'", "''")
            for lim in ("", " LIMIT 2001"):
                print("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT id FROM m "
                      "WHERE to_tsvector('simple', name_fold) @@ "
                      "to_tsquery('simple', '%s')%s;" % (t, lim))
        return
    text = open(sys.argv[3]).read()
    plans = re.split(r"\n\s*\n", text.strip())
    res = []
    for p in plans:
        m = re.search(r"Execution Time: ([0-9.]+) ms", p)
        rows = re.search(r"rows=([0-9]+)", p)
        if m:
            res.append((float(m.group(1)), int(rows.group(1))))
    assert len(res) == 2 * len(qs), (len(res), len(qs))
    for i, q in enumerate(qs):
        a, b = res[2 * i], res[2 * i + 1]
        print("%s\t%d\t%.3f\t%.3f" % (q, a[1], a[0] * 1000, b[0] * 1000))


main()
