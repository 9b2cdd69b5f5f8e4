# make check passes without a pseudo-terminal (chroots, some CI): the one
# test that needs a terminal says so and skips that part. Run here with
# /dev/pts hidden in a mount namespace; needs root, else skipped itself.
source "$(dirname "$0")/../lib.sh"
if ! can_mount; then
    echo "note: not tested: hiding /dev/pts needs root and mount namespaces"
    exit 0
fi
unshare -m bash -c 'mount -t tmpfs tmpfs /dev/pts && bash "$1"' _ \
    "$REPO/tests/e2e/scripts/stdin-and-quiet.sh" > out 2>&1 || { cat out; fail "failed without a terminal"; }
grep -q "^note: progress on a terminal not tested: no pseudo-terminal" out || { cat out; fail "no skip message"; }
