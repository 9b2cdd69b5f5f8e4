# SPEC §3: no raw client address or user agent in the database file.
source "$(dirname "$0")/../lib.sh"
ua='Mozilla/5.0 (X11; Linux) OdstatCanaryBrowser/9.9'
for i in $(seq 0 9); do
    printf '198.51.100.77 - - [01/Mar/2024:10:%02d:00 +0800] "GET /dataset/6564 HTTP/1.1" 200 1 "-" "%s"\n' $((i * 5)) "$ua"
    printf '2001:db8::beef - - [01/Mar/2024:10:%02d:30 +0800] "GET /dataset/x/resource/r/download/f.csv HTTP/1.1" 200 1 "-" "curl/8.4.0 CanaryCurl"\n' $((i * 5))
done > canary.log
collect -q -d p.db canary.log 2>/dev/null || fail "collect failed"
# 10 views 5 min apart (no double clicks), all in hour 10: one session;
# 10 curl downloads 5 min apart: machine downloads, no sessions
want='2024-03-01,6564,10,0,1,0,1,0,0,0,0
2024-03-01,x,0,0,0,0,0,0,10,0,0'
[ "$(report daily -d p.db | tail -n +2)" = "$want" ] || { report daily -d p.db; fail "wrong counts"; }
for f in p.db*; do
    for needle in 198.51.100.77 2001:db8::beef OdstatCanary CanaryCurl; do
        ! grep -aq "$needle" "$f" || fail "'$needle' found in $f"
    done
done
[ "$(sqlite3 p.db 'select count(*) from state_hour')" -gt 0 ] || fail "no state kept"
