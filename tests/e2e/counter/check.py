#!/usr/bin/env python3
"""Checks of odstat-report counter output (tests/e2e/scripts/counter.sh).

  check.py validate REPORT            REPORT (.json or .json.gz) against the
                                      project's DSR schema, the published one
                                      when it is on this machine, and the rules
                                      a schema cannot say
  check.py equal REPORT EXPECTED      same JSON value (key order and layout aside)
  check.py sums REPORT DB FROM TO [SITE]
                                      every metric's total equals daily's sums
                                      over FROM..TO (inclusive, YYYY-MM-DD), of
                                      SITE's rows when it is given

Exit 0 when the check holds; else 1 with the reason on stderr.
"""
import gzip
import json
import os
import sqlite3
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SCHEMA = os.path.join(REPO, "tests", "fixtures", "counter", "dsr-rd1.schema.json")
# The usage-report schema the hub validates with (DataCite's sashimi,
# lib/sushi_schema/sushi_usage_schema.json, MIT). It is not in this
# repository (see tests/fixtures/counter/README.md); it is used when it is
# beside the checkout in shared/ or named by ODSTAT_DSR_SCHEMA.
PUBLISHED = [os.environ.get("ODSTAT_DSR_SCHEMA", ""),
             os.path.join(REPO, "..", "shared", "schemas", "counter", "sushi_usage_schema.json")]

METRICS = {  # metric-type -> the daily columns it sums, per access method
    "total-dataset-investigations": ("views + downloads", "machine_views + machine_downloads"),
    "unique-dataset-investigations": ("unique_sessions", "machine_unique_sessions"),
    "total-dataset-requests": ("downloads", "machine_downloads"),
    "unique-dataset-requests": ("unique_downloads", "machine_unique_downloads"),
}


def fail(why):
    print("FAIL: " + why, file=sys.stderr)
    sys.exit(1)


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def validate_published(doc):
    for path in PUBLISHED:
        if path and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                schema = json.load(f)
            # the hub validates the header's members and report-datasets
            # side by side, and the definitions hold the nested report
            flat = dict(doc["report-header"], **{"report-datasets": doc["report-datasets"]})
            jsonschema.validate(flat, schema)
            nested = {"$ref": "#/definitions/counter_dataset_report",
                      "definitions": schema["definitions"]}
            jsonschema.validate(doc, nested)
            return path
    return None


def rules(doc):
    """What the schema cannot say: order, months, country sums."""
    period = doc["report-header"]["reporting-period"]
    ids = []
    for ds in doc["report-datasets"]:
        ids.append(ds["dataset-id"][0]["value"])
        months = [p["period"]["begin-date"] for p in ds["performance"]]
        if months != sorted(set(months)):
            fail("performance months not ascending and distinct: %s" % months)
        for p in ds["performance"]:
            b, e = p["period"]["begin-date"], p["period"]["end-date"]
            if b[8:] != "01" or b[:7] != e[:7] or not period["begin-date"] <= b <= e <= period["end-date"]:
                fail("performance period %s..%s is not a month of the report" % (b, e))
            for inst in p["instance"]:
                if sum(inst["country-counts"].values()) > inst["count"]:
                    fail("country-counts add up to more than the count: %s" % inst)
    if len(set(ids)) != len(ids):
        fail("a dataset appears twice")


def validate(path):
    doc = load(path)
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft7Validator.check_schema(schema)
        jsonschema.validate(doc, schema)
        published = validate_published(doc)
    except jsonschema.ValidationError as e:
        fail("%s: %s at %s" % (path, e.message, "/".join(str(p) for p in e.absolute_path)))
    rules(doc)
    print("valid: %s (project schema%s)" % (path, ", published schema " + published if published else ""))


def equal(path, expected):
    got, want = load(path), load(expected)
    if got != want:
        a = json.dumps(want, indent=1, sort_keys=True, ensure_ascii=False).splitlines()
        b = json.dumps(got, indent=1, sort_keys=True, ensure_ascii=False).splitlines()
        import difflib
        print("\n".join(difflib.unified_diff(a, b, "expected", "got", lineterm="")), file=sys.stderr)
        fail("%s differs from %s" % (path, expected))


def sums(path, db, first, last, site=None):
    doc = load(path)
    got = {}
    for ds in doc["report-datasets"]:
        for p in ds["performance"]:
            for inst in p["instance"]:
                key = (inst["access-method"], inst["metric-type"])
                got[key] = got.get(key, 0) + inst["count"]
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    for metric, (regular, machine) in METRICS.items():
        for method, expr in (("regular", regular), ("machine", machine)):
            want = con.execute("SELECT COALESCE(SUM(%s), 0) FROM daily WHERE day BETWEEN ? AND ?"
                               " AND (? IS NULL OR site = ?)" % expr,
                               (first, last, site, site)).fetchone()[0]
            if got.get((method, metric), 0) != want:
                fail("%s %s: report %d, daily %d" % (method, metric, got.get((method, metric), 0), want))
    print("sums agree with daily: %s" % ", ".join("%s %s %d" % (k[0], k[1], v) for k, v in sorted(got.items())))


def main(argv):
    if len(argv) == 3 and argv[1] == "validate":
        validate(argv[2])
    elif len(argv) == 4 and argv[1] == "equal":
        equal(argv[2], argv[3])
    elif len(argv) in (6, 7) and argv[1] == "sums":
        sums(*argv[2:])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv)
