# lib.sh - helpers sourced by tests/e2e/scripts/*.sh.
# BIN (the binaries) and REPO (the checkout) come from run-scripts.sh.
set -u
collect() { "$BIN/odstat-collect" "$@"; }
report() { "$BIN/odstat-report" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_exit CODE CMD... : runs CMD, fails unless it exits with CODE
expect_exit() {
    local want=$1; shift
    "$@" > cmd.out 2> cmd.err; local got=$?
    [ "$got" -eq "$want" ] || { cat cmd.err >&2; fail "'$*' exited $got, expected $want"; }
}
# expect_err TEXT : the last expect_exit printed TEXT on stderr
expect_err() { grep -qF -- "$1" cmd.err || { cat cmd.err >&2; fail "stderr lacks '$1'"; }; }
# genlog ARGS... : the sample-log generator, built once per script
genlog() {
    [ -x ./genlog ] || cc -std=c11 -O2 -o genlog "$REPO/sample-logs/genlog.c" -lz || fail "cannot build genlog"
    ./genlog "$@"
}
reference() { python3 "$REPO/tests/reference/odstat_ref.py" "$@"; }
# as_user CMD... : runs CMD as an unprivileged user (nobody when root;
# root reads and writes through file permissions)
as_user() {
    if [ "$(id -u)" = 0 ]; then setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
    else "$@"; fi
}
# can_mount : true when this test may mount a tmpfs in a mount namespace of
# its own (root, and a kernel or container that allows it)
can_mount() {
    [ "$(id -u)" = 0 ] &&
        unshare -m sh -c 'd=$(mktemp -d) && mount -t tmpfs tmpfs "$d" && umount "$d" && rmdir "$d"' 2> /dev/null
}
