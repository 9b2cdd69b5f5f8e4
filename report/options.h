/* options.h - the options every odstat-report command shares (SPEC §5).
 *
 * Parsed once into a const struct that commands read; no globals.
 */
#ifndef ODSTAT_REPORT_OPTIONS_H
#define ODSTAT_REPORT_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

#define NO_DAY INT64_MIN

struct report_options {
    const char *db_path;
    int64_t from, to;        /* inclusive day numbers, NO_DAY when open */
    const char *format;      /* "csv" unless given */
    const char *output;      /* NULL: stdout */
    const char *datasets[64];/* --dataset, repeatable */
    int ndatasets;
    bool bom;                /* --bom: csv starts with a UTF-8 BOM */
};

/* Parses ARGV (after the command name) into *OPT; prints the problem and
 * returns ST_USAGE on bad options. */
enum status report_options_parse(int argc, char **argv, struct report_options *opt);

/* Parses --period TEXT (2024, 2024Q1, 2024-03, all) into FROM/TO. */
bool report_parse_period(const char *text, int64_t *from, int64_t *to);

#endif
