#!/usr/bin/env bash
# run-pg.sh BINDIR - the end-to-end tests on PostgreSQL: starts a throwaway
# cluster (tests/e2e/pg.sh), runs every case of cases/ against it
# (run-cases.sh with ODSTAT_E2E_DB), then every pg/*.sh script, which
# compares both engines or tests what only a server does. Without a
# server it says why and passes, unless ODSTAT_REQUIRE_PG=1 (CI), where
# that is a failure.
set -u
bindir=$(cd "${1:?usage: run-pg.sh BINDIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
source "$here/pg.sh"
if ! pg_start; then
    if [ "${ODSTAT_REQUIRE_PG:-0}" = 1 ]; then
        echo "not ok - PostgreSQL tests: no server could be started: $pg_why"
        exit 1
    fi
    echo "ok - PostgreSQL tests # SKIP no server could be started: $pg_why"
    exit 0
fi
trap pg_stop EXIT
export pg_dir pg_user pg_bin
fail=0
echo "== the cases on PostgreSQL"
uri=$(pg_newdb odstat_cases) || exit 1
cases=$(mktemp)
ODSTAT_E2E_DB=$uri bash "$here/run-cases.sh" "$bindir" > "$cases" || fail=1
grep -v '^ok' "$cases"
rm -f "$cases"
if [ -n "${ODSTAT_TEST_DBI:-}" ]; then   # the unit test of dbi, on this server
    echo "== test_dbi on PostgreSQL"
    uri=$(pg_newdb odstat_dbi) || exit 1
    (cd "$here/../unit" && ODSTAT_TEST_PG_URI=$uri "$ODSTAT_TEST_DBI" > /dev/null 2>&1) \
        && echo "ok - test_dbi" || { echo "not ok - test_dbi"; fail=1; }
fi
echo "== scripts on PostgreSQL"
pass=0 n=0 failed=0
for script in "$here"/pg/*.sh; do
    [ "$(basename "$script")" = lib.sh ] && continue
    n=$((n + 1))
    name=$(basename "$script" .sh)
    work=$(mktemp -d)
    chmod 755 "$work"
    if out=$(cd "$work" && BIN="$bindir" REPO="$repo" bash "$script" 2>&1); then
        echo "ok $n - $name"
        pass=$((pass + 1))
    else
        echo "not ok $n - $name"
        printf '%s\n' "$out" | tail -n 40 | sed 's/^/#   /'
        failed=$((failed + 1))
    fi
    rm -rf "$work"
done
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$fail" -eq 0 ]
