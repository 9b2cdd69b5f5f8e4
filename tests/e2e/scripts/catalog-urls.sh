# Catalog resource URLs as download rules (SPEC §1.4b), on the agency
# fixtures of tests/fixtures/agency/ (README.md there explains every
# number): parameter order, extra parameters, percent-encoding, a trailing
# '/', the case of parameter names, another host's identical path, a URL
# shared by two datasets, statuses outside the list, and a rule of the
# rules file that matches first.
source "$(dirname "$0")/../lib.sh"
fix="$REPO/tests/fixtures/agency"
H='date,dataset_id,views,downloads,unique_views,unique_downloads,unique_sessions,machine_views,machine_downloads,robot_views,robot_downloads'
daily() {   # daily DB EXPECTED-ROWS
    local got; got=$(report daily -d "$1") || fail "daily exited $?"
    [ "$got" = "$H
$2" ] || { diff <(echo "$H"; echo "$2") <(echo "$got"); fail "daily of $1 differs"; }
}

# 1. The file host's log with --host: README table "with --host".
expect_exit 0 collect -q -d a.db --catalog "$fix/catalog.csv" --host opendata.wra.gov.tw "$fix/access.log"
expect_err "resource URL 'https://opendata.wra.gov.tw/data/opendata/export/68/csv' is listed under datasets '25003' and '25004'; its downloads count for '25003'"
daily a.db '2024-03-31,25001,0,1,0,1,1,0,0,0,0
2024-04-01,25001,0,2,0,2,2,0,0,0,0
2024-04-01,25002,0,2,0,2,2,0,0,0,0
2024-04-01,25003,0,1,0,1,1,0,0,0,0
2024-04-01,25004,1,0,1,0,1,0,0,0,0
2024-04-01,25006,0,1,0,1,1,0,0,0,0
2024-04-02,25001,0,1,0,1,1,0,0,0,0
2024-04-02,25003,0,1,0,1,1,0,0,0,0
2024-04-03,25003,0,1,0,1,1,0,0,0,0'

# 2. Without --host any host fits: /data/opendata/export/68/csv is also
# 25000's URL on data.moenv.gov.tw, and 25000 is the byte-smallest id.
expect_exit 0 collect -q -d b.db --catalog "$fix/catalog.csv" "$fix/access.log"
daily b.db '2024-03-31,25001,0,1,0,1,1,0,0,0,0
2024-04-01,25000,0,1,0,1,1,0,0,0,0
2024-04-01,25001,0,2,0,2,2,0,0,0,0
2024-04-01,25002,0,2,0,2,2,0,0,0,0
2024-04-01,25004,1,0,1,0,1,0,0,0,0
2024-04-01,25006,0,1,0,1,1,0,0,0,0
2024-04-02,25000,0,1,0,1,1,0,0,0,0
2024-04-02,25001,0,1,0,1,1,0,0,0,0
2024-04-03,25000,0,1,0,1,1,0,0,0,0'

# 3. A line's own host decides over --host (vhost_combined): the same path
# on data.moenv.gov.tw is 25000's, on OpenData.WRA.gov.tw:443 25003's, on a
# third host nobody's.
ff='"Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0"'
{
    echo "data.moenv.gov.tw:443 203.0.113.20 - - [01/Apr/2024:11:00:00 +0800] \"GET /data/opendata/export/68/csv HTTP/1.1\" 200 1 \"-\" $ff"
    echo "OpenData.WRA.gov.tw:443 203.0.113.21 - - [01/Apr/2024:11:00:01 +0800] \"GET /data/opendata/export/68/csv HTTP/1.1\" 200 1 \"-\" $ff"
    echo "cdn.example.net:80 203.0.113.22 - - [01/Apr/2024:11:00:02 +0800] \"GET /data/opendata/export/68/csv HTTP/1.1\" 200 1 \"-\" $ff"
} > vhost.log
expect_exit 0 collect -q -d c.db -f vhost_combined --catalog "$fix/catalog.csv" --host opendata.wra.gov.tw vhost.log
daily c.db '2024-04-01,25000,0,1,0,1,1,0,0,0,0
2024-04-01,25003,0,1,0,1,1,0,0,0,0'

# 4. A rule of the rules file matches first: ?id={id} captures 50C8D2A1
# from access.log lines 1, 2, 4 and 12 (names as written: line 3's ID= is
# not the rule's id=, so the catalog URL takes it for 25001).
cat > rules <<'RULES'
download /Service/OpenData.aspx ?id={id} status=200
view     /dataset/{id}
RULES
expect_exit 0 collect -q -d d.db -r rules --catalog "$fix/catalog.csv" --host opendata.wra.gov.tw "$fix/access.log"
daily d.db '2024-03-31,50C8D2A1,0,1,0,1,1,0,0,0,0
2024-04-01,25001,0,1,0,1,1,0,0,0,0
2024-04-01,25002,0,2,0,2,2,0,0,0,0
2024-04-01,25003,0,1,0,1,1,0,0,0,0
2024-04-01,25004,1,0,1,0,1,0,0,0,0
2024-04-01,25006,0,1,0,1,1,0,0,0,0
2024-04-01,50C8D2A1,0,2,0,2,2,0,0,0,0
2024-04-02,25003,0,1,0,1,1,0,0,0,0
2024-04-02,50C8D2A1,0,1,0,1,1,0,0,0,0
2024-04-03,25003,0,1,0,1,1,0,0,0,0'

# 5. A catalog imported again replaces a dataset's URLs: 25002 without
# 資料下載網址 entries keeps none, so its two lines are other.
sed 's#https://opendata.wra.gov.tw/OdService/download/A59000000N-000123-Yvn/##' \
    "$fix/catalog.csv" > catalog2.csv
expect_exit 0 collect -q -d e.db --catalog "$fix/catalog.csv"
[ "$(sqlite3 e.db "SELECT COUNT(*) FROM resource_url WHERE dataset_id = '25002'")" = 1 ] \
    || fail "25002 should have its URL after the first import"
expect_exit 0 collect -q -d e.db --catalog catalog2.csv
[ "$(sqlite3 e.db "SELECT COUNT(*) FROM resource_url WHERE dataset_id = '25002'")" = 0 ] \
    || fail "25002's URL should be gone after the second import"
