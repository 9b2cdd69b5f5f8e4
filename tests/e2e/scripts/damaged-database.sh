# Every report exits 3 on a database error, never 0 with an empty table: a
# failed sqlite3_step must not read as "no data" (trend and the deck's trend
# charts once printed empty tables). The damage is real: the pages of one
# table are overwritten, so SQLite itself reports the file as malformed.
source "$(dirname "$0")/../lib.sh"
collect -q -d good.db --catalog "$REPO/sample-logs/catalog.csv" \
    "$REPO"/sample-logs/portal-a.access.log* "$REPO"/sample-logs/portal-b.access.log* 2> /dev/null
[ $? -le 1 ] || fail "collect of the sample logs failed"
# damage DB TABLE...: overwrites every page of TABLE with 0xff bytes
damage() {
    local db=$1; shift
    cp good.db "$db"
    sqlite3 "$db" 'PRAGMA journal_mode = DELETE' > /dev/null
    local list
    list=$(printf "'%s'," "$@")
    for page in $(sqlite3 "$db" "SELECT pageno FROM dbstat WHERE name IN (${list%,})"); do
        head -c 4096 /dev/zero | tr '\0' '\377' |
            dd of="$db" bs=4096 seek=$((page - 1)) conv=notrunc status=none
    done
}
damage all.db daily monthly daily_country dataset alias ingest rejects runs
damage monthly.db monthly
# a whole month is read from the rollup: the monthly table's damage must show
for args in "top" "summary" "publishers" "trend" "trend --top 3" "trend --dataset 6564" \
            "trend --top 3 --format svg"; do
    expect_exit 3 report $args -d monthly.db --period 2024-03
    expect_err "malformed"
done
for args in daily top summary publishers badges countries trend "trend --interval day" \
            "trend --top 5" "trend --format svg" ingests status; do
    expect_exit 3 report $args -d all.db
    expect_err "malformed"
done
expect_exit 3 report deck -d all.db -o deck-all
expect_exit 3 report deck -d monthly.db --period 2024-03 -o deck-monthly
# the undamaged database still gives every report
for args in daily top summary trend "trend --top 3" status; do
    expect_exit 0 report $args -d good.db --period 2024-03
done
