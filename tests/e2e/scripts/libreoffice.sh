# The workbooks open in LibreOffice Calc as they are meant to: the demo's
# deck.xlsx, top-10 and badge workbooks converted by headless LibreOffice
# (soffice --convert-to fods) hold every cell openpyxl reads, numbers as
# numbers shown with thousands separators, ROC dates as text, the same
# sheets and charts (tests/e2e/meeting/lo_check.py). Skipped with a note
# where LibreOffice or libxlsxwriter is missing.
source "$(dirname "$0")/../lib.sh"
here="$REPO/tests/e2e/meeting"
soffice=$(command -v soffice || command -v libreoffice || true)
if [ -z "$soffice" ]; then
    echo "note: skip: LibreOffice (apt-get install libreoffice-calc-nogui)"
    exit 0
fi
py=
for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { py=$p; break; }; done
[ -n "$py" ] || fail "python3-openpyxl missing (apt-get install python3-openpyxl)"
collect -q -d demo.db --catalog "$REPO/sample-logs/catalog.csv" "$REPO"/sample-logs/portal-a.access.log* \
    "$REPO"/sample-logs/portal-b.access.log* 2>/dev/null || fail "collect failed"
if ! report top -d demo.db --format xlsx > /dev/null 2>&1; then
    echo "note: skip: LibreOffice check (built without libxlsxwriter)"
    exit 0
fi
meeting=(--period 2024Q1 --lang zh-TW --calendar roc)
report deck -d demo.db "${meeting[@]}" -o pack 2> deck.err || { cat deck.err; fail "deck"; }
report top -d demo.db "${meeting[@]}" --cumulative --format xlsx -o top10.xlsx || fail "top xlsx"
report badges -d demo.db "${meeting[@]}" --format xlsx -o badges.xlsx || fail "badges xlsx"
cp pack/deck.xlsx deck.xlsx
# a profile of its own: no user's settings, no first-start dialogs
"$soffice" --headless --norestore -env:UserInstallation="file://$PWD/profile" \
    --convert-to fods --outdir lo deck.xlsx top10.xlsx badges.xlsx > soffice.log 2>&1 ||
    { cat soffice.log; fail "LibreOffice cannot convert the workbooks"; }
for book in deck top10 badges; do
    [ -s lo/$book.fods ] || { cat soffice.log; fail "LibreOffice wrote nothing for $book.xlsx"; }
    "$py" "$here/lo_check.py" $book.xlsx lo/$book.fods || fail "$book.xlsx reads otherwise in LibreOffice"
done
# the check can fail: another workbook's cells are not these
! "$py" "$here/lo_check.py" top10.xlsx lo/badges.fods 2> /dev/null || fail "lo_check accepts another workbook"
# the model's first row as LibreOffice holds it (tests/e2e/meeting/top10.md):
# rank 1 and 123 downloads are numbers, the listed date 102-09-10 is text
cell() { "$py" "$here/lo_check.py" cell lo/top10.fods "$@"; }
[ "$(cell 1 5 1)" = "$(printf 'float\t1\t1')" ] || fail "rank 1 is '$(cell 1 5 1)' in LibreOffice"
[ "$(cell 1 5 3)" = "$(printf 'string\tNone\t102-09-10')" ] || fail "the ROC date is '$(cell 1 5 3)'"
[ "$(cell 1 5 8)" = "$(printf 'float\t123\t123')" ] || fail "123 downloads are '$(cell 1 5 8)'"
exit 0
