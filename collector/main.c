/* main.c - odstat-collect: command line to collect_run() and exit code. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "collect.h"
#include "copy.h"
#include "counts.h"
#include "civil.h"
#include "db.h"
#include "msg.h"
#include "status.h"
#include "stdfd.h"
#include "version.h"

static const char usage_text[] =
    "usage: odstat-collect [OPTIONS] [LOGFILE...]\n"
    "Counts dataset views and downloads in access logs (plain, gzip, bzip2, xz,\n"
    "zstd, or - for stdin) into an odstat database. Files already read are\n"
    "recognised by content and only what is new is counted.\n"
    "\n"
    "  -d, --db PATH|URI    database: a SQLite file, or PostgreSQL as a libpq URI\n"
    "                       postgresql://USER@HOST/DB (default $ODSTAT_DB, else\n"
    "                       ./odstat.db)\n"
    "  -f, --format FMT     combined (default), common, vhost_combined, w3c,\n"
    "                       cloudfront, iis, json, json:FIELD=PATH,..., alb, s3,\n"
    "                       haproxy, auto, or a format string such as\n"
    "                       '%h %^[%d:%t %^] \"%r\" %s %b \"%R\" \"%u\"'\n"
    "      --client-ip MODE addr (default) or xff: the right-most X-Forwarded-For\n"
    "                       address not in --trusted-proxy\n"
    "      --trusted-proxy CIDRS  comma-separated proxy networks for --client-ip xff\n"
    "  -r, --rules PATH     URL rules file (default: built-in CKAN/data.gov.tw rules)\n"
    "      --robots PATH    robot pattern list (default: built-in COUNTER list)\n"
    "      --machines PATH  machine pattern list (default: built-in)\n"
    "  -g, --geoip PATH     MaxMind country DB (default: the usual places, else ZZ)\n"
    "  -j, --jobs N         read, inflate and parse up to N files in threads of\n"
    "                       their own (default: cores; 0: all in one thread)\n"
    "      --catalog PATH   import or update the dataset catalog (data.gov.tw CSV,\n"
    "                       CKAN JSON or plain CSV); logs are optional then\n"
    "      --site NAME      the site these logs belong to (default: default)\n"
    "      --copy-from PATH copy the SQLite database PATH into the empty -d database\n"
    "                       (counts, state, ingests, catalog) in one transaction\n"
    "      --late-window D  how far back lines are counted exactly: 2h (default),\n"
    "                       90m, 3d, 600s\n"
    "      --max-requests N dataset requests in one session-hour beyond which a\n"
    "                       browser user agent counts as a robot (default 120; 0: off)\n"
    "      --robot-networks PATH  file of CIDR blocks (IPv4/IPv6) whose browsers are robots\n"
    "      --host NAME      the host these logs were served by, for the catalog's\n"
    "                       resource URLs (repeatable)\n"
    "      --counts PATH    import a count snapshot (plain CSV, data.gov.tw list JSON or\n"
    "                       statistics export, CKAN JSON with tracking_summary)\n"
    "      --as-of DATE     the date of the snapshot's numbers, where the file has none\n"
    "      --metric M       views or downloads: import that metric only\n"
    "  -q, --quiet          no progress or notes, only errors and the summary line\n"
    "      --wait SECONDS   wait this long for another collector (default 600)\n"
    "      --batch LINES    lines between commits (default 500000)\n"
    "  -h, --help           this help\n"
    "  -V, --version        the version\n"
    "\n"
    "exit codes: 0 success; 1 some input could not be read (the rest was counted);\n"
    "2 usage or configuration error; 3 database error.\n";

/* --copy-from: before anything else, one transaction. */
static enum status copy_into(const char *from, const char *to)
{
    uint64_t rows;
    enum status rc = copy_database(from, to, &rows);
    if (rc == ST_OK)
        fprintf(stderr, "odstat-collect: copied '%s': %llu rows\n", from,
                (unsigned long long)rows);
    return rc;
}

/* --catalog: one transaction of its own, before any log is read. */
static enum status import_catalog(const char *db_path, const char *path)
{
    struct dbi *db = NULL;
    struct catalog_stats st;
    enum status rc = db_open(&db, db_path, DB_CREATE, 60000);
    if (rc == ST_OK)
        rc = catalog_import(db, path, &st);
    if (rc == ST_OK || rc == ST_INPUT)
        fprintf(stderr,
                "odstat-collect: catalog '%s': %llu datasets (%llu new, %llu changed),"
                " %llu aliases, %llu resource URLs, %llu rejected\n",
                path, (unsigned long long)st.datasets, (unsigned long long)st.inserted,
                (unsigned long long)st.updated, (unsigned long long)st.aliases,
                (unsigned long long)st.urls, (unsigned long long)st.rejected);
    db_close(db);
    return rc;
}

/* --counts: one transaction of its own, after the catalog, before logs. */
static enum status import_counts(const char *db_path, const char *path,
                                 const struct counts_options *copt)
{
    struct dbi *db = NULL;
    struct counts_stats st;
    enum status rc = db_open(&db, db_path, DB_CREATE, 60000);
    if (rc == ST_OK)
        rc = counts_import(db, path, copt, &st);
    if (rc == ST_OK || rc == ST_INPUT)
        fprintf(stderr,
                "odstat-collect: counts '%s' (%s): %llu datasets, %llu values (%llu changed),"
                " %llu not in the catalog, %llu rejected\n",
                path, st.source ? st.source : "?", (unsigned long long)st.datasets,
                (unsigned long long)st.values, (unsigned long long)st.changed,
                (unsigned long long)st.unmatched, (unsigned long long)st.rejected);
    db_close(db);
    return rc;
}

static int parse_positive(const char *text, long max, long *out)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || v < 0 || v > max)
        return 0;
    *out = v;
    return 1;
}

/* "90m", "2h", "3d", "600s" or plain seconds, up to a year. */
static int parse_duration(const char *text, int64_t *out)
{
    char *end;
    long long v = strtoll(text, &end, 10);
    long long unit = 1;
    if (end == text || v < 0)
        return 0;
    switch (*end) {
    case '\0': case 's': break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    default: return 0;
    }
    if (*end && end[1] != '\0')
        return 0;
    if (v > 366LL * 86400 / unit)
        return 0;
    *out = v * unit;
    return 1;
}

/* Site names go into messages and keys: short and plain. */
static int valid_site(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 64)
        return 0;
    return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

int main(int argc, char **argv)
{
    enum {
        OPT_ROBOTS = 256, OPT_MACHINES, OPT_WAIT, OPT_BATCH, OPT_CATALOG, OPT_CLIENT_IP, OPT_TRUSTED,
        OPT_SITE, OPT_LATE_WINDOW, OPT_MAX_REQUESTS, OPT_ROBOT_NETWORKS,
        OPT_HOST, OPT_COUNTS, OPT_AS_OF, OPT_METRIC, OPT_COPY_FROM
    };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"rules", required_argument, NULL, 'r'},
        {"robots", required_argument, NULL, OPT_ROBOTS},
        {"machines", required_argument, NULL, OPT_MACHINES},
        {"geoip", required_argument, NULL, 'g'},
        {"catalog", required_argument, NULL, OPT_CATALOG},
        {"host", required_argument, NULL, OPT_HOST},
        {"counts", required_argument, NULL, OPT_COUNTS},
        {"as-of", required_argument, NULL, OPT_AS_OF},
        {"metric", required_argument, NULL, OPT_METRIC},
        {"quiet", no_argument, NULL, 'q'},
        {"wait", required_argument, NULL, OPT_WAIT},
        {"jobs", required_argument, NULL, 'j'},
        {"batch", required_argument, NULL, OPT_BATCH},
        {"client-ip", required_argument, NULL, OPT_CLIENT_IP},
        {"trusted-proxy", required_argument, NULL, OPT_TRUSTED},
        {"site", required_argument, NULL, OPT_SITE},
        {"copy-from", required_argument, NULL, OPT_COPY_FROM},
        {"late-window", required_argument, NULL, OPT_LATE_WINDOW},
        {"max-requests", required_argument, NULL, OPT_MAX_REQUESTS},
        {"robot-networks", required_argument, NULL, OPT_ROBOT_NETWORKS},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct collect_options opt = {
        .db_path = getenv("ODSTAT_DB") ? getenv("ODSTAT_DB") : "./odstat.db",
        .lock_wait_seconds = 600,
        .batch_lines = 500000,
        .jobs = (int)sysconf(_SC_NPROCESSORS_ONLN),
        .site = "default",
        .late_window = 2 * 3600,
        .max_requests = 120,
    };
    const char *catalog_path = NULL, *counts_path = NULL, *copy_from = NULL;
    struct counts_options copt = {.metric = COUNTS_BOTH};
    int64_t day;
    const char *hosts[64];
    enum status rc = ST_OK;
    long v;
    int c;

    msg_set_program("odstat-collect");
    if (stdfd_ensure() != ST_OK)
        return status_exit_code(ST_USAGE);
    while ((c = getopt_long(argc, argv, "d:f:r:g:j:qhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': opt.db_path = optarg; break;
        case 'f': opt.format = optarg; break;
        case OPT_CLIENT_IP:
            if (strcmp(optarg, "xff") != 0 && strcmp(optarg, "addr") != 0) {
                errorf("--client-ip takes addr or xff, not '%s'", optarg);
                return status_exit_code(ST_USAGE);
            }
            opt.client_ip_xff = strcmp(optarg, "xff") == 0;
            break;
        case OPT_TRUSTED: opt.trusted_proxies = optarg; break;
        case 'r': opt.rules_path = optarg; break;
        case OPT_ROBOTS: opt.robots_path = optarg; break;
        case OPT_MACHINES: opt.machines_path = optarg; break;
        case 'g': opt.geoip_path = optarg; break;
        case OPT_CATALOG:
            if (catalog_path) { /* the first would be dropped without a word */
                errorf("--catalog given twice ('%s' and '%s'): import one per run",
                       catalog_path, optarg);
                return status_exit_code(ST_USAGE);
            }
            catalog_path = optarg;
            break;
        case OPT_COUNTS: counts_path = optarg; break;
        case OPT_COPY_FROM: copy_from = optarg; break;
        case OPT_AS_OF:
            if (!civil_parse(optarg, &day)) {
                errorf("--as-of takes a date YYYY-MM-DD, not '%s'", optarg);
                return status_exit_code(ST_USAGE);
            }
            copt.as_of = optarg;
            break;
        case OPT_METRIC:
            if (strcmp(optarg, "views") != 0 && strcmp(optarg, "downloads") != 0) {
                errorf("--metric takes views or downloads, not '%s'", optarg);
                return status_exit_code(ST_USAGE);
            }
            copt.metric = optarg[0] == 'v' ? COUNTS_VIEWS : COUNTS_DOWNLOADS;
            break;
        case OPT_HOST:
            if (opt.nhosts == (int)(sizeof hosts / sizeof hosts[0])) {
                errorf("at most %d --host names", opt.nhosts);
                return status_exit_code(ST_USAGE);
            }
            hosts[opt.nhosts++] = optarg;
            opt.hosts = hosts;
            break;
        case 'q': opt.quiet = true; break;
        case 'j':
            if (!parse_positive(optarg, 1024, &v)) {
                errorf("--jobs takes a number of threads, not '%s'", optarg);
                return status_exit_code(ST_USAGE);
            }
            opt.jobs = (int)v;
            break;
        case OPT_WAIT:
            if (!parse_positive(optarg, 86400, &v)) {
                errorf("--wait takes a number of seconds, not '%s'", optarg);
                return status_exit_code(ST_USAGE);
            }
            opt.lock_wait_seconds = (int)v;
            break;
        case OPT_BATCH:
            if (!parse_positive(optarg, 1L << 30, &v) || v == 0) {
                errorf("--batch takes a positive number of lines, not '%s'", optarg);
                return status_exit_code(ST_USAGE);
            }
            opt.batch_lines = (uint64_t)v;
            break;
        case OPT_SITE:
            if (!valid_site(optarg)) {
                errorf("--site takes a name of letters, digits, '.', '_' and '-' (at most 64),"
                       " not '%s'", optarg);
                return status_exit_code(ST_USAGE);
            }
            opt.site = optarg;
            break;
        case OPT_LATE_WINDOW:
            if (!parse_duration(optarg, &opt.late_window)) {
                errorf("--late-window takes a duration such as 90m, 2h or 3d, not '%s'", optarg);
                return status_exit_code(ST_USAGE);
            }
            break;
        case OPT_MAX_REQUESTS:
            if (!parse_positive(optarg, 1L << 30, &v)) {
                errorf("--max-requests takes a number of requests (0: off), not '%s'", optarg);
                return status_exit_code(ST_USAGE);
            }
            opt.max_requests = (uint32_t)v;
            break;
        case OPT_ROBOT_NETWORKS: opt.robot_networks_path = optarg; break;
        case 'h': fputs(usage_text, stdout); return 0;
        case 'V': version_print(stdout, "odstat-collect"); return 0;
        default: fputs(usage_text, stderr); return status_exit_code(ST_USAGE);
        }
    }
    if (optind >= argc && !catalog_path && !counts_path && !copy_from) {
        errorf("no log files given (use - to read stdin)");
        fputs(usage_text, stderr);
        return status_exit_code(ST_USAGE);
    }
    msg_set_quiet(opt.quiet);
    if (copy_from)
        rc = copy_into(copy_from, opt.db_path);
    if (catalog_path && rc == ST_OK)
        rc = import_catalog(opt.db_path, catalog_path);
    if (counts_path && (rc == ST_OK || rc == ST_INPUT))
        rc = status_worst(rc, import_counts(opt.db_path, counts_path, &copt));
    if (optind < argc && (rc == ST_OK || rc == ST_INPUT)) {
        opt.files = argv + optind;
        opt.nfiles = argc - optind;
        rc = status_worst(rc, collect_run(&opt));
    }
    return status_exit_code(rc);
}
