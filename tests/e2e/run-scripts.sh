#!/usr/bin/env bash
# run-scripts.sh BINDIR - runs every tests/e2e/scripts/*.sh against the
# binaries in BINDIR. Each script is one behaviour: it exits 0 when the
# behaviour holds and prints why not otherwise; a line "note: ..." of a
# passing script (a part skipped for want of root or a terminal) is shown.
# Output is TAP-like and ends with "N passed, M failed".
set -u
bindir=$(cd "${1:?usage: run-scripts.sh BINDIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
pass=0 fail=0 n=0
for script in "$here"/scripts/*.sh; do
    n=$((n + 1))
    name=$(basename "$script" .sh)
    # a script with the line "# e2e: not in make test" is not enabled yet
    if grep -q '^# e2e: not in make test' "$script"; then
        echo "ok $n - $name # SKIP not enabled yet (run it alone)"
        continue
    fi
    work=$(mktemp -d)
    if out=$(cd "$work" && BIN="$bindir" REPO="$repo" bash "$script" 2>&1); then
        echo "ok $n - $name"
        printf '%s\n' "$out" | grep '^note:' | sed 's/^/#   /'   # what was skipped, and why
        pass=$((pass + 1))
    else
        echo "not ok $n - $name"
        printf '%s\n' "$out" | tail -n 40 | sed 's/^/#   /'
        fail=$((fail + 1))
    fi
    rm -rf "$work"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
