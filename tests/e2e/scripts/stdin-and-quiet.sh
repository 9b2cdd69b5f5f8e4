# "-" reads stdin (plain or gzip); --quiet leaves only errors and the
# summary line; without a TTY there is no progress output either.
source "$(dirname "$0")/../lib.sh"
line='203.0.113.5 - - [01/Mar/2024:10:00:00 +0800] "GET /dataset/6564 HTTP/1.1" 200 1 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
printf '%s\n' "$line" | gzip -c | collect -d s.db - 2> err || fail "stdin gzip failed"
[ "$(report daily -d s.db | tail -n 1)" = "2024-03-01,6564,1,0,1,0,1,0,0,0,0" ] || fail "stdin not counted"
printf '%s\n' "$line" | collect -q -d s.db - 2> err || fail "stdin plain failed"
[ "$(wc -l < err)" -eq 1 ] || { cat err; fail "quiet run printed more than the summary"; }
grep -q '^odstat-collect: 1 files (1 counted before), 0 lines' err || { cat err; fail "same content on stdin was counted again"; }
grep -q 'lines/s$' err || fail "summary line missing"
# progress (rate, percentage, time left) only on a terminal: under cron
# (stderr not a TTY) a run prints no progress, with or without --quiet
command -v script > /dev/null || fail "script(1) missing (util-linux)"
genlog --seed 2 --lines 300000 --days 2 --gzip > big.log.gz
collect -d p1.db big.log.gz 2> err || fail "collect failed"
! grep -q $'\r' err || fail "progress written although stderr is not a terminal"
# the terminal half needs a pseudo-terminal, which chroots and some CI lack
if ! script -qc true /dev/null < /dev/null > /dev/null 2>&1; then
    echo "note: progress on a terminal not tested: no pseudo-terminal here (script(1) fails)"
    exit 0
fi
script -qc "$BIN/odstat-collect -d p2.db big.log.gz" /dev/null > tty.out < /dev/null || fail "run on a tty failed"
grep -q 'lines/s, [0-9]*%, eta' tty.out || { cat -v tty.out | head; fail "no progress on a terminal"; }
