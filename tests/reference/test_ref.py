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
        catalog = None
        if kw.get("catalog") is not None:
            catalog = [os.path.join(self.tmp.name, "catalog%d.csv" % self.n)]
            with open(catalog[0], "w", encoding="utf-8") as f:
                f.write(kw["catalog"])
        networks = None
        if kw.get("networks") is not None:
            networks = os.path.join(self.tmp.name, "networks%d" % self.n)
            with open(networks, "w") as f:
                f.write(kw["networks"])
        ns = argparse.Namespace(rules=rules, machines=kw.get("machines"),
                                robots=kw.get("robots"), data_dir=None,
                                ua_match=kw.get("ua_match", "utf8"),
                                catalog=catalog, host=kw.get("host"),
                                max_requests=kw.get("max_requests"),
                                robot_networks=networks,
                                format=kw.get("format", "combined"))
        return ref.build(ns)

    def run_files(self, *texts, rules_text=None, date_from=None, date_to=None,
                  names=None, extra=False, **kw):
        """Returns (rows, stats); rows as tuples with int counts.  With
        extra=True, rows of the extra CSV instead."""
        if names is None:
            names = [self.write(t) for t in texts]
        cfg = self.build(rules_text, **kw)
        daily, extra_csv, stats = ref.run(names, cfg, date_from, date_to)
        csv = extra_csv if extra else daily
        lines = csv.split("\n")
        self.assertEqual(lines[0], ref.EXTRA_HEADER if extra else ref.HEADER)
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

    def test_out_of_order_lines_are_sorted_first(self):
        # SPEC 2.1/2.3: chains are taken over the events sorted by instant,
        # whatever the order of the lines in the file.
        log = (line(hms(100), "/dataset/a") +
               line(hms(140), "/dataset/a") +
               line(hms(120), "/dataset/a") +   # sorted a: 100, 120, 140: gaps 20, 20: one chain
               line(hms(100), "/dataset/b") +
               line(hms(50), "/dataset/b") +
               line(hms(75), "/dataset/b") +
               line(hms(131), "/dataset/b"))    # sorted b: 50, 75, 100 | 131 (gap 31): two chains
        # a: views 1; b: views 2; all in hour 10 -> one session each.
        self.assertEqual(self.rows(log), [R(D, "a", v=1, uv=1, us=1),
                                          R(D, "b", v=2, uv=1, us=1)])

    def test_chain_whose_first_click_comes_last(self):
        # File order 20, 40, 0; sorted 0, 20, 40: one chain, counted once.
        log = (line(hms(20), "/dataset/a") + line(hms(40), "/dataset/a") +
               line(hms(0), "/dataset/a"))
        self.assertEqual(self.rows(log), [R(D, "a", v=1, uv=1, us=1)])

    def test_late_click_bridges_two_chains(self):
        # 0 and 50 are two chains (gap 50): views 2.  A click at 25 written
        # later joins them (gaps 25, 25): one chain, one count disappears.
        two = line(hms(0), "/dataset/a") + line(hms(50), "/dataset/a")
        self.assertEqual(self.rows(two), [R(D, "a", v=2, uv=1, us=1)])
        self.assertEqual(self.rows(two + line(hms(25), "/dataset/a")),
                         [R(D, "a", v=1, uv=1, us=1)])

    def test_chain_across_midnight_earlier_half_written_last(self):
        # 00:00:10 on the 11th is written first, 23:59:50 on the 10th after it
        # (e.g. in another file).  Sorted, the chain starts on the 10th: the
        # count belongs there; the 11th keeps only the session (uv 1).
        late = line("00:00:10", "/dataset/a", day="11/Oct/2024")
        early = line("23:59:50", "/dataset/a")
        self.assertEqual(self.rows(late + early), [R(D, "a", v=1, uv=1, us=1),
                                                   R(D2, "a", v=0, uv=1, us=1)])
        self.assertEqual(self.rows(late, early), [R(D, "a", v=1, uv=1, us=1),
                                                  R(D2, "a", v=0, uv=1, us=1)])

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
               line(hms(300), "/zh_Hant_TW/dataset/a") +  # two of them (CKAN, SPEC v2)
               line(hms(0), "/EN/dataset/b") +          # upper case: not a locale: other
               line(hms(0), "/en/en/dataset/b") +       # only one segment dropped: other
               line(hms(0), "/zh_TWXYZ/dataset/b") +    # 5 letters: other
               line(hms(0), "/de/dataset/b/resource/r/download"))  # download of b
        rows, stats = self.run_files(log)
        self.assertEqual(rows, [R(D, "a", v=4, uv=1, us=1),
                                R(D, "b", d=1, ud=1, us=1)])
        self.assertEqual(stats.other, 3)

    def test_locale_three_parts_is_not_a_locale(self):
        rules = "view /{id}/x\n"
        log = (line(hms(0), "/zh_Hant_TW/a/x") +       # dropped: /a/x
               line(hms(0), "/zh_Hant_TW_x/b/x") +     # three parts: kept, /zh_Hant_TW_x/b/x: other
               line(hms(0), "/zh-hant-twxy/c/x"))      # 4 letters: dropped: /c/x
        self.assertEqual([r[1] for r in self.rows(log, rules_text=rules)],
                         ["a", "c"])

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
        utf8 = self.build(ua_match="utf8").classifier
        raw = self.build(ua_match="bytes").classifier
        ua = "\u00e9".encode("utf-8")
        self.assertEqual(utf8.classify(ua), "robot")
        self.assertEqual(raw.classify(ua), "human")
        # The mojibake COUNTER patterns match the UTF-8 bytes in both modes.
        ua = "\u7834\u89e3\u540e\u7684".encode("utf-8")   # ^破解后的$
        self.assertEqual(utf8.classify(ua), "robot")
        self.assertEqual(raw.classify(ua), "robot")


class SetOfLines(Base):
    """SPEC 2.1: the numbers are a function of the set of lines."""

    def test_file_order_does_not_matter(self):
        newest = line(hms(100), "/dataset/a")
        older = line(hms(50), "/dataset/a") + line(hms(75), "/dataset/a")
        # Sorted 50, 75, 100: gaps 25, 25: one chain -> views 1, whether the
        # lines come in two files (either order, one gzipped) or in one file
        # in the order 100, 50, 75.
        a, b = self.write(newest), self.write(older, gz=True)
        self.assertEqual(self.rows(names=[a, b]), [R(D, "a", v=1, uv=1, us=1)])
        self.assertEqual(self.rows(names=[b, a]), [R(D, "a", v=1, uv=1, us=1)])
        self.assertEqual(self.rows(newest + older), [R(D, "a", v=1, uv=1, us=1)])

    def test_tie_by_local_time_as_written(self):
        # The same instant written by two servers in two offsets:
        # 23:59:59 +0000 on the 10th == 00:59:59 +0100 on the 11th.  Ties are
        # ordered by the local date-time as written: the 10th's line first, so
        # the chain (gap 0) counts on the 10th, the 11th has only the session.
        a = line("23:59:59", "/dataset/a", off="+0000")
        b = line("00:59:59", "/dataset/a", off="+0100", day="11/Oct/2024")
        fa, fb = self.write(a), self.write(b)
        want = [R(D, "a", v=1, uv=1, us=1), R(D2, "a", v=0, uv=1, us=1)]
        self.assertEqual(self.rows(names=[fa, fb]), want)
        self.assertEqual(self.rows(names=[fb, fa]), want)

    def test_interleaved_files(self):
        # File 1: 100 then 0 (disorder within the file).  File 2: 50.
        # Sorted 0, 50, 100: gaps 50, 50 -> three chains, views 3.
        f1 = self.write(line(hms(100), "/dataset/a") + line(hms(0), "/dataset/a"))
        f2 = self.write(line(hms(50), "/dataset/a"))
        self.assertEqual(self.rows(names=[f1, f2]), [R(D, "a", v=3, uv=1, us=1)])
        self.assertEqual(self.rows(names=[f2, f1]), [R(D, "a", v=3, uv=1, us=1)])

    def test_rejected_lines_take_no_part(self):
        f1 = self.write("garbage\n" + line(hms(10), "/dataset/a"))
        f2 = self.write(line(hms(0), "/dataset/a", ua=HUMAN2))
        rows, stats = self.run_files(names=[f1, f2])
        self.assertEqual(rows, [R(D, "a", v=2, uv=2, us=2)])

    def test_old_lines_are_exact(self):
        # 2000 s apart in the order 2000, 0: two chains, one session.  There
        # are no "late" lines in the reference: it counts the whole set.
        log = line(hms(2000), "/dataset/a") + line(hms(0), "/dataset/a")
        self.assertEqual(self.rows(log), [R(D, "a", v=2, uv=1, us=1)])


CLOUD = "198.51.100.0/24\n"


class RobotsByBehaviour(Base):
    """SPEC 1.7.  Extra rows: (date, ds, machine_unique_views,
    machine_unique_downloads, machine_unique_sessions, robot_ua,
    robot_robotstxt, robot_rate, robot_network)."""

    def extra(self, *texts, **kw):
        return self.run_files(*texts, extra=True, **kw)[0]

    def test_robots_txt_first(self):
        log = (line("10:00:00", "/robots.txt") +
               line("10:00:10", "/dataset/a") +
               line("10:05:00", "/dataset/a/resource/r/download"))
        # The session-hour (10.0.0.1, HUMAN, 10th, 10) requested /robots.txt:
        # both events are robot events; no human numbers, no uniques.
        self.assertEqual(self.rows(log), [R(D, "a", rv=1, rd=1)])
        self.assertEqual(self.extra(log), [(D, "a", 0, 0, 0, 0, 2, 0, 0)])

    def test_robots_txt_last(self):
        # Written last, and in a later file: it still turns the hour.
        views = line("10:00:00", "/dataset/a") + line("10:10:00", "/dataset/a")
        self.assertEqual(self.rows(views, line("10:59:59", "/robots.txt")),
                         [R(D, "a", rv=2)])

    def test_robots_txt_only_its_own_hour(self):
        log = (line("10:59:50", "/dataset/a") +
               line("11:00:05", "/dataset/a") +
               line("11:30:00", "/robots.txt", method="HEAD", status=404))
        # Hour 11 requested robots.txt (any method, any status): its view is
        # a robot event and takes no part in chains.  Hour 10's view stays
        # human and is counted (without robots.txt the 11:00:05 view would be
        # suppressed, 15 s after it).
        self.assertEqual(self.rows(log), [R(D, "a", v=1, uv=1, us=1, rv=1)])
        self.assertEqual(self.rows(log.replace("robots.txt", "robots.html")),
                         [R(D, "a", v=1, uv=2, us=2)])

    def test_robots_txt_forms(self):
        # The path after SPEC 1.3 normalisation: locale dropped, query and
        # trailing '/' dropped, percent-decoded.  Each form in its own hour.
        def hour(h, robots):
            return (line("%02d:00:00" % h, robots) +
                    line("%02d:00:10" % h, "/dataset/a"))
        turned = ["/robots.txt?x=1", "/en/robots.txt", "/robots.txt/",
                  "//robots.txt", "/%72obots.txt", "/zh_Hant_TW/robots.txt"]
        kept = ["/Robots.txt", "/robots.txt/x", "/robots.txt.bak",
                "http://h/robots.txt"]
        log = "".join(hour(1 + i, t) for i, t in enumerate(turned + kept))
        self.assertEqual(self.rows(log), [R(D, "a", v=len(kept),
                                            uv=len(kept), us=len(kept),
                                            rv=len(turned))])

    def test_machine_with_robots_txt_is_robot(self):
        # (a) applies to every session-hour; only (b) and the networks spare
        # machines.
        log = line("10:00:00", "/robots.txt", ua=CURL) + line("10:00:01", "/dataset/a", ua=CURL)
        self.assertEqual(self.rows(log), [R(D, "a", rv=1)])

    def burst(self, n, ua=HUMAN, host="10.0.0.1", start=0):
        # n views of /dataset/a, 10 s apart: one double-click chain.
        return "".join(line(hms(start + 10 * i), "/dataset/a", ua=ua, host=host)
                       for i in range(n))

    def test_120_and_121_requests(self):
        # 120 requests in the hour (1190 s): not more than R = 120: human, one
        # chain -> views 1 (the 119 suppressed clicks count toward R, too).
        self.assertEqual(self.rows(self.burst(120)), [R(D, "a", v=1, uv=1, us=1)])
        # 121: the session-hour is a robot: 121 robot views, by rate.
        self.assertEqual(self.rows(self.burst(121)), [R(D, "a", rv=121)])
        self.assertEqual(self.extra(self.burst(121)), [(D, "a", 0, 0, 0, 0, 0, 121, 0)])
        # split into two files, the 121st first: the same
        b = self.burst(121).splitlines(True)
        self.assertEqual(self.rows(b[120], "".join(b[:120])), [R(D, "a", rv=121)])

    def test_rate_counts_dataset_requests_only(self):
        # 120 counted dataset requests plus requests that are not: a HEAD, a
        # 404, a POST of a dataset page, and a page no rule maps (/about).
        extra = (line(hms(1300), "/dataset/a", method="HEAD") +
                 line(hms(1301), "/dataset/a", status=404) +
                 line(hms(1302), "/dataset/a", method="POST") +
                 line(hms(1303), "/about"))
        self.assertEqual(self.rows(self.burst(120) + extra),
                         [R(D, "a", v=1, uv=1, us=1)])

    def test_rate_per_session_hour(self):
        # 121 requests spread over two hours (10:50:00 .. 11:10:00) are 60 +
        # 61 in two session-hours: human.  Chain: one (10 s gaps), counted in
        # hour 10; two sessions.
        log = self.burst(121, start=3000)
        self.assertEqual(self.rows(log), [R(D, "a", v=1, uv=2, us=2)])
        # and two clients of 61 each: each session-hour has 61: human.
        two = self.burst(61) + self.burst(61, host="10.0.0.2")
        self.assertEqual(self.rows(two), [R(D, "a", v=2, uv=2, us=2)])

    def test_max_requests_option(self):
        self.assertEqual(self.rows(self.burst(121), max_requests=0),
                         [R(D, "a", v=1, uv=1, us=1)])          # 0 = off
        self.assertEqual(self.rows(self.burst(6), max_requests=5), [R(D, "a", rv=6)])
        self.assertEqual(self.rows(self.burst(5), max_requests=5),
                         [R(D, "a", v=1, uv=1, us=1)])

    def test_machine_over_the_limit_stays_machine(self):
        log = self.burst(121, ua=CURL)
        # machine: one chain -> machine_views 1; machine uniques in the extra.
        self.assertEqual(self.rows(log), [R(D, "a", mv=1)])
        self.assertEqual(self.extra(log), [(D, "a", 1, 0, 1, 0, 0, 0, 0)])

    def test_robot_networks_ipv4_and_ipv6(self):
        nets = "# cloud ranges\n2001:db8:c10d::/48   # a provider\n" + CLOUD
        log = (line(hms(0), "/dataset/a", host="2001:db8:c10d::5") +     # in: robot
               line(hms(1), "/dataset/a", host="2001:db8:c10e::5") +     # not in: human
               line(hms(2), "/dataset/a", host="2001:DB8:C10D:0::9") +   # in (written otherwise)
               line(hms(3), "/dataset/a", host="198.51.100.7") +          # in: robot
               line(hms(4), "/dataset/a", host="198.51.101.7") +          # not in
               line(hms(5), "/dataset/a", host="2001:db8:c10d::6", ua=CURL) +  # machine stays machine
               line(hms(6), "/dataset/a", host="::ffff:198.51.100.8") +   # IPv4-mapped: in
               line(hms(7), "/dataset/a", host="cloud.example"))          # a name: never in
        # human: c10e::5, 198.51.101.7, cloud.example -> 3 views, 3 sessions;
        # robot by network: 4; machine 1.
        self.assertEqual(self.rows(log, networks=nets),
                         [R(D, "a", v=3, uv=3, us=3, mv=1, rv=4)])
        self.assertEqual(self.extra(log, networks=nets),
                         [(D, "a", 1, 0, 1, 0, 0, 0, 4)])
        self.assertEqual(self.rows(log), [R(D, "a", v=7, uv=7, us=7, mv=1)])

    def test_bad_network_line(self):
        with self.assertRaises(ref.ConfigError) as cm:
            self.build(networks="10.0.0.0/8\n10.0.0.0/33\n")
        self.assertIn(":2:", str(cm.exception))

    def test_precedence(self):
        # UA lists > robots.txt > rate > networks, one rule per event.
        log = (line("10:00:00", "/robots.txt", ua=BOT) +
               line("10:00:01", "/dataset/a", ua=BOT) +                      # ua
               line("11:00:00", "/robots.txt", host="198.51.100.1") +
               line("11:00:01", "/dataset/a", host="198.51.100.1") +         # robotstxt
               self.burst(121, host="198.51.100.2", start=7200) +            # rate (hour 12)
               line("13:00:00", "/dataset/a", host="198.51.100.3"))          # network
        self.assertEqual(self.extra(log, networks=CLOUD),
                         [(D, "a", 0, 0, 0, 1, 1, 121, 1)])
        self.assertEqual(self.rows(log, networks=CLOUD), [R(D, "a", rv=124)])


class Formats(Base):
    def test_common_has_no_ua(self):
        # common: no UA field -> detection by UA off: every event human (the
        # 'Googlebot' below is not a UA field: common ignores what follows).
        log = ('10.0.0.1 - - [10/Oct/2024:10:00:00 +0800] "GET /dataset/a HTTP/1.1" 200 5\n'
               '10.0.0.2 - - [10/Oct/2024:10:00:00 +0800] "GET /dataset/a HTTP/1.1" 200 5 "-" "Googlebot"\n'
               '10.0.0.3 - - [10/Oct/2024:10:00:00 +0800] "GET /robots.txt HTTP/1.1" 200 5\n'
               '10.0.0.3 - - [10/Oct/2024:10:00:09 +0800] "GET /dataset/a HTTP/1.1" 200 5\n')
        # 10.0.0.1 and .2: human; 10.0.0.3's hour requested robots.txt: robot.
        self.assertEqual(self.rows(log, format="common"),
                         [R(D, "a", v=2, uv=2, us=2, rv=1)])
        # In combined the first and the last two lines lack the UA: rejected.
        rows, stats = self.run_files(log)
        self.assertEqual(rows, [R(D, "a", rv=1)])          # Googlebot
        self.assertEqual(stats.rejected, {"format": 3})

    def test_vhost_combined(self):
        log = ('data.example.org:443 10.0.0.1 - - [10/Oct/2024:10:00:00 +0800] '
               '"GET /dataset/a HTTP/1.1" 200 5 "-" "%s"\n' % HUMAN)
        self.assertEqual(self.rows(log, format="vhost_combined"),
                         [R(D, "a", v=1, uv=1, us=1)])


CATALOG = """dataset_id,url
A100,https://data.agency.gov.tw/Service/OpenData.aspx?format=csv&id=50C8
A100,https://data.agency.gov.tw/OdService/download/A17
B200,https://files.example.org/OdService/download/A17
A300,https://data.agency.gov.tw/shared/file.csv
A050,https://data.agency.gov.tw/shared/file.csv
"""


class CatalogURLs(Base):
    """SPEC 1.4b.  Each case is one download at its own second (no chains)."""

    def ids(self, targets, **kw):
        log = "".join(line(hms(100 * i), t[0], status=t[1] if len(t) > 1 else 200)
                      for i, t in enumerate(targets))
        return [(r[1], r[3]) for r in self.rows(log, catalog=CATALOG, **kw)]

    def test_query_matching(self):
        self.assertEqual(self.ids([
            ("/Service/OpenData.aspx?id=50C8&format=csv&x=1",),   # order, extras: A100
            ("/Service/OpenData.aspx?FORMAT=csv&id=50%438",),     # names any case, values decoded
            ("/Service/OpenData.aspx?format=CSV&id=50C8",),       # value differs: other
            ("/Service/OpenData.aspx?format=csv",),               # id missing: other
            ("/service/opendata.aspx?format=csv&id=50C8",),       # path is case-sensitive: other
        ]), [("A100", 2)])

    def test_path_treatment_and_shared_urls(self):
        # //OdService//download/A17/ -> /OdService/download/A17; no host on
        # the line and no --host: both A100's and B200's URL fit; A100 is
        # byte-smaller.  /shared/file.csv: A050 < A300.
        self.assertEqual(self.ids([("//OdService//download/A17/",),
                                   ("/shared/file.csv",),
                                   ("/en/shared/file.csv",)]),   # no locale stripping: other
                         [("A050", 1), ("A100", 1)])

    def test_host(self):
        t = [("/OdService/download/A17",)]
        self.assertEqual(self.ids(t, host=["files.example.org"]), [("B200", 1)])
        self.assertEqual(self.ids(t, host=["FILES.example.org:8443"]), [("B200", 1)])
        self.assertEqual(self.ids(t, host=["other.example"]), [])
        # a vhost line carries its host: it decides, --host is not used
        log = ('files.example.org:443 10.0.0.1 - - [10/Oct/2024:10:00:00 +0800] '
               '"GET /OdService/download/A17 HTTP/1.1" 200 5 "-" "%s"\n' % HUMAN)
        rows = self.rows(log, catalog=CATALOG, format="vhost_combined",
                         host=["data.agency.gov.tw"])
        self.assertEqual([r[1] for r in rows], ["B200"])

    def test_statuses(self):
        # 200, 206, 304 count; 302 and 404 do not.
        self.assertEqual(self.ids([("/shared/file.csv", 206), ("/shared/file.csv", 304),
                                   ("/shared/file.csv", 302), ("/shared/file.csv", 404)]),
                         [("A050", 2)])

    def test_resource_position_in_click_key(self):
        # A100's two URLs are resources 1 and 2: two click keys, so two
        # downloads 1 s apart both count.
        log = (line(hms(0), "/Service/OpenData.aspx?format=csv&id=50C8") +
               line(hms(1), "/OdService/download/A17"))
        self.assertEqual(self.rows(log, catalog=CATALOG),
                         [R(D, "A100", d=2, ud=1, us=1)])

    def test_rules_first(self):
        # A rule that matches the target decides, even when its status list
        # refuses the line: the catalog is not tried.
        rules = "download /OdService/download/{id} status=200\n"
        log = line(hms(0), "/OdService/download/A17", status=304)
        self.assertEqual(self.rows(log, catalog=CATALOG, rules_text=rules), [])
        self.assertEqual(self.rows(log, catalog=CATALOG),
                         [R(D, "A100", d=1, ud=1, us=1)])

    def test_data_gov_tw_export(self):
        text = ("\ufeff資料集識別碼,資料集名稱,資料下載網址\n"
                '6564,空氣品質指標(AQI),"https://data.moenv.gov.tw/api/v2/aqx_p_432?format=csv;'
                'https://data.moenv.gov.tw/api/v2/aqx_p_432?format=json"\n')
        log = line(hms(0), "/api/v2/aqx_p_432?format=json&api_key=x")
        self.assertEqual(self.rows(log, catalog=text),
                         [R("2024-10-10", "6564", d=1, ud=1, us=1)])


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

    def test_cli_v2_options(self):
        # --catalog, --host, --robot-networks, --max-requests and --extra on
        # the command line (the same numbers as the unit cases above).
        cat = os.path.join(self.tmp.name, "cat.csv")
        with open(cat, "w") as f:
            f.write(CATALOG)
        nets = os.path.join(self.tmp.name, "nets")
        with open(nets, "w") as f:
            f.write("2001:db8:c10d::/48\n")
        extra = os.path.join(self.tmp.name, "extra.csv")
        log = (line("10:00:00", "/OdService/download/A17") +            # B200 by --host
               line("10:00:00", "/dataset/a", host="2001:db8:c10d::1") +  # robot: network
               "".join(line(hms(10 * i), "/dataset/b", host="10.0.0.9")
                       for i in range(4)))                              # 4 > 3: robot: rate
        script = os.path.join(HERE, "odstat_ref.py")
        p = subprocess.run([sys.executable, script, "--catalog", cat,
                            "--host", "files.example.org", "--robot-networks",
                            nets, "--max-requests", "3", "--extra", extra, "-"],
                           input=log.encode(), capture_output=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.decode(), ref.HEADER + "\n"
                         "2024-10-10,B200,0,1,0,1,1,0,0,0,0\n"
                         "2024-10-10,a,0,0,0,0,0,0,0,1,0\n"
                         "2024-10-10,b,0,0,0,0,0,0,0,4,0\n")
        with open(extra) as f:
            self.assertEqual(f.read(), ref.EXTRA_HEADER + "\n"
                             "2024-10-10,a,0,0,0,0,0,0,1\n"
                             "2024-10-10,b,0,0,0,0,0,4,0\n")
        p = subprocess.run([sys.executable, script, "--robot-networks",
                            os.path.join(self.tmp.name, "missing"), os.devnull],
                           capture_output=True)
        self.assertEqual(p.returncode, 2)

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
