/* top.h - `odstat-report top`: the ranking agencies bring to their
 * advisory meetings (SPEC §5): rank, dataset, catalog dates, name, views,
 * downloads, for a period or cumulative up to its end. */
#ifndef ODSTAT_REPORT_TOP_H
#define ODSTAT_REPORT_TOP_H

#include "dbi.h"
#include <stdio.h>

#include "options.h"

enum status report_top(struct dbi *db, const struct report_options *opt, FILE *out);

/* Fills T (columns as report_top makes them) with the ranking; shared with
 * the meeting pack. */
struct table;
enum status top_fill(struct dbi *db, const struct report_options *opt, struct table **out);

#endif
