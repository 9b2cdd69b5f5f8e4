# Logs compressed with gzip, bzip2, xz and zstd are read directly, known by
# their first bytes whatever their names: the same numbers as the plain
# log; a file counted in part while plain is resumed once compressed
# (logrotate); a compressed file read before is skipped; a cut file counts
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
    if [ "$c" = bzip2 ]; then   # bzip2 does not say its length: read to the end
        expect_err " 0 lines, 0 events"
    else                        # the others do (zstd when it knew the size): not decompressed again
        expect_err "'access.log.1.$c' was counted before; nothing new"
    fi
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
# damage in the middle: an error naming the file, exit 1, no crash
cp big.xz bad.xz
printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' | dd of=bad.xz bs=1 seek=2000 conv=notrunc 2>/dev/null
expect_exit 1 collect -q -d bad.db bad.xz
expect_err "cannot read 'bad.xz' after"
