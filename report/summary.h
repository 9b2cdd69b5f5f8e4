/* summary.h - `odstat-report summary`: portal totals of a period beside
 * the previous period and the same period a year earlier, led (in md,
 * html, xlsx and the deck) by the meeting's portal sentence
 * ("總開放項數已達 1,896 項，逾 238 萬次瀏覽及逾 16 萬次下載"). */
#ifndef ODSTAT_REPORT_SUMMARY_H
#define ODSTAT_REPORT_SUMMARY_H

#include "dbi.h"
#include <stdio.h>

#include "options.h"

struct table;
enum status summary_fill(struct dbi *db, const struct report_options *opt, struct table **out);
enum status report_summary(struct dbi *db, const struct report_options *opt, FILE *out);

#endif
