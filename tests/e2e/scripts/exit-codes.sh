# SPEC §5 exit codes: 0 ok, 1 unreadable input (rest counted), 2 usage or
# configuration, 3 database error.
source "$(dirname "$0")/../lib.sh"
line='203.0.113.5 - - [01/Mar/2024:10:00:00 +0800] "GET /dataset/6564 HTTP/1.1" 200 1 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
echo "$line" > ok.log
expect_exit 0 collect -q -d a.db ok.log
expect_exit 2 collect -q -d a.db --no-such-option ok.log
expect_exit 2 collect -q -d a.db
expect_exit 2 collect -q -d a.db -f nonsense ok.log
printf 'view /dataset/{id}\nbogus line here\n' > bad.rules
expect_exit 2 collect -q -d a.db -r bad.rules ok.log
expect_err "'bad.rules':2"
expect_exit 2 collect -q -d a.db -r missing.rules ok.log
printf '(unclosed\n' > bad.list
expect_exit 2 collect -q -d a.db --robots bad.list ok.log
expect_err "'bad.list':1"
# a missing file: the others are still counted, exit 1
echo "${line/10:00:00/11:00:00}" > ok2.log
expect_exit 1 collect -q -d b.db nothere.log ok2.log
expect_err "cannot open 'nothere.log'"
[ "$(report daily -d b.db | tail -n 1 | cut -d, -f3)" = 1 ] || fail "ok2.log not counted"
expect_exit 1 collect -q -d b.db .
expect_err "is a directory"
# a database that cannot be opened or written
mkdir dbdir
expect_exit 3 collect -q -d dbdir ok.log
echo "not a database, just text that is long enough to not look like one......" > junk.db
expect_exit 3 collect -q -d junk.db ok.log
# reports: unknown command, missing database, bad dates
expect_exit 2 report nosuchcommand
expect_exit 2 report daily -d nothere.db
expect_err "no database at 'nothere.db'"
expect_exit 2 report daily -d a.db --from 2024-02-30
expect_exit 2 report daily -d a.db --from 2024-03-02 --to 2024-03-01
expect_exit 0 report daily -d a.db --period 2024-03
