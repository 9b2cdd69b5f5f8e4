# One collector per site at a time on PostgreSQL too (an advisory lock):
# a second one of the same site waits, bounded by --wait, then exits 3;
# one of another site runs beside it. Reports read meanwhile.
source "$(dirname "$0")/lib.sh"
db=$(newdb)
line='203.0.113.5 - - [01/Mar/2024:10:00:00 +0800] "GET /dataset/6564 HTTP/1.1" 200 1 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
echo "$line" > a.log
collect -q -d "$db" a.log 2>/dev/null || fail "first collect failed"
sleep 3 | collect -q -d "$db" - 2>/dev/null &
sleep 1
expect_exit 3 collect -q -d "$db" --wait 1 a.log
expect_err "site 'default' of database '$db' is in use by another odstat-collect"
expect_exit 0 collect -q -d "$db" --site other --wait 0 a.log
report daily -d "$db" > /dev/null || fail "cannot read while a collector runs"
wait
# a password in the URI is never shown
expect_exit 3 collect -q -d "postgresql://u:hunter2@/nodb?host=$pg_dir" a.log
grep -q hunter2 cmd.err && fail "the password is shown: $(cat cmd.err)"
expect_err "postgresql://u:***@/nodb"
