# Two collectors of two sites at once, on one PostgreSQL database and on
# one SQLite file (SPEC §7): both finish; each site's reports (--site)
# equal those of its own run alone, and the all-sites report is their sum
# (that of the two collected one after the other).
source "$(dirname "$0")/lib.sh"
genlog --seed 31 --lines 150000 --days 2 > a.log
genlog --seed 32 --lines 150000 --days 2 --server 1 > b.log
collect -q -d alone-a.db --site a a.log 2>/dev/null || fail "site a alone failed"
collect -q -d alone-b.db --site b b.log 2>/dev/null || fail "site b alone failed"
collect -q -d seq.db --site a a.log 2>/dev/null || fail "site a failed"
collect -q -d seq.db --site b b.log 2>/dev/null || fail "site b failed"
report daily -d seq.db > seq.csv
month=$(sed -n '2s/^\([0-9-]\{7\}\).*/\1/p' seq.csv)
dsr="--period $month --platform p --today 2024-12-31"
unsited() {   # the COUNTER report on stdin without its site filter
    python3 -c 'import json, sys
d = json.load(sys.stdin)
d["report-header"]["report-filters"] = [f for f in d["report-header"]["report-filters"] if f["name"] != "site"]
json.dump(d, sys.stdout, indent=1)'
}
facts='^(sites|first_day|last_day|days_with_data|files_read|lines_read|collector_runs),'
for db in both.db "$(newdb)"; do
    collect -q --batch 20000 -d "$db" --site a a.log 2>/dev/null & p1=$!
    collect -q --batch 20000 -d "$db" --site b b.log 2>/dev/null & p2=$!
    wait $p1 || fail "site a on $db failed"
    wait $p2 || fail "site b on $db failed"
    report daily -d "$db" | cmp - seq.csv || fail "two sites at once on $db differ from one after the other"
    for site in a b; do
        for r in daily top summary countries "trend --interval day"; do
            cmp <(report $r -d "$db" --site $site) <(report $r -d alone-$site.db) \
                || fail "'$r --site $site' on $db differs from site $site alone"
        done
    done
    cmp <(report top -d "$db" --site a --site b) <(report top -d "$db") \
        || fail "--site a --site b differs from all sites"
    for site in a b; do   # the COUNTER report and status of one site
        cmp <(report counter -d "$db" --site $site $dsr | unsited) \
            <(report counter -d alone-$site.db $dsr | unsited) \
            || fail "'counter --site $site' on $db differs from site $site alone"
        cmp <(report status -d "$db" --site $site | grep -E "$facts") \
            <(report status -d alone-$site.db | grep -E "$facts") \
            || fail "'status --site $site' on $db differs from site $site alone"
    done
done
# the sum is a sum: a day's views over both sites
a=$(report daily -d alone-a.db | awk -F, 'NR > 1 {s += $3} END {print s}')
b=$(report daily -d alone-b.db | awk -F, 'NR > 1 {s += $3} END {print s}')
all=$(report daily -d both.db | awk -F, 'NR > 1 {s += $3} END {print s}')
[ "$all" -eq $((a + b)) ] || fail "all sites' views $all are not $a + $b"
