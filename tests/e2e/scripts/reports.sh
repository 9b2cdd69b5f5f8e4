# The meeting reports (top, summary, publishers, badges) on a small log and
# catalog whose every number is worked out below. Every human request comes
# from its own address, so there are no double clicks and every request is
# its own session. 203.0.113/24 is TW and 198.51.100/24 US in the fixture
# country DB.
#   2023-12-15: A1 4 downloads; E5 1 download                    (2023 Q4)
#   2024-03-10: A1 2 views, 3 downloads; B2 1 view, 2 downloads (from the
#     US); C3 5 views, 2 downloads; slug-d 1 download by slug and 1 by its
#     UUID (an alias); E5 (not in the catalog) 1 download; a Googlebot
#     view of A1; one garbage line                                (2024 Q1)
source "$(dirname "$0")/../lib.sh"
fix="$REPO/tests/e2e/reports"
ff='"Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
n=0
l() {   # l DATE IP PATH [UA]
    n=$((n + 1))
    printf '%s - - [%s:10:%02d:00 +0800] "GET %s HTTP/1.1" 200 1 "-" %s\n' "$2" "$1" "$n" "$3" "${4:-$ff}"
}
dl() { echo "/dataset/$1/resource/r1/download/f.csv"; }
{
    for i in 21 22 23 24; do l 15/Dec/2023 203.0.113.$i "$(dl A1)"; done
    l 15/Dec/2023 203.0.113.25 "$(dl E5)"
    l 10/Mar/2024 203.0.113.1 /dataset/A1; l 10/Mar/2024 203.0.113.2 /dataset/A1
    for i in 3 4 5; do l 10/Mar/2024 203.0.113.$i "$(dl A1)"; done
    l 10/Mar/2024 203.0.113.6 /dataset/B2
    l 10/Mar/2024 198.51.100.1 "$(dl B2)"; l 10/Mar/2024 198.51.100.2 "$(dl B2)"
    for i in 9 10 11 12 13; do l 10/Mar/2024 203.0.113.$i /dataset/C3; done
    l 10/Mar/2024 203.0.113.14 "$(dl C3)"; l 10/Mar/2024 203.0.113.15 "$(dl C3)"
    l 10/Mar/2024 203.0.113.16 "$(dl slug-d)"
    l 10/Mar/2024 203.0.113.17 "$(dl 0f1e2d3c-aaaa-bbbb-cccc-000000000001)"
    l 10/Mar/2024 203.0.113.18 "$(dl E5)"
    l 10/Mar/2024 66.249.66.1 /dataset/A1 '"Googlebot/2.1 (+http://www.google.com/bot.html)"'
    echo 'garbage that is no log line'
} > r.log
collect -q -d r.db --catalog "$fix/catalog.csv" -g "$REPO/tests/fixtures/geo/geolite2-layout.mmdb" r.log \
    2>/dev/null || fail "collect failed"
check() {   # check NAME EXPECTED ARGS...: odstat-report ARGS prints EXPECTED
    local name=$1 want=$2; shift 2
    local got; got=$(report "$@" -d r.db) || fail "$name: report exited $?"
    [ "$got" = "$want" ] || { diff <(echo "$want") <(echo "$got"); fail "$name differs"; }
}
# 2024 Q1 by downloads: A1 3; B2, C3, slug-d (1 + 1 via its UUID) 2 each,
# tied at rank 2 in id byte order; E5 1 is rank 5. B2's name is a formula
# (made inert), slug-d's has a comma (quoted); E5 has no catalog entry.
check "top" 'rank,dataset_id,listed,update_frequency,data_updated,name,views,downloads
1,A1,2024-03-07,每1日,2024-03-20,空氣品質,2,3
2,B2,2020-01-02,不定期更新,2024-01-05,"'"'"'=HYPERLINK(""http://x"")",1,2
2,C3,2019-05-06,每1月,2024-02-01,<script>alert(1)</script>,5,2
2,slug-d,2023-12-31,,2024-03-01,"CKAN dataset D, with comma",0,2
5,E5,,,,,0,1' top --period 2024Q1
# -n 2 still shows every dataset tied at rank 2; -n 1 only A1
[ "$(report top -d r.db --period 2024Q1 -n 2 | wc -l)" = 5 ] || fail "-n 2 must keep the tie"
[ "$(report top -d r.db --period 2024Q1 -n 1 | wc -l)" = 2 ] || fail "-n 1"
# by views: C3 5, A1 2, B2 1, then E5 and slug-d with 0 views tied at 4
check "top by views" 'rank,dataset_id,listed,update_frequency,data_updated,name,views,downloads
1,C3,2019-05-06,每1月,2024-02-01,<script>alert(1)</script>,5,2
2,A1,2024-03-07,每1日,2024-03-20,空氣品質,2,3
3,B2,2020-01-02,不定期更新,2024-01-05,"'"'"'=HYPERLINK(""http://x"")",1,2
4,E5,,,,,0,1
4,slug-d,2023-12-31,,2024-03-01,"CKAN dataset D, with comma",0,2' top --period 2024Q1 --by views
# cumulative up to the end of 2024 Q1: A1 4 + 3 = 7; E5 1 + 1 = 2
check "top cumulative" 'rank,dataset_id,listed,update_frequency,data_updated,name,views,downloads
1,A1,2024-03-07,每1日,2024-03-20,空氣品質,2,7
2,B2,2020-01-02,不定期更新,2024-01-05,"'"'"'=HYPERLINK(""http://x"")",1,2
2,C3,2019-05-06,每1月,2024-02-01,<script>alert(1)</script>,5,2
2,E5,,,,,0,2
2,slug-d,2023-12-31,,2024-03-01,"CKAN dataset D, with comma",0,2' top --period 2024Q1 --cumulative -n 2
check "top of one publisher" 'rank,dataset_id,listed,update_frequency,data_updated,name,views,downloads
1,A1,2024-03-07,每1日,2024-03-20,空氣品質,2,3
2,C3,2019-05-06,每1月,2024-02-01,<script>alert(1)</script>,5,2' top --period 2024Q1 --publisher 環境部
# the meeting layout: zh-TW headings, ROC dates (2024 = ROC 113), the
# title and period line in the model's words, the footnote: what is
# counted, and the days with logs (2023-12-15 and 2024-03-10, ROC 112/113)
check "top zh-TW roc" '## 開放資料集累計下載次數前 1 名

自上架時間至113年03月31日

| 下載排名 | 資料集識別碼 | 上架時間 | 更新頻率 | 資料更新時間 | 資料集名稱 | 累計瀏覽次數 | 累計下載次數 |
| ---: | --- | --- | --- | --- | --- | ---: | ---: |
| 1 | A1 | 113-03-07 | 每1日 | 113-03-20 | 空氣品質 | 2 | 7 |

註：自上架時間至113年03月31日。只計人的瀏覽及下載，不含網路機器人、程式存取及 30 秒內的重複點擊。有紀錄的日期：112年12月15日至113年03月10日。累計次數自紀錄首日112年12月15日起算。' top --today 2024-04-15 --period last-quarter --cumulative -n 1 --lang zh-TW --calendar roc --format md
# summary of 2024 Q1 beside 2023 Q4 and 2023 Q1 (empty):
#   active datasets 5 (A1 B2 C3 slug-d E5) vs 2 (A1 E5): +150%
#   views 2+1+5 = 8; downloads 3+2+2+2+1 = 10 vs 5: +100%
#   uniques: every request its own session: 8 views, 10 downloads, 18
#   sessions (vs 5: +260%); robot share 1 of 19 events = 5.3%
#   domestic (TW) share: 16 of 18 human events (2 from the US) = 88.9%,
#   vs 100.0% in Q4: -11.1 points; one rejected line on 2024-03-10;
#   the Googlebot view is the one event the UA lists removed (SPEC §1.7),
#   no machines, no late lines;
#   the catalog of each time: datasets listed by the period's end: 4 (A1
#   listed 2024-03-07); 3 at the end of 2023 Q4 (slug-d listed 2023-12-31);
#   2 at the end of 2023 Q1 (B2, C3). 2023 Q1 holds no logs: its other
#   numbers are empty, not 0.
check "summary" 'metric,value,previous,change,year_ago,year_change
datasets_in_catalog,4,3,,2,
datasets_with_activity,5,2,+150.0%,,
views,8,0,,,
downloads,10,5,+100.0%,,
unique_views,8,0,,,
unique_downloads,10,5,+100.0%,,
unique_sessions,18,5,+260.0%,,
machine_share,0.0,0.0,+0.0,,
robot_share,5.3,0.0,+5.3,,
domestic_share,88.9,100.0,-11.1,,
rejected_lines,1,0,,,
removed_ua_lists,1,0,,,
removed_robots_txt,0,0,,,
removed_rate,0,0,,,
removed_networks,0,0,,,
machine_events,0,0,,,
days_with_late_lines,0,0,,,' summary --period 2024Q1
# per publisher in 2024 Q1: 環境部 A1+C3 views 7 (87.5%), downloads 5 (50%);
# 交通部 B2+slug-d 1 view (12.5%), 4 downloads (40%); E5 1 download (10%)
check "publishers" 'publisher,datasets,active_datasets,views,downloads,view_share,download_share
環境部,2,2,7,5,87.5,50.0
交通部,2,2,1,4,12.5,40.0
(not in catalog),0,1,0,1,0.0,10.0' publishers --period 2024Q1
# badges: no dataset listed before 2015-02-01, so none is out of scope;
# English keeps one level per column
check "badges" 'publisher,out_of_scope,none,bronze,silver,gold,platinum,total
交通部,0,0,1,1,0,0,2
環境部,0,1,0,0,1,0,2
total,0,1,1,1,1,0,4' badges
# --as-of 2023-12-31 counts the catalog of that day: A1 (listed
# 2024-03-07) is not in it yet
check "badges as of" 'publisher,out_of_scope,none,bronze,silver,gold,platinum,total
交通部,0,0,1,1,0,0,2
環境部,0,1,0,0,0,0,1
total,0,1,1,1,0,0,3' badges --as-of 2023-12-31
# trends: months without logs are empty, not 0, and every month says how
# many of its days hold logs (2023-12: 5 downloads on one day; 2024-03: 8
# views, 10 downloads on one day)
check "trend months" 'interval,days_with_data,views,downloads
2023-12,1/31,0,5
2024-01,0/31,,
2024-02,0/29,,
2024-03,1/31,8,10' trend --from 2023-12-01 --to 2024-03-31
# the top 2 of two quarters by downloads: A1 (7); then B2, first in id
# order of the four datasets with 2
# (series are headed by id and name: trend-top10.csv reads without the
# catalog; each quarter holds one day of logs)
check "trend top" 'interval,days_with_data,A1 空氣品質,"B2 =HYPERLINK(""http://x"")"
2023Q4,1/92,4,0
2024Q1,1/91,3,2' trend --interval quarter --top 2 --from 2023-10-01 --to 2024-03-31
# a dataset named by its UUID is its slug's series; a day without logs is
# empty, not 0
check "trend alias" 'interval,"slug-d CKAN dataset D, with comma"
2024-03-10,2
2024-03-11,' trend --interval day --dataset 0f1e2d3c-aaaa-bbbb-cccc-000000000001 --from 2024-03-10 --to 2024-03-11
# HTML escapes names from the catalog; JSON keeps numbers as numbers
report top -d r.db --period 2024Q1 --format html > top.html
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' top.html || fail "html not escaped"
! grep -q '<script>' top.html || fail "raw <script> in html"
report top -d r.db --period 2024Q1 --format json | grep -q '"dataset_id": "A1", "listed": "2024-03-07"' \
    || fail "json row"
report top -d r.db --period 2024Q1 --bom | head -c 3 | od -An -tx1 | grep -q 'ef bb bf' || fail "no BOM"
expect_exit 2 report top -d r.db --by size
expect_exit 2 report top -d r.db --period 2024Q5
expect_exit 2 report top -d r.db --format xls
