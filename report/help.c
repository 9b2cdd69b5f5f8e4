/* help.c - per-command help of odstat-report. The option lists say only
 * what each command reads, so `top --help` does not list --interval. */
#include "help.h"

#include <string.h>

struct command_help {
    const char *name;
    const char *synopsis;   /* after "odstat-report NAME " */
    const char *text;       /* what it prints, then its own options */
};

static const struct command_help pages[] = {
    {"daily", "[-d DB] [PERIOD] [-o FILE]",
     "One CSV row per date and dataset with every metric (SPEC section 5): the\n"
     "machine interface. Dataset ids as in the URLs, no alias roll-up; rows whose\n"
     "numbers are all zero are left out.\n"},
    {"top", "[-d DB] [PERIOD] [-n N] [--by views|downloads] [--cumulative] [FORMAT]",
     "Ranking of datasets by human downloads (or views); ties share a rank and\n"
     "are all shown.\n"
     "  -n N                 how many ranks (default 10)\n"
     "      --by views|downloads  what is ranked (default downloads)\n"
     "      --cumulative     from the first data up to the period's end\n"
     "      --publisher NAME one agency's datasets\n"
     "      --format svg     a bar chart (--width W --height H)\n"},
    {"summary", "[-d DB] [PERIOD] [--home CC] [FORMAT]",
     "Portal totals of the period beside the previous period and the same period\n"
     "a year before, with the change.\n"
     "      --home CC        the domestic country of domestic_share (default TW)\n"},
    {"publishers", "[-d DB] [PERIOD] [--cumulative] [FORMAT]",
     "Per agency: datasets, active datasets, views, downloads, share of the portal.\n"
     "      --cumulative     from the first data up to the period's end\n"
     "      --publisher NAME one agency\n"
     "      --format svg     a bar chart (--width W --height H)\n"},
    {"badges", "[-d DB] [FORMAT]",
     "Per agency: datasets by quality badge (from the catalog), and a total row.\n"
     "      --publisher NAME one agency\n"},
    {"countries", "[-d DB] [PERIOD] [--dataset ID] [FORMAT]",
     "Human views and downloads per country, by downloads.\n"
     "      --dataset ID     one dataset\n"
     "      --publisher NAME one agency's datasets\n"
     "      --format svg     a bar chart (--width W --height H)\n"},
    {"trend", "[-d DB] [PERIOD] [--interval I] [--dataset ID... | --top N] [FORMAT]",
     "Views and downloads per interval, gaps filled with 0; for datasets, one\n"
     "column per dataset.\n"
     "      --interval I     day, week (labelled by its Monday), month (default)\n"
     "                       or quarter\n"
     "      --dataset ID     a series of this dataset (repeatable)\n"
     "      --top N          the N leading datasets of the period (up to 50)\n"
     "      --by views|downloads  what dataset series count (default downloads)\n"
     "      --publisher NAME one agency\n"
     "      --format svg     a line chart (--width W --height H)\n"},
    {"deck", "[-d DB] [PERIOD] -o DIR [--lang L] [--calendar C]",
     "The quarterly meeting pack: every table (.csv, .md), the charts (.svg) and\n"
     "an index.html showing all of them, written into DIR (made with its parents\n"
     "when missing). File names never change: a cron job can overwrite the pack.\n"},
    {"ingests", "[-d DB] [FORMAT]",
     "The files read so far: content identity, bytes, lines, rejected lines, the\n"
     "time span of their lines and when they were read.\n"},
    {"spikes", "[-d DB] [PERIOD] [--by views|downloads] [-n N] [FORMAT]",
     "Before the meeting, whether a number rests on people: (a) months of a\n"
     "dataset at least 3 times its average of the twelve months before and 100\n"
     "above it, or below 1 % of an average of at least 20 (COUNTER R5.1); (b) the\n"
     "busiest session-hours that still count as people, by a hashed id and\n"
     "country only. Lower --max-requests or add a --robot-networks block when (b)\n"
     "shows robots.\n"
     "      --by views|downloads  what (a) counts (default downloads)\n"
     "  -n N                   rows of (b) (default 20)\n"},
    {"snapshots", "[-d DB] [FORMAT]",
     "The count snapshots imported with odstat-collect --counts (SPEC section 6):\n"
     "per source and date, the datasets and the sums of views and downloads.\n"},
    {"counter", "[-d DB] --period MONTHS --platform NAME [--dataset ID...] [--publisher NAME] [--site NAME...] [-o FILE[.gz]]",
     "A COUNTER Research Data Dataset Report (DSR, release rd1) in JSON, for the\n"
     "Make Data Count hub: one performance entry per month, people (regular) and\n"
     "machines, with their countries. Whole months only; -o x.json.gz gzips it.\n"
     "      --platform NAME  the portal's name (dataset ids without a DOI use it)\n"
     "      --dataset ID     one dataset (repeatable);  --publisher NAME  one agency\n"
     "      --today DATE     the report's created date\n"},
    {"status", "[-d DB] [--site NAME...] [FORMAT]",
     "What the database holds, at a glance: schema and writer version, sites,\n"
     "first and last day, days with late or rejected lines, files read, catalog\n"
     "datasets, snapshots and the robot lists the collector used. With --site,\n"
     "the days, lines, files and runs are those sites' own.\n"},
};

static const char common_text[] =
    "options of every command:\n"
    "  -d, --db PATH|URI      database: a SQLite file or a PostgreSQL URI\n"
    "                         postgresql://USER@HOST/DB (default $ODSTAT_DB,\n"
    "                         else ./odstat.db)\n"
    "      --period P         2024, 2024Q1, 2024-03, last-quarter, last-month or all\n"
    "      --from DATE        first day, YYYY-MM-DD (inclusive)\n"
    "      --to DATE          last day, YYYY-MM-DD (inclusive)\n"
    "      --today DATE       what last-quarter/last-month are relative to\n"
    "      --site NAME        only this site's counts (repeatable; default all sites)\n"
    "      --format F         csv (default), md, html, json, xlsx; svg for charts\n"
    "      --title TEXT       the title of md, html and xlsx tables\n"
    "      --lang en|zh-TW    headings\n"
    "      --calendar gregorian|roc  dates (roc: 2024-03-07 -> 113-03-07)\n"
    "      --bom              csv: start with a UTF-8 byte order mark (Excel)\n"
    "  -o, --output FILE      write to FILE (made whole, then renamed) instead of\n"
    "                         stdout; - : stdout; deck: a directory\n"
    "  -h, --help             this help;  -V, --version  the version\n"
    "\n"
    "exit codes: 0 success; 2 usage error or no database; 3 database error\n"
    "(unreadable, damaged, or written by a newer odstat).\n";

void help_common(FILE *out) { fputs(common_text, out); }

bool help_command(FILE *out, const char *name)
{
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        if (strcmp(pages[i].name, name) != 0)
            continue;
        fprintf(out, "usage: odstat-report %s %s\n", name, pages[i].synopsis);
        fputs(pages[i].text, out);
        fputc('\n', out);
        help_common(out);
        return true;
    }
    return false;
}

bool help_wanted(int argc, char **argv)
{
    for (int i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return true;
    return false;
}
