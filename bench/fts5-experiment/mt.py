"""Times a few raw FTS5 MATCH expressions (count(*), best of 3), to see
what one term or one prefix costs (docs/performance.md, "FTS5 as the
candidate index, measured").

  python3 mt.py FTSDB 'EXPR' ...
"""
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
for q in sys.argv[2:]:
    db.execute("select count(*) from f where f match ?", (q,)).fetchone()
    best = 1e9
    for i in range(3):
        t = time.perf_counter(); n = db.execute("select count(*) from f where f match ?", (q,)).fetchone()[0]; best = min(best, time.perf_counter() - t)
    print(f"{q:40s} {n:8d} {best*1000:8.2f} ms")
