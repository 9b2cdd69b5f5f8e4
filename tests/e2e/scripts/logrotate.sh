# The logrotate scenario: a log grows over several runs, is rotated,
# compressed (delaycompress), rotated again, and finally copytruncated.
# Every run is given access.log* in shell order (newest first); after every
# run the daily CSV equals one run of the reference over all lines so far.
source "$(dirname "$0")/../lib.sh"
genlog --seed 41 --lines 50000 --days 3 --start 2024-04-01 > whole.log
lines() { sed -n "$1,$2p" whole.log; }
step=0
check() {   # check N: the database holds exactly lines 1..N
    step=$((step + 1))
    collect -q -d r.db access.log* 2>> collect.err
    local rc=$?
    [ "$rc" -eq 0 ] || { cat collect.err; fail "step $step: collector exited $rc"; }
    lines 1 "$1" > sofar.log
    reference sofar.log > want.csv
    report daily -d r.db > got.csv
    cmp -s got.csv want.csv || { diff got.csv want.csv | head; fail "step $step (lines 1..$1) differs"; }
}
lines 1 8000 > access.log;                                   check 8000
lines 8001 16000 >> access.log;                              check 16000
check 16000                                                  # nothing new
# daily rotation with delaycompress: access.log -> access.log.1
mv access.log access.log.1; lines 16001 24000 > access.log;  check 24000
# next rotation: .1 is compressed to .2.gz, access.log -> .1
gzip -n access.log.1; mv access.log.1.gz access.log.2.gz
mv access.log access.log.1; lines 24001 30000 > access.log;  check 30000
lines 30001 33000 >> access.log;                             check 33000
# copytruncate: the live file is copied to .1 (after shifting the others)
# and truncated in place; the server goes on writing to it
mv access.log.2.gz access.log.3.gz; gzip -n access.log.1; mv access.log.1.gz access.log.2.gz
cp access.log access.log.1; : > access.log
lines 33001 41000 >> access.log;                             check 41000
lines 41001 50000 >> access.log;                             check 50000
report ingests -d r.db > ingests.csv || fail "ingests report failed"
grep -q '^access.log.1,' ingests.csv || { cat ingests.csv; fail "ingests does not list access.log.1"; }
[ "$(tail -n +2 ingests.csv | awk -F, '{s += $4} END {print s}')" -ge 50000 ] || fail "ingests lines too few"
