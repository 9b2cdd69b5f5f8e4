# "-" reads stdin (plain or gzip); --quiet leaves only errors and the
# summary line; without a TTY there is no progress output either.
source "$(dirname "$0")/../lib.sh"
line='203.0.113.5 - - [01/Mar/2024:10:00:00 +0800] "GET /dataset/6564 HTTP/1.1" 200 1 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
printf '%s\n' "$line" | gzip -c | collect -d s.db - 2> err || fail "stdin gzip failed"
[ "$(report daily -d s.db | tail -n 1)" = "2024-03-01,6564,1,0,1,0,1,0,0,0,0" ] || fail "stdin not counted"
printf '%s\n' "$line" | collect -q -d s.db - 2> err || fail "stdin plain failed"
[ "$(wc -l < err)" -eq 1 ] || { cat err; fail "quiet run printed more than the summary"; }
grep -q '^odstat-collect: 1 files (0 counted before), 0 lines' err || { cat err; fail "same content on stdin was counted again"; }
grep -q 'lines/s$' err || fail "summary line missing"
