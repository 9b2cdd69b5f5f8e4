/* options.c - shared option parsing and periods for odstat-report. */
#define _POSIX_C_SOURCE 200809L
#include "options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "msg.h"

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int64_t month_start(int y, int m) { return civil_to_days(y, m, 1); }

static int64_t month_end(int y, int m)
{
    return (m == 12 ? civil_to_days(y + 1, 1, 1) : civil_to_days(y, m + 1, 1)) - 1;
}

/* The quarter or month containing TODAY, stepped back by one. */
static void last_quarter(int64_t today, int64_t *from, int64_t *to)
{
    int y, m, d;
    civil_from_days(today, &y, &m, &d);
    int q = (m - 1) / 3; /* 0..3, this quarter */
    if (q == 0) {
        y--;
        q = 4;
    }
    *from = month_start(y, 3 * q - 2);
    *to = month_end(y, 3 * q);
}

static void last_month(int64_t today, int64_t *from, int64_t *to)
{
    int y, m, d;
    civil_from_days(today, &y, &m, &d);
    if (--m == 0) {
        m = 12;
        y--;
    }
    *from = month_start(y, m);
    *to = month_end(y, m);
}

/* A period (2024, 2024Q1, 2024-03, last-quarter, last-month, all) relative
 * to TODAY into FROM/TO and its KIND. */
static bool report_parse_period(const char *text, int64_t today, int64_t *from, int64_t *to,
                                enum period_kind *kind)
{
    size_t len = strlen(text);
    if (strcmp(text, "all") == 0) {
        *from = *to = NO_DAY;
        *kind = PERIOD_ALL;
        return true;
    }
    if (strcmp(text, "last-quarter") == 0) {
        last_quarter(today, from, to);
        *kind = PERIOD_QUARTER;
        return true;
    }
    if (strcmp(text, "last-month") == 0) {
        last_month(today, from, to);
        *kind = PERIOD_MONTH;
        return true;
    }
    if (len < 4 || !digits(text, 4))
        return false;
    int y = atoi(text);
    if (y < 1 || y > 9999)
        return false;
    if (len == 4) {
        *from = month_start(y, 1);
        *to = month_end(y, 12);
        *kind = PERIOD_YEAR;
        return true;
    }
    if (len == 6 && text[4] == 'Q' && text[5] >= '1' && text[5] <= '4') {
        int q = text[5] - '0';
        *from = month_start(y, 3 * q - 2);
        *to = month_end(y, 3 * q);
        *kind = PERIOD_QUARTER;
        return true;
    }
    if (len == 7 && text[4] == '-' && digits(text + 5, 2)) {
        int m = atoi(text + 5);
        if (m < 1 || m > 12)
            return false;
        *from = month_start(y, m);
        *to = month_end(y, m);
        *kind = PERIOD_MONTH;
        return true;
    }
    return false;
}

bool report_previous_period(enum period_kind kind, int64_t from, int64_t to, int64_t *pfrom,
                            int64_t *pto)
{
    int y, m, d;
    if (kind == PERIOD_ALL || from == NO_DAY || to == NO_DAY)
        return false;
    civil_from_days(from, &y, &m, &d);
    switch (kind) {
    case PERIOD_YEAR:
        *pfrom = month_start(y - 1, 1);
        *pto = month_end(y - 1, 12);
        return true;
    case PERIOD_QUARTER:
    case PERIOD_MONTH: {
        int step = kind == PERIOD_QUARTER ? 3 : 1;
        int pm = m - step, py = y;
        if (pm < 1) {
            pm += 12;
            py--;
        }
        *pfrom = month_start(py, pm);
        *pto = from - 1;
        return true;
    }
    default:
        *pto = from - 1;
        *pfrom = from - (to - from + 1);
        return true;
    }
}

/* The same date a year earlier; 29 Feb becomes 28 Feb. */
static int64_t year_back(int64_t day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    if (m == 2 && d == 29)
        d = 28;
    return civil_to_days(y - 1, m, d);
}

bool report_year_earlier(int64_t from, int64_t to, int64_t *yfrom, int64_t *yto)
{
    if (from == NO_DAY || to == NO_DAY)
        return false;
    *yfrom = year_back(from);
    *yto = year_back(to + 1) - 1; /* keeps a month's or quarter's end */
    return true;
}

static int64_t local_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return civil_to_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

enum opt_id {
    OPT_FROM = 256, OPT_TO, OPT_PERIOD, OPT_DATASET, OPT_BOM, OPT_PUBLISHER, OPT_BY, OPT_LANG,
    OPT_CALENDAR, OPT_CUMULATIVE, OPT_HOME, OPT_TODAY, OPT_INTERVAL, OPT_TOP, OPT_WIDTH,
    OPT_HEIGHT, OPT_TITLE, OPT_AS_OF, OPT_FORCE, OPT_BADGE_COLUMNS, OPT_PLATFORM, OPT_SITE,
};

static bool parse_count(const char *arg, long max, int *out)
{
    char *end;
    long n = strtol(arg, &end, 10);
    if (*arg == '\0' || *end != '\0' || n < 1 || n > max)
        return false;
    *out = (int)n;
    return true;
}

/* The options with an argument whose meaning needs no other option. */
static enum status parse_one(int c, const char *arg, struct report_options *opt,
                             const char **period, const char **today)
{
    switch (c) {
    case 'd': opt->db_path = arg; return ST_OK;
    case 'o': opt->output = arg; return ST_OK;
    case 'F': opt->format = arg; return ST_OK;
    case OPT_PERIOD: *period = arg; return ST_OK;
    case OPT_TODAY: *today = arg; return ST_OK;
    case OPT_PUBLISHER: opt->publisher = arg; return ST_OK;
    case OPT_PLATFORM: opt->platform = arg; return ST_OK;
    case OPT_BOM: opt->bom = true; return ST_OK;
    case OPT_CUMULATIVE: opt->cumulative = true; return ST_OK;
    case OPT_TITLE: opt->title = arg; return ST_OK;
    case OPT_FORCE: opt->force = true; return ST_OK;
    case OPT_AS_OF:
        if (!civil_parse(arg, &opt->as_of))
            break;
        return ST_OK;
    case OPT_BADGE_COLUMNS:
        if (strcmp(arg, "plain") != 0 && strcmp(arg, "model") != 0)
            break;
        opt->badge_columns = strcmp(arg, "plain") == 0 ? BADGES_PLAIN : BADGES_MODEL;
        return ST_OK;
    case OPT_HOME:
        if (strlen(arg) != 2 || arg[0] < 'A' || arg[0] > 'Z' || arg[1] < 'A' || arg[1] > 'Z')
            break;
        opt->home = arg;
        return ST_OK;
    case 'n':
        if (!parse_count(arg, 100000, &opt->top_n))
            break;
        opt->top_n_given = true;
        return ST_OK;
    case OPT_TOP:
        if (!parse_count(arg, 50, &opt->trend_top))
            break;
        return ST_OK;
    case OPT_WIDTH:
    case OPT_HEIGHT:
        if (!parse_count(arg, 20000, c == OPT_WIDTH ? &opt->width : &opt->height))
            break;
        return ST_OK;
    case OPT_INTERVAL: {
        static const char *const names[] = {"day", "week", "month", "quarter"};
        for (int i = 0; i < 4; i++)
            if (strcmp(arg, names[i]) == 0) {
                opt->interval = (enum report_interval)i;
                return ST_OK;
            }
        break;
    }
    case OPT_BY:
        if (strcmp(arg, "views") != 0 && strcmp(arg, "downloads") != 0)
            break;
        opt->by_views = strcmp(arg, "views") == 0;
        return ST_OK;
    case OPT_LANG:
        if (strcmp(arg, "en") != 0 && strcmp(arg, "zh-TW") != 0)
            break;
        opt->lang = strcmp(arg, "en") == 0 ? LANG_EN : LANG_ZH_TW;
        return ST_OK;
    case OPT_CALENDAR:
        if (strcmp(arg, "gregorian") != 0 && strcmp(arg, "roc") != 0)
            break;
        opt->calendar = strcmp(arg, "roc") == 0 ? CAL_ROC : CAL_GREGORIAN;
        return ST_OK;
    case OPT_DATASET:
        if (opt->ndatasets == (int)(sizeof opt->datasets / sizeof opt->datasets[0])) {
            errorf("too many --dataset options");
            return ST_USAGE;
        }
        opt->datasets[opt->ndatasets++] = arg;
        return ST_OK;
    case OPT_SITE:
        if (opt->nsites == (int)(sizeof opt->sites / sizeof opt->sites[0])) {
            errorf("at most %d --site options", (int)(sizeof opt->sites / sizeof opt->sites[0]));
            return ST_USAGE;
        }
        opt->sites[opt->nsites++] = arg;
        return ST_OK;
    case OPT_FROM:
    case OPT_TO:
        if (!civil_parse(arg, c == OPT_FROM ? &opt->from : &opt->to))
            break;
        opt->kind = PERIOD_DAYS;
        return ST_OK;
    default: return ST_USAGE;
    }
    errorf("bad value '%s' (see --help)", arg);
    return ST_USAGE;
}

static void set_defaults(struct report_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->db_path = getenv("ODSTAT_DB") ? getenv("ODSTAT_DB") : "./odstat.db";
    opt->from = opt->to = opt->as_of = NO_DAY;
    opt->kind = PERIOD_ALL;
    opt->format = "csv";
    opt->top_n = 10;
    opt->interval = INTERVAL_MONTH;
    opt->home = "TW";
}

/* --period and --today, once every option is known. */
static enum status resolve_period(struct report_options *opt, const char *period,
                                  const char *today)
{
    opt->today = local_today();
    if (today && !civil_parse(today, &opt->today)) {
        errorf("--today takes a date YYYY-MM-DD, not '%s'", today);
        return ST_USAGE;
    }
    if (period && opt->kind == PERIOD_DAYS) {
        errorf("give --period or --from/--to, not both");
        return ST_USAGE;
    }
    if (period && !report_parse_period(period, opt->today, &opt->from, &opt->to, &opt->kind)) {
        errorf("--period takes 2024, 2024Q1, 2024-03, last-quarter, last-month or all, not '%s'",
               period);
        return ST_USAGE;
    }
    if (opt->from != NO_DAY && opt->to != NO_DAY && opt->from > opt->to) {
        errorf("--from is after --to");
        return ST_USAGE;
    }
    return ST_OK;
}

enum status report_options_parse(int argc, char **argv, struct report_options *opt)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"period", required_argument, NULL, OPT_PERIOD},
        {"today", required_argument, NULL, OPT_TODAY},
        {"format", required_argument, NULL, 'F'},
        {"output", required_argument, NULL, 'o'},
        {"dataset", required_argument, NULL, OPT_DATASET},
        {"site", required_argument, NULL, OPT_SITE},
        {"publisher", required_argument, NULL, OPT_PUBLISHER},
        {"by", required_argument, NULL, OPT_BY},
        {"lang", required_argument, NULL, OPT_LANG},
        {"calendar", required_argument, NULL, OPT_CALENDAR},
        {"cumulative", no_argument, NULL, OPT_CUMULATIVE},
        {"home", required_argument, NULL, OPT_HOME},
        {"bom", no_argument, NULL, OPT_BOM},
        {"interval", required_argument, NULL, OPT_INTERVAL},
        {"top", required_argument, NULL, OPT_TOP},
        {"width", required_argument, NULL, OPT_WIDTH},
        {"height", required_argument, NULL, OPT_HEIGHT},
        {"title", required_argument, NULL, OPT_TITLE},
        {"as-of", required_argument, NULL, OPT_AS_OF},
        {"force", no_argument, NULL, OPT_FORCE},
        {"badge-columns", required_argument, NULL, OPT_BADGE_COLUMNS},
        {"platform", required_argument, NULL, OPT_PLATFORM},
        {NULL, 0, NULL, 0},
    };
    const char *period = NULL, *today = NULL;
    int c;

    set_defaults(opt);
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:o:n:", longopts, NULL)) != -1)
        if (parse_one(c, optarg, opt, &period, &today) != ST_OK)
            return ST_USAGE;
    if (optind < argc) {
        errorf("unexpected argument '%s'", argv[optind]);
        return ST_USAGE;
    }
    return resolve_period(opt, period, today);
}
