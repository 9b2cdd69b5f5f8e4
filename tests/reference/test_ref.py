#!/usr/bin/env python3
"""Hand-reasoned cases for the reference implementation (odstat_ref.py).

Run:  python3 -m unittest tests/reference/test_ref.py     (from the repo root)
  or  python3 tests/reference/test_ref.py

Every expected number is explained next to it.  The rows are written as
(date, dataset, views, downloads, unique_views, unique_downloads,
 unique_sessions, machine_views, machine_downloads, robot_views,
 robot_downloads), i.e. the columns of `odstat-report daily --format csv`.
"""

import argparse
import gzip
import importlib.util
import io
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "odstat_ref", os.path.join(HERE, "odstat_ref.py"))
ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ref)

HUMAN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/128.0"
HUMAN2 = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15"
CURL = "curl/8.5.0"
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"

QUERY_RULES = """\
# legacy data.gov.tw download redirect, then the built-in rules
download /iisi/logaccess/{*} ?ndcnid={id} status=200,302
download /dataset/{id}/resource/{resource}/download/{*}  status=200,206,302,304
download /dataset/{id}/resource/{resource}/download      status=200,206,302,304
view     /dataset/{id}/resource/{resource}
view     /dataset/{id}
"""


def line(t, target, status=200, host="10.0.0.1", ua=HUMAN, method="GET",
         day="10/Oct/2024", off="+0800", proto="HTTP/1.1", nbytes="512",
         tail=""):
    """One combined line.  t is 'HH:MM:SS'."""
    req = "%s %s %s" % (method, target, proto) if proto else \
        "%s %s" % (method, target)
    return '%s - - [%s:%s %s] "%s" %s %s "-" "%s"%s\n' % (
        host, day, t, off, req, status, nbytes, ua, tail)


def hms(sec):
    """Seconds after 10:00:00 -> 'HH:MM:SS'."""
    sec += 10 * 3600
    return "%02d:%02d:%02d" % (sec // 3600, sec // 60 % 60, sec % 60)


class Base(unittest.TestCase):
    rules_text = None

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.n = 0

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, text, gz=False, raw=False):
        self.n += 1
        name = os.path.join(self.tmp.name, "log%d%s" % (self.n, ".gz" if gz else ""))
        data = text if raw else text.encode("utf-8")
        if gz:
            with gzip.open(name, "wb") as f:
                f.write(data)
        else:
            with open(name, "wb") as f:
                f.write(data)
        return name

    def build(self, rules_text=None, **kw):
        rules_text = rules_text if rules_text is not None else self.rules_text
        rules = None
        if rules_text is not None:
            rules = os.path.join(self.tmp.name, "rules%d" % self.n)
            with open(rules, "w") as f:
                f.write(rules_text)
        ns = argparse.Namespace(rules=rules, machines=kw.get("machines"),
                                robots=kw.get("robots"), data_dir=None,
                                ua_match=kw.get("ua_match", "utf8"))
        return ref.build(ns)

    def run_files(self, *texts, rules_text=None, date_from=None, date_to=None,
                  names=None):
        """Returns (rows, stats); rows as tuples with int counts."""
        if names is None:
            names = [self.write(t) for t in texts]
        rules, classifier = self.build(rules_text)
        csv, stats = ref.run(names, rules, classifier, date_from, date_to)
        lines = csv.split("\n")
        self.assertEqual(lines[0], ref.HEADER)
        self.assertEqual(lines[-1], "")
        rows = []
        for l in lines[1:-1]:
            f = l.split(",")
            rows.append(tuple(f[:2]) + tuple(int(x) for x in f[2:]))
        return rows, stats

    def rows(self, *texts, **kw):
        return self.run_files(*texts, **kw)[0]


def R(date, ds, v=0, d=0, uv=0, ud=0, us=0, mv=0, md=0, rv=0, rd=0):
    return (date, ds, v, d, uv, ud, us, mv, md, rv, rd)


D = "2024-10-10"
D2 = "2024-10-11"


class DoubleClicks(Base):
    def test_long_chain_counts_once(self):
        # Gaps of 20 s each (0, 20, 40, 60, 80): the chain spans 80 s, but every
        # gap is <= 30 s from `last`, so only the first click is counted.
        log = "".join(line(hms(s), "/dataset/a") for s in (0, 20, 40, 60, 80))
        # views 1; unique_views 1 (one session 10:00); unique_sessions 1.
        self.assertEqual(self.rows(log), [R(D, "a", v=1, uv=1, us=1)])

    def test_gap_30_suppressed_31_counted(self):
        log = (line(hms(0), "/dataset/a") + line(hms(30), "/dataset/a") +
               line(hms(0), "/dataset/b") + line(hms(31), "/dataset/b"))
        # a: |30 - 0| = 30 <= 30 -> suppressed -> views 1.
        # b: |31 - 0| = 31 > 30 -> counted -> views 2.  One session each.
        self.assertEqual(self.rows(log), [R(D, "a", v=1, uv=1, us=1),
                                          R(D, "b", v=2, uv=1, us=1)])

    def test_chain_across_midnight(self):
        log = (line("23:59:50", "/dataset/a") +
               line("00:00:10", "/dataset/a", day="11/Oct/2024"))
        # 23:59:50 on the 10th is counted.  00:00:10 on the 11th is 20 s later:
        # suppressed, so the 11th has views 0 -- but it still has a human view
        # in session (ip, ua, 2024-10-11, 00), so unique_views 1 and the row
        # is not all zeros.
        self.assertEqual(self.rows(log), [R(D, "a", v=1, uv=1, us=1),
                                          R(D2, "a", v=0, uv=1, us=1)])

    def test_out_of_order_uses_abs_and_max(self):
        log = (line(hms(100), "/dataset/a") +   # counted, last = 100
               line(hms(140), "/dataset/a") +   # |140-100| = 40 -> counted, last = 140
               line(hms(120), "/dataset/a") +   # |120-140| = 20 -> suppressed, last = 140
               line(hms(100), "/dataset/b") +   # counted, last = 100
               line(hms(50), "/dataset/b") +    # |50-100| = 50 -> counted, last stays 100
               line(hms(75), "/dataset/b") +    # |75-100| = 25 -> suppressed
               line(hms(131), "/dataset/b"))    # |131-100| = 31 -> counted
        # a: views 2; b: views 3; all in hour 10 -> one session each.
        self.assertEqual(self.rows(log), [R(D, "a", v=2, uv=1, us=1),
                                          R(D, "b", v=3, uv=1, us=1)])

    def test_key_parts(self):
        log = (line(hms(0), "/dataset/a") +
               line(hms(1), "/dataset/a", host="10.0.0.2") +  # other address
               line(hms(2), "/dataset/a", ua=HUMAN2) +        # other UA
               line(hms(3), "/dataset/a/resource/r1") +       # other resource
               line(hms(4), "/dataset/a/resource/r2") +       # other resource
               line(hms(5), "/dataset/a/resource/r1/download") +  # other kind
               line(hms(6), "/dataset/a/resource/r1/download/f.csv"))  # same key as previous: suppressed
        # views: 5 distinct keys -> 5.  downloads: 1 (second one suppressed).
        # sessions: (10.0.0.1,HUMAN), (10.0.0.2,HUMAN), (10.0.0.1,HUMAN2) -> 3
        # with views; downloads only by (10.0.0.1,HUMAN) -> 1; any -> 3.
        self.assertEqual(self.rows(log), [R(D, "a", v=5, d=1, uv=3, ud=1, us=3)])

    def test_address_as_written(self):
        # No address normalisation: "::1" and "0:0:0:0:0:0:0:1" are two clients.
        log = (line(hms(0), "/dataset/a", host="::1") +
               line(hms(1), "/dataset/a", host="0:0:0:0:0:0:0:1"))
        self.assertEqual(self.rows(log), [R(D, "a", v=2, uv=2, us=2)])

    def test_offsets_use_instant(self):
        # 10:00:00 +0800 = 02:00:00Z; 03:00:20 +0100 = 02:00:20Z: 20 s apart, so
        # the second is suppressed.  Hours as written: 10 and 03 -> 2 sessions.
        log = (line("10:00:00", "/dataset/a", off="+0800") +
               line("03:00:20", "/dataset/a", off="+0100"))
        self.assertEqual(self.rows(log), [R(D, "a", v=1, uv=2, us=2)])

    def test_machine_double_click_robot_never(self):
        log = (line(hms(0), "/dataset/a", ua=CURL) +
               line(hms(10), "/dataset/a", ua=CURL) +   # suppressed (10 s)
               line(hms(0), "/dataset/a", ua=BOT) +
               line(hms(10), "/dataset/a", ua=BOT) +    # robots: always counted
               line(hms(20), "/dataset/a/resource/r/download", ua=BOT))
        # machine_views 1, robot_views 2, robot_downloads 1; no human, so no
        # uniques (uniques are human only).
        self.assertEqual(self.rows(log), [R(D, "a", mv=1, rv=2, rd=1)])

    def test_machine_suppressed_only_day_is_omitted(self):
        log = (line("23:59:50", "/dataset/a", ua=CURL) +
               line("00:00:05", "/dataset/a", ua=CURL, day="11/Oct/2024"))
        # The 11th has only a suppressed machine event: all zeros -> no row.
        self.assertEqual(self.rows(log), [R(D, "a", mv=1)])


class Sessions(Base):
    def test_sessions_per_hour(self):
        log = (line("10:00:00", "/dataset/a") +
               line("10:59:59", "/dataset/a") +   # same hour: same session
               line("11:00:40", "/dataset/a") +   # 41 s later, new hour
               line("11:59:50", "/dataset/b") +   # b, hour 11
               line("12:00:10", "/dataset/b"))    # 20 s later: suppressed, but hour 12
        # a: views 3 (gaps 3599 s and 41 s), sessions hour 10 and 11 -> 2.
        # b: views 1, sessions hour 11 and 12 -> unique_views 2.
        self.assertEqual(self.rows(log), [R(D, "a", v=3, uv=2, us=2),
                                          R(D, "b", v=1, uv=2, us=2)])

    def test_view_and_download_same_session(self):
        log = (line(hms(0), "/dataset/a") +
               line(hms(5), "/dataset/a/resource/r/download") +
               line(hms(6), "/dataset/a/resource/r/download", ua=HUMAN2))
        # views 1, downloads 2; unique_views 1; unique_downloads 2 (two UAs);
        # unique_sessions = {s1, s2} = 2.
        self.assertEqual(self.rows(log), [R(D, "a", v=1, d=2, uv=1, ud=2, us=2)])

    def test_machine_not_in_uniques(self):
        log = line(hms(0), "/dataset/a", ua=CURL) + line(hms(0), "/dataset/a")
        self.assertEqual(self.rows(log), [R(D, "a", v=1, uv=1, us=1, mv=1)])


class Rules(Base):
    def test_302_only_for_download_rules(self):
        log = (line(hms(0), "/dataset/a", status=302) +        # view rule: default 200,206,304
               line(hms(0), "/dataset/a/resource/r/download", status=302) +  # counted
               line(hms(100), "/dataset/a/resource/r/download/x.csv", status=302, host="h2"))
        self.assertEqual(self.rows(log), [R(D, "a", d=2, ud=2, us=2)])

    def test_status_and_method(self):
        log = (line(hms(0), "/dataset/a", status=404) +   # not counted
               line(hms(1), "/dataset/a", status=500) +   # not counted
               line(hms(2), "/dataset/a", method="HEAD") +  # only GET
               line(hms(3), "/dataset/a", method="POST") +
               line(hms(4), "/dataset/a", method="get") +   # method is case-sensitive
               line(hms(100), "/dataset/b", status=206) +   # 206 is counted
               line(hms(200), "/dataset/b", status=304, host="h2"))  # 304 too
        # a: nothing counted -> no row (not-counted lines are no events at all,
        # so they do not even make sessions).  b: views 2, 2 sessions.
        rows, stats = self.run_files(log)
        self.assertEqual(rows, [R(D, "b", v=2, uv=2, us=2)])
        self.assertEqual(stats.not_counted, 5)

    def test_status_outside_list_stops(self):
        rules = "view /a/{id} status=200\nview /a/{id}\n"
        log = (line(hms(0), "/a/x", status=304) +  # rule 1 matches, 304 not in list
               line(hms(0), "/a/y", status=200))
        # x: not counted although rule 2 would count it.  y: 1 view.
        self.assertEqual(self.rows(log, rules_text=rules), [R(D, "y", v=1, uv=1, us=1)])

    def test_query_capture_rule(self):
        log = (line(hms(0), "/iisi/logaccess/123?ndcnid=A1&x=y", status=302) +   # A1
               line(hms(100), "/iisi/logaccess/1/2/3?x=y&ndcnid=A1", status=200) +  # A1 again, 100 s later
               line(hms(0), "/iisi/logaccess/9?ndcnid=A%2DB", status=302) +      # decoded: A-B
               line(hms(0), "/iisi/logaccess?ndcnid=C1", status=302) +           # {*} needs >= 1 segment: other
               line(hms(0), "/iisi/logaccess/9?ndcnid=C2", status=304) +         # 304 not in 200,302: not counted
               line(hms(0), "/iisi/logaccess/9?NDCNID=C3", status=302) +         # names compare raw: other
               line(hms(0), "/iisi/logaccess/9?ndc%6Eid=C4", status=302) +       # raw name differs: other
               line(hms(0), "/iisi/logaccess/9?ndcnid=<x>&ndcnid=C5", status=302) +  # first pair decides: other
               line(hms(0), "/iisi/logaccess/9?ndcnid=a%2Fb", status=302) +      # decoded '/' outside class: other
               line(hms(0), "/iisi/logaccess/9?ndcnid=..", status=302) +         # '..' excluded: other
               line(hms(0), "/iisi/logaccess/9?ndcnid=" + "z" * 101, status=302) +  # 101 bytes: other
               line(hms(0), "/iisi/logaccess/9?ndcnid=" + "z" * 100, status=302) +  # 100 bytes: ok
               line(hms(0), "/iisi/logaccess/9#?ndcnid=C6", status=302) +       # after '#': no query: other
               line(hms(0), "/iisi/logaccess/9?a=1#&ndcnid=C7", status=302) +   # query ends at '#': other
               line(hms(0), "/iisi/logaccess/9/?ndcnid=C8", status=302))        # trailing '/' dropped: ok
        rows, stats = self.run_files(log, rules_text=QUERY_RULES)
        self.assertEqual(rows, [
            R(D, "A-B", d=1, ud=1, us=1),
            R(D, "A1", d=2, ud=1, us=1),    # 100 s apart: 2 downloads, one session
            R(D, "C8", d=1, ud=1, us=1),
            R(D, "z" * 100, d=1, ud=1, us=1)])
        self.assertEqual(stats.not_counted, 1)
        self.assertEqual(stats.other, 9)   # C1 C3 C4 C5 a%2Fb .. z*101 C6 C7

    def test_query_pair_details(self):
        log = (line(hms(0), "/iisi/logaccess/9?ndcnid&ndcnid=Q1", status=302) +  # first pair named ndcnid has no '=': value '' -> no match: other
               line(hms(0), "/iisi/logaccess/9?&&ndcnid=Q2&", status=302) +       # empty pairs are skipped by name: Q2
               line(hms(0), "/iisi/logaccess/9?ndcnid=Q3=x", status=302) +       # value 'Q3=x' ('=' not in class): other
               line(hms(0), "/iisi/logaccess/9?ndcnid=Q+4", status=302) +        # '+' is not decoded: other
               line(hms(0), "/iisi/logaccess/9?ndcnid=%%51%35", status=302))     # '%' stays, %51 -> Q, %35 -> 5: '%Q5': other
        rows, stats = self.run_files(log, rules_text=QUERY_RULES)
        self.assertEqual([r[1] for r in rows], ["Q2"])
        self.assertEqual(stats.other, 4)

    def test_percent_decoding(self):
        log = (line(hms(0), "/dataset/%61bc") +          # -> abc
               line(hms(0), "/dataset/a%2Fb") +          # decoded '/': other
               line(hms(0), "/dataset/a%2fb/resource/r") +  # lower case too: other
               line(hms(0), "/dataset/a%00") +           # decoded NUL: other
               line(hms(0), "/dataset/a%zz") +           # '%' stays: 'a%zz' not in class: other
               line(hms(0), "/dataset/%E4%B8%AD") +      # valid UTF-8 but not in class: other
               line(hms(0), "/dataset/%FF") +            # not UTF-8: other
               line(hms(0), "/dataset/%252F") +          # decoded once: '%2F' not in class: other
               line(hms(0), "/dataset%2Fx") +            # decoded '/': other
               line(hms(0), "/dataset/x%7E") +           # '~' is in the class: x~
               line(hms(0), "/dataset/b?q=%2F") +        # the query is not the path: b
               line(hms(0), "//dataset///c//"))          # collapsed, trailing '/' dropped: c
        rows, stats = self.run_files(log)
        self.assertEqual([r[1] for r in rows], ["abc", "b", "c", "x~"])
        self.assertEqual(stats.other, 8)

    def test_locale_prefix(self):
        log = (line(hms(0), "/zh_TW/dataset/a") +       # -> /dataset/a
               line(hms(100), "/en/dataset/a/") +       # -> /dataset/a
               line(hms(200), "/zh-Hant/dataset/a") +   # [_-][A-Za-z]{2,4}
               line(hms(0), "/EN/dataset/b") +          # upper case: not a locale: other
               line(hms(0), "/en/en/dataset/b") +       # only one segment dropped: other
               line(hms(0), "/zh_TWXYZ/dataset/b") +    # 5 letters: other
               line(hms(0), "/de/dataset/b/resource/r/download"))  # download of b
        rows, stats = self.run_files(log)
        self.assertEqual(rows, [R(D, "a", v=3, uv=1, us=1),
                                R(D, "b", d=1, ud=1, us=1)])
        self.assertEqual(stats.other, 3)

    def test_locale_needs_more_path(self):
        rules = "view /{id}\n"
        log = (line(hms(0), "/en") +        # nothing follows: kept, dataset 'en'
               line(hms(0), "/fr/") +       # '/fr' after dropping '/': dataset 'fr'
               line(hms(0), "/de/x"))       # locale dropped: dataset 'x'
        self.assertEqual([r[1] for r in self.rows(log, rules_text=rules)],
                         ["en", "fr", "x"])

    def test_script_is_other(self):
        log = (line(hms(0), "/dataset/<script>") +
               line(hms(0), "/dataset/%3Cscript%3E") +
               line(hms(0), "/dataset/\\x3Cscript\\x3E") +   # nginx escape in the request
               line(hms(0), "/dataset/" + "a" * 101) +       # 101 chars
               line(hms(0), "/dataset/.") +
               line(hms(0), "/dataset/..") +
               line(hms(0), "http://example.org/dataset/a") +  # absolute form
               line(hms(0), "*", method="OPTIONS"))
        rows, stats = self.run_files(log)
        self.assertEqual(rows, [])
        self.assertEqual(stats.other, 8)

    def test_bad_rule_files(self):
        for text in ("view /a\n",                       # no {id}
                     "view /{id}/{id}\n",               # {id} twice
                     "view /{*}/{id}\n",                # {*} not last
                     "look /{id}\n",                    # kind
                     "view {id}\n",                     # PATH must start with /
                     "view /{id} status=2xx\n",
                     "view /{id} status=200 ?a={resource}\n",  # status= last
                     "view /{id} extra\n"):
            with self.assertRaises(ref.ConfigError, msg=text):
                ref.parse_rules(text.encode(), "t")
        rules = ref.parse_rules(b"# c\n\n  view /x/{id}  # comment\n", "t")
        self.assertEqual(len(rules), 1)


class Parsing(Base):
    def test_rejects(self):
        ok = line(hms(0), "/dataset/a")
        log = (ok +
               line(hms(1), "/dataset/a", status="2000") +          # status
               line(hms(1), "/dataset/a", status="20x") +           # status
               line(hms(1), "/dataset/a", day="31/Feb/2024") +      # timestamp
               line(hms(1), "/dataset/a", day="10/Okt/2024") +      # timestamp
               line("24:00:00", "/dataset/a") +                     # timestamp
               line(hms(1), "/dataset/a", off="+2400") +            # timestamp
               line(hms(1), "/dataset/a", off="0800") +             # timestamp
               line(hms(1), "/dataset/a extra") +                   # 4 parts: request
               line(hms(1), "/dataset/a\\x20b") +                   # \x20 splits too: request
               line(hms(1), " /dataset/a", proto=None) +            # empty part: request
               '10.0.0.1 - - [10/Oct/2024:10:00:01 +0800] "GET /dataset/a HTTP/1.1" 200 512 "-"\n'  # no UA: format
               '10.0.0.1 - - [10/Oct/2024:10:00:01 +0800] "GET /dataset/a HTTP/1.1" 200 512 "-" "x"y\n'  # junk after UA: format
               '10.0.0.1 - - [10/Oct/2024:10:00:01 +0800] "GET /dataset/a HTTP/1.1" 200 5k "-" "x"\n'  # bytes: format
               '10.0.0.1  - - [10/Oct/2024:10:00:01 +0800] "GET /dataset/a HTTP/1.1" 200 5 "-" "x"\n'  # two blanks: format
               "\n\r\n")                                            # blank lines: skipped
        rows, stats = self.run_files(log)
        self.assertEqual(rows, [R(D, "a", v=1, uv=1, us=1)])
        self.assertEqual(stats.rejected, {"status": 2, "timestamp": 5,
                                          "request": 3, "format": 4})
        self.assertEqual(stats.blank, 2)

    def test_accepted_variants(self):
        log = (line("10:00:00", "/dataset/a", proto=None) +         # METHOD TARGET
               line("10:00:00", "/dataset/b", tail=' "203.0.113.9"') +  # X-Forwarded-For
               line("10:00:00", "/dataset/c", nbytes="-") +
               line("10:00:00", "/dataset/d", day="10/oCT/2024") +  # month case-insensitive
               line("10:00:00", "/dataset/e", day="29/Feb/2024") +  # leap day
               line("10:00:00", "/dataset/f", ua='say \\"hi\\" \\x41\\\\') +
               line("10:00:00", "/dataset/g").replace("\n", "\r\n") +
               line("10:00:00", "/dataset/h")[:-1])                 # last line, no \n
        rows, stats = self.run_files(log)
        self.assertEqual([r[1] for r in rows if r[0] == D], list("abcdfgh"))
        self.assertEqual([r[0] for r in rows if r[1] == "e"], ["2024-02-29"])
        self.assertEqual(stats.rejected, {})

    def test_long_line(self):
        pad = "p" * 65536
        base = line("10:00:00", "/dataset/a", ua="")
        # the UA field is empty; fill it so the line is exactly 65536 bytes
        n = 65536 - (len(base) - 1)
        ok = line("10:00:00", "/dataset/a", ua=pad[:n])
        long_ = line("10:00:00", "/dataset/b", ua=pad[:n + 1])
        self.assertEqual(len(ok), 65537)
        rows, stats = self.run_files(ok + long_)
        # 65536 bytes: accepted (robot? no: a UA of p's is human); 65537: rejected.
        self.assertEqual([r[1] for r in rows], ["a"])
        self.assertEqual(stats.rejected, {"too long": 1})

    def test_unescape(self):
        self.assertEqual(ref.unescape(rb'a\"b\\c\x41\x4a\q\x4'), b'a"b\\cAJ\\q\\x4')
        self.assertEqual(ref.unescape(rb"\\x41"), b"\\x41")   # \\ first, then literal x41


class Classes(Base):
    def test_classes(self):
        log = (line(hms(0), "/dataset/a", ua="") +           # empty: robot
               line(hms(0), "/dataset/a", ua="-") +          # '-': robot
               line(hms(0), "/dataset/a", ua="x") +          # COUNTER '^.?$': robot
               line(hms(0), "/dataset/a", ua="python-requests/2.31") +  # machine
               line(hms(0), "/dataset/a", ua="axios/1.6.0") +  # machine list wins over COUNTER 'axios\/\d'
               line(hms(0), "/dataset/a", ua="My SPIDER 1.0") +  # robot, case-insensitive
               line(hms(0), "/dataset/a", ua="ChatGPT-User/1.0") +  # extra-robots
               line(hms(0), "/dataset/a", ua=HUMAN))
        self.assertEqual(self.rows(log), [R(D, "a", v=1, uv=1, us=1, mv=2, rv=5)])


    def test_ua_match_modes(self):
        # A one-character non-ASCII UA ("\u00e9", 2 bytes in UTF-8).  COUNTER's
        # '^.?$' matches it when the UA is decoded as UTF-8 (default): robot.
        # With --ua-match bytes ('.' is one byte, like PCRE without UTF) it is
        # two bytes, so no pattern matches: human.
        _, utf8 = self.build(ua_match="utf8")
        _, raw = self.build(ua_match="bytes")
        ua = "\u00e9".encode("utf-8")
        self.assertEqual(utf8.classify(ua), "robot")
        self.assertEqual(raw.classify(ua), "human")
        # The mojibake COUNTER patterns match the UTF-8 bytes in both modes.
        ua = "\u7834\u89e3\u540e\u7684".encode("utf-8")   # ^破解后的$
        self.assertEqual(utf8.classify(ua), "robot")
        self.assertEqual(raw.classify(ua), "robot")


class Merge(Base):
    def test_merge_newest_first(self):
        newest = line(hms(100), "/dataset/a")
        older = line(hms(50), "/dataset/a") + line(hms(75), "/dataset/a")
        # Merged order 50, 75, 100: 50 counted; 75 (25 s) and 100 (25 s after
        # last = 75) suppressed -> views 1.  (Concatenated order 100, 50, 75
        # would give 2: 50 is 50 s from last = 100.)
        names = [self.write(newest), self.write(older, gz=True)]
        self.assertEqual(self.rows(names=names), [R(D, "a", v=1, uv=1, us=1)])
        rows, _ = self.run_files(newest + older)
        self.assertEqual(rows, [R(D, "a", v=2, uv=1, us=1)])

    def test_tie_goes_to_earlier_file(self):
        # The same instant written by two servers in two offsets:
        # 23:59:59 +0000 on the 10th == 00:59:59 +0100 on the 11th.
        a = line("23:59:59", "/dataset/a", off="+0000")
        b = line("00:59:59", "/dataset/a", off="+0100", day="11/Oct/2024")
        fa, fb = self.write(a), self.write(b)
        # a first: the 10th gets the counted view, the 11th only the suppressed
        # one (|0| <= 30), which still makes a session there.
        self.assertEqual(self.rows(names=[fa, fb]),
                         [R(D, "a", v=1, uv=1, us=1), R(D2, "a", v=0, uv=1, us=1)])
        self.assertEqual(self.rows(names=[fb, fa]),
                         [R(D, "a", v=0, uv=1, us=1), R(D2, "a", v=1, uv=1, us=1)])

    def test_each_file_keeps_its_order(self):
        # File 1: 100 then 0 (disorder within the file).  File 2: 50.
        # Heads 100 and 50 -> 50 first; then 100, then 0.  Order 50, 100, 0:
        # 50 counted; 100 counted (|50| > 30), last 100; 0 counted (|100|).
        f1 = self.write(line(hms(100), "/dataset/a") + line(hms(0), "/dataset/a"))
        f2 = self.write(line(hms(50), "/dataset/a"))
        rows, stats = self.run_files(names=[f1, f2])
        self.assertEqual(rows, [R(D, "a", v=3, uv=1, us=1)])
        self.assertEqual(stats.late, 0)      # 0 is only 100 s older than newest

    def test_rejected_lines_take_no_part(self):
        f1 = self.write("garbage\n" + line(hms(10), "/dataset/a"))
        f2 = self.write(line(hms(0), "/dataset/a", ua=HUMAN2))
        rows, stats = self.run_files(names=[f1, f2])
        self.assertEqual(rows, [R(D, "a", v=2, uv=2, us=2)])

    def test_late_lines_still_counted(self):
        log = line(hms(2000), "/dataset/a") + line(hms(0), "/dataset/a")
        rows, stats = self.run_files(log)
        self.assertEqual(rows, [R(D, "a", v=2, uv=1, us=1)])
        self.assertEqual(stats.late, 1)      # 2000 s > 900 s older than newest


class Cli(Base):
    def test_cli_from_to_and_stdin(self):
        log = (line("10:00:00", "/dataset/a", day="09/Oct/2024") +
               line("10:00:00", "/dataset/b") +
               line("10:00:00", "/dataset/a", day="11/Oct/2024"))
        script = os.path.join(HERE, "odstat_ref.py")
        p = subprocess.run([sys.executable, script, "--from", "2024-10-10",
                            "--to", "2024-10-11", "-"], input=log.encode(),
                           capture_output=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.decode(), ref.HEADER + "\n"
                         "2024-10-10,b,1,0,1,0,1,0,0,0,0\n"
                         "2024-10-11,a,1,0,1,0,1,0,0,0,0\n")

    def test_cli_errors(self):
        script = os.path.join(HERE, "odstat_ref.py")
        p = subprocess.run([sys.executable, script, "--from", "2024-02-30",
                            os.devnull], capture_output=True)
        self.assertEqual(p.returncode, 2)
        p = subprocess.run([sys.executable, script,
                            os.path.join(self.tmp.name, "missing.log")],
                           capture_output=True)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout.decode(), ref.HEADER + "\n")


if __name__ == "__main__":
    unittest.main()
