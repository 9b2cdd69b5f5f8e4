/* options.c - shared option parsing for odstat-report commands. */
#define _POSIX_C_SOURCE 200809L
#include "options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "msg.h"

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool report_parse_period(const char *text, int64_t *from, int64_t *to)
{
    size_t len = strlen(text);
    if (strcmp(text, "all") == 0) {
        *from = *to = NO_DAY;
        return true;
    }
    if (len < 4 || !digits(text, 4))
        return false;
    int y = atoi(text);
    if (y < 1 || y > 9999)
        return false;
    if (len == 4) {
        *from = civil_to_days(y, 1, 1);
        *to = civil_to_days(y, 12, 31);
        return true;
    }
    if (len == 6 && text[4] == 'Q' && text[5] >= '1' && text[5] <= '4') {
        int q = text[5] - '0';
        *from = civil_to_days(y, 3 * q - 2, 1);
        *to = (q == 4 ? civil_to_days(y + 1, 1, 1) : civil_to_days(y, 3 * q + 1, 1)) - 1;
        return true;
    }
    if (len == 7 && text[4] == '-' && digits(text + 5, 2)) {
        int m = atoi(text + 5);
        if (m < 1 || m > 12)
            return false;
        *from = civil_to_days(y, m, 1);
        *to = (m == 12 ? civil_to_days(y + 1, 1, 1) : civil_to_days(y, m + 1, 1)) - 1;
        return true;
    }
    return false;
}

enum status report_options_parse(int argc, char **argv, struct report_options *opt)
{
    enum { OPT_FROM = 256, OPT_TO, OPT_PERIOD, OPT_DATASET, OPT_BOM };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"period", required_argument, NULL, OPT_PERIOD},
        {"format", required_argument, NULL, 'F'},
        {"output", required_argument, NULL, 'o'},
        {"dataset", required_argument, NULL, OPT_DATASET},
        {"bom", no_argument, NULL, OPT_BOM},
        {NULL, 0, NULL, 0},
    };
    int c;

    opt->db_path = getenv("ODSTAT_DB") ? getenv("ODSTAT_DB") : "./odstat.db";
    opt->from = opt->to = NO_DAY;
    opt->format = "csv";
    opt->output = NULL;
    opt->ndatasets = 0;
    opt->bom = false;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': opt->db_path = optarg; break;
        case 'o': opt->output = optarg; break;
        case 'F': opt->format = optarg; break;
        case OPT_FROM:
        case OPT_TO:
            if (!civil_parse(optarg, c == OPT_FROM ? &opt->from : &opt->to)) {
                errorf("--%s takes a date YYYY-MM-DD, not '%s'", c == OPT_FROM ? "from" : "to",
                       optarg);
                return ST_USAGE;
            }
            break;
        case OPT_PERIOD:
            if (!report_parse_period(optarg, &opt->from, &opt->to)) {
                errorf("--period takes 2024, 2024Q1, 2024-03 or all, not '%s'", optarg);
                return ST_USAGE;
            }
            break;
        case OPT_DATASET:
            if (opt->ndatasets == (int)(sizeof opt->datasets / sizeof opt->datasets[0])) {
                errorf("too many --dataset options");
                return ST_USAGE;
            }
            opt->datasets[opt->ndatasets++] = optarg;
            break;
        case OPT_BOM: opt->bom = true; break;
        default: return ST_USAGE;
        }
    }
    if (optind < argc) {
        errorf("unexpected argument '%s'", argv[optind]);
        return ST_USAGE;
    }
    if (opt->from != NO_DAY && opt->to != NO_DAY && opt->from > opt->to) {
        errorf("--from is after --to");
        return ST_USAGE;
    }
    return ST_OK;
}
