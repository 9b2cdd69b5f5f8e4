#!/usr/bin/env python3
"""odstat reference implementation, SPEC version 2 (for differential testing).

Written from the SPEC (docs/SPEC.md = /work/shared/SPEC.md, version 2: sections
1 and 2, the `daily` CSV of section 5, and section 7's "one site = one set of
lines") alone, without looking at the C implementation.

The method is deliberately naive, so that it is obviously right:
  1. read every line of every file given (one site: one set of lines);
  2. sort the valid lines by (instant, local date-time as written, line bytes);
  3. map each line to an event (SPEC 1.3-1.5, 1.4b), find its session-hour;
  4. decide robots by behaviour (SPEC 1.7) from the complete session-hours;
  5. walk the sorted events once for the double-click chains (SPEC 2.3);
  6. count, and print `odstat-report daily --format csv`.
Nothing is pruned, there is no notion of arrival order or late lines: the
numbers are those of the whole set of lines, which is what SPEC 2.1 promises.

Usage:
    python3 tests/reference/odstat_ref.py [--format combined|common|vhost_combined]
        [--rules FILE] [--machines FILE] [--robots FILE] [--data-dir DIR]
        [--catalog FILE]... [--host NAME]... [--max-requests N]
        [--robot-networks FILE] [--from DATE] [--to DATE]
        [--extra FILE] [--ua-match utf8|bytes] [--stats] [--trace] LOGFILE...

See README.md next to this file for every interpretation made where the SPEC
is silent.  Python 3.11, standard library only.
"""

import argparse
import csv
import gzip
import io
import ipaddress
import os
import re
import sys
import urllib.parse
import zlib

# ---------------------------------------------------------------------------
# Constants

MAX_LINE = 65536          # bytes, without the line terminator (SPEC 1.2: 64 KiB)
DOUBLE_CLICK = 30         # seconds (SPEC 2.3)
DEFAULT_MAX_REQUESTS = 120  # SPEC 1.7 (b), --max-requests
DEFAULT_STATUSES = frozenset((200, 206, 304))
CATALOG_STATUSES = frozenset((200, 206, 304))   # SPEC 1.4b

HEADER = ("date,dataset_id,views,downloads,unique_views,unique_downloads,"
          "unique_sessions,machine_views,machine_downloads,robot_views,"
          "robot_downloads")

# The per-day numbers the C side stores besides `daily` (see README.md).
EXTRA_HEADER = ("date,dataset_id,machine_unique_views,machine_unique_downloads,"
                "machine_unique_sessions,robot_ua,robot_robotstxt,robot_rate,"
                "robot_network")

# Why an event is a robot event, in order of precedence (brief: UA lists >
# robots.txt > rate > robot networks).
ROBOT_RULES = ("ua", "robotstxt", "rate", "network")

BUILTIN_RULES = b"""\
download /dataset/{id}/resource/{resource}/download/{*}  status=200,206,302,304
download /dataset/{id}/resource/{resource}/download      status=200,206,302,304
view     /dataset/{id}/resource/{resource}
view     /dataset/{id}
"""

MONTHS = {b"jan": 1, b"feb": 2, b"mar": 3, b"apr": 4, b"may": 5, b"jun": 6,
          b"jul": 7, b"aug": 8, b"sep": 9, b"oct": 10, b"nov": 11, b"dec": 12}

FORMATS = ("combined", "common", "vhost_combined")


class ConfigError(Exception):
    """Usage or configuration error: exit code 2."""


# ---------------------------------------------------------------------------
# Calendar helpers (proleptic Gregorian, any 4-digit year including 0000)

def is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def days_in_month(y, m):
    if m == 2:
        return 29 if is_leap(y) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def days_from_civil(y, m, d):
    """Days since 1970-01-01 (H. Hinnant's algorithm)."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


DATE_ARG_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def valid_date_arg(s):
    m = DATE_ARG_RE.fullmatch(s)
    if not m:
        return False
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return 1 <= mo <= 12 and 1 <= d <= days_in_month(y, mo)


# ---------------------------------------------------------------------------
# SPEC 1.1: log formats (combined, common, vhost_combined)

# combined:  HOST SP IDENT SP USER SP [TIMESTAMP] SP "REQUEST" SP STATUS SP
#            BYTES SP "REFERER" SP "UA"  then end of line, or SP and anything
#            (ignored).
# common:    the same up to BYTES (no referer, no UA field), then end of line
#            or SP and anything (ignored).
# vhost_combined: VHOST[:PORT] SP, then combined.
# A quoted field is a sequence of (a byte other than " and \) or (\ + any byte),
# closed by the first unescaped ".  "Blank" is SP or TAB.
_Q = rb'"((?:[^"\\]|\\.)*)"'
_CLF = (rb"([^ \t]+) ([^ \t]+) ([^ \t]+) \[([^\]]*)\] " + _Q +
        rb" ([^ \t]*) ([^ \t]*)")
COMBINED_RE = re.compile(_CLF + rb" " + _Q + rb" " + _Q + rb"(?: .*)?",
                         re.DOTALL)
COMMON_RE = re.compile(_CLF + rb"(?: .*)?", re.DOTALL)
VHOST_RE = re.compile(rb"([^ \t]+) " + _CLF + rb" " + _Q + rb" " + _Q +
                      rb"(?: .*)?", re.DOTALL)

TIMESTAMP_RE = re.compile(
    rb"([0-9]{2})/([A-Za-z]{3})/([0-9]{4}):([0-9]{2}):([0-9]{2}):([0-9]{2}) "
    rb"([+-])([0-9]{2})([0-9]{2})")
STATUS_RE = re.compile(rb"[0-9]{3}")
BYTES_RE = re.compile(rb"[0-9]+|-")
ESCAPE_RE = re.compile(rb"\\(x[0-9A-Fa-f]{2}|.)", re.DOTALL)


def unescape(field):
    r"""\" -> ", \\ -> \, \xHH -> byte; a backslash before anything else stays
    (both bytes are kept)."""
    if b"\\" not in field:
        return field

    def rep(m):
        g = m.group(1)
        if len(g) == 3:                      # xHH
            return bytes((int(g[1:], 16),))
        if g == b'"' or g == b"\\":
            return g
        return m.group(0)                    # kept as is
    return ESCAPE_RE.sub(rep, field)


def parse_timestamp(ts):
    """Returns (instant, local seconds, 'YYYY-MM-DD', hour) or None."""
    m = TIMESTAMP_RE.fullmatch(ts)
    if not m:
        return None
    day = int(m.group(1))
    mon = MONTHS.get(m.group(2).lower())
    year = int(m.group(3))
    hh, mi, ss = int(m.group(4)), int(m.group(5)), int(m.group(6))
    sign = 1 if m.group(7) == b"+" else -1
    oh, om = int(m.group(8)), int(m.group(9))
    if mon is None or not 1 <= day <= days_in_month(year, mon):
        return None
    if hh > 23 or mi > 59 or ss > 59 or oh > 23 or om > 59:
        return None
    local = days_from_civil(year, mon, day) * 86400 + hh * 3600 + mi * 60 + ss
    instant = local - sign * (oh * 3600 + om * 60)
    date = "%04d-%02d-%02d" % (year, mon, day)
    return instant, local, date, hh


class Record:
    __slots__ = ("host", "vhost", "instant", "local", "date", "hour", "method",
                 "target", "status", "ua", "has_ua", "line", "fileno",
                 "lineno")


def vhost_name(field):
    """'data.example.org:443' -> b'data.example.org'; '[::1]:80' -> b'::1'.
    Lower case, port dropped (SPEC 1.4b compares hosts that way)."""
    h = field
    if h.startswith(b"["):
        end = h.find(b"]")
        if end > 0:
            return h[1:end].lower()
    head, sep, port = h.rpartition(b":")
    if sep and port.isdigit() and b":" not in head:
        h = head
    return h.lower()


def parse_line(line, fmt):
    """Returns a Record, or a string: the reason the line is rejected."""
    vhost = None
    if fmt == "combined":
        m = COMBINED_RE.fullmatch(line)
        if not m:
            return "format"
        host, _ident, _user, ts, req, status, nbytes, _ref, ua = m.groups()
    elif fmt == "common":
        m = COMMON_RE.fullmatch(line)
        if not m:
            return "format"
        host, _ident, _user, ts, req, status, nbytes = m.groups()
        ua = None
    else:
        m = VHOST_RE.fullmatch(line)
        if not m:
            return "format"
        vh, host, _ident, _user, ts, req, status, nbytes, _ref, ua = m.groups()
        vhost = vhost_name(vh)
    if not BYTES_RE.fullmatch(nbytes):
        return "format"
    t = parse_timestamp(ts)
    if t is None:
        return "timestamp"
    if not STATUS_RE.fullmatch(status):
        return "status"
    parts = unescape(req).split(b" ")
    if not 2 <= len(parts) <= 3 or any(p == b"" for p in parts):
        return "request"
    r = Record()
    r.host = host
    r.vhost = vhost
    r.instant, r.local, r.date, r.hour = t
    r.method = parts[0]
    r.target = parts[1]
    r.status = int(status)
    if ua is None:                 # SPEC 1.1: no UA field, detection by UA off
        r.ua, r.has_ua = b"", False
    else:
        r.ua, r.has_ua = unescape(ua), True
    r.line = line
    return r


def parse_combined(line):
    return parse_line(line, "combined")


# ---------------------------------------------------------------------------
# SPEC 1.3: target normalisation

HEX = b"0123456789abcdefABCDEF"
# SPEC 1.3 (v2): [a-z]{2}([_-][A-Za-z]{2,4}){0,2}, e.g. zh_TW, en, zh_Hant_TW
LOCALE_RE = re.compile(rb"[a-z]{2}(?:[_-][A-Za-z]{2,4}){0,2}")
ID_RE = re.compile(rb"[A-Za-z0-9._~-]{1,100}")


def percent_decode(b):
    """Decode %HH once; a % not followed by two hex digits stays.
    Returns (decoded bytes, set of byte values that were produced by %HH)."""
    out = bytearray()
    produced = set()
    i, n = 0, len(b)
    while i < n:
        c = b[i]
        if c == 0x25 and i + 2 < n and b[i + 1] in HEX and b[i + 2] in HEX:
            v = int(b[i + 1:i + 3], 16)
            out.append(v)
            produced.add(v)
            i += 3
        else:
            out.append(c)
            i += 1
    return bytes(out), produced


def valid_id(v):
    return ID_RE.fullmatch(v) is not None and v != b"." and v != b".."


def split_target(target):
    """Returns (path, query) with query None when there is no '?'.
    The fragment (from the first '#') is removed first, then the query (from
    the first '?')."""
    t = target.split(b"#", 1)[0]
    path, sep, query = t.partition(b"?")
    return path, (query if sep else None)


def normalise(target):
    """Returns (segments, query) or None when the target is *other*."""
    if not target.startswith(b"/"):
        return None
    path, query = split_target(target)
    path, produced = percent_decode(path)
    if 0x00 in produced or 0x2F in produced:      # decoded NUL or '/'
        return None
    if b"\x00" in path:                           # raw NUL (from a \x00 escape)
        return None
    try:
        path.decode("utf-8", "strict")
    except UnicodeDecodeError:
        return None
    path = re.sub(rb"/+", b"/", path)
    if len(path) > 1 and path.endswith(b"/"):
        path = path[:-1]
    segs = [] if path == b"/" else path[1:].split(b"/")
    if len(segs) >= 2 and LOCALE_RE.fullmatch(segs[0]):
        segs = segs[1:]
    return segs, query


# ---------------------------------------------------------------------------
# SPEC 1.4: URL rules

class Rule:
    __slots__ = ("kind", "segs", "star", "queries", "statuses", "text")


def parse_rules(data, origin):
    rules = []
    for lineno, raw in enumerate(data.split(b"\n"), 1):
        line = raw.split(b"#", 1)[0]
        words = line.split()
        if not words:
            continue
        where = "%s:%d" % (origin, lineno)
        if len(words) < 2:
            raise ConfigError("%s: rule needs KIND and PATH" % where)
        kind = words[0]
        if kind not in (b"view", b"download"):
            raise ConfigError("%s: kind must be view or download" % where)
        path = words[1]
        if not path.startswith(b"/"):
            raise ConfigError("%s: PATH must start with /" % where)
        path = re.sub(rb"/+", b"/", path)
        if len(path) > 1 and path.endswith(b"/"):
            path = path[:-1]
        segs = [] if path == b"/" else path[1:].split(b"/")
        r = Rule()
        r.kind = kind.decode()
        r.text = raw.decode("utf-8", "replace").strip()
        r.star = False
        r.segs = []
        captures = []
        for i, s in enumerate(segs):
            if s == b"{*}":
                if i != len(segs) - 1:
                    raise ConfigError("%s: {*} must be the last segment" % where)
                r.star = True
            elif s == b"{id}" or s == b"{resource}":
                r.segs.append(s)
                captures.append(s)
            else:
                r.segs.append(s)
        r.queries = []
        r.statuses = None
        for w in words[2:]:
            if r.statuses is not None:
                raise ConfigError("%s: status= must be the last word" % where)
            if w.startswith(b"?"):
                mm = re.fullmatch(rb"\?([^=&]+)=(\{id\}|\{resource\})", w)
                if not mm:
                    raise ConfigError("%s: bad query word %r" % (where, w))
                r.queries.append((mm.group(1), mm.group(2)))
                captures.append(mm.group(2))
            elif w.startswith(b"status="):
                codes = w[len(b"status="):].split(b",")
                if not all(STATUS_RE.fullmatch(c) for c in codes):
                    raise ConfigError("%s: bad status list %r" % (where, w))
                r.statuses = frozenset(int(c) for c in codes)
            else:
                raise ConfigError("%s: unknown word %r" % (where, w))
        if r.statuses is None:
            r.statuses = DEFAULT_STATUSES
        if captures.count(b"{id}") != 1:
            raise ConfigError("%s: a rule captures {id} exactly once" % where)
        if captures.count(b"{resource}") > 1:
            raise ConfigError("%s: {resource} more than once" % where)
        rules.append(r)
    return rules


def match_rule(rule, segs, query):
    """Returns {b'{id}': .., b'{resource}': ..} or None."""
    n = len(rule.segs)
    if rule.star:
        if len(segs) < n + 1:
            return None
    elif len(segs) != n:
        return None
    caps = {}
    for pat, seg in zip(rule.segs, segs):
        if pat == b"{id}" or pat == b"{resource}":
            if not valid_id(seg):
                return None
            caps[pat] = seg
        elif pat != seg:
            return None
    for name, cap in rule.queries:
        if query is None:
            return None
        for pair in query.split(b"&"):
            pname, _, value = pair.partition(b"=")
            if pname == name:                 # the first pair named NAME
                value = percent_decode(value)[0]
                if not valid_id(value):
                    return None
                caps[cap] = value
                break
        else:
            return None
    return caps


# ---------------------------------------------------------------------------
# SPEC 1.6: classes

def load_patterns(paths, mode):
    """Each path: one pattern a line; '#' lines and blank lines skipped."""
    pats = []
    for path in paths:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            raise ConfigError("cannot read pattern list %s: %s" % (path, e))
        for lineno, line in enumerate(data.split(b"\n"), 1):
            if line.endswith(b"\r"):
                line = line[:-1]
            if line.strip() == b"" or line.startswith(b"#"):
                continue
            src = line if mode == "bytes" else line.decode("utf-8", "surrogateescape")
            try:
                pats.append(re.compile(src, re.IGNORECASE))
            except re.error as e:
                raise ConfigError("%s:%d: pattern %r does not compile: %s"
                                  % (path, lineno, line, e))
    return pats


class Classifier:
    def __init__(self, machines, robots, mode):
        self.machines = machines
        self.robots = robots
        self.mode = mode
        self.memo = {}

    def classify(self, ua):
        c = self.memo.get(ua)
        if c is None:
            c = self.memo[ua] = self._classify(ua)
        return c

    def _classify(self, ua):
        if ua == b"" or ua == b"-":
            return "robot"
        s = ua if self.mode == "bytes" else ua.decode("utf-8", "surrogateescape")
        for p in self.machines:
            if p.search(s):
                return "machine"
        for p in self.robots:
            if p.search(s):
                return "robot"
        return "human"


# ---------------------------------------------------------------------------
# SPEC 1.4b: resource URLs from the catalog

def catalog_path(path):
    """Path treatment of SPEC 1.4b for both sides: percent-decoded once,
    repeated '/' collapsed, one trailing '/' dropped; no locale stripping."""
    p = percent_decode(path)[0]
    p = re.sub(rb"/+", b"/", p)
    if len(p) > 1 and p.endswith(b"/"):
        p = p[:-1]
    return p


def query_pairs(query):
    """[(name lower-cased (ASCII), decoded value)] of a query string; empty
    pairs are skipped; a pair without '=' has an empty value."""
    out = []
    if query is None:
        return out
    for pair in query.split(b"&"):
        if pair == b"":
            continue
        name, _, value = pair.partition(b"=")
        out.append((name.lower(), percent_decode(value)[0]))
    return out


class CatalogURL:
    __slots__ = ("dataset", "resource", "order", "host", "params")


class Catalog:
    """Resource URLs as download rules, indexed by treated path."""

    def __init__(self):
        self.by_path = {}      # treated path -> [CatalogURL]
        self.warnings = []
        self.n = 0

    def add(self, dataset, resource, url, order):
        """dataset, resource: bytes; url: str.  Returns False if unusable."""
        url = url.strip()
        try:
            sp = urllib.parse.urlsplit(url)
            host = sp.hostname
        except ValueError:
            return False
        if not sp.scheme or not sp.netloc or not host:
            return False
        raw = url.encode("utf-8")
        # path and query exactly as written (urlsplit would not change them,
        # but take the raw bytes to avoid any re-encoding)
        rest = raw.split(b"#", 1)[0]
        after = rest.split(b"//", 1)[1] if b"//" in rest else rest
        slash = after.find(b"/")
        qmark = after.find(b"?")
        if slash < 0 or (0 <= qmark < slash):
            pathq = b"/" + (after[qmark:] if qmark >= 0 else b"")
        else:
            pathq = after[slash:]
        path, sep, query = pathq.partition(b"?")
        c = CatalogURL()
        c.dataset = dataset
        c.resource = resource
        c.order = order
        c.host = host.lower().encode("utf-8")
        c.params = query_pairs(query if sep else None)
        self.by_path.setdefault(catalog_path(path or b"/"), []).append(c)
        self.n += 1
        return True

    def match(self, target, line_host, hosts):
        """SPEC 1.4b.  Returns (dataset, resource) or None.  Among all
        matching URLs the byte-smallest dataset id wins, then the URL listed
        first for that dataset."""
        if not target.startswith(b"/"):
            return None
        path, query = split_target(target)
        cands = self.by_path.get(catalog_path(path))
        if not cands:
            return None
        pairs = None
        best = None
        for c in cands:
            if line_host is not None:
                if c.host != line_host:
                    continue
            elif hosts is not None and c.host not in hosts:
                continue
            if c.params:
                if pairs is None:
                    pairs = query_pairs(query)
                ok = True
                for name, value in c.params:
                    for pn, pv in pairs:       # the first pair of that name
                        if pn == name:
                            ok = pv == value
                            break
                    else:
                        ok = False
                    if not ok:
                        break
                if not ok:
                    continue
            k = (c.dataset, c.order)
            if best is None or k < best[0]:
                best = (k, c)
        if best is None:
            return None
        return best[1].dataset, best[1].resource


def load_catalog(path, catalog):
    """Reads a catalog CSV into `catalog`.  Two layouts:
    - plain:  a header naming `dataset_id` and `url` (optional `resource_id`);
      one URL per row; the resource id is the `resource_id` column when
      given, else the 1-based position of the URL among that dataset's rows;
    - data.gov.tw export: header with 資料集識別碼 and 資料下載網址 (the
      latter `;`-separated); resource id = 1-based position in that list."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise ConfigError("cannot read catalog %s: %s" % (path, e))
    text = data.decode("utf-8-sig", "replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise ConfigError("%s: empty catalog" % path)
    head = [h.strip() for h in rows[0]]
    positions = {}
    order = 0
    if "資料集識別碼" in head and "資料下載網址" in head:
        ci, cu = head.index("資料集識別碼"), head.index("資料下載網址")
        for row in rows[1:]:
            if len(row) <= max(ci, cu):
                continue
            ds = row[ci].strip().encode("utf-8")
            urls = [u.strip() for u in row[cu].split(";") if u.strip()]
            for pos, u in enumerate(urls, 1):
                order += 1
                if not catalog.add(ds, str(pos).encode(), u, pos):
                    catalog.warnings.append("%s: dataset %s: bad URL %r"
                                            % (path, ds.decode(), u))
    elif "dataset_id" in head and "url" in head:
        ci, cu = head.index("dataset_id"), head.index("url")
        cr = head.index("resource_id") if "resource_id" in head else None
        for row in rows[1:]:
            if len(row) <= max(ci, cu) or not row[ci].strip():
                continue
            ds = row[ci].strip().encode("utf-8")
            pos = positions[ds] = positions.get(ds, 0) + 1
            res = (row[cr].strip() if cr is not None and len(row) > cr
                   else str(pos)).encode("utf-8")
            if not catalog.add(ds, res, row[cu], pos):
                catalog.warnings.append("%s: dataset %s: bad URL %r"
                                        % (path, ds.decode(), row[cu]))
    else:
        raise ConfigError("%s: not a catalog (want a header with dataset_id "
                          "and url, or the data.gov.tw export)" % path)
    # SPEC 1.4b: several datasets listing the same URL -> the import warns
    seen = {}
    for lst in catalog.by_path.values():
        for c in lst:
            key = (c.host, tuple(c.params), id(lst))
            seen.setdefault(key, set()).add(c.dataset)
    for key, dss in seen.items():
        if len(dss) > 1:
            catalog.warnings.append(
                "%s: one URL listed by datasets %s; %s takes it" % (
                    path, ", ".join(sorted(d.decode() for d in dss)),
                    min(dss).decode()))


# ---------------------------------------------------------------------------
# SPEC 1.7: robot networks

class Networks:
    def __init__(self):
        self.nets = []            # ipaddress networks (a plain scan: clarity)
        self.memo = {}

    def load(self, path):
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            raise ConfigError("cannot read robot networks %s: %s" % (path, e))
        for lineno, raw in enumerate(data.split(b"\n"), 1):
            text = raw.split(b"#", 1)[0].strip()
            if not text:
                continue
            try:
                self.nets.append(ipaddress.ip_network(text.decode("ascii"),
                                                      strict=False))
            except (ValueError, UnicodeDecodeError):
                raise ConfigError("%s:%d: not a CIDR network: %r"
                                  % (path, lineno, raw))

    def contains(self, addr):
        """addr: the client address bytes as written.  Not an IP (a host
        name): never in a network.  IPv4-mapped IPv6 (::ffff:a.b.c.d) is
        also tested as the IPv4 address."""
        r = self.memo.get(addr)
        if r is None:
            r = False
            try:
                ip = ipaddress.ip_address(addr.decode("ascii"))
            except (ValueError, UnicodeDecodeError):
                ip = None
            if ip is not None:
                ips = [ip]
                if ip.version == 6 and ip.ipv4_mapped is not None:
                    ips.append(ip.ipv4_mapped)
                r = any(i in n for i in ips for n in self.nets
                        if n.version == i.version)
            self.memo[addr] = r
        return r


# ---------------------------------------------------------------------------
# Reading: every line of every file (SPEC 2.1: one set of lines)

class Stats:
    def __init__(self):
        self.lines = 0
        self.blank = 0
        self.rejected = {}
        self.shown = []
        self.parsed = 0
        self.other = 0
        self.not_counted = 0
        self.catalog = 0          # events mapped by a catalog URL
        self.robotstxt_hours = 0
        self.rate_hours = 0
        self.events = {"human": 0, "machine": 0, "robot": 0}
        self.robot_by = dict.fromkeys(ROBOT_RULES, 0)
        self.suppressed = 0
        self.read_errors = []


def open_log(name):
    if name == "-":
        return sys.stdin.buffer
    if name.endswith(".gz"):
        return gzip.open(name, "rb")
    return open(name, "rb")


def read_records(name, fileno, fmt, stats):
    """Returns the valid Records of one file, in file order."""
    out = []
    try:
        f = open_log(name)
    except OSError as e:
        stats.read_errors.append("%s: %s" % (name, e))
        return out
    lineno = 0
    try:
        for line in f:
            lineno += 1
            stats.lines += 1
            if line.endswith(b"\n"):
                line = line[:-1]
            if line.endswith(b"\r"):
                line = line[:-1]
            if line == b"":
                stats.blank += 1
                continue
            if len(line) > MAX_LINE:
                rec = "too long"
            else:
                rec = parse_line(line, fmt)
            if isinstance(rec, str):
                stats.rejected[rec] = stats.rejected.get(rec, 0) + 1
                if len(stats.shown) < 10:
                    stats.shown.append("%s:%d: %s" % (name, lineno, rec))
                continue
            rec.fileno = fileno
            rec.lineno = lineno
            out.append(rec)
    except (OSError, EOFError, zlib.error) as e:
        stats.read_errors.append("%s: line %d: %s" % (name, lineno + 1, e))
    finally:
        if f is not sys.stdin.buffer:
            f.close()
    return out


def sort_key(rec):
    """SPEC 2.1: by instant; ties by the local date and time as written, then
    by the line's bytes."""
    return (rec.instant, rec.local, rec.line)


# ---------------------------------------------------------------------------
# Counting (SPEC 1.3-1.7, 2.2-2.4)

class Event:
    __slots__ = ("rec", "kind", "ds", "res", "session", "ua_class", "cls",
                 "why", "counted")


class Config:
    """Everything a run needs besides the logs."""

    def __init__(self, rules, classifier, catalog=None, hosts=None,
                 max_requests=DEFAULT_MAX_REQUESTS, networks=None,
                 fmt="combined"):
        self.rules = rules
        self.classifier = classifier
        self.catalog = catalog
        self.hosts = hosts            # set of lower-case bytes, or None
        self.max_requests = max_requests
        self.networks = networks
        self.fmt = fmt


def map_line(rec, cfg, stats):
    """SPEC 1.3-1.5 and 1.4b: returns (kind, dataset, resource) for a counted
    request, or None (other, or not counted)."""
    norm = normalise(rec.target)
    if norm is not None:
        segs, query = norm
        for r in cfg.rules:
            caps = match_rule(r, segs, query)
            if caps is not None:
                if rec.method != b"GET" or rec.status not in r.statuses:
                    stats.not_counted += 1
                    return None
                return (r.kind, caps[b"{id}"], caps.get(b"{resource}", b""))
    # no rule matched the target at all: the catalog's resource URLs
    if cfg.catalog is not None:
        m = cfg.catalog.match(rec.target, rec.vhost, cfg.hosts)
        if m is not None:
            if rec.method != b"GET" or rec.status not in CATALOG_STATUSES:
                stats.not_counted += 1
                return None
            stats.catalog += 1
            return ("download", m[0], m[1])
    stats.other += 1
    return None


def is_robots_txt(target):
    """SPEC 1.7 (a): the path after SPEC 1.3 normalisation is /robots.txt."""
    norm = normalise(target)
    return norm is not None and norm[0] == [b"robots.txt"]


def count(records, cfg, stats, trace=None):
    """The whole computation over the set of valid lines.  Returns
    (cells, sessions): cells[(date, ds)] = dict of counters,
    sessions[(date, ds)] = dict of session sets."""
    records = sorted(records, key=sort_key)
    stats.parsed = len(records)

    # 1. events and session-hours (SPEC 1.7, 2.4: (address, UA, date, hour))
    events = []
    robotstxt = set()         # session-hours that requested /robots.txt
    requests = {}             # session-hour -> dataset requests (GET, counted)
    for rec in records:
        session = (rec.host, rec.ua, rec.date, rec.hour)
        if is_robots_txt(rec.target):
            robotstxt.add(session)
        m = map_line(rec, cfg, stats)
        if m is None:
            continue
        e = Event()
        e.rec = rec
        e.kind, e.ds, e.res = m
        e.session = session
        e.ua_class = (cfg.classifier.classify(rec.ua) if rec.has_ua
                      else "human")
        requests[session] = requests.get(session, 0) + 1
        events.append(e)

    # 2. classes after SPEC 1.7, with the rule that made a robot a robot
    R = cfg.max_requests
    rate_hours = {s for s, n in requests.items() if R > 0 and n > R}
    for e in events:
        c, why = e.ua_class, None
        if c == "robot":
            why = "ua"
        elif e.session in robotstxt:
            c, why = "robot", "robotstxt"
        elif c == "human" and e.session in rate_hours:
            c, why = "robot", "rate"
        elif (c == "human" and cfg.networks is not None
              and cfg.networks.contains(e.rec.host)):
            c, why = "robot", "network"
        e.cls, e.why = c, why
    stats.robotstxt_hours = len(robotstxt)
    stats.rate_hours = len(rate_hours)

    # 3. double-click chains over the sorted human and machine events
    last = {}                 # click key -> instant of its latest event
    for e in events:
        if e.cls == "robot":
            e.counted = True  # robot events are all counted
            continue
        r = e.rec
        key = (r.host, r.ua, e.kind, e.ds, e.res)
        prev = last.get(key)
        e.counted = prev is None or r.instant - prev > DOUBLE_CLICK
        last[key] = r.instant

    # 4. counts: a chain counts at its first event (its day); uniques from
    #    every event (suppressed clicks included)
    cells = {}
    sessions = {}
    for e in events:
        r = e.rec
        st = stats
        st.events[e.cls] += 1
        if not e.counted:
            st.suppressed += 1
        k = (r.date, e.ds)
        cell = cells.get(k)
        if cell is None:
            cell = cells[k] = dict.fromkeys(CELL_KEYS, 0)
        if e.counted:
            kinds = e.kind + "s"
            if e.cls == "human":
                cell[kinds] += 1
            else:
                cell[e.cls + "_" + kinds] += 1
            if e.cls == "robot":
                cell["robot_" + e.why] += 1
                st.robot_by[e.why] += 1
        if e.cls != "robot":
            s = sessions.get(k)
            if s is None:
                s = sessions[k] = {c: set() for c in SESSION_KEYS}
            p = "" if e.cls == "human" else "m"
            s[p + ("v" if e.kind == "view" else "d")].add(e.session)
            s[p + "s"].add(e.session)
        if trace:
            trace.write("%d:%d %s %s%s %s %s %s %s\n" % (
                r.fileno, r.lineno, r.date, e.cls,
                "(" + e.why + ")" if e.why else "", e.kind,
                e.ds.decode("utf-8", "replace"),
                e.res.decode("utf-8", "replace"),
                "counted" if e.counted else "suppressed"))
    return cells, sessions


CELL_KEYS = ("views", "downloads", "machine_views", "machine_downloads",
             "robot_views", "robot_downloads") + tuple(
                 "robot_" + w for w in ROBOT_RULES)
SESSION_KEYS = ("v", "d", "s", "mv", "md", "ms")


def make_rows(cells, sessions, date_from=None, date_to=None):
    """Returns [(date, ds, daily values, extra values)] in date, dataset_id
    byte order."""
    out = []
    zero = dict.fromkeys(CELL_KEYS, 0)
    for date, ds in sorted(set(cells) | set(sessions)):
        if date_from is not None and date < date_from:
            continue
        if date_to is not None and date > date_to:
            continue
        c = cells.get((date, ds)) or zero
        s = sessions.get((date, ds)) or {k: () for k in SESSION_KEYS}
        daily = [c["views"], c["downloads"], len(s["v"]), len(s["d"]),
                 len(s["s"]), c["machine_views"], c["machine_downloads"],
                 c["robot_views"], c["robot_downloads"]]
        extra = [len(s["mv"]), len(s["md"]), len(s["ms"])] + [
            c["robot_" + w] for w in ROBOT_RULES]
        out.append((date, ds.decode("utf-8", "replace"), daily, extra))
    return out


def render_csv(header, rows):
    """rows: [(date, ds, values)]; all-zero rows are omitted."""
    lines = [header]
    for date, ds, vals in rows:
        if any(vals):
            lines.append(",".join([date, ds] + [str(v) for v in vals]))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Command line

def run(names, cfg, date_from=None, date_to=None, trace=None):
    """Counts the set of lines of the files `names` (one site).
    Returns (daily CSV text, extra CSV text, Stats)."""
    stats = Stats()
    records = []
    for i, n in enumerate(names):
        records.extend(read_records(n, i, cfg.fmt, stats))
    cells, sessions = count(records, cfg, stats, trace)
    rows = make_rows(cells, sessions, date_from, date_to)
    daily = render_csv(HEADER, [(d, ds, v) for d, ds, v, _ in rows])
    extra = render_csv(EXTRA_HEADER, [(d, ds, x) for d, ds, _, x in rows])
    return daily, extra, stats


def default_data_dir():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    d = os.path.join(repo, "data")
    if os.path.isdir(d):
        return d
    return "/work/shared/data"


def build(args):
    """Returns a Config or raises ConfigError."""
    if getattr(args, "rules", None) is not None:
        try:
            with open(args.rules, "rb") as f:
                rules = parse_rules(f.read(), args.rules)
        except OSError as e:
            raise ConfigError("cannot read rules %s: %s" % (args.rules, e))
    else:
        rules = parse_rules(BUILTIN_RULES, "<built-in>")
    data = getattr(args, "data_dir", None) or default_data_dir()
    machines = [args.machines] if getattr(args, "machines", None) else [
        os.path.join(data, "machine-agents.txt")]
    robots = [args.robots] if getattr(args, "robots", None) else [
        os.path.join(data, "counter-robots", "COUNTER_Robots_list.txt"),
        os.path.join(data, "extra-robots.txt")]
    mode = getattr(args, "ua_match", None) or "utf8"
    classifier = Classifier(load_patterns(machines, mode),
                            load_patterns(robots, mode), mode)
    catalog = None
    for path in getattr(args, "catalog", None) or ():
        if catalog is None:
            catalog = Catalog()
        load_catalog(path, catalog)
    hosts = None
    if getattr(args, "host", None):
        hosts = {vhost_name(h.encode("utf-8")) for h in args.host}
    networks = None
    if getattr(args, "robot_networks", None):
        networks = Networks()
        networks.load(args.robot_networks)
    mr = getattr(args, "max_requests", None)
    mr = DEFAULT_MAX_REQUESTS if mr is None else mr
    if mr < 0:
        raise ConfigError("--max-requests must be >= 0")
    fmt = getattr(args, "format", None) or "combined"
    return Config(rules, classifier, catalog, hosts, mr, networks, fmt)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="odstat reference implementation (SPEC v2): the daily "
                    "CSV of the set of lines in LOGFILEs")
    ap.add_argument("-f", "--format", choices=FORMATS, default="combined")
    ap.add_argument("-r", "--rules")
    ap.add_argument("--machines")
    ap.add_argument("--robots")
    ap.add_argument("--data-dir")
    ap.add_argument("--catalog", action="append",
                    help="catalog CSV: header dataset_id,url[,resource_id], "
                         "or the data.gov.tw export (repeatable)")
    ap.add_argument("--host", action="append",
                    help="a host these logs were served by (SPEC 1.4b; "
                         "repeatable)")
    ap.add_argument("--max-requests", type=int, default=DEFAULT_MAX_REQUESTS,
                    help="SPEC 1.7 (b), default 120, 0 = off")
    ap.add_argument("--robot-networks",
                    help="CIDR list, one per line, '#' comments (SPEC 1.7)")
    ap.add_argument("--from", dest="date_from")
    ap.add_argument("--to", dest="date_to")
    ap.add_argument("--extra", metavar="FILE",
                    help="also write the extra per-day CSV (" + EXTRA_HEADER +
                         ") to FILE ('-' = stdout, after the daily CSV)")
    ap.add_argument("--ua-match", choices=("utf8", "bytes"), default="utf8",
                    help="utf8 (default): patterns and UA as str, UA decoded "
                         "UTF-8/surrogateescape; bytes: bytes regexes "
                         "(like PCRE without UTF mode)")
    ap.add_argument("--stats", action="store_true",
                    help="print a summary on stderr")
    ap.add_argument("--trace", action="store_true",
                    help="print one line per event on stderr, sorted order")
    ap.add_argument("logs", nargs="*", metavar="LOGFILE")
    args = ap.parse_args(argv)
    try:
        for d in (args.date_from, args.date_to):
            if d is not None and not valid_date_arg(d):
                raise ConfigError("bad date %r (want YYYY-MM-DD)" % d)
        cfg = build(args)
    except ConfigError as e:
        sys.stderr.write("odstat_ref: %s\n" % e)
        return 2
    if cfg.catalog is not None:
        for w in cfg.catalog.warnings:
            sys.stderr.write("odstat_ref: warning: %s\n" % w)

    daily, extra, stats = run(args.logs or ["-"], cfg, args.date_from,
                              args.date_to,
                              sys.stderr if args.trace else None)
    sys.stdout.buffer.write(daily.encode("utf-8"))
    if args.extra == "-":
        sys.stdout.buffer.write(extra.encode("utf-8"))
    sys.stdout.flush()
    if args.extra and args.extra != "-":
        try:
            with open(args.extra, "wb") as f:
                f.write(extra.encode("utf-8"))
        except OSError as e:
            sys.stderr.write("odstat_ref: cannot write %s: %s\n"
                             % (args.extra, e))
            return 2

    for e in stats.read_errors:
        sys.stderr.write("odstat_ref: %s\n" % e)
    if args.stats:
        w = sys.stderr.write
        for s in stats.shown:
            w("rejected %s\n" % s)
        w("lines %d, blank %d, rejected %d %s, parsed %d, other %d, "
          "not counted %d, catalog %d, events %s, robots by %s, "
          "robots.txt hours %d, rate hours %d, suppressed %d\n" % (
              stats.lines, stats.blank, sum(stats.rejected.values()),
              dict(sorted(stats.rejected.items())), stats.parsed,
              stats.other, stats.not_counted, stats.catalog, stats.events,
              stats.robot_by, stats.robotstxt_hours, stats.rate_hours,
              stats.suppressed))
    return 1 if stats.read_errors else 0


if __name__ == "__main__":
    sys.exit(main())
