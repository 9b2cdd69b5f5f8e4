# Control characters in catalog text (0x01, ESC sequences, BEL, DEL, the C1
# CSI U+009B) never reach a report raw: in CSV, Markdown, HTML and the deck
# they become U+FFFD (a terminal would run ESC sequences, XML forbids C0),
# in JSON they are \u escapes. The text around them is kept.
source "$(dirname "$0")/../lib.sh"
line='203.0.113.5 - - [01/Mar/2024:10:00:00 +0800] "GET /dataset/6564/resource/r1/download HTTP/1.1" 200 1 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"'
echo "$line" > a.log
printf 'dataset_id,name,publisher\n6564,AQI\001x\033[31mred\302\233y\177z,Agency\033]0;title\007\n' > cat.csv
collect -q -d c.db --catalog cat.csv a.log 2> err || { cat err; fail "collect failed"; }
# raw C0 (but tab, LF, CR), DEL or C1 anywhere in FILE fails the test
no_controls() {
    ! LC_ALL=C grep -qaP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]' "$1" ||
        { cat -v "$1" | head -n 5; fail "raw control character in $2"; }
}
r=$'\xef\xbf\xbd'   # U+FFFD
for f in csv md html; do
    report top -d c.db --format "$f" > "top.$f" || fail "top --format $f failed"
    no_controls "top.$f" "top --format $f"
    grep -qF "AQI${r}x${r}[31mred${r}y${r}z" "top.$f" || [ "$f" = md ] ||
        { cat -v "top.$f"; fail "top --format $f lost the text around the controls"; }
    report publishers -d c.db --format "$f" > "pub.$f" || fail "publishers --format $f failed"
    no_controls "pub.$f" "publishers --format $f"
    want="Agency${r}]0;title${r}"
    [ "$f" = md ] && want="Agency${r}\\]0;title${r}"   # markdown escapes ]
    grep -qF "$want" "pub.$f" || { cat -v "pub.$f"; fail "publisher name lost"; }
done
grep -qF "AQI${r}x${r}\\[31mred${r}y${r}z" top.md || { cat -v top.md; fail "markdown name wrong"; }
report top -d c.db --format json > top.json || fail "top --format json failed"
no_controls top.json "top --format json"
grep -qF '"AQI\u0001x\u001b[31mred\u009by\u007fz"' top.json || { cat top.json; fail "json escapes wrong"; }
python3 -c 'import json,sys; n=json.load(open("top.json"))[0]["name"]; sys.exit(n != "AQI\x01x\x1b[31mred\x9by\x7fz")' ||
    fail "json does not decode to the catalog name"
report deck -d c.db -o deck 2> err || { cat err; fail "deck failed"; }
for f in deck/*; do
    case "$f" in
    *.xlsx) # a zip: the XML inside must hold no raw control character
        python3 -c 'import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
bad = [n for n in z.namelist() if re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]", z.read(n))]
sys.exit("raw control character in " + ", ".join(bad) if bad else 0)' "$f" || fail "raw control character in $f" ;;
    *) no_controls "$f" "$f" ;;
    esac
done
