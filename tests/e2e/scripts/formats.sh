# Every log format gives the same daily CSV for the same requests
# (tests/e2e/formats/README.md works out expected.csv by hand); `common`
# has no user agent, so robots and scripts count as people there
# (expected.common.csv). -f auto finds each format by itself.
source "$(dirname "$0")/../lib.sh"
fx="$REPO/tests/e2e/formats"
run_format() {   # run_format NAME FORMAT FILE EXPECTED
    rm -f "f-$1.db"*
    collect -q -d "f-$1.db" -f "$2" "$fx/$3" 2> err || { cat err; fail "$1: collect failed"; }
    report daily -d "f-$1.db" | cmp -s - "$fx/$4" || {
        diff <(report daily -d "f-$1.db") "$fx/$4" | head; fail "$1 differs from $4"; }
}
run_format combined combined requests.combined.log expected.csv
run_format vhost vhost_combined requests.vhost.log expected.csv
run_format w3c w3c requests.w3c.log expected.csv
run_format json json requests.json.log expected.csv
run_format custom "$(cat "$fx/requests.custom.fmt")" requests.custom.log expected.csv
run_format common common requests.common.log expected.common.csv
for f in combined vhost w3c json; do
    rm -f a.db*
    collect -d a.db -f auto "$fx/requests.$f.log" 2> err || { cat err; fail "auto $f failed"; }
    grep -q "log format" err || { cat err; fail "auto did not say which format it chose for $f"; }
    report daily -d a.db | cmp -s - "$fx/expected.csv" || fail "auto on $f differs"
done
# W3C resumed after a mid-file #Fields change, in three runs
total=$(wc -l < "$fx/requests.w3c.log")
for cut in 3 $((total / 2)) $((total - 2)); do
    rm -f w.db* part.log
    head -n "$cut" "$fx/requests.w3c.log" > part.log
    collect -q -d w.db -f w3c part.log 2>/dev/null
    cp "$fx/requests.w3c.log" part.log
    collect -q -d w.db -f w3c part.log 2>/dev/null
    report daily -d w.db | cmp -s - "$fx/expected.csv" || fail "w3c resumed after line $cut differs"
done
expect_exit 2 collect -q -d x.db -f '%h %Q' "$fx/requests.combined.log"
# auto on a file no format fits: a clear error, exit 1, the other file counted
head -c 3000 /dev/urandom | base64 > noise.log
expect_exit 1 collect -q -d n.db -f auto noise.log "$fx/requests.combined.log"
expect_err "'noise.log': no known log format fits"
report daily -d n.db | cmp -s - "$fx/expected.csv" || fail "the good file was not counted"
