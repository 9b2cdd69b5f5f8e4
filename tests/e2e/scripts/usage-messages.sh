# Usage errors that used to pass in silence (issue 15), each with its exit
# code and nothing changed: --client-ip xff with a format that has no
# X-Forwarded-For field, --catalog given twice, a status= outside 100-599.
source "$(dirname "$0")/../lib.sh"
fx="$REPO/tests/e2e/formats"
expect_exit 2 collect -q -d x.db --client-ip xff "$fx/requests.combined.log"
expect_err "--client-ip xff: log format 'combined' has no X-Forwarded-For field"
expect_exit 2 collect -q -d x.db -f alb --client-ip xff "$fx/requests.alb.log"
expect_err "log format 'alb' has no X-Forwarded-For field"
[ ! -e x.db ] || fail "a usage error left a database behind"
# formats that carry the field are fine
expect_exit 0 collect -q -d j.db -f json --client-ip xff "$fx/requests.json.log"
expect_exit 0 collect -q -d w.db -f w3c --client-ip xff "$fx/requests.w3c.log"
cat=$(ls "$REPO"/tests/fixtures/catalog/*.csv | head -n 1)
expect_exit 2 collect -q -d c.db --catalog "$cat" --catalog "$cat"
expect_err "--catalog given twice"
printf 'view /dataset/{id} status=200,700\n' > bad.rules
expect_exit 2 collect -q -d r.db -r bad.rules "$fx/requests.combined.log"
expect_err "status= takes status codes 100–599 separated by commas"
