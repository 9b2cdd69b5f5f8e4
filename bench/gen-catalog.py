#!/usr/bin/env python3
"""gen-catalog.py - a national-size data.gov.tw catalog export and a file
host log that requests its resource URLs, for `make bench`.

    gen-catalog.py --datasets 53000 --catalog catalog.csv --log files.log --lines 1000000 \
                   [--twin-log ckan.log]

The catalog is the 22-column export (BOM, CRLF) with about 2.8 resource
URLs per dataset (150,000 for 53,000 datasets) on 120 agency hosts, in the
three shapes data.gov.tw's export has (OpenData.aspx?format=..&id=..,
/OdService/download/.., /data/opendata/export/N/fmt). The log (combined,
+0800, 30 days, 20,000 clients) mixes requests of those URLs (60 %, parameters reordered
and names in other case now and then), landing pages the built-in rules
match (25 %) and other paths of the host (15 %). Deterministic for a seed.
"""
import argparse
import csv
import random

HEADER = ("資料集識別碼,資料集名稱,資料提供屬性,服務分類,品質檢測,檔案格式,資料下載網址,編碼格式,"
          "資料集上架方式,資料集描述,主要欄位說明,提供機關,更新頻率,授權方式,相關網址,計費方式,"
          "提供機關聯絡人姓名,提供機關聯絡人電話,上架日期,詮釋資料更新時間,備註,資料量").split(",")
FORMATS = ["csv", "json", "xml"]
UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
       "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
       "python-requests/2.31.0", "curl/8.5.0",
       "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def urls_of(rng, nid, host):
    """The resource URLs of one dataset: path, query pairs."""
    shape = nid % 3
    n = 1 + rng.choice([1, 1, 2, 2, 2, 3, 3])  # 2.8 on average
    key = "%08X" % rng.getrandbits(32)
    out = []
    for i in range(n):
        fmt = FORMATS[i % 3]
        if shape == 0:
            out.append(("/Service/OpenData.aspx", [("format", fmt), ("id", key)]))
        elif shape == 1:
            out.append(("/OdService/download/A%07d-%06d-%s" % (nid % 9999999, nid, fmt), []))
        else:
            out.append(("/data/opendata/export/%d/%s" % (nid, fmt), []))
    return [(host, p, q) for p, q in out]


def url_text(host, path, query):
    q = "&".join("%s=%s" % kv for kv in query)
    return "https://%s%s%s" % (host, path, "?" + q if q else "")


def write_catalog(path, datasets):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADER)
        for nid, host, urls in datasets:
            row = [""] * 22
            row[0] = str(nid)
            row[1] = "資料集 %d" % nid
            row[5] = "CSV;JSON"
            row[6] = ";".join(url_text(*u) for u in urls)
            row[9] = "說明第一行\n說明第二行"
            row[11] = "機關 %s" % host.split(".")[1]
            row[12] = "每1日"
            row[18] = "2015-01-01 00:00:00"
            row[19] = "2024-03-01 00:00:00"
            w.writerow(row)


def target_of(rng, datasets):
    """A target, and its twin in CKAN's URL form where it is a catalog URL."""
    r = rng.random()
    nid, host, urls = datasets[rng.randrange(len(datasets))]
    if r < 0.60:
        pos = rng.randrange(len(urls))
        _, path, query = urls[pos]
        query = list(query)
        if query and rng.random() < 0.3:
            query.reverse()
        if query and rng.random() < 0.1:
            query = [(k.upper(), v) for k, v in query]
        q = "&".join("%s=%s" % kv for kv in query)
        return path + ("?" + q if q else ""), "/dataset/%d/resource/%d/download" % (nid, pos + 1)
    if r < 0.85:
        return ("/dataset/%d" % nid,) * 2
    return (rng.choice(["/", "/robots.txt", "/static/app.js", "/Service/OpenData.aspx?format=csv&id=0",
                        "/data/opendata/export/0/csv", "/favicon.ico"]),) * 2


def write_log(path, twin_path, datasets, lines, rng):
    """The log, and its twin with every catalog URL in CKAN's form (the
    same events through the built-in rules), when TWIN_PATH is given."""
    step = 30 * 86400 / max(lines, 1)
    clients = ["10.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
               for _ in range(20000)]
    line = '%s - - [%02d/%s/2024:%02d:%02d:%02d +0800] "GET %s HTTP/1.1" %d 1024 "-" "%s"\n'
    with open(path, "w", encoding="utf-8") as f, \
            open(twin_path or "/dev/null", "w", encoding="utf-8") as twin:
        for i in range(lines):
            t = int(i * step)
            day, rest = divmod(t, 86400)
            ip = clients[rng.randrange(len(clients))]
            status = 200 if rng.random() < 0.95 else 404
            target, ckan = target_of(rng, datasets)
            fields = (ip, day + 1, MONTHS[3], rest // 3600, rest // 60 % 60, rest % 60)
            ua = rng.choice(UAS)
            f.write(line % (fields + (target, status, ua)))
            if twin_path:
                twin.write(line % (fields + (ckan, status, ua)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--datasets", type=int, default=53000)
    ap.add_argument("--catalog", required=True)
    ap.add_argument("--log")
    ap.add_argument("--twin-log", help="the same events as CKAN URLs the built-in rules map")
    ap.add_argument("--lines", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    hosts = ["opendata.agency%03d.gov.tw" % i for i in range(120)]
    datasets = []
    for k in range(a.datasets):
        nid = 6000 + k
        host = hosts[k % len(hosts)]
        datasets.append((nid, host, urls_of(rng, nid, host)))
    write_catalog(a.catalog, datasets)
    if a.log:
        write_log(a.log, a.twin_log, datasets, a.lines, rng)


if __name__ == "__main__":
    main()
