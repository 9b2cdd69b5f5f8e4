# Periods as they are: an empty database says so (stderr, notes) and its
# deck does not replace a full pack; a one-day database draws one point,
# not zeros around it; partial weeks are marked and left out of the chart.
# Every request below is from its own address: no double clicks, one
# session each. Catalog: tests/e2e/reports/catalog.csv (A1 listed
# 2024-03-07, B2 2020-01-02, C3 2019-05-06, slug-d 2023-12-31).
source "$(dirname "$0")/../lib.sh"
cat="$REPO/tests/e2e/reports/catalog.csv"
ff='"Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
n=0
l() {   # l DATE IP PATH
    n=$((n + 1))
    printf '%s - - [%s:10:%02d:00 +0800] "GET %s HTTP/1.1" 200 1 "-" %s\n' "$2" "$1" "$((n % 60))" "$3" "$ff"
}
dl() { echo "/dataset/$1/resource/r1/download/f.csv"; }
check() {   # check NAME EXPECTED ARGS...: odstat-report ARGS prints EXPECTED
    local name=$1 want=$2; shift 2
    local got; got=$(report "$@") || fail "$name: report exited $?"
    [ "$got" = "$want" ] || { diff <(echo "$want") <(echo "$got"); fail "$name differs"; }
}

# -- an empty database: only the catalog
collect -q -d empty.db --catalog "$cat" 2>/dev/null || fail "collect empty"
expect_exit 0 report top -d empty.db --period 2024Q1 --format md
expect_err "no data from '2024-01-01' to '2024-03-31': the tables are empty"
grep -qx 'Note: No logs in this period.' cmd.out || fail "empty top lacks its note"
# summary: no logs, so nothing but the catalog of each time (4 datasets
# by 2024-03-31; 3 by 2023-12-31; 2 by 2023-03-31)
check "empty summary" 'metric,value,previous,change,year_ago,year_change
datasets_in_catalog,4,3,,2,
datasets_with_activity,,,,,
views,,,,,
downloads,,,,,
unique_views,,,,,
unique_downloads,,,,,
unique_sessions,,,,,
machine_share,,,,,
robot_share,,,,,
domestic_share,,,,,
rejected_lines,,,,,' summary -d empty.db --period 2024Q1
report trend -d empty.db --period 2024Q1 --format svg 2>/dev/null | grep -q '>no data<' || fail "empty chart"
expect_exit 0 report deck -d empty.db --period 2024Q1 -o new-pack
expect_err "the period holds no data: the pack is empty"

# -- one day: 2024-03-10, A1 one view and one download, C3 one download
{ l 10/Mar/2024 203.0.113.1 /dataset/A1; l 10/Mar/2024 203.0.113.2 "$(dl A1)"
  l 10/Mar/2024 203.0.113.3 "$(dl C3)"; } > one.log
collect -q -d one.db --catalog "$cat" one.log 2>/dev/null || fail "collect one day"
# the days around it hold no logs: empty, not 0
check "one-day trend" '## Views and downloads over time

2024-03-09 to 2024-03-11

| interval | views | downloads |
| --- | ---: | ---: |
| 2024-03-09 |  |  |
| 2024-03-10 | 1 | 2 |
| 2024-03-11 |  |  |

Note: People only: robots, scripts and repeated clicks within 30 s are not counted. Days with logs: 2024-03-10.\
Intervals without logs are empty, not zero.' trend -d one.db --interval day --from 2024-03-09 --to 2024-03-11 --format md
report trend -d one.db --interval day --from 2024-03-09 --to 2024-03-11 --format svg > one.svg
grep -q '<title>2024-03-10 — Downloads: 2</title>' one.svg || fail "one-day chart lacks its point"
! grep -q '2024-03-09 — \|2024-03-11 — ' one.svg || fail "a day without logs is drawn"
# the day before holds no logs: the previous column is empty, not 0
check "one-day summary" 'metric,value,previous,change,year_ago,year_change
datasets_in_catalog,4,4,,2,
datasets_with_activity,2,,,,
views,1,,,,
downloads,2,,,,
unique_views,1,,,,
unique_downloads,2,,,,
unique_sessions,3,,,,
machine_share,0.0,,,,
robot_share,0.0,,,,
domestic_share,,,,,
rejected_lines,0,,,,
removed_ua_lists,0,,,,
removed_robots_txt,0,,,,
removed_rate,0,,,,
removed_networks,0,,,,
machine_events,0,,,,
days_with_late_lines,0,,,,' summary -d one.db --from 2024-03-10 --to 2024-03-10
# a full pack is not replaced by an empty one, unless --force
report deck -d one.db --from 2024-03-10 --to 2024-03-10 -o pack 2>/dev/null || fail "deck of one day"
cp pack/index.html index.before
expect_exit 2 report deck -d empty.db --period 2024Q1 -o pack
expect_err "not replacing the pack in 'pack' with an empty one (--force replaces it)"
cmp -s pack/index.html index.before || fail "the full pack was changed"
expect_exit 0 report deck -d empty.db --period 2024Q1 -o pack --force
! cmp -s pack/index.html index.before || fail "--force did not replace the pack"

# -- partial weeks: one download of A1 a day from Wednesday 2024-03-06 to
# Wednesday 2024-03-20. Weeks start on Monday: 03-04 holds 5 days of logs
# (03-06..03-10), 03-11 all 7, 03-18 3 (03-18..03-20).
for d in 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20; do l "$d/Mar/2024" "203.0.113.$((10#$d))" "$(dl A1)"; done > weeks.log
collect -q -d weeks.db --catalog "$cat" weeks.log 2>/dev/null || fail "collect weeks"
check "partial weeks" 'interval,days_with_data,views,downloads
2024-03-04,5/7,0,5
2024-03-11,7/7,0,7
2024-03-18,3/7,0,3' trend -d weeks.db --interval week --from 2024-03-06 --to 2024-03-20
report trend -d weeks.db --interval week --from 2024-03-06 --to 2024-03-20 --format md |
    grep -qF 'Intervals with logs on only some of their days are partial' || fail "no partial note"
report trend -d weeks.db --interval week --from 2024-03-06 --to 2024-03-20 --format svg > weeks.svg
grep -q '<title>2024-03-11 — Downloads: 7</title>' weeks.svg || fail "the full week is not drawn"
! grep -q '2024-03-04 — \|2024-03-18 — ' weeks.svg || fail "a partial week is drawn"
grep -q '(partial intervals left out)' weeks.svg || fail "the chart does not say partial weeks are left out"
# in zh-TW too
report trend -d weeks.db --interval week --from 2024-03-06 --to 2024-03-20 --format md --lang zh-TW |
    grep -qF '有紀錄日數少於該期間日數者為不完整期間' || fail "no partial note in zh-TW"
# the rest: -o is not truncated by a failing run; -o - is stdout; the CSV
# formula guard leaves negative numbers alone; svg only where a chart is
report top -d weeks.db -o top.csv || fail "top -o"
cp top.csv top.before
expect_exit 2 report top -d weeks.db -o top.csv --format xls
cmp -s top.csv top.before || fail "a failing run changed -o FILE"
[ "$(report top -d weeks.db -o - | head -1)" = 'rank,dataset_id,listed,update_frequency,data_updated,name,views,downloads' ] ||
    fail "-o - is not stdout"
# what is no regular file is written in place, never renamed over (as
# root, a rename onto /dev/null would replace the device): a FIFO stays one
mkfifo out.fifo
cat out.fifo > fifo.csv & reader=$!
report top -d weeks.db -o out.fifo || { kill $reader; fail "top -o FIFO"; }
[ -p out.fifo ] || { kill $reader; fail "-o replaced the FIFO"; }
wait $reader
cmp -s fifo.csv top.csv || fail "-o FIFO did not get the report"
expect_exit 2 report badges -d weeks.db --format svg
expect_err "--format svg is for top, publishers, countries and trend"
report daily -d weeks.db --bom | head -c 3 | od -An -tx1 | grep -q 'ef bb bf' || fail "daily --bom"
