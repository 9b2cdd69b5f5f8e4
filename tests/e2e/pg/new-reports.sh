# The reports main brought (snapshots and cumulative totals, spikes, the
# robot rules' removals, late days, status, COUNTER) and the imports they
# read (resource URLs, count snapshots, DOIs) give the same output on both
# engines.
source "$(dirname "$0")/lib.sh"
fix="$REPO/tests/fixtures/agency"
pg=$(newdb)
for db in s.db "$pg"; do
    collect -q -d "$db" --catalog "$fix/catalog.csv" --counts "$fix/datagovtw-api.json" \
        --as-of 2024-03-31 --host opendata.wra.gov.tw "$fix/access.log" 2>/dev/null \
        || fail "collect into $db failed"
    collect -q -d "$db" --counts "$fix/datagovtw-stats.csv" --as-of 2024-03-10 2>/dev/null \
        || fail "second counts into $db failed"
done
compare() {   # compare ARGS...
    report "$@" -d s.db > a.out 2> a.err; local ra=$?
    report "$@" -d "$pg" > b.out 2> b.err; local rb=$?
    [ "$ra" = "$rb" ] || { cat a.err b.err; fail "'$*' exits $ra on SQLite, $rb on PostgreSQL"; }
    cmp -s a.out b.out || { diff a.out b.out | head -20; fail "'$*' differs between the engines"; }
}
for period in "" "--period 2024-03" "--from 2024-03-02 --to 2024-03-20"; do
    for cmd in top summary publishers snapshots spikes; do
        compare $cmd --format csv $period
    done
    compare top --cumulative --format md $period
done
compare summary --lang zh-TW --period 2024-03
compare counter --period 2024-03 --platform test --format json
# status, but for the instant of the last run
cmp <(report status -d s.db | grep -v '^last_run_utc,') \
    <(report status -d "$pg" | grep -v '^last_run_utc,') || fail "status differs between the engines"
[ "$(report status -d "$pg" | grep -c '^last_run_utc,20[0-9][0-9]-')" = 1 ] ||
    fail "status on PostgreSQL has no last run"
exit 0
