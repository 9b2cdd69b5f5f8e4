/* main.c - odstat-report: a table of commands, shared options, exit code. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "countries.h"
#include "daily.h"
#include "deck.h"
#include "dsr.h"
#include "ingests.h"
#include "db.h"
#include "msg.h"
#include "options.h"
#include "publishers.h"
#include "summary.h"
#include "top.h"
#include "trend.h"

struct command {
    const char *name;
    const char *summary;
    enum status (*run)(sqlite3 *db, const struct report_options *opt, FILE *out);
    bool writes_directory;  /* -o names a directory, not a file */
};

static const struct command commands[] = {
    {"daily", "one row per (date, dataset) with all metrics (CSV)", report_daily},
    {"countries", "human views and downloads per country", report_countries},
    {"top", "ranking of datasets by downloads or views (-n, --by, --cumulative)", report_top},
    {"summary", "portal totals of the period, beside the previous period and a year before", report_summary},
    {"publishers", "per-agency usage and share of the portal", report_publishers},
    {"badges", "per-agency count of datasets by quality badge (from the catalog)", report_badges},
    {"trend", "views/downloads per --interval day|week|month|quarter", report_trend},
    {"deck", "the quarterly meeting pack: every table and chart, and index.html (-o DIR)",
     report_deck, true},
    {"ingests", "the files read so far: identity, bytes, lines, time span", report_ingests},
    {"counter", "COUNTER dataset report (DSR rd1 JSON) of whole months (--platform)",
     report_counter},
};

static void usage(FILE *f)
{
    fputs("usage: odstat-report COMMAND [OPTIONS]\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\noptions:\n"
          "  -d, --db PATH          database (default $ODSTAT_DB, else ./odstat.db)\n"
          "      --from DATE        first day, YYYY-MM-DD (inclusive)\n"
          "      --to DATE          last day, YYYY-MM-DD (inclusive)\n"
          "      --period P         2024, 2024Q1, 2024-03, last-quarter, last-month or all\n"
          "      --format F         csv, md, html, json, or svg (top, publishers,\n"
          "                         countries, trend); daily: csv\n"
          "      --today DATE       what last-quarter/last-month are relative to\n"
          "  -n N                   top: how many ranks (default 10)\n"
          "      --by views|downloads  what top ranks and trend counts for datasets\n"
          "      --cumulative       top: from the first data up to the period's end\n"
          "      --publisher NAME   one agency only\n"
          "      --platform NAME    counter: the portal's name in the report\n"
          "      --dataset ID       countries: one dataset; trend: a series (repeatable)\n"
          "      --interval I       trend: day, week, month (default) or quarter\n"
          "      --top N            trend: the N leading datasets of the period\n"
          "      --lang en|zh-TW    headings\n"
          "      --calendar gregorian|roc  dates (roc: 2024-03-07 -> 113-03-07)\n"
          "      --home CC          summary: the domestic country (default TW)\n"
          "      --bom              csv: start with a UTF-8 byte order mark (Excel)\n"
          "  -o, --output FILE      write to FILE instead of stdout (deck: a directory)\n"
          "      --width W --height H  svg size (default 1280x720)\n"
          "\nexit codes: 0 success; 2 usage error or no database; 3 database error.\n",
          f);
}

static enum status run_command(const struct command *cmd, const struct report_options *opt)
{
    sqlite3 *db = NULL;
    FILE *out = stdout;
    enum status rc = db_open(&db, opt->db_path, DB_EXISTING, 10000);
    if (rc != ST_OK)
        return rc;
    if (opt->output && !cmd->writes_directory && !(out = fopen(opt->output, "w"))) {
        errorf("cannot write '%s': %m", opt->output);
        db_close(db);
        return ST_USAGE;
    }
    rc = cmd->run(db, opt, out);
    if (fflush(out) != 0 || ferror(out)) {
        errorf("cannot write the report: %m");
        rc = status_worst(rc, ST_USAGE);
    }
    if (out != stdout)
        fclose(out);
    db_close(db);
    return rc;
}

int main(int argc, char **argv)
{
    struct report_options opt;

    msg_set_program("odstat-report");
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? status_exit_code(ST_USAGE) : 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        if (report_options_parse(argc - 1, argv + 1, &opt) != ST_OK)
            return status_exit_code(ST_USAGE);
        return status_exit_code(run_command(&commands[i], &opt));
    }
    errorf("unknown command '%s'", argv[1]);
    usage(stderr);
    return status_exit_code(ST_USAGE);
}
