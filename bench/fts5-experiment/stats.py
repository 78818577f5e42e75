#!/usr/bin/env python3
"""Summarises ftsq's and bench-search-chibo's dumps (docs/performance.md,
"FTS5 as the candidate index, measured").

  stats.py OUTDIR VARIANT...   (reads OUTDIR/chibo-{f}-later.dump and
                                OUTDIR/{variant}-{f}.tsv, f = prefixes, anyword)
"""
import sys

CAP = 2000


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = min(len(xs) - 1, max(0, int(round(p / 100 * len(xs) + 0.5)) - 1))
    return xs[k]


def row(label, xs, unit=1000.0):
    return "| %s | %s |" % (label, " | ".join(
        "%.2f" % (pct(xs, p) / unit) for p in (50, 90, 99, 100)))


def load_chibo(path):
    """The first call of each query (by query), and every call's time."""
    d, ts = {}, []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        d.setdefault(f[0], (float(f[1]), f[5] if len(f) > 5 else ""))
        ts.append(float(f[1]))
    return d, ts


def load_fts(path):
    out = []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        r = dict(q=f[0], words=int(f[1]), n=int(f[2]),
                 a=float(f[3]), b=float(f[4]),
                 c=float(f[5]) + float(f[6]) + float(f[7]),
                 c1=float(f[5]), c2=float(f[6]), c3=float(f[7]),
                 ua=float(f[8]), ub=float(f[9]),
                 uc=float(f[10]) + float(f[11]) + float(f[12]),
                 uc1=float(f[10]), uc2=float(f[11]),
                 m=None if f[13] == "-" else int(f[13]),
                 ids=f[14] if len(f) > 14 else "")
        out.append(r)
    return out


def main():
    outdir, variants = sys.argv[1], sys.argv[2:]
    for fname in ("prefixes", "anyword"):
        ch, cts = load_chibo("%s/chibo-%s-later.dump" % (outdir, fname))
        print("\n## %s (%d calls, %d distinct queries)\n" % (fname, len(cts), len(ch)))
        print("| ms | p50 | p90 | p99 | max |\n|---|---|---|---|---|")
        print(row("chibo, the page alone (wall)", cts))
        for v in variants:
            rs = load_fts("%s/%s-%s.tsv" % (outdir, v, fname))
            few = [r for r in rs if r["m"] is not None]
            print(row("%s candidates (count, not ms)" % v,
                      [r["n"] * 1000.0 for r in rs]))
            print(row("%s a. all docids, wall" % v, [r["a"] for r in rs]))
            print(row("%s a. all docids, CPU" % v, [r["ua"] for r in rs]))
            print(row("%s b. capped at %d, wall" % (v, CAP), [r["b"] for r in rs]))
            print(row("%s b. capped, CPU" % v, [r["ub"] for r in rs]))
            print(row("%s c. fetch+check+sort (%d queries <= %d), wall" % (v, len(few), CAP), [r["c"] for r in few]))
            print(row("%s c. the same, CPU" % v, [r["uc"] for r in few]))
            print(row("%s c1. fetch alone, CPU" % v, [r["uc1"] for r in few]))
            print(row("%s c2. recheck alone, CPU" % v, [r["uc2"] for r in few]))
            print(row("%s b+c when <= %d, wall" % (v, CAP), [r["b"] + r["c"] for r in few]))
            # The design: b always; then c when few, else chibo's path.
            des = [r["b"] + (r["c"] if r["m"] is not None else ch[r["q"]][0]) for r in rs]
            udes = [r["ub"] + (r["uc"] if r["m"] is not None else ch[r["q"]][0]) for r in rs]
            print(row("%s design: b + (c if few else chibo), wall" % v, des))
            print(row("%s design, FTS parts in CPU time" % v, udes))
            over = sum(1 for x in des if x > (1000 if fname == "prefixes" else 5000))
            print("\n%s: %d of %d queries have <= %d candidates; %d queries of the design over the target;"
                  % (v, len(few), len(rs), CAP, over))
            same = diff = 0
            bad = []
            for r in few:
                cids = ch[r["q"]][1]
                if cids == r["ids"]:
                    same += 1
                else:
                    diff += 1
                    bad.append(r["q"])
            print("%s: pages equal to chibo's for %d of %d (differ: %s)" % (v, same, len(few), bad[:10]))
            print("\nslowest 15 by a (wall), %s:\n" % v)
            print("| query | candidates | matches | a wall / CPU ms | b wall / CPU ms | c wall ms | chibo ms |\n|---|---|---|---|---|---|---|")
            for r in sorted(rs, key=lambda r: -r["a"])[:15]:
                print("| %s | %d | %s | %.1f / %.1f | %.1f / %.1f | %s | %.1f |" % (
                    r["q"], r["n"], "-" if r["m"] is None else r["m"],
                    r["a"] / 1000, r["ua"] / 1000, r["b"] / 1000, r["ub"] / 1000,
                    "-" if r["m"] is None else "%.1f" % (r["c"] / 1000),
                    ch[r["q"]][0] / 1000))
            print("\nchibo's slowest 15 (%s):\n" % v)
            byq = {r["q"]: r for r in rs}
            print("| query | chibo ms | candidates | matches | a CPU ms | b CPU ms | c CPU ms |\n|---|---|---|---|---|---|---|")
            for q, (t, _) in sorted(ch.items(), key=lambda kv: -kv[1][0])[:15]:
                r = byq[q]
                print("| %s | %.1f | %d | %s | %.1f | %.1f | %s |" % (
                    q, t / 1000, r["n"], "-" if r["m"] is None else r["m"],
                    r["ua"] / 1000, r["ub"] / 1000,
                    "-" if r["m"] is None else "%.1f" % (r["uc"] / 1000)))


main()
