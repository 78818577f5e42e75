#!/bin/sh
# make run: creates the database with the demo data on first run, then serves.
set -eu
bin=$1 db=$2 listen=$3
mkdir -p "$(dirname "$db")"
if [ ! -f "$db" ]; then
	"$bin" init --db "$db"
	"$bin" demo --db "$db"
fi
echo "chibo: http://$listen/  (API: http://$listen/api/v1/, health: http://$listen/healthz)"
exec "$bin" serve --db "$db" --listen "$listen"
