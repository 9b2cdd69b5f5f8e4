# Two collectors of two sites at once, on one PostgreSQL database and on
# one SQLite file: both finish, and the counts are those of the two sites
# collected one after the other.
source "$(dirname "$0")/lib.sh"
genlog --seed 31 --lines 150000 --days 2 > a.log
genlog --seed 32 --lines 150000 --days 2 --server 1 > b.log
collect -q -d seq.db --site a a.log 2>/dev/null || fail "site a alone failed"
collect -q -d seq.db --site b b.log 2>/dev/null || fail "site b alone failed"
report daily -d seq.db > seq.csv
for db in both.db "$(newdb)"; do
    collect -q --batch 20000 -d "$db" --site a a.log 2>/dev/null & p1=$!
    collect -q --batch 20000 -d "$db" --site b b.log 2>/dev/null & p2=$!
    wait $p1 || fail "site a on $db failed"
    wait $p2 || fail "site b on $db failed"
    report daily -d "$db" | cmp - seq.csv || fail "two sites at once on $db differ from one after the other"
done
