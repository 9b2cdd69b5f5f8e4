#!/usr/bin/env python3
"""odstat reference implementation (for differential testing only).

Written from /work/shared/SPEC.md alone (sections 1 and 2, and the `daily` CSV of
section 5), without looking at the C implementation.  It keeps ALL state in
memory for the whole run (no pruning, no database, no optimisation apart from a
memo of UA classifications), so its numbers are "exact" by construction, also
for lines that arrive more than 15 minutes late.

Usage:
    python3 tests/reference/odstat_ref.py [--rules FILE] [--machines FILE]
        [--robots FILE] [--data-dir DIR] [--from DATE] [--to DATE]
        [--ua-match utf8|bytes] [--stats] [--trace] LOGFILE...

Prints exactly the output of `odstat-report daily --format csv` for one
`odstat-collect` run over all LOGFILEs (combined format only).  `.gz` files are
read with the gzip module, `-` is standard input.  See README.md next to this
file for every interpretation made where the SPEC is silent.

Python 3.11, standard library only.
"""

import argparse
import gzip
import os
import re
import sys
import zlib

# ---------------------------------------------------------------------------
# Constants

MAX_LINE = 65536          # bytes, without the line terminator (SPEC 1.2: 64 KiB)
DOUBLE_CLICK = 30         # seconds (SPEC 2.3)
LATE = 900                # seconds (SPEC 2.5), only reported in --stats
DEFAULT_STATUSES = frozenset((200, 206, 304))

HEADER = ("date,dataset_id,views,downloads,unique_views,unique_downloads,"
          "unique_sessions,machine_views,machine_downloads,robot_views,"
          "robot_downloads")

BUILTIN_RULES = b"""\
download /dataset/{id}/resource/{resource}/download/{*}  status=200,206,302,304
download /dataset/{id}/resource/{resource}/download      status=200,206,302,304
view     /dataset/{id}/resource/{resource}
view     /dataset/{id}
"""

MONTHS = {b"jan": 1, b"feb": 2, b"mar": 3, b"apr": 4, b"may": 5, b"jun": 6,
          b"jul": 7, b"aug": 8, b"sep": 9, b"oct": 10, b"nov": 11, b"dec": 12}


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
# SPEC 1.1: the combined format

# HOST SP IDENT SP USER SP [TIMESTAMP] SP "REQUEST" SP STATUS SP BYTES SP
# "REFERER" SP "UA"  then end of line, or SP and anything (ignored).
# A quoted field is a sequence of (a byte other than " and \) or (\ + any byte),
# closed by the first unescaped ".  "Blank" is SP or TAB.
_Q = rb'"((?:[^"\\]|\\.)*)"'
COMBINED_RE = re.compile(
    rb"([^ \t]+) ([^ \t]+) ([^ \t]+) \[([^\]]*)\] " + _Q +
    rb" ([^ \t]*) ([^ \t]*) " + _Q + rb" " + _Q + rb"(?: .*)?",
    re.DOTALL)

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
    """Returns (instant, 'YYYY-MM-DD', hour) or None."""
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
    return instant, date, hh


class Record:
    __slots__ = ("host", "instant", "date", "hour", "method", "target",
                 "status", "ua", "fileno", "lineno")


def parse_combined(line):
    """Returns a Record, or a string: the reason the line is rejected."""
    m = COMBINED_RE.fullmatch(line)
    if not m:
        return "format"
    host, _ident, _user, ts, req, status, nbytes, _ref, ua = m.groups()
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
    r.instant, r.date, r.hour = t
    r.method = parts[0]
    r.target = parts[1]
    r.status = int(status)
    r.ua = unescape(ua)
    return r


# ---------------------------------------------------------------------------
# SPEC 1.3: target normalisation

HEX = b"0123456789abcdefABCDEF"
LOCALE_RE = re.compile(rb"[a-z]{2}(?:[_-][A-Za-z]{2,4})?")
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
# Reading (SPEC 2.1)

class Stats:
    def __init__(self):
        self.lines = 0
        self.blank = 0
        self.rejected = {}
        self.shown = []
        self.parsed = 0
        self.late = 0
        self.other = 0
        self.not_counted = 0
        self.events = {"human": 0, "machine": 0, "robot": 0}
        self.suppressed = 0
        self.read_errors = []


def open_log(name):
    if name == "-":
        return sys.stdin.buffer
    if name.endswith(".gz"):
        return gzip.open(name, "rb")
    return open(name, "rb")


def read_records(name, fileno, stats):
    """Yields the valid Records of one file, in file order."""
    try:
        f = open_log(name)
    except OSError as e:
        stats.read_errors.append("%s: %s" % (name, e))
        return
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
                rec = parse_combined(line)
            if isinstance(rec, str):
                stats.rejected[rec] = stats.rejected.get(rec, 0) + 1
                if len(stats.shown) < 10:
                    stats.shown.append("%s:%d: %s" % (name, lineno, rec))
                continue
            rec.fileno = fileno
            rec.lineno = lineno
            yield rec
    except (OSError, EOFError, zlib.error) as e:
        stats.read_errors.append("%s: line %d: %s" % (name, lineno + 1, e))
    finally:
        if f is not sys.stdin.buffer:
            f.close()


def merged(names, stats):
    """SPEC 2.1: repeatedly take, among the files' next valid lines, the one
    with the earliest instant (ties: earlier file on the command line)."""
    iters = [read_records(n, i, stats) for i, n in enumerate(names)]
    heads = [next(it, None) for it in iters]
    while True:
        best = None
        for i, h in enumerate(heads):
            if h is not None and (best is None or h.instant < heads[best].instant):
                best = i
        if best is None:
            return
        yield heads[best]
        heads[best] = next(iters[best], None)


# ---------------------------------------------------------------------------
# Counting (SPEC 1.4-1.6, 2.2-2.4)

class Counter:
    def __init__(self, rules, classifier, stats, trace=None):
        self.rules = rules
        self.classifier = classifier
        self.stats = stats
        self.trace = trace
        self.last = {}       # click key -> latest instant (never pruned)
        self.counts = {}     # (date, dataset) -> dict of counters
        self.sessions = {}   # (date, dataset) -> {"v": set, "d": set, "s": set}
        self.newest = None

    def _cell(self, date, ds):
        c = self.counts.get((date, ds))
        if c is None:
            c = self.counts[(date, ds)] = dict.fromkeys(
                ("views", "downloads", "machine_views", "machine_downloads",
                 "robot_views", "robot_downloads"), 0)
        return c

    def _sess(self, date, ds):
        s = self.sessions.get((date, ds))
        if s is None:
            s = self.sessions[(date, ds)] = {"v": set(), "d": set(), "s": set()}
        return s

    def process(self, rec):
        st = self.stats
        st.parsed += 1
        if self.newest is not None and self.newest - rec.instant > LATE:
            st.late += 1
        if self.newest is None or rec.instant > self.newest:
            self.newest = rec.instant

        norm = normalise(rec.target)
        rule = caps = None
        if norm is not None:
            segs, query = norm
            for r in self.rules:
                caps = match_rule(r, segs, query)
                if caps is not None:
                    rule = r
                    break
        if rule is None:
            st.other += 1
            return
        if rec.method != b"GET" or rec.status not in rule.statuses:
            st.not_counted += 1
            return

        kind = rule.kind                      # "view" | "download"
        ds = caps[b"{id}"]
        res = caps.get(b"{resource}", b"")
        cls = self.classifier.classify(rec.ua)
        st.events[cls] += 1
        t = rec.instant

        if cls == "robot":
            counted = True
        else:
            key = (rec.host, rec.ua, kind, ds, res)
            last = self.last.get(key)
            counted = last is None or abs(t - last) > DOUBLE_CLICK
            self.last[key] = t if last is None else max(last, t)
        if not counted:
            st.suppressed += 1

        if counted:
            cell = self._cell(rec.date, ds)
            if cls == "human":
                cell["views" if kind == "view" else "downloads"] += 1
            else:
                cell[cls + "_" + kind + "s"] += 1
        if cls == "human":
            session = (rec.host, rec.ua, rec.date, rec.hour)
            s = self._sess(rec.date, ds)
            s["v" if kind == "view" else "d"].add(session)
            s["s"].add(session)

        if self.trace:
            self.trace.write("%d:%d %s %s %s %s %s %s\n" % (
                rec.fileno, rec.lineno, rec.date, cls, kind,
                ds.decode("ascii"), res.decode("ascii"),
                "counted" if counted else "suppressed"))

    def rows(self, date_from=None, date_to=None):
        keys = set(self.counts) | set(self.sessions)
        out = []
        for date, ds in sorted(keys):
            if date_from is not None and date < date_from:
                continue
            if date_to is not None and date > date_to:
                continue
            c = self.counts.get((date, ds)) or self._zero()
            s = self.sessions.get((date, ds)) or {"v": (), "d": (), "s": ()}
            vals = [c["views"], c["downloads"], len(s["v"]), len(s["d"]),
                    len(s["s"]), c["machine_views"], c["machine_downloads"],
                    c["robot_views"], c["robot_downloads"]]
            if not any(vals):
                continue
            out.append((date, ds.decode("ascii"), vals))
        return out

    @staticmethod
    def _zero():
        return dict.fromkeys(("views", "downloads", "machine_views",
                              "machine_downloads", "robot_views",
                              "robot_downloads"), 0)


def render_csv(rows):
    lines = [HEADER]
    for date, ds, vals in rows:
        lines.append(",".join([date, ds] + [str(v) for v in vals]))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Command line

def run(names, rules, classifier, date_from=None, date_to=None, trace=None):
    """One run over the files `names`: returns (daily CSV text, Stats)."""
    stats = Stats()
    counter = Counter(rules, classifier, stats, trace)
    for rec in merged(names, stats):
        counter.process(rec)
    return render_csv(counter.rows(date_from, date_to)), stats


def default_data_dir():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    d = os.path.join(repo, "data")
    if os.path.isdir(d):
        return d
    return "/work/shared/data"


def build(args):
    """Returns (rules, classifier) or raises ConfigError."""
    if args.rules is not None:
        try:
            with open(args.rules, "rb") as f:
                rules = parse_rules(f.read(), args.rules)
        except OSError as e:
            raise ConfigError("cannot read rules %s: %s" % (args.rules, e))
    else:
        rules = parse_rules(BUILTIN_RULES, "<built-in>")
    data = args.data_dir or default_data_dir()
    machines = [args.machines] if args.machines else [
        os.path.join(data, "machine-agents.txt")]
    robots = [args.robots] if args.robots else [
        os.path.join(data, "counter-robots", "COUNTER_Robots_list.txt"),
        os.path.join(data, "extra-robots.txt")]
    mode = args.ua_match
    return rules, Classifier(load_patterns(machines, mode),
                             load_patterns(robots, mode), mode)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="odstat reference implementation: daily CSV of one run")
    ap.add_argument("--rules")
    ap.add_argument("--machines")
    ap.add_argument("--robots")
    ap.add_argument("--data-dir")
    ap.add_argument("--from", dest="date_from")
    ap.add_argument("--to", dest="date_to")
    ap.add_argument("--ua-match", choices=("utf8", "bytes"), default="utf8",
                    help="utf8 (default): patterns and UA as str, UA decoded "
                         "UTF-8/surrogateescape; bytes: bytes regexes "
                         "(like PCRE without UTF mode)")
    ap.add_argument("--stats", action="store_true",
                    help="print a summary on stderr")
    ap.add_argument("--trace", action="store_true",
                    help="print one line per event on stderr")
    ap.add_argument("logs", nargs="*", metavar="LOGFILE")
    args = ap.parse_args(argv)
    try:
        for d in (args.date_from, args.date_to):
            if d is not None and not valid_date_arg(d):
                raise ConfigError("bad date %r (want YYYY-MM-DD)" % d)
        rules, classifier = build(args)
    except ConfigError as e:
        sys.stderr.write("odstat_ref: %s\n" % e)
        return 2

    text, stats = run(args.logs or ["-"], rules, classifier,
                      args.date_from, args.date_to,
                      sys.stderr if args.trace else None)
    sys.stdout.buffer.write(text.encode("ascii"))
    sys.stdout.flush()

    for e in stats.read_errors:
        sys.stderr.write("odstat_ref: %s\n" % e)
    if args.stats:
        w = sys.stderr.write
        for s in stats.shown:
            w("rejected %s\n" % s)
        w("lines %d, blank %d, rejected %d %s, parsed %d, late %d, other %d, "
          "not counted %d, events %s, suppressed %d\n" % (
              stats.lines, stats.blank, sum(stats.rejected.values()),
              dict(sorted(stats.rejected.items())), stats.parsed, stats.late,
              stats.other, stats.not_counted, stats.events, stats.suppressed))
    return 1 if stats.read_errors else 0


if __name__ == "__main__":
    sys.exit(main())
