# Bad input never crashes and never loses the good lines around it: a 10 MB
# line, binary garbage, invalid UTF-8, NUL bytes, a corrupt and a truncated
# gzip, an empty file. Each is counted as rejected with a reason.
source "$(dirname "$0")/../lib.sh"
good() { printf '203.0.113.%d - - [01/Mar/2024:10:%02d:00 +0800] "GET /dataset/%s HTTP/1.1" 200 1 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"\n' "$1" "$2" "$3"; }
{
    good 1 0 a
    head -c 10485760 /dev/zero | tr '\0' 'x'; echo          # 10 MB line
    good 2 1 a
    head -c 3000 /dev/urandom | tr -d '\n'; echo            # garbage
    printf '203.0.113.3 - - [01/Mar/2024:10:02:00 +0800] "GET /dataset/\xff\xfe HTTP/1.1" 200 1 "-" "\xc3\x28"\n'
    printf 'abc\0def\n'
    good 4 3 b
} > bad.log
expect_exit 0 collect -d x.db bad.log
grep -q "too long 1" cmd.err || fail "the 10 MB line was not rejected as too long"
grep -q "'bad.log':2: rejected line (too long)" cmd.err || fail "no message naming file and line"
want='2024-03-01,a,2,0,2,0,2,0,0,0,0
2024-03-01,b,1,0,1,0,1,0,0,0,0'
[ "$(report daily -d x.db | tail -n +2)" = "$want" ] || { report daily -d x.db; fail "good lines lost"; }
# gzip: truncated and corrupt; lines before the damage count, exit 1
for i in $(seq 0 59); do good 9 $i c; done > g.log
gzip -c g.log > g.log.gz
head -c $(( $(stat -c %s g.log.gz) * 2 / 3 )) g.log.gz > trunc.gz
expect_exit 1 collect -q -d t.db trunc.gz
expect_err "'trunc.gz'"
n=$(report daily -d t.db | tail -n 1 | cut -d, -f3)
[ "$n" -ge 1 ] || fail "nothing before the truncation was counted"
cp g.log.gz corrupt.gz
printf 'XXXXXXXXXXXXXXXX' | dd of=corrupt.gz bs=1 seek=40 conv=notrunc 2>/dev/null
expect_exit 1 collect -q -d k.db corrupt.gz
: > empty.log
expect_exit 0 collect -q -d e.db empty.log
