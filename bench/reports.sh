#!/usr/bin/env bash
# reports.sh BINDIR - report speed on three years of data for 10,000
# datasets (every dataset active on 40% of days: 4.4 million daily rows),
# built directly in SQL once and kept in build/bench/. Asserts nothing.
set -euo pipefail
bindir=$(cd "${1:?usage: reports.sh BINDIR}" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
work="$repo/build/bench"
mkdir -p "$work"
cd "$work"
db=reports.db
if [ ! -f "$db" ]; then
    echo "building $db (3 years x 10,000 datasets) ..."
    {
        echo "dataset_id,name,publisher,badge,update_frequency,listed,data_updated"
        for i in $(seq 1 10000); do
            echo "$((100000 + i)),資料集 $i,機關 $((i % 40)),gold,每1月,2019-01-01,2023-12-31"
        done
    } > catalog-10k.csv
    "$bindir/odstat-collect" -q -d "$db.tmp" --catalog catalog-10k.csv
    sqlite3 "$db.tmp" <<'SQL'
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 1095),
     s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 10000)
INSERT INTO daily (day, dataset_id, views, downloads, unique_views, unique_downloads,
                   unique_sessions, machine_views, machine_downloads, robot_views, robot_downloads)
SELECT date('2022-01-01', '+' || n || ' days'), CAST(100000 + i AS TEXT),
       (n * 7 + i) % 50, (n * 3 + i) % 20, (n * 7 + i) % 40, (n * 3 + i) % 18,
       (n * 7 + i) % 45, i % 3, n % 2, (n + i) % 30, (n + i) % 5
FROM d, s WHERE (n * 31 + i * 17) % 10 < 4;
INSERT INTO monthly (month, dataset_id, views, downloads, unique_views, unique_downloads,
                     unique_sessions, machine_views, machine_downloads, robot_views,
                     robot_downloads)
SELECT substr(day, 1, 7), dataset_id, SUM(views), SUM(downloads),
       SUM(unique_views), SUM(unique_downloads), SUM(unique_sessions), SUM(machine_views),
       SUM(machine_downloads), SUM(robot_views), SUM(robot_downloads)
FROM daily GROUP BY 1, 2;
SQL
    mv "$db.tmp" "$db"
fi
[ -n "${ODSTAT_BENCH_REPORT_DB:-}" ] || echo "daily rows: $(sqlite3 "$db" 'SELECT COUNT(*) FROM daily')"
db=${ODSTAT_BENCH_REPORT_DB:-$db}   # bench/pg.sh: the same reports on PostgreSQL
t() {   # t ARGS...: seconds of one report
    /usr/bin/time -f "%e s  odstat-report $*" "$bindir/odstat-report" "$@" -d "$db" > /dev/null
}
t top --period 2024Q1
t top --period 2024Q1 --cumulative
t top --period 2024Q1 --by views --lang zh-TW --calendar roc --format md
t top --from 2022-02-14 --to 2024-11-20
t summary --period 2024Q1
t summary --period 2024
t publishers --period 2024
t badges
