# SPEC §2.6: a log split at arbitrary line boundaries into several runs,
# then ingested again whole (plain and gzip), gives the numbers of one run.
source "$(dirname "$0")/../lib.sh"
genlog --seed 5 --lines 30000 --days 2 --start 2024-06-01 > whole.log
reference whole.log > ref.csv
# uneven pieces: 1, 7777, 1234, then the rest
sed -n '1p' whole.log > p1; sed -n '2,7778p' whole.log > p2
sed -n '7779,9012p' whole.log > p3; sed -n '9013,$p' whole.log > p4
for p in p1 p2 p3 p4; do collect -q -d c.db $p 2>/dev/null || fail "run on $p failed"; done
report daily -d c.db > split.csv
cmp split.csv ref.csv || { diff split.csv ref.csv | head; fail "split runs differ"; }
collect -q -d c.db whole.log 2>/dev/null
gzip -c whole.log > whole.log.1.gz
collect -q -d c.db whole.log.1.gz 2>/dev/null
report daily -d c.db | cmp - ref.csv || fail "ingesting the whole log again changed numbers"
# a growing file read by cron: the same file, appended between runs
head -c 100000 whole.log > grow.log
collect -q -d g.db grow.log 2>/dev/null   # ends mid-line: the partial line waits
head -c 2000000 whole.log > grow.log
collect -q -d g.db grow.log 2>/dev/null
cp whole.log grow.log
collect -q -d g.db grow.log 2>/dev/null
report daily -d g.db | cmp - ref.csv || fail "growing file differs"
