/* summary.h - `odstat-report summary`: portal totals of a period beside
 * the previous period and the same period a year earlier. */
#ifndef ODSTAT_REPORT_SUMMARY_H
#define ODSTAT_REPORT_SUMMARY_H

#include "dbi.h"
#include <stdio.h>

#include "options.h"

struct table;
enum status summary_fill(struct dbi *db, const struct report_options *opt, struct table **out);
enum status report_summary(struct dbi *db, const struct report_options *opt, FILE *out);

#endif
