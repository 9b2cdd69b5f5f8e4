/* ingests.h - `odstat-report ingests`: what the collector has read, file by
 * file (identity, bytes, lines, rejected, time span, when). */
#ifndef ODSTAT_REPORT_INGESTS_H
#define ODSTAT_REPORT_INGESTS_H

#include <sqlite3.h>
#include <stdio.h>

#include "options.h"

enum status report_ingests(sqlite3 *db, const struct report_options *opt, FILE *out);

#endif
