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
done
# the sum is a sum: a day's views over both sites
a=$(report daily -d alone-a.db | awk -F, 'NR > 1 {s += $3} END {print s}')
b=$(report daily -d alone-b.db | awk -F, 'NR > 1 {s += $3} END {print s}')
all=$(report daily -d both.db | awk -F, 'NR > 1 {s += $3} END {print s}')
[ "$all" -eq $((a + b)) ] || fail "all sites' views $all are not $a + $b"
