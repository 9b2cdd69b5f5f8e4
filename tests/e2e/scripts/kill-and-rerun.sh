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
# A backfill killed half-way: the newest day first, then the two older days
# (counts move between days as chains meet the seam), killed, run again.
genlog --seed 23 --lines 200000 --days 3 --disorder 60 --scrapers 5 > c.log
# each line goes to the file of its own day (lines without a date stay with
# the line before them): the same set of lines as c.log
python3 - c.log <<'PY' || fail "cannot split c.log"
import collections, re, sys
lines = open(sys.argv[1], 'rb').readlines()
date = lambda l: (re.search(rb'\[(\d\d/\w{3}/\d{4}):', l) or [None, None])[1]
days = [d for d, _ in collections.Counter(map(date, lines)).most_common(3)]  # the real ones
files, out = {}, None
for line in lines:
    if date(line) in days:
        out = files.setdefault(date(line), open('day%d.log' % len(files), 'wb'))
    (out or files.setdefault(days[0], open('day0.log', 'wb'))).write(line)
PY
[ -f day2.log ] || fail "expected three days in c.log"
collect -q -d bclean.db c.log 2>/dev/null || fail "clean run of c.log failed"
report daily -d bclean.db > bclean.csv
killed=0
for delay in 0.1 0.3; do
    rm -f kb.db*
    collect -q -d kb.db day2.log 2>/dev/null || fail "newest day failed"
    collect -q --batch 5000 -d kb.db day1.log day0.log 2>/dev/null & pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
    wait "$pid" 2>/dev/null
    collect -q -d kb.db day0.log day1.log 2>/dev/null || fail "backfill rerun after a kill at ${delay}s failed"
    report daily -d kb.db | cmp - bclean.csv || fail "backfill numbers differ after a kill at ${delay}s"
done
[ "$killed" -ge 1 ] || fail "the backfill finished before the kills; make the log larger"
