# SVG charts and the meeting pack: every chart is valid XML, renders with
# a real renderer (rsvg-convert), is the same bytes when made twice, and
# escapes names from the catalog; the deck writes every part and one
# self-contained index.html.
source "$(dirname "$0")/../lib.sh"
command -v xmllint > /dev/null || fail "xmllint missing (apt-get install libxml2-utils)"
command -v rsvg-convert > /dev/null || fail "rsvg-convert missing (apt-get install librsvg2-bin)"
fix="$REPO/tests/e2e/reports"
ff='"Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
for i in $(seq 1 40); do
    printf '203.0.113.%d - - [10/Mar/2024:10:%02d:00 +0800] "GET /dataset/%s/resource/r/download/f.csv HTTP/1.1" 200 1 "-" %s\n' \
        "$i" "$i" "$(echo A1 B2 C3 slug-d | cut -d' ' -f$(( i % 4 + 1 )))" "$ff"
done > c.log
collect -q -d c.db --catalog "$fix/catalog.csv" c.log 2>/dev/null || fail "collect failed"
check_svg() {   # check_svg FILE: valid, renders, no raw markup from data
    xmllint --noout "$1" || fail "$1 is not valid XML"
    rsvg-convert -o "$1.png" "$1" || fail "$1 does not render"
    [ -s "$1.png" ] || fail "$1 rendered empty"
    ! grep -q '<script>' "$1" || fail "$1 holds a raw <script> from a dataset name"
}
for cmd in "top" "top --by views" "publishers" "countries" "trend --interval day" \
           "trend --top 3 --interval week" "top --lang zh-TW --calendar roc"; do
    name=$(echo "$cmd" | tr ' ' '_')
    report $cmd -d c.db --format svg > "$name.svg" || fail "$cmd --format svg failed"
    check_svg "$name.svg"
    report $cmd -d c.db --format svg | cmp -s - "$name.svg" || fail "$cmd: not deterministic"
done
grep -q '&lt;script&gt;' top.svg || fail "the hostile name is not in the chart, escaped"
report top -d c.db --format svg --width 800 --height 450 | grep -q 'viewBox="0 0 800 450"' \
    || fail "--width/--height ignored"
# the deck
report deck -d c.db --period 2024Q1 -o pack || fail "deck failed"
for f in summary.csv summary.md top-downloads.csv top-downloads.md top-downloads.svg \
         top-views.svg publishers.csv publishers.svg badges.csv countries.svg \
         trend-top10.csv trend-top10.svg trend-portal.csv trend-portal.svg index.html; do
    [ -s "pack/$f" ] || fail "deck lacks $f"
done
for f in pack/*.svg; do check_svg "$f"; done
[ "$(grep -c 'src="data:image/svg+xml;base64,' pack/index.html)" -ge 6 ] || fail "index.html does not embed the charts"
! grep -q '<script>' pack/index.html || fail "raw <script> in index.html"
! grep -Eq '(src|href)="(https?:|/)' pack/index.html || fail "index.html is not self-contained"
cmp -s pack/top-downloads.csv <(report top -d c.db --period 2024Q1) || fail "deck table differs from top"
expect_exit 2 report deck -d c.db --period 2024Q1
