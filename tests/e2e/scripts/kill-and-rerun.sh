# Crash safety: a collector killed with SIGKILL at several moments, then
# run again, gives exactly the numbers of an uninterrupted run (counts and
# resume points are committed together, batch by batch).
source "$(dirname "$0")/../lib.sh"
genlog --seed 21 --lines 300000 --days 3 > a.log
genlog --seed 22 --lines 100000 --days 3 --server 1 --gzip > b.log.gz
collect -q -d clean.db a.log b.log.gz 2>/dev/null || fail "clean run failed"
report daily -d clean.db > clean.csv
killed=0
for delay in 0.05 0.15 0.3 0.5; do
    rm -f k.db*
    collect -q --batch 7000 -d k.db a.log b.log.gz 2>/dev/null & pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
    wait "$pid" 2>/dev/null
    collect -q -d k.db b.log.gz a.log 2>/dev/null || fail "rerun after kill at ${delay}s failed"
    report daily -d k.db | cmp - clean.csv || fail "numbers differ after a kill at ${delay}s"
done
[ "$killed" -ge 2 ] || fail "the collector finished before most kills; make the log larger"
