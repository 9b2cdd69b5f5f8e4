# pg/lib.sh - for tests/e2e/pg/*.sh: lib.sh plus a new database per call.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../pg.sh"
# newdb: a new empty PostgreSQL database; prints its URI
newdb() {
    local name="t_$(date +%s%N)_$RANDOM"
    pg_newdb "$name" || fail "cannot create database $name"
}
