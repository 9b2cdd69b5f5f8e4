# odstat-report status on a database whose contents are known by
# construction: two valid lines on two days and one broken line (file
# a.log), a second file (b.log.gz), a catalog of two datasets and one alias.
# The late_lines and snapshot tables are counted too (rows inserted
# below stand for what the collector writes).
source "$(dirname "$0")/../lib.sh"
line='203.0.113.5 - - [01/Mar/2024:10:00:00 +0800] "GET /dataset/6564 HTTP/1.1" 200 1 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
{ echo "$line"; echo "this is not a log line"; echo "${line/01\/Mar/03\/Mar}"; } > a.log
echo "${line/01\/Mar/02\/Mar}" | gzip -c > b.log.gz
printf 'dataset_id,name,aliases\n6564,AQI,aqi-uuid\n9833,Rain,\n' > cat.csv
collect -q -d s.db --catalog cat.csv a.log b.log.gz 2> /dev/null || fail "collect failed"
report status -d s.db > st.csv || fail "status failed"
value() { awk -F, -v k="$1" '$1 == k { sub(/^[^,]*,/, ""); print; exit }' st.csv; }
check() { [ "$(value "$1")" = "$2" ] || { cat st.csv; fail "$1 is '$(value "$1")', expected '$2'"; }; }
head -n 1 st.csv | grep -qx 'item,value' || fail "header"
check schema_version "$(sqlite3 s.db 'PRAGMA user_version')"
check writer_version "$(collect --version | head -n 1 | cut -d' ' -f2)"
check sites default
check first_day 2024-03-01
check last_day 2024-03-03
check days_with_data 3
check days_with_rejected_lines 1
check rejected_lines 1
check files_read 2
check lines_read 4
check collector_runs 1
check catalog_datasets 2
check catalog_aliases 1
check days_with_late_lines 0
check late_lines 0
check snapshots 0
check robot_list "built-in (COUNTER-Robots and extra-robots)"
# another robot list is recorded by the run that used it
printf 'bot\n' > robots.txt
collect -q -d s.db --robots robots.txt a.log 2> /dev/null || fail "second collect failed"
report status -d s.db > st.csv
check robot_list robots.txt
check collector_runs 2
# --site (SPEC §7): the facts of that site's own tables; the catalog and
# the lists are the database's. Site b: one file of two lines, one rejected
printf '%s\nbroken\n' "${line/01\/Mar/05\/Mar}" > c.log
collect -q -d s.db --site b c.log 2> /dev/null || fail "collect of site b failed"
report status -d s.db --site b > st.csv || fail "status --site b failed"
check sites b
check first_day 2024-03-05
check last_day 2024-03-05
check days_with_data 1
check rejected_lines 1
check files_read 1
check lines_read 2
check collector_runs 1
check catalog_datasets 2
check robot_list "built-in (COUNTER-Robots and extra-robots)"
report status -d s.db --site default --site b > st.csv || fail "status of both sites failed"
check sites "\"b, default\""
check files_read 3
check collector_runs 3
check last_day 2024-03-05
report status -d s.db --site nosuch > st.csv || fail "status of an unknown site failed"
check sites ""
check files_read 0
check first_day ""
# the tables other schema versions add are read once they exist
sqlite3 s.db "INSERT INTO late_lines VALUES ('default', '2024-03-01', 4), ('default', '2024-03-02', 0),
                                            ('default', '2024-03-03', 1);
              INSERT INTO snapshot VALUES ('6564', 'views', '2023-12-31', 10, 'csv')"
report status -d s.db > st.csv || fail "status with the newer tables failed"
check days_with_late_lines 2
check late_lines 5
check snapshots 1
report status -d s.db --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(len(d) < 15)' ||
    fail "status --format json"
