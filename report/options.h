/* options.h - the options every odstat-report command shares (SPEC §5).
 *
 * Parsed once into a const struct that commands read; no globals. The
 * period is resolved here too: --period, --from/--to, --today.
 */
#ifndef ODSTAT_REPORT_OPTIONS_H
#define ODSTAT_REPORT_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

#define NO_DAY INT64_MIN

enum period_kind { PERIOD_ALL, PERIOD_YEAR, PERIOD_QUARTER, PERIOD_MONTH, PERIOD_DAYS };
enum report_lang { LANG_EN, LANG_ZH_TW };
enum report_calendar { CAL_GREGORIAN, CAL_ROC };
enum report_interval { INTERVAL_DAY, INTERVAL_WEEK, INTERVAL_MONTH, INTERVAL_QUARTER };
/* badges: the model's columns (gold includes platinum) in zh-TW, one level
 * per column in English, unless --badge-columns says */
enum badge_columns { BADGES_BY_LANG, BADGES_PLAIN, BADGES_MODEL };

struct report_options {
    const char *db_path;
    int64_t from, to;        /* inclusive day numbers, NO_DAY when open */
    enum period_kind kind;   /* what --period named (PERIOD_DAYS: --from/--to) */
    const char *format;      /* csv unless given */
    const char *output;      /* NULL: stdout */
    const char *datasets[64];/* --dataset, repeatable */
    int ndatasets;
    const char *sites[8];    /* --site, repeatable (SPEC §7); none: every site */
    int nsites;
    const char *publisher;   /* --publisher: one agency */
    const char *platform;    /* --platform: the portal's name (counter) */
    int top_n;               /* -n (default 10) */
    bool top_n_given;        /* -n was given (spikes' default is 20) */
    int trend_top;           /* trend --top N: the N leading datasets */
    enum report_interval interval; /* trend --interval (default month) */
    int width, height;       /* svg size, 0: default */
    bool by_views;           /* --by views (default downloads) */
    bool cumulative;         /* --cumulative: from the first data */
    bool bom;                /* --bom: csv starts with a UTF-8 BOM */
    enum report_lang lang;
    enum report_calendar calendar;
    const char *home;        /* --home country (default TW) */
    int64_t today;           /* --today, else the local date */
    /* the printed tables (md, html, xlsx, deck) */
    const char *title;       /* --title: instead of the generated title */
    int64_t as_of;           /* --as-of: badges count the catalog of that day */
    enum badge_columns badge_columns; /* --badge-columns plain|model */
    bool force;              /* --force: deck may replace a pack with an empty one */
    bool quiet_empty;        /* set by deck: it says once that a period is empty */
};

/* Parses ARGV (after the command name) into *OPT; prints the problem and
 * returns ST_USAGE on bad options. */
enum status report_options_parse(int argc, char **argv, struct report_options *opt);

/* The period before [FROM, TO] of the same KIND (previous quarter, month,
 * year; for plain days the same number of days just before), and the same
 * period one year earlier. False for PERIOD_ALL. */
bool report_previous_period(enum period_kind kind, int64_t from, int64_t to, int64_t *pfrom,
                            int64_t *pto);
bool report_year_earlier(int64_t from, int64_t to, int64_t *yfrom, int64_t *yto);

#endif
