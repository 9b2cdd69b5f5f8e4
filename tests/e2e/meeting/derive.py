#!/usr/bin/env python3
"""derive.py - how tests/e2e/meeting/badges.md was written: the badge
table of the demo catalog, counted from the catalog's own columns with the
rules of issue 14 (README.md here), without odstat's code or output.

    python3 derive.py ../../../sample-logs/catalog.csv 2024-03-31 > badges.md
"""
import csv
import sys
from collections import defaultdict

LEVELS = {"": "none", "無標章": "none", "銅標章": "bronze", "銀標章": "silver",
          "金標章": "gold", "白金標章": "platinum"}
COLS = ["out", "none", "bronze", "silver", "gold", "platinum"]


def level(row):
    badge = row["品質檢測"]
    if row["上架日期"][:10] < "2015-02-01" or "檢測範圍外" in badge or "因上架時間排除" in badge:
        return "out"
    return LEVELS[badge]


def main(path, as_of):
    per = defaultdict(lambda: dict.fromkeys(COLS + ["total"], 0))
    for row in csv.DictReader(open(path, encoding="utf-8-sig")):
        if row["上架日期"][:10] > as_of:
            continue
        for unit in (row["提供機關"], None):   # None: the 總計 row
            per[unit][level(row)] += 1
            per[unit]["total"] += 1
    def line(name, n):
        gold = n["gold"] + n["platinum"]          # the model: 金 holds 白金 too
        cells = [n["out"], n["none"], n["bronze"], n["silver"], gold, n["platinum"], n["total"]]
        return "| " + name + " | " + " | ".join(f"{c:,}" for c in cells) + " |"
    y, m, d = (int(x) for x in as_of.split("-"))
    print("## 各單位開放資料集品質標章統計\n")
    print(f"截至{y - 1911}年{m:02d}月{d:02d}日\n")
    print("| 單位 | 檢測範圍外 (因上架時間排除) | 無標章 | 銅標章 | 銀標章 | 金標章 | 白金標章 | 總計 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for unit in sorted((u for u in per if u is not None), key=lambda u: u.encode()):
        print(line(unit, per[unit]))
    print(line("總計", per[None]))
    print()
    print("註：上架時間早於104年02月01日之資料集不在品質檢測範圍內，列為檢測範圍外。"
          "金標章欄含白金標章之資料集（白金標章為亦符合領域資料標準之金標章），"
          "故各欄相加大於總計；總計為資料集數。")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
