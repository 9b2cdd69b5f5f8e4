# More files than the open-file limit (issue 16): with 10,000 files and
# `ulimit -n 256` every file is read and the run completes, and so does the
# run after it. Then files whose lines interleave in time (so the merge
# needs all of them at once), compressed in every kind, under a limit far
# below their number: each is closed and opened again many times and the
# numbers are those of a run without a limit.
source "$(dirname "$0")/../lib.sh"
mkdir logs
python3 - <<'PY'
for i in range(10000):
    h, m = divmod(i, 60)
    with open(f"logs/a{i:05d}.log", "w") as f:
        f.write(f'203.0.113.{i % 250} - - [{1 + h // 1440:02d}/Mar/2024:{h // 60 % 24:02d}:'
                f'{h % 60:02d}:{m:02d} +0000] "GET /dataset/{i % 7} HTTP/1.1" 200 5 "-" '
                f'"Mozilla/5.0 (X11) u{i}"\n')
PY
(ulimit -n 256; collect -q -d many.db logs/*.log) 2> err || { tail -3 err; fail "10,000 files under ulimit -n 256 did not complete"; }
grep -q "10000 files" err || { cat err; fail "not every file was read"; }
views=$(report daily -d many.db | awk -F, 'NR > 1 { s += $3 } END { print s }')
[ "$views" = 10000 ] || fail "10,000 views expected, got $views"
(ulimit -n 256; collect -q -d many.db logs/*.log) 2> err || { tail -3 err; fail "the rerun did not complete"; }
grep -q " 0 events" err || { cat err; fail "the rerun counted again"; }
rm -rf logs

# 120 files, each a server's lines of the same hours; 30 descriptors
mkdir mixed
for s in $(seq 0 119); do
    genlog --seed $((s + 1)) --lines 300 --days 1 --server $((s % 2)) > "mixed/s$s.log"
    case $((s % 5)) in
        1) gzip "mixed/s$s.log" ;;
        2) bzip2 "mixed/s$s.log" ;;
        3) xz "mixed/s$s.log" ;;
        4) zstd -q --rm "mixed/s$s.log" ;;
    esac
done
collect -q -j 1 -d free.db mixed/* 2> err || { cat err; fail "the run without a limit failed"; }
(ulimit -n 94; collect -q -j 1 -d tight.db mixed/*) 2> err || { tail -3 err; fail "the run under ulimit -n 94 failed"; }
cmp -s <(report daily -d free.db) <(report daily -d tight.db) || fail "closing and reopening files changed the numbers"
# with many parse threads too (-j 30 under 40 descriptors), threads that
# read files give them back to each other
(ulimit -n 40; collect -q -j 30 -d threads.db mixed/*) 2> err || { tail -3 err; fail "-j 30 under ulimit -n 40 failed"; }
cmp -s <(report daily -d free.db) <(report daily -d threads.db) || fail "-j 30 under a limit changed the numbers"
