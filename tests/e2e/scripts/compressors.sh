# Logs compressed with gzip, bzip2, xz and zstd are read directly, known by
# their first bytes whatever their names: the same numbers as the plain
# log; a file counted in part while plain is resumed once compressed
# (logrotate); a compressed file read before is skipped, a .bz2 by its
# size when read whole; a cut file counts
# what comes before the cut and says so (exit 1); stdin works too.
source "$(dirname "$0")/../lib.sh"
fx="$REPO/tests/e2e/formats"
for c in gzip bzip2 xz zstd; do
    $c -c < "$fx/requests.combined.log" > "log.$c"
    expect_exit 0 collect -d "w-$c.db" "log.$c"
    report daily -d "w-$c.db" | cmp -s - "$fx/expected.csv" || fail "$c: numbers differ"
    # rotation: 10 lines counted plain, then the whole log compressed
    head -n 10 "$fx/requests.combined.log" > access.log
    expect_exit 0 collect -d "r-$c.db" access.log
    cp "$fx/requests.combined.log" access.log   # the log grew, then was rotated
    $c -c access.log > "access.log.1.$c"
    rm access.log
    expect_exit 0 collect -d "r-$c.db" "access.log.1.$c"
    expect_err "'access.log.1.$c': resuming after"
    report daily -d "r-$c.db" | cmp -s - "$fx/expected.csv" || fail "$c: resumed numbers differ"
    expect_exit 0 collect -d "r-$c.db" "access.log.1.$c"
    # known without decompressing: by the length gzip, xz and zstd (when it
    # knew the size) say, by its size when read whole for bzip2
    expect_err "'access.log.1.$c' was counted before; nothing new"
    report daily -d "r-$c.db" | cmp -s - "$fx/expected.csv" || fail "$c: counted twice"
    # stdin
    $c -c < "$fx/requests.combined.log" | collect -q -d "s-$c.db" - 2> err || { cat err; fail "$c on stdin"; }
    report daily -d "s-$c.db" | cmp -s - "$fx/expected.csv" || fail "$c: stdin numbers differ"
done
# a cut file: what comes before the cut counts, exit 1, the reason named
genlog --seed 3 --lines 20000 --days 1 > big.log
for c in gzip bzip2 xz zstd; do
    $c -c < big.log > "big.$c"
    head -c $(( $(stat -c %s "big.$c") / 2 )) "big.$c" > "cut.$c"
    expect_exit 1 collect -q -d "c-$c.db" "cut.$c"
    expect_err "cannot read 'cut.$c' after"
    expect_err "unexpected end of file (truncated file?)"
    n=$(report daily -d "c-$c.db" | wc -l)
    [ "$n" -gt 1 ] || fail "$c: nothing before the cut was counted"
done
# a .bz2 read whole is not decompressed again while it has that size: a
# damaged end (same size) is not even read; one that grew (a stream
# appended) is read on from where it was counted
bzip2 -1 -c < big.log > whole.bz2   # blocks of 100 kB: the damage is in the last
expect_exit 0 collect -d z.db whole.bz2
cp whole.bz2 grown.bz2
printf 'XXXXXXXX' | dd of=whole.bz2 bs=1 seek=$(( $(stat -c %s whole.bz2) - 12 )) conv=notrunc 2>/dev/null
expect_exit 0 collect -d z.db whole.bz2
expect_err "'whole.bz2' was counted before; nothing new"
! bzip2 -t whole.bz2 2>/dev/null || fail "the damage did not damage"
tail -n 5 "$fx/requests.combined.log" > more.log
bzip2 -c more.log >> grown.bz2
expect_exit 0 collect -d z.db grown.bz2
expect_err "'grown.bz2': resuming after"
cat big.log more.log > grown.log
collect -q -d plain.db grown.log 2>/dev/null || fail "the grown log, plain"
cmp -s <(report daily -d z.db) <(report daily -d plain.db) || fail "the grown .bz2 counts otherwise"
# damage in the middle: an error naming the file, exit 1, no crash
cp big.xz bad.xz
printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' | dd of=bad.xz bs=1 seek=2000 conv=notrunc 2>/dev/null
expect_exit 1 collect -q -d bad.db bad.xz
expect_err "cannot read 'bad.xz' after"
