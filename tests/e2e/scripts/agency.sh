# The agency case end to end (SPEC §1.4b, §6): the data.gov.tw catalog
# export, the file host's log (--host) and a data.gov.tw front-API
# snapshot give the meeting's cumulative table without any hand-written
# rule; then a later snapshot, a period between two snapshots, a dataset
# with logs and no snapshot, and a CKAN alias whose counts roll up.
# Every number is worked out in tests/fixtures/agency/README.md.
source "$(dirname "$0")/../lib.sh"
fix="$REPO/tests/fixtures/agency"
check() {   # check NAME EXPECTED ARGS...: odstat-report ARGS prints EXPECTED
    local name=$1 want=$2; shift 2
    local got; got=$(report "$@") || fail "$name: report exited $?"
    [ "$got" = "$want" ] || { diff <(echo "$want") <(echo "$got"); fail "$name differs"; }
}
W=經濟部水利署
expect_exit 0 collect -q -d a.db --catalog "$fix/catalog.csv" \
    --counts "$fix/datagovtw-api.json" --as-of 2024-03-31 --host opendata.wra.gov.tw "$fix/access.log"
expect_err "counts '$fix/datagovtw-api.json' (datagovtw-api): 5 datasets, 10 values (10 changed)"

# The meeting table: 自上架時間至113年04月02日, by downloads, as printed:
# title and period line, thousands separators, what is counted, then which
# numbers rest on a snapshot (the numbers: tests/fixtures/agency/README.md).
meeting='## 經濟部水利署開放資料集累計下載次數前 10 名

自上架時間至113年04月02日

| 下載排名 | 資料集識別碼 | 上架時間 | 更新頻率 | 資料更新時間 | 資料集名稱 | 累計瀏覽次數 | 累計下載次數 |
| ---: | --- | --- | --- | --- | --- | ---: | ---: |
| 1 | 25003 | 104-01-20 | 每1年 | 112-12-31 | 地下水觀測井 | 120 | 2,003 |
| 2 | 25001 | 102-09-10 | 每1日 | 113-03-30 | 水庫蓄水情形 | 5,080 | 1,237 |
| 3 | 25002 | 103-05-02 | 每10分 | 113-03-29 | 河川水位 | 310 | 47 |
| 4 | 25004 | 104-03-01 | 不定期更新 | 113-02-01 | 水庫放流資訊 | 89 | 9 |
| 5 | 25006 | 113-03-15 | 每1月 | 113-03-15 | 水情月報 | 0 | 1 |

註：自上架時間至113年04月02日。只計人的瀏覽及下載，不含網路機器人、程式存取及 30 秒內的重複點擊。有紀錄的日期：113年03月31日至113年04月02日。累計次數自紀錄首日113年03月31日起算。\
含計數快照的數字：25003、25001、25002、25004（瀏覽 113-03-31；下載 113-03-31）'
check "meeting table" "$meeting" top -d a.db --cumulative --to 2024-04-02 --publisher "$W" \
    --lang zh-TW --calendar roc --format md
check "cumulative csv" "rank,dataset_id,listed,update_frequency,data_updated,name,views,downloads,snapshot
1,25003,2015-01-20,每1年,2023-12-31,地下水觀測井,120,2003,views 2024-03-31; downloads 2024-03-31
2,25001,2013-09-10,每1日,2024-03-30,水庫蓄水情形,5080,1237,views 2024-03-31; downloads 2024-03-31
3,25002,2014-05-02,每10分,2024-03-29,河川水位,310,47,views 2024-03-31; downloads 2024-03-31
4,25004,2015-03-01,不定期更新,2024-02-01,水庫放流資訊,89,9,views 2024-03-31; downloads 2024-03-31
5,25006,2024-03-15,每1月,2024-03-15,水情月報,0,1," top -d a.db --cumulative --to 2024-04-02 --publisher "$W"

# Importing the same snapshot again changes nothing.
expect_exit 0 collect -q -d a.db --counts "$fix/datagovtw-api.json" --as-of 2024-03-31
expect_err "5 datasets, 10 values (0 changed)"
check "meeting table again" "$meeting" top -d a.db --cumulative --to 2024-04-02 --publisher "$W" \
    --lang zh-TW --calendar roc --format md

# daily never includes snapshots: 25000 has only a snapshot, no log line.
[ "$(report daily -d a.db | grep -c ',25000,')" = 0 ] || fail "daily shows a snapshot"

# A later snapshot (2024-04-02) replaces the earlier one for what it has.
printf '\xef\xbb\xbfdataset_id,views,downloads,as_of\r\n25001,"5,300","1,240",2024-04-02\r\n25002,330,,2024-04-02\r\n' > later.csv
expect_exit 0 collect -q -d a.db --counts later.csv
check "later snapshot" "rank,dataset_id,listed,update_frequency,data_updated,name,views,downloads,snapshot
1,25003,2015-01-20,每1年,2023-12-31,地下水觀測井,120,2003,views 2024-03-31; downloads 2024-03-31
2,25001,2013-09-10,每1日,2024-03-30,水庫蓄水情形,5300,1240,views 2024-04-02; downloads 2024-04-02
3,25002,2014-05-02,每10分,2024-03-29,河川水位,330,47,views 2024-04-02; downloads 2024-03-31
4,25004,2015-03-01,不定期更新,2024-02-01,水庫放流資訊,89,9,views 2024-03-31; downloads 2024-03-31
5,25006,2024-03-15,每1月,2024-03-15,水情月報,0,1," top -d a.db --cumulative --to 2024-04-02 --publisher "$W"

# A period between two snapshots: cumulative(04-02) - cumulative(03-31).
check "period" "rank,dataset_id,listed,update_frequency,data_updated,name,views,downloads
1,25001,2013-09-10,每1日,2024-03-30,水庫蓄水情形,220,6
2,25002,2014-05-02,每10分,2024-03-29,河川水位,20,2
3,25004,2015-03-01,不定期更新,2024-02-01,水庫放流資訊,1,0
4,25003,2015-01-20,每1年,2023-12-31,地下水觀測井,0,2
4,25006,2024-03-15,每1月,2024-03-15,水情月報,0,1" top -d a.db --from 2024-04-01 --to 2024-04-02 --by views --publisher "$W"
check "publishers" "publisher,datasets,active_datasets,views,downloads,view_share,download_share,snapshot
經濟部水利署,5,5,241,11,100.0,100.0,views 2024-04-02; downloads 2024-04-02
環境部,1,0,0,0,0.0,0.0," publishers -d a.db --from 2024-04-01 --to 2024-04-02
# summary: the period's views and downloads as above (25000's are 0), the
# previous period (03-30..03-31) the whole 03-31 snapshot (nothing before
# it: cumulative(03-29) is 0): views 5605, downloads 3292.
got=$(report summary -d a.db --from 2024-04-01 --to 2024-04-02 | grep -E '^(views|downloads),')
[ "$got" = "views,241,5605,-95.7%,0,,views 2024-04-02
downloads,11,3292,-99.7%,0,,downloads 2024-04-02" ] || { echo "$got"; fail "summary differs"; }
check "snapshots" "source,as_of,datasets,views,downloads
datagovtw-api,2024-03-31,5,5605,3292
csv,2024-04-02,2,5630,1240" snapshots -d a.db

# A CKAN portal: counts under the UUID roll up to the slug, and the
# resource's URL on the file host is a download of the dataset.
ff='"Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0"'
u=0f1e2d3c-aaaa-bbbb-cccc-000000000001
{
    echo "203.0.113.30 - - [31/Mar/2024:12:00:00 +0800] \"GET /dataset/air-quality HTTP/1.1\" 200 1 \"-\" $ff"
    echo "203.0.113.31 - - [01/Apr/2024:12:00:00 +0800] \"GET /dataset/$u HTTP/1.1\" 200 1 \"-\" $ff"
    echo "203.0.113.32 - - [01/Apr/2024:12:00:01 +0800] \"GET /dataset/air-quality HTTP/1.1\" 200 1 \"-\" $ff"
    echo "203.0.113.33 - - [02/Apr/2024:12:00:00 +0800] \"GET /dataset/$u/resource/r-1/download/aq.csv HTTP/1.1\" 200 1 \"-\" $ff"
    echo "203.0.113.34 - - [02/Apr/2024:12:00:01 +0800] \"GET /aq.json HTTP/1.1\" 200 1 \"-\" $ff"
} > ckan.log
printf 'dataset_id,views\n%s,4000\n' "$u" > uuid.csv
expect_exit 0 collect -q -d c.db --catalog "$fix/ckan-tracking.json" \
    --counts "$fix/ckan-tracking.json" --as-of 2024-03-31 ckan.log
expect_exit 0 collect -q -d c.db --counts uuid.csv --as-of 2024-03-30
check "ckan cumulative" "rank,dataset_id,listed,update_frequency,data_updated,name,views,downloads,snapshot
1,air-quality,,,,Air quality,5082,1236,views 2024-03-31; downloads 2024-03-31" top -d c.db --cumulative --to 2024-04-02
check "ckan period" "rank,dataset_id,listed,update_frequency,data_updated,name,views,downloads
1,air-quality,,,,Air quality,1082,1236" top -d c.db --from 2024-03-31 --to 2024-04-02
