#!/bin/sh
# build.sh NAME PREFIXOPT DETAIL: builds an FTS5 table over the extract's
# name_fold in NAME.db (contentless, columnsize=0), timing the insert and the optimize.
set -e
cd "$(dirname "$0")"
name=$1 prefix=$2 detail=${3:-none}
rm -f "$name.db"
popt=""
[ -n "$prefix" ] && popt=", prefix='$prefix'"
sqlite3 "$name.db" "PRAGMA journal_mode=WAL; CREATE VIRTUAL TABLE f USING fts5(name_fold, content='', detail=$detail, columnsize=0, tokenize=\"unicode61 tokenchars ''''\"$popt);" >/dev/null
echo "== $name prefix='$prefix' detail=$detail"
/usr/bin/time -f "insert: wall %e s user %U s sys %S s maxrss %M KB" nice -n 19 sqlite3 "$name.db" \
  "ATTACH 'file:fts.db?mode=ro' AS m; INSERT INTO f(rowid, name_fold) SELECT id, name_fold FROM m.member ORDER BY id;"
sqlite3 "$name.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
echo "size before optimize: $(stat -c %s "$name.db") bytes"
/usr/bin/time -f "optimize: wall %e s user %U s sys %S s" nice -n 19 sqlite3 "$name.db" \
  "INSERT INTO f(f) VALUES('optimize');"
sqlite3 "$name.db" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;" >/dev/null
echo "size after optimize+vacuum: $(stat -c %s "$name.db") bytes"
