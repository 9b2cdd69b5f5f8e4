#!/usr/bin/env python3
"""The workbooks as LibreOffice reads them (tests/e2e/scripts/libreoffice.sh).

  lo_check.py cell FODS SHEET ROW COL
                           (SHEET: a name or a number from 1) prints the
                           cell as LibreOffice holds it: its
                           value type, value and shown text, tab-separated
  lo_check.py XLSX FODS    FODS is XLSX converted by LibreOffice Calc
                           (soffice --convert-to fods); every cell openpyxl
                           reads from XLSX must be the same in FODS: numbers
                           as numbers (float, same value, shown as #,##0),
                           text as text (an ROC date 102-09-10 never turned
                           into a date), the same sheets and charts.

Exit 0 when they agree; else 1 with the first difference on stderr.
"""
import sys
import xml.etree.ElementTree as ET

import openpyxl

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
}


def q(name):
    prefix, local = name.split(":")
    return "{%s}%s" % (NS[prefix], local)


def fail(why):
    print("lo_check: " + why, file=sys.stderr)
    sys.exit(1)


def cell_text(cell):
    return "\n".join("".join(p.itertext()) for p in cell.findall("text:p", NS))


ROW_GROUPS = ("table:table-header-rows", "table:table-rows", "table:table-row-group")


def own_rows(parent):
    """The sheet's rows in order, through header rows and row groups (not
    into cells, where a chart keeps a data table of its own)."""
    for child in parent:
        if child.tag == q("table:table-row"):
            yield child
        elif child.tag in [q(g) for g in ROW_GROUPS]:
            yield from own_rows(child)


def rows_of(sheet):
    """{(row, col): (value-type, value, shown text)}, 1-based, of the cells
    that hold something; repeated rows and columns expanded."""
    cells, r = {}, 0
    for row in own_rows(sheet):
        times = int(row.get(q("table:number-rows-repeated"), "1"))
        for _ in range(min(times, 2000)):
            r += 1
            c = 0
            for cell in row:
                if cell.tag not in (q("table:table-cell"), q("table:covered-table-cell")):
                    continue
                n = int(cell.get(q("table:number-columns-repeated"), "1"))
                kind = cell.get(q("office:value-type"))
                for _ in range(min(n, 200)):
                    c += 1
                    if kind:
                        cells[(r, c)] = (kind, cell.get(q("office:value")), cell_text(cell))
    return cells


def sheets_of(path):
    body = ET.parse(path).getroot().find("office:body/office:spreadsheet", NS)
    out = {}
    for sheet in body.findall("table:table", NS):
        charts = len(sheet.findall(".//draw:frame/draw:object", NS))
        out[sheet.get(q("table:name"))] = (rows_of(sheet), charts)
    return out


def compare(xlsx, fods):
    book = openpyxl.load_workbook(xlsx)
    lo = sheets_of(fods)
    names = [ws.title for ws in book.worksheets]
    if list(lo) != names:
        fail("%s: sheets %s in LibreOffice, %s in the file" % (xlsx, list(lo), names))
    numbers = texts = 0
    for ws in book.worksheets:
        cells, charts = lo[ws.title]
        if charts != len(ws._charts):
            fail("%s/%s: %d charts in LibreOffice, %d in the file" % (xlsx, ws.title, charts,
                                                                       len(ws._charts)))
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                got = cells.get((cell.row, cell.column))
                where = "%s/%s!%s" % (xlsx, ws.title, cell.coordinate)
                if got is None:
                    fail("%s: %r is empty in LibreOffice" % (where, cell.value))
                kind, value, shown = got
                if isinstance(cell.value, (int, float)):
                    if kind != "float" or float(value) != float(cell.value):
                        fail("%s: %r is %s %r in LibreOffice" % (where, cell.value, kind, value))
                    if cell.number_format == "#,##0" and shown != "{:,.0f}".format(cell.value):
                        fail("%s: %r is shown as %r" % (where, cell.value, shown))
                    numbers += 1
                else:
                    if kind != "string" or shown != str(cell.value):
                        fail("%s: text %r is %s %r in LibreOffice" % (where, cell.value, kind, shown))
                    texts += 1
    print("%s: %d sheets, %d numbers and %d texts as in the file" % (xlsx, len(names), numbers,
                                                                     texts))
    return numbers


def main(argv):
    if len(argv) == 6 and argv[1] == "cell":
        sheets = sheets_of(argv[2])
        name = list(sheets)[int(argv[3]) - 1] if argv[3].isdigit() else argv[3]
        cells, _ = sheets[name]
        print("\t".join(str(x) for x in cells.get((int(argv[4]), int(argv[5])), ("empty",))))
        return
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    if compare(argv[1], argv[2]) == 0:
        fail("%s: no number at all" % argv[1])


if __name__ == "__main__":
    main(sys.argv)
