# odstat-report counter: the COUNTER dataset report (DSR rd1) of a
# hand-worked month (tests/e2e/counter/README.md explains every number),
# schema validation of it, of the demo data's month and of an empty month,
# totals equal to daily's sums, filters, gzip, DOIs from CKAN, and the
# periods and options it refuses.
source "$(dirname "$0")/../lib.sh"
dir="$REPO/tests/e2e/counter"
check() { python3 "$dir/check.py" "$@"; }
version=$(sed -n 's/^#define ODSTAT_VERSION "\(.*\)"$/\1/p' "$REPO/common/version.h")
[ -n "$version" ] || fail "no ODSTAT_VERSION in common/version.h"
geo="$REPO/tests/fixtures/geo/geolite2-layout.mmdb"
dsr() { report counter --platform data.example.org --today 2024-04-02 "$@"; }

# the hand-worked month
collect -q -g "$geo" -d m.db --catalog "$dir/catalog.csv" "$dir/month.log" 2>/dev/null ||
    fail "collect of the month failed"
dsr -d m.db --period 2024-03 > m.json || fail "counter failed"
sed "s/@VERSION@/$version/" "$dir/expected.json" > expected.json
check equal m.json expected.json || fail "the month's report is not the hand-worked one"
check validate m.json || fail "the month's report is not valid"
check sums m.json m.db 2024-03-01 2024-03-31 || fail "the month's totals differ from daily"
# the checks can fail: a zero count, an unknown country, a lost key
for edit in 'i["count"] = 0' 'i["country-counts"]["zz"] = 1' 'del i["access-method"]'; do
    python3 -c "import json; d = json.load(open('m.json')); i = d['report-datasets'][0]['performance'][0]['instance'][0]; $edit; json.dump(d, open('bad.json', 'w'))"
    ! check validate bad.json 2>/dev/null || fail "validate accepts a report where $edit"
done

# two months: one performance entry per month; air-quality's February is
# month.log:1, one view from Taiwan
dsr -d m.db --from 2024-02-01 --to 2024-03-31 > fm.json || fail "two months failed"
check validate fm.json || fail "the two months' report is not valid"
check sums fm.json m.db 2024-02-01 2024-03-31 || fail "two months' totals differ from daily"
python3 - fm.json <<'EOF' || fail "two months: wrong performance entries"
import json, sys
d = json.load(open(sys.argv[1]))
aq = d["report-datasets"][0]
assert [p["period"]["begin-date"] for p in aq["performance"]] == ["2024-02-01", "2024-03-01"]
assert aq["performance"][0]["period"]["end-date"] == "2024-02-29"
assert aq["performance"][0]["instance"] == [
    {"access-method": "regular", "metric-type": "total-dataset-investigations", "count": 1, "country-counts": {"tw": 1}},
    {"access-method": "regular", "metric-type": "unique-dataset-investigations", "count": 1, "country-counts": {"tw": 1}}]
assert [len(x["performance"]) for x in d["report-datasets"]] == [2, 1, 1]
# February has logs only on the 29th
assert d["report-header"]["exceptions"][0]["data"] == \
    "no logs for 2024-02-01/2024-02-28, 2024-03-03/2024-03-04, 2024-03-06/2024-03-31"
EOF

# filters: an alias (the CKAN UUID) names its dataset; recorded as applied
dsr -d m.db --period 2024-03 --dataset 0a9e3d5c-7b21-4c6f-a8e0-5d4b2f1c3e96 --dataset school-list \
    --dataset air-quality > f.json ||
    fail "--dataset failed"
check validate f.json || fail "the filtered report is not valid"
python3 - f.json <<'EOF' || fail "--dataset: wrong datasets or filters"
import json, sys
d = json.load(open(sys.argv[1]))
assert [x["dataset-id"][0]["value"] for x in d["report-datasets"]] == ["10.5555/AQ-2024", "data.example.org:school-list"]
assert {"name": "dataset-id", "value": "air-quality|school-list"} in d["report-header"]["report-filters"]
EOF
dsr -d m.db --period 2024-03 --publisher "Transport Office" > p.json || fail "--publisher failed"
python3 - p.json <<'EOF' || fail "--publisher: wrong datasets or filters"
import json, sys
d = json.load(open(sys.argv[1]))
assert [x["dataset-title"] for x in d["report-datasets"]] == ["Bus routes"]
assert {"name": "publisher", "value": "Transport Office"} in d["report-header"]["report-filters"]
EOF

# gzipped: exception 69, the same report otherwise, the same bytes twice
dsr -d m.db --period 2024-03 -o m.json.gz || fail "-o .gz failed"
gzip -t m.json.gz || fail "m.json.gz is not gzip"
cp m.json.gz m1.json.gz
dsr -d m.db --period 2024-03 -o m.json.gz && cmp -s m.json.gz m1.json.gz || fail "gzip output differs between runs"
check validate m.json.gz || fail "the gzipped report is not valid"
python3 - m.json.gz m.json <<'EOF' || fail "gzipped report: wrong exceptions"
import gzip, json, sys
z, plain = json.load(gzip.open(sys.argv[1])), json.load(open(sys.argv[2]))
assert [e["code"] for e in z["report-header"]["exceptions"]] == [3040, 69]
z["report-header"]["exceptions"].pop()
assert z == plain
EOF

# an empty month: no datasets, every day without logs
dsr -d m.db --period 2023-12 > e.json || fail "an empty month failed"
check validate e.json || fail "the empty month's report is not valid"
python3 - e.json <<'EOF' || fail "empty month: wrong report"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["report-datasets"] == []
assert d["report-header"]["exceptions"][0]["data"] == "no logs for 2023-12-01/2023-12-31"
EOF

# the demo data (make demo): valid, totals equal daily's
collect -q -d demo.db --catalog "$REPO/sample-logs/catalog.csv" "$REPO"/sample-logs/portal-a.access.log* \
    "$REPO"/sample-logs/portal-b.access.log* 2>/dev/null || fail "collect of the demo data failed"
dsr -d demo.db --period 2024-03 > demo.json || fail "counter of the demo data failed"
check validate demo.json || fail "the demo report is not valid"
check sums demo.json demo.db 2024-03-01 2024-03-31 || fail "the demo totals differ from daily"
dsr -d demo.db --period 2024Q1 > q.json && check validate q.json || fail "the demo quarter is not valid"

# DOIs from CKAN: a top-level doi, else an extras doi, else an identifier
# extra holding one; an identifier that is no DOI is not taken
cat > ckan.json <<'EOF'
{"success": true, "result": {"count": 4, "results": [
 {"name": "top", "id": "11111111-1111-4111-8111-111111111111", "title": "T", "doi": "doi:10.1000/Top"},
 {"name": "extra", "id": "22222222-2222-4222-8222-222222222222", "title": "E",
  "extras": [{"key": "doi", "value": "https://dx.doi.org/10.1000.5/x(1)"}]},
 {"name": "ident", "id": "33333333-3333-4333-8333-333333333333", "title": "I",
  "extras": [{"key": "identifier", "value": "10.1000/ident"}]},
 {"name": "local", "id": "44444444-4444-4444-8444-444444444444", "title": "L",
  "extras": [{"key": "identifier", "value": "LOCAL-77"}]}]}}
EOF
collect -q -d c.db --catalog ckan.json 2>/dev/null || fail "CKAN import failed"
got=$(sqlite3 c.db "SELECT id || '=' || IFNULL(doi, 'NULL') FROM dataset ORDER BY id" | tr '\n' ' ')
[ "$got" = "extra=10.1000.5/x(1) ident=10.1000/ident local=NULL top=10.1000/Top " ] || fail "CKAN DOIs: $got"
# a plain CSV doi that is no DOI skips the record (exit 1)
printf 'dataset_id,doi\nx,not-a-doi\ny,10.1/y\n' > bad.csv
expect_exit 1 collect -d c.db --catalog bad.csv
expect_err "doi 'not-a-doi' is not a DOI"
[ "$(sqlite3 c.db "SELECT doi FROM dataset WHERE id = 'y'")" = 10.1/y ] || fail "CSV doi not stored"

# publisher ids from the plain CSV catalog (pubid.h): typed as COUNTER
# types them, a URN whole; an id of another kind skips the record (exit 1)
cp m.db pid.db
printf 'dataset_id,publisher_id\nair-quality,ISNI:0000000121032683; urn:oid:2.16.886.101.20003\n' > pid.csv
collect -q -d pid.db --catalog pid.csv 2>/dev/null || fail "publisher_id import failed"
dsr -d pid.db --period 2024-03 > pid.json || fail "counter with publisher ids failed"
check validate pid.json || fail "the report with publisher ids is not valid"
python3 - pid.json <<'EOF' || fail "publisher-id: wrong ids"
import json, sys
d = {x["dataset-id"][0]["value"]: x for x in json.load(open(sys.argv[1]))["report-datasets"]}
assert d["10.5555/AQ-2024"]["publisher-id"] == [
    {"type": "isni", "value": "0000000121032683"},
    {"type": "urn", "value": "urn:oid:2.16.886.101.20003"}], d
assert d["data.example.org:bus-routes"]["publisher-id"] == []
EOF
printf 'dataset_id,publisher_id\nbus-routes,ror:05abc12\n' > badpid.csv
expect_exit 1 collect -d pid.db --catalog badpid.csv
expect_err "publisher_id 'ror:05abc12' is none of"
[ "$(sqlite3 pid.db "SELECT IFNULL(publisher_id, 'NULL') FROM dataset WHERE id = 'bus-routes'")" = NULL ] ||
    fail "a bad publisher_id was stored"

# sites (SPEC §7): the month as site a, its first ten lines (Feb 29 and
# Mar 1) as site b; each site's report is its own, all sites their sum
head -n 10 "$dir/month.log" > b.log
collect -q -g "$geo" -d s.db --catalog "$dir/catalog.csv" --site a "$dir/month.log" 2>/dev/null ||
    fail "collect of site a failed"
collect -q -g "$geo" -d s.db --site b b.log 2>/dev/null || fail "collect of site b failed"
dsr -d s.db --period 2024-03 --site a > sa.json || fail "counter --site a failed"
dsr -d s.db --period 2024-03 --site b > sb.json || fail "counter --site b failed"
dsr -d s.db --period 2024-03 --site a --site b > sab.json || fail "counter --site a --site b failed"
dsr -d s.db --period 2024-03 > sall.json || fail "counter of all sites failed"
for f in sa sb sab sall; do check validate $f.json || fail "$f.json is not valid"; done
check sums sa.json s.db 2024-03-01 2024-03-31 a || fail "site a's totals differ from its daily"
check sums sb.json s.db 2024-03-01 2024-03-31 b || fail "site b's totals differ from its daily"
check sums sall.json s.db 2024-03-01 2024-03-31 || fail "all sites' totals differ from daily"
python3 - expected.json sa.json sb.json sab.json sall.json <<'EOF' || fail "--site: wrong reports"
import json, sys
want, a, b, ab, every = (json.load(open(p)) for p in sys.argv[1:])
def without(doc, value):
    doc["report-header"]["report-filters"].remove({"name": "site", "value": value})
    return doc
assert without(a, "a") == want                 # site a alone is the hand-worked month
assert without(ab, "a|b") == every             # both named = every site
assert b["report-header"]["exceptions"][0]["data"] == "no logs for 2024-03-02/2024-03-31"
assert every["report-header"]["exceptions"] == want["report-header"]["exceptions"]
EOF

# refused: not whole months, no platform, another format (exit 2)
expect_exit 2 report counter -d m.db --platform p --from 2024-03-02 --to 2024-03-31
expect_err "whole months"
expect_exit 2 report counter -d m.db --platform p --from 2024-03-01 --to 2024-03-30
expect_err "whole months"
expect_exit 2 report counter -d m.db --platform p --period all
expect_err "whole months"
expect_exit 2 report counter -d m.db --platform p
expect_err "whole months"
expect_exit 2 report counter -d m.db --period 2024-03
expect_err "--platform"
expect_exit 2 report counter -d m.db --platform p --period 2024-03 --format md
expect_err "json only"
exit 0
