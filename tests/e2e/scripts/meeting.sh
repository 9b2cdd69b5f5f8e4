# The meeting tables of the demo as printed (md, xlsx) against files written
# by hand (tests/e2e/meeting/README.md explains every number); the
# workbooks read back with openpyxl; the deck printed to PDF by headless
# Chromium where it is installed.
source "$(dirname "$0")/../lib.sh"
here="$REPO/tests/e2e/meeting"
collect -q -d demo.db --catalog "$REPO/sample-logs/catalog.csv" "$REPO"/sample-logs/portal-a.access.log* \
    "$REPO"/sample-logs/portal-b.access.log* 2>/dev/null || fail "collect failed"
meeting=(--period 2024Q1 --lang zh-TW --calendar roc)

report top -d demo.db "${meeting[@]}" --cumulative --format md > top10.md || fail "top md"
diff -u "$here/top10.md" top10.md || fail "top-10 table differs from tests/e2e/meeting/top10.md"
report badges -d demo.db "${meeting[@]}" --format md > badges.md || fail "badges md"
diff -u "$here/badges.md" badges.md || fail "badge table differs from tests/e2e/meeting/badges.md"
report summary -d demo.db "${meeting[@]}" --format md > summary.md || fail "summary md"
grep -qxF '總開放項數已達 300 項，5,595 次瀏覽及 2,154 次下載' summary.md || fail "no portal sentence"
grep -qF '| 瀏覽次數 | 5,595 |' summary.md || fail "no thousands separator in md"
# csv stays the machine format: no title, no separators
report summary -d demo.db "${meeting[@]}" --lang en | grep -qx 'views,5595,,,,' || fail "csv changed"
# --title replaces the generated title
report top -d demo.db --period 2024Q1 --format md --title '主計總處開放資料集累計下載次數前 10 名' |
    head -1 | grep -qxF '## 主計總處開放資料集累計下載次數前 10 名' || fail "--title"
# the plain layout: one level per column, adding up to the total
report badges -d demo.db --period 2024Q1 --badge-columns plain | tail -1 |
    grep -qx 'total,111,37,41,53,43,15,300' || fail "plain badge layout"

# ingests and countries in zh-TW; no country database here, so all is ZZ (未知)
report ingests -d demo.db --lang zh-TW --format md | grep -qF '| 檔案路徑 | 內容識別碼 |' || fail "ingests zh-TW"
[ "$(report countries -d demo.db "${meeting[@]}")" = '國家或地區,瀏覽次數,下載次數
未知,5595,2154' ] || fail "countries zh-TW"
report deck -d demo.db "${meeting[@]}" -o pack 2> deck.err || { cat deck.err; fail "deck"; }
grep -q '<html lang="zh-TW">' pack/index.html || fail "deck without lang"
! grep -q '<img alt=""' pack/index.html || fail "a chart without alt text"

# xlsx: built with libxlsxwriter, else refused with the reason (exit 2)
check_xlsx() {
py=
for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { py=$p; break; }; done
[ -n "$py" ] || fail "python3-openpyxl missing (apt-get install python3-openpyxl)"
report top -d demo.db "${meeting[@]}" --cumulative --format xlsx -o top10.xlsx || fail "top xlsx"
report badges -d demo.db "${meeting[@]}" --format xlsx -o badges.xlsx || fail "badges xlsx"
"$py" - "$here" <<'EOF' || fail "xlsx contents"
import sys, openpyxl
here = sys.argv[1]

def md_rows(path):
    """The table rows of a hand-written md file, numbers without commas."""
    rows = [l.strip().strip("|").split(" | ") for l in open(path, encoding="utf-8")
            if l.startswith("| ") and not l.startswith("| ---")]
    return [[c.strip() for c in r] for r in rows]

def check_sheet(ws, expected, numeric, title):
    assert ws["A1"].value == title, (ws["A1"].value, title)
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == expected[0][0])
    assert ws.freeze_panes == f"A{header + 1}", ws.freeze_panes
    assert ws.cell(header, 1).font.b, "header not bold"
    for i, row in enumerate(expected):
        for j, want in enumerate(row):
            cell = ws.cell(header + i, j + 1)
            if i > 0 and j in numeric:
                assert cell.value == int(want.replace(",", "")), (cell.coordinate, cell.value, want)
                assert cell.number_format == "#,##0", (cell.coordinate, cell.number_format)
            else:
                assert str(cell.value) == want, (cell.coordinate, cell.value, want)
                assert isinstance(cell.value, str), (cell.coordinate, "not text")

top = openpyxl.load_workbook("top10.xlsx")
check_sheet(top.worksheets[0], md_rows(f"{here}/top10.md"), {0, 6, 7},
            "開放資料集累計下載次數前 10 名")
assert len(top.worksheets[0]._charts) == 1, "no chart in top10.xlsx"
assert top.worksheets[0]["C5"].value == "102-09-10", "ROC date not text"
badges = openpyxl.load_workbook("badges.xlsx")
check_sheet(badges.worksheets[0], md_rows(f"{here}/badges.md"), set(range(1, 8)),
            "各單位開放資料集品質標章統計")
deck = openpyxl.load_workbook("pack/deck.xlsx")
names = [ws.title for ws in deck.worksheets]
assert names == ["summary", "top-downloads", "top-views", "publishers", "badges", "countries",
                 "trend-top10", "trend-portal"], names
charts = {ws.title: len(ws._charts) for ws in deck.worksheets}
for name in ("top-downloads", "top-views", "publishers", "trend-top10", "trend-portal"):
    assert charts[name] == 1, (name, charts)
check_sheet(deck["badges"], md_rows(f"{here}/badges.md"), set(range(1, 8)),
            "各單位開放資料集品質標章統計")
EOF
}
if report top -d demo.db --format xlsx > /dev/null 2> xlsx.err; then
    check_xlsx
else
    grep -q 'built without libxlsxwriter' xlsx.err || fail "xlsx refused without a reason"
    expect_exit 2 report top -d demo.db --format xlsx
    grep -q 'no deck.xlsx' deck.err || fail "deck without xlsx does not say so"
    echo "skip: xlsx (built without libxlsxwriter)"
fi

# the deck prints: no page holds only a heading, the page count is the
# README's (a quarter's pack of the demo, A4 portrait and landscape)
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$chrome" ] || ! command -v pdfinfo > /dev/null; then
    echo "skip: deck PDF (no chromium or pdfinfo; apt-get install chromium poppler-utils)"
    exit 0
fi
print_pdf() {   # print_pdf HTML PDF
    timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --user-data-dir="$(mktemp -d)" \
        --no-pdf-header-footer --print-to-pdf="$2" "file://$PWD/$1" > chrome.log 2>&1 ||
        { cat chrome.log; fail "chromium cannot print $1"; }
    [ -s "$2" ] || fail "chromium printed nothing for $1"
}
grep -h '^## ' pack/*.md | sed 's/^## //' | sort -u > headings.txt
only_headings() {   # only_headings PDF: fails when a page holds nothing but headings
    local pages; pages=$(pdfinfo "$1" | awk '/^Pages:/ {print $2}')
    for p in $(seq 1 "$pages"); do
        pdftotext -f "$p" -l "$p" "$1" - | sed '/^[[:space:]]*$/d' | sed 's/^[[:space:]]*//' > page.txt
        [ -s page.txt ] || fail "$1: page $p is empty"
        grep -vxF -f headings.txt page.txt > rest.txt || true
        [ -s rest.txt ] || fail "$1: page $p holds only a heading"
    done
    echo "$pages"
}
print_pdf pack/index.html portrait.pdf
sed 's/@page{size:A4;/@page{size:A4 landscape;/' pack/index.html > pack/landscape.html
print_pdf pack/landscape.html landscape.pdf
portrait=$(only_headings portrait.pdf) || exit 1
landscape=$(only_headings landscape.pdf) || exit 1
echo "deck: $portrait pages A4 portrait, $landscape landscape"
[ "$portrait" -le 12 ] && [ "$landscape" -le 16 ] || fail "the deck takes $portrait/$landscape pages"
