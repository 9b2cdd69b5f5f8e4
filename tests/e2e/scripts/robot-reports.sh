# What the robot rules removed (summary, deck), the days with late lines
# (summary, ingests, deck) and `spikes`, on a database written by hand:
# tests/e2e/robots/fixture.sql, every number worked out in
# tests/e2e/robots/README.md. Only the rows these features add are
# compared, so other changes to the summary do not break this test.
source "$(dirname "$0")/../lib.sh"
fix="$REPO/tests/e2e/robots"
: > f.db
report daily -d f.db > /dev/null || fail "cannot create the schema"
sqlite3 f.db < "$fix/fixture.sql" || fail "cannot load fixture.sql"

check() {   # check NAME EXPECTED ARGS...: odstat-report ARGS prints EXPECTED
    local name=$1 want=$2; shift 2
    local got; got=$(report "$@" -d f.db) || fail "$name: report exited $?"
    [ "$got" = "$want" ] || { diff <(echo "$want") <(echo "$got"); fail "$name differs"; }
}
mine() { grep -E '^(removed_|machine_events|days_with_late_lines)'; }
summary_rows() { report summary -d f.db "$@" | mine; }

[ "$(summary_rows --period 2024Q1)" = 'removed_ua_lists,3,2,+50.0%,0,
removed_robots_txt,3,0,,0,
removed_rate,123,0,,0,
removed_networks,1,0,,0,
machine_events,3,4,-25.0%,0,
days_with_late_lines,2,1,+100.0%,0,' ] || { summary_rows --period 2024Q1; fail "summary 2024Q1"; }
# one day: read from daily, not the monthly rollup
# (the day before and the day a year before hold no logs: empty, not 0)
[ "$(summary_rows --from 2024-03-05 --to 2024-03-05)" = 'removed_ua_lists,2,,,,
removed_robots_txt,3,,,,
removed_rate,2,,,,
removed_networks,1,,,,
machine_events,3,,,,
days_with_late_lines,1,,,,' ] || { summary_rows --from 2024-03-05 --to 2024-03-05; fail "summary one day"; }
# a whole month (March, monthly) and edge days (10-29 Feb, daily)
[ "$(summary_rows --from 2024-02-10 --to 2024-03-31 | cut -d, -f1,2)" = 'removed_ua_lists,3
removed_robots_txt,3
removed_rate,123
removed_networks,1
machine_events,3
days_with_late_lines,2' ] || fail "summary month and edge days"

# the late days: a note in md and html (after what is counted), the
# days_with_late_lines row in csv and json
note='2 days hold late lines: 2024-03-05 (15 lines), 2024-03-06 (1 line); their numbers may be slightly off.'
[ "$(report summary -d f.db --period 2024Q1 --format md | tail -n 1)" = "$note" ] || fail "summary md note"
report summary -d f.db --period 2024Q1 --format html > s.html
grep -qF "<p class=\"note\">$note</p>" s.html || fail "summary html note"
! report summary -d f.db --period 2024Q1 | grep -q 'late lines:' || fail "csv must hold the table only"
report summary -d f.db --period 2024Q1 --format json > s.json
python3 - s.json <<'EOF' || fail "summary json"
import json, sys
rows = {r["metric"]: r for r in json.load(open(sys.argv[1]))}
assert rows["days_with_late_lines"]["value"] == 2
assert rows["removed_rate"]["value"] == 123 and rows["removed_rate"]["previous"] == 0
assert rows["removed_ua_lists"]["change"] == "+50.0%"
EOF
[ "$(report summary -d f.db --period 2024Q1 --format md --lang zh-TW --calendar roc | tail -n 1)" = \
  '有 2 天含延遲抵達的紀錄：113-03-05（15 行）、113-03-06（1 行）；這些日子的數字可能略有誤差。' ] || fail "zh-TW note"
report summary -d f.db --period 2024Q1 --format md --lang zh-TW | grep -qF '| 排除的機器人事件：讀取 robots.txt | 3 | 0 |  | 0 |  |' \
    || fail "zh-TW heading"
# no late day in the period: no sentence, an empty list
report summary -d f.db --period 2024-01 --format md | grep -q 'late lines' && fail "2024-01 has no late day"
report summary -d f.db --period 2024-01 --format json | python3 -c 'import json,sys; sys.exit(not any(r["metric"] == "days_with_late_lines" and r["value"] == 0 for r in json.load(sys.stdin)))' || fail "2024-01: days_with_late_lines 0"

# ingests: the late days of the period (default: all)
[ "$(report ingests -d f.db --format md | tail -n 1)" = 'Note: 3 days hold late lines: 2023-12-31 (4 lines), 2024-03-05 (15 lines), 2024-03-06 (1 line); their numbers may be slightly off.' ] \
    || fail "ingests note"
[ "$(report ingests -d f.db --period 2023-12 --format md | tail -n 1)" = 'Note: 1 day holds late lines: 2023-12-31 (4 lines); its numbers may be slightly off.' ] \
    || fail "ingests one day"
report ingests -d f.db --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[0]["path"] == "access.log"' \
    || fail "ingests json"
[ "$(report ingests -d f.db | wc -l)" = 2 ] || fail "ingests csv: header and one file"

# the deck: removed rows in summary.csv/md, the note in summary.md and index.html
report deck -d f.db --period 2024Q1 -o deck || fail "deck failed"
grep -qx 'removed_rate,123,0,,0,' deck/summary.csv || fail "deck summary.csv"
! grep -q 'late lines' deck/summary.csv || fail "deck summary.csv holds the note"
[ "$(tail -n 1 deck/summary.md)" = "$note" ] || fail "deck summary.md note"
grep -qF "$note" deck/index.html || fail "deck index note"

# spikes: March 2024 against the 11 months of 2023-03..2024-02 with logs
check "spikes" 'month,dataset_id,name,kind,downloads,average,ratio,baseline_months
2024-03,D5,<b>x</b>,drop,1,300.0,0.00,11
2024-03,D7,,drop,0,30.0,0.00,11
2024-03,D8,,drop,0,20.0,0.00,11
2024-03,E1,"'"'"'=HYPERLINK(1)",spike,150,50.0,3.00,11
2024-03,S9,"Spiky, dataset",spike,130,10.0,13.00,11

day,hour,session,country,requests,datasets
2024-02-01,0,0123456789abcdef,JP,119,3
2024-03-05,11,00000000000000ff,US,118,52
2024-03-05,10,a1b2c3d4e5f60718,TW,118,40
2024-03-06,3,ffffffffffffffff,ZZ,12,1
2024-03-06,3,ffffffffffffffff,ZZ,12,1' spikes --period 2024Q1
check "spikes by views, -n 2" 'month,dataset_id,name,kind,views,average,ratio,baseline_months
2024-03,V1,,spike,100,0.0,,11

day,hour,session,country,requests,datasets
2024-02-01,0,0123456789abcdef,JP,119,3
2024-03-05,11,00000000000000ff,US,118,52' spikes --period 2024Q1 --by views -n 2
# months without any logs (April-December 2024; June 2023) are never judged
[ "$(report spikes -d f.db --period 2024 | head -n 7)" = "$(report spikes -d f.db --period 2024Q1 | head -n 7)" ] \
    || fail "months without logs judged"
check "a month without logs" 'month,dataset_id,name,kind,downloads,average,ratio,baseline_months

day,hour,session,country,requests,datasets' spikes --period 2023-06
# the whole database: also 2023-12's busy hour, first by requests
[ "$(report spikes -d f.db -n 1 | tail -n 1)" = '2023-12-31,23,1111111111111111,TW,120,2' ] || fail "spikes all"
report spikes -d f.db --period 2024Q1 --format md --lang zh-TW --calendar roc > sp.md
grep -qF '| 113-03 | S9 | Spiky, dataset | 暴增 | 130 | 10.0 | 13.00 | 11 |' sp.md || fail "spikes md zh-TW"
grep -qF '| 113-03 | D5 | \<b\>x\</b\> | 驟降 | 1 | 300.0 | 0.00 | 11 |' sp.md || fail "spikes md escaping"
grep -qF '| 113-02-01 | 0 | 0123456789abcdef | JP | 119 | 3 |' sp.md || fail "spikes md busy"
report spikes -d f.db --period 2024Q1 --format html > sp.html
[ "$(grep -c '<table>' sp.html)" = 2 ] || fail "spikes html: two tables"
grep -qF '<td>&lt;b&gt;x&lt;/b&gt;</td>' sp.html || fail "spikes html escaping"
! grep -q '<b>' sp.html || fail "raw markup in spikes html"
xmllint --noout --html sp.html 2>/dev/null || true
report spikes -d f.db --period 2024Q1 --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert [r["dataset_id"] for r in d["spikes"]] == ["D5", "D7", "D8", "E1", "S9"], d["spikes"]
assert d["spikes"][4] == {"month": "2024-03", "dataset_id": "S9", "name": "Spiky, dataset", "kind": "spike",
                          "downloads": 130, "average": 10.0, "ratio": 13.0, "baseline_months": 11}, d["spikes"][4]
assert d["busy_hours"][0] == {"day": "2024-02-01", "hour": 0, "session": "0123456789abcdef", "country": "JP",
                              "requests": 119, "datasets": 3}, d["busy_hours"][0]
' || fail "spikes json"
expect_exit 2 report spikes -d f.db --by size
expect_exit 2 report spikes -d f.db --format svg
exit 0
