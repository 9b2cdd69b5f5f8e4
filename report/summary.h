/* summary.h - `odstat-report summary`: portal totals of a period beside
 * the previous period and the same period a year earlier. */
#ifndef ODSTAT_REPORT_SUMMARY_H
#define ODSTAT_REPORT_SUMMARY_H

#include <sqlite3.h>
#include <stdio.h>

#include "options.h"

struct table;
enum status summary_fill(sqlite3 *db, const struct report_options *opt, struct table **out);
enum status report_summary(sqlite3 *db, const struct report_options *opt, FILE *out);

#endif
