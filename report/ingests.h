/* ingests.h - `odstat-report ingests`: what the collector has read, file by
 * file (identity, bytes, lines, rejected, time span, when). */
#ifndef ODSTAT_REPORT_INGESTS_H
#define ODSTAT_REPORT_INGESTS_H

#include "dbi.h"
#include <stdio.h>

#include "options.h"

enum status report_ingests(struct dbi *db, const struct report_options *opt, FILE *out);

#endif
