/* summary.h - `odstat-report summary`: portal totals of a period beside
 * the previous period and the same period a year earlier. */
#ifndef ODSTAT_REPORT_SUMMARY_H
#define ODSTAT_REPORT_SUMMARY_H

#include <sqlite3.h>
#include <stdio.h>

#include "options.h"

struct table;
enum status summary_fill(sqlite3 *db, const struct report_options *opt, struct table **out);
/* The portal sentence of the meeting ("總開放項數已達 1,896 項，逾 238 萬次瀏覽
 * 及逾 16 萬次下載") for the period of OPT, in *OUT (the caller frees). */
enum status summary_sentence(sqlite3 *db, const struct report_options *opt, char **out);
enum status report_summary(sqlite3 *db, const struct report_options *opt, FILE *out);

#endif
