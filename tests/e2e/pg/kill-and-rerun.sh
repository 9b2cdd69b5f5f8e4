# Crash safety on PostgreSQL: a collector killed with SIGKILL during its
# batches, then run again, gives exactly the numbers of an uninterrupted
# run (each batch's counts, state and resume points are one transaction).
source "$(dirname "$0")/lib.sh"
genlog --seed 21 --lines 300000 --days 3 > a.log
genlog --seed 22 --lines 100000 --days 3 --server 1 --gzip > b.log.gz
collect -q -d clean.db a.log b.log.gz 2>/dev/null || fail "clean run failed"
report daily -d clean.db > clean.csv
killed=0
for delay in 0.1 0.3 0.6 1.0; do
    db=$(newdb)
    collect -q --batch 7000 -d "$db" a.log b.log.gz 2>/dev/null & pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
    wait "$pid" 2>/dev/null
    collect -q -d "$db" b.log.gz a.log 2>/dev/null || fail "rerun after kill at ${delay}s failed"
    report daily -d "$db" | cmp - clean.csv || fail "numbers differ after a kill at ${delay}s"
done
[ "$killed" -ge 2 ] || fail "the collector finished before most kills; make the log larger"
