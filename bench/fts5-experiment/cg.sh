#!/bin/sh
# Instruction counts (callgrind) of chibo's page alone (svc_member_list)
# and of ftsq's b + c (one(), FTSQ_NO_FULL; prefix='1 2 3 4 5 6 7 8') on
# the same queries.
cd "$(dirname "$0")" && mkdir -p out
head -40 /work/srch/prefixes.txt > out/q40-prefixes.txt
head -40 /work/srch/anyword.txt > out/q40-anyword.txt
printf '%s\n' 'ngo minh ngoc' 'phan thi thanh a' 'thi ha' 'minh duc' \
    'khai dang h' 'hoai nga' 'yen nguyen th' 'ngo hong tha' ph tu da \
    > out/qslow.txt
for f in q40-prefixes q40-anyword qslow; do
  [ -s out/cg-chibo-$f.out ] || BENCH_SEARCH_TOTAL=later nice -n 19 valgrind --tool=callgrind --toggle-collect=svc_member_list \
    --callgrind-out-file=out/cg-chibo-$f.out ../../build-rel/bench/bench-search-chibo /work/bench-nat/b.db "$(cat /work/srch/token)" out/$f.txt 1 > /dev/null 2> out/cg-chibo-$f.err
  for v in p1to8; do
    [ -s out/cg-$v-$f.out ] || FTSQ_NO_FULL=1 nice -n 19 valgrind --tool=callgrind --toggle-collect=one \
      --callgrind-out-file=out/cg-$v-$f.out ./ftsq $v.db fts.db out/$f.txt > /dev/null 2> out/cg-$v-$f.err
  done
done
for o in out/cg-*.out; do echo "$o $(grep -m1 '^summary:' $o)"; done
