#!/usr/bin/env python3
"""make-fixtures.py - writes requests.<format>.log: the same 22 requests in
every log format odstat reads (docs/formats.md). Run it in this directory
after changing REQUESTS; the logs are committed, this only keeps them in step.
All times are UTC (+0000) because W3C logs are UTC, so every format must give
the same daily CSV as requests.combined.log (common: see README.md)."""
import json
import urllib.parse

H1 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"
H2 = "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0"
H3 = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1"
HQ = 'Mozilla/5.0 (X11; "quoted") Gecko/20100101 Firefox/123.0'
H5 = H1 + " Edg/122.0.2365.66"
GBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
R1 = "3f2a1c9e-5b7d-4e08-9a61-0c4d2e8b7f15"
R2 = "8c0d4b6a-2e19-4f7c-b3d5-71a9e6f02c48"
R3 = "e5b17f30-9c2a-4d86-8f4e-2b6c1a0d9e73"
R4 = "0a9e3d5c-7b21-4c6f-a8e0-5d4b2f1c3e96"
REF = "https://data.gov.tw/dataset/6564"

# client, date (March 2024), time, method, target, status, bytes, referer, UA
REQUESTS = [
    ("203.0.113.5", 1, "10:00:00", "GET", "/dataset/6564", 200, 48213, "-", H1),
    ("203.0.113.5", 1, "10:00:01", "GET", "/static/css/main.css", 200, 20211, REF, H1),
    ("203.0.113.5", 1, "10:01:00", "GET", f"/dataset/6564/resource/{R1}/download/data.csv", 200, 1048576, REF, H1),
    ("203.0.113.5", 1, "10:01:10", "GET", f"/dataset/6564/resource/{R1}/download/data.csv", 206, 65536, REF, H1),
    ("198.51.100.23", 1, "10:15:00", "GET", "/dataset/9?from=search&q=pop", 200, 30110, "-", H2),
    ("198.51.100.23", 1, "10:16:30", "GET", f"/dataset/9/resource/{R4}/download/pop.csv", 302, 0, "https://data.gov.tw/dataset/9", H2),
    ("2001:db8::7", 1, "10:20:00", "GET", "/zh_TW/dataset/air-quality-index", 200, 35012, "-", H3),
    ("2001:db8::7", 1, "10:21:10", "GET", f"/dataset/air-quality-index/resource/{R3}/download/aqi.csv", 304, 0, "-", H3),
    ("66.249.66.1", 1, "10:30:00", "GET", "/dataset/6564", 200, 48213, "-", GBOT),
    ("66.249.66.1", 1, "10:30:05", "GET", f"/dataset/6564/resource/{R1}/download/data.csv", 200, 1048576, "-", GBOT),
    ("203.0.113.50", 1, "10:40:00", "GET", f"/dataset/9/resource/{R4}/download/pop.csv", 200, 77001, "-", "curl/8.5.0"),
    ("203.0.113.51", 1, "10:41:00", "GET", "/dataset/9", 200, 30110, "-", "python-requests/2.31.0"),
    ("192.0.2.44", 1, "11:00:00", "POST", "/dataset/9", 200, 120, "-", HQ),
    ("192.0.2.44", 1, "11:00:30", "GET", "/dataset/10", 404, 512, "-", HQ),
    ("192.0.2.44", 1, "11:05:00", "GET", "/dataset/10", 200, 29874, "-", HQ),
    ("203.0.113.77", 1, "23:59:50", "GET", f"/dataset/10/resource/{R2}/download/budget.json", 200, 88123, "https://data.gov.tw/dataset/10", H5),
    ("203.0.113.77", 2, "00:00:10", "GET", f"/dataset/10/resource/{R2}/download/budget.json", 200, 88123, "https://data.gov.tw/dataset/10", H5),
    ("203.0.113.77", 2, "00:05:00", "GET", "/dataset/10", 200, 29874, "-", H5),
    ("198.51.100.200", 2, "00:10:00", "GET", "/dataset/10", 200, 29874, "-", "-"),
    ("203.0.113.52", 2, "00:20:00", "GET", f"/dataset/10/resource/{R2}/download/budget.json", 200, 88123, "-", "Wget/1.21.4"),
    ("203.0.113.52", 2, "00:20:30", "HEAD", "/dataset/10", 200, 0, "-", "Wget/1.21.4"),
    ("2001:db8::7", 2, "00:30:00", "GET", "/dataset/air-quality-index/resource/" + R3, 500, 0, "-", H3),
]

def clf_time(day, hms):
    return f"{day:02d}/Mar/2024:{hms} +0000"

def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

def combined(r):
    a, d, t, m, tg, st, b, ref, ua = r
    return f'{a} - - [{clf_time(d, t)}] "{m} {tg} HTTP/1.1" {st} {b} {q(ref)} {q(ua)}'

def common(r):
    a, d, t, m, tg, st, b, ref, ua = r
    return f'{a} - - [{clf_time(d, t)}] "{m} {tg} HTTP/1.1" {st} {b}'

def vhost(i, r):
    return ("data.gov.tw:443 " if i % 3 else "data.gov.tw:80 ") + combined(r)

IIS_FIELDS = ("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
              "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken")
NEW_FIELDS = ("#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status sc-bytes "
              "cs(User-Agent) cs(Referer) X-Forwarded-For time-taken")

def w3c(i, r):
    a, d, t, m, tg, st, b, ref, ua = r
    stem, _, query = tg.partition("?")
    ua = ua.replace(" ", "+") if ua not in ("", "-") else "-"
    date = f"2024-03-{d:02d}"
    if i < 11:
        return f"{date} {t} 10.0.0.10 {m} {stem} {query or '-'} 443 - {a} {ua} {ref} {st} 0 0 15"
    return f"{date} {t} {a} {m} {stem} {query or '-'} {st} {b} {ua} {ref} - 31"

def w3c_lines():
    out = ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
           "#Date: 2024-03-01 10:00:00", IIS_FIELDS]
    for i, r in enumerate(REQUESTS):
        if i == 11:  # IIS restarts the header when its logging settings change
            out += ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
                    "#Date: 2024-03-01 10:41:00", NEW_FIELDS]
        out.append(w3c(i, r))
    return out

def jsonline(i, r):
    a, d, t, m, tg, st, b, ref, ua = r
    o = {}
    if i % 2 == 0:
        o["time_local"] = clf_time(d, t)
        o["remote_addr"] = a
        o["request"] = f"{m} {tg} HTTP/1.1"
        o["status"] = str(st)
    else:
        o["time_iso8601"] = f"2024-03-{d:02d}T{t}+00:00"
        o["client_ip"] = a
        o["request_method"] = m
        o["request_uri"] = tg
        o["status"] = st
    o["body_bytes_sent"] = b
    o["http_referer"] = "" if ref == "-" else ref
    o["http_user_agent"] = ua
    o["http_x_forwarded_for"] = ""
    if i % 5 == 0:
        o["upstream"] = {"addr": "10.0.0.3:8080", "times": [0.001, {"x": "}]"}]}
    return json.dumps(o, separators=(",", ":"))

CUSTOM_FMT = '%h %^ %^ [%d:%t %^] "%r" %s %b "%R" "%u" "%{X-Forwarded-For}i" rt=%T'

def custom(r):
    return combined(r) + ' "-" rt=0.004'

def vhost_noport(r):
    return "data.gov.tw " + combined(r)

# W3C without cs(User-Agent): every event is a person's (SPEC v2 §1.1)
NOUA_FIELDS = "#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status sc-bytes"

def w3c_noua(r):
    a, d, t, m, tg, st, b, ref, ua = r
    stem, _, query = tg.partition("?")
    return f"2024-03-{d:02d} {t} {a} {m} {stem} {query or '-'} {st} {b}"

# IIS Advanced Logging / CDN style: quoted fields with blanks, runs of
# blanks, local date and time (+0000 here, so the same days), the host
QUOTED_FIELDS = ("#Fields: date-local time-local c-ip cs-method cs-uri-stem cs-uri-query "
                 "sc-status cs(User-Agent) cs(Referer) cs-host")

def w3c_quoted(i, r):
    a, d, t, m, tg, st, b, ref, ua = r
    stem, _, query = tg.partition("?")
    gap = "   " if i % 4 == 0 else " "
    return (f'2024-03-{d:02d} {t} {a}{gap}{m} {stem} {query or "-"} {st} "{ua}" '
            f'"{ref}" data.gov.tw:443')

def iis_date(d):
    return f"03/{d:02d}/24"

def iis(r):
    a, d, t, m, tg, st, b, ref, ua = r
    stem, _, query = tg.partition("?")
    h, rest = t.split(":", 1)
    return (f"{a}, -, {iis_date(d)}, {int(h)}:{rest}, W3SVC1, WEB1, 10.0.0.10, 15, 300, {b}, "
            f"{st}, 0, {m}, {stem}, {query or '-'},")

CF_FIELDS = ("#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem "
             "sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type "
             "x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for "
             "ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status "
             "fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type "
             "sc-content-type sc-content-len sc-range-start sc-range-end")

def cloudfront(r):
    a, d, t, m, tg, st, b, ref, ua = r
    stem, _, query = tg.partition("?")
    enc = lambda x: urllib.parse.quote(x, safe="/();:,.=-_*") if x not in ("", "-") else "-"
    f = [f"2024-03-{d:02d}", t, "TPE52-C1", str(b), a, m, "d1abcdef.cloudfront.net", stem,
         str(st), enc(ref), enc(ua), query or "-", "-", "Miss", "reqid", "data.gov.tw", "https",
         "300", "0.004", "-", "TLSv1.3", "TLS_AES_128_GCM_SHA256", "Miss", "HTTP/1.1", "-", "-",
         "51234", "0.004", "Miss", "text/html", str(b), "-", "-"]
    return "\t".join(f)

def noquote(ua):
    return ua.replace('"', "'")  # these formats cannot carry a '"' in a field

def alb(i, r):
    a, d, t, m, tg, st, b, ref, ua = r
    client = f"{a}:51234"
    ts = f"2024-03-{d:02d}T{t}.{i:06d}Z"
    head = "https " if i % 2 == 0 else "h2 "  # odd lines: the same in ALB's other type
    if i % 5 == 4:
        head = ""  # the classic ELB: no type in front
        return (f'{ts} my-elb {client} 10.0.0.10:80 0.000 0.004 0.000 {st} {st} 0 {b} '
                f'"{m} https://data.gov.tw:443{tg} HTTP/1.1" "{noquote(ua)}" - -')
    return (f'{head}{ts} app/portal/50dc6c495c0c9188 {client} 10.0.0.10:80 0.000 0.004 0.000 '
            f'{st} {st} 300 {b} "{m} https://data.gov.tw:443{tg} HTTP/1.1" "{noquote(ua)}" '
            f'ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:tg "Root=1-x" '
            f'"data.gov.tw" "arn:aws:acm:cert" 0 {ts} "forward" "-" "-" "10.0.0.10:80" "{st}" '
            f'"-" "-"')

def s3(r):
    a, d, t, m, tg, st, b, ref, ua = r
    return (f'79a59df900b949e55d bucket [{clf_time(d, t)}] {a} - 3E57427F3EXAMPLE '
            f'REST.GET.OBJECT key "{m} {tg} HTTP/1.1" {st} - {b} {b} 4 3 "{noquote(ref)}" '
            f'"{noquote(ua)}" - s9lzHYrFp76ZVxRcpX9= SigV4 ECDHE-RSA-AES128-GCM-SHA256 '
            f'AuthHeader data.gov.tw TLSv1.2 - -')

def haproxy(i, r):
    a, d, t, m, tg, st, b, ref, ua = r
    syslog = f"Mar {d:2d} {t} lb haproxy[1234]: " if i % 2 == 0 else ""
    return (f'{syslog}{a}:51234 [{d:02d}/Mar/2024:{t}.{i:03d}] portal~ portal/web1 0/0/1/2/3 '
            f'{st} {b} - - ---- 1/1/0/0/0 0/0 "{m} {tg} HTTP/1.1"')

def epoch(d, t):
    h, mi, se = map(int, t.split(":"))
    return 1709251200 + (d - 1) * 86400 + h * 3600 + mi * 60 + se

def caddy(i, r):
    a, d, t, m, tg, st, b, ref, ua = r
    headers = {"User-Agent": [ua], "Accept": ["*/*"]}
    if ref != "-":
        headers["Referer"] = [ref]
    o = {"level": "info", "ts": epoch(d, t) + 0.25, "logger": "http.log.access",
         "msg": "handled request",
         "request": {"remote_ip": a, "remote_port": "51234", "proto": "HTTP/1.1", "method": m,
                     "host": "data.gov.tw", "uri": tg, "headers": headers},
         "bytes_read": 0, "user_id": "", "duration": 0.004, "size": b, "status": st}
    return json.dumps(o, separators=(",", ":"))

def traefik(r):
    a, d, t, m, tg, st, b, ref, ua = r
    o = {"ClientAddr": f"{a}:51234", "ClientHost": a, "ClientPort": "51234",
         "DownstreamContentSize": b, "DownstreamStatus": st, "Duration": 4000000,
         "RequestHost": "data.gov.tw", "RequestMethod": m, "RequestPath": tg,
         "RequestProtocol": "HTTP/1.1", "RouterName": "portal@docker",
         "StartUTC": f"2024-03-{d:02d}T{t}.5Z", "level": "info", "msg": "",
         "request_User-Agent": ua, "time": f"2024-03-{d:02d}T{t}Z"}
    if ref != "-":
        o["request_Referer"] = ref
    return json.dumps(o, separators=(",", ":"))

def matomo(r):
    a, d, t, m, tg, st, b, ref, ua = r
    o = {"ip": a, "host": "data.gov.tw", "path": tg, "status": str(st), "referrer": ref,
         "user_agent": ua, "length": b, "generation_time_milli": 0.004,
         "date": f"2024-03-{d:02d}T{t}+00:00"}
    return json.dumps(o, separators=(",", ":"))

JSON_MAP = "json:addr=client.ip,time=when,method=verb,uri=url,status=code,ua=agent,host=site"

def json_mapped(r):
    a, d, t, m, tg, st, b, ref, ua = r
    o = {"when": f"2024-03-{d:02d} {t}", "client": {"ip": a, "port": 51234}, "verb": m,
         "url": tg, "code": st, "agent": ua, "site": "data.gov.tw"}
    return json.dumps(o, separators=(",", ":"))

def write(name, lines, end="\n"):
    with open(name, "w", newline="") as f:
        f.write("".join(l + end for l in lines))

write("requests.combined.log", [combined(r) for r in REQUESTS])
write("requests.common.log", [common(r) for r in REQUESTS])
write("requests.vhost.log", [vhost(i, r) for i, r in enumerate(REQUESTS)])
write("requests.w3c.log", w3c_lines(), "\r\n")
write("requests.json.log", [jsonline(i, r) for i, r in enumerate(REQUESTS)])
write("requests.custom.log", [custom(r) for r in REQUESTS])
write("requests.custom.fmt", [CUSTOM_FMT])
write("requests.vhost-noport.log", [vhost_noport(r) for r in REQUESTS])
write("requests.w3c-noua.log", [NOUA_FIELDS] + [w3c_noua(r) for r in REQUESTS], "\r\n")
write("requests.w3c-quoted.log", [QUOTED_FIELDS] + [w3c_quoted(i, r) for i, r in enumerate(REQUESTS)])
write("requests.iis.log", [iis(r) for r in REQUESTS], "\r\n")
write("requests.cloudfront.log", ["#Version: 1.0", CF_FIELDS] + [cloudfront(r) for r in REQUESTS])
write("requests.alb.log", [alb(i, r) for i, r in enumerate(REQUESTS)])
write("requests.s3.log", [s3(r) for r in REQUESTS])
write("requests.haproxy.log", [haproxy(i, r) for i, r in enumerate(REQUESTS)])
write("requests.caddy.log", [caddy(i, r) for i, r in enumerate(REQUESTS)])
write("requests.traefik.log", [traefik(r) for r in REQUESTS])
# no method in this layout: only GET requests are logged
write("requests.matomo.log", [matomo(r) for r in REQUESTS if r[3] == "GET"])
write("requests.json-map.log", [json_mapped(r) for r in REQUESTS])
write("requests.json-map.fmt", [JSON_MAP])
