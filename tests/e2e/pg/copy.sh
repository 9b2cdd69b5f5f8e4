# odstat-collect --copy-from moves a SQLite database into an empty
# PostgreSQL one: every report is the same after the copy, and collecting
# goes on from there exactly as it would have in the SQLite file (the
# secret, state and resume points came along). A database that holds data
# already is refused (exit 2) and left alone.
source "$(dirname "$0")/lib.sh"
genlog --seed 41 --lines 60000 --days 4 > a.log
head -n 40000 a.log > a1.log
genlog --seed 42 --lines 20000 --days 4 --server 1 > b.log
collect -q -d s.db --catalog "$REPO/sample-logs/catalog.csv" a1.log 2>/dev/null || fail "collect a1"
collect -q -d s.db --site b b.log 2>/dev/null || fail "collect site b"
db=$(newdb)
expect_exit 0 collect -d "$db" --copy-from s.db
expect_err "copied 's.db'"
for r in daily top publishers badges countries "trend --interval day" summary; do
    cmp <(report $r -d s.db) <(report $r -d "$db") || fail "'$r' differs after the copy"
done
cmp <(report ingests -d s.db) <(report ingests -d "$db") || fail "ingests differ after the copy"
# go on: the whole of a.log (its first 40000 lines were counted before)
collect -q -d s.db a.log 2>/dev/null || fail "collect a on SQLite"
collect -q -d "$db" a.log 2>/dev/null || fail "collect a on PostgreSQL"
cmp <(report daily -d s.db) <(report daily -d "$db") || fail "collecting after the copy differs"
expect_exit 2 collect -d "$db" --copy-from s.db
expect_err "already holds data"
cmp <(report daily -d s.db) <(report daily -d "$db") || fail "a refused copy changed the database"
