# Started with fd 0, 1 or 2 closed (a careless cron wrapper, `<&-`), the
# programs still work on the right files: fds 0-2 are opened on /dev/null
# first, so the database (or its lock) never becomes "stdin" or "stdout".
source "$(dirname "$0")/../lib.sh"
line='203.0.113.5 - - [01/Mar/2024:10:00:00 +0800] "GET /dataset/6564 HTTP/1.1" 200 1 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
echo "$line" > a.log
collect -q -d x.db a.log 2> /dev/null || fail "collect failed"
report daily -d x.db > want.csv
cp x.db x.copy
# stdin closed: "-" is an empty input, not the database file
collect -d x.db - <&- 2> err; rc=$?
[ "$rc" -eq 0 ] || { cat err; fail "collect with stdin closed exited $rc"; }
! grep -q "rejected line" err || { cat err; fail "read something that is not stdin (the database?)"; }
grep -q "0 lines" err || { cat err; fail "lines were read from a closed stdin"; }
report daily -d x.db | cmp -s - want.csv || fail "numbers changed"
# stdout closed: nothing is written into the database file
report daily -d x.db >&- 2> err
report daily -d x.db | cmp -s - want.csv || fail "the database changed with stdout closed"
sqlite3 x.db 'PRAGMA integrity_check' | grep -qx ok || fail "database damaged with stdout closed"
# stderr closed: the collector runs and counts
echo "${line/10:00:00/11:00:00}" > b.log
collect -d x.db b.log 2>&- || fail "collect with stderr closed failed"
[ "$(report daily -d x.db | tail -n 1 | cut -d, -f3)" = 2 ] || fail "b.log not counted with stderr closed"
sqlite3 x.db 'PRAGMA integrity_check' | grep -qx ok || fail "database damaged with stderr closed"
