/* snapshots.h - `odstat-report snapshots`: the count snapshots imported
 * (odstat-collect --counts), one row per source and date. */
#ifndef ODSTAT_REPORT_SNAPSHOTS_H
#define ODSTAT_REPORT_SNAPSHOTS_H

#include "dbi.h"
#include <stdio.h>

#include "options.h"

/* source, as_of, datasets, views, downloads (the sums of the snapshot's
 * values), by date then source; a period keeps the dates within it. */
enum status report_snapshots(struct dbi *db, const struct report_options *opt, FILE *out);

#endif
