#!/usr/bin/env bash
# Throwaway PostgreSQL server on 127.0.0.1 for the tests that cover it.
#   export PG_CONNINFO="$(scripts/pg-ci.sh start)"; trap 'scripts/pg-ci.sh stop' EXIT
# pause / resume stop and start the same server with its data (the database
# fault tests take a server of their own away from a running node).
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
PGROOT=${PGROOT:-/tmp/so-pgci}
PGPORT=${PGPORT:-54329}
PGDB=${PGDB:-overlaytest}
[ -x "$PGBIN/initdb" ] || { echo "pg-ci: PostgreSQL server not installed (apt-get install -y postgresql)" >&2; exit 1; }
# initdb and postgres refuse to run as root; Debian's postgresql-common creates the postgres user.
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); OWN=(-o postgres -g postgres); else AS=(); OWN=(); fi
conninfo() { echo "host=127.0.0.1 port=$PGPORT dbname=$PGDB user=postgres"; }
serve() {
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
      -o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { cat "$PGROOT/server.log" >&2; exit 1; }
}
case "${1:-}" in
  start)
    [ -f "$PGROOT/data/postmaster.pid" ] && "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PGROOT"; install -d "${OWN[@]}" -m 700 "$PGROOT"
    "${AS[@]}" "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$PGROOT/initdb.log" 2>&1 || { cat "$PGROOT/initdb.log" >&2; exit 1; }
    serve
    "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$PGDB"
    conninfo ;;
  pause)
    "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null ;;
  resume)
    serve ;;
  stop)
    [ -d "$PGROOT/data" ] && "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGROOT" ;;
  url) conninfo ;;
  *) echo "usage: $0 start|stop|pause|resume|url" >&2; exit 2 ;;
esac
