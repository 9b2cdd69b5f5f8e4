# SPEC §3 on PostgreSQL: no raw client address or user agent anywhere in
# the database (every table dumped), yet the state later lines need is kept.
source "$(dirname "$0")/lib.sh"
db=$(newdb)
ua='Mozilla/5.0 (X11; Linux) OdstatCanaryBrowser/9.9'
for i in $(seq 0 9); do
    printf '198.51.100.77 - - [01/Mar/2024:10:%02d:00 +0800] "GET /dataset/6564 HTTP/1.1" 200 1 "-" "%s"\n' $((i * 5)) "$ua"
    printf '2001:db8::beef - - [01/Mar/2024:10:%02d:30 +0800] "GET /dataset/x/resource/r/download/f.csv HTTP/1.1" 200 1 "-" "curl/8.4.0 CanaryCurl"\n' $((i * 5))
done > canary.log
collect -q -d "$db" canary.log 2>/dev/null || fail "collect failed"
want='2024-03-01,6564,10,0,1,0,1,0,0,0,0
2024-03-01,x,0,0,0,0,0,0,10,0,0'
[ "$(report daily -d "$db" | tail -n +2)" = "$want" ] || { report daily -d "$db"; fail "wrong counts"; }
"$pg_bin/pg_dump" --data-only "$db" > dump.sql || fail "pg_dump failed"
grep -q 'COPY public.state_hour' dump.sql || fail "the dump has no state_hour"
for needle in 198.51.100.77 2001:db8::beef OdstatCanary CanaryCurl; do
    ! grep -aq "$needle" dump.sql || fail "'$needle' found in the database"
done
[ "$(psql -X -At "$db" -c 'SELECT COUNT(*) FROM state_hour')" -gt 0 ] || fail "no state kept"
