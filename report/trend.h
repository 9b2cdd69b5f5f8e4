/* trend.h - `odstat-report trend`: views and downloads per day, week,
 * month or quarter, for the portal, one agency, given datasets or the top
 * N datasets of the period; one row per interval, gaps filled with 0. */
#ifndef ODSTAT_REPORT_TREND_H
#define ODSTAT_REPORT_TREND_H

#include "dbi.h"
#include <stdint.h>
#include <stdio.h>

#include "options.h"

struct trend {
    int nintervals, nseries;
    int64_t *starts;      /* first day of each interval */
    char **labels;        /* interval labels in the report's calendar */
    char **series;        /* series names: "views"/"downloads" or dataset ids */
    char **tooltips;      /* dataset names from the catalog (or the id) */
    double *values;       /* values[interval * nseries + series] */
};

/* Builds the trend the options ask for; free with trend_free. */
enum status trend_build(struct dbi *db, const struct report_options *opt, struct trend **out);
void trend_free(struct trend *t);

enum status report_trend(struct dbi *db, const struct report_options *opt, FILE *out);

#endif
