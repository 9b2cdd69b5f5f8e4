#!/usr/bin/env bash
# run-cases.sh - run the end-to-end cases in tests/e2e/cases against built binaries.
#
# usage: tests/e2e/run-cases.sh BINDIR [CASE...]
#
# BINDIR holds odstat-collect and odstat-report.  Without CASE arguments every
# directory under cases/ is run, in byte order of its name; with them, only the
# named cases.  See tests/e2e/README.md for the layout of a case.
#
# For each case: copy the case directory into a fresh scratch directory (so
# generated files never land in the source tree), run ./generate there if the
# case has one, then run every line of `runs` as
#     BINDIR/odstat-collect -q -d SCRATCH/odstat.db <line>
# with the copy as working directory, then
#     BINDIR/odstat-report daily --format csv -d SCRATCH/odstat.db [report-args]
# and compare its standard output byte for byte with expected.csv.  The last
# collector run must exit with the code in `expected-exit` (default 0), every
# earlier run with 0, and the report with 0.
#
# With ODSTAT_E2E_DB set to a PostgreSQL URI, every case runs against that
# database instead of a scratch SQLite file; it is emptied (DROP SCHEMA
# public CASCADE) before each case, so give a database of its own.
#
# Output is TAP-like: "ok N - name" / "not ok N - name" with "# " diagnostics,
# then a last line "P passed, F failed".  Exit status: 0 all passed, 1 some
# case failed, 2 usage error.
set -u

usage() {
	echo "usage: $0 BINDIR [CASE...]" >&2
	exit 2
}

[ $# -ge 1 ] || usage
bindir=$(cd "$1" 2>/dev/null && pwd) || { echo "$0: cannot enter '$1'" >&2; exit 2; }
shift
for prog in odstat-collect odstat-report; do
	if [ ! -x "$bindir/$prog" ]; then
		echo "$0: '$bindir/$prog' is missing or not executable" >&2
		exit 2
	fi
done

here=$(cd "$(dirname "$0")" && pwd)
casedir=$here/cases
unset ODSTAT_DB
pg_db=${ODSTAT_E2E_DB:-}
unset ODSTAT_E2E_DB

# Seconds a single program run may take before it counts as hung.
limit=${ODSTAT_E2E_TIMEOUT:-120}
if command -v timeout >/dev/null 2>&1; then
	limited() { timeout "$limit" "$@"; }
else
	limited() { "$@"; }
fi

if [ $# -gt 0 ]; then
	names=("$@")
else
	names=()
	while IFS= read -r n; do
		names+=("$n")
	done < <(for d in "$casedir"/*/; do basename "$d"; done | LC_ALL=C sort)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/odstat-e2e.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# Print a file's lines as TAP diagnostics ("# ..."), at most $2 lines.
diag_file() {
	[ -s "$1" ] || return 0
	head -n "$2" "$1" | sed 's/^/    /'
}

# run_case NAME SCRATCH: run one case; prints reasons for failure on stdout
# (one per line) and returns 1 if it failed.
run_case() {
	local name=$1 scratch=$2
	local src=$casedir/$name dir=$scratch/case db=$scratch/odstat.db
	local failed=0 line k=0 nruns=0 rc last_rc=0 want_rc=0
	local -a args rargs

	if [ ! -d "$src" ]; then echo "no such case '$name'"; return 1; fi
	if [ ! -f "$src/runs" ]; then echo "case has no 'runs' file"; return 1; fi
	if [ ! -f "$src/expected.csv" ]; then echo "case has no 'expected.csv' file"; return 1; fi
	cp -R "$src" "$dir" || { echo "cannot copy case"; return 1; }
	if [ -n "$pg_db" ]; then
		db=$pg_db
		psql -q -X "$db" -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public' >/dev/null 2>&1 \
			|| { echo "cannot empty '$db'"; return 1; }
	fi

	if [ -f "$dir/generate" ]; then
		if ! (cd "$dir" && limited sh ./generate) >"$scratch/generate.out" 2>&1; then
			echo "generate failed:"
			diag_file "$scratch/generate.out" 20
			return 1
		fi
	fi

	if [ -f "$dir/expected-exit" ]; then
		read -r want_rc <"$dir/expected-exit"
	fi

	# Count the runs first, so we know which one is the last.
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in '' | '#'*) continue ;; esac
		nruns=$((nruns + 1))
	done <"$dir/runs"
	if [ "$nruns" -eq 0 ]; then echo "'runs' has no run"; return 1; fi

	while IFS= read -r line || [ -n "$line" ]; do
		case $line in '' | '#'*) continue ;; esac
		k=$((k + 1))
		set -f
		read -r -a args <<<"$line"
		set +f
		echo "\$ odstat-collect -q -d DB $line" >>"$scratch/collect.out"
		(cd "$dir" && limited "$bindir/odstat-collect" -q -d "$db" ${args[@]+"${args[@]}"}) \
			>>"$scratch/collect.out" 2>&1 </dev/null
		rc=$?
		echo "[exit $rc]" >>"$scratch/collect.out"
		if [ "$k" -lt "$nruns" ] && [ "$rc" -ne 0 ]; then
			echo "run $k ($line) exited $rc, expected 0"
			failed=1
		fi
		last_rc=$rc
	done <"$dir/runs"
	if [ "$last_rc" != "$want_rc" ]; then
		echo "last run exited $last_rc, expected $want_rc"
		failed=1
	fi

	rargs=()
	if [ -f "$dir/report-args" ]; then
		set -f
		read -r -d '' -a rargs <"$dir/report-args"
		set +f
	fi
	(cd "$dir" && limited "$bindir/odstat-report" daily --format csv -d "$db" ${rargs[@]+"${rargs[@]}"}) \
		>"$scratch/actual.csv" 2>"$scratch/report.err" </dev/null
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "odstat-report exited $rc:"
		diag_file "$scratch/report.err" 10
		failed=1
	fi
	if ! cmp -s "$dir/expected.csv" "$scratch/actual.csv"; then
		echo "report differs from expected.csv (diff -u expected actual):"
		diff -u "$dir/expected.csv" "$scratch/actual.csv" | sed '1,2d' | head -n 60 | sed 's/^/  /'
		failed=1
	fi
	if [ "$failed" -ne 0 ]; then
		echo "collector output:"
		diag_file "$scratch/collect.out" 30
	fi
	return "$failed"
}

echo "1..${#names[@]}"
n=0 passed=0 failed=0
for name in "${names[@]}"; do
	n=$((n + 1))
	scratch=$work/$n
	mkdir "$scratch"
	if run_case "$name" "$scratch" >"$scratch/why" 2>&1; then
		echo "ok $n - $name"
		passed=$((passed + 1))
	else
		echo "not ok $n - $name"
		sed 's/^/# /' "$scratch/why"
		failed=$((failed + 1))
	fi
	rm -rf "$scratch"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
