/* trend.h - `odstat-report trend`: views and downloads per day, week,
 * month or quarter, for the portal, one agency, given datasets or the top
 * N datasets of the period; one row per interval. An interval without any
 * day of logs is empty (not 0); weeks, months and quarters say how many of
 * their days hold logs, so a partial one cannot pass for a collapse. */
#ifndef ODSTAT_REPORT_TREND_H
#define ODSTAT_REPORT_TREND_H

#include "dbi.h"
#include <stdio.h>

#include "options.h"

struct table;

/* The trend as a table: "interval", then (except per day) "days_with_data"
 * as "D/N", then one numeric column per series (dataset series headed by
 * id and name). Shared with the meeting pack. */
enum status trend_fill(struct dbi *db, const struct report_options *opt, struct table **out);

/* The column of the first series in a table of trend_fill. */
int trend_first_series(const struct report_options *opt);

enum status report_trend(struct dbi *db, const struct report_options *opt, FILE *out);

#endif
