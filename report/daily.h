/* daily.h - `odstat-report daily`: one row per (date, dataset), every
 * metric; the machine interface of SPEC §5. */
#ifndef ODSTAT_REPORT_DAILY_H
#define ODSTAT_REPORT_DAILY_H

#include <sqlite3.h>
#include <stdio.h>

#include "options.h"

enum status report_daily(sqlite3 *db, const struct report_options *opt, FILE *out);

#endif
