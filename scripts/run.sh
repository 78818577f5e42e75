#!/bin/sh
# make run: creates (or upgrades) the database, loads the demo committee
# into an empty one, then serves the API and the web application (web/dist,
# built by scripts/build-web.sh).  Usage: run.sh BIN DB ADDR:PORT
set -eu
bin=$1 db=$2 listen=$3
# The source tree's settings, not those of an installed package
# (/etc/chibo/chibo.conf), unless CHIBO_CONFIG names a file.
export CHIBO_CONFIG="${CHIBO_CONFIG-}"
case "$db" in
postgres://* | postgresql://*) ;;
*) mkdir -p "$(dirname "$db")" ;;
esac
"$bin" init --db "$db" >/dev/null
# The demo committee only into an empty register (a cheap check: a
# national register is not listed to find out).
"$bin" demo --db "$db" --if-empty
"$bin" demo --accounts
web=$(cd "$(dirname "$0")/.." && pwd)/web/dist
if [ -d "$web" ]; then
	set -- --web "$web"
else
	echo "chibo: $web is not built (scripts/build-web.sh): the API only" >&2
	set -- --web ""
fi
echo "chibo: http://$listen/  (the web application; API http://$listen/api/v1/ ; health http://$listen/healthz)"
exec "$bin" serve --db "$db" --listen "$listen" "$@"
