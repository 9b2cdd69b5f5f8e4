# Schema versions. A database of a newer odstat (user_version 99) is
# refused with exit 3 by reports as by the collector. Several processes
# opening a database that needs a migration at once all succeed: the
# version is read again inside the write transaction (BEGIN IMMEDIATE), so
# the second never runs a migration the first has applied. --version shows
# the version, and the database records the version that last wrote it.
source "$(dirname "$0")/../lib.sh"
line='203.0.113.5 - - [01/Mar/2024:10:00:00 +0800] "GET /dataset/6564 HTTP/1.1" 200 1 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
echo "$line" > a.log
collect -q -d new.db a.log 2> /dev/null || fail "collect failed"
version=$(collect --version | head -n 1 | awk '{print $2}')
[ -n "$version" ] || fail "odstat-collect --version printed no version"
[ "$(report -V | head -n 1)" = "odstat-report $version" ] || fail "the programs disagree on the version"
[ "$(sqlite3 new.db "SELECT value FROM meta WHERE key = 'writer_version'")" = "$version" ] ||
    fail "the database does not record the version that wrote it"
schema=$(sqlite3 new.db 'PRAGMA user_version')
# a newer odstat's database: refused, and left alone
sqlite3 new.db 'PRAGMA user_version = 99'
cp new.db before.db
for args in daily top summary trend status; do
    expect_exit 3 report $args -d new.db
    expect_err "newer than this odstat"
done
expect_exit 3 collect -q -d new.db a.log
expect_err "newer than this odstat"
cmp -s new.db before.db || fail "a newer database was changed"
# an older database (schema version 3: no rollups yet), opened by many
# processes at once; each round starts from the old file again
collect -q -d v4.db a.log 2> /dev/null || fail "collect failed"
report daily -d v4.db > want.csv
# the schema of version 3 from its own migrations, holding v4.db's counts
cat "$REPO"/sql/00[123]_*.sql > v3.sql
sqlite3 v3.db < v3.sql || fail "cannot make a version 3 database"
sqlite3 v3.db "ATTACH 'v4.db' AS v;
    INSERT INTO daily SELECT day, dataset_id, views, downloads, unique_views, unique_downloads,
        unique_sessions, machine_views, machine_downloads, robot_views, robot_downloads FROM v.daily;
    INSERT INTO meta SELECT key, value FROM v.meta WHERE key = 'secret';
    INSERT INTO ingest SELECT id, prefix_len, prefix_hash, path, offset, lines, rejected, first_ts,
        last_ts, first_at, last_at FROM v.ingest;
    PRAGMA user_version = 3" || fail "cannot fill the version 3 database"
mv v3.db v4.db
[ "$schema" -gt 3 ] || fail "this test assumes schema version 4 or later"
for round in 1 2 3 4 5; do
    cp v4.db old.db
    pids=()
    for i in 1 2 3 4 5 6; do
        report daily -d old.db > "out.$i" 2> "err.$i" & pids+=($!)
    done
    collect -q -d old.db a.log 2> err.c & pids+=($!)
    for i in 1 2 3 4 5 6 7; do
        wait "${pids[$((i - 1))]}" || { cat err.* >&2; fail "round $round: process $i failed"; }
    done
    for i in 1 2 3 4 5 6; do
        cmp -s "out.$i" want.csv || { cat "err.$i"; fail "round $round: report $i differs"; }
    done
    [ "$(sqlite3 old.db 'PRAGMA user_version')" = "$schema" ] || fail "not migrated"
done
