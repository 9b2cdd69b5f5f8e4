# A database that cannot grow (a full disk, simulated with a file size
# limit) fails with exit 3 and a clear message; what was committed before
# stays correct, and a later run with room finishes the job exactly.
source "$(dirname "$0")/../lib.sh"
genlog --seed 31 --lines 40000 --days 2 > a.log
head -n 10000 a.log > half.log   # the log as a first run saw it
collect -q -d d.db half.log 2>/dev/null || fail "first run failed"
report daily -d d.db > before.csv
size=$(stat -c %s d.db)
# allow the database file to grow by a few pages only
( trap '' XFSZ; ulimit -f $(( size / 512 + 4 )); collect -q --batch 2000 -d d.db a.log ) 2> err
rc=$?
[ "$rc" -eq 3 ] || { cat err; fail "expected exit 3 on a full disk, got $rc"; }
grep -q "d.db" err || { cat err; fail "the message does not name the database"; }
report daily -d d.db > /dev/null || fail "database unreadable after the failure"
sqlite3 d.db 'PRAGMA integrity_check' | grep -qx ok || fail "database damaged"
# with room again, the run completes and counts everything once
collect -q -d d.db a.log 2>/dev/null || fail "run with room failed"
collect -q -d ref.db a.log 2>/dev/null
report daily -d d.db | cmp - <(report daily -d ref.db) || fail "numbers differ from a run that never failed"
