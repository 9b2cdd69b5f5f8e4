# SPEC §4 and the countries report, on the fixture MMDB
# (tests/fixtures/geo: 203.0.113/24 TW, 198.51.100/24 US, 192.0.2/24 DE,
# 2001:db8:1::/48 JP). Human counted events only.
source "$(dirname "$0")/../lib.sh"
db="$REPO/tests/fixtures/geo/geolite2-layout.mmdb"
ff='"Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
l() { echo "$1 - - [01/Mar/2024:10:$2 +0800] \"GET $3 HTTP/1.1\" 200 1 \"-\" $4"; }
{
l 203.0.113.5      00:00 /dataset/a "$ff"   # TW view a
l 203.0.113.5      00:10 /dataset/a "$ff"   # double click: suppressed
l 198.51.100.7     01:00 /dataset/a/resource/r/download/f.csv "$ff"  # US download a
l 2001:db8:1::5    02:00 /dataset/a/resource/r/download/f.csv "$ff"  # JP download a
l 2001:db8:1::5    03:00 /dataset/b/resource/r/download/f.csv "$ff"  # JP download b
l ::ffff:192.0.2.9 04:00 /dataset/b "$ff"   # IPv4-mapped: DE view b
l 10.1.2.3         05:00 /dataset/a "$ff"   # private: ZZ view a
l example.org      06:00 /dataset/b "$ff"   # hostname: ZZ view b
l 8.8.8.8          07:00 /dataset/a/resource/r/download/f.csv "$ff"  # not in DB: ZZ download a
l 203.0.113.6      08:00 /dataset/a '"Googlebot/2.1"'   # robot: not a human event
l 198.51.100.8     09:00 /dataset/a '"curl/8.4.0"'      # machine: not a human event
} > c.log
collect -q -g "$db" -d c.db c.log 2>/dev/null || fail "collect failed"
# by downloads, then country: JP 2; US 1, ZZ 1; DE 0, TW 0
want='country,views,downloads
JP,0,2
US,0,1
ZZ,2,1
DE,1,0
TW,1,0'
[ "$(report countries -d c.db)" = "$want" ] || { report countries -d c.db; fail "countries differ"; }
# dataset b: JP download, DE view, ZZ view (hostname)
want_b='country,views,downloads
JP,0,1
DE,1,0
ZZ,1,0'
[ "$(report countries -d c.db --dataset b)" = "$want_b" ] || { report countries -d c.db --dataset b; fail "dataset b differs"; }
[ "$(report countries -d c.db --period 2024-02 | wc -l)" = 1 ] || fail "another period is not empty"
# the ip-location-db layout gives the same answer
collect -q -g "$REPO/tests/fixtures/geo/country-code-layout.mmdb" -d c2.db c.log 2>/dev/null
[ "$(report countries -d c2.db)" = "$want" ] || { report countries -d c2.db; fail "country_code layout differs"; }
# a corrupt or missing DB is a configuration error: exit 2, nothing changed
expect_exit 2 collect -q -g "$REPO/tests/fixtures/geo/truncated.mmdb" -d c3.db c.log
expect_err "truncated.mmdb"
expect_exit 2 collect -q -g nothere.mmdb -d c3.db c.log
# without a DB (when the machine has none in the usual places) all is ZZ
if ! ls /usr/share/GeoIP/*.mmdb /var/lib/GeoIP/*.mmdb /usr/local/share/GeoIP/*.mmdb >/dev/null 2>&1; then
    collect -d c4.db c.log 2> err || fail "collect without DB failed"
    [ "$(report countries -d c4.db | tail -n +2)" = "ZZ,4,4" ] || { report countries -d c4.db; fail "no-DB run is not all ZZ"; }
fi
