/* daily.h - `odstat-report daily`: one row per (date, dataset), every
 * metric; the machine interface of SPEC §5. */
#ifndef ODSTAT_REPORT_DAILY_H
#define ODSTAT_REPORT_DAILY_H

#include "dbi.h"
#include <stdio.h>

#include "options.h"

enum status report_daily(struct dbi *db, const struct report_options *opt, FILE *out);

#endif
