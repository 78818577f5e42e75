#!/bin/sh
# make run: creates (or upgrades) the database, loads the demo committee
# into an empty one, then serves.  Usage: run.sh BIN DB ADDR:PORT
set -eu
bin=$1 db=$2 listen=$3
case "$db" in
postgres://* | postgresql://*) ;;
*) mkdir -p "$(dirname "$db")" ;;
esac
"$bin" init --db "$db" >/dev/null
if [ "$("$bin" org list --db "$db" --json)" = "[]" ]; then
	"$bin" demo --db "$db"
fi
"$bin" demo --accounts
echo "chibo: http://$listen/  (API http://$listen/api/v1/ ; health http://$listen/healthz)"
exec "$bin" serve --db "$db" --listen "$listen"
