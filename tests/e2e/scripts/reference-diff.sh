# The daily CSV equals the independent reference implementation byte for
# byte: on the committed sample logs (all files in one run, newest first)
# and on generated logs of several seeds, each as one multi-file run.
source "$(dirname "$0")/../lib.sh"
logs=("$REPO"/sample-logs/portal-a.access.log "$REPO"/sample-logs/portal-a.access.log.1.gz \
      "$REPO"/sample-logs/portal-a.access.log.2.gz "$REPO"/sample-logs/portal-b.access.log.1.gz)
collect -q -d s.db "${logs[@]}" 2>/dev/null
report daily -d s.db > mine.csv
reference "${logs[@]}" > ref.csv
[ "$(wc -l < ref.csv)" -gt 50 ] || fail "reference produced too few rows"
cmp mine.csv ref.csv || { diff mine.csv ref.csv | head; fail "sample logs differ from the reference"; }
for seed in 11 12 13; do
    genlog --seed $seed --lines 20000 --days 2 --start 2024-05-01 > a.log
    genlog --seed $((seed + 100)) --lines 8000 --days 2 --start 2024-05-01 --server 1 --gzip > b.log.gz
    rm -f g.db*
    collect -q -d g.db b.log.gz a.log 2>/dev/null
    report daily -d g.db > mine.csv
    reference b.log.gz a.log > ref.csv
    cmp mine.csv ref.csv || { diff mine.csv ref.csv | head; fail "seed $seed differs from the reference"; }
done
# the same numbers with any --jobs (inflate threads) and inflater
for jobs in 0 1 4; do
    rm -f j.db*
    collect -q -j $jobs -d j.db b.log.gz a.log 2>/dev/null
    report daily -d j.db | cmp -s - ref.csv || fail "--jobs $jobs differs"
done
rm -f z.db*
ODSTAT_INFLATE=zlib collect -q -d z.db b.log.gz a.log 2>/dev/null
report daily -d z.db | cmp -s - ref.csv || fail "the zlib inflater differs"
