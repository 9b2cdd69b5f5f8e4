/* status_report.h - `odstat-report status`: what a database holds, at a
 * glance (schema and writer version, sites, days, late and rejected lines,
 * files, catalog, snapshots, robot lists). Named so because status.h is
 * the status code of common/. */
#ifndef ODSTAT_REPORT_STATUS_REPORT_H
#define ODSTAT_REPORT_STATUS_REPORT_H

#include "dbi.h"
#include <stdio.h>

#include "options.h"

enum status report_status(struct dbi *db, const struct report_options *opt, FILE *out);

#endif
