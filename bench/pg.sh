#!/usr/bin/env bash
# pg.sh BINDIR - PostgreSQL beside SQLite: the collector's speed on the 1M-
# line log into each engine (best of 3, into a new database whose schema
# is made first), and the reports of reports.sh on
# the 3-year x 10,000-dataset database copied into PostgreSQL with
# --copy-from. A throwaway cluster with fsync on and synchronous_commit
# off (what SQLite's WAL with synchronous=NORMAL promises: a crash loses
# no consistency, at most the last commits). Asserts nothing.
set -euo pipefail
bindir=$(cd "${1:?usage: pg.sh BINDIR}" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
work="$repo/build/bench"
source "$repo/tests/e2e/pg.sh"
PG_SETTINGS="-c fsync=on -c synchronous_commit=off"
pg_start || { echo "PostgreSQL bench skipped: $pg_why"; exit 0; }
trap pg_stop EXIT
cd "$work"
log=portal-1000000.log.gz
[ -f "$log" ] || { echo "run bench/bench.sh first (it makes $log)"; exit 2; }
: > empty.log
best() {   # best DBMAKER: seconds of the fastest of 3 collector runs into $(DBMAKER)
    local b="" s db
    for i in 1 2 3; do
        db=$($1 "$i")
        # the schema is made first, untimed: the bench times ingest, not the
        # migrations a new database runs once (0.05 s more on PostgreSQL)
        "$bindir/odstat-collect" -q -d "$db" empty.log > /dev/null 2>&1 ||
            { echo "odstat-collect cannot create $db" >&2; exit 1; }
        /usr/bin/time -f "%e" -o pgtime.out "$bindir/odstat-collect" -q -d "$db" "$log" > /dev/null 2>&1 \
            || { echo "odstat-collect failed on $db" >&2; exit 1; }
        s=$(cat pgtime.out)
        if [ -z "$b" ] || awk "BEGIN{exit !($s < $b)}"; then b=$s; fi
    done
    echo "$b"
}
sqlite_db() { rm -f pgbench.db pgbench.db-wal pgbench.db-shm; echo pgbench.db; }
pg_db() { pg_newdb "bench_$1_$$"; }
s=$(best sqlite_db)
p=$(best pg_db)
echo
echo "== collector, 1M lines (gzip), best of 3"
awk -v s="$s" -v p="$p" 'BEGIN {
    printf "%-22s %8s %12s\n", "engine", "seconds", "lines/s";
    printf "%-22s %8.2f %12.0f\n", "SQLite", s, 1e6 / s;
    printf "%-22s %8.2f %12.0f\n", "PostgreSQL", p, 1e6 / p;
    printf "PostgreSQL ingests at %.0f %% of the SQLite speed\n", 100 * s / p }'
echo
echo "== reports, 3 years x 10,000 datasets"
[ -f reports.db ] || bash "$repo/bench/reports.sh" "$bindir" > /dev/null
uri=$(pg_newdb bench_reports)
/usr/bin/time -f "%e s  copy reports.db into PostgreSQL" "$bindir/odstat-collect" -q -d "$uri" \
    --copy-from reports.db 2>&1 | grep -v '^odstat-collect: copied'
psql -q -X "$uri" -c 'ANALYZE' > /dev/null
echo "-- SQLite"
bash "$repo/bench/reports.sh" "$bindir" 2>&1 | grep ' s '
echo "-- PostgreSQL"
ODSTAT_BENCH_REPORT_DB=$uri bash "$repo/bench/reports.sh" "$bindir" 2>&1 | grep ' s ' | sed "s|$uri|PG|"
