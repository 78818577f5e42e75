#!/bin/sh
# Times chibo's page alone and ftsq on the two query files, back to back.
cd "$(dirname "$0")" && mkdir -p out
for f in prefixes anyword; do
  BENCH_SEARCH_TOTAL=later BENCH_SEARCH_DUMP=out/chibo-$f-later.dump \
    ../../build-rel/bench/bench-search-chibo /work/bench-nat/b.db "$(cat /work/srch/token)" /work/srch/$f.txt 1
done
for v in p1to8 p123; do for f in prefixes anyword; do
  ./ftsq $v.db fts.db /work/srch/$f.txt > out/$v-$f.tsv
done; done
uptime
