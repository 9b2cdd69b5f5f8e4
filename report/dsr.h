/* dsr.h - `odstat-report counter`: the COUNTER Research Data Dataset Report
 * (DSR, release rd1) as JSON, the document the Make Data Count hub takes.
 *
 * Reads daily, daily_country, the catalog (names, publishers, DOIs) and
 * which days hold logs; sends nothing anywhere. The mapping from odstat's
 * counts to COUNTER's metrics is in docs/counter.md.
 */
#ifndef ODSTAT_REPORT_DSR_H
#define ODSTAT_REPORT_DSR_H

#include "dbi.h"
#include <stdio.h>

#include "options.h"

/* Writes the report of OPT's period - whole months only - to OUT: gzipped
 * when OPT->output ends in ".gz" (and then says so, exception 69). Needs
 * --platform. Returns ST_USAGE (message printed) for another period, a
 * missing platform or a format other than json; ST_DB, ST_NOMEM. */
enum status report_counter(struct dbi *db, const struct report_options *opt, FILE *out);

#endif
