# One collector at a time per database: a second one waits (bounded) and
# fails with exit 3 and a clear message; two started together both finish
# and count everything exactly once. Reports read while a collector runs.
source "$(dirname "$0")/../lib.sh"
line='203.0.113.5 - - [01/Mar/2024:10:00:00 +0800] "GET /dataset/6564 HTTP/1.1" 200 1 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
echo "$line" > a.log
collect -q -d l.db a.log 2>/dev/null
# a collector reading a pipe that stays open for 3 s holds the lock
sleep 3 | collect -q -d l.db - 2>/dev/null &
sleep 0.5
expect_exit 3 collect -q -d l.db --wait 1 a.log
expect_err "site 'default' of database 'l.db' is in use by another odstat-collect"
# a collector of another site does not wait (SPEC §7)
expect_exit 0 collect -q -d l.db --site other --wait 0 a.log
wait
genlog --seed 3 --lines 60000 --days 1 > big1.log
genlog --seed 4 --lines 20000 --days 1 --server 1 | gzip > big2.log.gz
# both collectors race on the same files: one counts them, the other waits
# for the lock and then finds nothing new
collect -q -d both.db big1.log big2.log.gz 2>/dev/null & p1=$!
collect -q -d both.db big2.log.gz big1.log 2>/dev/null & p2=$!
report daily -d both.db > /dev/null 2>&1 || true   # readable meanwhile (may be empty)
wait $p1 || fail "first collector failed"
wait $p2 || fail "second collector failed"
collect -q -d one.db big1.log big2.log.gz 2>/dev/null
cmp <(report daily -d both.db) <(report daily -d one.db) || fail "concurrent runs counted differently"
# two collectors of one site started at once on logs of disjoint time: the
# second waits for the first, and together they count what one run counts
genlog --seed 5 --lines 40000 --days 1 --start 2024-03-01 > early.log
genlog --seed 6 --lines 40000 --days 1 --start 2024-03-02 > late.log
collect -q -d pair.db late.log 2>/dev/null & p1=$!
collect -q -d pair.db early.log 2>/dev/null & p2=$!
wait $p1 || fail "first of the pair failed"
wait $p2 || fail "second of the pair failed"
collect -q -d pair1.db early.log late.log 2>/dev/null
cmp <(report daily -d pair.db) <(report daily -d pair1.db) || fail "a concurrent pair counted differently"
# and two sites at once: each its own, the report their sum
collect -q -d sites.db --site a early.log 2>/dev/null & p1=$!
collect -q -d sites.db --site b late.log 2>/dev/null & p2=$!
wait $p1 && wait $p2 || fail "two sites at once failed"
collect -q -d sa.db early.log 2>/dev/null; collect -q -d sb.db late.log 2>/dev/null
cmp <(report daily -d sites.db) <(cat <(report daily -d sa.db) <(report daily -d sb.db | tail -n +2)) ||
    fail "two sites do not add up"
