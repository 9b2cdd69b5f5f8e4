# A plain file's last line without a newline: a whole line is counted (a
# log written without a final newline); a half-written one waits for the
# next run; a counted line that grows later (nginx appending a field) is
# not read a second time. Every step equals one run of the reference over
# the file as it is.
source "$(dirname "$0")/../lib.sh"
ua='"Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
l() { printf '203.0.113.%d - - [01/Mar/2024:10:%02d:00 +0800] "GET /dataset/%s HTTP/1.1" 200 1 "-" %s' "$1" "$1" "$2" "$ua"; }
step() {   # step NAME: the database equals the reference over x.log
    collect -q -d x.db x.log 2>/dev/null || fail "$1: collect failed"
    report daily -d x.db | cmp -s - <(reference x.log) || {
        diff <(report daily -d x.db) <(reference x.log); fail "$1 differs"; }
}
{ l 1 a; echo; l 2 b; } > x.log                       # no final newline
step "whole last line"
[ "$(report daily -d x.db | grep -c ',b,')" = 1 ] || fail "the last line was not counted"
printf ' "10.9.9.9"\n' >> x.log                       # the counted line grows
{ l 3 c; echo; l 4 d | head -c 50; } >> x.log         # and a half-written line
collect -q -d x.db x.log 2>/dev/null
[ "$(report daily -d x.db | grep -c ',d,')" = 0 ] || fail "a half-written line was counted"
[ "$(report daily -d x.db | grep -c ',b,')" = 1 ] || fail "the grown line was counted again"
{ l 4 d | tail -c +51; echo; } >> x.log               # the line is finished
step "finished line"
# a last line that never parses: even with -q the summary says it waits,
# and on which file
printf 'half a line without' > y.log
expect_exit 0 collect -q -d y.db y.log
expect_err "1 last line waiting for a newline ('y.log')"
