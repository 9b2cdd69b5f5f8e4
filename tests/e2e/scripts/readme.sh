# The README's commands run as written after `make demo`. Every ```sh block
# of README.md is run, in order and in one bash (so an `export` carries on
# as in a reader's terminal), with -e and pipefail, in a directory holding
# what `make demo` leaves: demo.db made from sample-logs/ (the same command
# as the Makefile's demo target), sample-logs/ and the two programs. Blocks
# fenced without `sh` are output or config files and are not run. A block
# that cannot run here - it needs root, cron, the network, or stands for
# the reader's own files - has this line just before its fence:
#   <!-- readme-test: skip: REASON -->
# and is listed with its reason ("note:" lines) instead of run.
source "$(dirname "$0")/../lib.sh"
readme=$REPO/README.md
ln -s "$REPO/sample-logs" sample-logs
ln -s "$BIN/odstat-collect" odstat-collect
ln -s "$BIN/odstat-report" odstat-report
# what `make demo` does (Makefile, target demo)
./odstat-collect -q -d demo.db --catalog sample-logs/catalog.csv \
    sample-logs/portal-a.access.log* sample-logs/portal-b.access.log* 2> demo.err ||
    { cat demo.err; fail "the demo's collect failed"; }
# blocks/LINE.sh for each runnable block (LINE: the fence's line in README.md)
mkdir blocks
awk -v dir=blocks '
    /^<!-- readme-test: skip/ { skip = $0; next }
    !inside && /^```sh[[:space:]]*$/ {
        inside = 1; start = NR
        if (skip != "") {
            reason = skip; sub(/^<!-- readme-test: skip:? */, "", reason); sub(/ *-->.*$/, "", reason)
            if (reason == "") { print "error: README line " NR ": skip marker without a reason"; exit 1 }
            print "note: README line " NR " not run: " reason
            run = 0
        } else { run = 1; printf "" > (dir "/" NR ".sh"); count++ }
        skip = ""; next
    }
    inside && /^```/ { inside = 0; next }
    inside && run { print >> (dir "/" start ".sh"); next }
    { if ($0 !~ /^[[:space:]]*$/) skip = "" }
    END { if (inside) { print "error: README line " start ": block not closed"; exit 1 }
          print "runnable blocks: " count }
' "$readme" > blocks.list || { cat blocks.list; fail "cannot read the README's blocks"; }
grep '^note:' blocks.list
n=$(sed -n 's/^runnable blocks: //p' blocks.list)
[ "${n:-0}" -ge 5 ] || { cat blocks.list; fail "found only ${n:-0} runnable blocks"; }
# one driver: each block sourced in turn; the first failure names its line
{
    echo 'set -eE -o pipefail'
    echo 'trap '\''echo "README block at line $BLOCK failed at: $BASH_COMMAND" >&2'\'' ERR'
    for f in $(ls blocks | sort -n); do
        echo "BLOCK=${f%.sh}; echo \"== README line \$BLOCK\"; source blocks/$f"
    done
} > driver.sh
env -u ODSTAT_DB bash driver.sh > run.out 2> run.err ||
    { tail -n 20 run.err; fail "a README command failed (blocks are in blocks/, by line)"; }
! grep -q "error:" run.err || { grep "error:" run.err; fail "a README command printed an error"; }
# what the examples made is there: the catalog sample and the pack
[ -s portal.db ] || fail "the catalog example made no portal.db"
[ -s pack/index.html ] || fail "the deck example made no pack"
